//! Tokens and lexicon items of one article: the layer the name and title rules read.

use super::lexicon::{fold, Entry, Kind, OrgKind, LEXICON};

#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok {
    pub start: usize,
    pub end: usize,
    pub word: bool,
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum ItemKind {
    Entry(&'static Entry),
    Word,
    Punct(char),
}

/// One lexicon match (possibly several tokens), one plain word, or one punctuation mark.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Item {
    pub start: usize,
    pub end: usize,
    /// Number of word tokens covered.
    pub words: usize,
    pub kind: ItemKind,
}

pub(crate) struct Scan<'a> {
    pub text: &'a str,
    pub folded: String,
    pub items: Vec<Item>,
}

impl<'a> Scan<'a> {
    pub fn new(text: &'a str) -> Self {
        let folded = fold(text);
        let toks = tokenize(text);
        let mut items = Vec::with_capacity(toks.len());
        let mut i = 0;
        let mut in_name = false;
        while i < toks.len() {
            let tok = toks[i];
            if !tok.word {
                let c = text[tok.start..tok.end].chars().next().unwrap_or(' ');
                items.push(Item {
                    start: tok.start,
                    end: tok.end,
                    words: 0,
                    kind: ItemKind::Punct(c),
                });
                in_name = false;
                i += 1;
                continue;
            }
            let last_tok = |end: usize| toks[i..].iter().position(|t| t.end == end).map(|k| i + k);
            let found = LEXICON
                .match_at(&folded, text, tok.start, |entry, end| {
                    last_tok(end).is_some_and(|last| accepts(text, entry, &toks[i..=last]))
                })
                .and_then(|(entry, end)| Some((entry, last_tok(end)?)));
            let spaced = items
                .last()
                .is_some_and(|p: &Item| is_space_gap(&text[p.end..tok.start]));
            match found {
                // A capitalised honorific or body word inside a name is a name syllable ("Phạm Anh Tuấn").
                Some((entry, last))
                    if !(last == i
                        && in_name
                        && spaced
                        && is_cap_syllable(&text[tok.start..tok.end])
                        && matches!(entry.kind, Kind::Honorific | Kind::Org(_))) =>
                {
                    let words = toks[i..=last].iter().filter(|t| t.word).count();
                    items.push(Item {
                        start: tok.start,
                        end: toks[last].end,
                        words,
                        kind: ItemKind::Entry(entry),
                    });
                    in_name = matches!(entry.kind, Kind::Surname { .. });
                    i = last + 1;
                }
                _ => {
                    items.push(Item {
                        start: tok.start,
                        end: tok.end,
                        words: 1,
                        kind: ItemKind::Word,
                    });
                    in_name = in_name && spaced && is_cap_syllable(&text[tok.start..tok.end]);
                    i += 1;
                }
            }
        }
        Scan {
            text,
            folded,
            items,
        }
    }

    pub fn str(&self, item: usize) -> &'a str {
        let it = self.items[item];
        &self.text[it.start..it.end]
    }

    /// The text between two items.
    pub fn gap(&self, before: usize, after: usize) -> &'a str {
        &self.text[self.items[before].end..self.items[after].start]
    }

    /// Items `a` and `a + 1` are separated by spaces only (no newline).
    pub fn spaced(&self, a: usize) -> bool {
        a + 1 < self.items.len() && is_space_gap(self.gap(a, a + 1))
    }

    pub fn entry(&self, item: usize) -> Option<&'static Entry> {
        match self.items.get(item)?.kind {
            ItemKind::Entry(e) => Some(e),
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

    pub fn is_punct(&self, item: usize, set: &[char]) -> bool {
        matches!(self.items.get(item), Some(Item { kind: ItemKind::Punct(c), .. }) if set.contains(c))
    }

    /// A plain word equal (folded) to `word`.
    pub fn is_word(&self, item: usize, word: &str) -> bool {
        matches!(
            self.items.get(item),
            Some(Item {
                kind: ItemKind::Word,
                ..
            })
        ) && self
            .folded
            .get(self.items[item].start..self.items[item].end)
            == Some(word)
    }

    /// A capitalised syllable, a known place or a surname: something a name run is made of.
    pub fn is_name_part(&self, item: usize) -> bool {
        let Some(it) = self.items.get(item) else {
            return false;
        };
        match it.kind {
            ItemKind::Word => is_cap_syllable(self.str(item)),
            ItemKind::Entry(e) => matches!(e.kind, Kind::Surname { .. } | Kind::Place(_)),
            ItemKind::Punct(_) => false,
        }
    }

    /// An all-caps abbreviation or a number, as found inside organisation names ("KH&CN", "1").
    pub fn is_code(&self, item: usize) -> bool {
        let s = self.str(item);
        matches!(self.items[item].kind, ItemKind::Word)
            && s.chars().any(char::is_alphanumeric)
            && s.chars()
                .all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '&')
    }
}

/// Case rules the folded automaton cannot check.
fn accepts(text: &str, entry: &Entry, toks: &[Tok]) -> bool {
    let words = || {
        toks.iter()
            .filter(|t| t.word)
            .map(|t| &text[t.start..t.end])
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

/// Spaces (no line break) between two items.
pub(crate) fn is_space_gap(gap: &str) -> bool {
    !gap.is_empty()
        && gap
            .chars()
            .all(|c| c.is_whitespace() && c != '\n' && c != '\r')
}

/// "Hòa", "Yoonhee": an upper-case letter, then lower-case letters only.
/// Highland names keep an apostrophe inside: "H'Yim", "Y'Ngân"; foreign ones a hyphen
/// before lower-case letters: "Jong-un".
pub(crate) fn is_cap_syllable(word: &str) -> bool {
    let mut chars = word.chars();
    let mut after_apostrophe = false;
    let mut after_hyphen = false;
    chars.next().is_some_and(char::is_uppercase)
        && chars.all(|c| {
            let ok = (c.is_lowercase()
                || ((after_apostrophe || after_hyphen) && c.is_uppercase())
                || is_apostrophe(c))
                || (c == '-' && !after_hyphen && !after_apostrophe);
            after_apostrophe = is_apostrophe(c);
            after_hyphen = c == '-';
            ok
        })
        && !word.ends_with('-')
}

/// The word `text[start..end]` is capitalised plain ASCII, and the word before it on the
/// same line is not a capitalised Vietnamese syllable ("Văn Nam-cho biết"), bar a form
/// of address ("Ngài Mit-suo").
fn foreign_word_at(text: &str, toks: &[Tok], start: usize, end: usize) -> bool {
    let ascii_cap = |w: &str| {
        w.starts_with(|c: char| c.is_ascii_uppercase())
            && w.chars().all(|c| c.is_ascii_alphabetic() || c == '-')
    };
    let prev_ok = match toks.last() {
        Some(t) if t.word && is_space_gap(&text[t.end..start]) => {
            let w = &text[t.start..t.end];
            ascii_cap(w) || !w.starts_with(char::is_uppercase) || matches!(w, "Ngài" | "Ông" | "Bà")
        }
        _ => true,
    };
    ascii_cap(&text[start..end]) && prev_ok
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// Words (letters and digits, with "&" or an apostrophe inside: "KH&CN", "H'Yim") and
/// single punctuation marks.
fn tokenize(text: &str) -> Vec<Tok> {
    let mut toks: Vec<Tok> = Vec::new();
    let mut word_start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let next_alnum = next.is_some_and(char::is_alphanumeric);
        // "Moon Jae-in", "Mit-suo": a hyphen inside a capitalised foreign name, before a
        // lower-case letter; "Lao động-Thương binh", "tế-xã" and "Văn Nam-cho biết" stay
        // apart (a foreign name is plain ASCII, and so is the word before it).
        // "ngài Oh-Sae-Hyun": after a form of address, capitalised pieces join too.
        let addressed = toks.last().is_some_and(|t| {
            t.word
                && ["ngài", "ông", "bà"]
                    .iter()
                    .any(|w| text[t.start..t.end].to_lowercase() == *w)
        });
        let piece_ascii = || {
            text[i + c.len_utf8()..]
                .chars()
                .take_while(|c| c.is_alphabetic())
                .all(|c| c.is_ascii_alphabetic())
        };
        let name_hyphen = c == '-'
            && next.is_some_and(|n| {
                n.is_ascii_lowercase() || (addressed && n.is_ascii_uppercase() && piece_ascii())
            })
            && word_start.is_some_and(|s| foreign_word_at(text, &toks, s, i));
        let joiner = c == '&' || is_apostrophe(c) || name_hyphen;
        let in_word = c.is_alphanumeric() || (joiner && word_start.is_some() && next_alnum);
        if in_word {
            word_start.get_or_insert(i);
            continue;
        }
        if let Some(s) = word_start.take() {
            toks.push(Tok {
                start: s,
                end: i,
                word: true,
            });
        }
        if !c.is_whitespace() {
            toks.push(Tok {
                start: i,
                end: i + c.len_utf8(),
                word: false,
            });
        }
    }
    if let Some(s) = word_start {
        toks.push(Tok {
            start: s,
            end: text.len(),
            word: true,
        });
    }
    toks
}
