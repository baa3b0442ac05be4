//! An importer's use of mojifix: fix every file of a directory, write the
//! fixed copies to another, and a JSON report of what changed.
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
    let mut entries: Vec<_> = std::fs::read_dir(&src)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.path());
    std::fs::create_dir_all(&dst)?;
    for entry in entries {
        let path = entry.path();
        if !path.is_file() {
            continue;
        }
        let bytes = std::fs::read(&path)?;
        if mojifix::looks_binary(&bytes) {
            continue;
        }
        let e = fixer.explain_bytes(&bytes);
        std::fs::write(Path::new(&dst).join(entry.file_name()), &e.text)?;
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
