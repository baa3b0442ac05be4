//! The reusable [`Fixer`], its builder, and the line-by-line text pipeline
//! that every entry point (one-shot, streaming, bytes) goes through.

use std::borrow::Cow;
use std::sync::Arc;

use unicode_normalization::UnicodeNormalization;

use crate::bytes::{piece_end, ByteDecoder, Cut, PIECE};
use crate::explain::{Change, Explanation, Step};
use crate::markdown::{self, Fences};
use crate::repair;
use crate::tidy::{Fix, Form, Html};
use crate::Codepage;

/// What to do with mojibake inside Markdown code (fenced blocks and inline
/// code spans), where it may be quoted on purpose.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MarkdownCode {
    /// Repair code only once the prose before it (earlier in the document,
    /// or on the same line) needed the same kind of repair: a document
    /// garbled as a whole is restored whole, while a clean document that
    /// quotes mojibake in code keeps its quotes. The default.
    #[default]
    Auto,
    /// Never touch code.
    Keep,
    /// Treat code like any other text.
    Repair,
}

/// What a [`Fixer`] does; built by [`FixerBuilder`].
#[derive(Clone, Debug)]
pub(crate) struct Config {
    pub(crate) nfc: bool,
    pub(crate) code: MarkdownCode,
    pub(crate) uncurl_quotes: bool,
    pub(crate) lf: bool,
    pub(crate) encoding: Option<&'static encoding_rs::Encoding>,
    /// The opt-in tidying steps (see [`crate::tidy`]).
    pub(crate) tidy: crate::tidy::Tidy,
    /// Whether to repair mojibake at all (ftfy's `fix_encoding`).
    pub(crate) repair: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            nfc: true,
            code: MarkdownCode::Auto,
            uncurl_quotes: false,
            lf: false,
            encoding: None,
            tidy: crate::tidy::Tidy::default(),
            repair: true,
        }
    }
}

impl Config {
    /// Whether only the lines around [`repair::hotspots`] of `text` can
    /// change: repairs are on, and no opt-in step could change the others.
    fn hotspots_suffice(&self, text: &str) -> bool {
        let quotes = self.uncurl_quotes && text.contains(['‘', '’', '‚', '‛', '“', '”', '„', '‟']);
        let crlf = self.lf && text.contains("\r\n");
        self.repair && !quotes && !crlf && !self.tidy.may_change(text)
    }
}

/// A prebuilt, cheap-to-clone text fixer.
///
/// Build one with [`Fixer::builder`] (or take the defaults with
/// [`Fixer::new`]) and reuse it: it holds no state between calls.
///
/// ```
/// let fixer = mojifix::Fixer::new();
/// assert_eq!(fixer.fix_str("Release 3 ðŸŽ‰"), "Release 3 🎉");
/// // Clean text is borrowed, not copied.
/// assert!(matches!(fixer.fix_str("Déjà vu"), std::borrow::Cow::Borrowed(_)));
/// ```
#[derive(Clone, Debug, Default)]
pub struct Fixer {
    pub(crate) cfg: Arc<Config>,
}

/// Builds a [`Fixer`].
///
/// ```
/// use mojifix::{FixerBuilder, MarkdownCode};
/// let fixer = FixerBuilder::new().markdown_code(MarkdownCode::Keep).uncurl_quotes(true).build();
/// assert_eq!(fixer.fix_str("â€œquotedâ€\u{9d} `cafÃ©`"), "\"quoted\" `cafÃ©`");
/// ```
///
/// Its methods take the builder and give it back, so it can be kept in a
/// variable between settings:
///
/// ```
/// let mut b = mojifix::Fixer::builder().nfc(false);
/// if std::env::var_os("MY_APP_UNCURL").is_some() {
///     b = b.uncurl_quotes(true);
/// }
/// let fixer = b.build();
/// assert_eq!(fixer.fix_str("cafÃ©"), "café");
/// ```
#[derive(Clone, Debug, Default)]
#[must_use]
pub struct FixerBuilder {
    cfg: Config,
}

impl FixerBuilder {
    /// A builder with the defaults: repair encodings, then NFC.
    pub fn new() -> FixerBuilder {
        FixerBuilder::default()
    }

    /// Whether to normalize the output to NFC (default: yes).
    pub fn nfc(mut self, yes: bool) -> FixerBuilder {
        self.cfg.nfc = yes;
        self
    }

    /// What to do with Markdown code (default: [`MarkdownCode::Auto`]).
    pub fn markdown_code(mut self, policy: MarkdownCode) -> FixerBuilder {
        self.cfg.code = policy;
        self
    }

    /// Turn curly quotes (`‘’‚‛“”„‟`) into straight ones (default: no).
    pub fn uncurl_quotes(mut self, yes: bool) -> FixerBuilder {
        self.cfg.uncurl_quotes = yes;
        self
    }

    /// Turn CRLF line endings into LF (default: no, endings are kept).
    pub fn crlf_to_lf(mut self, yes: bool) -> FixerBuilder {
        self.cfg.lf = yes;
        self
    }

    /// Read byte input in this encoding instead of detecting it (a BOM of
    /// the same encoding is skipped).
    pub fn encoding(mut self, encoding: Encoding) -> FixerBuilder {
        self.cfg.encoding = Some(encoding.0);
        self
    }

    /// [`FixerBuilder::encoding`] by label; an unknown label is an error.
    pub fn encoding_label(self, label: &str) -> Result<FixerBuilder, crate::Error> {
        let enc =
            Encoding::for_label(label).ok_or_else(|| crate::Error::unknown_encoding(label))?;
        Ok(self.encoding(enc))
    }

    /// Decode HTML character references (default: [`Html::Off`]; ftfy's
    /// default is [`Html::Auto`]). See [`crate::tidy::unescape_html`].
    ///
    /// ```
    /// use mojifix::tidy::Html;
    /// let f = mojifix::Fixer::builder().unescape_html(Html::Auto).build();
    /// assert_eq!(f.fix_str("caf&eacute; &amp; cr&Atilde;&uml;me"), "café & crème");
    /// // From a line with a `<` on, the text is taken for HTML.
    /// assert_eq!(f.fix_str("&lt;\n<p>&lt;</p>"), "<\n<p>&lt;</p>");
    /// ```
    pub fn unescape_html(mut self, when: Html) -> FixerBuilder {
        self.cfg.tidy.html = when;
        self
    }

    /// Remove ANSI terminal escapes (default: no). See
    /// [`crate::tidy::remove_terminal_escapes`].
    pub fn remove_terminal_escapes(mut self, yes: bool) -> FixerBuilder {
        self.cfg.tidy.terminal_escapes = yes;
        self
    }

    /// Spell out Latin ligatures such as `ﬁ` (default: no). See
    /// [`crate::tidy::fix_latin_ligatures`].
    pub fn fix_latin_ligatures(mut self, yes: bool) -> FixerBuilder {
        self.cfg.tidy.ligatures = yes;
        self
    }

    /// Fold full-width and half-width forms to ordinary ones (default: no).
    /// See [`crate::tidy::fix_character_width`].
    pub fn fix_character_width(mut self, yes: bool) -> FixerBuilder {
        self.cfg.tidy.width = yes;
        self
    }

    /// Make every line break `\n`: CRLF, CR, U+2028, U+2029, NEL
    /// (default: no). See [`crate::tidy::fix_line_breaks`]; for CRLF alone
    /// see [`FixerBuilder::crlf_to_lf`].
    pub fn fix_line_breaks(mut self, yes: bool) -> FixerBuilder {
        self.cfg.tidy.line_breaks = yes;
        self
    }

    /// Remove control characters that show nothing (default: no). See
    /// [`crate::tidy::remove_control_chars`].
    pub fn remove_control_chars(mut self, yes: bool) -> FixerBuilder {
        self.cfg.tidy.control_chars = yes;
        self
    }

    /// The normalization form of the output (default: NFC; `None`: no
    /// normalization, as `nfc(false)`). The repair always judges NFC text;
    /// another form is applied last.
    ///
    /// ```
    /// use mojifix::tidy::Form;
    /// let f = mojifix::Fixer::builder().normalization(Some(Form::Nfkc)).build();
    /// assert_eq!(f.fix_str("ﬁne cafÃ©, x²"), "fine café, x2");
    /// ```
    pub fn normalization(mut self, form: Option<Form>) -> FixerBuilder {
        self.cfg.nfc = form.is_some();
        self.cfg.tidy.form = form.filter(|&f| f != Form::Nfc);
        self
    }

    /// Whether to repair mojibake at all (default: yes). Off, a fixer
    /// only normalizes and runs the opt-in steps, as ftfy with
    /// `fix_encoding=False`.
    ///
    /// ```
    /// let f = mojifix::Fixer::builder().repair(false).fix_latin_ligatures(true).build();
    /// assert_eq!(f.fix_str("ﬁne cafÃ©"), "fine cafÃ©");
    /// ```
    pub fn repair(mut self, yes: bool) -> FixerBuilder {
        self.cfg.repair = yes;
        self
    }

    /// The fixer.
    pub fn build(&self) -> Fixer {
        Fixer {
            cfg: Arc::new(self.cfg.clone()),
        }
    }
}

/// An input encoding, named by any WHATWG label (`latin1`, `cp1250`,
/// `shift_jis`, `utf-16le`, …).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Encoding(pub(crate) &'static encoding_rs::Encoding);

impl Encoding {
    /// Looks a label up; `None` for an unknown one.
    ///
    /// ```
    /// assert_eq!(mojifix::Encoding::for_label("latin1").unwrap().name(), "windows-1252");
    /// assert!(mojifix::Encoding::for_label("klingon").is_none());
    /// ```
    pub fn for_label(label: &str) -> Option<Encoding> {
        encoding_rs::Encoding::for_label(label.trim().as_bytes()).map(Encoding)
    }

    /// The encoding's canonical name.
    pub fn name(&self) -> &'static str {
        self.0.name()
    }
}

impl Fixer {
    /// A fixer with the default settings.
    pub fn new() -> Fixer {
        Fixer::default()
    }

    /// A builder to configure one.
    pub fn builder() -> FixerBuilder {
        FixerBuilder::new()
    }

    /// Repairs `text`; borrows it when nothing changes.
    pub fn fix_str<'a>(&self, text: &'a str) -> Cow<'a, str> {
        self.fix_doc(text, None)
    }

    /// Repairs `text` into `out` (cleared first), reusing its allocation.
    pub fn fix_str_into(&self, text: &str, out: &mut String) {
        out.clear();
        out.push_str(&self.fix_str(text));
    }

    /// Repairs `text` and lists every change.
    ///
    /// ```
    /// let e = mojifix::Fixer::new().explain_str("naÃƒÂ¯ve cafÃ©");
    /// assert_eq!(e.text, "naïve café");
    /// assert_eq!(e.changes[0].before, "ÃƒÂ¯");
    /// assert_eq!(e.changes[0].layers(), 2);
    /// ```
    pub fn explain_str(&self, text: &str) -> Explanation {
        let mut changes = Vec::new();
        let fixed = self.fix_doc(text, Some(&mut changes));
        Explanation {
            text: fixed.into_owned(),
            changes,
            ..Explanation::default()
        }
    }

    /// The one-shot pipeline: the [`Engine`] over every line of `text`,
    /// borrowing `text` when no line changes.
    pub(crate) fn fix_doc<'a>(&self, text: &'a str, log: Option<&mut Vec<Change>>) -> Cow<'a, str> {
        // In the simple case, only the lines around hotspots are looked at.
        let hits = if self.cfg.hotspots_suffice(text) {
            if text.is_ascii() {
                return Cow::Borrowed(text);
            }
            let hits = repair::hotspots(text);
            if hits.is_empty() {
                return Cow::Borrowed(text);
            }
            Some(hits)
        } else {
            None
        };
        let mut out: Option<String> = None;
        let mut pos = 0;
        let mut sink = |orig: &str, new: Option<String>| {
            match (&mut out, new) {
                (Some(o), Some(n)) => o.push_str(&n),
                (Some(o), None) => o.push_str(orig),
                (None, Some(n)) => {
                    let mut o = String::with_capacity(text.len() + 16);
                    o.push_str(&text[..pos]);
                    o.push_str(&n);
                    out = Some(o);
                }
                (None, None) => {}
            }
            pos += orig.len();
        };
        let mut engine = Engine::new(self.clone());
        let mut log = log;
        match hits {
            Some(hits) => engine.lines_at(text, hits, &mut sink, log.as_deref_mut()),
            None => engine.lines(text, false, &mut sink, log.as_deref_mut()),
        }
        engine.finish(&mut sink, log);
        out.map_or(Cow::Borrowed(text), Cow::Owned)
    }

    /// Repairs bytes in any encoding (see the crate docs for how it is
    /// detected); borrows them when they are UTF-8 without a BOM and need
    /// nothing. Undecodable bytes become U+FFFD.
    ///
    /// ```
    /// let fixer = mojifix::Fixer::new();
    /// // windows-1252 bytes: "café – 5 €"
    /// assert_eq!(fixer.fix_bytes(b"caf\xe9 \x96 5 \x80"), "café – 5 €");
    /// ```
    pub fn fix_bytes<'a>(&self, bytes: &'a [u8]) -> Cow<'a, str> {
        if let Some(s) = self.plain_utf8(bytes) {
            return self.fix_str(s);
        }
        Cow::Owned(self.run_bytes(bytes, None).0)
    }

    /// [`Fixer::fix_bytes`] into `out` (cleared first).
    pub fn fix_bytes_into(&self, bytes: &[u8], out: &mut String) {
        out.clear();
        out.push_str(&self.fix_bytes(bytes));
    }

    /// Repairs bytes and lists every change, the encoding they were read
    /// as and which byte ranges were decoded from a legacy encoding.
    pub fn explain_bytes(&self, bytes: &[u8]) -> Explanation {
        if let Some(s) = self.plain_utf8(bytes) {
            return Explanation {
                encoding: Some("UTF-8".into()),
                ..self.explain_str(s)
            };
        }
        let mut changes = Vec::new();
        let (text, dec) = self.run_bytes(bytes, Some(&mut changes));
        Explanation {
            text,
            changes,
            encoding: dec
                .encoding
                .map(|e| e.name().to_string())
                .or(Some("UTF-8".into())),
            decoded: dec.decoded,
            replaced: dec.replaced,
        }
    }

    /// The input as text when the byte layer would pass it through as is.
    fn plain_utf8<'a>(&self, bytes: &'a [u8]) -> Option<&'a str> {
        if self.cfg.encoding.is_some_and(|e| e != encoding_rs::UTF_8)
            || bytes.starts_with(&[0xEF, 0xBB, 0xBF])
            || memchr::memchr2(0, 0x1B, bytes).is_some()
        {
            return None;
        }
        std::str::from_utf8(bytes).ok()
    }

    fn run_bytes(&self, bytes: &[u8], mut log: Option<&mut Vec<Change>>) -> (String, ByteDecoder) {
        let mut out = String::with_capacity(bytes.len() + bytes.len() / 4);
        let mut engine = Engine::new(self.clone());
        let mut dec = ByteDecoder::new(self.cfg.encoding);
        {
            let mut sink =
                |orig: &str, new: Option<String>| out.push_str(new.as_deref().unwrap_or(orig));
            dec.feed(bytes, true, &mut |text, cut| {
                engine.take(text.as_str(), cut, &mut sink, log.as_deref_mut())
            });
            engine.finish(&mut sink, log);
        }
        (out, dec)
    }
}

/// Calls `f` with every line of `text` (with its ending), cutting lines
/// longer than [`PIECE`] the way the byte layer does.
pub(crate) fn for_each_piece(text: &str, mut f: impl FnMut(&str, bool)) {
    for line in text.split_inclusive('\n') {
        let mut rest = line;
        let mut continues = false;
        while rest.len() > PIECE {
            let cut = piece_end(rest.as_bytes());
            f(&rest[..cut], continues);
            rest = &rest[cut..];
            continues = true;
        }
        f(rest, continues);
    }
}

/// The line feeds in `b`, counted in blocks the compiler vectorizes.
fn count_lf(b: &[u8]) -> usize {
    // (224 bytes: seven 32-byte steps, no scalar tail in a block; a third
    // fewer instructions than blocks of 255.)
    let mut blocks = b.chunks_exact(224);
    let mut n = 0;
    for block in &mut blocks {
        // (At most 224 in a block: a byte holds the sum.)
        n += usize::from(block.iter().fold(0u8, |a, &x| a + u8::from(x == b'\n')));
    }
    n + blocks.remainder().iter().filter(|&&x| x == b'\n').count()
}

/// The [`repair::survey`] of `line`, a whole line of a text given to
/// [`Engine::lines_at`], ending at `end` there, from what its hotspots
/// (`hits`, from the line's first on) tell: a start of mojibake in it
/// (then only NFC is asked), its legacy shape alone (then it is NFC and
/// starts nothing), or stretches that are not NFC and no start (then only
/// its legacy shape is asked). `None` for a line longer than a piece. (A
/// test holds these to the survey.)
fn surveyed(line: &str, hits: &[repair::Hot], end: usize) -> Option<repair::Survey> {
    if line.len() > PIECE {
        return None;
    }
    let (mut start, mut legacy, mut nfc) = (false, false, false);
    for h in hits.iter().take_while(|h| h.at < end) {
        match h.why {
            repair::Why::Start => start = true,
            repair::Why::Legacy => legacy = true,
            repair::Why::Nfc => nfc = true,
        }
    }
    if start {
        // Up to its first start the scan has asked NFC of the line (a
        // stretch that is not NFC is a hotspot of its own): where none
        // was, and the start is a character the text can be cut before
        // ([`crate::nfc::trivial`]), only the rest is asked.
        let line_start = end - line.len();
        let rest = hits
            .iter()
            .take_while(|h| h.at < end)
            .find(|h| h.why == repair::Why::Start)
            .map(|h| &line[h.at - line_start..])
            .filter(|rest| !nfc && rest.chars().next().is_some_and(crate::nfc::trivial));
        Some(repair::Survey {
            mojibake: true,
            nfc: crate::nfc::is_nfc(rest.unwrap_or(line)),
            found: repair::Found {
                starts: true,
                legacy: None,
            },
        })
    } else if legacy && !nfc {
        Some(repair::Survey {
            mojibake: true,
            nfc: true,
            found: repair::Found {
                starts: false,
                legacy: Some(true),
            },
        })
    } else if nfc {
        // Stretches that are not NFC and no start: only its legacy shape
        // is asked.
        let legacy = repair::coherence::may_be_legacy(line);
        Some(repair::Survey {
            mojibake: legacy,
            nfc: false,
            found: repair::Found {
                starts: false,
                legacy: Some(legacy),
            },
        })
    } else {
        None
    }
}

/// Most extra rounds of repair on a line whose repairs left new mojibake.
const MAX_ROUNDS: usize = 8;
/// Most rounds of repairing what NFC made of a line.
const NFC_ROUNDS: usize = 8;

/// Most bytes of lines held back while the engine waits to learn whether
/// Markdown code with mojibake in it belongs to a garbled document.
pub(crate) const PENDING_CAP: usize = 1 << 20;

/// What was found on one line, before deciding about its code.
struct Analysis {
    repairs: Vec<repair::Repair>,
    /// Byte ranges of Markdown code on the line (empty when code is
    /// treated like prose).
    code: Vec<(usize, usize)>,
    /// Whether each repair lies in code.
    in_code: Vec<bool>,
}

impl Analysis {
    fn prose_hit(&self) -> bool {
        self.in_code.iter().any(|&c| !c)
    }
    fn code_hit(&self) -> bool {
        self.in_code.iter().any(|&c| c)
    }
}

/// Where a piece starts: byte offset, line and column (both from 1).
#[derive(Clone, Copy, Debug)]
struct Pos {
    offset: usize,
    line: usize,
    column: usize,
}

struct Pending {
    line: String,
    /// The line's NFC form, when that differs.
    norm: Option<String>,
    analysis: Analysis,
    at: Pos,
}

/// The line-by-line pipeline shared by one-shot calls and streams. Lines go
/// in with their line endings; each comes out, in order, through the sink as
/// `(original, Some(fixed))` or `(original, None)` when unchanged.
///
/// Under [`MarkdownCode::Auto`], a line whose code holds mojibake while the
/// prose so far was clean is held back, with every line after it, until the
/// prose proves the document garbled (the code is then repaired), the held
/// lines pass [`PENDING_CAP`] bytes, or the input ends (the code is then
/// kept).
pub(crate) struct Engine {
    fixer: Fixer,
    /// Garbled runs repaired so far in the document.
    seen: repair::Seen,
    /// Line and column where the next piece starts.
    line: usize,
    column: usize,
    fences: Fences,
    garbled: bool,
    pending: Vec<Pending>,
    pending_bytes: usize,
    offset: usize,
    /// A line with a `<` went by: [`Html::Auto`] decodes no more entities.
    markup: bool,
    /// Lines the judges have left as they were, while `seen` stays so.
    unrepaired: Unrepaired,
}

/// Most bytes of lines an [`Unrepaired`] holds: past them it starts again.
const UNREPAIRED_CAP: usize = 256 << 10;
/// Most lines an [`Unrepaired`] holds: past them it starts again.
const UNREPAIRED_LINES: usize = 4096;

/// The lines of a document that both judges ([`repair::find_with`] and
/// [`repair::decode::decide`]) left as they were, each with what the scan
/// found in it and the legacy paths the document had proven when it was
/// judged. The judges' answer depends on nothing else but the document
/// memory ([`repair::Seen`]), which learns only from repairs: so a line
/// that comes again, asked the same, is left as it is without being
/// judged again, until a line is repaired (then all are forgotten, since
/// the memory may have learnt). Documents repeat lines (table rules,
/// signatures, boilerplate), and a clean line the scan cannot clear costs
/// the judges tens of thousands of instructions (a line of letters no one
/// language writes together is read through every legacy path). Holds at
/// most [`UNREPAIRED_CAP`] bytes in [`UNREPAIRED_LINES`] lines, and
/// allocates only for lines that reached the judges.
#[derive(Default)]
struct Unrepaired {
    lines: rustc_hash::FxHashMap<Box<str>, (repair::Found, u32)>,
    bytes: usize,
}

impl Unrepaired {
    /// Whether the judges left `line` as it was when asked the same.
    fn holds(&self, line: &str, found: repair::Found, proven: u32) -> bool {
        !self.lines.is_empty() && self.lines.get(line) == Some(&(found, proven))
    }

    /// Remembers what the judges made of `line`: nothing, or `repairs`,
    /// after which the memory may answer otherwise and every line held is
    /// forgotten.
    fn note(&mut self, line: &str, found: repair::Found, proven: u32, repairs: &[repair::Repair]) {
        if !repairs.is_empty() {
            if !self.lines.is_empty() {
                *self = Unrepaired::default();
            }
            return;
        }
        if self.bytes + line.len() > UNREPAIRED_CAP || self.lines.len() >= UNREPAIRED_LINES {
            *self = Unrepaired::default();
            if line.len() > UNREPAIRED_CAP {
                return;
            }
        }
        self.bytes += line.len();
        self.lines.insert(line.into(), (found, proven));
    }
}

impl Engine {
    pub(crate) fn new(fixer: Fixer) -> Engine {
        Engine {
            fixer,
            seen: repair::Seen::default(),
            line: 0,
            column: 1,
            fences: Fences::default(),
            garbled: false,
            pending: Vec::new(),
            pending_bytes: 0,
            offset: 0,
            markup: false,
            unrepaired: Unrepaired::default(),
        }
    }

    /// Takes decoded text as the byte layer hands it on.
    pub(crate) fn take(
        &mut self,
        text: &str,
        cut: Cut,
        sink: &mut dyn FnMut(&str, Option<String>),
        log: Option<&mut Vec<Change>>,
    ) {
        match cut {
            Cut::Line => self.piece(text, false, sink, log),
            Cut::Continues => self.piece(text, true, sink, log),
            Cut::Lines => self.lines(text, false, sink, log),
            Cut::AsciiLines => self.lines(text, true, sink, log),
        }
    }

    /// Takes whole lines (the first starts a line; each ends in a line
    /// feed but perhaps the last of the input), with the same result as
    /// handing each piece of them (see [`for_each_piece`]) to
    /// [`Engine::piece`]. Where only repairs and NFC are asked for, the
    /// scan finds the lines that may need something (see
    /// [`repair::hotspots`]); only those are looked at, and the stretches
    /// of lines between them pass on as they are, each in one piece.
    /// `ascii`: the caller knows `text` to be ASCII (else it is looked at).
    pub(crate) fn lines(
        &mut self,
        text: &str,
        ascii: bool,
        sink: &mut dyn FnMut(&str, Option<String>),
        mut log: Option<&mut Vec<Change>>,
    ) {
        if !self.fixer.cfg.hotspots_suffice(text) {
            for_each_piece(text, |piece, continues| {
                self.piece(piece, continues, sink, log.as_deref_mut())
            });
            return;
        }
        if ascii || text.is_ascii() {
            self.skip(text, sink, log);
            return;
        }
        self.lines_at(text, repair::hotspots(text), sink, log);
    }

    /// [`Engine::lines`] in the simple case, given the text's hotspots.
    pub(crate) fn lines_at(
        &mut self,
        text: &str,
        hits: Vec<repair::Hot>,
        sink: &mut dyn FnMut(&str, Option<String>),
        mut log: Option<&mut Vec<Change>>,
    ) {
        if repair::debug() {
            for h in &hits {
                let end = (h.at + 40).min(text.len());
                let end = (end..=text.len())
                    .find(|&e| text.is_char_boundary(e))
                    .unwrap_or(text.len());
                eprintln!("hotspot at {} ({:?}): {:?}", h.at, h.why, &text[h.at..end]);
            }
        }
        let b = text.as_bytes();
        let mut at = 0;
        for (k, h) in hits.iter().enumerate() {
            if h.at < at {
                continue;
            }
            let start = memchr::memrchr(b'\n', &b[..h.at]).map_or(0, |n| n + 1);
            let end = memchr::memchr(b'\n', &b[h.at..]).map_or(b.len(), |n| h.at + n + 1);
            self.pass(&text[at..start], sink, log.as_deref_mut());
            let line = &text[start..end];
            match surveyed(line, &hits[k..], end) {
                Some(survey) => {
                    self.piece_with(line, false, Some(survey), sink, log.as_deref_mut())
                }
                None => for_each_piece(line, |piece, continues| {
                    self.piece(piece, continues, sink, log.as_deref_mut())
                }),
            }
            at = end;
        }
        self.pass(&text[at..], sink, log);
    }

    /// Takes whole lines without a hotspot: they need nothing
    /// ([`Engine::skip`]), but for those a legacy path the document has
    /// proven may read letter for letter (`kljuèe` in a document whose
    /// other lines showed windows-1250 read as windows-1252), which are
    /// taken one by one.
    fn pass(
        &mut self,
        text: &str,
        sink: &mut dyn FnMut(&str, Option<String>),
        mut log: Option<&mut Vec<Change>>,
    ) {
        if self.seen.legacy_paths(self.offset) == 0 || text.is_ascii() {
            self.skip(text, sink, log);
            return;
        }
        let b = text.as_bytes();
        let mut at = 0;
        let mut start = 0;
        while start < text.len() {
            // (Lines of ASCII only are passed over a word at a time.)
            let Some(k) = repair::next_non_ascii(&b[start..]) else {
                break;
            };
            let first = start + k;
            start = memchr::memrchr(b'\n', &b[start..first]).map_or(start, |n| start + n + 1);
            let end = memchr::memchr(b'\n', &b[first..]).map_or(text.len(), |n| first + n + 1);
            let line = &text[start..end];
            let proven = self.seen.legacy_paths(self.offset + (start - at));
            if proven == 0 {
                // (The evidence reaches no further: the rest as it is.)
                break;
            }
            if repair::channel::may_swap_letters(line, proven) {
                self.skip(&text[at..start], sink, log.as_deref_mut());
                for_each_piece(line, |piece, continues| {
                    self.piece(piece, continues, sink, log.as_deref_mut())
                });
                at = end;
            }
            start = end;
        }
        self.skip(&text[at..], sink, log);
    }

    /// Takes one line (with its ending, if it has one), or a piece of a
    /// long line (`continues`: it does not start a line).
    pub(crate) fn piece(
        &mut self,
        line: &str,
        continues: bool,
        sink: &mut dyn FnMut(&str, Option<String>),
        log: Option<&mut Vec<Change>>,
    ) {
        self.piece_with(line, continues, None, sink, log);
    }

    /// [`Engine::piece`], given the line's [`repair::survey`] when it is
    /// known.
    fn piece_with(
        &mut self,
        line: &str,
        continues: bool,
        survey: Option<repair::Survey>,
        sink: &mut dyn FnMut(&str, Option<String>),
        mut log: Option<&mut Vec<Change>>,
    ) {
        if !continues {
            self.line += 1;
            self.column = 1;
        }
        let at = Pos {
            offset: self.offset,
            line: self.line,
            column: self.column,
        };
        self.offset += line.len();
        if !line.ends_with('\n') {
            // Only a piece of a long line (or the last line) continues.
            self.column += line.chars().count();
        }
        // NFC first, so that the repairs are judged on the text a second run
        // would see (NFC can turn characters into mojibake's: U+0387 -> `·`).
        let survey = survey.unwrap_or_else(|| {
            if line.is_ascii() {
                repair::Survey {
                    mojibake: false,
                    nfc: true,
                    found: repair::Found::default(),
                }
            } else {
                repair::survey(line)
            }
        });
        let norm: Option<String> =
            (self.fixer.cfg.nfc && !survey.nfc).then(|| crate::nfc::nfc(line));
        if let (Some(n), Some(log)) = (&norm, log.as_deref_mut()) {
            log.push(whole_line_change(line, at, n, Step::Nfc));
        }
        let text = norm.as_deref().unwrap_or(line);
        let found = match &norm {
            Some(n) => repair::scan_found(n),
            None => survey.found,
        };
        let found = self.fixer.cfg.repair.then_some(found);
        let analysis = self.analyze(text, continues, found);
        let policy = self.fixer.cfg.code;
        if analysis.prose_hit() && !self.garbled {
            self.garbled = true;
            self.flush(true, sink, log.as_deref_mut());
        }
        if !self.pending.is_empty()
            || (policy == MarkdownCode::Auto && analysis.code_hit() && !self.garbled)
        {
            self.pending_bytes += line.len();
            self.pending.push(Pending {
                line: line.to_string(),
                norm,
                analysis,
                at,
            });
            if self.pending_bytes > PENDING_CAP {
                self.flush(false, sink, log);
            }
            return;
        }
        let code_ok =
            policy == MarkdownCode::Repair || (policy == MarkdownCode::Auto && self.garbled);
        let fixed = self
            .fixer
            .render(text, &analysis, code_ok, at, log.as_deref_mut())
            .or(norm);
        let fixed = self.tidy(line, at, no_made_bom(line, at, fixed), log);
        sink(line, fixed);
    }

    /// Takes whole lines known to need nothing (no hotspot in them): they
    /// pass as they are, in one piece, unless lines are being held back.
    pub(crate) fn skip(
        &mut self,
        text: &str,
        sink: &mut dyn FnMut(&str, Option<String>),
        mut log: Option<&mut Vec<Change>>,
    ) {
        if text.is_empty() {
            return;
        }
        if !self.pending.is_empty() {
            for_each_piece(text, |piece, continues| {
                self.piece(piece, continues, sink, log.as_deref_mut())
            });
            return;
        }
        if self.fixer.cfg.code != MarkdownCode::Repair {
            self.fences.advance(text);
        }
        self.offset += text.len();
        // (Positions are for explanations only, but a stream may be asked
        // for one from any chunk on: they are kept.)
        self.line += count_lf(text.as_bytes());
        if text.ends_with('\n') {
            self.column = 1;
        } else {
            // A partial last line: the input's end, never continued.
            self.line += 1;
            self.column = 1 + text[text.rfind('\n').map_or(0, |p| p + 1)..]
                .chars()
                .count();
        }
        sink(text, None);
    }

    /// Ends the input: held lines keep their code as it is.
    pub(crate) fn finish(
        &mut self,
        sink: &mut dyn FnMut(&str, Option<String>),
        log: Option<&mut Vec<Change>>,
    ) {
        self.flush(false, sink, log);
    }

    fn flush(
        &mut self,
        code_ok: bool,
        sink: &mut dyn FnMut(&str, Option<String>),
        mut log: Option<&mut Vec<Change>>,
    ) {
        for p in std::mem::take(&mut self.pending) {
            let text = p.norm.as_deref().unwrap_or(&p.line);
            let fixed = self
                .fixer
                .render(text, &p.analysis, code_ok, p.at, log.as_deref_mut())
                .or(p.norm);
            let fixed = self.tidy(
                &p.line,
                p.at,
                no_made_bom(&p.line, p.at, fixed),
                log.as_deref_mut(),
            );
            sink(&p.line, fixed);
        }
        self.pending_bytes = 0;
    }

    /// `found`: what [`repair::scan`] found of the line (`None`: no
    /// repairing).
    fn analyze(&mut self, line: &str, continues: bool, found: Option<repair::Found>) -> Analysis {
        let cfg = &*self.fixer.cfg;
        let code_line = cfg.code != MarkdownCode::Repair
            && if continues {
                self.fences.inside()
            } else {
                self.fences.line_is_code(line)
            };
        // (A coherent line is weighed letter for letter through a legacy
        // path the document has proven: see `channel::may_swap_letters`.)
        let proven = self.seen.legacy_paths(self.offset);
        let Some(found) =
            found.filter(|f| f.any() || repair::channel::may_swap_letters(line, proven))
        else {
            return Analysis {
                repairs: Vec::new(),
                code: Vec::new(),
                in_code: Vec::new(),
            };
        };
        let repairs = if self.unrepaired.holds(line, found, proven) {
            Vec::new()
        } else {
            let mut repairs = repair::find_with(line, &self.seen);
            repair::decode::decide(line, found, &mut repairs, proven);
            self.seen.learn(line, &repairs, self.offset);
            self.unrepaired.note(line, found, proven, &repairs);
            repairs
        };
        let code = if cfg.code == MarkdownCode::Repair {
            Vec::new()
        } else if code_line {
            vec![(0, line.len())]
        } else {
            markdown::code_spans(line)
        };
        let in_code = repairs
            .iter()
            .map(|r| code.iter().any(|&(s, e)| s <= r.start && r.start < e))
            .collect();
        Analysis {
            repairs,
            code,
            in_code,
        }
    }
}

impl Fixer {
    /// Applies a line's repairs (those in code only when `code_ok`), then
    /// NFC outside kept code, then the opt-in steps. `None`: unchanged.
    fn render(
        &self,
        line: &str,
        a: &Analysis,
        code_ok: bool,
        at: Pos,
        mut log: Option<&mut Vec<Change>>,
    ) -> Option<String> {
        let cfg = &*self.cfg;
        let mut cur: Cow<'_, str> = Cow::Borrowed(line);
        let keep: Vec<&repair::Repair> = a
            .repairs
            .iter()
            .zip(&a.in_code)
            .filter(|(_, &c)| code_ok || !c)
            .map(|(r, _)| r)
            .collect();
        if !keep.is_empty() {
            let mut s = apply(line, keep.iter().copied(), at, log.as_deref_mut());
            // A repair can leave text that is itself mojibake with its
            // neighbours (`ÃÂ©`: `Â©` -> `©` leaves `Ã©`): repeat until
            // nothing changes, so that fixing fixed text changes nothing.
            // (Lines with Markdown code kept as it is are left at one round.)
            if code_ok || a.code.is_empty() {
                s = more_rounds(s, at, log.as_deref_mut());
            }
            cur = Cow::Owned(s);
        }
        // `line` is NFC already (the caller normalized it): only repairs
        // can have made it not.
        if cfg.nfc && matches!(cur, Cow::Owned(_)) && !crate::nfc::is_nfc(&cur) {
            let mut n: String = cur.nfc().collect();
            if let Some(log) = log.as_deref_mut() {
                log.push(whole_line_change(line, at, &n, Step::Nfc));
            }
            // NFC can compose characters into new mojibake (U+0387 becomes
            // `·`) or reorder marks into new neighbours: repair again, then
            // normalize what that gives, until nothing changes.
            if code_ok || a.code.is_empty() {
                for _ in 0..NFC_ROUNDS {
                    if !repair::scan(&n) {
                        break;
                    }
                    let m = more_rounds(n.clone(), at, log.as_deref_mut());
                    if m == n {
                        break;
                    }
                    n = if crate::nfc::is_nfc(&m) {
                        m
                    } else {
                        m.nfc().collect()
                    };
                }
            }
            cur = Cow::Owned(n);
        }
        if cfg.uncurl_quotes && a.code.first() != Some(&(0, line.len())) {
            if let Cow::Owned(u) = uncurl(&cur) {
                if let Some(log) = log.as_deref_mut() {
                    log.push(whole_line_change(line, at, &u, Step::UncurledQuotes));
                }
                cur = Cow::Owned(u);
            }
        }
        if cfg.lf && cur.ends_with("\r\n") {
            let mut s = cur.into_owned();
            s.truncate(s.len() - 2);
            s.push('\n');
            if let Some(log) = log {
                let end = at.offset + line.len();
                log.push(Change {
                    line: at.line,
                    column: at.column + line.chars().count() - 2,
                    range: end - 2..end,
                    before: "\r\n".into(),
                    after: "\n".into(),
                    steps: vec![Step::LineEnding],
                });
            }
            cur = Cow::Owned(s);
        }
        match cur {
            Cow::Owned(s) => Some(s),
            Cow::Borrowed(_) => None,
        }
    }
}

/// Repeats the repair on `s` until nothing changes (at most
/// [`MAX_ROUNDS`] times): a repair can leave text that is itself mojibake
/// with its neighbours (`ÃÂ©`: `Â©` -> `©` leaves `Ã©`), and fixing fixed
/// text must change nothing.
fn more_rounds(mut s: String, at: Pos, mut log: Option<&mut Vec<Change>>) -> String {
    for _ in 0..MAX_ROUNDS {
        if !repair::scan(&s) {
            break;
        }
        let more = repair::find(&s);
        if more.is_empty() {
            break;
        }
        s = apply(&s, more.iter(), at, log.as_deref_mut());
    }
    s
}

/// `line` with `repairs` (in order, not overlapping) made, each logged.
fn apply<'r>(
    line: &str,
    repairs: impl Iterator<Item = &'r repair::Repair>,
    at: Pos,
    mut log: Option<&mut Vec<Change>>,
) -> String {
    let mut s = String::with_capacity(line.len());
    let mut last = 0;
    for r in repairs {
        s.push_str(&line[last..r.start]);
        s.push_str(&r.replacement);
        last = r.end;
        if let Some(log) = log.as_deref_mut() {
            log.push(change_of(line, at, r));
        }
    }
    s.push_str(&line[last..]);
    s
}

fn change_of(line: &str, at: Pos, r: &repair::Repair) -> Change {
    let mut steps: Vec<Step> = if let Some(saved) = r.saved {
        vec![Step::Reread {
            saved: saved.name().to_string(),
            shown: r.layers[0],
        }]
    } else if r.lost {
        vec![
            Step::Reversed {
                codepage: r.layers[0],
            },
            Step::LostByte,
        ]
    } else if r.c1 {
        match r.layers.first() {
            Some(&codepage) if codepage != Codepage::Windows1252 => {
                vec![Step::C1ControlAs { codepage }]
            }
            _ => vec![Step::C1Control],
        }
    } else {
        r.layers
            .iter()
            .map(|&codepage| Step::Reversed { codepage })
            .collect()
    };
    if r.lossy > 0 {
        steps.push(Step::RestoredNbsp { count: r.lossy });
    }
    Change {
        line: at.line,
        column: at.column + line[..r.start].chars().count(),
        range: at.offset + r.start..at.offset + r.end,
        before: line[r.start..r.end].to_string(),
        after: r.replacement.clone(),
        steps,
    }
}

fn whole_line_change(line: &str, at: Pos, after: &str, step: Step) -> Change {
    let body = line.trim_end_matches(['\n', '\r']);
    Change {
        line: at.line,
        column: at.column,
        range: at.offset..at.offset + body.len(),
        before: body.to_string(),
        after: after.trim_end_matches(['\n', '\r']).to_string(),
        steps: vec![step],
    }
}

/// Straight quotes for curly ones.
pub(crate) fn uncurl(s: &str) -> Cow<'_, str> {
    const SINGLE: [char; 4] = ['‘', '’', '‚', '‛'];
    const DOUBLE: [char; 4] = ['“', '”', '„', '‟'];
    if !s.contains(|c| SINGLE.contains(&c) || DOUBLE.contains(&c)) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| {
                if SINGLE.contains(&c) {
                    '\''
                } else if DOUBLE.contains(&c) {
                    '"'
                } else {
                    c
                }
            })
            .collect(),
    )
}

/// `fixed`, the output for the piece `line` at `at`, without a byte order
/// mark a repair made at the start of the text (a UTF-8 BOM garbled into
/// `ï»¿`): output has none. One the text had stays, as it was.
fn no_made_bom(line: &str, at: Pos, mut fixed: Option<String>) -> Option<String> {
    if at.offset == 0 && !line.starts_with('\u{FEFF}') {
        if let Some(f) = fixed.as_mut().filter(|f| f.starts_with('\u{FEFF}')) {
            f.drain(..'\u{FEFF}'.len_utf8());
        }
    }
    fixed
}

impl Engine {
    /// The opt-in tidying steps (see [`crate::tidy`]) on the output for the
    /// piece `line`: `fixed`, or `line` itself when that is `None`.
    fn tidy(
        &mut self,
        line: &str,
        at: Pos,
        fixed: Option<String>,
        mut log: Option<&mut Vec<Change>>,
    ) -> Option<String> {
        let cfg = &*self.fixer.cfg;
        if !cfg.tidy.any() {
            return fixed;
        }
        let html = match cfg.tidy.html {
            Html::Off => false,
            Html::Always => true,
            Html::Auto => {
                self.markup |= line.contains('<');
                !self.markup
            }
        };
        let cur = fixed.as_deref().unwrap_or(line);
        let mut unescaped = false;
        // Each change is logged from the text before its step, so that its
        // plan replays it.
        let mut prev = log.as_ref().map(|_| cur.to_string());
        let out = cfg.tidy.run(cur, html, |fix, after| {
            unescaped |= fix == Fix::UnescapeHtml;
            if let (Some(log), Some(prev)) = (log.as_deref_mut(), prev.as_mut()) {
                log.push(tidied(line, at, prev, after, fix));
                *prev = after.to_string();
            }
        });
        let mut out = match out {
            Cow::Borrowed(_) => None,
            Cow::Owned(s) => Some(s),
        };
        // Entities can spell mojibake (`&Atilde;&copy;`), curly quotes or
        // characters NFC composes: repair, uncurl and compose again.
        if let Some(s) = out.as_mut().filter(|_| unescaped) {
            if cfg.repair && repair::scan(s) {
                *s = more_rounds(std::mem::take(s), at, log.as_deref_mut());
            }
            if cfg.uncurl_quotes {
                if let Cow::Owned(u) = uncurl(s) {
                    *s = u;
                }
            }
        }
        if let Some(s) = out.as_mut().filter(|s| cfg.nfc && !crate::nfc::is_nfc(s)) {
            *s = s.nfc().collect();
        }
        if let Some(form) = cfg.tidy.form {
            let cur = out.as_deref().or(fixed.as_deref()).unwrap_or(line);
            if let Cow::Owned(n) = crate::tidy::normalize(cur, form) {
                if let Some(log) = log {
                    let fix = match form {
                        Form::Nfd => Fix::Nfd,
                        Form::Nfkd => Fix::Nfkd,
                        Form::Nfkc | Form::Nfc => Fix::Nfkc,
                    };
                    log.push(tidied(line, at, cur, &n, fix));
                }
                out = Some(n);
            }
        }
        out.or(fixed)
    }
}

/// The change a tidying step made to the piece `line` at `at`: from
/// `before` (the text the step was given) to `after`.
fn tidied(line: &str, at: Pos, before: &str, after: &str, fix: Fix) -> Change {
    let mut c = whole_line_change(line, at, after, Step::Tidied { fix });
    c.before = before.trim_end_matches(['\n', '\r']).to_string();
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    /// The lines left alone are held within their bounds, asked with what
    /// they were judged with, and all forgotten once a line is repaired.
    #[test]
    fn unrepaired_lines_are_bounded_and_forgotten() {
        let found = repair::Found {
            starts: true,
            legacy: None,
        };
        let mut held = Unrepaired::default();
        for k in 0..3 * UNREPAIRED_LINES {
            held.note(&format!("é{k}\n"), found, 0, &[]);
            assert!(held.lines.len() <= UNREPAIRED_LINES);
        }
        held.note(&"é".repeat(UNREPAIRED_CAP / 3), found, 0, &[]);
        held.note(&"é".repeat(UNREPAIRED_CAP / 3), found, 1, &[]);
        assert!(held.bytes <= UNREPAIRED_CAP);
        held.note("café\n", found, 0, &[]);
        assert!(held.holds("café\n", found, 0));
        assert!(!held.holds("café\n", found, 1));
        assert!(!held.holds("café\n", repair::Found::default(), 0));
        let repairs = repair::find("cafÃ©\n");
        assert!(!repairs.is_empty());
        held.note("cafÃ©\n", found, 0, &repairs);
        assert!(!held.holds("café\n", found, 0));
        assert!(held.lines.is_empty());
    }

    /// What the hotspots tell of a line ([`surveyed`]) is its survey: on
    /// the held-out UDHR, its NFD, lines garbled through windows-1252,
    /// typography, legacy lines and box drawing, a line at a time as
    /// [`Engine::lines_at`] takes them.
    #[test]
    fn hotspots_tell_the_survey() {
        let udhr = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/udhr/udhr-heldout.txt"),
        )
        .expect("corpus");
        let mut text = String::new();
        for (i, line) in udhr.lines().enumerate().step_by(3) {
            match i % 4 {
                0 => text.push_str(line),
                1 => text.extend(line.nfd()),
                2 => {
                    let (garbled, _) =
                        encoding_rs::WINDOWS_1252.decode_without_bom_handling(line.as_bytes());
                    text.push_str(&garbled);
                }
                _ => text.push_str(&format!("{line} – “{line}” ’é ─┤ Ka¿dy portÈe")),
            }
            text.push('\n');
        }
        text.push_str("Ka¿dy cz³owiek\nna\u{85}ve\n────────┤\ncafé crème\nÃ©tÃ©\n");
        // A start with text that is not NFC after it, or before it.
        text.push_str(
            "Ã©tÃ© cafe\u{301}\nÃ©\u{301}t\ncafe\u{301} Ã©tÃ©\nе\u{308}ще Ã©tÃ© е\u{308}\n",
        );
        text.push_str("Ã\u{301}©t\nсловÐ¾ e\u{323}\u{302}\nÃ©tÃ©");
        let hits = repair::hotspots(&text);
        let b = text.as_bytes();
        let (mut told, mut at) = ([0; 3], 0);
        for (k, h) in hits.iter().enumerate() {
            if h.at < at {
                continue;
            }
            let start = memchr::memrchr(b'\n', &b[..h.at]).map_or(0, |n| n + 1);
            let end = memchr::memchr(b'\n', &b[h.at..]).map_or(b.len(), |n| h.at + n + 1);
            let line = &text[start..end];
            if let Some(s) = surveyed(line, &hits[k..], end) {
                assert_eq!(s, repair::survey(line), "{line:?}");
                // Each way it tells: a start, legacy shape, NFC.
                told[if s.found.starts {
                    0
                } else if s.nfc {
                    1
                } else {
                    2
                }] += 1;
            }
            at = end;
        }
        assert!(told.iter().all(|&n| n >= 3) && told[0] > 500, "{told:?}");
    }
}
