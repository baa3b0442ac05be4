//! The data-driven cases of `tests/data/cases.toml`, through every entry
//! point: `fix_str`, a reused `Fixer`, `explain_str`, `fix_bytes` and the
//! stream API with several chunk sizes.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Deserialize;

use crate::common::{check_known, root};

#[derive(Deserialize)]
struct File {
    case: Vec<Case>,
}

#[derive(Deserialize)]
pub struct Case {
    pub name: String,
    /// wild, synthetic or negative.
    pub kind: String,
    pub input: String,
    /// Absent for negative cases: the input must come back unchanged.
    pub expected: Option<String>,
    /// Why the case exists.
    #[allow(dead_code)]
    pub why: String,
}

pub fn cases() -> Vec<Case> {
    let text = std::fs::read_to_string(root().join("tests/data/cases.toml")).expect("cases.toml");
    let f: File = toml::from_str(&text).expect("cases.toml parses");
    f.case
}

#[test]
fn cases_through_every_entry_point() {
    let cases = cases();
    assert!(cases.len() >= 40);
    let fixer = mojifix::Fixer::new();
    let mut failures = BTreeMap::new();
    for c in &cases {
        assert!(
            ["wild", "synthetic", "negative"].contains(&c.kind.as_str()),
            "{}: kind {}",
            c.name,
            c.kind
        );
        let expected = c.expected.as_deref().unwrap_or(&c.input);
        let got = mojifix::fix_str(&c.input);
        if got != expected {
            failures.insert(
                c.name.clone(),
                format!("{:?} -> {got:?}, expected {expected:?}", c.input),
            );
            continue;
        }
        if c.expected.is_none() {
            assert!(
                matches!(got, Cow::Borrowed(_)),
                "{}: negative case not borrowed",
                c.name
            );
        }
        assert_eq!(fixer.fix_str(&c.input), got, "{}: reused fixer", c.name);
        assert_eq!(fixer.explain_str(&c.input).text, got, "{}: explain", c.name);
        assert_eq!(
            fixer.fix_bytes(c.input.as_bytes()),
            got,
            "{}: bytes",
            c.name
        );
    }
    check_known("cases", &failures, cases.len());
}

/// `tests/data/clean-lookalikes.md`: clean lines written to look like
/// mojibake (symbols, box drawing, accented capitals, quotes around
/// capitals, scripts glued to Latin words) come back byte for byte, whole
/// and line by line, as text and as bytes.
/// The clean look-alikes after lines of legacy text that prove six
/// legacy paths to the document (see `common::legacy_proofs`): lines the
/// decoder now weighs letter for letter through them come back as they are.
#[test]
fn clean_lookalikes_are_untouched_after_legacy_lines() {
    let text = std::fs::read_to_string(root().join("tests/data/clean-lookalikes.md"))
        .expect("clean-lookalikes.md");
    let proofs = crate::common::legacy_proofs();
    let shown: String = proofs.iter().map(|(s, _)| format!("{s}\n")).collect();
    let meant: String = proofs.iter().map(|(_, m)| format!("{m}\n")).collect();
    assert_eq!(
        mojifix::fix_str(&format!("{shown}{text}")),
        format!("{meant}{text}")
    );
}

#[test]
fn clean_lookalikes_are_untouched() {
    let text = std::fs::read_to_string(root().join("tests/data/clean-lookalikes.md"))
        .expect("clean-lookalikes.md");
    assert!(text.lines().count() > 100);
    assert!(matches!(mojifix::fix_str(&text), Cow::Borrowed(_)));
    assert_eq!(mojifix::fix_bytes(text.as_bytes()), text);
    for line in text.lines() {
        assert!(
            matches!(mojifix::fix_str(line), Cow::Borrowed(_)),
            "{line:?}"
        );
        assert_eq!(mojifix::fix_bytes(line.as_bytes()), line, "{line:?}");
    }
}
