//! The story view: what a reader sees of a group of articles.
//!
//! - Headline: the most central title (the one whose words the members share
//!   most), or the most central lead sentence when no member has a title.
//! - Summary: 2–5 sentences from the members' leads, chosen because several
//!   sources carry a sentence like them, and not repeating each other or the
//!   headline.
//! - Entities with the number of members that name them, sources (outlets)
//!   with counts, and the first and last publication times.
//!
//! Does not: cluster, or look at duplicate groups and reused passages (the
//! caller attaches those).

use chrono::{DateTime, FixedOffset};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use crate::StoryInput;
use crate::entities::{EntityKind, Mention};
use crate::features::{content_stem, extract};
use crate::words::{sentences, words};

/// An entity named in a story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entity {
    /// The name as shown (the gazetteer's name, or the most common spelling).
    pub name: String,
    /// Person, organization or place.
    pub kind: EntityKind,
    /// The number of the story's articles that name it.
    pub count: usize,
}

/// An outlet and the number of the story's articles it published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceCount {
    /// The outlet.
    pub name: String,
    /// Articles from it in the story.
    pub count: usize,
}

/// What a reader sees of a story.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryView {
    /// The best title, or the most central sentence.
    pub headline: String,
    /// 2–5 sentences (fewer when the members have fewer).
    pub summary: Vec<String>,
    /// Entities, most named first (at most [`MAX_ENTITIES`]).
    pub entities: Vec<Entity>,
    /// Outlets, biggest first.
    pub sources: Vec<SourceCount>,
    /// The earliest known publication time.
    pub first_published: Option<DateTime<FixedOffset>>,
    /// The latest known publication time.
    pub last_published: Option<DateTime<FixedOffset>>,
}

/// At most this many entities are listed.
pub const MAX_ENTITIES: usize = 15;
/// Sentences read from the start of each member for the summary.
const LEAD_SENTENCES: usize = 6;
/// Members read for the summary (the earliest).
const SUMMARY_MEMBERS: usize = 40;
/// Two sentences with at least this cosine say the same thing.
const SAME_SENTENCE: f32 = 0.45;
/// Summary sentences must have this many words, at most.
const SENTENCE_WORDS: std::ops::RangeInclusive<usize> = 6..=70;
/// Summary length.
const SUMMARY_MAX: usize = 5;
const SUMMARY_MIN: usize = 2;

type Bag = FxHashMap<String, f32>;

fn bag(text: &str) -> Bag {
    let mut b = Bag::default();
    for w in words(text) {
        if let Some(s) = content_stem(&w) {
            b.insert(s, 1.0);
        }
    }
    b
}

fn cosine(a: &Bag, b: &Bag) -> f32 {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let dot: f32 = small
        .iter()
        .filter_map(|(k, x)| Some(x * large.get(k)?))
        .sum();
    let na: f32 = a.values().map(|x| x * x).sum::<f32>().sqrt();
    let nb: f32 = b.values().map(|x| x * x).sum::<f32>().sqrt();
    if na > 0.0 && nb > 0.0 {
        dot / (na * nb)
    } else {
        0.0
    }
}

struct Sentence {
    text: String,
    bag: Bag,
    /// The member (index in `members`) it came from.
    member: usize,
    /// Its position in the member's lead.
    position: usize,
}

fn lead_sentences(members: &[&StoryInput]) -> Vec<Sentence> {
    let mut out = Vec::new();
    for (m, a) in members.iter().enumerate().take(SUMMARY_MEMBERS) {
        let mut position = 0;
        for r in sentences(a.text) {
            if position >= LEAD_SENTENCES {
                break;
            }
            let Some(text) = a.text.get(r) else { continue };
            let n = text.split_whitespace().count();
            if !SENTENCE_WORDS.contains(&n) {
                continue;
            }
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            out.push(Sentence {
                bag: bag(&text),
                text,
                member: m,
                position,
            });
            position += 1;
        }
    }
    out
}

/// Stem -> number of members using it (in title or lead).
fn story_bag(members: &[&StoryInput], leads: &[Sentence]) -> Bag {
    let mut per_member: Vec<FxHashSet<String>> = vec![FxHashSet::default(); members.len()];
    for (m, a) in members.iter().enumerate() {
        if let Some(t) = a.title {
            per_member[m].extend(bag(t).into_keys());
        }
    }
    for s in leads {
        if let Some(set) = per_member.get_mut(s.member) {
            set.extend(s.bag.keys().cloned());
        }
    }
    let mut b = Bag::default();
    for set in per_member {
        for k in set {
            *b.entry(k).or_default() += 1.0;
        }
    }
    b
}

fn source_of(a: &StoryInput) -> String {
    a.source.unwrap_or(a.id).to_string()
}

/// The headline: the title most central to the story, short titles (fewer
/// than three content words) a little behind; else the most central lead
/// sentence.
fn headline(members: &[&StoryInput], leads: &[Sentence], story: &Bag) -> String {
    let mut best: Option<(f32, String)> = None;
    for a in members {
        let Some(t) = a.title.map(str::trim).filter(|t| !t.is_empty()) else {
            continue;
        };
        let b = bag(t);
        let short = if b.len() < 3 { 0.8 } else { 1.0 };
        let score = cosine(&b, story) * short;
        if best.as_ref().is_none_or(|(s, _)| score > *s) {
            best = Some((score, t.split_whitespace().collect::<Vec<_>>().join(" ")));
        }
    }
    if let Some((_, t)) = best {
        return t;
    }
    let mut best: Option<(f32, &str)> = None;
    for s in leads {
        // Earlier sentences win ties and get a small lead bonus.
        let score = cosine(&s.bag, story) * (1.0 - 0.05 * s.position as f32);
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, &s.text));
        }
    }
    if let Some((_, t)) = best {
        return t.to_string();
    }
    members
        .first()
        .map(|a| {
            a.text
                .split_whitespace()
                .take(20)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default()
}

/// The summary: sentences carried by the most sources, then the most central,
/// none too close to the headline or to one already chosen.
fn summary(
    members: &[&StoryInput],
    leads: &[Sentence],
    story: &Bag,
    headline: &str,
) -> Vec<String> {
    let head = bag(headline);
    let mut scored: Vec<(usize, f32, usize)> = leads
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let own = members.get(s.member).map(|a| source_of(a));
            let mut supporters: FxHashSet<String> = FxHashSet::default();
            for o in leads {
                if o.member == s.member {
                    continue;
                }
                let other = members.get(o.member).map(|a| source_of(a));
                if other != own && cosine(&s.bag, &o.bag) >= SAME_SENTENCE {
                    supporters.extend(other);
                }
            }
            (i, cosine(&s.bag, story), supporters.len())
        })
        .collect();
    scored.sort_by(|a, b| b.2.cmp(&a.2).then(b.1.total_cmp(&a.1)).then(a.0.cmp(&b.0)));
    let mut chosen: Vec<usize> = Vec::new();
    for pass in 0..2 {
        for &(i, _, support) in &scored {
            if chosen.len() >= SUMMARY_MAX || pass == 1 && chosen.len() >= SUMMARY_MIN {
                break;
            }
            // First pass: supported by another source; second: fill to the minimum.
            if pass == 0 && support == 0 || chosen.contains(&i) {
                continue;
            }
            let s = &leads[i];
            if cosine(&s.bag, &head) >= 0.7
                || chosen
                    .iter()
                    .any(|&c| cosine(&leads[c].bag, &s.bag) >= SAME_SENTENCE)
            {
                continue;
            }
            chosen.push(i);
        }
    }
    chosen.into_iter().map(|i| leads[i].text.clone()).collect()
}

fn entities(members: &[&StoryInput], mentions: Option<&[&[Mention]]>) -> Vec<Entity> {
    // key -> (kind, member count, spelling -> count, first seen order)
    let mut by_key: FxHashMap<String, (EntityKind, usize, FxHashMap<String, usize>, usize)> =
        FxHashMap::default();
    for (k, a) in members.iter().enumerate() {
        let extracted;
        let list: &[Mention] = match mentions.and_then(|m| m.get(k)) {
            Some(m) => m,
            None => {
                extracted = extract(a.title, a.text, Default::default()).mentions;
                &extracted
            }
        };
        let mut seen: FxHashSet<&str> = FxHashSet::default();
        for m in list {
            let order = by_key.len();
            let e = by_key
                .entry(m.key.clone())
                .or_insert_with(|| (m.kind, 0, FxHashMap::default(), order));
            *e.2.entry(m.name.clone()).or_default() += 1;
            if seen.insert(m.key.as_str()) {
                e.1 += 1;
            }
        }
    }
    let mut out: Vec<(usize, Entity)> = by_key
        .into_values()
        .filter_map(|(kind, count, names, order)| {
            let name = names
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))?
                .0;
            Some((order, Entity { name, kind, count }))
        })
        .collect();
    out.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(&b.0)));
    out.into_iter().take(MAX_ENTITIES).map(|(_, e)| e).collect()
}

fn sources(members: &[&StoryInput]) -> Vec<SourceCount> {
    let mut counts: Vec<SourceCount> = Vec::new();
    for a in members {
        let Some(name) = a.source else { continue };
        match counts.iter_mut().find(|c| c.name == name) {
            Some(c) => c.count += 1,
            None => counts.push(SourceCount {
                name: name.to_string(),
                count: 1,
            }),
        }
    }
    counts.sort_by(|a, b| b.count.cmp(&a.count).then(a.name.cmp(&b.name)));
    counts
}

/// The view of a story made of `members` (in publication order).
pub fn describe(members: &[&StoryInput]) -> StoryView {
    describe_with(members, None)
}

/// [`describe`], with the members' entity mentions already found.
pub(crate) fn describe_with(members: &[&StoryInput], mentions: Option<&[&[Mention]]>) -> StoryView {
    let leads = lead_sentences(members);
    let story = story_bag(members, &leads);
    let headline = headline(members, &leads, &story);
    let summary = summary(members, &leads, &story, &headline);
    let times = members.iter().filter_map(|a| a.published);
    StoryView {
        summary,
        entities: entities(members, mentions),
        sources: sources(members),
        first_published: times.clone().min(),
        last_published: times.max(),
        headline,
    }
}
