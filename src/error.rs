//! The library's error type: opaque, with a kind to match on.

use std::fmt;

/// What went wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// An encoding label that WHATWG does not define.
    UnknownEncoding,
}

/// An error from mojifix. The library never prints or exits: it returns
/// these.
///
/// ```
/// let err = mojifix::Fixer::builder().encoding_label("klingon").unwrap_err();
/// assert_eq!(err.kind(), mojifix::ErrorKind::UnknownEncoding);
/// assert!(err.to_string().contains("klingon"));
/// ```
#[derive(Clone, Debug)]
pub struct Error {
    kind: ErrorKind,
    detail: String,
}

impl Error {
    pub(crate) fn unknown_encoding(label: &str) -> Error {
        Error {
            kind: ErrorKind::UnknownEncoding,
            detail: label.to_string(),
        }
    }

    /// The kind of error.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            ErrorKind::UnknownEncoding => write!(
                f,
                "unknown encoding {:?}: use a WHATWG label such as utf-8, windows-1252, latin1, cp1250, \
                 koi8-r, macintosh, shift_jis, euc-kr, gbk, big5, utf-16le (the full list: \
                 https://encoding.spec.whatwg.org/#names-and-labels)",
                self.detail
            ),
        }
    }
}

impl std::error::Error for Error {}
