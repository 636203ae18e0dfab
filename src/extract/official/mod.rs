//! Officials: a person's name with title and organisation, merged over mentions.
//!
//! One pass over the article builds items: lexicon matches (surnames,
//! titles, organisation words, honorifics, place names) from one anchored
//! Aho-Corasick automaton over case- and tone-folded text, and plain words.
//! Names are runs of capitalised syllables led by a surname or an honorific; a
//! run after an organisation or place word ("UBND huyện Nông Sơn Nguyễn Văn Hòa")
//! is split into the place and the name. Titles are chains of positions
//! ("Ủy viên BTV Tỉnh ủy, Phó Chủ tịch UBND tỉnh") bound to the name right after
//! them, or set after a name as an apposition ("ông A, Giám đốc Sở Nội vụ",
//! "A - Trưởng phòng ..."). An appointment ("giữ chức", "làm", "trúng cử chức vụ")
//! gives the new post. Only people with a title somewhere are officials.
//!
//! [`title_head`] reduces a title to its head position (the last post of the chain),
//! so titles written differently compare equal; the evaluator uses it on gold titles.
//! The lexicons are `src/lexicon/{surnames,titles,organizations,honorifics,place_names}.tsv`.

mod lexicon;
mod names;
mod scan;
mod title;

#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::chars::is_alphanumeric;
use crate::expand::expand_str;
use crate::serialize::{Mention, Official};

use super::Doc;
use lexicon::name_key_at;
pub(crate) use lexicon::{honorifics, is_common_surname, is_honorific};
use names::{find_names, NameCand};
use scan::Scan;
use title::{assign_titles, TitleCand};

pub use title::title_head;

/// The officials named in the article, each with its title, organisation and mentions.
/// A text over 4 GiB gives none: the scan keeps `u32` offsets (the command line reads at
/// most 64 MiB an article unless told otherwise).
// Out of line: `benches/stage_cost.sh` counts the stage by this name.
#[inline(never)]
pub fn extract(doc: &Doc) -> Vec<Official> {
    extract_within(doc, u32::MAX)
}

/// The officials of a text of at most `max` bytes; none in a longer one. The scan keeps
/// `u32` offsets, so `max` is at most 4 GiB; a test passes less.
fn extract_within(doc: &Doc, max: u32) -> Vec<Official> {
    let Some(scan) = Scan::within(doc.text, max) else {
        return Vec::new();
    };
    let names = find_names(&scan);
    let titles = assign_titles(&scan, &names, doc);
    merge(&scan, &names, &titles)
}

/// One official per name key, in order of first mention, with the best title.
fn merge(scan: &Scan, names: &[NameCand], titles: &[TitleCand]) -> Vec<Official> {
    // Mostly slices of the folded text: no string per name.
    let keys: Vec<Cow<str>> = names
        .iter()
        .map(|n| name_key_at(scan.text, &scan.folded, n.start, n.end))
        .collect();
    let mut best: BTreeMap<&str, &TitleCand> = BTreeMap::new();
    for t in titles {
        let key: &str = &keys[t.name];
        let better = !best.get(key).is_some_and(|b| t.rank() <= b.rank());
        if better {
            best.insert(key, t);
        }
    }
    let mut officials: Vec<(usize, Official)> = Vec::with_capacity(best.len());
    for (&key, t) in &best {
        let name = names[t.name].text(scan).to_string();
        // Elected to a seat only: the post the person holds comes first ("Giám đốc Công
        // an tỉnh, Ủy viên UBND tỉnh").
        let held = t
            .seat_appointment()
            .then(|| {
                titles
                    .iter()
                    .filter(|o| keys[o.name] == key && o.has_post())
                    .max_by_key(|o| o.rank())
            })
            .flatten();
        let title = match held {
            Some(h) => format!("{}, {}", expand_str(&h.title), expand_str(&t.title)),
            None => expand_str(&t.title),
        };
        // Room for most officials' mentions: no growth on the way.
        let mut mentions: Vec<Mention> = Vec::with_capacity(16);
        mentions.extend(
            names
                .iter()
                .zip(&keys)
                .filter(|(n, k)| !n.short && *k == key)
                .map(|(n, _)| mention(scan, n.start, n.end)),
        );
        // A key borrowed from the folded text is folded already: `fold` is idempotent.
        let folded_key = match &keys[t.name] {
            Cow::Borrowed(key) => Cow::Borrowed(*key),
            Cow::Owned(key) => Cow::Owned(lexicon::fold(key)),
        };
        push_whole_name_occurrences(scan, &folded_key, &mut mentions);
        mentions.extend(short_references(scan, names, &keys, key, &best));
        mentions.sort_by_key(|m| (m.start, m.end));
        mentions.dedup_by_key(|m| m.start);
        let first = mentions.first().map_or(usize::MAX, |m| m.start);
        officials.push((
            first,
            Official {
                name,
                title: Some(title),
                organization: t.organization.as_deref().map(expand_str),
                mentions,
            },
        ));
    }
    officials.sort_by(|(a_first, a), (b_first, b)| (a_first, &a.name).cmp(&(b_first, &b.name)));
    officials.into_iter().map(|(_, o)| o).collect()
}

fn mention(scan: &Scan, start: usize, end: usize) -> Mention {
    Mention {
        text: scan.text[start..end].to_string(),
        start,
        end,
    }
}

/// Appends every place the full name is written as a whole name, not inside a longer
/// run of capitalised words; names found after a place ("huyện Nông Sơn Nguyễn Văn Hòa")
/// come from the name finder instead.
fn push_whole_name_occurrences(scan: &Scan, folded_key: &str, out: &mut Vec<Mention>) {
    if folded_key.is_empty() {
        return;
    }
    for start in memchr::memmem::find_iter(scan.folded.as_bytes(), folded_key.as_bytes()) {
        let end = start + folded_key.len();
        // Folding moves tone marks ("thuỷ" → "thủy"), so a match in the folded text may
        // cut the original inside a char: it is then inside a word, not a whole name.
        let (Some(head), Some(after)) = (scan.text.get(..start), scan.text.get(end..)) else {
            continue;
        };
        let before = head.chars().next_back();
        let joined_cap = after.strip_prefix(' ').is_some_and(|rest| {
            let end = rest
                .char_indices()
                .find(|(_, c)| !is_alphanumeric(*c))
                .map_or(rest.len(), |(i, _)| i);
            scan::is_cap_syllable(&rest[..end])
        }) || head.strip_suffix(' ').is_some_and(|rest| {
            let start = rest
                .char_indices()
                .rev()
                .take_while(|(_, c)| is_alphanumeric(*c))
                .last()
                .map_or(rest.len(), |(i, _)| i);
            scan::is_cap_syllable(&rest[start..])
        });
        let bounded = !before.is_some_and(is_alphanumeric)
            && !after.chars().next().is_some_and(is_alphanumeric);
        if bounded && !joined_cap {
            out.push(mention(scan, start, end));
        }
    }
}

/// "ông Châu" after "ông Lê Ngọc Châu": a given name with an honorific, when only one
/// official has it.
fn short_references(
    scan: &Scan,
    names: &[NameCand],
    keys: &[Cow<str>],
    key: &str,
    best: &BTreeMap<&str, &TitleCand>,
) -> Vec<Mention> {
    let mine = given_name(key);
    if best.keys().filter(|k| given_name(k) == mine).count() != 1 {
        return Vec::new();
    }
    names
        .iter()
        .zip(keys)
        .filter(|(n, k)| n.short && **k == mine)
        .map(|(n, _)| mention(scan, n.start, n.end))
        .collect()
}

/// The last syllable of a name key: the given name.
fn given_name(key: &str) -> &str {
    key.rsplit(' ').next().unwrap_or_default()
}
