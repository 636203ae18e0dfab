//! Unicode NFC and one consistent tone-mark placement.
//!
//! One table-driven scan ([`scan`]) first proves most text clean, which is
//! then returned borrowed, or re-tones it when it has no char to clean or
//! compose. Otherwise three steps run, each skipped when it has nothing to do: clean
//! characters (spaces, line ends, eth look-alikes), compose (NFC, with
//! Vietnamese marks put in a canonical order first), and re-tone syllables
//! whose mark is on the wrong vowel for the chosen style. Words that are not
//! Vietnamese syllables (English, codes such as "QĐ-UBND", words glued to
//! digits, URLs, e-mail addresses) keep their spelling.
//!
//! [`fold`] (lossy, for ASCII search keys) is kept apart from this.

mod fold;
mod nfd;
mod scan;
mod syllable;

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use unicode_normalization::char::{
    canonical_combining_class, decompose_canonical, is_combining_mark,
};
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

pub use fold::fold;
use scan::{Found, Scanner};
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
// Out of line: `benches/stage_cost.sh` counts the stage by this name.
#[inline(never)]
pub fn normalize(text: &str, style: ToneStyle) -> (Cow<'_, str>, NormalizationReport) {
    let mut report = NormalizationReport::default();
    let mut out = String::new();
    if !normalize_lines(text, style, true, &mut out, &mut report) || out == text {
        return (Cow::Borrowed(text), NormalizationReport::default());
    }
    (Cow::Owned(out), report)
}

/// Bytes a piece of [`normalize_pieces`] holds at most, unless one line is longer:
/// small enough that a piece and its output stay in the core's cache.
const PIECE_BYTES: usize = 1 << 18;

/// `text` normalized as [`normalize`] normalizes it, handed to `write` piece
/// by piece, each piece whole lines (normalizing never looks past a line
/// end, see [`normalize_lines`]); stops at `write`'s first error.
pub fn normalize_pieces<E>(
    text: &str,
    style: ToneStyle,
    write: impl FnMut(&str) -> Result<(), E>,
) -> Result<(), E> {
    normalize_pieces_of(text, style, PIECE_BYTES, write)
}

/// [`normalize_pieces`] with pieces of at most `limit` bytes.
fn normalize_pieces_of<E>(
    text: &str,
    style: ToneStyle,
    limit: usize,
    mut write: impl FnMut(&str) -> Result<(), E>,
) -> Result<(), E> {
    let mut out = String::new();
    let mut rest = text;
    while !rest.is_empty() {
        let (piece, after) = rest.split_at(lines_end(rest.as_bytes(), limit));
        out.clear();
        let mut report = NormalizationReport::default();
        if normalize_lines(piece, style, true, &mut out, &mut report) {
            write(&out)?;
        } else {
            write(piece)?;
        }
        rest = after;
    }
    Ok(())
}

/// The end of the last whole line within `limit` bytes of `bytes` (of the
/// first line if it is longer; all of `bytes` if they fit or have no line end).
fn lines_end(bytes: &[u8], limit: usize) -> usize {
    if bytes.len() <= limit {
        return bytes.len();
    }
    memchr::memrchr(b'\n', &bytes[..limit])
        .or_else(|| memchr::memchr(b'\n', &bytes[limit..]).map(|k| limit + k))
        .map_or(bytes.len(), |k| k + 1)
}

/// Appends `text` normalized as [`full_path`] normalizes it to `out`, adding
/// to `report`; false, with `out` untouched, if nothing changes.
///
/// Every step works within a line (cleaning, composing, re-toning a word, the
/// URL test), so each line is normalized on its own. Most lines have no char
/// to clean or compose: one scan of the whole text re-tones them. A line with
/// such a char, and the lines with combining marks that follow it (NFD text
/// comes in runs), take the slower steps; with `compose`, NFD lines are
/// composed in one pass and their result normalized again as here.
fn normalize_lines(
    text: &str,
    style: ToneStyle,
    compose: bool,
    out: &mut String,
    report: &mut NormalizationReport,
) -> bool {
    let bytes = text.as_bytes();
    // `text[..copied]` is written to `out` once something changed.
    let mut copied = 0;
    let mut changed = false;
    // Words re-toned since the last slow lines, to take back if their line is slow.
    let mut retoned: Vec<Retoned> = Vec::new();
    let mut scan_from = 0;
    // The first combining mark at or after `scan_from`, looked for again once passed.
    let mut marked = nfd::find_mark(bytes);
    'scans: loop {
        if marked.is_some_and(|at| at < scan_from) {
            marked = nfd::find_mark(&bytes[scan_from..]).map(|k| scan_from + k);
        }
        // A line with a combining mark is a slow line: the scan ends before it.
        let scan_end = marked.map_or(text.len(), |at| line_start(bytes, scan_from, at));
        let mut scanner = Scanner::new(&text[scan_from..scan_end], style, true);
        loop {
            let found = match (scanner.next(), marked) {
                (Found::Nothing, None) => break 'scans,
                (Found::Nothing, Some(at)) => Found::DirtyChar(at - scan_from),
                (found, _) => found,
            };
            match found {
                Found::Nothing => break 'scans,
                Found::Word(start, end, fix) => {
                    let (start, end) = (scan_from + start, scan_from + end);
                    if !changed {
                        out.reserve(text.len() + 16);
                        changed = true;
                    }
                    retoned.push(Retoned {
                        start,
                        out_len: out.len(),
                        copied,
                        tone_marks: report.tone_marks,
                        letters: report.letters,
                    });
                    out.push_str(&text[copied..start]);
                    syllable::apply(&text[start..end], fix, out);
                    report.tone_marks += usize::from(fix.tone_move.is_some());
                    report.letters += usize::from(fix.drop_letter.is_some());
                    copied = end;
                }
                Found::DirtyChar(at) => {
                    let at = scan_from + at;
                    let line_start = line_start(bytes, scan_from, at);
                    let kept = retoned.partition_point(|word| word.start < line_start);
                    if let Some(word) = retoned.get(kept) {
                        out.truncate(word.out_len);
                        copied = word.copied;
                        report.tone_marks = word.tone_marks;
                        report.letters = word.letters;
                    }
                    retoned.clear();
                    if !changed {
                        out.reserve(text.len() + 16);
                        changed = true;
                    }
                    out.push_str(&text[copied..line_start]);
                    let end = slow_lines_end(bytes, at, compose);
                    normalize_slow_lines(&text[line_start..end], style, compose, out, report);
                    copied = end;
                    scan_from = end;
                    if end == text.len() {
                        break 'scans;
                    }
                    continue 'scans;
                }
            }
        }
    }
    if changed {
        out.push_str(&text[copied..]);
    }
    changed
}

/// The start of the line holding byte `at`, not before `from`.
fn line_start(bytes: &[u8], from: usize, at: usize) -> usize {
    memchr::memrchr(b'\n', &bytes[from..at]).map_or(from, |k| from + k + 1)
}

/// A word [`normalize_lines`] re-toned, and what came before it.
struct Retoned {
    start: usize,
    out_len: usize,
    copied: usize,
    tone_marks: usize,
    letters: usize,
}

/// The end of the slow lines starting with the line holding byte `at`: that
/// line, and with `compose` the following lines with a combining mark or none.
fn slow_lines_end(bytes: &[u8], at: usize, compose: bool) -> usize {
    let line_end = |from: usize| {
        memchr::memchr(b'\n', bytes.get(from..).unwrap_or_default())
            .map_or(bytes.len(), |k| from + k + 1)
    };
    let mut end = line_end(at);
    while compose && end < bytes.len() {
        let next = line_end(end);
        let line = bytes.get(end..next).unwrap_or_default();
        if line != b"\n" && !nfd::has_marks(line) {
            break;
        }
        end = next;
    }
    end
}

/// Appends `lines` normalized to `out`: NFD lines composed in one pass and
/// normalized again by [`normalize_lines`], anything else by [`full_path`].
fn normalize_slow_lines(
    lines: &str,
    style: ToneStyle,
    compose: bool,
    out: &mut String,
    report: &mut NormalizationReport,
) {
    if compose && nfd::has_marks(lines.as_bytes()) {
        // Cleaning after composing gives what cleaning first gives: each mark
        // is on its letter, so neither step adds, removes or changes a char
        // the other looks at (the composer leaves a zero-width space to the full path).
        let composed = nfd::with_composed(lines, |composed, merged| {
            report.nfc += merged;
            if !normalize_lines(composed, style, false, out, report) {
                out.push_str(composed);
            }
        });
        if composed.is_some() {
            return;
        }
    }
    let mut lines_report = NormalizationReport::default();
    out.push_str(&full_path(lines, style, &mut lines_report));
    report.nfc += lines_report.nfc;
    report.tone_marks += lines_report.tone_marks;
    report.letters += lines_report.letters;
    report.spaces += lines_report.spaces;
}

/// Cleans, composes and re-tones, each step skipped when it has nothing to do.
fn full_path<'a>(
    text: &'a str,
    style: ToneStyle,
    report: &mut NormalizationReport,
) -> Cow<'a, str> {
    let mut current = Cow::Borrowed(text);
    // Cleaning first: removing an invisible char can bring a mark next to its letter.
    if let Some(cleaned) = clean_chars(&current, report) {
        current = Cow::Owned(cleaned);
        // Cleaned text without a char to compose is re-toned by one scan.
        let mut retone_report = report.clone();
        if let Ok(retoned) = retone(&current, style, true, &mut retone_report) {
            *report = retone_report;
            return retoned.map_or(current, Cow::Owned);
        }
    }
    if let Some(composed) = compose(&current, &mut report.nfc) {
        current = Cow::Owned(composed);
    }
    if let Ok(Some(retoned)) = retone(&current, style, false, report) {
        current = Cow::Owned(retoned);
    }
    current
}

const BREVE: char = '\u{306}';
const CIRCUMFLEX: char = '\u{302}';
const HORN: char = '\u{31B}';

/// NFC, with a letter's shape mark (breve, circumflex, horn) put before its tone
/// mark so "o + acute + circumflex" still composes to "ố"; `merged` counts
/// the marks absorbed. NFD Vietnamese takes [`nfd::compose`].
fn compose(text: &str, merged: &mut usize) -> Option<String> {
    match nfd::compose(text) {
        Some((out, marks)) => {
            *merged += marks;
            (out != text).then_some(out)
        }
        None => compose_segments(text, merged),
    }
}

/// [`compose`] for any text: only the segments around unstable chars are recomposed.
fn compose_segments(text: &str, merged: &mut usize) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = String::new();
    let mut scratch = Scratch::default();
    let mut copied = 0;
    let mut i = 0;
    loop {
        i = skip_ascii(bytes, i);
        if i >= bytes.len() {
            break;
        }
        let (c, len) = char_at(bytes, i);
        if is_nfc_stable(c) {
            i += len;
            continue;
        }
        if let Some((letter, marks, end)) = ascii_letter_with_marks(bytes, copied, i) {
            if out.capacity() == 0 {
                out.reserve(text.len());
            }
            out.push_str(&text[copied..i - 1]);
            out.push(syllable::compose(letter, letter.tone));
            *merged += marks;
            copied = end;
            i = end;
            continue;
        }
        // The segment starts at the starter before `i` and ends before the next stable char.
        let mut start = i;
        if i > copied {
            start -= 1;
            while start > copied && bytes[start] & 0xC0 == 0x80 {
                start -= 1;
            }
        }
        let mut end = i + len;
        while end < bytes.len() {
            let (next, next_len) = char_at(bytes, end);
            if is_nfc_stable(next) {
                break;
            }
            end += next_len;
        }
        if out.capacity() == 0 {
            out.reserve(text.len());
        }
        out.push_str(&text[copied..start]);
        *merged += compose_segment(&text[start..end], &mut out, &mut scratch);
        copied = end;
        i = end;
    }
    if copied == 0 {
        return None;
    }
    out.push_str(&text[copied..]);
    (out != text).then_some(out)
}

/// The first non-ASCII byte at or after `i` (or the length), eight bytes a step.
fn skip_ascii(bytes: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let high_bits = u64::from_le_bytes(word) & 0x8080_8080_8080_8080;
        if high_bits != 0 {
            return i + (high_bits.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while bytes.get(i).is_some_and(u8::is_ascii) {
        i += 1;
    }
    i
}

/// The NFD common case, decided without segment machinery: an ASCII letter
/// before byte `i` carrying the Vietnamese marks that start at `i`, then a
/// stable char. Returns the marked letter, the number of marks and where they end.
#[inline]
fn ascii_letter_with_marks(
    bytes: &[u8],
    copied: usize,
    i: usize,
) -> Option<(syllable::Letter, usize, usize)> {
    if i <= copied || bytes[i - 1] >= 0x80 {
        return None;
    }
    let mut letter = syllable::letter(char::from(bytes[i - 1]))?;
    let mut marks = 0;
    let mut end = i;
    // U+0300..U+037F start with CC or CD.
    while matches!(bytes.get(end), Some(0xCC | 0xCD)) {
        let (mark, len) = char_at(bytes, end);
        letter = syllable::with_mark(letter, mark)?;
        marks += 1;
        end += len;
    }
    let stable_next =
        end == bytes.len() || bytes[end] < 0x80 || is_nfc_stable(char_at(bytes, end).0);
    (marks > 0 && stable_next).then_some((letter, marks, end))
}

/// Buffers reused across segments.
#[derive(Default)]
struct Scratch {
    cluster: Vec<char>,
    decomposed: String,
}

/// Composes one segment into `out`; returns how many chars it lost.
fn compose_segment(segment: &str, out: &mut String, scratch: &mut Scratch) -> usize {
    // Common case: a Vietnamese letter followed by its own marks.
    let mut chars = segment.chars();
    if let Some(mut letter) = chars.next().and_then(syllable::letter) {
        let mut marks = 0;
        let mut all_marks_fit = true;
        for mark in chars {
            match syllable::with_mark(letter, mark) {
                Some(marked) => letter = marked,
                None => {
                    all_marks_fit = false;
                    break;
                }
            }
            marks += 1;
        }
        if all_marks_fit && marks > 0 {
            out.push(syllable::compose(letter, letter.tone));
            return marks;
        }
    }
    let Scratch {
        cluster,
        decomposed,
    } = scratch;
    decomposed.clear();
    for c in segment.chars() {
        if canonical_combining_class(c) == 0 {
            flush_cluster(cluster, decomposed);
        }
        decompose_canonical(c, |part| cluster.push(part));
    }
    flush_cluster(cluster, decomposed);
    let before = out.len();
    out.extend(decomposed.nfc());
    segment
        .chars()
        .count()
        .saturating_sub(out[before..].chars().count())
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
    (0..bytes.len()).any(|i| {
        let b = bytes[i];
        CLEANED_LEADS[usize::from(b)]
            && match b {
                b'\r' | b'\t' => true,
                b' ' => matches!(bytes.get(i + 1), None | Some(b' ' | b'\n')),
                b'\n' => false,
                _ => may_be_cleaned(bytes, i),
            }
    })
}

/// The first bytes of the chars [`may_be_cleaned`] accepts.
const CLEANED_LEADS: [bool; 256] = {
    let mut leads = [false; 256];
    let bytes = [b' ', b'\t', b'\r', b'\n', 0xC2, 0xC3, 0xE2, 0xEF];
    let mut k = 0;
    while k < bytes.len() {
        leads[bytes[k] as usize] = true;
        k += 1;
    }
    leads
};

/// The first byte from `k` on of a char [`clean_chars`] must look at: one it
/// may change, but a lone space before a char it does not; or the end.
fn next_to_clean(bytes: &[u8], mut k: usize) -> usize {
    let is_lead = |b: &u8| CLEANED_LEADS[usize::from(*b)];
    while let Some(lead) = bytes
        .get(k..)
        .and_then(|rest| rest.iter().position(is_lead))
    {
        k += lead;
        let next = k + 1;
        let lone_space = bytes[k] == b' '
            && next < bytes.len()
            && !(bytes.get(next).is_some_and(is_lead) && may_be_cleaned(bytes, next));
        if !lone_space && may_be_cleaned(bytes, k) {
            return k;
        }
        k = next;
    }
    bytes.len()
}

/// True if the char at byte `k` is one [`clean_chars`] may change: whitespace,
/// U+00A0, Ð, ð, U+200B..U+200D, U+202F, U+2060, U+FEFF.
fn may_be_cleaned(bytes: &[u8], k: usize) -> bool {
    let next = |n: usize| bytes.get(k + n).copied();
    match bytes.get(k) {
        Some(b' ' | b'\t' | b'\r' | b'\n') => true,
        Some(0xC2) => next(1) == Some(0xA0),
        Some(0xC3) => matches!(next(1), Some(0x90 | 0xB0)),
        Some(0xE2) => matches!(
            (next(1), next(2)),
            (Some(0x80), Some(0x8B..=0x8D | 0xAF)) | (Some(0x81), Some(0xA0))
        ),
        Some(0xEF) => (next(1), next(2)) == (Some(0xBB), Some(0xBF)),
        _ => false,
    }
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
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Outside a run of spaces, chars no arm below changes are copied in one
        // piece, and so is a lone space before such a char.
        if run == 0 {
            let k = next_to_clean(bytes, i);
            if k > i {
                out.push_str(&text[i..k]);
                i = k;
                continue;
            }
        }
        let (c, len) = char_at(bytes, i);
        i += len;
        let next = (i < bytes.len()).then(|| char_at(bytes, i).0);
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
                    && next.is_some_and(char::is_alphanumeric) =>
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
                    if next == Some('\n') {
                        i += 1;
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

/// Tone marks moved to the right vowel for `style`, words found by a
/// [`Scanner`]; `Ok(None)` if every word is right. With `chars`, a char
/// that cleaning or composing would change stops it with `Err(DirtyChar)`.
fn retone(
    text: &str,
    style: ToneStyle,
    chars: bool,
    report: &mut NormalizationReport,
) -> Result<Option<String>, DirtyChar> {
    let mut out = String::new();
    let mut copied = 0;
    let mut scanner = Scanner::new(text, style, chars);
    loop {
        match scanner.next() {
            Found::Nothing => break,
            Found::DirtyChar(_) => return Err(DirtyChar),
            Found::Word(start, end, fix) => {
                if out.capacity() == 0 {
                    out.reserve(text.len() + 16);
                }
                out.push_str(&text[copied..start]);
                syllable::apply(&text[start..end], fix, &mut out);
                report.tone_marks += usize::from(fix.tone_move.is_some());
                report.letters += usize::from(fix.drop_letter.is_some());
                copied = end;
            }
        }
    }
    if copied == 0 {
        return Ok(None);
    }
    out.push_str(&text[copied..]);
    Ok(Some(out))
}

/// A char that cleaning or composing changes was found.
struct DirtyChar;

/// The char starting at byte `i`, a char boundary of valid UTF-8, and its length.
#[inline]
fn char_at(bytes: &[u8], i: usize) -> (char, usize) {
    let lead = u32::from(bytes[i]);
    let next = |k: usize| u32::from(bytes.get(i + k).map_or(0, |b| b & 0x3F));
    let (code, len) = match lead {
        0..=0x7F => (lead, 1),
        0xC0..=0xDF => ((lead & 0x1F) << 6 | next(1), 2),
        0xE0..=0xEF => ((lead & 0x0F) << 12 | next(1) << 6 | next(2), 3),
        _ => (
            (lead & 0x07) << 18 | next(1) << 12 | next(2) << 6 | next(3),
            4,
        ),
    };
    (
        char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER),
        len,
    )
}

/// A char outside the letter table that no step changes.
fn is_stable_other(c: char) -> bool {
    !matches!(c, '\u{D0}' | '\u{F0}')
        && !is_special_space(c)
        && !is_invisible(c)
        && is_nfc_stable(c)
}

/// NFC leaves it, and text around it, alone (a safe point for composing).
#[inline]
fn is_nfc_stable(c: char) -> bool {
    c.is_ascii()
        || (!('\u{300}'..='\u{36F}').contains(&c)
            && (syllable::letter(c).is_some()
                || (canonical_combining_class(c) == 0
                    && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes)))
}

/// How far around a word [`is_free_standing`] looks for its URL or e-mail chunk.
const CHUNK_REACH: usize = 1024;

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
    // The chunk (between whitespace) is looked for within a bounded reach, so a
    // long run without spaces costs no more per word.
    let mut reach_start = start.saturating_sub(CHUNK_REACH);
    while !text.is_char_boundary(reach_start) {
        reach_start -= 1;
    }
    let mut reach_end = (end + CHUNK_REACH).min(text.len());
    while !text.is_char_boundary(reach_end) {
        reach_end += 1;
    }
    let chunk_start = text[reach_start..start]
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace())
        .map_or(reach_start, |(k, c)| reach_start + k + c.len_utf8());
    let chunk_end = text[end..reach_end]
        .find(char::is_whitespace)
        .map_or(reach_end, |k| end + k);
    let chunk = &text.as_bytes()[chunk_start..chunk_end];
    let is_web = chunk.windows(3).any(|w| w == b"://")
        || chunk.contains(&b'@')
        || chunk.windows(4).any(|w| w.eq_ignore_ascii_case(b"www."));
    !is_web
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            "(hoà|hòa|thuỷ|thủy|của|mùa|quý|qúy|gìa|già|nghành|nghị|ngừơi|người|khoẻ|khỏe)",
            "[aeiouyâăêôơưđhngqkt]{1,4}",
            "[àảãáạìỉĩíịòỏõóọùủũúụỳỷỹýỵằẳẵắặầẩẫấậềểễếệồổỗốộờởỡớợừửữứự]{1,2}",
            "[\u{300}\u{301}\u{303}\u{309}\u{323}\u{302}\u{306}\u{31B}]{1,2}",
            "[ \t\r\n\u{A0}\u{202F}\u{200B}\u{FEFF}]{1,2}",
            "[0-9@./:ÐðfwA-Z-]{1,2}",
            any::<char>().prop_map(String::from),
        ]
    }

    /// The same text with each letter's tone marks put before its shape marks.
    fn tones_first(nfd: &str) -> String {
        let mut out = String::new();
        let mut shapes = String::new();
        for c in nfd.chars() {
            if matches!(c, BREVE | CIRCUMFLEX | HORN) {
                shapes.push(c);
                continue;
            }
            if !is_combining_mark(c) {
                out.push_str(&shapes);
                shapes.clear();
            }
            out.push(c);
        }
        out + &shapes
    }

    /// Checks both composers and both paths on `text`.
    fn assert_nfd_paths_agree(text: &str) {
        if let Some((composed, merged)) = nfd::compose(text) {
            let mut general_merged = 0;
            let general = compose_segments(text, &mut general_merged);
            assert_eq!(composed, general.as_deref().unwrap_or(text), "{text:?}");
            assert_eq!(merged, general_merged, "{text:?}");
        }
        for style in scan::tests::STYLES {
            assert_lines_agree_with_full_path(text, style);
        }
    }

    /// [`normalize_lines`] gives what [`full_path`] gives on the whole text.
    fn assert_lines_agree_with_full_path(text: &str, style: ToneStyle) {
        let mut lines = String::new();
        let mut lines_report = NormalizationReport::default();
        if !normalize_lines(text, style, true, &mut lines, &mut lines_report) {
            lines.push_str(text);
        }
        let mut full_report = NormalizationReport::default();
        let full = full_path(text, style, &mut full_report);
        assert_eq!(lines, full, "{text:?} {style:?}");
        assert_eq!(lines_report, full_report, "{text:?} {style:?}");
    }

    /// Every syllable shape, tone and case, in NFD, NFD with tone marks first
    /// and NFC, after a quote and a space: the one-pass composer and the NFD
    /// path give what the general composer and the full path give.
    #[test]
    fn nfd_path_agrees_with_full_path_on_every_syllable() {
        let mut composed = 0;
        for word in scan::tests::syllables() {
            let nfd: String = word.nfd().collect();
            for form in [tones_first(&nfd), nfd, word] {
                let text = format!("“{form}” {form}\n");
                assert_nfd_paths_agree(&text);
                composed += usize::from(nfd::compose(&text).is_some_and(|(_, n)| n > 0));
            }
        }
        assert!(composed > 100_000, "{composed}");
    }

    /// Marks and chars the one-pass composer leaves to the general path, and
    /// cleaning around NFD letters.
    #[test]
    fn nfd_path_agrees_with_full_path_on_traps() {
        let traps = [
            "a\u{301}\u{301}",
            "1\u{301}",
            " \u{301}",
            "\u{301}a",
            "a\u{304}",
            "e\u{308}",
            "a\u{340}",
            "a\u{301}\u{340}",
            "a\u{301}\u{370}",
            "a\u{370}",
            "a\u{345}",
            "a\u{301}\u{1DC0}",
            "đ\u{301}",
            "ơ\u{301}",
            "á\u{302}",
            "ư\u{303}\u{323}",
            "y\u{302}",
            "b\u{301}",
            "a\u{301}\u{200B}b",
            "a\u{301} \u{200B}b",
            "Ð\u{301}",
            "a\u{200B}\u{301}",
            "to\u{302}\u{301}i\r\n",
            "to\u{301}\u{302}i  ",
            "ho\u{300}a\t",
            "a\u{301}\u{A0}",
            "A\u{301}\u{2000}",
            "a\u{301}\u{FEFF}",
            "ngh\u{300}a\u{301}nh",
        ];
        for trap in traps {
            for text in [
                trap.to_string(),
                format!("Ho\u{31B}\u{300}i {trap} hoa\u{300}."),
            ] {
                assert_nfd_paths_agree(&text);
            }
        }
    }

    #[test]
    fn pieces_end_after_the_last_line_end_within_the_limit() {
        let text = b"ab\ncd\nefgh\nij";
        assert_eq!(lines_end(text, 20), text.len());
        assert_eq!(lines_end(text, 7), 6);
        assert_eq!(lines_end(text, 6), 6);
        assert_eq!(lines_end(text, 5), 3);
        // A line longer than the limit is one piece.
        assert_eq!(lines_end(&text[6..], 2), 5);
        assert_eq!(lines_end(b"abcdef", 2), 6);
    }

    /// Each line's pieces joined and ended by a line end, the line in NFD where asked.
    fn lines_text(lines: &[Vec<String>], nfd_lines: &[bool]) -> String {
        lines
            .iter()
            .zip(nfd_lines)
            .map(|(pieces, &nfd)| {
                let line = pieces.concat() + "\n";
                if nfd {
                    line.nfd().collect()
                } else {
                    line
                }
            })
            .collect()
    }

    proptest! {
        /// The table-driven skips find what a byte-by-byte test finds.
        #[test]
        fn cleaning_gates_agree_with_plain_tests(pieces in prop::collection::vec(piece(), 0..20)) {
            let text = pieces.concat();
            let bytes = text.as_bytes();
            let fixes = text.contains(['\r', '\t', 'Ð', 'ð', '\u{A0}', '\u{202F}'])
                || text.contains(['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}'])
                || text.contains("  ")
                || text.contains(" \n")
                || text.ends_with(' ');
            prop_assert_eq!(needs_char_fixes(&text), fixes);
            for start in 0..=bytes.len() {
                let mut k = start;
                while k < bytes.len()
                    && (!may_be_cleaned(bytes, k)
                        || (bytes[k] == b' ' && k + 1 < bytes.len() && !may_be_cleaned(bytes, k + 1)))
                {
                    k += 1;
                }
                prop_assert_eq!(next_to_clean(bytes, start), k);
            }
        }

        /// NFD-like text: the NFD path agrees with the full path.
        #[test]
        fn nfd_path_agrees_with_full_path(pieces in prop::collection::vec(piece(), 0..20)) {
            assert_nfd_paths_agree(&pieces.concat());
        }

        /// Lines of clean, NFD, dirty and re-toned text, in runs: normalizing
        /// line by line gives what normalizing the whole text gives.
        #[test]
        fn lines_agree_with_full_path(
            lines in prop::collection::vec(prop::collection::vec(piece(), 0..8), 0..12),
            nfd_lines in prop::collection::vec(any::<bool>(), 12),
        ) {
            let text = lines_text(&lines, &nfd_lines);
            for style in scan::tests::STYLES {
                assert_lines_agree_with_full_path(&text, style);
            }
        }

        /// Pieces of whole lines, however small, normalize to what the whole text does.
        #[test]
        fn pieces_agree_with_whole_text(
            lines in prop::collection::vec(prop::collection::vec(piece(), 0..8), 0..12),
            nfd_lines in prop::collection::vec(any::<bool>(), 12),
            limit in 1usize..64,
        ) {
            let text = lines_text(&lines, &nfd_lines);
            for style in scan::tests::STYLES {
                let mut joined = String::new();
                normalize_pieces_of(&text, style, limit, |piece| {
                    assert!(piece.ends_with('\n'), "{piece:?}");
                    joined.push_str(piece);
                    Ok::<(), ()>(())
                })
                .unwrap();
                prop_assert_eq!(&joined, &normalize(&text, style).0);
            }
        }

        /// The one-scan path says "unchanged" only when the full path
        /// returns the input, and re-tones exactly as the full path does.
        #[test]
        fn one_scan_path_agrees_with_full_path(
            pieces in prop::collection::vec(piece(), 0..20),
            style in prop_oneof![Just(ToneStyle::Old), Just(ToneStyle::New), Just(ToneStyle::Keep)],
        ) {
            let text = pieces.concat();
            let mut fast_report = NormalizationReport::default();
            let mut full_report = NormalizationReport::default();
            let full = full_path(&text, style, &mut full_report);
            match retone(&text, style, true, &mut fast_report) {
                Ok(None) => prop_assert_eq!(&full, &text),
                Ok(Some(retoned)) => {
                    prop_assert_eq!(&full, &retoned);
                    prop_assert_eq!(&fast_report, &full_report);
                }
                Err(DirtyChar) => {}
            }
        }
    }
}
