//! Walking trees, fixing files in parallel, writing atomically.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use globset::{Glob, GlobSet, GlobSetBuilder};
use rayon::prelude::*;

use mojifix::{Explanation, Fixer};

/// One input file, found on the command line or by walking a directory.
#[derive(Debug, Clone)]
pub struct Input {
    /// As given or found (for messages).
    pub path: PathBuf,
    /// Its path relative to the walked root, for `--out`.
    pub relative: PathBuf,
}

/// What happened to one file.
pub enum Outcome {
    /// Read and fixed (maybe unchanged).
    Done {
        bytes: Vec<u8>,
        explanation: Explanation,
        changed: bool,
    },
    /// Not a text file, or not read on purpose.
    Skipped(String),
    /// Could not be read or written.
    Failed(String),
}

pub struct Filters {
    include: Option<GlobSet>,
    exclude: GlobSet,
}

fn globset(globs: &[String]) -> anyhow::Result<GlobSet> {
    let mut b = GlobSetBuilder::new();
    for g in globs {
        b.add(Glob::new(g).with_context(|| format!("bad glob {g:?}"))?);
        // `docs/` style globs also match everything below.
        if !g.contains('*') {
            b.add(
                Glob::new(&format!("{}/**", g.trim_end_matches('/')))
                    .with_context(|| format!("bad glob {g:?}"))?,
            );
        }
    }
    Ok(b.build()?)
}

impl Filters {
    pub fn new(include: &[String], exclude: &[String]) -> anyhow::Result<Filters> {
        let include = if include.is_empty() {
            None
        } else {
            Some(globset(include)?)
        };
        Ok(Filters {
            include,
            exclude: globset(exclude)?,
        })
    }

    fn excluded(&self, path: &Path, relative: &Path) -> bool {
        self.exclude.is_match(path) || self.exclude.is_match(relative)
    }

    fn included(&self, path: &Path, relative: &Path) -> bool {
        self.include.as_ref().is_none_or(|g| {
            g.is_match(path)
                || g.is_match(relative)
                || path.file_name().is_some_and(|n| g.is_match(n))
        })
    }
}

/// Paths with a message: errors, or notes on what was passed over.
pub type Messages = Vec<(PathBuf, String)>;

/// Expands the command-line paths into files, sorted within each directory,
/// each file once. Problems (a path that does not exist, a loop, an
/// unreadable directory) come back as errors next to the inputs.
pub fn collect(
    paths: &[PathBuf],
    filters: &Filters,
    follow: bool,
    hidden: bool,
) -> (Vec<Input>, Messages, Messages) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    let mut notes = Vec::new();
    let mut seen: HashSet<PathBuf> = HashSet::new();
    let mut add = |path: PathBuf, relative: PathBuf, inputs: &mut Vec<Input>| {
        let key = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if seen.insert(key) {
            inputs.push(Input { path, relative });
        }
    };
    for root in paths {
        let meta = match std::fs::metadata(root) {
            Ok(m) => m,
            Err(e) => {
                errors.push((root.clone(), e.to_string()));
                continue;
            }
        };
        if !meta.is_dir() {
            if filters.excluded(root, root) {
                continue;
            }
            let rel = root
                .file_name()
                .map(PathBuf::from)
                .unwrap_or_else(|| root.clone());
            add(root.clone(), rel, &mut inputs);
            continue;
        }
        let walker = ignore::WalkBuilder::new(root)
            .hidden(!hidden)
            .follow_links(follow)
            .git_ignore(false)
            .git_global(false)
            .git_exclude(false)
            .ignore(false)
            .parents(false)
            .filter_entry(|e| e.file_name() != ".git")
            .sort_by_file_path(|a, b| a.cmp(b))
            .build();
        for entry in walker {
            match entry {
                Ok(e) => {
                    let path = e.path().to_path_buf();
                    let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
                    let Some(ft) = e.file_type() else { continue };
                    if ft.is_symlink() {
                        notes.push((
                            path,
                            "symbolic link not followed (use --follow)".to_string(),
                        ));
                        continue;
                    }
                    if !ft.is_file()
                        || filters.excluded(&path, &rel)
                        || !filters.included(&path, &rel)
                    {
                        continue;
                    }
                    add(path, rel, &mut inputs);
                }
                Err(e) => {
                    let path = match &e {
                        ignore::Error::WithPath { path, .. } => path.clone(),
                        _ => root.clone(),
                    };
                    errors.push((path, e.to_string()));
                }
            }
        }
    }
    (inputs, errors, notes)
}

/// Reads and fixes every input in parallel; results in input order.
pub fn process(inputs: &[Input], fixer: &Fixer, on_done: &(dyn Fn() + Sync)) -> Vec<Outcome> {
    inputs
        .par_iter()
        .map(|input| {
            let out = fix_one(&input.path, fixer);
            on_done();
            out
        })
        .collect()
}

fn fix_one(path: &Path, fixer: &Fixer) -> Outcome {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return Outcome::Failed(format!("cannot read: {e}")),
    };
    if mojifix::looks_binary(&bytes) {
        return Outcome::Skipped("binary file (NUL byte in the first 8 KiB), skipped".into());
    }
    let explanation = fixer.explain_bytes(&bytes);
    let changed = explanation.text.as_bytes() != bytes.as_slice();
    Outcome::Done {
        bytes,
        explanation,
        changed,
    }
}

/// Replaces `path` with `text` atomically: a temporary file in the same
/// directory, synced, given the original's permissions, renamed over it.
/// Refuses when the file changed since it was read.
pub fn write_in_place(path: &Path, original: &[u8], text: &str) -> anyhow::Result<()> {
    let meta = std::fs::metadata(path).context("cannot stat")?;
    let now = std::fs::read(path).context("cannot read again before writing")?;
    if now != original {
        bail!("changed while being fixed; left as it is");
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".mojifix-")
        .tempfile_in(dir)
        .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
    tmp.write_all(text.as_bytes())
        .context("cannot write the temporary file")?;
    tmp.as_file()
        .sync_all()
        .context("cannot sync the temporary file")?;
    std::fs::set_permissions(tmp.path(), meta.permissions()).context("cannot copy permissions")?;
    tmp.persist(path)
        .map_err(|e| e.error)
        .context("cannot rename the temporary file over the original")?;
    Ok(())
}

/// Writes `text` to `dest` (creating directories), atomically too.
pub fn write_out(dest: &Path, text: &[u8]) -> anyhow::Result<()> {
    let dir = dest.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".mojifix-")
        .tempfile_in(dir)
        .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
    tmp.write_all(text).context("cannot write")?;
    tmp.as_file().sync_all().context("cannot sync")?;
    tmp.persist(dest)
        .map_err(|e| e.error)
        .context("cannot rename into place")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_changed_since_it_was_read_is_not_overwritten() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join("a.md");
        std::fs::write(&p, "edited meanwhile\n").unwrap();
        let err = write_in_place(&p, b"as read\n", "fixed\n").unwrap_err();
        assert!(format!("{err:#}").contains("changed while being fixed"));
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "edited meanwhile\n");
        // Unchanged since read: replaced, permissions kept, no temp file left.
        use std::os::unix::fs::PermissionsExt;
        std::fs::write(&p, "as read\n").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_in_place(&p, b"as read\n", "fixed\n").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "fixed\n");
        assert_eq!(
            std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o640
        );
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    }
}
