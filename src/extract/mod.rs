//! Stage 6, extract: targets, tasks, agencies, deadlines.
//!
//! (Being built for issue 6. The interface is fixed: the pipeline calls [`extract`] with
//! the restored lines and the structure.)

pub mod agency;
pub mod deadline;

use crate::record::{Diagnostic, Target, Task};
use crate::structure::{Input, Structure};

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

/// Finds targets and tasks in the plan's prose (tables are the table stage's).
pub fn extract(_lines: &[Input<'_>], _structure: &Structure) -> Extracted {
    Extracted::default()
}
