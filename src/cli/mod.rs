//! The command line: arguments in, library calls, exit codes out.

use std::io::{Read, Write};
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;

/// Repairs mojibake and normalizes text to NFC UTF-8.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Args {
    /// Files to fix; none or `-` reads standard input.
    paths: Vec<String>,
}

pub fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(code) => code,
        Err(e) => {
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("mojifix: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let fixer = mojifix::Fixer::new();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let paths: Vec<&str> = if args.paths.is_empty() {
        vec!["-"]
    } else {
        args.paths.iter().map(String::as_str).collect()
    };
    for p in paths {
        let bytes = if p == "-" {
            let mut v = Vec::new();
            std::io::stdin()
                .read_to_end(&mut v)
                .context("reading standard input")?;
            v
        } else {
            std::fs::read(p).with_context(|| format!("{p}: cannot read"))?
        };
        out.write_all(fixer.fix_bytes(&bytes).as_bytes())
            .context("writing standard output")?;
    }
    out.flush().context("writing standard output")?;
    Ok(ExitCode::SUCCESS)
}
