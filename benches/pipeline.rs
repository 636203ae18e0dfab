//! Throughput of each stage and of the whole pipeline, in MB/s, over the
//! deterministic corpus of `corpus.rs` at 1 MB (and 100 MB with VNEWS_BENCH_LARGE=1);
//! end to end on the mixed corpus, on NFC text and on NFD text.

mod corpus;
mod harness;

use std::path::Path;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use vnews::extract::{self, Doc};
use vnews::{decode, expand, normalize, segment, serialize, Config, Pipeline, ToneStyle};

fn stages(c: &mut Criterion) {
    let sources = corpus::load_sources(Path::new(env!("CARGO_MANIFEST_DIR")));
    for (label, size) in harness::sizes() {
        let texts = corpus::generate_form(&sources, size, corpus::Form::Mixed);
        let bytes: usize = texts.iter().map(String::len).sum();
        let normalized: Vec<String> = texts
            .iter()
            .map(|t| normalize::normalize(t, ToneStyle::Old).0.into_owned())
            .collect();
        let pipeline = Pipeline::new(Config {
            include_text: false,
            ..Config::default()
        });
        let mut group = c.benchmark_group(format!("stage/{label}"));
        group.throughput(Throughput::Bytes(bytes as u64));
        group.sample_size(10);
        group.bench_function("decode", |b| {
            b.iter(|| {
                for t in &texts {
                    let _ = decode::decode(t.as_bytes(), decode::EncodingChoice::Auto);
                }
            })
        });
        group.bench_function("normalize/mixed", |b| {
            b.iter(|| {
                texts
                    .iter()
                    .map(|t| normalize::normalize(t, ToneStyle::Old).0.len())
                    .sum::<usize>()
            })
        });
        group.bench_function("normalize/already", |b| {
            b.iter(|| {
                normalized
                    .iter()
                    .map(|t| normalize::normalize(t, ToneStyle::Old).0.len())
                    .sum::<usize>()
            })
        });
        group.bench_function("segment", |b| {
            b.iter(|| {
                normalized
                    .iter()
                    .map(|t| segment::segment(t).sentences.len())
                    .sum::<usize>()
            })
        });
        group.bench_function("expand", |b| {
            b.iter(|| {
                normalized
                    .iter()
                    .map(|t| expand::find(t).len())
                    .sum::<usize>()
            })
        });
        let prepared: Vec<_> = normalized
            .iter()
            .map(|t| (segment::segment(t), expand::find(t)))
            .collect();
        let docs: Vec<Doc> = normalized
            .iter()
            .zip(&prepared)
            .map(|(text, (segments, abbreviations))| Doc {
                text,
                segments,
                abbreviations,
                ref_date: None,
            })
            .collect();
        group.bench_function("extract/dates", |b| {
            b.iter(|| {
                docs.iter()
                    .map(|d| extract::date::extract(d).len())
                    .sum::<usize>()
            })
        });
        group.bench_function("extract/officials", |b| {
            b.iter(|| {
                docs.iter()
                    .map(|d| extract::official::extract(d).len())
                    .sum::<usize>()
            })
        });
        group.bench_function("extract/scores", |b| {
            b.iter(|| {
                docs.iter()
                    .map(|d| extract::score::extract(d).len())
                    .sum::<usize>()
            })
        });
        group.bench_function("extract/places", |b| {
            b.iter(|| {
                docs.iter()
                    .map(|d| extract::place::extract(d).len())
                    .sum::<usize>()
            })
        });
        group.bench_function("extract/rankings", |b| {
            b.iter(|| {
                docs.iter()
                    .map(|d| extract::ranking::extract(d).len())
                    .sum::<usize>()
            })
        });
        let articles: Vec<_> = normalized
            .iter()
            .map(|t| pipeline.process_text("b", "b", t))
            .collect();
        group.bench_function("serialize", |b| {
            b.iter(|| {
                let mut out = Vec::with_capacity(bytes);
                for a in &articles {
                    serialize::write_article(&mut out, a, false).unwrap();
                }
                out.len()
            })
        });
        group.finish();

        let mut group = c.benchmark_group(format!("pipeline/{label}"));
        group.sample_size(10);
        for (form_name, form) in [
            ("mixed", corpus::Form::Mixed),
            ("nfc", corpus::Form::Nfc),
            ("nfd", corpus::Form::Nfd),
        ] {
            let texts = corpus::generate_form(&sources, size, form);
            let bytes: usize = texts.iter().map(String::len).sum();
            group.throughput(Throughput::Bytes(bytes as u64));
            group.bench_with_input(
                BenchmarkId::new("end_to_end_1_thread", form_name),
                &texts,
                |b, texts| b.iter(|| harness::end_to_end(&pipeline, texts)),
            );
        }
        group.finish();
    }
}

/// Pathological articles, one at a time: the slowest tells how much of a run one bad
/// input can take (every stage must stay close to linear).
fn adversarial(c: &mut Criterion) {
    let cases = [
        ("digits", "9".repeat(100_000)),
        ("slashes", "/".repeat(50_000)),
        ("dates", "ngày 1/".repeat(20_000)),
        ("ranks", "xếp thứ 1/2/".repeat(10_000)),
        ("no_spaces", "QmFzZTY0/+Zm9v".repeat(15_000)),
        ("capitals", "Nguyễn Văn Trần Thị ".repeat(10_000)),
        (
            "titles",
            "Chủ tịch UBND huyện Phó Giám đốc Sở ".repeat(5_000),
        ),
        ("brackets", "(".repeat(50_000)),
    ];
    let pipeline = Pipeline::new(Config {
        include_text: false,
        ..Config::default()
    });
    let mut group = c.benchmark_group("adversarial");
    group.sample_size(10);
    for (name, body) in cases {
        let text = format!("{name}\n\n{body}\n");
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| {
                pipeline
                    .process_bytes(name, name, text.as_bytes(), None)
                    .is_ok()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, stages, adversarial);
criterion_main!(benches);
