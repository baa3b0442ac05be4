//! Regenerates `src/model/letters.bin`: how often each training language
//! (one per UDHR declaration) writes each letter, for telling a short
//! legacy-encoded text's language from all its letters (ASCII ones
//! included) and for knowing a line's language in the line decoder.
//!
//! Usage (the training text as in `src/model/README.md`):
//!
//! ```text
//! python3 tools/model/udhr_text.py UDHR_PACKAGE_DIR train > target/udhr-train.txt
//! tools/model/build_corpus.sh /tmp/lm-text
//! cargo run --release --example gen_letters -- target/udhr-train.txt \
//!     UDHR_PACKAGE_DIR/index.js /tmp/lm-text
//! ```
//!
//! A declaration's letters are counted over its language's whole training
//! text (the n-gram model's, one file per language, named by the
//! declaration's BCP 47 tag in the package's `index.js`), or over the
//! declaration alone where its language has no such file. One declaration
//! is about 10,000 letters: a letter its language never writes cost there
//! about what a rare letter of it does (`ò` 9.2 nats in Czech, `ň` 7.6);
//! over the whole text, 12 or more.
//!
//! Format (little-endian): u16 letter count L, L u32 letters (sorted); u16
//! language count; per language u8 cost of an unseen letter, u16 count n,
//! n times (u16 letter index, u8 cost). Costs are `-ln P(letter)` in eighths
//! of a nat, P estimated with add-half smoothing over the counted
//! lowercased letters below U+0800, in NFC.

use std::collections::BTreeMap;

use unicode_normalization::UnicodeNormalization;

#[path = "common/udhr.rs"]
mod udhr;
use udhr::{bcp47_tags, language_text_letters};

/// How often each letter is written.
type Counts = BTreeMap<char, u32>;

/// Fewest letters a declaration must have to count.
const MIN_LETTERS: u32 = 2_000;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [train, index, dir] = &args[..] else {
        panic!("usage: gen_letters UDHR_TRAIN_TEXT UDHR_INDEX_JS LM_TEXT_DIR");
    };
    let text = std::fs::read_to_string(train).expect("read the training text");
    let tags = bcp47_tags(&std::fs::read_to_string(index).expect("read index.js"));
    let mut langs: Vec<BTreeMap<char, u32>> = Vec::new();
    // (Each declaration's own letters, and its language's whole text's.)
    let mut cur: Option<(Counts, Option<Counts>)> = None;
    for line in text.lines() {
        if let Some(h) = line.strip_prefix("# udhr:") {
            langs.extend(cur.take().map(|(own, whole)| whole.unwrap_or(own)));
            let code = h.split(':').next().unwrap_or("");
            let whole = tags.get(code).and_then(|tag| language_counts(dir, tag));
            cur = Some((BTreeMap::new(), whole));
            continue;
        }
        let Some((counts, _)) = cur.as_mut() else {
            continue;
        };
        count_letters(line, counts);
    }
    langs.extend(cur.take().map(|(own, whole)| whole.unwrap_or(own)));
    langs.retain(|l| l.values().sum::<u32>() >= MIN_LETTERS);
    let letters: Vec<char> = {
        let mut v: Vec<char> = langs.iter().flat_map(|l| l.keys().copied()).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let q = |p: f64| (-p.ln() * 8.0).round().clamp(0.0, 255.0) as u8;
    let mut blob = Vec::new();
    blob.extend_from_slice(&(letters.len() as u16).to_le_bytes());
    for &c in &letters {
        blob.extend_from_slice(&(c as u32).to_le_bytes());
    }
    blob.extend_from_slice(&(langs.len() as u16).to_le_bytes());
    for l in &langs {
        let total = f64::from(l.values().sum::<u32>()) + 50.0;
        blob.push(q(0.5 / total));
        blob.extend_from_slice(&(l.len() as u16).to_le_bytes());
        for (&c, &k) in l {
            let i = letters.binary_search(&c).expect("indexed") as u16;
            blob.extend_from_slice(&i.to_le_bytes());
            blob.push(q((f64::from(k) + 0.5) / total));
        }
    }
    std::fs::write("src/model/letters.bin", &blob).expect("write the letters");
    eprintln!(
        "{} languages, {} letters, {} bytes",
        langs.len(),
        letters.len(),
        blob.len()
    );
}

/// How often the training text of the language `tag` (`DIR/TAG.txt`)
/// writes each letter, or `None` without such a file.
fn language_counts(dir: &str, tag: &str) -> Option<Counts> {
    let counts = language_text_letters(dir, tag)?;
    Some(
        counts
            .into_iter()
            .filter(|&(c, _)| (c as u32) < 0x800)
            .map(|(c, n)| (c, u32::try_from(n).expect("fewer than 2^32 letters")))
            .collect(),
    )
}

/// Counts the letters of `text` below U+0800, lowercased, in NFC, as the
/// engine sees text (some declarations write their accents decomposed).
fn count_letters(text: &str, counts: &mut BTreeMap<char, u32>) {
    for c in text.nfc().flat_map(char::to_lowercase) {
        if (c as u32) < 0x800 && c.is_alphabetic() {
            *counts.entry(c).or_default() += 1;
        }
    }
}
