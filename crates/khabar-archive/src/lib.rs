//! khabar's archive: the incremental pipeline that takes articles, batch by
//! batch and day after day, through cleaning, near-duplicate detection and
//! story clustering into the store, and reads stories back out.
//!
//! # Brief overview
//!
//! - [`Archive::open`] opens (or creates) a data directory for writing and
//!   loads the state the next batch continues from: the near-duplicate
//!   index and the story clusterer, as the last committed batch left them.
//!   [`Archive::open_read_only`] opens one for reading while another
//!   process writes.
//! - [`Archive::ingest`] adds one batch of [`Article`]s and answers an
//!   [`Outcome`] per article: added (with its story and its near-duplicates),
//!   already stored, the same text as a stored article of the same outlet,
//!   or rejected (with why).
//! - Reads: [`Archive::stories`], [`Archive::story`], [`Archive::article`],
//!   [`Archive::search`]; each story is a [`StoryDocument`], the JSON shape
//!   `khabar run` prints.
//!
//! # Invariants
//!
//! - **A batch is all or nothing.** Its articles, the new member lists of
//!   every story it touched (pending records, with their near-duplicate
//!   groups) and the near-duplicate index are committed in one store
//!   transaction (the clusterer state is saved apart: see below, *the
//!   stored batches are the log*); a process killed at any point
//!   leaves the store as of the last whole batch, and the next ingest goes
//!   on from there. If a commit fails, the in-memory state is reloaded from
//!   the store.
//! - **Story documents are built after the commit.** A touched story is
//!   *pending* until [`Archive::refresh`] builds its document (view, reuse
//!   pairs: only the pairs a new member can change are aligned again) and
//!   stores it in a transaction of its own. By default an ingest builds,
//!   after its commit, the pending stories it did not touch (a story
//!   touched batch after batch is built once its run ends); closing and
//!   [`Archive::flush`] build the rest; a server defers all of it to a
//!   thread of its own ([`Archive::defer_documents`]). Reads never show a
//!   pending story's old document: they build it (the same document the
//!   refresh stores), so a kill leaves nothing half-written to read.
//! - **Batches equal one run.** Each article is cleaned on its own
//!   (boilerplate and broken lines; no corpus statistics) and clustered
//!   online, so ingesting a corpus in several batches gives the same
//!   stories as ingesting it in one, when the batches come in publication
//!   order. Inside a batch, articles are added in publication order
//!   (undated ones keep their place).
//! - **Reprints join their original's story.** An article whose text is a
//!   near-copy (the near-duplicate index's Jaccard threshold) of an earlier
//!   one joins that article's story directly, without the clusterer, which
//!   only sees originals: a wire copy is the same story, and copies do not
//!   inflate word statistics.
//! - **Re-ingesting is a no-op.** An id already stored, or the same exact
//!   text (match form) as a stored article *of the same outlet*, is
//!   reported and not stored again. The same text from *another* outlet is
//!   a reprint: it is stored, and reported as its near-duplicate.
//! - Story ids are `s1`, `s2`, … in order of creation, and never change.
//! - **The stored batches are the log.** The clusterer state (megabytes) is
//!   saved every 16,000 articles or 30 seconds, and when the archive is
//!   closed, not with every batch; opening replays the batches stored
//!   after it, which rebuilds exactly the state the last batch left
//!   (clustering is deterministic), and checks that every replayed article
//!   lands in the story it is stored in. The saved record names the batch
//!   it reflects. A save is not part of any batch: after the batch that
//!   makes it due commits, a copy of the state is encoded and written to
//!   the store's state file ([`Store::save_story_state`], which takes no
//!   lock a batch needs) on a thread of its own, at a background priority,
//!   while the next batches go on; a process killed before it lands leaves
//!   the previous save, and opening replays from there. The
//!   near-duplicate index is stored document by document, each batch
//!   appending its own.
//!
//! # Concurrency
//!
//! [`Archive`] is `Send + Sync`. Ingests are serialized; reads run at any
//! time, on the last committed batch.
//!
//! Does not: read files (that is `khabar-ingest`) or print anything.
#![deny(missing_docs)]

mod document;
mod error;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use khabar_dedup::{
    Fingerprint, Fingerprinter, HASHES, IndexSnapshot, LshIndex, LshParams, ReuseDoc,
    SNAPSHOT_VERSION, SnapshotDocument,
};
use khabar_ingest::Article;
use khabar_store::{
    Batch, EncodedStory, Hit, NewArticle, PendingStory, RecordsView, Store, StoredArticle,
    StoredStory, StoryState,
};
use khabar_story::{
    ArticleReading, Clusterer, FeatureReader, ReadFeatures, Story, StoryId, StoryInput,
};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

pub use document::{StoryDocument, duplicates_by_story};
pub use error::{Error, Result};

/// The story id of a clusterer story number: `s1` for 0.
pub fn story_id(story: StoryId) -> String {
    format!("s{}", u64::from(story.0) + 1)
}

/// What became of one article of a batch.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    /// The article's id.
    pub id: String,
    /// What happened.
    #[serde(flatten)]
    pub status: Status,
}

/// What became of one article; see [`Outcome`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Status {
    /// Stored, in `story`; `duplicates` are the other articles (stored
    /// before or in this batch) with the same or nearly the same text.
    Added {
        /// The story it joined or started.
        story: String,
        /// True when it started the story.
        new_story: bool,
        /// Its near-duplicates.
        duplicates: Vec<String>,
    },
    /// The id was already stored (or came earlier in the batch): nothing
    /// was written.
    AlreadyStored {
        /// The stored article's story.
        story: String,
    },
    /// The same text, from the same outlet, as an article already stored
    /// under another id: nothing was written.
    SameText {
        /// The stored article.
        of: String,
        /// Its story.
        story: String,
    },
    /// Not stored, and why.
    Rejected {
        /// The reason.
        error: String,
    },
}

/// The answer to [`Archive::ingest`].
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct IngestReport {
    /// The batch number, when anything was stored.
    pub batch: Option<u64>,
    /// One outcome per article, in the order given.
    pub outcomes: Vec<Outcome>,
    /// The stories the batch started or changed.
    pub stories_touched: Vec<String>,
}

impl IngestReport {
    /// How many articles went which way.
    pub fn tally(&self) -> Tally {
        Tally::of(&self.outcomes)
    }
}

/// Outcomes counted by kind; tallies of several batches add up.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Stored.
    pub added: usize,
    /// Stored, and started a story.
    pub new_stories: usize,
    /// No-ops: already stored, or the same outlet's same text.
    pub unchanged: usize,
    /// Rejected.
    pub rejected: usize,
}

impl Tally {
    /// Counts `outcomes`.
    pub fn of(outcomes: &[Outcome]) -> Tally {
        let mut t = Tally::default();
        for o in outcomes {
            match o.status {
                Status::Added { new_story, .. } => {
                    t.added += 1;
                    t.new_stories += usize::from(new_story);
                }
                Status::AlreadyStored { .. } | Status::SameText { .. } => t.unchanged += 1,
                Status::Rejected { .. } => t.rejected += 1,
            }
        }
        t
    }
}

impl std::ops::AddAssign for Tally {
    fn add_assign(&mut self, other: Tally) {
        self.added += other.added;
        self.new_stories += other.new_stories;
        self.unchanged += other.unchanged;
        self.rejected += other.rejected;
    }
}

/// The writer's in-memory state: always what the store's last batch left.
struct Pipeline {
    clusterer: Clusterer,
    lsh: LshIndex,
    /// When the clusterer state was last saved (or a save started).
    saved_at: Instant,
    /// Batches committed since then.
    unsaved_batches: u64,
    /// Articles those batches added.
    unsaved_articles: usize,
}

/// Readings kept in memory between batches (a few KB each).
const READINGS_KEPT: usize = 100_000;

/// The clusterer state (megabytes: every live story's centroid) is saved
/// after the batch that brings the articles added since the last save to
/// this many (opening replays at most about this many: a few seconds of
/// clustering)…
pub const SAVE_STATE_EVERY_ARTICLES: usize = 16_000;

/// …or when it was last saved this long ago. Between saves, the stored
/// batches themselves are the log: opening replays the ones after the
/// saved state, which gives the same state (clustering is deterministic).
/// Counted in articles and time, not batches: a server commits hundreds of
/// one-article batches a second, and saving megabytes with one of them
/// every few batches was most of their cost. A save runs on a thread of
/// its own, apart from the batch (encoding 25 MB took 80 ms and writing it
/// 90 more, which the batch that carried it used to wait for, and the
/// requests queued behind it). Closing the archive saves the state too
/// (see [`Archive`]'s `Drop`), after any save under way.
pub const SAVE_STATE_EVERY: Duration = Duration::from_secs(30);

/// Version of the archive's story-state record: the batch number the saved
/// clusterer state reflects, then the clusterer's own bytes (which carry
/// [`khabar_story::STATE_VERSION`]).
pub const STATE_FORMAT: u32 = 2;

impl Pipeline {
    fn load(store: &Store) -> Result<Pipeline> {
        let dir = store.dir().to_path_buf();
        let lsh = match store.lsh_snapshot()? {
            Some(snapshot) => LshIndex::from_snapshot(snapshot).map_err(|e| Error::Damaged {
                dir: dir.clone(),
                what: "near-duplicate index".into(),
                reason: e.to_string(),
            })?,
            None => LshIndex::new(LshParams::default(), Fingerprinter::default()),
        };
        let (saved_batch, mut clusterer) = match store.story_state()? {
            Some(state) if state.version != STATE_FORMAT => {
                return Err(Error::StoryStateVersion {
                    dir,
                    found: state.version,
                    expected: STATE_FORMAT,
                });
            }
            Some(state) => {
                let damaged = |reason: String| Error::Damaged {
                    dir: dir.clone(),
                    what: "story state".into(),
                    reason,
                };
                let (batch, bytes) = state
                    .bytes
                    .split_first_chunk::<8>()
                    .ok_or_else(|| damaged("shorter than its header".into()))?;
                let clusterer = Clusterer::from_bytes(bytes).map_err(|e| damaged(e.to_string()))?;
                (u64::from_le_bytes(*batch), clusterer)
            }
            None => (0, Clusterer::default()),
        };
        replay(store, &lsh, &mut clusterer, saved_batch)?;
        // Replayed batches count as unsaved: closing saves the state.
        let replayed = store.last_batch()?.saturating_sub(saved_batch);
        // Near-copies join their original's story without the clusterer.
        let stored = store.article_count()?;
        if lsh.len() as u64 != stored || clusterer.len() as u64 > stored {
            return Err(Error::Damaged {
                dir,
                what: "archive state".into(),
                reason: format!(
                    "{stored} articles stored, but the near-duplicate index holds {} and the \
                     story state {}",
                    lsh.len(),
                    clusterer.len()
                ),
            });
        }
        Ok(Pipeline {
            clusterer,
            lsh,
            saved_at: Instant::now(),
            unsaved_batches: replayed,
            unsaved_articles: 0,
        })
    }
}

/// Brings `clusterer`, saved as of batch `saved_batch`, up to the store's
/// last batch by adding the originals of every later batch again, in the
/// order they were stored (which is the order they were added in). Near
/// copies are told apart by the near-duplicate index, which every
/// batch extends; every replayed article must land in the story it is
/// stored in.
fn replay(
    store: &Store,
    lsh: &LshIndex,
    clusterer: &mut Clusterer,
    saved_batch: u64,
) -> Result<()> {
    let last = store.last_batch()?;
    if saved_batch >= last {
        return Ok(());
    }
    let dir = store.dir().to_path_buf();
    let damaged = |reason: String| Error::Damaged {
        dir: dir.clone(),
        what: "story state".into(),
        reason,
    };
    let mut copies: HashSet<&str> = HashSet::new();
    for group in lsh.groups() {
        for &d in group.iter().skip(1) {
            copies.extend(lsh.id(d));
        }
    }
    for batch in saved_batch + 1..=last {
        let ids: Vec<String> = store
            .batch_articles(batch)?
            .unwrap_or_default()
            .into_iter()
            .filter(|id| !copies.contains(id.as_str()))
            .collect();
        // Only the display texts are read (see `stored_input`), in one
        // reading of the batch.
        let stored: Vec<NewArticle> = store
            .view()?
            .articles_without_raw(&ids)?
            .into_iter()
            .map(|s| s.article)
            .collect();
        // The stored ones come in the order of `ids`: the first id that
        // differs is the first missing one.
        if stored.len() != ids.len() {
            let missing = ids
                .iter()
                .zip(
                    stored
                        .iter()
                        .map(|a| Some(&a.id))
                        .chain(std::iter::repeat(None)),
                )
                .find(|(id, stored)| *stored != Some(*id))
                .map_or("", |(id, _)| id.as_str());
            return Err(damaged(format!(
                "batch {batch} names {missing:?}, which is not stored"
            )));
        }
        let inputs: Vec<StoryInput> = stored.iter().map(stored_input).collect();
        for (a, assignment) in stored.iter().zip(clusterer.add_all(&inputs)) {
            let got = assignment
                .map(|x| story_id(x.story))
                .map_err(|e| damaged(e.to_string()))?;
            if got != a.story_id {
                return Err(damaged(format!(
                    "replaying batch {batch}: {} went to {got}, but is stored in {}",
                    a.id, a.story_id
                )));
            }
        }
    }
    Ok(())
}

/// A data directory: the store, and the pipeline state that continues it.
pub struct Archive {
    /// Shared with the thread that saves the clusterer state.
    store: Arc<Store>,
    /// `None` when read-only.
    writer: Option<Mutex<Pipeline>>,
    /// How the near-duplicate index fingerprints (fixed when it was
    /// created).
    fingerprinter: Fingerprinter,
    /// How the clusterer reads an article (fixed with its settings when
    /// the state was created), so that [`Archive::prepare`] reads story
    /// features ahead, without the writer's lock.
    reader: FeatureReader,
    /// What the story view reads of each recent article (title stems, lead
    /// sentences, entity mentions), so a growing story is not read again
    /// from its texts at every build. A cache the clusterer fills: emptied
    /// when it grows past [`READINGS_KEPT`], never saved.
    readings: Mutex<HashMap<String, Arc<ArticleReading>>>,
    /// When set, [`Archive::ingest`] builds no story document: the caller
    /// runs [`Archive::refresh`] (see [`Archive::defer_documents`]).
    deferred: AtomicBool,
    /// Serializes [`Archive::refresh`] runs.
    refreshing: Mutex<()>,
    /// The clusterer state being saved on a thread of its own (see
    /// [`Archive::save_in_background`]), if one was started; joined before
    /// the next one starts, and before closing or compacting.
    saving: Mutex<Option<JoinHandle<Result<()>>>>,
    /// When the clusterer state is saved: after this many articles…
    save_every_articles: AtomicUsize,
    /// …or this many milliseconds (see [`Archive::save_state_every`]).
    save_every_ms: AtomicU64,
}

/// A batch [`Archive::prepare`] cleaned, fingerprinted and read, for
/// [`Archive::ingest_prepared`].
pub struct PreparedBatch {
    /// One per article, in the order given.
    items: Vec<Prepared>,
}

impl PreparedBatch {
    /// How many articles it holds.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when it holds none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// One article of a [`PreparedBatch`].
enum Prepared {
    /// Its id was stored already: not cleaned.
    Stored(String),
    /// Nothing left once the boilerplate is gone.
    Empty(String),
    /// Cleaned, fingerprinted and read.
    Ready(Box<Incoming>),
}

impl Prepared {
    fn id(&self) -> &str {
        match self {
            Prepared::Stored(id) | Prepared::Empty(id) => id,
            Prepared::Ready(inc) => &inc.article.id,
        }
    }
}

impl Drop for Archive {
    /// Builds the pending story documents, and saves the clusterer state
    /// when batches were committed since it was last saved, so that the
    /// next open has nothing to replay (a failure here only leaves them to
    /// be built or replayed then).
    fn drop(&mut self) {
        if self.writer.is_some() {
            let _ = self.refresh();
        }
        // Joins a background save first: the store is dropped here, not on
        // the saving thread.
        let _ = self.save_state();
    }
}

/// The story-state record of `clusterer` as of batch `batch` (see
/// [`STATE_FORMAT`]).
fn state_record(batch: u64, clusterer: &Clusterer) -> StoryState {
    let mut bytes = batch.to_le_bytes().to_vec();
    bytes.extend_from_slice(&clusterer.to_bytes());
    StoryState {
        version: STATE_FORMAT,
        bytes,
    }
}

/// One article of a batch on its way in.
struct Incoming {
    /// Position in the batch as given.
    pos: usize,
    article: Article,
    display: String,
    fingerprint: Fingerprint,
    /// Its story features, read ahead (taken when it is added).
    features: Option<ReadFeatures>,
}

impl Incoming {
    /// The key under which the store finds this outlet's same text again:
    /// the exact-text key (match form without white space) hashed with the
    /// outlet's name. `None` for a text too short to have an exact key.
    fn reingest_key(&self) -> Option<u64> {
        let exact = self.fingerprint.exact?;
        let source = self.article.source.as_deref().unwrap_or("");
        Some(xxhash_rust::xxh3::xxh3_64_with_seed(
            source.as_bytes(),
            exact,
        ))
    }

    /// Cleans, fingerprints and reads one article (its story features,
    /// as `reader` reads them); `Err(id)` when nothing is left once the
    /// boilerplate is gone.
    fn prepare(
        pos: usize,
        article: Article,
        fingerprinter: Fingerprinter,
        reader: FeatureReader,
    ) -> std::result::Result<Incoming, String> {
        let cleaned = khabar_clean::strip_boilerplate(&article.text, article.title.as_deref());
        if !cleaned
            .text
            .chars()
            .any(khabar_text::script::is_alphanumeric)
        {
            return Err(article.id);
        }
        let fingerprint = fingerprinter.fingerprint(&cleaned.text);
        let mut inc = Incoming {
            pos,
            article,
            display: cleaned.text,
            fingerprint,
            features: None,
        };
        inc.features = Some(reader.read(&story_input(&inc)));
        Ok(inc)
    }
}

impl Archive {
    /// Opens `dir` for writing, creating an archive in a missing or empty
    /// directory. Refuses a foreign, damaged or newer directory, and one
    /// another process writes to.
    pub fn open(dir: &Path) -> Result<Archive> {
        let store = Store::open(dir)?;
        let pipeline = Pipeline::load(&store)?;
        Ok(Archive::over(store, Some(pipeline)))
    }

    /// An archive over `store`; a writer when it has the `pipeline` that
    /// continues it.
    fn over(store: Store, pipeline: Option<Pipeline>) -> Archive {
        Archive {
            store: Arc::new(store),
            fingerprinter: pipeline
                .as_ref()
                .map_or_else(Fingerprinter::default, |p| p.lsh.fingerprinter()),
            reader: pipeline
                .as_ref()
                .map_or_else(|| Clusterer::default().reader(), |p| p.clusterer.reader()),
            writer: pipeline.map(Mutex::new),
            readings: Mutex::new(HashMap::new()),
            deferred: AtomicBool::new(false),
            refreshing: Mutex::new(()),
            saving: Mutex::new(None),
            save_every_articles: AtomicUsize::new(SAVE_STATE_EVERY_ARTICLES),
            save_every_ms: AtomicU64::new(SAVE_STATE_EVERY.as_millis() as u64),
        }
    }

    /// Opens an existing archive for reading only (another process may be
    /// writing to it).
    ///
    /// A store left by a killed writer needs a repair that only a writer can
    /// make: when no other process writes to it, it is opened for writing
    /// once (which repairs it, or refuses it when it is truly damaged), then
    /// read-only.
    pub fn open_read_only(dir: &Path) -> Result<Archive> {
        let store = match Store::open_read_only(dir) {
            Err(khabar_store::Error::Corrupted { .. }) if Store::open(dir).is_ok() => {
                Store::open_read_only(dir)?
            }
            other => other?,
        };
        Ok(Archive::over(store, None))
    }

    /// The store underneath, for reads this type does not wrap.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Builds the pending story documents and, meanwhile, saves the
    /// clusterer state (when batches were committed since it was last
    /// saved) and commits the search index: what closing the archive does,
    /// with none of the three waiting for the others until the end, where
    /// each one's error is returned (closing drops them). The end of a
    /// large ingest calls it.
    pub fn flush(&self) -> Result<()> {
        self.store.start_search_commit()?;
        let (refreshed, saved) = std::thread::scope(|scope| {
            let saving = scope.spawn(|| self.save_state());
            (self.refresh(), saving.join())
        });
        refreshed?;
        saved.map_err(|_| Error::Damaged {
            dir: self.store.dir().into(),
            what: "story state".into(),
            reason: "saving it panicked".into(),
        })??;
        // The commit started above has landed, or this waits for it (and
        // commits the documents' batches, if any reached the index since).
        Ok(self.store.flush_search()?)
    }

    /// [`Archive::flush`], then gives the record file's free space back
    /// (see [`Store::compact`]). Rarely worth its time: redb reuses the
    /// pages that copy on write frees, so after the 31k articles of
    /// SaudiNewsNet ingested in batches of 1,000 it gives back 0.3% of the
    /// record file's disk blocks (3% after 5k in batches of 100), for
    /// about 3% of the ingest's CPU.
    pub fn compact(&mut self) -> Result<bool> {
        self.flush()?;
        // `flush` joined its saving thread: no other owner of the store is
        // left.
        let dir = self.store.dir().to_path_buf();
        let store = Arc::get_mut(&mut self.store).ok_or(Error::Damaged {
            dir,
            what: "archive".into(),
            reason: "the store is still shared while compacting".into(),
        })?;
        Ok(store.compact()?)
    }

    /// Sets how often the clusterer state is saved: when `articles` were
    /// added since the last save, or it is `interval` old, whichever comes
    /// first (by default [`SAVE_STATE_EVERY_ARTICLES`] and
    /// [`SAVE_STATE_EVERY`]). Saving more often shortens the replay at the
    /// next open after a crash; each save encodes and writes the whole
    /// state (megabytes), on a thread of its own.
    pub fn save_state_every(&self, articles: usize, interval: Duration) {
        self.save_every_articles.store(articles, Ordering::Relaxed);
        let ms = u64::try_from(interval.as_millis()).unwrap_or(u64::MAX);
        self.save_every_ms.store(ms, Ordering::Relaxed);
    }

    /// Waits until the clusterer state save under way, if any, has landed
    /// (saves run on a thread of their own, see [`Archive::ingest`]).
    /// Errors with why that save failed (its batches stay to be replayed,
    /// or saved by the next save).
    pub fn wait_for_state_save(&self) -> Result<()> {
        let result = self.join_saving();
        if result.is_err()
            && let Some(writer) = &self.writer
            && let Ok(mut p) = writer.lock()
        {
            p.unsaved_batches += 1;
        }
        result
    }

    /// Waits for the background save of the clusterer state, if one is
    /// under way, and gives its result (`Ok` when none was).
    fn join_saving(&self) -> Result<()> {
        let handle = self
            .saving
            .lock()
            .map_err(|_| Error::Store(khabar_store::Error::Poisoned(self.store.dir().into())))?
            .take();
        match handle.map(JoinHandle::join) {
            None => Ok(()),
            Some(Ok(result)) => result,
            Some(Err(_)) => Err(Error::Damaged {
                dir: self.store.dir().into(),
                what: "story state".into(),
                reason: "saving it panicked".into(),
            }),
        }
    }

    /// Starts saving `clusterer`, the state as of the committed batch
    /// `batch`, on a thread of its own, so that the batch that made a save
    /// due answers without waiting for megabytes to be encoded and written
    /// (see [`SAVE_STATE_EVERY`]); it waits for the copy only (about half
    /// the encoding's time on SaudiNewsNet). Returns false, and starts
    /// nothing, while the previous save is still under way. The saved record names its
    /// batch, so a save that lands after later batches committed is still
    /// right: opening replays the batches after it. A process killed
    /// before it lands leaves the previous record, and replays from there.
    fn save_in_background(&self, batch: u64, clusterer: &Clusterer) -> Result<bool> {
        let mut saving = self
            .saving
            .lock()
            .map_err(|_| Error::Store(khabar_store::Error::Poisoned(self.store.dir().into())))?;
        if saving.as_ref().is_some_and(|h| !h.is_finished()) {
            return Ok(false);
        }
        // A failed save only leaves more to replay at the next open; the
        // next one (or closing) saves again.
        let _ = saving.take().map(JoinHandle::join);
        let snapshot = clusterer.clone();
        let store = Arc::clone(&self.store);
        let handle = std::thread::Builder::new()
            .name("khabar-state-saver".into())
            .spawn(move || {
                khabar_store::lower_thread_priority();
                Ok(store.save_story_state(&state_record(batch, &snapshot))?)
            })
            .map_err(|e| Error::Damaged {
                dir: self.store.dir().into(),
                what: "story state".into(),
                reason: format!("starting the thread that saves it: {e}"),
            })?;
        *saving = Some(handle);
        Ok(true)
    }

    /// Saves the clusterer state alone when batches were committed since
    /// it was last saved.
    fn save_state(&self) -> Result<()> {
        let Some(writer) = &self.writer else {
            return Ok(());
        };
        // A save under way lands first (saves land in batch order); one
        // that failed leaves its batches unsaved, saved here.
        let joined = self.join_saving();
        let mut p = writer
            .lock()
            .map_err(|_| Error::Store(khabar_store::Error::Poisoned(self.store.dir().into())))?;
        if joined.is_err() {
            p.unsaved_batches += 1;
        }
        if p.unsaved_batches == 0 {
            return Ok(());
        }
        let last = self.store.last_batch()?;
        self.store
            .save_story_state(&state_record(last, &p.clusterer))?;
        p.saved_at = Instant::now();
        p.unsaved_batches = 0;
        p.unsaved_articles = 0;
        Ok(())
    }

    /// Adds one batch; see the crate doc for what is stored and what is a
    /// no-op. An `Err` means nothing of the batch was stored.
    pub fn ingest(&self, articles: Vec<Article>) -> Result<IngestReport> {
        self.ingest_prepared(self.prepare(articles))
    }

    /// The first step of [`Archive::ingest`], which needs no lock and may
    /// run while another batch is ingested (a bulk loader prepares batch
    /// N+1 while batch N clusters and commits): cleans, fingerprints and
    /// reads (the clusterer's features, see [`FeatureReader`]) each
    /// article, in parallel, except those whose id is stored already.
    /// Then [`Archive::ingest_prepared`] ingests the batch exactly as
    /// [`Archive::ingest`] would have.
    pub fn prepare(&self, articles: Vec<Article>) -> PreparedBatch {
        let (fingerprinter, reader) = (self.fingerprinter, self.reader);
        // An id stored now stays stored: no need to clean it. Looked up
        // here, in one read, not by each worker (a read transaction each
        // made the workers queue on redb's lock). When the read fails,
        // every article is prepared and `ingest_prepared` looks again.
        let view = self.store.view().ok();
        let stored: Vec<bool> = articles
            .iter()
            .map(|a| {
                view.as_ref()
                    .is_some_and(|v| v.contains_id(&a.id).unwrap_or(false))
            })
            .collect();
        drop(view);
        let items = articles
            .into_par_iter()
            .zip(stored)
            .enumerate()
            .map(|(pos, (article, stored))| {
                if stored {
                    return Prepared::Stored(article.id);
                }
                match Incoming::prepare(pos, article, fingerprinter, reader) {
                    Ok(inc) => Prepared::Ready(Box::new(inc)),
                    Err(id) => Prepared::Empty(id),
                }
            })
            .collect();
        PreparedBatch { items }
    }

    /// Ingests a batch made by [`Archive::prepare`] (on this archive); see
    /// [`Archive::ingest`].
    pub fn ingest_prepared(&self, batch: PreparedBatch) -> Result<IngestReport> {
        let writer = self.writer.as_ref().ok_or(Error::ReadOnly)?;
        let mut pipeline = writer
            .lock()
            .map_err(|_| Error::Store(khabar_store::Error::Poisoned(self.store.dir().into())))?;
        let result = self.ingest_locked(&mut pipeline, batch.items);
        if result.is_err() {
            // The state may be ahead of the store: start again from it.
            *pipeline = Pipeline::load(&self.store)?;
        }
        result
    }

    fn ingest_locked(&self, p: &mut Pipeline, items: Vec<Prepared>) -> Result<IngestReport> {
        let n = items.len();
        let mut outcomes: Vec<Option<Status>> = vec![None; n];
        let ids: Vec<String> = items.iter().map(|a| a.id().to_string()).collect();

        // The look-ups below share one read of the records (this batch
        // holds the writer's lock: nothing commits meanwhile). Dropped
        // before the batch commits.
        let view = self.store.view()?;

        // Repeated ids: stored before, or earlier in this batch.
        let mut first_in_batch: HashMap<&str, usize> = HashMap::new();
        let mut repeats: Vec<(usize, usize)> = Vec::new();
        let mut prepared: Vec<std::result::Result<Incoming, usize>> = Vec::with_capacity(n);
        for (pos, item) in items.into_iter().enumerate() {
            let id = ids[pos].as_str();
            if let Some(&first) = first_in_batch.get(id) {
                repeats.push((pos, first));
                continue;
            }
            first_in_batch.insert(id, pos);
            if let Some(story) = view.story_of(id)? {
                outcomes[pos] = Some(Status::AlreadyStored { story });
                continue;
            }
            match item {
                Prepared::Ready(inc) => prepared.push(Ok(*inc)),
                Prepared::Empty(_) => prepared.push(Err(pos)),
                // Stored when prepared, so stored now: not reached.
                Prepared::Stored(_) => {
                    outcomes[pos] = Some(Status::AlreadyStored {
                        story: String::new(),
                    })
                }
            }
        }

        // Empty texts, and the same outlet's same text again.
        let mut incoming: Vec<Incoming> = Vec::with_capacity(prepared.len());
        let mut batch_text: HashMap<u64, usize> = HashMap::new();
        for ready in prepared {
            let inc = match ready {
                Ok(inc) => inc,
                Err(pos) => {
                    outcomes[pos] = Some(Status::Rejected {
                        error: "empty text once boilerplate is removed".into(),
                    });
                    continue;
                }
            };
            if let Some(key) = inc.reingest_key() {
                if let Some(&first) = batch_text.get(&key) {
                    repeats.push((inc.pos, first));
                    outcomes[inc.pos] = Some(Status::SameText {
                        of: ids[first].clone(),
                        story: String::new(),
                    });
                    continue;
                }
                if let Some(of) = view.find_exact(key)? {
                    let story = view.story_of(&of)?;
                    outcomes[inc.pos] = Some(Status::SameText {
                        of,
                        story: story.unwrap_or_default(),
                    });
                    continue;
                }
                batch_text.insert(key, inc.pos);
            }
            incoming.push(inc);
        }
        drop(view);

        // Index the fingerprints in publication order. A near-copy of an
        // earlier article (a reprint of the same wire) joins that article's
        // story; every other article goes through the clusterer.
        let mut features: Vec<Option<ReadFeatures>> =
            incoming.iter_mut().map(|inc| inc.features.take()).collect();
        let inputs: Vec<StoryInput> = incoming.iter().map(story_input).collect();
        let order = khabar_story::publication_order(&inputs);
        let first_doc = p.lsh.len();
        let mut doc_of: Vec<usize> = vec![0; incoming.len()];
        for &i in &order {
            doc_of[i] = p
                .lsh
                .insert(incoming[i].article.id.clone(), &incoming[i].fingerprint);
        }
        let groups = groups_with_new(&p.lsh, first_doc);
        // Indexed by document number less `first_doc`.
        let mut copy_of: Vec<Option<usize>> = vec![None; p.lsh.len() - first_doc];
        for group in &groups {
            if let Some((&first, rest)) = group.split_first() {
                for &d in rest.iter().filter(|&&d| d >= first_doc) {
                    copy_of[d - first_doc] = Some(first);
                }
            }
        }
        let originals: Vec<usize> = order
            .iter()
            .copied()
            .filter(|&i| copy_of[doc_of[i] - first_doc].is_none())
            .collect();
        let ordered: Vec<StoryInput> = originals.iter().map(|&i| inputs[i]).collect();
        let ordered_features: Vec<Option<ReadFeatures>> = originals
            .iter()
            .map(|&i| features.get_mut(i).and_then(Option::take))
            .collect();
        let mut story_of: Vec<Option<(String, bool)>> = vec![None; incoming.len()];
        let mut story_of_doc: HashMap<usize, String> = HashMap::new();
        let mut read: Vec<(String, Arc<ArticleReading>)> = Vec::with_capacity(incoming.len());
        let added = p.clusterer.add_all_features(&ordered, ordered_features);
        for (&i, (assignment, reading)) in originals.iter().zip(added) {
            read.push((incoming[i].article.id.clone(), Arc::new(reading)));
            // A repeated id cannot reach the clusterer (repeats were taken
            // out above); if one does, the batch is refused whole.
            let a = assignment.map_err(|e| Error::Damaged {
                dir: self.store.dir().into(),
                what: "story state".into(),
                reason: e.to_string(),
            })?;
            story_of_doc.insert(doc_of[i], story_id(a.story));
            story_of[i] = Some((story_id(a.story), a.started));
        }
        for &i in &order {
            let Some(first) = copy_of[doc_of[i] - first_doc] else {
                continue;
            };
            let story = match story_of_doc.get(&first) {
                Some(story) => story.clone(),
                None => {
                    let id = p.lsh.id(first).unwrap_or_default();
                    self.store.story_of(id)?.ok_or_else(|| Error::Damaged {
                        dir: self.store.dir().into(),
                        what: "near-duplicate index".into(),
                        reason: format!("it holds {id:?}, which is not stored"),
                    })?
                }
            };
            story_of[i] = Some((story, false));
            // Its reading was read ahead too: its story's document is
            // built without reading it again.
            if let Some(f) = features.get_mut(i).and_then(Option::take) {
                read.push((incoming[i].article.id.clone(), Arc::new(f.into_reading())));
            }
        }

        // Near-duplicate groups that hold a new article (the others are as
        // the stored story documents already have them), by their ids.
        let groups_by_id: Vec<Vec<String>> = groups
            .iter()
            .map(|g| {
                g.iter()
                    .filter_map(|&d| p.lsh.id(d).map(str::to_string))
                    .collect()
            })
            .collect();
        let group_of: HashMap<&str, usize> = groups_by_id
            .iter()
            .enumerate()
            .flat_map(|(g, ids)| ids.iter().map(move |id| (id.as_str(), g)))
            .collect();

        // The documents of every story the batch touched.
        let mut touched: Vec<String> = Vec::new();
        let mut members_new: HashMap<&str, Vec<usize>> = HashMap::new();
        for &i in &order {
            if let Some((story, _)) = &story_of[i] {
                let list = members_new.entry(story.as_str()).or_default();
                if list.is_empty() {
                    touched.push(story.clone());
                }
                list.push(i);
            }
        }
        let pending: Vec<PendingStory> = touched
            .par_iter()
            .map(|story| {
                let new: Vec<&Incoming> = members_new
                    .get(story.as_str())
                    .map(|v| v.iter().map(|&i| &incoming[i]).collect())
                    .unwrap_or_default();
                self.pending_record(story, &new, &group_of, &groups_by_id)
            })
            .collect::<Result<_>>()?;

        // One atomic batch.
        let mut new_articles = Vec::with_capacity(incoming.len());
        for &i in &order {
            let Some((story, _)) = &story_of[i] else {
                continue;
            };
            let inc = &incoming[i];
            new_articles.push(NewArticle::from_article(
                &inc.article,
                inc.display.clone(),
                inc.reingest_key(),
                story.clone(),
            ));
        }
        let batch = if new_articles.is_empty() {
            None
        } else {
            let added = new_articles.len();
            let every_ms = self.save_every_ms.load(Ordering::Relaxed);
            let save = p.unsaved_articles + added
                >= self.save_every_articles.load(Ordering::Relaxed)
                || p.saved_at.elapsed() >= Duration::from_millis(every_ms);
            // Only the documents this batch added: the stored ones are
            // there already (the index in memory is never cloned whole).
            let lsh_new: Vec<SnapshotDocument> = order
                .iter()
                .map(|&i| SnapshotDocument {
                    id: incoming[i].article.id.clone(),
                    fingerprint: incoming[i].fingerprint.clone(),
                })
                .collect();
            let seq = self.store.commit_batch(Batch {
                articles: new_articles,
                pending,
                lsh: Some(IndexSnapshot {
                    version: SNAPSHOT_VERSION,
                    hashes: HASHES,
                    fingerprinter: p.lsh.fingerprinter(),
                    params: p.lsh.params(),
                    documents: lsh_new,
                }),
                lsh_first: first_doc as u64,
                ..Batch::default()
            })?;
            // The batch is committed: a failure to start the save must not
            // report it failed (it stays unsaved, and is saved later).
            if save && self.save_in_background(seq, &p.clusterer).unwrap_or(false) {
                p.saved_at = Instant::now();
                p.unsaved_batches = 0;
                p.unsaved_articles = 0;
            } else {
                p.unsaved_batches += 1;
                p.unsaved_articles += added;
            }
            Some(seq)
        };

        {
            let mut cache = self.lock_readings()?;
            if cache.len() > READINGS_KEPT {
                cache.clear();
            }
            cache.extend(read);
        }
        // Without a caller that refreshes, the stories the batch did not
        // touch are built now: a story touched batch after batch is built
        // once its run of batches ends (or at the end), not every time.
        if batch.is_some() && !self.deferred.load(Ordering::Relaxed) {
            let skip: HashSet<&str> = touched.iter().map(String::as_str).collect();
            // The batch is committed whatever happens here: a failure only
            // leaves these stories pending (built on read, or by the next
            // refresh).
            let _ = self.refresh_where(true, |id| !skip.contains(id));
        }

        // Outcomes of the added articles, then of the repeats.
        let mut story_at: HashMap<usize, String> = HashMap::new();
        for (i, inc) in incoming.iter().enumerate() {
            let Some((story, started)) = &story_of[i] else {
                continue;
            };
            story_at.insert(inc.pos, story.clone());
            let duplicates = group_of
                .get(inc.article.id.as_str())
                .and_then(|&g| groups_by_id.get(g))
                .map(|g| {
                    g.iter()
                        .filter(|d| **d != inc.article.id)
                        .cloned()
                        .collect()
                })
                .unwrap_or_default();
            outcomes[inc.pos] = Some(Status::Added {
                story: story.clone(),
                new_story: *started,
                duplicates,
            });
        }
        for (pos, first) in repeats {
            let story = story_at.get(&first).cloned().unwrap_or_default();
            outcomes[pos] = Some(match outcomes[pos].take() {
                Some(Status::SameText { of, .. }) => Status::SameText { of, story },
                _ => Status::AlreadyStored { story },
            });
        }
        let outcomes = ids
            .into_iter()
            .zip(outcomes)
            .map(|(id, status)| Outcome {
                id,
                status: status.unwrap_or(Status::Rejected {
                    error: "not processed".into(),
                }),
            })
            .collect();
        Ok(IngestReport {
            batch,
            outcomes,
            stories_touched: touched,
        })
    }

    fn lock_readings(
        &self,
    ) -> Result<std::sync::MutexGuard<'_, HashMap<String, Arc<ArticleReading>>>> {
        self.readings
            .lock()
            .map_err(|_| Error::Store(khabar_store::Error::Poisoned(self.store.dir().into())))
    }

    /// The pending record of `story` once the batch's `new` members join
    /// it: every member in publication order (as the stored order and the
    /// batch's articles give it), and its near-duplicate groups (the
    /// groups holding a new article, `groups` by `group_of`, and the ones
    /// stored before that hold none).
    fn pending_record(
        &self,
        story: &str,
        new: &[&Incoming],
        group_of: &HashMap<&str, usize>,
        groups: &[Vec<String>],
    ) -> Result<PendingStory> {
        let (old_ids, old_groups) = match self.store.pending_story(story)? {
            Some(pending) => {
                let extra = self.pending_extra(&pending)?;
                (pending.articles, extra.duplicates)
            }
            None => match self.store.story::<StoredDuplicates>(story)? {
                Some(stored) => (stored.articles, stored.view.duplicates),
                None => (Vec::new(), Vec::new()),
            },
        };
        let published = self.store.published(&old_ids)?;
        let mut members: Vec<StoryInput> = old_ids
            .iter()
            .zip(&published)
            .map(|(id, &published)| StoryInput {
                published,
                ..StoryInput::new(id, "")
            })
            .collect();
        members.extend(new.iter().map(|inc| story_input(inc)));
        let order = khabar_story::publication_order(&members);
        let members: Vec<&StoryInput> = order.iter().filter_map(|&i| members.get(i)).collect();

        let ids: HashSet<&str> = members.iter().map(|m| m.id).collect();
        let mut duplicates: Vec<Vec<String>> = Vec::new();
        let mut seen_groups: HashSet<usize> = HashSet::new();
        for m in &members {
            let Some(&g) = group_of.get(m.id) else {
                continue;
            };
            if !seen_groups.insert(g) {
                continue;
            }
            let inside: Vec<String> = groups
                .get(g)
                .map(|g| {
                    g.iter()
                        .filter(|d| ids.contains(d.as_str()))
                        .cloned()
                        .collect()
                })
                .unwrap_or_default();
            if inside.len() > 1 {
                duplicates.push(inside);
            }
        }
        // Groups without a new member are unchanged: keep them as stored.
        for group in old_groups {
            if !group.iter().any(|d| group_of.contains_key(d.as_str())) {
                duplicates.push(group);
            }
        }
        // In the order of their first member, whatever the batches were.
        let position: HashMap<&str, usize> =
            members.iter().enumerate().map(|(i, m)| (m.id, i)).collect();
        duplicates.sort_by_key(|g| g.first().and_then(|id| position.get(id.as_str())).copied());
        let articles: Vec<String> = members.iter().map(|m| m.id.to_string()).collect();
        Ok(PendingStory {
            id: story.to_string(),
            articles,
            marked: 0,
            extra: self.encode_part(story, &PendingExtra { duplicates })?,
        })
    }

    fn pending_extra(&self, pending: &PendingStory) -> Result<PendingExtra> {
        // Read from the value in place (no copy of it).
        PendingExtra::deserialize(&pending.extra).map_err(|e| self.damaged_story(&pending.id, e))
    }

    /// The stored form of a pending record's extra (read back by
    /// `pending_extra`).
    fn encode_part<T: serde::Serialize>(&self, story: &str, part: &T) -> Result<serde_json::Value> {
        serde_json::to_value(part).map_err(|e| self.damaged_story(story, e))
    }

    fn damaged_story(&self, story: &str, e: serde_json::Error) -> Error {
        Error::Damaged {
            dir: self.store.dir().into(),
            what: format!("story {story}"),
            reason: e.to_string(),
        }
    }

    /// Makes this archive's [`Archive::ingest`] build no story document
    /// (`true`), for a caller that runs [`Archive::refresh`] itself (a
    /// server, from a thread of its own, so that an ingest answers without
    /// waiting for documents). By default (`false`) an ingest builds, after
    /// its commit, the pending documents of the stories it did not touch.
    /// Either way, reads never see a pending story's old document: they
    /// build it (see [`Archive::story`]).
    pub fn defer_documents(&self, deferred: bool) {
        self.deferred.store(deferred, Ordering::Relaxed);
    }

    /// Builds the document of every pending story (stories whose members
    /// changed since their document was built) and stores it, story by
    /// story (in commits of a few dozen stories; an ingest that touches a story
    /// meanwhile leaves it pending). Returns how many were stored. Does
    /// nothing on a read-only archive.
    pub fn refresh(&self) -> Result<usize> {
        let parallel = !self.deferred.load(Ordering::Relaxed);
        self.refresh_where(parallel, |_| true)
    }

    /// [`Archive::refresh`] of the pending stories `keep` accepts; across
    /// stories in parallel when `parallel` (else one story at a time, so
    /// that a concurrent ingest finds the thread pool free).
    fn refresh_where(&self, parallel: bool, keep: impl Fn(&str) -> bool + Sync) -> Result<usize> {
        if self.writer.is_none() {
            return Ok(0);
        }
        let _serial = self
            .refreshing
            .lock()
            .map_err(|_| Error::Store(khabar_store::Error::Poisoned(self.store.dir().into())))?;
        let pending: Vec<PendingStory> = self
            .store
            .pending_stories()?
            .into_iter()
            .filter(|p| keep(&p.id))
            .collect();
        // One synced commit per chunk (a concurrent batch waits behind it).
        if !parallel {
            let mut written = 0;
            for stories in pending.chunks(32) {
                let view = self.store.view()?;
                let built: Vec<(EncodedStory, u64)> = stories
                    .iter()
                    .map(|p| Ok((self.encode_story(&view, p)?, p.marked)))
                    .collect::<Result<_>>()?;
                drop(view);
                written += self.store.commit_stories(built)?;
            }
            return Ok(written);
        }
        // In parallel, a chunk is committed on a thread of its own while the
        // next is built: the commit is mostly a wait for the disk, which the
        // building need not sit out. Each story is in one chunk, so the two
        // never touch the same record.
        std::thread::scope(|scope| {
            let mut written = 0;
            let mut committing: Option<std::thread::ScopedJoinHandle<'_, Result<usize>>> = None;
            for stories in pending.chunks(256) {
                // One reading of the records for the whole chunk (a read
                // transaction per story was a tenth of the build's cost).
                // A failure is returned only once the commit under way is
                // joined (its result, or its panic, is not lost).
                let built: Result<Vec<(EncodedStory, u64)>> =
                    self.store.view().map_err(Error::from).and_then(|view| {
                        stories
                            .par_iter()
                            .map(|p| Ok((self.encode_story(&view, p)?, p.marked)))
                            .collect()
                    });
                written += self.finish_commit(committing.take())?;
                let built = built?;
                committing = Some(scope.spawn(move || Ok(self.store.commit_stories(built)?)));
            }
            written += self.finish_commit(committing)?;
            Ok(written)
        })
    }

    /// What a commit of [`Archive::refresh_where`]'s thread came to (0
    /// when there was none).
    fn finish_commit(
        &self,
        commit: Option<std::thread::ScopedJoinHandle<'_, Result<usize>>>,
    ) -> Result<usize> {
        match commit.map(std::thread::ScopedJoinHandle::join) {
            None => Ok(0),
            Some(Ok(written)) => written,
            Some(Err(_)) => Err(Error::Damaged {
                dir: self.store.dir().into(),
                what: "story documents".into(),
                reason: "committing them panicked".into(),
            }),
        }
    }

    /// The story record of a pending story: its document
    /// ([`Archive::build_document`]) as stored, passages without their
    /// text, encoded straight from its type (no [`serde_json::Value`] on
    /// the way).
    fn encode_story(&self, records: &RecordsView, pending: &PendingStory) -> Result<EncodedStory> {
        let document = self.build_document(records, pending, PassageTexts::Stored)?;
        Ok(EncodedStory::new(StoredStory {
            id: pending.id.clone(),
            articles: document.story.articles.clone(),
            first_published: document.story.view.first_published,
            last_published: document.story.view.last_published,
            view: &document,
        })?)
    }

    /// The document of a pending story, from its stored members: view,
    /// near-duplicates (kept in the pending record) and reuse over all of
    /// them, its passages' texts as `texts` says, from the records as
    /// `records` reads them. Members' readings come from the cache when
    /// there.
    fn build_document(
        &self,
        records: &RecordsView,
        pending: &PendingStory,
        texts: PassageTexts,
    ) -> Result<StoryDocument> {
        let story = pending.id.as_str();
        let extra = self.pending_extra(pending)?;
        // Only the display texts are read (see `stored_input`).
        let stored = records.articles_without_raw(&pending.articles)?;
        let members: Vec<StoryInput> = stored.iter().map(|s| stored_input(&s.article)).collect();
        let refs: Vec<&StoryInput> = members.iter().collect();
        let cached: Vec<Option<Arc<ArticleReading>>> = {
            let cache = self.lock_readings()?;
            members.iter().map(|m| cache.get(m.id).cloned()).collect()
        };
        let readings: Vec<Arc<ArticleReading>> = members
            .iter()
            .zip(cached)
            .map(|(m, c)| c.unwrap_or_else(|| Arc::new(khabar_story::read_article(m))))
            .collect();
        let reading_refs: Vec<&ArticleReading> = readings.iter().map(|r| r.as_ref()).collect();
        let view = khabar_story::describe_readings(&refs, &reading_refs);

        let reuse_docs: Vec<ReuseDoc> = members
            .iter()
            .map(|m| ReuseDoc {
                id: m.id,
                text: m.text,
                published: m.published.map(|t| t.timestamp()),
            })
            .collect();
        // The pairs of the last document built stand, but for those a new
        // member can change (see `find_reuse_update`): a story growing by
        // one article costs that article's pairs.
        // A story of one article has no pairs: its old document is not
        // read (most stories are single articles).
        let old = if members.len() >= 2 {
            records.story::<StoredReuse>(story)?
        } else {
            None
        };
        let mut reuse = match old {
            _ if members.len() < 2 => Vec::new(),
            Some(old) => {
                let before: HashSet<&str> = old.articles.iter().map(String::as_str).collect();
                let is_new: Vec<bool> = members.iter().map(|m| !before.contains(m.id)).collect();
                let kept_order = members
                    .iter()
                    .filter(|m| before.contains(m.id))
                    .map(|m| m.id)
                    .eq(old.articles.iter().map(String::as_str));
                if kept_order {
                    khabar_dedup::find_reuse_update(&reuse_docs, &is_new, &old.view.reuse)
                } else {
                    khabar_dedup::find_reuse(&reuse_docs)
                }
            }
            None => khabar_dedup::find_reuse(&reuse_docs),
        };
        match texts {
            // Passages are stored as offsets only; their text is the
            // stored display text's, filled back in on read (half the
            // story records' size on SaudiNewsNet).
            PassageTexts::Stored => {
                for passage in reuse.iter_mut().flat_map(|p| &mut p.passages) {
                    passage.text = String::new();
                }
            }
            // The pairs kept from the stored document have passages
            // without their text: it is the members', in hand.
            PassageTexts::Filled => {
                let by_id: HashMap<&str, &str> = members.iter().map(|m| (m.id, m.text)).collect();
                fill_passage_texts(&mut reuse, |id| by_id.get(id).copied());
            }
        }
        Ok(StoryDocument {
            story: Story {
                id: story.to_string(),
                articles: members.iter().map(|m| m.id.to_string()).collect(),
                indices: Vec::new(),
                view,
            },
            duplicates: extra.duplicates,
            reuse,
        })
    }

    /// Every story, latest first; with `since`, only those with an article
    /// published at or after it.
    ///
    /// A pending story (one whose members changed since its document was
    /// built, see [`Archive::defer_documents`]) is built here, as
    /// [`Archive::refresh`] will store it: a read never shows a document
    /// that lacks a committed member. A story record that does not decode
    /// is the store's [`khabar_store::Error::Corrupted`], naming the story.
    pub fn stories(
        &self,
        since: Option<chrono::DateTime<chrono::FixedOffset>>,
    ) -> Result<Vec<StoryDocument>> {
        // One reading of the records for all: which stories are pending,
        // the others' records, and the texts that fill passages and build
        // pending stories.
        let view = self.store.view()?;
        let pending = view.pending_stories()?;
        if pending.is_empty() {
            return view
                .stories(since)?
                .into_iter()
                .map(|s| with_passage_texts(&view, s.view))
                .collect();
        }
        let built: Vec<StoryDocument> = pending
            .par_iter()
            .map(|p| self.build_document(&view, p, PassageTexts::Filled))
            .collect::<Result<_>>()?;
        let rebuilt: HashSet<&str> = built.iter().map(|d| d.story.id.as_str()).collect();
        let mut documents: Vec<StoryDocument> = view
            .stories(since)?
            .into_iter()
            .filter(|s| !rebuilt.contains(s.id.as_str()))
            .map(|s| with_passage_texts(&view, s.view))
            .collect::<Result<_>>()?;
        documents.extend(built.into_iter().filter(|d| {
            match (since, d.story.view.last_published) {
                (None, _) => true,
                (Some(since), Some(last)) => last >= since,
                (Some(_), None) => false,
            }
        }));
        // As the store orders them: latest first, undated last, then by id.
        documents.sort_by(|a, b| {
            b.story
                .view
                .last_published
                .cmp(&a.story.view.last_published)
                .then_with(|| a.story.id.cmp(&b.story.id))
        });
        Ok(documents)
    }

    /// One story (built here when it is pending; see [`Archive::stories`]).
    pub fn story(&self, id: &str) -> Result<Option<StoryDocument>> {
        // One reading: whether it is pending, and its record or members.
        let view = self.store.view()?;
        if let Some(pending) = view.pending_story(id)? {
            return self
                .build_document(&view, &pending, PassageTexts::Filled)
                .map(Some);
        }
        view.story(id)?
            .map(|s| with_passage_texts(&view, s.view))
            .transpose()
    }

    /// One article, with its story.
    pub fn article(&self, id: &str) -> Result<Option<StoredArticle>> {
        Ok(self.store.article(id)?)
    }

    /// The articles that best match `query`, with highlighted snippets.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>> {
        Ok(self.store.search(query, limit)?)
    }
}

/// Whether a document is built for storage or to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PassageTexts {
    /// Passages as offsets only, their texts empty (as stored).
    Stored,
    /// Every passage with its text (as read).
    Filled,
}

/// A story document as stored (passages without their text) with its
/// passages' text filled back in from the display texts `records` holds.
fn with_passage_texts(records: &RecordsView, mut doc: StoryDocument) -> Result<StoryDocument> {
    let mut ids: Vec<String> = doc.reuse.iter().map(|pair| pair.a.clone()).collect();
    ids.sort_unstable();
    ids.dedup();
    let stored = records.articles_without_raw(&ids)?;
    let texts: HashMap<&str, &str> = stored
        .iter()
        .map(|s| (s.article.id.as_str(), s.article.display_text.as_str()))
        .collect();
    fill_passage_texts(&mut doc.reuse, |id| texts.get(id).copied());
    Ok(doc)
}

/// Fills in the text of each passage of `reuse` that has none (a stored
/// passage is offsets only): the chars `a_start..a_end` of its pair's `a`
/// article's display text, as `text_of` gives it by id. Pairs whose text is
/// not given are left as they are.
fn fill_passage_texts<'t>(
    reuse: &mut [khabar_dedup::ReusePair],
    text_of: impl Fn(&str) -> Option<&'t str>,
) {
    for pair in reuse {
        let Some(text) = text_of(&pair.a) else {
            continue;
        };
        // Passages come in order of their place in `a`: one walk of it.
        let mut text = khabar_text::CharCursor::new(text);
        for passage in pair.passages.iter_mut().filter(|p| p.text.is_empty()) {
            passage.text = text.range(passage.a_start, passage.a_end).to_string();
        }
    }
}

/// The near-duplicate groups of a stored story document, without the rest
/// (read as a story record's view: serde skips the rest).
#[derive(serde::Deserialize)]
struct StoredDuplicates {
    duplicates: Vec<Vec<String>>,
}

/// The reuse pairs of a stored story document (passages without their
/// text, as stored), without the rest (read as [`StoredDuplicates`] is).
#[derive(serde::Deserialize)]
struct StoredReuse {
    #[serde(default)]
    reuse: Vec<khabar_dedup::ReusePair>,
}

/// What a pending story record keeps for the archive besides its members:
/// its near-duplicate groups, known at ingest (the index is in memory
/// then), and needed again when its document is built.
#[derive(serde::Serialize, serde::Deserialize)]
struct PendingExtra {
    duplicates: Vec<Vec<String>>,
}

/// Batches of at most this many new documents find their groups by probing
/// every document against one member of each (no allocation per
/// document); larger ones take [`LshIndex::groups`] whole.
const PROBE_GROUPS_MAX: usize = 16;

/// The near-duplicate groups (two or more documents) that hold a document
/// numbered `first_doc` or later, as [`LshIndex::groups`] gives them
/// (members in insertion order, groups by their first member). A one-
/// article batch on a 30k index costs tens of microseconds this way, where
/// building every group took milliseconds.
fn groups_with_new(lsh: &LshIndex, first_doc: usize) -> Vec<Vec<usize>> {
    let n = lsh.len();
    if n.saturating_sub(first_doc) > PROBE_GROUPS_MAX {
        let mut groups = lsh.groups();
        groups.retain(|g| g.iter().any(|&d| d >= first_doc));
        return groups;
    }
    // One probe per distinct group among the new documents.
    let mut probes: Vec<usize> = Vec::new();
    for d in first_doc..n {
        if !probes.iter().any(|&p| lsh.same_group(p, d)) {
            probes.push(d);
        }
    }
    let mut groups: Vec<Vec<usize>> = vec![Vec::new(); probes.len()];
    for doc in 0..n {
        if let Some(k) = probes.iter().position(|&p| lsh.same_group(doc, p))
            && let Some(group) = groups.get_mut(k)
        {
            group.push(doc);
        }
    }
    groups.retain(|g| g.len() > 1);
    groups.sort_by_key(|g| g.first().copied());
    groups
}

/// A stored article as the clusterer and the story view take it.
fn stored_input(a: &NewArticle) -> StoryInput<'_> {
    StoryInput {
        id: &a.id,
        title: a.title.as_deref(),
        text: &a.display_text,
        source: a.source.as_deref(),
        published: a.published,
    }
}

fn story_input(inc: &Incoming) -> StoryInput<'_> {
    StoryInput {
        id: &inc.article.id,
        title: inc.article.title.as_deref(),
        text: &inc.display,
        source: inc.article.source.as_deref(),
        published: inc.article.published,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// News sentences; every third text is a near-copy of one before it
    /// (a reprint with its dateline changed), so the index has groups of
    /// two and three.
    fn texts() -> Vec<String> {
        let bodies = [
            "أعلنت وزارة الصحة إطلاق حملة وطنية للتطعيم تستهدف أكثر من ثلاثمئة ألف طفل في المناطق الريفية خلال الأسابيع الأربعة المقبلة بالتعاون مع منظمة الصحة العالمية",
            "ارتفع سعر صرف الدولار أمام العملة المحلية في تعاملات الصباح وسط توقعات بمزيد من الصعود خلال الأسبوع الجاري بحسب متعاملين في السوق الموازية",
            "افتتح أمير المنطقة مشروعا لتحلية مياه البحر في المدينة الصناعية بطاقة إنتاجية تبلغ مئة ألف متر مكعب يوميا لخدمة الأحياء الجديدة",
            "تأهل المنتخب الوطني إلى الدور نصف النهائي من البطولة بعد فوز صعب على ضيفه بهدفين مقابل هدف في المباراة التي أقيمت مساء أمس",
            "The central bank raised its main interest rate by half a percentage point on Tuesday, citing persistent inflation in food and energy prices across the region",
        ];
        let mut out = Vec::new();
        for (i, body) in bodies.iter().enumerate() {
            out.push(format!("الرياض - واس: {body}."));
            out.push(format!("جدة - وكالات: {body}."));
            if i % 2 == 0 {
                out.push(format!("{body}. وأضاف البيان أن العمل مستمر."));
            }
        }
        out
    }

    #[test]
    fn groups_with_new_documents_are_the_index_groups_that_hold_one() {
        let texts = texts();
        let fingerprinter = Fingerprinter::default();
        let mut lsh = LshIndex::new(LshParams::default(), fingerprinter);
        for (i, t) in texts.iter().enumerate() {
            lsh.insert(format!("a{i}"), &fingerprinter.fingerprint(t));
        }
        let all = lsh.groups();
        assert!(all.len() >= 4, "reprints group: {all:?}");
        for first_doc in 0..=texts.len() {
            let expected: Vec<Vec<usize>> = all
                .iter()
                .filter(|g| g.iter().any(|&d| d >= first_doc))
                .cloned()
                .collect();
            assert_eq!(
                groups_with_new(&lsh, first_doc),
                expected,
                "from {first_doc}"
            );
        }
    }
}
