//! Archive throughput: articles indexed per second, and search latency (p50/p99)
//! on a 100,000-article archive made of corpus sentences.
//!
//! `cargo bench --bench archive` (ARCHIVE_BENCH_ARTICLES=N for another size).

use std::time::{Duration, Instant};

use criterion::{black_box, Criterion};
use vnews::archive::{content_hash, Archive, Query, Record};
use vnews::serialize::{Mention, Official};
use vnews::{Article, Config, Pipeline};

const BATCH: usize = 1000;

const SURNAMES: [&str; 8] = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi"];
const MIDDLES: [&str; 6] = ["Văn", "Thị", "Minh", "Quang", "Hữu", "Thanh"];
const GIVEN: [&str; 10] = [
    "Hòa", "An", "Bình", "Dũng", "Hà", "Khoa", "Lan", "Nam", "Sơn", "Tâm",
];

/// Sentences of the repo's corpus, the pool synthetic articles are drawn from.
fn corpus_sentences() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");
    let mut sentences = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("corpus dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    for path in files {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        for para in text.lines() {
            for s in para.split(". ") {
                let s = s.trim();
                if s.chars().count() > 20 {
                    sentences.push(s.trim_end_matches('.').to_string() + ".");
                }
            }
        }
    }
    sentences
}

/// A small deterministic generator (xorshift), so every run indexes the same archive.
struct Rng(u64);

impl Rng {
    fn next(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// `n` articles of 3-6 corpus sentences, each with one official and a date.
/// The seed's district, province and chairman are swapped for others drawn from
/// the gazetteer and a name pool, so terms spread as in a real archive.
fn synthetic(n: usize) -> Vec<(Article, String, String)> {
    let sentences = corpus_sentences();
    let districts: Vec<(&str, &str)> = vnews::extract::place::gazetteer()
        .iter()
        .filter_map(|e| Some((e.name, e.province?)))
        .collect();
    let pipeline = Pipeline::new(Config::default());
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    (0..n)
        .map(|i| {
            let name = format!(
                "{} {} {}",
                SURNAMES[rng.next(SURNAMES.len())],
                MIDDLES[rng.next(MIDDLES.len())],
                GIVEN[rng.next(GIVEN.len())]
            );
            let (district, province) = districts[rng.next(districts.len())];
            let mut text = format!("Tin số {i}: {}", sentences[rng.next(sentences.len())]);
            text.push_str(&format!("\n\nĐồng chí {name} chủ trì hội nghị."));
            for _ in 0..3 + rng.next(4) {
                text.push_str("\n\n");
                text.push_str(&sentences[rng.next(sentences.len())]);
            }
            let text = text
                .replace("Nông Sơn", district)
                .replace("Quảng Nam", province)
                .replace("Nguyễn Văn Hòa", &name);
            let source = format!("synthetic/{i:06}.txt");
            let mut article = pipeline.process_text(&source, &source, &text);
            let start = text.find(&name).map_or(0, |b| text[..b].chars().count());
            article.officials = vec![Official {
                name: name.clone(),
                title: Some("Chủ tịch UBND huyện".to_string()),
                organization: None,
                mentions: vec![Mention {
                    text: name.clone(),
                    start,
                    end: start + name.chars().count(),
                }],
            }];
            let date = format!(
                "{}-{:02}-{:02}",
                2019 + rng.next(7),
                1 + rng.next(12),
                1 + rng.next(28)
            );
            (article, content_hash(text.as_bytes()), date)
        })
        .collect()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn queries() -> Vec<(&'static str, Query)> {
    let mut date = Query::text("cai cach hanh chinh");
    date.from = Some("2022-01-01".into());
    date.to = Some("2022-12-31".into());
    let official = Query {
        official: Some("nguyen van hoa".into()),
        ..Query::default()
    };
    let place = Query {
        text: Some("hội nghị".into()),
        place: Some("Quảng Nam".into()),
        ..Query::default()
    };
    vec![
        ("text folded", Query::text("nguyen van hoa")),
        ("text diacritics", Query::text("Nguyễn Văn Hòa")),
        ("phrase", Query::text("\"dich vu cong truc tuyen\"")),
        ("text + dates", date),
        ("official", official),
        ("text + place", place),
    ]
}

fn main() {
    let n: usize = std::env::var("ARCHIVE_BENCH_ARTICLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let started = Instant::now();
    let items = synthetic(n);
    println!("generated {n} articles in {:.1?}", started.elapsed());

    let dir = tempfile::tempdir().expect("temp dir");
    let mut archive = Archive::open(dir.path().join("bench.db")).expect("open archive");
    let started = Instant::now();
    for chunk in items.chunks(BATCH) {
        let records: Vec<Record> = chunk
            .iter()
            .map(|(a, h, d)| Record::new(a, h).with_date(Some(d)))
            .collect();
        archive.store_all(&records).expect("store batch");
    }
    let took = started.elapsed();
    println!(
        "indexed {n} articles in {took:.1?}: {:.0} articles/s (batches of {BATCH})",
        n as f64 / took.as_secs_f64()
    );
    let started = Instant::now();
    let records: Vec<Record> = items
        .iter()
        .map(|(a, h, d)| Record::new(a, h).with_date(Some(d)))
        .collect();
    let report = archive.store_all(&records).expect("re-index");
    println!(
        "re-index of {} unchanged articles: {:.1?}",
        report.unchanged,
        started.elapsed()
    );

    let queries = queries();
    let mut all = Vec::new();
    for (name, query) in &queries {
        let mut times = Vec::new();
        let mut hits = 0;
        for _ in 0..200 {
            let t = Instant::now();
            hits = black_box(archive.search(query).expect("search")).len();
            times.push(t.elapsed());
        }
        times.sort();
        println!(
            "search {name:<16} hits {hits:>3}  p50 {:>9.2?}  p99 {:>9.2?}",
            percentile(&times, 0.5),
            percentile(&times, 0.99)
        );
        all.extend(times);
    }
    all.sort();
    println!(
        "search all queries        p50 {:.2?}  p99 {:.2?}",
        percentile(&all, 0.5),
        percentile(&all, 0.99)
    );

    let mut c = Criterion::default()
        .sample_size(20)
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    for (name, query) in &queries {
        c.bench_function(&format!("archive search/{name}"), |b| {
            b.iter(|| archive.search(black_box(query)).expect("search"))
        });
    }
    c.final_summary();
}
