//! Things every subcommand prints the same way: errors on stderr, progress
//! bars on a terminal only, JSON on stdout.

use std::io::{self, IsTerminal, Write};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;

/// True when `err` is a closed stdout (`khabar ... | head`): that is success.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// A spinner counting items on stderr, drawn only when stderr is a terminal.
pub fn counter(message: &'static str) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(None, draw_target());
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg}: {human_pos} ({per_sec}, {elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.set_message(message);
    bar
}

fn draw_target() -> ProgressDrawTarget {
    if io::stderr().is_terminal() {
        ProgressDrawTarget::stderr()
    } else {
        ProgressDrawTarget::hidden()
    }
}

/// Writes `value` as pretty JSON and a newline to stdout.
pub fn print_json<T: Serialize>(value: &T) -> anyhow::Result<()> {
    // Stdout is line-buffered: pretty JSON through it is one write call per
    // line. A block buffer writes the same bytes in large pieces.
    let mut out = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    out.flush()?;
    Ok(())
}

/// Writes one story for a person: headline, facts (size, sources, time
/// span), summary, names, members (with outlet and title from `article`),
/// near-duplicates and reuse.
pub fn write_story(
    out: &mut impl Write,
    doc: &khabar_archive::StoryDocument,
    article: impl Fn(&str) -> (Option<String>, Option<String>),
) -> io::Result<()> {
    let story = &doc.story;
    let view = &story.view;
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
        let (source, title) = article(id);
        let source = source
            .filter(|s| !s.is_empty())
            .map(|s| format!(" [{s}]"))
            .unwrap_or_default();
        writeln!(out, "    {id}{source}  {}", title.unwrap_or_default())?;
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
    Ok(())
}
