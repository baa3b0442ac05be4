//! Prints the plausibility model's cost of each line of standard input
//! (in nats, and per character): a tool for looking at the model.
use std::io::BufRead;
fn main() {
    for line in std::io::stdin().lock().lines() {
        let line = line.expect("UTF-8 input");
        let c = mojifix::__private::model::cost(&line);
        let n = line.chars().count().max(1);
        println!("{c:8.2} {:6.2}  {line}", c / n as f32);
    }
}
