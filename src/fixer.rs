//! The reusable [`Fixer`] and its builder.

use std::borrow::Cow;
use std::sync::Arc;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use crate::repair;

/// What a [`Fixer`] does; built by [`FixerBuilder`].
#[derive(Clone, Debug)]
pub(crate) struct Config {
    pub(crate) nfc: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config { nfc: true }
    }
}

/// A prebuilt, cheap-to-clone text fixer.
#[derive(Clone, Debug, Default)]
pub struct Fixer {
    cfg: Arc<Config>,
}

/// Builds a [`Fixer`].
#[derive(Clone, Debug, Default)]
pub struct FixerBuilder {
    cfg: Config,
}

impl FixerBuilder {
    /// A builder with the defaults: repair encodings, then NFC.
    pub fn new() -> FixerBuilder {
        FixerBuilder::default()
    }

    /// Whether to normalize the output to NFC (default: yes).
    pub fn nfc(&mut self, yes: bool) -> &mut FixerBuilder {
        self.cfg.nfc = yes;
        self
    }

    /// The fixer.
    pub fn build(&self) -> Fixer {
        Fixer { cfg: Arc::new(self.cfg.clone()) }
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
        if text.is_ascii() {
            return Cow::Borrowed(text);
        }
        let scan = repair::scan(text);
        let fixed: Cow<'a, str> = if scan.suspicious {
            let repairs = repair::find(text);
            if repairs.is_empty() {
                Cow::Borrowed(text)
            } else {
                Cow::Owned(apply(text, &repairs))
            }
        } else {
            Cow::Borrowed(text)
        };
        if !self.cfg.nfc {
            return fixed;
        }
        match fixed {
            Cow::Borrowed(s) => match scan.first_high {
                None => Cow::Borrowed(s),
                Some(from) => {
                    if needs_nfc(&s[from..]) {
                        Cow::Owned(s.nfc().collect())
                    } else {
                        Cow::Borrowed(s)
                    }
                }
            },
            Cow::Owned(s) => {
                if needs_nfc(&s) {
                    Cow::Owned(s.nfc().collect())
                } else {
                    Cow::Owned(s)
                }
            }
        }
    }
}

fn needs_nfc(s: &str) -> bool {
    match is_nfc_quick(s.chars()) {
        IsNormalized::Yes => false,
        IsNormalized::No => true,
        IsNormalized::Maybe => !unicode_normalization::is_nfc(s),
    }
}

fn apply(text: &str, repairs: &[repair::Repair]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for r in repairs {
        out.push_str(&text[at..r.start]);
        out.push_str(&r.replacement);
        at = r.end;
    }
    out.push_str(&text[at..]);
    out
}
