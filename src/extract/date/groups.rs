//! A match's groups, read by a bounded backtracker run anchored on the match
//! alone. The regex crate's captures search the text for the match again first
//! (forward and reverse DFA runs) before its backtracker reads the groups.

use std::ops::Range;

use regex::Regex;
use regex_automata::nfa::thompson::backtrack::{self, BoundedBacktracker};
use regex_automata::util::captures::Captures as Slots;
use regex_automata::util::primitives::NonMaxUsize;
use regex_automata::{Anchored, Input, PatternID};

/// Bytes of the backtracker's visited set: a match of a few hundred bytes fits
/// with the largest rule's states; longer ones are read by the regex crate.
const VISITED_BYTES: usize = 1 << 22;

/// A rule's pattern compiled for reading groups, beside its `Regex`.
pub(super) struct GroupReader {
    backtracker: BoundedBacktracker,
}

/// The backtracker's scratch space and the group slots, kept per thread and rule.
pub(super) struct Scratch {
    cache: backtrack::Cache,
    slots: Slots,
}

impl GroupReader {
    pub fn new(pattern: &str) -> Result<Self, Box<regex_automata::nfa::thompson::BuildError>> {
        let backtracker = BoundedBacktracker::builder()
            .configure(BoundedBacktracker::config().visited_capacity(VISITED_BYTES))
            .build(pattern)
            .map_err(Box::new)?;
        Ok(GroupReader { backtracker })
    }

    pub fn scratch(&self) -> Scratch {
        Scratch {
            cache: self.backtracker.create_cache(),
            slots: self.backtracker.create_captures(),
        }
    }

    /// The groups of `found`, a match of `regex` (this reader's pattern) in `text`.
    /// A pattern without look-around matches the same from the match's start with
    /// the text cut at its end: the leftmost-first match anchored there is `found`.
    pub fn read<'s>(
        &self,
        regex: &Regex,
        scratch: &'s mut Scratch,
        text: &'s str,
        found: &Range<usize>,
    ) -> Option<Captures<'s>> {
        let input = Input::new(text)
            .range(found.clone())
            .anchored(Anchored::Yes);
        let slots = &mut scratch.slots;
        if found.len() < self.backtracker.max_haystack_len() {
            self.backtracker
                .try_captures(&mut scratch.cache, input, slots)
                .ok()?;
        } else {
            // Too long for the visited set: the groups as the regex crate reads them
            // (its groups are numbered as the backtracker's, from the same pattern).
            let caps = regex.captures_at(text.get(..found.end)?, found.start)?;
            slots.set_pattern(Some(PatternID::ZERO));
            for (i, group) in caps.iter().enumerate() {
                let span = group.map(|g| g.range());
                let ends = [span.as_ref().map(|s| s.start), span.map(|s| s.end)];
                for (k, end) in ends.into_iter().enumerate() {
                    if let Some(slot) = slots.slots_mut().get_mut(2 * i + k) {
                        *slot = end.and_then(NonMaxUsize::new);
                    }
                }
            }
        }
        slots.is_match().then_some(Captures { text, slots })
    }
}

/// A match's groups, by name or number.
pub(super) struct Captures<'s> {
    text: &'s str,
    slots: &'s Slots,
}

/// One group's place in the text.
#[derive(Clone, Copy)]
pub(super) struct Group<'s> {
    text: &'s str,
    start: usize,
    end: usize,
}

impl<'s> Group<'s> {
    pub fn as_str(&self) -> &'s str {
        self.text.get(self.start..self.end).unwrap_or("")
    }

    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    pub fn start(&self) -> usize {
        self.start
    }

    pub fn end(&self) -> usize {
        self.end
    }
}

impl<'s> Captures<'s> {
    /// The `i`-th group, 0 being the whole match.
    pub fn get(&self, i: usize) -> Option<Group<'s>> {
        let span = self.slots.get_group(i)?;
        Some(Group {
            text: self.text,
            start: span.start,
            end: span.end,
        })
    }

    /// The group named `name`: the names are few, and comparing them costs less
    /// than hashing the name.
    pub fn name(&self, name: &str) -> Option<Group<'s>> {
        let i = self
            .slots
            .group_info()
            .pattern_names(PatternID::ZERO)
            .position(|n| n == Some(name))?;
        self.get(i)
    }
}
