//! Regenerates `src/model/triples.bin`: for the languages a legacy
//! single-byte path reads letter for letter (those of
//! `repair::channel::languages`: Central European, Baltic, Turkish), how
//! probable each Latin letter is after the two before it, where that says
//! more than the letter before alone. Knowing the two letters before is
//! what tells a line of Slovene with one `è` (`in èaka`, its `č` saved in
//! windows-1250 and shown in windows-1252) from Slovene: after `in ` and
//! `aka`, Slovene writes `č`, never `è`.
//!
//! Usage (the training text as in `src/model/README.md`; run after
//! `gen_bigrams`, whose letters, languages and pairs this file builds on):
//!
//! ```text
//! tools/model/build_corpus.sh /tmp/lm-text
//! cargo run --release --example gen_triples -- /tmp/lm-text
//! ```
//!
//! Each language is read as `gen_bigrams` reads it: the start of its file,
//! at most [`MAX_CHARS`] characters, in NFC, lowercased, as a word stream
//! (a Latin letter of `bigrams.bin`'s list is itself; anything else ends a
//! word, and a run of such characters is one word boundary; the stream
//! starts after two boundaries).
//!
//! The estimate is Witten-Bell interpolation over the language's letter
//! pairs (`bigrams.bin`): `P(c | a b) = (C(a b c) + D P2(c | b)) / (N + D)`,
//! `N` the letters seen after `a b`, `D` the distinct ones, `P2` the pair
//! table's. Stored: each context seen [`MIN_CONTEXT`] times, as its
//! back-off weight `D / (N + D)`, and each triple seen [`MIN_TRIPLE`] times
//! there that is at least [`MIN_GAIN`] more probable than backing off
//! says. Everything else backs off: a context not stored with the weight 1
//! (its letter pairs alone), a language without triples to its pairs.
//!
//! Format (little-endian): `MJTR`; u16 table count T (the tables of
//! `bigrams.bin`, in its order, the pool last); T u8, 1 where the table has
//! triples; u32 slot count S (a power of two); S slots of three bytes, a
//! u16 fingerprint (`0`: empty) and a u8 cost, `-ln P` in eighths of a nat
//! (saturating at 255), found by the key's hash, probing linearly. Keys:
//! kind (0 a triple, 1 a context's back-off weight), table, and the
//! symbols (0 the boundary, `i + 1` letter `i`). `src/model/triples.rs`
//! lays the table out (`model::triples::table`), and reads it.

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;

/// Characters read of each language's text (as `gen_bigrams`).
const MAX_CHARS: usize = 600_000;
/// Fewest times a language must write a triple for it to be stored.
/// (These three keep the table within the release binary's budget: 81,096
/// entries, 394 KB.)
const MIN_TRIPLE: u32 = 8;
/// Fewest letters a language must write after a context for it to be
/// stored.
const MIN_CONTEXT: u32 = 20;
/// Least a triple must add over backing off, in nats, to be stored.
const MIN_GAIN: f64 = 1.0;

#[derive(Default)]
struct Counts {
    tri: HashMap<(u16, u16, u16), u32>,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir] = &args[..] else {
        panic!("usage: gen_triples LM_TEXT_DIR");
    };
    let (letters, tags) = mojifix::__private::bigram_letters_and_tags();
    let index: HashMap<char, u16> = letters
        .iter()
        .enumerate()
        .map(|(i, &c)| (c, i as u16 + 1))
        .collect();
    let legacy = mojifix::__private::legacy_languages();
    let q = |p: f64| (-p.ln() * 8.0).round().clamp(0.0, 255.0) as u8;
    let sym = |s: u16| s.checked_sub(1);
    let mut entries: Vec<(u64, u16, [u16; 3], u8)> = Vec::new();
    let mut has = vec![0u8; tags.len()];
    for (t, tag) in tags.iter().enumerate() {
        if !legacy.contains(tag) {
            continue;
        }
        has[t] = 1;
        let text = std::fs::read_to_string(format!("{dir}/{tag}.txt")).expect("read a language");
        let head: String = text.chars().take(MAX_CHARS).collect();
        let c = count(&head, &index);
        // What follows each context: letters seen, distinct letters.
        let mut after: HashMap<(u16, u16), (f64, f64)> = HashMap::new();
        for (&(a, b, _), &k) in &c.tri {
            let e = after.entry((a, b)).or_default();
            e.0 += f64::from(k);
            e.1 += 1.0;
        }
        let pair = |b: u16, s: u16| {
            let cost = mojifix::__private::pair_cost(tag, sym(b), sym(s)).expect("a table");
            (-cost).exp()
        };
        let t = t as u16;
        for (&(a, b), &(n, d)) in &after {
            if n >= f64::from(MIN_CONTEXT) {
                entries.push((1, t, [a, b, 0], q(d / (n + d))));
            }
        }
        for (&(a, b, s), &k) in &c.tri {
            let (n, d) = after[&(a, b)];
            if k < MIN_TRIPLE || n < f64::from(MIN_CONTEXT) {
                continue;
            }
            let p = pair(b, s);
            let kept = (f64::from(k) + d * p) / (n + d);
            // (What the triple adds over backing off, in nats.)
            if (kept / (d * p / (n + d))).ln() >= MIN_GAIN {
                entries.push((0, t, [a, b, s], q(kept)));
            }
        }
    }
    // (Placed in key order: the file is the same however the counts were
    // held. A key that meets another's fingerprint earlier in its chain
    // reads as that one: counted, and rare.)
    let (blob, shadowed) = mojifix::__private::triples_table(&has, &entries);
    std::fs::write("src/model/triples.bin", &blob).expect("write the table");
    for kind in 0..2u64 {
        eprintln!(
            "kind {kind}: {}",
            entries.iter().filter(|e| e.0 == kind).count()
        );
    }
    eprintln!(
        "{} tables, {} with triples, {} entries ({shadowed} shadowed), {} bytes",
        tags.len(),
        has.iter().filter(|&&h| h == 1).count(),
        entries.len(),
        blob.len()
    );
}

/// The counts of `text`'s word stream (symbols as in the format).
fn count(text: &str, index: &HashMap<char, u16>) -> Counts {
    let mut c = Counts::default();
    let (mut a, mut b) = (0u16, 0u16);
    for ch in text.nfc().flat_map(char::to_lowercase) {
        let latin = ch < '\u{2B0}' || ('\u{1E00}'..='\u{1EFF}').contains(&ch);
        let s = if latin && ch.is_alphabetic() {
            index.get(&ch).copied().unwrap_or(0)
        } else {
            0
        };
        if s == 0 && b == 0 {
            continue;
        }
        *c.tri.entry((a, b, s)).or_default() += 1;
        (a, b) = (b, s);
    }
    c
}
