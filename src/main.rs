//! The `vnews` command: clap arguments → library calls → exit code.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Mutex, MutexGuard};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};

use vnews::batch::{self, Outcome, Source};
use vnews::decode::{self, EncodingChoice};
use vnews::serialize::{append_article, write_error};
use vnews::{archive, eval, expand, normalize, Article, Config, Pipeline, RefDate, ToneStyle};

#[derive(Parser)]
#[command(
    name = "vnews",
    version,
    about = "Structured facts from Vietnamese government news"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract facts from articles and write one JSON line per article.
    Extract(ExtractArgs),
    /// Write the normalized text of each input to stdout.
    Normalize(TextArgs),
    /// Write each input to stdout with abbreviations expanded.
    Expand(TextArgs),
    /// Measure precision and recall against gold facts (X.txt beside X.json).
    Eval(EvalArgs),
    /// Store articles (.txt, .html or JSONL) in a SQLite archive; unchanged ones are skipped.
    Index(IndexArgs),
    /// Search an archive: words with or without diacritics, and fact filters (exit 1: no hits).
    Search(SearchArgs),
    /// Write one CSV per fact kind from an archive (or a JSONL file of articles).
    Export(ExportArgs),
}

#[derive(Args)]
struct IndexArgs {
    /// The archive database (created if missing).
    #[arg(long, value_name = "FILE")]
    db: PathBuf,
    /// Files or directories (*.txt, *.html searched recursively).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Inputs are JSON Lines records {"id", "text", "date"?}.
    #[arg(long)]
    jsonl: bool,
    /// Articles per transaction; an interrupted run keeps whole batches.
    #[arg(long, default_value_t = 500)]
    batch: usize,
    /// Inputs larger than this many bytes are reported as too_large.
    #[arg(long, default_value_t = batch::DEFAULT_MAX_BYTES)]
    max_bytes: u64,
    /// Worker threads (default: all cores).
    #[arg(short, long)]
    jobs: Option<usize>,
    #[command(flatten)]
    common: CommonArgs,
}

#[derive(Args)]
struct SearchArgs {
    /// Words to find (all must occur); "quoted words" form a phrase.
    text: Option<String>,
    /// The archive database.
    #[arg(long, value_name = "FILE")]
    db: PathBuf,
    /// Only articles naming this official.
    #[arg(long)]
    official: Option<String>,
    /// Only articles naming this place (or a place in this province).
    #[arg(long)]
    place: Option<String>,
    /// Only articles dated on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long)]
    from: Option<String>,
    /// Only articles dated on or before this date.
    #[arg(long)]
    to: Option<String>,
    /// Only articles with a score of this metric.
    #[arg(long)]
    metric: Option<String>,
    /// Most hits to show.
    #[arg(short = 'n', long, default_value_t = 20)]
    limit: usize,
    /// One JSON object per hit.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct ExportArgs {
    /// The archive database.
    #[arg(
        long,
        value_name = "FILE",
        required_unless_present = "jsonl",
        conflicts_with = "jsonl"
    )]
    db: Option<PathBuf>,
    /// Export straight from a JSONL file of articles (as `vnews extract` writes).
    #[arg(long, value_name = "FILE")]
    jsonl: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
    format: ExportFormat,
    /// Folder for the files, one per fact kind (created if missing).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    Csv,
}

#[derive(Args)]
struct ExtractArgs {
    /// Files, directories (searched recursively for *.txt, *.html, *.htm) or - for stdin.
    #[arg(default_value = "-")]
    paths: Vec<PathBuf>,
    /// Inputs are JSON Lines records {"id", "text", "date"?}.
    #[arg(long)]
    jsonl: bool,
    /// Write to FILE (atomically, when the run ends) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Indent each JSON object.
    #[arg(long)]
    pretty: bool,
    /// Leave the normalized text out of the output.
    #[arg(long)]
    no_text: bool,
    /// Worker threads (default: all cores).
    #[arg(short, long)]
    jobs: Option<usize>,
    #[command(flatten)]
    common: CommonArgs,
    /// Reference date for day-months without a year and relative dates.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_ref_date)]
    ref_date: Option<RefDate>,
    /// Inputs larger than this many bytes are reported as too_large.
    #[arg(long, default_value_t = batch::DEFAULT_MAX_BYTES)]
    max_bytes: u64,
    /// Articles in flight at once (bounds memory).
    #[arg(long, default_value_t = 1024)]
    window: usize,
}

#[derive(Args)]
struct CommonArgs {
    /// Tone-mark placement: old (hòa, thủy), new (hoà, thuỷ) or keep.
    #[arg(long, value_enum, default_value_t = ToneArg::Old)]
    tone_style: ToneArg,
    /// Input encoding: auto, utf-8, utf-16 and the legacy ones the decoder knows.
    #[arg(long, default_value = "auto", value_parser = parse_encoding)]
    encoding: EncodingChoice,
}

#[derive(Args)]
struct TextArgs {
    /// Files, or - for stdin.
    #[arg(default_value = "-")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    common: CommonArgs,
    /// Strip all diacritics (đ → d) for ASCII search keys (normalize only).
    #[arg(long)]
    fold: bool,
}

#[derive(Args)]
struct EvalArgs {
    /// Folder with X.txt articles and X.json gold facts.
    gold_dir: PathBuf,
    /// Read predictions from this JSONL file instead of running the pipeline.
    #[arg(long, value_name = "FILE")]
    pred: Option<PathBuf>,
    /// Print the table as JSON.
    #[arg(long)]
    json: bool,
    /// List every false positive and false negative.
    #[arg(long)]
    errors: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum ToneArg {
    Old,
    New,
    Keep,
}

impl From<ToneArg> for ToneStyle {
    fn from(t: ToneArg) -> Self {
        match t {
            ToneArg::Old => ToneStyle::Old,
            ToneArg::New => ToneStyle::New,
            ToneArg::Keep => ToneStyle::Keep,
        }
    }
}

fn parse_ref_date(s: &str) -> Result<RefDate, String> {
    s.parse()
}

fn parse_encoding(s: &str) -> Result<EncodingChoice, String> {
    s.parse()
        .map_err(|e: <EncodingChoice as std::str::FromStr>::Err| e.to_string())
}

// glibc's malloc and free were ~16 of ~194 instructions per byte (workers free every
// article's fact strings); mimalloc's thread-local free lists cost less, for more resident memory.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Extract(args) => extract(args),
        Command::Normalize(args) => transform(args, Transform::Normalize),
        Command::Expand(args) => transform(args, Transform::Expand),
        Command::Eval(args) => run_eval(args),
        Command::Index(args) => run_index(args),
        Command::Search(args) => run_search(args),
        Command::Export(args) => run_export(args),
    };
    match outcome {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("vnews: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// A closed pipe (`vnews extract | head`) ends the run quietly.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

fn extract(args: ExtractArgs) -> Result<ExitCode> {
    let jobs = args.jobs.unwrap_or(0);
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build_global()
        .context("starting worker threads")?;
    let pipeline = Pipeline::new(Config {
        tone_style: args.common.tone_style.into(),
        encoding: args.common.encoding,
        ref_date: args.ref_date,
        include_text: !args.no_text,
    });
    let max_bytes = args.max_bytes;
    let sources: Box<dyn Iterator<Item = Source>> = if args.jsonl {
        let mut readers = Vec::new();
        for path in &args.paths {
            let reader = batch::open_jsonl(path).with_context(|| format!("{}", path.display()))?;
            readers.push((reader, path.display().to_string()));
        }
        Box::new(
            readers
                .into_iter()
                .flat_map(move |(reader, name)| batch::jsonl_lines(reader, &name, max_bytes)),
        )
    } else {
        Box::new(batch::list_paths(&args.paths, batch::ARTICLE_EXTENSIONS).into_iter())
    };

    let mut output = Output::open(args.output.as_deref())?;
    let progress = progress_bar();
    let mut summary = Counts::default();
    let started = Instant::now();
    let pretty = args.pretty;
    batch::run_with(
        &pipeline,
        sources,
        args.window,
        args.max_bytes,
        |outcome| Rendered::new(&outcome, pretty),
        |rendered: Rendered| {
            summary.add(&rendered.counts);
            progress.inc(1);
            if let Some(error) = &rendered.error {
                progress.suspend(|| eprintln!("vnews: {error}"));
            }
            output.writer.write_all(&rendered.json?)
        },
    )?;
    progress.finish_and_clear();
    output.commit()?;
    summary.print(started.elapsed().as_secs_f64());
    Ok(if summary.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Stdout, or a temporary file renamed into place only when the run completes. A run that
/// fails, or is stopped by Ctrl-C or SIGTERM, removes its temporary file.
struct Output {
    writer: BufWriter<Box<dyn Write>>,
    rename: Option<(PathBuf, PathBuf)>,
}

/// The temporary output of the run in progress, for the signal handler to remove.
static PENDING_OUTPUT: Mutex<Option<PathBuf>> = Mutex::new(None);

/// On Ctrl-C or SIGTERM: the pending output removed, then exit 130 as a shell does.
fn remove_pending_output_on_signal() {
    // Without a handler the signal still ends the run; only the temporary file stays.
    let _ = ctrlc::set_handler(|| {
        if let Some(temp) = pending_output().take() {
            let _ = std::fs::remove_file(temp);
        }
        std::process::exit(130);
    });
}

/// [`PENDING_OUTPUT`], also after a panic while it was held.
fn pending_output() -> MutexGuard<'static, Option<PathBuf>> {
    PENDING_OUTPUT
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Output {
    fn open(path: Option<&Path>) -> Result<Self> {
        let Some(path) = path else {
            return Ok(Output {
                writer: BufWriter::with_capacity(1 << 16, Box::new(io::stdout().lock())),
                rename: None,
            });
        };
        let name = path.file_name().context("output path has no file name")?;
        let mut temp_name = std::ffi::OsString::from(".");
        temp_name.push(name);
        temp_name.push(format!(".{}.tmp", std::process::id()));
        let temp = path.with_file_name(temp_name);
        // Registered before it exists: a signal between the two finds nothing to remove.
        *pending_output() = Some(temp.clone());
        remove_pending_output_on_signal();
        let file = File::create(&temp)
            .inspect_err(|_| *pending_output() = None)
            .with_context(|| format!("creating {}", temp.display()))?;
        Ok(Output {
            writer: BufWriter::with_capacity(1 << 16, Box::new(file)),
            rename: Some((temp, path.to_path_buf())),
        })
    }

    fn commit(mut self) -> Result<()> {
        self.writer.flush()?;
        if let Some((temp, path)) = self.rename.take() {
            // The file closed before it is renamed.
            self.writer = BufWriter::new(Box::new(io::sink()));
            // Held across the rename: a signal either removes the file first or finds none.
            let mut pending = pending_output();
            let renamed = std::fs::rename(&temp, &path);
            *pending = None;
            if renamed.is_err() {
                let _ = std::fs::remove_file(&temp);
            }
            renamed
                .with_context(|| format!("renaming {} to {}", temp.display(), path.display()))?;
        }
        Ok(())
    }
}

impl Drop for Output {
    /// A run that did not commit leaves no temporary file behind.
    fn drop(&mut self) {
        if let Some((temp, _)) = self.rename.take() {
            *pending_output() = None;
            let _ = std::fs::remove_file(temp);
        }
    }
}

fn progress_bar() -> ProgressBar {
    if !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {pos} articles, {per_sec} [{elapsed}]")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar
}

/// One outcome as written, made on the worker thread: its JSON line and what the
/// summary counts of it.
struct Rendered {
    /// The JSON line; a serialisation error stops the run as a write error did before.
    json: io::Result<Vec<u8>>,
    counts: Counts,
    error: Option<String>,
}

impl Rendered {
    fn new(outcome: &Outcome, pretty: bool) -> Self {
        let mut json = Vec::new();
        let (written, counts, error) = match &outcome.result {
            Ok(article) => (
                append_article(&mut json, article, pretty),
                Counts::of(article, outcome.bytes),
                None,
            ),
            Err(error) => (
                write_error(&mut json, &outcome.id, error, pretty),
                Counts::failed(outcome.bytes),
                Some(error.to_string()),
            ),
        };
        Rendered {
            json: written.map(|()| json),
            counts,
            error,
        }
    }
}

#[derive(Default)]
struct Counts {
    articles: usize,
    errors: usize,
    bytes: u64,
    dates: usize,
    officials: usize,
    scores: usize,
    rankings: usize,
    abbreviations: usize,
}

impl Counts {
    fn of(a: &Article, bytes: u64) -> Self {
        Counts {
            articles: 1,
            errors: 0,
            bytes,
            dates: a.dates.len(),
            officials: a.officials.len(),
            scores: a.scores.len(),
            rankings: a.rankings.len(),
            abbreviations: a.abbreviations.len(),
        }
    }

    fn failed(bytes: u64) -> Self {
        Counts {
            errors: 1,
            bytes,
            ..Counts::default()
        }
    }

    /// Adds another input's counts to a run's totals.
    fn add(&mut self, c: &Counts) {
        self.articles += c.articles;
        self.errors += c.errors;
        self.bytes += c.bytes;
        self.dates += c.dates;
        self.officials += c.officials;
        self.scores += c.scores;
        self.rankings += c.rankings;
        self.abbreviations += c.abbreviations;
    }

    fn print(&self, seconds: f64) {
        let mb = self.bytes as f64 / 1e6;
        eprintln!(
            "vnews: {} articles, {} errors; facts: {} dates, {} officials, {} scores, {} rankings, {} abbreviations; {:.1} MB in {:.2} s ({:.1} MB/s)",
            self.articles,
            self.errors,
            self.dates,
            self.officials,
            self.scores,
            self.rankings,
            self.abbreviations,
            mb,
            seconds,
            mb / seconds.max(1e-9),
        );
    }
}

#[derive(Clone, Copy)]
enum Transform {
    Normalize,
    Expand,
}

fn transform(args: TextArgs, kind: Transform) -> Result<ExitCode> {
    if args.fold && matches!(kind, Transform::Expand) {
        bail!("--fold goes with normalize");
    }
    let style: ToneStyle = args.common.tone_style.into();
    let mut out = BufWriter::new(io::stdout().lock());
    let mut failed = false;
    for path in &args.paths {
        if matches!(kind, Transform::Normalize) {
            match normalize_streamed(path, &args, style, &mut out)? {
                Streamed::Written => continue,
                Streamed::NotPlain => {}
                Streamed::ReadFailed(e) => {
                    eprintln!("vnews: {}: {e}", path.display());
                    failed = true;
                    continue;
                }
            }
        }
        let bytes = match read_input(path) {
            Ok(bytes) => bytes,
            Err(e) => {
                eprintln!("vnews: {}: {e}", path.display());
                failed = true;
                continue;
            }
        };
        let decoded = match decode::decode_text(&bytes, args.common.encoding) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("vnews: {}: {e}", path.display());
                failed = true;
                continue;
            }
        };
        match kind {
            Transform::Normalize => normalize::normalize_pieces(&decoded, style, |piece| {
                write_normalized(&mut out, piece, args.fold)
            })?,
            Transform::Expand => {
                let (text, _) = normalize::normalize(&decoded, style);
                out.write_all(expand::expand_str(&text).as_bytes())?
            }
        }
    }
    out.flush()?;
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// How [`normalize_streamed`] ended.
enum Streamed {
    Written,
    /// Nothing written: the input is read whole instead.
    NotPlain,
    /// Part of the file was written.
    ReadFailed(io::Error),
}

/// Normalizes a file of plain UTF-8 to `out` in pieces, so that a long one
/// is never held whole; stdin and any other input are left to the caller,
/// and so is a file that fails to open (to report as other inputs do).
fn normalize_streamed(
    path: &Path,
    args: &TextArgs,
    style: ToneStyle,
    out: &mut impl Write,
) -> Result<Streamed> {
    if path.as_os_str() == "-" {
        return Ok(Streamed::NotPlain);
    }
    let Ok(file) = File::open(path) else {
        return Ok(Streamed::NotPlain);
    };
    if !file.metadata().is_ok_and(|meta| meta.is_file()) {
        return Ok(Streamed::NotPlain);
    }
    let Ok(Some(mut pieces)) = decode::plain_pieces(file, args.common.encoding) else {
        return Ok(Streamed::NotPlain);
    };
    loop {
        match pieces.next_piece() {
            Ok(Some(piece)) => normalize::normalize_pieces(piece, style, |piece| {
                write_normalized(out, piece, args.fold)
            })?,
            Ok(None) => return Ok(Streamed::Written),
            Err(e) => return Ok(Streamed::ReadFailed(e)),
        }
    }
}

/// A piece of normalized text as `vnews normalize` writes it: folded with `--fold`.
fn write_normalized(out: &mut impl Write, piece: &str, fold: bool) -> io::Result<()> {
    if fold {
        out.write_all(normalize::fold(piece).as_bytes())
    } else {
        out.write_all(piece.as_bytes())
    }
}

fn read_input(path: &Path) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        io::stdin().lock().read_to_end(&mut bytes)?;
    } else {
        File::open(path)?.read_to_end(&mut bytes)?;
    }
    Ok(bytes)
}

fn run_eval(args: EvalArgs) -> Result<ExitCode> {
    let report = match &args.pred {
        Some(pred) => eval::evaluate_predictions(&args.gold_dir, pred)?,
        None => eval::evaluate_dir(&args.gold_dir, &Pipeline::default())?,
    };
    let mut out = BufWriter::new(io::stdout().lock());
    if args.json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else {
        write!(out, "{}", report.table())?;
        if args.errors {
            write!(out, "{}", report.error_list())?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn run_index(args: IndexArgs) -> Result<ExitCode> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build_global()
        .context("starting worker threads")?;
    let pipeline = Pipeline::new(Config {
        tone_style: args.common.tone_style.into(),
        encoding: args.common.encoding,
        ref_date: None,
        include_text: true,
    });
    let mut db = archive::Archive::open(&args.db)
        .with_context(|| format!("opening {}", args.db.display()))?;
    let started = Instant::now();
    let report = archive::index_paths(
        &mut db,
        &pipeline,
        &args.paths,
        args.jsonl,
        args.batch,
        args.max_bytes,
    )?;
    for error in &report.errors {
        eprintln!("vnews: {error}");
    }
    eprintln!(
        "vnews: {} added, {} replaced, {} unchanged, {} errors in {:.2} s",
        report.added,
        report.replaced,
        report.unchanged,
        report.errors.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(if report.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn run_search(args: SearchArgs) -> Result<ExitCode> {
    if !args.db.exists() {
        bail!("{}: no such archive", args.db.display());
    }
    let db = archive::Archive::open(&args.db)
        .with_context(|| format!("opening {}", args.db.display()))?;
    let hits = db.search(&archive::Query {
        text: args.text,
        official: args.official,
        place: args.place,
        from: args.from,
        to: args.to,
        metric: args.metric,
        limit: args.limit,
    })?;
    let mut out = BufWriter::new(io::stdout().lock());
    for hit in &hits {
        if args.json {
            serde_json::to_writer(&mut out, hit)?;
            writeln!(out)?;
        } else {
            let date = hit.date.as_deref().unwrap_or("undated");
            writeln!(out, "{}\t{date}\t{:.3}\t{}", hit.id, hit.score, hit.title)?;
            writeln!(out, "\t{}\n\t{}", hit.source, hit.snippet)?;
        }
    }
    out.flush()?;
    Ok(if hits.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn run_export(args: ExportArgs) -> Result<ExitCode> {
    let ExportFormat::Csv = args.format;
    let (input, from_jsonl) = match (&args.db, &args.jsonl) {
        (_, Some(jsonl)) => (jsonl, true),
        (Some(db), None) => (db, false),
        (None, None) => bail!("give --db FILE or --jsonl FILE"),
    };
    if !input.exists() {
        bail!("{}: no such file", input.display());
    }
    let report = if from_jsonl {
        archive::export_jsonl_csv(input, &args.out)?
    } else {
        archive::export_csv(input, &args.out)?
    };
    for (file, rows) in report {
        eprintln!("vnews: {} ({rows} rows)", args.out.join(file).display());
    }
    Ok(ExitCode::SUCCESS)
}
