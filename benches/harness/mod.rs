//! What the criterion benches share besides the corpus: the sizes they run at and the
//! end-to-end run they time.

use vnews::{serialize, Pipeline};

/// Corpus sizes, labelled: 1 MB, and 100 MB with VNEWS_BENCH_LARGE=1.
pub fn sizes() -> Vec<(&'static str, usize)> {
    let mut sizes = vec![("1MB", 1_000_000)];
    if std::env::var_os("VNEWS_BENCH_LARGE").is_some() {
        sizes.push(("100MB", 100_000_000));
    }
    sizes
}

/// Every article decoded, normalized, extracted and written as its JSON line, on this
/// thread; the bytes written.
pub fn end_to_end(pipeline: &Pipeline, texts: &[String]) -> usize {
    let mut out = Vec::new();
    for t in texts {
        let a = pipeline
            .process_bytes("b", "b", t.as_bytes(), None)
            .expect("bench text decodes");
        serialize::write_article(&mut out, &a, false).unwrap();
    }
    out.len()
}
