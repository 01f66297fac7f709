//! `khabar dedup`: near-duplicate groups.

use std::io::{self, Write};
use std::process::ExitCode;

use khabar_dedup::{Fingerprinter, LshIndex, LshParams};
use khabar_ingest::ErrorReport;
use serde::Serialize;

use super::Corpus;
use crate::flags::DedupArgs;
use crate::output;

#[derive(Serialize)]
struct DedupDocument<'a> {
    groups: Vec<Vec<&'a str>>,
    errors: &'a [ErrorReport],
}

/// Runs `khabar dedup`.
pub fn run(args: &DedupArgs) -> anyhow::Result<ExitCode> {
    let params = LshParams::with_threshold(args.threshold)?;
    let corpus = Corpus::read(&args.input.inputs, args.input.max_article_bytes);
    // Shingles skip white space, so glued-word repair would not change a
    // fingerprint: boilerplate removal is all dedup needs.
    let cleaned = corpus.strip_boilerplate();
    let texts: Vec<&str> = cleaned.iter().map(|c| c.text.as_str()).collect();
    let fingerprinter = Fingerprinter::default();
    let fingerprints = fingerprinter.fingerprint_all(&texts);
    let mut index = LshIndex::new(params, fingerprinter);
    index.insert_all(corpus.articles.iter().map(|a| a.id.as_str()), &fingerprints);
    let groups = index.groups();

    if args.json {
        let groups = groups
            .iter()
            .map(|g| g.iter().map(|&i| corpus.articles[i].id.as_str()).collect())
            .collect();
        output::print_json(&DedupDocument {
            groups,
            errors: &corpus.errors,
        })?;
    } else {
        let mut out = io::stdout().lock();
        writeln!(
            out,
            "{} near-duplicate groups among {} articles (threshold {})",
            groups.len(),
            corpus.articles.len(),
            args.threshold
        )?;
        for (n, group) in groups.iter().enumerate() {
            writeln!(out, "\ngroup {} ({} articles)", n + 1, group.len())?;
            for &i in group {
                let a = &corpus.articles[i];
                let source = a
                    .source
                    .as_deref()
                    .map(|s| format!(" [{s}]"))
                    .unwrap_or_default();
                writeln!(
                    out,
                    "  {}{}  {}",
                    a.id,
                    source,
                    a.title.as_deref().unwrap_or("(no title)")
                )?;
            }
        }
        out.flush()?;
    }
    Ok(corpus.exit_code())
}
