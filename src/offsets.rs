//! Extractors work in byte offsets; the output counts characters.

use crate::Article;

/// Maps byte offsets of `text` to char offsets, for every span in `article`.
// Out of line: `benches/stage_cost.sh` counts the stage by this name.
#[inline(never)]
pub(crate) fn bytes_to_chars(text: &str, article: &mut Article) {
    let map = CharIndex::new(text);
    for a in &mut article.abbreviations {
        (a.start, a.end) = map.span(a.start, a.end);
    }
    for d in &mut article.dates {
        (d.start, d.end) = map.span(d.start, d.end);
    }
    for o in &mut article.officials {
        for m in &mut o.mentions {
            (m.start, m.end) = map.span(m.start, m.end);
        }
    }
    for s in &mut article.scores {
        (s.start, s.end) = map.span(s.start, s.end);
    }
    for r in &mut article.rankings {
        (r.start, r.end) = map.span(r.start, r.end);
    }
    for p in &mut article.places {
        (p.start, p.end) = map.span(p.start, p.end);
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

/// The offsets of a block, a byte each: compared with an offset all at once.
const OFFSETS: [u8; BLOCK] = {
    let mut offsets = [0; BLOCK];
    let mut i = 0;
    while i < BLOCK {
        offsets[i] = i as u8;
        i += 1;
    }
    offsets
};

/// The bytes that start a char in `block` before offset `ends.0` and before `ends.1`
/// (each at most [`BLOCK`]): every byte is tested against both, so the count has no
/// loop of varying length or branch, and both ends of a span cost one pass.
fn char_starts_before(block: &[u8; BLOCK], ends: (usize, usize)) -> (usize, usize) {
    let (a, b) = (ends.0 as u8, ends.1 as u8);
    let pairs = block.iter().zip(&OFFSETS);
    let (before_a, before_b) = pairs.fold((0u8, 0u8), |(na, nb), (&byte, &i)| {
        let continuation = (byte as i8) < -0x40;
        (
            na.wrapping_add(u8::from(continuation & (i < a))),
            nb.wrapping_add(u8::from(continuation & (i < b))),
        )
    });
    (
        ends.0 - usize::from(before_a),
        ends.1 - usize::from(before_b),
    )
}

impl<'a> CharIndex<'a> {
    fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        // Sized first and filled in place: a push would keep a path to grow the list,
        // which costs the loop its registers.
        let mut before_block = vec![0; bytes.len() / BLOCK + 1];
        let mut chars = 0;
        for (slot, block) in before_block[1..].iter_mut().zip(bytes.chunks_exact(BLOCK)) {
            chars += char_starts(block);
            *slot = chars;
        }
        CharIndex {
            bytes,
            before_block,
        }
    }

    /// Chars that start before `byte` (a byte inside a char counts that char).
    fn char_at(&self, byte: usize) -> usize {
        let byte = byte.min(self.bytes.len());
        self.in_block(byte / BLOCK, (byte % BLOCK, byte % BLOCK)).0
    }

    /// [`CharIndex::char_at`] of a span's `start` and `end`, counted together when both
    /// are in one block, as most are (facts are short).
    fn span(&self, start: usize, end: usize) -> (usize, usize) {
        let (start, end) = (start.min(self.bytes.len()), end.min(self.bytes.len()));
        if start / BLOCK == end / BLOCK {
            self.in_block(start / BLOCK, (start % BLOCK, end % BLOCK))
        } else {
            (self.char_at(start), self.char_at(end))
        }
    }

    /// Chars before offsets `ends.0` and `ends.1` of block `block`.
    fn in_block(&self, block: usize, ends: (usize, usize)) -> (usize, usize) {
        let before = self.before_block[block];
        let rest = self.bytes.get(block * BLOCK..).unwrap_or_default();
        let (a, b) = match rest.first_chunk() {
            Some(bytes) => char_starts_before(bytes, ends),
            None => {
                // The text's last block: zeros after its end, where no offset asks.
                let mut padded = [0u8; BLOCK];
                for (p, &b) in padded.iter_mut().zip(rest) {
                    *p = b;
                }
                char_starts_before(&padded, ends)
            }
        };
        (before + a, before + b)
    }
}

#[cfg(test)]
mod tests {
    use super::{char_starts, CharIndex, BLOCK};
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

    /// What `char_at` gave before it counted a block at once: the bytes before `byte` counted
    /// one at a time. Spans took it at both ends.
    fn char_at_by_byte(map: &CharIndex, byte: usize) -> usize {
        let byte = byte.min(map.bytes.len());
        let block = byte / BLOCK;
        map.before_block[block] + char_starts(&map.bytes[block * BLOCK..byte])
    }

    #[test]
    fn block_counts_agree_with_byte_counts_at_every_offset() {
        use unicode_normalization::UnicodeNormalization;
        let mut texts: Vec<String> = crate::test_corpus::articles()
            .into_iter()
            .map(|(_, text)| text)
            .collect();
        assert!(texts.len() >= 20, "only {} texts", texts.len());
        let nfd: Vec<String> = texts.iter().map(|t| t.nfd().collect()).collect();
        texts.extend(nfd);
        texts.extend(
            [
                "",
                "a",
                "Đ",
                "Hoà, thuỷ, TP.HCM\u{a0}UBND\u{2003}Ủy ban: ١٢٣ ๑๒ 😀𝐀 ọ\r\n",
                "\u{10ffff}\u{7f}\u{80}\u{7ff}\u{800}\u{ffff}\u{10000}",
            ]
            .map(String::from),
        );
        let mut checked = 0;
        for text in &texts {
            // Every length up to a block and more, so that texts end at every place in a
            // block, and the whole text.
            let cuts = (0..text.len().min(BLOCK + 9)).filter(|&n| text.is_char_boundary(n));
            for short in cuts.map(|n| &text[..n]).chain([text.as_str()]) {
                let map = CharIndex::new(short);
                for start in 0..=short.len() + 1 {
                    let want = char_at_by_byte(&map, start);
                    assert_eq!(map.char_at(start), want, "{start} of {short:?}");
                    // Ends in the start's block, on the next block's first bytes, far
                    // after and before the start.
                    let next_block = (start / BLOCK + 1) * BLOCK;
                    let ends = [start, start + start % 71, next_block - 1, next_block];
                    for end in ends
                        .into_iter()
                        .chain([next_block + 1, start + 200, start / 2])
                    {
                        let want = (want, char_at_by_byte(&map, end));
                        assert_eq!(map.span(start, end), want, "{start}..{end} of {short:?}");
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 2_000_000, "only {checked} spans");
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
