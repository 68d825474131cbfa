//! The crate's error type: opaque, with a kind to match on.

use std::fmt;

/// Why an input could not be converted at all.
///
/// Most problems do not stop a conversion: they become diagnostics in the record.
/// An `Error` is for input that is not text, where going on would produce garbage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
}

/// What went wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The bytes are a binary format (PDF, an image, an archive…), named here.
    NotText {
        /// The format found (`PDF`, `PNG image`, `ZIP archive`, `binary data`).
        format: String,
        /// Byte offset of the evidence (0 for a magic number).
        offset: u64,
    },
}

impl Error {
    pub(crate) fn not_text(format: &str, offset: u64) -> Error {
        Error {
            kind: ErrorKind::NotText {
                format: format.to_string(),
                offset,
            },
        }
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::NotText { format, offset } => write!(
                f,
                "input is a {format} (evidence at byte {offset}), not text: run OCR on it first (e.g. `tesseract page.png out -l vie`) and convert the text"
            ),
        }
    }
}

impl std::error::Error for Error {}
