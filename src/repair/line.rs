//! The span judge for one line: from its characters to its repairs, stage
//! by stage (runs, candidates, proof, choice, finishing).
//!
//! Guarantees: a line is judged with buffers reused from line to line (one
//! set per thread), so judging allocates only what its candidates hold; a
//! line garbled through and through takes the fast path of
//! [`super::through`] instead; the line's repairs are pushed in text order,
//! after those already in `out`.

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
    judged: Judged,
    good: Good,
    pub(super) bytes: Vec<u8>,
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

pub(super) fn find_in_line(text: &str, base: usize, seen_runs: &Seen, out: &mut Vec<Repair>) {
    let mut scratch = SCRATCH.with(std::cell::Cell::take);
    if !garbled_through(text, base, out, &mut scratch.bytes) {
        find_in_line_with(text, base, seen_runs, out, &mut scratch);
    }
    SCRATCH.with(|c| c.set(scratch));
}

const FAR_RATIO: usize = 2;

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
