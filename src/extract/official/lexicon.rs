//! The officials lexicons (surnames, titles, organisations, honorifics, place
//! names) in one anchored Aho-Corasick automaton over folded text.

use std::sync::LazyLock;

use aho_corasick::automaton::OverlappingState;
use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};

use crate::lexicon::rows;

const SURNAMES: &str = include_str!("../../lexicon/surnames.tsv");
const TITLES: &str = include_str!("../../lexicon/titles.tsv");
const ORGANIZATIONS: &str = include_str!("../../lexicon/organizations.tsv");
const HONORIFICS: &str = include_str!("../../lexicon/honorifics.tsv");
const PLACE_NAMES: &str = include_str!("../../lexicon/place_names.tsv");

/// How an organisation word shapes what follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OrgKind {
    Level,
    Body,
    OrgType,
    Named,
    Part,
}

/// What a place-like name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PlaceKind {
    Province,
    Place,
    Figure,
    Country,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TitleEntry {
    pub head: &'static str,
    /// A seat on a body ("Tỉnh ủy viên") rather than a position.
    pub member: bool,
    /// The kind of body the position implies ("Trưởng phòng" → "Phòng").
    pub org_type: Option<&'static str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `personal`: a highland family name that never starts a place name ("Ksor", "Y").
    Surname {
        common: bool,
        personal: bool,
    },
    Title(TitleEntry),
    Org(OrgKind),
    Honorific,
    Byline,
    Prefix,
    Place(PlaceKind),
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Entry {
    pub surface: &'static str,
    pub kind: Kind,
    /// All-caps abbreviations ("CT", "UBND") match only as written.
    pub exact_case: bool,
}

pub(crate) struct Lexicon {
    pub entries: Vec<Entry>,
    /// Anchored at word starts; overlapping search so every length can be tried.
    automaton: AhoCorasick,
}

/// Every lexicon row as an entry, or the first row that does not parse.
pub(crate) fn parse_entries() -> Result<Vec<Entry>, String> {
    let mut out = Vec::new();
    let bad = |file: &str, row: &[&str]| format!("{file}: bad row {row:?}");
    for row in rows(SURNAMES) {
        let (common, personal) = match row.get(1) {
            Some(&"common") => (true, false),
            Some(&"rare") => (false, false),
            Some(&"personal") => (false, true),
            _ => return Err(bad("surnames.tsv", &row)),
        };
        out.push(entry(row[0], Kind::Surname { common, personal }));
    }
    for row in rows(TITLES) {
        let [surface, head, kind, org] = row[..] else {
            return Err(bad("titles.tsv", &row));
        };
        let member = match kind {
            "post" => false,
            "member" => true,
            _ => return Err(bad("titles.tsv", &row)),
        };
        let org_type = (org != "-").then_some(org);
        out.push(entry(
            surface,
            Kind::Title(TitleEntry {
                head,
                member,
                org_type,
            }),
        ));
    }
    for row in rows(ORGANIZATIONS) {
        let kind = match row.get(1) {
            Some(&"level") => OrgKind::Level,
            Some(&"body") => OrgKind::Body,
            Some(&"orgtype") => OrgKind::OrgType,
            Some(&"named") => OrgKind::Named,
            Some(&"part") => OrgKind::Part,
            _ => return Err(bad("organizations.tsv", &row)),
        };
        out.push(entry(row[0], Kind::Org(kind)));
    }
    for row in rows(HONORIFICS) {
        let kind = match row.get(1) {
            Some(&"honorific") => Kind::Honorific,
            Some(&"byline") => Kind::Byline,
            Some(&"prefix") => Kind::Prefix,
            _ => return Err(bad("honorifics.tsv", &row)),
        };
        out.push(entry(row[0], kind));
    }
    for row in rows(PLACE_NAMES) {
        let kind = match row.get(1) {
            Some(&"province") => PlaceKind::Province,
            Some(&"place") => PlaceKind::Place,
            Some(&"figure") => PlaceKind::Figure,
            Some(&"country") => PlaceKind::Country,
            _ => return Err(bad("place_names.tsv", &row)),
        };
        out.push(entry(row[0], Kind::Place(kind)));
    }
    Ok(out)
}

fn entry(surface: &'static str, kind: Kind) -> Entry {
    let letters = || surface.chars().filter(|c| c.is_alphabetic());
    let exact_case = letters().count() >= 2 && letters().all(char::is_uppercase);
    Entry {
        surface,
        kind,
        exact_case,
    }
}

pub(crate) static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    // The lexicons are compiled in and checked by tests; a bad row is dropped, not fatal.
    let entries = parse_entries().unwrap_or_default();
    let patterns: Vec<String> = entries.iter().map(|e| fold(e.surface)).collect();
    let automaton = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .start_kind(StartKind::Anchored)
        .build(&patterns)
        .unwrap_or_else(|_| AhoCorasick::new(Vec::<String>::new()).expect("empty automaton"));
    Lexicon { entries, automaton }
});

impl Lexicon {
    /// The longest entry starting exactly at `start` of the folded text that ends at a
    /// word boundary and that `fits` accepts, as (entry, end). Shorter entries are tried
    /// when a longer one fails: "Nguyễn Duy" is the surname, not "Nguyễn Du" cut short.
    pub fn match_at(
        &'static self,
        folded: &str,
        original: &str,
        start: usize,
        fits: impl Fn(&Entry, usize) -> bool,
    ) -> Option<(&'static Entry, usize)> {
        let input = Input::new(folded)
            .span(start..folded.len())
            .anchored(Anchored::Yes);
        let mut best: Option<(&'static Entry, usize)> = None;
        let mut state = OverlappingState::start();
        loop {
            if self
                .automaton
                .try_find_overlapping(input.clone(), &mut state)
                .is_err()
            {
                break;
            }
            let Some(m) = state.get_match() else {
                break;
            };
            let end = m.end();
            // A state's matches include patterns that are only suffixes of the text read
            // ("dự khuyết" inside "Ủy viên dự khuyết"): keep those that start here.
            if m.start() != start || best.is_some_and(|(_, b)| b >= end) {
                continue;
            }
            let next = original.get(end..).and_then(|s| s.chars().next());
            let last = original.get(..end).and_then(|s| s.chars().next_back());
            // A pattern ending in punctuation ("ảnh:") needs no boundary after it.
            if next.is_some_and(char::is_alphanumeric) && last.is_some_and(char::is_alphanumeric) {
                continue;
            }
            let entry: &'static Entry = &self.entries[m.pattern().as_usize()];
            if entry.exact_case && original.get(start..end) != Some(entry.surface) {
                continue;
            }
            if fits(entry, end) {
                best = Some((entry, end));
            }
        }
        best
    }
}

/// Case and tone placement folded, keeping every byte offset: each char is replaced
/// by one of the same UTF-8 length, so offsets into the result are offsets into `text`.
pub(crate) fn fold(text: &str) -> String {
    fold_with(text, true)
}

/// A comparison key for names: like [`fold`], but tone marks move even when that
/// changes the byte length ("Thuỳ" = "Thùy").
pub(crate) fn name_key(text: &str) -> String {
    fold_with(text, false)
}

fn fold_with(text: &str, keep_len: bool) -> String {
    let mut chars: Vec<char> = text
        .chars()
        .map(|c| {
            let c = if c == 'Ð' { 'Đ' } else { c };
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
                _ => c,
            }
        })
        .collect();
    for i in 1..chars.len() {
        let (first, second) = (chars[i - 1], chars[i]);
        let Some(row) = TONED
            .iter()
            .position(|r| r.contains(&first))
            .filter(|&r| r == O || r == U)
        else {
            continue;
        };
        if !is_toneless(first, row) {
            continue;
        }
        let Some((base_row, tone)) = tone_of(second) else {
            continue;
        };
        if !matches!((row, base_row), (O, A) | (O, E) | (U, Y)) || tone == 0 {
            continue;
        }
        let moved = (TONED[row][tone], TONED[base_row][0]);
        if !keep_len
            || moved.0.len_utf8() + moved.1.len_utf8() == first.len_utf8() + second.len_utf8()
        {
            chars[i - 1] = moved.0;
            chars[i] = moved.1;
        }
    }
    chars.into_iter().collect()
}

const A: usize = 0;
const E: usize = 1;
const Y: usize = 2;
const O: usize = 3;
const U: usize = 4;
/// Vowels by tone: none, grave, acute, hook, tilde, dot.
const TONED: [[char; 6]; 5] = [
    ['a', 'à', 'á', 'ả', 'ã', 'ạ'],
    ['e', 'è', 'é', 'ẻ', 'ẽ', 'ẹ'],
    ['y', 'ỳ', 'ý', 'ỷ', 'ỹ', 'ỵ'],
    ['o', 'ò', 'ó', 'ỏ', 'õ', 'ọ'],
    ['u', 'ù', 'ú', 'ủ', 'ũ', 'ụ'],
];

fn is_toneless(c: char, row: usize) -> bool {
    TONED[row][0] == c
}

fn tone_of(c: char) -> Option<(usize, usize)> {
    TONED
        .iter()
        .enumerate()
        .find_map(|(r, row)| row.iter().position(|&v| v == c).map(|t| (r, t)))
}

/// Folded surfaces of the lexicon entries that `keep` selects, for word look-ups.
fn folded_set(keep: fn(&Kind) -> bool) -> std::collections::BTreeSet<String> {
    LEXICON
        .entries
        .iter()
        .filter(|e| keep(&e.kind))
        .map(|e| name_key(e.surface))
        .collect()
}

static COMMON_SURNAMES: LazyLock<std::collections::BTreeSet<String>> =
    LazyLock::new(|| folded_set(|k| matches!(k, Kind::Surname { common: true, .. })));

static HONORIFIC_WORDS: LazyLock<std::collections::BTreeSet<String>> =
    LazyLock::new(|| folded_set(|k| matches!(k, Kind::Honorific)));

/// One of the most frequent surnames ("Nguyễn", "Trần"): a word that starts a person's name.
pub(crate) fn is_common_surname(word: &str) -> bool {
    COMMON_SURNAMES.contains(&name_key(word))
}

/// A form of address or rank that introduces a name ("ông", "đồng chí", "Thiếu tướng").
pub(crate) fn is_honorific(word: &str) -> bool {
    HONORIFIC_WORDS.contains(&name_key(word))
}
