//! Regenerates the scan's tables in `src/repair/scan/`, which it reads
//! instead of building them in every process (tests hold each file to its
//! sources): `chars.bin`, the facts about every character below U+3000
//! (the single-byte codepages it leads and continues a UTF-8 sequence in,
//! its script, whether NFC leaves it alone), and `cjk_walk.bin`, the CJK
//! characters a walk goes on through (with and without NFC) and those
//! that start nothing in the CJK codepages.
//!
//! Usage: `cargo run --release --example gen_scan` (writes both files).
//! Run it after changing the codepage tables (`src/cjk.bin` included), the
//! scripts of letters or the Unicode version of `unicode-normalization`.
//!
//! Formats: see `repair::scan::char_table` and
//! `repair::walk::cjk_walk_table`.

fn main() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/repair/scan");
    for (name, out) in [
        ("chars.bin", mojifix::__private::scan_char_table()),
        ("cjk_walk.bin", mojifix::__private::scan_cjk_walk_table()),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, &out).expect("write the table");
        eprintln!("{} bytes to {}", out.len(), path.display());
    }
}
