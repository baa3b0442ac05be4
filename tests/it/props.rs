//! Properties: idempotence, NFC output, no panic, explain = fix, and
//! garbled random text coming back.

use proptest::prelude::*;
use unicode_normalization::is_nfc;

use mojifix::Codepage;

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn fix_is_idempotent_and_nfc(s in "\\PC{0,60}") {
        let once = mojifix::fix_str(&s).into_owned();
        prop_assert!(is_nfc(&once));
        let twice = mojifix::fix_str(&once).into_owned();
        prop_assert_eq!(&once, &twice);
        prop_assert_eq!(mojifix::explain_str(&s).text, once);
    }

    #[test]
    fn any_bytes_give_nfc_text(b in proptest::collection::vec(any::<u8>(), 0..200)) {
        let t = mojifix::fix_bytes(&b).into_owned();
        prop_assert!(is_nfc(&t));
        prop_assert_eq!(mojifix::Fixer::new().explain_bytes(&b).text, t);
    }

    #[test]
    fn garbled_latin_text_comes_back(words in proptest::collection::vec("[a-zA-Z]{1,8}|café|naïve|Straße|señor|€|—|“|”|…|🎉|ü|ø|å", 2..12), layers in 1usize..3) {
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
