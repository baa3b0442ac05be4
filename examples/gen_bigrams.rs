//! Regenerates `src/model/bigrams.bin`: for each language written in the
//! Latin script, how probable each letter is after the one before it (or
//! at the start of a word), for telling which language a line of Latin
//! letters is in better than its letters one by one can. `kljuèe` and
//! `ključe` have the same letters as often in a line of Slovene but for
//! one; which one Slovene writes after `u` is what tells them apart.
//!
//! Usage (the training text as in `src/model/README.md`):
//!
//! ```text
//! tools/model/build_corpus.sh /tmp/lm-text
//! cargo run --release --example gen_bigrams -- /tmp/lm-text
//! ```
//!
//! The languages are those `sizes.tsv` of the training text lists as
//! written in Latin, with at least [`MIN_BYTES`] of text; each is read from
//! the start of its file for at most [`MAX_CHARS`] characters, in NFC,
//! lowercased. A letter is an alphabetic character of the Latin script
//! (below U+02B0, or Latin Extended Additional); anything else ends a
//! word, and a run of such characters is one word boundary. A language's
//! own letters are those it writes at least [`MIN_COUNT`] times; the
//! others are one symbol, "another letter". The last table pools every
//! language's counts (its own letters: those written [`MIN_POOLED`] times).
//!
//! `P(b | a) = λ C(a b) / C(a) + (1 - λ) P(b)`, `λ` = [`LAMBDA`]. The
//! pool's `P(b) = (C(b) + 0.5) / (N + 0.5 V)` over the letters of every
//! language (`V` of them, the boundary one more); a language's backs off
//! to the pool's, `P(b) = (C(b) + μ P_pool(b)) / (N + μ)` with `μ = 0.5 V`
//! (the weight add-half smoothing gives the unseen letters, spread as the
//! pool spreads them): a letter a language has never written costs it
//! more than it costs the pool, never less. After another letter only
//! `P(b)` counts.
//!
//! Format (little-endian): `MJBG`; u16 letter count G, G u32 letters
//! (sorted), G u8 costs `-ln P_pool(letter)` in eighths of a nat; u16 table
//! count; per table: u8 tag length, the tag (`*` for the pool), u16 count n
//! of its letters, n u16 letter indices (ascending), then (n + 2) x (n + 2)
//! u8 costs `-ln P(column | row)` in eighths of a nat (saturating at 255),
//! rows and columns in the order word boundary, the n letters, another
//! letter. The column of another letter holds the cost less the pool's
//! cost of the letter, which the reader adds.

use std::collections::{BTreeMap, BTreeSet};

use unicode_normalization::UnicodeNormalization;

/// Fewest bytes of training text a language must have to count.
const MIN_BYTES: usize = 3_000;
/// Characters read of each language's text.
const MAX_CHARS: usize = 600_000;
/// Fewest times a language must write a letter for it to be its own.
const MIN_COUNT: u32 = 10;
/// Fewest times all languages together must write a letter for it to be
/// one of the pool's own.
const MIN_POOLED: u32 = 1_000;
/// The weight of the letter before.
const LAMBDA: f64 = 0.9;

/// A symbol of a word stream: the boundary, or a letter.
type Sym = Option<char>;

#[derive(Default)]
struct Counts {
    uni: BTreeMap<Sym, u32>,
    bi: BTreeMap<(Sym, Sym), u32>,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir] = &args[..] else {
        panic!("usage: gen_bigrams LM_TEXT_DIR");
    };
    let sizes = std::fs::read_to_string(format!("{dir}/sizes.tsv")).expect("read sizes.tsv");
    let mut tables: Vec<(String, Counts)> = Vec::new();
    for row in sizes.lines().skip(1) {
        let f: Vec<&str> = row.split('\t').collect();
        let (Some(&tag), Some(bytes), Some(&"Latn")) = (
            f.first(),
            f.get(1).and_then(|b| b.parse::<usize>().ok()),
            f.get(4),
        ) else {
            continue;
        };
        if bytes < MIN_BYTES {
            continue;
        }
        let text = std::fs::read_to_string(format!("{dir}/{tag}.txt")).expect("read a language");
        let head: String = text.chars().take(MAX_CHARS).collect();
        tables.push((tag.to_string(), count(&head)));
    }
    let mut pool = Counts::default();
    for (_, c) in &tables {
        for (&s, &k) in &c.uni {
            *pool.uni.entry(s).or_default() += k;
        }
        for (&p, &k) in &c.bi {
            *pool.bi.entry(p).or_default() += k;
        }
    }
    tables.push(("*".to_string(), pool));
    // Each table's own letters, and all of them.
    let own: Vec<Vec<char>> = tables
        .iter()
        .map(|(tag, c)| {
            let least = if tag == "*" { MIN_POOLED } else { MIN_COUNT };
            c.uni
                .iter()
                .filter_map(|(&s, &k)| s.filter(|_| k >= least))
                .collect()
        })
        .collect();
    let letters: Vec<char> = own
        .iter()
        .flatten()
        .copied()
        .collect::<BTreeSet<char>>()
        .into_iter()
        .collect();
    let v = letters.len() as f64 + 1.0;
    let q = |p: f64| (-p.ln() * 8.0).round().clamp(0.0, 255.0) as u8;
    // The pool's probability of each letter and of the word boundary:
    // what a language's estimate backs off to.
    let (_, pool) = tables.last().expect("the pool");
    let pool_n: f64 = pool.uni.values().map(|&k| f64::from(k)).sum();
    let pooled =
        |s: Sym| (f64::from(pool.uni.get(&s).copied().unwrap_or(0)) + 0.5) / (pool_n + 0.5 * v);
    let mut blob = b"MJBG".to_vec();
    blob.extend_from_slice(&(letters.len() as u16).to_le_bytes());
    for &c in &letters {
        blob.extend_from_slice(&(c as u32).to_le_bytes());
    }
    for &c in &letters {
        blob.push(q(pooled(Some(c))));
    }
    blob.extend_from_slice(&(tables.len() as u16).to_le_bytes());
    for ((tag, c), own) in tables.iter().zip(&own) {
        blob.push(tag.len() as u8);
        blob.extend_from_slice(tag.as_bytes());
        blob.extend_from_slice(&(own.len() as u16).to_le_bytes());
        for l in own {
            let i = letters.binary_search(l).expect("indexed") as u16;
            blob.extend_from_slice(&i.to_le_bytes());
        }
        // Symbols: the boundary, the own letters, another letter (`None`
        // in this list stands for the boundary; the last entry is the
        // other letter: its column holds the cost without the pool's
        // probability of the letter, which the reader adds).
        let syms: Vec<Sym> = std::iter::once(None)
            .chain(own.iter().map(|&l| Some(l)))
            .collect();
        let n: f64 = c.uni.values().map(|&k| f64::from(k)).sum();
        // (A language backs off to the pool with the weight of `0.5 V`
        // letters; the pool's own rare letters are its estimate itself.)
        let mu = 0.5 * v;
        let is_pool = tag == "*";
        let uni = |s: Option<Sym>| match s {
            Some(s) if is_pool => pooled(s),
            Some(s) => (f64::from(c.uni.get(&s).copied().unwrap_or(0)) + mu * pooled(s)) / (n + mu),
            None if is_pool => 1.0,
            None => mu / (n + mu),
        };
        let rows: Vec<Option<Sym>> = syms.iter().map(|&s| Some(s)).chain([None]).collect();
        for &a in &rows {
            let ca = a.map(|a| f64::from(c.uni.get(&a).copied().unwrap_or(0)));
            for &b in &rows {
                let p = match (a, ca) {
                    (Some(a), Some(ca)) if ca > 0.0 => {
                        let cab =
                            b.map_or(0.0, |b| f64::from(c.bi.get(&(a, b)).copied().unwrap_or(0)));
                        LAMBDA * cab / ca + (1.0 - LAMBDA) * uni(b)
                    }
                    _ => uni(b),
                };
                blob.push(q(p));
            }
        }
    }
    std::fs::write("src/model/bigrams.bin", &blob).expect("write the tables");
    eprintln!(
        "{} tables, {} letters, {} bytes",
        tables.len(),
        letters.len(),
        blob.len()
    );
}

/// The unigram and bigram counts of `text`'s word stream.
fn count(text: &str) -> Counts {
    let mut c = Counts::default();
    let mut prev: Sym = None;
    let mut first = true;
    for ch in text.nfc().flat_map(char::to_lowercase) {
        let latin = ch < '\u{2B0}' || ('\u{1E00}'..='\u{1EFF}').contains(&ch);
        let s = (latin && ch.is_alphabetic()).then_some(ch);
        if s.is_none() && prev.is_none() && !first {
            continue;
        }
        *c.uni.entry(s).or_default() += 1;
        if !first {
            *c.bi.entry((prev, s)).or_default() += 1;
        }
        first = false;
        prev = s;
    }
    c
}
