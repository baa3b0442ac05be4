//! Bounded memory: a 1 GiB stream through the `mojifix` filter must peak
//! under 32 MiB of resident memory, and come out whole. A test binary of
//! its own, so that the peak measured is this child's alone.

use std::io::{Read, Write};
use std::process::{Command, Stdio};

#[test]
fn one_gibibyte_filter_stays_under_32_mib() {
    let exe = env!("CARGO_BIN_EXE_mojifix");
    // A block of clean Markdown with a garbled line every 40 lines.
    let mut block = String::new();
    for i in 0..4000 {
        if i % 40 == 0 {
            block.push_str("- Release 3 Ã°Å¸Å½â€° is out: cafÃ© â€“ naÃ¯ve\n");
        } else {
            block.push_str("* Plain minutes text, with some words and a date 2025-01-01.\n");
        }
    }
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
    assert!(child.wait().unwrap().success());
    assert_eq!(got, want_block.len() * reps, "every byte came out");
    assert_eq!(first, want_block.as_bytes(), "fixed as one-shot");

    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage writes a rusage into the pointer it is given.
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr()) };
    assert_eq!(rc, 0);
    // SAFETY: initialised by the successful call above.
    let peak_kib = unsafe { usage.assume_init() }.ru_maxrss;
    eprintln!(
        "peak RSS of the filter over {} MiB: {} KiB",
        got >> 20,
        peak_kib
    );
    assert!(peak_kib < 32 * 1024, "peak RSS {peak_kib} KiB");
}
