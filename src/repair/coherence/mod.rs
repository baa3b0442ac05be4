//! Whether text can be one text, and whether a line has the shape of
//! legacy text shown in windows-1252 ([`legacy`]): the character-level
//! tests the line decoder ([`super::decode`]) and the scan ask before any
//! model.
//!
//! Guarantees: [`coherent`] and [`may_be_legacy`] look at each character
//! once, ASCII a word at a time where they can, any other character of
//! the BMP with one load of a table kept as characters are met; neither
//! allocates but for the alphabets asked once per process.

use super::{acceptable, case_of, flags_of, is_letter, script, script_of, ALPHA};
use crate::codec;
use crate::model;

mod legacy;

pub(crate) use legacy::{legacy_lines, legacy_walk, may_be_legacy, Walked};

/// The letters of windows-1252 outside ASCII, lowercase, each with a bit.
const LATIN1_LETTERS: &str = "àáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿßœšžƒ";

fn latin1_bit(c: char) -> Option<u64> {
    // (Past the windows-1252 letters at once: most letters of the world.)
    if !matches!(c as u32, 0xC0..=0xFF | 0x152..=0x17E | 0x192) {
        return None;
    }
    let lower = match c {
        'À'..='Þ' if c != '×' => char::from_u32(c as u32 + 0x20)?,
        'Œ' => 'œ',
        'Š' => 'š',
        'Ž' => 'ž',
        'Ÿ' => 'ÿ',
        _ => c,
    };
    LATIN1_LETTERS
        .chars()
        .position(|l| l == lower)
        .map(|k| 1u64 << k)
}

/// Whether some language's alphabet holds every letter in `mask`.
fn one_alphabet_has(mask: u64) -> bool {
    widest_alphabet_masks().iter().any(|&m| m & mask == mask)
}

/// [`alphabet_masks`] without those another holds whole (a set within
/// another holds no letters the other does not): [`one_alphabet_has`]
/// answers the same from these, and there are few.
fn widest_alphabet_masks() -> &'static [u64] {
    static MASKS: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    MASKS.get_or_init(|| {
        // (Widest first: a set within another is then within one kept
        // before it.)
        let mut all = alphabet_masks().to_vec();
        all.sort_unstable_by_key(|&m| std::cmp::Reverse(m.count_ones()));
        let mut widest: Vec<u64> = Vec::new();
        for m in all {
            if !widest.iter().any(|&w| w & m == m) {
                widest.push(m);
            }
        }
        widest
    })
}

/// Each training language's alphabet as a set of [`LATIN1_LETTERS`] (its
/// letters' [`latin1_bit`]s), made once per process from the alphabets'
/// tables: for each letter [`latin1_bit`] knows, the alphabets that have
/// it (no alphabet's list is unpacked or searched).
fn alphabet_masks() -> &'static [u64] {
    static MASKS: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    MASKS.get_or_init(|| {
        let mut masks = vec![0u64; model::alphabets::alphabet_count()];
        let known = (0xC0..=0xFF).chain(0x152..=0x17E).chain([0x192]);
        for c in known.filter_map(char::from_u32) {
            if let Some(bit) = latin1_bit(c) {
                model::alphabets::for_alphabets_with(c, |a| masks[a] |= bit);
            }
        }
        masks
    })
}

/// Whether a text can be one text: no word mixes scripts, no sign stands
/// between two letters (but for a letter of a script written without
/// spaces, whose quotes stand against its letters), case does not change
/// oddly inside a word that holds a character outside ASCII, nothing is a
/// character never written, and one language's alphabet has all its
/// letters. A letter that no alphabet has counts as a sign here, not as a
/// fault: the alphabets are learnt from text and miss some real letters
/// (Greek `ϊ`, Esperanto `ĥ`), so rejecting them would turn right readings
/// away (measured: a Greek legacy line lost, and a line of `Ĥ`). The cheap tests first: a
/// reading through a wrong codepage usually fails one of them.
pub(crate) fn coherent(text: &str) -> bool {
    let mut word_script: Option<u8> = None;
    let mut prev_letter = false;
    let mut sign_after_letter = false;
    // Whether the letter before is of a script written without spaces,
    // whose quotes and signs stand against its letters (`添加“脚本”到`).
    let mut prev_cjk = false;
    let mut sign_after_cjk = false;
    // The Latin-1 letters, as bits; `false` once a letter beyond them is
    // seen (then the alphabets are asked letter by letter).
    let mut mask = 0u64;
    let mut latin1 = true;
    // The case of the two characters before (see `case_oddities`, whose
    // test this is, made as the loop goes so that it can stop early). Case
    // is weighed in words with a character outside ASCII: garbling leaves
    // one in every word it touches, and `IDs` or `iPhone` are written so.
    let (mut p2, mut p1) = (None::<bool>, None::<bool>);
    let (mut word_odd, mut word_wide) = (false, false);
    let mut word_start = 0;
    let mut word_checked = false;
    // A word glued to a letter of a script written without spaces
    // (`MinWordsは`) that is no such text: see `mixed_word`.
    let mut lone_glued = false;
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let at = i;
        if b[at] < 0x80 {
            let c = char::from(b[at]);
            i += 1;
            // (Case is weighed word by word.)
            if c.is_whitespace() {
                if word_odd && word_wide {
                    return false;
                }
                (word_odd, word_wide) = (false, false);
            }
            // The same steps as below, for ASCII, which is no sign, no
            // character never written, and no letter outside Latin.
            let case = c.is_ascii_alphabetic().then(|| c.is_ascii_uppercase());
            word_odd |= odd_case(p2, p1, case);
            (p2, p1) = (p1, case);
            if case.is_some() {
                if !prev_letter {
                    (word_start, word_checked) = (at, false);
                }
                let word = &text[word_start..];
                if !script_fits(
                    &mut word_script,
                    &mut word_checked,
                    1,
                    word,
                    &mut lone_glued,
                ) {
                    return false;
                }
                if sign_after_letter && !sign_after_cjk {
                    return false;
                }
                (prev_letter, prev_cjk) = (true, false);
                // (The small ASCII letters after a small letter change
                // nothing but the case before: passed as a run.)
                if case == Some(false) {
                    let run = b[i..].iter().take_while(|x| x.is_ascii_lowercase()).count();
                    if run > 0 {
                        i += run;
                        p2 = Some(false);
                    }
                }
            } else {
                word_script = None;
                (sign_after_letter, sign_after_cjk, prev_letter) = (false, false, false);
            }
            continue;
        }
        let (c, len) = super::decode_at(text, at);
        i += len;
        // (What the steps ask of a character outside ASCII, looked up at
        // once: see [`Facts`].)
        let f = Facts::of(c);
        // (A script written without spaces has no words, and what it glues
        // Latin to ends one: `MinWordsは`.)
        let cjk = f.has(Facts::CJK);
        if f.has(Facts::SPACE) || cjk {
            if word_odd && word_wide {
                return false;
            }
            (word_odd, word_wide) = (false, false);
        }
        word_wide |= !cjk;
        let case = f.case();
        word_odd |= odd_case(p2, p1, case);
        (p2, p1) = (p1, case);
        if f.has(Facts::LETTER) {
            if let Some(bit) = f.latin1_bit() {
                mask |= bit;
            } else if f.has(Facts::BELOW_800) {
                // (The alphabets know letters below U+0800 only.)
                latin1 = false;
            }
            if !prev_letter {
                (word_start, word_checked) = (at, false);
            }
            if let Some(s) = f.script() {
                let word = &text[word_start..];
                if !script_fits(
                    &mut word_script,
                    &mut word_checked,
                    s,
                    word,
                    &mut lone_glued,
                ) {
                    return false;
                }
            }
            if sign_after_letter && !sign_after_cjk && !cjk {
                return false;
            }
            prev_letter = true;
            prev_cjk = cjk;
        } else {
            word_script = None;
            // (A run of signs stands between letters as one does: `M‰‰r`.)
            let after_cjk = if prev_letter {
                prev_cjk
            } else {
                sign_after_cjk
            };
            sign_after_letter = (prev_letter || sign_after_letter) && f.has(Facts::SIGN);
            sign_after_cjk = sign_after_letter && after_cjk;
            prev_letter = false;
            if f.has(Facts::UNWRITTEN) {
                return false;
            }
        }
    }
    if word_odd && word_wide {
        return false;
    }
    if lone_glued && !cjk_text(text) {
        return false;
    }
    if latin1 {
        mask.count_ones() < 2 || one_alphabet_has(mask)
    } else {
        model::one_alphabet_has_all(text)
    }
}

/// What [`coherent`] asks of a character outside ASCII, packed in one
/// word: whether it is a space, of a script written without spaces, a
/// letter there (a letter some alphabet has, or a combining mark), a sign
/// ([`is_sign`]), never written ([`acceptable`]), below U+0800; its case
/// (none for letters no alphabet has), its bit among [`LATIN1_LETTERS`]
/// and its [`script_of`]. Kept for the BMP as asked (one load where
/// each was a lookup of its own); made each time beyond it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Facts(u32);

impl Facts {
    /// Set in every kept entry (an entry of 0 is not made yet).
    const MADE: u32 = 1;
    const SPACE: u32 = 1 << 1;
    const CJK: u32 = 1 << 2;
    const LETTER: u32 = 1 << 3;
    const SIGN: u32 = 1 << 4;
    const UNWRITTEN: u32 = 1 << 5;
    const UPPER: u32 = 1 << 6;
    const LOWER: u32 = 1 << 7;
    const LATIN1: u32 = 1 << 8;
    const BELOW_800: u32 = 1 << 9;
    /// The bit number in [`LATIN1_LETTERS`], from this bit on (6 bits).
    const LATIN1_SHIFT: u32 = 10;
    /// The script, from this bit on (8 bits, 0 for none).
    const SCRIPT_SHIFT: u32 = 16;

    /// The facts of `c`, outside ASCII.
    #[inline]
    fn of(c: char) -> Facts {
        use std::sync::atomic::{AtomicU32, Ordering::Relaxed};
        static KEPT: [AtomicU32; 0x1_0000] = [const { AtomicU32::new(0) }; 0x1_0000];
        let Some(slot) = KEPT.get(c as usize) else {
            return Facts::made(c);
        };
        match slot.load(Relaxed) {
            0 => {
                // (Threads that race here store the same value.)
                let f = Facts::made(c);
                slot.store(f.0, Relaxed);
                f
            }
            v => Facts(v),
        }
    }

    /// [`Facts::of`], from the lookups they stand for.
    fn made(c: char) -> Facts {
        let mut f = Facts::MADE;
        let flags = flags_of(c);
        let no_alphabet = model::no_alphabet_has(c);
        if c.is_whitespace() {
            f |= Facts::SPACE;
        }
        if super::written_without_spaces(c) {
            f |= Facts::CJK;
        }
        if (flags & ALPHA != 0 && !no_alphabet) || unicode_normalization::char::is_combining_mark(c)
        {
            f |= Facts::LETTER;
        }
        if is_sign(c) {
            f |= Facts::SIGN;
        }
        if !acceptable(c.encode_utf8(&mut [0; 4])) {
            f |= Facts::UNWRITTEN;
        }
        // (Letters no language writes have no case here.)
        match (!no_alphabet).then(|| case_of(flags)).flatten() {
            Some(true) => f |= Facts::UPPER,
            Some(false) => f |= Facts::LOWER,
            None => {}
        }
        if let Some(bit) = latin1_bit(c) {
            f |= Facts::LATIN1 | bit.trailing_zeros() << Facts::LATIN1_SHIFT;
        }
        if (c as u32) < 0x800 {
            f |= Facts::BELOW_800;
        }
        f |= u32::from(script_of(c).unwrap_or(0)) << Facts::SCRIPT_SHIFT;
        Facts(f)
    }

    #[inline]
    fn has(self, fact: u32) -> bool {
        self.0 & fact != 0
    }

    /// The case, as [`case_of`] says it: `Some(true)` a capital.
    #[inline]
    fn case(self) -> Option<bool> {
        if self.has(Facts::UPPER) {
            Some(true)
        } else if self.has(Facts::LOWER) {
            Some(false)
        } else {
            None
        }
    }

    /// [`latin1_bit`].
    #[inline]
    fn latin1_bit(self) -> Option<u64> {
        self.has(Facts::LATIN1)
            .then(|| 1u64 << ((self.0 >> Facts::LATIN1_SHIFT) & 0x3F))
    }

    /// [`script_of`].
    #[inline]
    fn script(self) -> Option<u8> {
        match (self.0 >> Facts::SCRIPT_SHIFT) as u8 {
            0 => None,
            s => Some(s),
        }
    }
}

/// One step of [`coherent`]'s case test (that of `case_oddities`):
/// whether a character of case `case` (`Some(true)`: a capital), after
/// two of `p2` and `p1`, makes its word's case odd (`aB`, `ABc`).
#[inline]
fn odd_case(p2: Option<bool>, p1: Option<bool>, case: Option<bool>) -> bool {
    (p1 == Some(false) && case == Some(true))
        || (p2 == Some(true) && p1 == Some(true) && case == Some(false))
}

/// One step of [`coherent`]'s script test: a letter of script `script`
/// in the word that starts `word` (the rest of the text from the word's
/// start), whose script so far is `word_script`. A word that changes
/// script must be one that text writes so ([`mixed_word`], asked once a
/// word, `checked`); false where it is not.
#[inline]
fn script_fits(
    word_script: &mut Option<u8>,
    checked: &mut bool,
    script: u8,
    word: &str,
    lone_glued: &mut bool,
) -> bool {
    match *word_script {
        Some(w) if w != script && !*checked => {
            if !mixed_word(word).written(lone_glued) {
                return false;
            }
            *checked = true;
        }
        None => *word_script = Some(script),
        _ => {}
    }
    true
}

/// Whether a word of `line` (between whitespace, with a letter in it) is
/// incoherent on its own: the line's fault lies inside a word (`dönüþ`,
/// `Àâ³ëà`), not only between words of several alphabets, as in a list of
/// letters, nor in a control or a symbol standing alone.
pub(crate) fn has_incoherent_word(line: &str) -> bool {
    line.split_whitespace()
        .any(|w| !w.is_ascii() && w.chars().any(is_letter) && !coherent(w))
}

/// Whether text is written in a script without spaces: as many of its
/// letters are Han, kana or Hangul as are of other scripts.
fn cjk_text(text: &str) -> bool {
    let (cjk, other) = cjk_letters(text);
    cjk >= other
}

/// How many characters of `text` are of a script written without spaces
/// (Han, kana, Hangul), and (where there are any) how many are letters of
/// other scripts.
pub(super) fn cjk_letters(text: &str) -> (usize, usize) {
    // (Those scripts begin at U+3000, whose UTF-8 leads with `E3`: text
    // without such a byte has none of them.)
    if !text.bytes().any(|b| b >= 0xE3) {
        return (0, 0);
    }
    let cjk = text
        .chars()
        .filter(|&c| super::written_without_spaces(c))
        .count();
    let other = if cjk == 0 {
        0
    } else {
        text.chars()
            .filter(|&c| is_letter(c) && !super::written_without_spaces(c))
            .count()
    };
    (cjk, other)
}

/// What a word of letters of more than one script is: see [`mixed_word`].
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mixed {
    /// A word that text writes.
    Written,
    /// One Han or Hangul character glued to a Latin word: text in a script
    /// written without spaces writes it (`在%s中`), a Latin line read in a
    /// CJK codepage shows it (`f枚r`, `kazan챌`); which of the two, the
    /// line says.
    LoneGlued,
    /// A word no text writes.
    Never,
}

impl Mixed {
    /// Whether the word may be written, noting in `lone_glued` a word
    /// whose line must be CJK text for it to be.
    fn written(self, lone_glued: &mut bool) -> bool {
        *lone_glued |= self == Mixed::LoneGlued;
        self != Mixed::Never
    }
}

/// What the word at the start of `text`, whose letters are of more than
/// one script, is: Latin letters and letters of a script written without
/// spaces (Han, kana, Hangul) side by side are written, as Chinese,
/// Japanese and Korean text writes Latin words into its own
/// (`增加max_prepared`, `COPYのFORCE`), where each run of Han or Hangul
/// beside Latin letters is at least two long; one such character glued to
/// a Latin word is written in CJK text (`在%s中`) and is what a Latin word
/// read in a CJK codepage looks like in other text (`kazan챌`, `f枚r`); a
/// lone kana is a Japanese particle. Other mixes are never written.
fn mixed_word(text: &str) -> Mixed {
    // The current run of letters written without spaces: its length, and
    // whether Han or Hangul is in it.
    let (mut run, mut ideographic) = (0usize, false);
    let mut lone = false;
    for c in text.chars() {
        if !is_letter(c) {
            break;
        }
        match c {
            _ if super::scan::is_kana(c) => run += 1,
            _ if super::scan::is_ideograph(c) => {
                run += 1;
                ideographic = true;
            }
            _ if script(c) == Some(1) => {
                lone |= ideographic && run < 2;
                (run, ideographic) = (0, false);
            }
            _ => return Mixed::Never,
        }
    }
    if lone || (ideographic && run < 2) {
        Mixed::LoneGlued
    } else {
        Mixed::Written
    }
}

/// A character that text does not write between two letters, but that
/// showing text in the wrong codepage puts there (`íà÷àëå`, `Ka¿dy`,
/// `Ã„rger`, `Ò¼SUCH`): the symbols and marks of Latin-1 and the
/// windows-1252 extras, box drawing, blocks and mathematical operators of
/// the DOS and Mac codepages, the Mac's spacing accents (`N˙mero`). Not
/// apostrophes (nor the acute accent typed for one, `don´t`), dashes, the
/// Catalan middle dot or the punctuation of scripts written without
/// spaces (`は、平`).
fn is_sign(c: char) -> bool {
    // (Not the soft hyphen: a hyphenation point, written inside words,
    // `Jog\u{AD}jakarta`.)
    matches!(c,
        '\u{A1}'..='\u{AC}' | '\u{AE}'..='\u{B3}' | '\u{B5}' | '\u{B6}' | '\u{B8}'..='\u{BF}' | '×' | '÷'
        | '€' | '‚' | 'ƒ' | '„' | '…' | '†' | '‡' | 'ˆ' | '‰' | '‹' | '›' | '“' | '”' | '•'
        | '˜' | '™' | 'ˇ' | '˘' | '˙' | '˚' | '˛' | '˝'
        | '\u{2200}'..='\u{22FF}' | '\u{2500}'..='\u{259F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_words_in_cjk_text_are_coherent() {
        assert!(coherent("增加max_prepared_transactions的值"));
        assert!(coherent("COPYのFORCE_QUOTEオプション"));
        assert!(coherent("API에서 사용하는 방법"));
        assert!(!coherent("yeniden kazan챌 kaynak"));
        assert!(!coherent("Modifierarmasken f枚r"));
        // A camel-case word glued to kana: the kana end it.
        assert!(coherent("HeapSizeは正の値でなければなりません"));
        // One ideograph glued to a placeholder, in Chinese text; the same
        // glue in a Latin line is a Latin word read as GBK.
        assert!(coherent("无法在%s中找到"));
        assert!(!coherent("Datei %s中 nicht gefunden"));
    }

    /// The kept classes are the classes: every character of the BMP, asked
    /// twice (the second answer comes from what the first kept).
    /// The packed facts of every character outside ASCII are the lookups
    /// they stand for, and the kept ones are those made.
    #[test]
    fn facts_are_the_lookups() {
        let planes = (0x80..0x1_0000u32).chain((0x1_0000..0x11_0000).step_by(97));
        for c in planes.filter_map(char::from_u32) {
            let f = Facts::of(c);
            assert_eq!(f, Facts::made(c), "{c:?}");
            assert_eq!(Facts::of(c), f, "{c:?}");
            let no_alphabet = model::no_alphabet_has(c);
            let flags = flags_of(c);
            assert_eq!(f.has(Facts::SPACE), c.is_whitespace(), "{c:?}");
            assert_eq!(
                f.has(Facts::CJK),
                super::super::written_without_spaces(c),
                "{c:?}"
            );
            assert_eq!(
                f.has(Facts::LETTER),
                (flags & ALPHA != 0 && !no_alphabet)
                    || unicode_normalization::char::is_combining_mark(c),
                "{c:?}"
            );
            assert_eq!(f.has(Facts::SIGN), is_sign(c), "{c:?}");
            assert_eq!(
                f.has(Facts::UNWRITTEN),
                !acceptable(c.encode_utf8(&mut [0; 4])),
                "{c:?}"
            );
            let case = if no_alphabet { None } else { case_of(flags) };
            assert_eq!(f.case(), case, "{c:?}");
            assert_eq!(f.latin1_bit(), latin1_bit(c), "{c:?}");
            assert_eq!(f.has(Facts::BELOW_800), (c as u32) < 0x800, "{c:?}");
            assert_eq!(f.script(), script_of(c), "{c:?}");
        }
    }

    /// The alphabets' sets of Latin-1 letters are their letters' bits.
    #[test]
    fn alphabet_masks_are_the_letters_bits() {
        let masks: Vec<u64> = model::alphabets::alphabet_list()
            .iter()
            .map(|a| {
                a.iter()
                    .filter_map(|&c| latin1_bit(c))
                    .fold(0, |m, b| m | b)
            })
            .collect();
        assert_eq!(alphabet_masks(), &masks[..]);
        // The widest of them answer as all of them do.
        let widest = widest_alphabet_masks();
        assert!(widest.len() < masks.len());
        for m in masks.iter().copied().chain((0..64).map(|b| 1u64 << b)) {
            for sub in [m, m & (m - 1).max(1), m & m.wrapping_neg()] {
                let all = masks.iter().any(|&a| a & sub == sub);
                assert_eq!(widest.iter().any(|&w| w & sub == sub), all, "{sub:x}");
            }
        }
    }

    #[test]
    fn coherence() {
        assert!(coherent("Привет, мир"));
        assert!(coherent("à côté de l’église"));
        assert!(coherent("Nº 1ª µs"));
        assert!(!coherent("Ïðèâåò, ìèð"));
        assert!(!coherent("platn媒 n谩zov"));
        assert!(!coherent("cafŽ"));
        assert!(!coherent("íà÷àëå"));
        // A run of signs between letters, as one sign.
        assert!(!coherent("M‰‰rittele kohdearkkitehtuuriksi"));
        assert!(may_be_legacy("M‰‰rittele kohdearkkitehtuuriksi"));
        assert!(coherent("Metal³ ‰‰ ¿Qué?"));
        // Turkish capital dotted I, whose lowercase is `i` and a dot.
        assert!(coherent("İlk adımlar; İşbu Beyanname"));
        // Ideographs beyond the BMP are Han too (Vietnamese Chữ Nôm).
        assert!(coherent("每𠊛調𣎏權自由合行吧參加協會𠬠格和平。"));
    }

    /// [`coherent`] as first written: the case test a second pass, the
    /// alphabets asked by counting.
    fn coherent_as_written(text: &str) -> bool {
        let mut word_script: Option<u8> = None;
        let mut prev_letter = false;
        let mut sign_after_letter = false;
        let (mut prev_cjk, mut sign_after_cjk) = (false, false);
        let mut mask = 0u64;
        let mut latin1 = true;
        let (mut word_start, mut word_checked) = (0, false);
        let mut lone_glued = false;
        for (at, c) in text.char_indices() {
            let letter = (is_letter(c) && !model::no_alphabet_has(c))
                || unicode_normalization::char::is_combining_mark(c);
            if letter {
                if !c.is_ascii() {
                    match latin1_bit(c) {
                        Some(bit) => mask |= bit,
                        None if (c as u32) < 0x800 => latin1 = false,
                        None => {}
                    }
                }
                if !prev_letter {
                    (word_start, word_checked) = (at, false);
                }
                if let Some(s) = script_of(c) {
                    match word_script {
                        Some(w) if w != s && !word_checked => {
                            if !mixed_word(&text[word_start..]).written(&mut lone_glued) {
                                return false;
                            }
                            word_checked = true;
                        }
                        None => word_script = Some(s),
                        _ => {}
                    }
                }
                let cjk = super::super::written_without_spaces(c);
                if sign_after_letter && !sign_after_cjk && !cjk {
                    return false;
                }
                prev_letter = true;
                prev_cjk = cjk;
            } else {
                word_script = None;
                let after_cjk = if prev_letter {
                    prev_cjk
                } else {
                    sign_after_cjk
                };
                sign_after_letter = (prev_letter || sign_after_letter) && is_sign(c);
                sign_after_cjk = sign_after_letter && after_cjk;
                prev_letter = false;
                if !c.is_ascii() && !acceptable(c.encode_utf8(&mut [0; 4])) {
                    return false;
                }
            }
        }
        let case_odd = text
            .split(|c: char| c.is_whitespace() || super::super::written_without_spaces(c))
            .filter(|w| !w.is_ascii())
            .any(|w| {
                super::super::case_oddities(w.chars().map(|c| {
                    (!model::no_alphabet_has(c))
                        .then(|| case_of(flags_of(c)))
                        .flatten()
                })) > 0
            });
        !case_odd
            && (!lone_glued || cjk_text(text))
            && if latin1 {
                mask.count_ones() < 2 || one_alphabet_has(mask)
            } else {
                model::letters_outside_any_alphabet(text) == 0
            }
    }

    proptest::proptest! {
        #![proptest_config(crate::testing::fixed_cases(4000))]

        /// The one-pass [`coherent`] answers what the two passes did:
        /// mixed case, Latin-1 and other letters, signs, marks, CJK,
        /// controls, typography.
        #[test]
        fn coherent_is_as_written(
            s in "[a-zA-Z0-9 \\t.,'\\u{80}-\\u{24F}\\u{300}-\\u{36F}\\u{370}-\\u{52F}\\u{2010}-\\u{2030}\\u{20AC}\\u{2192}\\u{4E00}-\\u{4E10}\\u{E000}]{0,16}"
        ) {
            proptest::prop_assert_eq!(coherent(&s), coherent_as_written(&s), "{:?}", s);
        }

        /// The same on words of two cases and letters of one alphabet.
        #[test]
        fn coherent_is_as_written_on_words(
            s in "([A-Za-z]{0,3}[àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿßœšžÀÉÖÜŁłŚśĄąČčĞğİı]{0,2} ?){0,5}"
        ) {
            proptest::prop_assert_eq!(coherent(&s), coherent_as_written(&s), "{:?}", s);
        }
    }
}
