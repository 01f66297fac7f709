//! `khabar align`: the passages two articles share.

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::{Context, bail};
use khabar_dedup::Passage;
use khabar_ingest::Article;
use serde::Serialize;

use super::Corpus;
use crate::flags::AlignArgs;
use crate::output;

#[derive(Serialize)]
struct AlignDocument<'a> {
    a: &'a str,
    b: &'a str,
    /// The earlier of the two when both publication times are known.
    origin: Option<&'a str>,
    passages: &'a [Passage],
}

/// Runs `khabar align`.
pub fn run(args: &AlignArgs) -> anyhow::Result<ExitCode> {
    let by_id = !args.inputs.is_empty();
    let inputs = if by_id {
        args.inputs.clone()
    } else {
        vec![args.a.clone(), args.b.clone()]
    };
    let corpus = Corpus::read(&inputs, args.max_article_bytes);
    let find = |key: &str| -> anyhow::Result<usize> {
        let found = if by_id {
            corpus.articles.iter().position(|a| a.id == key)
        } else {
            corpus.articles.iter().position(|a| a.origin.input == key)
        };
        found.with_context(|| {
            if by_id {
                format!("no article with id {key:?} in {}", args.inputs.join(", "))
            } else {
                format!("no article could be read from {key}")
            }
        })
    };
    let (ia, ib) = (find(&args.a)?, find(&args.b)?);
    if ia == ib {
        bail!("A and B are the same article ({})", corpus.articles[ia].id);
    }

    let mut pair = Corpus {
        articles: vec![corpus.articles[ia].clone(), corpus.articles[ib].clone()],
        errors: Vec::new(),
    };
    let cleaned = pair.clean();
    let (Some(a), Some(b), Some(ca), Some(cb)) = (
        pair.articles.first(),
        pair.articles.get(1),
        cleaned.first(),
        cleaned.get(1),
    ) else {
        bail!("nothing to align: an article has no text once its boilerplate is removed");
    };
    let passages = khabar_dedup::align(&ca.text, &cb.text);
    let origin = earlier(a, b).map(|x| x.id.as_str());

    if args.json {
        output::print_json(&AlignDocument {
            a: &a.id,
            b: &b.id,
            origin,
            passages: &passages,
        })?;
    } else {
        print_human(a, b, origin, &passages, &cb.text)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The article published first, when both times are known and differ.
fn earlier<'a>(a: &'a Article, b: &'a Article) -> Option<&'a Article> {
    match (a.published, b.published) {
        (Some(pa), Some(pb)) if pa < pb => Some(a),
        (Some(pa), Some(pb)) if pb < pa => Some(b),
        _ => None,
    }
}

fn print_human(
    a: &Article,
    b: &Article,
    origin: Option<&str>,
    passages: &[Passage],
    b_text: &str,
) -> anyhow::Result<()> {
    let mut out = io::stdout().lock();
    let title = |x: &Article| x.title.clone().unwrap_or_else(|| "(no title)".into());
    writeln!(out, "A  {}  {}", a.id, title(a))?;
    writeln!(out, "B  {}  {}", b.id, title(b))?;
    if let Some(o) = origin {
        writeln!(out, "likely origin: {o} (published first)")?;
    }
    writeln!(out, "{} shared passages", passages.len())?;
    for (n, p) in passages.iter().enumerate() {
        writeln!(
            out,
            "\n── passage {} · score {:.2} · A {}..{} · B {}..{}",
            n + 1,
            p.score,
            p.a_start,
            p.a_end,
            p.b_start,
            p.b_end
        )?;
        writeln!(out, "A │ {}", p.text)?;
        let b_passage: String = b_text
            .chars()
            .skip(p.b_start)
            .take(p.b_end.saturating_sub(p.b_start))
            .collect();
        writeln!(out, "B │ {b_passage}")?;
    }
    out.flush()?;
    Ok(())
}
