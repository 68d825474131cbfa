//! Stage 6, extract: targets, tasks, agencies, deadlines.
//!
//! Targets come from the prose: every item of a target section (a part or item headed
//! `CHỈ TIÊU`/`MỤC TIÊU`, except `Mục tiêu chung`) and any clause elsewhere that states a
//! quantified goal. Each quantity of a clause (see [`numbers`]) becomes a target with its
//! comparator, unit, base, year (the clause's own `đến năm 2030`, else the nearest heading
//! horizon, else the plan's year) and indicator phrase; an item of a target section
//! without a number is a target with value `null`. The taxonomy ([`taxonomy`]) gives keys.
//!
//! Tasks come from sections led by an agency (`Sở Khoa học và Công nghệ:`, `Văn phòng Tỉnh
//! ủy chủ trì:`, `Trách nhiệm của UBND tỉnh`) and from items that name their lead
//! (`Sở Tài chính chủ trì, phối hợp với …`); trailing deadline sentences are parsed with
//! [`deadline::parse`]. Appendix lines and footnotes are left to the table stage.

pub mod agency;
pub mod deadline;
mod fold;
pub mod numbers;
pub mod taxonomy;

use crate::clean::Role;
use crate::record::{Comparator, Diagnostic, Level, LineSpan, Section, Target, Task};
use crate::structure::{Input, Structure};
use crate::vn;
use fold::{Folded, fold};
use regex::Regex;
use std::collections::{BTreeMap, HashSet};
use std::sync::OnceLock;

/// What the extract stage found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Extracted {
    /// Targets from the prose.
    pub targets: Vec<Target>,
    /// Tasks from the prose.
    pub tasks: Vec<Task>,
    /// What was guessed or could not be parsed.
    pub diagnostics: Vec<Diagnostic>,
}

/// A stretch of text built from whole lines, with the line each byte came from.
struct Text {
    text: String,
    /// (byte offset where the line starts in `text`, line number)
    starts: Vec<(usize, u32)>,
}

impl Text {
    fn line_at(&self, byte: usize) -> u32 {
        let i = self.starts.partition_point(|(s, _)| *s <= byte);
        self.starts.get(i.saturating_sub(1)).map(|(_, n)| *n).unwrap_or(0)
    }

    fn span(&self, start: usize, end: usize) -> LineSpan {
        let a = self.line_at(start);
        let b = self.line_at(end.saturating_sub(1).max(start));
        LineSpan(a.min(b), a.max(b))
    }
}

struct Res {
    marker: Regex,
    horizon: Regex,
    clause_year: Regex,
    goal_cue: Regex,
    target_heading: Regex,
    general_heading: Regex,
    lead_in: Regex,
    leading_filler: Regex,
    trailing_cue: Regex,
    status: Regex,
    horizon_in_clause: Regex,
    completion: Regex,
    horizon_prefix: Regex,
    support_rate: Regex,
    report_heading: Regex,
    phrase_noise: Regex,
    deadline_tail: Regex,
}

fn res() -> &'static Res {
    static R: OnceLock<Res> = OnceLock::new();
    R.get_or_init(|| Res {
        marker: Regex::new(r"^\s*(?:[-–+•*·]+|[IVXLCivxlc]{1,5}[.)]|\d{1,2}(?:\.\d{1,2}){0,3}[.)]?|[a-zđA-ZĐ][.)])\s+").unwrap(),
        horizon: Regex::new(r"\b(?:den|trong|toi|nam|giai doan|het)\s+(?:het\s+)?(?:nam\s+)?((?:20|19)\d\d)\b").unwrap(),
        clause_year: Regex::new(r"\b(?:den|toi|trong|vao)\s+(?:het\s+|cuoi\s+)?nam\s+((?:20|19)\d\d)\b|\bnam\s+((?:20|19)\d\d)\b").unwrap(),
        goal_cue: Regex::new(
            r"\b(?:dat|toi thieu|it nhat|phan dau|dam bao|bao dam|tro len|khong thap hon|khong duoi|muc tieu|chi tieu|hang nam|hoan thanh|nang|tang|giam|duy tri|thuoc nhom|top)\b|[≥≤]",
        )
        .unwrap(),
        target_heading: Regex::new(r"^\W*(?:cac\s+)?(?:chi tieu|muc tieu)\b|^\W*(?:den|trong|giai doan)\s+(?:het\s+)?(?:nam\s+)?(?:19|20)\d\d\W*$").unwrap(),
        general_heading: Regex::new(r"\b(?:muc tieu chung|muc dich|quan diem)\b").unwrap(),
        lead_in: Regex::new(r"\b(?:chu tri|lanh dao|chi dao|trach nhiem cua|giao|thuc hien|tham muu)\b").unwrap(),
        leading_filler: Regex::new(
            r"^(?:(?:co|phan dau|phan dau co|dam bao|bao dam|hang nam|moi nam|trong do|(?:den|trong|toi|vao)\s+(?:het\s+|cuoi\s+)?(?:nam\s+)?(?:19|20)\d\d)\b[\s,:]*)+",
        )
        .unwrap(),
        horizon_in_clause: Regex::new(r"\b(?:den|toi|trong)\s+(?:het\s+)?nam\s+((?:20|19)\d\d)\b").unwrap(),
        completion: Regex::new(r"\b(?:hoan thanh|phu song|phu kin|dat chuan|pho cap|toan (?:tinh|thi xa|huyen|thanh pho|quoc))\b").unwrap(),
        horizon_prefix: Regex::new(r"^\W*(?:den|trong|toi|giai doan)\s+(?:het\s+|cuoi\s+)?(?:nam\s+)?(?:19|20)\d\d(?:\s*-\s*(?:19|20)\d\d)?").unwrap(),
        support_rate: Regex::new(r"^\W*(?:ho tro|mien|giam|tro cap|tai tro|dieu kien)\b").unwrap(),
        status: Regex::new(r"\b(?:da dat|hien nay|hien tai|nam 202[0-4]|so voi cung ky|tinh den nay|ket qua dat duoc|chiem)\b").unwrap(),
        deadline_tail: Regex::new(
            r"(?:\([^()]*\b(?:hoan thanh|thoi gian|thoi han|thuong xuyen|hang nam|hang quy|quy [ivx1-4]+|thang \d|truoc ngay|nam 20\d\d)\b[^()]*\)|[;,.]\s*(?:thoi gian|thoi han)(?: hoan thanh| thuc hien)?\s*:[^;]*)\s*[.;]?\s*$",
        )
        .unwrap(),
        phrase_noise: Regex::new(
            r"^[\s,;:.()]*(?:va|hoac|tro len|grdp|gdp|dan so|(?:vao|den|trong|toi)?\s*(?:het\s+|cuoi\s+)?nam\s+(?:19|20)\d\d)\b[\s,;:.]*|[\s,;:.]*\b(?:va|hoac|(?:vao|den|trong|toi)?\s*(?:het\s+|cuoi\s+)?nam\s+(?:19|20)\d\d)[\s,;:.]*$",
        )
        .unwrap(),
        report_heading: Regex::new(
            r"\b(?:thuc trang|tinh hinh|ket qua dat duoc|ket qua thuc hien|ket qua trien khai|danh gia|han che|ton tai|nguyen nhan|bai hoc|boi canh)\b",
        )
        .unwrap(),
        trailing_cue: Regex::new(
            r"(?:\s|[,:≥≤<>=?~¿]|\b(?:phan dau|dat|toi thieu|it nhat|tren|duoi|khong qua|khong thap hon|khong duoi|khoang|xap xi|toi da|co|la|o muc|muc|duy tri|dat muc|trung binh|thuoc|vuot|top|nhom|xep hang|thu bac|thu hang|hang)\b)+$",
        )
        .unwrap(),
    })
}

/// The sections as a tree: own lines (not covered by a child) and ancestors.
struct Tree<'a> {
    sections: &'a [Section],
    parent: Vec<Option<usize>>,
    has_child: Vec<bool>,
}

impl<'a> Tree<'a> {
    fn new(sections: &'a [Section]) -> Tree<'a> {
        let mut parent = vec![None; sections.len()];
        let mut has_child = vec![false; sections.len()];
        let mut stack: Vec<usize> = Vec::new();
        for (i, s) in sections.iter().enumerate() {
            while let Some(&top) = stack.last() {
                let t = &sections[top];
                if t.level < s.level && t.lines.0 <= s.lines.0 && s.lines.1 <= t.lines.1 {
                    break;
                }
                stack.pop();
            }
            if let Some(&top) = stack.last() {
                parent[i] = Some(top);
                has_child[top] = true;
            }
            stack.push(i);
        }
        Tree { sections, parent, has_child }
    }

    fn ancestors(&self, i: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut cur = self.parent.get(i).copied().flatten();
        while let Some(p) = cur {
            out.push(p);
            cur = self.parent[p];
        }
        out
    }

    /// Lines of section `i` not inside a child section.
    fn own_lines(&self, i: usize) -> Vec<u32> {
        let s = &self.sections[i];
        let children: Vec<LineSpan> =
            (i + 1..self.sections.len()).filter(|&j| self.parent[j] == Some(i)).map(|j| self.sections[j].lines).collect();
        (s.lines.0..=s.lines.1).filter(|n| !children.iter().any(|c| c.0 <= *n && *n <= c.1)).collect()
    }

    /// The heading of a section; for an item without one, a short text (`Mục tiêu cụ thể:`)
    /// or the horizon its text opens with (`Đến năm 2025: …`).
    fn title(&self, i: usize) -> String {
        let s = &self.sections[i];
        if let Some(h) = &s.heading {
            return h.clone();
        }
        let t = s.text.trim();
        if t.split_whitespace().count() <= 8 {
            return t.to_string();
        }
        let f = Folded::new(t);
        match res().horizon_prefix.find(&f.text) {
            Some(m) => t[..f.orig_end(m.end(), t)].to_string(),
            None => String::new(),
        }
    }
}

/// Finds targets and tasks in the plan's prose (tables are the table stage's).
pub fn extract(lines: &[Input<'_>], structure: &Structure) -> Extracted {
    let mut out = Extracted::default();
    let mut excluded: HashSet<u32> = HashSet::new();
    for a in &structure.appendices {
        if let Some(l) = a.lines {
            excluded.extend(l.0..=l.1);
        }
    }
    for f in &structure.footnotes {
        if let Some(l) = f.lines {
            excluded.extend(l.0..=l.1);
        }
    }
    let by_n: BTreeMap<u32, &Input<'_>> =
        lines.iter().filter(|l| l.role == Role::Content && !excluded.contains(&l.n)).map(|l| (l.n, l)).collect();
    let plan_year = structure.document.date.as_deref().and_then(|d| d.get(0..4)).and_then(|y| y.parse::<i32>().ok());
    let tree = Tree::new(&structure.sections);
    let gazetteer = agency::Gazetteer::new();
    let mut seen: HashSet<(u32, u32, u64)> = HashSet::new();
    for i in 0..structure.sections.len() {
        let own = tree.own_lines(i);
        let text = build_text(&own, &by_n, &structure.sections[i]);
        if text.text.trim().is_empty() {
            continue;
        }
        let ancestors = tree.ancestors(i);
        let chain: Vec<usize> = std::iter::once(i).chain(ancestors.iter().copied()).collect();
        let in_targets = chain.iter().any(|&j| {
            let t = fold(&tree.title(j));
            res().target_heading.is_match(&t) && !res().general_heading.is_match(&t)
        }) && !chain.iter().any(|&j| res().general_heading.is_match(&fold(&tree.title(j))));
        let horizon = chain.iter().skip(1).find_map(|&j| horizon_year(&tree.title(j))).or_else(|| {
            // The section's own heading (`2.1. Đến hết năm 2025`) sets the horizon of its body.
            structure.sections[i].heading.as_deref().and_then(horizon_year)
        });
        let section = &structure.sections[i];
        let leaf = !tree.has_child[i];
        // A part that reviews the past (`Thực trạng`, `Kết quả đạt được`) states results, not goals.
        if !in_targets && chain.iter().any(|&j| res().report_heading.is_match(&fold(&tree.title(j)))) {
            tasks_of(&text, i, &tree, &gazetteer, &mut out);
            continue;
        }
        targets_of(&text, section, in_targets, leaf, horizon.or(plan_year), &mut out, &mut seen);
        tasks_of(&text, i, &tree, &gazetteer, &mut out);
    }
    let doubtful: Vec<String> =
        out.targets.iter().filter(|t| t.confidence < 0.6).map(|t| format!("{}-{}", t.lines.0, t.lines.1)).collect();
    if !doubtful.is_empty() {
        let first = out.targets.iter().filter(|t| t.confidence < 0.6).map(|t| t.lines).reduce(|a, b| a.join(b));
        let mut d = Diagnostic::new(
            Level::Info,
            "target-low-confidence",
            format!("{} target(s) in text that looks badly restored, at lines {}", doubtful.len(), doubtful.join(", ")),
        );
        if let Some(span) = first {
            d = d.at(span);
        }
        out.diagnostics.push(d);
    }
    let unparsed = out.targets.iter().filter(|t| t.value.is_none()).count();
    if unparsed > 0 {
        out.diagnostics.push(Diagnostic::new(
            Level::Info,
            "qualitative-targets",
            format!("{unparsed} target(s) without a number (value null)"),
        ));
    }
    out
}

fn build_text(own: &[u32], by_n: &BTreeMap<u32, &Input<'_>>, section: &Section) -> Text {
    let mut text = String::new();
    let mut starts = Vec::new();
    let mut first = true;
    for n in own {
        let Some(l) = by_n.get(n) else { continue };
        let mut t = l.text.trim();
        if first {
            // The item's marker is not part of its text.
            if *n == section.lines.0 {
                if let Some(m) = res().marker.find(t) {
                    t = &t[m.end()..];
                }
            }
            first = false;
        }
        if !text.is_empty() {
            // Hyphenated wraps are rare in these plans; join with a space.
            text.push(' ');
        }
        starts.push((text.len(), *n));
        text.push_str(t);
    }
    Text { text, starts }
}

fn horizon_year(title: &str) -> Option<i32> {
    let f = fold(title);
    res().horizon.captures_iter(&f).last().and_then(|c| c.get(1)).and_then(|m| m.as_str().parse().ok())
}

/// Sentences (split at `.`/`!`/`?` before a capital or the end) and their clauses (split
/// at `;`), as byte ranges.
fn sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        if c == '.' || c == '!' {
            // Not inside a number (`1.700`) or an abbreviation run (`...`).
            let prev = k.checked_sub(1).map(|p| chars[p].1);
            let next = chars.get(k + 1).map(|x| x.1);
            if prev.map(|p| p.is_ascii_digit()).unwrap_or(false) && next.map(|n| n.is_ascii_digit()).unwrap_or(false) {
                continue;
            }
            let after: String = chars[k + 1..].iter().map(|x| x.1).take(3).collect();
            let after = after.trim_start();
            let ends = after.is_empty() || (next == Some(' ') && after.starts_with(|c: char| c.is_uppercase() || c == '-' || c == '(' || c.is_ascii_digit()));
            if ends {
                out.push((start, i + 1));
                start = i + 1;
            }
        }
    }
    if start < text.len() && !text[start..].trim().is_empty() {
        out.push((start, text.len()));
    }
    out
}

fn clauses(text: &str, s: usize, e: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = s;
    let mut depth = 0i32;
    for (i, c) in text[s..e].char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ';' if depth <= 0 => {
                out.push((start, s + i));
                start = s + i + 1;
            }
            _ => {}
        }
    }
    out.push((start, e));
    out
}

/// A sentence that reports what was done (`đã`, `hiện có`, `ước đạt`, `lũy kế`), read on the
/// restored text (marks tell `đã` from `đa`).
fn is_report(clause: &str, at: usize) -> bool {
    let lower = clause.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let has = |a: &str, b: &str| words.windows(2).any(|w| w[0] == a && w[1] == b);
    // `đã` before the number (`… đã đạt 72%`), not in a relative clause after it
    // (`100% dữ liệu mở theo kế hoạch đã ban hành`).
    let before = clause.get(..at).unwrap_or("").to_lowercase();
    let reported = before.split(|c: char| !c.is_alphanumeric()).any(|w| w == "đã");
    reported || has("hiện", "có") || has("ước", "đạt") || has("ước", "tính") || has("lũy", "kế") || has("cùng", "kỳ") || has("đến", "nay")
}

/// 0..1: how clean the words of a span look (restored words are valid syllables).
fn text_quality(s: &str) -> f64 {
    let mut total = 0usize;
    let mut bad = 0usize;
    for w in s.split(|c: char| c.is_whitespace() || ",;:()\"“”".contains(c)) {
        let w = w.trim_matches(|c: char| ".!?-–".contains(c));
        if w.is_empty() || w.chars().any(|c| c.is_ascii_digit()) || w.chars().all(|c| !c.is_alphabetic()) {
            continue;
        }
        total += 1;
        let letters = w.chars().all(|c| c.is_alphabetic());
        let upper = w.chars().filter(|c| c.is_alphabetic()).all(|c| c.is_uppercase());
        if letters && (vn::Syllable::parse(w).is_some() || (upper && w.chars().all(|c| c.is_ascii()))) {
            continue;
        }
        if letters && w.chars().all(|c| c.is_ascii()) && w.len() >= 3 && !vn::has_vietnamese_marks(w) && w.chars().next().map(|c| c.is_uppercase()).unwrap_or(false) {
            // A Latin name (`Scopus`, `Data`).
            continue;
        }
        bad += 1;
    }
    if total == 0 { 1.0 } else { 1.0 - bad as f64 / total as f64 }
}

fn clean_phrase(s: &str) -> String {
    let mut t = s.trim().trim_matches(|c: char| c.is_whitespace() || ",;:.-–".contains(c)).trim();
    // Unbalanced brackets at either end.
    loop {
        let before = t;
        if t.ends_with('(') || (t.ends_with(')') && t.matches('(').count() < t.matches(')').count()) {
            t = t[..t.len() - 1].trim_end_matches(|c: char| c.is_whitespace() || ",;:.-–".contains(c));
        }
        if t.starts_with(')') || (t.starts_with('(') && t.matches('(').count() > t.matches(')').count()) {
            t = t[1..].trim_start_matches(|c: char| c.is_whitespace() || ",;:.-–".contains(c));
        }
        if t == before {
            break;
        }
    }
    let mut out = t.split_whitespace().collect::<Vec<_>>().join(" ");
    if out.chars().count() > 160 {
        out = out.chars().take(160).collect::<String>().trim_end().to_string() + "…";
    }
    out
}

/// The indicator phrase written before a quantity: the clause up to its comparator cue.
fn phrase_before(s: &str) -> String {
    let f = Folded::new(s);
    let mut start = 0;
    if let Some(m) = res().leading_filler.find(&f.text) {
        start = m.end();
    }
    let mut end = f.text.len();
    if let Some(m) = res().trailing_cue.find(&f.text[start..]) {
        end = start + m.start();
    }
    if end <= start {
        return String::new();
    }
    let mut phrase = clean_phrase(&s[f.orig(start)..f.orig_end(end, s)]);
    // `từ` (from) before the number, not `tử` (`điện tử`): told apart by the marks.
    for cue in [" từ", " Từ"] {
        if let Some(p) = phrase.strip_suffix(cue) {
            phrase = clean_phrase(p);
        }
    }
    if phrase == "từ" || phrase == "Từ" {
        phrase.clear();
    }
    phrase
}

fn targets_of(
    text: &Text,
    section: &Section,
    in_targets: bool,
    leaf: bool,
    default_year: Option<i32>,
    out: &mut Extracted,
    seen: &mut HashSet<(u32, u32, u64)>,
) {
    let t = text.text.as_str();
    let item = if section.marker.is_empty() { None } else { Some(section.marker.clone()) };
    let mut found_any = false;
    for (ss, se) in sentences(t) {
        let sentence = clean_phrase(&t[ss..se]);
        let sentence_year = {
            let f = fold(&t[ss..se]);
            year_in(&f)
        };
        let mut prev_indicator: Option<String> = None;
        for (cs, ce) in clauses(t, ss, se) {
            let clause = &t[cs..ce];
            let qs = numbers::quantities(clause);
            let fc = fold(clause);
            if qs.is_empty() {
                // `hoàn thành phủ sóng … (5G, cáp quang) … đến năm 2030`: a dated commitment
                // to a known indicator, without a number.
                if !in_targets {
                    if let Some(t) = dated_commitment(clause, &fc, section, &item, text, cs, ce, &sentence) {
                        if seen.insert((t.lines.0, t.lines.1, u64::MAX)) {
                            found_any = true;
                            out.targets.push(t);
                        }
                    }
                }
                continue;
            }
            let goal = in_targets || res().goal_cue.is_match(&fc);
            let qs_starts: Vec<usize> = qs.iter().map(|q| q.start).collect();
            let mut last = 0usize;
            for q in qs {
                let strong = q.unit.as_deref().map(|u| u.starts_with('%') || u == "rank").unwrap_or(false)
                    || matches!(q.comparator, Some(Comparator::Gte | Comparator::Gt | Comparator::Lte | Comparator::Lt | Comparator::Range));
                // Outside the target sections, report sentences (`đã`, `hiện có`, `ước đạt`)
                // and support rates (`Hỗ trợ 50% chi phí`) are not goals.
                let status = !in_targets && (res().status.is_match(&fc) || is_report(clause, q.start) || res().support_rate.is_match(&fc));
                let pct = q.unit.as_deref().map(|u| u.starts_with('%')).unwrap_or(false);
                if status || !(goal || pct) || (!in_targets && !strong) {
                    last = q.end;
                    continue;
                }
                // Indicator: before the quantity, or (`100% cán bộ … được bồi dưỡng`) after it.
                let before = phrase_before(&clause[last.min(q.start)..q.start]);
                let next = qs_starts.iter().copied().find(|&s| s > q.start);
                let next_start = next.unwrap_or(clause.len());
                // With another quantity to come, this one's words end at the next comma
                // (`98% người dân có tài khoản định danh, tỷ lệ … chữ ký số ≥ 10%`).
                let own_end = match next {
                    Some(n) => clause[q.end.min(n)..n].find([',', ';']).map(|c| q.end.min(n) + c).unwrap_or(n),
                    None => next_start,
                };
                // Inside brackets (`(trong đó ngoài ngân sách từ 60% trở lên)`), the quantity's
                // words end at the closing bracket.
                let opened = clause[..q.start].matches('(').count() > clause[..q.start].matches(')').count();
                let own_end = match clause[q.end.min(own_end)..own_end].find(')') {
                    Some(c) if opened => q.end.min(own_end) + c,
                    _ => own_end,
                };
                let after = strip_horizon(&clean_phrase(&clause[q.end.min(own_end)..own_end]));
                let before = strip_horizon(&before);
                let nb = before.split_whitespace().count();
                let na = after.split_whitespace().count();
                let indicator = if nb >= 3 || (nb >= 2 && na < 2) {
                    before
                } else if na >= 2 {
                    // `100% cán bộ … được bồi dưỡng`, `Phát triển tối thiểu 80% công dân số`.
                    if nb > 0 { format!("{before} {after}") } else { after.clone() }
                } else {
                    prev_indicator.clone().unwrap_or_else(|| clean_phrase(clause))
                };
                prev_indicator = Some(indicator.clone());
                // The year written next to this quantity (`15% GRDP vào năm 2025 và tối
                // thiểu 30% GRDP vào năm 2030`), else the clause's, the sentence's, the heading's.
                let year = year_in(&fold(&clause[q.end.min(next_start)..next_start]))
                    .or_else(|| year_in(&fold(&clause[last.min(q.start)..q.start])))
                    .or_else(|| year_in(&fold(clause)))
                    .or(sentence_year)
                    .or(default_year);
                let span = text.span(cs + q.start, cs + q.end);
                let sent_span = text.span(ss, se);
                // The quantity and a few words around it (not the rest of a long clause).
                let tail_end = clause[q.end.min(own_end)..own_end]
                    .char_indices()
                    .filter(|(_, c)| c.is_whitespace())
                    .nth(8)
                    .map(|(k, _)| q.end.min(own_end) + k)
                    .unwrap_or(own_end);
                let local = &clause[last.min(q.start)..tail_end];
                let key_text = format!("{indicator} {local}");
                let key = taxonomy::classify(&key_text, q.unit.as_deref(), true).map(str::to_string);
                let quality = text_quality(&t[ss..se]);
                let mut confidence = 0.5 + 0.45 * quality;
                if q.comparator.is_none() {
                    confidence -= 0.05;
                }
                if !in_targets {
                    confidence -= 0.1;
                }
                let id = (span.0, span.1, q.value.to_bits());
                if !seen.insert(id) {
                    continue;
                }
                found_any = true;
                out.targets.push(Target {
                    section: Some(section.path.clone()),
                    item: item.clone(),
                    indicator,
                    key,
                    comparator: q.comparator.or(if in_targets { Some(Comparator::Eq) } else { None }),
                    value: Some(q.value),
                    value_max: q.value_max,
                    unit: q.unit.clone(),
                    base: q.base.clone(),
                    year,
                    text: sentence.clone(),
                    lines: sent_span.join(span),
                    confidence: round2(confidence),
                });
                last = own_end.max(q.end);
            }
        }
    }
    // An item of a target section without a number is a qualitative target.
    if in_targets && leaf && !found_any && section.marker != "" && section.heading.is_none() {
        let body = clean_phrase(t);
        let fb = fold(&body);
        let words = body.split_whitespace().count();
        if words >= 3 && !fb.starts_with("chi tiet") && !fb.contains("phu luc") {
            let first_sentence = sentences(t).first().map(|&(s, e)| clean_phrase(&t[s..e])).unwrap_or_else(|| body.clone());
            let year = year_in(&fb).or(default_year);
            let key = taxonomy::classify(&body, None, false).map(str::to_string);
            let quality = text_quality(t);
            out.targets.push(Target {
                section: Some(section.path.clone()),
                item: item.clone(),
                indicator: first_sentence.trim_end_matches('.').to_string(),
                key,
                comparator: None,
                value: None,
                value_max: None,
                unit: None,
                base: None,
                year,
                text: body,
                lines: text.span(0, t.len()),
                confidence: round2(0.4 + 0.45 * quality),
            });
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn dated_commitment(
    clause: &str,
    fc: &str,
    section: &Section,
    item: &Option<String>,
    text: &Text,
    cs: usize,
    ce: usize,
    sentence: &str,
) -> Option<Target> {
    let year = res().horizon_in_clause.captures(fc).and_then(|c| c.get(1)).and_then(|m| m.as_str().parse::<i32>().ok())?;
    if !res().completion.is_match(fc) {
        return None;
    }
    let key = taxonomy::classify(clause, None, false)?;
    let quality = text_quality(clause);
    Some(Target {
        section: Some(section.path.clone()),
        item: item.clone(),
        indicator: clean_phrase(clause),
        key: Some(key.to_string()),
        comparator: None,
        value: None,
        value_max: None,
        unit: None,
        base: None,
        year: Some(year),
        text: sentence.to_string(),
        lines: text.span(cs, ce),
        confidence: round2(0.35 + 0.4 * quality),
    })
}

/// The target year written in a clause: the last `đến năm 2030`/`năm 2030`, not a base
/// year (`so với năm 2020`) or a start (`từ năm 2021`).
/// An indicator phrase without a base or horizon left at its ends (`GRDP vào năm 2030`,
/// `và`, `Đến năm 2025,`).
fn strip_horizon(s: &str) -> String {
    let f = Folded::new(s);
    let ft = f.text.as_str();
    let re = &res().phrase_noise;
    let mut start = 0;
    let mut end = ft.len();
    loop {
        let before = (start, end);
        if let Some(m) = re.find(&ft[start..end]) {
            if m.start() == 0 {
                start += m.end().max(1);
            } else if start + m.end() == end {
                end = start + m.start();
            }
        }
        if (start, end) == before || start >= end {
            break;
        }
    }
    if start >= end {
        return String::new();
    }
    clean_phrase(&s[f.orig(start)..f.orig_end(end, s)])
}

fn year_in(folded: &str) -> Option<i32> {
    res()
        .clause_year
        .captures_iter(folded)
        .filter(|c| {
            let start = c.get(0).map(|m| m.start()).unwrap_or(0);
            let before = folded[..start].trim_end();
            !(before.ends_with("so voi") || before.ends_with(" tu") || before == "tu" || before.ends_with("ke tu") || before.ends_with("bat dau tu"))
        })
        .last()
        .and_then(|c| c.get(1).or_else(|| c.get(2)))
        .and_then(|m| m.as_str().parse().ok())
}

fn round2(x: f64) -> f64 {
    (x.clamp(0.0, 1.0) * 100.0).round() / 100.0
}

/// Agencies of a lead-in: (directing, lead, coordinating), split at `lãnh đạo`/`chỉ đạo`
/// and `phối hợp`.
fn roles(text: &str, gazetteer: &agency::Gazetteer) -> (Option<String>, Vec<String>, Vec<String>) {
    let f = Folded::new(text);
    let ft = f.text.as_str();
    let orig_of = |needle: &str| ft.find(needle).map(|p| f.orig(p));
    let directing_at = orig_of("lanh dao").or_else(|| orig_of("chi dao"));
    let coord_at = orig_of("phoi hop");
    let mut directing = None;
    let mut lead = Vec::new();
    let mut coordinating = Vec::new();
    for m in gazetteer.find(text) {
        if let Some(d) = directing_at {
            if m.end <= d && directing.is_none() {
                directing = Some(m.canonical);
                continue;
            }
        }
        let coord = coord_at.map(|c| m.start >= c && m.start < c + coordination_end(&text[c..])).unwrap_or(false);
        if coord_at.map(|c| m.start >= c).unwrap_or(false) && !coord {
            continue;
        }
        let list = if coord { &mut coordinating } else { &mut lead };
        if !list.contains(&m.canonical) {
            list.push(m.canonical);
        }
    }
    (directing, lead, coordinating)
}

/// Where the `phối hợp với …` list ends: at the end of the sentence or clause, or at the
/// verb that follows it (`… tham mưu UBND tỉnh`: the council is the recipient).
fn coordination_end(s: &str) -> usize {
    let f = Folded::new(s);
    let ft = f.text.as_str();
    let mut end = ft.len();
    for stop in [". ", ";", ":", " tham muu", " de ", " nham", " trien khai", " thuc hien", " bao cao", " trinh ", " xay dung", " to chuc", " huong dan", " chi dao"] {
        if let Some(p) = ft.get(8..).and_then(|r| r.find(stop)) {
            end = end.min(p + 8);
        }
    }
    f.orig(end)
}

/// The lead-in of a section, when it names who leads its items.
fn lead_in(i: usize, tree: &Tree<'_>, gazetteer: &agency::Gazetteer) -> Option<(Option<String>, Vec<String>, Vec<String>)> {
    let s = &tree.sections[i];
    let head = match &s.heading {
        Some(h) => h.clone(),
        None => {
            // `Văn phòng Tỉnh ủy chủ trì:` written as the item's text up to a colon.
            let t = s.text.as_str();
            let colon = t.find(':')?;
            if colon > 160 {
                return None;
            }
            t[..colon].to_string()
        }
    };
    let found = gazetteer.find(&head);
    let first = found.first()?;
    // The agency must open the lead-in (after `Trách nhiệm của`), not be cited in passing.
    let before = fold(&head[..first.start]);
    let fh = fold(&head);
    let opens = before.trim().is_empty() || before.trim_end().ends_with("trach nhiem cua") || before.trim_end().ends_with("giao");
    // Otherwise the agency must be the subject of a leading verb (`Đảng ủy … lãnh đạo, UBND
    // tỉnh chủ trì`), not its object (`Tham mưu cho Ban Thường vụ`).
    let after = fold(&head[first.end..]);
    let leads = ["chu tri", "lanh dao", "chi dao", "phu trach"].iter().any(|v| after.trim_start().starts_with(v));
    if !opens && !(leads && res().lead_in.is_match(&fh)) {
        return None;
    }
    if !opens && before.split_whitespace().count() > 4 {
        return None;
    }
    let (directing, lead, coordinating) = roles(&head, gazetteer);
    if lead.is_empty() && directing.is_none() {
        return None;
    }
    Some((directing, lead, coordinating))
}

fn tasks_of(text: &Text, i: usize, tree: &Tree<'_>, gazetteer: &agency::Gazetteer, out: &mut Extracted) {
    let s = &tree.sections[i];
    let t = text.text.as_str();
    // The nearest lead-in among the section and its ancestors.
    let chain: Vec<usize> = std::iter::once(i).chain(tree.ancestors(i)).collect();
    let inherited = chain.iter().skip(1).find_map(|&j| lead_in(j, tree, gazetteer));
    let own = if tree.has_child[i] { None } else { lead_in(i, tree, gazetteer) };
    let content_full = clean_phrase(t);
    if content_full.split_whitespace().count() < 4 {
        return;
    }
    // Leaves only: a section with children is a heading or a lead-in.
    if tree.has_child[i] {
        return;
    }
    // An item that opens with its lead (`Sở Tài chính chủ trì, phối hợp với …`).
    let opening = {
        let found = gazetteer.find(t);
        let f = fold(t);
        match found.first() {
            Some(m) if fold(&t[..m.start]).trim().is_empty() && f.contains("chu tri") => Some(roles(
                &t[..t.find(['.', ':']).unwrap_or(t.len())],
                gazetteer,
            )),
            _ => None,
        }
    };
    let from_own = own.is_some();
    let Some((directing, lead, mut coordinating)) = own.or(opening).or(inherited) else { return };
    // Coordinating bodies named in the item itself (`phối hợp với Sở Tài chính`).
    let ft = Folded::new(t);
    if let Some(p) = ft.text.find("phoi hop") {
        let from = ft.orig(p);
        let upto = coordination_end(&t[from..]) + from;
        for m in gazetteer.find(&t[from..upto]) {
            if !coordinating.contains(&m.canonical) && !lead.contains(&m.canonical) {
                coordinating.push(m.canonical);
            }
        }
    }
    // Deadline: the trailing sentence(s) that hold one.
    let sents = sentences(t);
    let mut deadline = None;
    let mut content_end = t.len();
    for &(ss, se) in sents.iter().rev().take(2) {
        let sent = &t[ss..se];
        let fs = fold(sent);
        let short = sent.split_whitespace().count() <= 14;
        let cue = fs.contains("hoan thanh")
            || fs.contains("thuong xuyen")
            || fs.contains("thoi gian")
            || fs.contains("hang nam")
            || fs.starts_with("trien khai")
            || fs.starts_with("quy ")
            || fs.starts_with("thang ")
            || fs.starts_with("nam ")
            || fs.starts_with("truoc")
            || fs.starts_with("trong");
        if short && cue {
            if let Some(d) = deadline::parse(sent) {
                deadline = Some(d);
                content_end = ss;
                break;
            }
        }
    }
    // `Văn phòng Tỉnh ủy: Thực hiện …`: the content follows the lead-in.
    let heading_end = s.heading.as_deref().and_then(|h| {
        let h = h.trim().trim_end_matches(':').trim();
        t.strip_prefix(h).map(|_| h.len())
    });
    let content_start = match heading_end {
        Some(e) if e < content_end => {
            let rest = &t[e..];
            e + (rest.len() - rest.trim_start_matches(|c: char| c.is_whitespace() || c == ':').len())
        }
        _ if from_own => t.find(':').filter(|&c| c < 160 && c < content_end).map(|c| c + 1).unwrap_or(0),
        _ => 0,
    };
    // `… (hoàn thành trong Quý II/2026).`, `…; thời gian hoàn thành: năm 2026`.
    if deadline.is_none() {
        let f = Folded::new(t);
        if let Some(m) = res().deadline_tail.find(&f.text) {
            let (a, b) = (f.orig(m.start()), f.orig_end(m.end(), t));
            let seg = t[a..b].trim_matches(|c: char| c.is_whitespace() || "();.:".contains(c));
            let seg = seg.split_once(':').map(|(_, r)| r).unwrap_or(seg);
            if let Some(d) = deadline::parse(seg) {
                deadline = Some(d);
                content_end = content_end.min(a);
            }
        }
    }
    let content = clean_phrase(&t[content_start.min(content_end)..content_end]);
    if content.is_empty() {
        return;
    }
    out.tasks.push(Task {
        section: Some(s.path.clone()),
        content,
        directing,
        lead,
        coordinating,
        deadline,
        output: None,
        lines: text.span(0, t.len()),
    });
}
