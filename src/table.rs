//! Stage 5, table: rows rebuilt from flattened and interleaved tables.
//!
//! (Being built for issue 5. The interface is fixed: the pipeline calls [`rebuild`] with
//! the restored lines and the appendices the structure stage found.)

use crate::record::{Diagnostic, Table, Target, Task};
use crate::structure::{Appendix, Input};

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

/// Rebuilds the tables of the appendices (and any table the lines hold).
pub fn rebuild(_lines: &[Input<'_>], _appendices: &[Appendix]) -> Tables {
    Tables::default()
}
