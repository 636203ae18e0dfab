//! Scans that skip the text where a matcher cannot start: a byte-class test over a
//! block of offsets at a time (written so the compiler turns it into vector compares),
//! then the exact matcher only at the offsets the test marks.

use aho_corasick::automaton::Automaton;
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, BuildError, MatchKind, PatternID, StartKind};

pub(crate) use aho_corasick::Match;

/// Offsets tested together: one flag byte each, in vectors when the compiler can.
const BLOCK: usize = 64;
/// A block's bytes and the two after its last, which the test may read.
const WINDOW: usize = BLOCK + 2;

/// A flag byte (0 or 1) per offset of the block opening `window`: whether
/// `test(byte, next, after)` holds there.
#[inline(always)]
fn block_flags(window: &[u8; WINDOW], test: impl Fn(u8, u8, u8) -> bool) -> [u8; BLOCK] {
    let mut flags = [0u8; BLOCK];
    // Zipped slices, not indices: the form the compiler vectorises.
    let triples = window.iter().zip(&window[1..]).zip(&window[2..]);
    for (flag, ((&b, &next), &after)) in flags.iter_mut().zip(triples) {
        *flag = u8::from(test(b, next, after));
    }
    flags
}

/// The flags of [`block_flags`] as one bit each, offset `i` at bit `i`: a set offset is
/// then found with one `trailing_zeros`, not by stepping through the flag bytes.
#[inline(always)]
fn block_mask(flags: &[u8; BLOCK]) -> u64 {
    let mut mask = 0;
    for (i, eight) in flags.chunks_exact(8).enumerate() {
        let eight = u64::from_le_bytes(eight.try_into().unwrap_or_default());
        // Eight 0-or-1 bytes times this gathers them, in order, into the top byte: each
        // lands on a bit of its own, so nothing carries.
        let bits = eight.wrapping_mul(0x0102_0408_1020_4080) >> 56;
        mask |= bits << (8 * i);
    }
    mask
}

/// The marks of the block of `bytes` from `block` (offset `block + i` at bit `i`): the
/// bytes past the end read as 0 and are never marked.
#[inline(always)]
fn block_marks(bytes: &[u8], block: usize, test: impl Fn(u8, u8, u8) -> bool) -> u64 {
    match bytes.get(block..).and_then(<[u8]>::first_chunk) {
        Some(window) => block_mask(&block_flags(window, test)),
        None => {
            let mut window = [0u8; WINDOW];
            let tail = bytes.get(block..).unwrap_or_default();
            for (w, b) in window.iter_mut().zip(tail) {
                *w = *b;
            }
            // Only the offsets inside `bytes` count: 1 to 64 of them.
            let inside = u64::MAX >> (BLOCK - tail.len().clamp(1, BLOCK));
            block_mask(&block_flags(&window, test)) & inside
        }
    }
}

/// The offsets of `bytes` from `from` on where `test(byte, next, after)` holds, in
/// order. Past the end `next` and `after` read as 0.
pub(crate) fn marked<'b>(
    bytes: &'b [u8],
    from: usize,
    test: impl Fn(u8, u8, u8) -> bool + Copy + 'b,
) -> impl Iterator<Item = usize> + 'b {
    // The marks of the block from `block` not yet given, one bit per offset.
    let mut mask = 0u64;
    let mut block = from;
    let mut next_block = from;
    std::iter::from_fn(move || loop {
        if mask != 0 {
            let offset = block + mask.trailing_zeros() as usize;
            mask &= mask - 1;
            return Some(offset);
        }
        if next_block >= bytes.len() {
            return None;
        }
        block = next_block;
        next_block += BLOCK;
        mask = block_marks(bytes, block, test);
    })
}

/// Where an abbreviation or a gazetteer name may open: an ASCII capital, Đ (C4 90),
/// its look-alike Ð (C3 90), Ý (C3 9D) or Ứ (E1 BB A8) (tests in both modules check).
/// Both look at the same text, so one scan marks it for both ([`Marks`]).
pub(crate) fn opens_capitalised(b: u8, next: u8, after: u8) -> bool {
    // `&` and `|`, not `&&` and `||`: no branches, so the scan stays in vectors.
    b.is_ascii_uppercase()
        | ((b == 0xc4) | (b == 0xc3)) & (next == 0x90)
        | (b == 0xc3) & (next == 0x9d)
        | (b == 0xe1) & (next == 0xbb) & (after == 0xa8)
}

/// The offsets of a text where a test holds, one bit each: worked out once for the
/// matchers that start at the same offsets.
pub(crate) struct Marks(Vec<u64>);

impl Marks {
    /// The offsets of `bytes` where `test(byte, next, after)` holds, as [`marked`] gives them.
    pub(crate) fn new(bytes: &[u8], test: impl Fn(u8, u8, u8) -> bool + Copy) -> Self {
        let mut masks = Vec::with_capacity(bytes.len().div_ceil(BLOCK));
        let mut block = 0;
        while block < bytes.len() {
            masks.push(block_marks(bytes, block, test));
            block += BLOCK;
        }
        Marks(masks)
    }

    /// The marked offsets, in order.
    pub(crate) fn offsets(&self) -> impl Iterator<Item = usize> + '_ {
        self.0.iter().enumerate().flat_map(|(i, &mask)| {
            let mut mask = mask;
            std::iter::from_fn(move || {
                let bit = mask.trailing_zeros() as usize;
                mask &= mask.checked_sub(1)?;
                Some(i * BLOCK + bit)
            })
        })
    }
}

/// A set of byte pairs: the first two bytes of each of a set of patterns.
pub(crate) struct BytePairs(Vec<u64>);

impl BytePairs {
    pub(crate) fn new<P: AsRef<[u8]>>(patterns: impl IntoIterator<Item = P>) -> Self {
        let mut bits = vec![0u64; 1 << 10];
        for pattern in patterns {
            if let [a, b, ..] = *pattern.as_ref() {
                let pair = usize::from(a) << 8 | usize::from(b);
                bits[pair / 64] |= 1 << (pair % 64);
            }
        }
        BytePairs(bits)
    }

    /// The two bytes from `at` are a pair of the set.
    pub(crate) fn holds_at(&self, bytes: &[u8], at: usize) -> bool {
        let (Some(&a), Some(&b)) = (bytes.get(at), bytes.get(at + 1)) else {
            return false;
        };
        let pair = usize::from(a) << 8 | usize::from(b);
        self.0[pair / 64] & (1 << (pair % 64)) != 0
    }
}

/// Literal patterns of two bytes or more, found leftmost-longest by walking an
/// anchored DFA only at offsets where a pattern may open.
pub(crate) struct Literals {
    dfa: DFA,
    /// The pairs that open a pattern.
    openers: BytePairs,
}

impl Literals {
    pub(crate) fn new<P: AsRef<[u8]>>(patterns: &[P]) -> Result<Self, BuildError> {
        Self::build(patterns, false)
    }

    /// The patterns with ASCII letters in either case, as `ascii_case_insensitive`.
    pub(crate) fn ascii_case_blind<P: AsRef<[u8]>>(patterns: &[P]) -> Result<Self, BuildError> {
        Self::build(patterns, true)
    }

    fn build<P: AsRef<[u8]>>(patterns: &[P], case_blind: bool) -> Result<Self, BuildError> {
        // A DFA: one table lookup per byte where an NFA follows failure links.
        let dfa = DFA::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(case_blind)
            .start_kind(StartKind::Anchored)
            .prefilter(false)
            .build(patterns)?;
        let cases = |b: u8| {
            if case_blind {
                [b.to_ascii_lowercase(), b.to_ascii_uppercase()]
            } else {
                [b, b]
            }
        };
        let pairs = patterns
            .iter()
            .filter_map(|p| p.as_ref().first_chunk::<2>());
        let openers = BytePairs::new(pairs.flat_map(|&[a, b]| {
            cases(a)
                .map(|a| cases(b).map(|b| [a, b]))
                .into_iter()
                .flatten()
        }));
        Ok(Literals { dfa, openers })
    }

    /// The longest pattern that starts at `at`, as an anchored search finds it.
    #[inline]
    fn longest_at(&self, bytes: &[u8], at: usize) -> Option<Match> {
        let dfa = &self.dfa;
        let mut sid = dfa.start_state(Anchored::Yes).ok()?;
        // The longest match so far as its length (0: none) and pattern: two numbers
        // the loop keeps in registers, where a `Match` was moved about at every byte.
        let (mut len, mut pattern) = (0, PatternID::ZERO);
        for (read, &byte) in bytes.get(at..)?.iter().enumerate() {
            sid = dfa.next_state(Anchored::Yes, sid, byte);
            if !dfa.is_special(sid) {
                continue;
            }
            if dfa.is_dead(sid) {
                break;
            }
            if dfa.is_match(sid) {
                let first = dfa.match_pattern(sid, 0);
                // A match state may also hold a match that starts after `at`
                // (copied along a failure link): only one read from `at` counts.
                if dfa.pattern_len(first) == read + 1 {
                    (len, pattern) = (read + 1, first);
                }
            }
        }
        (len > 0).then(|| Match::new(pattern, at..at + len))
    }

    /// The matches `find_iter` of an unanchored leftmost-longest search gives (never
    /// overlapping), found only at the offsets `may_open(byte, next, after)` marks
    /// (see [`marked`]) whose byte pair opens a pattern. `may_open` must hold
    /// wherever a pattern starts.
    pub(crate) fn find_iter<'t>(
        &'t self,
        text: &'t str,
        may_open: impl Fn(u8, u8, u8) -> bool + Copy + 't,
    ) -> impl Iterator<Item = Match> + 't {
        self.find_at(text, marked(text.as_bytes(), 0, may_open))
    }

    /// [`Literals::find_iter`] at the offsets of `marks`, made by a test that holds
    /// wherever a pattern starts.
    pub(crate) fn find_iter_marked<'t>(
        &'t self,
        text: &'t str,
        marks: &'t Marks,
    ) -> impl Iterator<Item = Match> + 't {
        self.find_at(text, marks.offsets())
    }

    /// The matches starting at `offsets` (in order) whose byte pair opens a pattern.
    #[inline(always)]
    fn find_at<'t>(
        &'t self,
        text: &'t str,
        offsets: impl Iterator<Item = usize> + 't,
    ) -> impl Iterator<Item = Match> + 't {
        let bytes = text.as_bytes();
        let mut resume = 0;
        offsets.filter_map(move |at| {
            if at < resume || !self.openers.holds_at(bytes, at) {
                return None;
            }
            let m = self.longest_at(bytes, at)?;
            resume = m.end();
            Some(m)
        })
    }
}

/// Test support: `may_open` holds where each of `patterns` starts (in any ASCII case
/// when `case_blind`), and `literals.find_iter` finds in each of `texts` what a
/// leftmost-longest search for `patterns` over the whole text finds, as (start, end,
/// pattern) triples.
#[cfg(test)]
pub(crate) fn assert_same_as_full_scan(
    patterns: &[&str],
    literals: &Literals,
    case_blind: bool,
    may_open: impl Fn(u8, u8, u8) -> bool + Copy,
    texts: &[&str],
) {
    let cases = |b: u8| match case_blind {
        true => vec![b.to_ascii_lowercase(), b.to_ascii_uppercase()],
        false => vec![b],
    };
    for p in patterns {
        let b = p.as_bytes();
        let after: Vec<u8> = match b.get(2) {
            Some(&a) => cases(a),
            None => (0..=255).collect(),
        };
        let opens = b.len() >= 2
            && cases(b[0]).into_iter().all(|first| {
                cases(b[1])
                    .into_iter()
                    .all(|next| after.iter().all(|&a| may_open(first, next, a)))
            });
        assert!(opens, "{p:?} may start where the scan does not look");
    }
    let full = aho_corasick::AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(case_blind)
        .build(patterns)
        .expect("literal patterns build");
    let triple = |m: &Match| (m.start(), m.end(), m.pattern());
    for text in texts {
        let want: Vec<_> = full.find_iter(text).map(|m| triple(&m)).collect();
        let got: Vec<_> = literals
            .find_iter(text, may_open)
            .map(|m| triple(&m))
            .collect();
        assert_eq!(got, want, "{text}");
        let marks = Marks::new(text.as_bytes(), may_open);
        let got: Vec<_> = literals
            .find_iter_marked(text, &marks)
            .map(|m| triple(&m))
            .collect();
        assert_eq!(got, want, "{text}, marked once");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn marked_offsets_are_those_the_test_holds_at(
            bytes in proptest::collection::vec(any::<u8>(), 0..200),
            from in 0usize..210,
        ) {
            let test = |b: u8, next: u8, after: u8| b.is_ascii_uppercase() || next == 0x90 || after == 0xa8;
            let got: Vec<usize> = marked(&bytes, from, test).collect();
            let byte = |i: usize| bytes.get(i).copied().unwrap_or(0);
            let want: Vec<usize> = (from..bytes.len())
                .filter(|&i| test(byte(i), byte(i + 1), byte(i + 2)))
                .collect();
            prop_assert_eq!(got, want);
        }

        #[test]
        fn marks_are_the_offsets_marked_gives(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let want: Vec<usize> = marked(&bytes, 0, opens_capitalised).collect();
            let got: Vec<usize> = Marks::new(&bytes, opens_capitalised).offsets().collect();
            prop_assert_eq!(got, want);
        }

        #[test]
        fn literals_match_a_full_scan(text in "[ABĐabđ ]{0,40}") {
            let patterns = ["AB", "ABA", "BĐ", "Đa", "ĐaB", "aĐ"];
            let literals = Literals::new(&patterns).expect("literal patterns build");
            assert_same_as_full_scan(&patterns, &literals, false, |_, _, _| true, &[text.as_str()]);
            let literals = Literals::ascii_case_blind(&patterns).expect("literal patterns build");
            assert_same_as_full_scan(&patterns, &literals, true, |_, _, _| true, &[text.as_str()]);
        }
    }
}
