//! Regenerates `src/repair/scan/chars.bin`: the scan's facts about every
//! character below U+3000 (the single-byte codepages it leads and
//! continues a UTF-8 sequence in, its script, whether NFC leaves it
//! alone), which the scan reads at compile time instead of building them
//! in every process (a test there holds the file to its sources).
//!
//! Usage: `cargo run --release --example gen_scan` (writes the file). Run
//! it after changing the codepage tables, the scripts of letters or the
//! Unicode version of `unicode-normalization`.
//!
//! Format: six bytes a character from U+0000: the two codepage masks
//! (little-endian `u16`s), the script (0 for none or Latin), and 1 where
//! NFC leaves the character alone.

fn main() {
    let out = mojifix::__private::scan_char_table();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/repair/scan/chars.bin");
    std::fs::write(&path, &out).expect("write src/repair/scan/chars.bin");
    eprintln!("{} bytes to {}", out.len(), path.display());
}
