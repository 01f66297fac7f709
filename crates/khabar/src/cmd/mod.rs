//! One module per subcommand. Each `run` wires the library crates together
//! and returns the exit code.

pub mod align;
pub mod article;
pub mod clean;
pub mod dedup;
pub mod ingest;
pub mod run;
pub mod search;
pub mod serve;
pub mod stories;

use std::collections::HashMap;

use khabar_clean::Cleaned;
use khabar_ingest::{Article, ErrorReport, Origin, ReadOptions, RecordError};

use crate::output;

/// Every article read from the inputs, and every error met on the way. Errors
/// are printed on stderr as they happen (above the progress bar) and kept.
pub struct Corpus {
    /// The articles, in input order.
    pub articles: Vec<Article>,
    /// One report per bad input or record.
    pub errors: Vec<ErrorReport>,
}

/// Articles handed on at a time by [`Corpus::stream`]: enough to keep every
/// core busy, few enough to stay small in memory.
pub const STREAM_CHUNK: usize = 4096;

impl Corpus {
    /// Reads every input; a bad record is reported and skipped, never fatal.
    pub fn read(inputs: &[String], max_article_bytes: u64) -> Corpus {
        let mut articles: Vec<Article> = Vec::new();
        let errors = Self::stream(inputs, max_article_bytes, STREAM_CHUNK, |chunk| {
            articles.extend(chunk)
        });
        Corpus { articles, errors }
    }

    /// Reads every input and hands the articles to `each`, `chunk` at a
    /// time and in input order, so a command that needs only a little of
    /// each article (dedup) never holds the whole corpus. A repeated id is
    /// reported and skipped; errors are printed as they come and returned.
    pub fn stream(
        inputs: &[String],
        max_article_bytes: u64,
        chunk: usize,
        mut each: impl FnMut(Vec<Article>),
    ) -> Vec<ErrorReport> {
        let opts = ReadOptions {
            max_article_bytes,
            ..ReadOptions::default()
        };
        let progress = output::counter("reading articles");
        let mut batch: Vec<Article> = Vec::with_capacity(chunk.min(STREAM_CHUNK));
        let mut errors = Vec::new();
        let mut seen: HashMap<String, Origin> = HashMap::new();
        for item in khabar_ingest::read_inputs(inputs, &opts) {
            match item {
                Ok(article) => {
                    if let Some(first) = seen.get(&article.id) {
                        let err = repeated_id(&article, first);
                        progress.suspend(|| {
                            eprintln!(
                                "khabar: {}: record {}: {}",
                                err.input,
                                repeat_record(&err),
                                err.error
                            )
                        });
                        errors.push(err);
                        continue;
                    }
                    seen.insert(article.id.clone(), article.origin.clone());
                    batch.push(article);
                    progress.inc(1);
                    if batch.len() >= chunk {
                        each(std::mem::take(&mut batch));
                    }
                }
                Err(err) => {
                    progress.suspend(|| report_error(&err));
                    errors.push(err.to_report());
                }
            }
        }
        if !batch.is_empty() {
            each(batch);
        }
        progress.finish_and_clear();
        errors
    }

    /// The display text of every article, in the same order (boilerplate
    /// removed, broken lines rejoined, glued words split with a lexicon
    /// learnt from the whole corpus).
    ///
    /// An article left with no letter or digit once its boilerplate is gone
    /// (a page that was only "تعليقات ()") is reported and dropped, so the
    /// articles and the texts returned stay in step.
    pub fn clean(&mut self) -> Vec<Cleaned> {
        let items: Vec<(&str, Option<&str>)> = self
            .articles
            .iter()
            .map(|a| (a.text.as_str(), a.title.as_deref()))
            .collect();
        let cleaned = khabar_clean::clean_corpus(&items);
        let mut kept = Vec::with_capacity(cleaned.len());
        let articles = std::mem::take(&mut self.articles);
        for (article, c) in articles.into_iter().zip(cleaned) {
            if c.text.chars().any(khabar_text::script::is_alphanumeric) {
                self.articles.push(article);
                kept.push(c);
            } else {
                let err = ErrorReport {
                    input: article.origin.input.clone(),
                    record: Some(article.origin.record),
                    error: "empty text once boilerplate is removed".to_string(),
                };
                eprintln!(
                    "khabar: {}: record {}: {}",
                    err.input, article.origin.record, err.error
                );
                self.errors.push(err);
            }
        }
        kept
    }

    /// Exit code of a command that reads articles: 0 when at least one
    /// article was read (bad records are reported, not fatal), 1 when
    /// nothing could be read.
    pub fn exit_code(&self) -> std::process::ExitCode {
        if self.articles.is_empty() {
            std::process::ExitCode::from(1)
        } else {
            std::process::ExitCode::SUCCESS
        }
    }
}

/// The error for an article whose id was already read: the repeat is skipped.
fn repeated_id(repeat: &Article, first: &Origin) -> ErrorReport {
    ErrorReport {
        input: repeat.origin.input.clone(),
        record: Some(repeat.origin.record),
        error: format!(
            "repeated id {:?} (first read from {}, record {}); skipped",
            repeat.id, first.input, first.record
        ),
    }
}

fn repeat_record(err: &ErrorReport) -> u64 {
    err.record.unwrap_or_default()
}

fn report_error(err: &RecordError) {
    eprintln!("khabar: {err}");
}
