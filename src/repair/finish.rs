//! What is done after the choice: a repair whose deepest layer reads as a
//! letter foreign to the line is given back that layer
//! ([`shallower_where_deeper_is_foreign`]); on a line proven garbled, a
//! sequence cut short by U+FFFD becomes one U+FFFD ([`cut_short_at`]); and
//! lone C1 controls are read as windows-1252 or, where that reads clearly
//! better, mac_roman ([`c1_codepage`]).
//!
//! Guarantees: these steps never touch characters a chosen repair took in
//! (the layer given back keeps the repair's range).

use super::*;

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

/// The codepage a line's lone C1 controls stood for: windows-1252, unless
/// mac_roman reads them as letters inside words clearly more plausibly.
pub(super) fn c1_codepage(line: &Line, c1s: &[usize], m: &Model) -> Codepage {
    let t = tables();
    let (w, mac) = (Codepage::Windows1252.index(), Codepage::MacRoman.index());
    let mut gain = 0.0;
    let mut buf = [0u8; 4];
    for &i in c1s {
        let b = line.chars[i].1 as usize - 0x80;
        let (d, r) = (t.decode[w][b], t.decode[mac][b]);
        let inside = i > 0
            && line.flags[i - 1] & ALPHA != 0
            && line.flags.get(i + 1).is_some_and(|&f| f & ALPHA != 0);
        if !inside || flags_of(r) & ALPHA == 0 {
            continue;
        }
        let cost = |c: char, buf: &mut [u8; 4]| {
            let s: &str = c.encode_utf8(buf);
            context_cost(line, m, i, i + 1, s).0
        };
        // An undefined windows-1252 byte stays a control: any letter beats it.
        let cd = if c_is_c1(d) || d == '\u{FFFD}' {
            f32::INFINITY
        } else {
            cost(d, &mut buf)
        };
        gain += cd.min(1e6) - cost(r, &mut buf);
    }
    if gain > THRESHOLD {
        Codepage::MacRoman
    } else {
        Codepage::Windows1252
    }
}
