//! UAX #29 sentence bounds for the scripts of Vietnamese news (ASCII, Latin
//! letters, combining marks, general punctuation): vector byte tests find the
//! terminators and separators, and a per-char machine runs only around them.
//! A paragraph with any other char goes to `unicode_segmentation`, which this
//! follows rule for rule; the tests compare the two on random text.

use std::sync::LazyLock;

use unicode_segmentation::UnicodeSegmentation;

/// Sentence_Break values (UAX #29), `Other` for Any; no covered char is OLetter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cat {
    Other,
    Cr,
    Lf,
    Sep,
    Sp,
    Lower,
    Upper,
    Numeric,
    ATerm,
    STerm,
    Close,
    SContinue,
    Extend,
    Format,
}

/// ASCII categories, by byte.
const ASCII: [Cat; 128] = {
    let mut table = [Cat::Other; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b'\t' | 0x0B | 0x0C | b' ' => Cat::Sp,
            b'\n' => Cat::Lf,
            b'\r' => Cat::Cr,
            b'!' | b'?' => Cat::STerm,
            b'.' => Cat::ATerm,
            b'"' | b'\'' | b'(' | b')' | b'[' | b']' | b'{' | b'}' => Cat::Close,
            b',' | b'-' | b':' | b';' => Cat::SContinue,
            b'0'..=b'9' => Cat::Numeric,
            b'A'..=b'Z' => Cat::Upper,
            b'a'..=b'z' => Cat::Lower,
            _ => Cat::Other,
        };
        b += 1;
    }
    table
};

/// The category of `c`, or `None` outside the covered blocks.
#[inline]
fn category(c: char) -> Option<Cat> {
    let cp = c as u32;
    if cp < 0x80 {
        return Some(ASCII[cp as usize]);
    }
    Some(match cp {
        0x85 => Cat::Sep,
        0xA0 => Cat::Sp,
        0xAA | 0xB5 | 0xBA => Cat::Lower,
        0xAB | 0xBB => Cat::Close,
        0xAD => Cat::Format,
        0x80..=0xBF | 0xD7 | 0xF7 => Cat::Other,
        0x300..=0x36F => Cat::Extend,
        0xC0..=0x24F => return LATIN_LETTERS[cp as usize - 0xC0],
        0x1E00..=0x1EFF => return LATIN_LETTERS[cp as usize - 0x1E00 + 0x190],
        0x2000..=0x200A | 0x202F | 0x205F => Cat::Sp,
        0x200B | 0x200E | 0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F => {
            Cat::Format
        }
        0x200C | 0x200D => Cat::Extend,
        0x2013 | 0x2014 => Cat::SContinue,
        0x2018..=0x201F | 0x2039 | 0x203A | 0x2045 | 0x2046 => Cat::Close,
        0x2024 => Cat::ATerm,
        0x2028 | 0x2029 => Cat::Sep,
        0x203C | 0x203D | 0x2047..=0x2049 => Cat::STerm,
        0x2010..=0x206F => Cat::Other,
        _ => return None,
    })
}

/// Categories of U+00C0..U+024F, then U+1E00..U+1EFF, worked out once.
static LATIN_LETTERS: LazyLock<Vec<Option<Cat>>> = LazyLock::new(|| {
    (0xC0..=0x24F)
        .chain(0x1E00..=0x1EFF)
        .map(|cp| char::from_u32(cp).and_then(letter))
        .collect()
});

/// Latin letters are Lower or Upper; the few others (ƻ, ǅ...) are left to the full tables.
fn letter(c: char) -> Option<Cat> {
    if c.is_lowercase() {
        Some(Cat::Lower)
    } else if c.is_uppercase() {
        Some(Cat::Upper)
    } else {
        None
    }
}

/// What the last chars were, as UAX #29 needs them: runs of Close and Sp collapse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum Part {
    Sot,
    Other,
    Cr,
    Lf,
    Sep,
    ATerm,
    UpperLower,
    ClosePlus,
    SpPlus,
    STerm,
}

/// Every part, by its number.
const PARTS: [Part; 10] = [
    Part::Sot,
    Part::Other,
    Part::Cr,
    Part::Lf,
    Part::Sep,
    Part::ATerm,
    Part::UpperLower,
    Part::ClosePlus,
    Part::SpPlus,
    Part::STerm,
];

/// The last four parts, a byte each, the latest in the low byte (one register to copy).
#[derive(Clone, Copy)]
struct State(u32);

impl State {
    /// Start of text: four `Sot` parts.
    const START: State = State(0);

    /// Part `i` of four, 3 being the latest.
    fn part(&self, i: usize) -> Part {
        PARTS[((self.0 >> (8 * (3 - i))) & 0xFF) as usize]
    }

    fn next(self, cat: Cat) -> State {
        match (self.last(), cat) {
            (Part::ClosePlus, Cat::Close) | (Part::SpPlus, Cat::Sp) => self,
            _ => {
                let part = match cat {
                    Cat::Cr => Part::Cr,
                    Cat::Lf => Part::Lf,
                    Cat::Sep => Part::Sep,
                    Cat::ATerm => Part::ATerm,
                    Cat::Upper | Cat::Lower => Part::UpperLower,
                    Cat::Close => Part::ClosePlus,
                    Cat::Sp => Part::SpPlus,
                    Cat::STerm => Part::STerm,
                    _ => Part::Other,
                };
                State((self.0 << 8) | part as u32)
            }
        }
    }

    fn last(&self) -> Part {
        self.part(3)
    }

    fn para_sep(&self) -> bool {
        matches!(self.last(), Part::Sep | Part::Cr | Part::Lf)
    }

    /// The part before trailing runs of Sp (when `sp`) and Close.
    fn before_close_sp(&self, sp: bool) -> Part {
        let mut i = if sp && self.last() == Part::SpPlus {
            2
        } else {
            3
        };
        if self.part(i) == Part::ClosePlus {
            i -= 1;
        }
        self.part(i)
    }

    /// SATerm Close* Sp*
    fn after_terminator(&self) -> bool {
        matches!(self.before_close_sp(true), Part::ATerm | Part::STerm)
    }

    /// SATerm Close* Sp* ParaSep?
    fn before_break(&self) -> bool {
        let mut i = if self.para_sep() { 2 } else { 3 };
        if self.part(i) == Part::SpPlus {
            i -= 1;
        }
        if self.part(i) == Part::ClosePlus {
            i -= 1;
        }
        matches!(self.part(i), Part::ATerm | Part::STerm)
    }
}

/// SB8: after ATerm Close* Sp*, no break when a lowercase letter comes before any
/// other letter, paragraph separator or terminator. `None` for an uncovered char.
fn lower_follows(state: &State, ahead: &str) -> Option<bool> {
    if state.before_close_sp(true) != Part::ATerm {
        return Some(false);
    }
    for c in ahead.chars() {
        match category(c)? {
            Cat::Lower => return Some(true),
            Cat::Upper | Cat::Sep | Cat::Cr | Cat::Lf | Cat::STerm | Cat::ATerm => {
                return Some(false)
            }
            _ => {}
        }
    }
    Some(false)
}

/// One char of the UAX #29 machine: the state after `cat` at byte `at` of `text`,
/// pushing `at` when a sentence starts there. `None` for an uncovered char ahead.
#[inline]
fn step(before: State, cat: Cat, text: &str, at: usize, out: &mut Vec<usize>) -> Option<State> {
    let state = before.next(cat);
    if before.last() == Part::Sot || (cat == Cat::Lf && before.last() == Part::Cr) {
        return Some(state);
    }
    if before.para_sep() {
        out.push(at);
        return Some(state);
    }
    // Only a terminator, Close/Sp after one, or a separator starts a rule below.
    if !matches!(
        before.last(),
        Part::ATerm | Part::STerm | Part::ClosePlus | Part::SpPlus
    ) {
        return Some(if matches!(cat, Cat::Extend | Cat::Format) {
            before
        } else {
            state
        });
    }
    match cat {
        Cat::Extend | Cat::Format => return Some(before),
        Cat::Numeric if before.last() == Part::ATerm => {}
        Cat::Upper if before.part(2) == Part::UpperLower && before.last() == Part::ATerm => {}
        _ if lower_follows(&before, text.get(at..)?)? => {}
        Cat::SContinue | Cat::STerm | Cat::ATerm if before.after_terminator() => {}
        Cat::Close | Cat::Sp | Cat::Sep | Cat::Cr | Cat::Lf
            if matches!(before.before_close_sp(false), Part::ATerm | Part::STerm) => {}
        Cat::Sp | Cat::Sep | Cat::Cr | Cat::Lf if before.after_terminator() => {}
        _ if before.before_break() => out.push(at),
        _ => {}
    }
    Some(state)
}

/// Chars that may start a sentence bound: terminators and separators. Bounds
/// come only after one (each rule that breaks looks back to one).
fn may_bound(cat: Cat) -> bool {
    matches!(cat, Cat::ATerm | Cat::STerm | Cat::Sep | Cat::Cr | Cat::Lf)
}

/// Chars that the machine passes over between a terminator and what follows it.
fn after_terminator_run(cat: Cat) -> bool {
    matches!(cat, Cat::Close | Cat::Sp | Cat::Extend | Cat::Format)
}

/// True when byte `b` (followed by `n`) starts a char that may start a bound or
/// is not surely covered; false on the bytes of covered boundless chars (tested
/// below): ASCII but terminators and line ends, U+00C0..U+017F, U+0180..U+01BF but
/// "ƻ", U+0200..U+023F, the marks U+0300..U+033F and U+1E00..U+1EFF.
#[inline(always)]
fn stops(b: u8, n: u8) -> bool {
    let terminator_or_line = (b == b'.') | (b == b'!') | (b == b'?') | (b == b'\r') | (b == b'\n');
    let passed_lead = (b.wrapping_sub(0xC3) < 3)
        | (b == 0xC8)
        | (b == 0xCC)
        | ((b == 0xC6) & (n != 0xBB))
        | ((b == 0xE1) & (n.wrapping_sub(0xB8) < 4));
    terminator_or_line | ((b >= 0xC0) & !passed_lead)
}

/// Bytes tested at once by [`next_stop`], in one vector when the compiler can.
const CHUNK: usize = 16;

/// The flags of [`stops`] for the 16 bytes opening `window`, a byte each.
#[inline(always)]
fn chunk_stops(window: &[u8; CHUNK + 1]) -> u128 {
    // A byte per flag: the compiler sets them all with a few vector ops.
    let mut flags = [0u8; CHUNK];
    for (flag, (&b, &n)) in flags.iter_mut().zip(window.iter().zip(&window[1..])) {
        *flag = u8::from(stops(b, n));
    }
    u128::from_le_bytes(flags)
}

/// The first byte at or after `at` where [`stops`] holds (a char boundary), or the end.
fn next_stop(bytes: &[u8], mut at: usize) -> usize {
    let mut rest = bytes.get(at..).unwrap_or_default();
    while let Some(window) = rest.first_chunk() {
        let found = chunk_stops(window);
        if found != 0 {
            return at + found.trailing_zeros() as usize / 8;
        }
        at += CHUNK;
        rest = &rest[CHUNK..];
    }
    // The last bytes padded with zeros, which never stop, go through the same test
    // (most paragraphs end in a stop there): cheaper than a byte at a time.
    let mut padded = [0u8; CHUNK + 1];
    for (p, &b) in padded.iter_mut().zip(rest) {
        *p = b;
    }
    match chunk_stops(&padded) {
        0 => bytes.len(),
        found => at + found.trailing_zeros() as usize / 8,
    }
}

/// Byte offsets where sentences start after the first, or `None` when `text` has a
/// char outside the covered blocks.
///
/// Runs the machine only around chars that may start a bound. Elsewhere its state
/// ends in a letter, digit or other plain part, and the rules never look back past
/// one, so the machine restarts after the last plain char before a terminator.
fn inner_bounds(text: &str, out: &mut Vec<usize>, ellipses: &mut Vec<usize>) -> Option<()> {
    let bytes = text.as_bytes();
    // The machine's state before byte `known_at`.
    let (mut known, mut known_at) = (State::START, 0);
    let mut at = next_stop(bytes, 0);
    while let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) {
        let cat = category(c)?;
        if !may_bound(cat) {
            if c == '…' {
                ellipses.push(at);
            }
            at = next_stop(bytes, at + c.len_utf8());
            continue;
        }
        let (mut state, mut from) = (known, known_at);
        for (i, c) in text.get(known_at..at)?.char_indices().rev() {
            let cat = category(c)?;
            if !after_terminator_run(cat) {
                (state, from) = (State::START.next(cat), known_at + i + c.len_utf8());
                break;
            }
        }
        // Run the machine through the terminator until its state is plain again.
        known_at = text.len();
        for (i, c) in text.get(from..)?.char_indices() {
            let at_char = from + i;
            if at_char > at && matches!(state.last(), Part::Other | Part::UpperLower) {
                known_at = at_char;
                break;
            }
            // Chars up to `at` were seen on the way to it; the ones after are new.
            if c == '…' && at_char > at {
                ellipses.push(at_char);
            }
            state = step(state, category(c)?, text, at_char, out)?;
        }
        known = state;
        at = next_stop(bytes, known_at);
    }
    Some(())
}

/// Byte offsets where the sentence pieces of `text` start after the first, into
/// `starts`, as `UnicodeSegmentation::split_sentence_bound_indices`, and those of its
/// "…" into `ellipses` (both cleared first): the scan for bounds meets every "…".
pub(super) fn sentence_starts(text: &str, starts: &mut Vec<usize>, ellipses: &mut Vec<usize>) {
    starts.clear();
    ellipses.clear();
    if inner_bounds(text, starts, ellipses).is_none() {
        starts.clear();
        starts.extend(
            text.split_sentence_bound_indices()
                .skip(1)
                .map(|(at, _)| at),
        );
        ellipses.clear();
        ellipses.extend(text.match_indices('…').map(|(at, _)| at));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn reference(text: &str) -> Vec<(usize, &str)> {
        text.split_sentence_bound_indices().collect()
    }

    fn sentence_pieces(text: &str) -> Vec<(usize, &str)> {
        let (mut starts, mut ellipses) = (Vec::new(), Vec::new());
        sentence_starts(text, &mut starts, &mut ellipses);
        let all: Vec<usize> = text.match_indices('…').map(|(at, _)| at).collect();
        assert_eq!(ellipses, all, "in {text:?}");
        let ends = starts.iter().copied().chain([text.len()]);
        let pieces = [0].into_iter().chain(starts.iter().copied()).zip(ends);
        pieces
            .filter(|&(start, end)| start < end)
            .map(|(start, end)| (start, &text[start..end]))
            .collect()
    }

    /// The machine run over every char, as [`inner_bounds`] would without skipping.
    fn every_char_bounds(text: &str) -> Option<Vec<usize>> {
        let mut out = Vec::new();
        let mut state = State::START;
        for (at, c) in text.char_indices() {
            state = step(state, category(c)?, text, at, &mut out)?;
        }
        Some(out)
    }

    fn skipping_bounds(text: &str) -> Option<Vec<usize>> {
        let mut out = Vec::new();
        inner_bounds(text, &mut out, &mut Vec::new()).map(|()| out)
    }

    #[test]
    fn passed_bytes_start_covered_boundless_chars() {
        let mut buf = [0; 4];
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            if next_stop(bytes, 0) > 0 {
                let cat = category(c);
                assert!(cat.is_some_and(|cat| !may_bound(cat)), "{c:?}");
            }
        }
    }

    /// The bundled and real articles, as written and in NFD, with tricky text.
    fn texts() -> Vec<String> {
        use unicode_normalization::UnicodeNormalization;
        let mut texts: Vec<String> = [
            "Lãnh đạo TP.HCM, TP. Huế. PGS.TS. Lê Văn A… Đạt 80,28 điểm, 1.234 tỷ... “Được”!",
            "Không có dấu chấm nào trong dòng này cả",
            "Hoà, thuỷ? ƻ ǅ Ω Ա ḁ ỹ \u{1e9e} \u{1000}\u{1f00}\u{2024}\u{85}\u{a0}\r\n中。☆",
        ]
        .iter()
        .map(|t| t.to_string())
        .collect();
        for dir in ["corpus", "../shared/corpus/real"] {
            let Ok(entries) = std::fs::read_dir(dir) else {
                continue;
            };
            for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
                if path.extension().is_some_and(|e| e == "txt") {
                    texts.push(std::fs::read_to_string(&path).expect("corpus text is UTF-8"));
                }
            }
        }
        assert!(texts.len() >= 20, "only {} texts", texts.len());
        let nfd: Vec<String> = texts.iter().map(|t| t.nfd().collect()).collect();
        texts.extend(nfd);
        texts
    }

    /// [`next_stop`] from every offset of `bytes`, by the rule a byte at a time.
    fn stops_by_byte(bytes: &[u8]) -> Vec<usize> {
        let mut next = vec![bytes.len(); bytes.len() + 1];
        for at in (0..bytes.len()).rev() {
            let n = bytes.get(at + 1).copied().unwrap_or(0);
            next[at] = if stops(bytes[at], n) {
                at
            } else {
                next[at + 1]
            };
        }
        next
    }

    #[test]
    fn next_stop_follows_the_rule_at_every_offset() {
        let mut checked = 0;
        for text in texts() {
            // Whole texts, their lines (as paragraphs are scanned) and every short tail.
            let all = text.as_bytes();
            let lines = all.split(|&b| b == b'\n');
            let tails = (0..all.len().min(40)).map(|cut| &all[all.len() - cut..]);
            for bytes in [all].into_iter().chain(lines).chain(tails) {
                for (at, want) in stops_by_byte(bytes).into_iter().enumerate() {
                    assert_eq!(next_stop(bytes, at), want, "at {at} of {bytes:?}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 500_000, "only {checked} offsets");
    }

    #[test]
    fn covered_chars_cover_vietnamese_text() {
        let mut starts = Vec::new();
        let text =
            "Sáng 14/9, UBND tỉnh Khánh Hòa họp. Ông Nguyễn Văn Ân nói: “Đạt 80,28%!” – rồi…";
        assert!(inner_bounds(text, &mut starts, &mut Vec::new()).is_some());
        assert!(inner_bounds("Đạt 5 ☆", &mut starts, &mut Vec::new()).is_none());
    }

    #[test]
    fn pieces_match_unicode_segmentation() {
        let cases = [
            "",
            "Một câu.",
            "Hội nghị diễn ra sáng nay. Đồng chí Bí thư phát biểu.",
            "Lãnh đạo TP. Quy Nhơn dự. Buổi làm việc kết thúc.",
            "Đạt 80.28 điểm. tăng 2 bậc.",
            "Ông nói: “Chúng tôi sẽ cố gắng... hết sức”. Hội nghị bế mạc.",
            "Vì sao? Nguyên nhân là do khảo sát muộn!  (Ảnh: T.SỸ) Tiếp.",
            "U.S.A. is big. e.g. this.",
            "Câu một.\u{301} Câu hai.\u{200B} câu ba.\r\nCâu bốn.\u{2029}Năm",
            "Kết quả (đạt 100%). Không có hồ sơ trễ hạn.) 'A.' B",
            "1. Tăng cường. 2. Giảm. a.B A.b",
        ];
        for text in cases {
            assert_eq!(sentence_pieces(text), reference(text), "in {text:?}");
        }
    }

    /// Chars from every covered block, weighted toward the ones rules look at.
    fn news_char() -> impl Strategy<Value = char> {
        prop_oneof![
            4 => proptest::sample::select(
                " .!?,;:-\"'()[]aAzZ09\t\r\n"
                    .chars()
                    .chain("ĐđƯưẠạỹỸÂăÁàÝ“”‘’–—…\u{a0}\u{301}\u{200b}\u{2024}\u{203c}\u{85}\u{2028}".chars())
                    .collect::<Vec<_>>()
            ),
            1 => proptest::char::range('\u{80}', '\u{24f}'),
            1 => proptest::char::range('\u{300}', '\u{36f}'),
            1 => proptest::char::range('\u{1e00}', '\u{1eff}'),
            1 => proptest::char::range('\u{2000}', '\u{206f}'),
            1 => proptest::char::any(),
        ]
    }

    proptest! {
        #[test]
        fn random_text_matches_unicode_segmentation(
            chars in proptest::collection::vec(news_char(), 0..40)
        ) {
            let text: String = chars.into_iter().collect();
            prop_assert_eq!(sentence_pieces(&text), reference(&text));
            prop_assert_eq!(skipping_bounds(&text), every_char_bounds(&text));
        }

        #[test]
        fn skipping_matches_every_char_on_news_words(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "Hội", "nghị", "TP", "Huế", "Ủy", "ban", "đạt", "ông", "Nguyễn", "Văn",
                    "ƠN", "ưu", "A", "V", "e", "g", "U", "S", "12", "80,28", "2024",
                    ".", "..", "...", "…", "!", "?", "?!", "\"", "'", "“", "”", "‘", "’", "«",
                    "»", "(", ")", "[", "]", ",", ";", ":", "-", "–", "—", "%", "/", "\t",
                    "\r", "\n", "\r\n", "\u{a0}", "\u{85}", "\u{2028}", "\u{2029}",
                    "\u{2024}", "\u{203c}", "\u{2049}", "\u{301}", "\u{200b}", "\u{ad}",
                    "×", "ƻ", "ǅ", "ʃ", "ͅ", "Ω", "☆", "中", "。", "ḁ", "ỹ", "\u{1e9e}",
                ]),
                0..60,
            ),
            spaced in proptest::collection::vec(proptest::bool::weighted(0.6), 60),
        ) {
            let mut text = String::new();
            for (word, &space) in words.iter().zip(&spaced) {
                text.push_str(word);
                if space {
                    text.push(' ');
                }
            }
            prop_assert_eq!(skipping_bounds(&text), every_char_bounds(&text));
            prop_assert_eq!(sentence_pieces(&text), reference(&text));
        }
    }
}
