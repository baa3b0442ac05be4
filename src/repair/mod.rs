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
//! One module per stage, in the order a line meets them:
//!
//! - [`scan`](mod@scan) (with [`walk`]): the cheap passes that find the
//!   lines worth judging, and where on them;
//! - [`through`]: the fast path for a line garbled through and through;
//! - [`line`](mod@line): the judge of one line, which calls, in order,
//!   - [`runs`]: the runs each codepage reads as UTF-8,
//!   - [`candidate`]: each run judged (its readings, layers peeled, scored
//!     in context),
//!   - [`evidence`]: the bar a candidate must clear, and the marks the
//!     rest of the line puts on it,
//!   - [`select`](mod@select): the proof of the line, its favoured codepage
//!     and the repairs chosen,
//!   - [`finish`]: a foreign deeper layer given back, lost bytes, lone C1
//!     controls;
//! - [`memory`]: the runs a document has already proved garbled;
//! - [`facts`]: what every stage asks about characters.
//!
//! The line decoder that weighs whole-line explanations is in [`decode`],
//! with the character-level tests of [`coherence`].
//!
//! Guarantees: [`find`] and [`find_with`] return repairs in text order,
//! not overlapping, each inside one line of the text; the tunables of the
//! whole judge are the constants of this module.

mod candidate;
pub(crate) mod channel;
pub(crate) mod coherence;
pub(crate) mod decode;
mod evidence;
mod facts;
mod finish;
mod line;
mod memory;
mod runs;
mod scan;
mod select;
mod through;
mod walk;

use candidate::*;
use evidence::*;
pub(crate) use facts::is_letter;
use facts::*;
use finish::*;
use line::*;
pub(crate) use memory::Seen;
use runs::*;
use scan::*;
pub(crate) use scan::{
    c1_as, c1_as_windows_1252, char_table, hotspots_with, next_non_ascii, scan, scan_found, survey,
    Found, Hot, Survey, Why,
};
use select::*;
use through::garbled_through;
pub(crate) use walk::cjk_walk_table;
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
    /// By how many nats the repair beat its bar (see
    /// [`crate::Margin`]): for a run, what [`evidence`]'s `passes` found;
    /// for a whole line, what [`decode`] found. `None` where no model
    /// weighed it (lost bytes, lone C1 controls, the fast path of
    /// [`through`]); infinite for a run that passes without a bar (`ï¿½`).
    pub margin: Option<f32>,
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
pub(crate) fn applied<'r>(text: &str, repairs: impl IntoIterator<Item = &'r Repair>) -> String {
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

/// Finds the repairs to make in `text` (valid UTF-8), in text order.
pub(crate) fn find(text: &str) -> Vec<Repair> {
    find_with(text, &Seen::default())
}

/// [`find`], with what the document has shown so far.
pub(crate) fn find_with(text: &str, seen: &Seen) -> Vec<Repair> {
    find_weighed(text, seen, false)
}

/// [`find_with`]; with `margins`, a line of dense mojibake that the exact
/// shortcut takes ([`garbled_through`], which weighs nothing) is judged
/// too, for the margins of its repairs (the same repairs: each takes the
/// margin of the judge's repair of the same run to the same text).
pub(crate) fn find_weighed(text: &str, seen: &Seen, margins: bool) -> Vec<Repair> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        if !line.is_ascii() {
            find_in_line(line, line_start, seen, &mut out, margins);
        }
        line_start += line.len();
    }
    out
}
