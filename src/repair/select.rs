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
    // Ties broken down to the index: the order is total, as stable as a
    // stable sort.
    sort_by_rank(
        cands,
        (0..cands.len()).filter(|&i| passes(&cands[i], true, 0.0).is_some()),
        |c| c.gain,
        order,
    );
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
    let rank = |c: &Candidate| c.gain + if is_favoured(c) { FAVOURED_BONUS } else { 0.0 };
    sort_by_rank(
        cands,
        (0..cands.len())
            .filter(|&i| passes(&cands[i], proven, relief(&cands[i], favoured)).is_some()),
        rank,
        order,
    );
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

/// The evidence spared a candidate by the line's `favoured` codepage: on a
/// line proven garbled, the codepage it was garbled with needs less.
pub(super) fn relief(c: &Candidate, favoured: Option<Codepage>) -> f32 {
    if favoured.is_some_and(|f| c.cps & (1 << f.index()) != 0) {
        FAVOURED_RELIEF
    } else {
        0.0
    }
}

/// Fills `order` with the candidates `which`, highest `rank` first (in
/// [`f32::total_cmp`]'s order), then by position, then by index: a total
/// order. (A long list is sorted with each candidate's rank, position and
/// index packed once into one integer that sorts so, where comparing them
/// looked each up again.)
fn sort_by_rank(
    cands: &[Candidate],
    which: impl Iterator<Item = usize>,
    rank: impl Fn(&Candidate) -> f32,
    order: &mut Vec<usize>,
) {
    /// Lists up to this long are sorted as they are.
    const SHORT: usize = 6;
    order.clear();
    order.extend(which);
    if order.len() <= SHORT {
        order.sort_unstable_by(|&a, &b| {
            rank(&cands[b])
                .total_cmp(&rank(&cands[a]))
                .then(cands[a].i0.cmp(&cands[b].i0))
                .then(a.cmp(&b))
        });
        return;
    }
    // (`total_cmp`'s order as an unsigned one: negatives' bits flipped,
    // the sign bit set on the others; then reversed, highest first.)
    let descending = |x: f32| {
        let b = x.to_bits();
        !if b & 0x8000_0000 != 0 {
            !b
        } else {
            b | 0x8000_0000
        }
    };
    thread_local! {
        static KEYS: std::cell::Cell<Vec<u128>> = const { std::cell::Cell::new(Vec::new()) };
    }
    let mut keys = KEYS.take();
    keys.clear();
    keys.extend(order.iter().map(|&i| {
        let c = &cands[i];
        u128::from(descending(rank(c))) << 96 | (c.i0 as u128) << 48 | i as u128
    }));
    keys.sort_unstable();
    order.clear();
    order.extend(keys.iter().map(|&k| (k & 0xFFFF_FFFF_FFFF) as usize));
    KEYS.set(keys);
}
