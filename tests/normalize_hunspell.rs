//! Every syllable of Debian's hunspell-vi word list (new tone style) is
//! recognised, kept as is in new style and only moved between styles in old.

use std::borrow::Cow;

use vnews::normalize::{fold, is_vietnamese_syllable, normalize, ToneStyle};

const DIC: &str = "/usr/share/hunspell/vi_VN.dic";

/// Entries that are not single Vietnamese syllables.
const NOT_SYLLABLES: &[&str] = &[
    // acronyms and names of formats
    "ABC", "ASCII", "GIF", "HCM", "HK", "HTML", "HĐND", "JPEG", "LHQ", "PDF", "PNG", "TCVN", "TV",
    "Telex", "Tp", "UBND", "URL", "Unicode", "VIQR", "VISCII", "VN", "VNI",
    // several syllables written as one word, or loan words breaking c/k/g spelling rules
    "basoi", "email", "gen", "gram", "internet", "intranet", "ka", "palăng", "ping", "tivi", "tout",
    "web", // "qu" + medial o: not in the standard rhyme system
    "quoàng", "quoạng", "quoắt", // stop coda without sắc/nặng tone
    "gip", "têt", "xit", // a lone consonant
    "v",
];

#[test]
fn hunspell_syllables_keep_their_style() {
    let Ok(data) = std::fs::read_to_string(DIC) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "{DIC} missing on CI (apt-get install hunspell-vi)"
        );
        eprintln!("skipped: {DIC} not found (apt-get install hunspell-vi)");
        return;
    };
    let mut checked = 0;
    let mut moved = 0;
    let mut unrecognised = Vec::new();
    for entry in data.lines().skip(1) {
        let word = entry.split('/').next().unwrap_or_default().trim();
        if word.is_empty() {
            continue;
        }
        if !is_vietnamese_syllable(word) {
            unrecognised.push(word);
            continue;
        }
        checked += 1;
        let (as_new, _) = normalize(word, ToneStyle::New);
        assert!(
            matches!(as_new, Cow::Borrowed(_)),
            "{word} changed in its own style: {as_new}"
        );
        let (as_old, _) = normalize(word, ToneStyle::Old);
        if as_old != word {
            moved += 1;
            assert_eq!(
                fold(&as_old),
                fold(word),
                "{word} → {as_old} changed letters"
            );
            assert_eq!(
                normalize(&as_old, ToneStyle::New).0,
                word,
                "{word} → {as_old} → new"
            );
        }
        assert!(
            matches!(normalize(word, ToneStyle::Keep).0, Cow::Borrowed(_)),
            "{word} keep"
        );
    }
    eprintln!("hunspell-vi: {checked} syllables checked, {moved} moved to old style, unrecognised: {unrecognised:?}");
    let mut expected = NOT_SYLLABLES.to_vec();
    expected.sort_unstable();
    unrecognised.sort_unstable();
    assert_eq!(unrecognised, expected);
    assert!(checked > 6000, "only {checked} syllables");
    assert!(moved > 50, "only {moved} moved");
}
