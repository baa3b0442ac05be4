//! Facts about characters that every stage of the judge asks: whether a
//! character is a letter and of which case ([`flags_of`]), its script
//! ([`script`]), the odd changes of case inside a word
//! ([`case_oddities`]), the shape of a run ([`shape`]), and whether
//! repaired text is something we would ever write ([`acceptable`]).
//!
//! Guarantees: ASCII is answered without a table; any other character's
//! Unicode properties are looked up once per process ([`props`] fills a
//! table on first use of each character: one static table for the BMP,
//! beyond it a block of 256 entries allocated at a time), then read with
//! one table lookup.

use super::*;

pub(super) const ALPHA: u8 = 1;

pub(super) const UPPER: u8 = 2;

pub(super) const LOWER: u8 = 4;

/// Per character, its [`flags_of`] (low byte) and [`script`] (high byte),
/// each filled on first use: the Unicode property lookups are the slow part
/// of judging, and text meets few of the characters of a block (a block of
/// Han characters filled whole cost more than a page of Chinese). The BMP
/// is one table of its own, read with one load; the planes beyond it
/// allocate a block of 256 entries at a time.
#[inline]
fn props(c: char) -> u16 {
    use std::sync::atomic::{AtomicU16, Ordering::Relaxed};
    /// The BMP's entries, each plus one (0: not filled yet; no character's
    /// props are `u16::MAX`: flags use the low three bits).
    static BMP: [AtomicU16; 0x1_0000] = [const { AtomicU16::new(0) }; 0x1_0000];
    let Some(e) = BMP.get(c as usize) else {
        return props_beyond_bmp(c);
    };
    match e.load(Relaxed) {
        0 => {
            // (Threads that race here store the same value.)
            let p = props_slow(c);
            e.store(p + 1, Relaxed);
            p
        }
        p => p - 1,
    }
}

/// [`props`] of a character beyond the BMP, from a table filled a block
/// of 256 entries at a time.
#[cold]
fn props_beyond_bmp(c: char) -> u16 {
    use std::sync::atomic::{AtomicU16, Ordering::Relaxed};
    const BLOCKS: usize = 0x11_0000 / 256;
    /// Not filled yet: no character's props (flags use the low three bits).
    const UNKNOWN: u16 = u16::MAX;
    static TABLE: [std::sync::OnceLock<Box<[AtomicU16; 256]>>; BLOCKS] =
        [const { std::sync::OnceLock::new() }; BLOCKS];
    let u = c as usize;
    let e =
        &TABLE[u >> 8].get_or_init(|| Box::new([const { AtomicU16::new(UNKNOWN) }; 256]))[u & 0xFF];
    match e.load(Relaxed) {
        UNKNOWN => {
            // (Threads that race here store the same value.)
            let p = props_slow(c);
            e.store(p, Relaxed);
            p
        }
        p => p,
    }
}

/// [`props`] looked up: [`flags_slow`] and [`script_from`].
fn props_slow(c: char) -> u16 {
    let f = flags_slow(c);
    u16::from(f) | u16::from(script_from(c, f).unwrap_or(0)) << 8
}

#[inline]
pub(super) fn flags_of(c: char) -> u8 {
    if c.is_ascii() {
        if c.is_ascii_uppercase() {
            ALPHA | UPPER
        } else if c.is_ascii_lowercase() {
            ALPHA | LOWER
        } else {
            0
        }
    } else {
        props(c) as u8
    }
}

/// `c.is_alphabetic()`, from the table [`props`] fills a block at a time:
/// one lookup where the standard library searches its ranges.
#[inline]
pub(crate) fn is_letter(c: char) -> bool {
    flags_of(c) & ALPHA != 0
}

fn flags_slow(c: char) -> u8 {
    if c.is_ascii() {
        return if c.is_ascii_uppercase() {
            ALPHA | UPPER
        } else if c.is_ascii_lowercase() {
            ALPHA | LOWER
        } else {
            0
        };
    }
    let mut f = 0;
    if c.is_alphabetic() {
        f |= ALPHA;
        if c.is_uppercase() {
            f |= UPPER;
        } else if c.is_lowercase() {
            f |= LOWER;
        }
    }
    f
}

/// [`script`], with CJK beyond the BMP counted as CJK (the model gives
/// those planes classes of their own).
pub(super) fn script_of(c: char) -> Option<u8> {
    if ('\u{20000}'..='\u{3FFFF}').contains(&c) {
        Some(6)
    } else {
        script(c)
    }
}

/// Whether `c` is of a script written without spaces: what
/// [`super::is_cjk_like`] takes (Han, kana, Hangul, their punctuation and
/// full-width forms), and the ideographs beyond the BMP (the CJK
/// extensions, `𠊛` of Vietnamese Chữ Nôm), which the scan never walks.
pub(super) fn written_without_spaces(c: char) -> bool {
    super::is_cjk_like(c) || ('\u{20000}'..='\u{3FFFF}').contains(&c)
}

/// Whether the letters of `s` keep to one script ([`script_of`]).
pub(super) fn one_script(s: &str) -> bool {
    let mut scripts = s.chars().filter_map(script_of);
    scripts
        .next()
        .is_none_or(|first| scripts.all(|sc| sc == first))
}

/// The writing system of a letter, coarsely.
#[inline]
pub(super) fn script(c: char) -> Option<u8> {
    if c.is_ascii() {
        return c.is_ascii_alphabetic().then_some(1);
    }
    match (props(c) >> 8) as u8 {
        0 => None,
        s => Some(s),
    }
}

/// [`script`] of `c`, whose [`flags_slow`] are `flags`.
fn script_from(c: char, flags: u8) -> Option<u8> {
    use model::class::*;
    // (The micro sign is Latin-1's, a symbol beside numbers: not a Greek
    // letter that would make a line of Latin repairs Greek.)
    if flags & ALPHA == 0 || c == '\u{B5}' {
        return None;
    }
    Some(match model::coarse(c) {
        LOWER | UPPER | LATIN_LOWER | LATIN_UPPER => 1,
        GREEK_LOWER | GREEK_UPPER => 2,
        CYRILLIC_LOWER | CYRILLIC_UPPER => 3,
        HEBREW => 4,
        ARABIC => 5,
        CJK | KANA | HANGUL => 6,
        x => 7 + x as u8,
    })
}

pub(super) fn dominant(chars: impl Iterator<Item = char>) -> Option<u8> {
    let mut scripts = Scripts::default();
    for c in chars {
        scripts.add(script(c));
    }
    scripts.dominant()
}

/// Letters counted by script. Most text is in one script: a few slots, no
/// table to clear.
#[derive(Default)]
pub(super) struct Scripts([(u8, u32); 4]);

impl Scripts {
    #[inline]
    pub(super) fn add(&mut self, s: Option<u8>) {
        if let Some(s) = s {
            if let Some(e) = self.0.iter_mut().find(|e| e.1 == 0 || e.0 == s) {
                e.0 = s;
                e.1 += 1;
            }
        }
    }

    pub(super) fn dominant(&self) -> Option<u8> {
        self.0
            .iter()
            .filter(|e| e.1 > 0)
            .max_by_key(|e| e.1)
            .map(|e| e.0)
    }
}

/// Odd case changes inside a word: a lowercase letter followed by an
/// uppercase one (`cafÃ©`), or two uppercase letters followed by a
/// lowercase one (`ÄÆvykiai`, `OPč`).
pub(super) fn case_oddities(word: impl Iterator<Item = Option<bool>>) -> u32 {
    let mut walk = CaseWalk::default();
    for cur in word {
        walk.push(cur);
    }
    walk.odd
}

/// [`case_oddities`] a character at a time, for a word that comes in
/// pieces (letters around a run, the run's reading): each piece walked in
/// a loop of its own.
#[derive(Default, Clone, Copy)]
pub(super) struct CaseWalk {
    /// The odd case changes so far.
    pub(super) odd: u32,
    p2: Option<bool>,
    p1: Option<bool>,
}

impl CaseWalk {
    /// The next character's case (see [`case_of`]).
    #[inline]
    pub(super) fn push(&mut self, cur: Option<bool>) {
        if self.p1 == Some(false) && cur == Some(true) {
            self.odd += 1;
        }
        if self.p2 == Some(true) && self.p1 == Some(true) && cur == Some(false) {
            self.odd += 1;
        }
        (self.p2, self.p1) = (self.p1, cur);
    }

    /// The next characters, by their [`flags_of`].
    #[inline]
    pub(super) fn push_flags(&mut self, flags: &[u8]) {
        for &f in flags {
            self.push(case_of(f));
        }
    }

    /// The characters of `s`.
    #[inline]
    pub(super) fn push_str(&mut self, s: &str) {
        for c in s.chars() {
            self.push(case_of(flags_of(c)));
        }
    }
}

/// The case a character's [`flags_of`] say: `Some(true)` upper, `Some(false)`
/// lower, `None` uncased.
#[inline]
pub(super) fn case_of(f: u8) -> Option<bool> {
    if f & UPPER != 0 {
        Some(true)
    } else if f & LOWER != 0 {
        Some(false)
    } else {
        None
    }
}

/// Lowercase letters in `s`.
pub(super) fn lowercase(s: &str) -> u32 {
    s.chars().filter(|&c| flags_of(c) & LOWER != 0).count() as u32
}

/// Every character a letter, and all of one case.
pub(super) fn shape(s: &str) -> Option<bool> {
    let mut case = None;
    for c in s.chars() {
        let upper = case_of(flags_of(c))?;
        if case.is_some_and(|k| k != upper) {
            return None;
        }
        case = Some(upper);
    }
    case
}

/// Whether `s`, encoded in a single-byte codepage (each character outside
/// ASCII one byte from 0x80 on, ASCII itself), cannot be UTF-8 outside
/// ASCII: it has one character outside ASCII (one such byte alone is no
/// UTF-8) or none.
#[inline]
pub(super) fn no_layer_beneath(s: &str) -> bool {
    // (A character outside ASCII starts with a byte from 0xC0 on.)
    s.bytes().filter(|&b| b >= 0xC0).nth(1).is_none()
}

pub(super) fn utf8_len(lead: u8) -> usize {
    match lead {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

/// Whether repaired text is something we would ever write. (Printable
/// ASCII, most of any text, is passed a byte at a time.)
pub(super) fn acceptable(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            0x20..=0x7E | b'\t' | b'\n' | b'\r' => i += 1,
            x if x < 0x80 => return false,
            _ => {
                let (c, len) = super::decode_at(s, i);
                if !written(c) {
                    return false;
                }
                i += len;
            }
        }
    }
    true
}

/// Whether a character outside ASCII is one text would ever hold.
fn written(c: char) -> bool {
    let u = c as u32;
    !((0x80..=0x9F).contains(&u)
            // The private use area: GBK and EUC-KR map byte pairs there
            // that no text means (`î¤¦` read once more is U+E926).
            || (0xE000..=0xF8FF).contains(&u)
            || (0xFDD0..=0xFDEF).contains(&u)
            || (u & 0xFFFE) == 0xFFFE
            // Planes nothing is assigned in (past CJK Extension H, before
            // the tags that emoji flags use), the rest of the plane of the
            // tags and variation selectors, and the private planes:
            // `тієї` read once more through windows-1251 is U+B3EBF, EUC-JP
            // shown as windows-1252 read as UTF-8 U+E5A25.
            || (0x3_23B0..0xE_0000).contains(&u)
            || (0xE_0080..0xE_0100).contains(&u)
            || u >= 0xE_01F0)
}

/// A fact of the character `c` as a byte other than 0, kept in `table` (a
/// byte for each character below its length, 0 while not asked yet) the
/// first time it is asked: facts asked of the same few characters again
/// and again cost a load. Characters past the table are asked each time.
#[inline]
pub(super) fn kept_fact(
    table: &[std::sync::atomic::AtomicU8],
    c: char,
    fact: impl FnOnce(char) -> u8,
) -> u8 {
    use std::sync::atomic::Ordering::Relaxed;
    let Some(slot) = table.get(c as usize) else {
        return fact(c);
    };
    match slot.load(Relaxed) {
        0 => {
            let v = fact(c);
            debug_assert_ne!(v, 0, "a kept fact is never 0");
            slot.store(v, Relaxed);
            v
        }
        v => v,
    }
}

#[cfg(test)]
mod tests {
    use super::acceptable;

    /// What [`super::no_layer_beneath`] stands on: every single-byte
    /// codepage shows a character outside ASCII as a byte from 0x80 on,
    /// or not at all.
    #[test]
    fn characters_outside_ascii_are_high_bytes() {
        let t = crate::codec::tables();
        for c in (0x80..0x11_0000u32).filter_map(char::from_u32) {
            if let Some(row) = t.row(c) {
                assert!(row.iter().all(|&b| b == 0 || b >= 0x80), "{c:?}");
            }
        }
        assert!(super::no_layer_beneath("caf\u{e9}"));
        assert!(super::no_layer_beneath("cafe"));
        assert!(!super::no_layer_beneath("caf\u{c3}\u{a9}"));
    }

    #[test]
    fn what_is_never_written() {
        // The tags of emoji flags and the variation selectors are written;
        // the rest of their plane is not.
        assert!(acceptable(
            "🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}"
        ));
        assert!(acceptable("葛\u{E0100}"));
        assert!(!acceptable("\u{E5A25}"));
        assert!(!acceptable("\u{E0090}"));
        assert!(!acceptable("\u{B3EBF}"));
        assert!(!acceptable("\u{E926}"));
        assert!(acceptable("𠊛 café"));
    }
}
