//! The articles that tests run fast paths and exact paths over: the bundled `corpus/`
//! and, where it is checked out beside the crate, `../shared/corpus/real`.

use std::path::{Path, PathBuf};

/// (path, text) of every `*.txt` in `dir` (relative to the crate root), by path; none
/// when `dir` is not there.
pub(crate) fn texts_in(dir: &str) -> Vec<(PathBuf, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("corpus text is UTF-8");
            (p, text)
        })
        .collect()
}

/// The bundled articles, then the real ones.
pub(crate) fn articles() -> Vec<(PathBuf, String)> {
    let mut all = texts_in("corpus");
    all.extend(texts_in("../shared/corpus/real"));
    all
}
