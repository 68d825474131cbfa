//! A small taxonomy of the indicators Resolution 57 plans share (`5g_coverage`,
//! `digital_economy_grdp`, `dti_rank`, …), as keyword rules in `indicators.tsv`.

use super::fold::fold;
use std::sync::OnceLock;

const DATA: &str = include_str!("indicators.tsv");

/// One indicator of the taxonomy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Indicator {
    /// Stable key (`5g_coverage`).
    pub key: String,
    /// English label.
    pub label: String,
    /// `%`, `rank`, `count`, `index` or `*`.
    pub unit: String,
    /// All-of groups of any-of alternatives (folded); a leading `!` negates a group.
    groups: Vec<(bool, Vec<String>)>,
}

/// The indicators, in rule order.
pub fn indicators() -> &'static [Indicator] {
    static LIST: OnceLock<Vec<Indicator>> = OnceLock::new();
    LIST.get_or_init(|| {
        let mut out = Vec::new();
        for line in DATA.lines() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 4 {
                continue;
            }
            let groups = f[3]
                .split(" + ")
                .map(|g| {
                    let g = g.trim();
                    let (neg, g) = match g.strip_prefix('!') {
                        Some(rest) => (true, rest),
                        None => (false, g),
                    };
                    (neg, g.split(" | ").map(|a| fold(a.trim())).filter(|a| !a.is_empty()).collect())
                })
                .collect();
            out.push(Indicator { key: f[0].trim().to_string(), label: f[1].trim().to_string(), unit: f[2].trim().to_string(), groups });
        }
        out
    })
}

fn words(s: &str) -> Vec<&str> {
    s.split(|c: char| !(c.is_alphanumeric() || c == '&')).filter(|w| !w.is_empty()).collect()
}

/// True when the words of `phrase` occur in `hay` in a row. In phrases of three words or
/// more, one word may differ by one letter (same first letter), so that a restoration slip
/// (`kinh tỷ số` for `kinh tế số`) still matches.
fn contains_phrase(hay: &[&str], phrase: &[&str]) -> bool {
    if phrase.is_empty() || hay.len() < phrase.len() {
        return false;
    }
    let fuzzy = phrase.len() >= 3;
    hay.windows(phrase.len()).any(|w| {
        let mut slips = 0;
        for (a, b) in w.iter().zip(phrase) {
            if a == b {
                continue;
            }
            let close = fuzzy
                && a.chars().next() == b.chars().next()
                && strsim::levenshtein(a, b) <= 1
                && a.chars().count() >= 2;
            if !close {
                return false;
            }
            slips += 1;
        }
        slips <= 1
    })
}

fn unit_kind(unit: Option<&str>, has_value: bool) -> &'static str {
    if !has_value {
        return "none";
    }
    match unit {
        Some(u) if u.starts_with('%') => "%",
        Some("rank") => "rank",
        Some(_) => "count",
        None => "index",
    }
}

/// The key of the first indicator whose rule matches `text` (indicator phrase and
/// sentence) and whose unit kind fits.
///
/// ```
/// use kehoach::extract::taxonomy::classify;
/// assert_eq!(classify("Tỷ lệ phủ sóng 5G trên địa bàn", Some("%"), true), Some("5g_coverage"));
/// assert_eq!(classify("Quy mô kinh tế số đạt tối thiểu 30% GRDP", Some("%"), true), Some("digital_economy_grdp"));
/// ```
pub fn classify(text: &str, unit: Option<&str>, has_value: bool) -> Option<&'static str> {
    let f = fold(text);
    let hay = words(&f);
    let mut kind = unit_kind(unit, has_value);
    // A table row `Chỉ số … (PII) | Thứ bậc | < 25` keeps its rank in the words.
    if kind == "index" && ["thu bac", "xep hang", "thu hang"].iter().any(|w| f.contains(w)) {
        kind = "rank";
    }
    for ind in indicators() {
        if ind.unit != "*" && ind.unit != kind {
            continue;
        }
        let ok = ind.groups.iter().all(|(neg, alts)| {
            let any = alts.iter().any(|a| contains_phrase(&hay, &words(a)));
            any != *neg
        });
        if ok {
            return Some(ind.key.as_str());
        }
    }
    None
}

/// The label of a key.
pub fn label(key: &str) -> Option<&'static str> {
    indicators().iter().find(|i| i.key == key).map(|i| i.label.as_str())
}
