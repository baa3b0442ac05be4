//! Opt-in tidying that is not mojibake repair: HTML entities, terminal
//! escapes, Latin ligatures, full-width characters, line breaks, control
//! characters, UTF-16 surrogates and the other Unicode normalization forms.
//!
//! These are ftfy's "fixers" beside its encoding repair, with ftfy 6.3's
//! behaviour, so that the library, the CLI and the Python package share one
//! implementation. A [`Fixer`](crate::Fixer) applies them (all off by
//! default) through [`FixerBuilder`](crate::FixerBuilder)'s methods, after
//! the repair of each line; each is also a function of this module.
//!
//! What they guarantee:
//!
//! - Every function borrows its input when it changes nothing, and finds
//!   out with one scan before it allocates.
//! - Each is idempotent: applied twice, it changes nothing the second time
//!   ([`unescape_html`] is too on the text it makes, except where an
//!   entity decodes to the start of another, as `&amp;lt;`, which it
//!   leaves as `&lt;`: one layer at a time, as ftfy does).
//! - None of them is a judgement: they change what they are asked to change,
//!   wherever it is. That is why they are off unless asked for: a ligature,
//!   a full-width letter or an `&amp;` can be meant.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

mod entities;
pub(crate) mod scan;

use scan::Triggers;

/// Most layers of HTML escaping a fixer undoes (`&amp;amp;lt;` is three).
const MAX_HTML_LAYERS: usize = 8;

/// When to decode HTML character references (`&eacute;`, `&#233;`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Html {
    /// Never (the default).
    #[default]
    Off,
    /// As ftfy's `"auto"`: decode them until a line with a `<` shows that
    /// the document is HTML, whose entities are meant; from that line on,
    /// leave them.
    Auto,
    /// Always.
    Always,
}

/// A Unicode normalization form to apply last (NFC is the engine's own
/// step; see [`FixerBuilder::normalization`](crate::FixerBuilder::normalization)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Form {
    /// Canonical composition (the default).
    Nfc,
    /// Canonical decomposition.
    Nfd,
    /// Compatibility composition: also folds widths, ligatures, super- and
    /// subscripts (`10³` becomes `103`).
    Nfkc,
    /// Compatibility decomposition.
    Nfkd,
}

impl Form {
    /// The form named `NFC`, `NFD`, `NFKC` or `NFKD` (any case).
    pub fn from_name(name: &str) -> Option<Form> {
        match name.to_ascii_uppercase().as_str() {
            "NFC" => Some(Form::Nfc),
            "NFD" => Some(Form::Nfd),
            "NFKC" => Some(Form::Nfkc),
            "NFKD" => Some(Form::Nfkd),
            _ => None,
        }
    }

    /// `NFC`, `NFD`, `NFKC` or `NFKD`.
    pub fn name(self) -> &'static str {
        match self {
            Form::Nfc => "NFC",
            Form::Nfd => "NFD",
            Form::Nfkc => "NFKC",
            Form::Nfkd => "NFKD",
        }
    }
}

/// One of the tidying steps, as named in explanations and plans.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Fix {
    /// [`unescape_html`].
    UnescapeHtml,
    /// [`remove_terminal_escapes`].
    RemoveTerminalEscapes,
    /// [`fix_latin_ligatures`].
    FixLatinLigatures,
    /// [`fix_character_width`].
    FixCharacterWidth,
    /// [`fix_line_breaks`].
    FixLineBreaks,
    /// [`remove_control_chars`].
    RemoveControlChars,
    /// NFD.
    Nfd,
    /// NFKC.
    Nfkc,
    /// NFKD.
    Nfkd,
}

impl Fix {
    /// ftfy's name for the step (`unescape_html`, …; `NFKC` for a form).
    pub fn name(self) -> &'static str {
        match self {
            Fix::UnescapeHtml => "unescape_html",
            Fix::RemoveTerminalEscapes => "remove_terminal_escapes",
            Fix::FixLatinLigatures => "fix_latin_ligatures",
            Fix::FixCharacterWidth => "fix_character_width",
            Fix::FixLineBreaks => "fix_line_breaks",
            Fix::RemoveControlChars => "remove_control_chars",
            Fix::Nfd => "NFD",
            Fix::Nfkc => "NFKC",
            Fix::Nfkd => "NFKD",
        }
    }

    /// The step named by [`Fix::name`].
    pub fn from_name(name: &str) -> Option<Fix> {
        Some(match name {
            "unescape_html" => Fix::UnescapeHtml,
            "remove_terminal_escapes" => Fix::RemoveTerminalEscapes,
            "fix_latin_ligatures" => Fix::FixLatinLigatures,
            "fix_character_width" => Fix::FixCharacterWidth,
            "fix_line_breaks" => Fix::FixLineBreaks,
            "remove_control_chars" => Fix::RemoveControlChars,
            "NFD" => Fix::Nfd,
            "NFKC" => Fix::Nfkc,
            "NFKD" => Fix::Nfkd,
            _ => return None,
        })
    }

    /// Applies this step to `text`.
    pub fn apply(self, text: &str) -> Cow<'_, str> {
        match self {
            Fix::UnescapeHtml => unescape_html(text),
            Fix::RemoveTerminalEscapes => remove_terminal_escapes(text),
            Fix::FixLatinLigatures => fix_latin_ligatures(text),
            Fix::FixCharacterWidth => fix_character_width(text),
            Fix::FixLineBreaks => fix_line_breaks(text),
            Fix::RemoveControlChars => remove_control_chars(text),
            Fix::Nfd => normalize(text, Form::Nfd),
            Fix::Nfkc => normalize(text, Form::Nfkc),
            Fix::Nfkd => normalize(text, Form::Nfkd),
        }
    }
}

/// Which tidying steps a [`Fixer`](crate::Fixer) runs after its repair.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Tidy {
    pub(crate) html: Html,
    pub(crate) terminal_escapes: bool,
    pub(crate) ligatures: bool,
    pub(crate) width: bool,
    pub(crate) line_breaks: bool,
    pub(crate) control_chars: bool,
    /// A form other than NFC to end with.
    pub(crate) form: Option<Form>,
}

impl Tidy {
    /// Whether any step is on.
    pub(crate) fn any(&self) -> bool {
        *self != Tidy::default()
    }

    /// The steps [`Tidy::run`] runs, with `html` as it is told, as the
    /// scan's bits.
    pub(crate) fn steps(&self, html: bool) -> scan::Steps {
        let mut on = 0;
        for (yes, step) in [
            (html, scan::HTML),
            (self.terminal_escapes, scan::ESCAPES),
            (self.ligatures, scan::LIGATURES),
            (self.width, scan::WIDTH),
            (self.line_breaks, scan::LINE_BREAKS),
            (self.control_chars, scan::CONTROLS),
        ] {
            if yes {
                on |= step;
            }
        }
        on
    }

    /// The scan for the steps [`Tidy::run`] may run (HTML entities
    /// whenever they may be decoded) and `also`, more of the scan's steps
    /// (the fixer's quotes): where it finds nothing, none of them changes
    /// the text.
    pub(crate) fn triggers(&self, also: scan::Steps) -> Triggers {
        Triggers::new(self.steps(self.html != Html::Off) | also)
    }

    /// Whether the form to end with (other than NFC) could change `text`.
    pub(crate) fn form_may_change(&self, text: &str) -> bool {
        use unicode_normalization::IsNormalized::Yes;
        let Some(form) = self.form else {
            return false;
        };
        let quick = match form {
            Form::Nfc => unicode_normalization::is_nfc_quick(text.chars()),
            Form::Nfd => unicode_normalization::is_nfd_quick(text.chars()),
            Form::Nfkc => unicode_normalization::is_nfkc_quick(text.chars()),
            Form::Nfkd => unicode_normalization::is_nfkd_quick(text.chars()),
        };
        quick != Yes
    }

    /// Runs the steps in ftfy's order on `text` (HTML entities only when
    /// `html`), and calls `changed` with each step that changed something
    /// and the text it made. The form is left to the caller. `found`: the
    /// steps a scan of `text` for these steps or more (a [`Triggers`] of a
    /// superset) found, when the caller has made one (else it is made
    /// here).
    pub(crate) fn run<'a>(
        &self,
        text: &'a str,
        html: bool,
        found: Option<scan::Steps>,
        mut changed: impl FnMut(Fix, &str),
    ) -> Cow<'a, str> {
        let triggers = Triggers::new(self.steps(html));
        // The steps that could change the text: none, for most lines. (A
        // step is left out only where it would change nothing; after a
        // change, they are looked for again in what it made.) A scan for
        // more steps finds these where this one would: a step's trigger
        // is found by any scan that asks for the step.
        let mut todo = match found {
            Some(found) => found & self.steps(html),
            None => triggers.steps(text),
        };
        let mut cur = Cow::Borrowed(text);
        let steps = [
            (scan::HTML, Fix::UnescapeHtml),
            (scan::LIGATURES, Fix::FixLatinLigatures),
            (scan::WIDTH, Fix::FixCharacterWidth),
            (scan::LINE_BREAKS, Fix::FixLineBreaks),
            (scan::ESCAPES, Fix::RemoveTerminalEscapes),
            (scan::CONTROLS, Fix::RemoveControlChars),
        ];
        for (bit, fix) in steps {
            if todo & bit == 0 {
                continue;
            }
            if let Cow::Owned(mut s) = fix.apply(&cur) {
                // `&amp;amp;` is an `&` escaped twice: decode until nothing
                // is left to decode, as ftfy's loop does.
                if fix == Fix::UnescapeHtml {
                    for _ in 0..MAX_HTML_LAYERS {
                        match unescape_html(&s) {
                            Cow::Owned(t) => s = t,
                            Cow::Borrowed(_) => break,
                        }
                    }
                }
                changed(fix, &s);
                todo = triggers.steps(&s);
                cur = Cow::Owned(s);
            }
        }
        cur
    }
}

/// Decodes HTML character references that end in a semicolon, as ftfy does:
/// the HTML5 named references (`&eacute;`, `&checkmark;`), all-caps
/// spellings of lowercase ones (`P&EACUTE;REZ`), and numeric ones
/// (`&#233;`, `&#xE9;`, with HTML5's windows-1252 reading of `&#128;` to
/// `&#159;`). References without a semicolon (`this&not that`) stay.
///
/// ```
/// use mojifix::tidy::unescape_html;
/// assert_eq!(unescape_html("P&eacute;rez &amp; P&EACUTE;REZ"), "Pérez & PÉREZ");
/// assert_eq!(unescape_html("&#x2019; &#8364; &#128;"), "’ € €");
/// assert_eq!(unescape_html("this&not that, &nTILDE;"), "this&not that, &nTILDE;");
/// ```
pub fn unescape_html(text: &str) -> Cow<'_, str> {
    let b = text.as_bytes();
    let mut out: Option<String> = None;
    let mut last = 0;
    let mut from = 0;
    while let Some(p) = memchr::memchr(b'&', &b[from..]).map(|p| p + from) {
        from = p + 1;
        // `&#?[0-9A-Za-z]{1,24};`
        let body_start = if b.get(p + 1) == Some(&b'#') {
            p + 2
        } else {
            p + 1
        };
        let len = b[body_start..]
            .iter()
            .take(25)
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        if len == 0 || len > 24 || b.get(body_start + len) != Some(&b';') {
            continue;
        }
        let body = &text[body_start..body_start + len];
        let end = body_start + len + 1;
        let numeric = body_start == p + 2;
        let replacement: Option<Cow<'static, str>> = if numeric {
            numeric_reference(body).map(Cow::Owned)
        } else {
            entities::ENTITIES
                .binary_search_by(|(name, _)| (*name).cmp(body))
                .ok()
                .map(|i| Cow::Borrowed(entities::ENTITIES[i].1))
        };
        if let Some(r) = replacement {
            let o = out.get_or_insert_with(|| String::with_capacity(text.len()));
            o.push_str(&text[last..p]);
            o.push_str(&r);
            last = end;
            from = end;
        }
    }
    finished(text, out, last)
}

/// What `&#body;` stands for, as Python's `html.unescape` reads it; `None`
/// when the body is not all decimal digits or `x` and hex digits.
fn numeric_reference(body: &str) -> Option<String> {
    let (digits, radix) = match body.strip_prefix(['x', 'X']) {
        Some(hex) => (hex, 16),
        None => (body, 10),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    // Anything too big for a u32 is past U+10FFFF anyway.
    let n = u32::from_str_radix(digits, radix).unwrap_or(u32::MAX);
    let s = match n {
        0 => "\u{FFFD}".to_string(),
        0x0D => "\r".to_string(),
        0x80..=0x9F => crate::repair::c1_as_windows_1252(char::from_u32(n)?).to_string(),
        0xD800..=0xDFFF | 0x11_0000.. => "\u{FFFD}".to_string(),
        0x01..=0x08 | 0x0B | 0x0E..=0x1F | 0x7F | 0xFDD0..=0xFDEF => String::new(),
        _ if n & 0xFFFE == 0xFFFE => String::new(),
        _ => char::from_u32(n)?.to_string(),
    };
    Some(s)
}

/// Removes ANSI terminal escapes (`ESC [ digits-and-semicolons letter`),
/// such as colours.
///
/// ```
/// use mojifix::tidy::remove_terminal_escapes;
/// assert_eq!(remove_terminal_escapes("\x1b[36;44mblue\x1b[0m"), "blue");
/// ```
pub fn remove_terminal_escapes(text: &str) -> Cow<'_, str> {
    let b = text.as_bytes();
    let Some(first) = memchr::memchr(0x1B, b) else {
        return Cow::Borrowed(text);
    };
    let mut out: Option<String> = None;
    let mut last = 0;
    let mut p = first;
    while p < b.len() {
        if b[p] == 0x1B && b.get(p + 1) == Some(&b'[') {
            let n = b[p + 2..]
                .iter()
                .take_while(|c| c.is_ascii_digit() || **c == b';')
                .count();
            if b.get(p + 2 + n).is_some_and(u8::is_ascii_alphabetic) {
                let o = out.get_or_insert_with(|| String::with_capacity(text.len()));
                o.push_str(&text[last..p]);
                last = p + 3 + n;
                p = last;
                continue;
            }
        }
        p = match memchr::memchr(0x1B, &b[p + 1..]) {
            Some(q) => p + 1 + q,
            None => b.len(),
        };
    }
    finished(text, out, last)
}

/// The letters a Latin ligature stands for (`ﬁ` → `fi`, Dutch `ĳ` → `ij`,
/// the Serbo-Croatian digraphs `ǆ`, `ǉ`, `ǌ`, `ǳ`); `None` for any other
/// character. Ligatures of other scripts are left alone.
fn ligature(c: char) -> Option<&'static str> {
    Some(match c {
        'Ĳ' => "IJ",
        'ĳ' => "ij",
        'ŉ' => "ʼn",
        'Ǳ' => "DZ",
        'ǲ' => "Dz",
        'ǳ' => "dz",
        'Ǆ' => "DŽ",
        'ǅ' => "Dž",
        'ǆ' => "dž",
        'Ǉ' => "LJ",
        'ǈ' => "Lj",
        'ǉ' => "lj",
        'Ǌ' => "NJ",
        'ǋ' => "Nj",
        'ǌ' => "nj",
        'ﬀ' => "ff",
        'ﬁ' => "fi",
        'ﬂ' => "fl",
        'ﬃ' => "ffi",
        'ﬄ' => "ffl",
        'ﬅ' => "ſt",
        'ﬆ' => "st",
        _ => return None,
    })
}

/// Replaces Latin ligatures with the letters they join (`ﬂuﬃeﬆ` →
/// `fluffiest`, `ĳ` → `ij`).
///
/// ```
/// assert_eq!(mojifix::tidy::fix_latin_ligatures("ﬂuﬃeﬆ"), "fluffiest");
/// ```
pub fn fix_latin_ligatures(text: &str) -> Cow<'_, str> {
    map_chars(text, scan::LIGATURES, |c| ligature(c).map(Cow::Borrowed))
}

/// Replaces full-width ASCII and half-width katakana and Hangul with their
/// ordinary forms, and the ideographic space U+3000 with a space.
///
/// ```
/// use mojifix::tidy::fix_character_width;
/// assert_eq!(fix_character_width("ＬＯＵＤ　ＮＯＩＳＥＳ"), "LOUD NOISES");
/// assert_eq!(fix_character_width("Ｕﾀｰﾝ"), "Uターン");
/// ```
pub fn fix_character_width(text: &str) -> Cow<'_, str> {
    map_chars(text, scan::WIDTH, |c| match c {
        '\u{3000}' => Some(Cow::Borrowed(" ")),
        '\u{FF01}'..='\u{FFEF}' => {
            let n: String = std::iter::once(c).nfkc().collect();
            (n.chars().ne(std::iter::once(c))).then_some(Cow::Owned(n))
        }
        _ => None,
    })
}

/// Makes every line break `\n`: CRLF, CR, U+2028, U+2029 and NEL (U+0085).
///
/// ```
/// use mojifix::tidy::fix_line_breaks;
/// assert_eq!(fix_line_breaks("a\r\nb\rc\u{2028}d\u{85}e"), "a\nb\nc\nd\ne");
/// ```
pub fn fix_line_breaks(text: &str) -> Cow<'_, str> {
    let b = text.as_bytes();
    let mut out: Option<String> = None;
    let mut last = 0;
    for p in Triggers::new(scan::LINE_BREAKS).positions(text) {
        if p < last {
            // (The `\n` of a CRLF.)
            continue;
        }
        let end = match b[p] {
            b'\r' if b.get(p + 1) == Some(&b'\n') => p + 2,
            b'\r' => p + 1,
            // U+0085; U+2028, U+2029.
            0xC2 => p + 2,
            _ => p + 3,
        };
        let o = out.get_or_insert_with(|| String::with_capacity(text.len()));
        o.push_str(&text[last..p]);
        o.push('\n');
        last = end;
    }
    finished(text, out, last)
}

/// Whether [`remove_control_chars`] removes `c`: the oracle of the scan
/// that finds them (see [`Triggers`]).
#[cfg(test)]
fn is_unwanted_control(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{B}' | '\u{E}'..='\u{1F}' | '\u{7F}'
        | '\u{206A}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFC}')
}

/// Removes control characters that show nothing: C0 controls other than
/// tab, line feed, form feed and carriage return, DEL, the deprecated Arabic
/// format controls U+206A-U+206F, the byte order mark U+FEFF, interlinear
/// annotation marks and the object replacement character (U+FFF9-U+FFFC).
/// C1 controls stay (the repair reads them); so do joiners, direction
/// marks and tag characters.
///
/// ```
/// use mojifix::tidy::remove_control_chars;
/// assert_eq!(remove_control_chars("\u{feff}a\u{0}b\tc\u{200d}"), "ab\tc\u{200d}");
/// ```
pub fn remove_control_chars(text: &str) -> Cow<'_, str> {
    map_chars(text, scan::CONTROLS, |_| Some(Cow::Borrowed("")))
}

/// `text` in normalization form `form`; borrowed when it is already.
///
/// ```
/// use mojifix::tidy::{normalize, Form};
/// assert_eq!(normalize("ﬁ 10³", Form::Nfkc), "fi 103");
/// assert_eq!(normalize("é", Form::Nfd), "e\u{301}");
/// ```
pub fn normalize(text: &str, form: Form) -> Cow<'_, str> {
    use unicode_normalization::IsNormalized::Yes;
    use unicode_normalization::{is_nfc_quick, is_nfd_quick, is_nfkc_quick, is_nfkd_quick};
    let quick = match form {
        Form::Nfc => is_nfc_quick(text.chars()),
        Form::Nfd => is_nfd_quick(text.chars()),
        Form::Nfkc => is_nfkc_quick(text.chars()),
        Form::Nfkd => is_nfkd_quick(text.chars()),
    };
    if quick == Yes {
        return Cow::Borrowed(text);
    }
    let n: String = match form {
        Form::Nfc => text.nfc().collect(),
        Form::Nfd => text.nfd().collect(),
        Form::Nfkc => text.nfkc().collect(),
        Form::Nfkd => text.nfkd().collect(),
    };
    if n == text {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(n)
    }
}

/// Reads bytes that are UTF-8 except that UTF-16 surrogates are encoded in
/// them one by one (CESU-8, or the WTF-8 of a string that held surrogates,
/// such as Python's `str.encode("utf-8", "surrogatepass")`): a high and a
/// low surrogate in a row become the character they encode, a lone one
/// becomes U+FFFD, and any other invalid byte sequence becomes U+FFFD too.
/// Borrows valid UTF-8.
///
/// ```
/// use mojifix::tidy::join_surrogates;
/// // U+1F600 as the surrogates D83D DE00, each in three bytes.
/// assert_eq!(join_surrogates(b"hi \xED\xA0\xBD\xED\xB8\x80"), "hi \u{1F600}");
/// assert_eq!(join_surrogates(b"lone \xED\xB8\x80"), "lone \u{FFFD}");
/// ```
pub fn join_surrogates(bytes: &[u8]) -> Cow<'_, str> {
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Cow::Borrowed(s);
    }
    let surrogate = |b: &[u8]| -> Option<u16> {
        match b {
            [0xED, b1 @ 0xA0..=0xBF, b2 @ 0x80..=0xBF, ..] => {
                Some(0xD000 | (u16::from(b1 & 0x3F) << 6) | u16::from(b2 & 0x3F))
            }
            _ => None,
        }
    };
    let mut out = String::with_capacity(bytes.len());
    let mut rest = bytes;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.push_str(s);
                break;
            }
            Err(e) => {
                let (good, bad) = rest.split_at(e.valid_up_to());
                out.push_str(std::str::from_utf8(good).unwrap_or_default());
                match surrogate(bad) {
                    Some(hi @ 0xD800..=0xDBFF) => match surrogate(&bad[3..]) {
                        Some(lo @ 0xDC00..=0xDFFF) => {
                            let c = 0x10000
                                + ((u32::from(hi) - 0xD800) << 10)
                                + (u32::from(lo) - 0xDC00);
                            out.push(char::from_u32(c).unwrap_or('\u{FFFD}'));
                            rest = &bad[6..];
                        }
                        _ => {
                            out.push('\u{FFFD}');
                            rest = &bad[3..];
                        }
                    },
                    Some(_) => {
                        out.push('\u{FFFD}');
                        rest = &bad[3..];
                    }
                    None => {
                        out.push('\u{FFFD}');
                        let skip = e.error_len().unwrap_or(bad.len());
                        rest = &bad[skip..];
                    }
                }
            }
        }
    }
    Cow::Owned(out)
}

/// `text` with each character `f` maps replaced; borrowed when none is.
/// `f` is asked only about the characters the scan finds for `step` (see
/// [`Triggers`]): those it could change.
fn map_chars<'a>(
    text: &'a str,
    step: scan::Steps,
    f: impl Fn(char) -> Option<Cow<'static, str>>,
) -> Cow<'a, str> {
    let mut out: Option<String> = None;
    let mut last = 0;
    for p in Triggers::new(step).positions(text) {
        let Some(c) = text[p..].chars().next() else {
            break;
        };
        if let Some(r) = f(c) {
            let o = out.get_or_insert_with(|| String::with_capacity(text.len()));
            o.push_str(&text[last..p]);
            o.push_str(&r);
            last = p + c.len_utf8();
        }
    }
    finished(text, out, last)
}

/// What a step made of `text`: `text` itself where it built nothing
/// (`out` is `None`), else what it built and the rest of `text` from
/// `last`, the end of what it has copied.
fn finished(text: &str, out: Option<String>, last: usize) -> Cow<'_, str> {
    match out {
        None => Cow::Borrowed(text),
        Some(mut o) => {
            o.push_str(&text[last..]);
            Cow::Owned(o)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owned(c: Cow<'_, str>) -> Option<String> {
        match c {
            Cow::Owned(s) => Some(s),
            Cow::Borrowed(_) => None,
        }
    }

    #[test]
    fn entities_sorted() {
        assert!(entities::ENTITIES.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn html_named_numeric_and_caps() {
        assert_eq!(unescape_html("&lt;tag&gt;"), "<tag>");
        assert_eq!(
            unescape_html("&Jscr;ohn &HilbertSpace;ancock"),
            "𝒥ohn ℋancock"
        );
        assert_eq!(unescape_html("&checkmark;"), "✓");
        assert_eq!(unescape_html("P&EACUTE;REZ"), "PÉREZ");
        assert_eq!(unescape_html("BUNDESSTRA&SZLIG;E"), "BUNDESSTRASSE");
        assert_eq!(
            unescape_html("&ntilde; &Ntilde; &NTILDE; &nTILDE;"),
            "ñ Ñ Ñ &nTILDE;"
        );
        assert_eq!(unescape_html("&#233;&#xe9;&#XE9;"), "ééé");
        assert_eq!(
            unescape_html("&#150; &#0; &#1; &#xD800; &#99999999;"),
            "– \u{FFFD}  \u{FFFD} \u{FFFD}"
        );
        assert_eq!(unescape_html("&amp;lt;"), "&lt;");
    }

    #[test]
    fn html_leaves_what_is_not_a_reference() {
        for s in [
            "AT&T",
            "this&not that",
            "&amp",
            "& ;",
            "&nosuchentity;",
            "&#12ab;",
            "&#x;",
            "&;",
            "&abcdefghijklmnopqrstuvwxyz;",
            "a && b; c",
        ] {
            assert_eq!(owned(unescape_html(s)), None, "{s:?}");
        }
    }

    #[test]
    fn terminal_escapes() {
        assert_eq!(remove_terminal_escapes("\x1b[1;31mred\x1b[0m!"), "red!");
        assert_eq!(owned(remove_terminal_escapes("\x1b[ not one \x1b")), None);
        assert_eq!(remove_terminal_escapes("\x1b\x1b[Ka"), "\x1ba");
    }

    #[test]
    fn ligatures() {
        assert_eq!(fix_latin_ligatures("ﬁnal ĳs Ǆ"), "final ijs DŽ");
        // Not Latin: kept.
        assert_eq!(owned(fix_latin_ligatures("ﭏ æ œ")), None);
    }

    #[test]
    fn width() {
        assert_eq!(fix_character_width("ｈｅｌｌｏ！　１２３"), "hello! 123");
        assert_eq!(fix_character_width("ﾊﾝｶｸ ￠"), "ハンカク ¢");
        assert_eq!(owned(fix_character_width("ハンカク full")), None);
    }

    #[test]
    fn line_breaks() {
        assert_eq!(fix_line_breaks("a\r\n\r\nb\r"), "a\n\nb\n");
        assert_eq!(fix_line_breaks("a\u{2029}b"), "a\nb");
        assert_eq!(owned(fix_line_breaks("a\nb\n")), None);
    }

    #[test]
    fn control_chars() {
        assert_eq!(
            remove_control_chars("a\u{7}b\u{7f}\u{206a}c\u{fffc}"),
            "abc"
        );
        // Whitespace, C1, joiners, tags stay.
        assert_eq!(
            owned(remove_control_chars("a\tb\n\u{c}\r\u{85}\u{200d}\u{e0067}")),
            None
        );
    }

    #[test]
    fn forms() {
        assert_eq!(normalize("e\u{301}", Form::Nfc), "é");
        assert_eq!(normalize("Å", Form::Nfkd), "A\u{30a}");
        assert_eq!(owned(normalize("plain", Form::Nfkc)), None);
        for f in [Form::Nfc, Form::Nfd, Form::Nfkc, Form::Nfkd] {
            assert_eq!(Form::from_name(f.name()), Some(f));
        }
    }

    #[test]
    fn surrogates() {
        assert_eq!(join_surrogates(b"\xED\xA0\xBD\xED\xB8\x80!"), "\u{1F600}!");
        assert_eq!(
            join_surrogates(b"\xED\xB8\x80\xED\xA0\xBD"),
            "\u{FFFD}\u{FFFD}"
        );
        assert_eq!(join_surrogates(b"a\xFFb"), "a\u{FFFD}b");
        assert!(matches!(
            join_surrogates("ok é".as_bytes()),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn may_change_agrees_with_the_steps() {
        let all = Tidy {
            html: Html::Always,
            terminal_escapes: true,
            ligatures: true,
            width: true,
            line_breaks: true,
            control_chars: true,
            form: None,
        };
        let samples = [
            "plain",
            "café – “fin”",
            "a&b",
            "a &amp; b",
            "\x1b[0m",
            "\x1bx",
            "a\rb",
            "a\u{85}b",
            "a\u{2028}b",
            "ﬁ",
            "ĳ",
            "ǆ",
            "Ａ",
            "\u{3000}",
            "ｶ",
            "\u{7}",
            "\u{feff}",
            "\u{fffc}",
            "\u{206a}",
            "日本語",
            "Привет",
            "\u{e0067}",
            "\t\n\u{c}",
        ];
        let singles = [
            Tidy {
                html: Html::Always,
                ..Tidy::default()
            },
            Tidy {
                terminal_escapes: true,
                ..Tidy::default()
            },
            Tidy {
                ligatures: true,
                ..Tidy::default()
            },
            Tidy {
                width: true,
                ..Tidy::default()
            },
            Tidy {
                line_breaks: true,
                ..Tidy::default()
            },
            Tidy {
                control_chars: true,
                ..Tidy::default()
            },
            Tidy {
                form: Some(Form::Nfkc),
                ..Tidy::default()
            },
            all,
        ];
        for t in singles {
            for s in samples {
                let mut changed = t.run(s, t.html != Html::Off, None, |_, _| {}) != s;
                if let Some(f) = t.form {
                    changed |= normalize(s, f) != s;
                }
                // The scan may say yes for nothing (`a&b`), never no for
                // a change.
                assert!(
                    !changed || t.triggers(0).may_change(s) || t.form_may_change(s),
                    "{t:?} {s:?}"
                );
            }
        }
        assert!(!all.triggers(0).may_change("café – “fin” 日本語 Привет\n"));
    }

    #[test]
    fn fix_names_round_trip() {
        for f in [
            Fix::UnescapeHtml,
            Fix::RemoveTerminalEscapes,
            Fix::FixLatinLigatures,
            Fix::FixCharacterWidth,
            Fix::FixLineBreaks,
            Fix::RemoveControlChars,
            Fix::Nfd,
            Fix::Nfkc,
            Fix::Nfkd,
        ] {
            assert_eq!(Fix::from_name(f.name()), Some(f));
        }
    }

    #[test]
    fn idempotent() {
        let t = Tidy {
            html: Html::Always,
            terminal_escapes: true,
            ligatures: true,
            width: true,
            line_breaks: true,
            control_chars: true,
            form: None,
        };
        assert_eq!(t.run("&amp;amp;amp;", true, None, |_, _| {}), "&");
        for s in [
            "ﬁ&eacute;\x1b[0m\r\n\u{feff}Ｘ",
            "&#x1b;[0m",
            "\u{7}\x1b[1m",
        ] {
            let once = t.run(s, true, None, |_, _| {}).into_owned();
            let twice = t.run(&once, true, None, |_, _| {}).into_owned();
            assert_eq!(once, twice, "{s:?}");
        }
    }
}

#[cfg(test)]
mod through_a_fixer {
    use crate::tidy::{Fix, Form, Html};
    use crate::{Fixer, FixerBuilder, Step, StreamFixer};

    /// ftfy's tidy steps, every one on.
    fn ftfy_like_builder() -> FixerBuilder {
        Fixer::builder()
            .unescape_html(Html::Auto)
            .remove_terminal_escapes(true)
            .fix_latin_ligatures(true)
            .fix_character_width(true)
            .uncurl_quotes(true)
            .fix_line_breaks(true)
            .remove_control_chars(true)
    }

    fn ftfy_like() -> Fixer {
        ftfy_like_builder().build()
    }

    const DOC: &str = "caf&eacute; \u{1b}[1mﬁne\u{1b}[0m cafÃ©\r\n\
        ＦＵＬＬ\u{7} “q” &Atilde;&copy;\u{2028}x\n\
        <p>&amp; stays</p>\n&amp; still stays\n";
    const WANT: &str = "café fine café\nFULL \"q\" é\nx\n<p>&amp; stays</p>\n&amp; still stays\n";

    #[test]
    fn one_shot() {
        assert_eq!(ftfy_like().fix_str(DOC), WANT);
        // Off by default: the default fixer repairs only.
        assert_eq!(
            Fixer::new().fix_str("ﬁ &amp; cafÃ©\r\n"),
            "ﬁ &amp; café\r\n"
        );
    }

    #[test]
    fn streaming_gives_the_one_shot_result() {
        let f = ftfy_like();
        for size in [1, 2, 3, 7, 64] {
            let mut s = StreamFixer::new(&f);
            let mut out = String::new();
            let bytes = DOC.as_bytes();
            for chunk in bytes.chunks(size) {
                s.feed(chunk, false, &mut out);
            }
            s.feed(b"", true, &mut out);
            assert_eq!(out, WANT, "chunks of {size}");
        }
    }

    #[test]
    fn explained_and_replayed() {
        let e = ftfy_like().explain_str("ﬁne ＦＵＬＬ");
        assert_eq!(e.text, "fine FULL");
        let steps: Vec<&Step> = e.changes.iter().flat_map(|c| &c.steps).collect();
        assert!(steps.contains(&&Step::Tidied {
            fix: Fix::FixLatinLigatures
        }));
        assert!(steps.contains(&&Step::Tidied {
            fix: Fix::FixCharacterWidth
        }));
        for c in &e.changes {
            assert_eq!(c.plan().apply(&c.before).as_deref(), Some(c.after.as_str()));
        }
    }

    #[test]
    fn forms_and_no_repair() {
        let nfd = Fixer::builder().normalization(Some(Form::Nfd)).build();
        assert_eq!(nfd.fix_str("cafÃ©"), "cafe\u{301}");
        let none = Fixer::builder().normalization(None).build();
        assert_eq!(none.fix_str("e\u{301} cafÃ©"), "e\u{301} café");
        let off = Fixer::builder().repair(false).build();
        assert_eq!(off.fix_str("cafÃ© e\u{301}"), "cafÃ© é");
    }

    #[test]
    fn lines_the_repair_leaves_are_tidied_as_a_whole_look_tidies_them() {
        // Lines without a hotspot are tidied on their own (`Engine::skip`);
        // with CRLF to LF asked for and a CRLF in the text, every line gets
        // the engine's whole look, and the same result (the steps make the
        // CRLF an LF anyway).
        let long = format!("{}“x” &amp;\n", "ab ".repeat(30_000));
        let docs = [
            "“q” cafÃ© ＦＵＬＬ\nplain\n‘s’ ﬁ\n",
            "<p>\n&amp; “q”\n",
            "&amp;\n<p>\n&amp;\n",
            "```\n“code” &amp;\n```\n&eacute; `ﬁ`\n",
            "AT&T &amp;\nx\u{2028}y\u{7}\n\u{1b}[1mb\u{1b}[0m",
            "日本語　全角！\ncafÃ©\n",
            &long,
        ];
        let f = ftfy_like();
        let whole = ftfy_like_builder().crlf_to_lf(true).build();
        for doc in docs {
            let doc = format!("{doc}\r\n");
            let want = whole.fix_str(&doc);
            assert_eq!(f.fix_str(&doc), want, "{doc:?}");
            assert_eq!(f.explain_str(&doc).text, want);
            let doc = doc.trim_end();
            assert_eq!(
                f.fix_str(doc),
                whole.fix_str(&format!("{doc}\r\n")).trim_end()
            );
        }
    }

    #[test]
    fn streams_learn_of_markup_from_lines_that_need_nothing() {
        // A chunk with no entity in it still shows the document is HTML.
        let f = ftfy_like();
        let mut s = StreamFixer::new(&f);
        let mut out = String::new();
        s.feed(b"<p>x</p>\n", false, &mut out);
        s.feed(b"&amp;\n", true, &mut out);
        assert_eq!(out, f.fix_str("<p>x</p>\n&amp;\n"));
        assert_eq!(out, "<p>x</p>\n&amp;\n");
    }

    #[test]
    fn idempotent() {
        let f = ftfy_like();
        let once = f.fix_str(DOC).into_owned();
        assert_eq!(f.fix_str(&once), once);
    }
}
