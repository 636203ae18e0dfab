//! Unicode NFC and one consistent tone-mark placement.
//!
//! Three steps, each skipped when a scan proves it has nothing to do:
//! clean characters (spaces, line ends, eth look-alikes), compose (NFC, with
//! Vietnamese marks put in a canonical order first), and re-tone syllables
//! whose mark is on the wrong vowel for the chosen style.

mod fold;
mod syllable;

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use unicode_normalization::char::{
    canonical_combining_class, decompose_canonical, is_combining_mark,
};
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

pub use fold::fold;
pub use syllable::is_vietnamese_syllable;

/// Where the tone mark goes in open "oa", "oe", "uy" syllables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ToneStyle {
    /// hòa, khỏe, thủy
    #[default]
    Old,
    /// hoà, khoẻ, thuỷ
    New,
    /// Leave the placement as written (marks on a wrong vowel are still fixed).
    Keep,
}

/// What normalization (and decoding) changed in one article.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NormalizationReport {
    pub encoding: String,
    pub encoding_confidence: f32,
    pub mojibake_repaired: bool,
    /// Combining marks merged into their letters by NFC.
    pub nfc: usize,
    /// Syllables whose tone mark moved.
    pub tone_marks: usize,
    /// Ð/ð (Icelandic eth) replaced by Đ/đ, and "ngh" misspelt before a/o/u (nghành → ngành).
    pub letters: usize,
    /// Spaces removed, collapsed or replaced, and CR line ends.
    pub spaces: usize,
}

/// `text` in NFC with one tone-mark style and clean spaces; borrowed when nothing changed.
pub fn normalize(text: &str, style: ToneStyle) -> (Cow<'_, str>, NormalizationReport) {
    let mut report = NormalizationReport::default();
    let mut current = Cow::Borrowed(text);
    // Cleaning first: removing an invisible char can bring a mark next to its letter.
    if let Some(cleaned) = clean_chars(&current, &mut report) {
        current = Cow::Owned(cleaned);
    }
    if let Some(composed) = compose(&current) {
        report.nfc = current
            .chars()
            .count()
            .saturating_sub(composed.chars().count());
        current = Cow::Owned(composed);
    }
    if let Some(retoned) = retone(&current, style, &mut report) {
        current = Cow::Owned(retoned);
    }
    if matches!(current, Cow::Owned(_)) && current == text {
        return (Cow::Borrowed(text), NormalizationReport::default());
    }
    (current, report)
}

const BREVE: char = '\u{306}';
const CIRCUMFLEX: char = '\u{302}';
const HORN: char = '\u{31B}';

/// NFC, with a letter's shape mark (breve, circumflex, horn) put before its tone
/// mark so "o + acute + circumflex" still composes to "ố".
fn compose(text: &str) -> Option<String> {
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        return None;
    }
    let mut decomposed = String::with_capacity(text.len() + text.len() / 4);
    let mut cluster: Vec<char> = Vec::new();
    for c in text.chars() {
        if canonical_combining_class(c) == 0 {
            flush_cluster(&mut cluster, &mut decomposed);
        }
        decompose_canonical(c, |part| cluster.push(part));
    }
    flush_cluster(&mut cluster, &mut decomposed);
    let composed: String = decomposed.nfc().collect();
    (composed != text).then_some(composed)
}

fn flush_cluster(cluster: &mut Vec<char>, out: &mut String) {
    if cluster.len() > 2 && cluster[0].is_ascii_alphabetic() {
        // Stable: shape marks first, everything else keeps its order.
        cluster[1..].sort_by_key(|&mark| !matches!(mark, BREVE | CIRCUMFLEX | HORN));
    }
    out.extend(cluster.drain(..));
}

fn is_special_space(c: char) -> bool {
    matches!(c, '\u{A0}' | '\u{202F}')
}

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// True if [`clean_chars`] would change something.
fn needs_char_fixes(text: &str) -> bool {
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'\r' | b'\t' => return true,
            b' ' if matches!(bytes.get(i + 1), None | Some(b' ' | b'\n')) => return true,
            // Lead bytes of Ð ð (C3), U+00A0 (C2), U+2xxx (E2) and U+FEFF (EF).
            0xC2 | 0xC3 | 0xE2 | 0xEF => {
                let c = text[i..].chars().next();
                if c.is_some_and(|c| {
                    matches!(c, 'Ð' | 'ð') || is_special_space(c) || is_invisible(c)
                }) {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

/// Spaces, line ends and look-alike letters; `None` if nothing changes.
fn clean_chars(text: &str, report: &mut NormalizationReport) -> Option<String> {
    if !needs_char_fixes(text) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    // Pending run of spaces: its length and whether it starts with a plain space.
    let mut run = 0usize;
    let mut run_is_plain = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' => {
                if run == 0 {
                    run_is_plain = c == ' ';
                }
                run += 1;
            }
            _ if is_special_space(c) => {
                if run == 0 {
                    run_is_plain = false;
                }
                run += 1;
            }
            // A zero-width space between two words still separates them.
            '\u{200B}'
                if run == 0
                    && out.chars().next_back().is_some_and(char::is_alphanumeric)
                    && chars.peek().is_some_and(|c| c.is_alphanumeric()) =>
            {
                run_is_plain = false;
                run = 1;
            }
            _ if is_invisible(c) => report.spaces += 1,
            '\r' | '\n' => {
                report.spaces += run;
                run = 0;
                if c == '\r' {
                    report.spaces += 1;
                    if chars.peek() == Some(&'\n') {
                        chars.next();
                    }
                }
                out.push('\n');
            }
            _ => {
                if run > 0 {
                    out.push(' ');
                    report.spaces += run - 1 + usize::from(!run_is_plain);
                    run = 0;
                }
                let fixed = match c {
                    'Ð' => 'Đ',
                    'ð' => 'đ',
                    _ => c,
                };
                if fixed != c {
                    report.letters += 1;
                }
                out.push(fixed);
            }
        }
    }
    report.spaces += run;
    (out != text).then_some(out)
}

/// Tone marks moved to the right vowel for `style`; `None` if every syllable is right.
fn retone(text: &str, style: ToneStyle, report: &mut NormalizationReport) -> Option<String> {
    let (mut start, mut end, mut fix) = next_fix(text, 0, style)?;
    let mut out = String::with_capacity(text.len() + 16);
    let mut copied = 0;
    loop {
        out.push_str(&text[copied..start]);
        syllable::apply(&text[start..end], fix, &mut out);
        report.tone_marks += usize::from(fix.tone_move.is_some());
        report.letters += usize::from(fix.drop_letter.is_some());
        copied = end;
        match next_fix(text, end, style) {
            Some(found) => (start, end, fix) = found,
            None => break,
        }
    }
    out.push_str(&text[copied..]);
    Some(out)
}

fn is_vowel_char(c: Option<char>) -> bool {
    c.and_then(syllable::letter)
        .is_some_and(|letter| letter.is_vowel())
}

/// The next word at or after byte `from` that needs a fix, as (start, end, fix).
///
/// Only a word with a non-ASCII vowel can need one: a toned vowel next to
/// another vowel (placement), or a/o/u after "ngh". Everything else is skipped
/// byte by byte.
fn next_fix(text: &str, from: usize, style: ToneStyle) -> Option<(usize, usize, syllable::Fix)> {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        if bytes[i] < 0xC0 {
            i += 1;
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let after = i + c.len_utf8();
        let Some(letter) = syllable::letter(c) else {
            i = after;
            continue;
        };
        let suspicious = letter.is_vowel()
            && ((letter.tone != 0
                && (is_vowel_char(text[..i].chars().next_back())
                    || is_vowel_char(text[after..].chars().next())))
                || (letter.is_non_front_vowel()
                    && i >= 3
                    && bytes[i - 3..i].eq_ignore_ascii_case(b"ngh")));
        if suspicious {
            let start = text[..i]
                .char_indices()
                .rev()
                .take_while(|&(_, c)| c.is_alphabetic())
                .last()
                .map_or(i, |(k, _)| k);
            let end = text[after..]
                .char_indices()
                .find(|&(_, c)| !c.is_alphabetic())
                .map_or(text.len(), |(k, _)| after + k);
            if let Some(fix) = syllable::plan(&text[start..end], style) {
                if is_free_standing(text, start, end) {
                    return Some((start, end, fix));
                }
            }
        }
        i = after;
    }
    None
}

/// Not glued to digits (as in a code) or to a stray combining mark, and not
/// inside a URL or e-mail address.
fn is_free_standing(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    if before.is_some_and(char::is_numeric)
        || after.is_some_and(|c| c.is_numeric() || is_combining_mark(c))
    {
        return false;
    }
    let chunk_start = text[..start]
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace())
        .map_or(0, |(k, c)| k + c.len_utf8());
    let chunk_end = text[end..]
        .find(char::is_whitespace)
        .map_or(text.len(), |k| end + k);
    let chunk = &text[chunk_start..chunk_end];
    let is_web = chunk.contains("://")
        || chunk.contains('@')
        || chunk
            .get(..4)
            .is_some_and(|head| head.eq_ignore_ascii_case("www."));
    !is_web
}
