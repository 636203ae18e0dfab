//! The date rules: named regexes, each with a reader that validates its match and
//! says what it means. Overlaps are settled longest first.

use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::calendar::{valid_day, YEARS};
use super::words::{alternation, Unit, WORDS};

/// What a matched phrase means, before a missing year is filled in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reading {
    Day {
        day: u32,
        month: u32,
        year: Option<i32>,
    },
    Month {
        month: u32,
        year: Option<i32>,
    },
    Year(i32),
    Quarter {
        quarter: u32,
        year: Option<i32>,
    },
    Half {
        half: u32,
        year: Option<i32>,
    },
    /// (day, month, year) at both ends.
    DayRange {
        from: (u32, u32, Option<i32>),
        to: (u32, u32, Option<i32>),
    },
    YearRange(i32, i32),
    Relative(Unit, i32),
}

impl Reading {
    /// The year written in the phrase itself, which tells the article's year;
    /// ranges are periods, not the time of the article.
    pub(super) fn written_year(&self) -> Option<i32> {
        match *self {
            Reading::Day { year, .. }
            | Reading::Month { year, .. }
            | Reading::Quarter { year, .. }
            | Reading::Half { year, .. } => year,
            Reading::Year(y) => Some(y),
            Reading::DayRange { to, .. } => to.2,
            Reading::YearRange(..) | Reading::Relative(..) => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Span {
    pub start: usize,
    pub end: usize,
    pub reading: Reading,
}

/// A named rule: a regex and the reader that validates a match.
struct Rule {
    name: &'static str,
    regex: Regex,
    read: fn(&Captures, &str) -> Option<Reading>,
    /// The rule needs a digit in the text.
    needs_digit: bool,
}

/// Words that may open a date: time of day, weekday, "ngày", "mồng".
static PREFIX: LazyLock<String> = LazyLock::new(|| {
    let weekdays = alternation(WORDS.weekdays.iter().copied());
    format!(
        r"(?:(?:{weekdays}|thứ\s+[2-7])\s*,?\s*)?(?:(?:(?:rạng\s+)?sáng|trưa|chiều|tối|đêm|hôm)(?:\s+(?:nay|qua|mai))?(?:\s+(?:ngày|mồng|mùng))?|ngày|mồng|mùng)|(?:{weekdays})\s*,?"
    )
});

const YEAR_TAIL: &str = r"(?:\s*(?:[/.\-]|,?\s*năm)\s*(?P<y>\d{4}))?";

static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    let prefix = PREFIX.as_str();
    let months = alternation(WORDS.months.iter().map(|&(w, _)| w));
    let days = alternation(WORDS.days.iter().map(|&(w, _)| w));
    let relatives = alternation(WORDS.relatives.iter().map(|&(w, _, _)| w));
    let rule = |name, pattern: String, read, needs_digit| Rule {
        name,
        regex: Regex::new(&format!("(?i){pattern}")).unwrap_or_else(|e| panic!("rule {name}: {e}")),
        read,
        needs_digit,
    };
    vec![
        rule(
            "day_range",
            format!(
                r"(?:từ\s+(?:(?:{prefix})\s+)?|(?:{prefix})\s+)(?P<d1>\d{{1,2}})(?:(?P<s1>[/.\-])(?P<m1>\d{{1,2}}))?(?:[/.\-](?P<y1>\d{{4}}))?\s*(?:đến|[\-–])\s*(?:hết\s+)?(?:ngày\s+)?(?P<d2>\d{{1,2}})(?P<s2>[/.\-])(?P<m2>\d{{1,2}})(?:(?P<s3>[/.\-])(?P<y2>\d{{4}}))?"
            ),
            read_day_range,
            true,
        ),
        rule(
            "day_numeric",
            format!(
                r"(?:(?P<pre>{prefix})\s+)?(?P<d>\d{{1,2}})(?P<s1>[/.\-])(?P<m>\d{{1,2}})(?:(?P<s2>[/.\-])(?P<y>\d{{4}}))?"
            ),
            read_day_numeric,
            true,
        ),
        rule(
            "day_words",
            format!(
                r"(?:(?P<pre>{prefix})\s+)?(?P<d>\d{{1,2}}|{days})\s+tháng\s+(?P<m>\d{{1,2}}|{months})(?:\s*,?\s*năm\s+(?P<y>\d{{4}}))?"
            ),
            read_day_words,
            false,
        ),
        rule(
            "month",
            format!(r"tháng\s+(?P<m>\d{{1,2}}|{months}){YEAR_TAIL}"),
            read_month,
            false,
        ),
        rule(
            "quarter",
            format!(r"quý\s+(?P<q>iv|iii|ii|i|[1-4]){YEAR_TAIL}"),
            read_quarter,
            false,
        ),
        rule(
            "half",
            r"(?:(?:6|sáu)\s+tháng|nửa)\s+(?P<h>đầu|cuối|sau)\s+năm(?:\s+(?P<y>\d{4}|nay))?".to_string(),
            read_half,
            false,
        ),
        rule(
            "year_range",
            r"(?:(?:giai\s+đoạn|nhiệm\s+kỳ|năm\s+học|niên\s+khóa|niên\s+khoá|từ\s+năm|từ|năm)\s+)?(?P<a>\d{4})\s*(?:[\-–—]|đến(?:\s+năm)?)\s*(?P<b>\d{4})".to_string(),
            read_year_range,
            true,
        ),
        rule("year_after_nam", r"năm\s+(?P<y>\d{4})".to_string(), read_year_after_nam, true),
        rule("bare_year", r"(?P<y>\d{4})".to_string(), read_bare_year, true),
        rule("relative", format!("(?:{relatives})"), read_relative, false),
    ]
});

/// Every date phrase in `text`, in text order, without overlaps.
pub(super) fn find(text: &str, relative_dates: bool) -> Vec<Span> {
    let has_digit = text.bytes().any(|b| b.is_ascii_digit());
    let mut found = Vec::new();
    for rule in RULES.iter() {
        if (rule.needs_digit && !has_digit) || (rule.name == "relative" && !relative_dates) {
            continue;
        }
        let mut at = 0;
        while let Some(caps) = rule.regex.captures_at(text, at) {
            let whole = caps.get(0).map_or(at..at, |m| m.range());
            let reading = if left_clear(text, whole.start) && right_clear(text, whole.end) {
                (rule.read)(&caps, text)
            } else {
                None
            };
            match reading {
                Some(reading) => {
                    found.push(Span {
                        start: whole.start,
                        end: whole.end,
                        reading,
                    });
                    at = whole.end.max(whole.start + 1);
                }
                None => {
                    at = whole.start + text[whole.start..].chars().next().map_or(1, char::len_utf8)
                }
            }
            if at > text.len() {
                break;
            }
        }
    }
    // Longest first; among equals the earlier one.
    found.sort_by(|a, b| {
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then(a.start.cmp(&b.start))
    });
    let mut kept: Vec<Span> = Vec::new();
    for span in found {
        if kept
            .iter()
            .all(|k| span.end <= k.start || span.start >= k.end)
        {
            kept.push(span);
        }
    }
    kept.sort_by_key(|s| s.start);
    kept
}

fn prev_char(text: &str, at: usize) -> Option<char> {
    text.get(..at)?.chars().next_back()
}

fn next_char(text: &str, at: usize) -> Option<char> {
    text.get(at..)?.chars().next()
}

/// Nothing glued on the left: no letter or digit, no number going on ("K1=10/9", "1.975").
fn left_clear(text: &str, start: usize) -> bool {
    match prev_char(text, start) {
        None => true,
        Some(c) if c.is_alphanumeric() => false,
        Some(c) if "/.,=:-–".contains(c) => {
            !prev_char(text, start - c.len_utf8()).is_some_and(char::is_alphanumeric)
        }
        Some(_) => true,
    }
}

/// Nothing glued on the right: no letter, digit or percent; no number going on
/// ("136/2024/QH15", "14,9").
fn right_clear(text: &str, end: usize) -> bool {
    match next_char(text, end) {
        None => true,
        Some(c) if c.is_alphanumeric() || c == '%' => false,
        Some(c) if "/.,-:".contains(c) => {
            !next_char(text, end + c.len_utf8()).is_some_and(char::is_alphanumeric)
        }
        Some(_) => true,
    }
}

fn number<T: std::str::FromStr>(caps: &Captures, name: &str) -> Option<T> {
    caps.name(name)?.as_str().parse().ok()
}

fn year(caps: &Captures, name: &str) -> Option<Option<i32>> {
    match caps.name(name) {
        None => Some(None),
        Some(m) => m
            .as_str()
            .parse()
            .ok()
            .filter(|y| YEARS.contains(y))
            .map(Some),
    }
}

/// A number or a word from `table` ("ba" → 3).
fn number_or_word(caps: &Captures, name: &str, table: &[(&str, u32)]) -> Option<u32> {
    let text = caps.name(name)?.as_str();
    text.parse().ok().or_else(|| {
        let lower = text.to_lowercase();
        let lower = lower.split_whitespace().collect::<Vec<_>>().join(" ");
        table.iter().find(|(w, _)| *w == lower).map(|&(_, n)| n)
    })
}

/// The lowercase word before `at` (letters only), skipping spaces.
fn word_before(text: &str, at: usize) -> String {
    let head = text.get(..at).unwrap_or("").trim_end();
    let word: String = head
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric())
        .collect();
    word.chars().rev().collect::<String>().to_lowercase()
}

/// The phrase after `at` starts with one of `words` (whole words, case-insensitive).
fn followed_by(text: &str, at: usize, words: &[&str]) -> bool {
    let tail = text.get(at..).unwrap_or("").trim_start();
    let head: String = tail.chars().take(24).collect::<String>().to_lowercase();
    words.iter().any(|w| {
        head.strip_prefix(w)
            .is_some_and(|rest| !rest.chars().next().is_some_and(char::is_alphanumeric))
    })
}

fn read_day_range(caps: &Captures, _text: &str) -> Option<Reading> {
    let d1: u32 = number(caps, "d1")?;
    let d2: u32 = number(caps, "d2")?;
    let m2: u32 = number(caps, "m2")?;
    let m1: u32 = number(caps, "m1").unwrap_or(m2);
    let y2 = year(caps, "y2")?;
    let y1 = year(caps, "y1")?.or(y2);
    let y2 = y2.or(y1);
    if caps
        .name("s3")
        .is_some_and(|s| Some(s.as_str()) != caps.name("s2").map(|s| s.as_str()))
    {
        return None;
    }
    let valid = valid_day(d1, m1, y1) && valid_day(d2, m2, y2) && (y1, m1, d1) < (y2, m2, d2);
    valid.then_some(Reading::DayRange {
        from: (d1, m1, y1),
        to: (d2, m2, y2),
    })
}

fn read_day_numeric(caps: &Captures, _text: &str) -> Option<Reading> {
    let day: u32 = number(caps, "d")?;
    let month: u32 = number(caps, "m")?;
    let year = year(caps, "y")?;
    let same_separator = caps.name("s2").map_or(true, |s2| {
        caps.name("s1").map(|s| s.as_str()) == Some(s2.as_str())
    });
    // Without "ngày", "sáng"... only a full date is a date ("14/14 sở", "xếp thứ 07/18").
    let introduced = caps.name("pre").is_some() || year.is_some();
    (same_separator && introduced && valid_day(day, month, year)).then_some(Reading::Day {
        day,
        month,
        year,
    })
}

fn read_day_words(caps: &Captures, _text: &str) -> Option<Reading> {
    let day = number_or_word(caps, "d", &WORDS.days)?;
    let month = number_or_word(caps, "m", &WORDS.months)?;
    let year = year(caps, "y")?;
    let introduced = caps.name("pre").is_some() || year.is_some();
    (introduced && valid_day(day, month, year)).then_some(Reading::Day { day, month, year })
}

/// Words before "tháng N" that make it a frequency or a count, not a month.
const NOT_BEFORE_MONTH: &[&str] = &["mỗi", "hằng", "hàng", "từng", "mấy", "các", "những"];

fn read_month(caps: &Captures, text: &str) -> Option<Reading> {
    let whole = caps.get(0)?;
    let month = number_or_word(caps, "m", &WORDS.months)?;
    let year = year(caps, "y")?;
    let written = caps.name("m")?.as_str();
    let in_words = !written.starts_with(|c: char| c.is_ascii_digit());
    // "tháng năm" and friends are common words; a month name needs a capital or a year.
    if in_words && year.is_none() && !written.starts_with(char::is_uppercase) {
        return None;
    }
    let before = word_before(text, whole.start());
    if NOT_BEFORE_MONTH.contains(&before.as_str())
        || before.chars().all(|c| c.is_ascii_digit()) && !before.is_empty()
    {
        return None;
    }
    if year.is_none() && followed_by(text, whole.end(), &WORDS.counts) {
        return None;
    }
    (1..=12)
        .contains(&month)
        .then_some(Reading::Month { month, year })
}

fn read_quarter(caps: &Captures, _text: &str) -> Option<Reading> {
    let quarter = match caps.name("q")?.as_str().to_ascii_lowercase().as_str() {
        "i" | "1" => 1,
        "ii" | "2" => 2,
        "iii" | "3" => 3,
        "iv" | "4" => 4,
        _ => return None,
    };
    Some(Reading::Quarter {
        quarter,
        year: year(caps, "y")?,
    })
}

fn read_half(caps: &Captures, _text: &str) -> Option<Reading> {
    let half = if caps.name("h")?.as_str().to_lowercase() == "đầu" {
        1
    } else {
        2
    };
    let year = match caps.name("y") {
        Some(m) if m.as_str().eq_ignore_ascii_case("nay") => None,
        _ => year(caps, "y")?,
    };
    Some(Reading::Half { half, year })
}

fn read_year_range(caps: &Captures, _text: &str) -> Option<Reading> {
    let a = year(caps, "a")??;
    let b = year(caps, "b")??;
    (a < b && b - a <= 100).then_some(Reading::YearRange(a, b))
}

fn read_year_after_nam(caps: &Captures, _text: &str) -> Option<Reading> {
    year(caps, "y")?.map(Reading::Year)
}

/// A bare four-digit number is a year only after a lead word ("đến 2030") or inside
/// a name that carries a year ("Luật Đất đai 2024"), and never before a counted noun.
fn read_bare_year(caps: &Captures, text: &str) -> Option<Reading> {
    let whole = caps.get(0)?;
    let y = year(caps, "y")??;
    if followed_by(text, whole.end(), &WORDS.counts) {
        return None;
    }
    let before = word_before(text, whole.start());
    if WORDS.leads.contains(&before.as_str()) || in_named_thing(text, whole.start()) {
        return Some(Reading::Year(y));
    }
    None
}

/// One of the name words opens the clause that ends at `at`, at most six words back.
fn in_named_thing(text: &str, at: usize) -> bool {
    let head = text.get(..at).unwrap_or("");
    let clause_start = head
        .rfind(|c: char| {
            matches!(
                c,
                ',' | '.' | ';' | ':' | '(' | ')' | '"' | '“' | '”' | '\n'
            )
        })
        .map_or(0, |i| {
            i + head[i..].chars().next().map_or(1, char::len_utf8)
        });
    let clause = head[clause_start..].to_lowercase();
    let words: Vec<&str> = clause.split_whitespace().collect();
    let window = words.len().saturating_sub(6);
    (window..words.len()).any(|i| {
        let rest = words[i..].join(" ");
        WORDS.names.iter().any(|name| {
            rest.strip_prefix(name)
                .is_some_and(|r| r.is_empty() || r.starts_with(' '))
        })
    })
}

/// Words before a relative phrase that make it a duration ("2 năm nay", "những năm tới").
const NOT_BEFORE_RELATIVE: &[&str] = &[
    "những", "các", "mấy", "mỗi", "hằng", "hàng", "bao", "nhiều", "vài",
];

fn read_relative(caps: &Captures, text: &str) -> Option<Reading> {
    let whole = caps.get(0)?;
    let before = word_before(text, whole.start());
    if NOT_BEFORE_RELATIVE.contains(&before.as_str()) || before.chars().any(|c| c.is_ascii_digit())
    {
        return None;
    }
    let phrase = whole
        .as_str()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    WORDS
        .relatives
        .iter()
        .find(|(w, _, _)| *w == phrase)
        .map(|&(_, unit, offset)| Reading::Relative(unit, offset))
}
