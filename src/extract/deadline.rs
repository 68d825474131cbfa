//! Deadlines: `Quý I/2026`, `Hoàn thành năm 2026`, `Nhiệm vụ thường xuyên`, `Tháng 5/2025`,
//! `Trước 20/3/2025`, `2026-2027`, `Hằng năm`.
//!
//! (Being built for issue 6; shared with the table stage.)

use crate::record::Deadline;

/// Parses a deadline phrase; `None` when the text holds none.
pub fn parse(_text: &str) -> Option<Deadline> {
    None
}
