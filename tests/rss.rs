//! Bounded memory: a 1 GiB stream through the `mojifix` filter must peak
//! under 32 MiB of resident memory, and a 256 MiB garbled file given by
//! path under 64 MiB when printed, written with `--out` and fixed with
//! `--write`; every output whole and exact. A test binary of its own, and
//! each child's peak read from its own `wait4`, so that no other process
//! counts.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// Reaps `child`; its exit code and peak resident memory in KiB.
fn wait_peak(child: Child) -> (i32, i64) {
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: wait4 writes a status and a rusage into the pointers given.
    let rc = unsafe { libc::wait4(pid, &mut status, 0, usage.as_mut_ptr()) };
    assert_eq!(rc, pid);
    // SAFETY: initialised by the successful call above.
    let peak = unsafe { usage.assume_init() }.ru_maxrss;
    // Reaped here: dropping the handle neither waits nor kills.
    drop(child);
    assert!(libc::WIFEXITED(status), "status {status:#x}");
    (libc::WEXITSTATUS(status), peak)
}

/// A block of clean Markdown with a garbled line every `every` lines.
fn block(every: usize) -> String {
    let mut block = String::new();
    for i in 0..4000 {
        if i % every == 0 {
            block.push_str("- Release 3 Ã°Å¸Å½â€° is out: cafÃ© â€“ naÃ¯ve\n");
        } else {
            block.push_str("* Plain minutes text, with some words and a date 2025-01-01.\n");
        }
    }
    block
}

#[test]
fn one_gibibyte_filter_stays_under_32_mib() {
    let exe = env!("CARGO_BIN_EXE_mojifix");
    let block = block(40);
    let want_block = mojifix::fix_str(&block).into_owned();
    let total: usize = 1 << 30;
    let reps = total / block.len() + 1;

    let mut child = Command::new(exe)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        for _ in 0..reps {
            stdin.write_all(block.as_bytes()).unwrap();
        }
    });
    let mut stdout = child.stdout.take().unwrap();
    let mut buf = vec![0u8; 1 << 20];
    let mut got = 0usize;
    let mut first = Vec::new();
    loop {
        let n = stdout.read(&mut buf).unwrap();
        if n == 0 {
            break;
        }
        if first.len() < want_block.len() {
            first.extend_from_slice(&buf[..n.min(want_block.len() - first.len())]);
        }
        got += n;
    }
    writer.join().unwrap();
    let (code, peak_kib) = wait_peak(child);
    assert_eq!(code, 0);
    assert_eq!(got, want_block.len() * reps, "every byte came out");
    assert_eq!(first, want_block.as_bytes(), "fixed as one-shot");
    eprintln!(
        "peak RSS of the filter over {} MiB: {} KiB",
        got >> 20,
        peak_kib
    );
    assert!(peak_kib < 32 * 1024, "peak RSS {peak_kib} KiB");
}

/// Checks that `r` yields `want` repeated `reps` times, exactly.
fn assert_repeats(mut r: impl Read, want: &[u8], reps: usize, what: &str) {
    let mut buf = vec![0u8; 1 << 20];
    let mut at = 0usize;
    loop {
        let n = r.read(&mut buf).unwrap();
        if n == 0 {
            break;
        }
        for (i, &b) in buf[..n].iter().enumerate() {
            assert!(
                b == want[(at + i) % want.len()],
                "{what}: differs at byte {}",
                at + i
            );
        }
        at += n;
    }
    assert_eq!(at, want.len() * reps, "{what}: length");
}

#[test]
fn a_256_mib_file_by_path_stays_under_64_mib_in_every_mode() {
    let exe = env!("CARGO_BIN_EXE_mojifix");
    let block = block(20);
    let want = mojifix::fix_str(&block).into_owned();
    // The block fixes alike wherever it stands, so the whole file's
    // expected output is the fixed block repeated.
    assert_eq!(mojifix::fix_str(&block.repeat(3)), want.repeat(3));
    let reps = (256 << 20) / block.len() + 1;
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("big.md");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        for _ in 0..reps {
            f.write_all(block.as_bytes()).unwrap();
        }
        f.flush().unwrap();
    }
    let limit = 64 * 1024;

    // Printed.
    let mut child = Command::new(exe)
        .arg(&path)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    assert_repeats(stdout, want.as_bytes(), reps, "printed");
    let (code, peak) = wait_peak(child);
    eprintln!("printing a 256 MiB file: peak {peak} KiB");
    assert_eq!(code, 0);
    assert!(peak < limit, "printing: peak RSS {peak} KiB");

    // --out.
    let out_dir = tmp.path().join("out");
    let child = Command::new(exe)
        .arg("--out")
        .arg(&out_dir)
        .arg(&path)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let (code, peak) = wait_peak(child);
    eprintln!("--out of a 256 MiB file: peak {peak} KiB");
    assert_eq!(code, 0);
    assert!(peak < limit, "--out: peak RSS {peak} KiB");
    let check = |p: &Path, what: &str| {
        assert_repeats(std::fs::File::open(p).unwrap(), want.as_bytes(), reps, what);
    };
    check(&out_dir.join("big.md"), "--out");
    std::fs::remove_dir_all(&out_dir).unwrap();

    // --write.
    let child = Command::new(exe)
        .arg("--write")
        .arg(&path)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let (code, peak) = wait_peak(child);
    eprintln!("--write of a 256 MiB file: peak {peak} KiB");
    assert_eq!(code, 0);
    assert!(peak < limit, "--write: peak RSS {peak} KiB");
    check(&path, "--write");
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
}
