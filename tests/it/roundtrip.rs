//! Generated round trips: clean paragraphs in 40 languages (from the
//! committed UDHR held-out text) garbled at test time through every
//! codepage the engine reverses, one and two layers, whole and partial,
//! must come back exactly; and the clean paragraphs must come back borrowed.

use std::borrow::Cow;
use std::collections::BTreeMap;

use mojifix::Codepage;
use unicode_normalization::UnicodeNormalization;

use crate::common::{check_known, cut, udhr};

/// Languages and the codepages their text is realistically garbled with
/// (windows-1252 garbles every language).
const MATRIX: &[(&[&str], &[Codepage])] = &[
    (
        &[
            "eng", "fra", "deu", "spa", "por", "ita", "nld", "swe", "dan", "nob", "fin", "isl",
            "cat",
        ],
        &[Codepage::MacRoman, Codepage::Cp437, Codepage::Cp850],
    ),
    (
        &["pol", "ces", "slk", "hun", "hrv", "slv", "ron"],
        &[Codepage::Windows1250, Codepage::Iso8859_2],
    ),
    (
        &["rus", "ukr", "bul", "srp", "mkd", "bel"],
        &[Codepage::Windows1251],
    ),
    (
        &["rus", "ukr", "bul"],
        &[Codepage::Koi8R, Codepage::Koi8U, Codepage::Cp866],
    ),
    (&["ell"], &[Codepage::Windows1253]),
    (&["tur"], &[Codepage::Windows1254]),
    (&["lit", "lvs"], &[Codepage::Windows1257]),
    (&["cmn"], &[Codepage::Gbk]),
    (&["jpn"], &[Codepage::ShiftJis]),
    (&["kor"], &[Codepage::EucKr]),
    (
        &[
            "heb", "arb", "pes", "hin", "ben", "tam", "tha", "vie", "ind", "tur", "ell", "rus",
            "cmn", "jpn", "kor",
        ],
        &[],
    ),
];

const PARAGRAPHS: usize = 3;
const MAX: usize = 160;

fn samples() -> Vec<(String, String)> {
    let u = udhr();
    let mut out = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for (langs, _) in MATRIX {
        for &l in *langs {
            if !seen.insert(l) {
                continue;
            }
            let paras = u.get(l).unwrap_or_else(|| panic!("no UDHR text for {l}"));
            for (i, p) in paras
                .iter()
                .filter(|p| p.len() > 40)
                .take(PARAGRAPHS)
                .enumerate()
            {
                let nfc: String = cut(p, MAX).nfc().collect();
                out.push((format!("{l}{i}"), nfc));
            }
        }
    }
    out
}

#[test]
fn clean_paragraphs_come_back_borrowed() {
    let s = samples();
    assert!(s.len() >= 40 * PARAGRAPHS - 10, "{} samples", s.len());
    for (id, text) in &s {
        let fixed = mojifix::fix_str(text);
        assert!(
            matches!(fixed, Cow::Borrowed(_)),
            "{id} changed: {text:?} -> {fixed:?}"
        );
    }
}

#[test]
fn garbled_paragraphs_come_back() {
    let mut failures = BTreeMap::new();
    let mut total = 0;
    let all = samples();
    for (langs, codepages) in MATRIX {
        for &l in *langs {
            let mut cps = vec![Codepage::Windows1252];
            cps.extend(codepages.iter());
            for (id, text) in all
                .iter()
                .filter(|(id, _)| id.starts_with(l) && id.len() == l.len() + 1)
            {
                for &cp in &cps {
                    let Some(once) = cp.garble(text) else {
                        continue;
                    };
                    let mut variants = vec![("1", once.clone())];
                    if cp.is_single_byte() {
                        if let Some(twice) = cp.garble(&once) {
                            variants.push(("2", twice));
                        }
                    }
                    // Partial: the first half clean, the second garbled.
                    let half = (text.len() / 2..)
                        .find(|&i| text.is_char_boundary(i))
                        .unwrap();
                    if let Some(mid) = text[half..].find(' ').map(|p| p + half) {
                        if let Some(g) = cp.garble(&text[mid..]) {
                            variants.push(("p", format!("{}{}", &text[..mid], g)));
                        }
                    }
                    for (v, input) in variants {
                        total += 1;
                        let got = mojifix::fix_str(&input);
                        if got != *text {
                            failures
                                .insert(format!("{id}:{cp}:{v}"), format!("{input:?} -> {got:?}"));
                        }
                    }
                }
            }
        }
    }
    check_known("roundtrip", &failures, total);
}

/// Languages and the legacy encodings their text was saved in, for text
/// shown as windows-1252 (or ISO-8859-1: the same bytes, C1 controls kept).
const LEGACY: &[(&[&str], &[&str])] = &[
    (
        &["rus", "ukr", "bul", "srp", "mkd", "bel"],
        &["windows-1251"],
    ),
    (&["rus"], &["KOI8-R"]),
    (&["ukr"], &["KOI8-U"]),
    (
        &["pol", "ces", "slk", "hun", "hrv", "slv", "ron"],
        &["windows-1250"],
    ),
    (&["ell"], &["windows-1253"]),
    (&["tur"], &["windows-1254"]),
    (&["heb"], &["windows-1255"]),
    (&["arb", "pes"], &["windows-1256"]),
    (&["lit", "lvs"], &["windows-1257"]),
    (&["tha"], &["windows-874"]),
    (&["cmn"], &["GBK"]),
    (&["jpn"], &["Shift_JIS", "EUC-JP"]),
    (&["kor"], &["EUC-KR"]),
];

/// Whole paragraphs saved in a legacy encoding and shown as windows-1252
/// (`Ïðèâåò` for `Привет`) come back in their script; failures are listed
/// in `tests/data/known-failures/legacy.txt`.
#[test]
fn legacy_paragraphs_come_back() {
    let mut failures = BTreeMap::new();
    let mut total = 0;
    let all = samples();
    for (langs, encodings) in LEGACY {
        for &l in *langs {
            for &label in *encodings {
                let enc = encoding_rs::Encoding::for_label(label.as_bytes()).expect("a label");
                for (id, text) in all
                    .iter()
                    .filter(|(id, _)| id.starts_with(l) && id.len() == l.len() + 1)
                {
                    let (bytes, _, unmappable) = enc.encode(text);
                    if unmappable {
                        continue;
                    }
                    // windows-1252 as WHATWG decodes it: every byte a
                    // character, its undefined bytes C1 controls.
                    let (shown, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&bytes);
                    total += 1;
                    let got = mojifix::fix_str(&shown);
                    if got != *text {
                        failures.insert(format!("{id}:{label}"), format!("{shown:?} -> {got:?}"));
                    }
                }
            }
        }
    }
    assert!(total > 60, "{total} paragraphs");
    check_known("legacy", &failures, total);
}
