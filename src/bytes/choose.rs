//! Choosing the legacy encoding of lines that are not UTF-8 as the most
//! probable story of their bytes, on the line decoder's model: each
//! candidate encoding's reading weighed by the character n-gram model,
//! less what knowing the reading's language adds, plus the encoding's
//! prior and what its undefined bytes cost ([`choose_legacy`]); and how
//! implausible one reading of a line is ([`reading_cost`]).
//!
//! Guarantees: the model weighs only the pieces of the sampled lines
//! around bytes outside ASCII (at most [`SCORED`] bytes of lines up to
//! [`EVIDENCE`] such bytes, then only lines with a byte not yet seen);
//! windows-1252 wins every tie.

use super::{decode_lines, Charset};
use crate::codec::Codepage;
use crate::model;
use crate::repair::channel::{saved_prior, SHAPE_EVIDENCE};
use crate::repair::coherence::has_incoherent_word;

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

/// Cost in nats of one replaced byte when comparing readings: a byte an
/// encoding leaves undefined is next to never in a file saved in it.
pub(super) const REPLACED_COST: f32 = 30.0;

/// On little evidence (fewer than [`LITTLE_EVIDENCE`] non-ASCII bytes), the
/// cost in nats of each non-ASCII byte that a reading decodes otherwise
/// than windows-1252 does (weighed by [`differing`]): the common encoding
/// wins unless another reads clearly better, and a rare symbol (`€€€`,
/// `µ`) is not traded for letters (`ÄÄÄ` in Mac OS Roman, `ĩ` in
/// ISO-8859-4). Chosen on the archive's files saved as windows-1252 (134
/// with a byte outside ASCII): 8 keeps them all, 4 reads one `µcode` as
/// `ĩcode`; each step above 8 turns away more short files in other
/// encodings (of 2,187 legacy files made from the real-text set, with a
/// letter inside a word counted a tenth: 2,154 right at 8, 2,143 at 12,
/// 2,120 at 16; counted a third, as [`differing`] does: 2,151 at 8).
const DIFF_COST: f32 = 8.0;
/// Most differing bytes [`DIFF_COST`] is paid for: beyond a few, the
/// readings themselves are the evidence (a short French note in
/// mac_roman has `nommé` where windows-1252 reads `nommŽ`, and pays for
/// every one of them).
const DIFF_CAP: f32 = 4.0;
/// Fewer non-ASCII bytes than this are little evidence: the model's
/// judgement of a rare symbol or two (`€€€`, `µcode`, `I´d`) is no better
/// than a guess there, and [`DIFF_COST`] stands for how much likelier
/// the common encoding is.
const LITTLE_EVIDENCE: usize = 16;

/// Non-ASCII bytes that `enc` reads otherwise than windows-1252, weighed:
/// a byte inside a word (a letter either side) that `enc` reads as a letter
/// counts about a third, since a letter is expected there whatever the
/// encoding (`Ka¿dy` is `Każdy`), though one letter of a page of English
/// is no reason to leave windows-1252 (`Artìculu` is not windows-1250's
/// `Artěculu`: a third is the least that keeps it); a byte standing apart
/// (`API¹`, `against €€€`), or read as a symbol inside a word (`don´t` is
/// not ISO-8859-13's `don“t`), counts in full.
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
                0.35
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

/// Bytes of lines [`choose_legacy`] samples at most before lines with
/// bytes not yet seen (whole lines: the last may take it past this).
const SCORED: usize = 16 * 1024;
/// Most bytes of ASCII lines [`choose_legacy`] is given as context.
pub(super) const CONTEXT: usize = 4096;

/// Non-ASCII bytes of lines after which [`choose_legacy`] has evidence
/// enough: lines are sampled up to this many, or up to [`SCORED`] bytes.
const EVIDENCE: usize = 512;
/// ASCII bytes on either side of a run of other bytes that the model
/// weighs with it: a character's cost depends on the three before it, so
/// beyond these the readings cost the same. (After the run, one more: a
/// multi-byte encoding may take an ASCII byte as the run's last.)
const BESIDE: usize = 3;

/// The legacy encoding that tells the most probable story of `lines`
/// (`context`: ASCII text around them, which tells their language): each
/// candidate's reading is weighed by the n-gram model and by its words'
/// shape ([`SHAPE_EVIDENCE`] for each piece with a word no text writes),
/// less what knowing the document's language adds
/// ([`model::document_gain_of_counts`]), plus the prior of a file's being
/// saved in that encoding ([`crate::repair::channel::saved_prior`]), what
/// its undefined bytes cost ([`REPLACED_COST`]) and, on little evidence,
/// what it reads otherwise than windows-1252 ([`DIFF_COST`]). Only the
/// pieces of lines around bytes outside ASCII ([`pieces`]) are weighed:
/// ASCII reads the same in every candidate.
///
/// Returns the encoding with its margin: by how many nats its score beats
/// the best of those that read the weighed pieces otherwise (zero where
/// they tie and windows-1252 wins; GB18030 reads GBK text as GBK does, and
/// is no rival); `None` where nothing was weighed (no line to weigh, or no
/// encoding reads it otherwise).
pub(crate) fn choose_legacy(lines: &[&[u8]], context: &str) -> (Charset, Option<f32>) {
    let windows_1252 = Charset::from(encoding_rs::WINDOWS_1252);
    let (lines, high) = weighed_lines(lines);
    if lines.is_empty() {
        return (windows_1252, None);
    }
    // How often each byte occurs in them and in the context.
    let mut bytes = [0u32; 256];
    for &b in lines
        .iter()
        .flat_map(|l| l.iter())
        .chain(context.as_bytes())
    {
        bytes[usize::from(b)] += 1;
    }
    let mut det = chardetng::EncodingDetector::new();
    for l in &lines {
        det.feed(l, false);
    }
    det.feed(&[], true);
    let guess = Charset::from(det.guess(None, false));
    let lm = model::lm::lm();
    let pieces = pieces(&lines);
    // (The ASCII letters every candidate reads alike.)
    let ascii = (0..0x80u8).map(|b| (char::from(b), bytes[usize::from(b)]));
    let ascii: Vec<(char, u32)> = ascii
        .filter(|&(c, n)| n > 0 && c.is_ascii_alphabetic())
        .collect();
    let mut text = String::new();
    // What a piece's shape adds: a word no text writes (`45kА`, `don“t`:
    // scripts mixed, a sign between letters) is far likelier in a wrong
    // reading than in a right one; the n-gram model, which judges rare
    // symbols poorly, misses it.
    let shape = |text: &str| {
        if has_incoherent_word(text) {
            SHAPE_EVIDENCE
        } else {
            0.0
        }
    };
    // (Also a fingerprint of the reading: encodings that read every piece
    // alike, GBK and GB18030 on GBK text, are one story for the margin.)
    let read = |enc: Charset, text: &mut String| -> ((f32, usize, f32), u64) {
        use std::hash::{Hash, Hasher};
        let mut reading = rustc_hash::FxHasher::default();
        let mut cost = 0.0;
        let mut replaced = 0;
        let mut letters: Vec<(char, u32)> = ascii.clone();
        let mut table = ['\u{FFFD}'; 128];
        if enc.is_single_byte() {
            for (k, t) in table.iter_mut().enumerate() {
                let b = 0x80 + k as u8;
                match enc.byte(b) {
                    Some(c) => *t = c,
                    None => replaced += bytes[usize::from(b)] as usize,
                }
                letters.push((*t, bytes[usize::from(b)]));
            }
        }
        for p in &pieces {
            text.clear();
            if enc.is_single_byte() {
                text.extend(p.iter().map(|&b| {
                    if b < 0x80 {
                        char::from(b)
                    } else {
                        table[usize::from(b - 0x80)]
                    }
                }));
            } else {
                replaced += decode_lines(enc, &[p], text);
                letters.extend(text.chars().filter(|c| !c.is_ascii()).map(|c| (c, 1)));
            }
            cost += lm.cost(text) + shape(text);
            text.hash(&mut reading);
        }
        // (A single-byte codepage whose letters outside ASCII are mostly
        // of one script other than Latin is for languages of that script.)
        let mut scripts = [0u32; 8];
        if enc.is_single_byte() {
            for g in table.iter().filter_map(|&c| model::script_of(c)) {
                scripts[usize::from(g)] += 1;
            }
        }
        let script = (1..8u8).find(|&g| scripts[usize::from(g)] * 2 > scripts.iter().sum::<u32>());
        let gain = model::document_gain_of_counts(letters, script);
        ((cost, replaced, gain), reading.finish())
    };
    let little = high < LITTLE_EVIDENCE;
    let score = |enc: Charset, (cost, replaced, gain): (f32, usize, f32)| {
        let diff = if little {
            DIFF_COST * differing(enc, &lines).min(DIFF_CAP)
        } else {
            0.0
        };
        cost - gain + saved_prior(enc.name()) + REPLACED_COST * replaced as f32 + diff
    };
    let (parts, reading) = read(windows_1252, &mut text);
    let mut best = (score(windows_1252, parts), windows_1252, reading);
    if crate::repair::debug() {
        eprintln!(
            "chardetng guess {}; windows-1252 {:.1}",
            guess.name(),
            best.0
        );
    }
    // (Every other score with its reading's fingerprint: the margin is
    // measured against the best that reads otherwise.)
    let mut others: Vec<(f32, u64)> = Vec::new();
    let mut list: Vec<Charset> = candidates().to_vec();
    list.push(encoding_rs::EUC_KR.into());
    if !list.contains(&guess) {
        list.push(guess);
    }
    for enc in list.into_iter().filter(|&e| e != windows_1252) {
        let (parts, reading) = read(enc, &mut text);
        let s = score(enc, parts);
        if crate::repair::debug() {
            eprintln!("legacy {} {s:.1} {parts:?}", enc.name());
        }
        // (windows-1252 wins ties.)
        if s < best.0 {
            others.push((best.0, best.2));
            best = (s, enc, reading);
        } else {
            others.push((s, reading));
        }
    }
    let runner_up = others
        .iter()
        .filter(|o| o.1 != best.2)
        .map(|o| o.0)
        .fold(f32::INFINITY, f32::min);
    let margin = runner_up - best.0;
    (best.1, margin.is_finite().then_some(margin))
}

/// The lines of `lines` that [`choose_legacy`] weighs, and how many bytes
/// outside ASCII they hold: the first, up to [`EVIDENCE`] bytes outside
/// ASCII or [`SCORED`] bytes; then each later line with a byte outside
/// ASCII that those have not shown (`Ά` in a Greek file, which ISO-8859-7
/// has where windows-1253 has `¶`).
fn weighed_lines<'a>(lines: &[&'a [u8]]) -> (Vec<&'a [u8]>, usize) {
    let mut seen = [false; 256];
    let (mut total, mut high) = (0, 0);
    let lines = lines
        .iter()
        .copied()
        .filter(|l| {
            let first = total < SCORED && high < EVIDENCE;
            if !first && l.iter().all(|&b| b < 0x80 || seen[usize::from(b)]) {
                return false;
            }
            total += l.len();
            for &b in l.iter().filter(|&&b| b >= 0x80) {
                high += 1;
                seen[usize::from(b)] = true;
            }
            true
        })
        .collect();
    (lines, high)
}

/// The pieces of `lines` that readings differ in: each run of bytes
/// outside ASCII with [`BESIDE`] ASCII bytes before it and one more after
/// it, pieces that touch joined. Each starts and ends at an ASCII byte
/// (or a line's end) that no multi-byte character holds, so each decodes
/// as it does inside its line.
fn pieces<'a>(lines: &[&'a [u8]]) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    for l in lines {
        let mut i = 0;
        while let Some(k) = l[i..].iter().position(|&b| b >= 0x80) {
            let start = (i + k).saturating_sub(BESIDE).max(i);
            let mut end = i + k;
            // (To the end of the run and past the bytes after it, while
            // another run starts within them.)
            loop {
                while end < l.len() && l[end] >= 0x80 {
                    end += 1;
                }
                let reach = (end + BESIDE + 1).min(l.len());
                match l[end..reach].iter().position(|&b| b >= 0x80) {
                    Some(j) => end += j,
                    None => {
                        end = reach;
                        break;
                    }
                }
            }
            // (With the line's feed where it reaches it: a multi-byte
            // decoder ends a sequence cut there as inside the line. The
            // model reads a line's end as layout.)
            out.push(&l[start..end]);
            i = end;
        }
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Each piece decodes as it does inside its line, in every candidate
    /// (multi-byte ones included): the line read whole equals its pieces
    /// read one by one with the ASCII between them as it is.
    fn pieces_read_as_their_lines(line: &[u8]) -> Result<(), proptest::test_runner::TestCaseError> {
        let mut list = candidates().to_vec();
        list.push(encoding_rs::EUC_KR.into());
        let pieces = pieces(&[line]);
        for enc in list {
            let mut whole = String::new();
            decode_lines(enc, &[line], &mut whole);
            let mut parts = String::new();
            let mut at = 0;
            for p in &pieces {
                // (A piece is a slice of the line: its offset in it.)
                let start = p.as_ptr() as usize - line.as_ptr() as usize;
                let gap = &line[at..start];
                proptest::prop_assert!(gap.is_ascii(), "{line:?}");
                parts.push_str(std::str::from_utf8(gap).expect("ASCII"));
                decode_lines(enc, &[p], &mut parts);
                at = start + p.len();
            }
            parts.push_str(&String::from_utf8_lossy(&line[at..]));
            proptest::prop_assert_eq!(&whole, &parts, "{} {:?}", enc.name(), line);
        }
        Ok(())
    }

    proptest::proptest! {
        #![proptest_config(crate::testing::fixed_cases(2000))]

        #[test]
        fn pieces_decode_as_inside_their_line(
            line in proptest::collection::vec(
                proptest::prop_oneof![0x20u8..0x7F, 0x40u8..0x7F, 0x80u8..=0xFF], 0..40),
            lf in proptest::bool::ANY,
        ) {
            let mut line = line;
            if lf {
                line.push(b'\n');
            }
            pieces_read_as_their_lines(&line)?;
        }
    }

    #[test]
    fn pieces_hold_every_byte_outside_ascii_with_its_neighbours() {
        let line = b"abcdefgh \xE9t\xE9 ijklmnop \xC0\n";
        let p = pieces(&[line]);
        assert_eq!(p, [&b"gh \xE9t\xE9 ijk"[..], &b"op \xC0\n"[..]]);
    }

    /// A document read through a Cyrillic codepage is in a language
    /// written in Cyrillic: an English page with one Cyrillic letter gains
    /// less so than with one symbol, and a Russian text gains alike.
    #[test]
    fn the_document_gain_asks_the_codepage_s_script() {
        let english = "the quick brown fox jumps over the lazy dog ".repeat(5);
        let counts = |s: &str| s.chars().map(|c| (c, 1)).collect::<Vec<_>>();
        let cyrillic = Some(2);
        let free = model::document_gain_of_counts(counts(&english), None);
        let as_cyrillic = model::document_gain_of_counts(counts(&english), cyrillic);
        assert!(as_cyrillic + 50.0 < free, "{as_cyrillic} {free}");
        let russian = "съешь же ещё этих мягких французских булок да выпей чаю ";
        let free = model::document_gain_of_counts(counts(russian), None);
        let as_cyrillic = model::document_gain_of_counts(counts(russian), cyrillic);
        assert!((free - as_cyrillic).abs() < 0.01, "{as_cyrillic} {free}");
    }
}
