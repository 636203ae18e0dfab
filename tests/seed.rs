//! The seed article, end to end: every stage must be right on it.

use serde_json::Value;
use vnews::serialize::Grain;
use vnews::{Config, Pipeline};

const SEED: &str = include_str!("../corpus/000_61edd261ad8c1a0f.txt");

fn seed() -> vnews::Article {
    Pipeline::new(Config::default())
        .process_bytes("seed", "seed.txt", SEED.as_bytes(), None)
        .expect("the seed decodes")
}

#[test]
fn title() {
    assert_eq!(
        seed().title,
        "Nông Sơn tổ chức Hội nghị chuyên đề cải cách hành chính năm 2022"
    );
}

#[test]
fn dates() {
    let a = seed();
    let day = a
        .dates
        .iter()
        .find(|d| d.text.contains("14.9"))
        .expect("Ngày 14.9");
    assert_eq!(day.value, "2022-09-14");
    assert_eq!(day.grain, Grain::Day);
    assert!(day.inferred_year);
    for year in ["2022", "2021", "2020"] {
        assert!(a.dates.iter().any(|d| d.value == year), "{year} missing");
    }
}

#[test]
fn official() {
    let a = seed();
    assert_eq!(a.officials.len(), 1, "{:?}", a.officials);
    let o = &a.officials[0];
    assert_eq!(o.name, "Nguyễn Văn Hòa");
    assert_eq!(
        o.title.as_deref(),
        Some("Chủ tịch Ủy ban nhân dân huyện Nông Sơn")
    );
    assert_eq!(o.mentions.len(), 2);
}

#[test]
fn scores() {
    let a = seed();
    let find = |v: f64| a.scores.iter().find(|s| (s.value - v).abs() < 1e-9);
    let s = find(80.28).expect("80,28/100 điểm");
    assert_eq!(
        (s.max, s.unit.as_str(), s.change),
        (Some(100.0), "điểm", false)
    );
    let s = find(2.30).expect("tăng 2,30 điểm");
    assert_eq!((s.unit.as_str(), s.change), ("điểm", true));
    let s = find(7.57).expect("tăng 7,57%");
    assert_eq!((s.unit.as_str(), s.change), ("%", true));
    for v in [79.08, 82.51] {
        let s = find(v).expect("percent score");
        assert_eq!((s.unit.as_str(), s.change), ("%", false));
    }
    assert_eq!(a.scores.len(), 5, "{:?}", a.scores);
}

#[test]
fn rankings() {
    let a = seed();
    assert!(a
        .rankings
        .iter()
        .any(|r| r.rank == Some(7) && r.total == Some(18)));
    assert!(a.rankings.iter().any(|r| r.change == Some(2)));
    assert!(a.rankings.iter().any(|r| r.tier.as_deref() == Some("Khá")));
}

#[test]
fn abbreviations() {
    let a = seed();
    let expansion = |abbr: &str| {
        a.abbreviations
            .iter()
            .find(|x| x.abbr == abbr)
            .map(|x| x.expansion.clone())
    };
    assert_eq!(expansion("UBND").as_deref(), Some("Ủy ban nhân dân"));
    assert_eq!(expansion("CCHC").as_deref(), Some("cải cách hành chính"));
    assert_eq!(expansion("CT").as_deref(), Some("Chủ tịch"));
}

#[test]
fn every_span_slices_back_to_its_text() {
    let a = seed();
    let chars: Vec<char> = a.text.as_deref().unwrap().chars().collect();
    let slice = |s: usize, e: usize| chars[s..e].iter().collect::<String>();
    for d in &a.dates {
        assert_eq!(slice(d.start, d.end), d.text);
    }
    for s in &a.scores {
        assert_eq!(slice(s.start, s.end), s.text);
    }
    for r in &a.rankings {
        assert_eq!(slice(r.start, r.end), r.text);
    }
    for x in &a.abbreviations {
        assert_eq!(slice(x.start, x.end), x.abbr);
    }
    for m in a.officials.iter().flat_map(|o| &o.mentions) {
        assert_eq!(slice(m.start, m.end), m.text);
    }
}

#[test]
fn output_matches_the_json_schema() {
    let schema: Value =
        serde_json::from_str(include_str!("../schema/article.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let record = serde_json::to_value(seed()).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&record)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let broken = serde_json::json!({"id": "x", "source": "y", "title": 3});
    assert!(!validator.is_valid(&broken));
}
