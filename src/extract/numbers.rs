//! Quantities in Vietnamese prose: `95%`, `0,61%`, `1,5% GRDP`, `1.700 cán bộ`,
//! `0,2 doanh nghiệp/1.000 dân`, `≥ 0,70`, `Top 10`, `nhóm 05 tỉnh dẫn đầu`,
//! `02 - 05%/năm`, `hai con số`, with their comparators (`đạt`, `tối thiểu`, `trên`,
//! `từ … trở lên`, `≥`, and OCR'd signs `?`/`~` standing for `≥`).
//!
//! Numbers follow the Vietnamese format: `,` is the decimal mark and `.` separates
//! thousands (`1.700` = 1700, `0,61` = 0.61); a `.` followed by other than three digits is
//! read as a decimal mark (OCR and careless typing). Years, dates, document numbers,
//! enumerations and durations are not quantities.

use super::fold::Folded;
use crate::record::Comparator;
use regex::Regex;
use std::sync::OnceLock;

/// A quantity found in a text. Offsets are bytes of the original text.
#[derive(Clone, Debug, PartialEq)]
pub struct Quantity {
    /// Start of the comparator cue or the number.
    pub start: usize,
    /// Start of the number.
    pub number_start: usize,
    /// End of the number, unit and base.
    pub end: usize,
    /// Value.
    pub value: f64,
    /// Upper bound of a range.
    pub value_max: Option<f64>,
    /// Comparator (`None` when no cue is written).
    pub comparator: Option<Comparator>,
    /// Unit (`%`, `%/năm`, `doanh nghiệp`, `rank`), `None` for an index.
    pub unit: Option<String>,
    /// What a share is of (`GRDP`, `dân số`, `tổng số doanh nghiệp`).
    pub base: Option<String>,
}

/// Parses a number in Vietnamese (or, failing that, English) format.
///
/// ```
/// use kehoach::extract::numbers::parse_number;
/// assert_eq!(parse_number("1.700"), Some(1700.0));
/// assert_eq!(parse_number("0,61"), Some(0.61));
/// assert_eq!(parse_number("95,30"), Some(95.3));
/// assert_eq!(parse_number("01"), Some(1.0));
/// ```
pub fn parse_number(s: &str) -> Option<f64> {
    let s = s.trim();
    if s.is_empty() || !s.chars().next()?.is_ascii_digit() {
        return None;
    }
    let t: String = if s.contains(',') {
        // `,` decimal, `.` thousands.
        let mut parts = s.splitn(2, ',');
        let int = parts.next()?.replace('.', "");
        let frac = parts.next()?.replace(['.', ','], "");
        format!("{int}.{frac}")
    } else if s.contains('.') {
        let groups: Vec<&str> = s.split('.').collect();
        if groups.len() > 1 && groups[1..].iter().all(|g| g.len() == 3) && groups[0].len() <= 3 {
            groups.concat()
        } else {
            let mut parts = s.splitn(2, '.');
            let int = parts.next()?;
            let frac = parts.next()?.replace('.', "");
            format!("{int}.{frac}")
        }
    } else {
        s.to_string()
    };
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

struct Res {
    number: Regex,
    range_tail: Regex,
    unit_pct: Regex,
    base_after: Regex,
    base_total: Regex,
    per: Regex,
    tro_len: Regex,
    words_num: Regex,
    denominator: Regex,
    out_of: Regex,
}

fn res() -> &'static Res {
    static R: OnceLock<Res> = OnceLock::new();
    R.get_or_init(|| Res {
        number: Regex::new(r"\d+(?:[.,]\d+)*").unwrap(),
        range_tail: Regex::new(r"^\s*%?\s*(?:-|–|den|toi)\s*(\d+(?:[.,]\d+)*)").unwrap(),
        unit_pct: Regex::new(r"^\s*(%|phan tram)(\s*/\s*nam)?").unwrap(),
        base_after: Regex::new(r"^\s*(?:tong\s+)?(grdp|gdp|dan so|tong so [^,;.()]+|tong chi [^,;.()]+)").unwrap(),
        base_total: Regex::new(r"\b(?:trong|tren|so voi|cua)\s+(tong so|tong chi ngan sach|tong chi|tong)\s+").unwrap(),
        per: Regex::new(r"^\s*(?:/|tren|cho moi|moi)\s*(\d+(?:[.,]\d+)*)\s+(van dan|nghin dan|ngan dan|dan|nguoi dan|nguoi)\b").unwrap(),
        tro_len: Regex::new(r"^[^,;.]{0,12}?\btro len\b").unwrap(),
        words_num: Regex::new(r"\bhai con so\b").unwrap(),
        out_of: Regex::new(r"^/\d{2}\b(?:[^/\d]|$)").unwrap(),
        denominator: Regex::new(r"^\s+(van dan|nghin dan|ngan dan|dan|nguoi dan|van nguoi|nghin nguoi)\b").unwrap(),
    })
}

/// Words that end a count unit or cannot start one (folded).
const NOT_UNIT: &[&str] = &[
    "va", "den", "tro", "theo", "tam", "cua", "voi", "la", "thi", "tai", "trong", "tren", "duoi", "cho", "de", "co",
    "duoc", "da", "se", "nam", "thang", "ngay", "tuan", "gio", "phut", "lan", "tu", "hoac", "con", "so", "nhu",
    "sau", "truoc", "khi", "dat", "tang", "giam", "moi", "cac", "nhung", "nay", "do", "dong", "thoi",
];

/// Units that are durations or counts of indicators: such numbers are not targets.
const SKIP_UNIT: &[&str] = &["nam", "thang", "ngay", "quy", "tuan", "gio", "phut", "chi tieu", "nhom", "giai doan", "lan thu", "khoa"];

/// Single-syllable units (`người`, `xã`); other units take two syllables.
const ONE_WORD_UNITS: &[&str] = &["nguoi", "tinh", "xa", "huyen", "thon", "luot", "truong", "nha", "ha", "km", "ty", "trieu"];

/// Words before a number that make it a reference or an enumeration, not a quantity.
const NOT_QUANTITY_BEFORE: &[&str] = &[
    "so", "dieu", "khoan", "muc", "luc", "thu", "chuong", "phan", "diem", "khoa", "nam", "doan", "quy", "thang",
    "ngay", "lan", "ky", "hieu", "buoc", "trang", "nghi", "nghiep",
];

/// Comparator cues written before a number (folded), nearest first wins; `đạt` only
/// when nothing else is written.
const CUES: &[(&str, Comparator)] = &[
    ("khong thap hon", Comparator::Gte),
    ("khong it hon", Comparator::Gte),
    ("khong duoi", Comparator::Gte),
    ("toi thieu", Comparator::Gte),
    ("it nhat", Comparator::Gte),
    ("khong vuot qua", Comparator::Lte),
    ("khong qua", Comparator::Lte),
    ("toi da", Comparator::Lte),
    ("vuot", Comparator::Gt),
    ("tren", Comparator::Gt),
    ("hon", Comparator::Gt),
    ("duoi", Comparator::Lt),
    ("it hon", Comparator::Lt),
    ("khoang", Comparator::Approx),
    ("xap xi", Comparator::Approx),
    ("gan", Comparator::Approx),
    ("dat", Comparator::Eq),
    ("bang", Comparator::Eq),
];

/// Words allowed between a comparator cue and its number (`tối thiểu đạt 25%`).
const FILLER: &[&str] = &["dat", "muc", "o", "la", "co", "phan", "dau", "con", "chi", "ca", "duy", "tri", "tu", "bang", "tang", "len", "khoang"];

/// Words before a year (`năm 2030`, `giai đoạn 2021 - 2025`).
const YEAR_PREV: &[&str] = &["nam", "doan", "den", "tu", "het", "toi", "va", "quy", "thang", "truoc", "sau", "trong", "cuoi", "dau", "ky", "khoa"];

fn last_word(s: &str) -> &str {
    s.trim_end().rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or("")
}

/// The comparator written in `prefix` (folded text just before a number), and where the
/// cue starts in it.
fn comparator_before(prefix: &str) -> (Option<Comparator>, usize) {
    let p = prefix.trim_end();
    // Signs right before the number.
    if let Some(c) = p.chars().next_back() {
        let at = p.len() - c.len_utf8();
        let sign = match c {
            '≥' => Some(Comparator::Gte),
            '≤' => Some(Comparator::Lte),
            '>' => Some(if p.ends_with(">=") { Comparator::Gte } else { Comparator::Gt }),
            '<' => Some(if p.ends_with("<=") { Comparator::Lte } else { Comparator::Lt }),
            '=' if p.ends_with(">=") => Some(Comparator::Gte),
            '=' if p.ends_with("<=") => Some(Comparator::Lte),
            // OCR's reading of `≥`: `Có? 80%`, `Phấn đấu ~ 15`.
            '?' | '~' | '¿' | '≃' => Some(Comparator::Gte),
            _ => None,
        };
        if sign.is_some() {
            let at = if p.ends_with(">=") || p.ends_with("<=") { p.len() - 2 } else { at };
            return (sign, at);
        }
    }
    // Words: look at the last few words only.
    let window_start = {
        let mut n = 0;
        let mut at = 0;
        for (i, c) in p.char_indices().rev() {
            if c == ' ' {
                n += 1;
                if n == 4 {
                    at = i + 1;
                    break;
                }
            }
            if matches!(c, ',' | ';' | ':' | '(' | ')') {
                at = i + 1;
                break;
            }
        }
        at
    };
    let w = &p[window_start..];
    let mut best: Option<(usize, usize, Comparator)> = None; // (end, start, cmp)
    let mut eq: Option<usize> = None;
    for (cue, cmp) in CUES {
        let mut from = 0;
        while let Some(pos) = w[from..].find(cue) {
            let s = from + pos;
            let e = s + cue.len();
            from = e;
            if !super::fold::at_word_bounds(w, s, e) {
                continue;
            }
            // `tren` only when the number follows (not `trên địa bàn … 65%`).
            if *cmp == Comparator::Eq {
                eq = Some(eq.map_or(s, |x: usize| x.min(s)));
                continue;
            }
            let between_ok = w[e..].split_whitespace().all(|x| FILLER.contains(&x));
            if !between_ok {
                continue;
            }
            if best.map(|(be, _, _)| e > be).unwrap_or(true) {
                best = Some((e, s, *cmp));
            }
        }
    }
    if let Some((_, s, cmp)) = best {
        // `từ` … `trở lên` is handled by the caller; `tối thiểu đạt 25%` keeps `tối thiểu`.
        return (Some(cmp), window_start + s);
    }
    if let Some(s) = eq {
        return (Some(Comparator::Eq), window_start + s);
    }
    if last_word(w) == "tu" {
        return (None, window_start + w.rfind("tu").unwrap_or(0));
    }
    (None, p.len())
}

fn is_year_like(v: f64, raw: &str) -> bool {
    !raw.contains(['.', ',']) && (1990.0..=2100.0).contains(&v)
}

/// A year, not a count: `năm 2030`, `2025-2030`, `đến 2030,` (but `≥ 2000 cán bộ` is a count).
fn is_year(v: f64, raw: &str, prev_word: &str, after: &str) -> bool {
    if !is_year_like(v, raw) {
        return false;
    }
    if YEAR_PREV.contains(&prev_word) {
        return true;
    }
    let a = after.trim_start();
    if !a.starts_with(|c: char| c.is_alphabetic()) {
        return true;
    }
    let next: String = a.chars().take_while(|c| c.is_alphanumeric()).collect();
    NOT_UNIT.contains(&next.as_str())
}

/// Quantities in `text`, left to right.
///
/// ```
/// use kehoach::extract::numbers::quantities;
/// use kehoach::record::Comparator;
/// let q = quantities("Quy mô kinh tế số đạt tối thiểu 30% GRDP.");
/// assert_eq!(q[0].value, 30.0);
/// assert_eq!(q[0].comparator, Some(Comparator::Gte));
/// assert_eq!(q[0].base.as_deref(), Some("GRDP"));
/// ```
pub fn quantities(text: &str) -> Vec<Quantity> {
    let folded = Folded::new(text);
    let f = folded.text.as_str();
    let r = res();
    let mut out: Vec<Quantity> = Vec::new();
    let mut skip_until = 0usize;
    let mut last_end = 0usize;
    let mut ocr_gte: Option<usize> = None;
    for m in r.number.find_iter(f) {
        if m.start() < skip_until {
            continue;
        }
        let raw = m.as_str();
        let Some(value) = parse_number(raw) else { continue };
        let before = f[..m.start()].chars().next_back();
        let after_str = &f[m.end()..];
        let after = after_str.chars().next();
        // Glued to letters (`5G`, `R&D`), part of a code (`57-NQ/TW`), a date (`20/3/2025`).
        if before.map(|c| c.is_alphanumeric() || c == '/' || c == '-' && f[..m.start() - 1].ends_with(|c: char| c.is_alphanumeric())).unwrap_or(false) {
            continue;
        }
        if after.map(|c| c.is_alphabetic()).unwrap_or(false) {
            continue;
        }
        // `xếp hạng 20/63`, `thứ 15/34`: a rank out of the provinces.
        let rank_of = matches!(last_word(&f[..m.start()]), "thu" | "hang" | "bac" | "top")
            && r.out_of.is_match(after_str);
        if after_str.starts_with('/') && after_str[1..].starts_with(|c: char| c.is_ascii_digit()) && !rank_of {
            continue;
        }
        if after_str.starts_with('-') && after_str[1..].starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let prev_word = last_word(&f[..m.start()]);
        // OCR reads `≥` as `2`: `Có 2 250 doanh nghiệp` is `Có ≥ 250 doanh nghiệp`.
        if raw == "2" && after_str.starts_with(' ') && after_str[1..].starts_with(|c: char| c.is_ascii_digit()) {
            ocr_gte = Some(m.end());
            continue;
        }
        // A denominator (`… người trên 01 vạn dân`) belongs to the unit of the quantity before.
        if let Some(d) = res().denominator.captures(after_str) {
            let pw = prev_word;
            if pw == "tren" || pw == "moi" || before == Some('/') {
                let word = d.get(1).map(|g| g.as_str()).unwrap_or("");
                let e = m.end() + d.get(0).map(|g| g.end()).unwrap_or(0);
                let orig = text[folded.orig(m.start())..folded.orig_end(e, text)].to_string();
                if let Some(last) = out.last_mut() {
                    if let Some(u) = &mut last.unit {
                        if !u.contains('/') && !word.is_empty() {
                            u.push('/');
                            u.push_str(&orig.split_whitespace().collect::<Vec<_>>().join(" "));
                        }
                    }
                    last.end = folded.orig_end(e, text);
                }
                skip_until = e;
                last_end = e;
                continue;
            }
        }
        // OCR residue read as digits: `tỷ lệ` → `tỷ 16`, `lý` → `1`, `d.0`.
        if prev_word == "ty" || prev_word == "ti" {
            continue;
        }
        if matches!(before, Some('.') | Some(',') | Some('\'')) && f[..m.start() - 1].ends_with(|c: char| c.is_alphabetic()) {
            continue;
        }
        // `(1)` enumerations.
        if before == Some('(') && after == Some(')') {
            continue;
        }
        let pct = r.unit_pct.captures(after_str);
        if pct.is_none() && NOT_QUANTITY_BEFORE.contains(&prev_word) && !rank_of {
            continue;
        }
        if pct.is_none() && is_year(value, raw, prev_word, after_str) {
            continue;
        }
        // Comparator cue before the number, within the text since the last quantity.
        let prefix_start = last_end.min(m.start());
        let (mut comparator, cue_at) = comparator_before(&f[prefix_start..m.start()]);
        if comparator.is_none() && ocr_gte.map(|e| f[e..m.start()].trim().is_empty()).unwrap_or(false) {
            comparator = Some(Comparator::Gte);
        }
        let cue_at = prefix_start + cue_at;
        // Rank: `Top 10`, `nhóm 05 tỉnh … dẫn đầu`, `thứ bậc < 10`, `xếp hạng 15`.
        let near = &f[prefix_start..m.start()];
        let mut cut = near.len().saturating_sub(24);
        while cut > 0 && !near.is_char_boundary(cut) {
            cut -= 1;
        }
        let near_tail = &near[cut..];
        let mut unit: Option<String> = None;
        let mut base: Option<String> = None;
        let mut end = m.end();
        let mut value_max = None;
        // Range `02 - 05%`, `15-20`, `01 - 02 thành phố`.
        if let Some(c) = r.range_tail.captures(after_str) {
            if let Some(g) = c.get(1) {
                if let Some(v2) = parse_number(g.as_str()) {
                    let after2 = &after_str[g.end()..];
                    let glued = after2.starts_with(|c: char| c.is_alphabetic()) || after2.starts_with('/') && after2[1..].starts_with(|c: char| c.is_ascii_digit());
                    if v2 > value && !glued && !(is_year_like(value, raw) && is_year_like(v2, g.as_str())) {
                        value_max = Some(v2);
                        end = m.end() + g.end();
                        comparator = Some(Comparator::Range);
                    }
                }
            }
        }
        let rest = &f[end..];
        if rank_of {
            if let Some(mo) = r.out_of.find(&f[end..]) {
                end += mo.as_str().trim_end_matches(|c: char| !c.is_ascii_digit()).len();
            }
        }
        let rank_cue = rank_of || ["top", "nhom", "thu bac", "thu hang", "xep hang", "vi tri", "hang thu"]
            .iter()
            .any(|c| near_tail.trim_end().trim_end_matches(|c: char| "≥≤<>=?~ ".contains(c)).ends_with(c));
        if let Some(c) = r.unit_pct.captures(rest) {
            let g = c.get(0).map(|g| g.end()).unwrap_or(0);
            unit = Some(if c.get(2).is_some() { "%/năm".to_string() } else { "%".to_string() });
            end += g;
            if let Some(b) = r.base_after.captures(&f[end..]) {
                if let Some(bg) = b.get(1) {
                    let s = bg.as_str();
                    if s == "grdp" || s == "gdp" {
                        base = Some(s.to_uppercase());
                        end += b.get(0).map(|g| g.end()).unwrap_or(0);
                    } else if s == "dan so" {
                        base = Some("dân số".to_string());
                        end += b.get(0).map(|g| g.end()).unwrap_or(0);
                    }
                }
            }
        } else if rank_cue {
            unit = Some("rank".to_string());
            if comparator.is_none() || comparator == Some(Comparator::Eq) {
                comparator = Some(Comparator::Lte);
            }
        } else {
            // A count: the unit noun after the number.
            let words = take_words(text, &folded, end, 3);
            if let Some((ws, we, fw)) = words.first() {
                let first = fw.as_str();
                // `quý` (a quarter) is a duration, `quỹ` (a fund) is counted.
                let written = text[folded.orig(*ws)..folded.orig_end(*we, text)].to_lowercase();
                if SKIP_UNIT.contains(&first) && !(first == "quy" && written != "quý") {
                    continue;
                }
                if words.len() >= 2 && SKIP_UNIT.contains(&format!("{} {}", first, words[1].2).as_str()) {
                    continue;
                }
                if !NOT_UNIT.contains(&first) {
                    let mut ue = *we;
                    let latin = first.chars().all(|c| c.is_ascii_alphabetic()) && Vietnamese_free(&text[folded.orig(*ws)..folded.orig_end(*we, text)]);
                    if !ONE_WORD_UNITS.contains(&first) && !latin {
                        if let Some((_, we2, fw2)) = words.get(1) {
                            if !NOT_UNIT.contains(&fw2.as_str()) {
                                ue = *we2;
                            }
                        }
                    }
                    let s = folded.orig(*ws);
                    let e = folded.orig_end(ue, text);
                    let mut u = text[s..e].to_string();
                    end = ue;
                    // `Gbps/s`, `doanh nghiệp/1.000 dân`, `người trên 01 vạn dân`.
                    if let Some(p) = r.per.captures(&f[end..]) {
                        if let Some(pe) = p.get(0) {
                            let ps = folded.orig(end);
                            let pe_o = folded.orig_end(end + pe.end(), text);
                            let tail = text[ps..pe_o].trim();
                            let tail = tail.trim_start_matches('/').trim();
                            let tail = tail.strip_prefix("trên ").unwrap_or(tail);
                            u = format!("{u}/{tail}");
                            end += pe.end();
                            skip_until = end;
                        }
                    } else if f[end..].starts_with('/') {
                        let tail: String = f[end + 1..].chars().take_while(|c| c.is_alphabetic()).collect();
                        if !tail.is_empty() && tail.len() <= 4 {
                            let s2 = folded.orig(end);
                            let e2 = folded.orig_end(end + 1 + tail.len(), text);
                            u.push_str(&text[s2..e2]);
                            end += 1 + tail.len();
                        }
                    }
                    unit = Some(u);
                }
            }
        }
        // `nhóm 05 tỉnh, thành phố dẫn đầu`: the unit noun is the peer group, the unit a rank.
        if unit.as_deref() != Some("rank") && prev_word == "nhom" && f[end..].chars().take(60).collect::<String>().contains("dan dau") {
            unit = Some("rank".to_string());
            comparator = Some(Comparator::Lte);
        }
        // `từ 45% trở lên`.
        if r.tro_len.is_match(&f[end..]) && comparator != Some(Comparator::Range) {
            comparator = Some(Comparator::Gte);
        }
        if base.is_none() && unit.as_deref().map(|u| u.starts_with('%')).unwrap_or(false) {
            base = total_base(text, &folded, end);
        }
        // A bare `1` without a cue is most often an OCR'd `l` (`lý`, `lệ`); a count without
        // a cue must be introduced (`Có 02 doanh nghiệp`) or written with a leading zero.
        let is_count = unit.as_deref().map(|u| !u.starts_with('%') && u != "rank").unwrap_or(false);
        if comparator.is_none() && pct_or_count_doubtful(raw, prev_word, is_count, unit.is_none()) {
            continue;
        }
        last_end = end;
        skip_until = skip_until.max(end);
        let unit = unit.map(|u| u.split_whitespace().collect::<Vec<_>>().join(" "));
        let start = if comparator.is_some() && cue_at < m.start() { cue_at } else { m.start() };
        out.push(Quantity {
            start: folded.orig(start),
            number_start: folded.orig(m.start()),
            end: folded.orig_end(end, text),
            value,
            value_max,
            comparator,
            unit,
            base,
        });
    }
    // Words for numbers that carry a goal: `tăng trưởng hai con số`.
    for m in r.words_num.find_iter(f) {
        out.push(Quantity {
            start: folded.orig(m.start()),
            number_start: folded.orig(m.start()),
            end: folded.orig_end(m.end(), text),
            value: 10.0,
            value_max: None,
            comparator: Some(Comparator::Gte),
            unit: Some("%".to_string()),
            base: None,
        });
    }
    out.sort_by_key(|q| q.start);
    out
}

/// Words that introduce a count (`Có 02 …`, `từ 15 người`, `thêm 5 …`).
const COUNT_INTRO: &[&str] = &["co", "tu", "them", "gom", "moi", "dat", "voi", "cho", "duoc"];

fn pct_or_count_doubtful(raw: &str, prev_word: &str, is_count: bool, no_unit: bool) -> bool {
    if raw == "1" {
        return true;
    }
    if no_unit {
        // An index without a cue (`… 0,7`) is too weak alone.
        return true;
    }
    if is_count {
        let leading_zero = raw.len() >= 2 && raw.starts_with('0') && !raw.contains([',', '.']);
        return !(leading_zero || prev_word.is_empty() || COUNT_INTRO.contains(&prev_word));
    }
    false
}

#[allow(non_snake_case)]
fn Vietnamese_free(s: &str) -> bool {
    s.chars().all(|c| c.is_ascii())
        && s.chars().any(|c| c.is_ascii_uppercase())
}

/// Up to `n` words after folded offset `from` (stopping at punctuation): (start, end, folded word).
fn take_words(_text: &str, folded: &Folded, from: usize, n: usize) -> Vec<(usize, usize, String)> {
    let f = folded.text.as_str();
    let mut out = Vec::new();
    let mut i = from;
    while out.len() < n && i < f.len() {
        let rest = &f[i..];
        let trimmed = rest.trim_start_matches(' ');
        let skipped = rest.len() - trimmed.len();
        if skipped == 0 && i != from {
            break;
        }
        if !trimmed.starts_with(|c: char| c.is_alphabetic()) {
            break;
        }
        let len = trimmed.find(|c: char| !(c.is_alphanumeric())).unwrap_or(trimmed.len());
        let s = i + skipped;
        out.push((s, s + len, trimmed[..len].to_string()));
        i = s + len;
    }
    out
}

/// `trên tổng số thủ tục hành chính`, `1,0% tổng chi ngân sách địa phương`.
fn total_base(text: &str, folded: &Folded, from: usize) -> Option<String> {
    let f = &folded.text[from..];
    let r = res();
    let (s, e) = if let Some(m) = r.base_after.captures(f).and_then(|c| c.get(1)) {
        (from + m.start(), from + m.start())
    } else if let Some(m) = r.base_total.captures(f).and_then(|c| c.get(1)) {
        (from + m.start(), from + m.start())
    } else {
        return None;
    };
    let _ = e;
    let stops = ["co", "duoc", "chi", "cho", "de", "trong", "tren", "va", "cua", "dat", "theo", "thuc", "xu"];
    let words = take_words(text, folded, s, 8);
    let mut end = s;
    for (k, (_, we, w)) in words.iter().enumerate() {
        if k >= 2 && stops.contains(&w.as_str()) {
            break;
        }
        if k >= 6 {
            break;
        }
        end = *we;
    }
    if end == s {
        return None;
    }
    Some(text[folded.orig(s)..folded.orig_end(end, text)].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(s: &str) -> Quantity {
        let q = quantities(s);
        assert!(!q.is_empty(), "no quantity in {s}");
        q[0].clone()
    }

    #[test]
    fn formats() {
        let q = one("Có ≥ 1700 cán bộ nghiên cứu khoa học");
        assert_eq!((q.value, q.unit.as_deref(), q.comparator), (1700.0, Some("cán bộ"), Some(Comparator::Gte)));
        let q = one("đạt từ 45% trở lên.");
        assert_eq!((q.value, q.comparator), (45.0, Some(Comparator::Gte)));
        let q = one("tăng trung bình 02 - 05%/năm.");
        assert_eq!((q.value, q.value_max, q.unit.as_deref()), (2.0, Some(5.0), Some("%/năm")));
        let q = one("thuộc nhóm 05 tỉnh, thành phố dẫn đầu trong cả nước.");
        assert_eq!((q.value, q.unit.as_deref(), q.comparator), (5.0, Some("rank"), Some(Comparator::Lte)));
        let q = one("Có? 80% dân số trưởng thành");
        assert_eq!((q.value, q.comparator), (80.0, Some(Comparator::Gte)));
        let q = one("đạt 0,2 doanh nghiệp/1.000 dân");
        assert_eq!((q.value, q.unit.as_deref()), (0.2, Some("doanh nghiệp/1.000 dân")));
        assert!(quantities("Nghị quyết số 57-NQ/TW ngày 22/12/2024 đến năm 2030").is_empty());
        let q = one("Chỉ số chuyển đổi số cấp tỉnh ≥ 0,70.");
        assert_eq!((q.value, q.unit.as_deref()), (0.7, None));
    }
}
