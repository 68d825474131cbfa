//! A gazetteer of Vietnamese public bodies with their abbreviations, giving each a
//! canonical name (`Sở KH&CN` = `Sở Khoa học và Công nghệ`).
//!
//! (Being built for issue 6; shared with the table stage.)

/// One agency found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgencyMatch {
    /// Byte offset of the match in the text.
    pub start: usize,
    /// Byte offset after the match.
    pub end: usize,
    /// Canonical name.
    pub canonical: String,
}

/// The gazetteer.
#[derive(Clone, Debug, Default)]
pub struct Gazetteer {}

impl Gazetteer {
    /// The built-in gazetteer.
    pub fn new() -> Gazetteer {
        Gazetteer {}
    }

    /// Agencies named in `text`, left to right, longest match first.
    pub fn find(&self, _text: &str) -> Vec<AgencyMatch> {
        Vec::new()
    }
}
