//! A unified diff made as the text streams: the fixer keeps every line a
//! line, so input line N pairs with output line N. Only the lines of the
//! hunk being built and a few lines of context are kept; a hunk that grows
//! past [`HUNK_CAP`] is printed and a new one begun.

use std::collections::VecDeque;
use std::io::{self, Write};

use super::report::sanitize;

/// Lines of context around each change.
const CONTEXT: usize = 3;
/// Bytes of a hunk held before it is printed anyway.
const HUNK_CAP: usize = 1 << 20;

#[derive(Default)]
struct Hunk {
    old_start: usize,
    new_start: usize,
    old_n: usize,
    new_n: usize,
    /// (`' '`, `'-'` or `'+'`, the line with its ending).
    lines: Vec<(char, String)>,
    /// The change under way: its old lines, then its new ones.
    minus: Vec<String>,
    plus: Vec<String>,
    bytes: usize,
    /// Context lines since the last change.
    trailing: usize,
}

impl Hunk {
    fn end_change(&mut self) {
        self.lines.extend(self.minus.drain(..).map(|l| ('-', l)));
        self.lines.extend(self.plus.drain(..).map(|l| ('+', l)));
    }
}

pub struct Differ {
    name: String,
    color: bool,
    /// Input not yet paired with output: raw bytes (decoded text for
    /// UTF-16), from the start of the next line.
    raw: Vec<u8>,
    utf16: Option<encoding_rs::Decoder>,
    decided: bool,
    /// Output of the line under way.
    new: Vec<u8>,
    /// Lines paired so far.
    line: usize,
    context: VecDeque<String>,
    hunk: Option<Hunk>,
    header: bool,
}

impl Differ {
    pub fn new(name: &str, color: bool) -> Differ {
        Differ {
            name: sanitize(name),
            color,
            raw: Vec::new(),
            utf16: None,
            decided: false,
            new: Vec::new(),
            line: 0,
            context: VecDeque::new(),
            hunk: None,
            header: false,
        }
    }

    /// `raw` was read and `text` came out; `encoding`: what the input is
    /// read as, once known.
    pub fn feed(
        &mut self,
        raw: &[u8],
        text: &str,
        encoding: Option<&str>,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        if !self.decided {
            if let Some(enc) = encoding {
                self.decided = true;
                let e = match enc {
                    "UTF-16LE" => Some(encoding_rs::UTF_16LE),
                    "UTF-16BE" => Some(encoding_rs::UTF_16BE),
                    _ => None,
                };
                if let Some(e) = e {
                    // Held bytes so far are UTF-16 too.
                    let held = std::mem::take(&mut self.raw);
                    let mut d = e.new_decoder_without_bom_handling();
                    self.raw = decode(&mut d, &held, false);
                    self.utf16 = Some(d);
                }
            }
        }
        match &mut self.utf16 {
            Some(d) => {
                let t = decode(d, raw, false);
                self.raw.extend_from_slice(&t);
            }
            None => self.raw.extend_from_slice(raw),
        }
        self.new.extend_from_slice(text.as_bytes());
        self.pair_lines(out)
    }

    /// Pairs the complete output lines with input lines: a stretch of equal
    /// lines in bulk (counted, its last lines kept as context), a changed
    /// line alone.
    fn pair_lines(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let (mut r, mut n) = (0, 0);
        loop {
            let (old, new) = (&self.raw[r..], &self.new[n..]);
            let common = old
                .iter()
                .zip(new)
                .position(|(a, b)| a != b)
                .unwrap_or(old.len().min(new.len()));
            if let Some(last) = memchr::memrchr(b'\n', &new[..common]) {
                let stretch = new[..=last].to_vec();
                self.equal(&stretch, out)?;
                r += last + 1;
                n += last + 1;
                continue;
            }
            // The next line differs, or is not complete yet.
            let Some(nl) = memchr::memchr(b'\n', new) else {
                break;
            };
            let old_end = memchr::memchr(b'\n', old).map_or(old.len(), |i| i + 1);
            let (o, w) = (old[..old_end].to_vec(), new[..=nl].to_vec());
            self.pair(&o, &w, out)?;
            r += old_end;
            n += nl + 1;
        }
        self.raw.drain(..r);
        self.new.drain(..n);
        Ok(())
    }

    /// A stretch of whole lines the same on both sides.
    fn equal(&mut self, stretch: &[u8], out: &mut dyn Write) -> io::Result<()> {
        let mut rest = stretch;
        // Lines that end the open hunk's context go one by one.
        while self.hunk.is_some() {
            if rest.is_empty() {
                return Ok(());
            }
            let end = memchr::memchr(b'\n', rest).map_or(rest.len(), |i| i + 1);
            self.pair(&rest[..end], &rest[..end], out)?;
            rest = &rest[end..];
        }
        let lines = memchr::memchr_iter(b'\n', rest).count();
        self.line += lines;
        // The last lines are the next hunk's leading context.
        let mut tail = Vec::new();
        let mut end = rest.len();
        while tail.len() < CONTEXT && end > 0 {
            let start = memchr::memrchr(b'\n', &rest[..end - 1]).map_or(0, |i| i + 1);
            tail.push(String::from_utf8_lossy(&rest[start..end]).into_owned());
            end = start;
        }
        if tail.len() == CONTEXT {
            self.context.clear();
        }
        for l in tail.into_iter().rev() {
            if self.context.len() == CONTEXT {
                self.context.pop_front();
            }
            self.context.push_back(l);
        }
        Ok(())
    }

    fn pair(&mut self, old: &[u8], new: &[u8], out: &mut dyn Write) -> io::Result<()> {
        self.line += 1;
        if old == new {
            if let Some(h) = &mut self.hunk {
                h.end_change();
                let l = String::from_utf8_lossy(new).into_owned();
                h.old_n += 1;
                h.new_n += 1;
                h.bytes += l.len();
                h.lines.push((' ', l));
                h.trailing += 1;
                // Changes up to 2 × CONTEXT lines apart share a hunk.
                if h.trailing > 2 * CONTEXT {
                    self.print_hunk(out)?;
                }
            } else {
                if self.context.len() == CONTEXT {
                    self.context.pop_front();
                }
                self.context
                    .push_back(String::from_utf8_lossy(new).into_owned());
            }
            return Ok(());
        }
        let h = self.hunk.get_or_insert_with(|| {
            let n = self.context.len();
            let mut h = Hunk {
                old_start: self.line - n,
                new_start: self.line - n,
                old_n: n,
                new_n: n,
                ..Hunk::default()
            };
            for l in self.context.drain(..) {
                h.bytes += l.len();
                h.lines.push((' ', l));
            }
            h
        });
        h.trailing = 0;
        if !old.is_empty() {
            let l = String::from_utf8_lossy(old).into_owned();
            h.old_n += 1;
            h.bytes += l.len();
            h.minus.push(l);
        }
        if !new.is_empty() {
            let l = String::from_utf8_lossy(new).into_owned();
            h.new_n += 1;
            h.bytes += l.len();
            h.plus.push(l);
        }
        if h.bytes > HUNK_CAP {
            self.print_hunk(out)?;
        }
        Ok(())
    }

    fn print_hunk(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let Some(mut h) = self.hunk.take() else {
            return Ok(());
        };
        h.end_change();
        // Context past CONTEXT lines goes back to lead the next hunk.
        let extra = h.trailing.saturating_sub(CONTEXT);
        let back = h.lines.split_off(h.lines.len() - extra);
        h.old_n -= extra;
        h.new_n -= extra;
        self.context = back.into_iter().map(|(_, l)| l).collect();
        while self.context.len() > CONTEXT {
            self.context.pop_front();
        }
        let paint = |out: &mut dyn Write, code: &str, s: &str| -> io::Result<()> {
            if self.color {
                writeln!(out, "\x1b[{code}m{s}\x1b[0m")
            } else {
                writeln!(out, "{s}")
            }
        };
        if !self.header {
            self.header = true;
            paint(out, "1", &format!("--- a/{}", self.name))?;
            paint(out, "1", &format!("+++ b/{}", self.name))?;
        }
        // As GNU diff writes ranges: `N` for one line, `N-1,0` for none.
        let range = |s: usize, n: usize| match n {
            0 => format!("{},0", s.saturating_sub(1)),
            1 => s.to_string(),
            _ => format!("{s},{n}"),
        };
        paint(
            out,
            "36",
            &format!(
                "@@ -{} +{} @@",
                range(h.old_start, h.old_n),
                range(h.new_start, h.new_n)
            ),
        )?;
        for (tag, l) in &h.lines {
            // A CR before the line feed is kept as it is, so that the diff
            // applies to a CRLF file.
            let body = l.strip_suffix('\n').unwrap_or(l);
            let (body, cr) = match body.strip_suffix('\r') {
                Some(b) => (b, "\r"),
                None => (body, ""),
            };
            let text = format!("{tag}{}{cr}", sanitize(body));
            match tag {
                '-' => paint(out, "31", &text)?,
                '+' => paint(out, "32", &text)?,
                _ => writeln!(out, "{text}")?,
            }
            if !l.ends_with('\n') {
                writeln!(out, "\\ No newline at end of file")?;
            }
        }
        Ok(())
    }

    /// The end of the input: the last lines, and the hunk under way.
    pub fn finish(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if let Some(d) = &mut self.utf16 {
            let t = decode(d, &[], true);
            self.raw.extend_from_slice(&t);
        }
        // What is left: a last line without its line feed, and any input
        // lines the output does not have.
        while !self.raw.is_empty() || !self.new.is_empty() {
            let old_end = memchr::memchr(b'\n', &self.raw).map_or(self.raw.len(), |i| i + 1);
            let old: Vec<u8> = self.raw.drain(..old_end).collect();
            let new = std::mem::take(&mut self.new);
            self.pair(&old, &new, out)?;
        }
        self.print_hunk(out)
    }
}

fn decode(d: &mut encoding_rs::Decoder, raw: &[u8], last: bool) -> Vec<u8> {
    let mut s = String::with_capacity(d.max_utf8_buffer_length(raw.len()).unwrap_or(raw.len() * 3));
    let _ = d.decode_to_string(raw, &mut s, last);
    s.into_bytes()
}
