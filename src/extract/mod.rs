//! Fact extractors, one module per kind. Each returns facts with byte offsets
//! into the normalized text; [`crate::Pipeline`] turns them into char offsets.

pub mod date;
pub mod number;
pub mod official;
pub mod place;
pub mod ranking;
pub mod score;

use crate::segment::Segments;
use crate::serialize::{Abbreviation, DateFact, Official, Ranking, Score};

/// What every extractor may read about one article.
#[derive(Debug, Clone, Copy)]
pub struct Doc<'a> {
    /// Normalized text.
    pub text: &'a str,
    pub segments: &'a Segments,
    pub abbreviations: &'a [Abbreviation],
    /// The article's own date, or the run's `--ref-date`.
    pub ref_date: Option<date::RefDate>,
}

impl<'a> Doc<'a> {
    pub fn title(&self) -> &'a str {
        &self.text[self.segments.title.clone()]
    }

    /// The sentences as `(byte offset, text)` pairs.
    pub fn sentences(&self) -> impl Iterator<Item = (usize, &'a str)> + '_ {
        self.segments
            .sentences
            .iter()
            .map(|r| (r.start, &self.text[r.clone()]))
    }
}

/// Runs `extract` on `text` segmented as the pipeline does, without abbreviations:
/// the shared set-up of the extractors' table tests.
#[cfg(test)]
pub(crate) fn run_on<T>(
    text: &str,
    ref_date: Option<date::RefDate>,
    extract: impl FnOnce(&Doc) -> T,
) -> T {
    let segments = crate::segment::segment(text);
    extract(&Doc {
        text,
        segments: &segments,
        abbreviations: &[],
        ref_date,
    })
}

/// All facts of one article.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub dates: Vec<DateFact>,
    pub officials: Vec<Official>,
    pub scores: Vec<Score>,
    pub rankings: Vec<Ranking>,
}

pub fn extract_all(doc: &Doc) -> Facts {
    Facts {
        dates: date::extract(doc),
        officials: official::extract(doc),
        scores: score::extract(doc),
        rankings: ranking::extract(doc),
    }
}
