//! Legacy Vietnamese encodings: TCVN3 (ABC), VNI-Windows, Windows-1258 and VIQR.
//!
//! `decode_bytes` reads input that is not UTF-8 as the single-byte encoding that fits
//! best; `repair_text` undoes TCVN3 or VNI bytes that were once decoded as
//! Windows-1252 (mojibake such as `KÕ ho¹ch`, `Keá hoaïch`) and converts VIQR.
//!
//! Detection converts the text with each candidate and asks [`Syllable::parse`] whether
//! the words became Vietnamese syllables; no single character decides.
//!
//! - Bytes: TCVN3, VNI and Windows-1258 each decode the whole input. A candidate's
//!   good words are those with non-ASCII letters that parse as syllables; its bad
//!   words those that do not, plus mark bytes that followed no letter they fit. The
//!   candidate with the highest good − 2 × bad wins if bad is at most a third of good.
//!   Input that is mostly well-formed UTF-8 with a few bad bytes is left to the
//!   caller's lossy UTF-8.
//! - Mojibake: only lines holding characters of the Windows-1252 upper half and no
//!   Vietnamese letter outside it (such a line is already Unicode) are tried. Words
//!   are paired before and after conversion (ASCII separators survive both); a
//!   candidate is taken when at least two words turn from invalid into syllables
//!   (worth three points, a word that held a symbol or non-Vietnamese letter counting
//!   double), when at most a quarter as many turn from syllables into invalid words,
//!   and when at most half as many changed words stay invalid. Ordinary Vietnamese
//!   and OCR output fail the last two tests by far.
//! - VIQR: only lines without non-ASCII letters. A word counts as strong evidence when
//!   a breve, circumflex or horn forms a valid syllable (`Ke^'`); the text is VIQR when
//!   the evidence is worth two points (a tone or `dd` in the same word adds one), no
//!   more words with a quality mark fail than succeed, and at most five words carry
//!   marks for each strong word, so sentence ends (`do.`, `so?`) and quotes in English
//!   never tip the balance.
//!
//! VN3 has no codes for most toned capitals; `fix_vntimeh_case` restores their case
//! from context. How VIQR marks attach is documented at `convert_viqr_word`.

use super::Encoding;
use crate::vn::{Syllable, Tone};
use unicode_normalization::UnicodeNormalization;

// ---------------------------------------------------------------------------
// Letters

/// The twelve vowel rows (in the order of `crate::vn`'s tables) by the six tones
/// (in [`Tone`] order: level, grave, acute, hook, tilde, dot); lower then upper case.
#[rustfmt::skip]
const VOWELS: [[[char; 6]; 12]; 2] = [
    [
        ['a', 'à', 'á', 'ả', 'ã', 'ạ'],
        ['ă', 'ằ', 'ắ', 'ẳ', 'ẵ', 'ặ'],
        ['â', 'ầ', 'ấ', 'ẩ', 'ẫ', 'ậ'],
        ['e', 'è', 'é', 'ẻ', 'ẽ', 'ẹ'],
        ['ê', 'ề', 'ế', 'ể', 'ễ', 'ệ'],
        ['i', 'ì', 'í', 'ỉ', 'ĩ', 'ị'],
        ['o', 'ò', 'ó', 'ỏ', 'õ', 'ọ'],
        ['ô', 'ồ', 'ố', 'ổ', 'ỗ', 'ộ'],
        ['ơ', 'ờ', 'ớ', 'ở', 'ỡ', 'ợ'],
        ['u', 'ù', 'ú', 'ủ', 'ũ', 'ụ'],
        ['ư', 'ừ', 'ứ', 'ử', 'ữ', 'ự'],
        ['y', 'ỳ', 'ý', 'ỷ', 'ỹ', 'ỵ'],
    ],
    [
        ['A', 'À', 'Á', 'Ả', 'Ã', 'Ạ'],
        ['Ă', 'Ằ', 'Ắ', 'Ẳ', 'Ẵ', 'Ặ'],
        ['Â', 'Ầ', 'Ấ', 'Ẩ', 'Ẫ', 'Ậ'],
        ['E', 'È', 'É', 'Ẻ', 'Ẽ', 'Ẹ'],
        ['Ê', 'Ề', 'Ế', 'Ể', 'Ễ', 'Ệ'],
        ['I', 'Ì', 'Í', 'Ỉ', 'Ĩ', 'Ị'],
        ['O', 'Ò', 'Ó', 'Ỏ', 'Õ', 'Ọ'],
        ['Ô', 'Ồ', 'Ố', 'Ổ', 'Ỗ', 'Ộ'],
        ['Ơ', 'Ờ', 'Ớ', 'Ở', 'Ỡ', 'Ợ'],
        ['U', 'Ù', 'Ú', 'Ủ', 'Ũ', 'Ụ'],
        ['Ư', 'Ừ', 'Ứ', 'Ử', 'Ữ', 'Ự'],
        ['Y', 'Ỳ', 'Ý', 'Ỷ', 'Ỹ', 'Ỵ'],
    ],
];

const ROW_A: usize = 0;
const ROW_A_BREVE: usize = 1;
const ROW_A_CIRC: usize = 2;
const ROW_E: usize = 3;
const ROW_E_CIRC: usize = 4;
const ROW_I: usize = 5;
const ROW_O: usize = 6;
const ROW_O_CIRC: usize = 7;
const ROW_O_HORN: usize = 8;
const ROW_U: usize = 9;
const ROW_U_HORN: usize = 10;
const ROW_Y: usize = 11;

/// The marks that change a vowel's quality (as opposed to its tone).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Quality {
    Breve,
    Circumflex,
    Horn,
}

/// The row a quality mark turns a plain vowel row into (`a` + breve → `ă`).
fn with_quality(row: usize, quality: Quality) -> Option<usize> {
    match (row, quality) {
        (ROW_A, Quality::Breve) => Some(ROW_A_BREVE),
        (ROW_A, Quality::Circumflex) => Some(ROW_A_CIRC),
        (ROW_E, Quality::Circumflex) => Some(ROW_E_CIRC),
        (ROW_O, Quality::Circumflex) => Some(ROW_O_CIRC),
        (ROW_O, Quality::Horn) => Some(ROW_O_HORN),
        (ROW_U, Quality::Horn) => Some(ROW_U_HORN),
        _ => None,
    }
}

/// A plain ASCII vowel: its row and whether it is upper case.
fn ascii_vowel(c: u8) -> Option<(usize, bool)> {
    let row = match c.to_ascii_lowercase() {
        b'a' => ROW_A,
        b'e' => ROW_E,
        b'i' => ROW_I,
        b'o' => ROW_O,
        b'u' => ROW_U,
        b'y' => ROW_Y,
        _ => return None,
    };
    Some((row, c.is_ascii_uppercase()))
}

/// The vowel of `row` with `tone`. Rows come only from the constants above.
fn vowel(row: usize, upper: bool, tone: Tone) -> char {
    VOWELS[usize::from(upper)][row.min(ROW_Y)][tone as usize]
}

/// A vowel without a tone mark, which a following combining tone can attach to.
#[rustfmt::skip]
fn is_toneless_vowel(c: char) -> bool {
    matches!(
        c,
        'a' | 'ă' | 'â' | 'e' | 'ê' | 'i' | 'o' | 'ô' | 'ơ' | 'u' | 'ư' | 'y' | 'A' | 'Ă' | 'Â' | 'E' | 'Ê' | 'I' | 'O'
            | 'Ô' | 'Ơ' | 'U' | 'Ư' | 'Y'
    )
}

fn is_combining_tone(c: char) -> bool {
    matches!(c, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}')
}

/// Letters and combining marks make up words.
fn is_word_char(c: char) -> bool {
    c.is_alphabetic() || ('\u{300}'..='\u{36F}').contains(&c)
}

/// Vietnamese letters (and combining marks) that Windows-1252 cannot hold: a line
/// with one of them is already Unicode, never mojibake.
fn is_unicode_only_vietnamese(c: char) -> bool {
    matches!(
        c,
        'ă' | 'Ă' | 'đ' | 'Đ' | 'ĩ' | 'Ĩ' | 'ũ' | 'Ũ' | 'ơ' | 'Ơ' | 'ư' | 'Ư' | '\u{1EA0}'..='\u{1EF9}' | '\u{300}'..='\u{36F}'
    )
}

/// [`Syllable::parse`], also accepting two spellings it misses: `gi` merged with the
/// `i` of `iê` (`giếng`, checked as `diếng`) and `qu` before `y` with a final
/// (`quýt`, `quỳnh`, checked as `huýt`, `huỳnh`).
fn is_syllable(word: &str) -> bool {
    if Syllable::parse(word).is_some() {
        return true;
    }
    let mut chars = word.chars();
    let rest = word.get(1..).unwrap_or_default();
    match (chars.next(), chars.next()) {
        (Some('g' | 'G'), Some('i' | 'I')) => Syllable::parse(&format!("d{rest}")).is_some(),
        (Some('q' | 'Q'), Some('u' | 'U')) => Syllable::parse(&format!("h{rest}")).is_some(),
        _ => false,
    }
}

// ---------------------------------------------------------------------------
// Tables

/// Windows-1252, bytes 0x80..=0x9F (unassigned bytes keep their C1 code point). Both
/// the VN3 and VNI fonts are Windows fonts that show this punctuation there.
#[rustfmt::skip]
const CP1252_C1: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}', //
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

/// Windows-1252 decoding of one byte.
fn cp1252_char(b: u8) -> char {
    if (0x80..0xA0).contains(&b) {
        CP1252_C1[usize::from(b - 0x80)]
    } else {
        char::from(b)
    }
}

/// The Windows-1252 byte of a character, for undoing mojibake. Latin-1 code points
/// (including C1 controls, which lenient decoders produce) map to themselves.
fn cp1252_byte(c: char) -> Option<u8> {
    if let Ok(b) = u8::try_from(u32::from(c)) {
        return Some(b);
    }
    Some(match c {
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    })
}

/// TCVN 5712:1993, table VN3 (the ABC `.VnTime` fonts), bytes 0xA0..=0xFF.
///
/// Lower-case letters run in TCVN tone order (grave, hook, tilde, acute, dot):
/// `à` 0xB5 … `ạ` 0xB9, `ằ` 0xBB …, `ỵ` 0xFE; `Ă Â Ê Ô Ơ Ư Đ` are 0xA1–0xA7 and
/// `ă â ê ô ơ ư đ` 0xA8–0xAE. 0xB0–0xB4 are the combining tone marks (grave, hook,
/// tilde, acute, dot). The sixteen gaps between the lower-case runs hold the VN1
/// capitals of the same standard (`Ằ` 0xAF, `Ẳ` 0xBA, `Ẵ` 0xBF, `Ắ` 0xC0, `Ầ` 0xC1,
/// `Ẩ` 0xC2, `Ẫ` 0xC3, `Ấ` 0xC4, `Ề` 0xC5, `Ể` 0xCD, `Ễ` 0xD9, `Ế` 0xDA, `Ồ` 0xDB,
/// `Ổ` 0xE0, `Ỗ` 0xF0, `Ố` 0xFF), which converters write; every other toned capital
/// has no code in VN3 and is written with the lower-case code in a `.VnTimeH` font
/// (see [`fix_vntimeh_case`]). 0x80–0x9F hold no VN3 letters (VN1 puts capitals there
/// but VN3 fonts do not) and decode as Windows-1252.
#[rustfmt::skip]
const TCVN3_HIGH: [char; 96] = [
    // 0xA0
    '\u{A0}', 'Ă', 'Â', 'Ê', 'Ô', 'Ơ', 'Ư', 'Đ', 'ă', 'â', 'ê', 'ô', 'ơ', 'ư', 'đ', 'Ằ',
    // 0xB0
    '\u{300}', '\u{309}', '\u{303}', '\u{301}', '\u{323}', 'à', 'ả', 'ã', 'á', 'ạ', 'Ẳ', 'ằ', 'ẳ', 'ẵ', 'ắ', 'Ẵ',
    // 0xC0
    'Ắ', 'Ầ', 'Ẩ', 'Ẫ', 'Ấ', 'Ề', 'ặ', 'ầ', 'ẩ', 'ẫ', 'ấ', 'ậ', 'è', 'Ể', 'ẻ', 'ẽ',
    // 0xD0
    'é', 'ẹ', 'ề', 'ể', 'ễ', 'ế', 'ệ', 'ì', 'ỉ', 'Ễ', 'Ế', 'Ồ', 'ĩ', 'í', 'ị', 'ò',
    // 0xE0
    'Ổ', 'ỏ', 'õ', 'ó', 'ọ', 'ồ', 'ổ', 'ỗ', 'ố', 'ộ', 'ờ', 'ở', 'ỡ', 'ớ', 'ợ', 'ù',
    // 0xF0
    'Ỗ', 'ủ', 'ũ', 'ú', 'ụ', 'ừ', 'ử', 'ữ', 'ứ', 'ự', 'ỳ', 'ỷ', 'ỹ', 'ý', 'ỵ', 'Ố',
];

/// Windows-1258 (Microsoft's Vietnamese code page), bytes 0xA0..=0xFF; below that it
/// is Windows-1252 except that 0x8A, 0x8E, 0x9A and 0x9E are unassigned. Tones are
/// combining marks: 0xCC grave, 0xEC acute, 0xD2 hook, 0xDE tilde, 0xF2 dot below.
#[rustfmt::skip]
const CP1258_HIGH: [char; 96] = [
    // 0xA0: as Latin-1
    '\u{A0}', '¡', '¢', '£', '¤', '¥', '¦', '§', '¨', '©', 'ª', '«', '¬', '\u{AD}', '®', '¯',
    // 0xB0: as Latin-1
    '°', '±', '²', '³', '´', 'µ', '¶', '·', '¸', '¹', 'º', '»', '¼', '½', '¾', '¿',
    // 0xC0
    'À', 'Á', 'Â', 'Ă', 'Ä', 'Å', 'Æ', 'Ç', 'È', 'É', 'Ê', 'Ë', '\u{300}', 'Í', 'Î', 'Ï',
    // 0xD0
    'Đ', 'Ñ', '\u{309}', 'Ó', 'Ô', 'Ơ', 'Ö', '×', 'Ø', 'Ù', 'Ú', 'Û', 'Ü', 'Ư', '\u{303}', 'ß',
    // 0xE0
    'à', 'á', 'â', 'ă', 'ä', 'å', 'æ', 'ç', 'è', 'é', 'ê', 'ë', '\u{301}', 'í', 'î', 'ï',
    // 0xF0
    'đ', 'ñ', '\u{323}', 'ó', 'ô', 'ơ', 'ö', '÷', 'ø', 'ù', 'ú', 'û', 'ü', 'ư', '₫', 'ÿ',
];

fn cp1258_char(b: u8) -> char {
    match b {
        0x8A | 0x8E | 0x9A | 0x9E => char::from(b),
        0x80..=0x9F => cp1252_char(b),
        0xA0..=0xFF => CP1258_HIGH[usize::from(b - 0xA0)],
        _ => char::from(b),
    }
}

/// VNI-Windows mark bytes (the VNI fonts draw them as accents over the letter before):
/// which quality mark and tone each adds. Lower-case bytes go after lower-case letters
/// and the same bytes less 0x20 after capitals, but both are accepted after either.
///
/// circumflex `â` 0xE2 (with tone: `á` 0xE1 acute, `à` 0xE0 grave, `å` 0xE5 hook,
/// `ã` 0xE3 tilde, `ä` 0xE4 dot); breve `ê` 0xEA (`é` 0xE9, `è` 0xE8, `ú` 0xFA,
/// `ü` 0xFC, `ë` 0xEB); tone only `ù` 0xF9 acute, `ø` 0xF8 grave, `û` 0xFB hook,
/// `õ` 0xF5 tilde, `ï` 0xEF dot.
fn vni_mark(b: u8) -> Option<(Option<Quality>, Tone)> {
    let circ = Some(Quality::Circumflex);
    let breve = Some(Quality::Breve);
    Some(match b | 0x20 {
        0xE2 => (circ, Tone::Level),
        0xE1 => (circ, Tone::Acute),
        0xE0 => (circ, Tone::Grave),
        0xE5 => (circ, Tone::Hook),
        0xE3 => (circ, Tone::Tilde),
        0xE4 => (circ, Tone::Dot),
        0xEA => (breve, Tone::Level),
        0xE9 => (breve, Tone::Acute),
        0xE8 => (breve, Tone::Grave),
        0xFA => (breve, Tone::Hook),
        0xFC => (breve, Tone::Tilde),
        0xEB => (breve, Tone::Dot),
        0xF9 => (None, Tone::Acute),
        0xF8 => (None, Tone::Grave),
        0xFB => (None, Tone::Hook),
        0xF5 => (None, Tone::Tilde),
        0xEF => (None, Tone::Dot),
        _ => return None,
    })
    .filter(|_| b >= 0xC0)
}

/// VNI-Windows letters that stand alone: `ñ` đ, `ô` ơ, `ö` ư, the toned `i` (`í ì æ ó ò`
/// for í ì ỉ ĩ ị) and `î` ỵ; capitals 0x20 lower.
fn vni_letter(b: u8) -> Option<char> {
    Some(match b {
        0xF1 => 'đ',
        0xD1 => 'Đ',
        0xF4 => 'ơ',
        0xD4 => 'Ơ',
        0xF6 => 'ư',
        0xD6 => 'Ư',
        0xED => 'í',
        0xCD => 'Í',
        0xEC => 'ì',
        0xCC => 'Ì',
        0xE6 => 'ỉ',
        0xC6 => 'Ỉ',
        0xF3 => 'ĩ',
        0xD3 => 'Ĩ',
        0xF2 => 'ị',
        0xD2 => 'Ị',
        0xEE => 'ỵ',
        0xCE => 'Ỵ',
        _ => return None,
    })
}

/// VNI base letters a mark byte can follow: the plain vowels and `ơ`/`ư` (`ôù` = ớ).
fn vni_base(b: u8) -> Option<(usize, bool)> {
    match b {
        0xF4 => Some((ROW_O_HORN, false)),
        0xD4 => Some((ROW_O_HORN, true)),
        0xF6 => Some((ROW_U_HORN, false)),
        0xD6 => Some((ROW_U_HORN, true)),
        // `i` takes its tones as separate letters, so a mark after it is no mark.
        b'i' | b'I' => None,
        _ => ascii_vowel(b),
    }
}

// ---------------------------------------------------------------------------
// Decoders

/// One input position: a byte of the legacy encoding, or a character that came
/// through as itself (mojibake text can mix in characters Windows-1252 cannot hold).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Unit {
    Byte(u8),
    Char(char),
}

fn byte_units(bytes: &[u8]) -> Vec<Unit> {
    bytes.iter().map(|&b| Unit::Byte(b)).collect()
}

/// Undoes a Windows-1252 decoding, character by character.
fn mojibake_units(text: &str) -> Vec<Unit> {
    text.chars()
        .map(|c| match cp1252_byte(c) {
            Some(b) => Unit::Byte(b),
            None => Unit::Char(c),
        })
        .collect()
}

/// Where sentences start, for the capitals VN3 cannot write (see [`fix_vntimeh_case`]).
#[derive(Clone, Copy, Debug)]
struct Openings {
    /// The first line starts a sentence.
    first: bool,
    /// Every line starts a sentence (one paragraph per line).
    paragraphs: bool,
}

/// True when lines are paragraphs: at least three lines open with an ASCII letter and
/// nine in ten of those with a capital. Hard-wrapped text (from PDF, say) fails this,
/// since its continuation lines open in lower case.
fn lines_are_paragraphs(units: &[Unit]) -> bool {
    let (mut upper, mut lower) = (0usize, 0usize);
    for line in units.split(|&u| u == Unit::Byte(b'\n')) {
        let first = line.iter().find(|u| match **u {
            Unit::Byte(b) => b.is_ascii_alphabetic() || b >= 0x80,
            Unit::Char(c) => c.is_alphabetic(),
        });
        match first {
            Some(Unit::Byte(b)) if b.is_ascii_uppercase() => upper += 1,
            Some(Unit::Byte(b)) if b.is_ascii_lowercase() => lower += 1,
            _ => {}
        }
    }
    upper >= 3 && lower * 10 <= upper
}

/// TCVN3 → text. Combining tones are composed (NFC).
fn decode_tcvn3(units: &[Unit], openings: Openings) -> String {
    // (character, written with a lower-case code that `.VnTimeH` shows as a capital)
    let mut cells: Vec<(char, bool)> = Vec::with_capacity(units.len());
    let mut combining = false;
    for &unit in units {
        match unit {
            Unit::Char(c) => cells.push((c, false)),
            Unit::Byte(b) if b < 0x80 => cells.push((char::from(b), false)),
            Unit::Byte(b) if b < 0xA0 => cells.push((cp1252_char(b), false)),
            Unit::Byte(b) => {
                let c = TCVN3_HIGH[usize::from(b - 0xA0)];
                if is_combining_tone(c) {
                    // A tone mark means one only after a vowel; elsewhere the byte is far
                    // more likely the Latin-1 symbol (°, ±, ², ³, ´) typed in another font.
                    if cells.last().is_some_and(|&(p, _)| is_toneless_vowel(p)) {
                        cells.push((c, false));
                        combining = true;
                    } else {
                        cells.push((char::from(b), false));
                    }
                } else {
                    cells.push((c, b >= 0xA8 && c.is_lowercase()));
                }
            }
        }
    }
    fix_vntimeh_case(&mut cells, openings);
    let out: String = cells.iter().map(|&(c, _)| c).collect();
    if combining { out.nfc().collect() } else { out }
}

/// Upper-cases the shared lower-case codes of VN3 where the text is in capitals.
///
/// `.VnTimeH` fonts draw every code as a capital, so a heading typed in them holds
/// lower-case codes for the toned capitals VN3 lacks (`ñY BAN` for `ỦY BAN`). The
/// choice is made per word from the letters that have codes of their own: any
/// lower-case one keeps the word lower case (`ViÖt`); two capitals, or a capital
/// after the first letter, make it upper case (`NH©N`, `ñY`). A word that cannot tell
/// (`Bé`, title case or capitals?) follows its line: upper case when the line has
/// more upper-case words than lower-case ones, abbreviations (`UBND`) not counted.
/// Otherwise a shared code that opens a sentence becomes a capital (`ë ®©y` → `Ở đây`),
/// since a sentence in VN3 text can only start with a toned capital that way. A line
/// opens a sentence when the line before ended one, or when lines are paragraphs
/// ([`lines_are_paragraphs`]).
fn fix_vntimeh_case(cells: &mut [(char, bool)], openings: Openings) {
    let mut after_sentence = openings.first;
    for line in cells.split_mut(|&(c, _)| c == '\n' || c == '\r') {
        if line.is_empty() {
            continue; // between the CR and LF of one line end
        }
        let last = line.iter().rev().map(|&(c, _)| c).find(|c| !c.is_whitespace());
        fix_line_case(line, after_sentence || openings.paragraphs);
        after_sentence = last.is_none_or(ends_sentence);
    }
}

fn ends_sentence(c: char) -> bool {
    matches!(c, '.' | '?' | '!' | '…')
}

/// Whether the word starting at `start` opens a sentence: only opening quotes and
/// brackets stand between it and a sentence end (or the start of a line that follows one).
fn opens_sentence(line: &[(char, bool)], start: usize, line_opens: bool) -> bool {
    let before = line.get(..start).unwrap_or_default();
    match before
        .iter()
        .rev()
        .map(|&(c, _)| c)
        .find(|&c| !c.is_whitespace() && !matches!(c, '"' | '\'' | '“' | '‘' | '(' | '['))
    {
        None => line_opens,
        // a table cell opens like a sentence
        Some(c) => ends_sentence(c) || c == '|',
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum WordCase {
    Lower,
    Upper,
    Unsure,
}

fn fix_line_case(line: &mut [(char, bool)], line_opens: bool) {
    if !line.iter().any(|&(_, shared)| shared) {
        return;
    }
    let mut words: Vec<(usize, usize, WordCase, bool)> = Vec::new();
    let mut i = 0;
    while i < line.len() {
        if !line.get(i).is_some_and(|&(c, _)| is_word_char(c)) {
            i += 1;
            continue;
        }
        let start = i;
        while line.get(i).is_some_and(|&(c, _)| is_word_char(c)) {
            i += 1;
        }
        let word = line.get(start..i).unwrap_or_default();
        let shared = word.iter().any(|&(_, s)| s);
        // Abbreviations and document codes (`UBND`, `45-TB/TU`) are capitals in any
        // line: only syllables in capitals that stand alone say the line is in capitals.
        let in_code = [start.checked_sub(1), Some(i)]
            .into_iter()
            .flatten()
            .filter_map(|k| line.get(k))
            .any(|&(c, _)| c == '/' || c == '-' || c.is_ascii_digit());
        let syllable = || is_syllable(&word.iter().map(|&(c, _)| c).collect::<String>());
        let case = match judge_case(word) {
            WordCase::Upper if !shared && (in_code || !syllable()) => WordCase::Unsure,
            case => case,
        };
        words.push((start, i, case, shared));
    }
    let upper = words.iter().filter(|w| w.2 == WordCase::Upper).count();
    let lower = words.iter().filter(|w| w.2 == WordCase::Lower).count();
    let line_upper = upper > lower;
    // `Ủy ban` (nhân dân, Kiểm tra, …) is the commonest name in these documents and
    // is written with a capital wherever it stands.
    let text_of = |line: &[(char, bool)], a: usize, b: usize| -> String {
        line.get(a..b).unwrap_or_default().iter().map(|&(c, _)| c).collect()
    };
    let uy_ban: Vec<bool> = words
        .iter()
        .zip(words.iter().skip(1).map(Some).chain(std::iter::once(None)))
        .map(|(w, next)| {
            next.is_some_and(|n| n.0 == w.1 + 1)
                && text_of(line, w.0, w.1) == "ủy"
                && next.is_some_and(|n| text_of(line, n.0, n.1).to_lowercase() == "ban")
        })
        .collect();
    for ((start, end, case, shared), uy_ban) in words.into_iter().zip(uy_ban) {
        let up = match case {
            WordCase::Upper => true,
            WordCase::Lower => false,
            WordCase::Unsure => line_upper,
        };
        if !shared {
            continue;
        }
        let capital = |cell: &mut (char, bool)| cell.0 = cell.0.to_uppercase().next().unwrap_or(cell.0);
        if up {
            line.get_mut(start..end)
                .unwrap_or_default()
                .iter_mut()
                .filter(|c| c.1)
                .for_each(capital);
        } else if line.get(start).is_some_and(|c| c.1)
            && (uy_ban || opens_sentence(line, start, line_opens))
            // `đ)` numbers a list item and stays lower case.
            && !(end == start + 1 && line.get(end).is_some_and(|&(c, _)| c == ')'))
        {
            line.get_mut(start).into_iter().for_each(capital);
        }
    }
}

fn judge_case(word: &[(char, bool)]) -> WordCase {
    let (mut upper, mut lower, mut upper_inside) = (0, 0, false);
    for (k, &(c, shared)) in word.iter().enumerate() {
        if shared {
            continue;
        }
        if c.is_uppercase() {
            upper += 1;
            upper_inside |= k > 0;
        } else if c.is_lowercase() {
            lower += 1;
        }
    }
    if lower > 0 {
        WordCase::Lower
    } else if upper >= 2 || upper_inside {
        WordCase::Upper
    } else {
        WordCase::Unsure
    }
}

/// VNI-Windows → text, and the number of mark bytes that followed no letter they fit.
fn decode_vni(units: &[Unit]) -> (String, usize) {
    let mut out = String::with_capacity(units.len() + units.len() / 2);
    let mut stray = 0;
    let mut i = 0;
    while let Some(&unit) = units.get(i) {
        i += 1;
        let b = match unit {
            Unit::Char(c) => {
                out.push(c);
                continue;
            }
            Unit::Byte(b) => b,
        };
        if let Some((row, upper)) = vni_base(b) {
            let mark = match units.get(i) {
                Some(&Unit::Byte(m)) => vni_mark(m),
                _ => None,
            };
            let marked = mark.and_then(|(quality, tone)| {
                let row = match quality {
                    Some(q) => with_quality(row, q)?,
                    None => row,
                };
                Some(vowel(row, upper, tone))
            });
            match marked {
                Some(c) => {
                    out.push(c);
                    i += 1;
                }
                None => out.push(vowel(row, upper, Tone::Level)),
            }
        } else if let Some(c) = vni_letter(b) {
            out.push(c);
        } else {
            stray += usize::from(vni_mark(b).is_some());
            out.push(cp1252_char(b));
        }
    }
    (out, stray)
}

/// Windows-1258 → NFC text, and the number of tone marks that followed no vowel.
fn decode_cp1258(bytes: &[u8]) -> (String, usize) {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 2);
    let mut stray = 0;
    let mut prev = ' ';
    for &b in bytes {
        let c = cp1258_char(b);
        if is_combining_tone(c) && !is_toneless_vowel(prev) {
            stray += 1;
        }
        out.push(c);
        prev = c;
    }
    (out.nfc().collect(), stray)
}

// ---------------------------------------------------------------------------
// Raw bytes

/// Decodes bytes that are not UTF-8 as the legacy single-byte encoding that fits best;
/// `None` when none is plausible.
pub(crate) fn decode_bytes(bytes: &[u8]) -> Option<(Encoding, String)> {
    if mostly_utf8(bytes) {
        return None;
    }
    let units = byte_units(bytes);
    let openings = Openings {
        first: true,
        paragraphs: lines_are_paragraphs(&units),
    };
    let tcvn3 = decode_tcvn3(&units, openings);
    let (vni, vni_stray) = decode_vni(&units);
    let (cp1258, cp1258_stray) = decode_cp1258(bytes);
    let mut best: Option<(i64, Encoding, String)> = None;
    for (encoding, text, stray) in [
        (Encoding::Tcvn3, tcvn3, 0),
        (Encoding::Vni, vni, vni_stray),
        (Encoding::Windows1258, cp1258, cp1258_stray),
    ] {
        let words = tally_words(&text, WORD_LIMIT);
        let bad = words.bad + stray;
        if words.good == 0 || bad * 3 > words.good {
            continue;
        }
        let score = words.good as i64 - 2 * bad as i64;
        // Ties go to the earlier candidate: TCVN3 was the most used, then VNI.
        if best.as_ref().is_none_or(|b| score > b.0) {
            best = Some((score, encoding, text));
        }
    }
    best.map(|(_, encoding, text)| (encoding, text))
}

/// How many words scoring looks at; detection needs no more.
const WORD_LIMIT: usize = 20_000;

/// True for UTF-8 with a few damaged bytes: the caller's lossy decoding keeps more.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut good, mut bad) = (0usize, 0usize);
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                good += s.chars().filter(|c| !c.is_ascii()).count();
                break;
            }
            Err(e) => {
                let (valid, after) = rest.split_at(e.valid_up_to().min(rest.len()));
                good += std::str::from_utf8(valid).map_or(0, |s| s.chars().filter(|c| !c.is_ascii()).count());
                bad += 1;
                let skip = e.error_len().unwrap_or(after.len()).max(1);
                rest = after.get(skip..).unwrap_or_default();
            }
        }
    }
    good >= 4 && good > 2 * bad
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct WordTally {
    /// Words with non-ASCII letters that are syllables.
    good: usize,
    /// Words with non-ASCII letters that are not.
    bad: usize,
}

fn tally_words(text: &str, limit: usize) -> WordTally {
    let mut tally = WordTally::default();
    for word in text.split(|c: char| !is_word_char(c)) {
        if word.is_ascii() {
            continue;
        }
        if is_syllable(word) {
            tally.good += 1;
        } else {
            tally.bad += 1;
        }
        if tally.good + tally.bad >= limit {
            break;
        }
    }
    tally
}

// ---------------------------------------------------------------------------
// Mojibake

/// Repairs UTF-8 text that is legacy mojibake or VIQR; `None` for ordinary text.
pub(crate) fn repair_text(text: &str) -> Option<(Encoding, String)> {
    if let Some(found) = (!text.is_ascii()).then(|| repair_mojibake(text)).flatten() {
        return Some(found);
    }
    repair_viqr(text)
}

/// What converting changed, counted over words paired before and after.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct PairTally {
    /// Invalid before, a syllable after.
    improved: usize,
    /// Improved words that held a symbol or a non-Vietnamese letter (`ho¹ch`, `ViÖt`).
    strong: usize,
    /// A syllable before, invalid after.
    worsened: usize,
    /// Changed but invalid both before and after.
    garbage: usize,
    /// Changed, a syllable both before and after.
    side: usize,
}

impl PairTally {
    fn add(&mut self, other: &PairTally) {
        self.improved += other.improved;
        self.strong += other.strong;
        self.worsened += other.worsened;
        self.garbage += other.garbage;
        self.side += other.side;
    }

    /// The candidate's score, or `None` when the evidence is not clear (see module docs).
    fn verdict(&self) -> Option<i64> {
        let ok = self.improved >= 2
            && self.improved + self.strong >= 3
            && self.worsened * 4 <= self.improved
            && self.garbage * 2 <= self.improved;
        ok.then(|| 2 * self.improved as i64 + self.strong as i64 - 4 * self.worsened as i64 - self.garbage as i64)
    }
}

/// Punctuation at the edges of a word that means the same in every candidate.
fn is_edge_punct(c: char) -> bool {
    matches!(
        c,
        '“' | '”' | '‘' | '’' | '„' | '‚' | '…' | '–' | '—' | '•' | '‹' | '›' | '\u{A0}'
    )
}

/// Pairs the words of a line before and after conversion and classifies the changes.
fn compare_words(before: &str, after: &str) -> PairTally {
    let mut tally = PairTally::default();
    // Conversions keep every ASCII byte that is not a letter, so the pieces pair up.
    let separator = |c: char| c.is_ascii() && !c.is_ascii_alphabetic();
    let mut b = before.split(separator);
    let mut a = after.split(separator);
    loop {
        let (x, y) = match (b.next(), a.next()) {
            (Some(x), Some(y)) => (x, y),
            (None, None) => break,
            // Misaligned: count it against the candidate rather than guess.
            _ => {
                tally.garbage += 1;
                break;
            }
        };
        if x == y {
            continue;
        }
        let x = x.trim_matches(is_edge_punct);
        let y = y.trim_matches(is_edge_punct);
        if x == y || y.is_empty() {
            continue;
        }
        match (is_syllable(x), is_syllable(y)) {
            (false, true) => {
                tally.improved += 1;
                if x.chars().any(|c| !c.is_ascii() && !crate::vn::is_vietnamese_letter(c)) {
                    tally.strong += 1;
                }
            }
            (true, false) => tally.worsened += 1,
            (true, true) => tally.side += 1,
            (false, false) => tally.garbage += 1,
        }
    }
    tally
}

/// A line worth trying: it has Windows-1252 upper-half characters and nothing that
/// only Unicode can hold.
fn is_mojibake_candidate(line: &str) -> bool {
    let mut high = false;
    for c in line.chars() {
        if is_unicode_only_vietnamese(c) {
            return false;
        }
        high |= !c.is_ascii() && cp1252_byte(c).is_some();
    }
    high
}

fn repair_mojibake(text: &str) -> Option<(Encoding, String)> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut tcvn3_lines: Vec<Option<String>> = Vec::with_capacity(lines.len());
    let mut vni_lines: Vec<Option<String>> = Vec::with_capacity(lines.len());
    let (mut tcvn3_tally, mut vni_tally) = (PairTally::default(), PairTally::default());
    // Whether the next line starts a sentence; punctuation is ASCII or Windows-1252 in
    // both readings, so the line as given tells.
    let mut opens = true;
    let paragraphs = lines_are_paragraphs(&mojibake_units(text));
    for line in &lines {
        let line_opens = opens;
        if let Some(last) = line.chars().rev().find(|c| !c.is_whitespace()) {
            opens = ends_sentence(last);
        } else {
            opens = true;
        }
        if !is_mojibake_candidate(line) {
            tcvn3_lines.push(None);
            vni_lines.push(None);
            continue;
        }
        let units = mojibake_units(line);
        let tcvn3 = decode_tcvn3(
            &units,
            Openings {
                first: line_opens,
                paragraphs,
            },
        );
        let (vni, _) = decode_vni(&units);
        tcvn3_tally.add(&compare_words(line, &tcvn3));
        vni_tally.add(&compare_words(line, &vni));
        tcvn3_lines.push(Some(tcvn3));
        vni_lines.push(Some(vni));
    }
    let (encoding, converted) = match (tcvn3_tally.verdict(), vni_tally.verdict()) {
        (Some(t), Some(v)) if v > t => (Encoding::VniMojibake, vni_lines),
        (Some(_), _) => (Encoding::Tcvn3Mojibake, tcvn3_lines),
        (None, Some(_)) => (Encoding::VniMojibake, vni_lines),
        (None, None) => return None,
    };
    let mut out = String::with_capacity(text.len());
    for (line, converted) in lines.iter().zip(&converted) {
        out.push_str(converted.as_deref().unwrap_or(line));
    }
    Some((encoding, out))
}

// ---------------------------------------------------------------------------
// VIQR (RFC 1456)

/// The VIQR marks: `(` breve, `^` circumflex, `+` horn, `` ` `` grave, `'` acute,
/// `?` hook above, `~` tilde, `.` dot below.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ViqrMark {
    Quality(Quality),
    Tone(Tone),
}

fn viqr_mark(c: char) -> Option<ViqrMark> {
    Some(match c {
        '(' => ViqrMark::Quality(Quality::Breve),
        '^' => ViqrMark::Quality(Quality::Circumflex),
        '+' => ViqrMark::Quality(Quality::Horn),
        '`' => ViqrMark::Tone(Tone::Grave),
        '\'' => ViqrMark::Tone(Tone::Acute),
        '?' => ViqrMark::Tone(Tone::Hook),
        '~' => ViqrMark::Tone(Tone::Tilde),
        '.' => ViqrMark::Tone(Tone::Dot),
        _ => return None,
    })
}

/// Characters a backslash keeps literal: the marks, `/` (some writers' acute) and `\`.
fn is_viqr_escapable(c: char) -> bool {
    viqr_mark(c).is_some() || c == '/' || c == '\\'
}

#[derive(Clone, Copy, Debug)]
enum Cell {
    Plain(char),
    Vowel { row: usize, upper: bool, tone: Tone },
}

/// One VIQR word as read from a start position.
#[derive(Debug)]
struct ViqrWord {
    text: String,
    /// Index after the last character read.
    end: usize,
    /// Index after the last letter: the marks from here to `end` trail the word.
    letters_end: usize,
    /// Number of letters (`dd` counts as one).
    letters: usize,
    /// All letters are upper-case Roman numerals (`VI`).
    roman: bool,
    qualities: usize,
    /// Index of the tone mark, if any.
    tone_at: Option<usize>,
    dd: bool,
}

impl ViqrWord {
    fn marked(&self) -> bool {
        self.qualities > 0 || self.tone_at.is_some() || self.dd
    }
}

/// Reads letters and the marks that follow vowels, from `start` up to `limit`.
/// A mark that cannot combine with the letter before it (RFC 1456: it is a mark
/// only when it makes a legal Vietnamese letter) ends the word.
fn read_viqr_word(chars: &[char], start: usize, limit: usize) -> ViqrWord {
    let mut cells: Vec<Cell> = Vec::new();
    let mut i = start;
    let mut dd = false;
    if start + 1 < limit {
        let d = match (chars.get(start), chars.get(start + 1)) {
            (Some('d'), Some('d')) => Some('đ'),
            (Some('D'), Some('D' | 'd')) => Some('Đ'),
            _ => None,
        };
        if let Some(d) = d {
            cells.push(Cell::Plain(d));
            i += 2;
            dd = true;
        }
    }
    let mut letters_end = i;
    let mut qualities = 0;
    let mut tone_at = None;
    while i < limit {
        let Some(&c) = chars.get(i) else { break };
        if c.is_ascii_alphabetic() {
            let b = c as u8;
            cells.push(match ascii_vowel(b) {
                Some((row, upper)) => Cell::Vowel {
                    row,
                    upper,
                    tone: Tone::Level,
                },
                None => Cell::Plain(c),
            });
            i += 1;
            letters_end = i;
            continue;
        }
        let (Some(mark), Some(Cell::Vowel { row, tone, .. })) = (viqr_mark(c), cells.last_mut()) else {
            break;
        };
        match mark {
            ViqrMark::Quality(q) => match with_quality(*row, q) {
                Some(r) => {
                    *row = r;
                    qualities += 1;
                }
                None => break,
            },
            ViqrMark::Tone(t) => {
                if tone_at.is_some() {
                    break; // one tone per syllable: a second one is punctuation
                }
                *tone = t;
                tone_at = Some(i);
            }
        }
        i += 1;
    }
    let text: String = cells
        .iter()
        .map(|cell| match *cell {
            Cell::Plain(c) => c,
            Cell::Vowel { row, upper, tone } => vowel(row, upper, tone),
        })
        .collect();
    let roman = !cells.is_empty()
        && cells.iter().all(|cell| match *cell {
            Cell::Plain(c) => matches!(c, 'V' | 'X' | 'L' | 'C' | 'D' | 'M'),
            Cell::Vowel { row, upper, .. } => upper && row == ROW_I,
        });
    ViqrWord {
        text,
        end: i,
        letters_end,
        letters: cells.len(),
        roman,
        qualities,
        tone_at,
        dd,
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct ViqrTally {
    /// Words where a breve, circumflex or horn made a syllable.
    strong: usize,
    /// Evidence points (see module docs).
    points: usize,
    /// Words with a tone inside the word but no quality mark (`hoa.ch`).
    weak: usize,
    /// Converted words of any kind.
    marked: usize,
    /// Words with a quality mark that did not make a syllable.
    failures: usize,
}

impl ViqrTally {
    fn verdict(&self) -> bool {
        self.strong >= 1 && self.points >= 2 && self.failures <= self.strong && self.marked <= self.strong * 5
    }
}

/// Converts the word at `start`: its text and where the caller goes on.
///
/// The word is converted only when the result is a syllable ([`Syllable::parse`]), a
/// lone `đ` (list item `dd)`), or a name-shaped word with a breve, circumflex or horn
/// (`DDa('k` → `Đắk`), and is not glued to a digit; failing that, without its trailing
/// marks (`Really?`); failing that, it stays as written. Tone marks alone never
/// convert a non-syllable, which keeps `they'd` and `I've` as they are. RFC 1456 makes a `.`, `?` or `'` after a vowel a mark unless
/// escaped (`Ha Noi\.`), so an unescaped `Ha Noi.` reads `Ha Nọi` here too. One
/// departure: a single letter or Roman numeral that opens a line before a `.`
/// (`I.`, `VI.`, `a.`) is a list number, not `Ị`/`Vị`/`ạ`.
fn convert_viqr_word(chars: &[char], start: usize, line_start: bool, tally: &mut ViqrTally) -> (String, usize) {
    let first = read_viqr_word(chars, start, chars.len());
    let raw_end = first.end;
    let raw = || {
        (
            viqr_abbreviation(chars.get(start..raw_end).unwrap_or_default()),
            raw_end,
        )
    };
    if !first.marked() {
        return raw();
    }
    let numbering = line_start
        && (first.letters == 1 || first.roman)
        && first.letters_end < first.end
        && chars.get(first.letters_end) == Some(&'.');
    let acceptable = |w: &ViqrWord| {
        w.marked()
            && !chars.get(w.end).is_some_and(|c| c.is_alphanumeric())
            && (is_syllable(&w.text) || w.text == "đ" || w.text == "Đ" || (w.qualities > 0 && is_name_shaped(&w.text)))
    };
    let had_quality = first.qualities > 0;
    let word = if !numbering && acceptable(&first) {
        first
    } else {
        let trimmed = (first.letters_end < first.end).then(|| read_viqr_word(chars, start, first.letters_end));
        match trimmed {
            Some(t) if acceptable(&t) => t,
            _ => {
                tally.failures += usize::from(had_quality);
                return raw();
            }
        }
    };
    tally.marked += 1;
    if word.qualities > 0 && is_syllable(&word.text) {
        tally.strong += 1;
        tally.points += 1 + usize::from(word.tone_at.is_some()) + usize::from(word.dd);
    } else if word.tone_at.is_some_and(|t| t < word.letters_end) {
        tally.weak += 1;
    }
    (word.text, word.end)
}

/// One vowel group between consonants, at most seven letters, none of `f j w z`:
/// the shape of ethnic and loan names written with Vietnamese letters (`Đắk`, `Krông`)
/// that are not standard syllables.
fn is_name_shaped(word: &str) -> bool {
    let mut groups = 0;
    let mut in_vowels = false;
    let mut letters = 0;
    for c in word.chars() {
        letters += 1;
        if !crate::vn::is_vietnamese_letter(c) {
            return false;
        }
        let v = matches!(
            crate::vn::strip_char(c).to_ascii_lowercase(),
            'a' | 'e' | 'i' | 'o' | 'u' | 'y'
        );
        if v && !in_vowels {
            groups += 1;
        }
        in_vowels = v;
    }
    groups == 1 && letters <= 7
}

/// A word left as written; in an abbreviation in capitals `DD` is `Đ` (`HDDND` → `HĐND`),
/// since `dd` only starts a syllable and abbreviations have no syllables.
fn viqr_abbreviation(raw: &[char]) -> String {
    let text: String = raw.iter().collect();
    if raw.len() >= 3 && raw.iter().all(|c| c.is_ascii_uppercase()) && text.contains("DD") {
        text.replace("DD", "Đ")
    } else {
        text
    }
}

/// Converts one line of VIQR.
fn convert_viqr_line(line: &str, tally: &mut ViqrTally) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    let mut line_start = true;
    while let Some(&c) = chars.get(i) {
        if let Some(&next) = chars.get(i + 1).filter(|&&n| c == '\\' && is_viqr_escapable(n)) {
            out.push(next);
            i += 2;
            line_start = false;
            continue;
        }
        let after_alnum = i
            .checked_sub(1)
            .and_then(|p| chars.get(p))
            .is_some_and(|p| p.is_alphanumeric());
        if c.is_ascii_alphabetic() && !after_alnum {
            let (text, end) = convert_viqr_word(&chars, i, line_start, tally);
            out.push_str(&text);
            i = end.max(i + 1);
            line_start = false;
            continue;
        }
        line_start &= c.is_whitespace();
        out.push(c);
        i += 1;
    }
    out
}

fn repair_viqr(text: &str) -> Option<(Encoding, String)> {
    // Without a breve, circumflex or horn character there can be no strong evidence.
    if !text.bytes().any(|b| matches!(b, b'(' | b'^' | b'+')) {
        return None;
    }
    let mut tally = ViqrTally::default();
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        // VIQR is 7-bit: a line with other letters is not written in it.
        if line.chars().any(|c| !c.is_ascii() && c.is_alphabetic()) {
            out.push_str(line);
        } else {
            out.push_str(&convert_viqr_line(line, &mut tally));
        }
    }
    tally.verdict().then_some((Encoding::Viqr, out))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The 67 lower-case letters with marks; their capitals make the 134.
    fn marked_letters() -> Vec<char> {
        let mut v: Vec<char> = VOWELS[0].iter().flat_map(|row| row.iter().copied()).collect();
        v.retain(|c| !c.is_ascii());
        v.push('đ');
        v
    }

    #[test]
    fn tcvn3_table_holds_every_lower_case_letter_once() {
        for c in marked_letters() {
            let n = TCVN3_HIGH.iter().filter(|&&t| t == c).count();
            assert_eq!(n, 1, "{c}");
        }
        // and 7 + 16 capitals, each once
        let capitals: Vec<char> = TCVN3_HIGH.iter().copied().filter(|c| c.is_uppercase()).collect();
        assert_eq!(capitals.len(), 23);
        let mut dedup = capitals.clone();
        dedup.sort_unstable();
        dedup.dedup();
        assert_eq!(dedup.len(), 23);
    }

    #[test]
    fn cp1258_matches_cp1252_below_a0() {
        for b in 0x80u8..0xA0 {
            let c = cp1258_char(b);
            if matches!(b, 0x8A | 0x8E | 0x9A | 0x9E) {
                assert_eq!(u32::from(c), u32::from(b));
            } else {
                assert_eq!(c, cp1252_char(b));
                assert_eq!(cp1252_byte(c), Some(b));
            }
        }
    }

    #[test]
    fn vni_marks_only_in_upper_half() {
        for b in 0u8..0xC0 {
            assert!(vni_mark(b).is_none(), "{b:#x}");
        }
        // mark bytes and standalone letters never overlap
        for b in 0xC0u8..=0xFF {
            assert!(!(vni_mark(b).is_some() && vni_letter(b).is_some()), "{b:#x}");
        }
    }

    #[test]
    fn short_evidence() {
        assert_eq!(repair_text("KÕ ho¹ch").map(|r| r.1), Some("Kế hoạch".to_string()));
        assert_eq!(repair_text("Keá hoaïch").map(|r| r.1), Some("Kế hoạch".to_string()));
        assert_eq!(repair_text("Ke^' hoa.ch").map(|r| r.1), Some("Kế hoạch".to_string()));
        assert_eq!(repair_text("DDa^`y"), Some((Encoding::Viqr, "Đầy".to_string())));
        assert_eq!(repair_text("Kế hoạch"), None);
        assert_eq!(repair_text("It's a test. Really? Don't."), None);
    }

    #[test]
    fn fixtures_are_not_repaired_with_margin() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");
        let Ok(dirs) = std::fs::read_dir(root) else { return };
        for dir in dirs.flatten() {
            let Ok(text) = std::fs::read_to_string(dir.path().join("input.txt")) else {
                continue;
            };
            let mut t = PairTally::default();
            let mut v = PairTally::default();
            for line in text.split_inclusive('\n').filter(|l| is_mojibake_candidate(l)) {
                let units = mojibake_units(line);
                t.add(&compare_words(
                    line,
                    &decode_tcvn3(
                        &units,
                        Openings {
                            first: true,
                            paragraphs: false,
                        },
                    ),
                ));
                v.add(&compare_words(line, &decode_vni(&units).0));
            }
            eprintln!("{:?}\n  tcvn3 {t:?}\n  vni {v:?}", dir.path());
            assert!(t.verdict().is_none() && v.verdict().is_none());
            assert!(repair_text(&text).is_none());
        }
    }
}
