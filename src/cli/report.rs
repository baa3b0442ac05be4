//! What the CLI prints: findings, diffs, explanations, JSON Lines, and the
//! terminal sanitizing that keeps garbled text from driving the terminal.

use std::io::Write;
use std::path::Path;

use mojifix::{Change, Explanation};

/// Text safe to print on one line: control characters (C0, C1, DEL, and
/// the bidirectional overrides) escaped, as fd does for file names.
pub fn sanitize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let u = c as u32;
        if u < 0x20
            || (0x7F..=0x9F).contains(&u)
            || (0x202A..=0x202E).contains(&u)
            || (0x2066..=0x2069).contains(&u)
        {
            out.push_str(&format!("\\u{{{u:x}}}"));
        } else {
            out.push(c);
        }
    }
    out
}

fn steps(c: &Change) -> String {
    let v: Vec<String> = c.steps.iter().map(|s| s.to_string()).collect();
    let mut s = v.join(", ");
    if c.layers() > 1 {
        s.push_str(&format!("; {} layers", c.layers()));
    }
    s
}

/// Line of a byte offset in raw input (line feeds are ASCII in every
/// encoding decoded line by line).
fn line_of(bytes: &[u8], offset: usize) -> usize {
    1 + bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// `path:line:column: before -> after (why)` for each finding.
pub fn check_lines(
    out: &mut dyn Write,
    path: &Path,
    bytes: &[u8],
    e: &Explanation,
) -> std::io::Result<()> {
    let p = sanitize(&path.display().to_string());
    for d in &e.decoded {
        writeln!(
            out,
            "{p}:{}:1: {} bytes decoded as {} ({}..{})",
            line_of(bytes, d.range.start),
            d.range.len(),
            d.encoding,
            d.range.start,
            d.range.end
        )?;
    }
    if e.replaced > 0 {
        writeln!(
            out,
            "{p}:1:1: {} undecodable bytes replaced with U+FFFD",
            e.replaced
        )?;
    }
    for c in &e.changes {
        writeln!(
            out,
            "{p}:{}:{}: {} -> {} ({})",
            c.line,
            c.column,
            sanitize(&c.before),
            sanitize(&c.after),
            steps(c)
        )?;
    }
    Ok(())
}

/// An indented, human-readable account of one file's repairs.
pub fn explain(
    out: &mut dyn Write,
    path: &Path,
    bytes: &[u8],
    e: &Explanation,
) -> std::io::Result<()> {
    writeln!(out, "{}:", sanitize(&path.display().to_string()))?;
    if let Some(enc) = &e.encoding {
        if enc != "UTF-8" || !e.decoded.is_empty() {
            writeln!(out, "  read as {enc}")?;
        }
    }
    for d in &e.decoded {
        writeln!(
            out,
            "  line {}: bytes {}..{} decoded as {}",
            line_of(bytes, d.range.start),
            d.range.start,
            d.range.end,
            d.encoding
        )?;
    }
    if e.replaced > 0 {
        writeln!(
            out,
            "  {} undecodable bytes replaced with U+FFFD",
            e.replaced
        )?;
    }
    for c in &e.changes {
        writeln!(
            out,
            "  line {}, column {}: {:?} -> {:?} ({})",
            c.line,
            c.column,
            sanitize(&c.before),
            sanitize(&c.after),
            steps(c)
        )?;
    }
    Ok(())
}

/// One JSON object per finding.
pub fn json_lines(out: &mut dyn Write, path: &Path, e: &Explanation) -> std::io::Result<()> {
    let p = path.display().to_string();
    for d in &e.decoded {
        let v = serde_json::json!({"path": p, "decoded": d});
        writeln!(out, "{v}")?;
    }
    for c in &e.changes {
        let v = serde_json::json!({"path": p, "change": c, "layers": c.layers()});
        writeln!(out, "{v}")?;
    }
    if e.replaced > 0 {
        let v = serde_json::json!({"path": p, "replaced": e.replaced});
        writeln!(out, "{v}")?;
    }
    Ok(())
}

/// A unified diff, coloured when `color`.
pub fn diff(
    out: &mut dyn Write,
    path: &Path,
    before: &str,
    after: &str,
    color: bool,
) -> std::io::Result<()> {
    let p = sanitize(&path.display().to_string());
    let d = similar::TextDiff::from_lines(before, after);
    let text = d
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{p}"), &format!("b/{p}"))
        .to_string();
    for line in text.split_inclusive('\n') {
        let body = sanitize(line.trim_end_matches('\n'));
        let (pre, post) = match (color, line.as_bytes().first()) {
            (true, Some(b'+')) => ("\x1b[32m", "\x1b[0m"),
            (true, Some(b'-')) => ("\x1b[31m", "\x1b[0m"),
            (true, Some(b'@')) => ("\x1b[36m", "\x1b[0m"),
            _ => ("", ""),
        };
        writeln!(out, "{pre}{body}{post}")?;
    }
    Ok(())
}
