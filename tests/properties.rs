//! Properties of the whole pipeline on arbitrary input.

use proptest::prelude::*;
use vnews::{Config, Pipeline};

/// Vietnamese-looking text: words, numbers, dates, punctuation and line breaks.
fn news_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("UBND".to_string()),
        Just("CT UBND huyện".to_string()),
        Just("Nguyễn Văn Hòa".to_string()),
        Just("ngày 14/9/2022".to_string()),
        Just("xếp thứ 07/18".to_string()),
        Just("80,28/100 điểm".to_string()),
        Just("tăng 02 bậc".to_string()),
        Just("\n\n".to_string()),
        Just(". ".to_string()),
        "[0-9]{1,4}[,./%-]?[0-9]{0,3}",
        "\\PC{0,12}",
        "[a-zA-ZàáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđĐ ]{1,20}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_bytes_give_an_article_or_an_error(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        let pipeline = Pipeline::new(Config::default());
        match pipeline.process_bytes("p", "p.txt", &bytes, None) {
            Ok(article) => {
                let line = serde_json::to_string(&article).unwrap();
                prop_assert!(serde_json::from_str::<serde_json::Value>(&line).is_ok());
            }
            Err(e) => prop_assert!(!e.message.is_empty()),
        }
    }

    #[test]
    fn spans_slice_back_to_their_text(text in news_like()) {
        let article = Pipeline::new(Config::default()).process_text("p", "p.txt", &text);
        let chars: Vec<char> = article.text.as_deref().unwrap().chars().collect();
        let slice = |s: usize, e: usize| -> Option<String> {
            (s <= e && e <= chars.len()).then(|| chars[s..e].iter().collect())
        };
        let mut spans: Vec<(usize, usize, &str)> = Vec::new();
        spans.extend(article.dates.iter().map(|d| (d.start, d.end, d.text.as_str())));
        spans.extend(article.scores.iter().map(|s| (s.start, s.end, s.text.as_str())));
        spans.extend(article.rankings.iter().map(|r| (r.start, r.end, r.text.as_str())));
        spans.extend(article.abbreviations.iter().map(|a| (a.start, a.end, a.abbr.as_str())));
        spans.extend(
            article.officials.iter().flat_map(|o| &o.mentions).map(|m| (m.start, m.end, m.text.as_str())),
        );
        for (start, end, text) in spans {
            prop_assert_eq!(slice(start, end), Some(text.to_string()));
        }
    }
}
