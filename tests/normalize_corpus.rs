//! On the real articles, normalization only moves tone marks inside syllables,
//! fixes look-alike letters and cleans spaces: the letters stay the same.

use std::borrow::Cow;

use vnews::normalize::{fold, is_vietnamese_syllable, normalize, ToneStyle};

const CORPUS: [&str; 2] = [
    concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/real"),
    "/work/shared/corpus/real",
];

/// Letters without diacritics, "ngh" spelt "ng" (nghành → ngành is a fix).
fn skeleton(word: &str) -> String {
    fold(word).to_lowercase().replace("ngh", "ng")
}

#[test]
fn real_articles_keep_their_letters() {
    let Some(entries) = CORPUS.iter().find_map(|dir| std::fs::read_dir(dir).ok()) else {
        eprintln!("skipped: real corpus not found");
        return;
    };
    let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    let mut articles = 0;
    let mut changed = 0;
    for path in paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
    {
        let text = std::fs::read_to_string(path).expect("readable article");
        articles += 1;
        for style in [ToneStyle::Old, ToneStyle::New] {
            let (out, _) = normalize(&text, style);
            let before: Vec<&str> = text.split_whitespace().collect();
            let after: Vec<&str> = out.split_whitespace().collect();
            assert_eq!(before.len(), after.len(), "{path:?}");
            for (old_word, new_word) in before.iter().zip(&after).filter(|(a, b)| a != b) {
                changed += usize::from(style == ToneStyle::Old);
                assert_eq!(skeleton(old_word), skeleton(new_word), "{path:?}");
                let core = new_word.trim_matches(|c: char| !c.is_alphabetic());
                assert!(is_vietnamese_syllable(core), "{new_word} in {path:?}");
            }
            assert!(
                matches!(normalize(&out, style).0, Cow::Borrowed(_)),
                "{path:?}"
            );
        }
    }
    eprintln!("{articles} articles, {changed} words changed in old style");
    assert!(articles == 0 || (articles >= 20 && changed > 0));
}
