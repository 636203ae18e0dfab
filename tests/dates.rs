//! Dates through the whole pipeline: char offsets, the run's reference date, and the
//! development set's forms.

use vnews::serialize::Grain;
use vnews::{Config, Pipeline, RefDate};

fn run(text: &str, ref_date: Option<&str>) -> vnews::Article {
    let config = Config {
        ref_date: ref_date.map(|r| r.parse::<RefDate>().expect("test reference date")),
        ..Config::default()
    };
    Pipeline::new(config).process_text("t", "t.txt", text)
}

#[test]
fn offsets_are_chars_into_the_normalized_text() {
    let article = run(
        "Đồng chí Bí thư làm việc năm 2025\n\n(BĐ) - Sáng 01/4, Ủy ban tổ chức hội nghị; quý II/2025 là thời điểm quan trọng.",
        None,
    );
    let text = article.text.as_deref().expect("text kept");
    let chars: Vec<char> = text.chars().collect();
    let values: Vec<&str> = article.dates.iter().map(|d| d.value.as_str()).collect();
    assert_eq!(values, ["2025", "2025-04-01", "2025-Q2"]);
    for d in &article.dates {
        let slice: String = chars[d.start..d.end].iter().collect();
        assert_eq!(slice, d.text);
    }
    assert_eq!(article.dates[2].grain, Grain::Quarter);
}

#[test]
fn the_run_reference_date_gives_relative_dates_and_the_year() {
    let article = run(
        "Tin trong ngày\n\nHôm nay, Sở Nội vụ họp; ngày 14.9 có kết quả; tháng trước đã chuẩn bị.",
        Some("2022-10-05"),
    );
    let values: Vec<&str> = article.dates.iter().map(|d| d.value.as_str()).collect();
    assert_eq!(values, ["2022-10-05", "2022-09-14", "2022-09"]);
    assert!(article.dates.iter().all(|d| d.inferred_year));
    // Without a reference date, relative words give nothing and the year is unknown.
    let article = run(
        "Tin trong ngày\n\nHôm nay, Sở Nội vụ họp; ngày 14.9 có kết quả.",
        None,
    );
    let values: Vec<&str> = article.dates.iter().map(|d| d.value.as_str()).collect();
    assert_eq!(values, ["--09-14"]);
}

#[test]
fn document_symbols_and_ratios_give_no_dates() {
    let article = run(
        "Triển khai nghị quyết\n\nThực hiện Nghị quyết số 136/2024/QH15 và Quyết định số 1215/QĐ-UBND, 54/54 đại biểu tán thành, xếp thứ 07/18.",
        None,
    );
    assert!(article.dates.is_empty(), "{:?}", article.dates);
}
