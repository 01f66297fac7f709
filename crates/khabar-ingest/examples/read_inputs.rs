//! Reads the inputs named on the command line and prints one line per
//! article (id, origin, characters of text) and per error, then a summary.
//! Used to measure time and memory on large or hostile inputs:
//!
//! ```text
//! cargo run --release -p khabar-ingest --example read_inputs -- DIR...
//! ```

use khabar_ingest::{ReadOptions, read_inputs};

fn main() {
    let inputs: Vec<String> = std::env::args().skip(1).collect();
    let (mut articles, mut errors) = (0u64, 0u64);
    for item in read_inputs(&inputs, &ReadOptions::default()) {
        match item {
            Ok(a) => {
                articles += 1;
                println!(
                    "article {} ({} record {}): {} chars",
                    a.id,
                    a.origin.input,
                    a.origin.record,
                    a.text.chars().count()
                );
            }
            Err(e) => {
                errors += 1;
                println!("error   {e}");
            }
        }
    }
    println!("{articles} articles, {errors} errors");
}
