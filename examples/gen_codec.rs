//! Regenerates `src/codec.bin`, what each byte 0x80-0xFF reads as in each
//! single-byte codepage (from encoding_rs and oem_cp), which `src/codec.rs`
//! reads at compile time and derives its reverse maps from there, instead
//! of building them in every process (a test holds the file to the
//! crates).
//!
//! Usage: `cargo run --release --example gen_codec`. Run it after
//! updating encoding_rs or oem_cp, or changing the codepages.
//!
//! Format: 13 codepages in `Codepage::ALL`'s order, 128 characters each,
//! four bytes (little-endian) a character.

fn main() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/codec.bin");
    let out = mojifix::__private::codec_decode_table();
    std::fs::write(&path, &out).expect("write the table");
    eprintln!("{} bytes to {}", out.len(), path.display());
}
