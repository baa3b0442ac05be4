//! The explanation's text always equals what fix returns, for text and bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let fixer = mojifix::Fixer::new();
    assert_eq!(fixer.explain_bytes(data).text, fixer.fix_bytes(data));
    if let Ok(text) = std::str::from_utf8(data) {
        assert_eq!(fixer.explain_str(text).text, fixer.fix_str(text));
    }
});
