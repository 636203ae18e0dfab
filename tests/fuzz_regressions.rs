//! Inputs saved from fuzzing (and a few hand-made hard cases), fed through the
//! same checks the fuzz targets run. A file in `tests/regressions/<target>/`
//! is one input.

use std::fs;
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;

#[path = "../fuzz/src/lib.rs"]
mod checks;

/// Runs `check` on every saved input of `target`; names the inputs that fail.
fn replay(target: &str, check: fn(&[u8])) {
    let dir = Path::new("tests/regressions").join(target);
    let mut paths: Vec<_> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no saved inputs in {}", dir.display());
    let failed: Vec<String> = paths
        .iter()
        .filter(|path| {
            let data = fs::read(path).unwrap();
            panic::catch_unwind(AssertUnwindSafe(|| check(&data))).is_err()
        })
        .map(|path| path.display().to_string())
        .collect();
    assert!(failed.is_empty(), "failing inputs: {failed:?}");
}

#[test]
fn decode_inputs() {
    replay("decode", checks::check_decode);
}

#[test]
fn normalize_inputs() {
    replay("normalize", checks::check_normalize);
}

#[test]
fn pipeline_inputs() {
    replay("pipeline", checks::check_pipeline);
}

#[test]
fn jsonl_inputs() {
    replay("jsonl", checks::check_jsonl);
}
