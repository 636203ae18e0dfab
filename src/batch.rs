//! Inputs → ordered results, in parallel over a bounded window.
//!
//! Inputs are listed lazily (directories walked in sorted order, JSONL read
//! line by line), processed `window` at a time with rayon, and handed to the
//! caller in input order. Every input yields exactly one [`Outcome`]: an
//! article or an error, never a lost item.

mod record;

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Read};
use std::panic;
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc};

use rayon::prelude::*;
use serde_json::Value;

use crate::decode::{self, EncodingChoice};
use crate::{Article, Error, ErrorKind, Pipeline, RefDate};

/// Files read as saved web pages rather than plain text.
pub const HTML_EXTENSIONS: &[&str] = &["html", "htm"];

/// What `vnews extract` picks up in directories: plain text and saved pages.
pub const ARTICLE_EXTENSIONS: &[&str] = &["txt", "html", "htm"];

/// Default cap on one input's size.
pub const DEFAULT_MAX_BYTES: u64 = 64 * 1024 * 1024;

/// One input to process.
#[derive(Debug, Clone)]
pub enum Source {
    /// A file, read when its turn comes.
    File(PathBuf),
    /// Standard input, read whole.
    Stdin,
    /// A JSONL line not yet parsed: workers parse it, not the reading thread.
    JsonLine {
        name: Arc<str>,
        line_no: usize,
        line: Vec<u8>,
    },
    /// A JSONL record, already parsed.
    Record {
        id: String,
        source: String,
        text: String,
        date: Option<RefDate>,
    },
    /// An input that failed before processing (a bad JSONL line, an unreadable directory).
    Failed { id: String, error: Error },
}

impl Source {
    /// A [`Source::JsonLine`] parsed into a record or an error; other sources as they are.
    pub fn parsed(self) -> Source {
        match self {
            Source::JsonLine {
                name,
                line_no,
                line,
            } => parse_record(&line, &name, line_no),
            other => other,
        }
    }
}

/// The result for one input, in input order.
#[derive(Debug)]
pub struct Outcome {
    pub id: String,
    pub result: Result<Article, Error>,
    /// Bytes of input read.
    pub bytes: u64,
}

/// Lists the inputs named on the command line: files as given, directories
/// recursively (files with one of `extensions`, sorted), `-` for stdin.
/// Errors (a missing path, a symlink loop) become [`Source::Failed`] items.
pub fn list_paths(paths: &[PathBuf], extensions: &[&str]) -> Vec<Source> {
    let mut out = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            out.push(Source::Stdin);
        } else if path.is_dir() {
            let mut visited = BTreeSet::new();
            walk(path, extensions, &mut visited, &mut out);
        } else if path.exists() {
            out.push(Source::File(path.clone()));
        } else {
            out.push(failed(path, ErrorKind::Io, "no such file or directory"));
        }
    }
    out
}

fn walk(dir: &Path, extensions: &[&str], visited: &mut BTreeSet<PathBuf>, out: &mut Vec<Source>) {
    // A directory reached twice through symlinks is a loop: visit it once.
    let Ok(canonical) = fs::canonicalize(dir) else {
        out.push(failed(dir, ErrorKind::Io, "cannot resolve directory"));
        return;
    };
    if !visited.insert(canonical) {
        return;
    }
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            out.push(failed(dir, ErrorKind::Io, e.to_string()));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let meta = fs::metadata(&path).ok();
        if meta.as_ref().is_some_and(fs::Metadata::is_dir) {
            walk(&path, extensions, visited, out);
        } else if has_extension(&path, extensions) {
            out.push(match meta {
                // A FIFO or a device would block or never end: refuse it unopened.
                Some(m) if !m.is_file() => failed(&path, ErrorKind::Io, "not a regular file"),
                // A dangling symlink fails when its turn comes to be read.
                _ => Source::File(path),
            });
        }
    }
}

fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

fn failed(path: &Path, kind: ErrorKind, message: impl Into<String>) -> Source {
    let source = path.display().to_string();
    Source::Failed {
        id: file_id(path),
        error: Error::new(kind, &source, message),
    }
}

/// The id of a file: its name without extension.
pub fn file_id(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Reads JSONL records `{"id", "text", "date"?}` lazily, one [`Source`] per line.
/// Blank lines are skipped; a bad line becomes a [`Source::Failed`]: `record`
/// when it is not a record, `too_large` when longer than `max_line` bytes
/// (kept in memory no further than that). A read error ends the input.
pub fn jsonl_records<R: BufRead>(
    reader: R,
    name: &str,
    max_line: u64,
) -> impl Iterator<Item = Source> {
    jsonl_lines(reader, name, max_line).map(Source::parsed)
}

/// Like [`jsonl_records`], but lines come unparsed as [`Source::JsonLine`], so that
/// [`run`] parses them on the worker threads.
pub fn jsonl_lines<R: BufRead>(
    reader: R,
    name: &str,
    max_line: u64,
) -> impl Iterator<Item = Source> {
    JsonlLines {
        reader,
        name: Arc::from(name),
        max_line,
        line_no: 0,
        done: false,
    }
}

struct JsonlLines<R> {
    reader: R,
    name: Arc<str>,
    max_line: u64,
    line_no: usize,
    done: bool,
}

impl<R: BufRead> Iterator for JsonlLines<R> {
    type Item = Source;

    fn next(&mut self) -> Option<Source> {
        let mut line = Vec::new();
        while !self.done {
            self.line_no += 1;
            let failed = |kind, message: String| {
                let source = format!("{}:{}", self.name, self.line_no);
                fail(format!("line{}", self.line_no), &source, kind, message)
            };
            match read_line_capped(&mut self.reader, &mut line, self.max_line) {
                Ok(None) => self.done = true,
                // A failing reader (a directory, a vanished file) may fail forever: stop.
                Err(e) => {
                    self.done = true;
                    return Some(failed(ErrorKind::Io, e.to_string()));
                }
                Ok(Some(len)) if len > self.max_line => {
                    let message = format!("line of {len} bytes, larger than {}", self.max_line);
                    return Some(failed(ErrorKind::TooLarge, message));
                }
                Ok(Some(_)) if line.iter().all(u8::is_ascii_whitespace) => {}
                Ok(Some(_)) => {
                    return Some(Source::JsonLine {
                        name: Arc::clone(&self.name),
                        line_no: self.line_no,
                        line,
                    })
                }
            }
        }
        None
    }
}

/// Reads one line without its `\n` into `line`, keeping at most `max + 1` bytes
/// and skipping the rest. Gives the line's full length, or `None` at the end.
fn read_line_capped<R: BufRead>(
    reader: &mut R,
    line: &mut Vec<u8>,
    max: u64,
) -> io::Result<Option<u64>> {
    line.clear();
    let mut len: u64 = 0;
    let mut started = false;
    loop {
        let buf = match reader.fill_buf() {
            Ok(buf) => buf,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            return Ok(started.then_some(len));
        }
        started = true;
        let end = memchr::memchr(b'\n', buf);
        let chunk = &buf[..end.unwrap_or(buf.len())];
        let room = max.saturating_add(1).saturating_sub(line.len() as u64);
        let keep = chunk.len().min(usize::try_from(room).unwrap_or(usize::MAX));
        line.extend_from_slice(&chunk[..keep]);
        len += chunk.len() as u64;
        let used = end.map_or(buf.len(), |i| i + 1);
        reader.consume(used);
        if end.is_some() {
            return Ok(Some(len));
        }
    }
}

/// Line `line_no` of input `name` as a record. Its source is "name:line_no"; its id,
/// when it gives none, "line" and the number (made only then: records mostly have one).
fn parse_record(line: &[u8], name: &str, line_no: usize) -> Source {
    let mut source = String::with_capacity(name.len() + 1 + 20);
    source.push_str(name);
    source.push(':');
    source.push_str(itoa::Buffer::new().format(line_no));
    let fallback_id = || format!("line{line_no}");
    // One SIMD check of the whole line lets the record be read as `&str` instead of
    // validating every string again; invalid UTF-8 goes the checked way for its message.
    let Ok(line) = simdutf8::basic::from_utf8(line) else {
        return parse_value(serde_json::from_slice(line), fallback_id(), source);
    };
    match record::scan(line) {
        Some(fields) => {
            let id = fields.id.map_or_else(fallback_id, Cow::into_owned);
            let date = fields
                .date
                .as_deref()
                .map_or(DateField::Absent, DateField::Text);
            dated_record(id, source, fields.text.into_owned(), date)
        }
        None => parse_value(serde_json::from_str(line), fallback_id(), source),
    }
}

/// A record from serde_json's reading of a line: the reference [`record::scan`] follows.
fn parse_value(parsed: serde_json::Result<Value>, fallback_id: String, source: String) -> Source {
    let mut record = match parsed {
        Ok(Value::Object(record)) => record,
        Ok(_) => return fail(fallback_id, &source, ErrorKind::Record, "not a JSON object"),
        Err(e) => {
            return fail(
                fallback_id,
                &source,
                ErrorKind::Record,
                format!("bad JSON: {e}"),
            )
        }
    };
    let id = match record.remove("id") {
        Some(Value::String(s)) => s,
        Some(Value::Number(n)) => n.to_string(),
        _ => fallback_id,
    };
    let text = match record.remove("text") {
        Some(Value::String(s)) => s,
        None => return fail(id, &source, ErrorKind::Record, "no \"text\" field"),
        Some(_) => return fail(id, &source, ErrorKind::Record, "\"text\" is not a string"),
    };
    let date = record.remove("date");
    let date = match &date {
        None | Some(Value::Null) => DateField::Absent,
        Some(Value::String(s)) => DateField::Text(s),
        Some(_) => DateField::NotText,
    };
    dated_record(id, source, text, date)
}

/// A record's "date" field as read.
enum DateField<'a> {
    /// Missing or `null`.
    Absent,
    Text(&'a str),
    NotText,
}

/// The record once its fields are read.
fn dated_record(id: String, source: String, text: String, date: DateField) -> Source {
    let date = match date {
        DateField::Absent => None,
        DateField::Text(s) => match s.parse::<RefDate>() {
            Ok(d) => Some(d),
            Err(e) => return fail(id, &source, ErrorKind::Record, e),
        },
        DateField::NotText => {
            return fail(id, &source, ErrorKind::Record, "\"date\" is not a string")
        }
    };
    Source::Record {
        id,
        source,
        text,
        date,
    }
}

fn fail(id: String, source: &str, kind: ErrorKind, message: impl Into<String>) -> Source {
    Source::Failed {
        id,
        error: Error::new(kind, source, message),
    }
}

/// Processes one source. Never panics: bad data comes back as an error, and a
/// bug in a stage (a panic) as an `internal` error for this input alone
/// instead of the end of the whole run.
pub fn process(pipeline: &Pipeline, source: Source, max_bytes: u64) -> Outcome {
    let source = source.parsed();
    let (id, name) = match &source {
        Source::File(path) => (file_id(path), path.display().to_string()),
        Source::Stdin => ("stdin".to_string(), "-".to_string()),
        Source::JsonLine { name, line_no, .. } => {
            (format!("line{line_no}"), format!("{name}:{line_no}"))
        }
        Source::Record { id, source, .. } => (id.clone(), source.clone()),
        Source::Failed { id, error } => (id.clone(), error.source_name.clone()),
    };
    guarded(id, &name, || process_source(pipeline, source, max_bytes))
}

/// Runs `work` for input `id`; a panic in it becomes that input's `internal` error.
fn guarded(id: String, name: &str, work: impl FnOnce() -> Outcome) -> Outcome {
    panic::catch_unwind(panic::AssertUnwindSafe(work)).unwrap_or_else(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("unknown panic");
        Outcome {
            id,
            result: Err(Error::new(
                ErrorKind::Internal,
                name,
                format!("vnews bug, please report: {what}"),
            )),
            bytes: 0,
        }
    })
}

fn process_source(pipeline: &Pipeline, source: Source, max_bytes: u64) -> Outcome {
    match source {
        Source::File(path) => {
            let name = path.display().to_string();
            let id = file_id(&path);
            match read_file(&path, max_bytes) {
                Ok(bytes) => run_bytes(pipeline, id, &name, bytes, max_bytes),
                Err(error) => Outcome {
                    id,
                    result: Err(error),
                    bytes: 0,
                },
            }
        }
        Source::Stdin => match read_capped(io::stdin().lock(), max_bytes) {
            Ok(bytes) => run_bytes(pipeline, "stdin".into(), "-", bytes, max_bytes),
            Err(e) => Outcome {
                id: "stdin".into(),
                result: Err(Error::new(ErrorKind::Io, "-", e.to_string())),
                bytes: 0,
            },
        },
        Source::Record {
            id,
            source,
            text,
            date,
        } => {
            let bytes = text.len() as u64;
            let result = if bytes > max_bytes {
                Err(too_large(&source, max_bytes))
            } else {
                let article = pipeline.process_text_dated(&id, &source, &text, date);
                // No line with a visible character, as for files.
                if article.title.is_empty() {
                    Err(Error::new(ErrorKind::Empty, &source, "no text"))
                } else {
                    Ok(article)
                }
            };
            Outcome { id, result, bytes }
        }
        Source::Failed { id, error } => Outcome {
            id,
            result: Err(error),
            bytes: 0,
        },
        line @ Source::JsonLine { .. } => process_source(pipeline, line.parsed(), max_bytes),
    }
}

fn run_bytes(pipeline: &Pipeline, id: String, name: &str, bytes: Vec<u8>, max: u64) -> Outcome {
    let len = bytes.len() as u64;
    let result = if len > max {
        Err(too_large(name, max))
    } else if bytes.is_empty() {
        Err(Error::new(ErrorKind::Empty, name, "empty file"))
    } else if has_extension(Path::new(name), HTML_EXTENSIONS) {
        // A binary file named .html is refused as any other binary input is.
        match decode::decode(&bytes, EncodingChoice::Auto) {
            Err(e @ decode::DecodeError::NotText(_)) => {
                Err(Error::new(ErrorKind::NotText, name, e.to_string()))
            }
            _ => crate::html::to_article(pipeline, &id, name, &bytes),
        }
    } else {
        pipeline.process_bytes(&id, name, &bytes, None)
    };
    Outcome {
        id,
        result,
        bytes: len,
    }
}

fn too_large(name: &str, max: u64) -> Error {
    Error::new(
        ErrorKind::TooLarge,
        name,
        format!("larger than {max} bytes"),
    )
}

/// Reads a file of at most `max_bytes`: a larger regular file is refused
/// unread, anything else (a pipe, /proc) is read no further than the limit.
pub fn read_file(path: &Path, max_bytes: u64) -> Result<Vec<u8>, Error> {
    let name = path.display().to_string();
    let io_error = |e: io::Error| Error::new(ErrorKind::Io, &name, e.to_string());
    let file = File::open(path).map_err(io_error)?;
    if file.metadata().map_err(io_error)?.len() > max_bytes {
        return Err(too_large(&name, max_bytes));
    }
    let bytes = read_capped(file, max_bytes).map_err(io_error)?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_large(&name, max_bytes));
    }
    Ok(bytes)
}

/// Reads at most `max + 1` bytes, enough to tell that an input is too large.
fn read_capped<R: Read>(reader: R, max: u64) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Runs `sources` through the pipeline `window` at a time in parallel and
/// hands each outcome to `sink` in input order. Stops at the first error
/// `sink` returns (a closed output), which is passed back.
pub fn run<I, F>(
    pipeline: &Pipeline,
    sources: I,
    window: usize,
    max_bytes: u64,
    sink: F,
) -> io::Result<()>
where
    I: IntoIterator<Item = Source>,
    F: FnMut(Outcome) -> io::Result<()>,
{
    run_with(
        pipeline,
        sources,
        window,
        max_bytes,
        |outcome| outcome,
        sink,
    )
}

/// Like [`run`], with each outcome first turned by `render` on the worker that
/// made it (serialising it, say), so the calling thread only passes results on.
///
/// The window is processed in two halves: the calling thread reads the next
/// half and hands on the last one's results while the workers process the
/// current one, so reading and writing do not hold the workers up, and never
/// more than `window` inputs are in flight.
pub fn run_with<I, T, R, F>(
    pipeline: &Pipeline,
    sources: I,
    window: usize,
    max_bytes: u64,
    render: R,
    mut sink: F,
) -> io::Result<()>
where
    I: IntoIterator<Item = Source>,
    T: Send,
    R: Fn(Outcome) -> T + Sync,
    F: FnMut(T) -> io::Result<()>,
{
    let mut sources = sources.into_iter();
    // A window of one cannot be split: it is read, processed and written in turn.
    let (half, ahead) = if window >= 2 { (window / 2, 1) } else { (1, 0) };
    std::thread::scope(|scope| {
        let (chunk_tx, chunk_rx) = mpsc::channel::<Vec<Source>>();
        let (done_tx, done_rx) = mpsc::channel::<Vec<T>>();
        let render = &render;
        scope.spawn(move || {
            for chunk in chunk_rx {
                let results = chunk
                    .into_par_iter()
                    .map(|source| render(process(pipeline, source, max_bytes)))
                    .collect();
                if done_tx.send(results).is_err() {
                    return;
                }
            }
        });
        let mut in_flight = 0;
        loop {
            let chunk: Vec<Source> = sources.by_ref().take(half).collect();
            let last = chunk.is_empty();
            if !last {
                // The processing thread only stops when this sender is dropped.
                chunk_tx.send(chunk).map_err(|_| worker_gone())?;
                in_flight += 1;
            }
            let keep = if last { 0 } else { ahead };
            while in_flight > keep {
                for result in done_rx.recv().map_err(|_| worker_gone())? {
                    sink(result)?;
                }
                in_flight -= 1;
            }
            if last {
                return Ok(());
            }
        }
    })
}

fn worker_gone() -> io::Error {
    io::Error::other("the processing thread stopped")
}

/// Opens a JSONL input file, or stdin for `-`.
pub fn open_jsonl(path: &Path) -> io::Result<Box<dyn BufRead + Send>> {
    if path.as_os_str() == "-" {
        Ok(Box::new(BufReader::new(io::stdin())))
    } else {
        Ok(Box::new(BufReader::new(File::open(path)?)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonl_lines_become_records_or_errors() {
        let input = "{\"id\":\"a\",\"text\":\"Ngày 14/9/2022\",\"date\":\"2022-09-20\"}\n\
                     \n\
                     not json\n\
                     {\"id\":7,\"text\":42}\n\
                     {\"text\":\"Xếp thứ 3\"}\n";
        let sources: Vec<Source> =
            jsonl_records(input.as_bytes(), "in.jsonl", DEFAULT_MAX_BYTES).collect();
        assert_eq!(sources.len(), 4);
        match &sources[0] {
            Source::Record { id, date, .. } => {
                assert_eq!(id, "a");
                assert_eq!(date.unwrap().day, Some(20));
            }
            other => panic!("expected a record, got {other:?}"),
        }
        match &sources[1] {
            Source::Failed { id, error } => {
                assert_eq!(id, "line3");
                assert_eq!(error.kind, ErrorKind::Record);
            }
            other => panic!("expected a failure, got {other:?}"),
        }
        match &sources[2] {
            Source::Failed { id, error } => {
                assert_eq!(id, "7");
                assert!(error.message.contains("not a string"));
            }
            other => panic!("expected a failure, got {other:?}"),
        }
        assert!(matches!(&sources[3], Source::Record { id, .. } if id == "line5"));

        // Unparsed lines, as `vnews extract` reads them, give the same outcomes once
        // the workers have parsed them.
        let unparsed: Vec<Source> =
            jsonl_lines(input.as_bytes(), "in.jsonl", DEFAULT_MAX_BYTES).collect();
        assert!(matches!(&unparsed[0], Source::JsonLine { line_no: 1, .. }));
        let summary = |sources: Vec<Source>| -> Vec<String> {
            let mut seen = Vec::new();
            run(&Pipeline::default(), sources, 2, DEFAULT_MAX_BYTES, |o| {
                seen.push(match o.result {
                    Ok(a) => format!("{} {} {:?}", o.id, a.title, a.dates),
                    Err(e) => format!("{} {:?} {} {}", o.id, e.kind, e.source_name, e.message),
                });
                Ok(())
            })
            .unwrap();
            seen
        };
        assert_eq!(summary(unparsed), summary(sources));
    }

    /// The direct scan and serde_json give the same source, records and errors alike.
    #[test]
    fn scanned_lines_give_what_serde_json_gives() {
        let lines = [
            r#"{"id":"a","text":"Ngày 14/9/2022","date":"2022-09-20"}"#,
            r#"{"text":"x","date":"2022-13-45"}"#,
            r#"{"text":"x","date":"hôm qua"}"#,
            r#"{"id":"b","text":"x","date":null}"#,
            r#"{"id":"c","text":"x","date":7}"#,
            r#"{"id":2.50,"text":"x"}"#,
            r#"{"id":"d","text":["x"]}"#,
            r#"{"id":"e"}"#,
            r#"{"text":"a
bé","id":"f"g"}"#,
            "{\"text\":\"x\"",
            "[1]",
        ];
        let names = [
            ("in", 1),
            ("dữ liệu/a b.jsonl", 0),
            ("-", 1_234_567),
            ("x", usize::MAX),
        ];
        for line in lines {
            for (name, no) in names {
                let fast = parse_record(line.as_bytes(), name, no);
                let (id, source) = (format!("line{no}"), format!("{name}:{no}"));
                let slow = parse_value(serde_json::from_str(line), id, source);
                assert_eq!(format!("{fast:?}"), format!("{slow:?}"), "{line}");
            }
        }
        let bad = b"{\"text\":\"\xff\"}";
        let fast = parse_record(bad, "in", 7);
        let slow = parse_value(serde_json::from_slice(bad), "line7".into(), "in:7".into());
        assert_eq!(format!("{fast:?}"), format!("{slow:?}"));
        assert!(matches!(fast, Source::Failed { id, .. } if id == "line7"));
    }

    #[test]
    fn long_jsonl_lines_are_cut_and_refused() {
        let input =
            "{\"text\":\"Ngày 1/5\"}\n{\"text\":\"Một dòng quá dài, không được đọc hết\"}\n{\"text\":\"Xếp thứ 3\"}";
        let sources: Vec<Source> = jsonl_records(input.as_bytes(), "in.jsonl", 30).collect();
        assert_eq!(sources.len(), 3);
        assert!(matches!(&sources[0], Source::Record { text, .. } if text == "Ngày 1/5"));
        match &sources[1] {
            Source::Failed { id, error } => {
                assert_eq!(id, "line2");
                assert_eq!(error.kind, ErrorKind::TooLarge);
            }
            other => panic!("expected a failure, got {other:?}"),
        }
        assert!(matches!(&sources[2], Source::Record { text, .. } if text == "Xếp thứ 3"));
    }

    #[test]
    fn a_panic_becomes_an_internal_error_for_that_input_only() {
        let outcome = guarded("a".into(), "a.txt", || panic!("stage broke"));
        assert_eq!(outcome.id, "a");
        let error = outcome.result.unwrap_err();
        assert_eq!(error.kind, ErrorKind::Internal);
        assert_eq!(error.source_name, "a.txt");
        assert!(error.message.ends_with("stage broke"), "{}", error.message);
        let n = 3;
        let outcome = guarded("b".into(), "b.txt", || panic!("index {n} out of range"));
        assert!(outcome
            .result
            .unwrap_err()
            .message
            .ends_with("index 3 out of range"));
        let fine = guarded("c".into(), "c.txt", || Outcome {
            id: "c".into(),
            result: Err(Error::new(ErrorKind::Empty, "c.txt", "no text")),
            bytes: 0,
        });
        assert_eq!(fine.result.unwrap_err().kind, ErrorKind::Empty);
    }

    #[test]
    fn outcomes_keep_input_order_and_count() {
        let pipeline = Pipeline::default();
        let sources: Vec<Source> = (0..50)
            .map(|i| Source::Record {
                id: format!("r{i}"),
                source: "mem".into(),
                text: if i % 7 == 0 {
                    " ".into()
                } else {
                    format!("Tin {i}\n\nNăm 2022.")
                },
                date: None,
            })
            .collect();
        let mut seen = Vec::new();
        run(&pipeline, sources, 8, DEFAULT_MAX_BYTES, |o| {
            seen.push((o.id, o.result.is_ok()));
            Ok(())
        })
        .unwrap();
        assert_eq!(seen.len(), 50);
        for (i, (id, ok)) in seen.iter().enumerate() {
            assert_eq!(id, &format!("r{i}"));
            assert_eq!(*ok, i % 7 != 0);
        }
    }

    #[test]
    fn a_failing_sink_stops_the_run_with_its_error() {
        let pipeline = Pipeline::default();
        let sources = (0..40).map(|i| Source::Record {
            id: format!("r{i}"),
            source: "mem".into(),
            text: format!("Tin {i}\n\nNgày 14/9/2022, xếp thứ {i}."),
            date: None,
        });
        let mut written = 0;
        let result = run(&pipeline, sources, 3, DEFAULT_MAX_BYTES, |_| {
            if written == 5 {
                return Err(io::Error::new(io::ErrorKind::BrokenPipe, "closed"));
            }
            written += 1;
            Ok(())
        });
        assert_eq!(result.unwrap_err().kind(), io::ErrorKind::BrokenPipe);
        assert_eq!(written, 5);
    }

    #[test]
    fn oversized_record_is_an_error_not_a_loss() {
        let pipeline = Pipeline::default();
        let source = Source::Record {
            id: "big".into(),
            source: "mem".into(),
            text: "a".repeat(100),
            date: None,
        };
        let outcome = process(&pipeline, source, 10);
        assert_eq!(outcome.result.unwrap_err().kind, ErrorKind::TooLarge);
    }
}
