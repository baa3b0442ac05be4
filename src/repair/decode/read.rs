//! Reading a line through a path of the channel: the text it was before
//! it went through ([`Path::read`]), with the non-breaking spaces lost on
//! the way put back, and whether its reading may be coherent at all,
//! judged from its distinct characters ([`Path::may_cohere`]).
//!
//! Guarantees: a line is encoded in the codepage it is shown in once per
//! codepage ([`Buffers`]); answers of [`Path::may_cohere`] for a path and
//! a set of bytes are remembered a thread at a time, at most
//! [`COHERES_CAP`] of them.

use crate::codec::{self, Codepage};
use crate::repair::channel::{LetterSwap, Path};
use crate::repair::coherence::{cjk_letters, coherent};
use crate::repair::utf8_len;

impl Path {
    /// What `text` was before it went through this path, if it can have
    /// gone through it, and how many of its bytes were lost on the way (a
    /// non-breaking space shown as a space where a UTF-8 sequence needs the
    /// byte `A0`).
    /// With `merged`, each such space before anything but a space stood
    /// for the byte and a space both (`voilÃ le` for `voilà le`: the
    /// non-breaking space and the space after it merged into one), and a
    /// line with no such space has no reading.
    pub(crate) fn read(self, text: &str, buf: &mut Buffers, merged: bool) -> Option<(String, u32)> {
        match self {
            Path::Utf8As(cp) => {
                if cp.is_single_byte() && buf.sequences(text) & 1 << cp.index() == 0 {
                    return None;
                }
                let bytes = &mut buf.bytes;
                bytes.clear();
                if codec::encode(cp, text, bytes) {
                    let lost = if merged {
                        insert_nbsp(cp, bytes)
                    } else {
                        restore_nbsp(cp, bytes)
                    };
                    if merged && lost == 0 {
                        return None;
                    }
                    if let Ok(s) = String::from_utf8(std::mem::take(bytes)) {
                        return Some((s, lost));
                    }
                }
                if merged {
                    return None;
                }
                read_pieces(cp, text, bytes)
            }
            Path::Legacy { saved, shown } => {
                if !buf.show(shown, text) {
                    return None;
                }
                saved
                    .decode_without_bom_handling_and_without_replacement(&buf.shown_bytes)
                    .map(|s| (s.into_owned(), 0))
            }
        }
    }

    /// Whether the reading of `text` through this path may be coherent,
    /// judged from its characters outside ASCII alone: through a legacy
    /// path with a single-byte saved encoding, each byte of the line is one
    /// character of the reading, so the line's distinct bytes outside
    /// ASCII, read through it, are every such character the reading has;
    /// when they alone are not [`coherent`] (letters no one alphabet has,
    /// a letter no language writes, a character never written), the
    /// reading is not either. Spares making and weighing readings that
    /// cannot win (a line of Spanish with a German word in it is
    /// incoherent, and so is nearly every legacy reading of it). Through a
    /// CJK codepage, the line must show a character of it beyond ASCII.
    /// True for the other paths.
    pub(super) fn may_cohere(self, text: &str, buf: &mut Buffers) -> bool {
        let (saved, shown) = match self {
            Path::Legacy { saved, shown } => (saved, shown),
            // UTF-8 read in a CJK codepage: the lead byte of every sequence
            // begins an ideograph, a syllable or a half-width kana there, so
            // a line without one holds no such reading.
            Path::Utf8As(cp) if !cp.is_single_byte() => {
                return buf.cjk_letters(text).0 > 0;
            }
            Path::Utf8As(_) => return true,
        };
        if !saved.is_single_byte() {
            return true;
        }
        if !buf.show(shown, text) {
            return false;
        }
        // (Lines of one language show the same bytes again and again: the
        // answer for a path and a set of bytes is remembered a thread at a
        // time.)
        let key = (
            std::ptr::from_ref(saved) as usize,
            shown.index(),
            buf.present,
        );
        COHERES.with(|seen| {
            let mut seen = seen.borrow_mut();
            if let Some(&answer) = seen.get(&key) {
                return answer;
            }
            let answer = saved
                .decode_without_bom_handling_and_without_replacement(&buf.distinct)
                .is_some_and(|s| coherent(&s));
            if seen.len() >= COHERES_CAP {
                seen.clear();
            }
            seen.insert(key, answer);
            answer
        })
    }
}

/// Most answers of [`Path::may_cohere`] remembered a thread at a time.
const COHERES_CAP: usize = 4096;

/// [`Path::may_cohere`]'s answers for single-byte legacy paths, by the
/// saved encoding (its address), the codepage shown, and the line's
/// distinct bytes outside ASCII as it shows them.
type Coheres = rustc_hash::FxHashMap<(usize, usize, [u64; 2]), bool>;

thread_local! {
    static COHERES: std::cell::RefCell<Coheres> = std::cell::RefCell::new(Coheres::default());
}

/// The working bytes of [`Path::read`] for one line: a scratch buffer, and
/// the line in the codepage it was last shown in.
#[derive(Default)]
pub(crate) struct Buffers {
    bytes: Vec<u8>,
    shown: Option<Codepage>,
    shown_ok: bool,
    shown_bytes: Vec<u8>,
    /// The distinct bytes outside ASCII of `shown_bytes`, a space after
    /// each (see [`Path::may_cohere`]).
    distinct: Vec<u8>,
    /// [`Buffers::cjk_letters`] of the line, once counted.
    cjk: Option<(usize, usize)>,
    /// [`Buffers::sequences`] of the line, once found.
    sequences: Option<u16>,
    /// The bytes outside ASCII of `shown_bytes`, as bits (`b - 0x80`).
    present: [u64; 2],
}

impl Buffers {
    /// The single-byte codepages (bits by index) that show the line
    /// (`text`) with a UTF-8 lead byte right before a continuation byte,
    /// or before a space where the codepage shows `A0` as a non-breaking
    /// space (a byte lost on the way): no other single-byte codepage reads
    /// anything of the line as UTF-8, whole or in pieces, lost bytes put
    /// back or not ([`Path::read`]). Found once a line.
    pub(super) fn sequences(&mut self, text: &str) -> u16 {
        *self.sequences.get_or_insert_with(|| {
            let t = codec::tables();
            let nbsp = Codepage::ALL
                .iter()
                .filter(|&&cp| shows_nbsp(cp))
                .fold(0u16, |m, cp| m | 1 << cp.index());
            let (mut found, mut lead) = (0u16, 0u16);
            for c in text.chars() {
                let (l, cont) = if c == ' ' {
                    (0, nbsp)
                } else if c.is_ascii() {
                    (0, 0)
                } else {
                    t.row(c)
                        .map_or((0, 0), |row| crate::repair::sb_masks(c, row))
                };
                found |= lead & cont;
                lead = l;
            }
            found
        })
    }

    /// How many characters of `text` (the line) are of a CJK script, and
    /// (where there are any) how many are letters of other scripts:
    /// counted once a line.
    pub(super) fn cjk_letters(&mut self, text: &str) -> (usize, usize) {
        *self.cjk.get_or_insert_with(|| cjk_letters(text))
    }

    /// Makes `shown_bytes` the line's bytes in the codepage `shown`, and
    /// `distinct` its distinct bytes outside ASCII; false if the codepage
    /// cannot show the line. (Shared by the legacy paths that show the line
    /// so: most show it in windows-1252.)
    fn show(&mut self, shown: Codepage, text: &str) -> bool {
        if self.shown != Some(shown) {
            self.shown_bytes.clear();
            self.shown_ok = codec::encode(shown, text, &mut self.shown_bytes);
            self.shown = Some(shown);
            let mut seen = [0u64; 2];
            self.distinct.clear();
            for &b in self.shown_bytes.iter().filter(|&&b| b >= 0x80) {
                let (word, bit) = (usize::from(b >> 6) & 1, 1u64 << (b & 63));
                if seen[word] & bit == 0 {
                    seen[word] |= bit;
                    self.distinct.extend_from_slice(&[b, b' ']);
                }
            }
            self.present = seen;
        }
        self.shown_ok
    }

    /// Whether `swap`'s path reads the line (`text`) letter for letter,
    /// some letter into another, into letters one language writes (see
    /// [`LetterSwap::reads_letters`]).
    pub(super) fn swaps_letters(&mut self, swap: &LetterSwap, text: &str) -> bool {
        self.show(swap.shown(), text) && swap.reads_letters(self.present)
    }
}

/// Whether `cp` shows the byte `A0` as a non-breaking space: then a space
/// in text shown in it may stand for that byte, lost on the way.
fn shows_nbsp(cp: Codepage) -> bool {
    cp.is_single_byte() && codec::tables().decode[cp.index()][0x20] == '\u{A0}'
}

/// How many continuation bytes a UTF-8 sequence still wants after the byte
/// `b`, `need` wanted before it (0 outside a sequence).
fn still_needed(b: u8, need: u8) -> u8 {
    match b {
        0x80..=0xBF if need > 0 => need - 1,
        0xC2..=0xF4 => utf8_len(b) as u8 - 1,
        _ => 0,
    }
}

/// Turns each space that stands where a UTF-8 sequence needs a
/// continuation byte back into `A0`, when `cp` shows `A0` as a
/// non-breaking space (the byte a copy or a normalizer turned into a
/// space); returns how many.
fn restore_nbsp(cp: Codepage, bytes: &mut [u8]) -> u32 {
    restore_nbsp_from(cp, bytes, 0).0
}

/// [`restore_nbsp`] for spaces that stood for the byte `A0` and a space
/// both: the byte goes in before each such space that is followed by
/// anything but a space (it takes the place of a space at the end).
fn insert_nbsp(cp: Codepage, bytes: &mut Vec<u8>) -> u32 {
    if !shows_nbsp(cp) {
        return 0;
    }
    let mut out = Vec::with_capacity(bytes.len() + 8);
    let mut lost = 0;
    let mut need = 0u8;
    for (k, &b) in bytes.iter().enumerate() {
        if need > 0 && b == b' ' {
            out.push(0xA0);
            lost += 1;
            need -= 1;
            if bytes.get(k + 1).is_some_and(|&n| n != b' ') {
                out.push(b' ');
            }
            continue;
        }
        need = still_needed(b, need);
        out.push(b);
    }
    *bytes = out;
    lost
}

/// [`restore_nbsp`] over bytes that go on from others, `need`
/// continuation bytes still wanted where they start; returns how many
/// spaces it turned, and how many continuation bytes are wanted at the end.
fn restore_nbsp_from(cp: Codepage, bytes: &mut [u8], mut need: u8) -> (u32, u8) {
    if !shows_nbsp(cp) {
        return (0, 0);
    }
    let mut lost = 0;
    for b in bytes.iter_mut() {
        if need > 0 && *b == b' ' {
            *b = 0xA0;
            lost += 1;
        }
        need = still_needed(*b, need);
    }
    (lost, need)
}

/// A line only part of which was UTF-8 read through `cp` (`pr铆znak
/// sekcie „%s“`: the quotes and `ý` are clean): each run of characters
/// outside ASCII that reads through the path is read, the others are kept
/// (UTF-8 read in a codepage garbles every byte of a character into such a
/// run, since no byte of a character outside ASCII is ASCII). `None` when
/// no run reads.
fn read_pieces(cp: Codepage, text: &str, bytes: &mut Vec<u8>) -> Option<(String, u32)> {
    let mut out = String::with_capacity(text.len());
    let mut read = false;
    let mut lost = 0;
    let mut rest = text;
    // (A character is ASCII where its first byte is: the runs are found
    // a byte at a time.)
    let run_end = |s: &str| s.bytes().position(|b| b < 0x80).unwrap_or(s.len());
    while let Some(start) = crate::repair::next_non_ascii(rest.as_bytes()) {
        out.push_str(&rest[..start]);
        let run = &rest[start..];
        let first = run_end(run);
        // The run goes on through a space that may stand for a lost byte
        // (`áƒ áƒ`) while its bytes end inside a sequence; each piece is
        // encoded once, so a line costs its length.
        bytes.clear();
        let mut end = first;
        let mut piece_lost = 0;
        let mut readable = codec::encode(cp, &run[..first], bytes);
        if readable {
            let (l, mut need) = restore_nbsp_from(cp, bytes, 0);
            piece_lost += l;
            while need > 0
                && run[end..].starts_with(' ')
                && run[end + 1..].starts_with(|c: char| !c.is_ascii())
            {
                let next = end + 1 + run_end(&run[end + 1..]);
                let mark = bytes.len();
                if !codec::encode(cp, &run[end..next], bytes) {
                    bytes.truncate(mark);
                    break;
                }
                let (l, n) = restore_nbsp_from(cp, &mut bytes[mark..], need);
                (piece_lost, need, end) = (piece_lost + l, n, next);
            }
            if end > first && std::str::from_utf8(bytes).is_err() {
                // Joined, the run does not read: its first part alone.
                bytes.clear();
                end = first;
                readable = codec::encode(cp, &run[..first], bytes);
                piece_lost = restore_nbsp(cp, bytes);
            }
        }
        match std::str::from_utf8(bytes) {
            Ok(s) if readable && s != &run[..end] => {
                out.push_str(s);
                lost += piece_lost;
                read = true;
            }
            _ => {
                end = first;
                out.push_str(&run[..first]);
            }
        }
        rest = &rest[start + end..];
    }
    out.push_str(rest);
    read.then_some((out, lost))
}
