//! Dates, months, quarters, halves, years and intervals.

mod calendar;
mod context;
mod fold;
mod groups;
mod numeral;
mod rules;
#[cfg(test)]
mod tests;
mod window;
mod words;

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
// Out of line: `benches/stage_cost.sh` counts the stage by this name.
#[inline(never)]
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
    /// (byte offset, year, month, day) of every full date that is not a deadline.
    full_days: Vec<(usize, i32, u32, u32)>,
    all_years: Vec<i32>,
    most_written: Option<i32>,
}

impl<'a> YearContext<'a> {
    fn new(doc: &'a Doc<'a>, spans: &[Span]) -> Self {
        // The readings are looked at before the (dearer) words around the span.
        let written: Vec<(usize, i32)> = spans
            .iter()
            .filter_map(|s| s.reading.written_year().map(|y| (s.start, y)))
            .filter(|&(start, _)| !after_comparison(doc.text, start))
            .collect();
        let all_years: Vec<i32> = written.iter().map(|&(_, y)| y).collect();
        let full_days = spans
            .iter()
            .filter_map(|s| match s.reading {
                Reading::Day {
                    day,
                    month,
                    year: Some(y),
                } => Some((s, (s.start, y, month, day))),
                _ => None,
            })
            .filter(|(s, _)| !is_deadline(doc.text, s.start, s.end))
            .map(|(_, day)| day)
            .collect();
        YearContext {
            doc,
            written,
            full_days,
            most_written: most_written(&all_years),
            all_years,
        }
    }

    /// The year of the article as seen from `at`: the reference date's; else the most
    /// written year of the same sentence, of the title, or of the whole article, moved by
    /// the season (see [`season`]). A day then moves to the next year when the nearest
    /// full date is in that year and earlier in it: "Sáng 26-6, ... Chỉ số năm 2023 ...
    /// công bố ngày 12/4/2024" is in 2024.
    fn article_year(&self, at: usize, month: Option<u32>, day: Option<u32>) -> Option<i32> {
        if let Some(r) = self.doc.ref_date {
            return Some(r.year);
        }
        let sentences = &self.doc.segments.sentences;
        let sentence = sentences
            .get(sentences.partition_point(|r| r.end <= at))
            .filter(|r| r.contains(&at))
            .cloned()
            .unwrap_or(at..at);
        let in_sentence = self.years_in(&sentence);
        let in_title = self.years_in(&self.doc.segments.title);
        let near = |y: i32| in_sentence.contains(&y) || in_title.contains(&y);
        let sentence_text = &self.doc.text[sentence.clone()];
        let year = match (most_written(in_sentence), most_written(in_title)) {
            (Some(top), _) if reviews_year(sentence_text, month) => top + 1,
            (Some(top), _)
                if in_sentence.iter().all(|&y| y == top) && plans_year(sentence_text, month) =>
            {
                top - 1
            }
            (Some(top), _) | (None, Some(top)) => season(top, month, near, true),
            (None, None) => {
                let written = |y: i32| self.all_years.contains(&y);
                season(self.most_written?, month, written, false)
            }
        };
        // The full dates either side of `at` (they are in text order).
        let i = self.full_days.partition_point(|&(p, ..)| p < at);
        let nearest = [i.checked_sub(1), Some(i)]
            .into_iter()
            .flatten()
            .filter_map(|j| self.full_days.get(j))
            .min_by_key(|&&(p, ..)| p.abs_diff(at));
        Some(match (nearest, month, day) {
            (Some(&(_, y, m, d)), Some(month), Some(day))
                if y == year + 1 && (m, d) <= (month, day) =>
            {
                y
            }
            _ => year,
        })
    }

    /// The written years inside `range` (`written` is in text order, and
    /// `all_years` holds its years in the same order).
    fn years_in(&self, range: &std::ops::Range<usize>) -> &[i32] {
        let from = self.written.partition_point(|&(p, _)| p < range.start);
        let to = self.written.partition_point(|&(p, _)| p < range.end);
        self.all_years.get(from..to).unwrap_or(&[])
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
                (month_value(month, year), Grain::Month, inferred)
            }
            Reading::Year(y) => (year_value(y), Grain::Year, false),
            Reading::Quarter { quarter, year } => {
                let (year, inferred) = fill(year, None, None);
                (part_value(year?, 'Q', quarter), Grain::Quarter, inferred)
            }
            Reading::Half { half, year } => {
                let (year, inferred) = fill(year, None, None);
                (part_value(year?, 'H', half), Grain::Half, inferred)
            }
            Reading::DayRange { from, to } => {
                let (from_year, from_inferred) = fill(from.2, Some(from.1), Some(from.0));
                let (to_year, to_inferred) = fill(to.2, Some(to.1), Some(to.0));
                let mut value = day_value(from.0, from.1, from_year);
                value.push('/');
                value.push_str(&day_value(to.0, to.1, to_year));
                (value, Grain::Interval, from_inferred || to_inferred)
            }
            Reading::YearRange(a, b) => {
                let mut value = year_value(a);
                value.push('/');
                push_padded(&mut value, b.into(), 4);
                (value, Grain::Interval, false)
            }
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
                        (month_value(m, Some(y)), Grain::Month, true)
                    }
                    Unit::Quarter => {
                        let (y, m) = shift_months(r.year, month, offset * 3);
                        (part_value(y, 'Q', m.div_ceil(3)), Grain::Quarter, true)
                    }
                    Unit::Year => (year_value(r.year + offset), Grain::Year, true),
                }
            }
        })
    }
}

/// "so với (cùng kỳ) năm 2023" names the year compared with, "kể từ (đầu) năm 2023"
/// the start of a past stretch and "(SN 1968)", "sinh năm 1968" a birth year: none is
/// the article's year.
fn after_comparison(text: &str, at: usize) -> bool {
    let before = words_before(text, at);
    [
        "so với",
        "cùng kỳ",
        "so",
        "kể từ",
        "kể từ đầu",
        "kể từ cuối",
        "sinh",
        "sn",
    ]
    .iter()
    .any(|w| fold::ends_with(before, w))
}

/// The last few words before `at`.
fn words_before(text: &str, at: usize) -> &str {
    let head = text.get(..at).unwrap_or("");
    let from = head.char_indices().rev().nth(16).map_or(0, |(i, _)| i);
    head[from..].trim_end()
}

/// A date given as a deadline ("đến hết ngày 31/01/2025") or as the start of something
/// ahead ("Từ 1/1/2025, luật có hiệu lực") is not a past event.
fn is_deadline(text: &str, start: usize, end: usize) -> bool {
    const DEADLINE: &[&str] = &["đến", "trước", "hạn", "hết", "tới", "chậm nhất", "từ"];
    let own = text.get(start..end).unwrap_or("");
    let before = words_before(text, start);
    DEADLINE
        .iter()
        .any(|w| fold::ends_with(before, w) || fold::starts_with(own, w))
}

/// "2024-03-15", or "--03-15" without a year.
fn day_value(day: u32, month: u32, year: Option<i32>) -> String {
    let mut value = month_value(month, year);
    value.push('-');
    push_padded(&mut value, day.into(), 2);
    value
}

/// "2024-03", or "--03" without a year.
fn month_value(month: u32, year: Option<i32>) -> String {
    let mut value = String::with_capacity(24);
    match year {
        Some(y) => {
            push_padded(&mut value, y.into(), 4);
            value.push('-');
        }
        None => value.push_str("--"),
    }
    push_padded(&mut value, month.into(), 2);
    value
}

/// "2024".
fn year_value(year: i32) -> String {
    let mut value = String::with_capacity(10);
    push_padded(&mut value, year.into(), 4);
    value
}

/// "2024-Q3", "2024-H1".
fn part_value(year: i32, kind: char, part: u32) -> String {
    let mut value = year_value(year);
    value.push('-');
    value.push(kind);
    push_padded(&mut value, part.into(), 1);
    value
}

/// `format!("{n:0width$}")`, written by hand: formatting cost about as much as
/// finding the date. The width counts a minus sign; itoa writes the digits.
fn push_padded(out: &mut String, n: i64, width: usize) {
    let sign = usize::from(n < 0);
    if sign == 1 {
        out.push('-');
    }
    let mut buffer = itoa::Buffer::new();
    let digits = buffer.format(n.unsigned_abs());
    for _ in digits.len() + sign..width {
        out.push('0');
    }
    out.push_str(digits);
}

/// Early in a year, results of the year before are summed up and announced: a sentence
/// such as "Sáng 12/3, Bộ công bố Chỉ số DTI năm 2023" or "Ngày 15/1, Sở tổng kết công
/// tác năm 2024" names the year under review, and the event falls in the next one.
fn reviews_year(sentence: &str, month: Option<u32>) -> bool {
    const REVIEW: &[&str] = &["công bố", "tổng kết", "chỉ số", "index"];
    matches!(month, Some(1..=4)) && REVIEW.iter().any(|w| fold::contains(sentence, w))
}

/// Late in a year, budgets and plans for the next one are drawn up: a sentence such as
/// "Ngày 2/12, UBND tỉnh trình dự toán ngân sách năm 2025" names the year planned, and
/// the event falls in the year before.
fn plans_year(sentence: &str, month: Option<u32>) -> bool {
    const PLAN: &[&str] = &[
        "dự toán",
        "kế hoạch",
        "phương hướng",
        "nhiệm vụ năm",
        "chỉ tiêu",
        "mục tiêu",
    ];
    matches!(month, Some(10..=12)) && PLAN.iter().any(|w| fold::contains(sentence, w))
}

/// The most written of `years`; ties go to the first written. An article writes few
/// distinct years, so they are counted in a list in the order first written (a map
/// cost more than the rest of the year context).
fn most_written(years: &[i32]) -> Option<i32> {
    let mut counts: Vec<(i32, usize)> = Vec::new();
    for &year in years {
        match counts.iter_mut().find(|(y, _)| *y == year) {
            Some((_, n)) => *n += 1,
            None => counts.push((year, 1)),
        }
    }
    // The first of the largest counts: a later year needs more to replace it.
    let mut best: Option<(i32, usize)> = None;
    for &(year, n) in &counts {
        if best.map_or(true, |(_, most)| n > most) {
            best = Some((year, n));
        }
    }
    best.map(|(year, _)| year)
}

/// Early in the year an article reviews last year and plans this one; late in the year it
/// reviews this one and plans the next. So for a date in January–April the year after
/// `top` wins when the evidence has it, and (only for evidence close to the date, since
/// comparisons with last year fill whole articles) for October–December the year before.
fn season(top: i32, month: Option<u32>, evidence: impl Fn(i32) -> bool, late_too: bool) -> i32 {
    match month {
        Some(1..=4) if evidence(top + 1) => top + 1,
        Some(10..=12) if late_too && evidence(top - 1) => top - 1,
        _ => top,
    }
}
