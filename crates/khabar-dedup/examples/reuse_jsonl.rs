//! Reused passages among the articles of a JSONL file
//! (`{"id", "text", "published"?}` per line, `published` in Unix seconds),
//! for benchmarks until the CLI is wired.
//!
//! ```text
//! cargo run --release -p khabar-dedup --example reuse_jsonl -- ARTICLES.jsonl
//! ```
//!
//! Prints `{"reuse": [...]}` on stdout and one JSON line of timings on
//! stderr (reading excluded from `align_seconds`).

use std::error::Error;
use std::io::Write;
use std::time::Instant;

use khabar_dedup::{ReuseDoc, find_reuse};
use serde::Deserialize;

#[derive(Deserialize)]
struct Record {
    id: String,
    text: String,
    published: Option<i64>,
}

fn main() -> Result<(), Box<dyn Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: reuse_jsonl ARTICLES.jsonl")?;
    let start = Instant::now();
    let records: Vec<Record> = std::fs::read_to_string(&path)?
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()?;
    let read = start.elapsed().as_secs_f64();
    let t = Instant::now();
    let docs: Vec<ReuseDoc<'_>> = records
        .iter()
        .map(|r| ReuseDoc {
            id: &r.id,
            text: &r.text,
            published: r.published,
        })
        .collect();
    let pairs = find_reuse(&docs);
    let align = t.elapsed().as_secs_f64();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    serde_json::to_writer(&mut out, &serde_json::json!({ "reuse": pairs }))?;
    writeln!(out)?;
    out.flush()?;
    let passages: usize = pairs.iter().map(|p| p.passages.len()).sum();
    eprintln!(
        "{}",
        serde_json::json!({
            "tool": "khabar-dedup find_reuse",
            "docs": docs.len(),
            "pairs": pairs.len(),
            "passages": passages,
            "read_seconds": read,
            "align_seconds": align,
            "threads": rayon::current_num_threads(),
        })
    );
    Ok(())
}
