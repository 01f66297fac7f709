//! Near-duplicate groups of a JSONL corpus (`{"id", "text", ...}` per line),
//! for benchmarks until `khabar dedup --json` is wired.
//!
//! ```text
//! cargo run --release -p khabar-dedup --example dedup_jsonl -- CORPUS.jsonl \
//!     [--threshold 0.7] [--bands 32] [--rows 4] [--scheme oph|classic] [--shingle 5]
//! ```
//!
//! Prints `{"groups": [[id, ...], ...]}` on stdout and one JSON line of
//! timings on stderr. Reads the file in 8 MB blocks of whole lines,
//! fingerprints each block's lines in parallel and inserts them into one
//! index in file order, so memory holds the signatures, not the texts.

use std::error::Error;
use std::fs::File;
use std::io::{Read, Write};
use std::time::Instant;

use khabar_dedup::{Fingerprint, Fingerprinter, LshIndex, LshParams, Scheme};
use rayon::prelude::*;
use serde::Deserialize;

#[derive(Deserialize)]
struct Record {
    id: String,
    text: String,
}

const BLOCK_BYTES: usize = 8 << 20;

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let mut path = None;
    let (mut threshold, mut bands, mut rows) = (None, None, None);
    let mut fingerprinter = Fingerprinter::default();
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--threshold" => threshold = Some(value()?.parse::<f64>()?),
            "--bands" => bands = Some(value()?.parse::<usize>()?),
            "--rows" => rows = Some(value()?.parse::<usize>()?),
            "--shingle" => fingerprinter.shingle_chars = value()?.parse()?,
            "--scheme" => {
                fingerprinter.scheme = match value()?.as_str() {
                    "classic" => Scheme::Classic,
                    "oph" => Scheme::OnePermutation,
                    other => return Err(format!("unknown scheme {other}").into()),
                }
            }
            _ if path.is_none() => path = Some(a),
            _ => return Err(format!("unexpected argument {a}").into()),
        }
    }
    let path = path.ok_or("usage: dedup_jsonl CORPUS.jsonl [options]")?;
    let d = LshParams::default();
    let params = LshParams::new(
        bands.unwrap_or(d.bands()),
        rows.unwrap_or(d.rows()),
        threshold.unwrap_or(d.threshold()),
    )?;

    let start = Instant::now();
    let mut index = LshIndex::new(params, fingerprinter);
    let mut file = File::open(&path)?;
    let mut block: Vec<u8> = Vec::with_capacity(BLOCK_BYTES + (1 << 16));
    let (mut errors, mut fingerprint_secs, mut insert_secs) = (0usize, 0.0, 0.0);
    let mut at_end = false;
    while !at_end {
        // Fill the block up to BLOCK_BYTES after the carried-over partial line.
        let kept = block.len();
        block.resize(kept + BLOCK_BYTES, 0);
        let mut filled = kept;
        while filled < block.len() {
            let n = file.read(&mut block[filled..])?;
            if n == 0 {
                at_end = true;
                break;
            }
            filled += n;
        }
        block.truncate(filled);
        let cut = if at_end {
            block.len()
        } else {
            block.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)
        };
        let t = Instant::now();
        let chunk: Vec<Option<(String, Fingerprint)>> = block[..cut]
            .par_split(|&b| b == b'\n')
            .filter(|line| line.iter().any(|b| !b.is_ascii_whitespace()))
            .map(|line| {
                let r: Record = serde_json::from_slice(line).ok()?;
                let fp = fingerprinter.fingerprint(&r.text);
                Some((r.id, fp))
            })
            .collect();
        fingerprint_secs += t.elapsed().as_secs_f64();
        block.drain(..cut);
        let t = Instant::now();
        for item in chunk {
            match item {
                Some((id, fp)) => {
                    index.insert(id, &fp);
                }
                None => errors += 1,
            }
        }
        insert_secs += t.elapsed().as_secs_f64();
    }
    let groups = index.group_ids();
    let secs = start.elapsed().as_secs_f64();

    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    serde_json::to_writer(&mut out, &serde_json::json!({ "groups": groups }))?;
    writeln!(out)?;
    out.flush()?;
    eprintln!(
        "{}",
        serde_json::json!({
            "tool": "khabar-dedup",
            "docs": index.len(),
            "errors": errors,
            "seconds": (secs * 1000.0).round() / 1000.0,
            "docs_per_sec": (index.len() as f64 / secs).round(),
            "phases": {"read_parse_fingerprint": fingerprint_secs, "index": insert_secs},
            "threads": rayon::current_num_threads(),
            "groups": groups.len(),
            "candidates_verified": index.candidates_verified(),
        })
    );
    Ok(())
}
