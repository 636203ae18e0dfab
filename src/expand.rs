//! Abbreviations: found as whole tokens, expanded by lexicon and context.
//!
//! An abbreviation is emitted only when its meaning is certain: it is in the
//! lexicon (and its context rule, if any, holds) or the article spells it out
//! in a gloss, "tổng sản phẩm địa phương (GRDP)" or "SIPAS (chỉ số hài lòng…)".
//! A gloss wins over the lexicon for the whole article, first gloss first.
//! Codes inside document symbols ("QĐ-UBND", "35-CT/TW") and all-caps headings
//! or names are skipped.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
use memchr::memmem;
use regex::Regex;
use unicode_normalization::UnicodeNormalization;

use crate::bytescan::{self, Marks};
use crate::lexicon;
use crate::serialize::Abbreviation;

const SOURCE: &str = include_str!("lexicon/abbreviations.tsv");

/// When an ambiguous abbreviation means its lexicon expansion.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Context {
    Always,
    /// The next word is one of these.
    Before(Vec<&'static str>),
    /// The previous word is one of these.
    After(Vec<&'static str>),
    /// A capitalised word follows, after spaces or a dot: "TP Huế", "TP. Huế".
    Name,
    /// A number follows, not a phone number: "QL 1A", not "ĐT 0256…".
    Digit,
    /// Written in parentheses: the publisher tag "(BĐ) -".
    Tag,
    /// The article uses these words: HS is "hồ sơ" where the article speaks of "hồ sơ".
    Mentions(&'static str),
}

#[derive(Debug)]
struct Entry {
    abbr: &'static str,
    expansion: &'static str,
    context: Context,
}

struct Lexicon {
    entries: Vec<Entry>,
    /// Every surface form, searched where [`bytescan::opens_capitalised`] says one may start.
    forms: bytescan::Literals,
    /// For each matcher pattern, the entries it may stand for, in file order.
    pattern_entries: Vec<Vec<usize>>,
    /// Canonical abbreviation (no spaces) of each entry.
    keys: Vec<String>,
    /// Lower-cased words of each entry's expansion, for gloss checks.
    folded_expansions: Vec<Vec<String>>,
    /// Canonical abbreviation → entries, for gloss checks.
    by_key: BTreeMap<String, Vec<usize>>,
}

fn parse_context(field: Option<&&'static str>) -> Result<Context, String> {
    let Some(field) = field.copied() else {
        return Ok(Context::Always);
    };
    let words = |list: &'static str| list.split('|').filter(|w| !w.is_empty()).collect();
    match field {
        "name" => Ok(Context::Name),
        "digit" => Ok(Context::Digit),
        "tag" => Ok(Context::Tag),
        _ => {
            if let Some(words) = field.strip_prefix("mentions:") {
                Ok(Context::Mentions(words))
            } else if let Some(list) = field.strip_prefix("before:") {
                Ok(Context::Before(words(list)))
            } else if let Some(list) = field.strip_prefix("after:") {
                Ok(Context::After(words(list)))
            } else {
                Err(format!("unknown context {field:?}"))
            }
        }
    }
}

fn parse_entries() -> Result<Vec<Entry>, String> {
    lexicon::rows(SOURCE)
        .map(|fields| {
            let (Some(abbr), Some(expansion)) = (fields.first(), fields.get(1)) else {
                return Err(format!("expected ABBR<TAB>expansion: {fields:?}"));
            };
            if abbr.is_empty() || expansion.is_empty() || fields.len() > 3 {
                return Err(format!("bad entry: {fields:?}"));
            }
            Ok(Entry {
                abbr,
                expansion,
                context: parse_context(fields.get(2))?,
            })
        })
        .collect()
}

/// Spellings of `abbr` as written: "KT-XH" is also "KT - XH", "KT- XH", "KT -XH";
/// "HĐND" is also "HÐND" with the look-alike Ð (U+00D0) of some sites.
fn surface_forms(abbr: &str) -> Vec<String> {
    let mut forms = vec![abbr.to_string()];
    if abbr.contains('-') && !abbr.contains(' ') {
        for joiner in [" - ", "- ", " -"] {
            forms.push(abbr.replace('-', joiner));
        }
    }
    if abbr.contains('Đ') {
        let look_alikes: Vec<String> = forms.iter().map(|f| f.replace('Đ', "\u{d0}")).collect();
        forms.extend(look_alikes);
    }
    forms
}

/// The spelling an abbreviation is known by: no spaces, Đ for its look-alike.
fn key(abbr: &str) -> String {
    abbr.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == '\u{d0}' { 'Đ' } else { c })
        .collect()
}

/// The matcher's patterns (every surface form once) and the entries each stands for.
fn patterns(entries: &[Entry]) -> (Vec<String>, Vec<Vec<usize>>) {
    let mut patterns: Vec<String> = Vec::new();
    let mut pattern_entries: Vec<Vec<usize>> = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        for form in surface_forms(entry.abbr) {
            match patterns.iter().position(|p| *p == form) {
                Some(p) => pattern_entries[p].push(i),
                None => {
                    patterns.push(form);
                    pattern_entries.push(vec![i]);
                }
            }
        }
    }
    (patterns, pattern_entries)
}

static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    // A broken lexicon is caught by the lexicon test; at run time skip it.
    let entries = parse_entries().unwrap_or_default();
    let (patterns, pattern_entries) = patterns(&entries);
    let keys: Vec<String> = entries.iter().map(|entry| key(entry.abbr)).collect();
    let folded_expansions = entries.iter().map(|e| fold_words(e.expansion)).collect();
    let mut by_key: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, key) in keys.iter().enumerate() {
        by_key.entry(key.clone()).or_default().push(i);
    }
    let forms = bytescan::Literals::new(&patterns).expect("literal patterns always build");
    Lexicon {
        entries,
        forms,
        pattern_entries,
        keys,
        folded_expansions,
        by_key,
    }
});

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn char_before(text: &str, i: usize) -> Option<char> {
    text.get(..i)?.chars().next_back()
}

fn char_after(text: &str, i: usize) -> Option<char> {
    text.get(i..)?.chars().next()
}

/// True when the span is a whole token: no letter or digit touches it.
fn is_whole_token(text: &str, start: usize, end: usize) -> bool {
    !char_before(text, start).is_some_and(is_word_char)
        && !char_after(text, end).is_some_and(is_word_char)
}

/// Kinds of documents that open a document symbol: "QĐ-UBND", "NQ-TW", "VP-ĐTĐT".
static DOCUMENT_KINDS: LazyLock<BTreeSet<&'static str>> =
    LazyLock::new(|| lexicon::words(include_str!("lexicon/document_kinds.tsv")).collect());

/// A piece that reads as a code: a number or two capitals ("TW", "2024", "TTg"),
/// not a name ("VGP/Nhật Bắc").
fn is_code_like(piece: &str) -> bool {
    piece.chars().any(|c| c.is_ascii_digit())
        || piece.chars().filter(|c| c.is_uppercase()).count() >= 2
}

/// True when the span is a piece of a document symbol: pieces glued by '-'
/// or '/' ("QĐ-UBND", "35-CT/TW", "NQ/TW") with a slash to another code, a
/// number or a document kind first; "HĐND-UBND", "VNPT-iOffice" and the
/// photo credit "VGP/Nhật Bắc" are no symbols.
fn in_document_code(text: &str, start: usize, end: usize) -> bool {
    let is_piece_char = |c: char| is_word_char(c) || c == '&';
    let mut first_piece = &text[start..end];
    let mut slash = false;
    let mut digit = false;
    let mut joined = false;
    // Symbols have a few pieces; the bound keeps "A-B-C-…" soups linear.
    const MAX_PIECES: usize = 6;
    let mut left = start;
    for _ in 0..MAX_PIECES {
        let Some(j) = char_before(text, left).filter(|&c| matches!(c, '-' | '/')) else {
            break;
        };
        let before = &text[..left - j.len_utf8()];
        let piece_start = before
            .char_indices()
            .rev()
            .take_while(|&(_, c)| is_piece_char(c))
            .last()
            .map_or(before.len(), |(i, _)| i);
        if piece_start == before.len() {
            break;
        }
        first_piece = &before[piece_start..];
        joined = true;
        slash |= j == '/' && is_code_like(first_piece);
        digit |= first_piece.chars().any(|c| c.is_ascii_digit());
        left = piece_start;
    }
    let mut right = end;
    for _ in 0..MAX_PIECES {
        let Some(j) = char_after(text, right).filter(|&c| matches!(c, '-' | '/')) else {
            break;
        };
        let after = &text[right + j.len_utf8()..];
        let piece_end = after
            .char_indices()
            .find(|&(_, c)| !is_piece_char(c))
            .map_or(after.len(), |(i, _)| i);
        if piece_end == 0 {
            break;
        }
        joined = true;
        slash |= j == '/' && is_code_like(&after[..piece_end]);
        digit |= after[..piece_end].chars().any(|c| c.is_ascii_digit());
        right += j.len_utf8() + piece_end;
    }
    joined && (slash || digit || DOCUMENT_KINDS.contains(first_piece))
}

fn is_caps_word(word: &str) -> bool {
    word.chars().any(char::is_alphabetic) && !word.chars().any(char::is_lowercase)
}

/// True when a letter carries a tone mark ("TỈNH", "HÀ"); abbreviations
/// keep only hats and horns ("ĐBQH", "UBTƯ").
fn has_tone_mark(word: &str) -> bool {
    word.nfd()
        .any(|c| matches!(c, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}'))
}

/// An all-caps word that is not an abbreviation: part of a heading or a name
/// ("UBND TỈNH BÌNH ĐỊNH", "HỒNG HÀ"). Words without tone marks may be
/// abbreviations or company names we do not know ("UBTƯ", "POYUN").
fn is_shouted_word(word: &str) -> bool {
    is_caps_word(word)
        && word.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && has_tone_mark(word)
        && !LEXICON.by_key.contains_key(word)
}

/// The word right before `start`, separated by spaces only (same line).
fn previous_word(text: &str, start: usize) -> &str {
    let left = text[..start].trim_end_matches([' ', '\t']);
    let word_start = left
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_word_char(c))
        .last()
        .map_or(left.len(), |(i, _)| i);
    &left[word_start..]
}

/// The word right after `end`, separated by spaces only (same line).
fn next_word(text: &str, end: usize) -> &str {
    let right = text[end..].trim_start_matches([' ', '\t']);
    let word_end = right
        .char_indices()
        .find(|&(_, c)| !(is_word_char(c) || c == '&'))
        .map_or(right.len(), |(i, _)| i);
    &right[..word_end]
}

/// True when the span sits in a run of all-caps words holding a shouted one.
fn in_shouted_run(text: &str, start: usize, end: usize) -> bool {
    const MAX_RUN: usize = 8;
    let mut left = start;
    for _ in 0..MAX_RUN {
        // A lower-case letter or no word next to the span ends the run; most spans stop here.
        let near = text[..left]
            .trim_end_matches([' ', '\t'])
            .chars()
            .next_back();
        if near.map_or(true, |c| c.is_lowercase() || !is_word_char(c)) {
            break;
        }
        let word = previous_word(text, left);
        if !is_caps_word(word) {
            break;
        }
        if is_shouted_word(word) {
            return true;
        }
        left = text[..left].trim_end_matches([' ', '\t']).len() - word.len();
    }
    let mut right = end;
    for _ in 0..MAX_RUN {
        let near = text[right..].trim_start_matches([' ', '\t']).chars().next();
        if near.map_or(true, |c| c.is_lowercase() || !(is_word_char(c) || c == '&')) {
            break;
        }
        let word = next_word(text, right);
        if !is_caps_word(word) {
            break;
        }
        if is_shouted_word(word) {
            return true;
        }
        right = text.len() - text[right..].trim_start_matches([' ', '\t']).len() + word.len();
    }
    false
}

/// Whether the article uses given words, looked up once per article.
type MentionCache = Vec<(&'static str, bool)>;

fn context_holds(
    context: &Context,
    text: &str,
    start: usize,
    end: usize,
    mentions: &mut MentionCache,
) -> bool {
    match context {
        Context::Always => true,
        Context::Before(words) => words.contains(&next_word(text, end)),
        Context::After(words) => {
            let left = text[..start].trim_end_matches([' ', '.']);
            words.contains(&previous_word(left, left.len()))
        }
        Context::Name => {
            let rest = &text[end..];
            let rest = rest.strip_prefix('.').unwrap_or(rest);
            let name = rest.trim_start_matches(' ');
            // A dot or a space must part them: "TPHuế" is no abbreviation.
            name.len() < text.len() - end && name.chars().next().is_some_and(char::is_uppercase)
        }
        Context::Digit => text[end..]
            .trim_start_matches([' ', '.'])
            .chars()
            .next()
            .is_some_and(|c| matches!(c, '1'..='9')),
        Context::Tag => char_before(text, start) == Some('(') && char_after(text, end) == Some(')'),
        Context::Mentions(words) => match mentions.iter().find(|(w, _)| w == words) {
            Some(&(_, used)) => used,
            None => {
                let used = memmem::find(text.as_bytes(), words.as_bytes()).is_some();
                mentions.push((words, used));
                used
            }
        },
    }
}

/// First letter of a word without its tone or hat, keeping Đ apart from D.
fn initial(word: &str) -> Option<char> {
    let first = word.chars().next()?;
    let upper = first.to_uppercase().next()?;
    if upper == 'Đ' || upper == '\u{d0}' {
        return Some('Đ');
    }
    upper.nfd().next()
}

/// Whitespace-separated words before `end`, nearest first, stopping at a
/// clause break (a word ending in ; : . a quote or a bracket) and at the line
/// start; commas stay inside, as in "phòng cháy, chữa cháy (PCCC)".
fn words_before(text: &str, end: usize, limit: usize) -> Vec<(usize, &str)> {
    let is_blank = |c: char| c.is_whitespace() && c != '\n';
    let mut words = Vec::new();
    let mut cursor = end;
    while words.len() < limit {
        let left = text[..cursor].trim_end_matches(is_blank);
        if left.is_empty() || left.ends_with('\n') {
            break;
        }
        let word_start = left
            .char_indices()
            .rev()
            .find(|&(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8());
        let word = &left[word_start..];
        if word.ends_with([';', ':', '(', ')', '"', '“', '”', '.']) {
            break;
        }
        words.push((word_start, word));
        cursor = word_start;
    }
    words
}

/// "hồ sơ (HS)": the last words before the bracket whose initials spell `abbr`.
fn initials_phrase(text: &str, open: usize, abbr: &str) -> Option<(usize, usize)> {
    let letters: Vec<char> = abbr.chars().filter(|&c| c != '-').collect();
    let words = words_before(text, open, letters.len() + 4);
    let mut wanted = letters.iter().rev();
    let mut phrase_start = None;
    let mut next = wanted.next();
    for &(start, word) in &words {
        let Some(&letter) = next else { break };
        if !word.chars().next().is_some_and(char::is_alphabetic) {
            continue;
        }
        let fits = if letter == '&' {
            word == "và"
        } else {
            initial(word) == Some(letter)
        };
        if !fits {
            return None;
        }
        phrase_start = Some(start);
        next = wanted.next();
    }
    if next.is_some() {
        return None;
    }
    let end = text[..open].trim_end().len();
    phrase_start.map(|start| (start, end))
}

fn fold_words(phrase: &str) -> Vec<String> {
    phrase.split_whitespace().map(str::to_lowercase).collect()
}

/// `word.to_lowercase() == folded`, compared char by char without building the
/// lower-cased word: the same for any `folded` without σ or ς, as only a final Σ
/// lowers otherwise (a test checks the lexicon).
fn lowers_to(word: &str, folded: &str) -> bool {
    word.chars().flat_map(char::to_lowercase).eq(folded.chars())
}

/// "tổng sản phẩm địa phương (GRDP)": the words before the bracket from the
/// first word of the lexicon expansion (`expected`, lower-cased) on, sharing at
/// least half its words.
fn lexicon_phrase(text: &str, open: usize, expected: &[String]) -> Option<(usize, usize)> {
    let first = expected.first()?;
    let words = words_before(text, open, expected.len() + 3);
    let &(start, _) = words.iter().find(|(_, w)| lowers_to(w, first))?;
    let end = text[..open].trim_end().len();
    let found: Vec<&str> = text[start..end].split_whitespace().collect();
    let shared = expected
        .iter()
        .filter(|w| found.iter().any(|f| lowers_to(f, w)))
        .count();
    (shared * 2 >= expected.len()).then_some((start, end))
}

/// Head nouns that open a name: "Hệ thống", "Trung tâm", "Ngân hàng".
static GLOSS_HEADS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| lexicon::words(include_str!("lexicon/gloss_heads.tsv")).collect());

/// "Hệ thống quản lý hải quan tự động (VASSCM)": for an acronym we do not
/// know, the words before the bracket from the nearest head noun on.
fn head_noun_phrase(text: &str, open: usize) -> Option<(usize, usize)> {
    // Names of bodies run long: "Trung tâm Bồi dưỡng cán bộ và Nghiên cứu khoa học Mặt trận
    // Tổ quốc Việt Nam (VFF-CRT)" has sixteen syllables.
    const MAX_WORDS: usize = 18;
    let end = text[..open].trim_end().len();
    let words = words_before(text, open, MAX_WORDS);
    words.iter().enumerate().find_map(|(i, &(start, _))| {
        let rest = &text[start..end];
        let opens_name = GLOSS_HEADS.iter().any(|head| {
            rest.strip_prefix(head)
                .is_some_and(|after| after.starts_with(char::is_whitespace))
        });
        (i >= 1 && opens_name).then_some((start, end))
    })
}

/// "(ABBR)" after the phrase it stands for.
static GLOSS_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\((\p{Lu}[\p{Lu}&-]*\p{Lu})\)").expect("valid regex"));

/// "ABBR (phrase)", optionally "ABBR Index (chỉ số …)".
static GLOSS_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\p{Lu}[\p{Lu}&-]*\p{Lu})( Index| INDEX)? \(([^()\n\d]+)\)").expect("valid regex")
});

/// The matches of [`GLOSS_BEFORE`] as `captures_iter` finds them, searched only
/// from a run of capitals ending before a " (" (or " Index (") to the first ')'
/// after it: a match's abbreviation ends with a capital right there, its phrase
/// holds no bracket, so no match starts before the run or ends past that ')'.
fn gloss_before_matches(text: &str) -> Vec<regex::Captures<'_>> {
    let is_abbr_char = |c: char| c.is_uppercase() || c == '&' || c == '-';
    let mut found = Vec::new();
    let mut resume = 0;
    static SPACE_BRACKET: LazyLock<memmem::Finder> = LazyLock::new(|| memmem::Finder::new(" ("));
    for open in SPACE_BRACKET.find_iter(text.as_bytes()) {
        if open < resume {
            continue;
        }
        let head = &text[..open];
        let before_index = [" Index", " INDEX"]
            .iter()
            .find_map(|word| head.strip_suffix(word))
            .unwrap_or(head);
        let runs = [head, before_index].map(|h| (h.trim_end_matches(is_abbr_char).len(), h.len()));
        if runs.iter().all(|(start, end)| start == end) {
            continue;
        }
        let run_start = runs[0].0.min(runs[1].0);
        let Some(close) = memchr::memchr(b')', &text.as_bytes()[open..]) else {
            break;
        };
        let window = &text[..open + close + 1];
        if let Some(caps) = GLOSS_BEFORE.captures_at(window, run_start.max(resume)) {
            resume = caps.get(0).map_or(window.len(), |m| m.end());
            found.push(caps);
        }
    }
    found
}

/// The matches of [`GLOSS_AFTER`] as `captures_iter` finds them, searched only
/// from a '(' before an uppercase char (every `\p{Lu}` char is one) to the
/// first ')' after it: a match holds no ')' inside, so it ends there.
fn gloss_after_matches(text: &str) -> Vec<regex::Captures<'_>> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut resume = 0;
    for open in memchr::memchr_iter(b'(', bytes) {
        let opens_capital = text[open + 1..]
            .chars()
            .next()
            .is_some_and(char::is_uppercase);
        if open < resume || !opens_capital {
            continue;
        }
        let Some(close) = memchr::memchr(b')', &bytes[open..]) else {
            break;
        };
        let window = &text[..open + close + 1];
        if let Some(caps) = GLOSS_AFTER.captures_at(window, open) {
            resume = caps.get(0).map_or(window.len(), |m| m.end());
            found.push(caps);
        }
    }
    found
}

/// The first lexicon entry for `abbr`.
fn lexicon_entry(abbr: &str) -> Option<usize> {
    LEXICON.by_key.get(&key(abbr))?.first().copied()
}

fn lexicon_expansion(abbr: &str) -> Option<&'static str> {
    Some(LEXICON.entries[lexicon_entry(abbr)?].expansion)
}

/// True when `phrase` spells `abbr` word by word ("dịch vụ công" for DVC);
/// '&' stands for "và", dashes are skipped.
fn spells(abbr: &str, phrase: &str) -> bool {
    let mut words = phrase
        .split_whitespace()
        .filter(|w| w.chars().next().is_some_and(char::is_alphabetic));
    for letter in abbr.chars().filter(|&c| c != '-') {
        let fits = match words.next() {
            Some(word) if letter == '&' => word == "và",
            Some(word) => initial(word) == Some(letter),
            None => false,
        };
        if !fits {
            return false;
        }
    }
    words.next().is_none()
}

/// True when the bracketed `phrase` after `abbr` is its meaning, not a remark:
/// it spells the abbreviation, or is close to the lexicon expansion, or (for
/// an abbreviation we do not know) is a short lower-case phrase.
fn explains(abbr: &str, phrase: &str) -> bool {
    let words = phrase.split_whitespace().count();
    if words < 2 {
        return false;
    }
    if spells(abbr, phrase) {
        return true;
    }
    match lexicon_expansion(abbr) {
        Some(expansion) => {
            let expected = fold_words(expansion);
            let found = fold_words(phrase);
            let shared = expected.iter().filter(|w| found.contains(w)).count();
            shared * 2 >= expected.len() && found.len() <= expected.len() + 3
        }
        None => {
            let first_word = phrase.split_whitespace().next().unwrap_or_default();
            words <= 25
                && abbr.is_ascii()
                && first_word.chars().next().is_some_and(char::is_lowercase)
                && !REMARK_STARTS.contains(first_word)
        }
    }
}

/// First words of a bracketed remark, which is no gloss: "ABC (có trụ sở tại…)".
static REMARK_STARTS: LazyLock<BTreeSet<&'static str>> =
    LazyLock::new(|| lexicon::words(include_str!("lexicon/gloss_remark_starts.tsv")).collect());

/// Glosses the article gives, as (position, abbreviation, expansion).
fn glosses(text: &str) -> Vec<(usize, String, String)> {
    let mut found = Vec::new();
    if memchr::memchr(b'(', text.as_bytes()).is_none() {
        return found;
    }
    for caps in gloss_after_matches(text) {
        let (Some(whole), Some(abbr)) = (caps.get(0), caps.get(1)) else {
            continue;
        };
        let phrase = initials_phrase(text, whole.start(), abbr.as_str()).or_else(|| {
            match lexicon_entry(abbr.as_str()) {
                Some(i) => lexicon_phrase(text, whole.start(), &LEXICON.folded_expansions[i]),
                None if abbr.as_str().is_ascii() => head_noun_phrase(text, whole.start()),
                None => None,
            }
        });
        if let Some((start, end)) = phrase {
            found.push((
                start,
                abbr.as_str().to_string(),
                text[start..end].to_string(),
            ));
        }
    }
    for caps in gloss_before_matches(text) {
        let (Some(abbr), Some(phrase)) = (caps.get(1), caps.get(3)) else {
            continue;
        };
        if !is_whole_token(text, abbr.start(), abbr.end()) {
            continue;
        }
        let mut gloss = phrase.as_str().trim();
        if caps.get(2).is_some() {
            gloss = gloss.strip_prefix("chỉ số ").unwrap_or(gloss);
        }
        let capitals = Marks::new(gloss.as_bytes(), bytescan::opens_capitalised);
        let expanded = lexicon_matches(gloss, &capitals, &BTreeMap::new());
        let expansion = replace_all(gloss, &expanded);
        if !explains(abbr.as_str(), &expansion) {
            continue;
        }
        found.push((abbr.start(), abbr.as_str().to_string(), expansion));
    }
    found.sort_by_key(|(at, _, _)| *at);
    found
}

/// Every lexicon abbreviation in `text`, whose capitals `capitals` marks; `glossed`
/// overrides expansions.
fn lexicon_matches(
    text: &str,
    capitals: &Marks,
    glossed: &BTreeMap<String, String>,
) -> Vec<Abbreviation> {
    let lexicon = &*LEXICON;
    let mut out = Vec::new();
    let mut mentions = MentionCache::new();
    // The leftmost-longest matches, as `find_iter` gives them.
    for m in lexicon.forms.find_iter_marked(text, capitals) {
        let (start, end) = (m.start(), m.end());
        if !is_whole_token(text, start, end)
            || in_document_code(text, start, end)
            || in_shouted_run(text, start, end)
        {
            continue;
        }
        let candidates = &lexicon.pattern_entries[m.pattern().as_usize()];
        let Some(&first) = candidates.first() else {
            continue;
        };
        let expansion = match glossed.get(&lexicon.keys[first]) {
            Some(gloss) => gloss.clone(),
            None => {
                let Some(&i) = candidates.iter().find(|&&i| {
                    context_holds(&lexicon.entries[i].context, text, start, end, &mut mentions)
                }) else {
                    continue;
                };
                lexicon.entries[i].expansion.to_string()
            }
        };
        out.push(Abbreviation {
            abbr: text[start..end].to_string(),
            expansion,
            start,
            end,
        });
    }
    out
}

fn replace_all(text: &str, found: &[Abbreviation]) -> String {
    let mut out = String::with_capacity(text.len() + found.len() * 16);
    let mut pos = 0;
    for a in found {
        out.push_str(&text[pos..a.start]);
        out.push_str(&a.expansion);
        pos = a.end;
    }
    out.push_str(&text[pos..]);
    out
}

/// Every abbreviation in `text`, with byte spans, in text order.
pub fn find(text: &str) -> Vec<Abbreviation> {
    find_marked(
        text,
        &Marks::new(text.as_bytes(), bytescan::opens_capitalised),
    )
}

/// [`find`], given the offsets of `text` that [`bytescan::opens_capitalised`] marks.
// Out of line: `benches/stage_cost.sh` counts the stage by this name.
#[inline(never)]
pub(crate) fn find_marked(text: &str, capitals: &Marks) -> Vec<Abbreviation> {
    // Known spelling → expansion; abbreviations only the article explains.
    let mut glossed: BTreeMap<String, String> = BTreeMap::new();
    let mut unknown: Vec<(String, String)> = Vec::new();
    for (_, abbr, expansion) in glosses(text) {
        let known_as = key(&abbr);
        if glossed.contains_key(&known_as) {
            continue;
        }
        if !LEXICON.by_key.contains_key(&known_as) {
            unknown.push((abbr, expansion.clone()));
        }
        glossed.insert(known_as, expansion);
    }
    let mut found = lexicon_matches(text, capitals, &glossed);
    let unknown_matcher = (!unknown.is_empty())
        .then(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(unknown.iter().map(|(abbr, _)| abbr))
                .ok()
        })
        .flatten();
    if let Some(matcher) = unknown_matcher {
        for m in matcher.find_iter(text) {
            let (start, end) = (m.start(), m.end());
            if is_whole_token(text, start, end)
                && !in_document_code(text, start, end)
                && !in_shouted_run(text, start, end)
            {
                let (abbr, expansion) = &unknown[m.pattern().as_usize()];
                found.push(Abbreviation {
                    abbr: abbr.clone(),
                    expansion: expansion.clone(),
                    start,
                    end,
                });
            }
        }
    }
    found.sort_by_key(|a| (a.start, std::cmp::Reverse(a.end)));
    let mut last_end = 0;
    found.retain(|a| {
        let keep = a.start >= last_end;
        if keep {
            last_end = a.end;
        }
        keep
    });
    found
}

/// Longest text whose expansion [`EXPANDED`] keeps.
const CACHED_TEXT_BYTES: usize = 256;
/// Texts [`EXPANDED`] holds before it starts over.
const CACHED_TEXTS: usize = 4096;

thread_local! {
    /// Officials' titles and bodies are a few common phrases ("Chủ tịch UBND
    /// tỉnh"), expanded once a thread.
    static EXPANDED: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
}

/// `text` with every abbreviation replaced by its expansion.
pub fn expand_str(text: &str) -> String {
    let expand = || replace_all(text, &find(text));
    if text.len() > CACHED_TEXT_BYTES {
        return expand();
    }
    EXPANDED.with(|cache| {
        let Ok(mut cache) = cache.try_borrow_mut() else {
            return expand();
        };
        if let Some(expanded) = cache.get(text) {
            return expanded.clone();
        }
        let expanded = expand();
        if cache.len() >= CACHED_TEXTS {
            cache.clear();
        }
        cache.insert(text.to_string(), expanded.clone());
        expanded
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeSet;
    use unicode_normalization::is_nfc;

    fn pairs(text: &str) -> Vec<(String, String)> {
        find(text)
            .into_iter()
            .map(|a| (a.abbr, a.expansion))
            .collect()
    }

    fn owned(expected: &[(&str, &str)]) -> Vec<(String, String)> {
        expected
            .iter()
            .map(|(a, e)| (a.to_string(), e.to_string()))
            .collect()
    }

    #[test]
    fn finds_abbreviations_in_real_sentences() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            (
                "Sáng 12/3, UBND huyện Đại Lộc họp bàn công tác CCHC quý I.",
                &[("UBND", "Ủy ban nhân dân"), ("CCHC", "cải cách hành chính")],
            ),
            (
                "Kỳ họp thứ 9 HĐND tỉnh khóa X thông qua 15 nghị quyết.",
                &[("HĐND", "Hội đồng nhân dân")],
            ),
            (
                "Ông Trần Văn Lâm, ĐBQH tỉnh Bắc Giang, chất vấn Bộ trưởng.",
                &[("ĐBQH", "đại biểu Quốc hội")],
            ),
            (
                "đồng chí Lê Văn Dũng - CT UBND huyện chủ trì hội nghị",
                &[("CT", "Chủ tịch"), ("UBND", "Ủy ban nhân dân")],
            ),
            (
                "việc thực hiện các nhiệm vụ cải CCHC trên địa bàn huyện",
                &[("CCHC", "cải cách hành chính")],
            ),
            (
                "Tình hình phát triển KT - XH 6 tháng đầu năm tiếp tục khởi sắc.",
                &[("KT - XH", "kinh tế - xã hội")],
            ),
            (
                "Bảo đảm QP-AN và ANTT trên địa bàn.",
                &[
                    ("QP-AN", "quốc phòng - an ninh"),
                    ("ANTT", "an ninh trật tự"),
                ],
            ),
            (
                "Lãnh đạo Sở KH&CN làm việc với các DN trong KCN Phú Tài.",
                &[
                    ("KH&CN", "khoa học và công nghệ"),
                    ("DN", "doanh nghiệp"),
                    ("KCN", "khu công nghiệp"),
                ],
            ),
            (
                "Đoàn công tác đến thăm TP. Huế và TX Hương Trà.",
                &[("TP", "thành phố"), ("TX", "thị xã")],
            ),
            (
                "Tốc độ tăng trưởng tổng sản phẩm địa phương (GRDP) ước đạt 8%.",
                &[("GRDP", "tổng sản phẩm địa phương")],
            ),
            (
                "Năm nay GRDP của tỉnh tăng khá.",
                &[("GRDP", "tổng sản phẩm trên địa bàn")],
            ),
            (
                "Xã đã trả kết quả 512 hồ sơ (HS) đúng hạn, không có HS trễ hẹn.",
                &[("HS", "hồ sơ"), ("HS", "hồ sơ")],
            ),
            (
                "Chỉ số PAR Index (chỉ số CCHC) của huyện đạt 90,1 điểm.",
                &[
                    ("PAR", "cải cách hành chính"),
                    ("CCHC", "cải cách hành chính"),
                ],
            ),
            (
                "Công ty CP Cấp thoát nước Gia Lai nộp ngân sách đúng hạn.",
                &[("CP", "cổ phần")],
            ),
            (
                "(BĐ) - Chiều 3.4, đoàn công tác của tỉnh kiểm tra tiến độ.",
                &[("BĐ", "Báo Bình Định")],
            ),
            (
                "Xe tải lật trên QL 19 đoạn qua huyện Tây Sơn.",
                &[("QL", "quốc lộ")],
            ),
            (
                "Hội thảo có sự tham gia của TS Phan Minh Đức.",
                &[("TS", "Tiến sĩ")],
            ),
            (
                "Phần mềm quản lý văn bản (VNPT-iOffice) được dùng rộng rãi.",
                &[("VNPT", "Tập đoàn Bưu chính Viễn thông Việt Nam")],
            ),
            (
                "Các Phó Chủ tịch UBTƯ MTTQ Việt Nam dự lễ.",
                &[("UBTƯ", "Ủy ban Trung ương"), ("MTTQ", "Mặt trận Tổ quốc")],
            ),
            (
                "Đoàn công tác làm việc tại TT Huế và TT Phú Bài.",
                &[("TT", "Thừa Thiên"), ("TT", "thị trấn")],
            ),
            (
                "Chỉ số SIPAS (chỉ số hài lòng của người dân đối với sự phục vụ hành chính) đạt 85%.",
                &[("SIPAS", "chỉ số hài lòng của người dân đối với sự phục vụ hành chính")],
            ),
            (
                "Tuyên truyền về phòng cháy, chữa cháy (PCCC) tại các chợ.",
                &[("PCCC", "phòng cháy, chữa cháy")],
            ),
            (
                "Toàn bộ 41 cán bộ công chức (CBCC) ở lại trụ sở; CBCC được hỗ trợ.",
                &[("CBCC", "cán bộ công chức"), ("CBCC", "cán bộ công chức")],
            ),
            (
                "Hồ sơ nộp qua Cổng Dịch vụ công quốc gia (DVCQG) tăng mạnh.",
                &[("DVCQG", "Dịch vụ công quốc gia")],
            ),
            (
                "Sở Nội vụ (SNV) đã hướng dẫn; SNV sẽ kiểm tra.",
                &[("SNV", "Sở Nội vụ"), ("SNV", "Sở Nội vụ")],
            ),
            (
                "Công nhân Công ty TNHH POYUN được xét nghiệm.",
                &[("TNHH", "trách nhiệm hữu hạn")],
            ),
            (
                "Văn phòng HĐND-UBND huyện tiếp nhận 120 hồ sơ.",
                &[("HĐND", "Hội đồng nhân dân"), ("UBND", "Ủy ban nhân dân")],
            ),
            (
                "Mở rộng Hệ thống quản lý hải quan tự động (VASSCM) ra toàn quốc.",
                &[("VASSCM", "Hệ thống quản lý hải quan tự động")],
            ),
            (
                "Hàng về cảng Cát Lái (TP.HCM) rồi chuyển lên Tp. HCM.",
                &[("TP.HCM", "Thành phố Hồ Chí Minh"), ("HCM", "Hồ Chí Minh")],
            ),
            (
                "Thường trực H\u{d0}ND tỉnh Bình \u{d0}ịnh họp phiên thường kỳ.",
                &[("H\u{d0}ND", "Hội đồng nhân dân")],
            ),
            (
                "Chủ tịch UBND TP cho biết, trên địa bàn TP có 12 phường.",
                &[
                    ("UBND", "Ủy ban nhân dân"),
                    ("TP", "thành phố"),
                    ("TP", "thành phố"),
                ],
            ),
            (
                "Thủ tướng phát biểu tại hội nghị. Ảnh: VGP/Nhật Bắc",
                &[("VGP", "Cổng Thông tin điện tử Chính phủ")],
            ),
            (
                "Bộ phận một cửa trả 300 hồ sơ đúng hẹn, không có HS trễ hẹn.",
                &[("HS", "hồ sơ")],
            ),
            (
                "Trường có 500 học sinh; 98% HS lên lớp.",
                &[("HS", "học sinh")],
            ),
            (
                "Trả 40\u{a0}hồ\u{a0}sơ (HS) đúng hạn.",
                &[("HS", "hồ\u{a0}sơ")],
            ),
            (
                "Các dự án cảng biển của BR-VT được ưu tiên vốn năm nay.",
                &[("BR-VT", "Bà Rịa - Vũng Tàu")],
            ),
            (
                "Phần vốn nhà nước tại công ty được chuyển giao về SCIC trước quý IV.",
                &[("SCIC", "Tổng công ty Đầu tư và Kinh doanh vốn nhà nước")],
            ),
            (
                "Chỉ số PAPI do CECODES và UNDP phối hợp thực hiện.",
                &[
                    ("PAPI", "chỉ số hiệu quả quản trị và hành chính công cấp tỉnh"),
                    ("CECODES", "Trung tâm Nghiên cứu Phát triển và Hỗ trợ Cộng đồng"),
                    ("UNDP", "Chương trình Phát triển Liên hợp quốc"),
                ],
            ),
            (
                "Phần vốn tại Tổng công ty Đầu tư Phát triển đô thị và khu công nghiệp Việt Nam (IDICO) được thoái hết.",
                &[(
                    "IDICO",
                    "Tổng công ty Đầu tư Phát triển đô thị và khu công nghiệp Việt Nam",
                )],
            ),
            // Negatives: document codes, numerals, initials, units, casing.
            ("Văn bản số 112/QLTT-NV gửi các đội quản lý thị trường.", &[]),
            ("Quyết định số 1520/QĐ-UBND ngày 5/6/2024.", &[]),
            ("Thực hiện Chỉ thị số 35-CT/TW và Nghị quyết 18-NQ/TW.", &[]),
            ("Luật số 136/2024/QH15 có hiệu lực từ năm sau.", &[]),
            ("Theo Kế hoạch số 45/KH-UBND và Công văn 210/UBND-VX.", &[]),
            ("Chỉ thị 05-CT/TU, Nghị quyết NQ-TW và Quyết định QĐ-TTg.", &[]),

            ("Đại hội Đảng bộ tỉnh lần thứ XVIII, khóa XIV.", &[]),
            ("Nhà máy có công suất 220 MW, sản xuất 1,2 tỷ kWh.", &[]),
            ("Ảnh: T.SỸ", &[]),
            ("Ảnh: NV", &[]),
            ("Hệ số K1 và K2 được tính theo quy định.", &[]),
            ("UBNDT và HĐNDx không phải là từ viết tắt.", &[]),
            ("CT đã ký văn bản gửi các sở.", &[]),
            ("Ông ubnd và tp viết thường không phải viết tắt.", &[]),
            ("UBND TỈNH QUẢNG NGÃI", &[]),
            ("Hồ sơ (QNO) đã được tiếp nhận.", &[]),
            ("Giám đốc Sở TP đã ký văn bản hướng dẫn.", &[]),
            ("Đội bóng HS giành cúp.", &[]),
            ("Công ty ABC (có trụ sở tại Hà Nội) trúng thầu.", &[]),
            ("Ông đến thăm trụ sở mới ở quận Đống Đa (XYZ).", &[]),
            ("UBND HUYỆN NÔNG SƠN", &[]),
            ("Liên hệ ĐT 0235 3812 345 để được hỗ trợ.", &[]),
            (
                "Có 12 DN (chủ yếu là các hộ kinh doanh nhỏ lẻ trong làng) tham gia.",
                &[("DN", "doanh nghiệp")],
            ),

        ];
        for (text, expected) in cases {
            assert_eq!(pairs(text), owned(expected), "in {text:?}");
        }
    }

    #[test]
    fn spans_are_exact_byte_offsets() {
        let text = "Đồng chí Chủ tịch UBND tỉnh và ĐBQH dự lễ.";
        let found = find(text);
        assert_eq!(found.len(), 2);
        for a in &found {
            assert_eq!(&text[a.start..a.end], a.abbr);
        }
        assert_eq!(found[1].start, text.find("ĐBQH").unwrap_or(0));
    }

    #[test]
    fn typo_cai_cchc_keeps_exact_span() {
        let text = "nhiệm vụ cải CCHC trên địa bàn";
        let found = find(text);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].start..found[0].end], "CCHC");
    }

    #[test]
    fn expand_str_spells_out_titles() {
        assert_eq!(
            expand_str("CT UBND huyện"),
            "Chủ tịch Ủy ban nhân dân huyện"
        );
        assert_eq!(
            expand_str("Phó CT HĐND tỉnh"),
            "Phó Chủ tịch Hội đồng nhân dân tỉnh"
        );
        assert_eq!(
            expand_str("Quyết định số 12/QĐ-UBND"),
            "Quyết định số 12/QĐ-UBND"
        );
    }

    #[test]
    fn lexicon_parses_without_duplicates() {
        let entries = parse_entries().expect("every line parses");
        assert!(entries.len() >= 200, "only {} entries", entries.len());
        let mut keys = BTreeSet::new();
        for entry in &entries {
            assert!(is_nfc(entry.abbr) && is_nfc(entry.expansion), "{entry:?}");
            assert!(
                keys.insert((entry.abbr, format!("{:?}", entry.context))),
                "duplicate {entry:?}"
            );
        }
        assert_eq!(LEXICON.entries.len(), entries.len());
    }

    /// A kept expansion is the one a fresh expansion gives, for short and long texts.
    #[test]
    fn kept_expansions_equal_fresh_ones() {
        let long = "Chủ tịch UBND tỉnh ".repeat(20);
        for text in ["Chủ tịch UBND tỉnh", "Phó CT HĐND", "", "TP (mới)", &long] {
            for _ in 0..2 {
                assert_eq!(expand_str(text), replace_all(text, &find(text)), "{text}");
            }
        }
        assert!(EXPANDED.with(|cache| cache.borrow().contains_key("Phó CT HĐND")));
    }

    /// Each match's groups as byte spans.
    fn spans(all: Vec<regex::Captures>) -> Vec<Vec<Option<(usize, usize)>>> {
        all.iter()
            .map(|c| c.iter().map(|m| m.map(|m| (m.start(), m.end()))).collect())
            .collect()
    }

    #[test]
    fn gloss_after_search_in_windows_equals_a_full_scan() {
        let texts = [
            "hồ sơ (HS), tổng sản phẩm (GRDP) và (KT-XH) (Ủy ban) (ĐBQH)(TW)",
            "(A) (AB (CD) (ÉÂ) (ǅA) (Ⅳ) (AⅣB) (AbC) (A&B) (A-) (-AB) ((AB)) (AB",
            "(Ab (XY) x) (X\nY) (XY\n) (X Y) ( XY) (\u{d0}B) (XÐ) (",
            "",
        ];
        for text in texts {
            assert_eq!(
                spans(gloss_after_matches(text)),
                spans(GLOSS_AFTER.captures_iter(text).collect()),
                "{text}"
            );
        }
    }

    #[test]
    fn gloss_before_search_in_windows_equals_a_full_scan() {
        let texts = [
            "Chỉ số PCI (năng lực cạnh tranh cấp tỉnh) và PAPI (hiệu quả quản trị) tăng.",
            "SIPAS Index (chỉ số hài lòng) cao; PAR INDEX (cải cách hành chính); INDEX (x y).",
            "Tỉnh (cũ) và TP (mới); A (b c); AB-CD (đơn vị (con) mới); -AB (x y) &AB& (z w).",
            "KT-XH (kinh tế\nxã hội) và VNPT (Tập đoàn 2024) cùng ĐBQH (đại biểu Quốc hội).",
            "Hà Nội (TP) AB (x y AB (z)) ÉÂ (tên riêng) ǅA (lạ) Ab (không).",
            "AB (không đóng",
            "",
        ];
        for text in texts {
            assert_eq!(
                spans(gloss_before_matches(text)),
                spans(GLOSS_BEFORE.captures_iter(text).collect()),
                "{text}"
            );
        }
    }

    /// The anchored search at capitals and Đ/Ð gives what a plain leftmost-longest
    /// search over the whole text gives.
    #[test]
    fn gated_matches_equal_a_full_scan() {
        let (patterns, _) = patterns(&parse_entries().expect("every line parses"));
        let texts = [
            "Sáng 12/3, UBND huyện Đại Lộc họp bàn công tác CCHC quý I.",
            "Kỳ họp thứ 9 HĐND tỉnh khóa X thông qua 15 nghị quyết; HÐND xã, ĐBQH.",
            "Theo QĐ-UBND số 35-CT/TW, KT - XH và KT-XH, KT- XH tăng; aUBNDb, UBNDUBND.",
            "TP Huế, TP. Hồ Chí Minh, Tp.HCM, TPHCM, THPT, TNHH MTV, ĐHĐCĐ, ĐH Quốc gia.",
            "UBND TỈNH BÌNH ĐỊNH; SỞ GD&ĐT, GD&ĐT, NN&PTNT, Ð, Đ, U, ÐÐ, ĐĐ, Ủy ban.",
            "",
        ];
        let patterns: Vec<&str> = patterns.iter().map(String::as_str).collect();
        bytescan::assert_same_as_full_scan(
            &patterns,
            &LEXICON.forms,
            false,
            bytescan::opens_capitalised,
            &texts,
        );
    }

    /// `lowers_to` stands for `to_lowercase() ==` only where no expansion holds σ or ς.
    #[test]
    fn expansions_fold_char_by_char() {
        for words in &LEXICON.folded_expansions {
            for word in words {
                assert!(!word.contains(['σ', 'ς']), "{word}");
                assert_eq!(word, &word.to_lowercase());
            }
        }
        for (word, folded) in [
            ("Ủy", "ủy"),
            ("ỦY", "ủy"),
            ("ủy", "ủy"),
            ("Uy", "ủy"),
            ("ĐẠI", "đại"),
            ("İ", "i̇"),
            ("bản", "bả"),
            ("", ""),
        ] {
            let expected = word.to_lowercase() == folded;
            let sigma = folded.contains(['σ', 'ς']);
            assert!(
                sigma || lowers_to(word, folded) == expected,
                "{word} {folded}"
            );
        }
    }

    #[test]
    fn word_lists_are_clean() {
        let lists = [
            include_str!("lexicon/gloss_heads.tsv"),
            include_str!("lexicon/document_kinds.tsv"),
            include_str!("lexicon/gloss_remark_starts.tsv"),
        ];
        for source in lists {
            let words: Vec<&str> = lexicon::words(source).collect();
            let unique: BTreeSet<&str> = words.iter().copied().collect();
            assert_eq!(unique.len(), words.len(), "duplicate word");
            assert!(words.len() >= 10);
            for word in words {
                assert!(
                    is_nfc(word) && word == word.trim() && !word.is_empty(),
                    "{word:?}"
                );
            }
        }
        assert!(GLOSS_HEADS.len() >= 30);
        assert!(DOCUMENT_KINDS.contains("QĐ") && REMARK_STARTS.contains("có"));
    }

    proptest! {
        #[test]
        fn spans_slice_back_and_never_panic(text in "\\PC{0,80}") {
            for a in find(&text) {
                prop_assert_eq!(text.get(a.start..a.end), Some(a.abbr.as_str()));
            }
            let _ = expand_str(&text);
        }

        #[test]
        fn spans_slice_back_in_abbreviation_soup(
            parts in proptest::collection::vec(
                "(UBND|HĐND|CT|TP|KT - XH|\\(|\\)|\\(HS\\)|\\(ABC\\)|-|/|\\.| |\u{a0}|\\n|Huế|hồ sơ|Hệ thống|HS|[0-9]|Ủ|Ð|đ)",
                0..30,
            )
        ) {
            let text = parts.concat();
            let found = find(&text);
            for pair in found.windows(2) {
                prop_assert!(pair[0].end <= pair[1].start);
            }
            for a in found {
                prop_assert_eq!(text.get(a.start..a.end), Some(a.abbr.as_str()));
            }
        }
    }
}
