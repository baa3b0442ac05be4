//! Estimates the character n-gram model (`src/model/lm.bin`).
//!
//! Usage: `cargo run --release --example gen_lm -- DIR [SCALE]`,
//! where DIR holds the training text, one UTF-8 file per language (see
//! `tools/model/README.md` for where it comes from and its licences).
//!
//! The model is a Witten-Bell interpolated 4-gram model over code points,
//! case kept, each line framed by a boundary. Characters seen fewer than
//! [`RARE`] times are replaced by their coarse class (see `model::coarse`),
//! so a rare letter costs what its class makes likely, plus its share of
//! the class: `ln` of the number of distinct rare characters of the class
//! in training (entries `[MEMBERS, class]`). Every other character is kept
//! as a unigram, so the model's vocabulary is what training saw often. A tenth of the lines
//! of each file are also learnt in capitals, so that headings and shouted
//! lines read as text. The most frequent n-grams of each order are kept
//! (see [`KEEP`]); a pruned n-gram falls back to its context's weight times
//! the shorter context's estimate, which is exact Witten-Bell for n-grams
//! never seen. The table layout is documented in `src/model/lm.rs`.

use std::collections::HashMap;
use std::io::Write;

/// Characters seen fewer times than this become their class.
const RARE: u64 = 3;
/// N-grams kept per order (2 to 4); every unigram is kept.
const KEEP: [usize; 3] = [300_000, 280_000, 180_000];
/// Entries the table may hold: 2^20 slots at a load of 3/4 (4 MiB).
const BUDGET: usize = 786_432;
/// Bytes read from the file of each language mojibake is commonly made of
/// (the languages of the legacy codepages), at most.
const PER_FILE: usize = 1_500_000;
/// Bytes read from the file of any other language, at most: enough for its
/// letters and their company, not so much that hundreds of languages
/// crowd out the n-grams of the common ones.
const PER_OTHER: usize = 80_000;
/// The languages of the legacy codepages and the scripts mojibake hides.
const COMMON: &[&str] = &[
    "af", "ar", "az", "be", "bg", "bs", "ca", "cs", "cy", "da", "de", "el", "en", "eo", "es", "et",
    "eu", "fa", "fi", "fil", "fo", "fr", "ga", "gl", "he", "hi", "hr", "hu", "hy", "id", "is",
    "it", "ja", "ka", "kk", "ko", "lt", "lv", "mk", "ms", "mt", "nb", "nl", "nn", "no", "pl", "pt",
    "ro", "ru", "sk", "sl", "sq", "sr", "sr-Latn", "sv", "sw", "th", "tr", "uk", "ur", "uz", "vi",
    "zh-Hans", "zh-Hant", "symbols",
];

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("usage: gen_lm DIR [SCALE]");
    let scale: f64 = args.next().map_or(1.0, |s| s.parse().expect("a number"));
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("training directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let lines = training_lines(&files, scale);
    eprintln!("{} files, {} lines", files.len(), lines.len());
    // Character counts, then the token of each character.
    let mut char_counts: HashMap<char, u64> = HashMap::new();
    for l in &lines {
        for c in l.chars() {
            *char_counts.entry(c).or_default() += 1;
        }
    }
    let token = |c: char| -> u32 {
        if char_counts.get(&c).copied().unwrap_or(0) >= RARE {
            c as u32
        } else {
            mojifix::__private::lm_class_token(c)
        }
    };
    // N-gram counts: key = up to four tokens packed 21 bits each.
    let mut counts: [HashMap<u128, u64>; 4] = Default::default();
    let mut seq: Vec<u32> = Vec::new();
    for l in &lines {
        seq.clear();
        seq.push(mojifix::__private::LM_BOUNDARY);
        seq.extend(l.chars().map(token));
        seq.push(mojifix::__private::LM_BOUNDARY);
        for i in 1..seq.len() {
            for n in 1..=4usize {
                if i + 1 < n {
                    break;
                }
                let key = pack(&seq[i + 1 - n..=i]);
                *counts[n - 1].entry(key).or_default() += 1;
            }
        }
    }
    // Per context: total count and distinct followers (Witten-Bell).
    let mut ctx: HashMap<u128, (u64, u64)> = HashMap::new();
    for (n, table) in counts.iter().enumerate().skip(1) {
        for (&key, &c) in table {
            let h = context_of(key, n + 1);
            let e = ctx.entry(h | (n as u128) << 120).or_default();
            e.0 += c;
            e.1 += 1;
        }
    }
    let total1: u64 = counts[0].values().sum();
    let types1 = counts[0].len() as u64;
    // Interpolated probabilities, order by order.
    let mut prob: HashMap<u128, f64> = HashMap::new();
    for (&key, &c) in &counts[0] {
        let p = (c as f64 + 0.5) / (total1 as f64 + 0.5 * types1 as f64);
        prob.insert(key | 1u128 << 124, p);
    }
    for n in 2..=4usize {
        for (&key, &c) in &counts[n - 1] {
            let h = context_of(key, n);
            let (tot, types) = ctx[&(h | ((n - 1) as u128) << 120)];
            let lower = lower_prob(&prob, &ctx, key, n - 1);
            let p = (c as f64 + types as f64 * lower) / (tot + types) as f64;
            prob.insert(key | (n as u128) << 124, p);
        }
    }
    // Keep the most frequent of each order.
    let mut kept: Vec<(u128, usize, f64)> = Vec::new();
    // Ranked by frequency within the n-gram's script, so that scripts
    // written by fewer lines of the corpus (Han, Hangul, Thai) keep their
    // share of the table.
    let mut per_script = [0u64; SCRIPTS];
    for (&key, &c) in &counts[0] {
        per_script[script_of(&unpack(key, 1))] += c;
    }
    // Rare characters per class: each one's share of its class.
    let mut members: HashMap<u32, u64> = HashMap::new();
    for (&c, &n) in &char_counts {
        if n < RARE {
            *members
                .entry(mojifix::__private::lm_class_token(c))
                .or_default() += 1;
        }
    }
    let unigrams = counts[0].len();
    let spare = BUDGET - unigrams - members.len();
    let wanted: usize = KEEP.iter().sum();
    eprintln!(
        "{unigrams} unigrams, {} classes of rare characters",
        members.len()
    );
    for n in 1..=4usize {
        let keep = if n == 1 {
            unigrams
        } else {
            KEEP[n - 2] * spare.min(wanted) / wanted
        };
        let mut v: Vec<(u128, f64)> = counts[n - 1]
            .iter()
            .map(|(&k, &c)| {
                (
                    k,
                    c as f64 / per_script[script_of(&unpack(k, n))].max(1) as f64,
                )
            })
            .collect();
        v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        for (key, _) in v.into_iter().take(keep) {
            kept.push((key, n, prob[&(key | (n as u128) << 124)]));
        }
    }
    let kept = with_weights(kept, &prob);
    eprintln!("{} n-grams kept", kept.len());
    let mut entries: Vec<(Vec<u32>, f32, f32)> = kept
        .iter()
        .map(|&(key, n, p, bow)| (unpack(key, n), -p.ln() as f32, -bow.ln() as f32))
        .collect();
    let mut classes: Vec<_> = members.into_iter().collect();
    classes.sort();
    for (class, distinct) in classes {
        let share = (distinct as f32 + 1.0).ln();
        entries.push((vec![mojifix::__private::LM_MEMBERS, class], share, 0.0));
    }
    entries.extend(shape_entries(&lines, &token));
    let bytes = mojifix::__private::lm_table(&entries);
    let out = concat!(env!("CARGO_MANIFEST_DIR"), "/src/model/lm.bin");
    std::fs::File::create(out)
        .and_then(|mut f| f.write_all(&bytes))
        .expect("write lm.bin");
    eprintln!("wrote {out}: {} bytes", bytes.len());
}

/// Each kept n-gram with its weight as a context, renormalized over what
/// was kept: the mass of its pruned followers goes to the shorter context
/// (the followers kept take theirs from the table, not from backing off).
fn with_weights(
    kept: Vec<(u128, usize, f64)>,
    prob: &HashMap<u128, f64>,
) -> Vec<(u128, usize, f64, f64)> {
    let mut mass: HashMap<u128, (f64, f64)> = HashMap::new();
    for &(key, n, p) in &kept {
        if n < 2 {
            continue;
        }
        let lower = prob[&((key & ((1u128 << (21 * (n - 1))) - 1)) | ((n - 1) as u128) << 124)];
        let e = mass
            .entry(context_of(key, n) | ((n - 1) as u128) << 120)
            .or_default();
        e.0 += p;
        e.1 += lower;
    }
    kept.into_iter()
        .map(|(key, n, p)| {
            let bow = match mass.get(&(key | (n as u128) << 120)) {
                Some(&(p_kept, lower_kept)) if n < 4 => {
                    ((1.0 - p_kept).max(1e-9) / (1.0 - lower_kept).max(1e-9)).clamp(1e-9, 1.0)
                }
                _ => 1.0,
            };
            (key, n, p, bow)
        })
        .collect()
}

/// The training lines: each file capped (see [`PER_FILE`]), a tenth of its
/// lines also in capitals, so that headings and shouted lines read as text.
fn training_lines(files: &[std::path::PathBuf], scale: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(f).expect("UTF-8 training text");
        let lang = f.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        let cap = if COMMON.contains(&lang) {
            PER_FILE
        } else {
            PER_OTHER
        };
        let per_file = (cap as f64 * scale) as usize;
        let mut taken = 0;
        for (k, line) in text.lines().enumerate() {
            if taken > per_file {
                break;
            }
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            taken += line.len();
            lines.push(line.to_string());
            if k % 10 == 3 {
                let up = line.to_uppercase();
                if up != line {
                    lines.push(up);
                }
            }
        }
    }
    lines
}

/// The shape of text: for each class after each class, `-ln P(class |
/// class before)` with `-ln P(class)` as its weight (the entries
/// `[SHAPES, class before, class]`, see `src/model/lm.rs`).
fn shape_entries(lines: &[String], token: &dyn Fn(char) -> u32) -> Vec<(Vec<u32>, f32, f32)> {
    let mut entries = Vec::new();
    let mut shapes: HashMap<(u32, u32), u64> = HashMap::new();
    let mut alone: HashMap<u32, u64> = HashMap::new();
    for l in lines {
        let mut before = mojifix::__private::lm_class_of(mojifix::__private::LM_BOUNDARY);
        for c in l.chars() {
            let class = mojifix::__private::lm_class_of(token(c));
            *shapes.entry((before, class)).or_default() += 1;
            *alone.entry(class).or_default() += 1;
            before = class;
        }
        let end = mojifix::__private::lm_class_of(mojifix::__private::LM_BOUNDARY);
        *shapes.entry((before, end)).or_default() += 1;
        *alone.entry(end).or_default() += 1;
    }
    let all: u64 = alone.values().sum();
    let mut after: HashMap<u32, u64> = HashMap::new();
    for (&(b, _), &n) in &shapes {
        *after.entry(b).or_default() += n;
    }
    let classes_seen = alone.len() as f64;
    let mut shape_list: Vec<_> = shapes.into_iter().collect();
    shape_list.sort();
    for ((b, class), n) in shape_list {
        let given = (n as f64 + 0.5) / (after[&b] as f64 + 0.5 * classes_seen);
        let p = alone[&class] as f64 / all as f64;
        entries.push((
            vec![mojifix::__private::LM_SHAPES, b, class],
            -given.ln() as f32,
            -p.ln() as f32,
        ));
    }
    entries
}

/// The interpolated probability of the last token of `key` (an n-gram of
/// order `n + 1`) given its last `n - 1` tokens of context.
fn lower_prob(
    prob: &HashMap<u128, f64>,
    ctx: &HashMap<u128, (u64, u64)>,
    key: u128,
    n: usize,
) -> f64 {
    let k = key & ((1u128 << (21 * n)) - 1);
    if let Some(&p) = prob.get(&(k | (n as u128) << 124)) {
        return p;
    }
    // Never seen at this order: the context's weight times the shorter.
    let w = if n > 1 {
        let h = context_of(k, n);
        ctx.get(&(h | ((n - 1) as u128) << 120))
            .map_or(1.0, |&(t, ty)| ty as f64 / (t + ty) as f64)
    } else {
        1.0
    };
    if n == 1 {
        1e-7
    } else {
        w * lower_prob(prob, ctx, key, n - 1)
    }
}

/// Scripts the table's share is balanced over.
const SCRIPTS: usize = 10;

/// The script of an n-gram: that of its last letter (0: none).
fn script_of(tokens: &[u32]) -> usize {
    tokens
        .iter()
        .rev()
        .filter_map(|&t| char::from_u32(t).filter(|c| c.is_alphabetic()))
        .map(|c| match c as u32 {
            0x370..=0x3FF | 0x1F00..=0x1FFF => 2,
            0x400..=0x52F => 3,
            0x590..=0x5FF => 4,
            0x600..=0x6FF | 0x750..=0x77F => 5,
            0xE00..=0xE7F => 6,
            0x3040..=0x30FF => 7,
            0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF => 8,
            0x3400..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF => 9,
            _ => 1,
        })
        .next()
        .unwrap_or(0)
}

fn pack(tokens: &[u32]) -> u128 {
    tokens
        .iter()
        .fold(0u128, |k, &t| k << 21 | u128::from(t & 0x1F_FFFF))
}

fn unpack(key: u128, n: usize) -> Vec<u32> {
    (0..n)
        .rev()
        .map(|i| ((key >> (21 * i)) & 0x1F_FFFF) as u32)
        .collect()
}

/// The context of an n-gram: all its tokens but the last.
fn context_of(key: u128, _n: usize) -> u128 {
    key >> 21
}
