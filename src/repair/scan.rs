//! The cheap passes over text: which lines may hold mojibake (the scan),
//! where (hotspots), and whether a line needs NFC.
//!
//! Guarantees: the scan never misses a line the judge would repair (a
//! character can start mojibake only if some codepage maps it to a UTF-8
//! lead byte and the characters after it to continuation bytes, or it is a
//! C1 control, or CJK read through a multi-byte codepage); clean text pays
//! one table lookup per character outside ASCII, ASCII a word at a time,
//! plain Latin letters and signs a chunk at a time.

use super::*;

mod chars;
pub(crate) use chars::char_table;
pub(super) use chars::*;
/// The cheap first pass: whether `text` may hold mojibake (`false` proves
/// it does not). Visits only non-ASCII characters, a word of ASCII at a time
/// in between. A character can start mojibake only if some codepage maps it
/// to a UTF-8 lead byte and the next character to a continuation byte (or it
/// is a C1 control, or CJK for the multi-byte codepages).
pub(crate) fn scan(text: &str) -> bool {
    scan_found(text).any()
}

/// [`scan()`]'s two answers, for the judges to reuse.
pub(crate) fn scan_found(text: &str) -> Found {
    Found::after(scan_with(text, Scan::First, None).mojibake, text)
}

/// What one pass over a line found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Survey {
    /// It may hold mojibake (`false` proves it does not).
    pub mojibake: bool,
    /// It is NFC.
    pub nfc: bool,
    /// Why it may (for the judges).
    pub found: Found,
}

/// Why a line may hold mojibake, as far as the scan asked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Found {
    /// A character in it may start UTF-8 read in a codepage.
    pub starts: bool,
    /// It has the shape of legacy text shown in windows-1252
    /// ([`coherence::may_be_legacy`]); `None` where the first answer sufficed
    /// and this was not asked.
    pub legacy: Option<bool>,
}

impl Found {
    /// What was found of `text` once the scan answered `starts`: its
    /// legacy shape is asked only where no start answered first.
    fn after(starts: bool, text: &str) -> Found {
        Found {
            starts,
            legacy: (!starts).then(|| coherence::legacy_lines(text).next().is_some()),
        }
    }

    /// Whether the line may hold mojibake.
    pub(crate) fn any(self) -> bool {
        self.starts || self.legacy == Some(true)
    }
}

/// [`scan()`] and the NFC check in one pass.
pub(crate) fn survey(text: &str) -> Survey {
    let s = scan_with(text, Scan::Both, None);
    let found = Found::after(s.mojibake, text);
    Survey {
        mojibake: found.any(),
        nfc: s.nfc,
        found,
    }
}

/// [`hotspots_with`] where lines that are not NFC are not normalized (as
/// the tests ask it).
#[cfg(test)]
pub(crate) fn hotspots(text: &str) -> Vec<Hot> {
    hotspots_with(text, false)
}

/// Byte offsets in `text` where something may need doing: a character that
/// may start mojibake, or a stretch that may not be NFC (NFC can change text
/// only around a character that is not [`crate::nfc::trivial`]: those stretches
/// get the check, nothing else does). Text between them is proven to need
/// nothing.
///
/// Only the first hotspot of each line is recorded: its whole line is
/// looked at anyway. `normalized`: a line that is not NFC is normalized
/// and its NFC scanned again by whoever takes the hotspots, so its first
/// stretch that is not NFC ends the look at it, as a start does (the
/// starts after it are not looked for).
pub(crate) fn hotspots_with(text: &str, normalized: bool) -> Vec<Hot> {
    let mut hits = Vec::new();
    let mut marks = Vec::new();
    let mode = if normalized {
        Scan::LinesNormalized
    } else {
        Scan::Lines
    };
    scan_with_marks(text, mode, Some(&mut hits), Some(&mut marks));
    let legacy = legacy_starts(text, &hits);
    let why = |at: usize| {
        if marks.binary_search(&at).is_ok() {
            Why::Start
        } else {
            Why::Nfc
        }
    };
    // Both lists in text order: merged.
    let mut hot = Vec::with_capacity(hits.len() + legacy.len());
    let (mut a, mut b) = (hits.iter().peekable(), legacy.iter().peekable());
    loop {
        let next = match (a.peek(), b.peek()) {
            (Some(&&x), Some(&&y)) if x <= y => a.next().map(|_| Hot { at: x, why: why(x) }),
            (_, Some(&&y)) => b.next().map(|_| Hot {
                at: y,
                why: Why::Legacy,
            }),
            (Some(&&x), None) => a.next().map(|_| Hot { at: x, why: why(x) }),
            (None, None) => break,
        };
        hot.extend(next);
    }
    hot
}

/// A place in a text where something may need doing ([`hotspots_with`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Hot {
    /// Its byte offset.
    pub(crate) at: usize,
    pub(crate) why: Why,
}

/// Why a place is a [`Hot`] one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Why {
    /// A character that may start mojibake ([`starts_mojibake`]).
    Start,
    /// A character NFC may change, in a stretch that is not NFC.
    Nfc,
    /// The start of a line of legacy shape
    /// ([`coherence::may_be_legacy`]) that has no other hotspot: it is
    /// NFC and no character of it starts mojibake.
    Legacy,
}

/// The start of every line of `text` that [`coherence::may_be_legacy`]
/// (legacy text shown in windows-1252), but those with one of the scan's
/// `hits` (in text order) already, which are looked at whole anyway: the
/// lines [`coherence::legacy_lines`] gives, less those. A line whose first
/// byte outside ASCII leads a character that windows-1252 and Mac OS Roman
/// lack and that is no sign ([`FOREIGN_LEAD`]) is not asked: that
/// character alone makes `may_be_legacy` false, nor is a line with a hit
/// (the start of the next hit's line is found once a hit). The others are
/// walked once ([`coherence::legacy_walk`]), from their first byte outside
/// ASCII to their end, or to a character that settles them.
fn legacy_starts(text: &str, hits: &[usize]) -> Vec<usize> {
    let b = text.as_bytes();
    let line_end = |p: usize| memchr::memchr(b'\n', &b[p..]).map_or(b.len(), |n| p + n + 1);
    let line_start = |p: usize| memchr::memrchr(b'\n', &b[..p]).map_or(0, |n| n + 1);
    let mut out = Vec::new();
    let mut next_hit = 0;
    // The next hit at or after `from`, and the start of its line.
    let mut hit_line: Option<(usize, usize)> = None;
    let mut from = 0;
    while let Some(k) = next_non_ascii(&b[from..]) {
        let at = from + k;
        let was = from;
        if FOREIGN_LEAD[usize::from(b[at])] {
            from = line_end(at);
            continue;
        }
        // (The hits are characters outside ASCII: none stands between the
        // line's start and `at`.)
        if hit_line.is_none_or(|(h, _)| h < at) {
            while next_hit < hits.len() && hits[next_hit] < at {
                next_hit += 1;
            }
            hit_line = hits.get(next_hit).map(|&h| (h, line_start(h)));
        }
        if let Some((h, _)) = hit_line.filter(|&(_, start)| start <= at) {
            // A hit on this line: it is looked at whole anyway.
            from = line_end(h);
            continue;
        }
        from = match coherence::legacy_walk::<true>(b, at, usize::MAX) {
            coherence::Walked::Line(legacy, end) => {
                if legacy {
                    out.push(memchr::memrchr(b'\n', &b[was..at]).map_or(was, |n| was + n + 1));
                }
                end
            }
            coherence::Walked::Foreign(p) => line_end(p),
            coherence::Walked::Stopped => unreachable!("never told to stop"),
        };
    }
    out
}

/// UTF-8 lead bytes of characters from U+0100 on that windows-1252 and
/// Mac OS Roman lack and that are no signs, all of them: U+01C0 to
/// U+02BF, U+0300 to U+037F, U+0400 to U+1FFF, U+3000 to U+EFFF, U+10000
/// on. [`coherence::may_be_legacy`] is false for a line with any of them
/// (a test asks it of each).
const FOREIGN_LEAD: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = matches!(b, 0xC7..=0xCA | 0xCC | 0xCD | 0xD0..=0xDF | 0xE0 | 0xE1 | 0xE3..=0xEE | 0xF0..=0xF4);
        b += 1;
    }
    t
};

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Scan {
    /// Stop at the first possible mojibake; NFC not looked at.
    First,
    /// Stop once both answers are known.
    Both,
    /// Go to the end, recording every hotspot.
    #[cfg_attr(not(test), allow(dead_code))]
    All,
    /// Go to the end, recording the first mojibake start of each line
    /// (with any found in the same step) and the first NFC stretch before
    /// it.
    Lines,
    /// [`Scan::Lines`], but the first stretch of a line that is not NFC
    /// ends the look at the line as a start does.
    LinesNormalized,
}

impl Scan {
    /// Whether a scan in this mode has its answer once it has `found` so
    /// much.
    #[inline(always)]
    fn done(self, found: &Survey) -> bool {
        match self {
            Scan::First => found.mojibake,
            Scan::Both => found.mojibake && !found.nfc,
            Scan::All | Scan::Lines | Scan::LinesNormalized => false,
        }
    }
}

pub(super) fn scan_with(text: &str, mode: Scan, hits: Option<&mut Vec<usize>>) -> Survey {
    scan_with_marks(text, mode, hits, None)
}

/// [`scan_with`], also giving the starts of mojibake among the hits
/// (`marks_out`, in text order; for [`Scan::All`] and the line modes).
pub(super) fn scan_with_marks(
    text: &str,
    mode: Scan,
    hits: Option<&mut Vec<usize>>,
    marks_out: Option<&mut Vec<usize>>,
) -> Survey {
    let t = tables();
    let ct = char_tables();
    let bytes = text.as_bytes();
    let mut found = Survey {
        mojibake: false,
        nfc: true,
        found: Found::default(),
    };
    let nfc = mode != Scan::First;
    // The current stretch of characters that NFC may change, with the
    // character before it: (start, first such character, end).
    let mut high: Option<(usize, usize, usize)> = None;
    let mut prev_start = 0;
    let mut i = 0;
    let lines = matches!(mode, Scan::Lines | Scan::LinesNormalized);
    let mut stretches = Stretches {
        mode,
        hits,
        line_end: 0,
        marked: Vec::new(),
    };
    let mut check = |stretch, found: &mut Survey, marks: &mut Vec<usize>| {
        stretches.check(text, stretch, found, marks)
    };
    let mut marks: Vec<usize> = Vec::new();
    let test_start = |at, c, len, ci, found: &mut Survey, marks: &mut Vec<usize>| {
        test_start(t, text, mode, (at, c, len, ci), found, marks)
    };
    let mut marked = 0;
    loop {
        if mode.done(&found) {
            break;
        }
        if mode == Scan::Both && found.mojibake {
            // Only NFC left to answer: the quick check does the rest, from
            // the character before the stretch that may need it.
            let from = high.map_or(prev_start, |h| h.0);
            found.nfc = found.nfc && crate::nfc::is_nfc(&text[from..]);
            break;
        }
        if lines && marks.len() > marked {
            // The rest of the marked line is looked at anyway: go on from
            // the next one (a step can end lines past the mark, when it
            // skipped ASCII: then there is nothing to skip).
            marked = marks.len();
            let mark = marks[marked - 1];
            let next = memchr::memchr(b'\n', &bytes[mark..]).map(|n| mark + n + 1);
            if next.is_none_or(|next| next > i) {
                if let Some(stretch) = high.take() {
                    check(stretch, &mut found, &mut marks);
                }
                match next {
                    Some(next) => i = next,
                    None => break,
                }
                prev_start = i;
            }
        }
        let Some(off) = to_non_ascii(bytes, i) else {
            break;
        };
        if off > 0 {
            if let Some(stretch) = high.take() {
                check(stretch, &mut found, &mut marks);
            }
            prev_start = i + off - 1;
        }
        i += off;
        if let Some(len) = plain_latin(ct, bytes, i).filter(|_| high.is_none()) {
            (i, prev_start) = pass_quiet(bytes, i, len, |i| plain_latin(ct, bytes, i));
            continue;
        }
        // A CJK-like character that starts nothing in any CJK codepage (and
        // that NFC leaves alone) is no start: on through its run.
        if high.is_none() && quiet_cjk(bytes, i, nfc) {
            (i, prev_start) = pass_cjk_run(bytes, i + 3, i, nfc, true);
            continue;
        }
        // The quiet characters from U+3000 on (all from U+A000 on: below,
        // only CJK-like ones), with the ASCII between them, likewise.
        if bytes[i] >= 0xEA && high.is_none() {
            if let Some(len) = far_quiet(bytes, i) {
                (i, prev_start) = pass_quiet(bytes, i, len, |i| far_quiet(bytes, i));
                continue;
            }
        }
        let (c, len) = decode_at(text, i);
        let ci = ct.info.get(c as usize).copied();
        if nfc && !ci.map_or_else(|| crate::nfc::trivial(c), |ci| ci.nfc_trivial) {
            let stretch = high.get_or_insert((prev_start, i, i));
            stretch.2 = i + len;
        } else if let Some(stretch) = high.take() {
            check(stretch, &mut found, &mut marks);
        }
        // Running text of one non-Latin script: a letter followed (within
        // three characters, before other ASCII) only by letters of its
        // script or spaces is never a start (see `only_own_script`), nor is
        // a character no codepage reads as a lead. Such stretches are
        // walked with one table lookup a character (marks and signs that
        // keep the text NFC included); only the letters just before
        // whatever ends one get the full test.
        if let Some(ci0) = ci.filter(|ci| ci.script != 0 && ci.nfc_trivial) {
            if i > 0 && bytes[i - 1].is_ascii_alphabetic() {
                // Glued to a Latin word: the full test first.
                test_start(i, c, len, ci, &mut found, &mut marks);
            }
            let w = walk_stretch(ct, bytes, i, c, len, ci0, nfc);
            if w.waits {
                // The letters among the last three characters wait on the
                // one that ended the stretch.
                leads_before(ct, text, i, w.end, |at, pc, plen, pi| {
                    test_start(at, pc, plen, pi, &mut found, &mut marks)
                });
            }
            prev_start = w.seg;
            i = w.end;
            continue;
        }
        test_start(i, c, len, ci, &mut found, &mut marks);
        prev_start = i;
        i += len;
        // Inside a run of CJK characters only its first one can start
        // mojibake: walk the rest that NFC leaves alone.
        if is_cjk_like(c) && !c.is_whitespace() {
            (i, prev_start) = pass_cjk_run(bytes, i, prev_start, nfc, high.is_none());
        }
    }
    if let Some(stretch) = high {
        check(stretch, &mut found, &mut marks);
    }
    stretches.unmark(&mut marks);
    if let Some(m) = marks_out {
        m.extend_from_slice(&marks);
    }
    if let Some(h) = stretches.hits {
        merge_marks(h, marks);
    }
    found
}

/// The full test of the character `c` at `at` (its length, its
/// [`CharInfo`]) as [`scan_with_marks`] asks it in `mode`: what it found
/// so far, and its start recorded in `marks` where the mode records every
/// start.
#[inline(always)]
fn test_start(
    t: &codec::Tables,
    text: &str,
    mode: Scan,
    (at, c, len, ci): (usize, char, usize, Option<CharInfo>),
    found: &mut Survey,
    marks: &mut Vec<usize>,
) {
    let every = matches!(mode, Scan::All | Scan::Lines | Scan::LinesNormalized);
    // (A letter glued to a Latin word is tested before the walk, and may be
    // again after it.)
    if every && marks.last() == Some(&at) {
        return;
    }
    if (every || !found.mojibake)
        && starts_mojibake_with(t, text, text.as_bytes(), at, c, len, ci, true)
    {
        found.mojibake = true;
        if every {
            marks.push(at);
        }
    }
}

/// The stretches that may not be NFC as [`scan_with_marks`] closes them:
/// each is asked, and one that is not NFC is a hit. In the line modes a
/// line is asked only up to its first such stretch (the rest of the line
/// is looked at whole anyway); in [`Scan::LinesNormalized`] that stretch
/// ends the look at its line as a start does: it is marked, as a start is,
/// and the mark is taken back at the end ([`Stretches::unmark`]).
struct Stretches<'h> {
    mode: Scan,
    hits: Option<&'h mut Vec<usize>>,
    /// The end of the line of the last stretch found not NFC (line modes).
    line_end: usize,
    /// The marks made for stretches ([`Scan::LinesNormalized`]).
    marked: Vec<usize>,
}

impl Stretches<'_> {
    /// Asks the stretch of `text` (start, first character NFC may change,
    /// end) whether it is NFC, as far as `found` and the mode still need.
    #[inline]
    fn check(
        &mut self,
        text: &str,
        stretch: (usize, usize, usize),
        found: &mut Survey,
        marks: &mut Vec<usize>,
    ) {
        let lines = matches!(self.mode, Scan::Lines | Scan::LinesNormalized);
        if lines && stretch.1 < self.line_end {
            return;
        }
        if (found.nfc || self.hits.is_some()) && !crate::nfc::is_nfc(&text[stretch.0..stretch.2]) {
            found.nfc = false;
            if let Some(h) = self.hits.as_deref_mut() {
                h.push(stretch.1);
            }
            let b = text.as_bytes();
            if lines {
                self.line_end =
                    memchr::memchr(b'\n', &b[stretch.1..]).map_or(b.len(), |n| stretch.1 + n + 1);
            }
            if self.mode == Scan::LinesNormalized && marks.last().is_none_or(|&m| m < stretch.1) {
                marks.push(stretch.1);
                self.marked.push(stretch.1);
            }
        }
    }

    /// Takes the marks made for stretches back out of `marks` (they are
    /// hits already).
    fn unmark(&self, marks: &mut Vec<usize>) {
        if !self.marked.is_empty() {
            marks.retain(|m| self.marked.binary_search(m).is_err());
        }
    }
}

/// How far from byte `i` the next character outside ASCII is: 0 when
/// it is at `i`; `None` when there is none.
#[inline(always)]
fn to_non_ascii(bytes: &[u8], i: usize) -> Option<usize> {
    match bytes.get(i) {
        None => None,
        Some(&b) if b >= 0x80 => Some(0),
        Some(_) => next_non_ascii(&bytes[i..]),
    }
}

/// Calls `f` with each of the last three characters of `text` before
/// byte `end` that start after byte `from` and that some codepage reads as
/// a lead (its start, itself, its length, its [`CharInfo`]), in text
/// order.
#[inline(always)]
fn leads_before(
    ct: &CharTables,
    text: &str,
    from: usize,
    end: usize,
    mut f: impl FnMut(usize, char, usize, Option<CharInfo>),
) {
    let mut back = [0usize; 3];
    let mut n = 0;
    let mut p = end;
    while n < 3 && p > from {
        p -= 1;
        while !text.is_char_boundary(p) {
            p -= 1;
        }
        back[n] = p;
        n += 1;
    }
    for &at in back[..n].iter().rev() {
        let (pc, plen) = decode_at(text, at);
        let pi = ct.info.get(pc as usize).copied();
        if pi.is_some_and(|pi| pi.lead != 0) {
            f(at, pc, plen, pi);
        }
    }
}

/// Merges the starts of mojibake (`marks`) into `h`, the stretches that
/// may not be NFC; each list is in text order, and so is the result.
fn merge_marks(h: &mut Vec<usize>, marks: Vec<usize>) {
    if !marks.is_empty() {
        let stretches = std::mem::take(h);
        h.reserve(stretches.len() + marks.len());
        let (mut a, mut b) = (
            stretches.into_iter().peekable(),
            marks.into_iter().peekable(),
        );
        loop {
            let next = match (a.peek(), b.peek()) {
                (Some(&x), Some(&y)) if x <= y => a.next(),
                (_, Some(_)) => b.next(),
                (Some(_), None) => a.next(),
                (None, None) => break,
            };
            h.extend(next);
        }
    }
}

/// Whether the character at byte `i` (non-ASCII, below U+3000) is one
/// the scan passes without a closer look: NFC leaves it alone, it is no
/// letter of a script other than Latin, and it is no C1 control; and no
/// codepage reads it as a UTF-8 lead, or ASCII other than a space follows
/// it, or a character that continues no sequence where it leads, or a
/// space and then ASCII where it is no two-byte lead, or a space where it
/// leads only in codepages without NBSP at 0xA0 (then it starts nothing:
/// see [`starts_mojibake`]).
/// Most accented letters of Latin text and most typography (`é` inside a
/// word, `“` before one, `–` between spaces) are such: one table lookup
/// each. `Some` with the
/// character's length when it is.
#[inline(always)]
pub(super) fn plain_latin(ct: &CharTables, bytes: &[u8], i: usize) -> Option<usize> {
    let b = bytes[i];
    if b >= 0xF0 {
        return None;
    }
    let (u, len) = code_short(bytes, i, b);
    if u < 0xA0 {
        return None;
    }
    let w = *ct.walk.get(u as usize)?;
    if w & !WALK_LEAD != WALK_TRIVIAL {
        return None;
    }
    if w & WALK_LEAD == 0 {
        return Some(len);
    }
    match bytes.get(i + len) {
        // Then a space, then nothing or ASCII other than a space (`café
        // au lait`): only a two-byte lead, with the space standing for a
        // lost NBSP, makes a sequence (ASCII continues none).
        Some(&b' ') => match bytes.get(i + len + 1) {
            // (Then more than ASCII: only where it leads in a codepage
            // with NBSP at 0xA0 can the space continue a sequence: `“ `,
            // `… `, which lead only in Mac OS Roman, start nothing.)
            Some(&n2) if n2 >= 0x80 || n2 == b' ' => {
                let lead = u32::from(ct.info.get(u as usize)?.lead);
                (lead & nbsp_codepages(tables()) == 0).then_some(len)
            }
            _ => (!two_byte_lead_before_nbsp(char::from_u32(u)?)).then_some(len),
        },
        Some(&nb) if nb < 0x80 => Some(len),
        // Followed by a character below U+3000 that continues a sequence
        // in none of the codepages where this one leads (`──`, `ří`).
        Some(&nb) if nb < 0xF0 => {
            let (n, _) = code_short(bytes, i + len, nb);
            let lead = ct.info.get(u as usize)?.lead;
            let cont = ct.info.get(n as usize)?.cont;
            (cont & lead == 0).then_some(len)
        }
        _ => None,
    }
}

/// Whether the character at byte `i` (from U+3000 on) is one the scan
/// passes without a closer look: it is not CJK-like (a multi-byte
/// codepage may read a run of those), no single-byte codepage has it (so
/// it starts no sequence there: see [`starts_mojibake`]), and NFC leaves
/// it alone. The letters of the scripts from U+3000 on but CJK (Yi, Vai,
/// Javanese, Adlam) are such. `Some` with the character's length when it
/// is.
#[inline(never)]
pub(super) fn far_quiet(bytes: &[u8], i: usize) -> Option<usize> {
    let cont = |k: usize| u32::from(bytes[i + k] & 0x3F);
    // (U+3000 to U+9FFF and U+B000 to U+CFFF, whose leads are 0xE3 to 0xE9,
    // 0xEB and 0xEC, are all CJK-like.)
    let (u, len) = match bytes[i] {
        b @ (0xEA | 0xED..=0xEF) => ((u32::from(b & 0x0F) << 12) | (cont(1) << 6) | cont(2), 3),
        b @ 0xF0.. => (
            (u32::from(b & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3),
            4,
        ),
        _ => return None,
    };
    // (The answers are kept, a slot of a small table a code point: the
    // characters of a script from U+A000 on repeat. A slot holds the code
    // point, shifted, and the answer; 0 while empty, as the code points
    // here are all above 0.)
    use std::sync::atomic::{AtomicU32, Ordering::Relaxed};
    static KEPT: [AtomicU32; 1024] = [const { AtomicU32::new(0) }; 1024];
    let slot = &KEPT[u as usize & 1023];
    let kept = slot.load(Relaxed);
    let quiet = if kept >> 1 == u {
        kept & 1 != 0
    } else {
        let c = char::from_u32(u)?;
        let quiet = !is_cjk_like(c) && tables().row(c).is_none() && crate::nfc::trivial(c);
        slot.store(u << 1 | u32::from(quiet), Relaxed);
        quiet
    };
    quiet.then_some(len)
}

/// Whether some single-byte codepage reads `c` as the lead byte of a
/// two-byte UTF-8 sequence and has NBSP at 0xA0: then `c` and a space make
/// a sequence ([`starts_mojibake`]).
pub(super) fn two_byte_lead_before_nbsp(c: char) -> bool {
    // (Asked of the same few letters again and again, `é` before a space
    // in `café au lait`: the answers below U+3000, where the scan asks,
    // are kept, 0 for not asked yet.)
    use std::sync::atomic::AtomicU8;
    static KEPT: [AtomicU8; 0x3000] = [const { AtomicU8::new(0) }; 0x3000];
    kept_fact(&KEPT, c, |c| {
        1 + u8::from(two_byte_lead_before_nbsp_in_tables(c))
    }) == 2
}

/// [`two_byte_lead_before_nbsp`], from the codepage tables.
fn two_byte_lead_before_nbsp_in_tables(c: char) -> bool {
    let t = tables();
    t.row(c).is_some_and(|row| {
        row.iter()
            .enumerate()
            .any(|(k, &b)| (0xC2..=0xDF).contains(&b) && t.decode[k][0x20] == '\u{A0}')
    })
}

/// Whether the character `c` at byte `i` (length `len`) may start a
/// mojibake sequence: some single-byte codepage reads it and the characters
/// after it as one whole UTF-8 character (a space standing for a lost NBSP
/// where the codepage has one), or it starts a run of CJK characters that a
/// multi-byte codepage reads as UTF-8, or it is a C1 control.
///
/// Letters of a non-Latin script followed only by letters of that script
/// (`так` reads as Braille through cp866) are not a start: on their own
/// they never have the evidence a repair needs, and a line garbled enough
/// to give them that evidence has other starts.
#[cfg_attr(
    not(test),
    expect(
        dead_code,
        reason = "the tests' oracle: the scan asks starts_mojibake_with"
    )
)]
pub(super) fn starts_mojibake(
    t: &codec::Tables,
    text: &str,
    bytes: &[u8],
    i: usize,
    c: char,
    len: usize,
    ci: Option<CharInfo>,
) -> bool {
    starts_mojibake_with(t, text, bytes, i, c, len, ci, false)
}

/// [`starts_mojibake`]; `remember`: its slow part's answers are kept (see
/// [`starts_slow`]), as the scan asks.
#[expect(clippy::too_many_arguments, reason = "starts_mojibake's, and one")]
#[inline]
pub(super) fn starts_mojibake_with(
    t: &codec::Tables,
    text: &str,
    bytes: &[u8],
    i: usize,
    c: char,
    len: usize,
    ci: Option<CharInfo>,
    remember: bool,
) -> bool {
    if c_is_c1(c) {
        return true;
    }
    // The quick test first: a lead in some codepage, and a next character
    // that continues it there (or a space, for a lost NBSP).
    // Letters of another script glued to a Latin word are in it, where
    // their script is no evidence (`egalГў` is `egalâ`).
    let glued = i > 0 && bytes[i - 1].is_ascii_alphabetic();
    if let (Some(ci), Some(&nb)) = (ci, bytes.get(i + len)) {
        if ci.lead == 0 {
            return false;
        }
        if ci.script != 0 && !glued && only_own_script(text, i + len, ci.script) {
            return false;
        }
        if nb != b' ' {
            if nb < 0x80 {
                return false;
            }
            let (n, _) = decode_at(text, i + len);
            if char_info(n).is_some_and(|ni| ni.cont & ci.lead == 0) {
                return false;
            }
        }
    }
    if is_cjk_like(c) {
        // Decided once per run, at its first character.
        let continues = text[..i]
            .chars()
            .next_back()
            .is_some_and(|p| !p.is_ascii() && !p.is_whitespace());
        return !continues
            && cjk_run_reads_as_utf8(text, i, codec::cjk_starts(c), || glued_to_latin(text, i));
    }
    starts_slow(t, text, bytes, i, c, len, glued, remember)
}

/// The slow part of [`starts_mojibake`], for a character that is not
/// CJK-like: whether some single-byte codepage reads `c` and the (up to)
/// three characters after it as one UTF-8 character we would write.
///
/// `remember`: the answers are kept, a thread at a time: an answer
/// depends only on the character, whether a Latin letter is glued before
/// it and the three characters after it (none past the text's end), and
/// text repeats its patterns (typography after letters, box drawing). A
/// slot of a small table a pattern (of patterns that share a slot, the
/// last is kept).
#[expect(clippy::too_many_arguments, reason = "starts_mojibake's, and two")]
fn starts_slow(
    t: &codec::Tables,
    text: &str,
    bytes: &[u8],
    i: usize,
    c: char,
    len: usize,
    glued: bool,
    remember: bool,
) -> bool {
    /// Slots (a power of two).
    const SLOTS: usize = 1024;
    /// A pattern and its answer (`key[0]` is 0 in an empty slot: the
    /// character is never NUL).
    #[derive(Clone, Copy)]
    struct Slot {
        key: [u32; 4],
        starts: bool,
    }
    thread_local! {
        static KEPT: std::cell::RefCell<[Slot; SLOTS]> =
            const { std::cell::RefCell::new([Slot { key: [0; 4], starts: false }; SLOTS]) };
    }
    let Some(row) = t.row(c) else { return false };
    // (The codepages it leads in: from the character table where it has
    // the character.)
    let lead = u32::from(sb_masks(c, row).0);
    if lead == 0 {
        return false;
    }
    // Then a space: it continues a sequence only as a lost NBSP, in a
    // codepage that has one at 0xA0; where `c` leads in none of those
    // (typography that leads only in Mac OS Roman: `“ `, `… `, `€ `),
    // nothing starts (see `starts_through`).
    if bytes.get(i + len) == Some(&b' ') && lead & nbsp_codepages(t) == 0 {
        return false;
    }
    // Up to three following characters, as (char, is a space).
    let mut next: [(char, bool); 3] = [('\0', false); 3];
    let mut n = 0;
    let mut at = i + len;
    while n < 3 && at < bytes.len() {
        let (nc, nl) = decode_at(text, at);
        next[n] = (nc, nc == ' ');
        n += 1;
        at += nl;
    }
    if !remember {
        return starts_through(t, c, row, lead, glued, &next[..n]);
    }
    // (Code points are below 2^21: the glued bit above them.)
    let mut key = [
        c as u32 | u32::from(glued) << 31,
        u32::MAX,
        u32::MAX,
        u32::MAX,
    ];
    for (k, &(nc, _)) in key[1..].iter_mut().zip(&next[..n]) {
        *k = nc as u32;
    }
    let h = key.iter().fold(0u64, |h, &k| {
        (h ^ u64::from(k)).wrapping_mul(0x9E37_79B9_7F4A_7C15)
    });
    let slot = (h >> 54) as usize & (SLOTS - 1);
    // (Looked up and kept in two small steps, so that each inlines.)
    let kept = KEPT.with(|kept| {
        let s = kept.borrow()[slot];
        (s.key == key).then_some(s.starts)
    });
    if let Some(starts) = kept {
        return starts;
    }
    let starts = starts_through(t, c, row, lead, glued, &next[..n]);
    KEPT.with(|kept| kept.borrow_mut()[slot] = Slot { key, starts });
    starts
}

/// The single-byte codepages with NBSP at 0xA0, as bits.
fn nbsp_codepages(t: &codec::Tables) -> u32 {
    static BITS: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    *BITS.get_or_init(|| {
        (0..NSB)
            .filter(|&k| t.decode[k][0x20] == '\u{A0}')
            .fold(0, |m, k| m | 1 << k)
    })
}

/// [`starts_slow`] for `c`, whose bytes are `row` and leads in the
/// codepages of `lead`, and the characters after it, `next` (up to three,
/// each with whether it is a space).
fn starts_through(
    t: &codec::Tables,
    c: char,
    row: &ByteRow,
    lead: u32,
    glued: bool,
    next: &[(char, bool)],
) -> bool {
    let n = next.len();
    let script0 = script(c).filter(|&s| s != 1);
    for k in 0..NSB {
        if lead & (1 << k) == 0 {
            continue;
        }
        let b0 = row[k];
        let need = utf8_len(b0);
        if n + 1 < need {
            continue;
        }
        let mut buf = [b0, 0, 0, 0];
        let mut same_script = script0.is_some();
        let mut ok = true;
        let mut lossy = false;
        for j in 1..need {
            let (nc, space) = next[j - 1];
            if space && t.decode[k][0x20] == '\u{A0}' {
                // A lost NBSP after letters of one script (`ає `) leaves
                // them as they were: a start only where they are not.
                buf[j] = 0xA0;
                lossy = true;
                continue;
            }
            match t.row(nc) {
                Some(r) if (0x80..=0xBF).contains(&r[k]) => buf[j] = r[k],
                _ => {
                    ok = false;
                    break;
                }
            }
            same_script &= script(nc) == script0;
        }
        // (Glued to a Latin word before or after it, the sequence's script
        // is no evidence: `ДЊlan`.)
        let after_latin = next
            .get(need - 1)
            .is_some_and(|&(nc, _)| n >= need && nc.is_ascii_alphabetic());
        if glued || after_latin {
            same_script = false;
        }
        // (A sequence that reads as a character never written, a private
        // use one such as `é –` read with a lost NBSP, U+E816, starts no
        // repair: none brings such a character in.)
        if !ok || same_script {
            continue;
        }
        match std::str::from_utf8(&buf[..need]) {
            Ok(s) if acceptable(s) => {
                let after = (n >= need).then(|| next[need - 1].0);
                if !(glued && stranded_in_latin_word(s, lossy, after)) {
                    return true;
                }
            }
            _ if codec::is_high_surrogate(&buf[..need]) => return true,
            _ => {}
        }
    }
    false
}

/// Whether the run of CJK-like characters starting at `i` reads as UTF-8
/// with non-ASCII in it through GBK, Shift_JIS or EUC-KR (those of them
/// set in `codepages`, the bits of [`codec::cjk_starts`]). A run of one
/// character counts only when `glued` (see [`glued_to_latin`], asked only
/// then): one CJK character among spaces and ASCII is ordinary CJK text.
/// The run is read only as far as each codepage's reading goes.
pub(super) fn cjk_run_reads_as_utf8(
    text: &str,
    i: usize,
    codepages: u8,
    glued: impl FnOnce() -> bool,
) -> bool {
    if codepages == 0 {
        return false;
    }
    let run = || {
        text[i..]
            .chars()
            .take_while(|&c| !(c.is_ascii() || c.is_whitespace()))
    };
    if run().nth(1).is_none() && !glued() {
        return false;
    }
    // Each codepage's bytes, a character at a time, checked as UTF-8 as
    // they come (most runs fail within a few characters): the run is read
    // once for all of them, each with the sequence it is in (its lead, and
    // how many of its bytes so far).
    let mut alive = codepages & ((1 << codec::CJK.len()) - 1);
    let mut reading = [Utf8Reading::default(); codec::CJK.len()];
    for c in run() {
        let bytes = codec::cjk_bytes(c);
        for (k, r) in reading.iter_mut().enumerate() {
            if alive & (1 << k) != 0 && !r.take(bytes[k]) {
                alive &= !(1 << k);
            }
        }
        if alive == 0 {
            return false;
        }
    }
    reading
        .iter()
        .enumerate()
        .any(|(k, r)| alive & (1 << k) != 0 && r.have == 0)
}

/// A codepage's bytes read as UTF-8 as they come (for
/// [`cjk_run_reads_as_utf8`]): the lead of the sequence being read and how
/// many of its bytes have come (0: between sequences).
#[derive(Clone, Copy, Default)]
pub(super) struct Utf8Reading {
    lead: u8,
    have: usize,
}

impl Utf8Reading {
    /// Takes the codepage's bytes of one character (`[0, 0]` where it has
    /// none, a 0 second byte for a one-byte encoding): `false` where it
    /// has none or they make the reading invalid UTF-8 (what
    /// `str::from_utf8` rejects, a sequence cut short at the end aside)
    /// or a byte outside ASCII no sequence holds.
    #[inline]
    pub(super) fn take(&mut self, b: [u8; 2]) -> bool {
        if b[0] == 0 {
            return false;
        }
        for &x in &b[..if b[1] == 0 { 1 } else { 2 }] {
            if self.have == 0 {
                // (A second byte in ASCII's range, which Shift_JIS and
                // GBK allow, is an ASCII character of the text:
                // `Acreditﾄビi` is `Acreditări`, `ビ` the bytes `83 72`.)
                if x < 0x80 {
                    continue;
                }
                if !(0xC2..=0xF4).contains(&x) {
                    return false;
                }
                self.lead = x;
            } else {
                // The second byte's range depends on the lead (no
                // overlong forms, surrogates or code points past
                // U+10FFFF); the others are continuation bytes.
                let (lo, hi) = match (self.have, self.lead) {
                    (1, 0xE0) => (0xA0, 0xBF),
                    (1, 0xED) => (0x80, 0x9F),
                    (1, 0xF0) => (0x90, 0xBF),
                    (1, 0xF4) => (0x80, 0x8F),
                    _ => (0x80, 0xBF),
                };
                if !(lo..=hi).contains(&x) {
                    return false;
                }
            }
            self.have += 1;
            if self.have == utf8_len(self.lead) {
                self.have = 0;
            }
        }
        true
    }
}

/// Whether the run of CJK-like characters at `i` is glued to a Latin
/// letter, before it or after it: a word half in Latin letters, the shape a
/// Latin word read as a CJK codepage has (`kazan챌`, `f枚r`).
pub(super) fn glued_to_latin(text: &str, i: usize) -> bool {
    let latin = |c: Option<char>| c.is_some_and(|c| script(c) == Some(1));
    let end = text[i..]
        .find(|c: char| c.is_ascii() || c.is_whitespace())
        .map_or(text.len(), |k| i + k);
    latin(text[..i].chars().next_back()) || latin(text[end..].chars().next())
}

/// Whether `s`, one character that a sequence glued to a Latin letter
/// before it reads as (`l’été` through Mac OS Roman: `lՎté`), would leave
/// its word in two scripts no text writes together, or with a letter no
/// text writes: a letter of an alphabet other than Latin (Greek, Cyrillic,
/// Armenian, Georgian, the abjads and abugidas), or of a script no
/// alphabet has (`daß ` read with a lost NBSP is NKo `daߠ`: what a reading
/// of mojibake is rarely meant to be, see
/// [`model::letter_of_no_alphabet`]); or, read
/// with a lost byte, a lone Han or Hangul character (ASCII or nothing
/// after it: `café – fin` read with a lost NBSP is `caf頖 fin`). A line
/// with no other start is settled by the scan: no reading of it is
/// coherent (see `coherence::mixed_word`) or likely, so neither judge
/// repairs it.
fn stranded_in_latin_word(s: &str, lossy: bool, after: Option<char>) -> bool {
    let Some(d) = s.chars().next() else {
        return false;
    };
    if is_ideograph(d) {
        return lossy && after.is_none_or(|a| a.is_ascii());
    }
    use model::class::*;
    // (Modifier letters, `ʻ` in `qoʻl`, are written inside Latin words.)
    is_letter(d)
        && matches!(
            model::coarse(d),
            GREEK_LOWER..=GEORGIAN | OTHER_LETTER | RARE_LETTER
        )
}

/// Han and Hangul: letters of scripts written without spaces that stand
/// for a word or a syllable each.
pub(super) fn is_ideograph(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xAC00..=0xD7AF)
}

/// Hiragana and katakana.
pub(super) fn is_kana(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF)
}

/// The windows-1252 reading of a C1 control's byte, where it has one.
pub(crate) fn c1_as_windows_1252(c: char) -> char {
    c1_as(Codepage::Windows1252, c)
}

/// A single-byte codepage's reading of a C1 control's byte, where it has
/// one.
pub(crate) fn c1_as(cp: Codepage, c: char) -> char {
    if c_is_c1(c) && cp.is_single_byte() {
        let d = tables().decode[cp.index()][c as usize - 0x80];
        if !c_is_c1(d) && d != '\u{FFFD}' {
            return d;
        }
    }
    c
}

pub(super) fn c_is_c1(c: char) -> bool {
    ('\u{80}'..='\u{9F}').contains(&c)
}

pub(super) fn is_cjk_like(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

/// Offset of the first byte >= 0x80, a word at a time.
#[inline]
pub(crate) fn next_non_ascii(bytes: &[u8]) -> Option<usize> {
    const HI: u64 = 0x8080_8080_8080_8080;
    let word = |i: usize| u64::from_le_bytes(bytes[i..i + 8].try_into().expect("eight bytes"));
    // The first in a word with the high bit: the lowest such byte.
    let at = |i: usize, m: u64| i + (m.trailing_zeros() / 8) as usize;
    let n = bytes.len();
    let mut i = 0;
    // In mojibake, non-Latin and accented text the next one is often
    // near: a word at a time first.
    while i + 8 <= n && i < 32 {
        let m = word(i) & HI;
        if m != 0 {
            return Some(at(i, m));
        }
        i += 8;
    }
    // Then 64 bytes at a time (the standard library's `is_ascii`, words
    // OR-ed together, which stops early in a block with a byte outside
    // ASCII), and a word at a time in the block.
    while i + 64 <= n {
        if !bytes[i..i + 64].is_ascii() {
            break;
        }
        i += 64;
    }
    while i + 8 <= n {
        let m = word(i) & HI;
        if m != 0 {
            return Some(at(i, m));
        }
        i += 8;
    }
    bytes[i..].iter().position(|&b| b >= 0x80).map(|p| p + i)
}

/// The character at byte offset `i` (a char boundary) and its length.
#[inline]
pub(super) fn decode_at(text: &str, i: usize) -> (char, usize) {
    let c = text[i..].chars().next().expect("in bounds");
    (c, c.len_utf8())
}

#[cfg(test)]
mod tests;
