//! Diacritic folding for ASCII search indexes (lossy, separate from [`super::normalize`]).

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// `text` with every diacritic stripped: "Đồng Nai" → "Dong Nai", NFD input included.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            _ if c.is_ascii() => out.push(c),
            'đ' | 'ð' => out.push('d'),
            'Đ' | 'Ð' => out.push('D'),
            _ => decompose_canonical(c, |part| {
                if !is_combining_mark(part) {
                    out.push(part);
                }
            }),
        }
    }
    out
}
