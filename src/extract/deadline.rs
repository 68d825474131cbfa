//! Deadlines: `Quý I/2026`, `Hoàn thành năm 2026`, `Nhiệm vụ thường xuyên`, `Tháng 5/2025`,
//! `Trước 20/3/2025`, `2026-2027`, `Hằng năm`.
//!
//! The grammar runs on the folded text (lower case, no marks), so OCR residue such as
//! `Quy I/2026` or `thuong xuyen` parses too. When a text holds several dates, the last
//! one (the trailing deadline of a task) wins; a more specific form (a day, a month, a
//! quarter) wins over the bare year it contains.

use super::fold::Folded;
use crate::record::Deadline;
use regex::Regex;
use std::sync::OnceLock;

struct Grammar {
    day: Regex,
    month: Regex,
    quarter: Regex,
    half: Regex,
    range: Regex,
    year: Regex,
    recurring: Regex,
}

fn grammar() -> &'static Grammar {
    static G: OnceLock<Grammar> = OnceLock::new();
    G.get_or_init(|| Grammar {
        // trước (ngày) 20/3/2025, 20-3-2025, ngày 20 tháng 3 năm 2025
        day: Regex::new(
            r"(?:(?:truoc|den|trong|chi?am nhat|cham nhat)\s+)?(?:ngay\s+)?\b(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*((?:19|20)\d\d)\b|(?:ngay\s+)(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+((?:19|20)\d\d)\b",
        )
        .unwrap(),
        // tháng 5/2025, tháng 5 năm 2025, tháng 05-2025
        // (also bare `9/2025` in a deadline cell; a document number `03/2025/NĐ-CP` is not one)
        month: Regex::new(r"(?:(?:truoc|trong|den|cuoi)\s+)?(?:\bthang\s+(\d{1,2})\s*(?:[/.-]|\s+nam|\s*,\s*nam)|\b(\d{1,2})/)\s*((?:19|20)\d\d)\b")
            .unwrap(),
        // quý I/2026, quý 1 năm 2026, quý IV-2025
        quarter: Regex::new(
            r"(?:(?:truoc|trong|den|cuoi|het)\s+)?\bquy\s+([ivl1|]{1,3}|iv|[1-4])\s*(?:[/.-]|\s+nam|\s*,\s*nam|\s)\s*((?:19|20)\d\d)\b",
        )
        .unwrap(),
        // 6 tháng đầu năm 2025, 6 tháng cuối năm 2025
        half: Regex::new(r"\b(?:0?6|sau)\s+thang\s+(dau|cuoi)\s+nam\s+((?:19|20)\d\d)\b").unwrap(),
        // 2026-2027, giai đoạn 2026 - 2030, từ năm 2025 đến năm 2030
        range: Regex::new(r"\b((?:19|20)\d\d)\s*(?:-|–|den\s+(?:nam\s+)?|toi\s+(?:nam\s+)?)\s*((?:19|20)\d\d)\b").unwrap(),
        // năm 2026, 2026
        year: Regex::new(r"(?:(?:truoc|trong|den|cuoi|het|hoan thanh|trong nam|den het)\s+)*(?:nam\s+)?\b((?:19|20)\d\d)\b").unwrap(),
        recurring: Regex::new(r"\b(?:thuong xuyen|hang nam|hang quy|hang thang|hang tuan|dinh ky|lien tuc|cac nam tiep theo|moi nam)\b")
            .unwrap(),
    })
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ => {
            if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 {
                29
            } else {
                28
            }
        }
    }
}

fn iso(year: i32, month: u32, day: u32) -> Option<String> {
    if !(1990..=2100).contains(&year) || !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    Some(format!("{year:04}-{month:02}-{day:02}"))
}

fn end_of_month(year: i32, month: u32) -> Option<String> {
    if !(1..=12).contains(&month) {
        return None;
    }
    iso(year, month, days_in_month(year, month))
}

fn quarter_number(s: &str) -> Option<u32> {
    let s: String = s.chars().map(|c| if c == 'l' || c == '1' || c == '|' { 'i' } else { c }).collect();
    match s.as_str() {
        "i" => Some(1),
        "ii" => Some(2),
        "iii" => Some(3),
        "iv" | "4" => Some(4),
        "2" => Some(2),
        "3" => Some(3),
        _ => None,
    }
}

/// One dated match: folded span and ISO end date.
struct Hit {
    start: usize,
    end: usize,
    date: String,
}

fn overlaps(hits: &[Hit], start: usize, end: usize) -> bool {
    hits.iter().any(|h| start < h.end && h.start < end)
}

fn dated(f: &str) -> Vec<Hit> {
    let g = grammar();
    let mut hits: Vec<Hit> = Vec::new();
    for c in g.day.captures_iter(f) {
        let Some(m) = c.get(0) else { continue };
        let (d, mo, y) = if c.get(1).is_some() { (1, 2, 3) } else { (4, 5, 6) };
        let num = |i: usize| c.get(i).and_then(|x| x.as_str().parse::<u32>().ok());
        if let (Some(d), Some(mo), Some(y)) = (num(d), num(mo), num(y)) {
            if let Some(date) = iso(y as i32, mo, d) {
                hits.push(Hit { start: m.start(), end: m.end(), date });
            }
        }
    }
    for c in g.month.captures_iter(f) {
        let Some(m) = c.get(0) else { continue };
        if overlaps(&hits, m.start(), m.end()) || f[m.end()..].starts_with('/') || f[m.end()..].starts_with('-') {
            continue;
        }
        // A bare `4/2025` after `quý` is a quarter, read below.
        // … and one after `30/` is part of an (invalid) full date.
        if c.get(2).is_some_and(|b| f[..b.start()].trim_end().ends_with("quy") || f[..b.start()].ends_with(['/', '-', '.'])) {
            continue;
        }
        let mo = c.get(1).or(c.get(2)).and_then(|x| x.as_str().parse::<u32>().ok());
        let y = c.get(3).and_then(|x| x.as_str().parse::<i32>().ok());
        if let (Some(mo), Some(y)) = (mo, y) {
            if let Some(date) = end_of_month(y, mo) {
                hits.push(Hit { start: m.start(), end: m.end(), date });
            }
        }
    }
    for c in g.quarter.captures_iter(f) {
        let Some(m) = c.get(0) else { continue };
        if overlaps(&hits, m.start(), m.end()) {
            continue;
        }
        let q = c.get(1).and_then(|x| quarter_number(x.as_str()));
        let y = c.get(2).and_then(|x| x.as_str().parse::<i32>().ok());
        if let (Some(q), Some(y)) = (q, y) {
            if let Some(date) = end_of_month(y, q * 3) {
                hits.push(Hit { start: m.start(), end: m.end(), date });
            }
        }
    }
    for c in g.half.captures_iter(f) {
        let Some(m) = c.get(0) else { continue };
        if overlaps(&hits, m.start(), m.end()) {
            continue;
        }
        let first = c.get(1).map(|x| x.as_str() == "dau").unwrap_or(false);
        if let Some(y) = c.get(2).and_then(|x| x.as_str().parse::<i32>().ok()) {
            if let Some(date) = end_of_month(y, if first { 6 } else { 12 }) {
                hits.push(Hit { start: m.start(), end: m.end(), date });
            }
        }
    }
    for c in g.range.captures_iter(f) {
        let Some(m) = c.get(0) else { continue };
        if overlaps(&hits, m.start(), m.end()) {
            continue;
        }
        let a = c.get(1).and_then(|x| x.as_str().parse::<i32>().ok());
        let b = c.get(2).and_then(|x| x.as_str().parse::<i32>().ok());
        if let (Some(a), Some(b)) = (a, b) {
            if b >= a && b - a <= 30 {
                if let Some(date) = end_of_month(b, 12) {
                    hits.push(Hit { start: m.start(), end: m.end(), date });
                }
            }
        }
    }
    for c in g.year.captures_iter(f) {
        let Some(m) = c.get(0) else { continue };
        let Some(y) = c.get(1) else { continue };
        if overlaps(&hits, y.start(), y.end()) {
            continue;
        }
        // A year inside a document number (`57-NQ/TW ... /2024/`) or a date is not a deadline.
        let before = f[..y.start()].chars().next_back();
        let after = f[y.end()..].chars().next();
        if matches!(before, Some('/') | Some('-')) || matches!(after, Some('/')) {
            continue;
        }
        if let Ok(y) = y.as_str().parse::<i32>() {
            if let Some(date) = end_of_month(y, 12) {
                hits.push(Hit { start: m.start(), end: m.end(), date });
            }
        }
    }
    hits.sort_by_key(|h| h.start);
    hits
}

/// Parses a deadline phrase; `None` when the text holds none.
///
/// ```
/// use kehoach::extract::deadline::parse;
/// let d = parse("Hoàn thành trong Quý I/2026.").unwrap();
/// assert_eq!(d.end_date.as_deref(), Some("2026-03-31"));
/// assert!(parse("Nhiệm vụ thường xuyên.").unwrap().recurring);
/// assert!(parse("Sở Tài chính").is_none());
/// ```
pub fn parse(text: &str) -> Option<Deadline> {
    let folded = Folded::new(text);
    let f = folded.text.as_str();
    let hits = dated(f);
    let recurring = grammar().recurring.find_iter(f).last();
    if hits.is_empty() && recurring.is_none() {
        return None;
    }
    let chosen = hits.last();
    // The span written: the chosen date (and recurring phrase), or the whole short text.
    let trimmed = text.trim().trim_end_matches(['.', ';', ',', ':']).trim();
    let words = trimmed.split_whitespace().count();
    let shown = if words <= 12 {
        trimmed.to_string()
    } else {
        let mut s = usize::MAX;
        let mut e = 0;
        if let Some(h) = chosen {
            s = s.min(h.start);
            e = e.max(h.end);
        }
        if let Some(r) = recurring {
            s = s.min(r.start());
            e = e.max(r.end());
        }
        let (a, b) = (folded.orig(s), folded.orig_end(e, text));
        text.get(a..b).unwrap_or(trimmed).trim().to_string()
    };
    Some(Deadline {
        text: shown,
        end_date: chosen.map(|h| h.date.clone()),
        recurring: recurring.is_some(),
    })
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn bare_month_and_year() {
        assert_eq!(end("9/2025").as_deref(), Some("2025-09-30"));
        assert_eq!(end("12/2025").as_deref(), Some("2025-12-31"));
        assert_eq!(end("Nghị định số 03/2025/NĐ-CP"), None);
        assert_eq!(end("Quý 2 năm 2026").as_deref(), Some("2026-06-30"));
    }

    fn end(s: &str) -> Option<String> {
        parse(s).and_then(|d| d.end_date)
    }

    #[test]
    fn forms() {
        assert_eq!(end("Hoàn thành trong Quý I/2026.").as_deref(), Some("2026-03-31"));
        assert_eq!(end("Quý IV năm 2025").as_deref(), Some("2025-12-31"));
        assert_eq!(end("Triển khai trong năm 2026").as_deref(), Some("2026-12-31"));
        assert_eq!(end("Tháng 5/2025").as_deref(), Some("2025-05-31"));
        assert_eq!(end("Trước 20/3/2025").as_deref(), Some("2025-03-20"));
        assert_eq!(end("2026-2027").as_deref(), Some("2027-12-31"));
        assert_eq!(end("6 tháng đầu năm 2025").as_deref(), Some("2025-06-30"));
        assert_eq!(end("Tháng 2/2024").as_deref(), Some("2024-02-29"));
        let d = parse("Hằng năm").unwrap();
        assert!(d.recurring);
        assert_eq!(d.end_date, None);
        assert!(parse("Nhiem vu thuong xuyen").unwrap().recurring);
        assert_eq!(end("Hoan thanh trong Quy I/2026").as_deref(), Some("2026-03-31"));
        assert!(parse("Sở Khoa học và Công nghệ").is_none());
        assert!(parse("").is_none());
        assert_eq!(end("Tháng 13/2025"), None);
    }
}
