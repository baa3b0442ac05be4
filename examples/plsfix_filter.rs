//! plsfix 0.1.8 as a standard input → standard output filter, configured
//! as the benches configure it (encoding repairs only), for timing the
//! `mojifix` binary beside it by hand (`benches/cli.rs` runs the same
//! filter itself):
//!
//! ```text
//! cargo build --release --bin mojifix --example plsfix_filter
//! /usr/bin/time -v target/release/examples/plsfix_filter < in.txt > out.txt
//! /usr/bin/time -v target/release/mojifix < in.txt > out.txt
//! ```
//!
//! plsfix takes a `&str`: this reads all of its input first (bytes that
//! are not UTF-8 become U+FFFD).

use std::io::{Read, Write};

#[path = "../benches/common/mod.rs"]
mod common;

fn main() -> std::io::Result<()> {
    let mut bytes = Vec::new();
    std::io::stdin().lock().read_to_end(&mut bytes)?;
    let text = String::from_utf8_lossy(&bytes);
    let fixed = plsfix::fix_text(&text, Some(&common::plsfix_config()));
    let mut out = std::io::stdout().lock();
    out.write_all(fixed.as_bytes())?;
    out.flush()
}
