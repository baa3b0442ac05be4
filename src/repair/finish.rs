//! What is done after the choice: the chosen candidates made repairs,
//! named after the line's favoured codepage ([`push_chosen`]); a repair
//! whose deepest layer reads as a letter foreign to the line given back
//! that layer ([`shallower_where_deeper_is_foreign`]); on a line proven
//! garbled, a sequence cut short by U+FFFD (or by a `?` standing for a
//! byte the codepage does not show) made one U+FFFD ([`push_lost_bytes`]);
//! lone C1 controls read as windows-1252 ([`push_lone_c1s`]).
//!
//! Guarantees: the repairs pushed never overlap: a lost byte or a C1
//! control is repaired only where no repair took its characters in
//! (`taken`), and a layer given back keeps the repair's range.

use super::*;

/// Pushes the chosen candidates as repairs and marks what they take in
/// (`taken`); a repair that the line's favoured codepage also reads is
/// named after it. Each carries the margin by which it passed, as
/// [`select()`] weighed it (on a line `proven` garbled or not).
#[expect(
    clippy::too_many_arguments,
    reason = "the line's buffers, borrowed one by one beside the line that borrows two of them"
)]
pub(super) fn push_chosen(
    line: &Line,
    base: usize,
    cands: &[Candidate],
    chosen: &[usize],
    arena: &Arena,
    favoured: Option<Codepage>,
    proven: bool,
    taken: &mut [bool],
    out: &mut Vec<Repair>,
) {
    for &i in chosen.iter() {
        let c = &cands[i];
        let margin = passes(c, proven, relief(c, favoured));
        taken[c.i0..c.i1].iter_mut().for_each(|t| *t = true);
        let mut layers = Layers::new(&arena.layers[c.layers.clone()]);
        if let Some(f) = favoured.filter(|f| c.cps & (1 << f.index()) != 0 && layers[0] != *f) {
            // Name the codepage the rest of the line was garbled with.
            let first = layers[0];
            for l in layers.iter_mut().filter(|l| **l == first) {
                *l = f;
            }
        }
        out.push(Repair {
            start: base + line.byte(c.i0),
            end: base + line.byte(c.i1),
            replacement: arena.text[c.replacement.clone()].to_string(),
            layers,
            lossy: c.lossy,
            c1: false,
            lost: false,
            saved: None,
            margin,
        });
    }
}

/// A deeper layer's reading with a letter outside the language of the rest
/// of the repaired line, where the reading one layer up has letters of
/// that language, is given back its last layer: `LEFELÃ‰â€¦` among
/// Hungarian capitals is `LEFELÉ…`, not a second layer's `LEFELɅ`;
/// `STÃ…â€¦` beside Danish `ÆNDRING` is `STÅ…`, not `STŅ`. (The language:
/// the alphabets that hold the most of the line's other letters.) Only
/// for a letter and punctuation one layer up, as text ends a word; or for
/// symbols one layer up and below a letter of a script the rest of the
/// line has none of (`×”` among Korean words is not Hebrew `ה`).
pub(super) fn shallower_where_deeper_is_foreign(text: &str, base: usize, repairs: &mut [Repair]) {
    let deep = |r: &Repair| {
        r.layers.len() > 1 && r.lossy == 0 && r.layers[r.layers.len() - 1].is_single_byte()
    };
    if !repairs.iter().any(deep) {
        return;
    }
    let mut order: Vec<usize> = (0..repairs.len()).collect();
    order.sort_unstable_by_key(|&i| repairs[i].start);
    // The line as repaired, without repair `i`'s run.
    let rest = |repairs: &[Repair], i: usize| {
        let mut s = String::with_capacity(text.len());
        let mut last = 0;
        for &j in &order {
            let r = &repairs[j];
            s.push_str(&text[last..r.start - base]);
            s.push_str(if j == i { " " } else { &r.replacement });
            last = r.end - base;
        }
        s.push_str(&text[last..]);
        s
    };
    let has_letter = |s: &str| s.chars().any(|c| !c.is_ascii() && is_letter(c));
    let t = tables();
    for i in 0..repairs.len() {
        if !deep(&repairs[i]) {
            continue;
        }
        let r = &repairs[i];
        let k = r.layers[r.layers.len() - 1].index();
        let shallower: String = r
            .replacement
            .bytes()
            .map(|b| {
                if b < 0x80 {
                    char::from(b)
                } else {
                    t.decode[k][usize::from(b - 0x80)]
                }
            })
            .collect();
        // (Letters and what text ends a word with beyond Latin-1: `É…`,
        // `Ð”`. Not `Ã§` or `Ä‡`, a symbol beside a letter, which is what
        // garbling writes.)
        let punct = |c: char| matches!(c, '…' | '”' | '’');
        if shallower.contains('\u{FFFD}') {
            continue;
        }
        let context = rest(repairs, i);
        // Symbols one layer up, a letter of a script the rest of the line
        // has none of below (`×”` among Korean words is not Hebrew `ה`).
        let foreign_letter = || {
            !has_letter(&shallower)
                && dominant(r.replacement.chars())
                    .is_some_and(|own| !context.chars().any(|c| script_of(c) == Some(own)))
        };
        // A letter and a word's closing punctuation one layer up, in the
        // language of the rest of the line, and below a letter outside it.
        let foreign_language = || {
            has_letter(&shallower)
                && shallower.chars().any(punct)
                && shallower.chars().all(|c| punct(c) || is_letter(c))
                && !model::best_alphabets_hold(&context, &r.replacement)
                && model::best_alphabets_hold(&context, &shallower)
        };
        if foreign_letter() || foreign_language() {
            let r = &mut repairs[i];
            r.replacement = shallower;
            let n = r.layers.len();
            r.layers = Layers::new(&r.layers[..n - 1]);
        }
    }
}

/// On a line proven garbled: each replacement character that cuts short a
/// sequence of the line's codepage ([`cut_short_at`]) and that no repair
/// took in becomes, with that sequence, one U+FFFD (`lost`); so does a
/// question mark after a lead and a sign where the byte it cut
/// short is one the codepage shows nothing for ([`shows_nothing`]):
/// converting text to a codepage that cannot write a character writes `?`
/// for it (`â€?` is `”`, whose last byte `9D` windows-1252 leaves
/// undefined).
pub(super) fn push_lost_bytes(
    line: &Line,
    base: usize,
    n: usize,
    favoured: Option<Codepage>,
    taken: &mut [bool],
    out: &mut Vec<Repair>,
) {
    let cp = favoured.unwrap_or(Codepage::Windows1252);
    if cp.is_single_byte() {
        let k = cp.index();
        for i in 1..n {
            let mark = line.chars[i].1;
            if !matches!(mark, '\u{FFFD}' | '?') || taken[i] {
                continue;
            }
            let Some(p) = cut_short_at(line, i, k, taken) else {
                continue;
            };
            // (A question mark after letters is everyday text, `УМЕР?` in
            // windows-1251, `kráľ?` in windows-1250; after a lead and a
            // sign, `â€`, it ends what is mojibake already.)
            let signs = (p..i).any(|j| line.flags[j] & ALPHA == 0);
            if mark == '?' && (i - p < 2 || !signs || !lost_unshown(line, p, i, cp)) {
                continue;
            }
            taken[p..=i].iter_mut().for_each(|t| *t = true);
            out.push(Repair {
                start: base + line.byte(p),
                end: base + line.byte(i + 1),
                replacement: "\u{FFFD}".to_string(),
                layers: Layers::new(&[cp]),
                lossy: 0,
                c1: false,
                lost: true,
                saved: None,
                margin: None,
            });
        }
    }
}

/// Whether the sequence of characters `p..i` of `line`, shown in `cp`,
/// wants as its last byte one that `cp` shows nothing for: the byte a
/// question mark at `i` may stand for.
fn lost_unshown(line: &Line, p: usize, i: usize, cp: Codepage) -> bool {
    let t = tables();
    let mut bytes: Vec<u8> = (p..i)
        .filter_map(|j| t.row(line.chars[j].1).map(|r| r[cp.index()]))
        .collect();
    bytes.push(0);
    (0x80..=0xBFu8).any(|b| {
        *bytes.last_mut().expect("pushed") = b;
        shows_nothing(cp, b) && std::str::from_utf8(&bytes).is_ok()
    })
}

/// Whether the codepage `cp` shows no character for the byte `b` (at
/// 0x80 or above): it leaves it undefined, or shows it as a C1 control.
fn shows_nothing(cp: Codepage, b: u8) -> bool {
    let c = tables().decode[cp.index()][usize::from(b - 0x80)];
    c == '\0' || ('\u{80}'..='\u{9F}').contains(&c)
}

/// Where the sequence ends that the replacement character at `i` cut
/// short in codepage `k`: the characters before it (none taken) are a UTF-8
/// lead and continuations that want exactly one more byte.
pub(super) fn cut_short_at(line: &Line, i: usize, k: usize, taken: &[bool]) -> Option<usize> {
    let t = tables();
    let byte = |j: usize| t.row(line.chars[j].1).map(|r| r[k]).filter(|&b| b != 0);
    (i.saturating_sub(3)..i).find(|&p| {
        let Some(lead) = byte(p).filter(|b| (0xC2..=0xF4).contains(b)) else {
            return false;
        };
        if utf8_len(lead) != i - p + 1 || taken[p..i].contains(&true) {
            return false;
        }
        let mut bytes = vec![lead];
        for j in p + 1..i {
            match byte(j) {
                Some(b) if (0x80..=0xBF).contains(&b) => bytes.push(b),
                _ => return false,
            }
        }
        // A valid start of a character, one byte short.
        std::str::from_utf8(&bytes).is_err_and(|e| e.error_len().is_none())
    })
}

/// Repairs the lone C1 controls no repair took in through windows-1252:
/// text read as ISO-8859-1 where it was windows-1252 (`don\u{92}t` is
/// `don’t`). (A line whose controls read better as Mac OS Roman letters,
/// `d\u{8e}j\u{88} vu`, is the line decoder's: it weighs that path.)
pub(super) fn push_lone_c1s(
    text: &str,
    line: &Line,
    base: usize,
    taken: &[bool],
    out: &mut Vec<Repair>,
) {
    // (C1 controls are 0xC2 0x80..=0x9F in UTF-8.)
    let any_c1 = memchr::memchr_iter(0xC2, text.as_bytes())
        .any(|p| text.as_bytes().get(p + 1).is_some_and(|&b| b < 0xA0));
    let c1s: Vec<usize> = if any_c1 {
        (0..line.chars.len())
            .filter(|&i| c_is_c1(line.chars[i].1) && !taken[i])
            .collect()
    } else {
        Vec::new()
    };
    if !c1s.is_empty() {
        let cp = Codepage::Windows1252;
        let k = cp.index();
        for i in c1s {
            let (o, c) = line.chars[i];
            let d = tables().decode[k][c as usize - 0x80];
            if !c_is_c1(d) && d != '\u{FFFD}' {
                out.push(Repair {
                    start: base + o,
                    end: base + o + c.len_utf8(),
                    replacement: d.to_string(),
                    layers: Layers::new(&[cp]),
                    lossy: 0,
                    c1: true,
                    lost: false,
                    saved: None,
                    margin: None,
                });
            }
        }
    }
}
