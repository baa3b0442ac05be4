//! What the scan's hotspots tell of a line: its [`repair::survey`],
//! without surveying it again.
//!
//! Guarantees: [`surveyed`] gives the line's survey exactly, or `None`
//! (then the line is surveyed as usual), or, for a line that is not NFC and
//! will be normalized and surveyed again, only that; a test holds it to the
//! survey.

use crate::bytes::PIECE;
use crate::repair;

#[cfg(doc)]
use super::Engine;

/// The [`repair::survey`] of `line`, a whole line of a text given to
/// [`Engine::lines_at`], ending at `end` there, from what its hotspots
/// (`hits`, from the line's first on) tell: a start of mojibake in it
/// (then only NFC is asked), its legacy shape alone (then it is NFC and
/// starts nothing), or stretches that are not NFC and no start (then only
/// its legacy shape is asked). `None` for a line longer than a piece. (A
/// test holds these to the survey.)
///
/// `normalized`: the hotspots were found for a line that is not NFC being
/// normalized and its NFC surveyed again ([`repair::hotspots_with`]); then
/// of such a line without a start only that is told (`nfc` false; it is
/// not asked whether it may hold mojibake: `mojibake` false, `legacy`
/// `None`).
pub(super) fn surveyed(
    line: &str,
    hits: &[repair::Hot],
    end: usize,
    normalized: bool,
) -> Option<repair::Survey> {
    if line.len() > PIECE {
        return None;
    }
    let (mut start, mut legacy, mut nfc) = (false, false, false);
    for h in hits.iter().take_while(|h| h.at < end) {
        match h.why {
            repair::Why::Start => start = true,
            repair::Why::Legacy => legacy = true,
            repair::Why::Nfc => nfc = true,
        }
    }
    if start {
        // Up to its first start the scan has asked NFC of the line (a
        // stretch that is not NFC is a hotspot of its own): where none
        // was, and the start is a character the text can be cut before
        // ([`crate::nfc::trivial`]), only the rest is asked.
        let line_start = end - line.len();
        let rest = hits
            .iter()
            .take_while(|h| h.at < end)
            .find(|h| h.why == repair::Why::Start)
            .map(|h| &line[h.at - line_start..])
            .filter(|rest| !nfc && rest.chars().next().is_some_and(crate::nfc::trivial));
        Some(repair::Survey {
            mojibake: true,
            nfc: crate::nfc::is_nfc(rest.unwrap_or(line)),
            found: repair::Found {
                starts: true,
                legacy: None,
            },
        })
    } else if legacy && !nfc {
        Some(repair::Survey {
            mojibake: true,
            nfc: true,
            found: repair::Found {
                starts: false,
                legacy: Some(true),
            },
        })
    } else if nfc && normalized {
        // Its NFC is surveyed again: nothing else is asked.
        Some(repair::Survey {
            mojibake: false,
            nfc: false,
            found: repair::Found {
                starts: false,
                legacy: None,
            },
        })
    } else if nfc {
        // Stretches that are not NFC and no start: only its legacy shape
        // is asked.
        let legacy = repair::coherence::may_be_legacy(line);
        Some(repair::Survey {
            mojibake: legacy,
            nfc: false,
            found: repair::Found {
                starts: false,
                legacy: Some(legacy),
            },
        })
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    /// What the hotspots tell of a line ([`surveyed`]) is its survey: on
    /// the held-out UDHR, its NFD, lines garbled through windows-1252,
    /// typography, legacy lines and box drawing, a line at a time as
    /// [`Engine::lines_at`] takes them.
    #[test]
    fn hotspots_tell_the_survey() {
        let udhr = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/udhr/udhr-heldout.txt"),
        )
        .expect("corpus");
        let mut text = String::new();
        for (i, line) in udhr.lines().enumerate().step_by(3) {
            match i % 4 {
                0 => text.push_str(line),
                1 => text.extend(line.nfd()),
                2 => {
                    let (garbled, _) =
                        encoding_rs::WINDOWS_1252.decode_without_bom_handling(line.as_bytes());
                    text.push_str(&garbled);
                }
                _ => text.push_str(&format!("{line} – “{line}” ’é ─┤ Ka¿dy portÈe")),
            }
            text.push('\n');
        }
        text.push_str("Ka¿dy cz³owiek\nna\u{85}ve\n────────┤\ncafé crème\nÃ©tÃ©\n");
        // A start with text that is not NFC after it, or before it.
        text.push_str(
            "Ã©tÃ© cafe\u{301}\nÃ©\u{301}t\ncafe\u{301} Ã©tÃ©\nе\u{308}ще Ã©tÃ© е\u{308}\n",
        );
        text.push_str("Ã\u{301}©t\nсловÐ¾ e\u{323}\u{302}\nÃ©tÃ©");
        // (Normalized: of a line that is not NFC, only that is told, and
        // the same lines are told.)
        let mut lines_told = [Vec::new(), Vec::new()];
        for normalized in [false, true] {
            let hits = repair::hotspots_with(&text, normalized);
            let b = text.as_bytes();
            let (mut told, mut at) = ([0; 3], 0);
            for (k, h) in hits.iter().enumerate() {
                if h.at < at {
                    continue;
                }
                let start = memchr::memrchr(b'\n', &b[..h.at]).map_or(0, |n| n + 1);
                let end = memchr::memchr(b'\n', &b[h.at..]).map_or(b.len(), |n| h.at + n + 1);
                let line = &text[start..end];
                lines_told[usize::from(normalized)].push(start);
                if let Some(s) = surveyed(line, &hits[k..], end, normalized) {
                    let want = repair::survey(line);
                    if normalized && !want.nfc {
                        assert!(!s.nfc, "{line:?}");
                    } else {
                        assert_eq!(s, want, "{line:?}");
                    }
                    // Each way it tells: a start, legacy shape, NFC.
                    told[if s.found.starts {
                        0
                    } else if s.nfc {
                        1
                    } else {
                        2
                    }] += 1;
                }
                at = end;
            }
            assert!(told.iter().all(|&n| n >= 3) && told[0] > 500, "{told:?}");
        }
        assert_eq!(lines_told[0], lines_told[1]);
    }
}
