//! Mojibake: UTF-8 that was read as Windows-1252 (or Latin-1) and saved again
//! as UTF-8, once or twice ("NÃ´ng" for "Nông"). Undone by turning each
//! character back into its byte and re-reading valid UTF-8 sequences.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::legacy::cp1252_char;
use super::score::{score, Score};

/// Byte each character came from when bytes were read as Windows-1252 or Latin-1.
static BYTE_OF: LazyLock<HashMap<char, u8>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for b in 0x80..=0xFFu8 {
        // Latin-1 reads every byte as the code point of the same number.
        map.insert(char::from(b), b);
        map.insert(cp1252_char(b), b);
    }
    map
});

/// Cheap check on valid UTF-8 for what misread Vietnamese leaves behind: one
/// of Â Ã Ä Å Æ Ì (lead bytes of Vietnamese letters and combining marks)
/// followed by U+0080..U+00BF, as in "Ã´" (ô), "Æ°" (ư), "Ì£" (dot below);
/// "á" before º or » ("áº", "á»": the letters U+1E00..U+1EFF); or "Ä" before a
/// Windows-1252 symbol ("Ä‘" đ, "Äƒ" ă). It looks for C2 bytes and for "Ä",
/// which clean Vietnamese text rarely holds; one pass finds C2 and 84 (the
/// second byte of "Ä", C3 84, and a rare one in clean text: only Ễ ends in it).
pub(super) fn has_markers(bytes: &[u8]) -> bool {
    let after_letter = |i: usize| {
        i >= 2
            && bytes[i - 2] == 0xC3
            && match bytes[i - 1] {
                0x82..=0x86 | 0x8C => true,
                0xA1 => matches!(bytes.get(i + 1), Some(0xBA | 0xBB)),
                _ => false,
            }
    };
    let a_umlaut_before_symbol = |i: usize| {
        i >= 1
            && bytes[i - 1] == 0xC3
            && matches!(bytes.get(i + 1), Some(0xC5 | 0xC6 | 0xCB | 0xE2))
    };
    memchr::memchr2_iter(0xC2, 0x84, bytes).any(|i| match bytes[i] {
        0xC2 => after_letter(i),
        _ => a_umlaut_before_symbol(i),
    })
}

/// One round of undoing; `None` when no sequence re-reads as UTF-8.
fn undo_once(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut bytes = Vec::new();
    let mut chars = Vec::new();
    let mut changed = false;
    for c in text.chars() {
        let byte = if c.is_ascii() {
            Some(c as u8)
        } else {
            BYTE_OF.get(&c).copied()
        };
        match byte {
            Some(b) => {
                bytes.push(b);
                chars.push(c);
            }
            None => {
                changed |= flush(&bytes, &chars, &mut out);
                bytes.clear();
                chars.clear();
                out.push(c);
            }
        }
    }
    changed |= flush(&bytes, &chars, &mut out);
    changed.then_some(out)
}

/// Writes a run: valid multi-byte UTF-8 sequences decoded, other bytes as their original characters.
fn flush(bytes: &[u8], chars: &[char], out: &mut String) -> bool {
    let mut changed = false;
    let mut i = 0;
    while i < bytes.len() {
        let len = match bytes[i] {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => 1,
        };
        let decoded = (len > 1)
            .then(|| bytes.get(i..i + len))
            .flatten()
            .and_then(|seq| std::str::from_utf8(seq).ok());
        match decoded {
            Some(s) => {
                out.push_str(s);
                changed = true;
                i += len;
            }
            None => {
                out.push(chars[i]);
                i += 1;
            }
        }
    }
    changed
}

/// Repaired text and the number of rounds undone, when the result is clearly
/// better Vietnamese than `text`: more valid words and fewer bad ones.
pub(super) fn repair(text: &str) -> Option<(String, u8, Score)> {
    let original = score(text);
    let mut best: Option<(String, u8, Score)> = None;
    let mut current = text.to_owned();
    for round in 1..=3u8 {
        let Some(next) = undo_once(&current) else {
            break;
        };
        let next_score = score(&next);
        let beats = |s: &Score| next_score.valid > s.valid && next_score.bad() < s.bad();
        if beats(&original) && best.as_ref().map_or(true, |b| beats(&b.2)) {
            best = Some((next.clone(), round, next_score));
        }
        current = next;
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::WINDOWS_1252;

    fn mangle(text: &str) -> String {
        WINDOWS_1252
            .decode_without_bom_handling(text.as_bytes())
            .0
            .into_owned()
    }

    #[test]
    fn markers_found_in_mojibake_only() {
        assert!(has_markers(mangle("Nông Sơn").as_bytes()));
        assert!(has_markers(mangle("đồng chí").as_bytes()));
        assert!(has_markers(mangle(&mangle("Nông")).as_bytes()));
        assert!(has_markers(mangle("Đăk").as_bytes()));
        assert!(has_markers(mangle("đi").as_bytes()));
        assert!(!has_markers(
            "Nông Sơn tổ chức Hội nghị, ĐÀ NẴNG, Ã".as_bytes()
        ));
    }

    /// The one-pass test finds what a search for C2 and one for "Ä" find.
    #[test]
    fn one_pass_markers_agree_with_two_searches() {
        let two_searches = |bytes: &[u8]| {
            let c2 = bytes.windows(3).enumerate().any(|(k, w)| {
                w[2] == 0xC2
                    && w[0] == 0xC3
                    && (matches!(w[1], 0x82..=0x86 | 0x8C)
                        || (w[1] == 0xA1 && matches!(bytes.get(k + 3), Some(0xBA | 0xBB))))
            });
            let a_umlaut = bytes
                .windows(3)
                .any(|w| w[..2] == [0xC3, 0x84] && matches!(w[2], 0xC5 | 0xC6 | 0xCB | 0xE2));
            c2 || a_umlaut
        };
        let words = [
            "Nông", "Sơn", "đồng", "Đăk", "đi", "ỄNH", "ĂN", "Ä‘", "Äƒ", "Ã„", "á»",
        ];
        for first in words {
            for second in words {
                for text in [
                    format!("{first}{second}"),
                    mangle(&format!("{first} {second}")),
                ] {
                    let bytes = text.as_bytes();
                    assert_eq!(has_markers(bytes), two_searches(bytes), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn repairs_single_and_double() {
        let (fixed, rounds, _) = repair("NÃ´ng SÆ¡n tá»• chá»©c").expect("repairable");
        assert_eq!((fixed.as_str(), rounds), ("Nông Sơn tổ chức", 1));
        let twice = mangle(&mangle("Hội nghị chuyên đề cải cách hành chính"));
        let (fixed, rounds, _) = repair(&twice).expect("repairable");
        assert_eq!(
            (fixed.as_str(), rounds),
            ("Hội nghị chuyên đề cải cách hành chính", 2)
        );
    }

    #[test]
    fn repairs_only_the_mangled_part() {
        let text = format!(
            "{}\nHội nghị đã đánh giá kết quả.",
            mangle("Nông Sơn tổ chức Hội nghị")
        );
        let (fixed, rounds, _) = repair(&text).expect("repairable");
        assert_eq!(
            fixed,
            "Nông Sơn tổ chức Hội nghị\nHội nghị đã đánh giá kết quả."
        );
        assert_eq!(rounds, 1);
    }

    #[test]
    fn leaves_clean_text_alone() {
        assert_eq!(repair("Nông Sơn tổ chức Hội nghị"), None);
        assert_eq!(repair("Café crème «à la carte»"), None);
    }
}
