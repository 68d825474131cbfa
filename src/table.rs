//! Stage 5, table: rows rebuilt from flattened and interleaved tables.
//!
//! (Issue 5 fills this stage.)
