//! Generated clean look-alikes: UDHR paragraphs of languages whose capitals
//! and quotes make byte pairs that read as mojibake (`„LASĂ”` is the UTF-8
//! of `Ô` read through windows-1250, `„OSTATNĚ“` of a mark), in capitals,
//! each word in turn in the language's quotes or followed by punctuation.
//! Clean, every line must come back unchanged; before a line garbled
//! through windows-1252, it must come back exactly with the garbled half
//! repaired. Failures are listed in `known-failures/quotes.txt`.

use std::collections::BTreeMap;

use mojifix::Codepage;
use unicode_normalization::UnicodeNormalization;

use crate::common::{check_known, cut, udhr};

/// Languages with their opening and closing quotes.
const QUOTES: &[(&str, &str, &str)] = &[
    ("ron", "„", "”"),
    ("pol", "„", "”"),
    ("hun", "„", "”"),
    ("ces", "„", "“"),
    ("slk", "„", "“"),
    ("deu", "„", "“"),
    ("lit", "„", "“"),
    ("lvs", "“", "”"),
    ("hrv", "„", "”"),
    ("slv", "»", "«"),
    ("tur", "“", "”"),
    ("fra", "« ", " »"),
    ("spa", "«", "»"),
    ("por", "“", "”"),
    ("swe", "”", "”"),
    ("dan", "»", "«"),
    ("nob", "«", "»"),
    ("isl", "„", "“"),
    ("fin", "”", "”"),
    ("rus", "«", "»"),
    ("ukr", "«", "»"),
    ("bul", "„", "“"),
    ("ell", "«", "»"),
];

/// Punctuation glued after a word.
const AFTER: &[&str] = &["…", "—", "–", "’", "”", "“", "™", "•"];

fn lines() -> Vec<(String, String)> {
    let u = udhr();
    let mut out = Vec::new();
    for &(lang, open, close) in QUOTES {
        let paras = u
            .get(lang)
            .unwrap_or_else(|| panic!("no UDHR text for {lang}"));
        for (p, para) in paras.iter().filter(|p| p.len() > 60).take(6).enumerate() {
            let words: Vec<String> = cut(para, 200)
                .split(' ')
                .map(|w| w.nfc().collect::<String>().to_uppercase())
                .collect();
            for (i, _) in words.iter().enumerate().step_by(2) {
                let mut ws = words.clone();
                let w = ws[i]
                    .trim_matches(|c: char| !c.is_alphanumeric())
                    .to_string();
                if w.is_empty() {
                    continue;
                }
                ws[i] = if i % 4 == 0 {
                    format!("{open}{w}{close}")
                } else {
                    format!("{w}{}", AFTER[(i / 2 + p) % AFTER.len()])
                };
                out.push((format!("{lang}:{p}:{i}"), ws.join(" ").nfc().collect()));
            }
        }
    }
    out
}

#[test]
fn quoted_capitals_stay() {
    let all = lines();
    assert!(all.len() > 1000, "{} lines", all.len());
    let garbled_tail = Codepage::Windows1252
        .garble(" “Größe” — naïve café")
        .expect("garbles");
    let mut failures = BTreeMap::new();
    let mut total = 0;
    for (id, line) in &all {
        total += 2;
        let got = mojifix::fix_str(line);
        if got != *line {
            failures.insert(format!("{id}:clean"), format!("{line:?} -> {got:?}"));
        }
        let input = format!("{line}{garbled_tail}");
        let want = format!("{line} “Größe” — naïve café");
        let got = mojifix::fix_str(&input);
        if got != want {
            failures.insert(format!("{id}:partial"), format!("{input:?} -> {got:?}"));
        }
    }
    check_known("quotes", &failures, total);
}
