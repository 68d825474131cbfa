//! Stage 4, structure: letterhead, section tree, signature block, appendices.
//!
//! (Being built for issue 4. The interface below is fixed: the pipeline calls
//! [`analyze`] with the restored lines and their layout roles.)

use crate::clean::Role;
use crate::record::{Diagnostic, Document, LineSpan, Section};

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
}

/// Finds the structure of a plan.
pub fn analyze(_lines: &[Input<'_>]) -> Structure {
    Structure::default()
}
