//! Splitting a line into tokens with byte spans, and telling which tokens may be changed.
//!
//! Depends only on `crate::vn`, so the build script can include it to read the corpus
//! the same way the restorer reads input.

use crate::vn;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Letters (possibly with OCR junk standing for letters, or digits standing for them).
    Word,
    /// Digits with separators (`2025`, `0,61`, `22/12/2024`, `95%`).
    Number,
    /// A code, address or abbreviation with digits or symbols (`57-NQ/TW`, `KH&CN`,
    /// `a@b.vn`, `https://…`): never changed.
    Code,
    /// Punctuation.
    Punct,
}

/// A token: a byte range of the line and its kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset after the last character.
    pub end: usize,
    /// Kind.
    pub kind: Kind,
}

impl Token {
    /// The token's text in `line`.
    pub fn text<'a>(&self, line: &'a str) -> &'a str {
        line.get(self.start..self.end).unwrap_or("")
    }
}

/// Characters that OCR engines print for Vietnamese letters they cannot read
/// (`ngh¢` = `nghệ`, `B§` = `Bộ`, `k¥` = `kỹ`): part of a word, not punctuation.
pub fn is_letter_like(c: char) -> bool {
    matches!(c, '¢' | '§' | '¥' | '£' | '€' | 'ß' | 'ø' | 'æ' | 'þ' | '¡' | '¿')
}

fn is_core(c: char) -> bool {
    c.is_alphanumeric() || is_letter_like(c)
}

/// Separators that join the parts of one token when letters or digits stand on both sides.
fn is_joiner(c: char) -> bool {
    matches!(c, '.' | ',' | '/' | '-' | '&' | '@' | ':' | '_' | '%' | '+' | '\'' | '’')
}

/// Splits a line into tokens. Spaces are not tokens; every other character belongs to
/// exactly one token.
pub fn tokenize(line: &str) -> Vec<Token> {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let end_of = |i: usize| chars.get(i).map(|&(b, _)| b).unwrap_or(line.len());
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if !is_core(c) {
            out.push(Token { start: chars[i].0, end: end_of(i + 1), kind: Kind::Punct });
            i += 1;
            continue;
        }
        // A run of core characters and inner joiners.
        let start = i;
        let mut j = i;
        while j < chars.len() {
            let c = chars[j].1;
            if is_core(c) {
                j += 1;
            } else if is_joiner(c) && j + 1 < chars.len() && is_core(chars[j + 1].1) && j > start {
                j += 1;
            } else if c == '%' {
                j += 1;
                break;
            } else {
                break;
            }
        }
        let text = &line[chars[start].0..end_of(j)];
        split_run(text, chars[start].0, &mut out);
        i = j;
    }
    out
}

/// Classifies a run and splits letter-only compounds (`tỉnh/thành`, `kinh-tế`) into words.
fn split_run(text: &str, offset: usize, out: &mut Vec<Token>) {
    let has_digit = text.chars().any(|c| c.is_ascii_digit());
    let has_alpha = text.chars().any(|c| c.is_alphabetic() || is_letter_like(c));
    let joiners: Vec<char> = text.chars().filter(|&c| is_joiner(c)).collect();
    let token = |s: usize, e: usize, kind| Token { start: offset + s, end: offset + e, kind };
    if !has_alpha {
        out.push(token(0, text.len(), Kind::Number));
        return;
    }
    if text.contains('@') || text.contains("://") || text.starts_with("www.") || text.contains('&') {
        out.push(token(0, text.len(), Kind::Code));
        return;
    }
    if joiners.is_empty() {
        out.push(token(0, text.len(), Kind::Word));
        return;
    }
    if has_digit {
        // `57-NQ/TW`, `03/NQ-CP`, `QH15`: a code. But `s6,` never reaches here (trailing
        // joiners are not part of a run), and `d6i-m6i` is rare enough to leave alone.
        out.push(token(0, text.len(), Kind::Code));
        return;
    }
    // Letters only with joiners: a domain name is a code, anything else splits.
    if text.contains('.') && text.split('.').count() > 2 {
        out.push(token(0, text.len(), Kind::Code));
        return;
    }
    let mut part_start = 0;
    for (b, c) in text.char_indices() {
        if is_joiner(c) {
            if b > part_start {
                out.push(token(part_start, b, Kind::Word));
            }
            out.push(token(b, b + c.len_utf8(), Kind::Punct));
            part_start = b + c.len_utf8();
        }
    }
    if part_start < text.len() {
        out.push(token(part_start, text.len(), Kind::Word));
    }
}

/// The lower-case, old-style form of a word if it is a Vietnamese syllable.
pub fn syllable_form(word: &str) -> Option<String> {
    let syl = vn::Syllable::parse(word)?;
    Some(syl.render())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(line: &str) -> Vec<(String, Kind)> {
        tokenize(line).iter().map(|t| (t.text(line).to_string(), t.kind)).collect()
    }

    #[test]
    fn codes_numbers_words() {
        let got = texts("Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ (KH&CN), đạt 0,61% GRDP.");
        let want = [
            ("Nghị", Kind::Word),
            ("quyết", Kind::Word),
            ("số", Kind::Word),
            ("57-NQ/TW", Kind::Code),
            ("ngày", Kind::Word),
            ("22/12/2024", Kind::Number),
            ("của", Kind::Word),
            ("Bộ", Kind::Word),
            ("(", Kind::Punct),
            ("KH&CN", Kind::Code),
            (")", Kind::Punct),
            (",", Kind::Punct),
            ("đạt", Kind::Word),
            ("0,61%", Kind::Number),
            ("GRDP", Kind::Word),
            (".", Kind::Punct),
        ];
        let want: Vec<(String, Kind)> = want.iter().map(|(s, k)| (s.to_string(), *k)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn ocr_words_stay_whole() {
        let got = texts("S6: 57 /KH-UBND ngh¢ tinh/thanh d6i méi");
        let words: Vec<&str> = got.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(words, ["S6", ":", "57", "/", "KH", "-", "UBND", "ngh¢", "tinh", "/", "thanh", "d6i", "méi"]);
        assert_eq!(got[0].1, Kind::Word);
    }
}
