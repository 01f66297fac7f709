//! Online story clustering: each article joins the most similar live story or
//! starts a new one.
//!
//! An article is four sparse vectors, each weighted by IDF that is kept
//! current as the stream grows: content-word stems, title stems, entities and
//! numbers. A live story keeps the decayed sum of its members' vectors (its
//! centroid). The similarity of an article to a story is a weighted mean of the
//! four cosines, lowered when the story has been quiet for long. Candidate
//! stories come from an inverted index over each article's rarest features,
//! never from a scan, and stories close after a period of inactivity and leave
//! the index, so the cost of one article does not grow with the archive.
//!
//! Does not: read labels, build the story view (see [`crate::view`]), or detect
//! duplicates.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::StoryInput;
use crate::features::{ArticleFeatures, Lead, extract};

/// Tuned settings of the clusterer. [`Config::default`] holds the values
/// tuned on the arabic-stories dev set (251 articles of 26–27 July 2015):
/// threshold 0.25, body weight 0.2, entity gate 1.0. There, pair P/R/F1 =
/// 0.874/0.798/0.834 and BCubed P/R/F1 = 0.944/0.893/0.918
/// (`cargo run --release -p khabar-story --example cluster_jsonl`). Nearby
/// values (threshold 0.25–0.3, gate 0.7–1.0) score within 0.02 BCubed F1.
/// The time settings are not exercised by that set (it spans two days): the
/// grace period is the README's "immediate follow-up" of a day.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// An article joins the best story when its similarity is at least this
    /// (0..=1); otherwise it starts a new story.
    pub threshold: f32,
    /// Weight of the content-word cosine in the similarity.
    pub word_weight: f32,
    /// Weight of the title cosine (used when both sides have titles).
    pub title_weight: f32,
    /// Weight of the entity cosine (used when both sides name entities).
    pub entity_weight: f32,
    /// Weight of the number cosine (used when both sides mention numbers).
    pub number_weight: f32,
    /// How much a low entity cosine lowers the similarity when both sides
    /// name entities (0..=1): the similarity is multiplied by
    /// `1 - gate + gate * sqrt(entity_cosine)`. Names weigh more than words: two
    /// reports of one event name the same people, places and companies.
    pub entity_gate: f32,
    /// Stories quiet for up to this many hours are compared at full strength.
    pub grace_hours: f32,
    /// Past the grace period, similarity decays by e every this many hours.
    pub decay_hours: f32,
    /// Centroid half-life: a member this many hours older than the story's
    /// newest weighs half as much.
    pub centroid_half_life_hours: f32,
    /// A story closes when no article joined it for this many hours of
    /// stream time.
    pub close_after_hours: f32,
    /// A story also closes after this many articles joined other stories
    /// (bounds the live set when times are unknown).
    pub close_after_articles: u64,
    /// Words of the lead (title aside): the first this many words of the
    /// text count in full, later ones [`Config::body_weight`].
    pub lead_words: usize,
    /// Weight of a word after the lead (0..=1).
    pub body_weight: f32,
    /// Features of an article used to look up candidate stories (the rarest).
    pub lookup_features: usize,
    /// Candidate stories scored in full per article.
    pub max_candidates: usize,
    /// A centroid keeps at most this many content words (the heaviest).
    pub max_centroid_words: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            threshold: 0.25,
            word_weight: 1.0,
            title_weight: 0.5,
            entity_weight: 0.5,
            number_weight: 0.25,
            entity_gate: 1.0,
            grace_hours: 24.0,
            decay_hours: 72.0,
            centroid_half_life_hours: 48.0,
            close_after_hours: 96.0,
            close_after_articles: 20_000,
            lead_words: 80,
            body_weight: 0.2,
            lookup_features: 24,
            max_candidates: 32,
            max_centroid_words: 600,
        }
    }
}

/// The number of a story in a [`Clusterer`], in order of creation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StoryId(pub u32);

/// Where an added article went.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Assignment {
    /// The story the article is now in.
    pub story: StoryId,
    /// True when the article started this story.
    pub started: bool,
    /// Similarity to the story it joined; when it started a story, the best
    /// similarity it had to any live story (below the threshold), or 0.
    pub similarity: f32,
}

/// An article whose id was already added; it was skipped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("article id {id:?} was already added; the repeat is skipped")]
pub struct RepeatedId {
    /// The repeated id.
    pub id: String,
    /// The story the first article with this id is in.
    pub story: StoryId,
}

const NAMESPACES: usize = 4;
const WORD: usize = 0;
const TITLE: usize = 1;
const ENTITY: usize = 2;
const NUMBER: usize = 3;

/// Document frequencies of features, kept current as articles arrive.
#[derive(Debug, Default)]
struct Vocabulary {
    /// Namespace digit + feature text -> id.
    ids: FxHashMap<Box<str>, u32>,
    df: Vec<u32>,
    docs: u32,
    buffer: String,
}

impl Vocabulary {
    fn id(&mut self, ns: usize, key: &str) -> u32 {
        self.buffer.clear();
        self.buffer.push(char::from(b'0' + ns as u8));
        self.buffer.push_str(key);
        if let Some(&id) = self.ids.get(self.buffer.as_str()) {
            return id;
        }
        let id = self.df.len() as u32;
        self.ids.insert(self.buffer.as_str().into(), id);
        self.df.push(0);
        id
    }

    fn idf(&self, id: u32) -> f32 {
        let df = self.df.get(id as usize).copied().unwrap_or(0) as f32;
        ((1.0 + self.docs as f32) / (1.0 + df)).ln() + 1.0
    }
}

/// An article as interned feature ids with raw (sublinear) term weights.
#[derive(Debug, Default)]
struct Vectors {
    ns: [Vec<(u32, f32)>; NAMESPACES],
}

/// A live story's state.
#[derive(Debug)]
struct LiveStory {
    /// Per namespace: feature -> decayed sum of members' unit vectors (raw,
    /// IDF applied when compared).
    centroid: [FxHashMap<u32, f32>; NAMESPACES],
    /// Cached IDF-weighted norms of the centroid and the document count they
    /// were computed at.
    norms: [f32; NAMESPACES],
    norms_at: u32,
    /// Stream time (seconds) of the newest member, if any member had one.
    last_time: Option<i64>,
    /// Sequence number of the newest member.
    last_seq: u64,
    /// Features under which this story is in the inverted index.
    indexed: FxHashSet<u32>,
}

/// The online clusterer. Add articles in publication order with
/// [`Clusterer::add`]; read the groups with [`Clusterer::groups`].
#[derive(Debug)]
pub struct Clusterer {
    config: Config,
    vocab: Vocabulary,
    /// Articles observed for IDF but not yet added, with their vectors (so
    /// adding them does not read the text again).
    observed: FxHashMap<Box<str>, Vectors>,
    /// Members (sequence numbers of added articles) of every story ever made.
    members: Vec<Vec<u32>>,
    /// Live stories by story number.
    live: FxHashMap<u32, LiveStory>,
    /// Feature -> live (or recently closed) stories indexed under it.
    postings: FxHashMap<u32, Vec<u32>>,
    /// Entries in `postings` that point at closed stories.
    stale_postings: usize,
    /// Article id -> story, for every added article.
    ids: FxHashMap<Box<str>, StoryId>,
    /// Articles added so far.
    seq: u64,
    /// The newest publication time seen (seconds).
    clock: Option<i64>,
}

impl Default for Clusterer {
    fn default() -> Self {
        Clusterer::new(Config::default())
    }
}

fn cosine_parts(a: &[(u32, f32)], vocab: &Vocabulary) -> f32 {
    a.iter()
        .map(|&(f, w)| {
            let x = w * vocab.idf(f);
            x * x
        })
        .sum::<f32>()
        .sqrt()
}

impl Clusterer {
    /// A clusterer with no stories.
    pub fn new(config: Config) -> Self {
        Clusterer {
            config,
            vocab: Vocabulary::default(),
            observed: FxHashMap::default(),
            members: Vec::new(),
            live: FxHashMap::default(),
            postings: FxHashMap::default(),
            stale_postings: 0,
            ids: FxHashMap::default(),
            seq: 0,
            clock: None,
        }
    }

    /// Counts an article in the document frequencies (IDF) without clustering
    /// it. Use it to warm the IDF with the whole batch before adding it (the
    /// batch is known, so its statistics are fair to use), or with background
    /// text. An observed article that is later added is not counted twice.
    pub fn observe(&mut self, article: &StoryInput) {
        if self.observed.contains_key(article.id) || self.ids.contains_key(article.id) {
            return;
        }
        let f = extract(article.title, article.text, self.lead());
        self.observe_features(article.id, &f);
    }

    /// [`Clusterer::observe`] with the features already extracted.
    pub(crate) fn observe_features(&mut self, id: &str, f: &ArticleFeatures) {
        if self.observed.contains_key(id) || self.ids.contains_key(id) {
            return;
        }
        let v = self.intern(f);
        self.count_document(&v);
        self.observed.insert(id.into(), v);
    }

    /// The lead settings features must be extracted with.
    pub(crate) fn lead(&self) -> Lead {
        Lead {
            words: self.config.lead_words,
            body_weight: self.config.body_weight,
        }
    }

    /// The number of articles added.
    pub fn len(&self) -> usize {
        self.seq as usize
    }

    /// True when no article was added.
    pub fn is_empty(&self) -> bool {
        self.seq == 0
    }

    /// The number of stories made so far (open and closed).
    pub fn story_count(&self) -> usize {
        self.members.len()
    }

    /// The number of stories still open.
    pub fn live_count(&self) -> usize {
        self.live.len()
    }

    /// The members of every story, as sequence numbers of the added articles
    /// (0 is the first article added), in order of story creation.
    pub fn groups(&self) -> &[Vec<u32>] {
        &self.members
    }

    fn intern(&mut self, f: &ArticleFeatures) -> Vectors {
        let mut v = Vectors::default();
        let sub = |c: f32| if c <= 1.0 { c } else { 1.0 + c.ln() };
        for (s, &c) in &f.words {
            v.ns[WORD].push((self.vocab.id(WORD, s), sub(c)));
        }
        for s in &f.title {
            v.ns[TITLE].push((self.vocab.id(TITLE, s), 1.0));
        }
        for (s, &c) in &f.entities {
            v.ns[ENTITY].push((self.vocab.id(ENTITY, s), sub(c)));
        }
        for s in &f.numbers {
            v.ns[NUMBER].push((self.vocab.id(NUMBER, s), 1.0));
        }
        v
    }

    fn count_document(&mut self, v: &Vectors) {
        self.vocab.docs += 1;
        for ns in &v.ns {
            for &(f, _) in ns {
                if let Some(d) = self.vocab.df.get_mut(f as usize) {
                    *d += 1;
                }
            }
        }
    }

    /// Adds an article: it joins the most similar live story above the
    /// threshold, or starts a new story. An id added before is skipped and
    /// reported.
    pub fn add(&mut self, article: &StoryInput) -> Result<Assignment, RepeatedId> {
        if let Some(&story) = self.ids.get(article.id) {
            return Err(RepeatedId {
                id: article.id.to_string(),
                story,
            });
        }
        let v = match self.observed.remove(article.id) {
            Some(v) => v,
            None => {
                let f = extract(article.title, article.text, self.lead());
                let v = self.intern(&f);
                self.count_document(&v);
                v
            }
        };
        let time = article.published.map(|t| t.timestamp());
        if let Some(t) = time {
            self.clock = Some(self.clock.map_or(t, |c| c.max(t)));
        }
        self.close_quiet_stories();

        let norms: [f32; NAMESPACES] =
            std::array::from_fn(|ns| cosine_parts(&v.ns[ns], &self.vocab));
        let best = self
            .candidates(&v)
            .into_iter()
            .map(|s| (s, self.similarity(&v, &norms, s, time)))
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        let seq = self.seq;
        self.seq += 1;
        let assignment = match best {
            Some((story, sim)) if sim >= self.config.threshold => {
                self.join(story, &v, &norms, time, seq);
                Assignment {
                    story: StoryId(story),
                    started: false,
                    similarity: sim,
                }
            }
            _ => {
                let story = self.members.len() as u32;
                self.members.push(Vec::new());
                self.live.insert(
                    story,
                    LiveStory {
                        centroid: Default::default(),
                        norms: [0.0; NAMESPACES],
                        norms_at: 0,
                        last_time: time,
                        last_seq: seq,
                        indexed: FxHashSet::default(),
                    },
                );
                self.join(story, &v, &norms, time, seq);
                Assignment {
                    story: StoryId(story),
                    started: true,
                    similarity: best.map_or(0.0, |b| b.1),
                }
            }
        };
        self.ids.insert(article.id.into(), assignment.story);
        Ok(assignment)
    }

    /// The article's rarest features: the lookup keys of the inverted index.
    fn lookup_keys(&self, v: &Vectors) -> Vec<(u32, f32)> {
        let mut keys: Vec<(u32, f32)> =
            v.ns.iter()
                .flatten()
                // A feature no other article has cannot find a story.
                .filter(|&&(f, _)| self.vocab.df.get(f as usize).is_some_and(|&d| d >= 2))
                .map(|&(f, _)| (f, self.vocab.idf(f)))
                .collect();
        keys.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        keys.dedup_by_key(|k| k.0);
        keys.truncate(self.config.lookup_features);
        keys
    }

    /// Live stories sharing lookup features with the article, best first.
    fn candidates(&mut self, v: &Vectors) -> Vec<u32> {
        let keys = self.lookup_keys(v);
        let mut score: FxHashMap<u32, f32> = FxHashMap::default();
        for (f, idf) in keys {
            let Some(list) = self.postings.get_mut(&f) else {
                continue;
            };
            let before = list.len();
            let live = &self.live;
            list.retain(|s| live.contains_key(s));
            self.stale_postings = self.stale_postings.saturating_sub(before - list.len());
            for &s in list.iter() {
                *score.entry(s).or_default() += idf;
            }
        }
        let mut ranked: Vec<(u32, f32)> = score.into_iter().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(self.config.max_candidates);
        ranked.into_iter().map(|(s, _)| s).collect()
    }

    fn refresh_norms(vocab: &Vocabulary, story: &mut LiveStory) {
        for ns in 0..NAMESPACES {
            story.norms[ns] = story.centroid[ns]
                .iter()
                .map(|(&f, &w)| {
                    let x = w * vocab.idf(f);
                    x * x
                })
                .sum::<f32>()
                .sqrt();
        }
        story.norms_at = vocab.docs;
    }

    fn similarity(
        &mut self,
        v: &Vectors,
        norms: &[f32; NAMESPACES],
        s: u32,
        time: Option<i64>,
    ) -> f32 {
        let Some(story) = self.live.get_mut(&s) else {
            return 0.0;
        };
        // IDF drifts as the stream grows: refresh cached norms after 10% growth.
        if self.vocab.docs as f32 > story.norms_at as f32 * 1.1 {
            Self::refresh_norms(&self.vocab, story);
        }
        let c = &self.config;
        let weights = [
            c.word_weight,
            c.title_weight,
            c.entity_weight,
            c.number_weight,
        ];
        let mut sum = 0.0;
        let mut total = 0.0;
        let mut entity_cos = None;
        for ns in 0..NAMESPACES {
            let (na, nc) = (norms[ns], story.norms[ns]);
            if na <= 0.0 || nc <= 0.0 {
                // Word content is always compared; the others only when both
                // sides have them.
                if ns == WORD {
                    total += weights[ns];
                }
                continue;
            }
            let dot: f32 = v.ns[ns]
                .iter()
                .filter_map(|&(f, w)| {
                    let cw = story.centroid[ns].get(&f)?;
                    let idf = self.vocab.idf(f);
                    Some(w * idf * cw * idf)
                })
                .sum();
            let cos = (dot / (na * nc)).min(1.0);
            if ns == ENTITY {
                entity_cos = Some(cos);
            }
            sum += weights[ns] * cos;
            total += weights[ns];
        }
        let mut sim = if total > 0.0 { sum / total } else { 0.0 };
        if let Some(e) = entity_cos {
            sim *= 1.0 - c.entity_gate + c.entity_gate * e.sqrt();
        }
        let gap_hours = match (time, story.last_time) {
            (Some(t), Some(l)) => (t - l).abs() as f32 / 3600.0,
            _ => 0.0,
        };
        let over = (gap_hours - c.grace_hours).max(0.0);
        sim * (-over / c.decay_hours.max(1e-3)).exp()
    }

    fn join(
        &mut self,
        s: u32,
        v: &Vectors,
        norms: &[f32; NAMESPACES],
        time: Option<i64>,
        seq: u64,
    ) {
        let keys = self.lookup_keys(v);
        let half_life = self.config.centroid_half_life_hours.max(1e-3);
        let max_words = self.config.max_centroid_words;
        let Some(story) = self.live.get_mut(&s) else {
            return;
        };
        if let Some(m) = self.members.get_mut(s as usize) {
            // Sequence numbers fit u32 for any stream this crate is meant for.
            m.push(seq as u32);
        }
        // Decay the centroid toward the newest member.
        if let (Some(t), Some(l)) = (time, story.last_time)
            && t > l
        {
            let hours = (t - l) as f32 / 3600.0;
            let factor = 0.5f32.powf(hours / half_life);
            for ns in &mut story.centroid {
                ns.values_mut().for_each(|w| *w *= factor);
            }
        }
        for ((centroid, features), &norm) in story.centroid.iter_mut().zip(&v.ns).zip(norms) {
            if norm <= 0.0 {
                continue;
            }
            for &(f, w) in features {
                *centroid.entry(f).or_default() += w / norm;
            }
        }
        if story.centroid[WORD].len() > max_words * 2 {
            let mut ws: Vec<(u32, f32)> =
                story.centroid[WORD].iter().map(|(&f, &w)| (f, w)).collect();
            ws.sort_by(|a, b| {
                (b.1 * self.vocab.idf(b.0))
                    .total_cmp(&(a.1 * self.vocab.idf(a.0)))
                    .then(a.0.cmp(&b.0))
            });
            ws.truncate(max_words);
            story.centroid[WORD] = ws.into_iter().collect();
        }
        story.last_time = match (time, story.last_time) {
            (Some(t), Some(l)) => Some(t.max(l)),
            (t, l) => t.or(l),
        };
        story.last_seq = seq;
        Self::refresh_norms(&self.vocab, story);
        for (f, _) in keys {
            if story.indexed.insert(f) {
                self.postings.entry(f).or_default().push(s);
            }
        }
    }

    /// Closes stories quiet for longer than the configured time or number of
    /// articles, and compacts the index when it holds many closed stories.
    fn close_quiet_stories(&mut self) {
        // Checking every 64 articles keeps the sweep's cost per article flat.
        if self.seq % 64 != 0 {
            return;
        }
        let c = &self.config;
        let max_gap = (c.close_after_hours * 3600.0) as i64;
        let clock = self.clock;
        let seq = self.seq;
        let max_articles = c.close_after_articles;
        let closing: Vec<u32> = self
            .live
            .iter()
            .filter(|(_, st)| {
                let by_time =
                    matches!((clock, st.last_time), (Some(c), Some(l)) if c - l > max_gap);
                by_time || seq.saturating_sub(st.last_seq) > max_articles
            })
            .map(|(&s, _)| s)
            .collect();
        for s in closing {
            if let Some(st) = self.live.remove(&s) {
                self.stale_postings += st.indexed.len();
            }
        }
        let total: usize =
            self.live.values().map(|s| s.indexed.len()).sum::<usize>() + self.stale_postings;
        if self.stale_postings > 4096 && self.stale_postings * 2 > total {
            let live = &self.live;
            self.postings.retain(|_, list| {
                list.retain(|s| live.contains_key(s));
                !list.is_empty()
            });
            self.stale_postings = 0;
        }
    }
}
