//! The date rules: named regexes, each with a reader that validates its match and
//! says what it means. Overlaps are settled longest first.

use std::cell::RefCell;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::calendar::{valid_day, YEARS};
use super::context::{self, Exact, Near, SeparatorRule};
use super::fold;
use super::groups::{Captures, GroupReader, Scratch};
use super::numeral::{self, DayNumeral, Leads};
use super::window::{self, Anchor, Anchors, ContextTests, Search, Sieve};
use super::words::{alternation, Unit, WORDS};

/// What a matched phrase means, before a missing year is filled in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reading {
    Day {
        day: u32,
        month: u32,
        year: Option<i32>,
    },
    Month {
        month: u32,
        year: Option<i32>,
    },
    Year(i32),
    Quarter {
        quarter: u32,
        year: Option<i32>,
    },
    Half {
        half: u32,
        year: Option<i32>,
    },
    /// (day, month, year) at both ends.
    DayRange {
        from: (u32, u32, Option<i32>),
        to: (u32, u32, Option<i32>),
    },
    YearRange(i32, i32),
    Relative(Unit, i32),
}

impl Reading {
    /// The year written in the phrase itself, which tells the article's year;
    /// ranges are periods, not the time of the article.
    pub(super) fn written_year(&self) -> Option<i32> {
        match *self {
            Reading::Day { year, .. }
            | Reading::Month { year, .. }
            | Reading::Quarter { year, .. }
            | Reading::Half { year, .. } => year,
            Reading::Year(y) => Some(y),
            Reading::DayRange { to, .. } => to.2,
            Reading::YearRange(..) | Reading::Relative(..) => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Span {
    pub start: usize,
    pub end: usize,
    pub reading: Reading,
    /// A test of the words around that the span must still pass to be kept.
    pub pending: Option<Pending>,
}

/// A test left until the overlaps are settled: most spans it would read lie
/// inside longer ones and are dropped anyway. Each span's place among the kept
/// ones depends only on the spans kept before it, so testing it there keeps the
/// same spans as testing it at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Pending {
    /// See [`bare_year_context`].
    YearContext,
}

impl Pending {
    fn holds(self, text: &str, span: &Span) -> bool {
        match self {
            Pending::YearContext => bare_year_context(text, &(span.start..span.end)),
        }
    }
}

/// A named rule: a regex and the reader that validates a match.
struct Rule {
    name: &'static str,
    regex: Regex,
    read: Read,
    /// The pattern compiled again for reading groups, for rules read from them.
    groups: Option<GroupReader>,
    /// The rule needs a digit in the text.
    needs_digit: bool,
    /// Where its matches can be: around which anchors, within how many space runs.
    window: Option<(Anchor, usize)>,
    /// A test of an anchor's context that every accepted match passes.
    near: Option<Near>,
    /// Where the one match over an anchor is, when the context tells.
    exact: Option<Exact>,
    /// Its bit in the day separators' sieve, for rules sieved there.
    sieved: Option<SeparatorRule>,
    /// Reads a plain match without its groups; `None` when the match is not plain.
    plain: Option<PlainRead>,
    /// The test its spans pass when the overlaps are settled.
    pending: Option<Pending>,
}

/// What a plain match means and the part of it the date claims (`Some(None)`: not
/// a date), or `None` to read the groups.
type PlainRead = fn(&str, Range<usize>) -> Option<Option<(Reading, Range<usize>)>>;

/// How a rule reads a match.
#[derive(Clone, Copy)]
enum Read {
    /// From the regex's groups, which cost a second run of the pattern on the match.
    Groups(fn(&Captures, &str) -> Option<Reading>),
    /// From the text and the match's range alone.
    Span(fn(&str, Range<usize>) -> Option<Reading>),
}

impl Rule {
    fn near(self, near: Near) -> Rule {
        Rule {
            near: Some(near),
            ..self
        }
    }

    fn exact(self, exact: Exact) -> Rule {
        Rule {
            exact: Some(exact),
            ..self
        }
    }

    fn sieved(self, rule: SeparatorRule) -> Rule {
        Rule {
            sieved: Some(rule),
            ..self
        }
    }

    /// Its context tests, for the window search.
    fn tests(&self) -> ContextTests {
        ContextTests {
            near: self.near,
            exact: self.exact,
            sieve: self
                .sieved
                .map(|rule| (separator_rules as Sieve, rule.bit())),
        }
    }

    fn plain(self, plain: PlainRead) -> Rule {
        Rule {
            plain: Some(plain),
            ..self
        }
    }

    fn pending(self, pending: Pending) -> Rule {
        Rule {
            pending: Some(pending),
            ..self
        }
    }
}

/// Words that may open a date: time of day, weekday, "ngày", "mồng".
static PREFIX: LazyLock<String> = LazyLock::new(|| {
    let weekdays = alternation(WORDS.weekdays.iter().copied());
    format!(
        r"(?:(?:{weekdays}|thứ\s+[2-7])\s*,?\s*)?(?:(?:(?:rạng\s+)?sáng|trưa|chiều|tối|đêm|hôm)(?:\s+(?:nay|qua|mai))?(?:\s+(?:ngày|mồng|mùng))?|(?:ngày\s+)?(?:mồng|mùng)|ngày)|(?:{weekdays}|thứ\s+[2-7])\s*,?"
    )
});

/// Words before a day/month with "/" that make it a date.
static SOFT: LazyLock<String> = LazyLock::new(|| alternation(WORDS.softs.iter().copied()));

/// `day_numeric`'s leads, found back from its numerals: a prefix, tried first, or
/// a soft word.
static LEADS: LazyLock<Leads> = LazyLock::new(|| {
    let prefix = format!(r"(?i)(?:{})\s+", *PREFIX);
    Leads::new(&[prefix, format!(r"(?i)(?:{})\s+", *SOFT)])
});

/// The words that may open a `year_range`.
const YEAR_RANGE_LEAD: &str =
    r"(?:giai\s+đoạn|nhiệm\s+kỳ|năm\s+học|niên\s+khóa|niên\s+khoá|từ\s+năm|từ|năm)";

/// `year_range`'s lead, found back from its first year.
static YEAR_RANGE_LEADS: LazyLock<Leads> =
    LazyLock::new(|| Leads::new(&[format!(r"(?i){YEAR_RANGE_LEAD}\s+")]));

const YEAR_TAIL: &str = r"(?:\s*(?:[/.\-]|,?\s*năm)\s*(?P<y>\d{4}))?";

static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    let prefix = PREFIX.as_str();
    let soft = SOFT.as_str();
    let months = alternation(WORDS.months.iter().map(|&(w, _)| w));
    let days = alternation(WORDS.days.iter().map(|&(w, _)| w));
    let relatives = alternation(WORDS.relatives.iter().map(|&(w, _, _)| w));
    let rule = |name, pattern: String, read, needs_digit| {
        let pattern = format!("(?i){pattern}");
        let regex = Regex::new(&pattern).unwrap_or_else(|e| panic!("rule {name}: {e}"));
        let groups = matches!(read, Read::Groups(_))
            .then(|| GroupReader::new(&pattern).unwrap_or_else(|e| panic!("rule {name}: {e}")));
        Rule {
            name,
            window: window::plan(name, &regex),
            regex,
            read,
            groups,
            needs_digit,
            near: None,
            exact: None,
            sieved: None,
            plain: None,
            pending: None,
        }
    };
    vec![
        rule(
            "day_range",
            format!(
                r"(?:từ\s+(?:(?:{prefix})\s+)?|(?:{prefix})\s+|(?P<soft>{soft})\s+)(?P<d1>\d{{1,2}})(?:(?P<s1>[/.\-])(?P<m1>\d{{1,2}}))?(?:[/.\-](?P<y1>\d{{4}}))?\s*(?:đến|[\-–])\s*(?:hết\s+)?(?:ngày\s+)?(?P<d2>\d{{1,2}})(?P<s2>[/.\-])(?P<m2>\d{{1,2}})(?:(?P<s3>[/.\-])(?P<y2>\d{{4}}))?"
            ),
            Read::Groups(read_day_range),
            true,
        )
        .sieved(SeparatorRule::DayRange),
        rule(
            "day_numeric",
            format!(
                r"(?:(?P<pre>{prefix})\s+|(?P<soft>{soft})\s+)?(?P<d>\d{{1,2}})(?P<s1>[/.\-])(?P<m>\d{{1,2}})(?:(?P<s2>[/.\-])(?P<y>\d{{4}})|\s+năm\s+(?P<yn>\d{{4}}))?"
            ),
            Read::Groups(read_day_numeric),
            true,
        )
        .sieved(SeparatorRule::DayNumeric)
        .exact(|text, anchor, at| numeral::find(&LEADS, text, anchor, at))
        .plain(read_day_numeric_plain),
        rule(
            "day_pair_head",
            format!(
                r"(?P<span>(?:{prefix})\s+(?P<d>\d{{1,2}}))\s*(?:,|và)\s*(?:ngày\s+)?\d{{1,2}}(?P<s1>[/.\-])(?P<m>\d{{1,2}})(?:(?P<s2>[/.\-])(?P<y>\d{{4}}))?"
            ),
            Read::Groups(read_day_pair_head),
            true,
        )
        .sieved(SeparatorRule::DayPairHead),
        rule(
            "day_in_brackets",
            format!(r"(?:{prefix})\s*\((?:ngày\s+)?(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})(?:/(?P<y>\d{{4}}))?\)"),
            Read::Groups(read_vouched_day),
            true,
        )
        .sieved(SeparatorRule::DayInBrackets),
        rule(
            "month_numeric",
            format!(r"(?P<soft>{soft})\s+(?P<m>\d{{1,2}})/(?P<y>\d{{4}})"),
            Read::Groups(read_month_numeric),
            true,
        )
        .sieved(SeparatorRule::MonthNumeric),
        rule(
            "dateline",
            r"\((?-i:[A-ZĐ][A-ZĐ/+]{1,11})\s+(?P<span>(?P<d>\d{1,2})/(?P<m>\d{1,2})(?:/(?P<y>\d{4}))?)\)".to_string(),
            Read::Groups(read_vouched_day),
            true,
        )
        .sieved(SeparatorRule::Dateline),
        rule(
            "month_in_brackets",
            r"\((?P<span>(?P<m>\d{1,2})/(?P<y>\d{4}))\)".to_string(),
            Read::Groups(read_month_numeric),
            true,
        )
        .sieved(SeparatorRule::MonthInBrackets),
        rule(
            "day_words",
            format!(
                r"(?:(?P<pre>{prefix})\s+)?(?P<d>\d{{1,2}}|{days})\s+tháng\s+(?P<m>\d{{1,2}}|{months})(?:\s*,?\s*năm\s+(?P<y>\d{{4}}))?"
            ),
            Read::Groups(read_day_words),
            false,
        )
        .near(context::day_words)
        .plain(read_day_words_plain),
        rule(
            "month",
            format!(r"tháng\s+(?P<m>\d{{1,2}}|{months}){YEAR_TAIL}"),
            Read::Groups(read_month),
            false,
        )
        .near(context::month)
        .exact(numeral::find_month)
        .plain(read_month_plain),
        rule(
            "quarter",
            format!(r"(?:quý\s+(?P<q>iv|iii|ii|i|[1-4])|(?-i:Q)(?P<qq>[1-4])){YEAR_TAIL}"),
            Read::Groups(read_quarter),
            false,
        )
        .near(context::quarter)
        .plain(read_quarter_plain),
        rule(
            "half",
            r"(?:6\s+tháng|sáu\s+tháng|nửa)\s+(?P<h>đầu|cuối|sau)\s+năm(?:\s+(?P<y>\d{4}|nay))?".to_string(),
            Read::Groups(read_half),
            false,
        )
        .near(context::half),
        rule(
            "year_range",
            format!(r"(?:{YEAR_RANGE_LEAD}\s+)?(?P<a>\d{{4}})\s*(?:[\-–—]|đến(?:\s+năm)?)\s*(?P<b>\d{{4}})"),
            Read::Groups(read_year_range),
            true,
        )
        .near(context::year_range)
        .exact(|text, anchor, at| numeral::find_year_range(&YEAR_RANGE_LEADS, text, anchor, at))
        .plain(read_year_range_plain),
        rule("year_after_nam", r"năm\s+(?P<y>\d{4})".to_string(), Read::Span(year_after_nam_at), true)
            .near(context::year_after_nam)
            .exact(context::year_after_nam_match),
        rule("bare_year", r"(?P<y>\d{4})".to_string(), Read::Span(bare_year_at), true)
            .near(bare_year_near)
            .exact(context::bare_year_match)
            .pending(Pending::YearContext),
        rule("relative", format!("(?:{relatives})"), Read::Span(read_relative), false),
    ]
});

/// The day separators' sieve, with the leads of dates.
pub(super) fn separator_rules(text: &str, anchor: &Range<usize>) -> u8 {
    context::separator_rules(&LEADS, text, anchor)
}

/// Each rule's name, regex and window plan, for the window tests.
#[cfg(test)]
pub(super) fn rule_searches(
) -> impl Iterator<Item = (&'static str, &'static Regex, Option<(Anchor, usize)>)> {
    RULES.iter().map(|r| (r.name, &r.regex, r.window))
}

/// Each rule's index, name and context tests.
#[cfg(test)]
pub(super) fn context_tests() -> impl Iterator<Item = (usize, &'static str, ContextTests)> {
    RULES
        .iter()
        .enumerate()
        .map(|(i, r)| (i, r.name, r.tests()))
}

/// Lunar dates are left alone ("rằm tháng 7 âm lịch"), and so are days that come back
/// every year ("ngày 20 tháng 11 hằng năm"): neither is a point in time.
const NOT_POINTS_IN_TIME: &[&str] = &["âm lịch", "(âm lịch)", "âl", "(âl)", "hằng năm", "hàng năm"];

static NOT_POINTS: LazyLock<ByLead> = LazyLock::new(|| ByLead::new(NOT_POINTS_IN_TIME));

/// Words after a number that make it a count ("2025 hồ sơ").
static COUNTS: LazyLock<ByLead> = LazyLock::new(|| ByLead::new(&WORDS.counts));

/// Words by their first byte, so that a look-up compares only the words opening with
/// the text's lead byte, not every word of a long list.
struct ByLead([Vec<&'static str>; 256]);

impl ByLead {
    fn new(words: &[&'static str]) -> Self {
        ByLead(std::array::from_fn(|lead| {
            words
                .iter()
                .filter(|w| w.as_bytes().first().map(|&b| usize::from(b)) == Some(lead))
                .copied()
                .collect()
        }))
    }
}

/// Every date phrase in `text`, in text order, without overlaps.
pub(super) fn find(text: &str, relative_dates: bool) -> Vec<Span> {
    let found = found_spans(text, relative_dates);
    let kept = settle(text, found);
    continue_lists(text, kept)
}

/// Every rule's spans, their pending tests not yet run.
fn found_spans(text: &str, relative_dates: bool) -> Vec<Span> {
    let mut found = Vec::new();
    let mut anchors = Anchors::new(text);
    let has_digit = anchors.has_ascii_digit();
    for (i, rule) in RULES.iter().enumerate() {
        if (rule.needs_digit && !has_digit) || (rule.name == "relative" && !relative_dates) {
            continue;
        }
        rule_spans(text, i, rule.tests(), &mut anchors, &mut found);
    }
    found
}

/// The spans kept of `found`: longest first, each unless it overlaps one kept
/// before or fails its pending test; in text order.
fn settle(text: &str, mut found: Vec<Span>) -> Vec<Span> {
    // Longest first; among equals the earlier one.
    found.sort_by(|a, b| {
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then(a.start.cmp(&b.start))
    });
    // Kept spans in order of their starts; they never overlap, so only the last one
    // starting before a span's end can overlap it. An article keeps few spans, so a
    // sorted vector costs less than a map's nodes.
    let mut kept: Vec<Span> = Vec::new();
    for span in found {
        let before_end = kept.partition_point(|k| k.start < span.end);
        let clashes = before_end
            .checked_sub(1)
            .and_then(|i| kept.get(i))
            .is_some_and(|k| k.end > span.start);
        if !clashes && span.pending.map_or(true, |p| p.holds(text, &span)) {
            let at = kept.partition_point(|k| k.start < span.start);
            // A span with the same start takes its place, as a map keyed by start does.
            match kept.get_mut(at).filter(|k| k.start == span.start) {
                Some(same) => *same = span,
                None => kept.insert(at, span),
            }
        }
    }
    kept
}

/// The spans the `i`-th rule accepts in `text`, with `tests` as its context tests.
pub(super) fn rule_spans(
    text: &str,
    i: usize,
    tests: ContextTests,
    anchors: &mut Anchors,
    found: &mut Vec<Span>,
) {
    let Some(rule) = RULES.get(i) else { return };
    let mut search = Search::new(anchors, &rule.regex, rule.window, tests);
    let mut scratch = SCRATCH.with_borrow_mut(|kept| kept.get_mut(i).and_then(Option::take));
    let mut at = 0;
    while let Some(m) = search.find_at(at) {
        let whole = m.clone();
        // The groups are worked out only for a match clear on both sides.
        let clear = left_clear(text, whole.start)
            && right_clear(text, whole.end)
            && !followed_by(text, whole.end, &NOT_POINTS);
        match clear
            .then(|| read_match(rule, text, &m, &mut scratch))
            .flatten()
        {
            Some((reading, claimed)) => {
                found.push(Span {
                    start: claimed.start,
                    end: claimed.end,
                    reading,
                    pending: rule.pending,
                });
                at = claimed.end.max(claimed.start + 1);
            }
            None => at = whole.start + text[whole.start..].chars().next().map_or(1, char::len_utf8),
        }
        if at > text.len() {
            break;
        }
    }
    SCRATCH.with_borrow_mut(|kept| {
        if kept.len() <= i {
            kept.resize_with(i + 1, || None);
        }
        if let Some(slot) = kept.get_mut(i) {
            *slot = scratch;
        }
    });
}

thread_local! {
    /// Per rule, its group reader's scratch space, kept from text to text: making it
    /// anew for each text cost about as much as reading the groups.
    static SCRATCH: RefCell<Vec<Option<Scratch>>> = const { RefCell::new(Vec::new()) };
}

/// What a match of `rule` means and the part of it the date claims; `scratch`
/// is made at the first match read from its groups and kept for the next ones.
fn read_match(
    rule: &Rule,
    text: &str,
    m: &Range<usize>,
    scratch: &mut Option<Scratch>,
) -> Option<(Reading, Range<usize>)> {
    match rule.plain.and_then(|plain| plain(text, m.clone())) {
        Some(read) => read,
        None => read_by_rule(rule, text, m, scratch),
    }
}

/// What `read_match` reads from the rule's own reader, with the groups if it needs them.
fn read_by_rule(
    rule: &Rule,
    text: &str,
    m: &Range<usize>,
    scratch: &mut Option<Scratch>,
) -> Option<(Reading, Range<usize>)> {
    let (read, groups) = match (rule.read, &rule.groups) {
        (Read::Span(read), _) => return Some((read(text, m.clone())?, m.clone())),
        (Read::Groups(read), Some(groups)) => (read, groups),
        (Read::Groups(_), None) => return None,
    };
    let scratch = scratch.get_or_insert_with(|| groups.scratch());
    let caps = groups.read(&rule.regex, scratch, text, m)?;
    let reading = read(&caps, text)?;
    // A rule may match more than it claims: "ngày 14" of "ngày 14 và 15/9", and
    // "30/6" of "trước 30/6" (a soft word vouches for the date but is not part of it).
    let mut claimed = caps.name("span").map_or(m.clone(), |s| s.range());
    if caps.name("soft").is_some() {
        if let Some(first) = ["d1", "d", "m"].iter().find_map(|g| caps.name(g)) {
            claimed.start = first.start();
        }
    }
    Some((reading, claimed))
}

/// A list rule: its regex finds the match, its reader reads the groups.
type ListRule = (Regex, GroupReader);

fn list_rule(name: &str, pattern: &str) -> ListRule {
    let regex = Regex::new(pattern).unwrap_or_else(|e| panic!("rule {name}: {e}"));
    let groups = GroupReader::new(pattern).unwrap_or_else(|e| panic!("rule {name}: {e}"));
    (regex, groups)
}

/// "và 1/5" after "ngày 30/4", ", 2023 và 2024" after "năm 2022": a list goes on in the same form.
static LIST_DAY: LazyLock<ListRule> = LazyLock::new(|| {
    list_rule(
        "list_day",
        r"^\s*,?\s*(?:và|hoặc|,)\s*(?:ngày\s+)?(?P<d>\d{1,2})/(?P<m>\d{1,2})(?:/(?P<y>\d{4}))?",
    )
});
/// "tháng 7/2015 – 6/2020": the end of a month range written in the same form.
static LIST_MONTH: LazyLock<ListRule> = LazyLock::new(|| {
    list_rule(
        "list_month",
        r"^\s*(?:[\-–—]|đến|và|,)\s*(?:tháng\s+)?(?P<m>\d{1,2})/(?P<y>\d{4})",
    )
});
static LIST_YEAR: LazyLock<ListRule> = LazyLock::new(|| {
    list_rule(
        "list_year",
        r"^\s*,?\s*(?:và|hoặc|,)\s*(?:năm\s+)?(?P<y>\d{4})",
    )
});

fn continue_lists(text: &str, kept: Vec<Span>) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::with_capacity(kept.len());
    let mut pending = kept.into_iter().peekable();
    while let Some(mut span) = pending.next() {
        loop {
            let next_start = pending.peek().map_or(text.len(), |n| n.start);
            out.push(span);
            let Some(tail) = text.get(span.end..next_start) else {
                break;
            };
            let ((regex, groups), first_group): (&ListRule, &str) = match span.reading {
                Reading::Day { .. } => (&LIST_DAY, "d"),
                Reading::Year(_) => (&LIST_YEAR, "y"),
                Reading::Month { year: Some(_), .. } => (&LIST_MONTH, "m"),
                _ => break,
            };
            // The patterns start with `^`, so the tail is the haystack.
            let Some(found) = regex.find(tail) else {
                break;
            };
            let scratch = &mut groups.scratch();
            let Some(caps) = groups.read(regex, scratch, tail, &found.range()) else {
                break;
            };
            let Some(whole) = caps.get(0) else { break };
            let number_start = caps.name(first_group).map_or(0, |m| m.start());
            let (start, end) = (span.end + number_start, span.end + whole.end());
            if !right_clear(text, end) || followed_by(text, end, &COUNTS) {
                break;
            }
            let reading = match first_group {
                "d" => read_vouched_day(&caps, text),
                "m" => read_month_numeric(&caps, text),
                _ => read_year_after_nam(&caps, text),
            };
            let Some(reading) = reading else { break };
            span = Span {
                start,
                end,
                reading,
                pending: None,
            };
        }
    }
    out
}

fn prev_char(text: &str, at: usize) -> Option<char> {
    text.get(..at)?.chars().next_back()
}

fn next_char(text: &str, at: usize) -> Option<char> {
    text.get(at..)?.chars().next()
}

/// Nothing glued on the left: no letter or digit, no number going on ("K1=10/9", "1.975").
fn left_clear(text: &str, start: usize) -> bool {
    match prev_char(text, start) {
        None => true,
        Some(c) if c.is_alphanumeric() => false,
        Some(c @ ('/' | '.' | ',' | '=' | ':' | '-' | '–')) => {
            !prev_char(text, start - c.len_utf8()).is_some_and(char::is_alphanumeric)
        }
        Some(_) => true,
    }
}

/// Nothing glued on the right: no letter, digit or percent; no number going on
/// ("136/2024/QH15", "14,9").
fn right_clear(text: &str, end: usize) -> bool {
    match next_char(text, end) {
        None => true,
        Some(c) if c.is_alphanumeric() || c == '%' => false,
        Some(c @ ('/' | '.' | ',' | '-' | ':')) => {
            !next_char(text, end + c.len_utf8()).is_some_and(char::is_alphanumeric)
        }
        Some(_) => true,
    }
}

fn number<T: std::str::FromStr>(caps: &Captures, name: &str) -> Option<T> {
    caps.name(name)?.as_str().parse().ok()
}

fn year(caps: &Captures, name: &str) -> Option<Option<i32>> {
    written_year(caps.name(name).map(|m| m.as_str()))
}

/// A year group's year: `Some(None)` without the group, `None` when out of range.
fn written_year(digits: Option<&str>) -> Option<Option<i32>> {
    match digits {
        None => Some(None),
        Some(digits) => parse_year(digits).map(Some),
    }
}

fn parse_year(digits: &str) -> Option<i32> {
    digits.parse().ok().filter(|y| YEARS.contains(y))
}

/// Where the group `y` of the rules ending in `(?P<y>\d{4})` is in their match
/// `whole`: its last four chars.
fn trailing_year(text: &str, whole: &Range<usize>) -> Option<Range<usize>> {
    let (from, _) = text.get(whole.clone())?.char_indices().rev().nth(3)?;
    Some(whole.start + from..whole.end)
}

/// A number or a word from `table` ("ba" → 3).
fn number_or_word(caps: &Captures, name: &str, table: &[(&str, u32)]) -> Option<u32> {
    let text = caps.name(name)?.as_str();
    text.parse().ok().or_else(|| {
        let lower = text.to_lowercase();
        let lower = lower.split_whitespace().collect::<Vec<_>>().join(" ");
        table.iter().find(|(w, _)| *w == lower).map(|&(_, n)| n)
    })
}

/// At most the last `max` bytes of text before `at` (cut at a char boundary), so that
/// looking back stays cheap on long lines.
fn head_before(text: &str, at: usize, max: usize) -> &str {
    let head = text.get(..at).unwrap_or("");
    let mut from = at.saturating_sub(max);
    while !head.is_char_boundary(from) {
        from += 1;
    }
    head.get(from..).unwrap_or("")
}

/// Where the last word of `head` starts: after its last whitespace char, which may be
/// wider than one byte (an em space).
fn last_word_start(head: &str) -> usize {
    head.char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8())
}

/// The token before `at` (up to a space), without punctuation at its ends.
fn word_before(text: &str, at: usize) -> &str {
    let head = head_before(text, at, 64).trim_end();
    head[last_word_start(head)..].trim_matches(|c: char| !c.is_alphanumeric())
}

/// `word` is one of the lowercase `words`, in any case.
fn is_one_of(word: &str, words: &[&str]) -> bool {
    let Some(first) = fold::first_lower(word) else {
        return words.contains(&"");
    };
    let lead = lead_byte(first);
    words
        .iter()
        .any(|w| w.as_bytes().first() == Some(&lead) && fold::eq(word, w))
}

/// The first UTF-8 byte of `c`: a word opening with another byte cannot start with
/// `c`, and comparing it skips decoding a char of every word.
fn lead_byte(c: char) -> u8 {
    let mut buf = [0; 4];
    c.encode_utf8(&mut buf)
        .as_bytes()
        .first()
        .copied()
        .unwrap_or(0)
}

/// A plain count such as "2" or "1.000".
fn is_number(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_digit())
        && word
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

/// The phrase after `at` starts with one of `words` (whole words, case-insensitive).
fn followed_by(text: &str, at: usize, words: &ByLead) -> bool {
    let tail = text.get(at..).unwrap_or("").trim_start();
    let lead = match tail.as_bytes().first() {
        None => return false,
        // An ASCII char lowers to one ASCII char: its byte, lowered, is the lead.
        Some(&b) if b.is_ascii() => b.to_ascii_lowercase(),
        Some(_) => match fold::first_lower(tail) {
            Some(first) => lead_byte(first),
            None => return false,
        },
    };
    words.0[usize::from(lead)]
        .iter()
        .any(|w| fold::starts_with_word(tail, w, 24))
}

fn read_day_range(caps: &Captures, text: &str) -> Option<Reading> {
    if !soft_ok(caps, text, "s2") {
        return None;
    }
    let d1: u32 = number(caps, "d1")?;
    let d2: u32 = number(caps, "d2")?;
    let m2: u32 = number(caps, "m2")?;
    let m1: u32 = number(caps, "m1").unwrap_or(m2);
    let y2 = year(caps, "y2")?;
    // "từ 25/12 đến 5/1/2025": the start is in the year before.
    let y1 = year(caps, "y1")?.or(y2.map(|y| if (m1, d1) > (m2, d2) { y - 1 } else { y }));
    let y2 = y2.or(y1);
    if caps
        .name("s3")
        .is_some_and(|s| Some(s.as_str()) != caps.name("s2").map(|s| s.as_str()))
    {
        return None;
    }
    let valid = valid_day(d1, m1, y1) && valid_day(d2, m2, y2) && (y1, m1, d1) < (y2, m2, d2);
    valid.then_some(Reading::DayRange {
        from: (d1, m1, y1),
        to: (d2, m2, y2),
    })
}

/// "14/9/2022" and "14.9.2022", not "14/9.2022".
fn same_separators(caps: &Captures) -> bool {
    caps.name("s2").map_or(true, |s2| {
        caps.name("s1").map(|s| s.as_str()) == Some(s2.as_str())
    })
}

/// "ngày 14" in "ngày 14 và 15/9/2022": the first day takes the month and year of the second.
fn read_day_pair_head(caps: &Captures, _text: &str) -> Option<Reading> {
    let day: u32 = number(caps, "d")?;
    let month: u32 = number(caps, "m")?;
    let year = year(caps, "y")?;
    let same_separator = same_separators(caps);
    (same_separator && valid_day(day, month, year)).then_some(Reading::Day { day, month, year })
}

/// A day/month that its context vouches for: a weekday or time of day before the brackets
/// in "thứ hai (29/4)" and "sáng qua (13/6)",
/// or the date before it in a list ("30/4 và 1/5").
fn read_vouched_day(caps: &Captures, _text: &str) -> Option<Reading> {
    let day: u32 = number(caps, "d")?;
    let month: u32 = number(caps, "m")?;
    let year = year(caps, "y")?;
    valid_day(day, month, year).then_some(Reading::Day { day, month, year })
}

/// After a soft word ("trước", "dịp"), only "30/6" with a slash and no counted noun after.
fn soft_ok(caps: &Captures, text: &str, separator: &str) -> bool {
    caps.name("soft").is_none()
        || caps.name(separator).is_some_and(|s| s.as_str() == "/")
            && caps
                .get(0)
                .is_some_and(|m| !followed_by(text, m.end(), &COUNTS))
}

fn read_day_numeric(caps: &Captures, text: &str) -> Option<Reading> {
    let group = |name| caps.name(name).map(|g| g.as_str());
    let day = caps.name("d")?;
    let numeral = DayNumeral {
        pre: caps.name("pre").is_some(),
        soft: caps.name("soft").is_some(),
        day: day.as_str(),
        s1: group("s1")?,
        month: group("m")?,
        s2: group("s2"),
        y: group("y"),
        yn: group("yn"),
        day_start: day.start(),
        end: caps.get(0)?.end(),
    };
    read_day_numeral(&numeral, text)
}

fn read_day_numeral(numeral: &DayNumeral, text: &str) -> Option<Reading> {
    // After a soft word ("trước", "dịp"), only "30/6" with a slash and no counted noun after.
    if numeral.soft && (numeral.s1 != "/" || followed_by(text, numeral.end, &COUNTS)) {
        return None;
    }
    let day: u32 = numeral.day.parse().ok()?;
    let month: u32 = numeral.month.parse().ok()?;
    // "ngày 14/9 năm 2022" is one date.
    let year = written_year(numeral.y)?.or(written_year(numeral.yn)?);
    // "14/9/2022" and "14.9.2022", not "14/9.2022".
    let same_separator = numeral.s2.map_or(true, |s2| s2 == numeral.s1);
    // Without "ngày", "sáng"... only a full date is a date ("14/14 sở", "xếp thứ 07/18"),
    // and only one written in numbers ("xếp thứ 5/12 năm 2023" is a rank).
    let introduced = numeral.pre || numeral.soft || numeral.y.is_some();
    (same_separator && introduced && valid_day(day, month, year)).then_some(Reading::Day {
        day,
        month,
        year,
    })
}

/// `day_numeric` read by hand (see [`numeral::read`]); a soft word vouches for
/// the date but is not part of it.
fn read_day_numeric_plain(
    text: &str,
    whole: Range<usize>,
) -> Option<Option<(Reading, Range<usize>)>> {
    let numeral = numeral::read(&LEADS, text, &whole)?;
    let claimed = if numeral.soft {
        numeral.day_start..whole.end
    } else {
        whole
    };
    Some(read_day_numeral(&numeral, text).map(|reading| (reading, claimed)))
}

fn read_day_words(caps: &Captures, _text: &str) -> Option<Reading> {
    // A day in words ("mồng ba") needs its "mồng"/"ngày": "hai tháng" is two months.
    let in_words = !caps
        .name("d")?
        .as_str()
        .starts_with(|c: char| c.is_ascii_digit());
    if in_words && caps.name("pre").is_none() {
        return None;
    }
    let day = number_or_word(caps, "d", &WORDS.days)?;
    let month = number_or_word(caps, "m", &WORDS.months)?;
    let year = year(caps, "y")?;
    day_words_reading(day, month, year, caps.name("pre").is_some())
}

/// A digit of another script stands in `phrase`: the hand readers below leave such
/// matches to the regex groups, which read every script's digits.
fn other_digits(phrase: &str) -> bool {
    phrase
        .chars()
        .any(|c| c.is_numeric() && !c.is_ascii_digit())
}

/// The matched phrase, when every digit in it is ASCII.
fn ascii_digit_phrase(text: &str, whole: Range<usize>) -> Option<&str> {
    text.get(whole).filter(|phrase| !other_digits(phrase))
}

/// The runs of ASCII digits in `s`, in order.
fn digit_runs(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !c.is_ascii_digit())
        .filter(|run| !run.is_empty())
}

/// What is left of the digit runs after the day, month or quarter: nothing (no year)
/// or one run of four digits (the year); anything else (`None`) is left to the groups.
fn last_year<'a>(mut runs: impl Iterator<Item = &'a str>) -> Option<Option<&'a str>> {
    match (runs.next(), runs.next()) {
        (None, _) => Some(None),
        (Some(y), None) if y.len() == 4 => Some(Some(y)),
        _ => None,
    }
}

/// `day_words` read from a match whose only digits are ASCII and whose day and month
/// are numbers: the day is the first digit run, then spaces, "tháng" (six bytes in
/// any case), spaces and the month, the second run; a year, if any, is the third run,
/// four digits long. Text before the day is the prefix. Other matches are left to
/// the groups.
fn read_day_words_plain(
    text: &str,
    whole: Range<usize>,
) -> Option<Option<(Reading, Range<usize>)>> {
    let phrase = ascii_digit_phrase(text, whole.clone())?;
    let day_at = phrase.find(|c: char| c.is_ascii_digit())?;
    let day_len = phrase[day_at..]
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(phrase.len() - day_at);
    let after_day = &phrase[day_at + day_len..];
    let word = after_day.trim_start();
    let after_word = word.get("tháng".len()..)?;
    let month_on = after_word.trim_start();
    let word_is_thang = word.len() < after_day.len()
        && word
            .get(.."tháng".len())
            .is_some_and(|w| fold::eq(w, "tháng"))
        && month_on.len() < after_word.len()
        && month_on.starts_with(|c: char| c.is_ascii_digit());
    if day_len > 2 || !word_is_thang {
        return None;
    }
    let mut runs = digit_runs(month_on);
    let month = runs.next().filter(|m| m.len() <= 2)?;
    let year = last_year(runs)?;
    let day: u32 = phrase[day_at..day_at + day_len].parse().ok()?;
    let month: u32 = month.parse().ok()?;
    let read = written_year(year).and_then(|year| day_words_reading(day, month, year, day_at > 0));
    Some(read.map(|reading| (reading, whole)))
}

/// The day of [`read_day_words`], from its numbers and whether a prefix came first.
fn day_words_reading(day: u32, month: u32, year: Option<i32>, pre: bool) -> Option<Reading> {
    let introduced = pre || year.is_some();
    (introduced && valid_day(day, month, year)).then_some(Reading::Day { day, month, year })
}

/// Words before "tháng N" that make it a frequency or a count, not a month.
const NOT_BEFORE_MONTH: &[&str] = &["mỗi", "hằng", "hàng", "từng", "mấy", "các", "những"];

fn read_month(caps: &Captures, text: &str) -> Option<Reading> {
    let whole = caps.get(0)?;
    let month = number_or_word(caps, "m", &WORDS.months)?;
    let year = year(caps, "y")?;
    let in_words = !caps
        .name("m")?
        .as_str()
        .starts_with(|c: char| c.is_ascii_digit());
    month_reading(text, whole.range(), month, year, in_words)
}

/// `month` read from a match whose only digits are ASCII and whose month is a number:
/// "tháng" (six bytes in any case), spaces, then the month's one or two digits, which
/// are the first run of digits; a year, if any, is the last run, four digits long.
/// Other matches are left to the groups.
fn read_month_plain(text: &str, whole: Range<usize>) -> Option<Option<(Reading, Range<usize>)>> {
    let phrase = text.get(whole.clone())?;
    let after_word = phrase.get("tháng".len()..)?;
    let month_on = after_word.trim_start();
    if month_on.len() == after_word.len()
        || !month_on.starts_with(|c: char| c.is_ascii_digit())
        || other_digits(phrase)
    {
        return None;
    }
    let mut runs = digit_runs(phrase);
    let month = runs.next().filter(|m| m.len() <= 2)?;
    let year = last_year(runs)?;
    let month: u32 = month.parse().ok()?;
    let read =
        written_year(year).and_then(|year| month_reading(text, whole.clone(), month, year, false));
    Some(read.map(|reading| (reading, whole)))
}

/// What [`read_month`] reads once the month, its year and whether the month is in
/// words are known.
fn month_reading(
    text: &str,
    whole: Range<usize>,
    month: u32,
    year: Option<i32>,
    in_words: bool,
) -> Option<Reading> {
    let before = word_before(text, whole.start);
    // "tháng năm" and friends are common words, and "Cách mạng Tháng Tám" is a name:
    // a month in words needs a year.
    if in_words && (fold::eq(before, "ngày") || year.is_none()) {
        return None;
    }
    if is_one_of(before, NOT_BEFORE_MONTH) || is_number(before) {
        return None;
    }
    if year.is_none() && followed_by(text, whole.end, &COUNTS) {
        return None;
    }
    (1..=12)
        .contains(&month)
        .then_some(Reading::Month { month, year })
}

/// "từ 2/2023", "đến 12/2024": a month and year after a soft word.
fn read_month_numeric(caps: &Captures, _text: &str) -> Option<Reading> {
    let month: u32 = number(caps, "m")?;
    let year = year(caps, "y")??;
    (1..=12).contains(&month).then_some(Reading::Month {
        month,
        year: Some(year),
    })
}

fn read_quarter(caps: &Captures, _text: &str) -> Option<Reading> {
    let written = caps.name("q").or_else(|| caps.name("qq"))?;
    let quarter = match written.as_str().to_ascii_lowercase().as_str() {
        "i" | "1" => 1,
        "ii" | "2" => 2,
        "iii" | "3" => 3,
        "iv" | "4" => 4,
        _ => return None,
    };
    let year = caps.name("y").map(|y| y.as_str());
    quarter_reading(quarter, caps.name("qq").is_some(), year)
}

/// `quarter` read from a match whose only digits are ASCII: "Q" and its digit, or
/// "quý" (four bytes in any case), spaces and the numeral, which the pattern tries
/// as "iv", "iii", "ii", "i", then a digit; a year, if any, is the one run of digits
/// after the numeral, four long. Other matches are left to the groups.
fn read_quarter_plain(text: &str, whole: Range<usize>) -> Option<Option<(Reading, Range<usize>)>> {
    let phrase = ascii_digit_phrase(text, whole.clone())?;
    let digit = |s: &str| match s.as_bytes().first() {
        Some(&d @ b'1'..=b'4') => Some(u32::from(d - b'0')),
        _ => None,
    };
    let (quarter, short, rest) = match phrase.strip_prefix('Q').and_then(|r| Some((digit(r)?, r))) {
        Some((quarter, r)) => (quarter, true, r.get(1..)?),
        None => {
            let after = phrase.get("quý".len()..)?;
            let numeral = after.trim_start();
            if numeral.len() == after.len() {
                return None;
            }
            let roman = [("iv", 4), ("iii", 3), ("ii", 2), ("i", 1)]
                .into_iter()
                .find(|(roman, _)| {
                    numeral
                        .get(..roman.len())
                        .is_some_and(|head| head.eq_ignore_ascii_case(roman))
                });
            let (quarter, len) = match roman {
                Some((roman, quarter)) => (quarter, roman.len()),
                None => (digit(numeral)?, 1),
            };
            (quarter, false, numeral.get(len..)?)
        }
    };
    let year = last_year(digit_runs(rest))?;
    Some(quarter_reading(quarter, short, year).map(|reading| (reading, whole)))
}

/// The quarter of [`read_quarter`], from its numeral, whether it was written "Q3",
/// and its year's digits.
fn quarter_reading(quarter: u32, short: bool, year: Option<&str>) -> Option<Reading> {
    // "Q3/2024" is a quarter only with its year.
    if short && year.is_none() {
        return None;
    }
    Some(Reading::Quarter {
        quarter,
        year: written_year(year)?,
    })
}

fn read_half(caps: &Captures, _text: &str) -> Option<Reading> {
    let half = if fold::eq(caps.name("h")?.as_str(), "đầu") {
        1
    } else {
        2
    };
    let year = match caps.name("y") {
        Some(m) if m.as_str().eq_ignore_ascii_case("nay") => None,
        _ => year(caps, "y")?,
    };
    Some(Reading::Half { half, year })
}

fn read_year_range(caps: &Captures, text: &str) -> Option<Reading> {
    let (a, b) = (caps.name("a")?.as_str(), caps.name("b")?.as_str());
    year_range(a, b, text, caps.get(0)?.end())
}

/// `year_range` read from a match whose only digits are its two years in ASCII:
/// the words before and between them hold no digit, so `a` is the first run of
/// digits and `b` the last. A match with digits of other scripts is left to the groups.
fn read_year_range_plain(
    text: &str,
    whole: Range<usize>,
) -> Option<Option<(Reading, Range<usize>)>> {
    let phrase = ascii_digit_phrase(text, whole.clone())?;
    let mut runs = digit_runs(phrase);
    let (a, b) = (runs.next()?, runs.next()?);
    if runs.next().is_some() || a.len() != 4 || b.len() != 4 {
        return None;
    }
    Some(year_range(a, b, text, whole.end).map(|reading| (reading, whole)))
}

fn year_range(a: &str, b: &str, text: &str, end: usize) -> Option<Reading> {
    let (a, b) = (parse_year(a)?, parse_year(b)?);
    // "2000 - 2500 người" is a range of counts.
    if followed_by(text, end, &COUNTS) {
        return None;
    }
    (a < b && b - a <= 100).then_some(Reading::YearRange(a, b))
}

fn read_year_after_nam(caps: &Captures, _text: &str) -> Option<Reading> {
    year(caps, "y")?.map(Reading::Year)
}

/// `year_after_nam` read without its groups, which cost more than the rest of the rule.
fn year_after_nam_at(text: &str, whole: Range<usize>) -> Option<Reading> {
    parse_year(text.get(trailing_year(text, &whole)?)?).map(Reading::Year)
}

/// `bare_year` read without its context, which is left [`Pending`].
fn bare_year_at(text: &str, whole: Range<usize>) -> Option<Reading> {
    parse_year(text.get(trailing_year(text, &whole)?)?).map(Reading::Year)
}

/// A bare four-digit number is a year only after a lead word ("đến 2030") or inside
/// a name that carries a year ("Luật Đất đai 2024"), and never before a counted noun.
fn bare_year_context(text: &str, number: &Range<usize>) -> bool {
    // The words before are read first: they turn down most numbers, and cheaper.
    (is_one_of(word_before(text, number.start), &WORDS.leads)
        || acronym_before(text, number.start)
        || in_named_thing(text, number.start))
        && !followed_by(text, number.end, &COUNTS)
        && !opens_number_range(text, number.end)
}

/// `bare_year` at a digit run: a match the reader takes is the whole run of four
/// ASCII digits with clear sides, so the sides are read there (its context test
/// is left [`Pending`]).
fn bare_year_near(text: &str, anchor: &Range<usize>) -> bool {
    context::year_run(text, anchor).map_or(true, |four| {
        four && left_clear(text, anchor.start) && right_clear(text, anchor.end)
    })
}

/// An all-caps name right before: "PCI 2023", "THPT 2024", "PAR INDEX 2023", "(SN 1968)".
fn acronym_before(text: &str, at: usize) -> bool {
    let head = head_before(text, at, 64);
    if !head.ends_with(' ') {
        return false;
    }
    let head = head.trim_end();
    // "(SN 1968)": a bracket may open the name.
    let word = head[last_word_start(head)..].trim_start_matches(['(', '[', '"', '“']);
    word.chars().count() >= 2 && word.chars().all(|c| c.is_uppercase())
}

/// "2000 đến 3000 người": the number is the low end of a range of counts.
fn opens_number_range(text: &str, at: usize) -> bool {
    let tail = text.get(at..).unwrap_or("").trim_start();
    let tail = ["đến", "-", "–", "tới"]
        .iter()
        .find_map(|sep| tail.strip_prefix(sep))
        .map(str::trim_start);
    tail.is_some_and(|t| t.starts_with(|c: char| c.is_ascii_digit()))
}

/// One of the name words opens the clause that ends at `at`, at most six words back.
fn in_named_thing(text: &str, at: usize) -> bool {
    let (last, count) = last_clause_words::<6>(head_before(text, at, 160));
    let words = last.get(last.len() - count..).unwrap_or(&[]);
    words.iter().enumerate().any(|(i, word)| {
        let Some(first) = fold::first_lower(word) else {
            return false;
        };
        // The names opening with that char, found in the sorted list.
        let from = NAMES.partition_point(|(c, _)| *c < first);
        NAMES
            .get(from..)
            .unwrap_or(&[])
            .iter()
            .take_while(|(c, _)| *c == first)
            .any(|(_, parts)| {
                parts.len() <= words.len() - i
                    && parts.iter().zip(&words[i..]).all(|(n, w)| fold::eq(w, n))
            })
    })
}

/// The name words, each with its first char and split into words once, sorted by
/// that char.
static NAMES: LazyLock<Vec<(char, Vec<&'static str>)>> = LazyLock::new(|| {
    let mut names: Vec<(char, Vec<&'static str>)> = WORDS
        .names
        .iter()
        .filter_map(|name| Some((name.chars().next()?, name.split(' ').collect())))
        .collect();
    names.sort_by_key(|&(c, _)| c);
    names
});

/// The last `N` words of the last clause of `head` (split at whitespace), in text
/// order at the end of the array, and how many there are: read backwards char by
/// char until a clause mark (, . ; : ( ) " “ ” or a line break) or the `N`-th word.
fn last_clause_words<const N: usize>(head: &str) -> ([&str; N], usize) {
    let bytes = head.as_bytes();
    let mut words = [""; N];
    let mut count = 0;
    // The end of the word being read, and the start of the char read last.
    let mut end = None;
    let mut after = bytes.len();
    for i in (0..bytes.len()).rev() {
        let Some(space) = window::space_at(head, i) else {
            continue;
        };
        let mark = match bytes[i] {
            b',' | b'.' | b';' | b':' | b'(' | b')' | b'"' | b'\n' => true,
            0xE2 => matches!(bytes.get(i + 1..i + 3), Some([0x80, 0x9C | 0x9D])),
            _ => false,
        };
        if mark || space {
            if let Some(end) = end.take() {
                count += 1;
                if let Some(slot) = words.get_mut(N - count) {
                    *slot = head.get(after..end).unwrap_or("");
                }
                if count == N {
                    return (words, count);
                }
            }
            if mark {
                return (words, count);
            }
        } else if end.is_none() {
            end = Some(after);
        }
        after = i;
    }
    if let Some(end) = end {
        count += 1;
        if let Some(slot) = words.get_mut(N - count) {
            *slot = head.get(..end).unwrap_or("");
        }
    }
    (words, count)
}

/// Words before a relative phrase that make it a duration ("2 năm nay", "những năm tới").
const NOT_BEFORE_RELATIVE: &[&str] = &[
    "những", "các", "mấy", "mỗi", "hằng", "hàng", "bao", "nhiều", "vài",
];

fn read_relative(text: &str, whole: Range<usize>) -> Option<Reading> {
    let before = word_before(text, whole.start);
    if is_one_of(before, NOT_BEFORE_RELATIVE) || is_number(before) {
        return None;
    }
    let phrase = text
        .get(whole)?
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    WORDS
        .relatives
        .iter()
        .find(|(w, _, _)| *w == phrase)
        .map(|&(_, unit, offset)| Reading::Relative(unit, offset))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The last `n` words of the last clause, as a split of the whole head finds them.
    fn last_words_by_split(head: &str, n: usize) -> Vec<&str> {
        let marks = [',', '.', ';', ':', '(', ')', '"', '“', '”', '\n'];
        let clause_start = head.rfind(|c: char| marks.contains(&c)).map_or(0, |i| {
            i + head[i..].chars().next().map_or(1, char::len_utf8)
        });
        let words: Vec<&str> = head[clause_start..].split_whitespace().collect();
        words[words.len().saturating_sub(n)..].to_vec()
    }

    /// The rules read from their span get what their groups hold: `y` is the last
    /// four chars of the match, and a match found again is the same match.
    #[test]
    fn span_readers_read_what_the_groups_hold() {
        let texts = super::super::window::tests::with_bundled_corpus(&[
            "năm 2023, NĂM  2024, năm\u{a0}2025, Năm\t١٢٣٤, năm 20٢3, năm 12345, 1999 và 2000",
            "năm20231 năm 2023năm 2024 ngày mai, hôm qua, tuần tới; năm sau nữa năm ngoái",
        ]);
        let mut checked = 0;
        for rule in RULES.iter().filter(|r| matches!(r.read, Read::Span(_))) {
            for text in &texts {
                for m in rule.regex.find_iter(text) {
                    let caps = window::captures_of(&rule.regex, text, &m.range());
                    let caps = caps.as_ref();
                    assert_eq!(
                        caps.and_then(|c| c.get(0)).map(|g| g.range()),
                        Some(m.range())
                    );
                    if let Some(y) = caps.and_then(|c| c.name("y")) {
                        assert_eq!(
                            trailing_year(text, &m.range()),
                            Some(y.range()),
                            "{}",
                            rule.name
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 100, "only {checked} years checked");
    }

    /// The group readers read what the regex crate's captures of the same match hold.
    #[test]
    fn group_readers_read_the_regex_groups() {
        let mut texts = super::super::window::tests::with_bundled_corpus(&[
            "Sáng thứ Hai, ngày 14/9/2022; từ ngày 1/10 đến hết ngày 15/10/2022, ngày 14 và 15/9",
            "trước 30/6, (TTXVN 14/9/2023) (6/2024), mồng ba tháng Tư năm 2021, quý IV/2023, Q3/2024",
            "6 tháng đầu năm 2024, nửa cuối năm nay, giai đoạn 2021 - 2025, ١٤/٩/٢٠٢٢, tháng ٩",
        ]);
        // A match too long for the backtracker is read by the regex crate.
        texts.push(format!("tháng{}9/2024", " ".repeat(1 << 20)));
        let mut checked = 0;
        for rule in RULES.iter() {
            let Some(groups) = &rule.groups else { continue };
            let mut scratch = groups.scratch();
            for text in &texts {
                for m in rule.regex.find_iter(text) {
                    let want = window::captures_of(&rule.regex, text, &m.range());
                    let got = groups.read(&rule.regex, &mut scratch, text, &m.range());
                    let names = rule.regex.capture_names().enumerate();
                    for (i, name) in names {
                        let want = want.as_ref().and_then(|c| c.get(i)).map(|g| g.range());
                        assert_eq!(got.as_ref().and_then(|c| c.get(i)).map(|g| g.range()), want);
                        if let Some(name) = name {
                            let got = got.as_ref().and_then(|c| c.name(name)).map(|g| g.range());
                            assert_eq!(got, want, "{} {name}", rule.name);
                        }
                    }
                    checked += 1;
                }
            }
        }
        assert!(checked > 200, "only {checked} matches checked");
    }

    /// A plain read answers as the rule's reader does, on every match it takes.
    #[test]
    fn plain_reads_are_the_group_reads() {
        let mut texts = super::super::window::tests::with_bundled_corpus(&[
            "14/9/2022, 14/9.2022, 1-5-2023, 31/2/2024, 14/9/1200, 07/18, 5/12 năm 2023, 1.5",
            "14/9/٢٠٢٢, ١٤/9, 14/9 NĂM 2022, ngày 14/9, trước 30/6, thứ 2, 14/9, 09/09/2009",
            "Sáng thứ Hai, ngày 14/9/2022; thứ 3 5/9; kể từ 1/7, Kể  TỪ 2/7; đến 10/12 xã, dịp 2.9",
            "rạng sáng nay ngày 3-4 năm\u{a0}2024; mồng 5/6, ngày mùng 7/8 năm ٢٠٢٢, trước  1/2 năm 2021",
            "giai đoạn 2021 - 2025, 2000 - 2500 người, từ năm 2020 đến năm 2022, 2025-2021",
            "Niên khóa 1999–2000, ٢٠٢١-2025, 2021 — ٢٠٢٥, 1990-2100, năm 2020 - 2020, 0999-1000",
            "tháng 9, THÁNG 12/2023, Tháng 03.2024, tháng 7 năm 2022, tháng 13/2024, tháng 0",
            "tháng 5/1899, tháng 6 - 2101, tháng  8 ,  năm 2021, tháng\u{a0}10, tháng ١٠/2024",
            "tháng 11/٢٠٢٤, tháng Tư năm 2023, tháng Ba, tháng 2 người, trong 3 tháng 6 vừa qua",
            "ngày tháng 5, mỗi tháng 2 lần, Cách mạng Tháng Tám, tháng 09 NĂM 2009, tHáNg 1-2025",
            "quý I, Quý II/2023, QUÝ III năm 2024, quý IV - 2022, quý iv.2021, qUý Ii, quý 3",
            "Q1, Q2/2024, Q3 năm 2023, Q4-1800, quý 4/2101, quý\u{a0}I, quý  iii,  năm 2020",
            "Quý IIi/2024, quý V, quý 5, Q5/2024, quý ٣/2024, Q3/٢٠٢٤, quý I/٢٠٢٤, QQ3/2024",
            "ngày 14 tháng 9, Ngày 2 THÁNG 9 năm 1945, 30 tháng 4 năm 2025, sáng 5  tháng\u{a0}6",
            "mồng ba tháng Tư, mùng 10 tháng 3 âm lịch, ngày 31 tháng 2 năm 2024, 29 tháng 2 năm 2023",
            "ngày 14 tháng 9 , năm 2022, ngày 7 tháng 8,năm 2021, 123 tháng 4, ngày 1 tháng ١٢",
            "chiều 3 tháng 5 năm 1800, tối 0 tháng 13, hai tháng 5, ngày ba tháng 5 năm 2023",
        ]);
        texts.extend(super::super::window::tests::real_articles());
        let mut numerals = String::new();
        for day in ["0", "1", "07", "29", "31", "32"] {
            for month in ["1", "02", "12", "13"] {
                for tail in ["", "/2024", ".2023", "-1899", "/2101", "-٢٠٢٢", " năm 2022"] {
                    for sep in ["/", ".", "-"] {
                        numerals.push_str(&format!("{day}{sep}{month}{tail}; "));
                    }
                }
            }
        }
        texts.push(numerals);
        let (mut plain, mut dates, mut led) = (0, 0, 0);
        let (mut months, mut quarters, mut days) = (0, 0, 0);
        for rule in RULES.iter() {
            let Some(read_plain) = rule.plain else {
                continue;
            };
            let mut scratch = None;
            for text in &texts {
                for m in rule.regex.find_iter(text) {
                    let Some(got) = read_plain(text, m.range()) else {
                        continue;
                    };
                    let want = read_by_rule(rule, text, &m.range(), &mut scratch);
                    assert_eq!(got, want, "{}", m.as_str());
                    plain += 1;
                    dates += usize::from(got.is_some());
                    led += usize::from(!m.as_str().starts_with(|c: char| c.is_ascii_digit()));
                    months += usize::from(rule.name == "month" && got.is_some());
                    quarters += usize::from(rule.name == "quarter" && got.is_some());
                    days += usize::from(rule.name == "day_words" && got.is_some());
                }
            }
        }
        assert!(
            plain > 500 && dates > 20 && led > 50 && months > 20 && quarters > 10 && days > 5,
            "{plain} plain reads, {dates} dates, {led} led by a word, {months} months, \
             {quarters} quarters, {days} days in words"
        );
    }

    /// Pending tests run when the overlaps are settled keep what running them at
    /// once keeps.
    #[test]
    fn pending_tests_keep_what_eager_ones_keep() {
        let texts = super::super::window::tests::with_bundled_corpus(&[
            "năm 2023 đến 2030, Luật Đất đai 2024 và PCI 2023; 2000 đến 3000 người, đến 2025 hồ sơ",
            "tháng năm 2022, từ 2021 - 2025 đến 2030, (SN 1968) năm nay 2024 và 2025, THPT 2024",
        ]);
        let mut pending = 0;
        for text in &texts {
            let found = found_spans(text, true);
            pending += found.iter().filter(|s| s.pending.is_some()).count();
            let eager: Vec<Span> = found
                .iter()
                .filter(|s| s.pending.map_or(true, |p| p.holds(text, s)))
                .map(|s| Span {
                    pending: None,
                    ..*s
                })
                .collect();
            let strip = |spans: Vec<Span>| -> Vec<Span> {
                spans
                    .into_iter()
                    .map(|s| Span { pending: None, ..s })
                    .collect()
            };
            assert_eq!(strip(settle(text, found)), settle(text, eager), "{text}");
        }
        assert!(pending > 50, "only {pending} pending spans");
    }

    /// Settling keeps what a map of kept spans keyed by their starts keeps.
    #[test]
    fn settled_spans_are_the_mapped_ones() {
        let by_map = |text: &str, mut found: Vec<Span>| -> Vec<Span> {
            found.sort_by(|a, b| {
                (b.end - b.start)
                    .cmp(&(a.end - a.start))
                    .then(a.start.cmp(&b.start))
            });
            let mut kept = std::collections::BTreeMap::new();
            for span in found {
                let clashes = kept
                    .range(..span.end)
                    .next_back()
                    .is_some_and(|(_, k): (_, &Span)| k.end > span.start);
                if !clashes && span.pending.map_or(true, |p| p.holds(text, &span)) {
                    kept.insert(span.start, span);
                }
            }
            kept.into_values().collect()
        };
        let texts = super::super::window::tests::with_bundled_corpus(&[
            "Ngày 14 và 15/9/2022, từ 1/10 đến 15/10/2022; năm 2023 đến 2030, tháng 3/2024",
            "Sáng thứ Hai (14/9), Quý II/2023, 6 tháng đầu năm 2024 và PCI 2023",
        ]);
        let mut kept = 0;
        for text in &texts {
            let found = found_spans(text, true);
            let want = by_map(text, found.clone());
            kept += want.len();
            assert_eq!(settle(text, found), want, "{text}");
        }
        let year = Reading::Year(2024);
        let span = |start, end| Span {
            start,
            end,
            reading: year,
            pending: None,
        };
        // Same starts, nested and empty spans.
        let found = vec![
            span(3, 3),
            span(3, 3),
            span(0, 4),
            span(2, 6),
            span(6, 6),
            span(5, 9),
        ];
        assert_eq!(settle("", found.clone()), by_map("", found));
        assert!(kept > 100, "only {kept} spans kept");
    }

    /// The word look-ups answer as comparisons of lowercased strings do.
    #[test]
    fn word_lookups_are_lowercase_compares() {
        let texts = super::super::window::tests::with_bundled_corpus(&[
            "2025 HỒ SƠ, 2024 Người; 12 tỷ đồng, Đến 2030 ĐẾN nay, 3 Tấn",
        ]);
        let mut hits = 0;
        for text in &texts {
            for (at, _) in text.char_indices().step_by(5) {
                let head: String = text[at..].trim_start().chars().take(24).collect();
                let head = head.to_lowercase();
                let want = WORDS.counts.iter().any(|w| {
                    head.strip_prefix(w)
                        .is_some_and(|r| !r.starts_with(char::is_alphanumeric))
                });
                assert_eq!(followed_by(text, at, &COUNTS), want, "{at}");
                let word = text[at..].split_whitespace().next().unwrap_or("");
                let want = WORDS.leads.contains(&word.to_lowercase().as_str());
                assert_eq!(is_one_of(word, &WORDS.leads), want, "{word}");
                hits += usize::from(want);
            }
        }
        assert!(hits > 10, "only {hits} lead words");
    }

    /// `followed_by` (its lead byte read off an ASCII char without decoding) answers as
    /// a comparison of lowercased strings, at every char of tricky texts and articles.
    #[test]
    fn followed_by_is_a_lowercase_compare() {
        let mut texts = super::super::window::tests::with_bundled_corpus(&[
            "rằm tháng 7 (ÂM LỊCH), 20/11 Âm lịch, 1/1 ÂL, 2/2 (âl) và 3/3 (Âl); 5/5 Hằng Năm",
            "20/11 HÀNG NĂM, 6/6 hàng năm nay, 7/7 hàngnăm, 8/8 âm lịchx, 9/9 (âm  lịch)",
            "10/10 \u{2003}hằng năm, 11/11 ha\u{300}ng năm, 12/12 İ hàng, 13/13 \u{212a}, 1/2 ſ",
            "3 HỒ SƠ, 4 Người, 5 tỶ, 6 (âm lịch",
        ]);
        texts.extend(super::super::window::tests::real_articles());
        let mut hits = 0;
        for text in &texts {
            for at in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                let head: String = text[at..].trim_start().chars().take(24).collect();
                let head = head.to_lowercase();
                for (words, by_lead) in [
                    (NOT_POINTS_IN_TIME, &*NOT_POINTS),
                    (&WORDS.counts[..], &*COUNTS),
                ] {
                    let want = words.iter().any(|w| {
                        head.strip_prefix(w)
                            .is_some_and(|r| !r.starts_with(char::is_alphanumeric))
                    });
                    assert_eq!(followed_by(text, at, by_lead), want, "{text:?} at {at}");
                    hits += usize::from(want);
                }
            }
        }
        assert!(hits > 100, "only {hits} words found");
    }

    #[test]
    fn word_before_reads_past_wide_spaces() {
        // An em space (3 bytes) before the word: "i + 1" used to land inside it.
        for (text, want) in [
            ("Sáng\u{2003}ngày 15/3", "ngày"),
            ("Sáng ngày\u{3000}15/3", "ngày"),
            ("Khóa XV 2021", "XV"),
            ("(năm 2020", "năm"),
            ("15/3", ""),
        ] {
            let at = text
                .find(|c: char| c.is_ascii_digit())
                .unwrap_or(text.len());
            assert_eq!(word_before(text, at), want, "{text:?}");
        }
        assert!(acronym_before(
            "Chỉ số\u{2003}PCI 2023",
            "Chỉ số\u{2003}PCI ".len()
        ));
    }

    #[test]
    fn clause_words_read_backwards_are_the_split_ones() {
        let heads = [
            "Theo Luật Đất đai",
            "Ngày 5/3, theo “Chương trình giáo dục phổ thông",
            "một hai ba bốn năm sáu bảy tám chín mười",
            "a,b c\u{a0}d\u{2003}e  f\tg h (i j k l m n o",
            "kết quả; Chỉ số PAR INDEX”",
            "",
            "   ",
            "đề án tổng thể\n",
        ];
        for head in heads {
            let (words, count) = last_clause_words::<1>(head);
            assert_eq!(words[1 - count..], last_words_by_split(head, 1), "{head:?}");
            let (words, count) = last_clause_words::<6>(head);
            assert_eq!(words[6 - count..], last_words_by_split(head, 6), "{head:?}");
        }
        for text in super::super::window::tests::bundled_corpus() {
            for (at, _) in text.char_indices().step_by(11) {
                let head = head_before(&text, at, 160);
                let (words, count) = last_clause_words::<6>(head);
                assert_eq!(words[6 - count..], last_words_by_split(head, 6), "{head:?}");
            }
        }
    }
}
