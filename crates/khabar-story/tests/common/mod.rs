//! What the story tests share: the labelled arabic-stories dev set, read
//! once the same way for every test that uses it (`../shared` beside the
//! repository; absent in some checkouts, and then the tests skip with a
//! message), and [`at`] for the times of the texts written in the tests.

// Each test binary that includes this module uses only part of it.
#![allow(dead_code)]

use chrono::{DateTime, FixedOffset};
use khabar_story::StoryInput;
use serde_json::Value;

/// A publication time written in a test (RFC 3339).
pub fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap_or_default()
}

/// One dev-set article, owned.
pub struct DevArticle {
    pub id: String,
    pub title: Option<String>,
    pub text: String,
    pub source: Option<String>,
    pub published: Option<DateTime<FixedOffset>>,
    /// The gold story label: for scoring only, never given to the clusterer.
    pub story: String,
}

impl DevArticle {
    /// The article as the clusterer takes it.
    pub fn input(&self) -> StoryInput<'_> {
        StoryInput {
            id: &self.id,
            title: self.title.as_deref(),
            text: &self.text,
            source: self.source.as_deref(),
            published: self.published,
        }
    }
}

/// The dev set in file order, or `None` (after saying so) when it is absent.
pub fn dev_set() -> Option<Vec<DevArticle>> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/arabic-stories/dev.jsonl");
    let Ok(raw) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: {} not found", path.display());
        return None;
    };
    let field = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    Some(
        raw.lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .map(|r| DevArticle {
                id: field(&r, "id").unwrap_or_default(),
                title: field(&r, "title"),
                text: field(&r, "text").unwrap_or_default(),
                source: field(&r, "source"),
                published: field(&r, "published")
                    .and_then(|p| DateTime::parse_from_rfc3339(&p).ok()),
                story: field(&r, "story").unwrap_or_default(),
            })
            .collect(),
    )
}
