//! Stage 6, extract: targets, tasks, agencies, deadlines.
//!
//! (Issue 6 fills this stage.)
