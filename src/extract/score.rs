//! Scores in điểm or %, with max, change and metric.
//!
//! A score is a number with a unit: after it ("80,28/100 điểm", "79,08%",
//! "8,5 - 9%") or before it ("số điểm 87/90", "điểm số 84"). It is a change
//! when "tăng"/"giảm" introduces it directly ("tăng 2,30 điểm"); a decrease is
//! negative. "điểm" naming a place ("35 điểm thi") and bare ratios of counts
//! ("54/54 đại biểu") are not scores.

use std::sync::LazyLock;

use memchr::memmem;
use regex::Regex;

use super::number::{self, Number};
use super::Doc;
use crate::bytescan;
use crate::chars::is_alphanumeric;
use crate::lexicon;
use crate::serialize::Score;

const POINTS: &str = "điểm";
const PERCENT: &str = "%";
/// "5 phần trăm" is written-out percent.
const PERCENT_WORDS: &str = "phần trăm";

static PLACE_WORDS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| lexicon::words(include_str!("../lexicon/score_place_words.tsv")).collect());

/// A set of bytes, one flag each.
type ByteSet = [bool; 256];

fn byte_set(bytes: impl IntoIterator<Item = u8>) -> ByteSet {
    let mut set = [false; 256];
    for b in bytes {
        set[usize::from(b)] = true;
    }
    set
}

/// The first bytes of [`PLACE_WORDS`] (none is empty): a word opening with another
/// byte is none of them.
static PLACE_WORD_FIRSTS: LazyLock<ByteSet> =
    LazyLock::new(|| byte_set(PLACE_WORDS.iter().filter_map(|w| w.bytes().next())));

/// The last bytes of [`CHANGE_QUALIFIERS`]: a text ending in another byte ends in none.
static QUALIFIER_LASTS: LazyLock<ByteSet> =
    LazyLock::new(|| byte_set(CHANGE_QUALIFIERS.iter().filter_map(|q| q.bytes().last())));

/// Index names from the lexicon.
static INDEX_NAME_LIST: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| lexicon::words(include_str!("../lexicon/indices.tsv")).collect());

/// [`INDEX_NAME_LIST`] in any ASCII case, longest match first, searched where
/// [`may_open_index_name`] says one may start.
static INDEX_NAMES: LazyLock<Option<bytescan::Literals>> =
    LazyLock::new(|| bytescan::Literals::ascii_case_blind(&INDEX_NAME_LIST).ok());

/// Where an index name may start: every one opens with ch, dd, dt, gi, ic, pa, pc, pg,
/// pi or si, in any ASCII case (a test checks). A letter alone ("c", "s") starts too
/// many Vietnamese words.
fn may_open_index_name(b: u8, next: u8, _after: u8) -> bool {
    // `| 0x20` lowers ASCII letters and turns no other byte into one. `&` and `|`, not
    // `&&` and `||`: no branches, so the scan stays in vectors.
    let (lower, second) = (b | 0x20, next | 0x20);
    (lower == b'c') & (second == b'h')
        | (lower == b'd') & ((second == b'd') | (second == b't'))
        | (lower == b'g') & (second == b'i')
        | (lower == b'i') & (second == b'c')
        | (lower == b'p')
            & ((second == b'a') | (second == b'c') | (second == b'g') | (second == b'i'))
        | (lower == b's') & (second == b'i')
}

/// Rule `index_with_year`: an index written out with its year,
/// "Chỉ số cải cách hành chính năm 2021".
static INDEX_WITH_YEAR: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"[Cc]hỉ số(?: (?:\p{Lu}{2,}|\p{Ll}+)){1,10}? năm \d{4}").ok());

/// Verbs of change and the sign they give.
const CHANGE_VERBS: [(&str, f64); 4] =
    [("tăng", 1.0), ("giảm", -1.0), ("Tăng", 1.0), ("Giảm", -1.0)];

/// Words that may stand between "tăng"/"giảm" and the number ("tăng thêm 2 điểm").
const CHANGE_QUALIFIERS: &[&str] = &[
    "thêm",
    "gần",
    "khoảng",
    "hơn",
    "trên",
    "xấp xỉ",
    "chừng",
    "ước",
    "tương ứng",
    "lần lượt",
    "bình quân",
];

/// Words before "N điểm" that make the điểm places ("tại 40 điểm").
const PLACE_PREPOSITIONS: &[&str] = &[
    "tại",
    "ở",
    "các",
    "những",
    "có",
    "gồm",
    "bố trí",
    "lắp đặt",
    "thành lập",
    "xây dựng",
    "Tại",
    "Ở",
    "Có",
];

/// Syllables that make "giảm" part of a verb of cutting ("cắt giảm 25% thời gian"):
/// the share cut, not a change of the figure.
const COMPOUND_CUTS: &[&str] = &["cắt", "Cắt", "tinh", "Tinh", "miễn", "Miễn"];

/// Phrases that put the unit "điểm" before the number ("số điểm 87/90").
const POINTS_BEFORE: &[&str] = &[
    "tổng số điểm",
    "số điểm",
    "điểm số",
    "tổng điểm",
    "mức điểm",
    "điểm trung bình",
    "điểm bình quân",
];

/// Searchers for the units, built once, not once per article.
static UNIT_FINDERS: LazyLock<[memmem::Finder<'static>; 3]> =
    LazyLock::new(|| [PERCENT, POINTS, PERCENT_WORDS].map(memmem::Finder::new));

/// Literal parts of [`INDEX_WITH_YEAR`]: a sentence without both holds no match, and
/// the regex, slow to start on a sentence, is not run.
static INDEX_YEAR_PARTS: LazyLock<[memmem::Finder<'static>; 2]> =
    LazyLock::new(|| ["hỉ số", " năm "].map(memmem::Finder::new));

// Out of line: `benches/stage_cost.sh` counts the stage by this name.
#[inline(never)]
pub fn extract(doc: &Doc) -> Vec<Score> {
    let mut scores = Vec::new();
    // Every score's sentence holds a unit: each is found once in the article (memchr,
    // memmem), and a sentence goes on when one lies wholly inside it.
    let units: Vec<(usize, Vec<usize>)> = UNIT_FINDERS
        .iter()
        .map(|unit| {
            (
                unit.needle().len(),
                unit.find_iter(doc.text.as_bytes()).collect(),
            )
        })
        .collect();
    for (base, sentence) in doc.sentences() {
        let end = base + sentence.len();
        let holds_unit = units.iter().any(|(len, starts)| {
            let first = starts.partition_point(|&start| start < base);
            starts.get(first).is_some_and(|&start| start + len <= end)
        });
        if !holds_unit {
            continue;
        }
        let before = scores.len();
        scan_sentence(sentence, base, &mut scores);
        if scores.len() > before {
            let mentions = index_mentions(sentence);
            for score in &mut scores[before..] {
                score.metric = nearest_mention(&mentions, score.start - base, sentence);
            }
        }
    }
    scores
}

/// A unit found around a number.
struct Unit {
    unit: &'static str,
    max: Option<f64>,
    /// Byte where the score's text ends (relative to the sentence).
    end: usize,
}

fn scan_sentence(s: &str, base: usize, out: &mut Vec<Score>) {
    let bytes = s.as_bytes();
    let mut i = 0;
    // Numbers start with an ASCII digit: only those are tried, from `i` on.
    for digit in bytescan::marked(bytes, 0, |b, _, _| b.is_ascii_digit()) {
        if digit < i {
            continue;
        }
        i = digit;
        if !number::starts_number(s, i) {
            i += 1;
            continue;
        }
        let Some(n) = number::parse_at(s, i) else {
            i += 1;
            continue;
        };
        let after = i + n.len;
        if let Some(unit) = unit_after(s, after).filter(|u| !counts_places(s, i, &n, u)) {
            push_score(s, base, i, n, unit, out);
            i = after;
            continue;
        }
        if let Some((second_start, second, unit)) = range_second(s, i, after) {
            // "8,5 - 9%": both ends take the unit and the whole text.
            let first = Unit {
                unit: unit.unit,
                max: None,
                end: unit.end,
            };
            push_score(s, base, i, n, first, out);
            push_score(s, base, i, second, unit, out);
            i = second_start + second.len;
            continue;
        }
        if let Some((unit_start, linked)) = points_before(s, i) {
            let (max, end) = match slash_number(s, after) {
                Some((m, end)) => (Some(m.value), end),
                None => (None, after),
            };
            if linked && !linked_points_end_ok(s, end) {
                i = number::token_end(s, i).max(i + 1);
                continue;
            }
            let unit = Unit {
                unit: POINTS,
                max,
                end,
            };
            push_score(s, base, unit_start, n, unit, out);
            i = end;
            continue;
        }
        i = number::token_end(s, i).max(i + 1);
    }
}

/// Pushes a score whose text starts at `start`; a directly preceding
/// "tăng"/"giảm" makes it a change and joins its text.
fn push_score(s: &str, base: usize, start: usize, n: Number, unit: Unit, out: &mut Vec<Score>) {
    let (start, sign) = match change_before(s, start) {
        Some((verb_start, sign)) => (verb_start, Some(sign)),
        None => (start, None),
    };
    let Some(text) = s.get(start..unit.end) else {
        return;
    };
    out.push(Score {
        text: text.to_string(),
        value: sign.map_or(n.value, |sign| sign * n.value),
        max: unit.max,
        unit: unit.unit.to_string(),
        change: sign.is_some(),
        metric: None,
        start: base + start,
        end: base + unit.end,
    });
}

/// Skips spaces (including no-break spaces) from `at`.
fn skip_spaces(s: &str, at: usize) -> usize {
    let rest = s.get(at..).unwrap_or("");
    at + (rest.len() - rest.trim_start_matches([' ', '\u{a0}', '\t']).len())
}

/// The unit written after a number ending at `after`: "%", "điểm" or "/N điểm".
fn unit_after(s: &str, after: usize) -> Option<Unit> {
    let at = skip_spaces(s, after);
    let rest = s.get(at..)?;
    if rest.starts_with(PERCENT) {
        return Some(Unit {
            unit: PERCENT,
            max: None,
            end: at + PERCENT.len(),
        });
    }
    if rest.starts_with(PERCENT_WORDS) && word_start_at(s, at + PERCENT_WORDS.len()) {
        return Some(Unit {
            unit: PERCENT,
            max: None,
            end: at + PERCENT_WORDS.len(),
        });
    }
    if let Some(end) = points_word(s, at) {
        // "95 điểm/100 điểm": the maximum after the unit.
        if let Some((max, max_end)) = slash_number(s, end) {
            let max_end = points_word(s, skip_spaces(s, max_end)).unwrap_or(max_end);
            return Some(Unit {
                unit: POINTS,
                max: Some(max.value),
                end: max_end,
            });
        }
        return Some(Unit {
            unit: POINTS,
            max: None,
            end,
        });
    }
    let (max, max_end) = slash_number(s, after)?;
    let end = points_word(s, skip_spaces(s, max_end))?;
    Some(Unit {
        unit: POINTS,
        max: Some(max.value),
        end,
    })
}

/// "tại 40 điểm", "có 3 điểm": a count of places or items, not points.
fn counts_places(s: &str, start: usize, n: &Number, unit: &Unit) -> bool {
    // A fraction ("94,696 điểm") or a maximum ("7,5/12 điểm") is always points.
    if unit.unit != POINTS || unit.max.is_some() || !n.integer {
        return false;
    }
    let head = s
        .get(..start)
        .unwrap_or("")
        .trim_end_matches([' ', '\u{a0}']);
    PLACE_PREPOSITIONS.iter().any(|w| {
        head.strip_suffix(w)
            .is_some_and(|cut| word_start(head, cut.len()))
    })
}

/// "/N" right after a number: the maximum, and where it ends.
fn slash_number(s: &str, after: usize) -> Option<(Number, usize)> {
    if s.as_bytes().get(after) != Some(&b'/') {
        return None;
    }
    let max = number::parse_at(s, after + 1)?;
    let end = after + 1 + max.len;
    // "07/18/2021" or "4/2024/NĐ-CP" is a date or a document symbol.
    if s.as_bytes().get(end) == Some(&b'/') {
        return None;
    }
    Some((max, end))
}

/// The end of the word "điểm" at `at` when it means points, not a place.
fn points_word(s: &str, at: usize) -> Option<usize> {
    let rest = s.get(at..)?;
    if !rest.starts_with(POINTS) {
        return None;
    }
    let end = at + POINTS.len();
    let tail = &s[end..];
    if tail.chars().next().is_some_and(is_alphanumeric) {
        return None;
    }
    let next = tail.trim_start_matches([' ', '\u{a0}']);
    let may_be_place = next
        .bytes()
        .next()
        .is_some_and(|b| PLACE_WORD_FIRSTS[usize::from(b)]);
    let is_place = may_be_place
        && PLACE_WORDS
            .iter()
            .any(|w| next.starts_with(w) && !next[w.len()..].starts_with(is_alphanumeric));
    (!is_place).then_some(end)
}

/// "8,5 - 9%" or "từ 80 đến 90%": a second number with a unit after the first.
fn range_second(s: &str, start: usize, after: usize) -> Option<(usize, Number, Unit)> {
    let at = skip_spaces(s, after);
    let rest = s.get(at..)?;
    let dash = rest.chars().next()?;
    let joint_len = if matches!(dash, '-' | '–' | '—') {
        dash.len_utf8()
    } else if opens_with_tu(s, start) {
        ["đến ", "tới "]
            .iter()
            .find(|w| rest.starts_with(*w))
            .map(|w| w.len())?
    } else {
        return None;
    };
    let second_start = skip_spaces(s, at + joint_len);
    let second = number::parse_at(s, second_start)?;
    let unit = unit_after(s, second_start + second.len)?;
    // A range has one unit and no maximum; "2021 - 2025" has none at all.
    (unit.max.is_none()).then_some((second_start, second, unit))
}

/// The word "từ" ("from") stands right before the number at `start`.
fn opens_with_tu(s: &str, start: usize) -> bool {
    let head = s
        .get(..start)
        .unwrap_or("")
        .trim_end_matches([' ', '\u{a0}']);
    ["từ", "Từ"].iter().any(|w| {
        head.strip_suffix(w)
            .is_some_and(|cut| word_start(head, cut.len()))
    })
}

/// Words that may join a unit phrase to its number ("điểm trung bình là 8,09").
const POINTS_LINKS: &[&str] = &["là", "đạt", ":"];

/// Where a unit phrase such as "số điểm" ends right before the number at `start`,
/// directly or through one linking word.
fn points_before(s: &str, start: usize) -> Option<(usize, bool)> {
    let head = s.get(..start)?.trim_end_matches([' ', '\u{a0}']);
    phrase_ending(head).map(|at| (at, false)).or_else(|| {
        let link = POINTS_LINKS.iter().find(|w| {
            head.strip_suffix(**w)
                .is_some_and(|cut| word_start(head, cut.len()))
        })?;
        phrase_ending(head[..head.len() - link.len()].trim_end_matches([' ', '\u{a0}']))
            .map(|at| (at, true))
    })
}

/// Words that may follow a linked score ("điểm trung bình là 8,09, tăng…").
const AFTER_LINKED_POINTS: &[&str] = &[
    "so", "và", "trên", "tăng", "giảm", "cao", "thấp", "xếp", "đứng",
];

/// After a score joined by a linking word, the clause ends or goes on with a
/// comparison: "số điểm đạt 12 điểm cầu" or "là 3 đơn vị" count things.
fn linked_points_end_ok(s: &str, end: usize) -> bool {
    let tail = s
        .get(end..)
        .unwrap_or("")
        .trim_start_matches([' ', '\u{a0}']);
    match tail.chars().next() {
        None => true,
        Some(c) if !is_alphanumeric(c) => true,
        Some(_) => {
            let word: String = tail
                .split(|c: char| !is_alphanumeric(c))
                .next()
                .unwrap_or("")
                .to_lowercase();
            AFTER_LINKED_POINTS.contains(&word.as_str())
        }
    }
}

/// Where a unit phrase of `POINTS_BEFORE` that ends `head` starts; "trên tổng
/// điểm là 80" gives the scale, not a score.
fn phrase_ending(head: &str) -> Option<usize> {
    let at = phrase_start(head)?;
    let before = head[..at].trim_end_matches([' ', '\u{a0}']);
    let out_of = before
        .strip_suffix("trên")
        .is_some_and(|cut| word_start(before, cut.len()));
    (!out_of).then_some(at)
}

/// The last two bytes of each of [`POINTS_BEFORE`], which a capitalized first letter
/// leaves as they are.
static POINTS_BEFORE_ENDS: LazyLock<bytescan::BytePairs> = LazyLock::new(|| {
    bytescan::BytePairs::new(
        POINTS_BEFORE
            .iter()
            .map(|phrase| &phrase.as_bytes()[phrase.len() - 2..]),
    )
});

fn phrase_start(head: &str) -> Option<usize> {
    if !POINTS_BEFORE_ENDS.holds_at(head.as_bytes(), head.len().checked_sub(2)?) {
        return None;
    }
    POINTS_BEFORE.iter().find_map(|phrase| {
        let lower_hit = head.ends_with(phrase);
        let phrase_start = head.len().checked_sub(phrase.len())?;
        let upper_hit = !lower_hit
            && head
                .get(phrase_start..)
                .is_some_and(|tail| capitalized_eq(tail, phrase));
        ((lower_hit || upper_hit) && word_start(head, phrase_start)).then_some(phrase_start)
    })
}

/// `text` equals `phrase` with its first letter capitalized ("Số điểm").
fn capitalized_eq(text: &str, phrase: &str) -> bool {
    let mut a = text.chars();
    let mut b = phrase.chars();
    // The tails first: comparing them is cheap, lowercasing is not.
    match (a.next(), b.next()) {
        (Some(x), Some(y)) => a.as_str() == b.as_str() && x.to_lowercase().eq(y.to_lowercase()),
        _ => false,
    }
}

/// No letter or digit stands right at `at`: a word ended before it.
fn word_start_at(s: &str, at: usize) -> bool {
    s.get(at..)
        .and_then(|t| t.chars().next())
        .map_or(true, |c| !is_alphanumeric(c))
}

/// No letter or digit stands right before `at`.
fn word_start(s: &str, at: usize) -> bool {
    s.get(..at)
        .and_then(|h| h.chars().next_back())
        .map_or(true, |c| !is_alphanumeric(c))
}

/// "tăng"/"giảm" right before the number at `start` (qualifiers such as
/// "thêm" allowed between): where the verb starts and the sign it gives.
fn change_before(s: &str, start: usize) -> Option<(usize, f64)> {
    let mut head = s.get(..start)?.trim_end_matches([' ', '\u{a0}']);
    while head
        .bytes()
        .last()
        .is_some_and(|b| QUALIFIER_LASTS[usize::from(b)])
    {
        let stripped = CHANGE_QUALIFIERS.iter().find_map(|q| {
            let cut = head.strip_suffix(q)?;
            word_start(head, cut.len()).then(|| cut.trim_end_matches([' ', '\u{a0}']))
        });
        match stripped {
            Some(shorter) if shorter.len() < head.len() => head = shorter,
            _ => break,
        }
    }
    // The verbs end in "g" or "m".
    if !head.ends_with(['g', 'm']) {
        return None;
    }
    for (verb, sign) in CHANGE_VERBS {
        if let Some(cut) = head.strip_suffix(verb) {
            let compound = COMPOUND_CUTS.iter().any(|c| {
                cut.trim_end_matches(' ')
                    .strip_suffix(c)
                    .is_some_and(|rest| word_start(cut, rest.len()))
            });
            if word_start(head, cut.len()) && !compound {
                return Some((cut.len(), sign));
            }
        }
    }
    None
}

/// Index names in a sentence as (start, end, text), ordered by start.
fn index_mentions(s: &str) -> Vec<(usize, usize)> {
    let mut mentions: Vec<(usize, usize)> = Vec::new();
    if let Some(names) = INDEX_NAMES.as_ref() {
        for m in names.find_iter(s, may_open_index_name) {
            let clean_end = !s[m.end()..].starts_with(is_alphanumeric);
            if word_start(s, m.start()) && clean_end {
                mentions.push((m.start(), m.end()));
            }
        }
    }
    let may_hold_year_index = INDEX_YEAR_PARTS
        .iter()
        .all(|part| part.find(s.as_bytes()).is_some());
    if let Some(with_year) = INDEX_WITH_YEAR.as_ref().filter(|_| may_hold_year_index) {
        for m in with_year.find_iter(s) {
            if word_start(s, m.start()) {
                mentions.push((m.start(), m.end()));
            }
        }
    }
    // For one start, the longest mention wins.
    mentions.sort_by_key(|&(start, end)| (start, std::cmp::Reverse(end)));
    mentions.dedup_by_key(|m| m.0);
    mentions
}

/// The index named last before `at` in the sentence. A name in parentheses
/// glosses the one before it ("chỉ số SIPAS (chỉ số hài lòng…)"), so that one wins.
fn nearest_mention(mentions: &[(usize, usize)], at: usize, s: &str) -> Option<String> {
    let before: Vec<&(usize, usize)> = mentions.iter().filter(|&&(_, end)| end <= at).collect();
    let outside = before
        .iter()
        .rev()
        .find(|&&&(start, end)| !in_parentheses(s, start, end));
    outside
        .or(before.last())
        .and_then(|&&(start, end)| s.get(start..end))
        .map(str::to_string)
}

/// `start..end` of `s` lies between an open and a close parenthesis.
fn in_parentheses(s: &str, start: usize, end: usize) -> bool {
    let opened = s[..start]
        .rfind('(')
        .is_some_and(|open| !s[open..start].contains(')'));
    opened
        && s[end..]
            .find(')')
            .is_some_and(|close| !s[end..end + close].contains('('))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Vec<Score> {
        crate::extract::run_on(text, None, extract)
    }

    /// The end-pair check lets every phrase through, as written and capitalized.
    #[test]
    fn points_phrases_pass_their_end_check() {
        for phrase in POINTS_BEFORE {
            let mut chars = phrase.chars();
            let first = chars.next().map(|c| c.to_uppercase().to_string());
            let capitalized = first.unwrap_or_default() + chars.as_str();
            for form in [phrase.to_string(), capitalized] {
                let head = format!("Tỉnh có {form}");
                assert_eq!(phrase_start(&head), Some("Tỉnh có ".len()), "{form}");
            }
        }
        assert_eq!(phrase_start("đạt"), None);
        assert_eq!(phrase_start("m"), None);
    }

    /// The index names found where one may open are those a full scan finds.
    #[test]
    fn gated_index_names_equal_a_full_scan() {
        let texts = [
            "Chỉ số PAR INDEX 2023, chỉ số cải cách hành chính (PAR Index) và SIPAS index.",
            "CHỈ SỐ CCHC, papi, Pci, dTI, ICT index, GII/PII, DDCI, PGI, SIPASINDEX, aPCI.",
            "Chỉ số hài lòng của người dân, tổ chức đối với sự phục vụ; Chỉ số năng lực cạnh tranh cấp tỉnh",
            "",
        ];
        let names = INDEX_NAMES.as_ref().expect("index names build");
        bytescan::assert_same_as_full_scan(
            &INDEX_NAME_LIST,
            names,
            true,
            may_open_index_name,
            &texts,
        );
    }

    /// Every match of the index-with-year rule holds both literal parts its gate asks
    /// for, so a sentence without one has no match.
    #[test]
    fn index_year_gate_is_necessary() {
        let texts = [
            "Chỉ số cải cách hành chính năm 2021 của huyện đạt 80,28 điểm.",
            "chỉ số PAR INDEX năm 2023 và Chỉ số SIPAS năm 2022 đạt 85%.",
            "Chỉ số năm 2021 đạt 90%; chỉ số hài lòng năm 20 đạt 9 điểm.",
            "CHỈ SỐ PCI NĂM 2021 đạt 70 điểm, chỉ số a b c d e f g h i j k năm 2020.",
        ];
        let re = INDEX_WITH_YEAR.as_ref().expect("rule builds");
        let mut matched = 0;
        for text in texts {
            for m in re.find_iter(text) {
                matched += 1;
                for part in INDEX_YEAR_PARTS.iter() {
                    assert!(part.find(m.as_str().as_bytes()).is_some(), "{}", m.as_str());
                }
            }
        }
        assert!(matched >= 3);
    }

    /// (value, max, unit, change, text)
    type Expected = (f64, Option<f64>, &'static str, bool, &'static str);

    #[test]
    fn scores_in_real_forms() {
        let cases: &[(&str, &[Expected])] = &[
            (
                "Chỉ số của huyện đạt 80,28/100 điểm, cao hơn năm trước.",
                &[(80.28, Some(100.0), "điểm", false, "80,28/100 điểm")],
            ),
            (
                "Riêng môn Toán, học sinh của huyện đạt điểm trung bình là 7,215, tăng 0,4 điểm.",
                &[
                    (7.215, None, "điểm", false, "điểm trung bình là 7,215"),
                    (0.4, None, "điểm", true, "tăng 0,4 điểm"),
                ],
            ),
            (
                "Năm nay xã đạt 92 điểm/100 điểm, cao hơn năm trước.",
                &[(92.0, Some(100.0), "điểm", false, "92 điểm/100 điểm")],
            ),
            (
                "Chỉ số hài lòng của xã có số điểm đạt 88/100, cao nhất huyện.",
                &[(88.0, Some(100.0), "điểm", false, "số điểm đạt 88/100")],
            ),
            (
                "Kết quả thẩm định của thị xã đạt 79,08%, đứng đầu khối.",
                &[(79.08, None, "%", false, "79,08%")],
            ),
            (
                "Tỷ lệ cán bộ hài lòng đạt 82,51 % trong năm qua.",
                &[(82.51, None, "%", false, "82,51 %")],
            ),
            (
                "Điểm của huyện tăng 2,30 điểm so với năm 2020.",
                &[(2.30, None, "điểm", true, "tăng 2,30 điểm")],
            ),
            (
                "Tỷ lệ hộ nghèo giảm 1,5% so với cùng kỳ.",
                &[(-1.5, None, "%", true, "giảm 1,5%")],
            ),
            (
                "Thu ngân sách tăng 7,57% so với năm 2020.",
                &[(7.57, None, "%", true, "tăng 7,57%")],
            ),
            (
                "Đứng thứ 5 với số điểm 87/90 là các cục hải quan phía Nam.",
                &[(87.0, Some(90.0), "điểm", false, "số điểm 87/90")],
            ),
            (
                "Hải quan tỉnh đứng thứ 11 với điểm số 84; các đơn vị còn lại thấp hơn.",
                &[(84.0, None, "điểm", false, "điểm số 84")],
            ),
            (
                "Phấn đấu tăng trưởng kinh tế đạt 8,5 - 9% trong năm nay.",
                &[
                    (8.5, None, "%", false, "8,5 - 9%"),
                    (9.0, None, "%", false, "8,5 - 9%"),
                ],
            ),
            (
                "Tỷ lệ đầu tư xã hội trên GRDP đạt 31 – 32%.",
                &[
                    (31.0, None, "%", false, "31 – 32%"),
                    (32.0, None, "%", false, "31 – 32%"),
                ],
            ),
            (
                "Trên 90% hồ sơ được giải quyết đúng hạn, gần 40% nộp trực tuyến.",
                &[
                    (90.0, None, "%", false, "90%"),
                    (40.0, None, "%", false, "40%"),
                ],
            ),
            (
                "Năm nay trường đạt gần 80 điểm trong kỳ đánh giá.",
                &[(80.0, None, "điểm", false, "80 điểm")],
            ),
            (
                "Tốc độ tăng trưởng ước đạt 10,36%, vượt kế hoạch.",
                &[(10.36, None, "%", false, "10,36%")],
            ),
            (
                "Tỷ lệ che phủ rừng đạt từ 57 đến 58% vào cuối năm.",
                &[
                    (57.0, None, "%", false, "57 đến 58%"),
                    (58.0, None, "%", false, "57 đến 58%"),
                ],
            ),
            (
                "Tỷ lệ hồ sơ nộp trực tuyến đạt 54.9% trong quý.",
                &[(54.9, None, "%", false, "54.9%")],
            ),
            (
                "Chỉ số PAR Index của thị xã đạt 94,696 điểm.",
                &[(94.696, None, "điểm", false, "94,696 điểm")],
            ),
            (
                "Điểm trung bình tăng thêm 3 điểm so với kỳ trước.",
                &[(3.0, None, "điểm", true, "tăng thêm 3 điểm")],
            ),
            (
                "Sở kiến nghị cắt giảm 25% thời gian giải quyết thủ tục.",
                &[(25.0, None, "%", false, "25%")],
            ),
            (
                "Trường có 12 học sinh đạt 27,5 điểm, cao nhất là 29,25 điểm.",
                &[
                    (27.5, None, "điểm", false, "27,5 điểm"),
                    (29.25, None, "điểm", false, "29,25 điểm"),
                ],
            ),
            (
                "Lãi suất cho vay giảm 0,5 phần trăm so với đầu năm.",
                &[(-0.5, None, "%", true, "giảm 0,5 phần trăm")],
            ),
            (
                "Kim ngạch xuất khẩu tăng tương ứng 12,4% và 8%.",
                &[
                    (12.4, None, "%", true, "tăng tương ứng 12,4%"),
                    (8.0, None, "%", false, "8%"),
                ],
            ),
            (
                "Giá trị sản xuất tăng từ 80% lên 85% nhưng tỷ lệ nghèo giảm xuống còn 3%.",
                &[
                    (80.0, None, "%", false, "80%"),
                    (85.0, None, "%", false, "85%"),
                    (3.0, None, "%", false, "3%"),
                ],
            ),
            (
                "Doanh thu dự kiến tăng 8 - 10% so với năm trước.",
                &[
                    (8.0, None, "%", true, "tăng 8 - 10%"),
                    (10.0, None, "%", true, "tăng 8 - 10%"),
                ],
            ),
            (
                "Chi cho giáo dục chiếm khoảng 16% tổng chi ngân sách.",
                &[(16.0, None, "%", false, "16%")],
            ),
        ];
        for (sentence, expected) in cases {
            let got: Vec<_> = run(sentence)
                .into_iter()
                .map(|s| (s.value, s.max, s.unit, s.change, s.text))
                .collect();
            let want: Vec<_> = expected
                .iter()
                .map(|&(v, m, u, c, t)| (v, m, u.to_string(), c, t.to_string()))
                .collect();
            assert_eq!(got, want, "{sentence}");
        }
    }

    #[test]
    fn not_scores() {
        let cases = [
            "Quận Đống Đa thu ngân sách đạt 9.300 tỷ đồng trong 6 tháng.",
            "Toàn tỉnh tiếp nhận 42.420 hồ sơ thủ tục hành chính.",
            "Có 57/60 đại biểu tán thành nghị quyết.",
            "Đã giải quyết 4.572/4.572 hồ sơ đúng hạn.",
            "Tỉnh đã bố trí 35 điểm thi (tăng 1 điểm thi so với năm trước).",
            "Hội nghị được kết nối tới 3 điểm cầu của huyện.",
            "Tổng số điểm đạt chuẩn là 12 trạm, phân bố đều ở các xã.",
            "Mức điểm là 3 đơn vị tùy theo loại hồ sơ.",
            "Huyện dẫn đầu với 46,04 (trên tổng điểm là 80), cao hơn bình quân.",
            "Hệ số quy đổi giữa các khối về thang điểm 100 như sau.",
            "Năm 2022, Chỉ số PAR Index của thị xã đạt 93,77 đứng thứ 3 toàn tỉnh.",
            "Ngày 14.9.2022, huyện tổ chức hội nghị.",
            "Huyện xếp thứ 07/18 huyện, thị xã, thành phố thuộc tỉnh.",
            "Đối với cục hải quan tỉnh là K1=10/9, cục trực thuộc là K2=10/7.",
            "Luật mới có 5 điểm mới đáng chú ý.",
            "Đợt tiêm chủng được tổ chức tại 40 điểm trên toàn huyện.",
            "Huyện bố trí 12 điểm trên địa bàn để người dân nộp hồ sơ.",
            "Báo cáo chỉ ra 5 điểm nghẽn trong giải ngân vốn đầu tư công.",
            "Thông tư có 3 điểm đáng chú ý đối với người nộp thuế.",
            "Giai đoạn 2021 - 2025 tỉnh đạt nhiều thành tựu.",
            "Từ 2020 đến nay, tỉnh đã cấp 1.200 giấy phép.",
        ];
        for sentence in cases {
            let got = run(sentence);
            assert!(got.is_empty(), "{sentence}: {got:?}");
        }
    }

    #[test]
    fn offsets_slice_back_and_metric_is_nearest() {
        let text = "Tin tức\n\nChỉ số cải cách hành chính năm 2021 của huyện đạt 80,28/100 điểm; chỉ số SIPAS (chỉ số hài lòng của người dân) đạt 82,51%.";
        let scores = run(text);
        assert_eq!(scores.len(), 2);
        for s in &scores {
            assert_eq!(&text[s.start..s.end], s.text);
        }
        assert_eq!(
            scores[0].metric.as_deref(),
            Some("Chỉ số cải cách hành chính năm 2021")
        );
        assert_eq!(scores[1].metric.as_deref(), Some("SIPAS"));
        let plain = run("Tỷ lệ hồ sơ đúng hạn đạt 98%.");
        assert_eq!(plain[0].metric, None);
    }

    /// A word can only be stripped from or found at a text's edge where the byte gates
    /// let it: every place word opens with a byte of its set, every qualifier ends with
    /// one of its set, and every verb of change ends in "g" or "m".
    #[test]
    fn byte_gates_hold_every_word() {
        for w in PLACE_WORDS.iter() {
            assert!(PLACE_WORD_FIRSTS[usize::from(w.as_bytes()[0])], "{w}");
        }
        for q in CHANGE_QUALIFIERS {
            assert!(
                QUALIFIER_LASTS[usize::from(q.as_bytes()[q.len() - 1])],
                "{q}"
            );
        }
        for (verb, _) in CHANGE_VERBS {
            assert!(verb.ends_with(['g', 'm']), "{verb}");
        }
        let texts = [
            ("tăng thêm gần 2 điểm", Some((0, 1.0))),
            ("cắt giảm 3%", None),
            ("giảm xấp xỉ 4 điểm", Some((0, -1.0))),
            ("Tăng bình quân 1,5%", Some((0, 1.0))),
            ("đạt 5 điểm", None),
        ];
        for (text, want) in texts {
            let at = text.find(|c: char| c.is_ascii_digit()).unwrap_or(0);
            assert_eq!(change_before(text, at), want, "{text}");
        }
    }

    #[test]
    fn lexicons_parse_without_duplicates() {
        for source in [
            include_str!("../lexicon/indices.tsv"),
            include_str!("../lexicon/score_place_words.tsv"),
        ] {
            let mut seen = std::collections::BTreeSet::new();
            for row in lexicon::rows(source) {
                assert_eq!(row.len(), 1, "{row:?}");
                let key = row[0].to_lowercase();
                assert!(!key.is_empty());
                assert!(seen.insert(key), "duplicate {row:?}");
                use unicode_normalization::UnicodeNormalization;
                assert_eq!(row[0].nfc().collect::<String>(), row[0], "not NFC");
            }
        }
        assert!(INDEX_NAMES.is_some());
        assert!(INDEX_WITH_YEAR.is_some());
    }
}
