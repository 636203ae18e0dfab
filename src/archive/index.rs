//! Indexing inputs into the archive: files (.txt, .html) and JSONL records.
//!
//! Inputs go in chunks of `batch_size`: those whose hash is already stored are
//! skipped before any processing, the rest run through the pipeline in
//! parallel and are stored in one transaction per chunk.

use std::path::PathBuf;

use rayon::prelude::*;

use super::{content_hash, Archive, Record, Result};
use crate::batch::{self, Source};
use crate::{html, Article, Error, ErrorKind, Pipeline, RefDate};

/// What an indexing run did.
#[derive(Debug, Default)]
pub struct IndexReport {
    pub added: usize,
    pub replaced: usize,
    pub unchanged: usize,
    /// Inputs that could not be read or processed; the run went on without them.
    pub errors: Vec<Error>,
}

/// One input read into memory, keyed as the archive stores it.
struct Input {
    id: String,
    /// The archive key: the path, or `file#id` for a JSONL record.
    key: String,
    kind: InputKind,
    hash: String,
}

enum InputKind {
    Text(Vec<u8>),
    Html(Vec<u8>),
    Record { text: String, date: Option<RefDate> },
}

/// ISO form of a reference date ("2022-09-14", "2022-09", "2022").
pub fn iso_date(date: RefDate) -> String {
    match (date.month, date.day) {
        (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", date.year),
        (Some(m), None) => format!("{:04}-{m:02}", date.year),
        _ => format!("{:04}", date.year),
    }
}

fn read(source: Source, max_bytes: u64) -> std::result::Result<Input, Error> {
    match source {
        Source::File(path) => {
            let key = path.display().to_string();
            let bytes = batch::read_file(&path, max_bytes)?;
            let is_html = path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                batch::HTML_EXTENSIONS
                    .iter()
                    .any(|x| x.eq_ignore_ascii_case(e))
            });
            Ok(Input {
                id: batch::file_id(&path),
                hash: content_hash(&bytes),
                key,
                kind: if is_html {
                    InputKind::Html(bytes)
                } else {
                    InputKind::Text(bytes)
                },
            })
        }
        Source::Record {
            id,
            source,
            text,
            date,
        } => {
            // Line numbers move when a file is edited; the record id does not.
            let file = source.rsplit_once(':').map_or(source.as_str(), |(f, _)| f);
            let mut hashed = text.as_bytes().to_vec();
            hashed.extend(date.map(iso_date).unwrap_or_default().bytes());
            Ok(Input {
                key: format!("{file}#{id}"),
                id,
                hash: content_hash(&hashed),
                kind: InputKind::Record { text, date },
            })
        }
        Source::Stdin => Err(Error::new(
            ErrorKind::Io,
            "-",
            "stdin cannot be indexed (no stable key)",
        )),
        Source::Failed { error, .. } => Err(error),
        line @ Source::JsonLine { .. } => read(line.parsed(), max_bytes),
    }
}

/// Runs the pipeline on one input: the article and its publication date.
fn process(
    pipeline: &Pipeline,
    input: &Input,
) -> std::result::Result<(Article, Option<String>), Error> {
    let (mut article, date) = match &input.kind {
        InputKind::Text(bytes) => (
            pipeline.process_bytes(&input.id, &input.key, bytes, None)?,
            None,
        ),
        InputKind::Html(bytes) => {
            let page = html::parse(bytes)
                .map_err(|e| Error::new(ErrorKind::Empty, &input.key, e.to_string()))?;
            (
                page.to_article(pipeline, &input.id, &input.key),
                page.date.map(iso_date),
            )
        }
        InputKind::Record { text, date } => (
            pipeline.process_text_dated(&input.id, &input.key, text, *date),
            date.map(iso_date),
        ),
    };
    article.source = input.key.clone();
    Ok((article, date))
}

/// Indexes `sources` into `archive`, `batch_size` inputs per transaction.
pub fn index_sources(
    archive: &mut Archive,
    pipeline: &Pipeline,
    sources: impl IntoIterator<Item = Source>,
    batch_size: usize,
    max_bytes: u64,
) -> Result<IndexReport> {
    let mut report = IndexReport::default();
    let mut sources = sources.into_iter();
    loop {
        let chunk: Vec<Source> = sources.by_ref().take(batch_size.max(1)).collect();
        if chunk.is_empty() {
            return Ok(report);
        }
        let mut todo = Vec::new();
        for source in chunk {
            match read(source, max_bytes) {
                Ok(input) if archive.is_current(&input.key, &input.hash)? => report.unchanged += 1,
                Ok(input) => todo.push(input),
                Err(e) => report.errors.push(e),
            }
        }
        let done: Vec<_> = todo
            .par_iter()
            .map(|input| process(pipeline, input).map(|(a, d)| (a, d, input.hash.as_str())))
            .collect();
        let mut ok = Vec::new();
        for outcome in done {
            match outcome {
                Ok(item) => ok.push(item),
                Err(e) => report.errors.push(e),
            }
        }
        let records: Vec<Record> = ok
            .iter()
            .map(|(article, date, hash)| {
                let record = Record::new(article, hash);
                match date {
                    Some(d) => record.with_date(Some(d)),
                    None => record,
                }
            })
            .collect();
        let stored = archive.store_all(&records)?;
        report.added += stored.added;
        report.replaced += stored.replaced;
        report.unchanged += stored.unchanged;
    }
}

/// Indexes files and directories (.txt, .html, .htm), or JSONL files of
/// `{"id", "text", "date"?}` records with `jsonl`; an input over `max_bytes` is a
/// `too_large` error of its own.
pub fn index_paths(
    archive: &mut Archive,
    pipeline: &Pipeline,
    paths: &[PathBuf],
    jsonl: bool,
    batch_size: usize,
    max_bytes: u64,
) -> Result<IndexReport> {
    if !jsonl {
        let sources = batch::list_paths(paths, batch::ARTICLE_EXTENSIONS);
        return index_sources(archive, pipeline, sources, batch_size, max_bytes);
    }
    let mut total = IndexReport::default();
    for path in paths {
        let reader = batch::open_jsonl(path).map_err(|source| super::ArchiveError::Io {
            path: path.display().to_string(),
            source,
        })?;
        let name = path.display().to_string();
        let sources = batch::jsonl_records(reader, &name, max_bytes);
        let report = index_sources(archive, pipeline, sources, batch_size, max_bytes)?;
        total.added += report.added;
        total.replaced += report.replaced;
        total.unchanged += report.unchanged;
        total.errors.extend(report.errors);
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::iso_date;
    use crate::RefDate;

    #[test]
    fn reference_dates_print_as_iso() {
        let d = |year, month, day| RefDate { year, month, day };
        assert_eq!(iso_date(d(2022, Some(9), Some(14))), "2022-09-14");
        assert_eq!(iso_date(d(2025, Some(1), None)), "2025-01");
        assert_eq!(iso_date(d(2021, None, None)), "2021");
    }
}
