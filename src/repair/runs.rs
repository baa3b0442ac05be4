//! Where the candidate runs are: chains of adjacent sequences that one
//! single-byte codepage reads as UTF-8, all such codepages found in one
//! walk over the line, and runs of characters a multi-byte codepage
//! encodes.
//!
//! Guarantees: one codepage's full runs never overlap; a full run of two
//! sequences or more comes with the runs without its first and without its
//! last sequence, each marked with the full run's range; [`run_bytes`]
//! gives the bytes a run stands for, or says it has none.

use super::*;

/// A run of one codepage's sequences, before judgement (char indices).
pub(super) struct Run {
    pub(super) cp: Codepage,
    pub(super) i0: usize,
    pub(super) i1: usize,
    pub(super) lossy: u32,
    /// For a run trimmed of its first or last sequence: the full run's
    /// range. Trimmed runs are judged only when the full run fails.
    pub(super) parent: Option<(usize, usize)>,
}

/// Walks the line once, growing one run per single-byte codepage: chains
/// of adjacent sequences that read as UTF-8 characters. A run of several
/// sequences also yields the runs without its first or last sequence, so a
/// false sequence at an edge cannot spoil the rest.
/// `rows[i]`: the codepage bytes of `chars[i]` ([`codec::Tables::row`]);
/// `wide`: the indices where there is one, in order.
pub(super) fn single_byte_runs(
    chars: &[(usize, char)],
    rows: &[Option<&ByteRow>],
    wide: &[usize],
    out: &mut Vec<Run>,
) {
    let t = tables();
    let mut next_free = [0usize; NSB];
    let mut open = [Open::default(); NSB];
    let mut buf = [0u8; 4];
    // The codepages that read a space as a lost NBSP.
    let nbsp = (0..NSB)
        .filter(|&k| t.decode[k][0x20] == '\u{A0}')
        .fold(0u16, |m, k| m | 1 << k);
    for &i in wide {
        let Some(row) = rows[i] else { continue };
        // Only codepages where this is a lead and the next character a
        // continuation can start a sequence here.
        let (lead, _) = sb_masks(chars[i].1, row);
        let next_cont = match (chars.get(i + 1), rows.get(i + 1)) {
            (Some(&(_, ' ')), _) => nbsp,
            (Some(&(_, c)), Some(Some(r))) => sb_masks(c, r).1,
            _ => 0,
        };
        let mut ks = lead & next_cont;
        while ks != 0 {
            let k = ks.trailing_zeros() as usize;
            ks &= ks - 1;
            let b = row[k];
            if i < next_free[k] {
                continue;
            }
            let need = utf8_len(b);
            buf[0] = b;
            let mut lossy = 0;
            let mut ok = true;
            for j in 1..need {
                let Some(&(_, cj)) = chars.get(i + j) else {
                    ok = false;
                    break;
                };
                if cj == ' ' && t.decode[k][0x20] == '\u{A0}' {
                    buf[j] = 0xA0;
                    lossy += 1;
                    continue;
                }
                match rows[i + j] {
                    Some(r) if (0x80..=0xBF).contains(&r[k]) => buf[j] = r[k],
                    _ => {
                        ok = false;
                        break;
                    }
                }
            }
            if !ok {
                continue;
            }
            let mut need = need;
            // (A lead from C2 to DF and a continuation byte are always a
            // character: only longer sequences are checked.)
            let two = need == 2 && (0xC2..=0xDF).contains(&b);
            if !two && std::str::from_utf8(&buf[..need]).is_err() {
                // CESU-8: a high surrogate, then a low one, make one
                // character beyond the BMP.
                let low = codec::is_high_surrogate(&buf[..need])
                    && (3..6).all(|j| {
                        let want = match j {
                            3 => 0xED..=0xED,
                            4 => 0xB0..=0xBF,
                            _ => 0x80..=0xBF,
                        };
                        rows.get(i + j)
                            .copied()
                            .flatten()
                            .is_some_and(|r| want.contains(&r[k]))
                    });
                if !low {
                    continue;
                }
                need = 6;
            }
            next_free[k] = i + need;
            if open[k].n > 0 && open[k].last.1 != i {
                open[k].close(Codepage::ALL[k], out);
            }
            open[k].push((i, i + need, lossy));
        }
    }
    for (k, run) in open.iter_mut().enumerate() {
        run.close(Codepage::ALL[k], out);
    }
}

/// A run being grown: its sequences as (start, end, lossy), kept only as
/// far as closing it needs.
#[derive(Clone, Copy, Default)]
struct Open {
    n: usize,
    first: (usize, usize, u32),
    /// Start of the second sequence.
    second: usize,
    /// End of the sequence before the last.
    before_last: usize,
    last: (usize, usize, u32),
    lossy: u32,
}

impl Open {
    fn push(&mut self, seq: (usize, usize, u32)) {
        match self.n {
            0 => self.first = seq,
            1 => self.second = seq.0,
            _ => {}
        }
        if self.n > 0 {
            self.before_last = self.last.1;
        }
        self.last = seq;
        self.lossy += seq.2;
        self.n += 1;
    }

    /// Emits the run, and for two or more sequences the run without its
    /// first and without its last sequence; starts afresh.
    fn close(&mut self, cp: Codepage, out: &mut Vec<Run>) {
        if self.n == 0 {
            return;
        }
        let (i0, i1) = (self.first.0, self.last.1);
        out.push(Run {
            cp,
            i0,
            i1,
            lossy: self.lossy,
            parent: None,
        });
        if self.n >= 2 {
            out.push(Run {
                cp,
                i0: self.second,
                i1,
                lossy: self.lossy - self.first.2,
                parent: Some((i0, i1)),
            });
            out.push(Run {
                cp,
                i0,
                i1: self.before_last,
                lossy: self.lossy - self.last.2,
                parent: Some((i0, i1)),
            });
        }
        *self = Open::default();
    }
}

/// Maximal runs of non-ASCII characters that a multi-byte codepage can
/// encode, and whose bytes are UTF-8.
pub(super) fn multibyte_runs(chars: &[(usize, char)], cp: Codepage, out: &mut Vec<Run>) {
    // (Whether the codepage has a character: its bytes in `cjk_bytes`, a
    // table lookup for the CJK blocks, not an encoder made per character.)
    let k = codec::CJK
        .iter()
        .position(|&c| c == cp)
        .expect("a CJK codepage");
    let mut i = 0;
    while i < chars.len() {
        let mut j = i;
        while j < chars.len() && !chars[j].1.is_ascii() && codec::cjk_bytes(chars[j].1)[k][0] != 0 {
            j += 1;
        }
        if j - i >= 2 {
            out.push(Run {
                cp,
                i0: i,
                i1: j,
                lossy: 0,
                parent: None,
            });
        }
        i = j.max(i + 1);
    }
}

/// Appends the bytes the run's characters stand for in its codepage (a
/// space inside a run stands for a lost 0xA0); `false` when one has none.
pub(super) fn run_bytes(run: &Run, orig: &str, bytes: &mut Vec<u8>) -> bool {
    if run.cp.is_single_byte() {
        let t = tables();
        let k = run.cp.index();
        for c in orig.chars() {
            if c == ' ' {
                bytes.push(0xA0);
            } else {
                match t.row(c).map(|r| r[k]).filter(|&b| b != 0) {
                    Some(b) => bytes.push(b),
                    None => return false,
                }
            }
        }
        true
    } else {
        codec::encode(run.cp, orig, bytes)
    }
}
