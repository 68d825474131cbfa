//! Stage 2, clean: tells layout noise from content, line by line, without deleting anything.
//!
//! Scans and PDF extractions carry page numbers, running headers and scanner junk between
//! the lines of the plan. This stage gives such lines a role (kept in the record, so
//! nothing is lost) and later stages skip them.

use crate::ingest::SourceLine;

/// What a line is, as far as layout goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Ordinary content.
    Content,
    /// Empty or only spaces.
    Blank,
    /// A page number standing alone (`2`, `- 3 -`, `Trang 4`).
    PageNumber,
    /// Scanner noise: a short line with no word in it.
    Noise,
}

impl Role {
    /// The name written in the record (`None` for content and blank lines).
    pub fn name(self) -> Option<&'static str> {
        match self {
            Role::PageNumber => Some("page-number"),
            Role::Noise => Some("noise"),
            Role::Content | Role::Blank => None,
        }
    }
}

/// Gives each line a role.
pub fn classify(lines: &[SourceLine]) -> Vec<Role> {
    let blank = |i: usize| lines.get(i).map(|l| l.text.trim().is_empty()).unwrap_or(true);
    lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let t = line.text.trim();
            if t.is_empty() {
                return Role::Blank;
            }
            let before = i == 0 || blank(i - 1);
            let after = blank(i + 1);
            if before && after && is_page_number(t) {
                return Role::PageNumber;
            }
            if !t.chars().any(|c| c.is_alphanumeric()) && t.chars().count() <= 12 {
                return Role::Noise;
            }
            Role::Content
        })
        .collect()
}

/// `2`, `- 3 -`, `Trang 4`, `4/12`.
fn is_page_number(t: &str) -> bool {
    let core = t.trim_matches(|c: char| c == '-' || c == ' ' || c == '–');
    let core = core.strip_prefix("Trang ").unwrap_or(core);
    let core = core.split('/').next().unwrap_or(core);
    !core.is_empty() && core.len() <= 3 && core.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(texts: &[&str]) -> Vec<SourceLine> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| SourceLine { n: i as u32 + 1, page: 1, text: t.to_string() })
            .collect()
    }

    #[test]
    fn page_numbers_stand_alone() {
        // From fixture 001: a page number between blank lines.
        let roles = classify(&lines(&["quan diém, myc tiéu,", "", "", "2", "", "chinh tri - x& hoi"]));
        assert_eq!(roles[3], Role::PageNumber);
        assert_eq!(roles[0], Role::Content);
        // A numbered item is not a page number.
        let roles = classify(&lines(&["", "2", "Yêu cầu"]));
        assert_eq!(roles[1], Role::Content);
    }
}
