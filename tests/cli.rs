//! The `vnews` binary end to end: inputs, error records, exit codes, determinism.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

const SEED: &str = "corpus/000_61edd261ad8c1a0f.txt";

fn vnews() -> Command {
    Command::cargo_bin("vnews").expect("binary built")
}

fn lines(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("every line is JSON"))
        .collect()
}

#[test]
fn directory_input_gives_one_line_per_article_in_order() {
    let out = vnews()
        .args(["extract", "corpus/", "--no-text"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let records = lines(&out.stdout);
    let mut expected: Vec<String> = fs::read_dir("corpus")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    expected.sort();
    let ids: Vec<&str> = records.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, expected);
    assert!(records.iter().all(|r| r.get("text").is_none()));
}

#[test]
fn stdin_is_read_with_dash() {
    let text = fs::read(SEED).unwrap();
    let out = vnews()
        .args(["extract", "-"])
        .write_stdin(text)
        .output()
        .unwrap();
    assert!(out.status.success());
    let records = lines(&out.stdout);
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["id"], "stdin");
    assert!(records[0]["title"]
        .as_str()
        .unwrap()
        .starts_with("Nông Sơn tổ chức"));
}

#[test]
fn jsonl_records_keep_their_ids_and_dates() {
    let input = concat!(
        "{\"id\":\"a1\",\"text\":\"Họp báo\\n\\nNgày 14/9, UBND tỉnh họp báo.\",\"date\":\"2023-10-01\"}\n",
        "{\"id\":\"a2\",\"text\":17}\n",
    );
    let out = vnews()
        .args(["extract", "--jsonl", "-"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "one record failed");
    let records = lines(&out.stdout);
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["id"], "a1");
    assert_eq!(records[0]["dates"][0]["value"], "2023-09-14");
    assert_eq!(records[1]["id"], "a2");
    assert_eq!(records[1]["error"]["kind"], "record");
}

#[test]
fn bad_inputs_become_error_records_and_the_rest_is_written() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(SEED, dir.path().join("a_good.txt")).unwrap();
    fs::write(dir.path().join("b_empty.txt"), b"").unwrap();
    fs::write(
        dir.path().join("c_binary.txt"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10",
    )
    .unwrap();
    fs::copy(SEED, dir.path().join("d_good.txt")).unwrap();
    let out = vnews().arg("extract").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let records = lines(&out.stdout);
    let ids: Vec<&str> = records.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["a_good", "b_empty", "c_binary", "d_good"]);
    assert_eq!(records[1]["error"]["kind"], "empty");
    assert_eq!(records[2]["error"]["kind"], "not_text");
    assert_eq!(records[0]["scores"], records[3]["scores"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("2 articles, 2 errors"), "{stderr}");
}

#[test]
fn one_thread_and_two_threads_write_the_same_bytes() {
    let one = vnews()
        .args(["extract", "corpus/", "--jobs", "1", "--window", "3"])
        .output()
        .unwrap();
    let two = vnews()
        .args(["extract", "corpus/", "--jobs", "2", "--window", "5"])
        .output()
        .unwrap();
    assert!(one.status.success() && two.status.success());
    assert!(!one.stdout.is_empty());
    assert_eq!(one.stdout, two.stdout);
}

#[test]
fn output_file_appears_only_complete() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.jsonl");
    vnews()
        .args(["extract", SEED, "-o"])
        .arg(&target)
        .assert()
        .success();
    let written = fs::read_to_string(&target).unwrap();
    assert_eq!(written.lines().count(), 1);
    let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
}

/// Ctrl-C in the middle of a run: no output file, and the temporary one removed.
#[test]
fn interrupted_run_removes_its_temporary_output() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.jsonl");
    // Stdin stays open, so the run waits for input with its temporary file created.
    let mut run = std::process::Command::new(assert_cmd::cargo::cargo_bin("vnews"))
        .args(["extract", "--jsonl", "-", "-o"])
        .arg(&target)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let temp_exists = || {
        fs::read_dir(dir.path())
            .unwrap()
            .any(|e| e.unwrap().file_name().to_string_lossy().ends_with(".tmp"))
    };
    let started = std::time::Instant::now();
    while !temp_exists() && started.elapsed().as_secs() < 30 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(temp_exists(), "the run writes to a temporary file");
    let interrupted = std::process::Command::new("kill")
        .args(["-INT", &run.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    // `wait` closes a stdin it still holds, and the end of input would race the signal.
    let open_stdin = run.stdin.take();
    assert_eq!(run.wait().unwrap().code(), Some(130));
    drop(open_stdin);
    let left: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert!(left.is_empty(), "nothing is left behind: {left:?}");
}

#[test]
fn usage_errors_exit_2() {
    vnews()
        .args(["extract", "--tone-style", "sideways"])
        .assert()
        .code(2);
    vnews()
        .args(["extract", "--ref-date", "14/9/2022", SEED])
        .assert()
        .code(2);
}

#[test]
fn normalize_and_expand_stream_text() {
    let out = vnews()
        .args(["normalize", "--tone-style", "new"])
        .write_stdin("Hòa bình, khỏe mạnh")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "Hoà bình, khoẻ mạnh"
    );
    let out = vnews()
        .args(["normalize", "--fold"])
        .write_stdin("Đồng chí Nguyễn Văn Hòa")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "Dong chi Nguyen Van Hoa"
    );
    let out = vnews()
        .arg("expand")
        .write_stdin("CT UBND huyện chủ trì")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "Chủ tịch Ủy ban nhân dân huyện chủ trì"
    );
}

#[test]
fn eval_prints_a_table_for_the_bundled_gold() {
    assert!(Path::new("corpus/000_61edd261ad8c1a0f.json").exists());
    let out = vnews().args(["eval", "corpus", "--json"]).output().unwrap();
    assert!(out.status.success());
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(report["articles"].as_u64().unwrap() >= 11);
    let kinds: Vec<&str> = report["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "dates",
            "officials",
            "officials+title",
            "scores",
            "rankings",
            "abbreviations"
        ]
    );
}

#[test]
fn saved_pages_are_read_as_html() {
    let out = vnews()
        .args(["extract", "--no-text", "tests/fixtures/html"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let records = lines(&out.stdout);
    assert!(!records.is_empty());
    for r in &records {
        let title = r["title"].as_str().unwrap();
        assert!(
            !title.contains('<'),
            "markup leaked into the title: {title}"
        );
        assert!(r.get("error").is_none());
    }
    assert!(records.iter().any(|r| r["source_url"]
        .as_str()
        .is_some_and(|u| u.starts_with("http"))));
}
