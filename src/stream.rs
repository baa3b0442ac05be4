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

use std::io::{self, Read, Write};

use crate::bytes::{ByteDecoder, Cut};
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
        self.decoder.feed(input, last, &mut |text: &str, cut: Cut| {
            engine.take(text, cut, &mut sink, log.as_deref_mut())
        });
        if last {
            engine.finish(&mut sink, log);
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
        self.stream.feed(buf, false, &mut self.out);
        self.drain()?;
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
