//! The floor of a shared token and lexicon pass: the one design that README "Targets not met"
//! names for 60 MB/s on NFD text. One walk over the normalized text splits every word, folds
//! its case, looks it up among the words of every lexicon, matches the multi-word entries, and
//! notes digits, capitals, sentence stops, line starts and char offsets: what the extractors
//! would read instead of scanning the text themselves. It extracts nothing. It is timed beside
//! the whole pipeline on the same texts, in MB/s of input (NFC, and NFD before normalizing), at
//! 1 MB (and 100 MB with VNEWS_BENCH_LARGE=1). Before timing, its tokens, char offsets and
//! entry matches are checked against plain versions over the whole corpus.

mod corpus;
mod harness;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use vnews::{lexicon, normalize, Config, Pipeline, ToneStyle};

/// Every lexicon an extractor matches, with the column that holds its words.
const LEXICONS: [(&str, usize); 14] = [
    (include_str!("../src/lexicon/titles.tsv"), 0),
    (include_str!("../src/lexicon/surnames.tsv"), 0),
    (include_str!("../src/lexicon/honorifics.tsv"), 0),
    (include_str!("../src/lexicon/organizations.tsv"), 0),
    (include_str!("../src/lexicon/gazetteer.tsv"), 0),
    (include_str!("../src/lexicon/abbreviations.tsv"), 0),
    (include_str!("../src/lexicon/date_words.tsv"), 1),
    (include_str!("../src/lexicon/indices.tsv"), 0),
    (include_str!("../src/lexicon/rank_scopes.tsv"), 0),
    (include_str!("../src/lexicon/score_place_words.tsv"), 0),
    (include_str!("../src/lexicon/place_names.tsv"), 0),
    (include_str!("../src/lexicon/document_kinds.tsv"), 0),
    (include_str!("../src/lexicon/tiers.tsv"), 0),
    (include_str!("../src/lexicon/gloss_heads.tsv"), 0),
];

/// The gazetteer's column of other spellings, `|`-separated.
const GAZETTEER_SPELLINGS: usize = 5;

/// Anchor words the extractors keep in code: rankings' anchors, dates' and scores' literals.
const ANCHOR_WORDS: [&str; 20] = [
    "thứ",
    "hạng",
    "vị trí",
    "bậc",
    "dẫn đầu",
    "nhóm",
    "loại",
    "xếp",
    "đứng",
    "điểm",
    "ngày",
    "tháng",
    "năm",
    "quý",
    "nửa",
    "tăng",
    "giảm",
    "tuần",
    "đạt",
    "chỉ số",
];

/// Chars below this have a class in [`CharClasses`]; Vietnamese letters all do.
const CLASSED_CHARS: usize = 0x1F00;
/// Class bits above the folded char (the low 16 bits).
const LETTER: u32 = 1 << 16;
const UPPER: u32 = 1 << 17;
const DIGIT: u32 = 1 << 18;
const FOLDED: u32 = 0xFFFF;

/// Token flags.
const WORD: u8 = 1;
const CAPITAL: u8 = 2;
const ALL_CAPS: u8 = 4;
const DIGITS: u8 = 8;
const STOP: u8 = 16;
const LINE_START: u8 = 32;

/// Word ids, trie states and entries are indices; this one means none.
const NONE: u32 = u32::MAX;

/// Per char below [`CLASSED_CHARS`]: its lower case and whether it is a letter, upper case, a digit.
struct CharClasses(Vec<u32>);

impl CharClasses {
    fn new() -> Self {
        let classes = (0..CLASSED_CHARS as u32)
            .map(|code| {
                let Some(c) = char::from_u32(code) else {
                    return code;
                };
                let lower = c.to_lowercase().next().map_or(code, u32::from);
                let folded = if lower < CLASSED_CHARS as u32 {
                    lower
                } else {
                    code
                };
                if c.is_ascii_digit() {
                    DIGIT | code
                } else if c.is_alphabetic() {
                    LETTER | if c.is_uppercase() { UPPER } else { 0 } | folded
                } else {
                    code
                }
            })
            .collect();
        CharClasses(classes)
    }

    #[inline]
    fn of(&self, code: u32) -> u32 {
        self.0.get(code as usize).copied().unwrap_or(0)
    }

    fn fold(&self, word: &str) -> Vec<u32> {
        word.chars()
            .map(|c| match self.of(u32::from(c)) {
                0 => u32::from(c),
                class => class & FOLDED,
            })
            .collect()
    }
}

#[inline]
fn mix(hash: u64, folded: u32) -> u64 {
    (hash.rotate_left(5) ^ u64::from(folded)).wrapping_mul(0x517c_c1b7_2722_0a95)
}

fn hash_folded(folded: &[u32]) -> u64 {
    folded.iter().fold(0, |h, &c| mix(h, c))
}

/// The char at byte `i` and its UTF-8 length; 4-byte chars are all outside [`CLASSED_CHARS`].
#[inline]
fn decode(bytes: &[u8], i: usize) -> (u32, usize) {
    let byte = |k: usize| u32::from(bytes.get(i + k).copied().unwrap_or(0) & 0x3F);
    let lead = u32::from(bytes[i]);
    match lead {
        0..=0x7F => (lead, 1),
        0x80..=0xDF => (((lead & 0x1F) << 6) | byte(1), 2),
        0xE0..=0xEF => (((lead & 0x0F) << 12) | (byte(1) << 6) | byte(2), 3),
        _ => (CLASSED_CHARS as u32, 4),
    }
}

/// The words of every lexicon by the hash of their folded form, and the multi-word entries
/// as a trie over word ids.
struct Lexicon {
    /// Open addressing: (hash, word id), [`NONE`] for an empty slot.
    slots: Vec<(u64, u32)>,
    /// Per word id: its folded chars, `folded[from..to]`.
    spellings: Vec<(u32, u32)>,
    folded: Vec<u32>,
    /// Per word id: the state after it as an entry's first word, and the entry it ends.
    roots: Vec<(u32, u32)>,
    /// Open addressing over (state, word id): (key, next state, entry it ends); key 0 is empty.
    edges: Vec<(u64, u32, u32)>,
    /// Per state: whether a longer entry goes on from it.
    has_children: Vec<bool>,
    /// For the checks: word ids by folded word, entry ids by their words.
    ids: HashMap<Vec<u32>, u32>,
    entries: HashMap<Vec<u32>, u32>,
}

impl Lexicon {
    fn new(classes: &CharClasses) -> Self {
        let mut names: Vec<&str> = ANCHOR_WORDS.to_vec();
        for (source, column) in LEXICONS {
            for row in lexicon::rows(source) {
                names.extend(row.get(column));
                if let Some(spellings) = row.get(GAZETTEER_SPELLINGS) {
                    names.extend(spellings.split('|'));
                }
            }
        }
        let mut ids = HashMap::new();
        let mut entries = Vec::new();
        for name in names {
            let words: Vec<u32> = name
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(|w| {
                    let next = ids.len() as u32;
                    *ids.entry(classes.fold(w)).or_insert(next)
                })
                .collect();
            if !words.is_empty() {
                entries.push(words);
            }
        }
        entries.sort();
        entries.dedup();
        let mut lexicon = Lexicon {
            slots: vec![(0, NONE); (ids.len() * 4).next_power_of_two()],
            spellings: vec![(0, 0); ids.len()],
            folded: Vec::new(),
            roots: vec![(NONE, NONE); ids.len()],
            edges: vec![(0, NONE, NONE); (entries.len() * 8).next_power_of_two()],
            has_children: Vec::new(),
            ids,
            entries: HashMap::new(),
        };
        let hashes: HashSet<u64> = lexicon.ids.keys().map(|w| hash_folded(w)).collect();
        assert_eq!(hashes.len(), lexicon.ids.len(), "word hashes are distinct");
        for (word, &id) in &lexicon.ids {
            let at = lexicon.slot(hash_folded(word));
            lexicon.slots[at] = (hash_folded(word), id);
            let from = lexicon.folded.len() as u32;
            lexicon.folded.extend(word);
            lexicon.spellings[id as usize] = (from, lexicon.folded.len() as u32);
        }
        for (entry, words) in entries.into_iter().enumerate() {
            lexicon.insert(&words, entry as u32);
            lexicon.entries.insert(words, entry as u32);
        }
        lexicon
    }

    fn slot(&self, hash: u64) -> usize {
        let mask = self.slots.len() - 1;
        let mut at = (hash >> 40) as usize & mask;
        while self.slots[at].1 != NONE && self.slots[at].0 != hash {
            at = (at + 1) & mask;
        }
        at
    }

    fn edge_key(state: u32, word: u32) -> u64 {
        ((u64::from(state) << 32) | u64::from(word)).wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1
    }

    fn edge_slot(&self, key: u64) -> usize {
        let mask = self.edges.len() - 1;
        let mut at = (key >> 40) as usize & mask;
        while self.edges[at].0 != 0 && self.edges[at].0 != key {
            at = (at + 1) & mask;
        }
        at
    }

    fn new_state(&mut self) -> u32 {
        self.has_children.push(false);
        self.has_children.len() as u32 - 1
    }

    fn insert(&mut self, words: &[u32], entry: u32) {
        let first = words[0] as usize;
        if self.roots[first].0 == NONE {
            self.roots[first].0 = self.new_state();
        }
        let mut state = self.roots[first].0;
        if words.len() == 1 {
            self.roots[first].1 = entry;
        }
        for (n, &word) in words.iter().enumerate().skip(1) {
            self.has_children[state as usize] = true;
            let key = Self::edge_key(state, word);
            let at = self.edge_slot(key);
            if self.edges[at].0 == 0 {
                let next = self.new_state();
                self.edges[at] = (key, next, NONE);
            }
            if n + 1 == words.len() {
                self.edges[at].2 = entry;
            }
            state = self.edges[at].1;
        }
    }

    /// The id of the word whose folded chars hash to `hash`, if listed.
    #[inline]
    fn word(&self, hash: u64) -> u32 {
        let (found, id) = self.slots[self.slot(hash)];
        if found == hash {
            id
        } else {
            NONE
        }
    }

    #[inline]
    fn spelling(&self, id: u32) -> &[u32] {
        let (from, to) = self.spellings[id as usize];
        &self.folded[from as usize..to as usize]
    }

    #[inline]
    fn step(&self, state: u32, word: u32) -> Option<(u32, u32)> {
        let (key, next, entry) = self.edges[self.edge_slot(Self::edge_key(state, word))];
        (key != 0).then_some((next, entry))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Token {
    start: u32,
    end: u32,
    /// Chars before `start`: the offset the output reports.
    chars: u32,
    /// The lexicon's word id, or the char of a punctuation token.
    id: u32,
    flags: u8,
}

/// An entry found over tokens `first..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Match {
    first: u32,
    end: u32,
    entry: u32,
}

/// The pass's buffers, reused from article to article.
struct Pass<'l> {
    classes: &'l CharClasses,
    lexicon: &'l Lexicon,
    tokens: Vec<Token>,
    matches: Vec<Match>,
    /// Entries being read: (trie state, first token).
    open: Vec<(u32, u32)>,
}

impl Pass<'_> {
    /// Articles are far below 4 GiB: offsets fit u32.
    fn run(&mut self, text: &str) {
        self.tokens.clear();
        self.matches.clear();
        self.open.clear();
        let bytes = text.as_bytes();
        let mut i = 0;
        // Continuation bytes before `i`: chars before it are `i - continuation`.
        let mut continuation = 0;
        let mut line_start = LINE_START;
        while i < bytes.len() {
            if bytes[i] == b' ' {
                i += 1;
                continue;
            }
            let (code, len) = decode(bytes, i);
            let class = self.classes.of(code);
            if class & (LETTER | DIGIT) != 0 {
                let start = i;
                let chars = (start - continuation) as u32;
                continuation += len - 1;
                i += len;
                let mut hash = mix(0, class & FOLDED);
                let mut all = class;
                while let Some(&b) = bytes.get(i) {
                    let class = if b < 0x80 {
                        let class = self.classes.of(u32::from(b));
                        if class & (LETTER | DIGIT) == 0 {
                            break;
                        }
                        i += 1;
                        class
                    } else {
                        let (code, len) = decode(bytes, i);
                        let class = self.classes.of(code);
                        if class & (LETTER | DIGIT) == 0 {
                            break;
                        }
                        continuation += len - 1;
                        i += len;
                        class
                    };
                    hash = mix(hash, class & FOLDED);
                    all &= class;
                }
                let flags = WORD
                    | line_start
                    | if class & UPPER != 0 { CAPITAL } else { 0 }
                    | if all & UPPER != 0 { ALL_CAPS } else { 0 }
                    | if all & DIGIT != 0 { DIGITS } else { 0 };
                line_start = 0;
                let id = self.word_id(bytes, start, i, hash);
                let token = self.tokens.len() as u32;
                self.tokens.push(Token {
                    start: start as u32,
                    end: i as u32,
                    chars,
                    id,
                    flags,
                });
                self.read_entries(token, id);
                continue;
            }
            if bytes[i] == b'\n' {
                line_start = LINE_START;
                self.open.clear();
            } else if !matches!(code, 0x09 | 0x0D | 0xA0) {
                let stop = matches!(bytes[i], b'.' | b'!' | b'?' | b';' | b':');
                self.tokens.push(Token {
                    start: i as u32,
                    end: (i + len) as u32,
                    chars: (i - continuation) as u32,
                    id: code,
                    flags: line_start | if stop { STOP } else { 0 },
                });
                line_start = 0;
                self.open.clear();
            }
            continuation += len - 1;
            i += len;
        }
    }

    /// The lexicon's id for the word at `start..end` whose folded chars hash to `hash`. A hit
    /// is confirmed char by char: an unlisted word never takes a listed one's id.
    #[inline]
    fn word_id(&self, bytes: &[u8], start: usize, end: usize, hash: u64) -> u32 {
        let id = self.lexicon.word(hash);
        if id == NONE {
            return NONE;
        }
        let mut want = self.lexicon.spelling(id).iter();
        let mut i = start;
        while i < end {
            let (code, len) = decode(bytes, i);
            if want.next() != Some(&(self.classes.of(code) & FOLDED)) {
                return NONE;
            }
            i += len;
        }
        if want.next().is_none() {
            id
        } else {
            NONE
        }
    }

    /// Carries the open entries over word `word` at `token`, and opens one there.
    #[inline]
    fn read_entries(&mut self, token: u32, word: u32) {
        if word == NONE {
            self.open.clear();
            return;
        }
        let mut kept = 0;
        for k in 0..self.open.len() {
            let (state, first) = self.open[k];
            if let Some((next, entry)) = self.lexicon.step(state, word) {
                if entry != NONE {
                    self.matches.push(Match {
                        first,
                        end: token + 1,
                        entry,
                    });
                }
                if self.lexicon.has_children[next as usize] {
                    self.open[kept] = (next, first);
                    kept += 1;
                }
            }
        }
        self.open.truncate(kept);
        let (next, entry) = self.lexicon.roots[word as usize];
        if entry != NONE {
            self.matches.push(Match {
                first: token,
                end: token + 1,
                entry,
            });
        }
        // A word that opens no entry has no state: `get` finds none.
        if self.lexicon.has_children.get(next as usize) == Some(&true) {
            self.open.push((next, token));
        }
    }
}

/// The pass's tokens and matches against plain versions: char offsets counted, words folded
/// and looked up exactly, every run of lexicon words within a line tried against the entries.
fn check(pass: &mut Pass, text: &str) {
    pass.run(text);
    let longest = pass.lexicon.entries.keys().map(Vec::len).max().unwrap_or(0);
    let (mut counted, mut counted_to) = (0, 0);
    for token in &pass.tokens {
        let (start, end) = (token.start as usize, token.end as usize);
        counted += text[counted_to..start].chars().count();
        counted_to = start;
        assert_eq!(token.chars as usize, counted);
        if token.flags & WORD != 0 {
            let folded = pass.classes.fold(&text[start..end]);
            let exact = pass.lexicon.ids.get(&folded).copied().unwrap_or(NONE);
            assert_eq!(token.id, exact, "{:?}", &text[start..end]);
        }
    }
    let mut expected = HashSet::new();
    for first in 0..pass.tokens.len() {
        let mut words = Vec::new();
        for (k, token) in pass.tokens[first..].iter().enumerate().take(longest) {
            let continues = k == 0 || token.flags & LINE_START == 0;
            if token.flags & WORD == 0 || token.id == NONE || !continues {
                break;
            }
            words.push(token.id);
            if let Some(&entry) = pass.lexicon.entries.get(&words) {
                expected.insert(Match {
                    first: first as u32,
                    end: (first + k + 1) as u32,
                    entry,
                });
            }
        }
    }
    let found: HashSet<Match> = pass.matches.iter().copied().collect();
    assert_eq!(found.len(), pass.matches.len(), "each match found once");
    assert_eq!(found, expected);
}

fn shared_pass(c: &mut Criterion) {
    let sources = corpus::load_sources(Path::new(env!("CARGO_MANIFEST_DIR")));
    let classes = CharClasses::new();
    let lexicon = Lexicon::new(&classes);
    eprintln!(
        "lexicon: {} distinct words, {} entries",
        lexicon.ids.len(),
        lexicon.entries.len()
    );
    let mut pass = Pass {
        classes: &classes,
        lexicon: &lexicon,
        tokens: Vec::new(),
        matches: Vec::new(),
        open: Vec::new(),
    };
    let pipeline = Pipeline::new(Config {
        include_text: false,
        ..Config::default()
    });
    for (label, size) in harness::sizes() {
        let mut group = c.benchmark_group(format!("shared_pass/{label}"));
        group.sample_size(10);
        for (form_name, form) in [("nfc", corpus::Form::Nfc), ("nfd", corpus::Form::Nfd)] {
            let texts = corpus::generate_form(&sources, size, form);
            let normalized: Vec<String> = texts
                .iter()
                .map(|t| normalize::normalize(t, ToneStyle::Old).0.into_owned())
                .collect();
            for text in &normalized {
                check(&mut pass, text);
            }
            group.throughput(Throughput::Bytes(
                texts.iter().map(String::len).sum::<usize>() as u64,
            ));
            group.bench_with_input(
                BenchmarkId::new("pass", form_name),
                &normalized,
                |b, texts| {
                    b.iter(|| {
                        texts
                            .iter()
                            .map(|t| {
                                pass.run(t);
                                pass.tokens.len() + pass.matches.len()
                            })
                            .sum::<usize>()
                    })
                },
            );
            group.bench_with_input(
                BenchmarkId::new("end_to_end_1_thread", form_name),
                &texts,
                |b, texts| b.iter(|| harness::end_to_end(&pipeline, texts)),
            );
        }
        group.finish();
    }
}

criterion_group!(benches, shared_pass);
criterion_main!(benches);
