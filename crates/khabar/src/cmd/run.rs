//! `khabar run`: the main job. Read, clean, deduplicate, align, cluster, and
//! print the stories.

use std::collections::HashMap;
use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::Context;
use khabar_dedup::{Fingerprinter, LshIndex, LshParams, ReuseDoc, ReusePair};
use khabar_ingest::ErrorReport;
use khabar_story::{Story, StoryInput};
use serde::Serialize;

use super::Corpus;
use crate::flags::RunArgs;
use crate::{output, report};

/// One story as the stories document shows it: the story crate's story
/// plus the near-duplicates and reuse found among its articles.
#[derive(Serialize)]
pub struct StoryDocument {
    #[serde(flatten)]
    pub story: Story,
    /// Near-duplicate groups among the story's articles.
    pub duplicates: Vec<Vec<String>>,
    /// Pairs of the story's articles that share passages.
    pub reuse: Vec<ReusePair>,
}

/// The stories document of DESIGN.md.
#[derive(Serialize)]
pub struct StoriesDocument<'a> {
    pub stories: Vec<StoryDocument>,
    pub errors: &'a [ErrorReport],
}

/// Runs `khabar run`.
pub fn run(args: &RunArgs) -> anyhow::Result<ExitCode> {
    let mut corpus = Corpus::read(&args.input.inputs, args.input.max_article_bytes);
    let cleaned = corpus.clean();
    let texts: Vec<&str> = cleaned.iter().map(|c| c.text.as_str()).collect();

    let inputs: Vec<StoryInput> = corpus
        .articles
        .iter()
        .zip(&texts)
        .map(|(a, text)| StoryInput {
            id: &a.id,
            title: a.title.as_deref(),
            text,
            source: a.source.as_deref(),
            published: a.published,
        })
        .collect();
    let clustering = khabar_story::cluster(&inputs);
    for skipped in &clustering.skipped {
        let a = &corpus.articles[skipped.index];
        corpus.errors.push(ErrorReport {
            input: a.origin.input.clone(),
            record: Some(a.origin.record),
            error: skipped.error.clone(),
        });
    }

    let duplicates = near_duplicate_groups(&texts);
    let ids: Vec<&str> = corpus.articles.iter().map(|a| a.id.as_str()).collect();
    let mut stories = attach(clustering.stories, &ids, &duplicates);
    attach_reuse(&mut stories, &corpus, &texts);
    let document = StoriesDocument {
        stories,
        errors: &corpus.errors,
    };

    if let Some(path) = &args.html {
        let html = report::html(&document, &corpus, &texts);
        std::fs::write(path, html).with_context(|| format!("cannot write {}", path.display()))?;
    }
    if args.json {
        output::print_json(&document)?;
    } else {
        print_human(&document, &corpus)?;
    }
    Ok(corpus.exit_code())
}

/// Near-duplicate groups over all articles, as article positions.
fn near_duplicate_groups(texts: &[&str]) -> Vec<Vec<usize>> {
    let fingerprinter = Fingerprinter::default();
    let fingerprints = fingerprinter.fingerprint_all(texts);
    let mut index = LshIndex::new(LshParams::default(), fingerprinter);
    index.insert_all((0..texts.len()).map(|i| i.to_string()), &fingerprints);
    index.groups()
}

/// The pairs of each story's articles that share passages, with the likely
/// origin. Reuse is looked for inside stories only (that is where the
/// stories document reports it), which keeps the seed index of each search
/// small; stories are searched in parallel.
fn attach_reuse(stories: &mut [StoryDocument], corpus: &Corpus, texts: &[&str]) {
    use rayon::prelude::*;
    stories
        .par_iter_mut()
        .filter(|s| s.story.indices.len() > 1)
        .for_each(|doc| {
            let members: Vec<ReuseDoc> = doc
                .story
                .indices
                .iter()
                .filter_map(|&i| {
                    let a = corpus.articles.get(i)?;
                    Some(ReuseDoc {
                        id: &a.id,
                        text: texts.get(i)?,
                        published: a.published.map(|p| p.timestamp()),
                    })
                })
                .collect();
            doc.reuse = khabar_dedup::find_reuse(&members);
        });
}

/// Gives each story the near-duplicate groups that lie inside it. `ids`
/// are the article ids by position (unique: `Corpus` skips repeats).
fn attach(stories: Vec<Story>, ids: &[&str], duplicates: &[Vec<usize>]) -> Vec<StoryDocument> {
    let mut story_of: Vec<Option<usize>> = vec![None; ids.len()];
    for (s, story) in stories.iter().enumerate() {
        for &i in &story.indices {
            if let Some(slot) = story_of.get_mut(i) {
                *slot = Some(s);
            }
        }
    }
    let mut docs: Vec<StoryDocument> = stories
        .into_iter()
        .map(|story| StoryDocument {
            story,
            duplicates: Vec::new(),
            reuse: Vec::new(),
        })
        .collect();

    for group in duplicates {
        // Copies the clusterer put in different stories give each story
        // the members it holds.
        let mut by_story: Vec<(usize, Vec<String>)> = Vec::new();
        for &i in group {
            let Some(s) = story_of.get(i).copied().flatten() else {
                continue;
            };
            let id = ids[i].to_string();
            match by_story.iter_mut().find(|(t, _)| *t == s) {
                Some((_, members)) => members.push(id),
                None => by_story.push((s, vec![id])),
            }
        }
        for (s, members) in by_story {
            if members.len() > 1 {
                docs[s].duplicates.push(members);
            }
        }
    }
    docs
}

fn print_human(document: &StoriesDocument, corpus: &Corpus) -> anyhow::Result<()> {
    let mut out = io::stdout().lock();
    let by_id: HashMap<&str, &khabar_ingest::Article> =
        corpus.articles.iter().map(|a| (a.id.as_str(), a)).collect();
    let multi = document
        .stories
        .iter()
        .filter(|s| s.story.articles.len() > 1)
        .count();
    writeln!(
        out,
        "{} articles → {} stories ({} with more than one article)",
        corpus.articles.len(),
        document.stories.len(),
        multi
    )?;
    for doc in &document.stories {
        let story = &doc.story;
        let view = &story.view;
        writeln!(out)?;
        writeln!(out, "━━ {} ━━ {}", story.id, view.headline)?;
        let n = story.articles.len();
        let mut facts = vec![format!("{n} article{}", if n == 1 { "" } else { "s" })];
        if !view.sources.is_empty() {
            let sources: Vec<String> = view
                .sources
                .iter()
                .map(|s| {
                    if s.count > 1 {
                        format!("{} ×{}", s.name, s.count)
                    } else {
                        s.name.clone()
                    }
                })
                .collect();
            facts.push(sources.join(", "));
        }
        match (view.first_published, view.last_published) {
            (Some(a), Some(b)) if a != b => facts.push(format!(
                "{} → {}",
                a.format("%Y-%m-%d %H:%M"),
                b.format("%Y-%m-%d %H:%M")
            )),
            (Some(a), _) => facts.push(a.format("%Y-%m-%d %H:%M").to_string()),
            _ => {}
        }
        writeln!(out, "{}", facts.join(" · "))?;
        for sentence in &view.summary {
            writeln!(out, "  • {sentence}")?;
        }
        if !view.entities.is_empty() {
            let names: Vec<String> = view
                .entities
                .iter()
                .take(8)
                .map(|e| format!("{} ({})", e.name, e.count))
                .collect();
            writeln!(out, "  names: {}", names.join("، "))?;
        }
        for id in &story.articles {
            let (source, title) = by_id
                .get(id.as_str())
                .map(|a| {
                    (
                        a.source.as_deref().unwrap_or(""),
                        a.title.as_deref().unwrap_or(""),
                    )
                })
                .unwrap_or_default();
            let source = if source.is_empty() {
                String::new()
            } else {
                format!(" [{source}]")
            };
            writeln!(out, "    {id}{source}  {title}")?;
        }
        for group in &doc.duplicates {
            writeln!(out, "  near-duplicates: {}", group.join(" = "))?;
        }
        for pair in &doc.reuse {
            let chars: usize = pair
                .passages
                .iter()
                .map(|p| p.a_end.saturating_sub(p.a_start))
                .sum();
            let origin = pair
                .origin
                .as_deref()
                .map(|o| format!(", origin {o}"))
                .unwrap_or_default();
            writeln!(
                out,
                "  reuse: {} ↔ {} ({} passage{}, {} chars{})",
                pair.a,
                pair.b,
                pair.passages.len(),
                if pair.passages.len() == 1 { "" } else { "s" },
                chars,
                origin
            )?;
        }
    }
    out.flush()?;
    Ok(())
}
