//! Hostile input: huge lines, pathological repetitions, every byte value,
//! broken UTF-8, deep layers. Nothing may panic, lose text or blow up; the
//! answers are asserted, not just survived.

use std::borrow::Cow;

use mojifix::{Codepage, Fixer, StreamFixer};
use unicode_normalization::is_nfc;

#[test]
fn a_100_mb_single_line() {
    // Clean non-ASCII text on one line: proven clean without a copy.
    let line = "café naïve déjà ".repeat(100 << 20 >> 4);
    assert!(line.len() >= 100 << 20);
    assert!(matches!(mojifix::fix_str(&line), Cow::Borrowed(_)));
    assert!(matches!(
        mojifix::fix_bytes(line.as_bytes()),
        Cow::Borrowed(_)
    ));
}

#[test]
fn a_long_garbled_line_streams_in_pieces() {
    let clean = "café – naïve ".repeat(300_000); // 4.5 MB, one line
    let garbled = Codepage::Windows1252.garble(&clean).unwrap();
    assert_eq!(mojifix::fix_str(&garbled), clean);
    let fixer = Fixer::new();
    let mut s = StreamFixer::new(&fixer);
    let mut out = String::new();
    let mut fed = 0;
    for chunk in garbled.as_bytes().chunks(10_007) {
        s.feed(chunk, false, &mut out);
        fed += chunk.len();
        // What is held back is bounded by the 64 KiB piece (plus the first
        // KiB's look for UTF-16), whatever the line's length: the fixed
        // output keeps pace with the garbled input (which is 1.5 times longer).
        let written_input = out.len() * garbled.len() / clean.len();
        assert!(
            fed - written_input.min(fed) < 200_000,
            "held back {} bytes",
            fed - written_input
        );
    }
    s.feed(b"", true, &mut out);
    assert_eq!(out, clean);
}

#[test]
fn a_million_a_tildes() {
    let s = "Ã".repeat(1_000_000);
    assert!(
        matches!(mojifix::fix_str(&s), Cow::Borrowed(_)),
        "`Ã` repeated is no mojibake"
    );
    let s2 = "Ã ".repeat(500_000);
    let out = mojifix::fix_str(&s2);
    assert!(is_nfc(&out));
}

#[test]
fn alternating_valid_and_invalid_utf8() {
    let bytes: Vec<u8> = (0..200_000)
        .flat_map(|i| [b'a' + (i % 26) as u8, 0xE9])
        .collect();
    let out = mojifix::fix_bytes(&bytes);
    // Every invalid byte is read as windows-1252 `é`; nothing is dropped.
    assert_eq!(out.chars().filter(|&c| c == 'é').count(), 200_000);
    assert_eq!(out.chars().count(), 400_000);
}

#[test]
fn every_byte_value() {
    let all: Vec<u8> = (0..=255u8).collect();
    let e = Fixer::new().explain_bytes(&all);
    assert!(is_nfc(&e.text));
    assert!(
        e.text.starts_with("\0\u{1}\u{2}"),
        "control characters kept"
    );
    assert_eq!(e.text, mojifix::fix_bytes(&all));
    let twice: Vec<u8> = all.iter().chain(all.iter()).copied().collect();
    assert!(is_nfc(&mojifix::fix_bytes(&twice)));
}

#[test]
fn nul_bytes_are_kept() {
    assert_eq!(mojifix::fix_bytes(b"a\0b\0c\n"), "a\0b\0c\n");
    assert_eq!(mojifix::fix_str("caf\u{c3}\u{a9}\0"), "café\0");
}

#[test]
fn overlong_and_surrogate_encodings() {
    // Invalid UTF-8 forms: decoded as a legacy encoding, never as characters
    // they would smuggle in.
    for bad in [
        &b"\xC0\xAF"[..],
        b"\xE0\x80\xAF",
        b"\xED\xA0\x80",
        b"\xF4\x90\x80\x80",
        b"\xF8\x88\x80\x80\x80",
    ] {
        let out = mojifix::fix_bytes(bad);
        assert!(!out.contains('/'), "{bad:?} gave {out:?}");
        assert!(!out.is_empty());
    }
    // The same sequences as mojibake text are not reversed into them.
    assert_eq!(mojifix::fix_str("xÀ¯y"), "xÀ¯y");
    assert_eq!(mojifix::fix_str("xí\u{a0}€y"), "xí\u{a0}€y");
}

#[test]
fn eight_layers_deep() {
    let clean = "Zürich – café";
    let mut g = clean.to_string();
    for _ in 0..8 {
        g = Codepage::Windows1252.garble(&g).unwrap();
    }
    assert!(g.len() > 1000);
    assert_eq!(mojifix::fix_str(&g), clean);
    // Nine layers: beyond one run's limit of eight, a second round of
    // repair on the line peels the last one.
    let nine = Codepage::Windows1252.garble(&g).unwrap();
    assert_eq!(mojifix::fix_str(&nine), clean);
}

#[test]
fn endless_words_stay_linear() {
    // Many runs inside one endless word: each run looks at a bounded piece
    // of its word, so this finishes quickly (a quadratic walk would not).
    let s = "Ãªa".repeat(200_000);
    let out = mojifix::fix_str(&s);
    assert!(is_nfc(&out));
    let s = "РџР".repeat(100_000);
    let out = mojifix::fix_str(&s);
    assert!(is_nfc(&out));
}

/// Fuzz findings, kept as regressions.
#[test]
fn fuzz_regressions() {
    // idempotent, crash-bb32bbc6: a lone C1 control (`\u{83}`) was repaired
    // to `ƒ`, which with the `Υ` before it is windows-1253 mojibake of `Ճ`;
    // a second run then changed it again. Root cause: one round of repair
    // per line. Fix: repeat the repair on a line until nothing changes.
    // idempotent, crash-da16acf9: `\u{387}ââ` (GREEK ANO TELEIA) has nothing
    // to repair, but NFC turns U+0387 into `·` (U+00B7), which with the
    // `ââ` after it is windows-1252 mojibake. Root cause: no repair after
    // NFC. Fix: when NFC changes a line into something suspicious, repair
    // again and normalize again.
    // idempotent, crash-7185b31a: C1 controls and marks, `\u{80}ü\u{332}`
    // four times: each repair (`€ü` read as mac_roman U+06DF, a mark) is
    // reordered by NFC beside the next group, which then reads as mojibake
    // too. Root cause: one round of repair after NFC. Fix: repair and
    // normalize in turn until nothing changes (at most 8 rounds: a longer
    // chain of such groups is not settled in one run).
    // idempotent, crash found after the mac_roman reading of C1 controls:
    // C1 controls read as windows-1252 and mac_roman letters make new
    // mojibake with each other round after round (`ƒÅ` is mac_roman `ā`).
    // Fix: up to 8 rounds of repair on a line (3 before).
    for input in [
        "1{\u{83}\u{83}π\u{83}\u{82}\u{81}ΥWÃ\u{83}\u{343}ý\u{83}ϥW\u{83}\u{83}π\u{80}\u{81}Ԝ\0~£\0\0\u{83}Υσ\u{83}\u{83}Υ8:\0\0\0\0\u{83}σ\u{83}\u{83}ΥσP\0\0\0\0\0\0\0\u{83}\u{81}\u{82}ã\u{80}\u{82}ã\u{80}£",
        "\u{363}#\u{363}#\u{80}ü\u{332}\u{80}ü\u{332}\u{80}ü\u{332}\u{80}ü\u{332}",
        "/\u{8}z Υ\u{83}",
        "/\u{8}z Υ\u{83}\n",
        "ÃÂ©",
        "\u{387}ââ\0",
        "\u{387}ââ\0\n",
    ] {
        let once = mojifix::fix_str(input).into_owned();
        assert_eq!(mojifix::fix_str(&once), once, "{input:?}");
    }
    assert_eq!(mojifix::fix_str("ÃÂ©"), "é");
}
