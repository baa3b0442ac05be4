//! Stream ≡ one-shot under any chunking: the first byte chooses the chunk
//! sizes, the rest is the input.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&seed, input)) = data.split_first() else { return };
    let fixer = mojifix::Fixer::new();
    let want = fixer.fix_bytes(input).into_owned();
    let mut stream = mojifix::StreamFixer::new(&fixer);
    let mut got = String::new();
    let mut rest = input;
    let mut size = usize::from(seed % 17);
    while !rest.is_empty() {
        let n = size.min(rest.len());
        stream.feed(&rest[..n], false, &mut got);
        rest = &rest[n..];
        size = (size * 7 + 3) % 23;
    }
    stream.feed(b"", true, &mut got);
    assert_eq!(got, want);
});
