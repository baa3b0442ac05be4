//! Whether a line has the shape of legacy text shown in windows-1252
//! ([`may_be_legacy`]), and where such lines start in a text
//! ([`legacy_lines`]): the cheap gate before the line decoder for lines
//! the span scan passes.
//!
//! Guarantees: each line is walked once from its first byte outside
//! ASCII, ASCII a word at a time, each other character one table lookup;
//! nothing is allocated but the tables asked once per process.

use std::sync::atomic::{AtomicU8, Ordering::Relaxed};

use super::*;

/// Whether a line has the shape of legacy text shown in windows-1252 (or
/// ISO-8859-1), or of windows-1252 text shown in Mac OS Roman: every
/// non-ASCII character is one of those codepages', and
/// its accented letters are more than one language writes, or a sign stands
/// between two letters (`Ka¿dy`), or a capital follows a small letter
/// inside a word (`portÈe` for `portée`, windows-1252 shown as mac_roman).
/// (A C1 control is a start of mojibake the span scan finds itself.) The
/// cheap gate before
/// [`crate::repair::decode::whole_line`] for lines the span scan passes: ASCII is
/// skipped a word at a time, each other character is one table lookup.
pub(crate) fn may_be_legacy(line: &str) -> bool {
    let b = line.as_bytes();
    let Some(i) = crate::repair::next_non_ascii(b) else {
        return false;
    };
    matches!(
        legacy_walk::<false>(b, i, usize::MAX),
        Walked::Line(true, _)
    )
}

/// Where [`legacy_walk`] ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Walked {
    /// At the line's end (past its line feed): [`may_be_legacy`]'s answer,
    /// and that end.
    Line(bool, usize),
    /// At a character neither codepage shows, and no sign, at this offset:
    /// the line is no legacy line.
    Foreign(usize),
    /// At the offset it was told to stop at, before an answer.
    Stopped,
}

/// [`may_be_legacy`] of a line of `b` (UTF-8), walked from `i`, the
/// line's first byte outside ASCII: up to the first line feed (`LF`; the
/// line's end is then past it) or to the end of `b`, or to `stop`, the
/// start of a character of the line where the caller no longer needs the
/// answer. The walk's offsets are those of `b`; it looks at no byte before
/// `i` but the one before each character outside ASCII (a line feed, for
/// the first character of a line, is no letter, as nothing is). ASCII is
/// passed a word at a time, each other character is decoded from its bytes
/// and looked up once.
#[inline]
pub(crate) fn legacy_walk<const LF: bool>(b: &[u8], mut i: usize, stop: usize) -> Walked {
    let t = shown_table();
    let mut mask = 0u64;
    // A sign between two letters (`Ka¿dy`, `cz³owiek`), and where the
    // last letter outside ASCII ended.
    let mut sign_in_word = false;
    // Where the last run of signs that follows a letter ends (`M‰‰r`).
    let mut sign_run_end = usize::MAX;
    let mut case_break = false;
    let mut letter_end = usize::MAX;
    // (A letter of windows-1252 outside ASCII is one below U+0100: two
    // bytes led by 0xC2 or 0xC3.)
    let letter_at = |k: usize| match b.get(k) {
        Some(&x) if x < 0x80 => x.is_ascii_alphabetic(),
        Some(&(0xC2 | 0xC3)) => {
            t[usize::from(b[k] & 0x03) << 6 | usize::from(b[k + 1] & 0x3F)] < SIGN
        }
        _ => false,
    };
    let after_ascii_letter = |at: usize| at > 0 && b[at - 1].is_ascii_alphabetic();
    loop {
        // (At a character outside ASCII.)
        if i == stop {
            return Walked::Stopped;
        }
        let at = i;
        let (u, len) = code_at(b, i);
        i += len;
        match shown_class(u) {
            Shown::Sign { written } => {
                let after_letter = after_ascii_letter(at) || letter_end == at || sign_run_end == at;
                if after_letter && written {
                    sign_run_end = i;
                    if letter_at(i) {
                        sign_in_word = true;
                    }
                }
            }
            Shown::Other => {}
            Shown::Foreign => return Walked::Foreign(at),
            Shown::Letter { bit, upper } => {
                mask |= 1 << bit;
                letter_end = i;
                case_break |= upper && at > 0 && b[at - 1].is_ascii_lowercase();
            }
        }
        match b.get(i) {
            Some(&x) if x >= 0x80 => continue,
            Some(_) => {}
            None => break,
        }
        let next = if LF {
            next_non_ascii_or_lf(&b[i..])
        } else {
            crate::repair::next_non_ascii(&b[i..])
        };
        match next {
            Some(k) => i += k,
            None => {
                i = b.len();
                break;
            }
        }
        if LF && b[i] == b'\n' {
            i += 1;
            break;
        }
    }
    let legacy = sign_in_word || case_break || (mask.count_ones() >= 2 && !one_alphabet_has(mask));
    Walked::Line(legacy, i)
}

/// The code point of the character at byte `i` of `b` (UTF-8, not ASCII
/// there), and its length.
#[inline(always)]
fn code_at(b: &[u8], i: usize) -> (u32, usize) {
    let cont = |k: usize| u32::from(b[i + k] & 0x3F);
    match b[i] {
        x @ ..0xE0 => (u32::from(x & 0x1F) << 6 | cont(1), 2),
        x @ ..0xF0 => (u32::from(x & 0x0F) << 12 | cont(1) << 6 | cont(2), 3),
        x => (
            u32::from(x & 0x07) << 18 | cont(1) << 12 | cont(2) << 6 | cont(3),
            4,
        ),
    }
}

/// Offset of the first byte that is a line feed or >= 0x80, a word at a
/// time.
#[inline]
fn next_non_ascii_or_lf(bytes: &[u8]) -> Option<usize> {
    const HI: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LFS: u64 = 0x0A0A_0A0A_0A0A_0A0A;
    let mut i = 0;
    while let Some(w) = bytes.get(i..i + 8) {
        let w = u64::from_le_bytes(w.try_into().expect("eight bytes"));
        // (A byte of `x` is 0 where `w` has a line feed; the lowest byte
        // flagged below is the first that is either, as a borrow runs only
        // from a zero byte upwards.)
        let x = w ^ LFS;
        let m = (w | (x.wrapping_sub(ONES) & !x)) & HI;
        if m != 0 {
            return Some(i + (m.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    bytes[i..]
        .iter()
        .position(|&b| b >= 0x80 || b == b'\n')
        .map(|p| p + i)
}

/// What [`may_be_legacy`] makes of a character outside ASCII.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Shown {
    /// No letter; `written`: [`is_sign`] (a sign between letters is one
    /// of legacy text).
    Sign { written: bool },
    /// A letter of windows-1252: its bit in [`LATIN1_LETTERS`], and
    /// whether it is a capital.
    Letter { bit: u8, upper: bool },
    /// A character Mac OS Roman shows that is none of these (`ı` in
    /// `alteraÁıes`: windows-1252 text shown in Mac OS Roman), or a C1
    /// control.
    Other,
    /// A character neither codepage shows, and no sign: no legacy line
    /// holds it.
    Foreign,
}

/// [`Shown`] of `c`, from the tables it is made of.
fn shown_class_of(c: char) -> Shown {
    let t = shown_table();
    let sign = match t.get(c as usize) {
        Some(&SIGN) => true,
        Some(_) => false,
        None => is_sign(c),
    };
    if sign {
        return Shown::Sign {
            written: is_sign(c),
        };
    }
    // The letter's bit among windows-1252's letters, if it is one.
    let bit = match t.get(c as usize) {
        Some(&C1) => return Shown::Other,
        Some(&bit) => bit,
        None => match latin1_bit(c) {
            Some(bit) => bit.trailing_zeros() as u8,
            None if codec::tables().row(c).is_some_and(|r| {
                r[codec::Codepage::Windows1252.index()] != 0
                    || r[codec::Codepage::MacRoman.index()] != 0
            }) =>
            {
                return Shown::Other
            }
            None => return Shown::Foreign,
        },
    };
    Shown::Letter {
        bit,
        upper: c.is_uppercase(),
    }
}

/// [`shown_class_of`] of the character `u` (a code point), kept for the
/// characters of the BMP as they are asked (see [`crate::repair::kept_fact`]).
/// (The load inlines where the walk asks; the first answer for a
/// character is worked out apart.)
#[inline(always)]
fn shown_class(u: u32) -> Shown {
    // (The load first, as `kept_fact` does, without making a `char` of a
    // code point whose answer is kept.)
    match SHOWN_KEPT.get(u as usize).map(|k| k.load(Relaxed)) {
        Some(0) | None => shown_class_new(u),
        Some(k) => Shown::unpack(k),
    }
}

/// The answers of [`shown_class`] so far, packed (0: not asked yet).
static SHOWN_KEPT: [AtomicU8; 0x1_0000] = [const { AtomicU8::new(0) }; 0x1_0000];

/// [`shown_class`] of a character whose answer is not kept yet.
#[inline(never)]
fn shown_class_new(u: u32) -> Shown {
    let Some(c) = char::from_u32(u) else {
        return Shown::Foreign;
    };
    Shown::unpack(crate::repair::kept_fact(&SHOWN_KEPT, c, |c| {
        shown_class_of(c).pack()
    }))
}

impl Shown {
    /// As a byte other than 0: a letter's bit and capital (0x40) above 1,
    /// the others from 0xF0.
    fn pack(self) -> u8 {
        match self {
            Shown::Letter { bit, upper } => 1 + bit + if upper { 0x40 } else { 0 },
            Shown::Sign { written: true } => 0xF0,
            Shown::Sign { written: false } => 0xF1,
            Shown::Other => 0xF3,
            Shown::Foreign => 0xF4,
        }
    }

    /// [`Shown::pack`] undone.
    #[inline]
    fn unpack(k: u8) -> Shown {
        match k {
            0xF0 => Shown::Sign { written: true },
            0xF1 => Shown::Sign { written: false },
            0xF3 => Shown::Other,
            0xF4 => Shown::Foreign,
            k => Shown::Letter {
                bit: (k - 1) & 0x3F,
                upper: (k - 1) & 0x40 != 0,
            },
        }
    }
}

/// The start of every line of `text` that [`may_be_legacy`], in order.
/// Lines of ASCII only are passed a word at a time.
pub(crate) fn legacy_lines(text: &str) -> impl Iterator<Item = usize> + '_ {
    let b = text.as_bytes();
    let mut from = 0;
    let line_end = |p: usize| memchr::memchr(b'\n', &b[p..]).map_or(b.len(), |n| p + n + 1);
    std::iter::from_fn(move || {
        while let Some(k) = crate::repair::next_non_ascii(&b[from..]) {
            let at = from + k;
            let was = from;
            match legacy_walk::<true>(b, at, usize::MAX) {
                Walked::Line(legacy, end) => {
                    from = end;
                    if legacy {
                        return Some(
                            memchr::memrchr(b'\n', &b[was..at]).map_or(was, |n| was + n + 1),
                        );
                    }
                }
                Walked::Foreign(p) => from = line_end(p),
                Walked::Stopped => unreachable!("never told to stop"),
            }
        }
        None
    })
}

/// [`shown_table`]: a character that is no letter, and a C1 control.
const SIGN: u8 = 0xFE;
const C1: u8 = 0xFF;

/// For each character below U+0100: its letter's bit number in
/// [`LATIN1_LETTERS`], or [`SIGN`], or [`C1`].
fn shown_table() -> &'static [u8; 256] {
    static T: std::sync::OnceLock<[u8; 256]> = std::sync::OnceLock::new();
    T.get_or_init(|| {
        let mut t = [SIGN; 256];
        for (u, e) in t.iter_mut().enumerate() {
            let c = char::from(u as u8);
            if (0x80..0xA0).contains(&u) {
                *e = C1;
            } else if let Some(bit) = latin1_bit(c) {
                *e = bit.trailing_zeros() as u8;
            }
        }
        t
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_classes_are_kept_as_they_are() {
        for u in 0x80..0x1_0000u32 {
            let Some(c) = char::from_u32(u) else { continue };
            let class = shown_class_of(c);
            assert_eq!(shown_class(u), class, "{c:?}");
            assert_eq!(shown_class(u), class, "{c:?}");
        }
    }

    /// [`may_be_legacy`] as it was written before its walk read bytes:
    /// a character at a time, its class asked of the tables.
    fn may_be_legacy_as_written(line: &str) -> bool {
        let b = line.as_bytes();
        let t = shown_table();
        let (mut mask, mut sign_in_word, mut case_break) = (0u64, false, false);
        let (mut sign_run_end, mut letter_end) = (usize::MAX, usize::MAX);
        let letter_at = |k: usize| {
            b.get(k).is_some_and(|&x| x.is_ascii_alphabetic())
                || (b.get(k).is_some_and(|&x| x >= 0x80)
                    && t.get(line[k..].chars().next().expect("a char") as usize)
                        .is_some_and(|&e| e < SIGN))
        };
        for (at, c) in line.char_indices().filter(|(_, c)| !c.is_ascii()) {
            let i = at + c.len_utf8();
            match shown_class_of(c) {
                Shown::Sign { written } => {
                    let after_letter = at > 0
                        && (b[at - 1].is_ascii_alphabetic()
                            || letter_end == at
                            || sign_run_end == at);
                    if after_letter && written {
                        sign_run_end = i;
                        if letter_at(i) {
                            sign_in_word = true;
                        }
                    }
                }
                Shown::Other => {}
                Shown::Foreign => return false,
                Shown::Letter { bit, upper } => {
                    mask |= 1 << bit;
                    letter_end = i;
                    case_break |= upper && at > 0 && b[at - 1].is_ascii_lowercase();
                }
            }
        }
        sign_in_word
            || case_break
            || (mask.count_ones() >= 2 && !alphabet_masks().iter().any(|&m| m & mask == mask))
    }

    /// The legacy lines of a text, each line asked on its own.
    fn legacy_lines_one_by_one(text: &str) -> Vec<usize> {
        let mut out = Vec::new();
        let mut start = 0;
        for line in text.split_inclusive('\n') {
            if may_be_legacy_as_written(line) {
                out.push(start);
            }
            start += line.len();
        }
        out
    }

    /// On the UDHR's lines, and on them all as one text.
    #[test]
    fn may_be_legacy_is_as_written_on_udhr() {
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/udhr/udhr-heldout.txt"),
        )
        .expect("corpus");
        for line in text.split_inclusive('\n') {
            assert_eq!(
                may_be_legacy(line),
                may_be_legacy_as_written(line),
                "{line:?}"
            );
        }
        assert_eq!(
            legacy_lines(&text).collect::<Vec<_>>(),
            legacy_lines_one_by_one(&text)
        );
    }

    proptest::proptest! {
        #![proptest_config(crate::testing::fixed_cases(4000))]

        /// [`may_be_legacy`] and [`legacy_lines`] answer as written:
        /// lines of ASCII, windows-1252's and Mac OS Roman's letters and
        /// signs, C1 controls, other letters and line feeds.
        #[test]
        fn may_be_legacy_is_as_written(
            s in "([a-zA-Z]{0,3}[ .,\n]?[\u{80}-\u{FF}\u{131}\u{152}\u{153}\u{160}\u{17D}\u{192}\u{2013}\u{2018}-\u{201E}\u{2026}\u{2030}\u{2122}\u{2202}\u{2500}\u{141}\u{410}\u{4E2D}\u{1F600}]{0,3}){0,12}"
        ) {
            proptest::prop_assert_eq!(may_be_legacy(&s), may_be_legacy_as_written(&s), "{:?}", s);
            proptest::prop_assert_eq!(legacy_lines(&s).collect::<Vec<_>>(), legacy_lines_one_by_one(&s), "{:?}", s);
        }
    }
}
