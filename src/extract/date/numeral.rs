//! `day_numeric` and `year_range` matched by hand: the numeral ("14/9",
//! "14/9/2022", "14/9 năm 2022", "2021 - 2025") is read off the bytes, and the
//! words that may lead it ("ngày", "Sáng thứ Hai,", "trước", "giai đoạn") are found
//! by a reverse DFA built from the rule's own lead patterns, run back from the
//! numeral. Where a digit of another script could change the match, the hand
//! reading gives up and the regex decides.

use std::ops::Range;

use regex_automata::dfa::{dense, Automaton, StartKind};
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::{Anchored, Input, MatchKind, PatternID};

use super::window::{reach, space_at};

/// The groups of a `day_numeric` match.
pub(super) struct DayNumeral<'t> {
    /// The lead is a prefix ("ngày", "sáng thứ Hai,").
    pub pre: bool,
    /// The lead is a soft word ("trước").
    pub soft: bool,
    pub day: &'t str,
    pub s1: &'t str,
    pub month: &'t str,
    pub s2: Option<&'t str>,
    pub y: Option<&'t str>,
    pub yn: Option<&'t str>,
    /// Where the day starts and the match ends.
    pub day_start: usize,
    pub end: usize,
}

/// A rule's leads (each a pattern, in the order the rule tries them) compiled in
/// reverse: run back from a numeral, every match state met marks where a lead
/// ending right before the numeral starts.
pub(super) struct Leads {
    dfa: dense::DFA<Vec<u32>>,
}

impl Leads {
    pub fn new(patterns: &[String]) -> Self {
        let dfa = dense::Builder::new()
            .configure(
                dense::Config::new()
                    .match_kind(MatchKind::All)
                    .start_kind(StartKind::Anchored),
            )
            .thompson(
                thompson::Config::new()
                    .reverse(true)
                    .which_captures(WhichCaptures::None),
            )
            .build_many(patterns)
            .unwrap_or_else(|e| panic!("leads {patterns:?}: {e}"));
        Leads { dfa }
    }

    /// The leftmost start from `lo` of a lead ending at `end`, and whether the
    /// first pattern is a lead there.
    pub fn before(&self, text: &str, lo: usize, end: usize) -> Option<(usize, bool)> {
        let dfa = &self.dfa;
        let input = Input::new(text).range(lo..end).anchored(Anchored::Yes);
        let mut state = dfa.start_state_reverse(&input).ok()?;
        let is_pre = |state| {
            (0..dfa.match_len(state)).any(|i| dfa.match_pattern(state, i) == PatternID::ZERO)
        };
        let mut found = None;
        let bytes = text.as_bytes();
        // Matches are reported one byte late: a match state after the byte at
        // `i` means a lead starting at `i + 1`.
        for i in (lo..end).rev() {
            state = dfa.next_state(state, *bytes.get(i)?);
            if dfa.is_match_state(state) {
                found = Some((i + 1, is_pre(state)));
            } else if dfa.is_dead_state(state) || dfa.is_quit_state(state) {
                return found;
            }
        }
        state = dfa.next_eoi_state(state);
        if dfa.is_match_state(state) {
            found = Some((lo, is_pre(state)));
        }
        found
    }
}

/// A digit of the pattern's `\d` at `i`: `Some(true)` for an ASCII digit,
/// `Some(false)` for a char that is no digit, `None` for a char beyond ASCII that
/// may be one (the hand reading then gives up).
fn digit_at(text: &str, i: usize) -> Option<bool> {
    match text.as_bytes().get(i) {
        None => Some(false),
        Some(b) if b.is_ascii() => Some(b.is_ascii_digit()),
        Some(_) => match text.get(i..)?.chars().next() {
            Some(c) if c.is_numeric() => None,
            _ => Some(false),
        },
    }
}

fn separator_at(text: &str, i: usize) -> bool {
    matches!(text.as_bytes().get(i), Some(b'/' | b'.' | b'-'))
}

/// The end of the run of whitespace chars from `i` (`i` when there is none).
fn spaces_from(text: &str, mut i: usize) -> usize {
    while space_at(text, i) == Some(true) {
        i += text
            .get(i..)
            .and_then(|t| t.chars().next())
            .map_or(1, char::len_utf8);
    }
    i
}

/// `\d{4}` at `i`: its end, `Some(None)` when there is no such match.
fn four_digits(text: &str, i: usize) -> Option<Option<usize>> {
    for k in i..i + 4 {
        if !digit_at(text, k)? {
            return Some(None);
        }
    }
    Some(Some(i + 4))
}

/// `\d{1,2}` at `i` (greedy) when `then` holds right after it: its end.
fn one_or_two_digits(text: &str, i: usize, then: impl Fn(usize) -> bool) -> Option<Option<usize>> {
    if !digit_at(text, i)? {
        return Some(None);
    }
    if digit_at(text, i + 1)? && then(i + 2) {
        return Some(Some(i + 2));
    }
    Some(then(i + 1).then_some(i + 1))
}

/// The numeral part of `day_numeric` at `i`:
/// `(?P<d>\d{1,2})(?P<s1>[/.\-])(?P<m>\d{1,2})(?:(?P<s2>[/.\-])(?P<y>\d{4})|\s+năm\s+(?P<yn>\d{4}))?`,
/// as leftmost-first matching reads it. `Some(None)` when it does not match there,
/// `None` when a char beyond ASCII may be a digit.
fn numeral_at(text: &str, i: usize) -> Option<Option<DayNumeral<'_>>> {
    let Some(day_end) = one_or_two_digits(text, i, |k| separator_at(text, k))? else {
        return Some(None);
    };
    let Some(month_end) = one_or_two_digits(text, day_end + 1, |_| true)? else {
        return Some(None);
    };
    let mut numeral = DayNumeral {
        pre: false,
        soft: false,
        day: text.get(i..day_end)?,
        s1: text.get(day_end..day_end + 1)?,
        month: text.get(day_end + 1..month_end)?,
        s2: None,
        y: None,
        yn: None,
        day_start: i,
        end: month_end,
    };
    if separator_at(text, month_end) {
        if let Some(end) = four_digits(text, month_end + 1)? {
            numeral.s2 = text.get(month_end..month_end + 1);
            numeral.y = text.get(month_end + 1..end);
            numeral.end = end;
            return Some(Some(numeral));
        }
    }
    let word = spaces_from(text, month_end);
    if word > month_end && nam_at(text, word) {
        let year = spaces_from(text, word + "năm".len());
        if year > word + "năm".len() {
            if let Some(end) = four_digits(text, year)? {
                numeral.yn = text.get(year..end);
                numeral.end = end;
            }
        }
    }
    Some(Some(numeral))
}

/// "năm" at `i` in any case: n, ă and m have no other case-folding partners.
fn nam_at(text: &str, i: usize) -> bool {
    starts_with_either_case(
        text.get(i..).unwrap_or(""),
        &[['n', 'N'], ['ă', 'Ă'], ['m', 'M']],
    )
}

/// `text` starts with one letter of each pair in turn.
fn starts_with_either_case(text: &str, letters: &[[char; 2]]) -> bool {
    let mut chars = text.chars();
    letters
        .iter()
        .all(|cases| chars.next().is_some_and(|c| cases.contains(&c)))
}

/// The leftmost `year_range` match from `at` starting before the end of `anchor`,
/// a run of four ASCII digits (the context test passes no other run but those
/// beyond ASCII, left to the regex):
/// `(?:LEAD\s+)?(?P<a>\d{4})\s*(?:[\-–—]|đến(?:\s+năm)?)\s*(?P<b>\d{4})`. A match
/// starting before the run has its first year there, or (its year in a longer run)
/// a glued left side that the reader turns down.
pub(super) fn find_year_range(
    leads: &Leads,
    text: &str,
    anchor: &Range<usize>,
    at: usize,
) -> Option<Option<Range<usize>>> {
    let run = text.as_bytes().get(anchor.clone())?;
    if run.len() != 4 || !run.iter().all(u8::is_ascii_digit) {
        return None;
    }
    if at > anchor.start {
        return Some(None);
    }
    let Range {
        start: floor,
        end: ceiling,
    } = reach(text, anchor);
    let cut = text.get(..ceiling)?;
    let mut i = spaces_from(cut, anchor.end);
    let rest = cut.get(i..)?;
    if let Some(dash) = ['-', '–', '—'].into_iter().find(|&d| rest.starts_with(d)) {
        i += dash.len_utf8();
    } else if starts_with_den(rest) {
        i += "đến".len();
        // "đến năm 2025": the year word goes with "đến" when spaces part them.
        let word = spaces_from(cut, i);
        if word > i && nam_at(cut, word) {
            let year = spaces_from(cut, word + "năm".len());
            if let Some(end) = four_digits(cut, year)? {
                let start = leads.before(text, at.max(floor), anchor.start);
                return Some(Some(start.map_or(anchor.start, |(s, _)| s)..end));
            }
        }
    } else {
        return Some(None);
    }
    let Some(end) = four_digits(cut, spaces_from(cut, i))? else {
        return Some(None);
    };
    let start = leads.before(text, at.max(floor), anchor.start);
    Some(Some(start.map_or(anchor.start, |(s, _)| s)..end))
}

/// The leftmost `month` match from `at`, over a one-word "tháng" followed by spaces
/// and an ASCII month number:
/// `(?i)tháng\s+(?:\d{1,2}|…)(?:\s*(?:[/.\-]|,?\s*năm)\s*\d{4})?`. Every match opens
/// at a "tháng", and each part of the pattern has one way to match there. `None` (the
/// regex decides) at a month in words, at a char beyond ASCII that may be a digit, and
/// past the anchor's [`reach`].
pub(super) fn find_month(
    text: &str,
    anchor: &Range<usize>,
    at: usize,
) -> Option<Option<Range<usize>>> {
    if anchor.len() != "tháng".len() {
        return None;
    }
    if at > anchor.start {
        return Some(None);
    }
    let month = spaces_from(text, anchor.end);
    if month == anchor.end || !digit_at(text, month)? {
        return None;
    }
    let month_end = if digit_at(text, month + 1)? {
        month + 2
    } else {
        month + 1
    };
    let year = |i: usize| four_digits(text, spaces_from(text, i));
    let mut i = spaces_from(text, month_end);
    let year_end = if separator_at(text, i) {
        year(i + 1)?
    } else {
        if text.as_bytes().get(i) == Some(&b',') {
            i = spaces_from(text, i + 1);
        }
        if nam_at(text, i) {
            year(i + "năm".len())?
        } else {
            None
        }
    };
    let end = year_end.unwrap_or(month_end);
    (end <= reach(text, anchor).end).then_some(Some(anchor.start..end))
}

/// "đến" in any case: đ, ế and n have no other case-folding partners.
fn starts_with_den(text: &str) -> bool {
    starts_with_either_case(text, &[['đ', 'Đ'], ['ế', 'Ế'], ['n', 'N']])
}

/// The leftmost `day_numeric` match from `at` starting before the end of `anchor`
/// (a day separator), as the regex finds it in the anchor's window; `None` when
/// digits beyond ASCII may be near.
pub(super) fn find(
    leads: &Leads,
    text: &str,
    anchor: &Range<usize>,
    at: usize,
) -> Option<Option<Range<usize>>> {
    if !text.as_bytes().get(anchor.clone())?.is_ascii() {
        return None;
    }
    let Range {
        start: floor,
        end: ceiling,
    } = reach(text, anchor);
    let cut = text.get(..ceiling)?;
    // A two-digit day may open one char before the anchor.
    let before = text.get(..anchor.start)?.chars().next_back();
    let first = match before {
        Some(c) if c.is_ascii_digit() => anchor.start - 1,
        Some(c) if !c.is_ascii() && c.is_numeric() => return None,
        _ => anchor.start,
    };
    for i in first.max(at)..anchor.end {
        if !digit_at(cut, i)? {
            continue;
        }
        // A lead holds no day separator, so the first numeral that matches
        // gives the leftmost match.
        if let Some(numeral) = numeral_at(cut, i)? {
            let start = leads
                .before(text, at.max(floor), i)
                .map_or(i, |(start, _)| start);
            return Some(Some(start..numeral.end));
        }
    }
    Some(None)
}

/// The groups of `whole`, a `day_numeric` match; `None` when they are not read
/// by hand.
pub(super) fn read<'t>(
    leads: &Leads,
    text: &'t str,
    whole: &Range<usize>,
) -> Option<DayNumeral<'t>> {
    let cut = text.get(..whole.end)?;
    let bytes = text.as_bytes();
    if bytes.get(whole.start)?.is_ascii_digit() {
        return numeral_at(cut, whole.start)?.filter(|n| n.end == whole.end);
    }
    // The numeral opens right after the lead's spaces; a lead may hold a digit
    // ("thứ 2"), so each digit after a space is tried.
    for i in whole.start + 1..whole.end {
        let after_space = bytes.get(i).is_some_and(u8::is_ascii_digit)
            && cut
                .get(..i)?
                .chars()
                .next_back()
                .is_some_and(char::is_whitespace);
        if !after_space {
            continue;
        }
        let Some(mut numeral) = numeral_at(cut, i)?.filter(|n| n.end == whole.end) else {
            continue;
        };
        if let Some((start, pre)) = leads.before(text, whole.start, i) {
            if start == whole.start {
                (numeral.pre, numeral.soft) = (pre, !pre);
                return Some(numeral);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::fold;
    use super::super::window::around;
    use super::*;

    /// [`find_month`] finds what the month regex finds in the anchor's window, from
    /// starts before, at and inside every "tháng" (any case) of the bundled and real
    /// articles and of sentences with odd spaces, digits of other scripts, capitals
    /// and years out of reach.
    #[test]
    fn month_matches_read_off_bytes_are_the_regex_ones() {
        let (_, regex, plan) = super::super::rules::rule_searches()
            .find(|(name, ..)| *name == "month")
            .expect("the month rule");
        let (_, runs) = plan.expect("the month rule is windowed");
        let far = format!(
            "tháng 5 /{}2024, tháng 6{}năm 2025",
            " ".repeat(250),
            "\n".repeat(252)
        );
        let mut texts = super::super::window::tests::with_bundled_corpus(&[
            "tháng 9/2022, THÁNG 12 NĂM 2023, Tháng\u{a0}5 , năm 2024, tháng 3,năm 2024, tháng 7 năm2024",
            "tháng 9 năm ٢٠٢٢, tháng ٩, tháng 1٢, tháng 10.2023x, tháng 3 -2024, tháng 123, tháng 9/20",
            "tháng 9/ 2022, tháng 9\u{2003}năm 2022, tháng Tư năm 2023, tháng 9 đã, tháng 1 Năm 2025",
            "tháng 5 nam 2024, tháng  6\n\n2024, tháng 9 nă\u{306}m 2022, tháng 11 nĂM 2021, tháng 4 năm",
            "tháng9, tháng 8 ,2024, tháng 2 - 2O24, tháng 6/2024/NĐ-CP, tháng 5.5, tháng\u{85}7/2023, tháng 5",
            &far,
        ]);
        texts.extend(super::super::window::tests::real_articles());
        let (mut matched, mut none) = (0, 0);
        for text in &texts {
            let mut last_end = 0;
            for (start, _) in text.char_indices() {
                if !fold::starts_with(&text[start..], "tháng") {
                    continue;
                }
                let anchor = start..start + "tháng".len();
                let window = around(text, &anchor, runs);
                for at in [last_end, start, start + 1] {
                    let Some(found) = find_month(text, &anchor, at) else {
                        continue;
                    };
                    let want = regex
                        .find_at(&text[..window.end], at.max(window.start))
                        .map(|m| m.range())
                        .filter(|m| m.start < anchor.end);
                    assert_eq!(found, want, "{:?} from {at}", &text[anchor.start..]);
                    matched += usize::from(found.is_some());
                    none += usize::from(found.is_none());
                }
                last_end = anchor.end;
            }
        }
        assert!(
            matched > 50 && none > 50,
            "{matched} matches and {none} none read"
        );
    }
}
