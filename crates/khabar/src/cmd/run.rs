//! `khabar run`: the main job. Read, clean, deduplicate, align, cluster, and
//! print the stories.

use std::collections::HashMap;
use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::Context;
use khabar_archive::{StoryDocument, duplicates_by_story};
use khabar_dedup::{Fingerprinter, LshIndex, LshParams, ReuseDoc, ReusePair};
use khabar_ingest::ErrorReport;
use khabar_story::{Story, StoryInput};
use serde::Serialize;

use super::Corpus;
use crate::flags::RunArgs;
use crate::{output, report};

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
    // Clustering adds articles one at a time; beside it, on the other
    // core, near-duplicate detection runs, then the reuse search of each
    // story whose members are final (the rest once clustering is done).
    let (clustering, (duplicates, mut reuse)) =
        khabar_story::cluster_beside(&inputs, khabar_story::Config::default(), |closed| {
            let duplicates = near_duplicate_groups(&texts);
            let mut reuse = HashMap::new();
            while let Some(members) = closed.next() {
                if let [first, _, ..] = members[..] {
                    reuse.insert(first, story_reuse(&members, &corpus, &texts));
                }
            }
            (duplicates, reuse)
        });
    for skipped in &clustering.skipped {
        let a = &corpus.articles[skipped.index];
        corpus.errors.push(ErrorReport {
            input: a.origin.input.clone(),
            record: Some(a.origin.record),
            error: skipped.error.clone(),
        });
    }

    let ids: Vec<&str> = corpus.articles.iter().map(|a| a.id.as_str()).collect();
    let mut stories = attach(clustering.stories, &ids, &duplicates);
    attach_reuse(&mut stories, &mut reuse, &corpus, &texts);
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
/// small; stories are searched in parallel. `done` holds the reuse of
/// stories already searched, by their first member.
fn attach_reuse(
    stories: &mut [StoryDocument],
    done: &mut HashMap<usize, Vec<ReusePair>>,
    corpus: &Corpus,
    texts: &[&str],
) {
    use rayon::prelude::*;
    let mut todo: Vec<&mut StoryDocument> = Vec::new();
    for doc in stories.iter_mut().filter(|s| s.story.indices.len() > 1) {
        match doc.story.indices.first().and_then(|i| done.remove(i)) {
            Some(reuse) => doc.reuse = reuse,
            None => todo.push(doc),
        }
    }
    todo.into_par_iter()
        .for_each(|doc| doc.reuse = story_reuse(&doc.story.indices, corpus, texts));
}

/// The reuse search inside one story, given its members' positions.
fn story_reuse(members: &[usize], corpus: &Corpus, texts: &[&str]) -> Vec<ReusePair> {
    let docs: Vec<ReuseDoc> = members
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
    khabar_dedup::find_reuse(&docs)
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
    let split = duplicates_by_story(duplicates, &story_of, stories.len(), |i| {
        ids.get(i).copied()
    });
    stories
        .into_iter()
        .zip(split)
        .map(|(story, duplicates)| StoryDocument {
            duplicates,
            ..StoryDocument::new(story)
        })
        .collect()
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
        writeln!(out)?;
        output::write_story(&mut out, doc, |id| {
            by_id
                .get(id)
                .map(|a| (a.source.clone(), a.title.clone()))
                .unwrap_or_default()
        })?;
    }
    out.flush()?;
    Ok(())
}
