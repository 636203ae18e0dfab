//! Precision and recall against hand-made gold facts.
//!
//! Gold files follow `../shared/corpus/real/README.md`: one entry per distinct
//! fact, quarters as their year, ranges and "dẫn đầu" not annotated. Facts are
//! compared as sets of keys per article, so that the output contract (every
//! occurrence, quarters, intervals) is kept and still scored fairly.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::io::{self, BufRead, BufReader};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::extract::official::title_head;
use crate::normalize::{self, ToneStyle};
use crate::serialize::{Article, Grain};
use crate::Pipeline;

/// The fact kinds scored, in table order. `overall` sums all but `officials+title`.
pub const KINDS: [&str; 6] = [
    "dates",
    "officials",
    "officials+title",
    "scores",
    "rankings",
    "abbreviations",
];

#[derive(Debug, Deserialize)]
struct Gold {
    id: String,
    #[serde(default)]
    dates: Vec<GoldDate>,
    #[serde(default)]
    officials: Vec<GoldOfficial>,
    #[serde(default)]
    scores: Vec<GoldScore>,
    #[serde(default)]
    rankings: Vec<GoldRanking>,
    #[serde(default)]
    abbreviations: Vec<GoldAbbreviation>,
}

#[derive(Debug, Deserialize)]
struct GoldDate {
    text: String,
    value: String,
}

#[derive(Debug, Deserialize)]
struct GoldOfficial {
    name: String,
    #[serde(default)]
    title: String,
}

#[derive(Debug, Deserialize)]
struct GoldScore {
    text: String,
    value: f64,
    unit: String,
    #[serde(default)]
    change: bool,
}

#[derive(Debug, Deserialize)]
struct GoldRanking {
    text: String,
    rank: Option<u32>,
    total: Option<u32>,
    change: Option<i32>,
}

#[derive(Debug, Deserialize)]
struct GoldAbbreviation {
    abbr: String,
    expansion: String,
}

/// Counts and ratios for one fact kind.
#[derive(Debug, Clone, Default, Serialize)]
pub struct KindScore {
    pub kind: String,
    pub gold: usize,
    pub predicted: usize,
    pub true_positives: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// One fact found only in the gold (false negative) or only in the output (false positive).
#[derive(Debug, Clone, Serialize)]
pub struct Miss {
    pub article: String,
    pub kind: String,
    /// "fp" or "fn".
    pub error: String,
    pub key: String,
    pub text: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub articles: usize,
    pub kinds: Vec<KindScore>,
    pub overall: KindScore,
    pub misses: Vec<Miss>,
}

impl Report {
    /// The score of one kind by name ("dates", "officials+title", …, "overall").
    pub fn kind(&self, name: &str) -> Option<&KindScore> {
        if name == "overall" {
            return Some(&self.overall);
        }
        self.kinds.iter().find(|k| k.kind == name)
    }

    /// A plain-text table, one row per kind and one for overall.
    pub fn table(&self) -> String {
        let mut out = format!(
            "{} articles\n{:<16} {:>6} {:>6} {:>6} {:>9} {:>9} {:>9}\n",
            self.articles, "kind", "gold", "pred", "tp", "precision", "recall", "f1"
        );
        for k in self.kinds.iter().chain(std::iter::once(&self.overall)) {
            let _ = writeln!(
                out,
                "{:<16} {:>6} {:>6} {:>6} {:>9.3} {:>9.3} {:>9.3}",
                k.kind, k.gold, k.predicted, k.true_positives, k.precision, k.recall, k.f1
            );
        }
        out
    }

    /// Every false positive and false negative, one per line.
    pub fn error_list(&self) -> String {
        let mut out = String::new();
        for m in &self.misses {
            let _ = writeln!(
                out,
                "{} {} {:<16} {:<40} {}",
                m.error.to_uppercase(),
                m.article,
                m.kind,
                m.key,
                m.text.replace('\n', " ")
            );
        }
        out
    }
}

/// Facts of one kind for one article, keyed for comparison.
#[derive(Default)]
struct Keyed {
    /// key → first text.
    required: BTreeMap<String, String>,
    /// Keys that count when the gold has them and are no error when it does not.
    optional: BTreeMap<String, String>,
}

impl Keyed {
    fn add(&mut self, key: String, text: &str) {
        self.optional.remove(&key);
        self.required.entry(key).or_insert_with(|| text.to_string());
    }

    fn add_optional(&mut self, key: String, text: &str) {
        if !self.required.contains_key(&key) {
            self.optional.entry(key).or_insert_with(|| text.to_string());
        }
    }
}

#[derive(Default, Clone, Copy)]
struct Counts {
    gold: usize,
    predicted: usize,
    tp: usize,
}

impl Counts {
    fn score(&self, kind: &str) -> KindScore {
        let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
        let precision = ratio(self.tp, self.predicted);
        let recall = ratio(self.tp, self.gold);
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        KindScore {
            kind: kind.to_string(),
            gold: self.gold,
            predicted: self.predicted,
            true_positives: self.tp,
            precision,
            recall,
            f1,
        }
    }
}

/// Runs `pipeline` on each `X.txt` that has an `X.json` beside it and scores it.
pub fn evaluate_dir(gold_dir: &Path, pipeline: &Pipeline) -> io::Result<Report> {
    let golds = read_golds(gold_dir)?;
    let mut predictions = BTreeMap::new();
    for (gold, txt) in &golds {
        let bytes = fs::read(txt)?;
        let source = txt.display().to_string();
        if let Ok(article) = pipeline.process_bytes(&gold.id, &source, &bytes, None) {
            predictions.insert(gold.id.clone(), article);
        }
    }
    Ok(score(&golds, &predictions))
}

/// Scores the articles of a JSONL file (as `vnews extract` writes) against the gold.
pub fn evaluate_predictions(gold_dir: &Path, pred: &Path) -> io::Result<Report> {
    let golds = read_golds(gold_dir)?;
    let mut predictions = BTreeMap::new();
    for line in BufReader::new(fs::File::open(pred)?).lines() {
        let line = line?;
        // Error records and blank lines carry no facts.
        if let Ok(article) = serde_json::from_str::<Article>(&line) {
            predictions.insert(article.id.clone(), article);
        }
    }
    Ok(score(&golds, &predictions))
}

fn read_golds(dir: &Path) -> io::Result<Vec<(Gold, PathBuf)>> {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json") && p.with_extension("txt").exists())
        .collect();
    paths.sort();
    let mut golds = Vec::new();
    for path in paths {
        let gold: Gold = serde_json::from_slice(&fs::read(&path)?).map_err(|e| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("{}: {e}", path.display()),
            )
        })?;
        golds.push((gold, path.with_extension("txt")));
    }
    Ok(golds)
}

fn score(golds: &[(Gold, PathBuf)], predictions: &BTreeMap<String, Article>) -> Report {
    let mut counts = [Counts::default(); KINDS.len()];
    let mut misses = Vec::new();
    for (gold, _) in golds {
        let gold_keys = gold_keys(gold);
        let pred_keys = predictions.get(&gold.id).map(pred_keys).unwrap_or_default();
        for (i, kind) in KINDS.iter().enumerate() {
            let g = &gold_keys[i];
            let p = pred_keys.get(i);
            let empty = Keyed::default();
            let p = p.unwrap_or(&empty);
            let c = &mut counts[i];
            c.gold += g.len();
            for (key, text) in g {
                if p.required.contains_key(key) || p.optional.contains_key(key) {
                    c.tp += 1;
                    c.predicted += 1;
                } else {
                    misses.push(miss(&gold.id, kind, "fn", key, text));
                }
            }
            for (key, text) in &p.required {
                if !g.contains_key(key) {
                    c.predicted += 1;
                    misses.push(miss(&gold.id, kind, "fp", key, text));
                }
            }
        }
    }
    let mut overall = Counts::default();
    for (i, kind) in KINDS.iter().enumerate() {
        if *kind != "officials+title" {
            overall.gold += counts[i].gold;
            overall.predicted += counts[i].predicted;
            overall.tp += counts[i].tp;
        }
    }
    Report {
        articles: golds.len(),
        kinds: KINDS.iter().zip(&counts).map(|(k, c)| c.score(k)).collect(),
        overall: overall.score("overall"),
        misses,
    }
}

fn miss(article: &str, kind: &str, error: &str, key: &str, text: &str) -> Miss {
    Miss {
        article: article.to_string(),
        kind: kind.to_string(),
        error: error.to_string(),
        key: key.to_string(),
        text: text.to_string(),
    }
}

/// NFC, old tone style, lower case, single spaces: what "folded" means for names.
pub fn fold_name(s: &str) -> String {
    let (text, _) = normalize::normalize(s, ToneStyle::Old);
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn score_key(value: f64, unit: &str, change: bool) -> String {
    format!("{value:.4} {unit}{}", if change { " change" } else { "" })
}

fn rank_key(rank: u32, total: Option<u32>) -> String {
    match total {
        Some(t) => format!("rank {rank}/{t}"),
        None => format!("rank {rank}"),
    }
}

fn head_key(name: &str, title: Option<&str>) -> String {
    let head = title.and_then(title_head).unwrap_or("-");
    format!("{} | {}", fold_name(name), fold_name(head))
}

fn gold_keys(gold: &Gold) -> [BTreeMap<String, String>; KINDS.len()] {
    let mut keys: [BTreeMap<String, String>; KINDS.len()] = Default::default();
    let mut put = |i: usize, key: String, text: &str| {
        keys[i].entry(key).or_insert_with(|| text.to_string());
    };
    for d in &gold.dates {
        put(0, d.value.clone(), &d.text);
    }
    for o in &gold.officials {
        put(1, fold_name(&o.name), &o.name);
        put(2, head_key(&o.name, Some(&o.title)), &o.title);
    }
    for s in &gold.scores {
        put(3, score_key(s.value, &s.unit, s.change), &s.text);
    }
    for r in &gold.rankings {
        if let Some(rank) = r.rank {
            put(4, rank_key(rank, r.total), &r.text);
        } else if let Some(change) = r.change {
            put(4, format!("change {change:+}"), &r.text);
        }
    }
    for a in &gold.abbreviations {
        put(
            5,
            format!("{} = {}", a.abbr, fold_name(&a.expansion)),
            &a.abbr,
        );
    }
    keys
}

/// The gold counts a quarter or half-year as its year.
fn date_key(value: &str) -> String {
    match value.split_once("-Q").or_else(|| value.split_once("-H")) {
        Some((year, _)) if year.len() == 4 => year.to_string(),
        _ => value.to_string(),
    }
}

fn pred_keys(article: &Article) -> Vec<Keyed> {
    let mut keys: Vec<Keyed> = (0..KINDS.len()).map(|_| Keyed::default()).collect();
    for d in &article.dates {
        if d.grain == Grain::Interval {
            // The gold leaves ranges out but may list their endpoints as dates.
            for end in d.value.split('/') {
                keys[0].add_optional(date_key(end), &d.text);
            }
        } else {
            keys[0].add(date_key(&d.value), &d.text);
        }
    }
    for o in &article.officials {
        let text = o
            .mentions
            .first()
            .map_or(o.name.as_str(), |m| m.text.as_str());
        keys[1].add(fold_name(&o.name), text);
        keys[2].add(
            head_key(&o.name, o.title.as_deref()),
            o.title.as_deref().unwrap_or(text),
        );
    }
    for s in &article.scores {
        keys[3].add(score_key(s.value, &s.unit, s.change), &s.text);
    }
    for r in &article.rankings {
        let key = match (r.rank, r.change) {
            (Some(rank), _) => rank_key(rank, r.total),
            (None, Some(change)) => format!("change {change:+}"),
            // Tiers are not annotated in the gold.
            (None, None) => continue,
        };
        if r.rank == Some(1) && r.text.to_lowercase().contains("dẫn đầu") {
            keys[4].add_optional(key, &r.text);
        } else {
            keys[4].add(key, &r.text);
        }
    }
    for a in &article.abbreviations {
        keys[5].add(format!("{} = {}", a.abbr, fold_name(&a.expansion)), &a.abbr);
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(gold: usize, predicted: usize, tp: usize) -> KindScore {
        Counts {
            gold,
            predicted,
            tp,
        }
        .score("x")
    }

    #[test]
    fn f1_from_counts() {
        let s = counts(10, 8, 6);
        assert!((s.precision - 0.75).abs() < 1e-9);
        assert!((s.recall - 0.6).abs() < 1e-9);
        assert!((s.f1 - 2.0 * 0.75 * 0.6 / 1.35).abs() < 1e-9);
        assert_eq!(counts(0, 0, 0).f1, 1.0);
        assert_eq!(counts(3, 2, 0).f1, 0.0);
    }

    #[test]
    fn quarters_and_halves_count_as_their_year() {
        assert_eq!(date_key("2025-Q1"), "2025");
        assert_eq!(date_key("2022-H1"), "2022");
        assert_eq!(date_key("2022-09-14"), "2022-09-14");
        assert_eq!(date_key("--12-10"), "--12-10");
    }

    #[test]
    fn names_fold_case_and_tone_style() {
        assert_eq!(fold_name("NGUYỄN VĂN HÒA"), fold_name("Nguyễn  Văn Hoà"));
        assert_ne!(fold_name("Nguyễn Văn Hòa"), fold_name("Nguyễn Văn Hà"));
    }

    #[test]
    fn optional_keys_never_count_as_false_positives() {
        let mut k = Keyed::default();
        k.add_optional("2021".into(), "2021-2025");
        k.add("2022".into(), "năm 2022");
        k.add("2021".into(), "năm 2021");
        assert!(k.required.contains_key("2021"));
        assert!(k.optional.is_empty());
    }
}
