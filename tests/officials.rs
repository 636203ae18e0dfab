//! The officials extractor through the whole pipeline, on the seed article.

use vnews::expand::expand_str;
use vnews::extract::official::title_head;
use vnews::{Config, Pipeline};

const SEED: &str = "/work/shared/seeds/000_61edd261ad8c1a0f.txt";

#[test]
fn seed_has_one_official_with_two_mentions() {
    let Ok(text) = std::fs::read_to_string(SEED) else {
        eprintln!("seed article not found, skipped");
        return;
    };
    let article = Pipeline::new(Config::default()).process_text("seed", SEED, &text);
    assert_eq!(article.officials.len(), 1, "{:?}", article.officials);
    let official = &article.officials[0];
    assert_eq!(official.name, "Nguyễn Văn Hòa");
    // "CT UBND huyện" spelt out, with the article's district.
    let want = expand_str("Chủ tịch UBND huyện Nông Sơn");
    assert_eq!(official.title.as_deref(), Some(want.as_str()));
    assert_eq!(
        official.organization.as_deref(),
        Some(expand_str("UBND huyện Nông Sơn").as_str())
    );
    assert_eq!(
        official.title.as_deref().and_then(title_head),
        Some("Chủ tịch")
    );
    assert_eq!(official.mentions.len(), 2);
    let normalized = article.text.as_deref().unwrap_or_default();
    for m in &official.mentions {
        let span: String = normalized
            .chars()
            .skip(m.start)
            .take(m.end - m.start)
            .collect();
        assert_eq!(span, m.text);
        assert_eq!(m.text, "Nguyễn Văn Hòa");
    }
}

#[test]
fn bylines_and_places_are_not_officials() {
    let text = "Hà Tĩnh đẩy mạnh cải cách hành chính\n\n\
        Chủ tịch UBND tỉnh Hà Tĩnh chủ trì hội nghị tại thành phố Hà Tĩnh.\n\n\
        Đoàn đã thăm Trường THPT Phan Đình Phùng trên đường Trần Phú.\n\n\
        Ảnh: Nguyễn Hoàng\n\nTác giả: Lê Minh";
    let article = Pipeline::new(Config::default()).process_text("t", "t", text);
    assert!(article.officials.is_empty(), "{:?}", article.officials);
}
