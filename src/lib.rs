//! # kehoach
//!
//! Turns the damaged OCR text of Vietnamese government plans (*Kế hoạch* implementing
//! Resolution 57-NQ/TW) into structured JSON: metadata, section tree, targets, tasks and
//! tables, each tied to the lines it came from.
//!
//! ```
//! let record = kehoach::process("UBND TỈNH BÌNH PHƯỚC\nKẾ HOẠCH\n".as_bytes()).unwrap();
//! assert_eq!(record.schema_version, "1");
//! assert_eq!(record.lines[0].original, "UBND TỈNH BÌNH PHƯỚC");
//! ```
//!
//! The pipeline runs one way, one module per stage:
//! [`ingest`] (bytes → lines) → [`clean`] (layout noise) → [`restore`] (diacritics, OCR
//! confusions) → [`structure`] (letterhead, sections) → [`table`] → [`extract`] →
//! [`record`] (serde types). Library code never panics on input and never prints:
//! problems become [`record::Diagnostic`]s or an [`Error`].

pub mod clean;
pub mod error;
pub mod extract;
pub mod ingest;
pub mod record;
pub mod restore;
pub mod sha256;
pub mod structure;
pub mod table;
pub mod vn;

pub use error::{Error, ErrorKind};
pub use record::Record;

use record::{Line, Source};

/// Restored words less sure than this are listed in a `low-confidence` diagnostic.
pub const LOW_CONFIDENCE: f32 = 0.5;

/// Runs the whole pipeline with default options.
pub fn process(bytes: &[u8]) -> Result<Record, Error> {
    Pipeline::new().process(bytes)
}

/// The pipeline with its options.
///
/// ```
/// let record = kehoach::Pipeline::new()
///     .file_name("ke-hoach.txt")
///     .process(b"Ke hoach")
///     .unwrap();
/// assert_eq!(record.source.file, "ke-hoach.txt");
/// ```
#[derive(Clone, Debug)]
pub struct Pipeline {
    file_name: String,
    restore: bool,
}

impl Default for Pipeline {
    fn default() -> Self {
        Pipeline::new()
    }
}

impl Pipeline {
    /// Default options: restoration on, no file name.
    pub fn new() -> Pipeline {
        Pipeline {
            file_name: String::new(),
            restore: true,
        }
    }

    /// The file name written in `source.file`.
    pub fn file_name(mut self, name: impl Into<String>) -> Pipeline {
        self.file_name = name.into();
        self
    }

    /// Whether to restore diacritics (default true). Off, later stages see the text as read.
    pub fn restore(mut self, on: bool) -> Pipeline {
        self.restore = on;
        self
    }

    /// Converts one input.
    pub fn process(&self, bytes: &[u8]) -> Result<Record, Error> {
        let ingested = ingest::ingest(bytes)?;
        let mut diagnostics = ingested.diagnostics;
        let roles = clean::classify(&ingested.lines);
        let texts: Vec<&str> = ingested.lines.iter().map(|l| l.text.as_str()).collect();
        let content = texts.iter().zip(&roles).filter(|(_, r)| **r == clean::Role::Content).map(|(t, _)| *t);
        let damage = restore::Damage::detect(content);
        let restored = if self.restore {
            // Layout noise is not restored: blank it for the decoder so that it neither
            // changes nor joins the text around it.
            let for_decoder: Vec<&str> = texts
                .iter()
                .zip(&roles)
                .map(|(t, r)| if *r == clean::Role::Content { *t } else { "" })
                .collect();
            let restorer = restore::Restorer::new();
            restorer.restore_lines(&for_decoder, damage)
        } else {
            Vec::new()
        };
        let mut low = Vec::new();
        let lines: Vec<Line> = ingested
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let r = restored.get(i);
                if let Some(r) = r {
                    for t in r.tokens.iter().filter(|t| t.confidence < LOW_CONFIDENCE) {
                        low.push((l.n, t));
                    }
                }
                Line {
                    n: l.n,
                    page: l.page,
                    original: l.text.clone(),
                    restored: r.filter(|r| r.text != l.text && !r.text.is_empty()).map(|r| r.text.clone()),
                    role: roles[i].name().map(str::to_string),
                }
            })
            .collect();
        if !low.is_empty() {
            let shown: Vec<String> = low
                .iter()
                .take(200)
                .map(|(n, t)| {
                    format!(
                        "{n}:{}-{} {} → {} ({:.2}{})",
                        t.start,
                        t.end,
                        t.original,
                        t.chosen,
                        t.confidence,
                        t.runner_up.as_ref().map(|r| format!(", else {r}")).unwrap_or_default()
                    )
                })
                .collect();
            let span = record::LineSpan(low[0].0, low[low.len() - 1].0);
            diagnostics.push(
                record::Diagnostic::new(
                    record::Level::Info,
                    "low-confidence",
                    format!("{} restored word(s) below confidence {LOW_CONFIDENCE}: {}", low.len(), shown.join("; ")),
                )
                .at(span),
            );
        }
        // Later stages read the restored text, keeping line numbers.
        let inputs: Vec<structure::Input<'_>> = lines
            .iter()
            .zip(&roles)
            .map(|(l, role)| structure::Input {
                n: l.n,
                text: l.restored.as_deref().unwrap_or(&l.original),
                role: *role,
            })
            .collect();
        let mut structure = structure::analyze(&inputs);
        diagnostics.append(&mut structure.diagnostics);
        let footnote_lines: Vec<record::LineSpan> = structure.footnotes.iter().filter_map(|f| f.lines).collect();
        let tables = table::rebuild(&inputs, &structure.appendices);
        let extracted = extract::extract(&inputs, &structure);
        diagnostics.extend(tables.diagnostics);
        diagnostics.extend(extracted.diagnostics);
        let mut targets = extracted.targets;
        targets.extend(tables.targets);
        let mut tasks = extracted.tasks;
        tasks.extend(tables.tasks);
        drop(inputs);
        let mut lines = lines;
        for span in footnote_lines {
            for line in lines.iter_mut().filter(|l| l.n >= span.first() && l.n <= span.last()) {
                line.role = Some("footnote".to_string());
            }
        }
        Ok(Record {
            schema_version: record::SCHEMA_VERSION.to_string(),
            source: Source {
                file: self.file_name.clone(),
                bytes: bytes.len() as u64,
                sha256: sha256::sha256_hex(bytes),
                encoding: ingested.encoding.name().to_string(),
                damage: damage.name().to_string(),
            },
            document: structure.document,
            sections: structure.sections,
            targets,
            tables: tables.tables,
            tasks,
            diagnostics,
            lines,
        })
    }
}
