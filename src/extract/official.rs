//! Officials: a person's name with title and organisation, merged over mentions.

use crate::serialize::Official;

use super::Doc;

pub fn extract(doc: &Doc) -> Vec<Official> {
    let _ = doc;
    Vec::new()
}
