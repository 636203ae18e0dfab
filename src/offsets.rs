//! Extractors work in byte offsets; the output counts characters.

use crate::Article;

/// Maps byte offsets of `text` to char offsets, for every span in `article`.
pub(crate) fn bytes_to_chars(text: &str, article: &mut Article) {
    let map = CharIndex::new(text);
    for a in &mut article.abbreviations {
        (a.start, a.end) = (map.char_at(a.start), map.char_at(a.end));
    }
    for d in &mut article.dates {
        (d.start, d.end) = (map.char_at(d.start), map.char_at(d.end));
    }
    for o in &mut article.officials {
        for m in &mut o.mentions {
            (m.start, m.end) = (map.char_at(m.start), map.char_at(m.end));
        }
    }
    for s in &mut article.scores {
        (s.start, s.end) = (map.char_at(s.start), map.char_at(s.end));
    }
    for r in &mut article.rankings {
        (r.start, r.end) = (map.char_at(r.start), map.char_at(r.end));
    }
    for p in &mut article.places {
        (p.start, p.end) = (map.char_at(p.start), map.char_at(p.end));
    }
}

/// Char offset of each byte offset: chars before every 64-byte block, then a
/// count of char-starting bytes inside the block.
struct CharIndex<'a> {
    bytes: &'a [u8],
    before_block: Vec<usize>,
}

const BLOCK: usize = 64;

/// Bytes that start a char (all but UTF-8 continuation bytes), at most [`BLOCK`] of them:
/// counted in a byte-wide sum, which the compiler turns into vector compares and adds.
fn char_starts(bytes: &[u8]) -> usize {
    debug_assert!(bytes.len() <= BLOCK);
    let continuations = bytes
        .iter()
        .fold(0u8, |n, &b| n.wrapping_add(u8::from((b as i8) < -0x40)));
    bytes.len() - usize::from(continuations)
}

impl<'a> CharIndex<'a> {
    fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let mut before_block = Vec::with_capacity(bytes.len() / BLOCK + 1);
        let mut chars = 0;
        before_block.push(0);
        for block in bytes.chunks_exact(BLOCK) {
            chars += char_starts(block);
            before_block.push(chars);
        }
        CharIndex {
            bytes,
            before_block,
        }
    }

    /// Chars that start before `byte` (a byte inside a char counts that char).
    fn char_at(&self, byte: usize) -> usize {
        let byte = byte.min(self.bytes.len());
        let block = byte / BLOCK;
        self.before_block[block] + char_starts(&self.bytes[block * BLOCK..byte])
    }
}

#[cfg(test)]
mod tests {
    use super::CharIndex;
    use proptest::prelude::*;

    fn map_char(text: &str, byte: usize) -> usize {
        CharIndex::new(text).char_at(byte)
    }

    #[test]
    fn byte_offsets_map_to_char_offsets() {
        let text = "Nông Sơn đạt";
        let map = CharIndex::new(text);
        let byte = text.find("đạt").unwrap();
        assert_eq!(map.char_at(byte), 9);
        assert_eq!(map.char_at(text.len()), text.chars().count());
        assert_eq!(CharIndex::new("abc").char_at(2), 2);
        assert_eq!(CharIndex::new("abc").char_at(9), 3);
        // Far into a long text, past many blocks, and inside a two-byte char.
        let long = "Đạt 80,28 điểm. ".repeat(40);
        let byte = long.len() - "điểm. ".len();
        assert_eq!(map_char(&long, byte), long[..byte].chars().count());
        assert_eq!(map_char(&long, byte + 1), long[..byte].chars().count() + 1);
    }

    proptest! {
        #[test]
        fn char_at_counts_chars_begun_before(
            text in "\\PC{0,300}",
            bytes in proptest::collection::vec(0..320usize, 1..20),
        ) {
            let map = CharIndex::new(&text);
            for byte in bytes {
                let before = text.char_indices().take_while(|&(at, _)| at < byte).count();
                prop_assert_eq!(map.char_at(byte), before);
            }
        }
    }
}
