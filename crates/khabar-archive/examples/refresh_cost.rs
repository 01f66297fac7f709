//! The cost of building the story documents at the end of an ingest, alone:
//! ingests a JSONL corpus into a new data directory in batches of 1,000
//! with the documents deferred (as `khabar ingest` does), lets the search
//! index settle, then times [`Archive::refresh`] (wall time, and the
//! process's user and system CPU time, which the idle background threads
//! hardly add to) and prints how many stories it built.
//!
//! ```text
//! cargo run --release -p khabar-archive --example refresh_cost -- NEW_DATA_DIR CORPUS.jsonl
//! ```

use std::path::PathBuf;
use std::time::{Duration, Instant};

use khabar_archive::Archive;
use khabar_ingest::ReadOptions;

const BATCH: usize = 1000;

/// The allocator of the `khabar` binary, whose ingest this measures.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(corpus)) = (args.next().map(PathBuf::from), args.next()) else {
        return Err("usage: refresh_cost NEW_DATA_DIR CORPUS.jsonl".into());
    };
    if dir.exists() {
        return Err(format!("{} exists: give a new directory", dir.display()).into());
    }
    let archive = Archive::open(&dir)?;
    archive.defer_documents(true);
    let mut reader = khabar_ingest::read_inputs(&[corpus], &ReadOptions::default());
    let started = Instant::now();
    loop {
        let batch: Vec<_> = reader.by_ref().filter_map(Result::ok).take(BATCH).collect();
        if batch.is_empty() {
            break;
        }
        archive.ingest(batch)?;
    }
    let ingested = started.elapsed();
    archive.store().flush_search()?;
    archive.wait_for_state_save()?;
    std::thread::sleep(Duration::from_secs(1));
    archive.defer_documents(false);
    let pending = archive.store().pending_count()?;
    let cpu = cpu_seconds();
    let started = Instant::now();
    let built = archive.refresh()?;
    let wall = started.elapsed();
    let (user, sys) = match (cpu, cpu_seconds()) {
        (Some(a), Some(b)) => (b.0 - a.0, b.1 - a.1),
        _ => (f64::NAN, f64::NAN),
    };
    println!(
        "ingest {:.1} s; refresh: {built} of {pending} pending stories built in {:.2} s wall, \
         {user:.2} s user, {sys:.2} s sys",
        ingested.as_secs_f64(),
        wall.as_secs_f64()
    );
    Ok(())
}

/// The process's user and system CPU time so far, in seconds (Linux:
/// `/proc/self/stat`, in clock ticks of 10 ms).
fn cpu_seconds() -> Option<(f64, f64)> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i)?.parse::<f64>().ok();
    // utime and stime are fields 14 and 15 of the whole line.
    Some((ticks(11)? / 100.0, ticks(12)? / 100.0))
}
