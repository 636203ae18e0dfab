//! The date lexicon (`lexicon/date_words.tsv`): month, day and weekday words,
//! relative phrases, and the words that make a bare number a year or a count.

use std::sync::LazyLock;

use crate::lexicon;

pub(super) const SOURCE: &str = include_str!("../../lexicon/date_words.tsv");

/// How far a relative phrase moves from the reference date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unit {
    Day,
    Month,
    Quarter,
    Year,
}

#[derive(Debug, Default)]
pub(super) struct DateWords {
    pub months: Vec<(&'static str, u32)>,
    pub days: Vec<(&'static str, u32)>,
    pub weekdays: Vec<&'static str>,
    pub relatives: Vec<(&'static str, Unit, i32)>,
    /// Words before a day/month with "/" that make it a date ("trước 30/6").
    pub softs: Vec<&'static str>,
    /// Words right before a bare year ("đến 2030").
    pub leads: Vec<&'static str>,
    /// Words that open a name carrying a year ("Luật Đất đai 2024").
    pub names: Vec<&'static str>,
    /// Words after a number that make it a count ("2025 hồ sơ").
    pub counts: Vec<&'static str>,
}

pub(super) static WORDS: LazyLock<DateWords> = LazyLock::new(|| parse(SOURCE));

fn parse_relative(value: &str) -> Option<(Unit, i32)> {
    let (unit, offset) = value.split_once(':')?;
    let unit = match unit {
        "day" => Unit::Day,
        "month" => Unit::Month,
        "quarter" => Unit::Quarter,
        "year" => Unit::Year,
        _ => return None,
    };
    Some((unit, offset.parse().ok()?))
}

/// Reads the lexicon; a row that does not parse is skipped (the test below forbids them).
pub(super) fn parse(source: &'static str) -> DateWords {
    let mut words = DateWords::default();
    for row in lexicon::rows(source) {
        let (kind, word, value) = (row[0], row.get(1).copied().unwrap_or(""), row.get(2));
        if word.is_empty() {
            continue;
        }
        let number = value.and_then(|v| v.parse::<u32>().ok());
        match (kind, number) {
            ("month", Some(n)) => words.months.push((word, n)),
            ("day", Some(n)) => words.days.push((word, n)),
            ("weekday", Some(_)) => words.weekdays.push(word),
            ("relative", _) => {
                if let Some((unit, offset)) = value.and_then(|v| parse_relative(v)) {
                    words.relatives.push((word, unit, offset));
                }
            }
            ("soft", _) => words.softs.push(word),
            ("lead", _) => words.leads.push(word),
            ("name", _) => words.names.push(word),
            ("count", _) => words.counts.push(word),
            _ => {}
        }
    }
    words
}

/// A regex alternation of the words, longest first so "mười một" wins over "mười".
pub(super) fn alternation<'a>(words: impl Iterator<Item = &'a str>) -> String {
    let mut words: Vec<&str> = words.collect();
    words.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    words
        .iter()
        .map(|w| regex::escape(w).replace(' ', r"\s+"))
        .collect::<Vec<_>>()
        .join("|")
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use unicode_normalization::UnicodeNormalization;

    use super::*;

    #[test]
    fn every_row_parses_is_nfc_lowercase_and_unique() {
        let mut seen = BTreeSet::new();
        for row in lexicon::rows(SOURCE) {
            let kind = row[0];
            let word = row.get(1).copied().unwrap_or("");
            assert!(!word.is_empty(), "row without a word: {row:?}");
            assert_eq!(word, word.nfc().collect::<String>(), "not NFC: {word}");
            assert_eq!(word, word.to_lowercase(), "not lowercase: {word}");
            assert!(seen.insert((kind, word)), "duplicate: {kind} {word}");
            let value = row.get(2).copied();
            let ok = match kind {
                "month" => value
                    .and_then(|v| v.parse::<u32>().ok())
                    .is_some_and(|n| (1..=12).contains(&n)),
                "day" => value
                    .and_then(|v| v.parse::<u32>().ok())
                    .is_some_and(|n| (1..=31).contains(&n)),
                "weekday" => value
                    .and_then(|v| v.parse::<u32>().ok())
                    .is_some_and(|n| (1..=7).contains(&n)),
                "relative" => value.and_then(parse_relative).is_some(),
                "soft" | "lead" | "name" | "count" => value.is_none(),
                _ => false,
            };
            assert!(ok, "bad row: {row:?}");
        }
    }

    #[test]
    fn lexicon_has_every_month_once() {
        let months: BTreeSet<u32> = WORDS.months.iter().map(|&(_, n)| n).collect();
        assert_eq!(months, (1..=12).collect());
        assert_eq!(WORDS.months.len(), 12);
        assert_eq!(WORDS.weekdays.len(), 7);
    }
}
