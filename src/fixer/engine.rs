//! The [`Engine`]: the line-by-line pipeline every entry point (one-shot,
//! streaming, bytes) goes through, with the document's state (positions,
//! Markdown fences, the repairs seen so far, lines held back).
//!
//! Guarantees: lines come out through the sink in the order they went in,
//! each once; text handed over as whole lines ([`Engine::lines`]) comes
//! out as if handed over piece by piece ([`Engine::piece`]), only the
//! lines around the scan's hotspots being looked at; held lines never pass
//! [`PENDING_CAP`] bytes.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

use super::change::{tidied, whole_line_change};
use super::render::{more_rounds, no_made_bom, uncurl};
use super::survey::surveyed;
use super::unrepaired::Unrepaired;
use super::{Fixer, MarkdownCode};
use crate::bytes::{piece_end, Cut, PIECE};
use crate::explain::{Change, Step};
use crate::markdown::{self, Fences};
use crate::repair;
use crate::tidy::scan::QUOTES;
use crate::tidy::{Fix, Form, Html};

/// Calls `f` with every line of `text` (with its ending), cutting lines
/// longer than [`PIECE`] the way the byte layer does.
pub(crate) fn for_each_piece(text: &str, mut f: impl FnMut(&str, bool)) {
    for line in text.split_inclusive('\n') {
        let mut rest = line;
        let mut continues = false;
        while rest.len() > PIECE {
            let cut = piece_end(rest.as_bytes());
            f(&rest[..cut], continues);
            rest = &rest[cut..];
            continues = true;
        }
        f(rest, continues);
    }
}

/// The line feeds in `b`, counted in blocks the compiler vectorizes.
fn count_lf(b: &[u8]) -> usize {
    // (224 bytes: seven 32-byte steps, no scalar tail in a block; a third
    // fewer instructions than blocks of 255.)
    let mut blocks = b.chunks_exact(224);
    let mut n = 0;
    for block in &mut blocks {
        // (At most 224 in a block: a byte holds the sum.)
        n += usize::from(block.iter().fold(0u8, |a, &x| a + u8::from(x == b'\n')));
    }
    n + blocks.remainder().iter().filter(|&&x| x == b'\n').count()
}

/// Most bytes of lines held back while the engine waits to learn whether
/// Markdown code with mojibake in it belongs to a garbled document.
pub(crate) const PENDING_CAP: usize = 1 << 20;

/// What was found on one line, before deciding about its code.
pub(super) struct Analysis {
    pub(super) repairs: Vec<repair::Repair>,
    /// Byte ranges of Markdown code on the line (empty when code is
    /// treated like prose).
    pub(super) code: Vec<(usize, usize)>,
    /// Whether each repair lies in code.
    pub(super) in_code: Vec<bool>,
}

impl Analysis {
    fn prose_hit(&self) -> bool {
        self.in_code.iter().any(|&c| !c)
    }
    fn code_hit(&self) -> bool {
        self.in_code.iter().any(|&c| c)
    }
}

/// Where a piece starts: byte offset, line and column (both from 1).
#[derive(Clone, Copy, Debug)]
pub(super) struct Pos {
    pub(super) offset: usize,
    pub(super) line: usize,
    pub(super) column: usize,
}

struct Pending {
    line: String,
    /// The line's NFC form, when that differs.
    norm: Option<String>,
    analysis: Analysis,
    at: Pos,
}

/// The line-by-line pipeline shared by one-shot calls and streams. Lines go
/// in with their line endings; each comes out, in order, through the sink as
/// `(original, Some(fixed))` or `(original, None)` when unchanged.
///
/// Under [`MarkdownCode::Auto`], a line whose code holds mojibake while the
/// prose so far was clean is held back, with every line after it, until the
/// prose proves the document garbled (the code is then repaired), the held
/// lines pass [`PENDING_CAP`] bytes, or the input ends (the code is then
/// kept).
pub(crate) struct Engine {
    fixer: Fixer,
    /// Garbled runs repaired so far in the document.
    seen: repair::Seen,
    /// Line and column where the next piece starts.
    line: usize,
    column: usize,
    fences: Fences,
    garbled: bool,
    pending: Vec<Pending>,
    pending_bytes: usize,
    offset: usize,
    /// A line with a `<` went by: [`Html::Auto`] decodes no more entities.
    markup: bool,
    /// Lines the judges have left as they were, while `seen` stays so.
    unrepaired: Unrepaired,
    /// The input before this offset has nothing for the tidying steps'
    /// scan ([`Config::tidy_triggers`](super::Config::tidy_triggers)).
    tidy_from: usize,
}

impl Engine {
    pub(crate) fn new(fixer: Fixer) -> Engine {
        Engine {
            fixer,
            seen: repair::Seen::default(),
            line: 0,
            column: 1,
            fences: Fences::default(),
            garbled: false,
            pending: Vec::new(),
            pending_bytes: 0,
            offset: 0,
            markup: false,
            unrepaired: Unrepaired::default(),
            tidy_from: 0,
        }
    }

    /// Tells the engine that the input before `offset` has nothing for
    /// the tidying steps' scan: [`Engine::skip`] does not look there again.
    pub(crate) fn tidy_from(&mut self, offset: usize) {
        self.tidy_from = offset;
    }

    /// Takes decoded text as the byte layer hands it on.
    pub(crate) fn take(
        &mut self,
        text: &str,
        cut: Cut,
        sink: &mut dyn FnMut(&str, Option<String>),
        log: Option<&mut Vec<Change>>,
    ) {
        match cut {
            Cut::Line => self.piece(text, false, sink, log),
            Cut::Continues => self.piece(text, true, sink, log),
            Cut::Lines => self.lines(text, false, sink, log),
            Cut::AsciiLines => self.lines(text, true, sink, log),
        }
    }

    /// Takes whole lines (the first starts a line; each ends in a line
    /// feed but perhaps the last of the input), with the same result as
    /// handing each piece of them (see [`for_each_piece`]) to
    /// [`Engine::piece`]. Where only repairs and NFC are asked for, the
    /// scan finds the lines that may need something (see
    /// [`repair::hotspots_with`]); only those are looked at, and the stretches
    /// of lines between them pass on as they are, each in one piece.
    /// `ascii`: the caller knows `text` to be ASCII (else it is looked at).
    pub(crate) fn lines(
        &mut self,
        text: &str,
        ascii: bool,
        sink: &mut dyn FnMut(&str, Option<String>),
        mut log: Option<&mut Vec<Change>>,
    ) {
        if !self.fixer.cfg.hotspots_suffice(text) {
            for_each_piece(text, |piece, continues| {
                self.piece(piece, continues, sink, log.as_deref_mut())
            });
            return;
        }
        if ascii || text.is_ascii() {
            self.skip(text, sink, log);
            return;
        }
        let hits = repair::hotspots_with(text, self.fixer.cfg.nfc);
        self.lines_at(text, hits, sink, log);
    }

    /// [`Engine::lines`] in the simple case, given the text's hotspots
    /// ([`repair::hotspots_with`], `normalized` as the configuration
    /// normalizes).
    pub(crate) fn lines_at(
        &mut self,
        text: &str,
        hits: Vec<repair::Hot>,
        sink: &mut dyn FnMut(&str, Option<String>),
        mut log: Option<&mut Vec<Change>>,
    ) {
        if repair::debug() {
            for h in &hits {
                let end = (h.at + 40).min(text.len());
                let end = (end..=text.len())
                    .find(|&e| text.is_char_boundary(e))
                    .unwrap_or(text.len());
                eprintln!("hotspot at {} ({:?}): {:?}", h.at, h.why, &text[h.at..end]);
            }
        }
        let b = text.as_bytes();
        let mut at = 0;
        for (k, h) in hits.iter().enumerate() {
            if h.at < at {
                continue;
            }
            let start = memchr::memrchr(b'\n', &b[..h.at]).map_or(0, |n| n + 1);
            let end = memchr::memchr(b'\n', &b[h.at..]).map_or(b.len(), |n| h.at + n + 1);
            self.pass(&text[at..start], sink, log.as_deref_mut());
            let line = &text[start..end];
            match surveyed(line, &hits[k..], end, self.fixer.cfg.nfc) {
                Some(survey) => {
                    self.piece_with(line, false, Some(survey), sink, log.as_deref_mut())
                }
                None => for_each_piece(line, |piece, continues| {
                    self.piece(piece, continues, sink, log.as_deref_mut())
                }),
            }
            at = end;
        }
        self.pass(&text[at..], sink, log);
    }

    /// Takes whole lines without a hotspot: they need nothing
    /// ([`Engine::skip`]), but for those a legacy path the document has
    /// proven may read letter for letter (`kljuèe` in a document whose
    /// other lines showed windows-1250 read as windows-1252), which are
    /// taken one by one.
    fn pass(
        &mut self,
        text: &str,
        sink: &mut dyn FnMut(&str, Option<String>),
        mut log: Option<&mut Vec<Change>>,
    ) {
        if self.seen.legacy_paths(self.offset) == 0 || text.is_ascii() {
            self.skip(text, sink, log);
            return;
        }
        let b = text.as_bytes();
        let mut at = 0;
        let mut start = 0;
        while start < text.len() {
            // (Lines of ASCII only are passed over a word at a time.)
            let Some(k) = repair::next_non_ascii(&b[start..]) else {
                break;
            };
            let first = start + k;
            start = memchr::memrchr(b'\n', &b[start..first]).map_or(start, |n| start + n + 1);
            let end = memchr::memchr(b'\n', &b[first..]).map_or(text.len(), |n| first + n + 1);
            let line = &text[start..end];
            let proven = self.seen.legacy_paths(self.offset + (start - at));
            if proven == 0 {
                // (The evidence reaches no further: the rest as it is.)
                break;
            }
            if repair::channel::may_swap_letters(line, proven) {
                self.skip(&text[at..start], sink, log.as_deref_mut());
                for_each_piece(line, |piece, continues| {
                    self.piece(piece, continues, sink, log.as_deref_mut())
                });
                at = end;
            }
            start = end;
        }
        self.skip(&text[at..], sink, log);
    }

    /// Takes one line (with its ending, if it has one), or a piece of a
    /// long line (`continues`: it does not start a line).
    pub(crate) fn piece(
        &mut self,
        line: &str,
        continues: bool,
        sink: &mut dyn FnMut(&str, Option<String>),
        log: Option<&mut Vec<Change>>,
    ) {
        self.piece_with(line, continues, None, sink, log);
    }

    /// Where `line` (a line, or a piece of a long one that `continues` the
    /// one before) starts, and the position moved past it.
    fn advance(&mut self, line: &str, continues: bool) -> Pos {
        if !continues {
            self.line += 1;
            self.column = 1;
        }
        let at = Pos {
            offset: self.offset,
            line: self.line,
            column: self.column,
        };
        self.offset += line.len();
        if !line.ends_with('\n') {
            // Only a piece of a long line (or the last line) continues.
            self.column += line.chars().count();
        }
        at
    }

    /// [`Engine::piece`], given the line's [`repair::survey`] when it is
    /// known.
    fn piece_with(
        &mut self,
        line: &str,
        continues: bool,
        survey: Option<repair::Survey>,
        sink: &mut dyn FnMut(&str, Option<String>),
        mut log: Option<&mut Vec<Change>>,
    ) {
        let at = self.advance(line, continues);
        // NFC first, so that the repairs are judged on the text a second run
        // would see (NFC can turn characters into mojibake's: U+0387 -> `·`).
        let survey = survey.unwrap_or_else(|| {
            if line.is_ascii() {
                repair::Survey {
                    mojibake: false,
                    nfc: true,
                    found: repair::Found::default(),
                }
            } else {
                repair::survey(line)
            }
        });
        let norm: Option<String> =
            (self.fixer.cfg.nfc && !survey.nfc).then(|| crate::nfc::nfc(line));
        if let (Some(n), Some(log)) = (&norm, log.as_deref_mut()) {
            log.push(whole_line_change(line, at, n, Step::Nfc));
        }
        let text = norm.as_deref().unwrap_or(line);
        let found = match &norm {
            Some(n) => repair::scan_found(n),
            None => survey.found,
        };
        let found = self.fixer.cfg.repair.then_some(found);
        let analysis = self.analyze(text, continues, found, log.is_some());
        let policy = self.fixer.cfg.code;
        if analysis.prose_hit() && !self.garbled {
            self.garbled = true;
            self.flush(true, sink, log.as_deref_mut());
        }
        if !self.pending.is_empty()
            || (policy == MarkdownCode::Auto && analysis.code_hit() && !self.garbled)
        {
            self.pending_bytes += line.len();
            self.pending.push(Pending {
                line: line.to_string(),
                norm,
                analysis,
                at,
            });
            if self.pending_bytes > PENDING_CAP {
                self.flush(false, sink, log);
            }
            return;
        }
        let code_ok =
            policy == MarkdownCode::Repair || (policy == MarkdownCode::Auto && self.garbled);
        let fixed = self
            .fixer
            .render(text, &analysis, code_ok, at, log.as_deref_mut())
            .or(norm);
        let fixed = self.tidy(line, at, no_made_bom(line, at, fixed), None, log);
        sink(line, fixed);
    }

    /// Takes whole lines known to need nothing from the repair or NFC (no
    /// hotspot in them): the lines with something for an opt-in step of
    /// [`Config::tidy_triggers`](super::Config::tidy_triggers) get it, each
    /// as [`Engine::piece`] would give it, and the others pass as they are,
    /// in one piece, unless lines are being held back.
    pub(crate) fn skip(
        &mut self,
        text: &str,
        sink: &mut dyn FnMut(&str, Option<String>),
        mut log: Option<&mut Vec<Change>>,
    ) {
        if text.is_empty() {
            return;
        }
        if !self.pending.is_empty() {
            for_each_piece(text, |piece, continues| {
                self.piece(piece, continues, sink, log.as_deref_mut())
            });
            return;
        }
        let triggers = self.fixer.cfg.tidy_triggers();
        let b = text.as_bytes();
        // (Where the scan has already found nothing, it is not made again.)
        let clear = self.tidy_from.saturating_sub(self.offset).min(text.len());
        let mut done = 0;
        while let Some(p) = triggers.positions(&text[done.max(clear)..]).next() {
            let p = done.max(clear) + p;
            let start = memchr::memrchr(b'\n', &b[done..p]).map_or(done, |n| done + n + 1);
            let end = memchr::memchr(b'\n', &b[p..]).map_or(b.len(), |n| p + n + 1);
            self.pass_as_is(&text[done..start], sink);
            for_each_piece(&text[start..end], |piece, continues| {
                self.tidy_piece(piece, continues, sink, log.as_deref_mut())
            });
            done = end;
        }
        self.pass_as_is(&text[done..], sink);
    }

    /// A piece of a line that needs nothing from the repair or NFC, given
    /// what [`Engine::piece`] gives it: quotes uncurled, then the tidying
    /// steps.
    fn tidy_piece(
        &mut self,
        line: &str,
        continues: bool,
        sink: &mut dyn FnMut(&str, Option<String>),
        mut log: Option<&mut Vec<Change>>,
    ) {
        if self.fixer.cfg.lf {
            // (CRLF to LF is left to the whole look.)
            self.piece(line, continues, sink, log);
            return;
        }
        let at = self.advance(line, continues);
        if self.fixer.cfg.code != MarkdownCode::Repair && !continues {
            // (As `analyze` keeps the fences.)
            self.fences.line_is_code(line);
        }
        // One scan for every step (quotes among them, when they are
        // uncurled), told to the tidying steps: what it found holds of the
        // uncurled line too, as a quote is a trigger of nothing else, and
        // neither it nor the ASCII quote in its place is a byte any other
        // trigger looks at after its first.
        let found = self.fixer.cfg.tidy_triggers().steps(line);
        let mut fixed = None;
        if found & QUOTES != 0 {
            if let Cow::Owned(u) = uncurl(line) {
                if let Some(log) = log.as_deref_mut() {
                    log.push(whole_line_change(line, at, &u, Step::UncurledQuotes));
                }
                fixed = Some(u);
            }
        }
        let fixed = self.tidy(line, at, no_made_bom(line, at, fixed), Some(found), log);
        sink(line, fixed);
    }

    /// Passes whole lines that need nothing on as they are, in one piece.
    fn pass_as_is(&mut self, text: &str, sink: &mut dyn FnMut(&str, Option<String>)) {
        if text.is_empty() {
            return;
        }
        if self.fixer.cfg.code != MarkdownCode::Repair {
            self.fences.advance(text);
        }
        if self.fixer.cfg.tidy.html == Html::Auto && !self.markup {
            // (As `tidy` learns it line by line.)
            self.markup = memchr::memchr(b'<', text.as_bytes()).is_some();
        }
        self.offset += text.len();
        // (Positions are for explanations only, but a stream may be asked
        // for one from any chunk on: they are kept.)
        self.line += count_lf(text.as_bytes());
        if text.ends_with('\n') {
            self.column = 1;
        } else {
            // A partial last line: the input's end, never continued.
            self.line += 1;
            self.column = 1 + text[text.rfind('\n').map_or(0, |p| p + 1)..]
                .chars()
                .count();
        }
        sink(text, None);
    }

    /// Ends the input: held lines keep their code as it is.
    pub(crate) fn finish(
        &mut self,
        sink: &mut dyn FnMut(&str, Option<String>),
        log: Option<&mut Vec<Change>>,
    ) {
        self.flush(false, sink, log);
    }

    fn flush(
        &mut self,
        code_ok: bool,
        sink: &mut dyn FnMut(&str, Option<String>),
        mut log: Option<&mut Vec<Change>>,
    ) {
        for p in std::mem::take(&mut self.pending) {
            let text = p.norm.as_deref().unwrap_or(&p.line);
            let fixed = self
                .fixer
                .render(text, &p.analysis, code_ok, p.at, log.as_deref_mut())
                .or(p.norm);
            let fixed = self.tidy(
                &p.line,
                p.at,
                no_made_bom(&p.line, p.at, fixed),
                None,
                log.as_deref_mut(),
            );
            sink(&p.line, fixed);
        }
        self.pending_bytes = 0;
    }

    /// `found`: what [`repair::scan`] found of the line (`None`: no
    /// repairing); `margins`: the repairs are explained, each with its
    /// margin (see [`repair::find_weighed`]).
    fn analyze(
        &mut self,
        line: &str,
        continues: bool,
        found: Option<repair::Found>,
        margins: bool,
    ) -> Analysis {
        let cfg = &*self.fixer.cfg;
        let code_line = cfg.code != MarkdownCode::Repair
            && if continues {
                self.fences.inside()
            } else {
                self.fences.line_is_code(line)
            };
        // (A coherent line is weighed letter for letter through a legacy
        // path the document has proven: see `channel::may_swap_letters`.)
        let proven = self.seen.legacy_paths(self.offset);
        let Some(found) =
            found.filter(|f| f.any() || repair::channel::may_swap_letters(line, proven))
        else {
            return Analysis {
                repairs: Vec::new(),
                code: Vec::new(),
                in_code: Vec::new(),
            };
        };
        let repairs = if self.unrepaired.holds(line, found, proven) {
            Vec::new()
        } else {
            let mut repairs = repair::find_weighed(line, &self.seen, margins);
            repair::decode::decide(line, found, &mut repairs, proven);
            self.seen.learn(line, &repairs, self.offset);
            self.unrepaired.note(line, found, proven, &repairs);
            repairs
        };
        let code = if cfg.code == MarkdownCode::Repair {
            Vec::new()
        } else if code_line {
            vec![(0, line.len())]
        } else {
            markdown::code_spans(line)
        };
        let in_code = repairs
            .iter()
            .map(|r| code.iter().any(|&(s, e)| s <= r.start && r.start < e))
            .collect();
        Analysis {
            repairs,
            code,
            in_code,
        }
    }
}

impl Engine {
    /// The opt-in tidying steps (see [`crate::tidy`]) on the output for the
    /// piece `line`: `fixed`, or `line` itself when that is `None`.
    /// `found`: what the scan of
    /// [`Config::tidy_triggers`](super::Config::tidy_triggers) found in that
    /// output, when the caller has made it.
    fn tidy(
        &mut self,
        line: &str,
        at: Pos,
        fixed: Option<String>,
        found: Option<crate::tidy::scan::Steps>,
        mut log: Option<&mut Vec<Change>>,
    ) -> Option<String> {
        let cfg = &*self.fixer.cfg;
        if !cfg.tidy.any() {
            return fixed;
        }
        let html = match cfg.tidy.html {
            Html::Off => false,
            Html::Always => true,
            Html::Auto => {
                self.markup |= line.contains('<');
                !self.markup
            }
        };
        let cur = fixed.as_deref().unwrap_or(line);
        let mut unescaped = false;
        // Each change is logged from the text before its step, so that its
        // plan replays it.
        let mut prev = log.as_ref().map(|_| cur.to_string());
        let out = cfg.tidy.run(cur, html, found, |fix, after| {
            unescaped |= fix == Fix::UnescapeHtml;
            if let (Some(log), Some(prev)) = (log.as_deref_mut(), prev.as_mut()) {
                log.push(tidied(line, at, prev, after, fix));
                *prev = after.to_string();
            }
        });
        let mut out = match out {
            Cow::Borrowed(_) => None,
            Cow::Owned(s) => Some(s),
        };
        // Entities can spell mojibake (`&Atilde;&copy;`), curly quotes or
        // characters NFC composes: repair, uncurl and compose again.
        if let Some(s) = out.as_mut().filter(|_| unescaped) {
            if cfg.repair && repair::scan(s) {
                *s = more_rounds(std::mem::take(s), at, log.as_deref_mut());
            }
            if cfg.uncurl_quotes {
                if let Cow::Owned(u) = uncurl(s) {
                    *s = u;
                }
            }
        }
        if let Some(s) = out.as_mut().filter(|s| cfg.nfc && !crate::nfc::is_nfc(s)) {
            *s = s.nfc().collect();
        }
        if let Some(form) = cfg.tidy.form {
            let cur = out.as_deref().or(fixed.as_deref()).unwrap_or(line);
            if let Cow::Owned(n) = crate::tidy::normalize(cur, form) {
                if let Some(log) = log {
                    let fix = match form {
                        Form::Nfd => Fix::Nfd,
                        Form::Nfkd => Fix::Nfkd,
                        Form::Nfkc | Form::Nfc => Fix::Nfkc,
                    };
                    log.push(tidied(line, at, cur, &n, fix));
                }
                out = Some(n);
            }
        }
        out.or(fixed)
    }
}
