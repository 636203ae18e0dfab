//! Where a date rule can match, so its regex runs on short windows instead of the
//! whole article. Every match of a windowed rule overlaps an anchor (a literal part
//! that the rule cannot match without: "tháng", a digit, "14/9"), and no match spans
//! more whitespace runs than its pattern allows, which `max_space_runs` reads off the
//! parsed pattern. So a window reaches that many runs either side of an anchor, and
//! a search inside it finds exactly what a search of the whole text would.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use regex_syntax::hir::{Class, Hir, HirKind};

use super::context::{Exact, Near};
use crate::keys::WordKeys;

/// Literal parts some rules need, found in one pass each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Anchor {
    /// A day and month: a digit, a separator, a digit ("14/9", "14.9", "2-9").
    DaySeparator,
    /// Four digits in a row.
    FourDigits,
    /// "tháng" or "nửa" in any case: one pass serves the month rules (whose
    /// matches all hold "tháng") and the half rule.
    MonthOrHalf,
    /// "quý" in any case, or "Q".
    Quarter,
}

impl Anchor {
    /// The anchors in `text`, in order, overlapping or touching ones merged.
    /// The digit kinds read `digits`, the word kinds `words`, each worked out at the
    /// first need; the quarters read both.
    fn find(
        self,
        text: &str,
        digits: &mut Option<Digits>,
        words: &mut Option<Words>,
    ) -> Vec<Range<usize>> {
        let mut ranges: Vec<Range<usize>> = match self {
            Anchor::DaySeparator => digits
                .get_or_insert_with(|| Digits::new(text))
                .day_separators(text),
            Anchor::FourDigits => digits
                .get_or_insert_with(|| Digits::new(text))
                .runs(text, 4),
            Anchor::MonthOrHalf => {
                std::mem::take(&mut words.get_or_insert_with(|| Words::new(text)).month_or_half)
            }
            Anchor::Quarter => {
                let quy = std::mem::take(&mut words.get_or_insert_with(|| Words::new(text)).quy);
                let digits = digits.get_or_insert_with(|| Digits::new(text));
                in_order(quy, digits.short_quarters(text))
            }
        };
        // Merged in place: each range joins the last kept one or is kept after it.
        ranges.dedup_by(|r, last| {
            let joins = last.end >= r.start;
            if joins {
                last.end = last.end.max(r.end);
            }
            joins
        });
        ranges
    }
}

/// Two lists of ranges, each in order of their starts, as one list in that order.
fn in_order(a: Vec<Range<usize>>, b: Vec<Range<usize>>) -> Vec<Range<usize>> {
    if b.is_empty() {
        return a;
    }
    let mut out = Vec::with_capacity(a.len() + b.len());
    let mut b = b.into_iter().peekable();
    for r in a {
        while let Some(s) = b.next_if(|s| s.start < r.start) {
            out.push(s);
        }
        out.push(r);
    }
    out.extend(b);
    out
}

/// The words of the word anchors and the kind each gives.
const ANCHOR_WORDS: [(&str, Anchor); 3] = [
    ("tháng", Anchor::MonthOrHalf),
    ("nửa", Anchor::MonthOrHalf),
    ("quý", Anchor::Quarter),
];

/// Bytes of a word's key: its first four in some case ("thá", "nử", "quý"), which
/// open one to five of 10,000 bytes of news text. A word's bytes past its key are
/// ASCII letters (a test checks), compared case-blind.
const WORD_KEY_LEN: usize = 4;

/// The keys of every anchor word in every case. No key's end opens another key (a test
/// checks), so a leftmost-first search misses none.
static WORD_KEYS: LazyLock<WordKeys> = LazyLock::new(|| word_anchor_keys(true));

/// With `packed`, Teddy if the CPU has it; the automaton otherwise.
fn word_anchor_keys(packed: bool) -> WordKeys {
    WordKeys::new(
        ANCHOR_WORDS.map(|(word, _)| (word, 0)),
        WORD_KEY_LEN,
        packed,
    )
}

/// The word anchors of a text, found in one pass for both kinds: "tháng" and "nửa"
/// in any case, as `(?i:tháng|nửa)` finds them, and "quý" in any case, as `(?i:quý)`
/// does.
#[derive(Default)]
struct Words {
    month_or_half: Vec<Range<usize>>,
    quy: Vec<Range<usize>>,
}

impl Words {
    fn new(text: &str) -> Self {
        Words::found_by(&WORD_KEYS, text)
    }

    fn found_by(keys: &WordKeys, text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut found = Words::default();
        for (start, w) in keys.find_iter(bytes) {
            let (word, kind) = ANCHOR_WORDS[w];
            let end = start + word.len();
            let rest = bytes.get(start + WORD_KEY_LEN..end);
            let tail = word.as_bytes().get(WORD_KEY_LEN..);
            if !rest
                .zip(tail)
                .is_some_and(|(r, t)| r.eq_ignore_ascii_case(t))
            {
                continue;
            }
            match kind {
                Anchor::Quarter => found.quy.push(start..end),
                _ => found.month_or_half.push(start..end),
            }
        }
        found
    }
}

/// May `c` be a decimal digit (`\d`)? Vietnamese letters are ruled out without a lookup.
#[inline]
fn maybe_digit(c: char) -> bool {
    match c as u32 {
        0x30..=0x39 => true,
        0..=0x7F | 0xC0..=0x24F | 0x1E00..=0x1EFF => false,
        _ => c.is_numeric(),
    }
}

/// "14/9", "14.9", "2-9": a separator between two digits, as the range digit..digit.
fn day_separators(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    // The byte length of a possible digit ending before `i` or starting at `i`:
    // ASCII chars are read off their byte, others decoded.
    let digit_len = |i: usize, ends: bool| -> Option<usize> {
        let b = *bytes.get(if ends { i.checked_sub(1)? } else { i })?;
        if b.is_ascii() {
            return b.is_ascii_digit().then_some(1);
        }
        let c = if ends {
            text.get(..i)?.chars().next_back()
        } else {
            text.get(i..)?.chars().next()
        };
        c.filter(|&c| maybe_digit(c)).map(char::len_utf8)
    };
    memchr::memchr3_iter(b'/', b'.', b'-', bytes)
        .filter_map(|i| {
            let before = digit_len(i, true)?;
            let after = digit_len(i + 1, false)?;
            Some(i - before..i + 1 + after)
        })
        .collect()
}

/// A digit as [`digit_runs`] reads them: below U+0640 only ASCII ones.
fn run_digit(c: char) -> bool {
    c.is_ascii_digit() || (c as u32 >= 0x640 && maybe_digit(c))
}

/// Could `bytes` hold a digit beyond ASCII (as [`run_digit`] reads them)? Only chars
/// from U+0640 on (lead byte 0xD9 or more) can be, and not the Vietnamese letters of
/// U+1E00–U+1EFF (E1 B8–BB) nor the punctuation of U+2000–U+203F (E2 80), which fill
/// Vietnamese text. One pass without branches, so it is vectorized.
fn may_hold_other_digits(bytes: &[u8]) -> bool {
    let Some(&last) = bytes.last() else {
        return false;
    };
    let pairs = bytes.iter().zip(bytes.get(1..).unwrap_or(&[]));
    let any = pairs.fold(0u8, |any, (&b, &next)| any | other_lead(b, next));
    any | other_lead(last, 0) != 0
}

/// 1 when `b` leads a char beyond U+0640 other than those [`may_hold_other_digits`]
/// skips, `next` being the byte after it; without branches.
#[inline(always)]
fn other_lead(b: u8, next: u8) -> u8 {
    let vietnamese = u8::from(b == 0xE1) & u8::from(next & 0xFC == 0xB8);
    let punctuation = u8::from(b == 0xE2) & u8::from(next == 0x80);
    u8::from(b >= 0xD9) & !vietnamese & !punctuation & 1
}

/// The runs of ASCII digits in a text, found once for both digit anchor kinds, and
/// whether other chars in it may be digits: then each kind reads the chars itself.
struct Digits {
    ascii_runs: Vec<Range<usize>>,
    /// Chars that [`run_digit`] may take ([`may_hold_other_digits`]).
    others: bool,
    /// Latin-1 numerals (², ¾), which [`maybe_digit`] takes and [`run_digit`] does not.
    latin1: bool,
}

impl Digits {
    fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        Digits {
            ascii_runs: ascii_digit_runs(bytes),
            others: may_hold_other_digits(bytes),
            latin1: memchr::memchr_iter(0xC2, bytes)
                .any(|i| matches!(bytes.get(i + 1), Some(0xB2 | 0xB3 | 0xB9 | 0xBC..=0xBE))),
        }
    }

    /// "Q" and a digit from 1 to 4 ("Q3/2024"), as `Q[1-4]` finds them: the runs
    /// of ASCII digits say where to look, instead of a pass for the "Q" that opens
    /// "Quốc", "Quảng" and "Quy" in every article.
    fn short_quarters(&self, text: &str) -> Vec<Range<usize>> {
        let bytes = text.as_bytes();
        let after_q = |r: &&Range<usize>| {
            r.start > 0
                && bytes.get(r.start - 1) == Some(&b'Q')
                && matches!(bytes.get(r.start), Some(b'1'..=b'4'))
        };
        let runs = self.ascii_runs.iter().filter(after_q);
        runs.map(|r| r.start - 1..r.start + 1).collect()
    }

    /// [`day_separators`]: where every digit is ASCII, a separator alone between two runs.
    fn day_separators(&self, text: &str) -> Vec<Range<usize>> {
        if self.others || self.latin1 {
            return day_separators(text);
        }
        let bytes = text.as_bytes();
        let runs = self.ascii_runs.iter().zip(self.ascii_runs.iter().skip(1));
        runs.filter(|(a, b)| {
            b.start == a.end + 1 && matches!(bytes.get(a.end), Some(b'/' | b'.' | b'-'))
        })
        .map(|(a, b)| a.end - 1..b.start + 1)
        .collect()
    }

    /// [`digit_runs`]: where every digit is ASCII, the ASCII runs that long.
    fn runs(&self, text: &str, min: usize) -> Vec<Range<usize>> {
        if self.others {
            return digit_runs(text, min);
        }
        let long = self.ascii_runs.iter().filter(|r| r.len() >= min);
        long.cloned().collect()
    }
}

/// Bytes tested together by [`ascii_digit_runs`].
const BLOCK: usize = 64;

/// Whether a block holds an ASCII digit: one vector test per 16 bytes and one
/// reduction, so the blocks without digits (seven in ten) cost little more.
#[inline(always)]
fn any_digit(block: &[u8; BLOCK]) -> bool {
    block
        .iter()
        .fold(0u8, |any, &b| any | u8::from(b.is_ascii_digit()))
        != 0
}

/// The ASCII digits of a block, offset `i` at bit `i`: a flag byte per offset
/// (vector compares), then eight flags gathered into eight bits by one multiply
/// (each lands on a bit of its own, so nothing carries).
#[inline(always)]
fn digit_mask(block: &[u8; BLOCK]) -> u64 {
    let mut flags = [0u8; BLOCK];
    for (flag, &b) in flags.iter_mut().zip(block) {
        *flag = u8::from(b.is_ascii_digit());
    }
    let mut mask = 0;
    for (i, eight) in flags.chunks_exact(8).enumerate() {
        let eight = u64::from_le_bytes(eight.try_into().unwrap_or_default());
        mask |= (eight.wrapping_mul(0x0102_0408_1020_4080) >> 56) << (8 * i);
    }
    mask
}

/// The runs of ASCII digits in `bytes`, a block at a time: a block without digits
/// only closes the run going on into it; one with digits has its runs opened and
/// closed where digits and other bytes meet.
fn ascii_digit_runs(bytes: &[u8]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open = None;
    let mut base = 0;
    let mut rest = bytes;
    while let Some((block, tail)) = rest.split_first_chunk::<BLOCK>() {
        if any_digit(block) {
            mark_runs(&mut out, &mut open, digit_mask(block), base);
        } else if let Some(start) = open.take() {
            out.push(start..base);
        }
        base += BLOCK;
        rest = tail;
    }
    // The last bytes (fewer than a block) padded with zeros, which are no digits:
    // a run going on to the end closes there.
    let mut padded = [0; BLOCK];
    for (p, &b) in padded.iter_mut().zip(rest) {
        *p = b;
    }
    mark_runs(&mut out, &mut open, digit_mask(&padded), base);
    out
}

/// Opens and closes runs where the digits of a block (one bit each, its first
/// byte at `base`) and other bytes meet; `open` is the start of the run going on
/// into the block.
#[inline(always)]
fn mark_runs(out: &mut Vec<Range<usize>>, open: &mut Option<usize>, digits: u64, base: usize) {
    // Each change from the byte before, in order: a run opens, the next one closes it.
    let mut changes = digits ^ ((digits << 1) | u64::from(open.is_some()));
    while changes != 0 {
        let at = base + changes.trailing_zeros() as usize;
        match open.take() {
            Some(start) => out.push(start..at),
            None => *open = Some(at),
        }
        changes &= changes - 1;
    }
}

/// Runs of at least `min` digits. Such a run spans at least `min` bytes, so only
/// every `min`-th byte is looked at and a run is grown both ways from a digit met
/// there. Chars below U+0640 (lead byte below 0xD9) other than ASCII digits are
/// not read as digits, nor are the Vietnamese letters of U+1E00–U+1EFF (0xE1
/// 0xB8–0xBB), so only other chars are decoded.
fn digit_runs(text: &str, min: usize) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let digit_at = |i: usize| -> usize {
        match bytes.get(i) {
            Some(b) if b.is_ascii_digit() => 1,
            Some(&b)
                if b < 0xD9 || (b == 0xE1 && matches!(bytes.get(i + 1), Some(0xB8..=0xBB))) =>
            {
                0
            }
            _ => text
                .get(i..)
                .and_then(|t| t.chars().next())
                .filter(|&c| run_digit(c))
                .map_or(0, char::len_utf8),
        }
    };
    let step = min.max(1);
    let mut out = Vec::new();
    let mut i = step - 1;
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 && !b.is_ascii_digit() {
            i += step;
            continue;
        }
        // The start of the char holding byte `i`.
        let mut start = i;
        while start > 0 && matches!(bytes.get(start), Some(0x80..=0xBF)) {
            start -= 1;
        }
        let mut end = start + digit_at(start);
        if end == start {
            i += step;
            continue;
        }
        let mut digits = 1;
        while let Some(c) = text.get(..start).and_then(|h| h.chars().next_back()) {
            if !run_digit(c) {
                break;
            }
            start -= c.len_utf8();
            digits += 1;
        }
        loop {
            let len = digit_at(end);
            if len == 0 {
                break;
            }
            end += len;
            digits += 1;
        }
        if digits >= min {
            out.push(start..end);
        }
        i = end + step - 1;
    }
    out
}

/// A test of an anchor run once for all the rules of its kind that share it: the
/// bits of those that may accept a match overlapping the anchor.
pub(super) type Sieve = fn(&str, &Range<usize>) -> u8;

/// A rule's tests of an anchor's context, each skipping anchors where the rule
/// accepts no match.
#[derive(Clone, Copy, Default)]
pub(super) struct ContextTests {
    pub near: Option<Near>,
    pub exact: Option<Exact>,
    /// The sieve of the rule's anchor kind and the rule's bit in its answers.
    pub sieve: Option<(Sieve, u8)>,
}

/// Each anchor kind found at most once per text, and its sieve run at most once
/// per anchor (every rule of a kind that is sieved names the same sieve).
pub(super) struct Anchors<'t> {
    text: &'t str,
    digits: Option<Digits>,
    words: Option<Words>,
    found: [Option<Vec<Range<usize>>>; 4],
    sieved: [Option<Vec<u8>>; 4],
}

impl<'t> Anchors<'t> {
    pub fn new(text: &'t str) -> Self {
        Anchors {
            text,
            digits: None,
            words: None,
            found: Default::default(),
            sieved: Default::default(),
        }
    }

    /// Whether the text holds an ASCII digit, read off its digit runs (which the
    /// digit anchors need anyway) instead of a pass of its own.
    pub fn has_ascii_digit(&mut self) -> bool {
        let text = self.text;
        let digits = self.digits.get_or_insert_with(|| Digits::new(text));
        !digits.ascii_runs.is_empty()
    }

    /// The anchors of a kind and, for a sieved rule, the sieve's answers for them.
    fn get(&mut self, anchor: Anchor, sieve: Option<Sieve>) -> (&[Range<usize>], &[u8]) {
        let text = self.text;
        let (digits, words) = (&mut self.digits, &mut self.words);
        let found =
            self.found[anchor as usize].get_or_insert_with(|| anchor.find(text, digits, words));
        let sieved = match sieve {
            Some(sieve) => self.sieved[anchor as usize]
                .get_or_insert_with(|| found.iter().map(|a| sieve(text, a)).collect()),
            None => &[][..],
        };
        (found, sieved)
    }
}

/// The anchor each rule needs, by rule name; `None` for rules searched whole.
pub(super) fn anchor_of(rule: &str) -> Option<Anchor> {
    Some(match rule {
        "day_range" | "day_numeric" | "day_pair_head" | "day_in_brackets" | "month_numeric"
        | "dateline" | "month_in_brackets" => Anchor::DaySeparator,
        "year_range" | "year_after_nam" | "bare_year" => Anchor::FourDigits,
        "day_words" | "month" | "half" => Anchor::MonthOrHalf,
        "quarter" => Anchor::Quarter,
        _ => return None,
    })
}

/// A rule's anchor and the whitespace runs its matches can touch, when both are known.
pub(super) fn plan(rule: &str, regex: &Regex) -> Option<(Anchor, usize)> {
    Some((anchor_of(rule)?, max_space_runs(regex.as_str())?))
}

/// One rule's matches in one text, as a whole-text search finds them, minus matches
/// that overlap no anchor (the rule's reader turns those down anyway).
pub(super) struct Search<'t, 'a> {
    text: &'t str,
    regex: &'static Regex,
    windows: Option<Windows<'a>>,
}

struct Windows<'a> {
    anchors: &'a [Range<usize>],
    /// The sieve's answers per anchor and the rule's bit in them; empty when not sieved.
    sieved: &'a [u8],
    bit: u8,
    /// The rule's test of an anchor's context, if it has one.
    near: Option<Near>,
    /// Where the rule's one match over an anchor is, when its context tells.
    exact: Option<Exact>,
    /// The whitespace runs a match can touch.
    runs: usize,
    /// The next anchor to look at.
    next: usize,
    /// The last window worked out, by anchor index.
    last: Option<(usize, Range<usize>)>,
}

impl<'t, 'a> Search<'t, 'a> {
    /// The search of a rule with this regex, window plan and context tests.
    // Inlined into the rule loop of `rules` across codegen units, as `find_at` is:
    // out of line the two cost 0.8 instructions per byte more.
    #[inline]
    pub fn new(
        anchors: &'a mut Anchors<'t>,
        regex: &'static Regex,
        plan: Option<(Anchor, usize)>,
        tests: ContextTests,
    ) -> Self {
        let text = anchors.text;
        let windows = plan.map(|(anchor, runs)| {
            let (found, sieved) = anchors.get(anchor, tests.sieve.map(|(sieve, _)| sieve));
            Windows {
                anchors: found,
                sieved,
                bit: tests.sieve.map_or(0, |(_, bit)| bit),
                near: tests.near,
                exact: tests.exact,
                runs,
                next: 0,
                last: None,
            }
        });
        Search {
            text,
            regex,
            windows,
        }
    }

    /// The leftmost match starting at or after `at`, like `Regex::find_at`.
    #[inline]
    pub fn find_at(&mut self, mut at: usize) -> Option<Range<usize>> {
        let text = self.text;
        let Some(w) = &mut self.windows else {
            return self.regex.find_at(text, at).map(|m| m.range());
        };
        loop {
            while w.anchors.get(w.next).is_some_and(|a| a.end <= at) {
                w.next += 1;
            }
            let anchor = w.anchors.get(w.next)?;
            // The sieve or the rule's context test says it accepts no match
            // overlapping this anchor.
            if w.sieved.get(w.next).is_some_and(|bits| bits & w.bit == 0)
                || w.near.is_some_and(|near| !near(text, anchor))
            {
                at = anchor.end;
                continue;
            }
            // The context tells the match over the anchor, or that there is none.
            match w.exact.and_then(|exact| exact(text, anchor, at)) {
                Some(Some(m)) => return Some(m),
                Some(None) => {
                    at = anchor.end;
                    continue;
                }
                None => {}
            }
            let window = match &w.last {
                Some((i, window)) if *i == w.next => window.clone(),
                _ => {
                    let window = around(text, anchor, w.runs);
                    w.last = Some((w.next, window.clone()));
                    window
                }
            };
            // Matches starting before the anchor's end lie inside the window, so
            // the cut haystack gives them exactly; later ones belong to later anchors.
            let found = self
                .regex
                .find_at(&text[..window.end], at.max(window.start));
            if let Some(m) = found.filter(|m| m.start() < anchor.end) {
                return Some(m.range());
            }
            at = anchor.end;
        }
    }
}

/// The groups of `found`, a match of `regex` in `text`, found again in the text cut
/// at its end. A pattern without look-around matches the same there: the paths that
/// `found` beat still lose, and no new ones appear.
#[cfg(test)]
pub(super) fn captures_of<'t>(
    regex: &Regex,
    text: &'t str,
    found: &Range<usize>,
) -> Option<regex::Captures<'t>> {
    regex.captures_at(text.get(..found.end)?, found.start)
}

/// The most whitespace runs one match of `pattern` can touch; `None` when unbounded
/// (or the pattern does not parse), and then the rule is searched whole.
pub(super) fn max_space_runs(pattern: &str) -> Option<usize> {
    runs(&regex_syntax::parse(pattern).ok()?)
}

fn runs(hir: &Hir) -> Option<usize> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Some(0),
        HirKind::Literal(lit) => Some(
            String::from_utf8_lossy(&lit.0)
                .chars()
                .filter(|c| c.is_whitespace())
                .count(),
        ),
        HirKind::Class(class) => Some(usize::from(class_chars(class).any(char::is_whitespace))),
        HirKind::Repetition(rep) => {
            let inner = runs(&rep.sub)?;
            match rep.max {
                _ if inner == 0 => Some(0),
                Some(max) => inner.checked_mul(usize::try_from(max).ok()?),
                // "\s+" stays inside one run; anything else repeated may cross many.
                None => match rep.sub.kind() {
                    HirKind::Class(class) if class_chars(class).all(char::is_whitespace) => Some(1),
                    _ => None,
                },
            }
        }
        HirKind::Capture(cap) => runs(&cap.sub),
        HirKind::Concat(subs) => subs
            .iter()
            .try_fold(0usize, |sum, h| sum.checked_add(runs(h)?)),
        HirKind::Alternation(subs) => subs
            .iter()
            .try_fold(0usize, |most, h| Some(most.max(runs(h)?))),
    }
}

/// The chars of a class; byte classes as Latin-1. Whitespace classes are short, and
/// `any`/`all` stop early on the long letter classes.
fn class_chars(class: &Class) -> Box<dyn Iterator<Item = char> + '_> {
    match class {
        Class::Unicode(c) => Box::new(c.iter().flat_map(|r| r.start()..=r.end())),
        Class::Bytes(c) => Box::new(c.iter().flat_map(|r| r.start()..=r.end()).map(char::from)),
    }
}

/// How far a window reaches either side of its anchor at most. No date phrase is
/// this long; without a cap, text with no spaces made every window the whole text
/// and the search quadratic.
const MAX_REACH: usize = 256;

/// The bytes any match over `anchor` is read from: [`MAX_REACH`] either side, widened
/// to char boundaries. Windows, hand-read matches and context tests all stay inside
/// it, so that a context test never passes a match the window search would not find.
pub(super) fn reach(text: &str, anchor: &Range<usize>) -> Range<usize> {
    reach_start(text, anchor)..reach_end(text, anchor)
}

fn reach_start(text: &str, anchor: &Range<usize>) -> usize {
    let mut floor = anchor.start.saturating_sub(MAX_REACH);
    while !text.is_char_boundary(floor) {
        floor -= 1;
    }
    floor
}

fn reach_end(text: &str, anchor: &Range<usize>) -> usize {
    let mut ceiling = (anchor.end + MAX_REACH).min(text.len());
    while !text.is_char_boundary(ceiling) {
        ceiling += 1;
    }
    ceiling
}

/// Where a match overlapping `anchor` can lie when it touches at most `runs`
/// whitespace runs: from after the (runs + 1)-th run before the anchor to the
/// start of the (runs + 1)-th run after it, and never past its [`reach`].
pub(super) fn around(text: &str, anchor: &Range<usize>, runs: usize) -> Range<usize> {
    let floor = reach_start(text, anchor);
    let start = nth_run_start(text, (floor..anchor.start).rev(), runs + 1).map_or(floor, |i| {
        i + text
            .get(i..)
            .and_then(|t| t.chars().next())
            .map_or(1, char::len_utf8)
    });
    start..around_end(text, anchor, runs)
}

/// The end of [`around`].
fn around_end(text: &str, anchor: &Range<usize>, runs: usize) -> usize {
    let ceiling = reach_end(text, anchor);
    nth_run_start(text, anchor.end..ceiling, runs + 1).unwrap_or(ceiling)
}

/// Is the char starting at byte `i` whitespace? `None` inside a char. Read from the
/// bytes alone: beyond ASCII the whitespace chars are U+0085, U+00A0, U+1680,
/// U+2000–U+200A, U+2028, U+2029, U+202F, U+205F and U+3000, so the Vietnamese
/// letters (lead byte 0xE1) need no decoding.
#[inline(always)]
pub(super) fn space_at(text: &str, i: usize) -> Option<bool> {
    let bytes = text.as_bytes();
    let b = *bytes.get(i)?;
    let next = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
    match b {
        0..=0x7F => Some(matches!(b, b' ' | b'\t'..=b'\r')),
        0x80..=0xBF => None,
        0xC2 => Some(matches!(next(1), 0x85 | 0xA0)),
        0xE1 => Some(next(1) == 0x9A && next(2) == 0x80),
        0xE2 => Some(match next(1) {
            0x80 => matches!(next(2), 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF),
            0x81 => next(2) == 0x9F,
            _ => false,
        }),
        0xE3 => Some(next(1) == 0x80 && next(2) == 0x80),
        _ => Some(false),
    }
}

const NO_SPACE: u8 = 0;
const ASCII_SPACE: u8 = 1;
const INSIDE_CHAR: u8 = 2;
const MAYBE_SPACE: u8 = 3;

/// [`space_at`] per byte, with the lead bytes of the non-ASCII spaces left to it.
const SPACE_CLASS: [u8; 256] = {
    let mut table = [NO_SPACE; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            b' ' | b'\t'..=b'\r' => ASCII_SPACE,
            0x80..=0xBF => INSIDE_CHAR,
            0xC2 | 0xE1..=0xE3 => MAYBE_SPACE,
            _ => NO_SPACE,
        };
        b += 1;
    }
    table
};

/// Where the first whitespace char of the `n`-th whitespace run met walking the
/// byte offsets `at` starts.
fn nth_run_start(text: &str, at: impl Iterator<Item = usize>, n: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut seen = 0;
    let mut in_space = false;
    for i in at {
        let class = bytes.get(i).map_or(0, |&b| SPACE_CLASS[usize::from(b)]);
        let space = match class {
            NO_SPACE => Some(false),
            ASCII_SPACE => Some(true),
            INSIDE_CHAR => None,
            _ => space_at(text, i),
        };
        match space {
            None => {}
            Some(false) => in_space = false,
            Some(true) if !in_space => {
                in_space = true;
                seen += 1;
                if seen == n {
                    return Some(i);
                }
            }
            Some(true) => {}
        }
    }
    None
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::keys::{all_case_spellings, word_keys, KeySearcher};

    #[test]
    fn spaces_are_found_by_their_lead_bytes() {
        for c in (0..0x11_0000).filter_map(char::from_u32) {
            let text = format!("{c}");
            assert_eq!(space_at(&text, 0), Some(c.is_whitespace()), "{c:?}");
            let class = SPACE_CLASS[usize::from(text.as_bytes()[0])];
            match class {
                NO_SPACE => assert!(!c.is_whitespace(), "{c:?}"),
                ASCII_SPACE => assert!(c.is_whitespace(), "{c:?}"),
                _ => assert_eq!(class, MAYBE_SPACE, "{c:?}"),
            }
            assert!(text
                .bytes()
                .skip(1)
                .all(|b| SPACE_CLASS[usize::from(b)] == INSIDE_CHAR));
            assert!((1..text.len()).all(|i| space_at(&text, i).is_none()));
        }
    }

    #[test]
    fn windows_stop_short_in_text_without_spaces() {
        let text = "QmFzZTY0/+Zm9v".repeat(1000);
        let anchor = 7000..7001;
        let window = around(&text, &anchor, 2);
        assert_eq!(window, 7000 - MAX_REACH..7001 + MAX_REACH);
        let spaced = "ngày 14/9 năm 2022 tại hội trường";
        assert_eq!(around(spaced, &(8..9), 1), 0..15);
    }

    #[test]
    fn space_runs_are_read_off_the_pattern() {
        assert_eq!(max_space_runs(r"\d{4}"), Some(0));
        assert_eq!(max_space_runs(r"năm\s+\d{4}"), Some(1));
        assert_eq!(
            max_space_runs(r"(?i)(?:từ\s+)?\d+\s*(?:đến|-)\s*\d+"),
            Some(3)
        );
        assert_eq!(max_space_runs(r"(?:a\s+|b\s+c\s+)\d"), Some(2));
        assert_eq!(max_space_runs(r"(?:\s\d){3}"), Some(3));
        assert_eq!(max_space_runs(r"a b"), Some(1));
        // A repeated group or a class with more than spaces can cross any number of runs.
        assert_eq!(max_space_runs(r"(?:a\s)+"), None);
        assert_eq!(max_space_runs(r"[\s,]+"), None);
        assert_eq!(max_space_runs(r".*\d"), None);
    }

    #[test]
    fn windows_reach_the_allowed_runs() {
        let text = "Sáng  ngày 14/9 năm 2022, tỉnh họp";
        let anchor = text.find("14/9").unwrap()..text.find("14/9").unwrap() + 4;
        assert_eq!(&text[around(text, &anchor, 0)], "14/9");
        assert_eq!(&text[around(text, &anchor, 1)], "ngày 14/9 năm");
        assert_eq!(&text[around(text, &anchor, 2)], "Sáng  ngày 14/9 năm 2022,");
        assert_eq!(&text[around(text, &anchor, 9)], text);
    }

    #[test]
    fn day_separators_read_off_bytes_are_the_decoded_ones() {
        let by_chars = |text: &str| -> Vec<Range<usize>> {
            memchr::memchr3_iter(b'/', b'.', b'-', text.as_bytes())
                .filter_map(|i| {
                    let before = text[..i].chars().next_back().filter(|&c| maybe_digit(c))?;
                    let after = text[i + 1..].chars().next().filter(|&c| maybe_digit(c))?;
                    Some(i - before.len_utf8()..i + 1 + after.len_utf8())
                })
                .collect()
        };
        let texts = with_bundled_corpus(&[
            "/1-2.3/ ١/٢ 1/٢ ٢.1 ẩ/1 1/ẩ 9.300 -4 5- 12/9/2022 ²/³ x/y /",
            "Ngày 1/2/3, 14.9-15.9, 9.300, 5-, -4, 12//9, 7/ẩ, “3-4” đến 0.5%",
            "1¾/2 và 3/4",
            "",
        ]);
        let mut read_off_runs = 0;
        for text in &texts {
            let want = by_chars(text);
            assert_eq!(day_separators(text), want, "{text:?}");
            let digits = Digits::new(text);
            read_off_runs += usize::from(!digits.others && !digits.latin1 && !want.is_empty());
            assert_eq!(digits.day_separators(text), want, "{text:?}");
        }
        assert!(
            read_off_runs > 5,
            "only {read_off_runs} texts read off runs"
        );
    }

    #[test]
    fn ascii_runs_open_and_close_at_block_edges() {
        for len in (0..=40).chain([63, 64, 65, 127, 128, 129, 130]) {
            for start in 0..len {
                for end in start + 1..=len {
                    let mut text = vec![b'x'; len];
                    text[start..end].fill(b'7');
                    assert_eq!(
                        ascii_digit_runs(&text),
                        vec![Range { start, end }],
                        "{len} {start} {end}"
                    );
                }
            }
        }
        let text = "0 12 x345 ¾ 6789 ẩ0".as_bytes();
        let runs: Vec<&[u8]> = ascii_digit_runs(text)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(runs, [&b"0"[..], b"12", b"345", b"6789", b"0"]);
        let ascii_runs = Regex::new("[0-9]+").unwrap();
        for text in with_bundled_corpus(&["Ngày 14/9/2022, 2021-2025, 9.300 tỷ; 80,28/100"]) {
            let want: Vec<Range<usize>> = ascii_runs.find_iter(&text).map(|m| m.range()).collect();
            assert_eq!(ascii_digit_runs(text.as_bytes()), want);
        }
    }

    #[test]
    fn ascii_digits_are_read_off_the_runs() {
        let mut texts = with_bundled_corpus(&["", "không", "năm ٢٠٢٣ ² ¾", "x9", "9", "ạ0"]);
        texts.extend((0..140).map(|at| format!("{}7{}", "ạ".repeat(at / 2), "a".repeat(at % 2))));
        texts.extend((60..70).map(|n| "ạ".repeat(n)));
        let mut with_digits = 0;
        for text in &texts {
            let want = text.bytes().any(|b| b.is_ascii_digit());
            assert_eq!(Anchors::new(text).has_ascii_digit(), want, "{text:?}");
            with_digits += usize::from(want);
        }
        assert!(
            with_digits > 150 && with_digits + 10 < texts.len(),
            "{with_digits}"
        );
    }

    #[test]
    fn anchors_merge_when_they_touch() {
        let text = "Từ 1/2/2023 đến 14.9, THÁNG 3 và Quý II; nửa năm";
        let found = |a: Anchor| -> Vec<&str> {
            a.find(text, &mut None, &mut None)
                .into_iter()
                .map(|r| &text[r])
                .collect()
        };
        assert_eq!(found(Anchor::DaySeparator), ["1/2/2", "4.9"]);
        assert_eq!(found(Anchor::FourDigits), ["2023"]);
        assert_eq!(found(Anchor::MonthOrHalf), ["THÁNG", "nửa"]);
        assert_eq!(found(Anchor::Quarter), ["Quý"]);
        assert!(Anchor::Quarter
            .find("quyết định", &mut None, &mut None)
            .is_empty());
        // Digits of any script count; letters and punctuation between them do not.
        let digits = "năm 2023ẩ 12345 ١٢٣٤ 20٢3 202 ²⁰²³";
        let runs: Vec<&str> = digit_runs(digits, 4)
            .into_iter()
            .map(|r| &digits[r])
            .collect();
        assert_eq!(runs, ["2023", "12345", "١٢٣٤", "20٢3"]);
    }

    /// `texts`, then every article of the bundled corpus.
    pub(in crate::extract::date) fn with_bundled_corpus(texts: &[&str]) -> Vec<String> {
        let mut all: Vec<String> = texts.iter().map(|t| t.to_string()).collect();
        all.extend(bundled_corpus());
        all
    }

    /// Every file of the bundled `corpus/` as text.
    pub(in crate::extract::date) fn bundled_corpus() -> Vec<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .flatten()
                    .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The real articles of `../shared/corpus/real`, if there.
    pub(in crate::extract::date) fn real_articles() -> Vec<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/real");
        let files = std::fs::read_dir(dir).into_iter().flatten().flatten();
        files
            .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
            .filter_map(|e| std::fs::read_to_string(e.path()).ok())
            .collect()
    }

    /// One key search finds the word anchors the regexes it replaces find, by Teddy
    /// and by the automaton that stands in for it on CPUs without SIMD.
    #[test]
    fn word_anchors_are_the_regex_ones() {
        let by_regex = |pattern: &str, text: &str| -> Vec<Range<usize>> {
            let regex = Regex::new(pattern).unwrap();
            regex.find_iter(text).map(|m| m.range()).collect()
        };
        let mut texts = with_bundled_corpus(&[
            "quý QUÝ Quý qUý quy Q q QQuý qquý Quýt quýquý Q1 quyết định Quốc hội qu q\u{fd}",
            "tháng THÁNG Tháng tHáNg thÁng thángtháng thán thánh Thái tháo thá tha\u{301}ng",
            "nửa NỬA Nửa nỬa nửA nửanửa cửa sửa nữa nử nư\u{309}a Nửa-tháng quýQ QQ Qquý",
            "Ngày 14 tháng 9, quý IV/2023, Q3/2024, 6 tháng đầu năm, nửa cuối năm nay; ſ",
            "thá",
            "Q",
            "",
        ]);
        texts.extend(real_articles());
        assert!(texts.len() > 40, "the bundled and real articles are read");
        let teddy = word_anchor_keys(true);
        let automaton = word_anchor_keys(false);
        assert!(matches!(automaton.searcher, KeySearcher::Automaton(_)));
        let mut found = 0;
        for text in &texts {
            let months = by_regex(r"(?i:tháng|nửa)", text);
            let quarters = by_regex(r"(?i:quý)", text);
            found += months.len() + quarters.len();
            for keys in [&teddy, &automaton] {
                let words = Words::found_by(keys, text);
                assert_eq!(words.month_or_half, months, "{text:?}");
                assert_eq!(words.quy, quarters, "{text:?}");
            }
        }
        assert!(found > 80, "{found} anchors");
    }

    /// The quarter anchors ("quý" by the key search, "Q1" to "Q4" from the digit
    /// runs) are the merged matches of `(?i:quý)|Q[1-4]`, and every match of the
    /// quarter rule overlaps one: no match is lost by not anchoring at every "Q".
    #[test]
    fn quarter_anchors_are_the_regex_ones() {
        let mut texts = with_bundled_corpus(&[
            "Q1 Q2/2024 Q3 năm 2023 Q4-2022 Q5 Q0 QQ1 Qquý Q quý QUÝ Quý qUý quýQ1 Q1quý",
            "Quốc hội, Quảng Ninh, Quy định; q1 Q١ Q12 1Q2 Q4Q3 xQ2 Q 1 (Q3) QUÝ IV, Quý II/2023",
            "Q",
            "Q1",
            "",
        ]);
        texts.extend(real_articles());
        let regex = Regex::new(r"(?i:quý)|Q[1-4]").unwrap();
        let rule = super::super::rules::rule_searches()
            .find(|(name, ..)| *name == "quarter")
            .map(|(_, regex, _)| regex)
            .unwrap();
        let (mut anchors, mut matches) = (0, 0);
        for text in &texts {
            let mut want: Vec<Range<usize>> = Vec::new();
            for m in regex.find_iter(text) {
                match want.last_mut() {
                    Some(last) if last.end >= m.start() => last.end = last.end.max(m.end()),
                    _ => want.push(m.range()),
                }
            }
            let found = Anchor::Quarter.find(text, &mut None, &mut None);
            assert_eq!(found, want, "{text:?}");
            anchors += found.len();
            for m in rule.find_iter(text) {
                assert!(
                    found.iter().any(|a| a.start < m.end() && m.start() < a.end),
                    "{:?} in {text:?}",
                    m.as_str()
                );
                matches += 1;
            }
        }
        assert!(
            anchors > 25 && matches > 20,
            "{anchors} anchors, {matches} matches"
        );
    }

    /// The keys let a leftmost-first search find every word: no key's end opens another
    /// key, and each word's bytes past its key are ASCII, which the check compares
    /// case-blind.
    #[test]
    fn word_keys_do_not_overlap() {
        let keys: Vec<Vec<u8>> = ANCHOR_WORDS
            .iter()
            .flat_map(|&(w, _)| all_case_spellings(w))
            .map(|s| s.as_bytes()[..WORD_KEY_LEN].to_vec())
            .collect();
        assert_eq!(
            word_keys(ANCHOR_WORDS.map(|(w, _)| (w, 0)), WORD_KEY_LEN).len(),
            20
        );
        for a in &keys {
            for b in &keys {
                for cut in 1..WORD_KEY_LEN {
                    assert!(!b.starts_with(&a[cut..]), "{a:?} {b:?}");
                }
            }
        }
        for (word, _) in ANCHOR_WORDS {
            assert!(word.as_bytes()[WORD_KEY_LEN..].is_ascii(), "{word}");
        }
    }

    #[test]
    fn letters_and_punctuation_skipped_by_the_prescan_are_no_digits() {
        let skipped = ('\u{1E00}'..='\u{1EFF}').chain('\u{2000}'..='\u{203F}');
        for c in skipped.chain('\0'..'\u{640}') {
            assert!(c.is_ascii_digit() || !run_digit(c), "{c:?}");
        }
        assert!(!may_hold_other_digits(
            "Ngày 14/9/2022 “Sở” – ạ ẩ ỹ".as_bytes()
        ));
        assert!(may_hold_other_digits("năm ٢٠٢٣".as_bytes()));
        assert!(may_hold_other_digits("\u{1040}".as_bytes()));
    }

    #[test]
    fn sampled_digit_runs_are_the_char_by_char_ones() {
        let by_chars = |text: &str| -> Vec<Range<usize>> {
            let mut runs: Vec<(Range<usize>, usize)> = Vec::new();
            for (i, c) in text.char_indices() {
                if !run_digit(c) {
                    continue;
                }
                match runs.last_mut() {
                    Some((run, n)) if run.end == i => (run.end, *n) = (i + c.len_utf8(), *n + 1),
                    _ => runs.push((i..i + c.len_utf8(), 1)),
                }
            }
            runs.into_iter()
                .filter(|(_, n)| *n >= 4)
                .map(|(r, _)| r)
                .collect()
        };
        let texts = with_bundled_corpus(&[
            "2023",
            "a2023",
            "ab2023",
            "abc2023x",
            "123 4567 89012 ١٢٣٤ ١٢٣ 20٢3 ²⁰²³ ẩ1234ẩ ẩẩ12345ẩ",
            "năm 2023ẩ 12345 ١٢٣٤ 20٢3 202 ²⁰²³ 9.300 1.975 ١٢",
        ]);
        for text in &texts {
            for skip in 0..4 {
                let text = text.get(skip..).unwrap_or("");
                let want = by_chars(text);
                assert_eq!(digit_runs(text, 4), want, "{text:?}");
                assert_eq!(Digits::new(text).runs(text, 4), want, "{text:?}");
            }
        }
    }

    /// What `Search` must return: the leftmost whole-text match from `at` that overlaps an anchor.
    fn expected<'t>(
        text: &'t str,
        regex: &Regex,
        anchors: &[Range<usize>],
        mut at: usize,
    ) -> Option<regex::Captures<'t>> {
        loop {
            let caps = regex.captures_at(text, at)?;
            let m = caps.get(0)?;
            if anchors
                .iter()
                .any(|a| a.start < m.end().max(m.start() + 1) && m.start() < a.end)
            {
                return Some(caps);
            }
            at = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8);
            if at > text.len() {
                return None;
            }
        }
    }

    fn spans(caps: Option<regex::Captures>) -> Option<Vec<Option<Range<usize>>>> {
        caps.map(|c| c.iter().map(|g| g.map(|m| m.range())).collect())
    }

    #[test]
    fn windowed_search_finds_what_a_whole_search_finds() {
        let mut texts = vec![
            "Sáng thứ Hai, ngày 14/9/2022, UBND tỉnh họp; từ ngày 1/10 đến hết ngày 15/10/2022 \
             thu 9.300 tỷ đồng, đạt 80,28/100 điểm, xếp thứ 07/18. Quý II/2023 và 6 tháng đầu năm \
             2024, tháng Ba năm 2021, nửa cuối năm nay, giai đoạn 2021 - 2025, năm 2023 và 2024. \
             Trước 30/6, từ 2/2023 đến 12/2024, Luật Đất đai 2024, PCI 2023, 2000 đến 3000 người."
                .to_string(),
            "Ngày  14 \n\n tháng   9 năm\t2022 và mồng ba tháng Tư, THÁNG 12/2023, Q3/2024 \
             quý iv năm 2022; chiều 5-9, tối 6.9.2023 (ngày 7/9) thứ 2 (8/9), 14 và 15/9/2022. \
             (TTXVN 14/9/2023) Hà Nội (VGP 3/10) – kỳ (6/2024) và (12/2023)."
                .to_string(),
        ];
        let real = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        if let Ok(entries) = std::fs::read_dir(real) {
            let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
            paths.sort();
            texts.extend(
                paths
                    .iter()
                    .filter(|p| p.extension().is_some_and(|e| e == "txt"))
                    .take(3)
                    .filter_map(|p| std::fs::read_to_string(p).ok()),
            );
        }
        let rules = super::super::rules::rule_searches();
        let mut windowed = 0;
        for (name, regex, plan) in rules {
            let Some((anchor, _)) = plan else { continue };
            windowed += 1;
            for text in &texts {
                let anchors = anchor.find(text, &mut None, &mut None);
                let mut cache = Anchors::new(text);
                let mut search = Search::new(&mut cache, regex, plan, ContextTests::default());
                let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).step_by(7).collect();
                for at in starts {
                    assert_eq!(
                        spans(
                            search
                                .find_at(at)
                                .and_then(|m| captures_of(regex, text, &m))
                        ),
                        spans(expected(text, regex, &anchors, at)),
                        "rule {name} from {at}"
                    );
                    search = Search::new(&mut cache, regex, plan, ContextTests::default());
                }
            }
        }
        assert!(windowed >= 10, "only {windowed} rules are windowed");
        let look_free = |r: &Regex| {
            regex_syntax::parse(r.as_str()).is_ok_and(|h| h.properties().look_set().is_empty())
        };
        assert!(
            super::super::rules::rule_searches().all(|(_, r, _)| look_free(r)),
            "captures_of needs patterns without look-around"
        );
    }
}
