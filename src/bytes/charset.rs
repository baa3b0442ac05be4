//! The legacy encodings a file may be read in: encoding_rs's, and the DOS
//! codepages it lacks (IBM437 and IBM850, a file saved in a DOS program),
//! read from the codec's tables ([`crate::codec`]).
//!
//! Guarantees: a DOS codepage reads every byte (ASCII as ASCII, the bytes
//! 0x80-0xFF as its table has them) and replaces none; line by line or
//! all at once, the same text.

use encoding_rs::{DecoderResult, Encoding};

use crate::codec::{self, Codepage};

/// An encoding a file may be read in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Charset {
    /// One of encoding_rs's.
    Whatwg(&'static Encoding),
    /// A single-byte DOS codepage of the codec's tables.
    Dos(Codepage),
}

impl From<&'static Encoding> for Charset {
    fn from(enc: &'static Encoding) -> Charset {
        Charset::Whatwg(enc)
    }
}

impl Charset {
    /// The encoding's name (`windows-1252`, `Shift_JIS`, `cp437`).
    pub(crate) fn name(self) -> &'static str {
        match self {
            Charset::Whatwg(enc) => enc.name(),
            Charset::Dos(cp) => cp.name(),
        }
    }

    /// Whether each byte is one character.
    pub(crate) fn is_single_byte(self) -> bool {
        match self {
            Charset::Whatwg(enc) => enc.is_single_byte(),
            Charset::Dos(_) => true,
        }
    }

    /// Whether its bytes never hide a line feed inside a character, so
    /// that it can be decoded line by line.
    pub(crate) fn is_line_safe(self) -> bool {
        match self {
            Charset::Whatwg(enc) => enc.is_ascii_compatible() && enc != encoding_rs::ISO_2022_JP,
            Charset::Dos(_) => true,
        }
    }

    /// A decoder in its first state.
    pub(crate) fn decoder(self) -> Decoder {
        match self {
            Charset::Whatwg(enc) => Decoder::Whatwg(enc.new_decoder_without_bom_handling()),
            Charset::Dos(cp) => Decoder::Dos(cp),
        }
    }

    /// The character the one byte `b` reads as, where it reads as one.
    pub(crate) fn byte(self, b: u8) -> Option<char> {
        match self {
            Charset::Whatwg(enc) => {
                let one = [b];
                let s = enc.decode_without_bom_handling_and_without_replacement(&one)?;
                let mut cs = s.chars();
                cs.next().filter(|_| cs.next().is_none())
            }
            Charset::Dos(_) if b < 0x80 => Some(char::from(b)),
            Charset::Dos(cp) => Some(codec::tables().decode[cp.index()][usize::from(b - 0x80)]),
        }
    }
}

/// A streaming decoder of a [`Charset`].
pub(crate) enum Decoder {
    Whatwg(encoding_rs::Decoder),
    Dos(Codepage),
}

impl Decoder {
    /// Decodes `input` onto `out` (`last`: no more input follows),
    /// counting replaced bytes: (bytes read, bytes replaced).
    pub(crate) fn decode_into(
        &mut self,
        input: &[u8],
        last: bool,
        out: &mut String,
    ) -> (usize, usize) {
        match self {
            Decoder::Whatwg(dec) => decode_into(dec, input, last, out),
            Decoder::Dos(cp) => {
                let table = &codec::tables().decode[cp.index()];
                out.reserve(input.len() * 2);
                out.extend(input.iter().map(|&b| {
                    if b < 0x80 {
                        char::from(b)
                    } else {
                        table[usize::from(b - 0x80)]
                    }
                }));
                (input.len(), 0)
            }
        }
    }
}

/// Decodes with encoding_rs's streaming decoder, counting replaced bytes.
pub(crate) fn decode_into(
    dec: &mut encoding_rs::Decoder,
    mut input: &[u8],
    last: bool,
    out: &mut String,
) -> (usize, usize) {
    let total = input.len();
    let mut replaced = 0;
    loop {
        out.reserve(
            dec.max_utf8_buffer_length_without_replacement(input.len())
                .unwrap_or(input.len() * 3)
                + 4,
        );
        let (res, read) = dec.decode_to_string_without_replacement(input, out, last);
        input = &input[read..];
        match res {
            DecoderResult::InputEmpty => return (total, replaced),
            DecoderResult::OutputFull => {}
            DecoderResult::Malformed(bad, _) => {
                replaced += usize::from(bad);
                out.push('\u{FFFD}');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// IBM437 reads a DOS file's accented letters (`é` is 0x82 there, a
    /// low quote in windows-1252), the same line by line or all at once.
    #[test]
    fn dos_codepages_read_their_letters() {
        let raw = b"caf\x82 na\x8bve \x85 la carte\n\x87a va";
        let mut whole = String::new();
        Charset::Dos(Codepage::Cp437)
            .decoder()
            .decode_into(raw, true, &mut whole);
        assert_eq!(whole, "café naïve à la carte\nça va");
        let mut lines = String::new();
        let mut dec = Charset::Dos(Codepage::Cp437).decoder();
        for l in raw.split_inclusive(|&b| b == b'\n') {
            dec.decode_into(l, false, &mut lines);
        }
        assert_eq!(lines, whole);
        assert_eq!(Charset::Dos(Codepage::Cp850).byte(0x82), Some('é'));
        assert_eq!(Charset::Dos(Codepage::Cp437).name(), "cp437");
    }
}
