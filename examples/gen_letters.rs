//! Regenerates `src/model/letters.bin`: how often each UDHR training
//! declaration writes each letter, for telling a short legacy-encoded text's
//! language from all its letters (ASCII ones included).
//!
//! Usage (the training text as for `gen_model`, see `src/model/README.md`):
//!
//! ```text
//! python3 tools/model/udhr_text.py UDHR_PACKAGE_DIR train > target/udhr-train.txt
//! cargo run --release --example gen_letters -- target/udhr-train.txt
//! ```
//!
//! Format (little-endian): u16 letter count L, L u32 letters (sorted); u16
//! language count; per language u8 cost of an unseen letter, u16 count n,
//! n times (u16 letter index, u8 cost). Costs are `-ln P(letter)` in eighths
//! of a nat, P estimated with add-half smoothing over the declaration's
//! lowercased letters below U+0800, in NFC.

use std::collections::BTreeMap;

use unicode_normalization::UnicodeNormalization;

/// Fewest letters a declaration must have to count.
const MIN_LETTERS: u32 = 2_000;

fn main() {
    let input = std::env::args()
        .nth(1)
        .expect("usage: gen_letters UDHR_TRAIN_TEXT");
    let text = std::fs::read_to_string(input).expect("read the training text");
    let mut langs: Vec<BTreeMap<char, u32>> = Vec::new();
    let mut cur: Option<BTreeMap<char, u32>> = None;
    for line in text.lines() {
        if line.starts_with("# udhr:") {
            langs.extend(cur.take());
            cur = Some(BTreeMap::new());
            continue;
        }
        let Some(counts) = cur.as_mut() else { continue };
        // In NFC, as the engine sees text (some declarations write their
        // accents decomposed).
        for c in line.nfc().flat_map(char::to_lowercase) {
            if (c as u32) < 0x800 && c.is_alphabetic() {
                *counts.entry(c).or_default() += 1;
            }
        }
    }
    langs.extend(cur.take());
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
