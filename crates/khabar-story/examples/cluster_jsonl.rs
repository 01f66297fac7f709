//! Clusters a JSONL file of articles and prints the stories as JSON.
//!
//! Each line is `{"id", "title", "text", "source", "published"}` (only `id`
//! and `text` required; `content` is accepted for `text`, a JSON array file
//! too). Prints `{"stories": [...], "skipped": [...]}` on stdout and the
//! timing on stderr. Used to score the clusterer on the dev set:
//!
//! ```text
//! cargo run --release -p khabar-story --example cluster_jsonl -- dev.jsonl > pred.json
//! python3 score.py dev.jsonl pred.json
//! ```
//! With `--groups-only`, the story view is not built (for timing the
//! clustering alone: the texts are read one after the other, then added). With `--clean`, texts are first cleaned by
//! `khabar_clean::clean_corpus`, as `khabar run` does. With `--online`, the
//! articles are added with `Clusterer::add_all` without warming the IDF (as
//! `khabar ingest` does), and the state is saved and loaded to time it.

use std::io::Read;
use std::time::Instant;

use chrono::DateTime;
use khabar_story::{Clusterer, Config, StoryInput, cluster_with, publication_order};
use serde_json::Value;

fn field<'a>(v: &'a Value, names: &[&str]) -> Option<&'a str> {
    names.iter().find_map(|n| v.get(*n)?.as_str())
}

/// The default config with `KHABAR_STORY_CONFIG="threshold=0.3,title_weight=0.5"`
/// overrides, for tuning runs.
fn config() -> Config {
    let mut c = Config::default();
    let Ok(spec) = std::env::var("KHABAR_STORY_CONFIG") else {
        return c;
    };
    for kv in spec.split(',') {
        let Some((k, v)) = kv.split_once('=') else {
            continue;
        };
        let Ok(x) = v.trim().parse::<f32>() else {
            continue;
        };
        match k.trim() {
            "threshold" => c.threshold = x,
            "word_weight" => c.word_weight = x,
            "title_weight" => c.title_weight = x,
            "entity_weight" => c.entity_weight = x,
            "number_weight" => c.number_weight = x,
            "grace_hours" => c.grace_hours = x,
            "decay_hours" => c.decay_hours = x,
            "centroid_half_life_hours" => c.centroid_half_life_hours = x,
            "entity_gate" => c.entity_gate = x,
            "lead_words" => c.lead_words = x as usize,
            "body_weight" => c.body_weight = x,
            "member_weight" => c.member_weight = x,
            "members_compared" => c.members_compared = x as usize,
            "min_content_words" => c.min_content_words = x as usize,
            "max_span_hours" => c.max_span_hours = x,
            "span_decay_hours" => c.span_decay_hours = x,
            "lookup_features" => c.lookup_features = x as usize,
            "max_candidates" => c.max_candidates = x as usize,
            "column_factor" => c.column_factor = x,
            "title_number_factor" => c.title_number_factor = x,
            "core_members" => c.core_members = x as usize,
            "title_ordinal_factor" => c.title_ordinal_factor = x,
            "title_place_factor" => c.title_place_factor = x,
            "core_threshold" => c.core_threshold = x,
            "centroid_lift" => c.centroid_lift = x,
            "essay_factor" => c.essay_factor = x,
            other => eprintln!("unknown setting {other}"),
        }
    }
    c
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let groups_only = args.iter().any(|a| a == "--groups-only");
    let online = args.iter().any(|a| a == "--online");
    let clean = args.iter().any(|a| a == "--clean");
    let limit: Option<usize> = args
        .iter()
        .position(|a| a == "--limit")
        .and_then(|i| args.get(i + 1)?.parse().ok());
    let Some(path) = args
        .iter()
        .find(|a| !a.starts_with("--") && a.parse::<usize>().is_err())
    else {
        eprintln!("usage: cluster_jsonl FILE.jsonl [--clean] [--groups-only] [--limit N]");
        std::process::exit(2);
    };
    let mut raw = String::new();
    let read = if path == "-" {
        std::io::stdin().read_to_string(&mut raw).map(|_| ())
    } else {
        std::fs::read_to_string(path).map(|s| raw = s)
    };
    if let Err(e) = read {
        eprintln!("{path}: {e}");
        std::process::exit(1);
    }
    let start = Instant::now();
    let mut values: Vec<Value> = if raw.trim_start().starts_with('[') {
        serde_json::from_str::<Vec<Value>>(&raw).unwrap_or_default()
    } else {
        raw.lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect()
    };
    if let Some(n) = limit {
        values.truncate(n);
    }
    let ids: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(i, v)| field(v, &["id", "url"]).map_or_else(|| i.to_string(), str::to_string))
        .collect();
    let raw_texts: Vec<(&str, Option<&str>)> = values
        .iter()
        .map(|v| {
            (
                field(v, &["text", "content", "body"]).unwrap_or(""),
                field(v, &["title"]),
            )
        })
        .collect();
    let cleaned: Vec<String> = if clean {
        khabar_clean::clean_corpus(&raw_texts)
            .into_iter()
            .map(|c| c.text)
            .collect()
    } else {
        Vec::new()
    };
    let articles: Vec<StoryInput> = values
        .iter()
        .zip(&ids)
        .enumerate()
        .map(|(i, (v, id))| StoryInput {
            id,
            title: field(v, &["title"]),
            text: cleaned
                .get(i)
                .map_or_else(|| raw_texts[i].0, String::as_str),
            source: field(v, &["source"]),
            published: field(v, &["published", "date_extracted"])
                .and_then(|p| DateTime::parse_from_rfc3339(p).ok()),
        })
        .collect();
    let parsed = start.elapsed();
    if clean {
        eprintln!("parsed and cleaned in {:.2}s", parsed.as_secs_f64());
    }
    if online {
        let mut c = Clusterer::new(config());
        let ordered: Vec<StoryInput> = publication_order(&articles)
            .into_iter()
            .map(|i| articles[i])
            .collect();
        let t = Instant::now();
        let results = c.add_all(&ordered);
        let added = t.elapsed();
        let t = Instant::now();
        let bytes = c.to_bytes();
        let saved = t.elapsed();
        let t = Instant::now();
        let loaded = Clusterer::from_bytes(&bytes);
        let load = t.elapsed();
        eprintln!(
            "{} articles ({} repeats), {} stories ({} live): add_all {:.2}s; state {} bytes, save {:.3}s, load {:.3}s ({})",
            articles.len(),
            results.iter().filter(|r| r.is_err()).count(),
            c.story_count(),
            c.live_count(),
            added.as_secs_f64(),
            bytes.len(),
            saved.as_secs_f64(),
            load.as_secs_f64(),
            loaded.map_or_else(|e| e.to_string(), |_| "ok".to_string()),
        );
        // The groups as stories (members only), for score.py.
        let added: Vec<&str> = ordered
            .iter()
            .zip(&results)
            .filter(|(_, r)| r.is_ok())
            .map(|(a, _)| a.id)
            .collect();
        let stories: Vec<Value> = c
            .groups()
            .iter()
            .map(|g| {
                let ids: Vec<&str> = g
                    .iter()
                    .filter_map(|&s| added.get(s as usize).copied())
                    .collect();
                serde_json::json!({ "articles": ids })
            })
            .collect();
        println!("{}", serde_json::json!({ "stories": stories }));
        return;
    }
    if groups_only {
        let mut c = Clusterer::new(config());
        let order = publication_order(&articles);
        for &i in &order {
            c.observe(&articles[i]);
        }
        let observed = start.elapsed();
        let verbose = std::env::var_os("KHABAR_STORY_VERBOSE").is_some();
        // On a thread of rayon's pool, as `cluster_with` adds: the
        // clusterer scores candidate stories in parallel there.
        rayon::scope(|_| {
            for &i in &order {
                let a = c.add(&articles[i]);
                if verbose && let Ok(a) = a {
                    eprintln!(
                        "{}\t{}\t{}\t{:.3}",
                        articles[i].id, a.story.0, a.started, a.similarity
                    );
                }
            }
        });
        eprintln!(
            "{} articles, {} stories ({} live): parse {:.2}s, observe {:.2}s, add {:.2}s",
            articles.len(),
            c.story_count(),
            c.live_count(),
            parsed.as_secs_f64(),
            (observed - parsed).as_secs_f64(),
            (start.elapsed() - observed).as_secs_f64()
        );
        return;
    }
    let result = cluster_with(&articles, config());
    eprintln!(
        "{} articles, {} stories in {:.2}s (parse {:.2}s)",
        articles.len(),
        result.stories.len(),
        start.elapsed().as_secs_f64(),
        parsed.as_secs_f64()
    );
    match serde_json::to_string(&result) {
        Ok(s) => println!("{s}"),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
