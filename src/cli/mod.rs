//! The command line: arguments in, library calls, exit codes out. The
//! library does the work; this module only walks, reads, writes and prints.

mod args;
mod batch;
mod diff;
mod file;
mod report;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use anyhow::{bail, Context};
use clap::{CommandFactory, Parser};
use rayon::prelude::*;

use args::{Args, CodePolicy, ColorWhen, Config};
use file::{Ctx, Problem, Skip, Source};
use report::Style;

/// Exit codes, as `--help` documents them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Exit {
    Done = 0,
    WouldChange = 1,
    Error = 2,
}

pub fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(code) => ExitCode::from(code as u8),
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            eprintln!("mojifix: {e:#}");
            ExitCode::from(Exit::Error as u8)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn load_config(args: &Args) -> anyhow::Result<Config> {
    let (path, required) = match &args.config {
        Some(p) => (p.clone(), true),
        None => (PathBuf::from("mojifix.toml"), false),
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => toml::from_str(&text)
            .with_context(|| format!("{}: invalid configuration", path.display())),
        Err(e) if !required && e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
        Err(e) => Err(e).with_context(|| format!("{}: cannot read", path.display())),
    }
}

fn build_fixer(args: &Args, cfg: &Config) -> anyhow::Result<mojifix::Fixer> {
    let mut b = mojifix::Fixer::builder()
        .nfc(!args.no_nfc && cfg.nfc.unwrap_or(true))
        .uncurl_quotes(args.uncurl_quotes)
        .crlf_to_lf(args.lf);
    let policy = args
        .markdown_code
        .or(cfg.markdown_code)
        .unwrap_or(CodePolicy::Auto);
    b = b.markdown_code(match policy {
        CodePolicy::Auto => mojifix::MarkdownCode::Auto,
        CodePolicy::Keep => mojifix::MarkdownCode::Keep,
        CodePolicy::Repair => mojifix::MarkdownCode::Repair,
    });
    if let Some(label) = args.encoding.as_ref().or(cfg.encoding.as_ref()) {
        b = b.encoding_label(label)?;
    }
    Ok(b.build())
}

fn run(args: &Args) -> anyhow::Result<Exit> {
    if let Some(shell) = args.completions {
        let mut cmd = Args::command();
        clap_complete::generate(shell, &mut cmd, "mojifix", &mut std::io::stdout());
        return Ok(Exit::Done);
    }
    if args.man {
        clap_mangen::Man::new(Args::command())
            .render(&mut std::io::stdout())
            .context("writing standard output")?;
        return Ok(Exit::Done);
    }
    let cfg = load_config(args)?;
    let fixer = build_fixer(args, &cfg)?;
    let stdin_only =
        args.paths.is_empty() || (args.paths.len() == 1 && args.paths[0] == Path::new("-"));
    if args.paths.iter().any(|p| p == Path::new("-")) && !stdin_only {
        bail!("`-` (standard input) cannot be mixed with paths");
    }
    if stdin_only {
        if args.write {
            bail!("--write needs files: standard input cannot be fixed in place (use `mojifix < in > out`)");
        }
        if args.out.is_some() {
            bail!("--out needs files or directories, not standard input");
        }
    }
    let color = match args.color {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    };
    let forced = args
        .encoding
        .as_ref()
        .or(cfg.encoding.as_ref())
        .and_then(|l| mojifix::Encoding::for_label(l))
        .map(|e| e.name());
    let findings = if args.json {
        Some(Style::Json)
    } else if args.explain {
        Some(Style::Explain)
    } else if args.check && !args.diff {
        Some(Style::Check)
    } else {
        None
    };
    let print =
        !args.check && !args.diff && !args.write && args.out.is_none() && findings.is_none();
    let ctx = Ctx {
        fixer: &fixer,
        forced,
        print,
        findings,
        max_findings: MAX_FINDINGS,
        diff: args.diff,
        color,
        write: args.write,
        out_dir: args.out.as_deref(),
    };
    if stdin_only && print {
        return filter(&ctx);
    }
    batch(args, &cfg, &ctx, stdin_only)
}

/// Findings printed per file by `--check`.
const MAX_FINDINGS: usize = 50;

/// Standard input and output, where they are pipes, get a buffer of
/// 1 MiB (what Linux lets any process ask for) instead of 64 KiB: the tool
/// reads and writes in chunks of megabytes, and through a small pipe each
/// chunk is many wakeups of the process at the other end (clean text
/// piped through runs 1.7 times as fast). Best effort: a pipe that cannot
/// grow stays as it was; one already larger is left alone.
fn widen_pipes() {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsFd;
        const WANT: usize = 1 << 20;
        let (stdin, stdout) = (std::io::stdin(), std::io::stdout());
        for fd in [stdin.as_fd(), stdout.as_fd()] {
            if rustix::pipe::fcntl_getpipe_size(fd).is_ok_and(|n| n < WANT) {
                // (Refused past /proc/sys/fs/pipe-max-size: then as it was.)
                let _ = rustix::pipe::fcntl_setpipe_size(fd, WANT);
            }
        }
    }
}

/// `cmd | mojifix > out`: streaming, bounded memory; binary data passes
/// through untouched.
fn filter(ctx: &Ctx<'_>) -> anyhow::Result<Exit> {
    widen_pipes();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(file::OUT_BUF, stdout.lock());
    let outcome = match file::process(&Source::Stdin, ctx, &mut out) {
        Ok(o) => o,
        Err(Problem::Output(e)) => return Err(e).context("writing standard output"),
        Err(Problem::File(e)) => bail!("standard input: {e}"),
    };
    out.flush().context("writing standard output")?;
    match outcome.skipped {
        Some(Skip::Binary) => {
            eprintln!("mojifix: standard input looks binary (NUL bytes): passed through unchanged")
        }
        Some(Skip::Marked) => {}
        None if outcome.replaced > 0 => eprintln!(
            "mojifix: {} replaced with U+FFFD",
            count(outcome.replaced, "undecodable byte", "undecodable bytes")
        ),
        None => {}
    }
    Ok(Exit::Done)
}

/// `1 file`, `2 files`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Inputs fixed together in parallel before their output is printed, and
/// the most bytes of small files in such a group.
const GROUP: usize = 256;
const GROUP_BYTES: u64 = 16 << 20;

fn batch(args: &Args, cfg: &Config, ctx: &Ctx<'_>, stdin_only: bool) -> anyhow::Result<Exit> {
    let start = Instant::now();
    let mut include = args.glob.clone();
    include.extend(cfg.glob.iter().cloned());
    let mut exclude = args.exclude.clone();
    exclude.extend(cfg.exclude.iter().cloned());
    let filters = batch::Filters::new(&include, &exclude)?;

    let (inputs, mut errors, notes) = if stdin_only {
        let input = batch::Input {
            path: PathBuf::from("-"),
            relative: PathBuf::from("-"),
            size: None,
        };
        (vec![input], Vec::new(), Vec::new())
    } else {
        if let Some(out) = &args.out {
            refuse_out_inside_inputs(out, &args.paths)?;
        }
        batch::collect(&args.paths, &filters, args.follow, args.hidden)
    };

    widen_pipes();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(file::OUT_BUF, stdout.lock());
    let progress = progress_bar(args, inputs.len());
    let done = AtomicUsize::new(0);
    let tick = || {
        let n = done.fetch_add(1, Ordering::Relaxed) + 1;
        if let Some(p) = &progress {
            p.set_position(n as u64);
        }
    };
    // What a file prints is bounded under --check, --write and --out; else
    // a large file prints as it goes, alone.
    let bounded = !ctx.print && !ctx.diff && ctx.findings.is_none_or(|s| s == Style::Check);
    let alone =
        |i: &batch::Input| stdin_only || (!bounded && i.size.is_none_or(|n| n > file::SMALL));
    fn source(i: &batch::Input, stdin_only: bool) -> Source<'_> {
        if stdin_only {
            Source::Stdin
        } else {
            Source::Path {
                path: &i.path,
                relative: &i.relative,
            }
        }
    }
    let mut tally = Tally::default();
    let mut group: Vec<&batch::Input> = Vec::new();
    let mut group_bytes = 0u64;
    let run_group = |group: &mut Vec<&batch::Input>,
                     out: &mut dyn Write,
                     tally: &mut Tally,
                     errors: &mut batch::Messages|
     -> anyhow::Result<()> {
        let results: Vec<(Vec<u8>, Result<file::Outcome, Problem>)> = group
            .par_iter()
            .map(|i| {
                let mut buf = Vec::new();
                let r = file::process(&source(i, stdin_only), ctx, &mut buf);
                tick();
                (buf, r)
            })
            .collect();
        for (i, (buf, r)) in group.drain(..).zip(results) {
            out.write_all(&buf).context("writing standard output")?;
            tally.add(i, r, errors, args.quiet)?;
        }
        Ok(())
    };
    for input in &inputs {
        if alone(input) {
            run_group(&mut group, &mut out, &mut tally, &mut errors)?;
            group_bytes = 0;
            let r = file::process(&source(input, stdin_only), ctx, &mut out);
            tick();
            tally.add(input, r, &mut errors, args.quiet)?;
            continue;
        }
        group_bytes += input.size.unwrap_or(0).min(file::SMALL);
        group.push(input);
        if group.len() >= GROUP || group_bytes >= GROUP_BYTES {
            run_group(&mut group, &mut out, &mut tally, &mut errors)?;
            group_bytes = 0;
        }
    }
    run_group(&mut group, &mut out, &mut tally, &mut errors)?;
    if let Some(p) = progress {
        p.finish_and_clear();
    }
    out.flush().context("writing standard output")?;
    for (path, why) in &errors {
        eprintln!(
            "mojifix: {}: {why}",
            report::sanitize(&path.display().to_string())
        );
    }
    let skipped = notes.len() + tally.skipped;
    if !args.quiet {
        for (path, why) in &notes {
            eprintln!(
                "mojifix: {}: {why}",
                report::sanitize(&path.display().to_string())
            );
        }
        let verb = if args.write || args.out.is_some() {
            "fixed"
        } else if ctx.print {
            "changed"
        } else {
            "to fix"
        };
        eprintln!(
            "mojifix: {}, {} {verb}, {} skipped, {} ({:.3} s)",
            count(inputs.len(), "file", "files"),
            tally.changed,
            skipped,
            count(errors.len(), "error", "errors"),
            start.elapsed().as_secs_f64()
        );
    }
    Ok(if !errors.is_empty() {
        Exit::Error
    } else if args.check && tally.changed > 0 {
        Exit::WouldChange
    } else {
        Exit::Done
    })
}

/// Counts over a batch.
#[derive(Default)]
struct Tally {
    changed: usize,
    skipped: usize,
}

impl Tally {
    fn add(
        &mut self,
        input: &batch::Input,
        r: Result<file::Outcome, Problem>,
        errors: &mut batch::Messages,
        quiet: bool,
    ) -> anyhow::Result<()> {
        match r {
            Ok(o) => {
                if o.changed {
                    self.changed += 1;
                }
                if let Some(skip) = o.skipped {
                    self.skipped += 1;
                    if !quiet && skip == Skip::Binary {
                        eprintln!(
                            "mojifix: {}: binary file (NUL bytes), skipped",
                            report::sanitize(&input.path.display().to_string())
                        );
                    }
                }
            }
            Err(Problem::File(why)) => errors.push((input.path.clone(), why)),
            Err(Problem::Output(e)) => return Err(e).context("writing standard output"),
        }
        Ok(())
    }
}

fn progress_bar(args: &Args, n: usize) -> Option<indicatif::ProgressBar> {
    if args.quiet || n < 500 || !std::io::stderr().is_terminal() {
        return None;
    }
    let p = indicatif::ProgressBar::new(n as u64);
    p.set_style(indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files").ok()?);
    Some(p)
}

/// `--out` inside one of the trees being read would feed its own output
/// back in: refuse it.
fn refuse_out_inside_inputs(out: &Path, inputs: &[PathBuf]) -> anyhow::Result<()> {
    let abs = |p: &Path| -> PathBuf {
        let mut cur = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        // The deepest existing ancestor, canonicalized, plus the rest.
        let mut rest = Vec::new();
        while !cur.exists() {
            let Some(name) = cur.file_name() else { break };
            rest.push(name.to_os_string());
            cur.pop();
        }
        let mut c = std::fs::canonicalize(&cur).unwrap_or(cur);
        for r in rest.iter().rev() {
            c.push(r);
        }
        c
    };
    let out_abs = abs(out);
    for i in inputs {
        if i.is_dir() {
            let i_abs = abs(i);
            if out_abs.starts_with(&i_abs) {
                bail!(
                    "--out {} is inside the input tree {}: choose a directory outside it",
                    out.display(),
                    i.display()
                );
            }
        }
    }
    Ok(())
}
