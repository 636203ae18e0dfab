//! HTML pages → article text, date and URL, read with a real HTML parser.
//!
//! The body is the block that holds the most paragraph text; menus, share
//! bars, related-news lists ("Tin liên quan") and footers are dropped. The
//! text comes out as the pipeline reads it: title on line 1, a blank line,
//! then paragraphs separated by blank lines.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use ego_tree::NodeRef;
use encoding_rs::Encoding;
use regex::Regex;
use scraper::{ElementRef, Html, Node, Selector};
use unicode_normalization::UnicodeNormalization;

use crate::extract::date::RefDate;
use crate::serialize::Article;
use crate::{Error, ErrorKind, Pipeline};

/// What a news page holds.
#[derive(Debug, Clone, PartialEq)]
pub struct HtmlArticle {
    pub title: String,
    /// Title, blank line, paragraphs separated by blank lines (NFC).
    pub text: String,
    /// Publication date, from `<meta>` tags or a dated byline.
    pub date: Option<RefDate>,
    /// og:url or the canonical link.
    pub source_url: Option<String>,
    /// The encoding the page was read as ("UTF-8", "windows-1258").
    pub encoding: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HtmlError {
    #[error("no article text found in the page")]
    NoBody,
    #[error("the page has no title")]
    NoTitle,
}

/// Parses a news page from raw bytes (charset from BOM, `<meta>`, else UTF-8).
pub fn parse(bytes: &[u8]) -> Result<HtmlArticle, HtmlError> {
    let encoding = sniff_encoding(bytes);
    let (decoded, _, _) = encoding.decode(bytes);
    let doc = Html::parse_document(&decoded);
    let title = find_title(&doc).ok_or(HtmlError::NoTitle)?;
    let container = find_container(&doc).ok_or(HtmlError::NoBody)?;
    let mut paragraphs = Vec::new();
    collect_paragraphs(*container, &mut paragraphs, &mut false);
    paragraphs.retain(|p| *p != title);
    if paragraphs.is_empty() {
        return Err(HtmlError::NoBody);
    }
    let mut text = title.clone();
    for p in &paragraphs {
        text.push_str("\n\n");
        text.push_str(p);
    }
    Ok(HtmlArticle {
        date: find_date(&doc),
        source_url: find_url(&doc),
        title,
        text,
        encoding: encoding.name(),
    })
}

impl HtmlArticle {
    /// Runs the pipeline on the page text, dated by the page's own date.
    pub fn to_article(&self, pipeline: &Pipeline, id: &str, source: &str) -> Article {
        let mut article = pipeline.process_text_dated(id, source, &self.text, self.date);
        article.source_url = self.source_url.clone();
        article.normalization.encoding = self.encoding.to_string();
        article
    }
}

/// Parses a page and runs the pipeline on it.
pub fn to_article(
    pipeline: &Pipeline,
    id: &str,
    source: &str,
    bytes: &[u8],
) -> Result<Article, Error> {
    let page = parse(bytes).map_err(|e| Error::new(ErrorKind::Empty, source, e.to_string()))?;
    Ok(page.to_article(pipeline, id, source))
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("static selector parses")
}

static META_CHARSET: LazyLock<Selector> = LazyLock::new(|| selector("meta[charset]"));
static META_HTTP_EQUIV: LazyLock<Selector> =
    LazyLock::new(|| selector("meta[http-equiv][content]"));

/// BOM, then `<meta charset>` / http-equiv in the head, else UTF-8.
fn sniff_encoding(bytes: &[u8]) -> &'static Encoding {
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        return encoding;
    }
    // Tags are ASCII in every encoding we read: parse the head as windows-1252
    // (never fails, keeps ASCII) to find the declared charset.
    let head = &bytes[..bytes.len().min(4096)];
    let (ascii_view, _, _) = encoding_rs::WINDOWS_1252.decode(head);
    let doc = Html::parse_document(&ascii_view);
    let declared = doc
        .select(&META_CHARSET)
        .filter_map(|m| m.attr("charset"))
        .map(str::to_string)
        .chain(
            doc.select(&META_HTTP_EQUIV)
                .filter(|m| {
                    m.attr("http-equiv")
                        .is_some_and(|h| h.eq_ignore_ascii_case("content-type"))
                })
                .filter_map(|m| m.attr("content"))
                .filter_map(|c| {
                    let lower = c.to_ascii_lowercase();
                    let at = lower.find("charset=")?;
                    Some(
                        lower[at + 8..]
                            .trim_matches(|c: char| c == '"' || c == '\'' || c.is_whitespace())
                            .split(';')
                            .next()
                            .unwrap_or("")
                            .to_string(),
                    )
                }),
        )
        .find_map(|label| Encoding::for_label(label.trim().as_bytes()));
    declared.unwrap_or(encoding_rs::UTF_8)
}

static OG_TITLE: LazyLock<Selector> = LazyLock::new(|| selector("meta[property='og:title']"));
static H1: LazyLock<Selector> = LazyLock::new(|| selector("h1"));
static TITLE: LazyLock<Selector> = LazyLock::new(|| selector("title"));

fn find_title(doc: &Html) -> Option<String> {
    doc.select(&OG_TITLE)
        .filter_map(|m| m.attr("content"))
        .map(clean)
        .chain(doc.select(&H1).map(|h| clean(&element_text(h))))
        .chain(
            doc.select(&TITLE)
                .map(|t| without_site_name(doc, &clean(&element_text(t)))),
        )
        .find(|t| !t.is_empty())
}

/// "Tiêu đề | Báo điện tử" → "Tiêu đề", when the page shows that part as a
/// heading of its own; otherwise the `<title>` as it is.
fn without_site_name(doc: &Html, title: &str) -> String {
    const SEPARATORS: [&str; 3] = [" | ", " - ", " – "];
    let parts: Vec<&str> = SEPARATORS
        .iter()
        .flat_map(|sep| title.split(sep))
        .filter(|p| p.len() < title.len())
        .collect();
    if parts.is_empty() {
        return title.to_string();
    }
    doc.select(&ANY_ELEMENT)
        .filter_map(|el| short_text(el, 400))
        .map(|text| clean(&text))
        .find(|text| parts.contains(&text.as_str()))
        .unwrap_or_else(|| title.to_string())
}

/// Collapses whitespace (with &nbsp;) to single spaces, trims, and NFC-composes
/// (Windows-1258 pages carry tone marks as combining characters).
fn clean(text: &str) -> String {
    let spaced: String = text
        .split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    spaced.nfc().collect()
}

fn element_text(el: ElementRef) -> String {
    el.text().collect()
}

/// Elements whose content is never article text.
fn is_noise(el: ElementRef) -> bool {
    const TAGS: [&str; 12] = [
        "script", "style", "nav", "footer", "header", "aside", "form", "noscript", "iframe",
        "button", "select", "menu",
    ];
    const MARKERS: [&str; 14] = [
        "menu",
        "nav",
        "footer",
        "breadcrumb",
        "related",
        "lienquan",
        "lien-quan",
        "share",
        "social",
        "comment",
        "sidebar",
        "banner",
        "tag",
        "othernews",
    ];
    let e = el.value();
    if TAGS.contains(&e.name()) {
        return true;
    }
    let id_class = e
        .id()
        .into_iter()
        .chain(e.classes())
        .map(str::to_ascii_lowercase);
    id_class
        .into_iter()
        .any(|name| MARKERS.iter().any(|m| name.contains(m)))
}

/// Headings that open a list of other articles: nothing after them is body text.
fn is_related_heading(text: &str) -> bool {
    const HEADINGS: [&str; 6] = [
        "tin liên quan",
        "tin cùng chuyên mục",
        "các tin khác",
        "tin khác",
        "bài viết liên quan",
        "xem thêm",
    ];
    let lower = text.trim().trim_end_matches(':').to_lowercase();
    HEADINGS.contains(&lower.as_str())
}

const BLOCKS: [&str; 20] = [
    "p",
    "div",
    "td",
    "th",
    "tr",
    "table",
    "tbody",
    "li",
    "ul",
    "ol",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
];

fn is_block(name: &str) -> bool {
    BLOCKS.contains(&name) || name == "figure" || name == "figcaption"
}

/// Length of the text directly inside `el` as paragraphs: a `<p>`, or a block
/// with its own text and no block inside (old portals write text in `<td>`).
fn paragraph_weight(el: ElementRef) -> usize {
    let name = el.value().name();
    let leafish = name == "p"
        || (matches!(name, "div" | "td" | "span" | "font")
            && !el.children().any(|c| {
                c.value()
                    .as_element()
                    .is_some_and(|e| is_block(e.name()) && e.name() != "br")
            }));
    if !leafish {
        return 0;
    }
    let text = element_text(el);
    let linked = linked_chars(el);
    let total = text.chars().count();
    // Lists of links (menus, related news) are not paragraphs.
    if total < 25 || linked * 2 > total {
        0
    } else {
        total
    }
}

/// The element holding the most paragraph text (a paragraph counts fully for
/// its parent and half for its grandparent).
fn find_container(doc: &Html) -> Option<ElementRef<'_>> {
    let mut scores: BTreeMap<ego_tree::NodeId, usize> = BTreeMap::new();
    let mut add = |id: ego_tree::NodeId, w: usize| *scores.entry(id).or_default() += w;
    for el in doc
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
    {
        if el.ancestors().filter_map(ElementRef::wrap).any(is_noise) || is_noise(el) {
            continue;
        }
        let w = paragraph_weight(el);
        if w == 0 {
            continue;
        }
        let mut parents = el.ancestors().filter_map(ElementRef::wrap);
        if let Some(parent) = parents.next() {
            add(parent.id(), w * 2);
            if let Some(grand) = parents.next() {
                add(grand.id(), w);
            }
        }
    }
    let best = *scores.iter().max_by_key(|(_, s)| **s)?.0;
    doc.tree.get(best).and_then(ElementRef::wrap)
}

/// Paragraph texts under `node`, in order; `<br>` splits paragraphs.
/// `stop` turns true at a related-news heading.
fn collect_paragraphs(node: NodeRef<Node>, out: &mut Vec<String>, stop: &mut bool) {
    let mut line = String::new();
    for child in node.children() {
        if *stop {
            break;
        }
        match child.value() {
            Node::Text(t) => line.push_str(t),
            Node::Element(e) => {
                let Some(el) = ElementRef::wrap(child) else {
                    continue;
                };
                if is_noise(el) {
                    continue;
                }
                if e.name() == "br" {
                    push_paragraph(&mut line, out, stop);
                } else if is_block(e.name()) {
                    push_paragraph(&mut line, out, stop);
                    if *stop {
                        break;
                    }
                    if e.name() == "ul" || e.name() == "ol" || e.name() == "table" {
                        // Link lists inside the body are related news, not text.
                        if paragraph_weight_of_list(el) == 0 {
                            continue;
                        }
                    }
                    collect_paragraphs(child, out, stop);
                } else {
                    let mut inline = Vec::new();
                    collect_paragraphs(child, &mut inline, stop);
                    // An inline element with a <br> inside gives several lines.
                    let mut parts = inline.into_iter();
                    if let Some(first) = parts.next() {
                        line.push_str(&first);
                        for part in parts {
                            push_paragraph(&mut line, out, stop);
                            line.push_str(&part);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    push_paragraph(&mut line, out, stop);
}

/// Characters of `el`'s text that sit inside links.
fn linked_chars(el: ElementRef) -> usize {
    el.descendants()
        .filter_map(ElementRef::wrap)
        .filter(|e| e.value().name() == "a")
        .map(|a| element_text(a).chars().count())
        .sum()
}

fn paragraph_weight_of_list(el: ElementRef) -> usize {
    let total = element_text(el).chars().count();
    let linked = linked_chars(el);
    if linked * 2 > total {
        0
    } else {
        total
    }
}

fn push_paragraph(line: &mut String, out: &mut Vec<String>, stop: &mut bool) {
    let text = clean(line);
    line.clear();
    if text.is_empty() {
        return;
    }
    if is_related_heading(&text) {
        *stop = true;
        return;
    }
    out.push(text);
}

static DATE_METAS: LazyLock<Vec<Selector>> = LazyLock::new(|| {
    [
        "meta[property='article:published_time']",
        "meta[itemprop='datePublished']",
        "meta[name='pubdate']",
        "meta[name='publishdate']",
        "meta[name='date']",
        "meta[name='dc.date']",
        "meta[name='DC.date.issued']",
    ]
    .iter()
    .map(|css| selector(css))
    .collect()
});
static TIME_DATETIME: LazyLock<Selector> = LazyLock::new(|| selector("time[datetime]"));
static ANY_ELEMENT: LazyLock<Selector> = LazyLock::new(|| selector("body *"));

/// "14/09/2022", "14-9-2022", "14.09.2022" in a byline's text.
static BYLINE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^0-9])([0-3]?[0-9])[/.-]([01]?[0-9])[/.-]((?:19|20)[0-9]{2})(?:[^0-9]|$)")
        .expect("byline date regex")
});

fn parse_date(value: &str) -> Option<RefDate> {
    let value = value.trim();
    if let Ok(date) = value.parse::<RefDate>() {
        if date.day.is_some() {
            return Some(date);
        }
    }
    let caps = BYLINE_DATE.captures(value)?;
    let day: u32 = caps[1].parse().ok()?;
    let month: u32 = caps[2].parse().ok()?;
    let year: i32 = caps[3].parse().ok()?;
    ((1..=31).contains(&day) && (1..=12).contains(&month)).then_some(RefDate {
        year,
        month: Some(month),
        day: Some(day),
    })
}

fn find_date(doc: &Html) -> Option<RefDate> {
    for sel in DATE_METAS.iter() {
        if let Some(date) = doc
            .select(sel)
            .filter_map(|m| m.attr("content"))
            .find_map(parse_date)
        {
            return Some(date);
        }
    }
    if let Some(date) = doc
        .select(&TIME_DATETIME)
        .filter_map(|t| t.attr("datetime"))
        .find_map(parse_date)
    {
        return Some(date);
    }
    // A byline: a short element named for dates, or starting with a date word.
    const HINTS: [&str; 6] = ["date", "time", "ngay", "publish", "byline", "post-info"];
    const WORDS: [&str; 5] = ["ngày đăng", "cập nhật", "đăng ngày", "ngày", "thứ"];
    doc.select(&ANY_ELEMENT)
        .filter(|el| {
            let e = el.value();
            let hinted = e
                .id()
                .into_iter()
                .chain(e.classes())
                .any(|n| HINTS.iter().any(|h| n.to_ascii_lowercase().contains(h)));
            short_text(*el, 160).is_some_and(|text| {
                let lower = clean(&text).to_lowercase();
                hinted || WORDS.iter().any(|w| lower.starts_with(w))
            })
        })
        .find_map(|el| short_text(el, 160).and_then(|t| parse_date(&t)))
}

/// The element's text if it is at most `max` bytes, without reading past that.
fn short_text(el: ElementRef, max: usize) -> Option<String> {
    let mut text = String::new();
    for piece in el.text() {
        if text.len() + piece.len() > max {
            return None;
        }
        text.push_str(piece);
    }
    Some(text)
}

static OG_URL: LazyLock<Selector> = LazyLock::new(|| selector("meta[property='og:url']"));
static CANONICAL: LazyLock<Selector> = LazyLock::new(|| selector("link[rel='canonical']"));

fn find_url(doc: &Html) -> Option<String> {
    doc.select(&OG_URL)
        .filter_map(|m| m.attr("content"))
        .chain(doc.select(&CANONICAL).filter_map(|l| l.attr("href")))
        .map(str::trim)
        .find(|u| !u.is_empty())
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_from_meta_values_and_bylines() {
        let day = |y, m, d| {
            Some(RefDate {
                year: y,
                month: Some(m),
                day: Some(d),
            })
        };
        assert_eq!(parse_date("2022-09-14T08:30:00+07:00"), day(2022, 9, 14));
        assert_eq!(parse_date("Cập nhật: 14/09/2022 08:30"), day(2022, 9, 14));
        assert_eq!(parse_date("Thứ Tư, 5-3-2021"), day(2021, 3, 5));
        // Not dates: a document number, a month without a day, a bare year.
        assert_eq!(parse_date("Số 136/2024/QH15"), None);
        assert_eq!(parse_date("tháng 9/2022"), None);
        assert_eq!(parse_date("2022"), None);
        assert_eq!(parse_date("32/13/2022"), None);
    }

    #[test]
    fn related_headings_are_recognised() {
        assert!(is_related_heading("Tin liên quan"));
        assert!(is_related_heading("TIN LIÊN QUAN:"));
        assert!(!is_related_heading(
            "Tin liên quan đến cải cách hành chính được đăng tải"
        ));
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(parse(b"").is_err());
        assert!(parse(&[0xff, 0xfe, 0x00, 0x01, 0x80]).is_err());
        assert_eq!(
            parse("<html><head><title>Trang</title></head><body><ul><li><a href=x>Trang chủ</a></li></ul></body></html>".as_bytes()),
            Err(HtmlError::NoBody)
        );
    }
}
