//! fix(fix(x)) == fix(x) for any text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let once = mojifix::fix_str(text).into_owned();
    let twice = mojifix::fix_str(&once);
    assert_eq!(twice, once, "not idempotent on {text:?}");
});
