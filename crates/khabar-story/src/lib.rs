//! Story clustering for khabar: which articles report the same event, and
//! what that story is.
//!
//! # Brief overview
//!
//! - [`Clusterer`] is the online clusterer: [`Clusterer::add`] takes articles
//!   in publication order and puts each in the most similar live story or a
//!   new one. Its state is explicit and its cost per article is flat;
//!   [`Clusterer::add_all`] adds a batch, and [`Clusterer::to_bytes`] /
//!   [`Clusterer::from_bytes`] save and load the state between batches.
//! - [`describe`] builds a [`StoryView`] of a group of articles: headline,
//!   summary, entities, sources and time span. It is [`read_article`] of
//!   each member and [`describe_readings`]: a caller that keeps each
//!   article's [`ArticleReading`] (or takes it from
//!   [`Clusterer::add_all_read`]) describes a story again without reading
//!   its members again.
//!   A caller that reads articles ahead of adding them (on other threads,
//!   without the clusterer) uses [`Clusterer::reader`] and
//!   [`Clusterer::add_all_features`].
//! - [`cluster`] does both for a batch: it sorts by publication time, runs the
//!   clusterer and returns [`Story`] values, biggest and newest first.
//!   [`cluster_beside`] runs other work beside the one step on a single
//!   core (adding articles one after the other) and hands it the stories
//!   closed meanwhile ([`ClosedStories`]).
//!
//! ```
//! use khabar_story::{StoryInput, cluster};
//!
//! let a = StoryInput::new("a", "ضبطت وزارة التجارة 943 ثلاجة مخالفة للمواصفات السعودية في 344 متجرا بمدينة الرياض.")
//!     .with_title("التجارة تضبط 943 ثلاجة مخالفة");
//! let b = StoryInput::new("b", "أعلنت وزارة التجارة ضبط 943 ثلاجة مخالفة للمواصفات في 344 متجرا بالرياض وجدة.")
//!     .with_title("ضبط 943 ثلاجة مخالفة للمواصفات");
//! let c = StoryInput::new("c", "تعادل نادي الشباب مع إكسيلسور الهولندي في مباراة ودية ضمن معسكره في هولندا.")
//!     .with_title("الشباب يتعادل مع إكسيلسور");
//! let result = cluster(&[a, b, c]);
//! assert_eq!(result.stories.len(), 2);
//! assert_eq!(result.stories[0].articles, ["a", "b"]);
//! ```
//!
//! Does not: read files, remove boilerplate, detect near-duplicates or align
//! passages (khabar-dedup does; the caller attaches its groups to stories), or
//! read labels of any kind.
#![deny(missing_docs)]

mod clusterer;
mod entities;
mod features;
mod tokens;
mod view;

use std::collections::VecDeque;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

pub use clusterer::{
    Assignment, Clusterer, Config, FeatureReader, ReadFeatures, RepeatedId, STATE_VERSION,
    StateError, StoryId,
};
pub use entities::EntityKind;
pub use view::{
    ArticleReading, Entity, MAX_ENTITIES, SourceCount, StoryView, describe, describe_readings,
    read_article,
};

/// One article as the story engine sees it. All text is display text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoryInput<'a> {
    /// The article's id (unique in a stream; a repeat is skipped).
    pub id: &'a str,
    /// The title, if known.
    pub title: Option<&'a str>,
    /// The cleaned display text.
    pub text: &'a str,
    /// The outlet, if known.
    pub source: Option<&'a str>,
    /// The publication time, if known.
    pub published: Option<DateTime<FixedOffset>>,
}

impl<'a> StoryInput<'a> {
    /// An article with an id and a text, and nothing else known.
    pub fn new(id: &'a str, text: &'a str) -> Self {
        StoryInput {
            id,
            title: None,
            text,
            source: None,
            published: None,
        }
    }

    /// The same article with a title.
    pub fn with_title(mut self, title: &'a str) -> Self {
        self.title = Some(title);
        self
    }

    /// The same article with an outlet.
    pub fn with_source(mut self, source: &'a str) -> Self {
        self.source = Some(source);
        self
    }

    /// The same article with a publication time.
    pub fn with_published(mut self, published: DateTime<FixedOffset>) -> Self {
        self.published = Some(published);
        self
    }
}

/// A story: its members and its view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Story {
    /// `s1`, `s2`, … in output order.
    pub id: String,
    /// Member article ids, in publication order.
    pub articles: Vec<String>,
    /// Member positions in the input slice, in publication order.
    #[serde(skip)]
    pub indices: Vec<usize>,
    /// Headline, summary, entities, sources and time span.
    #[serde(flatten)]
    pub view: StoryView,
}

/// An input article that was not clustered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// Its position in the input slice.
    pub index: usize,
    /// Why.
    pub error: String,
}

/// The result of [`cluster`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Clustering {
    /// Stories, the biggest first, then the most recent.
    pub stories: Vec<Story>,
    /// Articles skipped (repeated ids).
    pub skipped: Vec<Skipped>,
}

/// The order in which to add `articles`: by publication time, stable; an
/// article without a time keeps its place after the article before it.
pub fn publication_order(articles: &[StoryInput]) -> Vec<usize> {
    let mut last = i64::MIN;
    let keys: Vec<i64> = articles
        .iter()
        .map(|a| {
            if let Some(t) = a.published {
                last = t.timestamp();
            }
            last
        })
        .collect();
    let mut order: Vec<usize> = (0..articles.len()).collect();
    order.sort_by_key(|&i| keys[i]);
    order
}

/// Clusters a batch with the default [`Config`]: see [`cluster_with`].
pub fn cluster(articles: &[StoryInput]) -> Clustering {
    cluster_with(articles, Config::default())
}

/// Clusters a batch: the IDF is warmed with the whole batch (it is known,
/// so its statistics are fair to use), then articles are added in
/// [`publication_order`] and each story is described.
pub fn cluster_with(articles: &[StoryInput], config: Config) -> Clustering {
    cluster_beside(articles, config, |_| ()).0
}

/// Stories checked for closing every this many articles added by
/// [`cluster_beside`] (the clusterer closes stories as often).
const CLOSED_EVERY: usize = 64;

/// Articles whose adding [`cluster_beside`] prepares at a time (see
/// [`Clusterer::prepare_observed`]): enough for every core, little memory.
const PREPARE_CHUNK: usize = 256;

/// The stories whose members became final while [`cluster_beside`] is
/// still adding articles, for work to start on them early.
#[derive(Debug)]
pub struct ClosedStories {
    queue: Mutex<VecDeque<Vec<usize>>>,
    adding: AtomicBool,
}

impl ClosedStories {
    /// The members of the next story closed, as [`Story::indices`] will
    /// list them; waits for one while articles are being added, helping
    /// with their parallel work when called on a thread of rayon's pool
    /// (as in [`cluster_beside`]). None once adding is over: the stories
    /// not handed out by then are only in the [`Clustering`].
    pub fn next(&self) -> Option<Vec<usize>> {
        loop {
            if !self.adding.load(Ordering::Acquire) {
                return None;
            }
            if let Some(story) = self.queue.lock().ok()?.pop_front() {
                return Some(story);
            }
            // Meanwhile this thread takes a share of the parallel work of
            // adding (scoring candidates, preparing articles): a thread
            // waiting outside the pool would take none.
            if rayon::yield_now() != Some(rayon::Yield::Executed) {
                std::thread::sleep(std::time::Duration::from_micros(100));
            }
        }
    }

    fn push(&self, story: Vec<usize>) {
        if let Ok(mut queue) = self.queue.lock() {
            queue.push_back(story);
        }
    }
}

/// [`cluster_with`], running `beside` on another core during the one step
/// that runs on a single core: adding the articles one after the other.
/// `beside` can take the stories closed meanwhile from [`ClosedStories`].
pub fn cluster_beside<R: Send>(
    articles: &[StoryInput],
    config: Config,
    beside: impl FnOnce(&ClosedStories) -> R + Send,
) -> (Clustering, R) {
    use rayon::prelude::*;

    let order = publication_order(articles);
    let mut clusterer = Clusterer::new(config);
    let lead = clusterer.lead();
    // The clusterer keeps what it needs of each reading to warm the IDF;
    // the view's part is kept for the view.
    let mut readings: Vec<features::Reading> = vec![Default::default(); articles.len()];
    features::read_in_order(
        &order,
        lead,
        |&i| (articles[i].title, articles[i].text),
        |&i, f| {
            clusterer.observe_features(articles[i].id, &f);
            if let Some(r) = readings.get_mut(i) {
                *r = f.reading;
            }
        },
    );
    let mut added: Vec<usize> = Vec::with_capacity(order.len());
    let mut skipped = Vec::new();
    let closed = ClosedStories {
        queue: Mutex::new(VecDeque::new()),
        adding: AtomicBool::new(true),
    };
    // Added one after the other, on a thread of the pool: the clusterer
    // then scores each article's candidate stories in parallel.
    let ((), beside) = rayon::join(
        || {
            // Stories started and not yet seen closed.
            let mut open: Vec<u32> = Vec::new();
            // What adding needs of each article apart from the stories is
            // worked out a chunk at a time on every core: the IDF was
            // warmed with the whole batch and stays as it is.
            let mut prepared = Vec::new().into_iter();
            for (n, &i) in order.iter().enumerate() {
                if n % PREPARE_CHUNK == 0 {
                    let ids: Vec<&str> = order
                        .iter()
                        .skip(n)
                        .take(PREPARE_CHUNK)
                        .map(|&k| articles[k].id)
                        .collect();
                    prepared = clusterer.prepare_observed(&ids).into_iter();
                }
                match clusterer.add_prepared(&articles[i], prepared.next().flatten()) {
                    Ok(a) => {
                        added.push(i);
                        if a.started {
                            open.push(a.story.0);
                        }
                    }
                    Err(e) => skipped.push(Skipped {
                        index: i,
                        error: e.to_string(),
                    }),
                }
                if n % CLOSED_EVERY == CLOSED_EVERY - 1 {
                    open.retain(|&s| {
                        if clusterer.is_live(StoryId(s)) {
                            return true;
                        }
                        let members = members_of(&clusterer, s, &added);
                        if !members.is_empty() {
                            closed.push(members);
                        }
                        false
                    });
                }
            }
            closed.adding.store(false, Ordering::Release);
        },
        || beside(&closed),
    );
    let mut groups: Vec<Vec<usize>> = (0..clusterer.groups().len() as u32)
        .map(|s| members_of(&clusterer, s, &added))
        .filter(|g| !g.is_empty())
        .collect();
    let last_key = |g: &Vec<usize>| g.iter().filter_map(|&i| articles[i].published).max();
    groups.sort_by(|a, b| {
        b.len()
            .cmp(&a.len())
            .then_with(|| last_key(b).cmp(&last_key(a)))
    });
    let stories = groups
        .into_par_iter()
        .enumerate()
        .map(|(k, g)| {
            let members: Vec<&StoryInput> = g.iter().map(|&i| &articles[i]).collect();
            let read: Vec<&features::Reading> = g.iter().map(|&i| &readings[i]).collect();
            Story {
                id: format!("s{}", k + 1),
                articles: members.iter().map(|a| a.id.to_string()).collect(),
                view: view::describe_read(&members, &read),
                indices: g,
            }
        })
        .collect();
    (Clustering { stories, skipped }, beside)
}

/// The members of story `s` as input positions, `added` giving the input
/// position of each article by sequence number.
fn members_of(clusterer: &Clusterer, s: u32, added: &[usize]) -> Vec<usize> {
    clusterer
        .groups()
        .get(s as usize)
        .map(|g| {
            g.iter()
                .filter_map(|&q| added.get(q as usize).copied())
                .collect()
        })
        .unwrap_or_default()
}
