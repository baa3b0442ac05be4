//! The channel table: every way the line decoder ([`super::decode`])
//! knows text to have been garbled, each path with its prior cost, the
//! margin a reading must win by, and which letters a legacy path reads as
//! other letters (a line of Czech saved in windows-1250 and shown in
//! windows-1252 reads `bajtù`: coherent as it stands).
//!
//! Guarantees: [`CHANNEL`] is the one place that prefers one path to
//! another; [`LetterSwap::reads_letters`] and [`LetterSwap::may_win`] are
//! necessary conditions for the decoder to read a line letter for letter
//! through a path (a test holds the second to the decoder's own costs),
//! and cost a table lookup a character and a few model lookups a changed
//! letter.

use encoding_rs::Encoding;

use crate::codec::Codepage;
use crate::model;

/// How much more probable (in nats) a reading must be than the line as
/// left. Chosen on the development sets, measured with the model of
/// `lm.bin`, every other rule as it is now. Of the clean sets (135,440
/// real strings, 60,000 generated symbol lines, 40,000 quoted capitals,
/// dev_clean, the fortunes, the UDHR, the archive, the typographic text,
/// and each of the clean real sets after every proof line of `real_moj`),
/// none changes at a margin of 11 or more; at 10 a generated line of quoted
/// capitals does, at 8 a UDHR line. The real-text set `real_moj`
/// (`../shared/eval/gen_real.py`, 8,563 lines) gets 8,395 lines right at
/// 15, 8,403 at 14, 8,404 at 13 and 12, 8,408 at 11, 8,413 at 10. 14
/// keeps 4 nats above the first clean line to change. (The margin was 15
/// while a garbled line of the fortunes, `Marcel AymÚ`, gained 12.6 nats
/// through a wrong path; code page 850, its own, reads it right now.)
pub(crate) const MARGIN: f32 = 14.0;

/// What a line's shape says, in nats, where one of its words cannot be
/// written ([`super::coherence::has_incoherent_word`]: `dönüþ`, `Àâ³ëà`):
/// the log of how much likelier that shape is in garbled text than in
/// clean. Measured: 94.2 % of the lines of the real-text set `real_moj`
/// have such a word as they reach us, 1.07 % of the 135,440 real clean
/// strings (0.72 % of the fortunes' lines, 3.3 % of the UDHR's);
/// ln(0.942 / 0.0107) = 4.5 (`examples/shape.rs` counts the shapes of a
/// set's lines). Such a line's reading must win by [`MARGIN`]
/// less this. (A line whose words are each coherent but whose letters no
/// one alphabet holds, a list of letters, has no such evidence: lists mix
/// alphabets; nor has a control or a symbol standing alone.)
pub(crate) const SHAPE_EVIDENCE: f32 = 4.5;

/// How a line was garbled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Path {
    /// Its UTF-8 bytes were decoded with this codepage.
    Utf8As(Codepage),
    /// Its bytes, in the legacy encoding `saved`, were decoded with the
    /// codepage `shown` (windows-1252 stands for ISO-8859-1 too: C1
    /// controls keep their bytes).
    Legacy {
        saved: &'static Encoding,
        shown: Codepage,
    },
}

/// A path and its prior cost, `-ln P(path)` up to a constant, in nats.
pub(crate) struct Channel {
    pub path: Path,
    pub prior: f32,
}

/// Every path the decoder weighs, with its prior: UTF-8 read as
/// windows-1252 is the commonest garbling, other codepages rarer, text
/// moved between two legacy codepages rarer still. One table; nothing
/// else in the decoder prefers one path to another.
pub(crate) static CHANNEL: &[Channel] = &[
    utf8_as(Codepage::Windows1252, 0.0),
    utf8_as(Codepage::Windows1250, 1.0),
    utf8_as(Codepage::Windows1251, 1.0),
    utf8_as(Codepage::MacRoman, 1.5),
    utf8_as(Codepage::Iso8859_2, 1.5),
    utf8_as(Codepage::Windows1253, 1.5),
    utf8_as(Codepage::Windows1254, 1.5),
    utf8_as(Codepage::Windows1257, 1.5),
    utf8_as(Codepage::Koi8R, 2.0),
    utf8_as(Codepage::Koi8U, 2.5),
    utf8_as(Codepage::Cp866, 2.5),
    utf8_as(Codepage::Cp437, 2.5),
    utf8_as(Codepage::Cp850, 2.5),
    utf8_as(Codepage::Gbk, 2.0),
    utf8_as(Codepage::ShiftJis, 2.0),
    utf8_as(Codepage::EucKr, 2.0),
    legacy(&encoding_rs::WINDOWS_1251_INIT, 3.0),
    legacy(&encoding_rs::WINDOWS_1250_INIT, 3.0),
    legacy(&encoding_rs::WINDOWS_1253_INIT, 3.0),
    legacy(&encoding_rs::WINDOWS_1254_INIT, 3.5),
    legacy(&encoding_rs::WINDOWS_1255_INIT, 3.5),
    legacy(&encoding_rs::WINDOWS_1256_INIT, 3.5),
    legacy(&encoding_rs::WINDOWS_1257_INIT, 3.5),
    legacy(&encoding_rs::WINDOWS_874_INIT, 3.5),
    legacy(&encoding_rs::ISO_8859_2_INIT, 4.0),
    legacy(&encoding_rs::KOI8_R_INIT, 3.5),
    legacy(&encoding_rs::KOI8_U_INIT, 4.0),
    legacy(&encoding_rs::IBM866_INIT, 4.0),
    legacy(&encoding_rs::GBK_INIT, 3.0),
    legacy(&encoding_rs::BIG5_INIT, 3.5),
    legacy(&encoding_rs::SHIFT_JIS_INIT, 3.5),
    legacy(&encoding_rs::EUC_JP_INIT, 3.5),
    legacy(&encoding_rs::EUC_KR_INIT, 3.5),
    legacy(&encoding_rs::MACINTOSH_INIT, 4.0),
    Channel {
        path: Path::Legacy {
            saved: &encoding_rs::WINDOWS_1252_INIT,
            shown: Codepage::MacRoman,
        },
        prior: 4.0,
    },
    // (A DOS console showing Windows text: `Marcel AymÚ`.)
    Channel {
        path: Path::Legacy {
            saved: &encoding_rs::WINDOWS_1252_INIT,
            shown: Codepage::Cp850,
        },
        prior: 4.5,
    },
];

/// The prior cost of a legacy file's having been saved in an encoding
/// (by its name: `windows-1250`, `Shift_JIS`, `cp437`), `-ln P(encoding)`
/// up to a constant, in nats: the byte decoder's paths
/// ([`crate::bytes`]), a file read as a whole. Roughly the shares of
/// legacy files on the web and in archives: windows-1252 about two
/// thirds; windows-1251, windows-1250, Shift_JIS and GBK a tenth of that
/// each (ln 10 = 2.3); the other Windows and East Asian codepages fewer;
/// ISO, Mac, KOI8 and DOS codepages fewer still. On little evidence (a
/// short note, a file with one `™`) the prior decides; on more, the
/// readings do. An encoding not listed costs the most.
static SAVED: &[(&str, f32)] = &[
    ("windows-1252", 0.0),
    ("windows-1250", 2.5),
    ("windows-1251", 2.5),
    ("Shift_JIS", 2.5),
    ("GBK", 2.5),
    ("gb18030", 3.0),
    ("Big5", 3.0),
    ("EUC-KR", 3.0),
    ("windows-1253", 3.5),
    ("windows-1254", 3.5),
    ("windows-1255", 3.5),
    ("windows-1256", 3.5),
    ("windows-1257", 3.5),
    ("ISO-8859-2", 4.0),
    ("ISO-8859-7", 4.0),
    ("ISO-8859-15", 4.0),
    ("EUC-JP", 4.0),
    ("windows-874", 4.0),
    ("KOI8-R", 4.5),
    ("macintosh", 5.0),
    ("cp437", 4.0),
    ("cp850", 4.0),
];

/// [`SAVED`]'s prior of the encoding named `name`.
pub(crate) fn saved_prior(name: &str) -> f32 {
    SAVED.iter().find(|s| s.0 == name).map_or(6.0, |s| s.1)
}

const fn utf8_as(cp: Codepage, prior: f32) -> Channel {
    Channel {
        path: Path::Utf8As(cp),
        prior,
    }
}

const fn legacy(saved: &'static Encoding, prior: f32) -> Channel {
    Channel {
        path: Path::Legacy {
            saved,
            shown: Codepage::Windows1252,
        },
        prior,
    }
}

/// A legacy path that saved text in a single-byte encoding and shows it in
/// a single-byte codepage, as [`letter_swaps`] sees it: over the bytes
/// 0x80-0xFF (bit `b - 0x80`), those it reads as the codepage shows them
/// or as a Latin letter where the codepage shows another (`kept`), those
/// of the latter (`swapped`), and what it reads each byte as.
pub(crate) struct LetterSwap {
    pub path: Path,
    /// The path's prior (see [`CHANNEL`]).
    prior: f32,
    /// The languages its saved encoding writes, as tables of
    /// [`model::bigrams`] (see [`languages`]; `None`: any).
    langs: Option<Vec<u16>>,
    /// The codepage the path shows text in.
    shown: Codepage,
    kept: [u64; 2],
    swapped: [u64; 2],
    reads: [char; 128],
}

/// The legacy paths of [`CHANNEL`] that save text in a single-byte
/// encoding and show it in a single-byte codepage (windows-1252, or Mac OS
/// Roman for windows-1252 text), each with what it reads letter for letter
/// (see [`LetterSwap`]).
pub(crate) fn letter_swaps() -> &'static [LetterSwap] {
    static S: std::sync::OnceLock<Vec<LetterSwap>> = std::sync::OnceLock::new();
    S.get_or_init(|| {
        CHANNEL
            .iter()
            .filter_map(|ch| match ch.path {
                Path::Legacy { saved, shown }
                    if saved.is_single_byte() && shown.is_single_byte() =>
                {
                    Some((ch, saved, shown))
                }
                _ => None,
            })
            .map(|(ch, saved, shown_in)| {
                let shown = &crate::codec::tables().decode[shown_in.index()];
                let tags = languages(saved);
                let mut swap = LetterSwap {
                    path: ch.path,
                    prior: ch.prior,
                    langs: (!tags.is_empty()).then(|| model::bigrams::languages(tags)),
                    shown: shown_in,
                    kept: [0; 2],
                    swapped: [0; 2],
                    reads: ['\0'; 128],
                };
                // (The high bytes decoded at once: a single-byte encoding
                // reads each as one character, U+FFFD where it has none.)
                let high: Vec<u8> = (0x80u8..=0xFF).collect();
                let (read_all, _) = saved.decode_without_bom_handling(&high);
                for (k, read) in read_all.chars().enumerate() {
                    let read = if read == char::REPLACEMENT_CHARACTER {
                        '\0'
                    } else {
                        read
                    };
                    swap.reads[k] = read;
                    let was = shown[k];
                    // (Asked only of bytes read as another character.)
                    let letters = read != was && letter_for_letter(was, read);
                    let bit = 1u64 << (k & 63);
                    if read == was || letters {
                        swap.kept[k >> 6] |= bit;
                    }
                    if letters {
                        swap.swapped[k >> 6] |= bit;
                    }
                }
                swap
            })
            .collect()
    })
}

/// Whether a path that reads `was` as `read` (two characters) reads a
/// letter for a letter: Latin letters both (a Latin word read with a
/// Cyrillic or Greek letter in it is no word), of the same case (a capital
/// read inside a word, `cafÚ` for `café` shown in code page 850, is no
/// letter for a letter but a fault of its own).
fn letter_for_letter(was: char, read: char) -> bool {
    let latin =
        |c: char| c.is_alphabetic() && super::script(c) == Some(1) && !model::no_alphabet_has(c);
    was.is_uppercase() == read.is_uppercase() && latin(was) && latin(read)
}

/// Whether `reading`, a single-byte legacy path's reading of `line`,
/// reads it letter for letter: each character outside ASCII as itself or
/// as a letter for a letter, at least one so, and the letters of the
/// reading outside ASCII written by one language together. What
/// [`LetterSwap::reads_letters`] tells from the line's bytes, told from
/// the reading (a test holds the two alike), without the table.
pub(crate) fn reads_letter_for_letter(line: &str, reading: &str) -> bool {
    let mut swapped = false;
    let mut letters = String::new();
    let mut a = line.chars();
    let mut b = reading.chars();
    loop {
        match (a.next(), b.next()) {
            (None, None) => break,
            (Some(c), Some(r)) => {
                if c.is_ascii() || r.is_ascii() {
                    if c != r {
                        return false;
                    }
                    continue;
                }
                if c != r {
                    if !letter_for_letter(c, r) {
                        return false;
                    }
                    swapped = true;
                }
                if r.is_alphabetic() && !letters.contains(r) {
                    letters.push(r);
                }
            }
            _ => return false,
        }
    }
    swapped && model::one_alphabet_has_all(&letters)
}

impl LetterSwap {
    /// The codepage this path shows text in.
    pub(crate) fn shown(&self) -> Codepage {
        self.shown
    }

    /// Whether this path keeps every byte of `present` a letter or what
    /// it is, and swaps a letter (the bits of [`LetterSwap::reads_letters`]).
    fn swaps_some(&self, present: [u64; 2]) -> bool {
        let outside = (present[0] & !self.kept[0]) | (present[1] & !self.kept[1]);
        let swaps = (present[0] & self.swapped[0]) | (present[1] & self.swapped[1]);
        outside == 0 && swaps != 0
    }

    /// Whether this path reads a line whose bytes outside ASCII in the
    /// codepage it shows are `present` (bit `b - 0x80`) letter for letter, some
    /// letter into another, and every letter of the reading is one that a
    /// single language writes with the others (`kljuèe` is Slovene
    /// `ključe` through windows-1250; `Ÿ` is read as no letter there, so a
    /// line with it is not read letter for letter).
    pub(crate) fn reads_letters(&self, present: [u64; 2]) -> bool {
        if !self.swaps_some(present) {
            return false;
        }
        let mut letters = String::new();
        for k in 0..128 {
            if present[k >> 6] & 1 << (k & 63) != 0 && self.reads[k].is_alphabetic() {
                letters.push(self.reads[k]);
            }
        }
        crate::model::one_alphabet_has_all(&letters)
    }

    /// The character this path reads `c` as, shown in its codepage.
    fn read(&self, c: char) -> char {
        match crate::codec::tables().row(c) {
            Some(row) => {
                let b = row[self.shown.index()];
                if b >= 0x80 {
                    self.reads[usize::from(b - 0x80)]
                } else {
                    c
                }
            }
            None => c,
        }
    }

    /// Whether the languages this path's encoding saves have letter
    /// triples ([`model::triples`]): a coherent line its document has shown
    /// garbled through it is weighed by them where the letter pairs'
    /// bound ([`LetterSwap::may_win`]) does not let it through (a word of
    /// one changed letter, `Zvoèna`, is told by the letters around it).
    pub(crate) fn has_triples(&self) -> bool {
        self.langs.is_some()
    }

    /// Whether this path's reading of `line`, letter for letter, can beat
    /// it by [`MARGIN`] with the path's prior paid, weighed as the line
    /// decoder weighs coherent lines (the n-gram model less what knowing
    /// the language adds, by letter pairs: [`model::language_gain_by_pairs`]):
    /// a necessary condition. First the n-gram model's change at the
    /// changed letters; then, where that leaves it a question, what the
    /// changed letter pairs can gain at most
    /// ([`model::bigrams::gain_change_bound`]; the other scripts' letters
    /// are the same in both stories), and for a path whose encoding saves
    /// languages of its own what the reading gains in them, which the
    /// line's own gain can only lessen. (The decoder's cost of the reading,
    /// capped at noise, never wins there: the line's own is capped at the
    /// same noise.)
    pub(crate) fn may_win(&self, line: &str) -> bool {
        let read = |c: char| if c.is_ascii() { c } else { self.read(c) };
        let change = model::lm::lm().cost_change(line, &read);
        // (Sums taken in another order than the decoder's: a hundredth of
        // a nat of room.)
        let need = change + self.prior + MARGIN - 0.01;
        if need <= 0.0 {
            return true;
        }
        let langs = self.langs.as_deref();
        if need > model::bigrams::gain_change_bound(line, &read, langs) {
            return false;
        }
        langs.is_none_or(|langs| {
            let reading: String = line.chars().map(read).collect();
            model::bigrams::language_gain_at_least(&reading, Some(langs), need)
        })
    }
}

/// The bytes outside ASCII of `line` in the codepage `shown`, as bits (`b
/// - 0x80`; in windows-1252 C1 controls as the bytes they stand for);
/// `None` where the line has a character the codepage cannot show.
pub(crate) fn shown_bytes(line: &str, shown: Codepage) -> Option<[u64; 2]> {
    let (rows, shown) = (crate::codec::tables(), shown.index());
    let mut present = [0u64; 2];
    // (ASCII skipped a word at a time.)
    let b = line.as_bytes();
    let mut at = 0;
    while let Some(k) = super::next_non_ascii(&b[at..]) {
        let (c, len) = super::decode_at(line, at + k);
        at += k + len;
        let k = usize::from(rows.row(c)?[shown].checked_sub(0x80)?);
        present[k >> 6] |= 1 << (k & 63);
    }
    Some(present)
}

/// Whether one of the legacy paths `paths` (bits over [`letter_swaps`])
/// reads `line` letter for letter into a line that may be more probable by
/// [`MARGIN`] (see [`LetterSwap::may_win`]; a path whose languages have
/// letter triples, into any such line: see [`LetterSwap::has_triples`]): a
/// line of Slovene, Czech or Polish saved in windows-1250 and shown in
/// windows-1252 is coherent text as shown (`kljuèe`, `bajtù`), and only
/// the model can tell its reading.
pub(crate) fn may_swap_letters(line: &str, paths: u32) -> bool {
    if paths == 0 || line.is_ascii() {
        return false;
    }
    // (The line's bytes in each codepage shown, asked once.)
    let mut shown: Vec<(Codepage, Option<[u64; 2]>)> = Vec::new();
    letter_swaps()
        .iter()
        .enumerate()
        .filter(|&(k, _)| paths & 1 << k != 0)
        .any(|(_, s)| {
            let present = match shown.iter().find(|e| e.0 == s.shown) {
                Some(e) => e.1,
                None => {
                    let p = shown_bytes(line, s.shown);
                    shown.push((s.shown, p));
                    p
                }
            };
            present.is_some_and(|p| s.reads_letters(p)) && (s.has_triples() || s.may_win(line))
        })
}

/// The languages (BCP 47 tags of [`model::bigrams`]) whose text a legacy
/// encoding saves, where a line shown in windows-1252 can be read letter
/// for letter from it: what a reading through that path may be written in.
/// `P(language | path)` is 0 for the others (Slovene is saved in
/// windows-1250, never in windows-1257). Empty for the paths no language
/// is read through this way.
pub(crate) fn languages(saved: &Encoding) -> &'static [&'static str] {
    if saved == encoding_rs::WINDOWS_1250 || saved == encoding_rs::ISO_8859_2 {
        &[
            "cs", "sk", "pl", "hu", "sl", "hr", "bs", "sr-Latn", "ro", "sq", "hsb", "dsb", "szl",
        ]
    } else if saved == encoding_rs::WINDOWS_1257 {
        &["lt", "lv", "et", "ltg", "sgs"]
    } else if saved == encoding_rs::WINDOWS_1254 {
        &["tr", "az", "ku", "crh", "gag"]
    } else {
        &[]
    }
}

/// The languages a reading through `path` may be in, as tables of
/// [`model::bigrams`] (see [`languages`]; `None`: any).
pub(crate) fn allowed(path: Path) -> Option<&'static [u16]> {
    letter_swaps()
        .iter()
        .find(|s| s.path == path)
        .and_then(|s| s.langs.as_deref())
}

/// The bit of `path` among [`letter_swaps`] (0 for a path that reads no
/// line letter for letter).
pub(crate) fn swap_bit(path: Path) -> u32 {
    letter_swaps()
        .iter()
        .position(|s| s.path == path)
        .map_or(0, |k| 1 << k)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each letter swap reads each high byte as its saved encoding decodes
    /// that byte alone (`'\0'` where it has no character): the table is
    /// made from one decode of all of them.
    #[test]
    fn swaps_read_each_byte_as_its_encoding() {
        for swap in letter_swaps() {
            let Path::Legacy { saved, .. } = swap.path else {
                panic!("a letter swap is a legacy path");
            };
            for b in 0x80u8..=0xFF {
                let alone = saved
                    .decode_without_bom_handling_and_without_replacement(&[b])
                    .and_then(|s| s.chars().next())
                    .unwrap_or('\0');
                assert_eq!(
                    swap.reads[usize::from(b - 0x80)],
                    alone,
                    "{} {b:#x}",
                    saved.name()
                );
            }
        }
    }
}
