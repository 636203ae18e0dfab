//! Every syllable Vietnamese spelling allows (onset × rhyme × tone), generated
//! here from the spelling rules, survives old → new → old, NFD → NFC and case.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;
use vnews::normalize::{is_vietnamese_syllable, normalize, ToneStyle};

const ONSETS: [&str; 28] = [
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh",
    "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
];

/// Nuclei (with medial) and the codas each takes.
const RHYMES: [(&str, &str); 35] = [
    ("a", "- c ch i m n ng nh o p t u y"),
    ("ă", "c m n ng p t"),
    ("â", "c m n ng p t u y"),
    ("e", "- c m n ng o p t"),
    ("ê", "- ch m n nh p t u"),
    ("i", "- a ch m n nh p t u"),
    ("iê", "c m n ng p t u"),
    ("y", "-"),
    ("yê", "m n ng t u"),
    ("o", "- c i m n ng p t"),
    ("oo", "c ng"),
    ("ô", "- c i m n ng p t"),
    ("ơ", "- i m n p t"),
    ("u", "- a c i m n ng p t"),
    ("uô", "c i m n ng t"),
    ("ư", "- a c i m n ng t u"),
    ("ươ", "c i m n ng p t u"),
    ("oa", "- c ch i m n ng nh o p t y"),
    ("oă", "c m n ng t"),
    ("oe", "- n o t"),
    ("uâ", "n ng t y"),
    ("uê", "- ch nh"),
    ("uơ", "-"),
    ("uy", "- a ch n nh p t u"),
    ("uyê", "n t"),
    ("ua", "-"),
    ("ia", "-"),
    ("ưa", "-"),
    ("ai", "-"),
    ("ao", "-"),
    ("au", "-"),
    ("ay", "-"),
    ("eo", "-"),
    ("iu", "-"),
    ("ưu", "-"),
];

/// grave, hook, tilde, acute, dot below
const TONES: [char; 5] = ['\u{300}', '\u{309}', '\u{303}', '\u{301}', '\u{323}'];

fn rhymes() -> Vec<String> {
    let mut all = Vec::new();
    for (nucleus, codas) in RHYMES {
        for coda in codas.split(' ') {
            // "ia", "ua", "ưa", "ai"… are listed as whole rhymes, not nucleus + glide.
            let coda = if coda == "-" { "" } else { coda };
            let rhyme = format!("{nucleus}{coda}");
            if !all.contains(&rhyme) {
                all.push(rhyme);
            }
        }
    }
    all
}

fn is_i_then_vowel(rhyme: &str) -> bool {
    rhyme
        .strip_prefix('i')
        .is_some_and(|rest| rest.starts_with(['a', 'ê', 'u']))
}

fn starts_front(rhyme: &str) -> bool {
    rhyme.starts_with(['i', 'e', 'ê', 'y'])
}

/// The onset + rhyme spellings Vietnamese orthography allows.
fn spellings() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for onset in ONSETS {
        for rhyme in rhymes() {
            let rest = match onset {
                "k" | "gh" | "ngh" if !starts_front(&rhyme) || rhyme.starts_with('y') => continue,
                "c" if starts_front(&rhyme) => continue,
                "ng" if rhyme.starts_with(['i', 'e', 'ê']) => continue,
                // g + i + vowel is spelt with the onset "gi" (gia, not g + ia)
                "g" if rhyme.starts_with(['e', 'ê', 'y']) || is_i_then_vowel(&rhyme) => continue,
                "qu" => match rhyme.strip_prefix('u') {
                    Some(after) if after.starts_with('y') => after.to_string(),
                    _ if rhyme.starts_with(['o', 'u', 'ư', 'i']) => continue,
                    _ => rhyme.clone(),
                },
                "gi" => match rhyme.strip_prefix("iê") {
                    Some(after) => format!("ê{after}"),
                    None if rhyme.starts_with(['i', 'y']) => continue,
                    None => rhyme.clone(),
                },
                _ => rhyme.clone(),
            };
            out.push((onset.to_string(), rest));
        }
    }
    out
}

fn is_stop(rhyme: &str) -> bool {
    rhyme.ends_with(['c', 'p', 't']) || rhyme.ends_with("ch")
}

/// Index (in chars) of the rhyme vowel carrying the tone.
fn tone_vowel(rhyme: &str, new_style: bool) -> usize {
    let chars: Vec<char> = rhyme.chars().collect();
    if let Some(k) = chars.iter().rposition(|c| "ăâêôơư".contains(*c)) {
        return k;
    }
    let vowels = chars.iter().take_while(|c| "aeiouy".contains(**c)).count();
    match vowels {
        1 => 0,
        _ if vowels < chars.len() => vowels - 1,
        3 => 1,
        _ if new_style && ["oa", "oe", "uy"].contains(&rhyme) => 1,
        _ => 0,
    }
}

fn with_tone(onset: &str, rhyme: &str, tone: Option<char>, new_style: bool) -> String {
    let at = tone_vowel(rhyme, new_style);
    let mut word = String::from(onset);
    for (k, c) in rhyme.chars().enumerate() {
        word.push(c);
        if k == at {
            word.extend(tone);
        }
    }
    word.nfc().collect()
}

fn title(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[test]
fn inventory_round_trips() {
    let mut count = 0;
    let mut style_pairs = 0;
    for (onset, rhyme) in spellings() {
        let tones: Vec<Option<char>> = if is_stop(&rhyme) {
            vec![Some(TONES[3]), Some(TONES[4])]
        } else {
            std::iter::once(None).chain(TONES.map(Some)).collect()
        };
        for tone in tones {
            let old = with_tone(&onset, &rhyme, tone, false);
            let new = with_tone(&onset, &rhyme, tone, true);
            count += 1;
            style_pairs += usize::from(old != new);
            for form in [old.clone(), old.to_uppercase(), title(&old)] {
                assert!(is_vietnamese_syllable(&form), "{form} not a syllable");
                let (same, _) = normalize(&form, ToneStyle::Old);
                assert!(
                    matches!(same, Cow::Borrowed(_)),
                    "{form} changed under Old: {same}"
                );
                let nfd: String = form.nfd().collect();
                assert_eq!(normalize(&nfd, ToneStyle::Old).0, form, "NFD of {form}");
            }
            for form in [new.clone(), new.to_uppercase(), title(&new)] {
                assert!(is_vietnamese_syllable(&form), "{form} not a syllable");
                assert!(
                    matches!(normalize(&form, ToneStyle::New).0, Cow::Borrowed(_)),
                    "{form}"
                );
                assert!(
                    matches!(normalize(&form, ToneStyle::Keep).0, Cow::Borrowed(_)),
                    "{form}"
                );
            }
            let to_new = normalize(&old, ToneStyle::New).0.into_owned();
            assert_eq!(to_new, new, "old {old} → new");
            assert_eq!(normalize(&to_new, ToneStyle::Old).0, old, "new {new} → old");
            let nfd_new: String = new.nfd().collect();
            assert_eq!(
                normalize(&nfd_new, ToneStyle::Old).0,
                old,
                "NFD new {new} → old"
            );
        }
    }
    assert!(count > 15_000, "only {count} syllables");
    assert!(
        style_pairs > 300,
        "only {style_pairs} differ between styles"
    );
    eprintln!("{count} syllables, {style_pairs} written differently in old and new style");
}

/// The word with `tone` put after the char at `at` (any vowel, right or wrong).
fn toned_at(word: &str, at: usize, tone: char) -> String {
    let mut out = String::new();
    for (k, c) in word.chars().enumerate() {
        out.push(c);
        if k == at {
            out.push(tone);
        }
    }
    out.nfc().collect()
}

#[test]
fn misplaced_marks_are_moved_back() {
    let mut count = 0;
    for (onset, rhyme) in spellings() {
        let tones: &[char] = if is_stop(&rhyme) { &TONES[3..] } else { &TONES };
        let bare = format!("{onset}{rhyme}");
        let onset_len = onset.chars().count();
        let targets = [
            onset_len + tone_vowel(&rhyme, false),
            onset_len + tone_vowel(&rhyme, true),
        ];
        for &tone in tones {
            let old = with_tone(&onset, &rhyme, Some(tone), false);
            let new = with_tone(&onset, &rhyme, Some(tone), true);
            for (at, c) in bare.chars().enumerate() {
                if !"aăâeêioôơuưy".contains(c) || targets.contains(&at) {
                    continue;
                }
                let wrong = toned_at(&bare, at, tone);
                count += 1;
                assert_eq!(normalize(&wrong, ToneStyle::Old).0, old, "{wrong} old");
                assert_eq!(normalize(&wrong, ToneStyle::New).0, new, "{wrong} new");
                assert_eq!(normalize(&wrong, ToneStyle::Keep).0, old, "{wrong} keep");
                let upper = wrong.to_uppercase();
                assert_eq!(
                    normalize(&upper, ToneStyle::Old).0,
                    old.to_uppercase(),
                    "{upper}"
                );
            }
        }
    }
    assert!(count > 10_000, "only {count} misplaced forms");
    eprintln!("{count} misplaced forms fixed");
}
