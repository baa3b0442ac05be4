//! The [`Change`]s a line's repairs and steps are explained by.
//!
//! Guarantees: each change gives the place in the input (line, column,
//! byte range) of the text it replaced, that text, what replaced it, the
//! steps that replay it, and the margin by which its repair beat its bar
//! where a judge weighed it.

use super::engine::Pos;
use crate::explain::{Change, Margin, Step};
use crate::repair;
use crate::tidy::Fix;
use crate::Codepage;

pub(super) fn change_of(line: &str, at: Pos, r: &repair::Repair) -> Change {
    let mut steps: Vec<Step> = if let Some(saved) = r.saved {
        vec![Step::Reread {
            saved: saved.name().to_string(),
            shown: r.layers[0],
        }]
    } else if r.lost {
        vec![
            Step::Reversed {
                codepage: r.layers[0],
            },
            Step::LostByte,
        ]
    } else if r.c1 {
        match r.layers.first() {
            Some(&codepage) if codepage != Codepage::Windows1252 => {
                vec![Step::C1ControlAs { codepage }]
            }
            _ => vec![Step::C1Control],
        }
    } else {
        r.layers
            .iter()
            .map(|&codepage| Step::Reversed { codepage })
            .collect()
    };
    if r.lossy > 0 {
        steps.push(Step::RestoredNbsp { count: r.lossy });
    }
    Change {
        line: at.line,
        column: at.column + line[..r.start].chars().count(),
        range: at.offset + r.start..at.offset + r.end,
        before: line[r.start..r.end].to_string(),
        after: r.replacement.clone(),
        steps,
        // (A repair made without a bar has no margin to show.)
        margin: r.margin.filter(|m| m.is_finite()).map(Margin::from_nats),
    }
}

pub(super) fn whole_line_change(line: &str, at: Pos, after: &str, step: Step) -> Change {
    let body = line.trim_end_matches(['\n', '\r']);
    Change {
        line: at.line,
        column: at.column,
        range: at.offset..at.offset + body.len(),
        before: body.to_string(),
        after: after.trim_end_matches(['\n', '\r']).to_string(),
        steps: vec![step],
        margin: None,
    }
}

/// The change a tidying step made to the piece `line` at `at`: from
/// `before` (the text the step was given) to `after`.
pub(super) fn tidied(line: &str, at: Pos, before: &str, after: &str, fix: Fix) -> Change {
    let mut c = whole_line_change(line, at, after, Step::Tidied { fix });
    c.before = before.trim_end_matches(['\n', '\r']).to_string();
    c
}
