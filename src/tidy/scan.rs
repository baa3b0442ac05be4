//! The one pass over a text that tells which tidying steps could change
//! it, and where: [`Triggers`].
//!
//! Guarantees: a step that would change the text has a trigger in it (the
//! scan may name a step that turns out to change nothing, as for `AT&T;`
//! with no such entity, never miss one); the scan reads the text 64 bytes
//! at a time without a branch per byte (a tail shorter than that in the
//! last 64 bytes, without a copy), with the tests of the usual sets of
//! steps known to the compiler (and a block of ASCII tested for the ASCII
//! bytes only), and decodes nothing: a character's lead byte flags it,
//! and the bytes after it settle it.

/// A set of steps (the bits below).
pub(crate) type Steps = u16;

/// [`crate::tidy::unescape_html`].
pub(crate) const HTML: Steps = 1;
/// [`crate::tidy::remove_terminal_escapes`].
pub(crate) const ESCAPES: Steps = 1 << 1;
/// [`crate::tidy::fix_latin_ligatures`].
pub(crate) const LIGATURES: Steps = 1 << 2;
/// [`crate::tidy::fix_character_width`].
pub(crate) const WIDTH: Steps = 1 << 3;
/// [`crate::tidy::fix_line_breaks`].
pub(crate) const LINE_BREAKS: Steps = 1 << 4;
/// [`crate::tidy::remove_control_chars`].
pub(crate) const CONTROLS: Steps = 1 << 5;
/// Curly quotes, for the fixer's `uncurl_quotes`.
pub(crate) const QUOTES: Steps = 1 << 6;
/// A CRLF, for the fixer's `crlf_to_lf`.
pub(crate) const CRLF: Steps = 1 << 7;

/// The bytes a scan stops at for a set of steps, and the steps it asks
/// about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Triggers {
    want: Steps,
    /// The bytes that may start a trigger of `want`: [`Bytes`] bits.
    bytes: Bytes,
}

/// Sets of bytes a scan stops at (the bits below).
type Bytes = u8;
/// C0 controls but tab, line feed and form feed (ESC, CR, the controls
/// removed).
const B_C0: Bytes = 1;
const B_AMP: Bytes = 1 << 1;
const B_DEL: Bytes = 1 << 2;
/// U+0085.
const B_C2: Bytes = 1 << 3;
/// U+0132, U+0133, U+0149, U+01C4-U+01CC, U+01F1-U+01F3 (C4-C7).
const B_C4: Bytes = 1 << 4;
/// U+2018-U+201F, U+2028, U+2029, U+206A-U+206F.
const B_E2: Bytes = 1 << 5;
/// U+3000.
const B_E3: Bytes = 1 << 6;
/// U+FB00-U+FB06, U+FEFF, U+FF01-U+FFEF, U+FFF9-U+FFFC.
const B_EF: Bytes = 1 << 7;

/// The byte sets of the steps' usual sets, each with a scan of its own
/// whose tests the compiler knows (the others share one that tests each
/// byte set's flag): ftfy's defaults (every step and quotes, with and
/// without HTML entities), datatrove's (entities, escapes and controls,
/// with and without entities), quotes alone, entities alone, CRLF alone.
const B_ALL: Bytes = Bytes::MAX;
const B_ALL_BUT_AMP: Bytes = B_ALL & !B_AMP;
const B_DATATROVE: Bytes = B_C0 | B_AMP | B_DEL | B_E2 | B_EF;
const B_DATATROVE_BUT_AMP: Bytes = B_DATATROVE & !B_AMP;

impl Triggers {
    /// The triggers of the steps in `want`.
    pub(crate) fn new(want: Steps) -> Triggers {
        let on = |s: Steps, b: Bytes| if want & s != 0 { b } else { 0 };
        Triggers {
            want,
            bytes: on(ESCAPES | LINE_BREAKS | CONTROLS | CRLF, B_C0)
                | on(HTML, B_AMP)
                | on(CONTROLS, B_DEL)
                | on(LINE_BREAKS, B_C2)
                | on(LIGATURES, B_C4)
                | on(LINE_BREAKS | CONTROLS | QUOTES, B_E2)
                | on(WIDTH, B_E3)
                | on(LIGATURES | WIDTH | CONTROLS, B_EF),
        }
    }

    /// Whether a step in the set could change `text`.
    #[cfg(test)]
    pub(crate) fn may_change(&self, text: &str) -> bool {
        self.find(text.as_bytes(), true) != 0
    }

    /// The steps of the set that could change `text`.
    pub(crate) fn steps(&self, text: &str) -> Steps {
        self.find(text.as_bytes(), false)
    }

    /// The byte offsets in `text`, in order, where something starts that
    /// one of the steps of the set could change.
    pub(crate) fn positions<'t>(&self, text: &'t str) -> Positions<'t> {
        let b = text.as_bytes();
        Positions {
            t: *self,
            b,
            base: 0,
            mask: if self.want == 0 { 0 } else { self.mask(b, 0) },
        }
    }

    /// The steps that could change `b`; with `first`, only up to the first
    /// one found.
    fn find(&self, b: &[u8], first: bool) -> Steps {
        if self.want == 0 {
            return 0;
        }
        let mut found = 0;
        let mut base = 0;
        while base < b.len() {
            let mut m = self.mask(b, base);
            while m != 0 {
                found |= self.at(b, base + m.trailing_zeros() as usize);
                if first && found != 0 {
                    return found;
                }
                m &= m - 1;
            }
            base += 64;
        }
        found
    }

    /// The positions in the block of `b` from `base` (64 bytes, or the rest
    /// of `b`) of the bytes that may start a trigger, as bits (bit `i` for
    /// `b[base + i]`).
    fn mask(&self, b: &[u8], base: usize) -> u64 {
        let rest = &b[base..];
        if let Some(block) = rest.first_chunk::<64>() {
            return self.mask_block(block);
        }
        if rest.is_empty() {
            return 0;
        }
        // A short tail: the last 64 bytes of `b` when it has that many
        // (the bits of the bytes before the tail shifted out), else the
        // tail padded with spaces, which trigger nothing.
        if let Some(last) = b.last_chunk::<64>() {
            return self.mask_block(last) >> (64 - rest.len());
        }
        let mut pad = [b' '; 64];
        pad[..rest.len()].copy_from_slice(rest);
        self.mask_block(&pad)
    }

    fn mask_block(&self, block: &[u8; 64]) -> u64 {
        match self.bytes {
            B_ALL => mask_of::<B_ALL>(block),
            B_ALL_BUT_AMP => mask_of::<B_ALL_BUT_AMP>(block),
            B_DATATROVE => mask_of::<B_DATATROVE>(block),
            B_DATATROVE_BUT_AMP => mask_of::<B_DATATROVE_BUT_AMP>(block),
            B_E2 => mask_of::<B_E2>(block),
            B_AMP => mask_of::<B_AMP>(block),
            B_C0 => mask_of::<B_C0>(block),
            bytes => mask_with(bytes, block),
        }
    }

    /// The steps of the set that could change what starts at `b[p]` (a
    /// byte [`Triggers::mask`] flags).
    fn at(&self, b: &[u8], p: usize) -> Steps {
        let next = |k: usize| b.get(p + k).copied().unwrap_or(0);
        let steps = match b[p] {
            b'&' => {
                let c = next(1);
                if c == b'#' || c.is_ascii_alphanumeric() {
                    HTML
                } else {
                    0
                }
            }
            0x1B => {
                let esc = if next(1) == b'[' { ESCAPES } else { 0 };
                esc | CONTROLS
            }
            b'\r' => {
                let crlf = if next(1) == b'\n' { CRLF } else { 0 };
                crlf | LINE_BREAKS
            }
            0x00..=0x08 | 0x0B | 0x0E..=0x1F | 0x7F => CONTROLS,
            0xC2 if next(1) == 0x85 => LINE_BREAKS,
            0xC4 if matches!(next(1), 0xB2 | 0xB3) => LIGATURES,
            0xC5 if next(1) == 0x89 => LIGATURES,
            0xC7 if matches!(next(1), 0x84..=0x8C | 0xB1..=0xB3) => LIGATURES,
            0xE2 => match (next(1), next(2)) {
                (0x80, 0x98..=0x9F) => QUOTES,
                (0x80, 0xA8 | 0xA9) => LINE_BREAKS,
                (0x81, 0xAA..=0xAF) => CONTROLS,
                _ => 0,
            },
            0xE3 if next(1) == 0x80 && next(2) == 0x80 => WIDTH,
            0xEF => match (next(1), next(2)) {
                (0xAC, 0x80..=0x86) => LIGATURES,
                (0xBB, 0xBF) => CONTROLS,
                (0xBC, 0x81..) | (0xBD | 0xBE, _) | (0xBF, ..=0xAF) => WIDTH,
                (0xBF, 0xB9..=0xBC) => CONTROLS,
                _ => 0,
            },
            _ => 0,
        };
        steps & self.want
    }
}

/// [`mask_with`] for a byte set the compiler knows.
fn mask_of<const BYTES: Bytes>(block: &[u8; 64]) -> u64 {
    // A block of ASCII (most of most text) has none of the lead bytes:
    // where the set has some, such a block is tested for the others only.
    const ASCII: Bytes = B_C0 | B_AMP | B_DEL;
    if BYTES & !ASCII != 0 && block.iter().fold(0, |a, &c| a | c) < 0x80 {
        return mask_with(BYTES & ASCII, block);
    }
    mask_with(BYTES, block)
}

/// The positions in `block` of the bytes of the set `bytes`, as bits.
#[inline(always)]
fn mask_with(bytes: Bytes, block: &[u8; 64]) -> u64 {
    let on = |b: Bytes| bytes & b != 0;
    let (c0, amp, del, c2) = (on(B_C0), on(B_AMP), on(B_DEL), on(B_C2));
    let (c4, e2, e3, ef) = (on(B_C4), on(B_E2), on(B_E3), on(B_EF));
    // One byte per byte, 1 where a trigger may start: byte for byte
    // without a branch, so that the compiler compares whole vectors.
    let mut flags = [0u8; 64];
    for (f, &c) in flags.iter_mut().zip(block) {
        let hit = (c0 & (c < 0x20) & (c != b'\t') & (c != b'\n') & (c != 0x0C))
            | (amp & (c == b'&'))
            | (del & (c == 0x7F))
            | (c2 & (c == 0xC2))
            | (c4 & (c & 0xFC == 0xC4))
            | (e2 & (c == 0xE2))
            | (e3 & (c == 0xE3))
            | (ef & (c == 0xEF));
        *f = u8::from(hit);
    }
    if flags.iter().fold(0, |a, &f| a | f) == 0 {
        return 0;
    }
    // Eight flags at a time to eight bits: the multiplication moves
    // the flag of byte `i` to bit `56 + i`, without carries.
    let mut m = 0;
    for (k, eight) in flags.chunks_exact(8).enumerate() {
        let mut w = [0u8; 8];
        w.copy_from_slice(eight);
        let bits = u64::from_le_bytes(w).wrapping_mul(0x0102_0408_1020_4080) >> 56;
        m |= bits << (8 * k);
    }
    m
}

/// The iterator [`Triggers::positions`] makes.
pub(crate) struct Positions<'t> {
    t: Triggers,
    b: &'t [u8],
    /// Where the block of `mask` starts.
    base: usize,
    /// The bytes of the block not looked at yet that may start a trigger.
    mask: u64,
}

impl Iterator for Positions<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        loop {
            while self.mask != 0 {
                let p = self.base + self.mask.trailing_zeros() as usize;
                self.mask &= self.mask - 1;
                if self.t.at(self.b, p) != 0 {
                    return Some(p);
                }
            }
            if self.t.want == 0 || self.base + 64 >= self.b.len() {
                return None;
            }
            self.base += 64;
            self.mask = self.t.mask(self.b, self.base);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tidy::{is_unwanted_control, ligature};

    const ALL: Steps = HTML | ESCAPES | LIGATURES | WIDTH | LINE_BREAKS | CONTROLS | QUOTES | CRLF;

    /// What each step changes, character by character (outside ASCII).
    fn naive(c: char) -> Steps {
        let mut s = 0;
        if ligature(c).is_some() {
            s |= LIGATURES;
        }
        if matches!(c, '\u{3000}' | '\u{FF01}'..='\u{FFEF}') {
            s |= WIDTH;
        }
        if matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}') {
            s |= LINE_BREAKS;
        }
        if is_unwanted_control(c) {
            s |= CONTROLS;
        }
        if matches!(c, '\u{2018}'..='\u{201F}') {
            s |= QUOTES;
        }
        s
    }

    #[test]
    fn every_character_outside_ascii_as_the_steps_see_it() {
        let singles = [
            HTML,
            ESCAPES,
            LIGATURES,
            WIDTH,
            LINE_BREAKS,
            CONTROLS,
            QUOTES,
            CRLF,
        ];
        let sets: Vec<Triggers> = singles
            .iter()
            .chain(&[ALL, LIGATURES | WIDTH, QUOTES | CONTROLS])
            .map(|&s| Triggers::new(s))
            .collect();
        for c in ('\u{80}'..=char::MAX).filter(|c| !c.is_ascii()) {
            let mut buf = [0u8; 4];
            let s: &str = c.encode_utf8(&mut buf);
            let want = naive(c);
            for t in &sets {
                assert_eq!(t.steps(s), want & t.want, "{c:?} {t:?}");
                if !matches!(s.as_bytes()[0], 0xC2..=0xC7 | 0xE2 | 0xE3 | 0xEF) {
                    continue;
                }
                // At offsets in a block, and across a block's end.
                for pad in [0, 1, 61, 62, 63, 64, 70] {
                    let text = format!("{}{s}x", "a".repeat(pad));
                    assert_eq!(t.steps(&text), want & t.want, "{c:?} at {pad}");
                    let at: Vec<usize> = t.positions(&text).collect();
                    let want_at = if want & t.want != 0 {
                        vec![pad]
                    } else {
                        vec![]
                    };
                    assert_eq!(at, want_at, "{c:?} at {pad}");
                }
            }
        }
    }

    #[test]
    fn ascii() {
        let t = Triggers::new(ALL);
        for b in 0u8..0x80 {
            let s = String::from(char::from(b));
            let want = match b {
                b'\r' => LINE_BREAKS,
                0x1B => CONTROLS,
                0x00..=0x08 | 0x0B | 0x0E..=0x1F | 0x7F => CONTROLS,
                _ => 0,
            };
            assert_eq!(t.steps(&s), want, "{b:#x}");
        }
        assert_eq!(t.steps("a\r\nb"), LINE_BREAKS | CRLF);
        assert_eq!(t.steps("\x1b[0m"), ESCAPES | CONTROLS);
        assert_eq!(t.steps("AT&T"), HTML);
        assert_eq!(t.steps("a & b, a&; &#1;"), HTML);
        assert_eq!(t.steps("a & b, a&;"), 0);
        assert_eq!(Triggers::new(HTML).steps("a\r\n\x1b[m"), 0);
        assert_eq!(Triggers::new(0).positions("\r\x1b").count(), 0);
        let text = format!("{}\r\n{}\u{fb01}\r", "ab\x07".repeat(30), "x".repeat(64));
        let at: Vec<usize> = t.positions(&text).collect();
        let mut want: Vec<usize> = (0..30).map(|k| 3 * k + 2).collect();
        want.extend([90, 156, 159]);
        assert_eq!(at, want);
    }
}
