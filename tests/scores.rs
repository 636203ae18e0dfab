//! Scores and rankings on arbitrary text: no panic, every span slices back.

use proptest::prelude::*;
use vnews::extract::{ranking, score, Doc};
use vnews::segment;

/// Pieces that make the extractors' rules fire, mixed with noise.
fn piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "80,28",
        "1.234,5",
        "07",
        "/",
        "/100",
        " ",
        "  ",
        "%",
        " %",
        "điểm",
        " điểm thi",
        "tăng ",
        "giảm ",
        "thêm ",
        "xếp thứ ",
        "đứng thứ ",
        "Thứ ",
        "thứ ",
        "bậc",
        " hạng",
        "nhóm ",
        "Khá",
        "khá",
        "dẫn đầu ",
        "toàn tỉnh",
        "huyện, ",
        "thị xã",
        "(",
        ")",
        ". ",
        "\n\n",
        "- ",
        "–",
        "đến ",
        "từ ",
        "số điểm ",
        "điểm số ",
        "Chỉ số cải cách hành chính năm 2021 ",
        "SIPAS ",
        "é",
        "Ð",
        "\u{a0}",
        "12",
        "3",
        ".",
        ",",
        "xếp hạng ",
        "vị trí ",
        "tại ",
        "lên ",
    ])
}

fn doc_text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..40).prop_map(|parts| parts.concat())
}

proptest! {
    #[test]
    fn spans_slice_back(text in doc_text()) {
        let segments = segment::segment(&text);
        let doc = Doc { text: &text, segments: &segments, abbreviations: &[], ref_date: None };
        for s in score::extract(&doc) {
            prop_assert_eq!(text.get(s.start..s.end), Some(s.text.as_str()));
            prop_assert!(s.unit == "%" || s.unit == "điểm");
            prop_assert!(s.value.is_finite());
        }
        for r in ranking::extract(&doc) {
            prop_assert_eq!(text.get(r.start..r.end), Some(r.text.as_str()));
            prop_assert!(r.rank.is_some() || r.change.is_some() || r.tier.is_some());
        }
    }

    #[test]
    fn any_text_no_panic(text in "\\PC{0,200}") {
        let segments = segment::segment(&text);
        let doc = Doc { text: &text, segments: &segments, abbreviations: &[], ref_date: None };
        let _ = score::extract(&doc);
        let _ = ranking::extract(&doc);
    }
}
