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
