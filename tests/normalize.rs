//! Table-driven tests of the normalize stage on real Vietnamese text.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;
use vnews::normalize::{fold, is_vietnamese_syllable, normalize, ToneStyle};

fn old(text: &str) -> String {
    normalize(text, ToneStyle::Old).0.into_owned()
}

fn new(text: &str) -> String {
    normalize(text, ToneStyle::New).0.into_owned()
}

fn keep(text: &str) -> String {
    normalize(text, ToneStyle::Keep).0.into_owned()
}

#[test]
fn open_oa_oe_uy_follow_the_style() {
    // (old style, new style)
    let cases = [
        ("hòa", "hoà"),
        ("khỏe", "khoẻ"),
        ("thủy", "thuỷ"),
        ("hóa", "hoá"),
        ("xóa", "xoá"),
        ("họa", "hoạ"),
        ("thỏa", "thoả"),
        ("lõa", "loã"),
        ("tùy", "tuỳ"),
        ("lũy", "luỹ"),
        ("hòe", "hoè"),
        ("ủy", "uỷ"),
        ("Hòa Bình", "Hoà Bình"),
        ("HÒA", "HOÀ"),
        ("THỦY LỢI", "THUỶ LỢI"),
        (
            "Ủy ban nhân dân tỉnh Khánh Hòa",
            "Uỷ ban nhân dân tỉnh Khánh Hoà",
        ),
        (
            "đơn giản hóa thủ tục hành chính",
            "đơn giản hoá thủ tục hành chính",
        ),
        (
            "Sở Khoa học và Công nghệ tỉnh Thừa Thiên Huế",
            "Sở Khoa học và Công nghệ tỉnh Thừa Thiên Huế",
        ),
    ];
    for (old_form, new_form) in cases {
        assert_eq!(old(new_form), old_form, "new → old of {new_form}");
        assert_eq!(old(old_form), old_form, "old stays old: {old_form}");
        assert_eq!(new(old_form), new_form, "old → new of {old_form}");
        assert_eq!(new(new_form), new_form, "new stays new: {new_form}");
        assert_eq!(keep(old_form), old_form, "keep {old_form}");
        assert_eq!(keep(new_form), new_form, "keep {new_form}");
    }
}

#[test]
fn same_placement_in_both_styles() {
    let words = [
        "hoàn",
        "hoàng",
        "thuyết",
        "quyết",
        "khoảng",
        "toán",
        "quý",
        "giữa",
        "quả",
        "già",
        "quỳnh",
        "huỳnh",
        "khuỷu",
        "thuở",
        "người",
        "mười",
        "được",
        "của",
        "mùa",
        "khuya",
        "ngoài",
        "quỹ",
        "xoáy",
        "chuyển",
        "nguyễn",
        "giếng",
        "khuếch",
        "soóc",
        "tuýp",
        "hoặc",
        "nghiệp",
        "nghiêng",
        "bài",
        "kìa",
        "giường",
        "hươu",
    ];
    for word in words {
        assert_eq!(old(word), word);
        assert_eq!(new(word), word);
        let upper = word.to_uppercase();
        assert_eq!(old(&upper), upper);
        assert_eq!(new(&upper), upper);
    }
}

#[test]
fn mark_on_the_wrong_vowel_is_moved() {
    let cases = [
        ("ngừơi", "người"),
        ("ngươì", "người"),
        ("qúy", "quý"),
        ("gịa", "giạ"),
        ("baì", "bài"),
        ("muà", "mùa"),
        ("cuả", "của"),
        ("hoàn", "hoàn"),
        ("hòan", "hoàn"),
        ("thúyết", "thúyết"),
        ("thùyên", "thuyền"),
        ("qủa", "quả"),
        ("Ngừơi dân", "Người dân"),
        ("NGỪƠI", "NGƯỜI"),
        ("Tòan quốc", "Toàn quốc"),
        ("khóang", "khoáng"),
        ("nghành giáo dục", "ngành giáo dục"),
        ("Nghành", "Ngành"),
    ];
    for (input, expected) in cases {
        assert_eq!(old(input), expected, "old: {input}");
        assert_eq!(keep(input), expected, "keep: {input}");
    }
    assert_eq!(new("ngoaì"), "ngoài");
}

#[test]
fn nfd_and_marks_in_any_order_compose() {
    let cases = [
        ("ho\u{300}a", "hòa"),
        ("hoa\u{300}", "hòa"),
        ("thuy\u{309}", "thủy"),
        ("Nguye\u{302}\u{303}n", "Nguyễn"),
        // tone typed before the shape mark
        ("Nguye\u{303}\u{302}n", "Nguyễn"),
        ("ngu\u{31B}o\u{31B}\u{300}i", "người"),
        ("ngu\u{31B}o\u{300}\u{31B}i", "người"),
        // precomposed toned vowel + combining shape mark
        ("t\u{F3}\u{302}t", "tốt"),
        ("\u{1EA1}\u{306}n", "ặn"),
        ("a\u{306}\u{323}c", "ặc"),
        ("a\u{323}\u{306}c", "ặc"),
        ("U\u{309}y ban", "Ủy ban"),
        ("kho\u{1EBB} ma\u{323}nh", "khỏe mạnh"),
    ];
    for (input, expected) in cases {
        let (out, report) = normalize(input, ToneStyle::Old);
        assert_eq!(out, expected, "{input:?}");
        assert!(report.nfc > 0 || input.nfc().eq(input.chars()), "{input:?}");
    }
}

#[test]
fn not_vietnamese_is_left_alone() {
    let untouched = [
        "QĐ-UBND",
        "Số 15/2024/NĐ-CP",
        "https://hoà.gov.vn/tin-tức/hoà-bình",
        "xem tại www.thuỷlợi.vn nhé",
        "lienhe.hoà@gmail.com",
        "hoà123",
        "café crème brûlée",
        "The quick brown fox",
        "80,28/100 điểm",
        "HoÀ",
        "tHuỶ",
        "Uû ban nh©n d©n",
        "UÛy ban nhaân daân",
        "Hoa` bi`nh",
        "hoàbình",
        "naïve résumé",
    ]
    .map(str::to_string);
    for text in &untouched {
        assert_eq!(old(text), *text, "old {text}");
        assert_eq!(new(text), *text, "new {text}");
    }
    assert!(matches!(
        normalize("QĐ-UBND tỉnh Hòa Bình", ToneStyle::Old).0,
        Cow::Borrowed(_)
    ));
}

#[test]
fn eth_becomes_d_with_stroke() {
    let (out, report) = normalize("Ðà Nẵng và ðồng bằng", ToneStyle::Old);
    assert_eq!(out, "Đà Nẵng và đồng bằng");
    assert_eq!(report.letters, 2);
    let (out, report) = normalize("ÐOÀN THANH NIÊN", ToneStyle::Old);
    assert_eq!(out, "ĐOÀN THANH NIÊN");
    assert_eq!(report.letters, 1);
}

#[test]
fn spaces_and_line_ends() {
    let cases = [
        ("hòa\u{A0}bình", "hòa bình", 1),
        ("10\u{202F}000 đồng", "10 000 đồng", 1),
        ("Hà  Nội", "Hà Nội", 1),
        ("Hà \t Nội", "Hà Nội", 2),
        ("Hà\tNội", "Hà Nội", 1),
        ("cuối dòng   \nđầu dòng", "cuối dòng\nđầu dòng", 3),
        (
            "dòng một\r\ndòng hai\rdòng ba",
            "dòng một\ndòng hai\ndòng ba",
            2,
        ),
        ("Đoạn một.\n\nĐoạn hai.", "Đoạn một.\n\nĐoạn hai.", 0),
        ("\u{FEFF}Tiêu đề", "Tiêu đề", 1),
        ("Hà Nội\u{200B}.", "Hà Nội.", 1),
        ("hòa\u{200B}bình", "hòa bình", 1),
        ("hòa \u{200B}bình", "hòa bình", 1),
        ("Tin\u{200C}\u{200D}\u{2060} mới", "Tin mới", 3),
        ("kết thúc  ", "kết thúc", 2),
        (" thụt đầu dòng", " thụt đầu dòng", 0),
    ];
    for (input, expected, count) in cases {
        let (out, report) = normalize(input, ToneStyle::Old);
        assert_eq!(out, expected, "{input:?}");
        assert_eq!(report.spaces, count, "{input:?}");
    }
}

#[test]
fn report_counts_tone_moves() {
    let (out, report) = normalize("Thuỷ lợi và hoà bình, hòa hợp", ToneStyle::Old);
    assert_eq!(out, "Thủy lợi và hòa bình, hòa hợp");
    assert_eq!(report.tone_marks, 2);
    assert_eq!(report.nfc, 0);
    let (_, report) = normalize("Thuỷ lợi", ToneStyle::Keep);
    assert_eq!(report.tone_marks, 0);
}

#[test]
fn clean_text_is_borrowed() {
    let texts = [
        "Sáng 14/9, Ủy ban nhân dân tỉnh Khánh Hòa tổ chức hội nghị.\n\nÔng Nguyễn Văn Thủy phát biểu.",
        "Người dân được hướng dẫn khai báo trực tuyến qua Cổng dịch vụ công quốc gia.",
        "",
        "plain ASCII line\nand another",
    ];
    for text in texts {
        let (out, report) = normalize(text, ToneStyle::Old);
        assert!(matches!(out, Cow::Borrowed(_)), "{text}");
        assert_eq!(report, Default::default());
    }
    let (out, _) = normalize("Sáng nay, Ủy ban tỉnh Khánh Hoà họp.", ToneStyle::New);
    assert_eq!(out, "Sáng nay, Uỷ ban tỉnh Khánh Hoà họp.");
}

#[test]
fn syllable_recognition() {
    let yes = [
        "hòa",
        "hoà",
        "HÒA",
        "Thủy",
        "thuỷ",
        "người",
        "nghiêng",
        "quyết",
        "giữa",
        "gì",
        "gìn",
        "khuỷu",
        "đ\u{1B0}\u{1EE3}c",
        "ý",
        "yêu",
        "oanh",
        "kỹ",
        "ngành",
        "chuyện",
        "xoong",
        "tuýp",
        "giếng",
        "hoặc",
        "a",
        "ba",
        "con",
        "các",
    ];
    for word in yes {
        assert!(is_vietnamese_syllable(word), "{word}");
    }
    let no = [
        "",
        "and",
        "with",
        "street",
        "cat",
        "QĐ",
        "UBND",
        "nghành",
        "ke\u{301}\u{301}",
        "hòà",
        "hoàbình",
        "ngỉ",
        "ghà",
        "ce",
        "kà",
        "qa",
        "thoát1",
        "ăn-uống",
        "băng2",
        "mac",
        "hoat",
        "bj",
        "ă",
        "hoàt",
        "nhaân",
    ];
    for word in no {
        assert!(!is_vietnamese_syllable(word), "{word}");
    }
}

#[test]
fn fold_strips_every_diacritic() {
    let cases = [
        ("Đồng Nai", "Dong Nai"),
        ("Ủy ban nhân dân", "Uy ban nhan dan"),
        ("người", "nguoi"),
        ("Nguye\u{302}\u{303}n", "Nguyen"),
        ("Ðà Nẵng", "Da Nang"),
        ("QĐ-UBND 15/2024", "QD-UBND 15/2024"),
        ("café", "cafe"),
    ];
    for (input, expected) in cases {
        assert_eq!(fold(input), expected, "{input}");
    }
}

#[test]
fn rhyme_lexicon_is_clean() {
    let source = include_str!("../src/lexicon/vi_rhymes.tsv");
    let rhymes: Vec<&str> = vnews::lexicon::words(source).collect();
    assert!(rhymes.len() > 150, "{} rhymes", rhymes.len());
    let mut seen = std::collections::BTreeSet::new();
    for rhyme in &rhymes {
        assert!(seen.insert(*rhyme), "duplicate rhyme {rhyme}");
        assert!(rhyme.nfc().eq(rhyme.chars()), "{rhyme} not NFC");
        assert!(
            !rhyme.contains('\t') && rhyme.chars().count() <= 4,
            "{rhyme}"
        );
        // Every rhyme is a syllable on its own once it carries the sắc tone.
        let toned: String = rhyme
            .chars()
            .take(1)
            .chain(['\u{301}'])
            .chain(rhyme.chars().skip(1))
            .collect();
        let toned: String = toned.nfc().collect();
        let (fixed, _) = normalize(&toned, ToneStyle::Old);
        assert!(is_vietnamese_syllable(&fixed), "{rhyme} → {fixed}");
    }
}

#[test]
fn many_fixes_in_one_long_chunk() {
    // Each fix looks around its word for a URL; a bounded reach keeps this linear.
    let input = "hoà,".repeat(5_000);
    let (out, report) = normalize(&input, ToneStyle::Old);
    assert_eq!(out, "hòa,".repeat(5_000));
    assert_eq!(report.tone_marks, 5_000);
    let url = format!("https://{}/hoà", "x".repeat(300));
    assert_eq!(old(&url), url);
}
