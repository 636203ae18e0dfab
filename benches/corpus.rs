//! A deterministic benchmark corpus built from the bundled and real articles:
//! numbers and years varied, a third in NFD, a sixth in the new tone style.
//! Shared by the criterion benches and `examples/make_corpus.rs`.

use std::fs;
use std::path::Path;

use unicode_normalization::UnicodeNormalization;

/// Old-style spellings and their new-style forms, for the new-style share.
const NEW_STYLE: [(&str, &str); 8] = [
    ("hòa", "hoà"),
    ("Hòa", "Hoà"),
    ("hóa", "hoá"),
    ("thủy", "thuỷ"),
    ("khỏe", "khoẻ"),
    ("Ủy", "Uỷ"),
    ("ủy", "uỷ"),
    ("lũy", "luỹ"),
];

/// The article texts under `corpus/` and, when present, `../shared/corpus/real/`.
pub fn load_sources(crate_root: &Path) -> Vec<String> {
    let mut texts = Vec::new();
    for dir in [
        crate_root.join("corpus"),
        crate_root.join("../shared/corpus/real"),
    ] {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        paths.sort();
        texts.extend(paths.iter().filter_map(|p| fs::read_to_string(p).ok()));
    }
    texts
}

/// Articles adding up to at least `target_bytes`, the same for the same inputs.
pub fn generate(sources: &[String], target_bytes: usize) -> Vec<String> {
    assert!(!sources.is_empty(), "no source articles");
    let mut out = Vec::new();
    let mut total = 0;
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    while total < target_bytes {
        let i = out.len();
        let text = vary_numbers(&sources[i % sources.len()], &mut seed);
        let text = match i % 6 {
            0 | 3 => text.nfd().collect(),
            1 => NEW_STYLE
                .iter()
                .fold(text, |t, (old, new)| t.replace(old, new)),
            _ => text,
        };
        total += text.len();
        out.push(text);
    }
    out
}

/// Replaces each digit run's last digit with a pseudo-random digit.
fn vary_numbers(text: &str, seed: &mut u64) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let last_digit = c.is_ascii_digit() && !chars.peek().is_some_and(char::is_ascii_digit);
        if last_digit {
            *seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            out.push(char::from(b'0' + ((*seed >> 33) % 10) as u8));
        } else {
            out.push(c);
        }
    }
    out
}
