//! Counts the shapes of the lines of standard input as the line decoder
//! weighs them (a word that cannot be written; letters no one text holds,
//! each word coherent; coherent), among the lines with a character outside
//! ASCII: how [`SHAPE_EVIDENCE`]-like constants are measured. With `-v`,
//! each line with its shape.
use std::io::BufRead;

fn main() {
    let each = std::env::args().any(|a| a == "-v");
    let mut counts = [0usize; 3];
    for line in std::io::stdin().lock().lines() {
        let line = line.expect("UTF-8 input");
        if line.is_ascii() {
            continue;
        }
        let (coherent, bad_word) = mojifix::__private::line_shape(&line);
        let k = if bad_word {
            0
        } else if !coherent {
            1
        } else {
            2
        };
        counts[k] += 1;
        if each {
            println!("{k} {line}");
        }
    }
    let n = counts.iter().sum::<usize>().max(1) as f64;
    for (name, c) in ["incoherent word", "incoherent line", "coherent"]
        .iter()
        .zip(counts)
    {
        println!("{name:16} {c:8} {:6.3} %", 100.0 * c as f64 / n);
    }
}
