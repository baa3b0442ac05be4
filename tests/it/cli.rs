//! The command line, end to end, on temporary trees: the archive given one
//! mojibake layer is checked, diffed, fixed in place and into a new tree;
//! errors are reported and the batch goes on.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use assert_cmd::cargo::CommandCargoExt;
use mojifix::Codepage;

use crate::common::{archive, root};

fn mojifix() -> Command {
    let mut c = Command::cargo_bin("mojifix").expect("binary built");
    c.env_remove("RUST_LOG");
    c
}

/// The archive copied into `dir`, every file given one windows-1252 layer;
/// returns (relative path, clean bytes, garbled bytes).
fn garbled_archive(dir: &Path) -> Vec<(PathBuf, Vec<u8>, Vec<u8>)> {
    let base = root().join("corpus/scs-minutes");
    let mut out = Vec::new();
    for (path, bytes) in archive() {
        let rel = path.strip_prefix(&base).unwrap().to_path_buf();
        let g = Codepage::Windows1252
            .garble(std::str::from_utf8(&bytes).unwrap())
            .unwrap()
            .into_bytes();
        let dest = dir.join(&rel);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::write(&dest, &g).unwrap();
        out.push((rel, bytes, g));
    }
    out
}

fn known_archive_failures() -> Vec<String> {
    std::fs::read_to_string(root().join("tests/data/known-failures/archive.txt"))
        .unwrap()
        .lines()
        .map(|l| {
            l.split('#')
                .next()
                .unwrap()
                .trim()
                .trim_start_matches("corpus/scs-minutes/")
                .to_string()
        })
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn check_diff_write_out_on_the_garbled_archive() {
    let tmp = tempfile::tempdir().unwrap();
    let tree = tmp.path().join("minutes");
    let files = garbled_archive(&tree);
    let changed: Vec<&PathBuf> = files.iter().filter(|f| f.1 != f.2).map(|f| &f.0).collect();
    assert_eq!(changed.len(), 170);
    let known = known_archive_failures();

    // --check: one finding per line, exactly the changed files, exit 1.
    let out = mojifix().arg("--check").arg(&tree).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let mut reported: Vec<String> = stdout
        .lines()
        .map(|l| l.split(':').next().unwrap().to_string())
        .collect();
    reported.dedup();
    assert_eq!(reported.len(), 170, "files reported by --check");
    for line in stdout.lines() {
        let parts: Vec<&str> = line.splitn(4, ':').collect();
        assert!(
            parts[1].parse::<usize>().is_ok() && parts[2].parse::<usize>().is_ok(),
            "{line}"
        );
        assert!(parts[3].contains(" -> "), "{line}");
    }
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("894 files, 170 to fix, 0 skipped, 0 errors"),
        "{stderr}"
    );

    // --diff shows them and writes nothing.
    let out = mojifix().arg("--diff").arg(&tree).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let diff = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        diff.matches("\n+++ b/").count() + usize::from(diff.starts_with("+++")),
        170
    );
    assert!(
        diff.contains("+- Leave space open"),
        "diff shows fixed lines"
    );

    // --out: a fixed tree elsewhere, the inputs untouched.
    let fixed_tree = tmp.path().join("fixed");
    let out = mojifix()
        .arg("--out")
        .arg(&fixed_tree)
        .arg(&tree)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for (rel, clean, garbled) in &files {
        assert_eq!(
            &std::fs::read(tree.join(rel)).unwrap(),
            garbled,
            "input {} touched",
            rel.display()
        );
        let got = std::fs::read(fixed_tree.join(rel)).unwrap();
        if !known.contains(&rel.display().to_string()) {
            assert_eq!(&got, clean, "--out {}", rel.display());
        }
    }

    // --write: in place; unchanged files keep their mtime.
    let untouched = files.iter().find(|f| f.1 == f.2).unwrap();
    let mtime = std::fs::metadata(tree.join(&untouched.0))
        .unwrap()
        .modified()
        .unwrap();
    let out = mojifix().arg("--write").arg(&tree).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    for (rel, clean, _) in &files {
        let got = std::fs::read(tree.join(rel)).unwrap();
        if known.contains(&rel.display().to_string()) {
            assert_ne!(
                &got,
                clean,
                "{} is a known failure that now passes",
                rel.display()
            );
        } else {
            assert_eq!(&got, clean, "--write {}", rel.display());
        }
    }
    assert_eq!(
        std::fs::metadata(tree.join(&untouched.0))
            .unwrap()
            .modified()
            .unwrap(),
        mtime
    );
    // Nothing left to fix.
    let out = mojifix().arg("--check").arg(&tree).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn errors_are_reported_and_the_batch_goes_on() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::write(d.join("good.md"), "caf\u{c3}\u{a9}\n").unwrap();
    std::fs::write(d.join("image.png"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    // A socket cannot be read as a file, even by root.
    let sock = d.join("socket");
    let _listener = std::os::unix::net::UnixListener::bind(&sock).unwrap();
    let missing = d.join("missing.md");
    let out = mojifix()
        .arg("--check")
        .arg(d)
        .arg(&sock)
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "errors give exit 2");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("image.png: binary file"), "{stderr}");
    assert!(stderr.contains("socket: cannot read"), "{stderr}");
    assert!(stderr.contains("missing.md: No such file"), "{stderr}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("good.md:1:4: Ã© -> é"),
        "the good file is still checked: {stdout}"
    );
}

#[test]
fn symlinks_are_not_followed_and_loops_are_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::create_dir(d.join("sub")).unwrap();
    std::fs::write(d.join("sub/a.md"), "plain\n").unwrap();
    std::os::unix::fs::symlink(d.join("sub/a.md"), d.join("link.md")).unwrap();
    std::os::unix::fs::symlink(d, d.join("sub/loop")).unwrap();
    let out = mojifix().arg("--check").arg(d).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("link.md: symbolic link not followed"),
        "{stderr}"
    );
    let out = mojifix()
        .args(["--check", "--follow"])
        .arg(d)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("loop"), "{stderr}");
    // a.md reached twice (directly and through link.md) counts once.
    assert!(stderr.contains("1 file,"), "{stderr}");
}

#[test]
fn refusals() {
    let tmp = tempfile::tempdir().unwrap();
    let out = mojifix()
        .arg("--write")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--write needs files"));
    let out = mojifix()
        .arg("--out")
        .arg(tmp.path().join("x"))
        .arg(tmp.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("inside the input tree"));
    let out = mojifix()
        .args(["--encoding", "klingon", "-"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown encoding \"klingon\""));
}

#[test]
fn filter_streams_and_handles_closed_pipes() {
    let mut child = mojifix()
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        let line = "cafÃ© and more text on a line\n".repeat(1000);
        for _ in 0..2000 {
            if stdin.write_all(line.as_bytes()).is_err() {
                break;
            }
        }
    });
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 5];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    assert_eq!(&first, "café".as_bytes());
    drop(stdout);
    let status = child.wait().unwrap();
    writer.join().unwrap();
    assert_eq!(status.code(), Some(0), "a closed pipe is a quiet exit");
    let stderr = std::io::read_to_string(child.stderr.take().unwrap()).unwrap();
    assert!(stderr.is_empty(), "{stderr}");
}

#[test]
fn full_disk_is_an_error() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = mojifix()
        .stdin(Stdio::piped())
        .stdout(full)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = out;
    {
        use std::io::Write;
        let mut i = out.stdin.take().unwrap();
        i.write_all(b"hello\n").unwrap();
    }
    let o = out.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("No space left on device"));
}

#[test]
fn stdin_filter_matches_the_library() {
    let input = "Release 3 Ã°Å¸Å½â€°\nSÃO PAULO\n";
    let out = assert_cmd::Command::from_std(mojifix())
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        mojifix::fix_str(input)
    );
}

#[test]
fn write_errors_are_reported_and_the_batch_goes_on() {
    // A read-only directory cannot stop root, which CI runs as; a directory
    // that cannot be created can: `--out` where a file stands in the way.
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    std::fs::create_dir_all(src.join("sub")).unwrap();
    std::fs::write(src.join("a.md"), "caf\u{c3}\u{a9}\n").unwrap();
    std::fs::write(src.join("sub/b.md"), "caf\u{c3}\u{a9}\n").unwrap();
    let out = tmp.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("sub"), "a file where a directory must go").unwrap();
    let o = mojifix().arg("--out").arg(&out).arg(&src).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("b.md: cannot create"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(out.join("a.md")).unwrap(),
        "café\n",
        "the other file is written"
    );
}

#[test]
fn a_file_replaced_by_a_directory_is_walked_and_a_vanished_file_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("x.md");
    std::fs::create_dir(&d).unwrap();
    std::fs::write(d.join("inner.md"), "caf\u{c3}\u{a9}\n").unwrap();
    let gone = tmp.path().join("gone.md");
    let o = mojifix()
        .arg("--check")
        .arg(&d)
        .arg(&gone)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stdout).contains("inner.md:1:4"));
    assert!(String::from_utf8_lossy(&o.stderr).contains("gone.md: No such file"));
}

#[test]
fn interrupted_write_leaves_old_or_new_content() {
    // Kill `--write` part-way through a big batch: every file is whole,
    // either as it was or fixed, never torn.
    let tmp = tempfile::tempdir().unwrap();
    let garbled = "Release 3 Ã°Å¸Å½â€° cafÃ© â€“ ".repeat(20_000);
    let fixed = mojifix::fix_str(&garbled).into_owned();
    for i in 0..200 {
        std::fs::write(tmp.path().join(format!("f{i:03}.md")), &garbled).unwrap();
    }
    let mut child = mojifix()
        .arg("--write")
        .arg("-q")
        .arg(tmp.path())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    let _ = child.kill();
    let _ = child.wait();
    let (mut old, mut new) = (0, 0);
    for i in 0..200 {
        let got = std::fs::read_to_string(tmp.path().join(format!("f{i:03}.md"))).unwrap();
        if got == garbled {
            old += 1;
        } else {
            assert_eq!(got, fixed, "f{i:03}.md is torn");
            new += 1;
        }
    }
    assert_eq!(old + new, 200);
}

/// The margin printed in a finding (`…; margin +12.3 nats)` or
/// `(margin +12.3 nats over the next encoding)`), if any.
fn margin_in(line: &str) -> Option<f64> {
    let at = line.find("margin ")? + "margin ".len();
    let end = at + line[at..].find(" nats")?;
    Some(line[at..end].parse().unwrap())
}

/// `--explain` gives each repair a model weighed, and each stretch read
/// from a legacy encoding it chose, the margin of that decision, in nats;
/// `--check` keeps to what changed; `--json` has the margin as a number.
#[test]
fn explain_shows_each_decision_s_margin() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("a.md"),
        "un cafÃ© au lait\nÏðèâåò, êàê äåëà ñåãîäíÿ?\nle cafe\u{301} noir\n",
    )
    .unwrap();
    let polish = encoding_rs::WINDOWS_1250
        .encode("Błąd: proszę czekać na odpowiedź serwera.\nZażółć gęślą jaźń.\n")
        .0;
    std::fs::write(tmp.path().join("b.txt"), &polish).unwrap();
    let run = |args: &[&str]| {
        let o = mojifix()
            .current_dir(tmp.path())
            .args(args)
            .output()
            .unwrap();
        String::from_utf8(o.stdout).unwrap()
    };
    let out = run(&["--explain", "a.md"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    assert_eq!(lines[0], "a.md:");
    assert!(
        lines[1].starts_with("  line 1, column 7: Ã© -> é (UTF-8 read as windows-1252; margin +")
    );
    assert!(lines[2].starts_with(
        "  line 2, column 1: Ïðèâåò, êàê äåëà ñåãîäíÿ? -> Привет, как дела сегодня? \
         (windows-1251 text shown as windows-1252; margin +"
    ));
    for l in &lines[1..3] {
        assert!(margin_in(l).is_some_and(|m| m > 0.0), "{l}");
    }
    // (NFC is a rule: no margin.)
    assert_eq!(
        lines[3],
        "  line 3, column 4: cafe\\u{301} -> caf\\u{e9} (NFC)"
    );
    let out = run(&["--explain", "b.txt"]);
    assert!(
        out.starts_with("b.txt:\n  line 1, column 1: lines 1-2 read as windows-1250 (margin +"),
        "{out}"
    );
    assert!(out.ends_with(" nats over the next encoding)\n"), "{out}");
    assert!(margin_in(&out).is_some_and(|m| m > 0.0), "{out}");
    // `--check` prints no margins.
    for f in ["a.md", "b.txt"] {
        let out = run(&["--check", f]);
        assert!(!out.is_empty() && !out.contains("margin"), "{out}");
    }
    let out = run(&["--explain", "--json", "a.md"]);
    let first: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert!(
        first["change"]["margin"].as_f64().is_some_and(|m| m > 0.0),
        "{first}"
    );
    let out = run(&["--explain", "--json", "b.txt"]);
    let first: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert!(
        first["decoded"]["margin"].as_f64().is_some_and(|m| m > 0.0),
        "{first}"
    );
}
