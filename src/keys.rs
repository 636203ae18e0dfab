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
