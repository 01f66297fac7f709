//! `khabar article ID`: one article of the archive.

use std::io::{self, Write};
use std::process::ExitCode;

use crate::flags::ItemArgs;
use crate::output;

/// Runs `khabar article ID`.
pub fn run(args: &ItemArgs) -> anyhow::Result<ExitCode> {
    let archive = super::stories::open(&args.data.data)?;
    let Some(stored) = archive.article(&args.id)? else {
        eprintln!(
            "khabar: {}: no article {:?}",
            args.data.data.display(),
            args.id
        );
        return Ok(ExitCode::from(1));
    };
    if args.json {
        output::print_json(&stored)?;
        return Ok(ExitCode::SUCCESS);
    }
    let a = &stored.article;
    let mut out = io::stdout().lock();
    writeln!(out, "━━ {} ━━ {}", a.id, a.title.as_deref().unwrap_or(""))?;
    let mut facts = vec![format!("story {}", a.story_id)];
    facts.extend(a.source.clone());
    facts.extend(a.published.map(|t| t.format("%Y-%m-%d %H:%M").to_string()));
    facts.extend(a.url.clone());
    writeln!(out, "{}", facts.join(" · "))?;
    writeln!(out)?;
    writeln!(out, "{}", a.display_text)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
