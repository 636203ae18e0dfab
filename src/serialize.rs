//! Output types and JSON Lines writing. Field names are the output contract.

use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use crate::normalize::NormalizationReport;
use crate::Error;

/// One processed article: the normalized text and every fact found in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub id: String,
    pub source: String,
    /// The page the article came from (HTML input), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    pub normalization: NormalizationReport,
    pub abbreviations: Vec<Abbreviation>,
    pub dates: Vec<DateFact>,
    pub officials: Vec<Official>,
    pub scores: Vec<Score>,
    pub rankings: Vec<Ranking>,
    #[serde(default)]
    pub places: Vec<Place>,
    pub warnings: Vec<String>,
}

/// An abbreviation and what it stands for here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Abbreviation {
    pub abbr: String,
    pub expansion: String,
    pub start: usize,
    pub end: usize,
}

/// How fine a date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grain {
    Day,
    Month,
    Quarter,
    Half,
    Year,
    Interval,
}

/// A date, month, quarter, half-year, year or interval, as ISO 8601 in `value`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DateFact {
    pub text: String,
    pub value: String,
    pub grain: Grain,
    /// The year was not written next to the date but taken from the article.
    pub inferred_year: bool,
    pub start: usize,
    pub end: usize,
}

/// A named person with a position, merged over all mentions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Official {
    pub name: String,
    pub title: Option<String>,
    pub organization: Option<String>,
    pub mentions: Vec<Mention>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// A score in points or percent; signed when `change` is true.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Score {
    pub text: String,
    pub value: f64,
    pub max: Option<f64>,
    /// "điểm" or "%".
    pub unit: String,
    pub change: bool,
    pub metric: Option<String>,
    pub start: usize,
    pub end: usize,
}

/// A position ("xếp thứ 07/18"), a move ("tăng 02 bậc") or a tier ("nhóm Khá").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ranking {
    pub text: String,
    pub rank: Option<u32>,
    pub total: Option<u32>,
    pub change: Option<i32>,
    pub tier: Option<String>,
    pub scope: Option<String>,
    pub start: usize,
    pub end: usize,
}

/// A named administrative unit: province, city, district, town, commune or ward.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    /// The name without its level word, as written ("Nông Sơn", "Hồ Chí Minh").
    pub name: String,
    /// "tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã" or "phường".
    pub level: String,
    /// The province the place belonged to when the article was written.
    pub province: Option<String>,
    pub start: usize,
    pub end: usize,
}

#[derive(Serialize)]
struct ErrorRecord<'a> {
    id: &'a str,
    source: &'a str,
    error: ErrorBody<'a>,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    kind: &'a str,
    message: &'a str,
}

/// Writes one article as a JSON line (or an indented object with `pretty`).
pub fn write_article<W: Write>(out: &mut W, article: &Article, pretty: bool) -> io::Result<()> {
    if pretty {
        serde_json::to_writer_pretty(&mut *out, article)?;
    } else {
        serde_json::to_writer(&mut *out, article)?;
    }
    out.write_all(b"\n")
}

/// Writes the record that stands for an input that failed.
pub fn write_error<W: Write>(out: &mut W, id: &str, error: &Error, pretty: bool) -> io::Result<()> {
    let record = ErrorRecord {
        id,
        source: &error.source_name,
        error: ErrorBody {
            kind: error.kind.as_str(),
            message: &error.message,
        },
    };
    if pretty {
        serde_json::to_writer_pretty(&mut *out, &record)?;
    } else {
        serde_json::to_writer(&mut *out, &record)?;
    }
    out.write_all(b"\n")
}
