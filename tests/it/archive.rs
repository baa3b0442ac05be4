//! The archive: every file of `corpus/scs-minutes` given one UTF-8 →
//! windows-1252 layer at test time must come back byte-identical, and the
//! files the layer does not change must come back borrowed.

use std::borrow::Cow;
use std::collections::BTreeMap;

use mojifix::Codepage;

use crate::common::{archive, check_known};

#[test]
fn one_windows_1252_layer_is_undone() {
    let files = archive();
    // 893 files and one symlink upstream; the copy we were given holds the
    // symlink as a regular file, so 894 paths.
    assert_eq!(
        files.len(),
        894,
        "the archive copy should hold 894 Markdown paths"
    );
    let mut changed = 0;
    let mut failures = BTreeMap::new();
    let fixer = mojifix::Fixer::new();
    for (path, bytes) in &files {
        let clean = std::str::from_utf8(bytes).expect("archive is UTF-8");
        let garbled = Codepage::Windows1252
            .garble(clean)
            .expect("windows-1252 garbles anything");
        let fixed = fixer.fix_str(&garbled);
        let name = path
            .strip_prefix(crate::common::root())
            .unwrap()
            .display()
            .to_string();
        if garbled == clean {
            assert!(
                matches!(fixed, Cow::Borrowed(_)),
                "{name}: unchanged file not borrowed"
            );
            continue;
        }
        changed += 1;
        if fixed != clean {
            let line = clean.lines().zip(fixed.lines()).find(|(a, b)| a != b);
            failures.insert(name, format!("{line:?}"));
        }
    }
    assert_eq!(changed, 170, "one layer should change 170 files");
    check_known("archive", &failures, changed);
}

#[test]
fn clean_archive_is_untouched_and_borrowed() {
    let fixer = mojifix::Fixer::new();
    for (path, bytes) in archive() {
        let clean = std::str::from_utf8(&bytes).unwrap();
        assert!(
            matches!(fixer.fix_str(clean), Cow::Borrowed(_)),
            "{} changed",
            path.display()
        );
        assert!(
            matches!(fixer.fix_bytes(&bytes), Cow::Borrowed(_)),
            "{} changed as bytes",
            path.display()
        );
    }
}

#[test]
fn udhr_held_out_is_untouched() {
    // Every line comes back as its NFC form; the only other changes allowed
    // are repairs of C1 controls, the real legacy damage some declarations
    // hold (`\u{92}` where `’` was meant).
    let text = std::fs::read_to_string(crate::common::root().join("corpus/udhr/udhr-heldout.txt"))
        .unwrap();
    let mut c1_lines = 0;
    for line in text.lines() {
        let nfc: String = unicode_nfc(line);
        let got = mojifix::fix_str(line);
        if line.chars().any(|c| ('\u{80}'..='\u{9f}').contains(&c)) {
            c1_lines += 1;
            assert!(
                !got.chars().any(
                    |c| ['\u{91}', '\u{92}', '\u{93}', '\u{94}', '\u{96}', '\u{97}'].contains(&c)
                ),
                "{got:?}"
            );
            continue;
        }
        assert_eq!(got, nfc, "clean UDHR line changed");
    }
    assert!(
        c1_lines > 0 && c1_lines < 40,
        "{c1_lines} lines with C1 controls"
    );
}

/// The same after lines of legacy text that prove six legacy paths to
/// the document (see `common::legacy_proofs`): the decoder then weighs
/// coherent lines through them letter for letter (French `à` as Slovak
/// `ŕ`, Icelandic `ð` as Turkish `ğ`), and must still leave every clean
/// line of 500 languages as it is.
#[test]
fn udhr_held_out_is_untouched_after_legacy_lines() {
    let text = std::fs::read_to_string(crate::common::root().join("corpus/udhr/udhr-heldout.txt"))
        .unwrap();
    let proofs = crate::common::legacy_proofs();
    let proof_lines: String = proofs
        .iter()
        .map(|(shown, _)| format!("{shown}\n"))
        .collect();
    // (The proofs again every 200 lines: a path's evidence reaches some
    // way past the line that gave it, and the whole declaration stays in
    // its reach.)
    let mut doc = String::new();
    for (k, line) in text.lines().enumerate() {
        if k % 200 == 0 {
            doc.push_str(&proof_lines);
        }
        doc.push_str(line);
        doc.push('\n');
    }
    let fixed = mojifix::fix_str(&doc);
    let mut got = fixed.lines();
    for (k, line) in text.lines().enumerate() {
        if k % 200 == 0 {
            for (_, meant) in &proofs {
                assert_eq!(got.next(), Some(*meant), "legacy line not read");
            }
        }
        let out = got.next().expect("a line for each line");
        if line.chars().any(|c| ('\u{80}'..='\u{9f}').contains(&c)) {
            continue;
        }
        assert_eq!(out, unicode_nfc(line), "clean UDHR line changed");
    }
}

fn unicode_nfc(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfc().collect()
}

/// A legacy path's evidence reaches some way past the line that gave it
/// (a coherent windows-1250 line shown in windows-1252 is read after it),
/// not to the end of a long document.
#[test]
fn legacy_evidence_fades_in_a_long_document() {
    let (proof, _) = &crate::common::legacy_proofs()[0];
    let shown = "Proszê czekaæ, trwa zapisywanie zmian";
    let meant = "Proszę czekać, trwa zapisywanie zmian";
    let filler = "A line of plain ASCII text, as long as a line of prose is.\n".repeat(8_000);
    let doc = format!("{proof}\n{shown}\n{filler}{shown}\n");
    let fixed = mojifix::fix_str(&doc);
    let lines: Vec<&str> = fixed.lines().collect();
    assert_eq!(
        lines[1], meant,
        "read through the path the line before proved"
    );
    assert_eq!(
        lines.last(),
        Some(&shown),
        "read through a path proved far before"
    );
}
