//! Writes the benchmark corpus as JSON Lines: `make_corpus MEGABYTES OUT.jsonl`.

#[path = "../benches/corpus.rs"]
mod corpus;

use std::io::{BufWriter, Write};
use std::path::Path;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let megabytes: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100);
    let out = args.next().unwrap_or_else(|| "bench-corpus.jsonl".into());
    let sources = corpus::load_sources(Path::new(env!("CARGO_MANIFEST_DIR")));
    let mut file = BufWriter::new(std::fs::File::create(&out)?);
    for (i, text) in corpus::generate(&sources, megabytes * 1_000_000)
        .iter()
        .enumerate()
    {
        serde_json::to_writer(
            &mut file,
            &serde_json::json!({"id": format!("b{i:07}"), "text": text}),
        )?;
        file.write_all(b"\n")?;
    }
    file.flush()
}
