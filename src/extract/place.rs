//! Administrative places: provinces, cities, districts, towns, communes and wards.
//!
//! Known names come from `lexicon/gazetteer.tsv`. A name counts when a level word
//! ("tỉnh", "huyện", "TP"…) stands before it; a bare province name counts when no
//! capitalised word touches it (so "Hà Nam Khánh" is a person), and a bare district
//! name only once the article has named it with its level. "UBND huyện" with no
//! name after it stands for the article's one named district.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::bytescan::{self, BytePairs, Literals, Marks};
use crate::chars::is_alphanumeric;
use crate::normalize::{normalize, ToneStyle};
use crate::serialize::Place;

use super::official::{honorifics, is_common_surname, is_honorific};
use super::Doc;

/// One row of the gazetteer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GazetteerEntry {
    pub name: &'static str,
    /// "tỉnh", "thành phố", "huyện", "quận" or "thị xã".
    pub level: &'static str,
    /// The province it belonged to before 2025; `None` for a province itself.
    pub province: Option<&'static str>,
    /// The province it belongs to after the 2025 reorganisation.
    pub province_2025: &'static str,
    /// The name alone, without a level word, names this place.
    pub bare: bool,
    pub aliases: Vec<&'static str>,
}

impl GazetteerEntry {
    fn is_province(&self) -> bool {
        self.province.is_none()
    }
}

struct Gazetteer {
    entries: Vec<GazetteerEntry>,
    /// Every form of [`forms`], searched where [`bytescan::opens_capitalised`] says one may start.
    names: Literals,
    /// For each pattern of `matcher`, the entries it may name.
    pattern_entries: Vec<Vec<usize>>,
    /// For each pattern, whether it carries its own level ("TPHCM").
    pattern_has_level: Vec<bool>,
}

/// Every written form of the entries (names, aliases, each in both tone styles) with
/// the entries it may name.
fn forms(entries: &[GazetteerEntry]) -> Vec<(String, Vec<usize>)> {
    let mut forms: Vec<(String, Vec<usize>)> = Vec::new();
    let mut add = |form: String, idx: usize| match forms.iter_mut().find(|(f, _)| *f == form) {
        Some((_, list)) => {
            if !list.contains(&idx) {
                list.push(idx)
            }
        }
        None => forms.push((form, vec![idx])),
    };
    for (idx, e) in entries.iter().enumerate() {
        for written in std::iter::once(e.name).chain(e.aliases.iter().copied()) {
            add(written.to_string(), idx);
            if let Some(other) = other_tone_style(written) {
                add(other, idx);
            }
        }
    }
    forms
}

static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(|| {
    let entries: Vec<GazetteerEntry> =
        crate::lexicon::rows(include_str!("../lexicon/gazetteer.tsv"))
            .filter(|f| f.len() >= 5)
            .map(|f| GazetteerEntry {
                name: f[0],
                level: f[1],
                province: Some(f[2]).filter(|p| !p.is_empty()),
                province_2025: f[3],
                bare: f[4] == "bare",
                aliases: f
                    .get(5)
                    .map(|a| a.split('|').filter(|s| !s.is_empty()).collect())
                    .unwrap_or_default(),
            })
            .collect();
    let forms = forms(&entries);
    let written: Vec<&str> = forms.iter().map(|(f, _)| f.as_str()).collect();
    let names = Literals::new(&written).expect("gazetteer patterns build");
    let pattern_has_level = forms.iter().map(|(f, _)| f.starts_with("TP")).collect();
    Gazetteer {
        entries,
        names,
        pattern_entries: forms.into_iter().map(|(_, e)| e).collect(),
        pattern_has_level,
    }
});

/// Every row of the gazetteer, in file order.
pub fn gazetteer() -> &'static [GazetteerEntry] {
    &GAZETTEER.entries
}

/// The post-2025 province of a pre-2025 province, or of a district of `province`.
pub fn province_2025(name: &str, province: Option<&str>) -> Option<&'static str> {
    let entries = &GAZETTEER.entries;
    let key = province.unwrap_or(name);
    entries
        .iter()
        .find(|e| e.is_province() && (e.name == key || e.aliases.contains(&key)))
        .map(|e| e.province_2025)
}

/// The same name in the other tone-mark style, when it differs ("Hòa Vang" / "Hoà Vang").
fn other_tone_style(name: &str) -> Option<String> {
    [ToneStyle::New, ToneStyle::Old]
        .into_iter()
        .map(|style| normalize(name, style).0)
        .find(|n| n != name)
        .map(Cow::into_owned)
}

/// Level words as written, longest first, with the level they stand for.
const LEVEL_WORDS: [(&str, &str); 25] = [
    ("Thành phố ", "thành phố"),
    ("thành phố ", "thành phố"),
    ("Thành Phố ", "thành phố"),
    ("thị trấn ", "thị trấn"),
    ("Thị trấn ", "thị trấn"),
    ("thị xã ", "thị xã"),
    ("Thị xã ", "thị xã"),
    ("phường ", "phường"),
    ("Phường ", "phường"),
    ("huyện ", "huyện"),
    ("Huyện ", "huyện"),
    ("tỉnh ", "tỉnh"),
    ("Tỉnh ", "tỉnh"),
    ("quận ", "quận"),
    ("Quận ", "quận"),
    ("TP. ", "thành phố"),
    ("Tp. ", "thành phố"),
    ("TX. ", "thị xã"),
    ("TP.", "thành phố"),
    ("Tp.", "thành phố"),
    ("TP ", "thành phố"),
    ("Tp ", "thành phố"),
    ("TX ", "thị xã"),
    ("xã ", "xã"),
    ("Xã ", "xã"),
];

/// The last two bytes of each of [`LEVEL_WORDS`].
static LEVEL_WORD_ENDS: LazyLock<BytePairs> = LazyLock::new(|| {
    BytePairs::new(
        LEVEL_WORDS
            .iter()
            .map(|(word, _)| &word.as_bytes()[word.len() - 2..]),
    )
});

/// The [`LEVEL_WORDS`] in their order, by the byte before their last: a word ending
/// in two given bytes is in the list of the first of them.
static LEVEL_WORDS_BY_SECOND_LAST_BYTE: LazyLock<[Vec<(&str, &str)>; 256]> = LazyLock::new(|| {
    let mut table = std::array::from_fn(|_| Vec::new());
    for &(word, level) in &LEVEL_WORDS {
        table[usize::from(word.as_bytes()[word.len() - 2])].push((word, level));
    }
    table
});

/// The level word that ends right at `pos`, as (its start, level). Only the words
/// ending in the two bytes before `pos` are tried, in their order.
fn level_before(text: &str, pos: usize) -> Option<(usize, &'static str)> {
    if !LEVEL_WORD_ENDS.holds_at(text.as_bytes(), pos.checked_sub(2)?) {
        return None;
    }
    let head = text.get(..pos)?;
    let last_two = head.as_bytes().get(pos - 2..)?;
    let words = &LEVEL_WORDS_BY_SECOND_LAST_BYTE[usize::from(*last_two.first()?)];
    words.iter().find_map(|(word, level)| {
        // The last byte compared first: "TP." and "TP " share a list.
        if !word.as_bytes().ends_with(last_two) {
            return None;
        }
        let start = head.strip_suffix(word).map(str::len)?;
        // "Xã" must be a word of its own: "thị xã" is matched above, "xã" inside a word is not a level.
        let before = head[..start].chars().next_back();
        (!before.is_some_and(is_alphanumeric)).then_some((start, *level))
    })
}

fn is_title_case(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.any(char::is_lowercase)
}

/// The word that ends at `pos` (after one space), if any.
fn word_before(text: &str, pos: usize) -> Option<&str> {
    let head = text.get(..pos)?.strip_suffix(' ')?;
    let start = head
        .char_indices()
        .rev()
        .find(|&(_, c)| !is_alphanumeric(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    Some(&head[start..]).filter(|w| !w.is_empty())
}

/// The word that starts at `pos` (after one space), if any.
fn word_after(text: &str, pos: usize) -> Option<&str> {
    let tail = text.get(pos..)?.strip_prefix(' ')?;
    let end = tail
        .char_indices()
        .find(|&(_, c)| !is_alphanumeric(c))
        .map_or(tail.len(), |(i, _)| i);
    Some(&tail[..end]).filter(|w| !w.is_empty())
}

/// The first bytes of the one-word honorifics ("ông", "TS"), in either case. The word
/// before a name is letters and digits, so it can only be one of these; one opening with
/// another byte is none, and is not folded to be looked up.
static HONORIFIC_FIRSTS: LazyLock<[bool; 256]> = LazyLock::new(|| {
    let mut firsts = [false; 256];
    for word in honorifics().filter(|w| w.chars().all(is_alphanumeric)) {
        let Some(first) = word.chars().next() else {
            continue;
        };
        let cases = std::iter::once(first)
            .chain(first.to_lowercase())
            .chain(first.to_uppercase());
        for c in cases {
            let mut utf8 = [0; 4];
            firsts[usize::from(c.encode_utf8(&mut utf8).as_bytes()[0])] = true;
        }
    }
    firsts
});

/// [`is_honorific`] of a word of letters and digits, folded only when its first byte
/// may open one.
fn is_one_word_honorific(word: &str) -> bool {
    word.bytes()
        .next()
        .is_some_and(|b| HONORIFIC_FIRSTS[usize::from(b)])
        && is_honorific(word)
}

/// A bare name stands alone: no capitalised word or honorific touches it.
fn stands_alone(text: &str, start: usize, end: usize) -> bool {
    // The honorific check folds a copy of the word: it goes last.
    let touched = word_after(text, end).is_some_and(is_title_case)
        || text[..start].ends_with("đồng chí ")
        || word_before(text, start).is_some_and(|w| is_title_case(w) || is_one_word_honorific(w));
    !touched
}

fn is_boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(is_alphanumeric) && !after.is_some_and(is_alphanumeric)
}

fn level_fits(entry_level: &str, written: &str) -> bool {
    entry_level == written
}

/// A gazetteer name found in the text, before it is accepted.
struct Found {
    name_start: usize,
    end: usize,
    pattern: usize,
    level: Option<(usize, &'static str)>,
    /// Without a level: the name stands alone ([`stands_alone`]).
    alone: bool,
}

/// Level word + capitalised words not in the gazetteer: communes, wards, unlisted
/// districts. [`unlisted_name_end`] reads it by hand; a test compares the two.
#[cfg(test)]
const UNLISTED_PLACE: &str = r"(?:[Tt]hị trấn|[Tt]hị xã|[Hh]uyện|[Qq]uận|[Pp]hường|[Xx]ã) ((?:\p{Lu}\p{Ll}*|\d{1,2})(?: \p{Lu}\p{Ll}*){0,3})";

/// The chars of a Unicode class as the regex engine reads it (`\p{Lu}`, `\d`): sorted
/// ranges from regex-syntax's tables.
fn unicode_class(class: &str) -> Vec<(char, char)> {
    use regex_syntax::hir::{Class, HirKind};
    match regex_syntax::parse(class).map(|hir| hir.into_kind()) {
        Ok(HirKind::Class(Class::Unicode(ranges))) => {
            ranges.iter().map(|r| (r.start(), r.end())).collect()
        }
        _ => Vec::new(),
    }
}

/// `\p{Lu}`, `\p{Ll}` and `\d` (Unicode decimal digits).
static UPPER: LazyLock<Vec<(char, char)>> = LazyLock::new(|| unicode_class(r"\p{Lu}"));
static LOWER: LazyLock<Vec<(char, char)>> = LazyLock::new(|| unicode_class(r"\p{Ll}"));
static DIGIT: LazyLock<Vec<(char, char)>> = LazyLock::new(|| unicode_class(r"\d"));

fn in_class(class: &[(char, char)], c: char) -> bool {
    let after = class.partition_point(|&(start, _)| start <= c);
    after > 0 && class[after - 1].1 >= c
}

/// Bytes of the `\p{Lu}\p{Ll}*` word opening `rest`, if one does.
fn capitalised_word(rest: &str) -> Option<usize> {
    let mut chars = rest.char_indices();
    let first = chars.next()?.1;
    let upper = match first.is_ascii() {
        true => first.is_ascii_uppercase(),
        false => in_class(&UPPER, first),
    };
    if !upper {
        return None;
    }
    let lower = |c: char| match c.is_ascii() {
        true => c.is_ascii_lowercase(),
        false => in_class(&LOWER, c),
    };
    Some(
        chars
            .find(|&(_, c)| !lower(c))
            .map_or(rest.len(), |(i, _)| i),
    )
}

/// Bytes of the one or two `\d` opening `rest`, if any.
fn digits(rest: &str) -> Option<usize> {
    let digit = |c: char| match c.is_ascii() {
        true => c.is_ascii_digit(),
        false => in_class(&DIGIT, c),
    };
    let len: usize = rest
        .chars()
        .take(2)
        .take_while(|&c| digit(c))
        .map(char::len_utf8)
        .sum();
    (len > 0).then_some(len)
}

/// Where the name of [`UNLISTED_PLACE`] that starts at `at` (past a level word and
/// its space) ends: a capitalised word or one or two digits, then up to three more
/// capitalised words, each after one space. Greedy as the regex is: a shorter word
/// would leave a letter where a space must follow.
fn unlisted_name_end(text: &str, at: usize) -> Option<usize> {
    let rest = text.get(at..)?;
    let mut end = capitalised_word(rest).or_else(|| digits(rest))?;
    for _ in 0..3 {
        match rest[end..].strip_prefix(' ').and_then(capitalised_word) {
            Some(word) => end += 1 + word,
            None => break,
        }
    }
    Some(at + end)
}

/// Words that start an office's name, not a place's: "huyện Phòng Văn hóa" is an office.
const OFFICE_WORDS: [&str; 18] = [
    "Phòng",
    "Sở",
    "Ban",
    "Bộ",
    "Ủy",
    "Hội",
    "Đảng",
    "Đoàn",
    "Trung",
    "Trường",
    "Viện",
    "Công",
    "Tòa",
    "Cục",
    "Chủ",
    "Phó",
    "Bí",
    "Giám",
];

/// The level words [`UNLISTED_PLACE`] opens with, with the space after them, but
/// "thị xã " and "thị trấn " in either case, which are found by their "xã " and "trấn "
/// (see [`levels_and_organs`]).
const SEARCHED_LEVELS: [&str; 9] = [
    "Huyện ",
    "huyện ",
    "Quận ",
    "quận ",
    "Phường ",
    "phường ",
    "Xã ",
    "xã ",
    "trấn ",
];

/// The words that make a "xã " or "trấn " after them "thị xã " or "thị trấn ", with their space.
const TOWN_HEADS: [&str; 2] = ["thị ", "Thị "];

/// The level words and the organs in one leftmost-first scan (so Aho-Corasick runs
/// its SIMD prefilter). None overlaps another.
static LEVEL_AND_ORGAN_MATCHER: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostFirst)
        .build(SEARCHED_LEVELS.iter().chain(&ORGANS))
        .expect("literal patterns always build")
});

/// The level words (spans) and the ends of the organs in `text`. "thị xã " and "thị
/// trấn " are read back from their "xã " and "trấn ": searched whole, their opening ("th"
/// and a letter led by E1, as in "thể", "thực") stopped the prefilter at many words. No
/// match ends inside "thị ", so a whole search would have found them there. A "trấn "
/// without "thị " ("trấn an") is no level.
fn levels_and_organs(text: &str) -> (Vec<Range<usize>>, Vec<usize>) {
    let mut levels = Vec::new();
    let mut organ_ends = Vec::new();
    for m in LEVEL_AND_ORGAN_MATCHER.find_iter(text) {
        match SEARCHED_LEVELS.get(m.pattern().as_usize()) {
            Some(&level) => {
                let town = matches!(level, "xã " | "trấn ");
                let head = TOWN_HEADS
                    .iter()
                    .find(|head| town && text[..m.start()].ends_with(*head));
                if head.is_none() && level == "trấn " {
                    continue;
                }
                levels.push(m.start() - head.map_or(0, |h| h.len())..m.end());
            }
            None => organ_ends.push(m.end()),
        }
    }
    (levels, organ_ends)
}

/// Level words as a name's words write them. Inside a name read after a level word,
/// one starts a place of its own ("các phường Quận 3" is Quận 3) or, when it is no
/// level read here ("xã Tỉnh"), ends the name; "Thị Cầu" is a name.
const CAPITALISED_LEVELS: [&str; 9] = [
    "Thành phố",
    "Thành Phố",
    "Thị trấn",
    "Thị xã",
    "Phường",
    "Huyện",
    "Quận",
    "Tỉnh",
    "Xã",
];

/// Where the first word of the name `name` that is a capitalised level word starts.
fn level_inside(text: &str, name: Range<usize>) -> Option<usize> {
    let mut words = std::iter::once(name.start).chain(
        text.get(name.clone())?
            .match_indices(' ')
            .map(|(i, _)| name.start + i + 1),
    );
    words.find(|&word| {
        let rest = &text[word..];
        CAPITALISED_LEVELS.iter().any(|level| {
            rest.strip_prefix(level)
                .is_some_and(|after| !after.starts_with(is_alphanumeric))
        })
    })
}

/// The matches of [`UNLISTED_PLACE`] as `captures_iter` finds them, as spans of the
/// whole match and of the name, but that a name stops before a capitalised level
/// word ([`CAPITALISED_LEVELS`]). Every match opens with a level word (the level
/// matcher finds them all but the "xã " of "thị xã ", which would match only if
/// "thị xã " did), so the name is read after each level word not inside a match.
fn unlisted_place_matches(
    text: &str,
    levels: &[Range<usize>],
) -> Vec<(Range<usize>, Range<usize>)> {
    let mut found = Vec::new();
    let mut resume = 0;
    for level in levels {
        if level.start < resume {
            continue;
        }
        let Some(mut end) = unlisted_name_end(text, level.end) else {
            continue;
        };
        // The level word inside starts after `resume`: its own match is read next.
        if let Some(word) = level_inside(text, level.end..end) {
            if word == level.end {
                continue;
            }
            end = word - 1;
        }
        resume = end;
        found.push((level.start..end, level.end..end));
    }
    found
}

/// Organisations whose level word alone stands for the article's own place.
const ORGANS: [&str; 4] = ["UBND ", "HĐND ", "Ủy ban nhân dân ", "Hội đồng nhân dân "];

pub fn extract(doc: &Doc) -> Vec<Place> {
    let capitals = Marks::new(doc.text.as_bytes(), bytescan::opens_capitalised);
    extract_marked(doc, &capitals)
}

/// [`extract`], given the offsets of the text that [`bytescan::opens_capitalised`] marks.
// Out of line: `benches/stage_cost.sh` counts the stage by this name.
#[inline(never)]
pub(crate) fn extract_marked(doc: &Doc, capitals: &Marks) -> Vec<Place> {
    let text = doc.text;
    let gaz = &*GAZETTEER;
    let found: Vec<Found> = gaz
        .names
        .find_iter_marked(text, capitals)
        .filter(|m| is_boundary(text, m.start(), m.end()))
        .map(|m| {
            let pattern = m.pattern().as_usize();
            let level = if gaz.pattern_has_level[pattern] {
                Some((m.start(), "thành phố"))
            } else {
                level_before(text, m.start())
            };
            Found {
                name_start: m.start(),
                end: m.end(),
                pattern,
                level,
                alone: level.is_none() && stands_alone(text, m.start(), m.end()),
            }
        })
        .collect();

    // Provinces the article names, and districts it names with their level.
    let mut provinces: BTreeSet<&'static str> = BTreeSet::new();
    let mut named_districts: BTreeSet<usize> = BTreeSet::new();
    for f in &found {
        for &idx in &gaz.pattern_entries[f.pattern] {
            let e = &gaz.entries[idx];
            match f.level {
                Some((_, level)) if level_fits(e.level, level) => {
                    if e.is_province() {
                        provinces.insert(e.name);
                    } else {
                        named_districts.insert(idx);
                    }
                }
                None if e.is_province() && e.bare && f.alone => {
                    provinces.insert(e.name);
                }
                _ => {}
            }
        }
    }

    let mut places = Vec::new();
    for f in &found {
        let candidates = &gaz.pattern_entries[f.pattern];
        let bare_province = |i: usize| gaz.entries[i].is_province() && gaz.entries[i].bare;
        // Alone, a name is a bare province or else a district the article named.
        let alone_as_province = f.alone && candidates.iter().any(|&i| bare_province(i));
        let chosen = candidates.iter().copied().filter(|&i| match f.level {
            Some((_, level)) => level_fits(gaz.entries[i].level, level),
            None if alone_as_province => bare_province(i),
            None => f.alone && named_districts.contains(&i),
        });
        let start = f.level.map_or(f.name_start, |(s, _)| s);
        let written = &text[f.name_start..f.end];
        let place = match pick(chosen, &gaz.entries, &provinces) {
            Some(e) => Place {
                name: if e.aliases.contains(&written) {
                    e.name
                } else {
                    written
                }
                .to_string(),
                level: e.level.to_string(),
                province: e.province.map(str::to_string),
                start,
                end: f.end,
            },
            // A commune, ward or township named like a province or district ("xã Quảng
            // Nam", "thị trấn Vân Canh", the seat of huyện Vân Canh).
            None => match f.level {
                Some((_, level @ ("xã" | "phường" | "thị trấn"))) => Place {
                    name: written.to_string(),
                    level: level.to_string(),
                    province: None,
                    start,
                    end: f.end,
                },
                _ => continue,
            },
        };
        places.push(place);
    }

    let (levels, organ_ends) = levels_and_organs(text);
    for (whole, name) in unlisted_place_matches(text, &levels) {
        let overlaps = places
            .iter()
            .any(|p| p.start < whole.end && whole.start < p.end);
        let mut words = text[name.clone()].split(' ');
        let first_word = words.next().unwrap_or("");
        if overlaps
            || !is_boundary(text, whole.start, whole.end)
            || OFFICE_WORDS.contains(&first_word)
            || is_common_surname(first_word)
        {
            continue;
        }
        // "xã Tân Thành Bình Trần Văn A": the name stops where a person's name starts.
        let name_len = first_word.len()
            + words
                .take_while(|w| !is_common_surname(w))
                .map(|w| w.len() + 1)
                .sum::<usize>();
        let name_end = name.start + name_len;
        let Some((_, level)) = level_before(text, name.start) else {
            continue;
        };
        places.push(Place {
            name: text[name.start..name_end].to_string(),
            level: level.to_string(),
            province: None,
            start: whole.start,
            end: name_end,
        });
    }

    resolve_organ_levels(
        text,
        &organ_ends,
        gaz,
        &provinces,
        &named_districts,
        &mut places,
    );
    places.sort_by_key(|p| (p.start, p.end));
    places
}

/// The entry among `chosen`, preferring one in a province the article names.
fn pick<'g>(
    mut chosen: impl Iterator<Item = usize> + Clone,
    entries: &'g [GazetteerEntry],
    provinces: &BTreeSet<&str>,
) -> Option<&'g GazetteerEntry> {
    let first = chosen.clone().next()?;
    // One chosen entry is the one found first either way.
    chosen
        .find(|&i| entries[i].province.is_some_and(|p| provinces.contains(p)))
        .or(Some(first))
        .and_then(|i| entries.get(i))
}

/// "UBND huyện" with no name after it: the article's one named district (or province…).
fn resolve_organ_levels(
    text: &str,
    organ_ends: &[usize],
    gaz: &Gazetteer,
    provinces: &BTreeSet<&'static str>,
    named_districts: &BTreeSet<usize>,
    places: &mut Vec<Place>,
) {
    // The organs never overlap, so one scan finds what a scan per organ finds; each
    // occurrence gives its own start, so their order does not change the places.
    for &word_start in organ_ends {
        let Some((word, level)) = spaced_level_word_at(text, word_start) else {
            continue;
        };
        let word_end = word_start + word.len() - 1;
        if places.iter().any(|p| p.start == word_start) {
            continue;
        }
        let place = if level == "tỉnh" {
            single(provinces.iter()).map(|name| (name.to_string(), None))
        } else {
            single(
                named_districts
                    .iter()
                    .map(|&i| &gaz.entries[i])
                    .filter(|e| e.level == level),
            )
            .map(|e| (e.name.to_string(), e.province.map(str::to_string)))
        };
        if let Some((name, province)) = place {
            places.push(Place {
                name,
                level: level.to_string(),
                province,
                start: word_start,
                end: word_end,
            });
        }
    }
}

/// The [`LEVEL_WORDS`] that end in a space, in their order, by their first byte.
static SPACED_LEVEL_WORDS_BY_FIRST_BYTE: LazyLock<[Vec<(&str, &str)>; 256]> = LazyLock::new(|| {
    let mut table = std::array::from_fn(|_| Vec::new());
    for &(word, level) in LEVEL_WORDS.iter().filter(|(w, _)| w.ends_with(' ')) {
        table[usize::from(word.as_bytes()[0])].push((word, level));
    }
    table
});

/// The level word with its space that starts at byte `pos`, as (word, level): only the
/// words with the byte there are compared, as most words after an organ start otherwise.
fn spaced_level_word_at(text: &str, pos: usize) -> Option<(&'static str, &'static str)> {
    let rest = text.as_bytes().get(pos..)?;
    SPACED_LEVEL_WORDS_BY_FIRST_BYTE[usize::from(*rest.first()?)]
        .iter()
        .find(|(word, _)| rest.starts_with(word.as_bytes()))
        .copied()
}

/// The only item, if there is exactly one.
fn single<T>(mut items: impl Iterator<Item = T>) -> Option<T> {
    let first = items.next()?;
    items.next().is_none().then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bytescan;

    fn places(text: &str) -> Vec<(String, String, Option<String>, String)> {
        crate::extract::run_on(text, None, extract)
            .into_iter()
            .map(|p| {
                (
                    p.name,
                    p.level,
                    p.province,
                    text[p.start..p.end].to_string(),
                )
            })
            .collect()
    }

    fn names(text: &str) -> Vec<String> {
        places(text)
            .into_iter()
            .map(|p| format!("{}:{}", p.1, p.0))
            .collect()
    }

    #[test]
    fn gazetteer_parses_without_duplicates_in_nfc() {
        use unicode_normalization::is_nfc;
        let entries = gazetteer();
        let provinces: Vec<_> = entries.iter().filter(|e| e.is_province()).collect();
        assert_eq!(provinces.len(), 63);
        let new: BTreeSet<_> = provinces.iter().map(|e| e.province_2025).collect();
        assert_eq!(new.len(), 34);
        let mut keys = BTreeSet::new();
        for e in entries {
            assert!(
                keys.insert((e.name, e.level, e.province)),
                "duplicate {e:?}"
            );
            assert!(
                is_nfc(e.name) && e.aliases.iter().all(|a| is_nfc(a)),
                "{e:?}"
            );
            assert!(
                ["tỉnh", "thành phố", "huyện", "quận", "thị xã"].contains(&e.level),
                "{e:?}"
            );
            if let Some(p) = e.province {
                assert!(
                    provinces.iter().any(|q| q.name == p),
                    "unknown province {p}"
                );
            }
            assert!(new.contains(e.province_2025), "{e:?}");
        }
        let source = include_str!("../lexicon/gazetteer.tsv");
        for line in source
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            assert!(line.split('\t').count() >= 5, "bad line {line:?}");
        }
    }

    /// Anchored searches where a form may open give what a full leftmost-longest scan gives.
    #[test]
    fn gated_matches_equal_a_full_scan() {
        let forms = forms(&GAZETTEER.entries);
        let written: Vec<&str> = forms.iter().map(|(f, _)| f.as_str()).collect();
        let texts = [
            "Hội nghị tại huyện Nông Sơn, tỉnh Quảng Nam; TP. Hồ Chí Minh và TPHCM, Hà Nội.",
            "Ứng Hòa, Ứng Hoà, Ý Yên, Đà Nẵng, Đắk Lắk, ĐÀ NẴNG, Thừa Thiên Huế, HàNội, aHà Nội.",
            "Quảng NamQuảng Ngãi Hòa Vang Hoà Vang Bình ĐịnhĐồng Nai TP Huế T",
            "Nam Định, Hà Nam Định, Hà NamĐịnh, Cần Thơ Ứ Ý Đ Hà Nam Ninh Bình, Thanh Hoá, Huế",
            "",
        ];
        bytescan::assert_same_as_full_scan(
            &written,
            &GAZETTEER.names,
            false,
            bytescan::opens_capitalised,
            &texts,
        );
    }

    /// On text with no capitalised level word inside a name, which the regex reads on.
    #[test]
    fn unlisted_places_read_by_hand_equal_the_regex() {
        let texts = [
            "Xã Ea Phê, huyện Krông Pắc; phường 12, quận 3; thị xã Sơn Tây và Thị xã Hoàng Mai.",
            "xã hội, huyện ủy, Quận Ba Đình Hà Nội Mới Xa, phường Bến Nghé. thị xã 7 Phố A-B",
            "huyện Ứng Hòa\nxã Ba, xã Đông Hưng Thịnh Vượng Lớn Nữa; Huyện  Hai, huyện Nam–Bắc",
            "thị xã thị xã Ba xã xã Bốn huyện huyện",
            "phường ٣ và xã Ứng Hòa, huyện Ông Ích Khiêm, quận Ⅻ, xã Ǆ, xã ǅa, Xã \u{2160}",
            "phường 123, xã Ba1, huyện Aª Bº, quận ٣٤٥, xã ÀÁ Ẳ, Huyện Ab Cd Ef Gh Ij Kl, xã A  B",
            "thị xã Đông Triều Mạo Khê, xã Ꭰb, quận ǅ, xã Aǅ, phường 1 A, xã 9",
            "thị trấn Phố Ràng, Thị trấn Sa Pa; trấn an dư luận, trấn Ba, thị trấn  Hai, thị trấn 3",
            "",
        ];
        let full = regex::Regex::new(UNLISTED_PLACE).expect("unlisted place regex");
        for text in texts {
            let want: Vec<_> = full
                .captures_iter(text)
                .filter_map(|c| Some((c.get(0)?.range(), c.get(1)?.range())))
                .collect();
            let (levels, _) = levels_and_organs(text);
            assert_eq!(unlisted_place_matches(text, &levels), want, "{text}");
        }
    }

    /// The first-byte gate turns down no word that is an honorific: the one-word
    /// honorifics in several cases and tone placements, and every word of real articles.
    #[test]
    fn honorific_gate_keeps_every_honorific() {
        let mut words: Vec<String> =
            crate::lexicon::rows(include_str!("../lexicon/honorifics.tsv"))
                .flat_map(|row| {
                    let w = row[0];
                    [
                        w.to_string(),
                        w.to_uppercase(),
                        w.to_lowercase(),
                        other_tone_style(w).unwrap_or_default(),
                    ]
                })
                .collect();
        words.extend(
            [
                "Ông", "ÔNG", "Bà", "Ngài", "Chị", "tS", "Ths", "NgƯT", "Oà", "Uý",
            ]
            .map(String::from),
        );
        for text in [
            include_str!("../../tests/blind/b01.txt"),
            include_str!("../../tests/blind/b02.txt"),
        ] {
            words.extend(text.split(|c: char| !is_alphanumeric(c)).map(String::from));
        }
        let mut honorifics = 0;
        for word in words
            .iter()
            .filter(|w| !w.is_empty() && w.chars().all(is_alphanumeric))
        {
            assert_eq!(is_one_word_honorific(word), is_honorific(word), "{word}");
            honorifics += usize::from(is_honorific(word));
        }
        assert!(honorifics >= 18, "{honorifics}");
    }

    #[test]
    fn province_2025_follows_the_merger() {
        assert_eq!(province_2025("Quảng Nam", None), Some("Đà Nẵng"));
        assert_eq!(
            province_2025("Nông Sơn", Some("Quảng Nam")),
            Some("Đà Nẵng")
        );
        assert_eq!(province_2025("Hà Tĩnh", None), Some("Hà Tĩnh"));
        assert_eq!(province_2025("Bình Định", None), Some("Gia Lai"));
        assert_eq!(
            province_2025("Bà Rịa – Vũng Tàu", None),
            Some("Hồ Chí Minh")
        );
        assert_eq!(province_2025("Nông Sơn", None), None);
    }

    #[test]
    fn tone_styles_swap_on_open_syllables_only() {
        assert_eq!(other_tone_style("Hòa Vang").as_deref(), Some("Hoà Vang"));
        assert_eq!(other_tone_style("Khánh Hoà").as_deref(), Some("Khánh Hòa"));
        assert_eq!(other_tone_style("Giao Thủy").as_deref(), Some("Giao Thuỷ"));
        assert_eq!(other_tone_style("Hoàng Mai"), None);
    }

    #[test]
    fn named_places_with_their_level() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Huyện Nông Sơn thuộc tỉnh Quảng Nam đã hoàn thành kế hoạch.",
                &["huyện:Nông Sơn", "tỉnh:Quảng Nam"],
            ),
            (
                "Đoàn công tác làm việc tại TP Hồ Chí Minh.",
                &["thành phố:Hồ Chí Minh"],
            ),
            (
                "Hải quan TP.HCM dẫn đầu bảng xếp hạng.",
                &["thành phố:Hồ Chí Minh"],
            ),
            ("Giá nhà ở Tp.HCM tăng nhẹ.", &["thành phố:Hồ Chí Minh"]),
            ("Thị xã Kỳ Anh đứng thứ 2 toàn tỉnh.", &["thị xã:Kỳ Anh"]),
            ("Người dân huyện Kỳ Anh tham gia bầu cử.", &["huyện:Kỳ Anh"]),
            (
                "UBND thành phố Tam Kỳ ban hành kế hoạch.",
                &["thành phố:Tam Kỳ"],
            ),
            (
                "Năm nay Quảng Nam thu ngân sách vượt dự toán.",
                &["tỉnh:Quảng Nam"],
            ),
            (
                "Xã Tân Thành Bình thực hiện tốt cải cách.",
                &["xã:Tân Thành Bình"],
            ),
            (
                "Chủ tịch UBND xã Tân Thành Bình Trần Văn Bé cho biết.",
                &["xã:Tân Thành Bình"],
            ),
            (
                "Huyện Hòa Vang và huyện Hoà Vang là một.",
                &["huyện:Hòa Vang", "huyện:Hoà Vang"],
            ),
            (
                "Đoàn đến phường 3 của thành phố Đông Hà.",
                &["phường:3", "thành phố:Đông Hà"],
            ),
            (
                "Tỉnh Bà Rịa – Vũng Tàu tăng trưởng cao.",
                &["tỉnh:Bà Rịa - Vũng Tàu"],
            ),
            // The township is no district, though it bears the district's name.
            (
                "Lãnh đạo huyện Vân Canh thăm hộ nghèo ở thị trấn Vân Canh.",
                &["huyện:Vân Canh", "thị trấn:Vân Canh"],
            ),
            (
                "Thị trấn Vân Canh có 5 khu phố; Vân Canh đạt chuẩn.",
                &["thị trấn:Vân Canh"],
            ),
            (
                "Công an thị trấn Phố Ràng trấn an người dân.",
                &["thị trấn:Phố Ràng"],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(names(text), *want, "{text}");
        }
    }

    #[test]
    fn districts_carry_their_province() {
        let got = places("Hội nghị tại huyện Nông Sơn, tỉnh Quảng Nam.");
        assert_eq!(got[0].2.as_deref(), Some("Quảng Nam"));
        assert_eq!(got[0].3, "huyện Nông Sơn");
        assert_eq!(got[1].2, None);
        // Châu Thành is a district of several provinces: the article's province decides.
        let got = places("Huyện Châu Thành, tỉnh Long An đạt chuẩn nông thôn mới.");
        assert_eq!(got[0].2.as_deref(), Some("Long An"));
    }

    #[test]
    fn organ_level_word_resolves_to_the_article_district() {
        let text = "Ngày 14.9, UBND huyện Nông Sơn tổ chức hội nghị. Chủ tịch UBND huyện Nguyễn Văn Hòa chủ trì. UBND huyện khen thưởng 3 tập thể.";
        let got = places(text);
        let resolved: Vec<_> = got.iter().filter(|p| p.3 == "huyện").collect();
        assert_eq!(resolved.len(), 2, "{got:?}");
        assert!(resolved
            .iter()
            .all(|p| p.0 == "Nông Sơn" && p.2.as_deref() == Some("Quảng Nam")));
        // Two districts named: "UBND huyện" alone is not clear.
        let text = "Huyện Nông Sơn và huyện Quế Sơn ký kết. UBND huyện tổng kết.";
        assert_eq!(names(text), ["huyện:Nông Sơn", "huyện:Quế Sơn"]);
    }

    #[test]
    fn bare_district_counts_once_the_article_names_it() {
        assert_eq!(names("Nông Sơn tổ chức hội nghị."), Vec::<String>::new());
        assert_eq!(
            names("Nông Sơn tổ chức hội nghị tại huyện Nông Sơn."),
            ["huyện:Nông Sơn", "huyện:Nông Sơn"]
        );
    }

    #[test]
    fn traps_are_not_places() {
        let cases = [
            "Quyền Chủ tịch UBND tỉnh Hà Sỹ Đồng thăm Trung tâm.",
            "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.",
            "Chủ tịch Hồ Chí Minh đọc Tuyên ngôn Độc lập.",
            "Bà Hà Nam Khánh phát biểu tại hội nghị.",
            "Đồng chí Lê Thanh Hà nhận nhiệm vụ mới.",
            "Tàu đánh cá hoạt động trên Thái Bình Dương.",
            "Công tác an sinh xã hội được chú trọng.",
            "Các huyện, thị xã, thành phố thuộc tỉnh đều đạt.",
            "Chủ tịch UBND huyện Nguyễn Văn Hòa chủ trì hội nghị.",
            "Ông Thanh Hóa làm việc tại cơ quan.",
            "Lãnh đạo huyện Phòng Văn hóa và Thông tin dự họp.",
        ];
        for text in cases {
            assert_eq!(names(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn a_capitalised_level_word_starts_its_own_place() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Thành phố hỗ trợ các phường Quận 3 chỉnh trang vỉa hè.",
                &["quận:3"],
            ),
            (
                "Ông Lê Văn Hải, thôn Đông, xã Tân Lập Huyện Đan Phượng nhận giấy khen.",
                &["xã:Tân Lập", "huyện:Đan Phượng"],
            ),
            (
                "Các xã Thị xã Kỳ Anh đều đạt chuẩn nông thôn mới.",
                &["thị xã:Kỳ Anh"],
            ),
            // "Thị" alone opens a name: Thị Cầu is a ward of Bắc Ninh.
            (
                "Người dân phường Thị Cầu, thành phố Bắc Ninh phấn khởi đón Tết.",
                &["phường:Thị Cầu", "thành phố:Bắc Ninh"],
            ),
            (
                "Đoàn kiểm tra làm việc tại Phường Thị Cầu Thành phố Bắc Ninh.",
                &["phường:Thị Cầu", "thành phố:Bắc Ninh"],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(names(text), *want, "{text}");
        }
        let got = places("Thành phố hỗ trợ các phường Quận 3 chỉnh trang vỉa hè.");
        assert_eq!(got[0].3, "Quận 3");
        // A level word right after another is no name: "Thị trấn" is no level read here.
        for text in [
            "Sau sáp nhập, trụ sở xã Thị trấn cũ được giao cho trường mẫu giáo.",
            "Kinh phí cấp cho các huyện Tỉnh ủy quản lý.",
        ] {
            assert_eq!(names(text), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn provincial_cities_have_their_level() {
        let cases: &[(&str, &[&str])] = &[
            (
                "UBND thành phố Bắc Ninh vừa khánh thành cầu mới.",
                &["thành phố:Bắc Ninh"],
            ),
            (
                "Tỉnh Bình Dương có năm thành phố, trong đó TP Thủ Dầu Một là trung tâm.",
                &["tỉnh:Bình Dương", "thành phố:Thủ Dầu Một"],
            ),
            (
                "Du khách đổ về thành phố Phan Rang – Tháp Chàm dịp lễ.",
                &["thành phố:Phan Rang - Tháp Chàm"],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(names(text), *want, "{text}");
        }
        let got = places("UBND thành phố Bắc Ninh vừa khánh thành cầu mới.");
        assert_eq!(got[0].2.as_deref(), Some("Bắc Ninh"));
        // A city is named with its level: bare, "Bắc Ninh" is the province.
        assert_eq!(names("Bắc Ninh thu hút vốn đầu tư."), ["tỉnh:Bắc Ninh"]);
    }

    #[test]
    fn level_word_by_first_byte_matches_every_word_check() {
        let every_word = |text: &str, pos: usize| {
            LEVEL_WORDS
                .iter()
                .filter(|(w, _)| w.ends_with(' '))
                .find(|(w, _)| text.as_bytes()[pos..].starts_with(w.as_bytes()))
                .copied()
        };
        let after_organ = [
            "tỉnh Quảng Ngãi vừa ban hành kế hoạch phòng chống lũ.",
            "Tỉnh Lào Cai tổ chức hội nghị sơ kết.",
            "thành phố Huế công bố quy hoạch mới.",
            "Thành phố Cần Thơ triển khai đề án.",
            "Thành Phố Vũng Tàu khen thưởng tập thể.",
            "TP. Hồ Chí Minh chỉ đạo khắc phục sự cố.",
            "TP.Thủ Đức giao chỉ tiêu.",
            "TP Đà Nẵng giải ngân vốn đầu tư công.",
            "Tp. Vinh họp báo.",
            "Tp Cao Lãnh họp báo.",
            "huyện Mèo Vạc hỗ trợ người dân.",
            "Huyện Đông Anh chỉ đạo.",
            "quận Hoàn Kiếm lập đoàn kiểm tra.",
            "Quận 7 ra quân.",
            "thị xã Sơn Tây phát động phong trào.",
            "Thị xã Điện Bàn cấp phép xây dựng.",
            "TX. Hương Thủy nhận bằng khen.",
            "TX Ninh Hòa kiểm tra.",
            "xã Tân Phú tiếp nhận hàng cứu trợ.",
            "Xã Phong Thạnh vượt lũ.",
            "phường Bến Nghé đón khách.",
            "Phường 3 hoàn thành sớm.",
            "thị trấn Sa Pa tăng cường an ninh.",
            "Thị trấn Phố Ràng họp dân.",
            "các cấp đã có văn bản trả lời.",
            "Tỉnh ủy đã cho ý kiến.",
            "thành lập tổ công tác.",
            "xã hội hóa công tác y tế.",
            "TPHCM đề nghị bổ sung.",
            "Tp",
            "x",
            "",
        ];
        for organ in ["UBND ", "HĐND ", "Ủy ban nhân dân "] {
            for rest in after_organ {
                let text = format!("Ngày 5/3, {organ}{rest}");
                for pos in 0..=text.len() {
                    assert_eq!(
                        spaced_level_word_at(&text, pos),
                        every_word(&text, pos),
                        "{text:?} at {pos}"
                    );
                }
            }
        }
        let text = "Ngày 5/3, UBND tỉnh Quảng Ngãi họp.";
        let pos = text.find("tỉnh").unwrap();
        assert_eq!(spaced_level_word_at(text, pos), Some(("tỉnh ", "tỉnh")));
        assert_eq!(spaced_level_word_at(text, pos + 1), None);
        assert_eq!(spaced_level_word_at(text, text.len() + 1), None);
    }

    /// `level_before` as it was: every level word tried in turn.
    fn level_before_every_word(text: &str, pos: usize) -> Option<(usize, &'static str)> {
        let head = text.get(..pos)?;
        LEVEL_WORDS.iter().find_map(|(word, level)| {
            let start = head.strip_suffix(word).map(str::len)?;
            let before = head[..start].chars().next_back();
            (!before.is_some_and(is_alphanumeric)).then_some((start, *level))
        })
    }

    #[test]
    fn level_word_by_second_last_byte_matches_every_word_check() {
        let mut texts: Vec<String> = [
            "Ngày 5/3, UBND tỉnh Quảng Ngãi và Tỉnh Lào Cai, thành phố Huế, Thành phố Cần Thơ.",
            "Thành Phố Vũng Tàu, TP. Hồ Chí Minh, TP.Thủ Đức, TP Đà Nẵng, Tp. Vinh, Tp.Vinh.",
            "Tp Cao Lãnh, huyện Mèo Vạc, Huyện Đông Anh, quận Hoàn Kiếm, Quận 7, QUẬN 3.",
            "thị xã Sơn Tây, Thị xã Điện Bàn, TX. Hương Thủy, TX Ninh Hòa, xã Tân Phú.",
            "Xã Phong Thạnh, phường Bến Nghé, Phường 3, thị trấn Sa Pa, ATP Đà Nẵng.",
            "Thuxã Tân, 3xã Tân, Bxã Tân, Đxã Tân, _xã Tân, ²xã Tân, TTX. Huế, STP Huế.",
            "huye\u{302}\u{323}n Đông Anh, huỵên Đông Anh, xa\u{303} Tân, thị  xã Sơn Tây",
            "tỉnh\u{a0}Quảng Ngãi, tỉnh\tQuảng Ngãi, Tp\u{2009}Vinh, TP",
            "",
        ]
        .iter()
        .map(|t| t.to_string())
        .collect();
        texts.extend(
            crate::test_corpus::texts_in("../shared/corpus/real")
                .into_iter()
                .map(|(_, text)| text),
        );
        assert!(texts.len() > 20, "the real articles are read");
        let mut found = 0;
        for text in &texts {
            for pos in 0..=text.len() + 1 {
                let want = level_before_every_word(text, pos);
                found += usize::from(want.is_some());
                assert_eq!(level_before(text, pos), want, "{text:?} at {pos}");
            }
        }
        assert!(found > 100, "{found} level words");
    }

    #[test]
    fn spans_slice_the_mention() {
        let text = "Ủy ban nhân dân tỉnh Hà Tĩnh làm việc với thị xã Kỳ Anh.";
        for p in places(text) {
            assert!(p.3.ends_with(&p.0), "{p:?}");
        }
    }
}
