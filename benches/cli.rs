//! Whole-process throughput: the `mojifix` binary as a filter
//! (`mojifix < in`, standard output a pipe) beside plsfix 0.1.8 as a filter
//! (this bench's own binary, run with `MOJIFIX_BENCH_AS_PLSFIX` set: plsfix
//! configured as in `engine.rs`, reading all of standard input as its API
//! requires), on the same inputs, turn about, in the same run. Every
//! output is checked: mojifix's must equal what the library gives for the
//! same bytes in one call, and enough of its lines must read right.
//!
//! ```sh
//! cargo bench --bench cli              # five timed runs of each, after a warm-up
//! cargo bench --bench cli -- udhr      # only inputs whose name holds `udhr`
//! cargo bench --bench cli -- --test    # quick check, as CI runs it: small inputs, one run
//! MOJIFIX_BENCH_RUNS=11 cargo bench --bench cli
//! MOJIFIX_BENCH_BIN=/tmp/old/mojifix cargo bench --bench cli   # another build
//! ```
//!
//! The figures are medians of wall-clock time, process start to exit; the
//! ratio is the median of the pairs' ratios (the two tools run one after
//! the other, so a machine whose speed drifts slows both alike).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use mojifix::Fixer;
use unicode_normalization::UnicodeNormalization;

mod common;

/// Set in the environment of this binary to make it plsfix's filter.
const AS_PLSFIX: &str = "MOJIFIX_BENCH_AS_PLSFIX";

struct Input {
    name: String,
    bytes: Vec<u8>,
    /// The text as it should read: lines right are counted against it.
    truth: String,
    /// Share of lines mojifix must get right.
    min_right: f64,
    /// Whether plsfix takes it (it reads text, not legacy bytes).
    plsfix: bool,
}

fn main() {
    if std::env::var_os(AS_PLSFIX).is_some() {
        plsfix_filter();
        return;
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    let quick = args.iter().any(|a| a == "--test");
    let filters: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let runs: usize = if quick {
        1
    } else {
        std::env::var("MOJIFIX_BENCH_RUNS")
            .ok()
            .and_then(|r| r.parse().ok())
            .unwrap_or(5)
    };
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-bench");
    std::fs::create_dir_all(&dir).unwrap();
    // (Another build, such as an earlier commit's, can be timed in its
    // place; its output is checked against this library's.)
    let mojifix = std::env::var_os("MOJIFIX_BENCH_BIN").map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_mojifix")),
        PathBuf::from,
    );
    let me = std::env::current_exe().unwrap();

    if !quick {
        println!("| input | size | mojifix | plsfix | ratio | lines right: mojifix | plsfix |");
        println!("| --- | --- | --- | --- | --- | --- | --- |");
    }
    for input in inputs(quick) {
        if !filters.is_empty() && !filters.iter().any(|f| input.name.contains(f.as_str())) {
            continue;
        }
        let path = dir.join(format!("{}.in", input.name));
        std::fs::write(&path, &input.bytes).unwrap();
        let expected = Fixer::new().fix_bytes(&input.bytes).into_owned();
        let mb = input.bytes.len() as f64 / 1e6;

        // A warm-up of each (output checked), then the timed runs in turn.
        let (_, out) = run(Command::new(&mojifix), &path);
        let got = String::from_utf8(out).expect("mojifix writes UTF-8");
        assert!(
            got == expected,
            "{}: the filter's output differs from Fixer::fix_bytes",
            input.name
        );
        let (ok, lines) = common::lines_right(&got, &input.truth);
        assert!(
            ok as f64 >= input.min_right * lines as f64,
            "{}: mojifix got {ok} of {lines} lines right",
            input.name
        );
        let plsfix_cmd = || {
            let mut c = Command::new(&me);
            c.env(AS_PLSFIX, "1");
            c
        };
        let p_right = input.plsfix.then(|| {
            let (_, out) = run(plsfix_cmd(), &path);
            common::lines_right(&String::from_utf8_lossy(&out), &input.truth).0
        });
        if quick {
            println!(
                "{}: {:.1} MB, mojifix {ok}/{lines} lines right{}: ok",
                input.name,
                mb,
                p_right.map_or(String::new(), |p| format!(", plsfix {p}/{lines}"))
            );
            continue;
        }
        let mut m_times = Vec::new();
        let mut p_times = Vec::new();
        let mut ratios = Vec::new();
        let want = checksum(expected.as_bytes());
        for _ in 0..runs {
            let (t, out) = run_counted(Command::new(&mojifix), &path);
            assert_eq!(out, want, "{}: output changed", input.name);
            m_times.push(t);
            if input.plsfix {
                let (tp, _) = run_counted(plsfix_cmd(), &path);
                p_times.push(tp);
                ratios.push(tp / t);
            }
        }
        let m = median(&mut m_times);
        let pct = |n: usize| format!("{:.2} %", 100.0 * n as f64 / lines as f64);
        let (p_speed, ratio, p_ok) = match p_right {
            Some(p) => (
                format!("{:.1} MB/s", mb / median(&mut p_times)),
                format!("{:.1}×", median(&mut ratios)),
                pct(p),
            ),
            None => ("—".into(), "—".into(), "—".into()),
        };
        println!(
            "| {} | {:.1} MB | {:.0} MB/s | {p_speed} | {ratio} | {} | {p_ok} |",
            input.name,
            mb,
            mb / m,
            pct(ok)
        );
    }
}

/// Runs `cmd` with `input` as standard input and a pipe as standard
/// output; returns the seconds from start to exit and what it wrote.
fn run(cmd: Command, input: &Path) -> (f64, Vec<u8>) {
    let mut out = Vec::new();
    let t = run_with(cmd, input, |chunk| out.extend_from_slice(chunk));
    (t, out)
}

/// [`run`], handing each piece of the output to `take` as it comes.
fn run_with(mut cmd: Command, input: &Path, mut take: impl FnMut(&[u8])) -> f64 {
    let stdin = std::fs::File::open(input).unwrap();
    let mut buf = vec![0u8; 1 << 20];
    let start = Instant::now();
    let mut child = cmd
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    loop {
        match stdout.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => take(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => panic!("{cmd:?}: {e}"),
        }
    }
    let status = child.wait().unwrap();
    let t = start.elapsed().as_secs_f64();
    assert!(status.success(), "{cmd:?} failed: {status}");
    t
}

/// [`run_with`] keeping only the output's length and the sum of its bytes
/// (the whole output was checked on the warm-up run), so that the timed
/// runs measure the tool and not this process.
fn run_counted(cmd: Command, input: &Path) -> (f64, (usize, u64)) {
    let (mut len, mut sum) = (0usize, 0u64);
    let t = run_with(cmd, input, |chunk| {
        len += chunk.len();
        sum += chunk.iter().map(|&b| u64::from(b)).sum::<u64>();
    });
    (t, (len, sum))
}

fn checksum(bytes: &[u8]) -> (usize, u64) {
    (bytes.len(), bytes.iter().map(|&b| u64::from(b)).sum())
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

fn text(name: &str, text: String, truth: String, min_right: f64) -> Input {
    Input {
        name: name.into(),
        bytes: text.into_bytes(),
        truth,
        min_right,
        plsfix: true,
    }
}

/// The inputs; `quick`: small ones, for CI.
fn inputs(quick: bool) -> Vec<Input> {
    let files = common::archive();
    let clean: String = files.concat();
    let garbled: String = files.iter().map(|f| common::garble(f, 1)).collect();
    let (archive_n, garbled_n) = if quick { (1, 1) } else { (20, 4) };
    let mut v = vec![
        text(
            &format!("archive-clean-x{archive_n}"),
            clean.repeat(archive_n),
            clean.repeat(archive_n),
            1.0,
        ),
        text(
            &format!("archive-garbled-x{garbled_n}"),
            garbled.repeat(garbled_n),
            clean.repeat(garbled_n),
            0.995,
        ),
    ];
    let udhr = std::fs::read_to_string(common::root().join("corpus/udhr/udhr-heldout.txt"))
        .expect("corpus/udhr");
    let udhr_nfc: String = udhr.nfc().collect();
    v.push(text("udhr-532-languages", udhr, udhr_nfc, 0.995));
    match common::prose() {
        Some(mut prose) => {
            if quick {
                let mut cut = 1 << 20;
                while !prose.is_char_boundary(cut) {
                    cut += 1;
                }
                prose.truncate(prose[..cut].rfind('\n').map_or(0, |n| n + 1));
            }
            v.push(text("prose-fortunes", prose.clone(), prose, 0.995));
        }
        None => eprintln!(
            "prose-fortunes: skipped, no text under {} (apt-get install fortunes fortunes-de ...)",
            common::prose_dir().display()
        ),
    }
    let typo = common::typographic().repeat(if quick { 1 } else { 40 });
    v.push(text("typographic-clean", typo.clone(), typo, 0.995));
    let (d_clean, d1) = common::dense(1);
    v.push(text("dense-1-layer", d1, d_clean, 0.995));
    let jpn = common::udhr(&["jpn"]).repeat(if quick { 2 } else { 200 });
    v.push(Input {
        name: "bytes-shift-jis".into(),
        bytes: encoding_rs::SHIFT_JIS.encode(&jpn).0.into_owned(),
        truth: mojifix::fix_str(&jpn).into_owned(),
        min_right: 1.0,
        plsfix: false,
    });
    v
}

/// plsfix as a standard input → standard output filter.
fn plsfix_filter() {
    let mut bytes = Vec::new();
    std::io::stdin().lock().read_to_end(&mut bytes).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    let fixed = plsfix::fix_text(&text, Some(&common::plsfix_config()));
    let mut out = std::io::stdout().lock();
    out.write_all(fixed.as_bytes()).unwrap();
    out.flush().unwrap();
}
