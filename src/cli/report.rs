//! What the CLI prints about a file: findings (`--check`, `--explain`,
//! `--json`), each at its line and column, in order, and the terminal
//! sanitizing that keeps garbled text from driving the terminal.

use std::collections::VecDeque;
use std::io::{self, Write};

use mojifix::{Change, DecodedRange, Step};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// How findings are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// `path:line:column: before -> after (why)`, at most N per file.
    Check,
    /// `path:` then an indented line per finding.
    Explain,
    /// One JSON object per finding.
    Json,
}

/// Characters that would be invisible or would drive the terminal.
fn hidden(c: char) -> bool {
    let u = c as u32;
    u < 0x20
        || (0x7F..=0x9F).contains(&u)
        || matches!(
            c,
            '\u{AD}'
                | '\u{61C}'
                | '\u{200B}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FEFF}'
        )
}

/// Text safe to print on one line: control characters, bidirectional
/// overrides and invisible characters (a BOM, a zero-width space) escaped,
/// as fd does for file names.
pub fn sanitize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if hidden(c) {
            push_escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    out
}

fn push_escape(out: &mut String, c: char) {
    use std::fmt::Write as _;
    let _ = write!(out, "\\u{{{:x}}}", c as u32);
}

/// Everything but printable ASCII escaped: for two sides that would look
/// alike (`cafe\u{301} -> caf\u{e9}`).
fn escape_all(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 2);
    for c in s.chars() {
        if (' '..='~').contains(&c) {
            out.push(c);
        } else {
            push_escape(&mut out, c);
        }
    }
    out
}

/// Whether two sides would look the same printed: the same once
/// normalized, with invisible characters dropped and every space alike, or
/// one side with nothing visible.
fn looks_alike(before: &str, after: &str) -> bool {
    let skeleton = |s: &str| -> String {
        s.nfc()
            .filter(|&c| !hidden(c) && !('\u{FE00}'..='\u{FE0F}').contains(&c))
            .map(|c| if c.is_whitespace() { ' ' } else { c })
            .collect()
    };
    let (b, a) = (skeleton(before), skeleton(after));
    b == a || b.trim().is_empty() || a.trim().is_empty()
}

/// Most characters shown of each side of a change.
const SIDE: usize = 60;

/// One side of a change as printed: shortened around an ellipsis, then
/// escaped.
fn side(s: &str, alike: bool) -> String {
    let esc = |x: &str| {
        if alike {
            escape_all(x)
        } else {
            sanitize(x)
        }
    };
    let n = s.chars().count();
    if n <= SIDE {
        return esc(s);
    }
    let keep = SIDE / 2 - 1;
    let head_end = s.char_indices().nth(keep).map_or(s.len(), |(i, _)| i);
    let tail_start = s.char_indices().nth(n - keep).map_or(s.len(), |(i, _)| i);
    format!("{}…{}", esc(&s[..head_end]), esc(&s[tail_start..]))
}

/// A whole-line change (NFC, quotes) narrowed to what differs, widened to
/// its word: (characters skipped at the start, before, after).
fn narrow(before: &str, after: &str) -> (usize, String, String) {
    let b: Vec<char> = before.chars().collect();
    let a: Vec<char> = after.chars().collect();
    let mut p = 0;
    while p < b.len() && p < a.len() && b[p] == a[p] {
        p += 1;
    }
    let mut s = 0;
    while s < b.len() - p && s < a.len() - p && b[b.len() - 1 - s] == a[a.len() - 1 - s] {
        s += 1;
    }
    let word = |c: char| c.is_alphanumeric() || is_combining_mark(c);
    let mut start = p;
    while start > 0 && p - start < 16 && word(b[start - 1]) {
        start -= 1;
    }
    let mut e = 0;
    while e < s && e < 16 && word(b[b.len() - s + e]) {
        e += 1;
    }
    (
        start,
        b[start..b.len() - s + e].iter().collect(),
        a[start..a.len() - s + e].iter().collect(),
    )
}

fn steps(c: &Change) -> String {
    let v: Vec<String> = c.steps.iter().map(|s| s.to_string()).collect();
    let mut s = v.join(", ");
    if c.layers() > 1 {
        s.push_str(&format!("; {} layers", c.layers()));
    }
    s
}

/// `(column, text)` of a change as a finding; `margin`: with the margin
/// by which its repair beat its bar, where it has one (`--explain`).
fn change_text(c: &Change, margin: bool) -> (usize, String) {
    let whole = c
        .steps
        .iter()
        .any(|s| matches!(s, Step::Nfc | Step::UncurledQuotes));
    let (skip, b, a) = if whole {
        narrow(&c.before, &c.after)
    } else {
        (0, c.before.clone(), c.after.clone())
    };
    let alike = looks_alike(&b, &a);
    let why = match c.margin.filter(|_| margin) {
        Some(m) => format!("{}; margin {m}", steps(c)),
        None => steps(c),
    };
    (
        c.column + skip,
        format!("{} -> {} ({why})", side(&b, alike), side(&a, alike)),
    )
}

/// Characters in `b`, counting each broken UTF-8 sequence as one (the
/// U+FFFD it becomes).
fn chars_lossy(b: &[u8]) -> usize {
    b.utf8_chunks()
        .map(|c| c.valid().chars().count() + usize::from(!c.invalid().is_empty()))
        .sum()
}

/// Characters in UTF-8 text, fast: bytes that start a character.
fn chars_in(b: &[u8]) -> usize {
    b.iter().filter(|&&x| (x as i8) >= -0x40).count()
}

/// The last few MiB of raw input, to give the line and column of an input
/// offset (decoded ranges arrive at most the library's look-ahead, 1 MiB,
/// plus a chunk behind the input read).
struct RawWindow {
    buf: Vec<u8>,
    /// Input offset of `buf[0]`.
    start: u64,
    /// A cursor moving forward: its offset, its line, and where that line
    /// starts.
    cur: u64,
    cur_line: usize,
    line_start: u64,
}

const KEEP: usize = 4 << 20;

impl RawWindow {
    fn new() -> RawWindow {
        RawWindow {
            buf: Vec::new(),
            start: 0,
            cur: 0,
            cur_line: 1,
            line_start: 0,
        }
    }

    fn push(&mut self, b: &[u8]) {
        if self.buf.len() + b.len() > 2 * KEEP && self.buf.len() > KEEP {
            let drop = self.buf.len() - KEEP;
            let new_start = self.start + drop as u64;
            self.advance(new_start);
            self.buf.drain(..drop);
            self.start = new_start;
        }
        self.buf.extend_from_slice(b);
    }

    fn advance(&mut self, to: u64) {
        if to <= self.cur {
            return;
        }
        let from = (self.cur.max(self.start) - self.start) as usize;
        let end = ((to - self.start) as usize).min(self.buf.len());
        let seg = &self.buf[from..end];
        let n = memchr::memchr_iter(b'\n', seg).count();
        if n > 0 {
            self.cur_line += n;
            let last = memchr::memrchr(b'\n', seg).expect("counted");
            self.line_start = self.start + (from + last + 1) as u64;
        }
        self.cur = self.start + end as u64;
    }

    /// Line of an offset (offsets asked for never go back).
    fn line_at(&mut self, off: u64) -> usize {
        self.advance(off);
        self.cur_line
    }

    /// Column of an offset on its line, after [`RawWindow::line_at`] (from
    /// the window's start when the line began before it).
    fn column_at(&self, off: u64) -> usize {
        let from = self.line_start.max(self.start);
        1 + self.bytes(from..off).map_or(0, chars_lossy)
    }

    fn bytes(&self, r: std::ops::Range<u64>) -> Option<&[u8]> {
        if r.start < self.start || r.end < r.start {
            return None;
        }
        let s = (r.start - self.start) as usize;
        let e = (r.end - self.start) as usize;
        self.buf.get(s..e)
    }
}

enum Body {
    Text(String),
    Json(serde_json::Value),
}

struct Finding {
    key: (usize, usize, u64),
    body: Body,
}

/// The findings of one file, printed in order of line and column as the
/// lines they are on come out of the fixer; under [`Style::Check`], at most
/// `max` of them, then a count of the rest.
pub struct Findings {
    style: Style,
    name: String,
    json_name: String,
    max: usize,
    color: bool,
    shown: usize,
    total: usize,
    seq: u64,
    /// Found, not yet printed, in order (under `Check`, only those that
    /// can still be among the first `max`).
    pending: Vec<Finding>,
    window: RawWindow,
    /// Output lines complete so far, and characters of the one under way.
    out_lines: usize,
    out_col: usize,
    /// Lines read from a legacy encoding, where a U+FFFD in the output is
    /// a byte that encoding does not define.
    legacy: VecDeque<(usize, usize)>,
    /// Lines read from a legacy encoding, not yet reported: findings from
    /// its first line on wait for it.
    open: Option<OpenRange>,
    header: bool,
}

struct OpenRange {
    range: DecodedRange,
    first: usize,
    last: usize,
}

impl Findings {
    pub fn new(style: Style, name: &str, max: usize, color: bool) -> Findings {
        Findings {
            style,
            name: sanitize(name),
            json_name: name.to_string(),
            max: if style == Style::Check {
                max
            } else {
                usize::MAX
            },
            color,
            shown: 0,
            total: 0,
            seq: 0,
            pending: Vec::new(),
            window: RawWindow::new(),
            out_lines: 0,
            out_col: 0,
            legacy: VecDeque::new(),
            open: None,
            header: false,
        }
    }

    fn add(
        &mut self,
        line: usize,
        col: usize,
        make: impl FnOnce(&Self) -> (String, serde_json::Value),
    ) {
        self.total += 1;
        let key = (line, col, self.seq);
        self.seq += 1;
        let room = self.max.saturating_sub(self.shown);
        if self.pending.len() >= room {
            match self.pending.last() {
                Some(last) if key < last.key => {
                    self.pending.pop();
                }
                _ => return,
            }
        }
        let (text, json) = make(self);
        let body = if self.style == Style::Json {
            Body::Json(json)
        } else {
            Body::Text(text)
        };
        let at = self.pending.partition_point(|f| f.key < key);
        self.pending.insert(at, Finding { key, body });
    }

    /// A byte order mark at the start of `head` that the fixer drops
    /// (`forced`: the encoding named with `--encoding`, if any).
    pub fn bom(&mut self, head: &[u8], forced: Option<&str>) {
        let enc = if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
            "UTF-8"
        } else if head.starts_with(&[0xFF, 0xFE]) {
            "UTF-16LE"
        } else if head.starts_with(&[0xFE, 0xFF]) {
            "UTF-16BE"
        } else {
            return;
        };
        if forced.is_some_and(|f| f != enc) {
            return;
        }
        let what = if enc == "UTF-8" {
            "BOM".to_string()
        } else {
            format!("{enc} BOM")
        };
        self.add(1, 1, |f| {
            (
                format!("\\u{{feff}} removed ({what})"),
                serde_json::json!({"path": f.json_name, "line": 1, "column": 1, "bom_removed": enc}),
            )
        });
    }

    /// One step of the file: raw bytes read, what was decoded and changed,
    /// and the text that came out.
    pub fn feed(
        &mut self,
        raw: &[u8],
        ranges: Vec<DecodedRange>,
        changes: &mut Vec<Change>,
        text: &str,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        self.window.push(raw);
        for r in ranges {
            self.range(r);
        }
        for c in changes.drain(..) {
            let (col, body) = change_text(&c, self.style == Style::Explain);
            self.add(c.line, col, move |f| {
                let layers = c.layers();
                (
                    body,
                    serde_json::json!({"path": f.json_name, "change": c, "layers": layers}),
                )
            });
        }
        self.scan(text);
        self.flush(out, false)
    }

    fn range(&mut self, r: DecodedRange) {
        let (s, e) = (r.range.start as u64, r.range.end as u64);
        if r.encoding.starts_with("UTF-16") {
            self.legacy.push_back((1, usize::MAX));
            self.add(1, 1, |f| {
                (
                    format!("read as {} (the whole file)", r.encoding),
                    serde_json::json!({"path": f.json_name, "line": 1, "decoded": r}),
                )
            });
            return;
        }
        let first = self.window.line_at(s);
        if r.encoding == "UTF-8" {
            // Lines of UTF-8 with characters cut: each broken sequence
            // becomes U+FFFD.
            let mut col = self.window.column_at(s);
            let mut line = first;
            let Some(bytes) = self.window.bytes(s..e).map(<[u8]>::to_vec) else {
                return;
            };
            for seg in bytes.split_inclusive(|&b| b == b'\n') {
                for chunk in seg.utf8_chunks() {
                    col += chunk.valid().chars().count();
                    let bad = chunk.invalid();
                    if !bad.is_empty() {
                        let shown: String = bad.iter().map(|b| format!("\\x{b:02X}")).collect();
                        self.add(line, col, |f| {
                            (
                                format!("{shown} -> \\u{{fffd}} (broken UTF-8: a byte lost or put in)"),
                                serde_json::json!({"path": f.json_name, "line": line, "column": col, "broken_utf8": bad}),
                            )
                        });
                        col += 1;
                    }
                }
                if seg.ends_with(b"\n") {
                    line += 1;
                    col = 1;
                }
            }
            return;
        }
        let last = if e > s {
            self.window.line_at(e - 1)
        } else {
            first
        };
        self.legacy.push_back((first, last));
        // The fixer hands ranges on as it reads: one that goes on where the
        // last ended, in the same encoding (ASCII lines between, which read
        // the same either way), extends it.
        if let Some(o) = &mut self.open {
            let gap = self.window.bytes(o.range.range.end as u64..s);
            if o.range.encoding == r.encoding && gap.is_some_and(|g| g.is_ascii()) {
                o.range.range.end = r.range.end;
                o.last = last;
                return;
            }
        }
        self.close_range();
        self.open = Some(OpenRange {
            range: r,
            first,
            last,
        });
    }

    /// Reports the range of lines read from a legacy encoding under way.
    fn close_range(&mut self) {
        let Some(OpenRange { range, first, last }) = self.open.take() else {
            return;
        };
        let lines = if last > first {
            format!("lines {first}-{last}")
        } else {
            "line".to_string()
        };
        // (Under `--explain`, by how much the encoding beat the best that
        // reads the bytes otherwise.)
        let margin = match range.margin.filter(|_| self.style == Style::Explain) {
            Some(m) => format!(" (margin {m} over the next encoding)"),
            None => String::new(),
        };
        self.add(first, 1, |f| {
            (
                format!("{lines} read as {}{margin}", range.encoding),
                serde_json::json!({"path": f.json_name, "line": first, "decoded": range}),
            )
        });
    }

    /// Follows the output's lines; on lines read from a legacy encoding,
    /// reports each U+FFFD.
    fn scan(&mut self, text: &str) {
        let b = text.as_bytes();
        if self.legacy.is_empty() {
            match memchr::memrchr(b'\n', b) {
                Some(last) => {
                    self.out_lines += memchr::memchr_iter(b'\n', b).count();
                    self.out_col = chars_in(&b[last + 1..]);
                }
                None => self.out_col += chars_in(b),
            }
            return;
        }
        let mut rest = text;
        while !rest.is_empty() {
            let line = self.out_lines + 1;
            while self.legacy.front().is_some_and(|&(_, last)| last < line) {
                self.legacy.pop_front();
            }
            let (seg, ended) = match memchr::memchr(b'\n', rest.as_bytes()) {
                Some(i) => {
                    let seg = &rest[..i];
                    rest = &rest[i + 1..];
                    (seg, true)
                }
                None => (std::mem::take(&mut rest), false),
            };
            if self.legacy.front().is_some_and(|&(first, _)| first <= line)
                && seg.contains('\u{FFFD}')
            {
                let base = self.out_col;
                for (i, ch) in seg.chars().enumerate() {
                    if ch == '\u{FFFD}' {
                        let col = base + i + 1;
                        self.add(line, col, |f| {
                            (
                                "undecodable bytes -> \\u{fffd}".to_string(),
                                serde_json::json!({"path": f.json_name, "line": line, "column": col, "undecodable": true}),
                            )
                        });
                    }
                }
            }
            if ended {
                self.out_lines += 1;
                self.out_col = 0;
            } else {
                self.out_col += chars_in(seg.as_bytes());
            }
        }
    }

    /// Prints the findings whose lines are complete (all, at the end).
    fn flush(&mut self, out: &mut dyn Write, all: bool) -> io::Result<()> {
        let n = if all {
            self.pending.len()
        } else {
            let upto = match &self.open {
                Some(o) => self.out_lines.min(o.first - 1),
                None => self.out_lines,
            };
            self.pending.partition_point(|f| f.key.0 <= upto)
        };
        for f in self.pending.drain(..n) {
            let (line, col, _) = f.key;
            match (self.style, f.body) {
                (Style::Json, Body::Json(v)) => writeln!(out, "{v}")?,
                (Style::Explain, Body::Text(t)) => {
                    if !self.header {
                        writeln!(out, "{}:", self.name)?;
                        self.header = true;
                    }
                    writeln!(out, "  line {line}, column {col}: {t}")?;
                }
                (_, Body::Text(t)) => {
                    if self.color {
                        writeln!(out, "\x1b[35m{}\x1b[0m:{line}:{col}: {t}", self.name)?;
                    } else {
                        writeln!(out, "{}:{line}:{col}: {t}", self.name)?;
                    }
                }
                (_, Body::Json(_)) => unreachable!("JSON bodies only under Style::Json"),
            }
            self.shown += 1;
        }
        Ok(())
    }

    /// Prints what is left, and how many findings were not printed.
    pub fn finish(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.close_range();
        self.flush(out, true)?;
        let more = self.total - self.shown;
        if more > 0 {
            writeln!(out, "{}: … and {more} more", self.name)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrowed_nfc_change_shows_its_word_escaped() {
        let c = Change {
            line: 1,
            column: 1,
            range: 0..0,
            before: "le cafe\u{301} noir".into(),
            after: "le caf\u{e9} noir".into(),
            steps: vec![Step::Nfc],
            margin: None,
        };
        assert_eq!(
            change_text(&c, true),
            (4, "cafe\\u{301} -> caf\\u{e9} (NFC)".to_string())
        );
    }

    #[test]
    fn sides_that_differ_visibly_are_not_escaped() {
        assert!(!looks_alike("cafÃ©", "café"));
        assert!(looks_alike("e\u{301}", "\u{e9}"));
        assert!(looks_alike("\u{feff}", ""));
        assert_eq!(sanitize("a\u{feff}b\x1b"), "a\\u{feff}b\\u{1b}");
        let long = "é".repeat(200);
        assert_eq!(side(&long, false).chars().count(), 2 * (SIDE / 2 - 1) + 1);
    }
}
