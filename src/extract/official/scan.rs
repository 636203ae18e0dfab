//! Tokens and lexicon items of one article: the layer the name and title rules read.

use std::sync::LazyLock;

use crate::chars::is_alphanumeric;

use super::lexicon::{latin_index, Entry, Finder, Folder, Kind, OrgKind, WordStart, LATIN_CHARS};

/// A word or one punctuation mark, in 12 bytes. Offsets are `u32` ([`Scan::new`] takes no
/// text over 4 GiB): with items of 16 bytes, not 48, the scan misses the L1 data cache a
/// third less often.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok {
    start: u32,
    end: u32,
    word: bool,
}

impl Tok {
    /// A token of a text of at most `u32::MAX` bytes: the offsets fit.
    #[inline]
    fn new(start: usize, end: usize, word: bool) -> Self {
        Tok {
            start: start as u32,
            end: end as u32,
            word,
        }
    }

    #[inline]
    fn start(self) -> usize {
        self.start as usize
    }

    #[inline]
    fn end(self) -> usize {
        self.end as usize
    }
}

/// What an item is, as [`Scan::kind`] tells it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum ItemKind {
    Entry(&'static Entry),
    Word,
    Punct(char),
}

/// [`ItemKind`] in 8 bytes, with the item's word count and [`Scan::is_name_part`].
#[derive(Debug, Clone, Copy)]
enum Packed {
    /// `index` into the lexicon's entries; `words` tokens covered (an entry is shorter
    /// than the trie's 16,384 cells, so they fit).
    Entry {
        index: u16,
        words: u16,
        name_part: bool,
    },
    Word {
        name_part: bool,
    },
    Punct(char),
}

/// One lexicon match (possibly several tokens), one plain word, or one punctuation mark,
/// in 16 bytes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Item {
    start: u32,
    end: u32,
    kind: Packed,
}

impl Item {
    #[inline]
    pub fn start(&self) -> usize {
        self.start as usize
    }

    #[inline]
    pub fn end(&self) -> usize {
        self.end as usize
    }

    /// Number of word tokens covered.
    #[inline]
    pub fn words(&self) -> usize {
        match self.kind {
            Packed::Entry { words, .. } => usize::from(words),
            Packed::Word { .. } => 1,
            Packed::Punct(_) => 0,
        }
    }

    /// See [`Scan::is_name_part`].
    #[inline]
    fn name_part(&self) -> bool {
        match self.kind {
            Packed::Entry { name_part, .. } | Packed::Word { name_part } => name_part,
            Packed::Punct(_) => false,
        }
    }
}

pub(crate) struct Scan<'a> {
    pub text: &'a str,
    pub folded: String,
    pub items: Vec<Item>,
    /// The items that are titles, in order: the title rules start only there.
    pub titles: Vec<usize>,
    /// The items that are administrative levels ("huyện"), in order.
    pub levels: Vec<usize>,
    /// The items that are name parts ([`Scan::is_name_part`]), in order: the name
    /// runs start only there.
    pub name_parts: Vec<usize>,
    /// The lexicon's entries, which items name by index.
    entries: &'static [Entry],
}

impl<'a> Scan<'a> {
    /// The scan of `text`, or `None` when it is over 4 GiB, past `u32` offsets.
    pub fn new(text: &'a str) -> Option<Self> {
        Self::within(text, u32::MAX)
    }

    /// [`Scan::new`] with the longest text taken as a parameter, so that a test can
    /// reach it.
    pub(super) fn within(text: &'a str, max: u32) -> Option<Self> {
        if u32::try_from(text.len()).map_or(true, |len| len > max) {
            return None;
        }
        let (folded, toks) = fold_and_tokenize(text);
        let mut finder = Finder::new(&folded, text);
        let entries = finder.entries();
        let mut items = Vec::with_capacity(toks.len());
        // Room for the titles and levels of most articles: no growth on the way.
        let (mut titles, mut levels) = (Vec::with_capacity(64), Vec::with_capacity(64));
        let mut name_parts = Vec::with_capacity(toks.len() / 4);
        let case: &[u8; LATIN_CHARS] = &LATIN_CASE;
        let mut i = 0;
        let mut in_name = false;
        while i < toks.len() {
            let tok = toks[i];
            if !tok.word {
                let c = char_at(text, tok.start()).unwrap_or(' ');
                items.push(Item {
                    start: tok.start,
                    end: tok.end,
                    kind: Packed::Punct(c),
                });
                in_name = false;
                i += 1;
                continue;
            }
            let found = match finder.word_start(tok.start(), tok.end()) {
                WordStart::Nothing => None,
                word => {
                    let here = finder.entries_from(tok.start(), tok.end(), word);
                    if here.is_empty() {
                        None
                    } else {
                        longest_fitting(text, &toks, i, here)
                    }
                }
            };
            // The case matters to a plain word and inside a name only.
            let cap = (in_name || found.is_none()) && cap_word_at(text, tok, case);
            // Still inside a run of capitalised syllables.
            let name_goes_on = in_name
                && cap
                && items
                    .last()
                    .is_some_and(|p: &Item| spaced_between(text, p.end(), tok.start()));
            match found {
                // A capitalised honorific or body word inside a name is a name syllable ("Phạm Anh Tuấn").
                Some((entry, last))
                    if !(last == i
                        && name_goes_on
                        && matches!(entry.kind, Kind::Honorific | Kind::Org(_))) =>
                {
                    let words = if last == i {
                        1
                    } else {
                        // Never more than the entry's bytes: see `Packed::Entry`.
                        let count = toks[i..=last].iter().filter(|t| t.word).count();
                        u16::try_from(count).unwrap_or(u16::MAX)
                    };
                    match entry.kind {
                        Kind::Title(_) => titles.push(items.len()),
                        Kind::Org(OrgKind::Level) => levels.push(items.len()),
                        _ => {}
                    }
                    let name_part = matches!(entry.kind, Kind::Surname { .. } | Kind::Place(_));
                    if name_part {
                        name_parts.push(items.len());
                    }
                    items.push(Item {
                        start: tok.start,
                        end: toks[last].end,
                        kind: Packed::Entry {
                            index: entry.index,
                            words,
                            name_part,
                        },
                    });
                    in_name = matches!(entry.kind, Kind::Surname { .. });
                    i = last + 1;
                }
                _ => {
                    if cap {
                        name_parts.push(items.len());
                    }
                    items.push(Item {
                        start: tok.start,
                        end: tok.end,
                        kind: Packed::Word { name_part: cap },
                    });
                    in_name = name_goes_on;
                    i += 1;
                }
            }
        }
        Some(Scan {
            text,
            folded,
            items,
            titles,
            levels,
            name_parts,
            entries,
        })
    }

    pub fn str(&self, item: usize) -> &'a str {
        let it = self.items[item];
        &self.text[it.start()..it.end()]
    }

    /// The text between two items.
    #[inline]
    pub fn gap(&self, before: usize, after: usize) -> &'a str {
        &self.text[self.items[before].end()..self.items[after].start()]
    }

    /// Items `a` and `a + 1` are separated by spaces only (no newline).
    #[inline]
    pub fn spaced(&self, a: usize) -> bool {
        let (Some(x), Some(y)) = (self.items.get(a), self.items.get(a + 1)) else {
            return false;
        };
        spaced_between(self.text, x.end(), y.start())
    }

    /// What item `item` is; panics past the last item.
    pub fn kind(&self, item: usize) -> ItemKind {
        match self.items[item].kind {
            Packed::Entry { index, .. } => ItemKind::Entry(&self.entries[usize::from(index)]),
            Packed::Word { .. } => ItemKind::Word,
            Packed::Punct(c) => ItemKind::Punct(c),
        }
    }

    pub fn entry(&self, item: usize) -> Option<&'static Entry> {
        match self.items.get(item)?.kind {
            Packed::Entry { index, .. } => self.entries.get(usize::from(index)),
            _ => None,
        }
    }

    pub fn org(&self, item: usize) -> Option<OrgKind> {
        match self.entry(item)?.kind {
            Kind::Org(k) => Some(k),
            _ => None,
        }
    }

    pub fn is_title(&self, item: usize) -> bool {
        self.entry(item)
            .is_some_and(|e| matches!(e.kind, Kind::Title(_)))
    }

    #[inline]
    pub fn is_punct(&self, item: usize, set: &[char]) -> bool {
        matches!(self.items.get(item), Some(Item { kind: Packed::Punct(c), .. }) if set.contains(c))
    }

    /// A plain word equal (folded) to `word`.
    pub fn is_word(&self, item: usize, word: &str) -> bool {
        matches!(
            self.items.get(item),
            Some(Item {
                kind: Packed::Word { .. },
                ..
            })
        ) && self
            .folded
            .get(self.items[item].start()..self.items[item].end())
            == Some(word)
    }

    /// A capitalised syllable, a known place or a surname: something a name run is made of.
    pub fn is_name_part(&self, item: usize) -> bool {
        self.items.get(item).is_some_and(Item::name_part)
    }

    /// An all-caps abbreviation or a number, as found inside organisation names ("KH&CN", "1").
    pub fn is_code(&self, item: usize) -> bool {
        let s = self.str(item);
        // Most words start with a lower-case letter, which no code has.
        matches!(self.items[item].kind, Packed::Word { .. })
            && !s.as_bytes().first().is_some_and(u8::is_ascii_lowercase)
            && s.chars().any(char::is_alphanumeric)
            && s.chars()
                .all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '&')
    }
}

/// Of the entries found at word token `i` (shortest first), the longest that ends at a
/// token end and that the case rules accept, as (entry, last token). Shorter entries
/// count when a longer one fails: "Nguyễn Duy" is the surname, not "Nguyễn Du" cut short.
fn longest_fitting(
    text: &str,
    toks: &[Tok],
    i: usize,
    here: &[(usize, &'static Entry)],
) -> Option<(&'static Entry, usize)> {
    here.iter().rev().find_map(|&(end, entry)| {
        // Most entries are one word.
        let last = if toks.get(i).is_some_and(|t| t.end() == end) {
            i
        } else {
            i + toks[i..]
                .iter()
                .take_while(|t| t.end() <= end)
                .position(|t| t.end() == end)?
        };
        accepts(text, entry, &toks[i..=last]).then_some((entry, last))
    })
}

/// Case rules the folded lexicon walk cannot check.
fn accepts(text: &str, entry: &Entry, toks: &[Tok]) -> bool {
    let words = || {
        toks.iter()
            .filter(|t| t.word)
            .map(|t| &text[t.start()..t.end()])
    };
    match entry.kind {
        Kind::Surname { .. } => words().all(is_cap_syllable),
        Kind::Place(_) => words().all(|w| w.chars().next().is_some_and(char::is_uppercase)),
        // "tân Chủ tịch" (new), but "xã Tân Thành".
        Kind::Prefix => words().all(|w| w.chars().next().is_some_and(char::is_lowercase)),
        // "giữ chức vụ Trưởng Ban" is no "Vụ trưởng": a position does not start with a
        // lower-case word before a capitalised one, bar sloppy "phó Chủ tịch", "thường trực Ban Bí thư".
        Kind::Title(_) => {
            let mut ws = words();
            let first = ws.next().unwrap_or_default();
            let lower_first = first.chars().next().is_some_and(char::is_lowercase);
            !lower_first
                || matches!(first, "phó" | "quyền" | "thường" | "tổng")
                || !ws.any(|w| w.chars().next().is_some_and(char::is_uppercase))
        }
        _ => true,
    }
}

/// Spaces only (no line break) from byte `end` of one item to `start` of the next.
fn spaced_between(text: &str, end: usize, start: usize) -> bool {
    // Most gaps are one space or none.
    (start == end + 1 && text.as_bytes().get(end) == Some(&b' '))
        || (start != end && is_space_gap(&text[end..start]))
}

/// Spaces (no line break) between two items.
pub(crate) fn is_space_gap(gap: &str) -> bool {
    !gap.is_empty()
        && gap
            .chars()
            .all(|c| c.is_whitespace() && c != '\n' && c != '\r')
}

/// [`is_cap_syllable`] of word token `tok`, most words rejected by their first char
/// (ASCII, or Latin looked up in `case`, [`LATIN_CASE`]) before the slice is made.
#[inline]
fn cap_word_at(text: &str, tok: Tok, case: &[u8; LATIN_CHARS]) -> bool {
    let bytes = text.as_bytes();
    let not_upper = match bytes.get(tok.start()) {
        Some(&b) if b.is_ascii() => !b.is_ascii_uppercase(),
        _ => latin_index(bytes, tok.start())
            .is_some_and(|(at, _)| case.get(at).is_some_and(|&flags| flags & UPPER == 0)),
    };
    !not_upper
        && text
            .get(tok.start()..tok.end())
            .is_some_and(capitalised_rest)
}

/// "Hòa", "Yoonhee": an upper-case letter, then lower-case letters only.
/// Highland names keep an apostrophe inside: "H'Yim", "Y'Ngân"; foreign ones a hyphen
/// before lower-case letters: "Jong-un".
#[inline]
pub(crate) fn is_cap_syllable(word: &str) -> bool {
    // Most words start with a lower-case ASCII letter.
    if word
        .as_bytes()
        .first()
        .is_some_and(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        return false;
    }
    capitalised_rest(word)
}

/// [`is_cap_syllable`] of a word not starting with a lower-case ASCII letter.
fn capitalised_rest(word: &str) -> bool {
    // Dereferenced once, not for every char.
    let table: &[u8; LATIN_CHARS] = &LATIN_CASE;
    let has_case = |c: char, case: u8| has_case_in(table, c, case);
    let mut chars = word.chars();
    if !chars.next().is_some_and(|c| has_case(c, UPPER)) {
        return false;
    }
    let mut after_apostrophe = false;
    let mut after_hyphen = false;
    chars.all(|c| {
        let ok = (has_case(c, LOWER)
            || ((after_apostrophe || after_hyphen) && has_case(c, UPPER))
            || is_apostrophe(c))
            || (c == '-' && !after_hyphen && !after_apostrophe);
        after_apostrophe = is_apostrophe(c);
        after_hyphen = c == '-';
        ok
    }) && !word.ends_with('-')
}

const UPPER: u8 = 1;
const LOWER: u8 = 2;

/// `c.is_uppercase()` for [`UPPER`], `c.is_lowercase()` for [`LOWER`]; the Latin
/// letters are looked up in `table`, [`LATIN_CASE`].
#[inline]
fn has_case_in(table: &[u8; LATIN_CHARS], c: char, case: u8) -> bool {
    let at = match c as u32 {
        0..=0x7F => {
            return if case == UPPER {
                c.is_ascii_uppercase()
            } else {
                c.is_ascii_lowercase()
            }
        }
        cp @ 0x80..=0x24F => cp,
        cp @ 0x1E00..=0x1EFF => cp - 0x1E00 + 0x250,
        _ if case == UPPER => return c.is_uppercase(),
        _ => return c.is_lowercase(),
    };
    table
        .get(at as usize)
        .is_some_and(|&flags| flags & case != 0)
}

/// [`UPPER`] and [`LOWER`] flags of U+0000..U+024F, then of U+1E00..U+1EFF.
static LATIN_CASE: LazyLock<[u8; LATIN_CHARS]> = LazyLock::new(|| {
    let mut table = [0; LATIN_CHARS];
    let chars = (0..0x250).chain(0x1E00..0x1F00).filter_map(char::from_u32);
    for (flags, c) in table.iter_mut().zip(chars) {
        *flags = (u8::from(c.is_uppercase()) * UPPER) | (u8::from(c.is_lowercase()) * LOWER);
    }
    table
});

/// The word `text[start..end]` is capitalised plain ASCII, and the word before it on the
/// same line is not a capitalised Vietnamese syllable ("Văn Nam-cho biết"), bar a form
/// of address in any case ("Ngài Mit-suo", "NGÀI Oh-Sae-Hyun").
fn foreign_word_at(text: &str, toks: &[Tok], start: usize, end: usize) -> bool {
    let ascii_cap = |w: &str| {
        w.starts_with(|c: char| c.is_ascii_uppercase())
            && w.chars().all(|c| c.is_ascii_alphabetic() || c == '-')
    };
    let prev_ok = match toks.last() {
        Some(t) if t.word && is_space_gap(&text[t.end()..start]) => {
            let w = &text[t.start()..t.end()];
            ascii_cap(w) || !w.starts_with(char::is_uppercase) || is_form_of_address(w)
        }
        _ => true,
    };
    ascii_cap(&text[start..end]) && prev_ok
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// [`fold`](super::lexicon::fold) of the text and its tokens, in one pass that looks
/// each non-ASCII char up once for both. Tokens are words (letters and digits, with "&"
/// or an apostrophe inside: "KH&CN", "H'Yim") and single punctuation marks.
/// `text` is at most `u32::MAX` bytes long, as [`Scan::within`] checks.
/// Not inlined: in a frame of its own the word loop keeps its state in registers.
#[inline(never)]
fn fold_and_tokenize(text: &str) -> (String, Vec<Tok>) {
    let bytes = text.as_bytes();
    let mut folder = Folder::new(text);
    let mut toks: Vec<Tok> = Vec::with_capacity(text.len() / 4);
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b' ' {
            i += 1;
            continue;
        }
        let (len, alnum) = char_class(&mut folder, b, i);
        if alnum {
            let end = word_end(text, &toks, &mut folder, i, i + len);
            toks.push(Tok::new(i, end, true));
            // Most words are followed by one space: stepped over here.
            i = end + usize::from(bytes.get(end) == Some(&b' '));
            continue;
        }
        if !char_at(text, i).is_some_and(char::is_whitespace) {
            toks.push(Tok::new(i, i + len, false));
        }
        i += len;
    }
    (folder.finish(), toks)
}

/// The UTF-8 length of the char at `i`, whose first byte is `b`, and whether it is a
/// letter or digit; a non-ASCII char is folded on the way.
#[inline]
fn char_class(folder: &mut Folder, b: u8, i: usize) -> (usize, bool) {
    if b.is_ascii() {
        (1, ASCII_ALNUM[usize::from(b)])
    } else {
        folder.non_ascii(i)
    }
}

/// `is_ascii_alphanumeric` per byte.
const ASCII_ALNUM: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// The end of the word starting at `start`, read on from `i`: letters and digits, and
/// "&", an apostrophe or a name's hyphen between them. Each char read is folded.
#[inline]
fn word_end(text: &str, toks: &[Tok], folder: &mut Folder, start: usize, mut i: usize) -> usize {
    let bytes = text.as_bytes();
    loop {
        // Runs of ASCII letters and digits, most of a word, in a loop of their own: ASCII
        // is lowercased all at once when the text is folded.
        while bytes.get(i).is_some_and(|&b| ASCII_ALNUM[usize::from(b)]) {
            i += 1;
        }
        let Some(&b) = bytes.get(i) else {
            return i;
        };
        // Most words end at a space.
        if b == b' ' {
            return i;
        }
        let (len, alnum) = char_class(folder, b, i);
        if alnum {
            i += len;
            continue;
        }
        let joiner = b == b'&'
            || text
                .get(i..)
                .is_some_and(|rest| rest.starts_with(is_apostrophe))
            || (b == b'-' && name_hyphen(text, toks, start, i));
        if !(joiner && char_at(text, i + len).is_some_and(is_alphanumeric)) {
            return i;
        }
        i += len;
    }
}

/// The char starting at byte `i`, if any.
fn char_at(text: &str, i: usize) -> Option<char> {
    match *text.as_bytes().get(i)? {
        b if b.is_ascii() => Some(char::from(b)),
        _ => text.get(i..)?.chars().next(),
    }
}

/// "Moon Jae-in", "Mit-suo": the hyphen at `i` joins a capitalised foreign name, before a
/// lower-case letter; "Lao động-Thương binh", "tế-xã" and "Văn Nam-cho biết" stay apart
/// (a foreign name is plain ASCII, and so is the word before it).
/// "ngài Oh-Sae-Hyun": after a form of address, capitalised pieces join too.
/// Not inlined: a hyphen inside a word is rare, and the word loop stays small.
#[inline(never)]
fn name_hyphen(text: &str, toks: &[Tok], word_start: usize, i: usize) -> bool {
    // Asked only before a capital: most hyphens join digits or lower-case words.
    let addressed = || {
        toks.last()
            .is_some_and(|t| t.word && is_form_of_address(&text[t.start()..t.end()]))
    };
    let piece_ascii = || {
        text[i + 1..]
            .chars()
            .take_while(|c| c.is_alphabetic())
            .all(|c| c.is_ascii_alphabetic())
    };
    char_at(text, i + 1).is_some_and(|n| {
        n.is_ascii_lowercase() || (n.is_ascii_uppercase() && addressed() && piece_ascii())
    }) && foreign_word_at(text, toks, word_start, i)
}

/// "ngài", "Ông": a form of address before a foreign name, in any case.
fn is_form_of_address(word: &str) -> bool {
    // Compared char by char: no lower-cased copy of every word before a hyphen.
    ["ngài", "ông", "bà"]
        .iter()
        .any(|w| word.chars().flat_map(char::to_lowercase).eq(w.chars()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::official::lexicon::fold;
    use crate::extract::official::lexicon::tests::sample_texts;

    /// The first tokenizer: one char at a time, each decoded.
    fn tokenize_by_char(text: &str) -> Vec<(usize, usize, bool)> {
        let mut toks: Vec<Tok> = Vec::new();
        let mut word_start: Option<usize> = None;
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let next = chars.peek().map(|&(_, n)| n);
            let joiner = c == '&'
                || is_apostrophe(c)
                || (c == '-' && word_start.is_some_and(|s| name_hyphen(text, &toks, s, i)));
            let in_word = is_alphanumeric(c)
                || (joiner && word_start.is_some() && next.is_some_and(is_alphanumeric));
            if in_word {
                word_start.get_or_insert(i);
                continue;
            }
            if let Some(s) = word_start.take() {
                toks.push(Tok::new(s, i, true));
            }
            if !c.is_whitespace() {
                toks.push(Tok::new(i, i + c.len_utf8(), false));
            }
        }
        if let Some(s) = word_start {
            toks.push(Tok::new(s, text.len(), true));
        }
        toks.iter().map(|t| (t.start(), t.end(), t.word)).collect()
    }

    #[test]
    fn a_form_of_address_in_any_case_joins_a_hyphenated_name() {
        let words = |text: &str| -> Vec<String> {
            let (_, toks) = fold_and_tokenize(text);
            toks.iter()
                .filter(|t| t.word)
                .map(|t| text[t.start()..t.end()].to_string())
                .collect()
        };
        for (text, name) in [
            ("Buổi tiếp có NGÀI Oh-Sae-Hyun tham dự.", "Oh-Sae-Hyun"),
            ("Buổi tiếp có ngài Oh-Sae-Hyun tham dự.", "Oh-Sae-Hyun"),
            ("Đoàn do ÔNG Kim-Sung-Ho dẫn đầu.", "Kim-Sung-Ho"),
            ("Đoàn do BÀ Lee-Young-ae dẫn đầu.", "Lee-Young-ae"),
        ] {
            assert!(words(text).iter().any(|w| w == name), "{text}");
        }
        // Not after another capitalised word: a sloppy dash between two words.
        for text in [
            "ĐOÀN Oh-Sae-Hyun đến thăm.",
            "TỈNH Nam-cho biết thêm.",
            "Văn Nam-cho biết thêm.",
        ] {
            assert!(words(text).iter().all(|w| !w.contains('-')), "{text}");
        }
    }

    #[test]
    fn spaced_agrees_with_reading_the_gap() {
        let mut texts = sample_texts();
        texts.push("a  b\tc \nd\u{a0}e,f ".to_string());
        for text in &texts {
            let scan = Scan::new(text).expect("a short text");
            for a in 0..=scan.items.len() {
                let by_gap = a + 1 < scan.items.len() && is_space_gap(scan.gap(a, a + 1));
                assert_eq!(scan.spaced(a), by_gap, "{text} at item {a}");
            }
        }
    }

    #[test]
    fn word_lookup_sees_what_the_walk_sees() {
        let mut texts = sample_texts();
        texts.push("ông ông-bà Ông\u{0}x abcdefgh abcdefghi tỉnh Tỉnh tỉnhủy".to_string());
        let mut seen = 0;
        for text in &texts {
            let (folded, toks) = fold_and_tokenize(text);
            let mut finder = Finder::new(&folded, text);
            for tok in toks.iter().filter(|t| t.word) {
                let reaching_end = |found: &[(usize, &'static Entry)]| -> Vec<(usize, &str)> {
                    found
                        .iter()
                        .filter(|(end, _)| *end >= tok.end())
                        .map(|&(end, e)| (end, e.surface))
                        .collect()
                };
                let walked = reaching_end(finder.starting_at(tok.start()));
                let looked_up = reaching_end(finder.starting_at_word(tok.start(), tok.end()));
                assert_eq!(looked_up, walked, "at {} of {text}", tok.start());
                seen += walked.len();
            }
        }
        assert!(seen > 1000, "{seen}");
    }

    #[test]
    fn items_cover_the_tokens_with_their_word_counts_and_kinds() {
        // The layout the item loop was made smaller for.
        assert_eq!(std::mem::size_of::<Item>(), 16);
        assert_eq!(std::mem::size_of::<Tok>(), 12);
        let mut texts = sample_texts();
        texts.extend(crate::test_corpus::articles().into_iter().map(|(_, t)| t));
        // NFD, new-style tones, odd spaces, digits of other scripts.
        texts.push(
            "Ông Nguye\u{302}\u{303}n Va\u{306}n Hoa\u{300}, Chu\u{309} ti\u{323}ch UBND tỉnh; \
             ông Lê Văn Thuỷ\u{a0}Phó Giám đốc Sở Y tế,\u{2003}Bí thư Huyện uỷ Lê Hoà \
             ngày ٣/٤, ĐỒNG CHÍ TRẦN QUỐC VƯỢNG - PHÓ CHỦ TỊCH NƯỚC"
                .to_string(),
        );
        let (mut entries, mut longer) = (0, 0);
        for text in &texts {
            let (_, toks) = fold_and_tokenize(text);
            let scan = Scan::new(text).expect("a short text");
            let mut t = 0;
            for (k, item) in scan.items.iter().enumerate() {
                assert_eq!(item.start(), toks[t].start(), "item {k} of {text}");
                let last = t + toks[t..]
                    .iter()
                    .position(|tok| tok.end() == item.end())
                    .expect("an item ends where a token does");
                let words = toks[t..=last].iter().filter(|tok| tok.word).count();
                assert_eq!(item.words(), words, "item {k} of {text}");
                let word = scan.str(k);
                match scan.kind(k) {
                    ItemKind::Punct(c) => {
                        assert!(last == t && !toks[t].word, "item {k} of {text}");
                        assert_eq!(word.chars().next(), Some(c), "item {k} of {text}");
                    }
                    ItemKind::Word => {
                        assert!(last == t && toks[t].word, "item {k} of {text}");
                        assert_eq!(scan.is_name_part(k), is_cap_syllable(word), "{word}");
                    }
                    // The entry the index names is the one the trie spelt.
                    ItemKind::Entry(e) => {
                        let folded = &scan.folded[item.start()..item.end()];
                        assert_eq!(folded, fold(e.surface), "item {k} of {text}");
                        let name_part = matches!(e.kind, Kind::Surname { .. } | Kind::Place(_));
                        assert_eq!(scan.is_name_part(k), name_part, "{word}");
                        entries += 1;
                        longer += usize::from(words > 1);
                    }
                }
                t = last + 1;
            }
            assert_eq!(t, toks.len(), "{text}");
        }
        assert!(entries > 1000 && longer > 100, "{entries} {longer}");
    }

    #[test]
    fn title_level_and_name_part_lists_are_the_items_of_those_kinds() {
        let mut listed = 0;
        for text in &sample_texts() {
            let scan = Scan::new(text).expect("a short text");
            let kind_of = |keep: fn(&Kind) -> bool| -> Vec<usize> {
                (0..scan.items.len())
                    .filter(|&k| scan.entry(k).is_some_and(|e| keep(&e.kind)))
                    .collect()
            };
            assert_eq!(
                scan.titles,
                kind_of(|k| matches!(k, Kind::Title(_))),
                "{text}"
            );
            let levels = kind_of(|k| matches!(k, Kind::Org(OrgKind::Level)));
            assert_eq!(scan.levels, levels, "{text}");
            let name_parts: Vec<usize> = (0..scan.items.len())
                .filter(|&k| scan.is_name_part(k))
                .collect();
            assert_eq!(scan.name_parts, name_parts, "{text}");
            listed += scan.titles.len() + scan.levels.len() + scan.name_parts.len();
        }
        assert!(listed > 100, "{listed}");
    }

    #[test]
    fn name_key_at_is_name_key_of_the_span() {
        use crate::extract::official::lexicon::{name_key, name_key_at};
        let mut texts = sample_texts();
        // Tones that move with and without a change of length, inside and at the edges,
        // and vowels after an o or u that keep theirs.
        for c in [
            'à', 'ạ', 'ý', 'ỳ', 'ỵ', 'é', 'ẹ', 'ó', 'ư', 'ố', 'ơ', 'ấ', 'ề', 'ỷ', 'Ỳ', 'À', 'ã',
            'ẽ',
        ] {
            texts.push(format!("Thu{c} Ho{c} HO{c}-Qu{c} Lo {c}o Mo{c}x o{c}"));
        }
        let mut compared = 0;
        // Any span of the traps, also one cut inside a word: the edge checks.
        for text in texts.iter().rev().take(18) {
            let folded = fold(text);
            let cuts: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            for (k, &start) in cuts.iter().enumerate() {
                for &end in &cuts[k..] {
                    let key = name_key_at(text, &folded, start, end);
                    assert_eq!(key, name_key(&text[start..end]), "{start}..{end} of {text}");
                    compared += 1;
                }
            }
        }
        for text in &texts {
            let scan = Scan::new(text).expect("a short text");
            let items = &scan.items;
            for (a, first) in items.iter().enumerate() {
                for last in items.iter().skip(a).take(6) {
                    let (start, end) = (first.start(), last.end());
                    assert_eq!(
                        name_key_at(text, &scan.folded, start, end),
                        name_key(&text[start..end]),
                        "{:?} in {text}",
                        &text[start..end]
                    );
                    compared += 1;
                }
            }
        }
        assert!(compared > 10_000, "{compared}");
    }

    #[test]
    fn cap_word_at_is_cap_syllable_of_the_word() {
        let mut texts = sample_texts();
        // Every Latin char opening a word, before lower- and upper-case letters.
        for c in ('\u{80}'..='\u{2FF}').chain('\u{1DF0}'..='\u{1F10}') {
            texts.push(format!("{c}ong {c}ONG {c}"));
        }
        let mut capitalised = 0;
        for text in &texts {
            let (_, toks) = fold_and_tokenize(text);
            for &tok in toks.iter().filter(|t| t.word) {
                let want = is_cap_syllable(&text[tok.start()..tok.end()]);
                assert_eq!(
                    cap_word_at(text, tok, &LATIN_CASE),
                    want,
                    "{tok:?} of {text}"
                );
                capitalised += usize::from(want);
            }
        }
        assert!(capitalised > 500, "{capitalised}");
    }

    #[test]
    fn case_table_agrees_with_std() {
        for c in ('\0'..='\u{2FF}').chain('\u{1DF0}'..='\u{1F10}') {
            assert_eq!(
                has_case_in(&LATIN_CASE, c, UPPER),
                c.is_uppercase(),
                "{c:?}"
            );
            assert_eq!(
                has_case_in(&LATIN_CASE, c, LOWER),
                c.is_lowercase(),
                "{c:?}"
            );
        }
    }

    #[test]
    fn fold_and_tokenize_agree_with_the_plain_versions() {
        let mut texts = sample_texts();
        // Every char the byte shortcuts cover or border, inside a word and alone.
        for c in ('\u{80}'..='\u{2FF}').chain('\u{1DF0}'..='\u{1F10}') {
            texts.push(format!("a{c}b {c} {c}-x H'{c}"));
        }
        for text in &texts {
            let (folded, toks) = fold_and_tokenize(text);
            assert_eq!(folded, fold(text), "{text}");
            let got: Vec<(usize, usize, bool)> =
                toks.iter().map(|t| (t.start(), t.end(), t.word)).collect();
            assert_eq!(got, tokenize_by_char(text), "{text}");
        }
    }

    /// [`name_hyphen`] as first written: the word before read for a form of address first.
    fn name_hyphen_eager(text: &str, toks: &[Tok], word_start: usize, i: usize) -> bool {
        let addressed = toks
            .last()
            .is_some_and(|t| t.word && is_form_of_address(&text[t.start()..t.end()]));
        let piece_ascii = || {
            text[i + 1..]
                .chars()
                .take_while(|c| c.is_alphabetic())
                .all(|c| c.is_ascii_alphabetic())
        };
        char_at(text, i + 1).is_some_and(|n| {
            n.is_ascii_lowercase() || (addressed && n.is_ascii_uppercase() && piece_ascii())
        }) && foreign_word_at(text, toks, word_start, i)
    }

    #[test]
    fn name_hyphen_agrees_with_the_eager_version() {
        let mut texts = sample_texts();
        texts.extend(crate::test_corpus::articles().into_iter().map(|(_, t)| t));
        texts.push(
            "NGÀI Oh-Sae-Hyun, ngài Oh-sae, Ông Kim-Jong, bà Lee-Ün, BÀ Park-Ji-sung, ông 2020-2021, \
             Văn Nam-cho, ngài Mit-suo, Ngài\u{a0}Kim-Il, ông  Kim-Il, ÔNG\u{2003}Kim-Il, ngài X-٣"
                .to_string(),
        );
        let (mut joined, mut apart) = (0, 0);
        for text in &texts {
            let (_, toks) = fold_and_tokenize(text);
            for (i, _) in text.match_indices('-') {
                // The tokens before the hyphen's word, as the tokenizer had them there.
                let Some(at) = toks.iter().position(|t| t.end() >= i) else {
                    continue;
                };
                let word_start = if toks[at].start() < i && toks[at].word {
                    toks[at].start()
                } else {
                    continue;
                };
                let before = &toks[..at];
                let want = name_hyphen_eager(text, before, word_start, i);
                assert_eq!(
                    name_hyphen(text, before, word_start, i),
                    want,
                    "{i} of {text}"
                );
                if want {
                    joined += 1;
                } else {
                    apart += 1;
                }
            }
        }
        assert!(joined > 5 && apart > 100, "{joined} {apart}");
    }
}
