//! Case-insensitive comparisons with lowercase words, without building lowercase
//! strings. Text is lowercased char by char (`char::to_lowercase`), which differs
//! from `str::to_lowercase` only for a word-final sigma; the words compared with are
//! lowercase Vietnamese and hold no sigma, so the answers are the same.

/// The lowercase of `c` when it is one char worked out directly: ASCII and the
/// letters of Vietnamese text. Other chars are left to the standard table, which is
/// searched for every char beyond ASCII.
#[inline]
fn lower_direct(c: char) -> Option<char> {
    let code = c as u32;
    match code {
        0..=0x7F => Some(c.to_ascii_lowercase()),
        // Latin-1 capitals (not ×) are 0x20 below their small letters.
        0xC0..=0xD6 | 0xD8..=0xDE => char::from_u32(code + 0x20),
        0xD7 | 0xDF..=0xFF => Some(c),
        // Ă Đ Ĩ Ũ Ơ and the Vietnamese block: capital even, small letter next.
        0x102
        | 0x103
        | 0x110
        | 0x111
        | 0x128
        | 0x129
        | 0x168
        | 0x169
        | 0x1A0
        | 0x1A1
        | 0x1EA0..=0x1EFF => char::from_u32(code | 1),
        0x1AF => Some('\u{1B0}'),
        0x1B0 => Some(c),
        _ => None,
    }
}

/// `c.to_lowercase()`.
fn lower_char(c: char) -> impl DoubleEndedIterator<Item = char> {
    let direct = lower_direct(c);
    let table = if direct.is_none() {
        Some(c.to_lowercase())
    } else {
        None
    };
    direct.into_iter().chain(table.into_iter().flatten())
}

/// `s`, lowercased.
fn lower(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().flat_map(lower_char)
}

/// How `chars` (lowercased one by one) compare with `word`, char by char, while each
/// lowercases directly to one char: `Some(true)` when all of `word` matched,
/// `Some(false)` at a mismatch or the end of `chars`, `None` at a char the fast path
/// does not know (the caller then compares the slow way). Lowercases of one char
/// each line up with the chars they come from, so a mismatch there is final.
#[inline]
fn direct_prefix(
    mut chars: impl Iterator<Item = char>,
    word: impl Iterator<Item = char>,
) -> Option<bool> {
    for w in word {
        match chars.next().map(lower_direct) {
            Some(Some(l)) if l == w => {}
            Some(Some(_)) | None => return Some(false),
            Some(None) => return None,
        }
    }
    Some(true)
}

/// The first char of `s` lowercased.
pub(super) fn first_lower(s: &str) -> Option<char> {
    lower(s).next()
}

/// `s.to_lowercase() == word`.
pub(super) fn eq(s: &str, word: &str) -> bool {
    let mut chars = s.chars();
    match direct_prefix(chars.by_ref(), word.chars()) {
        Some(true) if chars.as_str().is_empty() => true,
        // Chars left over lowercase to at least one more char each.
        Some(_) => false,
        None => lower(s).eq(word.chars()),
    }
}

/// Can the lowercase of a char whose first byte is `b` start with a char whose first
/// byte is `w`? An ASCII char lowers to ASCII, and only chars with the leads of
/// [`LOWERING_TO_ASCII`] lower to a string starting with ASCII; most words
/// are turned down here, before any char is decoded.
#[inline]
fn may_open_with(b: u8, w: u8) -> bool {
    match (b.is_ascii(), w.is_ascii()) {
        (true, true) => b.to_ascii_lowercase() == w,
        (true, false) => false,
        (false, true) => LOWERING_TO_ASCII.iter().any(|&(_, lead)| lead == b),
        (false, false) => true,
    }
}

/// `s.to_lowercase().starts_with(word)`.
pub(super) fn starts_with(s: &str, word: &str) -> bool {
    if let (Some(&b), Some(&w)) = (s.as_bytes().first(), word.as_bytes().first()) {
        if !may_open_with(b, w) {
            return false;
        }
    }
    direct_prefix(s.chars(), word.chars()).unwrap_or_else(|| {
        let mut lowered = lower(s);
        word.chars().all(|c| lowered.next() == Some(c))
    })
}

/// `s.to_lowercase().ends_with(word)`. An ASCII char at the end of `s` lowers to
/// one ASCII char, which the end of `word` must be; any other char but the Kelvin
/// sign lowers to chars ending beyond ASCII. When `s` ends with `word` as written,
/// the answer is yes: the words' chars are their own lowercase.
pub(super) fn ends_with(s: &str, word: &str) -> bool {
    if let (Some(&b), Some(&w)) = (s.as_bytes().last(), word.as_bytes().last()) {
        let may_end = if b.is_ascii() {
            b.to_ascii_lowercase() == w
        } else {
            !w.is_ascii() || s.ends_with(KELVIN)
        };
        if !may_end {
            return false;
        }
    }
    if s.as_bytes().ends_with(word.as_bytes()) {
        return true;
    }
    direct_prefix(s.chars().rev(), word.chars().rev()).unwrap_or_else(|| {
        let mut lowered = s.chars().rev().flat_map(|c| lower_char(c).rev());
        word.chars().rev().all(|c| lowered.next() == Some(c))
    })
}

/// The chars beyond ASCII whose lowercase starts with an ASCII letter, as (that
/// letter, their lead byte): İ (C4 B0) lowers to "i" and a dot, the Kelvin sign
/// (E2 84 AA) to "k", as a test checks.
const LOWERING_TO_ASCII: [(u8, u8); 2] = [(b'i', 0xC4), (b'k', 0xE2)];

/// The Kelvin sign, the one char beyond ASCII whose lowercase ends in ASCII ("k"),
/// as a test checks.
const KELVIN: char = '\u{212A}';

/// The lead byte of the chars beyond ASCII whose lowercase starts with the ASCII
/// letter `first`.
fn lead_lowering_to(first: u8) -> Option<u8> {
    LOWERING_TO_ASCII
        .iter()
        .find(|&&(letter, _)| letter == first)
        .map(|&(_, lead)| lead)
}

/// `s.to_lowercase().contains(word)`, for a `word` that starts with an ASCII letter: a
/// match then starts where a char of `s` does (only İ lowers to more than one char,
/// and the later one is a combining dot), and that char is the letter in either
/// case or one whose lead is [`lead_lowering_to`] the letter; `memchr3` finds them.
pub(super) fn contains(s: &str, word: &str) -> bool {
    let Some(&first) = word.as_bytes().first() else {
        return true;
    };
    let upper = first.to_ascii_uppercase();
    let lead = lead_lowering_to(first).unwrap_or(first);
    memchr::memchr3_iter(first, upper, lead, s.as_bytes())
        .any(|i| s.get(i..).is_some_and(|rest| starts_with(rest, word)))
}

/// `s.to_lowercase()` starts with `word` followed by no letter or digit; only the
/// first `max_chars` chars of `s` are read.
pub(super) fn starts_with_word(s: &str, word: &str, max_chars: usize) -> bool {
    let mut chars = s.chars().take(max_chars);
    let fast = match direct_prefix(chars.by_ref(), word.chars()) {
        Some(true) => chars.next().map_or(Some(true), |c| {
            lower_direct(c).map(|l| !l.is_alphanumeric())
        }),
        other => other,
    };
    fast.unwrap_or_else(|| {
        let mut lowered = s.chars().take(max_chars).flat_map(lower_char);
        word.chars().all(|c| lowered.next() == Some(c))
            && !lowered.next().is_some_and(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_listed_leads_lower_to_ascii() {
        for c in (0x80..0x11_0000).filter_map(char::from_u32) {
            if c.to_lowercase().next().is_some_and(|l| l.is_ascii()) {
                let mut buf = [0; 4];
                let lead = c.encode_utf8(&mut buf).as_bytes()[0];
                assert!(LOWERING_TO_ASCII.iter().any(|&(_, l)| l == lead), "{c:?}");
                let letter = c.to_lowercase().next().map_or(0, |l| l as u8);
                assert_eq!(lead_lowering_to(letter), Some(lead), "{c:?}");
            }
        }
    }

    #[test]
    fn only_the_kelvin_sign_lowers_to_an_ascii_end() {
        for c in (0x80..0x11_0000).filter_map(char::from_u32) {
            let ascii_end = c.to_lowercase().last().is_some_and(|l| l.is_ascii());
            assert_eq!(ascii_end, c == KELVIN, "{c:?}");
        }
    }

    #[test]
    fn direct_lowercase_is_the_standard_one() {
        for c in (0..0x11_0000).filter_map(char::from_u32) {
            assert!(lower_char(c).eq(c.to_lowercase()), "{c:?}");
            if let Some(l) = lower_direct(c) {
                assert!(c.to_lowercase().eq([l]), "{c:?}");
            }
        }
    }

    #[test]
    fn contains_as_lowercase_lines_do() {
        let words = [
            "công bố",
            "tổng kết",
            "chỉ số",
            "index",
            "dự toán",
            "kế hoạch",
            "mục tiêu",
        ];
        let mut found = 0;
        let mut texts = super::super::window::tests::bundled_corpus();
        texts.extend(super::super::window::tests::real_articles());
        for text in texts {
            for line in text.lines() {
                let lower = line.to_lowercase();
                for word in words {
                    assert_eq!(contains(line, word), lower.contains(word), "{line} {word}");
                    found += usize::from(lower.contains(word));
                }
            }
        }
        assert!(found > 10, "only {found} lines hold the words");
    }

    #[test]
    fn answers_as_lowercase_strings_do() {
        let texts = [
            "Đến hết NGÀY",
            "İstanbul",
            "ĐẦU năm",
            "Kỳ THI",
            "hồ sơ,",
            "HỒ SƠN",
            "",
            "ΣΑΣ đến",
            "\u{212A}m 2",
            "Sở TỔNG KẾT công tác, Chỉ Số PCI",
            "xİNDEX của Kế HOẠCH",
            "\u{212A}Ế HOẠCH, ĐẾN HẾT ngày",
            "sinh ſau KẾ",
            "SN",
            "so Với",
            "Ngày \u{212A}",
            "a",
            "ĐẦU NĂM",
            "kể Từ",
            "tới",
        ];
        let words = [
            "đến",
            "ngày",
            "i\u{307}s",
            "đầu",
            "kỳ thi",
            "hồ sơ",
            "km",
            "đến hết",
            "tổng kết",
            "chỉ số",
            "index",
            "kế hoạch",
            "sau",
            "sinh",
            "sn",
            "so với",
            "k",
            "a",
            "năm",
            "từ",
            "tới",
            "",
        ];
        for text in texts {
            let lower = text.to_lowercase();
            for word in words {
                assert_eq!(eq(text, word), lower == word, "{text} {word}");
                assert_eq!(starts_with(text, word), lower.starts_with(word));
                assert_eq!(ends_with(text, word), lower.ends_with(word));
                if word.starts_with(|c: char| c.is_ascii_alphabetic()) {
                    assert_eq!(contains(text, word), lower.contains(word), "{text} {word}");
                }
                for max in [2, 24] {
                    let head: String = text.chars().take(max).collect::<String>().to_lowercase();
                    let whole = head
                        .strip_prefix(word)
                        .is_some_and(|r| !r.chars().next().is_some_and(char::is_alphanumeric));
                    assert_eq!(starts_with_word(text, word, max), whole, "{text} {word}");
                }
            }
        }
    }
}
