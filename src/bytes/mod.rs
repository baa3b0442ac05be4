//! Bytes in: BOMs, UTF-16, legacy-encoded files, and UTF-8 files with
//! legacy lines pasted in.
//!
//! [`ByteDecoder`] is a push decoder shared by one-shot calls and streams,
//! so both make the same decisions from the same bytes whatever the
//! chunking. Its order of decisions:
//!
//! 1. A forced encoding, if the caller named one.
//! 2. A byte order mark (UTF-8, UTF-16LE, UTF-16BE), or UTF-16 without one
//!    where the NUL bytes of the first KiB clearly say so.
//! 3. Line by line: a line with ISO-2022-JP escapes is decoded as such;
//!    a line that is valid UTF-8 stays UTF-8 once the document has shown
//!    itself UTF-8: a UTF-8 BOM, or before any line that is not UTF-8, a
//!    line with non-ASCII that reads as one text or holds UTF-8 mojibake
//!    ([`shows_utf8`]), or [`UTF8_EVIDENCE`] characters beyond ASCII in
//!    other valid lines, or [`HEAD`] bytes held. Until then, valid UTF-8
//!    lines with non-ASCII in them are held back: legacy text reads as
//!    UTF-8 by chance here and there (GBK `未知` is UTF-8 `δ֪`), a first
//!    line too, and reads so as letters of scripts thrown together.
//! 4. At the first line that is not UTF-8, the decoder looks ahead (up to
//!    [`SAMPLE`] bytes of such lines, [`LOOKAHEAD`] bytes in all) and picks
//!    the legacy encoding that reads those lines most plausibly: chardetng's
//!    guess, windows-1252 and the other common codepages (the DOS ones
//!    encoding_rs lacks, IBM437 and IBM850, from the codec's tables: see
//!    [`charset`]) are all decoded and scored with the plausibility model;
//!    where two decode identically, windows-1252 wins. Unless the document
//!    has shown itself UTF-8, or more than a fifth of the valid UTF-8 lines
//!    held back read better as UTF-8 than in that encoding, or the other
//!    lines are UTF-8 with characters cut, the document is legacy as a
//!    whole and every line is decoded with that encoding; otherwise each
//!    line that is not UTF-8 is decoded with it, keeping any valid UTF-8
//!    inside the line where that reads better.
//! 5. Bytes that the chosen encoding does not define become U+FFFD, counted.
//!
//! Each stretch decoded is recorded as a [`DecodedRange`], with the margin
//! of the choice of its encoding where one was weighed (step 4).
//!
//! The choice of a legacy encoding is [`choose`]'s; telling UTF-16 without
//! a BOM, [`utf16`]'s.

use std::ops::Range;

use encoding_rs::Encoding;

use crate::explain::Margin;
use crate::model;

mod charset;
mod choose;
mod utf16;

use charset::decode_into;
pub(crate) use charset::Charset;

use choose::{choose_legacy, reading_cost, CONTEXT, REPLACED_COST};
use utf16::utf16_without_bom;

/// Longest piece of a line handed on at once; longer lines are cut (see
/// [`piece_end`]).
pub(crate) const PIECE: usize = 64 * 1024;
/// Bytes of non-UTF-8 lines sampled to choose a legacy encoding.
pub(crate) const SAMPLE: usize = 64 * 1024;
/// Most bytes held back while sampling.
pub(crate) const LOOKAHEAD: usize = 1024 * 1024;
/// Characters beyond ASCII in valid UTF-8 lines that do not show the
/// document UTF-8 on their own ([`shows_utf8`]), before any line that is not
/// UTF-8, that make a document UTF-8 all the same: until then such lines
/// are held back, since legacy text reads as UTF-8 here and there by chance
/// (GBK `未知` is UTF-8 `δ֪`; Mac OS Roman `l’é` is `lՎ`), a few
/// characters at a time, hardly ever this many.
const UTF8_EVIDENCE: usize = 16;
/// Most bytes held back while waiting for [`UTF8_EVIDENCE`]: past these,
/// with no line that is not UTF-8, the document is UTF-8.
const HEAD: usize = 16 * 1024;
/// Bytes looked at to spot UTF-16 without a BOM.
const UTF16_PROBE: usize = 1024;

/// Where a line longer than [`PIECE`] is cut: after the last space that
/// follows an ASCII byte in the second half of the first [`PIECE`] bytes,
/// else between the last two ASCII bytes, else at the last UTF-8 character
/// boundary. Depends only on the bytes, so every chunking cuts alike, and
/// never inside a UTF-8 character or a mojibake run.
pub(crate) fn piece_end(b: &[u8]) -> usize {
    debug_assert!(b.len() > PIECE);
    for p in (PIECE / 2..PIECE).rev() {
        if b[p] == b' ' && b[p - 1] < 0x80 {
            return p + 1;
        }
    }
    for p in (1..PIECE).rev() {
        if b[p] < 0x80 && b[p - 1] < 0x80 {
            return p;
        }
    }
    (1..=PIECE)
        .rev()
        .find(|&p| b[p] & 0xC0 != 0x80)
        .unwrap_or(PIECE)
}

/// A stretch of the input decoded from a legacy encoding.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct DecodedRange {
    /// Byte range in the input.
    pub range: Range<usize>,
    /// The encoding's name (`windows-1252`, `Shift_JIS`, `UTF-16LE`, …).
    pub encoding: String,
    /// Where the encoding was chosen by weighing the candidates' readings
    /// of the lines that are not UTF-8: by how many nats it read them
    /// more probably than the best encoding that reads them otherwise
    /// (zero on a tie, which windows-1252 wins). `None` where nothing was weighed: a byte order
    /// mark, UTF-16 told by its NUL bytes, an encoding named by the
    /// caller, ISO-2022-JP told by its escapes, lines of UTF-8 with
    /// characters cut.
    #[cfg_attr(feature = "serde", serde(default))]
    pub margin: Option<Margin>,
}

enum Mode {
    /// Nothing decided yet: waiting for enough bytes to look for a BOM.
    Start,
    /// A whole-stream decoder (UTF-16, forced multi-byte encodings).
    Whole(encoding_rs::Decoder, &'static Encoding),
    /// Line by line.
    Lines,
}

/// The push decoder: bytes in, complete lines (or pieces of long lines) of
/// text out.
pub(crate) struct ByteDecoder {
    forced: Option<Charset>,
    mode: Mode,
    /// Raw bytes not yet handed on; `buf[0]` is input byte `offset`.
    buf: Vec<u8>,
    offset: usize,
    /// Whether the next line-mode piece continues a line.
    mid_line: bool,
    /// Decoded text of whole-stream mode not yet handed on (in line mode,
    /// a buffer for the lines of a legacy document decoded at once).
    text: String,
    text_mid_line: bool,
    /// The document is UTF-8: its head showed UTF-8 lines with non-ASCII
    /// in them (see [`UTF8_EVIDENCE`]), or a UTF-8 BOM.
    seen_utf8: bool,
    /// The legacy encoding chosen for lines that are not UTF-8.
    legacy: Option<Charset>,
    /// By how much `legacy` was chosen over the best encoding that reads
    /// otherwise (`None`: it was not weighed, but named by the caller).
    legacy_margin: Option<Margin>,
    /// Every non-ASCII line is decoded with `legacy`.
    whole_legacy: bool,
    /// Input offset before which the line of every escape byte is one the
    /// fast path of line mode passes as it is, as far as escapes go (see
    /// [`ByteDecoder::utf8_lines`]): not looked at again.
    escapes_passed: usize,
    /// Lines held back while sampling: (raw line, input offset, continues).
    held: Vec<(Vec<u8>, usize, bool)>,
    held_bytes: usize,
    held_sample: usize,
    /// Characters beyond ASCII in the held lines that are valid UTF-8.
    held_utf8: usize,
    /// ASCII lines seen before the legacy encoding was chosen (up to
    /// [`CONTEXT`] bytes): they tell the text's language.
    context: String,
    /// Bytes replaced with U+FFFD.
    pub(crate) replaced: usize,
    /// The stretches decoded from a legacy encoding.
    pub(crate) decoded: Vec<DecodedRange>,
    /// The encoding the input was read as, once known.
    pub(crate) encoding: Option<Charset>,
}

/// Where decoded text goes, with where it sits in its lines. `'i` is the
/// lifetime of the input being fed: text handed on as [`Text::Input`]
/// borrows it.
pub(crate) type Emit<'a, 'i> = dyn for<'t> FnMut(Text<'i, 't>, Cut) + 'a;

/// A stretch of decoded text handed on, with where it lives.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Text<'i, 't> {
    /// Bytes of the chunk being fed, valid UTF-8, passed on where they lie
    /// (exactly those bytes, in the input's order).
    Input(&'i str),
    /// Text the decoder made or held (decoded, or kept from an earlier
    /// chunk).
    Made(&'t str),
}

impl<'i: 't, 't> Text<'i, 't> {
    /// The text, wherever it lives.
    pub(crate) fn as_str(self) -> &'t str {
        match self {
            Text::Input(s) => s,
            Text::Made(s) => s,
        }
    }
}

/// Where a stretch of text handed on sits in its lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cut {
    /// One line, or the first piece of a line longer than [`PIECE`].
    Line,
    /// A later piece of a line longer than [`PIECE`].
    Continues,
    /// Whole lines of UTF-8 (any number, of any length: the receiver cuts
    /// them as [`crate::fixer::for_each_piece`] does), each ending in a
    /// line feed but perhaps the last one of the input.
    Lines,
    /// [`Cut::Lines`] known to be ASCII (the decoder looked, so the
    /// receiver need not look again).
    AsciiLines,
}

impl Cut {
    /// A piece that `continues` a line, or starts one.
    pub(crate) fn piece(continues: bool) -> Cut {
        if continues {
            Cut::Continues
        } else {
            Cut::Line
        }
    }
}

impl ByteDecoder {
    pub(crate) fn new(forced: Option<Charset>) -> ByteDecoder {
        ByteDecoder {
            forced,
            mode: Mode::Start,
            buf: Vec::new(),
            offset: 0,
            mid_line: false,
            text: String::new(),
            text_mid_line: false,
            seen_utf8: false,
            legacy: None,
            legacy_margin: None,
            whole_legacy: false,
            escapes_passed: 0,
            held: Vec::new(),
            held_bytes: 0,
            held_sample: 0,
            held_utf8: 0,
            context: String::new(),
            replaced: 0,
            decoded: Vec::new(),
            encoding: None,
        }
    }

    /// Takes the next chunk; `last` ends the input. Valid UTF-8 lines of
    /// `input` that pass as they are go on as [`Text::Input`], borrowed
    /// where they lie; everything else as [`Text::Made`].
    pub(crate) fn feed<'i>(&mut self, mut input: &'i [u8], last: bool, emit: &mut Emit<'_, 'i>) {
        if let Mode::Start = self.mode {
            if self.buf.is_empty() {
                // Decided from this chunk where it lies, when it is enough
                // (the same bytes as held ones would be).
                match self.start(input, last) {
                    Some(bom) => {
                        input = &input[bom..];
                        self.offset += bom;
                    }
                    None => {
                        self.buf.extend_from_slice(input);
                        return;
                    }
                }
            } else {
                self.buf.extend_from_slice(input);
                input = &[];
                let buf = std::mem::take(&mut self.buf);
                let decided = self.start(&buf, last);
                self.buf = buf;
                match decided {
                    Some(bom) => self.consume(bom),
                    None => return,
                }
            }
        }
        match &mut self.mode {
            Mode::Start => unreachable!("decided above"),
            Mode::Whole(..) => {
                self.buf.extend_from_slice(input);
                self.feed_whole(last, emit);
            }
            Mode::Lines => {
                // Bytes held from before (an unfinished line) are finished
                // from the new input's first line, and the rest of the
                // input is read where it lies, not copied.
                if !self.buf.is_empty() {
                    let head = memchr::memchr(b'\n', input).map_or(input.len(), |n| n + 1);
                    self.buf.extend_from_slice(&input[..head]);
                    input = &input[head..];
                    let mut buf = std::mem::take(&mut self.buf);
                    // (Held bytes are the decoder's own, not the input's.)
                    let used = self.feed_lines(&buf, last && input.is_empty(), &mut |t, cut| {
                        emit(Text::Made(t.as_str()), cut)
                    });
                    buf.drain(..used);
                    self.buf = buf;
                }
                if !input.is_empty() {
                    debug_assert!(self.buf.is_empty());
                    let used = self.feed_lines(input, last, emit);
                    self.buf.extend_from_slice(&input[used..]);
                }
                if last {
                    self.decide(emit);
                }
            }
        }
    }

    /// Looks at the start of the input, `b` (every byte of it so far),
    /// and chooses the mode: the length of the byte order mark to skip, or
    /// `None` while more bytes are needed.
    fn start(&mut self, b: &[u8], last: bool) -> Option<usize> {
        if let Some(Charset::Dos(_)) = self.forced {
            // (A DOS codepage, forced: every line is read in it.)
            self.encoding = self.forced;
            self.legacy = self.forced;
            self.whole_legacy = true;
            self.mode = Mode::Lines;
            return Some(0);
        }
        if let Some(Charset::Whatwg(enc)) = self.forced {
            let (bom_enc, bom_len) = Encoding::for_bom(b).unwrap_or((enc, 0));
            if b.len() < 3 && !last {
                return None;
            }
            let skip = if bom_enc == enc { bom_len } else { 0 };
            self.encoding = Some(enc.into());
            if enc == encoding_rs::UTF_8 {
                self.mode = Mode::Lines;
            } else if Charset::from(enc).is_line_safe() {
                self.legacy = Some(enc.into());
                self.whole_legacy = true;
                self.mode = Mode::Lines;
            } else {
                self.mode = Mode::Whole(enc.new_decoder_without_bom_handling(), enc);
            }
            return Some(skip);
        }
        if b.len() < 3 && !last {
            // Could still be a BOM.
            if b.is_empty() || [0xEF, 0xFE, 0xFF].contains(&b[0]) {
                return None;
            }
        }
        if let Some((enc, len)) = Encoding::for_bom(b) {
            self.encoding = Some(enc.into());
            // (A UTF-8 BOM makes the document UTF-8: lines that are not
            // are UTF-8 with characters cut or lines pasted in.)
            self.seen_utf8 = enc == encoding_rs::UTF_8;
            self.mode = if enc == encoding_rs::UTF_8 {
                Mode::Lines
            } else {
                Mode::Whole(enc.new_decoder_without_bom_handling(), enc)
            };
            return Some(len);
        }
        if b.len() < UTF16_PROBE && !last {
            // UTF-16 without a BOM shows in its NULs: wait for the sample
            // (the same bytes whatever the chunking).
            return None;
        }
        if let Some(enc) = utf16_without_bom(&b[..b.len().min(UTF16_PROBE)]) {
            self.encoding = Some(enc.into());
            self.mode = Mode::Whole(enc.new_decoder_without_bom_handling(), enc);
            return Some(0);
        }
        self.mode = Mode::Lines;
        Some(0)
    }

    fn consume(&mut self, n: usize) {
        self.buf.drain(..n);
        self.offset += n;
    }

    fn feed_whole(&mut self, last: bool, emit: &mut Emit<'_, '_>) {
        let Mode::Whole(dec, enc) = &mut self.mode else {
            return;
        };
        let start = self.offset;
        let input = std::mem::take(&mut self.buf);
        self.offset += input.len();
        let (n, replaced) = decode_into(dec, &input, last, &mut self.text);
        debug_assert_eq!(n, input.len());
        self.replaced += replaced;
        if !input.is_empty() {
            push_range(&mut self.decoded, start..self.offset, enc.name(), None);
        }
        // Hand on complete lines, and pieces of over-long ones.
        let mut at = 0;
        let t = std::mem::take(&mut self.text);
        loop {
            let rest = &t[at..];
            if !self.text_mid_line {
                // Whole lines, in one stretch.
                let end = if last {
                    rest.len()
                } else {
                    memchr::memrchr(b'\n', rest.as_bytes()).map_or(0, |n| n + 1)
                };
                if end > 0 {
                    emit(Text::Made(&rest[..end]), Cut::Lines);
                    at += end;
                    continue;
                }
            }
            let nl = memchr::memchr(b'\n', rest.as_bytes());
            if rest.len() > PIECE && nl.is_none_or(|nl| nl >= PIECE) {
                // Cut as `for_each_piece` cuts (see `feed_lines`).
                let cut = piece_end(rest.as_bytes());
                emit(Text::Made(&rest[..cut]), Cut::piece(self.text_mid_line));
                self.text_mid_line = true;
                at += cut;
            } else if let Some(nl) = nl {
                emit(Text::Made(&rest[..=nl]), Cut::piece(self.text_mid_line));
                self.text_mid_line = false;
                at += nl + 1;
            } else {
                if last && !rest.is_empty() {
                    emit(Text::Made(rest), Cut::piece(self.text_mid_line));
                    at = t.len();
                }
                break;
            }
        }
        self.text = t[at..].to_string();
    }

    /// Hands on the lines of `buf` (input bytes from `self.offset` on): all
    /// of them when `last`, else those complete and the pieces of an
    /// over-long one. Returns how many bytes were used.
    fn feed_lines<'b>(&mut self, buf: &'b [u8], last: bool, emit: &mut Emit<'_, 'b>) -> usize {
        let mut at = 0;
        loop {
            let rest = &buf[at..];
            if !self.mid_line {
                let n = if self.whole_legacy {
                    self.legacy_lines(rest, self.offset + at, last, emit)
                } else {
                    self.utf8_lines(rest, self.offset + at, last, emit)
                };
                if n > 0 {
                    at += n;
                    continue;
                }
            }
            let nl = memchr::memchr(b'\n', rest);
            let (piece, ends_line) = if rest.len() > PIECE && nl.is_none_or(|nl| nl >= PIECE) {
                // A line longer than PIECE, line feed included: cut as
                // `for_each_piece` cuts it, so that every path and every
                // chunking hands on the same pieces.
                (&rest[..piece_end(rest)], false)
            } else if let Some(nl) = nl {
                (&rest[..=nl], true)
            } else if last && !rest.is_empty() {
                (rest, true)
            } else {
                break;
            };
            let continues = self.mid_line;
            self.mid_line = !ends_line;
            let off = self.offset + at;
            at += piece.len();
            self.line(piece, off, continues, false, emit);
        }
        self.offset += at;
        at
    }

    /// The fast path of line mode: the whole lines at the start of `rest`
    /// (input byte `off` on) that the line-by-line path would hand on as
    /// they are (valid UTF-8, no ISO-2022-JP escape, nothing held back, the
    /// document not legacy), handed on in one stretch. Returns how many
    /// bytes that was (0: none; the line-by-line path takes the next line).
    fn utf8_lines<'b>(
        &mut self,
        rest: &'b [u8],
        off: usize,
        last: bool,
        emit: &mut Emit<'_, 'b>,
    ) -> usize {
        if !self.held.is_empty() || self.whole_legacy || rest.is_empty() {
            return 0;
        }
        // Up to the first byte the line-by-line path treats apart: an
        // escape on a line that ISO-2022-JP reads otherwise (or that is
        // longer than a piece, or unfinished), or one that is not UTF-8.
        // The escapes first, each line looked at once however many calls
        // pass over it; then the bytes before the first such escape are
        // validated once (again, up to the last whole line, only where some
        // are not UTF-8).
        let mut from = self.escapes_passed.saturating_sub(off).min(rest.len());
        let limit = loop {
            let Some(esc) = memchr::memchr(0x1B, &rest[from..]).map(|p| from + p) else {
                break rest.len();
            };
            // An escape: its line passes as it is where the line-by-line
            // path would pass it (valid UTF-8, no longer than a piece, and
            // not ISO-2022-JP), and its bytes stay out of the context.
            let end = match memchr::memchr(b'\n', &rest[esc..]) {
                Some(n) => esc + n + 1,
                None if last => rest.len(),
                None => break esc,
            };
            // (Searched from a line's start, the line starts at `from` or
            // after, and `esc` is its first escape: a colour code there,
            // `ESC [`, is none of ISO-2022-JP's, and a line no longer than
            // from `from` is no longer than a piece. Then its start is not
            // looked for.)
            let from_line = from == 0 || rest[from - 1] == b'\n';
            let plain =
                from_line && end - from <= PIECE && !matches!(rest.get(esc + 1), Some(b'$' | b'('));
            if !plain {
                let start = memchr::memrchr(b'\n', &rest[..esc]).map_or(0, |n| n + 1);
                let line = &rest[start..end];
                if line.len() > PIECE || iso_2022_jp_reads_otherwise(line) {
                    break esc;
                }
            }
            from = end;
            self.escapes_passed = off + end;
        };
        // (Until the document shows itself UTF-8, the first line with bytes
        // beyond ASCII is asked whether it shows it, as the line-by-line
        // path asks: if not, the stretch ends before it, and that path
        // holds it back. See [`UTF8_EVIDENCE`].)
        let unproven = self.utf8_unproven();
        let limit = match unproven.then(|| crate::repair::next_non_ascii(&rest[..limit])) {
            Some(Some(p)) => {
                let start = memchr::memrchr(b'\n', &rest[..p]).map_or(0, |n| n + 1);
                let end = match memchr::memchr(b'\n', &rest[p..]) {
                    Some(n) => p + n + 1,
                    None if last => rest.len(),
                    None => start,
                };
                let line = &rest[start..end];
                let shown = end > start
                    && line.len() <= PIECE
                    && memchr::memchr(0x1B, line).is_none()
                    && std::str::from_utf8(line).is_ok_and(shows_utf8);
                if shown {
                    self.shown_utf8();
                    limit
                } else {
                    start
                }
            }
            _ => limit,
        };
        // (Where a byte that is not UTF-8 comes first, the stretch ends
        // before its line.)
        let (ok, whole) = match simdutf8::compat::from_utf8(&rest[..limit]) {
            Ok(s) => (limit, Some(s)),
            Err(e) => (e.valid_up_to(), None),
        };
        let end = if ok == rest.len() && last {
            ok
        } else {
            match memchr::memrchr(b'\n', &rest[..ok]) {
                Some(n) => n + 1,
                None => return 0,
            }
        };
        // (A line feed is a character boundary.)
        let text = match whole {
            Some(s) => &s[..end],
            None => simdutf8::basic::from_utf8(&rest[..end]).expect("valid up to here"),
        };
        if self.legacy.is_none() && self.context.len() < CONTEXT {
            // The ASCII lines before a legacy one tell its language.
            self.gather_context(text);
        }
        let mut cut = Cut::Lines;
        if !self.seen_utf8 {
            if text.is_ascii() {
                cut = Cut::AsciiLines;
            } else {
                self.shown_utf8();
            }
        }
        emit(Text::Input(text), cut);
        end
    }

    /// Adds the ASCII lines of `text` (whole lines, but perhaps the last)
    /// without an escape to the context, in order, until it holds
    /// [`CONTEXT`] bytes or more. (In a document of accented or non-Latin
    /// text the context may never fill: each line then costs a step of one
    /// search for line feeds and a look at its first bytes.)
    fn gather_context(&mut self, text: &str) {
        let b = text.as_bytes();
        let mut at = 0;
        let ends = memchr::memchr_iter(b'\n', b).map(|n| n + 1);
        for end in ends.chain((b.last() != Some(&b'\n')).then_some(b.len())) {
            if self.context.len() >= CONTEXT {
                return;
            }
            let line = &text[at..end];
            at = end;
            if line.is_ascii() && !line.contains('\u{1B}') {
                self.context.push_str(line);
            }
        }
    }

    /// The fast path of a legacy document: the whole lines at the start of
    /// `rest` (input byte `off` on), decoded in one call and handed on in
    /// one stretch. The same text as line by line: every line but perhaps
    /// the input's last ends in a line feed, after which the decoder of an
    /// ASCII-compatible encoding that is safe line by line is in its first
    /// state, and an ASCII line reads the same in it as in UTF-8. Returns
    /// how many bytes were used (0: none; the line-by-line path takes the
    /// next line).
    fn legacy_lines(
        &mut self,
        rest: &[u8],
        off: usize,
        last: bool,
        emit: &mut Emit<'_, '_>,
    ) -> usize {
        let Some(enc) = self.legacy else { return 0 };
        if !self.held.is_empty() || rest.is_empty() {
            return 0;
        }
        let end = if last {
            rest.len()
        } else {
            match memchr::memrchr(b'\n', rest) {
                Some(n) => n + 1,
                None => return 0,
            }
        };
        // The stretches decoded, as the line-by-line path records them: its
        // lines that are not ASCII. A line that may be longer than PIECE
        // once decoded (three bytes of UTF-8 to a byte at most) ends the
        // stretch: the line-by-line path cuts it before decoding.
        let mut at = 0;
        for line in rest[..end].split_inclusive(|&b| b == b'\n') {
            if line.len() > PIECE / 3 {
                break;
            }
            if !line.is_ascii() {
                push_range(
                    &mut self.decoded,
                    off + at..off + at + line.len(),
                    enc.name(),
                    self.legacy_margin,
                );
            }
            at += line.len();
        }
        if at == 0 {
            return 0;
        }
        let end = at;
        let raw = &rest[..end];
        let mut text = std::mem::take(&mut self.text);
        text.clear();
        let (_, replaced) = enc.decoder().decode_into(raw, true, &mut text);
        self.replaced += replaced;
        emit(Text::Made(&text), Cut::Lines);
        self.text = text;
        end
    }

    /// One line (or piece of a line) of raw bytes.
    fn line<'b>(
        &mut self,
        raw: &'b [u8],
        off: usize,
        continues: bool,
        replay: bool,
        emit: &mut Emit<'_, 'b>,
    ) {
        if !self.held.is_empty() && !replay {
            self.hold(raw, off, continues, emit);
            return;
        }
        if raw.is_ascii() && memchr::memchr(0x1B, raw).is_none() {
            if self.legacy.is_none() && self.context.len() < CONTEXT {
                self.context.push_str(ascii(raw));
            }
            emit(Text::Input(ascii(raw)), Cut::piece(continues));
            return;
        }
        if let Ok(s) = std::str::from_utf8(raw) {
            if !self.whole_legacy {
                if memchr::memchr(0x1B, raw).is_some() {
                    if let Some(t) = self.iso_2022_jp(raw, off) {
                        emit(Text::Made(&t), Cut::piece(continues));
                        return;
                    }
                }
                if !raw.is_ascii() {
                    if self.utf8_unproven() && !shows_utf8(s) {
                        // (Legacy text that reads as UTF-8 by chance, or
                        // UTF-8: the lines after it tell.)
                        self.hold(raw, off, continues, emit);
                        return;
                    }
                    self.shown_utf8();
                }
                emit(Text::Input(s), Cut::piece(continues));
                return;
            }
        }
        let Some(enc) = self.legacy else {
            self.hold(raw, off, continues, emit);
            return;
        };
        let text = self.decode_legacy(raw, off, enc);
        emit(Text::Made(&text), Cut::piece(continues));
    }

    fn iso_2022_jp(&mut self, raw: &[u8], off: usize) -> Option<String> {
        let enc = encoding_rs::ISO_2022_JP;
        if !may_be_iso_2022_jp(raw) {
            return None;
        }
        let s = enc.decode_without_bom_handling_and_without_replacement(raw)?;
        if s.as_bytes() == raw {
            return None;
        }
        push_range(&mut self.decoded, off..off + raw.len(), enc.name(), None);
        self.encoding.get_or_insert(enc.into());
        Some(s.into_owned())
    }

    /// The document has shown itself UTF-8: its encoding, if none was
    /// named or chosen before.
    fn shown_utf8(&mut self) {
        self.seen_utf8 = true;
        self.encoding.get_or_insert(encoding_rs::UTF_8.into());
    }

    /// Whether the document may still be legacy though its lines so far
    /// are UTF-8: no encoding named, none chosen, and not enough UTF-8
    /// seen ([`UTF8_EVIDENCE`]).
    fn utf8_unproven(&self) -> bool {
        self.forced.is_none() && self.legacy.is_none() && !self.seen_utf8
    }

    /// Holds a line back while sampling lines that are not UTF-8, or, before
    /// any, while valid UTF-8 lines are too few to prove the document UTF-8.
    fn hold(&mut self, raw: &[u8], off: usize, continues: bool, emit: &mut Emit<'_, '_>) {
        let mut shown = false;
        match std::str::from_utf8(raw) {
            Err(_) => self.held_sample += raw.len(),
            Ok(s) if !raw.is_ascii() => {
                // (Each character beyond ASCII has one lead byte, 0xC0 and
                // up.)
                self.held_utf8 += raw.iter().filter(|&&b| b >= 0xC0).count();
                shown = self.held_sample == 0 && self.utf8_unproven() && shows_utf8(s);
            }
            Ok(_) => {}
        }
        self.held_bytes += raw.len();
        self.held.push((raw.to_vec(), off, continues));
        if self.held_sample >= SAMPLE || self.held_bytes >= LOOKAHEAD {
            self.decide(emit);
        } else if self.held_sample == 0
            && (shown || self.held_utf8 >= UTF8_EVIDENCE || self.held_bytes >= HEAD)
        {
            self.utf8_proven(emit);
        }
    }

    /// The held lines, all valid UTF-8, prove the document UTF-8: they are
    /// handed on as such, whole lines without an escape in one stretch (as
    /// the fast path hands them on), the others one by one.
    fn utf8_proven(&mut self, emit: &mut Emit<'_, '_>) {
        self.shown_utf8();
        let held = std::mem::take(&mut self.held);
        self.held_bytes = 0;
        self.held_utf8 = 0;
        let mut text = std::mem::take(&mut self.text);
        text.clear();
        for (raw, off, continues) in held {
            if !continues && raw.ends_with(b"\n") && memchr::memchr(0x1B, &raw).is_none() {
                text.push_str(std::str::from_utf8(&raw).expect("held as valid UTF-8"));
                continue;
            }
            if !text.is_empty() {
                self.gather_context(&text);
                emit(Text::Made(&text), Cut::Lines);
                text.clear();
            }
            // (Held lines are the decoder's own copies.)
            self.line(&raw, off, continues, true, &mut |t, cut| {
                emit(Text::Made(t.as_str()), cut)
            });
        }
        if !text.is_empty() {
            self.gather_context(&text);
            emit(Text::Made(&text), Cut::Lines);
            text.clear();
        }
        self.text = text;
    }

    /// Chooses the legacy encoding from the held lines and replays them
    /// (held lines that are all UTF-8, at the end of the input, are UTF-8).
    fn decide(&mut self, emit: &mut Emit<'_, '_>) {
        if self.held.is_empty() {
            return;
        }
        if self.held_sample == 0 {
            self.utf8_proven(emit);
            return;
        }
        let held = std::mem::take(&mut self.held);
        self.held_bytes = 0;
        self.held_sample = 0;
        self.held_utf8 = 0;
        let bad: Vec<&[u8]> = held
            .iter()
            .map(|h| h.0.as_slice())
            .filter(|l| std::str::from_utf8(l).is_err())
            .collect();
        // The ASCII lines before and among them tell the language.
        let mut context = std::mem::take(&mut self.context);
        for (raw, _, _) in &held {
            if raw.is_ascii() && context.len() < CONTEXT {
                context.push_str(ascii(raw));
            }
        }
        let (enc, margin) = choose_legacy(&bad, &context);
        self.legacy_margin = margin.map(Margin::from_nats);
        // Lines that happen to be valid UTF-8 in a legacy document (`史.`
        // in GBK is `ʷ.` in UTF-8): the document is UTF-8 only if they
        // mostly read better as UTF-8.
        let m = model::model();
        let (mut utf8, mut legacy) = (0, 0);
        for (raw, _, _) in &held {
            if let (false, Ok(s)) = (raw.is_ascii(), std::str::from_utf8(raw)) {
                let (t, n) = decode_all(enc, raw);
                let as_legacy = m.cost_between(None, &t, None) + REPLACED_COST * n as f32;
                if m.cost_between(None, s, None) <= as_legacy {
                    utf8 += 1;
                } else {
                    legacy += 1;
                }
            }
        }
        // Lines that are UTF-8 but for a byte or two (characters cut) make
        // a UTF-8 document too: where they hold enough valid UTF-8 and read
        // better so than in the legacy encoding (which reads as UTF-8 here
        // and there by chance).
        let cut_utf8 = {
            let sample: Vec<(&[u8], Utf8Share)> =
                bad.iter().take(64).map(|&l| (l, utf8_share(l))).collect();
            sample.iter().all(|(_, s)| s.clear())
                || (sample.iter().all(|(_, s)| s.likely())
                    && sample
                        .iter()
                        .map(|&(l, _)| {
                            let (t, n) = decode_all(enc, l);
                            reading_cost(&t, n) - lossy_cost(l)
                        })
                        .sum::<f32>()
                        > 0.0)
        };
        self.legacy = Some(enc);
        self.whole_legacy = !self.seen_utf8 && !cut_utf8 && utf8 <= legacy / 4;
        self.encoding = Some(if self.whole_legacy {
            enc
        } else {
            encoding_rs::UTF_8.into()
        });
        for (raw, off, continues) in held {
            // (Held lines are the decoder's own copies.)
            self.line(&raw, off, continues, true, &mut |t, cut| {
                emit(Text::Made(t.as_str()), cut)
            });
        }
    }

    /// A line that is not UTF-8 (or any non-ASCII line of a legacy
    /// document), decoded with the legacy encoding; in a UTF-8 document,
    /// valid UTF-8 inside the line is kept where that reads better.
    fn decode_legacy(&mut self, raw: &[u8], off: usize, enc: Charset) -> String {
        let (whole, replaced) = decode_all(enc, raw);
        let mut text = whole;
        let mut n_replaced = replaced;
        let share = if self.whole_legacy {
            Utf8Share::default()
        } else {
            utf8_share(raw)
        };
        if share.clear() || (share.likely() && lossy_cost(raw) < reading_cost(&text, replaced)) {
            // A UTF-8 line but for characters cut (a byte or two lost):
            // what a UTF-8 decoder gives, U+FFFD for each broken sequence,
            // rather than a legacy reading of its lead byte (`Grüße` with
            // a byte of `ü` lost is `Gr�ße`, not `GrÃße`).
            self.replaced += broken_sequences(raw);
            push_range(&mut self.decoded, off..off + raw.len(), "UTF-8", None);
            return String::from_utf8_lossy(raw).into_owned();
        }
        if share.valid > 0 {
            // In a UTF-8 document, a line with valid UTF-8 in it and a few
            // legacy bytes pasted in: the valid UTF-8 kept and only the
            // rest decoded, by the document's legacy encoding where that
            // is single-byte, else windows-1252, is weighed against the
            // whole line read the legacy way (a multi-byte encoding reads
            // UTF-8 as CJK).
            let by = if enc.is_single_byte() {
                enc
            } else {
                encoding_rs::WINDOWS_1252.into()
            };
            let mut runs = String::with_capacity(raw.len() * 2);
            let mut r = 0;
            for chunk in raw.utf8_chunks() {
                runs.push_str(chunk.valid());
                let (t, n) = decode_all(by, chunk.invalid());
                runs.push_str(&t);
                r += n;
            }
            if reading_cost(&runs, r) < reading_cost(&text, n_replaced) {
                text = runs;
                n_replaced = r;
            }
        }
        self.replaced += n_replaced;
        push_range(
            &mut self.decoded,
            off..off + raw.len(),
            enc.name(),
            self.legacy_margin,
        );
        text
    }
}

/// Whether a valid UTF-8 line with characters beyond ASCII shows on its own
/// that the document is UTF-8: its letters can be one text
/// ([`coherent`](crate::repair::coherence::coherent)), or it holds UTF-8
/// mojibake (`cafÃ©`), which legacy bytes read as UTF-8 hardly ever make.
/// Legacy text that reads as UTF-8 by chance reads as letters of scripts
/// thrown together (GBK `未知` as `δ֪`, Mac OS Roman `l’écriture` as
/// `lՎcriture`).
fn shows_utf8(line: &str) -> bool {
    crate::repair::scan(line) || (!stray_mark(line) && crate::repair::coherence::coherent(line))
}

/// Whether a mark that only one script writes stands on a character of
/// another: a Hebrew accent on a Greek letter (`δ֪`, GBK `未知` read as
/// UTF-8: GBK's common lead bytes make Hebrew and Armenian of its trail
/// bytes). The line's coherence counts marks as no letters and misses it.
fn stray_mark(line: &str) -> bool {
    // (The script's blocks, for the marks of Cyrillic, Hebrew, Arabic,
    // Syriac, Thaana and N'Ko.)
    let home = |m: u32| -> Option<&'static [std::ops::RangeInclusive<u32>]> {
        Some(match m {
            0x0483..=0x0489 => &[0x0400..=0x052F],
            0x0591..=0x05C7 => &[0x0590..=0x05FF, 0xFB1D..=0xFB4F],
            0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06ED => &[
                0x0600..=0x06FF,
                0x0750..=0x077F,
                0x08A0..=0x08FF,
                0xFB50..=0xFDFF,
                0xFE70..=0xFEFF,
            ],
            0x0711 | 0x0730..=0x074A => &[0x0700..=0x074F],
            0x07A6..=0x07B0 => &[0x0780..=0x07BF],
            0x07EB..=0x07F3 => &[0x07C0..=0x07FF],
            _ => return None,
        })
    };
    let mut base = ' ';
    for c in line.chars() {
        match home(c as u32) {
            Some(blocks) => {
                if !blocks.iter().any(|b| b.contains(&(base as u32))) {
                    return true;
                }
            }
            None => base = c,
        }
    }
    false
}

/// The characters beyond ASCII of a line that are valid UTF-8, and its
/// broken sequences: how much it looks like UTF-8 with characters cut.
#[derive(Clone, Copy, Default)]
struct Utf8Share {
    valid: usize,
    invalid: usize,
}

impl Utf8Share {
    /// UTF-8 with characters cut beyond doubt: four valid characters to
    /// each broken sequence. Legacy text reads as UTF-8 only by chance:
    /// a GBK character about one time in seven, an EUC-KR one in ten,
    /// windows-1252 only where it holds mojibake.
    fn clear(self) -> bool {
        self.valid > 0 && self.valid >= 4 * self.invalid
    }

    /// Perhaps (a Latin line with one accent of two cut; short EUC-JP text
    /// reaches it by chance, its kana bytes continuing the bytes before
    /// them): the readings decide.
    fn likely(self) -> bool {
        self.valid > 0 && self.valid >= self.invalid
    }
}

/// Whether ISO-2022-JP reads `line` (which has an escape byte) as other
/// text than UTF-8 does: it decodes without error, and not to the same
/// bytes.
fn iso_2022_jp_reads_otherwise(line: &[u8]) -> bool {
    may_be_iso_2022_jp(line)
        && encoding_rs::ISO_2022_JP
            .decode_without_bom_handling_and_without_replacement(line)
            .is_some_and(|t| t.as_bytes() != line)
}

/// `false` where ISO-2022-JP surely cannot decode `line` without error:
/// its first escape byte is followed by none of the bytes its escape
/// sequences go on with (`$`, `(`), as in a terminal's colour codes
/// (`ESC [`). A test holds this to the decoder.
fn may_be_iso_2022_jp(line: &[u8]) -> bool {
    match memchr::memchr(0x1B, line) {
        Some(e) => matches!(line.get(e + 1), Some(b'$' | b'(')),
        None => true,
    }
}

/// [`reading_cost`] of `raw` read as UTF-8 with characters cut: U+FFFD for
/// each broken sequence, which costs [`CUT_COST`] here (a character cut is
/// an everyday accident of UTF-8 text, no failure to read it).
fn lossy_cost(raw: &[u8]) -> f32 {
    reading_cost(&String::from_utf8_lossy(raw), 0) + CUT_COST * broken_sequences(raw) as f32
}

/// The U+FFFDs a UTF-8 decoder puts in `raw`: one for each broken sequence.
fn broken_sequences(raw: &[u8]) -> usize {
    raw.utf8_chunks()
        .filter(|c| !c.invalid().is_empty())
        .count()
}

/// What a U+FFFD for a character cut costs in [`lossy_cost`].
const CUT_COST: f32 = 10.0;

/// [`Utf8Share`] of `raw` (broken sequences in a row count as one: a byte
/// put in the middle of a character breaks it in two).
fn utf8_share(raw: &[u8]) -> Utf8Share {
    let mut s = Utf8Share::default();
    let mut after_invalid = false;
    for c in raw.utf8_chunks() {
        // (Each character beyond ASCII has one lead byte, 0xC0 and up.)
        s.valid += c.valid().bytes().filter(|&b| b >= 0xC0).count();
        let continues = after_invalid && c.valid().is_empty();
        if !c.invalid().is_empty() && !continues {
            s.invalid += 1;
        }
        after_invalid = !c.invalid().is_empty();
    }
    s
}

/// Whether bytes look like a binary file rather than text: a NUL byte in
/// the first 8 KiB, unless the bytes are UTF-16 (with a BOM, or with the
/// NUL pattern of UTF-16 text).
///
/// ```
/// assert!(mojifix::looks_binary(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"));
/// assert!(!mojifix::looks_binary(b"plain text"));
/// assert!(!mojifix::looks_binary(b"\xFF\xFEh\0i\0"));
/// ```
pub fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if memchr::memchr(0, head).is_none() {
        return false;
    }
    if let Some((enc, _)) = Encoding::for_bom(head) {
        return enc == encoding_rs::UTF_8;
    }
    utf16_without_bom(&head[..head.len().min(UTF16_PROBE)]).is_none()
}

fn ascii(raw: &[u8]) -> &str {
    std::str::from_utf8(raw).expect("ASCII is UTF-8")
}

fn push_range(
    v: &mut Vec<DecodedRange>,
    range: Range<usize>,
    encoding: &'static str,
    margin: Option<Margin>,
) {
    if let Some(last) = v.last_mut() {
        if last.encoding == encoding && last.margin == margin && last.range.end == range.start {
            last.range.end = range.end;
            return;
        }
    }
    v.push(DecodedRange {
        range,
        encoding: encoding.to_string(),
        margin,
    });
}

/// Decodes each of `lines` on its own onto `text`, counting replaced
/// bytes. Where the encoding is safe line by line, lines that end in a line
/// feed share one decoder (it is in its first state after one, as it is
/// new; see `ByteDecoder::legacy_lines`): the same text, without a decoder
/// and a string for each line.
pub(super) fn decode_lines(enc: Charset, lines: &[&[u8]], text: &mut String) -> usize {
    let mut replaced = 0;
    if !enc.is_line_safe() {
        for l in lines {
            let (t, n) = decode_all(enc, l);
            text.push_str(&t);
            replaced += n;
        }
        return replaced;
    }
    let mut dec = enc.decoder();
    for l in lines {
        let ends = l.ends_with(b"\n");
        replaced += dec.decode_into(l, !ends, text).1;
        if !ends {
            dec = enc.decoder();
        }
    }
    replaced
}

/// Decodes a whole buffer, counting replaced bytes.
fn decode_all(enc: Charset, raw: &[u8]) -> (String, usize) {
    let mut out = String::with_capacity(raw.len() * 2);
    let (_, replaced) = enc.decoder().decode_into(raw, true, &mut out);
    (out, replaced)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line whose first escape is followed by neither `$` nor `(` never
    /// decodes as ISO-2022-JP, whatever is around it.
    #[test]
    fn lines_iso_2022_jp_cannot_read_are_not_decoded() {
        let befores: [&[u8]; 4] = [b"", b"abc ", "\u{e9} ".as_bytes(), b"\x0e\x0f"];
        let afters: [&[u8]; 5] = [
            b"",
            b"[0m text",
            b"B$B",
            b"(B\x1b$B$3",
            "\u{3042}".as_bytes(),
        ];
        for second in 0..=255u8 {
            for before in befores {
                for after in afters {
                    let line = [before, &[0x1B, second], after].concat();
                    let decoded = encoding_rs::ISO_2022_JP
                        .decode_without_bom_handling_and_without_replacement(&line);
                    if !may_be_iso_2022_jp(&line) {
                        assert!(decoded.is_none(), "{line:?}");
                        assert!(!iso_2022_jp_reads_otherwise(&line));
                    }
                }
            }
        }
        let jis = b"\x1b$B$3$s$K$A$O\x1b(B";
        assert!(may_be_iso_2022_jp(jis) && iso_2022_jp_reads_otherwise(jis));
        assert!(!may_be_iso_2022_jp(b"\x1b[35;1mnetstat\x1b[;m"));
    }

    /// Lines with escapes (colour codes, ISO-2022-JP, before and after
    /// bytes that are not UTF-8) decode alike however the input is cut:
    /// the fast path's memory of the escapes it passed holds across calls.
    #[test]
    fn escapes_decode_alike_however_cut() {
        let lines: [&[u8]; 7] = [
            b"\x1b[1mbold\x1b[0m caf\xc3\xa9\n",
            b"plain d\xc3\xa9j\xc3\xa0 vu\n",
            b"caf\xe9 cr\xe8me\n",
            b"\x1b$B$3$s$K$A$O\x1b(B\n",
            b"\x1b[31m caf\xe9 after an escape\n",
            b"caf\xe9 \x1b[0m before one\n",
            b"\x1b[0m",
        ];
        // (A UTF-8 document: the legacy encoding is chosen from the lines
        // that are not, sampled first; then the fast path takes the rest,
        // stopping at each of them.)
        let doc: Vec<u8> = lines[1]
            .iter()
            .chain(lines[2].repeat(SAMPLE / lines[2].len() + 1).iter())
            .chain((0..400).flat_map(|k: usize| lines[k * 7 % 6].iter().chain(lines[k % 3])))
            .chain(lines[6])
            .copied()
            .collect();
        let decoded = |size: usize| {
            let mut d = ByteDecoder::new(None);
            let mut out = String::new();
            for chunk in doc.chunks(size) {
                d.feed(chunk, false, &mut |t, _| out.push_str(t.as_str()));
            }
            d.feed(b"", true, &mut |t, _| out.push_str(t.as_str()));
            out
        };
        let whole = decoded(doc.len());
        // (Every ISO-2022-JP line decoded, every colour code kept.)
        let jis = (0..400).filter(|k| k * 7 % 6 == 3).count();
        assert_eq!(whole.matches("こんにちは").count(), jis);
        let escapes = doc.iter().filter(|&&b| b == 0x1B).count();
        assert_eq!(whole.matches('\u{1b}').count(), escapes - 2 * jis);
        for size in [1, 5, 64, 1000] {
            assert_eq!(decoded(size), whole, "in chunks of {size}");
        }
    }
}
