//! `khabar dedup`: near-duplicate groups.

use std::io::{self, Write};
use std::process::ExitCode;

use khabar_dedup::{Fingerprinter, LshIndex, LshParams};
use khabar_ingest::ErrorReport;
use serde::Serialize;

use super::{Corpus, STREAM_CHUNK};
use crate::flags::DedupArgs;
use crate::output;

#[derive(Serialize)]
struct DedupDocument<'a> {
    groups: Vec<Vec<&'a str>>,
    errors: &'a [ErrorReport],
}

/// What `khabar dedup` keeps of an article once it is fingerprinted.
struct Member {
    id: String,
    title: Option<String>,
    source: Option<String>,
}

/// Runs `khabar dedup`. Articles stream through in chunks: each chunk is
/// cleaned and fingerprinted on every core, then added to the index in
/// input order, and only ids and titles are kept.
pub fn run(args: &DedupArgs) -> anyhow::Result<ExitCode> {
    use rayon::prelude::*;

    let params = LshParams::with_threshold(args.threshold)?;
    let fingerprinter = Fingerprinter::default();
    let mut index = LshIndex::new(params, fingerprinter);
    let mut members: Vec<Member> = Vec::new();
    let errors = Corpus::stream(
        &args.input.inputs,
        args.input.max_article_bytes,
        STREAM_CHUNK,
        |chunk| {
            // Fingerprints skip white space, so glued-word repair and the
            // rejoining of lines would not change one: the lines boilerplate
            // removal keeps are all dedup needs (the display text without
            // its white space).
            let fingerprints: Vec<_> = chunk
                .par_iter()
                .map(|a| {
                    fingerprinter
                        .fingerprint_pieces(khabar_clean::kept_lines(&a.text, a.title.as_deref()))
                })
                .collect();
            for (article, fingerprint) in chunk.into_iter().zip(&fingerprints) {
                index.insert(article.id.clone(), fingerprint);
                members.push(Member {
                    id: article.id,
                    title: article.title,
                    source: article.source,
                });
            }
        },
    );
    let groups = index.groups();

    if args.json {
        let groups = groups
            .iter()
            .map(|g| {
                g.iter()
                    .filter_map(|&i| members.get(i))
                    .map(|m| m.id.as_str())
                    .collect()
            })
            .collect();
        output::print_json(&DedupDocument {
            groups,
            errors: &errors,
        })?;
    } else {
        let mut out = io::stdout().lock();
        writeln!(
            out,
            "{} near-duplicate groups among {} articles (threshold {})",
            groups.len(),
            members.len(),
            args.threshold
        )?;
        for (n, group) in groups.iter().enumerate() {
            writeln!(out, "\ngroup {} ({} articles)", n + 1, group.len())?;
            for m in group.iter().filter_map(|&i| members.get(i)) {
                let source = m
                    .source
                    .as_deref()
                    .map(|s| format!(" [{s}]"))
                    .unwrap_or_default();
                writeln!(
                    out,
                    "  {}{}  {}",
                    m.id,
                    source,
                    m.title.as_deref().unwrap_or("(no title)")
                )?;
            }
        }
        out.flush()?;
    }
    Ok(if members.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
