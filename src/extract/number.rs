//! Vietnamese number format: decimal comma, thousands dot.
//!
//! "80,28" is 80.28, "1.234,5" is 1234.5, "42.420" is 42420. A dot followed by
//! one or two digits is a decimal ("54.9" is 54.9), as some sites write it.
//! Leading zeros are fine ("07" is 7).

use crate::chars::is_alphanumeric;

/// A number read from text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number {
    pub value: f64,
    /// Bytes the number takes in the text.
    pub len: usize,
    /// The value has no fractional part written.
    pub integer: bool,
}

/// Reads the number that starts at byte `pos` of `text`, if a digit is there.
///
/// The caller checks what stands before `pos`; this only reads forward.
/// A separator not followed by the right digits ends the number, so
/// "14.9.2024" reads as 14 and "3, 4" as 3.
pub fn parse_at(text: &str, pos: usize) -> Option<Number> {
    let bytes = text.as_bytes();
    let run = |from: usize| {
        bytes.get(from..).map_or(0, |rest| {
            rest.iter().take_while(|b| b.is_ascii_digit()).count()
        })
    };
    let first = run(pos);
    if first == 0 {
        return None;
    }
    let mut end = pos + first;
    // Thousands groups: ".ddd" with exactly three digits each.
    loop {
        if bytes.get(end) != Some(&b'.') {
            break;
        }
        let group = run(end + 1);
        if group != 3 {
            break;
        }
        end += 4;
    }
    let int_part = &text[pos..end];
    let grouped = end > pos + first;
    let mut frac = "";
    match bytes.get(end) {
        Some(b',') => {
            let digits = run(end + 1);
            if digits > 0 {
                frac = &text[end + 1..end + 1 + digits];
                end += 1 + digits;
            }
        }
        // A decimal dot: one or two digits, not part of a date like "14.9.2024".
        Some(b'.') if !grouped => {
            let digits = run(end + 1);
            if (1..=2).contains(&digits) && !date_like_after(bytes, end + 1 + digits) {
                frac = &text[end + 1..end + 1 + digits];
                end += 1 + digits;
            }
        }
        _ => {}
    }
    let value = if frac.is_empty() && int_part.len() <= 15 {
        // Up to 15 digits the integer is exact in f64, as parsing its digits gives.
        let int_digits = int_part.bytes().filter(u8::is_ascii_digit);
        int_digits.fold(0u64, |n, d| n * 10 + u64::from(d - b'0')) as f64
    } else {
        // Hundreds of digits parse to infinity, which JSON cannot hold: not a number here.
        parse_literal(int_part, frac).filter(|v| v.is_finite())?
    };
    Some(Number {
        value,
        len: end - pos,
        integer: frac.is_empty(),
    })
}

/// The decimal literal of an integer part (digits and thousands dots) and a
/// fraction ("1.234" and "5" give 1234.5), written out on the stack when it is short,
/// as numbers in text are: this runs for each fraction read.
fn parse_literal(int_part: &str, frac: &str) -> Option<f64> {
    let point = (!frac.is_empty()).then_some(b'.');
    let literal = int_part
        .bytes()
        .filter(u8::is_ascii_digit)
        .chain(point)
        .chain(frac.bytes());
    let mut short = [0u8; 40];
    if int_part.len() + 1 + frac.len() > short.len() {
        return String::from_utf8(literal.collect()).ok()?.parse().ok();
    }
    let mut len = 0;
    for (slot, b) in short.iter_mut().zip(literal) {
        *slot = b;
        len += 1;
    }
    std::str::from_utf8(&short[..len]).ok()?.parse().ok()
}

/// Another separator and digit follow, as in a date or a version number.
fn date_like_after(bytes: &[u8], at: usize) -> bool {
    matches!(bytes.get(at), Some(b'.' | b'/' | b'-'))
        && bytes.get(at + 1).is_some_and(u8::is_ascii_digit)
}

/// The byte offset where the number-like token around `pos` ends: digits
/// with `.`/`,` between them. Used to skip a whole token once it is rejected.
pub fn token_end(text: &str, pos: usize) -> usize {
    let bytes = text.as_bytes();
    let mut end = pos;
    while end < bytes.len() {
        let b = bytes[end];
        let joins = matches!(b, b'.' | b',')
            && bytes.get(end + 1).is_some_and(u8::is_ascii_digit)
            && end > pos;
        if b.is_ascii_digit() || joins {
            end += 1;
        } else {
            break;
        }
    }
    end
}

/// Whether a number may start at `pos`: not inside a word, code or other number.
pub fn starts_number(text: &str, pos: usize) -> bool {
    if !text.as_bytes().get(pos).is_some_and(u8::is_ascii_digit) {
        return false;
    }
    match text[..pos].chars().next_back() {
        None => true,
        Some(c) => !(is_alphanumeric(c) || matches!(c, '/' | '.' | ',' | '-' | '_' | '=')),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The integer fast path gives what parsing the digits as f64 gives.
    #[test]
    fn integers_read_as_parsed() {
        for text in [
            "0",
            "007",
            "42.420",
            "999999999999999",
            "99.999.999.999",
            "1.000.000.000.000",
            "9999999999999999",
            "12345678901234567890",
            "18446744073709551615",
        ] {
            let want: f64 = text.replace('.', "").parse().expect("digits parse");
            let got = parse_at(text, 0).expect("a number");
            assert_eq!((got.value, got.len), (want, text.len()), "{text}");
        }
    }

    /// Literals written on the stack or the heap parse as the string of their digits.
    #[test]
    fn literals_read_as_parsed() {
        let long = "1".repeat(39);
        for (int_part, frac) in [
            ("1.234", "5"),
            ("12", "345"),
            (long.as_str(), ""),
            (long.as_str(), "5"),
            ("9".repeat(400).as_str(), ""),
            ("0", "1".repeat(60).as_str()),
        ] {
            let mut want: String = int_part.chars().filter(char::is_ascii_digit).collect();
            if !frac.is_empty() {
                want = format!("{want}.{frac}");
            }
            let want = want.parse::<f64>().ok();
            assert_eq!(parse_literal(int_part, frac), want, "{int_part} {frac}");
        }
        assert!(parse_at(&"9".repeat(400), 0).is_none());
    }

    #[test]
    fn reads_vietnamese_numbers() {
        // (text, value, bytes read)
        let cases: &[(&str, f64, usize)] = &[
            ("80,28", 80.28, 5),
            ("1.234,5", 1234.5, 7),
            ("42.420 hồ sơ", 42420.0, 6),
            ("9.300 tỷ", 9300.0, 5),
            ("75.887,34 tỷ", 75887.34, 9),
            ("54.9%", 54.9, 4),
            ("07/18", 7.0, 2),
            ("100%", 100.0, 3),
            ("94,696 điểm", 94.696, 6),
            ("1.000.000 đồng", 1_000_000.0, 9),
            // A date is not a decimal: only the day is read.
            ("14.9.2024", 14.0, 2),
            ("3, 4", 3.0, 1),
            ("5.", 5.0, 1),
            // Four digits after a dot is neither a group nor a decimal.
            ("12.3456", 12.0, 2),
            ("0,5", 0.5, 3),
        ];
        for &(text, value, len) in cases {
            let n = parse_at(text, 0).unwrap_or_else(|| panic!("no number in {text:?}"));
            assert_eq!((n.value, n.len), (value, len), "{text:?}");
        }
    }

    #[test]
    fn integer_flag_and_offsets() {
        let text = "đạt 80,28/100";
        let pos = text.find('8').unwrap_or_default();
        let n = parse_at(text, pos).unwrap_or_else(|| panic!("no number"));
        assert!(!n.integer);
        assert_eq!(&text[pos..pos + n.len], "80,28");
        assert!(parse_at(text, 0).is_none());
        assert!(parse_at("", 0).is_none());
        assert!(parse_at("7", 5).is_none());
        assert!(parse_at("42.420", 0).is_some_and(|n| n.integer));
    }

    #[test]
    fn token_and_start_checks() {
        assert_eq!(token_end("14.9.2024 x", 0), 9);
        assert_eq!(token_end("3, 4", 0), 1);
        assert!(starts_number("đạt 79", "đạt ".len()));
        assert!(!starts_number("QH15", 2));
        assert!(!starts_number("K1=10/9", 6));
        assert!(!starts_number("K1=10/9", 3));
        assert!(!starts_number("abc", 1));
    }
}
