//! Streams: every test input fed in chunks of 1, 2, 3, 7, 64 and 4096
//! bytes, with empty chunks between, through `StreamFixer`, `FixReader` and
//! `FixWriter`, must give exactly the one-shot result; so must
//! `StreamFixer::feed_borrowed` and `StreamFixer::feed_parts`, which give
//! clean text fed in whole lines back uncopied.

use std::io::{Read, Write};

use mojifix::{FixReader, FixWriter, Fixer, StreamFixer};

use crate::common::{archive, udhr};

fn inputs() -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = crate::cases::cases()
        .into_iter()
        .map(|c| (c.name, c.input.into_bytes()))
        .collect();
    // Every case as one document, line after line.
    let all: Vec<u8> = v
        .iter()
        .flat_map(|(_, b)| b.iter().copied().chain(*b"\n"))
        .collect();
    v.push(("all-cases".into(), all));
    let u = udhr();
    let text = crate::bytes::text_of(&u["rus"], 3000);
    v.push((
        "cp1251-file".into(),
        encoding_rs::WINDOWS_1251.encode(&text).0.into_owned(),
    ));
    let mut mixed = crate::bytes::text_of(&u["eng"], 2000).into_bytes();
    mixed.extend_from_slice(
        &encoding_rs::WINDOWS_1252
            .encode(&crate::bytes::text_of(&u["fra"], 500))
            .0,
    );
    v.push(("mixed".into(), mixed));
    v.push((
        "utf-16le".into(),
        text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect(),
    ));
    v.push((
        "sjis".into(),
        encoding_rs::SHIFT_JIS
            .encode(&crate::bytes::text_of(&u["jpn"], 2000))
            .0
            .into_owned(),
    ));
    // A garbled archive file, and a line longer than the 64 KiB piece.
    let (_, f) = archive().into_iter().find(|(_, b)| !b.is_ascii()).unwrap();
    let g = mojifix::Codepage::Windows1252
        .garble(std::str::from_utf8(&f).unwrap())
        .unwrap();
    v.push(("archive-file".into(), g.into_bytes()));
    let long = "cafÃ© naÃ¯ve â€“ plain words ".repeat(5000);
    v.push(("long-line".into(), long.into_bytes()));
    // Escapes among UTF-8 lines: terminal colours pass as they are, an
    // ISO-2022-JP line is decoded, mojibake beside an escape is fixed.
    v.push((
        "escapes".into(),
        b"plain \x1b[1mbold\x1b[0m caf\xc3\xa9\n\x1b$B$3$s$K$A$O\x1b(B\nna\xc3\x83\xc2\xafve \x1b[0m\nend"
            .to_vec(),
    ));
    // A legacy document with a line too long to decode with the others.
    let legacy_long = format!(
        "{}\n{}\n{}",
        "h\u{e9}t\u{e9} ".repeat(40),
        "caf\u{e9} cr\u{e8}me ".repeat(3000),
        "fin \u{e0} la ligne\n".repeat(50)
    );
    v.push((
        "legacy-long-line".into(),
        encoding_rs::WINDOWS_1252
            .encode(&legacy_long)
            .0
            .into_owned(),
    ));
    // Code kept, then the prose proves the document garbled.
    v.push((
        "code-then-prose".into(),
        "```\ncafÃ©\n```\nand then cafÃ© in prose\n".into(),
    ));
    v
}

fn streamed(fixer: &Fixer, input: &[u8], size: usize) -> String {
    let mut s = StreamFixer::new(fixer);
    let mut out = String::new();
    for chunk in input.chunks(size) {
        s.feed(chunk, false, &mut out);
        s.feed(b"", false, &mut out);
    }
    s.feed(b"", true, &mut out);
    out
}

#[test]
fn any_chunking_gives_the_one_shot_result() {
    let fixer = Fixer::new();
    for (name, input) in inputs() {
        let want = fixer.fix_bytes(&input).into_owned();
        for size in [1, 2, 3, 7, 64, 4096] {
            if size < 7 && input.len() > 20_000 {
                continue; // the long inputs byte by byte would only be slow
            }
            assert_eq!(
                streamed(&fixer, &input, size),
                want,
                "{name} in chunks of {size}"
            );
        }
        let mut r = FixReader::new(&input[..], &fixer);
        let mut got = String::new();
        r.read_to_string(&mut got).unwrap();
        assert_eq!(got, want, "{name} through FixReader");
        let mut w = FixWriter::new(Vec::new(), &fixer);
        for chunk in input.chunks(5) {
            w.write_all(chunk).unwrap();
        }
        let bytes = w.finish().unwrap();
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            want,
            "{name} through FixWriter"
        );
    }
}

/// Through `feed_borrowed` (or, `parts`, `feed_parts`) in chunks of about
/// `size` bytes: cut at any byte, or (`lines`) after the chunk's last line
/// feed, the rest kept for the next chunk as a reader of whole lines does.
/// Also returns how many bytes of output came back borrowed from the chunk
/// fed.
fn streamed_borrowed(
    fixer: &Fixer,
    input: &[u8],
    size: usize,
    lines: bool,
    parts: bool,
) -> (String, usize) {
    let mut s = StreamFixer::new(fixer);
    let (mut out, mut scratch, mut borrowed) = (String::new(), String::new(), 0);
    let mut rest = input;
    loop {
        let last = rest.len() <= size;
        let mut end = rest.len().min(size);
        if lines && !last {
            end = rest[..end]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(end, |n| n + 1);
        }
        let (chunk, after) = rest.split_at(end);
        let texts = if parts {
            s.feed_parts(chunk, last, &mut scratch)
        } else {
            vec![s.feed_borrowed(chunk, last, &mut scratch)]
        };
        let range = chunk.as_ptr_range();
        for text in texts {
            if !text.is_empty() && range.contains(&text.as_ptr()) {
                borrowed += text.len();
            }
            out.push_str(text);
        }
        rest = after;
        if last {
            return (out, borrowed);
        }
    }
}

#[test]
fn borrowed_feeding_gives_the_one_shot_result() {
    let fixer = Fixer::new();
    for (name, input) in inputs() {
        let want = fixer.fix_bytes(&input).into_owned();
        for size in [1, 7, 64, 4096] {
            if size < 7 && input.len() > 20_000 {
                continue;
            }
            for lines in [false, true] {
                for parts in [false, true] {
                    let (got, _) = streamed_borrowed(&fixer, &input, size, lines, parts);
                    assert_eq!(
                        got, want,
                        "{name} in chunks of {size} (lines: {lines}, parts: {parts})"
                    );
                }
            }
        }
    }
}

/// Through `feed_parts`, the clean lines among repaired ones come back
/// as the very bytes fed; only the repaired lines are copied.
#[test]
fn clean_lines_among_repaired_ones_come_back_uncopied() {
    let fixer = Fixer::new();
    let clean: Vec<u8> = archive().into_iter().flat_map(|(_, b)| b).collect();
    let (mut input, mut want) = (Vec::new(), Vec::new());
    let mut garbled = 0;
    for (k, line) in clean.split_inclusive(|&b| b == b'\n').enumerate() {
        if k % 500 == 0 {
            input.extend_from_slice("cafÃ© crÃ¨me\n".as_bytes());
            want.extend_from_slice("café crème\n".as_bytes());
            garbled += "cafÃ© crÃ¨me\n".len();
        }
        input.extend_from_slice(line);
        want.extend_from_slice(line);
    }
    let want = String::from_utf8(want).unwrap();
    assert_eq!(fixer.fix_bytes(&input), want);
    let (got, borrowed) = streamed_borrowed(&fixer, &input, 64 << 10, true, true);
    assert_eq!(got, want);
    assert_eq!(borrowed, input.len() - garbled);
}

#[test]
fn clean_text_fed_in_whole_lines_comes_back_uncopied() {
    let fixer = Fixer::new();
    let clean: Vec<u8> = archive().into_iter().flat_map(|(_, b)| b).collect();
    assert!(clean.len() > 1 << 20 && !clean.is_ascii());
    let want = fixer.fix_bytes(&clean);
    assert_eq!(
        want,
        std::str::from_utf8(&clean).unwrap(),
        "the archive is clean"
    );
    let (got, borrowed) = streamed_borrowed(&fixer, &clean, 64 << 10, true, false);
    assert_eq!(got, want);
    // All of it comes back as the very bytes fed.
    assert_eq!(borrowed, clean.len());
}

#[test]
fn long_line_is_fixed_in_pieces() {
    let long = "cafÃ© naÃ¯ve â€“ plain words ".repeat(5000);
    let fixed = mojifix::fix_str(&long);
    assert_eq!(fixed, "café naïve – plain words ".repeat(5000));
}

#[test]
fn output_appears_before_the_input_ends() {
    let fixer = Fixer::new();
    let mut s = StreamFixer::new(&fixer);
    let mut out = String::new();
    // The first KiB is looked at for UTF-16 without a BOM; then lines flow.
    let filler = "filler\n".repeat(200);
    s.feed(filler.as_bytes(), false, &mut out);
    s.feed(b"first line caf\xC3\x83\xC2\xA9\nsecond", false, &mut out);
    assert_eq!(out, format!("{filler}first line café\n"));
    s.feed(b" line\n", true, &mut out);
    assert_eq!(out, format!("{filler}first line café\nsecond line\n"));
}
