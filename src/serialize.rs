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

impl Grain {
    /// The name serde writes for the grain.
    pub fn as_str(self) -> &'static str {
        match self {
            Grain::Day => "day",
            Grain::Month => "month",
            Grain::Quarter => "quarter",
            Grain::Half => "half",
            Grain::Year => "year",
            Grain::Interval => "interval",
        }
    }
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
    let mut line = Vec::with_capacity(4096);
    append_article(&mut line, article, pretty)?;
    out.write_all(&line)
}

/// Appends what [`write_article`] writes to `buf`.
pub fn append_article(buf: &mut Vec<u8>, article: &Article, pretty: bool) -> io::Result<()> {
    if pretty {
        serde_json::to_writer_pretty(&mut *buf, article)?;
        buf.push(b'\n');
        Ok(())
    } else {
        append_article_line(buf, article)
    }
}

/// One article as a JSON line, newline included: the bytes `serde_json` writes for
/// the derived `Serialize` (a test compares them), written field by field because
/// serde_json tests every byte of every string for escapes, and an article's facts
/// are mostly strings.
fn append_article_line(buf: &mut Vec<u8>, a: &Article) -> io::Result<()> {
    buf.reserve(line_size_hint(a));
    let mut j = JsonLine(buf);
    j.raw("{\"id\":");
    j.str(&a.id);
    j.raw(",\"source\":");
    j.str(&a.source);
    if let Some(url) = &a.source_url {
        j.raw(",\"source_url\":");
        j.str(url);
    }
    j.raw(",\"title\":");
    j.str(&a.title);
    if let Some(text) = &a.text {
        j.raw(",\"text\":");
        j.str(text);
    }
    let n = &a.normalization;
    j.raw(",\"normalization\":{\"encoding\":");
    j.str(&n.encoding);
    j.raw(",\"encoding_confidence\":");
    serde_json::to_writer(&mut *j.0, &n.encoding_confidence)?;
    j.raw(",\"mojibake_repaired\":");
    j.bool(n.mojibake_repaired);
    j.raw(",\"nfc\":");
    j.uint(n.nfc as u64);
    j.raw(",\"tone_marks\":");
    j.uint(n.tone_marks as u64);
    j.raw(",\"letters\":");
    j.uint(n.letters as u64);
    j.raw(",\"spaces\":");
    j.uint(n.spaces as u64);
    j.raw("}");
    j.raw(",\"abbreviations\":");
    j.list(&a.abbreviations, |j, x| {
        j.raw("{\"abbr\":");
        j.str(&x.abbr);
        j.raw(",\"expansion\":");
        j.str(&x.expansion);
        j.span(x.start, x.end);
        Ok(())
    })?;
    j.raw(",\"dates\":");
    j.list(&a.dates, |j, x| {
        j.raw("{\"text\":");
        j.str(&x.text);
        j.raw(",\"value\":");
        j.str(&x.value);
        j.raw(",\"grain\":\"");
        j.raw(x.grain.as_str());
        j.raw("\"");
        j.raw(",\"inferred_year\":");
        j.bool(x.inferred_year);
        j.span(x.start, x.end);
        Ok(())
    })?;
    j.raw(",\"officials\":");
    j.list(&a.officials, |j, x| {
        j.raw("{\"name\":");
        j.str(&x.name);
        j.raw(",\"title\":");
        j.opt_str(x.title.as_deref());
        j.raw(",\"organization\":");
        j.opt_str(x.organization.as_deref());
        j.raw(",\"mentions\":");
        j.list(&x.mentions, |j, m| {
            j.raw("{\"text\":");
            j.str(&m.text);
            j.span(m.start, m.end);
            Ok(())
        })?;
        j.raw("}");
        Ok(())
    })?;
    j.raw(",\"scores\":");
    j.list(&a.scores, |j, x| {
        j.raw("{\"text\":");
        j.str(&x.text);
        j.raw(",\"value\":");
        serde_json::to_writer(&mut *j.0, &x.value)?;
        j.raw(",\"max\":");
        serde_json::to_writer(&mut *j.0, &x.max)?;
        j.raw(",\"unit\":");
        j.str(&x.unit);
        j.raw(",\"change\":");
        j.bool(x.change);
        j.raw(",\"metric\":");
        j.opt_str(x.metric.as_deref());
        j.span(x.start, x.end);
        Ok(())
    })?;
    j.raw(",\"rankings\":");
    j.list(&a.rankings, |j, x| {
        j.raw("{\"text\":");
        j.str(&x.text);
        j.raw(",\"rank\":");
        j.opt_int(x.rank.map(i64::from));
        j.raw(",\"total\":");
        j.opt_int(x.total.map(i64::from));
        j.raw(",\"change\":");
        j.opt_int(x.change.map(i64::from));
        j.raw(",\"tier\":");
        j.opt_str(x.tier.as_deref());
        j.raw(",\"scope\":");
        j.opt_str(x.scope.as_deref());
        j.span(x.start, x.end);
        Ok(())
    })?;
    j.raw(",\"places\":");
    j.list(&a.places, |j, x| {
        j.raw("{\"name\":");
        j.str(&x.name);
        j.raw(",\"level\":");
        j.str(&x.level);
        j.raw(",\"province\":");
        j.opt_str(x.province.as_deref());
        j.span(x.start, x.end);
        Ok(())
    })?;
    j.raw(",\"warnings\":[");
    for (n, w) in a.warnings.iter().enumerate() {
        if n > 0 {
            j.raw(",");
        }
        j.str(w);
    }
    j.raw("]}\n");
    Ok(())
}

/// Bytes an article's line is likely to take (a capacity, never the output): the
/// strings it repeats and a typical size per fact, so that the line grows at most once or twice.
fn line_size_hint(a: &Article) -> usize {
    let strings = [&a.id, &a.source, &a.title]
        .map(|s| s.len())
        .iter()
        .sum::<usize>()
        + a.text.as_ref().map_or(0, String::len);
    let mentions: usize = a.officials.iter().map(|o| o.mentions.len()).sum();
    let facts = 80 * a.abbreviations.len()
        + 110 * a.dates.len()
        + 160 * a.officials.len()
        + 50 * mentions
        + 180 * a.scores.len()
        + 160 * a.rankings.len()
        + 90 * a.places.len();
    512 + strings + facts
}

/// The longest string [`JsonLine::short_str`] writes.
const SHORT: usize = 32;

/// Compact JSON written straight into a byte buffer.
struct JsonLine<'a>(&'a mut Vec<u8>);

impl JsonLine<'_> {
    fn raw(&mut self, s: &str) {
        self.0.extend_from_slice(s.as_bytes());
    }

    /// A string with JSON's escapes, as serde_json writes them: the short forms for
    /// `"`, `\\` and five control chars, `\u00XX` for the other controls.
    fn str(&mut self, s: &str) {
        if !self.short_str(s.as_bytes()) {
            self.long_str(s.as_bytes());
        }
    }

    /// What [`JsonLine::str`] writes, for any string. Kept out of line so that the
    /// short path, which is most calls, does not pay for its registers.
    #[inline(never)]
    fn long_str(&mut self, bytes: &[u8]) {
        self.0.reserve(bytes.len() + 2);
        self.0.push(b'"');
        // Most strings have nothing to escape: one vector test proves it.
        if !needs_escape(bytes) {
            self.0.extend_from_slice(bytes);
            self.0.push(b'"');
            return;
        }
        let mut done = 0;
        while let Some(at) = next_escape(bytes, done) {
            self.0.extend_from_slice(&bytes[done..at]);
            let short = match bytes[at] {
                b'"' => Some(b'"'),
                b'\\' => Some(b'\\'),
                0x08 => Some(b'b'),
                0x0C => Some(b'f'),
                b'\n' => Some(b'n'),
                b'\r' => Some(b'r'),
                b'\t' => Some(b't'),
                _ => None,
            };
            match short {
                Some(c) => self.0.extend_from_slice(&[b'\\', c]),
                None => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    let b = bytes[at];
                    self.0.extend_from_slice(b"\\u00");
                    self.0
                        .extend_from_slice(&[HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]);
                }
            }
            done = at + 1;
        }
        self.0.extend_from_slice(&bytes[done..]);
        self.0.push(b'"');
    }

    /// A string of at most [`SHORT`] bytes with nothing to escape, quoted and written
    /// with fixed-size copies (overlapping chunks cover any length), so with no
    /// `memcpy` call; the escape test reads the same chunks. Most fact strings are
    /// this short. False, with nothing written, for a longer string or one with a
    /// byte to escape.
    fn short_str(&mut self, b: &[u8]) -> bool {
        let n = b.len();
        let at = self.0.len();
        // The buffer is filled with quotes first, so the closing one is in place.
        if n > SHORT {
            return false;
        } else if n > 16 {
            // Two words from each end: 17 to 32 bytes.
            let starts = [0, 8, n - 16, n - 8];
            let word = |i: usize| {
                let mut word = [0; 8];
                word.copy_from_slice(&b[i..i + 8]);
                word
            };
            let words = [word(0), word(8), word(n - 16), word(n - 8)];
            if words
                .iter()
                .fold(false, |any, w| any | word_needs_escape(w))
            {
                return false;
            }
            self.0.extend_from_slice(&[b'"'; SHORT + 2]);
            for (i, w) in starts.into_iter().zip(words) {
                self.0[at + 1 + i..at + 9 + i].copy_from_slice(&w);
            }
        } else if let (Some(first), Some(last)) = (b.first_chunk::<8>(), b.last_chunk::<8>()) {
            if word_needs_escape(first) | word_needs_escape(last) {
                return false;
            }
            self.0.extend_from_slice(&[b'"'; 18]);
            self.0[at + 1..at + 9].copy_from_slice(first);
            self.0[at + n - 7..at + n + 1].copy_from_slice(last);
        } else if let (Some(first), Some(last)) = (b.first_chunk::<4>(), b.last_chunk::<4>()) {
            let mut word = [0; 8];
            word[..4].copy_from_slice(first);
            word[4..].copy_from_slice(last);
            if word_needs_escape(&word) {
                return false;
            }
            self.0.extend_from_slice(&[b'"'; 10]);
            self.0[at + 1..at + 5].copy_from_slice(first);
            self.0[at + n - 3..at + n + 1].copy_from_slice(last);
        } else if let (Some(&first), Some(&last)) = (b.first(), b.last()) {
            // One to three bytes: the first, middle and last are all of them.
            let middle = b[n / 2];
            if word_needs_escape(&[first, middle, last, first, first, first, first, first]) {
                return false;
            }
            self.0.extend_from_slice(&[b'"'; 5]);
            self.0[at + 1] = first;
            self.0[at + 1 + n / 2] = middle;
            self.0[at + n] = last;
        } else {
            self.0.extend_from_slice(b"\"\"");
        }
        self.0.truncate(at + n + 2);
        true
    }

    fn bool(&mut self, b: bool) {
        self.raw(if b { "true" } else { "false" });
    }

    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.str(s),
            None => self.raw("null"),
        }
    }

    fn int(&mut self, n: i64) {
        if n < 0 {
            self.0.push(b'-');
        }
        self.uint(n.unsigned_abs());
    }

    /// The digits itoa writes. Below 10^8 (every offset, count and rank in practice)
    /// they are worked out together in one word and written with a fixed-size
    /// copy, not a `memcpy` call of itoa's varying length.
    fn uint(&mut self, n: u64) {
        if n >= 100_000_000 {
            self.long_uint(n);
            return;
        }
        let (digits, len) = ascii_digits(n);
        let at = self.0.len();
        self.0.extend_from_slice(&digits.to_le_bytes());
        self.0.truncate(at + len);
    }

    /// Out of line, so that [`JsonLine::uint`] needs no stack of its own.
    #[cold]
    #[inline(never)]
    fn long_uint(&mut self, n: u64) {
        self.raw(itoa::Buffer::new().format(n));
    }

    fn opt_int(&mut self, n: Option<i64>) {
        match n {
            Some(n) => self.int(n),
            None => self.raw("null"),
        }
    }

    /// The `start` and `end` fields that close every fact, and the object: a template
    /// of the longest such text copied at once, the digits written into it and the
    /// rest cut off, so one length check where the pieces one by one took five.
    fn span(&mut self, start: usize, end: usize) {
        const TEMPLATE: &[u8; 33] = b",\"start\":00000000,\"end\":00000000}";
        let (start, end) = (start as u64, end as u64);
        if start >= 100_000_000 || end >= 100_000_000 {
            self.span_by_pieces(start, end);
            return;
        }
        let ((first, first_len), (second, second_len)) = (ascii_digits(start), ascii_digits(end));
        let at = self.0.len();
        self.0.extend_from_slice(TEMPLATE);
        let out = &mut self.0[at..];
        out[9..17].copy_from_slice(&first.to_le_bytes());
        // `,"end":` and the digits after the first number's, each copied as a word: what
        // the copies write past their text is written over next or cut off.
        let mid = 9 + first_len;
        out[mid..mid + 8].copy_from_slice(b",\"end\":0");
        out[mid + 7..mid + 15].copy_from_slice(&second.to_le_bytes());
        out[mid + 7 + second_len] = b'}';
        self.0.truncate(at + mid + 8 + second_len);
    }

    /// What [`JsonLine::span`] writes, a piece at a time: for numbers of nine digits or more.
    #[cold]
    #[inline(never)]
    fn span_by_pieces(&mut self, start: u64, end: u64) {
        self.raw(",\"start\":");
        self.uint(start);
        self.raw(",\"end\":");
        self.uint(end);
        self.raw("}");
    }

    fn list<T>(
        &mut self,
        items: &[T],
        mut item: impl FnMut(&mut Self, &T) -> io::Result<()>,
    ) -> io::Result<()> {
        self.raw("[");
        for (n, x) in items.iter().enumerate() {
            if n > 0 {
                self.raw(",");
            }
            item(self, x)?;
        }
        self.raw("]");
        Ok(())
    }
}

/// The ASCII digits of `n` < 10^8 in the low bytes of a word (the first lowest), and
/// how many there are.
fn ascii_digits(n: u64) -> (u64, usize) {
    let digits = eight_digits(n);
    // The leading zeros are the low bytes; 0 keeps one.
    let zeros = (digits.trailing_zeros() / 8).min(7);
    let ascii = (digits >> (8 * zeros)) + u64::from_le_bytes([b'0'; 8]);
    (ascii, 8 - zeros as usize)
}

/// The eight decimal digits of `n` < 10^8, leading zeros included, one per byte
/// with the first digit in the lowest: the two halves of four digits, then the
/// four pairs, then the digits are split at once, each lane a division by
/// multiplying (exact at these sizes, which a test checks against itoa).
fn eight_digits(n: u64) -> u64 {
    let halves = (n / 10_000) | ((n % 10_000) << 32);
    let hundreds = ((halves * 10_486) >> 20) & 0x7f_0000_007f;
    let pairs = hundreds | ((halves - 100 * hundreds) << 16);
    let tens = ((pairs * 103) >> 10) & 0x000f_000f_000f_000f;
    tens | ((pairs - 10 * tens) << 8)
}

/// Whether any byte must be escaped, tested eight bytes at a time: fact strings
/// are short, too short for vectors.
fn needs_escape(bytes: &[u8]) -> bool {
    let Some(last) = bytes.last_chunk() else {
        return bytes.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\');
    };
    // Whole words, then the last eight bytes (which may overlap the last word).
    let words = bytes.chunks_exact(8).filter_map(<[u8]>::first_chunk);
    words.fold(false, |found, word| found | word_needs_escape(word)) | word_needs_escape(last)
}

/// Whether one of eight bytes is a control char, `"` or `\\`.
fn word_needs_escape(word: &[u8; 8]) -> bool {
    escape_flags(word) != 0
}

/// The high bit of each of eight bytes (read little-endian) that is a control char,
/// `"` or `\\`, by the classic "has a zero byte" and "has a byte below n" word
/// tests. A borrow may flag bytes after a flagged one, never before, so the lowest
/// flag is exact: the first byte to escape.
fn escape_flags(word: &[u8; 8]) -> u64 {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGH: u64 = u64::from_le_bytes([0x80; 8]);
    let w = u64::from_le_bytes(*word);
    let below = |w: u64, n: u8| w.wrapping_sub(ONES * u64::from(n)) & !w;
    let quote = w ^ (ONES * u64::from(b'"'));
    let backslash = w ^ (ONES * u64::from(b'\\'));
    (below(w, 0x20) | below(quote, 1) | below(backslash, 1)) & HIGH
}

/// The first byte from `from` that JSON must escape: `"`, `\\` or a control char.
/// Article text has a few (line breaks) in thousands of bytes: blocks of 32 with
/// none are passed by a test that compiles to vector compares, then words are read
/// to the first flag.
fn next_escape(bytes: &[u8], from: usize) -> Option<usize> {
    let rest = bytes.get(from..)?;
    let escaped = |b: u8| b < 0x20 || b == b'"' || b == b'\\';
    let clean = rest
        .chunks_exact(32)
        .take_while(|block| !block.iter().fold(false, |any, &b| any | escaped(b)))
        .count();
    let mut at = clean * 32;
    while let Some(word) = rest.get(at..).and_then(<[u8]>::first_chunk::<8>) {
        let flags = escape_flags(word);
        if flags != 0 {
            return Some(from + at + flags.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    let tail = rest[at..].iter().position(|&b| escaped(b))?;
    Some(from + at + tail)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Config, Pipeline};
    use proptest::prelude::*;

    fn serde_line(a: &Article) -> String {
        serde_json::to_string(a).expect("an article serialises") + "\n"
    }

    fn direct_line(a: &Article) -> String {
        let mut got = Vec::new();
        append_article_line(&mut got, a).expect("an article serialises");
        String::from_utf8(got).expect("JSON is UTF-8")
    }

    #[test]
    fn corpus_articles_are_written_as_serde_writes_them() {
        let pipeline = Pipeline::new(Config::default());
        let mut compared = 0;
        for (path, text) in crate::test_corpus::articles() {
            let mut a = pipeline.process_text("id", &path.display().to_string(), &text);
            assert_eq!(direct_line(&a), serde_line(&a), "{}", path.display());
            a.text = None;
            assert_eq!(direct_line(&a), serde_line(&a), "{}", path.display());
            compared += 1;
        }
        assert!(compared >= 10, "only {compared} corpus articles");
    }

    /// Every optional field both ways, negative numbers, a float JSON has no form for.
    #[test]
    fn every_field_shape_is_written_as_serde_writes_it() {
        let mut a = Pipeline::new(Config::default()).process_text(
            "a\"b\\c",
            "x\u{1}\u{1f}\u{7f}",
            "UBND huyện Nông Sơn xếp thứ 07/18, giảm 2 bậc, đạt 80,28/100 điểm.",
        );
        a.source_url = Some("https://example.vn/?q=\"1\"".into());
        a.normalization = NormalizationReport {
            encoding: "TCVN3 \"ABC\"".into(),
            encoding_confidence: 0.87,
            mojibake_repaired: true,
            nfc: 3,
            tone_marks: usize::MAX,
            letters: 1,
            spaces: 12,
        };
        a.warnings = vec!["tab\there".into(), "line\r\nend\u{8}\u{c}".into()];
        a.officials.push(Official {
            name: "Nguyễn Văn A".into(),
            title: None,
            organization: Some("Sở Nội vụ".into()),
            mentions: vec![Mention {
                text: "ông A".into(),
                start: usize::MAX,
                end: 0,
            }],
        });
        a.scores.push(Score {
            text: "NaN".into(),
            value: f64::NAN,
            max: Some(1e21),
            unit: "%".into(),
            change: true,
            metric: None,
            start: 1,
            end: 2,
        });
        a.rankings.push(Ranking {
            text: "giảm".into(),
            rank: None,
            total: Some(u32::MAX),
            change: Some(i32::MIN),
            tier: Some("Khá".into()),
            scope: None,
            start: 3,
            end: 4,
        });
        a.places.push(Place {
            name: "Nông Sơn".into(),
            level: "huyện".into(),
            province: None,
            start: 5,
            end: 6,
        });
        assert!(!a.rankings.is_empty() && !a.scores.is_empty());
        assert_eq!(direct_line(&a), serde_line(&a));
        assert_eq!(direct_line(&a).lines().count(), 1);
    }

    #[test]
    fn grains_are_named_as_serde_names_them() {
        use Grain::*;
        for grain in [Day, Month, Quarter, Half, Year, Interval] {
            let named = format!("\"{}\"", grain.as_str());
            assert_eq!(serde_json::to_string(&grain).ok(), Some(named));
        }
    }

    /// What `write` appends to a buffer that already holds a line's start, as a string.
    fn appended(write: impl FnOnce(&mut JsonLine)) -> String {
        let mut buf = b"{\"x\":".to_vec();
        write(&mut JsonLine(&mut buf));
        String::from_utf8(buf.split_off(5)).expect("JSON is UTF-8")
    }

    /// Every length around the short strings' chunk sizes, with a byte that needs an
    /// escape (or looks close to one) at every position, in ASCII and Vietnamese filler.
    #[test]
    fn short_strings_are_escaped_as_serde_escapes_them() {
        let tricky = [
            "\u{0}",
            "\u{1f}",
            "\t",
            "\n",
            "\r",
            "\u{8}",
            "\u{c}",
            "\"",
            "\\",
            "\u{7f}",
            " ",
            "!",
            "#",
            "[",
            "]",
            "\u{2028}",
            "\u{2029}",
            "\u{a0}",
            "\u{1f600}",
            "Ủ",
            "ệ",
            "\\u00e9",
        ];
        let mut compared = 0;
        for filler in ["a", "ệ", "Nguyễn Văn Hòa ", "1"] {
            for len in 0..=40 {
                let base: String = filler.chars().cycle().take(len).collect();
                let cut: Vec<usize> = (0..=base.len())
                    .filter(|&i| base.is_char_boundary(i))
                    .collect();
                for &at in &cut {
                    for t in tricky {
                        let s = format!("{}{t}{}", &base[..at], &base[at..]);
                        let want = serde_json::to_string(&s).expect("a string serialises");
                        assert_eq!(appended(|j| j.str(&s)), want, "{s:?}");
                        compared += 1;
                    }
                }
                let want = serde_json::to_string(&base).expect("a string serialises");
                assert_eq!(appended(|j| j.str(&base)), want, "{base:?}");
            }
        }
        assert!(compared > 2000);
    }

    /// The corpus articles' fact strings, and every slice of up to 40 bytes of their
    /// text's start (real Vietnamese, line breaks included), through both paths.
    #[test]
    fn corpus_strings_are_escaped_as_serde_escapes_them() {
        let pipeline = Pipeline::new(Config::default());
        let mut short = 0;
        for (_, text) in crate::test_corpus::articles() {
            let a = pipeline.process_text("id", "src", &text);
            let mut strings: Vec<&str> = Vec::new();
            for x in &a.abbreviations {
                strings.extend([x.abbr.as_str(), &x.expansion]);
            }
            for x in &a.dates {
                strings.extend([x.text.as_str(), &x.value]);
            }
            for x in &a.places {
                strings.extend([x.name.as_str(), &x.level]);
            }
            for x in &a.officials {
                strings.extend(x.mentions.iter().map(|m| m.text.as_str()));
            }
            let end = (0..=text.len().min(600))
                .rev()
                .find(|&e| text.is_char_boundary(e));
            let head = &text[..end.unwrap_or(0)];
            for (i, _) in head.char_indices() {
                let ends = (i..=head.len().min(i + 40)).filter(|&e| head.is_char_boundary(e));
                strings.extend(ends.map(|e| &head[i..e]));
            }
            for s in strings {
                short += usize::from(s.len() <= SHORT);
                let want = serde_json::to_string(s).expect("a string serialises");
                assert_eq!(appended(|j| j.str(s)), want, "{s:?}");
            }
        }
        assert!(short > 1000, "only {short} short strings");
    }

    #[test]
    fn integers_are_written_as_itoa_writes_them() {
        let mut numbers: Vec<u64> = (0..100_000)
            .chain((0..100_000_000).step_by(9_973))
            .collect();
        for p in 0..20 {
            let ten = 10u64.pow(p);
            numbers.extend([ten - 1, ten, ten + 1, ten.saturating_mul(2)]);
            numbers.push(ten.saturating_mul(10) - 1);
        }
        numbers.extend([
            99_999_999,
            100_000_000,
            u64::MAX,
            u64::MAX - 1,
            12_345_678,
            10_203_040,
        ]);
        for n in numbers {
            let want = serde_json::to_string(&n).expect("an integer serialises");
            assert_eq!(appended(|j| j.uint(n)), want);
            for i in [
                i64::try_from(n).unwrap_or(i64::MAX),
                -i64::try_from(n).unwrap_or(i64::MAX),
            ] {
                let want = serde_json::to_string(&i).expect("an integer serialises");
                assert_eq!(appended(|j| j.int(i)), want);
            }
        }
        assert_eq!(appended(|j| j.int(i64::MIN)), i64::MIN.to_string());
    }

    /// Spans as the pieces wrote them: every pair of small numbers, then numbers of every
    /// length around each power of ten, up to ones with too many digits for a word.
    #[test]
    fn spans_are_written_as_their_pieces_write_them() {
        let pieces = |start: usize, end: usize| {
            appended(|j| {
                j.raw(",\"start\":");
                j.uint(start as u64);
                j.raw(",\"end\":");
                j.uint(end as u64);
                j.raw("}");
            })
        };
        let mut numbers: Vec<usize> = (0..300).collect();
        for p in 1..20 {
            let ten = 10usize.pow(p);
            numbers.extend([
                ten - 1,
                ten,
                ten + 1,
                ten.saturating_mul(3).saturating_add(7),
            ]);
        }
        numbers.extend([99_999_999, 100_000_000, 12_345_678, 10_203_040, usize::MAX]);
        let mut compared = 0;
        for &start in &numbers {
            for &end in &numbers {
                assert_eq!(appended(|j| j.span(start, end)), pieces(start, end));
                compared += 1;
            }
        }
        assert!(compared > 100_000, "only {compared} spans");
    }

    proptest! {
        #[test]
        fn any_integer_is_written_as_itoa_writes_it(n in any::<u64>(), small in 0u64..100_000_000, i in any::<i64>()) {
            for n in [n, small] {
                prop_assert_eq!(appended(|j| j.uint(n)), n.to_string());
            }
            prop_assert_eq!(appended(|j| j.int(i)), i.to_string());
        }

        #[test]
        fn word_tests_find_what_a_byte_test_finds(
            bytes in proptest::collection::vec(
                prop_oneof![Just(0x1f_u8), Just(0x20), Just(b'"'), Just(b'\\'), Just(b'!'),
                    Just(b'#'), Just(0x5b), Just(0x5d), Just(0x80), Just(0xa2), Just(0xdc), any::<u8>()],
                0..40,
            )
        ) {
            let byte_test = bytes.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\');
            prop_assert_eq!(needs_escape(&bytes), byte_test);
        }

        #[test]
        fn next_escape_finds_what_a_byte_search_finds(
            bytes in proptest::collection::vec(
                prop_oneof![8 => Just(b'a'), 4 => Just(0xe1), 1 => Just(0x1f), 1 => Just(0x20), 1 => Just(b'"'),
                    1 => Just(b'\\'), 1 => Just(b'!'), 1 => Just(0x5d), 1 => Just(0x80), 1 => Just(b'\n'), 2 => any::<u8>()],
                0..200,
            ),
            from in 0usize..210,
        ) {
            let search = bytes
                .get(from..)
                .and_then(|rest| rest.iter().position(|&b| b < 0x20 || b == b'"' || b == b'\\'))
                .map(|i| from + i);
            prop_assert_eq!(next_escape(&bytes, from), search);
        }

        #[test]
        fn any_string_is_escaped_as_serde_escapes_it(s in "(?s).{0,40}", b in proptest::collection::vec(0u8..0x80, 0..40)) {
            let ascii = String::from_utf8(b).expect("ASCII");
            for text in [&s, &ascii] {
                let mut got = Vec::new();
                JsonLine(&mut got).str(text);
                prop_assert_eq!(got, serde_json::to_vec(text).expect("a string serialises"));
                let want = serde_json::to_string(text).expect("a string serialises");
                prop_assert_eq!(appended(|j| j.str(text)), want);
            }
        }
    }
}
