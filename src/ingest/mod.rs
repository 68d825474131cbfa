//! Stage 1, ingest: bytes → numbered lines of NFC text.
//!
//! Finds the encoding (UTF-8 with or without BOM, UTF-16 with BOM, or one of the legacy
//! Vietnamese encodings in [`legacy`]), refuses binary files with an error naming their
//! format, normalises to NFC, splits lines on LF, CRLF and CR, and counts pages at form
//! feeds. Nothing is dropped: every line keeps its number, and every repair is reported.

pub mod legacy;

use crate::error::Error;
use crate::record::{Diagnostic, Level, LineSpan};
use unicode_normalization::UnicodeNormalization;

/// The encoding a text was found in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// UTF-8 (also plain ASCII).
    Utf8,
    /// UTF-8 with a byte-order mark.
    Utf8Bom,
    /// UTF-16 little-endian with a byte-order mark.
    Utf16Le,
    /// UTF-16 big-endian with a byte-order mark.
    Utf16Be,
    /// Windows-1258 (Vietnamese code page with combining tone marks).
    Windows1258,
    /// TCVN 5712:1993 "VN3" (the ABC fonts, `.VnTime`), as raw bytes.
    Tcvn3,
    /// VNI-Windows (the VNI fonts), as raw bytes.
    Vni,
    /// TCVN3 bytes that were decoded as Windows-1252 into UTF-8 (`KÕ ho¹ch`).
    Tcvn3Mojibake,
    /// VNI bytes that were decoded as Windows-1252 into UTF-8 (`Keá hoaïch`).
    VniMojibake,
    /// VIQR, marks written as ASCII after the letter (`Ke^' hoa.ch`).
    Viqr,
}

impl Encoding {
    /// The name written in `source.encoding`.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf8Bom => "utf-8-bom",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Windows1258 => "windows-1258",
            Encoding::Tcvn3 => "tcvn3",
            Encoding::Vni => "vni",
            Encoding::Tcvn3Mojibake => "tcvn3-as-windows-1252",
            Encoding::VniMojibake => "vni-as-windows-1252",
            Encoding::Viqr => "viqr",
        }
    }
}

/// One line of input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceLine {
    /// 1-based line number.
    pub n: u32,
    /// 1-based page number (a form feed starts a new page).
    pub page: u32,
    /// The decoded, NFC-normalised text, without the line end.
    pub text: String,
}

/// The result of ingestion.
#[derive(Clone, Debug, PartialEq)]
pub struct Ingested {
    /// The encoding found.
    pub encoding: Encoding,
    /// Lines in order.
    pub lines: Vec<SourceLine>,
    /// What was repaired or guessed.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads bytes into lines. Fails only for input that is not text at all.
///
/// ```
/// let ingested = kehoach::ingest::ingest("\u{feff}Kế hoạch\r\nSố 57\r\n".as_bytes()).unwrap();
/// assert_eq!(ingested.encoding, kehoach::ingest::Encoding::Utf8Bom);
/// assert_eq!(ingested.lines[1].text, "Số 57");
/// ```
pub fn ingest(bytes: &[u8]) -> Result<Ingested, Error> {
    let mut diagnostics = Vec::new();
    let (encoding, text) = decode(bytes, &mut diagnostics)?;
    let text = normalize(&text);
    let lines = split_lines(&text);
    if lines.iter().all(|l| l.text.trim().is_empty()) {
        diagnostics.push(Diagnostic::new(Level::Warning, "empty-input", "the input holds no text"));
    }
    if encoding != Encoding::Utf8 && encoding != Encoding::Utf8Bom {
        diagnostics.push(Diagnostic::new(
            Level::Info,
            "encoding-converted",
            format!("converted from {} to UTF-8", encoding.name()),
        ));
    }
    Ok(Ingested {
        encoding,
        lines,
        diagnostics,
    })
}

/// Decodes bytes to a string, choosing the encoding.
fn decode(bytes: &[u8], diagnostics: &mut Vec<Diagnostic>) -> Result<(Encoding, String), Error> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        let (text, _) = decode_utf8(rest, 3, diagnostics);
        return Ok((Encoding::Utf8Bom, text));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return Ok((Encoding::Utf16Le, decode_utf16(rest, u16::from_le_bytes, diagnostics)));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return Ok((Encoding::Utf16Be, decode_utf16(rest, u16::from_be_bytes, diagnostics)));
    }
    if let Some((format, offset)) = sniff_binary(bytes) {
        return Err(Error::not_text(format, offset));
    }
    match std::str::from_utf8(bytes) {
        // Detection sees the text composed, as every later reader does: otherwise a
        // decomposed `Ö` would hide mojibake that a second ingestion then repairs.
        Ok(text) => {
            let text: String = text.nfc().collect();
            match legacy::repair_text(&text) {
                Some((encoding, repaired)) => Ok((encoding, repaired)),
                None => Ok((Encoding::Utf8, text)),
            }
        }
        Err(_) => {
            if let Some((encoding, text)) = legacy::decode_bytes(bytes) {
                return Ok((encoding, text));
            }
            let (text, _) = decode_utf8(bytes, 0, diagnostics);
            Ok((Encoding::Utf8, text))
        }
    }
}

/// Lossy UTF-8 with a diagnostic that lists the offsets of the bad bytes.
fn decode_utf8(bytes: &[u8], base: usize, diagnostics: &mut Vec<Diagnostic>) -> (String, usize) {
    let mut out = String::with_capacity(bytes.len());
    let mut bad = Vec::new();
    let mut rest = bytes;
    let mut pos = 0usize;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.push_str(s);
                break;
            }
            Err(e) => {
                let good = e.valid_up_to();
                out.push_str(std::str::from_utf8(&rest[..good]).unwrap_or_default());
                out.push('\u{FFFD}');
                let skip = e.error_len().unwrap_or(rest.len() - good).max(1);
                bad.push(base + pos + good);
                pos += good + skip;
                rest = &rest[good + skip..];
            }
        }
    }
    if !bad.is_empty() {
        let shown: Vec<String> = bad.iter().take(20).map(|o| o.to_string()).collect();
        let more = if bad.len() > 20 { format!(" and {} more", bad.len() - 20) } else { String::new() };
        diagnostics.push(Diagnostic::new(
            Level::Warning,
            "invalid-utf8",
            format!(
                "{} invalid UTF-8 sequence(s) replaced by U+FFFD at byte offset(s) {}{}",
                bad.len(),
                shown.join(", "),
                more
            ),
        ));
    }
    (out, bad.len())
}

fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16, diagnostics: &mut Vec<Diagnostic>) -> String {
    let units: Vec<u16> = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]])).collect();
    let mut bad = 0usize;
    let text: String = char::decode_utf16(units)
        .map(|r| {
            r.unwrap_or_else(|_| {
                bad += 1;
                '\u{FFFD}'
            })
        })
        .collect();
    if bad > 0 || bytes.len() % 2 == 1 {
        diagnostics.push(Diagnostic::new(
            Level::Warning,
            "invalid-utf16",
            format!("{bad} unpaired surrogate(s) replaced; odd trailing byte: {}", bytes.len() % 2 == 1),
        ));
    }
    text
}

/// Names a binary format from its first bytes, or from NUL bytes where text has none.
fn sniff_binary(bytes: &[u8]) -> Option<(&'static str, u64)> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"%PDF", "PDF"),
        (b"\x89PNG", "PNG image"),
        (b"\xFF\xD8\xFF", "JPEG image"),
        (b"GIF8", "GIF image"),
        (b"II*\x00", "TIFF image"),
        (b"MM\x00*", "TIFF image"),
        (b"BM", "BMP image"),
        (b"PK\x03\x04", "ZIP archive (or DOCX/XLSX/ODT)"),
        (b"\xD0\xCF\x11\xE0", "Microsoft Office document (DOC/XLS)"),
        (b"\x1F\x8B", "gzip archive"),
        (b"Rar!", "RAR archive"),
        (b"7z\xBC\xAF", "7-Zip archive"),
        (b"RIFF", "RIFF media (WEBP/WAV/AVI)"),
        (b"{\\rtf", "RTF document"),
    ];
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(0);
    for (magic, name) in MAGIC {
        if bytes[start..].starts_with(magic) {
            return Some((name, start as u64));
        }
    }
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        return Some(("ISO media (HEIC/MP4)", 4));
    }
    // Text never holds NUL; other control bytes in quantity also mean binary.
    if let Some(p) = bytes.iter().position(|&b| b == 0) {
        return Some(("binary data", p as u64));
    }
    let head = &bytes[..bytes.len().min(4096)];
    let controls = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C)).count();
    if !head.is_empty() && controls * 10 > head.len() {
        return Some(("binary data", 0));
    }
    None
}

/// NFC, plus the Vietnamese letters that NFC leaves alone but that mean something else:
/// `Ð`/`ð` (Icelandic eth, used by legacy fonts for `Đ`/`đ`), a lone combining hook or
/// tone after a letter that NFC cannot compose, and no-break spaces.
pub fn normalize(text: &str) -> String {
    let composed: String = text.nfc().collect();
    composed
        .chars()
        .map(|c| match c {
            'Ð' => 'Đ',
            'ð' => 'đ',
            '\u{00A0}' | '\u{2007}' | '\u{202F}' => ' ',
            c => c,
        })
        .filter(|&c| c != '\u{FEFF}' && c != '\u{200B}')
        .collect()
}

/// Splits on LF, CRLF and CR; a form feed starts a new page and ends the line.
fn split_lines(text: &str) -> Vec<SourceLine> {
    let mut lines = Vec::new();
    let mut page = 1u32;
    let mut current = String::new();
    let mut line_page = page;
    let mut chars = text.chars().peekable();
    let push = |current: &mut String, line_page: u32, lines: &mut Vec<SourceLine>| {
        let n = lines.len() as u32 + 1;
        lines.push(SourceLine {
            n,
            page: line_page,
            text: std::mem::take(current),
        });
    };
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                push(&mut current, line_page, &mut lines);
                line_page = page;
            }
            '\n' => {
                push(&mut current, line_page, &mut lines);
                line_page = page;
            }
            '\u{0C}' => {
                page += 1;
                if !current.trim().is_empty() {
                    push(&mut current, line_page, &mut lines);
                }
                current.clear();
                line_page = page;
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        push(&mut current, line_page, &mut lines);
    }
    lines
}

/// The span of all lines, for diagnostics about the whole input.
pub fn whole(lines: &[SourceLine]) -> Option<LineSpan> {
    Some(LineSpan(lines.first()?.n, lines.last()?.n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_ends_and_pages() {
        let got = ingest(b"a\r\nb\rc\nd\x0ce\n").unwrap();
        let texts: Vec<&str> = got.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["a", "b", "c", "d", "e"]);
        assert_eq!(got.lines[4].page, 2);
        assert_eq!(got.lines[3].page, 1);
    }

    #[test]
    fn refuses_pdf() {
        let err = ingest(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj").unwrap_err();
        assert!(err.to_string().contains("PDF"));
        assert!(err.to_string().contains("OCR"));
    }

    #[test]
    fn decomposed_becomes_nfc() {
        let got = ingest("Ke\u{302}\u{301} hoa\u{323}ch".as_bytes()).unwrap();
        assert_eq!(got.lines[0].text, "Kế hoạch");
    }

    #[test]
    fn invalid_utf8_lists_offsets() {
        let got = ingest(b"Ba\xffn h\xc3\xa0nh ok").unwrap();
        assert_eq!(got.lines[0].text, "Ba\u{FFFD}n hành ok");
        assert!(got.diagnostics.iter().any(|d| d.code == "invalid-utf8" && d.message.contains("offset(s) 2")));
    }

    #[test]
    fn empty_input_is_a_warning() {
        let got = ingest(b"").unwrap();
        assert!(got.lines.is_empty());
        assert_eq!(got.diagnostics[0].code, "empty-input");
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Kế hoạch\nSố".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let got = ingest(&bytes).unwrap();
        assert_eq!(got.encoding, Encoding::Utf16Le);
        assert_eq!(got.lines[1].text, "Số");
    }
}
