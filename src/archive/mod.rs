//! A SQLite archive of processed articles: facts in tables, text in FTS5.
//!
//! Re-indexing is incremental: each article is keyed by its `source` and
//! carries a content hash; an unchanged article is skipped, a changed one
//! replaced. Articles are written in batches, one transaction each, with the
//! database in WAL mode, so an interrupted run leaves whole batches only and
//! the next run picks up where it stopped.
//!
//! ```
//! use vnews::archive::{content_hash, Archive, Query, Record};
//! use vnews::Pipeline;
//!
//! let text = "Huyện Nông Sơn họp\n\nChủ tịch UBND huyện Nguyễn Văn Hòa chủ trì.";
//! let article = Pipeline::default().process_text("a1", "a1.txt", text);
//! let mut archive = Archive::open_in_memory().unwrap();
//! let hash = content_hash(text.as_bytes());
//! archive.store(&Record::new(&article, &hash)).unwrap();
//! let hits = archive.search(&Query::text("nguyen van hoa")).unwrap();
//! assert_eq!(hits[0].title, "Huyện Nông Sơn họp");
//! assert!(hits[0].snippet.contains("«Nguyễn» «Văn» «Hòa»"));
//! ```

mod export;
mod index;
mod search;

pub use export::{export_csv, export_jsonl_csv, ExportReport};

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::serialize::{Article, Grain};

pub use index::{index_paths, index_sources, iso_date, IndexReport};
pub use search::{Hit, Query};

/// What can go wrong with the archive.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("database: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}:{line}: not an article record: {message}")]
    Record {
        path: String,
        line: usize,
        message: String,
    },
}

pub type Result<T, E = ArchiveError> = std::result::Result<T, E>;

/// A search key: [`crate::normalize::fold`] (no diacritics, đ → d, so
/// hòa = hoà = hoa) in lower case, with the look-alike "Ð" read as "đ".
pub fn fold(text: &str) -> String {
    crate::normalize::fold(text)
        .chars()
        .flat_map(|c| match c {
            'Ð' | 'ð' => 'd'.to_lowercase(),
            _ => c.to_lowercase(),
        })
        .collect()
}

/// Hex BLAKE3 hash of an article's input bytes.
pub fn content_hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

/// One article to store, with its content hash and publication date.
#[derive(Debug, Clone, Copy)]
pub struct Record<'a> {
    pub article: &'a Article,
    pub hash: &'a str,
    /// ISO date ("YYYY-MM-DD", "YYYY-MM" or "YYYY"); see [`Record::new`].
    pub date: Option<&'a str>,
}

impl<'a> Record<'a> {
    /// The date is the article's first full date, for want of a better one.
    pub fn new(article: &'a Article, hash: &'a str) -> Self {
        let date = article
            .dates
            .iter()
            .find(|d| d.grain == Grain::Day && !d.value.starts_with('-'))
            .map(|d| d.value.as_str());
        Record {
            article,
            hash,
            date,
        }
    }

    pub fn with_date(self, date: Option<&'a str>) -> Self {
        Record { date, ..self }
    }
}

/// What a batch did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StoreReport {
    pub added: usize,
    pub replaced: usize,
    pub unchanged: usize,
}

/// An open archive database.
pub struct Archive {
    conn: Connection,
}

impl Archive {
    /// Opens (or creates) the archive at `path`, in WAL mode.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // Index pages stay in memory (64 MiB cache) and are read without copies.
        conn.pragma_update(None, "cache_size", -65536)?;
        conn.pragma_update(None, "mmap_size", 1i64 << 30)?;
        Self::init(conn)
    }

    /// An archive that lives in memory only (tests, one-off exports).
    pub fn open_in_memory() -> Result<Self> {
        Self::init(Connection::open_in_memory()?)
    }

    fn init(conn: Connection) -> Result<Self> {
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.execute_batch(include_str!("schema.sql"))?;
        Ok(Archive { conn })
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The article from `source` is stored with this very hash.
    pub fn is_current(&self, source: &str, hash: &str) -> Result<bool> {
        let stored: Option<String> = self
            .conn
            .query_row(
                "SELECT content_hash FROM articles WHERE source = ?1",
                [source],
                |row| row.get(0),
            )
            .optional()?;
        Ok(stored.as_deref() == Some(hash))
    }

    /// Number of stored articles.
    pub fn len(&self) -> Result<usize> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM articles", [], |r| r.get(0))?;
        Ok(n as usize)
    }

    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.len()? == 0)
    }

    /// Starts a batch: nothing in it is visible until [`Batch::commit`];
    /// dropping it rolls everything back.
    pub fn batch(&mut self) -> Result<Batch<'_>> {
        Ok(Batch {
            tx: self.conn.transaction()?,
            report: StoreReport::default(),
        })
    }

    /// Stores one article in a batch of its own.
    pub fn store(&mut self, record: &Record) -> Result<StoreReport> {
        self.store_all(std::slice::from_ref(record))
    }

    /// Stores `records` in one transaction.
    pub fn store_all(&mut self, records: &[Record]) -> Result<StoreReport> {
        let mut batch = self.batch()?;
        for record in records {
            batch.add(record)?;
        }
        batch.commit()
    }

    /// The stored id of the article from `source`.
    pub fn article_id(&self, source: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row("SELECT id FROM articles WHERE source = ?1", [source], |r| {
                r.get(0)
            })
            .optional()?)
    }
}

/// One transaction's worth of articles.
pub struct Batch<'a> {
    tx: Transaction<'a>,
    report: StoreReport,
}

impl Batch<'_> {
    /// Adds, replaces or skips one article, by its source and hash.
    pub fn add(&mut self, record: &Record) -> Result<()> {
        let article = record.article;
        let old: Option<(i64, String)> = self
            .tx
            .query_row(
                "SELECT id, content_hash FROM articles WHERE source = ?1",
                [&article.source],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match &old {
            Some((_, hash)) if hash == record.hash => {
                self.report.unchanged += 1;
                return Ok(());
            }
            Some((id, _)) => {
                self.tx
                    .execute("DELETE FROM articles_fts WHERE rowid = ?1", [id])?;
                self.tx
                    .execute("DELETE FROM articles WHERE id = ?1", [id])?;
                self.report.replaced += 1;
            }
            None => self.report.added += 1,
        }
        insert_article(&self.tx, record)
    }

    pub fn commit(self) -> Result<StoreReport> {
        self.tx.commit()?;
        Ok(self.report)
    }
}

fn insert_article(tx: &Transaction, record: &Record) -> Result<()> {
    let a = record.article;
    let text = a.text.as_deref().unwrap_or("");
    tx.prepare_cached(
        "INSERT INTO articles (source, article_key, source_url, title, date, content_hash, text)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        a.source,
        a.id,
        a.source_url,
        a.title,
        record.date,
        record.hash,
        text
    ])?;
    let id = tx.last_insert_rowid();
    tx.prepare_cached(
        "INSERT INTO articles_fts (rowid, title, text, title_folded, text_folded)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![id, a.title, text, fold(&a.title), fold(text)])?;

    let mut official = tx.prepare_cached(
        "INSERT INTO officials (article_id, name, name_folded, title, organization)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let mut mention = tx.prepare_cached(
        "INSERT INTO official_mentions (official_id, text, start, \"end\") VALUES (?1, ?2, ?3, ?4)",
    )?;
    for o in &a.officials {
        official.execute(params![id, o.name, fold(&o.name), o.title, o.organization])?;
        let official_id = tx.last_insert_rowid();
        for m in &o.mentions {
            mention.execute(params![official_id, m.text, m.start, m.end])?;
        }
    }
    let mut place = tx.prepare_cached(
        "INSERT INTO places (article_id, name, name_folded, level, province, province_folded,
         province_2025, start, \"end\") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for p in &a.places {
        let province_2025 = crate::extract::place::province_2025(&p.name, p.province.as_deref());
        place.execute(params![
            id,
            p.name,
            fold(&p.name),
            p.level,
            p.province,
            p.province.as_deref().map(fold),
            province_2025,
            p.start,
            p.end
        ])?;
    }
    let mut date = tx.prepare_cached(
        "INSERT INTO dates (article_id, text, value, grain, inferred_year, start, \"end\")
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for d in &a.dates {
        date.execute(params![
            id,
            d.text,
            d.value,
            d.grain.as_str(),
            d.inferred_year,
            d.start,
            d.end
        ])?;
    }
    let mut score = tx.prepare_cached(
        "INSERT INTO scores (article_id, text, value, max, unit, change, metric, metric_folded,
         start, \"end\") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for s in &a.scores {
        score.execute(params![
            id,
            s.text,
            s.value,
            s.max,
            s.unit,
            s.change,
            s.metric,
            s.metric.as_deref().map(fold),
            s.start,
            s.end
        ])?;
    }
    let mut ranking = tx.prepare_cached(
        "INSERT INTO rankings (article_id, text, rank, total, change, tier, scope, start, \"end\")
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for r in &a.rankings {
        ranking.execute(params![
            id, r.text, r.rank, r.total, r.change, r.tier, r.scope, r.start, r.end
        ])?;
    }
    let mut abbreviation = tx.prepare_cached(
        "INSERT INTO abbreviations (article_id, abbr, expansion, start, \"end\")
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for ab in &a.abbreviations {
        abbreviation.execute(params![id, ab.abbr, ab.expansion, ab.start, ab.end])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn fold_strips_marks_and_tone_styles() {
        let cases = [
            ("Nguyễn Văn Hòa", "nguyen van hoa"),
            ("NGUYỄN VĂN HOÀ", "nguyen van hoa"),
            ("Đồng chí Hà Sỹ Đồng", "dong chi ha sy dong"),
            ("Báo Bình Ðịnh", "bao binh dinh"),
            ("Khỏe mạnh, khoẻ", "khoe manh, khoe"),
            ("80,28/100 điểm", "80,28/100 diem"),
        ];
        for (input, want) in cases {
            assert_eq!(fold(input), want, "{input}");
        }
        // Folding keeps one char per char, so word positions line up with the original.
        let text = "Ủy ban nhân dân huyện Nông Sơn";
        assert_eq!(fold(text).chars().count(), text.chars().count());
    }
}
