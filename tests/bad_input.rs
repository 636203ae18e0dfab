//! Nothing lost, nothing crashes: bad files, faults, limits and closed outputs.
//!
//! Every input gives exactly one record, in input order: an article or an error
//! record `{"id", "source", "error": {"kind", "message"}}`; the summary on stderr
//! counts both and the exit code says whether anything failed.

use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};
use std::sync::LazyLock;
use std::time::Duration;

use assert_cmd::cargo::CommandCargoExt;
use assert_cmd::Command;
use serde_json::Value;
use vnews::batch::{self, Source};
use vnews::{Config, ErrorKind, Pipeline};

/// A short district report of our own with a date, a score, a ranking and an official.
const ARTICLE: &str = "Huyện Quế Sơn công bố Chỉ số cải cách hành chính năm 2023\n\
\n\
Ngày 15/3/2024, UBND huyện Quế Sơn tổ chức hội nghị công bố kết quả Chỉ số cải cách hành chính năm 2023 của các xã, thị trấn.\n\
\n\
Theo đó, xã Quế Xuân 1 đạt 86,45/100 điểm, xếp thứ 2/13 đơn vị, tăng 3 bậc so với năm 2022.\n\
\n\
Phát biểu tại hội nghị, ông Trần Văn Minh, Phó Chủ tịch UBND huyện, đề nghị các xã khắc phục hạn chế trước ngày 30/6/2024.\n";

/// Every output line, article or error record, must match the published schema.
static SCHEMA: LazyLock<jsonschema::Validator> = LazyLock::new(|| {
    let schema: Value = serde_json::from_str(include_str!("../schema/article.schema.json"))
        .expect("the schema is JSON");
    jsonschema::validator_for(&schema).expect("the schema compiles")
});

/// Fails with the schema's complaints, if any.
fn assert_schema(record: &Value) {
    let errors: Vec<String> = SCHEMA.iter_errors(record).map(|e| e.to_string()).collect();
    assert!(
        errors.is_empty(),
        "{errors:?} in {:.500}",
        record.to_string()
    );
}

fn vnews() -> Command {
    Command::cargo_bin("vnews").expect("binary built")
}

/// What one run of `vnews extract` gave back.
struct Run {
    code: Option<i32>,
    records: Vec<Value>,
    stderr: String,
}

impl Run {
    fn ids(&self) -> Vec<&str> {
        self.records
            .iter()
            .map(|r| r["id"].as_str().expect("every record has an id"))
            .collect()
    }

    /// The error kind of each record, "" for an article.
    fn kinds(&self) -> Vec<&str> {
        self.records
            .iter()
            .map(|r| r["error"]["kind"].as_str().unwrap_or(""))
            .collect()
    }
}

fn extract(args: &[&str], paths: &[&Path], stdin: Option<Vec<u8>>) -> Run {
    let mut cmd = vnews();
    cmd.arg("extract").args(args).args(paths);
    if let Some(input) = stdin {
        cmd.write_stdin(input);
    }
    let out = cmd.timeout(Duration::from_secs(120)).output().unwrap();
    let records: Vec<Value> = String::from_utf8(out.stdout)
        .expect("output is UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("every line is JSON"))
        .collect();
    records.iter().for_each(assert_schema);
    Run {
        code: out.status.code(),
        records,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, bytes).unwrap();
    path
}

fn pipeline() -> Pipeline {
    Pipeline::new(Config::default())
}

/// The facts of an article without offsets, which move when line ends or bad bytes change.
fn facts(record: &Value) -> Value {
    let strip = |list: &Value| -> Value {
        let mut list = list.clone();
        if let Some(items) = list.as_array_mut() {
            for item in items {
                if let Some(map) = item.as_object_mut() {
                    map.remove("start");
                    map.remove("end");
                    if let Some(mentions) = map.get_mut("mentions").and_then(Value::as_array_mut) {
                        for m in mentions.iter_mut().filter_map(Value::as_object_mut) {
                            m.remove("start");
                            m.remove("end");
                        }
                    }
                }
            }
        }
        list
    };
    serde_json::json!({
        "title": record["title"],
        "dates": strip(&record["dates"]),
        "officials": strip(&record["officials"]),
        "scores": strip(&record["scores"]),
        "rankings": strip(&record["rankings"]),
        "abbreviations": strip(&record["abbreviations"]),
    })
}

#[test]
fn empty_and_blank_files_are_empty_records_in_place() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", ARTICLE);
    write(dir.path(), "b.txt", b"");
    write(dir.path(), "c.txt", " \n\t\r\n  \n");
    write(dir.path(), "d.txt", "\u{a0}\u{3000} \u{2003}\n");
    write(dir.path(), "e.txt", b"\xEF\xBB\xBF\n\n");
    write(dir.path(), "f.txt", "\u{200B}\u{FEFF}\n\u{2060} \u{200D}\n");
    write(dir.path(), "g.txt", ARTICLE);
    let run = extract(&[], &[dir.path()], None);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(run.ids(), ["a", "b", "c", "d", "e", "f", "g"]);
    assert_eq!(
        run.kinds(),
        ["", "empty", "empty", "empty", "empty", "empty", ""]
    );
    for r in &run.records[1..6] {
        assert!(r["source"].as_str().unwrap().ends_with(".txt"));
        assert!(!r["error"]["message"].as_str().unwrap().is_empty());
    }
    assert!(
        run.stderr.contains("2 articles, 5 errors"),
        "{}",
        run.stderr
    );
}

#[test]
fn blank_stdin_and_blank_jsonl_text_are_empty() {
    let run = extract(&["-"], &[], Some(b" \r\n\t ".to_vec()));
    assert_eq!(run.code, Some(1));
    assert_eq!(run.kinds(), ["empty"]);
    let input = "{\"id\":\"x\",\"text\":\"  \\n\\t \"}\n{\"id\":\"y\",\"text\":\"\"}\n\
                 {\"id\":\"z\",\"text\":\"\\u200b\\n\\ufeff\"}\n";
    let run = extract(&["--jsonl", "-"], &[], Some(input.into()));
    assert_eq!(run.ids(), ["x", "y", "z"]);
    assert_eq!(run.kinds(), ["empty", "empty", "empty"]);
}

#[test]
fn missing_and_unreadable_paths_are_io_records() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", ARTICLE);
    std::os::unix::fs::symlink(dir.path().join("gone.txt"), dir.path().join("b.txt")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("c.txt"), dir.path().join("c.txt")).unwrap();
    // The kernel refuses to read page 0 of a process's memory, even to root.
    std::os::unix::fs::symlink("/proc/self/mem", dir.path().join("d.txt")).unwrap();
    write(dir.path(), "e.txt", ARTICLE);
    let missing = dir.path().join("nowhere.txt");
    let run = extract(&[], &[dir.path(), &missing], None);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(run.ids(), ["a", "b", "c", "d", "e", "nowhere"]);
    assert_eq!(run.kinds(), ["", "io", "io", "io", "", "io"]);
    assert!(
        run.stderr.contains("2 articles, 4 errors"),
        "{}",
        run.stderr
    );
}

#[test]
fn symlink_loops_are_walked_once() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("sub");
    fs::create_dir(&sub).unwrap();
    write(dir.path(), "a.txt", ARTICLE);
    write(&sub, "b.txt", ARTICLE);
    std::os::unix::fs::symlink("..", sub.join("up")).unwrap();
    std::os::unix::fs::symlink(&sub, sub.join("me")).unwrap();
    let run = extract(&[], &[dir.path()], None);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.ids(), ["a", "b"]);
}

#[test]
fn a_file_removed_after_listing_is_an_io_record() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["a.txt", "b.txt", "c.txt"] {
        write(dir.path(), name, ARTICLE);
    }
    let sources = batch::list_paths(&[dir.path().to_path_buf()], &["txt"]);
    assert_eq!(sources.len(), 3);
    fs::remove_file(dir.path().join("b.txt")).unwrap();
    let mut seen = Vec::new();
    batch::run(&pipeline(), sources, 2, batch::DEFAULT_MAX_BYTES, |o| {
        seen.push((o.id, o.result.map_err(|e| e.kind).err()));
        Ok(())
    })
    .unwrap();
    assert_eq!(
        seen,
        [
            ("a".to_string(), None),
            ("b".to_string(), Some(ErrorKind::Io)),
            ("c".to_string(), None),
        ]
    );
}

#[test]
fn oversized_files_are_refused_without_reading_them_whole() {
    let dir = tempfile::tempdir().unwrap();
    // 100 MB of Vietnamese words and no line end at all.
    let unit = "Ủy ban nhân dân huyện xếp thứ 2/13 đạt 86,45 điểm ";
    let repeats = 100_000_000 / unit.len() + 1;
    let big = write(dir.path(), "big.txt", unit.repeat(repeats));
    write(dir.path(), "small.txt", ARTICLE);
    let run = extract(&[], &[&big, &dir.path().join("small.txt")], None);
    assert_eq!(run.ids(), ["big", "small"]);
    assert_eq!(run.kinds(), ["too_large", ""]);
    let run = extract(
        &["--max-bytes", "1000"],
        &[&big, &dir.path().join("small.txt")],
        None,
    );
    assert_eq!(run.kinds(), ["too_large", ""]);
    assert!(run.records[0]["error"]["message"]
        .as_str()
        .unwrap()
        .contains("1000"));
    let run = extract(
        &["--max-bytes", "100"],
        &[&dir.path().join("small.txt")],
        None,
    );
    assert_eq!(run.kinds(), ["too_large"]);
    // Stdin has no size to check first: it is read up to the limit, then refused.
    let run = extract(&["--max-bytes", "100", "-"], &[], Some(ARTICLE.into()));
    assert_eq!(run.kinds(), ["too_large"]);
    let limit = ARTICLE.len().to_string();
    let run = extract(&["--max-bytes", &limit, "-"], &[], Some(ARTICLE.into()));
    assert_eq!(run.kinds(), [""], "exactly the limit is allowed");
}

#[test]
fn a_long_line_without_line_end_is_one_article() {
    let unit = "ngày 15/3/2024 xã Quế Xuân đạt 86,45/100 điểm, xếp thứ 2/13, ông Trần Văn Minh, CT UBND huyện; ";
    let units = 2_000_000 / unit.len();
    let text = unit.repeat(units);
    let article = pipeline()
        .process_bytes("long", "long.txt", text.as_bytes(), None)
        .expect("one long line is still an article");
    assert_eq!(article.title.len(), text.trim().len());
    // Long sentences are cut at clause ends, so no fact is split and lost.
    assert_eq!(article.scores.len(), units);
    assert_eq!(article.rankings.len(), units);
}

#[test]
fn ten_thousand_tiny_files_give_ten_thousand_records_in_order() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..10_000 {
        let text = if i % 1000 == 999 {
            String::new()
        } else {
            format!(
                "Tin số {i}\n\nNgày {}/3/2024, xã xếp thứ {}/13.\n",
                i % 28 + 1,
                i % 13 + 1
            )
        };
        write(dir.path(), &format!("t{i:05}.txt"), text);
    }
    let run = extract(&["--no-text"], &[dir.path()], None);
    assert_eq!(run.code, Some(1));
    assert_eq!(run.records.len(), 10_000);
    for (i, record) in run.records.iter().enumerate() {
        assert_eq!(record["id"], format!("t{i:05}"));
        assert_eq!(record.get("error").is_some(), i % 1000 == 999, "{record}");
    }
    assert!(
        run.stderr.contains("9990 articles, 10 errors"),
        "{}",
        run.stderr
    );
}

#[test]
fn jsonl_bad_lines_become_record_errors_in_place() {
    let big = format!(
        "Tin dài\n\n{}",
        ARTICLE.repeat(5_000_000 / ARTICLE.len() + 1)
    );
    let lines = [
        serde_json::json!({"id": "good1", "text": ARTICLE}).to_string(),
        "{\"id\": \"broken\", \"text\": \"Ngày 15/3".to_string(),
        String::new(),
        serde_json::json!({"id": "notext", "date": "2024-03-20"}).to_string(),
        serde_json::json!({"id": "number", "text": 2024}).to_string(),
        serde_json::json!({"id": "list", "text": ["Ngày 15/3/2024"]}).to_string(),
        serde_json::json!({"id": "baddate", "text": ARTICLE, "date": "15/3/2024"}).to_string(),
        serde_json::json!({"id": "big", "text": big}).to_string(),
        "[1, 2, 3]".to_string(),
        serde_json::json!({"id": "good2", "text": ARTICLE}).to_string(),
    ];
    let input = lines.join("\n");
    assert!(lines[7].len() > 5_000_000);
    let run = extract(&["--jsonl", "--no-text", "-"], &[], Some(input.into()));
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(
        run.ids(),
        ["good1", "line2", "notext", "number", "list", "baddate", "big", "line9", "good2"]
    );
    assert_eq!(
        run.kinds(),
        ["", "record", "record", "record", "record", "record", "", "record", ""]
    );
    assert!(run.records[2]["error"]["message"]
        .as_str()
        .unwrap()
        .contains("text"));
    assert_eq!(run.records[1]["source"], "-:2");
    assert_eq!(facts(&run.records[0]), facts(&run.records[8]));
    assert!(
        run.stderr.contains("3 articles, 6 errors"),
        "{}",
        run.stderr
    );
    let run = extract(
        &["--jsonl", "--max-bytes", "1000000", "-"],
        &[],
        Some(lines[7].clone().into()),
    );
    assert_eq!(run.kinds(), ["too_large"]);
    assert_eq!(run.ids(), ["line1"]);
}

#[test]
fn jsonl_lines_end_in_lf_or_crlf_and_a_folder_is_one_io_record() {
    let record = serde_json::json!({"id": "a", "text": ARTICLE}).to_string();
    let input = format!("{record}\r\n\r\n{}\r\n", record.replace("\"a\"", "\"b\""));
    let run = extract(&["--jsonl", "-"], &[], Some(input.into()));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.ids(), ["a", "b"]);
    let dir = tempfile::tempdir().unwrap();
    let run = extract(&["--jsonl"], &[dir.path()], None);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(run.kinds(), ["io"]);
}

#[test]
fn a_thousand_combining_marks_on_one_letter_are_kept() {
    let mut text = String::from("Ngày 15/3/2024, xã Quế Xuân xếp thứ 2/13.\n\nTha");
    for i in 0..1000 {
        // Alternate marks of different combining classes so reordering has work to do.
        text.push(if i % 2 == 0 { '\u{0301}' } else { '\u{0323}' });
    }
    text.push_str("nh tra.\n");
    let article = pipeline()
        .process_bytes("marks", "marks.txt", text.as_bytes(), None)
        .expect("marks are text");
    let normalized = article.text.unwrap();
    assert!(normalized.starts_with("Ngày 15/3/2024"), "{normalized}");
    assert!(normalized.contains("nh tra."), "{normalized}");
    // Composition may fold a mark or two into the letter, not drop the rest.
    assert!(normalized.chars().count() > 1000);
}

#[test]
fn adversarial_articles_give_valid_records() {
    let cases = [
        ("digits", "9".repeat(100_000)),
        ("thu", "thứ ".repeat(25_000)),
        ("slashes", "/".repeat(50_000)),
        ("dates", "ngày 1/".repeat(20_000)),
        ("scores", "đạt 9,9/".repeat(20_000)),
        ("ranks", "xếp thứ 1/2/".repeat(10_000)),
        ("dots", "TP. ".repeat(25_000)),
        ("caps", "UBND ".repeat(20_000)),
        ("names", "ông Nguyễn ".repeat(10_000)),
        ("commas", "1,".repeat(50_000)),
        ("blob", "QmFzZTY0/+Zm9v".repeat(15_000)),
        ("capitals", "Nguyễn Văn Trần Thị ".repeat(10_000)),
        (
            "titles",
            "Chủ tịch UBND huyện Phó Giám đốc Sở ".repeat(5_000),
        ),
        ("brackets", "(".repeat(50_000)),
        ("dashes", "- ".repeat(50_000)),
    ];
    for (name, text) in cases {
        let text = format!("{name}\n\n{text}\n");
        // How long each takes is measured in benches/pipeline.rs ("adversarial").
        let article = pipeline()
            .process_bytes(name, name, text.as_bytes(), None)
            .expect("adversarial text is still text");
        assert_schema(&serde_json::to_value(&article).unwrap());
        assert_eq!(article.title, name);
    }
}

#[test]
fn the_window_bounds_inputs_in_flight() {
    let pulled = std::cell::Cell::new(0usize);
    let sources = (0..200).map(|i| {
        pulled.set(pulled.get() + 1);
        Source::Record {
            id: format!("r{i}"),
            source: "mem".into(),
            text: format!("Tin {i}\n\nNgày 15/3/2024, xã xếp thứ 2/13."),
            date: None,
        }
    });
    let mut delivered = 0usize;
    let mut most_in_flight = 0usize;
    batch::run(&pipeline(), sources, 16, batch::DEFAULT_MAX_BYTES, |o| {
        assert_eq!(o.id, format!("r{delivered}"));
        delivered += 1;
        most_in_flight = most_in_flight.max(pulled.get() - delivered + 1);
        Ok(())
    })
    .unwrap();
    assert_eq!(delivered, 200);
    assert!(most_in_flight <= 16, "{most_in_flight} inputs in flight");
}

#[test]
fn one_bad_file_does_not_change_the_other_records() {
    let clean = tempfile::tempdir().unwrap();
    let faulty = tempfile::tempdir().unwrap();
    let mut names = Vec::new();
    for entry in fs::read_dir("corpus").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            let name = path.file_name().unwrap().to_owned();
            fs::copy(&path, clean.path().join(&name)).unwrap();
            fs::copy(&path, faulty.path().join(&name)).unwrap();
            names.push(name);
        }
    }
    assert!(names.len() >= 10);
    write(faulty.path(), "000_aaa_empty.txt", b"");
    write(faulty.path(), "005_zzz_blank.txt", " \n\n ");
    std::os::unix::fs::symlink("/nowhere", faulty.path().join("009_zzz_dangling.txt")).unwrap();
    let a = extract(&["--jobs", "2", "--window", "4"], &[clean.path()], None);
    let b = extract(&["--jobs", "2", "--window", "3"], &[faulty.path()], None);
    assert_eq!(a.code, Some(0), "{}", a.stderr);
    assert_eq!(b.code, Some(1));
    assert_eq!(b.records.len(), a.records.len() + 3);
    let good: Vec<&Value> = b
        .records
        .iter()
        .filter(|r| r.get("error").is_none())
        .collect();
    assert_eq!(good.len(), a.records.len());
    for (x, y) in a.records.iter().zip(good) {
        let mut x = x.clone();
        let mut y = y.clone();
        // Paths differ between the two folders; everything else must not.
        x["source"] = Value::Null;
        y["source"] = Value::Null;
        assert_eq!(x, y);
    }
}

/// A folder of `n` copies of the article, big enough to keep a run busy.
fn busy_corpus(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let body = ARTICLE.repeat(20);
    for i in 0..n {
        write(dir.path(), &format!("a{i:05}.txt"), &body);
    }
    dir
}

#[test]
fn a_killed_run_leaves_the_old_output_file() {
    let corpus = busy_corpus(4000);
    let out_dir = tempfile::tempdir().unwrap();
    let target = out_dir.path().join("out.jsonl");
    fs::write(&target, "old\n").unwrap();
    let mut child = StdCommand::cargo_bin("vnews")
        .unwrap()
        .args(["extract", "--jobs", "1", "--window", "8", "-o"])
        .arg(&target)
        .arg(corpus.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the run is writing its temporary file, then kill it.
    let temp = loop {
        let temp = fs::read_dir(out_dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p != &target && fs::metadata(p).is_ok_and(|m| m.len() > 0));
        if let Some(temp) = temp {
            break temp;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run ended too soon"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(
        child.try_wait().unwrap().is_none(),
        "the run must still be going"
    );
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(fs::read_to_string(&target).unwrap(), "old\n");
    assert!(temp
        .file_name()
        .unwrap()
        .to_string_lossy()
        .ends_with(".tmp"));

    // A run that ends replaces the old content whole.
    let small = busy_corpus(3);
    vnews()
        .args(["extract", "-o"])
        .arg(&target)
        .arg(small.path())
        .assert()
        .success();
    assert_eq!(fs::read_to_string(&target).unwrap().lines().count(), 3);
}

#[test]
fn a_closed_output_pipe_ends_the_run_quietly() {
    let corpus = busy_corpus(600);
    let mut child = StdCommand::cargo_bin("vnews")
        .unwrap()
        .args(["extract", "--window", "8"])
        .arg(corpus.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    assert!(first.starts_with("{\"id\":\"a00000\""), "{first}");
    drop(stdout);
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(status.code(), Some(0), "{stderr}");
}

mod jsonl_properties {
    use proptest::prelude::*;
    use vnews::batch::{self, Source};

    /// Lines that are often nearly records: fields, wrong types, cut JSON, raw bytes.
    fn jsonl_line() -> impl Strategy<Value = Vec<u8>> {
        let value = prop_oneof![
            Just("\"Ngày 15/3/2024, xã xếp thứ 2/13.\"".to_string()),
            Just("\"\"".to_string()),
            Just("null".to_string()),
            Just("17".to_string()),
            Just("[\"a\"]".to_string()),
            Just("{\"text\":1}".to_string()),
            Just("\"2024-03-20\"".to_string()),
            Just("\"2024-02-30\"".to_string()),
            "\"[^\"\\\\\\n]{0,12}\"",
        ];
        let field = (
            prop_oneof![Just("id"), Just("text"), Just("date"), Just("x")],
            value,
        )
            .prop_map(|(k, v)| format!("\"{k}\":{v}"));
        let record =
            prop::collection::vec(field, 0..4).prop_map(|f| format!("{{{}}}", f.join(",")));
        prop_oneof![
            record.clone().prop_map(String::into_bytes),
            (record, any::<prop::sample::Index>()).prop_map(|(r, cut)| {
                let mut bytes = r.into_bytes();
                bytes.truncate(cut.index(bytes.len() + 1));
                bytes
            }),
            prop::collection::vec(any::<u8>().prop_filter("one line", |b| *b != b'\n'), 0..64),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn every_line_gives_one_record_or_one_error(lines in prop::collection::vec(jsonl_line(), 0..12)) {
            let input = lines.join(&b'\n');
            let sources: Vec<Source> = batch::jsonl_records(input.as_slice(), "p.jsonl", 1 << 20).collect();
            let numbered: Vec<(usize, &Vec<u8>)> = lines
                .iter()
                .enumerate()
                .filter(|(_, l)| !l.iter().all(u8::is_ascii_whitespace))
                .map(|(i, l)| (i + 1, l))
                .collect();
            prop_assert_eq!(sources.len(), numbered.len());
            for (source, (line_no, line)) in sources.iter().zip(numbered) {
                let parsed: Option<serde_json::Value> = serde_json::from_slice(line).ok();
                let text = parsed.as_ref().and_then(|v| v.get("text")).and_then(|t| t.as_str());
                match source {
                    Source::Record { text: read, source, .. } => {
                        prop_assert_eq!(Some(read.as_str()), text);
                        prop_assert_eq!(source, &format!("p.jsonl:{line_no}"));
                    }
                    Source::Failed { error, .. } => {
                        prop_assert!(!error.message.is_empty());
                        prop_assert_eq!(&error.source_name, &format!("p.jsonl:{line_no}"));
                    }
                    other => prop_assert!(false, "unexpected {:?}", other),
                }
            }
        }
    }
}

#[test]
fn an_output_that_cannot_be_written_exits_2_without_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", ARTICLE);
    let full = fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = StdCommand::cargo_bin("vnews")
        .unwrap()
        .arg("extract")
        .arg(dir.path())
        .stdout(full)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let out = vnews()
        .args(["extract", "-o"])
        .arg(dir.path().join("no/such/dir/out.jsonl"))
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("out.jsonl"));
}

#[test]
fn a_fifo_in_a_folder_is_an_io_record_not_a_hang() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", ARTICLE);
    let status = StdCommand::new("mkfifo")
        .arg(dir.path().join("b.txt"))
        .status()
        .unwrap();
    assert!(status.success());
    write(dir.path(), "c.txt", ARTICLE);
    let run = extract(&[], &[dir.path()], None);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(run.ids(), ["a", "b", "c"]);
    assert_eq!(run.kinds(), ["", "io", ""]);
}
#[test]
fn the_test_article_has_facts_to_compare() {
    let record = article_record(ARTICLE.as_bytes());
    let total: usize = ["dates", "officials", "scores", "rankings", "abbreviations"]
        .iter()
        .map(|k| record[k].as_array().map_or(0, Vec::len))
        .sum();
    assert!(total > 0, "comparisons below need facts: {record}");
}

#[test]
fn crlf_and_lone_cr_give_the_same_facts_as_lf() {
    let lf = article_record(ARTICLE.as_bytes());
    let crlf = article_record(ARTICLE.replace('\n', "\r\n").as_bytes());
    let cr = article_record(ARTICLE.replace('\n', "\r").as_bytes());
    assert_eq!(facts(&crlf), facts(&lf));
    assert_eq!(facts(&cr), facts(&lf));
}

fn article_record(text: &[u8]) -> Value {
    let article = pipeline()
        .process_bytes("a", "a.txt", text, None)
        .expect("the article is read");
    let record = serde_json::to_value(article).unwrap();
    assert_schema(&record);
    record
}

#[test]
fn a_png_renamed_txt_is_not_text() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", ARTICLE);
    fs::copy("tests/fixtures/bad/pixel.txt", dir.path().join("b.txt")).unwrap();
    write(dir.path(), "c.txt", ARTICLE);
    let run = extract(&["--no-text"], &[dir.path()], None);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(run.ids(), ["a", "b", "c"]);
    assert_eq!(run.kinds(), ["", "not_text", ""]);
    assert!(
        run.stderr.contains("2 articles, 1 errors"),
        "{}",
        run.stderr
    );
    // Named as a web page it is still an image.
    fs::rename(dir.path().join("b.txt"), dir.path().join("b.html")).unwrap();
    let run = extract(&["--no-text"], &[dir.path()], None);
    assert_eq!(run.ids(), ["a", "b", "c"]);
    assert_eq!(run.kinds(), ["", "not_text", ""]);
}

#[test]
fn nul_bytes_inside_vietnamese_text_are_not_text() {
    let (head, tail) = ARTICLE.split_at(ARTICLE.find("Theo đó").unwrap());
    for nuls in ["\0", "\0\0\0\0"] {
        let bytes = format!("{head}{nuls}{tail}");
        let error = pipeline()
            .process_bytes("nul", "nul.txt", bytes.as_bytes(), None)
            .expect_err("NUL bytes mean binary");
        assert_eq!(error.kind, ErrorKind::NotText, "{error}");
    }
    // A NUL that arrives already decoded (a JSONL string) is text, not a crash.
    let article = pipeline().process_text("nul", "nul", &format!("{head}\0{tail}"));
    assert_eq!(article.title, ARTICLE.lines().next().unwrap());
}

#[test]
fn invalid_utf8_inside_a_good_article_is_read_with_a_warning() {
    let clean = article_record(ARTICLE.as_bytes());
    let marked = ARTICLE
        .replace("thị trấn", "thị tr\u{1}ấn")
        .replace("Theo đó", "\u{2}Theo đó");
    let bytes: Vec<u8> = marked
        .bytes()
        .flat_map(|b| match b {
            1 => b"\xFF\xFE".to_vec(),
            2 => b"\xC3\n\n".to_vec(),
            b => vec![b],
        })
        .collect();
    assert!(std::str::from_utf8(&bytes).is_err());
    let record = article_record(&bytes);
    assert_eq!(record["normalization"]["encoding"], "utf-8", "{record}");
    assert!(
        !record["warnings"].as_array().unwrap().is_empty(),
        "{record}"
    );
    assert_eq!(facts(&record), facts(&clean));
}

#[test]
fn utf16_with_and_without_bom_reads_like_utf8() {
    let utf8 = article_record(ARTICLE.as_bytes());
    let le: Vec<u8> = ARTICLE.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = ARTICLE.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let cases = [
        ("le+bom", [&[0xFF, 0xFE][..], &le].concat()),
        ("be+bom", [&[0xFE, 0xFF][..], &be].concat()),
        ("le", le.clone()),
        ("be", be.clone()),
    ];
    for (name, bytes) in cases {
        let record = article_record(&bytes);
        assert_eq!(record["text"], utf8["text"], "{name}");
        assert_eq!(facts(&record), facts(&utf8), "{name}");
        assert!(
            record["normalization"]["encoding"]
                .as_str()
                .unwrap()
                .starts_with("utf-16"),
            "{name}: {}",
            record["normalization"]["encoding"]
        );
    }
}

#[test]
fn an_endless_sentence_is_cut_into_bounded_pieces_at_clause_ends() {
    let unit = "xã Quế Xuân đạt 86,45/100 điểm; ";
    let para = unit.repeat(400);
    let text = format!("Tiêu đề\n\n{para}\n\nCâu cuối cùng.\n");
    let segments = vnews::segment::segment(&text);
    let body = &segments.paragraphs[1];
    let inside: Vec<_> = segments
        .sentences
        .iter()
        .filter(|s| s.start >= body.start && s.end <= body.end)
        .collect();
    assert!(inside.len() > 1, "{} sentences", inside.len());
    let mut last_end = body.start;
    for s in &inside {
        assert!(s.len() <= 2000, "a piece of {} bytes", s.len());
        assert!(s.start >= last_end);
        last_end = s.end;
        let piece = &text[(*s).clone()];
        assert!(piece.starts_with("xã Quế Xuân"), "{piece:?}");
        assert!(piece.ends_with("điểm;"), "{piece:?}");
    }
    assert_eq!(last_end, body.end);
    assert_eq!(
        &text[segments.sentences.last().unwrap().clone()],
        "Câu cuối cùng."
    );
    // A piece with no space at all is still cut, at a character boundary.
    let word = "đ".repeat(5000);
    let segments = vnews::segment::segment(&word);
    assert!(segments.sentences.len() >= 5);
    assert!(segments.sentences.iter().all(|s| s.len() <= 2000));
}

#[test]
fn numbers_too_long_for_a_float_give_no_score() {
    let huge = "9".repeat(400);
    let text = format!(
        "Kết quả\n\nXã Quế Xuân đạt {huge} điểm, tỷ lệ hài lòng {huge}%. Xã Quế Phú đạt 86,45/100 điểm.\n"
    );
    let record = article_record(text.as_bytes());
    let scores = record["scores"].as_array().unwrap();
    assert!(scores.iter().all(|s| s["value"].is_number()), "{scores:?}");
    assert!(scores.iter().any(|s| s["value"] == 86.45), "{scores:?}");
    assert!(
        scores
            .iter()
            .all(|s| !s["text"].as_str().unwrap().contains("999")),
        "{scores:?}"
    );
}

#[test]
fn noise_no_encoding_reads_is_decode_and_compressed_data_is_not_text() {
    // High bytes from a fixed linear congruential sequence, a space every fifth byte.
    let mut state: u32 = 7;
    let noise: Vec<u8> = (0..3000)
        .map(|i| {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            if i % 5 == 0 {
                b' '
            } else {
                0x80 | (state >> 24) as u8
            }
        })
        .collect();
    let error = pipeline()
        .process_bytes("noise", "noise.txt", &noise, None)
        .expect_err("noise is no article");
    assert_eq!(error.kind, ErrorKind::Decode, "{error}");
    // A gzip stream (magic, method, flags, mtime...) carries NUL bytes.
    let gzip = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff\xf3K\xcf";
    let error = pipeline()
        .process_bytes("gz", "gz.txt", gzip, None)
        .expect_err("compressed data is binary");
    assert_eq!(error.kind, ErrorKind::NotText, "{error}");
}

#[test]
fn an_endless_device_is_read_no_further_than_the_limit() {
    // /dev/zero has no size to check and never ends: only the limit stops it.
    let zero = Path::new("/dev/zero");
    let run = extract(&["--max-bytes", "5000000"], &[zero], None);
    assert_eq!(run.ids(), ["zero"]);
    assert_eq!(run.kinds(), ["too_large"]);
    let dir = tempfile::tempdir().unwrap();
    let out = vnews()
        .args(["index", "--max-bytes", "5000000", "--db"])
        .arg(dir.path().join("archive.sqlite"))
        .arg(zero)
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.code().is_some(), "killed: {stderr}");
    assert!(stderr.contains("too_large"), "{stderr}");
    assert!(stderr.contains("larger than 5000000 bytes"), "{stderr}");
}
