//! vnews turns Vietnamese government news into structured facts.
//!
//! The pipeline runs in stages, one module each:
//! [`decode`] bytes → text, [`normalize`] NFC and one tone-mark style,
//! [`segment`] title, paragraphs and sentences, [`expand`] abbreviations,
//! [`extract`] dates, officials, scores and rankings. [`Pipeline`] ties them
//! together and yields an [`Article`], which serializes to one JSON line.
//!
//! ```
//! use vnews::{Config, Pipeline};
//!
//! let pipeline = Pipeline::new(Config::default());
//! let text = "Chỉ số CCHC năm 2021\n\nHuyện đạt 80,28/100 điểm, xếp thứ 07/18.";
//! let article = pipeline.process_text("demo", "demo.txt", text);
//! assert_eq!(article.scores[0].value, 80.28);
//! assert_eq!(article.rankings[0].rank, Some(7));
//! assert_eq!(article.abbreviations[0].expansion, "cải cách hành chính");
//! ```
//!
//! Offsets (`start`, `end`) in an [`Article`] count Unicode scalar values
//! into its normalized `text`, so Python's `text[start:end]` gives the span.

pub mod archive;
pub mod batch;
mod bytescan;
mod chars;
pub mod decode;
mod error;
pub mod eval;
pub mod expand;
pub mod extract;
pub mod html;
mod keys;
pub mod lexicon;
pub mod normalize;
mod offsets;
pub mod segment;
pub mod serialize;
#[cfg(test)]
mod test_corpus;

pub use error::{Error, ErrorKind};
pub use extract::date::RefDate;
pub use normalize::ToneStyle;
pub use serialize::Article;

use decode::EncodingChoice;

/// Settings shared by every article of a run.
#[derive(Debug, Clone)]
pub struct Config {
    pub tone_style: ToneStyle,
    pub encoding: EncodingChoice,
    /// Reference date for relative dates and day-months without a year.
    pub ref_date: Option<RefDate>,
    /// Keep the normalized text in the output.
    pub include_text: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            tone_style: ToneStyle::Old,
            encoding: EncodingChoice::Auto,
            ref_date: None,
            include_text: true,
        }
    }
}

/// The whole pipeline for one article at a time; cheap to share across threads.
#[derive(Debug, Clone, Default)]
pub struct Pipeline {
    config: Config,
}

impl Pipeline {
    pub fn new(config: Config) -> Self {
        Pipeline { config }
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Decodes raw bytes, then runs the text stages.
    pub fn process_bytes(
        &self,
        id: &str,
        source: &str,
        bytes: &[u8],
        ref_date: Option<RefDate>,
    ) -> Result<Article, Error> {
        let decoded = decode::decode(bytes, self.config.encoding).map_err(|e| {
            let kind = match e {
                decode::DecodeError::NotText(_) => ErrorKind::NotText,
                decode::DecodeError::NoEncoding(_) => ErrorKind::Decode,
            };
            Error::new(kind, source, e.to_string())
        })?;
        let mut article = self.run(id, source, &decoded.text, ref_date);
        // No line with a visible character (zero-width spaces are dropped by normalize).
        if article.title.is_empty() {
            return Err(Error::new(ErrorKind::Empty, source, "no text"));
        }
        article.normalization.encoding = decoded.encoding.to_string();
        article.normalization.encoding_confidence = decoded.confidence;
        article.normalization.mojibake_repaired = decoded.mojibake_repaired;
        article.warnings.splice(0..0, decoded.warnings);
        Ok(article)
    }

    /// Runs the text stages on text that is already decoded.
    pub fn process_text(&self, id: &str, source: &str, text: &str) -> Article {
        self.run(id, source, text, None)
    }

    /// Like [`Pipeline::process_text`], with the article's own date (as a JSONL record may give).
    pub fn process_text_dated(
        &self,
        id: &str,
        source: &str,
        text: &str,
        ref_date: Option<RefDate>,
    ) -> Article {
        self.run(id, source, text, ref_date)
    }

    fn run(&self, id: &str, source: &str, raw: &str, ref_date: Option<RefDate>) -> Article {
        let (text, normalization) = normalize::normalize(raw, self.config.tone_style);
        let segments = segment::segment(&text);
        // Abbreviations and place names open at the same capitals: one scan marks them.
        let capitals = bytescan::Marks::new(text.as_bytes(), bytescan::opens_capitalised);
        let abbreviations = expand::find_marked(&text, &capitals);
        let title = text[segments.title.clone()].to_string();
        let doc = extract::Doc {
            text: &text,
            segments: &segments,
            abbreviations: &abbreviations,
            ref_date: ref_date.or(self.config.ref_date),
        };
        let facts = extract::extract_all(&doc);
        let places = extract::place::extract_marked(&doc, &capitals);
        let mut article = Article {
            id: id.to_string(),
            source: source.to_string(),
            source_url: None,
            title,
            text: None,
            normalization,
            abbreviations,
            dates: facts.dates,
            officials: facts.officials,
            scores: facts.scores,
            rankings: facts.rankings,
            places,
            warnings: Vec::new(),
        };
        offsets::bytes_to_chars(&text, &mut article);
        if self.config.include_text {
            article.text = Some(text.into_owned());
        }
        article
    }
}
