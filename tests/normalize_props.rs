//! Properties of `normalize` on arbitrary and Vietnamese-flavoured strings.

use std::borrow::Cow;

use proptest::prelude::*;
use unicode_normalization::is_nfc;
use vnews::normalize::{normalize, ToneStyle};

const STYLES: [ToneStyle; 3] = [ToneStyle::Old, ToneStyle::New, ToneStyle::Keep];

/// Pieces that exercise every rule: toned vowels, marks, look-alikes, odd spaces.
fn vietnamese_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("hoà".to_string()),
        Just("hòa".to_string()),
        Just("thuỷ".to_string()),
        Just("ngừơi".to_string()),
        Just("nghành".to_string()),
        Just("qúy".to_string()),
        Just("Ð".to_string()),
        Just("ð".to_string()),
        Just("QĐ-UBND".to_string()),
        Just("www.".to_string()),
        Just("@".to_string()),
        "[aeiouyâăêôơưđhngqkt]{1,4}",
        "[\u{300}\u{301}\u{303}\u{309}\u{323}\u{302}\u{306}\u{31B}]{1,3}",
        "[ \t\r\n\u{A0}\u{202F}\u{200B}\u{200C}\u{200D}\u{2060}\u{FEFF}]{1,3}",
        "[0-9]{1,2}",
        any::<char>().prop_map(String::from),
    ]
}

fn vietnamese_text() -> impl Strategy<Value = String> {
    prop::collection::vec(vietnamese_piece(), 0..24).prop_map(|pieces| pieces.concat())
}

/// Reference whitespace rules for ASCII text.
fn ascii_reference(text: &str) -> String {
    let unified = text.replace("\r\n", "\n").replace('\r', "\n");
    unified
        .split('\n')
        .map(|line| {
            let mut out = String::new();
            for word in line.split([' ', '\t']) {
                if word.is_empty() {
                    continue;
                }
                if !out.is_empty() || line.starts_with([' ', '\t']) {
                    out.push(' ');
                }
                out.push_str(word);
            }
            out
        })
        .collect::<Vec<_>>()
        .join("\n")
}

proptest! {
    // PROPTEST_CASES raises the count for a longer hunt.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(512)
    ))]

    #[test]
    fn any_string_is_safe_idempotent_and_nfc(text in "\\PC*") {
        for style in STYLES {
            let (once, _) = normalize(&text, style);
            prop_assert!(is_nfc(&once));
            let (twice, _) = normalize(&once, style);
            prop_assert_eq!(&twice, &once);
            prop_assert!(matches!(twice, Cow::Borrowed(_)));
        }
    }

    #[test]
    fn vietnamese_text_is_idempotent_and_nfc(text in vietnamese_text()) {
        for style in STYLES {
            let (once, _) = normalize(&text, style);
            prop_assert!(is_nfc(&once), "{:?} → {:?}", text, once);
            let (twice, _) = normalize(&once, style);
            prop_assert_eq!(&twice, &once, "input {:?}", text);
        }
    }

    #[test]
    fn ascii_only_whitespace_changes(text in "[ -~\t\r\n]{0,80}") {
        let (out, report) = normalize(&text, ToneStyle::Old);
        let expected = ascii_reference(&text);
        prop_assert_eq!(&out, &expected);
        prop_assert_eq!(matches!(out, Cow::Borrowed(_)), expected == text);
        prop_assert_eq!(report.tone_marks + report.letters + report.nfc, 0);
    }

    #[test]
    fn clean_ascii_is_borrowed(lines in prop::collection::vec("[!-~]{1,8}( [!-~]{1,8}){0,6}", 0..6)) {
        let text = lines.join("\n");
        let (out, _) = normalize(&text, ToneStyle::Old);
        prop_assert!(matches!(out, Cow::Borrowed(_)));
    }
}
