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

// Out of line: `benches/stage_cost.sh` counts the stage by this name.
#[inline(never)]
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
    let mut scratch = (Vec::new(), Vec::new());
    for p in &paragraphs {
        paragraph_sentences(text, p.clone(), &mut scratch, &mut sentences);
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

/// `range` of `text` (trimmed, not empty) cut at spaces into pieces of at most
/// [`MAX_SENTENCE`] bytes, onto `out`.
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
    if start == range.start {
        // Uncut: `range` comes trimmed and non-empty.
        out.push(range);
    } else {
        out.extend(trimmed(text, start..range.end));
    }
}

/// `range` of `text` without surrounding whitespace; `None` when blank.
fn trimmed(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    // ASCII whitespace goes a byte at a time. Where the bytes left open with a char that is
    // surely none (ASCII, U+00C0..U+07FF, U+1E00..U+1EFF) and end with ASCII, that was all;
    // other chars may be whitespace, for the char-wise trim to judge.
    let bytes = &text.as_bytes()[range.clone()];
    let start = bytes.iter().position(|b| !is_ascii_space(*b))?;
    let end = bytes.iter().rposition(|b| !is_ascii_space(*b))? + 1;
    let first = bytes[start];
    let second = bytes.get(start + 1).copied().unwrap_or(0);
    let plain_first = first.is_ascii()
        || (0xC3..=0xDF).contains(&first)
        || (first == 0xE1 && (0xB8..=0xBB).contains(&second));
    if plain_first && bytes[end - 1].is_ascii() {
        return Some(range.start + start..range.start + end);
    }
    trimmed_by_chars(text, range)
}

/// The ASCII chars that `char::is_whitespace` holds for.
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

/// `range` of `text` without surrounding whitespace, trimmed char by char.
fn trimmed_by_chars(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    let piece = &text[range.clone()];
    let rest = piece.trim_start();
    let body = rest.trim_end();
    if body.is_empty() {
        return None;
    }
    let start = range.start + (piece.len() - rest.len());
    Some(start..start + body.len())
}

/// The sentences of paragraph `para` of `text`, trimmed, onto `out`; `scratch` is
/// space for its sentence bounds and its "…".
fn paragraph_sentences(
    text: &str,
    para: Range<usize>,
    scratch: &mut (Vec<usize>, Vec<usize>),
    out: &mut Vec<Range<usize>>,
) {
    let (starts, ellipses) = scratch;
    bounds::sentence_starts(&text[para.clone()], starts, ellipses);
    let mut current: Option<Range<usize>> = None;
    for piece in pieces(text, para, starts, ellipses) {
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

/// The pieces of paragraph `para` between its sentence `starts`, each also cut after a
/// "…" (at `ellipses`, offsets in the paragraph) that ends a sentence; some may be empty.
fn pieces<'a>(
    text: &'a str,
    para: Range<usize>,
    starts: &'a [usize],
    ellipses: &'a [usize],
) -> impl Iterator<Item = Range<usize>> + 'a {
    let base = para.start;
    let mut ends = starts.iter().map(move |&at| base + at).chain([para.end]);
    let mut marks = ellipses.iter().map(move |&at| base + at).peekable();
    let (mut start, mut end) = (base, ends.next());
    std::iter::from_fn(move || {
        let until = end?;
        while let Some(at) = marks.next_if(|&at| at < until) {
            let cut = at + '…'.len_utf8();
            if ends_sentence_after_ellipsis(&text[cut..until]) {
                return Some(std::mem::replace(&mut start, cut)..cut);
            }
        }
        end = ends.next();
        Some(std::mem::replace(&mut start, until)..until)
    })
}

/// UAX #29 does not end a sentence at "…" (U+2026); news text does when a
/// capital follows: "Hoa vô sắc… Bộ đôi nhanh chóng…". `rest` is what follows
/// the "…" up to the next sentence bound.
fn ends_sentence_after_ellipsis(rest: &str) -> bool {
    let next = rest.trim_start();
    let spaced = next.len() < rest.len();
    spaced && next.chars().next().is_some_and(char::is_uppercase)
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
    single_capital || list_marker || is_dotted_word(word)
}

/// For each first byte, the lengths of the dotted words it opens (bit `n`: `n` bytes).
static DOTTED_OPENERS: LazyLock<[u32; 256]> = LazyLock::new(|| {
    let mut lengths = [0; 256];
    for word in DOTTED_WORDS.iter() {
        lengths[usize::from(word.as_bytes()[0])] |= 1 << word.len();
    }
    lengths
});

/// `DOTTED_WORDS.contains(word)`; most last words of a sentence fail the first-byte and
/// length test, which costs less than a search of the set.
fn is_dotted_word(word: &str) -> bool {
    let Some(&first) = word.as_bytes().first() else {
        return false;
    };
    let lengths = DOTTED_OPENERS[usize::from(first)];
    word.len() < 32 && lengths >> word.len() & 1 == 1 && DOTTED_WORDS.contains(word)
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
            assert!(word.len() < 32, "{word}: too long for DOTTED_OPENERS");
        }
    }

    /// The bundled and real articles, as written and in NFD.
    fn articles() -> Vec<String> {
        use unicode_normalization::UnicodeNormalization;
        let mut texts = Vec::new();
        for (_, text) in crate::test_corpus::articles() {
            texts.push(text.nfd().collect());
            texts.push(text);
        }
        assert!(texts.len() >= 40, "only {} texts", texts.len() / 2);
        texts
    }

    /// Text around the fast paths: dotted words, numbers, ellipses, quotes, odd
    /// spaces and lines without a stop, as written and in NFD.
    fn tricky_texts() -> Vec<String> {
        use unicode_normalization::UnicodeNormalization;
        let texts = [
            "Lãnh đạo TP.HCM và TP. Huế, Tp. Đà Nẵng, tp. Vinh. Đ/c Hòa, đ/c An. ĐC. Lê.",
            "PGS.TS. Lê Văn A, GS.TS Trần B, ThS.BS. C và BSCKII. D dự. TS.BS.E nói.",
            "Đạt 80,28/100 điểm, tăng 1.234 tỷ… Giảm 2,5%… và 14.9. II. Mục hai. 1. Một.",
            "Ông nói: “Chúng tôi… Sẽ cố gắng”… “Được”. ‘Ừ.’ (Ảnh: T.SỸ)… Hết…  Tiếp…\u{a0}Ba",
            "Hội nghị …  Ủy ban… ủy ban…\u{2003}Ông…\tBà…\u{3000}Xã… Ở đó… Ý kiến… ữ",
            "Không có dấu chấm nào trong dòng này cả",
            "   \u{a0}Đầu có khoảng trắng lạ\u{2028} và cuối cũng có\u{85}  ",
            "\u{1680}Ogham\u{1680} ; ՝Ա. Ω. ☆ Một… 中。 Hai… \u{661}\u{662}. Ba!",
            "Hoà, thuỷ, khoẻ… Toà án. Mr. Smith, Dr. Who. Nxb. Trẻ. NXB. Kim Đồng.",
            "…Mở đầu. … Giữa … Cuối …",
        ];
        texts
            .iter()
            .flat_map(|t| [t.to_string(), t.nfd().collect()])
            .collect()
    }

    /// The char boundaries of `text`, with its end.
    fn boundaries(text: &str) -> Vec<usize> {
        let mut at: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        at.push(text.len());
        at
    }

    #[test]
    fn trimmed_agrees_with_trimming_by_chars() {
        let mut checked = 0;
        for text in articles().into_iter().chain(tricky_texts()) {
            let at = boundaries(&text);
            for (i, &start) in at.iter().enumerate() {
                for &end in at[i..].iter().take(12).chain(at.iter().rev().take(3)) {
                    if start <= end {
                        let range = start..end;
                        let want = trimmed_by_chars(&text, range.clone());
                        assert_eq!(trimmed(&text, range.clone()), want, "{range:?} of {text:?}");
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 100_000, "only {checked} pieces");
        // The pieces between sentence bounds, as `paragraph_sentences` trims them.
        let (mut starts, mut ellipses) = (Vec::new(), Vec::new());
        for text in articles().into_iter().chain(tricky_texts()) {
            for para in segment(&text).paragraphs {
                bounds::sentence_starts(&text[para.clone()], &mut starts, &mut ellipses);
                for piece in pieces(&text, para, &starts, &ellipses) {
                    let want = trimmed_by_chars(&text, piece.clone());
                    assert_eq!(trimmed(&text, piece.clone()), want, "{piece:?} of {text:?}");
                }
            }
        }
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let texts = [
                format!("{c}"),
                format!("{c}a."),
                format!("a{c}"),
                format!("{c}{c}"),
                format!(" \t{c}x\r\n"),
                format!("\n.{c} "),
            ];
            for text in texts {
                let range = 0..text.len();
                assert_eq!(
                    trimmed(&text, range.clone()),
                    trimmed_by_chars(&text, range),
                    "{c:?}"
                );
            }
        }
    }

    #[test]
    fn dotted_word_test_agrees_with_the_set() {
        let mut words: Vec<String> = DOTTED_WORDS.iter().map(|w| w.to_string()).collect();
        for text in articles().into_iter().chain(tricky_texts()) {
            for word in text.split(|c: char| c.is_whitespace() || "(\"“-–".contains(c)) {
                let bare = word.strip_suffix('.').unwrap_or(word);
                words.extend([word.to_string(), bare.to_string()]);
                // Every tail of the word, as a sentence may end in the middle of one.
                words.extend(word.char_indices().map(|(i, _)| word[i..].to_string()));
            }
        }
        words.extend(["".into(), "TPHCM".into(), "T".into(), "P".repeat(40)]);
        let mut found = 0;
        for word in &words {
            let want = DOTTED_WORDS.contains(word.as_str());
            assert_eq!(is_dotted_word(word), want, "{word:?}");
            found += usize::from(want);
        }
        assert!(found > DOTTED_WORDS.len(), "only {found} dotted words");
    }

    #[test]
    fn bounded_keeps_uncut_sentences_as_they_come() {
        let long = "Một câu rất dài, có nhiều vế; ".repeat(200) + "hết.";
        let mut checked = 0;
        for text in articles().into_iter().chain(tricky_texts()).chain([long]) {
            let segments = segment(&text);
            for range in segments.paragraphs.iter().chain(&segments.sentences) {
                let mut out = Vec::new();
                bounded(&text, range.clone(), &mut out);
                if range.len() <= MAX_SENTENCE {
                    // Before, the uncut range was trimmed again.
                    let want: Vec<_> = trimmed_by_chars(&text, range.clone()).into_iter().collect();
                    assert_eq!(out, want, "{text:?}");
                    checked += 1;
                } else {
                    assert!(out.len() > 1 && out.iter().all(|r| r.len() <= MAX_SENTENCE));
                }
            }
        }
        assert!(checked > 1000);
    }

    /// The pieces as they were cut before the scan for bounds gave the "…": a byte
    /// search for "…" in each piece between sentence starts.
    fn pieces_by_search(text: &str, para: Range<usize>, starts: &[usize]) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut from = para.start;
        for end in starts.iter().map(|&at| para.start + at).chain([para.end]) {
            let start = std::mem::replace(&mut from, end);
            let piece = &text[start..end];
            let mut cut_from = start;
            for i in memchr::memchr_iter(0xE2, piece.as_bytes()) {
                let Some(rest) = piece[i..].strip_prefix('…') else {
                    continue;
                };
                if ends_sentence_after_ellipsis(rest) {
                    let cut = end - rest.len();
                    out.push(cut_from..cut);
                    cut_from = cut;
                }
            }
            out.push(cut_from..end);
        }
        out.retain(|r| !r.is_empty());
        out
    }

    #[test]
    fn pieces_from_scanned_ellipses_match_a_search() {
        let mut cuts = 0;
        for text in articles().into_iter().chain(tricky_texts()) {
            let (mut starts, mut ellipses) = (Vec::new(), Vec::new());
            for para in segment(&text).paragraphs {
                bounds::sentence_starts(&text[para.clone()], &mut starts, &mut ellipses);
                let all: Vec<usize> = text[para.clone()].match_indices('…').map(|m| m.0).collect();
                assert_eq!(ellipses, all, "{text:?}");
                let mut got: Vec<_> = pieces(&text, para.clone(), &starts, &ellipses).collect();
                got.retain(|r| !r.is_empty());
                let want = pieces_by_search(&text, para.clone(), &starts);
                assert_eq!(got, want, "{text:?}");
                let ends = starts.iter().map(|&at| para.start + at).chain([para.end]);
                cuts += want
                    .iter()
                    .filter(|r| ends.clone().all(|e| e != r.end))
                    .count();
            }
        }
        assert!(cuts >= 10, "only {cuts} cuts after an ellipsis");
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
