//! Command-line arguments (clap derive: the doc comments are the `--help`).

use std::path::PathBuf;

use clap::{Parser, ValueEnum};

/// Repairs mojibake and normalizes text to NFC UTF-8, and never damages text
/// that was right.
///
/// With no PATH (or `-`), reads standard input and writes the fixed text to
/// standard output as it goes. With PATHs and no mode, prints each file's
/// fixed text. Directories are walked recursively (hidden files and
/// directories skipped, symlinks not followed).
///
/// Binary files (NUL bytes) are skipped; on standard input they pass
/// through unchanged. A file is left alone when a `.mojifixignore` (gitignore
/// syntax) in its directory or above names it, or when its first 8 KiB hold
/// the bytes `mojifix: ignore-file`.
///
/// Exit codes: 0 done, nothing to fix; 1 `--check` found something to fix;
/// 2 at least one error (the other files were still processed).
#[derive(Parser, Debug)]
#[command(
    version,
    about,
    long_about,
    after_help = "Exit codes: 0 done / nothing to fix, 1 --check found changes, 2 at least one error."
)]
pub struct Args {
    /// Files or directories to fix; none or `-` reads standard input.
    pub paths: Vec<PathBuf>,

    /// List what would change (`path:line:column: before -> after (why)`,
    /// at most 50 changes per file, then a count), write nothing; exit 1 if
    /// anything would change. With --diff: print the diff instead, and exit
    /// 1 if anything would change.
    #[arg(long)]
    pub check: bool,

    /// Print a unified diff of every change, write nothing.
    #[arg(long, conflicts_with = "json")]
    pub diff: bool,

    /// Fix files in place: through symbolic links, keeping permissions and
    /// owner; a temporary file renamed over the original (copied over it
    /// when it has several hard links, so that every name sees the fix).
    #[arg(long, conflicts_with_all = ["check", "diff", "out"])]
    pub write: bool,

    /// Write the fixed tree under DIR (unchanged files copied too, with
    /// their permissions), leaving the inputs untouched.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["check", "diff"])]
    pub out: Option<PathBuf>,

    /// Print, per changed file, what was repaired and how.
    #[arg(long)]
    pub explain: bool,

    /// With --check or --explain: JSON Lines instead of text.
    #[arg(long)]
    pub json: bool,

    /// Only files matching GLOB (repeatable; default: all text files).
    #[arg(long, value_name = "GLOB")]
    pub glob: Vec<String>,

    /// Skip paths matching GLOB (repeatable), e.g. tests that hold mojibake
    /// on purpose.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,

    /// Read input in this encoding instead of detecting it (any WHATWG
    /// label: latin1, cp1250, shift_jis, utf-16le, …; or cp437, cp850).
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,

    /// Mojibake in Markdown code: repaired only when the prose is garbled
    /// too (auto), never (keep), or like any text (repair).
    #[arg(long, value_enum, value_name = "POLICY")]
    pub markdown_code: Option<CodePolicy>,

    /// Do not normalize to NFC.
    #[arg(long)]
    pub no_nfc: bool,

    /// Turn curly quotes into straight ones (opt-in).
    #[arg(long)]
    pub uncurl_quotes: bool,

    /// Turn CRLF line endings into LF (opt-in; endings are kept otherwise).
    #[arg(long)]
    pub lf: bool,

    /// Follow symbolic links while walking directories.
    #[arg(long)]
    pub follow: bool,

    /// Walk hidden files and directories too (never `.git`).
    #[arg(long)]
    pub hidden: bool,

    /// Read settings from this TOML file (default: `mojifix.toml` in the
    /// current directory, if there is one).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// No summary, no progress bar, no notes on stderr.
    #[arg(short, long)]
    pub quiet: bool,

    /// Colour in diffs and findings: when standard output is a terminal and
    /// `NO_COLOR` is not set (auto), always, or never.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,

    /// Print a completion script for SHELL and exit.
    #[arg(long, value_name = "SHELL", exclusive = true)]
    pub completions: Option<clap_complete::Shell>,

    /// Print the manual page (roff) and exit: `mojifix --man > mojifix.1`.
    #[arg(long, exclusive = true)]
    pub man: bool,
}

/// `--color` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

/// `--markdown-code` values.
#[derive(Clone, Copy, Debug, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CodePolicy {
    Auto,
    Keep,
    Repair,
}

/// `mojifix.toml`: the same settings as the flags, for a project.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub exclude: Vec<String>,
    #[serde(default)]
    pub glob: Vec<String>,
    pub markdown_code: Option<CodePolicy>,
    pub encoding: Option<String>,
    pub nfc: Option<bool>,
}
