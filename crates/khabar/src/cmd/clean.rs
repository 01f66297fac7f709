//! `khabar clean`: the display text of each article.

use std::io::{self, Write};
use std::process::ExitCode;

use khabar_clean::Cleaned;
use khabar_ingest::{Article, ErrorReport};
use serde::Serialize;

use super::Corpus;
use crate::flags::CleanArgs;
use crate::output;

/// One cleaned article as `--json` prints it.
#[derive(Serialize)]
struct CleanedArticle<'a> {
    id: &'a str,
    title: Option<&'a str>,
    source: Option<&'a str>,
    url: Option<&'a str>,
    published: Option<String>,
    lang: Option<String>,
    /// Display text, credit, removed lines and glued-word repairs.
    #[serde(flatten)]
    cleaned: &'a Cleaned,
}

#[derive(Serialize)]
struct CleanDocument<'a> {
    articles: Vec<CleanedArticle<'a>>,
    errors: &'a [ErrorReport],
}

/// Runs `khabar clean`.
pub fn run(args: &CleanArgs) -> anyhow::Result<ExitCode> {
    let mut corpus = Corpus::read(&args.input.inputs, args.input.max_article_bytes);
    let cleaned = corpus.clean();
    let views: Vec<CleanedArticle> = corpus
        .articles
        .iter()
        .zip(&cleaned)
        .map(|(article, cleaned)| view(article, cleaned))
        .collect();

    if args.json {
        output::print_json(&CleanDocument {
            articles: views,
            errors: &corpus.errors,
        })?;
    } else {
        print_human(&views, args.explain)?;
    }
    Ok(corpus.exit_code())
}

fn view<'a>(article: &'a Article, cleaned: &'a Cleaned) -> CleanedArticle<'a> {
    let lang = article
        .lang
        .clone()
        .or_else(|| khabar_text::detect_language(&cleaned.text).map(|l| l.code().to_string()));
    CleanedArticle {
        id: &article.id,
        title: article.title.as_deref(),
        source: article.source.as_deref(),
        url: article.url.as_deref(),
        published: article.published.map(|p| p.to_rfc3339()),
        lang,
        cleaned,
    }
}

fn print_human(views: &[CleanedArticle], explain: bool) -> anyhow::Result<()> {
    let mut out = io::stdout().lock();
    for (i, a) in views.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(out, "━━ {} ━━ {}", a.id, a.title.unwrap_or("(no title)"))?;
        let mut facts = Vec::new();
        if let Some(s) = a.source {
            facts.push(format!("source: {s}"));
        }
        if let Some(p) = &a.published {
            facts.push(format!("published: {p}"));
        }
        if let Some(l) = &a.lang {
            facts.push(format!("language: {l}"));
        }
        if let Some(c) = &a.cleaned.credit {
            facts.push(format!("credit: {c}"));
        }
        if !facts.is_empty() {
            writeln!(out, "{}", facts.join(" · "))?;
        }
        writeln!(out)?;
        writeln!(out, "{}", a.cleaned.text)?;
        if explain {
            for r in &a.cleaned.removed {
                writeln!(out, "  − line {:>3} [{}] {}", r.line, r.rule.name(), r.text)?;
            }
            for g in &a.cleaned.repairs {
                writeln!(out, "  + glued: {} → {}", g.original, g.parts.join(" "))?;
            }
        }
    }
    out.flush()?;
    Ok(())
}
