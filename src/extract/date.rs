//! Dates, months, quarters, halves, years and intervals.

use crate::serialize::DateFact;

use super::Doc;

/// A reference date: the article's own, or the run's `--ref-date`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RefDate {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

impl std::str::FromStr for RefDate {
    type Err = String;

    /// Reads "YYYY", "YYYY-MM" or "YYYY-MM-DD" (a longer timestamp is cut at the day).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("not a date (want YYYY-MM-DD): {s:?}");
        let s = s.trim();
        let s = s.get(..10).unwrap_or(s);
        let mut parts = s.split('-');
        let year: i32 = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
        let month: Option<u32> = parts
            .next()
            .map(|p| p.parse().map_err(|_| bad()))
            .transpose()?;
        let day: Option<u32> = parts
            .next()
            .map(|p| p.parse().map_err(|_| bad()))
            .transpose()?;
        if parts.next().is_some()
            || !(1..=9999).contains(&year)
            || month.is_some_and(|m| !(1..=12).contains(&m))
            || day.is_some_and(|d| !(1..=31).contains(&d))
        {
            return Err(bad());
        }
        Ok(RefDate { year, month, day })
    }
}

pub fn extract(doc: &Doc) -> Vec<DateFact> {
    let _ = doc;
    Vec::new()
}
