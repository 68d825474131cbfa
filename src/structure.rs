//! Stage 4, structure: letterhead, section tree, signature block, appendices.
//!
//! The pipeline calls [`analyze`] with the restored lines and their layout roles. The
//! stage is built from small per-line rules, each with its own unit tests, and a tree
//! builder that puts their verdicts together in context. No rule knows a province, a
//! fixture or a line number.
//!
//! * **Letterhead** (the lines before the document type): the national motto
//!   (`CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM`, `Độc lập - Tự do - Hạnh phúc`,
//!   `ĐẢNG CỘNG SẢN VIỆT NAM`) is found by fuzzy word matching and cut off the line, since
//!   scans merge the two letterhead columns onto one line ([`split_motto`]). What is left,
//!   in upper case, names the issuing bodies: a line that starts with an administrative
//!   unit (`TỈNH BÌNH PHƯỚC`) completes the body above it (`ỦY BAN NHÂN DÂN` +
//!   `TỈNH BÌNH PHƯỚC`), a line that starts with a body (`THỊ ỦY BỈM SƠN`) is a body of
//!   its own; OCR damage to the usual body names is repaired (`PĂNG BỘ` → `ĐẢNG BỘ`)
//!   ([`issuers`]). The number (`Số: 57 /KH-UBND` → `57/KH-UBND`, OCR's `261-KHITU` →
//!   `261-KH/TU`, [`find_doc_number`]) and the place and date (`Bình Phước, ngày 23 tháng
//!   02 năm 2025`, OCR's `ngayi3 thangs`, [`find_place_date`]) may share a line with
//!   anything. The type is an upper-case line such as `KẾ HOẠCH` ([`doc_type`]); the title
//!   is the next line and the lines that continue it (a lower-case start, or no blank
//!   line and no final punctuation before it).
//! * **Preamble**: the lines from the title to the first part heading, kept in
//!   [`Structure::preamble`]. Every document number cited there or in the title becomes
//!   a [`Reference`] with the kind written before it and the date after it, once per
//!   number ([`find_references`]).
//! * **Markers**: [`classify_line`] reads the marker a line starts with. Ranks, outer
//!   first: Roman part (`I.`; OCR's `Il.`, `I11.`, `ii.`, `1V.`, `Hl.` when an upper-case
//!   heading follows), number (`1.`, then `1.1.`/`1.1`, `1.1.1.`; OCR's `|.`), letter
//!   (`a)`, `đ)`, `(a)`; OCR's `¢)`, `'b)`, `a,)`, `sở)`, a lost letter `)`), parenthesised
//!   number (`(1)`), dash bullet (`-`, `–`, `•`), plus bullet (`+`).
//! * **Tree builder**: each marker is checked against its context before it opens an
//!   item. Parts run in sequence (a damaged or backward numeral is the next part; an
//!   unreadable one, `Ừ. KINH PHÍ …`, before an upper-case heading too); numbers follow
//!   their siblings (1, or the previous plus one or two; a number after an unfinished
//!   sentence must be the next one; a number whose text OCR left in lower case is taken
//!   when it is the next one after a finished sentence); letters follow the letter
//!   sequence and take the expected letter when what was read is a look-alike
//!   ([`resolve_letter`]: a second `d)` is `đ)`, `1)` is `i)` or `l)`); a `(4)` that is not
//!   the next is an inline enumeration that wrapped. A dash or plus that follows a full
//!   line without final punctuation and starts in lower case (`chính trị` + `- xã hội`)
//!   or with a digit on the next line (`02` + `- 05%/năm`) continues that line. A line
//!   without an accepted marker continues the item before it.
//! * **Paths**: markers joined with `.` from the root: `III.3.1.a`. A part gives its
//!   Roman numeral, a numbered item its last number (`3.1` under `III.3` is `III.3.1`), a
//!   letter itself, a parenthesised number `(1)`; a bullet gives its kind and its rank
//!   among the bullets of that kind under the same parent: the second dash under
//!   `III.3.1.a` is `III.3.1.a.-2`, the first plus under that dash `III.3.1.a.-2.+1`. A
//!   path that would repeat gets `#2`, `#3` (diagnostic `duplicate-path`). `level` is the
//!   depth, 1 for parts (or for whatever is outermost when there are no parts).
//! * **Headings**: an item's first block is its first line and the lines that wrap it,
//!   up to final punctuation, or a short line (or a blank line, unless the line stops on
//!   a word such as `của`, `và`) followed by a capital. The block is the heading when it
//!   has no final punctuation (`.`, `;`, `:`, `,`, `!`, `?`), is at most 250 characters
//!   and the item goes on (sub-items or more text); an upper-case block is a heading; a
//!   part's heading is its upper-case line(s). A heading item's `text` is what comes
//!   under the heading before its sub-items; a paragraph item has no heading and its
//!   `text` is the paragraph. Wrapped lines are joined with a space (no space inside a
//!   number cut at `-` or `/`), paragraphs with `\n`. `Section::lines` runs from the
//!   marker line to the last line of the item and everything under it.
//! * **Layout noise**: page numbers and scanner noise (from the clean stage), junk lines
//!   with almost no valid words, and running headers (a short line repeated next to page
//!   numbers) are dropped, with an Info diagnostic `layout-dropped` giving the lines.
//!   Footnotes are kept apart in [`Structure::footnotes`]: where the body is wrapped at a
//!   width, a line much longer than the body's and the lines that continue it.
//! * **End matter**: it starts at `Trên đây là …` (kept in [`Structure::closing`]),
//!   `Nơi nhận:` or an authority line. Recipients are the dash lines (and the lines that
//!   continue an unfinished one), with the right column cut off: the signer's title,
//!   the name, and stamp junk after a `;` or `,` ([`is_junk_tail`]). The signer's title
//!   is the last authority line (`KT.`, `TM.`, `T/M`, `TL.`, `TUQ.`, [`find_title_run`])
//!   and the position lines after it, joined with ` / ` (`KT. CHỦ TỊCH / PHÓ CHỦ TỊCH`,
//!   `T/M BAN THƯỜNG VỤ / PHÓ BÍ THƯ`); the signer is a person's name in Title Case, a
//!   known surname preferred ([`person_name`]), wherever the columns put it.
//! * **Appendices**: `PHỤ LỤC I`, `Phụ lục II: …`, `PHỤ LỤC 01` at the start of a line
//!   after the end matter (or in upper case after the body) ([`appendix_heading`]); the
//!   title is the upper-case text after the label. They run to the next appendix or the
//!   end; their content is left to the table stage and kept out of the tree.
//!
//! Nothing here panics on any input or prints.

use crate::clean::Role;
use crate::record::{Diagnostic, Document, Level, LineSpan, Reference, Section};
use crate::vn;
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// One line as the structure stage sees it.
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    /// 1-based line number.
    pub n: u32,
    /// Restored text (the original when restoration is off).
    pub text: &'a str,
    /// Layout role from the clean stage.
    pub role: Role,
}

/// An appendix found in the text, handed to the table stage.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Appendix {
    /// Label as normalised (`I`, `II`).
    pub label: String,
    /// Title lines after the label, joined.
    pub title: Option<String>,
    /// Lines from the label to the end of the appendix.
    pub lines: Option<LineSpan>,
}

/// A stretch of text kept outside the section tree (preamble, closing paragraph).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Passage {
    /// The text, wrapped lines joined.
    pub text: String,
    /// Its lines.
    pub lines: Option<LineSpan>,
}

/// A footnote, kept apart from the paragraph it interrupts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Footnote {
    /// The footnote number when printed (`2`).
    pub label: Option<String>,
    /// The footnote text.
    pub text: String,
    /// Its lines.
    pub lines: Option<LineSpan>,
}

/// The structure of a plan.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Structure {
    /// Metadata.
    pub document: Document,
    /// Sections in document order.
    pub sections: Vec<Section>,
    /// Appendices.
    pub appendices: Vec<Appendix>,
    /// What was dropped or guessed.
    pub diagnostics: Vec<Diagnostic>,
    /// The preamble (`Căn cứ …`, `Thực hiện …`) between the title and the first part.
    pub preamble: Option<Passage>,
    /// The closing paragraph (`Trên đây là Kế hoạch …`) before the signature.
    pub closing: Option<Passage>,
    /// Footnotes found in the body.
    pub footnotes: Vec<Footnote>,
}

// ---------------------------------------------------------------------------------------
// Small text helpers
// ---------------------------------------------------------------------------------------

macro_rules! regex {
    ($re:expr) => {{
        static RE: OnceLock<Regex> = OnceLock::new();
        RE.get_or_init(|| compile_regex($re))
    }};
}

/// Compiles a hard-coded pattern (once, through [`regex!`]).
fn compile_regex(pattern: &str) -> Regex {
    Regex::new(pattern).expect("hard-coded regex")
}

/// Collapses runs of white space and trims.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Marks stripped, lower case: the key lines are compared on.
fn key(s: &str) -> String {
    vn::strip_marks(s).to_lowercase()
}

/// Letters and digits of a word, marks stripped, lower case (`"Số:"` → `"so"`).
fn word_key(s: &str) -> String {
    key(s).chars().filter(|c| c.is_alphanumeric()).collect()
}

fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// Opening quotes and brackets skipped when looking at how a text starts.
fn is_opener(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '\'' | '‘' | '’' | '(' | '[' | '«')
}

/// The first character after opening quotes and brackets.
fn lead_char(s: &str) -> Option<char> {
    s.chars().find(|c| !is_opener(*c) && !c.is_whitespace())
}

fn starts_upper(s: &str) -> bool {
    lead_char(s).is_some_and(|c| c.is_uppercase())
}

fn starts_lower(s: &str) -> bool {
    lead_char(s).is_some_and(|c| c.is_lowercase())
}

fn starts_digit(s: &str) -> bool {
    lead_char(s).is_some_and(|c| c.is_ascii_digit())
}

/// Ends with sentence punctuation (`.`, `;`, `:`, `!`, `?`), closing brackets and quotes
/// looked through.
fn ends_terminal(s: &str) -> bool {
    let t = s.trim_end_matches(|c: char| matches!(c, ')' | '"' | '”' | '’' | '\'' | '»' | ']') || c.is_whitespace());
    t.ends_with(['.', ';', ':', '!', '?', '…'])
}

/// Ends with any punctuation that closes a phrase, the comma included.
fn ends_punct(s: &str) -> bool {
    ends_terminal(s) || s.trim_end().ends_with(',')
}

/// Upper-case letters and all letters of a text.
fn case_counts(s: &str) -> (usize, usize) {
    let mut upper = 0;
    let mut letters = 0;
    for c in s.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        if c.is_uppercase() {
            upper += 1;
        }
    }
    (upper, letters)
}

/// Mostly upper case: at least `ratio` of at least `min` letters.
fn mostly_upper(s: &str, ratio: f64, min: usize) -> bool {
    let (u, l) = case_counts(s);
    l >= min && u as f64 >= ratio * l as f64
}

/// Strips punctuation around a word.
fn trim_word(w: &str) -> &str {
    w.trim_matches(|c: char| !c.is_alphanumeric())
}

/// A well-formed Vietnamese syllable in lower, Title or UPPER case.
fn is_syllable(w: &str) -> bool {
    let w = trim_word(w);
    if w.is_empty() || !w.chars().all(vn::is_vietnamese_letter) {
        return false;
    }
    !matches!(vn::case_of(w), vn::Case::Mixed) && vn::Syllable::parse(w).is_some()
}

/// An abbreviation in capitals (`UBND`, `KH&CN`, `HĐND`).
fn is_abbreviation(w: &str) -> bool {
    let w = trim_word(w);
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2 && char_len(w) <= 10 && w.chars().all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '&')
}

/// Words of a line that carry letters, and how many of them are valid (syllables,
/// abbreviations). Numbers are left out of both counts.
fn word_validity(s: &str) -> (usize, usize) {
    let mut valid = 0;
    let mut total = 0;
    for w in s.split_whitespace() {
        if !w.chars().any(|c| c.is_alphabetic()) {
            continue;
        }
        total += 1;
        if w.split(['/', '-']).filter(|p| !p.is_empty()).all(|p| is_syllable(p) || is_abbreviation(p)) {
            valid += 1;
        }
    }
    (valid, total)
}

fn fuzzy_eq(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (la, lb) = (char_len(a), char_len(b));
    if la < 3 || lb < 3 {
        return false;
    }
    let d = strsim::levenshtein(a, b);
    d <= 1 || (la >= 6 && lb >= 6 && d <= 2)
}

/// Joins wrapped lines: with a space, or with nothing after a number cut at its
/// separator (`266-` + `KH/TU`).
fn join_lines<S: AsRef<str>>(lines: &[S]) -> String {
    let mut out = String::new();
    for l in lines {
        let t = l.as_ref().trim();
        if t.is_empty() {
            continue;
        }
        if out.is_empty() {
            out.push_str(t);
            continue;
        }
        let mut tail = out.chars().rev();
        let last = tail.next();
        let before = tail.next();
        let glue = matches!(last, Some('-') | Some('/'))
            && before.is_some_and(|c| c.is_alphanumeric())
            && t.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
        if !glue {
            out.push(' ');
        }
        out.push_str(t);
    }
    out
}

// ---------------------------------------------------------------------------------------
// Per-line rules: markers
// ---------------------------------------------------------------------------------------

/// The marker a line starts with, as read (before the context checks of the builder).
#[derive(Clone, Debug, PartialEq)]
pub enum Marker {
    /// A Roman part (`I.`, `II.`, OCR's `Il.`, `I11.`, `ii.`, `1V.`). `clean` when the
    /// numeral was a well-formed upper-case one.
    Part {
        /// The value read.
        value: u32,
        /// Whether the numeral was read without repair.
        clean: bool,
    },
    /// A numbered item (`1.`, `1.1.`, `2.1`): its numbers, and whether it ended with a dot.
    Number {
        /// The numbers, outermost first.
        parts: Vec<u32>,
        /// A final period was printed.
        dot: bool,
    },
    /// A lettered point (`a)`, `đ)`, `(a)`): the letters the mark could be (OCR confuses
    /// `c`/`¢`, `l`/`1`/`i`, `o`/`0`); empty when the letter was lost (`) Chỉ số`).
    Letter(Vec<char>),
    /// A parenthesised number (`(1)`), or a bare one (`1)`, `bare`).
    Paren {
        /// The number.
        value: u32,
        /// Printed without the opening parenthesis.
        bare: bool,
    },
    /// A dash bullet (`-`, `–`, `•`).
    Dash,
    /// A plus bullet (`+`).
    Plus,
}

impl Marker {
    /// Rank in the hierarchy: smaller is outer.
    fn rank(&self) -> u8 {
        match self {
            Marker::Part { .. } => 0,
            Marker::Number { parts, .. } => parts.len().clamp(1, 4) as u8,
            Marker::Letter(_) => 5,
            Marker::Paren { .. } => 6,
            Marker::Dash => 7,
            Marker::Plus => 8,
        }
    }
}

/// A line cut into its marker and the rest.
#[derive(Clone, Debug, PartialEq)]
pub struct Classified {
    /// The marker, if the line starts with one.
    pub marker: Option<Marker>,
    /// The text after the marker (the whole line when there is none).
    pub rest: String,
}

/// Reads a Roman numeral, repairing OCR's look-alikes (`1`, `l`, `|`, `i` for `I`).
/// Returns the value and whether the token was clean.
pub fn roman_value(token: &str) -> Option<(u32, bool)> {
    if token.is_empty() || char_len(token) > 6 {
        return None;
    }
    if !token.chars().any(|c| matches!(c, 'I' | 'V' | 'X' | 'i' | 'v' | 'x' | 'l' | 'L' | '|' | '!' | 'H')) {
        return None;
    }
    let mut mapped = String::new();
    for c in token.chars() {
        match c {
            'I' | 'i' | 'l' | 'L' | '1' | '|' | '!' => mapped.push('I'),
            // Two bars read as one letter: `Hl.` for `III.`.
            'H' => mapped.push_str("II"),
            'V' | 'v' => mapped.push('V'),
            'X' | 'x' => mapped.push('X'),
            _ => return None,
        }
    }
    let value = parse_roman(&mapped)?;
    let clean = token.chars().all(|c| matches!(c, 'I' | 'V' | 'X'));
    Some((value, clean))
}

fn parse_roman(s: &str) -> Option<u32> {
    let v = |c: char| match c {
        'I' => 1i64,
        'V' => 5,
        'X' => 10,
        'L' => 50,
        _ => 0,
    };
    let cs: Vec<i64> = s.chars().map(v).collect();
    if cs.is_empty() || cs.contains(&0) {
        return None;
    }
    let mut total = 0i64;
    for i in 0..cs.len() {
        if i + 1 < cs.len() && cs[i] < cs[i + 1] {
            total -= cs[i];
        } else {
            total += cs[i];
        }
    }
    let total = u32::try_from(total).ok().filter(|t| *t > 0)?;
    (to_roman(total) == s).then_some(total)
}

/// Writes a number (1..=89) as a Roman numeral.
pub fn to_roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 7] = [(50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")];
    let mut out = String::new();
    if n == 0 || n > 89 {
        return out;
    }
    for (v, s) in TABLE {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// Leading characters OCR puts before a marker (`'b)`, `, p)`, `~ d)`).
fn strip_marker_junk(t: &str) -> &str {
    let mut s = t;
    for _ in 0..3 {
        let s2 = s.trim_start_matches(['\'', '‘', '’', '`', ',', '~', '_', '.']).trim_start();
        if s2.len() == s.len() {
            break;
        }
        s = s2;
    }
    s
}

/// Whether the text after a marker can start an item: a capital, a digit, a quote.
fn item_start(rest: &str) -> bool {
    match rest.chars().next() {
        Some(c) if c.is_uppercase() || c.is_ascii_digit() => true,
        Some(c) if is_opener(c) => lead_char(rest).is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()),
        Some('≥' | '≤' | '>' | '<') => true,
        _ => false,
    }
}

fn parse_number_marker(t: &str) -> Option<(Vec<u32>, bool, &str)> {
    let (parts, dot, rest) = parse_number_prefix(t)?;
    if !item_start(rest) || rest.starts_with(|c: char| c.is_ascii_digit()) && !dot {
        return None;
    }
    Some((parts, dot, rest))
}

/// A numbered item whose text OCR left in lower case (`2. thm trirong rà soát` for
/// `2. Khẩn trương rà soát`): only the numbers with their final dot, the rest unchecked.
fn relaxed_number(t: &str) -> Option<(Vec<u32>, &str)> {
    let (parts, dot, rest) = parse_number_prefix(t)?;
    (dot && starts_lower(rest)).then_some((parts, rest))
}

fn parse_number_prefix(t: &str) -> Option<(Vec<u32>, bool, &str)> {
    // OCR reads the digit one as a bar or a letter (`|. Mục đích`): a single such mark
    // with a period, before text that is not an upper-case part heading, is `1.`.
    if let Some(c) = regex!(r"^[|!lI]\.\s*(\S.*)$").captures(t) {
        let rest = c.get(1).map_or("", |m| m.as_str());
        if !mostly_upper(rest, 0.6, 3) {
            return Some((vec![1], true, rest));
        }
    }
    let b = t.as_bytes();
    let mut i = 0;
    let mut parts = Vec::new();
    let mut dot = false;
    loop {
        let s = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let len = i - s;
        if len == 0 {
            if parts.is_empty() {
                return None;
            }
            break;
        }
        if len > 2 || parts.len() >= 4 {
            return None;
        }
        let v: u32 = t.get(s..i)?.parse().ok()?;
        if v == 0 || v > 60 {
            return None;
        }
        parts.push(v);
        if i < b.len() && b[i] == b'.' {
            dot = true;
            i += 1;
        } else {
            dot = false;
            break;
        }
    }
    let after = t.get(i..)?;
    let next = after.chars().next()?;
    if !(next.is_whitespace() || (dot && next.is_uppercase())) {
        return None;
    }
    Some((parts, dot, after.trim_start()))
}

fn letter_candidates(token: &str) -> Option<Vec<char>> {
    let c = token.chars().next()?;
    let lc = vn::lower_char(c);
    let v = match lc {
        'đ' => vec!['đ'],
        '¢' | '©' => vec!['c'],
        '€' => vec!['e'],
        '0' => vec!['o'],
        '1' | '|' | '!' => vec!['i', 'l'],
        '5' => vec!['s'],
        c if c.is_alphabetic() => {
            let s = vn::strip_char(c);
            if s.is_ascii_lowercase() { vec![s] } else { return None }
        }
        _ => return None,
    };
    Some(v)
}

/// Classifies one line: which marker it starts with, and the rest.
///
/// This reads the line alone; whether a marker really starts an item (and which letter
/// a damaged one stands for) is decided by the tree builder from the context.
pub fn classify_line(text: &str) -> Classified {
    let t = text.trim();
    let none = || Classified { marker: None, rest: t.to_string() };
    if t.is_empty() {
        return none();
    }
    // Roman part: `I.`, `Il.`, `V.TỔ CHỨC`.
    if let Some(c) = regex!(r"^([IVXivxLlH1|!]{1,5})\s*\.\s*(\S.*)$").captures(t) {
        let token = c.get(1).map_or("", |m| m.as_str());
        let rest = c.get(2).map_or("", |m| m.as_str());
        if let Some((value, clean)) = roman_value(token) {
            let ok = if clean { item_start(rest) } else { mostly_upper(rest, 0.6, 3) };
            if ok && !token.chars().all(|c| c.is_ascii_digit()) {
                return Classified { marker: Some(Marker::Part { value, clean }), rest: rest.to_string() };
            }
        }
    }
    // Numbered item: `1.`, `1.1.`, `2.1`.
    if let Some((parts, dot, rest)) = parse_number_marker(t) {
        return Classified { marker: Some(Marker::Number { parts, dot }), rest: rest.to_string() };
    }
    // `(1)` and `(a)`.
    if let Some(c) = regex!(r"^\((\d{1,2})\)\s*(.+)$").captures(t) {
        let rest = c.get(2).map_or("", |m| m.as_str());
        if let Ok(value) = c.get(1).map_or("", |m| m.as_str()).parse::<u32>()
            && item_start(rest)
            && value > 0
        {
            return Classified { marker: Some(Marker::Paren { value, bare: false }), rest: rest.to_string() };
        }
    }
    if let Some(c) = regex!(r"^\(([a-zđ])\)\s*(.+)$").captures(t) {
        let rest = c.get(2).map_or("", |m| m.as_str());
        let letter = c.get(1).map_or("", |m| m.as_str());
        if item_start(rest)
            && let Some(v) = letter_candidates(letter)
        {
            return Classified { marker: Some(Marker::Letter(v)), rest: rest.to_string() };
        }
    }
    // `a)`, and what OCR makes of it: `¢)`, `'b)`, `) Chỉ`, `a,)`, `sở)`, `1)`.
    let s = strip_marker_junk(t);
    if let Some(close) = s.char_indices().take(5).find(|(_, c)| *c == ')').map(|(i, _)| i) {
        let token_raw = &s[..close];
        let rest = s[close + 1..].trim_start();
        let token: String = token_raw.chars().filter(|c| !matches!(c, ',' | '.')).collect();
        if !token.contains(char::is_whitespace) && !token.contains('(') && item_start(rest) && char_len(&token) <= 2 {
            if !token.is_empty() && token.chars().all(|c| c.is_ascii_digit()) {
                match token.parse::<u32>() {
                    Ok(0) => return Classified { marker: Some(Marker::Letter(vec!['o'])), rest: rest.to_string() },
                    Ok(value) => {
                        return Classified {
                            marker: Some(Marker::Paren { value, bare: true }),
                            rest: rest.to_string(),
                        };
                    }
                    Err(_) => {}
                }
            } else if token.is_empty() {
                if s.len() < t.len() || t.starts_with(')') {
                    return Classified { marker: Some(Marker::Letter(Vec::new())), rest: rest.to_string() };
                }
            } else if let Some(v) = letter_candidates(&token) {
                let second_ok = token.chars().nth(1).is_none_or(|c| c.is_alphabetic());
                if second_ok {
                    return Classified { marker: Some(Marker::Letter(v)), rest: rest.to_string() };
                }
            }
        }
    }
    // Bullets.
    let mut chars = t.chars();
    match chars.next() {
        Some('-' | '–' | '—' | '−' | '•' | '●' | '·' | '∙') => {
            let rest = chars.as_str();
            if rest.starts_with(['-', '–', '—']) {
                return none();
            }
            let rest = rest.trim_start();
            if rest.chars().any(|c| c.is_alphanumeric()) {
                return Classified { marker: Some(Marker::Dash), rest: rest.to_string() };
            }
        }
        Some('+') => {
            let rest = chars.as_str().trim_start();
            if rest.chars().any(|c| c.is_alphabetic()) {
                return Classified { marker: Some(Marker::Plus), rest: rest.to_string() };
            }
        }
        _ => {}
    }
    none()
}

/// Letters in the order points are lettered: every Latin letter, `đ` after `d`.
const FULL_ORDER: &str = "abcdđefghijklmnopqrstuvwxyz";
/// The usual sequence (without `f`, `j`, `w`, `z`).
const STANDARD_ORDER: &str = "abcdđeghiklmnopqrstuvxy";

fn letter_index(c: char) -> Option<usize> {
    FULL_ORDER.chars().position(|x| x == c)
}

/// The letter expected after `prev`.
pub fn next_letter(prev: char) -> char {
    let std: Vec<char> = STANDARD_ORDER.chars().collect();
    if let Some(i) = std.iter().position(|c| *c == prev) {
        return std.get(i + 1).copied().unwrap_or('z');
    }
    let full: Vec<char> = FULL_ORDER.chars().collect();
    full.iter().position(|c| *c == prev).and_then(|i| full.get(i + 1).copied()).unwrap_or('z')
}

/// Letters OCR takes for one another in point marks.
fn confusable(read: char, expected: char) -> bool {
    let pair = |a, b| (read == a && expected == b) || (read == b && expected == a);
    pair('c', 'e') || pair('d', 'đ') || pair('i', 'l') || pair('o', 'a') || pair('t', 'l')
}

/// Decides which letter a point mark stands for, given the letter of the point before
/// under the same parent. `None` when the mark does not fit the sequence.
pub fn resolve_letter(candidates: &[char], prev: Option<char>) -> Option<char> {
    let expected = prev.map_or('a', next_letter);
    if candidates.is_empty() {
        return prev.map(|_| expected);
    }
    if candidates.contains(&expected) {
        return Some(expected);
    }
    if candidates.iter().any(|c| confusable(*c, expected)) {
        return Some(expected);
    }
    match prev {
        Some(p) => {
            let ip = letter_index(p)?;
            candidates
                .iter()
                .filter_map(|c| letter_index(*c).map(|i| (i, *c)))
                .filter(|(i, _)| *i > ip && *i <= ip + 3)
                .min()
                .map(|(_, c)| c)
        }
        None => candidates.contains(&'b').then_some('b'),
    }
}

// ---------------------------------------------------------------------------------------
// Per-line rules: letterhead
// ---------------------------------------------------------------------------------------

const MOTTOS: [&[&str]; 3] = [
    &["cong", "hoa", "xa", "hoi", "chu", "nghia", "viet", "nam"],
    &["doc", "lap", "tu", "do", "hanh", "phuc"],
    &["dang", "cong", "san", "viet", "nam"],
];

/// Words of a line with their byte ranges and keys.
fn words_with_keys(s: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
        if c.is_whitespace() {
            if let Some(st) = start.take() {
                out.push((st, i, word_key(&s[st..i])));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    out
}

/// Finds the national motto on a line (where scans merge it with the issuer's column)
/// and returns the rest of the line, or `None` when there is no motto.
pub fn split_motto(text: &str) -> Option<String> {
    let words: Vec<(usize, usize, String)> = words_with_keys(text).into_iter().filter(|w| !w.2.is_empty()).collect();
    let mut best: Option<(usize, usize, usize)> = None; // (score, start word, len)
    for m in MOTTOS {
        let k = m.len();
        if words.len() < k.saturating_sub(2) || k == 0 {
            continue;
        }
        // Windows may run past the end of the line (a motto cut short).
        for i in 0..words.len() {
            let mut score = 0;
            let mut span = 0;
            for (j, mw) in m.iter().enumerate() {
                if let Some(w) = words.get(i + j) {
                    span = j + 1;
                    if fuzzy_eq(&w.2, mw) {
                        score += 1;
                    }
                }
            }
            let need = (k * 7).div_ceil(10).max(k.saturating_sub(2));
            if score >= need && best.is_none_or(|b| score > b.0) {
                best = Some((score, i, span));
            }
        }
    }
    let (_, i, span) = best?;
    let start = words.get(i)?.0;
    let end = words.get(i + span - 1)?.1;
    let mut rest = String::new();
    rest.push_str(&text[..start]);
    rest.push(' ');
    rest.push_str(&text[end..]);
    let rest = squash(rest.trim_matches(|c: char| c.is_whitespace() || c == '-' || c == '–'));
    Some(rest)
}

/// Repairs an issuer's code in a document number: OCR reads `/` as `I` (`KHITU` →
/// `KH/TU`) and drops the bar of `Đ` (`QD` → `QĐ`).
pub fn normalize_doc_number(raw: &str) -> String {
    let compact: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    let compact = compact.trim_end_matches(['.', ',', ';', ':', '-', '/', ')']).to_string();
    let mut out = String::new();
    let mut seg = String::new();
    let flush = |seg: &mut String, out: &mut String| {
        let fixed = match seg.as_str() {
            "QD" => "QĐ".to_string(),
            "ND" => "NĐ".to_string(),
            s => match regex!(r"^(KH|NQ|QĐ|QD|CTr|CT|TTr|CV|TB|BC|HD|KL|NĐ|ND|TT)[Il1|]([A-ZĐ]{2,}\d*)$").captures(s)
            {
                Some(c) => {
                    let t = c.get(1).map_or("", |m| m.as_str());
                    let t = match t {
                        "QD" => "QĐ",
                        "ND" => "NĐ",
                        t => t,
                    };
                    format!("{t}/{}", c.get(2).map_or("", |m| m.as_str()))
                }
                None => s.to_string(),
            },
        };
        out.push_str(&fixed);
        seg.clear();
    };
    for c in compact.chars() {
        if c == '-' || c == '/' {
            flush(&mut seg, &mut out);
            out.push(c);
        } else {
            seg.push(c);
        }
    }
    flush(&mut seg, &mut out);
    out
}

/// Finds `Số: 57 /KH-UBND` (or `Số 261 -KH/TU`, OCR's `S6 261-KHITU`) on a line: the
/// normalised number and the byte range it takes.
pub fn find_doc_number(text: &str) -> Option<(String, usize, usize)> {
    let c =
        regex!(r"(?:^|\s)S[ốôoóồổọỐÔOÓ06]?\s*[:.]?\s*(\d{1,5})\s*([-/])\s*(\p{Lu}[\p{L}\d&./\-]*)").captures(text)?;
    let whole = c.get(0)?;
    let num = c.get(1)?.as_str();
    let sep = c.get(2)?.as_str();
    let code = c.get(3)?.as_str();
    let number = normalize_doc_number(&format!("{num}{sep}{code}"));
    Some((number, whole.start(), whole.end()))
}

/// Reads a day, month or year written with OCR's look-alikes (`i3` → 13, `s` → 5).
fn ocr_digits(s: &str) -> Option<u32> {
    let d: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            'o' | 'O' => '0',
            'i' | 'l' | 'I' | '|' | '!' => '1',
            's' | 'S' => '5',
            'z' | 'Z' => '2',
            'b' | 'B' => '8',
            c => c,
        })
        .collect();
    if d.is_empty() || !d.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    d.parse().ok()
}

fn iso_date(day: u32, month: u32, year: u32) -> Option<String> {
    let valid = (1..=31).contains(&day) && (1..=12).contains(&month) && (1945..=2100).contains(&year);
    valid.then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// Place and date of issue: `Bình Phước, ngày 23 tháng 02 năm 2025`. Returns the place
/// (the Title Case words before the comma), the ISO date and where the place starts.
pub fn find_place_date(text: &str) -> Option<(Option<String>, String, usize)> {
    // Keys keep one character per character, so offsets in characters agree.
    let k = key(text);
    let c = regex!(r"ngay\s*([0-9oilsz|!]{1,2}|[0-9]\s[0-9])\s*thang\s*([0-9oilsz|!]{1,2})\s*nam\s*([0-9oilsz|!]{4})")
        .captures(&k)?;
    let day = ocr_digits(c.get(1)?.as_str())?;
    let month = ocr_digits(c.get(2)?.as_str())?;
    let year = ocr_digits(c.get(3)?.as_str())?;
    let iso = iso_date(day, month, year)?;
    let start_chars = k[..c.get(0)?.start()].chars().count();
    let start_byte = text.char_indices().nth(start_chars).map_or(text.len(), |(i, _)| i);
    let before = text[..start_byte].trim_end().trim_end_matches(',').trim_end();
    // The place: the Title Case words at the end of what comes before.
    let words: Vec<(usize, &str)> =
        before.split_whitespace().map(|w| (w.as_ptr() as usize - before.as_ptr() as usize, w)).collect();
    let mut first = words.len();
    while first > 0 {
        let w = trim_word(words[first - 1].1);
        let title = w.chars().next().is_some_and(|c| c.is_uppercase())
            && (matches!(vn::case_of(w), vn::Case::Title) || w.chars().count() <= 3 && w.ends_with('.'));
        if !title || words.len() - first >= 5 {
            break;
        }
        first -= 1;
    }
    if first < words.len() {
        let start = words[first].0;
        let place = before[start..].trim().trim_end_matches(',').to_string();
        Some((Some(place), iso, start))
    } else {
        Some((None, iso, start_byte))
    }
}

const DOC_TYPES: [&str; 16] = [
    "KẾ HOẠCH HÀNH ĐỘNG",
    "CHƯƠNG TRÌNH HÀNH ĐỘNG",
    "KẾ HOẠCH",
    "CHƯƠNG TRÌNH",
    "QUYẾT ĐỊNH",
    "NGHỊ QUYẾT",
    "CHỈ THỊ",
    "ĐỀ ÁN",
    "BÁO CÁO",
    "HƯỚNG DẪN",
    "THÔNG BÁO",
    "KẾT LUẬN",
    "TỜ TRÌNH",
    "QUY CHẾ",
    "QUY ĐỊNH",
    "CÔNG VĂN",
];

/// The document type when the line is one (`KẾ HOẠCH`, `KẾ HOẠCH HÀNH ĐỘNG`, OCR's
/// `KẾ HOẠCH HÀNH BÓNG`), in its canonical spelling.
pub fn doc_type(text: &str) -> Option<&'static str> {
    if !mostly_upper(text, 0.7, 4) {
        return None;
    }
    let toks: Vec<String> = text.split_whitespace().map(word_key).filter(|w| !w.is_empty()).collect();
    DOC_TYPES.into_iter().find(|dt| {
        let dk: Vec<String> = dt.split_whitespace().map(word_key).collect();
        dk.len() == toks.len() && dk.iter().zip(&toks).all(|(a, b)| a == b || (char_len(a) >= 4 && fuzzy_eq(a, b)))
    })
}

/// Bodies whose names start letterhead lines; OCR damage to them is repaired.
const BODY_PREFIXES: [&str; 16] = [
    "ỦY BAN NHÂN DÂN",
    "HỘI ĐỒNG NHÂN DÂN",
    "ĐẢNG BỘ",
    "ĐẢNG ỦY",
    "BAN CHẤP HÀNH",
    "BAN THƯỜNG VỤ",
    "TỈNH ỦY",
    "THÀNH ỦY",
    "HUYỆN ỦY",
    "THỊ ỦY",
    "QUẬN ỦY",
    "CHI BỘ",
    "VĂN PHÒNG",
    "MẶT TRẬN TỔ QUỐC",
    "BAN CHỈ ĐẠO",
    "SỞ",
];

/// Administrative units: a letterhead line starting with one names where the body above is.
const UNITS: [&str; 9] = ["tinh", "thanh pho", "tp", "huyen", "quan", "thi xa", "xa", "phuong", "thi tran"];

fn repair_body_prefix(line: &str) -> String {
    let words: Vec<&str> = line.split_whitespace().collect();
    for p in BODY_PREFIXES {
        let pw: Vec<&str> = p.split_whitespace().collect();
        if pw.len() < 2 || words.len() < pw.len() {
            continue;
        }
        let ok = pw.iter().zip(&words).all(|(a, b)| {
            let (ka, kb) = (word_key(a), word_key(b));
            ka == kb || (char_len(&ka) >= 3 && strsim::levenshtein(&ka, &kb) <= 1)
        });
        if ok {
            let mut out = p.to_string();
            for w in &words[pw.len()..] {
                out.push(' ');
                out.push_str(w);
            }
            return out;
        }
    }
    line.to_string()
}

/// Groups letterhead lines into issuing bodies, outermost first: a line starting with
/// an administrative unit (`TỈNH BÌNH PHƯỚC`) completes the body above it, any other
/// line is a body of its own (`THỊ ỦY BỈM SƠN`).
pub fn issuers(lines: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for l in lines {
        let l = repair_body_prefix(&squash(l));
        if l.is_empty() {
            continue;
        }
        let k = key(&l);
        let words: Vec<&str> = k.split_whitespace().collect();
        let is_unit = UNITS.iter().any(|u| {
            let uw: Vec<&str> = u.split_whitespace().collect();
            words.len() > uw.len() && words[..uw.len()] == uw[..] && words.get(uw.len()) != Some(&"uy")
        });
        match out.last_mut() {
            Some(prev) if is_unit => {
                prev.push(' ');
                prev.push_str(&l);
            }
            _ => out.push(l),
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Per-line rules: references
// ---------------------------------------------------------------------------------------

/// Kinds of documents, longest first, in their usual spelling.
const KINDS: [&str; 25] = [
    "Kế hoạch hành động",
    "Chương trình hành động",
    "Nghị quyết liên tịch",
    "Thông báo kết luận",
    "Nghị quyết",
    "Quyết định",
    "Kế hoạch",
    "Chương trình",
    "Công văn",
    "Văn bản",
    "Tờ trình",
    "Chỉ thị",
    "Kết luận",
    "Thông báo",
    "Nghị định",
    "Thông tư",
    "Luật",
    "Hướng dẫn",
    "Báo cáo",
    "Đề án",
    "Quy định",
    "Công điện",
    "Thông tri",
    "Pháp lệnh",
    "Quy chế",
];

/// A document number cited in running text.
#[derive(Clone, Debug, PartialEq)]
pub struct Citation {
    /// Normalised number.
    pub number: String,
    /// Kind written before it.
    pub kind: Option<String>,
    /// ISO date written after it.
    pub date: Option<String>,
    /// Byte range of the number in the text.
    pub start: usize,
    /// End of the citation (number and date).
    pub end: usize,
}

fn kind_before(before: &str) -> Option<&'static str> {
    let mut k = key(before);
    let trimmed = k.trim_end().trim_end_matches(':').trim_end();
    let trimmed =
        trimmed.strip_suffix(" so").or_else(|| trimmed.strip_suffix("so").filter(|t| t.is_empty())).unwrap_or(trimmed);
    k = trimmed.trim_end().to_string();
    KINDS.into_iter().find(|kind| {
        let kk = key(kind);
        k.ends_with(&kk) && k[..k.len() - kk.len()].chars().next_back().is_none_or(|c| !c.is_alphanumeric())
    })
}

fn date_after(after: &str) -> Option<(String, usize)> {
    let k = key(after);
    let c = regex!(r"^\s*,?\s*ngay\s*(\d\s?\d?)\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")
        .captures(&k)
        .or_else(|| regex!(r"^\s*,?\s*ngay\s*(\d\s?\d?)\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})").captures(&k))?;
    let day = ocr_digits(c.get(1)?.as_str())?;
    let month = ocr_digits(c.get(2)?.as_str())?;
    let year = ocr_digits(c.get(3)?.as_str())?;
    let chars = k[..c.get(0)?.end()].chars().count();
    let end = after.char_indices().nth(chars).map_or(after.len(), |(i, _)| i);
    Some((iso_date(day, month, year)?, end))
}

/// Finds the document numbers cited in a text (`Nghị quyết số 57-NQ/TW ngày 22/12/2024`),
/// with the kind written before and the date written after, in order.
pub fn find_references(text: &str) -> Vec<Citation> {
    let re = regex!(
        r"(\d{1,5})\s?([-/])\s?((?:\d{4}\s?/\s?)?\p{Lu}[\p{Lu}\d&]*\p{Ll}?(?:[-/][\p{Lu}\d][\p{Lu}\d&]*\p{Ll}?)*)"
    );
    let mut out: Vec<Citation> = Vec::new();
    for c in re.captures_iter(text) {
        let (Some(whole), Some(num), Some(sep), Some(code)) = (c.get(0), c.get(1), c.get(2), c.get(3)) else {
            continue;
        };
        // Not inside a longer token (`CV/BCĐTW`, `12/2024`).
        if text[..whole.start()]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '/' || c == '-' || c == '.')
        {
            continue;
        }
        let mut code = code.as_str();
        let glued = text[code_end(&c)..].chars().next().is_some_and(|c| c.is_alphabetic());
        if glued {
            // `TWngày`: a code glued to the next word keeps its capitals only;
            // `TTr-SKHCN-Công văn`: a last capital that starts a word is not part of the code.
            if let Some(last) = code.chars().next_back().filter(|c| c.is_lowercase()) {
                code = &code[..code.len() - last.len_utf8()];
            }
            let last_seg = code.rsplit(['-', '/']).next().unwrap_or("");
            if char_len(last_seg) == 1 && code.len() > last_seg.len() {
                code = &code[..code.len() - last_seg.len() - 1];
            }
        }
        if !code.chars().any(|c| c.is_uppercase()) {
            continue;
        }
        let number = normalize_doc_number(&format!("{}{}{}", num.as_str(), sep.as_str(), code));
        let start = whole.start();
        let mut end = c.get(3).map_or(whole.end(), |m| m.start() + code.len());
        let pre = &text[..start];
        let from = pre.char_indices().rev().nth(39).map_or(0, |(i, _)| i);
        let kind = kind_before(&pre[from..]).map(str::to_string).or_else(|| {
            // `văn bản số 1552/BTTTT-TTH và 708/BTTTT-CATTT`: the second shares the kind.
            let prev = out.last()?;
            let between = key(text.get(prev.end..start)?);
            let between = between.trim().trim_matches(',').trim();
            (between.is_empty() || between == "va" || between == ",").then(|| prev.kind.clone()).flatten()
        });
        let date = match date_after(&text[end..]) {
            Some((d, len)) => {
                end += len;
                Some(d)
            }
            None => None,
        };
        out.push(Citation { number, kind, date, start, end });
    }
    out
}

fn code_end(c: &regex::Captures<'_>) -> usize {
    c.get(3).map_or(0, |m| m.end())
}

// ---------------------------------------------------------------------------------------
// Per-line rules: end matter and appendices
// ---------------------------------------------------------------------------------------

/// `Nơi nhận:` (OCR's `Nơi nhgn:`): the rest of the line after it.
pub fn recipients_start(text: &str) -> Option<String> {
    let t = text.trim();
    let colon = t.char_indices().take(16).find(|(_, c)| *c == ':').map(|(i, _)| i)?;
    let head: Vec<String> = t[..colon].split_whitespace().map(word_key).collect();
    let ok = head.len() == 2
        && fuzzy_eq(&head[0], "noi")
        && head[1].starts_with("nh")
        && (3..=5).contains(&char_len(&head[1]));
    ok.then(|| t[colon + 1..].trim().to_string())
}

/// `Trên đây là Kế hoạch …`: the closing paragraph.
pub fn is_closing(text: &str) -> bool {
    let k = key(text.trim());
    k.starts_with("tren day la ") || k.starts_with("tren day la:")
}

/// Position words that make an upper-case run a signer's title.
const POSITIONS: [&str; 10] =
    ["chu tich", "bi thu", "giam doc", "truong", "chanh", "chu nhiem", "tu lenh", "chinh uy", "tong thu ky", "thu ky"];

/// A title found on an end-matter line.
#[derive(Clone, Debug, PartialEq)]
pub struct TitleRun {
    /// The title, normalised (`KT. CHỦ TỊCH`).
    pub text: String,
    /// It starts with an authority mark (`KT.`, `TM.`, `T/M`, `TL.`, `TUQ.`).
    pub authority: bool,
    /// Byte range on the line.
    pub start: usize,
    /// End of the range.
    pub end: usize,
}

fn is_upper_syllable(w: &str) -> bool {
    let t = trim_word(w);
    !t.is_empty()
        && t.chars().all(|c| c.is_uppercase())
        && vn::Syllable::parse(t).is_some()
        && !w.chars().any(|c| c.is_ascii_digit())
}

/// Finds the signer's title on a line (`KT.CHỦ TỊCH`, `T/M BAN THƯỜNG VỤ`, `PHÓ BÍ THƯ`),
/// wherever the merged columns put it.
pub fn find_title_run(text: &str) -> Option<TitleRun> {
    let words: Vec<(usize, usize)> = {
        let mut v = Vec::new();
        for w in text.split_whitespace() {
            let s = w.as_ptr() as usize - text.as_ptr() as usize;
            v.push((s, s + w.len()));
        }
        v
    };
    let auth = regex!(r"^(KT|TM|T/M|T/m|TL|TUQ|Q)\.?(.*)$");
    for (i, &(s, e)) in words.iter().enumerate() {
        let w = &text[s..e];
        if let Some(c) = auth.captures(w) {
            let mark = c.get(1).map_or("", |m| m.as_str());
            let glued = c.get(2).map_or("", |m| m.as_str());
            if mark == "Q" && !w.starts_with("Q.") {
                continue;
            }
            let mut parts: Vec<&str> = Vec::new();
            if !glued.is_empty() {
                if !is_upper_syllable(glued) {
                    continue;
                }
                parts.push(glued);
            }
            let mut end = e;
            for &(s2, e2) in &words[i + 1..] {
                let w2 = &text[s2..e2];
                if !is_upper_syllable(w2) {
                    break;
                }
                parts.push(trim_word(w2));
                end = e2;
            }
            if parts.is_empty() {
                continue;
            }
            let mark = match mark {
                "T/M" | "T/m" => "T/M".to_string(),
                m => format!("{m}."),
            };
            return Some(TitleRun { text: format!("{mark} {}", parts.join(" ")), authority: true, start: s, end });
        }
    }
    // A run of upper-case syllables naming a position.
    let mut i = 0;
    while i < words.len() {
        if !is_upper_syllable(&text[words[i].0..words[i].1]) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < words.len() && is_upper_syllable(&text[words[j].0..words[j].1]) {
            j += 1;
        }
        if j - i >= 2 {
            let run: Vec<&str> = words[i..j].iter().map(|&(s, e)| trim_word(&text[s..e])).collect();
            let k = format!(" {} ", key(&run.join(" ")));
            if POSITIONS.iter().any(|p| k.contains(&format!(" {p} "))) {
                return Some(TitleRun {
                    text: run.join(" "),
                    authority: false,
                    start: words[i].0,
                    end: words[j - 1].1,
                });
            }
        }
        i = j;
    }
    None
}

const SURNAMES: [&str; 60] = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương",
    "Lý", "Đinh", "Trịnh", "Lâm", "Mai", "Trương", "Đào", "Đoàn", "Hà", "Cao", "Lương", "Tạ", "Tô", "Quách", "Thái",
    "Lưu", "Châu", "Kiều", "Khúc", "Nông", "Hứa", "Triệu", "Lò", "Vi", "La", "Chu", "Tăng", "Phùng", "Thân", "Lục",
    "Mạc", "Giang", "Kim", "Tống", "Nghiêm", "Âu", "Diệp", "Doãn", "Lã", "Bế", "Ninh", "Tôn", "Vương", "Đàm", "Đồng",
];

/// A person's name in Title Case (`Trần Tuyết Minh`): the name, and whether the first
/// word is a known surname.
pub fn person_name(text: &str) -> Option<(String, bool)> {
    let t = text.trim_matches(|c: char| !c.is_alphabetic());
    let words: Vec<&str> = t.split_whitespace().collect();
    if !(2..=5).contains(&words.len()) {
        return None;
    }
    let ok = words.iter().all(|w| {
        w.chars().all(|c| c.is_alphabetic())
            && matches!(vn::case_of(w), vn::Case::Title)
            && vn::Syllable::parse(w).is_some()
    });
    if !ok {
        return None;
    }
    let known = SURNAMES.contains(&words[0]);
    Some((words.join(" "), known))
}

/// Stamp and signature junk at the end of a recipient line (`a5 b\ | N`, `(x( TRIUY`,
/// `m GioNy: 13/05/2025 14:19:18`, `0,`): every piece between `;` and `,` is junk.
pub fn is_junk_tail(tail: &str) -> bool {
    let pieces: Vec<&str> = tail.split([';', ',']).map(str::trim).filter(|p| !p.is_empty()).collect();
    !pieces.is_empty() && pieces.iter().all(|p| is_junk_piece(p))
}

fn is_junk_piece(t: &str) -> bool {
    if !t.chars().any(|c| c.is_alphabetic()) {
        return true;
    }
    // A digital signature's time stamp (`Giờ ký: 13/05/2025 14:19:18`).
    if regex!(r"\d{1,2}:\d{2}:\d{2}").is_match(t) {
        return true;
    }
    if t.chars().any(|c| "\\|{}@#$%^*_=<>~»«¢©®ﬁﬂ".contains(c)) {
        return true;
    }
    if t.matches('(').count() != t.matches(')').count() {
        return true;
    }
    let mut valid = 0;
    let mut total = 0;
    for w in t.split_whitespace().filter(|w| w.chars().any(|c| c.is_alphabetic())) {
        total += 1;
        if is_syllable(w) || is_abbreviation(w) {
            valid += 1;
        }
    }
    valid * 2 < total
}

/// A line much like scanner junk: mostly symbols, or three or more words almost none
/// of which is a word.
pub fn is_junk_line(text: &str) -> bool {
    let t = text.trim();
    let nonspace = t.chars().filter(|c| !c.is_whitespace()).count();
    if nonspace == 0 {
        return false;
    }
    let alnum = t.chars().filter(|c| c.is_alphanumeric()).count();
    if alnum * 2 < nonspace {
        return true;
    }
    let (valid, total) = word_validity(t);
    total >= 3 && valid * 4 < total
}

/// `PHỤ LỤC I`, `Phụ lục II: …`, `PHỤ LỤC 01`: the label (normalised) and the rest.
pub fn appendix_heading(text: &str) -> Option<(String, String)> {
    let t = text.trim();
    let mut it = t.split_whitespace();
    let w1 = it.next()?;
    let w2 = it.next()?;
    if !(fuzzy_eq(&word_key(w1), "phu") || word_key(w1) == "phu")
        || !fuzzy_eq(&word_key(w2), "luc") && word_key(w2) != "luc"
    {
        return None;
    }
    if !w1.starts_with(['P', 'p']) || !w2.starts_with(['L', 'l']) {
        return None;
    }
    let after = t[(w2.as_ptr() as usize - t.as_ptr() as usize) + w2.len()..].trim_start();
    if after.is_empty() {
        return mostly_upper(t, 0.9, 5).then(|| (String::new(), String::new()));
    }
    let tok_end = after.find(|c: char| c.is_whitespace() || c == ':' || c == '.' || c == '-').unwrap_or(after.len());
    let token = &after[..tok_end];
    let rest = after[tok_end..].trim_start_matches([':', '.', '-', ' ', '–']).trim();
    let label = if token.chars().all(|c| c.is_ascii_digit()) && !token.is_empty() && token.len() <= 2 {
        token.trim_start_matches('0').to_string()
    } else if let Some((v, _)) = roman_value(token) {
        if token.chars().any(|c| c.is_lowercase()) && token.chars().any(|c| c.is_uppercase()) && !token.starts_with('I')
        {
            return None;
        }
        to_roman(v)
    } else if char_len(token) == 1 && token.chars().all(|c| c.is_ascii_uppercase()) {
        token.to_string()
    } else {
        return None;
    };
    if label.is_empty() {
        return None;
    }
    // The label must not run on into a sentence (`Phụ lục I kèm theo`).
    if !rest.is_empty()
        && !mostly_upper(rest, 0.6, 1)
        && !after[tok_end..].trim_start().starts_with([':', '.', '-', '–'])
    {
        return None;
    }
    Some((label, rest.to_string()))
}

// ---------------------------------------------------------------------------------------
// The analysis
// ---------------------------------------------------------------------------------------

/// One prepared line.
struct Ln {
    n: u32,
    text: String,
    role: Role,
}

/// Why a line was dropped.
#[derive(Clone, Copy, PartialEq)]
enum Drop {
    Page,
    Noise,
    Junk,
    Header,
}

impl Drop {
    fn name(self) -> &'static str {
        match self {
            Drop::Page => "page number",
            Drop::Noise => "scanner noise",
            Drop::Junk => "junk",
            Drop::Header => "running header",
        }
    }
}

/// A content line as the tree builder keeps it.
#[derive(Clone)]
struct OwnLine {
    n: u32,
    text: String,
    full_len: usize,
    gap_before: bool,
}

struct Item {
    marker: Marker,
    marker_text: String,
    path: String,
    depth: u32,
    rank: u8,
    parent: Option<usize>,
    /// Last number (numbered items, parts, parens) or letter index, for sequence checks.
    seq: u32,
    letter: Option<char>,
    dashes: u32,
    pluses: u32,
    children: usize,
    lines: Vec<OwnLine>,
    last_n: u32,
}

/// Finds the structure of a plan.
pub fn analyze(lines: &[Input<'_>]) -> Structure {
    let ls: Vec<Ln> = lines
        .iter()
        .map(|l| {
            let text = squash(l.text);
            let role = match (l.role, text.is_empty()) {
                (_, true) => Role::Blank,
                (Role::Blank, false) => Role::Content,
                (r, false) => r,
            };
            Ln { n: l.n, text, role }
        })
        .collect();
    let mut st = Structure::default();
    if ls.is_empty() {
        return st;
    }
    let mut dropped: Vec<(usize, Drop)> = Vec::new();

    // --- Letterhead: document type, header lines, title. ---
    let scan_limit = ls.len().min(80);
    let mut first_part = None;
    let mut dt_idx = None;
    for (i, l) in ls.iter().enumerate().take(scan_limit) {
        if l.role != Role::Content {
            continue;
        }
        if let Some(Marker::Part { .. }) = classify_line(&l.text).marker {
            first_part = Some(i);
            break;
        }
        if let Some(dt) = doc_type(&l.text) {
            st.document.doc_type = Some(dt.to_string());
            dt_idx = Some(i);
            break;
        }
    }
    // Without a type line, the letterhead is at most the first dozen lines before a part.
    let header_end = dt_idx.unwrap_or_else(|| first_part.unwrap_or(12).min(12).min(ls.len()));
    let mut issuer_lines = Vec::new();
    let mut doc_first: Option<u32> = None;
    let mut doc_last: Option<u32> = None;
    for (i, l) in ls.iter().enumerate().take(header_end) {
        match l.role {
            Role::Blank => continue,
            Role::PageNumber => {
                dropped.push((i, Drop::Page));
                continue;
            }
            Role::Noise => {
                dropped.push((i, Drop::Noise));
                continue;
            }
            Role::Content => {}
        }
        doc_first.get_or_insert(l.n);
        doc_last = Some(l.n);
        let mut rest = split_motto(&l.text).unwrap_or_else(|| l.text.clone());
        if let Some((num, s, e)) = find_doc_number(&rest) {
            if st.document.number.is_none() {
                st.document.number = Some(num);
            }
            rest = format!("{} {}", &rest[..s], &rest[e..]);
        }
        if let Some((place, iso, pstart)) = find_place_date(&rest) {
            if st.document.date.is_none() {
                st.document.date = Some(iso);
                st.document.place = place;
            }
            rest = rest[..pstart].to_string();
        }
        let rest = squash(&rest);
        let rest = rest.trim_matches(|c: char| !c.is_alphanumeric()).to_string();
        if mostly_upper(&rest, 0.75, 3) && !is_junk_line(&rest) && split_motto(&rest).is_none() {
            issuer_lines.push(rest);
        } else if !rest.is_empty() && is_junk_line(&l.text) {
            dropped.push((i, Drop::Junk));
        }
    }
    st.document.issuer = issuers(&issuer_lines);
    // Title.
    let mut title_lines: Vec<String> = Vec::new();
    let mut after_title = header_end;
    if let Some(dt) = dt_idx {
        doc_first.get_or_insert(ls[dt].n);
        doc_last = Some(ls[dt].n);
        after_title = dt + 1;
        let mut gap = false;
        let mut j = dt + 1;
        while j < ls.len() && title_lines.len() < 8 {
            let l = &ls[j];
            match l.role {
                Role::Blank => {
                    gap = true;
                    j += 1;
                    continue;
                }
                Role::PageNumber | Role::Noise => {
                    j += 1;
                    continue;
                }
                Role::Content => {}
            }
            if is_junk_line(&l.text) {
                dropped.push((j, Drop::Junk));
                j += 1;
                continue;
            }
            let c = classify_line(&l.text);
            if matches!(c.marker, Some(Marker::Part { .. }) | Some(Marker::Number { .. })) {
                break;
            }
            let take = if title_lines.is_empty() {
                true
            } else {
                let prev = title_lines.last().map_or("", |s| s.as_str());
                starts_lower(&l.text) || (!gap && !ends_punct(prev) && !is_preamble_start(&l.text))
            };
            if !take {
                break;
            }
            title_lines.push(l.text.clone());
            doc_last = Some(l.n);
            after_title = j + 1;
            gap = false;
            j += 1;
        }
    }
    if !title_lines.is_empty() {
        st.document.title = Some(join_lines(&title_lines));
    }
    if let (Some(a), Some(b)) = (doc_first, doc_last) {
        st.document.lines = Some(LineSpan(a, b));
    }

    // --- Body start: the first part heading after the title, else the first `1.` item. ---
    let mut first_part_after = None;
    let mut first_item = None;
    for (i, l) in ls.iter().enumerate().skip(after_title) {
        if l.role != Role::Content {
            continue;
        }
        let t = &l.text;
        if recipients_start(t).is_some() || appendix_heading(t).is_some_and(|_| mostly_upper(t, 0.8, 5)) {
            break;
        }
        match classify_line(t).marker {
            Some(Marker::Part { .. }) => {
                first_part_after = Some(i);
                break;
            }
            Some(Marker::Number { ref parts, dot: true })
                if parts.len() == 1 && parts[0] == 1 && first_item.is_none() =>
            {
                first_item = Some(i);
            }
            _ => {}
        }
    }
    let body_start = first_part_after.or(first_item);

    // --- End matter and appendices. ---
    let search_from = body_start.unwrap_or(after_title);
    let mut end_start = None;
    for (i, l) in ls.iter().enumerate().skip(search_from) {
        if l.role != Role::Content {
            continue;
        }
        let t = &l.text;
        let authority_line = find_title_run(t).is_some_and(|r| r.authority && r.start == 0);
        if recipients_start(t).is_some() || (is_closing(t) && body_start.is_some_and(|b| i > b)) || authority_line {
            end_start = Some(i);
            break;
        }
    }
    let mut appendix_starts: Vec<(usize, String, String)> = Vec::new();
    {
        let from = end_start.unwrap_or(search_from);
        for i in from..ls.len() {
            if ls[i].role != Role::Content {
                continue;
            }
            if let Some((label, rest)) = appendix_heading(&ls[i].text) {
                let strong = end_start.is_some() || mostly_upper(&ls[i].text, 0.8, 5) || next_upper_line(&ls, i);
                if !strong {
                    continue;
                }
                if appendix_starts.last().is_some_and(|a| a.1 == label) {
                    continue;
                }
                appendix_starts.push((i, label, rest));
            }
        }
    }
    let first_appendix = appendix_starts.first().map(|a| a.0).unwrap_or(ls.len());
    let body_end = end_start.unwrap_or(ls.len()).min(first_appendix);

    // --- Preamble and references. ---
    let pre_end = body_start.unwrap_or(body_end).min(body_end);
    let mut pre_lines: Vec<(u32, String)> = Vec::new();
    for l in ls.iter().take(pre_end).skip(after_title) {
        if l.role == Role::Content && !is_junk_line(&l.text) {
            pre_lines.push((l.n, l.text.clone()));
        }
    }
    if let (Some(f), Some(l)) = (pre_lines.first(), pre_lines.last()) {
        st.preamble = Some(Passage {
            text: join_lines(&pre_lines.iter().map(|x| x.1.clone()).collect::<Vec<_>>()),
            lines: Some(LineSpan(f.0, l.0)),
        });
    }
    {
        let mut cite_lines: Vec<(u32, String)> = Vec::new();
        if let Some(dt) = dt_idx {
            for l in ls.iter().take(after_title).skip(dt + 1) {
                if l.role == Role::Content {
                    cite_lines.push((l.n, l.text.clone()));
                }
            }
        }
        cite_lines.extend(pre_lines.iter().cloned());
        st.document.references = references_of(&cite_lines);
    }

    // --- Section tree. ---
    let body_range = body_start.map_or(0..0, |b| b..body_end.max(b));
    let width = typical_width(&ls, body_range.clone());
    let header_lines = running_headers(&ls, body_range.clone());
    let mut items: Vec<Item> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    let mut paths: HashSet<String> = HashSet::new();
    let mut prev_text: Option<String> = None;
    let mut gap = false;
    let mut part_seq = 0u32;
    let mut top_dashes = 0u32;
    let mut top_pluses = 0u32;
    let mut i = body_range.start;
    // Footnotes stand out by their length only where the body is wrapped at a width.
    let wrapped = is_wrapped(&ls, body_range.clone());
    let long = |t: &str| wrapped && char_len(t) as f64 > (width * 1.3).max(width + 25.0);
    while i < body_range.end {
        let l = &ls[i];
        match l.role {
            Role::Blank => {
                gap = true;
                i += 1;
                continue;
            }
            Role::PageNumber => {
                dropped.push((i, Drop::Page));
                gap = true;
                i += 1;
                continue;
            }
            Role::Noise => {
                dropped.push((i, Drop::Noise));
                gap = true;
                i += 1;
                continue;
            }
            Role::Content => {}
        }
        if header_lines.contains(&i) {
            dropped.push((i, Drop::Header));
            gap = true;
            i += 1;
            continue;
        }
        let mut c = classify_line(&l.text);
        if c.marker.is_none() && part_seq > 0 {
            // A part heading whose numeral OCR made unreadable (`Ừ. KÍNH PHỦ THỰC HIỆN` for
            // `IV.`): a short token with a period before an upper-case heading.
            if let Some(cap) = regex!(r"^(\S{1,3})\.\s*(\S.*)$").captures(&l.text) {
                let token = cap.get(1).map_or("", |m| m.as_str());
                let rest = cap.get(2).map_or("", |m| m.as_str());
                if token.chars().all(|ch| ch.is_uppercase() || ch == '|' || ch == '!')
                    && mostly_upper(rest, 0.8, 6)
                    && !ends_terminal(rest)
                    && char_len(rest) <= 120
                {
                    c = Classified { marker: Some(Marker::Part { value: 0, clean: false }), rest: rest.to_string() };
                }
            }
        }
        if c.marker.is_none() {
            // A numbered item in sequence after a finished sentence, its text damaged.
            if let Some((parts, rest)) = relaxed_number(&l.text) {
                let rank = parts.len().clamp(1, 4) as u8;
                let parent = stack.iter().rev().find(|&&t| items[t].rank < rank).copied();
                let prev = items.iter().rev().find(|it| it.rank == rank && it.parent == parent).map(|it| it.seq);
                let finished = prev_text.as_deref().is_none_or(ends_terminal) || gap;
                if finished && prev.is_some_and(|p| parts.last() == Some(&(p + 1))) {
                    c = Classified { marker: Some(Marker::Number { parts, dot: true }), rest: rest.to_string() };
                }
            }
        }
        if c.marker.is_none() && is_junk_line(&l.text) {
            dropped.push((i, Drop::Junk));
            gap = true;
            i += 1;
            continue;
        }
        // Footnotes: a line much longer than the body's, and the lines that continue it.
        let label_only = match &c.marker {
            None => true,
            Some(Marker::Number { parts, dot }) => !dot && parts.len() == 1,
            _ => false,
        };
        if long(&l.text) && label_only {
            let mut fl = vec![(l.n, l.text.clone())];
            let mut j = i + 1;
            while j < body_range.end {
                let nl = &ls[j];
                if nl.role != Role::Content || is_junk_line(&nl.text) {
                    break;
                }
                let nc = classify_line(&nl.text);
                if nc.marker.is_some() && !long(&nl.text) {
                    break;
                }
                if long(&nl.text) || starts_lower(&nl.text) {
                    fl.push((nl.n, nl.text.clone()));
                    j += 1;
                } else {
                    break;
                }
            }
            let text = join_lines(&fl.iter().map(|x| x.1.clone()).collect::<Vec<_>>());
            let (label, text) = match regex!(r"^(\d{1,2})\s+(\p{Lu}.*)$").captures(&text) {
                Some(cap) => (
                    cap.get(1).map(|m| m.as_str().to_string()),
                    cap.get(2).map_or(String::new(), |m| m.as_str().to_string()),
                ),
                None => (None, text.clone()),
            };
            st.footnotes.push(Footnote { label, text, lines: Some(LineSpan(fl[0].0, fl[fl.len() - 1].0)) });
            gap = true;
            i = j;
            continue;
        }
        // Decide whether the marker starts an item here.
        let accepted = c.marker.clone().and_then(|m| {
            let prev_full = prev_text.as_deref().is_some_and(|p| char_len(p) as f64 >= width * 0.8);
            accept_marker(m, &c.rest, &items, &stack, prev_text.as_deref(), prev_full, gap, part_seq, &l.text)
        });
        match accepted {
            Some((marker, seq, letter, note)) => {
                if let Some(note) = note {
                    st.diagnostics.push(Diagnostic::new(Level::Info, "marker-repaired", note).at(LineSpan::line(l.n)));
                }
                let rank = marker.rank();
                while stack.last().is_some_and(|&t| items[t].rank >= rank) {
                    stack.pop();
                }
                let parent = stack.last().copied();
                if let Marker::Part { .. } = marker {
                    part_seq = seq;
                }
                let (component, marker_text) = match &marker {
                    Marker::Part { .. } => (to_roman(seq), to_roman(seq)),
                    Marker::Number { parts, .. } => {
                        let mut p = parts.clone();
                        if let Some(last) = p.last_mut() {
                            *last = seq;
                        }
                        (seq.to_string(), p.iter().map(|x| x.to_string()).collect::<Vec<_>>().join("."))
                    }
                    Marker::Letter(_) => {
                        let s = letter.map(|c| c.to_string()).unwrap_or_default();
                        (s.clone(), s)
                    }
                    Marker::Paren { .. } => (format!("({seq})"), format!("({seq})")),
                    Marker::Dash => {
                        let k = match parent {
                            Some(p) => {
                                items[p].dashes += 1;
                                items[p].dashes
                            }
                            None => {
                                top_dashes += 1;
                                top_dashes
                            }
                        };
                        (format!("-{k}"), "-".to_string())
                    }
                    Marker::Plus => {
                        let k = match parent {
                            Some(p) => {
                                items[p].pluses += 1;
                                items[p].pluses
                            }
                            None => {
                                top_pluses += 1;
                                top_pluses
                            }
                        };
                        (format!("+{k}"), "+".to_string())
                    }
                };
                let mut path = match parent {
                    Some(p) => format!("{}.{}", items[p].path, component),
                    None => component,
                };
                if paths.contains(&path) {
                    let mut k = 2;
                    while paths.contains(&format!("{path}#{k}")) {
                        k += 1;
                    }
                    st.diagnostics.push(
                        Diagnostic::new(
                            Level::Warning,
                            "duplicate-path",
                            format!("section path {path} seen twice; this one is {path}#{k}"),
                        )
                        .at(LineSpan::line(l.n)),
                    );
                    path = format!("{path}#{k}");
                }
                paths.insert(path.clone());
                if let Some(p) = parent {
                    items[p].children += 1;
                }
                let depth = parent.map_or(1, |p| items[p].depth + 1);
                items.push(Item {
                    marker,
                    marker_text,
                    path,
                    depth,
                    rank,
                    parent,
                    seq,
                    letter,
                    dashes: 0,
                    pluses: 0,
                    children: 0,
                    lines: vec![OwnLine { n: l.n, text: c.rest.clone(), full_len: char_len(&l.text), gap_before: gap }],
                    last_n: l.n,
                });
                stack.push(items.len() - 1);
            }
            None => {
                let own = OwnLine { n: l.n, text: l.text.clone(), full_len: char_len(&l.text), gap_before: gap };
                match stack.last() {
                    Some(&t) => {
                        items[t].lines.push(own);
                        items[t].last_n = l.n;
                    }
                    None => {
                        // Text before the first item: nothing to hang it on.
                        st.diagnostics.push(
                            Diagnostic::new(
                                Level::Warning,
                                "orphan-text",
                                "text before the first section kept out of the tree",
                            )
                            .at(LineSpan::line(l.n)),
                        );
                    }
                }
            }
        }
        prev_text = Some(l.text.clone());
        gap = false;
        i += 1;
    }
    st.sections = finish_sections(&mut items, width);

    // --- End matter. ---
    if let Some(es) = end_start.filter(|&e| e < first_appendix) {
        end_matter(&ls, es, first_appendix, &mut st, &mut dropped);
    }

    // --- Appendices. ---
    for (k, (i, label, rest)) in appendix_starts.iter().enumerate() {
        let stop = appendix_starts.get(k + 1).map_or(ls.len(), |a| a.0);
        let last = (*i..stop).rev().find(|&j| ls[j].role == Role::Content).unwrap_or(*i);
        let mut title: Vec<String> = Vec::new();
        if !rest.is_empty() {
            title.push(rest.clone());
        }
        for l in ls.iter().take(stop).skip(i + 1) {
            if l.role != Role::Content {
                continue;
            }
            if mostly_upper(&l.text, 0.8, 4) && title.len() < 3 && !l.text.contains('|') {
                title.push(l.text.clone());
            } else {
                break;
            }
        }
        st.appendices.push(Appendix {
            label: label.clone(),
            title: (!title.is_empty()).then(|| join_lines(&title)),
            lines: Some(LineSpan(ls[*i].n, ls[last].n)),
        });
    }

    // --- Diagnostics. ---
    report_dropped(&ls, &mut dropped, &mut st.diagnostics);
    for (field, missing) in [
        ("number", st.document.number.is_none()),
        ("date", st.document.date.is_none()),
        ("doc_type", st.document.doc_type.is_none()),
        ("sections", st.sections.is_empty()),
    ] {
        if missing {
            st.diagnostics.push(Diagnostic::new(Level::Warning, "structure-missing", format!("no {field} found")));
        }
    }
    st
}

/// Lines that open the preamble.
fn is_preamble_start(text: &str) -> bool {
    let k = key(text);
    [
        "can cu",
        "thuc hien",
        "theo de nghi",
        "xet ",
        "trien khai",
        "nham ",
        "tren co so",
        "de trien khai",
        "de thuc hien",
    ]
    .iter()
    .any(|p| k.starts_with(p))
}

fn next_upper_line(ls: &[Ln], i: usize) -> bool {
    ls.iter().skip(i + 1).find(|l| l.role == Role::Content).is_some_and(|l| mostly_upper(&l.text, 0.8, 5))
}

/// Whether the body is wrapped at a width (most long lines stop mid-sentence), rather
/// than written one paragraph per line.
fn is_wrapped(ls: &[Ln], range: std::ops::Range<usize>) -> bool {
    let lines: Vec<&Ln> =
        ls.get(range).unwrap_or(&[]).iter().filter(|l| l.role == Role::Content && char_len(&l.text) >= 40).collect();
    let open = lines.iter().filter(|l| !ends_punct(&l.text)).count();
    !lines.is_empty() && open * 3 >= lines.len()
}

/// The usual length of a body line: the 80th percentile of the lines of 20 characters
/// or more.
fn typical_width(ls: &[Ln], range: std::ops::Range<usize>) -> f64 {
    let mut lens: Vec<usize> = ls
        .get(range)
        .unwrap_or(&[])
        .iter()
        .filter(|l| l.role == Role::Content)
        .map(|l| char_len(&l.text))
        .filter(|n| *n >= 20)
        .collect();
    if lens.len() < 5 {
        return 80.0;
    }
    lens.sort_unstable();
    lens[(lens.len() * 8 / 10).min(lens.len() - 1)] as f64
}

/// Running headers: a short line repeated three times or more, each time next to a
/// page number.
fn running_headers(ls: &[Ln], range: std::ops::Range<usize>) -> HashSet<usize> {
    let mut by_text: HashMap<&str, Vec<usize>> = HashMap::new();
    for i in range {
        let l = &ls[i];
        if l.role == Role::Content && char_len(&l.text) <= 80 && classify_line(&l.text).marker.is_none() {
            by_text.entry(l.text.as_str()).or_default().push(i);
        }
    }
    let near_page = |i: usize| {
        let lo = i.saturating_sub(3);
        let hi = (i + 4).min(ls.len());
        (lo..hi).any(|k| ls[k].role == Role::PageNumber)
    };
    let mut out = HashSet::new();
    for (_, v) in by_text {
        if v.len() >= 3 && v.iter().filter(|&&i| near_page(i)).count() * 3 >= v.len() * 2 {
            out.extend(v);
        }
    }
    out
}

type Accepted = (Marker, u32, Option<char>, Option<String>);

/// Checks a marker against its context; returns the marker with its sequence value
/// (the number or letter it stands for), or `None` when the line is text.
#[allow(clippy::too_many_arguments)]
fn accept_marker(
    m: Marker,
    rest: &str,
    items: &[Item],
    stack: &[usize],
    prev_text: Option<&str>,
    prev_full: bool,
    gap: bool,
    part_seq: u32,
    line: &str,
) -> Option<Accepted> {
    // The parent a marker of this rank would get, and its children of the same rank.
    let parent_of = |rank: u8| stack.iter().rev().find(|&&t| items[t].rank < rank).copied();
    let last_sibling = |rank: u8| {
        let parent = parent_of(rank);
        // The newest item of this rank under that parent, searching back to the parent.
        items
            .iter()
            .enumerate()
            .rev()
            .take_while(|(k, _)| Some(*k) != parent)
            .find(|(_, it)| it.rank == rank && it.parent == parent)
            .map(|(_, it)| it)
    };
    let prev_open = prev_text.is_some_and(|p| !ends_terminal(p));
    match m {
        Marker::Part { value, clean } => {
            if value <= part_seq && !mostly_upper(rest, 0.6, 3) {
                // Parts do not go back: `I. Mục đích` inside a part is OCR's `1.`.
                let single = line.trim_start().chars().nth(1) == Some('.');
                if value == 1 && single {
                    let m = Marker::Number { parts: vec![1], dot: true };
                    return accept_marker(m, rest, items, stack, prev_text, prev_full, gap, part_seq, line);
                }
                return None;
            }
            let expected = part_seq + 1;
            if value == expected {
                Some((m, value, None, None))
            } else if !clean || value <= part_seq {
                let note = format!("part heading `{}` read as {}", first_token(line), to_roman(expected));
                Some((m, expected, None, Some(note)))
            } else {
                Some((m, value, None, None))
            }
        }
        Marker::Number { ref parts, dot } => {
            let rank = m.rank();
            let last = *parts.last()?;
            let prev = last_sibling(rank).map(|it| it.seq);
            let ok = if dot || parts.len() > 1 {
                match prev {
                    Some(p) => last == 1 || (last > p && last <= p + 2),
                    None => last <= 2,
                }
            } else {
                prev.map_or(last == 1, |p| last == p + 1) && starts_upper(rest)
            };
            // A number that continues a sentence (`... tại văn bản số` + `12. ...`) is text.
            let ok = ok && !(prev_open && !gap && prev.is_none_or(|p| last != p + 1) && last != 1);
            ok.then_some((m, last, None, None))
        }
        Marker::Letter(ref cands) => {
            let prev = last_sibling(5).and_then(|it| it.letter);
            let letter = resolve_letter(cands, prev)?;
            let note =
                (!cands.contains(&letter)).then(|| format!("point mark `{}` read as {letter})", first_token(line)));
            Some((m, letter_index(letter).unwrap_or(0) as u32, Some(letter), note))
        }
        Marker::Paren { value, bare } => {
            // A bare number in a run of lettered points is a damaged letter (`1)` for `l)`).
            if bare && let Some(prev) = last_sibling(5).and_then(|it| it.letter) {
                let cands: Vec<char> = match value {
                    1 => vec!['i', 'l'],
                    0 => vec!['o'],
                    5 => vec!['s'],
                    _ => Vec::new(),
                };
                if !cands.is_empty()
                    && let Some(letter) = resolve_letter(&cands, Some(prev))
                {
                    let note = Some(format!("point mark `{}` read as {letter})", first_token(line)));
                    return Some((Marker::Letter(cands), letter_index(letter).unwrap_or(0) as u32, Some(letter), note));
                }
            }
            let prev = last_sibling(6).map(|it| it.seq);
            let ok = match prev {
                Some(p) => value == p + 1,
                None => value == 1,
            };
            ok.then_some((m, value, None, None))
        }
        Marker::Dash | Marker::Plus => {
            // `chính trị` + `- xã hội`, `02` + `- 05%/năm`: a dash that continues a wrapped line
            // (a full line without final punctuation; a short one is a heading).
            let continues = prev_open && prev_full && (starts_lower(rest) || (starts_digit(rest) && !gap));
            (!continues).then_some((m, 0, None, None))
        }
    }
}

fn first_token(line: &str) -> String {
    line.split_whitespace().next().unwrap_or("").chars().take(8).collect()
}

/// Splits an item's own lines into its first block and the rest.
fn first_block_len(lines: &[OwnLine], short: f64, part: bool) -> usize {
    if part {
        let mut k = 1;
        while k < lines.len() && mostly_upper(&lines[k].text, 0.7, 3) && !ends_terminal(&lines[k - 1].text) {
            k += 1;
        }
        return k;
    }
    let mut k = 1;
    while k < lines.len() {
        let a = &lines[k - 1];
        let b = &lines[k];
        if ends_terminal(&a.text) {
            break;
        }
        if starts_upper(&b.text) {
            // A short line ends the block; so does a blank line, unless the line before
            // it stops on a word that wants more (`của`, `và`) or runs well past the width.
            let len = a.full_len as f64;
            if len < short || (b.gap_before && len <= short / 0.8 * 1.1 && !ends_with_continuation_word(&a.text)) {
                break;
            }
        }
        k += 1;
    }
    k
}

/// Words a wrapped line ends on when the sentence goes on (`của` + `Bộ Chính trị`).
fn ends_with_continuation_word(text: &str) -> bool {
    const WORDS: [&str; 26] = [
        "cua", "va", "ve", "cac", "voi", "tai", "cho", "trong", "theo", "tu", "den", "la", "de", "nhung", "thuoc",
        "giua", "hoac", "nhu", "cung", "do", "boi", "vao", "tren", "duoi", "bo", "ban",
    ];
    let last = text.split_whitespace().next_back().map(word_key).unwrap_or_default();
    WORDS.contains(&last.as_str())
}

/// Joins lines into paragraphs: a break after final punctuation when the line is short
/// or a blank line follows, and the next starts with a capital.
fn paragraphs(lines: &[OwnLine], short: f64) -> String {
    let mut paras: Vec<Vec<&str>> = Vec::new();
    for (k, l) in lines.iter().enumerate() {
        let new_para = k == 0 || {
            let a = &lines[k - 1];
            ends_terminal(&a.text)
                && ((a.full_len as f64) < short || l.gap_before)
                && (starts_upper(&l.text) || l.text.starts_with('('))
        };
        if new_para {
            paras.push(vec![l.text.as_str()]);
        } else if let Some(p) = paras.last_mut() {
            p.push(l.text.as_str());
        }
    }
    paras.iter().map(|p| join_lines(p)).collect::<Vec<_>>().join("\n")
}

fn finish_sections(items: &mut [Item], width: f64) -> Vec<Section> {
    // Spans cover the item and everything under it.
    for k in (0..items.len()).rev() {
        if let Some(p) = items[k].parent {
            let last = items[k].last_n;
            if last > items[p].last_n {
                items[p].last_n = last;
            }
        }
    }
    let short = width * 0.8;
    items
        .iter()
        .map(|it| {
            let part = matches!(it.marker, Marker::Part { .. });
            let fb = first_block_len(&it.lines, short, part).min(it.lines.len());
            let first = join_lines(&it.lines[..fb].iter().map(|l| l.text.as_str()).collect::<Vec<_>>());
            let more = fb < it.lines.len();
            let heading = if part {
                true
            } else {
                let upper = mostly_upper(&first, 0.8, 4) && char_len(&first) <= 200;
                upper || (!ends_punct(&first) && char_len(&first) <= 250 && (it.children > 0 || more))
            };
            let (heading, text) = if heading {
                (Some(first.trim_end_matches(':').trim().to_string()), paragraphs(&it.lines[fb..], short))
            } else {
                (None, paragraphs(&it.lines, short))
            };
            Section {
                path: it.path.clone(),
                marker: it.marker_text.clone(),
                level: it.depth,
                heading,
                text,
                lines: LineSpan(it.lines.first().map_or(0, |l| l.n), it.last_n),
            }
        })
        .collect()
}

/// Citations of the title and preamble, one per number, in order.
fn references_of(lines: &[(u32, String)]) -> Vec<Reference> {
    // Join the lines, remembering where each starts.
    let mut text = String::new();
    let mut starts: Vec<(usize, u32)> = Vec::new();
    for (n, t) in lines {
        let joined = join_lines(&[text.as_str(), t.as_str()]);
        let offset = if text.is_empty() { 0 } else { joined.len() - t.trim().len() };
        text = joined;
        starts.push((offset, *n));
    }
    let line_at = |off: usize| starts.iter().rev().find(|(s, _)| *s <= off).map_or(0, |(_, n)| *n);
    let mut out: Vec<Reference> = Vec::new();
    for c in find_references(&text) {
        let span = LineSpan(line_at(c.start), line_at(c.end.saturating_sub(1).max(c.start)));
        if let Some(r) = out.iter_mut().find(|r| r.number == c.number) {
            if r.date.is_none() {
                r.date = c.date;
            }
            if r.kind.is_none() {
                r.kind = c.kind;
            }
            continue;
        }
        out.push(Reference { number: c.number, kind: c.kind, date: c.date, lines: span });
    }
    out
}

/// Reads the end matter: closing paragraph, recipients, signer's title and name.
fn end_matter(ls: &[Ln], start: usize, stop: usize, st: &mut Structure, dropped: &mut Vec<(usize, Drop)>) {
    let mut i = start;
    // Closing paragraph.
    if is_closing(&ls[i].text) {
        let mut cl: Vec<(u32, String)> = Vec::new();
        while i < stop {
            let l = &ls[i];
            if l.role == Role::Content {
                let t = &l.text;
                if !cl.is_empty()
                    && (recipients_start(t).is_some()
                        || find_title_run(t).is_some_and(|r| r.authority)
                        || classify_line(t).marker == Some(Marker::Dash))
                {
                    break;
                }
                cl.push((l.n, t.clone()));
            }
            i += 1;
        }
        if let (Some(f), Some(l)) = (cl.first(), cl.last()) {
            st.closing = Some(Passage {
                text: join_lines(&cl.iter().map(|x| x.1.clone()).collect::<Vec<_>>()),
                lines: Some(LineSpan(f.0, l.0)),
            });
        }
    }
    let mut titles: Vec<(usize, TitleRun)> = Vec::new();
    let mut names: Vec<(usize, String, bool)> = Vec::new();
    let mut recipients: Vec<String> = Vec::new();
    let mut open = false;
    let mut in_list = true;
    while i < stop {
        let l = &ls[i];
        match l.role {
            Role::Content => {}
            Role::PageNumber => {
                dropped.push((i, Drop::Page));
                i += 1;
                continue;
            }
            Role::Noise => {
                dropped.push((i, Drop::Noise));
                i += 1;
                continue;
            }
            Role::Blank => {
                i += 1;
                continue;
            }
        }
        let mut s = l.text.clone();
        let mut header = false;
        if let Some(rest) = recipients_start(&s) {
            s = rest;
            header = true;
            in_list = true;
        }
        let dash = !header && matches!(classify_line(&s).marker, Some(Marker::Dash));
        let body = if dash {
            s.trim_start_matches(['-', '–', '—', '−', '•']).trim_start().to_string()
        } else {
            s.clone()
        };
        // The right column: a title, then maybe a name or stamp junk.
        let (mut left, right) = match find_title_run(&body) {
            Some(run) => {
                let after = body[run.end..].to_string();
                titles.push((i, run.clone()));
                if let Some((name, known)) = person_name(&after) {
                    names.push((i, name, known));
                }
                (body[..run.start].to_string(), true)
            }
            None => (body.clone(), false),
        };
        // Stamp junk glued to the text without a terminator: cut at its first word.
        if let Some(p) = left
            .split_whitespace()
            .find(|w| w.chars().any(|c| "\\|{}@#$%^*_=<>~»«¢©®ﬁﬂ".contains(c)))
            .map(|w| w.as_ptr() as usize - left.as_ptr() as usize)
        {
            left.truncate(p);
            // A title the restorer could not read stays before it (`PHÓ BÍ THL`).
            let words: Vec<&str> = left.split_whitespace().collect();
            let upper_tail = words.iter().rev().take_while(|w| mostly_upper(w, 1.0, 1)).count();
            if upper_tail >= 2 && upper_tail < words.len() {
                let keep = words[..words.len() - upper_tail].join(" ");
                left = keep;
            }
        }
        // A name or junk after a recipient's terminator.
        let is_archive = key(&left).trim_start().starts_with("luu");
        if !is_archive {
            let cut = left.char_indices().filter(|(_, c)| *c == ';' || *c == ',').map(|(p, _)| p).find(|&p| {
                let tail = left[p + 1..].trim();
                !tail.is_empty() && (person_name(tail).is_some() || is_junk_tail(tail))
            });
            if let Some(p) = cut {
                let tail = left[p + 1..].trim().to_string();
                if let Some((name, known)) = person_name(&tail) {
                    names.push((i, name, known));
                }
                left.truncate(p + 1);
            }
        }
        let left_t = left.trim().to_string();
        let mut used = false;
        if dash && in_list {
            if !clean_recipient(&left_t).is_empty() {
                open = !left_t.trim_end().ends_with([';', '.']);
                if is_archive {
                    open = false;
                    in_list = false;
                }
                recipients.push(left_t.clone());
                used = true;
            }
        } else if !dash
            && !header
            && in_list
            && open
            && !left_t.is_empty()
            && !right
            && person_name(&left_t).is_none()
            && !is_junk_tail(&left_t)
        {
            if let Some(last) = recipients.last_mut() {
                last.push(' ');
                last.push_str(&left_t);
                open = !left_t.trim_end().ends_with([';', '.']);
                used = true;
            }
        } else if !dash
            && !header
            && let Some((name, known)) = person_name(&left_t)
        {
            names.push((i, name, known));
            used = true;
        }
        if !used && !right && !header && is_junk_line(&l.text) {
            dropped.push((i, Drop::Junk));
        }
        i += 1;
    }
    st.document.recipients = recipients.iter().map(|r| clean_recipient(r)).filter(|r| !r.is_empty()).collect();
    // The signer's title: the last authority line and the positions after it.
    if let Some(k) = titles.iter().rposition(|(_, r)| r.authority) {
        st.document.signer_title =
            Some(titles[k..].iter().map(|(_, r)| r.text.clone()).collect::<Vec<_>>().join(" / "));
    } else if !titles.is_empty() {
        st.document.signer_title = Some(titles.iter().map(|(_, r)| r.text.clone()).collect::<Vec<_>>().join(" / "));
    }
    let from = titles.first().map_or(0, |t| t.0);
    let pick =
        names.iter().find(|(i, _, known)| *known && *i >= from).or_else(|| names.iter().find(|(i, _, _)| *i >= from));
    st.document.signer = pick.map(|p| p.1.clone());
}

fn clean_recipient(s: &str) -> String {
    squash(s.trim().trim_end_matches([';', ',', '.', ' ']))
}

fn report_dropped(ls: &[Ln], dropped: &mut [(usize, Drop)], out: &mut Vec<Diagnostic>) {
    dropped.sort_by_key(|d| d.0);
    let mut k = 0;
    while k < dropped.len() {
        let mut j = k + 1;
        // Group lines dropped with only blank lines between them.
        while j < dropped.len() && (dropped[j - 1].0 + 1..dropped[j].0).all(|x| ls[x].role == Role::Blank) {
            j += 1;
        }
        let group = &dropped[k..j];
        let first = ls[group[0].0].n;
        let last = ls[group[group.len() - 1].0].n;
        let mut reasons: Vec<&str> = group.iter().map(|d| d.1.name()).collect();
        reasons.dedup();
        let texts: Vec<String> =
            group.iter().map(|d| format!("`{}`", ls[d.0].text.chars().take(60).collect::<String>())).collect();
        out.push(
            Diagnostic::new(
                Level::Info,
                "layout-dropped",
                format!("{} line(s) dropped as {}: {}", group.len(), reasons.join(", "), texts.join(", ")),
            )
            .at(LineSpan(first, last)),
        );
        k = j;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marker(t: &str) -> Option<Marker> {
        classify_line(t).marker
    }

    #[test]
    fn roman_parts_as_ocr_leaves_them() {
        assert_eq!(marker("I. MỤC ĐÍCH, YÊU CẦU"), Some(Marker::Part { value: 1, clean: true }));
        assert_eq!(marker("Il. CÁC CHỈ TIÊU CHỦ YẾU"), Some(Marker::Part { value: 2, clean: false }));
        assert_eq!(marker("I11. NHIỆM VỤ CỤ THỂ"), Some(Marker::Part { value: 3, clean: false }));
        assert_eq!(marker("ii. YÊU CẦU"), Some(Marker::Part { value: 2, clean: false }));
        assert_eq!(marker("1V. TỔ CHỨC THỰC HIỆN"), Some(Marker::Part { value: 4, clean: false }));
        assert_eq!(marker("Hl. NHIEM VU VA GIA PHAP"), Some(Marker::Part { value: 3, clean: false }));
        assert_eq!(marker("V.TỔ CHỨC THỰC HIỆN"), Some(Marker::Part { value: 5, clean: true }));
        assert_eq!(classify_line("V.TỔ CHỨC THỰC HIỆN").rest, "TỔ CHỨC THỰC HIỆN");
        // A damaged numeral needs an upper-case heading.
        assert_eq!(marker("Il. Các chỉ tiêu"), None);
        assert_eq!(marker("1. MỤC ĐÍCH"), Some(Marker::Number { parts: vec![1], dot: true }));
    }

    #[test]
    fn numbered_items() {
        assert_eq!(marker("1. Mục đích"), Some(Marker::Number { parts: vec![1], dot: true }));
        assert_eq!(marker("1.1. Thành lập Ban Chỉ đạo"), Some(Marker::Number { parts: vec![1, 1], dot: true }));
        assert_eq!(marker("2.1 Đến hết năm 2025"), Some(Marker::Number { parts: vec![2, 1], dot: false }));
        assert_eq!(marker("1.Mục đích"), Some(Marker::Number { parts: vec![1], dot: true }));
        assert_eq!(marker("|. Mục đích"), Some(Marker::Number { parts: vec![1], dot: true }));
        assert_eq!(marker("l. Mục đích"), Some(Marker::Number { parts: vec![1], dot: true }));
        // `I.` before Title Case text reads as a part here; the builder decides in context.
        assert_eq!(marker("I. Mục đích"), Some(Marker::Part { value: 1, clean: true }));
        assert_eq!(marker("2 Tổng số: 212 chỉ tiêu"), Some(Marker::Number { parts: vec![2], dot: false }));
        // Numbers that are not markers.
        assert_eq!(marker("2045 gồm 05 nhóm chỉ tiêu"), None);
        assert_eq!(marker("12 tháng nghiệm thu."), None);
        assert_eq!(marker("01/4/2025 của Chính phủ"), None);
        assert_eq!(marker("100% cán bộ"), None);
        assert_eq!(marker("2.000 cán bộ"), None);
        assert_eq!(marker("1552/BTTTT-TTH và 708/BTTTT-CATTT;"), None);
    }

    #[test]
    fn lettered_points_and_their_damage() {
        assert_eq!(marker("a) Triển khai"), Some(Marker::Letter(vec!['a'])));
        assert_eq!(marker("đ) Quy mô kinh tế số"), Some(Marker::Letter(vec!['đ'])));
        assert_eq!(marker("¢) Thường xuyên kiểm tra"), Some(Marker::Letter(vec!['c'])));
        assert_eq!(marker("'b) Chỉ số đánh giá"), Some(Marker::Letter(vec!['b'])));
        assert_eq!(marker(") Chỉ số đổi mới"), Some(Marker::Letter(vec![])));
        assert_eq!(marker("K) Số lượng đơn"), Some(Marker::Letter(vec!['k'])));
        assert_eq!(marker("0) Hạ tầng công nghệ"), Some(Marker::Letter(vec!['o'])));
        assert_eq!(marker("sở) Trung tâm dữ liệu"), Some(Marker::Letter(vec!['s'])));
        assert_eq!(marker(", p) Hoàn thành kết nối"), Some(Marker::Letter(vec!['p'])));
        assert_eq!(marker("~ d) Xây dựng"), Some(Marker::Letter(vec!['d'])));
        assert_eq!(marker("a,) Phát triển hạ tầng"), Some(Marker::Letter(vec!['a'])));
        assert_eq!(marker("(a) Phát triển"), Some(Marker::Letter(vec!['a'])));
        // Not points: lower-case text after the mark, a closing bracket in running text.
        assert_eq!(marker("a) của Chính phủ"), None);
        assert_eq!(marker("của Bộ) Chính trị"), None);
    }

    #[test]
    fn letter_sequence_repairs() {
        assert_eq!(resolve_letter(&['a'], None), Some('a'));
        assert_eq!(resolve_letter(&['c'], Some('b')), Some('c'));
        assert_eq!(resolve_letter(&['e'], Some('b')), Some('c')); // c read as e
        assert_eq!(resolve_letter(&['d'], Some('d')), Some('đ')); // đ read as d
        assert_eq!(resolve_letter(&['i', 'l'], Some('k')), Some('l'));
        assert_eq!(resolve_letter(&['i', 'l'], Some('h')), Some('i'));
        assert_eq!(resolve_letter(&[], Some('b')), Some('c'));
        assert_eq!(resolve_letter(&[], None), None);
        assert_eq!(resolve_letter(&['e'], Some('d')), Some('e')); // đ skipped
        assert_eq!(resolve_letter(&['w'], Some('v')), Some('w'));
        assert_eq!(resolve_letter(&['a'], Some('k')), None);
        assert_eq!(next_letter('d'), 'đ');
        assert_eq!(next_letter('e'), 'g');
        assert_eq!(next_letter('i'), 'k');
    }

    #[test]
    fn parens_and_bullets() {
        assert_eq!(marker("(1) Nhóm phát triển hạ tầng"), Some(Marker::Paren { value: 1, bare: false }));
        assert_eq!(marker("1) Quản lý nhà nước"), Some(Marker::Paren { value: 1, bare: true }));
        assert_eq!(marker("- Chính phủ;"), Some(Marker::Dash));
        assert_eq!(marker("-Bộ KH&CN, Bộ TT&TT;"), Some(Marker::Dash));
        assert_eq!(classify_line("-Bộ KH&CN").rest, "Bộ KH&CN");
        assert_eq!(marker("+ Tỷ lệ"), Some(Marker::Plus));
        assert_eq!(marker("---------"), None);
        assert_eq!(marker("- xã hội xây dựng"), Some(Marker::Dash)); // the builder decides
    }

    #[test]
    fn motto_is_cut_from_merged_columns() {
        assert_eq!(
            split_motto("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").as_deref(),
            Some("ỦY BAN NHÂN DÂN")
        );
        assert_eq!(split_motto("TỈNH BÌNH PHƯỚC Độc lập - Tự do - Hạnh phúc").as_deref(), Some("TỈNH BÌNH PHƯỚC"));
        assert_eq!(split_motto("TỈNH BÌNH PHƯỚC Pọc lập - Tự do - Hạnh phúc").as_deref(), Some("TỈNH BÌNH PHƯỚC"));
        assert_eq!(
            split_motto("ĐẢNG BỘ TỈNH THANH HÓA ĐẢNG CỘNG SẢN VIỆT NAM").as_deref(),
            Some("ĐẢNG BỘ TỈNH THANH HÓA")
        );
        assert_eq!(
            split_motto("PANG BO TINH THANH HOA DPANG CONG SAN VIET NAM").as_deref(),
            Some("PANG BO TINH THANH HOA")
        );
        assert_eq!(split_motto("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").as_deref(), Some(""));
        assert_eq!(split_motto("THỊ ỦY BỈM SƠN"), None);
        assert_eq!(split_motto("Độc lập - Tự do - Hạnh phúc").as_deref(), Some(""));
    }

    #[test]
    fn document_numbers() {
        let n = |t: &str| find_doc_number(t).map(|x| x.0);
        assert_eq!(n("Số: 57 /KH-UBND Bình Phước, ngày 23 tháng 02 năm 2025").as_deref(), Some("57/KH-UBND"));
        assert_eq!(n("Số 261 -KH/TU").as_deref(), Some("261-KH/TU"));
        assert_eq!(n("S6 261 -KH/TU").as_deref(), Some("261-KH/TU"));
        assert_eq!(n(" Số 261-KHITU Thái Nguyên, ngày 22 tháng 5 năm 2025").as_deref(), Some("261-KH/TU"));
        assert_eq!(n("Số hóa dữ liệu"), None);
        assert_eq!(normalize_doc_number("204-QD/TW"), "204-QĐ/TW");
        assert_eq!(normalize_doc_number("57- NQ/TW"), "57-NQ/TW");
    }

    #[test]
    fn place_and_date() {
        let (place, date, _) = find_place_date("Bình Phước, ngày 23 tháng 02 năm 2025").unwrap();
        assert_eq!((place.as_deref(), date.as_str()), (Some("Bình Phước"), "2025-02-23"));
        let (place, date, _) = find_place_date("Số: 57 /KH-UBND Bình Phước, ngày 23 tháng 02 năm 2025").unwrap();
        assert_eq!((place.as_deref(), date.as_str()), (Some("Bình Phước"), "2025-02-23"));
        // OCR: `ngayi3 thangs` is the 13th of May.
        let (place, date, _) = find_place_date("Bỉm Sơn, ngayi3 thangs năm 2025").unwrap();
        assert_eq!((place.as_deref(), date.as_str()), (Some("Bỉm Sơn"), "2025-05-13"));
        let (place, date, _) = find_place_date("Thai Nguyen, ngày 22 tháng 5 nàm 2025").unwrap();
        assert_eq!((place.as_deref(), date.as_str()), (Some("Thai Nguyen"), "2025-05-22"));
        assert!(find_place_date("ngày 45 tháng 13 năm 2025").is_none());
        assert!(find_place_date("Thực hiện Nghị quyết").is_none());
    }

    #[test]
    fn document_types() {
        assert_eq!(doc_type("KẾ HOẠCH"), Some("KẾ HOẠCH"));
        assert_eq!(doc_type("KẾ HOẠCH HÀNH ĐỘNG"), Some("KẾ HOẠCH HÀNH ĐỘNG"));
        assert_eq!(doc_type("KẾ HOẠCH HÀNH BÓNG"), Some("KẾ HOẠCH HÀNH ĐỘNG"));
        assert_eq!(doc_type("KE HOACH"), Some("KẾ HOẠCH"));
        assert_eq!(doc_type("Kế hoạch"), None);
        assert_eq!(doc_type("KẾ HOẠCH PHÁT TRIỂN"), None);
    }

    #[test]
    fn issuers_join_units_and_split_bodies() {
        let v = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(issuers(&v(&["ỦY BAN NHÂN DÂN", "TỈNH BÌNH PHƯỚC"])), v(&["ỦY BAN NHÂN DÂN TỈNH BÌNH PHƯỚC"]));
        assert_eq!(
            issuers(&v(&["ĐẢNG BỘ TỈNH THANH HÓA", "THỊ ỦY BỈM SƠN"])),
            v(&["ĐẢNG BỘ TỈNH THANH HÓA", "THỊ ỦY BỈM SƠN"])
        );
        assert_eq!(
            issuers(&v(&["PĂNG BỘ TỈNH THANH HÓA", "TỈNH ỦY THÁI NGUYÊN"])),
            v(&["ĐẢNG BỘ TỈNH THANH HÓA", "TỈNH ỦY THÁI NGUYÊN"])
        );
    }

    #[test]
    fn references_in_running_text() {
        let t = "Thực hiện Nghị quyết số 03/NQ-CP ngày 09/01/2025 của Chính phủ ban hành Chương trình hành động thực hiện \
                 Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị; Tờ trình số 346/TTr-SKHCN ngày 19/02/2025; \
                 văn bản số 1552/BTTTT-TTH và 708/BTTTT-CATTT; Nghị quyết số 193/2025/QH15 của Quốc hội; \
                 Kế hoạch hành động số 266-KH/TU ngày 26/4/2025; Nghị quyết số 57- NQ/TWngày 22 tháng 12 năm 2024; \
                 Quyết định số 411/QĐ-TTg ngày 31/3/2022";
        let r = find_references(t);
        let got: Vec<(&str, Option<&str>, Option<&str>)> =
            r.iter().map(|c| (c.number.as_str(), c.kind.as_deref(), c.date.as_deref())).collect();
        assert_eq!(
            got,
            vec![
                ("03/NQ-CP", Some("Nghị quyết"), Some("2025-01-09")),
                ("57-NQ/TW", Some("Nghị quyết"), Some("2024-12-22")),
                ("346/TTr-SKHCN", Some("Tờ trình"), Some("2025-02-19")),
                ("1552/BTTTT-TTH", Some("Văn bản"), None),
                ("708/BTTTT-CATTT", Some("Văn bản"), None),
                ("193/2025/QH15", Some("Nghị quyết"), None),
                ("266-KH/TU", Some("Kế hoạch hành động"), Some("2025-04-26")),
                ("57-NQ/TW", Some("Nghị quyết"), Some("2024-12-22")),
                ("411/QĐ-TTg", Some("Quyết định"), Some("2022-03-31")),
            ]
        );
        assert!(find_references("ngày 22/12/2024 và (Nga.103/25)").is_empty());
    }

    #[test]
    fn end_matter_lines() {
        assert_eq!(recipients_start("Nơi nhận: TM. ỦY BAN NHÂN DÂN").as_deref(), Some("TM. ỦY BAN NHÂN DÂN"));
        assert_eq!(recipients_start("Nơi nhgn: TM. ỦY BAN NHÂN DÂN").as_deref(), Some("TM. ỦY BAN NHÂN DÂN"));
        assert_eq!(recipients_start("Nơi nhận:").as_deref(), Some(""));
        assert_eq!(recipients_start("Nội dung: abc"), None);
        let r = find_title_run("- Chính phủ; KT.CHỦ TỊCH").unwrap();
        assert_eq!((r.text.as_str(), r.authority), ("KT. CHỦ TỊCH", true));
        let r = find_title_run("T/M BAN THƯỜNG VỤ").unwrap();
        assert_eq!(r.text, "T/M BAN THƯỜNG VỤ");
        let r = find_title_run("- Ban Chỉ đạo Tỉnh về phát triển PHÓ BÍ THƯ Iﬁm@]\\jﬂgﬂ’c").unwrap();
        assert_eq!((r.text.as_str(), r.authority), ("PHÓ BÍ THƯ", false));
        assert_eq!(find_title_run("PHÓ CHỦ TỊCH 4").map(|r| r.text), Some("PHÓ CHỦ TỊCH".to_string()));
        assert_eq!(find_title_run("- TTTU, TT HĐND tỉnh,"), None);
        assert_eq!(find_title_run("ỦY BAN NHÂN DÂN TỈNH"), None);
        assert_eq!(person_name("Trần Tuyết Minh"), Some(("Trần Tuyết Minh".to_string(), true)));
        assert_eq!(person_name("Nguyễn Thanh Tùng"), Some(("Nguyễn Thanh Tùng".to_string(), true)));
        assert_eq!(person_name("UBND Thị xã"), None);
        assert_eq!(person_name("Fan Tuyết Minh"), None);
        for junk in ["a5 b\\ | N", "(x( TRIUY", "%@w HJA\\/—", "VQ\\I{NH 55", "m GioNy: 13/05/2025 14:19:18", "0,"] {
            assert!(is_junk_tail(junk), "{junk}");
        }
        for ok in ["TT HĐND tỉnh,", "Bộ TT&TT;", "các PCT UBND tỉnh;"] {
            assert!(!is_junk_tail(ok), "{ok}");
        }
        assert!(is_closing("Trên đây là Kế hoạch của UBND tỉnh"));
    }

    #[test]
    fn appendix_headings() {
        assert_eq!(appendix_heading("Phụ lục I"), Some(("I".to_string(), String::new())));
        assert_eq!(
            appendix_heading("PHỤ LỤC I: CÁC CHỈ TIÊU CỤ THỂ"),
            Some(("I".to_string(), "CÁC CHỈ TIÊU CỤ THỂ".to_string()))
        );
        assert_eq!(appendix_heading("PHỤ LỤC II:"), Some(("II".to_string(), String::new())));
        assert_eq!(appendix_heading("Phụ lục 01"), Some(("1".to_string(), String::new())));
        assert_eq!(appendix_heading("Phụ lục I kèm theo)."), None);
        assert_eq!(appendix_heading("Phụ lục kèm theo Kế hoạch này"), None);
        assert_eq!(appendix_heading("(Chi tiết tại Phụ lục I kèm theo)."), None);
    }

    #[test]
    fn junk_lines() {
        assert!(is_junk_line("35 ::»,."));
        assert!(is_junk_line("*"));
        assert!(!is_junk_line("(Scopus/ISI)."));
        assert!(!is_junk_line("quốc gia;"));
        assert!(!is_junk_line("- 05%/năm."));
        assert!(!is_junk_line("1552/BTTTT-TTH và 708/BTTTT-CATTT; hoàn thành kết nối giữa Hệ thống thông tin"));
    }

    #[test]
    fn joins_numbers_cut_at_line_ends() {
        assert_eq!(
            join_lines(&["Kế hoạch hành động số 266-", "KH/TU ngày 26/4/2025"]),
            "Kế hoạch hành động số 266-KH/TU ngày 26/4/2025"
        );
        assert_eq!(
            join_lines(&["các tổ chức chính trị", "- xã hội xây dựng"]),
            "các tổ chức chính trị - xã hội xây dựng"
        );
        assert_eq!(join_lines(&["kinh tế -", "xã hội"]), "kinh tế - xã hội");
    }

    #[test]
    fn never_panics_on_odd_input() {
        let odd = [
            "",
            " ",
            ")",
            "(",
            "-",
            "+",
            "I.",
            "1.",
            "Số",
            "Số:",
            "ngày",
            "Phụ lục",
            "Nơi nhận:",
            "ﬁﬂ»",
            "Ⅳ.",
            "đ)",
            "(1",
            "1)",
        ];
        let lines: Vec<Input> =
            odd.iter().enumerate().map(|(i, t)| Input { n: i as u32 + 1, text: t, role: Role::Content }).collect();
        let _ = analyze(&lines);
        let _ = analyze(&[]);
        for t in odd {
            let _ = classify_line(t);
            let _ = find_place_date(t);
            let _ = find_doc_number(t);
            let _ = find_references(t);
            let _ = appendix_heading(t);
            let _ = find_title_run(t);
            let _ = split_motto(t);
        }
    }
}
