//! Any bytes: no panic, and the output is NFC UTF-8 (a `String` is UTF-8 by
//! construction; NFC is checked).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let out = mojifix::fix_bytes(data);
    assert!(unicode_normalization::is_nfc(&out), "not NFC: {out:?}");
});
