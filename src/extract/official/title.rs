//! Titles: chains of positions bound to names, appointments, and the title head.

use std::cell::Cell;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use memchr::memmem;

use crate::extract::Doc;

use super::lexicon::{fold, Kind, OrgKind, PlaceKind, TitleEntry};
use super::names::NameCand;
use super::scan::{is_cap_syllable, ItemKind, Scan};

/// Phrases looked for in whole sentences, with searchers built once.
struct Phrases(Vec<memmem::Finder<'static>>);

impl Phrases {
    fn new(phrases: &[&'static str]) -> Self {
        Phrases(phrases.iter().map(|p| memmem::Finder::new(*p)).collect())
    }

    fn any_in(&self, text: &str) -> bool {
        self.0.iter().any(|f| f.find(text.as_bytes()).is_some())
    }
}

/// A sentence (folded) about leaving a post.
static LEAVING: LazyLock<Phrases> =
    LazyLock::new(|| Phrases::new(&["thôi giữ chức", "thôi làm", "nghỉ hưu", "miễn nhiệm"]));

/// A sentence (folded) about a transfer: "điều động".
static MOVED: LazyLock<Phrases> = LazyLock::new(|| Phrases::new(&["điều động"]));

/// One position: the head item and the items of its organisation, `[head, end)`.
#[derive(Debug, Clone, Copy)]
struct Part {
    head: usize,
    end: usize,
    entry: TitleEntry,
}

/// Positions joined by commas, semicolons or "kiêm", and the name they run into, if any.
#[derive(Debug, Clone)]
struct Chain {
    parts: Vec<Part>,
    before_name: Option<usize>,
    /// More names sharing the title: "Phó Chủ tịch UBND tỉnh: A, B và C".
    listed: Vec<usize>,
    /// The name follows right after the last part, not after a comma and an honorific.
    adjacent: bool,
}

/// A title found for one mention of a name.
#[derive(Debug, Clone)]
pub(crate) struct TitleCand {
    pub name: usize,
    /// As written: abbreviations are spelt out only for the titles kept (see `merge`).
    pub title: String,
    pub organization: Option<String>,
    /// 2 = a new post (appointment, election), 1 = as named, 0 = a former post or one in a
    /// sentence about leaving it.
    priority: u8,
    posts: usize,
    parts: usize,
    /// Only a bare "đại biểu" (a delegate at the event), the weakest title.
    bare_delegate: bool,
}

impl TitleCand {
    /// Higher is better: new posts first, then the fullest title, then the first found.
    /// An election to a seat only ("trúng cử chức vụ Ủy viên UBND tỉnh").
    pub fn seat_appointment(&self) -> bool {
        self.priority == 2 && self.posts == 0
    }

    /// The title names at least one post, not only seats.
    pub fn has_post(&self) -> bool {
        self.posts > 0
    }

    pub fn rank(&self) -> (u8, bool, usize, usize, Reverse<usize>) {
        (
            self.priority,
            !self.bare_delegate,
            self.posts,
            self.parts,
            Reverse(self.name),
        )
    }
}

/// Words right before a position that make it the new post ("được bổ nhiệm giữ chức").
const APPOINTING: [&str; 10] = [
    "làm",
    "giữ chức",
    "giữ chức vụ",
    "chức vụ",
    "chức danh",
    "trúng cử",
    "bổ nhiệm",
    "giữ cương vị",
    // "tái đắc cử chức Chủ tịch UBND tỉnh", "tái đắc cử Chủ tịch"
    "đắc cử",
    "đắc cử chức",
];

pub(crate) fn assign_titles(scan: &Scan, names: &[NameCand], doc: &Doc) -> Vec<TitleCand> {
    let name_at = NamesAt(names);
    let places = article_places(scan, name_at);
    let builder = Builder {
        scan,
        doc,
        places,
        name_at,
        leaving: Cell::new(None),
    };

    let mut found: Vec<(usize, Vec<Part>, usize)> = Vec::with_capacity(scan.titles.len());
    // Items before `resume` belong to a chain already read.
    let mut resume = 0;
    for &i in &scan.titles {
        if i < resume {
            continue;
        }
        let mut chain = builder.chain(i);
        let end = chain.parts.last().map_or(i + 1, |p| p.end);
        // "cố Chủ tịch Quốc hội A": the late holder of a post is remembered, not reported on.
        if i > 0 && scan.is_word(i - 1, "cố") && scan.spaced(i - 1) {
            resume = end.max(i + 1);
            continue;
        }
        // "các Phó Chủ tịch UBND tỉnh Nguyễn A, Trần B và Lê C": a plural title names a list.
        if let (true, Some(first)) = (i > 0 && scan.is_word(i - 1, "các"), chain.before_name) {
            let mut last = names[first].last;
            while let Some(next) = names
                .iter()
                .position(|nm| nm.first > last && builder.coordinated(last, nm.first))
            {
                chain.listed.push(next);
                last = names[next].last;
            }
        }
        // A lone given name ("ông Tâm") names no official by itself.
        let owner = appositive_owner(scan, name_at, i).filter(|&o| !names[o].short);
        let before_name = chain.before_name.filter(|&b| !names[b].short);
        match (owner, before_name) {
            // "A, Phó Chủ tịch UBND tỉnh, đồng chí B, ...": the title is A's.
            (Some(a), Some(_)) if !chain.adjacent => found.push((a, chain.parts, end)),
            (Some(a), Some(b)) => {
                let (last, rest) = chain
                    .parts
                    .split_last()
                    .map_or((None, &[][..]), |(l, r)| (Some(*l), r));
                if !rest.is_empty() {
                    found.push((a, rest.to_vec(), end));
                }
                found.extend(last.map(|l| (b, vec![l], end)));
            }
            (Some(a), None) => found.push((a, chain.parts, end)),
            (None, Some(b)) => {
                for &other in &chain.listed {
                    found.push((other, chain.parts.clone(), end));
                }
                found.push((b, chain.parts, end));
            }
            (None, None) => {}
        }
        resume = end.max(i + 1);
    }

    // One candidate per title found and at most one per name besides.
    let mut out: Vec<TitleCand> = Vec::with_capacity(found.len() + names.len());
    let mut with_title = vec![false; names.len()];
    for (name, parts, end) in &found {
        with_title[*name] = true;
        // After the apposition, or after the name when the title came first.
        let from = (*end).max(names[*name].last);
        let appointed = builder.appointment(names, *name, from, parts);
        out.push(builder.candidate(
            *name,
            appointed.as_deref().unwrap_or(parts),
            appointed.is_some(),
        ));
    }
    for (idx, nm) in names.iter().enumerate() {
        if with_title[idx] || nm.short {
            continue;
        }
        if let Some(parts) = builder.appointment(names, idx, nm.last, &[]) {
            out.push(builder.candidate(idx, &parts, true));
        } else if let Some(parts) = builder.left_post(names, idx) {
            out.push(builder.candidate(idx, &parts, false));
        }
    }
    out
}

/// The name that a chain starting at `head` is set after: "A, Title", "A - Title",
/// "A (Title)", "A là Title", "A, hiện là Title", "A - nguyên Title".
fn appositive_owner(scan: &Scan, name_at: NamesAt, head: usize) -> Option<usize> {
    let mut p = head.checked_sub(1)?;
    for _ in 0..3 {
        let linking = matches!(scan.entry(p).map(|e| e.kind), Some(Kind::Prefix))
            || scan.is_word(p, "là")
            || scan.is_word(p, "hiện");
        if !linking || !scan.spaced(p) {
            break;
        }
        p = p.checked_sub(1)?;
    }
    // "ông A (46 tuổi, Trưởng phòng ...)", "ông A (46 tuổi), Trưởng phòng ...": the age
    // stands between the name and its title.
    let is_age = |k: usize| {
        k >= 2
            && scan.is_word(k, "tuổi")
            && scan.str(k - 1).chars().all(|c| c.is_ascii_digit())
            && scan.is_punct(k - 2, &['('])
    };
    if scan.is_punct(p, &[',']) && is_age(p.saturating_sub(1)) {
        p -= 3;
    } else if p >= 4 && scan.is_punct(p, &[',']) && scan.is_punct(p - 1, &[')']) && is_age(p - 2) {
        p -= 4;
    }
    if scan.is_punct(p, &[',', '-', '–', '—', '(', ':']) {
        let q = p.checked_sub(1)?;
        if scan.gap(q, p).contains('\n') {
            return None;
        }
        p = q;
    } else if !scan.spaced(p) {
        return None;
    }
    name_at.ending(p)
}

/// The names of an article by item: they come in order and do not overlap, so a
/// binary search finds them (no table as long as the items).
#[derive(Clone, Copy)]
struct NamesAt<'n>(&'n [NameCand]);

impl NamesAt<'_> {
    /// The name whose first item is `item`.
    fn starting(self, item: usize) -> Option<usize> {
        self.0.binary_search_by_key(&item, |nm| nm.first).ok()
    }

    /// The name whose last item is `item`.
    fn ending(self, item: usize) -> Option<usize> {
        self.0.binary_search_by_key(&item, |nm| nm.last - 1).ok()
    }
}

struct Builder<'s, 'a> {
    scan: &'s Scan<'a>,
    doc: &'s Doc<'s>,
    /// The place each administrative level refers to in this article ("huyện" → "Nông Sơn").
    places: BTreeMap<String, String>,
    name_at: NamesAt<'s>,
    /// The last sentence searched for [`LEAVING`] phrases and the answer: the names of
    /// one sentence ask in turn.
    leaving: Cell<Option<(usize, usize, bool)>>,
}

impl Builder<'_, '_> {
    fn title_entry(&self, item: usize) -> Option<TitleEntry> {
        match self.scan.entry(item)?.kind {
            Kind::Title(t) => Some(t),
            _ => None,
        }
    }

    /// The position at `head` and its organisation words, and the name it runs into.
    fn part(&self, head: usize) -> Option<(Part, Option<usize>)> {
        let scan = self.scan;
        let entry = self.title_entry(head)?;
        let n = scan.items.len();
        let mut j = head + 1;
        let mut before_name = None;
        while j < n {
            if scan.gap(j - 1, j).contains('\n') {
                break;
            }
            if let Some(nm) = self.name_at.starting(j) {
                if scan.spaced(j - 1) {
                    before_name = Some(nm);
                }
                break;
            }
            let next_is_org = |k: usize| {
                scan.spaced(k)
                    && (scan.is_name_part(k + 1)
                        || scan.is_code(k + 1)
                        || scan.org(k + 1).is_some())
                    && !scan.is_title(k + 1)
            };
            let goes_on = match scan.kind(j) {
                ItemKind::Entry(e) => match e.kind {
                    // "UBND tỉnh xây dựng kế hoạch": once a place closes the body, a
                    // lowercase field word starts the predicate ("huyện ủy" excepted).
                    Kind::Org(OrgKind::Part) => {
                        let lower = scan.str(j).chars().next().is_some_and(char::is_lowercase);
                        let closed = scan.org(j - 1) == Some(OrgKind::Level)
                            || matches!(scan.entry(j - 1).map(|e| e.kind), Some(Kind::Place(_)))
                            || (matches!(scan.kind(j - 1), ItemKind::Word)
                                && !scan.is_word(j - 1, "và"));
                        !(lower && closed) || e.surface == "ủy"
                    }
                    Kind::Org(_) | Kind::Place(_) | Kind::Surname { .. } => true,
                    // "thị xã Kỳ Anh": a capitalised honorific here is a place syllable.
                    Kind::Honorific => scan.items[j].words() == 1 && is_cap_syllable(scan.str(j)),
                    _ => false,
                },
                ItemKind::Word => {
                    let word = scan.str(j);
                    is_cap_syllable(word)
                        || scan.is_code(j)
                        // "Chủ tịch Ủy ban MTTQ tỉnh và Nguyễn B, Phó Chủ tịch ...": "và"
                        // before a name ends the body.
                        || (scan.is_word(j, "và")
                            && next_is_org(j)
                            && j + 1 < n
                            && self.name_at.starting(j + 1).is_none()
                            // "Chủ tịch UBND tỉnh và 3 Phó Chủ tịch": a count, not a body.
                            && !scan.str(j + 1).chars().all(|c| c.is_ascii_digit()))
                        // "Đại sứ Việt Nam tại Nhật Bản Phạm Quang Hiệu": a mission abroad.
                        || (scan.is_word(j, "tại")
                            && scan.spaced(j)
                            && matches!(
                                scan.entry(j + 1).map(|e| e.kind),
                                Some(Kind::Place(PlaceKind::Country))
                            ))
                }
                // "Sở Lao động - Thương binh và Xã hội"
                ItemKind::Punct('-') if scan.spaced(j - 1) => {
                    scan.spaced(j)
                        && matches!(scan.org(j + 1), Some(OrgKind::Part))
                        && scan
                            .str(j + 1)
                            .chars()
                            .next()
                            .is_some_and(char::is_uppercase)
                }
                ItemKind::Punct('-') => {
                    scan.gap(j - 1, j).is_empty()
                        && j + 1 < n
                        && scan.gap(j, j + 1).is_empty()
                        && scan
                            .str(j + 1)
                            .chars()
                            .next()
                            .is_some_and(char::is_uppercase)
                        && !scan.is_title(j + 1)
                }
                ItemKind::Punct('(') => {
                    let close = (j + 1..n.min(j + 16)).find(|&k| scan.is_punct(k, &[')']));
                    match close {
                        Some(c)
                            if scan.org(j + 1).is_some()
                                && !scan.text[scan.items[j].end()..scan.items[c].start()]
                                    .contains('\n') =>
                        {
                            j = c;
                            true
                        }
                        _ => false,
                    }
                }
                ItemKind::Punct(_) => false,
            };
            if !goes_on {
                break;
            }
            j += 1;
        }
        Some((
            Part {
                head,
                end: j,
                entry,
            },
            before_name,
        ))
    }

    /// Positions from `head` on, joined by ",", "kiêm" or nothing.
    fn chain(&self, head: usize) -> Chain {
        let scan = self.scan;
        // Room for most chains: no growth on the way.
        let mut parts = Vec::with_capacity(4);
        let mut at = head;
        while let Some((part, before_name)) = self.part(at) {
            parts.push(part);
            if before_name.is_some() {
                return Chain {
                    parts,
                    before_name,
                    listed: Vec::new(),
                    adjacent: true,
                };
            }
            let k = part.end;
            // "Ủy viên Bộ Chính trị; Giám đốc Học viện ...": a semicolon before another
            // position (not before a name) still joins the same person's posts.
            // "Phó Bí thư Tỉnh ủy - Chủ tịch UBND tỉnh": a spaced dash joins them too.
            let dash =
                scan.is_punct(k, &['-', '–']) && k > 0 && scan.spaced(k - 1) && scan.spaced(k);
            let joined = (scan.is_punct(k, &[',', ';']) || scan.is_word(k, "kiêm") || dash)
                && scan.is_title(k + 1);
            // "nguyên Ủy viên BTV Tỉnh ủy, nguyên Trưởng Ban Dân vận Tỉnh ủy"
            let joined_former = scan.is_punct(k, &[',', ';'])
                && matches!(scan.entry(k + 1).map(|e| e.kind), Some(Kind::Prefix))
                && scan.spaced(k + 1)
                && scan.is_title(k + 2);
            // "nguyên Phó Chủ tịch UBND tỉnh, hiện là Chủ tịch Hội ...": the current post
            // follows the former one.
            let now = scan.is_punct(k, &[','])
                && scan.is_word(k + 1, "hiện")
                && scan.is_word(k + 2, "là")
                && scan.is_title(k + 3);
            if joined {
                at = k + 1;
            } else if joined_former {
                at = k + 2;
            } else if now {
                at = k + 3;
            } else if k < scan.items.len() && scan.is_title(k) && scan.spaced(k - 1) {
                at = k;
            } else {
                // "Bí thư Tỉnh ủy Quảng Ngãi, bà Bùi Thị Quỳnh Vân",
                // "quyết định bổ nhiệm Phó Giám đốc Sở Y tế cho ông Lê Văn A".
                let mut h = k;
                if scan.is_punct(h, &[',']) {
                    h += 1;
                }
                if scan.is_word(h, "này") {
                    h += 1;
                }
                if scan.is_word(h, "cho") && scan.spaced(h) {
                    h += 1;
                } else if scan.is_word(h, "đối") && scan.is_word(h + 1, "với") && scan.spaced(h + 1)
                {
                    h += 2;
                }
                // "Phó Chủ tịch Ủy ban MTTQ tỉnh là A, B, C": "là" lists the holders too.
                if scan.is_punct(h, &[':']) || (scan.is_word(h, "là") && scan.spaced(h)) {
                    return self.listed_after_colon(parts, h + 1);
                }
                let honorific = matches!(scan.entry(h).map(|e| e.kind), Some(Kind::Honorific));
                let before_name = (honorific && scan.spaced(h))
                    .then(|| self.name_at.starting(h + 1))
                    .flatten();
                return Chain {
                    parts,
                    before_name,
                    listed: Vec::new(),
                    adjacent: false,
                };
            }
        }
        Chain {
            parts,
            before_name: None,
            listed: Vec::new(),
            adjacent: false,
        }
    }

    /// Names listed after a title and a colon, separated by commas or "và".
    fn listed_after_colon(&self, parts: Vec<Part>, mut at: usize) -> Chain {
        let scan = self.scan;
        let mut found = Vec::new();
        loop {
            if matches!(scan.entry(at).map(|e| e.kind), Some(Kind::Honorific)) {
                at += 1;
            }
            let Some(name) = self.name_at.starting(at) else {
                break;
            };
            let mut next = at + 1;
            while next < scan.items.len()
                && self.name_at.starting(next).is_none()
                && scan.is_name_part(next)
                && scan.spaced(next - 1)
            {
                next += 1;
            }
            // "Phó Tổng Tham mưu trưởng: Trung tướng A - Ủy viên ...; Thượng tướng B; ...":
            // a listed name's own apposition, which runs to the next semicolon, is its
            // title; the shared one goes to the others.
            if scan.is_punct(next, &[',', '-', '–']) && scan.is_title(next + 1) {
                match self.next_semicolon(next + 1) {
                    Some(semi) => next = semi,
                    None => break,
                }
            } else {
                found.push(name);
            }
            if scan.is_punct(next, &[',', ';']) || scan.is_word(next, "và") {
                at = next + 1;
            } else {
                break;
            }
        }
        let before_name = found.first().copied();
        let listed = found.get(1..).map(<[usize]>::to_vec).unwrap_or_default();
        Chain {
            parts,
            before_name,
            listed,
            adjacent: false,
        }
    }

    /// The first semicolon after item `from` on the same line and before a full stop or colon.
    fn next_semicolon(&self, from: usize) -> Option<usize> {
        let scan = self.scan;
        (from..scan.items.len())
            .take_while(|&k| k == from || !scan.gap(k - 1, k).contains('\n'))
            .take_while(|&k| !scan.is_punct(k, &['.', ':']))
            .find(|&k| scan.is_punct(k, &[';']))
    }

    /// The new post given to the name after its mention ("bổ nhiệm giữ chức Chánh Văn phòng"),
    /// after the seats and Party posts it keeps (none but seats when "điều động", moved); `None` when the sentence appoints nothing.
    fn appointment(
        &self,
        names: &[NameCand],
        name: usize,
        from: usize,
        parts: &[Part],
    ) -> Option<Vec<Part>> {
        let scan = self.scan;
        let sentence = self.sentence_of(scan.items[names[name].first].start());
        // Only a title gives a post: none from `from` to the sentence's end, none given.
        if !title_before(scan, from, sentence.end) {
            return None;
        }
        // "Ông A và bà B đã trúng tuyển chức danh ...": the post goes to both.
        let mut stop = scan.items.len();
        let mut last = names[name].last;
        for nm in names.iter().filter(|nm| nm.first >= from) {
            if nm.first >= last && self.coordinated(last, nm.first) {
                last = nm.last;
                continue;
            }
            stop = nm.first;
            break;
        }
        // Every post given in the clause: "được bầu giữ chức Phó Bí thư Tỉnh ủy, tiếp tục
        // giữ chức Chủ tịch UBND tỉnh".
        let mut new_posts: Vec<Part> = Vec::new();
        let mut k = from;
        while k < stop && scan.items[k].start() < sentence.end && !scan.is_punct(k, &[';']) {
            // "giới thiệu ứng cử để HĐND bầu giữ chức Chủ tịch UBND": nominated, not yet given.
            if scan.is_word(k, "giới") && scan.is_word(k + 1, "thiệu") {
                break;
            }
            let capitalised = || scan.str(k).chars().next().is_some_and(char::is_uppercase);
            if scan.is_title(k) && capitalised() && self.appointing(k) {
                let chain = self.chain(k);
                k = chain.parts.last().map_or(k + 1, |p| p.end.max(k + 1));
                // "do bà A làm Trưởng đoàn": leading a visit is no post.
                let delegation =
                    |p: &Part| p.end == p.head + 1 && p.entry.head.ends_with("Trưởng đoàn");
                new_posts.extend(chain.parts.into_iter().filter(|p| !delegation(p)));
                continue;
            }
            k += 1;
        }
        if new_posts.is_empty() {
            return None;
        }
        let sentence_text = scan.folded.get(sentence).unwrap_or("");
        let moved = MOVED.any_in(sentence_text);
        // A kept post that the clause gives again ("Bí thư Đảng ủy xã tiếp tục được bầu
        // giữ chức Bí thư Đảng ủy xã") is written once.
        let given_again = |p: &Part| new_posts.iter().any(|n| n.entry.head == p.entry.head);
        // Elected to a seat only ("bầu bổ sung Ủy viên UBND tỉnh đối với ông A, Giám đốc
        // Công an tỉnh"): the posts held stay.
        let seat_only = new_posts.iter().all(|p| p.entry.member);
        let mut out: Vec<Part> = parts
            .iter()
            .copied()
            .filter(|p| seat_only || p.entry.member || (!moved && p.entry.head.contains("Bí thư")))
            .filter(|p| !given_again(p))
            .collect();
        out.extend(new_posts);
        Some(out)
    }

    /// The post a name leaves in its own clause ("ông A thôi giữ chức Chủ tịch UBND tỉnh"):
    /// held at the time of the event, so it is the name's title when it has no other.
    fn left_post(&self, names: &[NameCand], name: usize) -> Option<Vec<Part>> {
        let scan = self.scan;
        let sentence = self.sentence_of(scan.items[names[name].first].start());
        // Only a title is a post left.
        if !title_before(scan, names[name].last, sentence.end) {
            return None;
        }
        let stop = names
            .iter()
            .find(|nm| nm.first >= names[name].last)
            .map_or(scan.items.len(), |nm| nm.first);
        let mut k = names[name].last;
        while k < stop.min(names[name].last + 8) && scan.items[k].start() < sentence.end {
            if scan.is_punct(k, &[',', ';']) {
                return None;
            }
            if scan.is_title(k) && k > 0 {
                let from = k.saturating_sub(4).max(names[name].last);
                let before = scan
                    .folded
                    .get(scan.items[from].start()..scan.items[k - 1].end());
                let before = before.unwrap_or("");
                let words: Vec<&str> = before.split(' ').collect();
                let leaving = (words.contains(&"thôi")
                    || before.contains(fold("miễn nhiệm").as_str()))
                    && ["chức", "vụ", "làm", "nhiệm"]
                        .iter()
                        .any(|w| words.last() == Some(w));
                return leaving.then(|| self.chain(k).parts);
            }
            k += 1;
        }
        None
    }

    /// Only "và" or "," (and an honorific) stand between item `end` and the name at `first`.
    fn coordinated(&self, end: usize, first: usize) -> bool {
        let scan = self.scan;
        let joined = scan.is_word(end, "và") || scan.is_punct(end, &[',']);
        let honorific = |k: usize| matches!(scan.entry(k).map(|e| e.kind), Some(Kind::Honorific));
        joined && (first == end + 1 || (first == end + 2 && honorific(end + 1)))
    }

    /// The words before the position at `head` appoint to it, and none says "thôi" or
    /// "miễn" (leaves, dismissed).
    fn appointing(&self, head: usize) -> bool {
        let scan = self.scan;
        let mut first = head;
        while first > head.saturating_sub(3)
            && matches!(scan.kind(first - 1), ItemKind::Word | ItemKind::Entry(_))
            && scan.spaced(first - 1)
        {
            first -= 1;
        }
        if first == head {
            return false;
        }
        let before = &scan.folded[scan.items[first].start()..scan.items[head - 1].end()];
        // "cho đến khi kiện toàn chức vụ Giám đốc": the post is still to be filled.
        let wider =
            &scan.folded[scan.items[first.saturating_sub(1)].start()..scan.items[head - 1].end()];
        !wider.contains(fold("kiện toàn").as_str())
            && !before.split(' ').any(|w| w == "thôi" || w == "miễn")
            && APPOINTING.iter().any(|phrase| {
                before
                    .strip_suffix(phrase)
                    .is_some_and(|rest| rest.is_empty() || rest.ends_with(' '))
            })
    }

    fn sentence_of(&self, pos: usize) -> std::ops::Range<usize> {
        let sentences = &self.doc.segments.sentences;
        let i = sentences.partition_point(|r| r.end <= pos);
        sentences
            .get(i)
            .filter(|r| r.start <= pos)
            .cloned()
            .unwrap_or(0..self.scan.text.len())
    }

    fn candidate(&self, name: usize, parts: &[Part], appointed: bool) -> TitleCand {
        let scan = self.scan;
        let head_part = parts
            .iter()
            .rposition(|p| !p.entry.member)
            .unwrap_or(parts.len().saturating_sub(1));
        let organization = parts.get(head_part).and_then(|p| self.organization(p));
        // Most titles fit: one allocation instead of a few growths.
        let mut title = String::with_capacity(192);
        for (k, p) in parts.iter().enumerate() {
            if k > 0 {
                // Keep the text's own joiner ("kiêm") between neighbouring parts.
                let prev = parts[k - 1];
                let joined = scan.is_punct(prev.end, &[',']) || scan.is_word(prev.end, "kiêm");
                let joiner = if p.head == prev.end + 1 && joined {
                    &scan.text[scan.items[prev.end - 1].end()..scan.items[p.head].start()]
                } else {
                    ", "
                };
                title.push_str(joiner);
            }
            self.push_part_text(&mut title, p);
            // "Bộ trưởng Nguyễn Kim Sơn và đoàn công tác Bộ Giáo dục và Đào tạo"
            if let (true, Some(org)) = (
                k == head_part && p.end == p.head + 1 && p.entry.org_type.is_some(),
                &organization,
            ) {
                title.push(' ');
                title.push_str(org);
            }
        }
        // A new post outranks leaving one: the sentence is searched only otherwise.
        let leaving = || {
            let first = parts.first().and_then(|p| scan.items.get(p.head));
            let sentence = self.sentence_of(first.map_or(0, |it| it.start()));
            parts.iter().any(|p| self.is_former(p.head)) || self.about_leaving(sentence)
        };
        TitleCand {
            name,
            title,
            organization,
            priority: if appointed {
                2
            } else if leaving() {
                0
            } else {
                1
            },
            posts: parts.iter().filter(|p| !p.entry.member).count(),
            parts: parts.len(),
            bare_delegate: parts
                .iter()
                .all(|p| p.end == p.head + 1 && p.entry.head == "Đại biểu"),
        }
    }

    /// The (folded) sentence has a [`LEAVING`] phrase.
    fn about_leaving(&self, sentence: std::ops::Range<usize>) -> bool {
        let (start, end) = (sentence.start, sentence.end);
        match self.leaving.get() {
            Some((s, e, answer)) if (s, e) == (start, end) => answer,
            _ => {
                let answer = LEAVING.any_in(self.scan.folded.get(sentence).unwrap_or(""));
                self.leaving.set(Some((start, end, answer)));
                answer
            }
        }
    }

    /// "nguyên" (former) stands right before the position at `head`.
    fn is_former(&self, head: usize) -> bool {
        let scan = self.scan;
        head > 0
            && scan.spaced(head - 1)
            && scan
                .folded
                .get(scan.items[head - 1].start()..scan.items[head - 1].end())
                == Some("nguyên")
    }

    /// Appends the position as written, its abbreviated head spelt out and a bare level
    /// placed: the title is written in place, with no string per part.
    fn push_part_text(&self, out: &mut String, p: &Part) {
        let scan = self.scan;
        // "nguyên Chủ tịch": a former post stays marked as such.
        if self.is_former(p.head) {
            out.push_str("nguyên ");
        }
        out.push_str(match scan.entry(p.head) {
            // "CT" → "Chủ tịch"; seats ("TVTU", "ĐBQH") are left to the abbreviation expander.
            Some(e) if e.exact_case && !p.entry.member => p.entry.head,
            _ => scan.str(p.head),
        });
        let mut from = p.head;
        // "Phó Chủ tịch TT HĐND": right after a position, "TT" is "Thường trực".
        if p.end > p.head + 1 && scan.str(p.head + 1) == "TT" {
            out.push_str(scan.gap(p.head, p.head + 1));
            out.push_str("Thường trực");
            from = p.head + 1;
        }
        if p.end > from + 1 {
            out.push_str(&scan.text[scan.items[from].end()..scan.items[p.end - 1].end()]);
        }
        self.place_bare_level(out, p.end - 1);
    }

    /// Appends the article's place when the part ends in a bare level ("UBND huyện").
    fn place_bare_level(&self, out: &mut String, last: usize) {
        if self.scan.org(last) == Some(OrgKind::Level) {
            let level = self
                .scan
                .folded
                .get(self.scan.items[last].start()..self.scan.items[last].end())
                .unwrap_or("");
            if let Some(place) = self.places.get(level) {
                out.push(' ');
                out.push_str(place);
            }
        }
    }

    fn organization(&self, p: &Part) -> Option<String> {
        let scan = self.scan;
        let mut first = p.head + 1;
        let is_standing = |k: usize| {
            scan.str(k) == "TT"
                || scan.folded.get(scan.items[k].start()..scan.items[k].end())
                    == Some("thường trực")
        };
        if first + 1 < p.end && is_standing(first) {
            first += 1;
        }
        let org_type = p.entry.org_type;
        if first >= p.end {
            return org_type.and_then(|t| self.org_in_sentence(p.head, t));
        }
        let mut org = scan.text[scan.items[first].start()..scan.items[p.end - 1].end()].to_string();
        self.place_bare_level(&mut org, p.end - 1);
        if let Some(t) = org_type {
            if !fold(&org).starts_with(&fold(t)) {
                org = format!("{t} {org}");
            }
        }
        Some(org)
    }

    /// A body of the implied type named later in the same sentence ("Bộ Giáo dục và Đào tạo").
    fn org_in_sentence(&self, head: usize, org_type: &str) -> Option<String> {
        let scan = self.scan;
        let sentence = self.sentence_of(scan.items[head].start());
        let want = fold(org_type);
        let k = (head + 1..scan.items.len())
            .take_while(|&k| scan.items[k].start() < sentence.end)
            .find(|&k| {
                scan.org(k).is_some()
                    && scan.folded.get(scan.items[k].start()..scan.items[k].end())
                        == Some(want.as_str())
            })?;
        let mut end = k + 1;
        while end < scan.items.len()
            && scan.spaced(end - 1)
            && (scan.is_name_part(end)
                || scan.org(end).is_some()
                || (scan.is_word(end, "và")
                    && end + 1 < scan.items.len()
                    && (scan.is_name_part(end + 1) || scan.org(end + 1).is_some())))
        {
            end += 1;
        }
        (end > k + 1)
            .then(|| scan.text[scan.items[k].start()..scan.items[end - 1].end()].to_string())
    }
}

/// A title item stands at or after item `from` and starts before byte `end`.
fn title_before(scan: &Scan, from: usize, end: usize) -> bool {
    let titles = &scan.titles;
    titles
        .get(titles.partition_point(|&t| t < from))
        .is_some_and(|&t| scan.items.get(t).is_some_and(|it| it.start() < end))
}

/// For each administrative level, the one place the article names with it ("huyện
/// Nông Sơn"); a level naming two places ("xã A", "xã B") is left unresolved.
fn article_places(scan: &Scan, name_at: NamesAt) -> BTreeMap<String, String> {
    let mut seen: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for &l in &scan.levels {
        if !scan.spaced(l) {
            continue;
        }
        let mut end = l + 1;
        let mut words = 0;
        while end < scan.items.len()
            && scan.is_name_part(end)
            && name_at.starting(end).is_none()
            && (end == l + 1 || scan.spaced(end - 1))
            && words + scan.items[end].words() <= 3
        {
            words += scan.items[end].words();
            end += 1;
        }
        if end > l + 1 {
            let level = scan.folded[scan.items[l].start()..scan.items[l].end()].to_string();
            let place = scan.text[scan.items[l + 1].start()..scan.items[end - 1].end()].to_string();
            seen.entry(level).or_default().insert(place);
        }
    }
    seen.into_iter()
        .filter_map(|(level, places)| {
            let mut places = places.into_iter();
            match (places.next(), places.next()) {
                (Some(only), None) => Some((level, only)),
                _ => None,
            }
        })
        .collect()
}

/// The head position of a title: of its comma-separated parts, the last that is a
/// post rather than a seat on a body or a role beside the post (the lexicon's
/// "member" kind: "Tỉnh ủy viên", "Trưởng Đoàn ĐBQH"), so "Ủy viên BTV Tỉnh ủy, Bí thư
/// Huyện ủy" and "Bí thư Tỉnh ủy, Trưởng Đoàn ĐBQH tỉnh" give "Bí thư", and "Tỉnh ủy
/// viên" alone gives "Ủy viên". Appointments list the new post
/// last, so the last post is the one the title is about. "Thường trực" is not part of
/// the head ("Phó Chủ tịch Thường trực UBND tỉnh" → "Phó Chủ tịch"); "Quyền" is.
/// Works on abbreviated and expanded titles alike; `None` when no position is known
/// (or the title is over 4 GiB).
pub fn title_head(title: &str) -> Option<&'static str> {
    let scan = Scan::new(title)?;
    let mut best: Option<TitleEntry> = None;
    let mut part_head: Option<TitleEntry> = None;
    for k in 0..scan.items.len() {
        let dash = scan.is_punct(k, &['-', '–'])
            && k > 0
            && scan.spaced(k - 1)
            && scan.spaced(k)
            && scan.is_title(k + 1);
        if scan.is_punct(k, &[',', ';']) || scan.is_word(k, "kiêm") || dash {
            close_part(&mut part_head, &mut best);
            continue;
        }
        if let (None, Some(Kind::Title(t))) = (part_head, scan.entry(k).map(|e| e.kind)) {
            part_head = Some(t);
        }
    }
    close_part(&mut part_head, &mut best);
    best.map(|t| t.head)
}

/// Ends one part of a title: its head replaces the best so far unless it is a seat
/// and a post was already found.
fn close_part(part_head: &mut Option<TitleEntry>, best: &mut Option<TitleEntry>) {
    if let Some(h) = part_head.take() {
        if !h.member || best.map_or(true, |b| b.member) {
            *best = Some(h);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::official::lexicon::tests::sample_texts;

    #[test]
    fn title_before_is_a_walk_over_the_items() {
        let mut titled = 0;
        for text in &sample_texts() {
            let scan = Scan::new(text).expect("a short text");
            for from in 0..=scan.items.len() {
                for end in [0, text.len() / 2, text.len()] {
                    let walked = scan.items[from..]
                        .iter()
                        .take_while(|it| it.start() < end)
                        .enumerate()
                        .any(|(k, _)| scan.is_title(from + k));
                    assert_eq!(
                        title_before(&scan, from, end),
                        walked,
                        "{from} {end} {text}"
                    );
                    titled += usize::from(walked);
                }
            }
        }
        assert!(titled > 1000, "{titled}");
    }
}
