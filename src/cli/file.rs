//! One input, start to end. It is opened once and read in large chunks; a
//! small file is fixed in one call (the library's fast path for clean
//! text), a larger one or a stream through [`mojifix::StreamFixer`]. Every
//! consumer is fed as the text comes: the comparison with the input, the
//! output file, the printed text, the findings and the diff. Memory stays
//! bounded by the chunk size and the library's own bounds, whatever the
//! input's size.

use std::fs::{File, Metadata};
use std::io::{self, BufWriter, Read, Seek, Write};
use std::os::unix::fs::{FileExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use mojifix::{Change, Fixer, StreamFixer};

use super::diff::Differ;
use super::report::{Findings, Style};

/// Bytes asked for at each read.
pub const CHUNK: usize = 256 << 10;
/// Capacity of the buffers output goes through: half a chunk, so that the
/// text of a chunk (most of [`CHUNK`] for clean text, borrowed from the
/// bytes read) is written from where it lies, and only smaller writes are
/// gathered (copied once) into larger ones.
pub const OUT_BUF: usize = CHUNK / 2;
/// Regular files up to this size are read whole and fixed in one call.
pub const SMALL: u64 = 1 << 20;
/// The head looked at for binary data and the ignore marker.
pub const HEAD: usize = 8192;
/// The marker that leaves a file alone, matched on raw bytes.
pub const MARKER: &str = "mojifix: ignore-file";

/// What to do with each input.
pub struct Ctx<'a> {
    pub fixer: &'a Fixer,
    /// The encoding named with `--encoding`, if any.
    pub forced: Option<&'static str>,
    /// Print the fixed text.
    pub print: bool,
    /// Findings: `--check` (without `--diff`), `--explain`, `--json`.
    pub findings: Option<Style>,
    /// Most findings printed per file (`--check`).
    pub max_findings: usize,
    pub diff: bool,
    pub color: bool,
    /// Fix in place.
    pub write: bool,
    /// Write the fixed file under this directory.
    pub out_dir: Option<&'a Path>,
}

/// Where the bytes come from.
pub enum Source<'a> {
    /// A path (read once, whatever kind of file it is).
    Path {
        path: &'a Path,
        /// Its path under `--out`.
        relative: &'a Path,
    },
    /// Standard input.
    Stdin,
}

/// What happened to one input.
#[derive(Debug, Default)]
pub struct Outcome {
    pub changed: bool,
    /// Left alone: binary, or marked; with the note to print, if any.
    pub skipped: Option<Skip>,
    /// Bytes replaced with U+FFFD.
    pub replaced: usize,
}

/// Why an input was left alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    Binary,
    Marked,
}

/// A failure: of this input (the batch goes on), or of standard output
/// (the run stops).
#[derive(Debug)]
pub enum Problem {
    File(String),
    Output(io::Error),
}

fn file_err(what: &str, e: impl std::fmt::Display) -> Problem {
    Problem::File(format!("{what}: {e}"))
}

fn out_err(e: io::Error) -> Problem {
    Problem::Output(e)
}

/// Whether `head` holds the ignore marker, in ASCII or UTF-16.
pub fn has_marker(head: &[u8]) -> bool {
    let head = &head[..head.len().min(HEAD)];
    if memchr::memmem::find(head, MARKER.as_bytes()).is_some() {
        return true;
    }
    let le: Vec<u8> = MARKER.bytes().flat_map(|b| [b, 0]).collect();
    let be: Vec<u8> = MARKER.bytes().flat_map(|b| [0, b]).collect();
    memchr::memmem::find(head, &le).is_some() || memchr::memmem::find(head, &be).is_some()
}

/// Fixes one input, writing what it prints to `out`.
pub fn process(src: &Source<'_>, ctx: &Ctx<'_>, out: &mut dyn Write) -> Result<Outcome, Problem> {
    let (name, file, meta) = open(src, ctx)?;
    let mut reader: Box<dyn Read + '_> = match &file {
        Some(f) => Box::new(f),
        None => Box::new(io::stdin().lock()),
    };
    let regular = meta.as_ref().is_some_and(|m| m.is_file());
    let small = regular && meta.as_ref().is_some_and(|m| m.len() <= SMALL);

    // The head: enough to judge binary data and find the marker.
    let (mut buf, filled, eof) = read_head(&mut *reader, small, meta.as_ref())?;

    let skip = if mojifix::looks_binary(&buf[..filled]) {
        Some(Skip::Binary)
    } else if has_marker(&buf[..filled]) {
        Some(Skip::Marked)
    } else {
        None
    };
    if let Some(skip) = skip {
        let stdin = matches!(src, Source::Stdin);
        // Passed through untouched: to standard output when printing
        // (binary data only from standard input), to `--out` always.
        if ctx.print && (stdin || skip == Skip::Marked) {
            copy_rest(&buf[..filled], &mut *reader, eof, &mut |b| {
                out.write_all(b).map_err(out_err)
            })?;
        } else if let (Some(dir), Source::Path { relative, .. }) = (ctx.out_dir, src) {
            let meta = meta.as_ref().expect("paths have metadata");
            let mut dest = Dest::out(dir.join(relative), meta);
            dest.begin(None, 0)?;
            copy_rest(&buf[..filled], &mut *reader, eof, &mut |b| dest.write(b))?;
            dest.commit()?;
        }
        return Ok(Outcome {
            skipped: Some(skip),
            ..Outcome::default()
        });
    }

    let mut job = Job {
        ctx,
        cmp: (!matches!(src, Source::Stdin) || !ctx.print).then(Compare::default),
        dest: None,
        findings: ctx
            .findings
            .map(|s| Findings::new(s, &name, ctx.max_findings, ctx.color)),
        diff: ctx.diff.then(|| Differ::new(&name, ctx.color)),
        file: file.as_ref(),
    };
    if let (Some(dir), Source::Path { relative, .. }) = (ctx.out_dir, src) {
        let mut d = Dest::out(
            dir.join(relative),
            meta.as_ref().expect("paths have metadata"),
        );
        d.begin(None, 0)?;
        job.dest = Some(d);
    } else if ctx.write {
        if let Source::Path { path, .. } = src {
            // (A symbolic link is resolved once the file needs fixing.)
            job.dest = Some(Dest::in_place(
                path.to_path_buf(),
                meta.as_ref().expect("paths have metadata"),
            ));
        }
    }
    if let Some(f) = &mut job.findings {
        f.bom(&buf[..filled], ctx.forced);
    }

    // The diff reads the input as the fixer did (UTF-16 is decoded).
    let explained = job.findings.is_some() || job.diff.is_some();
    let mut replaced = 0;
    if small {
        if explained {
            let e = ctx.fixer.explain_bytes(&buf);
            replaced = e.replaced;
            let mut changes = e.changes;
            job.feed(
                &buf,
                e.decoded,
                &mut changes,
                &[&e.text],
                e.encoding.as_deref(),
                out,
            )?;
        } else {
            let t = ctx.fixer.fix_bytes(&buf);
            job.feed(&buf, Vec::new(), &mut Vec::new(), &[&t], None, out)?;
        }
    } else {
        replaced = job.stream(&mut *reader, &mut buf, filled, eof, out)?;
    }
    let changed = job.finish(out)?;
    Ok(Outcome {
        changed,
        skipped: None,
        replaced,
    })
}

/// The source's name, its file and metadata (none for standard input):
/// `--write` and `--out` take regular files only, looked at before opening
/// (opening a FIFO waits for a writer).
fn open(
    src: &Source<'_>,
    ctx: &Ctx<'_>,
) -> Result<(String, Option<File>, Option<Metadata>), Problem> {
    Ok(match src {
        Source::Stdin => ("-".to_string(), None, None),
        Source::Path { path, .. } => {
            if ctx.write || ctx.out_dir.is_some() {
                // Look before opening: opening a FIFO waits for a writer.
                let m = std::fs::metadata(path).map_err(|e| file_err("cannot read", e))?;
                if !m.is_file() {
                    return Err(Problem::File(format!(
                        "not a regular file ({}): --write and --out change regular files only",
                        kind_of(&m)
                    )));
                }
            }
            let f = File::open(path).map_err(|e| file_err("cannot read", e))?;
            let m = f.metadata().map_err(|e| file_err("cannot read", e))?;
            if m.is_dir() {
                return Err(Problem::File("is a directory".into()));
            }
            (path.display().to_string(), Some(f), Some(m))
        }
    })
}

/// The head of the input, as `(buffer, bytes in it, end reached)`: a small
/// regular file whole (its buffer sized from `meta`), else at least
/// [`HEAD`] bytes (or all there are) in a buffer of [`CHUNK`].
fn read_head(
    reader: &mut dyn Read,
    small: bool,
    meta: Option<&Metadata>,
) -> Result<(Vec<u8>, usize, bool), Problem> {
    let mut buf: Vec<u8> = Vec::with_capacity(if small {
        meta.map_or(0, |m| m.len() as usize + 1)
    } else {
        CHUNK
    });
    let mut eof = false;
    // Bytes of `buf` read (a chunk's buffer is read into, whole, from the
    // start: it is zeroed once).
    let filled;
    if small {
        // Sized from the file's metadata (`read_to_end` would ask again).
        let len = meta.map_or(0, |m| m.len() as usize);
        buf.resize(len + 1, 0);
        let mut n = 0;
        while n < buf.len() {
            match reader.read(&mut buf[n..]) {
                Ok(0) => break,
                Ok(k) => n += k,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(file_err("cannot read", e)),
            }
        }
        buf.truncate(n);
        if n == len + 1 {
            // It grew since: the rest too.
            reader
                .read_to_end(&mut buf)
                .map_err(|e| file_err("cannot read", e))?;
        }
        filled = buf.len();
        eof = true;
    } else {
        buf.resize(CHUNK, 0);
        let mut n = 0;
        while n < HEAD {
            match reader.read(&mut buf[n..]) {
                Ok(0) => {
                    eof = true;
                    break;
                }
                Ok(k) => n += k,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(file_err("cannot read", e)),
            }
        }
        filled = n;
    }
    Ok((buf, filled, eof))
}

fn kind_of(m: &Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = m.file_type();
    if t.is_fifo() {
        "a FIFO"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else if t.is_dir() {
        "a directory"
    } else {
        "not a file"
    }
}

/// `head`, then the rest of `reader`, to `sink`.
fn copy_rest(
    head: &[u8],
    reader: &mut dyn Read,
    eof: bool,
    sink: &mut dyn FnMut(&[u8]) -> Result<(), Problem>,
) -> Result<(), Problem> {
    sink(head)?;
    if eof {
        return Ok(());
    }
    let mut buf = vec![0u8; CHUNK];
    loop {
        match reader.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => sink(&buf[..n])?,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(file_err("cannot read", e)),
        }
    }
}

/// The consumers of one input's text.
struct Job<'a> {
    ctx: &'a Ctx<'a>,
    /// Whether anything changed, when someone asks (not the filter).
    cmp: Option<Compare>,
    dest: Option<Dest>,
    findings: Option<Findings>,
    diff: Option<Differ>,
    /// The input, for copying its unchanged start into a temporary file.
    file: Option<&'a File>,
}

impl Job<'_> {
    /// The input after its head (`buf[..filled]`, `eof` if that was all),
    /// streamed through the fixer a buffer at a time; how many bytes the
    /// decoding replaced.
    fn stream(
        &mut self,
        reader: &mut dyn Read,
        buf: &mut [u8],
        mut filled: usize,
        mut eof: bool,
        out: &mut dyn Write,
    ) -> Result<usize, Problem> {
        // Fed in whole lines: the unfinished last line of each read waits
        // at the start of `buf` for the next one (a buffer without a line
        // feed goes whole). Clean text then comes back from the stream as
        // the very bytes read, and every consumer takes it from there.
        let mut stream = StreamFixer::new(self.ctx.fixer);
        let mut text = String::new();
        let mut changes: Vec<Change> = Vec::new();
        loop {
            let end = if eof {
                filled
            } else {
                memchr::memrchr(b'\n', &buf[..filled]).map_or(filled, |n| n + 1)
            };
            let raw = &buf[..end];
            let fixed: Vec<&str> = if self.findings.is_some() {
                text.clear();
                stream.feed_explained(raw, eof, &mut text, &mut changes);
                vec![&text]
            } else {
                stream.feed_parts(raw, eof, &mut text)
            };
            let ranges = stream.take_decoded();
            self.feed(raw, ranges, &mut changes, &fixed, stream.encoding(), out)?;
            changes.clear();
            if eof {
                break;
            }
            buf.copy_within(end..filled, 0);
            let kept = filled - end;
            filled = kept
                + loop {
                    match reader.read(&mut buf[kept..]) {
                        Ok(n) => break n,
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                        Err(e) => return Err(file_err("cannot read", e)),
                    }
                };
            eof = filled == kept;
        }
        Ok(stream.replaced())
    }

    /// One step: `raw` read, `parts` produced, the text in order (with
    /// what was decoded and changed on the way).
    fn feed(
        &mut self,
        raw: &[u8],
        ranges: Vec<mojifix::DecodedRange>,
        changes: &mut Vec<Change>,
        parts: &[&str],
        encoding: Option<&str>,
        out: &mut dyn Write,
    ) -> Result<(), Problem> {
        // (The printed text goes in parts; the others take it whole.)
        let whole = self.cmp.is_some()
            || self.dest.is_some()
            || self.findings.is_some()
            || self.diff.is_some();
        let joined: String;
        let text: &str = match parts {
            [one] => one,
            _ if whole => {
                joined = parts.concat();
                &joined
            }
            _ => "",
        };
        let (before, newly) = match &mut self.cmp {
            Some(c) => (c.matched, c.feed(raw, text.as_bytes())),
            None => (0, false),
        };
        if let Some(d) = &mut self.dest {
            if newly && !d.begun() {
                d.begin(self.file, before)?;
            }
            if d.begun() {
                d.write(text.as_bytes())?;
            }
        }
        if self.ctx.print {
            write_parts(out, parts).map_err(out_err)?;
        }
        if let Some(f) = &mut self.findings {
            f.feed(raw, ranges, changes, text, out).map_err(out_err)?;
        }
        if let Some(d) = &mut self.diff {
            d.feed(raw, text, encoding, out).map_err(out_err)?;
        }
        Ok(())
    }

    /// The end: whether anything changed.
    fn finish(mut self, out: &mut dyn Write) -> Result<bool, Problem> {
        let changed = self.cmp.as_mut().is_some_and(Compare::finish);
        if let Some(f) = &mut self.findings {
            f.finish(out).map_err(out_err)?;
        }
        if let Some(d) = &mut self.diff {
            d.finish(out).map_err(out_err)?;
        }
        if let Some(mut d) = self.dest.take() {
            if changed && !d.begun() {
                let matched = self.cmp.as_ref().map_or(0, |c| c.matched);
                d.begin(self.file, matched)?;
            }
            if d.begun() {
                d.commit()?;
            }
        }
        Ok(changed)
    }
}

/// Writes `parts` to `out`, in order, in as few vectored writes as it
/// takes (the parts are not joined first).
fn write_parts(out: &mut dyn Write, parts: &[&str]) -> io::Result<()> {
    // (At most 1024 buffers a write: Linux's IOV_MAX.)
    for group in parts.chunks(1024) {
        let mut slices: Vec<io::IoSlice<'_>> = group
            .iter()
            .map(|p| io::IoSlice::new(p.as_bytes()))
            .collect();
        let mut bufs = &mut slices[..];
        while !bufs.is_empty() {
            match out.write_vectored(bufs) {
                Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                Ok(n) => io::IoSlice::advance_slices(&mut bufs, n),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok(())
}

/// Whether the output is the input, byte for byte, found as both stream
/// by: only the input not yet matched is kept (nothing, while the output
/// keeps up with the input, as it does for clean text fed in whole lines).
#[derive(Default)]
struct Compare {
    /// Input not yet matched: `pending[head..]`, then the step's `raw`.
    pending: Vec<u8>,
    head: usize,
    /// Bytes of output matched so far (all of it while `!differs`).
    matched: u64,
    differs: bool,
}

impl Compare {
    /// True when this step shows the first difference.
    fn feed(&mut self, raw: &[u8], text: &[u8]) -> bool {
        if self.differs {
            return false;
        }
        // `text` against the input not yet matched, where it lies.
        let held = &self.pending[self.head..];
        let same = held.len() + raw.len() >= text.len() && {
            let k = held.len().min(text.len());
            held[..k] == text[..k] && raw[..text.len() - k] == text[k..]
        };
        if !same {
            self.differs = true;
            self.pending = Vec::new();
            self.head = 0;
            return true;
        }
        self.matched += text.len() as u64;
        if text.len() >= held.len() {
            // Only the end of `raw` is left, if anything.
            let used = text.len() - held.len();
            self.pending.clear();
            self.head = 0;
            self.pending.extend_from_slice(&raw[used..]);
        } else {
            self.head += text.len();
            if self.head >= self.pending.len() / 2 {
                self.pending.drain(..self.head);
                self.head = 0;
            }
            self.pending.extend_from_slice(raw);
        }
        false
    }

    fn finish(&mut self) -> bool {
        self.differs || self.head != self.pending.len()
    }
}

/// A temporary file beside the destination, renamed over it at the end
/// (or, for `--write` on a file with several hard links, copied over it).
struct Dest {
    target: PathBuf,
    in_place: bool,
    mode: u32,
    owner: (u32, u32),
    nlink: u64,
    /// To tell whether the file changed while it was being fixed.
    stamp: Stamp,
    tmp: Option<BufWriter<tempfile::NamedTempFile>>,
}

#[derive(PartialEq, Eq)]
struct Stamp {
    dev: u64,
    ino: u64,
    len: u64,
    mtime: (i64, i64),
}

impl Stamp {
    fn of(m: &Metadata) -> Stamp {
        Stamp {
            dev: m.dev(),
            ino: m.ino(),
            len: m.len(),
            mtime: (m.mtime(), m.mtime_nsec()),
        }
    }
}

impl Dest {
    fn in_place(target: PathBuf, m: &Metadata) -> Dest {
        Dest {
            target,
            in_place: true,
            mode: m.mode() & 0o7777,
            owner: (m.uid(), m.gid()),
            nlink: m.nlink(),
            stamp: Stamp::of(m),
            tmp: None,
        }
    }

    fn out(target: PathBuf, m: &Metadata) -> Dest {
        Dest {
            target,
            in_place: false,
            mode: m.mode() & 0o777,
            owner: (m.uid(), m.gid()),
            nlink: 1,
            stamp: Stamp::of(m),
            tmp: None,
        }
    }

    fn begun(&self) -> bool {
        self.tmp.is_some()
    }

    /// Creates the temporary file, starting with the first `prefix` bytes
    /// of `original` (the part of the input that comes out unchanged).
    fn begin(&mut self, original: Option<&File>, prefix: u64) -> Result<(), Problem> {
        if self.in_place
            && std::fs::symlink_metadata(&self.target).is_ok_and(|m| m.file_type().is_symlink())
        {
            // Through the link: the temporary file goes beside the target.
            self.target = std::fs::canonicalize(&self.target)
                .map_err(|e| file_err("cannot resolve the symbolic link", e))?;
        }
        let dir = self
            .target
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        if !self.in_place {
            std::fs::create_dir_all(&dir)
                .map_err(|e| file_err(&format!("cannot create {}", dir.display()), e))?;
        }
        let tmp = tempfile::Builder::new()
            .prefix(".mojifix-")
            .tempfile_in(&dir)
            .map_err(|e| {
                file_err(
                    &format!("cannot create a temporary file in {}", dir.display()),
                    e,
                )
            })?;
        let mut w = BufWriter::with_capacity(OUT_BUF, tmp);
        if prefix > 0 {
            let f = original.expect("a prefix comes from a file");
            let mut buf = vec![0u8; CHUNK.min(prefix as usize)];
            let mut at = 0u64;
            while at < prefix {
                let n = buf.len().min((prefix - at) as usize);
                f.read_exact_at(&mut buf[..n], at)
                    .map_err(|e| file_err("cannot read again", e))?;
                w.write_all(&buf[..n])
                    .map_err(|e| file_err("cannot write the temporary file", e))?;
                at += n as u64;
            }
        }
        self.tmp = Some(w);
        Ok(())
    }

    fn write(&mut self, b: &[u8]) -> Result<(), Problem> {
        let w = self.tmp.as_mut().expect("begun");
        w.write_all(b)
            .map_err(|e| file_err("cannot write the temporary file", e))
    }

    /// Puts the temporary file in place: permissions (and, in place, the
    /// owner where allowed) first, synced, then renamed or copied over.
    fn commit(mut self) -> Result<(), Problem> {
        let w = self.tmp.take().expect("begun");
        let tmp = w
            .into_inner()
            .map_err(|e| file_err("cannot write the temporary file", e.error()))?;
        let f = tmp.as_file();
        if self.in_place {
            // Allowed for root, or for a group the user is in; otherwise
            // the file stays the user's, as a new file would.
            let _ = std::os::unix::fs::fchown(f, Some(self.owner.0), Some(self.owner.1));
        }
        f.set_permissions(std::fs::Permissions::from_mode(self.mode))
            .map_err(|e| file_err("cannot set permissions", e))?;
        f.sync_all()
            .map_err(|e| file_err("cannot sync the temporary file", e))?;
        if self.in_place {
            let now = std::fs::metadata(&self.target).map_err(|e| file_err("cannot stat", e))?;
            if Stamp::of(&now) != self.stamp {
                return Err(Problem::File(
                    "changed while being fixed; left as it is".into(),
                ));
            }
            if self.nlink > 1 {
                return copy_over(tmp, &self.target);
            }
        }
        tmp.persist(&self.target)
            .map_err(|e| file_err("cannot rename the temporary file into place", e.error))?;
        Ok(())
    }
}

/// A file with several hard links: the fixed content (synced in `tmp`) is
/// copied over the original inode, so that every name sees it. Not atomic:
/// if this fails part-way, the fixed copy is kept and named.
fn copy_over(mut tmp: tempfile::NamedTempFile, target: &Path) -> Result<(), Problem> {
    let copy = |tmp: &mut tempfile::NamedTempFile| -> io::Result<()> {
        let mut dst = std::fs::OpenOptions::new().write(true).open(target)?;
        let src = tmp.as_file_mut();
        src.rewind()?;
        let n = io::copy(src, &mut dst)?;
        dst.set_len(n)?;
        dst.sync_all()
    };
    match copy(&mut tmp) {
        Ok(()) => Ok(()),
        Err(e) => {
            let kept = tmp
                .keep()
                .map(|(_, p)| p.display().to_string())
                .unwrap_or_else(|_| "lost".into());
            Err(Problem::File(format!(
                "cannot copy the fixed text over the file ({e}); the fixed text is in {kept}"
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compare_matches_output_lagging_behind_the_input() {
        // Output one step behind the input (a line held), then caught up.
        let mut c = Compare::default();
        assert!(!c.feed(b"ab\ncd", b"ab\n"));
        assert!(!c.feed(b"\nef\n", b"cd\n"));
        assert!(!c.feed(b"", b"ef\n"));
        assert!(!c.finish(), "the same bytes");
        assert_eq!(c.matched, 9);
        // Output ahead of what is held, then short of the input's end.
        let mut c = Compare::default();
        assert!(!c.feed(b"ab\n", b"a"));
        assert!(!c.feed(b"cd\n", b"b\ncd"));
        assert!(c.finish(), "the input's last line feed never came out");
        // The first difference is told once, at the step that shows it.
        let mut c = Compare::default();
        assert!(!c.feed(b"same\n", b"same\n"));
        assert!(c.feed(b"caf\xc3\x83\xc2\xa9\n", "café\n".as_bytes()));
        assert!(!c.feed(b"more\n", b"more\n"));
        assert!(c.finish());
        assert_eq!(c.matched, 5);
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_not_overwritten() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("a.md");
        std::fs::write(&p, "as read\n").unwrap();
        let meta = std::fs::metadata(&p).unwrap();
        let mut d = Dest::in_place(p.clone(), &meta);
        d.begin(None, 0).unwrap();
        d.write(b"fixed\n").unwrap();
        std::fs::write(&p, "edited meanwhile, longer\n").unwrap();
        let Err(Problem::File(why)) = d.commit() else {
            panic!("committed over an edited file");
        };
        assert!(why.contains("changed while being fixed"), "{why}");
        assert_eq!(
            std::fs::read_to_string(&p).unwrap(),
            "edited meanwhile, longer\n"
        );
        // No temporary file left.
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    }
}
