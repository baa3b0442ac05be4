//! `mojifix._mojifix`, the compiled half of the `mojifix` Python package.
//!
//! One class, [`Fixer`], holds a configured [`mojifix::Fixer`] and offers
//! the calls the Python package builds on: one text, a batch (a list with
//! `None`s), an Arrow array or stream, bytes, and explanations. Every call
//! that does real work releases the GIL for all of it; a Rust panic comes
//! back as `RuntimeError`, never as the input passed through.

use std::borrow::Cow;
use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Mutex, OnceLock};

use arrow_array::builder::{GenericStringBuilder, StringViewBuilder};
use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, OffsetSizeTrait};
use arrow_schema::DataType;
use mojifix::tidy::{Fix, Form, Html};
use mojifix::{Codepage, Plan, Step};
use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString, PyTuple};
use pyo3_arrow::input::AnyArray;
use pyo3_arrow::{PyArray, PyChunkedArray};
use rayon::prelude::*;

/// A configured fixer. Built by `mojifix` from a `TextFixerConfig`;
/// immutable, and safe to share between threads.
#[pyclass(frozen, module = "mojifix._mojifix")]
struct Fixer {
    inner: mojifix::Fixer,
    /// How `inner` was built: for reading bytes in a named encoding.
    builder: mojifix::FixerBuilder,
    /// Encoding repair only, no normalization: for `is_bad`.
    encoding_only: mojifix::Fixer,
    /// Join UTF-16 surrogates in `str` input (else such text is left as
    /// it is: Rust text cannot hold them).
    surrogates: bool,
}

/// ftfy's plan steps: `(action, parameter)` pairs.
type PlanSteps = Vec<(String, String)>;

/// One row of input, borrowed from its Python object where possible.
enum Row<'a> {
    Null,
    Text(&'a str),
    /// Text that held surrogates, joined: changed whatever the fixer says.
    Joined(String),
    /// Text that held surrogates, left as it is.
    Keep,
}

#[pymethods]
impl Fixer {
    #[new]
    #[pyo3(signature = (
        *,
        fix_encoding = true,
        unescape_html = "off",
        remove_terminal_escapes = false,
        fix_latin_ligatures = false,
        fix_character_width = false,
        uncurl_quotes = false,
        fix_line_breaks = false,
        fix_surrogates = false,
        remove_control_chars = false,
        normalization = Some("NFC"),
    ))]
    #[allow(clippy::too_many_arguments)] // keyword-only, one per ftfy field
    fn new(
        fix_encoding: bool,
        unescape_html: &str,
        remove_terminal_escapes: bool,
        fix_latin_ligatures: bool,
        fix_character_width: bool,
        uncurl_quotes: bool,
        fix_line_breaks: bool,
        fix_surrogates: bool,
        remove_control_chars: bool,
        normalization: Option<&str>,
    ) -> PyResult<Fixer> {
        let html = match unescape_html {
            "off" => Html::Off,
            "auto" => Html::Auto,
            "always" => Html::Always,
            other => {
                return Err(PyValueError::new_err(format!(
                    "unescape_html: expected 'off', 'auto' or 'always', got {other:?}"
                )))
            }
        };
        let form = match normalization {
            None => None,
            Some(name) => Some(Form::from_name(name).ok_or_else(|| {
                PyValueError::new_err(format!(
                    "normalization: expected 'NFC', 'NFD', 'NFKC', 'NFKD' or None, got {name:?}"
                ))
            })?),
        };
        let builder = mojifix::Fixer::builder()
            .repair(fix_encoding)
            .unescape_html(html)
            .remove_terminal_escapes(remove_terminal_escapes)
            .fix_latin_ligatures(fix_latin_ligatures)
            .fix_character_width(fix_character_width)
            .uncurl_quotes(uncurl_quotes)
            .fix_line_breaks(fix_line_breaks)
            .remove_control_chars(remove_control_chars)
            .normalization(form);
        Ok(Fixer {
            inner: builder.clone().build(),
            builder,
            encoding_only: mojifix::Fixer::builder().nfc(false).build(),
            surrogates: fix_surrogates,
        })
    }

    /// Fixes one text; gives back the same object when nothing changes.
    fn fix<'py>(&self, text: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let py = text.py();
        let row = self.row(text, 0)?;
        let fixed = guarded(|| py.detach(|| self.fix_row(&row)))?;
        Ok(match fixed {
            Some(s) => PyString::new(py, &s).into_any(),
            None => text.clone(),
        })
    }

    /// Fixes one text and lists what was done as ftfy's plan steps:
    /// `(text, [(action, parameter), ...])`.
    fn explain<'py>(&self, text: &Bound<'py, PyAny>) -> PyResult<(Bound<'py, PyAny>, PlanSteps)> {
        let py = text.py();
        let row = self.row(text, 0)?;
        let mut steps = Vec::new();
        let s: &str = match &row {
            Row::Null => return Err(PyTypeError::new_err("expected str, got None")),
            Row::Keep => return Ok((text.clone(), steps)),
            Row::Joined(s) => {
                steps.push(("apply".to_string(), "fix_surrogates".to_string()));
                s
            }
            Row::Text(s) => s,
        };
        let e = guarded(|| py.detach(|| self.inner.explain_str(s)))?;
        let mut seen: Vec<Vec<(String, String)>> = Vec::new();
        for change in &e.changes {
            let plan = ftfy_steps(&change.steps);
            if !plan.is_empty() && !seen.contains(&plan) {
                seen.push(plan);
            }
        }
        steps.extend(seen.into_iter().flatten());
        let out = if e.text == s && matches!(row, Row::Text(_)) {
            text.clone()
        } else {
            PyString::new(py, &e.text).into_any()
        };
        Ok((out, steps))
    }

    /// Fixes a sequence of `str` or `None`: a list of the same length,
    /// `None` kept, unchanged rows as the same objects. With
    /// `with_changed`, `(texts, changed)`.
    #[pyo3(signature = (texts, threads = 1, with_changed = false))]
    fn fix_batch<'py>(
        &self,
        texts: &Bound<'py, PyAny>,
        threads: usize,
        with_changed: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = texts.py();
        let objs: Vec<Bound<'py, PyAny>> = texts.try_iter()?.collect::<PyResult<_>>()?;
        let rows: Vec<Row<'_>> = objs
            .iter()
            .enumerate()
            .map(|(i, o)| self.row(o, i))
            .collect::<PyResult<_>>()?;
        let fixed: Vec<Option<String>> =
            guarded(|| py.detach(|| in_pool(threads, || self.fix_rows(&rows))))??;
        // (Lists made at their length: no growing, no bounds to check.)
        let out = objs
            .iter()
            .zip(&rows)
            .zip(&fixed)
            .map(|((obj, row), new)| match (new, row) {
                (Some(s), _) => PyString::new(py, s).into_any(),
                (None, Row::Null) => py.None().into_bound(py),
                (None, _) => obj.clone(),
            });
        let out = PyList::new(py, out)?;
        if with_changed {
            let changed = PyList::new(py, fixed.iter().map(Option::is_some))?;
            Ok(PyTuple::new(py, [out.into_any(), changed.into_any()])?.into_any())
        } else {
            Ok(out.into_any())
        }
    }

    /// Fixes an Arrow string array (`string`, `large_string`,
    /// `string_view`) or a stream of them (a chunked array): the same
    /// type back, nulls kept, as an object with the Arrow PyCapsule
    /// interface. With `with_changed`, also a list of per-row flags.
    #[pyo3(signature = (array, threads = 1, with_changed = false))]
    fn fix_arrow<'py>(
        &self,
        py: Python<'py>,
        array: AnyArray,
        threads: usize,
        with_changed: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let single = matches!(array, AnyArray::Array(_));
        let field = array.field()?;
        let reader = array.into_reader()?;
        let chunks: Vec<ArrayRef> = reader
            .collect::<Result<_, _>>()
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        for c in &chunks {
            check_type(c.data_type())?;
        }
        let (fixed, flags) = guarded(|| {
            py.detach(|| {
                in_pool(threads, || {
                    let mut flags = Vec::new();
                    let fixed: Vec<ArrayRef> = chunks
                        .iter()
                        .map(|c| self.fix_array(c, with_changed.then_some(&mut flags)))
                        .collect();
                    (fixed, flags)
                })
            })
        })??;
        let out = if single {
            let array = fixed.into_iter().next().ok_or_else(|| {
                PyRuntimeError::new_err("mojifix: an Arrow array came back empty-handed")
            })?;
            PyArray::new(array, field).into_pyobject(py)?.into_any()
        } else {
            PyChunkedArray::try_new(fixed, field)?
                .into_pyobject(py)?
                .into_any()
        };
        if with_changed {
            let flags = PyList::new(py, flags)?;
            Ok(PyTuple::new(py, [out, flags.into_any()])?.into_any())
        } else {
            Ok(out)
        }
    }

    /// Decodes bytes in any encoding, or in `encoding` where given (a
    /// WHATWG label or `cp437`/`cp850`), and fixes them.
    #[pyo3(signature = (data, encoding = None))]
    fn fix_bytes(&self, py: Python<'_>, data: &[u8], encoding: Option<&str>) -> PyResult<String> {
        let named = match encoding {
            None => None,
            Some(label) => Some(
                self.builder
                    .clone()
                    .encoding_label(label)
                    .map_err(|e| PyValueError::new_err(format!("encoding: {e}")))?
                    .build(),
            ),
        };
        let fixer = named.as_ref().unwrap_or(&self.inner);
        guarded(|| py.detach(|| fixer.fix_bytes(data).into_owned()))
    }

    /// Whether the text holds mojibake that the fixer repairs.
    fn is_bad(&self, py: Python<'_>, text: &str) -> PyResult<bool> {
        guarded(|| py.detach(|| self.encoding_only.fix_str(text) != text))
    }
}

impl Fixer {
    /// Reads one Python object as a row.
    fn row<'a>(&self, obj: &'a Bound<'_, PyAny>, index: usize) -> PyResult<Row<'a>> {
        if obj.is_none() {
            return Ok(Row::Null);
        }
        let s = obj.cast::<PyString>().map_err(|_| {
            let ty = obj
                .get_type()
                .name()
                .map(|n| n.to_string())
                .unwrap_or_else(|_| "?".into());
            PyTypeError::new_err(format!("row {index}: expected str or None, got {ty}"))
        })?;
        match s.to_str() {
            Ok(t) => Ok(Row::Text(t)),
            Err(_) if self.surrogates => {
                let bytes = s.call_method1("encode", ("utf-8", "surrogatepass"))?;
                let bytes: &[u8] = bytes.extract()?;
                Ok(Row::Joined(
                    mojifix::tidy::join_surrogates(bytes).into_owned(),
                ))
            }
            Err(_) => Ok(Row::Keep),
        }
    }

    /// The fixed text of a row; `None` when it stays as it was.
    fn fix_row(&self, row: &Row<'_>) -> Option<String> {
        match row {
            Row::Null | Row::Keep => None,
            Row::Text(s) => match self.inner.fix_str(s) {
                Cow::Borrowed(_) => None,
                Cow::Owned(o) => Some(o),
            },
            Row::Joined(s) => Some(self.inner.fix_str(s).into_owned()),
        }
    }

    fn fix_rows(&self, rows: &[Row<'_>]) -> Vec<Option<String>> {
        if rayon::current_thread_index().is_some() {
            rows.par_iter()
                .with_min_len(64)
                .map(|r| self.fix_row(r))
                .collect()
        } else {
            rows.iter().map(|r| self.fix_row(r)).collect()
        }
    }

    /// One Arrow chunk fixed; the chunk itself when nothing changes.
    fn fix_array(&self, array: &ArrayRef, flags: Option<&mut Vec<bool>>) -> ArrayRef {
        match array.data_type() {
            DataType::Utf8 => self.fix_offsets::<i32>(array, flags),
            DataType::LargeUtf8 => self.fix_offsets::<i64>(array, flags),
            DataType::Null => {
                if let Some(flags) = flags {
                    flags.extend(std::iter::repeat_n(false, array.len()));
                }
                array.clone()
            }
            _ => self.fix_view(array, flags),
        }
    }

    fn fixed_values(&self, values: &[Option<&str>]) -> Vec<Option<String>> {
        let one = |v: &Option<&str>| match v {
            Some(s) => match self.inner.fix_str(s) {
                Cow::Borrowed(_) => None,
                Cow::Owned(o) => Some(o),
            },
            None => None,
        };
        if rayon::current_thread_index().is_some() {
            values.par_iter().with_min_len(64).map(one).collect()
        } else {
            values.iter().map(one).collect()
        }
    }

    fn fix_offsets<O: OffsetSizeTrait>(
        &self,
        array: &ArrayRef,
        flags: Option<&mut Vec<bool>>,
    ) -> ArrayRef {
        let a = array.as_string::<O>();
        let values: Vec<Option<&str>> = a.iter().collect();
        let fixed = self.fixed_values(&values);
        if let Some(flags) = flags {
            flags.extend(fixed.iter().map(Option::is_some));
        }
        if fixed.iter().all(Option::is_none) {
            return array.clone();
        }
        let bytes = a.values().len() + fixed.iter().flatten().map(String::len).sum::<usize>();
        let mut b = GenericStringBuilder::<O>::with_capacity(a.len(), bytes);
        for (v, f) in values.iter().zip(&fixed) {
            match (v, f) {
                (None, _) => b.append_null(),
                (_, Some(f)) => b.append_value(f),
                (Some(v), None) => b.append_value(v),
            }
        }
        Arc::new(b.finish())
    }

    fn fix_view(&self, array: &ArrayRef, flags: Option<&mut Vec<bool>>) -> ArrayRef {
        let a = array.as_string_view();
        let values: Vec<Option<&str>> = a.iter().collect();
        let fixed = self.fixed_values(&values);
        if let Some(flags) = flags {
            flags.extend(fixed.iter().map(Option::is_some));
        }
        if fixed.iter().all(Option::is_none) {
            return array.clone();
        }
        let mut b = StringViewBuilder::with_capacity(a.len());
        for (v, f) in values.iter().zip(&fixed) {
            match (v, f) {
                (None, _) => b.append_null(),
                (_, Some(f)) => b.append_value(f),
                (Some(v), None) => b.append_value(v),
            }
        }
        Arc::new(b.finish())
    }
}

fn check_type(t: &DataType) -> PyResult<()> {
    match t {
        // A column of nulls only (Ray infers `null` for a block of Nones).
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Null => Ok(()),
        other => Err(PyTypeError::new_err(format!(
            "fix_arrow: expected an Arrow string, large_string or string_view array, got {other}"
        ))),
    }
}

/// ftfy's plan steps for one change's steps.
fn ftfy_steps(steps: &[Step]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut push = |a: &str, p: &str| out.push((a.to_string(), p.to_string()));
    for step in steps {
        match step {
            Step::Reversed { codepage } => {
                push("encode", &codec_name(*codepage));
                push("decode", "utf-8");
            }
            Step::RestoredNbsp { .. } => push("transcode", "restore_byte_a0"),
            Step::C1Control | Step::C1ControlAs { .. } => push("apply", "fix_c1_controls"),
            Step::LostByte => push("transcode", "replace_lossy_sequences"),
            Step::Nfc => push("normalize", "NFC"),
            Step::UncurledQuotes => push("apply", "uncurl_quotes"),
            Step::LineEnding => push("apply", "fix_line_breaks"),
            Step::Tidied { fix } => match fix {
                Fix::Nfd | Fix::Nfkc | Fix::Nfkd => push("normalize", fix.name()),
                _ => push("apply", fix.name()),
            },
            _ => {}
        }
    }
    out
}

/// ftfy's name for a codepage where it has one (`sloppy-windows-1252`).
fn codec_name(c: Codepage) -> String {
    let name = c.name();
    if name.starts_with("windows-125") {
        format!("sloppy-{name}")
    } else {
        name.to_string()
    }
}

fn codepage_of(name: &str) -> Option<Codepage> {
    let n = name.to_ascii_lowercase().replace('_', "-");
    let n = n.strip_prefix("sloppy-").unwrap_or(&n);
    let n = match n {
        "latin-1" | "latin1" | "iso-8859-1" | "cp1252" => "windows-1252",
        "macroman" | "mac-roman" => "mac_roman",
        other => other,
    };
    Codepage::for_name(n).or_else(|| Codepage::for_name(&n.replace('-', "_")))
}

/// Replays ftfy-style plan steps on `text` (see the package's
/// `apply_plan`).
#[pyfunction]
fn apply_plan(py: Python<'_>, text: &str, plan: Vec<(String, String)>) -> PyResult<String> {
    let mut steps: Vec<Step> = Vec::new();
    let mut it = plan.iter().peekable();
    while let Some((action, param)) = it.next() {
        let step = match (action.as_str(), param.as_str()) {
            ("encode", enc) => {
                let cp = codepage_of(enc).ok_or_else(|| {
                    PyValueError::new_err(format!("apply_plan: unknown encoding {enc:?}"))
                })?;
                match it.next() {
                    Some((a, p))
                        if a == "decode" && p.replace('-', "").eq_ignore_ascii_case("utf8") => {}
                    _ => {
                        return Err(PyValueError::new_err(format!(
                        "apply_plan: ('encode', {enc:?}) must be followed by ('decode', 'utf-8')"
                    )))
                    }
                }
                Step::Reversed { codepage: cp }
            }
            ("transcode", "restore_byte_a0" | "replace_lossy_sequences") => continue,
            ("transcode" | "apply", "fix_c1_controls") => Step::C1Control,
            ("apply", "uncurl_quotes") => Step::UncurledQuotes,
            ("normalize", "NFC") => Step::Nfc,
            ("normalize" | "apply" | "transcode", name) => match Fix::from_name(name) {
                Some(fix) => Step::Tidied { fix },
                None => {
                    return Err(PyValueError::new_err(format!(
                        "apply_plan: unknown function to apply: {name:?}"
                    )))
                }
            },
            (other, _) => {
                return Err(PyValueError::new_err(format!(
                    "apply_plan: unknown plan step: {other:?}"
                )))
            }
        };
        steps.push(step);
    }
    guarded(|| {
        py.detach(|| {
            let plan = Plan { steps };
            // The whole text, as ftfy does; where it does not reverse as a
            // whole (mojifix repairs runs, not texts), line by line, each
            // line that does not reverse kept as it is.
            plan.apply(text).unwrap_or_else(|| {
                text.split_inclusive('\n')
                    .map(|l| plan.apply(l).unwrap_or_else(|| by_word(&plan, l)))
                    .collect()
            })
        })
    })
}

/// `plan` applied to each space-separated word of `line` that it reverses,
/// the others kept as they are.
fn by_word(plan: &Plan, line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while !rest.is_empty() {
        let word_end = rest.find([' ', '\t', '\n', '\r']).unwrap_or(rest.len());
        let (word, tail) = rest.split_at(word_end);
        out.push_str(&plan.apply(word).unwrap_or_else(|| word.to_string()));
        let space_end = tail
            .find(|c: char| !matches!(c, ' ' | '\t' | '\n' | '\r'))
            .unwrap_or(tail.len());
        out.push_str(&tail[..space_end]);
        rest = &tail[space_end..];
    }
    out
}

/// Decodes bytes in an unknown encoding: `(text, encoding)`, the encoding
/// as mojifix read it (`UTF-8`, `windows-1252`, `Shift_JIS`, …, or
/// `mixed` for UTF-8 with legacy stretches).
#[pyfunction]
fn guess_bytes(py: Python<'_>, data: &[u8]) -> PyResult<(String, String)> {
    guarded(|| {
        py.detach(|| {
            let e = mojifix::Fixer::builder()
                .nfc(false)
                .build()
                .explain_bytes(data);
            let enc = match (&e.encoding, e.decoded.is_empty()) {
                (Some(enc), true) => enc.clone(),
                (Some(enc), false) if enc != "UTF-8" => enc.clone(),
                (_, false) => "mixed".to_string(),
                (None, true) => "UTF-8".to_string(),
            };
            (e.text, enc)
        })
    })
}

/// Panics on purpose, through the same guard as every call: for the test
/// that a panic becomes an exception.
#[pyfunction]
fn _panic_for_test(py: Python<'_>, threads: usize) -> PyResult<()> {
    guarded(|| py.detach(|| in_pool(threads, || -> () { panic!("deliberate test panic") })))?
}

/// Runs `f`, turning a panic into `RuntimeError`.
fn guarded<T>(f: impl FnOnce() -> T) -> PyResult<T> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        let msg = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        PyRuntimeError::new_err(format!("mojifix: internal error (a Rust panic): {msg}"))
    })
}

/// Runs `f` on a rayon pool of `threads` threads (kept for reuse), or on
/// this thread when `threads` is 1.
fn in_pool<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> PyResult<T> {
    if threads == 0 {
        return Err(PyValueError::new_err("threads: expected at least 1"));
    }
    if threads == 1 {
        return Ok(f());
    }
    static POOLS: OnceLock<Mutex<HashMap<usize, Arc<rayon::ThreadPool>>>> = OnceLock::new();
    let pool = {
        let mut pools = POOLS
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        match pools.get(&threads) {
            Some(p) => p.clone(),
            None => {
                let p = rayon::ThreadPoolBuilder::new()
                    .num_threads(threads)
                    .thread_name(|i| format!("mojifix-{i}"))
                    .build()
                    .map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
                let p = Arc::new(p);
                pools.insert(threads, p.clone());
                p
            }
        }
    };
    Ok(pool.install(f))
}

#[pymodule]
fn _mojifix(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Fixer>()?;
    m.add_function(wrap_pyfunction!(apply_plan, m)?)?;
    m.add_function(wrap_pyfunction!(guess_bytes, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_for_test, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
