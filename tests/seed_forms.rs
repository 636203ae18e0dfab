//! The seed article stored eight ways gives the same facts as clean UTF-8 NFC.

use encoding_rs::WINDOWS_1252;
use unicode_normalization::UnicodeNormalization;
use vnews::decode::{encode, EncodingChoice};
use vnews::{Article, Config, Pipeline};

const SEED: &str = include_str!("../corpus/000_61edd261ad8c1a0f.txt");

/// Old-style spellings of the seed rewritten in the new style.
const NEW_STYLE: [(&str, &str); 4] = [
    ("Hòa", "Hoà"),
    ("hóa", "hoá"),
    ("thủy", "thuỷ"),
    ("Ủy", "Uỷ"),
];

/// UTF-8 bytes read as Windows-1252 and saved again as UTF-8.
fn mojibake(text: &str) -> String {
    WINDOWS_1252
        .decode_without_bom_handling(text.as_bytes())
        .0
        .into_owned()
}

fn facts(bytes: &[u8]) -> Article {
    let mut article = Pipeline::new(Config::default())
        .process_bytes("seed", "seed.txt", bytes, None)
        .expect("the seed decodes");
    // Everything but how the text arrived must be equal.
    article.normalization = Default::default();
    article.warnings.clear();
    article
}

#[test]
fn eight_storage_forms_give_the_same_facts() {
    let expected = facts(SEED.as_bytes());
    assert_eq!(expected.officials.len(), 1);
    assert_eq!(expected.scores.len(), 5);
    let new_style = NEW_STYLE
        .iter()
        .fold(SEED.to_string(), |t, (old, new)| t.replace(old, new));
    assert_ne!(new_style, SEED, "the seed has words to restyle");
    let forms: Vec<(&str, Vec<u8>)> = vec![
        ("NFD", SEED.nfd().collect::<String>().into_bytes()),
        ("new tone style", new_style.into_bytes()),
        (
            "Windows-1258",
            encode(SEED, EncodingChoice::Cp1258).expect("cp1258"),
        ),
        ("TCVN3", encode(SEED, EncodingChoice::Tcvn3).expect("tcvn3")),
        ("VNI", encode(SEED, EncodingChoice::Vni).expect("vni")),
        // VISCII has no no-break space; the normalizer turns it into a space anyway.
        (
            "VISCII",
            encode(&SEED.replace('\u{a0}', " "), EncodingChoice::Viscii).expect("viscii"),
        ),
        ("double mojibake", mojibake(&mojibake(SEED)).into_bytes()),
    ];
    for (name, bytes) in forms {
        assert_ne!(bytes, SEED.as_bytes(), "{name} differs from UTF-8 NFC");
        let article = facts(&bytes);
        assert_eq!(article.text, expected.text, "{name}: text");
        assert_eq!(article.dates, expected.dates, "{name}: dates");
        assert_eq!(article.officials, expected.officials, "{name}: officials");
        assert_eq!(article.scores, expected.scores, "{name}: scores");
        assert_eq!(article.rankings, expected.rankings, "{name}: rankings");
        assert_eq!(
            article.abbreviations, expected.abbreviations,
            "{name}: abbreviations"
        );
    }
}

#[test]
fn auto_detection_is_recorded() {
    let tcvn3 = encode(SEED, EncodingChoice::Tcvn3).unwrap();
    let article = Pipeline::new(Config::default())
        .process_bytes("seed", "seed.txt", &tcvn3, None)
        .unwrap();
    assert_eq!(article.normalization.encoding, "tcvn3");
    assert!(article.normalization.encoding_confidence > 0.5);
    let mangled = mojibake(&mojibake(SEED));
    let article = Pipeline::new(Config::default())
        .process_bytes("seed", "seed.txt", mangled.as_bytes(), None)
        .unwrap();
    assert!(article.normalization.mojibake_repaired);
}
