//! An importer's use of mojifix: fix every file of a directory tree, write
//! the fixed copies to another with the same layout, and a JSON report of
//! what changed.
//!
//! ```text
//! cargo run --example importer -- corpus/samples target/imported > report.json
//! ```

use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(src), Some(dst)) = (args.next(), args.next()) else {
        eprintln!("usage: importer SOURCE_DIR DEST_DIR > report.json");
        std::process::exit(2);
    };
    let fixer = mojifix::Fixer::builder()
        .markdown_code(mojifix::MarkdownCode::Auto)
        .build();
    let mut report = Vec::new();
    // Every file below SOURCE_DIR, in a stable order (symlinks not followed).
    for entry in walkdir::WalkDir::new(&src).sort_by_file_name() {
        let entry = entry?;
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let bytes = std::fs::read(path)?;
        if mojifix::looks_binary(&bytes) {
            continue;
        }
        let e = fixer.explain_bytes(&bytes);
        let dest = Path::new(&dst).join(path.strip_prefix(&src)?);
        if let Some(dir) = dest.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(&dest, &e.text)?;
        report.push(serde_json::json!({
            "file": path.display().to_string(),
            "encoding": e.encoding,
            "decoded": e.decoded,
            "replaced": e.replaced,
            "changes": e.changes,
        }));
    }
    println!("{}", serde_json::to_string_pretty(&report)?);
    Ok(())
}
