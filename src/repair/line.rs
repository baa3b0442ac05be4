//! The span judge for one line: [`find_in_line_with`] runs the stages
//! (runs, candidates, evidence, choice, finishing) as named steps, in
//! order. Here: what the judge knows about a line ([`Line`]), the buffers
//! it reuses, and the first steps (the characters looked up, what the runs
//! cover, the script of the letters outside them).
//!
//! Guarantees: a line is judged with buffers reused from line to line (one
//! set per thread); a line garbled through and through takes the fast path
//! of [`super::through`] instead; the line's repairs are pushed in text
//! order, after those already in `out`.

use super::*;

/// What the judge knows about a line.
pub(super) struct Line<'a> {
    pub(super) text: &'a str,
    pub(super) chars: &'a [(usize, char)],
    /// The script the line's letters outside any run are written in.
    pub(super) script: Option<u8>,
    /// Whether those letters are all capitals (a heading, a shout).
    pub(super) capitals: bool,
    /// Per character: [`ALPHA`], [`UPPER`], [`LOWER`].
    pub(super) flags: &'a [u8],
}

impl Line<'_> {
    pub(super) fn byte(&self, i: usize) -> usize {
        self.chars.get(i).map_or(self.text.len(), |&(o, _)| o)
    }

    pub(super) fn slice(&self, i0: usize, i1: usize) -> &str {
        &self.text[self.byte(i0)..self.byte(i1)]
    }
}

/// Where a line's candidates keep their repaired text and layers.
#[derive(Default)]
pub(super) struct Arena {
    pub(super) text: String,
    pub(super) layers: Vec<Codepage>,
}

/// Buffers [`find_in_line`] reuses from line to line, one set per thread:
/// judging a line allocates only the candidates it makes.
#[derive(Default)]
pub(super) struct Scratch {
    chars: Vec<(usize, char)>,
    flags: Vec<u8>,
    marks: Vec<bool>,
    stamps: Vec<u32>,
    /// Per character, the codepages whose candidates that read better
    /// than the text take it in.
    plausible: Vec<u32>,
    rows: Vec<Option<&'static ByteRow>>,
    /// Indices of the characters that have a row.
    wide: Vec<usize>,
    runs: Vec<Run>,
    cands: Vec<Candidate>,
    pub(super) judging: Judging,
    order: Vec<usize>,
    chosen: Vec<usize>,
    arena: Arena,
    /// Indices of the line's letters beyond ASCII outside every run.
    orphan_at: Vec<usize>,
    /// Characters beyond ASCII written before ASCII or at the end of the
    /// line, with the codepages whose runs leave one of them out.
    orphans: rustc_hash::FxHashMap<char, u32>,
}

thread_local! {
    static SCRATCH: std::cell::Cell<Scratch> = std::cell::Cell::new(Scratch::default());
}

pub(super) fn find_in_line(
    text: &str,
    base: usize,
    seen_runs: &Seen,
    out: &mut Vec<Repair>,
    margins: bool,
) {
    let mut scratch = SCRATCH.with(std::cell::Cell::take);
    let first = out.len();
    if !garbled_through(text, base, out, &mut scratch.judging.bytes) {
        find_in_line_with(text, base, seen_runs, out, &mut scratch);
    } else if margins {
        // (The shortcut's repairs stand; each takes the margin of the
        // judge's repair of the same run to the same text, if there is
        // one.)
        let mut judged = Vec::new();
        find_in_line_with(text, base, seen_runs, &mut judged, &mut scratch);
        for r in &mut out[first..] {
            r.margin = judged
                .iter()
                .find(|j| (j.start, j.end) == (r.start, r.end) && j.replacement == r.replacement)
                .and_then(|j| j.margin);
        }
    }
    SCRATCH.with(|c| c.set(scratch));
}

/// Judges one line (`text`, at `base` in the text given to [`find`]) and
/// pushes its repairs after those in `out`, in text order. The steps, in
/// order: the characters looked up ([`look_up`]); the runs of every
/// codepage ([`single_byte_runs`], [`multibyte_runs`]) and what they leave
/// out ([`cover_runs`], [`letters_outside_runs`]); each run judged
/// ([`judge_runs`]); lone sequences that clean letters disown
/// ([`mark_glued_and_twin_clean`]); a first choice, of the repairs that
/// stand on their own, which proves the line garbled or not; on a proven
/// line, what the proof decides ([`mark_far_from_proof`],
/// [`favoured_codepage`], [`mark_misfits`]); the final choice
/// ([`select()`]); and the repairs made ([`push_chosen`],
/// [`shallower_where_deeper_is_foreign`], [`push_lost_bytes`],
/// [`push_lone_c1s`]).
pub(super) fn find_in_line_with(
    text: &str,
    base: usize,
    seen_runs: &Seen,
    out: &mut Vec<Repair>,
    sc: &mut Scratch,
) {
    let m = model::model();
    let Scratch {
        chars,
        flags,
        marks,
        stamps,
        plausible,
        rows,
        wide,
        runs,
        cands,
        judging,
        order,
        chosen,
        arena,
        orphans,
        orphan_at,
    } = sc;
    arena.text.clear();
    arena.layers.clear();
    let cjk = look_up(text, chars, flags, rows, wide);
    runs.clear();
    single_byte_runs(chars, rows, wide, runs);
    if cjk {
        for cp in [Codepage::Gbk, Codepage::ShiftJis, Codepage::EucKr] {
            multibyte_runs(chars, cp, runs);
        }
    }
    let covered = marks;
    // Per character, the codepages whose runs take it in.
    let cover = &mut *stamps;
    cover_runs(chars, runs, covered, cover);
    let (script, capitals) = letters_outside_runs(chars, flags, covered);
    let line = Line {
        text,
        chars,
        script,
        capitals,
        flags,
    };
    judge_runs(&line, runs, seen_runs, m, cands, arena, judging);
    let n = line.chars.len();
    mark_glued_and_twin_clean(&line, rows, n, cands, plausible, orphans);
    // Letters beyond ASCII that no run takes in: clean text.
    orphan_at.clear();
    orphan_at.extend(
        (0..n).filter(|&i| {
            cover[i] == 0 && !line.chars[i].1.is_ascii() && line.flags[i] & ALPHA != 0
        }),
    );
    // First the repairs that stand on their own; then, on a line they
    // proved garbled, the weaker ones too, with the codepage the line was
    // garbled with ranked first.
    select(cands, None, false, n, order, covered, chosen);
    let proven = !chosen.is_empty() || lone_multibyte_agree(cands);
    if proven && !orphan_at.is_empty() {
        mark_far_from_proof(cands, chosen, orphan_at);
    }
    let favoured = if proven {
        favoured_codepage(cands, n, order, stamps)
    } else {
        None
    };
    if proven {
        mark_misfits(&line, cands, chosen, arena);
    }
    select(cands, favoured, proven, n, order, covered, chosen);
    let taken = covered;
    taken.clear();
    taken.resize(n, false);
    let first = out.len();
    push_chosen(
        &line, base, cands, chosen, arena, favoured, proven, taken, out,
    );
    shallower_where_deeper_is_foreign(text, base, &mut out[first..]);
    // On a line proven garbled, a sequence cut short by a replacement
    // character lost its last byte on the way (`â€�` was `”`, `Ñ�` was
    // `с`; `â€?`, where the byte was one the codepage does not show):
    // what it stood for cannot be known, it becomes one U+FFFD.
    if proven && text.contains(['\u{FFFD}', '?']) {
        push_lost_bytes(&line, base, n, favoured, taken, out);
    }
    push_lone_c1s(text, &line, base, taken, out);
    out[first..].sort_unstable_by_key(|r| r.start);
}

/// The line's characters and, for each, its [`flags_of`] and its bytes in
/// the single-byte codepages (`wide`: the characters that have some);
/// whether any is CJK-like, which is when multi-byte runs are looked for.
/// (A run of ASCII is looked up at once: its characters are its bytes,
/// their flags [`ASCII_FLAGS`], none has a row.)
fn look_up(
    text: &str,
    chars: &mut Vec<(usize, char)>,
    flags: &mut Vec<u8>,
    rows: &mut Vec<Option<&'static ByteRow>>,
    wide: &mut Vec<usize>,
) -> bool {
    chars.clear();
    flags.clear();
    rows.clear();
    wide.clear();
    let t = tables();
    let b = text.as_bytes();
    let mut cjk = false;
    let mut i = 0;
    chars.reserve(b.len());
    flags.reserve(b.len());
    rows.reserve(b.len());
    while let Some(&x) = b.get(i) {
        if x < 0x80 {
            // (A run of eight bytes or more at once; a shorter one, between
            // letters outside ASCII, a character at a time.)
            if b.get(i..i + 8).is_some_and(|w| w.is_ascii()) {
                let end = next_non_ascii(&b[i..]).map_or(b.len(), |k| i + k);
                chars.extend((i..end).map(|k| (k, char::from(b[k]))));
                flags.extend(b[i..end].iter().map(|&x| ASCII_FLAGS[usize::from(x)]));
                rows.resize(chars.len(), None);
                i = end;
            } else {
                chars.push((i, char::from(x)));
                flags.push(ASCII_FLAGS[usize::from(x)]);
                rows.push(None);
                i += 1;
            }
            continue;
        }
        let c = text[i..].chars().next().expect("in bounds");
        let row = t.row(c);
        if row.is_some() {
            wide.push(chars.len());
        }
        chars.push((i, c));
        flags.push(flags_of(c));
        rows.push(row);
        cjk |= is_cjk_like(c);
        i += c.len_utf8();
    }
    cjk
}

/// [`flags_of`] of each ASCII character.
const ASCII_FLAGS: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut x = 0;
    while x < 128 {
        let b = x as u8;
        t[x] = if b.is_ascii_uppercase() {
            ALPHA | UPPER
        } else if b.is_ascii_lowercase() {
            ALPHA | LOWER
        } else {
            0
        };
        x += 1;
    }
    t
};

/// Which characters the runs take in: `covered`, by a single-byte run;
/// `cover`, the codepages (bits) of the runs that take each in.
fn cover_runs(
    chars: &[(usize, char)],
    runs: &[Run],
    covered: &mut Vec<bool>,
    cover: &mut Vec<u32>,
) {
    covered.clear();
    covered.resize(chars.len(), false);
    cover.clear();
    cover.resize(chars.len(), 0);
    for r in runs.iter() {
        // (Clean CJK text is all multi-byte runs: their characters still
        // tell the line's script, so that `慢慢` read through EUC-KR as
        // Arabic `طط` pays for a change of script among Chinese words.)
        if r.cp.is_single_byte() {
            covered[r.i0..r.i1].iter_mut().for_each(|x| *x = true);
        }
        cover[r.i0..r.i1]
            .iter_mut()
            .for_each(|x| *x |= 1 << r.cp.index());
    }
}

/// The letters outside every single-byte run: the script they are written
/// in, and whether they are all capitals (four cased letters at least).
fn letters_outside_runs(
    chars: &[(usize, char)],
    flags: &[u8],
    covered: &[bool],
) -> (Option<u8>, bool) {
    let (mut upper, mut cased) = (0, 0);
    let mut scripts = Scripts::default();
    for ((&f, &covered), &(_, c)) in flags.iter().zip(covered).zip(chars) {
        if f & ALPHA == 0 || covered {
            continue;
        }
        if f & (UPPER | LOWER) != 0 {
            cased += 1;
            upper += usize::from(f & UPPER != 0);
        }
        scripts.add(script(c));
    }
    (scripts.dominant(), cased >= 4 && upper == cased)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`look_up`] as it was written before it took ASCII a run at a time:
    /// a character at a time.
    fn look_up_by_char(text: &str) -> LookedUp {
        let t = tables();
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let flags = chars.iter().map(|&(_, c)| flags_of(c)).collect();
        let rows: Vec<_> = chars.iter().map(|&(_, c)| t.row(c)).collect();
        let wide = (0..chars.len()).filter(|&i| rows[i].is_some()).collect();
        let cjk = chars.iter().any(|&(_, c)| is_cjk_like(c));
        (chars, flags, rows, wide, cjk)
    }

    type LookedUp = (
        Vec<(usize, char)>,
        Vec<u8>,
        Vec<Option<&'static ByteRow>>,
        Vec<usize>,
        bool,
    );

    fn looked_up(text: &str) -> LookedUp {
        let (mut chars, mut flags, mut rows, mut wide) = Default::default();
        // (Buffers that held another line first, as the judge's do.)
        look_up("Ã© x 中", &mut chars, &mut flags, &mut rows, &mut wide);
        let cjk = look_up(text, &mut chars, &mut flags, &mut rows, &mut wide);
        (chars, flags, rows, wide, cjk)
    }

    #[test]
    fn ascii_flags_are_flags_of() {
        for x in 0..128u8 {
            assert_eq!(ASCII_FLAGS[usize::from(x)], flags_of(char::from(x)), "{x}");
        }
    }

    proptest::proptest! {
        #![proptest_config(crate::testing::fixed_cases(2000))]

        /// [`look_up`] gives what looking each character up gives: ASCII
        /// runs of every length, Latin-1, other scripts, CJK, beyond the
        /// BMP.
        #[test]
        fn look_up_is_by_char(
            s in "([a-zA-Z0-9 .,\t]{0,20}[\u{80}-\u{FF}\u{100}-\u{17F}\u{410}-\u{44F}\u{2013}-\u{2026}\u{4E00}-\u{4E10}\u{AC00}\u{1F600}]{0,3}){0,8}"
        ) {
            proptest::prop_assert!(looked_up(&s) == look_up_by_char(&s), "{:?}", s);
        }
    }
}
