//! The first 1,000 articles of one real SaudiNewsNet day, read at test time
//! from `shared/data` (never copied into the repository). Skipped, with a
//! message, when the data is not there.

use std::io::Read;
use std::path::PathBuf;

use khabar_clean::{Rule, clean_corpus, kept_lines};

fn zip_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/saudinewsnet/dataset/2015-07-21.zip")
}

fn u16_at(b: &[u8], i: usize) -> Option<usize> {
    Some(u16::from_le_bytes([*b.get(i)?, *b.get(i + 1)?]) as usize)
}

fn u32_at(b: &[u8], i: usize) -> Option<usize> {
    Some(u32::from_le_bytes([*b.get(i)?, *b.get(i + 1)?, *b.get(i + 2)?, *b.get(i + 3)?]) as usize)
}

/// The first member of a zip archive (stored or deflated), read from its
/// local file header.
fn first_member(zip: &[u8]) -> Result<String, String> {
    if zip.get(..4) != Some(&[0x50, 0x4b, 0x03, 0x04]) {
        return Err("not a zip local file header".into());
    }
    let method = u16_at(zip, 8).ok_or("short header")?;
    let start =
        30 + u16_at(zip, 26).ok_or("short header")? + u16_at(zip, 28).ok_or("short header")?;
    let data = zip.get(start..).ok_or("no data")?;
    let mut out = String::new();
    match method {
        0 => {
            let size = u32_at(zip, 18).ok_or("short header")?;
            out = String::from_utf8(data.get(..size).ok_or("short data")?.to_vec())
                .map_err(|e| e.to_string())?;
        }
        8 => {
            flate2::read::DeflateDecoder::new(data)
                .read_to_string(&mut out)
                .map_err(|e| e.to_string())?;
        }
        m => return Err(format!("unsupported compression method {m}")),
    }
    Ok(out)
}

#[test]
fn first_thousand_articles_keep_their_text() {
    let path = zip_path();
    let Ok(zip) = std::fs::read(&path) else {
        eprintln!("skipped: {} is not there", path.display());
        return;
    };
    let json = first_member(&zip).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let articles: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap_or_default();
    assert!(
        articles.len() >= 1000,
        "expected at least 1000 articles, got {}",
        articles.len()
    );

    let items: Vec<(&str, Option<&str>)> = articles
        .iter()
        .take(1000)
        .map(|a| {
            (
                a.get("content")
                    .and_then(|v| v.as_str())
                    .unwrap_or_default(),
                a.get("title").and_then(|v| v.as_str()),
            )
        })
        .collect();
    let cleaned = clean_corpus(&items);
    assert_eq!(cleaned.len(), items.len());

    let mut removals = 0;
    let mut read_more = 0;
    for (i, ((raw, title), c)) in items.iter().zip(&cleaned).enumerate() {
        // Glued-word repair only adds spaces: without white space, the
        // kept lines are the display text.
        let kept: String = kept_lines(raw, *title).concat();
        assert_eq!(
            kept.chars()
                .filter(|ch| !ch.is_whitespace())
                .collect::<String>(),
            c.text
                .chars()
                .filter(|ch| !ch.is_whitespace())
                .collect::<String>(),
            "article {i}"
        );
        if !raw.trim().is_empty() {
            assert!(!c.text.is_empty(), "article {i} lost all its text");
        }
        // The display text keeps most of the article: boilerplate is short.
        let kept = c.text.chars().filter(|ch| !ch.is_whitespace()).count();
        let had = raw.chars().filter(|ch| !ch.is_whitespace()).count();
        assert!(
            kept * 10 >= had * 8,
            "article {i} kept {kept} of {had} chars"
        );
        let lines: Vec<&str> = raw.split('\n').collect();
        for r in &c.removed {
            let line = lines.get(r.line - 1).copied().unwrap_or_default();
            assert!(
                line.contains(r.text.as_str()),
                "article {i}: {:?} not in line {}",
                r.text,
                r.line
            );
            removals += 1;
            read_more += usize::from(r.rule == Rule::ReadMore);
        }
    }
    // This day's Asharq Al-Awsat pages end with a "...المزيد" link.
    assert!(
        read_more > 0,
        "no read-more link removed in 1000 real articles"
    );
    assert!(
        removals < 1000,
        "{removals} removals in 1000 articles: a rule misfires"
    );
}
