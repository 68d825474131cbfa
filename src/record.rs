//! The output record: what a plan becomes, as serde types (`schema_version: "1"`).
//!
//! Field order in these structs is the order in the JSON, and maps are `BTreeMap`s, so
//! the same input always gives byte-identical JSON. Every extracted item carries
//! `lines: [first, last]`, 1-based line numbers into [`Record::lines`], which keeps the
//! original text of every line: any value can be checked against the scan's text.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The version of this schema, written in every record.
pub const SCHEMA_VERSION: &str = "1";

/// An inclusive range of 1-based line numbers, serialised as `[first, last]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct LineSpan(pub u32, pub u32);

impl LineSpan {
    /// A span of one line.
    pub fn line(n: u32) -> LineSpan {
        LineSpan(n, n)
    }

    /// The smallest span covering both.
    pub fn join(self, other: LineSpan) -> LineSpan {
        LineSpan(self.0.min(other.0), self.1.max(other.1))
    }

    /// First line.
    pub fn first(self) -> u32 {
        self.0
    }

    /// Last line.
    pub fn last(self) -> u32 {
        self.1
    }
}

/// One converted plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// Always [`SCHEMA_VERSION`].
    pub schema_version: String,
    /// What was read.
    pub source: Source,
    /// The plan's metadata (letterhead, title, signature).
    pub document: Document,
    /// The section tree, flattened in document order.
    pub sections: Vec<Section>,
    /// Quantified (or qualitative) targets.
    pub targets: Vec<Target>,
    /// Tables rebuilt from the text (mostly appendices).
    pub tables: Vec<Table>,
    /// Tasks with their agencies and deadlines.
    pub tasks: Vec<Task>,
    /// Problems found on the way, with the lines they concern.
    pub diagnostics: Vec<Diagnostic>,
    /// Every input line: its original text and the restored text.
    pub lines: Vec<Line>,
}

/// Facts about the input file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// File name as given (empty for standard input or bytes without a name).
    pub file: String,
    /// Length in bytes.
    pub bytes: u64,
    /// SHA-256 of the bytes, lower-case hex.
    pub sha256: String,
    /// The text encoding found (see [`crate::ingest::Encoding`]).
    pub encoding: String,
    /// The kind of OCR damage found (see [`crate::restore::Damage`]).
    pub damage: String,
}

/// The plan's metadata. Fields the text does not give stay `null`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Document number as printed, normalised (`57/KH-UBND`).
    pub number: Option<String>,
    /// Issue date, ISO 8601 (`2025-02-23`).
    pub date: Option<String>,
    /// Place of issue (`Bình Phước`).
    pub place: Option<String>,
    /// Issuing bodies, outermost first (`["ĐẢNG BỘ TỈNH THANH HÓA", "THỊ ỦY BỈM SƠN"]`).
    pub issuer: Vec<String>,
    /// Document type (`KẾ HOẠCH`, `KẾ HOẠCH HÀNH ĐỘNG`).
    pub doc_type: Option<String>,
    /// Title after the type line.
    pub title: Option<String>,
    /// Name of the signer.
    pub signer: Option<String>,
    /// Title of the signer (`KT. CHỦ TỊCH / PHÓ CHỦ TỊCH`).
    pub signer_title: Option<String>,
    /// Documents cited in the preamble.
    pub references: Vec<Reference>,
    /// Recipients listed under `Nơi nhận`.
    pub recipients: Vec<String>,
    /// Lines of the letterhead and title.
    pub lines: Option<LineSpan>,
}

/// A document cited by the plan (`Nghị quyết số 57-NQ/TW ngày 22/12/2024`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reference {
    /// Normalised number (`57-NQ/TW`, `193/2025/QH15`).
    pub number: String,
    /// Kind as written (`Nghị quyết`, `Quyết định`), when given.
    pub kind: Option<String>,
    /// Date, ISO 8601, when given.
    pub date: Option<String>,
    /// Where it is cited.
    pub lines: LineSpan,
}

/// One node of the section tree.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Section {
    /// Path of markers from the root (`"III.3.1.a"`).
    pub path: String,
    /// The marker as normalised (`"III"`, `"3.1"`, `"a"`, `"-"`).
    pub marker: String,
    /// Depth, 1 for parts.
    pub level: u32,
    /// Heading text, when the item is a heading.
    pub heading: Option<String>,
    /// Body text of the item (wrapped lines joined).
    pub text: String,
    /// Lines the item covers.
    pub lines: LineSpan,
}

/// How a target's value compares with the goal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Comparator {
    /// exactly, or "đạt"
    Eq,
    /// at least (`tối thiểu`, `≥`)
    Gte,
    /// more than (`trên`, `>`)
    Gt,
    /// at most (`không quá`, `≤`)
    Lte,
    /// less than (`dưới`, `<`)
    Lt,
    /// about (`khoảng`)
    Approx,
    /// between `value` and `value_max`
    Range,
}

/// A target of the plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Target {
    /// Section path the target stands in.
    pub section: Option<String>,
    /// Item marker or table STT.
    pub item: Option<String>,
    /// Indicator phrase (`Tỷ lệ phủ sóng 5G`).
    pub indicator: String,
    /// Taxonomy key when the indicator matches a known one (`5g_coverage`).
    pub key: Option<String>,
    /// Comparator.
    pub comparator: Option<Comparator>,
    /// Value (`95.0`); `null` for a target without a number.
    pub value: Option<f64>,
    /// Upper bound of a range.
    pub value_max: Option<f64>,
    /// Unit (`%`, `doanh nghiệp`, `rank`).
    pub unit: Option<String>,
    /// What a share is of (`dân số`, `GRDP`).
    pub base: Option<String>,
    /// Target year.
    pub year: Option<i32>,
    /// The sentence or row text it came from.
    pub text: String,
    /// Lines it came from.
    pub lines: LineSpan,
    /// 0..1: how sure restoration and parsing were.
    pub confidence: f64,
}

/// A rebuilt table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// Title line(s) above the table.
    pub title: Option<String>,
    /// Appendix label (`I`, `II`) when the table is in an appendix.
    pub appendix: Option<String>,
    /// Column names in order.
    pub columns: Vec<String>,
    /// Rows.
    pub rows: Vec<Row>,
    /// Lines the table covers.
    pub lines: LineSpan,
}

/// One table row.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// Group headings above the row, outermost first.
    pub group: Vec<String>,
    /// Row number (STT) as printed.
    pub stt: Option<String>,
    /// Cell text by column name.
    pub cells: BTreeMap<String, String>,
    /// Lines of the row.
    pub lines: LineSpan,
}

/// A deadline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Deadline {
    /// As written (`Quý I/2026`).
    pub text: String,
    /// Last day, ISO 8601 (`2026-03-31`), when the text fixes one.
    pub end_date: Option<String>,
    /// A standing task (`Nhiệm vụ thường xuyên`, `Hằng năm`).
    pub recurring: bool,
}

/// A task of the plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Task {
    /// Section path.
    pub section: Option<String>,
    /// What is to be done.
    pub content: String,
    /// Directing body.
    pub directing: Option<String>,
    /// Lead agencies (canonical names).
    pub lead: Vec<String>,
    /// Coordinating agencies.
    pub coordinating: Vec<String>,
    /// Deadline.
    pub deadline: Option<Deadline>,
    /// Expected output or product.
    pub output: Option<String>,
    /// Lines it came from.
    pub lines: LineSpan,
}

/// Severity of a diagnostic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// For the record (e.g. the encoding that was converted).
    Info,
    /// Something was guessed or dropped.
    Warning,
    /// Something could not be done.
    Error,
}

/// A problem or note, tied to lines when it concerns some.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Severity.
    pub level: Level,
    /// Short stable code (`invalid-utf8`, `low-confidence`, `page-number-dropped`).
    pub code: String,
    /// Lines concerned.
    pub lines: Option<LineSpan>,
    /// What happened, for a person.
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic without lines.
    pub fn new(level: Level, code: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            level,
            code: code.to_string(),
            lines: None,
            message: message.into(),
        }
    }

    /// The same diagnostic tied to lines.
    pub fn at(mut self, lines: LineSpan) -> Diagnostic {
        self.lines = Some(lines);
        self
    }
}

/// One input line, original and restored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Line {
    /// 1-based line number.
    pub n: u32,
    /// 1-based page (form feeds and detected page breaks start pages).
    pub page: u32,
    /// The decoded text, exactly as read (after encoding conversion and NFC).
    pub original: String,
    /// The restored text; absent when restoration changed nothing.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub restored: Option<String>,
    /// Layout role given by the clean stage (`page-number`, `running-header`, `footnote`), if any.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub role: Option<String>,
}

impl Record {
    /// The record as pretty JSON, the same bytes for the same input.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The record as one JSON line.
    pub fn to_json_line(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The restored full text, one line per input line.
    pub fn restored_text(&self) -> String {
        let mut out = String::new();
        for line in &self.lines {
            out.push_str(line.restored.as_deref().unwrap_or(&line.original));
            out.push('\n');
        }
        out
    }
}
