//! The sparse features of one article: content-word stems, title stems,
//! entities and numbers, before any weighting.
//!
//! Does not: weight features (the clusterer applies IDF) or compare articles.

use rustc_hash::FxHashMap;

use crate::entities::{Mention, mentions};
use crate::words::{Word, is_stop_word, stem, words};

/// Only the first this many words of a text are read: the lead of a news
/// article carries its event, and a huge article must not cost more than a
/// long one.
pub(crate) const MAX_WORDS: usize = 1500;

/// Title words count this many times in the content-word vector: the title
/// names the event.
const TITLE_REPEAT: f32 = 2.0;

/// How words weigh by position: a news article puts its event first; later
/// paragraphs of a round-up drift to other matters.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Lead {
    /// The first this many words of the text count in full.
    pub words: usize,
    /// Weight of a word after the lead.
    pub body_weight: f32,
}

impl Default for Lead {
    fn default() -> Self {
        Lead {
            words: usize::MAX,
            body_weight: 1.0,
        }
    }
}

/// The raw features of one article.
#[derive(Debug, Default, Clone)]
pub(crate) struct ArticleFeatures {
    /// Content-word stem -> count (title words included, boosted).
    pub words: FxHashMap<String, f32>,
    /// Title stems (set).
    pub title: Vec<String>,
    /// Entity key -> number of mentions.
    pub entities: FxHashMap<String, f32>,
    /// Numbers of two digits or more mentioned (set).
    pub numbers: Vec<String>,
    /// Entity mentions, for the story view.
    pub mentions: Vec<Mention>,
}

/// The stem of a content word, or None for stop words, numbers and single
/// letters.
pub(crate) fn content_stem(w: &Word) -> Option<String> {
    if w.number || is_stop_word(&w.text) {
        return None;
    }
    let s = stem(&w.text);
    let min = if s.is_ascii() { 3 } else { 2 };
    (s.chars().count() >= min).then_some(s)
}

/// Extracts the features of an article from its title and display text.
pub(crate) fn extract(title: Option<&str>, text: &str, lead: Lead) -> ArticleFeatures {
    let mut f = ArticleFeatures::default();
    let push_numbers = |ws: &[Word], f: &mut ArticleFeatures| {
        for w in ws.iter().filter(|w| w.number && w.text.len() >= 2) {
            let n = w.text.trim_start_matches('0');
            if n.len() >= 2 && !f.numbers.iter().any(|x| x == n) {
                f.numbers.push(n.to_string());
            }
        }
    };
    if let Some(title) = title {
        let tw = words(title);
        for w in &tw {
            if let Some(s) = content_stem(w) {
                *f.words.entry(s.clone()).or_default() += TITLE_REPEAT;
                if !f.title.contains(&s) {
                    f.title.push(s);
                }
            }
        }
        push_numbers(&tw, &mut f);
        f.mentions.extend(mentions(title, &tw));
    }
    let mut tw = words(text);
    tw.truncate(MAX_WORDS);
    for (i, w) in tw.iter().enumerate() {
        if let Some(s) = content_stem(w) {
            let weight = if i < lead.words {
                1.0
            } else {
                lead.body_weight
            };
            *f.words.entry(s).or_default() += weight;
        }
    }
    push_numbers(&tw, &mut f);
    f.mentions.extend(mentions(text, &tw));
    for m in &f.mentions {
        *f.entities.entry(m.key.clone()).or_default() += 1.0;
    }
    f
}
