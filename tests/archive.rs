//! The archive end to end: index articles from the pipeline, search, re-index, export.

use std::path::{Path, PathBuf};

use vnews::archive::{content_hash, export_csv, export_jsonl_csv, Archive, Query, Record};
use vnews::serialize::{Mention, Official};
use vnews::{Article, Pipeline};

const SEED: &str = "corpus/000_61edd261ad8c1a0f.txt";
const C001: &str = "corpus/001_quang_ngai_par_index_2023.txt";
const C002: &str = "corpus/002_ha_tinh_hdnd_ky_hop_14.txt";
const C005: &str = "corpus/005_lac_thuy_bao_hiem_y_te.txt";
const C007: &str = "corpus/007_binh_phuoc_chuyen_doi_so.txt";
const C011: &str = "corpus/011_lam_dong_kiem_tra_cong_vu.txt";
const C014: &str = "corpus/014_da_nang_chat_luong_phuc_vu.txt";

/// Small articles of our own, each with the date it was published.
const OWN: [(&str, &str, &str); 4] = [
    (
        "own/thang-binh.txt",
        "2021-03-05",
        "Thăng Bình kết nạp đảng viên mới\n\nSáng 5/3, Huyện ủy Thăng Bình tổ chức lễ kết nạp đảng viên. Bí thư Huyện ủy Lê Văn Sáu trao quyết định cho 12 đảng viên.",
    ),
    (
        "own/ky-anh.txt",
        "2022-09-20",
        "Thị xã Kỳ Anh đứng thứ hai về cải cách hành chính\n\nThị xã Kỳ Anh đạt 89,5 điểm Chỉ số cải cách hành chính năm 2021, xếp thứ 2/13 địa phương của tỉnh Hà Tĩnh.",
    ),
    (
        "own/dong-ha.txt",
        "2023-01-10",
        "Đông Hà đẩy mạnh chuyển đổi số\n\nUBND thành phố Đông Hà triển khai dịch vụ công trực tuyến toàn trình; Chủ tịch UBND thành phố Hồ Văn Năm yêu cầu các phường hoàn thành trước tháng 6.",
    ),
    (
        "own/ho-chi-minh.txt",
        "2023-05-19",
        "Học tập và làm theo tư tưởng Hồ Chí Minh\n\nHội nghị chuyên đề về phong cách Hồ Chí Minh thu hút đông đảo cán bộ, đảng viên tham dự.",
    ),
];

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// An official with one mention of the name, as the official extractor would give.
fn official(text: &str, name: &str, title: &str) -> Official {
    let start = text.find(name).map_or(0, |b| text[..b].chars().count());
    Official {
        name: name.to_string(),
        title: Some(title.to_string()),
        organization: None,
        mentions: vec![Mention {
            text: name.to_string(),
            start,
            end: start + name.chars().count(),
        }],
    }
}

/// (article, hash, date) for the repo's corpus and our own articles.
fn articles() -> Vec<(Article, String, Option<String>)> {
    let pipeline = Pipeline::default();
    let mut out = Vec::new();
    let mut corpus: Vec<PathBuf> = std::fs::read_dir(repo().join("corpus"))
        .expect("corpus dir")
        .map(|e| e.expect("corpus entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    corpus.sort();
    for path in corpus {
        let bytes = std::fs::read(&path).expect("corpus file");
        let name = format!("corpus/{}", path.file_name().unwrap().to_string_lossy());
        let id = path.file_stem().unwrap().to_string_lossy().to_string();
        let mut article = pipeline
            .process_bytes(&id, &name, &bytes, None)
            .expect("corpus article");
        if name == SEED {
            // The seed's date is 14.9 of the year its figures report on.
            let text = article.text.clone().unwrap_or_default();
            article.officials = vec![official(&text, "Nguyễn Văn Hòa", "Chủ tịch UBND huyện")];
            out.push((
                article,
                content_hash(&bytes),
                Some("2022-09-14".to_string()),
            ));
        } else {
            out.push((article, content_hash(&bytes), None));
        }
    }
    for (source, date, text) in OWN {
        let mut article = pipeline.process_text(source, source, text);
        let names: &[(&str, &str)] = match source {
            "own/thang-binh.txt" => &[("Lê Văn Sáu", "Bí thư Huyện ủy")],
            "own/dong-ha.txt" => &[("Hồ Văn Năm", "Chủ tịch UBND thành phố")],
            _ => &[],
        };
        let full = article.text.clone().unwrap_or_default();
        article.officials = names.iter().map(|(n, t)| official(&full, n, t)).collect();
        out.push((
            article,
            content_hash(text.as_bytes()),
            Some(date.to_string()),
        ));
    }
    out
}

fn index(archive: &mut Archive, items: &[(Article, String, Option<String>)]) {
    let records: Vec<Record> = items
        .iter()
        .map(|(a, h, d)| Record::new(a, h).with_date(d.as_deref()))
        .collect();
    archive.store_all(&records).expect("store");
}

fn sources(archive: &Archive, query: &Query) -> Vec<String> {
    let mut found: Vec<String> = archive
        .search(query)
        .expect("search")
        .into_iter()
        .map(|h| h.source)
        .collect();
    found.sort();
    found
}

fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("archive.db");
    (dir, db)
}

#[test]
fn text_search_ignores_diacritics_case_and_tone_style() {
    let (_dir, db) = temp_db();
    let mut archive = Archive::open(&db).unwrap();
    index(&mut archive, &articles());
    for q in [
        "nguyen van hoa",
        "Nguyễn Văn Hòa",
        "NGUYỄN VĂN HOÀ",
        "nguyễn văn hoà",
    ] {
        // As a phrase, only the seed names him.
        let phrase = Query::text(&format!("\"{q}\""));
        assert_eq!(sources(&archive, &phrase), [SEED], "{q}");
        // As words, other articles hold all three apart; the exact name ranks first.
        let hits = archive.search(&Query::text(q)).unwrap();
        assert_eq!(hits[0].source, SEED, "{q}");
        assert!(
            hits[0].snippet.contains("«Nguyễn» «Văn» «Hòa»"),
            "{}",
            hits[0].snippet
        );
        assert!(hits[0].score < 0.0, "bm25 ranks matches below zero");
        assert_eq!(
            hits[0].title,
            "Nông Sơn tổ chức Hội nghị chuyên đề cải cách hành chính năm 2022"
        );
    }
    let want: &[(&str, &[&str])] = &[
        ("\"dong ha\"", &["own/dong-ha.txt"]),
        ("\"Kỳ Anh\"", &["own/ky-anh.txt"]),
        (
            "\"cai cach hanh chinh\"",
            &[SEED, C001, C002, "own/ky-anh.txt"],
        ),
        (
            "\"chuyển đổi số\"",
            &[SEED, C002, C005, C007, "own/dong-ha.txt"],
        ),
        (
            "\"truc tuyen toan trinh\"",
            &[C007, C011, C014, "own/dong-ha.txt"],
        ),
        // Unquoted words may stand apart: the Phú Yên article has them all.
        (
            "kết nạp đảng viên Thăng Bình",
            &[
                "corpus/010_phu_yen_hoi_nghi_bch_6_thang.txt",
                "own/thang-binh.txt",
            ],
        ),
        (r#""Thăng Bình" kết nạp"#, &["own/thang-binh.txt"]),
        // Negatives: a longer name, the name's words in another order, a name nowhere.
        ("\"nguyen van hoan\"", &[]),
        ("\"hoa van nguyen\"", &[]),
        ("\"Hà Sỹ Đồng\"", &[]),
        ("", &[]),
    ];
    for (q, expected) in want {
        let query = Query::text(q);
        let got = if q.is_empty() {
            Vec::new()
        } else {
            sources(&archive, &query)
        };
        assert_eq!(got, *expected, "{q}");
    }
}

#[test]
fn filters_by_date_official_place_and_metric() {
    let mut archive = Archive::open_in_memory().unwrap();
    index(&mut archive, &articles());
    let q = |f: fn(&mut Query)| {
        let mut query = Query::default();
        f(&mut query);
        query
    };
    let cases: Vec<(Query, Vec<&str>)> = vec![
        (
            q(|q| {
                q.from = Some("2022-01-01".into());
                q.to = Some("2022-12-31".into());
            }),
            vec![SEED, "own/ky-anh.txt"],
        ),
        (
            q(|q| q.to = Some("2021".into())),
            vec!["own/thang-binh.txt"],
        ),
        (
            q(|q| q.from = Some("2023-05".into())),
            vec!["own/ho-chi-minh.txt"],
        ),
        (
            q(|q| q.official = Some("nguyen van hoa".into())),
            vec![SEED],
        ),
        (
            q(|q| q.official = Some("HỒ VĂN NĂM".into())),
            vec!["own/dong-ha.txt"],
        ),
        (q(|q| q.official = Some("Hồ Chí Minh".into())), vec![]),
        (q(|q| q.place = Some("Quảng Nam".into())), vec![SEED]),
        (
            q(|q| q.place = Some("ha tinh".into())),
            vec![C002, "own/ky-anh.txt"],
        ),
        (
            q(|q| q.place = Some("Quảng Trị".into())),
            vec!["own/dong-ha.txt"],
        ),
        // "tư tưởng Hồ Chí Minh" names a person, not the city.
        (q(|q| q.place = Some("Hồ Chí Minh".into())), vec![]),
        (
            q(|q| {
                q.text = Some("hoi nghi".into());
                q.from = Some("2023-01-01".into());
            }),
            vec!["own/ho-chi-minh.txt"],
        ),
    ];
    for (query, want) in cases {
        assert_eq!(sources(&archive, &query), want, "{query:?}");
    }
    // Facts from the extractors: an official and score metrics of a corpus article.
    let by_official = sources(&archive, &q(|q| q.official = Some("vo dinh khang".into())));
    assert_eq!(by_official, [C001]);
    let sipas = sources(&archive, &q(|q| q.metric = Some("SIPAS".into())));
    assert!(sipas.contains(&C001.to_string()) && !sipas.contains(&SEED.to_string()));
    let cchc = sources(
        &archive,
        &q(|q| q.metric = Some("chỉ số cải cách hành chính".into())),
    );
    assert!(cchc.contains(&SEED.to_string()), "{cchc:?}");
    let none = sources(&archive, &q(|q| q.metric = Some("chỉ số hạnh phúc".into())));
    assert!(none.is_empty(), "{none:?}");
    let newest = archive.search(&Query::default()).unwrap();
    assert_eq!(newest[0].source, "own/ho-chi-minh.txt");
    let one = archive
        .search(&Query {
            limit: 2,
            ..Query::default()
        })
        .unwrap();
    assert_eq!(one.len(), 2);
}

#[test]
fn reindex_replaces_only_the_changed_article() {
    let (_dir, db) = temp_db();
    let mut items = articles();
    let total = items.len();
    {
        let mut archive = Archive::open(&db).unwrap();
        index(&mut archive, &items);
    }
    let mut archive = Archive::open(&db).unwrap();
    let before: Vec<Option<i64>> = items
        .iter()
        .map(|(a, _, _)| archive.article_id(&a.source).unwrap())
        .collect();
    for (a, h, _) in &items {
        assert!(archive.is_current(&a.source, h).unwrap());
    }

    let pipeline = Pipeline::default();
    let edited = OWN[1]
        .2
        .replace("89,5 điểm", "91,2 điểm, dẫn đầu khối thị xã");
    let new_hash = content_hash(edited.as_bytes());
    assert!(!archive.is_current(OWN[1].0, &new_hash).unwrap());
    items[total - 3].0 = pipeline.process_text(OWN[1].0, OWN[1].0, &edited);
    items[total - 3].1 = new_hash;

    let records: Vec<Record> = items
        .iter()
        .map(|(a, h, d)| Record::new(a, h).with_date(d.as_deref()))
        .collect();
    let report = archive.store_all(&records).unwrap();
    assert_eq!(
        (report.added, report.replaced, report.unchanged),
        (0, 1, total - 1)
    );
    assert_eq!(archive.len().unwrap(), total);
    for (i, (a, _, _)) in items.iter().enumerate() {
        let id = archive.article_id(&a.source).unwrap();
        if a.source == OWN[1].0 {
            assert_ne!(id, before[i], "the changed article is stored anew");
        } else {
            assert_eq!(id, before[i], "{} kept its row", a.source);
        }
    }
    assert_eq!(
        sources(&archive, &Query::text("\"dẫn đầu khối thị xã\"")),
        [OWN[1].0]
    );
    assert!(sources(&archive, &Query::text("\"89,5 điểm\"")).is_empty());
}

#[test]
fn a_dropped_batch_leaves_the_db_consistent_and_the_next_run_completes() {
    let (_dir, db) = temp_db();
    let items = articles();
    let (first, rest) = items.split_at(2);
    {
        let mut archive = Archive::open(&db).unwrap();
        index(&mut archive, first);
        let mut batch = archive.batch().unwrap();
        for (a, h, d) in rest {
            batch
                .add(&Record::new(a, h).with_date(d.as_deref()))
                .unwrap();
        }
        // Interrupted here: the batch is dropped without commit.
    }
    let mut archive = Archive::open(&db).unwrap();
    assert_eq!(archive.len().unwrap(), first.len());
    for (a, h, _) in rest {
        assert!(!archive.is_current(&a.source, h).unwrap());
    }
    // Nothing of the lost batch is searchable, nor left as orphan facts.
    assert!(sources(&archive, &Query::text("\"dong ha\"")).is_empty());
    let (_out_dir, out) = temp_db();
    let report = export_csv(&db, &out).unwrap();
    assert_eq!(row_count(&report, "articles.csv"), first.len());

    index(&mut archive, &items);
    assert_eq!(archive.len().unwrap(), items.len());
    assert_eq!(
        sources(&archive, &Query::text("\"dong ha\"")),
        ["own/dong-ha.txt"]
    );
}

fn row_count(report: &[(String, usize)], file: &str) -> usize {
    report
        .iter()
        .find(|(f, _)| f == file)
        .map_or(usize::MAX, |(_, n)| *n)
}

fn read_csv(path: &Path) -> (String, usize) {
    let text = std::fs::read_to_string(path).expect("csv file");
    let mut lines = text.lines();
    let header = lines.next().unwrap_or("").to_string();
    (header, text.matches('\n').count() - 1)
}

#[test]
fn csv_export_from_db_and_from_jsonl_agree() {
    let items = articles();
    let (dir, db) = temp_db();
    {
        let mut archive = Archive::open(&db).unwrap();
        index(&mut archive, &items);
    }
    let places: usize = items.iter().map(|(a, _, _)| a.places.len()).sum();
    let officials: usize = items.iter().map(|(a, _, _)| a.officials.len()).sum();
    let mentions: usize = items
        .iter()
        .flat_map(|(a, _, _)| &a.officials)
        .map(|o| o.mentions.len())
        .sum();
    assert!(places > 0 && officials >= 3 && mentions >= officials);

    let from_db = dir.path().join("db-csv");
    let report = export_csv(&db, &from_db).unwrap();
    let jsonl = dir.path().join("articles.jsonl");
    let mut out = Vec::new();
    for (a, _, _) in &items {
        vnews::serialize::write_article(&mut out, a, false).unwrap();
    }
    std::fs::write(&jsonl, out).unwrap();
    let from_jsonl = dir.path().join("jsonl-csv");
    let report_jsonl = export_jsonl_csv(&jsonl, &from_jsonl).unwrap();

    let headers = [
        (
            "articles.csv",
            "article_id,source,article_key,source_url,title,date,content_hash",
            items.len(),
        ),
        (
            "officials.csv",
            "article_id,name,title,organization,mentions",
            officials,
        ),
        (
            "official_mentions.csv",
            "article_id,name,text,start,end",
            mentions,
        ),
        (
            "places.csv",
            "article_id,name,level,province,province_2025,start,end",
            places,
        ),
        (
            "dates.csv",
            "article_id,text,value,grain,inferred_year,start,end",
            items.iter().map(|(a, _, _)| a.dates.len()).sum(),
        ),
        (
            "scores.csv",
            "article_id,text,value,max,unit,change,metric,start,end",
            items.iter().map(|(a, _, _)| a.scores.len()).sum(),
        ),
        (
            "rankings.csv",
            "article_id,text,rank,total,change,tier,scope,start,end",
            items.iter().map(|(a, _, _)| a.rankings.len()).sum(),
        ),
        (
            "abbreviations.csv",
            "article_id,abbr,expansion,start,end",
            items.iter().map(|(a, _, _)| a.abbreviations.len()).sum(),
        ),
    ];
    assert_eq!(report.len(), headers.len());
    for (file, header, rows) in headers {
        for (dir, report) in [(&from_db, &report), (&from_jsonl, &report_jsonl)] {
            let (got_header, got_rows) = read_csv(&dir.join(file));
            assert_eq!(got_header, header, "{file}");
            assert_eq!(got_rows, rows, "{file} in {}", dir.display());
            assert_eq!(row_count(report, file), rows, "{file}");
        }
    }
    // The seed's district row carries its province before and after 2025.
    let places_csv = std::fs::read_to_string(from_db.join("places.csv")).unwrap();
    assert!(
        places_csv.contains(",Nông Sơn,huyện,Quảng Nam,Đà Nẵng,"),
        "{places_csv}"
    );
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(&bad, "{\"id\": 1}\n").unwrap();
    assert!(export_jsonl_csv(&bad, &dir.path().join("bad-csv")).is_err());
}

/// Articles in `db`, read without taking part in any write (0 before the schema exists).
fn stored_count(db: &Path) -> usize {
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY;
    rusqlite::Connection::open_with_flags(db, flags)
        .and_then(|c| c.query_row("SELECT count(*) FROM articles", [], |r| r.get::<_, i64>(0)))
        .map_or(0, |n| n as usize)
}

#[test]
fn a_killed_index_run_keeps_whole_batches_and_the_next_run_completes() {
    const RECORDS: usize = 300;
    const BATCH: usize = 25;
    let dir = tempfile::tempdir().unwrap();
    let seed = std::fs::read_to_string(repo().join(SEED)).unwrap();
    let mut jsonl = String::new();
    for i in 0..RECORDS {
        let text = format!("Tin số {i}\n\n{seed}");
        let record = serde_json::json!({"id": format!("r{i}"), "text": text, "date": "2022-09-14"});
        jsonl.push_str(&record.to_string());
        jsonl.push('\n');
    }
    let input = dir.path().join("many.jsonl");
    std::fs::write(&input, jsonl).unwrap();
    let db = dir.path().join("archive.db");
    let index = || {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_vnews"));
        cmd.arg("index").arg("--db").arg(&db).arg(&input).args([
            "--jsonl",
            "--batch",
            &BATCH.to_string(),
            "--jobs",
            "1",
        ]);
        cmd
    };

    let mut child = index().stderr(std::process::Stdio::null()).spawn().unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while stored_count(&db) < BATCH
        && child.try_wait().unwrap().is_none()
        && std::time::Instant::now() < deadline
    {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().ok();
    child.wait().unwrap();

    let stored = stored_count(&db);
    assert!(stored >= BATCH, "a batch was committed before the kill");
    assert_eq!(stored % BATCH, 0, "only whole batches are stored");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    conn.execute(
        "INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')",
        [],
    )
    .unwrap();
    let orphans: i64 = conn
        .query_row(
            "SELECT count(*) FROM places WHERE article_id NOT IN (SELECT id FROM articles)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphans, 0);
    drop(conn);

    let out = index().output().unwrap();
    assert!(out.status.success());
    let summary = String::from_utf8_lossy(&out.stderr);
    let want = format!(
        "{} added, 0 replaced, {stored} unchanged, 0 errors",
        RECORDS - stored
    );
    assert!(summary.contains(&want), "{summary}");
    assert_eq!(stored_count(&db), RECORDS);

    // The archive answers through the CLI too.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vnews"))
        .arg("search")
        .arg("--db")
        .arg(&db)
        .args([
            "\"nguyễn văn hoà\"",
            "--json",
            "-n",
            "3",
            "--from",
            "2022-09",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let hits: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(hits.len(), 3);
    assert_eq!(hits[0]["date"], "2022-09-14");
    assert!(hits[0]["source"].as_str().unwrap().contains("many.jsonl#r"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vnews"))
        .arg("search")
        .arg("--db")
        .arg(&db)
        .args(["\"nguyen van hoa\"", "--to", "2021"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "no hits");
}
