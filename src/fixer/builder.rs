//! [`FixerBuilder`], which sets up a [`Fixer`], and [`Encoding`], the
//! input encoding it may be told.
//!
//! Guarantees: each setting changes only its own part of the
//! configuration, and a built [`Fixer`] keeps its own copy of it: setting
//! the builder afterwards does not change a fixer built before.

use std::sync::Arc;

use super::{Config, Fixer, MarkdownCode};
use crate::tidy::{Form, Html};

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
/// `shift_jis`, `utf-16le`, …) or as one of the DOS codepages the WHATWG
/// encodings lack (`cp437`, `ibm437`, `cp850`, `ibm850`, in any case).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Encoding(pub(crate) crate::bytes::Charset);

impl Encoding {
    /// Looks a label up; `None` for an unknown one.
    ///
    /// ```
    /// assert_eq!(mojifix::Encoding::for_label("latin1").unwrap().name(), "windows-1252");
    /// assert_eq!(mojifix::Encoding::for_label("IBM437").unwrap().name(), "cp437");
    /// assert_eq!(mojifix::Encoding::for_label("Ibm850").unwrap().name(), "cp850");
    /// assert_eq!(mojifix::Encoding::for_label("CP437").unwrap().name(), "cp437");
    /// assert!(mojifix::Encoding::for_label("klingon").is_none());
    /// ```
    pub fn for_label(label: &str) -> Option<Encoding> {
        let label = label.trim();
        if let Some(enc) = encoding_rs::Encoding::for_label(label.as_bytes()) {
            return Some(Encoding(enc.into()));
        }
        // (The DOS codepages by any case of `cp437` or `ibm437`, as
        // encoding_rs takes its labels.)
        let lower = label.to_ascii_lowercase();
        let dos = lower
            .strip_prefix("ibm")
            .map_or_else(|| lower.clone(), |n| format!("cp{n}"));
        crate::codec::Codepage::for_name(&dos)
            .filter(|cp| cp.encoding().is_none())
            .map(|cp| Encoding(crate::bytes::Charset::Dos(cp)))
    }

    /// The encoding's canonical name.
    pub fn name(&self) -> &'static str {
        self.0.name()
    }
}
