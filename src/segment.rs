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
    let mut paragraphs = Vec::new();
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim();
        if !body.is_empty() {
            let start = pos + (line.len() - line.trim_start().len());
            paragraphs.push(start..start + body.len());
        }
        pos += line.len();
    }
    let title = paragraphs.first().cloned().unwrap_or(0..0);
    let mut sentences = Vec::new();
    for p in &paragraphs {
        let para = &text[p.clone()];
        let mut start = 0;
        let bytes = para.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            let ends = matches!(b, b'.' | b'!' | b'?')
                && bytes.get(i + 1) == Some(&b' ')
                && para[i + 2..].chars().next().is_some_and(char::is_uppercase);
            if ends {
                sentences.push(p.start + start..p.start + i + 1);
                start = i + 2;
            }
        }
        if start < para.len() {
            sentences.push(p.start + start..p.end);
        }
    }
    Segments {
        title,
        paragraphs,
        sentences,
    }
}
