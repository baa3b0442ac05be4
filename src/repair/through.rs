//! The fast path for a line garbled through and through, as dense
//! mojibake is: each stretch of characters beyond ASCII reversed through
//! windows-1252, layer after layer, with no candidates built or weighed
//! against each other.
//!
//! Guarantees: [`garbled_through`] takes a line only when every stretch on
//! it reverses cleanly, to the same depth, and no other single-byte
//! codepage reads a stretch as well; then its repairs are the full
//! judgement's (a test holds the two to the same answer on the archive and
//! the UDHR, and to taking none of their clean lines). A line it declines
//! leaves `out` as it was.

use super::*;

/// Fewest sequences on a line for [`garbled_through`].
const THROUGH_MIN_SEQS: usize = 3;

/// The fast path for a line garbled through and through, as dense
/// mojibake is: every stretch of non-ASCII characters on it reverses
/// through windows-1252 to UTF-8, layer after layer, into letters of at
/// most one script besides Latin (any but Hebrew and Arabic) with its
/// marks, digits and signs, common punctuation and emoji, with at
/// least [`THROUGH_MIN_SEQS`] sequences in all. Such a line is what the
/// full judgement repairs stretch by stretch anyway (a test holds the two
/// to the same answer); anything less clear-cut, and every line of clean
/// text, takes the full judgement. `true`: the line's repairs were pushed.
pub(super) fn garbled_through(
    text: &str,
    base: usize,
    out: &mut Vec<Repair>,
    bytes: &mut Vec<u8>,
) -> bool {
    // A sequence is two characters or more: too few non-ASCII characters
    // for the fewest sequences end it here (a line of the garbled archive).
    // (Counted only as far as that many.)
    let enough = text
        .bytes()
        .filter(|&b| b >= 0xC0)
        .nth(2 * THROUGH_MIN_SEQS - 1)
        .is_some();
    if !enough {
        return false;
    }
    let first = out.len();
    // The line went through the same wrong decodes everywhere: runs that
    // peel to different depths (`Ãƒâ€žÃ¢â‚¬Â¦`, whose `Ä…` reads once more
    // as `ą`, among runs of two layers) are for the full judgement.
    let ok = through_runs(text, base, out, bytes)
        && out[first..]
            .iter()
            .all(|r| r.layers.len() == out[first].layers.len());
    if !ok {
        out.truncate(first);
    }
    ok
}

fn through_runs(text: &str, base: usize, out: &mut Vec<Repair>, bytes: &mut Vec<u8>) -> bool {
    let b = text.as_bytes();
    let mut seqs = 0;
    let mut other_script = None;
    let mut stage = String::new();
    let mut i = 0;
    while let Some(off) = next_non_ascii(&b[i..]) {
        let start = i + off;
        let end = b[start..]
            .iter()
            .position(|&x| x < 0x80)
            .map_or(b.len(), |n| start + n);
        i = end;
        stage.clear();
        stage.push_str(&text[start..end]);
        let mut layers = 0;
        // (A stage of one character outside ASCII has no layer beneath.)
        while layers < MAX_LAYERS && !no_layer_beneath(&stage) {
            bytes.clear();
            if !codec::encode(Codepage::Windows1252, &stage, bytes) {
                break;
            }
            let Ok(s) = std::str::from_utf8(bytes) else {
                break;
            };
            if layers == 0 {
                seqs += s.chars().count();
            }
            stage.clear();
            stage.push_str(s);
            layers += 1;
        }
        // (A run that ends in an NBSP glued to a letter, whose letter reads
        // as one of the same case, may be words joined by an NBSP,
        // `SELKÄ\u{a0}EDELLÄ`: the full judgement weighs the shape. `Ã\u{a0}s`
        // is `às`.)
        let joined = text[start..end]
            .strip_suffix('\u{a0}')
            .is_some_and(|letters| shape(letters).is_some() && shape(letters) == shape(&stage))
            && b.get(end).is_some_and(|x| x.is_ascii_alphabetic());
        if layers == 0
            || joined
            || odd_case_added(text, start, end, &stage)
            || !unrivalled(text, start, end, &stage, bytes)
        {
            return false;
        }
        for c in stage.chars() {
            match script_of(c) {
                Some(1) => {}
                // (Not Hebrew or Arabic: their UTF-8 lead bytes read as
                // `×`, `Ø`, `Ù` in windows-1252, signs clean text writes,
                // and the full judgement weighs such a run on its own.)
                Some(s) if s != 4 && s != 5 => {
                    if other_script.is_some_and(|o| o != s) {
                        return false;
                    }
                    other_script = Some(s);
                }
                Some(_) => return false,
                None => {
                    if !c.is_ascii() && !common_symbol(c) && !script_sign(c) {
                        return false;
                    }
                }
            }
        }
        out.push(Repair {
            start: base + start,
            end: base + end,
            replacement: std::mem::take(&mut stage),
            layers: Layers::new(&[Codepage::Windows1252; MAX_LAYERS][..layers]),
            lossy: 0,
            c1: false,
            lost: false,
            saved: None,
            margin: None,
        });
    }
    seqs >= THROUGH_MIN_SEQS
}

/// Whether reading the run `text[start..end]` as `reading` gives the
/// word around it odd case it did not have (`KOSÅ™` read as `KOSř`): the
/// full judgement asks for more evidence then.
fn odd_case_added(text: &str, start: usize, end: usize, reading: &str) -> bool {
    // (A reading without letters of a case adds none: punctuation, emoji.)
    if reading.chars().all(|c| flags_of(c) & (UPPER | LOWER) == 0) {
        return false;
    }
    let b = text.as_bytes();
    let mut ws = start;
    while ws > 0 && b[ws - 1].is_ascii_alphabetic() {
        ws -= 1;
    }
    let mut we = end;
    while we < b.len() && b[we].is_ascii_alphabetic() {
        we += 1;
    }
    let mut after = CaseWalk::default();
    after.push_str(&text[ws..start]);
    after.push_str(reading);
    after.push_str(&text[end..we]);
    after.odd > 0 && after.odd > case_oddities(text[ws..we].chars().map(|c| case_of(flags_of(c))))
}

/// How much less plausible than the windows-1252 reading another
/// codepage's reading must be for [`garbled_through`] to pass it by. None:
/// on a line where windows-1252 reads every run, and each best, the full
/// judgement favours windows-1252, and the favour
/// ([`FAVOURED_BONUS`]) covers what the model alone does not see here (the
/// case of the word around the run).
const THROUGH_MARGIN: f32 = 0.0;

/// Whether the run `text[start..end]`, read through windows-1252 as
/// `reading`, reads clearly better so than through any other single-byte
/// codepage (`Ã±` is `ñ` in windows-1252 and U+0331 in mac_roman: in
/// `oÃ±'nen` the full judgement must choose).
fn unrivalled(text: &str, start: usize, end: usize, reading: &str, bytes: &mut Vec<u8>) -> bool {
    let run = &text[start..end];
    let prev = text[..start].chars().next_back();
    let next = text[end..].chars().next();
    // Dense mojibake repeats itself: short runs' verdicts are remembered
    // with the characters around them.
    if run.len() > 8 {
        return rivals_lose(run, prev, next, reading, bytes);
    }
    let mut packed = [0u8; 8];
    packed[..run.len()].copy_from_slice(run.as_bytes());
    let key = (
        prev.unwrap_or('\0'),
        next.unwrap_or('\0'),
        u64::from_ne_bytes(packed),
    );
    RIVALS.with_borrow_mut(|known| {
        if let Some(&v) = known.get(&key) {
            return v;
        }
        let v = rivals_lose(run, prev, next, reading, bytes);
        if known.len() >= 4096 {
            known.clear();
        }
        known.insert(key, v);
        v
    })
}

thread_local! {
    static RIVALS: std::cell::RefCell<rustc_hash::FxHashMap<(char, char, u64), bool>> =
        std::cell::RefCell::default();
}

fn rivals_lose(
    run: &str,
    prev: Option<char>,
    next: Option<char>,
    reading: &str,
    bytes: &mut Vec<u8>,
) -> bool {
    let t = tables();
    // The run's characters' bytes, looked up once: a character no
    // single-byte codepage shows leaves every codepage without a reading.
    thread_local! {
        static ROWS: std::cell::Cell<Vec<&'static ByteRow>> =
            const { std::cell::Cell::new(Vec::new()) };
    }
    let mut rows = ROWS.take();
    rows.clear();
    let all = run
        .chars()
        .all(|c| t.row(c).map(|r| rows.push(r)).is_some());
    let lose = all && rivals_lose_rows(&rows, prev, next, reading, bytes);
    ROWS.set(rows);
    !all || lose
}

/// [`rivals_lose`], the run's characters' bytes in `rows`.
fn rivals_lose_rows(
    rows: &[&ByteRow],
    prev: Option<char>,
    next: Option<char>,
    reading: &str,
    bytes: &mut Vec<u8>,
) -> bool {
    let k0 = Codepage::Windows1252.index();
    let mut own = None;
    for k in 0..NSB {
        if k == k0 || rows.iter().any(|r| r[k] == 0) {
            continue;
        }
        if rows.iter().all(|r| r[k] == r[k0]) {
            continue;
        }
        bytes.clear();
        bytes.extend(rows.iter().map(|r| r[k]));
        let Ok(other) = std::str::from_utf8(bytes) else {
            continue;
        };
        let m = model::model();
        let own = *own.get_or_insert_with(|| m.cost_between(prev, reading, next));
        if m.cost_between(prev, other, next) <= own + THROUGH_MARGIN {
            return false;
        }
    }
    true
}

/// A mark, digit or sign of a script other than Latin, Hebrew and Arabic,
/// from its own block (a virama `्`, a danda `।`, the Tibetan `་`, the
/// Ethiopic `፡`): in a run that reads as letters of that script, part of
/// its writing.
fn script_sign(c: char) -> bool {
    use model::class::*;
    matches!(
        model::coarse(c),
        GREEK_LOWER..=ARMENIAN | INDIC | SOUTHEAST_ASIAN | GEORGIAN | OTHER_LETTER | RARE_LETTER
    )
}

/// Punctuation, symbols and emoji that mojibake commonly stands for.
fn common_symbol(c: char) -> bool {
    matches!(c,
        '\u{A1}'..='\u{BF}' | '\u{D7}' | '\u{F7}'
        | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}'
        | '\u{20A0}'..='\u{20C0}' | '\u{2100}'..='\u{215F}'
        | '\u{2190}'..='\u{21FF}' | '\u{2600}'..='\u{27BF}'
        | '\u{2B00}'..='\u{2BFF}' | '\u{200D}' | '\u{FE0F}' | '\u{20E3}'
        | '\u{3000}'..='\u{303F}' | '\u{FF01}'..='\u{FF60}'
        | '\u{1F000}'..='\u{1FAFF}' | '\u{E0020}'..='\u{E007F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast path for lines garbled through and through gives what the
    /// full judgement gives, wherever it is taken; clean lines never take
    /// it. (Lines: the archive and 532 languages of the UDHR, clean, and
    /// garbled whole through windows-1252 once and twice, with emoji.)
    #[test]
    fn garbled_through_is_what_judging_finds() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut text =
            std::fs::read_to_string(root.join("corpus/udhr/udhr-heldout.txt")).expect("corpus");
        for e in std::fs::read_dir(root.join("corpus/scs-minutes")).expect("corpus") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                for f in std::fs::read_dir(&p).expect("corpus") {
                    let f = f.expect("entry").path();
                    if f.extension().is_some_and(|x| x == "md") {
                        text.push_str(&std::fs::read_to_string(f).expect("corpus"));
                    }
                }
            }
        }
        let emoji = ["", " 🎉", " ✅", " 👍🏽", " 🇩🇪", " ❤️"];
        let (mut taken, mut garbled, mut clean) = (0, 0, 0);
        let mut scratch = Scratch::default();
        let seen = Seen::default();
        let mut check = |line: &str, is_clean: bool| {
            let (mut fast, mut slow) = (Vec::new(), Vec::new());
            let took = garbled_through(line, 0, &mut fast, &mut scratch.judging.bytes);
            if is_clean {
                clean += 1;
                assert!(!took, "clean line taken: {line:?}");
                return;
            }
            garbled += 1;
            if took {
                taken += 1;
                find_in_line_with(line, 0, &seen, &mut slow, &mut scratch);
                assert_eq!(applied(line, &fast), applied(line, &slow), "{line:?}");
            }
        };
        let mut scratch2 = Scratch::default();
        let mut check_other = |line: &str| {
            let (mut fast, mut slow) = (Vec::new(), Vec::new());
            if garbled_through(line, 0, &mut fast, &mut scratch2.judging.bytes) {
                find_in_line_with(line, 0, &seen, &mut slow, &mut scratch2);
                assert_eq!(applied(line, &fast), applied(line, &slow), "{line:?}");
            }
        };
        for (i, line) in text.lines().filter(|l| !l.is_ascii()).enumerate() {
            let line: String = crate::fix_str(line).into_owned();
            check(&line, true);
            if i % 3 != 0 {
                continue;
            }
            let with = format!("{line}{}", emoji[i % emoji.len()]);
            let Some(once) = Codepage::Windows1252.garble(&with) else {
                continue;
            };
            check(&once, false);
            if let Some(twice) = Codepage::Windows1252.garble(&once) {
                check(&twice, false);
            }
            // Garbled through another codepage: the fast path, where taken
            // at all, must agree with the judgement.
            let other = [
                Codepage::Windows1250,
                Codepage::Windows1254,
                Codepage::MacRoman,
                Codepage::Iso8859_2,
                Codepage::Cp850,
                Codepage::Windows1257,
            ][i / 3 % 6];
            if let Some(g) = other.garble(&with) {
                check_other(&g);
            }
        }
        // Most garbled lines take the fast path; the clean ones never.
        assert!(
            clean > 10_000 && garbled > 5_000,
            "{clean} {garbled} {taken}"
        );
        assert!(taken * 10 > garbled * 6, "{taken} of {garbled}");
    }
}
