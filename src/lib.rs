//! mojifix repairs mojibake.

#![deny(missing_docs)]

mod codec;
mod fixer;
mod model;
mod repair;

use std::borrow::Cow;

pub use codec::Codepage;
pub use fixer::{Fixer, FixerBuilder};

/// Repairs mojibake in `text` with the default settings, then NFC.
pub fn fix_str(text: &str) -> Cow<'_, str> {
    default_fixer().fix_str(text)
}

fn default_fixer() -> &'static Fixer {
    static F: std::sync::OnceLock<Fixer> = std::sync::OnceLock::new();
    F.get_or_init(Fixer::new)
}
#[doc(hidden)]
pub mod __private {
    //! Internals for the table generator in `examples/`; not a public API.
    pub mod model {
        //! The plausibility model's id mapping.
        use crate::model::{class, model};
        /// The boundary id.
        pub const BOUNDARY: usize = class::BOUNDARY as usize;
        /// Number of ids.
        pub fn size() -> usize {
            model().size()
        }
        /// Number of coarse classes.
        pub fn class_count() -> usize {
            usize::from(class::COUNT)
        }
        /// The id of a character.
        pub fn id(c: char) -> usize {
            usize::from(model().id(c))
        }
        /// The coarse class of an id.
        pub fn class_of_id(id: usize) -> usize {
            usize::from(model().class_of_id(id as u16))
        }
    }
}
