//! The alphabets of the training languages (`alphabets.bin`, see
//! `examples/gen_alphabets.rs`): whether one language writes all the
//! letters of a text ([`one_alphabet_has_all`]), how many fall outside
//! the best one, and whether a letter is one no language writes.
//!
//! Beside them, two facts of every character below U+0800 that these
//! questions ask, its lowercase letter and whether NFKC changes it
//! (`letter_facts.bin`, see `examples/gen_letter_facts.rs`, made from the
//! Unicode data of the standard library and of `unicode-normalization`).
//!
//! Guarantees: both files are read at compile time into the tables the
//! questions ask (a bit set of letters per alphabet, a bit set of
//! alphabets per letter, the letters no alphabet has, each letter's
//! lowercase), so no process builds them; the alphabets' lists are
//! unpacked, once per process, only for [`best_alphabets_hold`]; asking
//! whether one alphabet has a text's letters narrows a bit set of
//! alphabets a distinct letter, without counting every alphabet.

use std::sync::OnceLock;

/// The generated alphabets: the non-ASCII letters below U+0800 that each
/// training language uses (per alphabet, a `u16` count and that many
/// `u32` characters, little-endian). Read at compile time into
/// [`INDEX`], [`SETS`], [`HOLDERS`] and [`NO_ALPHABET`]; unpacked into
/// lists ([`alphabets`]) only where a question needs them.
const ALPHABETS: &[u8] = include_bytes!("alphabets.bin");

/// The `u16` at `at` in [`ALPHABETS`], at compile time.
const fn u16_at(at: usize) -> usize {
    u16::from_le_bytes([ALPHABETS[at], ALPHABETS[at + 1]]) as usize
}

/// The letter at `at` in [`ALPHABETS`] that the tables index (below
/// U+0800), at compile time.
const fn letter_at(at: usize) -> Option<usize> {
    let c = u32::from_le_bytes([
        ALPHABETS[at],
        ALPHABETS[at + 1],
        ALPHABETS[at + 2],
        ALPHABETS[at + 3],
    ]);
    if c < 0x800 {
        Some(c as usize)
    } else {
        None
    }
}

/// Number of alphabets in [`ALPHABETS`].
const COUNT: usize = {
    let (mut n, mut at) = (0, 0);
    while at + 2 <= ALPHABETS.len() {
        at += 2 + 4 * u16_at(at);
        n += 1;
    }
    assert!(at == ALPHABETS.len(), "alphabets.bin");
    n
};

/// Bit number of each character below U+0800 in the sets of [`SETS`]
/// (`u16::MAX`: no alphabet has it), in order of first appearance, and
/// how many letters have one.
const INDEX_AND_LETTERS: ([u16; 0x800], usize) = {
    let mut index = [u16::MAX; 0x800];
    let (mut n, mut at) = (0, 0);
    while at + 2 <= ALPHABETS.len() {
        let len = u16_at(at);
        let mut i = 0;
        while i < len {
            if let Some(c) = letter_at(at + 2 + 4 * i) {
                if index[c] == u16::MAX {
                    index[c] = n as u16;
                    n += 1;
                }
            }
            i += 1;
        }
        at += 2 + 4 * len;
    }
    (index, n)
};

/// See [`INDEX_AND_LETTERS`].
static INDEX: [u16; 0x800] = INDEX_AND_LETTERS.0;

/// Words of each alphabet's set in [`SETS`].
const WORDS: usize = if INDEX_AND_LETTERS.1 == 0 {
    1
} else {
    INDEX_AND_LETTERS.1.div_ceil(64)
};

/// Each alphabet as a set of its letters' bits ([`INDEX`]), [`WORDS`]
/// words an alphabet, alphabet after alphabet; and for each letter's bit,
/// the alphabets that have it, as a set over the alphabets (see
/// [`holders`]; empty where more alphabets than [`HOLDER_WORDS`] hold
/// would be needed). One walk over [`ALPHABETS`] makes both.
const SETS_AND_HOLDERS: ([u64; WORDS * COUNT], [[u64; HOLDER_WORDS]; WORDS * 64]) = {
    let mut sets = [0u64; WORDS * COUNT];
    let mut holders = [[0u64; HOLDER_WORDS]; WORDS * 64];
    let (mut a, mut at) = (0, 0);
    while at + 2 <= ALPHABETS.len() {
        let len = u16_at(at);
        let mut i = 0;
        while i < len {
            if let Some(c) = letter_at(at + 2 + 4 * i) {
                let k = INDEX_AND_LETTERS.0[c] as usize;
                sets[a * WORDS + k / 64] |= 1 << (k % 64);
                if COUNT <= 64 * HOLDER_WORDS {
                    holders[k][a / 64] |= 1 << (a % 64);
                }
            }
            i += 1;
        }
        at += 2 + 4 * len;
        a += 1;
    }
    (sets, holders)
};

/// See [`SETS_AND_HOLDERS`].
static SETS: [u64; WORDS * COUNT] = SETS_AND_HOLDERS.0;

/// See [`SETS_AND_HOLDERS`].
static HOLDERS: [[u64; HOLDER_WORDS]; WORDS * 64] = SETS_AND_HOLDERS.1;

/// The letters of [`no_alphabet_has`], a bit a character below U+0800:
/// a letter whose lowercase is one character ([`LOWER`]) that NFKC
/// changes ([`COMPAT`]) or that no alphabet has ([`INDEX`]).
static NO_ALPHABET: [u64; 0x800 / 64] = {
    let mut t = [0u64; 0x800 / 64];
    let mut u = 0x80;
    while u < 0x800 {
        let l = LOWER_OF[u];
        if l != 0
            && l != u16::MAX
            && (COMPAT[u / 64] & 1 << (u % 64) != 0 || INDEX_AND_LETTERS.0[l as usize] == u16::MAX)
        {
            t[u / 64] |= 1 << (u % 64);
        }
        u += 1;
    }
    t
};

/// The alphabets of the training languages, each a sorted list of the
/// non-ASCII letters below U+0800 it writes (for tests: the engine asks
/// the tables made at compile time).
#[cfg(test)]
pub(crate) fn alphabet_list() -> &'static [Vec<char>] {
    alphabets()
}

/// Number of alphabets (in the order of `alphabets.bin`).
pub(crate) fn alphabet_count() -> usize {
    COUNT
}

/// Calls `f` with the number of each alphabet (in the order of
/// `alphabets.bin`) that has `c`, from the tables read at compile time.
pub(crate) fn for_alphabets_with(c: char, mut f: impl FnMut(usize)) {
    let Some(&k) = INDEX.get(c as usize).filter(|&&k| k != u16::MAX) else {
        return;
    };
    let k = usize::from(k);
    match holders().get(k) {
        Some(h) => {
            for (w, &bits) in h.iter().enumerate() {
                let mut b = bits;
                while b != 0 {
                    f(w * 64 + b.trailing_zeros() as usize);
                    b &= b - 1;
                }
            }
        }
        None => (0..COUNT)
            .filter(|a| SETS[a * WORDS + k / 64] & 1 << (k % 64) != 0)
            .for_each(f),
    }
}

/// The alphabets, sorted character lists.
fn alphabets() -> &'static [Vec<char>] {
    static A: OnceLock<Vec<Vec<char>>> = OnceLock::new();
    A.get_or_init(|| {
        let mut out = Vec::new();
        let mut b = ALPHABETS;
        while b.len() >= 2 {
            let n = usize::from(u16::from_le_bytes([b[0], b[1]]));
            b = &b[2..];
            let take = (n * 4).min(b.len());
            // (Each list allocated once, at its length.)
            let mut a = Vec::with_capacity(take / 4);
            for e in b[..take].chunks_exact(4) {
                a.extend(char::from_u32(u32::from_le_bytes([e[0], e[1], e[2], e[3]])));
            }
            b = &b[take..];
            out.push(a);
        }
        out
    })
}

/// How many letters of a text (non-ASCII, below U+0800, lowercased) fall
/// outside the one language alphabet that covers most of its distinct
/// letters: 0 when one language has them all. Text read in the wrong
/// codepage mixes letters that no language uses together (`õ` and `û`
/// beside `ö` and `ü`, where Hungarian writes `ő` and `ű`).
pub(crate) fn letters_outside_any_alphabet(text: &str) -> usize {
    outside_best_alphabet(letter_counts(text))
}

/// Whether one training language's alphabet has every letter of `text`
/// (non-ASCII, below U+0800, lowercased; letters no language writes are
/// symbols here): `letters_outside_any_alphabet(text) == 0`, answered by
/// narrowing the set of alphabets that have the letters so far, without
/// counting or weighing every alphabet.
pub(crate) fn one_alphabet_has_all(text: &str) -> bool {
    let holders = holders();
    if holders.is_empty() {
        return letters_outside_any_alphabet(text) == 0;
    }
    let mut left = [u64::MAX; HOLDER_WORDS];
    let lower = lower_letters();
    let sets = alphabet_sets();
    let keep = |l: char, left: &mut [u64; HOLDER_WORDS]| {
        if no_alphabet_has(l) {
            return true;
        }
        match sets.index.get(l as usize).filter(|&&k| k != u16::MAX) {
            Some(&k) => {
                let h = &holders[usize::from(k)];
                let mut any = 0;
                for (a, b) in left.iter_mut().zip(h) {
                    *a &= b;
                    any |= *a;
                }
                any != 0
            }
            // A letter no alphabet has: outside every one.
            None => false,
        }
    };
    let mut seen = [0u64; 0x800 / 64];
    for c in text
        .chars()
        .filter(|c| !c.is_ascii() && (*c as u32) < 0x800)
    {
        // (A letter seen before narrows nothing more.)
        let k = c as usize;
        if seen[k >> 6] & 1 << (k & 63) != 0 {
            continue;
        }
        seen[k >> 6] |= 1 << (k & 63);
        let ok = match lower[c as usize] {
            0 => true,
            // (`İ` lowercases to `i` and a dot above: neither is a letter
            // outside ASCII that an alphabet lists.)
            u16::MAX => c
                .to_lowercase()
                .filter(|l| !l.is_ascii() && l.is_alphabetic())
                .all(|l| keep(l, &mut left)),
            l => keep(char::from_u32(u32::from(l)).expect("a letter"), &mut left),
        };
        if !ok {
            return false;
        }
    }
    true
}

/// Words of the alphabet sets [`holders`] keeps: up to 512 alphabets.
const HOLDER_WORDS: usize = 8;

/// For each letter of [`AlphabetSets`] (by its bit number), the alphabets
/// that have it, as a set over the alphabets; empty when there are more
/// alphabets than [`HOLDER_WORDS`] hold (then none is answered this way).
fn holders() -> &'static [[u64; HOLDER_WORDS]] {
    if COUNT == 0 || COUNT > 64 * HOLDER_WORDS {
        &[]
    } else {
        &HOLDERS
    }
}

/// Whether one of the alphabets that hold the most of `context`'s letters
/// holds every letter of `s` (non-ASCII, below U+0800, lowercased):
/// whether `s` is written in the language of the text around it.
pub(crate) fn best_alphabets_hold(context: &str, s: &str) -> bool {
    let ctx = letter_counts(context);
    let own = letter_counts(s);
    let held = |a: &Vec<char>| {
        ctx.iter()
            .filter(|(c, _)| a.binary_search(c).is_ok())
            .count()
    };
    let Some(most) = alphabets().iter().map(held).max() else {
        return true;
    };
    alphabets()
        .iter()
        .filter(|a| held(a) == most)
        .any(|a| own.iter().all(|(c, _)| a.binary_search(c).is_ok()))
}

/// The distinct letters of a text (non-ASCII, below U+0800, lowercased)
/// with their counts.
fn letter_counts(text: &str) -> Vec<(char, usize)> {
    let lower = lower_letters();
    let mut per = [0u32; 0x800];
    let mut counts: Vec<(char, usize)> = Vec::new();
    let mut count = |l: char, counts: &mut Vec<(char, usize)>| match per.get_mut(l as usize) {
        Some(n) => {
            if *n == 0 {
                counts.push((l, 0));
            }
            *n += 1;
        }
        None => match counts.iter_mut().find(|e| e.0 == l) {
            Some(e) => e.1 += 1,
            None => counts.push((l, 1)),
        },
    };
    for c in text
        .chars()
        .filter(|c| !c.is_ascii() && (*c as u32) < 0x800)
    {
        match lower[c as usize] {
            0 => {}
            u16::MAX => c
                .to_lowercase()
                .filter(|l| !l.is_ascii() && l.is_alphabetic())
                .for_each(|l| count(l, &mut counts)),
            l => count(char::from_u32(u32::from(l)).expect("a letter"), &mut counts),
        }
    }
    for e in counts.iter_mut() {
        if let Some(&n) = per.get(e.0 as usize) {
            e.1 = n as usize;
        }
    }
    counts
}

/// Of distinct letters with their counts, how many fall outside the
/// alphabet that has the most of them.
fn outside_best_alphabet(mut counts: Vec<(char, usize)>) -> usize {
    // Letters no language writes (`µ`, `ª`) are symbols here: not counted.
    counts.retain(|&(c, _)| !no_alphabet_has(c));
    if counts.is_empty() {
        return 0;
    }
    let sets = alphabet_sets();
    let mut text = vec![0u64; sets.words];
    for &(c, _) in &counts {
        if let Some(&k) = sets.index.get(c as usize).filter(|&&k| k != u16::MAX) {
            text[usize::from(k) / 64] |= 1 << (k % 64);
        }
    }
    // The alphabet with the most of the letters (the last of equals).
    let mut best = None;
    let mut most = 0;
    for set in sets.sets.chunks_exact(sets.words) {
        let held: u32 = set
            .iter()
            .zip(&text)
            .map(|(a, t)| (a & t).count_ones())
            .sum();
        if best.is_none() || held >= most {
            best = Some(set);
            most = held;
        }
    }
    let Some(best) = best else {
        return 0;
    };
    let has = |c: char| {
        sets.index
            .get(c as usize)
            .filter(|&&k| k != u16::MAX)
            .is_some_and(|&k| best[usize::from(k) / 64] & (1 << (k % 64)) != 0)
    };
    counts.iter().filter(|&&(c, _)| !has(c)).map(|e| e.1).sum()
}

/// The alphabets as bit sets over the letters any of them has.
struct AlphabetSets {
    /// Bit number of each character below U+0800 (`u16::MAX`: none).
    index: &'static [u16; 0x800],
    /// Words per set.
    words: usize,
    /// The sets, alphabet after alphabet.
    sets: &'static [u64],
}

/// [`INDEX`] and [`SETS`], read at compile time.
fn alphabet_sets() -> &'static AlphabetSets {
    static S: AlphabetSets = AlphabetSets {
        index: &INDEX,
        words: WORDS,
        sets: &SETS,
    };
    &S
}

/// Whether `c` is a letter from U+0100 to U+07FF that no training
/// language's alphabet has, in either case (`ſ`, `Ʌ`, `Ȫ`, `Ԏ`): a letter
/// hardly anyone writes, which a reading of mojibake is rarely meant to
/// be.
pub(crate) fn letter_of_no_alphabet(c: char) -> bool {
    c as u32 >= 0x100 && no_alphabet_has(c)
}

/// Whether `c` is a letter below U+0800 that no training language's
/// alphabet has, in either case, or a compatibility form of another letter
/// (the ordinal indicators `ª`, `º`, the micro sign `µ`: signs in use,
/// whatever a declaration's `1ª` made of them): from U+0100
/// [`letter_of_no_alphabet`], below it the Latin-1 letters that are signs.
pub(crate) fn no_alphabet_has(c: char) -> bool {
    let u = c as usize;
    NO_ALPHABET
        .get(u / 64)
        .is_some_and(|w| w & 1 << (u % 64) != 0)
}

/// For each character below U+0800: 0 when it is not a letter, its
/// lowercase when that is one character, `u16::MAX` otherwise (from
/// [`LETTER_FACTS`]).
pub(super) fn lower_letters() -> &'static [u16; 0x800] {
    &LOWER
}

/// `letter_facts.bin`: two facts of every character below U+0800, as
/// [`letter_facts_table`] makes them from the Unicode data of the standard
/// library and of `unicode-normalization` (a test holds the file to them;
/// `cargo run --release --example gen_letter_facts` rewrites it, after a
/// new Rust or `unicode-normalization` changed their Unicode version): its
/// lowercase letter ([`lower_letter_slow`]), 2 bytes a character,
/// little-endian, then whether NFKC changes it, a bit a character (bit
/// `u % 8` of byte `u / 8`). Read at compile time into [`LOWER`] and
/// [`COMPAT`], and [`NO_ALPHABET`] made of them: no process asks `char::is_alphabetic`, `char::to_lowercase`
/// or NFKC about each of the 2,048 characters (about 2 M instructions).
const LETTER_FACTS: &[u8; LETTER_FACTS_BYTES] = include_bytes!("letter_facts.bin");

/// Bytes of [`LETTER_FACTS`].
const LETTER_FACTS_BYTES: usize = 0x800 * 2 + 0x800 / 8;

/// [`lower_letter_slow`] of each character below U+0800, from
/// [`LETTER_FACTS`].
static LOWER: [u16; 0x800] = LOWER_OF;

/// [`LOWER`], for the tables made at compile time.
pub(super) const LOWER_OF: [u16; 0x800] = {
    let mut t = [0; 0x800];
    let mut u = 0;
    while u < 0x800 {
        t[u] = u16::from_le_bytes([LETTER_FACTS[2 * u], LETTER_FACTS[2 * u + 1]]);
        u += 1;
    }
    t
};

/// Whether NFKC changes each character below U+0800 (a bit a character),
/// from [`LETTER_FACTS`], for [`NO_ALPHABET`].
const COMPAT: [u64; 0x800 / 64] = {
    let mut t = [0u64; 0x800 / 64];
    let mut u = 0;
    while u < 0x800 {
        if LETTER_FACTS[0x800 * 2 + u / 8] & 1 << (u % 8) != 0 {
            t[u / 64] |= 1 << (u % 64);
        }
        u += 1;
    }
    t
};

/// The entry of [`LOWER`] for `u`, from the standard library's Unicode
/// data: 0 when it is not a letter, its lowercase when that is one
/// character below U+0800 (and not U+0000), `u16::MAX` otherwise.
fn lower_letter_slow(u: u32) -> u16 {
    let Some(c) = char::from_u32(u).filter(|c| c.is_alphabetic()) else {
        return 0;
    };
    let mut l = c.to_lowercase();
    match (l.next(), l.next()) {
        (Some(one), None) if (one as u32) < 0x800 && one as u32 != 0 => one as u16,
        _ => u16::MAX,
    }
}

/// Whether NFKC changes `u` (for [`COMPAT`]), from `unicode-normalization`.
fn compat_slow(u: u32) -> bool {
    use unicode_normalization::UnicodeNormalization;
    char::from_u32(u).is_some_and(|c| std::iter::once(c).nfkc().ne(std::iter::once(c)))
}

/// The bytes of `letter_facts.bin` (see [`LETTER_FACTS`]), from the
/// sources.
pub(crate) fn letter_facts_table() -> Vec<u8> {
    let mut out = Vec::with_capacity(LETTER_FACTS_BYTES);
    for u in 0..0x800 {
        out.extend_from_slice(&lower_letter_slow(u).to_le_bytes());
    }
    let mut bits = [0u8; 0x800 / 8];
    for u in 0..0x800u32 {
        if compat_slow(u) {
            bits[u as usize / 8] |= 1 << (u % 8);
        }
    }
    out.extend_from_slice(&bits);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`letters_outside_any_alphabet`]'s counting as first written:
    /// sorted inserts, the standard library's case mapping.
    fn letters_outside_slow(text: &str) -> usize {
        let mut counts: Vec<(char, usize)> = Vec::new();
        for c in text
            .chars()
            .filter(|c| !c.is_ascii() && (*c as u32) < 0x800 && c.is_alphabetic())
        {
            for l in c
                .to_lowercase()
                .filter(|l| !l.is_ascii() && l.is_alphabetic())
            {
                match counts.binary_search_by_key(&l, |e| e.0) {
                    Ok(i) => counts[i].1 += 1,
                    Err(i) => counts.insert(i, (l, 1)),
                }
            }
        }
        outside_best_alphabet(counts)
    }

    /// `letter_facts.bin` is what its sources give (else run `cargo run
    /// --release --example gen_letter_facts`), and the tables read from it
    /// at compile time hold the same facts.
    #[test]
    fn letter_facts_are_their_sources() {
        assert!(
            letter_facts_table() == LETTER_FACTS[..],
            "src/model/letter_facts.bin is stale: cargo run --release --example gen_letter_facts"
        );
        for u in 0..0x800u32 {
            assert_eq!(LOWER[u as usize], lower_letter_slow(u), "U+{u:04X}");
            let compat = COMPAT[u as usize / 64] & 1 << (u % 64) != 0;
            assert_eq!(compat, compat_slow(u), "U+{u:04X}");
        }
    }

    /// [`no_alphabet_has`] answers what it did as first written: every
    /// character's lowercase and NFKC asked of the standard library and
    /// `unicode-normalization`, the alphabets searched.
    #[test]
    fn no_alphabet_has_is_as_written() {
        use unicode_normalization::UnicodeNormalization;
        for u in 0..0x900u32 {
            let Some(c) = char::from_u32(u) else { continue };
            let written = (0x80..0x800).contains(&u)
                && c.is_alphabetic()
                && match (c.to_lowercase().next(), c.to_lowercase().nth(1)) {
                    (Some(l), None) if (l as u32) < 0x800 && l as u32 != 0 => {
                        std::iter::once(c).nfkc().ne(std::iter::once(c))
                            || !alphabets().iter().any(|a| a.contains(&l))
                    }
                    _ => false,
                };
            assert_eq!(no_alphabet_has(c), written, "U+{u:04X}");
        }
    }

    #[test]
    fn letters_outside_matches_the_plain_count() {
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/udhr/udhr-heldout.txt"),
        )
        .expect("corpus");
        let mut n = 0;
        for line in text.lines().step_by(5) {
            for enc in [
                encoding_rs::WINDOWS_1252,
                encoding_rs::WINDOWS_1250,
                encoding_rs::IBM866,
                encoding_rs::MACINTOSH,
            ] {
                let bytes = line.as_bytes();
                let read = enc.decode_without_bom_handling(bytes).0;
                for t in [line, &read[..], "İSTANBUL ǅ ΐ"] {
                    assert_eq!(
                        letters_outside_any_alphabet(t),
                        letters_outside_slow(t),
                        "{t:?}"
                    );
                    n += 1;
                }
            }
        }
        assert!(n > 10_000, "{n}");
    }

    proptest::proptest! {
        #![proptest_config(crate::testing::fixed_cases(3000))]

        /// The narrowing test of [`one_alphabet_has_all`] answers what
        /// counting ([`letters_outside_any_alphabet`]) does: letters of
        /// Latin-1, Latin Extended, Greek, Cyrillic and beyond, letters no
        /// alphabet has, and those whose lowercase is two characters (`İ`).
        #[test]
        fn one_alphabet_test_is_the_count(
            s in "[a-zA-Z \\u{C0}-\\u{24F}\\u{370}-\\u{52F}\\u{590}-\\u{7FF}\\u{130}\\u{1E9E}\\u{B5}\\u{AA}]{0,12}"
        ) {
            proptest::prop_assert_eq!(
                one_alphabet_has_all(&s),
                letters_outside_any_alphabet(&s) == 0,
                "{:?}",
                s
            );
        }

        /// The same on pairs of letters that one alphabet or another has.
        #[test]
        fn one_alphabet_test_on_alphabet_letters(a in 0usize..263, b in 0usize..263, i in 0usize..64, j in 0usize..64) {
            let list = alphabets();
            let pick = |k: usize, n: usize| list.get(k % list.len().max(1)).and_then(|x| x.get(n % x.len().max(1))).copied();
            let s: String = [pick(a, i), pick(b, j)].into_iter().flatten().collect();
            proptest::prop_assert_eq!(one_alphabet_has_all(&s), letters_outside_any_alphabet(&s) == 0, "{:?}", s);
        }
    }
}
