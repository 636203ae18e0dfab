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

/// Char offset of each byte offset, found by binary search over char starts.
struct CharIndex {
    starts: Vec<usize>,
    len: usize,
}

impl CharIndex {
    fn new(text: &str) -> Self {
        if text.is_ascii() {
            return CharIndex {
                starts: Vec::new(),
                len: text.len(),
            };
        }
        CharIndex {
            starts: text.char_indices().map(|(i, _)| i).collect(),
            len: text.len(),
        }
    }

    fn char_at(&self, byte: usize) -> usize {
        if self.starts.is_empty() {
            return byte.min(self.len);
        }
        match self.starts.binary_search(&byte) {
            Ok(i) => i,
            Err(i) => i,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::CharIndex;

    #[test]
    fn byte_offsets_map_to_char_offsets() {
        let text = "Nông Sơn đạt";
        let map = CharIndex::new(text);
        let byte = text.find("đạt").unwrap();
        assert_eq!(map.char_at(byte), 9);
        assert_eq!(map.char_at(text.len()), text.chars().count());
        assert_eq!(CharIndex::new("abc").char_at(2), 2);
    }
}
