//! Folding: lower case, no marks, single spaces, with a map back to the original bytes.
//!
//! Matching on the folded form lets restored text and OCR residue (`So Khoa hoc`) meet
//! the same rules; the map gives exact byte spans in the original text.

use crate::vn;

/// A folded text with, for each folded byte, the byte offset in the original.
#[derive(Clone, Debug, Default)]
pub struct Folded {
    /// Lower case, marks stripped, runs of white space as one space.
    pub text: String,
    /// `map[i]` = original byte offset of folded byte `i`; `map[text.len()]` = original length.
    map: Vec<usize>,
}

impl Folded {
    /// Folds `s`.
    pub fn new(s: &str) -> Folded {
        let mut text = String::with_capacity(s.len());
        let mut map = Vec::with_capacity(s.len() + 1);
        let mut last_space = true;
        for (i, c) in s.char_indices() {
            let f = if c.is_whitespace() {
                if last_space {
                    continue;
                }
                ' '
            } else {
                fold_char(c)
            };
            last_space = f == ' ';
            let before = text.len();
            text.push(f);
            for _ in before..text.len() {
                map.push(i);
            }
        }
        map.push(s.len());
        Folded { text, map }
    }

    /// The original byte offset of folded offset `i`.
    pub fn orig(&self, i: usize) -> usize {
        self.map.get(i).copied().unwrap_or_else(|| self.map.last().copied().unwrap_or(0))
    }

    /// The original byte offset just after the folded byte range ending at `end`.
    pub fn orig_end(&self, end: usize, original: &str) -> usize {
        if end == 0 {
            return 0;
        }
        // The original char that produced folded byte end-1 ends here.
        let start = self.orig(end - 1);
        let len = original[start..].chars().next().map(char::len_utf8).unwrap_or(0);
        start + len
    }
}

/// Folds one char: lower case without marks; typographic variants to ASCII.
pub fn fold_char(c: char) -> char {
    let c = match c {
        '–' | '—' | '−' => '-',
        '’' | '‘' => '\'',
        '“' | '”' => '"',
        c => c,
    };
    vn::strip_char(vn::lower_char(c))
}

/// Folds a string without the map.
pub fn fold(s: &str) -> String {
    Folded::new(s).text
}

/// True when `c` can be part of a word (letters and digits).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// True when `text[start..end]` is not glued to word characters on either side.
pub fn at_word_bounds(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let first = text[start..end].chars().next();
    let last = text[start..end].chars().next_back();
    let ok_before = match (before, first) {
        (Some(b), Some(f)) => !(is_word_char(b) && is_word_char(f)),
        _ => true,
    };
    let ok_after = match (after, last) {
        (Some(a), Some(l)) => !(is_word_char(a) && is_word_char(l)),
        _ => true,
    };
    ok_before && ok_after
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_and_maps() {
        let s = "Sở  Khoa học";
        let f = Folded::new(s);
        assert_eq!(f.text, "so khoa hoc");
        let i = f.text.find("khoa").unwrap();
        assert_eq!(&s[f.orig(i)..f.orig_end(i + 4, s)], "Khoa");
        assert_eq!(&s[f.orig(0)..f.orig_end(2, s)], "Sở");
    }
}
