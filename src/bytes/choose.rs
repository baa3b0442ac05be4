//! Choosing the legacy encoding of lines that are not UTF-8: each
//! candidate encoding's reading of them scored with the plausibility
//! model, the alphabets and the letters of the training languages, and
//! how much of it differs from windows-1252's ([`choose_legacy`]); and how
//! implausible one reading of a line is ([`reading_cost`]).
//!
//! Guarantees: at most [`SCORED`] bytes of lines and [`CONTEXT`] bytes of
//! context are decoded per candidate; windows-1252 wins every tie.

use super::{decode_lines, Charset};
use crate::codec::Codepage;
use crate::model;

/// The legacy encodings worth trying, windows-1252 first.
fn candidates() -> [Charset; 25] {
    use encoding_rs::*;
    [
        WINDOWS_1252.into(),
        WINDOWS_1250.into(),
        WINDOWS_1251.into(),
        WINDOWS_1253.into(),
        WINDOWS_1254.into(),
        WINDOWS_1255.into(),
        WINDOWS_1256.into(),
        WINDOWS_1257.into(),
        WINDOWS_1258.into(),
        ISO_8859_2.into(),
        ISO_8859_4.into(),
        ISO_8859_5.into(),
        ISO_8859_7.into(),
        ISO_8859_13.into(),
        ISO_8859_15.into(),
        KOI8_R.into(),
        KOI8_U.into(),
        MACINTOSH.into(),
        IBM866.into(),
        Charset::Dos(Codepage::Cp437),
        Charset::Dos(Codepage::Cp850),
        SHIFT_JIS.into(),
        EUC_JP.into(),
        GB18030.into(),
        BIG5.into(),
    ]
}

/// Cost in nats of each letter of a reading outside the one language
/// alphabet that fits the reading best: the bigram model judges pairs of
/// characters, the alphabets judge the text as one language.
const ALPHABET_COST: f32 = 40.0;
/// Weight of [`model::language_fit`] in a reading's cost.
const LANGUAGE_WEIGHT: f32 = 1.0;
/// Cost in nats of one replaced byte when comparing readings.
pub(super) const REPLACED_COST: f32 = 30.0;
/// On little evidence (fewer than [`GUESS_EVIDENCE`] non-ASCII bytes), the
/// cost in nats of each non-ASCII byte that a reading decodes otherwise
/// than windows-1252 does: the common encoding wins unless another reads
/// clearly better, and a rare symbol (`€€€`, `¹`) is not traded for
/// letters (`ААА` in IBM866, `ą`).
const DIFF_COST: f32 = 16.0;
/// Most differing bytes [`DIFF_COST`] is paid for: beyond a few, the
/// readings themselves are the evidence (a short French note in
/// mac_roman has `nommé` where windows-1252 reads `nommŽ`, and pays for
/// every one of them).
const DIFF_CAP: f32 = 4.0;
/// Non-ASCII bytes chardetng's guess must rest on before it is trusted
/// and given [`GUESS_BONUS`]: on fewer, the detectors misread short
/// mostly-ASCII text (`Metal³` as `Metał`).
const GUESS_EVIDENCE: usize = 16;
/// Advantage given to a trusted guess, as a share of its reading's cost:
/// the model judges characters, chardetng knows languages.
const GUESS_BONUS: f32 = 0.1;

/// Non-ASCII bytes that `enc` reads otherwise than windows-1252, weighed:
/// a byte inside a word (a letter either side) that `enc` reads as a letter
/// counts a tenth, since a letter is expected there whatever the encoding
/// (`Ka¿dy` is `Każdy`); a byte standing apart (`API¹`, `against €€€`), or
/// read as a symbol inside a word (`don´t` is not ISO-8859-13's `don“t`),
/// counts in full.
fn differing(enc: Charset, lines: &[&[u8]]) -> f32 {
    let windows_1252 = Charset::from(encoding_rs::WINDOWS_1252);
    if enc == windows_1252 {
        return 0.0;
    }
    let mut same = [false; 128];
    // Letter for letter (`è` for `č`): no rare symbol is traded there, the
    // readings decide. Within Latin anywhere; between Latin, Greek and
    // Cyrillic only inside a run of non-ASCII letters (`ëàí` for `лан`,
    // not a lone `è` for `и` among Latin words).
    let mut same_script = [false; 128];
    let mut cross_script = [false; 128];
    // (And where the byte reads as a letter: a symbol inside a word,
    // `don“t` for `don´t`, is as rare as one standing apart.)
    let mut reads_letter = [true; 128];
    if enc.is_single_byte() {
        for b in 0x80u8..=0xFF {
            let (a, w) = (enc.byte(b), windows_1252.byte(b));
            let k = usize::from(b - 0x80);
            same[k] = a == w;
            reads_letter[k] = a.is_some_and(char::is_alphabetic);
            match (a.and_then(char_script), w.and_then(char_script)) {
                (Some(0), Some(0)) => same_script[k] = true,
                (Some(_), Some(_)) => cross_script[k] = true,
                _ => {}
            }
        }
    }
    let mut total = 0.0;
    for l in lines {
        for (i, &b) in l.iter().enumerate() {
            if b < 0x80 || same[usize::from(b - 0x80)] {
                continue;
            }
            let letter = |j: Option<usize>| {
                j.and_then(|j| l.get(j))
                    .is_some_and(|c| c.is_ascii_alphabetic() || *c >= 0x80)
            };
            let high = |j: Option<usize>| j.and_then(|j| l.get(j)).is_some_and(|&c| c >= 0x80);
            let k = usize::from(b - 0x80);
            total += if cross_script[k] && (high(i.checked_sub(1)) || high(Some(i + 1))) {
                0.0
            } else if same_script[k]
                || (reads_letter[k] && letter(i.checked_sub(1)) && letter(Some(i + 1)))
            {
                0.1
            } else {
                1.0
            };
        }
    }
    total
}

/// The script of a letter: 0 Latin, 1 Greek, 2 Cyrillic; `None` for
/// anything else.
#[inline]
fn char_script(c: char) -> Option<u8> {
    match c {
        'A'..='Z' | 'a'..='z' => Some(0),
        _ if (c as u32) < 0xC0 || (c as u32) > 0x1EFF => None,
        _ if !crate::repair::is_letter(c) => None,
        '\u{C0}'..='\u{24F}' | '\u{1E00}'..='\u{1EFF}' => Some(0),
        '\u{370}'..='\u{3FF}' => Some(1),
        '\u{400}'..='\u{4FF}' => Some(2),
        _ => None,
    }
}

/// Letters next to each other in a word whose scripts differ (Latin,
/// Greek, Cyrillic): `сimbaaquiatu` is no word of any language.
fn mixed_script_pairs(text: &str) -> usize {
    let mut prev: Option<u8> = None;
    let mut n = 0;
    for c in text.chars() {
        let s = char_script(c);
        if let (Some(a), Some(b)) = (prev, s) {
            n += usize::from(a != b);
        }
        prev = s;
    }
    n
}

/// Cost in nats of each pair of [`mixed_script_pairs`] in a reading.
const MIXED_SCRIPT_COST: f32 = 20.0;

/// Combining accents (U+0300..U+036F) that NFC leaves on their own (only
/// windows-1258 reads bytes as such accents): a tone mark after a
/// consonant (`Art́culu`, where windows-1252 reads `Artìculu`). Vietnamese
/// puts its tone marks on vowels, where NFC composes them.
fn stranded_marks(text: &str) -> usize {
    use unicode_normalization::UnicodeNormalization;
    let accent = |c: &char| ('\u{300}'..='\u{36F}').contains(c);
    if !text.chars().any(|c| accent(&c)) {
        return 0;
    }
    text.nfc().filter(accent).count()
}

/// Bytes of lines on which [`choose_legacy`] scores each reading (whole
/// lines: the last may take it past this).
const SCORED: usize = 16 * 1024;
/// Most bytes of ASCII lines [`choose_legacy`] is given as context.
pub(super) const CONTEXT: usize = 4096;

/// The legacy encoding that reads the lines most plausibly; `context`
/// (ASCII text around them) tells their language.
pub(crate) fn choose_legacy(lines: &[&[u8]], context: &str) -> Charset {
    if lines.is_empty() {
        return encoding_rs::WINDOWS_1252.into();
    }
    let evidence: usize = lines
        .iter()
        .map(|l| l.iter().filter(|&&b| b >= 0x80).count())
        .sum();
    // The readings are scored, and chardetng guesses, on the first lines
    // only: plenty of evidence, at a bounded cost (chardetng over the whole
    // 64 KB sample was a fifth of a 208 KB Shift_JIS file's run, and chose
    // no differently on the development and held-out files).
    let mut total = 0;
    let lines: Vec<&[u8]> = lines
        .iter()
        .copied()
        .take_while(|l| {
            let more = total < SCORED;
            total += l.len();
            more
        })
        .collect();
    let lines = &lines[..];
    let mut det = chardetng::EncodingDetector::new();
    for l in lines {
        det.feed(l, false);
    }
    det.feed(&[], true);
    let guess = Charset::from(det.guess(None, false));
    if crate::repair::debug() {
        eprintln!("chardetng guess {}", guess.name());
    }
    let m = model::model();
    // (windows-1252 first, as it wins ties; then chardetng's guess, which
    // is most often the best reading: the others are given up sooner.)
    let mut list: Vec<Charset> = candidates().to_vec();
    list.push(encoding_rs::EUC_KR.into());
    list.retain(|&c| c != guess);
    list.insert(
        usize::from(guess != Charset::from(encoding_rs::WINDOWS_1252)),
        guess,
    );
    let mut best: Option<(f32, Charset, String)> = None;
    'readings: for enc in list {
        let mut text = String::new();
        let replaced = decode_lines(enc, lines, &mut text);
        if best.as_ref().is_some_and(|b| b.2 == text) {
            continue;
        }
        // The terms are added in order, and none is negative: once the sum
        // so far cannot beat the best reading (the guess's bonus takes at
        // most a tenth off), the rest is not worked out. (Same sums, same
        // answer; a Shift_JIS file is not scored 23 times in full.)
        let floor = if evidence >= GUESS_EVIDENCE && enc == guess {
            1.0 - GUESS_BONUS
        } else {
            1.0
        };
        let hopeless = |cost: f32| best.as_ref().is_some_and(|b| cost * floor >= b.0);
        let terms: [&dyn Fn() -> f32; 6] = [
            &|| m.cost_between(None, &text, None),
            &|| crate::repair::case_cost(&text),
            &|| REPLACED_COST * replaced as f32,
            &|| ALPHABET_COST * model::letters_outside_any_alphabet(&text) as f32,
            &|| MIXED_SCRIPT_COST * mixed_script_pairs(&text) as f32,
            &|| {
                if enc == Charset::from(encoding_rs::WINDOWS_1258) {
                    ALPHABET_COST * stranded_marks(&text) as f32
                } else {
                    0.0
                }
            },
        ];
        let mut cost = 0.0;
        for term in terms {
            cost += term();
            if hopeless(cost) {
                continue 'readings;
            }
        }
        if evidence >= GUESS_EVIDENCE {
            if enc == guess {
                cost -= GUESS_BONUS * cost.abs();
            }
        } else {
            text.push('\n');
            text.push_str(context);
            cost += DIFF_COST * differing(enc, lines).min(DIFF_CAP)
                + LANGUAGE_WEIGHT * model::language_fit(&text);
            text.truncate(text.len() - context.len() - 1);
        }
        if crate::repair::debug() {
            eprintln!(
                "legacy {} cost {cost} replaced {replaced} language {}",
                enc.name(),
                model::language_fit(&format!("{text}\n{context}"))
            );
        }
        if best.as_ref().is_none_or(|b| cost < b.0) {
            best = Some((cost, enc, text));
        }
    }
    best.map_or(encoding_rs::WINDOWS_1252.into(), |b| b.1)
}

/// How implausible a reading of a line is: the model's cost, with what
/// replaced bytes and letters of two scripts in one word add.
pub(super) fn reading_cost(text: &str, replaced: usize) -> f32 {
    model::model().cost_between(None, text, None)
        + REPLACED_COST * replaced as f32
        + MIXED_SCRIPT_COST * (mixed_script_pairs(text) + glued_cjk(text)) as f32
}

/// CJK characters glued to a Latin letter (`entuay 帽i` is UTF-8 `ñi`
/// read as GBK). Chinese and Japanese do put Latin words beside their
/// characters (`用USB接口`), which the choice between legacy readings
/// therefore leaves alone; reading a UTF-8 line as GBK makes many such
/// pairs.
fn glued_cjk(text: &str) -> usize {
    let cjk = |c: char| matches!(c, '\u{3040}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7A3}');
    let mut n = 0;
    let mut prev = ' ';
    for c in text.chars() {
        if (cjk(c) && prev.is_ascii_alphabetic()) || (cjk(prev) && c.is_ascii_alphabetic()) {
            n += 1;
        }
        prev = c;
    }
    n
}
