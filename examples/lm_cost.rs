//! Prints the n-gram model's cost of each line of standard input: total
//! nats, nats per character, what the order and the language gain, the
//! line. For looking at the model. With
//! `-v`, each character's cost too.
use std::io::BufRead;

fn main() {
    let each = std::env::args().any(|a| a == "-v");
    for line in std::io::stdin().lock().lines() {
        let line = line.expect("UTF-8 input");
        let cost = mojifix::__private::lm_cost(&line);
        let uni = mojifix::__private::lm_unigram_cost(&line);
        let n = line.chars().count().max(1) as f32 + 1.0;
        let language = mojifix::__private::language_gain(&line);
        let pairs = mojifix::__private::language_gain_by_pairs(&line);
        let (_, triples, _) = mojifix::__private::triple_costs(&line);
        println!(
            "{cost:8.1} {:5.2} order gain {:6.1} language gain {language:6.1} by pairs {pairs:6.1} triples {triples:6.1} {line}",
            cost / n,
            uni - cost
        );
        if each {
            let costs = mojifix::__private::lm_costs(&line);
            let shown: Vec<String> = line
                .split([' ', '\t'])
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
                .chars()
                .chain(std::iter::once('⏎'))
                .zip(costs)
                .map(|(c, x)| format!("{c}{x:.1}"))
                .collect();
            println!("         {}", shown.join(" "));
        }
    }
}
