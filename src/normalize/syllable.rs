//! Vietnamese syllables: letters, onset + rhyme parsing, tone-mark placement.
//!
//! A letter is coded as its lowercase shaped base (a, ă, â, …, đ) plus tone
//! and case, so a syllable is parsed on at most eight small codes with no
//! allocation.

use std::sync::LazyLock;

use unicode_normalization::char::decompose_canonical;

use super::ToneStyle;

/// Longest syllable in letters ("nghiêng" has 7).
const MAX_LETTERS: usize = 8;

// Letter codes: 12 vowels first, then consonants.
const A: u8 = 1;
const A_BREVE: u8 = 2;
const A_CIRC: u8 = 3;
const E: u8 = 4;
const E_CIRC: u8 = 5;
const I: u8 = 6;
const O: u8 = 7;
const O_CIRC: u8 = 8;
const O_HORN: u8 = 9;
const U: u8 = 10;
const U_HORN: u8 = 11;
const Y: u8 = 12;
const LAST_VOWEL: u8 = Y;
const B: u8 = 13;
const C: u8 = 14;
const D: u8 = 15;
const D_STROKE: u8 = 16;
const G: u8 = 17;
const H: u8 = 18;
const K: u8 = 19;
const L: u8 = 20;
const M: u8 = 21;
const N: u8 = 22;
const P: u8 = 23;
const Q: u8 = 24;
const R: u8 = 25;
const S: u8 = 26;
const T: u8 = 27;
const V: u8 = 28;
const X: u8 = 29;
const CODES: usize = 30;

/// Marks of tones 1 to 5 (0 is no mark): grave, hook above, tilde, acute, dot below.
const TONE_MARKS: [char; 5] = ['\u{300}', '\u{309}', '\u{303}', '\u{301}', '\u{323}'];

/// The tone of each mark from U+0300 to U+0323 (0: not a tone mark), from [`TONE_MARKS`].
const TONE_OF_MARK: [u8; 0x24] = {
    let mut table = [0u8; 0x24];
    let mut t = 0;
    while t < TONE_MARKS.len() {
        table[TONE_MARKS[t] as usize - 0x300] = t as u8 + 1;
        t += 1;
    }
    table
};
const ACUTE: u8 = 4;
const DOT_BELOW: u8 = 5;

const BREVE: char = '\u{306}';
const CIRCUMFLEX: char = '\u{302}';
const HORN: char = '\u{31B}';

/// Bound of [`Letter::index`].
pub(crate) const LETTER_INDEXES: usize = 0x200;

/// One Vietnamese letter: shaped base code, tone (0 = none) and case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Letter {
    pub code: u8,
    pub tone: u8,
    pub upper: bool,
}

impl Letter {
    pub fn is_vowel(self) -> bool {
        is_vowel_code(self.code)
    }

    /// ă, â, ê, ô, ơ, ư: the last of these in a syllable carries the tone.
    pub fn is_shaped(self) -> bool {
        is_shaped(self.code)
    }

    /// Plain a or e: when toned after a consonant, always the tone's place.
    pub fn is_a_or_e(self) -> bool {
        matches!(self.code, A | E)
    }

    /// Plain o and y: "oa", "oe", "uy" may take the tone on their second vowel.
    pub fn is_plain_o(self) -> bool {
        self.code == O
    }

    pub fn is_y(self) -> bool {
        self.code == Y
    }

    /// A vowel that "ngh" may not precede (nghành → ngành).
    pub fn is_misspelt_after_ngh(self) -> bool {
        is_misspelt_after_ngh(self.code)
    }

    /// A number below [`LETTER_INDEXES`], one for each letter.
    pub fn index(self) -> usize {
        usize::from(self.pack() & 0x1FF)
    }

    fn pack(self) -> u16 {
        0x200 | u16::from(self.code) | u16::from(self.tone) << 5 | u16::from(self.upper) << 8
    }

    fn unpack(bits: u16) -> Option<Letter> {
        (bits != 0).then_some(Letter {
            code: (bits & 0x1F) as u8,
            tone: ((bits >> 5) & 0x7) as u8,
            upper: bits & 0x100 != 0,
        })
    }
}

fn is_misspelt_after_ngh(code: u8) -> bool {
    matches!(
        code,
        A | A_BREVE | A_CIRC | O | O_CIRC | O_HORN | U | U_HORN
    )
}

fn is_vowel_code(code: u8) -> bool {
    (A..=LAST_VOWEL).contains(&code)
}

fn is_shaped(code: u8) -> bool {
    matches!(code, A_BREVE | A_CIRC | E_CIRC | O_CIRC | O_HORN | U_HORN)
}

/// Front vowels that "k", "gh", "ngh" must precede and "c", "g", "ng" must not.
fn is_front(code: u8) -> bool {
    matches!(code, I | Y | E | E_CIRC)
}

const LATIN_FIRST: u32 = 0xC0;
const LATIN_LAST: u32 = 0x1B0;
const VIET_FIRST: u32 = 0x1EA0;
const VIET_LAST: u32 = 0x1EF9;

struct Tables {
    ascii: [u16; 128],
    latin: [u16; (LATIN_LAST - LATIN_FIRST + 1) as usize],
    viet: [u16; (VIET_LAST - VIET_FIRST + 1) as usize],
    /// compose[upper][code][tone]
    compose: [[[char; 6]; CODES]; 2],
    /// Open addressing on rhyme keys; 0 marks an empty slot.
    rhymes: [u32; RHYME_SLOTS],
}

const RHYME_SLOTS: usize = 1024;

fn rhyme_slot(key: u32) -> usize {
    (key.wrapping_mul(0x9E37_79B1) >> 22) as usize
}

static TABLES: LazyLock<Tables> = LazyLock::new(build_tables);

fn base_code(base: char) -> Option<u8> {
    let code = match base.to_ascii_lowercase() {
        'a' => A,
        'e' => E,
        'i' => I,
        'o' => O,
        'u' => U,
        'y' => Y,
        'b' => B,
        'c' => C,
        'd' => D,
        'g' => G,
        'h' => H,
        'k' => K,
        'l' => L,
        'm' => M,
        'n' => N,
        'p' => P,
        'q' => Q,
        'r' => R,
        's' => S,
        't' => T,
        'v' => V,
        'x' => X,
        _ => return None,
    };
    Some(code)
}

fn shaped_code(code: u8, shape: char) -> Option<u8> {
    match (code, shape) {
        (A, BREVE) => Some(A_BREVE),
        (A, CIRCUMFLEX) => Some(A_CIRC),
        (E, CIRCUMFLEX) => Some(E_CIRC),
        (O, CIRCUMFLEX) => Some(O_CIRC),
        (O, HORN) => Some(O_HORN),
        (U, HORN) => Some(U_HORN),
        _ => None,
    }
}

/// The Vietnamese letter a precomposed char stands for, found from its decomposition.
fn classify(c: char) -> Option<Letter> {
    match c {
        'Đ' => {
            return Some(Letter {
                code: D_STROKE,
                tone: 0,
                upper: true,
            })
        }
        'đ' => {
            return Some(Letter {
                code: D_STROKE,
                tone: 0,
                upper: false,
            })
        }
        _ => {}
    }
    let mut parts = [None::<char>; 4];
    let mut count = 0;
    decompose_canonical(c, |part| {
        if count < parts.len() {
            parts[count] = Some(part);
        }
        count += 1;
    });
    if count > 3 {
        return None;
    }
    let base = parts[0]?;
    if !base.is_ascii_alphabetic() {
        return None;
    }
    let mut code = base_code(base)?;
    let mut tone = 0;
    for mark in parts[1..count].iter().flatten() {
        if let Some(t) = TONE_MARKS.iter().position(|m| m == mark) {
            if tone != 0 || !is_vowel_code(code) {
                return None;
            }
            tone = t as u8 + 1;
        } else {
            code = shaped_code(code, *mark)?;
        }
    }
    Some(Letter {
        code,
        tone,
        upper: base.is_ascii_uppercase(),
    })
}

fn build_tables() -> Tables {
    let mut tables = Tables {
        ascii: [0; 128],
        latin: [0; (LATIN_LAST - LATIN_FIRST + 1) as usize],
        viet: [0; (VIET_LAST - VIET_FIRST + 1) as usize],
        compose: [[['\0'; 6]; CODES]; 2],
        rhymes: [0; RHYME_SLOTS],
    };
    let ranges = [
        (0x41, 0x7A),
        (LATIN_FIRST, LATIN_LAST),
        (VIET_FIRST, VIET_LAST),
    ];
    for (first, last) in ranges {
        for c in (first..=last).filter_map(char::from_u32) {
            let Some(letter) = classify(c) else { continue };
            let bits = letter.pack();
            let cp = u32::from(c);
            match cp {
                0..=0x7F => tables.ascii[cp as usize] = bits,
                LATIN_FIRST..=LATIN_LAST => tables.latin[(cp - LATIN_FIRST) as usize] = bits,
                _ => tables.viet[(cp - VIET_FIRST) as usize] = bits,
            }
            tables.compose[usize::from(letter.upper)][usize::from(letter.code)]
                [usize::from(letter.tone)] = c;
        }
    }
    let rhymes: Vec<u32> = crate::lexicon::words(include_str!("../lexicon/vi_rhymes.tsv"))
        .filter_map(|rhyme| {
            let mut codes = [0u8; MAX_LETTERS];
            let mut len = 0;
            for c in rhyme.chars() {
                codes[len] = letter_of(&tables, c)?.code;
                len += 1;
            }
            rhyme_key(&codes[..len])
        })
        .collect();
    for key in rhymes {
        let mut slot = rhyme_slot(key);
        while tables.rhymes[slot] != 0 && tables.rhymes[slot] != key {
            slot = (slot + 1) % RHYME_SLOTS;
        }
        tables.rhymes[slot] = key;
    }
    tables
}

#[inline]
fn letter_of(tables: &Tables, c: char) -> Option<Letter> {
    let cp = u32::from(c);
    let bits = match cp {
        0..=0x7F => tables.ascii[cp as usize],
        LATIN_FIRST..=LATIN_LAST => tables.latin[(cp - LATIN_FIRST) as usize],
        VIET_FIRST..=VIET_LAST => tables.viet[(cp - VIET_FIRST) as usize],
        _ => 0,
    };
    Letter::unpack(bits)
}

/// The Vietnamese letter `c` is, if any (ASCII letters f, j, w, z are not).
#[inline]
pub(crate) fn letter(c: char) -> Option<Letter> {
    letter_of(&TABLES, c)
}

/// `letter` with one more combining mark (shape or tone), if Vietnamese has it.
#[inline(always)]
pub(crate) fn with_mark(letter: Letter, mark: char) -> Option<Letter> {
    // One table read per mark: this runs for every mark of NFD text.
    let tone = (u32::from(mark))
        .checked_sub(0x300)
        .and_then(|i| TONE_OF_MARK.get(i as usize))
        .copied()
        .unwrap_or(0);
    if tone == 0 {
        let code = shaped_code(letter.code, mark)?;
        return Some(Letter { code, ..letter });
    }
    (letter.tone == 0 && letter.is_vowel()).then_some(Letter { tone, ..letter })
}

/// The char for a letter with the given tone.
#[inline]
pub(crate) fn compose(letter: Letter, tone: u8) -> char {
    TABLES.compose[usize::from(letter.upper)][usize::from(letter.code)][usize::from(tone)]
}

/// Five bits a letter; rhymes have at most four letters.
fn rhyme_key(codes: &[u8]) -> Option<u32> {
    if codes.is_empty() || codes.len() > 4 {
        return None;
    }
    Some(
        codes
            .iter()
            .fold(0u32, |key, &code| key << 5 | u32::from(code)),
    )
}

fn is_rhyme(codes: &[u8]) -> bool {
    let Some(key) = rhyme_key(codes) else {
        return false;
    };
    let rhymes = &TABLES.rhymes;
    let mut slot = rhyme_slot(key);
    loop {
        match rhymes[slot] {
            0 => return false,
            found if found == key => return true,
            _ => slot = (slot + 1) % RHYME_SLOTS,
        }
    }
}

/// A rhyme that a spelling onset ("qu", "gi") may have absorbed the first letter of.
fn is_rhyme_after(absorbed: u8, rest: &[u8]) -> bool {
    if rest.len() > 3 {
        return false;
    }
    let mut codes = [absorbed; 4];
    codes[1..=rest.len()].copy_from_slice(rest);
    is_rhyme(&codes[..=rest.len()])
}

/// Where the rhyme starts, and whether "ngh" must lose its "h" (nghành → ngành).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Parse {
    rhyme_start: usize,
    ngh_misspelt: bool,
}

fn parse(codes: &[u8]) -> Option<Parse> {
    let n = codes.len();
    let at = |k: usize| codes.get(k).copied().unwrap_or(0);
    let plain = |onset: usize| Parse {
        rhyme_start: onset,
        ngh_misspelt: false,
    };
    let rhyme_ok = |onset: usize| onset < n && is_rhyme(&codes[onset..]);
    match (at(0), at(1), at(2)) {
        (N, G, H) => {
            let first = at(3);
            let ngh_misspelt = is_misspelt_after_ngh(first);
            let ok = (ngh_misspelt || matches!(first, I | E | E_CIRC)) && rhyme_ok(3);
            return ok.then_some(Parse {
                rhyme_start: 3,
                ngh_misspelt,
            });
        }
        (N, G, first) | (G, H, first) => {
            let wants_front = at(1) == H;
            let front = is_front(first) && first != Y;
            return (wants_front == front && rhyme_ok(2)).then(|| plain(2));
        }
        (N | C | T | K | P, H, _) | (T, R, _) => return rhyme_ok(2).then(|| plain(2)),
        (Q, U, first) => {
            let rest = &codes[2..];
            let ok = is_vowel_code(first)
                && !matches!(first, O | U | U_HORN)
                && (is_rhyme(rest) || is_rhyme_after(U, rest));
            return ok.then(|| plain(2));
        }
        (G, I, first) if is_vowel_code(first) => {
            let rest = &codes[2..];
            if is_rhyme(rest) || is_rhyme_after(I, rest) {
                return Some(plain(2));
            }
        }
        _ => {}
    }
    let first = at(0);
    if is_vowel_code(first) {
        return rhyme_ok(0).then(|| plain(0));
    }
    let next = at(1);
    let allowed = match first {
        K => is_front(next),
        C => !is_front(next),
        G => !matches!(next, E | E_CIRC),
        Q => false,
        _ => true,
    };
    (allowed && rhyme_ok(1)).then(|| plain(1))
}

/// Index in the rhyme of the vowel that carries the tone mark.
fn tone_index(rhyme: &[u8], new_style: bool) -> usize {
    let vowels = rhyme.iter().take_while(|&&c| is_vowel_code(c)).count();
    if let Some(k) = (0..vowels).rev().find(|&k| is_shaped(rhyme[k])) {
        return k;
    }
    if vowels <= 1 {
        return 0;
    }
    if vowels < rhyme.len() {
        return vowels - 1;
    }
    if vowels == 3 {
        return 1;
    }
    match (rhyme[0], rhyme[1]) {
        (O, A) | (O, E) | (U, Y) if new_style => 1,
        _ => 0,
    }
}

/// Stop codas take only the sắc or nặng tone.
fn tone_fits(rhyme: &[u8], tone: u8) -> bool {
    let stop = match rhyme {
        [.., C, H] => true,
        [.., last] => matches!(*last, C | P | T),
        [] => false,
    };
    !stop || tone == ACUTE || tone == DOT_BELOW
}

/// A word's letters, collected without allocation.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Word {
    letters: [Letter; MAX_LETTERS],
    codes: [u8; MAX_LETTERS],
    len: usize,
}

impl Word {
    const EMPTY: Word = Word {
        letters: [Letter {
            code: 0,
            tone: 0,
            upper: false,
        }; MAX_LETTERS],
        codes: [0; MAX_LETTERS],
        len: 0,
    };

    /// Adds a letter; false when the word is too long to be a syllable.
    fn push(&mut self, letter: Letter) -> bool {
        if self.len == MAX_LETTERS {
            return false;
        }
        self.letters[self.len] = letter;
        self.codes[self.len] = letter.code;
        self.len += 1;
        true
    }

    /// `None` if `word` has a non-Vietnamese letter or is too long.
    pub fn decode(word: &str) -> Option<Word> {
        let mut decoded = Word::EMPTY;
        for c in word.chars() {
            if !decoded.push(letter(c)?) {
                return None;
            }
        }
        (decoded.len > 0).then_some(decoded)
    }

    fn letters(&self) -> &[Letter] {
        &self.letters[..self.len]
    }

    fn codes(&self) -> &[u8] {
        &self.codes[..self.len]
    }

    /// The only toned letter: `Ok(None)` when untoned, `Err` when several are toned.
    fn toned(&self) -> Result<Option<(usize, u8)>, ()> {
        let mut found = None;
        for (k, letter) in self.letters().iter().enumerate() {
            if letter.tone != 0 {
                if found.is_some() {
                    return Err(());
                }
                found = Some((k, letter.tone));
            }
        }
        Ok(found)
    }

    /// lower, UPPER or Title case.
    fn has_plain_case(&self) -> bool {
        let rest = &self.letters()[1..];
        rest.iter().all(|l| !l.upper) || (self.letters[0].upper && rest.iter().all(|l| l.upper))
    }
}

/// True if `word` is one Vietnamese syllable (any case, any tone, either tone style).
pub fn is_vietnamese_syllable(word: &str) -> bool {
    let Some(decoded) = Word::decode(word) else {
        return false;
    };
    let Ok(toned) = decoded.toned() else {
        return false;
    };
    let Some(parse) = parse(decoded.codes()) else {
        return false;
    };
    let tone = toned.map_or(0, |(_, tone)| tone);
    !parse.ngh_misspelt && tone_fits(&decoded.codes()[parse.rhyme_start..], tone)
}

/// How to rewrite one word: move the tone mark, drop the "h" of a misspelt "ngh".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Fix {
    /// (from letter, to letter, tone)
    pub tone_move: Option<(usize, usize, u8)>,
    pub drop_letter: Option<usize>,
}

/// The change `decoded` needs in `style`, if it is a Vietnamese syllable that needs one.
pub(crate) fn plan(decoded: &Word, style: ToneStyle) -> Option<Fix> {
    if decoded.len == 0 || !decoded.has_plain_case() {
        return None;
    }
    let toned = decoded.toned().ok()?;
    let parse = parse(decoded.codes())?;
    let rhyme = &decoded.codes()[parse.rhyme_start..];
    let tone_move = match toned {
        None => None,
        Some((at, tone)) => {
            if !tone_fits(rhyme, tone) {
                return None;
            }
            let old = parse.rhyme_start + tone_index(rhyme, false);
            let new = parse.rhyme_start + tone_index(rhyme, true);
            let target = match style {
                ToneStyle::Old => old,
                ToneStyle::New => new,
                ToneStyle::Keep if at == new => new,
                ToneStyle::Keep => old,
            };
            (target != at).then_some((at, target, tone))
        }
    };
    let drop_letter = parse.ngh_misspelt.then_some(2);
    (tone_move.is_some() || drop_letter.is_some()).then_some(Fix {
        tone_move,
        drop_letter,
    })
}

/// Writes `word` rewritten by `fix` to `out`.
pub(crate) fn apply(word: &str, fix: Fix, out: &mut String) {
    for (k, c) in word.chars().enumerate() {
        if fix.drop_letter == Some(k) {
            continue;
        }
        match (fix.tone_move, letter(c)) {
            (Some((from, to, tone)), Some(letter)) if k == from || k == to => {
                out.push(compose(letter, if k == to { tone } else { 0 }));
            }
            _ => out.push(c),
        }
    }
}
