//! Decode stage: every supported encoding of real Vietnamese text reads back to
//! the same text, `auto` finds the encoding, clean UTF-8 is never touched, and
//! binary or random bytes never panic.

use std::path::{Path, PathBuf};

use encoding_rs::WINDOWS_1252;
use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;
use vnews::decode::{decode, encode, DecodeError, EncodingChoice};
use vnews::{Config, ErrorKind, Pipeline};

const SEED: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/corpus/000_61edd261ad8c1a0f.txt"
));

fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// Punctuation VISCII has no code for, written in ASCII as a VISCII user would,
/// and the Icelandic eth some articles use for Đ.
fn viscii_repertoire(s: &str) -> String {
    s.replace('Ð', "Đ")
        .replace(['“', '”'], "\"")
        .replace(['‘', '’'], "'")
        .replace(['–', '—'], "-")
        .replace('…', "...")
        .replace('•', "*")
        .replace('\u{A0}', " ")
}

/// UTF-8 read as Windows-1252 and saved again as UTF-8.
fn mangle(s: &str) -> String {
    WINDOWS_1252
        .decode_without_bom_handling(s.as_bytes())
        .0
        .into_owned()
}

/// Ways to store a text, with the encoding name `auto` should report.
#[derive(Debug, Clone, Copy)]
enum Form {
    Utf8,
    Utf16Le,
    Utf16Be,
    Legacy(EncodingChoice),
    Mojibake(u8),
}

const FORMS: [Form; 9] = [
    Form::Utf8,
    Form::Utf16Le,
    Form::Utf16Be,
    Form::Legacy(EncodingChoice::Cp1258),
    Form::Legacy(EncodingChoice::Tcvn3),
    Form::Legacy(EncodingChoice::Vni),
    Form::Legacy(EncodingChoice::Viscii),
    Form::Mojibake(1),
    Form::Mojibake(2),
];

impl Form {
    fn expected_name(self) -> &'static str {
        match self {
            Form::Utf8 | Form::Mojibake(_) => "utf-8",
            Form::Utf16Le => "utf-16le",
            Form::Utf16Be => "utf-16be",
            Form::Legacy(choice) => choice.name(),
        }
    }

    /// The explicit choice that reads this form.
    fn choice(self) -> EncodingChoice {
        match self {
            Form::Utf8 | Form::Mojibake(_) => EncodingChoice::Utf8,
            Form::Utf16Le | Form::Utf16Be => EncodingChoice::Utf16,
            Form::Legacy(choice) => choice,
        }
    }

    /// The text as it can be stored (punctuation folded where the encoding lacks it) and its bytes.
    fn store(self, text: &str) -> (String, Vec<u8>) {
        match self {
            Form::Utf8 => (text.to_string(), text.as_bytes().to_vec()),
            Form::Utf16Le => {
                let mut bytes = vec![0xFF, 0xFE];
                bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
                (text.to_string(), bytes)
            }
            Form::Utf16Be => {
                let mut bytes = vec![0xFE, 0xFF];
                bytes.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
                (text.to_string(), bytes)
            }
            Form::Legacy(choice) => match encode(text, choice) {
                Some(bytes) => (text.to_string(), bytes),
                None => {
                    let folded = viscii_repertoire(text);
                    let bytes = encode(&folded, choice)
                        .unwrap_or_else(|| panic!("{choice} cannot encode {folded:?}"));
                    (folded, bytes)
                }
            },
            Form::Mojibake(times) => {
                let mangled = (0..times).fold(text.to_string(), |t, _| mangle(&t));
                (text.to_string(), mangled.into_bytes())
            }
        }
    }
}

fn real_corpus_dir() -> PathBuf {
    let ci = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/real");
    if ci.is_dir() {
        ci
    } else {
        PathBuf::from("/work/shared/corpus/real")
    }
}

fn real_articles() -> Vec<(PathBuf, String)> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(real_corpus_dir())
        .expect("real corpus directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("UTF-8 article");
            (p, text)
        })
        .collect()
}

fn assert_reads_back(form: Form, original: &str) {
    let (stored, bytes) = form.store(original);
    for choice in [form.choice(), EncodingChoice::Auto] {
        let decoded =
            decode(&bytes, choice).unwrap_or_else(|e| panic!("{form:?} via {choice}: {e}"));
        assert_eq!(nfc(&decoded.text), nfc(&stored), "{form:?} via {choice}");
        assert_eq!(
            decoded.mojibake_repaired,
            matches!(form, Form::Mojibake(_)),
            "{form:?}"
        );
        if choice == EncodingChoice::Auto {
            assert_eq!(decoded.encoding, form.expected_name(), "{form:?}");
            assert!(
                decoded.confidence > 0.5,
                "{form:?}: confidence {}",
                decoded.confidence
            );
        }
    }
}

#[test]
fn seed_article_reads_back_from_every_form() {
    for form in FORMS {
        assert_reads_back(form, SEED);
    }
}

#[test]
fn seed_article_in_capitals_reads_back() {
    let title = SEED.lines().next().expect("title line").to_uppercase();
    let text = format!("{title}\n\n{SEED}");
    for form in FORMS {
        assert_reads_back(form, &text);
    }
}

/// Hand-written lines, including all-capital ones (TCVN3 stores toned capitals as lower case codes).
const LINES: &[&str] = &[
    "Ủy ban nhân dân tỉnh Quảng Nam vừa tổ chức hội nghị sơ kết công tác quý III.",
    "Đồng chí Trần Thị Hường, Phó Chủ tịch UBND huyện, phát biểu chỉ đạo.",
    "Chỉ số hài lòng của người dân đạt 82,35%, tăng 4 bậc so với năm trước.",
    "HỘI NGHỊ TỔNG KẾT CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM 2023",
    "Ở XÃ ĐẠI LỘC, NGƯỜI DÂN ĐƯỢC HƯỚNG DẪN NỘP HỒ SƠ TRỰC TUYẾN",
    "Ấn tượng nhất là việc số hóa hồ sơ; thủ tục được giải quyết đúng hạn.",
    "Chị ấy ẵm con đi khám, còn ông thì ỷ lại vào kỹ thuật viên.",
    "CHỊ ẴM CON ĐẪM MỒ HÔI, KHÔNG Ỷ LẠI KỸ THUẬT",
    "Bảo đảm an toàn thông tin, ứng dụng công nghệ số trong quản lý.",
];

#[test]
fn hand_written_lines_round_trip_in_every_form() {
    for line in LINES {
        for form in FORMS {
            assert_reads_back(form, line);
        }
    }
}

#[test]
fn all_lines_together_round_trip() {
    let text = LINES.join("\n");
    for form in FORMS {
        assert_reads_back(form, &text);
    }
}

/// Knuth's MMIX LCG: deterministic, no rand crate.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % bound
    }
}

/// Sentences with at least one non-ASCII letter (pure ASCII reads the same in every encoding).
fn sentences() -> Vec<String> {
    let mut texts = vec![SEED.to_string()];
    texts.extend(real_articles().into_iter().map(|(_, t)| t));
    let mut out = Vec::new();
    for text in texts {
        for line in text.lines() {
            for sentence in line.split_inclusive(". ") {
                let sentence = sentence.trim();
                if sentence.chars().any(|c| !c.is_ascii() && c.is_alphabetic()) {
                    out.push(sentence.to_string());
                }
            }
        }
    }
    out
}

#[test]
fn auto_detects_the_encoding_of_generated_paragraphs() {
    let pool = sentences();
    assert!(pool.len() > 200, "only {} sentences", pool.len());
    let mut rng = Lcg(0x5EED_2022);
    let total = 1000;
    let mut right = 0;
    let mut misses = Vec::new();
    for i in 0..total {
        let count = 1 + rng.next(5);
        let paragraph: Vec<&str> = (0..count)
            .map(|_| pool[rng.next(pool.len())].as_str())
            .collect();
        let paragraph = paragraph.join(" ");
        let form = FORMS[i % FORMS.len()];
        let (stored, bytes) = form.store(&paragraph);
        match decode(&bytes, EncodingChoice::Auto) {
            Ok(d)
                if d.encoding == form.expected_name()
                    && nfc(&d.text).to_lowercase() == nfc(&stored).to_lowercase() =>
            {
                right += 1
            }
            other => misses.push(format!(
                "{form:?}: {:?} for {paragraph:?}",
                other.map(|d| d.encoding)
            )),
        }
    }
    let rate = right as f64 / total as f64;
    println!("auto detection: {right}/{total} = {:.1} %", rate * 100.0);
    for miss in misses.iter().take(10) {
        println!("miss: {miss}");
    }
    assert!(rate >= 0.99, "auto detection rate {rate}: {misses:#?}");
}

#[test]
fn clean_utf8_articles_are_never_changed() {
    let articles = real_articles();
    assert!(articles.len() >= 20, "found {} articles", articles.len());
    for (path, text) in articles
        .iter()
        .map(|(p, t)| (p, t.as_str()))
        .chain([(&PathBuf::from("seed"), SEED)])
    {
        let decoded = decode(text.as_bytes(), EncodingChoice::Auto).expect("decodes");
        assert_eq!(decoded.text, text, "{}", path.display());
        assert_eq!(decoded.encoding, "utf-8");
        assert!(!decoded.mojibake_repaired);
        assert_eq!(decoded.confidence, 1.0);
        assert!(decoded.warnings.is_empty(), "{:?}", decoded.warnings);
    }
}

#[test]
fn text_that_only_resembles_mojibake_is_kept() {
    for text in [
        "Mã số: Ä–03, lớp Å–2, hạng Ã—1",
        "NGÃ BA ĐỒNG LỘC",
        "Café «crème» à la française",
        "ĐÀ NẴNG – “Hội An”…",
    ] {
        let decoded = decode(text.as_bytes(), EncodingChoice::Auto).expect("decodes");
        assert_eq!(decoded.text, text);
        assert!(!decoded.mojibake_repaired, "{text}");
    }
}

#[test]
fn a_wrong_explicit_choice_decodes_with_a_warning() {
    let line = "Hội nghị chuyên đề cải cách hành chính năm 2022";
    let tcvn3 = encode(line, EncodingChoice::Tcvn3).expect("encodable");
    let as_vni = decode(&tcvn3, EncodingChoice::Vni).expect("decodes");
    assert_ne!(nfc(&as_vni.text), line);
    assert_eq!(as_vni.encoding, "vni");
    assert!(
        as_vni
            .warnings
            .iter()
            .any(|w| w.contains("reads poorly as vni")),
        "{:?}",
        as_vni.warnings
    );
    let as_utf8 = decode(&tcvn3, EncodingChoice::Utf8).expect("decodes");
    assert!(as_utf8.text.contains('\u{FFFD}'));
    assert_eq!(
        as_utf8.warnings,
        vec!["invalid UTF-8 replaced with U+FFFD".to_string()]
    );
    let right = decode(&tcvn3, EncodingChoice::Tcvn3).expect("decodes");
    assert_eq!(nfc(&right.text), line);
    assert!(right.warnings.is_empty());
}

#[test]
fn english_text_is_plain_utf8() {
    let text = "The provincial committee met on Monday to review the administrative reform index.";
    let decoded = decode(text.as_bytes(), EncodingChoice::Auto).expect("decodes");
    assert_eq!((decoded.text.as_str(), decoded.encoding), (text, "utf-8"));
    assert!(!decoded.mojibake_repaired);
}

#[test]
fn latin1_english_decodes_lossily_with_a_warning() {
    let bytes = b"The caf\xe9 on the corner serves cr\xe8me br\xfbl\xe9e every day of the week.";
    let decoded = decode(bytes, EncodingChoice::Auto).expect("decodes, not an error");
    assert!(decoded.text.starts_with("The caf"));
    assert!(decoded.text.ends_with("every day of the week."));
    assert!(!decoded.warnings.is_empty());
    assert!(decoded.confidence < 0.5);
}

#[test]
fn binary_input_is_not_text() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0";
    let nul_laden = "Nông Sơn\0\0\0tổ chức\0".as_bytes();
    let controls = b"\x01\x02\x03\x04 abc \x1b[0m\x07\x08";
    for (name, bytes) in [
        ("png", &png[..]),
        ("nul", nul_laden),
        ("controls", &controls[..]),
    ] {
        for choice in [
            EncodingChoice::Auto,
            EncodingChoice::Utf8,
            EncodingChoice::Tcvn3,
        ] {
            assert!(
                matches!(decode(bytes, choice), Err(DecodeError::NotText(_))),
                "{name} via {choice}"
            );
        }
    }
    let pipeline = Pipeline::new(Config::default());
    let err = pipeline
        .process_bytes("png", "image.txt", png, None)
        .expect_err("binary");
    assert_eq!(err.kind, ErrorKind::NotText);
}

#[test]
fn high_byte_noise_is_no_encoding() {
    let mut rng = Lcg(7);
    let bytes: Vec<u8> = (0..400).map(|_| 0x80 + rng.next(0x80) as u8).collect();
    assert!(matches!(
        decode(&bytes, EncodingChoice::Auto),
        Err(DecodeError::NoEncoding(_))
    ));
    let pipeline = Pipeline::new(Config::default());
    let err = pipeline
        .process_bytes("noise", "noise.txt", &bytes, None)
        .expect_err("noise");
    assert_eq!(err.kind, ErrorKind::Decode);
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = Lcg(42);
    for _ in 0..300 {
        let len = rng.next(300);
        let bytes: Vec<u8> = (0..len).map(|_| rng.next(256) as u8).collect();
        for choice in [
            EncodingChoice::Auto,
            EncodingChoice::Utf16,
            EncodingChoice::Vni,
        ] {
            let _ = decode(&bytes, choice);
        }
    }
}

#[test]
fn encode_refuses_what_a_table_cannot_hold() {
    assert_eq!(encode("“Nông”", EncodingChoice::Viscii), None);
    assert_eq!(encode("漢字", EncodingChoice::Tcvn3), None);
    assert_eq!(encode("Ω", EncodingChoice::Vni), None);
    assert_eq!(encode("Nông", EncodingChoice::Auto), None);
    assert_eq!(
        encode("Nông", EncodingChoice::Tcvn3).as_deref(),
        Some(&b"N\xabng"[..])
    );
    assert_eq!(
        encode("Nông", EncodingChoice::Vni).as_deref(),
        Some(&b"No\xe2ng"[..])
    );
    assert_eq!(
        encode("Nông", EncodingChoice::Viscii).as_deref(),
        Some(&b"N\xf4ng"[..])
    );
    assert_eq!(
        encode("Việt", EncodingChoice::Cp1258).as_deref(),
        Some(&b"Vi\xea\xf2t"[..])
    );
}

proptest! {
    #[test]
    fn any_bytes_decode_without_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        for choice in [
            EncodingChoice::Auto,
            EncodingChoice::Utf8,
            EncodingChoice::Utf16,
            EncodingChoice::Cp1258,
            EncodingChoice::Tcvn3,
            EncodingChoice::Vni,
            EncodingChoice::Viscii,
        ] {
            let _ = decode(&bytes, choice);
        }
    }

    #[test]
    fn utf8_text_is_returned_unchanged(text in "\\PC*") {
        prop_assume!(!text.starts_with('\u{FEFF}'));
        let decoded = decode(text.as_bytes(), EncodingChoice::Auto).expect("text decodes");
        prop_assert_eq!(decoded.text, text);
    }
}
