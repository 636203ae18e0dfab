//! The scan that proves text clean or finds the first thing to change.
//!
//! A byte automaton whose states are the word states below, alone or with
//! the first bytes of a Vietnamese letter or common punctuation char read:
//! a byte costs one table lookup. Any other char, a dirty one, or the end of
//! a word to look at stops it, and that char goes through the char-level
//! steps. A long text is scanned as four parts in step, hiding each lookup's
//! latency. A word state holds only what decides whether the word needs a
//! closer look:
//!
//! - a tone mark is provably in place, in every style, when it sits on a
//!   shaped vowel (ă â ê ô ơ ư) with no shaped vowel after it, on a plain
//!   a/e right after a consonant, on a plain vowel between a vowel and a
//!   consonant, or on the first of two plain vowels ending a word that starts
//!   with neither q nor g and are not "oa", "oe", "uy" (của, địa); any other
//!   toned vowel touching a vowel makes the word suspicious;
//! - "ngh" is misspelt only before a/ă/â/o/ô/ơ/u/ư (nghành → ngành);
//! - words without a non-ASCII letter, or with a letter outside the
//!   Vietnamese alphabet, are never changed.
//!
//! Only a suspicious word is decoded and planned ([`look_closer`]).

use std::cell::RefCell;
use std::collections::VecDeque;
use std::sync::LazyLock;

use super::syllable::{self, Letter};
use super::{char_at, is_free_standing, is_stable_other, ToneStyle};

/// What a scan found first.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Found {
    Nothing,
    /// A char that cleaning or composing would change, at this byte (the
    /// text's length for spaces ending it).
    DirtyChar(usize),
    /// A word to rewrite: (start, end, fix).
    Word(usize, usize, syllable::Fix),
}

// Word states are bit sets of what the word so far holds.
const PREV_VOWEL: u8 = 1;
/// The previous letter is a toned vowel that a following vowel may take the mark from.
const PREV_LOOSE_TONE: u8 = 2;
const SHAPED_TONE_SEEN: u8 = 4;
const HAS_NON_ASCII: u8 = 8;
/// How much of "ngh" the word starts with: n, ng, ngh.
const PREFIX: u8 = 0x30;
const PREFIX_N: u8 = 0x10;
const PREFIX_NG: u8 = 0x20;
const PREFIX_NGH: u8 = 0x30;
/// "ngh" followed by a letter it may not precede.
const NGH_MISSPELT: u8 = 0x40;
// States outside a word, and words whose fate is known.
const BOUNDARY: u8 = 0x80;
const AFTER_SPACE: u8 = 0x81;
/// A word to look at closer when it ends.
const CHECK: u8 = 0x82;
/// A word with a letter outside the Vietnamese alphabet: never changed.
const FOREIGN: u8 = 0x83;
/// A toned plain vowel right after a vowel: in place if a consonant follows
/// (the last vowel before a coda takes the tone); else a `CHECK` word.
const CODA_DUE: u8 = 0x84;
/// A word that starts with q ("qu" may be its onset).
const START_Q: u8 = 0x85;
/// A toned plain o, or u, i, y, after the onset: in place if the word ends, a
/// consonant follows, or a plain vowel ends the word (an open two-vowel rhyme
/// has the tone on its first) without making "oa", "oe", "uy" in the new style.
const LOOSE_O: u8 = 0x86;
const LOOSE_UIY: u8 = 0x87;
/// Such a toned vowel and a plain vowel: any further letter makes a `CHECK` word.
const OPEN_PAIR: u8 = 0x88;
/// A word that starts with g ("gi" may be its onset).
const START_G: u8 = 0x89;
/// "qu", "gi" with a plain u, i: an onset if a vowel follows, else the vowel.
const QU_GI: u8 = 0x8A;
const STATES: usize = 0x8B;
// Signals of the steps below, above every state.
/// A `CHECK` (or `CODA_DUE`) word ends before this char.
const WORD_END: u8 = 0xFE;
/// A char that cleaning would change (CR, tab, a space before a space or line end).
const DIRTY: u8 = 0xFF;

// A non-ASCII char's class: a letter's features as bits, or one of the kinds after them.
const VOWEL: u8 = 1;
const SHAPED: u8 = 2;
const TONED: u8 = 4;
const A_OR_E: u8 = 8;
const NOT_AFTER_NGH: u8 = 16;
const PLAIN_O: u8 = 32;
const Y: u8 = 64;
const FOREIGN_LETTER: u8 = 128;
/// A stable char that is no letter: it ends a word.
const OTHER: u8 = 129;
/// Chars cleaning or composing changes, alphabetic or not.
const DIRTY_ALPHABETIC: u8 = 130;
const DIRTY_OTHER: u8 = 131;
const CLASSES: usize = 132;

/// Multi-byte chars the automaton reads itself (Vietnamese letters and common
/// punctuation), by their bytes before the last one. Any other char stops it.
const PREFIXES: [&[u8]; 9] = [
    &[0xC3],
    &[0xC4],
    &[0xC5],
    &[0xC6],
    &[0xE1],
    &[0xE1, 0xBA],
    &[0xE1, 0xBB],
    &[0xE2],
    &[0xE2, 0x80],
];
/// The automaton stopped: the char at hand goes through [`Stream::advance`].
const STOP: u8 = 0xFF;
const STOP_ROW: u16 = row(STOP);

/// Where a state's steps start in [`Automaton::step`].
const fn row(state: u8) -> u16 {
    (state as u16) << 8
}

/// The word states above run a byte at a time. An automaton state is a word
/// state, or a word state and the bytes read of a char from [`PREFIXES`].
struct Automaton {
    /// By `row(state) | byte`: the next state's row or `STOP_ROW` (rows, not
    /// states, save a shift a byte); no bounds checks.
    step: Box<[u16; 1 << 16]>,
    /// Each automaton state's word state and how many bytes of a char it has read.
    word: [u8; 256],
    read: [u8; 256],
    /// The automaton state of each word state.
    state: [u8; STATES],
    /// The class of the char ending in byte `b` after `PREFIXES[k]`, at `k << 6 | b & 63`.
    class: [u8; PREFIXES.len() << 6],
    new_style: bool,
}

/// What a byte after some bytes of a char (or none) makes.
#[derive(Clone, Copy)]
enum Follow {
    Prefix(usize),
    Char(u8),
    Stop,
}

fn follow(read: &[u8], b: u8) -> Follow {
    if !read.is_empty() && b & 0xC0 != 0x80 {
        return Follow::Stop;
    }
    let mut bytes = read.to_vec();
    bytes.push(b);
    if let Some(k) = PREFIXES.iter().position(|&prefix| prefix == bytes) {
        return Follow::Prefix(k);
    }
    match std::str::from_utf8(&bytes)
        .ok()
        .and_then(|s| s.chars().next())
    {
        Some(c) if !c.is_ascii() => Follow::Char(classify(c)),
        _ => Follow::Stop,
    }
}

/// Word states reachable from a boundary, in order.
fn word_states(new_style: bool) -> Vec<u8> {
    let mut seen = [false; STATES];
    let mut todo = vec![BOUNDARY, AFTER_SPACE];
    while let Some(state) = todo.pop() {
        if seen[usize::from(state)] {
            continue;
        }
        seen[usize::from(state)] = true;
        let ascii = (0..0x80).map(|b| ascii_step(state, b, new_style));
        let chars = (0..CLASSES as u8).map(|class| char_step(state, class, new_style));
        todo.extend(
            ascii
                .chain(chars)
                .filter(|&next| usize::from(next) < STATES),
        );
    }
    (0..STATES as u8)
        .filter(|&state| seen[usize::from(state)])
        .collect()
}

/// The automata for the old (and keep) style and for the new style.
static AUTOMATA: [LazyLock<Automaton>; 2] = [
    LazyLock::new(|| build(false)),
    LazyLock::new(|| build(true)),
];

fn automaton(style: ToneStyle) -> &'static Automaton {
    &AUTOMATA[usize::from(style == ToneStyle::New)]
}

fn build(new_style: bool) -> Automaton {
    let words = word_states(new_style);
    let mut automaton = Automaton {
        step: Box::new([STOP_ROW; 1 << 16]),
        word: [BOUNDARY; 256],
        read: [0; 256],
        state: [STOP; STATES],
        class: [OTHER; PREFIXES.len() << 6],
        new_style,
    };
    let leads: Vec<Follow> = (0..=255).map(|b| follow(&[], b)).collect();
    let follows: Vec<Vec<Follow>> = PREFIXES
        .iter()
        .map(|prefix| (0..=255).map(|b| follow(prefix, b)).collect())
        .collect();
    for (k, row) in follows.iter().enumerate() {
        for (b, &next) in row.iter().enumerate() {
            if let Follow::Char(class) = next {
                automaton.class[k << 6 | b & 63] = class;
            }
        }
    }
    // Word states first, then each word state with each prefix read.
    let pending = |w: usize, k: usize| words.len() + w * PREFIXES.len() + k;
    for (w, &word) in words.iter().enumerate() {
        automaton.state[usize::from(word)] = w as u8;
    }
    let state_of_word = automaton.state;
    let of_word = |word: u8| {
        state_of_word
            .get(usize::from(word))
            .copied()
            .unwrap_or(STOP)
    };
    for (w, &word) in words.iter().enumerate() {
        let mut rows = vec![(w, 0, &leads)];
        rows.extend((0..PREFIXES.len()).map(|k| (pending(w, k), PREFIXES[k].len(), &follows[k])));
        for (state, read, follows) in rows {
            automaton.word[state] = word;
            automaton.read[state] = read as u8;
            for (b, &next) in follows.iter().enumerate() {
                automaton.step[state << 8 | b] = row(match next {
                    _ if b < 0x80 && read == 0 => of_word(ascii_step(word, b as u8, new_style)),
                    Follow::Prefix(k) => pending(w, k) as u8,
                    Follow::Char(class) => of_word(char_step(word, class, new_style)),
                    Follow::Stop => STOP,
                });
            }
        }
    }
    automaton
}

fn features(letter: Letter) -> u8 {
    let mut bits = 0;
    if letter.is_vowel() {
        bits |= VOWEL;
        if letter.tone != 0 {
            bits |= TONED;
        }
    }
    if letter.is_shaped() {
        bits |= SHAPED;
    }
    if letter.is_a_or_e() {
        bits |= A_OR_E;
    }
    if letter.is_misspelt_after_ngh() {
        bits |= NOT_AFTER_NGH;
    }
    if letter.is_plain_o() {
        bits |= PLAIN_O;
    }
    if letter.is_y() {
        bits |= Y;
    }
    bits
}

/// The class of a non-ASCII char.
fn classify(c: char) -> u8 {
    match syllable::letter(c) {
        Some(letter) => features(letter),
        None if !is_stable_other(c) && c.is_alphabetic() => DIRTY_ALPHABETIC,
        None if !is_stable_other(c) => DIRTY_OTHER,
        None if c.is_alphabetic() => FOREIGN_LETTER,
        None => OTHER,
    }
}

/// The state after a Vietnamese letter with `features`; `ascii` is its byte if it
/// is one; `new_style` puts the tone of "oa", "oe", "uy" on their second vowel.
fn letter_step(state: u8, features: u8, ascii: Option<u8>, new_style: bool) -> u8 {
    if state == CHECK || state == FOREIGN {
        return state;
    }
    let vowel = features & VOWEL != 0;
    match state {
        // A second tone before the coda leaves the word unchanged: no need to keep it.
        CODA_DUE => return if vowel { CHECK } else { HAS_NON_ASCII },
        OPEN_PAIR => return CHECK,
        LOOSE_O | LOOSE_UIY if vowel => {
            let plain = features & (SHAPED | TONED) == 0;
            let second_takes_tone = features & if state == LOOSE_O { A_OR_E } else { Y } != 0;
            let open = plain && !(new_style && second_takes_tone);
            return if open { OPEN_PAIR } else { CHECK };
        }
        LOOSE_O | LOOSE_UIY => return HAS_NON_ASCII,
        // As after any consonant, but "qu", "gi" may hold the toned vowel's onset.
        START_Q | START_G => {
            let onset_vowel = if state == START_Q { b'u' } else { b'i' };
            if ascii.map(|b| b.to_ascii_lowercase()) == Some(onset_vowel) {
                return QU_GI;
            }
            return match letter_step(0, features, ascii, new_style) {
                LOOSE_O | LOOSE_UIY => PREV_VOWEL | PREV_LOOSE_TONE | HAS_NON_ASCII,
                next => next,
            };
        }
        // A vowel makes it the onset: as after any consonant; else as after a vowel.
        QU_GI if vowel => return letter_step(0, features, ascii, new_style),
        QU_GI => return letter_step(PREV_VOWEL, features, ascii, new_style),
        _ => {}
    }
    let at_start = state == BOUNDARY || state == AFTER_SPACE;
    let word = if at_start { 0 } else { state };
    let has = |bit: u8| word & bit != 0;
    let shaped = features & SHAPED != 0;
    let toned = features & TONED != 0;
    let toned_plain = toned && !shaped;
    let suspicious = vowel && (has(PREV_LOOSE_TONE) || (has(SHAPED_TONE_SEEN) && shaped));
    let lower = ascii.map(|b| b.to_ascii_lowercase());
    let prefix = match (at_start, word & PREFIX, lower) {
        (true, _, Some(b'n')) => PREFIX_N,
        (false, PREFIX_N, Some(b'g')) => PREFIX_NG,
        (false, PREFIX_NG, Some(b'h')) => PREFIX_NGH,
        _ => 0,
    };
    let ngh_misspelt =
        has(NGH_MISSPELT) || (word & PREFIX == PREFIX_NGH && features & NOT_AFTER_NGH != 0);
    let non_ascii = has(HAS_NON_ASCII) || ascii.is_none();
    if suspicious || (ngh_misspelt && non_ascii) {
        return CHECK;
    }
    if toned_plain && has(PREV_VOWEL) {
        return CODA_DUE;
    }
    if toned_plain && features & A_OR_E == 0 {
        return if features & PLAIN_O != 0 {
            LOOSE_O
        } else {
            LOOSE_UIY
        };
    }
    if at_start && lower == Some(b'q') {
        return START_Q;
    }
    if at_start && lower == Some(b'g') {
        return START_G;
    }
    let mut next = prefix;
    let flags = [
        (vowel, PREV_VOWEL),
        (toned_plain && features & A_OR_E == 0, PREV_LOOSE_TONE),
        (has(SHAPED_TONE_SEEN) || (toned && shaped), SHAPED_TONE_SEEN),
        (non_ascii, HAS_NON_ASCII),
        (ngh_misspelt, NGH_MISSPELT),
    ];
    for (set, bit) in flags {
        if set {
            next |= bit;
        }
    }
    next
}

/// The state after a char that is no letter (`space` if it is a plain space).
fn boundary_step(state: u8, space: bool) -> u8 {
    match state {
        CHECK | CODA_DUE => WORD_END,
        _ if space => AFTER_SPACE,
        _ => BOUNDARY,
    }
}

/// The step for ASCII byte `b`.
fn ascii_step(state: u8, b: u8, new_style: bool) -> u8 {
    if b.is_ascii_alphabetic() {
        return match syllable::letter(char::from(b)) {
            Some(letter) => letter_step(state, features(letter), Some(b), new_style),
            None => FOREIGN,
        };
    }
    let dirty = matches!(b, b'\r' | b'\t') || (state == AFTER_SPACE && matches!(b, b' ' | b'\n'));
    match boundary_step(state, b == b' ') {
        WORD_END => WORD_END,
        _ if dirty => DIRTY,
        next => next,
    }
}

fn char_step(state: u8, class: u8, new_style: bool) -> u8 {
    match class {
        FOREIGN_LETTER => FOREIGN,
        OTHER => boundary_step(state, false),
        DIRTY_ALPHABETIC | DIRTY_OTHER => DIRTY,
        features => letter_step(state, features, None, new_style),
    }
}

/// A long text is scanned as this many parts in step, hiding each lookup's latency.
const PARTS: usize = 4;
/// Shortest part.
const PART_BYTES: usize = 256;
/// Bytes each part steps between two checks for a stop.
const BLOCK: usize = 16;
/// How far a part's start looks for a space or line end.
const SPLIT_REACH: usize = 64;

/// Finds, in text order, the words needing a fix and, with `chars`, the
/// first char needing cleaning or composing.
pub(super) struct Scanner<'a> {
    text: &'a str,
    style: ToneStyle,
    chars: bool,
    automaton: &'static Automaton,
    parts: [Stream; PARTS],
    /// Each part's finds not yet returned, in order: a part keeps scanning
    /// past its finds, so that all parts go on in step.
    finds: [VecDeque<Found>; PARTS],
    /// Whether each part reached its end or a dirty char (no more finds).
    done: [bool; PARTS],
}

impl<'a> Scanner<'a> {
    pub(super) fn new(text: &'a str, style: ToneStyle, chars: bool) -> Self {
        let bytes = text.as_bytes();
        let mut splits = [bytes.len(); PARTS - 1];
        if bytes.len() >= PARTS * PART_BYTES {
            let mut last = 0;
            for (k, split) in splits.iter_mut().enumerate() {
                let near = (k + 1) * (bytes.len() / PARTS);
                *split = split_after(bytes, near).unwrap_or(bytes.len()).max(last);
                last = *split;
            }
        }
        Self::with_splits(text, style, chars, splits)
    }

    /// Parts starting at `splits`: each just after a space or line end (where
    /// the state is known) or at the end, in order.
    fn with_splits(
        text: &'a str,
        style: ToneStyle,
        chars: bool,
        splits: [usize; PARTS - 1],
    ) -> Self {
        let automaton = automaton(style);
        let bytes = text.as_bytes();
        let mut starts = [0; PARTS];
        starts[1..].copy_from_slice(&splits);
        let parts = std::array::from_fn(|k| {
            let start = starts[k];
            let end = starts.get(k + 1).copied().unwrap_or(bytes.len());
            let word = if k > 0 && start < end && bytes[start - 1] == b' ' {
                AFTER_SPACE
            } else {
                BOUNDARY
            };
            Stream::new(automaton, start, end, word)
        });
        Scanner {
            text,
            style,
            chars,
            automaton,
            parts,
            finds: Default::default(),
            done: [false; PARTS],
        }
    }

    /// The next find; `Nothing` when there are no more. A `DirtyChar` is
    /// found again on every later call.
    pub(super) fn next(&mut self) -> Found {
        loop {
            // The first part with a find to come decides what comes next.
            let Some(k) = (0..PARTS).find(|&k| !self.done[k] || !self.finds[k].is_empty()) else {
                return Found::Nothing;
            };
            match self.finds[k].front() {
                Some(&found @ Found::DirtyChar(_)) => return found,
                Some(_) => return self.finds[k].pop_front().unwrap_or(Found::Nothing),
                None => self.run(),
            }
        }
    }

    /// Runs each part not done to its next stop or end, all four in step
    /// while none is done, and queues what they find.
    fn run(&mut self) {
        let step = &self.automaton.step;
        let bytes = self.text.as_bytes();
        let all = !self.done.contains(&true);
        if all {
            run_all(step, bytes, &mut self.parts);
        }
        for k in 0..PARTS {
            if self.done[k] {
                continue;
            }
            let part = &mut self.parts[k];
            if !all {
                run(step, bytes, part);
            }
            match part.advance(self.automaton, self.text, self.style, self.chars) {
                None => {}
                Some(Found::Nothing) => self.done[k] = true,
                Some(found @ Found::Word(_, end, _)) => {
                    // The scan goes on after the word as a new scan from there would.
                    part.restart(self.automaton, end);
                    self.finds[k].push_back(found);
                }
                Some(found @ Found::DirtyChar(_)) => {
                    // Later parts' finds would come after it: never returned.
                    self.done[k..].fill(true);
                    self.finds[k].push_back(found);
                }
            }
        }
    }
}

/// Just after the first space or line end in `SPLIT_REACH` bytes from `at`.
fn split_after(bytes: &[u8], at: usize) -> Option<usize> {
    let near = bytes.get(at..)?;
    let k = near
        .iter()
        .take(SPLIT_REACH)
        .position(|&b| b == b' ' || b == b'\n')?;
    Some(at + k + 1)
}

/// One part of a scan, `from..end`; `at` and `state` are where the automaton is.
struct Stream {
    from: usize,
    at: usize,
    end: usize,
    state: u8,
}

impl Stream {
    fn new(automaton: &Automaton, from: usize, end: usize, word: u8) -> Stream {
        Stream {
            from,
            at: from,
            end,
            state: automaton.state[usize::from(word)],
        }
    }

    /// Goes on from `at` as a new scan would.
    fn restart(&mut self, automaton: &Automaton, at: usize) {
        self.from = at;
        self.at = at;
        self.state = automaton.state[usize::from(BOUNDARY)];
    }

    /// If the automaton stopped on a char, steps over it as the word states
    /// do; at the end, the scan's result. `None` while there is more to scan.
    fn advance(
        &mut self,
        automaton: &Automaton,
        text: &str,
        style: ToneStyle,
        chars: bool,
    ) -> Option<Found> {
        let bytes = text.as_bytes();
        let word = automaton.word[usize::from(self.state)];
        if self.at >= self.end {
            return Some(self.finish(text, word, style, chars));
        }
        let b = bytes[self.at];
        if automaton.step[usize::from(row(self.state) | u16::from(b))] != STOP_ROW {
            return None;
        }
        let start = self.at - usize::from(automaton.read[usize::from(self.state)]);
        let (next, len) = if bytes[start].is_ascii() {
            match ascii_step(word, bytes[start], automaton.new_style) {
                DIRTY if chars => return Some(Found::DirtyChar(start)),
                DIRTY => (boundary_step(word, bytes[start] == b' '), 1),
                next => (next, 1),
            }
        } else {
            match char_step_at(automaton, bytes, start, word, chars) {
                Some(step) => step,
                None => return Some(Found::DirtyChar(start)),
            }
        };
        if next == WORD_END {
            if let Some(found) = look_closer(text, self.from, start, style) {
                return Some(found);
            }
            // The char after the word is scanned again as the start of a new one.
            self.state = automaton.state[usize::from(BOUNDARY)];
            self.at = start;
        } else {
            self.state = automaton.state[usize::from(next)];
            self.at = start + len;
        }
        None
    }

    /// The result of a stream that reached its end in `word`.
    fn finish(&self, text: &str, word: u8, style: ToneStyle, chars: bool) -> Found {
        if self.end < text.len() {
            return Found::Nothing;
        }
        if word == CHECK || word == CODA_DUE {
            if let Some(found) = look_closer(text, self.from, self.end, style) {
                return found;
            }
        }
        if chars && word == AFTER_SPACE {
            return Found::DirtyChar(self.end);
        }
        Found::Nothing
    }
}

/// Steps every part a byte each until one stops or ends.
#[inline(always)]
fn run_all(step: &[u16; 1 << 16], bytes: &[u8], parts: &mut [Stream; PARTS]) {
    let n = parts
        .iter()
        .map(|part| part.end - part.at)
        .min()
        .unwrap_or(0);
    let [Some(a), Some(b), Some(c), Some(d)] =
        parts.each_ref().map(|part| bytes.get(part.at..part.at + n))
    else {
        return;
    };
    let at = |row: u16, byte: u8| usize::from(row | u16::from(byte));
    let mut states = parts.each_ref().map(|part| row(part.state));
    let mut k = 0;
    // Blocks with one check at their end: `STOP`'s row is all `STOP`, so a
    // stop inside a block shows at its end; that block is then stepped again
    // a byte at a time below.
    let blocks = a.chunks_exact(BLOCK).zip(b.chunks_exact(BLOCK));
    let blocks = blocks.zip(c.chunks_exact(BLOCK)).zip(d.chunks_exact(BLOCK));
    for (((w, x), y), z) in blocks {
        let mut next = states;
        for i in 0..BLOCK {
            next = [
                step[at(next[0], w[i])],
                step[at(next[1], x[i])],
                step[at(next[2], y[i])],
                step[at(next[3], z[i])],
            ];
        }
        if next.contains(&STOP_ROW) {
            break;
        }
        states = next;
        k += BLOCK;
    }
    let rest = a[k..].iter().zip(&b[k..]).zip(&c[k..]).zip(&d[k..]);
    for (((&w, &x), &y), &z) in rest {
        let next = [
            step[at(states[0], w)],
            step[at(states[1], x)],
            step[at(states[2], y)],
            step[at(states[3], z)],
        ];
        if next.contains(&STOP_ROW) {
            break;
        }
        states = next;
        k += 1;
    }
    for (part, state) in parts.iter_mut().zip(states) {
        part.state = (state >> 8) as u8;
        part.at += k;
    }
}

/// Steps one stream until it stops or ends.
#[inline(always)]
fn run(step: &[u16; 1 << 16], bytes: &[u8], stream: &mut Stream) {
    let Some(xs) = bytes.get(stream.at..stream.end) else {
        return;
    };
    let at = |row: u16, byte: u8| usize::from(row | u16::from(byte));
    let mut state = row(stream.state);
    let mut k = 0;
    // Blocks as in `run_all`.
    for block in xs.chunks_exact(BLOCK) {
        let next = block.iter().fold(state, |state, &x| step[at(state, x)]);
        if next == STOP_ROW {
            break;
        }
        state = next;
        k += BLOCK;
    }
    for &x in &xs[k..] {
        let next = step[at(state, x)];
        if next == STOP_ROW {
            break;
        }
        state = next;
        k += 1;
    }
    stream.state = (state >> 8) as u8;
    stream.at += k;
}

/// The step for the non-ASCII char at byte `i` and its length; `None` (a
/// dirty char) when `chars` is asked for.
fn char_step_at(
    automaton: &Automaton,
    bytes: &[u8],
    i: usize,
    state: u8,
    chars: bool,
) -> Option<(u8, usize)> {
    let (c, len) = char_at(bytes, i);
    let last = bytes[i + len - 1];
    let class = match PREFIXES
        .iter()
        .position(|&prefix| *prefix == bytes[i..i + len - 1])
    {
        Some(k) => automaton.class[k << 6 | usize::from(last & 63)],
        None => classify(c),
    };
    let next = match char_step(state, class, automaton.new_style) {
        DIRTY if chars => return None,
        // Without `chars` they are what they look like.
        DIRTY if class == DIRTY_ALPHABETIC => FOREIGN,
        DIRTY => char_step(state, OTHER, automaton.new_style),
        next => next,
    };
    Some((next, len))
}

/// The fix for the suspicious word ending at `end` (its letters are all Vietnamese).
#[inline(never)]
fn look_closer(text: &str, from: usize, end: usize, style: ToneStyle) -> Option<Found> {
    let start = text[from..end]
        .char_indices()
        .rev()
        .find(|&(_, c)| syllable::letter(c).is_none())
        .map_or(from, |(k, c)| from + k + c.len_utf8());
    let fix = cached_plan(&text[start..end], style)?;
    is_free_standing(text, start, end).then_some(Found::Word(start, end, fix))
}

fn plan(word: &str, style: ToneStyle) -> Option<syllable::Fix> {
    syllable::plan(&syllable::Word::decode(word)?, style)
}

/// Longest word kept in [`PLANS`].
const CACHED_WORD_BYTES: usize = 24;
const CACHE_SLOTS: usize = 1024;

/// A word's plan, with its spelling and style as the key.
#[derive(Clone, Copy)]
struct CachedPlan {
    word: [u8; CACHED_WORD_BYTES],
    len: u8,
    style: ToneStyle,
    fix: Option<syllable::Fix>,
}

thread_local! {
    /// Suspicious words are mostly a few common ones whose tone is right
    /// (của, mùa, hỏi), so each is planned once a thread. Direct-mapped.
    static PLANS: RefCell<Vec<Option<CachedPlan>>> = const { RefCell::new(Vec::new()) };
}

/// [`plan`] through [`PLANS`].
fn cached_plan(word: &str, style: ToneStyle) -> Option<syllable::Fix> {
    let bytes = word.as_bytes();
    if bytes.len() > CACHED_WORD_BYTES {
        return plan(word, style);
    }
    // FNV-1a.
    let hash = bytes.iter().fold(0x811C_9DC5u32, |h, &b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    let slot = (hash ^ hash >> 16) as usize % CACHE_SLOTS;
    PLANS.with(|plans| {
        let Ok(mut plans) = plans.try_borrow_mut() else {
            return plan(word, style);
        };
        if plans.is_empty() {
            plans.resize(CACHE_SLOTS, None);
        }
        if let Some(Some(cached)) = plans.get(slot) {
            if cached.style == style && cached.word[..usize::from(cached.len)] == *bytes {
                return cached.fix;
            }
        }
        let fix = plan(word, style);
        let mut key = [0; CACHED_WORD_BYTES];
        key[..bytes.len()].copy_from_slice(bytes);
        if let Some(entry) = plans.get_mut(slot) {
            *entry = Some(CachedPlan {
                word: key,
                len: bytes.len() as u8,
                style,
                fix,
            });
        }
        fix
    })
}

#[cfg(test)]
pub(super) mod tests {
    use proptest::prelude::*;

    use super::*;

    pub(in crate::normalize) const STYLES: [ToneStyle; 3] =
        [ToneStyle::Old, ToneStyle::New, ToneStyle::Keep];
    const ONSETS: [&str; 28] = [
        "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh",
        "nh", "p", "ph", "q", "qu", "r", "s", "t", "th", "tr", "v",
    ];

    /// Every onset + rhyme of the lexicon, untoned and with each tone on each
    /// vowel, in lower, upper and title case: every word `plan` can fix.
    pub(in crate::normalize) fn syllables() -> Vec<String> {
        let mut words = Vec::new();
        let rhymes = crate::lexicon::words(include_str!("../lexicon/vi_rhymes.tsv"));
        for rhyme in rhymes {
            for onset in ONSETS.iter().chain(&["x"]) {
                let letters: Vec<Letter> = onset
                    .chars()
                    .chain(rhyme.chars())
                    .filter_map(syllable::letter)
                    .collect();
                let spell = |toned: Option<(usize, u8)>| -> String {
                    letters
                        .iter()
                        .enumerate()
                        .map(|(k, &letter)| match toned {
                            Some((at, tone)) if at == k => syllable::compose(letter, tone),
                            _ => syllable::compose(letter, 0),
                        })
                        .collect()
                };
                let mut forms = vec![spell(None)];
                for (k, letter) in letters.iter().enumerate() {
                    if letter.is_vowel() {
                        forms.extend((1..=5).map(|tone| spell(Some((k, tone)))));
                    }
                }
                for form in forms {
                    let mut title = form.chars();
                    let first = title.next().map(|c| c.to_uppercase().to_string());
                    words.push(first.unwrap_or_default() + title.as_str());
                    words.push(form.to_uppercase());
                    words.push(form);
                }
            }
        }
        words
    }

    /// The gate is exact: a word is found iff `plan` fixes it and it has a
    /// non-ASCII letter (all-ASCII words are never changed).
    #[test]
    fn scan_finds_exactly_the_words_plan_fixes() {
        let words = syllables();
        assert!(words.len() > 50_000, "{}", words.len());
        let mut found = 0;
        for word in &words {
            for style in STYLES {
                let expected = !word.is_ascii() && plan(word, style).is_some();
                let first = Scanner::new(word, style, false).next();
                let hit = matches!(first, Found::Word(0, end, _) if end == word.len());
                assert_eq!(hit, expected, "{word} {style:?}");
                found += usize::from(hit);
            }
        }
        assert!(found > 10_000, "{found}");
    }

    #[test]
    fn cached_plans_match_fresh_ones() {
        for word in syllables()
            .iter()
            .take(20_000)
            .chain(syllables().iter().take(20_000))
        {
            assert_eq!(
                cached_plan(word, ToneStyle::New),
                plan(word, ToneStyle::New),
                "{word}"
            );
        }
    }

    /// A char the automaton reads without stopping takes it to the word state
    /// the char-level steps give; signals (dirty chars, a word's end) stop it.
    #[test]
    fn automaton_steps_as_the_word_states() {
        for new_style in [false, true] {
            automaton_steps_in_style(new_style);
        }
    }

    fn automaton_steps_in_style(new_style: bool) {
        let automaton = &AUTOMATA[usize::from(new_style)];
        // Every state has a number below `STOP`, whose row stays `STOP`.
        assert!(word_states(new_style).len() * (PREFIXES.len() + 1) < usize::from(STOP));
        assert!((0..=255).all(|b| automaton.step[usize::from(STOP_ROW) | b] == STOP_ROW));
        let vietnamese = "àáâãèéêìíòóôõùúýăđĩũơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ";
        let chars = (0..0x3000)
            .chain(0x1_F600..0x1_F610)
            .filter_map(char::from_u32);
        let mut read = 0;
        for word in word_states(new_style) {
            for c in chars.clone() {
                let expected = if c.is_ascii() {
                    ascii_step(word, c as u8, new_style)
                } else {
                    char_step(word, classify(c), new_style)
                };
                let mut state = automaton.state[usize::from(word)];
                for &b in c.encode_utf8(&mut [0; 4]).as_bytes() {
                    if state != STOP {
                        let next = automaton.step[usize::from(row(state) | u16::from(b))];
                        state = (next >> 8) as u8;
                    }
                }
                let is_letter = vietnamese.contains(c) || vietnamese.to_uppercase().contains(c);
                if state == STOP {
                    let signal = usize::from(expected) >= STATES;
                    assert!(signal || !is_letter, "{word:#x} {c:?} stops");
                    continue;
                }
                assert_eq!(
                    automaton.word[usize::from(state)],
                    expected,
                    "{word:#x} {c:?}"
                );
                assert_eq!(automaton.read[usize::from(state)], 0);
                read += usize::from(is_letter);
            }
        }
        assert!(read > 1000, "{read}");
    }

    fn piece() -> impl Strategy<Value = String> {
        // Mostly clean text, so that a find in the second half counts.
        prop_oneof![
            8 => "(của|hoà|hòa|thuỷ|thủy|qúy|gìa|nghành|ngừơi|khoẻ|Ủy|ĐOÀN|giải|x|f)",
            8 => "( |\n)",
            2 => "[aeiouyâăêôơưđhngqkt]{1,3}",
            1 => "[ \t\r\n\u{A0}\u{200B}\u{301}.,“”@:/0-9]{1,2}",
            1 => any::<char>().prop_map(String::from),
        ]
    }

    /// Every find of `scanner`, up to the first that is no word.
    fn finds(mut scanner: Scanner) -> Vec<Found> {
        let mut finds = vec![scanner.next()];
        while let Some(Found::Word(..)) = finds.last() {
            finds.push(scanner.next());
        }
        finds
    }

    proptest! {
        /// Scanning in parts finds what one pass finds, wherever the parts
        /// start (just after a space or line end).
        #[test]
        fn parts_find_what_one_pass_finds(
            pieces in prop::collection::vec(piece(), 0..80),
            picks in prop::array::uniform3(any::<prop::sample::Index>()),
        ) {
            let text = pieces.concat();
            let mut starts: Vec<usize> = text
                .bytes()
                .enumerate()
                .filter(|&(_, b)| b == b' ' || b == b'\n')
                .map(|(k, _)| k + 1)
                .collect();
            starts.push(text.len());
            let mut splits = picks.map(|pick| starts[pick.index(starts.len())]);
            splits.sort_unstable();
            for style in STYLES {
                for chars in [false, true] {
                    let one_pass = finds(Scanner::with_splits(&text, style, chars, [text.len(); 3]));
                    let parts = finds(Scanner::with_splits(&text, style, chars, splits));
                    prop_assert_eq!(&parts, &one_pass, "{:?} {:?}", &text, splits);
                }
            }
        }
    }
}
