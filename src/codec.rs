//! The legacy codepages that UTF-8 text can have been wrongly decoded with.
//!
//! This is the one home of every codepage table mojifix uses, and none of
//! them is written by hand: the byte-to-character tables come from
//! `encoding_rs` (the WHATWG encodings) and `oem_cp` (the DOS codepages 437
//! and 850, which WHATWG does not define). The single-byte reverse maps
//! (character to byte) are derived from those decode tables at compile
//! time (the decode tables themselves are written by `examples/gen_codec.rs`
//! into `src/codec.bin`, which a test holds to those crates); the
//! multi-byte ones (GBK, Shift_JIS, EUC-KR) are written from
//! encoding_rs's encoders by `examples/gen_cjk.rs` into `src/cjk.bin`, which
//! a test holds to the encoders.

use std::sync::OnceLock;

use encoding_rs::Encoding;

/// A codepage that text can have been mis-decoded with.
///
/// mojifix reverses a wrong decode by encoding the garbled characters back
/// into this codepage's bytes and reading those bytes as UTF-8.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Codepage {
    /// windows-1252, together with ISO-8859-1 (whose C1 controls stand for
    /// the bytes 0x80-0x9F that windows-1252 leaves undefined or maps to
    /// punctuation).
    Windows1252,
    /// windows-1250 (Central European).
    Windows1250,
    /// windows-1251 (Cyrillic).
    Windows1251,
    /// Mac OS Roman.
    MacRoman,
    /// ISO-8859-2 (Latin-2).
    Iso8859_2,
    /// windows-1253 (Greek).
    Windows1253,
    /// windows-1254 (Turkish).
    Windows1254,
    /// windows-1257 (Baltic).
    Windows1257,
    /// KOI8-R (Russian).
    Koi8R,
    /// KOI8-U (Ukrainian).
    Koi8U,
    /// IBM866, the DOS Cyrillic codepage.
    Cp866,
    /// IBM437, the original DOS codepage.
    Cp437,
    /// IBM850, the DOS Western European codepage.
    Cp850,
    /// GBK (simplified Chinese, a multi-byte codepage).
    Gbk,
    /// Shift_JIS (Japanese, multi-byte).
    ShiftJis,
    /// EUC-KR (Korean, multi-byte).
    EucKr,
}

/// Number of single-byte codepages; they come first in [`Codepage::ALL`].
pub(crate) const NSB: usize = 13;

impl Codepage {
    /// Every codepage, single-byte ones first, in order of preference when
    /// two readings are equally good.
    pub const ALL: [Codepage; 16] = [
        Codepage::Windows1252,
        Codepage::Windows1250,
        Codepage::Windows1251,
        Codepage::MacRoman,
        Codepage::Iso8859_2,
        Codepage::Windows1253,
        Codepage::Windows1254,
        Codepage::Windows1257,
        Codepage::Koi8R,
        Codepage::Koi8U,
        Codepage::Cp866,
        Codepage::Cp437,
        Codepage::Cp850,
        Codepage::Gbk,
        Codepage::ShiftJis,
        Codepage::EucKr,
    ];

    /// The codepage's usual name (a WHATWG label where there is one).
    pub fn name(self) -> &'static str {
        match self {
            Codepage::Windows1252 => "windows-1252",
            Codepage::Windows1250 => "windows-1250",
            Codepage::Windows1251 => "windows-1251",
            Codepage::MacRoman => "macintosh",
            Codepage::Iso8859_2 => "iso-8859-2",
            Codepage::Windows1253 => "windows-1253",
            Codepage::Windows1254 => "windows-1254",
            Codepage::Windows1257 => "windows-1257",
            Codepage::Koi8R => "koi8-r",
            Codepage::Koi8U => "koi8-u",
            Codepage::Cp866 => "ibm866",
            Codepage::Cp437 => "cp437",
            Codepage::Cp850 => "cp850",
            Codepage::Gbk => "gbk",
            Codepage::ShiftJis => "shift_jis",
            Codepage::EucKr => "euc-kr",
        }
    }

    /// Makes mojibake: `text` as it reads after its UTF-8 bytes were
    /// decoded with this codepage (windows-1252 keeps the bytes it leaves
    /// undefined as C1 controls, as ISO-8859-1 does). `None` when a byte has
    /// no character in the codepage. For tests, benchmarks and examples.
    ///
    /// ```
    /// use mojifix::Codepage;
    /// assert_eq!(Codepage::Windows1252.garble("café").as_deref(), Some("cafÃ©"));
    /// assert_eq!(Codepage::Windows1251.garble("Если").as_deref(), Some("Р•СЃР»Рё"));
    /// assert_eq!(mojifix::fix_str("Р•СЃР»Рё"), "Если");
    /// ```
    pub fn garble(self, text: &str) -> Option<String> {
        if self.is_single_byte() {
            let t = tables();
            let k = self.index();
            let mut out = String::with_capacity(text.len() * 2);
            for &b in text.as_bytes() {
                if b < 0x80 {
                    out.push(char::from(b));
                } else {
                    let c = t.decode[k][usize::from(b - 0x80)];
                    if c == '\u{FFFD}' {
                        if self == Codepage::Windows1252 {
                            out.push(char::from(b));
                        } else {
                            return None;
                        }
                    } else {
                        out.push(c);
                    }
                }
            }
            Some(out)
        } else {
            let enc = self
                .encoding()
                .expect("multi-byte codepage has an encoding");
            enc.decode_without_bom_handling_and_without_replacement(text.as_bytes())
                .map(|c| c.into_owned())
        }
    }

    /// Index into [`Codepage::ALL`].
    pub(crate) fn index(self) -> usize {
        self as usize
    }

    /// True for the codepages whose every byte is one character.
    pub fn is_single_byte(self) -> bool {
        self.index() < NSB
    }

    /// The encoding_rs encoding behind this codepage, where there is one.
    pub(crate) fn encoding(self) -> Option<&'static Encoding> {
        Some(match self {
            Codepage::Windows1252 => encoding_rs::WINDOWS_1252,
            Codepage::Windows1250 => encoding_rs::WINDOWS_1250,
            Codepage::Windows1251 => encoding_rs::WINDOWS_1251,
            Codepage::MacRoman => encoding_rs::MACINTOSH,
            Codepage::Iso8859_2 => encoding_rs::ISO_8859_2,
            Codepage::Windows1253 => encoding_rs::WINDOWS_1253,
            Codepage::Windows1254 => encoding_rs::WINDOWS_1254,
            Codepage::Windows1257 => encoding_rs::WINDOWS_1257,
            Codepage::Koi8R => encoding_rs::KOI8_R,
            Codepage::Koi8U => encoding_rs::KOI8_U,
            Codepage::Cp866 => encoding_rs::IBM866,
            Codepage::Gbk => encoding_rs::GBK,
            Codepage::ShiftJis => encoding_rs::SHIFT_JIS,
            Codepage::EucKr => encoding_rs::EUC_KR,
            Codepage::Cp437 | Codepage::Cp850 => return None,
        })
    }
}

impl Codepage {
    /// The codepage of a [`Codepage::name`].
    pub fn for_name(name: &str) -> Option<Codepage> {
        Codepage::ALL
            .into_iter()
            .find(|c| c.name().eq_ignore_ascii_case(name))
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Codepage {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Codepage {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Codepage::for_name(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown codepage {name:?}")))
    }
}

impl std::fmt::Display for Codepage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Per character, the byte it is in each single-byte codepage (0: none).
pub(crate) type ByteRow = [u8; NSB];

/// The derived tables.
pub(crate) struct Tables {
    /// `decode[k][b - 0x80]`: what byte `b` reads as in codepage `k`
    /// (U+FFFD where the codepage leaves it undefined).
    pub(crate) decode: [[char; 128]; NSB],
    /// Rows for U+0080..U+07FF, indexed by `c - 0x80`.
    low: &'static [ByteRow],
    /// Rows for characters from U+0800 on, sorted by character.
    high: &'static [(char, ByteRow)],
    /// For U+0800..=[`HIGH_END`]: the character's index in `high`, or
    /// `u16::MAX`.
    high_index: &'static [u16],
}

/// The last character any single-byte codepage here decodes to (U+FB02 `ﬂ`
/// in mac_roman).
const HIGH_END: u32 = 0xFB02;

/// The tables: built at compile time, nothing to do at start-up.
pub(crate) fn tables() -> &'static Tables {
    &TABLES
}

/// `codec.bin`: what each byte 0x80-0xFF reads as in each single-byte
/// codepage, codepage after codepage in [`Codepage::ALL`]'s order, four
/// bytes (little-endian) a character. Written by `examples/gen_codec.rs`
/// from encoding_rs and oem_cp ([`decode_table_bytes`]); a test holds it to
/// them.
const DECODE_BIN: &[u8] = include_bytes!("codec.bin");

/// [`Tables::decode`], read from [`DECODE_BIN`] at compile time.
const DECODE: [[char; 128]; NSB] = {
    assert!(
        DECODE_BIN.len() == NSB * 128 * 4,
        "codec.bin: 13 x 128 characters"
    );
    let mut t = [['\u{FFFD}'; 128]; NSB];
    let mut k = 0;
    while k < NSB {
        let mut i = 0;
        while i < 128 {
            let at = 4 * (k * 128 + i);
            let u = u32::from_le_bytes([
                DECODE_BIN[at],
                DECODE_BIN[at + 1],
                DECODE_BIN[at + 2],
                DECODE_BIN[at + 3],
            ]);
            t[k][i] = match char::from_u32(u) {
                Some(c) => c,
                None => panic!("codec.bin: characters"),
            };
            i += 1;
        }
        k += 1;
    }
    t
};

/// At most this many characters from U+0800 on (every byte of every
/// codepage).
const HIGH_MAX: usize = NSB * 128;

/// The reverse maps as the run-time code (`Tables::build`, in tests)
/// makes them, made at compile time from [`DECODE`]: the rows below
/// U+0800, the rows from U+0800 on (the first `n` of them, sorted) and how
/// many those are.
struct Reverse {
    low: [ByteRow; 0x800 - 0x80],
    high: [(char, ByteRow); HIGH_MAX],
    n: usize,
}

impl Reverse {
    /// Byte `b` for `c` in codepage `k`, unless `c` is ASCII or U+FFFD or
    /// already has a byte there (the first one wins).
    const fn set(&mut self, c: char, k: usize, b: u8) {
        let cu = c as u32;
        if cu < 0x80 || cu == 0xFFFD {
            return;
        }
        if cu < 0x800 {
            let row = &mut self.low[(cu - 0x80) as usize];
            if row[k] == 0 {
                row[k] = b;
            }
            return;
        }
        // Where `c` is or goes in the sorted rows.
        let (mut lo, mut hi) = (0, self.n);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if (self.high[mid].0 as u32) < cu {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if lo < self.n && self.high[lo].0 as u32 == cu {
            if self.high[lo].1[k] == 0 {
                self.high[lo].1[k] = b;
            }
            return;
        }
        let mut j = self.n;
        while j > lo {
            self.high[j] = self.high[j - 1];
            j -= 1;
        }
        let mut row = [0u8; NSB];
        row[k] = b;
        self.high[lo] = (c, row);
        self.n += 1;
    }
}

/// [`Reverse`], its bytes set in the order `Tables::build` sets them.
const REVERSE: Reverse = {
    let mut r = Reverse {
        low: [[0; NSB]; 0x800 - 0x80],
        high: [('\0', [0; NSB]); HIGH_MAX],
        n: 0,
    };
    let mut k = 0;
    while k < NSB {
        let mut i = 0;
        while i < 128 {
            r.set(DECODE[k][i], k, 0x80 + i as u8);
            i += 1;
        }
        k += 1;
    }
    // ISO-8859-1 reading of the bytes windows-1252 maps to punctuation.
    let mut b = 0x80u8;
    while b <= 0x9F {
        r.set(b as char, 0, b);
        b += 1;
    }
    // A byte a codepage leaves undefined above 0xA0 reads as the Latin-1
    // character of the same number.
    let mut k = 0;
    while k < NSB {
        let mut b = 0xA1u8;
        loop {
            if DECODE[k][(b - 0x80) as usize] as u32 == 0xFFFD {
                r.set(b as char, k, b);
            }
            if b == 0xFF {
                break;
            }
            b += 1;
        }
        k += 1;
    }
    r
};

/// [`Tables::low`].
static LOW: [ByteRow; 0x800 - 0x80] = REVERSE.low;

/// [`Tables::high`].
static HIGH: [(char, ByteRow); REVERSE.n] = {
    let mut out = [('\0', [0; NSB]); REVERSE.n];
    let mut i = 0;
    while i < REVERSE.n {
        out[i] = REVERSE.high[i];
        i += 1;
    }
    out
};

/// [`Tables::high_index`].
static HIGH_INDEX: [u16; (HIGH_END + 1 - 0x800) as usize] = {
    let mut index = [u16::MAX; (HIGH_END + 1 - 0x800) as usize];
    let mut i = 0;
    while i < REVERSE.n {
        let cu = REVERSE.high[i].0 as u32;
        assert!(cu <= HIGH_END, "HIGH_END: the last character decoded");
        index[(cu - 0x800) as usize] = i as u16;
        i += 1;
    }
    index
};

static TABLES: Tables = Tables {
    decode: DECODE,
    low: &LOW,
    high: &HIGH,
    high_index: &HIGH_INDEX,
};

fn decode_single(cp: Codepage, byte: u8) -> char {
    match cp {
        Codepage::Cp437 => oem_cp::code_table::DECODING_TABLE_CP437[usize::from(byte - 0x80)],
        Codepage::Cp850 => oem_cp::code_table::DECODING_TABLE_CP850[usize::from(byte - 0x80)],
        _ => {
            let enc = cp.encoding().expect("single-byte codepage has an encoding");
            let bytes = [byte];
            let (s, _) = enc.decode_without_bom_handling(&bytes);
            s.chars().next().unwrap_or('\u{FFFD}')
        }
    }
}

/// [`Tables::decode`] from its sources, encoding_rs and oem_cp.
fn decode_from_sources() -> [[char; 128]; NSB] {
    let mut decode = [['\u{FFFD}'; 128]; NSB];
    let high_bytes: [u8; 128] = std::array::from_fn(|i| 0x80 + i as u8);
    for (k, row) in decode.iter_mut().enumerate() {
        let cp = Codepage::ALL[k];
        match cp.encoding() {
            // All 128 bytes in one call: a single-byte decoder reads
            // each byte alone, as one character (U+FFFD where the
            // codepage leaves it undefined; a test holds it to
            // `decode_single`).
            Some(enc) => {
                let (s, _) = enc.decode_without_bom_handling(&high_bytes);
                for (slot, c) in row.iter_mut().zip(s.chars()) {
                    *slot = c;
                }
            }
            None => {
                for b in 0x80u8..=0xFF {
                    row[usize::from(b - 0x80)] = decode_single(cp, b);
                }
            }
        }
    }
    decode
}

/// The contents of `codec.bin` ([`DECODE_BIN`]), from the sources.
pub(crate) fn decode_table_bytes() -> Vec<u8> {
    decode_from_sources()
        .iter()
        .flatten()
        .flat_map(|&c| u32::from(c).to_le_bytes())
        .collect()
}

/// The tables as the run-time code makes them from the sources, which the
/// compile-time ones must equal.
#[cfg(test)]
pub(crate) struct Built {
    pub(crate) decode: [[char; 128]; NSB],
    pub(crate) low: Vec<ByteRow>,
    pub(crate) high: Vec<(char, ByteRow)>,
    pub(crate) high_index: Vec<u16>,
}

impl Tables {
    /// [`Built`] from the sources.
    #[cfg(test)]
    pub(crate) fn build() -> Built {
        let decode = decode_from_sources();
        let mut low = vec![[0u8; NSB]; 0x800 - 0x80];
        let mut high: Vec<(char, ByteRow)> = Vec::new();
        let mut set = |c: char, k: usize, b: u8| {
            let cu = c as u32;
            if cu < 0x80 || c == '\u{FFFD}' {
                return;
            }
            if cu < 0x800 {
                let row = &mut low[(cu - 0x80) as usize];
                if row[k] == 0 {
                    row[k] = b;
                }
            } else {
                match high.binary_search_by_key(&c, |e| e.0) {
                    Ok(i) => {
                        if high[i].1[k] == 0 {
                            high[i].1[k] = b;
                        }
                    }
                    Err(i) => {
                        let mut row = [0u8; NSB];
                        row[k] = b;
                        high.insert(i, (c, row));
                    }
                }
            }
        };
        for (k, row) in decode.iter().enumerate() {
            for (i, &c) in row.iter().enumerate() {
                set(c, k, 0x80 + i as u8);
            }
        }
        // ISO-8859-1 reading of the bytes windows-1252 maps to punctuation:
        // the C1 control U+0080+n stands for byte 0x80+n.
        for b in 0x80u8..=0x9F {
            set(char::from(b), Codepage::Windows1252.index(), b);
        }
        // A byte a codepage leaves undefined above 0xA0 is read, as
        // Python's and ftfy's sloppy decoders read it, as the Latin-1
        // character of the same number: windows-1257's 0xA1 and 0xA5 come
        // out `¡` and `¥`, and `Ā¡` is `¡` garbled.
        for (k, row) in decode.iter().enumerate() {
            for b in 0xA1u8..=0xFF {
                if row[usize::from(b - 0x80)] == '\u{FFFD}' {
                    set(char::from(b), k, b);
                }
            }
        }
        let mut high_index = vec![u16::MAX; (HIGH_END + 1 - 0x800) as usize];
        for (i, &(c, _)) in high.iter().enumerate() {
            high_index[(c as u32 - 0x800) as usize] = u16::try_from(i).expect("few rows");
        }
        Built {
            decode,
            low,
            high,
            high_index,
        }
    }

    /// The byte of `c` in each single-byte codepage, or `None` when no
    /// codepage has it (ASCII included: ASCII is the same everywhere).
    #[inline]
    pub(crate) fn row(&self, c: char) -> Option<&ByteRow> {
        let cu = c as u32;
        if cu < 0x80 {
            None
        } else if cu < 0x800 {
            Some(&self.low[(cu - 0x80) as usize])
        } else {
            match self.high_index.get((cu - 0x800) as usize) {
                Some(&i) if i != u16::MAX => Some(&self.high[usize::from(i)].1),
                _ => None,
            }
        }
    }

    /// Every character with a [`Tables::row`], in order: those some
    /// single-byte codepage decodes to, the C1 controls, and the Latin-1
    /// characters that stand for undefined bytes above 0xA0. Read off the
    /// tables as they are, nothing to sort.
    pub(crate) fn mapped(&self) -> impl Iterator<Item = char> + '_ {
        let low = self
            .low
            .iter()
            .zip(0x80u32..)
            .filter(|(row, _)| row.iter().any(|&b| b != 0))
            .filter_map(|(_, u)| char::from_u32(u));
        low.chain(self.high.iter().map(|&(c, _)| c))
    }

    /// Every non-ASCII character some single-byte codepage decodes to.
    #[cfg(test)]
    pub(crate) fn alphabet(&self) -> Vec<char> {
        let mut v: Vec<char> = self.decode.iter().flatten().copied().collect();
        v.extend((0x80u8..=0x9F).map(char::from));
        v.retain(|&c| c != '\u{FFFD}');
        v.sort_unstable();
        v.dedup();
        v
    }
}

/// The multi-byte codepages [`cjk_bytes`] covers, in its order.
pub(crate) const CJK: [Codepage; 3] = [Codepage::Gbk, Codepage::ShiftJis, Codepage::EucKr];

/// A character's bytes in each of [`CJK`]: `[0, 0]` where it has none, a
/// 0 second byte for a one-byte encoding.
///
/// From a table of the BMP (none of these codepages reaches beyond it)
/// written by `examples/gen_cjk.rs` from encoding_rs's encoders and built
/// into the binary: nothing to build at start-up (built on first use, it
/// cost some 25 million instructions, a third of a run over the UDHR). The
/// Private Use Area, which the table leaves out, goes through the encoders,
/// 256 characters at a time on first use (Shift_JIS decodes user-defined
/// bytes to it but never encodes it; GBK encodes PUA characters it now
/// decodes as other ones). A test checks every BMP character against the
/// encoders.
pub(crate) fn cjk_bytes(c: char) -> [[u8; 2]; 3] {
    const PUA: std::ops::RangeInclusive<usize> = 0xE000..=0xF8FF;
    type Block = [[[u8; 2]; 3]; 256];
    static PUA_BLOCKS: [OnceLock<Box<Block>>; 0x19] = [const { OnceLock::new() }; 0x19];
    let u = c as usize;
    if u < 0x80 {
        return [[u as u8, 0]; 3];
    }
    if PUA.contains(&u) {
        let block = PUA_BLOCKS[(u - PUA.start()) >> 8].get_or_init(|| {
            let mut out = Box::new([[[0u8; 2]; 3]; 256]);
            for (k, e) in out.iter_mut().enumerate() {
                let c = char::from_u32((u as u32 & !0xFF) + k as u32).expect("not a surrogate");
                *e = CJK.map(|cp| encode_one(cp, c));
            }
            out
        });
        return block[u & 0xFF];
    }
    let Some(&n @ 1..) = CJK_TABLE.get(u >> 8).filter(|_| u < 0x1_0000) else {
        return [[0; 2]; 3];
    };
    let at = 256 + (usize::from(n) - 1) * 256 * 6 + (u & 0xFF) * 6;
    let e = &CJK_TABLE[at..at + 6];
    [[e[0], e[1]], [e[2], e[3]], [e[4], e[5]]]
}

/// [`cjk_bytes`]'s table of the BMP (the Private Use Area aside); its
/// format is in `examples/gen_cjk.rs`.
static CJK_TABLE: &[u8] = include_bytes!("cjk.bin");

/// `c`'s bytes in one multi-byte codepage through its encoder, as
/// [`cjk_bytes`] gives them.
fn encode_one(cp: Codepage, c: char) -> [u8; 2] {
    let mut bytes = Vec::new();
    let mut buf = [0u8; 4];
    // (The encoder itself: `encode` reads the table this fills.)
    if encode_with_encoder(cp, c.encode_utf8(&mut buf), &mut bytes)
        && (1..=2).contains(&bytes.len())
    {
        [bytes[0], bytes.get(1).copied().unwrap_or(0)]
    } else {
        [0, 0]
    }
}

/// Which of [`CJK`] (bit = index) encode `c` to bytes that can start a
/// UTF-8 multi-byte character: a lead byte, then, if there is a second
/// byte, a continuation byte.
pub(crate) fn cjk_starts(c: char) -> u8 {
    let mut bits = 0;
    for (k, b) in cjk_bytes(c).iter().enumerate() {
        if (0xC2..=0xF4).contains(&b[0]) && (b[1] == 0 || (0x80..=0xBF).contains(&b[1])) {
            bits |= 1 << k;
        }
    }
    bits
}

/// Reads bytes as UTF-8 that may hold CESU-8: characters beyond the BMP
/// written as two three-byte surrogates (`ED A0 BD ED B8 8D` for `😍`), as
/// Java and MySQL's `utf8` wrote them. `None` if anything else is invalid.
pub(crate) fn decode_cesu(bytes: &[u8]) -> Option<String> {
    let mut out = String::with_capacity(bytes.len());
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.push_str(s);
                return Some(out);
            }
            Err(e) => {
                let (good, bad) = rest.split_at(e.valid_up_to());
                out.push_str(std::str::from_utf8(good).ok()?);
                let unit = |b: &[u8]| {
                    (b.len() >= 3 && b[0] == 0xED && (0x80..=0xBF).contains(&b[2]))
                        .then(|| 0xD000 | (u32::from(b[1] & 0x3F) << 6) | u32::from(b[2] & 0x3F))
                };
                let hi = unit(bad).filter(|u| (0xD800..0xDC00).contains(u))?;
                let lo = unit(&bad[3..]).filter(|u| (0xDC00..0xE000).contains(u))?;
                out.push(char::from_u32(
                    0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00),
                )?);
                rest = &bad[6..];
            }
        }
    }
}

/// Whether three bytes are a CESU-8 high surrogate (`ED A0..AF 80..BF`).
pub(crate) fn is_high_surrogate(b: &[u8]) -> bool {
    b.len() == 3 && b[0] == 0xED && (0xA0..=0xAF).contains(&b[1]) && (0x80..=0xBF).contains(&b[2])
}

/// Encodes `s` in `cp` without any replacement; `None` when a character is
/// not in the codepage.
pub(crate) fn encode(cp: Codepage, s: &str, out: &mut Vec<u8>) -> bool {
    if cp.is_single_byte() {
        let t = tables();
        let k = cp.index();
        encode_by_table(s, out, |c, out| match t.row(c) {
            Some(r) if r[k] != 0 => {
                out.push(r[k]);
                true
            }
            _ => false,
        })
    } else if let Some(k) = CJK.iter().position(|&x| x == cp) {
        // From [`cjk_bytes`]'s table (a test holds it to the encoders for
        // every BMP character), without the encoder's table searches.
        encode_by_table(s, out, |c, out| match cjk_bytes(c)[k] {
            [0, _] => false,
            [b, 0] => {
                out.push(b);
                true
            }
            [b0, b1] => {
                out.extend_from_slice(&[b0, b1]);
                true
            }
        })
    } else {
        encode_with_encoder(cp, s, out)
    }
}

/// [`encode`] through a table: ASCII copied a run at a time, each other
/// character written by `one`, which answers false where the codepage
/// lacks it. (At most as many bytes as `s` has for the codepages here: one
/// allocation. As the encoder, the bytes before a character the codepage
/// lacks stay written.)
fn encode_by_table(
    s: &str,
    out: &mut Vec<u8>,
    mut one: impl FnMut(char, &mut Vec<u8>) -> bool,
) -> bool {
    out.reserve(s.len());
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let run = b[i..].iter().take_while(|x| x.is_ascii()).count();
        out.extend_from_slice(&b[i..i + run]);
        i += run;
        let Some(c) = s[i..].chars().next() else {
            break;
        };
        if !one(c, out) {
            return false;
        }
        i += c.len_utf8();
    }
    true
}

/// [`encode`] in a multi-byte codepage through encoding_rs's encoder.
fn encode_with_encoder(cp: Codepage, s: &str, out: &mut Vec<u8>) -> bool {
    let enc = cp.encoding().expect("multi-byte codepage has an encoding");
    let mut encoder = enc.new_encoder();
    let start = out.len();
    let need = encoder
        .max_buffer_length_from_utf8_without_replacement(s.len())
        .unwrap_or(s.len() * 4);
    out.resize(start + need, 0);
    let (res, _read, written) =
        encoder.encode_from_utf8_without_replacement(s, &mut out[start..], true);
    out.truncate(start + written);
    matches!(res, encoding_rs::EncoderResult::InputEmpty)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each single-byte codepage's bytes, decoded in one call, read as
    /// each byte decoded alone.
    #[test]
    fn decode_rows_are_each_byte_alone() {
        let t = tables();
        for (k, row) in t.decode.iter().enumerate() {
            for b in 0x80u8..=0xFF {
                let want = decode_single(Codepage::ALL[k], b);
                assert_eq!(row[usize::from(b - 0x80)], want, "{k} {b:02X}");
            }
        }
    }

    /// `codec.bin` is what encoding_rs and oem_cp decode (else `cargo run
    /// --release --example gen_codec` rewrites it), and the reverse maps
    /// made from it at compile time are those the run-time code makes.
    #[test]
    fn compile_time_tables_are_the_sources() {
        assert!(
            DECODE_BIN == decode_table_bytes().as_slice(),
            "src/codec.bin is stale: cargo run --release --example gen_codec"
        );
        let (t, built) = (tables(), Tables::build());
        assert_eq!(t.decode, built.decode);
        assert_eq!(t.low, built.low.as_slice());
        assert_eq!(t.high, built.high.as_slice());
        assert_eq!(t.high_index, built.high_index.as_slice());
    }

    #[test]
    fn cjk_encode_from_the_table_is_the_encoders() {
        let samples = [
            "中文 テキスト 한국어 abc",
            "¥‾−~\\ ｶﾀｶﾅ € ·",
            "\u{E000}\u{E5E5}\u{F8F0} 私用",
            "before 😀 after",
            "Ünicode ŝ ӿ",
            "",
        ];
        for cp in CJK {
            for s in samples {
                let (mut a, mut b) = (b"x".to_vec(), b"x".to_vec());
                let ok = encode(cp, s, &mut a);
                assert_eq!(ok, encode_with_encoder(cp, s, &mut b), "{cp:?} {s:?}");
                assert_eq!(a, b, "{cp:?} {s:?}");
            }
        }
    }

    /// [`encode`] in a single-byte codepage as first written: a
    /// character at a time.
    fn encode_char_by_char(cp: Codepage, s: &str, out: &mut Vec<u8>) -> bool {
        let t = tables();
        let k = cp.index();
        for c in s.chars() {
            if c.is_ascii() {
                out.push(c as u8);
            } else {
                match t.row(c) {
                    Some(r) if r[k] != 0 => out.push(r[k]),
                    _ => return false,
                }
            }
        }
        true
    }

    proptest::proptest! {
        #![proptest_config(crate::testing::fixed_cases(3000))]

        /// Runs of ASCII copied whole write what a character at a time
        /// wrote, and answer the same, bytes already in `out` kept.
        #[test]
        fn single_byte_encode_is_char_by_char(
            s in "[a-z .\\u{80}-\\u{17F}\\u{400}-\\u{45F}\\u{2013}\\u{2019}\\u{201C}\\u{20AC}\\u{2500}\\u{4E00}]{0,24}",
            k in 0usize..NSB,
        ) {
            let cp = Codepage::ALL[k];
            let (mut a, mut b) = (b"x".to_vec(), b"x".to_vec());
            proptest::prop_assert_eq!(encode(cp, &s, &mut a), encode_char_by_char(cp, &s, &mut b));
            proptest::prop_assert_eq!(a, b);
        }
    }

    #[test]
    fn single_byte_tables_round_trip() {
        let t = tables();
        for cp in Codepage::ALL.iter().take(NSB) {
            let k = cp.index();
            for b in 0x80u8..=0xFF {
                let c = t.decode[k][usize::from(b - 0x80)];
                if c == '\u{FFFD}' {
                    continue;
                }
                let row = t.row(c).expect("decoded char has a row");
                // Two bytes can decode to one char only in windows-1252's
                // latin-1 twin; the first byte wins and decodes back to c.
                let back = row[k];
                assert_eq!(t.decode[k][usize::from(back - 0x80)], c, "{cp} byte {b:#x}");
            }
        }
    }

    #[test]
    fn cjk_table_is_what_the_encoders_give() {
        let slow = |c: char| CJK.map(|cp| encode_one(cp, c));
        for u in 0..0x1_0000u32 {
            if let Some(c) = char::from_u32(u) {
                assert_eq!(cjk_bytes(c), slow(c), "U+{u:04X}");
            }
        }
        for u in (0x1_0000..=0x10_FFFFu32).step_by(97) {
            let c = char::from_u32(u).expect("beyond the surrogates");
            assert_eq!(cjk_bytes(c), slow(c), "U+{u:04X}");
        }
    }

    #[test]
    fn cesu_8() {
        assert_eq!(decode_cesu(b"ab").as_deref(), Some("ab"));
        assert_eq!(
            decode_cesu(b"x \xED\xA0\xBD\xED\xB8\x8D y").as_deref(),
            Some("x 😍 y")
        );
        assert_eq!(decode_cesu(b"\xED\xA0\xBD"), None);
        assert_eq!(decode_cesu(b"\xED\xA0\xBDab"), None);
        assert_eq!(decode_cesu(b"\xFF"), None);
        assert!(is_high_surrogate(b"\xED\xA0\xBD"));
        assert!(!is_high_surrogate(b"\xED\xB8\x8D"));
    }

    #[test]
    fn known_bytes() {
        let t = tables();
        let w = Codepage::Windows1252.index();
        assert_eq!(t.row('Ã').unwrap()[w], 0xC3);
        assert_eq!(t.row('€').unwrap()[w], 0x80);
        assert_eq!(t.row('\u{81}').unwrap()[w], 0x81);
        assert_eq!(t.row('\u{92}').unwrap()[w], 0x92);
        assert_eq!(t.row('┬').unwrap()[Codepage::Cp437.index()], 0xC2);
        assert_eq!(t.row('Р').unwrap()[Codepage::Windows1251.index()], 0xD0);
        let mut out = Vec::new();
        assert!(encode(Codepage::Gbk, "浜嬩笟", &mut out));
        assert_eq!(std::str::from_utf8(&out).unwrap(), "事业");
    }
}
