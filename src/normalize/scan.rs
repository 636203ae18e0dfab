//! The scan that proves text clean or finds the first thing to change.
//!
//! A table-driven byte loop: an ASCII byte costs one lookup in a state × byte
//! table; a non-ASCII char is classified by its code point (one lookup below
//! U+3000) and costs one lookup in a state × class table. A state holds only
//! what decides whether the word being scanned needs a closer look:
//!
//! - a tone mark is provably in place, in every style, when it sits on a
//!   shaped vowel (ă â ê ô ơ ư) with no shaped vowel after it, or on a plain
//!   a/e right after a consonant; any other toned vowel touching a vowel makes
//!   the word suspicious;
//! - "ngh" is misspelt only before a/ă/â/o/ô/ơ/u/ư (nghành → ngành);
//! - words without a non-ASCII letter, or with a letter outside the
//!   Vietnamese alphabet, are never changed.
//!
//! Only a suspicious word is decoded and planned ([`look_closer`]).

use std::cell::RefCell;
use std::sync::LazyLock;

use super::syllable::{self, Letter};
use super::{char_at, is_free_standing, is_stable_other, ToneStyle};

/// What a scan found first.
pub(super) enum Found {
    Nothing,
    /// A char that cleaning or composing would change.
    DirtyChar,
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
const STATES: usize = 0x84;
// Signals to the loop, above every state.
const MULTI_BYTE: u8 = 0xFD;
/// A `CHECK` word ends before this char.
const WORD_END: u8 = 0xFE;
/// A char that cleaning would change (CR, tab, a space before a space or line end).
const DIRTY: u8 = 0xFF;

// A non-ASCII char's class: a letter's features as bits, or one of the kinds after them.
const VOWEL: u8 = 1;
const SHAPED: u8 = 2;
const TONED: u8 = 4;
const A_OR_E: u8 = 8;
const NOT_AFTER_NGH: u8 = 16;
const FOREIGN_LETTER: u8 = 32;
/// A stable char that is no letter: it ends a word.
const OTHER: u8 = 33;
/// Chars cleaning or composing changes, alphabetic or not.
const DIRTY_ALPHABETIC: u8 = 34;
const DIRTY_OTHER: u8 = 35;
const CLASSES: usize = 36;

/// Code points below this are classified by table.
const TABLE_CHARS: u32 = 0x3000;

struct Tables {
    /// By `state << 8 | byte`, the next state shifted left by 8: the ASCII
    /// loop then needs no shift nor bounds check.
    ascii_step: Box<[u16; 1 << 16]>,
    /// Rows for every u8 and a power-of-two width: indexed without bounds checks.
    char_step: [[u8; 64]; 256],
    char_class: Vec<u8>,
}

static TABLES: LazyLock<Tables> = LazyLock::new(|| {
    let mut tables = Tables {
        ascii_step: Box::new([u16::from(DIRTY) << 8; 1 << 16]),
        char_step: [[DIRTY; 64]; 256],
        char_class: (0..TABLE_CHARS)
            .map(|cp| char::from_u32(cp).map_or(OTHER, classify))
            .collect(),
    };
    for state in 0..STATES as u8 {
        for b in 0..=255u8 {
            tables.ascii_step[usize::from(state) << 8 | usize::from(b)] =
                u16::from(ascii_step(state, b)) << 8;
        }
        for class in 0..CLASSES as u8 {
            tables.char_step[usize::from(state)][usize::from(class)] = char_step(state, class);
        }
    }
    tables
});

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

/// The state after a Vietnamese letter with `features`; `ascii` is its byte if it is one.
fn letter_step(state: u8, features: u8, ascii: Option<u8>) -> u8 {
    if state == CHECK || state == FOREIGN {
        return state;
    }
    let at_start = state >= BOUNDARY;
    let word = if at_start { 0 } else { state };
    let has = |bit: u8| word & bit != 0;
    let vowel = features & VOWEL != 0;
    let shaped = features & SHAPED != 0;
    let toned = features & TONED != 0;
    let toned_plain = toned && !shaped;
    let suspicious = (vowel && (has(PREV_LOOSE_TONE) || (has(SHAPED_TONE_SEEN) && shaped)))
        || (toned_plain && has(PREV_VOWEL));
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
        CHECK => WORD_END,
        _ if space => AFTER_SPACE,
        _ => BOUNDARY,
    }
}

fn ascii_step(state: u8, b: u8) -> u8 {
    if !b.is_ascii() {
        return MULTI_BYTE;
    }
    if b.is_ascii_alphabetic() {
        return match syllable::letter(char::from(b)) {
            Some(letter) => letter_step(state, features(letter), Some(b)),
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

fn char_step(state: u8, class: u8) -> u8 {
    match class {
        FOREIGN_LETTER => FOREIGN,
        OTHER => boundary_step(state, false),
        DIRTY_ALPHABETIC | DIRTY_OTHER => DIRTY,
        features => letter_step(state, features, None),
    }
}

/// Scans `text` from byte `from` (a word boundary) for the first word needing
/// a fix and, with `chars`, the first char needing cleaning or composing.
pub(super) fn scan(text: &str, from: usize, style: ToneStyle, chars: bool) -> Found {
    let tables = &*TABLES;
    let bytes = text.as_bytes();
    let mut state = BOUNDARY;
    let mut i = from;
    loop {
        let (at, last, signal) = run_ascii(&tables.ascii_step, bytes, i, state);
        i = at;
        state = last;
        let Some(&b) = bytes.get(i) else { break };
        let (next, len) = match signal {
            MULTI_BYTE => match char_step_at(tables, bytes, i, state, chars) {
                Some(step) => step,
                None => return Found::DirtyChar,
            },
            DIRTY if chars => return Found::DirtyChar,
            DIRTY => (boundary_step(state, b == b' '), 1),
            _ => (WORD_END, 0),
        };
        if next == WORD_END {
            if let Some(found) = look_closer(text, from, i, style) {
                return found;
            }
            // The char after the word is scanned again as the start of a new one.
            state = BOUNDARY;
            continue;
        }
        state = next;
        i += len;
    }
    if state == CHECK {
        if let Some(found) = look_closer(text, from, bytes.len(), style) {
            return found;
        }
    }
    if chars && state == AFTER_SPACE {
        return Found::DirtyChar;
    }
    Found::Nothing
}

/// Steps over bytes from `i` while they need no more than the table; returns
/// where it stopped, the state there and the signal (`MULTI_BYTE` at the end).
#[inline(always)]
fn run_ascii(step: &[u16; 1 << 16], bytes: &[u8], mut i: usize, state: u8) -> (usize, u8, u8) {
    let mut row = u16::from(state) << 8;
    // Eight bytes a round: one length check for eight lookups.
    while let Some(chunk) = bytes.get(i..i + 8) {
        for (k, &b) in chunk.iter().enumerate() {
            let next = step[usize::from(row | u16::from(b))];
            if next >= u16::from(MULTI_BYTE) << 8 {
                return (i + k, (row >> 8) as u8, (next >> 8) as u8);
            }
            row = next;
        }
        i += 8;
    }
    while let Some(&b) = bytes.get(i) {
        let next = step[usize::from(row | u16::from(b))];
        if next >= u16::from(MULTI_BYTE) << 8 {
            return (i, (row >> 8) as u8, (next >> 8) as u8);
        }
        row = next;
        i += 1;
    }
    (i, (row >> 8) as u8, MULTI_BYTE)
}

/// The step for the non-ASCII char at byte `i` and its length; `None` for a
/// dirty char when `chars` is asked for.
#[inline]
fn char_step_at(
    tables: &Tables,
    bytes: &[u8],
    i: usize,
    state: u8,
    chars: bool,
) -> Option<(u8, usize)> {
    let (class, len) = class_at(tables, bytes, i);
    let row = &tables.char_step[usize::from(state)];
    let next = match row[usize::from(class & 63)] {
        DIRTY if chars => return None,
        // Without `chars` they are what they look like.
        DIRTY if class == DIRTY_ALPHABETIC => FOREIGN,
        DIRTY => row[usize::from(OTHER)],
        next => next,
    };
    Some((next, len))
}

/// The class of the non-ASCII char starting at byte `i`, and its length.
#[inline]
fn class_at(tables: &Tables, bytes: &[u8], i: usize) -> (u8, usize) {
    let byte = |k: usize| u32::from(bytes.get(i + k).map_or(0, |b| b & 0x3F));
    let lead = u32::from(bytes.get(i).copied().unwrap_or(0));
    let (code, len) = match lead {
        0xC0..=0xDF => ((lead & 0x1F) << 6 | byte(1), 2),
        0xE0..=0xEF => ((lead & 0x0F) << 12 | byte(1) << 6 | byte(2), 3),
        _ => {
            let (c, len) = char_at(bytes, i);
            return (classify(c), len);
        }
    };
    match tables.char_class.get(code as usize) {
        Some(&class) => (class, len),
        None => (
            classify(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER)),
            len,
        ),
    }
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
mod tests {
    use super::*;

    const STYLES: [ToneStyle; 3] = [ToneStyle::Old, ToneStyle::New, ToneStyle::Keep];
    const ONSETS: [&str; 28] = [
        "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh",
        "nh", "p", "ph", "q", "qu", "r", "s", "t", "th", "tr", "v",
    ];

    /// Every onset + rhyme of the lexicon, untoned and with each tone on each
    /// vowel, in lower, upper and title case: every word `plan` can fix.
    fn syllables() -> Vec<String> {
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
                let hit = matches!(scan(word, 0, style, false), Found::Word(0, end, _) if end == word.len());
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
}
