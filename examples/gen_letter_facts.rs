//! Regenerates `src/model/letter_facts.bin`, which the alphabets read
//! instead of asking the Unicode tables in every process (a test holds the
//! file to its sources): for each character below U+0800, its lowercase
//! letter and whether NFKC changes it.
//!
//! Usage: `cargo run --release --example gen_letter_facts`. Run it after
//! a new Rust (`char::is_alphabetic`, `char::to_lowercase`) or a new
//! `unicode-normalization` changed the Unicode version.
//!
//! Format: see `model::alphabets::LETTER_FACTS`.

fn main() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/model/letter_facts.bin");
    let out = mojifix::__private::letter_facts_table();
    std::fs::write(&path, &out).expect("write the table");
    eprintln!("{} bytes to {}", out.len(), path.display());
}
