//! What each fuzz target checks, shared with the regression tests
//! (`tests/fuzz_regressions.rs` includes this file) so a saved input is fed
//! through exactly the code that found it.
//!
//! Every check panics on a broken promise; returning means the input passed.
//!
//! Run a target (from `fuzz/`; stable Rust accepts the nightly flags cargo-fuzz
//! passes when `RUSTC_BOOTSTRAP=1` is set):
//! `RUSTC_BOOTSTRAP=1 cargo fuzz run -s none pipeline -- -max_total_time=600`.
//! Keep a crashing input as `tests/regressions/<target>/<name>`.

use vnews::batch::{self, Source};
use vnews::decode::{self, EncodingChoice};
use vnews::normalize::{self, ToneStyle};
use vnews::{Article, Config, ErrorKind, Pipeline};

/// Encodings the first input byte picks from; a name this build does not know reads as auto.
const ENCODINGS: [&str; 7] = [
    "auto", "utf-8", "utf-16", "cp1258", "tcvn3", "vni", "viscii",
];

/// Longest JSONL line the reader keeps, small so long lines are exercised.
const MAX_LINE: u64 = 4096;

/// Decoding any bytes with any encoding gives text or an error, with a sane confidence.
pub fn check_decode(data: &[u8]) {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let name = ENCODINGS[usize::from(selector) % ENCODINGS.len()];
    let choice: EncodingChoice = name.parse().unwrap_or_default();
    if let Ok(decoded) = decode::decode(bytes, choice) {
        assert!(
            (0.0..=1.0).contains(&decoded.confidence),
            "confidence {} out of range",
            decoded.confidence
        );
        assert!(!decoded.encoding.is_empty());
    }
}

/// Normalizing any text gives NFC text that normalizes to itself, in every tone style.
pub fn check_normalize(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for style in [ToneStyle::Old, ToneStyle::New, ToneStyle::Keep] {
        let (once, _) = normalize::normalize(&text, style);
        assert!(
            unicode_normalization::is_nfc(&once),
            "{style:?}: not NFC: {once:?}"
        );
        let (twice, _) = normalize::normalize(&once, style);
        assert_eq!(once, twice, "{style:?}: normalizing again changed the text");
        let folded = normalize::fold(&once);
        assert!(
            !folded
                .chars()
                .any(unicode_normalization::char::is_combining_mark),
            "fold left a mark: {folded:?}"
        );
    }
}

/// The whole pipeline on one article: raw bytes, the same bytes read as text
/// (so text stages also see what the decoder would refuse), and as HTML.
pub fn check_pipeline(data: &[u8]) {
    let pipeline = Pipeline::new(Config::default());
    let first = pipeline.process_bytes("fuzz", "fuzz.txt", data, None);
    match &first {
        Ok(article) => check_article(article),
        Err(error) => assert!(!error.message.is_empty()),
    }
    // The same bytes give the same output: no hash-order or state leaks.
    let again = pipeline.process_bytes("fuzz", "fuzz.txt", data, None);
    assert_eq!(
        first.as_ref().ok().map(|a| serde_json::to_string(a).ok()),
        again.as_ref().ok().map(|a| serde_json::to_string(a).ok()),
        "two runs differ"
    );
    let text = String::from_utf8_lossy(data);
    check_article(&pipeline.process_text("fuzz", "fuzz.txt", &text));
    // Text left in its own tone style: the officials' fold then moves marks itself.
    let keep = Pipeline::new(Config {
        tone_style: ToneStyle::Keep,
        ..Config::default()
    });
    check_article(&keep.process_text("fuzz", "fuzz.txt", &text));
    // The same bytes as a saved web page.
    if let Ok(article) = vnews::html::to_article(&pipeline, "fuzz", "fuzz.html", data) {
        check_article(&article);
    }
}

/// Any bytes read as JSONL give one source per non-blank line, in order, and
/// each record runs through the pipeline to an article or an error.
pub fn check_jsonl(data: &[u8]) {
    let sources: Vec<Source> = batch::jsonl_records(data, "fuzz.jsonl", MAX_LINE).collect();
    let lines = data
        .split(|&b| b == b'\n')
        .enumerate()
        .filter(|(_, line)| {
            line.len() as u64 > MAX_LINE || !line.iter().all(u8::is_ascii_whitespace)
        })
        .map(|(i, _)| format!("fuzz.jsonl:{}", i + 1));
    let names: Vec<String> = lines.collect();
    assert_eq!(sources.len(), names.len(), "one source per non-blank line");
    let pipeline = Pipeline::new(Config::default());
    for (source, name) in sources.into_iter().zip(names) {
        match &source {
            Source::Record { source, .. } => assert_eq!(source, &name),
            Source::Failed { error, .. } => {
                assert_eq!(error.source_name, name);
                assert!(!error.message.is_empty());
            }
            other => panic!("the JSONL reader gave {other:?}"),
        }
        let outcome = batch::process(&pipeline, source, MAX_LINE);
        match &outcome.result {
            Ok(article) => check_article(article),
            // process() turns a panic into this error: a bug all the same.
            Err(e) => assert_ne!(e.kind, ErrorKind::Internal, "{e}"),
        }
    }
}

/// Every span slices back to its text, numbers are finite, and the article serializes.
fn check_article(article: &Article) {
    // The JSON line is written by hand; it must be what serde_json writes.
    let mut line = Vec::new();
    vnews::serialize::write_article(&mut line, article, false).expect("writing to a Vec");
    let serde_line = serde_json::to_string(article).expect("an article serialises") + "\n";
    assert_eq!(
        String::from_utf8_lossy(&line),
        serde_line,
        "JSON line differs from serde_json's"
    );
    let text = article.text.as_deref().expect("text is kept by default");
    assert!(text.contains(article.title.as_str()), "title not in text");
    let chars: Vec<char> = text.chars().collect();
    let mut spans: Vec<(usize, usize, &str)> = Vec::new();
    spans.extend(
        article
            .dates
            .iter()
            .map(|d| (d.start, d.end, d.text.as_str())),
    );
    spans.extend(
        article
            .scores
            .iter()
            .map(|s| (s.start, s.end, s.text.as_str())),
    );
    spans.extend(
        article
            .rankings
            .iter()
            .map(|r| (r.start, r.end, r.text.as_str())),
    );
    spans.extend(
        article
            .abbreviations
            .iter()
            .map(|a| (a.start, a.end, a.abbr.as_str())),
    );
    spans.extend(
        article
            .officials
            .iter()
            .flat_map(|o| &o.mentions)
            .map(|m| (m.start, m.end, m.text.as_str())),
    );
    for (start, end, span) in spans {
        assert!(
            start <= end && end <= chars.len(),
            "span {start}..{end} outside text"
        );
        let sliced: String = chars[start..end].iter().collect();
        assert_eq!(sliced, span, "span {start}..{end} does not slice back");
    }
    for score in &article.scores {
        assert!(score.value.is_finite(), "score {} not finite", score.text);
        assert!(score.max.map_or(true, f64::is_finite), "max not finite");
    }
    let line = serde_json::to_string(article).expect("an article serializes");
    assert!(!line.contains('\n'), "one article, one line");
}
