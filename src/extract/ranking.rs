//! Rankings: positions, moves and tiers.

use crate::serialize::Ranking;

use super::Doc;

pub fn extract(doc: &Doc) -> Vec<Ranking> {
    let _ = doc;
    Vec::new()
}
