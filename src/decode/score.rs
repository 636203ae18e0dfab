//! How Vietnamese a decoded text looks: the share of its non-ASCII words that
//! are well-formed Vietnamese syllables, with implausible characters (controls,
//! U+FFFD, private use) counted against it. Wrong decodings turn letters into
//! symbols or into letter clusters no syllable has, so the right one scores highest.

use std::sync::LazyLock;

use unicode_normalization::char::compose;
use unicode_normalization::UnicodeNormalization;

/// Tally of one text; compare candidates with [`Score::value`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Score {
    /// Words holding at least one non-ASCII character.
    pub scored: u32,
    /// Those of them that parse as a Vietnamese syllable.
    pub valid: u32,
    /// Control characters, U+FFFD and private-use characters.
    pub implausible: u32,
}

impl Score {
    /// Share of good words among all evidence, 0 when there is none.
    pub fn value(&self) -> f32 {
        let total = self.scored + self.implausible;
        if total == 0 {
            0.0
        } else {
            self.valid as f32 / total as f32
        }
    }

    /// Invalid words plus implausible characters.
    pub fn bad(&self) -> u32 {
        self.scored - self.valid + self.implausible
    }
}

const TONE_GRAVE: u8 = 1;
const TONE_ACUTE: u8 = 2;
const TONE_HOOK: u8 = 3;
const TONE_TILDE: u8 = 4;
const TONE_DOT: u8 = 5;

fn combining_tone(c: char) -> Option<u8> {
    match c {
        '\u{300}' => Some(TONE_GRAVE),
        '\u{301}' => Some(TONE_ACUTE),
        '\u{309}' => Some(TONE_HOOK),
        '\u{303}' => Some(TONE_TILDE),
        '\u{323}' => Some(TONE_DOT),
        _ => None,
    }
}

/// Vietnamese letters without tone, lower case, in alphabet order; index + 1 is the letter code.
const LETTERS: [char; 29] = [
    'a', 'ă', 'â', 'b', 'c', 'd', 'đ', 'e', 'ê', 'g', 'h', 'i', 'k', 'l', 'm', 'n', 'o', 'ô', 'ơ',
    'p', 'q', 'r', 's', 't', 'u', 'ư', 'v', 'x', 'y',
];

fn letter_code(c: char) -> Option<u8> {
    LETTERS.iter().position(|&l| l == c).map(|i| i as u8 + 1)
}

/// Vietnamese letters all lie below U+1F00, so a flat table indexed by code point serves.
const TABLE_END: usize = 0x1F00;

/// Every Vietnamese letter, either case, toned or not → (letter code, tone);
/// code 0 for other characters.
static LETTER_TABLE: LazyLock<Vec<(u8, u8)>> = LazyLock::new(|| {
    let tones = [
        ('\u{300}', TONE_GRAVE),
        ('\u{301}', TONE_ACUTE),
        ('\u{309}', TONE_HOOK),
        ('\u{303}', TONE_TILDE),
        ('\u{323}', TONE_DOT),
    ];
    let mut table = vec![(0u8, 0u8); TABLE_END];
    let mut insert = |c: char, entry: (u8, u8)| {
        if let Some(slot) = table.get_mut(c as usize) {
            *slot = entry;
        }
    };
    for (i, &base) in LETTERS.iter().enumerate() {
        let code = i as u8 + 1;
        let mut forms = vec![(base, 0)];
        if "aăâeêioôơuưy".contains(base) {
            // NFC, not compose(): "ộ" is "ọ" + circumflex, so ô + dot has no pair.
            forms.extend(tones.iter().filter_map(|&(mark, tone)| {
                let toned: String = [base, mark].into_iter().nfc().collect();
                let mut chars = toned.chars();
                chars
                    .next()
                    .filter(|_| chars.next().is_none())
                    .map(|c| (c, tone))
            }));
        }
        for (form, tone) in forms {
            insert(form, (code, tone));
            for upper in form.to_uppercase() {
                insert(upper, (code, tone));
            }
        }
    }
    // Some articles write Đ with the look-alike Icelandic eth.
    insert('Ð', (letter_code('đ').unwrap_or(0), 0));
    table
});

const INITIALS: &[&str] = &[
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh",
    "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
];

const MAX_LETTERS: usize = 8;

fn pack(codes: &[u8]) -> u64 {
    codes.iter().fold(0u64, |key, &c| (key << 5) | u64::from(c))
}

fn codes_of(s: &str) -> Vec<u8> {
    s.chars().filter_map(letter_code).collect()
}

const fn code(letter: char) -> u8 {
    let mut i = 0;
    while i < LETTERS.len() {
        if LETTERS[i] == letter {
            return i as u8 + 1;
        }
        i += 1;
    }
    0
}

const C: u8 = code('c');
const G: u8 = code('g');
const H: u8 = code('h');
const I: u8 = code('i');
const O: u8 = code('o');
const P: u8 = code('p');
const Q: u8 = code('q');
const T: u8 = code('t');
const U: u8 = code('u');
const Y: u8 = code('y');

/// Bit `code` is set for the vowel letters.
const VOWEL_BITS: u32 = {
    let vowels = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];
    let mut bits = 0;
    let mut i = 0;
    while i < vowels.len() {
        bits |= 1 << code(vowels[i]);
        i += 1;
    }
    bits
};

fn is_vowel(code: u8) -> bool {
    code < 32 && VOWEL_BITS & (1 << code) != 0
}

fn sorted_keys<'a>(items: impl Iterator<Item = &'a str>) -> Vec<u64> {
    let mut keys: Vec<u64> = items.map(|s| pack(&codes_of(s))).collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// The rhymes the normalizer knows (medial + nucleus + coda); the stop-coda tone rule is in
/// `is_syllable`.
static RHYME_KEYS: LazyLock<Vec<u64>> = LazyLock::new(|| {
    sorted_keys(crate::lexicon::words(include_str!(
        "../lexicon/vi_rhymes.tsv"
    )))
});

static INITIAL_KEYS: LazyLock<Vec<u64>> = LazyLock::new(|| sorted_keys(INITIALS.iter().copied()));

/// True when `codes` (toneless letters) with `tone` on letter `tone_at` is a well-formed syllable.
fn is_syllable(codes: &[u8], tone: u8, tone_at: usize) -> bool {
    let stop = matches!(codes.last(), Some(&(C | P | T))) || codes.ends_with(&[C, H]);
    if stop && tone != TONE_ACUTE && tone != TONE_DOT {
        return false;
    }
    // A tone never sits on a closing glide ("aù", "oí"), except on y after u ("thuỷ").
    let tone_on_glide = |rhyme: &[u8]| match rhyme {
        [.., before, last] => {
            tone != 0
                && tone_at + 1 == codes.len()
                && matches!(*last, I | Y | O | U)
                && is_vowel(*before)
                && !(*before == U && *last == Y)
        }
        _ => false,
    };
    let consonants = codes.iter().take_while(|&&c| !is_vowel(c)).count();
    // The initial is the leading consonants, or with "qu" and "gi" one letter more.
    let longer = matches!(codes, [Q, U, ..] | [G, I, ..]).then_some(2);
    [Some(consonants), longer]
        .into_iter()
        .flatten()
        .any(|split| {
            let (initial, rhyme) = codes.split_at(split.min(codes.len()));
            !rhyme.is_empty()
                && INITIAL_KEYS.binary_search(&pack(initial)).is_ok()
                && RHYME_KEYS.binary_search(&pack(rhyme)).is_ok()
                && !tone_on_glide(rhyme)
        })
}

/// Word parser state: letter codes so far, tone, and whether it can still be a syllable.
struct Word {
    codes: [u8; MAX_LETTERS],
    len: usize,
    tone: u8,
    /// Index of the letter carrying the tone.
    tone_at: usize,
    ok: bool,
    non_ascii: bool,
}

impl Word {
    const EMPTY: Word = Word {
        codes: [0; MAX_LETTERS],
        len: 0,
        tone: 0,
        tone_at: 0,
        ok: true,
        non_ascii: false,
    };

    fn push(&mut self, ch: char) {
        if !ch.is_ascii() {
            self.non_ascii = true;
        }
        if !self.ok {
            return;
        }
        if let Some(tone) = combining_tone(ch) {
            self.set_tone(tone);
            return;
        }
        if matches!(ch, '\u{302}' | '\u{306}' | '\u{31B}') {
            self.reshape(ch);
            return;
        }
        match LETTER_TABLE.get(ch as usize) {
            Some(&(code, tone)) if code != 0 && self.len < MAX_LETTERS => {
                self.codes[self.len] = code;
                self.len += 1;
                if tone != 0 {
                    self.set_tone(tone);
                }
            }
            _ => self.ok = false,
        }
    }

    fn set_tone(&mut self, tone: u8) {
        if self.tone != 0 || self.len == 0 {
            self.ok = false;
        }
        self.tone = tone;
        self.tone_at = self.len.saturating_sub(1);
    }

    /// A combining circumflex, breve or horn changes the letter before it.
    fn reshape(&mut self, mark: char) {
        let shaped = self
            .len
            .checked_sub(1)
            .and_then(|i| LETTERS.get(usize::from(self.codes[i]).wrapping_sub(1)))
            .and_then(|&base| compose(base, mark))
            .and_then(letter_code);
        match shaped {
            Some(code) => self.codes[self.len - 1] = code,
            None => self.ok = false,
        }
    }

    fn is_valid(&self) -> bool {
        self.ok && self.len > 0 && is_syllable(&self.codes[..self.len], self.tone, self.tone_at)
    }
}

/// Punctuation that separates words; anything else non-ASCII belongs to the word it touches.
fn is_separator(c: char) -> bool {
    if c.is_ascii() {
        return !c.is_ascii_alphanumeric();
    }
    c.is_whitespace() || matches!(c, '\u{A0}' | '–' | '—' | '‘' | '’' | '“' | '”' | '…' | '•')
}

fn is_implausible(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0C'))
        || c == '\u{FFFD}'
        || ('\u{E000}'..='\u{F8FF}').contains(&c)
}

/// Scores a whole text.
pub(super) fn score(text: &str) -> Score {
    let mut score = Score::default();
    let mut word = Word::EMPTY;
    let finish = |word: &mut Word, score: &mut Score| {
        if word.non_ascii {
            score.scored += 1;
            score.valid += u32::from(word.is_valid());
        }
        *word = Word::EMPTY;
    };
    for ch in text.chars() {
        if is_implausible(ch) {
            score.implausible += 1;
        }
        if is_separator(ch) {
            finish(&mut word, &mut score);
        } else {
            word.push(ch);
        }
    }
    finish(&mut word, &mut score);
    score
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid(word: &str) -> bool {
        let mut parsed = Word::EMPTY;
        word.chars().for_each(|c| parsed.push(c));
        parsed.is_valid()
    }

    #[test]
    fn real_syllables_are_valid() {
        for w in [
            "Nông", "Sơn", "tổ", "chức", "Hội", "nghị", "chuyên", "đề", "cải", "cách", "hành",
            "chính", "năm", "huyện", "Nguyễn", "Văn", "Hòa", "hoà", "quyết", "nghiêng", "khuyết",
            "thuỷ", "thủy", "quý", "múa", "túi", "giữa", "gì", "thuở", "xoong", "ương", "người",
            "ĐỒNG", "HUYỆN", "tuyển", "khoẻ", "ngoặt", "quốc", "điện", "tử", "ấy", "ở",
        ] {
            assert!(valid(w), "{w} should be a syllable");
        }
    }

    #[test]
    fn decomposed_marks_are_read_like_precomposed() {
        // Windows-1258 style: base letter with shape, then a combining tone.
        assert!(valid("Nô\u{301}ng"));
        assert!(valid("nghi\u{323}"));
        assert!(valid("ho\u{31B}\u{300}"));
    }

    #[test]
    fn garbled_words_are_invalid() {
        for w in [
            "N«ng", "NÃ´ng", "Nềng", "Noâng", "aù", "tæ", "chøc", "cac", "hàt", "ăă", "dđ", "Nơng",
            "chiiến", "ngh́", "áà", "aó", "tuí", "hoí",
        ] {
            assert!(!valid(w), "{w} should not be a syllable");
        }
    }

    #[test]
    fn implausible_characters_are_counted() {
        let s = score("Hội nghị\u{FFFD} ở \u{1}Nông");
        assert_eq!(s.implausible, 2);
        assert_eq!(s.scored, 4);
        assert_eq!(s.valid, 3);
    }

    #[test]
    fn ascii_words_and_punctuation_are_not_scored() {
        let s = score("UBND “Nông Sơn” – 2022…");
        assert_eq!((s.scored, s.valid, s.implausible), (2, 2, 0));
        assert_eq!(score("plain English text").value(), 0.0);
    }
}
