//! Search indexing benchmark: the CPU the store's search index costs while
//! articles are committed, apart from everything else.
//!
//! ```text
//! cargo run --release -p khabar-store --example bench_index -- CORPUS.jsonl DATA_DIR [ARTICLES [FLUSH_EVERY]]
//! ```
//!
//! `DATA_DIR` must not exist (or be empty). Reads the corpus's first
//! `ARTICLES` articles (all by default), gives each a display text (lines
//! trimmed, white space runs collapsed, as in `bench_store`), then commits
//! them with [`Store::commit_batch`] in batches of 1,000 (articles only: no
//! stories, no LSH), flushes the search index and closes the store (which
//! waits for tantivy's last merges). Prints the CPU seconds of the threads
//! other than the main one (the indexing thread, tantivy's indexing and
//! merging threads: the search index's whole cost), the main thread's CPU
//! in the store's calls (records), and the search index's size. With
//! `FLUSH_EVERY`, the search index is also committed
//! ([`Store::flush_search`]) after every `FLUSH_EVERY` batches, as the
//! store does by itself every few seconds in a long ingest.

mod support;

use std::path::PathBuf;
use std::time::Instant;

use khabar_ingest::{ReadOptions, read_inputs};
use khabar_store::{Batch, NewArticle, Store};
use support::{cpu_seconds, dir_size, display_text, thread_cpu_seconds};

const BATCH: usize = 1000;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (corpus, dir, limit, flush_every) = match args.as_slice() {
        [corpus, dir] => (corpus, dir, usize::MAX, usize::MAX),
        [corpus, dir, limit] => (corpus, dir, limit.parse()?, usize::MAX),
        [corpus, dir, limit, every] => (corpus, dir, limit.parse()?, every.parse()?),
        _ => {
            return Err("usage: bench_index CORPUS.jsonl DATA_DIR [ARTICLES [FLUSH_EVERY]]".into());
        }
    };
    let dir = PathBuf::from(dir);
    let mut seen = std::collections::HashSet::new();
    let mut articles: Vec<NewArticle> = Vec::new();
    let mut text_bytes = 0usize;
    for record in read_inputs(std::slice::from_ref(corpus), &ReadOptions::default()) {
        if articles.len() >= limit {
            break;
        }
        let Ok(article) = record else { continue };
        if !seen.insert(article.id.clone()) {
            continue;
        }
        let display = display_text(&article.text);
        text_bytes += display.len() + article.title.as_deref().map_or(0, str::len);
        let story_id = format!("s-{}", article.id);
        articles.push(NewArticle::from_article(&article, display, None, story_id));
    }
    let n = articles.len();

    let (process_cpu, main_cpu) = (cpu_seconds(), thread_cpu_seconds());
    let start = Instant::now();
    let store = Store::open(&dir)?;
    let mut batches = 0;
    while !articles.is_empty() {
        let rest = articles.split_off(articles.len().min(BATCH));
        let batch = std::mem::replace(&mut articles, rest);
        store.commit_batch(Batch {
            articles: batch,
            ..Batch::default()
        })?;
        batches += 1;
        if batches % flush_every.max(1) == 0 {
            store.flush_search()?;
        }
    }
    store.flush_search()?;
    drop(store);
    let wall = start.elapsed();
    let main = thread_cpu_seconds() - main_cpu;
    let background = cpu_seconds() - process_cpu - main;
    println!(
        "{n} articles ({:.1} MB of display text and titles) in {batches} batches, {:.2} s wall \
         (load average {})",
        text_bytes as f64 / 1e6,
        wall.as_secs_f64(),
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .split_whitespace()
            .next()
            .unwrap_or("?")
    );
    println!(
        "search indexing (threads other than the main one): {background:.2} CPU s = \
         {:.0} articles per CPU second; main thread (records) {main:.2} CPU s",
        n as f64 / background
    );
    println!(
        "search index {:.1} MB",
        dir_size(&dir.join(khabar_store::SEARCH_DIR)) as f64 / 1e6
    );
    Ok(())
}
