//! A search for short literal keys: Teddy (aho-corasick's SIMD multi-pattern search)
//! where the CPU has it, else an automaton. Callers pick keys rare in news text and
//! check each hit for the whole word it stands for.

use aho_corasick::{packed, AhoCorasick, MatchKind};

/// The search for a set of keys, leftmost-first.
pub(crate) enum KeySearcher {
    Teddy(packed::Searcher),
    Automaton(AhoCorasick),
}

impl KeySearcher {
    /// With `packed`, Teddy if the CPU has it; the automaton otherwise. Teddy alone
    /// saves the automaton's walk after each candidate.
    pub(crate) fn new(keys: &[Vec<u8>], packed: bool) -> Self {
        let mut teddy = packed::Config::new().builder();
        teddy.extend(keys);
        match teddy.build().filter(|_| packed) {
            Some(teddy) => KeySearcher::Teddy(teddy),
            None => KeySearcher::Automaton(
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostFirst)
                    .build(keys)
                    .expect("literal patterns always build"),
            ),
        }
    }

    /// (start, key index) of each key in `text`, leftmost-first.
    pub(crate) fn find_iter<'t>(
        &'t self,
        text: &'t [u8],
    ) -> Box<dyn Iterator<Item = (usize, usize)> + 't> {
        match self {
            KeySearcher::Teddy(s) => Box::new(
                s.find_iter(text)
                    .map(|m| (m.start(), m.pattern().as_usize())),
            ),
            KeySearcher::Automaton(a) => Box::new(
                a.find_iter(text)
                    .map(|m| (m.start(), m.pattern().as_usize())),
            ),
        }
    }
}

/// A key search for words: each word's key is `len` of its bytes from its own offset,
/// in each of its case spellings. A hit gives where the key starts and the word's index.
pub(crate) struct WordKeys {
    pub(crate) searcher: KeySearcher,
    /// The word index of each key.
    words: Vec<usize>,
}

impl WordKeys {
    /// With `packed`, Teddy if the CPU has it; the automaton otherwise.
    pub(crate) fn new<'w>(
        words: impl IntoIterator<Item = (&'w str, usize)>,
        len: usize,
        packed: bool,
    ) -> Self {
        WordKeys::from_keys(word_keys(words, len), packed)
    }

    /// The search for `keys`, each with its word index, in the order given.
    pub(crate) fn from_keys(keys: Vec<(Vec<u8>, usize)>, packed: bool) -> Self {
        let (keys, words): (Vec<Vec<u8>>, Vec<usize>) = keys.into_iter().unzip();
        WordKeys {
            searcher: KeySearcher::new(&keys, packed),
            words,
        }
    }

    /// (key start, word index) of each key in `text`, leftmost-first.
    pub(crate) fn find_iter<'t>(
        &'t self,
        text: &'t [u8],
    ) -> impl Iterator<Item = (usize, usize)> + 't {
        self.searcher
            .find_iter(text)
            .map(|(start, key)| (start, self.words[key]))
    }
}

/// (key, word index) for every case spelling of every (word, key offset), without repeats.
pub(crate) fn word_keys<'w>(
    words: impl IntoIterator<Item = (&'w str, usize)>,
    len: usize,
) -> Vec<(Vec<u8>, usize)> {
    let mut keys: Vec<(Vec<u8>, usize)> = words
        .into_iter()
        .enumerate()
        .flat_map(|(i, (word, at))| {
            all_case_spellings(word)
                .into_iter()
                .filter_map(move |s| Some((s.as_bytes().get(at..at + len)?.to_vec(), i)))
        })
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

/// `word` with each letter as written or as its capital, in every combination.
pub(crate) fn all_case_spellings(word: &str) -> Vec<String> {
    word.chars().fold(vec![String::new()], |spellings, c| {
        let upper = c.to_uppercase().next().filter(|&u| u != c);
        spellings
            .into_iter()
            .flat_map(|s| {
                std::iter::once(c)
                    .chain(upper)
                    .map(move |letter| format!("{s}{letter}"))
            })
            .collect()
    })
}

/// `groups` of keys (at most 32 in all) in the order that gives each group a bucket of
/// slim Teddy's eight, small groups sharing one: Teddy puts a key whose low nybbles are
/// new in bucket `7 - index % 8` (aho-corasick 1.1, packed/teddy/generic.rs), so the
/// groups are columns read row by row. A bucket holding the case spellings of one word
/// flags little else, and each candidate it flags costs a check.
pub(crate) fn bucket_order(mut groups: Vec<Vec<(Vec<u8>, usize)>>) -> Vec<(Vec<u8>, usize)> {
    groups.sort_by_key(|group| std::cmp::Reverse(group.len()));
    let mut columns: Vec<Vec<(Vec<u8>, usize)>> = vec![Vec::new(); 8];
    for group in groups {
        if let Some(column) = columns.iter_mut().min_by_key(|column| column.len()) {
            column.extend(group);
        }
    }
    // Longest first: a column shorter than the rest leaves its row's last places empty.
    columns.sort_by_key(|column| std::cmp::Reverse(column.len()));
    let rows = columns.first().map_or(0, Vec::len);
    (0..rows)
        .flat_map(|row| {
            columns
                .iter()
                .filter_map(move |column| column.get(row).cloned())
        })
        .collect()
}
