//! Stage 5, table: rows rebuilt from flattened and interleaved tables.
//!
//! The pipeline calls [`rebuild`] with the restored lines and the appendices the structure
//! stage found. Each appendix is read as one or more tables:
//!
//! 1. **Header blocks** are found by their vocabulary (`STT`, `Cơ quan chủ trì`, `Đơn vị
//!    tính`, `Thời gian hoàn thành`…, garbled words tolerated by comparing unmarked forms).
//!    The first block gives the table's kind (task or target table) and its columns (year
//!    columns from the years it prints); later blocks (repeated after page breaks) are
//!    skipped.
//! 2. **Group headings** (`I`, `II.`, `A.`, `a.`, all-capitals lines, `Đến năm 2030`, or a
//!    garbled one-letter marker before a full-width line) are items of their own.
//! 3. **STT anchors**: every line may open with a row number, read or garbled (`o5`,
//!    `og.`, `2o |`). A dynamic program picks the chain of anchors whose numbers best
//!    follow 1, 2, 3… (restarting after a group heading), scoring exact readings above
//!    partial ones and charging each skipped number. Numbers still missing in a gap are
//!    placed on the lines that best look like the start of a row.
//! 4. **Row spans**: a second dynamic program places the boundary between consecutive
//!    items. A row's cost combines how its first line starts (a capital after a finished
//!    sentence opens a row; a lower-case word continues one), and how the STT line sits in
//!    the span (scans centre the number vertically, digital text puts it on the first line:
//!    the table's alignment is estimated from its anchors).
//! 5. **Cells**: each line of a row is cut into column segments by a small dynamic program
//!    over its words, scoring each word by the column's type (agency names for agency
//!    columns, the deadline grammar for the deadline column, units and one value per year
//!    column for target tables, `|` as a likely border, the usual width of the text column
//!    as a position prior); an agency cell left unfinished on one line (`Sở Khoa học và`)
//!    draws the next line's words. Segments are joined per column across the row. When the
//!    row number stands alone on its line (digital text: one cell per line), whole lines
//!    are given to the columns in order instead (a lone `-` is an empty cell).
//! 6. An appendix heading the structure stage missed inside the span (`PHỤ` / `LỤC III`)
//!    starts a new table with its own label; so does a numbering restart after a repeated
//!    header block. Lone numbers the clean stage took for page numbers are offered to the
//!    anchor chain, which keeps them only where they fit the sequence.
//!
//! Diagnostics: `table-no-header` (an appendix without a table header), `table-stt-guessed`
//! (a row number read from garbled text), `table-row-unnumbered` (a row placed without a
//! number).
//!
//! Task rows become [`Task`]s (agencies through [`crate::extract::agency::Gazetteer`],
//! deadlines through [`crate::extract::deadline::parse`]); target rows become one
//! [`Target`] per year column holding a value.

// `regex!` compiles once (a static); the index loops read clearer over two arrays.
#![allow(clippy::regex_creation_in_loops, clippy::needless_range_loop, clippy::collapsible_if, clippy::nonminimal_bool)]

use std::collections::BTreeMap;
use std::sync::OnceLock;

use regex::Regex;

use crate::clean::Role;
use crate::extract::agency::Gazetteer;
use crate::extract::deadline;
use crate::record::{Comparator, Deadline, Diagnostic, Level, LineSpan, Row, Table, Target, Task};
use crate::structure::{Appendix, Input};
use crate::vn;

/// What the table stage found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tables {
    /// Rebuilt tables.
    pub tables: Vec<Table>,
    /// Each task-table row as a task.
    pub tasks: Vec<Task>,
    /// Each target-table row as targets (one per year column with a value).
    pub targets: Vec<Target>,
    /// What was guessed or could not be rebuilt.
    pub diagnostics: Vec<Diagnostic>,
}

/// Column names used in the rebuilt tables.
pub mod col {
    /// Row number.
    pub const STT: &str = "STT";
    /// Task content.
    pub const CONTENT: &str = "Nội dung";
    /// Directing body.
    pub const DIRECTING: &str = "Cơ quan chỉ đạo";
    /// Lead agency.
    pub const LEAD: &str = "Cơ quan chủ trì";
    /// Coordinating agencies.
    pub const COORD: &str = "Cơ quan phối hợp";
    /// Expected output.
    pub const OUTPUT: &str = "Kết quả";
    /// Deadline.
    pub const DEADLINE: &str = "Thời gian hoàn thành";
    /// Indicator.
    pub const INDICATOR: &str = "Chỉ tiêu";
    /// Unit.
    pub const UNIT: &str = "Đơn vị tính";
    /// Baseline.
    pub const BASELINE: &str = "Hiện trạng";
}

macro_rules! regex {
    ($re:expr) => {{
        static RE: OnceLock<Regex> = OnceLock::new();
        RE.get_or_init(|| Regex::new($re).expect("hard-coded regex"))
    }};
}

/// The kind of a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Tasks with agencies and deadlines.
    Task,
    /// Indicators with units and values.
    Target,
}

/// What a column holds, which decides how words are scored in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ColType {
    Text,
    Agency,
    Output,
    Deadline,
    Unit,
    Value,
}

#[derive(Clone, Debug)]
struct Column {
    name: String,
    ty: ColType,
    year: Option<i32>,
}

/// One body line of a table.
#[derive(Clone, Debug)]
struct Ln {
    n: u32,
    text: String,
}

// ---------------------------------------------------------------------------------------
// Small text helpers
// ---------------------------------------------------------------------------------------

/// Unmarked lower-case form (`Đơn vị` → `don vi`).
fn fold(s: &str) -> String {
    vn::strip_marks(s)
        .chars()
        .map(|c| match c {
            'Đ' | 'đ' => 'd',
            c => vn::lower_char(c),
        })
        .collect()
}

fn words_folded(s: &str) -> Vec<String> {
    fold(s)
        .split(|c: char| !c.is_alphanumeric() && c != '&')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn starts_lower(s: &str) -> bool {
    first_word(s).is_some_and(|w| w.chars().next().is_some_and(|c| c.is_lowercase()))
}

fn starts_upper(s: &str) -> bool {
    first_word(s).is_some_and(|w| w.chars().next().is_some_and(|c| c.is_uppercase()))
}

/// First token that reads as a word (two letters or more once punctuation is trimmed).
fn first_word(s: &str) -> Option<&str> {
    let t = s.split_whitespace().next()?;
    let w = t.trim_start_matches(|c: char| !c.is_alphanumeric());
    (w.chars().filter(|c| c.is_alphabetic()).count() >= 2 || w.chars().next().is_some_and(|c| c.is_alphabetic()))
        .then_some(w)
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().filter(|w| w.chars().any(|c| c.is_alphabetic())).count()
}

/// Share of real words (syllable-like, two letters or more) among the tokens.
fn wordiness(s: &str) -> f64 {
    let toks: Vec<&str> = s.split_whitespace().collect();
    if toks.is_empty() {
        return 0.0;
    }
    let good = toks
        .iter()
        .filter(|t| {
            let w = t.trim_matches(|c: char| !c.is_alphanumeric());
            w.chars().count() >= 2 && w.chars().all(|c| c.is_alphabetic())
        })
        .count();
    good as f64 / toks.len() as f64
}

fn ends_sentence(s: &str) -> bool {
    let t = s.trim_end_matches(|c: char| c == '|' || c == ']' || c.is_whitespace());
    t.ends_with('.') || t.ends_with(';') || t.ends_with(':')
}

// ---------------------------------------------------------------------------------------
// Header blocks
// ---------------------------------------------------------------------------------------

const HEADER_VOCAB: &[&str] = &[
    "stt", "tt", "ten", "nhiem", "vu", "noi", "dung", "co", "quan", "chu", "tri", "phoi", "hop", "ket", "qua", "thoi",
    "gian", "hoan", "thanh", "chi", "tieu", "don", "vi", "tinh", "do", "luong", "hien", "trang", "nam", "dao", "san",
    "pham", "theo", "doi", "danh", "gia", "tham", "muu", "thuc", "bao", "cao", "thang", "cu", "the", "va", "ch", "kh",
    "muc", "tien", "lo", "trinh", "ghi", "chu", "han", "du", "kien", "trach",
];

const HEADER_KEYS: &[&str] = &[
    "co quan", "chu tri", "phoi hop", "thoi gian", "don vi tinh", "ten nhiem vu", "noi dung", "chi tieu", "hien trang",
    "theo doi", "tinh/do", "tien do", "lo trinh", "thoi han", "don vi thuc hien", "don vi chu tri",
];

/// How much a line looks like a table header: `(vocabulary share, has a key phrase)`.
fn header_score(text: &str) -> (f64, bool, usize) {
    let ws = words_folded(text);
    let alpha: Vec<&String> = ws.iter().filter(|w| w.chars().any(|c| c.is_alphabetic())).collect();
    if alpha.is_empty() {
        return (0.0, false, 0);
    }
    let inv = alpha.iter().filter(|w| HEADER_VOCAB.contains(&w.as_str())).count();
    let f = fold(text);
    let joined = ws.join(" ");
    let mut key = HEADER_KEYS.iter().any(|k| joined.contains(k)) || f.contains("tinh/do");
    if matches!(alpha.first().map(|s| s.as_str()), Some("stt" | "tt")) {
        key = true;
    }
    (inv as f64 / alpha.len() as f64, key, alpha.len())
}

fn is_header_line(text: &str) -> bool {
    if fold(text).trim_start().starts_with("phu luc") {
        return false;
    }
    let (share, key, n) = header_score(text);
    key && share >= 0.7 && n >= 2 || key && share >= 0.55 && n >= 5
}

fn is_header_tail(text: &str) -> bool {
    let (share, _, n) = header_score(text);
    (1..=10).contains(&n) && share >= 0.75
}

// ---------------------------------------------------------------------------------------
// Group headings
// ---------------------------------------------------------------------------------------

#[derive(Clone, Debug)]
struct Heading {
    /// The marker as printed, if it reads as one.
    marker: Option<String>,
    /// 1 for parts (`I`, `A.`, capitals), 2 for `a.`.
    level: u8,
    /// Roman numbering is implied (the marker is garbled or Roman).
    roman: bool,
    /// A new appendix inside this one (`PHỤ` / `LỤC III` the structure stage missed):
    /// its label and title.
    appendix: Option<(String, Option<String>)>,
}

fn roman(token: &str) -> Option<u32> {
    let t = token.trim_end_matches(['.', ',', ':', ';', '|', ')', ']']).trim_start_matches(['|', '[', '(']);
    if t.is_empty() || t.len() > 5 {
        return None;
    }
    if !t.chars().all(|c| matches!(c, 'I' | 'V' | 'X')) {
        // OCR look-alikes (`I1l.` for `III.`), only with a real capital numeral in it.
        if t.chars().any(|c| matches!(c, 'I' | 'V' | 'X')) && t.chars().count() >= 2 {
            return crate::structure::roman_value(t).map(|v| v.0);
        }
        return None;
    }
    let val = |c| match c {
        'I' => 1,
        'V' => 5,
        _ => 10,
    };
    let cs: Vec<u32> = t.chars().map(val).collect();
    let mut total = 0i64;
    for (i, &v) in cs.iter().enumerate() {
        if cs.get(i + 1).is_some_and(|&n| n > v) {
            total -= v as i64;
        } else {
            total += v as i64;
        }
    }
    (total > 0).then_some(total as u32)
}

fn to_roman(mut n: u32) -> String {
    let table = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")];
    let mut s = String::new();
    for (v, r) in table {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

/// A garbled one-to-three-character marker (`|`, `T`, `v,`, `\Y;`, `"`).
fn garbled_marker(token: &str) -> bool {
    let t = token.trim_end_matches(['.', ',', ';', ':']);
    !t.is_empty()
        && t.chars().count() <= 3
        && t.chars().all(|c| "IVXivxlLT|!\\/Y\"'”“[{".contains(c))
}

fn upper_ratio(s: &str) -> (usize, f64) {
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.is_empty() {
        return (0, 0.0);
    }
    let up = letters.iter().filter(|c| c.is_uppercase()).count();
    (letters.len(), up as f64 / letters.len() as f64)
}

/// An appendix heading inside the table's lines (`PHỤ LỤC III`, or `PHỤ` / `LỤC III`).
fn sub_appendix(body: &[Ln], i: usize) -> Option<(String, Option<String>)> {
    let f = fold(&body[i].text);
    let (label_line, rest) = if f.trim() == "phu" {
        let n = body.get(i + 1)?;
        (i + 1, fold(&n.text).strip_prefix("luc ")?.to_string())
    } else {
        (i, f.strip_prefix("phu luc ")?.to_string())
    };
    let tok = rest.split(|c: char| !c.is_alphanumeric()).next()?;
    let label = if tok.chars().all(|c| matches!(c, 'i' | 'v' | 'x')) && !tok.is_empty() {
        tok.to_uppercase()
    } else if tok.chars().all(|c| c.is_ascii_digit()) && !tok.is_empty() && tok.len() <= 2 {
        tok.trim_start_matches('0').to_string()
    } else {
        return None;
    };
    let title = body
        .get(label_line + 1)
        .filter(|l| !is_header_line(&l.text) && word_count(&l.text) >= 3 && starts_upper(&l.text))
        .map(|l| l.text.clone());
    Some((label, title))
}

/// Whether agency names or deadlines stand after the first words (a row line, not a heading).
fn agency_tail(text: &str) -> bool {
    let toks: Vec<&str> = text.split_whitespace().collect();
    (3..toks.len()).any(|j| agency_head(&toks, j) || deadline_strong(toks[j]))
}

/// Reads a line as a group heading.
fn heading(text: &str, kind: Kind) -> Option<Heading> {
    let toks: Vec<&str> = text.split_whitespace().collect();
    let first = *toks.first()?;
    let rest_from = |k: usize| toks.get(k..).map(|r| r.join(" ")).unwrap_or_default();
    // Horizon sub-tables: `Đến năm 2030`.
    let f = fold(text);
    if let Some(m) = regex!(r"(?:^|[^a-z])(den nam|tu nam|giai doan) (20\d\d)\b").find(&f) {
        if word_count(text) <= 6 && m.start() <= 6 {
            let marker = roman(first).map(|_| first.trim_end_matches(['.', ',', '|']).to_string());
            return Some(Heading { marker, level: 1, roman: true, appendix: None });
        }
    }
    let rest = rest_from(1);
    let rest_upper = starts_upper(rest.trim_start_matches(['|', '[', '{', ' ']));
    if let Some(v) = roman(first) {
        let r = rest.trim_start_matches(['|', '[', '{', ' ']);
        let bordered = rest.starts_with(['|', '[', '{']) || first.ends_with(['.', '|']);
        if word_count(r) >= 2 && wordiness(r) >= 0.6 && (rest_upper || bordered && (v > 1 || first.len() >= 2)) && !agency_tail(r) {
            return Some(Heading { marker: Some(first.trim_end_matches(['.', ',', ':', ';', '|']).to_string()), level: 1, roman: true, appendix: None });
        }
        if toks.len() == 1 && first.len() >= 2 {
            return Some(Heading { marker: Some(first.trim_end_matches(['.', ',', ':', ';', '|']).to_string()), level: 1, roman: true, appendix: None });
        }
    }
    if regex!(r"^[A-H][.)]$").is_match(first) && rest_upper && word_count(&rest) >= 1 {
        return Some(Heading { marker: Some(first[..1].to_string()), level: 1, roman: false, appendix: None });
    }
    if regex!(r"^[a-h][.)]$").is_match(first) && rest_upper && word_count(&rest) <= 12 && kind == Kind::Task {
        return Some(Heading { marker: Some(first[..1].to_string()), level: 2, roman: false, appendix: None });
    }
    // All capitals (`VỀ CHUYỂN ĐỔI SỐ`), possibly after a garbled marker.
    let (skip, marked) = if garbled_marker(first) { (1, true) } else { (0, false) };
    let body = rest_from(skip);
    let (letters, up) = upper_ratio(&body);
    let long_words = body.split_whitespace().filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4).count();
    if letters >= 8 && up >= 0.85 && !is_header_line(text) && wordiness(&body) >= 0.6 && long_words >= 2 {
        return Some(Heading { marker: None, level: 1, roman: marked, appendix: None });
    }
    // A restored-away marker (`Về |đáp ứng`, `Xe |sớm`): a short word, then a cell border.
    if kind == Kind::Task && first.chars().count() <= 3 && first.chars().next().is_some_and(|c| c.is_uppercase()) && !first.contains(|c: char| c.is_ascii_digit()) {
        if let Some(second) = toks.get(1) {
            let b = rest.trim_start_matches(['|', '[', '{', ' ']);
            if second.starts_with(['|', '[', '{']) && word_count(b) >= 5 && wordiness(b) >= 0.7 && !agency_tail(b) {
                return Some(Heading { marker: None, level: 1, roman: true, appendix: None });
            }
        }
    }
    // A garbled marker before a capitalised full-width line of words.
    if marked && kind == Kind::Task {
        let b = body.trim_start_matches(['|', '[', '{', ' ']);
        if starts_upper(b) && word_count(b) >= 8 && wordiness(b) >= 0.7 && !agency_tail(b) {
            return Some(Heading { marker: None, level: 1, roman: true, appendix: None });
        }
    }
    None
}

// ---------------------------------------------------------------------------------------
// STT anchors
// ---------------------------------------------------------------------------------------

#[derive(Clone, Debug)]
struct Cand {
    /// Index into the body lines.
    i: usize,
    /// The number as read, when it reads as one.
    read: Option<u32>,
    /// The digits seen.
    digits: String,
    /// Followed by a border or a dot (looks like an STT cell).
    stt_like: bool,
    /// Byte length of the STT token(s) at the start of the line.
    len: usize,
}

fn stt_candidate(text: &str) -> Option<(Option<u32>, String, bool, usize)> {
    let t = text.trim_start();
    let lead = text.len() - t.len();
    let m = regex!(r#"^([0-9oOgqQsSlI;:”"'’-]{1,3})([.,|)\]]?)(\s+[|\[{]?\s*|[|\[{]\s*|$)"#).captures(t)?;
    let tok = m.get(1)?.as_str();
    let digits: String = tok.chars().filter(|c| c.is_ascii_digit()).collect();
    let punct = !m.get(2)?.as_str().is_empty() || !m.get(3)?.as_str().trim().is_empty();
    let all_digits = digits.len() == tok.len();
    let after_all = &t[m.get(0)?.end()..];
    let weak = (tok.chars().count() == 1 && "\"”'-".contains(tok) || tok.chars().count() == 2 && tok.chars().any(|c| c.is_alphabetic()))
        && starts_upper(after_all)
        && word_count(after_all) >= 3;
    let bordered = m.get(2)?.as_str().contains(['|', ']']) || m.get(3)?.as_str().contains(['|', '[', '{']);
    let one_garbled = tok.chars().count() == 1 && "oOgqQsSlI".contains(tok) && punct && (starts_upper(after_all) || bordered);
    if digits.is_empty() && !(punct && tok.chars().count() >= 2) && !weak && !one_garbled {
        return None;
    }
    if !all_digits && !punct && tok.chars().count() < 2 && !weak && !one_garbled {
        return None;
    }
    let after = &t[m.get(0)?.end()..];
    // A number before a slash is a document number or a date (`57 /KH-UBND`).
    if after.starts_with('/') {
        return None;
    }
    let read = if all_digits { digits.parse::<u32>().ok().filter(|&v| v > 0 && v < 400) } else { None };
    if all_digits && read.is_none() && digits != "0" {
        return None;
    }
    let len = lead + m.get(1)?.end() + m.get(2)?.as_str().len() + m.get(3)?.as_str().len();
    // A number before noise rather than words is a weaker row number.
    let wordy = wordiness(after) >= 0.35 || after.trim().is_empty();
    Some((read, digits, (punct || !after.trim().is_empty()) && wordy, len))
}

/// How well a candidate reads as number `n`.
fn cand_score(c: &Cand, n: u32) -> f64 {
    if c.read == Some(n) {
        return 4.0;
    }
    let ns = n.to_string();
    let mut s = if c.stt_like { 0.6 } else { 0.2 };
    if !c.digits.is_empty() && c.digits.len() <= ns.len() {
        if ns.ends_with(&c.digits) {
            s += 1.4;
        } else if ns.starts_with(&c.digits) {
            s += 1.0;
        } else if c.read.is_some() {
            s -= 0.3;
        }
    }
    if c.read.is_some() && c.digits.len() == ns.len() && ns.chars().zip(c.digits.chars()).filter(|(a, b)| a == b).count() >= 1 {
        s += 0.3;
    }
    s
}

const SKIP_COST: f64 = 1.3;

/// The best chain of anchors: `(candidate index, number)`.
fn anchor_chain(cands: &[Cand], heading_at: &[usize]) -> Vec<(usize, u32)> {
    // State: (cand, number) → (score, back pointer).
    #[derive(Clone, Copy)]
    struct St {
        c: usize,
        n: u32,
        score: f64,
        back: Option<usize>,
    }
    let mut states: Vec<St> = Vec::new();
    let headings_between = |a: Option<usize>, b: usize| -> bool {
        let lo = a.map_or(0, |x| x);
        heading_at.iter().any(|&h| h >= lo && h < b)
    };
    for (ci, c) in cands.iter().enumerate() {
        let mut new_states: Vec<St> = Vec::new();
        // Options from the start.
        // Predecessors: recent states, and the best state so far (long tables stay linear).
        let mut preds: Vec<(Option<usize>, u32, f64, usize)> = vec![(None, 0, 0.0, 0)];
        let mut best_so_far: Option<usize> = None;
        for (si, s) in states.iter().enumerate() {
            if best_so_far.is_none_or(|b| s.score > states[b].score) {
                best_so_far = Some(si);
            }
            if s.c + 60 >= ci {
                preds.push((Some(si), s.n, s.score, cands[s.c].i));
            }
        }
        if let Some(b) = best_so_far.filter(|&b| states[b].c + 60 < ci) {
            preds.push((Some(b), states[b].n, states[b].score, cands[states[b].c].i));
        }
        for (pi, p, pscore, pline) in preds {
            let mut opts: Vec<u32> = vec![p + 1, p + 2];
            if let Some(r) = c.read.filter(|&r| r > p + 2) {
                opts.push(r);
            }
            if p > 1 {
                opts.push(1);
            }
            for n in opts {
                let mut sc = pscore + cand_score(c, n);
                if n == 1 && p > 1 {
                    if !headings_between(pi.map(|_| pline), c.i) {
                        sc -= 6.0;
                    }
                } else {
                    sc -= SKIP_COST * (n - p - 1) as f64;
                    if p == 0 && n > 1 && !headings_between(None, c.i) {
                        sc -= 1.0;
                    }
                }
                let st = St { c: ci, n, score: sc, back: pi };
                if let Some(e) = new_states.iter_mut().find(|e| e.n == n) {
                    if sc > e.score {
                        *e = st;
                    }
                } else {
                    new_states.push(st);
                }
            }
        }
        states.extend(new_states);
    }
    let Some(best) = states
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.score.partial_cmp(&b.1.score).unwrap_or(std::cmp::Ordering::Equal))
        .map(|(i, _)| i)
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut cur = Some(best);
    while let Some(si) = cur {
        out.push((states[si].c, states[si].n));
        cur = states[si].back;
    }
    out.reverse();
    out
}

// ---------------------------------------------------------------------------------------
// Items and row spans
// ---------------------------------------------------------------------------------------

#[derive(Clone, Debug)]
enum ItemKind {
    Row { stt: Option<String>, number: u32, stt_len: usize },
    Heading(Heading),
}

#[derive(Clone, Debug)]
struct Item {
    /// Body index of the anchor line (STT line, heading line).
    at: usize,
    kind: ItemKind,
}

/// How likely body line `s` opens an item whose anchor is `a`.
fn start_cost(body: &[Ln], s: usize, a: usize, anchor_content: &str, center: bool, is_heading: bool) -> f64 {
    let mut c = 0.0;
    if s == a {
        if starts_lower(anchor_content) {
            c += 3.5;
        } else if wordiness(anchor_content) < 0.4 && !anchor_content.trim().is_empty() {
            c += if center { 1.5 } else { 0.8 };
        }
        if anchor_content.trim().is_empty() && !is_heading {
            c += 0.5;
        }
        return c;
    }
    if !is_heading && anchor_content.trim().is_empty() {
        // A number standing alone on its line opens its row (one cell per line).
        c += 2.5 * (a - s) as f64;
    }
    if is_heading && !starts_lower(anchor_content) && !anchor_content.trim().is_empty() {
        // A heading starts on its marker line unless its text is centred around it.
        c += 3.0;
    }
    let t = &body[s].text;
    if starts_lower(t) {
        c += 2.0;
    } else if starts_upper(t) {
        c -= 0.4;
        if agency_line(t) {
            c += if center { 0.2 } else { 0.9 };
        }
    } else {
        c += 0.4;
    }
    if s > 0 && ends_sentence(&body[s - 1].text) {
        c -= 0.6;
    }
    c
}

fn agency_line(t: &str) -> bool {
    let toks: Vec<&str> = t.split_whitespace().collect();
    agency_head(&toks, 0)
}

/// Boundary dynamic program: the first body line of each item.
fn place_starts(body: &[Ln], items: &[Item], anchor_contents: &[String], center: bool, lo: usize) -> Vec<usize> {
    let m = items.len();
    if m == 0 {
        return Vec::new();
    }
    let end = body.len();
    // dp[k][s] = best cost with item k starting at s; s ranges over (prev anchor, anchor].
    let range = |k: usize| -> (usize, usize) {
        let from = if k == 0 { lo } else { items[k - 1].at + 1 };
        (from.min(items[k].at), items[k].at)
    };
    let item_cost = |k: usize, s: usize, e: usize| -> f64 {
        let a = items[k].at;
        let is_heading = matches!(items[k].kind, ItemKind::Heading(_));
        let mut c = start_cost(body, s, a, &anchor_contents[k], center, is_heading);
        let top = (a - s) as f64;
        let bottom = (e.max(a) - a) as f64;
        if is_heading {
            c += 0.3 * top;
            // Capitalised long lines inside a heading are rows' first lines (the line after
            // a bare marker is the heading's own text).
            let from = if anchor_contents[k].trim().is_empty() { a + 2 } else { a + 1 };
            for j in from..=e.min(end.saturating_sub(1)) {
                if starts_upper(&body[j].text) && word_count(&body[j].text) >= 6 {
                    c += 0.8;
                }
            }
        } else if center && !anchor_contents[k].trim().is_empty() {
            c += 0.45 * (top - bottom).abs() + 0.4 * (top - bottom - 1.0).max(0.0);
        } else {
            c += 0.5 * top + 0.8 * (top - bottom).max(0.0);
        }
        c
    };
    let mut dp: Vec<Vec<(f64, usize)>> = Vec::with_capacity(m);
    for k in 0..m {
        let (from, to) = range(k);
        let mut row = Vec::new();
        for s in from..=to {
            if k == 0 {
                // Lines before the first item are dropped: a small charge each.
                row.push((0.3 * (s - from) as f64, 0));
            } else {
                let (pfrom, _) = range(k - 1);
                let mut best = (f64::INFINITY, 0);
                for (pi, &(pc, _)) in dp[k - 1].iter().enumerate() {
                    let ps = pfrom + pi;
                    let cst = pc + item_cost(k - 1, ps, s - 1);
                    if cst < best.0 {
                        best = (cst, pi);
                    }
                }
                // Start cost of this item is added when it is closed.
                row.push(best);
            }
        }
        dp.push(row);
    }
    // Close the last item at the end of the body (or earlier if it runs long).
    let (lfrom, _) = range(m - 1);
    let last_end = end.saturating_sub(1).max(items[m - 1].at);
    let mut best = (f64::INFINITY, 0);
    for (pi, &(pc, _)) in dp[m - 1].iter().enumerate() {
        let cst = pc + item_cost(m - 1, lfrom + pi, last_end.min(items[m - 1].at + 2 * (items[m - 1].at - (lfrom + pi)) + 8));
        if cst < best.0 {
            best = (cst, pi);
        }
    }
    let mut starts = vec![0; m];
    let mut pi = best.1;
    for k in (0..m).rev() {
        let (from, _) = range(k);
        starts[k] = from + pi;
        pi = dp[k][pi].1;
    }
    starts
}

// ---------------------------------------------------------------------------------------
// Words and cells
// ---------------------------------------------------------------------------------------

const AGENCY_HEADS: &[&str] = &[
    "sở", "phòng", "ubnd", "ban", "công an", "chi nhánh", "đài", "báo", "trung tâm", "thanh tra", "ủy ban", "uỷ ban",
    "hội", "bộ", "bhxh", "bảo hiểm", "cục", "kho bạc", "tỉnh ủy", "thị ủy", "huyện ủy", "đảng ủy", "văn phòng",
    "bệnh viện", "viễn thông", "ubmttq", "mttq", "liên đoàn", "tỉnh đoàn", "đoàn thanh niên", "ngân hàng",
];

const AGENCY_PLURAL_NEXT: &[&str] = &[
    "sở", "phòng", "cơ", "cấp", "chi", "ban", "đơn", "doanh", "huyện", "thành", "trường", "địa", "ngân", "tổ", "ngành",
    "hội", "viện", "đoàn", "cơ quan",
];

/// Words of agency names (`ngành`, `UBND`, `huyện`, `Khoa học`, `Truyền thông`).
const AGENCY_WORDS: &[&str] = &[
    "sở", "ban", "ngành", "ngành,", "ubnd", "huyện", "thị", "xã", "thành", "phố", "phường", "tỉnh", "các", "đơn", "vị",
    "liên", "quan", "thông", "truyền", "kh&tt", "kh&cn", "tt&tt", "kh", "hđnd&ubnd", "phòng", "chuyên", "môn", "môn,",
    "nội", "vụ", "tài", "chính", "công", "an", "ủy", "uỷ", "văn", "hóa,", "hóa", "và", "đầu", "tư", "khoa", "học",
    "nghệ", "tin", "mttq", "đoàn", "thể", "cấp", "địa", "phương",
];

fn clean_tok(t: &str) -> String {
    t.trim_matches(|c: char| !c.is_alphanumeric() && c != '&' && c != '%')
        .chars()
        .map(vn::lower_char)
        .collect()
}

/// Whether an agency name starts at token `j`.
fn agency_head(toks: &[&str], j: usize) -> bool {
    let Some(t) = toks.get(j) else { return false };
    let raw = t.trim_start_matches(|c: char| !c.is_alphanumeric());
    if !raw.chars().next().is_some_and(|c| c.is_uppercase()) {
        return false;
    }
    let w = clean_tok(t);
    let w2 = toks.get(j + 1).map(|n| format!("{w} {}", clean_tok(n))).unwrap_or_default();
    if AGENCY_HEADS.contains(&w.as_str()) || AGENCY_HEADS.contains(&w2.as_str()) {
        // `Bộ` and `Hội` start many common words: require a known follower.
        if (w == "bộ" || w == "hội" || w == "ban") && toks.get(j + 1).is_none() {
            return false;
        }
        if w == "hội" && !w2.starts_with("hội doanh") && !w2.starts_with("hội liên") && !w2.starts_with("hội nông") {
            return false;
        }
        if w == "báo" && !toks.get(j + 1).is_some_and(|n| n.chars().next().is_some_and(|c| c.is_uppercase())) {
            return false;
        }
        if w == "bộ" && !toks.get(j + 1).is_some_and(|n| n.chars().next().is_some_and(|c| c.is_uppercase())) {
            return false;
        }
        if w == "đài" || w == "trung tâm" || w2 == "trung tâm" {
            return true;
        }
        if w == "ban" {
            let n = toks.get(j + 1).map(|n| clean_tok(n)).unwrap_or_default();
            return n.chars().next().is_some_and(|_| toks[j + 1].chars().next().is_some_and(|c| c.is_uppercase()))
                || n == "chỉ" || n == "tổ" || n == "tuyên" || n == "quản" || n == "nội" || n == "kinh";
        }
        return true;
    }
    if w == "các" {
        let n = toks.get(j + 1).map(|n| clean_tok(n)).unwrap_or_default();
        return AGENCY_PLURAL_NEXT.contains(&n.as_str());
    }
    false
}

fn agency_word(t: &str) -> bool {
    AGENCY_WORDS.contains(&clean_tok(t).as_str())
}

/// A word of the deadline grammar.
fn deadline_word(t: &str) -> bool {
    let w = t.trim_matches(|c: char| matches!(c, '|' | '[' | ']' | '(' | ')' | ',' | ';' | '.' | '-' | '’' | '\''));
    if w.is_empty() {
        return false;
    }
    regex!(r"^(?:\d{1,2}/\d{4}|20\d\d|20\d\d-20\d\d|20\d\d-|-20\d\d|I{1,3}/20\d\d|IV/20\d\d|\d{1,2}/\d{1,2}/20\d\d)$").is_match(w)
        || matches!(
            clean_tok(w).as_str(),
            "quý" | "tháng" | "năm" | "trước" | "hằng" | "hàng" | "thường" | "xuyên" | "xuyên/" | "định" | "kỳ" | "hoàn" | "thành" | "đã"
        )
}

fn deadline_strong(t: &str) -> bool {
    let w = t.trim_matches(|c: char| matches!(c, '|' | '[' | ']' | '(' | ')' | ',' | ';' | '.' | '’' | '\''));
    regex!(r"^(?:\d{1,2}/\d{4}|20\d\d|20\d\d-20\d\d|I{1,3}/20\d\d|IV/20\d\d|\d{1,2}/\d{1,2}/20\d\d)$").is_match(w)
        || matches!(clean_tok(w).as_str(), "quý" | "tháng" | "xuyên" | "thường")
}

fn is_border(t: &str) -> bool {
    t.starts_with('|') || t.ends_with('|') || t.starts_with('[') || t.ends_with(']') || t == "\\" || t.starts_with('\\')
}

/// A value of a target table (`>90`, `≥ 1,5`, `100%`, `Có`, `-`).
fn value_word(t: &str) -> bool {
    let w = t.trim_matches(|c: char| matches!(c, '|' | '[' | ']' | '(' | ')' | ';'));
    if w.is_empty() {
        return false;
    }
    regex!(r"^(?:[<>≥≤=]=?)?\d+(?:[.,]\d+)*%?(?:-\d+(?:[.,]\d+)*%?)?$").is_match(w)
        || matches!(w, ">" | "<" | "≥" | "≤" | ">=" | "<=" | "-" | "Có" | "có" | "Chưa" | "triển" | "khai" | "Khai" | "Đạt" | "mức")
}

fn unit_start(toks: &[&str], j: usize) -> Option<usize> {
    let t = toks.get(j)?;
    let w = t.trim_matches(|c: char| matches!(c, '|' | '[' | ']' | '(' | ')' | ','));
    let next = toks.get(j + 1).map(|n| clean_tok(n)).unwrap_or_default();
    if w.starts_with('%') && !w[1..].starts_with(|c: char| c.is_ascii_digit()) {
        if matches!(next.as_str(), "grdp" | "gdp" | "dân" | "/năm") {
            return Some(if next == "dân" { 3 } else { 2 });
        }
        return Some(1);
    }
    let c = clean_tok(t);
    let two = format!("{c} {next}");
    let units2 = ["doanh nghiệp", "thứ bậc", "nhiệm vụ", "dự án", "sản phẩm", "hệ thống", "chỉ số", "trung tâm", "thành phố", "số doanh"];
    if units2.contains(&two.as_str()) && t.chars().next().is_some_and(|c| c.is_uppercase()) {
        return Some(2);
    }
    if matches!(c.as_str(), "đơn" | "sáng" | "giải") && t.chars().next().is_some_and(|c| c.is_uppercase()) && j > 2 {
        return Some(1);
    }
    None
}

/// Whether word `j` belongs to a unit that starts at it or just before it (`% GRDP`).
fn in_unit(toks: &[&str], j: usize) -> bool {
    (0..3).any(|back| j >= back && unit_start(toks, j - back).is_some_and(|k| k > back))
}

/// Cuts one line's words into column segments (dynamic program over word positions).
fn split_line(toks: &[&str], cols: &[Column], w: Option<usize>, unfinished: &[bool]) -> Vec<(usize, String)> {
    let n = toks.len();
    let k = cols.len();
    if n == 0 || k == 0 {
        return Vec::new();
    }
    let mut offs = Vec::with_capacity(n);
    let mut o = 0usize;
    for t in toks {
        offs.push(o);
        o += t.chars().count() + 1;
    }
    let emit = |j: usize, c: usize| -> f64 { emit_cost(toks, j, cols[c].ty) + w.map_or(0.0, |w| if c == 0 && offs[j] > w { 0.5 } else { 0.0 }) };
    let trans = |j: usize, to: usize, from_text: bool| -> f64 {
        let t = toks[j];
        let prev = toks[j - 1];
        let mut c = 1.2;
        if is_border(t) || is_border(prev) {
            c -= 1.0;
        }
        match cols[to].ty {
            ColType::Agency if agency_head(toks, j) => c -= 1.7,
            ColType::Deadline if deadline_strong(t) || deadline_word(t) && t.chars().next().is_some_and(|c| c.is_uppercase()) => c -= 1.0,
            ColType::Unit if unit_start(toks, j).is_some() => c -= 1.0,
            ColType::Value if val_start(t) => c -= 0.8,
            _ => {}
        }
        // The column's cell was left unfinished on the line before (`Sở Khoa học và`).
        if unfinished.get(to).copied().unwrap_or(false) && cols[to].ty == ColType::Agency && !agency_head(toks, j) {
            c -= 0.9;
        }
        if let Some(w) = w.filter(|_| from_text) {
            c += (0.04 * (offs[j] as f64 - w as f64).abs()).min(1.5);
        }
        if t.chars().next().is_some_and(|c| c.is_lowercase())
            && prev.chars().last().is_some_and(|c| c.is_alphabetic())
            && cols[to].ty != ColType::Deadline
        {
            c += 0.3;
        }
        c
    };
    // dp[j][c]: best cost with word j in column c.
    let inf = f64::INFINITY;
    let mut dp = vec![vec![(inf, 0usize); k]; n];
    for c in 0..k {
        let cont = unfinished.get(c).copied().unwrap_or(false) && cols[c].ty == ColType::Agency && !agency_head(toks, 0);
        // A long line opening with a capital that names no agency starts in the text column.
        let text_start = c > 0 && n >= 8 && toks[0].chars().next().is_some_and(|ch| ch.is_uppercase()) && !agency_head(toks, 0);
        dp[0][c] = (emit(0, c) + 0.15 * c as f64 - if cont { 0.6 } else { 0.0 } + if text_start { 1.0 } else { 0.0 }, c);
    }
    for j in 1..n {
        for c in 0..k {
            let e = emit(j, c);
            // One value per value column: a second complete value opens the next column.
            let stay = if cols[c].ty == ColType::Value && val_start(toks[j]) && value_word(toks[j - 1]) && !is_comparator(toks[j - 1]) { 1.6 } else { 0.0 };
            let mut best = (dp[j - 1][c].0 + stay, c);
            for p in 0..c {
                let v = dp[j - 1][p].0 + trans(j, c, p == 0) + 0.05 * (c - p - 1) as f64;
                if v < best.0 {
                    best = (v, p);
                }
            }
            dp[j][c] = (best.0 + e, best.1);
        }
    }
    let mut c = (0..k).min_by(|&a, &b| dp[n - 1][a].0.partial_cmp(&dp[n - 1][b].0).unwrap_or(std::cmp::Ordering::Equal)).unwrap_or(0);
    let mut assign = vec![0; n];
    for j in (0..n).rev() {
        assign[j] = c;
        c = dp[j][c].1;
    }
    let mut out: Vec<(usize, String)> = Vec::new();
    for (j, &c) in assign.iter().enumerate() {
        let t = toks[j];
        match out.last_mut() {
            Some((lc, s)) if *lc == c => {
                s.push(' ');
                s.push_str(t);
            }
            _ => out.push((c, t.to_string())),
        }
    }
    out
}

fn emit_cost(toks: &[&str], j: usize, ty: ColType) -> f64 {
    let t = toks[j];
    let dl = deadline_word(t);
    let dls = deadline_strong(t);
    let ag = agency_word(t);
    let val = value_word(t);
    match ty {
        ColType::Text => (if dls { 0.5 } else { 0.0 }) + (if ag { 0.15 } else { 0.0 }) + (if val { 0.5 } else { 0.0 }),
        ColType::Agency => (if ag { -0.25 } else { 0.3 }) + (if dls { 0.7 } else { 0.0 }) + (if val { 0.6 } else { 0.0 }),
        ColType::Output => (if ag { 0.25 } else { 0.1 }) + (if dls { 0.6 } else { 0.0 }),
        ColType::Deadline => {
            if dl {
                -0.7
            } else {
                2.0
            }
        }
        ColType::Unit => {
            if in_unit(toks, j) {
                -1.0
            } else {
                1.2
            }
        }
        ColType::Value => {
            if val {
                -0.6
            } else {
                1.0
            }
        }
    }
}

/// One cell per line (digital text, or a row whose number stands alone): each whole line
/// goes to one column, columns in order.
fn assign_lines(lines: &[Vec<&str>], cols: &[Column]) -> Vec<usize> {
    let m = lines.len();
    let k = cols.len();
    if m == 0 || k == 0 {
        return Vec::new();
    }
    let goes_on = |i: usize| -> bool {
        i > 0 && lines[i - 1].last().is_some_and(|l| l.ends_with([',', '-', '–']) || matches!(*l, "và" | "-" | "và,"))
    };
    let dash = |i: usize| lines[i].len() == 1 && matches!(lines[i][0], "-" | "–" | "x");
    let cost = |i: usize, c: usize| -> f64 {
        let toks = &lines[i];
        if dash(i) {
            return 0.0;
        }
        let mut v: f64 = (0..toks.len()).map(|j| emit_cost(toks, j, cols[c].ty)).sum();
        if cols[c].ty == ColType::Agency && starts_upper(&toks.join(" ")) && !agency_head(toks, 0) && !goes_on(i) {
            v += 2.0;
        }
        match cols[c].ty {
            ColType::Agency if agency_head(toks, 0) => v -= 1.5,
            ColType::Deadline if toks.iter().all(|t| deadline_word(t)) => v -= 1.0,
            // `Nhiệm vụ` / `thường xuyên` over two lines.
            ColType::Deadline if fold(&toks.join(" ")).starts_with("nhiem vu") && toks.len() <= 4 && i + 1 == m || fold(&toks.join(" ")) == "nhiem vu" && lines.get(i + 1).is_some_and(|n| n.iter().all(|t| deadline_word(t))) => v = -1.0,
            ColType::Text if word_count(&toks.join(" ")) >= 6 => v -= 0.5,
            _ => {}
        }
        v
    };
    let switch = |i: usize, c: usize| -> f64 {
        let mut v = 0.6;
        // A line ending in a comma, `và` or a dash goes on in the same cell.
        if let Some(last) = lines[i - 1].last() {
            if last.ends_with([',', '-', '–']) || matches!(*last, "và" | "-" | "và," ) {
                v += 1.0;
            }
        }
        if cols[c].ty == ColType::Agency && agency_head(&lines[i], 0) {
            v -= 1.2;
        }
        v
    };
    let inf = f64::INFINITY;
    let mut dp = vec![vec![(inf, 0usize); k]; m];
    for c in 0..k {
        dp[0][c] = (cost(0, c) + 0.5 * c as f64, c);
    }
    for i in 1..m {
        for c in 0..k {
            // An empty cell (`-`) ends the cell before it; the line after it starts the next.
            let stay = if dash(i) || dash(i - 1) { 2.0 } else { 0.0 };
            let mut best = (dp[i - 1][c].0 + stay, c);
            for p in 0..c {
                let v = dp[i - 1][p].0 + if dash(i) || dash(i - 1) { 0.0 } else { switch(i, c) };
                if v < best.0 {
                    best = (v, p);
                }
            }
            dp[i][c] = (best.0 + cost(i, c), best.1);
        }
    }
    let mut c = (0..k).min_by(|&a, &b| dp[m - 1][a].0.partial_cmp(&dp[m - 1][b].0).unwrap_or(std::cmp::Ordering::Equal)).unwrap_or(0);
    let mut out = vec![0; m];
    for i in (0..m).rev() {
        out[i] = c;
        c = dp[i][c].1;
    }
    out
}

/// The width of the first (text) column in characters: where agency names usually start
/// on long lines.
fn text_width(body: &[Ln]) -> Option<usize> {
    let mut xs: Vec<usize> = Vec::new();
    for l in body {
        if l.text.chars().count() < 45 {
            continue;
        }
        let toks: Vec<&str> = l.text.split_whitespace().collect();
        let mut o = 0usize;
        for (j, t) in toks.iter().enumerate() {
            if j >= 1 && o >= 20 && agency_head(&toks, j) {
                xs.push(o);
                break;
            }
            o += t.chars().count() + 1;
        }
    }
    if xs.len() < 5 {
        return None;
    }
    xs.sort();
    Some(xs[xs.len() / 2])
}

fn is_comparator(t: &str) -> bool {
    matches!(t.trim_matches(|c: char| matches!(c, '|' | '[' | ']')), ">" | "<" | "≥" | "≤" | ">=" | "<=" | "=")
}

fn val_start(t: &str) -> bool {
    let w = t.trim_matches(|c: char| matches!(c, '|' | '[' | ']' | '(' | ')'));
    w.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '<' | '>' | '≥' | '≤' | '='))
}

/// Drops scanner noise from a text cell: lone punctuation and stray single letters.
fn denoise(s: &str) -> String {
    s.split_whitespace()
        .filter(|t| {
            let letters = t.chars().filter(|c| c.is_alphanumeric()).count();
            if letters == 0 {
                return matches!(*t, "-" | "–" | "&" | "+" | "%");
            }
            !(t.chars().count() == 1 && t.chars().all(|c| c.is_ascii_alphabetic() && !matches!(c, 'y' | 'Y')))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn clean_cell(s: &str) -> String {
    let s = squash(s);
    s.trim_matches(|c: char| matches!(c, '|' | '[' | ']' | '{' | '}' | '\\' | ' ' | '~' | '_'))
        .to_string()
}

// ---------------------------------------------------------------------------------------
// Values of targets
// ---------------------------------------------------------------------------------------

fn parse_number(s: &str) -> Option<f64> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    let t: String = if s.contains(',') {
        s.replace('.', "").replace(',', ".")
    } else if regex!(r"^\d{1,3}(?:\.\d{3})+$").is_match(s) {
        s.replace('.', "")
    } else {
        s.to_string()
    };
    t.parse::<f64>().ok()
}

/// Parses a target value: `(comparator, value, value_max)`.
pub fn parse_value(text: &str) -> (Option<Comparator>, Option<f64>, Option<f64>) {
    let t = squash(text);
    let f = fold(&t);
    let mut cmp = None;
    for (k, c) in [
        ("toi thieu", Comparator::Gte),
        ("it nhat", Comparator::Gte),
        ("khong thap hon", Comparator::Gte),
        ("khong qua", Comparator::Lte),
        ("tren", Comparator::Gt),
        ("duoi", Comparator::Lt),
        ("khoang", Comparator::Approx),
        ("dat", Comparator::Eq),
    ] {
        if f.starts_with(k) || f.contains(&format!(" {k} ")) && k != "dat" {
            cmp = Some(c);
            break;
        }
    }
    let Some(m) = regex!(r"([<>≥≤=]=?)?\s*(\d+(?:[.,]\d+)*)\s*%?(?:\s*[-–]\s*(\d+(?:[.,]\d+)*))?").captures(&t) else {
        return (cmp, None, None);
    };
    if let Some(op) = m.get(1) {
        cmp = Some(match op.as_str() {
            ">" => Comparator::Gt,
            ">=" | "≥" => Comparator::Gte,
            "<" => Comparator::Lt,
            "<=" | "≤" => Comparator::Lte,
            _ => Comparator::Eq,
        });
    }
    let v = m.get(2).and_then(|x| parse_number(x.as_str()));
    let vmax = m.get(3).and_then(|x| parse_number(x.as_str()));
    if vmax.is_some() {
        cmp = Some(Comparator::Range);
    }
    (cmp, v, vmax)
}

// ---------------------------------------------------------------------------------------
// The stage
// ---------------------------------------------------------------------------------------

/// Rebuilds the tables of the appendices (and any table the lines hold).
pub fn rebuild(lines: &[Input<'_>], appendices: &[Appendix]) -> Tables {
    let mut out = Tables::default();
    let gaz = Gazetteer::new();
    for app in appendices {
        let Some(span) = app.lines else { continue };
        let ls: Vec<Ln> = lines
            .iter()
            .filter(|l| l.n >= span.0 && l.n <= span.1)
            // Lone numbers the clean stage took for page numbers may be row numbers (the
            // anchor chain decides); a lone dash is an empty cell.
            .filter(|l| {
                l.role == Role::Content
                    || l.role == Role::Blank
                    || matches!(l.text.trim(), "-" | "–")
                    || l.role == Role::PageNumber && regex!(r"^\s*\d{1,3}[.,]?\s*$").is_match(l.text)
            })
            .map(|l| Ln { n: l.n, text: squash(l.text) })
            .filter(|l| !l.text.is_empty() && !regex!(r"^(?:[-–]\s*\d{1,3}\s*[-–]|(?i:trang)\s+\d{1,3})$").is_match(&l.text))
            .collect();
        rebuild_appendix(&ls, app, &gaz, &mut out);
    }
    out
}

fn rebuild_appendix(ls: &[Ln], app: &Appendix, gaz: &Gazetteer, out: &mut Tables) {
    // Header lines, with their tails.
    let mut header = vec![false; ls.len()];
    let title = app.title.as_deref().map(squash).unwrap_or_default();
    for i in 0..ls.len() {
        // The appendix's own title (`CÁC CHỈ TIÊU CỤ THỂ`) is not a column header.
        if !title.is_empty() && title.contains(ls[i].text.as_str()) {
            continue;
        }
        if is_header_line(&ls[i].text) {
            header[i] = true;
            // Short header words around it.
            for j in i.saturating_sub(3)..(i + 4).min(ls.len()) {
                if !header[j] && is_header_tail(&ls[j].text) {
                    header[j] = true;
                }
            }
        }
    }
    // Header tails with only years and words of the header (`lường | (tháng 3/2025)| 2025 | 2030`).
    for i in 1..ls.len() {
        if header[i - 1] && !header[i] {
            let years = regex!(r"\b20\d\d\b").find_iter(&ls[i].text).count();
            if years >= 3 && header_score(&ls[i].text).0 >= 0.5 {
                header[i] = true;
            }
        }
    }
    let Some(first_header) = header.iter().position(|&h| h) else {
        out.diagnostics.push(
            Diagnostic::new(Level::Warning, "table-no-header", format!("appendix {}: no table header found", app.label))
                .at(app.lines.unwrap_or(LineSpan(0, 0))),
        );
        return;
    };
    // The first header block: kind, columns.
    // The block runs on over short gaps (a garbled header word between two header lines).
    let mut block_end = first_header;
    loop {
        let next = (block_end + 1..(block_end + 4).min(ls.len())).find(|&j| header[j]);
        match next {
            Some(j) if (block_end + 1..j).all(|q| word_count(&ls[q].text) <= 4) => block_end = j,
            _ => break,
        }
    }
    let block_start = (0..=first_header).rev().take_while(|&j| header[j]).last().unwrap_or(first_header);
    let htext: String = (block_start..=block_end).map(|j| ls[j].text.clone()).collect::<Vec<_>>().join(" ");
    let hf = words_folded(&htext).join(" ");
    let title_f = fold(app.title.as_deref().unwrap_or(""));
    let kind = if hf.contains("chi tieu") || hf.contains("don vi tinh") || hf.contains("hien trang") || hf.contains("chi so") {
        Kind::Target
    } else if hf.contains("nhiem vu") || hf.contains("phoi hop") || hf.contains("thoi gian") || hf.contains("hoan thanh") {
        Kind::Task
    } else if title_f.contains("chi tieu") {
        Kind::Target
    } else {
        Kind::Task
    };
    let mut years: Vec<i32> = Vec::new();
    for m in regex!(r"(?:^|[^/\d])(20\d\d)\b").captures_iter(&htext) {
        if let Some(y) = m.get(1).and_then(|y| y.as_str().parse::<i32>().ok()) {
            if !years.contains(&y) {
                years.push(y);
            }
        }
    }
    let columns = columns_for(kind, &hf, &years);

    // Body lines: everything after the first header block that is not a header.
    let body: Vec<Ln> = ls
        .iter()
        .enumerate()
        .filter(|(i, _)| *i > block_end && !header[*i])
        .map(|(_, l)| l.clone())
        .collect();
    // Where repeated header blocks stood (to split tables when numbering restarts).
    let header_before: Vec<bool> = {
        let mut v = vec![false; body.len()];
        let mut bi = 0;
        let mut pending = false;
        for (i, _) in ls.iter().enumerate() {
            if i <= block_end {
                continue;
            }
            if header[i] {
                pending = true;
                continue;
            }
            if bi < v.len() {
                v[bi] = pending;
            }
            pending = false;
            bi += 1;
        }
        v
    };
    if body.is_empty() {
        return;
    }

    // Headings and STT candidates.
    let mut headings: Vec<(usize, Heading)> = Vec::new();
    let mut cands: Vec<Cand> = Vec::new();
    for (i, l) in body.iter().enumerate() {
        if let Some(a) = sub_appendix(&body, i) {
            headings.push((i, Heading { marker: None, level: 0, roman: false, appendix: Some(a) }));
            continue;
        }
        if i > 0 && headings.last().is_some_and(|(p, h)| *p + 1 == i && h.appendix.is_some()) {
            continue;
        }
        let cand = stt_candidate(&l.text);
        let roman_first = l.text.split_whitespace().next().is_some_and(|f| roman(f).is_some() && f.contains(['I', 'V', 'X']));
        if let Some((read, digits, stt_like, len)) = cand.clone().filter(|c| !c.1.is_empty() && !(roman_first && heading(&l.text, kind).is_some())) {
            cands.push(Cand { i, read, digits, stt_like, len });
            continue;
        }
        let h = heading(&l.text, kind);
        if h.is_none() {
            if let Some((read, digits, stt_like, len)) = cand {
                cands.push(Cand { i, read, digits, stt_like, len });
                continue;
            }
        }
        if let Some(h) = h {
            // Capital continuation of the previous heading (`ĐỔI MỚI SÁNG TẠO`).
            if h.marker.is_none() && !h.roman && headings.last().is_some_and(|(p, _)| *p + 1 == i) {
                continue;
            }
            headings.push((i, h));
        }
    }
    let heading_at: Vec<usize> = headings.iter().map(|(i, _)| *i).collect();
    let chain = anchor_chain(&cands, &heading_at);

    // Items: anchors, headings, and rows whose number the scan lost.
    let mut items: Vec<Item> = Vec::new();
    for &(ci, n) in &chain {
        let c = &cands[ci];
        let stt = match c.read {
            Some(r) if r == n => c.digits.clone(),
            _ => n.to_string(),
        };
        items.push(Item { at: c.i, kind: ItemKind::Row { stt: Some(stt), number: n, stt_len: c.len } });
        if c.read != Some(n) {
            out.diagnostics.push(
                Diagnostic::new(
                    Level::Info,
                    "table-stt-guessed",
                    format!("row number {n} read from `{}`", body[c.i].text.chars().take(12).collect::<String>()),
                )
                .at(LineSpan::line(body[c.i].n)),
            );
        }
    }
    for (i, h) in &headings {
        // A heading line the chain took as a row is a row.
        if items.iter().any(|it| it.at == *i) {
            continue;
        }
        items.push(Item { at: *i, kind: ItemKind::Heading(h.clone()) });
    }
    items.sort_by_key(|it| it.at);
    fill_missing_rows(&body, &mut items, &mut out.diagnostics);

    // Alignment: how often the STT line does not hold the start of the row's text.
    let mut mid = 0usize;
    let mut rows_n = 0usize;
    let anchor_contents: Vec<String> = items
        .iter()
        .map(|it| match &it.kind {
            ItemKind::Row { stt_len, .. } => body[it.at].text.get(*stt_len..).unwrap_or("").trim().to_string(),
            ItemKind::Heading(_) => {
                let t = &body[it.at].text;
                let mut sp = t.splitn(2, ' ');
                let first = sp.next().unwrap_or("");
                let rest = sp.next().unwrap_or("");
                if roman(first).is_some() || garbled_marker(first) || regex!(r"^[A-Za-h][.)]$").is_match(first) {
                    rest.trim_start_matches(['|', '[', '{', ' ']).to_string()
                } else {
                    t.clone()
                }
            }
        })
        .collect();
    for (it, content) in items.iter().zip(&anchor_contents) {
        if let ItemKind::Row { .. } = it.kind {
            rows_n += 1;
            let above_upper = it.at > 0 && starts_upper(&body[it.at - 1].text) && word_count(&body[it.at - 1].text) >= 3;
            if starts_lower(content) || (wordiness(content) < 0.45 && above_upper) {
                mid += 1;
            }
        }
    }
    let center = rows_n > 0 && mid as f64 / rows_n as f64 >= 0.3;
    let starts = place_starts(&body, &items, &anchor_contents, center, 0);
    let width = text_width(&body);

    // Rows.
    let mut groups: Vec<(u8, String)> = Vec::new();
    let mut roman_next = 1u32;
    let mut tables: Vec<(Vec<Row>, Option<String>, Option<String>)> = vec![(Vec::new(), None, None)];
    for (k, it) in items.iter().enumerate() {
        let s = starts[k];
        let e = if k + 1 < items.len() { starts[k + 1].saturating_sub(1).max(s) } else { body.len() - 1 };
        let e = if k + 1 == items.len() { trim_tail(&body, it.at, s, e) } else { e };
        match &it.kind {
            ItemKind::Heading(h) if h.appendix.is_some() => {
                let (label, title) = h.appendix.clone().unwrap_or_default();
                tables.push((Vec::new(), Some(label), title));
                groups.clear();
                roman_next = 1;
            }
            ItemKind::Heading(h) => {
                let text = heading_text(&body, s, e, it.at, h);
                let label = match (&h.marker, h.level, h.roman) {
                    (Some(m), _, true) => {
                        let v = roman(m).unwrap_or(roman_next);
                        let v = if v < roman_next { roman_next } else { v };
                        roman_next = v + 1;
                        to_roman(v)
                    }
                    (None, 1, true) => {
                        let v = roman_next;
                        roman_next += 1;
                        to_roman(v)
                    }
                    (Some(m), _, false) => m.clone(),
                    _ => String::new(),
                };
                let g = if label.is_empty() { text } else if text.is_empty() { label } else { format!("{label}. {text}") };
                groups.retain(|(lv, _)| *lv < h.level);
                groups.push((h.level, g));
            }
            ItemKind::Row { stt, number, stt_len } => {
                if *number == 1 && header_before[s..=it.at].iter().any(|&b| b) && !tables.last().is_some_and(|t| t.0.is_empty()) {
                    tables.push((Vec::new(), None, None));
                }
                let row = build_row(&body, s, e, it.at, *stt_len, stt.clone(), &columns, &groups, width);
                if let Some(t) = tables.last_mut() {
                    t.0.push(row);
                }
            }
        }
    }
    for (ti, (rows, label, title)) in tables.into_iter().enumerate() {
        if rows.is_empty() {
            continue;
        }
        let first = rows.first().map_or(0, |r| r.lines.0);
        let last = rows.last().map_or(0, |r| r.lines.1);
        let table = Table {
            title: if label.is_some() { title } else { app.title.clone() },
            appendix: label.or_else(|| (!app.label.is_empty()).then(|| app.label.clone())),
            columns: columns.iter().map(|c| c.name.clone()).collect(),
            rows,
            lines: LineSpan(if ti == 0 { ls.get(block_start).map_or(first, |l| l.n).min(first) } else { first }, last),
        };
        match kind {
            Kind::Task => out.tasks.extend(table.rows.iter().map(|r| task_of(r, gaz))),
            Kind::Target => out.targets.extend(table.rows.iter().flat_map(|r| targets_of(r, &columns))),
        }
        out.tables.push(table);
    }
}

fn columns_for(kind: Kind, hf: &str, years: &[i32]) -> Vec<Column> {
    let c = |name: &str, ty: ColType| Column { name: name.to_string(), ty, year: None };
    let mut cols = Vec::new();
    match kind {
        Kind::Task => {
            cols.push(c(col::CONTENT, ColType::Text));
            // Header words are often garbled: one word of a column's name is enough.
            let has = |ws: &[&str]| hf.split(' ').any(|w| ws.contains(&w));
            if hf.contains("chi dao") {
                cols.push(c(col::DIRECTING, ColType::Agency));
            }
            cols.push(c(col::LEAD, ColType::Agency));
            if has(&["phoi", "hop"]) {
                cols.push(c(col::COORD, ColType::Agency));
            }
            if has(&["ket", "qua", "san", "pham"]) {
                cols.push(c(col::OUTPUT, ColType::Output));
            }
            if has(&["thoi", "gian", "hoan", "tien", "han"]) {
                cols.push(c(col::DEADLINE, ColType::Deadline));
            }
        }
        Kind::Target => {
            cols.push(c(col::INDICATOR, ColType::Text));
            cols.push(c(col::UNIT, ColType::Unit));
            if hf.contains("hien trang") {
                cols.push(c(col::BASELINE, ColType::Value));
            }
            if years.len() >= 2 {
                for &y in years {
                    cols.push(Column { name: format!("Năm {y}"), ty: ColType::Value, year: Some(y) });
                }
            } else {
                cols.push(c(col::OUTPUT, ColType::Value));
            }
            cols.push(c(col::LEAD, ColType::Agency));
        }
    }
    cols
}

/// Rows with no number: places the numbers missing between two anchors on the lines that
/// best open a row (capitalised, wordy, after a finished line).
fn fill_missing_rows(body: &[Ln], items: &mut Vec<Item>, diags: &mut Vec<Diagnostic>) {
    let mut added: Vec<Item> = Vec::new();
    let mut prev: Option<(usize, u32)> = None;
    let mut seen_row = false;
    let mut last_n = 0u32;
    for it in items.iter() {
        if let ItemKind::Row { .. } = it.kind {
            if !seen_row && prev.is_none() {
                prev = Some((0, 0));
            }
            seen_row = true;
        }
        match &it.kind {
            ItemKind::Heading(_) => prev = Some((it.at + 1, last_n)),
            ItemKind::Row { number, .. } => {
                if let Some((pa, pn)) = prev {
                    // Numbering restarts in this group.
                    let pn = if *number > pn { pn } else { 0 };
                    if *number > pn + 1 && *number - pn - 1 <= 6 {
                        let need = (*number - pn - 1) as usize;
                        let from = if matches!(items.iter().rev().find(|x| x.at < it.at && x.at + 1 >= pa), Some(Item { kind: ItemKind::Heading(_), .. })) || pn == 0 { pa } else { pa + 2 };
                        let mut scored: Vec<(f64, usize)> = (from..it.at)
                            .filter_map(|j| {
                                let t = &body[j].text;
                                if !starts_upper(t) || word_count(t) < 5 || agency_line(t) {
                                    return None;
                                }
                                let mut s = 1.0 + (word_count(t).min(14) as f64) * 0.1;
                                if j > 0 && ends_sentence(&body[j - 1].text) {
                                    s += 1.0;
                                }
                                if j > 0 && word_count(&body[j - 1].text) <= 4 {
                                    s += 0.5;
                                }
                                Some((s, j))
                            })
                            .collect();
                        scored.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal));
                        let mut picked: Vec<usize> = scored.iter().take(need).map(|x| x.1).collect();
                        picked.sort();
                        for (q, j) in picked.iter().enumerate() {
                            let n = pn + 1 + q as u32;
                            added.push(Item { at: *j, kind: ItemKind::Row { stt: Some(n.to_string()), number: n, stt_len: 0 } });
                            diags.push(
                                Diagnostic::new(Level::Warning, "table-row-unnumbered", format!("row {n} has no number in the text; placed by its first line"))
                                    .at(LineSpan::line(body[*j].n)),
                            );
                        }
                    }
                }
                prev = Some((it.at, *number));
                last_n = *number;
            }
        }
    }
    items.extend(added);
    items.sort_by_key(|it| it.at);
}

/// The last row of a table stops before trailing page furniture.
fn trim_tail(body: &[Ln], at: usize, s: usize, e: usize) -> usize {
    let top = at - s;
    let max = at + (2 * top).max(16);
    let mut e = e.min(max);
    while e > at && wordiness(&body[e].text) < 0.3 {
        e -= 1;
    }
    e
}

fn heading_text(body: &[Ln], s: usize, e: usize, at: usize, h: &Heading) -> String {
    let mut parts = Vec::new();
    let mut stop = at;
    let bare = body[at].text.split_whitespace().count() == 1;
    if bare && at < e {
        stop += 1;
    }
    while stop < e && starts_lower(&body[stop + 1].text) && wordiness(&body[stop + 1].text) >= 0.6 {
        stop += 1;
    }
    let first = (s..at).find(|&j| (j..at).all(|q| wordiness(&body[q].text) >= 0.7)).unwrap_or(at);
    for (j, l) in body.iter().enumerate().take(stop + 1).skip(first) {
        let mut t = l.text.as_str();
        if j == at {
            let mut it = t.splitn(2, ' ');
            let first = it.next().unwrap_or("");
            if h.marker.is_some() || garbled_marker(first) {
                t = it.next().unwrap_or("");
            }
        }
        parts.push(t.trim_start_matches(['|', '[', '{', ' ', '.']).to_string());
    }
    clean_cell(&parts.join(" "))
}

#[allow(clippy::too_many_arguments)]
fn build_row(body: &[Ln], s: usize, e: usize, at: usize, stt_len: usize, stt: Option<String>, cols: &[Column], groups: &[(u8, String)], w: Option<usize>) -> Row {
    let mut cells: Vec<String> = vec![String::new(); cols.len()];
    let texts: Vec<&str> = (s..=e)
        .map(|j| if j == at { body[j].text.get(stt_len..).unwrap_or("") } else { body[j].text.as_str() })
        .collect();
    let lone_number = texts.get(at - s).is_some_and(|t| t.trim().is_empty()) && e > at;
    if lone_number {
        let lines: Vec<Vec<&str>> = texts.iter().filter(|t| !t.trim().is_empty()).map(|t| t.split_whitespace().collect()).collect();
        for (toks, c) in lines.iter().zip(assign_lines(&lines, cols)) {
            if !cells[c].is_empty() {
                cells[c].push(' ');
            }
            cells[c].push_str(&toks.join(" "));
        }
    } else {
        let mut unfinished = vec![false; cols.len()];
        for text in &texts {
            let toks: Vec<&str> = text.split_whitespace().collect();
            let segs = split_line(&toks, cols, w, &unfinished);
            unfinished = vec![false; cols.len()];
            for (c, seg) in segs {
                let last = seg.split_whitespace().last().unwrap_or("");
                unfinished[c] = last.ends_with([',', '-', '–', '&'])
                    || matches!(last, "và" | "và," | "-")
                    || cols[c].ty == ColType::Agency && !last.ends_with([';', '.']) && agency_word(last) && !matches!(clean_tok(last).as_str(), "tỉnh" | "phố" | "xã" | "quan" | "môn");
                if !cells[c].is_empty() {
                    cells[c].push(' ');
                }
                cells[c].push_str(&seg);
            }
        }
    }
    let mut map = BTreeMap::new();
    for (c, text) in cols.iter().zip(cells) {
        let t = if matches!(c.ty, ColType::Text | ColType::Output | ColType::Agency) { clean_cell(&denoise(&text)) } else { clean_cell(&text) };
        if !t.is_empty() {
            map.insert(c.name.clone(), t);
        }
    }
    Row {
        group: groups.iter().map(|(_, g)| g.clone()).collect(),
        stt,
        cells: map,
        lines: LineSpan(body[s].n, body[e.max(s)].n),
    }
}

fn agencies(cell: Option<&String>, gaz: &Gazetteer) -> Vec<String> {
    let Some(cell) = cell else { return Vec::new() };
    let found = gaz.find(cell);
    if !found.is_empty() {
        let mut v: Vec<String> = Vec::new();
        for m in found {
            if !v.contains(&m.canonical) {
                v.push(m.canonical);
            }
        }
        return v;
    }
    cell.split(';').map(|s| clean_cell(s).trim_end_matches(',').to_string()).filter(|s| !s.is_empty()).collect()
}

fn task_of(row: &Row, gaz: &Gazetteer) -> Task {
    let get = |k: &str| row.cells.get(k);
    let deadline = get(col::DEADLINE).map(|d| {
        deadline::parse(d).unwrap_or_else(|| Deadline { text: d.clone(), end_date: None, recurring: false })
    });
    Task {
        section: None,
        content: get(col::CONTENT).cloned().unwrap_or_default(),
        directing: get(col::DIRECTING).cloned(),
        lead: agencies(get(col::LEAD), gaz),
        coordinating: agencies(get(col::COORD), gaz),
        deadline,
        output: get(col::OUTPUT).cloned(),
        lines: row.lines,
    }
}

fn year_of_group(row: &Row) -> Option<i32> {
    row.group.iter().rev().find_map(|g| {
        regex!(r"\b(20\d\d)\b").captures(g).and_then(|c| c.get(1)).and_then(|y| y.as_str().parse().ok())
    })
}

/// The record's unit (`%`, `rank`, `doanh nghiệp`) and the base of a share (`GRDP`, `dân số`).
fn unit_and_base(cell: Option<&str>) -> (Option<String>, Option<String>) {
    let Some(cell) = cell.map(str::trim).filter(|c| !c.is_empty()) else { return (None, None) };
    if let Some(rest) = cell.strip_prefix('%') {
        let rest = rest.trim();
        if rest.is_empty() || rest.starts_with('/') {
            return (Some(cell.replace(' ', "")), None);
        }
        return (Some("%".to_string()), Some(rest.to_string()));
    }
    if fold(cell) == "thu bac" {
        return (Some("rank".to_string()), None);
    }
    let lower: Vec<String> = cell
        .split_whitespace()
        .map(|w| if w.chars().filter(|c| c.is_alphabetic()).all(|c| c.is_uppercase()) { w.to_string() } else { w.chars().map(vn::lower_char).collect() })
        .collect();
    (Some(lower.join(" ")), None)
}

fn targets_of(row: &Row, cols: &[Column]) -> Vec<Target> {
    let indicator = row.cells.get(col::INDICATOR).cloned().unwrap_or_default();
    let (unit, base) = unit_and_base(row.cells.get(col::UNIT).map(String::as_str));
    let text = {
        let mut parts: Vec<String> = Vec::new();
        if let Some(s) = &row.stt {
            parts.push(s.clone());
        }
        for c in cols {
            if let Some(v) = row.cells.get(&c.name) {
                parts.push(v.clone());
            }
        }
        parts.join(" | ")
    };
    let mut out = Vec::new();
    for c in cols {
        if c.ty != ColType::Value || c.name == col::BASELINE {
            continue;
        }
        let Some(v) = row.cells.get(&c.name) else { continue };
        if v.trim_matches(|ch: char| ch == '-' || ch.is_whitespace()).is_empty() {
            continue;
        }
        let (comparator, value, value_max) = parse_value(v);
        out.push(Target {
            section: None,
            item: row.stt.clone(),
            indicator: indicator.clone(),
            key: None,
            comparator,
            value,
            value_max,
            unit: unit.clone(),
            base: base.clone(),
            year: c.year.or_else(|| year_of_group(row)),
            text: text.clone(),
            lines: row.lines,
            confidence: 0.6,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stt_candidates() {
        assert_eq!(stt_candidate("12. Số lượng").map(|c| c.0), Some(Some(12)));
        assert_eq!(stt_candidate("o5 Xây dựng").map(|c| c.0), Some(None));
        assert!(stt_candidate("og. | đường").is_some());
        assert!(stt_candidate("2030 Sở Thông tin").is_none());
        assert!(stt_candidate("107/2021/NĐ-CP của").is_none());
        assert!(stt_candidate("0% /năm").is_none());
    }

    #[test]
    fn values() {
        assert_eq!(parse_value("≥ 1,5"), (Some(Comparator::Gte), Some(1.5), None));
        assert_eq!(parse_value(">90"), (Some(Comparator::Gt), Some(90.0), None));
        assert_eq!(parse_value("15-20"), (Some(Comparator::Range), Some(15.0), Some(20.0)));
        assert_eq!(parse_value("1.000"), (None, Some(1000.0), None));
        assert_eq!(parse_value("Có").1, None);
    }

    #[test]
    fn headings() {
        assert!(heading("III. | Tăng cường đầu tư, hoàn thiện hạ tầng", Kind::Task).is_some());
        assert!(heading("| PHÁT TRIỂN HẠ TẦNG", Kind::Target).is_some());
        assert!(heading("II Đến năm 2045", Kind::Target).is_some());
        assert!(heading("Tuyên truyền thường xuyên", Kind::Task).is_none());
    }

    #[test]
    fn never_panics_on_odd_input() {
        let texts = ["Phụ lục I", "STT Tên nhiệm vụ Cơ quan chủ trì Thời gian", "1 ", "| |", "ẞ 2. ǅ", "9999 x"];
        let inputs: Vec<Input> = texts.iter().enumerate().map(|(i, t)| Input { n: i as u32 + 1, text: t, role: Role::Content }).collect();
        let app = Appendix { label: "I".into(), title: None, lines: Some(LineSpan(1, texts.len() as u32)) };
        let _ = rebuild(&inputs, &[app]);
    }
}
