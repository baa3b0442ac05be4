//! Shared helpers: the committed corpora, and the known-failures list.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every Markdown file of the archive copy, sorted, with its bytes.
pub fn archive() -> Vec<(PathBuf, Vec<u8>)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).expect("archive dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "md")
                && p.file_name().is_some_and(|n| n != "NOTICE.md")
            {
                out.push(p);
            }
        }
    }
    let mut paths = Vec::new();
    walk(&root().join("corpus/scs-minutes"), &mut paths);
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let b = std::fs::read(&p).expect("read archive file");
            (p, b)
        })
        .collect()
}

/// The UDHR held-out text by ISO 639-3 code (first declaration of each
/// code), as paragraphs.
pub fn udhr() -> BTreeMap<String, Vec<String>> {
    let text =
        std::fs::read_to_string(root().join("corpus/udhr/udhr-heldout.txt")).expect("udhr text");
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut cur: Option<String> = None;
    for line in text.lines() {
        if let Some(h) = line.strip_prefix("# udhr:") {
            let code = h.split(':').nth(1).unwrap_or("").to_string();
            cur = if out.contains_key(&code) {
                None
            } else {
                Some(code)
            };
            if let Some(c) = &cur {
                out.insert(c.clone(), Vec::new());
            }
        } else if let Some(c) = &cur {
            out.get_mut(c).expect("inserted").push(line.to_string());
        }
    }
    out
}

/// Cuts `s` to at most `max` bytes at a space.
pub fn cut(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    match s[..end].rfind(' ') {
        Some(p) if p > max / 2 => &s[..p],
        _ => &s[..end],
    }
}

/// Compares the failures of a data-driven test with its known-failures
/// list (`tests/data/known-failures/NAME.txt`, one case id a line, `#`
/// comments): a new failure fails the test, and so does a known failure
/// that now passes (take it off the list).
pub fn check_known(name: &str, failures: &BTreeMap<String, String>, total: usize) {
    let path = root()
        .join("tests/data/known-failures")
        .join(format!("{name}.txt"));
    let known: BTreeSet<String> = std::fs::read_to_string(&path)
        .unwrap_or_default()
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    let new: Vec<&String> = failures.keys().filter(|k| !known.contains(*k)).collect();
    let fixed: Vec<&String> = known
        .iter()
        .filter(|k| !failures.contains_key(*k))
        .collect();
    let mut msg = String::new();
    for k in &new {
        msg.push_str(&format!("NEW FAILURE {k}: {}\n", failures[*k]));
    }
    for k in &fixed {
        msg.push_str(&format!(
            "NOW PASSES (remove from {}): {k}\n",
            path.display()
        ));
    }
    eprintln!(
        "{name}: {} cases, {} failing ({} known)",
        total,
        failures.len(),
        known.len()
    );
    assert!(msg.is_empty(), "{name}:\n{msg}");
}

/// Lines of legacy text shown in another codepage (Polish windows-1250,
/// Turkish windows-1254, Latvian windows-1257, Russian windows-1251, Greek
/// windows-1253, all shown as windows-1252; Swedish windows-1252 shown as
/// Mac OS Roman), each with what it says: a document that starts with them
/// has shown the decoder those paths, which then weighs its coherent lines
/// through them letter for letter.
pub fn legacy_proofs() -> Vec<(String, &'static str)> {
    use encoding_rs::{MACINTOSH, WINDOWS_1252};
    [
        (
            "Błąd zapisu pliku, żadne zmiany nie zostały zapisane",
            encoding_rs::WINDOWS_1250,
            WINDOWS_1252,
        ),
        (
            "Dosya açılamadı, değişiklikler kaydedilmedi",
            encoding_rs::WINDOWS_1254,
            WINDOWS_1252,
        ),
        (
            "Kļūda, faila saglabāšana neizdevās",
            encoding_rs::WINDOWS_1257,
            WINDOWS_1252,
        ),
        (
            "Ошибка записи файла",
            encoding_rs::WINDOWS_1251,
            WINDOWS_1252,
        ),
        (
            "Σφάλμα εγγραφής αρχείου",
            encoding_rs::WINDOWS_1253,
            WINDOWS_1252,
        ),
        ("Kunde inte läsa filen från disken", WINDOWS_1252, MACINTOSH),
    ]
    .into_iter()
    .map(|(text, saved, shown)| {
        let (bytes, _, lossy) = saved.encode(text);
        assert!(!lossy, "{text}");
        let (shown, _, _) = shown.decode(&bytes);
        (shown.into_owned(), text)
    })
    .collect()
}
