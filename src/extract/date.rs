//! Dates, months, quarters, halves, years and intervals.

mod calendar;
mod rules;
#[cfg(test)]
mod tests;
mod words;

use std::collections::BTreeMap;

use crate::serialize::{DateFact, Grain};

use super::Doc;
use calendar::{shift_days, shift_months};
use rules::{Reading, Span};
use words::Unit;

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

/// Every date in the article, in text order, without overlaps.
pub fn extract(doc: &Doc) -> Vec<DateFact> {
    let spans = rules::find(doc.text, doc.ref_date.is_some_and(|r| r.day.is_some()));
    let years = YearContext::new(doc, &spans);
    spans
        .iter()
        .filter_map(|span| {
            let (value, grain, inferred_year) = years.value(span)?;
            Some(DateFact {
                text: doc.text[span.start..span.end].to_string(),
                value,
                grain,
                inferred_year,
                start: span.start,
                end: span.end,
            })
        })
        .collect()
}

/// The years the article writes out, to give a year to dates that lack one.
struct YearContext<'a> {
    doc: &'a Doc<'a>,
    /// (byte offset, year) of every explicit year, in text order.
    written: Vec<(usize, i32)>,
    /// (byte offset, year, month, day) of every full date.
    full_days: Vec<(usize, i32, u32, u32)>,
}

impl<'a> YearContext<'a> {
    fn new(doc: &'a Doc<'a>, spans: &[Span]) -> Self {
        let written = spans
            .iter()
            .filter_map(|s| s.reading.written_year().map(|y| (s.start, y)))
            .collect();
        let full_days = spans
            .iter()
            .filter_map(|s| match s.reading {
                Reading::Day {
                    day,
                    month,
                    year: Some(y),
                } => Some((s.start, y, month, day)),
                _ => None,
            })
            .collect();
        YearContext {
            doc,
            written,
            full_days,
        }
    }

    /// The year of the article as seen from `at`: the reference date's; else a year in the
    /// same sentence; else in the title; else the article's most written year. A day is
    /// then moved to the next year when the nearest full date is in that year and earlier
    /// in it: "Sáng 26-6, ... Chỉ số năm 2023 ... công bố ngày 12/4/2024" is in 2024.
    fn article_year(&self, at: usize, month: Option<u32>, day: Option<u32>) -> Option<i32> {
        if let Some(r) = self.doc.ref_date {
            return Some(r.year);
        }
        let within = |range: std::ops::Range<usize>| {
            pick_year(
                self.written
                    .iter()
                    .filter(|(p, _)| range.contains(p))
                    .map(|&(_, y)| y),
                month,
            )
        };
        let sentence = self
            .doc
            .segments
            .sentences
            .iter()
            .find(|r| r.contains(&at))
            .cloned()
            .unwrap_or(at..at);
        let year = within(sentence)
            .or_else(|| within(self.doc.segments.title.clone()))
            .or_else(|| pick_year(self.written.iter().map(|&(_, y)| y), month))?;
        let nearest = self.full_days.iter().min_by_key(|&&(p, ..)| p.abs_diff(at));
        Some(match (nearest, month, day) {
            (Some(&(_, y, m, d)), Some(month), Some(day))
                if y == year + 1 && (m, d) <= (month, day) =>
            {
                y
            }
            _ => year,
        })
    }

    /// ISO value, grain and whether the year was inferred; `None` when it cannot be known.
    fn value(&self, span: &Span) -> Option<(String, Grain, bool)> {
        let at = span.start;
        let fill = |year: Option<i32>, month: Option<u32>, day: Option<u32>| match year {
            Some(y) => (Some(y), false),
            None => {
                let year = self.article_year(at, month, day);
                (year, year.is_some())
            }
        };
        Some(match span.reading {
            Reading::Day { day, month, year } => {
                let (year, inferred) = fill(year, Some(month), Some(day));
                (day_value(day, month, year), Grain::Day, inferred)
            }
            Reading::Month { month, year } => {
                let (year, inferred) = fill(year, Some(month), None);
                let value = match year {
                    Some(y) => format!("{y:04}-{month:02}"),
                    None => format!("--{month:02}"),
                };
                (value, Grain::Month, inferred)
            }
            Reading::Year(y) => (format!("{y:04}"), Grain::Year, false),
            Reading::Quarter { quarter, year } => {
                let (year, inferred) = fill(year, None, None);
                (format!("{:04}-Q{quarter}", year?), Grain::Quarter, inferred)
            }
            Reading::Half { half, year } => {
                let (year, inferred) = fill(year, None, None);
                (format!("{:04}-H{half}", year?), Grain::Half, inferred)
            }
            Reading::DayRange { from, to } => {
                let (from_year, from_inferred) = fill(from.2, Some(from.1), Some(from.0));
                let (to_year, to_inferred) = fill(to.2, Some(to.1), Some(to.0));
                let value = format!(
                    "{}/{}",
                    day_value(from.0, from.1, from_year),
                    day_value(to.0, to.1, to_year)
                );
                (value, Grain::Interval, from_inferred || to_inferred)
            }
            Reading::YearRange(a, b) => (format!("{a:04}/{b:04}"), Grain::Interval, false),
            Reading::Relative(unit, offset) => {
                let r = self.doc.ref_date?;
                let (month, day) = (r.month?, r.day?);
                match unit {
                    Unit::Day => {
                        let (y, m, d) = shift_days(r.year, month, day, offset);
                        (day_value(d, m, Some(y)), Grain::Day, true)
                    }
                    Unit::Month => {
                        let (y, m) = shift_months(r.year, month, offset);
                        (format!("{y:04}-{m:02}"), Grain::Month, true)
                    }
                    Unit::Quarter => {
                        let (y, m) = shift_months(r.year, month, offset * 3);
                        (format!("{y:04}-Q{}", m.div_ceil(3)), Grain::Quarter, true)
                    }
                    Unit::Year => (format!("{:04}", r.year + offset), Grain::Year, true),
                }
            }
        })
    }
}

fn day_value(day: u32, month: u32, year: Option<i32>) -> String {
    match year {
        Some(y) => format!("{y:04}-{month:02}-{day:02}"),
        None => format!("--{month:02}-{day:02}"),
    }
}

/// The most written of `years` (ties: the first written). Early in the year an article
/// reviews last year and plans this one, so for a date in January–March the year after
/// the most written one wins when it is written too. (Late in the year the mirror rule
/// would misread the common "so với năm 2023" comparisons, so there is none.)
fn pick_year(years: impl Iterator<Item = i32>, month: Option<u32>) -> Option<i32> {
    let mut counts: BTreeMap<i32, (usize, usize)> = BTreeMap::new();
    for (order, year) in years.enumerate() {
        counts.entry(year).or_insert((0, order)).0 += 1;
    }
    let (&top, _) = counts
        .iter()
        .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)))?;
    if matches!(month, Some(1..=3)) && counts.contains_key(&(top + 1)) {
        return Some(top + 1);
    }
    Some(top)
}
