//! Finding mojibake runs in valid UTF-8 text and judging their repairs.
//!
//! A *sequence* is a few characters that some codepage encodes to the bytes
//! of one UTF-8 character (`Ã©` is `C3 A9` in windows-1252, which is `é`).
//! A *run* is a maximal chain of adjacent sequences of one codepage. Each run
//! is a candidate repair: its bytes read as UTF-8, peeled again while the
//! result is itself mojibake (double layers). The plausibility model then
//! compares the run and its repair in their context; only a repair that is
//! clearly more plausible is kept. Candidates of different codepages compete
//! for the same characters; the most plausible wins.
//!
//! The cheap passes that find the lines worth judging are in `scan`; the
//! line decoder that weighs whole-line explanations is in [`decode`].

pub(crate) mod coherence;
pub(crate) mod decode;
mod facts;
mod memory;
mod runs;
mod scan;
mod through;
mod walk;

use facts::*;
pub(crate) use facts::{case_cost, is_letter};
pub(crate) use memory::Seen;
use runs::*;

use scan::*;
pub(crate) use scan::{
    c1_as, c1_as_windows_1252, hotspots, next_non_ascii, scan, scan_found, survey, Found, Survey,
};
use through::garbled_through;
use walk::*;

use crate::codec::{self, tables, ByteRow, Codepage, NSB};
use crate::model::{self, Model};

/// How far a repair must lower the cost (in nats) to be trusted.
pub(crate) const THRESHOLD: f32 = 6.0;
/// Extra evidence needed per space read as a lost non-breaking space, on a
/// line proven garbled and on one that is not.
pub(crate) const LOSSY_PENALTY: f32 = 2.0;
pub(crate) const LOSSY_PENALTY_UNPROVEN: f32 = 14.0;
/// Bonus for the codepage the rest of the line was garbled with.
pub(crate) const FAVOURED_BONUS: f32 = 12.0;
/// Evidence spared a candidate of the line's favoured codepage.
pub(crate) const FAVOURED_RELIEF: f32 = 7.0;
/// Extra evidence for a multi-byte codepage's repair on a line not yet
/// proven garbled: CJK text re-encodes to valid UTF-8 more easily.
pub(crate) const MULTIBYTE_EXTRA: f32 = 10.0;
/// Extra evidence for a lone sequence on a line not yet proven garbled.
pub(crate) const SINGLE_EXTRA: f32 = 8.0;
/// Extra evidence needed to move a run out of its surroundings' script.
pub(crate) const SCRIPT_PENALTY: f32 = 10.0;
/// How much more plausible a deeper layer must be than the one above it.
pub(crate) const LAYER_MARGIN: f32 = 2.0;
/// Extra evidence, on a line not yet proven garbled, for each odd change
/// of case a repair brings into its word.
pub(crate) const ODD_CASE_EXTRA: f32 = 10.0;
/// Cost of an odd change of case inside a word.
pub(crate) const CASE_PENALTY: f32 = 3.0;
/// Letters of the surrounding word looked at on either side of a run. Case
/// oddities are windows of up to three letters; those that lie wholly
/// outside the run cost the same for the run and for each of its readings,
/// and only differences are ever compared, so two letters decide them all.
pub(crate) const WORD_CONTEXT: usize = 2;
/// What a space kept after a lost NBSP is given back: the model charges
/// it a character more than the reading without it.
pub(crate) const SPACE_BIAS: f32 = 1.0;
/// Most layers peeled from one run.
pub(crate) const MAX_LAYERS: usize = 8;

/// One accepted repair inside a piece of text.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Repair {
    /// Byte range of the garbled run in the text given to [`find`].
    pub start: usize,
    /// End of that range.
    pub end: usize,
    /// The repaired text.
    pub replacement: String,
    /// Codepages reversed, outermost layer first.
    pub layers: Layers,
    /// Spaces that were read as lost non-breaking spaces.
    pub lossy: u32,
    /// Lone C1 control read as windows-1252 (no UTF-8 involved).
    pub c1: bool,
    /// A sequence whose last byte was lost (replaced by U+FFFD on the way):
    /// the character it stood for is U+FFFD.
    pub lost: bool,
    /// Legacy text shown in another codepage: the encoding its bytes were
    /// in (the one layer is the codepage they were shown in).
    pub saved: Option<&'static encoding_rs::Encoding>,
}

/// Codepages reversed, outermost layer first: at most [`MAX_LAYERS`], kept
/// inline (a repair of dense mojibake allocates only its text).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct Layers {
    cps: [Codepage; MAX_LAYERS],
    n: u8,
}

impl Layers {
    /// `cps`, at most [`MAX_LAYERS`] of them.
    pub(crate) fn new(cps: &[Codepage]) -> Layers {
        let mut l = Layers {
            cps: [Codepage::Windows1252; MAX_LAYERS],
            n: cps.len() as u8,
        };
        l.cps[..cps.len()].copy_from_slice(cps);
        l
    }
}

impl std::ops::Deref for Layers {
    type Target = [Codepage];
    fn deref(&self) -> &[Codepage] {
        &self.cps[..usize::from(self.n)]
    }
}

impl std::ops::DerefMut for Layers {
    fn deref_mut(&mut self) -> &mut [Codepage] {
        &mut self.cps[..usize::from(self.n)]
    }
}

impl std::fmt::Debug for Layers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// `text` with `repairs` (in text order, not overlapping, inside it) made.
pub(crate) fn applied(text: &str, repairs: &[Repair]) -> String {
    let mut s = String::with_capacity(text.len());
    let mut last = 0;
    for r in repairs {
        s.push_str(&text[last..r.start]);
        s.push_str(&r.replacement);
        last = r.end;
    }
    s.push_str(&text[last..]);
    s
}

/// Tracing for tuning the engine: only in builds with
/// `RUSTFLAGS="--cfg mojifix_trace"`, and then only with `MOJIFIX_DEBUG`
/// set, candidates and hotspots go to stderr. Ordinary builds never print.
pub(crate) fn debug() -> bool {
    #[cfg(mojifix_trace)]
    {
        static D: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
        *D.get_or_init(|| std::env::var_os("MOJIFIX_DEBUG").is_some())
    }
    #[cfg(not(mojifix_trace))]
    {
        false
    }
}

/// A judged run.
struct Candidate {
    /// Char indices.
    i0: usize,
    i1: usize,
    /// The repaired text, in the line's [`Arena`].
    replacement: std::ops::Range<usize>,
    /// Codepages reversed, outermost first, in the line's [`Arena`].
    layers: std::ops::Range<usize>,
    /// The outermost of them.
    first: Codepage,
    lossy: u32,
    /// Characters in the first layer's repair: one for a lone sequence.
    seqs: u32,
    /// Whether the garbled run is letters only (`Еј`, `ĹŽ`), with nothing
    /// of mojibake's usual symbols in it (`Ã©`, `Â°`).
    letters_only: bool,
    /// How much more plausible the repair is than the run, in nats.
    gain: f32,
    /// The codepages that read the run this way (bit = index).
    cps: u32,
    /// The same garbled run was repaired earlier in the document.
    known: bool,
    /// The repair is a single letter.
    fix_letter: bool,
    /// The part of `gain` that comes from the line's script alone.
    script_gain: f32,
    /// Letters in, letters of the same case out: nothing but statistics
    /// tells such a repair from clean text (`ĹŽ` for `Ů`).
    same_shape: bool,
    /// Odd case changes the repair brings into its word.
    odd_added: u32,
    /// Odd case changes the repair takes away (`voilÃ` is `voilà`).
    odd_removed: u32,
    /// A lost NBSP read in a script other than the line's repairs.
    misfit: bool,
    /// A lone sequence glued to a clean letter of its word (see
    /// `find_in_line_with`).
    glued_clean: bool,
    /// The reading has a letter no language's alphabet has (`ſ`, `Ʌ`), or
    /// is no letter but a mark, digit or sign of a script from Greek to
    /// N'Ko (`׀`, `۱`), which text writes among that script's letters.
    alien: bool,
    /// The run starts with a letter that goes on the word before it and
    /// reads as no letter, nor as a Latin-1 symbol: it takes a letter from
    /// a word (`ZGODZIĆ—` read through windows-1257 as `ZGODZI×`).
    takes_letter: bool,
    /// A lone sequence whose first character the line writes elsewhere,
    /// clean: it does not prove the line on its own.
    twin_clean: bool,
    /// The reading's letters are of a script neither Latin nor the line's.
    third_script: bool,
    /// A lone sequence nearer to clean letters than to the repairs that
    /// proved its line: judged as on a line not proven.
    far_from_proof: bool,
    /// The reading is one letter of a script foreign to the line, standing
    /// apart from any letter: a lone `×”` among Japanese words is `×”`,
    /// not Hebrew `ה`.
    foreign_alone: bool,
    /// The garbled run has no Latin letter (symbols, Greek) and stands
    /// apart from any letter, not between two words (`= √π`, `∆°`): as
    /// likely meant as it is.
    symbols_apart: bool,
    /// A run of symbols glued on both sides to other symbols beyond ASCII
    /// that it does not take in: one of a list of symbols.
    symbols_between: bool,
    /// The reading cannot be what was meant, whatever the evidence (see
    /// [`unreadable`]).
    unreadable: bool,
    /// The run is `ï¿½`, U+FFFD garbled through windows-1252: the mark of
    /// a byte lost before, garbled after (never meant as it is).
    replacement_char: bool,
}

/// Finds the repairs to make in `text` (valid UTF-8), in text order.
pub(crate) fn find(text: &str) -> Vec<Repair> {
    find_with(text, &Seen::default())
}

/// [`find`], with what the document has shown so far.
pub(crate) fn find_with(text: &str, seen: &Seen) -> Vec<Repair> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        if !line.is_ascii() {
            find_in_line(line, line_start, seen, &mut out);
        }
        line_start += line.len();
    }
    out
}

/// What the judge knows about a line.
struct Line<'a> {
    text: &'a str,
    chars: &'a [(usize, char)],
    /// The script the line's letters outside any run are written in.
    script: Option<u8>,
    /// Whether those letters are all capitals (a heading, a shout).
    capitals: bool,
    /// Per character: [`ALPHA`], [`UPPER`], [`LOWER`].
    flags: &'a [u8],
}

impl Line<'_> {
    fn byte(&self, i: usize) -> usize {
        self.chars.get(i).map_or(self.text.len(), |&(o, _)| o)
    }

    fn slice(&self, i0: usize, i1: usize) -> &str {
        &self.text[self.byte(i0)..self.byte(i1)]
    }
}

/// Where a line's candidates keep their repaired text and layers.
#[derive(Default)]
struct Arena {
    text: String,
    layers: Vec<Codepage>,
}

/// Buffers [`find_in_line`] reuses from line to line, one set per thread:
/// judging a line allocates only the candidates it makes.
#[derive(Default)]
struct Scratch {
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
    judged: Judged,
    good: Good,
    bytes: Vec<u8>,
    readings: Readings,
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

fn find_in_line(text: &str, base: usize, seen_runs: &Seen, out: &mut Vec<Repair>) {
    let mut scratch = SCRATCH.with(std::cell::Cell::take);
    if !garbled_through(text, base, out, &mut scratch.bytes) {
        find_in_line_with(text, base, seen_runs, out, &mut scratch);
    }
    SCRATCH.with(|c| c.set(scratch));
}

const FAR_RATIO: usize = 2;

fn find_in_line_with(
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
        judged,
        good,
        bytes,
        readings,
        order,
        chosen,
        arena,
        orphans,
        orphan_at,
    } = sc;
    arena.text.clear();
    arena.layers.clear();
    chars.clear();
    chars.extend(text.char_indices());
    // One pass for what every character needs looking up.
    let t = tables();
    flags.clear();
    rows.clear();
    wide.clear();
    let mut cjk = false;
    for (i, &(_, c)) in chars.iter().enumerate() {
        flags.push(flags_of(c));
        if c.is_ascii() {
            rows.push(None);
        } else {
            let row = t.row(c);
            if row.is_some() {
                wide.push(i);
            }
            rows.push(row);
            cjk |= is_cjk_like(c);
        }
    }
    runs.clear();
    single_byte_runs(chars, rows, wide, runs);
    if cjk {
        for cp in [Codepage::Gbk, Codepage::ShiftJis, Codepage::EucKr] {
            multibyte_runs(chars, cp, runs);
        }
    }
    let covered = marks;
    covered.clear();
    covered.resize(chars.len(), false);
    // Per character, the codepages whose runs take it in.
    let cover = &mut *stamps;
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
    // The letters outside every single-byte run: their script, and whether
    // they are all capitals.
    let (mut upper, mut cased) = (0, 0);
    let mut scripts = Scripts::default();
    for (i, &f) in flags.iter().enumerate() {
        if f & ALPHA == 0 || covered[i] {
            continue;
        }
        if f & (UPPER | LOWER) != 0 {
            cased += 1;
            upper += usize::from(f & UPPER != 0);
        }
        scripts.add(script(chars[i].1));
    }
    let script = scripts.dominant();
    let capitals = cased >= 4 && upper == cased;
    let line = Line {
        text,
        chars,
        script,
        capitals,
        flags,
    };
    // Judge each distinct reading once: codepages that read a run the same
    // way share its candidate (the most common codepage first).
    // (No two runs share this key: one codepage's runs do not overlap.)
    runs.sort_unstable_by_key(|r| (r.parent.is_some(), r.i0, r.i1, r.cp));
    cands.clear();
    judged.clear();
    good.0.clear();
    let mut seen_range = (usize::MAX, usize::MAX);
    for run in runs.iter() {
        if let Some(parent) = run.parent {
            // The full run already reads well in this codepage: no need to
            // try it trimmed.
            if good.get(parent) & (1 << run.cp.index()) != 0 {
                continue;
            }
        }
        if seen_range != (run.i0, run.i1) {
            judged.clear();
            seen_range = (run.i0, run.i1);
        }
        let orig = line.slice(run.i0, run.i1);
        bytes.clear();
        if !run_bytes(run, orig, bytes) {
            continue;
        }
        match std::str::from_utf8(bytes) {
            Ok(first) => readings.peel(first, run.cp),
            Err(_) => match codec::decode_cesu(bytes) {
                Some(first) => readings.peel(&first, run.cp),
                None => continue,
            },
        }
        // Two codepages read the run the same way when every layer reads
        // the same.
        if let Some(made) = judged.find(readings) {
            if let Some(ci) = made {
                cands[ci].cps |= 1 << run.cp.index();
                if run.parent.is_none() && run.lossy == 0 && cands[ci].gain > THRESHOLD {
                    good.add((run.i0, run.i1), run.cp);
                }
            }
            continue;
        }
        let made = judge(&line, run, readings, m, arena).map(|mut c| {
            c.known = seen_runs.knows(orig);
            cands.push(c);
            cands.len() - 1
        });
        // (A run read with a lost NBSP may owe its evidence to the part
        // after the space alone, `vodě… â€ś`: its trimmed runs are judged
        // too.)
        if let Some(ci) = made {
            if run.parent.is_none() && run.lossy == 0 && cands[ci].gain > THRESHOLD {
                good.add((run.i0, run.i1), run.cp);
            }
        }
        judged.push(readings, made);
    }

    // A lone sequence in a word with a letter beyond ASCII that no run of
    // its codepage takes in is part of a clean word: garbling would have
    // garbled the whole word (`ПОТУЖНОСТІ` is not `ПОТУЖНОСҲ`, `ТЮРЬМУ `
    // not `ТЮРЬМӠ`, even on a line with windows-1251 mojibake).
    let n = line.chars.len();
    // (A letter only a run that reads worse repaired takes in is clean:
    // `ΔΏ` in Greek capitals, which windows-1253 reads as `Ŀ`.)
    plausible.clear();
    plausible.resize(n, 0);
    for c in cands.iter().filter(|c| c.gain > 0.0) {
        plausible[c.i0..c.i1].iter_mut().for_each(|x| *x |= c.cps);
    }
    let mut orphans_built = false;
    for c in cands.iter_mut().filter(|c| c.seqs <= 1) {
        // (A lead with a continuation after it that no run takes in is a
        // sequence cut short, `â€?`, not a clean letter.)
        let cut_short = |i: usize| {
            let masks = |j: usize| {
                let ch = line.chars.get(j)?.1;
                Some(sb_masks(ch, rows[j]?))
            };
            let lead = masks(i).map_or(0, |m| m.0);
            let cont = masks(i + 1).map_or(0, |m| m.1);
            u32::from(lead & cont) & c.cps != 0
        };
        let clean_letter = |i: usize| {
            !line.chars[i].1.is_ascii()
                && line.flags[i] & ALPHA != 0
                && plausible[i] & c.cps == 0
                && !cut_short(i)
        };
        let letter = |i: &usize| line.flags[*i] & ALPHA != 0;
        let ends_space = line.chars[c.i1 - 1].1 == ' ';
        let after = if ends_space { c.i1..c.i1 } else { c.i1..n };
        // (One such letter right beside the run may be garbling that lost
        // a byte: `ÃÂ©` is `ÃƒÂ©` without its `ƒ`.)
        let beside = |i: &usize| *i + 1 == c.i0 || *i == c.i1;
        let mut clean = (0..c.i0)
            .rev()
            .take(32)
            .take_while(letter)
            .chain(after.take(32).take_while(letter))
            .filter(|&i| clean_letter(i));
        c.glued_clean = clean
            .next()
            .is_some_and(|i| !beside(&i) || clean.next().is_some());
        // The run's first character written elsewhere on the line outside
        // any run of its codepage: a letter the line uses clean
        // (`ASCULTĂ BĂILE „LASĂ”` is Romanian capitals, not `Ô`).
        // (Before ASCII or at the end: `â€�` is a sequence cut short.)
        if !orphans_built {
            orphans_built = true;
            orphans.clear();
            for (i, &(_, ch)) in line.chars.iter().enumerate() {
                // (Left out of every run that reads better repaired: a
                // run with a lost NBSP takes in each letter before a space,
                // `Ć ` read through windows-1257 as `à`.)
                if !ch.is_ascii() && line.chars.get(i + 1).is_none_or(|&(_, d)| d.is_ascii()) {
                    *orphans.entry(ch).or_default() |= !plausible[i];
                }
            }
        }
        // (The run's own first character is in a run of its codepages.
        // Only two-character runs: three characters in a row that make
        // one UTF-8 character, `â€“`, are no clean letter and punctuation,
        // even in Romanian, which writes `â`.)
        // (Nor a run with a C1 control in it, which clean text never has.)
        c.twin_clean = c.i1 - c.i0 == 2
            && !c_is_c1(line.chars[c.i0 + 1].1)
            && orphans
                .get(&line.chars[c.i0].1)
                .is_some_and(|&left_out| left_out & c.cps != 0);
    }
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
    // A line proven garbled in one part may be clean in another (a clean
    // sentence, then a garbled one): a lone sequence nearer to clean
    // letters than to the repairs that proved the line is judged as on a
    // line not proven (Jèrriais capitals `RTROVÈ”` are not `RTROVȔ`
    // because the sentence after them is garbled).
    if proven && !orphan_at.is_empty() {
        let mut proofs: Vec<(usize, usize)> =
            chosen.iter().map(|&i| (cands[i].i0, cands[i].i1)).collect();
        proofs.sort_unstable();
        let mut is_chosen = vec![false; cands.len()];
        chosen.iter().for_each(|&i| is_chosen[i] = true);
        let nearest = |sorted: &[usize], at: usize| {
            let k = sorted.partition_point(|&p| p < at);
            let after = sorted.get(k).map(|&p| p - at);
            let before = k.checked_sub(1).map(|k| at - sorted[k]);
            after.into_iter().chain(before).min().unwrap_or(usize::MAX)
        };
        for (ci, c) in cands.iter_mut().enumerate() {
            if c.seqs > 1 || is_chosen[ci] {
                continue;
            }
            let to_clean = nearest(orphan_at, c.i0).min(nearest(orphan_at, c.i1 - 1));
            let k = proofs.partition_point(|p| p.0 < c.i0);
            let after = proofs.get(k).map(|p| p.0.saturating_sub(c.i1 - 1));
            let before = k
                .checked_sub(1)
                .map(|k| c.i0.saturating_sub(proofs[k].1 - 1));
            let to_proof = after.into_iter().chain(before).min().unwrap_or(usize::MAX);
            c.far_from_proof = to_clean.saturating_mul(FAR_RATIO) < to_proof;
        }
    }
    let favoured = if proven {
        favoured_codepage(cands, n, order, stamps)
    } else {
        None
    };
    // A lost NBSP read on a proven line must read in the script of the
    // repairs that proved it (`ð”… ` is not U+14160 among Icelandic
    // repairs, nor `ν” ` Hangul `픠` among Greek ones).
    if proven {
        // (Repairs with no letters in them, `Â\u{a0}` for an NBSP, leave
        // the script of the line's other letters; so do the lost-NBSP
        // readings themselves, which would prove their own script:
        // `Nhè” â€œinter` is not `Nh蔠“inter`.)
        let script = dominant(
            chosen
                .iter()
                .filter(|&&i| cands[i].lossy == 0)
                .flat_map(|&i| arena.text[cands[i].replacement.clone()].chars()),
        )
        .or(line.script);
        // (The same for a lone letter of a foreign script standing apart:
        // `×”` among Portuguese repairs is not `ה`.)
        if let Some(ctx) = script {
            for c in cands
                .iter_mut()
                .filter(|c| c.lossy > 0 || (c.seqs <= 1 && c.foreign_alone))
            {
                c.misfit |= arena.text[c.replacement.clone()]
                    .chars()
                    .any(|ch| script_of(ch).is_some_and(|s| s != ctx));
            }
        }
    }
    select(cands, favoured, proven, n, order, covered, chosen);
    let taken = covered;
    taken.clear();
    taken.resize(n, false);
    let first = out.len();
    for &i in chosen.iter() {
        let c = &cands[i];
        taken[c.i0..c.i1].iter_mut().for_each(|t| *t = true);
        let mut layers = Layers::new(&arena.layers[c.layers.clone()]);
        if let Some(f) = favoured.filter(|f| c.cps & (1 << f.index()) != 0 && layers[0] != *f) {
            // Name the codepage the rest of the line was garbled with.
            let first = layers[0];
            for l in layers.iter_mut().filter(|l| **l == first) {
                *l = f;
            }
        }
        out.push(Repair {
            start: base + line.byte(c.i0),
            end: base + line.byte(c.i1),
            replacement: arena.text[c.replacement.clone()].to_string(),
            layers,
            lossy: c.lossy,
            c1: false,
            lost: false,
            saved: None,
        });
    }
    shallower_where_deeper_is_foreign(text, base, &mut out[first..]);
    // On a line proven garbled, a sequence cut short by a replacement
    // character lost its last byte on the way (`â€�` was `”`, `Ñ�` was
    // `с`): what it stood for cannot be known, it becomes one U+FFFD.
    if proven && text.contains('\u{FFFD}') {
        let cp = favoured.unwrap_or(Codepage::Windows1252);
        if cp.is_single_byte() {
            let k = cp.index();
            for i in 1..n {
                if line.chars[i].1 != '\u{FFFD}' || taken[i] {
                    continue;
                }
                if let Some(p) = cut_short_at(&line, i, k, taken) {
                    taken[p..=i].iter_mut().for_each(|t| *t = true);
                    out.push(Repair {
                        start: base + line.byte(p),
                        end: base + line.byte(i + 1),
                        replacement: "\u{FFFD}".to_string(),
                        layers: Layers::new(&[cp]),
                        lossy: 0,
                        c1: false,
                        lost: true,
                        saved: None,
                    });
                }
            }
        }
    }
    // Lone C1 controls: text read as ISO-8859-1 where it was windows-1252,
    // or mac_roman where that reads clearly better (`tur\u{92}stico` is
    // `turístico`, `don\u{92}t` is `don’t`).
    // (C1 controls are 0xC2 0x80..=0x9F in UTF-8.)
    let any_c1 = memchr::memchr_iter(0xC2, text.as_bytes())
        .any(|p| text.as_bytes().get(p + 1).is_some_and(|&b| b < 0xA0));
    let c1s: Vec<usize> = if any_c1 {
        (0..line.chars.len())
            .filter(|&i| c_is_c1(line.chars[i].1) && !taken[i])
            .collect()
    } else {
        Vec::new()
    };
    if !c1s.is_empty() {
        let cp = c1_codepage(&line, &c1s, m);
        let k = cp.index();
        for i in c1s {
            let (o, c) = line.chars[i];
            let d = tables().decode[k][c as usize - 0x80];
            if !c_is_c1(d) && d != '\u{FFFD}' {
                out.push(Repair {
                    start: base + o,
                    end: base + o + c.len_utf8(),
                    replacement: d.to_string(),
                    layers: Layers::new(&[cp]),
                    lossy: 0,
                    c1: true,
                    lost: false,
                    saved: None,
                });
            }
        }
    }
    out[first..].sort_unstable_by_key(|r| r.start);
}

/// A deeper layer's reading with a letter outside the language of the rest
/// of the repaired line, where the reading one layer up has letters of
/// that language, is given back its last layer: `LEFELÃ‰â€¦` among
/// Hungarian capitals is `LEFELÉ…`, not a second layer's `LEFELɅ`;
/// `STÃ…â€¦` beside Danish `ÆNDRING` is `STÅ…`, not `STŅ`. (The language:
/// the alphabets that hold the most of the line's other letters.) Only
/// for a letter and punctuation one layer up, as text ends a word; or for
/// symbols one layer up and below a letter of a script the rest of the
/// line has none of (`×”` among Korean words is not Hebrew `ה`).
fn shallower_where_deeper_is_foreign(text: &str, base: usize, repairs: &mut [Repair]) {
    let deep = |r: &Repair| {
        r.layers.len() > 1 && r.lossy == 0 && r.layers[r.layers.len() - 1].is_single_byte()
    };
    if !repairs.iter().any(deep) {
        return;
    }
    let mut order: Vec<usize> = (0..repairs.len()).collect();
    order.sort_unstable_by_key(|&i| repairs[i].start);
    // The line as repaired, without repair `i`'s run.
    let rest = |repairs: &[Repair], i: usize| {
        let mut s = String::with_capacity(text.len());
        let mut last = 0;
        for &j in &order {
            let r = &repairs[j];
            s.push_str(&text[last..r.start - base]);
            s.push_str(if j == i { " " } else { &r.replacement });
            last = r.end - base;
        }
        s.push_str(&text[last..]);
        s
    };
    let has_letter = |s: &str| s.chars().any(|c| !c.is_ascii() && is_letter(c));
    let t = tables();
    for i in 0..repairs.len() {
        if !deep(&repairs[i]) {
            continue;
        }
        let r = &repairs[i];
        let k = r.layers[r.layers.len() - 1].index();
        let shallower: String = r
            .replacement
            .bytes()
            .map(|b| {
                if b < 0x80 {
                    char::from(b)
                } else {
                    t.decode[k][usize::from(b - 0x80)]
                }
            })
            .collect();
        // (Letters and what text ends a word with beyond Latin-1: `É…`,
        // `Ð”`. Not `Ã§` or `Ä‡`, a symbol beside a letter, which is what
        // garbling writes.)
        let punct = |c: char| matches!(c, '…' | '”' | '’');
        if shallower.contains('\u{FFFD}') {
            continue;
        }
        let context = rest(repairs, i);
        // Symbols one layer up, a letter of a script the rest of the line
        // has none of below (`×”` among Korean words is not Hebrew `ה`).
        let foreign_letter = || {
            !has_letter(&shallower)
                && dominant(r.replacement.chars())
                    .is_some_and(|own| !context.chars().any(|c| script_of(c) == Some(own)))
        };
        // A letter and a word's closing punctuation one layer up, in the
        // language of the rest of the line, and below a letter outside it.
        let foreign_language = || {
            has_letter(&shallower)
                && shallower.chars().any(punct)
                && shallower.chars().all(|c| punct(c) || is_letter(c))
                && !model::best_alphabets_hold(&context, &r.replacement)
                && model::best_alphabets_hold(&context, &shallower)
        };
        if foreign_letter() || foreign_language() {
            let r = &mut repairs[i];
            r.replacement = shallower;
            let n = r.layers.len();
            r.layers = Layers::new(&r.layers[..n - 1]);
        }
    }
}

/// Where the sequence ends that the replacement character at `i` cut
/// short in codepage `k`: the characters before it (none taken) are a UTF-8
/// lead and continuations that want exactly one more byte.
fn cut_short_at(line: &Line, i: usize, k: usize, taken: &[bool]) -> Option<usize> {
    let t = tables();
    let byte = |j: usize| t.row(line.chars[j].1).map(|r| r[k]).filter(|&b| b != 0);
    (i.saturating_sub(3)..i).find(|&p| {
        let Some(lead) = byte(p).filter(|b| (0xC2..=0xF4).contains(b)) else {
            return false;
        };
        if utf8_len(lead) != i - p + 1 || taken[p..i].contains(&true) {
            return false;
        }
        let mut bytes = vec![lead];
        for j in p + 1..i {
            match byte(j) {
                Some(b) if (0x80..=0xBF).contains(&b) => bytes.push(b),
                _ => return false,
            }
        }
        // A valid start of a character, one byte short.
        std::str::from_utf8(&bytes).is_err_and(|e| e.error_len().is_none())
    })
}

/// The codepage a line's lone C1 controls stood for: windows-1252, unless
/// mac_roman reads them as letters inside words clearly more plausibly.
fn c1_codepage(line: &Line, c1s: &[usize], m: &Model) -> Codepage {
    let t = tables();
    let (w, mac) = (Codepage::Windows1252.index(), Codepage::MacRoman.index());
    let mut gain = 0.0;
    let mut buf = [0u8; 4];
    for &i in c1s {
        let b = line.chars[i].1 as usize - 0x80;
        let (d, r) = (t.decode[w][b], t.decode[mac][b]);
        let inside = i > 0
            && line.flags[i - 1] & ALPHA != 0
            && line.flags.get(i + 1).is_some_and(|&f| f & ALPHA != 0);
        if !inside || flags_of(r) & ALPHA == 0 {
            continue;
        }
        let cost = |c: char, buf: &mut [u8; 4]| {
            let s: &str = c.encode_utf8(buf);
            context_cost(line, m, i, i + 1, s).0
        };
        // An undefined windows-1252 byte stays a control: any letter beats it.
        let cd = if c_is_c1(d) || d == '\u{FFFD}' {
            f32::INFINITY
        } else {
            cost(d, &mut buf)
        };
        gain += cd.min(1e6) - cost(r, &mut buf);
    }
    if gain > THRESHOLD {
        Codepage::MacRoman
    } else {
        Codepage::Windows1252
    }
}

/// Full runs that read well, by range: the codepages (bits) they read well
/// in. Full runs are judged in order of range, so a sorted list is built
/// by pushing.
#[derive(Default)]
struct Good(Vec<((usize, usize), u32)>);

impl Good {
    fn get(&self, range: (usize, usize)) -> u32 {
        self.0
            .binary_search_by_key(&range, |e| e.0)
            .map_or(0, |i| self.0[i].1)
    }

    fn add(&mut self, range: (usize, usize), cp: Codepage) {
        match self.0.last_mut() {
            Some(e) if e.0 == range => e.1 |= 1 << cp.index(),
            _ => {
                debug_assert!(self.0.last().is_none_or(|e| e.0 < range));
                self.0.push((range, 1 << cp.index()));
            }
        }
    }
}

/// The evidence a candidate needs: more for a lone sequence or a lost
/// byte, less on a line already proven garbled.
fn bar(c: &Candidate, proven: bool) -> f32 {
    let mut need = THRESHOLD;
    // A lone sequence: more evidence when the run is all letters (`Еј` for
    // `ż`) or reads as a letter (`Ę”` for `Ɣ`, `á´´` for `ᴴ`); one that
    // reads as a symbol (`Â¹`, `Â\u{a0}`) needs none.
    if c.seqs <= 1 && !proven && (c.letters_only || c.fix_letter) {
        need += SINGLE_EXTRA;
    }
    if c.seqs <= 1 && (c.same_shape || c.takes_letter) && !proven {
        need += SINGLE_EXTRA;
    }
    // A lone sequence read as a letter hardly anyone writes (`Ô•` is not
    // `ԕ`): not on its own evidence. (On a line proven garbled it may be:
    // the alphabets are thin, and Bulgarian `ѝ` is in none of them.)
    if c.seqs <= 1 && c.alien && !proven {
        return f32::INFINITY;
    }
    // A lone run garbled only in a codepage rarer than windows-1252:
    if c.seqs <= 1 && c.cps & 1 << Codepage::Windows1252.index() == 0 && !proven {
        // of symbols glued to other symbols it does not take in, which
        // garbled text would have garbled too: a chart of symbols (`«¬®¯`
        // is not mac_roman's `«¨¯`);
        if c.symbols_between {
            return f32::INFINITY;
        }
        // without Latin letters, standing apart (mac_roman `√π` for `ù`,
        // `∆°` for `ơ`): as likely meant as it is.
        if c.symbols_apart {
            need += SINGLE_EXTRA;
        }
    }
    if !c.first.is_single_byte() && !proven {
        // A lone multi-byte sequence (`襍｢` for `赢`) only on a line others
        // proved garbled.
        if c.seqs < 2 {
            return f32::INFINITY;
        }
        need += MULTIBYTE_EXTRA;
    }
    // Repairs take odd case changes away (`cafÃ©`); one that brings one
    // (`AHÅ™` read as `AHř`) needs a line that shows other damage.
    if !proven {
        need += ODD_CASE_EXTRA * c.odd_added as f32;
    }
    // A lost NBSP is evidence the line must give; a word whose odd case
    // the repair takes away gives it (`voilÃ  le`, where `IRMÃ DE` keeps
    // its capital).
    if !proven && c.lossy > 0 {
        need -= ODD_CASE_EXTRA * c.odd_removed.min(c.lossy) as f32;
    }
    if c.lossy > 0 {
        need += c.lossy as f32
            * if proven {
                LOSSY_PENALTY
            } else {
                LOSSY_PENALTY_UNPROVEN
            };
    }
    need
}

/// Whether a candidate has the evidence it needs.
fn passes(c: &Candidate, proven: bool, relief: f32) -> bool {
    if c.misfit || c.unreadable || c.glued_clean {
        return false;
    }
    let (proven, relief) = if c.far_from_proof {
        (false, 0.0)
    } else {
        (proven, relief)
    };
    if c.replacement_char {
        return true;
    }
    // A letter of a foreign script standing alone, and a lone two-character
    // run whose first character the line writes clean elsewhere, need the
    // line's own proof: the document's memory does not carry them to other
    // lines.
    if c.seqs <= 1 && (c.foreign_alone || c.twin_clean) && !proven {
        return false;
    }
    // A short multi-byte run read as letters of a third script, neither
    // Latin nor the line's (`慢慢` among Chinese words read through EUC-KR
    // as Arabic `طط`): not on its own evidence.
    if !c.first.is_single_byte() && c.seqs <= 2 && c.third_script && !proven {
        return false;
    }
    // A run the document already proved garbled: as on a proven line, with
    // the relief of the codepage that garbled it; but one that gives its
    // word odd case (`PAMÄŤ` in Slovak capitals read as `PAMč`) still
    // needs its own line's proof for that.
    let odd_on_memory = if !proven && c.known {
        ODD_CASE_EXTRA * c.odd_added as f32
    } else {
        0.0
    };
    let proven = proven || c.known;
    let relief = if c.known { FAVOURED_RELIEF } else { relief } - odd_on_memory;
    // A lost byte on a line not proven garbled must be explained by the
    // characters themselves, not by the script around them.
    let gain = if c.lossy > 0 && !proven {
        c.gain - c.script_gain
    } else {
        c.gain
    };
    gain + relief > bar(c, proven)
}

/// Whether two lone multi-byte sequences or more, each far more
/// plausible repaired, agree on their codepage (`隨ｬ19譚｡` is `第19条`
/// in Shift_JIS): one alone proves nothing, two prove the line.
fn lone_multibyte_agree(cands: &[Candidate]) -> bool {
    let strong = THRESHOLD + MULTIBYTE_EXTRA + SINGLE_EXTRA;
    codec::CJK.iter().any(|cp| {
        cands
            .iter()
            .filter(|c| {
                c.seqs < 2 && c.lossy == 0 && c.cps & 1 << cp.index() != 0 && c.gain > strong
            })
            .take(2)
            .count()
            == 2
    })
}

/// The codepage that explains most of the line: the one whose own best
/// set of non-overlapping repairs adds up to the most evidence.
fn favoured_codepage(
    cands: &[Candidate],
    n: usize,
    order: &mut Vec<usize>,
    used: &mut Vec<u32>,
) -> Option<Codepage> {
    order.clear();
    order.extend((0..cands.len()).filter(|&i| passes(&cands[i], true, 0.0)));
    // Ties broken down to the index: the order is total, as stable as a
    // stable sort.
    order.sort_unstable_by(|&a, &b| {
        cands[b]
            .gain
            .total_cmp(&cands[a].gain)
            .then(cands[a].i0.cmp(&cands[b].i0))
            .then(a.cmp(&b))
    });
    let all = order.iter().fold(0u32, |m, &i| m | cands[i].cps);
    let mut best: Option<(f32, Codepage)> = None;
    // Characters taken, marked with the codepage's stamp.
    used.clear();
    used.resize(n, 0);
    for cp in Codepage::ALL
        .iter()
        .copied()
        .filter(|cp| all & (1 << cp.index()) != 0)
    {
        let stamp = cp.index() as u32 + 1;
        let mut total = 0.0;
        for &i in order
            .iter()
            .filter(|&&i| cands[i].cps & (1 << cp.index()) != 0)
        {
            let c = &cands[i];
            if !used[c.i0..c.i1].contains(&stamp) {
                used[c.i0..c.i1].iter_mut().for_each(|u| *u = stamp);
                total += c.gain;
            }
        }
        if total > 0.0 && best.is_none_or(|b| total > b.0) {
            best = Some((total, cp));
        }
    }
    best.map(|b| b.1)
}

/// Picks the candidates to apply: those with enough evidence, the most
/// plausible first (the line's favoured codepage ahead), no overlaps.
fn select(
    cands: &[Candidate],
    favoured: Option<Codepage>,
    proven: bool,
    n: usize,
    order: &mut Vec<usize>,
    used: &mut Vec<bool>,
    chosen: &mut Vec<usize>,
) {
    let is_favoured = |c: &Candidate| favoured.is_some_and(|f| c.cps & (1 << f.index()) != 0);
    // On a line proven garbled, the codepage it was garbled with needs less.
    let relief = |c: &Candidate| if is_favoured(c) { FAVOURED_RELIEF } else { 0.0 };
    let rank = |c: &Candidate| c.gain + if is_favoured(c) { FAVOURED_BONUS } else { 0.0 };
    order.clear();
    order.extend((0..cands.len()).filter(|&i| passes(&cands[i], proven, relief(&cands[i]))));
    order.sort_unstable_by(|&a, &b| {
        rank(&cands[b])
            .total_cmp(&rank(&cands[a]))
            .then(cands[a].i0.cmp(&cands[b].i0))
            .then(a.cmp(&b))
    });
    used.clear();
    used.resize(n, false);
    chosen.clear();
    for &i in order.iter() {
        let c = &cands[i];
        if used[c.i0..c.i1].contains(&true) {
            continue;
        }
        used[c.i0..c.i1].iter_mut().for_each(|u| *u = true);
        chosen.push(i);
    }
}

/// How implausible `s` is in place of the run: the model's cost between
/// its neighbours, plus the word's odd case changes and a change of script
/// away from the line's.
fn context_cost(line: &Line, m: &Model, i0: usize, i1: usize, s: &str) -> (f32, f32) {
    let (cost, script_cost, _) = context_cost_odd(line, m, i0, i1, s);
    (cost, script_cost)
}

/// [`context_cost`], with the odd case changes of the word.
fn context_cost_odd(line: &Line, m: &Model, i0: usize, i1: usize, s: &str) -> (f32, f32, u32) {
    let prev = i0.checked_sub(1).map(|i| line.chars[i].1);
    let next = line.chars.get(i1).map(|&(_, c)| c);
    let mut cost = m.cost_between(prev, s, next);
    // The word around the run: letters touching it on either side.
    let is_alpha = |i: &usize| line.flags[*i] & ALPHA != 0;
    let before = (0..i0)
        .rev()
        .take(WORD_CONTEXT)
        .take_while(is_alpha)
        .count();
    let after = (i1..line.chars.len())
        .take(WORD_CONTEXT)
        .take_while(is_alpha)
        .count();
    let word = line.flags[i0 - before..i0]
        .iter()
        .map(|&f| case_of(f))
        .chain(s.chars().map(|c| case_of(flags_of(c))))
        .chain(line.flags[i1..i1 + after].iter().map(|&f| case_of(f)));
    let odd = case_oddities(word);
    cost += CASE_PENALTY * odd as f32;
    if line.capitals {
        cost += CASE_PENALTY * s.chars().filter(|&c| flags_of(c) & LOWER != 0).count() as f32;
    }
    let mut script_cost = 0.0;
    if let (Some(ctx), Some(own)) = (line.script, dominant(s.chars())) {
        if own != ctx {
            script_cost = SCRIPT_PENALTY;
        }
    }
    (cost + script_cost, script_cost, odd)
}

/// Judges one run: reverses it, peels further layers while each one is
/// itself clearly mojibake, and makes a candidate of the most plausible
/// reading with how much it gains over the run as it stands.
fn judge(
    line: &Line,
    run: &Run,
    readings: &Readings,
    m: &Model,
    arena: &mut Arena,
) -> Option<Candidate> {
    let orig = line.slice(run.i0, run.i1);
    let first = readings.stage(0);
    if first.is_ascii() {
        return None;
    }
    let seqs = first.chars().filter(|c| !c.is_ascii()).count() as u32;
    if !run.cp.is_single_byte() && seqs < 1 {
        return None;
    }
    let (base, base_script, base_odd) = context_cost_odd(line, m, run.i0, run.i1, orig);
    // A lost NBSP at the end of a run right before a word was either
    // merged with a space that followed it (`Ã la carte` for `à la
    // carte`), or it stood inside a word (`Å vedijos` for `Švedijos`, `Ã s`
    // for Portuguese `às`). A lone letter left standing (not an elided
    // `l’`) belongs to the run; otherwise the model decides, with the
    // space given back what its extra character costs.
    let next = line.chars.get(run.i1).map(|&(_, c)| c);
    let merged_space = orig.ends_with(' ')
        && next.is_some_and(char::is_alphanumeric)
        && !lone_letter_at(line, run.i1);
    let starts_word = run.i0 == 0 || line.flags[run.i0 - 1] & ALPHA == 0;
    // (cost, stage, space kept after it, script cost, odd case changes)
    let mut best: Option<(f32, usize, bool, f32, u32)> = None;
    let mut spaced = String::new();
    for k in 0..readings.len() {
        let s = readings.stage(k);
        if !acceptable(s) {
            continue;
        }
        let (mut cost, mut script_cost, mut odd) = context_cost_odd(line, m, run.i0, run.i1, s);
        let mut space = false;
        if merged_space {
            spaced.clear();
            spaced.push_str(s);
            spaced.push(' ');
            let kept = context_cost_odd(line, m, run.i0, run.i1, &spaced);
            // Only where the run starts a word: a word of its own (`à`)
            // wants its space back; the end of a longer word (`bàsicament`)
            // does not.
            let bias = if starts_word { SPACE_BIAS } else { 0.0 };
            if kept.0 < cost + bias {
                (cost, script_cost, odd) = kept;
                space = true;
            }
        }
        // A deeper layer must beat the shallower reading clearly; more
        // clearly where it turns symbols into a letter of a script foreign
        // to the line (`×”` in Tagalog is not Hebrew `ה`).
        let margin = match best {
            None => 0.0,
            Some(b) => {
                let foreign = line
                    .script
                    .is_some_and(|ctx| s.chars().any(|c| script_of(c).is_some_and(|sc| sc != ctx)))
                    && !readings
                        .stage(b.1)
                        .chars()
                        .any(|c| flags_of(c) & ALPHA != 0);
                // And where it gives the word odd case the shallower
                // reading did not (`ŽIVÉ”` read once more as `ŽIVɔ`).
                let odder = odd.saturating_sub(b.4) as f32;
                LAYER_MARGIN + if foreign { SCRIPT_PENALTY } else { 0.0 } + ODD_CASE_EXTRA * odder
            }
        };
        if best.is_none_or(|b| cost + margin < b.0) {
            best = Some((cost, k, space, script_cost, odd));
        }
    }
    let (cost, k, space, script_cost, odd) = best?;
    if run.lossy > 0 && !lossy_fits(line, run, readings.stage(k)) {
        return None;
    }
    let start = arena.text.len();
    arena.text.push_str(readings.stage(k));
    if space {
        arena.text.push(' ');
    }
    let replacement = start..arena.text.len();
    let s = &arena.text[replacement.clone()];
    let lstart = arena.layers.len();
    arena.layers.extend_from_slice(&readings.cps[..=k]);
    let layers = lstart..arena.layers.len();
    let fix_letter = s.trim_end().chars().count() == 1
        && s.chars().all(|c| c == ' ' || flags_of(c) & ALPHA != 0);
    // (A run that ends a word with a letter and an NBSP, as clean text
    // ends one, counts by its letter: `Ä\u{a0}` in `SELKÄ\u{a0}EDELLÄ` has
    // the shape of `Ġ`; `Å\u{a0}koda` starts a word and is `Škoda`.)
    let ends_word = !starts_word && orig.ends_with('\u{a0}');
    let orig_shape = if ends_word {
        shape(&orig.replace('\u{a0}', ""))
    } else {
        shape(orig)
    };
    let same_shape = orig_shape.is_some() && orig_shape == shape(s.trim_end());
    if debug() {
        eprintln!(
            "cand {orig:?} -> {s:?} {:?} lossy {} seqs {seqs} gain {}",
            &readings.cps[..=k],
            run.lossy,
            base - cost
        );
    }
    let reads_letter = s.chars().any(|c| flags_of(c) & ALPHA != 0);
    let beside_capital = (run.i0 > 0 && line.flags[run.i0 - 1] & UPPER != 0)
        || line.flags.get(run.i1).is_some_and(|&f| f & UPPER != 0);
    // No letter touches the run on either side.
    let apart = (run.i0 == 0 || line.flags[run.i0 - 1] & ALPHA == 0)
        && line.flags.get(run.i1).is_none_or(|&f| f & ALPHA == 0);
    Some(Candidate {
        i0: run.i0,
        i1: run.i1,
        replacement,
        layers,
        first: run.cp,
        lossy: run.lossy,
        seqs,
        letters_only: orig
            .chars()
            .all(|c| flags_of(c) & ALPHA != 0 && !('\u{2B0}'..='\u{2FF}').contains(&c)),
        gain: base - cost,
        cps: 1 << run.cp.index(),
        known: false,
        fix_letter,
        script_gain: base_script - script_cost,
        same_shape,
        // (On a line of capitals, a lowercase letter the reading glues to
        // a capital is odd even where its word alone would look
        // capitalized: `TΙ”` among Greek capitals is not `Tɔ`.)
        odd_added: odd
            .saturating_sub(base_odd)
            .max(if line.capitals && beside_capital {
                lowercase(s).saturating_sub(lowercase(orig))
            } else {
                0
            }),
        // (Only for a run that ends a word begun before it: `voilÃ ` is
        // `voilà`, while `Ã ` standing alone between words proves nothing.)
        odd_removed: if starts_word {
            0
        } else {
            base_odd.saturating_sub(odd)
        },
        misfit: false,
        glued_clean: false,
        takes_letter: run.i0 > 0
            && line.flags[run.i0 - 1] & ALPHA != 0
            && line.flags[run.i0] & ALPHA != 0
            && !reads_letter
            // (Not a Latin-1 symbol: `APIÂ¹` and `CompanyÂ®` are how
            // garbling glues `¹` and `®` to a word.)
            && !s.chars().all(|c| ('\u{A0}'..='\u{BF}').contains(&c)),
        alien: (s.chars().any(model::letter_of_no_alphabet)
            && !orig.chars().any(model::letter_of_no_alphabet))
            || (!reads_letter && s.chars().any(|c| ('\u{370}'..='\u{7FF}').contains(&c))),
        twin_clean: false,
        far_from_proof: false,
        // (Asked of multi-byte runs only, the one place it is used.)
        third_script: !run.cp.is_single_byte()
            && line
                .script
                .is_some_and(|ctx| dominant(s.chars()).is_some_and(|own| own != ctx && own != 1)),
        foreign_alone: {
            let mut cs = s.trim_end().chars();
            let one = cs.next().filter(|_| cs.next().is_none());
            apart
                && one.is_some_and(|c| {
                    // (Latin-1's `µ`, `ª`, `º` are at home anywhere.)
                    c > '\u{FF}'
                        && script_of(c).is_some_and(|sc| line.script.is_some_and(|ctx| sc != ctx))
                })
        },
        unreadable: unreadable(line, run, orig, s),
        replacement_char: s == "\u{FFFD}" && orig == "ï¿½",
        symbols_apart: orig.chars().all(|c| c != ' ' && script(c) != Some(1))
            && apart
            && !between_words(line, run.i0, run.i1),
        symbols_between: {
            let symbol = |i: Option<usize>| {
                i.and_then(|i| line.chars.get(i)).is_some_and(|&(_, c)| {
                    !c.is_ascii() && !c.is_whitespace() && flags_of(c) & ALPHA == 0
                })
            };
            orig.chars().all(|c| flags_of(c) & ALPHA == 0)
                && symbol(run.i0.checked_sub(1))
                && symbol(Some(run.i1))
        },
    })
}

/// Whether a reading that takes a space for a lost NBSP fits the line: it
/// starts with a character that stands on its own, keeps to one script,
/// and does not glue itself to a clean word that follows (`× אינטרנט` in
/// Hebrew is a sign and a word, not `נאינטרנט`: garbled Hebrew after a
/// lost NBSP would go on garbled, in characters of the run's codepage).
fn lossy_fits(line: &Line, run: &Run, reading: &str) -> bool {
    // It reads as something that stands on its own, not a mark (`à£ ` is
    // not U+08E0).
    if reading
        .chars()
        .next()
        .is_some_and(|c| !crate::nfc::trivial(c))
    {
        return false;
    }
    // Nor does it mix scripts (`ð”… Ãž` is not `𔅠Þ`: the run without its
    // first sequence is tried instead).
    if !one_script(reading) {
        return false;
    }
    let next = line.chars.get(run.i1).map(|&(_, c)| c);
    let glued = line.slice(run.i0, run.i1).ends_with(' ')
        && next.is_some_and(|c| {
            !c.is_ascii()
                && flags_of(c) & ALPHA != 0
                && run.cp.is_single_byte()
                && tables().row(c).is_none_or(|r| r[run.cp.index()] == 0)
        });
    !glued
}

/// Whether a reading of a run cannot be what was meant:
/// - it starts with a combining mark after a character that has marks of
///   its own (`ÂÃÄ` is not `Â` + U+0300 through mac_roman: in text written
///   decomposed, as macOS writes it, the mark's base has none), after a
///   letter it does not compose with, or at the start of the line;
/// - symbols read as letters of two scripts, or that no one alphabet holds
///   together (`√∞≈≠` is not mac_roman's `ðŭ`, `═║╔╗╚╝` not cp866's
///   `ͺɻȼ`);
/// - box drawing glued to more box drawing that the run does not take in:
///   a table (`┌─┬─┐` is not `┌─┬Ŀ`), where `M├╝nchen` is cp866's
///   `München` and `╨╕╨╝╨░` its `има`;
/// - a closing guillemet taken in, that closes one opened before on the
///   line.
fn unreadable(line: &Line, run: &Run, orig: &str, reading: &str) -> bool {
    use unicode_normalization::char::{canonical_combining_class, compose, decompose_canonical};
    if let Some(mark) = reading
        .chars()
        .next()
        .filter(|&c| canonical_combining_class(c) != 0)
    {
        let Some(&(_, before)) = run.i0.checked_sub(1).and_then(|i| line.chars.get(i)) else {
            return true;
        };
        let mut parts = 0;
        decompose_canonical(before, |_| parts += 1);
        if parts > 1 {
            return true;
        }
        // Decomposed text marks a letter with what makes a letter of it
        // (`e` + U+0301 is `é`): a mark that composes with none (`OSTATNĚ“`
        // is not `N` + U+0313) was never written so.
        if flags_of(before) & ALPHA != 0 && compose(before, mark).is_none() {
            return true;
        }
    }
    // A closing guillemet that closes one opened before on the line, clean
    // (after a space or ASCII, not inside a sequence): `«SÅ»` is not `«SŻ`
    // (Norwegian `SÅ` in quotes; garbled, both marks would be). Only one
    // that ends the run's letters, as it ends a quote (`«TORNERÀ»™`):
    // garbled Cyrillic writes `л` as `Ð»` anywhere (`Ð¼Ð°Ð»ÐµÐ½ÑŒÐºÐ¸Ðµ`).
    let ends_letters = orig
        .rsplit('»')
        .next()
        .is_some_and(|tail| !tail.chars().any(is_letter));
    if ends_letters && orig.contains('»') && !reading.contains('»') {
        let opened = (0..run.i0)
            .filter(|&i| line.chars[i].1 == '«' && (i == 0 || line.chars[i - 1].1.is_ascii()))
            .count();
        let closed = line.chars.iter().filter(|&&(_, d)| d == '»').count();
        if opened > 0 && opened == closed {
            return true;
        }
    }
    // The same for an opening guillemet taken in, that a clean one closes
    // later on the line (`«Ødelagt»` is not mac_roman's `ǯdelagt»`).
    if orig.starts_with('«') && !reading.contains('«') {
        let closed = line.chars[run.i1..]
            .iter()
            .filter(|&&(_, d)| d == '»')
            .count();
        let opened = line.chars.iter().filter(|&&(_, d)| d == '«').count();
        if closed > 0 && opened == closed {
            return true;
        }
    }
    let box_drawing = |c: char| ('\u{2500}'..='\u{259F}').contains(&c);
    let neighbour = |i: Option<usize>| i.and_then(|i| line.chars.get(i)).map(|&(_, c)| c);
    if orig.chars().all(box_drawing)
        && [neighbour(run.i0.checked_sub(1)), neighbour(Some(run.i1))]
            .into_iter()
            .flatten()
            .any(box_drawing)
    {
        return true;
    }
    if orig.chars().any(|c| flags_of(c) & ALPHA != 0) {
        return false;
    }
    if !one_script(reading) {
        return true;
    }
    reading
        .chars()
        .filter(|&c| flags_of(c) & ALPHA != 0)
        .count()
        >= 2
        && model::letters_outside_any_alphabet(reading) > 0
}

/// Whether the run `i0..i1` stands between two words: the nearest
/// characters other than spaces on either side are letters (`Ele √© bom`,
/// not `= √π`).
fn between_words(line: &Line, i0: usize, i1: usize) -> bool {
    let letter = |i: usize| line.flags[i] & ALPHA != 0;
    let before = (0..i0).rev().find(|&i| line.chars[i].1 != ' ');
    let after = (i1..line.chars.len()).find(|&i| line.chars[i].1 != ' ');
    before.is_some_and(letter) && after.is_some_and(letter)
}

/// The readings judged for one range of a line, kept in two buffers:
/// (text range, ends range, candidate).
#[derive(Default)]
struct Judged {
    text: String,
    ends: Vec<usize>,
    entries: Vec<(
        std::ops::Range<usize>,
        std::ops::Range<usize>,
        Option<usize>,
    )>,
}

impl Judged {
    fn clear(&mut self) {
        self.text.clear();
        self.ends.clear();
        self.entries.clear();
    }

    /// The candidate made of readings that read as `r` at every layer.
    fn find(&self, r: &Readings) -> Option<Option<usize>> {
        self.entries
            .iter()
            .find(|e| self.text[e.0.clone()] == r.text && self.ends[e.1.clone()] == r.ends[..])
            .map(|e| e.2)
    }

    fn push(&mut self, r: &Readings, made: Option<usize>) {
        let (t, e) = (self.text.len(), self.ends.len());
        self.text.push_str(&r.text);
        self.ends.extend_from_slice(&r.ends);
        self.entries
            .push((t..self.text.len(), e..self.ends.len(), made));
    }
}

/// Whether the character at `i` is a one-letter word: a letter, then the
/// end, a space or punctuation other than an apostrophe (`l’`, `s'` are
/// elided words joined to the next).
fn lone_letter_at(line: &Line, i: usize) -> bool {
    line.flags.get(i).is_some_and(|&f| f & ALPHA != 0)
        && line
            .chars
            .get(i + 1)
            .is_none_or(|&(_, c)| flags_of(c) & ALPHA == 0 && !matches!(c, '\'' | '’' | 'ʼ'))
}

/// A run's readings, one per layer peeled: stage `k` is the text after
/// reversing `cps[..=k]`.
#[derive(Default)]
struct Readings {
    text: String,
    /// End of each stage in `text`.
    ends: Vec<usize>,
    cps: Vec<Codepage>,
    /// Scratch for encoding.
    bytes: Vec<u8>,
}

impl Readings {
    fn len(&self) -> usize {
        self.ends.len()
    }

    fn stage(&self, k: usize) -> &str {
        let start = if k == 0 { 0 } else { self.ends[k - 1] };
        &self.text[start..self.ends[k]]
    }

    /// The readings of `first` (a run reversed through `cp`), peeling
    /// further layers while the text is itself mojibake through the same
    /// codepage or windows-1252.
    fn peel(&mut self, first: &str, cp: Codepage) {
        self.text.clear();
        self.ends.clear();
        self.cps.clear();
        self.text.push_str(first);
        self.ends.push(self.text.len());
        self.cps.push(cp);
        for _ in 1..MAX_LAYERS {
            let n = self.ends.len();
            let start = if n == 1 { 0 } else { self.ends[n - 2] };
            let cur = &self.text[start..self.ends[n - 1]];
            if cur.is_ascii() {
                break;
            }
            let mut next = None;
            for k in [cp, Codepage::Windows1252] {
                if !k.is_single_byte() {
                    continue;
                }
                self.bytes.clear();
                if codec::encode(k, cur, &mut self.bytes) {
                    if let Ok(s) = std::str::from_utf8(&self.bytes) {
                        if s != cur {
                            next = Some(k);
                            break;
                        }
                    }
                }
            }
            let Some(k) = next else { break };
            let s = std::str::from_utf8(&self.bytes).expect("checked above");
            self.text.push_str(s);
            self.ends.push(self.text.len());
            self.cps.push(k);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The scan's shortcuts (ASCII skipped a word at a time, quick tests
    /// before the full one) must find what testing every character finds.
    #[test]
    fn scan_finds_what_testing_each_character_finds() {
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/udhr/udhr-heldout.txt"),
        )
        .expect("corpus");
        let t = tables();
        let mut lines: Vec<String> = Vec::new();
        for line in text.lines().step_by(7) {
            lines.push(line.to_string());
            for cp in [
                Codepage::Windows1251,
                Codepage::Cp866,
                Codepage::Windows1253,
                Codepage::Gbk,
            ] {
                if let Some(g) = cp.garble(line) {
                    // Garbled whole, and one word of it garbled in clean text.
                    let cut = line.len() / 2;
                    let cut = (cut..=line.len())
                        .find(|&c| line.is_char_boundary(c))
                        .unwrap();
                    if let Some(part) = cp.garble(&line[cut..]) {
                        lines.push(format!("{}{part}", &line[..cut]));
                    }
                    lines.push(g);
                }
            }
        }
        assert!(lines.len() > 2000);
        use unicode_normalization::UnicodeNormalization;
        for (i, line) in lines.iter().enumerate() {
            // The survey's two answers, on the line and on its NFD.
            let nfd: String = line.nfd().collect();
            // And with the first two marks in a row out of canonical order.
            let mut swapped: Vec<char> = nfd.chars().collect();
            let ccc = unicode_normalization::char::canonical_combining_class;
            if let Some(k) = (1..swapped.len())
                .find(|&k| ccc(swapped[k - 1]) != 0 && ccc(swapped[k]) > ccc(swapped[k - 1]))
            {
                swapped.swap(k - 1, k);
            }
            let swapped: String = swapped.into_iter().collect();
            for l in [line, &nfd, &swapped] {
                let starts = l.char_indices().any(|(i, c)| {
                    starts_mojibake(t, l, l.as_bytes(), i, c, c.len_utf8(), char_info(c))
                });
                let want = Survey {
                    mojibake: starts || coherence::may_be_legacy(l),
                    nfc: unicode_normalization::is_nfc(l),
                    found: Found {
                        starts,
                        legacy: (!starts).then(|| coherence::may_be_legacy(l)),
                    },
                };
                assert_eq!(survey(l), want, "{i} {l:?}");
            }
        }
        for line in &lines {
            // Hotspots also hold NFC stretches: look at NFC text.
            let line = &line.nfc().collect::<String>();
            let want: Vec<usize> = line
                .char_indices()
                .filter(|&(i, c)| {
                    starts_mojibake(t, line, line.as_bytes(), i, c, c.len_utf8(), char_info(c))
                })
                .map(|(i, _)| i)
                .collect();
            let mut all = Vec::new();
            scan_with(line, Scan::All, Some(&mut all));
            assert_eq!(all, want, "{line:?}");
            // A line of legacy shape is a hotspot from its start.
            let mut want = want;
            if coherence::may_be_legacy(line) {
                want.insert(0, 0);
                want.dedup();
            }
            // The first start of the line, and perhaps a few after it.
            let hot = hotspots(line);
            assert_eq!(hot.first(), want.first(), "{line:?}");
            assert!(hot.iter().all(|h| want.contains(h)), "{line:?}");
            assert_eq!(scan(line), !want.is_empty(), "{line:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config {
            cases: 4000,
            rng_seed: proptest::test_runner::RngSeed::Fixed(20_261_206),
            failure_persistence: None,
            ..proptest::test_runner::Config::default()
        })]

        /// Typography and accented letters, which the scan passes a table
        /// lookup each where it can ([`plain_latin`]), beside the spaces,
        /// ASCII, C1 controls, marks and letters of other scripts that
        /// decide whether it can: every start and the survey are what
        /// testing each character gives.
        #[test]
        fn scan_of_typography_is_testing_each_character(
            s in "([a-z]{0,3}[ .,\n]?[\u{80}-\u{FF}\u{152}\u{153}\u{2013}\u{2014}\u{2018}-\u{201E}\u{2026}\u{20AC}\u{2192}\u{301}\u{410}-\u{44F}\u{3B1}\u{4E2D}]{0,2}){0,12}"
        ) {
            let t = tables();
            let want: Vec<usize> = s
                .char_indices()
                .filter(|&(i, c)| starts_mojibake(t, &s, s.as_bytes(), i, c, c.len_utf8(), char_info(c)))
                .map(|(i, _)| i)
                .collect();
            let mut all = Vec::new();
            let found = scan_with(&s, Scan::All, Some(&mut all));
            let nfc = unicode_normalization::is_nfc(&s);
            if nfc {
                proptest::prop_assert_eq!(&all, &want, "{:?}", s);
            }
            proptest::prop_assert_eq!(found.mojibake, !want.is_empty(), "{:?}", s);
            let legacy = (want.is_empty()).then(|| coherence::legacy_lines(&s).next().is_some());
            let both = Survey {
                mojibake: !want.is_empty() || legacy == Some(true),
                nfc,
                found: Found {
                    starts: !want.is_empty(),
                    legacy,
                },
            };
            proptest::prop_assert_eq!(survey(&s), both, "{:?}", s);
        }
    }

    #[test]
    fn non_ascii_finder() {
        assert_eq!(next_non_ascii(b""), None);
        assert_eq!(next_non_ascii(&[b'a'; 100]), None);
        for p in 0..70 {
            let mut v = vec![b'a'; 70];
            v[p] = 0xC3;
            assert_eq!(next_non_ascii(&v), Some(p));
        }
        // Every length up to 200, a high byte at every place, and a second
        // one after it: the first is found, as a plain search finds it.
        for len in 0..200 {
            for p in 0..=len {
                for q in [p + 1, p + 7, p + 9, p + 64] {
                    let mut v = vec![b'x'; len];
                    if p < len {
                        v[p] = 0x80 | (p as u8);
                    }
                    if q < len {
                        v[q] = 0xE2;
                    }
                    let want = v.iter().position(|&b| b >= 0x80);
                    assert_eq!(next_non_ascii(&v), want, "{len} {p} {q}");
                }
            }
        }
    }

    /// The chunks `plain_chunks` skips hold only ASCII and two-byte letters
    /// of the ranges it was given, every one of them a letter of the script
    /// that NFC leaves alone; it stops at the first chunk that holds
    /// anything else. Random strings over each script's letters in and out
    /// of its ranges, marks, other scripts, and longer characters.
    #[test]
    fn plain_chunks_skip_only_plain_letters() {
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let others = [
            'a',
            ' ',
            '.',
            '\n',
            '\u{AB}',
            '\u{2014}',
            '\u{301}',
            '\u{387}',
            '\u{1F00}',
            '\u{4E00}',
            '\u{1F600}',
            '\u{85}',
            '\u{E9}',
        ];
        for first in ['д', 'α', 'ש', 'ع', 'Ա'] {
            let script = char_info(first).expect("below U+3000").script;
            let ranges = plain_ranges(script);
            assert_eq!(ranges.len(), PLAIN_RANGES, "{first}");
            let letters: Vec<char> = (0x80..0x800u32)
                .filter_map(char::from_u32)
                .filter(|&c| char_info(c).is_some_and(|ci| ci.script == script))
                .collect();
            for &(lo, hi) in ranges {
                for u in lo..=hi {
                    assert_eq!(
                        walk_at(u as usize).unwrap() & !WALK_LEAD,
                        script | WALK_TRIVIAL,
                        "{first} U+{u:04X}"
                    );
                }
            }
            let known = |c: char| {
                c.is_ascii()
                    || (c.len_utf8() == 2
                        && ranges
                            .iter()
                            .any(|&(lo, hi)| (lo as u32..=hi as u32).contains(&(c as u32))))
            };
            // Letters glued to a Latin one are left to the walk.
            let glued = |s: &str, at: usize| {
                let (x, y) = (s.as_bytes()[at], s.as_bytes()[at + 1]);
                (x.is_ascii_alphabetic() && y >= 0x80) || (x >= 0x80 && y.is_ascii_alphabetic())
            };
            for round in 0..3000 {
                let len = (next() % 120) as usize;
                let odd = 1 + next() % 40;
                let s: String = (0..len)
                    .map(|_| {
                        if next() % odd == 0 {
                            others[(next() % others.len() as u64) as usize]
                        } else {
                            letters[(next() % letters.len() as u64) as usize]
                        }
                    })
                    .collect();
                let b = s.as_bytes();
                let mut want = 0;
                while want + PLAIN_CHUNK < b.len()
                    && s.char_indices()
                        .filter(|&(i, _)| (want..want + PLAIN_CHUNK).contains(&i))
                        .all(|(_, c)| known(c))
                    && (want..want + PLAIN_CHUNK).all(|k| !glued(&s, k))
                {
                    want += PLAIN_CHUNK;
                }
                assert_eq!(plain_chunks(b, 0, ranges), want, "{round} {s:?}");
            }
        }
    }
}
#[cfg(test)]
mod lines_tests {
    /// A line's mojibake is a hotspot even when the line before it has
    /// some too and the scan's step to it crossed the line feed.
    #[test]
    fn every_garbled_line_is_a_hotspot() {
        let t = "BangladeЕџ Halq Cumhuriyeti\nDepois que vocц╙ acostuma a usar Linux vocц╙:\n";
        assert_eq!(super::hotspots(t), vec![8, 44]);
    }
}
#[cfg(test)]
mod typography_tests {
    /// Clean typography settles in the scan: a sequence whose reading would
    /// strand a letter of another alphabet, or (read with a lost NBSP) a
    /// lone ideograph, in a Latin word starts nothing. A real start on the
    /// same line still counts.
    #[test]
    fn stranded_readings_start_nothing() {
        let first = |s: &str| super::scan_with(s, super::Scan::First, None).mojibake;
        for clean in [
            "café – fin.",
            "l’été “quoted”.",
            "d’èsos et l’été",
            "Straße: café – fin.",
            "Ich weiß, daß er kommt.",
        ] {
            assert!(!first(clean), "{clean:?}");
        }
        // (Not stranded: a Latin reading, a run of ideographs, an ideograph
        // read with no byte lost, a modifier letter written in Latin words.)
        for garbled in [
            "cafÃ© – fin.",
            "l’été cafÃ©",
            "Windowsç³»ç»Ÿ",
            "iPhoneç‰ˆ",
            "qo╩╗llaniladigan",
        ] {
            assert!(first(garbled), "{garbled:?}");
        }
    }
}
