//! UTF-16 without a byte order mark: told by its NUL bytes, or, for CJK
//! text with next to no ASCII, by reading as CJK text in one byte order.
//!
//! Guarantees: only the first [`super::UTF16_PROBE`] bytes are looked at.

use encoding_rs::Encoding;

use super::choose::{choose_legacy, REPLACED_COST};
use super::{decode_all, utf8_share, UTF16_PROBE};
use crate::model;

/// UTF-16 without a BOM: NUL bytes (the high halves of ASCII characters)
/// on one side of every pair and not the other, and a sample that decodes
/// without error in that byte order.
pub(super) fn utf16_without_bom(b: &[u8]) -> Option<&'static Encoding> {
    let pairs = b.len() / 2;
    if pairs < 4 {
        return None;
    }
    let even = b.iter().step_by(2).take(pairs).filter(|&&x| x == 0).count();
    let odd = b
        .iter()
        .skip(1)
        .step_by(2)
        .take(pairs)
        .filter(|&&x| x == 0)
        .count();
    let enc = if odd >= 2 && even * 4 <= odd {
        encoding_rs::UTF_16LE
    } else if even >= 2 && odd * 4 <= even {
        encoding_rs::UTF_16BE
    } else {
        return utf16_cjk(b);
    };
    // The sample may end inside a surrogate pair: leave two units out.
    let clean = &b[..(pairs.saturating_sub(2)) * 2];
    enc.decode_without_bom_handling_and_without_replacement(clean)
        .map(|_| enc)
}

/// Fewest characters [`utf16_cjk`] decides on.
const UTF16_CJK_MIN: usize = 8;

/// UTF-16 without a BOM and nearly without ASCII (Chinese, Japanese,
/// Korean): no NULs to show it, but in one byte order the sample is CJK
/// text (at least nine characters in ten, spaces and line breaks aside),
/// it is not UTF-8, and it reads more plausibly so than in the legacy
/// encoding that reads its bytes best (Shift_JIS kanji pair up into CJK
/// code points too).
fn utf16_cjk(b: &[u8]) -> Option<&'static Encoding> {
    let valid = match std::str::from_utf8(b) {
        Ok(_) => b.len(),
        Err(e) => e.valid_up_to(),
    };
    if valid + 3 >= b.len() {
        return None;
    }
    // Nor UTF-8 with characters cut (Cyrillic in UTF-8, read as UTF-16BE,
    // is Hangul).
    if utf8_share(b).likely() {
        return None;
    }
    // A sample shorter than the probe is the whole input; a longer one may
    // end inside a surrogate pair: leave two units out.
    let units = b.len() / 2;
    let units = if b.len() < UTF16_PROBE {
        units
    } else {
        units.saturating_sub(2)
    };
    let clean = &b[..units * 2];
    let cjk_text = |enc: &'static Encoding| -> Option<std::borrow::Cow<'_, str>> {
        let text = enc.decode_without_bom_handling_and_without_replacement(clean)?;
        let (mut n, mut cjk) = (0, 0);
        for c in text.chars().filter(|c| !c.is_whitespace()) {
            n += 1;
            cjk += usize::from(matches!(c,
                '\u{3000}'..='\u{9FFF}' | '\u{AC00}'..='\u{D7A3}' | '\u{FF00}'..='\u{FFEF}'));
        }
        (n >= UTF16_CJK_MIN && cjk * 10 >= n * 9).then_some(text)
    };
    let (enc, text) = [encoding_rs::UTF_16BE, encoding_rs::UTF_16LE]
        .into_iter()
        .find_map(|enc| cjk_text(enc).map(|t| (enc, t)))?;
    let m = model::model();
    let (legacy, _) = choose_legacy(&[clean], "");
    let (as_legacy, replaced) = decode_all(legacy, clean);
    let legacy_cost = m.cost_between(None, &as_legacy, None) + REPLACED_COST * replaced as f32;
    (m.cost_between(None, &text, None) < legacy_cost).then_some(enc)
}
