//! CSV export: one UTF-8 file per fact kind, with a header row, each row
//! keyed by `article_id` (the archive's id, or the line number of a JSONL file).

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::Path;

use rusqlite::types::ValueRef;

use super::{Archive, ArchiveError, Result};
use crate::serialize::Article;

/// File name, header and the SQL that yields its rows in header order.
const TABLES: [(&str, &str, &str); 8] = [
    (
        "articles.csv",
        "article_id,source,article_key,source_url,title,date,content_hash",
        "SELECT id, source, article_key, source_url, title, date, content_hash FROM articles ORDER BY id",
    ),
    (
        "officials.csv",
        "article_id,name,title,organization,mentions",
        "SELECT o.article_id, o.name, o.title, o.organization,
         (SELECT count(*) FROM official_mentions m WHERE m.official_id = o.id)
         FROM officials o ORDER BY o.article_id, o.id",
    ),
    (
        "official_mentions.csv",
        "article_id,name,text,start,end",
        "SELECT o.article_id, o.name, m.text, m.start, m.\"end\"
         FROM official_mentions m JOIN officials o ON o.id = m.official_id
         ORDER BY o.article_id, o.id, m.rowid",
    ),
    (
        "places.csv",
        "article_id,name,level,province,province_2025,start,end",
        "SELECT article_id, name, level, province, province_2025, start, \"end\"
         FROM places ORDER BY article_id, rowid",
    ),
    (
        "dates.csv",
        "article_id,text,value,grain,inferred_year,start,end",
        "SELECT article_id, text, value, grain, inferred_year, start, \"end\"
         FROM dates ORDER BY article_id, rowid",
    ),
    (
        "scores.csv",
        "article_id,text,value,max,unit,change,metric,start,end",
        "SELECT article_id, text, value, max, unit, change, metric, start, \"end\"
         FROM scores ORDER BY article_id, rowid",
    ),
    (
        "rankings.csv",
        "article_id,text,rank,total,change,tier,scope,start,end",
        "SELECT article_id, text, rank, total, change, tier, scope, start, \"end\"
         FROM rankings ORDER BY article_id, rowid",
    ),
    (
        "abbreviations.csv",
        "article_id,abbr,expansion,start,end",
        "SELECT article_id, abbr, expansion, start, \"end\"
         FROM abbreviations ORDER BY article_id, rowid",
    ),
];

/// Files written and their data rows (header not counted), in [`TABLES`] order.
pub type ExportReport = Vec<(String, usize)>;

/// Writes one CSV per fact kind from the archive at `db` into `out_dir`.
pub fn export_csv(db: &Path, out_dir: &Path) -> Result<ExportReport> {
    let archive = Archive::open(db)?;
    create_dir(out_dir)?;
    let mut report = Vec::new();
    for (file, header, sql) in TABLES {
        let path = out_dir.join(file);
        let mut out = CsvFile::create(&path, header)?;
        let mut stmt = archive.conn().prepare(sql)?;
        let columns = stmt.column_count();
        let mut rows = stmt.query([])?;
        let mut fields = Vec::with_capacity(columns);
        while let Some(row) = rows.next()? {
            fields.clear();
            for i in 0..columns {
                fields.push(match row.get_ref(i)? {
                    ValueRef::Null => String::new(),
                    ValueRef::Integer(n) => n.to_string(),
                    ValueRef::Real(x) => x.to_string(),
                    ValueRef::Text(t) | ValueRef::Blob(t) => {
                        String::from_utf8_lossy(t).into_owned()
                    }
                });
            }
            out.row(&fields)?;
        }
        report.push((file.to_string(), out.finish()?));
    }
    Ok(report)
}

/// Writes the same CSV files straight from a JSONL file of articles.
pub fn export_jsonl_csv(jsonl: &Path, out_dir: &Path) -> Result<ExportReport> {
    let io_err = |path: &Path| {
        let path = path.display().to_string();
        move |source| ArchiveError::Io { path, source }
    };
    let input = BufReader::new(File::open(jsonl).map_err(io_err(jsonl))?);
    create_dir(out_dir)?;
    let mut files = Vec::new();
    for (file, header, _) in TABLES {
        files.push(CsvFile::create(&out_dir.join(file), header)?);
    }
    for (n, line) in input.lines().enumerate() {
        let line = line.map_err(io_err(jsonl))?;
        if line.trim().is_empty() {
            continue;
        }
        let article: Article = serde_json::from_str(&line).map_err(|e| ArchiveError::Record {
            path: jsonl.display().to_string(),
            line: n + 1,
            message: e.to_string(),
        })?;
        write_article(&mut files, (n + 1).to_string(), &article)?;
    }
    let mut report = Vec::new();
    for ((file, _, _), csv) in TABLES.iter().zip(files) {
        report.push((file.to_string(), csv.finish()?));
    }
    Ok(report)
}

fn write_article(files: &mut [CsvFile], id: String, a: &Article) -> Result<()> {
    let opt = |s: &Option<String>| s.clone().unwrap_or_default();
    let num = |n: usize| n.to_string();
    files[0].row(&[
        id.clone(),
        a.source.clone(),
        a.id.clone(),
        opt(&a.source_url),
        a.title.clone(),
        String::new(),
        String::new(),
    ])?;
    for o in &a.officials {
        files[1].row(&[
            id.clone(),
            o.name.clone(),
            opt(&o.title),
            opt(&o.organization),
            num(o.mentions.len()),
        ])?;
        for m in &o.mentions {
            files[2].row(&[
                id.clone(),
                o.name.clone(),
                m.text.clone(),
                num(m.start),
                num(m.end),
            ])?;
        }
    }
    for p in &a.places {
        let new = crate::extract::place::province_2025(&p.name, p.province.as_deref());
        files[3].row(&[
            id.clone(),
            p.name.clone(),
            p.level.clone(),
            opt(&p.province),
            new.unwrap_or_default().to_string(),
            num(p.start),
            num(p.end),
        ])?;
    }
    for d in &a.dates {
        files[4].row(&[
            id.clone(),
            d.text.clone(),
            d.value.clone(),
            d.grain.as_str().to_string(),
            u8::from(d.inferred_year).to_string(),
            num(d.start),
            num(d.end),
        ])?;
    }
    for s in &a.scores {
        files[5].row(&[
            id.clone(),
            s.text.clone(),
            s.value.to_string(),
            s.max.map(|m| m.to_string()).unwrap_or_default(),
            s.unit.clone(),
            u8::from(s.change).to_string(),
            opt(&s.metric),
            num(s.start),
            num(s.end),
        ])?;
    }
    for r in &a.rankings {
        let show = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
        files[6].row(&[
            id.clone(),
            r.text.clone(),
            show(r.rank),
            show(r.total),
            r.change.map(|c| c.to_string()).unwrap_or_default(),
            opt(&r.tier),
            opt(&r.scope),
            num(r.start),
            num(r.end),
        ])?;
    }
    for ab in &a.abbreviations {
        files[7].row(&[
            id.clone(),
            ab.abbr.clone(),
            ab.expansion.clone(),
            num(ab.start),
            num(ab.end),
        ])?;
    }
    Ok(())
}

fn create_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|source| ArchiveError::Io {
        path: dir.display().to_string(),
        source,
    })
}

/// A CSV file being written (RFC 4180 quoting).
struct CsvFile {
    out: BufWriter<File>,
    path: String,
    rows: usize,
}

impl CsvFile {
    fn create(path: &Path, header: &str) -> Result<Self> {
        let name = path.display().to_string();
        let file = File::create(path).map_err(|source| ArchiveError::Io {
            path: name.clone(),
            source,
        })?;
        let mut csv = CsvFile {
            out: BufWriter::new(file),
            path: name,
            rows: 0,
        };
        csv.write_line(header)?;
        Ok(csv)
    }

    fn row(&mut self, fields: &[String]) -> Result<()> {
        let line: Vec<String> = fields.iter().map(|f| quote(f)).collect();
        self.write_line(&line.join(","))?;
        self.rows += 1;
        Ok(())
    }

    fn write_line(&mut self, line: &str) -> Result<()> {
        writeln!(self.out, "{line}").map_err(|source| ArchiveError::Io {
            path: self.path.clone(),
            source,
        })
    }

    fn finish(mut self) -> Result<usize> {
        self.out.flush().map_err(|source| ArchiveError::Io {
            path: self.path.clone(),
            source,
        })?;
        Ok(self.rows)
    }
}

fn quote(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn fields_are_quoted_only_when_needed() {
        assert_eq!(quote("Nông Sơn"), "Nông Sơn");
        assert_eq!(quote("80,28/100 điểm"), "\"80,28/100 điểm\"");
        assert_eq!(quote("nói \"có\""), "\"nói \"\"có\"\"\"");
        assert_eq!(quote("dòng 1\ndòng 2"), "\"dòng 1\ndòng 2\"");
    }
}
