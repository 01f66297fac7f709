//! `khabar ingest`: add articles to the archive in the data directory, batch
//! by batch.

use std::io::Write;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Instant;

use anyhow::Context;
use khabar_archive::{Archive, Outcome, PreparedBatch, Status, Tally};
use khabar_ingest::ErrorReport;
use serde::Serialize;

use super::Corpus;
use crate::flags::IngestArgs;
use crate::output;

/// One committed batch, as `--json` shows it.
#[derive(Serialize)]
struct BatchSummary {
    batch: u64,
    added: usize,
    stories_touched: usize,
}

/// The `--json` document.
#[derive(Serialize)]
struct IngestDocument<'a> {
    articles: &'a [Outcome],
    batches: &'a [BatchSummary],
    errors: &'a [ErrorReport],
}

/// Runs `khabar ingest`.
pub fn run(args: &IngestArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let dir = &args.data.data;
    let mut archive = Archive::open(dir)?;
    let batch_size = usize::try_from(args.batch).unwrap_or(usize::MAX);

    // Every outcome is kept only for `--json`; the human form needs counts.
    let mut outcomes: Vec<Outcome> = Vec::new();
    let mut total = Tally::default();
    let mut batches: Vec<BatchSummary> = Vec::new();
    let mut failure: Option<anyhow::Error> = None;
    // Two stages: this thread reads, cleans, fingerprints and reads the
    // story features of batch N+1 (`Archive::prepare`, across the cores)
    // while the ingest thread clusters and commits batch N (one batch
    // ahead at most).
    let failed = AtomicBool::new(false);
    // Story documents are built once, after the last batch, across both
    // cores: a story that batch after batch extends would otherwise be
    // built again after each of them. Until then a read builds a pending
    // story itself, so a reader in another process sees no stale story.
    archive.defer_documents(true);
    let shared = &archive;
    let errors = std::thread::scope(|scope| {
        let (prepared, queue) = mpsc::sync_channel::<PreparedBatch>(1);
        let failed = &failed;
        let ingester = scope.spawn(|| {
            for batch in queue {
                if failure.is_some() {
                    continue;
                }
                match shared.ingest_prepared(batch) {
                    Ok(report) => {
                        for o in &report.outcomes {
                            if let Status::Rejected { error } = &o.status {
                                eprintln!("khabar: article {}: {error}", o.id);
                            }
                        }
                        let tally = report.tally();
                        total += tally;
                        if let Some(batch) = report.batch {
                            batches.push(BatchSummary {
                                batch,
                                added: tally.added,
                                stories_touched: report.stories_touched.len(),
                            });
                        }
                        if args.json {
                            outcomes.extend(report.outcomes);
                        }
                    }
                    Err(e) => {
                        failed.store(true, Ordering::SeqCst);
                        failure = Some(anyhow::Error::new(e).context(format!(
                            "{}: batch not stored (the batches before it are)",
                            dir.display()
                        )))
                    }
                }
            }
        });
        let errors = Corpus::stream(
            &args.input.inputs,
            args.input.max_article_bytes,
            batch_size,
            |chunk| {
                if !failed.load(Ordering::SeqCst) {
                    // The ingest thread ends only when the queue closes.
                    let _ = prepared.send(shared.prepare(chunk));
                }
            },
        );
        drop(prepared);
        let _ = ingester.join();
        errors
    });
    // Flushing (or closing) builds them.
    archive.defer_documents(false);
    if let Some(e) = failure {
        return Err(e);
    }
    // Also when nothing was added: a rerun after a killed ingest builds
    // the stories left pending and saves the state here, where an error is
    // reported (closing would drop it); with nothing pending it is quick.
    if args.compact {
        archive
            .compact()
            .with_context(|| format!("{}: compacting", dir.display()))?;
    } else {
        archive.flush().with_context(|| {
            format!(
                "{}: building the story documents and committing the search index",
                dir.display()
            )
        })?;
    }

    if args.json {
        output::print_json(&IngestDocument {
            articles: &outcomes,
            batches: &batches,
            errors: &errors,
        })?;
    } else {
        let mut out = std::io::stdout().lock();
        writeln!(
            out,
            "{}: {} articles added in {} batch{} ({} new stories), \
             {} already stored, {} rejected, {} unreadable; {:.1} s",
            dir.display(),
            total.added,
            batches.len(),
            if batches.len() == 1 { "" } else { "es" },
            total.new_stories,
            total.unchanged,
            total.rejected,
            errors.len(),
            started.elapsed().as_secs_f64()
        )?;
        let stored = archive.store().article_count()?;
        writeln!(out, "the archive now holds {stored} articles")?;
    }
    let read_nothing = total == Tally::default();
    Ok(if read_nothing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
