//! Quality never silently drops: F1 per fact kind on the real development set
//! and on our own corpus must stay within 0.02 of the figures last reached.

use std::path::Path;

use vnews::eval::{evaluate_dir, Report};
use vnews::Pipeline;

/// (kind, F1 reached) on ../shared/corpus/real; the test allows 0.02 below.
const REAL: [(&str, f64); 7] = [
    ("dates", 1.0),
    ("officials", 1.0),
    ("officials+title", 1.0),
    ("scores", 1.0),
    ("rankings", 1.0),
    ("abbreviations", 1.0),
    ("overall", 1.0),
];

/// The same for corpus/ (the articles we wrote, with their gold files).
const OURS: [(&str, f64); 7] = [
    ("dates", 1.0),
    ("officials", 1.0),
    ("officials+title", 1.0),
    ("scores", 1.0),
    ("rankings", 1.0),
    ("abbreviations", 1.0),
    ("overall", 1.0),
];

/// The same for tests/blind (articles written without sight of the code, scored as found).
const BLIND: [(&str, f64); 7] = [
    ("dates", 1.0),
    ("officials", 1.0),
    ("officials+title", 1.0),
    ("scores", 1.0),
    ("rankings", 1.0),
    ("abbreviations", 0.985),
    ("overall", 0.996),
];

const SLACK: f64 = 0.02;

fn check(report: &Report, floors: &[(&str, f64)]) {
    print!("{}", report.table());
    let mut below = Vec::new();
    for (kind, reached) in floors {
        let f1 = report.kind(kind).expect("kind is scored").f1;
        if f1 < reached - SLACK {
            below.push(format!("{kind}: F1 {f1:.3} < {reached:.3} - {SLACK}"));
        }
    }
    assert!(below.is_empty(), "quality dropped:\n{}", below.join("\n"));
}

#[test]
fn real_development_set() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/real");
    let report = evaluate_dir(&dir, &Pipeline::default()).expect("gold readable");
    assert_eq!(report.articles, 22);
    check(&report, &REAL);
}

#[test]
fn bundled_corpus() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let report = evaluate_dir(&dir, &Pipeline::default()).expect("gold readable");
    assert_eq!(report.articles, 15);
    check(&report, &OURS);
}

#[test]
fn blind_set() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/blind");
    let report = evaluate_dir(&dir, &Pipeline::default()).expect("gold readable");
    assert_eq!(report.articles, 10);
    check(&report, &BLIND);
}
