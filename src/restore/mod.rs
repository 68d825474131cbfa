//! Stage 3, restore: diacritics and OCR confusions.
//!
//! (Being built: noisy channel + syllable language model. For now lines pass unchanged.)

use serde::{Deserialize, Serialize};

/// The kind of damage a document's text shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Damage {
    /// Correct Vietnamese with its marks (digital PDF text, typed text).
    Clean,
    /// Letters right, marks stripped (`ty le phu song`).
    Stripped,
    /// Tesseract with a non-Vietnamese model: marks lost or wrong, digits for letters.
    OcrLatinModel,
    /// A Latin-1-minded OCR: `cüa`, `h9c`, letters dropped.
    OcrLatin1,
}

impl Damage {
    /// The name written in `source.damage`.
    pub fn name(self) -> &'static str {
        match self {
            Damage::Clean => "clean",
            Damage::Stripped => "stripped",
            Damage::OcrLatinModel => "ocr-latin-model",
            Damage::OcrLatin1 => "ocr-latin1",
        }
    }
}
