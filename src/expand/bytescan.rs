//! Byte classes tested eight bytes at a time (SWAR, portable u64 arithmetic): a
//! matcher whose matches can only start at a few kinds of byte skips the rest of
//! the text without a per-byte branch.

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

/// Offsets in `bytes`, ascending, of the bytes whose high bit `mask` sets in their
/// little-endian eight-byte word. `mask` must set nothing for a zero byte (the tail
/// is padded with zeros).
pub(crate) fn positions<M: Fn(u64) -> u64>(bytes: &[u8], mask: M) -> Positions<'_, M> {
    Positions {
        bytes,
        mask,
        next_word: 0,
        word_at: 0,
        bits: 0,
    }
}

pub(crate) struct Positions<'b, M> {
    bytes: &'b [u8],
    mask: M,
    /// Offset of the next word to load.
    next_word: usize,
    /// Offset of the word `bits` belongs to.
    word_at: usize,
    bits: u64,
}

impl<M: Fn(u64) -> u64> Iterator for Positions<'_, M> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        while self.bits == 0 {
            let at = self.next_word;
            let mut word = [0u8; 8];
            match self.bytes.get(at..at + 8) {
                Some(full) => word.copy_from_slice(full),
                None => {
                    let tail = self.bytes.get(at..).filter(|t| !t.is_empty())?;
                    word[..tail.len()].copy_from_slice(tail);
                }
            }
            self.bits = (self.mask)(u64::from_le_bytes(word));
            self.word_at = at;
            self.next_word = at + 8;
        }
        let at = self.word_at + self.bits.trailing_zeros() as usize / 8;
        self.bits &= self.bits - 1;
        Some(at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn masks_agree_with_byte_tests(bytes in proptest::collection::vec(any::<u8>(), 0..40)) {
            let got: Vec<usize> = positions(&bytes, |w| {
                ascii_range_mask(w, b'A', b'Z') | eq_mask(w, 0xc4) | eq_mask(w, 0x90)
            })
            .collect();
            let want: Vec<usize> = bytes
                .iter()
                .enumerate()
                .filter(|&(_, &b)| b.is_ascii_uppercase() || b == 0xc4 || b == 0x90)
                .map(|(i, _)| i)
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
