//! The scan's table of characters below U+3000: for each, the codepages
//! it is a UTF-8 lead or continuation byte in, its script and whether NFC
//! may change text around it, generated into `chars.bin` by
//! `examples/gen_scan.rs` from the codec tables, the scripts and NFC, and
//! unpacked at compile time.
//!
//! Guarantees: [`char_info`] answers what [`char_info_from_sources`]
//! computes from the sources, for every character below U+3000 (a test
//! holds the file to them); no process unpacks anything (the tables are
//! 108 KB of the binary).

use super::*;

/// Per character below U+3000: the codepages it is a UTF-8 lead byte in,
/// and those it is a continuation byte in (bit = codepage index; C1
/// controls lead and continue everywhere, so that the slow test sees
/// them).
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
pub(in crate::repair) struct CharInfo {
    pub(in crate::repair) lead: u16,
    pub(in crate::repair) cont: u16,
    /// The single-byte codepages whose byte for the character is a UTF-8
    /// lead, and a continuation (no C1 stand-ins: the bytes alone).
    pub(in crate::repair) sb_lead: u16,
    pub(in crate::repair) sb_cont: u16,
    /// The script of a letter of a script other than Latin, else 0.
    pub(in crate::repair) script: u8,
    /// [`crate::nfc::trivial`].
    pub(in crate::repair) nfc_trivial: bool,
}

/// Whether the (up to) three characters from byte `at` that could continue
/// a sequence are letters of `own` script or spaces: a sequence made of
/// them is never a start (see [`starts_mojibake`]). ASCII other than a
/// space ends every sequence.
#[inline]
pub(in crate::repair) fn only_own_script(text: &str, at: usize, own: u8) -> bool {
    let mut spaced = false;
    for c in text[at..].chars().take(3) {
        if c == ' ' {
            spaced = true;
            continue;
        }
        if c.is_ascii() {
            // (Glued to a Latin word, they are in it: `ДЊlan` is `Član`.)
            return spaced || !c.is_ascii_alphabetic();
        }
        if char_info(c).is_none_or(|ci| ci.script != own) {
            return false;
        }
    }
    true
}

#[inline]
pub(in crate::repair) fn char_info(c: char) -> Option<CharInfo> {
    char_tables().info.get(c as usize).copied()
}

/// The scan's tables of the characters below U+3000, unpacked from
/// [`TABLE`] at compile time (where each process spent about 0.35 M
/// instructions on it, on the first character outside ASCII).
pub(in crate::repair) struct CharTables {
    /// [`CharInfo`] of each character.
    pub(in crate::repair) info: [CharInfo; CHARS],
    /// Its entry for the walk (see [`WALK_TRIVIAL`]).
    pub(in crate::repair) walk: [u8; CHARS],
}

#[inline]
pub(in crate::repair) const fn char_tables() -> &'static CharTables {
    &CHAR_TABLES
}

/// [`CharTables`], unpacked from [`TABLE`] at compile time.
static CHAR_TABLES: CharTables = {
    let none = CharInfo {
        lead: 0,
        cont: 0,
        sb_lead: 0,
        sb_cont: 0,
        script: 0,
        nfc_trivial: false,
    };
    let mut t = CharTables {
        info: [none; CHARS],
        walk: [0; CHARS],
    };
    let mut u = 0;
    while u < CHARS {
        let chunk = CHUNK_OF[u / CHUNK] as usize;
        let ci = KIND[CHUNK_KINDS[chunk][u % CHUNK] as usize];
        t.info[u] = ci;
        t.walk[u] = ci.script
            | if ci.nfc_trivial { WALK_TRIVIAL } else { 0 }
            | if ci.lead != 0 { WALK_LEAD } else { 0 };
        u += 1;
    }
    t
};

/// Blocks of 256 characters below U+3000, the characters [`char_info`]
/// knows.
pub(in crate::repair) const CHAR_BLOCKS: usize = 0x30;

/// Characters [`char_info`] knows.
pub(super) const CHARS: usize = CHAR_BLOCKS << 8;

/// Characters in a chunk of `scan/chars.bin`.
const CHUNK: usize = 16;

/// `scan/chars.bin`: [`CharInfo`] of every character below U+3000, as
/// [`char_table`] makes it from the sources (a test holds the file to
/// them; `cargo run --release --example gen_scan` rewrites it), packed
/// (7 KB). Read at compile time into [`KIND`], [`CHUNK_OF`] and
/// [`CHUNK_KINDS`]: no process asks the sources.
const TABLE: &[u8] = include_bytes!("chars.bin");

/// Kinds of [`CharInfo`] in [`TABLE`] (at most 256).
const KINDS: usize = u16::from_le_bytes([TABLE[0], TABLE[1]]) as usize;
/// Distinct chunks of [`CHUNK`] characters' kinds in [`TABLE`].
const CHUNKS: usize = u16::from_le_bytes([TABLE[2], TABLE[3]]) as usize;
/// Where the parts of [`TABLE`] start.
const KINDS_AT: usize = 4;
const INDEX_AT: usize = KINDS_AT + KINDS * KIND_BYTES;
const CHUNKS_AT: usize = INDEX_AT + CHARS / CHUNK * 2;
/// Bytes of a kind in [`TABLE`].
const KIND_BYTES: usize = 6;

/// Each kind of [`CharInfo`].
static KIND: [CharInfo; KINDS] = {
    let mut t = [kind_at(0); KINDS];
    let mut k = 0;
    while k < KINDS {
        t[k] = kind_at(k);
        assert!(t[k].script < 0x40, "scripts fit beside the walk's flags");
        k += 1;
    }
    t
};

/// For each chunk of [`CHUNK`] characters, its number in [`CHUNK_KINDS`].
static CHUNK_OF: [u16; CHARS / CHUNK] = {
    let mut t = [0; CHARS / CHUNK];
    let mut k = 0;
    while k < CHARS / CHUNK {
        t[k] = u16::from_le_bytes([TABLE[INDEX_AT + 2 * k], TABLE[INDEX_AT + 2 * k + 1]]);
        k += 1;
    }
    t
};

/// The kind (in [`KIND`]) of each character of a chunk.
static CHUNK_KINDS: [[u8; CHUNK]; CHUNKS] = {
    assert!(TABLE.len() == CHUNKS_AT + CHUNKS * CHUNK, "scan/chars.bin");
    let mut t = [[0; CHUNK]; CHUNKS];
    let mut k = 0;
    while k < CHUNKS * CHUNK {
        t[k / CHUNK][k % CHUNK] = TABLE[CHUNKS_AT + k];
        k += 1;
    }
    t
};

/// Kind `k` of [`TABLE`], at compile time: `sb_lead` and `sb_cont`
/// (little-endian), `script`, then 1 where NFC leaves the character alone,
/// plus 2 for a C1 control.
const fn kind_at(k: usize) -> CharInfo {
    let r = KINDS_AT + k * KIND_BYTES;
    let sb_lead = u16::from_le_bytes([TABLE[r], TABLE[r + 1]]);
    let sb_cont = u16::from_le_bytes([TABLE[r + 2], TABLE[r + 3]]);
    let c1 = TABLE[r + 5] & 2 != 0;
    CharInfo {
        lead: if c1 { u16::MAX } else { sb_lead },
        cont: if c1 { u16::MAX } else { sb_cont },
        sb_lead,
        sb_cont,
        script: TABLE[r + 4],
        nfc_trivial: TABLE[r + 5] & 1 != 0,
    }
}

/// [`CharInfo`] of the character `u` (below U+3000) from its sources:
/// the codepage tables, [`script`] and [`crate::nfc::trivial`].
pub(super) fn char_info_from_sources(u: usize) -> CharInfo {
    let mut ci = CharInfo::default();
    let Some(c) = char::from_u32(u as u32) else {
        return ci;
    };
    if let Some(row) = tables().row(c) {
        (ci.sb_lead, ci.sb_cont) = row_masks(row);
        (ci.lead, ci.cont) = (ci.sb_lead, ci.sb_cont);
    }
    if c_is_c1(c) {
        (ci.lead, ci.cont) = (u16::MAX, u16::MAX);
    }
    ci.script = script(c).filter(|&s| s != 1).unwrap_or(0);
    ci.nfc_trivial = crate::nfc::trivial(c);
    ci
}

/// The bytes of `scan/chars.bin`, from the sources: the number of kinds of
/// [`CharInfo`] and of distinct chunks (`u16`s, little-endian); each kind
/// (see `kind_at`); for each chunk of [`CHUNK`] characters from U+0000,
/// its number (a `u16`); each distinct chunk, a byte a character: its kind.
pub(crate) fn char_table() -> Vec<u8> {
    let mut kinds: Vec<[u8; KIND_BYTES]> = Vec::new();
    let mut of_char = Vec::with_capacity(CHARS);
    for u in 0..CHARS {
        let ci = char_info_from_sources(u);
        let [l0, l1] = ci.sb_lead.to_le_bytes();
        let [c0, c1] = ci.sb_cont.to_le_bytes();
        let flags = u8::from(ci.nfc_trivial) | if ci.lead == u16::MAX { 2 } else { 0 };
        let rec = [l0, l1, c0, c1, ci.script, flags];
        let k = kinds.iter().position(|&r| r == rec).unwrap_or_else(|| {
            kinds.push(rec);
            kinds.len() - 1
        });
        of_char.push(u8::try_from(k).expect("at most 256 kinds"));
    }
    let mut chunks: Vec<&[u8]> = Vec::new();
    let mut index = Vec::new();
    for chunk in of_char.chunks(CHUNK) {
        let n = chunks.iter().position(|&c| c == chunk).unwrap_or_else(|| {
            chunks.push(chunk);
            chunks.len() - 1
        });
        index.extend_from_slice(&u16::try_from(n).expect("chunks").to_le_bytes());
    }
    let mut out = Vec::new();
    out.extend_from_slice(&u16::try_from(kinds.len()).expect("kinds").to_le_bytes());
    out.extend_from_slice(&u16::try_from(chunks.len()).expect("chunks").to_le_bytes());
    out.extend(kinds.iter().flatten());
    out.extend(index);
    out.extend(chunks.iter().copied().flatten());
    out
}

/// The codepages whose byte in `row` is a UTF-8 lead, and a continuation.
pub(in crate::repair) fn row_masks(row: &ByteRow) -> (u16, u16) {
    let (mut lead, mut cont) = (0, 0);
    for (k, &b) in row.iter().enumerate() {
        if (0xC2..=0xF4).contains(&b) {
            lead |= 1 << k;
        }
        if (0x80..=0xBF).contains(&b) {
            cont |= 1 << k;
        }
    }
    (lead, cont)
}

/// [`row_masks`] of the character `c`, whose row is `row`.
#[inline]
pub(in crate::repair) fn sb_masks(c: char, row: &ByteRow) -> (u16, u16) {
    match char_info(c) {
        Some(ci) => (ci.sb_lead, ci.sb_cont),
        None => row_masks(row),
    }
}
