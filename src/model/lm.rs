//! The character n-gram model: how probable a line of text is, in any
//! language.
//!
//! A Witten-Bell interpolated 4-gram model over code points, case kept,
//! each line framed by a boundary token, estimated by `examples/gen_lm.rs`
//! from clean multilingual text (provenance and licences in
//! `tools/model/README.md`). Characters too rare in training are read as
//! their coarse class ([`super::coarse`]): such a character costs its
//! class's probability in context plus its share of the class, `ln` of the
//! number of rare characters of that class met in training (so a run of
//! rare ideographs costs what picking each out of thousands costs, not
//! what one frequent token costs).
//!
//! `lm.bin` is an open-addressing hash table used in place, without
//! parsing: an 8-byte header (`MJLM`, then the slot count, a power of two,
//! as a little-endian `u32`), then one 4-byte slot per entry: a `u16`
//! fingerprint of the n-gram (0: empty), the n-gram's cost `-ln P(last |
//! rest)` and its weight as a context `-ln λ`, each a byte in eighths of a
//! nat. (A lookup of an n-gram not in the table meets another's 16-bit
//! fingerprint about once in 8,000 lookups, at the table's load of 3/4.) An n-gram not in the table costs its context's weight plus the
//! estimate from the context one token shorter (exact for n-grams never
//! seen in training, an approximation for those pruned). A character's
//! token and a token's cost in its context are kept once asked, a thread
//! at a time (a small table each): the same answers, without the lookups.

/// The table (see the module docs).
static LM: &[u8] = include_bytes!("lm.bin");

/// The token that frames each line.
pub(crate) const BOUNDARY: u32 = 0x11_0000;

/// Cost units per nat in the table.
const SCALE: f32 = 8.0;

/// What a token no table entry knows costs, in nats.
const UNSEEN: f32 = 18.0;

/// Longest n-gram.
const ORDER: usize = 4;

/// The token a rare character is read as: its coarse class.
pub(crate) fn class_token(c: char) -> u32 {
    BOUNDARY + 1 + u32::from(super::coarse(c))
}

/// The first token of the table's entries `[MEMBERS, class token]`, whose
/// cost is a rare character's share of its class, `-ln P(c | class)`.
pub(crate) const MEMBERS: u32 = BOUNDARY + 0x100;

/// The first token of the table's entries `[SHAPES, class, class]`: the
/// cost of a token's class after the class of the token before it,
/// `-ln P(class | class before)`, and as its weight `-ln P(class)`.
pub(crate) const SHAPES: u32 = BOUNDARY + 0x101;

/// The class of a token: a character's coarse class, a class token's own
/// class, the boundary's.
pub(crate) fn class_of(t: u32) -> u32 {
    match char::from_u32(t) {
        Some(c) => u32::from(super::coarse(c)),
        None if t == BOUNDARY => u32::from(super::class::BOUNDARY),
        None => t - BOUNDARY - 1,
    }
}

fn hash(tokens: &[u32]) -> u64 {
    let mut h: u64 = 0x9E37_79B9_7F4A_7C15 ^ tokens.len() as u64;
    for &t in tokens {
        h = (h ^ u64::from(t)).wrapping_mul(0x0100_0000_01B3_u64.wrapping_mul(0x9E37_79B9));
        h ^= h >> 29;
    }
    h.wrapping_mul(0xBF58_476D_1CE4_E5B9) ^ (h >> 31)
}

fn fingerprint(h: u64) -> u16 {
    ((h >> 48) as u16).max(1)
}

/// Bytes per slot.
const SLOT: usize = 4;

/// Builds `lm.bin` from n-grams with their cost and context weight in
/// nats (for `examples/gen_lm.rs`).
pub(crate) fn table(entries: &[(Vec<u32>, f32, f32)]) -> Vec<u8> {
    let slots = (entries.len() * 4 / 3).next_power_of_two().max(16);
    let mut out = vec![0u8; 8 + SLOT * slots];
    out[..4].copy_from_slice(b"MJLM");
    out[4..8].copy_from_slice(&(slots as u32).to_le_bytes());
    let q = |x: f32| (x * SCALE).round().clamp(0.0, 255.0) as u8;
    for (tokens, cost, bow) in entries {
        let h = hash(tokens);
        let mut i = h as usize & (slots - 1);
        loop {
            let at = 8 + SLOT * i;
            if out[at..at + 2] == [0; 2] {
                out[at..at + 2].copy_from_slice(&fingerprint(h).to_le_bytes());
                out[at + 2] = q(*cost);
                out[at + 3] = q(*bow);
                break;
            }
            i = (i + 1) & (slots - 1);
        }
    }
    out
}

/// The model over the table.
#[derive(Clone, Copy)]
pub(crate) struct Lm {
    table: &'static [u8],
    mask: usize,
}

/// The model in the crate.
pub(crate) fn lm() -> Lm {
    let slots = u32::from_le_bytes([LM[4], LM[5], LM[6], LM[7]]) as usize;
    debug_assert_eq!(&LM[..4], b"MJLM");
    Lm {
        table: LM,
        mask: slots - 1,
    }
}

impl Lm {
    /// The entry of an n-gram: (cost, weight as a context), in nats.
    fn get(&self, tokens: &[u32]) -> Option<(f32, f32)> {
        let h = hash(tokens);
        let fp = u32::from(fingerprint(h));
        let mut i = h as usize & self.mask;
        loop {
            let at = 8 + SLOT * i;
            let slot = u32::from_le_bytes(
                self.table[at..at + SLOT]
                    .try_into()
                    .expect("a slot's bytes"),
            );
            if slot & 0xFFFF == fp {
                let [_, _, cost, bow] = slot.to_le_bytes();
                return Some((f32::from(cost) / SCALE, f32::from(bow) / SCALE));
            }
            if slot & 0xFFFF == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// The token of a character, itself if the model knows it, else its
    /// class; and what picking the character out of that class costs.
    /// (The answers are kept, a thread at a time, a slot of a small table
    /// a character: text asks the same few characters again and again.)
    fn token(&self, c: char) -> (u32, f32) {
        /// Slots (a power of two).
        const SLOTS: usize = 512;
        thread_local! {
            /// A character plus one (0 in an empty slot: the table starts
            /// zeroed, which a thread sets up without copying initial
            /// values) and its token.
            static KEPT: std::cell::RefCell<[(u32, u32, f32); SLOTS]> =
                const { std::cell::RefCell::new([(0, 0, 0.0); SLOTS]) };
        }
        let u = c as u32 + 1;
        let slot = u as usize & (SLOTS - 1);
        if let Some(kept) = KEPT.with(|kept| {
            let (k, t, member) = kept.borrow()[slot];
            (k == u).then_some((t, member))
        }) {
            return kept;
        }
        let token = self.token_in_table(c);
        KEPT.with(|kept| kept.borrow_mut()[slot] = (u, token.0, token.1));
        token
    }

    /// [`Lm::token`], from the table.
    fn token_in_table(&self, c: char) -> (u32, f32) {
        if self.get(&[c as u32]).is_some() {
            (c as u32, 0.0)
        } else {
            let class = class_token(c);
            (class, self.get(&[MEMBERS, class]).map_or(0.0, |e| e.0))
        }
    }

    /// `-ln P(t | history)`, the history's last tokens first dropped as
    /// the table needs. Where it comes down to the token's own frequency,
    /// that is weighed by the shape of the text: `P(t) · P(class of t |
    /// class before) / P(class of t)`, so that a letter of one script or
    /// kind glued to another (`adre莽a`) costs what such a change of class
    /// costs in text, however frequent the letter is on its own.
    fn cond(&self, history: &[u32], t: u32) -> f32 {
        /// Slots (a power of two).
        const SLOTS: usize = 4096;
        thread_local! {
            /// A history and token, each token plus one (unused places 0,
            /// and an empty slot all 0: the table starts zeroed, which a
            /// thread sets up without copying initial values) and its
            /// cost.
            static KEPT: std::cell::RefCell<[([u32; ORDER], f32); SLOTS]> =
                const { std::cell::RefCell::new([([0; ORDER], 0.0); SLOTS]) };
        }
        // (The answers are kept, a thread at a time, a slot of a small
        // table an n-gram (of n-grams that share a slot, the last is kept;
        // the crate has one table): the judge weighs a line through several
        // paths, whose readings share most of their n-grams, and text
        // repeats its common ones.)
        let mut key = [0; ORDER];
        for (k, &h) in key[ORDER - 1 - history.len()..].iter_mut().zip(history) {
            *k = h + 1;
        }
        key[ORDER - 1] = t + 1;
        let h = key.iter().fold(0u64, |h, &k| {
            (h ^ u64::from(k)).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        });
        let slot = (h >> 52) as usize & (SLOTS - 1);
        if let Some(cost) = KEPT.with(|kept| {
            let (k, cost) = kept.borrow()[slot];
            (k == key).then_some(cost)
        }) {
            return cost;
        }
        let cost = self.cond_in_table(history, t);
        KEPT.with(|kept| kept.borrow_mut()[slot] = (key, cost));
        cost
    }

    /// [`Lm::cond`], from the table. Past a history of two tokens, an
    /// n-gram not in the table backs off through [`Lm::cond`], whose kept
    /// answers serve the shorter histories that many longer ones share:
    /// the sum is the same, as every cost and weight is a whole number of
    /// eighths of a nat (below 256 nats), which floats add exactly in any
    /// order.
    fn cond_in_table(&self, history: &[u32], t: u32) -> f32 {
        if let [_, rest @ ..] = history {
            if !rest.is_empty() {
                // (Made a token at a time: a fixed-size array, no copy
                // call.)
                let n = history.len();
                let key: [u32; ORDER] = std::array::from_fn(|k| if k < n { history[k] } else { t });
                if let Some((cost, _)) = self.get(&key[..=n]) {
                    return cost;
                }
                let bow = self.get(history).map_or(0.0, |(_, bow)| bow);
                // (`rest` ends in the same token as `history`: the shape
                // of the unigram estimate is the same.)
                return bow + self.cond(rest, t);
            }
        }
        self.cond_walked(history, t)
    }

    /// [`Lm::cond`] walked down the table alone: the n-gram of each
    /// shorter history in turn, the weights of those not in the table
    /// summed on the way; a unigram takes the shape of its class after
    /// the token before.
    #[inline]
    fn cond_walked(&self, history: &[u32], t: u32) -> f32 {
        let mut acc = 0.0;
        for start in 0..=history.len() {
            let h = &history[start..];
            // (Made a token at a time, as in `cond_in_table`.)
            let n = h.len();
            let key: [u32; ORDER] = std::array::from_fn(|k| if k < n { h[k] } else { t });
            if let Some((cost, _)) = self.get(&key[..=n]) {
                if h.is_empty() {
                    if let Some(&before) = history.last() {
                        return acc + cost + self.shape(before, t);
                    }
                }
                return acc + cost;
            }
            if !h.is_empty() {
                if let Some((_, bow)) = self.get(h) {
                    acc += bow;
                }
            }
        }
        acc + UNSEEN
    }

    /// `-ln [P(class of t | class of before) / P(class of t)]`, in nats.
    fn shape(&self, before: u32, t: u32) -> f32 {
        self.get(&[SHAPES, class_of(before), class_of(t)])
            .map_or(0.0, |(given, alone)| given - alone)
    }

    /// `-ln P(text)` under the model's unigrams alone: the text's
    /// characters in random order, in nats.
    pub(crate) fn unigram_cost(&self, text: &str) -> f32 {
        text.chars()
            .map(|c| {
                let (t, member) = self.token(c);
                self.cond(&[], t) + member
            })
            .sum::<f32>()
            + self.cond(&[], BOUNDARY)
    }

    /// `-ln P(text)` as a line of its own (framed by boundaries), in nats.
    /// Layout is not language: the model reads the line without the spaces
    /// around it (of any width, non-breaking ones included, as its training
    /// text was trimmed), each run of spaces and tabs inside it as one
    /// space (its training text is prose, where columns and indents never
    /// appear).
    pub(crate) fn cost(&self, text: &str) -> f32 {
        self.cost_each(text, |_| {})
    }

    /// `self.cost(after) - self.cost(text)`, where `after` is `text` with
    /// each character `c` read as `read(c)`, a letter only ever read as a
    /// letter (a legacy path read letter for letter): only the tokens whose
    /// context of [`ORDER`] holds a changed character are weighed, so a
    /// line costs a walk and a few lookups per changed letter.
    pub(crate) fn cost_change(&self, text: &str, read: &dyn Fn(char) -> char) -> f32 {
        let a: Vec<char> = as_read(text).collect();
        let n = a.len();
        // The token at `p` of the line as it is and as read (the boundary
        // before the line and after it).
        let token = |p: isize| -> [(u32, f32); 2] {
            match usize::try_from(p).ok().filter(|&p| p < n) {
                Some(p) => {
                    let (c, d) = (a[p], read(a[p]));
                    let t = self.token(c);
                    [t, if d == c { t } else { self.token(d) }]
                }
                None => [(BOUNDARY, 0.0); 2],
            }
        };
        let mut change = 0.0;
        let mut next = 0usize;
        for p in (0..n).filter(|&p| !a[p].is_ascii() && read(a[p]) != a[p]) {
            // (Each token whose context holds a changed character, once:
            // the boundary after the line is one.)
            for q in p.max(next)..=(p + ORDER - 1).min(n) {
                let mut hist = [[BOUNDARY; 2]; ORDER - 1];
                for (k, h) in hist.iter_mut().enumerate() {
                    let [x, y] = token(q as isize - (ORDER - 1 - k) as isize);
                    *h = [x.0, y.0];
                }
                // (At the line's start the history is the one boundary.)
                let from = (ORDER - 2).saturating_sub(q);
                let [(ta, ma), (tb, mb)] = token(q as isize);
                let ha: [u32; ORDER - 1] = std::array::from_fn(|k| hist[k][0]);
                let hb: [u32; ORDER - 1] = std::array::from_fn(|k| hist[k][1]);
                change += self.cond(&hb[from..], tb) + mb - self.cond(&ha[from..], ta) - ma;
            }
            next = p + ORDER;
        }
        change
    }

    /// [`Lm::cost`] less what the characters `skip` picks cost (the
    /// boundary after the line counted).
    pub(crate) fn cost_beside(&self, text: &str, skip: impl Fn(char) -> bool) -> f32 {
        let mut chars = as_read(text);
        let mut total = 0.0;
        self.cost_each(text, |c| {
            if !chars.next().is_some_and(&skip) {
                total += c;
            }
        });
        total
    }

    /// [`Lm::cost`], telling `each` what each token costs (the line's
    /// characters as the model reads them, then the boundary).
    pub(crate) fn cost_each(&self, text: &str, mut each: impl FnMut(f32)) -> f32 {
        let mut hist = [BOUNDARY; ORDER - 1];
        let mut n = 1;
        let mut total = 0.0;
        for (t, member) in as_read(text)
            .map(|c| self.token(c))
            .chain(std::iter::once((BOUNDARY, 0.0)))
        {
            let c = self.cond(&hist[ORDER - 1 - n..], t) + member;
            each(c);
            total += c;
            hist.copy_within(1.., 0);
            hist[ORDER - 2] = t;
            n = (n + 1).min(ORDER - 1);
        }
        total
    }
}

/// The characters of a line as the model reads them (see [`Lm::cost`]):
/// without the layout at its ends, each run of spaces and tabs inside it
/// one space.
fn as_read(text: &str) -> impl Iterator<Item = char> + '_ {
    let mut space = false;
    text.trim_matches(layout).chars().filter_map(move |c| {
        let was = std::mem::replace(&mut space, c == ' ' || c == '\t');
        match (space, was) {
            (true, true) => None,
            (true, false) => Some(' '),
            _ => Some(c),
        }
    })
}

/// Whether the model reads `c` at a line's ends as layout, as its training
/// text was trimmed: the spaces of every width, the non-breaking ones
/// included (an indent of non-breaking spaces is no text), not the C1
/// control NEL, which is mojibake's.
fn layout(c: char) -> bool {
    c.is_whitespace() && c != '\u{85}'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cost_change_is_the_difference_of_costs() {
        let m = lm();
        let read = |c: char| match c {
            'è' => 'č',
            'ù' => 'ů',
            'ì' => 'ě',
            c => c,
        };
        for a in [
            "Ponastavi vse kljuèe na privzete",
            "è",
            "  èa  b  ",
            "ab èè cd ùx",
            "ùèì",
            "abcdefgh",
        ] {
            let b: String = a.chars().map(read).collect();
            let change = m.cost_change(a, &read);
            let diff = m.cost(&b) - m.cost(a);
            assert!((change - diff).abs() < 0.01, "{a}: {change} {diff}");
        }
    }

    /// Backing off through the kept answers gives the walk's costs bit for
    /// bit, on text the model knows and on text it has never seen.
    #[test]
    fn backoff_through_kept_answers_is_exact() {
        let m = lm();
        let mut n = 0;
        for text in [
            "Chyba: nie je platný názov zbernice",
            "êîíôèãóðàöèîííèÿò ôàéë íå ìîæå",
            "Jiõnn le ǩiõččâm da vuõiggâdvuõđi",
            "无法在证书缓存上为读取加锁 ÎÞ·¨ÔÚÖ¤Êé",
            "q7#Zx ŋǥǯ 𠊛調 ‰‰ ╔═╗",
        ] {
            let tokens: Vec<u32> = std::iter::once(BOUNDARY)
                .chain(as_read(text).map(|c| m.token(c).0))
                .chain(std::iter::once(BOUNDARY))
                .collect();
            for end in 1..tokens.len() {
                for len in 1..ORDER.min(end + 1) {
                    let (h, t) = (&tokens[end - len..end], tokens[end]);
                    assert_eq!(
                        m.cond(h, t).to_bits(),
                        m.cond_walked(h, t).to_bits(),
                        "{text}: {h:?} {t}"
                    );
                    n += 1;
                }
            }
        }
        assert!(n > 300, "{n}");
    }

    #[test]
    fn text_costs_less_than_its_mojibake() {
        let m = lm();
        for (clean, garbled) in [
            (
                "конфигурационният файл не може да бъде създаден",
                "êîíôèãóðàöèîííèÿò ôàéë íå ìîæå äà áúäå ñúçäàäåí",
            ),
            ("无法在证书缓存上为读取加锁", "ÎÞ·¨ÔÚÖ¤Êé»º´æÉÏÎª¶ÁÈ¡¼ÓËø"),
            (
                "Chyba: nie je platný názov zbernice",
                "Chyba: nie je platn媒 n谩zov zbernice",
            ),
            ("café crème", "cafÃ© crÃ¨me"),
        ] {
            assert!(
                m.cost(clean) + 10.0 < m.cost(garbled),
                "{clean}: {} {}",
                m.cost(clean),
                m.cost(garbled)
            );
        }
    }
}
