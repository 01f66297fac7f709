//! `khabar search QUERY`: ranked articles of the archive with their stories.

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use khabar_store::Hit;
use serde::Serialize;

use crate::flags::SearchArgs;
use crate::output;

/// The `--json` document.
#[derive(Serialize)]
struct SearchDocument<'a> {
    query: &'a str,
    hits: &'a [Hit],
}

/// Runs `khabar search`.
pub fn run(args: &SearchArgs) -> anyhow::Result<ExitCode> {
    let archive = super::stories::open(&args.data.data)?;
    let query = args.query.join(" ");
    let hits = archive.search(&query, args.limit)?;
    if args.json {
        output::print_json(&SearchDocument {
            query: &query,
            hits: &hits,
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    let bold = io::stdout().is_terminal();
    let mut out = io::stdout().lock();
    writeln!(out, "{} articles match {query:?}", hits.len())?;
    for hit in &hits {
        writeln!(out)?;
        writeln!(
            out,
            "{}  (story {}, score {:.2})  {}",
            hit.id,
            hit.story_id,
            hit.score,
            hit.title.as_deref().unwrap_or("")
        )?;
        writeln!(out, "    {}", snippet_text(&hit.snippet_html, bold))?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The snippet on one line for a terminal: `<b>` as bold (or `[…]` when
/// not a terminal), entities decoded.
fn snippet_text(html: &str, bold: bool) -> String {
    let (on, off) = if bold {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("[", "]")
    };
    let line: Vec<&str> = html.split_whitespace().collect();
    line.join(" ")
        .replace("<b>", on)
        .replace("</b>", off)
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_marks_matches_and_decodes_entities() {
        let html = "قال <b>وزير</b> الخارجية\n\n&amp; الدفاع &lt;العاجل&gt;";
        assert_eq!(
            snippet_text(html, false),
            "قال [وزير] الخارجية & الدفاع <العاجل>"
        );
    }
}
