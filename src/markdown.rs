//! Just enough Markdown to know where code is: fenced code blocks and
//! inline code spans, line by line.

/// Fence state carried from one line to the next.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Fences {
    /// The open fence: its character and length.
    open: Option<(u8, usize)>,
}

/// A fence marker at the start of a line (up to three spaces of indent).
fn fence(line: &str) -> Option<(u8, usize, &str)> {
    let trimmed = line.trim_start_matches(' ');
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    let c = *trimmed.as_bytes().first()?;
    if c != b'`' && c != b'~' {
        return None;
    }
    let n = trimmed.bytes().take_while(|&b| b == c).count();
    (n >= 3).then(|| (c, n, &trimmed[n..]))
}

impl Fences {
    /// Whether a fenced block is open.
    pub(crate) fn inside(&self) -> bool {
        self.open.is_some()
    }

    /// Advances the state over whole lines that need no other look: only
    /// lines that start with a fence character are visited.
    pub(crate) fn advance(&mut self, text: &str) {
        let b = text.as_bytes();
        let mut i = 0;
        while let Some(p) = memchr::memchr2(b'`', b'~', &b[i..]) {
            let at = i + p;
            // (Only spaces before it on its line: back over them to the
            // line's start, or to what else is before it.)
            let mut start = at;
            while start > 0 && b[start - 1] == b' ' {
                start -= 1;
            }
            let end = memchr::memchr(b'\n', &b[at..]).map_or(b.len(), |n| at + n + 1);
            if start == 0 || b[start - 1] == b'\n' {
                self.line_is_code(&text[start..end]);
            }
            i = end;
        }
    }

    /// Whether `line` (with or without its line ending) is code: inside a
    /// fenced block or a fence line itself. Advances the state.
    pub(crate) fn line_is_code(&mut self, line: &str) -> bool {
        match self.open {
            Some((c, n)) => {
                if let Some((c2, n2, rest)) = fence(line) {
                    if c2 == c && n2 >= n && rest.trim().is_empty() {
                        self.open = None;
                    }
                }
                true
            }
            None => match fence(line) {
                // A backtick fence's info string may not hold backticks.
                Some((c, n, rest)) if c == b'~' || !rest.contains('`') => {
                    self.open = Some((c, n));
                    true
                }
                _ => false,
            },
        }
    }
}

/// Byte ranges of the inline code spans of one line (outside fences): a run
/// of N backticks up to the next run of exactly N.
pub(crate) fn code_spans(line: &str) -> Vec<(usize, usize)> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(p) = memchr::memchr(b'`', &b[i..]) {
        let start = i + p;
        let n = b[start..].iter().take_while(|&&c| c == b'`').count();
        let mut j = start + n;
        let mut closed = None;
        while let Some(q) = memchr::memchr(b'`', &b[j..]) {
            let s2 = j + q;
            let n2 = b[s2..].iter().take_while(|&&c| c == b'`').count();
            if n2 == n {
                closed = Some(s2 + n2);
                break;
            }
            j = s2 + n2;
        }
        match closed {
            Some(end) => {
                out.push((start, end));
                i = end;
            }
            None => i = start + n,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_open_and_close() {
        let mut f = Fences::default();
        let lines = [
            "text",
            "```rust",
            "let x = 1;",
            "``",
            "````",
            "after",
            "~~~",
            "a",
            "~~~~ ",
            "b",
        ];
        let code: Vec<bool> = lines.iter().map(|l| f.line_is_code(l)).collect();
        assert_eq!(
            code,
            [false, true, true, true, true, false, true, true, true, false]
        );
    }

    proptest::proptest! {
        #![proptest_config(crate::testing::fixed_cases(4000))]

        /// Advancing over whole lines leaves the state that taking them
        /// one by one leaves: fences indented by spaces or not, inline code,
        /// tildes and backticks after other text, lines without an ending.
        #[test]
        fn advancing_is_taking_each_line(
            s in "(( {0,5}(```|~~~|``|`|~)[a-z`~ ]{0,4}|[a-z ]{0,3}[`~]{0,4}[a-z]{0,2})\n?){0,12}"
        ) {
            let mut whole = Fences::default();
            whole.advance(&s);
            let mut each = Fences::default();
            for line in s.split_inclusive('\n') {
                each.line_is_code(line);
            }
            proptest::prop_assert_eq!(whole, each, "{:?}", s);
        }
    }

    #[test]
    fn inline_spans() {
        assert_eq!(code_spans("a `b` c ``d`e`` f"), vec![(2, 5), (8, 15)]);
        assert_eq!(code_spans("unclosed `x"), vec![]);
        assert_eq!(code_spans("``` not closed ``"), vec![]);
    }
}
