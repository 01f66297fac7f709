//! Analyzer benchmark: how long tokenizing and analyzing a JSONL corpus's
//! texts take on one thread, the first time (cold word memo) and again.
//!
//! ```text
//! cargo run --release -p khabar-store --example bench_analyzer -- CORPUS.jsonl
//! ```

use std::time::Instant;

use khabar_ingest::{ReadOptions, read_inputs};
use khabar_store::analyzer::{KhabarAnalyzer, Mode};
use tantivy::tokenizer::{TokenStream, Tokenizer};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [corpus] = args.as_slice() else {
        return Err("usage: bench_analyzer CORPUS.jsonl".into());
    };
    let texts: Vec<String> = read_inputs(std::slice::from_ref(corpus), &ReadOptions::default())
        .flatten()
        .map(|a| a.text)
        .collect();
    let mb = texts.iter().map(String::len).sum::<usize>() as f64 / 1e6;
    println!("{} texts, {mb:.1} MB", texts.len());
    let start = Instant::now();
    let words: usize = texts.iter().map(|t| khabar_text::tokenize(t).len()).sum();
    report("khabar_text::tokenize", start, texts.len(), words);
    let mut analyzer = KhabarAnalyzer { mode: Mode::Index };
    for pass in ["analyzer, cold memo", "analyzer, warm memo"] {
        let start = Instant::now();
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

fn report(what: &str, start: Instant, texts: usize, items: usize) {
    let s = start.elapsed().as_secs_f64();
    println!(
        "{what}: {s:.2} s, {:.0} texts/s, {items} tokens, {:.0} ns/token",
        texts as f64 / s,
        s * 1e9 / items as f64
    );
}
