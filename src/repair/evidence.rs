//! The evidence bar: how much a candidate's repair must gain over the run
//! as it stands ([`bar`]), and whether it gains that much ([`passes`]), on a
//! line proven garbled and on one that is not; and the marks the rest of
//! the line puts on candidates before they are weighed: lone sequences that
//! clean letters disown ([`mark_glued_and_twin_clean`]), lone sequences far
//! from the repairs that proved the line ([`mark_far_from_proof`]), and
//! readings outside the script of those repairs ([`mark_misfits`]).
//!
//! Guarantees: [`bar`] and [`passes`] are pure functions of the candidate
//! and the line's proof, with no model call and no allocation; a candidate
//! marked as misfit, unreadable or glued to clean letters never passes,
//! whatever its gain; every mark is a reason to refuse a candidate or to
//! judge it as on a line not proven, never one to take it. The tunables
//! are the constants of [`super`].

use super::*;

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
    // A multi-byte codepage's repair, on a line not proven garbled: CJK
    // text re-encodes to valid UTF-8 easily (`襍｢` for `赢`).
    if !c.first.is_single_byte() && !proven {
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

/// Whether a candidate has the evidence it needs: by how many nats it
/// clears its bar (above zero; infinite for `ï¿½`, which needs none), or
/// `None`.
pub(super) fn passes(c: &Candidate, proven: bool, relief: f32) -> Option<f32> {
    if c.misfit || c.unreadable || c.glued_clean {
        return None;
    }
    let (proven, relief) = if c.far_from_proof {
        (false, 0.0)
    } else {
        (proven, relief)
    };
    if c.replacement_char {
        return Some(f32::INFINITY);
    }
    // A letter of a foreign script standing alone, and a lone two-character
    // run whose first character the line writes clean elsewhere, need the
    // line's own proof: the document's memory does not carry them to other
    // lines.
    if c.seqs <= 1 && (c.foreign_alone || c.twin_clean) && !proven {
        return None;
    }
    // A short multi-byte run read as letters of a third script, neither
    // Latin nor the line's (`慢慢` among Chinese words read through EUC-KR
    // as Arabic `طط`): not on its own evidence.
    if !c.first.is_single_byte() && c.seqs <= 2 && c.third_script && !proven {
        return None;
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
    let margin = gain + relief - bar(c, proven);
    (margin > 0.0).then_some(margin)
}

/// Marks the lone sequences that clean text around them disowns: one glued
/// to a clean letter of its word (`glued_clean`), one whose first
/// character the line writes clean elsewhere (`twin_clean`).
pub(super) fn mark_glued_and_twin_clean(
    line: &Line,
    rows: &[Option<&'static ByteRow>],
    n: usize,
    cands: &mut [Candidate],
    plausible: &mut Vec<u32>,
    orphans: &mut rustc_hash::FxHashMap<char, u32>,
) {
    // A lone sequence in a word with a letter beyond ASCII that no run of
    // its codepage takes in is part of a clean word: garbling would have
    // garbled the whole word (`ПОТУЖНОСТІ` is not `ПОТУЖНОСҲ`, `ТЮРЬМУ `
    // not `ТЮРЬМӠ`, even on a line with windows-1251 mojibake).
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
        c.twin_clean = c.i1 - c.i0 == 2
            && orphans
                .get(&line.chars[c.i0].1)
                .is_some_and(|&left_out| left_out & c.cps != 0);
    }
}

/// Ratio of distances past which a lone sequence is judged far from the
/// repairs that proved its line (see [`mark_far_from_proof`]).
const FAR_RATIO: usize = 2;

/// On a line proven garbled with letters that no run takes in
/// (`orphan_at`): marks the lone sequences not chosen that stand nearer to
/// those clean letters than to the chosen repairs (`far_from_proof`).
/// A line proven garbled in one part may be clean in another (a clean
/// sentence, then a garbled one): such a sequence is judged as on a line
/// not proven (Jèrriais capitals `RTROVÈ”` are not `RTROVȔ` because the
/// sentence after them is garbled).
pub(super) fn mark_far_from_proof(cands: &mut [Candidate], chosen: &[usize], orphan_at: &[usize]) {
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

/// On a line proven garbled: marks the lost-NBSP readings, and the lone
/// letters of a foreign script standing apart, that read outside the
/// script of the repairs that proved it (`misfit`).
/// A lost NBSP read on a proven line must read in the script of the
/// repairs that proved it (`ð”… ` is not U+14160 among Icelandic
/// repairs, nor `ν” ` Hangul `픠` among Greek ones).
pub(super) fn mark_misfits(line: &Line, cands: &mut [Candidate], chosen: &[usize], arena: &Arena) {
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
