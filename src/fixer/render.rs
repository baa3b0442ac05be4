//! What one line becomes once its repairs are decided: the repairs
//! applied (again while they leave mojibake), NFC, uncurled quotes, LF
//! line endings.
//!
//! Guarantees: repairs, and NFC after them, are repeated until nothing
//! changes (at most [`MAX_ROUNDS`] and [`NFC_ROUNDS`] times), so that
//! fixing fixed text changes nothing; repairs in Markdown code are made
//! only when allowed; a line nothing changes comes back as `None`.

use std::borrow::Cow;

use super::change::{change_of, whole_line_change};
use super::engine::{Analysis, Pos};
use super::Fixer;
use crate::explain::{Change, Step};
use crate::repair;

/// Most extra rounds of repair on a line whose repairs left new mojibake.
const MAX_ROUNDS: usize = 8;
/// Most rounds of repairing what NFC made of a line.
const NFC_ROUNDS: usize = 8;

impl Fixer {
    /// Applies a line's repairs (those in code only when `code_ok`), then
    /// NFC outside kept code, then the opt-in steps. `None`: unchanged.
    pub(super) fn render(
        &self,
        line: &str,
        a: &Analysis,
        code_ok: bool,
        at: Pos,
        mut log: Option<&mut Vec<Change>>,
    ) -> Option<String> {
        let cfg = &*self.cfg;
        let mut cur: Cow<'_, str> = Cow::Borrowed(line);
        let keep: Vec<&repair::Repair> = a
            .repairs
            .iter()
            .zip(&a.in_code)
            .filter(|(_, &c)| code_ok || !c)
            .map(|(r, _)| r)
            .collect();
        if !keep.is_empty() {
            let mut s = apply(line, keep.iter().copied(), at, log.as_deref_mut());
            // A repair can leave text that is itself mojibake with its
            // neighbours (`ÃÂ©`: `Â©` -> `©` leaves `Ã©`): repeat until
            // nothing changes, so that fixing fixed text changes nothing.
            // (Lines with Markdown code kept as it is are left at one round.)
            if code_ok || a.code.is_empty() {
                s = more_rounds(s, at, log.as_deref_mut());
            }
            cur = Cow::Owned(s);
        }
        // `line` is NFC already (the caller normalized it): only repairs
        // can have made it not.
        if cfg.nfc && matches!(cur, Cow::Owned(_)) && !crate::nfc::is_nfc(&cur) {
            let mut n = crate::nfc::nfc(&cur);
            if let Some(log) = log.as_deref_mut() {
                log.push(whole_line_change(line, at, &n, Step::Nfc));
            }
            // NFC can compose characters into new mojibake (U+0387 becomes
            // `·`) or reorder marks into new neighbours: repair again, then
            // normalize what that gives, until nothing changes.
            if code_ok || a.code.is_empty() {
                for _ in 0..NFC_ROUNDS {
                    if !repair::scan(&n) {
                        break;
                    }
                    let m = more_rounds(n.clone(), at, log.as_deref_mut());
                    if m == n {
                        break;
                    }
                    n = if crate::nfc::is_nfc(&m) {
                        m
                    } else {
                        crate::nfc::nfc(&m)
                    };
                }
            }
            cur = Cow::Owned(n);
        }
        if cfg.uncurl_quotes && a.code.first() != Some(&(0, line.len())) {
            if let Cow::Owned(u) = uncurl(&cur) {
                if let Some(log) = log.as_deref_mut() {
                    log.push(whole_line_change(line, at, &u, Step::UncurledQuotes));
                }
                cur = Cow::Owned(u);
            }
        }
        if cfg.lf && cur.ends_with("\r\n") {
            let mut s = cur.into_owned();
            s.truncate(s.len() - 2);
            s.push('\n');
            if let Some(log) = log {
                let end = at.offset + line.len();
                log.push(Change {
                    line: at.line,
                    column: at.column + line.chars().count() - 2,
                    range: end - 2..end,
                    before: "\r\n".into(),
                    after: "\n".into(),
                    steps: vec![Step::LineEnding],
                    margin: None,
                });
            }
            cur = Cow::Owned(s);
        }
        match cur {
            Cow::Owned(s) => Some(s),
            Cow::Borrowed(_) => None,
        }
    }
}

/// Repeats the repair on `s` until nothing changes (at most
/// [`MAX_ROUNDS`] times): a repair can leave text that is itself mojibake
/// with its neighbours (`ÃÂ©`: `Â©` -> `©` leaves `Ã©`), and fixing fixed
/// text must change nothing.
pub(super) fn more_rounds(mut s: String, at: Pos, mut log: Option<&mut Vec<Change>>) -> String {
    for _ in 0..MAX_ROUNDS {
        if !repair::scan(&s) {
            break;
        }
        let more = repair::find(&s);
        if more.is_empty() {
            break;
        }
        s = apply(&s, more.iter(), at, log.as_deref_mut());
    }
    s
}

/// `line` with `repairs` (in order, not overlapping) made, each logged.
fn apply<'r>(
    line: &str,
    repairs: impl Iterator<Item = &'r repair::Repair> + Clone,
    at: Pos,
    log: Option<&mut Vec<Change>>,
) -> String {
    if let Some(log) = log {
        log.extend(repairs.clone().map(|r| change_of(line, at, r)));
    }
    repair::applied(line, repairs)
}

/// Straight quotes for curly ones (`‘’‚‛` and `“”„‟`, U+2018-U+201F).
pub(crate) fn uncurl(s: &str) -> Cow<'_, str> {
    let b = s.as_bytes();
    let mut out: Option<String> = None;
    let mut last = 0;
    // (Each starts with the byte E2: found by memchr, checked by hand.)
    let quotes = memchr::memchr_iter(0xE2, b)
        .filter(|&p| b.get(p + 1) == Some(&0x80) && matches!(b.get(p + 2), Some(0x98..=0x9F)));
    for p in quotes {
        let o = out.get_or_insert_with(|| String::with_capacity(s.len()));
        o.push_str(&s[last..p]);
        // (E2 80 98-9B single, 9C-9F double.)
        o.push(if s.as_bytes()[p + 2] < 0x9C {
            '\''
        } else {
            '"'
        });
        last = p + 3;
    }
    match out {
        None => Cow::Borrowed(s),
        Some(mut o) => {
            o.push_str(&s[last..]);
            Cow::Owned(o)
        }
    }
}

/// `fixed`, the output for the piece `line` at `at`, without a byte order
/// mark a repair made at the start of the text (a UTF-8 BOM garbled into
/// `ï»¿`): output has none. One the text had stays, as it was.
pub(super) fn no_made_bom(line: &str, at: Pos, mut fixed: Option<String>) -> Option<String> {
    if at.offset == 0 && !line.starts_with('\u{FEFF}') {
        if let Some(f) = fixed.as_mut().filter(|f| f.starts_with('\u{FEFF}')) {
            f.drain(..'\u{FEFF}'.len_utf8());
        }
    }
    fixed
}
