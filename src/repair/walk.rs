//! The scan's walks: over a stretch of one script (letters of its script,
//! ASCII, marks that keep it NFC) a byte-sized table lookup a character,
//! plain two-byte letters a chunk at a time, runs of plain Latin
//! characters ([`plain_latin`]) a table lookup each (and the quiet ones
//! from U+3000 on, [`far_quiet`], a few lookups each), runs of CJK
//! characters a bitset test each; and the tables they walk on, unpacked
//! at compile time (the CJK sets, each script's plain ranges) from tables
//! generated into `scan/` (`examples/gen_scan.rs`).
//!
//! Guarantees: a walk stops at every character that may start mojibake or
//! change under NFC, so what it passes over needs nothing; the tables are
//! those of [`CharInfo`], only packed.

use super::*;

/// The characters a walk inside a run of CJK characters goes on through,
/// as bitsets over the BMP.
pub(super) struct CjkWalk {
    /// CJK-like characters other than U+3000 (the one space among them)
    /// that (when `nfc`) NFC leaves alone. Han and Hangul syllables are all
    /// of them.
    pub(super) walkable: [u64; 1024],
    /// Those of them that start no UTF-8 sequence in any CJK codepage
    /// ([`codec::cjk_starts`] is 0): after a space, not a start either.
    pub(super) quiet: [u64; 1024],
}

impl CjkWalk {
    #[inline(always)]
    pub(super) fn has(set: &[u64; 1024], u: usize) -> bool {
        set[u >> 6] & (1 << (u & 63)) != 0
    }
}

/// [`CjkWalk`] for a scan that looks at NFC, or not: both unpacked from
/// `scan/cjk_walk.bin` (see [`cjk_walk_table`]) at compile time.
#[inline(always)]
pub(super) fn cjk_walk(nfc: bool) -> &'static CjkWalk {
    &CJK_WALK[usize::from(nfc)]
}

/// [`cjk_walk`]'s two sets, without NFC and with it.
static CJK_WALK: [CjkWalk; 2] = {
    const PACKED: &[u8] = include_bytes!("scan/cjk_walk.bin");
    let mut sets = [[0u64; 1024]; 3];
    let mut at = 0;
    let mut s = 0;
    while s < 3 {
        let mut k = 0;
        while k < 1024 {
            let run = u16::from_le_bytes([PACKED[at], PACKED[at + 1]]) as usize;
            let word = u64::from_le_bytes([
                PACKED[at + 2],
                PACKED[at + 3],
                PACKED[at + 4],
                PACKED[at + 5],
                PACKED[at + 6],
                PACKED[at + 7],
                PACKED[at + 8],
                PACKED[at + 9],
            ]);
            let mut r = 0;
            while r < run {
                sets[s][k + r] = word;
                r += 1;
            }
            k += run;
            at += 10;
        }
        s += 1;
    }
    assert!(at == PACKED.len(), "scan/cjk_walk.bin");
    let [walkable, walkable_nfc, quiet] = sets;
    let mut quiet_nfc = quiet;
    let mut k = 0;
    while k < 1024 {
        quiet_nfc[k] &= walkable_nfc[k];
        k += 1;
    }
    [
        CjkWalk { walkable, quiet },
        CjkWalk {
            walkable: walkable_nfc,
            quiet: quiet_nfc,
        },
    ]
};

/// Walks on, after a CJK-like character that ends at `i`, through the
/// rest of its run (inside which only the first character can start
/// mojibake) that NFC leaves alone (when `nfc`), and, where no stretch is
/// open (`none_open`), through a space before a word whose first
/// character starts nothing in any CJK codepage. Gives where the scan goes
/// on, and the start of the character before that (`prev_start` where it
/// walked through none).
#[inline(always)]
pub(super) fn pass_cjk_run(
    bytes: &[u8],
    mut i: usize,
    mut prev_start: usize,
    nfc: bool,
    none_open: bool,
) -> (usize, usize) {
    // (CJK-like characters are all three bytes long.)
    let walk = cjk_walk(nfc);
    let code = cjk_code;
    while let Some(b) = bytes.get(i..i + 3) {
        if (0xE3..=0xEF).contains(&b[0]) {
            if !CjkWalk::has(&walk.walkable, code(b)) {
                break;
            }
            prev_start = i;
            i += 3;
        } else if b[0] == b' '
            && none_open
            && bytes.get(i + 1..i + 4).is_some_and(|n| {
                (0xE3..=0xEF).contains(&n[0]) && CjkWalk::has(&walk.quiet, code(n))
            })
        {
            // A space, then a word whose first character starts
            // nothing in any CJK codepage (the usual Korean word):
            // what the full loop would find, without leaving.
            prev_start = i + 1;
            i += 4;
        } else {
            break;
        }
    }
    (i, prev_start)
}

/// The code point of the three-byte character whose bytes start `b`.
#[inline(always)]
fn cjk_code(b: &[u8]) -> usize {
    (usize::from(b[0] & 0x0F) << 12) | (usize::from(b[1] & 0x3F) << 6) | usize::from(b[2] & 0x3F)
}

/// Whether the character at `i` is a CJK-like one that starts nothing in
/// any CJK codepage and (when `nfc`) that NFC leaves alone ([`CjkWalk`]'s
/// quiet set): where no stretch is open, the scan's steps for it come to
/// walking on through its run ([`pass_cjk_run`]).
#[inline(always)]
pub(super) fn quiet_cjk(bytes: &[u8], i: usize, nfc: bool) -> bool {
    bytes.get(i..i + 3).is_some_and(|b| {
        (0xE3..=0xEF).contains(&b[0]) && CjkWalk::has(&cjk_walk(nfc).quiet, cjk_code(b))
    })
}

/// [`cjk_walk`] from its sources, for a scan that looks at NFC, or not:
/// every CJK-like character's bytes in the CJK codepages, and NFC.
fn cjk_walk_from_sources(nfc: bool) -> CjkWalk {
    let mut t = CjkWalk {
        walkable: [0; 1024],
        quiet: [0; 1024],
    };
    for u in 0..0x1_0000u32 {
        let Some(c) = char::from_u32(u) else { continue };
        if !is_cjk_like(c) || c == '\u{3000}' || (nfc && !crate::nfc::trivial(c)) {
            continue;
        }
        t.walkable[u as usize >> 6] |= 1 << (u & 63);
        if codec::cjk_starts(c) == 0 {
            t.quiet[u as usize >> 6] |= 1 << (u & 63);
        }
    }
    t
}

/// The bytes of `scan/cjk_walk.bin` (written by `cargo run --release
/// --example gen_scan`; a test holds it to the sources): the walkable
/// set without NFC, the walkable set with NFC, and the quiet set without
/// NFC (with NFC it is that and the walkable set with NFC), each as runs
/// of equal 64-bit words, a run a `u16` count and its word (little-endian).
pub(crate) fn cjk_walk_table() -> Vec<u8> {
    let (plain, nfc) = (cjk_walk_from_sources(false), cjk_walk_from_sources(true));
    let mut out = Vec::new();
    for set in [&plain.walkable, &nfc.walkable, &plain.quiet] {
        for run in set.chunk_by(|a, b| a == b) {
            out.extend_from_slice(&u16::try_from(run.len()).expect("runs").to_le_bytes());
            out.extend_from_slice(&run[0].to_le_bytes());
        }
    }
    out
}

/// Passes, from the character at `i` that `passes` passes (`len` bytes
/// long; [`plain_latin`], [`far_quiet`]), every such character after it
/// with only ASCII between them: what the steps of [`scan_with_marks`]
/// come to for each (it ends no stretch and starts none, is not walked,
/// and is no start; with no stretch open and nothing found, the ASCII
/// before it changes nothing either). Gives where the scan goes on, and
/// the start of the character before that.
#[inline(always)]
pub(super) fn pass_quiet(
    bytes: &[u8],
    mut i: usize,
    mut len: usize,
    passes: impl Fn(usize) -> Option<usize>,
) -> (usize, usize) {
    let mut prev_start;
    loop {
        prev_start = i;
        i += len;
        match bytes.get(i) {
            Some(&b) if b >= 0x80 => {}
            Some(_) => match next_non_ascii(&bytes[i..]) {
                Some(off) => {
                    prev_start = i + off - 1;
                    i += off;
                }
                None => break,
            },
            None => break,
        }
        match passes(i) {
            Some(l) => len = l,
            None => break,
        }
    }
    (i, prev_start)
}

/// Where a walk over a stretch of one script ended.
pub(super) struct Walked {
    /// The byte that ended it.
    pub(super) end: usize,
    /// The start of its last character that NFC leaves alone.
    pub(super) seg: usize,
    /// It ended at a non-ASCII character that the letters before it wait
    /// on (see [`only_own_script`]).
    pub(super) waits: bool,
}

/// Walks the stretch of one script that starts with `c` (its
/// [`CharInfo`] `ci0`, NFC-trivial) at `i`: on through letters of its
/// script, ASCII, and characters of other scripts that no codepage reads
/// as a lead where no lead waits on them (a lead waits on the three
/// characters after it, up to ASCII other than a space), and (when `nfc`)
/// through marks that surely keep the text NFC; up to a letter of another
/// script that NFC leaves alone, which starts a stretch of its own. A
/// byte-sized table lookup a character.
#[inline(never)]
pub(super) fn walk_stretch(
    ct: &CharTables,
    bytes: &[u8],
    i: usize,
    c: char,
    len: usize,
    ci0: CharInfo,
    nfc: bool,
) -> Walked {
    // The last character NFC leaves alone (as a code point), and the
    // combining class of the marks after it (`u8::MAX`: none since).
    let mut seg = i;
    let mut before = c as u32;
    let mut last_ccc = u8::MAX;
    let mut since_lead: u32 = if ci0.lead != 0 { 0 } else { 3 };
    let want = ci0.script | WALK_TRIVIAL;
    let mut j = i + len;
    let end = |j, seg, waits| Walked { end: j, seg, waits };
    // Chunks of ASCII and the script's common two-byte letters are skipped
    // whole (`plain_chunks`); after a chunk that is not, the walk goes a
    // character at a time to its end before trying again.
    let ranges = plain_ranges(ci0.script);
    let mut retry = if ranges.is_empty() { usize::MAX } else { j };
    loop {
        if j >= retry {
            let to = plain_chunks(bytes, j, ranges);
            if to > j {
                // Back to the start of the character the last chunk cut,
                // and the state after the one before it: NFC leaves it
                // alone; a lead may wait on what follows (the walk's
                // closer look then decides).
                let (e, p, u) = chunk_cut(bytes, to);
                seg = p;
                before = u;
                last_ccc = u8::MAX;
                since_lead = 0;
                j = e;
            }
            retry = j + PLAIN_CHUNK;
        }
        let Some(&b) = bytes.get(j) else {
            return end(j, seg, false);
        };
        if b < 0x80 {
            if b == b' ' {
                since_lead += 1;
                seg = j;
                j += 1;
            } else {
                // A Latin letter glued to the letters before it: they are
                // in a Latin word, where their script is no evidence; the
                // leads among them take the full test.
                if b.is_ascii_alphabetic() && bytes[j - 1] >= 0x80 && since_lead < 3 {
                    return end(j, seg, true);
                }
                // Other ASCII ends every sequence before it (no lead waits
                // past it) and starts none: on to the next non-ASCII.
                since_lead = 3;
                j = ascii_run_end(bytes, j);
                seg = j - 1;
                if bytes[seg].is_ascii_alphabetic() && j < bytes.len() {
                    // And one glued after a Latin letter: the scan tests it.
                    return end(j, seg, false);
                }
            }
            before = u32::from(bytes[seg]);
            last_ccc = u8::MAX;
            continue;
        }
        let (u, len2) = code_short(bytes, j, b);
        let Some(&w) = ct.walk.get(u as usize) else {
            return end(j, seg, true);
        };
        let lead = w & WALK_LEAD != 0;
        if w & !WALK_LEAD == want {
            // The common case: a letter of the script, NFC-trivial.
            seg = j;
            before = u;
            last_ccc = u8::MAX;
            since_lead = if lead { 0 } else { since_lead + 1 };
            j += len2;
            if len2 == 3 {
                // The scripts from U+0800 on have no chunks: their letters
                // and the spaces between them go in a loop of their own.
                j = walk_three_byte_letters(
                    ct,
                    bytes,
                    j,
                    want,
                    &mut seg,
                    &mut before,
                    &mut since_lead,
                );
            }
            continue;
        }
        // Another script's character: only where no lead waits on it, and
        // never a lead itself.
        let own = w & !(WALK_LEAD | WALK_TRIVIAL) == ci0.script;
        if !own && (lead || since_lead < 3) {
            return end(j, seg, true);
        }
        if !own && w & !(WALK_LEAD | WALK_TRIVIAL) != 0 && w & WALK_TRIVIAL != 0 {
            // A letter of another script that NFC leaves alone (a line of
            // it after this one's): nothing waits on it, and its own walk
            // goes on through its letters at the pace of this one's.
            return end(j, seg, false);
        }
        if w & WALK_TRIVIAL != 0 {
            seg = j;
            before = u;
            last_ccc = u8::MAX;
        } else if nfc {
            let prev = (last_ccc == u8::MAX)
                .then(|| char::from_u32(before))
                .flatten();
            let step = char::from_u32(u).and_then(|c2| {
                crate::nfc::step(prev, if last_ccc == u8::MAX { 0 } else { last_ccc }, c2)
            });
            match step {
                Some(ccc) => last_ccc = ccc,
                None => return end(j, seg, true),
            }
        }
        since_lead = if lead { 0 } else { since_lead + 1 };
        j += len2;
    }
}

/// Where [`walk_stretch`] goes on after a chunk of [`plain_chunks`] that
/// ends at `to` (inside a character, or after one): the start of the
/// character the chunk cut, `e`, and the start of the one before it, `p`,
/// with its code point (`bytes[to - 1]` is not ASCII or is the byte before
/// a character).
#[inline(always)]
fn chunk_cut(bytes: &[u8], to: usize) -> (usize, usize, u32) {
    let mut e = to;
    while bytes[e] & 0xC0 == 0x80 {
        e -= 1;
    }
    let mut p = e - 1;
    while bytes[p] & 0xC0 == 0x80 {
        p -= 1;
    }
    let before = match bytes[p] {
        b @ 0..0x80 => u32::from(b),
        b => code_short(bytes, p, b).0,
    };
    (e, p, before)
}

/// The end of the run of ASCII that starts at `j` (its first byte, ASCII,
/// is taken as read): a byte at a time for the first 16, then a word at a
/// time.
#[inline(always)]
fn ascii_run_end(bytes: &[u8], mut j: usize) -> usize {
    let from = j;
    j += 1;
    while bytes.get(j).is_some_and(|&b| b < 0x80) {
        j += 1;
        if j - from == 16 {
            // A long stretch: a word at a time.
            j += next_non_ascii(&bytes[j..]).unwrap_or(bytes.len() - j);
            break;
        }
    }
    j
}

/// [`walk_stretch`]'s loop for the scripts from U+0800 on, which have no
/// chunks: from `j` on through the script's three-byte letters that NFC
/// leaves alone (`want`) and the spaces between them, each as the walk's
/// common case takes it (updating the last character NFC leaves alone,
/// `seg` and `before`, and the characters since a lead, `since_lead`).
/// Gives where it stopped: at anything else.
#[inline(always)]
fn walk_three_byte_letters(
    ct: &CharTables,
    bytes: &[u8],
    mut j: usize,
    want: u8,
    seg: &mut usize,
    before: &mut u32,
    since_lead: &mut u32,
) -> usize {
    // (Kept in locals, each byte read by index where the loop's test
    // proves it there: the loop is the walk's busiest.)
    let (mut s, mut bf, mut since) = (*seg, *before, *since_lead);
    while j + 3 <= bytes.len() {
        let x = bytes[j];
        if x == b' ' {
            since += 1;
            s = j;
            bf = u32::from(x);
            j += 1;
            continue;
        }
        if x & 0xF0 != 0xE0 {
            break;
        }
        let u = (u32::from(x & 0x0F) << 12)
            | (u32::from(bytes[j + 1] & 0x3F) << 6)
            | u32::from(bytes[j + 2] & 0x3F);
        match ct.walk.get(u as usize) {
            Some(&w) if w & !WALK_LEAD == want => {
                s = j;
                bf = u;
                since = if w & WALK_LEAD != 0 { 0 } else { since + 1 };
                j += 3;
            }
            _ => break,
        }
    }
    (*seg, *before, *since_lead) = (s, bf, since);
    j
}

/// Bytes [`plain_chunks`] checks at a time.
pub(super) const PLAIN_CHUNK: usize = 32;
/// Ranges of a script's letters [`plain_chunks`] knows.
pub(super) const PLAIN_RANGES: usize = 4;

/// Up to [`PLAIN_RANGES`] ranges of two-byte code points, the longest runs
/// of a script's letters that NFC leaves alone, for [`plain_chunks`]; none
/// for a script without such letters.
pub(super) fn plain_ranges(script: u8) -> &'static [(i16, i16)] {
    let (ranges, n) = &PLAIN_RANGES_OF[usize::from(script & 63)];
    &ranges[..usize::from(*n)]
}

/// [`plain_ranges`] of every script, made at compile time from the walk
/// entries: each script's runs of letters below U+0800 that NFC leaves
/// alone, the longest first (the earlier of two as long first), at most
/// [`PLAIN_RANGES`] of them, and how many.
static PLAIN_RANGES_OF: [([(i16, i16); PLAIN_RANGES], u8); 64] = {
    let walk = &char_tables().walk;
    let mut out = [([(0i16, 0i16); PLAIN_RANGES], 0u8); 64];
    let mut script = 1;
    while script < 64 {
        let want = script as u8 | WALK_TRIVIAL;
        let mut runs = [(0i16, 0i16); 0x400];
        let mut count = 0;
        let mut u = 0x80;
        while u < 0x800 {
            if walk[u] & !WALK_LEAD != want {
                u += 1;
                continue;
            }
            let lo = u;
            while u < 0x800 && walk[u] & !WALK_LEAD == want {
                u += 1;
            }
            runs[count] = (lo as i16, (u - 1) as i16);
            count += 1;
        }
        // (A stable sort by length, longest first, cut to its first ones.)
        let mut taken = [false; 0x400];
        let mut r = 0;
        while r < PLAIN_RANGES && r < count {
            let mut best = usize::MAX;
            let mut i = 0;
            while i < count {
                if !taken[i]
                    && (best == usize::MAX || runs[i].1 - runs[i].0 > runs[best].1 - runs[best].0)
                {
                    best = i;
                }
                i += 1;
            }
            taken[best] = true;
            out[script].0[r] = runs[best];
            r += 1;
        }
        out[script].1 = r as u8;
        script += 1;
    }
    out
};

/// [`plain_ranges`] as it was made at run time, on first use.
#[cfg(test)]
fn plain_ranges_at_run_time(script: u8) -> Vec<(i16, i16)> {
    if script == 0 {
        return Vec::new();
    }
    let walk = |u: usize| walk_at(u).expect("below U+3000");
    let want = script | WALK_TRIVIAL;
    let mut runs: Vec<(i16, i16)> = Vec::new();
    let mut u = 0x80;
    while u < 0x800 {
        if walk(u) & !WALK_LEAD != want {
            u += 1;
            continue;
        }
        let lo = u;
        while u < 0x800 && walk(u) & !WALK_LEAD == want {
            u += 1;
        }
        runs.push((lo as i16, (u - 1) as i16));
    }
    runs.sort_by_key(|&(lo, hi)| std::cmp::Reverse(hi - lo));
    runs.truncate(PLAIN_RANGES);
    runs
}

/// From `j`, the end of the chunks of [`PLAIN_CHUNK`] bytes in which every
/// character is ASCII or a two-byte letter in `ranges`: characters the
/// walk over a stretch goes on through without a closer look. Each chunk
/// is checked byte by byte without a branch (a lead byte with the byte
/// after it makes a code point), a loop the compiler turns into vector
/// instructions, so text that switches between ASCII, spaces and letters
/// costs no mispredicted branch (a loop for each number of ranges, which
/// each letter is compared with).
#[inline(always)]
pub(super) fn plain_chunks(bytes: &[u8], j: usize, ranges: &[(i16, i16)]) -> usize {
    match *ranges {
        [a] => chunks_in(bytes, j, &[a]),
        [a, b] => chunks_in(bytes, j, &[a, b]),
        [a, b, c] => chunks_in(bytes, j, &[a, b, c]),
        [a, b, c, d] => chunks_in(bytes, j, &[a, b, c, d]),
        _ => j,
    }
}

/// [`plain_chunks`] with `N` ranges.
#[inline(always)]
fn chunks_in<const N: usize>(bytes: &[u8], mut j: usize, ranges: &[(i16, i16); N]) -> usize {
    while let (Some(x), Some(y)) = (
        bytes.get(j..j + PLAIN_CHUNK),
        bytes.get(j + 1..j + 1 + PLAIN_CHUNK),
    ) {
        let mut bad = 0u8;
        for k in 0..PLAIN_CHUNK {
            let (x, y) = (x[k], y[k]);
            let lead = u8::from(x >= 0xC0);
            let long = u8::from(x >= 0xE0);
            let code = (i16::from(x & 0x1F) << 6) | i16::from(y & 0x3F);
            let mut known = 0u8;
            for &(lo, hi) in ranges {
                known |= u8::from(code >= lo) & u8::from(code <= hi);
            }
            bad |= lead & (long | (known ^ 1));
            // (Nor letters glued to a Latin one, which the walk tests.)
            let alpha = |b: u8| u8::from((b | 0x20).wrapping_sub(b'a') < 26);
            bad |= (alpha(x) & u8::from(y >= 0x80)) | (u8::from(x >= 0x80) & alpha(y));
        }
        if bad != 0 {
            break;
        }
        j += PLAIN_CHUNK;
    }
    j
}

/// The code point at `i` (lead byte `b`, non-ASCII) for a two- or
/// three-byte character, with its length; `u32::MAX` for a longer one.
#[inline(always)]
pub(super) fn code_short(bytes: &[u8], i: usize, b: u8) -> (u32, usize) {
    let cont = |k: usize| u32::from(bytes.get(i + k).copied().unwrap_or(0x80) & 0x3F);
    if b < 0xE0 {
        ((u32::from(b & 0x1F) << 6) | cont(1), 2)
    } else if b < 0xF0 {
        ((u32::from(b & 0x0F) << 12) | (cont(1) << 6) | cont(2), 3)
    } else {
        (u32::MAX, 4)
    }
}

/// Per character below U+3000, for the walk over a stretch of one script
/// ([`CharTables::walk`], a byte each, to stay in cache): its script (0:
/// not a letter of a script other than Latin), [`WALK_TRIVIAL`] when NFC
/// leaves it alone, [`WALK_LEAD`] when some codepage reads it as a UTF-8
/// lead.
pub(super) const WALK_TRIVIAL: u8 = 0x40;
/// A lead in some codepage, in a walk entry.
pub(super) const WALK_LEAD: u8 = 0x80;

/// The walk entry of the code point `u`; `None` from U+3000 on.
#[cfg(test)]
pub(super) fn walk_at(u: usize) -> Option<u8> {
    char_tables().walk.get(u).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain ranges made at compile time are those the run-time code
    /// made.
    #[test]
    fn plain_ranges_are_made_at_compile_time_alike() {
        for script in 0..64u8 {
            assert_eq!(
                plain_ranges(script),
                plain_ranges_at_run_time(script),
                "{script}"
            );
        }
    }

    /// `scan/cjk_walk.bin` is what its sources give (else run `cargo run
    /// --release --example gen_scan`), and unpacks to their sets.
    #[test]
    fn cjk_walk_table_is_its_sources() {
        assert!(
            cjk_walk_table() == include_bytes!("scan/cjk_walk.bin"),
            "src/repair/scan/cjk_walk.bin is stale: cargo run --release --example gen_scan"
        );
        for nfc in [false, true] {
            let (t, want) = (cjk_walk(nfc), cjk_walk_from_sources(nfc));
            assert!(
                t.walkable == want.walkable && t.quiet == want.quiet,
                "{nfc}"
            );
        }
    }

    /// The chunks `plain_chunks` skips hold only ASCII and two-byte letters
    /// of the ranges it was given, every one of them a letter of the script
    /// that NFC leaves alone; it stops at the first chunk that holds
    /// anything else. Random strings over each script's letters in and out
    /// of its ranges, marks, other scripts, and longer characters.
    #[test]
    fn plain_chunks_skip_only_plain_letters() {
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let others = [
            'a',
            ' ',
            '.',
            '\n',
            '\u{AB}',
            '\u{2014}',
            '\u{301}',
            '\u{387}',
            '\u{1F00}',
            '\u{4E00}',
            '\u{1F600}',
            '\u{85}',
            '\u{E9}',
        ];
        for first in ['д', 'α', 'ש', 'ع', 'Ա'] {
            let script = char_info(first).expect("below U+3000").script;
            let ranges = plain_ranges(script);
            assert!((1..=PLAIN_RANGES).contains(&ranges.len()), "{first}");
            let letters: Vec<char> = (0x80..0x800u32)
                .filter_map(char::from_u32)
                .filter(|&c| char_info(c).is_some_and(|ci| ci.script == script))
                .collect();
            for &(lo, hi) in ranges {
                for u in lo..=hi {
                    assert_eq!(
                        walk_at(u as usize).unwrap() & !WALK_LEAD,
                        script | WALK_TRIVIAL,
                        "{first} U+{u:04X}"
                    );
                }
            }
            let known = |c: char| {
                c.is_ascii()
                    || (c.len_utf8() == 2
                        && ranges
                            .iter()
                            .any(|&(lo, hi)| (lo as u32..=hi as u32).contains(&(c as u32))))
            };
            // Letters glued to a Latin one are left to the walk.
            let glued = |s: &str, at: usize| {
                let (x, y) = (s.as_bytes()[at], s.as_bytes()[at + 1]);
                (x.is_ascii_alphabetic() && y >= 0x80) || (x >= 0x80 && y.is_ascii_alphabetic())
            };
            for round in 0..3000 {
                let len = (next() % 120) as usize;
                let odd = 1 + next() % 40;
                let s: String = (0..len)
                    .map(|_| {
                        if next() % odd == 0 {
                            others[(next() % others.len() as u64) as usize]
                        } else {
                            letters[(next() % letters.len() as u64) as usize]
                        }
                    })
                    .collect();
                let b = s.as_bytes();
                let mut want = 0;
                while want + PLAIN_CHUNK < b.len()
                    && s.char_indices()
                        .filter(|&(i, _)| (want..want + PLAIN_CHUNK).contains(&i))
                        .all(|(_, c)| known(c))
                    && (want..want + PLAIN_CHUNK).all(|k| !glued(&s, k))
                {
                    want += PLAIN_CHUNK;
                }
                assert_eq!(plain_chunks(b, 0, ranges), want, "{round} {s:?}");
            }
        }
    }
}
