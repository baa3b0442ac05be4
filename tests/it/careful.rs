//! The command line as careful as the tools people trust: special files,
//! links and permissions keep their identity, binary data passes through,
//! every change is visible in `--check`, output stays bounded and readable,
//! colour follows `--color` and `NO_COLOR`, files can be marked to be left
//! alone. Each test builds its own scratch directory.

use std::io::{Read, Write};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::cargo::CommandCargoExt;

use crate::common::root;

fn mojifix() -> Command {
    let mut c = Command::cargo_bin("mojifix").expect("binary built");
    c.env_remove("NO_COLOR");
    c
}

const GARBLED: &str = "Release 3 Ã°Å¸Å½â€° cafÃ© â€“ naÃ¯ve\n";
const FIXED: &str = "Release 3 🎉 café – naïve\n";

fn mkfifo(p: &Path) {
    let c = std::ffi::CString::new(p.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
}

/// Waits for `child` at most `limit`; kills it and fails if it hangs.
fn wait_within(child: &mut std::process::Child, limit: Duration) -> std::process::ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(s) = child.try_wait().unwrap() {
            return s;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn write_and_out_refuse_a_fifo_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("pipe.md");
    mkfifo(&fifo);
    for args in [vec!["--write"], vec!["--out", "fixed"]] {
        let mut child = mojifix()
            .current_dir(tmp.path())
            .args(&args)
            .arg(&fifo)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let status = wait_within(&mut child, Duration::from_secs(5));
        assert_eq!(status.code(), Some(2), "{args:?}");
        let mut err = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        assert!(
            err.contains("pipe.md: not a regular file (a FIFO)"),
            "{args:?}: {err}"
        );
    }
    assert!(!tmp.path().join("fixed/pipe.md").exists());
}

/// Runs mojifix with `args` on a FIFO fed `input` by another thread.
fn through_fifo(args: &[&str], input: &'static [u8]) -> std::process::Output {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("pipe.md");
    mkfifo(&fifo);
    let child = mojifix()
        .args(args)
        .arg(&fifo)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let f2 = fifo.clone();
    let writer = std::thread::spawn(move || {
        let mut w = std::fs::OpenOptions::new().write(true).open(f2).unwrap();
        w.write_all(input).unwrap();
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

#[test]
fn printing_and_check_read_a_fifo_once() {
    let out = through_fifo(&[], GARBLED.as_bytes());
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), FIXED);
    let out = through_fifo(&["--check"], GARBLED.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("pipe.md:1:24: Ã© -> é"), "{stdout}");
}

#[test]
fn write_through_a_symlink_fixes_the_target_and_keeps_the_link() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::create_dir(d.join("real")).unwrap();
    let target = d.join("real/notes.md");
    std::fs::write(&target, GARBLED).unwrap();
    let link = d.join("link.md");
    std::os::unix::fs::symlink("real/notes.md", &link).unwrap();
    let out = mojifix().arg("--write").arg(&link).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(
        std::fs::read_link(&link).unwrap(),
        Path::new("real/notes.md")
    );
    assert_eq!(std::fs::read_to_string(&target).unwrap(), FIXED);
    // No temporary file left beside the link or the target.
    assert_eq!(std::fs::read_dir(d).unwrap().count(), 2);
    assert_eq!(std::fs::read_dir(d.join("real")).unwrap().count(), 1);
}

#[test]
fn every_hard_link_sees_the_fix() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a.md");
    let b = tmp.path().join("b.md");
    std::fs::write(&a, GARBLED.repeat(1000)).unwrap();
    std::fs::hard_link(&a, &b).unwrap();
    let ino = std::fs::metadata(&a).unwrap().ino();
    let out = mojifix().arg("--write").arg(&a).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    for p in [&a, &b] {
        assert_eq!(std::fs::read_to_string(p).unwrap(), FIXED.repeat(1000));
        let m = std::fs::metadata(p).unwrap();
        assert_eq!((m.ino(), m.nlink()), (ino, 2));
    }
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 2);
}

#[test]
fn out_and_write_keep_permission_bits() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    std::fs::create_dir(&src).unwrap();
    for (name, mode, text) in [
        ("run.sh", 0o755, GARBLED),
        ("shared.md", 0o664, GARBLED),
        ("clean.md", 0o640, FIXED),
    ] {
        let p = src.join(name);
        std::fs::write(&p, text).unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(mode)).unwrap();
    }
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o7777;
    let out_dir = tmp.path().join("out");
    let o = mojifix()
        .arg("--out")
        .arg(&out_dir)
        .arg(&src)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    for (name, m) in [("run.sh", 0o755), ("shared.md", 0o664), ("clean.md", 0o640)] {
        assert_eq!(mode(&out_dir.join(name)), m, "--out {name}");
    }
    assert_eq!(
        std::fs::read_to_string(out_dir.join("run.sh")).unwrap(),
        FIXED
    );
    let o = mojifix().arg("--write").arg(&src).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    for (name, m) in [("run.sh", 0o755), ("shared.md", 0o664), ("clean.md", 0o640)] {
        assert_eq!(mode(&src.join(name)), m, "--write {name}");
        assert_eq!(std::fs::read_to_string(src.join(name)).unwrap(), FIXED);
    }
}

#[test]
fn write_keeps_the_owner_where_it_may() {
    // Only root may give a file to someone else; as another user the file
    // is the user's own, and keeping that is what is checked.
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("a.md");
    std::fs::write(&p, GARBLED).unwrap();
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    let (uid, gid) = if root { (4321, 4321) } else { (0, 0) };
    if root {
        std::os::unix::fs::chown(&p, Some(uid), Some(gid)).unwrap();
    }
    let before = std::fs::metadata(&p).unwrap();
    let o = mojifix().arg("--write").arg(&p).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let after = std::fs::metadata(&p).unwrap();
    assert_eq!(std::fs::read_to_string(&p).unwrap(), FIXED);
    assert_eq!(
        (after.uid(), after.gid()),
        (before.uid(), before.gid()),
        "owner kept"
    );
}

#[test]
fn binary_stdin_passes_through_with_a_warning() {
    let mut input = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    input.extend_from_slice("cafÃ© \u{0} Ã©\n".as_bytes());
    input.extend((0..=255u8).cycle().take(300_000));
    let out = assert_cmd::Command::from_std(mojifix())
        .write_stdin(input.clone())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout == input, "byte for byte");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("standard input looks binary (NUL bytes): passed through unchanged"),
        "{err}"
    );
}

#[test]
fn binary_files_in_a_batch_are_skipped_and_counted() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("a.md"), GARBLED).unwrap();
    std::fs::write(tmp.path().join("b.bin"), b"caf\xc3\x83\xc2\xa9\0\0\x01").unwrap();
    let o = mojifix().arg("--write").arg(tmp.path()).output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains("b.bin: binary file (NUL bytes), skipped"),
        "{err}"
    );
    assert!(
        err.contains("2 files, 1 fixed, 1 skipped, 0 errors"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(tmp.path().join("b.bin")).unwrap(),
        b"caf\xc3\x83\xc2\xa9\0\0\x01"
    );
}

fn check_of(bytes: &[u8]) -> (Option<i32>, String) {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("f.md");
    std::fs::write(&p, bytes).unwrap();
    let o = mojifix()
        .current_dir(tmp.path())
        .args(["--check", "f.md"])
        .output()
        .unwrap();
    (o.status.code(), String::from_utf8(o.stdout).unwrap())
}

#[test]
fn bom_and_nfc_changes_are_visible_with_escapes() {
    let (code, out) = check_of(b"\xEF\xBB\xBFhello\n");
    assert_eq!(code, Some(1));
    assert_eq!(out, "f.md:1:1: \\u{feff} removed (BOM)\n");
    let (code, out) = check_of("le cafe\u{301} noir\n".as_bytes());
    assert_eq!(code, Some(1));
    assert_eq!(out, "f.md:1:4: cafe\\u{301} -> caf\\u{e9} (NFC)\n");
    // Sides that look different stay as they are.
    let (_, out) = check_of("cafÃ©\n".as_bytes());
    assert_eq!(out, "f.md:1:4: Ã© -> é (UTF-8 read as windows-1252)\n");
}

#[test]
fn damage_is_reported_at_its_line_in_order() {
    let mut input = Vec::new();
    input.extend_from_slice("first cafÃ©\n".as_bytes());
    input.extend_from_slice(b"Gr\xC3\xBC\xC3e fine\n");
    input.extend_from_slice("third naÃ¯ve\n".as_bytes());
    let (code, out) = check_of(&input);
    assert_eq!(code, Some(1));
    assert_eq!(
        out,
        "f.md:1:10: Ã© -> é (UTF-8 read as windows-1252)\n\
         f.md:2:4: \\xC3 -> \\u{fffd} (broken UTF-8: a byte lost or put in)\n\
         f.md:3:9: Ã¯ -> ï (UTF-8 read as windows-1252)\n"
    );
    assert!(!out.contains("decoded as UTF-8"));
    // A legacy line among UTF-8 ones: at its line, by its encoding.
    let (_, out) = check_of(b"caf\xC3\xA9 ok\nna\xEFve\n");
    assert_eq!(out, "f.md:2:1: line read as windows-1252\n");
    // A clean UTF-8 file: nothing.
    let (code, out) = check_of("café crème, Привет\n".as_bytes());
    assert_eq!((code, out.as_str()), (Some(0), ""));
}

#[test]
fn check_on_one_huge_garbled_line_is_bounded() {
    let line = "cafÃ© ".repeat(20 * 1024 * 1024 / 7);
    let (code, out) = check_of(line.as_bytes());
    assert_eq!(code, Some(1));
    assert!(out.len() < 1 << 20, "{} bytes", out.len());
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 51, "50 findings and a count");
    assert_eq!(lines[0], "f.md:1:4: Ã© -> é (UTF-8 read as windows-1252)");
    assert_eq!(lines[1], "f.md:1:10: Ã© -> é (UTF-8 read as windows-1252)");
    let more = 20 * 1024 * 1024 / 7 - 50;
    assert_eq!(lines[50], format!("f.md: … and {more} more"));
}

#[test]
fn check_with_diff_prints_the_diff_and_fails() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("a.md"), format!("ok\n{GARBLED}ok\n")).unwrap();
    std::fs::write(tmp.path().join("b.md"), FIXED).unwrap();
    let o = mojifix()
        .current_dir(tmp.path())
        .args(["--check", "--diff", "a.md", "b.md"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8(o.stdout).unwrap();
    assert_eq!(
        out,
        format!(
            "--- a/a.md\n+++ b/a.md\n@@ -1,3 +1,3 @@\n ok\n-{}\n+{}\n ok\n",
            GARBLED.trim_end(),
            FIXED.trim_end()
        )
    );
    let o = mojifix()
        .current_dir(tmp.path())
        .args(["--check", "--diff", "b.md"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.is_empty());
    // Two formats at once are refused.
    let o = mojifix()
        .current_dir(tmp.path())
        .args(["--diff", "--json", "a.md"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot be used with"));
}

/// Runs mojifix with its standard output on a pseudo-terminal; returns
/// what it printed there.
fn on_a_terminal(args: &[&str], dir: &Path, no_color: bool) -> String {
    let (mut master, mut slave) = (0, 0);
    // SAFETY: openpty writes two descriptors; the other arguments may be null.
    let rc = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    assert_eq!(rc, 0);
    // SAFETY: both descriptors were just opened and are owned here.
    let (master, slave) = unsafe {
        use std::os::fd::FromRawFd;
        (
            std::fs::File::from_raw_fd(master),
            std::os::fd::OwnedFd::from_raw_fd(slave),
        )
    };
    let mut cmd = mojifix();
    cmd.current_dir(dir)
        .args(args)
        .stdout(Stdio::from(slave))
        .stderr(Stdio::null());
    if no_color {
        cmd.env("NO_COLOR", "1");
    }
    let mut child = cmd.spawn().unwrap();
    drop(cmd);
    wait_within(&mut child, Duration::from_secs(20));
    let mut out = Vec::new();
    let mut master = master;
    let mut buf = [0u8; 4096];
    loop {
        match master.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn colour_follows_the_terminal_no_color_and_the_flag() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("a.md"), GARBLED).unwrap();
    let diff = ["--diff", "a.md"];
    let shown = on_a_terminal(&diff, tmp.path(), false);
    assert!(shown.contains("\x1b[32m+Release"), "{shown:?}");
    let shown = on_a_terminal(&diff, tmp.path(), true);
    assert!(shown.contains("+Release 3"), "{shown:?}");
    assert!(!shown.contains('\x1b'), "NO_COLOR: {shown:?}");
    let shown = on_a_terminal(&["--diff", "--color", "never", "a.md"], tmp.path(), false);
    assert!(!shown.contains('\x1b'), "--color never: {shown:?}");
    let shown = on_a_terminal(&["--check", "a.md"], tmp.path(), true);
    assert!(shown.contains("a.md:1:11:") && !shown.contains('\x1b'));
    // Not a terminal: no colour unless asked.
    let o = mojifix()
        .current_dir(tmp.path())
        .args(diff)
        .output()
        .unwrap();
    assert!(!o.stdout.contains(&0x1b));
    let o = mojifix()
        .current_dir(tmp.path())
        .args(["--diff", "--color", "always", "a.md"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains("\x1b[31m-Release") && out.contains("\x1b[32m+Release"));
}

#[test]
fn counts_read_as_english() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("a.md"), GARBLED).unwrap();
    let missing = tmp.path().join("missing.md");
    let o = mojifix()
        .arg("--check")
        .arg(tmp.path().join("a.md"))
        .arg(&missing)
        .output()
        .unwrap();
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains("mojifix: 1 file, 1 to fix, 0 skipped, 1 error ("),
        "{err}"
    );
    std::fs::write(tmp.path().join("b.md"), GARBLED).unwrap();
    let o = mojifix().arg("--check").arg(tmp.path()).output().unwrap();
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains("mojifix: 2 files, 2 to fix, 0 skipped, 0 errors ("),
        "{err}"
    );
    assert!(!err.contains("1 files") && !err.contains("1 errors"));
}

#[test]
fn marked_and_ignored_files_are_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::create_dir_all(d.join("docs/fixtures")).unwrap();
    std::fs::write(d.join("docs/a.md"), GARBLED).unwrap();
    std::fs::write(d.join("docs/fixtures/f.md"), GARBLED).unwrap();
    std::fs::write(d.join("docs/fixtures/keep.md"), GARBLED).unwrap();
    std::fs::write(d.join("docs/.mojifixignore"), "fixtures/\n").unwrap();
    // The marker, in a file that does not decode as UTF-8 at all.
    let mut marked = b"<!-- mojifix: ignore-file -->\ncaf\xe9 ".to_vec();
    marked.extend_from_slice(GARBLED.as_bytes());
    std::fs::write(d.join("docs/marked.md"), &marked).unwrap();
    let o = mojifix()
        .arg("--write")
        .arg(d.join("docs"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("2 files, 1 fixed, 1 skipped"), "{err}");
    assert_eq!(std::fs::read_to_string(d.join("docs/a.md")).unwrap(), FIXED);
    assert_eq!(
        std::fs::read_to_string(d.join("docs/fixtures/f.md")).unwrap(),
        GARBLED
    );
    assert_eq!(std::fs::read(d.join("docs/marked.md")).unwrap(), marked);
    // Named on the command line (as pre-commit does), the ignore file
    // still applies.
    let o = mojifix()
        .arg("--check")
        .arg(d.join("docs/fixtures/keep.md"))
        .arg(d.join("docs/marked.md"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert!(o.stdout.is_empty());
    // So does a directory named on the command line that a parent's
    // ignore file names.
    let o = mojifix()
        .arg("--check")
        .arg(d.join("docs/fixtures"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert!(o.stdout.is_empty());
    // The marker in UTF-16 counts too; printing passes a marked file as it is.
    let utf16: Vec<u8> = "\u{feff}mojifix: ignore-file cafÃ©\n"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    std::fs::write(d.join("u16.txt"), &utf16).unwrap();
    let o = mojifix().arg(d.join("u16.txt")).output().unwrap();
    assert_eq!(o.stdout, utf16);
}

#[test]
fn completions_and_man_page_come_from_the_definition() {
    let o = mojifix().args(["--completions", "bash"]).output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    let s = String::from_utf8(o.stdout).unwrap();
    assert!(s.contains("--check") && s.contains("--color") && s.contains("complete -F"));
    let o = mojifix().arg("--man").output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    let s = String::from_utf8(o.stdout).unwrap();
    assert!(s.starts_with(".ie") || s.contains(".TH mojifix"), "{s}");
    assert!(s.contains("\\-\\-write"));
}

#[test]
fn the_readme_speaks_to_users() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let lower = readme.to_lowercase();
    for word in [
        "session",
        "fifth",
        "sixth",
        "fourth",
        "fast day",
        "the vm",
        "today",
        "yesterday",
    ] {
        assert!(!lower.contains(word), "README speaks of {word:?}");
    }
    // The archive's file count is the one `--check` gives.
    let o = mojifix()
        .arg("--check")
        .arg(root().join("corpus/scs-minutes"))
        .output()
        .unwrap();
    let err = String::from_utf8(o.stderr).unwrap();
    let n: usize = err
        .split("mojifix: ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|s| s.parse().ok())
        .unwrap();
    assert!(readme.contains(&format!("{n}-file archive")), "{n} files");
}

#[test]
fn the_release_binary_is_small() {
    let exe = std::path::PathBuf::from(env!("CARGO_BIN_EXE_mojifix"));
    // Only the release profile is held to it (`cargo test --release`,
    // what CI runs); a debug build carries its debug info.
    if exe.parent().and_then(|p| p.file_name()) != Some("release".as_ref()) {
        eprintln!("not a release build: size not checked");
        return;
    }
    // (`cargo test` builds it with the features the test dependencies ask
    // of shared crates, about 0.8 MB more than `cargo build --release`
    // makes; `.ci/run` holds that one, what users get, under 10 MiB.)
    let size = std::fs::metadata(&exe).unwrap().len();
    assert!(size <= 11 << 20, "{size} bytes");
}

#[test]
fn diff_hunks_are_those_of_diff_u() {
    let tmp = tempfile::tempdir().unwrap();
    let mut text = String::new();
    for i in 1..=30 {
        if [1, 8, 20].contains(&i) {
            text.push_str(&format!("l{i} cafÃ©\n"));
        } else {
            text.push_str(&format!("l{i}\n"));
        }
    }
    text.push_str("last cafÃ©");
    std::fs::write(tmp.path().join("a.md"), &text).unwrap();
    let o = mojifix()
        .current_dir(tmp.path())
        .args(["--diff", "a.md"])
        .output()
        .unwrap();
    // Changes 6 lines apart share a hunk; a last line without its line
    // feed is marked.
    let want = "--- a/a.md\n+++ b/a.md\n@@ -1,11 +1,11 @@\n-l1 cafÃ©\n+l1 café\n l2\n l3\n l4\n \
                l5\n l6\n l7\n-l8 cafÃ©\n+l8 café\n l9\n l10\n l11\n@@ -17,7 +17,7 @@\n l17\n l18\n \
                l19\n-l20 cafÃ©\n+l20 café\n l21\n l22\n l23\n@@ -28,4 +28,4 @@\n l28\n l29\n l30\n\
                -last cafÃ©\n\\ No newline at end of file\n+last café\n\\ No newline at end of file\n";
    assert_eq!(String::from_utf8(o.stdout).unwrap(), want);
}

#[test]
fn a_large_file_streams_through_diff_and_check() {
    // Over 1 MiB: the streaming path. A garbled line every 1,000 lines.
    let tmp = tempfile::tempdir().unwrap();
    let mut text = String::new();
    for i in 0..40_000 {
        if i % 1000 == 500 {
            text.push_str("a garbled cafÃ© line\n");
        } else {
            text.push_str("a clean line of minutes text\n");
        }
    }
    std::fs::write(tmp.path().join("big.md"), &text).unwrap();
    let o = mojifix()
        .current_dir(tmp.path())
        .args(["--diff", "big.md"])
        .output()
        .unwrap();
    let out = String::from_utf8(o.stdout).unwrap();
    assert_eq!(out.matches("\n@@ -").count(), 40);
    assert_eq!(out.matches("\n+a garbled café line\n").count(), 40);
    assert!(out.contains("\n@@ -498,7 +498,7 @@\n"), "{}", &out[..300]);
    let (code, out) = check_of(text.as_bytes());
    assert_eq!(code, Some(1));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 40);
    assert_eq!(
        lines[39],
        "f.md:39501:14: Ã© -> é (UTF-8 read as windows-1252)"
    );
}

#[test]
fn json_lines_and_explain_list_every_change() {
    let tmp = tempfile::tempdir().unwrap();
    let mut text = b"\xEF\xBB\xBFfirst caf\xC3\x83\xC2\xA9\n".to_vec();
    text.extend_from_slice(b"Gr\xC3\xBC\xC3e\n");
    std::fs::write(tmp.path().join("a.md"), &text).unwrap();
    let o = mojifix()
        .current_dir(tmp.path())
        .args(["--check", "--json", "a.md"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert_eq!(lines[0]["bom_removed"], "UTF-8");
    assert_eq!(lines[1]["change"]["before"], "Ã©");
    assert_eq!(lines[1]["layers"], 1);
    assert_eq!(lines[2]["broken_utf8"], serde_json::json!([0xC3]));
    assert_eq!(
        (lines[2]["line"].as_u64(), lines[2]["column"].as_u64()),
        (Some(2), Some(4))
    );
    for l in &lines {
        assert_eq!(l["path"], "a.md");
    }
    let o = mojifix()
        .current_dir(tmp.path())
        .args(["--explain", "a.md"])
        .output()
        .unwrap();
    // (The repair with the margin it beat its bar by, whatever it is.)
    let out = String::from_utf8(o.stdout).unwrap();
    let (head, rest) = out.split_once("; margin +").expect("a margin");
    let (_, tail) = rest.split_once(" nats)").expect("in nats");
    assert_eq!(
        format!("{head}){tail}"),
        "a.md:\n  line 1, column 1: \\u{feff} removed (BOM)\n  \
         line 1, column 10: Ã© -> é (UTF-8 read as windows-1252)\n  \
         line 2, column 4: \\xC3 -> \\u{fffd} (broken UTF-8: a byte lost or put in)\n"
    );
}

#[test]
fn a_large_legacy_file_is_one_finding() {
    // Over 1 MiB of windows-1252 with ASCII lines among the others: read
    // in chunks, reported as one stretch.
    let mut text = Vec::new();
    for i in 0..60_000 {
        if i % 7 == 3 {
            text.extend_from_slice(b"a plain ASCII line of minutes\n");
        } else {
            text.extend_from_slice(b"caf\xe9 cr\xe8me br\xfbl\xe9e, na\xefve fa\xe7ade\n");
        }
    }
    assert!(text.len() > 1 << 20);
    let (code, out) = check_of(&text);
    assert_eq!(code, Some(1));
    assert_eq!(out, "f.md:1:1: lines 1-60000 read as windows-1252\n");
}
