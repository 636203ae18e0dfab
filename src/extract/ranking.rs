//! Rankings: positions, moves and tiers.
//!
//! Positions: "xếp thứ 07/18", "đứng vị trí thứ 2", "xếp hạng 5/63", and in a
//! ranking paragraph a bare "Thứ 7 gồm…" or "Hải quan Thanh Hóa thứ 13".
//! Moves: "tăng 02 bậc" (+2), "tụt 3 hạng" (−3). Tiers: "thuộc nhóm Khá".
//! "dẫn đầu" before a ranking table or a scope is rank 1.
//! Ordinal names ("kỳ họp thứ 14"), weekdays ("sáng thứ 7") and photo
//! positions ("thứ 2 từ trái qua") are not rankings.

use std::borrow::Cow;
use std::ops::Range;
use std::panic::{RefUnwindSafe, UnwindSafe};
use std::sync::LazyLock;

use regex::{Captures, Regex};
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::util::pool::Pool;
use regex_automata::{meta, Anchored, Input, MatchKind};

use super::Doc;
use crate::chars::is_alphanumeric;
use crate::keys::{bucket_order, word_keys, WordKeys};
use crate::lexicon;
use crate::serialize::Ranking;

/// Rule `position_ordinal`: a verb or noun of ranking, then "thứ N" or "thứ N/M".
/// Its lead, the words before "thứ":
const ORDINAL_LEAD: &str =
    r"(?:xếp|đứng|vị trí|hạng|lên|xuống|giữ)(?:\s+(?:ở|tại|vị trí|hạng))*\s+";
const ORDINAL_REST: &str =
    r"thứ\s+(\d{1,3}|nhất|nhì|hai|ba|tư|năm|sáu|bảy|tám|chín|mười)(?:\s*/\s*(\d{1,3}))?";

/// `position_ordinal`, tried at the "thứ" hits.
static ORDINAL: LazyLock<Option<AnchoredRule>> = LazyLock::new(|| {
    AnchoredRule::new(
        &format!("(?i){ORDINAL_LEAD}{ORDINAL_REST}"),
        &format!("(?i){ORDINAL_LEAD}"),
        THU,
    )
});

/// Rule `position_numbered`: "xếp hạng 5/63", "đạt thứ hạng 15/63", "ở vị trí số 3" (no "thứ").
static POSITION_NUMBERED: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:xếp hạng|đứng hạng|thứ hạng|(?:xếp|đứng|ở|giữ|lên|xuống)\s+(?:ở\s+)?vị trí)\s+(?:số\s+)?(\d{1,3})(?:\s*/\s*(\d{1,3}))?",
    )
    .ok()
});

/// Rule `position_ratio`: "xếp 71/193 quốc gia" (a verb and a rank out of a total).
static POSITION_RATIO: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?i)(?:xếp|đứng)\s+(\d{1,3})\s*/\s*(\d{1,3})").ok());

/// Rule `position_superlative`: "cao thứ 3 cả nước", kept only before a scope.
static POSITION_SUPERLATIVE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:cao|thấp|lớn|nhỏ|nhiều|ít)\s+thứ\s+(\d{1,3}|nhì|hai|ba|tư)(?:\s*/\s*(\d{1,3}))?",
    )
    .ok()
});

/// Rule `position_from_to`: "từ hạng 60 lên 38" (two positions, the old one first).
static POSITION_FROM_TO: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)từ\s+(?:hạng|vị trí|thứ)\s+(\d{1,3})\s+(?:lên|xuống)\s+(?:hạng\s+|vị trí\s+|thứ\s+)?(\d{1,3})").ok()
});

/// Rule `position_series`: "… xếp thứ 2 và 3", the ranks after a position.
static POSITION_SERIES: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^\s*(?:,|và)\s*(\d{1,3})").ok());

/// Rule `position_bare`: "thứ N" alone, kept only in a ranking paragraph.
const POSITION_BARE_PATTERN: &str = r"(?i)thứ\s+(\d{1,3})(?:\s*/\s*(\d{1,3}))?";

/// [`POSITION_BARE_PATTERN`] searched for as `scan_sentence` used to, which
/// [`bare_matches`] must equal.
#[cfg(test)]
static POSITION_BARE: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(POSITION_BARE_PATTERN).ok());

/// [`POSITION_BARE_PATTERN`] for searches anchored where a "thứ" starts.
static POSITION_BARE_AT: LazyLock<Option<meta::Regex>> =
    LazyLock::new(|| meta::Regex::new(POSITION_BARE_PATTERN).ok());

/// Rule `move`: "tăng 02 bậc", "tụt 3 hạng", "vươn lên 5 bậc", "nâng thứ hạng lên 4 bậc",
/// "nhảy vọt 22 bậc". Its lead, the words before the unit:
const MOVE_LEAD: &str = r"(tăng|giảm|tụt|sụt|lùi|vượt|thăng tiến|thăng|vươn|rơi|cải thiện|nâng|nhảy vọt|nhảy)(?:\s+(?:lên|xuống|thêm|thứ hạng|hạng|tới|đến)){0,2}\s+(\d{1,3}|một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)\s+";
const MOVE_UNITS: &str = "(?:bậc|hạng|thứ hạng|vị trí)";

/// `move`, tried at the unit hits ("thứ hạng" at its "hạng").
static MOVE: LazyLock<Option<AnchoredRule>> = LazyLock::new(|| {
    AnchoredRule::new(
        &format!("(?i){MOVE_LEAD}{MOVE_UNITS}"),
        &format!("(?i){MOVE_LEAD}(?:thứ )?"),
        BAC | HANG | VI_TRI,
    )
});

/// Rule `lead`: "dẫn đầu" (rank 1) when a ranking table or a scope follows.
static LEAD: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)dẫn đầu\s+(?:về\s+)?(?:bảng xếp hạng|cả nước|toàn quốc|toàn tỉnh|toàn thành phố|toàn ngành|khu vực|các tỉnh|chỉ số)").ok()
});

/// Tiers as (written form, the same in lower case, reported form), longest first.
static TIERS: LazyLock<Vec<(&'static str, String, &'static str)>> = LazyLock::new(|| {
    let mut tiers: Vec<_> = lexicon::rows(include_str!("../lexicon/tiers.tsv"))
        .filter_map(|row| Some((*row.first()?, row.first()?.to_lowercase(), *row.get(1)?)))
        .collect();
    tiers.sort_by_key(|(written, _, _)| std::cmp::Reverse(written.len()));
    tiers
});

/// Rule `tier`: "nhóm Khá", "xếp loại Xuất sắc" (tier checked against the lexicon).
const TIER_PATTERN: &str =
    r"(?i)(thuộc nhóm|xếp vào nhóm|trong nhóm|ở nhóm|nhóm|xếp loại|đạt loại)\s+";

/// `tier`, tried at the "nhóm" and "loại" hits, after any of the words that may
/// open its lead.
static TIER: LazyLock<Option<AnchoredRule>> = LazyLock::new(|| {
    AnchoredRule::new(
        TIER_PATTERN,
        "(?i)(?:thuộc |xếp vào |trong |ở |xếp |đạt )?",
        NHOM | LOAI,
    )
});

/// Scope syllables by kind.
static SCOPE_WORDS: LazyLock<Vec<(&'static str, ScopeWord)>> = LazyLock::new(|| {
    lexicon::rows(include_str!("../lexicon/rank_scopes.tsv"))
        .filter_map(|row| {
            let kind = match *row.get(1)? {
                "noun" => ScopeWord::Noun,
                "head" => ScopeWord::Head,
                "link" => ScopeWord::Link,
                _ => return None,
            };
            Some((*row.first()?, kind))
        })
        .collect()
});

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ScopeWord {
    /// May end a scope ("tỉnh").
    Noun,
    /// Starts a noun, never ends a scope ("toàn", "đơn").
    Head,
    /// Joins nouns, trimmed at both ends ("thuộc").
    Link,
}

/// Words before "thứ N" that make it an ordinal name, not a rank.
const ORDINAL_NAMES: &[&str] = &[
    "kỳ", "kì", "họp", "lần", "khóa", "khoá", "phiên", "đợt", "hội", "nghị", "ương", "năm", "ngày",
    "tuần", "tháng", "buổi", "vòng", "điều", "mục", "chương", "phần", "bài", "tập", "sáng",
    "chiều", "tối", "trưa", "đêm", "vào", "hôm", "các", "những", "người", "con", "cháu", "lớp",
    "số",
];

/// Words after a position that make it a photo position or a weekday.
const NOT_AFTER_POSITION: &[&str] = &[
    "từ trái",
    "từ phải",
    "bên trái",
    "bên phải",
    "hàng đầu",
    "tuần",
    "hàng tuần",
    "hằng tuần",
    "này",
    "ngày",
    "sao",
];

/// Words after "N bậc" that make it a pay or school grade, not a rank.
/// "tăng 5 hạng mục", "tăng 3 vị trí việc làm" count items and jobs.
const NOT_AFTER_MOVE: &[&str] = &[
    "lương", "học", "thợ", "nghề", "thuế", "giá", "mục", "việc", "công", "lãnh",
];

/// Words that may follow a tier written in lower case ("thuộc nhóm khá của tỉnh").
const AFTER_LOWER_TIER: &[&str] = &["của", "trong", "với", "so", "và", "theo", "năm", "về"];

// Out of line: `benches/stage_cost.sh` counts the stage by this name.
#[inline(never)]
pub fn extract(doc: &Doc) -> Vec<Ranking> {
    let mut rankings = Vec::new();
    let paragraphs = &doc.segments.paragraphs;
    let first = find_anchors(doc.text);
    let prefilter_hits: Vec<(usize, usize)> = first
        .iter()
        .filter(|hit| hit.written && may_rank(doc.text, hit.start, hit.end))
        .map(|hit| (hit.start, hit.end))
        .collect();
    let scanned: Vec<Range<usize>> = (doc.segments.sentences.iter())
        .filter(|r| holds_hit(&prefilter_hits, r.start, r.end))
        .cloned()
        .collect();
    let hits = with_rest(doc.text, &first, &scanned);
    let mut para = 0;
    // The paragraph whose context was looked up, and the answer.
    let mut context: Option<(usize, bool)> = None;
    for range in scanned {
        let (base, end) = (range.start, range.end);
        let sentence = &doc.text[range];
        while para + 1 < paragraphs.len() && paragraphs[para].end <= base {
            para += 1;
        }
        // Only a bare "thứ N" asks, and rarely: the paragraph is lowercased on demand.
        let mut para_context = || match context {
            Some((at, answer)) if at == para => answer,
            _ => {
                let answer = paragraphs
                    .get(para)
                    .is_some_and(|p| is_ranking_context(doc.text, p.clone(), &first));
                context = Some((para, answer));
                answer
            }
        };
        let first = hits.partition_point(|hit| hit.start < base);
        let last = hits.partition_point(|hit| hit.start < end);
        let sentence_hits = &hits[first..last];
        scan_sentence(
            sentence,
            base,
            anchors(sentence, base, sentence_hits),
            sentence_hits,
            &mut para_context,
            &mut rankings,
        );
    }
    rankings
}

/// Words, lower case, one of which each rule's match holds (its `(?i)` matches them in
/// any case), each with where its key starts. The key is four bytes of the word, as
/// rare in news text as the word can give ("thứ" keys on "hứ": its first four bytes
/// open "thể", "thị", "thủ"…; "hạng" on "ạng", as "hạ" opens "hạ tầng", "hạn"), so a
/// search for the keys of every case finds every anchor in the article. A rule runs
/// only on a sentence holding one of its anchors.
const ANCHORS: [(&str, usize); 9] = [
    ("thứ", 1),
    ("hạng", 2),
    ("vị trí", 5),
    ("bậc", 1),
    ("dẫn đầu", 0),
    ("nhóm", 1),
    ("loại", 0),
    ("xếp", 0),
    ("đứng", 1),
];

/// Bits of [`ANCHORS`].
const THU: u32 = 1 << 0;
const HANG: u32 = 1 << 1;
const VI_TRI: u32 = 1 << 2;
const BAC: u32 = 1 << 3;
const DAN_DAU: u32 = 1 << 4;
const NHOM: u32 = 1 << 5;
const LOAI: u32 = 1 << 6;
const XEP: u32 = 1 << 7;
const DUNG: u32 = 1 << 8;

/// Bytes of a key.
const KEY_LEN: usize = 4;

/// An anchor found in the text, in any case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Hit {
    start: usize,
    end: usize,
    /// Its bit of [`ANCHORS`].
    anchor: u32,
    /// Written in one of the cases [`written_cases`] lists.
    written: bool,
}

/// The search through the whole text, Teddy where the CPU has it: the keys of every
/// written form ([`written_cases`]), which alone let a sentence be scanned, and every
/// key of an anchor with at most four. Kept to 32 keys, Teddy's fast mode.
static FIRST_KEYS: LazyLock<WordKeys> = LazyLock::new(|| WordKeys::from_keys(first_keys(), true));

/// The search for the other keys ("hẠng", "NhóM"…), run only over the sentences to scan.
static REST_KEYS: LazyLock<WordKeys> = LazyLock::new(|| WordKeys::from_keys(rest_keys(), true));

/// Keys, each with the index of its anchor.
type Keys = Vec<(Vec<u8>, usize)>;

/// The keys of each anchor in every case, and in its written forms.
fn anchor_keys() -> Vec<(Keys, Vec<Vec<u8>>)> {
    ANCHORS
        .iter()
        .enumerate()
        .map(|(i, &anchor)| {
            let written: Vec<Vec<u8>> = written_cases(anchor.0)
                .iter()
                .filter_map(|w| Some(w.as_bytes().get(anchor.1..anchor.1 + KEY_LEN)?.to_vec()))
                .collect();
            let keys = word_keys([anchor], KEY_LEN)
                .into_iter()
                .map(|(key, _)| (key, i))
                .collect();
            (keys, written)
        })
        .collect()
}

/// Whether `key` of an anchor whose keys are `keys` and written keys `written` is in
/// [`FIRST_KEYS`].
fn is_first(key: &[u8], keys: &[(Vec<u8>, usize)], written: &[Vec<u8>]) -> bool {
    keys.len() <= 4 || written.iter().any(|w| w == key)
}

/// The keys of [`FIRST_KEYS`] with their anchors' indices, in Teddy's bucket order.
fn first_keys() -> Keys {
    let groups = anchor_keys()
        .into_iter()
        .map(|(keys, written)| {
            let first = keys
                .iter()
                .filter(|(key, _)| is_first(key, &keys, &written));
            first.cloned().collect()
        })
        .collect();
    bucket_order(groups)
}

/// The keys of [`REST_KEYS`] with their anchors' indices, sorted: Teddy then puts
/// the spellings of a word side by side in few buckets.
fn rest_keys() -> Keys {
    let mut keys: Keys = anchor_keys()
        .into_iter()
        .flat_map(|(keys, written)| {
            let rest = keys
                .iter()
                .filter(|(key, _)| !is_first(key, &keys, &written));
            rest.cloned().collect::<Vec<_>>()
        })
        .collect();
    keys.sort();
    keys
}

/// The written forms of each anchor, in the order of [`ANCHORS`].
static WRITTEN: LazyLock<Vec<Vec<String>>> =
    LazyLock::new(|| ANCHORS.iter().map(|&(w, _)| written_cases(w)).collect());

/// Each anchor's bytes and, per byte, the bit in which its capital differs: each
/// letter's capital differs from it in one bit of one byte (a test checks), so the
/// anchor in any case is a masked compare of its bytes.
static CASE_FLIPS: LazyLock<Vec<Vec<u8>>> = LazyLock::new(|| {
    ANCHORS
        .iter()
        .map(|&(word, _)| {
            let upper = word.to_uppercase();
            word.bytes()
                .zip(upper.bytes())
                .map(|(l, u)| l ^ u)
                .collect()
        })
        .collect()
});

/// The anchors in `text` whose keys are in [`FIRST_KEYS`], in order: every written one.
fn find_anchors(text: &str) -> Vec<Hit> {
    find_anchors_by(&FIRST_KEYS, text, 0..text.len())
}

/// The anchors starting in `range` of `text` whose keys are in [`REST_KEYS`], in order.
fn find_rest(text: &str, range: Range<usize>) -> Vec<Hit> {
    // An anchor starting in `range` may end past it.
    let longest = ANCHORS.iter().map(|&(w, _)| w.len()).max().unwrap_or(0);
    let search = range.start..text.len().min(range.end + longest);
    let mut hits = find_anchors_by(&REST_KEYS, text, search);
    hits.retain(|hit| range.contains(&hit.start));
    hits
}

/// The hits `first` of the whole text with those of [`find_rest`] in the sentences
/// `scanned` (in order), in order. Hits between the sentences do no harm: a sentence
/// reads only those starting in it.
fn with_rest(text: &str, first: &[Hit], scanned: &[Range<usize>]) -> Vec<Hit> {
    // Sentences this close are searched as one: a search's start costs about as much
    // as this many bytes (fewer instructions than 8 or 2048 here).
    const NEAR: usize = 256;
    let mut hits = first.to_vec();
    let mut spans: Vec<Range<usize>> = Vec::new();
    for range in scanned {
        match spans.last_mut() {
            Some(span) if range.start <= span.end + NEAR => span.end = range.end,
            _ => spans.push(range.clone()),
        }
    }
    for span in spans {
        hits.extend(find_rest(text, span));
    }
    hits.sort_by_key(|hit| hit.start);
    hits
}

/// Every anchor in `range` of `text` (a key wholly inside) that the keys `matcher`
/// finds lead to.
fn find_anchors_by(matcher: &WordKeys, text: &str, range: Range<usize>) -> Vec<Hit> {
    let bytes = text.as_bytes();
    let from = range.start;
    matcher
        .find_iter(&bytes[range])
        .filter_map(|(at_key, i)| {
            let at_key = from + at_key;
            let (word, at) = ANCHORS[i];
            let start = at_key.checked_sub(at)?;
            let lower = word.as_bytes();
            let found = bytes.get(start..start + lower.len())?;
            // Most anchors are written in lower case: one compare settles them.
            let written = found == lower || {
                let any_case = (found.iter().zip(lower).zip(&CASE_FLIPS[i]))
                    .all(|((&t, &l), &flip)| t | flip == l | flip);
                if !any_case {
                    return None;
                }
                WRITTEN[i].iter().any(|w| w.as_bytes() == found)
            };
            Some(Hit {
                start,
                end: start + lower.len(),
                anchor: 1 << i,
                written,
            })
        })
        .collect()
}

/// The byte length of `word` (lower case) at the start of `text`, each letter written
/// as it is or as its capital: what the rules' `(?i)` matches (a test checks).
fn any_case_len(text: &str, word: &str) -> Option<usize> {
    let mut chars = text.chars();
    let mut len = 0;
    for c in word.chars() {
        let t = chars.next()?;
        if t != c && !c.to_uppercase().eq(std::iter::once(t)) {
            return None;
        }
        len += t.len_utf8();
    }
    Some(len)
}

/// A written hit (one of the cases [`written_cases`] lists: "HUYỆN XẾP THỨ 5/63") that
/// lets its sentence be searched. "xếp"/"đứng" count only before a number: only
/// `position_ratio` ("xếp 86/193") uses them, and it needs one ("sắp xếp lại" is frequent).
fn may_rank(text: &str, start: usize, end: usize) -> bool {
    let word = &text[start..end];
    if !(word.starts_with(['x', 'X', 'đ', 'Đ'])) {
        return true;
    }
    let after = &text[end..];
    let number = after.trim_start();
    number.len() < after.len() && number.chars().next().is_some_and(char::is_numeric)
}

/// `word` in lower case, capitalised, with every syllable capitalised, and in capitals.
fn written_cases(word: &str) -> Vec<String> {
    let capitalise = |syllable: &str| -> String {
        let mut chars = syllable.chars();
        chars
            .next()
            .map(|first| first.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    };
    let first = capitalise(word);
    let every: Vec<String> = word.split(' ').map(capitalise).collect();
    let mut forms = vec![
        word.to_string(),
        first,
        every.join(" "),
        word.to_uppercase(),
    ];
    forms.dedup();
    forms
}

/// Some hit lies wholly inside `start..end`. Hits are sorted and do not overlap, so
/// the first hit starting inside is the one to check.
fn holds_hit(hits: &[(usize, usize)], start: usize, end: usize) -> bool {
    let first = hits.partition_point(|&(s, _)| s < start);
    hits.get(first).is_some_and(|&(_, e)| e <= end)
}

/// Bits of the cues below, each set when a sentence holds an anchor in a spot where
/// some rule may match.
const RANK_NUMBER: u32 = 1 << 11;
const VERB_NUMBER: u32 = 1 << 12;
const FROM_RANK: u32 = 1 << 13;
const MOVE_UNIT: u32 = 1 << 14;
const HIGH_THU: u32 = 1 << 15;
const RANK_VERB_THU: u32 = 1 << 16;
const THU_DIGIT: u32 = 1 << 17;

/// Where a cue reads, next to its anchor.
#[derive(Clone, Copy)]
enum Side {
    /// The text after the anchor, with a `^` pattern.
    After,
    /// The text before the anchor, with a `$` pattern.
    Before,
}

/// Cues: (anchors, side, pattern, bit). Each pattern is a piece of the rules whose
/// gate is `bit`, so a rule cannot match where its cue does not: "hạng"/"vị trí" must
/// be followed by a number for `position_numbered`; "xếp"/"đứng" by a number for
/// `position_ratio`; the position of `position_from_to` must follow "từ"; a move's
/// unit must follow a number (or "thứ" of "thứ hạng"); "thứ" must follow "cao",
/// "thấp"… for `position_superlative`, a verb of ranking or a word the verb's phrase
/// repeats for `position_ordinal`, and a digit must follow it for `position_bare`.
const CUES: [(u32, Side, &str, u32); 7] = [
    (
        HANG | VI_TRI,
        Side::After,
        r"(?i)^\s+(?:số\s+)?\d",
        RANK_NUMBER,
    ),
    (XEP | DUNG, Side::After, r"^\s+\d", VERB_NUMBER),
    (HANG | VI_TRI | THU, Side::Before, r"(?i)từ\s+$", FROM_RANK),
    (
        BAC | HANG | VI_TRI,
        Side::Before,
        r"(?i)(?:\d|một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|thứ)\s+$",
        MOVE_UNIT,
    ),
    (
        THU,
        Side::Before,
        r"(?i)(?:cao|thấp|lớn|nhỏ|nhiều|ít)\s+$",
        HIGH_THU,
    ),
    (
        THU,
        Side::Before,
        r"(?i)(?:xếp|đứng|vị trí|hạng|lên|xuống|giữ|ở|tại)\s+$",
        RANK_VERB_THU,
    ),
    (THU, Side::After, r"^\s+\d", THU_DIGIT),
];

/// The compiled patterns of [`CUES`], in order (`None` if one fails to compile).
static CUE_PATTERNS: LazyLock<Option<Vec<Regex>>> = LazyLock::new(|| {
    CUES.iter()
        .map(|&(_, _, pattern, _)| Regex::new(pattern).ok())
        .collect()
});

/// The anchors `sentence` (at `base` in the text) holds among `hits`, and the cues
/// met next to them.
fn anchors(sentence: &str, base: usize, hits: &[Hit]) -> u32 {
    let mut found = 0;
    for hit in hits {
        let (Some(start), Some(end)) = (hit.start.checked_sub(base), hit.end.checked_sub(base))
        else {
            continue;
        };
        if end > sentence.len() {
            continue;
        }
        found |= hit.anchor;
        for (i, &(anchors, side, _, cue)) in CUES.iter().enumerate() {
            if hit.anchor & anchors == 0 || found & cue != 0 {
                continue;
            }
            // Without the patterns every rule runs, as without cues.
            let Some(pattern) = CUE_PATTERNS.as_ref().and_then(|p| p.get(i)) else {
                found |= cue;
                continue;
            };
            let met = match side {
                Side::After => pattern.is_match(&sentence[end..]),
                Side::Before => pattern.is_match(&sentence[..start]),
            };
            if met {
                found |= cue;
            }
        }
    }
    found
}

/// Phrases, lower case, that make a paragraph talk about a ranking table.
const CONTEXT_PHRASES: [&str; 7] = [
    "xếp hạng",
    "xếp thứ",
    "đứng thứ",
    "vị trí thứ",
    "thứ hạng",
    "dẫn đầu",
    "đứng đầu",
];

/// For each anchor, the phrases of [`CONTEXT_PHRASES`] holding it, each with the byte
/// offset of the anchor in it.
static PHRASES_AROUND: LazyLock<Vec<Vec<(&'static str, usize)>>> = LazyLock::new(|| {
    ANCHORS
        .iter()
        .map(|&(word, _)| {
            CONTEXT_PHRASES
                .iter()
                .flat_map(|&phrase| phrase.match_indices(word).map(move |(at, _)| (phrase, at)))
                .collect()
        })
        .collect()
});

/// A paragraph (`range` of `text`) that talks about a ranking table, found from the
/// hits `first` of [`find_anchors`] in `text`: every phrase holds an anchor whose keys
/// are all in [`FIRST_KEYS`] ("vị trí thứ" its "thứ"; a test checks), so a phrase in any
/// case stands around such a hit. Its letters are as long in either case, so it starts
/// as many bytes before the hit as in lower case.
fn is_ranking_context(text: &str, range: Range<usize>, first: &[Hit]) -> bool {
    let from = first.partition_point(|hit| hit.start < range.start);
    let Some(paragraph) = text.get(..range.end) else {
        return false;
    };
    first[from..]
        .iter()
        .take_while(|hit| hit.start < range.end)
        .any(|hit| {
            let around = &PHRASES_AROUND[hit.anchor.trailing_zeros() as usize];
            around.iter().any(|&(phrase, at)| {
                (hit.start.checked_sub(at))
                    .filter(|&start| start >= range.start)
                    .and_then(|start| paragraph.get(start..))
                    .is_some_and(|rest| any_case_len(rest, phrase).is_some())
            })
        })
}

/// The position rules, in the order they take their matches.
#[derive(Clone, Copy, PartialEq, Eq)]
enum PositionRule {
    Ordinal,
    Numbered,
    Ratio,
    Superlative,
}

/// Reads the rankings of sentence `s` (at `base` in the text) whose anchor bits and
/// cues are `anchors` and whose anchor hits are `hits`.
fn scan_sentence(
    s: &str,
    base: usize,
    anchors: u32,
    hits: &[Hit],
    para_context: &mut impl FnMut() -> bool,
    out: &mut Vec<Ranking>,
) {
    let first = out.len();
    let mut taken: Vec<(usize, usize)> = Vec::new();
    let searched = |rule: &'static LazyLock<Option<Regex>>| -> Vec<Range<usize>> {
        rule.as_ref()
            .map_or_else(Vec::new, |re| re.find_iter(s).map(|m| m.range()).collect())
    };
    let tried_at_hits = |rule: &'static LazyLock<Option<AnchoredRule>>, needs: u32| match (
        anchors & needs != 0,
        rule.as_ref(),
    ) {
        (true, Some(rule)) => rule.matches(s, base, hits),
        _ => Vec::new(),
    };
    for (rule, needs) in [
        (PositionRule::Ordinal, RANK_VERB_THU),
        (PositionRule::Numbered, RANK_NUMBER),
        (PositionRule::Ratio, VERB_NUMBER),
        (PositionRule::Superlative, HIGH_THU),
    ] {
        if anchors & needs == 0 {
            continue;
        }
        let found = match rule {
            PositionRule::Ordinal => tried_at_hits(&ORDINAL, needs),
            PositionRule::Numbered => searched(&POSITION_NUMBERED),
            PositionRule::Ratio => searched(&POSITION_RATIO),
            PositionRule::Superlative => searched(&POSITION_SUPERLATIVE),
        };
        let numbered = rule == PositionRule::Numbered;
        let superlative = rule == PositionRule::Superlative;
        // The groups are read from the match, without a captures run.
        let groups_of = match numbered || rule == PositionRule::Ratio {
            true => numbered_groups,
            false => thu_groups,
        };
        let matches: Vec<(Range<usize>, Groups)> = found
            .into_iter()
            .filter_map(|m| Some((m.clone(), groups_of(s, m)?)))
            .collect();
        for (whole, groups) in matches {
            if overlaps(&taken, whole.start, whole.end) || !word_start(s, whole.start) {
                continue;
            }
            if numbered && counts_not_ranks(s, whole.clone(), groups.1.is_some()) {
                continue;
            }
            if superlative && !starts_with_word(rest_after(s, whole.end), SUPERLATIVE_SCOPES) {
                continue;
            }
            if let Some(r) = position(s, base, groups, whole.start) {
                taken.push((whole.start, whole.end));
                let end = r.end - base;
                out.push(r);
                series(s, base, end, &mut taken, out);
            }
        }
    }
    if let Some(re) = POSITION_FROM_TO
        .as_ref()
        .filter(|_| anchors & FROM_RANK != 0)
    {
        for caps in re.captures_iter(s) {
            from_to(s, base, &caps, &mut taken, out);
        }
    }
    let sentence_has_position = out.len() > first;
    if anchors & THU_DIGIT != 0 {
        for whole in bare_matches(s) {
            let (start, end) = (whole.start, whole.end);
            let Some(groups) = thu_groups(s, whole) else {
                continue;
            };
            if overlaps(&taken, start, end) || !word_start(s, start) {
                continue;
            }
            // "Hà Tĩnh thứ 9/14": a total marks a rank even outside a ranking paragraph.
            let has_total = groups.1.is_some();
            if !(sentence_has_position || has_total || para_context())
                || !bare_position_ok(s, start, end, sentence_has_position)
            {
                continue;
            }
            if let Some(r) = position(s, base, groups, start) {
                taken.push((start, end));
                out.push(r);
            }
        }
    }
    for whole in tried_at_hits(&MOVE, MOVE_UNIT) {
        if let Some(r) = rank_move(s, base, whole) {
            out.push(r);
        }
    }
    if anchors & DAN_DAU != 0 {
        for start in searched(&LEAD).into_iter().map(|m| m.start) {
            if let Some(r) = lead(s, base, start) {
                out.push(r);
            }
        }
    }
    for whole in tried_at_hits(&TIER, NHOM | LOAI) {
        // The lead words are the match without its closing spaces.
        let lead_len = s[whole.clone()].trim_end().len();
        let lead_word = whole.start..whole.start + lead_len;
        if let Some(r) = tier(s, base, whole, lead_word) {
            out.push(r);
        }
    }
    out[first..].sort_by_key(|r| r.start);
}

/// A rule tried only where its anchor word stands. The words that may stand before
/// the anchor in a match (its lead) are compiled in reverse: run back from each hit,
/// every match state met marks where a match may start, and the rule is tried
/// anchored there instead of searched for through the sentence.
struct AnchoredRule {
    rule: meta::Regex,
    /// The lead as a lazy DFA, whose states are built as walks meet them: the whole
    /// DFA of the move lead (case-blind words, Unicode digits) took ~50 M
    /// instructions to build at start-up.
    lead: DFA,
    /// The lead's caches, one per thread, as the meta regex keeps its own.
    caches: Pool<Cache, CacheFn>,
    /// The anchors one of which every match holds, its lead right before it.
    anchors: u32,
}

/// Makes a cache for a lead.
type CacheFn = Box<dyn Fn() -> Cache + Send + Sync + UnwindSafe + RefUnwindSafe>;

impl AnchoredRule {
    fn new(rule: &str, lead: &str, anchors: u32) -> Option<Self> {
        let lead = DFA::builder()
            .configure(DFA::config().match_kind(MatchKind::All))
            .thompson(
                thompson::Config::new()
                    .reverse(true)
                    .which_captures(WhichCaptures::None),
            )
            .build(lead)
            .ok()?;
        let for_caches = lead.clone();
        Some(AnchoredRule {
            rule: meta::Regex::new(rule).ok()?,
            lead,
            caches: Pool::new(Box::new(move || for_caches.create_cache())),
            anchors,
        })
    }

    /// The rule's matches in sentence `s` (at `base` in the text, holding `hits`), as
    /// its `find_iter` gives them: each starts where a lead ending at a hit starts, and
    /// the first anchored match from each such start past the last match is the next.
    fn matches(&self, s: &str, base: usize, hits: &[Hit]) -> Vec<Range<usize>> {
        let mut starts = Vec::new();
        for hit in hits.iter().filter(|hit| hit.anchor & self.anchors != 0) {
            if let Some(at) = hit.start.checked_sub(base).filter(|&at| at <= s.len()) {
                self.lead_starts(s, at, &mut starts);
            }
        }
        starts.sort_unstable();
        starts.dedup();
        let mut resume = 0;
        starts
            .into_iter()
            .filter_map(|start| {
                if start < resume {
                    return None;
                }
                let input = Input::new(s).span(start..s.len()).anchored(Anchored::Yes);
                let m = self.rule.search(&input)?;
                resume = m.end();
                Some(m.range())
            })
            .collect()
    }

    /// Every start of a lead ending at `end` of `s`.
    fn lead_starts(&self, s: &str, end: usize, starts: &mut Vec<usize>) {
        if self.walk_lead(s, end, starts).is_none() {
            // The walk gave up: every char boundary may start a match.
            starts.extend((0..=end).filter(|&i| s.is_char_boundary(i)));
        }
    }

    /// The walk of [`AnchoredRule::lead_starts`], `None` if the lazy DFA gives up.
    fn walk_lead(&self, s: &str, end: usize, starts: &mut Vec<usize>) -> Option<()> {
        let dfa = &self.lead;
        let mut cache = self.caches.get();
        let input = Input::new(s).range(..end).anchored(Anchored::Yes);
        let mut state = dfa.start_state_reverse(&mut cache, &input).ok()?;
        let bytes = s.as_bytes();
        // Matches are reported one byte late: a match state after the byte at `i`
        // means a lead starting at `i + 1`.
        for i in (0..end).rev() {
            state = dfa.next_state(&mut cache, state, bytes[i]).ok()?;
            if state.is_match() {
                starts.push(i + 1);
            } else if state.is_dead() || state.is_quit() {
                return Some(());
            }
        }
        if dfa.next_eoi_state(&mut cache, state).ok()?.is_match() {
            starts.push(0);
        }
        Some(())
    }
}

/// The matches of `position_bare` in `s`, as its `find_iter` gives them. Each opens
/// with "thứ" in some case (t or T, h or H, ứ or Ứ: the anchors test checks what `(?i)`
/// makes of them), so the rule is tried anchored where one starts instead of searched
/// for through the sentence. Its "ứ" is found by the byte BB inside it, which memchr
/// finds fast.
fn bare_matches(s: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = s.as_bytes();
    let mut resume = 0;
    memchr::memchr_iter(0xbb, bytes).filter_map(move |mid| {
        let start = mid.checked_sub(3)?;
        // `| 0x20` lowers an ASCII letter and makes no other byte "t" or "h".
        let opens = bytes[start] | 0x20 == b't'
            && bytes[start + 1] | 0x20 == b'h'
            && bytes[mid - 1] == 0xe1
            && bytes.get(mid + 1).is_some_and(|&b| b | 1 == 0xa9);
        if !opens || start < resume {
            return None;
        }
        let input = Input::new(s).span(start..s.len()).anchored(Anchored::Yes);
        let m = POSITION_BARE_AT.as_ref()?.search(&input)?;
        resume = m.end();
        Some(m.range())
    })
}

/// Scopes that make "cao thứ 3" a position ("cao thứ 3 cả nước").
const SUPERLATIVE_SCOPES: &[&str] = &[
    "cả nước",
    "toàn quốc",
    "toàn tỉnh",
    "toàn thành phố",
    "khu vực",
    "vùng",
    "trong",
];

/// Nouns of things counted: "bảng xếp hạng 63 tỉnh" counts provinces, it ranks nothing.
const COUNTED_NOUNS: &[&str] = &[
    "tỉnh",
    "thành",
    "địa",
    "đơn",
    "quốc",
    "bộ",
    "cơ",
    "huyện",
    "xã",
    "sở",
    "doanh",
    "trường",
    "nước",
];

/// A `position_numbered` match that counts or moves: after "bảng", or a number without a
/// total followed by a counted noun ("xếp hạng 63 tỉnh, thành phố") or by "bậc".
fn counts_not_ranks(s: &str, whole: Range<usize>, has_total: bool) -> bool {
    if ends_with_folded(s[..whole.start].trim_end(), "bảng") {
        return true;
    }
    // "nâng thứ hạng 5 bậc" is a move.
    let rest = rest_after(s, whole.end);
    !has_total
        && (starts_with_word(rest, COUNTED_NOUNS) || starts_with_word(rest, &["bậc", "hạng"]))
}

/// A position's groups: the rank, and the total after "/".
type Groups = (Range<usize>, Option<Range<usize>>);

/// The groups of a `position_ordinal`, `position_superlative` or `position_bare`
/// match, read from its text instead of a captures run (a test compares the two):
/// each ends with "thứ", spaces, the rank (digits or a word, without a space or a
/// "/") and maybe spaces, "/", spaces and the total. Nothing after that "thứ" holds
/// an "ứ" (E1 BB A8/A9 in either case), so the last one is its own.
fn thu_groups(s: &str, whole: Range<usize>) -> Option<Groups> {
    let text = s.get(whole.clone())?;
    let key = text
        .as_bytes()
        .windows(3)
        .rposition(|w| w[0] == 0xe1 && w[1] == 0xbb && w[2] | 1 == 0xa9)?;
    let after_thu = text.get(key + 3..)?;
    let rank_at = text.len() - after_thu.trim_start().len();
    let rank_len = text[rank_at..]
        .find(|c: char| c.is_whitespace() || c == '/')
        .unwrap_or(text.len() - rank_at);
    let tail = &text[rank_at + rank_len..];
    let total = tail
        .trim_start()
        .strip_prefix('/')
        .map(|t| whole.end - t.trim_start().len()..whole.end);
    let rank_start = whole.start + rank_at;
    Some((rank_start..rank_start + rank_len, total))
}

/// The groups of a `position_numbered` or `position_ratio` match, read from its text
/// instead of a captures run (a test compares the two): each ends with whitespace,
/// the rank (digits) and maybe whitespace, "/", whitespace and the total, and holds
/// no other "/".
fn numbered_groups(s: &str, whole: Range<usize>) -> Option<Groups> {
    let text = s.get(whole.clone())?;
    let (ranked, total) = match text.rfind('/') {
        Some(slash) => {
            let total = &text[slash + 1..];
            let total_start = whole.end - total.trim_start().len();
            (text[..slash].trim_end(), Some(total_start..whole.end))
        }
        None => (text, None),
    };
    let rank_start = ranked
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace())
        .map(|(i, c)| i + c.len_utf8())?;
    Some((whole.start + rank_start..whole.start + ranked.len(), total))
}

/// "từ hạng 60 lên 38": the old and the new position, each its number alone.
fn from_to(
    s: &str,
    base: usize,
    caps: &Captures,
    taken: &mut Vec<(usize, usize)>,
    out: &mut Vec<Ranking>,
) {
    let (Some(whole), Some(old), Some(new)) = (caps.get(0), caps.get(1), caps.get(2)) else {
        return;
    };
    if !word_start(s, whole.start())
        || !word_end(s, whole.end())
        || overlaps(taken, whole.start(), whole.end())
        || starts_with_word(rest_after(s, whole.end()), COUNTED_NOUNS)
    {
        return;
    }
    taken.push((whole.start(), whole.end()));
    for m in [old, new] {
        let Some(rank) = m.as_str().parse::<u32>().ok().filter(|&r| r > 0) else {
            continue;
        };
        out.push(Ranking {
            text: m.as_str().to_string(),
            rank: Some(rank),
            total: None,
            change: None,
            tier: None,
            scope: None,
            start: base + m.start(),
            end: base + m.end(),
        });
    }
}

/// The ranks listed after a position ending at `end`: "lần lượt xếp thứ 2 và 3".
/// Each must end the clause, so "thứ 2 và 3 tỉnh khác" stays a count.
fn series(
    s: &str,
    base: usize,
    mut end: usize,
    taken: &mut Vec<(usize, usize)>,
    out: &mut Vec<Ranking>,
) {
    let Some(re) = POSITION_SERIES.as_ref() else {
        return;
    };
    while let Some(caps) = s.get(end..).and_then(|tail| re.captures(tail)) {
        let Some(number) = caps.get(1) else { return };
        let (start, stop) = (end + number.start(), end + number.end());
        let closes = s[stop..]
            .trim_start_matches([' ', '\u{a0}'])
            .chars()
            .next()
            .map_or(true, |c| matches!(c, '.' | ',' | ';' | ')' | ':'));
        let Some(rank) = number.as_str().parse::<u32>().ok().filter(|&r| r > 0) else {
            return;
        };
        if !closes || !word_end(s, stop) || overlaps(taken, start, stop) {
            return;
        }
        taken.push((start, stop));
        out.push(Ranking {
            text: number.as_str().to_string(),
            rank: Some(rank),
            total: None,
            change: None,
            tier: None,
            scope: None,
            start: base + start,
            end: base + stop,
        });
        end = stop;
    }
}

fn overlaps(taken: &[(usize, usize)], start: usize, end: usize) -> bool {
    taken.iter().any(|&(a, b)| start < b && a < end)
}

/// No letter or digit stands right before `at`.
fn word_start(s: &str, at: usize) -> bool {
    s.get(..at)
        .and_then(|h| h.chars().next_back())
        .map_or(true, |c| !is_alphanumeric(c))
}

/// No letter or digit stands right at `at`.
fn word_end(s: &str, at: usize) -> bool {
    s.get(at..)
        .and_then(|t| t.chars().next())
        .map_or(true, |c| !is_alphanumeric(c))
}

/// The text after `at`, past spaces and one comma.
fn rest_after(s: &str, at: usize) -> &str {
    s.get(at..)
        .unwrap_or("")
        .trim_start_matches([' ', '\u{a0}'])
        .trim_start_matches(',')
        .trim_start_matches([' ', '\u{a0}'])
}

/// `rest` starts with one of `words`, as whole words, ignoring case.
fn starts_with_word(rest: &str, words: &[&str]) -> bool {
    // The first twelve chars, lowercased char by char as `str::to_lowercase` does
    // for words without a sigma. Most texts open with a letter no word opens with:
    // that is known from the first char alone.
    let head = || rest.chars().take(12).flat_map(char::to_lowercase);
    // No word is empty: an empty text starts with none.
    let Some(first) = head().next() else {
        return false;
    };
    words.iter().any(|w| {
        let mut head = head();
        w.starts_with(first)
            && w.chars().all(|c| head.next() == Some(c))
            && !head.next().is_some_and(is_alphanumeric)
    })
}

/// `head.to_lowercase().ends_with(word)` without building the string, for a lower-case
/// `word` without a sigma (whose lowercasing alone depends on its neighbours).
fn ends_with_folded(head: &str, word: &str) -> bool {
    let mut folded = head.chars().rev().flat_map(|c| c.to_lowercase().rev());
    word.chars().rev().all(|c| folded.next() == Some(c))
}

/// `word.to_lowercase()`, borrowed when lowercasing leaves every char as it is (most
/// words here are lower case already): no allocation then.
fn lowercased(word: &str) -> Cow<'_, str> {
    let unchanged = |c: char| {
        let mut lower = c.to_lowercase();
        lower.next() == Some(c) && lower.next().is_none()
    };
    let kept = word
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
        || word.chars().all(unchanged);
    match kept {
        true => Cow::Borrowed(word),
        false => Cow::Owned(word.to_lowercase()),
    }
}

/// `text.to_lowercase() == lower`, compared char by char where no sigma (lowercased
/// by its neighbours) asks for the whole string.
fn lowercase_is(text: &str, lower: &str) -> bool {
    match text.contains('Σ') {
        true => text.to_lowercase() == lower,
        false => text.chars().flat_map(char::to_lowercase).eq(lower.chars()),
    }
}

/// A rank written as digits or a Vietnamese ordinal word.
fn rank_value(word: &str) -> Option<u32> {
    let n = match &*lowercased(word) {
        "nhất" => 1,
        "nhì" | "hai" => 2,
        "ba" => 3,
        "tư" | "bốn" => 4,
        "năm" => 5,
        "sáu" => 6,
        "bảy" => 7,
        "tám" => 8,
        "chín" => 9,
        "mười" => 10,
        "một" => 1,
        digits => digits.parse().ok()?,
    };
    Some(n)
}

/// A position from a rule's captures: group 1 the rank, group 2 the total.
fn position(s: &str, base: usize, groups: Groups, start: usize) -> Option<Ranking> {
    let (rank_m, total_m) = groups;
    let end = total_m.as_ref().map_or(rank_m.end, |m| m.end);
    // "thứ 2.5", "07/18/2021" or a longer number is not a rank.
    let next = s.as_bytes().get(end);
    if !word_end(s, end)
        || (matches!(next, Some(b'/' | b'.' | b','))
            && s.as_bytes().get(end + 1).is_some_and(u8::is_ascii_digit))
    {
        return None;
    }
    // "(thứ 2 từ trái qua)", "(đứng thứ hai, từ phải sang)", "thứ 7 (12/4)".
    let rest = rest_after(s, end);
    let inner = rest.strip_prefix('(').unwrap_or(rest);
    if starts_with_word(inner, NOT_AFTER_POSITION)
        || (inner.len() < rest.len() && inner.starts_with(|c: char| c.is_ascii_digit()))
    {
        return None;
    }
    let rank = rank_value(s.get(rank_m)?).filter(|&r| r > 0)?;
    let mut total = total_m.and_then(|m| s.get(m)?.parse::<u32>().ok());
    if total.is_some_and(|t| t < rank) {
        return None;
    }
    let scope = scope_after(s, end, &mut total);
    Some(Ranking {
        text: s.get(start..end)?.to_string(),
        rank: Some(rank),
        total,
        change: None,
        tier: None,
        scope,
        start: base + start,
        end: base + end,
    })
}

/// A bare "thứ N" is a rank when it opens the sentence as a list item
/// ("Thứ 7 gồm…"), goes on a list of ranks after a semicolon, or follows a name
/// ("Hải quan Thanh Hóa thứ 13").
fn bare_position_ok(s: &str, start: usize, end: usize, after_position: bool) -> bool {
    let head = s[..start].trim_end_matches([' ', '\u{a0}']);
    let prev_word = head
        .rsplit(|c: char| !is_alphanumeric(c))
        .next()
        .unwrap_or("");
    let rest = rest_after(s, end);
    let opens_list = head.is_empty() || head.ends_with([':', ';', '-', '•', '.', '!', '?']);
    if opens_list {
        let follows = ["gồm", "là", "thuộc về", "với", "bảng", "trong bảng"];
        // "đứng thứ 2 tỉnh A đạt 90%; thứ 3 tỉnh B": the list of ranks goes on.
        let goes_on = after_position && head.ends_with(';');
        return !s[end..].trim_start().starts_with([',', '('])
            && (goes_on || starts_with_word(rest, &follows));
    }
    let lower = lowercased(prev_word);
    // "đứng thứ 2/5 tỉnh Tây Nguyên và thứ 15/63 cả nước": the list of ranks goes on.
    if after_position && (lower == "và" || head.ends_with(',')) {
        return !starts_with_word(rest, NOT_AFTER_POSITION);
    }
    let after_name = prev_word.chars().next().is_some_and(char::is_uppercase)
        && head.len() == head.trim_end_matches(|c: char| !is_alphanumeric(c)).len();
    after_name && !ORDINAL_NAMES.contains(&&*lower) && !near_ordinal_name(head)
}

/// An ordinal-name phrase ("Hội nghị Trung ương", "Kỳ họp") ends `head`.
fn near_ordinal_name(head: &str) -> bool {
    let tail: String = head
        .chars()
        .rev()
        .take(24)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect::<String>()
        .to_lowercase();
    ["hội nghị", "kỳ họp", "đại hội", "trung ương", "phiên họp"]
        .iter()
        .any(|w| tail.contains(w))
}

/// The scope after a position: "toàn tỉnh", "huyện, thị xã, thành phố thuộc
/// tỉnh", "trong 63 tỉnh, thành phố" (whose number becomes the total).
fn scope_after(s: &str, end: usize, total: &mut Option<u32>) -> Option<String> {
    let rest = s.get(end..)?;
    let mut words: Vec<(usize, usize, Option<ScopeWord>)> = Vec::new();
    let mut number: Option<u32> = None;
    let mut pos = 0;
    // Where a capitalized word directly after a scope word starts ("xã Ea Phê").
    let mut name_at: Option<usize> = None;
    for piece in rest.split_inclusive([' ', ',']) {
        let word = piece.trim_end_matches([' ', ',']);
        let at = pos;
        pos += piece.len();
        if word.is_empty() {
            if piece.starts_with(',') && words.is_empty() {
                break;
            }
            continue;
        }
        // Punctuation closes the scope after this word ("thành phố.", "tỉnh, thành;").
        let bare = word.trim_end_matches(['.', ';', ':', ')', '!', '?', '"']);
        let closes = bare.len() < word.len();
        let word = bare;
        // A capital starts a name ("và Cục Điều tra"), never a scope word.
        if word.is_empty() || word.starts_with(char::is_uppercase) {
            let after_space = rest[..at].ends_with(' ') && !rest[..at].trim_end().ends_with(',');
            if after_space && !word.is_empty() {
                name_at = Some(at);
            }
            break;
        }
        let lower = lowercased(word);
        let kind = SCOPE_WORDS
            .iter()
            .find(|(w, _)| *w == lower.as_ref())
            .map(|&(_, k)| k);
        let is_count = words.iter().all(|w| w.2 == Some(ScopeWord::Link))
            && number.is_none()
            && word.bytes().all(|b| b.is_ascii_digit());
        if is_count {
            number = word.parse().ok();
            words.push((at, at + word.len(), None));
        } else if let Some(kind) = kind {
            words.push((at, at + word.len(), Some(kind)));
        } else {
            break;
        }
        if closes {
            break;
        }
        // A comma ends the scope unless a scope word follows it.
        if piece.ends_with(',') {
            let next = rest[pos..].trim_start();
            let next_word = lowercased(next.split([' ', ',', ';', '.']).next().unwrap_or(""));
            let next_is_noun = SCOPE_WORDS
                .iter()
                .any(|(w, k)| *w == next_word.as_ref() && *k != ScopeWord::Link);
            if !next_is_noun {
                break;
            }
        }
    }
    let mut name_end = None;
    if let (Some(at), Some(last)) = (name_at, words.last()) {
        let noun = lowercased(&rest[last.0..last.1]);
        if REGION_NOUNS.contains(&&*noun) {
            // "tỉnh vùng Bắc Trung Bộ": the region's name is part of the scope.
            name_end = Some(at + proper_name_len(&rest[at..]));
        } else {
            // "xã Ea Phê": the noun belongs to the name that follows.
            words.pop();
        }
    }
    while words.first().is_some_and(|w| w.2 == Some(ScopeWord::Link)) {
        words.remove(0);
    }
    while words
        .last()
        .is_some_and(|w| !matches!(w.2, Some(ScopeWord::Noun)))
    {
        words.pop();
    }
    let (first, last) = (words.first()?, words.last()?);
    if total.is_none() && words.iter().any(|w| w.2.is_none()) {
        *total = number;
    }
    rest.get(first.0..name_end.unwrap_or(last.1))
        .map(str::to_string)
}

/// Nouns of a region whose proper name follows ("vùng Tây Nguyên", "khu vực Đông Nam Á").
const REGION_NOUNS: &[&str] = &["vùng", "vực", "miền"];

/// Bytes of the capitalized words at the start of `text` ("Bắc Trung Bộ và…" → "Bắc Trung Bộ").
fn proper_name_len(text: &str) -> usize {
    let mut len = 0;
    for piece in text.split_inclusive(' ') {
        let word = piece.trim_end();
        let bare = word.trim_end_matches(|c: char| !is_alphanumeric(c));
        if !bare.starts_with(char::is_uppercase) {
            break;
        }
        len += bare.len();
        if bare.len() < word.len() {
            break;
        }
        len += piece.len() - bare.len();
    }
    text[..len].trim_end().len()
}

/// The groups of a `move` match, read from its text instead of a captures run (a
/// test compares the two): its first word, which is the verb (group 1) when the verb
/// can give a minus (those are one word, and none opens another verb), and the word
/// before the unit (group 2), the unit being "thứ hạng" or "vị trí" when it ends with
/// them (a count is never "thứ" or "vị"). Words split at whitespace as `\s+` does.
fn move_groups(text: &str) -> Option<(&str, &str)> {
    let first_word = text.split(char::is_whitespace).next()?;
    let mut words = text
        .split(char::is_whitespace)
        .filter(|w| !w.is_empty())
        .rev();
    let (unit, before) = (lowercased(words.next()?), words.next()?);
    let two_word_unit = match &*unit {
        "hạng" => lowercased(before) == "thứ",
        "trí" => lowercased(before) == "vị",
        _ => false,
    };
    let count = if two_word_unit { words.next()? } else { before };
    Some((first_word, count))
}

/// A move such as "tăng 02 bậc" from a `move` match.
fn rank_move(s: &str, base: usize, whole: Range<usize>) -> Option<Ranking> {
    if !word_start(s, whole.start) || !word_end(s, whole.end) {
        return None;
    }
    if starts_with_word(rest_after(s, whole.end), NOT_AFTER_MOVE) {
        return None;
    }
    let text = s.get(whole.clone())?;
    let (verb, count) = move_groups(text)?;
    let verb = lowercased(verb);
    let steps = rank_value(count).filter(|&n| n > 0)?;
    let sign = match &*verb {
        "giảm" | "tụt" | "sụt" | "lùi" | "rơi" => -1,
        _ => 1,
    };
    Some(Ranking {
        text: text.to_string(),
        rank: None,
        total: None,
        change: Some(sign * i32::try_from(steps).ok()?),
        tier: None,
        scope: None,
        start: base + whole.start,
        end: base + whole.end,
    })
}

/// "dẫn đầu" at `start` as rank 1, unless it leads a group ("nhóm dẫn đầu").
fn lead(s: &str, base: usize, start: usize) -> Option<Ranking> {
    if !word_start(s, start) {
        return None;
    }
    let prev = lowercased(s[..start].trim_end().rsplit(' ').next().unwrap_or(""));
    if ["nhóm", "top", "tốp", "những", "các"].contains(&&*prev) {
        return None;
    }
    let end = start + "dẫn đầu".len();
    let mut total = None;
    let scope = scope_after(s, end, &mut total);
    Some(Ranking {
        text: s.get(start..end)?.to_string(),
        rank: Some(1),
        total,
        change: None,
        tier: None,
        scope,
        start: base + start,
        end: base + end,
    })
}

/// A tier after "nhóm"/"xếp loại", from the `tier` rule's match and its lead words
/// (group 1, the match without the spaces that close it).
fn tier(s: &str, base: usize, whole: Range<usize>, lead_word: Range<usize>) -> Option<Ranking> {
    if !word_start(s, whole.start) {
        return None;
    }
    let lead = s.get(lead_word.clone())?;
    let rest = s.get(whole.end..)?;
    let (written, _, reported) = TIERS.iter().find(|(written, lower, _)| {
        rest.get(..written.len())
            .is_some_and(|head| lowercase_is(head, lower))
            && word_end(rest, written.len())
    })?;
    let capitalized = rest.chars().next().is_some_and(char::is_uppercase);
    if !capitalized {
        // "nhóm khá đông" is not a tier: lower case needs a firm lead and a clean end.
        let firm =
            !lead.eq_ignore_ascii_case("nhóm") && !lead.to_lowercase().ends_with("trong nhóm");
        let tail = rest[written.len()..].trim_start_matches([' ', '\u{a0}']);
        let clean_end = tail.is_empty()
            || tail.starts_with([',', '.', ';', ')', ':'])
            || starts_with_word(tail, AFTER_LOWER_TIER);
        if !(firm && clean_end) {
            return None;
        }
    }
    // "nhóm Khá" is the text, without "thuộc".
    let text_start = lead_word.end - lead.split(' ').next_back()?.len();
    let text_start = if lead.to_lowercase().ends_with("xếp loại")
        || lead.to_lowercase().ends_with("đạt loại")
    {
        lead_word.start
    } else {
        text_start
    };
    let end = whole.end + written.len();
    Some(Ranking {
        text: s.get(text_start..end)?.to_string(),
        rank: None,
        total: None,
        change: None,
        tier: Some((*reported).to_string()),
        scope: None,
        start: base + text_start,
        end: base + end,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::{all_case_spellings, KeySearcher};

    fn run(text: &str) -> Vec<Ranking> {
        crate::extract::run_on(text, None, extract)
    }

    /// The rules [`AnchoredRule`] tries at their hits, as searches through the text.
    static ORDINAL_SEARCH: LazyLock<Option<Regex>> =
        LazyLock::new(|| Regex::new(&format!("(?i){ORDINAL_LEAD}{ORDINAL_REST}")).ok());
    static MOVE_SEARCH: LazyLock<Option<Regex>> =
        LazyLock::new(|| Regex::new(&format!("(?i){MOVE_LEAD}{MOVE_UNITS}")).ok());
    static TIER_SEARCH: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(TIER_PATTERN).ok());

    /// The rules tried at their anchor hits find what a search through the text finds.
    #[test]
    fn anchored_rules_equal_a_search() {
        let texts = [
            "Huyện xếp thứ 07/18, Đứng thứ 2/ 5; ĐỨNG Ở VỊ TRÍ thứ nhì, giữ ở tại ở hạng thứ 3.",
            "xxếp thứ 4, vị trí  thứ\u{a0}5, lên\tthứ ٣/٤, hạng vị trí hạng thứ mười, Xuống Thứ Tư.",
            "thứ 5, xếp thứ, xếp thứ thứ 6, đứng hạng\nthứ 7/8/9, giữthứ 2, XẾP ở thứ 1234.",
            "tăng 02 bậc, TỤT 3 HẠNG, vươn lên 5 bậc, nâng thứ hạng lên 4 bậc; nhảy vọt 22 bậc.",
            "thăng tiến 9 thứ hạng, Giảm\u{a0}mười vị trí, ſụt ba bậc, lùi  thêm 2\u{2003}hạng.",
            "rơi xuống 7 Thứ Hạng, xtăng 1 VỊ TRÍ, tăng ſáu bậc, sụt hạng 2 hạng, giảm 1234 bậc.",
            "tăng lên thêm tới 3 bậc, tăng hạng hạng hạng 2 bậc, tăng 2 hạng 3 bậc, tăng 3 thứ bậc.",
            "Thuộc Nhóm Khá, xếp vào nhóm\u{a0}\u{2003}Tốt; TRONG NHÓM  A, ở nhóm\nB, nhómA.",
            "Xếp Loại Xuất sắc, đạt loại\ttốt, xếp vào loại B, thuộc  nhóm C, Ở NHÓM D, nhóm ",
            "nhóm nhóm nhóm 1, loại loại, xếp loại nhóm 2, trong nhóm thuộc nhóm 3.",
            "",
        ];
        let blind = [
            include_str!("../../tests/blind/b01.txt"),
            include_str!("../../tests/blind/b02.txt"),
            include_str!("../../tests/blind/b03.txt"),
        ];
        let rules = [
            (&ORDINAL, &ORDINAL_SEARCH),
            (&MOVE, &MOVE_SEARCH),
            (&TIER, &TIER_SEARCH),
        ];
        for (rule, search) in rules {
            let (rule, search) = (
                rule.as_ref().expect("builds"),
                search.as_ref().expect("builds"),
            );
            let mut matched = 0;
            for text in texts.iter().chain(&blind) {
                let want: Vec<Range<usize>> = search.find_iter(text).map(|m| m.range()).collect();
                matched += want.len();
                for base in [0, 7] {
                    let hits: Vec<Hit> = find_all(text)
                        .into_iter()
                        .map(|hit| Hit {
                            start: hit.start + base,
                            end: hit.end + base,
                            ..hit
                        })
                        .collect();
                    assert_eq!(rule.matches(text, base, &hits), want, "{search} {text}");
                }
            }
            assert!(matched >= 12, "{search}: {matched}");
        }
    }

    /// The case-blind phrase search agrees with a search of the lowercased paragraph.
    #[test]
    fn ranking_context_as_in_lower_case() {
        let paragraphs = [
            "Kết quả XẾP HẠNG chỉ số PAR INDEX năm 2023 của tỉnh.",
            "Tỉnh Đứng Đầu cả nước; huyện ĐỨNG THỨ 2, Vị Trí Thứ 3, THỨ HẠNG, Dẫn Đầu.",
            "xẾp Thứ, xếp  thứ, xep hang, vị tri thứ, đứngthứ, dẫn đầu",
            "Bảng xếp hẠng năm nay.",
            "Ở VỊ TrÍ thứ hai.",
            "Ông Trí thứ hai, vỊ tRÍ  thứ ba, vịtrí thứ tư.",
            "Thứ trưởng Bộ Nội vụ dự hội nghị sáng thứ 2.",
            "",
        ];
        for p in paragraphs {
            let lower = p.to_lowercase();
            let want = CONTEXT_PHRASES.iter().any(|w| lower.contains(w));
            let hits = find_anchors(p);
            assert_eq!(is_ranking_context(p, 0..p.len(), &hits), want, "{p}");
        }
        // Every phrase holds an anchor that the first search finds in every case.
        let first = first_keys();
        for phrase in CONTEXT_PHRASES {
            let found_first = ANCHORS.iter().enumerate().any(|(i, &(word, _))| {
                let keys = word_keys([ANCHORS[i]], KEY_LEN);
                phrase.contains(word)
                    && keys
                        .iter()
                        .all(|(key, _)| first.contains(&(key.clone(), i)))
            });
            assert!(found_first, "{phrase}");
        }
    }

    /// The prefilter is as case-blind as the rules: a headline in capitals is read.
    #[test]
    fn headline_in_capitals_ranks() {
        let ranks = |text| -> Vec<_> { run(text).iter().map(|r| (r.rank, r.total)).collect() };
        assert_eq!(ranks("HUYỆN XẾP THỨ 5/63 TỈNH."), [(Some(5), Some(63))]);
        assert_eq!(ranks("TĂNG 2 BẬC SO VỚI NĂM 2022."), [(None, None)]);
        assert!(ranks("THỨ TRƯỞNG BỘ NỘI VỤ DỰ HỘI NGHỊ.").is_empty());
    }

    /// (text, rank, total, change, tier, scope)
    type Expected = (
        &'static str,
        Option<u32>,
        Option<u32>,
        Option<i32>,
        Option<&'static str>,
        Option<&'static str>,
    );

    fn pos(
        text: &'static str,
        rank: u32,
        total: Option<u32>,
        scope: Option<&'static str>,
    ) -> Expected {
        (text, Some(rank), total, None, None, scope)
    }

    fn moved(text: &'static str, change: i32) -> Expected {
        (text, None, None, Some(change), None, None)
    }

    fn tiered(text: &'static str, tier: &'static str) -> Expected {
        (text, None, None, None, Some(tier), None)
    }

    fn check(text: &str, expected: &[Expected]) {
        let got: Vec<_> = run(text)
            .into_iter()
            .map(|r| (r.text, r.rank, r.total, r.change, r.tier, r.scope))
            .collect();
        let want: Vec<_> = expected
            .iter()
            .map(|&(t, rank, total, change, tier, scope)| {
                (
                    t.to_string(),
                    rank,
                    total,
                    change,
                    tier.map(str::to_string),
                    scope.map(str::to_string),
                )
            })
            .collect();
        assert_eq!(got, want, "{text}");
    }

    #[test]
    fn positions_moves_and_tiers() {
        let cases: Vec<(&str, Vec<Expected>)> = vec![
            (
                "Năm nay huyện xếp thứ 07/18 huyện, thị xã, thành phố thuộc tỉnh, tăng 02 bậc so với năm trước.",
                vec![
                    pos("xếp thứ 07/18", 7, Some(18), Some("huyện, thị xã, thành phố thuộc tỉnh")),
                    moved("tăng 02 bậc", 2),
                ],
            ),
            (
                "Chỉ số của thị xã đứng thứ 3 toàn tỉnh.",
                vec![pos("đứng thứ 3", 3, None, Some("toàn tỉnh"))],
            ),
            (
                "Tỉnh xếp hạng 5/63 tỉnh, thành phố về chỉ số chuyển đổi số.",
                vec![pos("xếp hạng 5/63", 5, Some(63), Some("tỉnh, thành phố"))],
            ),
            (
                "Chỉ số hài lòng của huyện đứng vị trí thứ 2 trong toàn tỉnh.",
                vec![pos("đứng vị trí thứ 2", 2, None, Some("toàn tỉnh"))],
            ),
            (
                "Tỉnh xếp thứ 12 trong 63 tỉnh, thành phố cả nước.",
                vec![pos("xếp thứ 12", 12, Some(63), Some("63 tỉnh, thành phố cả nước"))],
            ),
            (
                "Thành phố vươn lên đứng thứ nhất cả nước về chỉ số PAPI.",
                vec![pos("đứng thứ nhất", 1, None, Some("cả nước"))],
            ),
            (
                "Năm 2023, chỉ số PCI của tỉnh giảm 3 bậc, còn chỉ số PAPI tụt 4 hạng.",
                vec![moved("giảm 3 bậc", -3), moved("tụt 4 hạng", -4)],
            ),
            (
                "Cải cách hành chính của tỉnh cũng tăng 20 bậc so với năm 2022.",
                vec![moved("tăng 20 bậc", 20)],
            ),
            (
                "Kết quả này đưa huyện vào nhóm Tốt của tỉnh.",
                vec![tiered("nhóm Tốt", "Tốt")],
            ),
            (
                "Có 5 địa phương thuộc nhóm Trung bình, không có đơn vị nào xếp loại Yếu.",
                vec![tiered("nhóm Trung bình", "Trung bình"), tiered("xếp loại Yếu", "Yếu")],
            ),
            (
                "Chỉ số của huyện thuộc nhóm khá của tỉnh.",
                vec![tiered("nhóm khá", "Khá")],
            ),
            (
                "Theo bảng xếp hạng, Cục Hải quan Đà Nẵng đứng thứ 1 với 89/90 điểm. Thứ 7 gồm Cục Hải quan Bình Dương và Lào Cai.",
                vec![pos("đứng thứ 1", 1, None, None), pos("Thứ 7", 7, None, None)],
            ),
            (
                "Thị xã xếp thứ 2 trên 13 huyện, thị, thành phố; năm trước xếp thứ 7 trong số 13 đơn vị.",
                vec![
                    pos("xếp thứ 2", 2, Some(13), Some("13 huyện, thị, thành phố")),
                    pos("xếp thứ 7", 7, Some(13), Some("13 đơn vị")),
                ],
            ),
            (
                "Huyện xếp thứ 4 trên tổng số 10 huyện, thành phố.",
                vec![pos(
                    "xếp thứ 4",
                    4,
                    Some(10),
                    Some("10 huyện, thành phố"),
                )],
            ),
            (
                "Năm trước huyện xếp thứ 6.",
                vec![
                    pos("xếp thứ 6", 6, None, None),
                ],
            ),
            (
                "Tăng trưởng GRDP xếp thứ 9/14 tỉnh vùng Bắc Trung Bộ và duyên hải miền Trung.",
                vec![pos("xếp thứ 9/14", 9, Some(14), Some("tỉnh vùng Bắc Trung Bộ"))],
            ),
            (
                "Thị trấn Phước An dẫn đầu khối; xã Ea Phê đứng thứ 2 và xã Hòa An đứng thứ 3.",
                vec![pos("đứng thứ 2", 2, None, None), pos("đứng thứ 3", 3, None, None)],
            ),
            (
                "Chỉ số PAPI cải thiện 6 bậc, chỉ số PCI sụt 2 hạng và giữ vị trí 15/63.",
                vec![
                    moved("cải thiện 6 bậc", 6),
                    moved("sụt 2 hạng", -2),
                    pos("giữ vị trí 15/63", 15, Some(63), None),
                ],
            ),
            (
                "Về tăng trưởng kinh tế, Hà Tĩnh thứ 9/14 tỉnh vùng Bắc Trung Bộ.",
                vec![pos("thứ 9/14", 9, Some(14), Some("tỉnh vùng Bắc Trung Bộ"))],
            ),
            (
                "Nhờ đó tỉnh nâng thứ hạng lên 4 bậc, riêng chỉ số thành phần tụt hạng 2 bậc.",
                vec![
                    moved("nâng thứ hạng lên 4 bậc", 4),
                    moved("tụt hạng 2 bậc", -2),
                ],
            ),
            (
                "Năm 2022 tỉnh xếp thứ 25, năm 2023 vươn lên thứ 10 và giữ vị trí thứ 10 năm 2024.",
                vec![
                    pos("xếp thứ 25", 25, None, None),
                    pos("lên thứ 10", 10, None, None),
                    pos("giữ vị trí thứ 10", 10, None, None),
                ],
            ),
            (
                "Quảng Ninh tiếp tục dẫn đầu, Hải Phòng thứ 2, Hà Nội thứ 3 về chỉ số hài lòng.",
                vec![pos("thứ 2", 2, None, None), pos("thứ 3", 3, None, None)],
            ),
            (
                "Hải quan Quảng Trị đứng thứ 12, Hải quan Thanh Hóa thứ 13 trong bảng xếp hạng.",
                vec![pos("đứng thứ 12", 12, None, None), pos("thứ 13", 13, None, None)],
            ),
            (
                "Ba cục hải quan dẫn đầu bảng xếp hạng chỉ số cải cách hành chính năm 2019.",
                vec![pos("dẫn đầu", 1, None, None)],
            ),
            (
                "Bình Thuận xếp thứ 34/63 tỉnh, thành; tăng 20 bậc so với năm 2023.",
                vec![
                    pos("xếp thứ 34/63", 34, Some(63), Some("tỉnh, thành")),
                    moved("tăng 20 bậc", 20),
                ],
            ),
            (
                "Chỉ số SIPAS đạt 100%, xếp thứ 2/13 huyện, thị, thành phố.",
                vec![pos("xếp thứ 2/13", 2, Some(13), Some("huyện, thị, thành phố"))],
            ),
            (
                "Nhờ kết quả này, tỉnh nhảy vọt 15 bậc, từ hạng 41 lên 26.",
                vec![moved("nhảy vọt 15 bậc", 15), pos("41", 41, None, None), pos("26", 26, None, None)],
            ),
            (
                "Riêng môn Toán, học sinh của huyện thăng tiến 9 bậc.",
                vec![moved("thăng tiến 9 bậc", 9)],
            ),
            (
                "Về chỉ số hài lòng, huyện Đức Phổ lần lượt xếp thứ 4 và 7.",
                vec![pos("xếp thứ 4", 4, None, None), pos("7", 7, None, None)],
            ),
            (
                "Nhờ cải thiện điểm số, tỉnh nâng thứ hạng 5 bậc so với năm trước.",
                vec![moved("nâng thứ hạng 5 bậc", 5)],
            ),
            (
                "Năm 2024, huyện đạt thứ hạng 6/13 về chỉ số cải cách hành chính.",
                vec![pos("thứ hạng 6/13", 6, Some(13), None)],
            ),
            (
                "Tăng trưởng của tỉnh đứng thứ 3/6 tỉnh Tây Nguyên và thứ 21/63 cả nước.",
                vec![
                    pos("đứng thứ 3/6", 3, Some(6), None),
                    pos("thứ 21/63", 21, Some(63), Some("cả nước")),
                ],
            ),
            (
                "Tỉnh Phú Yên đứng thứ 5 với 88,1%; thứ 6 tỉnh Bình Định với 87,9%.",
                vec![pos("đứng thứ 5", 5, None, None), pos("thứ 6", 6, None, None)],
            ),
            (
                "Về chỉ số chính phủ điện tử, Việt Nam xếp 86/193 quốc gia, tăng tới 12 bậc.",
                vec![pos("xếp 86/193", 86, Some(193), Some("quốc gia")), moved("tăng tới 12 bậc", 12)],
            ),
            (
                "Năm 2022, chỉ số chính phủ điện tử của Việt Nam xếp 86/193 quốc gia.",
                vec![pos("xếp 86/193", 86, Some(193), Some("quốc gia"))],
            ),
            (
                "Xã đã sắp xếp 12 phòng họp, đứng ra tiếp 3/4 số hộ dân.",
                vec![],
            ),
            (
                "Với mức tăng 9,2%, Nghệ An có tốc độ tăng trưởng cao thứ 4 cả nước.",
                vec![pos("cao thứ 4", 4, None, Some("cả nước"))],
            ),
            (
                "Hai cục Giám sát quản lý và Thuế XNK đứng thứ 4 và Cục Điều tra chống buôn lậu đứng thứ 5.",
                vec![pos("đứng thứ 4", 4, None, None), pos("đứng thứ 5", 5, None, None)],
            ),
        ];
        for (text, expected) in &cases {
            check(text, expected);
        }
    }

    /// Each rule with the anchors it needs, as `scan_sentence` gates it.
    fn gated_rules() -> [(&'static LazyLock<Option<Regex>>, u32); 9] {
        [
            (&ORDINAL_SEARCH, RANK_VERB_THU),
            (&POSITION_NUMBERED, RANK_NUMBER),
            (&POSITION_RATIO, VERB_NUMBER),
            (&POSITION_SUPERLATIVE, HIGH_THU),
            (&POSITION_FROM_TO, FROM_RANK),
            (&POSITION_BARE, THU_DIGIT),
            (&MOVE_SEARCH, MOVE_UNIT),
            (&LEAD, DAN_DAU),
            (&TIER_SEARCH, NHOM | LOAI),
        ]
    }

    #[test]
    fn anchor_gates_are_necessary() {
        let text = "Tỉnh XẾP THỨ 5/63. Thứ 7 gồm A. Không có gì. TĂNG 2 BẬC, hạng 3; NHÓM Khá.\n\
            Xếp Loại Tốt! DẪN ĐẦU cả nước, dẫn\nđầu; Vị Trí số 1. thứ. Thứ. ĐỨNG 3/9. dẫnhóm \
            Từ hạng 60 lên 38, Cao Thứ 3 cả nước, xếp 71/193; tHứ 2 và 3, vươn lên 5 hạng. \
            ĐỨNG THỨ HAI; Xếp Hạng 5/63; nâng thứ hạng lên 4 bậc; TỪ VỊ TRÍ 9 XUỐNG 12. dẫn đầu\n\
            Tăng ſáu bậc. XẾP HẠNG SỐ 3. Xếp thứ\u{a0}3. Đứng  4/5. Từ\tthứ 3 lên 2. Thứ trưởng \
            xếp thứ ba; tăng 3\u{2003}vị trí; Lên thứ hạng 2; giảm MƯỜI HẠNG; xếp hạng ٣; hạng.\n\
            Xếp Ở VỊ TRÍ THỨ 4; đứng tại  thứ 9; Giữ\u{2003}thứ nhì; hạng ba thứ 2; thứ\u{a0}٣; thứ\n7.\n\
            NHIỀU\u{a0}THỨ 2 cả nước; ít  thứ hai toàn quốc; lớn thứ tư trong vùng; caothứ 3 cả nước.";
        let segments = crate::segment::segment(text);
        let hits: Vec<(usize, usize)> = find_anchors(text)
            .iter()
            .filter(|hit| hit.written)
            .map(|hit| (hit.start, hit.end))
            .collect();
        let mut matched = 0;
        for range in &segments.sentences {
            let sentence = &text[range.clone()];
            assert_eq!(
                holds_hit(&hits, range.start, range.end),
                ANCHORS
                    .iter()
                    .flat_map(|&(w, _)| written_cases(w))
                    .any(|w| sentence.contains(&w)),
                "{sentence}"
            );
            for (rule, needs) in gated_rules() {
                let re = rule.as_ref().expect("rule compiles");
                if re.is_match(sentence) {
                    matched += 1;
                    assert!(
                        sentence_anchors(sentence) & needs != 0,
                        "{re} in {sentence}"
                    );
                }
            }
            // Gated by anchors and cues, a sentence gives what every rule gives.
            let hits: Vec<Hit> = find_all(sentence)
                .into_iter()
                .map(|hit| Hit {
                    start: hit.start + range.start,
                    end: hit.end + range.start,
                    ..hit
                })
                .collect();
            let scan = |anchors: u32| {
                let mut out = Vec::new();
                scan_sentence(
                    sentence,
                    range.start,
                    anchors,
                    &hits,
                    &mut || true,
                    &mut out,
                );
                out
            };
            assert_eq!(
                scan(sentence_anchors(sentence)),
                scan(u32::MAX),
                "{sentence}"
            );
        }
        assert!(matched >= 15, "{matched}");
        // The (?i) of every anchor letter is the letter and its capital, nothing else.
        for c in ANCHORS.iter().flat_map(|&(w, _)| w.chars()) {
            let hir = regex_syntax::parse(&format!("(?i){c}")).expect("parses");
            let mut want: Vec<char> = vec![c];
            want.extend(c.to_uppercase().filter(|&u| u != c));
            let got: Vec<char> = match hir.kind() {
                regex_syntax::hir::HirKind::Class(regex_syntax::hir::Class::Unicode(class)) => {
                    class.iter().flat_map(|r| r.start()..=r.end()).collect()
                }
                _ => vec![c],
            };
            want.sort_unstable();
            assert_eq!(got, want, "{c}");
        }
        // The two searches hold every key of every anchor once, no two anchors share a
        // key, and the first keeps to Teddy's fast mode.
        let (first, rest) = (first_keys(), rest_keys());
        let mut both: Vec<(Vec<u8>, usize)> = first.iter().chain(&rest).cloned().collect();
        both.sort();
        assert_eq!(both, word_keys(ANCHORS, KEY_LEN));
        both.dedup_by(|a, b| a.0 == b.0);
        assert_eq!(both.len(), first.len() + rest.len());
        assert!(first.len() <= 32, "{}", first.len());
        // Teddy gives each anchor's first keys one bucket: their places agree modulo 8.
        for (i, (_, anchor)) in first.iter().enumerate() {
            let bucket = first.iter().position(|(_, a)| a == anchor).map(|p| p % 8);
            assert_eq!(bucket, Some(i % 8), "{}", ANCHORS[*anchor].0);
        }
        no_key_hides_an_anchor(&first);
        no_key_hides_an_anchor(&rest);
    }

    /// No key hit hides an anchor from a leftmost-first search of `keys`: a key that
    /// starts before an anchor's key, or at it, and reaches into it disagrees with the
    /// anchor's word, in every spelling, on some byte they share.
    fn no_key_hides_an_anchor(keys: &[(Vec<u8>, usize)]) {
        for (b, j) in keys {
            let (word, at) = ANCHORS[*j];
            for spelling in all_case_spellings(word) {
                let spelling = spelling.as_bytes();
                if spelling.get(at..at + KEY_LEN) != Some(b.as_slice()) {
                    continue;
                }
                for (a, _) in keys {
                    for shift in (0..a.len()).filter(|&shift| shift > 0 || a != b) {
                        let agrees = a.iter().enumerate().all(|(k, byte)| {
                            (at + k)
                                .checked_sub(shift)
                                .and_then(|p| spelling.get(p))
                                .map_or(true, |s| s == byte)
                        });
                        assert!(!agrees, "{a:?} hides {word} ({b:?} at {shift})");
                    }
                }
            }
        }
    }

    /// Every anchor in `text`, by the searches `first` and `rest` through the whole of it.
    fn find_all_by(first: &WordKeys, rest: &WordKeys, text: &str) -> Vec<Hit> {
        let mut hits = find_anchors_by(first, text, 0..text.len());
        hits.extend(find_anchors_by(rest, text, 0..text.len()));
        hits.sort_by_key(|hit| hit.start);
        hits
    }

    /// Every anchor in `text`, as [`FIRST_KEYS`] and [`REST_KEYS`] find them.
    fn find_all(text: &str) -> Vec<Hit> {
        find_all_by(&FIRST_KEYS, &REST_KEYS, text)
    }

    /// The anchors of a sentence as `extract` finds them, from its own search.
    fn sentence_anchors(sentence: &str) -> u32 {
        anchors(sentence, 0, &find_all(sentence))
    }

    /// The key search finds every anchor a case-blind search for the words finds, by
    /// Teddy and by the automaton that stands in for it on CPUs without SIMD.
    #[test]
    fn anchors_found_as_a_search_finds_them() {
        let automata = (
            WordKeys::from_keys(first_keys(), false),
            WordKeys::from_keys(rest_keys(), false),
        );
        assert!(matches!(automata.0.searcher, KeySearcher::Automaton(_)));
        assert!(matches!(automata.1.searcher, KeySearcher::Automaton(_)));
        let texts = [
            "Huyện XẾP THỨ 5/63, xẾp tHỨ 2; Đứng đầu, ĐỨNG 3/9, đỨng, sắp xếp, Xếp Hạng.",
            "Từ hạng 60 lên 38, tụt 3 HẠNG, hạ tầng, thạc sĩ; Vị Trí, vỊ tRÍ, đơn vị, vị  trí.",
            "Tăng 2 Bậc, BẬC, bật; Dẫn Đầu, DẪN ĐẦU, dẫn\nđầu, dẫn đẦu; nhóm, NHÓM, nhÓm, Nhóm.",
            "Loại, LOẠI, loạn, hoạt, loai; tổ chức, chứng, khứ, thứ, Thứ, THỨ, tHứ; thể, thị.",
            "đứ, Đứ, ĐỨ, \u{0111}ứng, ứng; Xế, xếp; Ñứng; thứ\u{301}; hứ; ứ; ạ",
            "hạNg, HạNG, hẠng, mạng, vị tRí, VỊ TrÍ, trí, nHóM, NhÓm, bẬc, bậC, ThỨ, đỨng, lOại.",
            "Xếp hẠng 3. Trời mưa. Đơn vị Trí. Không có gì. Thứ Hạng 5, NHÓm A.\nVị tRÍ 2; xẾp 1/2.",
            "",
        ];
        let blind = [
            include_str!("../../tests/blind/b01.txt"),
            include_str!("../../tests/blind/b02.txt"),
            include_str!("../../tests/blind/b03.txt"),
        ];
        let mut found = 0;
        for text in texts.iter().chain(&blind) {
            let mut want: Vec<Hit> = ANCHORS
                .iter()
                .enumerate()
                .flat_map(|(i, &(word, _))| {
                    let re = Regex::new(&format!("(?i){}", regex::escape(word))).expect("builds");
                    let written = written_cases(word);
                    re.find_iter(text)
                        .map(|m| Hit {
                            start: m.start(),
                            end: m.end(),
                            anchor: 1 << i,
                            written: written.iter().any(|w| w == m.as_str()),
                        })
                        .collect::<Vec<_>>()
                })
                .collect();
            want.sort_by_key(|hit| hit.start);
            found += want.len();
            assert_eq!(find_all(text), want, "{text}");
            assert_eq!(find_all_by(&automata.0, &automata.1, text), want, "{text}");
            // The first search finds every written anchor.
            let written: Vec<&Hit> = want.iter().filter(|hit| hit.written).collect();
            let first = find_anchors(text);
            assert_eq!(
                first.iter().filter(|hit| hit.written).collect::<Vec<_>>(),
                written
            );
            // Searched only in some sentences, the rest of the keys give there what a
            // search of the whole text gives.
            let sentences = crate::segment::segment(text).sentences;
            for step in 1..4 {
                let scanned: Vec<Range<usize>> = sentences.iter().step_by(step).cloned().collect();
                let hits = with_rest(text, &first, &scanned);
                for range in &scanned {
                    let inside = |hit: &&Hit| range.contains(&hit.start);
                    let got: Vec<&Hit> = hits.iter().filter(inside).collect();
                    assert_eq!(
                        got,
                        want.iter().filter(inside).collect::<Vec<_>>(),
                        "{text}"
                    );
                }
            }
        }
        assert!(found >= 40, "{found}");
        // Each anchor letter's capital differs from it in one bit of one byte.
        for c in ANCHORS.iter().flat_map(|&(w, _)| w.chars()) {
            let upper = c.to_uppercase().to_string();
            let lower = c.to_string();
            assert_eq!(upper.len(), lower.len(), "{c}");
            let bits: u32 = (lower.bytes().zip(upper.bytes()))
                .map(|(l, u)| (l ^ u).count_ones())
                .sum();
            assert!(bits <= 1, "{c}");
        }
    }

    /// The anchored tries at each "thứ" find what a search through the text finds.
    #[test]
    fn bare_matches_equal_a_search() {
        let re = POSITION_BARE.as_ref().expect("rule compiles");
        let texts = [
            "Thứ 7 gồm Quảng Ninh; thứ 8/63 là Hà Tĩnh, THỨ 9 / 12 và tHỨ\u{a0}10.",
            "thứ thứ 3; thứ٣ và thứ ٣/١٢; thứ 1234; thứ 12/3456; thứ\n\t5 /7; thứ/5.",
            "Sáng thứ 7, đứng thứ hai, thực hiện thứ tự 3; Thứ trưởng thứ 2 từ trái qua.",
            "ứ 5 hứ 6 tứ 7 thừa 8 thử 9 thự 10 thư 11; Tháng 3 thứ",
            "thứ",
            "",
        ];
        let blind = [
            include_str!("../../tests/blind/b01.txt"),
            include_str!("../../tests/blind/b02.txt"),
            include_str!("../../tests/blind/b03.txt"),
        ];
        for text in texts.iter().chain(&blind) {
            let want: Vec<Range<usize>> = re.find_iter(text).map(|m| m.range()).collect();
            assert_eq!(bare_matches(text).collect::<Vec<_>>(), want, "{text}");
        }
        assert!(bare_matches(texts[0]).count() >= 4);
    }

    /// The "thứ" rules' groups read from the match span are those of a captures run.
    #[test]
    fn thu_groups_equal_captures() {
        let texts = [
            "Huyện xếp thứ 07/18, Đứng thứ 2/ 5; ĐỨNG THỨ TƯ, đứng Ở VỊ TRÍ thứ nhì cả nước.",
            "xếp thứ\u{a0}7 /\u{2003}9, thứ ٣/٤, thứ 1234, Cao Thứ Nhì, lớn thứ ba/10 toàn quốc.",
            "Thứ 7 gồm A; thứ 13, thứ 9/14, thứ  2 /3, giữ hạng thứ mười, lên thứ 5/ 7/2021.",
            "Đứng tại thứ HAI, xuống thứ bảy/8, hạng ở thứ 3, đứng thứ\n4, thứ 5/ ,thứ 6/x.",
            "nhiều thứ 2 /5, thấp\u{a0}thứ tư, ÍT THỨ HAI, nhỏ thứ  7/ 9/2, cao thứ 12",
        ];
        let rules = [&ORDINAL_SEARCH, &POSITION_SUPERLATIVE, &POSITION_BARE];
        assert_groups_equal_captures(&rules, &texts, thu_groups, 3);
    }

    /// The `position_numbered` and `position_ratio` groups read from the match span
    /// are those of a captures run.
    #[test]
    fn numbered_groups_equal_captures() {
        let texts = [
            "Huyện xếp hạng 5/63, đạt thứ hạng 15/ 63, đứng ở vị trí số 3; XẾP HẠNG  ٣ /\u{a0}٤٥.",
            "xếp 71/193 quốc gia, Đứng\u{2003}4 /5, xếp\t12/ 2024/QĐ, giữ vị trí 1234, lên vị trí 7/",
            "Đứng hạng 9/14 và xuống ở vị trí 20; thứ hạng 6/13/2024, XẾP 3/ 4, đứng  5/x, đứng 2/3.",
        ];
        assert_groups_equal_captures(
            &[&POSITION_NUMBERED, &POSITION_RATIO],
            &texts,
            numbered_groups,
            5,
        );
    }

    /// Groups 1 and 2 as `read` finds them in each match equal a captures run's, and
    /// each rule matches at least `min_matches` times over `texts`.
    fn assert_groups_equal_captures(
        rules: &[&LazyLock<Option<Regex>>],
        texts: &[&str],
        read: fn(&str, Range<usize>) -> Option<Groups>,
        min_matches: usize,
    ) {
        for rule in rules {
            let re = rule.as_ref().expect("rule compiles");
            let mut matched = 0;
            for text in texts {
                let want: Vec<_> = re
                    .captures_iter(text)
                    .filter_map(|c| Some((c.get(1)?.range(), c.get(2).map(|m| m.range()))))
                    .collect();
                let got: Vec<_> = re
                    .find_iter(text)
                    .filter_map(|m| read(text, m.range()))
                    .collect();
                matched += want.len();
                assert_eq!(got, want, "{re} {text}");
            }
            assert!(matched >= min_matches, "{re}");
        }
    }

    /// The `move` groups read from the match give the verb's sign and the count a
    /// captures run gives.
    #[test]
    fn move_groups_equal_captures() {
        let re = MOVE_SEARCH.as_ref().expect("rule compiles");
        let text = "tăng 02 bậc, TỤT 3 HẠNG, vươn lên 5 bậc, nâng thứ hạng lên 4 bậc; nhảy vọt 22 \
            bậc, thăng tiến 9 thứ hạng, Giảm\u{a0}mười vị trí, ſụt ba bậc, lùi  thêm 2\u{2003}hạng, \
            rơi xuống 7 Thứ Hạng, cải thiện 1 VỊ TRÍ, tăng ſáu bậc, sụt hạng 2 hạng, giảm 1234 bậc.";
        let want: Vec<_> = re
            .captures_iter(text)
            .filter_map(|c| Some((c.get(1)?.as_str(), c.get(2)?.as_str())))
            .collect();
        let got: Vec<_> = re
            .find_iter(text)
            .filter_map(|m| move_groups(m.as_str()))
            .collect();
        assert!(want.len() >= 12, "{want:?}");
        assert_eq!(got.len(), want.len());
        let negative = |v: &str| ["giảm", "tụt", "sụt", "lùi", "rơi"].contains(&&*lowercased(v));
        for ((verb, count), (want_verb, want_count)) in got.into_iter().zip(want) {
            assert_eq!(count, want_count);
            assert_eq!(negative(verb), negative(want_verb), "{verb} {want_verb}");
            assert!(want_verb.starts_with(verb), "{verb} {want_verb}");
        }
    }

    /// The tier rule's group 1 is its match without the closing spaces.
    #[test]
    fn tier_lead_words_are_the_trimmed_match() {
        let re = TIER_SEARCH.as_ref().expect("rule compiles");
        let text = "Thuộc Nhóm Khá, xếp vào nhóm\u{a0}\u{2003}Tốt; TRONG NHÓM  A, ở nhóm\nB, \
            Xếp Loại Xuất sắc, đạt loại\ttốt, nhómA, nhóm ";
        let want: Vec<_> = re
            .captures_iter(text)
            .filter_map(|c| c.get(1).map(|m| m.range()))
            .collect();
        let got: Vec<_> = re
            .find_iter(text)
            .map(|m| m.start()..m.start() + m.as_str().trim_end().len())
            .collect();
        assert_eq!(want.len(), 7);
        assert_eq!(got, want);
    }

    #[test]
    fn lowercased_is_to_lowercase() {
        for word in [
            "", "tỉnh", "Tỉnh", "TỈNH", "ΣΑΣ", "σας", "ǅa", "İ", "Ⅻ", "và", "NHÓM", "123", "K",
            "ſáu",
        ] {
            assert_eq!(lowercased(word), word.to_lowercase(), "{word}");
            for lower in ["tỉnh", "σας", "σασ", "ǆa", "i\u{307}", "ⅻ", "nhóm", ""] {
                let want = word.to_lowercase() == lower;
                assert_eq!(lowercase_is(word, lower), want, "{word} {lower}");
            }
        }
    }

    #[test]
    fn folded_compares_match_lowercasing() {
        let words = ["bảng", "cả nước", "tỉnh", "từ trái", "lương", "và", "i"];
        let texts = [
            "BẢNG",
            "Bảng",
            "xếp hạng bảng",
            "CẢ NƯỚC, tỉnh",
            "Tỉnh",
            "TỪ TRÁI qua",
            "İ",
            "Iİ",
            "ΣΑΣ",
            "LƯƠNGX",
            "và",
            "",
            "abcdefghijklmnop",
            "cả nướcx",
            "TỈNH ",
        ];
        for text in texts {
            for word in words {
                let lower = text.to_lowercase();
                assert_eq!(
                    ends_with_folded(text, word),
                    lower.ends_with(word),
                    "{text} {word}"
                );
                let head: String = text.chars().take(12).collect::<String>().to_lowercase();
                assert_eq!(
                    starts_with_word(text, &[word]),
                    head.starts_with(word) && word_end(&head, word.len()),
                    "{text} {word}"
                );
            }
        }
    }

    #[test]
    fn not_rankings() {
        let cases = [
            "Kỳ họp thứ 14 HĐND tỉnh khóa XII bế mạc chiều nay.",
            "Sáng thứ 7 tuần trước, đoàn công tác đã làm việc tại huyện.",
            "Thứ 2 tuần tới, UBND tỉnh sẽ họp bàn về đầu tư công.",
            "Đại hội lần thứ 17 của Đảng bộ huyện diễn ra thành công.",
            "Thứ nhất là xây dựng các trung tâm nghiên cứu. Thứ hai là phát triển nguồn nhân lực.",
            "Ông Nguyễn Văn A (thứ 2 từ trái qua) trao quà cho các hộ nghèo.",
            "Tỉnh hiện nằm trong Top 5 về chỉ số năng lực cạnh tranh cấp tỉnh.",
            "Khối vụ thuộc Tổng cục đứng đầu là Vụ Pháp chế, cuối bảng là Cục Cà Mau.",
            "Bình Định sẽ thuộc nhóm dẫn đầu vùng Bắc Trung bộ về khoa học công nghệ.",
            "Chủ tịch UBND tỉnh dẫn đầu đoàn công tác đến thăm doanh nghiệp.",
            "Cán bộ được nâng 1 bậc lương trước thời hạn, 3 người tăng 1 bậc lương.",
            "Năm nay có 12 công chức được nâng lên 1 bậc lương thường xuyên.",
            "Dự án tăng thêm 5 hạng mục, sở tăng 3 vị trí việc làm.",
            "Nhóm khá đông thanh niên tham gia tình nguyện tại xã.",
            "Khách sạn được xếp hạng 5 sao từ năm ngoái.",
            "Cuộc họp được chuyển lên thứ 2 tuần sau để các sở chuẩn bị.",
            "Quảng Nam thứ 7 này sẽ tổ chức lễ hội, mời du khách tham gia.",
            "Khóa học tổ chức vào thứ 7, Chủ nhật hằng tuần tại Nhà văn hóa.",
            "Hội nghị Trung ương thứ 10 khóa XIII bàn nhiều nội dung quan trọng.",
            "Bí thư Tỉnh ủy (đứng thứ 2, từ trái sang) tặng hoa chúc mừng các tập thể.",
            "Phó Chủ tịch UBND tỉnh (đứng thứ hai từ phải qua) trao bằng khen.",
            "Trong bảng xếp hạng năm nay, huyện không có thay đổi. Thứ 7 (12/4), đoàn kiểm tra làm việc tại xã.",
            "Dự án nhóm A do Thủ tướng quyết định chủ trương đầu tư.",
            "Bộ vừa công bố bảng xếp hạng 63 tỉnh, thành phố về chuyển đổi số.",
            "Đoàn đã xếp hạng 12 đơn vị theo bộ tiêu chí mới.",
            "Nhà máy có công suất lớn thứ hai, gồm 3 tổ máy.",
            "Số đơn vị đạt chuẩn tăng từ hạng 2 lên 5 đơn vị trong năm.",
            "Lịch họp: sáng thứ 2 và thứ 5 hằng tuần tại trụ sở.",
            "Bảng thứ hạng 63 tỉnh, thành phố được công bố công khai.",
        ];
        for text in cases {
            let got = run(text);
            assert!(got.is_empty(), "{text}: {got:?}");
        }
    }

    #[test]
    fn offsets_slice_back() {
        let text = "Tin\n\nHuyện xếp thứ 07/18, tăng 02 bậc và thuộc nhóm Khá.";
        let found = run(text);
        assert_eq!(found.len(), 3);
        for r in &found {
            assert_eq!(&text[r.start..r.end], r.text);
        }
    }

    #[test]
    fn lexicons_parse_without_duplicates() {
        use unicode_normalization::UnicodeNormalization;
        for (source, columns) in [
            (include_str!("../lexicon/tiers.tsv"), 2),
            (include_str!("../lexicon/rank_scopes.tsv"), 2),
        ] {
            let mut seen = std::collections::BTreeSet::new();
            for row in lexicon::rows(source) {
                assert_eq!(row.len(), columns, "{row:?}");
                assert!(seen.insert(row[0].to_lowercase()), "duplicate {row:?}");
                for field in &row {
                    assert_eq!(field.nfc().collect::<String>(), *field, "not NFC: {row:?}");
                }
            }
        }
        assert_eq!(
            SCOPE_WORDS.len(),
            lexicon::rows(include_str!("../lexicon/rank_scopes.tsv")).count()
        );
        for rule in [
            &ORDINAL_SEARCH,
            &POSITION_NUMBERED,
            &POSITION_BARE,
            &POSITION_RATIO,
            &POSITION_SUPERLATIVE,
            &POSITION_SERIES,
            &POSITION_FROM_TO,
            &MOVE_SEARCH,
            &LEAD,
            &TIER_SEARCH,
        ] {
            assert!(rule.is_some());
        }
        assert!(ORDINAL.is_some() && MOVE.is_some() && TIER.is_some());
    }
}
