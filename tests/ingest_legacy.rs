//! Legacy Vietnamese encodings through `ingest()`: TCVN3, VNI, Windows-1258, VIQR,
//! TCVN3/VNI mojibake, and text that must be left alone.
//!
//! The encoders below are written from the standards in the other direction (letter →
//! bytes, or through the Unicode decomposition), so they check the decoder's tables
//! rather than repeat them.

use kehoach::ingest::{Encoding, Ingested, ingest};
use proptest::prelude::*;
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

const S1: &str = "Kế hoạch thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia";
const S2: &str = "ỦY BAN NHÂN DÂN TỈNH BÌNH PHƯỚC";
const S3: &str = "Đến năm 2030, tỷ lệ phủ sóng 5G đạt 95% dân số.";

// ---------------------------------------------------------------------------
// Encoders

/// TCVN 5712:1993 VN3 (ABC, `.VnTime`), letter → byte.
#[rustfmt::skip]
const TCVN3: &[(char, u8)] = &[
    ('Ă', 0xA1), ('Â', 0xA2), ('Ê', 0xA3), ('Ô', 0xA4), ('Ơ', 0xA5), ('Ư', 0xA6), ('Đ', 0xA7),
    ('ă', 0xA8), ('â', 0xA9), ('ê', 0xAA), ('ô', 0xAB), ('ơ', 0xAC), ('ư', 0xAD), ('đ', 0xAE),
    ('à', 0xB5), ('ả', 0xB6), ('ã', 0xB7), ('á', 0xB8), ('ạ', 0xB9),
    ('ằ', 0xBB), ('ẳ', 0xBC), ('ẵ', 0xBD), ('ắ', 0xBE), ('ặ', 0xC6),
    ('ầ', 0xC7), ('ẩ', 0xC8), ('ẫ', 0xC9), ('ấ', 0xCA), ('ậ', 0xCB),
    ('è', 0xCC), ('ẻ', 0xCE), ('ẽ', 0xCF), ('é', 0xD0), ('ẹ', 0xD1),
    ('ề', 0xD2), ('ể', 0xD3), ('ễ', 0xD4), ('ế', 0xD5), ('ệ', 0xD6),
    ('ì', 0xD7), ('ỉ', 0xD8), ('ĩ', 0xDC), ('í', 0xDD), ('ị', 0xDE),
    ('ò', 0xDF), ('ỏ', 0xE1), ('õ', 0xE2), ('ó', 0xE3), ('ọ', 0xE4),
    ('ồ', 0xE5), ('ổ', 0xE6), ('ỗ', 0xE7), ('ố', 0xE8), ('ộ', 0xE9),
    ('ờ', 0xEA), ('ở', 0xEB), ('ỡ', 0xEC), ('ớ', 0xED), ('ợ', 0xEE),
    ('ù', 0xEF), ('ủ', 0xF1), ('ũ', 0xF2), ('ú', 0xF3), ('ụ', 0xF4),
    ('ừ', 0xF5), ('ử', 0xF6), ('ữ', 0xF7), ('ứ', 0xF8), ('ự', 0xF9),
    ('ỳ', 0xFA), ('ỷ', 0xFB), ('ỹ', 0xFC), ('ý', 0xFD), ('ỵ', 0xFE),
    // The VN1 capitals that sit in the gaps of the lower-case runs.
    ('Ằ', 0xAF), ('Ẳ', 0xBA), ('Ẵ', 0xBF), ('Ắ', 0xC0), ('Ầ', 0xC1), ('Ẩ', 0xC2), ('Ẫ', 0xC3),
    ('Ấ', 0xC4), ('Ề', 0xC5), ('Ể', 0xCD), ('Ễ', 0xD9), ('Ế', 0xDA), ('Ồ', 0xDB), ('Ổ', 0xE0),
    ('Ỗ', 0xF0), ('Ố', 0xFF),
];

/// Windows-1252, 0x80..=0x9F.
#[rustfmt::skip]
const CP1252_C1: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}', //
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

fn cp1252_punct(c: char) -> Option<u8> {
    CP1252_C1
        .iter()
        .position(|&p| p == c && !p.is_control())
        .map(|i| 0x80 + i as u8)
}

#[derive(Clone, Copy, PartialEq)]
enum Capitals {
    /// Capitals with a VN3 code use it; the rest use the lower-case code (`.VnTimeH`).
    Own,
    /// Every marked capital uses the lower-case code, as typed in a `.VnTimeH` font.
    Shared,
}

fn tcvn3(s: &str, capitals: Capitals) -> Vec<u8> {
    let lookup = |c: char| TCVN3.iter().find(|&&(l, _)| l == c).map(|&(_, b)| b);
    let mut out = Vec::new();
    for c in s.nfc() {
        if c.is_ascii() {
            out.push(c as u8);
        } else if let Some(b) = cp1252_punct(c) {
            out.push(b);
        } else {
            let own = if capitals == Capitals::Own || c.is_lowercase() {
                lookup(c)
            } else {
                None
            };
            let lower = c.to_lowercase().next().unwrap();
            out.push(
                own.or_else(|| lookup(lower))
                    .unwrap_or_else(|| panic!("no TCVN3 code for {c}")),
            );
        }
    }
    out
}

/// A letter taken apart: base ASCII letter, quality mark, tone mark (as combining chars).
fn parts(c: char) -> (char, Option<char>, Option<char>) {
    let mut base = c;
    let (mut quality, mut tone) = (None, None);
    for (k, d) in c.nfd().enumerate() {
        match d {
            _ if k == 0 => base = d,
            '\u{306}' | '\u{302}' | '\u{31B}' => quality = Some(d),
            '\u{300}' | '\u{301}' | '\u{309}' | '\u{303}' | '\u{323}' => tone = Some(d),
            _ => panic!("unexpected mark in {c}"),
        }
    }
    (base, quality, tone)
}

/// Tone index: grave, acute, hook, tilde, dot.
fn tone_index(t: char) -> usize {
    match t {
        '\u{300}' => 0,
        '\u{301}' => 1,
        '\u{309}' => 2,
        '\u{303}' => 3,
        '\u{323}' => 4,
        _ => unreachable!(),
    }
}

/// VNI-Windows; `upper_marks` writes capitals' marks with the upper-case bytes.
fn vni(s: &str, upper_marks: bool) -> Vec<u8> {
    let mut out = Vec::new();
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c as u8);
            continue;
        }
        if let Some(b) = cp1252_punct(c) {
            out.push(b);
            continue;
        }
        let upper = c.is_uppercase();
        let case = |b: u8| if upper { b - 0x20 } else { b };
        let mark_case = |b: u8| if upper && upper_marks { b - 0x20 } else { b };
        if c == 'đ' || c == 'Đ' {
            out.push(case(0xF1));
            continue;
        }
        let (base, quality, tone) = parts(c);
        let low = base.to_ascii_lowercase();
        // acute, grave, hook, tilde, dot for each mark family
        let t = tone.map(tone_index); // 0 grave, 1 acute, 2 hook, 3 tilde, 4 dot
        let pick = |grave, acute, hook, tilde, dot| match t {
            Some(0) => grave,
            Some(1) => acute,
            Some(2) => hook,
            Some(3) => tilde,
            _ => dot,
        };
        match (low, quality) {
            ('i', None) => out.push(case(pick(0xEC, 0xED, 0xE6, 0xF3, 0xF2))),
            ('y', None) if t == Some(4) => out.push(case(0xEE)),
            (_, Some('\u{31B}')) => {
                out.push(case(if low == 'o' { 0xF4 } else { 0xF6 }));
                if t.is_some() {
                    out.push(mark_case(pick(0xF8, 0xF9, 0xFB, 0xF5, 0xEF)));
                }
            }
            (_, Some('\u{302}')) => {
                out.push(base as u8);
                out.push(mark_case(if t.is_none() {
                    0xE2
                } else {
                    pick(0xE0, 0xE1, 0xE5, 0xE3, 0xE4)
                }));
            }
            (_, Some('\u{306}')) => {
                out.push(base as u8);
                out.push(mark_case(if t.is_none() {
                    0xEA
                } else {
                    pick(0xE8, 0xE9, 0xFA, 0xFC, 0xEB)
                }));
            }
            (_, None) => {
                out.push(base as u8);
                out.push(mark_case(pick(0xF8, 0xF9, 0xFB, 0xF5, 0xEF)));
            }
            _ => panic!("no VNI form for {c}"),
        }
    }
    out
}

/// Windows-1258; `precomposed` uses the toned letters the code page has (`à`, `É`, …).
fn cp1258(s: &str, precomposed: bool) -> Vec<u8> {
    #[rustfmt::skip]
    const PRECOMPOSED: &[(char, u8)] = &[
        ('À', 0xC0), ('Á', 0xC1), ('È', 0xC8), ('É', 0xC9), ('Í', 0xCD), ('Ó', 0xD3), ('Ù', 0xD9), ('Ú', 0xDA),
        ('à', 0xE0), ('á', 0xE1), ('è', 0xE8), ('é', 0xE9), ('í', 0xED), ('ó', 0xF3), ('ù', 0xF9), ('ú', 0xFA),
    ];
    #[rustfmt::skip]
    const BASES: &[(char, u8)] = &[
        ('Â', 0xC2), ('Ă', 0xC3), ('Ê', 0xCA), ('Ô', 0xD4), ('Ơ', 0xD5), ('Ư', 0xDD), ('Đ', 0xD0),
        ('â', 0xE2), ('ă', 0xE3), ('ê', 0xEA), ('ô', 0xF4), ('ơ', 0xF5), ('ư', 0xFD), ('đ', 0xF0),
    ];
    let mut out = Vec::new();
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c as u8);
            continue;
        }
        if let Some(b) = cp1252_punct(c) {
            out.push(b);
            continue;
        }
        if let Some(&(_, b)) = PRECOMPOSED.iter().find(|&&(l, _)| precomposed && l == c) {
            out.push(b);
            continue;
        }
        if let Some(&(_, b)) = BASES.iter().find(|&&(l, _)| l == c) {
            out.push(b);
            continue;
        }
        let (base, quality, tone) = parts(c);
        let with_quality: String = std::iter::once(base).chain(quality).collect::<String>().nfc().collect();
        let first = with_quality.chars().next().unwrap();
        match BASES.iter().find(|&&(l, _)| l == first) {
            Some(&(_, b)) => out.push(b),
            None => out.push(first as u8),
        }
        if let Some(t) = tone {
            out.push([0xCC, 0xEC, 0xD2, 0xDE, 0xF2][tone_index(t)]);
        }
    }
    out
}

/// VIQR (RFC 1456), escaping a literal mark character that follows a letter.
fn viqr(s: &str) -> String {
    let mut out = String::new();
    let mut prev_letter = false;
    for c in s.chars() {
        if c.is_ascii() {
            if prev_letter && "(^+'`?~.\\".contains(c) {
                out.push('\\');
            }
            out.push(c);
        } else if c == 'đ' {
            out.push_str("dd");
        } else if c == 'Đ' {
            out.push_str("DD");
        } else {
            let (base, quality, tone) = parts(c);
            out.push(base);
            match quality {
                Some('\u{306}') => out.push('('),
                Some('\u{302}') => out.push('^'),
                Some('\u{31B}') => out.push('+'),
                _ => {}
            }
            if let Some(t) = tone {
                out.push(['`', '\'', '?', '~', '.'][tone_index(t)]);
            }
        }
        prev_letter = c.is_alphabetic();
    }
    out
}

/// Bytes seen through Windows-1252 and saved as UTF-8: the mojibake.
fn as_cp1252(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| {
            if (0x80..0xA0).contains(&b) {
                CP1252_C1[usize::from(b - 0x80)]
            } else {
                char::from(b)
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Helpers

fn texts(ingested: &Ingested) -> Vec<&str> {
    ingested.lines.iter().map(|l| l.text.as_str()).collect()
}

#[track_caller]
fn check(bytes: &[u8], encoding: Encoding, expected: &[&str]) {
    let got = ingest(bytes).expect("text");
    assert_eq!(got.encoding, encoding, "lines: {:?}", texts(&got));
    assert_eq!(texts(&got), expected);
}

/// Every toned and quality-marked vowel, each in a syllable of its own (`tà`, `tằm`),
/// plus `đa`: the 67 lower-case marked letters (and the six plain vowels).
fn syllables() -> Vec<String> {
    let rows = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"];
    let tones = ["", "\u{300}", "\u{301}", "\u{309}", "\u{303}", "\u{323}"];
    let mut out = Vec::new();
    for row in rows {
        for tone in tones {
            let v: String = format!("{row}{tone}").nfc().collect();
            // `ă` and `â` stand only before a final consonant.
            let coda = if row == "ă" || row == "â" { "m" } else { "" };
            out.push(format!("t{v}{coda}"));
        }
    }
    out.push("đa".to_string());
    out
}

fn title(s: &str) -> String {
    let mut cs = s.chars();
    cs.next()
        .map(|f| f.to_uppercase().chain(cs).collect())
        .unwrap_or_default()
}

/// A document with the sentences and every letter in lower, title and upper case.
fn round_trip_lines() -> Vec<String> {
    let syl = syllables();
    let marked: std::collections::BTreeSet<char> =
        syl.iter().flat_map(|s| s.chars()).filter(|c| !c.is_ascii()).collect();
    assert_eq!(marked.len(), 67);
    for s in &syl {
        assert!(kehoach::vn::Syllable::parse(s).is_some(), "{s}");
    }
    vec![
        S1.to_string(),
        syl.join(" "),
        syl.iter().map(|s| title(s)).collect::<Vec<_>>().join(" "),
        syl.iter().map(|s| s.to_uppercase()).collect::<Vec<_>>().join(" "),
        S2.to_string(),
        S3.to_string(),
    ]
}

fn joined(lines: &[String]) -> String {
    lines.join("\n")
}

fn strs(lines: &[String]) -> Vec<&str> {
    lines.iter().map(String::as_str).collect()
}

// ---------------------------------------------------------------------------
// TCVN3

#[test]
fn tcvn3_bytes_sentences() {
    let text = format!("{S1}\n{S2}\n{S3}");
    check(&tcvn3(&text, Capitals::Own), Encoding::Tcvn3, &[S1, S2, S3]);
}

#[test]
fn tcvn3_bytes_round_trip_all_letters() {
    let lines = round_trip_lines();
    let bytes = tcvn3(&joined(&lines), Capitals::Own);
    check(&bytes, Encoding::Tcvn3, &strs(&lines));
}

#[test]
fn tcvn3_vntimeh_capitals_follow_context() {
    // Typed in a `.VnTimeH` font: every marked capital has the lower-case code.
    let text = format!("{S2}\nKẾ HOẠCH\n{S1}\nTừ năm 2025");
    let bytes = tcvn3(&text, Capitals::Shared);
    assert!(bytes.starts_with(b"\xF1Y BAN NH\xA9N D\xA9N T\xD8NH B\xD7NH PH\xAD\xEDC\n"));
    check(&bytes, Encoding::Tcvn3, &[S2, "KẾ HOẠCH", S1, "Từ năm 2025"]);
}

#[test]
fn tcvn3_known_bytes() {
    // Hand-encoded: "Kế hoạch" and "Cộng hoà xã hội chủ nghĩa Việt Nam".
    check(b"K\xD5 ho\xB9ch", Encoding::Tcvn3, &["Kế hoạch"]);
    check(
        b"C\xE9ng ho\xB5 x\xB7 h\xE9i ch\xF1 ngh\xDCa Vi\xD6t Nam\r\n\xA7\xE9c l\xCBp - T\xF9 do - H\xB9nh ph\xF3c",
        Encoding::Tcvn3,
        &["Cộng hoà xã hội chủ nghĩa Việt Nam", "Độc lập - Tự do - Hạnh phúc"],
    );
}

#[test]
fn tcvn3_mojibake_sentences() {
    let text = format!("{S1}\n{S2}\n{S3}\n“Chuyển đổi số” – ưu tiên");
    let moji = as_cp1252(&tcvn3(&text, Capitals::Own));
    assert!(moji.starts_with("KÕ ho¹ch thùc hiÖn NghÞ quyÕt sè 57-NQ/TW cña Bé ChÝnh trÞ"));
    check(
        moji.as_bytes(),
        Encoding::Tcvn3Mojibake,
        &[S1, S2, S3, "“Chuyển đổi số” – ưu tiên"],
    );
}

#[test]
fn tcvn3_mojibake_round_trip_all_letters() {
    let lines = round_trip_lines();
    let moji = as_cp1252(&tcvn3(&joined(&lines), Capitals::Own));
    check(moji.as_bytes(), Encoding::Tcvn3Mojibake, &strs(&lines));
}

#[test]
fn tcvn3_mojibake_single_short_line() {
    check("KÕ ho¹ch".as_bytes(), Encoding::Tcvn3Mojibake, &["Kế hoạch"]);
    check(
        "Céng hoµ x· héi chñ nghÜa ViÖt Nam".as_bytes(),
        Encoding::Tcvn3Mojibake,
        &["Cộng hoà xã hội chủ nghĩa Việt Nam"],
    );
    check(
        "ñY BAN NH©N D©N".as_bytes(),
        Encoding::Tcvn3Mojibake,
        &["ỦY BAN NHÂN DÂN"],
    );
}

// ---------------------------------------------------------------------------
// VNI

#[test]
fn vni_bytes_sentences() {
    let text = format!("{S1}\n{S2}\n{S3}");
    check(&vni(&text, true), Encoding::Vni, &[S1, S2, S3]);
}

#[test]
fn vni_bytes_round_trip_all_letters() {
    let lines = round_trip_lines();
    check(&vni(&joined(&lines), true), Encoding::Vni, &strs(&lines));
}

#[test]
fn vni_capitals_with_lower_case_mark_bytes() {
    let lines = round_trip_lines();
    check(&vni(&joined(&lines), false), Encoding::Vni, &strs(&lines));
}

#[test]
fn vni_known_bytes() {
    check(b"Ke\xE1 hoa\xEFch", Encoding::Vni, &["Kế hoạch"]);
    check(
        b"C\x4F\xC4NG HO\xD8A X\x41\xD5 H\x4F\xC4I CHU\xDB NGH\xD3A VIE\xC4T NAM",
        Encoding::Vni,
        &["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
    );
}

#[test]
fn vni_mojibake_sentences() {
    let text = format!("{S1}\n{S2}\n{S3}");
    let moji = as_cp1252(&vni(&text, true));
    assert!(moji.starts_with("Keá hoaïch thöïc hieän Nghò quyeát soá 57-NQ/TW cuûa Boä Chính trò"));
    check(moji.as_bytes(), Encoding::VniMojibake, &[S1, S2, S3]);
}

#[test]
fn vni_mojibake_round_trip_all_letters() {
    let lines = round_trip_lines();
    let moji = as_cp1252(&vni(&joined(&lines), true));
    check(moji.as_bytes(), Encoding::VniMojibake, &strs(&lines));
}

#[test]
fn vni_mojibake_single_short_line() {
    check("Keá hoaïch".as_bytes(), Encoding::VniMojibake, &["Kế hoạch"]);
    check(
        "Ñoäc laäp - Töï do - Haïnh phuùc".as_bytes(),
        Encoding::VniMojibake,
        &["Độc lập - Tự do - Hạnh phúc"],
    );
}

// ---------------------------------------------------------------------------
// Windows-1258

#[test]
fn cp1258_sentences_decomposed_and_precomposed() {
    let text = format!("{S1}\n{S2}\n{S3}");
    check(&cp1258(&text, false), Encoding::Windows1258, &[S1, S2, S3]);
    check(&cp1258(&text, true), Encoding::Windows1258, &[S1, S2, S3]);
}

#[test]
fn cp1258_round_trip_all_letters() {
    let lines = round_trip_lines();
    check(&cp1258(&joined(&lines), false), Encoding::Windows1258, &strs(&lines));
    check(&cp1258(&joined(&lines), true), Encoding::Windows1258, &strs(&lines));
}

#[test]
fn cp1258_known_bytes_are_nfc() {
    let got = ingest(b"K\xEA\xEC hoa\xF2ch").unwrap();
    assert_eq!(got.encoding, Encoding::Windows1258);
    assert_eq!(got.lines[0].text, "Kế hoạch");
    assert!(got.lines[0].text.chars().all(|c| !('\u{300}'..='\u{36F}').contains(&c)));
}

// ---------------------------------------------------------------------------
// VIQR

#[test]
fn viqr_sentences() {
    let text = format!("{S1}\n{S2}\n{S3}");
    let encoded = viqr(&text);
    assert!(encoded.starts_with("Ke^' hoa.ch thu+.c hie^.n Nghi. quye^'t so^' 57-NQ/TW cu?a Bo^. Chi'nh tri."));
    check(encoded.as_bytes(), Encoding::Viqr, &[S1, S2, S3]);
}

#[test]
fn viqr_round_trip_all_letters() {
    let lines = round_trip_lines();
    check(viqr(&joined(&lines)).as_bytes(), Encoding::Viqr, &strs(&lines));
}

#[test]
fn viqr_short_lines() {
    check(b"Ke^' hoa.ch", Encoding::Viqr, &["Kế hoạch"]);
    check(b"DDa^`y", Encoding::Viqr, &["Đầy"]);
    check(b"Dda^`y ddu?", Encoding::Viqr, &["Đầy đủ"]);
}

#[test]
fn viqr_escapes_and_punctuation() {
    // RFC 1456's own examples: escaped marks stay literal.
    check(
        b"To^i ye^u tie^'ng nu+o+'c to^i tu+` khi mo+'i ra ddo+`i\\.",
        Encoding::Viqr,
        &["Tôi yêu tiếng nước tôi từ khi mới ra đời."],
    );
    check(
        b"O^ng te^n gi`\\? To^i te^n la` Tra^`n Va(n Hie^'u\\.",
        Encoding::Viqr,
        &["Ông tên gì? Tôi tên là Trần Văn Hiếu."],
    );
    // A mark cannot follow a toned syllable, so sentence ends need no escape there.
    check(
        b"Ha` No^.i. Co' pha?i kho^ng?",
        Encoding::Viqr,
        &["Hà Nội. Có phải không?"],
    );
    // Unescaped after a plain vowel, RFC 1456 reads a mark (on the vowel it follows).
    check(b"Thu? ddo^ Ha Noi.", Encoding::Viqr, &["Thủ đô Ha Noị"]);
    check(b"Thu? ddo^ Ha Noi\\.", Encoding::Viqr, &["Thủ đô Ha Noi."]);
    // English words in a VIQR text keep their apostrophes and question marks.
    check(
        b"Vie^.t Nam's e-mail: what's new? Really?",
        Encoding::Viqr,
        &["Việt Nam's e-mail: what's new? Really?"],
    );
}

#[test]
fn viqr_list_numbers_stay() {
    check(
        b"I. MU.C DDI'CH, YE^U CA^`U\nVI. TO^? CHU+'C THU+.C HIE^.N\na. Mu.c tie^u",
        Encoding::Viqr,
        &["I. MỤC ĐÍCH, YÊU CẦU", "VI. TỔ CHỨC THỰC HIỆN", "a. Mục tiêu"],
    );
}

#[test]
fn tcvn3_capitals_without_codes() {
    // VN3 has no code for `Ở`, `Ứ`, `Ủ`: they are written with the lower-case code and
    // come back as capitals where a sentence starts (and in `Ủy ban`).
    let expected = [
        "Ủy ban nhân dân tỉnh ban hành Kế hoạch.",
        "Ở đây, các xã đã triển khai. Ứng dụng công nghệ số còn chậm.",
        "Số: 57/KH-UBND",
        "Ban cán sự đảng Ủy ban nhân dân tỉnh; Uỷ ban Kiểm tra.",
        "đ) Tổ chức thực hiện;",
    ];
    let bytes = tcvn3(&expected.join("\n"), Capitals::Own);
    assert!(bytes.starts_with(b"\xF1y ban nh\xA9n d\xA9n t\xD8nh"));
    check(&bytes, Encoding::Tcvn3, &expected);
    let moji = as_cp1252(&bytes);
    check(moji.as_bytes(), Encoding::Tcvn3Mojibake, &expected);
}

#[test]
fn tcvn3_hard_wrapped_lines_keep_lower_case() {
    // Continuation lines of wrapped text start in lower case; `đảm` must not become `Đảm`.
    let expected = [
        "Các cơ quan, đơn vị phải",
        "đảm bảo tiến độ, ở mức",
        "ứng dụng cao nhất, và",
        "chuyển đổi số toàn diện.",
    ];
    check(&tcvn3(&expected.join("\n"), Capitals::Own), Encoding::Tcvn3, &expected);
    let moji = as_cp1252(&tcvn3(&expected.join("\n"), Capitals::Own));
    check(moji.as_bytes(), Encoding::Tcvn3Mojibake, &expected);
}

#[test]
fn tcvn3_combining_tone_bytes() {
    // 0xB0–0xB4 are combining tones after a vowel, Latin-1 symbols elsewhere.
    check(
        b"Nhi\xAA\xB4t \xAE\xE9 trung b\xD7nh 25\xB0C, \xAE\xE9 \xE8m 80%",
        Encoding::Tcvn3,
        &["Nhiệt độ trung bình 25°C, độ ốm 80%"],
    );
}

#[test]
fn viqr_names_abbreviations_and_spellings() {
    check(
        b"Ti?nh DDa('k La('k, huye^.n Kro^ng Pa('c; TT HDDND ti?nh (b/c);\n\
          dd) Nhie^.m vu. kha'c: gie^'ng nu+o+'c, qua? quy't; they'd say I've seen it.",
        Encoding::Viqr,
        &[
            "Tỉnh Đắk Lắk, huyện Krông Pắc; TT HĐND tỉnh (b/c);",
            "đ) Nhiệm vụ khác: giếng nước, quả quýt; they'd say I've seen it.",
        ],
    );
}

// ---------------------------------------------------------------------------
// Left alone

#[test]
fn ordinary_vietnamese_is_not_repaired() {
    let text = format!(
        "{S1}\n{S2}\n{S3}\nHà Nội, ngày 22 tháng 12 năm 2024\nChào bà, tôi là Hà; hoà bình, khoá học, toà án.\n\
         Bảo đảm “an toàn, an ninh mạng” – ưu tiên."
    );
    let got = ingest(text.as_bytes()).unwrap();
    assert_eq!(got.encoding, Encoding::Utf8);
    assert_eq!(texts(&got), text.lines().collect::<Vec<_>>());
}

#[test]
fn english_ascii_is_not_repaired() {
    let text = "It's John's book, isn't it? Don't worry; I'm sure you'll do fine.\n\
                What do you think? 'Quoted' text, e.g. a.m. and p.m. Go.\n\
                See C++ (and x^2 + y^2). Is it a(b)? Really? Yes, I do. So? No.\n\
                The address is dd@example.com, ma'am.";
    let got = ingest(text.as_bytes()).unwrap();
    assert_eq!(got.encoding, Encoding::Utf8);
    assert_eq!(texts(&got), text.lines().collect::<Vec<_>>());
}

#[test]
fn western_latin1_text_is_not_repaired() {
    let text = "Café à Paris, élève, naïve, Müller, señor, Ærø, garçon — « déjà vu ».";
    let got = ingest(text.as_bytes()).unwrap();
    assert_eq!(got.encoding, Encoding::Utf8);
    // Not UTF-8 at all (Latin-1 bytes): no legacy encoding fits, so lossy UTF-8.
    let latin1: Vec<u8> = text.chars().filter_map(|c| u8::try_from(u32::from(c)).ok()).collect();
    let got = ingest(&latin1).unwrap();
    assert_eq!(got.encoding, Encoding::Utf8);
    assert!(got.diagnostics.iter().any(|d| d.code == "invalid-utf8"));
}

#[test]
fn utf8_with_a_stray_byte_stays_utf8() {
    let mut bytes = format!("{S1}\n{S3}\n").into_bytes();
    bytes.extend_from_slice(b"Ba\xffn h\xc3\xa0nh\n");
    let got = ingest(&bytes).unwrap();
    assert_eq!(got.encoding, Encoding::Utf8);
    assert_eq!(got.lines[0].text, S1);
}

fn fixture_inputs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("fixtures")
        .flatten()
        .map(|d| d.path().join("input.txt"))
        .filter(|p| p.exists())
        .collect();
    paths.sort();
    paths
}

#[test]
fn ocr_fixtures_are_not_repaired() {
    let paths = fixture_inputs();
    assert!(paths.len() >= 3, "{paths:?}");
    for path in paths {
        let bytes = std::fs::read(&path).unwrap();
        let got = ingest(&bytes).unwrap();
        assert_eq!(got.encoding, Encoding::Utf8, "{}", path.display());
        // Not converted: every line is a line of the (normalised) input.
        let original = kehoach::ingest::normalize(std::str::from_utf8(&bytes).unwrap());
        for line in &got.lines {
            assert!(original.contains(&line.text), "{}: {}", path.display(), line.text);
        }
    }
}

// ---------------------------------------------------------------------------
// Sample files under tests/data/encodings/

const SAMPLE: &[&str] = &[
    "ỦY BAN NHÂN DÂN TỈNH BÌNH PHƯỚC",
    "Số: 57/KH-UBND",
    "KẾ HOẠCH",
    "Triển khai thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "1. Mục đích",
    "a) Đến năm 2030, tỷ lệ phủ sóng 5G đạt 95% dân số.",
    "b) Bảo đảm \"an toàn, an ninh mạng\" trong quá trình chuyển đổi số.",
];

fn sample(line_end: &str) -> String {
    let mut s = SAMPLE.join(line_end);
    s.push_str(line_end);
    s
}

/// (file name, contents, encoding found)
fn sample_files() -> Vec<(&'static str, Vec<u8>, Encoding)> {
    let lf = sample("\n");
    let crlf = sample("\r\n");
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in lf.encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    vec![
        ("tcvn3.txt", tcvn3(&crlf, Capitals::Own), Encoding::Tcvn3),
        ("vni.txt", vni(&lf, true), Encoding::Vni),
        ("windows-1258.txt", cp1258(&lf, true), Encoding::Windows1258),
        ("viqr.txt", viqr(&lf).into_bytes(), Encoding::Viqr),
        (
            "tcvn3-mojibake.txt",
            as_cp1252(&tcvn3(&lf, Capitals::Own)).into_bytes(),
            Encoding::Tcvn3Mojibake,
        ),
        (
            "vni-mojibake.txt",
            as_cp1252(&vni(&crlf, true)).into_bytes(),
            Encoding::VniMojibake,
        ),
        ("utf16le.txt", utf16, Encoding::Utf16Le),
        (
            "decomposed-nfd.txt",
            lf.nfd().collect::<String>().into_bytes(),
            Encoding::Utf8,
        ),
    ]
}

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/encodings")
}

/// Keeps the files in step with the encoders; `KEHOACH_REGENERATE=1` rewrites them.
#[test]
fn sample_files_are_current() {
    let regenerate = std::env::var_os("KEHOACH_REGENERATE").is_some();
    for (name, bytes, _) in sample_files() {
        let path = data_dir().join(name);
        if regenerate {
            std::fs::create_dir_all(data_dir()).unwrap();
            std::fs::write(&path, &bytes).unwrap();
        }
        let on_disk = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(on_disk, bytes, "{name} is stale: run with KEHOACH_REGENERATE=1");
    }
}

#[test]
fn sample_files_ingest() {
    for (name, _, encoding) in sample_files() {
        let bytes = std::fs::read(data_dir().join(name)).unwrap();
        let got = ingest(&bytes).unwrap();
        assert_eq!(got.encoding, encoding, "{name}");
        assert_eq!(texts(&got), SAMPLE, "{name}");
        let converted = got.diagnostics.iter().any(|d| d.code == "encoding-converted");
        assert_eq!(converted, encoding != Encoding::Utf8, "{name}");
    }
}

// ---------------------------------------------------------------------------
// Properties

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = ingest(&bytes);
    }

    #[test]
    fn never_panics_on_marky_text(s in "[a-zA-Z dD(^+'`?~.\\\\\n0-9µ¹ÕÖÜ©®§¸\u{AD}ñöôùûõïáâãäåàêéèëüú]{0,200}") {
        let _ = ingest(s.as_bytes());
    }

    #[test]
    fn random_syllables_round_trip(picks in proptest::collection::vec((0usize..73, any::<bool>()), 1..30)) {
        let pool = syllables();
        let line: Vec<String> = picks
            .iter()
            .map(|&(i, t)| {
                let s = &pool[i % pool.len()];
                if t { title(s) } else { s.clone() }
            })
            .collect();
        let text = format!("{S1}\n{}", line.join(" "));
        let expected = [S1, &line.join(" ")];
        check(&tcvn3(&text, Capitals::Own), Encoding::Tcvn3, &expected);
        check(&vni(&text, true), Encoding::Vni, &expected);
        check(&cp1258(&text, false), Encoding::Windows1258, &expected);
        check(viqr(&text).as_bytes(), Encoding::Viqr, &expected);
        check(as_cp1252(&tcvn3(&text, Capitals::Own)).as_bytes(), Encoding::Tcvn3Mojibake, &expected);
        check(as_cp1252(&vni(&text, true)).as_bytes(), Encoding::VniMojibake, &expected);
    }
}

