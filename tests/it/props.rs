//! Properties: idempotence, NFC output, no panic, explain = fix, and
//! garbled random text coming back.

use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use unicode_normalization::is_nfc;

use mojifix::Codepage;

proptest! {
    // A fixed seed: the same cases on every run, so CI is deterministic.
    #![proptest_config(ProptestConfig {
        cases: 300,
        rng_seed: RngSeed::Fixed(20_261_125),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn fix_is_idempotent_and_nfc(s in "\\PC{0,60}") {
        let once = mojifix::fix_str(&s).into_owned();
        prop_assert!(is_nfc(&once));
        let twice = mojifix::fix_str(&once).into_owned();
        prop_assert_eq!(&once, &twice);
        prop_assert_eq!(mojifix::explain_str(&s).text, once);
    }

    #[test]
    /// Some outputs are never right: a repair never brings in a character
    /// of the planes where nothing is assigned, a private-use character, a
    /// noncharacter or a C1 control that the input did not hold, whatever
    /// the input (random text, and random text garbled through a legacy
    /// codepage and shown as windows-1252 or read as UTF-8 in another).
    fn never_brings_in_what_is_never_written(
        s in "\\PC{0,40}|[\\u{80}-\\u{24F}\\u{400}-\\u{4FF}\\u{3040}-\\u{30FF}\\u{4E00}-\\u{4FFF} ]{0,40}",
        cp in 0usize..4,
    ) {
        let never = |c: char| {
            let u = c as u32;
            (0x80..=0x9F).contains(&u)
                || (0xE000..=0xF8FF).contains(&u)
                || (0xFDD0..=0xFDEF).contains(&u)
                || (u & 0xFFFE) == 0xFFFE
                || (0x3_23B0..0xE_0000).contains(&u)
                || u >= 0xF_0000
        };
        let mut inputs = vec![s.clone()];
        let enc = [encoding_rs::WINDOWS_1251, encoding_rs::GBK, encoding_rs::SHIFT_JIS, encoding_rs::KOI8_R][cp];
        let (bytes, _, _) = enc.encode(&s);
        inputs.push(encoding_rs::WINDOWS_1252.decode_without_bom_handling(&bytes).0.into_owned());
        if let Some(g) = Codepage::ALL[cp * 4 % Codepage::ALL.len()].garble(&s) {
            inputs.push(g);
        }
        for input in inputs {
            let out = mojifix::fix_str(&input);
            for c in out.chars().filter(|&c| never(c)) {
                prop_assert!(input.contains(c), "{:?} -> {:?} brings in U+{:04X}", input, out, c as u32);
            }
        }
    }

    #[test]
    fn clean_text_comes_back_borrowed(words in proptest::collection::vec(
        "[a-zA-Z]{1,8}|déjà|naïve|Straße|señor|São|ŻÓŁW|čeština|Ελλάδα|Москва|Київ|日本語|中文|한국어|עברית|العربية|हिन्दी|€|—|“|”|…|🎉|✅",
        1..12,
    )) {
        let clean = words.join(" ");
        let fixed = mojifix::fix_str(&clean);
        prop_assert!(matches!(fixed, std::borrow::Cow::Borrowed(_)), "{:?} -> {:?}", clean, fixed);
    }

    #[test]
    fn any_bytes_give_nfc_text(b in proptest::collection::vec(any::<u8>(), 0..200)) {
        let t = mojifix::fix_bytes(&b).into_owned();
        prop_assert!(is_nfc(&t));
        prop_assert_eq!(mojifix::Fixer::new().explain_bytes(&b).text, t);
    }

    #[test]
    // Words as text has them: a lone accented letter between spaces is not
    // a word, and repairing one needs more evidence than a line of random
    // words gives (see the engine's rules for lone sequences).
    fn garbled_latin_text_comes_back(words in proptest::collection::vec("[a-zA-Z]{1,8}|café|naïve|Straße|señor|€|—|“|”|…|🎉|über|søster|på|Zürich", 2..12), layers in 1usize..3) {
        let clean = words.join(" ");
        let mut g = clean.clone();
        for _ in 0..layers {
            g = Codepage::Windows1252.garble(&g).unwrap();
        }
        prop_assume!(g != clean);
        let got = mojifix::fix_str(&g);
        prop_assert_eq!(got, clean);
    }
}
