//! Streaming: the same pipeline as [`Fixer::fix_bytes`], fed in chunks.
//!
//! # The contract
//!
//! - Output is byte-identical to the one-shot result for the same input,
//!   however the input is chunked (empty chunks included).
//! - Text is handed on a line at a time: a line is written once its line
//!   feed has arrived (or the input ended). A line longer than 64 KiB is
//!   processed in pieces of at most 64 KiB, cut after a space or between two
//!   ASCII bytes, never inside a character or a mojibake run.
//! - What is held back, and how much at most: the unfinished line (up to
//!   64 KiB); while the first line that is not UTF-8 is being judged, up to
//!   1 MiB of lines (to choose its legacy encoding from 64 KiB of such
//!   lines); while mojibake in Markdown code waits for the prose to show
//!   whether the document is garbled, up to 1 MiB of lines. Memory stays
//!   bounded whatever the input's size.
//! - `last` ends the input: everything held back is written. A stream that
//!   never sees `last` may keep its final line.
//! - [`StreamFixer::feed_borrowed`] hands on the same text without copying
//!   it where it is a stretch of the chunk fed, as it is (clean UTF-8 fed
//!   in whole lines): such text goes from the caller's buffer to its
//!   writer untouched. [`StreamFixer::feed_parts`] does so for every such
//!   stretch, handing on the text in parts: only the text the stream made
//!   (repaired lines, decoded ones) is copied.

use std::io::{self, Read, Write};
use std::ops::Range;

use crate::bytes::{ByteDecoder, Text};
use crate::explain::Change;
use crate::fixer::{Engine, Fixer};

/// A push-style fixer for input that arrives in pieces, in the manner of
/// encoding_rs's decoders and chardetng: [`StreamFixer::feed`] takes each
/// chunk of bytes, with `last` set on the final one, and appends the text
/// that is ready.
///
/// ```
/// let fixer = mojifix::Fixer::new();
/// let mut stream = mojifix::StreamFixer::new(&fixer);
/// let mut out = String::new();
/// for chunk in [&b"caf\xC3\x83"[..], b"\xC2\xA9 cr\xC3\x83\xC2", b"\xA8me\n"] {
///     stream.feed(chunk, false, &mut out);
/// }
/// stream.feed(b"", true, &mut out);
/// assert_eq!(out, "café crème\n");
/// ```
pub struct StreamFixer {
    decoder: ByteDecoder,
    engine: Engine,
    finished: bool,
}

impl StreamFixer {
    /// A stream through `fixer`'s settings.
    pub fn new(fixer: &Fixer) -> StreamFixer {
        StreamFixer {
            decoder: ByteDecoder::new(fixer.cfg.encoding),
            engine: Engine::new(fixer.clone()),
            finished: false,
        }
    }

    /// Takes the next chunk and appends to `out` the text that is ready;
    /// `last` ends the input and writes everything held back. Chunks fed
    /// after `last` are ignored.
    pub fn feed(&mut self, input: &[u8], last: bool, out: &mut String) {
        self.feed_logged(input, last, out, None);
    }

    /// [`StreamFixer::feed`], also recording the changes (ranges count from
    /// the start of the decoded stream).
    pub fn feed_explained(
        &mut self,
        input: &[u8],
        last: bool,
        out: &mut String,
        changes: &mut Vec<Change>,
    ) {
        self.feed_logged(input, last, out, Some(changes));
    }

    fn feed_logged(
        &mut self,
        input: &[u8],
        last: bool,
        out: &mut String,
        mut log: Option<&mut Vec<Change>>,
    ) {
        if self.finished {
            return;
        }
        let engine = &mut self.engine;
        let mut sink =
            |orig: &str, new: Option<String>| out.push_str(new.as_deref().unwrap_or(orig));
        self.decoder.feed(input, last, &mut |text, cut| {
            engine.take(text.as_str(), cut, &mut sink, log.as_deref_mut())
        });
        if last {
            engine.finish(&mut sink, log);
            self.finished = true;
        }
    }

    /// [`StreamFixer::feed`] without copying what passes unchanged: returns
    /// the text that is ready, the same text `feed` would append. Where
    /// that text is a stretch of `input` as it is (UTF-8 that needs nothing,
    /// fed in whole lines: each chunk but the last ending in a line feed,
    /// as a reader that keeps its unfinished line for the next chunk
    /// feeds), it borrows `input` and nothing is copied; otherwise it is
    /// gathered in `scratch` (cleared first) and borrows that.
    ///
    /// ```
    /// let fixer = mojifix::Fixer::new();
    /// let mut stream = mojifix::StreamFixer::new(&fixer);
    /// let mut scratch = String::new();
    /// // (Past the first KiB, which is looked at for UTF-16 first.)
    /// let clean = "Clean text, déjà vu.\n".repeat(100);
    /// let text = stream.feed_borrowed(clean.as_bytes(), false, &mut scratch);
    /// assert_eq!(text, clean);
    /// assert_eq!(text.as_ptr(), clean.as_ptr()); // borrowed, not copied
    /// let text = stream.feed_borrowed(b"caf\xC3\x83\xC2\xA9\n", true, &mut scratch);
    /// assert_eq!(text, "café\n");
    /// ```
    pub fn feed_borrowed<'a>(
        &mut self,
        input: &'a [u8],
        last: bool,
        scratch: &'a mut String,
    ) -> &'a str {
        let mut out = Gather::new(scratch, false);
        self.gather(input, last, &mut out);
        out.into_str()
    }

    /// [`StreamFixer::feed_borrowed`] in parts: returns the text that is
    /// ready as parts in order, the same text `feed` would append once
    /// joined. Every stretch of `input` that passes as it is (UTF-8 that
    /// needs nothing) borrows `input`, wherever it lies among the lines
    /// that change; the rest (repaired lines, text decoded from another
    /// encoding) is gathered in `scratch` (cleared first), each part
    /// borrowing that. A vectored write passes the parts on without
    /// joining them.
    ///
    /// ```
    /// let fixer = mojifix::Fixer::new();
    /// let mut stream = mojifix::StreamFixer::new(&fixer);
    /// let mut scratch = String::new();
    /// let clean = "Clean text, déjà vu.\n".repeat(100);
    /// let input = format!("{clean}caf\u{c3}\u{a9}\n{clean}");
    /// let parts = stream.feed_parts(input.as_bytes(), true, &mut scratch);
    /// assert_eq!(parts.concat(), format!("{clean}café\n{clean}"));
    /// assert_eq!(parts.len(), 3);
    /// assert_eq!(parts[2].as_ptr(), input[clean.len() + 8..].as_ptr()); // borrowed
    /// ```
    pub fn feed_parts<'a>(
        &mut self,
        input: &'a [u8],
        last: bool,
        scratch: &'a mut String,
    ) -> Vec<&'a str> {
        let mut out = Gather::new(scratch, true);
        self.gather(input, last, &mut out);
        out.into_parts()
    }

    /// Feeds `input` through the stream into `out`.
    fn gather<'a>(&mut self, input: &'a [u8], last: bool, out: &mut Gather<'a>) {
        if self.finished {
            return;
        }
        let engine = &mut self.engine;
        self.decoder.feed(input, last, &mut |text, cut| {
            let from = match text {
                Text::Input(s) => Some(s),
                Text::Made(_) => None,
            };
            engine.take(
                text.as_str(),
                cut,
                &mut |orig, new| out.push(from, orig, new),
                None,
            )
        });
        if last {
            engine.finish(&mut |orig, new| out.push(None, orig, new), None);
            self.finished = true;
        }
    }

    /// Bytes replaced with U+FFFD so far.
    pub fn replaced(&self) -> usize {
        self.decoder.replaced
    }

    /// The encoding the input is read as, once known.
    pub fn encoding(&self) -> Option<&'static str> {
        self.decoder.encoding.map(|e| e.name())
    }

    /// Takes the stretches of input read so far from another encoding
    /// (named `UTF-8` where a line was UTF-8 with characters cut), in input
    /// order, and empties the list: a caller that takes them as they come
    /// keeps a long stream's list short. Offsets count from the start of
    /// the input, as in [`crate::Explanation::decoded`].
    pub fn take_decoded(&mut self) -> Vec<crate::DecodedRange> {
        std::mem::take(&mut self.decoder.decoded)
    }
}

/// The text one [`StreamFixer::feed_borrowed`] or
/// [`StreamFixer::feed_parts`] call hands on, in parts: stretches of the
/// input texts the decoder passed on where they lie, and of `scratch`,
/// where the rest is copied.
struct Gather<'a> {
    parts: Vec<Part<'a>>,
    scratch: &'a mut String,
    /// Parts are kept apart ([`StreamFixer::feed_parts`]). Otherwise the
    /// text is one part: a stretch of an input text while it can be, then
    /// all of it in `scratch`.
    apart: bool,
}

/// A stretch of the text handed on.
enum Part<'a> {
    /// Of an input text (that text, and the stretch's range in it).
    Input(&'a str, Range<usize>),
    /// Of the scratch text.
    Made(Range<usize>),
}

impl<'a> Gather<'a> {
    fn new(scratch: &'a mut String, apart: bool) -> Gather<'a> {
        scratch.clear();
        Gather {
            parts: Vec::new(),
            scratch,
            apart,
        }
    }

    /// Adds the engine's output for `orig`: `new`, or `orig` itself when
    /// that is `None`. `from` is the input text `orig` came in, if it came
    /// from the input where it lies: an unchanged `orig` is then borrowed
    /// (continuing the last part where it follows it there), while parts
    /// are kept apart or nothing was copied yet. Anything else is copied to
    /// `scratch` (and, unless parts are kept apart, the text before it).
    fn push(&mut self, from: Option<&'a str>, orig: &str, new: Option<String>) {
        let piece = new.as_deref().unwrap_or(orig);
        if piece.is_empty() {
            return;
        }
        let borrowed = match (&new, from) {
            (None, Some(f)) => range_in(f, orig).map(|r| (f, r)),
            _ => None,
        };
        if let Some((f, r)) = borrowed {
            if let Some(Part::Input(pf, pr)) = self.parts.last_mut() {
                if std::ptr::eq(*pf, f) && pr.end == r.start {
                    pr.end = r.end;
                    return;
                }
            }
            if self.apart || self.parts.is_empty() {
                self.parts.push(Part::Input(f, r));
                return;
            }
        }
        let start = self.scratch.len();
        if let (false, Some(Part::Input(f, r))) = (self.apart, self.parts.last()) {
            self.scratch.push_str(&f[r.clone()]);
            self.parts.pop();
        }
        self.scratch.push_str(piece);
        match self.parts.last_mut() {
            Some(Part::Made(m)) if m.end == start => m.end = self.scratch.len(),
            _ => self.parts.push(Part::Made(start..self.scratch.len())),
        }
    }

    /// The text gathered, in parts.
    fn into_parts(self) -> Vec<&'a str> {
        let scratch: &'a String = self.scratch;
        self.parts
            .into_iter()
            .map(|p| match p {
                Part::Input(f, r) => &f[r],
                Part::Made(r) => &scratch[r],
            })
            .collect()
    }

    /// The text gathered, in one part (parts not kept apart).
    fn into_str(self) -> &'a str {
        debug_assert!(!self.apart && self.parts.len() <= 1);
        let scratch: &'a String = self.scratch;
        match self.parts.first() {
            None => "",
            Some(Part::Input(f, r)) => &f[r.clone()],
            Some(Part::Made(r)) => &scratch[r.clone()],
        }
    }
}

/// Where `part` lies in `whole`, if it is a slice of it (by address: the
/// same bytes, not equal ones).
fn range_in(whole: &str, part: &str) -> Option<Range<usize>> {
    let start = (part.as_ptr() as usize).checked_sub(whole.as_ptr() as usize)?;
    (start + part.len() <= whole.len()).then(|| start..start + part.len())
}

const CHUNK: usize = 64 * 1024;

/// An [`io::Read`] adapter: reads bytes in any encoding from the inner
/// reader and yields fixed UTF-8.
///
/// ```
/// use std::io::Read;
/// let mut r = mojifix::FixReader::new(&b"Release 3 \xC3\xB0\xC5\xB8\xC5\xBD\xE2\x80\xB0\n"[..], &mojifix::Fixer::new());
/// let mut s = String::new();
/// r.read_to_string(&mut s).unwrap();
/// assert_eq!(s, "Release 3 🎉\n");
/// ```
pub struct FixReader<R> {
    inner: R,
    stream: StreamFixer,
    out: String,
    pos: usize,
    buf: Vec<u8>,
    eof: bool,
}

impl<R: Read> FixReader<R> {
    /// Wraps `inner`.
    pub fn new(inner: R, fixer: &Fixer) -> FixReader<R> {
        FixReader {
            inner,
            stream: StreamFixer::new(fixer),
            out: String::new(),
            pos: 0,
            buf: vec![0; CHUNK],
            eof: false,
        }
    }

    /// The inner reader back.
    pub fn into_inner(self) -> R {
        self.inner
    }
}

impl<R: Read> Read for FixReader<R> {
    fn read(&mut self, dst: &mut [u8]) -> io::Result<usize> {
        while self.pos == self.out.len() && !self.eof {
            self.out.clear();
            self.pos = 0;
            let n = match self.inner.read(&mut self.buf) {
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            self.eof = n == 0;
            self.stream.feed(&self.buf[..n], self.eof, &mut self.out);
        }
        let avail = &self.out.as_bytes()[self.pos..];
        let n = avail.len().min(dst.len());
        dst[..n].copy_from_slice(&avail[..n]);
        self.pos += n;
        Ok(n)
    }
}

/// An [`io::Write`] adapter: bytes in any encoding written to it come out
/// fixed, as UTF-8, on the inner writer. Call [`FixWriter::finish`] at the
/// end (dropping it finishes too, ignoring errors, as `BufWriter` does);
/// `flush` passes on what is ready but cannot write a line before its end.
pub struct FixWriter<W: Write> {
    inner: Option<W>,
    stream: StreamFixer,
    out: String,
}

impl<W: Write> FixWriter<W> {
    /// Wraps `inner`.
    pub fn new(inner: W, fixer: &Fixer) -> FixWriter<W> {
        FixWriter {
            inner: Some(inner),
            stream: StreamFixer::new(fixer),
            out: String::new(),
        }
    }

    /// Ends the input, writes everything held back, and returns the inner
    /// writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.end()?;
        Ok(self
            .inner
            .take()
            .expect("inner writer present until finished"))
    }

    fn end(&mut self) -> io::Result<()> {
        self.stream.feed(b"", true, &mut self.out);
        self.drain()?;
        if let Some(w) = self.inner.as_mut() {
            w.flush()?;
        }
        Ok(())
    }

    fn drain(&mut self) -> io::Result<()> {
        if let Some(w) = self.inner.as_mut() {
            w.write_all(self.out.as_bytes())?;
        }
        self.out.clear();
        Ok(())
    }
}

impl<W: Write> Write for FixWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !self.out.is_empty() {
            // Text a failed write left: it goes first.
            self.stream.feed(buf, false, &mut self.out);
            self.drain()?;
            return Ok(buf.len());
        }
        // Clean text written in whole lines goes on from `buf` itself.
        let mut scratch = std::mem::take(&mut self.out);
        let text = self.stream.feed_borrowed(buf, false, &mut scratch);
        if let Some(w) = self.inner.as_mut() {
            if let Err(e) = w.write_all(text.as_bytes()) {
                // Kept for the next write or flush, as `drain` keeps it.
                self.out = text.to_string();
                return Err(e);
            }
        }
        scratch.clear();
        self.out = scratch;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.drain()?;
        self.inner.as_mut().map_or(Ok(()), |w| w.flush())
    }
}

impl<W: Write> Drop for FixWriter<W> {
    fn drop(&mut self) {
        if self.inner.is_some() && !self.stream.finished {
            let _ = self.end();
        }
    }
}
