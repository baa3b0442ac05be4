//! Walking trees: which files a run takes, each once, in a stable order;
//! globs, `mojifix.toml` excludes and `.mojifixignore` files.

use std::collections::{HashMap, HashSet};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use anyhow::Context;
use globset::{Glob, GlobSet, GlobSetBuilder};
use ignore::gitignore::{Gitignore, GitignoreBuilder};

/// The ignore file: gitignore syntax, read in every walked directory and
/// its parents, and for files named on the command line.
pub const IGNORE_FILE: &str = ".mojifixignore";

/// One input file, found on the command line or by walking a directory.
#[derive(Debug, Clone)]
pub struct Input {
    /// As given or found (for messages).
    pub path: PathBuf,
    /// Its path relative to the walked root, for `--out`.
    pub relative: PathBuf,
    /// Its size, when it is a regular file.
    pub size: Option<u64>,
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
    // Each file once, however reached: by device and inode.
    let mut seen: HashSet<(u64, u64)> = HashSet::new();
    let mut add = |path: PathBuf,
                   relative: PathBuf,
                   meta: Option<std::fs::Metadata>,
                   inputs: &mut Vec<Input>| {
        let size = meta.as_ref().filter(|m| m.is_file()).map(|m| m.len());
        if meta.is_none_or(|m| seen.insert((m.dev(), m.ino()))) {
            inputs.push(Input {
                path,
                relative,
                size,
            });
        }
    };
    let mut ignores = IgnoreFiles::default();
    for root in paths {
        let meta = match std::fs::metadata(root) {
            Ok(m) => m,
            Err(e) => {
                errors.push((root.clone(), e.to_string()));
                continue;
            }
        };
        if !meta.is_dir() {
            if filters.excluded(root, root) || ignores.ignored(root, false) {
                continue;
            }
            let rel = root
                .file_name()
                .map(PathBuf::from)
                .unwrap_or_else(|| root.clone());
            add(root.clone(), rel, Some(meta), &mut inputs);
            continue;
        }
        if ignores.ignored(root, true) {
            // (A walk applies the ignore files to what is below its root,
            // not to the root itself.)
            continue;
        }
        let walker = ignore::WalkBuilder::new(root)
            .hidden(!hidden)
            .follow_links(follow)
            .git_ignore(false)
            .git_global(false)
            .git_exclude(false)
            .ignore(false)
            .parents(true)
            .add_custom_ignore_filename(IGNORE_FILE)
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
                    // (Symbolic links were passed over above, or followed:
                    // the entry's metadata is the file's.)
                    add(path, rel, e.metadata().ok(), &mut inputs);
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

/// `.mojifixignore` files for paths named on the command line (a walk reads
/// them itself): the nearest directory with a rule for the path decides,
/// looking up to the repository's root (a directory with `.git`).
#[derive(Default)]
struct IgnoreFiles {
    dirs: HashMap<PathBuf, Option<Gitignore>>,
}

impl IgnoreFiles {
    fn ignored(&mut self, path: &Path, is_dir: bool) -> bool {
        let Ok(abs) = std::path::absolute(path) else {
            return false;
        };
        let mut dir = abs.parent();
        while let Some(d) = dir {
            let gi = self.dirs.entry(d.to_path_buf()).or_insert_with(|| {
                let file = d.join(IGNORE_FILE);
                file.is_file().then(|| {
                    let mut b = GitignoreBuilder::new(d);
                    let _ = b.add(&file);
                    b.build().unwrap_or_else(|_| Gitignore::empty())
                })
            });
            if let Some(gi) = gi {
                let m = gi.matched_path_or_any_parents(&abs, is_dir);
                if m.is_ignore() {
                    return true;
                }
                if m.is_whitelist() {
                    return false;
                }
            }
            if d.join(".git").exists() {
                break;
            }
            dir = d.parent();
        }
        false
    }
}
