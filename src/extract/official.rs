//! Officials: a person's name with title and organisation, merged over mentions.

use crate::serialize::Official;

use super::Doc;

pub fn extract(doc: &Doc) -> Vec<Official> {
    let _ = doc;
    Vec::new()
}

/// The head position of a title ("Phó Chủ tịch UBND tỉnh" → "Phó Chủ tịch").
pub fn title_head(title: &str) -> Option<&'static str> {
    let _ = title;
    None
}
