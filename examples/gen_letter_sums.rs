//! Regenerates `src/model/letter_sums.bin`, the floating-point sums of the
//! letter frequencies in `src/model/letters.bin` (each letter's cost in the
//! languages pooled, the log share of each script in the pool, each
//! script's share in each language and its log), which `src/model/letters.rs` reads at
//! compile time instead of summing them in every process (a test holds the
//! file to the sums, bit for bit).
//!
//! Usage: `cargo run --release --example gen_letter_sums`. Run it after
//! `gen_letters` rewrites `letters.bin`, or after changing how the sums are
//! made (`model::letters::sums_from_letters`).
//!
//! Format: the pooled costs (one a letter), the 7 scripts' log shares,
//! then 7 rows of one share a language, then the same rows as logs; four
//! bytes (little-endian `f32`) a number.

fn main() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/model/letter_sums.bin");
    let out = mojifix::__private::letter_sums_table();
    std::fs::write(&path, &out).expect("write the table");
    eprintln!("{} bytes to {}", out.len(), path.display());
}
