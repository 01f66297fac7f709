//! Counts the lines each cleaning rule removes over a JSON array of
//! articles (objects with `content` and optional `title`).
//!
//! ```text
//! cargo run -p khabar-clean --example rule_counts -- ARTICLES.json [--limit N] [--show]
//! ```
//!
//! `--show` also prints every removal with the raw lines around it, and the
//! credit of every article that has one, for checking the rules by hand.
//! `--jsonl` prints each article's cleaned result as one JSON line instead.
//! `--corpus` also runs `clean_corpus` (glued-word repair) and counts repairs.
//! `--joins` counts the raw line breaks the cleaner rejoined and prints each
//! joined pair (the end of one line and the start of the next).

use std::collections::BTreeMap;
use std::process::ExitCode;

use khabar_clean::{Rule, clean_corpus, strip_boilerplate};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: rule_counts ARTICLES.json [--limit N] [--show]");
        return ExitCode::from(2);
    };
    let limit = args
        .iter()
        .position(|a| a == "--limit")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(1000);
    let show = args.iter().any(|a| a == "--show");
    let jsonl = args.iter().any(|a| a == "--jsonl");
    let show_joins = args.iter().any(|a| a == "--joins");

    let articles: Vec<serde_json::Value> = match std::fs::read_to_string(path)
        .map_err(|e| e.to_string())
        .and_then(|s| serde_json::from_str(&s).map_err(|e| e.to_string()))
    {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(1);
        }
    };

    let mut counts: BTreeMap<Rule, usize> = BTreeMap::new();
    let (mut n, mut lines, mut credited, mut emptied, mut joins) = (0, 0, 0, 0, 0);
    for (idx, article) in articles.iter().take(limit).enumerate() {
        let content = article
            .get("content")
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        let title = article.get("title").and_then(|v| v.as_str());
        let cleaned = strip_boilerplate(content, title);
        if jsonl {
            println!("{}", serde_json::to_string(&cleaned).unwrap_or_default());
            continue;
        }
        n += 1;
        lines += content.lines().filter(|l| !l.trim().is_empty()).count();
        if cleaned.credit.is_some() {
            credited += 1;
        }
        if cleaned.text.is_empty() && !content.trim().is_empty() {
            emptied += 1;
        }
        let raw: Vec<&str> = content.split('\n').collect();
        for (a, b) in joined(&raw, &cleaned.text) {
            joins += 1;
            if show_joins {
                println!("[{idx}] join: …{a} ⏎ {b}…");
            }
        }
        for r in &cleaned.removed {
            *counts.entry(r.rule).or_default() += 1;
            if show {
                let around = |i: usize| raw.get(i).map(|l| l.trim()).filter(|l| !l.is_empty());
                println!("[{idx}:{}] {} | {:?}", r.line, r.rule, r.text);
                if let Some(before) = r.line.checked_sub(2).and_then(around) {
                    println!("    before: {:.120}", before);
                }
                if let Some(after) = around(r.line) {
                    println!("    after:  {:.120}", after);
                }
            }
        }
        if show && let Some(c) = &cleaned.credit {
            println!("[{idx}] credit: {c}");
        }
    }
    if jsonl {
        return ExitCode::SUCCESS;
    }
    println!(
        "{n} articles, {lines} non-blank lines, {credited} with a credit, {emptied} emptied, {joins} line breaks rejoined"
    );
    if args.iter().any(|a| a == "--corpus") {
        let items: Vec<(&str, Option<&str>)> = articles
            .iter()
            .take(limit)
            .map(|a| {
                let content = a
                    .get("content")
                    .and_then(|v| v.as_str())
                    .unwrap_or_default();
                (content, a.get("title").and_then(|v| v.as_str()))
            })
            .collect();
        let cleaned = clean_corpus(&items);
        let repairs: usize = cleaned.iter().map(|c| c.repairs.len()).sum();
        let touched = cleaned.iter().filter(|c| !c.repairs.is_empty()).count();
        println!("glued repairs: {repairs} in {touched} articles");
        if show {
            for (i, c) in cleaned.iter().enumerate() {
                for r in c.repairs.iter().take(3) {
                    println!("[{i}] glued {} -> {}", r.original, r.parts.join(" "));
                }
            }
        }
    }
    for rule in Rule::ALL {
        println!(
            "{:>16} {}",
            rule.name(),
            counts.get(rule).copied().unwrap_or(0)
        );
    }
    println!("{:>16} {}", "total", counts.values().sum::<usize>());
    ExitCode::SUCCESS
}

/// The raw line pairs (two consecutive non-blank lines) that the display
/// text shows joined by a space: the last three words of one and the first
/// three of the next, as they appear in `text`.
fn joined(raw: &[&str], text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for pair in raw.windows(2) {
        let [a, b] = pair else { continue };
        let a: Vec<&str> = a.split_whitespace().collect();
        let b: Vec<&str> = b.split_whitespace().collect();
        if a.is_empty() || b.is_empty() {
            continue;
        }
        let tail = a[a.len().saturating_sub(3)..].join(" ");
        let head = b[..b.len().min(3)].join(" ");
        if text.contains(&format!("{tail} {head}")) {
            out.push((tail, head));
        }
    }
    out
}
