//! The reusable [`Fixer`], its settings, and its entry points (one-shot
//! text, bytes, explanations); every one of them goes through the
//! line-by-line [`Engine`].
//!
//! Guarantees: a [`Fixer`] holds no state between calls (each call runs a
//! fresh [`Engine`]), and what it borrows it hands back unchanged: text
//! with nothing to repair comes back borrowed, as do UTF-8 bytes without
//! a BOM that need nothing.

use std::borrow::Cow;
use std::sync::Arc;

use crate::bytes::ByteDecoder;
use crate::explain::{Change, Explanation};
use crate::repair;

mod builder;
mod change;
mod engine;
mod render;
mod survey;
mod unrepaired;

pub use builder::{Encoding, FixerBuilder};
pub(crate) use engine::Engine;
// (For the links in other modules' docs.)
#[cfg(doc)]
pub(crate) use engine::for_each_piece;
pub(crate) use render::uncurl;

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
    pub(crate) encoding: Option<crate::bytes::Charset>,
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
    /// Whether the repair and NFC can change only the lines around
    /// [`repair::hotspots_with`] of `text`, and every other line needs at most
    /// the steps [`Engine::skip`] makes (see [`Config::tidy_triggers`]):
    /// repairs are on, no CRLF is to become LF and no other form could
    /// change the text.
    fn hotspots_suffice(&self, text: &str) -> bool {
        self.repair && !(self.lf && text.contains("\r\n")) && !self.tidy.form_may_change(text)
    }

    /// The scan for the opt-in steps made line by line after the repair:
    /// the tidying steps, and curly quotes when they are uncurled.
    pub(crate) fn tidy_triggers(&self) -> crate::tidy::scan::Triggers {
        let quotes = if self.uncurl_quotes {
            crate::tidy::scan::QUOTES
        } else {
            0
        };
        self.tidy.triggers(quotes)
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
        // (Lines without a hotspot may still be tidied: see `Engine::skip`.
        // Where there is no hotspot, the scan for the tidying steps tells
        // where the first line to tidy is, or that the text needs nothing.)
        let mut tidy_from = 0;
        let hits = if self.cfg.hotspots_suffice(text) {
            let hits = if text.is_ascii() {
                Vec::new()
            } else {
                repair::hotspots_with(text, self.cfg.nfc)
            };
            if hits.is_empty() {
                match self.cfg.tidy_triggers().positions(text).next() {
                    Some(p) => tidy_from = p,
                    None => return Cow::Borrowed(text),
                }
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
        engine.tidy_from(tidy_from);
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
        if self
            .cfg
            .encoding
            .is_some_and(|e| e != encoding_rs::UTF_8.into())
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
