//! Throughput of mojifix beside plsfix (the only other Rust mojibake
//! fixer), measured in the same run on the same inputs. Every benchmark
//! checks its result first: a fast wrong answer fails the run.
//!
//! Inputs are built at setup from files committed in `corpus/` (see
//! `benches/README.md`): nothing garbled is committed.

use std::borrow::Cow;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use mojifix::Fixer;

mod common;
use common::{archive, dense, garble, plsfix_config, udhr};

fn text_group(c: &mut Criterion, name: &str, input: &str, expected: &str, plsfix_min_ok: f64) {
    let fixer = Fixer::new();
    let got = fixer.fix_str(input);
    let lines = expected.lines().count().max(1);
    let ok = got
        .lines()
        .zip(expected.lines())
        .filter(|(a, b)| a == b)
        .count();
    assert!(
        ok as f64 / lines as f64 >= 0.995,
        "{name}: mojifix restored {ok} of {lines} lines"
    );
    let cfg = plsfix_config();
    let p = plsfix::fix_text(input, Some(&cfg));
    let pok = p
        .lines()
        .zip(expected.lines())
        .filter(|(a, b)| a == b)
        .count();
    assert!(
        pok as f64 / lines as f64 >= plsfix_min_ok,
        "{name}: plsfix restored {pok} of {lines} lines"
    );
    eprintln!(
        "{name}: {} bytes; lines right: mojifix {ok}/{lines}, plsfix {pok}/{lines}",
        input.len()
    );

    let mut g = c.benchmark_group(name);
    g.throughput(Throughput::Bytes(input.len() as u64));
    g.bench_function("mojifix", |b| {
        b.iter(|| black_box(fixer.fix_str(black_box(input))))
    });
    g.bench_function("plsfix", |b| {
        b.iter(|| black_box(plsfix::fix_text(black_box(input), Some(&cfg))))
    });
    // The floor: validating the same bytes as UTF-8 and nothing more, so
    // the machine's speed of the day is measured in the same run.
    g.bench_function("std-from-utf8", |b| {
        b.iter(|| black_box(std::str::from_utf8(black_box(input.as_bytes())).is_ok()))
    });
    g.finish();
}

fn benches(c: &mut Criterion) {
    let files = archive();
    let clean: String = files.concat();

    // The clean archive, whole and file by file through one reused Fixer.
    assert!(
        matches!(mojifix::fix_str(&clean), Cow::Borrowed(_)),
        "clean archive must be borrowed"
    );
    text_group(c, "archive-clean", &clean, &clean, 0.99);
    {
        let fixer = Fixer::new();
        for f in &files {
            assert!(matches!(fixer.fix_str(f), Cow::Borrowed(_)));
        }
        let mut g = c.benchmark_group("archive-clean-per-file");
        g.throughput(Throughput::Bytes(clean.len() as u64));
        g.bench_function("mojifix", |b| {
            b.iter(|| {
                for f in &files {
                    black_box(fixer.fix_str(black_box(f)));
                }
            })
        });
        g.finish();
    }

    // The archive with one windows-1252 layer (170 files change).
    let garbled: String = files.iter().map(|f| garble(f, 1)).collect();
    text_group(c, "archive-garbled", &garbled, &clean, 0.99);

    // Dense mojibake, one and two layers.
    let (d_clean, d1) = dense(1);
    text_group(c, "dense-1-layer", &d1, &d_clean, 0.5);
    let (_, d2) = dense(2);
    text_group(c, "dense-2-layers", &d2, &d_clean, 0.5);

    // Clean non-Latin text.
    let non_latin = mojifix::fix_str(&udhr(&[
        "rus", "ell", "cmn", "arb", "hin", "jpn", "kor", "heb", "tha", "ukr", "pes", "ben",
    ]))
    .into_owned();
    text_group(c, "udhr-non-latin-clean", &non_latin, &non_latin, 0.99);
    let all = mojifix::fix_str(&udhr(&[])).into_owned();
    text_group(c, "udhr-532-languages-clean", &all, &all, 0.99);

    // Clean typographic text: curly quotes, dashes, ellipses, €, °, ½, →.
    let typo = common::typographic();
    text_group(c, "typographic-clean", &typo, &typo, 0.99);

    // Real prose: the Debian fortune files, where installed (third-party
    // text, read where it lies).
    match common::prose() {
        Some(prose) => text_group(c, "prose-fortunes", &prose, &prose, 0.99),
        None => eprintln!(
            "prose-fortunes: skipped, no text under {} (apt-get install fortunes fortunes-de ...)",
            common::prose_dir().display()
        ),
    }

    bytes_groups(c, &files, &clean);
    scaling_group(c, &garbled);
    worst_groups(c);
}

/// Byte input: a windows-1252 file, a Shift_JIS file, a mixed file.
fn bytes_groups(c: &mut Criterion, files: &[String], clean: &str) {
    let fixer = Fixer::new();
    let latin: Vec<&String> = files
        .iter()
        .filter(|f| !f.is_ascii() && !encoding_rs::WINDOWS_1252.encode(f).2)
        .collect();
    let cp1252_text: String = latin.iter().map(|s| s.as_str()).collect();
    let cp1252 = encoding_rs::WINDOWS_1252
        .encode(&cp1252_text)
        .0
        .into_owned();
    let jpn = udhr(&["jpn"]).repeat(20);
    let sjis = encoding_rs::SHIFT_JIS.encode(&jpn).0.into_owned();
    // Ten times as long: choosing the encoding (chardetng and scoring
    // every candidate reading on the first lines) costs the same once
    // per document whatever its length; this shows the rest.
    let jpn_long = jpn.repeat(10);
    let sjis_long = encoding_rs::SHIFT_JIS.encode(&jpn_long).0.into_owned();
    let mut mixed = clean.as_bytes().to_vec();
    mixed.extend_from_slice(&cp1252);
    for (name, bytes, want) in [
        ("bytes-windows-1252", cp1252.clone(), cp1252_text.clone()),
        ("bytes-shift-jis", sjis, mojifix::fix_str(&jpn).into_owned()),
        (
            "bytes-shift-jis-2mb",
            sjis_long,
            mojifix::fix_str(&jpn_long).into_owned(),
        ),
        ("bytes-mixed", mixed, format!("{clean}{cp1252_text}")),
    ] {
        assert_eq!(fixer.fix_bytes(&bytes), want, "{name}");
        let mut g = c.benchmark_group(name);
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function("mojifix", |b| {
            b.iter(|| black_box(fixer.fix_bytes(black_box(&bytes))))
        });
        g.finish();
    }
}

/// Scaling: cost per byte stays flat from 1 KB to 16 MB.
fn scaling_group(c: &mut Criterion, garbled: &str) {
    let fixer = Fixer::new();
    let mut g = c.benchmark_group("scaling-garbled-archive");
    for size in [1usize << 10, 64 << 10, 1 << 20, 16 << 20] {
        let mut input = garbled.repeat(size / garbled.len() + 1);
        let mut cut = size;
        while !input.is_char_boundary(cut) {
            cut += 1;
        }
        input.truncate(cut);
        assert!(
            !fixer.fix_str(&input).contains("Ã©"),
            "scaling input {size} not fixed"
        );
        g.throughput(Throughput::Bytes(input.len() as u64));
        g.bench_with_input(BenchmarkId::new("mojifix", size), &input, |b, i| {
            b.iter(|| black_box(fixer.fix_str(black_box(i))))
        });
    }
    g.finish();
}

/// The worst patterns found: many short runs in one endless word, and
/// dense two-byte Cyrillic mojibake. Cost per byte must stay flat.
fn worst_groups(c: &mut Criterion) {
    let fixer = Fixer::new();
    let mut g = c.benchmark_group("scaling-worst");
    for (name, unit, sizes) in [
        (
            "runs-in-one-word",
            "Ãªa",
            &[1usize << 10, 64 << 10, 1 << 20, 4 << 20][..],
        ),
        (
            "dense-cyrillic",
            "РџСЂРёРІРµС‚ ",
            &[1usize << 10, 64 << 10, 1 << 20, 16 << 20, 64 << 20][..],
        ),
    ] {
        for &size in sizes {
            let input = unit.repeat(size / unit.len() + 1);
            let out = fixer.fix_str(&input);
            assert!(!out.contains(unit.trim()), "{name} {size}: not fixed");
            g.throughput(Throughput::Bytes(input.len() as u64));
            g.bench_with_input(BenchmarkId::new(name, size), &input, |b, i| {
                b.iter(|| black_box(fixer.fix_str(black_box(i))))
            });
        }
    }
    g.finish();
}

criterion_group! {
    name = engine;
    config = Criterion::default().sample_size(10).warm_up_time(std::time::Duration::from_millis(500)).measurement_time(std::time::Duration::from_secs(2));
    targets = benches
}
criterion_main!(engine);
