//! `khabar stories` and `khabar story`: the stories of the archive.

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::Context;
use khabar_archive::{Archive, StoryDocument};
use serde::Serialize;

use crate::flags::{ItemArgs, StoriesArgs};
use crate::output;

/// The `--json` document of `khabar stories`.
#[derive(Serialize)]
struct StoriesDocument<'a> {
    stories: &'a [StoryDocument],
}

/// Opens the archive in `dir` for reading (an ingest may be running).
pub fn open(dir: &std::path::Path) -> anyhow::Result<Archive> {
    if !dir.exists() {
        anyhow::bail!(
            "{}: no archive here (create one with `khabar ingest INPUT --data {}`)",
            dir.display(),
            dir.display()
        );
    }
    Ok(Archive::open_read_only(dir)?)
}

/// Runs `khabar stories`.
pub fn list(args: &StoriesArgs) -> anyhow::Result<ExitCode> {
    let archive = open(&args.data.data)?;
    let mut stories: Vec<StoryDocument> = archive
        .stories(args.since)?
        .into_iter()
        .filter(|s| s.story.articles.len() >= args.min_articles)
        .collect();
    if let Some(limit) = args.limit {
        stories.truncate(limit);
    }
    if args.json {
        output::print_json(&StoriesDocument { stories: &stories })?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = io::stdout().lock();
    writeln!(out, "{} stories, latest first", stories.len())?;
    for doc in &stories {
        let view = &doc.story.view;
        let when = view
            .last_published
            .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_else(|| "undated".into());
        let sources: Vec<&str> = view.sources.iter().map(|s| s.name.as_str()).collect();
        writeln!(
            out,
            "{:>7}  {when:16}  {:>3} art.  {}  [{}]",
            doc.story.id,
            doc.story.articles.len(),
            view.headline,
            sources.join(", ")
        )?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Runs `khabar story ID`.
pub fn show(args: &ItemArgs) -> anyhow::Result<ExitCode> {
    let archive = open(&args.data.data)?;
    let Some(doc) = archive.story(&args.id)? else {
        eprintln!(
            "khabar: {}: no story {:?} (`khabar stories` lists them)",
            args.data.data.display(),
            args.id
        );
        return Ok(ExitCode::from(1));
    };
    if args.json {
        output::print_json(&doc)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = io::stdout().lock();
    output::write_story(&mut out, &doc, |id| {
        archive
            .article(id)
            .ok()
            .flatten()
            .map(|a| (a.article.source, a.article.title))
            .unwrap_or_default()
    })
    .context("writing the story")?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
