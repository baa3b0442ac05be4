//! The lines of a document the judges left as they were, so that a line
//! that comes again is not judged again.
//!
//! Guarantees: a line is answered from memory only when it is asked with
//! what it was judged with, and while the document memory has learnt
//! nothing since; the memory holds at most [`UNREPAIRED_CAP`] bytes in
//! [`UNREPAIRED_LINES`] lines.

use crate::repair;

/// Most bytes of lines an [`Unrepaired`] holds: past them it starts again.
const UNREPAIRED_CAP: usize = 256 << 10;
/// Most lines an [`Unrepaired`] holds: past them it starts again.
const UNREPAIRED_LINES: usize = 4096;

/// The lines of a document that both judges ([`repair::find_with`] and
/// [`repair::decode::decide`]) left as they were, each with what the scan
/// found in it and the legacy paths the document had proven when it was
/// judged. The judges' answer depends on nothing else but the document
/// memory ([`repair::Seen`]), which learns only from repairs: so a line
/// that comes again, asked the same, is left as it is without being
/// judged again, until a line is repaired (then all are forgotten, since
/// the memory may have learnt). Documents repeat lines (table rules,
/// signatures, boilerplate), and a clean line the scan cannot clear costs
/// the judges tens of thousands of instructions (a line of letters no one
/// language writes together is read through every legacy path). Holds at
/// most [`UNREPAIRED_CAP`] bytes in [`UNREPAIRED_LINES`] lines, and
/// allocates only for lines that reached the judges.
#[derive(Default)]
pub(super) struct Unrepaired {
    lines: rustc_hash::FxHashMap<Box<str>, (repair::Found, u32)>,
    bytes: usize,
}

impl Unrepaired {
    /// Whether the judges left `line` as it was when asked the same.
    pub(super) fn holds(&self, line: &str, found: repair::Found, proven: u32) -> bool {
        !self.lines.is_empty() && self.lines.get(line) == Some(&(found, proven))
    }

    /// Remembers what the judges made of `line`: nothing, or `repairs`,
    /// after which the memory may answer otherwise and every line held is
    /// forgotten.
    pub(super) fn note(
        &mut self,
        line: &str,
        found: repair::Found,
        proven: u32,
        repairs: &[repair::Repair],
    ) {
        if !repairs.is_empty() {
            if !self.lines.is_empty() {
                *self = Unrepaired::default();
            }
            return;
        }
        if self.bytes + line.len() > UNREPAIRED_CAP || self.lines.len() >= UNREPAIRED_LINES {
            *self = Unrepaired::default();
            if line.len() > UNREPAIRED_CAP {
                return;
            }
        }
        self.bytes += line.len();
        self.lines.insert(line.into(), (found, proven));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lines left alone are held within their bounds, asked with what
    /// they were judged with, and all forgotten once a line is repaired.
    #[test]
    fn unrepaired_lines_are_bounded_and_forgotten() {
        let found = repair::Found {
            starts: true,
            legacy: None,
        };
        let mut held = Unrepaired::default();
        for k in 0..3 * UNREPAIRED_LINES {
            held.note(&format!("é{k}\n"), found, 0, &[]);
            assert!(held.lines.len() <= UNREPAIRED_LINES);
        }
        held.note(&"é".repeat(UNREPAIRED_CAP / 3), found, 0, &[]);
        held.note(&"é".repeat(UNREPAIRED_CAP / 3), found, 1, &[]);
        assert!(held.bytes <= UNREPAIRED_CAP);
        held.note("café\n", found, 0, &[]);
        assert!(held.holds("café\n", found, 0));
        assert!(!held.holds("café\n", found, 1));
        assert!(!held.holds("café\n", repair::Found::default(), 0));
        let repairs = repair::find("cafÃ©\n");
        assert!(!repairs.is_empty());
        held.note("cafÃ©\n", found, 0, &repairs);
        assert!(!held.holds("café\n", found, 0));
        assert!(held.lines.is_empty());
    }
}
