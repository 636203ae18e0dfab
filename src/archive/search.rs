//! Full-text and fact search over the archive.

use rusqlite::types::Value;

use super::{fold, Archive, Result};

/// What to look for; every field that is set must hold.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {
    /// Words to find in title or text, with or without diacritics; all must
    /// occur. A part in double quotes is a phrase.
    pub text: Option<String>,
    /// An official's name, or part of it ("nguyen van hoa").
    pub official: Option<String>,
    /// A place, or the province the place is in ("Quảng Nam").
    pub place: Option<String>,
    /// Article date bounds, inclusive, as ISO dates compared as text.
    pub from: Option<String>,
    pub to: Option<String>,
    /// A score's metric, or part of it ("PAR Index").
    pub metric: Option<String>,
    /// Most hits to return; 0 means 20.
    pub limit: usize,
}

impl Query {
    pub fn text(text: &str) -> Self {
        Query {
            text: Some(text.to_string()),
            ..Query::default()
        }
    }
}

/// One article found.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Hit {
    pub id: i64,
    pub source: String,
    pub title: String,
    pub date: Option<String>,
    /// A piece of the text around the first match, matched words in «».
    pub snippet: String,
    /// FTS5 bm25 rank (lower is better); 0 without a text query.
    pub score: f64,
}

/// A text query on the folded columns: every word must occur, a quoted part
/// as a phrase. Also the whole query as one phrase, to rank exact matches first.
struct TextQuery {
    all_words: String,
    as_phrase: Option<String>,
    terms: Vec<String>,
}

const FOLDED_COLUMNS: &str = "{title_folded text_folded}";

fn fts_expression(text: &str) -> TextQuery {
    let mut parts = Vec::new();
    let mut terms = Vec::new();
    for (i, chunk) in text.split('"').enumerate() {
        let words: Vec<String> = fold(chunk)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        if words.is_empty() {
            continue;
        }
        if i % 2 == 1 {
            parts.push(format!("\"{}\"", words.join(" ")));
        } else {
            parts.extend(words.iter().map(|w| format!("\"{w}\"")));
        }
        terms.extend(words);
    }
    let all_words = if parts.is_empty() {
        String::new()
    } else {
        format!("{FOLDED_COLUMNS} : ({})", parts.join(" AND "))
    };
    let as_phrase =
        (parts.len() > 1).then(|| format!("{FOLDED_COLUMNS} : \"{}\"", terms.join(" ")));
    TextQuery {
        all_words,
        as_phrase,
        terms,
    }
}

impl Archive {
    /// Articles that fit `query`, best first (by bm25, else newest first).
    pub fn search(&self, query: &Query) -> Result<Vec<Hit>> {
        let limit = if query.limit == 0 { 20 } else { query.limit };
        let TextQuery {
            all_words: expr,
            as_phrase,
            terms,
        } = fts_expression(query.text.as_deref().unwrap_or(""));
        let expr_empty = expr.is_empty();
        // The text is read for the hits only, after ranking.
        let mut sql = String::from("SELECT a.id, a.source, a.title, a.date, ");
        let mut args: Vec<Value> = Vec::new();
        if expr.is_empty() {
            sql.push_str("0.0 FROM articles a WHERE 1");
        } else {
            // A join (not a subquery) lets SQLite start from a selective filter
            // and probe the FTS index by rowid.
            sql.push_str(
                "bm25(articles_fts, 0.0, 0.0, 2.0, 1.0) FROM articles a \
                 JOIN articles_fts ON articles_fts.rowid = a.id WHERE articles_fts MATCH ?",
            );
            args.push(Value::Text(expr));
        }
        if let Some(name) = &query.official {
            sql.push_str(
                " AND a.id IN (SELECT article_id FROM officials WHERE name_folded LIKE ? ESCAPE '\\')",
            );
            args.push(Value::Text(like_pattern(name)));
        }
        if let Some(place) = &query.place {
            sql.push_str(
                " AND a.id IN (SELECT article_id FROM places WHERE name_folded = ? OR province_folded = ?)",
            );
            let folded = fold(place.trim());
            args.push(Value::Text(folded.clone()));
            args.push(Value::Text(folded));
        }
        if let Some(from) = &query.from {
            sql.push_str(" AND a.date >= ?");
            args.push(Value::Text(from.clone()));
        }
        if let Some(to) = &query.to {
            // "2022-12" takes in every day of December.
            sql.push_str(" AND a.date <= ?");
            args.push(Value::Text(format!("{to}\u{10FFFF}")));
        }
        if let Some(metric) = &query.metric {
            sql.push_str(
                " AND a.id IN (SELECT article_id FROM scores WHERE metric_folded LIKE ? ESCAPE '\\')",
            );
            args.push(Value::Text(like_pattern(metric)));
        }
        if expr_empty {
            sql.push_str(" ORDER BY a.date DESC, a.id");
        } else if let Some(phrase) = as_phrase {
            sql.push_str(
                " ORDER BY a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?) DESC, 5, a.id",
            );
            args.push(Value::Text(phrase));
        } else {
            sql.push_str(" ORDER BY 5, a.id");
        }
        sql.push_str(&format!(" LIMIT {limit}"));
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| {
            Ok(Hit {
                id: r.get(0)?,
                source: r.get(1)?,
                title: r.get(2)?,
                date: r.get(3)?,
                snippet: String::new(),
                score: r.get(4)?,
            })
        })?;
        let mut hits = rows.collect::<rusqlite::Result<Vec<_>>>()?;
        let mut text_of = self
            .conn()
            .prepare_cached("SELECT text FROM articles WHERE id = ?1")?;
        for hit in &mut hits {
            let text: String = text_of.query_row([hit.id], |r| r.get(0))?;
            hit.snippet = snippet(&text, &terms);
        }
        Ok(hits)
    }
}

fn like_pattern(text: &str) -> String {
    let folded = fold(text.trim());
    let escaped = folded
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// Words around the first matched word, each matched word in «».
pub(crate) fn snippet(text: &str, terms: &[String]) -> String {
    const BEFORE: usize = 8;
    const AFTER: usize = 24;
    let words: Vec<(usize, usize)> = word_spans(text);
    let is_match = |&(s, e): &(usize, usize)| terms.iter().any(|t| fold(&text[s..e]) == *t);
    let first = words.iter().position(is_match).unwrap_or(0);
    let from = first.saturating_sub(BEFORE);
    let to = (first + AFTER).min(words.len());
    let Some(&(start, _)) = words.get(from) else {
        return String::new();
    };
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    let mut pos = start;
    for w in &words[from..to] {
        out.push_str(&text[pos..w.0]);
        if is_match(w) {
            out.push('«');
            out.push_str(&text[w.0..w.1]);
            out.push('»');
        } else {
            out.push_str(&text[w.0..w.1]);
        }
        pos = w.1;
    }
    if to < words.len() {
        out.push('…');
    } else {
        out.push_str(&text[pos..]);
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Byte spans of the alphanumeric words of `text`.
fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                spans.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push((s, text.len()));
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_text_becomes_folded_fts_terms() {
        let q = fts_expression("Nguyễn Văn HOÀ");
        assert_eq!(
            q.all_words,
            r#"{title_folded text_folded} : ("nguyen" AND "van" AND "hoa")"#
        );
        assert_eq!(
            q.as_phrase.as_deref(),
            Some(r#"{title_folded text_folded} : "nguyen van hoa""#)
        );
        assert_eq!(q.terms, ["nguyen", "van", "hoa"]);
        let q = fts_expression(r#""cải cách hành chính" Nông Sơn"#);
        assert!(q
            .all_words
            .contains(r#""cai cach hanh chinh" AND "nong" AND "son""#));
        // FTS5 syntax in the query is only text.
        let q = fts_expression("NEAR( a* OR -b");
        assert!(
            q.all_words.contains(r#""near" AND "a" AND "or" AND "b""#),
            "{}",
            q.all_words
        );
        assert_eq!(q.terms.len(), 4);
        assert_eq!(fts_expression("  ...  ").all_words, "");
        assert_eq!(fts_expression("hòa").as_phrase, None);
    }

    #[test]
    fn snippet_marks_matches_in_the_original_spelling() {
        let text =
            "Ngày 14.9, UBND huyện Nông Sơn tổ chức hội nghị, đồng chí Nguyễn Văn Hòa chủ trì.";
        let s = snippet(text, &["hoa".to_string(), "nguyen".to_string()]);
        assert!(s.contains("«Nguyễn» Văn «Hòa» chủ trì."), "{s}");
        assert!(s.starts_with('…'), "{s}");
        assert_eq!(snippet("", &["x".to_string()]), "");
    }
}
