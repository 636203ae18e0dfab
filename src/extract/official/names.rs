//! Person names: runs of capitalised syllables led by a surname or an honorific.

use super::lexicon::{Kind, OrgKind, PlaceKind};
use super::scan::Scan;

/// What stands right before a run of capitalised syllables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Context {
    /// "ông", "đồng chí", "TS": a name follows, whatever its surname.
    Honorific,
    /// A title ("Bộ trưởng", "Tổng Bí thư"): a name may follow at once.
    Title,
    /// A complete body ("Tỉnh ủy", "Chính phủ"): a name of three or more syllables may
    /// follow at once; two are more often its place ("Huyện ủy Cao Lộc").
    Body,
    /// An administrative level ("tỉnh", "huyện"); `bare` when it closes an
    /// organisation ("UBND huyện") and so may stand without a place name.
    Level {
        bare: bool,
    },
    /// "Sở", "Công ty": the run starts with the name of that body.
    OrgType,
    /// "đường", "THPT": the run starts with the name of that thing, often a person's.
    Named,
    Plain,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct NameCand {
    /// First and one-past-last item.
    pub first: usize,
    pub last: usize,
    pub start: usize,
    pub end: usize,
    /// A lone given name after an honorific ("ông Châu").
    pub short: bool,
}

impl NameCand {
    pub fn text<'a>(&self, scan: &Scan<'a>) -> &'a str {
        &scan.text[self.start..self.end]
    }
}

/// Every name in the text, in order.
pub(crate) fn find_names(scan: &Scan) -> Vec<NameCand> {
    // At most one name per name part: sized once.
    let mut out = Vec::with_capacity(scan.name_parts.len());
    let n = scan.items.len();
    // The items before `next` belong to a run already read.
    let mut next = 0;
    for &i in &scan.name_parts {
        if i < next || (i > 0 && scan.is_name_part(i - 1) && scan.spaced(i - 1)) {
            continue;
        }
        let mut end = i + 1;
        while end < n && scan.is_name_part(end) && scan.spaced(end - 1) {
            end += 1;
        }
        if let Some(ctx) = context(scan, i) {
            if let Some((a, b)) = name_in_run(scan, i, end, ctx) {
                let words: usize = (a..b).map(|k| scan.items[k].words()).sum();
                out.push(NameCand {
                    first: a,
                    last: b,
                    start: scan.items[a].start(),
                    end: scan.items[b - 1].end(),
                    // "Oh-Sae-Hyun" is one word but a full name.
                    short: words == 1
                        && !scan.text[scan.items[a].start()..scan.items[b - 1].end()].contains('-'),
                });
            }
        }
        next = end;
    }
    out
}

/// The context of the run starting at item `i`, or `None` for a byline.
fn context(scan: &Scan, i: usize) -> Option<Context> {
    if i == 0 || !scan.spaced(i - 1) {
        return Some(Context::Plain);
    }
    let prev = i - 1;
    let Some(entry) = scan.entry(prev) else {
        return Some(Context::Plain);
    };
    Some(match entry.kind {
        Kind::Honorific => Context::Honorific,
        Kind::Byline => return None,
        Kind::Title(_) => Context::Title,
        Kind::Org(OrgKind::Body) => Context::Body,
        Kind::Org(OrgKind::Level) => {
            let closes_org = |k: usize| {
                scan.is_code(k)
                    || matches!(
                        scan.org(k),
                        Some(OrgKind::Body | OrgKind::OrgType | OrgKind::Part)
                    )
            };
            // "Ủy ban MTTQ Việt Nam tỉnh": a country name inside the body's name.
            let country = |k: usize| {
                k > 0
                    && matches!(
                        scan.entry(k).map(|e| e.kind),
                        Some(Kind::Place(PlaceKind::Country))
                    )
                    && closes_org(k - 1)
            };
            let bare = prev > 0 && (closes_org(prev - 1) || country(prev - 1));
            Context::Level { bare }
        }
        Kind::Org(OrgKind::OrgType) => Context::OrgType,
        Kind::Org(OrgKind::Named) => Context::Named,
        _ => Context::Plain,
    })
}

/// The name inside the run `[a, b)` of name parts, as an item range.
fn name_in_run(scan: &Scan, a: usize, b: usize, ctx: Context) -> Option<(usize, usize)> {
    let is_place = |k: usize| matches!(scan.entry(k).map(|e| e.kind), Some(Kind::Place(_)));
    let words =
        |from: usize, to: usize| -> usize { (from..to).map(|k| scan.items[k].words()).sum() };
    // "Thiếu tướng Trần Phú Hà": a person named like a historical figure, with more
    // syllables after the figure's name.
    let figure = |k: usize| {
        matches!(
            scan.entry(k).map(|e| e.kind),
            Some(Kind::Place(PlaceKind::Figure))
        )
    };
    if matches!(ctx, Context::Honorific | Context::Title | Context::Plain)
        && figure(a)
        && a + 1 < b
        && (3..=4).contains(&words(a, b))
        && !(a + 1..b).any(is_place)
    {
        return Some((a, b));
    }
    let mut s = a;
    while s < b && is_place(s) {
        s += 1;
    }
    // After a known place ("Tỉnh ủy Hải Dương Trần Đức Thắng") a name may start at once.
    let after_country = s > a
        && matches!(
            scan.entry(s - 1).map(|e| e.kind),
            Some(Kind::Place(PlaceKind::Country))
        );
    let ctx = if s > a { Context::Title } else { ctx };
    if s == b {
        return None;
    }
    // "Tổng thống Hàn Quốc Yoon Suk-yeol": after a title and a foreign country, a foreign
    // name of plain ASCII syllables, whatever its surname.
    let foreign = |k: usize| {
        let w = scan.str(k);
        scan.entry(k).is_none() && w.chars().all(|c| c.is_ascii_alphabetic() || c == '-')
    };
    let title_before = a > 0 && scan.is_title(a - 1);
    if after_country && title_before && (2..=3).contains(&words(s, b)) && (s..b).all(foreign) {
        return Some((s, b));
    }
    // "Chủ tịch Tập đoàn Lotte Shin Dong-bin": a Korean name, a one-word family name and a
    // hyphenated given name, ends the run after a title's organisation.
    let korean_given = |k: usize| {
        let w = scan.str(k);
        foreign(k) && w.contains('-') && w.chars().filter(|c| c.is_uppercase()).count() == 1
    };
    // Two words alone need a title or a company code right before them ("Tập đoàn SK Chey
    // Tae-won"); "Điện lực Gia Lai-cho biết" is a sloppy dash.
    // Asked last: `is_code` reads the word's chars.
    let led = || b >= s + 3 || (a > 0 && (scan.is_code(a - 1) || scan.is_title(a - 1)));
    if b >= s + 2 && ctx != Context::Honorific && korean_given(b - 1) && foreign(b - 2) && led() {
        return Some((b - 2, b));
    }
    if ctx == Context::Honorific {
        let personal = matches!(
            scan.entry(s).map(|e| e.kind),
            Some(Kind::Surname { personal: true, .. })
        );
        let longest = if personal { 5 } else { 4 };
        let mut end = s;
        while end < b && words(s, end + 1) <= longest {
            end += 1;
        }
        let figure = (s..end).any(|k| {
            matches!(
                scan.entry(k).map(|e| e.kind),
                Some(Kind::Place(PlaceKind::Figure))
            )
        });
        return (end > s && !figure).then_some((s, end));
    }
    let mut best: Option<(i32, usize)> = None;
    for k in s..b {
        let Some(Kind::Surname { common, personal }) = scan.entry(k).map(|e| e.kind) else {
            continue;
        };
        let len = words(k, b);
        // "Y Thanh Hà Niê Kđăm": an Ede name may run to five syllables.
        let longest = if personal { 5 } else { 4 };
        if !(2..=longest).contains(&len) || (k + 1..b).any(is_place) && len <= 2 {
            continue;
        }
        let allowed_at_start = match ctx {
            Context::Plain | Context::Title | Context::Honorific => true,
            Context::Body => len >= 3 || personal,
            Context::Level { bare } => bare && (len >= 3 || personal),
            Context::OrgType | Context::Named => false,
        };
        if k == s && !allowed_at_start {
            continue;
        }
        // "Trường THPT Trần Cao Vân Nguyễn Thị Mai": what is named after a person takes a
        // full name first, and the official's name that follows has three syllables or more.
        if ctx == Context::Named && (words(s, k) < 2 || len < 3) {
            continue;
        }
        // "Thành ủy Sầm Sơn": right after a body or level, two syllables led by a rare
        // surname are more likely a place than a person.
        if k == s && len == 2 && !common && !personal && ctx != Context::Plain {
            continue;
        }
        let score = 8 * i32::from(personal)
            + 4 * i32::from(common)
            + 2 * i32::from(len == 3)
            + i32::from(len == 4)
            + i32::from(k == s);
        // Equal scores keep the first: the longest name.
        if best.map_or(true, |(top, _)| top < score) {
            best = Some((score, k));
        }
    }
    best.map(|(_, k)| (k, b))
}
