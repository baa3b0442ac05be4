//! Choosing among candidates: whether lone multi-byte sequences prove a
//! line together ([`lone_multibyte_agree`]), the codepage that explains
//! most of it ([`favoured_codepage`]), and the repairs to make
//! ([`select()`]).
//!
//! Guarantees: only candidates that pass the evidence bar are chosen, and
//! chosen candidates never overlap; every order is total (ties broken by
//! position, then by index), so the choice does not depend on the sort.

use super::*;

/// Whether two lone multi-byte sequences or more, each far more
/// plausible repaired, agree on their codepage (`隨ｬ19譚｡` is `第19条`
/// in Shift_JIS): one alone proves nothing, two prove the line.
pub(super) fn lone_multibyte_agree(cands: &[Candidate]) -> bool {
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
pub(super) fn favoured_codepage(
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
pub(super) fn select(
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
