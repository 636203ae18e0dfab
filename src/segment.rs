//! Title, paragraphs and sentences as byte ranges of the normalized text.
//!
//! Sentences start from Unicode sentence bounds (UAX #29), then Vietnamese
//! rules join pieces that a dot split wrongly: "TP. Huế", "TS. Lê Văn A",
//! "Nguyễn V. An", list markers "1." and pieces that go on in lower case.

mod bounds;

use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::LazyLock;

use crate::lexicon;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Segments {
    /// The first non-empty line.
    pub title: Range<usize>,
    /// Non-empty lines, trimmed (the title is the first).
    pub paragraphs: Vec<Range<usize>>,
    /// Trimmed sentences, in order, each inside one paragraph.
    pub sentences: Vec<Range<usize>>,
}

/// Words whose dot does not end a sentence, as written without the dot.
static DOTTED_WORDS: LazyLock<BTreeSet<&'static str>> =
    LazyLock::new(|| lexicon::words(include_str!("lexicon/sentence_abbreviations.tsv")).collect());

pub fn segment(text: &str) -> Segments {
    // Capacities only, so that the lists do not grow step by step: news
    // paragraphs and sentences run some 350 and 250 bytes, so rarely more are needed.
    let mut paragraphs = Vec::with_capacity(text.len() / 256 + 1);
    let mut line_start = 0;
    let line_ends = memchr::memchr_iter(b'\n', text.as_bytes()).map(|at| at + 1);
    for line_end in line_ends.chain([text.len()]) {
        paragraphs.extend(trimmed(text, line_start..line_end));
        line_start = line_end;
    }
    let title = paragraphs.first().cloned().unwrap_or(0..0);
    let mut sentences = Vec::with_capacity(text.len() / 128 + 1);
    let mut starts = Vec::new();
    for p in &paragraphs {
        paragraph_sentences(text, p.clone(), &mut starts, &mut sentences);
    }
    Segments {
        title,
        paragraphs,
        sentences,
    }
}

/// Longest sentence kept whole, in bytes. Extractors look at a sentence's
/// context for each fact, so one endless "sentence" (a page with no full
/// stop) must not make that work quadratic; real sentences are far shorter.
const MAX_SENTENCE: usize = 2000;

/// `range` of `text` cut at spaces into pieces of at most [`MAX_SENTENCE`] bytes, onto `out`.
fn bounded(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let mut start = range.start;
    while range.end - start > MAX_SENTENCE {
        let mut cut = start + MAX_SENTENCE;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        // Cut after the last ";" or ",", else at the last space, else mid-word.
        let window = &text[start..cut];
        let clause = window
            .rfind("; ")
            .or_else(|| window.rfind(", "))
            .map(|i| i + 1);
        let space = || window.rfind(char::is_whitespace);
        if let Some(at) = clause.or_else(space).filter(|&i| i > 0) {
            cut = start + at;
        }
        out.extend(trimmed(text, start..cut));
        start = cut;
    }
    out.extend(trimmed(text, start..range.end));
}

/// `range` of `text` without surrounding whitespace; `None` when blank.
fn trimmed(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    let piece = &text[range.clone()];
    let rest = piece.trim_start();
    let body = rest.trim_end();
    if body.is_empty() {
        return None;
    }
    let start = range.start + (piece.len() - rest.len());
    Some(start..start + body.len())
}

/// The sentences of paragraph `para` of `text`, trimmed, onto `out`; `starts`
/// is scratch space for its sentence bounds.
fn paragraph_sentences(
    text: &str,
    para: Range<usize>,
    starts: &mut Vec<usize>,
    out: &mut Vec<Range<usize>>,
) {
    bounds::sentence_starts(&text[para.clone()], starts);
    let mut from = para.start;
    let pieces = starts
        .iter()
        .map(|&at| para.start + at)
        .chain([para.end])
        .flat_map(|end| {
            let start = std::mem::replace(&mut from, end);
            split_after_ellipsis(&text[start..end]).map(move |r| start + r.start..start + r.end)
        });
    let mut current: Option<Range<usize>> = None;
    for piece in pieces {
        let Some(next) = trimmed(text, piece) else {
            continue;
        };
        current = match current {
            Some(prev) if joins(&text[prev.clone()], &text[next.clone()]) => {
                Some(prev.start..next.end)
            }
            Some(prev) => {
                bounded(text, prev, out);
                Some(next)
            }
            None => Some(next),
        };
    }
    if let Some(last) = current {
        bounded(text, last, out);
    }
}

/// UAX #29 does not end a sentence at "…" (U+2026); news text does when a
/// capital follows: "Hoa vô sắc… Bộ đôi nhanh chóng…".
fn split_after_ellipsis(piece: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    // "…" is E2 80 A6; E2 is rare in Vietnamese, so memchr finds few candidates.
    let mut cuts = memchr::memchr_iter(0xE2, piece.as_bytes()).filter_map(|i| {
        let rest = piece.get(i..)?.strip_prefix('…')?;
        let next = rest.trim_start();
        let spaced = next.len() < rest.len();
        let capital = next.chars().next().is_some_and(char::is_uppercase);
        (spaced && capital).then_some(piece.len() - rest.len())
    });
    std::iter::from_fn(move || {
        if start >= piece.len() {
            return None;
        }
        let end = cuts.next().unwrap_or(piece.len());
        let range = start..end;
        start = end;
        Some(range)
    })
}

/// True when the bound between `prev` and `next` (both trimmed) is no sentence end.
fn joins(prev: &str, next: &str) -> bool {
    let goes_on = next
        .chars()
        .next()
        .is_some_and(|c| c.is_lowercase() || matches!(c, ',' | ';' | ':' | ')' | '%'));
    goes_on || ends_with_dotted_word(prev)
}

/// "TP.", "PGS.TS.", an initial "V." or a list marker "1." / "II." at the end.
fn ends_with_dotted_word(prev: &str) -> bool {
    let Some(body) = prev.strip_suffix('.') else {
        return false;
    };
    if body.ends_with('.') {
        return false;
    }
    let word_start = body
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace() || matches!(c, '(' | '"' | '“' | '-' | '–'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &body[word_start..];
    let mut chars = word.chars();
    let single_capital = chars.next().is_some_and(char::is_uppercase) && chars.next().is_none();
    let list_marker = word_start == 0
        && !word.is_empty()
        && word.len() <= 4
        && (word.chars().all(|c| c.is_ascii_digit())
            || word.chars().all(|c| matches!(c, 'I' | 'V' | 'X')));
    single_capital || list_marker || DOTTED_WORDS.contains(word)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sentences(text: &str) -> Vec<&str> {
        segment(text)
            .sentences
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn splits_sentences_by_vietnamese_rules() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Hội nghị diễn ra sáng nay. Đồng chí Bí thư phát biểu chỉ đạo.",
                &["Hội nghị diễn ra sáng nay.", "Đồng chí Bí thư phát biểu chỉ đạo."],
            ),
            (
                "Có mặt tại hội nghị còn có lãnh đạo TP. Quy Nhơn. Buổi làm việc kết thúc lúc 11 giờ.",
                &[
                    "Có mặt tại hội nghị còn có lãnh đạo TP. Quy Nhơn.",
                    "Buổi làm việc kết thúc lúc 11 giờ.",
                ],
            ),
            (
                "Tham dự có Tp. Hồ Chí Minh và Hà Nội.",
                &["Tham dự có Tp. Hồ Chí Minh và Hà Nội."],
            ),
            (
                "Báo cáo do Th.S Lê Thị Hoa trình bày. Sau đó các đại biểu thảo luận.",
                &["Báo cáo do Th.S Lê Thị Hoa trình bày.", "Sau đó các đại biểu thảo luận."],
            ),
            (
                "Chủ trì hội thảo là PGS.TS Nguyễn Văn Minh.",
                &["Chủ trì hội thảo là PGS.TS Nguyễn Văn Minh."],
            ),
            (
                "Phát biểu có TS. Trần Đình Phúc, GS. Lê Hồng và BS. Mai Anh.",
                &["Phát biểu có TS. Trần Đình Phúc, GS. Lê Hồng và BS. Mai Anh."],
            ),
            (
                "Huyện đạt 80,28/100 điểm. Tỷ lệ hồ sơ đúng hạn đạt 54.9%.",
                &["Huyện đạt 80,28/100 điểm.", "Tỷ lệ hồ sơ đúng hạn đạt 54.9%."],
            ),
            (
                "Ngày 14.9, UBND huyện tổ chức hội nghị.",
                &["Ngày 14.9, UBND huyện tổ chức hội nghị."],
            ),
            (
                "Ông nói: “Chúng tôi sẽ cố gắng... hết sức”. Hội nghị bế mạc.",
                &["Ông nói: “Chúng tôi sẽ cố gắng... hết sức”.", "Hội nghị bế mạc."],
            ),
            (
                "Các mặt hàng gồm đường, sữa, bia… Phần lớn nhập lậu qua biên giới.",
                &["Các mặt hàng gồm đường, sữa, bia…", "Phần lớn nhập lậu qua biên giới."],
            ),
            (
                "Đoàn kiểm tra đã đến… và làm việc với xã.",
                &["Đoàn kiểm tra đã đến… và làm việc với xã."],
            ),
            (
                "Vì sao chỉ số giảm? Nguyên nhân là do khảo sát muộn!",
                &["Vì sao chỉ số giảm?", "Nguyên nhân là do khảo sát muộn!"],
            ),
            (
                "Thư gửi đ/c Nguyễn Văn Hòa, Chủ tịch xã.",
                &["Thư gửi đ/c Nguyễn Văn Hòa, Chủ tịch xã."],
            ),
            (
                "Tác giả bài viết là Nguyễn V. An. Bài đăng trên báo tỉnh.",
                &["Tác giả bài viết là Nguyễn V. An.", "Bài đăng trên báo tỉnh."],
            ),
            (
                "1. Tăng cường kỷ luật hành chính.",
                &["1. Tăng cường kỷ luật hành chính."],
            ),
            (
                "Thu ngân sách đạt 9.300 tỷ đồng. Chi ngân sách đạt 2.100 tỷ đồng.",
                &["Thu ngân sách đạt 9.300 tỷ đồng.", "Chi ngân sách đạt 2.100 tỷ đồng."],
            ),
            ("Ảnh: T.SỸ", &["Ảnh: T.SỸ"]),
            (
                "Kết quả giải quyết hồ sơ (đạt 100%). Không có hồ sơ trễ hạn.",
                &["Kết quả giải quyết hồ sơ (đạt 100%).", "Không có hồ sơ trễ hạn."],
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(sentences(text), *expected, "in {text:?}");
        }
    }

    #[test]
    fn title_and_paragraphs_are_lines() {
        let text =
            "\n  Nông Sơn tổ chức hội nghị CCHC \n\nĐoạn một. Câu hai.\r\n \u{a0}\nĐoạn hai\n";
        let segments = segment(text);
        assert_eq!(
            &text[segments.title.clone()],
            "Nông Sơn tổ chức hội nghị CCHC"
        );
        let paragraphs: Vec<&str> = segments
            .paragraphs
            .iter()
            .map(|r| &text[r.clone()])
            .collect();
        assert_eq!(
            paragraphs,
            [
                "Nông Sơn tổ chức hội nghị CCHC",
                "Đoạn một. Câu hai.",
                "Đoạn hai"
            ]
        );
        assert_eq!(segments.sentences.len(), 4);
    }

    #[test]
    fn empty_text_has_no_segments() {
        assert_eq!(segment(""), Segments::default());
        assert_eq!(segment(" \n\t\n").paragraphs, Vec::<Range<usize>>::new());
    }

    #[test]
    fn dotted_words_lexicon_is_clean() {
        let words: Vec<&str> =
            lexicon::words(include_str!("lexicon/sentence_abbreviations.tsv")).collect();
        assert!(words.len() >= 20);
        assert_eq!(DOTTED_WORDS.len(), words.len(), "duplicate words");
        for word in words {
            assert!(unicode_normalization::is_nfc(word), "{word}");
            assert!(
                !word.is_empty() && !word.ends_with('.') && !word.contains(char::is_whitespace)
            );
        }
    }

    fn check_tiling(text: &str) -> Result<(), TestCaseError> {
        let segments = segment(text);
        let mut last_end = 0;
        for s in &segments.sentences {
            prop_assert!(s.start >= last_end && s.start < s.end);
            prop_assert!(segments
                .paragraphs
                .iter()
                .any(|p| p.start <= s.start && s.end <= p.end));
            let body = text.get(s.clone());
            prop_assert_eq!(body.map(str::trim), body);
            last_end = s.end;
        }
        for p in &segments.paragraphs {
            let inside: String = segments
                .sentences
                .iter()
                .filter(|s| p.start <= s.start && s.end <= p.end)
                .flat_map(|s| text[s.clone()].chars())
                .filter(|c| !c.is_whitespace())
                .collect();
            let all: String = text[p.clone()]
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            prop_assert_eq!(inside, all);
        }
        Ok(())
    }

    proptest! {
        #[test]
        fn sentences_tile_any_string(text in "\\PC{0,120}") {
            check_tiling(&text)?;
        }

        #[test]
        fn sentences_tile_news_like_text(
            parts in proptest::collection::vec(
                "(TP|TS|Th\\.S|Huế| |\\.|\\. |\\n|\\?|!|…|… |“|”|[0-9]|,|đ|Ủy|ban|V)",
                0..40,
            )
        ) {
            check_tiling(&parts.concat())?;
        }
    }
}
