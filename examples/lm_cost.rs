//! Prints the n-gram model's cost of each line of standard input: total
//! nats, nats per character, the line. For looking at the model.
use std::io::BufRead;

fn main() {
    for line in std::io::stdin().lock().lines() {
        let line = line.expect("UTF-8 input");
        let cost = mojifix::__private::lm_cost(&line);
        let uni = mojifix::__private::lm_unigram_cost(&line);
        let n = line.chars().count().max(1) as f32 + 1.0;
        println!(
            "{cost:8.1} {:5.2} order gain {:6.1} {line}",
            cost / n,
            uni - cost
        );
    }
}
