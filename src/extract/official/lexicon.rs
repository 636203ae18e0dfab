//! The officials lexicons (surnames, titles, organisations, honorifics, place
//! names) in one anchored byte trie over folded text.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::LazyLock;

use crate::chars::is_alphanumeric;

use crate::lexicon::rows;

const SURNAMES: &str = include_str!("../../lexicon/surnames.tsv");
const TITLES: &str = include_str!("../../lexicon/titles.tsv");
const ORGANIZATIONS: &str = include_str!("../../lexicon/organizations.tsv");
const HONORIFICS: &str = include_str!("../../lexicon/honorifics.tsv");
const PLACE_NAMES: &str = include_str!("../../lexicon/place_names.tsv");

/// How an organisation word shapes what follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OrgKind {
    Level,
    Body,
    OrgType,
    Named,
    Part,
}

/// What a place-like name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PlaceKind {
    Province,
    Place,
    Figure,
    Country,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TitleEntry {
    pub head: &'static str,
    /// A seat on a body ("Tỉnh ủy viên") rather than a position.
    pub member: bool,
    /// The kind of body the position implies ("Trưởng phòng" → "Phòng").
    pub org_type: Option<&'static str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `personal`: a highland family name that never starts a place name ("Ksor", "Y").
    Surname {
        common: bool,
        personal: bool,
    },
    Title(TitleEntry),
    Org(OrgKind),
    Honorific,
    Byline,
    Prefix,
    Place(PlaceKind),
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Entry {
    pub surface: &'static str,
    pub kind: Kind,
    /// All-caps abbreviations ("CT", "UBND") match only as written.
    pub exact_case: bool,
    /// The entry's place in [`Lexicon::entries`]: a scan item keeps this, not the reference.
    pub index: u16,
}

pub(crate) struct Lexicon {
    pub entries: Vec<Entry>,

    /// Walked from word starts; every entry along the way is seen, so every length can
    /// be tried.
    trie: Trie,
    /// The trie's links after each short path from the start: a short word in one step.
    short: ShortPaths,
}

/// The folded entries as a byte trie in a double array: the links of the state with
/// base `b` are the cells `b + column` that name `b` as their owner. The states' cells
/// interleave, so the cells in use take some 32 KiB, not one row of every column per state.
struct Trie {
    /// The column of each byte; 0 for bytes no entry has, where every walk dies.
    column: [u16; 256],
    /// The start state's base.
    start: usize,
    /// Per cell: the owner's base in the low 16 bits ([`NO_OWNER`] when free), then a bit
    /// set when the link spells an entry ([`SPELLS`]), then the next state's base.
    cells: Box<[u32; CELLS]>,
    /// Per cell that spells an entry: the entry's index.
    entry: Box<[u16; CELLS]>,
}

/// The room of [`Trie::cells`]: a power of two, so a masked index needs no bounds check.
const CELLS: usize = 1 << 14;

/// [`Trie::cells`]: the owner of a free cell, a base no state has.
const NO_OWNER: u32 = 0xFFFF;
/// [`Trie::cells`]: the link spells an entry.
const SPELLS: u32 = 1 << 16;
/// [`Trie::cells`]: where the next state's base starts.
const BASE_SHIFT: u32 = 17;
/// The base of every state with no links: no cell names it as owner, as the bases of
/// states with links start at 1 and every column is at least 1.
const LEAF_BASE: usize = 0;
/// [`ShortPath::entry`] of a path that spells no entry.
const NO_ENTRY: u16 = u16::MAX;

/// One state of the plain trie the double array is laid out from.
#[derive(Default)]
struct Node {
    /// (column, node), in column order.
    links: Vec<(usize, usize)>,
    entry: Option<u16>,
}

impl Trie {
    /// The trie of `patterns`, or `None` when it outgrows [`CELLS`] (the lexicon test
    /// rules that out).
    fn new(patterns: &[String]) -> Option<Trie> {
        let mut column = [0u16; 256];
        let mut columns = 1;
        for b in patterns.iter().flat_map(|p| p.bytes()) {
            if column[usize::from(b)] == 0 {
                column[usize::from(b)] = columns;
                columns += 1;
            }
        }
        let nodes = plain_trie(&column, patterns)?;
        let base = bases(&nodes);
        let cells_end = nodes
            .iter()
            .zip(&base)
            .filter_map(|(state, b)| state.links.last().map(|&(c, _)| b + c + 1))
            .max()
            .unwrap_or(0);
        // Room for any column after any base; bases fit in 16 bits below the owner mark.
        if cells_end + 256 > CELLS || CELLS >= 1 << (32 - BASE_SHIFT) {
            return None;
        }
        let mut cells = Box::new([NO_OWNER; CELLS]);
        let mut entry = Box::new([NO_ENTRY; CELLS]);
        for (node, state) in nodes.iter().enumerate() {
            for &(c, next) in &state.links {
                let at = base[node] + c;
                let spells = nodes[next].entry.map_or(0, |_| SPELLS);
                cells[at] = base[node] as u32 | spells | ((base[next] as u32) << BASE_SHIFT);
                entry[at] = nodes[next].entry.unwrap_or(NO_ENTRY);
            }
        }
        Some(Trie {
            column,
            start: base[0],
            cells,
            entry,
        })
    }

    /// A trie with no entries.
    fn empty() -> Trie {
        Trie {
            column: [0; 256],
            start: LEAF_BASE,
            cells: Box::new([NO_OWNER; CELLS]),
            entry: Box::new([NO_ENTRY; CELLS]),
        }
    }

    /// The cell of the link from the state with base `base` on `byte`, and that cell's
    /// value, when the state has that link.
    #[inline]
    fn link(&self, base: usize, byte: u8) -> Option<(usize, u32)> {
        let at = (base + usize::from(self.column[usize::from(byte)])) & (CELLS - 1);
        let cell = self.cells[at];
        (cell & NO_OWNER == base as u32).then_some((at, cell))
    }
}

/// The double array's bases: each state with links takes the first base no other state
/// has where all its cells are free; the others take [`LEAF_BASE`].
fn bases(nodes: &[Node]) -> Vec<usize> {
    let mut base = vec![LEAF_BASE; nodes.len()];
    let mut taken: Vec<bool> = Vec::new();
    // The free cells below `end`; every cell from `end` on is free. No base is below 1
    // nor column below 1, so the first cell a link can take is 2.
    let mut free = BTreeSet::new();
    let mut end = 2;
    for (node, state) in nodes.iter().enumerate() {
        let Some(&(first, _)) = state.links.first() else {
            continue;
        };
        let fits = |b: usize| {
            !taken.get(b).copied().unwrap_or(false)
                && state
                    .links
                    .iter()
                    .all(|&(c, _)| b + c >= end || free.contains(&(b + c)))
        };
        // The state's first link takes a free cell: only those are tried. Past `end` every
        // base fits, so the search ends.
        let Some(b) = free
            .range(first + 1..)
            .map(|&cell| cell - first)
            .chain(end.max(first + 1) - first..)
            .find(|&b| fits(b))
        else {
            continue;
        };
        if b >= taken.len() {
            taken.resize(b + 1, false);
        }
        taken[b] = true;
        for &(c, _) in &state.links {
            let cell = b + c;
            if cell >= end {
                free.extend(end..cell);
                end = cell + 1;
            } else {
                free.remove(&cell);
            }
        }
        base[node] = b;
    }
    base
}

/// The patterns as a plain trie, node 0 the start; `None` past 16-bit entry indices.
fn plain_trie(column: &[u16; 256], patterns: &[String]) -> Option<Vec<Node>> {
    let mut nodes = vec![Node::default()];
    for (index, pattern) in patterns.iter().enumerate() {
        let index = u16::try_from(index).ok().filter(|&i| i != NO_ENTRY)?;
        let mut node = 0;
        for &b in pattern.as_bytes() {
            let c = usize::from(column[usize::from(b)]);
            node = match nodes[node].links.binary_search_by_key(&c, |&(c, _)| c) {
                Ok(k) => nodes[node].links[k].1,
                Err(k) => {
                    nodes.push(Node::default());
                    let next = nodes.len() - 1;
                    nodes[node].links.insert(k, (c, next));
                    next
                }
            };
        }
        // The first of equal patterns wins; the lexicon test rules them out.
        if node != 0 {
            nodes[node].entry.get_or_insert(index);
        }
    }
    Some(nodes)
}

/// Every lexicon row as an entry, or the first row that does not parse.
pub(crate) fn parse_entries() -> Result<Vec<Entry>, String> {
    let mut out = Vec::new();
    let bad = |file: &str, row: &[&str]| format!("{file}: bad row {row:?}");
    for row in rows(SURNAMES) {
        let (common, personal) = match row.get(1) {
            Some(&"common") => (true, false),
            Some(&"rare") => (false, false),
            Some(&"personal") => (false, true),
            _ => return Err(bad("surnames.tsv", &row)),
        };
        out.push(entry(row[0], Kind::Surname { common, personal }));
    }
    for row in rows(TITLES) {
        let [surface, head, kind, org] = row[..] else {
            return Err(bad("titles.tsv", &row));
        };
        let member = match kind {
            "post" => false,
            "member" => true,
            _ => return Err(bad("titles.tsv", &row)),
        };
        let org_type = (org != "-").then_some(org);
        out.push(entry(
            surface,
            Kind::Title(TitleEntry {
                head,
                member,
                org_type,
            }),
        ));
    }
    for row in rows(ORGANIZATIONS) {
        let kind = match row.get(1) {
            Some(&"level") => OrgKind::Level,
            Some(&"body") => OrgKind::Body,
            Some(&"orgtype") => OrgKind::OrgType,
            Some(&"named") => OrgKind::Named,
            Some(&"part") => OrgKind::Part,
            _ => return Err(bad("organizations.tsv", &row)),
        };
        out.push(entry(row[0], Kind::Org(kind)));
    }
    for row in rows(HONORIFICS) {
        let kind = match row.get(1) {
            Some(&"honorific") => Kind::Honorific,
            Some(&"byline") => Kind::Byline,
            Some(&"prefix") => Kind::Prefix,
            _ => return Err(bad("honorifics.tsv", &row)),
        };
        out.push(entry(row[0], kind));
    }
    for row in rows(PLACE_NAMES) {
        let kind = match row.get(1) {
            Some(&"province") => PlaceKind::Province,
            Some(&"place") => PlaceKind::Place,
            Some(&"figure") => PlaceKind::Figure,
            Some(&"country") => PlaceKind::Country,
            _ => return Err(bad("place_names.tsv", &row)),
        };
        out.push(entry(row[0], Kind::Place(kind)));
    }
    // The trie and the scan items number entries in 16 bits.
    for (index, entry) in out.iter_mut().enumerate() {
        entry.index = u16::try_from(index)
            .ok()
            .filter(|&i| i != NO_ENTRY)
            .ok_or("more than 65,534 lexicon entries")?;
    }
    Ok(out)
}

fn entry(surface: &'static str, kind: Kind) -> Entry {
    let letters = || surface.chars().filter(|c| c.is_alphabetic());
    let exact_case = letters().count() >= 2 && letters().all(char::is_uppercase);
    Entry {
        surface,
        kind,
        exact_case,
        // Numbered once all are read.
        index: 0,
    }
}

pub(crate) static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    // The lexicons are compiled in and checked by tests; a bad row is dropped, not fatal.
    let entries = parse_entries().unwrap_or_default();
    let patterns: Vec<String> = entries.iter().map(|e| fold(e.surface)).collect();
    let trie = Trie::new(&patterns).unwrap_or_else(Trie::empty);
    let short = ShortPaths::new(&trie);
    Lexicon {
        entries,
        trie,
        short,
    }
});

/// The longest path [`ShortPaths`] holds: one `u64`.
const SHORT: usize = 8;

/// Every path of up to [`SHORT`] bytes from the trie's start, with the state it reaches,
/// in an open-addressing table keyed by the path's bytes. No entry holds a zero byte, so
/// the zero-padded bytes tell the path's length too, and key 0 marks a free slot.
struct ShortPaths {
    slots: Vec<ShortPath>,
    mask: usize,
}

#[derive(Clone, Copy)]
pub(crate) struct ShortPath {
    /// The path's bytes, little-endian and zero-padded.
    key: u64,
    /// The base of the state the path reaches.
    base: u16,
    /// The index of the entry the path spells, or [`NO_ENTRY`].
    entry: u16,
    /// The trie goes on from there with a byte that may follow a word: one that is no
    /// ASCII letter or digit.
    past_word: bool,
    /// The base of the state one space further on, when the trie has that link and it
    /// spells no entry; else [`NO_STATE`]. Most walks past a word go on with a space.
    spaced: u16,
}

/// [`ShortPath::spaced`] when there is no such state.
const NO_STATE: u16 = u16::MAX;

/// A free slot, found by key 0 (an empty path): it reaches a state with no links and
/// spells nothing.
const FREE_SLOT: ShortPath = ShortPath {
    key: 0,
    base: LEAF_BASE as u16,
    entry: NO_ENTRY,
    past_word: false,
    spaced: NO_STATE,
};

impl ShortPaths {
    fn new(trie: &Trie) -> ShortPaths {
        let bytes: Vec<u8> = (1..=255u8)
            .filter(|&b| trie.column[usize::from(b)] != 0)
            .collect();
        let mut paths = Vec::new();
        let mut todo = vec![(trie.start, 0u64, 0usize)];
        while let Some((base, key, len)) = todo.pop() {
            if len == SHORT {
                continue;
            }
            for &byte in &bytes {
                let Some((at, cell)) = trie.link(base, byte) else {
                    continue;
                };
                let key = key | (u64::from(byte) << (8 * len));
                let next = (cell >> BASE_SHIFT) as usize;
                let past_word = bytes
                    .iter()
                    .any(|&b| !b.is_ascii_alphanumeric() && trie.link(next, b).is_some());
                let spaced = trie
                    .link(next, b' ')
                    .filter(|&(_, cell)| cell & SPELLS == 0)
                    .map_or(NO_STATE, |(_, cell)| (cell >> BASE_SHIFT) as u16);
                paths.push(ShortPath {
                    key,
                    base: next as u16,
                    entry: trie.entry.get(at).copied().unwrap_or(NO_ENTRY),
                    past_word,
                    spaced,
                });
                todo.push((next, key, len + 1));
            }
        }
        let size = (4 * paths.len()).next_power_of_two();
        let mut table = ShortPaths {
            slots: vec![FREE_SLOT; size],
            mask: size - 1,
        };
        for path in paths {
            let mut at = table.slot(path.key);
            while table.slots[at].key != 0 {
                at = (at + 1) & table.mask;
            }
            table.slots[at] = path;
        }
        table
    }

    fn slot(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40) as usize & self.mask
    }

    /// The path with [`path_key`] `key` (no zero bytes) from the start, if the trie has it.
    #[inline]
    fn path(&self, key: u64) -> Option<ShortPath> {
        let mut at = self.slot(key);
        loop {
            let path = *self.slots.get(at)?;
            if path.key == key {
                return Some(path);
            }
            if path.key == 0 {
                return None;
            }
            at = (at + 1) & self.mask;
        }
    }
}

/// `text[start..start + len]` (`len` at most [`SHORT`]) as a [`ShortPaths`] key: its
/// bytes little-endian, zero-padded. One 8-byte load when the text goes on that far
/// (a copy of a variable length would call memcpy for every word).
#[inline]
fn path_key(text: &[u8], start: usize, len: usize) -> u64 {
    match text.get(start..).and_then(<[u8]>::first_chunk::<SHORT>) {
        Some(&eight) => u64::from_le_bytes(eight) & KEEP.get(len).copied().unwrap_or(0),
        None => text
            .get(start..start + len)
            .unwrap_or_default()
            .iter()
            .rev()
            .fold(0, |key, &b| (key << 8) | u64::from(b)),
    }
}

/// `KEEP[len]`: the low `len` bytes of a `u64` set.
const KEEP: [u64; SHORT + 1] = {
    let mut keep = [0; SHORT + 1];
    let mut len = 1;
    while len <= SHORT {
        keep[len] = u64::MAX >> (8 * (SHORT - len));
        len += 1;
    }
    keep
};

/// What [`ShortPaths`] tells of a word token.
#[derive(Clone, Copy)]
pub(crate) enum WordStart {
    /// No entry ends with the word nor goes on past it.
    Nothing,
    /// The word's path from the trie's start.
    Short(ShortPath),
    /// A word longer than [`SHORT`] bytes, to be walked.
    Long,
}

/// Lexicon look-ups in one text, reusing a buffer from word to word.
pub(crate) struct Finder<'t> {
    lexicon: &'static Lexicon,
    folded: &'t str,
    original: &'t str,
    found: Vec<(usize, &'static Entry)>,
}

impl<'t> Finder<'t> {
    /// `folded` is [`fold`] of `original`.
    pub fn new(folded: &'t str, original: &'t str) -> Self {
        Finder {
            lexicon: &LEXICON,
            folded,
            original,
            found: Vec::new(),
        }
    }

    /// The lexicon's entries, which [`Entry::index`] numbers.
    pub fn entries(&self) -> &'static [Entry] {
        &self.lexicon.entries
    }

    /// The entries starting exactly at `start` of the folded text that end at a word
    /// boundary and, when all-caps, are written as in the lexicon; as (end, entry),
    /// shortest first. A pattern ending in punctuation ("ảnh:") needs no boundary after it.
    #[inline]
    pub fn starting_at(&mut self, start: usize) -> &[(usize, &'static Entry)] {
        self.found.clear();
        self.walk_on(start, start, self.lexicon.trie.start);
        &self.found
    }

    /// [`Finder::starting_at`] for the word token from `start` to `end`, bar the entries
    /// that end inside it.
    #[cfg(test)]
    pub fn starting_at_word(&mut self, start: usize, end: usize) -> &[(usize, &'static Entry)] {
        let word = self.word_start(start, end);
        self.entries_from(start, end, word)
    }

    /// What one look-up tells of the word token from `start` to `end`: a word of up to
    /// [`SHORT`] bytes is stepped over at once, and most words start no entry at all.
    #[inline]
    pub fn word_start(&self, start: usize, end: usize) -> WordStart {
        // `path_key` checks the bounds; a reversed span wraps past SHORT.
        let len = end.wrapping_sub(start);
        if len > SHORT {
            return WordStart::Long;
        }
        // An empty or out-of-bounds span has key 0 and finds a free slot.
        let key = path_key(self.folded.as_bytes(), start, len);
        match self.lexicon.short.path(key) {
            Some(path) if path.entry != NO_ENTRY || path.past_word => WordStart::Short(path),
            _ => WordStart::Nothing,
        }
    }

    /// [`Finder::starting_at`] for the word token from `start` to `end` that `word`
    /// ([`Finder::word_start`]) tells of, bar the entries that end inside it. A token
    /// ends before a char that is no letter or digit, so no entry ending with it splits
    /// a word.
    #[inline]
    pub fn entries_from(
        &mut self,
        start: usize,
        end: usize,
        word: WordStart,
    ) -> &[(usize, &'static Entry)] {
        let path = match word {
            WordStart::Long => return self.starting_at(start),
            WordStart::Nothing => {
                self.found.clear();
                return &self.found;
            }
            WordStart::Short(path) => path,
        };
        self.found.clear();
        if path.entry != NO_ENTRY {
            self.keep_unsplit(start, end, usize::from(path.entry));
        }
        // The byte after a word is no ASCII letter or digit.
        if path.past_word {
            if path.spaced != NO_STATE && self.folded.as_bytes().get(end) == Some(&b' ') {
                self.walk_on(start, end + 1, usize::from(path.spaced));
            } else {
                self.walk_on(start, end, usize::from(path.base));
            }
        }
        &self.found
    }

    /// Walks on from byte `end` of the folded text in the state with base `base`, reached
    /// from `start`, keeping the entries on the way.
    #[inline]
    fn walk_on(&mut self, start: usize, mut end: usize, mut base: usize) {
        let trie = &self.lexicon.trie;
        let folded = self.folded.as_bytes();
        while let Some(&byte) = folded.get(end) {
            end += 1;
            let Some((at, cell)) = trie.link(base, byte) else {
                break;
            };
            base = (cell >> BASE_SHIFT) as usize;
            if cell & SPELLS != 0 {
                let index = trie.entry.get(at).copied().unwrap_or(NO_ENTRY);
                self.keep(start, end, usize::from(index));
            }
        }
    }

    /// Entry `index`, read from `start` to `end`, when it passes the boundary and case checks.
    /// Inlined with its ASCII boundary test: a call per entry on a walk cost more. The rest
    /// stays out of line; inlined, it spilled the word loop's registers.
    #[inline]
    fn keep(&mut self, start: usize, end: usize, index: usize) {
        if ascii_break_at(self.original, end) || !splits_word(self.original, end) {
            self.keep_unsplit(start, end, index);
        }
    }

    /// [`Finder::keep`] where `end` splits no word (the end of a word token).
    #[inline(never)]
    fn keep_unsplit(&mut self, start: usize, end: usize, index: usize) {
        let original = self.original;
        let Some(entry) = self.lexicon.entries.get(index) else {
            return;
        };
        if entry.exact_case && original.get(start..end) != Some(entry.surface) {
            return;
        }
        self.found.push((end, entry));
    }
}

/// Byte `end` of `text` is ASCII and no letter or digit, so [`splits_word`] is false
/// there: most entries end before a space or punctuation, and no char is decoded.
#[inline]
fn ascii_break_at(text: &str, end: usize) -> bool {
    text.as_bytes()
        .get(end)
        .is_some_and(|b| b.is_ascii() && !b.is_ascii_alphanumeric())
}

/// Byte `end` of `text` falls between two letters or digits (a place inside a char
/// does not).
#[inline(never)]
fn splits_word(text: &str, end: usize) -> bool {
    let letter_after = match text.as_bytes().get(end) {
        Some(b) if b.is_ascii() => b.is_ascii_alphanumeric(),
        _ => text
            .get(end..)
            .and_then(|s| s.chars().next())
            .is_some_and(is_alphanumeric),
    };
    letter_after
        && text
            .get(..end)
            .and_then(|s| s.chars().next_back())
            .is_some_and(is_alphanumeric)
}

/// Case and tone placement folded, keeping every byte offset: each char is replaced
/// by one of the same UTF-8 length, so offsets into the result are offsets into `text`.
/// Same as `fold_with(text, true)`.
pub(crate) fn fold(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut folder = Folder::new(text);
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        i += if b.is_ascii() {
            1
        } else {
            folder.non_ascii(i).0
        };
    }
    folder.finish()
}

/// [`fold`] a char at a time, for a tokenizer that reads each char once: only the
/// non-ASCII chars are handed over, and text they leave unchanged is copied in stretches.
pub(crate) struct Folder<'t> {
    text: &'t str,
    out: String,
    /// `text[..copied]` is in `out`; ASCII is lowercased at the end, all at once.
    copied: usize,
    /// The end of the last char folded: a char seen again is only classified.
    done: usize,
    /// [`LATIN_FLAGS`], looked up once.
    flags: &'static [u8; LATIN_CHARS],
}

impl<'t> Folder<'t> {
    pub fn new(text: &'t str) -> Self {
        Folder {
            text,
            out: String::with_capacity(text.len()),
            copied: 0,
            done: 0,
            flags: &LATIN_FLAGS,
        }
    }

    /// Folds the non-ASCII char at byte `i` (chars are handed over in text order);
    /// returns its UTF-8 length and whether it is a letter or digit.
    #[inline]
    pub fn non_ascii(&mut self, i: usize) -> (usize, bool) {
        let bytes = self.text.as_bytes();
        // Most letters: lower-case already, and with no tone to hand to an o or u before.
        if let Some((at, len)) = latin_index(bytes, i) {
            let flags = self.flags.get(at).copied().unwrap_or(0);
            let after_o_or_u = || {
                i.checked_sub(1)
                    .and_then(|p| bytes.get(p))
                    .is_some_and(|b| matches!(b | 0x20, b'o' | b'u'))
            };
            // One test for the most common case: unchanged, with no tone to hand on.
            if flags & (UNCHANGED | MOVES_TONE) == UNCHANGED
                || (flags & UNCHANGED != 0 && !after_o_or_u())
            {
                return (len, flags & ALNUM != 0);
            }
        }
        self.decoded(i)
    }

    /// [`Folder::non_ascii`] of a char that may change: decoded and folded.
    #[inline(never)]
    fn decoded(&mut self, i: usize) -> (usize, bool) {
        let bytes = self.text.as_bytes();
        let Some(c) = latin_at(bytes, i).or_else(|| self.text.get(i..)?.chars().next()) else {
            return (1, false);
        };
        let len = c.len_utf8();
        if i >= self.done {
            self.fold_char(i, c);
            self.done = i + len;
        }
        (len, is_alphanumeric(c))
    }

    /// Writes the folded `c` at byte `i`, moving its tone onto an o or u before it.
    fn fold_char(&mut self, i: usize, c: char) {
        let (text, bytes) = (self.text, self.text.as_bytes());
        let len = c.len_utf8();
        let folded = fold_char_in(&LATIN, c);
        // Only a toneless o or u, which is ASCII, can take the tone of the vowel after it.
        let moved = match i.checked_sub(1).and_then(|p| bytes.get(p)) {
            Some(&b @ (b'o' | b'u' | b'O' | b'U')) => {
                moved_tone(char::from(b.to_ascii_lowercase()), folded, true)
            }
            _ => None,
        };
        if let Some((toned, base)) = moved {
            self.out
                .push_str(text.get(self.copied..i - 1).unwrap_or_default());
            self.out.push(toned);
            self.out.push(base);
            self.copied = i + len;
        } else if folded != c {
            self.out
                .push_str(text.get(self.copied..i).unwrap_or_default());
            self.out.push(folded);
            self.copied = i + len;
        }
    }

    pub fn finish(mut self) -> String {
        self.out
            .push_str(self.text.get(self.copied..).unwrap_or_default());
        self.out.make_ascii_lowercase();
        self.out
    }
}

/// The index in [`LATIN`] of the char at `i` of UTF-8 `bytes`, and its length, when
/// it is in U+0080..=U+024F or U+1E00..=U+1EFF.
#[inline]
pub(crate) fn latin_index(bytes: &[u8], i: usize) -> Option<(usize, usize)> {
    let low = |b: u8| usize::from(b & 0x3F);
    // One bounds check, then the slice patterns check the length.
    match *bytes.get(i..)? {
        [lead @ 0xC2..=0xC9, b1, ..] => {
            let cp = (usize::from(lead & 0x1F) << 6) | low(b1);
            (cp < 0x250).then_some((cp, 2))
        }
        // B8..BB: the low two bits are the row past U+1E00.
        [0xE1, b1 @ 0xB8..=0xBB, b2, ..] => {
            Some((((usize::from(b1 & 0x03) << 6) | low(b2)) + 0x250, 3))
        }
        _ => None,
    }
}

/// The char at `i` of UTF-8 `bytes` when it is two bytes long or in U+1E00..=U+1EFF,
/// decoded from its bytes: most Vietnamese letters.
#[inline]
fn latin_at(bytes: &[u8], i: usize) -> Option<char> {
    let low = |k: usize| bytes.get(i + k).map(|b| u32::from(b & 0x3F));
    let cp = match *bytes.get(i)? {
        lead @ 0xC2..=0xDF => (u32::from(lead & 0x1F) << 6) | low(1)?,
        0xE1 if matches!(bytes.get(i + 1), Some(0xB8..=0xBB)) => 0x1000 | (low(1)? << 6) | low(2)?,
        _ => return None,
    };
    char::from_u32(cp)
}

/// A comparison key for names: like [`fold`], but tone marks move even when that
/// changes the byte length ("Thuỳ" = "Thùy").
pub(crate) fn name_key(text: &str) -> String {
    fold_with(text, false)
}

/// [`name_key`] of `text[start..end]`, where `folded` is [`fold`] of `text`: most names
/// are their key there already. Folded afresh when a tone may move and change the
/// length ("uỳ" → "ùy", which `fold` leaves); a tone `fold` moved across the span's
/// edges ("o|à" → "ò|a") cuts the folded span inside a char.
pub(crate) fn name_key_at<'f>(
    text: &str,
    folded: &'f str,
    start: usize,
    end: usize,
) -> Cow<'f, str> {
    // Only a toned vowel after a toneless o or u moves in a key, and `fold` has moved
    // it already unless the length changes: the vowel is then still after the o or u.
    let may_move = |span: &str| {
        let bytes = span.as_bytes();
        bytes.windows(2).enumerate().any(|(k, w)| {
            matches!(w[0], b'o' | b'u')
                && !w[1].is_ascii()
                && span
                    .get(k + 1..)
                    .and_then(|rest| rest.chars().next())
                    .is_some_and(|c| moved_tone(char::from(w[0]), c, false).is_some())
        })
    };
    match folded.get(start..end).filter(|span| !may_move(span)) {
        Some(span) => Cow::Borrowed(span),
        None => Cow::Owned(name_key(text.get(start..end).unwrap_or_default())),
    }
}

fn fold_with(text: &str, keep_len: bool) -> String {
    let mut out = String::with_capacity(text.len());
    // The char before `c`, already folded, not yet written: it may take c's tone.
    let mut pending: Option<char> = None;
    for c in text.chars().map(fold_char) {
        let Some(first) = pending.replace(c) else {
            continue;
        };
        if let Some((toned, base)) = moved_tone(first, c, keep_len) {
            out.push(toned);
            pending = Some(base);
            continue;
        }
        out.push(first);
    }
    out.extend(pending);
    out
}

/// "oà" → ("ò", "a"), "uý" → ("ú", "y"): the tone of a vowel after a toneless o or u
/// moves onto it, for the pairs written both ways ("hoà"/"hòa", "thuý"/"thúy");
/// `keep_len` only when that keeps the UTF-8 length.
fn moved_tone(first: char, c: char, keep_len: bool) -> Option<(char, char)> {
    // Only a toneless o or u can hand on the tone of the vowel after it.
    let row = match first {
        'o' => O,
        'u' => U,
        _ => return None,
    };
    let (base_row, tone) = tone_of(c)?;
    let moved = (TONED[row][tone], TONED[base_row][0]);
    (matches!((row, base_row), (O, A) | (O, E) | (U, Y))
        && tone != 0
        && (!keep_len
            || moved.0.len_utf8() + moved.1.len_utf8() == first.len_utf8() + c.len_utf8()))
    .then_some(moved)
}

/// [`fold_char_slow`] of U+0000..U+024F, then of U+1E00..U+1EFF: the Latin letters.
static LATIN: LazyLock<Vec<char>> = LazyLock::new(|| {
    (0..0x250)
        .chain(0x1E00..0x1F00)
        .filter_map(char::from_u32)
        .map(fold_char_slow)
        .collect()
});

/// [`LATIN_FLAGS`]: the char folds to itself.
const UNCHANGED: u8 = 1;
/// [`LATIN_FLAGS`]: the char is a letter or digit.
const ALNUM: u8 = 2;
/// [`LATIN_FLAGS`]: the char may hand its tone to a toneless o or u before it ("oà").
const MOVES_TONE: u8 = 4;

/// The number of chars in [`LATIN`]: U+0000..U+024F, then U+1E00..U+1EFF.
pub(crate) const LATIN_CHARS: usize = 0x350;

/// [`UNCHANGED`], [`ALNUM`] and [`MOVES_TONE`] per char of [`LATIN`]; a fixed size, so
/// looking up needs no length loaded.
static LATIN_FLAGS: LazyLock<[u8; LATIN_CHARS]> = LazyLock::new(|| {
    let mut flags = [0; LATIN_CHARS];
    let chars = (0..0x250).chain(0x1E00..0x1F00).filter_map(char::from_u32);
    for (flag, c) in flags.iter_mut().zip(chars) {
        let folded = fold_char_slow(c);
        let moves = ['o', 'u']
            .iter()
            .any(|&o| moved_tone(o, folded, true).is_some());
        *flag = (u8::from(folded == c) * UNCHANGED)
            | (u8::from(is_alphanumeric(c)) * ALNUM)
            | (u8::from(moves) * MOVES_TONE);
    }
    flags
});

/// The lowercase of `c` when it has the same UTF-8 length, else `c`; Ð is read as Đ.
fn fold_char(c: char) -> char {
    fold_char_in(&LATIN, c)
}

/// [`fold_char`] with the Latin table at hand.
#[inline]
fn fold_char_in(latin: &[char], c: char) -> char {
    let at = match c as u32 {
        0..=0x7F => return c.to_ascii_lowercase(),
        cp @ 0x80..=0x24F => cp,
        cp @ 0x1E00..=0x1EFF => cp - 0x1E00 + 0x250,
        _ => return fold_char_slow(c),
    };
    latin.get(at as usize).copied().unwrap_or(c)
}

fn fold_char_slow(c: char) -> char {
    let c = if c == 'Ð' { 'Đ' } else { c };
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
        _ => c,
    }
}

const A: usize = 0;
const E: usize = 1;
const Y: usize = 2;
const O: usize = 3;
const U: usize = 4;
/// Vowels by tone: none, grave, acute, hook, tilde, dot.
const TONED: [[char; 6]; 5] = [
    ['a', 'à', 'á', 'ả', 'ã', 'ạ'],
    ['e', 'è', 'é', 'ẻ', 'ẽ', 'ẹ'],
    ['y', 'ỳ', 'ý', 'ỷ', 'ỹ', 'ỵ'],
    ['o', 'ò', 'ó', 'ỏ', 'õ', 'ọ'],
    ['u', 'ù', 'ú', 'ủ', 'ũ', 'ụ'],
];

fn tone_of(c: char) -> Option<(usize, usize)> {
    TONED
        .iter()
        .enumerate()
        .find_map(|(r, row)| row.iter().position(|&v| v == c).map(|t| (r, t)))
}

/// Folded surfaces of the lexicon entries that `keep` selects, for word look-ups.
fn folded_set(keep: fn(&Kind) -> bool) -> std::collections::BTreeSet<String> {
    LEXICON
        .entries
        .iter()
        .filter(|e| keep(&e.kind))
        .map(|e| name_key(e.surface))
        .collect()
}

static COMMON_SURNAMES: LazyLock<std::collections::BTreeSet<String>> =
    LazyLock::new(|| folded_set(|k| matches!(k, Kind::Surname { common: true, .. })));

static HONORIFIC_WORDS: LazyLock<std::collections::BTreeSet<String>> =
    LazyLock::new(|| folded_set(|k| matches!(k, Kind::Honorific)));

/// One of the most frequent surnames ("Nguyễn", "Trần"): a word that starts a person's name.
pub(crate) fn is_common_surname(word: &str) -> bool {
    COMMON_SURNAMES.contains(&name_key(word))
}

/// A form of address or rank that introduces a name ("ông", "đồng chí", "Thiếu tướng").
pub(crate) fn is_honorific(word: &str) -> bool {
    HONORIFIC_WORDS.contains(&name_key(word))
}

/// The honorifics as the lexicon writes them ("ông", "TS", "Thiếu tướng").
pub(crate) fn honorifics() -> impl Iterator<Item = &'static str> {
    LEXICON
        .entries
        .iter()
        .filter(|e| matches!(e.kind, Kind::Honorific))
        .map(|e| e.surface)
}

#[cfg(test)]
pub(super) mod tests {
    use aho_corasick::automaton::OverlappingState;
    use aho_corasick::{AhoCorasick, Anchored, Input, StartKind};

    use super::*;

    /// Real articles, the officials test sentences, and traps: names beside titles, a
    /// surname that is a prefix of another ("Nguyễn Du"/"Nguyễn Duy"), all-caps
    /// abbreviations in and out of case, entries ending in punctuation, tones placed
    /// both ways, odd chars.
    pub(in crate::extract::official) fn sample_texts() -> Vec<String> {
        let mut texts: Vec<String> = [
            include_str!("../../../tests/blind/b01.txt"),
            include_str!("../../../tests/blind/b02.txt"),
            include_str!("../../../tests/blind/b03.txt"),
            include_str!("../../../tests/blind/b04.txt"),
            include_str!("../../../tests/blind/b05.txt"),
            include_str!("../../../tests/blind/b06.txt"),
            include_str!("../../../tests/blind/b07.txt"),
            include_str!("../../../tests/blind/b08.txt"),
            include_str!("../../../tests/blind/b09.txt"),
            include_str!("../../../tests/blind/b10.txt"),
            "Nhà thơ Nguyễn Du và ông Nguyễn Duy Hưng, Phó Chủ tịch UBND tỉnh; Nguyễn Dụ.",
            "CT UBND tỉnh, ct ubnd, Ct Ubnd; PCT HĐND huyện và GĐ Sở KH&CN, TP. Hà Nội, Tp.HCM.",
            "(Ảnh: Văn Hoà) ảnh:TTXVN; Ảnh : Quốc Khánh. Uỷ viên BTV Tỉnh uỷ, Ủy viên dự khuyết BCH.",
            "Ông Y Thanh Hà Niê Kđăm, bà H'Yim Kđoh, ngài Oh-Sae-Hyun, Moon Jae-in, Văn Nam-cho biết.",
            "HOÀ BÌNH, ĐÀ NẴNG, Ðịnh, khoẻ, thuỷ, Thuý, Quỳnh, oẽ uỳ oà OÀ Uỷ, × ÷ ß ẞ İ Kelvin K.",
            "Thượng tướng Tô Lâm; Trung tướng Lê Quốc Hùng – Thứ trưởng Bộ Công an — đồng chí Vi.",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        texts.extend(
            crate::extract::official::tests::CASES
                .iter()
                .map(|(s, _)| s.to_string()),
        );
        texts
    }

    #[test]
    fn fold_is_fold_with_kept_lengths() {
        let mut texts = sample_texts();
        // Every Latin char and its neighbours alone and after each o and u that could
        // take its tone.
        for c in ('\u{80}'..='\u{2FF}').chain('\u{1DF0}'..='\u{1F10}') {
            texts.push(c.to_string());
            for before in ["o", "O", "u", "U", "q", "ò"] {
                texts.push(format!("{before}{c}x"));
            }
        }
        for text in &texts {
            assert_eq!(fold(text), fold_with(text, true), "{text}");
        }
    }

    #[test]
    fn an_ascii_break_splits_no_word() {
        use unicode_normalization::UnicodeNormalization;
        let mut texts = sample_texts();
        texts.extend(crate::test_corpus::articles().into_iter().map(|(_, t)| t));
        texts
            .push("a-b a&b a'b a’b 1.2 x\u{a0}y x\u{2003}y ộ,ộ Ộ.Ộ ٣ ٣a a٣ (TP) HĐND;".to_string());
        let nfd: Vec<String> = texts.iter().map(|t| t.nfd().collect()).collect();
        texts.extend(nfd);
        let mut breaks = 0;
        for text in &texts {
            for end in 0..=text.len() + 1 {
                if ascii_break_at(text, end) {
                    assert!(!splits_word(text, end), "{end} of {text}");
                    breaks += 1;
                }
            }
        }
        assert!(breaks > 10_000, "{breaks}");
    }

    #[test]
    fn no_entry_holds_a_zero_byte() {
        // A path's zero-padded bytes are its whole key in [`ShortPaths`].
        assert!(LEXICON
            .entries
            .iter()
            .all(|e| !fold(e.surface).contains('\0')));
    }

    #[test]
    fn the_trie_fits_its_cells() {
        // `Trie::new` gives up past `CELLS`, which keeps the table cache-sized.
        let patterns: Vec<String> = LEXICON.entries.iter().map(|e| fold(e.surface)).collect();
        let trie = Trie::new(&patterns).expect("lexicon trie");
        for (index, pattern) in patterns.iter().enumerate() {
            let mut base = trie.start;
            let mut spelt = NO_ENTRY;
            for &b in pattern.as_bytes() {
                let (at, cell) = trie.link(base, b).expect("a link of the pattern");
                base = (cell >> BASE_SHIFT) as usize;
                spelt = trie.entry[at];
            }
            assert_eq!(patterns[usize::from(spelt)], *pattern, "{index}");
        }
    }

    #[test]
    fn an_empty_or_outside_span_finds_nothing() {
        let text = "ông Nguyễn";
        let folded = fold(text);
        let mut finder = Finder::new(&folded, text);
        for (start, end) in [(0, 0), (4, 4), (5, 5), (40, 44)] {
            assert!(
                finder.starting_at_word(start, end).is_empty(),
                "{start}..{end}"
            );
        }
        assert!(!finder.starting_at_word(0, 4).is_empty());
    }

    #[test]
    fn path_key_is_the_zero_padded_path() {
        // The last eight starts are read byte by byte, the others with one load.
        let bytes = "ông Nguyễn Văn Hòa, tỉnh ủy".as_bytes();
        for start in 0..bytes.len() {
            for len in 0..=SHORT.min(bytes.len() - start) {
                let mut padded = [0u8; SHORT];
                padded[..len].copy_from_slice(&bytes[start..start + len]);
                assert_eq!(
                    path_key(bytes, start, len),
                    u64::from_le_bytes(padded),
                    "{start} {len}"
                );
            }
        }
    }

    /// The anchored search of the first version: every entry at `start` that ends at a
    /// word boundary and keeps its case, as (end, surface), shortest first.
    fn entries_at_by_search(
        automaton: &AhoCorasick,
        folded: &str,
        original: &str,
        start: usize,
    ) -> Vec<(usize, usize, &'static str)> {
        let input = Input::new(folded)
            .span(start..folded.len())
            .anchored(Anchored::Yes);
        let mut out = Vec::new();
        let mut state = OverlappingState::start();
        while automaton
            .try_find_overlapping(input.clone(), &mut state)
            .is_ok()
        {
            let Some(m) = state.get_match() else {
                break;
            };
            let end = m.end();
            if m.start() != start {
                continue;
            }
            let next = original.get(end..).and_then(|s| s.chars().next());
            let last = original.get(..end).and_then(|s| s.chars().next_back());
            if next.is_some_and(char::is_alphanumeric) && last.is_some_and(char::is_alphanumeric) {
                continue;
            }
            let index = m.pattern().as_usize();
            let entry = &LEXICON.entries[index];
            if entry.exact_case && original.get(start..end) != Some(entry.surface) {
                continue;
            }
            out.push((end, index, entry.surface));
        }
        out
    }

    #[test]
    fn finder_sees_what_an_anchored_search_sees() {
        let patterns: Vec<String> = LEXICON.entries.iter().map(|e| fold(e.surface)).collect();
        let automaton = AhoCorasick::builder()
            .start_kind(StartKind::Anchored)
            .build(&patterns)
            .expect("lexicon automaton");
        let mut seen = 0;
        for text in sample_texts() {
            let folded = fold(&text);
            let mut finder = Finder::new(&folded, &text);
            for (start, _) in text.char_indices() {
                let want = entries_at_by_search(&automaton, &folded, &text, start);
                // The index too: items keep the index, not the entry.
                let got: Vec<(usize, usize, &str)> = finder
                    .starting_at(start)
                    .iter()
                    .map(|&(end, e)| (end, usize::from(e.index), e.surface))
                    .collect();
                assert_eq!(got, want, "at {start} of {text}");
                seen += got.len();
            }
        }
        assert!(seen > 1000, "{seen}");
    }
}
