//! Agreement with underthesea's `text_normalize` on its own test cases.
//!
//! underthesea re-spaces punctuation, so outputs are compared ignoring whitespace.

use std::path::PathBuf;

use vnews::normalize::{normalize, ToneStyle};

const RELATIVE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/testdata/underthesea_text_normalize.tsv"
);
const ABSOLUTE: &str = "/work/shared/testdata/underthesea_text_normalize.tsv";

/// Inputs where underthesea's output is wrong, each with the reason.
const UNDERTHESEA_WRONG: [(&str, &str); 4] = [
    (
        "gịa",
        "tone of gi + a belongs on a (giạ); underthesea leaves it on the i",
    ),
    (
        "hoà\u{200B}bình",
        "underthesea keeps the invisible U+200B as a token; we drop it, keeping the word break",
    ),
    (
        "hoà-bình",
        "each part of a hyphenated compound is a syllable; underthesea skips the whole token",
    ),
    (
        "hoà_bình",
        "each part of an underscore-joined word is a syllable; underthesea skips the whole token",
    ),
];

/// VNEWS_UNDERTHESEA_TSV if set (then it must exist), else the shared test data.
fn data_path() -> Option<PathBuf> {
    if let Some(configured) = std::env::var_os("VNEWS_UNDERTHESEA_TSV") {
        return Some(PathBuf::from(configured));
    }
    [RELATIVE, ABSOLUTE]
        .map(PathBuf::from)
        .into_iter()
        .find(|path| path.exists())
}

fn without_whitespace(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn agrees_with_underthesea_where_it_is_right() {
    let Some(path) = data_path() else {
        eprintln!("skipped: underthesea_text_normalize.tsv not found (set VNEWS_UNDERTHESEA_TSV)");
        return;
    };
    let data = std::fs::read_to_string(&path).expect("readable test data");
    let mut total = 0;
    let mut differing = Vec::new();
    for line in data.lines().filter(|line| !line.is_empty()) {
        let (input, expected) = line.split_once('\t').expect("input TAB output");
        total += 1;
        let (ours, _) = normalize(input, ToneStyle::Old);
        if without_whitespace(&ours) != without_whitespace(expected) {
            differing.push(input);
            eprintln!("differs: {input:?} → ours {ours:?}, underthesea {expected:?}");
        }
    }
    eprintln!(
        "underthesea agreement: {} / {total}",
        total - differing.len()
    );
    let listed: Vec<&str> = UNDERTHESEA_WRONG.iter().map(|(input, _)| *input).collect();
    assert_eq!(differing, listed);
    assert!(total >= 90, "only {total} cases read");
}
