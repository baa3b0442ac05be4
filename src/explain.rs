//! What a fixer changed, and plans that replay a repair on other text.

use std::fmt;
use std::ops::Range;

use crate::codec::{self, Codepage};

/// One step of a repair.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "step", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Step {
    /// UTF-8 bytes had been decoded with this codepage: encode the text
    /// back into it and read the bytes as UTF-8.
    Reversed {
        /// The codepage the text was wrongly decoded with.
        codepage: Codepage,
    },
    /// Legacy text shown in another codepage: its bytes, in the encoding
    /// `saved`, had been decoded with the codepage `shown` (`Ïðèâåò` for
    /// `Привет`: windows-1251 shown as windows-1252). Encode the text back
    /// into `shown` and decode the bytes with `saved`.
    Reread {
        /// The encoding the text was written in (a WHATWG name:
        /// `windows-1251`, `GBK`, `EUC-JP`, …).
        saved: String,
        /// The codepage it was shown in.
        shown: Codepage,
    },
    /// Spaces inside the run stood for non-breaking spaces lost on the way.
    RestoredNbsp {
        /// How many.
        count: u32,
    },
    /// A C1 control (U+0080-U+009F) stood for the windows-1252 character
    /// of that byte (`\u{92}` for `’`).
    C1Control,
    /// A C1 control stood for the character of that byte in another
    /// codepage (`\u{92}` for mac_roman `í`: a mac_roman file read as
    /// ISO-8859-1).
    C1ControlAs {
        /// The codepage of the byte.
        codepage: Codepage,
    },
    /// The last byte of the character was lost on the way (replaced by
    /// U+FFFD): it becomes U+FFFD. Not replayed by [`Plan::apply`].
    LostByte,
    /// Unicode normalization to NFC.
    Nfc,
    /// Curly quotes made straight (opt-in).
    UncurledQuotes,
    /// CRLF line endings made LF (opt-in).
    LineEnding,
    /// One of the opt-in tidying steps of [`crate::tidy`].
    Tidied {
        /// Which.
        fix: crate::tidy::Fix,
    },
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Step::Reversed { codepage } => write!(f, "UTF-8 read as {codepage}"),
            Step::Reread { saved, shown } => write!(f, "{saved} text shown as {shown}"),
            Step::RestoredNbsp { count } => write!(f, "{count} lost NBSP restored"),
            Step::C1Control => f.write_str("C1 control read as windows-1252"),
            Step::C1ControlAs { codepage } => write!(f, "C1 control read as {codepage}"),
            Step::LostByte => f.write_str("a byte lost on the way"),
            Step::Nfc => f.write_str("NFC"),
            Step::UncurledQuotes => f.write_str("quotes uncurled"),
            Step::LineEnding => f.write_str("CRLF to LF"),
            Step::Tidied { fix } => f.write_str(fix.name()),
        }
    }
}

/// By how much a decision cleared what it needed, in nats (the natural
/// logarithm of a ratio of probabilities: one nat more is e, about 2.7,
/// times likelier), to a tenth of a nat.
///
/// A repair's margin ([`Change::margin`]) is how far its evidence (how
/// much more probable the text is repaired than as it stood, in the
/// model's judgement) went beyond the bar the judge set for it; a legacy
/// encoding's ([`crate::DecodedRange::margin`]), how much more probable
/// the bytes are read in it than in the best encoding that reads them
/// otherwise. Either way, the larger, the surer: a margin near zero is a
/// close call.
///
/// ```
/// use mojifix::Margin;
/// let m = Margin::from_nats(12.34);
/// assert_eq!(m.nats(), 12.3);
/// assert_eq!(m.to_string(), "+12.3 nats");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(into = "f64", from = "f64"))]
pub struct Margin {
    /// Tenths of a nat.
    tenths: i32,
}

impl Margin {
    /// The margin of `nats`, rounded to a tenth (beyond about ±200
    /// million, held there; NaN is zero).
    pub fn from_nats(nats: f32) -> Margin {
        Margin::from(f64::from(nats))
    }

    /// The margin in nats.
    pub fn nats(self) -> f32 {
        self.tenths as f32 / 10.0
    }
}

impl fmt::Display for Margin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.tenths < 0 { "-" } else { "+" };
        let t = self.tenths.unsigned_abs();
        write!(f, "{sign}{}.{} nats", t / 10, t % 10)
    }
}

impl From<Margin> for f64 {
    fn from(m: Margin) -> f64 {
        f64::from(m.tenths) / 10.0
    }
}

impl From<f64> for Margin {
    fn from(nats: f64) -> Margin {
        Margin {
            // (`as` saturates, and makes NaN 0.)
            tenths: (nats * 10.0).round() as i32,
        }
    }
}

/// One change: a range of the input, what it was and what it became.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Change {
    /// Line of the change, from 1 (in the decoded text for byte input).
    pub line: usize,
    /// Column of its first character, in characters, from 1.
    pub column: usize,
    /// Byte range in the text the repair worked on: the input for text
    /// input, the decoded text for byte input (see
    /// [`Explanation::decoded`] for how the bytes were read).
    pub range: Range<usize>,
    /// The text of that range before the change.
    pub before: String,
    /// What it became.
    pub after: String,
    /// What was done, outermost layer first.
    pub steps: Vec<Step>,
    /// By how much the repair beat its bar: how many nats more probable
    /// the model finds the text repaired than left as it was, beyond what
    /// the judge that made it asks (the span judge's bar for a run, more
    /// for a lone sequence or a lost byte, less on a line proven garbled;
    /// the line decoder's margin of 14 nats for a whole line). Always
    /// above zero where present. `None` for what no model weighed: NFC, the
    /// opt-in steps, C1 controls, bytes lost. (A line garbled through and
    /// through, which a fast path repairs, is judged too when explained:
    /// each run takes the judge's margin.)
    #[cfg_attr(feature = "serde", serde(default))]
    pub margin: Option<Margin>,
}

impl Change {
    /// Number of wrong decodes reversed (1 for ordinary mojibake, 2 for a
    /// double layer).
    pub fn layers(&self) -> usize {
        self.steps
            .iter()
            .filter(|s| matches!(s, Step::Reversed { .. }))
            .count()
    }

    /// The repair as a plan that can be replayed on other text.
    pub fn plan(&self) -> Plan {
        Plan {
            steps: self.steps.clone(),
        }
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} -> {:?} (", self.before, self.after)?;
        for (i, s) in self.steps.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{s}")?;
        }
        if let Some(m) = self.margin {
            write!(f, "; margin {m}")?;
        }
        f.write_str(")")
    }
}

/// The fixed text and every change made to get it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Explanation {
    /// The fixed text: always equal to what the matching `fix_*` returns.
    pub text: String,
    /// The changes, in input order.
    pub changes: Vec<Change>,
    /// For byte input: the encoding the input was read as (`UTF-8` when it
    /// was UTF-8, possibly with a few legacy stretches).
    pub encoding: Option<String>,
    /// For byte input: the byte ranges decoded from a legacy encoding (or
    /// UTF-16), and with which.
    pub decoded: Vec<crate::DecodedRange>,
    /// Bytes replaced by U+FFFD because nothing explains them.
    pub replaced: usize,
}

/// A replayable repair (ftfy's `apply_plan`): the reversals of one change,
/// to apply to text garbled the same way.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Plan {
    /// The steps, outermost layer first.
    pub steps: Vec<Step>,
}

impl Plan {
    /// A plan that reverses the given wrong decodes, outermost first.
    pub fn reversing(codepages: &[Codepage]) -> Plan {
        Plan {
            steps: codepages
                .iter()
                .map(|&codepage| Step::Reversed { codepage })
                .collect(),
        }
    }

    /// Applies the plan's reversals to the whole of `text`: `None` when a
    /// character is not in a codepage or the bytes are not UTF-8. Steps
    /// other than reversals (NFC, C1 controls, …) are applied too.
    ///
    /// ```
    /// use mojifix::{Codepage, Plan};
    /// let plan = Plan::reversing(&[Codepage::Windows1252]);
    /// assert_eq!(plan.apply("cafÃ© crÃ¨me").as_deref(), Some("café crème"));
    /// assert_eq!(plan.apply("plain café"), None);
    /// ```
    pub fn apply(&self, text: &str) -> Option<String> {
        let mut cur = text.to_string();
        let mut bytes = Vec::new();
        for step in &self.steps {
            match step {
                Step::Reversed { codepage } => {
                    bytes.clear();
                    if !codec::encode(*codepage, &cur, &mut bytes) {
                        return None;
                    }
                    cur = codec::decode_cesu(&bytes)?;
                }
                Step::Reread { saved, shown } => {
                    bytes.clear();
                    let saved = encoding_rs::Encoding::for_label(saved.as_bytes())?;
                    if !codec::encode(*shown, &cur, &mut bytes) {
                        return None;
                    }
                    cur = saved
                        .decode_without_bom_handling_and_without_replacement(&bytes)?
                        .into_owned();
                }
                Step::C1Control => {
                    cur = cur.chars().map(crate::repair::c1_as_windows_1252).collect();
                }
                Step::C1ControlAs { codepage } => {
                    cur = cur
                        .chars()
                        .map(|c| crate::repair::c1_as(*codepage, c))
                        .collect();
                }
                Step::Nfc => {
                    use unicode_normalization::UnicodeNormalization;
                    cur = cur.nfc().collect();
                }
                Step::UncurledQuotes => cur = crate::fixer::uncurl(&cur).into_owned(),
                Step::LineEnding => cur = cur.replace("\r\n", "\n"),
                Step::Tidied { fix } => cur = fix.apply(&cur).into_owned(),
                Step::RestoredNbsp { .. } | Step::LostByte => {}
            }
        }
        Some(cur)
    }
}
