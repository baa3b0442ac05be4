//! mojifix repairs mojibake and normalizes text, and never damages text
//! that was right.
//!
//! Text gets garbled when UTF-8 bytes are read in the wrong encoding:
//! `café` becomes `cafÃ©`, `–` becomes `â€“`, `Release 3 🎉` becomes
//! `Release 3 ðŸŽ‰`. mojifix finds such runs inside otherwise clean text,
//! judges whether reversing the wrong decode makes the text more plausible,
//! and reverses it only when it clearly does. Then it normalizes to NFC.
//! Nothing else changes unless asked for: no quote uncurling, no width
//! folding, line endings kept.
//!
//! # Example: one string
//!
//! ```
//! assert_eq!(mojifix::fix_str("cafÃ© â€“ naÃƒÂ¯ve"), "café – naïve");
//! // Correct text comes back as it was, borrowed.
//! assert_eq!(mojifix::fix_str("SÃO PAULO, „quotes“, Metal³"), "SÃO PAULO, „quotes“, Metal³");
//! ```
//!
//! # Example: a reusable fixer, and what it changed
//!
//! ```
//! let fixer = mojifix::Fixer::builder().build();
//! let e = fixer.explain_str("Ã€ bientÃ´t");
//! assert_eq!(e.text, "À bientôt");
//! for change in &e.changes {
//!     println!("{}..{}: {change}", change.range.start, change.range.end);
//! }
//! ```
//!
//! # Example: bytes in any encoding
//!
//! ```
//! // A UTF-8 file with one windows-1252 line pasted in.
//! let bytes = b"caf\xC3\xA9 in UTF-8\ncaf\xE9 in windows-1252\n";
//! let e = mojifix::Fixer::new().explain_bytes(bytes);
//! assert_eq!(e.text, "café in UTF-8\ncafé in windows-1252\n");
//! assert_eq!(e.decoded[0].encoding, "windows-1252");
//! assert_eq!(e.decoded[0].range, 15..36);
//! ```
//!
//! # Example: a stream
//!
//! [`StreamFixer`] takes chunks (with a `last` flag, as encoding_rs's
//! decoders do), [`FixReader`] wraps an `io::Read`, [`FixWriter`] an
//! `io::Write`; all three give exactly the one-shot result, in bounded
//! memory (see the [`stream`](StreamFixer) docs for what is held back).
//! [`StreamFixer::feed_borrowed`] returns the text instead of appending
//! it: clean text fed in whole lines comes back as the very bytes fed,
//! for a filter to write out without copying; [`StreamFixer::feed_parts`]
//! returns it in parts, so that the clean lines around repaired ones come
//! back uncopied too.
//!
//! ```
//! use std::io::Read;
//! // "Ã©tÃ© – fin": mojibake inside UTF-8 bytes.
//! let input = &b"\xC3\x83\xC2\xA9t\xC3\x83\xC2\xA9 \xE2\x80\x93 fin\n"[..];
//! let mut text = String::new();
//! mojifix::FixReader::new(input, &mojifix::Fixer::new()).read_to_string(&mut text).unwrap();
//! assert_eq!(text, "été – fin\n");
//! ```
//!
//! # Example: Markdown code and replayable plans
//!
//! ```
//! use mojifix::{Codepage, MarkdownCode, Plan};
//! // A clean document may quote mojibake in code: it is kept.
//! assert_eq!(mojifix::fix_str("The bug: `cafÃ©`."), "The bug: `cafÃ©`.");
//! // Unless asked otherwise.
//! let f = mojifix::Fixer::builder().markdown_code(MarkdownCode::Repair).build();
//! assert_eq!(f.fix_str("The bug: `cafÃ©`."), "The bug: `café`.");
//! // A change's plan replays on text garbled the same way.
//! let plan = mojifix::explain_str("naÃ¯ve").changes[0].plan();
//! assert_eq!(plan, Plan::reversing(&[Codepage::Windows1252]));
//! assert_eq!(plan.apply("crÃ¨me").as_deref(), Some("crème"));
//! ```
//!
//! # How it decides
//!
//! Every run of characters that some codepage (windows-1252 and its
//! ISO-8859-1 twin, mac_roman, windows-1250/1251/1253/1254/1257, ISO-8859-2,
//! KOI8-R/U, cp437, cp850, cp866, GBK, Shift_JIS, EUC-KR) encodes to valid
//! multi-byte UTF-8 is a candidate. A character bigram model, generated from
//! clean text in hundreds of languages, scores the run and its repair in
//! their context (the neighbouring characters, the case of the word, the
//! script of the line); a repair is made only when it is clearly more
//! plausible. Lone sequences made only of letters and sequences that lost a
//! byte need more evidence, unless the line is already proven garbled; the
//! codepage that explains most of a line is preferred for the rest of it.
//!
//! # Speed
//!
//! Clean text is proven clean by a word-at-a-time ASCII skip and a
//! table-driven look at its non-ASCII characters; nothing is allocated then
//! and the input comes back borrowed. Only the lines around a possible
//! mojibake sequence (or a character that NFC may change) are judged.
//!
//! # Errors and panics
//!
//! Fixing never fails: any bytes give text (undecodable bytes become U+FFFD,
//! counted in [`Explanation::replaced`]). The one fallible call, naming an
//! encoding by label, returns an [`Error`]. The library never prints or
//! exits.

#![deny(missing_docs)]

mod bytes;
mod codec;
mod error;
mod explain;
mod fixer;
mod markdown;
mod model;
mod nfc;
mod repair;
mod stream;
pub mod tidy;

/// What the crate's own property tests share.
#[cfg(test)]
mod testing {
    /// A property test's settings: `cases` cases from a fixed seed, so
    /// that every run tries the same inputs, and no failure files.
    pub(crate) fn fixed_cases(cases: u32) -> proptest::test_runner::Config {
        proptest::test_runner::Config {
            cases,
            rng_seed: proptest::test_runner::RngSeed::Fixed(20_261_206),
            failure_persistence: None,
            ..proptest::test_runner::Config::default()
        }
    }
}

use std::borrow::Cow;

pub use bytes::{looks_binary, DecodedRange};
pub use codec::Codepage;
pub use error::{Error, ErrorKind};
pub use explain::{Change, Explanation, Margin, Plan, Step};
pub use fixer::{Encoding, Fixer, FixerBuilder, MarkdownCode};
pub use stream::{FixReader, FixWriter, StreamFixer};

/// Repairs mojibake in `text` with the default settings, then NFC; borrows
/// `text` when nothing changes.
///
/// ```
/// assert_eq!(mojifix::fix_str("soonâ„¢"), "soon™");
/// ```
pub fn fix_str(text: &str) -> Cow<'_, str> {
    default_fixer().fix_str(text)
}

/// Repairs bytes in any encoding with the default settings: BOMs, UTF-16,
/// legacy codepages and UTF-8 with legacy lines pasted in all come out as
/// UTF-8 text. Borrows when the bytes are UTF-8 and need nothing.
///
/// ```
/// // Shift_JIS bytes of "日本語のテキスト"
/// let sjis = b"\x93\xfa\x96\x7b\x8c\xea\x82\xcc\x83\x65\x83\x4c\x83\x58\x83\x67";
/// assert_eq!(mojifix::fix_bytes(sjis), "日本語のテキスト");
/// ```
pub fn fix_bytes(bytes: &[u8]) -> Cow<'_, str> {
    default_fixer().fix_bytes(bytes)
}

/// Repairs `text` and lists every change, with the default settings.
pub fn explain_str(text: &str) -> Explanation {
    default_fixer().explain_str(text)
}

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

fn default_fixer() -> &'static Fixer {
    static F: std::sync::OnceLock<Fixer> = std::sync::OnceLock::new();
    F.get_or_init(Fixer::new)
}

#[doc(hidden)]
pub mod __private {
    //! Internals for the table generator in `examples/`; not a public API.
    /// The scan's table of characters below U+3000, from its sources (the
    /// contents of `src/repair/scan/chars.bin`).
    pub fn scan_char_table() -> Vec<u8> {
        crate::repair::char_table()
    }
    /// What each high byte reads as in each single-byte codepage, from
    /// encoding_rs and oem_cp (the contents of `src/codec.bin`).
    pub fn codec_decode_table() -> Vec<u8> {
        crate::codec::decode_table_bytes()
    }
    /// The floating-point sums of the letter frequencies, from
    /// `src/model/letters.bin` (the contents of `src/model/letter_sums.bin`).
    pub fn letter_sums_table() -> Vec<u8> {
        crate::model::letters::letter_sums_table()
    }
    /// The scan's walk sets over CJK characters, from their sources (the
    /// contents of `src/repair/scan/cjk_walk.bin`).
    pub fn scan_cjk_walk_table() -> Vec<u8> {
        crate::repair::cjk_walk_table()
    }
    /// Facts of the characters below U+0800 the alphabets ask, from their
    /// sources (the contents of `src/model/letter_facts.bin`).
    pub fn letter_facts_table() -> Vec<u8> {
        crate::model::alphabets::letter_facts_table()
    }
    /// The n-gram model's line boundary token.
    pub const LM_BOUNDARY: u32 = crate::model::lm::BOUNDARY;
    /// The first token of the n-gram model's class-share entries.
    pub const LM_MEMBERS: u32 = crate::model::lm::MEMBERS;
    /// The first token of the n-gram model's class-shape entries.
    pub const LM_SHAPES: u32 = crate::model::lm::SHAPES;
    /// The class of an n-gram model token.
    pub fn lm_class_of(t: u32) -> u32 {
        crate::model::lm::class_of(t)
    }
    /// The n-gram model's token for a rare character: its class.
    pub fn lm_class_token(c: char) -> u32 {
        crate::model::lm::class_token(c)
    }
    /// The n-gram model's cost of a line, in nats.
    pub fn lm_cost(text: &str) -> f32 {
        crate::model::lm::lm().cost(text)
    }
    /// What each token of a line costs the n-gram model, in nats: the
    /// line's characters as the model reads them, then the boundary.
    pub fn lm_costs(text: &str) -> Vec<f32> {
        let mut v = Vec::new();
        crate::model::lm::lm().cost_each(text, |c| v.push(c));
        v
    }
    /// What knowing the language adds to the n-gram model for a line, in
    /// nats (see `model::language_gain`).
    pub fn language_gain(text: &str) -> f32 {
        crate::model::language_gain(text)
    }
    /// A line's shape, as the line decoder weighs it: whether its letters
    /// can be one text (`coherence::coherent`), and whether one of its words
    /// cannot be written (`coherence::has_incoherent_word`).
    pub fn line_shape(text: &str) -> (bool, bool) {
        (
            crate::repair::coherence::coherent(text),
            crate::repair::coherence::has_incoherent_word(text),
        )
    }
    /// What knowing the language adds for a line, by letter pairs (see
    /// `model::language_gain_by_pairs`), in nats.
    pub fn language_gain_by_pairs(text: &str) -> f32 {
        crate::model::language_gain_by_pairs(text, None)
    }
    /// `-ln P(b | a)` by the letter pairs of the language `tag`, in nats
    /// (letters as indices among those of `bigrams.bin`; `None`: the word
    /// boundary), or `None` if there is no such table.
    pub fn pair_cost(tag: &str, a: Option<u16>, b: Option<u16>) -> Option<f64> {
        let t = crate::model::bigrams::table_of(tag)?;
        Some(f64::from(crate::model::bigrams::pair_cost(t, a, b)) / 8.0)
    }
    /// The letters of `bigrams.bin` and its tables' languages (the pool's
    /// `*` last), which `triples.bin` shares.
    pub fn bigram_letters_and_tags() -> (Vec<char>, Vec<&'static str>) {
        crate::model::bigrams::letters_and_tags()
    }
    /// `triples.bin` from its entries (kind, table, symbols, cost; see
    /// `model::triples::table`), and how many entries are shadowed.
    pub fn triples_table(has: &[u8], entries: &[(u64, u16, [u16; 3], u8)]) -> (Vec<u8>, usize) {
        crate::model::triples::table(has, entries)
    }
    /// The languages a legacy single-byte path reads letter for letter
    /// from (see `repair::channel::languages`), all paths together.
    pub fn legacy_languages() -> Vec<&'static str> {
        let mut tags: Vec<&'static str> = [
            encoding_rs::WINDOWS_1250,
            encoding_rs::WINDOWS_1257,
            encoding_rs::WINDOWS_1254,
        ]
        .iter()
        .flat_map(|e| crate::repair::channel::languages(e).iter().copied())
        .collect();
        tags.sort_unstable();
        tags.dedup();
        tags
    }
    /// The pooled cost of a line's Latin letters (by letter pairs), the
    /// best language's by letter triples, and that language's table, in
    /// nats (see `model::triples::costs`).
    pub fn triple_costs(text: &str) -> (f32, f32, u16) {
        crate::model::triples::costs(text)
    }
    /// The n-gram model's unigram cost of a line, in nats.
    pub fn lm_unigram_cost(text: &str) -> f32 {
        crate::model::lm::lm().unigram_cost(text)
    }
    /// The n-gram model's table, from n-grams with their cost and context
    /// weight in nats.
    pub fn lm_table(entries: &[(Vec<u32>, f32, f32)]) -> Vec<u8> {
        crate::model::lm::table(entries)
    }
    pub mod model {
        //! The plausibility model's id mapping.
        use crate::model::{class, model};
        /// The boundary id.
        pub const BOUNDARY: usize = class::BOUNDARY as usize;
        /// Number of ids.
        pub fn size() -> usize {
            model().size()
        }
        /// Number of coarse classes.
        pub fn class_count() -> usize {
            usize::from(class::COUNT)
        }
        /// The id of a character.
        pub fn id(c: char) -> usize {
            usize::from(model().id(c))
        }
        /// The model's cost of a text, in nats.
        pub fn cost(text: &str) -> f32 {
            model().cost_between(None, text, None)
        }
        /// The coarse class of an id.
        pub fn class_of_id(id: usize) -> usize {
            usize::from(model().class_of_id(id as u16))
        }
    }
}
