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
use serde::{Deserialize, Serialize};

use crate::StoryInput;
use crate::entities::EntityKind;
use crate::features::{Reading, extract, stem_set};

/// An entity named in a story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    /// The name as shown (the gazetteer's name, or the most common spelling).
    pub name: String,
    /// Person, organization or place.
    pub kind: EntityKind,
    /// The number of the story's articles that name it.
    pub count: usize,
}

/// An outlet and the number of the story's articles it published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceCount {
    /// The outlet.
    pub name: String,
    /// Articles from it in the story.
    pub count: usize,
}

/// What a reader sees of a story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
/// Members read for the summary (the earliest).
const SUMMARY_MEMBERS: usize = 40;
/// Two sentences with at least this cosine say the same thing.
const SAME_SENTENCE: f32 = 0.45;
/// Summary length.
const SUMMARY_MAX: usize = 5;
const SUMMARY_MIN: usize = 2;

/// Stem -> weight.
type Bag = FxHashMap<u64, f32>;

/// The cosine of two sets of stems (sorted, distinct).
fn set_cosine(a: &[u64], b: &[u64]) -> f32 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common as f32 / ((a.len() * b.len()) as f32).sqrt()
}

/// The cosine of a set of stems and a weighted bag.
fn bag_cosine(set: &[u64], bag: &Bag, bag_norm: f32) -> f32 {
    if set.is_empty() || bag_norm <= 0.0 {
        return 0.0;
    }
    let dot: f32 = set.iter().filter_map(|k| bag.get(k)).sum();
    dot / ((set.len() as f32).sqrt() * bag_norm)
}

struct Sentence<'a> {
    /// As the member's text has it (see [`Sentence::text`]).
    raw: &'a str,
    stems: &'a [u64],
    /// The member (index in `members`) it came from.
    member: usize,
    /// Its position in the member's lead.
    position: usize,
}

impl Sentence<'_> {
    /// The sentence as shown: its words joined by single spaces. Made only
    /// for the few sentences a view shows, not for every lead read.
    fn text(&self) -> String {
        self.raw.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

fn lead_sentences<'a>(members: &[&StoryInput<'a>], readings: &'a [&Reading]) -> Vec<Sentence<'a>> {
    let mut out = Vec::new();
    for (m, (a, r)) in members
        .iter()
        .zip(readings)
        .enumerate()
        .take(SUMMARY_MEMBERS)
    {
        for (position, s) in r.leads.iter().enumerate() {
            let Some(raw) = a.text.get(s.range.clone()) else {
                continue;
            };
            out.push(Sentence {
                raw,
                stems: &s.stems,
                member: m,
                position,
            });
        }
    }
    out
}

/// Stem -> number of members using it (in title or lead).
fn story_bag(readings: &[&Reading]) -> Bag {
    let mut b = Bag::default();
    let mut seen: FxHashSet<u64> = FxHashSet::default();
    for r in readings.iter().take(SUMMARY_MEMBERS) {
        seen.clear();
        let lead = r.leads.iter().flat_map(|s| s.stems.iter());
        for &k in r.title.iter().chain(lead) {
            if seen.insert(k) {
                *b.entry(k).or_default() += 1.0;
            }
        }
    }
    b
}

fn norm(bag: &Bag) -> f32 {
    bag.values().map(|x| x * x).sum::<f32>().sqrt()
}

fn source_of<'a>(a: &StoryInput<'a>) -> &'a str {
    a.source.unwrap_or(a.id)
}

/// The headline: the title most central to the story, short titles (fewer
/// than three content words) a little behind; else the most central lead
/// sentence.
fn headline(
    members: &[&StoryInput],
    readings: &[&Reading],
    leads: &[Sentence],
    story: &Bag,
) -> String {
    let story_norm = norm(story);
    let mut best: Option<(f32, &str)> = None;
    for (a, r) in members.iter().zip(readings) {
        let Some(t) = a.title.map(str::trim).filter(|t| !t.is_empty()) else {
            continue;
        };
        let mut stems = r.title.clone();
        stems.sort_unstable();
        let short = if stems.len() < 3 { 0.8 } else { 1.0 };
        let score = bag_cosine(&stems, story, story_norm) * short;
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, t));
        }
    }
    if let Some((_, t)) = best {
        return t.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    let mut best: Option<(f32, &Sentence)> = None;
    for s in leads {
        // Earlier sentences win ties and get a small lead bonus.
        let score = bag_cosine(s.stems, story, story_norm) * (1.0 - 0.05 * s.position as f32);
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, s));
        }
    }
    if let Some((_, s)) = best {
        return s.text();
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

/// For each two lead sentences `i` and `j` (at `i * leads.len() + j`),
/// whether they come from members of different sources and say the same
/// thing ([`SAME_SENTENCE`]). The cosine is symmetric: each pair is
/// compared once.
fn same_sentences(leads: &[Sentence], sources: &[Option<&str>]) -> Vec<bool> {
    let n = leads.len();
    let mut same = vec![false; n * n];
    for (i, s) in leads.iter().enumerate() {
        for (j, o) in leads.iter().enumerate().skip(i + 1) {
            if o.member == s.member || sources.get(i) == sources.get(j) {
                continue;
            }
            if set_cosine(s.stems, o.stems) >= SAME_SENTENCE {
                if let Some(x) = same.get_mut(i * n + j) {
                    *x = true;
                }
                if let Some(x) = same.get_mut(j * n + i) {
                    *x = true;
                }
            }
        }
    }
    same
}

/// The summary: sentences carried by the most sources, then the most central,
/// none too close to the headline or to one already chosen.
fn summary(
    members: &[&StoryInput],
    leads: &[Sentence],
    story: &Bag,
    headline: &str,
) -> Vec<String> {
    let head = stem_set(headline);
    let story_norm = norm(story);
    let sources: Vec<Option<&str>> = leads
        .iter()
        .map(|s| members.get(s.member).map(|a| source_of(a)))
        .collect();
    let same = same_sentences(leads, &sources);
    let mut scored: Vec<(usize, f32, usize)> = leads
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut supporters: FxHashSet<&str> = FxHashSet::default();
            for (j, other) in sources.iter().enumerate() {
                if same.get(i * leads.len() + j) == Some(&true) {
                    supporters.extend(*other);
                }
            }
            (i, bag_cosine(s.stems, story, story_norm), supporters.len())
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
            let Some(s) = leads.get(i) else { continue };
            if set_cosine(s.stems, &head) >= 0.7
                || chosen
                    .iter()
                    .filter_map(|&c| leads.get(c))
                    .any(|c| set_cosine(c.stems, s.stems) >= SAME_SENTENCE)
            {
                continue;
            }
            chosen.push(i);
        }
    }
    chosen
        .into_iter()
        .filter_map(|i| Some(leads.get(i)?.text()))
        .collect()
}

/// An entity's tally in a story: (kind, member count, spelling -> count,
/// order first seen).
type Tally<'a> = (EntityKind, usize, FxHashMap<&'a str, usize>, usize);

fn entities(members: &[&StoryInput], readings: &[&Reading]) -> Vec<Entity> {
    let mut by_key: FxHashMap<u64, Tally> = FxHashMap::default();
    let mut seen: FxHashSet<u64> = FxHashSet::default();
    for (a, r) in members.iter().zip(readings) {
        seen.clear();
        for m in &r.mentions {
            let order = by_key.len();
            let e = by_key
                .entry(m.key)
                .or_insert_with(|| (m.kind, 0, FxHashMap::default(), order));
            *e.2.entry(m.name.resolve(a.title, a.text)).or_default() += 1;
            if seen.insert(m.key) {
                e.1 += 1;
            }
        }
    }
    let mut out: Vec<(usize, Entity)> = by_key
        .into_values()
        .filter_map(|(kind, count, names, order)| {
            let name = names
                .into_iter()
                .filter(|(n, _)| !n.is_empty())
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))?
                .0;
            Some((
                order,
                Entity {
                    name: name.to_string(),
                    kind,
                    count,
                },
            ))
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

/// What the story view reads of one article: its title stems, lead
/// sentences and entity mentions. Made by [`read_article`] (or
/// [`crate::Clusterer::add_all_read`], which reads each article once for
/// both clustering and the view); keep it to describe a story again
/// without reading its members again ([`describe_readings`]).
#[derive(Debug, Clone, Default)]
pub struct ArticleReading(pub(crate) Reading);

/// Reads what the story view needs of `article` (what [`describe`] reads of
/// each member).
pub fn read_article(article: &StoryInput) -> ArticleReading {
    ArticleReading(extract(article.title, article.text, Default::default()).reading)
}

/// The view of a story made of `members` (in publication order).
///
/// The same as [`describe_readings`] with each member's [`read_article`].
pub fn describe(members: &[&StoryInput]) -> StoryView {
    let readings: Vec<ArticleReading> = members.iter().map(|a| read_article(a)).collect();
    let refs: Vec<&ArticleReading> = readings.iter().collect();
    describe_readings(members, &refs)
}

/// [`describe`], with the members already read: `readings[k]` is
/// [`read_article`] of `members[k]` (or the reading
/// [`crate::Clusterer::add_all_read`] gave for it). With such readings the
/// view is exactly `describe(members)`. Members past the shorter of the two
/// slices are left out.
pub fn describe_readings(members: &[&StoryInput], readings: &[&ArticleReading]) -> StoryView {
    let n = members.len().min(readings.len());
    let members = members.get(..n).unwrap_or_default();
    let inner: Vec<&Reading> = readings.iter().take(n).map(|r| &r.0).collect();
    describe_read(members, &inner)
}

/// [`describe`], with the members' inner readings.
pub(crate) fn describe_read(members: &[&StoryInput], readings: &[&Reading]) -> StoryView {
    let leads = lead_sentences(members, readings);
    let story = story_bag(readings);
    let headline = headline(members, readings, &leads, &story);
    let summary = summary(members, &leads, &story, &headline);
    let times = members.iter().filter_map(|a| a.published);
    StoryView {
        summary,
        entities: entities(members, readings),
        sources: sources(members),
        first_published: times.clone().min(),
        last_published: times.max(),
        headline,
    }
}
