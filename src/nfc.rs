//! Whether text is already NFC, at table speed.
//!
//! `unicode-normalization` does the normalizing; this module answers "is
//! it NFC already?" quickly, because every line of non-Latin text asks, and
//! hands a line that is not only the pieces that need it ([`nfc()`]: the
//! same result as normalizing the whole line).
//! The answer is the Unicode quick check (UAX #15) over a table of
//! (combining class, NFC_QC) per code point, filled lazily, a code point at
//! a time, from `unicode-normalization`'s own data; where the quick check
//! says *maybe*, the segment around that character is normalized and
//! compared. The answers for short texts (the few characters around one
//! that NFC may change, as the scan asks), and their NFC, are kept, a
//! thread at a time.

use unicode_normalization::IsNormalized;

/// NFC_QC values, in the high byte of an entry (the low byte is the
/// canonical combining class).
const YES: u16 = 0;
const NO: u16 = 1 << 8;
const MAYBE: u16 = 2 << 8;

/// A character's entry (combining class and NFC_QC), asked of
/// `unicode-normalization` the first time the character is met, and kept
/// in a table of every code point (zeros until asked, so only the pages
/// of the characters text meets are ever touched).
fn entry(c: char) -> u16 {
    use std::sync::atomic::{AtomicU16, Ordering::Relaxed};
    /// Each code point's entry plus one; 0: not asked yet (combining
    /// classes are below 256, NFC_QC values below 3).
    static TABLE: [AtomicU16; 0x11_0000] = [const { AtomicU16::new(0) }; 0x11_0000];
    let e = &TABLE[c as usize];
    match e.load(Relaxed) {
        0 => {
            // (Threads that race here store the same value.)
            let ccc = u16::from(unicode_normalization::char::canonical_combining_class(c));
            let qc = match unicode_normalization::is_nfc_quick(std::iter::once(c)) {
                IsNormalized::Yes => YES,
                IsNormalized::No => NO,
                IsNormalized::Maybe => MAYBE,
            };
            e.store((ccc | qc) + 1, Relaxed);
            ccc | qc
        }
        v => v - 1,
    }
}

/// Whether `c` never changes under NFC and never combines with what comes
/// before it (combining class 0, NFC_QC=Yes): text can be normalized in
/// pieces cut before such characters.
#[inline]
pub(crate) fn trivial(c: char) -> bool {
    c < '\u{300}' || entry(c) == 0
}

/// One step of [`is_nfc`] for a character `c` that is not [`trivial`]:
/// after the character `before` (when it was trivial) and marks up to
/// combining class `last_ccc`, the combining class to go on with when `c`
/// surely keeps the text NFC; `None` when that takes a closer look.
#[inline]
pub(crate) fn step(before: Option<char>, last_ccc: u8, c: char) -> Option<u8> {
    let e = entry(c);
    let ccc = (e & 0xFF) as u8;
    if ccc != 0 && last_ccc > ccc {
        return None;
    }
    match e & 0xFF00 {
        YES => Some(ccc),
        MAYBE
            if ccc == 0
                && before.is_some_and(|p| unicode_normalization::char::compose(p, c).is_none()) =>
        {
            Some(0)
        }
        _ => None,
    }
}

/// Whether `s` is in NFC.
pub(crate) fn is_nfc(s: &str) -> bool {
    // Characters below U+0300 are all NFC on their own and compose with
    // nothing before them, and their bytes are all below 0xCC (0xCC leads
    // U+0300): the text before the first such byte needs no look, except
    // for its last character, which may compose with what follows.
    let b = s.as_bytes();
    let Some(first) = b.iter().position(|&x| x >= 0xCC) else {
        return true;
    };
    if b.len() <= SHORT {
        return is_nfc_remembered(s, first);
    }
    is_nfc_from(s, first)
}

/// Texts up to this many bytes have their answer kept (see
/// [`is_nfc_remembered`]).
const SHORT: usize = 24;

/// A short text (at most [`SHORT`] bytes) as the key of a slot in the
/// tables that keep answers for short texts: its bytes padded with zeros,
/// and their hash.
fn short_key(b: &[u8]) -> ([u8; SHORT], u64) {
    let mut bytes = [0u8; SHORT];
    bytes[..b.len()].copy_from_slice(b);
    let h = bytes.chunks_exact(8).fold(b.len() as u64, |h, w| {
        let w = u64::from_le_bytes(w.try_into().expect("8 bytes"));
        (h ^ w).wrapping_mul(0x9E37_79B9_7F4A_7C15)
    });
    (bytes, h)
}

/// [`is_nfc_from`] of a short text, its answers kept a thread at a time:
/// the scan asks it of the few characters around each one NFC may change
/// (a vowel sign and its consonant), and text repeats them. A slot of a
/// small table a text (of texts that share a slot, the last is kept).
fn is_nfc_remembered(s: &str, first: usize) -> bool {
    /// Slots (a power of two).
    const SLOTS: usize = 512;
    /// A text (`len` 0 in an empty slot: an empty text is never asked) and
    /// its answer.
    #[derive(Clone, Copy)]
    struct Slot {
        len: u8,
        bytes: [u8; SHORT],
        nfc: bool,
    }
    thread_local! {
        static KEPT: std::cell::RefCell<[Slot; SLOTS]> = const {
            std::cell::RefCell::new([Slot { len: 0, bytes: [0; SHORT], nfc: false }; SLOTS])
        };
    }
    let b = s.as_bytes();
    let (bytes, h) = short_key(b);
    let slot = (h >> 55) as usize & (SLOTS - 1);
    KEPT.with(|kept| {
        let mut kept = kept.borrow_mut();
        let k = &mut kept[slot];
        if usize::from(k.len) == b.len() && k.bytes == bytes {
            return k.nfc;
        }
        let nfc = is_nfc_from(s, first);
        *k = Slot {
            len: b.len() as u8,
            bytes,
            nfc,
        };
        nfc
    })
}

/// [`is_nfc`] of `s`, whose first byte of a character from U+0300 on is
/// at `first`.
fn is_nfc_from(s: &str, first: usize) -> bool {
    let b = s.as_bytes();
    let mut from = first;
    if from > 0 {
        from -= 1;
        while b[from] & 0xC0 == 0x80 {
            from -= 1;
        }
    }
    let mut last_ccc = 0u16;
    // Start of the segment the current character is in: the last trivial
    // character at or before it.
    let mut segment = from;
    // The character before, when it was trivial.
    let mut prev: Option<char> = None;
    for (i, c) in s[from..].char_indices().map(|(i, c)| (i + from, c)) {
        if c < '\u{300}' {
            last_ccc = 0;
            segment = i;
            prev = Some(c);
            continue;
        }
        let e = entry(c);
        let before = prev;
        prev = None;
        if e == 0 {
            segment = i;
            prev = Some(c);
        }
        let ccc = e & 0xFF;
        if ccc != 0 && last_ccc > ccc {
            return false;
        }
        match e & 0xFF00 {
            YES => {}
            // Right after a character in NFC that starts its segment, a
            // starter that may compose stays as it is unless the two
            // compose (Bengali `ো` is `ে` + `া`; `বা` stays). Not so a
            // mark, which may first be reordered into the one before.
            MAYBE
                if ccc == 0
                    && before
                        .is_some_and(|p| unicode_normalization::char::compose(p, c).is_none()) => {}
            MAYBE => {
                let end = s[i..]
                    .char_indices()
                    .skip(1)
                    .find(|&(_, c)| trivial(c))
                    .map_or(s.len(), |(k, _)| i + k);
                if !unicode_normalization::is_nfc(&s[segment..end]) {
                    return false;
                }
            }
            _ => return false,
        }
        last_ccc = ccc;
    }
    true
}

/// `s` in NFC: what `s.nfc().collect::<String>()` gives. Text is cut
/// before every [`trivial`] character; only the pieces holding another
/// character, and not NFC already, go through `unicode-normalization`, the
/// rest is copied (a line with one decomposed accent pays for its word).
pub(crate) fn nfc(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(s.len());
    // Bytes of `s` in `out` so far, and where the current piece starts.
    let mut done = 0;
    let mut piece = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if trivial(c) {
            piece = i;
            continue;
        }
        // The piece goes on to the next trivial character.
        let mut end = s.len();
        while let Some(&(j, d)) = chars.peek() {
            if trivial(d) {
                end = j;
                break;
            }
            chars.next();
        }
        out.push_str(&s[done..piece]);
        let p = &s[piece..end];
        if is_nfc(p) {
            out.push_str(p);
        } else if p.len() <= SHORT {
            push_nfc_remembered(&mut out, p);
        } else {
            out.extend(p.nfc());
        }
        done = end;
    }
    out.push_str(&s[done..]);
    out
}

/// Appends the NFC of the short text `p` (not NFC) to `out`, the answers
/// kept a thread at a time as [`is_nfc_remembered`]'s are: a text with
/// decomposed accents repeats the same few.
fn push_nfc_remembered(out: &mut String, p: &str) {
    use unicode_normalization::UnicodeNormalization;
    /// Slots (a power of two).
    const SLOTS: usize = 256;
    /// Most bytes of an NFC kept (NFC makes a text at most three times as
    /// long; a longer one would not be kept).
    const LONG: usize = 3 * SHORT;
    /// A text (`len` 0 in an empty slot) and its NFC.
    #[derive(Clone, Copy)]
    struct Slot {
        len: u8,
        bytes: [u8; SHORT],
        nfc_len: u8,
        nfc: [u8; LONG],
    }
    thread_local! {
        static KEPT: std::cell::RefCell<[Slot; SLOTS]> = const {
            std::cell::RefCell::new(
                [Slot { len: 0, bytes: [0; SHORT], nfc_len: 0, nfc: [0; LONG] }; SLOTS],
            )
        };
    }
    let b = p.as_bytes();
    let (bytes, h) = short_key(b);
    let slot = (h >> 56) as usize & (SLOTS - 1);
    KEPT.with(|kept| {
        let mut kept = kept.borrow_mut();
        let k = &mut kept[slot];
        if usize::from(k.len) == b.len() && k.bytes == bytes {
            let n = &k.nfc[..usize::from(k.nfc_len)];
            out.push_str(std::str::from_utf8(n).expect("kept as a str"));
            return;
        }
        let at = out.len();
        out.extend(p.nfc());
        let n = &out.as_bytes()[at..];
        if n.len() <= LONG {
            k.len = b.len() as u8;
            k.bytes = bytes;
            k.nfc_len = n.len() as u8;
            k.nfc[..n.len()].copy_from_slice(n);
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    /// Short texts, whose answers are kept, asked twice over (the second
    /// time from the table, slots shared included): the same answers.
    #[test]
    fn remembered_answers_are_the_answers() {
        let chars = [
            'a', 'e', '\u{301}', '\u{323}', '\u{302}', '\u{9C7}', '\u{9BE}', '\u{9AC}', '\u{1100}',
            '\u{1161}', '\u{11A8}', '\u{AC00}', '\u{F900}', '\u{30AB}', '\u{3099}', '\u{E9}',
        ];
        let mut texts = Vec::new();
        for &a in &chars {
            for &b in &chars {
                for &c in &chars {
                    texts.push(format!("{a}{b}{c}"));
                }
            }
        }
        for _ in 0..2 {
            for s in &texts {
                assert!(s.len() <= SHORT);
                assert_eq!(is_nfc(s), unicode_normalization::is_nfc(s), "{s:?}");
                assert_eq!(nfc(s), s.nfc().collect::<String>(), "{s:?}");
                let line = format!("x {s} y {s}\n");
                assert_eq!(nfc(&line), line.nfc().collect::<String>(), "{line:?}");
            }
        }
    }

    #[test]
    fn agrees_with_unicode_normalization() {
        let cases = [
            "",
            "plain ASCII",
            "café",
            "cafe\u{301}",
            "e\u{323}\u{302}",
            "e\u{302}\u{323}",
            "\u{1EB9}\u{302}",
            "\u{9C7}\u{9BE}",
            "বাংলা ভাষা",
            "\u{1100}\u{1161}",
            "한국어",
            "カ\u{3099}",
            "ガ",
            "\u{212B}",
            "Å",
            "\u{387}",
            "हिन्दी",
            "עִבְרִית",
            "a\u{308}\u{301}\u{323}",
            "🎉 done",
            "plain e\u{301} after ASCII",
            "caf\u{e9}\u{301}",
            "\u{2FF}\u{301}",
            "A\u{30A}",
            "done 🎉",
        ];
        for s in cases {
            let want = s.nfc().collect::<String>() == s;
            assert_eq!(is_nfc(s), want, "{s:?}");
        }
    }

    /// Every character that may compose, after every trivial character of
    /// the BMP (the pairwise shortcut above).
    #[test]
    fn characters_that_may_compose_after_every_trivial_one() {
        let maybe: Vec<char> = (0x300..0x1_0000u32)
            .filter_map(char::from_u32)
            .filter(|&c| entry(c) & 0xFF00 == MAYBE)
            .collect();
        assert!(maybe.len() > 50);
        let trivial_ones: Vec<char> = (0..0x1_0000u32)
            .filter_map(char::from_u32)
            .filter(|&c| trivial(c))
            .collect();
        let mut s = String::new();
        for &m in &maybe {
            for &p in &trivial_ones {
                s.clear();
                s.push(p);
                s.push(m);
                assert_eq!(is_nfc(&s), unicode_normalization::is_nfc(&s), "{s:?}");
            }
        }
    }

    #[test]
    fn every_bmp_character_alone_and_after_a_letter() {
        for u in 0x300..0x1_0000u32 {
            let Some(c) = char::from_u32(u) else { continue };
            for s in [c.to_string(), format!("a{c}"), format!("{c}\u{301}")] {
                let want = s.nfc().collect::<String>() == s;
                assert_eq!(is_nfc(&s), want, "{s:?}");
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(crate::testing::fixed_cases(5000))]

        /// Normalizing piece by piece gives what normalizing the whole does:
        /// marks in and out of order, letters they compose with, Hangul
        /// jamo, Bengali vowel signs, singletons, and CJK.
        #[test]
        fn nfc_by_pieces_is_nfc(
            s in "[ae \\u{300}-\\u{36F}\\u{1100}-\\u{1112}\\u{1161}-\\u{1175}\\u{11A8}-\\u{11C2}\\u{AC00}-\\u{AC10}\\u{9C7}\\u{9BE}\\u{9D7}\\u{995}\\u{212B}\\u{387}\\u{3099}\\u{30AB}\\u{E9}\\u{1EB9}\\u{F900}\\u{4E00}]{0,16}"
        ) {
            proptest::prop_assert_eq!(nfc(&s), s.nfc().collect::<String>(), "{:?}", s);
        }

        /// And on arbitrary text.
        #[test]
        fn nfc_by_pieces_is_nfc_anywhere(s in "\\PC{0,24}") {
            proptest::prop_assert_eq!(nfc(&s), s.nfc().collect::<String>(), "{:?}", s);
        }
    }
}
