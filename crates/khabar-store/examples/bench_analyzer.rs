//! Analyzer benchmark: how long tokenizing and analyzing a JSONL corpus's
//! texts take on one thread, the first time (cold word memo) and again.
//! Prints wall time and the thread's CPU time (steadier on a busy machine).
//!
//! ```text
//! cargo run --release -p khabar-store --example bench_analyzer -- CORPUS.jsonl [TEXTS]
//! ```
//!
//! With `TEXTS`, only the corpus's first `TEXTS` texts (for a repeatable
//! instruction count under `valgrind --tool=callgrind`).

use std::time::Instant;

use khabar_ingest::{ReadOptions, read_inputs};
use khabar_store::analyzer::{KhabarAnalyzer, Mode};
use tantivy::tokenizer::{TokenStream, Tokenizer};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (corpus, limit) = match args.as_slice() {
        [corpus] => (corpus, usize::MAX),
        [corpus, limit] => (corpus, limit.parse()?),
        _ => return Err("usage: bench_analyzer CORPUS.jsonl [TEXTS]".into()),
    };
    let texts: Vec<String> = read_inputs(std::slice::from_ref(corpus), &ReadOptions::default())
        .flatten()
        .take(limit)
        .map(|a| a.text)
        .collect();
    let mb = texts.iter().map(String::len).sum::<usize>() as f64 / 1e6;
    println!("{} texts, {mb:.1} MB", texts.len());
    let start = Clock::now();
    let words: usize = texts.iter().map(|t| khabar_text::tokenize(t).len()).sum();
    report("khabar_text::tokenize", start, texts.len(), words);
    let mut analyzer = KhabarAnalyzer::new(Mode::Index);
    for pass in ["analyzer, cold memo", "analyzer, warm memo"] {
        let start = Clock::now();
        let mut terms = 0usize;
        for text in &texts {
            let mut stream = analyzer.token_stream(text);
            while stream.advance() {
                terms += stream.token().text.len().min(1);
            }
        }
        report(pass, start, texts.len(), terms);
    }
    Ok(())
}

fn report(what: &str, start: Clock, texts: usize, items: usize) {
    let s = start.wall.elapsed().as_secs_f64();
    let cpu = thread_cpu_seconds() - start.cpu;
    println!(
        "{what}: {s:.2} s ({cpu:.2} CPU s), {:.0} texts/s, {items} tokens, {:.0} ns/token, \
         {:.1} µs/text (CPU)",
        texts as f64 / s,
        cpu * 1e9 / items as f64,
        cpu * 1e6 / texts as f64
    );
}

/// Wall and thread CPU time at a start.
struct Clock {
    wall: Instant,
    cpu: f64,
}

impl Clock {
    fn now() -> Self {
        Clock {
            wall: Instant::now(),
            cpu: thread_cpu_seconds(),
        }
    }
}

/// User + system CPU seconds of the calling thread so far.
fn thread_cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/thread-self/stat") else {
        return 0.0;
    };
    // Fields after the command name (which is in parentheses); utime and
    // stime are fields 14 and 15 of the line: indices 11 and 12 here.
    let fields: Vec<f64> = stat
        .rsplit(')')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .map(|f| f.parse().unwrap_or(0.0))
        .collect();
    (fields.get(11).unwrap_or(&0.0) + fields.get(12).unwrap_or(&0.0)) / 100.0
}
