//! The line decoder: a whole line explained as garbled through one path.
//!
//! The span judge ([`super::find_with`]) repairs runs of UTF-8 mojibake
//! inside a line. Some lines are garbled as a whole in ways no run shows
//! well: their bytes were saved in one legacy codepage and shown in
//! another (`Ïðèâåò` for `Привет`: windows-1251 shown as windows-1252;
//! `ÖÐÎÄ` for `中文`: GBK shown as windows-1252), or their UTF-8 was read
//! in a multi-byte codepage (`platn媒 n谩zov` for `platný názov`), whose
//! characters the span judge weighs one run at a time.
//!
//! For such a line this module weighs every path of the channel table
//! ([`CHANNEL`]): the line's reading through the path, scored by the
//! plausibility model plus the path's prior cost, against the line as the
//! span judge leaves it, scored the same way. The most probable reading
//! replaces the line only when
//!
//! 1. the line as left is *incoherent*: its letters cannot be one text (a
//!    word mixing scripts, letters that no one language writes together,
//!    case changing inside a word, a sign between two letters, a C1
//!    control), see [`coherent`]; or the path is a legacy one that read
//!    another line of the same document, and it
//!    reads this one letter for letter (`Proszê czekaæ` for `Proszę
//!    czekać`, after a line such as `B³¹d` proved windows-1250: a line
//!    whose letters one language writes as shown needs the document's
//!    evidence, see [`super::channel::may_swap_letters`]);
//! 2. the reading is coherent and holds nothing that is never written
//!    (controls, unassigned or private-use characters);
//! 3. it is more probable than the line as left by [`MARGIN`] nats (a
//!    reading letter for letter weighed by its letters in context: letter
//!    pairs, or letter triples per language, see [`cost_by_triples`]; a
//!    coherent line that the pairs do not let through is held to every
//!    language's triples), less
//!    [`SHAPE_EVIDENCE`] where a word of the line as left is incoherent on
//!    its own (`dönüþ`, not a list of letters of several alphabets).
//!
//! The span judge's repairs are undone where they leave the line no text:
//! as costly as noise, or, on a line whose letters are coherent as it
//! stands, letters read out of it that no language writes beside the rest
//! (`ZMIANĘ TRZYMAĆ“` is not `ZMIANƠTRZYMAÓ`).
//!
//! Guarantees: a line whose letters are coherent is changed here only
//! through a legacy path the document has proven, letter for letter, and
//! a line of ASCII never; the work is done only for lines that
//! [`may_be_legacy`] or the
//! span scan flags, so clean text pays one pass over its non-ASCII
//! characters.

use super::channel::{Path, CHANNEL, MARGIN, SHAPE_EVIDENCE};
use super::coherence::{coherent, has_incoherent_word, may_be_legacy};
use super::{acceptable, Layers, Repair};
use crate::codec::{self, Codepage};
use crate::model;

mod read;

use read::Buffers;

/// The prior cost of each byte a path lost on the way (a non-breaking
/// space turned into a space), in nats: such a line is a path of its own,
/// less probable than one that kept every byte.
const LOST_BYTE: f32 = 1.0;

/// The bytes a character stands for in the codepage it is shown in: two
/// for a CJK character, else one.
fn shown_bytes(c: char) -> usize {
    if super::is_cjk_like(c) {
        2
    } else {
        1
    }
}

/// How improbable `text` is as clean text, in nats: the n-gram model's
/// cost less what knowing the text's language adds to it
/// ([`model::language_gain`]: the n-gram model pools all languages and
/// sees three characters back, so `mladý` costs it more than `mladı`
/// even in a line of Czech; the letters of the whole line say which
/// language it is in), or the cost of the line's bytes as noise (`noise`, see
/// [`noise_cost`]) when that is less: a line that is no text the model
/// knows (a list of letters, a table of symbols) is as probable as noise,
/// and so is any reading of it. Both stories of a line, clean and garbled,
/// share that floor, so a reading wins only where it reads as text.
fn cost(text: &str, noise: f32) -> f32 {
    cost_from(model::lm::lm().cost(text), text, noise)
}

/// [`cost`] of a story of a line read letter for letter, in one
/// of `langs` (see [`super::channel::allowed`]; `None`: any): what knowing
/// the language adds is weighed by letter pairs
/// ([`model::language_gain_by_pairs`]), which tell such stories apart.
fn cost_by_pairs(text: &str, noise: f32, langs: Option<&[u16]>) -> f32 {
    (model::lm::lm().cost(text) - model::language_gain_by_pairs(text, langs)).min(noise)
}

/// [`cost`] of a story of a line read letter for letter, in one of
/// `langs`, where each changed letter stands in a word: its Latin letters
/// weighed by letter triples in the language of `langs` that writes them
/// best ([`model::triples::best_cost`]), the rest of it by the n-gram
/// model, less what knowing the other scripts' languages adds. The n-gram
/// model pools every language and keeps few of their letter contexts:
/// `Zvoèna` costs it 5 nats more than `Zvočna`, Slovene's own letters 18.
fn cost_by_triples(text: &str, noise: f32, langs: Option<&[u16]>) -> f32 {
    (beside_latin_letters(text) + model::triples::best_cost(text, langs)).min(noise)
}

/// What [`cost_by_triples`] charges `text` beside its Latin letters' triples:
/// the rest of it by the n-gram model, less what knowing the other scripts'
/// languages adds.
fn beside_latin_letters(text: &str) -> f32 {
    model::lm::lm().cost_beside(text, model::bigrams::is_stream_letter)
        - model::letters::other_scripts_gain(text)
}

/// Whether [`cost_by_triples`] of `text` (below the floor of noise) is at
/// least `least` in every language, not only the best of those the pairs
/// rank ([`model::triples::every_cost_at_least`]): asked of a line without
/// ranking the languages, answered at the first that writes it for less.
fn costs_at_least_by_triples(text: &str, least: f32) -> bool {
    model::triples::every_cost_at_least(text, least - beside_latin_letters(text))
}

/// Whether each letter `reading` changes of `line` has a letter beside
/// it: letter triples weigh a letter by the letters around it, and a
/// letter standing alone (`al Æ`) has none, only how often its language
/// writes it, which the letter pairs weigh as well.
fn changes_inside_words(line: &str, reading: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (line.chars().collect(), reading.chars().collect());
    let letter = |k: Option<usize>| k.and_then(|k| b.get(k)).is_some_and(|c| c.is_alphabetic());
    a.len() == b.len()
        && (0..a.len())
            .filter(|&k| a[k] != b[k])
            .all(|k| letter(k.checked_sub(1)) || letter(Some(k + 1)))
}

/// [`cost`] of `text`, whose n-gram cost `lm_cost` is known.
fn cost_from(lm_cost: f32, text: &str, noise: f32) -> f32 {
    (lm_cost - model::language_gain(text)).min(noise)
}

/// What a line costs as noise: each of its bytes, in the codepage it is
/// shown in, drawn at random (`ln 256` nats each; CJK characters are two
/// bytes).
fn noise_cost(body: &str) -> f32 {
    let bytes: usize = body.chars().map(shown_bytes).sum();
    NOISE_PER_BYTE * bytes as f32
}

/// `ln 256`: a random byte, in nats.
const NOISE_PER_BYTE: f32 = 5.545;

/// Characters on either side of a repair that the n-gram model weighs it
/// in: more than its context of three.
pub(super) const WINDOW: usize = 6;

/// The line decoder's word on the span judge's `repairs` of `line` (one
/// line, its ending included; `found`: what the scan found of it;
/// `proven`: the legacy paths its document has shown, see
/// [`super::channel::may_swap_letters`]): a whole-line explanation
/// replaces them when there is one ([`whole_line`]); a repair that rests on
/// one character (a lone sequence read as one character) stays only if the
/// n-gram model finds the repaired line more probable than the line as it
/// is (`“≥”` on a Cyrillic line is not `ҳ”`, though mac_roman reads it so);
/// repairs through one codepage are read through a sibling that explains
/// the line better ([`sibling_codepage`]), and carried on along their path
/// ([`same_path_further`]).
pub(crate) fn decide(line: &str, found: super::Found, repairs: &mut Vec<Repair>, proven: u32) {
    if as_noise(line, repairs) {
        if super::debug() {
            eprintln!("decode: {line:?} reads as no text either way: kept");
        }
        repairs.clear();
    }
    match whole_line(line, found, repairs, proven) {
        Some(Verdict::Replace(whole)) => {
            *repairs = vec![whole];
            return;
        }
        Some(Verdict::Undo) => {
            if super::debug() {
                eprintln!("decode: {line:?}: the repairs read no better than the line: undone");
            }
            repairs.clear();
            return;
        }
        None => {}
    }
    if let [r] = repairs.as_slice() {
        if r.saved.is_none() && r.replacement.chars().count() == 1 {
            let body = line.trim_end_matches(['\n', '\r']);
            if r.end <= body.len() {
                // The model sees three characters back: beyond a few
                // characters on either side, both lines cost the same.
                let from = body[..r.start]
                    .char_indices()
                    .rev()
                    .nth(WINDOW - 1)
                    .map_or(0, |(i, _)| i);
                let to = body[r.end..]
                    .char_indices()
                    .nth(WINDOW)
                    .map_or(body.len(), |(i, _)| r.end + i);
                let before = &body[from..to];
                let after = format!(
                    "{}{}{}",
                    &body[from..r.start],
                    r.replacement,
                    &body[r.end..to]
                );
                let lm = model::lm::lm();
                if lm.cost(&after) >= lm.cost(before) {
                    if super::debug() {
                        eprintln!("decode: {body:?} -> {after:?} is no more probable: kept");
                    }
                    repairs.clear();
                }
            }
        }
    }
    let body = line.trim_end_matches(['\n', '\r']);
    let inside = repairs.iter().take_while(|r| r.end <= body.len()).count();
    if inside == 0 || body.len() > LONGEST_LINE {
        return;
    }
    if let Some(other) = sibling_codepage(body, &repairs[..inside]) {
        repairs[..inside].clone_from_slice(&other);
    }
    // (Only where something may be left to read: characters outside ASCII
    // between the repairs, or a repair that reads once more through its
    // codepage, a layer the span judge left. Most repaired lines have
    // neither.)
    let mut from = 0;
    let mut bytes = Vec::new();
    let unread = repairs[..inside].iter().any(|r| {
        let gap = !body[from..r.start].is_ascii();
        from = r.end;
        bytes.clear();
        // (Through a single-byte codepage, a replacement of one character
        // outside ASCII reads no further: see `no_layer_beneath`.)
        gap || (!r.replacement.is_ascii()
            && r.layers.first().is_some_and(|&cp| {
                !(cp.is_single_byte() && super::no_layer_beneath(&r.replacement))
                    && codec::encode(cp, &r.replacement, &mut bytes)
                    && std::str::from_utf8(&bytes).is_ok()
            }))
    }) || !body[from..].is_ascii();
    if unread {
        let left = super::applied(body, &repairs[..inside]);
        if let Some(further) = same_path_further(body, &left, &repairs[..inside]) {
            *repairs = vec![further];
        }
    }
}

/// Whether the span judge's `repairs` of `line` leave it no more probable
/// than it stands, both weighed with the floor of noise ([`cost`]): a line
/// of box drawing and letters (`├┤a┼┐a`) is no text the model knows, and
/// its reading (`ôaſa`) is no text either. Asked only where every repaired
/// run holds no letter as it stands (line art, symbols); a run with a
/// letter in it (`Ã©`) is no such line.
fn as_noise(line: &str, repairs: &[Repair]) -> bool {
    let body = line.trim_end_matches(['\n', '\r']);
    let inside = repairs.iter().take_while(|r| r.end <= body.len()).count();
    // (A C1 control is never text, noise or not: its repair stands on
    // its own.)
    if inside == 0
        || repairs[..inside]
            .iter()
            .any(|r| r.c1 || reads_letters(body, r))
    {
        return false;
    }
    let noise = noise_cost(body);
    cost(&super::applied(body, &repairs[..inside]), noise) >= cost(body, noise)
}

/// Whether the repair `r` of `body` reads letters of it (as others), not
/// only signs.
fn reads_letters(body: &str, r: &Repair) -> bool {
    body[r.start..r.end].chars().any(super::is_letter)
}

/// The span judge's `repairs` of `body`, all UTF-8 read through one
/// single-byte codepage, read through another instead where that explains
/// the line better: the same runs, each read as UTF-8 through the other
/// codepage, weighed by the model with each path's prior (`ĂĄ` in
/// `pĂĄ dette system` is `å` through windows-1250 and `á` through
/// ISO-8859-2, which share `Ă` and show `Ą` for different bytes; the run
/// judge weighs runs one at a time, the model the line). The line is
/// proven garbled by the repairs; which codepage garbled it is a choice,
/// made on the better score.
fn sibling_codepage(body: &str, repairs: &[Repair]) -> Option<Vec<Repair>> {
    let cp = match repairs[0].layers[..] {
        [cp] if cp.is_single_byte() => cp,
        _ => return None,
    };
    if repairs
        .iter()
        .any(|r| r.layers[..] != [cp] || r.saved.is_some() || r.c1 || r.lost || r.lossy > 0)
    {
        return None;
    }
    let prior = |cp: Codepage| {
        CHANNEL
            .iter()
            .find(|ch| ch.path == Path::Utf8As(cp))
            .map_or(f32::INFINITY, |ch| ch.prior)
    };
    // (The noise floor only once a sibling reads the line coherently.)
    let noise = std::cell::OnceCell::new();
    let noise = || *noise.get_or_init(|| noise_cost(body));
    let mut best: Option<(f32, Vec<Repair>)> = None;
    let mut bytes = Vec::new();
    // (A sibling shows each run's lead byte as the same character: the
    // codepages differ on the bytes after it. Another codepage would have
    // shown the lead byte otherwise, and reads the runs as other text.)
    let tables = codec::tables();
    let same_lead = |other: Codepage| {
        repairs.iter().all(|r| {
            body[r.start..]
                .chars()
                .next()
                .and_then(|c| tables.row(c))
                .is_some_and(|row| row[cp.index()] != 0 && row[cp.index()] == row[other.index()])
        })
    };
    // (And shows some character of the runs as another byte: else it
    // reads them alike.)
    let differs = |other: Codepage| {
        repairs.iter().any(|r| {
            body[r.start..r.end].chars().any(|c| {
                tables
                    .row(c)
                    .is_none_or(|row| row[cp.index()] != row[other.index()])
            })
        })
    };
    for other in Codepage::ALL
        .iter()
        .copied()
        .filter(|&o| o != cp && o.is_single_byte() && same_lead(o) && differs(o))
    {
        let mut alt = repairs.to_vec();
        let mut differs = false;
        let reads = alt.iter_mut().all(|r| {
            bytes.clear();
            if !codec::encode(other, &body[r.start..r.end], &mut bytes) {
                return false;
            }
            match std::str::from_utf8(&bytes) {
                Ok(s) => {
                    differs |= s != r.replacement;
                    r.replacement = s.to_string();
                    r.layers = Layers::new(&[other]);
                    true
                }
                Err(_) => false,
            }
        });
        if !reads || !differs {
            continue;
        }
        let reading = super::applied(body, &alt);
        if !acceptable(&reading) || !coherent(&reading) {
            continue;
        }
        let score = cost(&reading, noise()) + prior(other);
        if best.as_ref().is_none_or(|b| score < b.0) {
            best = Some((score, alt));
        }
    }
    let (score, alt) = best?;
    let left = super::applied(body, repairs);
    let left_score = cost(&left, noise()) + prior(cp);
    if super::debug() {
        eprintln!(
            "decode: sibling {body:?} {:?}: {score:.1} against {left_score:.1}",
            alt[0].layers[0]
        );
    }
    (score < left_score).then_some(alt)
}

/// How much more probable than the line as the span judge left it a
/// reading carried on along the same path must be, in nats: the path's
/// prior is paid, so this stands only for the model's noise on one more
/// stretch. Measured: on real garbled text (`gen_real.py`) such readings
/// gain 7.1 to 45.5 nats (11 lines); on the clean stress lines (60,000
/// symbol lines, 40,000 quoted capitals), 0.4 and 13.3 (lines the span
/// judge had already repaired wrongly).
const FURTHER_MARGIN: f32 = 5.0;

/// The span judge's `repairs` of `body` (leaving it `left`, coherent), all
/// through one codepage and one layer, carried on over the whole line: a
/// line they prove garbled through that path is likely garbled through it
/// wherever its bytes read so, the stretches the span judge weighed alone
/// and passed included (Cyrillic read as GBK: the one-letter words `в`
/// and `и`, each a lone ideograph, `胁` and `懈`, that alone proves
/// nothing). The path's prior is paid already, so the reading
/// needs only [`FURTHER_MARGIN`], not [`MARGIN`]: it replaces the repairs
/// when it is coherent and that much more probable than `left`, each byte
/// put back costing [`LOST_BYTE`] as it does in the repairs. Read from
/// `left`, so that the span judge's own repairs stand as they are.
fn same_path_further(body: &str, left: &str, repairs: &[Repair]) -> Option<Repair> {
    let cp = match repairs[0].layers[..] {
        [cp] => cp,
        _ => return None,
    };
    if repairs
        .iter()
        .any(|r| r.layers[..] != [cp] || r.saved.is_some() || r.c1 || r.lost)
    {
        return None;
    }
    let noise = noise_cost(body);
    let kept: u32 = repairs.iter().map(|r| r.lossy).sum();
    let left_score = cost(left, noise) + LOST_BYTE * kept as f32;
    let path = Path::Utf8As(cp);
    let mut buf = Buffers::default();
    let mut best: Option<(f32, String, u32)> = None;
    for merged in [false, true] {
        // (Read from `left`: the span judge's own repairs stand, lost
        // bytes and all; only what it passed is read again.)
        let Some((reading, lost)) = path.read(left, &mut buf, merged) else {
            break;
        };
        if reading == left || !acceptable(&reading) || !coherent(&reading) {
            continue;
        }
        let lost = lost + kept;
        let score = cost(&reading, noise) + LOST_BYTE * lost as f32;
        if score + FURTHER_MARGIN <= left_score && best.as_ref().is_none_or(|b| score < b.0) {
            best = Some((score, reading, lost));
        }
    }
    let (score, reading, lost) = best?;
    if super::debug() {
        eprintln!(
            "decode: {path:?} further {body:?} -> {reading:?}: {score:.1} against {left_score:.1}"
        );
    }
    Some(Repair {
        start: 0,
        end: body.len(),
        replacement: reading,
        layers: Layers::new(&[cp]),
        lossy: lost,
        c1: false,
        lost: false,
        saved: None,
        margin: Some(left_score - score - FURTHER_MARGIN),
    })
}

/// Longest line, in bytes, that the decoder explains as a whole: one path
/// per line is a story about lines of text. Longer text without a line
/// break (data, minified markup, a 64 KiB piece of such a line) is left to
/// the span judge, which judges it sequence by sequence; no line of the
/// real-text sets comes near (the longest is about 6 KiB).
const LONGEST_LINE: usize = 16 << 10;

/// What the line decoder makes of the span judge's repairs of a line.
pub(crate) enum Verdict {
    /// One repair of the whole line replaces them.
    Replace(Repair),
    /// They leave the line incoherent and no text at all (it costs the
    /// model as much as noise, see [`cost`], and the line as it stands
    /// costs no more; or its letters were coherent as it stood, and they
    /// read some of them as letters no language writes beside the rest):
    /// no story of it, but pieces read out of text that is no text (binary
    /// junk in a text file, mojibake lowercased past reading, capitals
    /// before a quote), and the line stays as it is.
    Undo,
}

/// The most probable whole-line explanation of `line` (one line, its line
/// ending included), given what the scan `found` of it and the span
/// judge's `repairs` of it: [`Verdict::Replace`] with the one repair that
/// replaces them when a path explains the line better by [`MARGIN`] (see
/// the module docs), [`Verdict::Undo`] when no path does and the repairs
/// leave it incoherent and no text (see [`Verdict::Undo`]); `None` when
/// the repairs stand.
pub(crate) fn whole_line(
    line: &str,
    found: super::Found,
    repairs: &[Repair],
    proven: u32,
) -> Option<Verdict> {
    let body = line.trim_end_matches(['\n', '\r']);
    if body.is_ascii() || body.len() > LONGEST_LINE {
        return None;
    }
    // (The repairs are in text order: those inside the body come first.)
    let inside = repairs.iter().take_while(|r| r.end <= body.len()).count();
    let repairs = &repairs[..inside];
    let left: std::borrow::Cow<'_, str> = if inside == 0 {
        body.into()
    } else {
        super::applied(body, repairs).into()
    };
    let mut buf = Buffers::default();
    let Asked {
        passed,
        swaps,
        by_triples,
    } = asked(body, &left, found, repairs, proven, &mut buf)?;
    let noise = noise_cost(body);
    // (Which paths may explain the line.)
    let possible = |path: Path| match path {
        Path::Utf8As(_) => found.starts && !passed,
        // (An incoherent line is weighed through every legacy path:
        // [`may_be_legacy`] brings lines here, it does not choose paths; a
        // coherent one through those that read it letter for letter.)
        Path::Legacy { .. } => {
            !passed || (swaps | by_triples) & super::channel::swap_bit(path) != 0
        }
    };
    let by_triples = |path: Path| by_triples & super::channel::swap_bit(path) != 0;
    let best = most_probable_reading(body, &left, passed, noise, &mut buf, possible, by_triples);
    // (Repairs a C1 control is not among may be undone: a C1 control is
    // never text, its repair stands on its own.)
    let undoable = inside > 0 && repairs.iter().all(|r| !r.c1);
    // (Repairs that read letters of a line that is coherent as it stands
    // as others that leave it incoherent tell a story that ends in letters
    // no language writes together, the line's own ends in text: they are
    // undone whatever else is weighed (`ZMIANĘ TRZYMAĆ“`, Polish capitals
    // and a quote, is not `ZMIANƠTRZYMAÓ` read through windows-1257).)
    let no_text = || {
        undoable
            && repairs.iter().any(|r| reads_letters(body, r))
            && !coherent(&left)
            && coherent(body)
    };
    let Some(best) = best else {
        // (The model's cost without the language's gain first: below the
        // floor, the line reads as text, whatever the gain.)
        if inside == 0 {
            return None;
        }
        if no_text() {
            return Some(Verdict::Undo);
        }
        let lm_cost = model::lm::lm().cost(&left);
        return if lm_cost >= noise {
            undo(undoable, cost_from(lm_cost, &left, noise), noise)
        } else {
            None
        };
    };
    held_to_left(body, &left, best, passed, noise, undoable, &no_text)
}

/// [`Verdict::Undo`] where the repairs are `undoable` and what they leave
/// costs `left_cost`, the floor of `noise`: no text. (The line as it
/// stands costs that at most.)
fn undo(undoable: bool, left_cost: f32, noise: f32) -> Option<Verdict> {
    (undoable && left_cost >= noise).then_some(Verdict::Undo)
}

/// Which readings [`whole_line`] weighs of a line ([`asked`]).
struct Asked {
    /// The line is coherent and the span judge passed it: it is read only
    /// through the paths of `swaps` and `by_triples`.
    passed: bool,
    /// The proven paths that read a passed line letter for letter and may
    /// win so, as bits of [`super::channel::swap_bit`].
    swaps: u32,
    /// The other proven paths that read a passed line letter for letter
    /// and whose languages have letter triples: their readings are weighed
    /// by the triples ([`Weighing::Triples`]) where each changed letter
    /// stands in a word, and not at all where not.
    by_triples: u32,
}

/// Whether [`whole_line`] weighs readings of `body` (as the span judge's
/// `repairs` leave it: `left`), and which: `None` where the repairs tell
/// the line's story or no path can explain it.
fn asked(
    body: &str,
    left: &str,
    found: super::Found,
    repairs: &[Repair],
    proven: u32,
    buf: &mut Buffers,
) -> Option<Asked> {
    // A line the span judge's repairs leave coherent has its story (the
    // test first where there are repairs: garbled lines pass the gates
    // below, and most of them are left coherent), unless they tell two
    // stories or none:
    // runs read through two codepages are two garblings of one line, each
    // paying its path's prior, where one path may explain the whole line
    // (`°Ñ¼Æ¥²¶·¬°«D-NULL`, Big5 shown in windows-1252, is not
    // `°Ѽƥ²¶·¡«D-NULL`, one run read through windows-1257 and one
    // through Mac OS Roman, but `參數必須為非-NULL`).
    let coherent_left = || {
        let c = coherent(left);
        if super::debug() {
            eprintln!("decode: {left:?} coherent {c}");
        }
        c
    };
    let one_path = repairs
        .iter()
        .all(|r| r.layers.first() == repairs[0].layers.first());
    // Nor do C1 controls read one by one in windows-1252: they show the
    // line's bytes were shown in ISO-8859-1, not which encoding saved them
    // (`\u{95}s\u{96}¾\u{82}È\u{92}l` is Shift_JIS's `不明な値`, not
    // `•s–¾‚È’l`).
    let only_c1 = repairs.iter().all(|r| r.c1);
    if !repairs.is_empty() && one_path && !only_c1 && coherent_left() {
        return None;
    }
    // Which families of paths can explain the line at all: legacy text
    // shown in windows-1252 has the shape [`may_be_legacy`] tests; UTF-8
    // read in a codepage leaves sequences the span scan finds.
    // (The legacy shape asked last: the other two settle most lines.)
    if !found.starts && proven == 0 && !found.legacy.unwrap_or_else(|| may_be_legacy(body)) {
        return None;
    }
    // A coherent line that the span judge passed is read only through a
    // proven path that reads it letter for letter: one that may win so by
    // its letter pairs
    // ([`LetterSwap::may_win`](super::channel::LetterSwap::may_win)), or
    // else one whose languages have letter triples
    // ([`LetterSwap::has_triples`](super::channel::LetterSwap::has_triples)),
    // as bits of `swap_bit`: asked once, before anything is weighed. (Its
    // runs of UTF-8 read in a codepage, CJK ones too, are the span judge's:
    // `non ﾃｨ possibile`.)
    let passed = repairs.is_empty() && coherent_left();
    let mut swaps = 0;
    let mut by_triples = 0;
    if passed && proven != 0 {
        for (k, s) in super::channel::letter_swaps().iter().enumerate() {
            if proven & 1 << k == 0 || !buf.swaps_letters(s, body) {
                continue;
            }
            if s.may_win(body) {
                swaps |= 1 << k;
            } else if s.has_triples() {
                by_triples |= 1 << k;
            }
        }
    }
    (!passed || swaps | by_triples != 0).then_some(Asked {
        passed,
        swaps,
        by_triples,
    })
}

/// [`whole_line`]'s verdict on the `best` reading of `body`, held to the
/// line as the span judge's repairs leave it (`left`), weighed as the
/// reading was: [`Verdict::Replace`] where the reading wins by the margin,
/// else [`undo`] where the repairs are `undoable`, or where they leave
/// `no_text` (see [`whole_line`]).
fn held_to_left(
    body: &str,
    left: &str,
    best: Best,
    passed: bool,
    noise: f32,
    undoable: bool,
    no_text: &dyn Fn() -> bool,
) -> Option<Verdict> {
    let Best {
        score,
        reading,
        path,
        lost,
        weighing,
    } = best;
    // (The line's cost is asked only as far as the answer needs: whether
    // the reading beats it, and if not, whether the repairs left noise.
    // Most lines a reading is weighed for settle on the language that
    // writes them. A line with a word that cannot be written is, by that
    // alone, likelier garbled: its shape is evidence the margin credits.)
    let margin = if !passed && has_incoherent_word(left) {
        MARGIN - SHAPE_EVIDENCE
    } else {
        MARGIN
    };
    let lm_left = model::lm::lm().cost(left);
    // (The gain of the letters one by one, asked at most twice, worked out
    // once.)
    let one_by_one = std::cell::OnceCell::new();
    let gain_at_most = |limit: f32| {
        if weighing == Weighing::Pairs {
            model::language_gain_by_pairs_at_most(left, limit)
        } else {
            *one_by_one.get_or_init(|| model::language_gain(left)) <= limit
        }
    };
    // (The line's cost by its letter triples, asked at most twice.)
    let by_letters = std::cell::OnceCell::new();
    let triples_cost = || *by_letters.get_or_init(|| cost_by_triples(left, noise, None));
    let beaten = score + margin <= noise
        && match weighing {
            // (A passed line is held to every language, not only those
            // the pairs rank best: the pairs' bound did not let its reading
            // through, and most such lines are clean text that the
            // language they are in refutes at once.)
            Weighing::Triples if passed => costs_at_least_by_triples(left, score + margin),
            Weighing::Triples => triples_cost() >= score + margin,
            _ => gain_at_most(lm_left - (score + margin)),
        };
    if !beaten && !super::debug() {
        return (undoable && lm_left >= noise && gain_at_most(lm_left - noise) || no_text())
            .then_some(Verdict::Undo);
    }
    let left_cost = match weighing {
        Weighing::Triples => triples_cost(),
        Weighing::Pairs => cost_by_pairs(left, noise, None),
        Weighing::Text => cost_from(lm_left, left, noise),
    };
    if super::debug() {
        eprintln!(
            "decode: {path:?} {:?} -> {reading:?}: {score:.1} against {left_cost:.1}",
            body
        );
    }
    if score + margin > left_cost {
        return undo(undoable, left_cost, noise).or_else(|| no_text().then_some(Verdict::Undo));
    }
    let (layers, saved) = match path {
        Path::Utf8As(cp) => (Layers::new(&[cp]), None),
        Path::Legacy { saved, shown } => (Layers::new(&[shown]), Some(saved)),
    };
    Some(Verdict::Replace(Repair {
        start: 0,
        end: body.len(),
        replacement: reading,
        layers,
        lossy: lost,
        c1: false,
        lost: false,
        saved,
        // (By how much it beat the line as left, beyond the margin.)
        margin: Some(left_cost - score - margin),
    }))
}

/// How a story of a line is weighed (see [`most_probable_reading`]); the
/// line as left is weighed the same way as the reading it is held to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Weighing {
    /// As text: [`cost`].
    Text,
    /// Read letter for letter, its language by letter pairs:
    /// [`cost_by_pairs`].
    Pairs,
    /// Read letter for letter, each changed letter in a word, its Latin
    /// letters by letter triples: [`cost_by_triples`].
    Triples,
}

impl Weighing {
    /// The cost of `text` weighed this way, in one of `langs` (`None`:
    /// any; as text, any).
    fn cost(self, text: &str, noise: f32, langs: Option<&[u16]>) -> f32 {
        match self {
            Weighing::Text => cost(text, noise),
            Weighing::Pairs => cost_by_pairs(text, noise, langs),
            Weighing::Triples => cost_by_triples(text, noise, langs),
        }
    }
}

/// A reading [`most_probable_reading`] has weighed, its cost (`None`:
/// incoherent), the languages it may be in, and how it was weighed.
type Weighed = (String, Option<f32>, Option<&'static [u16]>, Weighing);

/// The most probable reading of a line ([`most_probable_reading`]).
struct Best {
    /// Its cost (see [`Weighing`]) plus its path's prior and what its lost
    /// bytes cost.
    score: f32,
    reading: String,
    path: Path,
    /// Bytes it put back.
    lost: u32,
    /// How it was weighed (so must the line be).
    weighing: Weighing,
}

/// The most probable reading of `body` (a line; `left`: as the span judge
/// leaves it) through the paths of the channel that `possible` allows
/// ([`Best`]): the model's cost of the reading ([`cost`], floored at
/// `noise`) plus the path's prior and what its lost bytes cost. Each
/// reading is coherent, holds nothing never written, and differs from the
/// line and from `left`; a reading that several paths give is weighed once.
/// A reading letter for letter (every line the span judge `passed`, a
/// coherent one, and any other line a legacy path reads so, `bajtù` for
/// `bajtů`) has its language weighed by letter pairs ([`cost_by_pairs`]),
/// in one of the languages its path's saved encoding writes
/// ([`super::channel::allowed`]); where the line is incoherent and each
/// changed letter stands in a word, by letter triples
/// ([`cost_by_triples`]). (A coherent line is read only through a proven
/// path that [`LetterSwap::may_win`](super::channel::LetterSwap::may_win)
/// lets through, a bound of the letter pairs' weighing.)
fn most_probable_reading(
    body: &str,
    left: &str,
    passed: bool,
    noise: f32,
    buf: &mut Buffers,
    possible: impl Fn(Path) -> bool,
    by_triples: impl Fn(Path) -> bool,
) -> Option<Best> {
    let mut best: Option<Best> = None;
    // (Each reading judged so far: its cost in each way it was weighed, or
    // `None` if incoherent.)
    let mut weighed: Vec<Weighed> = Vec::new();
    for ch in CHANNEL {
        if !possible(ch.path) {
            continue;
        }
        // (Only a UTF-8 reading that put a lost byte back has a merged
        // variant.)
        let mut lossy = false;
        for merged in [false, true] {
            if merged && !lossy {
                break;
            }
            if !ch.path.may_cohere(body, buf) {
                if super::debug() {
                    eprintln!("decode: {:?} letters incoherent", ch.path);
                }
                break;
            }
            let Some((reading, lost)) = ch.path.read(body, buf, merged) else {
                if super::debug() && !merged {
                    eprintln!("decode: {:?} cannot read", ch.path);
                }
                break;
            };
            lossy = lost > 0;
            // (Paths that differ on bytes a line lacks read it alike: each
            // reading is judged coherent once, and weighed once in each
            // way it is weighed. Each judged one was acceptable.)
            let seen = weighed.iter().position(|w| w.0 == reading);
            if reading == left || reading == body || (seen.is_none() && !acceptable(&reading)) {
                if super::debug() {
                    eprintln!("decode: {:?} {reading:?} same or unacceptable", ch.path);
                }
                continue;
            }
            // (Coherence first: it turns most readings away, and costs less
            // than the model.)
            let coheres = match seen {
                Some(k) => weighed[k].1.is_some(),
                None => coherent(&reading),
            };
            if !coheres {
                if super::debug() {
                    eprintln!("decode: {:?} {reading:?} incoherent", ch.path);
                }
                if seen.is_none() {
                    weighed.push((reading, None, None, Weighing::Text));
                }
                // (The merged reading is the same text with a space more
                // after each lost byte: as incoherent.)
                break;
            }
            // (A reading letter for letter, whatever the line's shape,
            // differs from the line only in which Latin letters it has:
            // which letter follows which tells the two apart, see
            // [`cost_by_pairs`]. `bajtù` is no Czech, `bajtů` is.)
            let by_pairs = passed
                || matches!(ch.path, Path::Legacy { saved, shown }
                    if saved.is_single_byte() && shown.is_single_byte())
                    && super::channel::reads_letter_for_letter(body, &reading);
            // (A passed line read through a path the pairs' bound did not
            // let through is weighed by the triples or not at all.)
            let by_triples = passed && by_triples(ch.path);
            let weighing = if !by_pairs {
                Weighing::Text
            } else if (!passed || by_triples) && changes_inside_words(body, &reading) {
                Weighing::Triples
            } else if by_triples {
                continue;
            } else {
                Weighing::Pairs
            };
            let langs = if by_pairs {
                super::channel::allowed(ch.path)
            } else {
                None
            };
            // (Merged or not, the model decides: a word that ends in the
            // lost byte's letter, `voilà le`, or that goes on, `bàsics`.)
            let known = weighed
                .iter()
                .find(|w| w.0 == reading && w.1.is_some() && w.2 == langs && w.3 == weighing);
            let text_cost = match known.and_then(|w| w.1) {
                Some(c) => c,
                None => {
                    let c = weighing.cost(&reading, noise, langs);
                    weighed.push((reading.clone(), Some(c), langs, weighing));
                    c
                }
            };
            let score = text_cost + ch.prior + LOST_BYTE * lost as f32;
            if best.as_ref().is_some_and(|b| b.score <= score) {
                continue;
            }
            best = Some(Best {
                score,
                reading,
                path: ch.path,
                lost,
                weighing,
            });
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(line: &str) -> Option<String> {
        whole_line(
            line,
            super::super::scan_found(line),
            &super::super::find(line),
            0,
        )
        .and_then(|v| match v {
            Verdict::Replace(r) => Some(r.replacement),
            Verdict::Undo => None,
        })
    }

    #[test]
    fn legacy_lines_are_read_in_their_codepage() {
        for (shown, meant) in [
            (
                "êîíôèãóðàöèîííèÿò ôàéë „%s“ íå ìîæå äà áúäå ñúçäàäåí",
                "конфигурационният файл „%s“ не може да бъде създаден",
            ),
            ("îÅ ÕÄÁÌÏÓØ ÐÒÏÞÉÔÁÔØ ÉÎÄÅËÓ", "Не удалось прочитать индекс"),
            (
                "Ìàêñèìàëåí ïðîñòîð êî¼ å ìó áèäå äàäåí",
                "Максимален простор кој е му биде даден",
            ),
        ] {
            assert_eq!(decoded(shown).as_deref(), Some(meant), "{shown}");
        }
    }

    /// A line whose letters no one language writes together, read letter
    /// for letter through a legacy path, is weighed by its letters in
    /// context: `kljuè` beside `sadržan` is no text, Croatian `ključ` is.
    /// A letter that stands alone has no context: `znak Æ` beside `že`
    /// stays (the letter triples alone would read `Ć`).
    #[test]
    fn incoherent_lines_read_letter_for_letter_are_weighed_by_letters_in_context() {
        for (shown, meant) in [
            (
                "KLJUÈ       (Neobavezno) kljuè sadržan unutar sheme",
                "KLJUČ       (Neobavezno) ključ sadržan unutar sheme",
            ),
            (
                "Magyar (QWERTY, 101 gombos, vesszõ, halott billentyûk)",
                "Magyar (QWERTY, 101 gombos, vessző, halott billentyűk)",
            ),
            // (One changed letter each, which the letter pairs weighed
            // too lightly.)
            (
                "Program ni uspel zagnati storitve, ker je že zagnana v ozadju in èaka na",
                "Program ni uspel zagnati storitve, ker je že zagnana v ozadju in čaka na",
            ),
            (
                "Pokušajte ponovo kasnije, poslužitelj je zauzet i ne može odgovoriti na vaš zahtjev za pristup datoteci uskoro æe biti",
                "Pokušajte ponovo kasnije, poslužitelj je zauzet i ne može odgovoriti na vaš zahtjev za pristup datoteci uskoro će biti",
            ),
        ] {
            assert_eq!(decoded(shown).as_deref(), Some(meant), "{shown}");
        }
        for clean in [
            "Vnesite znak Æ v polje za iskanje, nato že pritisnite tipko",
            "Na tipkovnici že najdete znak Æ",
        ] {
            assert_eq!(decoded(clean), None, "{clean}");
        }
        // (Coherent lines are not read so without the document's proof.)
        for clean in ["Il était une fois, à la carte, très bien", "Då är det så"] {
            assert_eq!(decoded(clean), None, "{clean}");
        }
    }

    #[test]
    fn lines_that_are_no_text_are_left_alone() {
        // A list of accented capitals reads as a list of Cyrillic letters
        // in KOI8-R: no more text than it was.
        for line in [
            "ÀÁÂÃÄÅ ÈÉÊË ÌÍÎÏ ÒÓÔÕÖ ÙÚÛÜ Ý",
            // (`la casaÂ grande: à£ 5 y Ð ˆ cinco` is a known failure of
            // tests/data/cases.toml: lost-nbsp-reading-must-stand-alone.)
            "wirtschaftlich bestätigtº' diejenigen android britische ›ªerklärt",
            "TESTES SORTEIOª„ …±POSSAM FAMOSO END MECÂNICA POETA CV VOLANTE",
        ] {
            assert_eq!(decoded(line), None, "{line}");
        }
    }

    /// [`LetterSwap::may_win`](super::super::channel::LetterSwap::may_win)
    /// is a necessary condition: a letter-for-letter reading that beats its
    /// line by the margin, as the decoder weighs it, passes it.
    #[test]
    fn may_win_holds_for_every_winning_swap() {
        use super::super::channel::{allowed, letter_swaps, shown_bytes};
        let mut won = 0;
        for line in [
            "Ponastavi vse kljuèe SHEME na privzete vrednosti",
            "Proszê czekaæ, trwa zapisywanie zmian",
            "Eðer TRUE ise, kullanýcýlar pencere boyutlarýný deðiþtirebilir",
            "Vçrtîbas Pozîcija",
            "Il était une fois, à la carte, très bien",
            "è",
            "Då är det så, på återseende",
        ] {
            let noise = noise_cost(line);
            let reads = |s: &&super::super::channel::LetterSwap| {
                shown_bytes(line, s.shown()).is_some_and(|p| s.reads_letters(p))
            };
            for swap in letter_swaps().iter().filter(reads) {
                let mut buf = Buffers::default();
                let Some((reading, _)) = swap.path.read(line, &mut buf, false) else {
                    continue;
                };
                let prior = CHANNEL.iter().find(|c| c.path == swap.path).unwrap().prior;
                let langs = allowed(swap.path);
                if cost_by_pairs(&reading, noise, langs) + prior + MARGIN
                    <= cost_by_pairs(line, noise, None)
                {
                    won += 1;
                    assert!(swap.may_win(line), "{line} {:?}", swap.path);
                }
            }
        }
        assert!(won >= 3, "{won}");
    }

    proptest::proptest! {
        #![proptest_config(crate::testing::fixed_cases(4000))]

        /// A path whose letters alone are incoherent has no coherent
        /// reading but the line itself, and a CJK codepage none for a line
        /// without its characters ([`Path::may_cohere`] is a necessary
        /// condition).
        #[test]
        fn may_cohere_is_necessary(
            s in "([A-Za-z]{0,3}[àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿßšžŠŽþðÞÐ¿¹³ºªµ×÷]{0,2}[ .,]?){0,6}"
        ) {
            for ch in CHANNEL {
                let mut buf = Buffers::default();
                if !ch.path.may_cohere(&s, &mut buf) {
                    let reading = ch.path.read(&s, &mut buf, false);
                    proptest::prop_assert!(
                        reading.is_none_or(|(r, _)| r == s || !coherent(&r)),
                        "{:?} {:?}", ch.path, s
                    );
                }
            }
        }

        /// A legacy path's reading tells whether it reads a line letter for
        /// letter as its table of letter swaps tells it from the line's
        /// bytes ([`super::super::channel::reads_letter_for_letter`],
        /// [`LetterSwap::reads_letters`](super::super::channel::LetterSwap::reads_letters)).
        #[test]
        fn letter_for_letter_from_the_reading_is_from_the_table(
            s in "([A-Za-z]{0,3}[àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿßšžŠŽþðÞÐ¿¹³ºªµ×÷ÀÈÌÒÙÁÉÍÓÚÂÊÎÔÛÃÕÑÄËÏÖÜ’“€]{0,2}[ .,]?){0,6}"
        ) {
            use super::super::channel::{letter_swaps, reads_letter_for_letter, shown_bytes};
            for swap in letter_swaps() {
                let mut buf = Buffers::default();
                let Some((reading, _)) = swap.path.read(&s, &mut buf, false) else {
                    continue;
                };
                let table = shown_bytes(&s, swap.shown()).is_some_and(|p| swap.reads_letters(p));
                proptest::prop_assert_eq!(
                    reads_letter_for_letter(&s, &reading),
                    table,
                    "{:?} {:?} {:?}", swap.path, s, reading
                );
            }
        }
    }
}
