//! HTML pages in the shapes Vietnamese portals use → title, body, date, URL.

use vnews::html::{parse, to_article, HtmlError};
use vnews::{Pipeline, RefDate};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/html/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn day(year: i32, month: u32, day: u32) -> Option<RefDate> {
    Some(RefDate {
        year,
        month: Some(month),
        day: Some(day),
    })
}

struct Case {
    file: &'static str,
    title: &'static str,
    paragraphs: &'static [&'static str],
    date: Option<RefDate>,
    url: Option<&'static str>,
    encoding: &'static str,
    /// Page text that must not reach the body: menus, related news, footers.
    absent: &'static [&'static str],
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            file: "portal_div_utf8.html",
            title: "Huyện Nông Sơn tổng kết cải cách hành chính năm 2022",
            paragraphs: &[
                "Sáng 19.12, UBND huyện Nông Sơn tổ chức hội nghị tổng kết công tác cải cách hành chính năm 2022 và triển khai nhiệm vụ năm 2023.",
                "Theo báo cáo, năm 2022 huyện đã giải quyết đúng hạn 98,6% hồ sơ thủ tục hành chính; tỷ lệ hồ sơ nộp trực tuyến đạt 45%, tăng 12% so với năm trước.",
                "Phát biểu tại hội nghị, Chủ tịch UBND huyện đề nghị các xã tiếp tục rà soát, đơn giản hóa thủ tục & nâng cao chất lượng phục vụ người dân, doanh nghiệp.",
                "Thanh Bình",
            ],
            date: day(2022, 12, 20),
            // og:url wins over the canonical link.
            url: Some("https://quangnam.gov.vn/huyen-nong-son-tong-ket-cai-cach-hanh-chinh-2022.html"),
            encoding: "UTF-8",
            absent: &[
                "Trang chủ",
                "Chia sẻ",
                "Tin liên quan",
                "Nông Sơn ra quân",
                "Lịch công tác",
                "Cơ quan chủ quản",
                "trackingId",
                "Không phải bài viết",
                "Cổng thông tin điện tử tỉnh Quảng Nam",
            ],
        },
        Case {
            file: "article_tag_utf8.html",
            title: "Thị xã Kỳ Anh đứng thứ hai trong bảng xếp hạng cải cách hành chính",
            paragraphs: &[
                "(HTO) - Năm 2023, thị xã Kỳ Anh đạt 89,47 điểm Chỉ số cải cách hành chính, xếp thứ 2/13 địa phương cấp huyện của tỉnh Hà Tĩnh.",
                "Bộ phận một cửa thị xã Kỳ Anh tiếp nhận hồ sơ của người dân.",
                "So với năm 2022, thị xã tăng 3 bậc; nhiều chỉ số thành phần như cải cách thủ tục hành chính, hiện đại hóa nền hành chính đạt điểm tối đa.",
                "Lãnh đạo thị xã cho biết, thời gian tới địa phương sẽ \"lấy sự hài lòng của người dân làm thước đo\" trong thực thi công vụ.",
            ],
            date: day(2024, 4, 23),
            url: Some("https://baohatinh.example.vn/thi-xa-ky-anh-dung-thu-hai.html"),
            encoding: "UTF-8",
            absent: &["Thời sự", "Thích", "Bài viết liên quan", "công bố kết quả", "Giấy phép", "window.ads", "Báo điện tử"],
        },
        Case {
            file: "nested_tables_utf8.html",
            title: "UBND huyện Vụ Bản triển khai Luật Đất đai",
            paragraphs: &[
                "Chiều 13/9, UBND huyện Vụ Bản, tỉnh Nam Định tổ chức hội nghị quán triệt Luật Đất đai cho cán bộ chủ chốt các xã, thị trấn.",
                "Hội nghị được kết nối trực tuyến tới 18 điểm cầu cấp xã với hơn 600 đại biểu tham dự & trao đổi.",
                "Đồng chí Phó Chủ tịch UBND huyện yêu cầu các địa phương rà soát quỹ đất, công khai quy hoạch sử dụng đất để người dân được biết.",
            ],
            date: day(2022, 9, 14),
            url: None,
            encoding: "UTF-8",
            absent: &["Giới thiệu", "Hỏi đáp", "Các tin khác", "giao nhận quân", "Bản quyền"],
        },
        Case {
            file: "legacy_tables_windows1258.html",
            title: "Thành phố Đông Hà đẩy mạnh chuyển đổi số",
            paragraphs: &[
                "Ngày 4/3, UBND thành phố Đông Hà họp bàn kế hoạch chuyển đổi số giai đoạn 2021 - 2025.",
                "Theo kế hoạch, đến cuối năm nay 100% phường sẽ tiếp nhận hồ sơ qua hệ thống một cửa điện tử & trả kết quả trực tuyến.",
                "Chủ tịch UBND thành phố nhấn mạnh: “Chuyển đổi số phải lấy người dân làm trung tâm”.",
            ],
            date: day(2021, 3, 5),
            url: Some("http://donghacity.example.gov.vn/tin-tuc/chuyen-doi-so-2021.asp"),
            encoding: "windows-1258",
            absent: &["Trang chủ", "Liên hệ", "Cập nhật", "Trang thông tin điện tử"],
        },
        Case {
            file: "div_paragraphs_byline.html",
            // The <title> minus the site name, as the page's own heading shows it.
            title: "Thăng Bình kết nạp 59 đảng viên trong 6 tháng đầu năm",
            paragraphs: &[
                "(QNO) - Sáng nay 3/7, Huyện ủy Thăng Bình tổ chức sơ kết công tác xây dựng Đảng 6 tháng đầu năm 2024.",
                "Trong 6 tháng qua, toàn huyện kết nạp 59 đảng viên mới, đạt 52% chỉ tiêu cả năm; tỷ lệ đảng viên trẻ chiếm hơn một nửa.",
                "Bí thư Huyện ủy yêu cầu các chi bộ chú trọng chất lượng sinh hoạt và bồi dưỡng quần chúng ưu tú.",
                "NGUYỄN QUANG",
            ],
            date: day(2024, 7, 3),
            url: Some("https://baoquangnam.example.vn/thang-binh-ket-nap-dang-vien.html"),
            encoding: "UTF-8",
            absent: &["Trang chủ", "Lượt xem", "Tin cùng chuyên mục", "Quế Sơn", "Ghi rõ nguồn", "Báo điện tử"],
        },
    ]
}

#[test]
fn fixtures_give_title_body_date_and_url() {
    for case in cases() {
        let page = parse(&fixture(case.file)).unwrap_or_else(|e| panic!("{}: {e}", case.file));
        assert_eq!(page.title, case.title, "{}", case.file);
        let want = std::iter::once(case.title)
            .chain(case.paragraphs.iter().copied())
            .collect::<Vec<_>>()
            .join("\n\n");
        assert_eq!(page.text, want, "{}", case.file);
        assert_eq!(page.date, case.date, "{}", case.file);
        assert_eq!(page.source_url.as_deref(), case.url, "{}", case.file);
        assert_eq!(page.encoding, case.encoding, "{}", case.file);
        for noise in case.absent {
            assert!(
                !page.text.contains(noise),
                "{}: {noise:?} leaked into the body",
                case.file
            );
        }
    }
}

#[test]
fn windows_1258_text_comes_out_composed() {
    let bytes = fixture("legacy_tables_windows1258.html");
    // The file really is Windows-1258: not valid UTF-8, tone marks as combining bytes.
    assert!(std::str::from_utf8(&bytes).is_err());
    let page = parse(&bytes).unwrap();
    assert!(page.text.contains("Đông Hà đẩy mạnh"));
    assert!(!page
        .text
        .chars()
        .any(|c| ('\u{300}'..='\u{323}').contains(&c)));
}

#[test]
fn title_falls_back_from_og_title_to_h1_to_title() {
    let page = |head: &str, body: &str| {
        let html = format!(
            "<html><head><meta charset=\"utf-8\">{head}</head><body>{body}<div><p>Hội nghị đánh giá kết quả thực hiện nhiệm vụ cải cách hành chính trên địa bàn.</p></div></body></html>"
        );
        parse(html.as_bytes()).map(|p| p.title)
    };
    assert_eq!(
        page("<title>Trang - Cổng TTĐT</title><meta property=\"og:title\" content=\" Bài &amp; tin \">", "<h1>Tiêu đề H1</h1>").unwrap(),
        "Bài & tin"
    );
    assert_eq!(
        page("<title>Trang - Cổng TTĐT</title>", "<h1>Tiêu đề  H1</h1>").unwrap(),
        "Tiêu đề H1"
    );
    assert_eq!(
        page("<title>Trang&nbsp;tin</title>", "").unwrap(),
        "Trang tin"
    );
    // A separator in the title stays when no heading on the page shows the part alone.
    assert_eq!(
        page("<title>Hà Nội - Hải Phòng thông xe cao tốc</title>", "").unwrap(),
        "Hà Nội - Hải Phòng thông xe cao tốc"
    );
    assert_eq!(page("", ""), Err(HtmlError::NoTitle));
}

#[test]
fn no_date_or_url_when_the_page_gives_none() {
    let html = "<html><head><title>Tin văn bản số 136/2024/QH15</title></head><body><div class=\"noidung\"><p>Văn bản số 136/2024/QH15 quy định về tổ chức chính quyền địa phương.</p><p>Ngày hội đại đoàn kết toàn dân tộc được tổ chức tại các khu dân cư.</p></div></body></html>";
    let page = parse(html.as_bytes()).unwrap();
    assert_eq!(page.date, None);
    assert_eq!(page.source_url, None);
    assert_eq!(page.encoding, "UTF-8");
}

#[test]
fn to_article_runs_the_pipeline_with_the_page_date_and_url() {
    let pipeline = Pipeline::default();
    let article = to_article(
        &pipeline,
        "vu-ban",
        "vu-ban.html",
        &fixture("nested_tables_utf8.html"),
    )
    .unwrap();
    assert_eq!(article.title, "UBND huyện Vụ Bản triển khai Luật Đất đai");
    assert_eq!(article.source_url, None);
    let places: Vec<(&str, &str, Option<&str>)> = article
        .places
        .iter()
        .map(|p| (p.name.as_str(), p.level.as_str(), p.province.as_deref()))
        .collect();
    assert!(
        places.contains(&("Vụ Bản", "huyện", Some("Nam Định"))),
        "{places:?}"
    );
    assert!(places.contains(&("Nam Định", "tỉnh", None)), "{places:?}");

    let article = to_article(
        &pipeline,
        "dh",
        "dh.html",
        &fixture("legacy_tables_windows1258.html"),
    )
    .unwrap();
    assert_eq!(
        article.source_url.as_deref(),
        Some("http://donghacity.example.gov.vn/tin-tuc/chuyen-doi-so-2021.asp")
    );
    assert_eq!(article.normalization.encoding, "windows-1258");
    let json = serde_json::to_string(&article).unwrap();
    assert!(json.contains("\"source_url\":\"http://donghacity"));
    assert!(to_article(&pipeline, "x", "x.html", b"<html></html>").is_err());
}
