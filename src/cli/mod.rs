//! The command line: arguments in, library calls, exit codes out. The
//! library does the work; this module only walks, reads, writes and prints.

mod args;
mod batch;
mod report;

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use anyhow::{bail, Context};
use clap::Parser;

use args::{Args, CodePolicy, Config};
use batch::Outcome;

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
        if !args.check && !args.diff && !args.explain && !args.json {
            return filter(&fixer);
        }
    }
    batch(args, &cfg, &fixer, stdin_only)
}

/// `cmd | mojifix > out`: streaming, bounded memory.
fn filter(fixer: &mojifix::Fixer) -> anyhow::Result<Exit> {
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, stdout.lock());
    let mut stream = mojifix::StreamFixer::new(fixer);
    let mut buf = vec![0u8; 64 * 1024];
    let mut text = String::new();
    loop {
        let n = match input.read(&mut buf) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e).context("reading standard input"),
        };
        text.clear();
        stream.feed(&buf[..n], n == 0, &mut text);
        out.write_all(text.as_bytes())
            .context("writing standard output")?;
        if n == 0 {
            break;
        }
    }
    out.flush().context("writing standard output")?;
    if stream.replaced() > 0 {
        eprintln!(
            "mojifix: {} undecodable bytes replaced with U+FFFD",
            stream.replaced()
        );
    }
    Ok(Exit::Done)
}

fn batch(
    args: &Args,
    cfg: &Config,
    fixer: &mojifix::Fixer,
    stdin_only: bool,
) -> anyhow::Result<Exit> {
    let start = Instant::now();
    let mut include = args.glob.clone();
    include.extend(cfg.glob.iter().cloned());
    let mut exclude = args.exclude.clone();
    exclude.extend(cfg.exclude.iter().cloned());
    let filters = batch::Filters::new(&include, &exclude)?;

    let (inputs, mut errors, notes, outcomes) = if stdin_only {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("reading standard input")?;
        let explanation = fixer.explain_bytes(&bytes);
        let changed = explanation.text.as_bytes() != bytes.as_slice();
        let input = batch::Input {
            path: PathBuf::from("-"),
            relative: PathBuf::from("-"),
        };
        (
            vec![input],
            Vec::new(),
            Vec::new(),
            vec![Outcome::Done {
                bytes,
                explanation,
                changed,
            }],
        )
    } else {
        if let Some(out) = &args.out {
            refuse_out_inside_inputs(out, &args.paths)?;
        }
        let (inputs, errors, notes) =
            batch::collect(&args.paths, &filters, args.follow, args.hidden);
        let progress = progress_bar(args, inputs.len());
        let done = AtomicUsize::new(0);
        let tick = || {
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            if let Some(p) = &progress {
                p.set_position(n as u64);
            }
        };
        let outcomes = batch::process(&inputs, fixer, &tick);
        if let Some(p) = progress {
            p.finish_and_clear();
        }
        (inputs, errors, notes, outcomes)
    };

    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let color = std::io::stdout().is_terminal();
    let mut changed_files = 0;
    let mut skipped = notes.len();
    let mode_print = !args.check
        && !args.diff
        && !args.write
        && args.out.is_none()
        && !args.explain
        && !args.json;
    for (input, outcome) in inputs.iter().zip(&outcomes) {
        match outcome {
            Outcome::Failed(why) => errors.push((input.path.clone(), why.clone())),
            Outcome::Skipped(why) => {
                skipped += 1;
                if !args.quiet {
                    eprintln!(
                        "mojifix: {}: {why}",
                        report::sanitize(&input.path.display().to_string())
                    );
                }
                if let Some(dir) = &args.out {
                    // Nothing lost: skipped files are copied as they are.
                    if let Err(e) = std::fs::read(&input.path)
                        .map_err(anyhow::Error::from)
                        .and_then(|b| batch::write_out(&dir.join(&input.relative), &b))
                    {
                        errors.push((input.path.clone(), format!("{e:#}")));
                    }
                }
            }
            Outcome::Done {
                bytes,
                explanation,
                changed,
            } => {
                if *changed {
                    changed_files += 1;
                }
                if mode_print {
                    out.write_all(explanation.text.as_bytes())
                        .context("writing standard output")?;
                    continue;
                }
                if *changed {
                    if args.json {
                        report::json_lines(&mut out, &input.path, explanation)
                            .context("writing standard output")?;
                    } else if args.check {
                        report::check_lines(&mut out, &input.path, bytes, explanation)
                            .context("writing standard output")?;
                    }
                    if args.explain && !args.json {
                        report::explain(&mut out, &input.path, bytes, explanation)
                            .context("writing standard output")?;
                    }
                    if args.diff {
                        let before = String::from_utf8_lossy(bytes);
                        report::diff(&mut out, &input.path, &before, &explanation.text, color)
                            .context("writing standard output")?;
                    }
                }
                if args.write && *changed {
                    if let Err(e) = batch::write_in_place(&input.path, bytes, &explanation.text) {
                        errors.push((input.path.clone(), format!("{e:#}")));
                        changed_files -= 1;
                    }
                }
                if let Some(dir) = &args.out {
                    let text: &[u8] = if *changed {
                        explanation.text.as_bytes()
                    } else {
                        bytes
                    };
                    if let Err(e) = batch::write_out(&dir.join(&input.relative), text) {
                        errors.push((input.path.clone(), format!("{e:#}")));
                    }
                }
            }
        }
    }
    out.flush().context("writing standard output")?;
    for (path, why) in &errors {
        eprintln!(
            "mojifix: {}: {why}",
            report::sanitize(&path.display().to_string())
        );
    }
    if !args.quiet {
        for (path, why) in &notes {
            eprintln!(
                "mojifix: {}: {why}",
                report::sanitize(&path.display().to_string())
            );
        }
        let verb = if args.write || args.out.is_some() {
            "fixed"
        } else if mode_print {
            "changed"
        } else {
            "to fix"
        };
        eprintln!(
            "mojifix: {} files, {changed_files} {verb}, {skipped} skipped, {} errors ({:.3} s)",
            inputs.len(),
            errors.len(),
            start.elapsed().as_secs_f64()
        );
    }
    Ok(if !errors.is_empty() {
        Exit::Error
    } else if args.check && changed_files > 0 {
        Exit::WouldChange
    } else {
        Exit::Done
    })
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
