fn main() {
    let t = std::fs::read_to_string("/tmp/archive.md").unwrap();
    let f = mojifix::Fixer::new();
    for _ in 0..3 {
        let s = std::time::Instant::now();
        for _ in 0..100 {
            std::hint::black_box(f.fix_str(std::hint::black_box(&t)));
        }
        let e = s.elapsed();
        println!("fix_str {:.2} GB/s", t.len() as f64 * 100.0 / e.as_secs_f64() / 1e9);
        let s = std::time::Instant::now();
        for _ in 0..100 {
            std::hint::black_box(std::str::from_utf8(std::hint::black_box(t.as_bytes())).unwrap());
        }
        let e = s.elapsed();
        println!("from_utf8 {:.2} GB/s", t.len() as f64 * 100.0 / e.as_secs_f64() / 1e9);
    }
}
