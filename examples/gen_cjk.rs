//! Regenerates `src/cjk.bin`: each BMP character's bytes in GBK, Shift_JIS
//! and EUC-KR, as encoding_rs's encoders give them, for `codec::cjk_bytes`
//! (a test there holds the file to the encoders for every BMP character).
//!
//! Usage: `cargo run --release --example gen_cjk` (writes `src/cjk.bin`).
//!
//! Format: 256 bytes, one per block of 256 characters (U+xx00 to U+xxFF):
//! 0 where no character of the block has bytes in any of the three, else
//! the block's number, from 1, among those that follow; then each such
//! block, 256 entries of three `[lead, trail]` pairs (`[0, 0]` where the
//! codepage lacks the character, a 0 trail for one byte). ASCII, the
//! Private Use Area (whose answers `cjk_bytes` takes from the encoders on
//! first use) and the surrogates are left out.

const CODEPAGES: [&encoding_rs::Encoding; 3] = [
    encoding_rs::GBK,
    encoding_rs::SHIFT_JIS,
    encoding_rs::EUC_KR,
];

fn bytes_of(enc: &'static encoding_rs::Encoding, c: char) -> [u8; 2] {
    let mut encoder = enc.new_encoder();
    let mut out = [0u8; 8];
    let mut buf = [0u8; 4];
    let (res, _, written) =
        encoder.encode_from_utf8_without_replacement(c.encode_utf8(&mut buf), &mut out, true);
    match (res, written) {
        (encoding_rs::EncoderResult::InputEmpty, 1) => [out[0], 0],
        (encoding_rs::EncoderResult::InputEmpty, 2) => [out[0], out[1]],
        _ => [0, 0],
    }
}

fn main() {
    let mut index = [0u8; 256];
    let mut blocks: Vec<u8> = Vec::new();
    for block in 0..256u32 {
        let mut entries = [[[0u8; 2]; 3]; 256];
        let mut any = false;
        for (k, e) in entries.iter_mut().enumerate() {
            let u = block << 8 | k as u32;
            if u < 0x80 || (0xE000..=0xF8FF).contains(&u) {
                continue;
            }
            let Some(c) = char::from_u32(u) else { continue };
            for (slot, enc) in e.iter_mut().zip(CODEPAGES) {
                *slot = bytes_of(enc, c);
                any |= *slot != [0, 0];
            }
        }
        if any {
            let n = blocks.len() / (256 * 6) + 1;
            index[block as usize] = u8::try_from(n).expect("at most 255 blocks");
            blocks.extend(entries.iter().flatten().flatten());
        }
    }
    let mut out = index.to_vec();
    out.extend(blocks);
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/cjk.bin");
    std::fs::write(&path, &out).expect("write src/cjk.bin");
    eprintln!("{} bytes to {}", out.len(), path.display());
}
