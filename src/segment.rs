//! Title, paragraphs and sentences as byte ranges of the normalized text.

use std::ops::Range;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Segments {
    /// The first non-empty line.
    pub title: Range<usize>,
    /// Blocks separated by blank lines (the title is the first).
    pub paragraphs: Vec<Range<usize>>,
    pub sentences: Vec<Range<usize>>,
}

pub fn segment(text: &str) -> Segments {
    let title_start = text.len() - text.trim_start().len();
    let title_end = text[title_start..].find('\n').map_or(text.len(), |i| title_start + i);
    Segments {
        title: title_start..text[..title_end].trim_end().len(),
        paragraphs: vec![0..text.len()],
        sentences: vec![0..text.len()],
    }
}
