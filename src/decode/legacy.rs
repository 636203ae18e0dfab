//! The pre-Unicode Vietnamese encodings: TCVN3, VNI and VISCII from the tables in
//! `src/lexicon/`, and Windows-1258 through encoding_rs.

use std::collections::HashMap;
use std::sync::LazyLock;

use encoding_rs::{WINDOWS_1252, WINDOWS_1258};
use unicode_normalization::char::{compose, decompose_canonical};
use unicode_normalization::UnicodeNormalization;

use crate::lexicon::rows;

const TCVN3_TSV: &str = include_str!("../lexicon/tcvn3.tsv");
const VNI_TSV: &str = include_str!("../lexicon/vni.tsv");
const VISCII_TSV: &str = include_str!("../lexicon/viscii.tsv");

/// A character field: the character itself, or `U+XXXX` for marks and spaces.
pub(super) fn parse_char(field: &str) -> Option<char> {
    match field.strip_prefix("U+") {
        Some(hex) => u32::from_str_radix(hex, 16).ok().and_then(char::from_u32),
        None => {
            let mut chars = field.chars();
            let c = chars.next()?;
            chars.next().is_none().then_some(c)
        }
    }
}

pub(super) fn parse_bytes(field: &str) -> Option<Vec<u8>> {
    field
        .split(' ')
        .map(|h| u8::from_str_radix(h, 16).ok())
        .collect()
}

/// The character Windows-1252 (as WHATWG defines it) reads for `byte`.
pub(super) fn cp1252_char(byte: u8) -> char {
    let input = [byte];
    let (text, _) = WINDOWS_1252.decode_without_bom_handling(&input);
    text.chars().next().unwrap_or('\u{FFFD}')
}

/// Rows of a single-byte table: byte, character, optional third field.
/// Malformed rows are skipped here and caught by the lexicon test.
fn byte_rows(source: &'static str) -> impl Iterator<Item = (u8, char, Option<&'static str>)> {
    rows(source).filter_map(|row| {
        let byte = u8::from_str_radix(row.first()?, 16).ok()?;
        let c = parse_char(row.get(1)?)?;
        Some((byte, c, row.get(2).copied()))
    })
}

/// A single-byte code page as a decode table and its inverse.
pub(super) struct ByteTable {
    pub decode: [char; 256],
    pub encode: HashMap<char, u8>,
}

/// TCVN3: VN3 letters, VN2 extras decoded only, 0x80..=0x9F as Windows-1252 punctuation.
pub(super) static TCVN3: LazyLock<ByteTable> = LazyLock::new(|| {
    let mut decode: [char; 256] = std::array::from_fn(|b| char::from(b as u8));
    let mut encode = HashMap::new();
    for b in 0x80..0xA0u8 {
        let c = cp1252_char(b);
        decode[usize::from(b)] = c;
        if !c.is_control() {
            encode.insert(c, b);
        }
    }
    for (byte, c, set) in byte_rows(TCVN3_TSV) {
        decode[usize::from(byte)] = c;
        if set == Some("vn3") {
            encode.insert(c, byte);
        }
    }
    ByteTable { decode, encode }
});

pub(super) static VISCII: LazyLock<ByteTable> = LazyLock::new(|| {
    let mut decode: [char; 256] = std::array::from_fn(|b| char::from(b as u8));
    let mut encode = HashMap::new();
    for (byte, c, _) in byte_rows(VISCII_TSV) {
        decode[usize::from(byte)] = c;
        encode.insert(c, byte);
    }
    ByteTable { decode, encode }
});

/// VNI: single-byte letters over Windows-1252, and base + mark byte pairs.
pub(super) struct VniTable {
    single: [char; 256],
    pairs: HashMap<[u8; 2], char>,
    /// Bytes that end some pair; the pair map is only consulted before one.
    is_mark: [bool; 256],
    encode: HashMap<char, Vec<u8>>,
}

pub(super) static VNI: LazyLock<VniTable> = LazyLock::new(|| {
    let mut single: [char; 256] = std::array::from_fn(|b| {
        if b < 0x80 {
            char::from(b as u8)
        } else {
            cp1252_char(b as u8)
        }
    });
    let mut pairs = HashMap::new();
    let mut encode: HashMap<char, Vec<u8>> = HashMap::new();
    for b in 0x80..=0xFFu8 {
        encode
            .entry(single[usize::from(b)])
            .or_insert_with(|| vec![b]);
    }
    for row in rows(VNI_TSV) {
        let (Some(bytes), Some(c)) = (
            row.first().and_then(|f| parse_bytes(f)),
            row.get(1).and_then(|f| parse_char(f)),
        ) else {
            continue;
        };
        match bytes[..] {
            [b] => single[usize::from(b)] = c,
            [base, mark] => {
                pairs.insert([base, mark], c);
            }
            _ => continue,
        }
        encode.insert(c, bytes);
    }
    // Accept a mark byte of the other case too (the base letter decides the case).
    let canonical: Vec<([u8; 2], char)> = pairs.iter().map(|(k, v)| (*k, *v)).collect();
    for ([base, mark], c) in canonical {
        let other = if mark >= 0xE0 {
            mark - 0x20
        } else {
            mark + 0x20
        };
        pairs.entry([base, other]).or_insert(c);
    }
    // A Windows-1252 character keeps its byte only if that byte is neither a
    // letter of its own nor a mark byte (which would join the letter before it).
    let mut is_mark = [false; 256];
    for &[_, mark] in pairs.keys() {
        is_mark[usize::from(mark)] = true;
    }
    encode.retain(|c, bytes| match bytes[..] {
        [b] => single[usize::from(b)] == *c && !is_mark[usize::from(b)],
        _ => true,
    });
    VniTable {
        single,
        pairs,
        is_mark,
        encode,
    }
});

static CP1258_ENCODE: LazyLock<HashMap<char, u8>> = LazyLock::new(|| {
    (0x80..=0xFFu8)
        .filter_map(|b| {
            let input = [b];
            let (text, had_errors) = WINDOWS_1258.decode_without_bom_handling(&input);
            let c = text.chars().next()?;
            (!had_errors && !c.is_control()).then_some((c, b))
        })
        .collect()
});

pub(super) fn decode_table(bytes: &[u8], table: &ByteTable) -> String {
    bytes
        .iter()
        .map(|&b| table.decode[usize::from(b)])
        .collect()
}

pub(super) fn decode_vni(bytes: &[u8]) -> String {
    let table = &*VNI;
    let mut out = String::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let pair = match bytes.get(i..i + 2) {
            Some(&[base, mark]) if table.is_mark[usize::from(mark)] => {
                table.pairs.get(&[base, mark])
            }
            _ => None,
        };
        if let Some(&c) = pair {
            out.push(c);
            i += 2;
        } else {
            out.push(table.single[usize::from(bytes[i])]);
            i += 1;
        }
    }
    out
}

pub(super) fn decode_cp1258(bytes: &[u8]) -> String {
    WINDOWS_1258
        .decode_without_bom_handling(bytes)
        .0
        .into_owned()
}

/// How a word shows its case in TCVN3, where toned capitals come out as lower case codes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum WordCase {
    /// All capitals (two or more) with Vietnamese letters: an .VnTimeH word.
    Upper,
    /// Has an ASCII lower case letter.
    Lower,
    /// Cannot tell alone (e.g. "Đà", "ở"); follows its neighbours.
    Unknown,
    /// Says nothing (digits, ASCII abbreviations such as UBND).
    Silent,
}

fn word_case(word: &str) -> WordCase {
    let mut upper = 0;
    let mut ascii_lower = false;
    let mut vietnamese = false;
    let mut vietnamese_lower = false;
    for c in word.chars() {
        if c.is_uppercase() {
            upper += 1;
        }
        if c.is_ascii_lowercase() {
            ascii_lower = true;
        }
        if !c.is_ascii() {
            vietnamese = true;
            vietnamese_lower |= c.is_lowercase();
        }
    }
    if ascii_lower {
        WordCase::Lower
    } else if upper >= 2 && vietnamese {
        WordCase::Upper
    } else if vietnamese_lower {
        WordCase::Unknown
    } else {
        WordCase::Silent
    }
}

/// Restores the capitals TCVN3 cannot encode: lower case Vietnamese letters in an
/// all-capital word; in undecided words whose next (else previous) decided word
/// on the line is all capitals; and a toned first letter of a sentence.
pub(super) fn restore_tcvn3_capitals(text: String) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let words: Vec<(usize, &str, WordCase)> = split_words(line)
            .map(|(at, w)| (at, w, word_case(w)))
            .collect();
        let mut written = 0;
        let mut prev_end = 0;
        for (i, &(at, word, case)) in words.iter().enumerate() {
            let upper = match case {
                WordCase::Upper => true,
                WordCase::Unknown => {
                    let decided = |w: &&(usize, &str, WordCase)| {
                        matches!(w.2, WordCase::Upper | WordCase::Lower)
                    };
                    let next = words[i + 1..].iter().find(decided);
                    let prev = words[..i].iter().rev().find(decided);
                    next.or(prev).is_some_and(|w| w.2 == WordCase::Upper)
                }
                _ => false,
            };
            let gap = &line[prev_end..at];
            let starts_sentence = i == 0
                || (gap.contains(['.', '!', '?']) && gap.ends_with(' '))
                || gap.ends_with('(');
            prev_end = at + word.len();
            let mut chars = word.chars();
            let first = chars.next().unwrap_or(' ');
            let capital_missing = !first.is_ascii()
                && first.is_lowercase()
                && first.to_uppercase().all(|u| !TCVN3.encode.contains_key(&u));
            if upper {
                out.push_str(&line[written..at]);
                out.extend(word.chars().flat_map(char::to_uppercase));
                written = prev_end;
            } else if starts_sentence && capital_missing {
                out.push_str(&line[written..at]);
                out.extend(first.to_uppercase());
                out.push_str(chars.as_str());
                written = prev_end;
            }
        }
        out.push_str(&line[written..]);
    }
    out
}

/// Words of a line as (byte offset, word): maximal runs of letters and marks.
fn split_words(line: &str) -> impl Iterator<Item = (usize, &str)> {
    let is_word = |c: char| {
        c.is_ascii_alphanumeric()
            || (!c.is_ascii() && (c.is_alphanumeric() || ('\u{300}'..='\u{36F}').contains(&c)))
    };
    let mut rest = line.char_indices().peekable();
    std::iter::from_fn(move || {
        while rest.peek().is_some_and(|&(_, c)| !is_word(c)) {
            rest.next();
        }
        let &(start, _) = rest.peek()?;
        let mut end = start;
        while let Some(&(i, c)) = rest.peek() {
            if !is_word(c) {
                break;
            }
            end = i + c.len_utf8();
            rest.next();
        }
        Some((start, &line[start..end]))
    })
}

/// TCVN3 bytes; toned capitals go out as lower case codes, as .VnTimeH documents hold them.
pub(super) fn encode_tcvn3(text: &str) -> Option<Vec<u8>> {
    let table = &*TCVN3;
    text.nfc()
        .map(|c| {
            if c.is_ascii() {
                return Some(c as u8);
            }
            table.encode.get(&c).copied().or_else(|| {
                let lower = c.to_lowercase().next()?;
                table.encode.get(&lower).copied()
            })
        })
        .collect()
}

pub(super) fn encode_viscii(text: &str) -> Option<Vec<u8>> {
    let table = &*VISCII;
    text.nfc()
        .map(|c| {
            if c.is_ascii() {
                Some(c as u8)
            } else {
                table.encode.get(&c).copied()
            }
        })
        .collect()
}

pub(super) fn encode_vni(text: &str) -> Option<Vec<u8>> {
    let table = &*VNI;
    let mut out = Vec::with_capacity(text.len());
    for c in text.nfc() {
        if c.is_ascii() {
            out.push(c as u8);
        } else {
            out.extend_from_slice(table.encode.get(&c)?);
        }
    }
    Some(out)
}

fn is_tone_mark(c: char) -> bool {
    matches!(c, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}')
}

/// Windows-1258: a precomposed byte where the code page has one, else the
/// letter without its tone followed by the combining tone byte.
pub(super) fn encode_cp1258(text: &str) -> Option<Vec<u8>> {
    let table = &*CP1258_ENCODE;
    let byte = |c: char| {
        if c.is_ascii() {
            Some(c as u8)
        } else {
            table.get(&c).copied()
        }
    };
    let mut out = Vec::with_capacity(text.len());
    for c in text.nfc() {
        if let Some(b) = byte(c) {
            out.push(b);
            continue;
        }
        let mut parts = Vec::with_capacity(4);
        decompose_canonical(c, |d| parts.push(d));
        let (first, marks) = parts.split_first()?;
        let base = marks
            .iter()
            .filter(|&&m| !is_tone_mark(m))
            .try_fold(*first, |base, &m| compose(base, m))?;
        out.push(byte(base)?);
        for &m in marks.iter().filter(|&&m| is_tone_mark(m)) {
            out.push(byte(m)?);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn check_lexicon(source: &'static str, fields: usize) -> usize {
        let mut keys = HashSet::new();
        let mut chars = HashSet::new();
        let mut count = 0;
        for line in source
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
        {
            assert!(unicode_normalization::is_nfc(line), "not NFC: {line}");
            let row: Vec<&str> = line.split('\t').collect();
            assert_eq!(row.len(), fields, "bad row: {line}");
            assert!(parse_bytes(row[0]).is_some(), "bad bytes: {line}");
            let c = parse_char(row[1]).unwrap_or_else(|| panic!("bad char: {line}"));
            assert!(keys.insert(row[0]), "duplicate bytes: {line}");
            assert!(chars.insert(c), "duplicate char: {line}");
            count += 1;
        }
        count
    }

    #[test]
    fn lexicons_parse_without_duplicates() {
        assert_eq!(check_lexicon(TCVN3_TSV, 3), 96);
        assert_eq!(check_lexicon(VISCII_TSV, 2), 134);
        assert_eq!(check_lexicon(VNI_TSV, 2), 134);
        assert_eq!(rows(TCVN3_TSV).filter(|r| r[2] == "vn3").count(), 75);
    }

    #[test]
    fn known_code_points() {
        assert_eq!(TCVN3.decode[0xB8], 'á');
        assert_eq!(TCVN3.decode[0xA7], 'Đ');
        assert_eq!(TCVN3.decode[0xF9], 'ự');
        assert_eq!(VISCII.decode[0x02], 'Ẳ');
        assert_eq!(VISCII.decode[0xDF], 'ư');
        assert_eq!(decode_vni(b"Vie\xe4t Nam"), "Việt Nam");
        assert_eq!(decode_vni(b"\xd1O\xc0NG"), "ĐỒNG");
        assert_eq!(decode_vni(b"h\xf6\xf4\xf9ng"), "hướng");
        assert_eq!(
            encode_vni("“Nông” – 5€").as_deref(),
            Some(&b"\x93No\xe2ng\x94 \x96 5\x80"[..])
        );
        // ü is a VNI mark byte: written alone it would join the letter before it.
        assert_eq!(encode_vni("aü"), None);
        assert_eq!(decode_cp1258(b"Vi\xea\xf2t"), "Vi\u{ea}\u{323}t");
    }

    #[test]
    fn tcvn3_capitals_follow_the_word_and_line() {
        let cases = [
            ("UBND HUYỆN", "UBND HUYỆN"),
            ("H\u{1ED8}I NGH\u{1ECB}", "HỘI NGHỊ"),
            ("Đà Nẵng", "Đà Nẵng"),
            ("ĐÀ NẴNG", "ĐÀ NẴNG"),
            ("họp ở UBND huyện", "họp ở UBND huyện"),
            ("Ở HUYỆN NÔNG SƠN", "Ở HUYỆN NÔNG SƠN"),
            ("Ủy ban nhân dân. Ấn tượng", "Ủy ban nhân dân. Ấn tượng"),
            ("Ông Hòa. ủy viên", "Ông Hòa. Ủy viên"),
            ("kỳ họp (Ảnh: Nguyễn Huệ)", "kỳ họp (Ảnh: Nguyễn Huệ)"),
        ];
        for (input, expected) in cases {
            let bytes = encode_tcvn3(input).expect("encodable");
            let decoded = decode_table(&bytes, &TCVN3);
            assert_eq!(
                restore_tcvn3_capitals(decoded),
                expected.nfc().collect::<String>(),
                "{input}"
            );
        }
    }

    #[test]
    fn cp1258_splits_tones_only_when_needed() {
        assert_eq!(encode_cp1258("á").as_deref(), Some(&b"\xe1"[..]));
        assert_eq!(encode_cp1258("ấ").as_deref(), Some(&b"\xe2\xec"[..]));
        assert_eq!(encode_cp1258("ự").as_deref(), Some(&b"\xfd\xf2"[..]));
        assert_eq!(encode_cp1258("中"), None);
    }
}
