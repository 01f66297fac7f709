//! Reused passages among the articles of a JSONL file
//! (`{"id", "text", "published"?}` per line, `published` in Unix seconds),
//! for benchmarks until the CLI is wired.
//!
//! ```text
//! cargo run --release -p khabar-dedup --example reuse_jsonl -- ARTICLES.jsonl \
//!     [--window-hours 24] [--max-seed-docs 16] [--min-words 12]
//! ```
//!
//! Prints `{"reuse": [...]}` on stdout and one JSON line of timings on
//! stderr (reading excluded from `align_seconds`).

use std::error::Error;
use std::io::Write;
use std::time::Instant;

use khabar_dedup::{ReuseDoc, ReuseParams, find_reuse_with};
use serde::Deserialize;

#[derive(Deserialize)]
struct Record {
    id: String,
    text: String,
    published: Option<i64>,
}

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let mut path = None;
    let mut params = ReuseParams::default();
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--window-hours" => params.seed_window_seconds = value()?.parse::<i64>()? * 3600,
            "--max-seed-docs" => params.max_seed_docs = value()?.parse()?,
            "--min-words" => params.align.min_words = value()?.parse()?,
            "--formula-max-docs" => params.formula_max_docs = value()?.parse()?,
            "--formula-words" => params.formula_words = value()?.parse()?,
            _ => path = Some(a),
        }
    }
    let path = path.ok_or("usage: reuse_jsonl ARTICLES.jsonl [--window-hours H] ...")?;
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
    let pairs = find_reuse_with(&docs, &params);
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
