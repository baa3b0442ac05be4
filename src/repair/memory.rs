//! The document memory: garbled runs the document has already had
//! repaired, so that a run proved garbled once is judged as on a proven
//! line wherever it recurs.
//!
//! Guarantees: a legacy path's evidence reaches [`EVIDENCE_REACH`] bytes
//! past the last line it read; [`Seen::learn`] remembers only short runs, from lines with
//! at least two characters beyond ASCII repaired, and at most
//! [`Seen::CAP`] of them; asking whether a run is known is one hash lookup,
//! none while nothing is remembered.

use super::*;

/// Garbled runs repaired earlier in the same document. Garbling is
/// systematic: a run the document already proved garbled (`Â\u{a0}`) is
/// judged as on a proven line wherever it recurs.
#[derive(Clone, Debug, Default)]
pub(crate) struct Seen {
    runs: rustc_hash::FxHashSet<String>,
    /// The legacy paths that have read a whole line of the document (bits
    /// of [`super::channel::swap_bit`]): the document's own evidence that
    /// its text went through them, which lets the line decoder weigh
    /// coherent lines read through them letter for letter.
    legacy: u32,
    /// Where in the document (a byte offset) each of them last read a
    /// line, by bit.
    proved_at: [usize; 32],
}

/// How far a legacy path's evidence reaches: bytes of the document after
/// the last line it read (some two thousand lines). A document garbled through
/// a path shows it again and again; one line of an old file in a long
/// stream of clean ones is no evidence about text far after it.
const EVIDENCE_REACH: usize = 128 << 10;

impl Seen {
    /// Most runs remembered.
    const CAP: usize = 512;

    /// Remembers the runs of repairs made on `line` (short runs only: long
    /// ones prove themselves).
    /// A line whose one repair is a lone sequence teaches nothing: it
    /// stood on its own evidence there, and may have been a clean line's
    /// symbols (`×”` among Hebrew words) that must not spread.
    pub(crate) fn learn(&mut self, line: &str, repairs: &[Repair], at: usize) {
        for r in repairs {
            if let (Some(saved), [shown]) = (r.saved, &r.layers[..]) {
                let bit = super::channel::swap_bit(super::channel::Path::Legacy {
                    saved,
                    shown: *shown,
                });
                if bit != 0 {
                    self.legacy |= bit;
                    self.proved_at[bit.trailing_zeros() as usize] = at;
                }
            }
        }
        if self.runs.len() >= Self::CAP {
            return;
        }
        let repaired = repairs
            .iter()
            .filter(|r| !r.c1 && !r.lost)
            .flat_map(|r| r.replacement.chars())
            .filter(|c| !c.is_ascii())
            .take(2)
            .count();
        if repaired < 2 {
            return;
        }
        for r in repairs.iter().filter(|r| !r.c1 && !r.lost && r.lossy == 0) {
            let orig = &line[r.start..r.end];
            // One layer of a single-byte codepage: each repaired character
            // came from as many garbled characters as it has UTF-8 bytes, so
            // the run splits into its sequences.
            let single = r.layers.len() == 1 && r.layers[0].is_single_byte() && r.lossy == 0;
            if single
                && orig.chars().count() == r.replacement.chars().map(char::len_utf8).sum::<usize>()
            {
                let mut rest = orig;
                for c in r.replacement.chars() {
                    let cut = rest
                        .char_indices()
                        .nth(c.len_utf8())
                        .map_or(rest.len(), |(i, _)| i);
                    let (seq, tail) = rest.split_at(cut);
                    rest = tail;
                    if !c.is_ascii() {
                        self.remember(seq);
                    }
                }
            } else if orig.len() <= 16 {
                self.remember(orig);
            }
        }
    }

    fn remember(&mut self, run: &str) {
        if self.runs.len() < Self::CAP && !self.runs.contains(run) {
            self.runs.insert(run.to_string());
        }
    }

    /// The legacy paths the document has proven (see [`Seen::legacy`])
    /// whose evidence reaches the byte offset `at` ([`EVIDENCE_REACH`]).
    pub(crate) fn legacy_paths(&self, at: usize) -> u32 {
        let mut live = 0;
        let mut left = self.legacy;
        while left != 0 {
            let k = left.trailing_zeros();
            left &= left - 1;
            if at.saturating_sub(self.proved_at[k as usize]) <= EVIDENCE_REACH {
                live |= 1 << k;
            }
        }
        live
    }

    pub(super) fn knows(&self, run: &str) -> bool {
        !self.runs.is_empty() && self.runs.contains(run)
    }
}
