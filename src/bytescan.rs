//! Byte classes tested eight bytes at a time (SWAR, portable u64 arithmetic): a
//! matcher whose matches can only start at a few kinds of byte skips the rest of
//! the text without a per-byte branch.

use aho_corasick::{AhoCorasick, Anchored, Input, Match};

const LOW: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `word` equal to `byte`.
pub(crate) fn eq_mask(word: u64, byte: u8) -> u64 {
    let x = word ^ (LOW * u64::from(byte));
    // A byte's high bit stays clear only when the byte is zero; no carry crosses bytes.
    !(((x & !HIGH) + !HIGH) | x) & HIGH
}

/// The high bit of each byte of `word` within `lo..=hi` (ASCII, `lo` > 0).
pub(crate) fn ascii_range_mask(word: u64, lo: u8, hi: u8) -> u64 {
    let low7 = word & !HIGH;
    let at_least_lo = low7 + LOW * u64::from(0x80 - lo);
    let above_hi = low7 + LOW * u64::from(0x7f - hi);
    at_least_lo & !above_hi & !word & HIGH
}

/// The first offset from `at` on whose byte `mask` marks with its high bit. `mask`
/// gets three little-endian words: the eight bytes from an offset, from the next byte
/// and from the one after (to test a byte by those following it). Past the end the
/// words are padded with zeros, for which `mask` must mark nothing.
pub(crate) fn find_from(
    bytes: &[u8],
    mut at: usize,
    mask: impl Fn(u64, u64, u64) -> u64,
) -> Option<usize> {
    while let Some(window) = bytes.get(at..at + 10) {
        let (Some(word), Some(next), Some(after)) = (
            window.first_chunk::<8>(),
            window.get(1..).and_then(<[u8]>::first_chunk::<8>),
            window.last_chunk::<8>(),
        ) else {
            break;
        };
        let bits = mask(
            u64::from_le_bytes(*word),
            u64::from_le_bytes(*next),
            u64::from_le_bytes(*after),
        );
        if bits != 0 {
            return Some(at + bits.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    while at < bytes.len() {
        let bits = mask(
            padded(bytes, at),
            padded(bytes, at + 1),
            padded(bytes, at + 2),
        );
        if bits != 0 {
            return Some(at + bits.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    None
}

/// The eight bytes from `at`, zero-padded past the end.
fn padded(bytes: &[u8], at: usize) -> u64 {
    let tail = bytes.get(at..).unwrap_or_default();
    let mut word = [0u8; 8];
    for (w, b) in word.iter_mut().zip(tail) {
        *w = *b;
    }
    u64::from_le_bytes(word)
}

/// The byte pairs that open some pattern of a set (every pattern has two bytes or more).
pub(crate) struct Openers(Vec<u64>);

impl Openers {
    pub(crate) fn new<P: AsRef<[u8]>>(patterns: impl IntoIterator<Item = P>) -> Self {
        let mut bits = vec![0u64; 1 << 10];
        for pattern in patterns {
            if let [a, b, ..] = *pattern.as_ref() {
                let pair = usize::from(a) << 8 | usize::from(b);
                bits[pair / 64] |= 1 << (pair % 64);
            }
        }
        Openers(bits)
    }

    /// A pattern may start at `at`: the two bytes there open one.
    pub(crate) fn open(&self, bytes: &[u8], at: usize) -> bool {
        let (Some(&a), Some(&b)) = (bytes.get(at), bytes.get(at + 1)) else {
            return false;
        };
        let pair = usize::from(a) << 8 | usize::from(b);
        self.0[pair / 64] & (1 << (pair % 64)) != 0
    }
}

/// The matches `find_iter` of an unanchored `matcher` gives (leftmost, never
/// overlapping), found by anchored searches of `matcher` (built with anchored starts)
/// only at the offsets `mask` marks (see [`find_from`]) whose byte pair `openers`
/// holds. `mask` must mark every offset where a pattern may start.
pub(crate) fn anchored_matches<'t>(
    matcher: &'t AhoCorasick,
    openers: &'t Openers,
    text: &'t str,
    mask: impl Fn(u64, u64, u64) -> u64 + Copy + 't,
) -> impl Iterator<Item = Match> + 't {
    let bytes = text.as_bytes();
    let mut from = 0;
    std::iter::from_fn(move || loop {
        let at = find_from(bytes, from, mask)?;
        from = at + 1;
        if !openers.open(bytes, at) {
            continue;
        }
        let input = Input::new(text)
            .span(at..text.len())
            .anchored(Anchored::Yes);
        if let Some(m) = matcher.find(input) {
            from = m.end();
            return Some(m);
        }
    })
}

/// Test support: `gated` finds in each of `texts` what a leftmost-longest search for
/// `patterns` over the whole text finds, as (start, end, pattern) triples.
#[cfg(test)]
pub(crate) fn assert_same_as_full_scan<'p>(
    patterns: impl IntoIterator<Item = &'p str>,
    texts: &[&str],
    gated: impl Fn(&str) -> Vec<Match>,
) {
    let full = AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .build(patterns)
        .expect("literal patterns build");
    let triple = |m: &Match| (m.start(), m.end(), m.pattern());
    for text in texts {
        let want: Vec<_> = full.find_iter(text).map(|m| triple(&m)).collect();
        let got: Vec<_> = gated(text).iter().map(triple).collect();
        assert_eq!(got, want, "{text}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn masks_agree_with_byte_tests(bytes in proptest::collection::vec(any::<u8>(), 0..40)) {
            let mask = |w, next, after| {
                ascii_range_mask(w, b'A', b'Z') | eq_mask(next, 0x90) | eq_mask(after, 0xa8)
            };
            let got: Vec<usize> =
                std::iter::successors(find_from(&bytes, 0, mask), |&at| find_from(&bytes, at + 1, mask))
                    .collect();
            let want: Vec<usize> = (0..bytes.len())
                .filter(|&i| {
                    let b = bytes[i];
                    b.is_ascii_uppercase()
                        || bytes.get(i + 1) == Some(&0x90)
                        || bytes.get(i + 2) == Some(&0xa8)
                })
                .collect();
            prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn every_range_edge() {
        for lo in 1..=0x7f_u8 {
            for hi in lo..=0x7f_u8 {
                for b in 0..=255_u8 {
                    let word = u64::from_le_bytes([b, 0, b, 0x7f, 0x80, b, 0xff, b]);
                    let got = ascii_range_mask(word, lo, hi) & 0xff;
                    assert_eq!(got != 0, (lo..=hi).contains(&b), "{lo} {hi} {b}");
                }
            }
        }
    }
}
