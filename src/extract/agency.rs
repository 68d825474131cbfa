//! A gazetteer of Vietnamese public bodies with their abbreviations, giving each a
//! canonical name (`Sở KH&CN` = `Sở Khoa học và Công nghệ`).
//!
//! The names live in `agencies.tsv` (canonical name, then aliases). Names and text are
//! folded (lower case, no marks, single spaces) and matched with Aho-Corasick, leftmost
//! longest, so `So Khoa hoc va Cong nghe` (OCR residue) and `Sở KH&CN` both find `Sở Khoa
//! học và Công nghệ`. Bodies missing from the list are caught by generic patterns: a head
//! (`Sở`, `Ban`, `Phòng`, `Đảng ủy`, `UBND huyện`, …) followed by a name.

use super::fold::{Folded, fold};
use aho_corasick::{AhoCorasick, MatchKind};
use std::sync::OnceLock;

const DATA: &str = include_str!("agencies.tsv");

/// One agency found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgencyMatch {
    /// Byte offset of the match in the text.
    pub start: usize,
    /// Byte offset after the match.
    pub end: usize,
    /// Canonical name.
    pub canonical: String,
}

#[derive(Debug)]
struct Inner {
    automaton: Option<AhoCorasick>,
    /// Canonical name of each pattern.
    canonical: Vec<String>,
}

fn inner() -> &'static Inner {
    static INNER: OnceLock<Inner> = OnceLock::new();
    INNER.get_or_init(|| {
        let mut patterns: Vec<String> = Vec::new();
        let mut canonical = Vec::new();
        for line in DATA.lines() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut fields = line.split('\t').map(str::trim).filter(|f| !f.is_empty());
            let Some(name) = fields.next() else { continue };
            for alias in std::iter::once(name).chain(fields) {
                let f = fold(alias);
                if !f.is_empty() && !patterns.contains(&f) {
                    patterns.push(f);
                    canonical.push(name.to_string());
                }
            }
        }
        let automaton = AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).build(&patterns).ok();
        Inner { automaton, canonical }
    })
}

/// The gazetteer.
#[derive(Clone, Debug)]
pub struct Gazetteer {
    inner: &'static Inner,
}

impl Default for Gazetteer {
    fn default() -> Self {
        Gazetteer::new()
    }
}

/// Heads of agency names for the generic patterns (folded).
const HEADS: &[&str] = &[
    "so", "ban", "phong", "dang uy", "dang bo", "trung tam", "chi cuc", "cuc", "vien", "truong", "hoi", "van phong",
    "uy ban nhan dan", "ubnd", "cong an",
];

/// Lower-case words that end a generic name (`Sở Y tế chủ trì`).
const STOPS: &[&str] = &[
    "chu", "phoi", "tham", "thuc", "trien", "cac", "co", "duoc", "la", "theo", "trong", "de", "ve", "voi", "cua",
    "cho", "tai", "da", "se", "dang", "nhung", "nham", "bao", "chiu", "huong", "lam", "danh", "kiem", "tong", "va",
    "hoac", "neu", "khi", "tu", "den", "tren", "duoi", "nay", "do", "moi", "phai", "can", "ra", "vao", "lien",
    "quan", "xay", "to", "tiep", "nghien", "cuu", "giup", "dieu", "chi", "lanh", "truc", "ho", "tro",
];

/// Levels that take a place name after them (`UBND huyện Đồng Phú`).
const LEVELS: &[&str] = &["huyen", "xa", "phuong", "thi xa", "thanh pho", "thi tran"];

fn capitalized(word: &str) -> bool {
    word.chars().next().map(|c| c.is_uppercase()).unwrap_or(false)
}

fn words_after(text: &str, from: usize) -> Vec<(usize, usize)> {
    // Words (byte spans) after `from`, stopping at punctuation that ends a name.
    let mut out = Vec::new();
    let mut i = from;
    let bytes = text.as_bytes();
    loop {
        // Skip spaces.
        while i < text.len() && bytes[i] == b' ' {
            i += 1;
        }
        if i >= text.len() {
            break;
        }
        let rest = &text[i..];
        let Some(c) = rest.chars().next() else { break };
        if !(c.is_alphanumeric() || c == '&') {
            break;
        }
        let len: usize = rest
            .char_indices()
            .find(|(_, c)| !(c.is_alphanumeric() || *c == '&' || *c == '-'))
            .map(|(j, _)| j)
            .unwrap_or(rest.len());
        out.push((i, i + len));
        i += len;
        if out.len() >= 10 {
            break;
        }
    }
    out
}

impl Gazetteer {
    /// The built-in gazetteer.
    pub fn new() -> Gazetteer {
        Gazetteer { inner: inner() }
    }

    /// Agencies named in `text`, left to right, longest match first.
    ///
    /// ```
    /// use kehoach::extract::agency::Gazetteer;
    /// let found = Gazetteer::new().find("Sở KH&CN chủ trì, phối hợp Sở TT&TT");
    /// assert_eq!(found[0].canonical, "Sở Khoa học và Công nghệ");
    /// assert_eq!(found[1].canonical, "Sở Thông tin và Truyền thông");
    /// ```
    pub fn find(&self, text: &str) -> Vec<AgencyMatch> {
        let folded = Folded::new(text);
        let f = folded.text.as_str();
        let mut out: Vec<AgencyMatch> = Vec::new();
        if let Some(ac) = &self.inner.automaton {
            for m in ac.find_iter(f) {
                if !super::fold::at_word_bounds(f, m.start(), m.end()) {
                    continue;
                }
                let start = folded.orig(m.start());
                let mut end = folded.orig_end(m.end(), text);
                let mut canonical = self.inner.canonical.get(m.pattern().as_usize()).cloned().unwrap_or_default();
                // `HĐND Thị xã`, `UBND tỉnh`: a bare council takes the level written after it.
                if canonical == "Ủy ban nhân dân" || canonical == "Hội đồng nhân dân" {
                    let words = words_after(text, end);
                    let folded_words: Vec<String> = words.iter().take(2).map(|&(a, b)| fold(&text[a..b])).collect();
                    let two = folded_words.join(" ");
                    let level = ["thi xa", "thanh pho", "thi tran"]
                        .iter()
                        .find(|l| two == **l)
                        .map(|_| 2)
                        .or_else(|| ["tinh", "huyen", "xa", "phuong", "quan"].iter().find(|l| folded_words.first().map(|w| w == **l).unwrap_or(false)).map(|_| 1));
                    if let Some(k) = level {
                        if let Some(&(_, b)) = words.get(k - 1) {
                            let written: Vec<String> = words[..k].iter().map(|&(a, b)| text[a..b].to_lowercase()).collect();
                            canonical = format!("{canonical} {}", written.join(" "));
                            end = b;
                        }
                    }
                }
                // `UBND huyện Đồng Phú`: a level takes the place name after it.
                let tail = fold(&canonical);
                if LEVELS.iter().any(|l| tail.ends_with(&format!(" {l}"))) {
                    let mut name = Vec::new();
                    for (a, b) in words_after(text, end) {
                        let w = &text[a..b];
                        if capitalized(w) && name.len() < 4 {
                            name.push(w);
                            end = b;
                        } else {
                            break;
                        }
                    }
                    if !name.is_empty() {
                        canonical = format!("{canonical} {}", name.join(" "));
                    }
                }
                out.push(AgencyMatch { start, end, canonical });
            }
        }
        self.generic(text, &folded, &mut out);
        out.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
        out
    }

    /// Names the list lacks: a head followed by a capitalized name.
    fn generic(&self, text: &str, folded: &Folded, out: &mut Vec<AgencyMatch>) {
        let f = folded.text.as_str();
        for head in HEADS {
            let mut from = 0;
            while let Some(pos) = f[from..].find(head) {
                let fs = from + pos;
                let fe = fs + head.len();
                from = fe;
                if !super::fold::at_word_bounds(f, fs, fe) {
                    continue;
                }
                let start = folded.orig(fs);
                let head_end = folded.orig_end(fe, text);
                // The head must be written with a capital (a name, not the common noun).
                if !capitalized(&text[start..]) {
                    continue;
                }
                if out.iter().any(|m| start < m.end && m.start < head_end) {
                    continue;
                }
                let words = words_after(text, head_end);
                let Some(&(a, _)) = words.first() else { continue };
                if !capitalized(&text[a..]) {
                    continue;
                }
                let mut end = head_end;
                let mut taken = 0;
                let mut k = 0;
                while k < words.len() && taken < 7 {
                    let (a, b) = words[k];
                    let w = &text[a..b];
                    let fw = fold(w);
                    if capitalized(w) {
                        end = b;
                    } else if (fw == "va" || w == "&") && words.get(k + 1).map(|&(c, d)| capitalized(&text[c..d])).unwrap_or(false) {
                        end = b;
                    } else if STOPS.contains(&fw.as_str()) {
                        break;
                    } else {
                        end = b;
                    }
                    taken += 1;
                    k += 1;
                }
                if out.iter().any(|m| start < m.end && m.start < end) {
                    continue;
                }
                let name = text[start..end].trim();
                let canonical = name
                    .replacen("UBND", "Ủy ban nhân dân", 1)
                    .replace("Uỷ", "Ủy")
                    .replace("uỷ", "ủy");
                out.push(AgencyMatch { start, end: start + name.len(), canonical });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(s: &str) -> Vec<String> {
        Gazetteer::new().find(s).into_iter().map(|m| m.canonical).collect()
    }

    #[test]
    fn abbreviations_and_residue() {
        assert_eq!(names("Sở KH&CN"), ["Sở Khoa học và Công nghệ"]);
        assert_eq!(names("So Khoa hoc va Cong nghe chu tri"), ["Sở Khoa học và Công nghệ"]);
        assert_eq!(names("VPTU, Sở TT&TT"), ["Văn phòng Tỉnh ủy", "Sở Thông tin và Truyền thông"]);
        assert_eq!(names("UBND huyện Đồng Phú"), ["Ủy ban nhân dân huyện Đồng Phú"]);
        assert_eq!(names("Sở Y tế chủ trì"), ["Sở Y tế"]);
        assert_eq!(names("Sở Ngoại vụ Tỉnh"), ["Sở Ngoại vụ"]);
        assert!(names("cơ sở dữ liệu").is_empty());
    }
}
