use std::io::{Read, Write};
fn main() {
    let mut input = Vec::new();
    std::io::stdin().read_to_end(&mut input).unwrap();
    let text = String::from_utf8_lossy(&input);
    let out = std::io::stdout();
    let mut out = out.lock();
    out.write_all(mojifix::fix_str(&text).as_bytes()).unwrap();
}
