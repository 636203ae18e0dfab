//! Scores in điểm or %, with max, change and metric.

use crate::serialize::Score;

use super::Doc;

pub fn extract(doc: &Doc) -> Vec<Score> {
    let _ = doc;
    Vec::new()
}
