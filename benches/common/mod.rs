//! Inputs shared by the benches, built at setup from files committed in
//! `corpus/` (nothing garbled is committed), and plsfix's configuration.

// (Each bench uses its own share of these.)
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use mojifix::Codepage;
use unicode_normalization::UnicodeNormalization;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The archive's Markdown files, in path order.
pub fn archive() -> Vec<String> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "md") && !p.ends_with("NOTICE.md") {
                out.push(p);
            }
        }
    }
    let mut paths = Vec::new();
    walk(&root().join("corpus/scs-minutes"), &mut paths);
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

/// UDHR held-out paragraphs of the given languages (all when empty).
pub fn udhr(langs: &[&str]) -> String {
    let text = std::fs::read_to_string(root().join("corpus/udhr/udhr-heldout.txt")).unwrap();
    let mut out = String::new();
    let mut keep = false;
    for line in text.lines() {
        if let Some(h) = line.strip_prefix("# udhr:") {
            let code = h.split(':').nth(1).unwrap_or("");
            keep = langs.is_empty() || langs.contains(&code);
            continue;
        }
        if keep {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// plsfix configured for encoding repairs only, as close to mojifix's
/// defaults as its config allows.
pub fn plsfix_config() -> plsfix::TextFixerConfig {
    plsfix::TextFixerConfig {
        unescape_html: Some(false),
        remove_terminal_escapes: false,
        fix_latin_ligatures: false,
        fix_character_width: false,
        uncurl_quotes: false,
        fix_line_breaks: false,
        remove_control_chars: false,
        ..plsfix::TextFixerConfig::default()
    }
}

pub fn garble(text: &str, layers: usize) -> String {
    let mut g = text.to_string();
    for _ in 0..layers {
        g = Codepage::Windows1252.garble(&g).unwrap();
    }
    g
}

/// Dense mojibake: every line of Latin-script and Cyrillic text, with an
/// emoji, garbled once or twice. Returns (clean, garbled).
pub fn dense(layers: usize) -> (String, String) {
    let clean_text = udhr(&[
        "fra", "deu", "spa", "por", "pol", "ces", "rus", "tur", "vie", "isl",
    ]);
    let mut clean = String::new();
    let mut garbled = String::new();
    for (i, line) in clean_text.lines().enumerate() {
        let l = format!("{line} {}", ["🎉", "✅", "👍🏽", "🇩🇪"][i % 4]);
        let l: String = mojifix::fix_str(&l).into_owned();
        garbled.push_str(&garble(&l, layers));
        garbled.push('\n');
        clean.push_str(&l);
        clean.push('\n');
    }
    (clean, garbled)
}

/// Clean typographic text: UDHR paragraphs in Latin-script languages set
/// as a typesetter would (curly apostrophes and quotes, en and em dashes,
/// ellipses), each ending in a phrase with €, °, ½, →, or the like
/// (`café – fin.`, `l’été “quoted”.`).
pub fn typographic() -> String {
    const TAILS: [&str; 8] = [
        " café – fin.",
        " l’été “quoted”.",
        " – 12,50 € …",
        " (20 °C, ½ tasse) → suite…",
        " ‘single’ — “double” — „unten“ «guillemets»",
        " Prix : 3 € – 5 € ; 90° ; ¼ + ½ = ¾.",
        " Größe: 10 µm ± 2 % … “fertig”.",
        " naïve → coöperation, São Paulo – Zürich.",
    ];
    let text = udhr(&["fra", "deu", "spa", "por", "ita", "nld", "ces", "pol"]);
    let mut out = String::with_capacity(text.len() * 5 / 4);
    for (i, line) in text.lines().enumerate() {
        let mut open = true;
        let mut l = String::with_capacity(line.len() + 64);
        for c in line.chars() {
            match c {
                '\'' => l.push('’'),
                '"' => {
                    l.push(if open { '“' } else { '”' });
                    open = !open;
                }
                _ => l.push(c),
            }
        }
        let l = l
            .replace(" - ", " – ")
            .replace("--", "—")
            .replace("...", "…");
        out.push_str(&l);
        out.push_str(TAILS[i % TAILS.len()]);
        out.push('\n');
    }
    out.nfc().collect()
}

/// Where real prose is looked for: the Debian fortune files
/// (`apt-get install fortunes fortunes-de fortunes-fr …`), or the folder
/// named by `MOJIFIX_BENCH_PROSE`.
pub fn prose_dir() -> PathBuf {
    std::env::var_os("MOJIFIX_BENCH_PROSE")
        .map_or_else(|| PathBuf::from("/usr/share/games/fortunes"), PathBuf::from)
}

/// Real prose: every UTF-8 file under [`prose_dir`] (symbolic links, and
/// fortune's `.dat` indexes, left out), in path order; `None` when there
/// is none. Third-party text: read where it is installed, never copied
/// into the project.
pub fn prose() -> Option<String> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            let Ok(kind) = e.file_type() else { continue };
            if kind.is_dir() {
                walk(&p, out);
            } else if kind.is_file() && !p.extension().is_some_and(|x| x == "dat" || x == "u8") {
                out.push(p);
            }
        }
    }
    let mut paths = Vec::new();
    walk(&prose_dir(), &mut paths);
    paths.sort();
    let mut out = String::new();
    for p in paths {
        if let Ok(s) = String::from_utf8(std::fs::read(&p).unwrap_or_default()) {
            out.push_str(&s);
        }
    }
    (!out.is_empty()).then_some(out)
}

/// How many lines of `got` equal those of `expected`, and how many lines
/// `expected` has.
pub fn lines_right(got: &str, expected: &str) -> (usize, usize) {
    let ok = got
        .lines()
        .zip(expected.lines())
        .filter(|(a, b)| a == b)
        .count();
    (ok, expected.lines().count().max(1))
}
