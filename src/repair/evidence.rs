//! The evidence bar: how much a candidate's repair must gain over the run
//! as it stands ([`bar`]), and whether it gains that much ([`passes`]), on a
//! line proven garbled and on one that is not.
//!
//! Guarantees: both are pure functions of the candidate and the line's
//! proof, with no model call and no allocation; a candidate marked as
//! misfit, unreadable or glued to clean letters never passes, whatever its
//! gain. The tunables they use are the constants of [`super`].

use super::*;

/// The evidence a candidate needs: more for a lone sequence or a lost
/// byte, less on a line already proven garbled.
fn bar(c: &Candidate, proven: bool) -> f32 {
    let mut need = THRESHOLD;
    // A lone sequence: more evidence when the run is all letters (`Еј` for
    // `ż`) or reads as a letter (`Ę”` for `Ɣ`, `á´´` for `ᴴ`); one that
    // reads as a symbol (`Â¹`, `Â\u{a0}`) needs none.
    if c.seqs <= 1 && !proven && (c.letters_only || c.fix_letter) {
        need += SINGLE_EXTRA;
    }
    if c.seqs <= 1 && (c.same_shape || c.takes_letter) && !proven {
        need += SINGLE_EXTRA;
    }
    // A lone sequence read as a letter hardly anyone writes (`Ô•` is not
    // `ԕ`): not on its own evidence. (On a line proven garbled it may be:
    // the alphabets are thin, and Bulgarian `ѝ` is in none of them.)
    if c.seqs <= 1 && c.alien && !proven {
        return f32::INFINITY;
    }
    // A lone run garbled only in a codepage rarer than windows-1252:
    if c.seqs <= 1 && c.cps & 1 << Codepage::Windows1252.index() == 0 && !proven {
        // of symbols glued to other symbols it does not take in, which
        // garbled text would have garbled too: a chart of symbols (`«¬®¯`
        // is not mac_roman's `«¨¯`);
        if c.symbols_between {
            return f32::INFINITY;
        }
        // without Latin letters, standing apart (mac_roman `√π` for `ù`,
        // `∆°` for `ơ`): as likely meant as it is.
        if c.symbols_apart {
            need += SINGLE_EXTRA;
        }
    }
    if !c.first.is_single_byte() && !proven {
        // A lone multi-byte sequence (`襍｢` for `赢`) only on a line others
        // proved garbled.
        if c.seqs < 2 {
            return f32::INFINITY;
        }
        need += MULTIBYTE_EXTRA;
    }
    // Repairs take odd case changes away (`cafÃ©`); one that brings one
    // (`AHÅ™` read as `AHř`) needs a line that shows other damage.
    if !proven {
        need += ODD_CASE_EXTRA * c.odd_added as f32;
    }
    // A lost NBSP is evidence the line must give; a word whose odd case
    // the repair takes away gives it (`voilÃ  le`, where `IRMÃ DE` keeps
    // its capital).
    if !proven && c.lossy > 0 {
        need -= ODD_CASE_EXTRA * c.odd_removed.min(c.lossy) as f32;
    }
    if c.lossy > 0 {
        need += c.lossy as f32
            * if proven {
                LOSSY_PENALTY
            } else {
                LOSSY_PENALTY_UNPROVEN
            };
    }
    need
}

/// Whether a candidate has the evidence it needs.
pub(super) fn passes(c: &Candidate, proven: bool, relief: f32) -> bool {
    if c.misfit || c.unreadable || c.glued_clean {
        return false;
    }
    let (proven, relief) = if c.far_from_proof {
        (false, 0.0)
    } else {
        (proven, relief)
    };
    if c.replacement_char {
        return true;
    }
    // A letter of a foreign script standing alone, and a lone two-character
    // run whose first character the line writes clean elsewhere, need the
    // line's own proof: the document's memory does not carry them to other
    // lines.
    if c.seqs <= 1 && (c.foreign_alone || c.twin_clean) && !proven {
        return false;
    }
    // A short multi-byte run read as letters of a third script, neither
    // Latin nor the line's (`慢慢` among Chinese words read through EUC-KR
    // as Arabic `طط`): not on its own evidence.
    if !c.first.is_single_byte() && c.seqs <= 2 && c.third_script && !proven {
        return false;
    }
    // A run the document already proved garbled: as on a proven line, with
    // the relief of the codepage that garbled it; but one that gives its
    // word odd case (`PAMÄŤ` in Slovak capitals read as `PAMč`) still
    // needs its own line's proof for that.
    let odd_on_memory = if !proven && c.known {
        ODD_CASE_EXTRA * c.odd_added as f32
    } else {
        0.0
    };
    let proven = proven || c.known;
    let relief = if c.known { FAVOURED_RELIEF } else { relief } - odd_on_memory;
    // A lost byte on a line not proven garbled must be explained by the
    // characters themselves, not by the script around them.
    let gain = if c.lossy > 0 && !proven {
        c.gain - c.script_gain
    } else {
        c.gain
    };
    gain + relief > bar(c, proven)
}
