//! Throughput of `normalize` on clean NFC text and on its NFD form.
//!
//! Run: `cargo test --release --test normalize_speed -- --ignored --nocapture`.
//! Reads the real corpus when present, else a built-in paragraph.

use std::borrow::Cow;
use std::time::Instant;

use unicode_normalization::UnicodeNormalization;
use vnews::normalize::{normalize, ToneStyle};

const CORPUS: &str = "/work/shared/corpus/real";
const FALLBACK: &str = "Sáng 14/9, Ủy ban nhân dân tỉnh Khánh Hòa tổ chức hội nghị tổng kết \
công tác cải cách hành chính. Người dân được hướng dẫn khai báo trực tuyến qua Cổng dịch vụ \
công quốc gia; chỉ số hài lòng đạt 80,28/100 điểm, xếp thứ 7/18 huyện, thị xã.\n\n";

fn clean_corpus() -> String {
    let mut text = String::new();
    if let Ok(entries) = std::fs::read_dir(CORPUS) {
        let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        {
            text.push_str(&std::fs::read_to_string(path).unwrap_or_default());
        }
    }
    if text.is_empty() {
        text.push_str(FALLBACK);
    }
    normalize(&text, ToneStyle::Old).0.into_owned()
}

/// This thread's CPU time, so a loaded machine does not skew the figure;
/// wall time where /proc is missing.
fn cpu_seconds(wall: Instant) -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|stat| stat.split_whitespace().next()?.parse::<f64>().ok())
        .map_or_else(|| wall.elapsed().as_secs_f64(), |nanos| nanos / 1e9)
}

fn megabytes_per_second(text: &str, style: ToneStyle) -> (f64, bool) {
    let rounds = (64 << 20) / text.len().max(1) + 1;
    let wall = Instant::now();
    let start = cpu_seconds(wall);
    let mut borrowed = true;
    for _ in 0..rounds {
        let (out, _) = normalize(std::hint::black_box(text), style);
        borrowed &= matches!(out, Cow::Borrowed(_));
    }
    let seconds = cpu_seconds(wall) - start;
    ((text.len() * rounds) as f64 / seconds / 1e6, borrowed)
}

#[test]
#[ignore = "timing; run in release"]
fn throughput() {
    let clean = clean_corpus();
    let nfd: String = clean.nfd().collect();
    let (clean_speed, borrowed) = megabytes_per_second(&clean, ToneStyle::Old);
    assert!(borrowed, "clean text was copied");
    // NORMALIZE_SPEED=clean times only the clean case (for profiling).
    let nfd_speed = if std::env::var("NORMALIZE_SPEED").is_ok_and(|case| case == "clean") {
        f64::INFINITY
    } else {
        megabytes_per_second(&nfd, ToneStyle::Old).0
    };
    eprintln!(
        "{} bytes: clean NFC {clean_speed:.0} MB/s, NFD {nfd_speed:.0} MB/s",
        clean.len()
    );
    if !cfg!(debug_assertions) {
        assert!(clean_speed >= 400.0, "clean {clean_speed:.0} MB/s");
        assert!(nfd_speed >= 100.0, "NFD {nfd_speed:.0} MB/s");
    }
}
