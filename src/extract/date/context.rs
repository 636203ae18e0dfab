//! Per rule, a cheap test of an anchor's own context that every match the rule
//! accepts must pass: an anchor that fails it is skipped before any window is
//! worked out or regex run. Each test is a necessary condition read off the rule's
//! pattern (and, where said, its clear-sides check or reader); when the bytes are
//! not plain ASCII around the anchor the test passes and the regex decides.

use std::ops::Range;
use std::sync::LazyLock;

use super::fold;
use super::numeral::Leads;
use super::window::{reach, space_at};
use super::words::WORDS;

/// May a match that the rule accepts overlap this anchor?
pub(super) type Near = fn(&str, &Range<usize>) -> bool;

/// Is `b` part of a number written with day separators ("14/9/2022", "9.300")?
fn in_numeral(b: u8) -> bool {
    b.is_ascii_digit() || matches!(b, b'/' | b'.' | b'-')
}

/// The four-digit run a year rule needs: a match's year is four digits with no
/// digit on either side (the sides are clear), so a longer run holds none. `None`
/// for a run with digits of other scripts.
pub(super) fn year_run(text: &str, anchor: &Range<usize>) -> Option<bool> {
    let run = text.as_bytes().get(anchor.clone())?;
    if !run.is_ascii() {
        return None;
    }
    Some(run.len() == 4)
}

/// `year_range`: "2021 - 2025", "2021 đến năm 2025". The run is the first year,
/// with a dash or "đến" after it, or the second, with one before it.
pub(super) fn year_range(text: &str, anchor: &Range<usize>) -> bool {
    match year_run(text, anchor) {
        None => true,
        Some(false) => false,
        Some(true) => {
            let after = text.get(anchor.end..).unwrap_or("").trim_start();
            let before = text.get(..anchor.start).unwrap_or("").trim_end();
            const DASHES: [char; 3] = ['-', '–', '—'];
            after.starts_with(DASHES)
                || after.starts_with(['đ', 'Đ'])
                || before.ends_with(DASHES)
                || fold::ends_with(before, "đến")
                || fold::ends_with(before, "năm")
                    && before
                        .get(..before.len() - "năm".len())
                        .map_or(true, |head| fold::ends_with(head.trim_end(), "đến"))
        }
    }
}

/// Where the leftmost match from `at` (the third argument) that starts before an
/// anchor's end is, for an anchor whose context test passed, read off the text
/// around it: `Some(None)` when there is none, `None` when the text does not tell
/// and the regex is to search the window.
pub(super) type Exact = fn(&str, &Range<usize>, usize) -> Option<Option<Range<usize>>>;

/// `bare_year` (`\d{4}`) over a run of digits: the run itself when it is four
/// ASCII digits (a run is all the digits in a row), none when it is longer.
pub(super) fn bare_year_match(
    text: &str,
    anchor: &Range<usize>,
    at: usize,
) -> Option<Option<Range<usize>>> {
    year_run(text, anchor).map(|four| (four && anchor.start >= at).then(|| anchor.clone()))
}

/// The text between the start of the anchor's [`reach`] and the anchor: a match
/// over the anchor opens inside it, as the window search would find it.
fn reach_before<'t>(text: &'t str, anchor: &Range<usize>) -> (usize, &'t str) {
    let floor = reach(text, anchor).start;
    (floor, text.get(floor..anchor.start).unwrap_or(""))
}

/// `year_after_nam` (`(?i)năm\s+\d{4}`) over a run of four ASCII digits: from the
/// "năm" before the spaces before the run to its end, when the three chars are
/// each the letter in either case (the only chars `(?i)` matches for them).
pub(super) fn year_after_nam_match(
    text: &str,
    anchor: &Range<usize>,
    at: usize,
) -> Option<Option<Range<usize>>> {
    if !year_run(text, anchor)? {
        return Some(None);
    }
    let (floor, before) = reach_before(text, anchor);
    let word = before.trim_end();
    let mut last = word.char_indices().rev();
    let letters = [['m', 'M'], ['ă', 'Ă'], ['n', 'N']];
    let start = letters.iter().try_fold(0, |_, cases| {
        last.next()
            .filter(|(_, c)| cases.contains(c))
            .map(|(i, _)| floor + i)
    });
    match start {
        Some(start) if word.len() < before.len() => {
            Some((start >= at).then_some(start..anchor.end))
        }
        _ => None,
    }
}

/// `year_after_nam`: "năm", spaces, then the run, all within its reach.
pub(super) fn year_after_nam(text: &str, anchor: &Range<usize>) -> bool {
    match year_run(text, anchor) {
        None => true,
        Some(false) => false,
        Some(true) => {
            let (_, before) = reach_before(text, anchor);
            let word = before.trim_end();
            word.len() < before.len() && fold::ends_with(word, "năm")
        }
    }
}

/// `quarter`: "quý" (any case), spaces and a roman or arabic numeral ("quý IV",
/// "Quý 3"), or "Q" and a digit from 1 to 4 ("Q3/2024").
pub(super) fn quarter(text: &str, anchor: &Range<usize>) -> bool {
    let bytes = text.as_bytes();
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    anchor.clone().any(|i| match at(i) {
        b'Q' if matches!(at(i + 1), b'1'..=b'4') => true,
        b'q' | b'Q' if matches!(at(i + 1), b'u' | b'U') && at(i + 2) == 0xC3 => {
            // ý is C3 BD, Ý is C3 9D.
            matches!(at(i + 3), 0xBD | 0x9D) && {
                let mut j = i + 4;
                while space_at(text, j) == Some(true) {
                    j += text
                        .get(j..)
                        .and_then(|t| t.chars().next())
                        .map_or(1, char::len_utf8);
                }
                j > i + 4 && matches!(at(j), b'i' | b'I' | b'1'..=b'4')
            }
        }
        _ => false,
    })
}

/// The text after a "tháng"/"nửa" anchor past at least one space, or `None` when
/// no space follows. An anchor of touching words passes as a whole.
fn after_word<'t>(text: &'t str, anchor: &Range<usize>) -> Option<&'t str> {
    let after = text.get(anchor.end..)?;
    let rest = after.trim_start();
    (rest.len() < after.len()).then_some(rest)
}

/// One word anchor ("tháng" is six bytes in either case, "nửa" five); touching
/// words merged into one anchor are not read.
fn single_word(anchor: &Range<usize>) -> bool {
    anchor.len() <= "tháng".len()
}

/// A month after "tháng": one or two digits or a month word. The reader takes
/// ASCII digits only and words in their lowercase (so not "ſáu", which the
/// pattern's case folding lets through). A text opening with an ASCII letter is
/// compared only with the words opening with that letter in lowercase, as
/// `fold::starts_with` would find at their first byte.
fn month_follows(rest: &str) -> bool {
    let Some(&first) = rest.as_bytes().first() else {
        return false;
    };
    if first.is_ascii_digit() {
        return true;
    }
    let lower = first.to_ascii_lowercase();
    MONTH_HEADS.iter().any(|w| {
        (!first.is_ascii() || w.as_bytes().first() == Some(&lower)) && fold::starts_with(rest, w)
    })
}

/// The first word of each month word, once each ("mười" of "mười một").
static MONTH_HEADS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut heads: Vec<&'static str> = Vec::new();
    for (words, _) in &WORDS.months {
        let head = words.split(' ').next().unwrap_or(words);
        if !heads.contains(&head) {
            heads.push(head);
        }
    }
    heads
});

/// `month`: "tháng", spaces and a month ("tháng 9", "tháng Tư năm 2023").
pub(super) fn month(text: &str, anchor: &Range<usize>) -> bool {
    !single_word(anchor) || after_word(text, anchor).is_some_and(month_follows)
}

/// `day_words`: a day, spaces, "tháng", spaces and a month ("14 tháng 9",
/// "mồng ba tháng Tư").
pub(super) fn day_words(text: &str, anchor: &Range<usize>) -> bool {
    if !single_word(anchor) {
        return true;
    }
    let before = text.get(..anchor.start).unwrap_or("");
    let day = before.trim_end();
    day.len() < before.len()
        && (day.ends_with(|c: char| c.is_ascii_digit())
            || WORDS.days.iter().any(|(w, _)| fold::ends_with(day, w)))
        && after_word(text, anchor).is_some_and(month_follows)
}

/// `half`: "nửa" or "6 tháng", spaces, then "đầu", "cuối" or "sau": a char that
/// folds to đ, c or s (ſ does).
pub(super) fn half(text: &str, anchor: &Range<usize>) -> bool {
    !single_word(anchor)
        || after_word(text, anchor)
            .is_some_and(|rest| rest.starts_with(['đ', 'Đ', 'c', 'C', 's', 'S', 'ſ']))
}

/// The rules that match around day separators and are sieved there: each has a
/// necessary condition on the numeral around the anchor and the text either side,
/// and [`separator_rules`] tests them all at once per anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SeparatorRule {
    DayNumeric,
    DayRange,
    DayPairHead,
    DayInBrackets,
    MonthNumeric,
    Dateline,
    MonthInBrackets,
}

impl SeparatorRule {
    pub fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// The rules (as [`SeparatorRule`] bits) that may accept a match overlapping this
/// day separator. Each accepted match puts a whole one- or two-digit group (day or
/// month) right before a one- or two-digit group (month) or a four-digit one (year)
/// in the numeral around the anchor, so "9.300", "80,28/100" and "2021-2025" pass
/// none. Every digit these rules read is ASCII (their readers parse them), but an
/// anchor beyond ASCII passes all and the regexes decide. `leads` are the words
/// that may open a date (a prefix or a soft word).
pub(super) fn separator_rules(leads: &Leads, text: &str, anchor: &Range<usize>) -> u8 {
    let bytes = text.as_bytes();
    if !bytes.get(anchor.clone()).is_some_and(<[u8]>::is_ascii) {
        return u8::MAX;
    }
    let Range { start, end } = numeral_around(bytes, anchor);
    let (Some(digits), Some(before), Some(after)) =
        (bytes.get(start..end), text.get(..start), text.get(end..))
    else {
        return u8::MAX;
    };
    let n = Numeral {
        start,
        digits,
        before,
        after,
    };
    let mut groups = n.groups();
    let mut last = groups.next().unwrap_or(0);
    let day_month = groups.any(|g| {
        let pair = short(last) && (short(g) || g == 4);
        last = g;
        pair
    });
    if !day_month {
        return 0;
    }
    let led = |at: usize| {
        let floor = reach(text, anchor).start;
        at < floor || leads.before(text, floor, at).is_some()
    };
    let tests = [
        (SeparatorRule::DayNumeric, day_numeric(&n)),
        (SeparatorRule::DayRange, day_range(&n, led)),
        (SeparatorRule::DayPairHead, day_pair_head(&n, led)),
        (SeparatorRule::DayInBrackets, day_in_brackets(&n)),
        (SeparatorRule::MonthNumeric, month_numeric(&n, led)),
        (SeparatorRule::Dateline, dateline(&n)),
        (SeparatorRule::MonthInBrackets, month_in_brackets(&n)),
    ];
    tests
        .iter()
        .filter(|(_, fits)| *fits)
        .fold(0, |bits, (rule, _)| bits | rule.bit())
}

/// The ASCII numeral (digits and separators) around a day separator and the text
/// either side of it.
struct Numeral<'t> {
    start: usize,
    digits: &'t [u8],
    before: &'t str,
    after: &'t str,
}

impl Numeral<'_> {
    /// The lengths of its digit groups, in order (two separators in a row leave an
    /// empty group).
    fn groups(&self) -> impl Iterator<Item = usize> + '_ {
        self.digits.split(|b| !b.is_ascii_digit()).map(<[u8]>::len)
    }

    /// Day and month ("14/9") or day, month and year ("14/9/2022") with "/"
    /// between them, and nothing else in the numeral.
    fn is_slashed_day(&self) -> bool {
        let mut groups = self.groups();
        let (day, month, year) = (groups.next(), groups.next(), groups.next());
        groups.next().is_none()
            && day.is_some_and(short)
            && month.is_some_and(short)
            && year.map_or(true, |n| n == 4)
            && self.slashed()
    }

    fn slashed(&self) -> bool {
        self.digits.iter().all(|&b| b.is_ascii_digit() || b == b'/')
    }

    /// A space right before it: the rule's words stop there.
    fn spaced(&self) -> bool {
        self.before.ends_with(char::is_whitespace)
    }
}

/// A day or month: one or two digits.
fn short(n: usize) -> bool {
    (1..=2).contains(&n)
}

/// `day_numeric`: its day, month and year sit in the numeral; the reader wants a
/// word before the day ("ngày", "trước"), which leaves a space right before the
/// numeral, or a year. The sides must be clear: "12.5%" cannot be a date. A char
/// beyond ASCII either side may be a space or a letter: then it passes.
fn day_numeric(n: &Numeral) -> bool {
    let before = n.before.as_bytes().last().copied();
    let after = n.after.as_bytes().first().copied();
    if before.is_some_and(|b| !b.is_ascii()) || after.is_some_and(|b| !b.is_ascii()) {
        return true;
    }
    let mut groups = n.digits.split(|b| !b.is_ascii_digit()).map(<[u8]>::len);
    let (first, second) = (groups.next().unwrap_or(0), groups.next().unwrap_or(0));
    let only_two = groups.clone().next().is_none();
    // "ngày 14/9": a word, spaces, then day and month, and nothing glued after.
    let after_word = before.is_some_and(|b| b.is_ascii_whitespace() || b == 0x0B)
        && short(first)
        && short(second)
        && !(only_two && after.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'%'));
    // "14/9/2022": day, month and a four-digit year in a row.
    let mut last = (first, second);
    let full = groups.any(|n| {
        let (a, b) = last;
        last = (b, n);
        short(a) && short(b) && n == 4
    });
    after_word || full
}

/// `day_in_brackets`: "thứ hai (29/4)", "sáng qua (ngày 13/6/2024)": a day between
/// "(" (or "(ngày ") and ")".
fn day_in_brackets(n: &Numeral) -> bool {
    let opened = || {
        n.before.ends_with('(')
            || n.spaced()
                && without_word(n.before.trim_end(), "ngày")
                    .is_some_and(|head| head.trim_end().ends_with('('))
    };
    n.after.starts_with(')') && n.is_slashed_day() && opened()
}

/// `dateline`: "(TTXVN 14/9/2023)": capitals, "/" or "+" (the agency), spaces, a
/// day and ")".
fn dateline(n: &Numeral) -> bool {
    let agency = || {
        n.before
            .trim_end()
            .ends_with(|c: char| c.is_ascii_uppercase() || matches!(c, 'Đ' | '/' | '+'))
    };
    n.after.starts_with(')') && n.is_slashed_day() && n.spaced() && agency()
}

/// `month_in_brackets`: "(6/2024)", the whole numeral between brackets.
fn month_in_brackets(n: &Numeral) -> bool {
    let month_year = || {
        let mut groups = n.groups();
        groups.next().is_some_and(short)
            && groups.next() == Some(4)
            && groups.next().is_none()
            && n.slashed()
    };
    n.after.starts_with(')') && n.before.ends_with('(') && month_year()
}

/// `month_numeric`: "trước 6/2024": a soft word (a lead), spaces, then the numeral
/// opens with one or two digits, "/" and four digits, and goes on (if at all) with
/// a separator, as its clear right side wants.
fn month_numeric(n: &Numeral, led: impl Fn(usize) -> bool) -> bool {
    let mut groups = n.digits.splitn(3, |&b| b == b'/');
    let month = groups.next().unwrap_or(&[]);
    let year = groups.next().unwrap_or(&[]);
    let month_year = short(month.len())
        && month.iter().all(u8::is_ascii_digit)
        && year
            .get(..4)
            .is_some_and(|y| y.iter().all(u8::is_ascii_digit))
        && year
            .get(4)
            .map_or(true, |&b| in_numeral(b) && !b.is_ascii_digit());
    month_year && n.spaced() && led(n.start)
}

/// `day_pair_head`: "ngày 14 và 15/9": the numeral is the second date, after ","
/// or "và", spaces and maybe "ngày"; before those, a day of one or two digits after
/// a prefix (a lead) and spaces. The second date's first digits are not read, so
/// they may be of another script, glued before the numeral: then it passes.
fn day_pair_head(n: &Numeral, led: impl Fn(usize) -> bool) -> bool {
    let glued = n.before.chars().next_back();
    if glued.is_some_and(|c| !c.is_ascii() && c.is_numeric()) {
        return true;
    }
    let words = strip_word(n.before.trim_end(), "ngày");
    let joined = words
        .strip_suffix(',')
        .or_else(|| without_word(words, "và"));
    let Some(head) = joined.map(str::trim_end) else {
        return false;
    };
    let day = head.bytes().rev().take_while(u8::is_ascii_digit).count();
    let day_start = head.len() - day;
    short(day)
        && head
            .get(..day_start)
            .is_some_and(|h| h.ends_with(char::is_whitespace))
        && led(day_start)
}

/// `day_range`: "từ 1/9 đến 15/9", "1-15/9", "từ 25/12 – 5/1/2025". A numeral that
/// opens the range follows a lead and spaces, and "-" (inside it or after it), "–"
/// or "đến" comes next; one that closes it follows "-", "–" or "đến" (then maybe
/// "hết" and "ngày"), and before those the digits of the first day.
fn day_range(n: &Numeral, led: impl Fn(usize) -> bool) -> bool {
    let after = n.after.trim_start();
    let opens = || {
        (n.digits.contains(&b'-')
            || after.starts_with(['-', '–'])
            || fold::starts_with(after, "đến"))
            && n.spaced()
            && led(n.start)
    };
    let first_day_ends = |s: &str| s.trim_end().ends_with(|c: char| c.is_ascii_digit());
    let closes = || {
        if n.digits.starts_with(b"-") {
            return first_day_ends(n.before);
        }
        let words = strip_word(strip_word(n.before.trim_end(), "ngày"), "hết");
        let joined = words
            .strip_suffix(['-', '–'])
            .or_else(|| without_word(words, "đến"));
        joined.is_some_and(first_day_ends)
    };
    opens() || closes()
}

/// `s` without `word` (in any case) at its end and the spaces before it.
fn strip_word<'s>(s: &'s str, word: &str) -> &'s str {
    without_word(s, word).map_or(s, str::trim_end)
}

/// `s` without `word` (in any case) at its end, if it ends so.
fn without_word<'s>(s: &'s str, word: &str) -> Option<&'s str> {
    if !fold::ends_with(s, word) {
        return None;
    }
    let (cut, _) = s.char_indices().rev().nth(word.chars().count() - 1)?;
    s.get(..cut)
}

/// The numeral (digits and separators) that holds `anchor`.
fn numeral_around(bytes: &[u8], anchor: &Range<usize>) -> Range<usize> {
    let mut start = anchor.start;
    while start > 0 && bytes.get(start - 1).copied().is_some_and(in_numeral) {
        start -= 1;
    }
    let mut end = anchor.end;
    while bytes.get(end).copied().is_some_and(in_numeral) {
        end += 1;
    }
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `month_follows` answers as comparing every month word's first word does, at
    /// every char after a "tháng" of the bundled articles and of sentences with
    /// month words in any case, after other words, and after none.
    #[test]
    fn month_heads_gate_keeps_every_month_word() {
        let every_word = |rest: &str| {
            rest.starts_with(|c: char| c.is_ascii_digit())
                || WORDS
                    .months
                    .iter()
                    .any(|(w, _)| fold::starts_with(rest, w.split(' ').next().unwrap_or(w)))
        };
        let texts = super::super::window::tests::with_bundled_corpus(&[
            "Ngày mồng ba tháng Tư năm 2023, tháng Mười Một, THÁNG MƯỜI HAI, tháng bảy",
            "tháng Giêng, tháng Chạp, tháng này, tháng trước, tháng sau, tháng 9/2022",
            "tháng ſáu, tháng \u{212a}, tháng İ, tháng Năm, tháng năm, tháng Ba mươi, tháng",
        ]);
        let mut months = 0;
        for text in &texts {
            for (at, _) in text
                .match_indices("tháng")
                .chain(text.match_indices("THÁNG"))
            {
                let after = &text[at + "tháng".len()..];
                for (i, _) in after.char_indices().take(12) {
                    let rest = &after[i..];
                    assert_eq!(month_follows(rest), every_word(rest), "{rest:?}");
                    months += usize::from(every_word(rest));
                }
            }
        }
        assert!(months > 50, "only {months} months followed");
    }
}
