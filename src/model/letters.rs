//! What knowing a text's language adds: how often each training
//! language writes each letter (`letters.bin`, see
//! `examples/gen_letters.rs`), and from it what knowing the language
//! adds to the n-gram model's cost of a line ([`language_gain`], for the
//! line decoder) or of a file's letters ([`document_gain_of_counts`],
//! for the byte decoder).
//!
//! Guarantees: each character's letter index and each letter's script
//! are read at compile time, and so are the costs (each letter's row of
//! per-language costs) and their sums (`letter_sums.bin`, written by
//! `examples/gen_letter_sums.rs`), the scripts' log shares included; each
//! question costs a row of per-language costs a distinct letter, no model
//! call.

#[cfg(test)]
use super::alphabets::lower_letters;
use super::SCALE;
#[cfg(test)]
use super::{class, coarse};

/// [`Letters::id`] of a character that lowercases to more than one.
const LOWERCASE_AS_MET: u16 = u16::MAX - 1;

/// Letter frequencies of the training languages (`letters.bin`, see
/// `examples/gen_letters.rs`).
/// Its letters' part is read at compile time ([`ID`], [`GROUP`]).
const LETTERS: &[u8] = include_bytes!("letters.bin");

/// Letters indexed in [`LETTERS`].
const N: usize = u16::from_le_bytes([LETTERS[0], LETTERS[1]]) as usize;

/// Letter `k` of [`LETTERS`], at compile time.
const fn letter_at(k: usize) -> u32 {
    let at = 2 + 4 * k;
    u32::from_le_bytes([
        LETTERS[at],
        LETTERS[at + 1],
        LETTERS[at + 2],
        LETTERS[at + 3],
    ])
}

/// [`Letters::id`], made at compile time: each letter's index, then the
/// capitals read as the letters they lowercase to (those that lowercase
/// to more than one character are lowercased as met).
static ID: [u16; 0x800] = {
    let mut id = [u16::MAX; 0x800];
    let mut k = 0;
    while k < N {
        let c = letter_at(k);
        if c < 0x800 {
            id[c as usize] = k as u16;
        }
        k += 1;
    }
    let lower = super::alphabets::LOWER_OF;
    let mut u = 0;
    while u < 0x800 {
        let l = lower[u];
        if l != 0 && id[u] == u16::MAX {
            id[u] = if l == u16::MAX {
                LOWERCASE_AS_MET
            } else {
                id[l as usize]
            };
        }
        u += 1;
    }
    id
};

/// [`Letters::group`], made at compile time ([`group_below_800`]).
static GROUP: [u8; N] = {
    let mut g = [0; N];
    let mut k = 0;
    while k < N {
        let c = letter_at(k);
        assert!(c < 0x800, "letters.bin: letters below U+0800");
        g[k] = group_below_800(c as usize);
        k += 1;
    }
    g
};

/// The script of the character `u` below U+0800, coarsely (Latin, Greek,
/// Cyrillic, Armenian, Hebrew, Arabic, other), at compile time: the
/// ranges of [`coarse`](super::coarse) that it tells apart, a letter
/// where the lowercase table says so (a test holds the two to each
/// other).
const fn group_below_800(u: usize) -> u8 {
    let letter = super::alphabets::LOWER_OF[u] != 0;
    match u {
        0x41..=0x5A | 0x61..=0x7A => 0,
        0xD7 | 0xF7 => 6,
        0xC0..=0x2AF => 0,
        0x370..=0x3FF if letter => 1,
        0x483..=0x489 => 6,
        0x400..=0x52F if letter => 2,
        0x530..=0x58F => 3,
        0x590..=0x5FF => 4,
        0x600..=0x6FF | 0x750..=0x77F => 5,
        _ => 6,
    }
}

/// [`LETTERS`], unpacked: per language, the cost of every indexed letter.
struct Letters {
    /// Letter index of each character below U+0800, a capital read as
    /// its small letter (`u16::MAX`: none; [`LOWERCASE_AS_MET`]).
    id: &'static [u16; 0x800],
    /// Costs in eighths of a nat (as stored), letter after letter: row `k`
    /// holds letter `k`'s cost in each language, so that a text's cost in
    /// every language is a sum of rows.
    costs: &'static [u8],
    /// Number of languages.
    langs: usize,
    /// Each letter's cost in the languages pooled, each language weighed
    /// alike, among the letters of its script (see [`language_gain`]).
    pooled: &'static [f32],
    /// `ln` of the share of each script's letters in the pool.
    pooled_share_ln: [f32; SCRIPTS],
    /// Row `g`: the share of script `g`'s letters in each language's text
    /// (see [`Letters::script_row`]).
    script_share: &'static [f32],
    /// [`Letters::script_share`] as `ln`s, row after row.
    script_ln: &'static [f32],
    /// Each letter's script, as [`group_below_800`] numbers it.
    group: &'static [u8],
}

impl Letters {
    /// `ln` of the share of script `g`'s letters in each language's text,
    /// to turn a letter's cost into its cost among the letters of its
    /// script.
    fn script_row(&self, g: u8) -> &[f32] {
        let g = usize::from(g);
        &self.script_ln[g * self.langs..(g + 1) * self.langs]
    }
}

/// Scripts [`group_below_800`] tells apart.
const SCRIPTS: usize = 7;

/// The script of a letter below U+0800, coarsely: Latin, Greek,
/// Cyrillic, Armenian, Hebrew, Arabic, other (what [`GROUP`] holds, made
/// by [`group_below_800`]).
#[cfg(test)]
fn script_group(c: char) -> u8 {
    use class::*;
    match coarse(c) {
        GREEK_LOWER | GREEK_UPPER => 1,
        CYRILLIC_LOWER | CYRILLIC_UPPER => 2,
        ARMENIAN => 3,
        HEBREW => 4,
        ARABIC => 5,
        LOWER | UPPER | LATIN_LOWER | LATIN_UPPER => 0,
        _ => 6,
    }
}

fn letters() -> &'static Letters {
    &LETTERS_TABLE
}

/// [`Letters`], made at compile time: nothing to unpack at start-up.
static LETTERS_TABLE: Letters = Letters {
    id: &ID,
    costs: &COSTS,
    langs: LANGS,
    pooled: &POOLED,
    pooled_share_ln: POOLED_SHARE_LN,
    script_share: &SCRIPT_SHARE,
    script_ln: &SCRIPT_LN,
    group: &GROUP,
};

/// A little-endian `u16` of [`LETTERS`], at compile time.
const fn letters_u16(at: usize) -> usize {
    u16::from_le_bytes([LETTERS[at], LETTERS[at + 1]]) as usize
}

/// Languages in [`LETTERS`].
const LANGS: usize = letters_u16(2 + 4 * N);

/// [`Letters::costs`], made at compile time: every row starts as the
/// languages' costs of an unseen letter, then each language's seen
/// letters.
static COSTS: [u8; N * LANGS] = {
    let mut costs = [0u8; N * LANGS];
    let mut at = 2 + 4 * N + 2;
    let mut lang = 0;
    while lang < LANGS {
        let unseen = LETTERS[at];
        let m = letters_u16(at + 1);
        at += 3;
        let mut k = 0;
        while k < N {
            costs[k * LANGS + lang] = unseen;
            k += 1;
        }
        let mut j = 0;
        while j < m {
            costs[letters_u16(at) * LANGS + lang] = LETTERS[at + 2];
            at += 3;
            j += 1;
        }
        lang += 1;
    }
    costs
};

/// `letter_sums.bin`, the floating-point sums of [`LETTERS`] (written by
/// `examples/gen_letter_sums.rs` from [`sums_from_letters`], which a test
/// holds it to): [`Letters::pooled`], [`Letters::pooled_share_ln`],
/// [`Letters::script_share`] and [`Letters::script_ln`], one after the
/// other, four bytes (little-endian) a number.
const SUMS: &[u8] = include_bytes!("letter_sums.bin");

/// The `i`th number of [`SUMS`], at compile time.
const fn sum_at(i: usize) -> f32 {
    let at = 4 * i;
    f32::from_bits(u32::from_le_bytes([
        SUMS[at],
        SUMS[at + 1],
        SUMS[at + 2],
        SUMS[at + 3],
    ]))
}

/// Numbers in [`SUMS`].
const SUMS_LEN: usize = N + SCRIPTS + 2 * SCRIPTS * LANGS;

/// `L` numbers of [`SUMS`] from its `from`th, at compile time.
const fn sums_at<const L: usize>(from: usize) -> [f32; L] {
    assert!(
        SUMS.len() == 4 * SUMS_LEN,
        "letter_sums.bin: the letters' sums"
    );
    let mut out = [0.0; L];
    let mut i = 0;
    while i < L {
        out[i] = sum_at(from + i);
        i += 1;
    }
    out
}

/// [`Letters::pooled`], read from [`SUMS`] at compile time.
static POOLED: [f32; N] = sums_at(0);

/// [`Letters::pooled_share_ln`], read from [`SUMS`] at compile time.
const POOLED_SHARE_LN: [f32; SCRIPTS] = sums_at(N);

/// [`Letters::script_share`], read from [`SUMS`] at compile time.
static SCRIPT_SHARE: [f32; SCRIPTS * LANGS] = sums_at(N + SCRIPTS);

/// [`Letters::script_ln`], read from [`SUMS`] at compile time.
static SCRIPT_LN: [f32; SCRIPTS * LANGS] = sums_at(N + SCRIPTS + SCRIPTS * LANGS);

/// The floating-point part of [`Letters`] from [`LETTERS`] (the contents
/// of `letter_sums.bin`, see [`SUMS`]): the probabilities summed as the
/// languages are read, pooled and per script, each language's unseen
/// letters at once, then its seen ones.
pub(crate) fn sums_from_letters() -> (Vec<f32>, [f32; SCRIPTS], Vec<f32>, Vec<f32>) {
    let u16_at = |b: &[u8], i: usize| usize::from(u16::from_le_bytes([b[i], b[i + 1]]));
    let b = LETTERS;
    let n = u16_at(b, 0);
    let group = &GROUP[..];
    let mut in_script = [0.0f32; SCRIPTS];
    for &g in group {
        in_script[usize::from(g)] += 1.0;
    }
    let mut at = 2 + 4 * n;
    let langs = u16_at(b, at);
    at += 2;
    let probs: Vec<f32> = (0..=255u8).map(|q| (-f32::from(q) / SCALE).exp()).collect();
    let prob = |q: u8| probs[usize::from(q)];
    let mut unseen_sum = 0.0f32;
    let mut pooled = vec![0.0f32; n];
    let mut script_share = vec![0.0f32; SCRIPTS * langs];
    for lang in 0..langs {
        let unseen = b[at];
        let m = u16_at(b, at + 1);
        at += 3;
        unseen_sum += prob(unseen);
        for (g, &count) in in_script.iter().enumerate() {
            script_share[g * langs + lang] = count * prob(unseen);
        }
        for _ in 0..m {
            let (k, q) = (u16_at(b, at), b[at + 2]);
            pooled[k] += prob(q) - prob(unseen);
            script_share[usize::from(group[k]) * langs + lang] += prob(q) - prob(unseen);
            at += 3;
        }
    }
    for p in pooled.iter_mut() {
        *p = (*p + unseen_sum) / langs.max(1) as f32;
    }
    let mut pooled_share = [0.0f32; SCRIPTS];
    for (k, p) in pooled.iter().enumerate() {
        pooled_share[usize::from(group[k])] += p;
    }
    for (k, p) in pooled.iter_mut().enumerate() {
        *p = -(*p / pooled_share[usize::from(group[k])]).ln();
    }
    let script_ln = script_share.iter().map(|x| x.ln()).collect();
    (pooled, pooled_share.map(f32::ln), script_share, script_ln)
}

/// The contents of `letter_sums.bin` ([`SUMS`]), from [`LETTERS`].
pub(crate) fn letter_sums_table() -> Vec<u8> {
    let (pooled, share_ln, script_share, script_ln) = sums_from_letters();
    pooled
        .iter()
        .chain(&share_ln)
        .chain(&script_share)
        .chain(&script_ln)
        .flat_map(|x| x.to_bits().to_le_bytes())
        .collect()
}

/// The indexed letters of `text`, lowercased, each with how often it
/// occurs, in order of first occurrence.
fn indexed_letters(l: &Letters, text: &str) -> Vec<(usize, u32)> {
    indexed_counts(l, text.chars().map(|c| (c, 1)))
}

/// [`indexed_letters`] of a text given as characters with how often each
/// occurs.
/// (Where each letter is in the counts is kept in a table a thread at a
/// time, its entries stamped with the call that wrote them: a call clears
/// nothing, and asks no allocation but the counts'.)
fn indexed_counts(l: &Letters, chars: impl IntoIterator<Item = (char, u32)>) -> Vec<(usize, u32)> {
    thread_local! {
        /// The stamp of the last call, and per letter the stamp of the
        /// call that met it last with its place in that call's counts.
        static SEEN: std::cell::RefCell<(u32, [(u32, u32); N])> =
            const { std::cell::RefCell::new((0, [(0, 0); N])) };
    }
    debug_assert_eq!(l.pooled.len(), N);
    SEEN.with(|seen| {
        let (stamp, seen) = &mut *seen.borrow_mut();
        *stamp = stamp.wrapping_add(1);
        if *stamp == 0 {
            // (Once in 2^32 calls the stamps come round: the table starts
            // again.)
            *seen = [(0, 0); N];
            *stamp = 1;
        }
        let stamp = *stamp;
        let mut counts: Vec<(usize, u32)> = Vec::with_capacity(16);
        for (c, n) in chars {
            if n == 0 {
                continue;
            }
            each_letter(l, c, |k| match seen[k] {
                (s, at) if s == stamp => counts[at as usize].1 += n,
                _ => {
                    seen[k] = (stamp, counts.len() as u32);
                    counts.push((k, n));
                }
            });
        }
        counts
    })
}

/// The letter index of each letter `c` is read as (lowercased; none for a
/// character the table has no letter for).
fn each_letter(l: &Letters, c: char, mut f: impl FnMut(usize)) {
    let mut count = |k: u16| {
        if k < LOWERCASE_AS_MET {
            f(usize::from(k));
        }
    };
    match l.id.get(c as usize) {
        Some(&LOWERCASE_AS_MET) | None => c
            .to_lowercase()
            .filter_map(|lc| l.id.get(lc as usize))
            .for_each(|&k| count(k)),
        Some(&k) => count(k),
    }
}

/// The least, over the languages, of the cost of `counts` (letters with
/// how often each occurs), in nats: rows of [`Letters::costs`] summed;
/// with `script`, each letter's cost among the letters of that script.
fn least_sum(l: &Letters, counts: &[(usize, u32)], script: Option<u8>) -> f32 {
    least(&sums(l, counts, script))
}

/// The least of `sums` ([`sums`]), eight lanes at a time, which the
/// compiler makes vector instructions of: the same number as folding them
/// with `f32::min` in order, since no sum is NaN or -0.0 (each starts at
/// 0.0 and adds finite costs, and a script's share, whose `ln` is at
/// most 0.0, times a count of at least one), and the least of such
/// numbers is one number, found in any order.
fn least(sums: &[f32]) -> f32 {
    debug_assert!(sums
        .iter()
        .all(|s| !s.is_nan() && s.to_bits() != (-0.0f32).to_bits()));
    let mut lanes = [f32::INFINITY; 8];
    let mut chunks = sums.chunks_exact(8);
    for chunk in &mut chunks {
        for (m, &x) in lanes.iter_mut().zip(chunk) {
            *m = m.min(x);
        }
    }
    let rest = chunks
        .remainder()
        .iter()
        .copied()
        .fold(f32::INFINITY, f32::min);
    lanes.into_iter().fold(rest, f32::min)
}

/// The cost of `counts` in each language (see [`least_sum`]).
fn sums(l: &Letters, counts: &[(usize, u32)], script: Option<u8>) -> Vec<f32> {
    let mut sums = vec![0.0f32; l.langs];
    if let Some(g) = script {
        let row = l.script_row(g);
        let n = counts.iter().map(|&(_, n)| n).sum::<u32>() as f32;
        for (s, &c) in sums.iter_mut().zip(row) {
            *s += c * n;
        }
    }
    for &(k, n) in counts {
        let row = &l.costs[k * l.langs..(k + 1) * l.langs];
        if n == 1 {
            // (A letter met once: its cost times one is its cost, the
            // same number without the multiplication.)
            for (s, &c) in sums.iter_mut().zip(row) {
                *s += f32::from(c) / SCALE;
            }
        } else {
            let n = n as f32;
            for (s, &c) in sums.iter_mut().zip(row) {
                *s += f32::from(c) / SCALE * n;
            }
        }
    }
    sums
}

/// How much more probable the letters of `text` are in the one language
/// that writes them best than in all languages pooled, in nats: what
/// knowing the text's language adds to the n-gram model, which sees three
/// characters back and pools all languages (`mladý` in a Czech line is
/// Czech, though `ladı` is commoner than `ladý` in the pool).
///
/// - The letters of each script find their language apart: a line of
///   Russian quotes Latin words (`использовать -mfpu=softfpa`), and no
///   language writes both.
/// - Each letter is weighed among the letters of its script, in the
///   language and in the pool alike: the n-gram model knows already that
///   Cyrillic follows Cyrillic; what the language adds is which Cyrillic.
/// - The pool is one of the stories: text that no one language writes
///   better (a list of letters, names from many languages) gains 0.
pub(crate) fn language_gain(text: &str) -> f32 {
    let l = letters();
    scripts_gain(l, indexed_letters(l, text))
}

/// What knowing a document's language adds, for a document given as its
/// characters with how often each occurs (the letters are weighed one by
/// one, in any order): as [`language_gain`], but one language writes all
/// its letters, whatever their scripts, against the pool's cost of each
/// among all letters; with `script`, a language that writes mostly that
/// script ([`script_of`]). A file is saved in one encoding for one
/// language: a Cyrillic letter in an English file (`45kА`, `€` read
/// through IBM866) costs what English makes of it, and a file read
/// through a Cyrillic codepage is in a language written in Cyrillic, which
/// an English file read so pays for in all its letters; where a line may
/// quote another script freely.
pub(crate) fn document_gain_of_counts(
    chars: impl IntoIterator<Item = (char, u32)>,
    script: Option<u8>,
) -> f32 {
    let l = letters();
    let counts = indexed_counts(l, chars);
    let pooled: f32 = counts
        .iter()
        .map(|&(k, n)| (l.pooled[k] - l.pooled_share_ln[usize::from(l.group[k])]) * n as f32)
        .sum();
    let writes =
        |lang: usize| script.is_none_or(|g| l.script_share[usize::from(g) * l.langs + lang] >= 0.5);
    let best = sums(l, &counts, None)
        .into_iter()
        .enumerate()
        .filter(|&(lang, _)| writes(lang))
        .map(|(_, c)| c)
        .fold(f32::INFINITY, f32::min);
    pooled - best
}

/// The script of the letter `c` as the letters' model groups them (0
/// Latin, 1 Greek, 2 Cyrillic, 3 Armenian, 4 Hebrew, 5 Arabic, 6 other),
/// if the model has the letter.
pub(crate) fn script_of(c: char) -> Option<u8> {
    let l = letters();
    let mut g = None;
    each_letter(l, c, |k| g = Some(l.group[k]));
    g
}

/// What knowing the language of each script adds for `counts` (letters
/// with how often each occurs): the pool's cost less each script's best
/// language's, never below 0.
fn scripts_gain(l: &Letters, mut counts: Vec<(usize, u32)>) -> f32 {
    let pooled: f32 = counts.iter().map(|&(k, n)| l.pooled[k] * n as f32).sum();
    counts.sort_by_key(|&(k, _)| l.group[k]);
    let best: f32 = counts
        .chunk_by(|a, b| l.group[a.0] == l.group[b.0])
        .map(|script| least_sum(l, script, Some(l.group[script[0].0])))
        .sum();
    (pooled - best).max(0.0)
}

/// [`language_gain`] with the Latin letters weighed with the letter before
/// them ([`super::bigrams`]), their language one of `latin` (tables of
/// [`super::bigrams::languages`]; `None`: any), the other scripts' letters
/// one by one. Where two stories of a line differ only in which Latin
/// letters it has (a coherent line read letter for letter through a legacy
/// codepage), the letters' frequencies hardly tell them apart and which
/// letter follows which does: `kljuèe` is no Slovene, `ključe` is, and
/// the languages the path's encoding saves are the only ones its reading
/// can be in.
pub(crate) fn language_gain_by_pairs(text: &str, latin: Option<&[u16]>) -> f32 {
    other_scripts_gain(text) + super::bigrams::language_gain(text, latin)
}

/// Whether [`language_gain_by_pairs`]`(text, None)` is at most `limit`
/// (the same sums, the Latin letters' given up as soon as the answer is
/// known).
pub(crate) fn language_gain_by_pairs_at_most(text: &str, limit: f32) -> bool {
    super::bigrams::language_gain_at_most(text, limit - other_scripts_gain(text))
}

/// [`language_gain`] of the letters of `text` that are not Latin, each
/// script's language found apart.
pub(crate) fn other_scripts_gain(text: &str) -> f32 {
    let l = letters();
    let mut counts = indexed_letters(l, text);
    counts.retain(|&(k, _)| l.group[k] != 0);
    scripts_gain(l, counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The least of a text's sums, eight lanes at a time, is the least
    /// folded in order, bit for bit, in every script.
    #[test]
    fn least_is_the_fold() {
        let l = letters();
        for text in [
            "",
            "Příliš žluťoučký kůň",
            "Съешь же ещё этих",
            "Ξεσκεπάζω",
            "a",
            "ǅemal ß İ",
        ] {
            let counts = indexed_letters(l, text);
            for script in [None, Some(0), Some(1), Some(2), Some(6)] {
                let sums = sums(l, &counts, script);
                let folded = sums.iter().copied().fold(f32::INFINITY, f32::min);
                assert_eq!(
                    least(&sums).to_bits(),
                    folded.to_bits(),
                    "{text} {script:?}"
                );
                assert!(sums
                    .iter()
                    .all(|s| !s.is_nan() && s.to_bits() != (-0.0f32).to_bits()));
            }
        }
    }

    /// The counts kept with stamped places are the plain count, letter
    /// by letter in order of first occurrence, call after call.
    #[test]
    fn indexed_counts_are_the_plain_count() {
        let l = letters();
        let texts = [
            "",
            "Příliš žluťoučký kůň",
            "ΑΒΓ αβγ abc ΑΒΓ",
            "İstanbul ǅ ß",
            "aaaa",
            "съешь ещё",
        ];
        for text in texts.iter().chain(&texts).chain(texts.iter().rev()) {
            let mut plain: Vec<(usize, u32)> = Vec::new();
            for c in text.chars() {
                each_letter(l, c, |k| match plain.iter_mut().find(|e| e.0 == k) {
                    Some(e) => e.1 += 1,
                    None => plain.push((k, 1)),
                });
            }
            assert_eq!(indexed_letters(l, text), plain, "{text}");
        }
    }

    /// The letters' scripts and indexes made at compile time are those
    /// the letters table and [`coarse`] give.
    #[test]
    fn compile_time_tables_are_the_letters() {
        for u in 0..0x800u32 {
            let c = char::from_u32(u).expect("below U+0800");
            assert_eq!(group_below_800(u as usize), script_group(c), "U+{u:04X}");
        }
        let mut id = [u16::MAX; 0x800];
        for (k, &g) in GROUP.iter().enumerate() {
            let c = letter_at(k);
            if let Some(slot) = id.get_mut(c as usize) {
                *slot = k as u16;
            }
            assert_eq!(g, char::from_u32(c).map_or(0, script_group));
        }
        for (u, &lower) in lower_letters().iter().enumerate() {
            match lower {
                0 => {}
                _ if id[u] != u16::MAX => {}
                u16::MAX => id[u] = LOWERCASE_AS_MET,
                lower => id[u] = id[usize::from(lower)],
            }
        }
        assert_eq!(id, ID);
    }

    /// The costs made at compile time are the letters table unpacked, and
    /// `letter_sums.bin` is what [`sums_from_letters`] makes of it, bit for
    /// bit (else `cargo run --release --example gen_letter_sums`).
    #[test]
    fn compile_time_sums_are_the_letters() {
        assert!(
            SUMS == letter_sums_table().as_slice(),
            "src/model/letter_sums.bin is stale: cargo run --release --example gen_letter_sums"
        );
        let (pooled, share_ln, script_share, script_ln) = sums_from_letters();
        let bits = |x: &[f32]| x.iter().map(|x| x.to_bits()).collect::<Vec<u32>>();
        let l = letters();
        assert_eq!(bits(l.pooled), bits(&pooled));
        assert_eq!(bits(&l.pooled_share_ln), bits(&share_ln));
        assert_eq!(bits(l.script_share), bits(&script_share));
        assert_eq!(bits(l.script_ln), bits(&script_ln));
        let mut costs = Vec::new();
        let mut at = 2 + 4 * N + 2;
        let mut columns = Vec::new();
        for _ in 0..LANGS {
            let m = letters_u16(at + 1);
            let mut column = vec![LETTERS[at]; N];
            at += 3;
            for _ in 0..m {
                column[letters_u16(at)] = LETTERS[at + 2];
                at += 3;
            }
            columns.push(column);
        }
        assert_eq!(at, LETTERS.len());
        for k in 0..N {
            costs.extend(columns.iter().map(|c| c[k]));
        }
        assert_eq!(l.costs, costs.as_slice());
    }

    /// What a letter-for-letter reading can gain by pairs over the line is
    /// bounded by its changed letter pairs, whatever other scripts the
    /// line has (their letters are the same in both).
    #[test]
    fn the_pairs_bound_holds_beside_other_scripts() {
        let read = |c: char| match c {
            'è' => 'č',
            'ù' => 'ů',
            'à' => 'ŕ',
            'ý' => 'ı',
            c => c,
        };
        let czech = super::super::bigrams::languages(&["cs", "sk", "sl"]);
        for text in [
            "Ponastavi vse kljuèe na privzete vrednosti",
            "Nešlo mmapovat %llu bajtù",
            "à la carte, très bien",
            "Eðer TRUE ise, kullanýcýlar",
            "Привет, èù",
            "è",
            "abc",
        ] {
            let after: String = text.chars().map(read).collect();
            for langs in [None, Some(&czech[..])] {
                let change =
                    language_gain_by_pairs(&after, langs) - language_gain_by_pairs(text, None);
                let bound = super::super::bigrams::gain_change_bound(text, &read, langs);
                assert!(bound + 0.01 >= change, "{text}: {bound} < {change}");
            }
        }
    }

    #[test]
    fn knowing_the_language_weighs_its_letters() {
        // The pooled n-gram model finds `ladı` commoner than `ladý`; the
        // line's language says that `ý` goes with the rest of it (Turkish
        // writes `ı` often: the garbled line gains too, less).
        let czech = "Starý ukazuje, jaký byl mladý.";
        let garbled = "Starı ukazuje, jakı byl mladı.";
        assert!(language_gain(czech) > language_gain(garbled) + 4.0);
        // Each script finds its language apart: the Latin words of a line
        // of Russian take nothing from what its Russian gains.
        let russian = "использовать или";
        let mixed = "использовать -mfpu=softfpa или -mfpu=softvfp";
        assert!(language_gain(mixed) >= language_gain(russian));
        // Text without letters gains nothing.
        assert_eq!(language_gain("1234 !? — €"), 0.0);
    }
}
