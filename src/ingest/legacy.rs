//! Legacy Vietnamese encodings: TCVN3 (ABC), VNI-Windows, Windows-1258 and VIQR.
//!
//! (Being filled in: detection and conversion tables.)

use super::Encoding;

/// Decodes bytes that are not UTF-8 as the legacy single-byte encoding that fits best.
pub(crate) fn decode_bytes(_bytes: &[u8]) -> Option<(Encoding, String)> {
    None
}

/// Repairs UTF-8 text that is legacy mojibake or VIQR; `None` for ordinary text.
pub(crate) fn repair_text(_text: &str) -> Option<(Encoding, String)> {
    None
}
