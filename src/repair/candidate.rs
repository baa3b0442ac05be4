//! Judging one run: its readings (the run reversed through its codepage,
//! then peeled again while each reading is itself mojibake), each scored by
//! the plausibility model in the run's context, and the best of them made a
//! [`Candidate`] that records what the evidence bar will ask of it; and
//! judging all of a line's runs that way ([`judge_runs`]).
//!
//! Guarantees: a deeper layer is taken only when it reads clearly better
//! than the one above it (by [`LAYER_MARGIN`], more where it brings in a
//! foreign script or odd case); no reading has more than [`MAX_LAYERS`]
//! layers; no reading that text would never hold ([`acceptable`]) becomes a
//! candidate; the candidate's text and layers go to the line's [`Arena`];
//! each distinct reading of a range is judged once, and codepages that read
//! a run the same way share its candidate.

use super::*;

/// A judged run.
pub(super) struct Candidate {
    /// Char indices.
    pub(super) i0: usize,
    pub(super) i1: usize,
    /// The repaired text, in the line's [`Arena`].
    pub(super) replacement: std::ops::Range<usize>,
    /// Codepages reversed, outermost first, in the line's [`Arena`].
    pub(super) layers: std::ops::Range<usize>,
    /// The outermost of them.
    pub(super) first: Codepage,
    pub(super) lossy: u32,
    /// Characters in the first layer's repair: one for a lone sequence.
    pub(super) seqs: u32,
    /// Whether the garbled run is letters only (`Еј`, `ĹŽ`), with nothing
    /// of mojibake's usual symbols in it (`Ã©`, `Â°`).
    pub(super) letters_only: bool,
    /// How much more plausible the repair is than the run, in nats.
    pub(super) gain: f32,
    /// The codepages that read the run this way (bit = index).
    pub(super) cps: u32,
    /// The same garbled run was repaired earlier in the document.
    pub(super) known: bool,
    /// The repair is a single letter.
    pub(super) fix_letter: bool,
    /// The part of `gain` that comes from the line's script alone.
    pub(super) script_gain: f32,
    /// Letters in, letters of the same case out: nothing but statistics
    /// tells such a repair from clean text (`ĹŽ` for `Ů`).
    pub(super) same_shape: bool,
    /// Odd case changes the repair brings into its word.
    pub(super) odd_added: u32,
    /// Odd case changes the repair takes away (`voilÃ` is `voilà`).
    pub(super) odd_removed: u32,
    /// A lost NBSP read in a script other than the line's repairs.
    pub(super) misfit: bool,
    /// A lone sequence glued to a clean letter of its word (see
    /// [`mark_glued_and_twin_clean`]).
    pub(super) glued_clean: bool,
    /// The reading has a letter no language's alphabet has (`ſ`, `Ʌ`), or
    /// is no letter but a mark, digit or sign of a script from Greek to
    /// N'Ko (`׀`, `۱`), which text writes among that script's letters.
    pub(super) alien: bool,
    /// The run starts with a letter that goes on the word before it and
    /// reads as no letter, nor as a Latin-1 symbol: it takes a letter from
    /// a word (`ZGODZIĆ—` read through windows-1257 as `ZGODZI×`).
    pub(super) takes_letter: bool,
    /// A lone sequence whose first character the line writes elsewhere,
    /// clean: it does not prove the line on its own.
    pub(super) twin_clean: bool,
    /// The reading's letters are of a script neither Latin nor the line's.
    pub(super) third_script: bool,
    /// A lone sequence nearer to clean letters than to the repairs that
    /// proved its line: judged as on a line not proven.
    pub(super) far_from_proof: bool,
    /// The reading is one letter of a script foreign to the line, standing
    /// apart from any letter: a lone `×”` among Japanese words is `×”`,
    /// not Hebrew `ה`.
    pub(super) foreign_alone: bool,
    /// The garbled run has no Latin letter (symbols, Greek) and stands
    /// apart from any letter, not between two words (`= √π`, `∆°`): as
    /// likely meant as it is.
    pub(super) symbols_apart: bool,
    /// A run of symbols glued on both sides to other symbols beyond ASCII
    /// that it does not take in: one of a list of symbols.
    pub(super) symbols_between: bool,
    /// The reading cannot be what was meant, whatever the evidence (see
    /// [`unreadable`]).
    pub(super) unreadable: bool,
    /// The run is `ï¿½`, U+FFFD garbled through windows-1252: the mark of
    /// a byte lost before, garbled after (never meant as it is).
    pub(super) replacement_char: bool,
}

/// What [`judge_runs`] reuses from line to line: the bytes a run stands
/// for (also the fast path's scratch, see [`super::through`]), its
/// readings, the readings already judged for its range, and the full runs
/// that read well.
#[derive(Default)]
pub(super) struct Judging {
    pub(super) bytes: Vec<u8>,
    readings: Readings,
    judged: Judged,
    good: Good,
    /// The runs' indices in the order they are judged, and the scratch
    /// that orders them (see [`run_order`]).
    order: Vec<usize>,
    starts: Vec<usize>,
}

/// Judges the line's runs into `cands`: each distinct reading once, the
/// codepages that read a run the same way sharing its candidate; a trimmed
/// run only when its full run reads well in no codepage of its own.
pub(super) fn judge_runs(
    line: &Line,
    runs: &mut [Run],
    seen_runs: &Seen,
    m: &Model,
    cands: &mut Vec<Candidate>,
    arena: &mut Arena,
    judging: &mut Judging,
) {
    let Judging {
        judged,
        good,
        bytes,
        readings,
        order,
        starts,
    } = judging;
    // Judge each distinct reading once: codepages that read a run the same
    // way share its candidate (the most common codepage first).
    // (No two runs share this key: one codepage's runs do not overlap.)
    // (In the order of (trimmed, i0, i1, codepage), see `run_order`.)
    run_order(runs, line.chars.len(), order, starts);
    cands.clear();
    judged.clear();
    good.0.clear();
    let mut seen_range = (usize::MAX, usize::MAX);
    // (The cost of the run as it stands, by range: the same for every
    // codepage's reading of it.)
    let mut base = None;
    for run in order.iter().map(|&k| &runs[k]) {
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
        let made = judge(line, run, readings, m, arena, &mut base).map(|mut c| {
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
}

/// The indices of `runs` (over a line of `n` characters) in the order
/// they are judged, into `order`: full runs before trimmed ones, then by
/// start, end and codepage. (No two runs share that key. A garbled line
/// may have many runs, a few at each start: they are counted into buckets
/// by trimmed and start, each bucket ordered by end and codepage in place,
/// `starts` the buckets' scratch; a line of few runs has them sorted.)
fn run_order(runs: &mut [Run], n: usize, order: &mut Vec<usize>, starts: &mut Vec<usize>) {
    order.clear();
    // (Few runs for the line's length: sorted in place, as the buckets
    // would cost a pass over the line.)
    if runs.len() <= 32 || 4 * runs.len() < n {
        runs.sort_unstable_by_key(|r| (r.parent.is_some(), r.i0, r.i1, r.cp));
        order.extend(0..runs.len());
        return;
    }
    let bucket = |r: &Run| usize::from(r.parent.is_some()) * n + r.i0;
    starts.clear();
    starts.resize(2 * n + 1, 0);
    for r in runs.iter() {
        starts[bucket(r) + 1] += 1;
    }
    for k in 1..starts.len() {
        starts[k] += starts[k - 1];
    }
    order.resize(runs.len(), 0);
    for (k, r) in runs.iter().enumerate() {
        let b = bucket(r);
        order[starts[b]] = k;
        starts[b] += 1;
    }
    // (Each bucket now ends where the next one starts.)
    let key = |k: usize| (runs[k].i1, runs[k].cp);
    let mut from = 0;
    for &end in &starts[..2 * n] {
        for j in from + 1..end {
            let mut i = j;
            while i > from && key(order[i - 1]) > key(order[i]) {
                order.swap(i - 1, i);
                i -= 1;
            }
        }
        from = end;
    }
}

/// The cost of a run as it stands ([`context_cost_odd`]), with the range
/// it was weighed for.
type KeptBase = ((usize, usize), (f32, f32, u32));

/// Judges one run: reverses it, peels further layers while each one is
/// itself clearly mojibake, and makes a candidate of the most plausible
/// reading with how much it gains over the run as it stands (`base`: that
/// cost, kept with the range it was weighed for).
fn judge(
    line: &Line,
    run: &Run,
    readings: &Readings,
    m: &Model,
    arena: &mut Arena,
    base: &mut Option<KeptBase>,
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
    let (base, base_script, base_odd) = match *base {
        Some((range, kept)) if range == (run.i0, run.i1) => kept,
        _ => {
            let weighed = context_cost_odd(line, m, run.i0, run.i1, orig);
            *base = Some(((run.i0, run.i1), weighed));
            weighed
        }
    };
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
    let (cost, k, space, script_cost, odd) =
        best_reading(line, run, readings, m, merged_space, starts_word)?;
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
        let n = line.chars.len();
        let from = run.i0.saturating_sub(decode::WINDOW);
        let to = (run.i1 + decode::WINDOW).min(n);
        let before = line.slice(from, to);
        let after = format!(
            "{}{}{}",
            line.slice(from, run.i0),
            s,
            line.slice(run.i1, to)
        );
        let lm = model::lm::lm();
        eprintln!(
            "cand {orig:?} -> {s:?} {:?} lossy {} seqs {seqs} gain {} lmgain {}",
            &readings.cps[..=k],
            run.lossy,
            base - cost,
            lm.cost(before) - lm.cost(&after)
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
        foreign_alone: foreign_alone(line, s, apart),
        unreadable: unreadable(line, run, orig, s),
        replacement_char: s == "\u{FFFD}" && orig == "ï¿½",
        symbols_apart: orig.chars().all(|c| c != ' ' && script(c) != Some(1))
            && apart
            && !between_words(line, run.i0, run.i1),
        symbols_between: symbols_between(line, run, orig),
    })
}

/// The most plausible of a run's readings that text could hold, as (cost,
/// stage, space kept after it, script cost, odd case changes): a deeper
/// layer only where it reads clearly better than the best above it; where
/// a lost NBSP ends the run before a word (`merged_space`), with the space
/// kept after it where that reads better.
fn best_reading(
    line: &Line,
    run: &Run,
    readings: &Readings,
    m: &Model,
    merged_space: bool,
    starts_word: bool,
) -> Option<(f32, usize, bool, f32, u32)> {
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
        // A deeper layer must beat the shallower reading clearly (a
        // reading in a script foreign to the line pays for it in its own
        // cost, see `context_cost_odd`: `×”` in Tagalog is not Hebrew `ה`);
        // more clearly where it gives the word odd case the shallower
        // reading did not (`ŽIVÉ”` read once more as `ŽIVɔ`).
        let margin = match best {
            None => 0.0,
            Some(b) => LAYER_MARGIN + ODD_CASE_EXTRA * odd.saturating_sub(b.4) as f32,
        };
        if best.is_none_or(|b| cost + margin < b.0) {
            best = Some((cost, k, space, script_cost, odd));
        }
    }
    best
}

/// How implausible `s` is in place of the run: the model's cost between
/// its neighbours, plus the word's odd case changes and a change of script
/// away from the line's; with the count of those odd case changes.
fn context_cost_odd(line: &Line, m: &Model, i0: usize, i1: usize, s: &str) -> (f32, f32, u32) {
    let prev = i0.checked_sub(1).map(|i| line.chars[i].1);
    // (A line ending is where the line ends, as at the end of the text:
    // the model reads lines.)
    let next = line
        .chars
        .get(i1)
        .map(|&(_, c)| c)
        .filter(|&c| !matches!(c, '\n' | '\r'));
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
    let mut word = CaseWalk::default();
    word.push_flags(&line.flags[i0 - before..i0]);
    // (One walk over `s` for its case, its small letters and its script:
    // `CaseWalk::push_str`, `lowercase` and `dominant` at once.)
    let (mut small, mut scripts) = (0u32, Scripts::default());
    for c in s.chars() {
        let f = flags_of(c);
        word.push(case_of(f));
        small += u32::from(f & LOWER != 0);
        scripts.add(script(c));
    }
    word.push_flags(&line.flags[i1..i1 + after]);
    let odd = word.odd;
    cost += CASE_PENALTY * odd as f32;
    if line.capitals {
        cost += CASE_PENALTY * small as f32;
    }
    let mut script_cost = 0.0;
    if let (Some(ctx), Some(own)) = (line.script, scripts.dominant()) {
        if own != ctx {
            script_cost = SCRIPT_PENALTY;
        }
    }
    (cost + script_cost, script_cost, odd)
}

/// Whether the reading `s` is one letter of a script foreign to the line,
/// standing apart from any letter (`apart`): a lone `×”` among Japanese
/// words is `×”`, not Hebrew `ה`.
fn foreign_alone(line: &Line, s: &str, apart: bool) -> bool {
    let mut cs = s.trim_end().chars();
    let one = cs.next().filter(|_| cs.next().is_none());
    apart
        && one.is_some_and(|c| {
            // (Latin-1's `µ`, `ª`, `º` are at home anywhere.)
            c > '\u{FF}' && script_of(c).is_some_and(|sc| line.script.is_some_and(|ctx| sc != ctx))
        })
}

/// Whether the run (`orig`) is symbols glued on both sides to other
/// symbols beyond ASCII that it does not take in: one of a list of
/// symbols.
fn symbols_between(line: &Line, run: &Run, orig: &str) -> bool {
    let symbol = |i: Option<usize>| {
        i.and_then(|i| line.chars.get(i))
            .is_some_and(|&(_, c)| !c.is_ascii() && !c.is_whitespace() && flags_of(c) & ALPHA == 0)
    };
    orig.chars().all(|c| flags_of(c) & ALPHA == 0)
        && symbol(run.i0.checked_sub(1))
        && symbol(Some(run.i1))
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
/// - it starts with a combining mark after a letter it does not compose
///   with, or at the start of the line;
/// - symbols read as letters of two scripts, or that no one alphabet holds
///   together (`√∞≈≠` is not mac_roman's `ðŭ`, `═║╔╗╚╝` not cp866's
///   `ͺɻȼ`);
/// - box drawing glued to more box drawing that the run does not take in:
///   a table (`┌─┬─┐` is not `┌─┬Ŀ`), where `M├╝nchen` is cp866's
///   `München` and `╨╕╨╝╨░` its `има`;
/// - a closing guillemet taken in, that closes one opened before on the
///   line.
fn unreadable(line: &Line, run: &Run, orig: &str, reading: &str) -> bool {
    use unicode_normalization::char::{canonical_combining_class, compose};
    if let Some(mark) = reading
        .chars()
        .next()
        .filter(|&c| canonical_combining_class(c) != 0)
    {
        let Some(&(_, before)) = run.i0.checked_sub(1).and_then(|i| line.chars.get(i)) else {
            return true;
        };
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
    // (The guillemet looked for first: most runs have none.)
    let ends_letters = || {
        orig.rsplit('»')
            .next()
            .is_some_and(|tail| !tail.chars().any(is_letter))
    };
    if has(orig, '»') && ends_letters() && !has(reading, '»') {
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
    if orig.starts_with('«') && !has(reading, '«') {
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
        && !model::one_alphabet_has_all(reading)
}

/// Whether `s` (a run or its reading: a few characters) has `c`, looked
/// for a character at a time (`str::contains` sets up a substring search
/// for a character outside ASCII).
fn has(s: &str, c: char) -> bool {
    s.chars().any(|d| d == c)
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
            if no_layer_beneath(cur) {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// `run_order` orders runs as the tuple (trimmed, i0, i1, codepage),
    /// whatever order they come in.
    #[test]
    fn run_order_is_the_tuple_order() {
        let mut runs = Vec::new();
        for parent in [None, Some((0, 9))] {
            for (i0, i1) in [
                (0, 2),
                (0, 3),
                (1, 2),
                (1, 9),
                (7, 300),
                (300, 301),
                (1199, 1200),
            ] {
                for &cp in Codepage::ALL.iter() {
                    runs.push(Run {
                        cp,
                        i0,
                        i1,
                        lossy: 0,
                        parent,
                    });
                }
            }
        }
        let key = |r: &Run| (r.parent.is_some(), r.i0, r.i1, r.cp);
        let (mut order, mut starts) = (Vec::new(), Vec::new());
        for shuffle in 0..8usize {
            runs.sort_by_key(|r| (r.i1 * 7 + r.cp.index() * 13 + shuffle) % 11);
            let mut by_tuple: Vec<_> = runs.iter().map(key).collect();
            by_tuple.sort_unstable();
            // (Sorted where there are few runs for the line's length.)
            for n in [1200, 100_000] {
                let mut runs = runs.iter().map(|r| Run { ..*r }).collect::<Vec<_>>();
                run_order(&mut runs, n, &mut order, &mut starts);
                let ordered: Vec<_> = order.iter().map(|&k| key(&runs[k])).collect();
                assert_eq!(ordered, by_tuple);
            }
        }
    }
}
