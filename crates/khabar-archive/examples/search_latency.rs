//! Search latency over an archive made by `khabar ingest`: 1,000 queries of
//! one to three words taken from the stored story headlines, run one after
//! the other on a read-only archive; prints p50, p99 and max.
//!
//! ```text
//! cargo run --release -p khabar-archive --example search_latency -- DATA_DIR
//! ```

use std::path::PathBuf;
use std::time::{Duration, Instant};

use khabar_archive::Archive;

const QUERIES: usize = 1000;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .ok_or("usage: search_latency DATA_DIR")?;
    let archive = Archive::open_read_only(&dir)?;
    let headlines: Vec<String> = archive
        .stories(None)?
        .into_iter()
        .map(|s| s.story.view.headline)
        .collect();
    let queries = queries(&headlines);
    let mut latencies: Vec<Duration> = Vec::with_capacity(queries.len());
    let mut found = 0usize;
    for query in &queries {
        let start = Instant::now();
        let hits = archive.search(query, 10)?;
        latencies.push(start.elapsed());
        found += usize::from(!hits.is_empty());
    }
    if latencies.is_empty() {
        return Err("no stories to take queries from".into());
    }
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "search: {} queries ({found} with hits), p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        latencies.len(),
        ms(at(0.5)),
        ms(at(0.99)),
        ms(latencies[latencies.len() - 1])
    );
    Ok(())
}

/// One to three consecutive words of the headlines, taken with a stride so
/// that queries vary in words and length.
fn queries(headlines: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(QUERIES);
    let mut i = 0usize;
    while out.len() < QUERIES && !headlines.is_empty() && i < QUERIES * 20 {
        let words: Vec<&str> = headlines[(i * 7919) % headlines.len()]
            .split_whitespace()
            .collect();
        let len = 1 + i % 3;
        if words.len() >= len {
            let start = (i / 3) % (words.len() - len + 1);
            out.push(words[start..start + len].join(" "));
        }
        i += 1;
    }
    out
}
