//! Abbreviations on our own written articles (`corpus/`): every gold
//! (abbreviation, expansion) is found, nothing else is, and spans are exact.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;
use vnews::{eval, expand};

/// Expansions compare as the evaluation compares them.
fn folded(expansion: &str) -> String {
    eval::fold_name(expansion)
}

#[test]
fn written_corpus_abbreviations_match_gold() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut articles = 0;
    let mut gold_total = 0;
    for entry in std::fs::read_dir(&dir).expect("corpus/ is in the repository") {
        let gold_path = entry.expect("readable entry").path();
        if gold_path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let text =
            std::fs::read_to_string(gold_path.with_extension("txt")).expect("text beside gold");
        let gold: Value = serde_json::from_str(&std::fs::read_to_string(&gold_path).expect("gold"))
            .expect("json");
        let expected: BTreeSet<(String, String)> = gold["abbreviations"]
            .as_array()
            .expect("abbreviations list")
            .iter()
            .map(|a| {
                let field = |k: &str| a[k].as_str().expect("string field").to_string();
                (field("abbr"), folded(&field("expansion")))
            })
            .collect();
        let found = expand::find(&text);
        for a in &found {
            assert_eq!(&text[a.start..a.end], a.abbr, "{}", gold_path.display());
        }
        let got: BTreeSet<(String, String)> = found
            .into_iter()
            .map(|a| (a.abbr, folded(&a.expansion)))
            .collect();
        assert_eq!(got, expected, "{}", gold_path.display());
        articles += 1;
        gold_total += expected.len();
    }
    assert!(
        articles >= 10 && gold_total >= 50,
        "{articles} articles, {gold_total} abbreviations"
    );
}
