//! Stage 4, structure: letterhead, section tree, signature block, appendices.
//!
//! (Issue 4 fills this stage; until then it yields no sections.)

use crate::record::{Document, Section};

/// The structure of a plan.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Structure {
    /// Metadata.
    pub document: Document,
    /// Sections in document order.
    pub sections: Vec<Section>,
}
