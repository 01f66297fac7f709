//! Store benchmark: commits a JSONL corpus in batches of 1,000 and runs
//! 1,000 searches.
//!
//! ```text
//! cargo run --release -p khabar-store --example bench_store -- CORPUS.jsonl DATA_DIR
//! ```
//!
//! `DATA_DIR` must not exist (or be empty). Each batch is read, given a
//! display text (a stand-in for `khabar-clean`: lines trimmed, white space
//! runs collapsed, so it differs from the raw text as cleaned text does),
//! fingerprinted and added to an LSH index before the clock starts; the
//! figure is the time spent in `Store::commit_batch` and the final
//! `Store::flush_search` (records, LSH snapshot, story records, search
//! index). Indexing threads run behind `commit_batch`, so the wall time of
//! the whole loop is printed too. Prints articles/s,
//! the store size against the raw text, peak RSS, and search latencies
//! (p50, p99, max over 1,000 queries of one to three words taken from the
//! corpus's titles).

mod support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use khabar_dedup::{Fingerprinter, LshIndex, LshParams};
use khabar_ingest::{ReadOptions, read_inputs};
use khabar_store::{Batch, NewArticle, Store, StoredStory};
use support::{cpu_seconds, dir_size, display_text, thread_cpu_seconds};

const BATCH: usize = 1000;
const QUERIES: usize = 1000;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [corpus, dir] = args.as_slice() else {
        return Err("usage: bench_store CORPUS.jsonl DATA_DIR".into());
    };
    let dir = PathBuf::from(dir);
    let mut store = Store::open(&dir)?;
    let fingerprinter = Fingerprinter::default();
    let mut lsh = LshIndex::new(LshParams::default(), fingerprinter);
    let mut pending = Vec::with_capacity(BATCH);
    let mut raw_bytes = 0u64;
    let mut committed = 0usize;
    let mut commit_time = Duration::ZERO;
    let mut titles: Vec<String> = Vec::new();
    let total = Instant::now();
    let (process_cpu, main_cpu) = (cpu_seconds(), thread_cpu_seconds());
    for record in read_inputs(std::slice::from_ref(corpus), &ReadOptions::default()) {
        let Ok(article) = record else { continue };
        raw_bytes += (article.text.len() + article.title.as_deref().map_or(0, str::len)) as u64;
        if titles.len() < 5000 {
            titles.extend(article.title.clone());
        }
        pending.push(article);
        if pending.len() == BATCH {
            committed += commit(&store, &mut lsh, &mut pending, &mut commit_time)?;
        }
    }
    committed += commit(&store, &mut lsh, &mut pending, &mut commit_time)?;
    // Indexing runs behind `commit_batch`: count the wait for the last of it.
    let start = Instant::now();
    let cpu = thread_cpu_seconds();
    store.flush_search()?;
    commit_time += start.elapsed();
    COMMIT_MAIN_CPU.with(|c| c.set(c.get() + thread_cpu_seconds() - cpu));
    let wall = total.elapsed();
    // The store's CPU: all threads', less what the main thread spent
    // outside the store (reading, cleaning, fingerprinting).
    let main_outside = thread_cpu_seconds() - main_cpu - COMMIT_MAIN_CPU.with(|c| c.get());
    let store_cpu = cpu_seconds() - process_cpu - main_outside;
    println!(
        "committed {committed} articles in {:.2} s of commit_batch: {:.0} articles/s \
         ({:.2} s wall with reading, cleaning, fingerprinting; load average {})",
        commit_time.as_secs_f64(),
        committed as f64 / commit_time.as_secs_f64(),
        wall.as_secs_f64(),
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .trim()
    );
    println!(
        "the store used {store_cpu:.1} CPU s (all its threads): {:.0} articles per CPU second",
        committed as f64 / store_cpu
    );
    let size = dir_size(&dir);
    let allocated = dir_blocks(&dir);
    println!(
        "raw text {:.1} MB, store {:.1} MB ({:.2}x; {:.1} MB in disk blocks, {:.2}x): \
         records {:.1} MB, search {:.1} MB",
        mb(raw_bytes),
        mb(size),
        size as f64 / raw_bytes as f64,
        mb(allocated),
        allocated as f64 / raw_bytes as f64,
        mb(dir_size(&dir.join(khabar_store::RECORDS_FILE))),
        mb(dir_size(&dir.join(khabar_store::SEARCH_DIR)))
    );
    println!("peak RSS after ingest {:.0} MB", peak_rss_mb());
    let start = Instant::now();
    store.compact()?;
    let size = dir_size(&dir);
    println!(
        "after Store::compact ({:.1} s): store {:.1} MB ({:.2}x)",
        start.elapsed().as_secs_f64(),
        mb(size),
        size as f64 / raw_bytes as f64
    );

    let queries = queries(&titles);
    let mut latencies = Vec::with_capacity(queries.len());
    let mut found = 0usize;
    for query in &queries {
        let start = Instant::now();
        let hits = store.search(query, 10)?;
        latencies.push(start.elapsed());
        found += usize::from(!hits.is_empty());
    }
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    println!(
        "search: {} queries ({} with hits), p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        queries.len(),
        found,
        ms(at(0.5)),
        ms(at(0.99)),
        ms(latencies[latencies.len() - 1])
    );
    println!("peak RSS {:.0} MB", peak_rss_mb());
    Ok(())
}

/// Cleans, fingerprints and commits `pending`; returns how many it
/// committed and adds the time of `commit_batch` to `time`.
fn commit(
    store: &Store,
    lsh: &mut LshIndex,
    pending: &mut Vec<khabar_ingest::Article>,
    time: &mut Duration,
) -> Result<usize, Box<dyn std::error::Error>> {
    let fingerprinter = lsh.fingerprinter();
    let mut batch = Batch::default();
    for article in pending.drain(..) {
        if store.contains_id(&article.id)? || batch.articles.iter().any(|a| a.id == article.id) {
            continue;
        }
        let display = display_text(&article.text);
        let fingerprint = fingerprinter.fingerprint(&display);
        lsh.insert(article.id.clone(), &fingerprint);
        let story_id = format!("s-{}", article.id);
        batch.stories.push(StoredStory {
            id: story_id.clone(),
            articles: vec![article.id.clone()],
            first_published: article.published,
            last_published: article.published,
            view: serde_json::json!({"headline": article.title, "sources": [article.source]}),
        });
        batch.articles.push(NewArticle::from_article(
            &article,
            display,
            fingerprint.exact,
            story_id,
        ));
    }
    let n = batch.articles.len();
    if n == 0 {
        return Ok(0);
    }
    batch.lsh = Some(lsh.snapshot());
    let start = Instant::now();
    let cpu = thread_cpu_seconds();
    store.commit_batch(batch)?;
    *time += start.elapsed();
    COMMIT_MAIN_CPU.with(|c| c.set(c.get() + thread_cpu_seconds() - cpu));
    Ok(n)
}

/// One to three consecutive words from each title, cycling through the
/// titles with a stride so queries vary.
fn queries(titles: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(QUERIES);
    let mut i = 0usize;
    while out.len() < QUERIES && !titles.is_empty() {
        let title = &titles[(i * 7919) % titles.len()];
        let words: Vec<&str> = title.split_whitespace().collect();
        let len = 1 + i % 3;
        if words.len() >= len {
            let start = (i / 3) % (words.len() - len + 1);
            out.push(words[start..start + len].join(" "));
        }
        i += 1;
        if i > QUERIES * 20 {
            break;
        }
    }
    out
}

thread_local! {
    /// CPU seconds the main thread spent in the store's calls.
    static COMMIT_MAIN_CPU: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) };
}

/// Bytes of the disk blocks `path` holds (a file's unwritten tail takes
/// none).
fn dir_blocks(path: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    let Ok(meta) = std::fs::metadata(path) else {
        return 0;
    };
    if meta.is_file() {
        return meta.blocks() * 512;
    }
    std::fs::read_dir(path)
        .map(|entries| entries.flatten().map(|e| dir_blocks(&e.path())).sum())
        .unwrap_or(0)
}

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
