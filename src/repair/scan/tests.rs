//! The scan against testing every character: its shortcuts (ASCII a word
//! at a time, the walks, quick tests before the full one) must find the
//! starts, the hotspots and the survey that testing each character finds.

use super::*;

/// The scan's shortcuts (ASCII skipped a word at a time, quick tests
/// before the full one) must find what testing every character finds.
#[test]
fn scan_finds_what_testing_each_character_finds() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/udhr/udhr-heldout.txt"),
    )
    .expect("corpus");
    let t = tables();
    let mut lines: Vec<String> = Vec::new();
    for line in text.lines().step_by(7) {
        lines.push(line.to_string());
        for cp in [
            Codepage::Windows1251,
            Codepage::Cp866,
            Codepage::Windows1253,
            Codepage::Gbk,
        ] {
            if let Some(g) = cp.garble(line) {
                // Garbled whole, and one word of it garbled in clean text.
                let cut = line.len() / 2;
                let cut = (cut..=line.len())
                    .find(|&c| line.is_char_boundary(c))
                    .unwrap();
                if let Some(part) = cp.garble(&line[cut..]) {
                    lines.push(format!("{}{part}", &line[..cut]));
                }
                lines.push(g);
            }
        }
    }
    assert!(lines.len() > 2000);
    use unicode_normalization::UnicodeNormalization;
    for (i, line) in lines.iter().enumerate() {
        // The survey's two answers, on the line and on its NFD.
        let nfd: String = line.nfd().collect();
        // And with the first two marks in a row out of canonical order.
        let mut swapped: Vec<char> = nfd.chars().collect();
        let ccc = unicode_normalization::char::canonical_combining_class;
        if let Some(k) = (1..swapped.len())
            .find(|&k| ccc(swapped[k - 1]) != 0 && ccc(swapped[k]) > ccc(swapped[k - 1]))
        {
            swapped.swap(k - 1, k);
        }
        let swapped: String = swapped.into_iter().collect();
        for l in [line, &nfd, &swapped] {
            let starts = l.char_indices().any(|(i, c)| {
                starts_mojibake(t, l, l.as_bytes(), i, c, c.len_utf8(), char_info(c))
            });
            let want = Survey {
                mojibake: starts || coherence::may_be_legacy(l),
                nfc: unicode_normalization::is_nfc(l),
                found: Found {
                    starts,
                    legacy: (!starts).then(|| coherence::may_be_legacy(l)),
                },
            };
            assert_eq!(survey(l), want, "{i} {l:?}");
        }
    }
    for line in &lines {
        // Hotspots also hold NFC stretches: look at NFC text.
        let line = &line.nfc().collect::<String>();
        let want: Vec<usize> = line
            .char_indices()
            .filter(|&(i, c)| {
                starts_mojibake(t, line, line.as_bytes(), i, c, c.len_utf8(), char_info(c))
            })
            .map(|(i, _)| i)
            .collect();
        let mut all = Vec::new();
        scan_with(line, Scan::All, Some(&mut all));
        assert_eq!(all, want, "{line:?}");
        // A line of legacy shape is a hotspot from its start (where no
        // start makes it one already: its line is looked at whole).
        let mut want = want;
        if want.is_empty() && coherence::may_be_legacy(line) {
            want.push(0);
        }
        // The first start of the line, and perhaps a few after it.
        let hot: Vec<usize> = hotspots(line).iter().map(|h| h.at).collect();
        assert_eq!(hot.first(), want.first(), "{line:?}");
        assert!(hot.iter().all(|h| want.contains(h)), "{line:?}");
        assert_eq!(scan(line), !want.is_empty(), "{line:?}");
    }
}

/// Every start the scan finds in `s` (where `s` is NFC) and its survey are
/// what testing each character gives: the body of the proptests below.
fn scan_is_testing_each_character(s: &str) -> Result<(), proptest::test_runner::TestCaseError> {
    let t = tables();
    let want: Vec<usize> = s
        .char_indices()
        .filter(|&(i, c)| starts_mojibake(t, s, s.as_bytes(), i, c, c.len_utf8(), char_info(c)))
        .map(|(i, _)| i)
        .collect();
    let mut all = Vec::new();
    let found = scan_with(s, Scan::All, Some(&mut all));
    let nfc = unicode_normalization::is_nfc(s);
    if nfc {
        proptest::prop_assert_eq!(&all, &want, "{:?}", s);
    }
    proptest::prop_assert_eq!(found.mojibake, !want.is_empty(), "{:?}", s);
    let legacy = (want.is_empty()).then(|| coherence::legacy_lines(s).next().is_some());
    let both = Survey {
        mojibake: !want.is_empty() || legacy == Some(true),
        nfc,
        found: Found {
            starts: !want.is_empty(),
            legacy,
        },
    };
    proptest::prop_assert_eq!(survey(s), both, "{:?}", s);
    Ok(())
}

proptest::proptest! {
    #![proptest_config(crate::testing::fixed_cases(4000))]

    /// Typography and accented letters, which the scan passes a table
    /// lookup each where it can ([`plain_latin`]), beside the spaces,
    /// ASCII, C1 controls, marks and letters of other scripts that
    /// decide whether it can: every start and the survey are what
    /// testing each character gives.
    #[test]
    fn scan_of_typography_is_testing_each_character(
        s in "([a-z]{0,3}[ .,\n]?[\u{80}-\u{FF}\u{152}\u{153}\u{2013}\u{2014}\u{2018}-\u{201E}\u{2026}\u{20AC}\u{2192}\u{301}\u{410}-\u{44F}\u{3B1}\u{4E2D}]{0,2}){0,12}"
    ) {
        scan_is_testing_each_character(&s)?;
    }
}

#[test]
fn non_ascii_finder() {
    assert_eq!(next_non_ascii(b""), None);
    assert_eq!(next_non_ascii(&[b'a'; 100]), None);
    for p in 0..70 {
        let mut v = vec![b'a'; 70];
        v[p] = 0xC3;
        assert_eq!(next_non_ascii(&v), Some(p));
    }
    // Every length up to 200, a high byte at every place, and a second
    // one after it: the first is found, as a plain search finds it.
    for len in 0..200 {
        for p in 0..=len {
            for q in [p + 1, p + 7, p + 9, p + 64] {
                let mut v = vec![b'x'; len];
                if p < len {
                    v[p] = 0x80 | (p as u8);
                }
                if q < len {
                    v[q] = 0xE2;
                }
                let want = v.iter().position(|&b| b >= 0x80);
                assert_eq!(next_non_ascii(&v), want, "{len} {p} {q}");
            }
        }
    }
}

/// A character that leads a sequence in no codepage with NBSP at 0xA0
/// starts nothing before a space, whatever follows (the start test's
/// shortcut, against its slow part).
#[test]
fn a_space_after_a_lead_without_nbsp_starts_nothing() {
    let t = codec::tables();
    let nbsp = nbsp_codepages(t);
    let mut asked = 0;
    for u in 0x80..0x3000u32 {
        let Some(c) = char::from_u32(u) else { continue };
        let Some(row) = t.row(c) else { continue };
        let lead = u32::from(row_masks(row).0);
        if lead == 0 || lead & nbsp != 0 {
            continue;
        }
        for after in [
            "a", "é", "“x", "Ã©", "\u{A0}", " ", "€", "©b", "Ðœ", "\u{85}",
        ] {
            let text = format!("{c} {after}");
            let next: Vec<(char, bool)> = text[c.len_utf8()..]
                .chars()
                .take(3)
                .map(|d| (d, d == ' '))
                .collect();
            for glued in [false, true] {
                assert!(!starts_through(t, c, row, lead, glued, &next), "{text:?}");
                asked += 1;
            }
        }
    }
    assert!(asked > 100, "{asked}");
}

/// A line's mojibake is a hotspot even when the line before it has
/// some too and the scan's step to it crossed the line feed.
#[test]
fn every_garbled_line_is_a_hotspot() {
    let t = "BangladeЕџ Halq Cumhuriyeti\nDepois que vocц╙ acostuma a usar Linux vocц╙:\n";
    let at: Vec<usize> = super::hotspots(t).iter().map(|h| h.at).collect();
    assert_eq!(at, vec![8, 44]);
}

/// A line with stretches that are not NFC is a hotspot once, at the first
/// (it is looked at whole); the next line's is one of its own.
#[test]
fn a_line_not_nfc_is_one_hotspot() {
    let t = "e\u{301} e\u{301} e\u{301}\ne\u{301}\n";
    let hot = super::hotspots(t);
    assert_eq!(hot.iter().map(|h| h.at).collect::<Vec<_>>(), vec![1, 13]);
    assert!(hot.iter().all(|h| h.why == Why::Nfc));
}

/// Where lines that are not NFC are normalized and scanned again, such a
/// line's look ends at its first stretch that is not NFC: the start after
/// it is no hotspot, the next line's start is one, and the stretch is
/// told as one (not as a start).
#[test]
fn a_line_not_nfc_ends_its_look_where_normalized() {
    let t = "e\u{301} é Ã©tÃ©\nÃ©tÃ©\n";
    let hot = |normalized| {
        super::hotspots_with(t, normalized)
            .iter()
            .map(|h| (h.at, h.why))
            .collect::<Vec<_>>()
    };
    assert_eq!(hot(true), vec![(1, Why::Nfc), (17, Why::Start)]);
    // Not normalized, the start after it is found as well.
    assert_eq!(
        hot(false),
        vec![(1, Why::Nfc), (7, Why::Start), (17, Why::Start)]
    );
}

/// Clean typography settles in the scan: a sequence whose reading would
/// strand a letter of another alphabet, or (read with a lost NBSP) a
/// lone ideograph, in a Latin word starts nothing. A real start on the
/// same line still counts.
#[test]
fn stranded_readings_start_nothing() {
    let first = |s: &str| super::scan_with(s, super::Scan::First, None).mojibake;
    for clean in [
        "café – fin.",
        "l’été “quoted”.",
        "d’èsos et l’été",
        "Straße: café – fin.",
        "Ich weiß, daß er kommt.",
    ] {
        assert!(!first(clean), "{clean:?}");
    }
    // (Not stranded: a Latin reading, a run of ideographs, an ideograph
    // read with no byte lost, a modifier letter written in Latin words.)
    for garbled in [
        "cafÃ© – fin.",
        "l’été cafÃ©",
        "Windowsç³»ç»Ÿ",
        "iPhoneç‰ˆ",
        "qo╩╗llaniladigan",
    ] {
        assert!(first(garbled), "{garbled:?}");
    }
}

/// `scan/chars.bin` is what its sources give (else run `cargo run
/// --example gen_scan`), and the table read from it at compile time holds
/// the same facts.
#[test]
fn char_table_is_its_sources() {
    assert!(
        char_table() == include_bytes!("chars.bin"),
        "src/repair/scan/chars.bin is stale: cargo run --release --example gen_scan"
    );
    for u in 0..CHARS {
        if let Some(c) = char::from_u32(u as u32) {
            let ci = char_info_from_sources(u);
            assert_eq!(char_info(c), Some(ci), "U+{u:04X}");
            let walk = ci.script
                | if ci.nfc_trivial { WALK_TRIVIAL } else { 0 }
                | if ci.lead != 0 { WALK_LEAD } else { 0 };
            assert_eq!(walk_at(u), Some(walk), "U+{u:04X}");
        }
    }
    assert_eq!(char_info('\u{3000}'), None);
    assert_eq!(walk_at(0x3000), None);
}

/// Every character a [`FOREIGN_LEAD`] byte leads makes `may_be_legacy`
/// false wherever it stands, even on a line with a C1 control (which alone
/// would make it true).
#[test]
fn foreign_leads_lead_no_legacy_line() {
    let mut buf = [0u8; 4];
    for u in (0x80..0x11_0000u32).filter(|u| u % 3 == 0 || *u < 0x3_0000) {
        let Some(c) = char::from_u32(u) else { continue };
        let lead = c.encode_utf8(&mut buf).as_bytes()[0];
        if !FOREIGN_LEAD[usize::from(lead)] {
            continue;
        }
        for line in [
            format!("\u{80}{c}"),
            format!("{c}\u{80}"),
            format!("Ka{c}dy \u{85}\n"),
            format!("port{c}E\u{9C}"),
        ] {
            assert!(!coherence::may_be_legacy(&line), "U+{u:04X} {line:?}");
        }
    }
    for (b, &foreign) in FOREIGN_LEAD.iter().enumerate() {
        assert!(b >= 0xC4 || !foreign, "{b:02X}");
    }
}

proptest::proptest! {
    #![proptest_config(crate::testing::fixed_cases(4000))]

    /// Characters from U+3000 on, which the scan passes a few lookups each
    /// where it can ([`far_quiet`]): letters of Yi, Vai, Javanese and Adlam,
    /// marks NFC may change, CJK, and those a single-byte codepage has
    /// (Mac OS Roman's `` and `ﬁ`), beside the ASCII, accented letters,
    /// typography and other scripts around them: every start and the
    /// survey are what testing each character gives.
    #[test]
    fn scan_of_far_characters_is_testing_each_character(
        s in "([a-zA-Z]{0,2}[ .\n]?[\u{A000}\u{A001}\u{A500}\u{A501}\u{A984}\u{A9B3}\u{A9C0}\u{1E900}\u{1E944}\u{1134B}\u{11347}\u{1133E}\u{3000}\u{3042}\u{4E2D}\u{AC00}\u{FF21}\u{F8FF}\u{FB01}\u{FFFD}\u{1F600}\u{E9}\u{2014}\u{201C}\u{434}\u{5D0}\u{85}\u{301}\u{A0}]{0,4}){0,10}"
    ) {
        scan_is_testing_each_character(&s)?;
    }
}

/// [`far_quiet`] passes exactly the characters from U+3000 on that are not
/// CJK-like, that no single-byte codepage has and that NFC leaves alone;
/// below U+3000 it passes none.
#[test]
fn far_quiet_is_its_definition() {
    let t = tables();
    // (Twice over: the second time from the answers kept, slots shared
    // included.)
    for u in (0x80..0x11_0000u32).chain(0x80..0x11_0000u32) {
        let Some(c) = char::from_u32(u) else { continue };
        let s = c.to_string();
        let want = u >= 0x3000
            && !is_cjk_like(c)
            && t.row(c).is_none()
            && unicode_normalization::is_nfc(&s)
            && unicode_normalization::char::canonical_combining_class(c) == 0
            && unicode_normalization::is_nfc_quick(s.chars())
                == unicode_normalization::IsNormalized::Yes;
        assert_eq!(
            far_quiet(s.as_bytes(), 0),
            want.then_some(s.len()),
            "U+{u:04X}"
        );
    }
}

/// The hotspots' legacy lines are those `legacy_lines` gives, but for
/// lines that have a hit already.
#[test]
fn legacy_starts_are_legacy_lines_without_hits() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/udhr/udhr-heldout.txt"),
    )
    .expect("corpus");
    let mut text: String = text.lines().step_by(3).map(|l| format!("{l}\n")).collect();
    // Lines of the shape it looks for, among others.
    text.push_str("Ka¿dy cz³owiek\nportÈe\nna\u{85}ve\n\u{420}\u{85}\ncafé crème\n");
    text.push_str("── ─┤ Ĵ\nŁódź ÿ\n");
    let mut hits = Vec::new();
    scan_with(&text, Scan::Lines, Some(&mut hits));
    let line_of = |p: usize| text[..p].rfind('\n').map_or(0, |n| n + 1);
    let hit_lines: std::collections::HashSet<usize> = hits.iter().map(|&h| line_of(h)).collect();
    let want: Vec<usize> = coherence::legacy_lines(&text)
        .filter(|s| !hit_lines.contains(s))
        .collect();
    assert!(want.len() >= 3, "{want:?}");
    assert_eq!(legacy_starts(&text, &hits), want);
}

/// [`cjk_run_reads_as_utf8`] as it was, a codepage at a time through
/// `str::from_utf8`: the oracle of the one that reads the run once.
fn cjk_run_reads_as_utf8_naive(text: &str, i: usize, codepages: u8, glued: bool) -> bool {
    if codepages == 0 {
        return false;
    }
    let run = || {
        text[i..]
            .chars()
            .take_while(|&c| !(c.is_ascii() || c.is_whitespace()))
    };
    if run().nth(1).is_none() && !glued {
        return false;
    }
    (0..codec::CJK.len())
        .filter(|&k| codepages & (1 << k) != 0)
        .any(|k| {
            let mut pending = [0u8; 4];
            let mut have = 0;
            for c in run() {
                let b = codec::cjk_bytes(c)[k];
                if b[0] == 0 {
                    return false;
                }
                for &x in &b[..if b[1] == 0 { 1 } else { 2 }] {
                    if have == 0 && x < 0x80 {
                        continue;
                    }
                    if have == 0 && !(0xC2..=0xF4).contains(&x) {
                        return false;
                    }
                    pending[have] = x;
                    have += 1;
                    if have == utf8_len(pending[0]) {
                        if std::str::from_utf8(&pending[..have]).is_err() {
                            return false;
                        }
                        have = 0;
                    } else if have > 1
                        && std::str::from_utf8(&pending[..have])
                            .is_err_and(|e| e.error_len().is_some())
                    {
                        return false;
                    }
                }
            }
            have == 0
        })
}

/// Reading bytes as UTF-8 as they come accepts what `str::from_utf8`
/// accepts, and rejects a sequence as soon as it rejects it: every
/// sequence of up to three bytes from a lead, and four-byte ones from
/// every lead with continuation bytes at the edges of their ranges.
#[test]
fn utf8_reading_is_from_utf8() {
    // (Each byte as a one-byte character's; no zero bytes, which stand
    // for none.)
    let judge = |seq: &[u8]| {
        let mut r = Utf8Reading::default();
        seq.iter().all(|&x| r.take([x, 0])) && r.have == 0
    };
    let want = |seq: &[u8]| std::str::from_utf8(seq).is_ok();
    let mut asked = 0;
    for lead in 0xC2..=0xF4u8 {
        for b1 in 0x01..=0xFFu8 {
            let need = utf8_len(lead);
            let mut seqs = vec![vec![lead, b1]];
            if need >= 3 {
                seqs = [0x01u8, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF]
                    .iter()
                    .map(|&b2| vec![lead, b1, b2])
                    .collect();
            }
            if need == 4 {
                seqs = seqs
                    .iter()
                    .flat_map(|s| {
                        [0x41u8, 0x80, 0xBF, 0xC3].map(|b3| [s.as_slice(), &[b3]].concat())
                    })
                    .collect();
            }
            for s in seqs {
                asked += 1;
                assert_eq!(judge(&s), want(&s), "{s:02X?}");
                // Cut short, it is taken so far unless a byte already
                // breaks it.
                for cut in 2..s.len() {
                    let mut r = Utf8Reading::default();
                    let took = s[..cut].iter().all(|&x| r.take([x, 0]));
                    let broken =
                        std::str::from_utf8(&s[..cut]).is_err_and(|e| e.error_len().is_some());
                    assert_eq!(took, !broken, "{:02X?}", &s[..cut]);
                }
            }
        }
    }
    assert!(asked > 50_000, "{asked}");
}

/// Runs that read as UTF-8 through one codepage and not another: the
/// oracle and the reading agree on both answers.
#[test]
fn cjk_runs_that_read_and_do_not() {
    // `ﾃｩ` is `C3 A9` (`é`) in Shift_JIS; `ｩﾃ` is not UTF-8 there.
    for (text, codepages, want) in [
        ("ﾃｩ", 0b010, true),
        ("ｩﾃ", 0b010, false),
        ("ﾃｩ", 0b101, false),
    ] {
        assert_eq!(
            cjk_run_reads_as_utf8(text, 0, codepages, || false),
            want,
            "{text}"
        );
        assert_eq!(
            cjk_run_reads_as_utf8_naive(text, 0, codepages, false),
            want,
            "{text}"
        );
    }
}

proptest::proptest! {
    #![proptest_config(crate::testing::fixed_cases(4000))]

    /// The run read once for every codepage gives what reading it a
    /// codepage at a time gives: runs of kana, halfwidth katakana, Hangul,
    /// Han and fullwidth forms (which read as UTF-8 through one codepage or
    /// another now and then), with Latin letters and spaces between.
    #[test]
    fn cjk_runs_read_once_as_a_codepage_at_a_time(
        s in "[a-z \\u{3041}-\\u{3096}\\u{30A1}-\\u{30FA}\\u{FF61}-\\u{FF9F}\\u{AC00}-\\u{AC40}\\u{B000}-\\u{B040}\\u{4E00}-\\u{4E80}\\u{7D00}-\\u{7D40}\\u{FF01}-\\u{FF5E}\\u{3000}-\\u{3010}\\u{E000}-\\u{E010}]{1,12}",
        codepages in 0u8..8,
        glued: bool,
    ) {
        for (i, c) in s.char_indices() {
            if c.is_ascii() {
                continue;
            }
            proptest::prop_assert_eq!(
                cjk_run_reads_as_utf8(&s, i, codepages, || glued),
                cjk_run_reads_as_utf8_naive(&s, i, codepages, glued),
                "{:?} at {} codepages {}", s, i, codepages
            );
        }
    }
}
