//! The embedded durable state of khabar: articles, the near-duplicate
//! index, the story state, and full-text search, in one data directory.
//!
//! # Brief overview
//!
//! - [`Store::open`] opens a data directory, creating a store in a missing
//!   or empty one. It refuses a directory that is not a store
//!   ([`Error::Foreign`]), a damaged one ([`Error::Corrupted`]) and one
//!   written by a newer build ([`Error::NewerVersion`]); it never
//!   re-initializes anything silently. [`Store::open_read_only`] opens an
//!   existing store for reading only.
//! - [`Store::commit_batch`] writes one [`Batch`] — new articles
//!   ([`NewArticle`]: metadata, raw and display text, exact-text key, story
//!   id), story reassignments, story records ([`StoredStory`]), the LSH
//!   index snapshot and the opaque story state ([`StoryState`]) — as one
//!   atomic step, then indexes the articles for search. A batch may leave
//!   a story's document to be built later: it writes a [`PendingStory`]
//!   (the members now), which [`Store::commit_stories`] replaces with the
//!   built document in a transaction of its own.
//! - Reads: [`Store::article`], [`Store::contains_id`] and
//!   [`Store::find_exact`] (re-ingest detection), [`Store::stories`],
//!   [`Store::story`], [`Store::articles_of_story`],
//!   [`Store::pending_stories`], [`Store::pending_story`],
//!   [`Store::lsh_snapshot`], [`Store::story_state`].
//! - [`Store::search`] ranks articles for a query and gives [`Hit`]s with
//!   highlighted snippets. Arabic spelling variants (سورية/سوريا, with or
//!   without diacritics or ال) find the same articles: see [`analyzer`].
//!
//! # Durability and crash safety
//!
//! The record database (redb, in `records.redb`) is the point of truth:
//! a batch is in the store exactly when its redb write transaction has
//! committed, and that transaction holds every record of the batch, so a
//! process killed at any point leaves either the whole batch or none of
//! it. The search index (tantivy, in `search/`) is derived: a batch's
//! documents go to it after the records committed, on an indexing thread
//! of its own (a batch's commit never waits for indexing), which commits
//! the index now and then (not every batch: see
//! [`SEARCH_COMMIT_INTERVAL`]), each commit tagged with the last batch
//! number it holds, and [`Store::open`] indexes again the batches it lacks
//! (and drops any it holds beyond the records). Fingerprints are kept
//! once, inside the stored LSH snapshot (appended batch by batch, never
//! rewritten: a writer sends only the documents it added, see
//! [`Batch::lsh_first`]). Texts are stored LZ4-compressed, raw and display
//! text in one block. A story state saved apart from a batch
//! ([`Store::save_story_state`]) is a file of its own ([`STATE_FILE`]),
//! replaced whole (temporary name, sync, rename), so that writing its
//! megabytes never holds up a batch; its writer can rebuild it from the
//! batches, so a damaged one is passed over.
//!
//! The background threads (indexing, and tantivy's own) run at a lower
//! priority than the caller's (see [`lower_thread_priority`]).
//!
//! redb grows its file ahead of need and copies on write: after a long
//! ingest the record file's length counts space that holds no data, though
//! little of it takes disk blocks (redb leaves the room it grows into
//! unwritten, and reuses the pages copy on write frees).
//! [`Store::compact`] gives it back (in about a second); after a fresh
//! ingest of the 31k SaudiNewsNet articles that is 0.3% of the record
//! file's disk use, so `khabar ingest` compacts only when asked. Texts are
//! appended batch after batch (keyed by batch and place, not by article
//! id), so a batch writes little more than it adds: `khabar ingest --batch
//! 1000` of the 31k articles writes about 400 MB and leaves a data
//! directory (records, story state and search index) of 2.45x the raw
//! text in disk blocks (keyed by id: 520 MB and 2.58x).
//!
//! # Concurrency
//!
//! [`Store`] is `Send + Sync`: share it in an `Arc`. Writes are serialized
//! (one batch at a time); reads run at any time on consistent snapshots
//! (redb read transactions, tantivy searchers), while a batch commits.
//! Searches in the writing process see every batch [`Store::commit_batch`]
//! returned (a search first waits for the indexing thread to commit the
//! batches it lacks; it never waits for a batch being written). Another
//! process may
//! open the store read-only ([`Store::open_read_only`]) while one writes
//! (redb's single-writer mode); it sees each new batch whole, in its
//! searches after the writer's next index commit: within about a second
//! while batches keep coming, at [`Store::flush_search`], or when the
//! writer closes the store. A second writer is refused
//! ([`Error::Locked`]).
//!
//! # Example
//!
//! ```
//! use khabar_store::{Batch, NewArticle, Store};
//!
//! let dir = tempfile::tempdir().unwrap();
//! let store = Store::open(dir.path()).unwrap();
//! let article = NewArticle {
//!     id: "sana-1".into(),
//!     title: Some("اتصال هاتفي بين الرئيسين".into()),
//!     raw_text: "بحث الرئيسان في اتصال هاتفي الأوضاع في سورية.".into(),
//!     display_text: "بحث الرئيسان في اتصال هاتفي الأوضاع في سورية.".into(),
//!     story_id: "s1".into(),
//!     ..NewArticle::default()
//! };
//! store.commit_batch(Batch { articles: vec![article], ..Batch::default() }).unwrap();
//!
//! let hits = store.search("سوريا", 10).unwrap();
//! assert_eq!(hits[0].id, "sana-1");
//! assert!(hits[0].snippet_html.contains("<b>سورية</b>"));
//! ```
//!
//! Does not: clean text, fingerprint, cluster or decide anything; it keeps
//! what the caller computed and finds it again.
#![deny(missing_docs)]

pub mod analyzer;
mod error;
mod format;
mod indexer;
mod priority;
mod records;
mod search;
mod state_file;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, FixedOffset};
use khabar_dedup::{IndexSnapshot, SnapshotDocument};
use redb::{
    ConcurrencyMode, Database, ReadOnlyDatabase, ReadTransaction, ReadableDatabase, ReadableTable,
    ReadableTableMetadata, WriteTransaction,
};
use serde::de::{DeserializeOwned, IgnoredAny};
use serde::{Deserialize, Serialize};
use tantivy::IndexWriter;
use tantivy::collector::TopDocs;
use tantivy::schema::Value;
use tantivy::snippet::SnippetGenerator;

pub use error::{Error, Result};
pub use format::{FORMAT_NAME, MARKER_FILE, RECORDS_FILE, SEARCH_DIR};
pub use priority::{BACKGROUND_NICE, lower_thread_priority};
pub use state_file::STATE_FILE;

use indexer::Indexer;
use records::{
    ARTICLES, ArticleRecord, BATCHES, BadRecord, EXACT, KEY_BATCH, KEY_FORMAT, KEY_LSH_HEADER,
    KEY_STORY_STATE, LSH_DOCS, LshHeader, META, PENDING, STORIES, TEXTS,
};
use search::SearchIndex;

/// The store format version this build reads and writes.
/// Version 2 added the `pending` table ([`PendingStory`]); version 3 keys
/// the texts by batch and place in it instead of by article id (appended,
/// not spread over the table). An older directory is refused with
/// [`Error::Corrupted`] saying so (ingest again into a new directory).
pub const FORMAT_VERSION: u32 = 3;

/// How old the last search commit must be for [`Store::commit_batch`] to
/// commit the search index. Each commit writes new index segments, which
/// tantivy merges again and again as they pile up: with a commit every
/// second, merging cost an ingest of SaudiNewsNet about a quarter of its
/// CPU. Readers in this process never wait for it (a search commits
/// first); readers in other processes see a batch within about this long
/// while batches keep coming, and every batch once the writer is closed.
pub const SEARCH_COMMIT_INTERVAL: Duration = Duration::from_secs(10);

/// Page cache of the record file (redb's default is 1 GiB; the texts a
/// search shows are few, and the OS caches the file anyway).
const RECORDS_CACHE_BYTES: usize = 64 * 1024 * 1024;

/// How far into a display text a snippet is looked for, in chars: long
/// articles would otherwise dominate search time.
const SNIPPET_SCAN_CHARS: usize = 6000;

/// Longest snippet, in chars.
const SNIPPET_CHARS: usize = 240;

/// One article to add: what the input gave, the display text, the exact-text
/// key, and the story it joins.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct NewArticle {
    /// The article's id, unique in the store.
    pub id: String,
    /// The outlet.
    pub source: Option<String>,
    /// The address.
    pub url: Option<String>,
    /// The headline.
    pub title: Option<String>,
    /// Publication time.
    pub published: Option<DateTime<FixedOffset>>,
    /// Language tag.
    pub lang: Option<String>,
    /// The body as read.
    pub raw_text: String,
    /// The cleaned text people read; searched and shown in snippets.
    pub display_text: String,
    /// The exact-text key (`Fingerprint::exact`), for [`Store::find_exact`].
    pub exact_key: Option<u64>,
    /// The story the article belongs to.
    pub story_id: String,
}

impl NewArticle {
    /// A new article from an ingested [`khabar_ingest::Article`] and what
    /// later stages computed for it.
    pub fn from_article(
        article: &khabar_ingest::Article,
        display_text: String,
        exact_key: Option<u64>,
        story_id: String,
    ) -> Self {
        NewArticle {
            id: article.id.clone(),
            source: article.source.clone(),
            url: article.url.clone(),
            title: article.title.clone(),
            published: article.published,
            lang: article.lang.clone(),
            raw_text: article.text.clone(),
            display_text,
            exact_key,
            story_id,
        }
    }
}

/// An article as stored: the record that was added (with its story as it
/// is now) and the batch that added it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredArticle {
    /// The article; `story_id` is the story it belongs to now.
    pub article: NewArticle,
    /// The number of the batch that added it (1 for the first).
    pub batch: u64,
}

/// A story record: the ids and dates the store filters on, and the view the
/// CLI shows, as the caller gave it.
///
/// The view is a [`serde_json::Value`] by default; a caller can give its
/// own type instead, to encode a record straight from it
/// ([`EncodedStory::new`]), or to read back only the part of the view it
/// needs ([`Store::story`]). The JSON is the same either way: one
/// type, so the fields written and read cannot drift apart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredStory<V = serde_json::Value> {
    /// The story's id.
    pub id: String,
    /// Its articles' ids.
    pub articles: Vec<String>,
    /// Earliest publication time of its articles.
    pub first_published: Option<DateTime<FixedOffset>>,
    /// Latest publication time of its articles ([`Store::stories`] filters
    /// on it).
    pub last_published: Option<DateTime<FixedOffset>>,
    /// Headline, summary, entities, sources...: whatever the caller shows.
    pub view: V,
}

/// A story record encoded ahead, for [`Store::commit_stories`]: a
/// [`StoredStory`] with the caller's own view type (no
/// [`serde_json::Value`] on the way), serialized by the caller's thread.
/// Read back as a [`StoredStory`].
#[derive(Debug, Clone, PartialEq)]
pub struct EncodedStory {
    id: String,
    bytes: Vec<u8>,
}

impl EncodedStory {
    /// The bytes of `story` as stored.
    pub fn new<V: Serialize>(story: StoredStory<V>) -> Result<EncodedStory> {
        let bytes = serde_json::to_vec(&story)?;
        Ok(EncodedStory {
            id: story.id,
            bytes,
        })
    }
}

/// A story whose members changed since its document ([`StoredStory`]) was
/// last built: its members now, and what the caller needs to build the
/// document again later (the archive keeps its near-duplicate groups
/// there). Written with a batch ([`Batch::pending`]); replaced by a built
/// document with [`Store::commit_stories`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PendingStory {
    /// The story's id.
    pub id: String,
    /// Its articles' ids, all of them, in the caller's order.
    pub articles: Vec<String>,
    /// The number of the batch that wrote this record (set by
    /// [`Store::commit_batch`]; what the caller gives is ignored).
    #[serde(default)]
    pub marked: u64,
    /// Whatever else the caller keeps with it.
    #[serde(default)]
    pub extra: serde_json::Value,
}

/// The story clusterer's state as an opaque blob, with the version of the
/// format its writer used (the store keeps both and checks neither).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryState {
    /// Format version of `bytes`, chosen by the writer.
    pub version: u32,
    /// The serialized state.
    pub bytes: Vec<u8>,
}

/// Everything one ingestion step changes, written atomically by
/// [`Store::commit_batch`].
#[derive(Debug, Clone, Default)]
pub struct Batch {
    /// Articles to add; none may be stored already.
    pub articles: Vec<NewArticle>,
    /// `(article id, story id)`: stored articles that moved to another
    /// story (e.g. when two stories merged).
    pub reassigned: Vec<(String, String)>,
    /// Story records to add or replace.
    pub stories: Vec<StoredStory>,
    /// Stories whose documents are built later: each record is added or
    /// replaced (its `marked` set to this batch's number), and stays until
    /// [`Store::commit_stories`] replaces it with a built document.
    pub pending: Vec<PendingStory>,
    /// Ids of story records to delete.
    pub removed_stories: Vec<String>,
    /// The LSH index after this batch, if it changed. With
    /// [`Batch::lsh_first`] 0, a whole snapshot: when its documents extend
    /// the stored ones (LSH indexes only grow), only the new ones are
    /// written; otherwise it replaces them.
    pub lsh: Option<IndexSnapshot>,
    /// When not 0: `lsh` holds only the documents added since the stored
    /// ones, the first of them being document number `lsh_first`, which
    /// must be the number of documents stored (and the settings the
    /// stored ones'), or the batch is refused ([`Error::LshGap`]). A
    /// writer that keeps its index in memory sends only what it added.
    pub lsh_first: u64,
    /// The story state after this batch, if it changed.
    pub story_state: Option<StoryState>,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// The article's id.
    pub id: String,
    /// Its story.
    pub story_id: String,
    /// Its headline.
    pub title: Option<String>,
    /// BM25 score (higher is better).
    pub score: f32,
    /// A passage of the display text around the matches, HTML-escaped, the
    /// matched words in `<b>…</b>`; the text's start when only the title
    /// matched (or the matches lie beyond the first 6,000 chars).
    pub snippet_html: String,
}

enum Records {
    Write(Database),
    Read(ReadOnlyDatabase),
}

impl Records {
    fn begin_read(&self) -> std::result::Result<ReadTransaction, redb::TransactionError> {
        match self {
            Records::Write(db) => db.begin_read(),
            Records::Read(db) => db.begin_read(),
        }
    }
}

/// The records as they were when [`Store::view`] made it: one read
/// transaction (and its tables, opened once) for many look-ups that must
/// agree with each other (a story's record and whether it is pending). A
/// batch committed after it was made is not in it; keep it for the
/// look-ups of one batch or one read, not longer (redb keeps the pages it
/// sees until it is dropped).
pub struct RecordsView<'s> {
    store: &'s Store,
    articles: redb::ReadOnlyTable<&'static str, &'static [u8]>,
    exact: redb::ReadOnlyTable<u64, &'static str>,
    texts: redb::ReadOnlyTable<u64, &'static [u8]>,
    stories: redb::ReadOnlyTable<&'static str, &'static [u8]>,
    pending: redb::ReadOnlyTable<&'static str, &'static [u8]>,
}

impl RecordsView<'_> {
    /// Whether an article with this id is stored (as [`Store::contains_id`]).
    pub fn contains_id(&self, id: &str) -> Result<bool> {
        Ok(self.articles.get(id)?.is_some())
    }

    /// The id of the first stored article with this exact-text key (as
    /// [`Store::find_exact`]).
    pub fn find_exact(&self, exact_key: u64) -> Result<Option<String>> {
        Ok(self.exact.get(exact_key)?.map(|v| v.value().to_owned()))
    }

    /// The stored article with this id (as [`Store::article`]).
    pub fn article(&self, id: &str) -> Result<Option<StoredArticle>> {
        self.article_texts(id, true)
    }

    /// The id of the story the stored article with this id is in, read
    /// without its texts (as [`Store::story_of`]).
    pub fn story_of(&self, id: &str) -> Result<Option<String>> {
        Ok(self.article_record(id)?.map(|record| record.story_id))
    }

    /// The stored articles with these ids, in this order (ids not stored
    /// are skipped; as [`Store::articles`]).
    pub fn articles(&self, ids: &[String]) -> Result<Vec<StoredArticle>> {
        self.articles_texts(ids, true)
    }

    /// Every story record (as [`Store::stories`]).
    pub fn stories<V: DeserializeOwned>(
        &self,
        since: Option<DateTime<FixedOffset>>,
    ) -> Result<Vec<StoredStory<V>>> {
        let mut out = Vec::new();
        for entry in self.stories.iter()? {
            let (key, value) = entry?;
            let story = records::decode_story::<V>(key.value(), value.value())
                .map_err(|e| self.store.bad(e))?;
            let keep = match (since, story.last_published) {
                (None, _) => true,
                (Some(since), Some(last)) => last >= since,
                (Some(_), None) => false,
            };
            if keep {
                out.push(story);
            }
        }
        out.sort_by(|a, b| {
            b.last_published
                .cmp(&a.last_published)
                .then_with(|| a.id.cmp(&b.id))
        });
        Ok(out)
    }

    /// The pending record of this story (as [`Store::pending_story`]).
    pub fn pending_story(&self, id: &str) -> Result<Option<PendingStory>> {
        match self.pending.get(id)? {
            Some(v) => Ok(Some(
                records::decode_pending(id, v.value()).map_err(|e| self.store.bad(e))?,
            )),
            None => Ok(None),
        }
    }

    /// Every pending story (as [`Store::pending_stories`]).
    pub fn pending_stories(&self) -> Result<Vec<PendingStory>> {
        let mut out = Vec::new();
        for entry in self.pending.iter()? {
            let (key, value) = entry?;
            out.push(
                records::decode_pending(key.value(), value.value())
                    .map_err(|e| self.store.bad(e))?,
            );
        }
        out.sort_by(|a, b| a.marked.cmp(&b.marked).then_with(|| a.id.cmp(&b.id)));
        Ok(out)
    }

    /// The stored articles with these ids, without their raw texts (as
    /// [`Store::articles_without_raw`]).
    pub fn articles_without_raw(&self, ids: &[String]) -> Result<Vec<StoredArticle>> {
        self.articles_texts(ids, false)
    }

    /// The story record with this id, its view read as `V` (as
    /// [`Store::story`]).
    pub fn story<V: DeserializeOwned>(&self, id: &str) -> Result<Option<StoredStory<V>>> {
        match self.stories.get(id)? {
            Some(v) => Ok(Some(
                records::decode_story(id, v.value()).map_err(|e| self.store.bad(e))?,
            )),
            None => Ok(None),
        }
    }

    /// The article record with this id (its metadata, without texts).
    fn article_record(&self, id: &str) -> Result<Option<records::ArticleRecord>> {
        match self.articles.get(id)? {
            Some(v) => Ok(Some(
                records::decode_article(id, v.value()).map_err(|e| self.store.bad(e))?,
            )),
            None => Ok(None),
        }
    }

    /// [`RecordsView::article_texts`] of each id, the ids not stored
    /// skipped.
    fn articles_texts(&self, ids: &[String], with_raw: bool) -> Result<Vec<StoredArticle>> {
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(article) = self.article_texts(id, with_raw)? {
                out.push(article);
            }
        }
        Ok(out)
    }

    /// The stored article with this id; its raw text left empty unless
    /// `with_raw` (the display text is read whole either way).
    fn article_texts(&self, id: &str, with_raw: bool) -> Result<Option<StoredArticle>> {
        let Some(record) = self.article_record(id)? else {
            return Ok(None);
        };
        let (raw_text, display_text) = self
            .texts
            .get(record.text_key)?
            .and_then(|v| {
                if with_raw {
                    records::decode_texts(v.value())
                } else {
                    records::decode_display(v.value()).map(|d| (String::new(), d))
                }
            })
            .ok_or_else(|| self.store.bad(BadRecord(format!("texts of {id:?}"))))?;
        Ok(Some(StoredArticle {
            article: NewArticle {
                id: id.to_owned(),
                source: record.source,
                url: record.url,
                title: record.title,
                published: record.published,
                lang: record.lang,
                raw_text,
                display_text,
                exact_key: record.exact_key,
                story_id: record.story_id,
            },
            batch: record.batch,
        }))
    }
}

/// An open data directory. See the [crate docs](crate).
pub struct Store {
    dir: PathBuf,
    records: Records,
    search: Arc<SearchIndex>,
    /// `None` when read-only. Its lock serializes batches.
    writer: Option<Mutex<()>>,
    /// Serializes writes of the story state file (not batches).
    saving_state: Mutex<()>,
    /// The search indexing thread; `None` when read-only. Dropping it
    /// commits the index's last batches (an error there only leaves them
    /// to be indexed again by the next [`Store::open`]).
    indexer: Option<Indexer>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("dir", &self.dir)
            .field("read_only", &self.writer.is_none())
            .finish()
    }
}

impl Store {
    /// Opens the store in `dir` for reading and writing, creating it when
    /// `dir` is missing or empty, and brings the search index up to date
    /// with the records.
    ///
    /// Errors: [`Error::Foreign`] for a directory with other files,
    /// [`Error::Corrupted`] for damaged or missing parts,
    /// [`Error::NewerVersion`], [`Error::Locked`] when another process
    /// has it open.
    pub fn open(dir: &Path) -> Result<Store> {
        let found = format::prepare(dir, true)?;
        let records_path = dir.join(RECORDS_FILE);
        let search_path = dir.join(SEARCH_DIR);
        if found == format::Found::Store && !records_path.exists() {
            // Creation writes the marker, then the records, then the search
            // index: a marker alone is a creation cut short.
            if search_path.exists() {
                return Err(Error::Corrupted {
                    dir: dir.to_owned(),
                    reason: format!("{RECORDS_FILE} is missing"),
                });
            }
        }
        let db = open_records(dir, &records_path, search_path.exists())?;
        init_or_check_records(dir, &db, search_path.exists())?;
        let search = Arc::new(SearchIndex::open(&search_path, dir, true, false)?);
        let mut index = search.writer()?;
        let indexed = search.indexed_batch()?;
        let mut store = Store {
            dir: dir.to_owned(),
            records: Records::Write(db),
            search,
            writer: Some(Mutex::new(())),
            saving_state: Mutex::new(()),
            indexer: None,
        };
        let committed = store.reconcile(&mut index, indexed)?;
        store.indexer = Some(Indexer::start(
            Arc::clone(&store.search),
            index,
            committed,
            SEARCH_COMMIT_INTERVAL,
        )?);
        Ok(store)
    }

    /// Opens an existing store for reading only. Writes fail with
    /// [`Error::ReadOnly`]. The search index is not brought up to date
    /// here: articles of a batch whose indexing a crash cut short are found
    /// again once a writer has opened the store.
    pub fn open_read_only(dir: &Path) -> Result<Store> {
        format::prepare(dir, false)?;
        let records_path = dir.join(RECORDS_FILE);
        if !records_path.exists() {
            return Err(Error::Corrupted {
                dir: dir.to_owned(),
                reason: format!("{RECORDS_FILE} is missing"),
            });
        }
        let db = redb::Builder::new()
            .set_concurrency_mode(ConcurrencyMode::SingleWriter)
            .set_cache_size(RECORDS_CACHE_BYTES)
            .open_read_only(&records_path)
            .map_err(|e| records_open_error(dir, e))?;
        let txn = db.begin_read()?;
        check_records_version(dir, &txn)?;
        drop(txn);
        let search = Arc::new(SearchIndex::open(&dir.join(SEARCH_DIR), dir, false, true)?);
        Ok(Store {
            dir: dir.to_owned(),
            records: Records::Read(db),
            search,
            writer: None,
            saving_state: Mutex::new(()),
            indexer: None,
        })
    }

    /// The data directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The number of the last committed batch (0 for a new store).
    pub fn last_batch(&self) -> Result<u64> {
        let txn = self.records.begin_read()?;
        self.meta_u64(&txn, KEY_BATCH)
    }

    /// How many articles are stored.
    pub fn article_count(&self) -> Result<u64> {
        let txn = self.records.begin_read()?;
        let table = txn.open_table(ARTICLES)?;
        Ok(table.len()?)
    }

    /// The ids of the articles batch `seq` added, in batch order; `None`
    /// for a batch that was never committed.
    pub fn batch_articles(&self, seq: u64) -> Result<Option<Vec<String>>> {
        let txn = self.records.begin_read()?;
        let table = txn.open_table(BATCHES)?;
        records::batch_ids(&table, seq).map_err(|e| self.bad(e))
    }

    /// Whether an article with this id is stored.
    pub fn contains_id(&self, id: &str) -> Result<bool> {
        self.view()?.contains_id(id)
    }

    /// One consistent reading of the records for many look-ups (see
    /// [`RecordsView`]): a batch's "is this id stored?" and "which article
    /// has this text?" share one read transaction instead of opening one
    /// each.
    pub fn view(&self) -> Result<RecordsView<'_>> {
        let txn = self.records.begin_read()?;
        Ok(RecordsView {
            store: self,
            articles: txn.open_table(ARTICLES)?,
            exact: txn.open_table(EXACT)?,
            texts: txn.open_table(TEXTS)?,
            stories: txn.open_table(STORIES)?,
            pending: txn.open_table(PENDING)?,
        })
    }

    /// The id of the first stored article with this exact-text key.
    pub fn find_exact(&self, exact_key: u64) -> Result<Option<String>> {
        self.view()?.find_exact(exact_key)
    }

    /// The stored article with this id.
    pub fn article(&self, id: &str) -> Result<Option<StoredArticle>> {
        self.view()?.article(id)
    }

    /// The id of the story the stored article with this id is in, read
    /// without its texts.
    pub fn story_of(&self, id: &str) -> Result<Option<String>> {
        self.view()?.story_of(id)
    }

    /// The story record with this id, its view read as `V`: a
    /// [`serde_json::Value`], or a caller's type that reads only the part
    /// of the view it needs (serde skips the rest, where a `Value` would
    /// build all of it).
    pub fn story<V: DeserializeOwned>(&self, id: &str) -> Result<Option<StoredStory<V>>> {
        self.view()?.story(id)
    }

    /// The articles of a story, in its order (ids without a stored article
    /// are skipped): the pending record's when there is one, else the
    /// story record's; empty for an unknown story.
    pub fn articles_of_story(&self, story_id: &str) -> Result<Vec<StoredArticle>> {
        let view = self.view()?;
        let ids = match view.pending_story(story_id)? {
            Some(pending) => pending.articles,
            // The view is skipped, not built.
            None => match view.story::<IgnoredAny>(story_id)? {
                Some(story) => story.articles,
                None => return Ok(Vec::new()),
            },
        };
        let mut out = Vec::with_capacity(ids.len());
        for id in &ids {
            if let Some(article) = view.article(id)? {
                out.push(article);
            }
        }
        Ok(out)
    }

    /// Every story record, latest first (by `last_published`, undated
    /// last, then by id), its view read as `V` (as [`Store::story`]). With
    /// `since`, only stories whose `last_published` is at or after it.
    pub fn stories<V: DeserializeOwned>(
        &self,
        since: Option<DateTime<FixedOffset>>,
    ) -> Result<Vec<StoredStory<V>>> {
        self.view()?.stories(since)
    }

    /// The stored articles with these ids, in this order (ids not stored
    /// are skipped), read in one snapshot.
    pub fn articles(&self, ids: &[String]) -> Result<Vec<StoredArticle>> {
        self.view()?.articles(ids)
    }

    /// As [`Store::articles`], but without their raw texts (`raw_text` is
    /// empty): for a reader of the display texts (a story document's
    /// build), which then does not decode and copy the raw ones.
    pub fn articles_without_raw(&self, ids: &[String]) -> Result<Vec<StoredArticle>> {
        self.view()?.articles_without_raw(ids)
    }

    /// The publication times of the articles with these ids, in this order
    /// (`None` for an undated or unknown one), without their texts.
    pub fn published(&self, ids: &[String]) -> Result<Vec<Option<DateTime<FixedOffset>>>> {
        let txn = self.records.begin_read()?;
        let table = txn.open_table(ARTICLES)?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let published = match table.get(id.as_str())? {
                Some(v) => {
                    records::decode_article(id, v.value())
                        .map_err(|e| self.bad(e))?
                        .published
                }
                None => None,
            };
            out.push(published);
        }
        Ok(out)
    }

    /// The pending record of a story, if its document waits to be built.
    pub fn pending_story(&self, id: &str) -> Result<Option<PendingStory>> {
        self.view()?.pending_story(id)
    }

    /// Every pending story (see [`PendingStory`]), oldest mark first, then
    /// by id.
    pub fn pending_stories(&self) -> Result<Vec<PendingStory>> {
        self.view()?.pending_stories()
    }

    /// How many stories are pending.
    pub fn pending_count(&self) -> Result<u64> {
        let txn = self.records.begin_read()?;
        Ok(txn.open_table(PENDING)?.len()?)
    }

    /// Writes built story documents, in one transaction, each in place of
    /// its pending record: `(document, marked)` is written only while the
    /// story's pending record still carries the mark `marked` (the one it
    /// was built from), and then that record is removed; a document built
    /// from a record that a later batch replaced is dropped (the story
    /// stays pending). Returns how many were written. Not a batch: the
    /// batch number does not change. The records are encoded ahead
    /// ([`EncodedStory::new`], on the caller's threads): the transaction
    /// only writes their bytes.
    pub fn commit_stories(&self, built: Vec<(EncodedStory, u64)>) -> Result<usize> {
        let (Some(writer), Records::Write(db)) = (&self.writer, &self.records) else {
            return Err(Error::ReadOnly);
        };
        if built.is_empty() {
            return Ok(0);
        }
        let _serial = writer
            .lock()
            .map_err(|_| Error::Poisoned(self.dir.clone()))?;
        let txn = db.begin_write()?;
        let mut written = 0;
        {
            let mut pending = txn.open_table(PENDING)?;
            let mut stories = txn.open_table(STORIES)?;
            for (story, marked) in &built {
                let current = match pending.get(story.id.as_str())? {
                    Some(v) => {
                        records::decode_pending(&story.id, v.value())
                            .map_err(|e| self.bad(e))?
                            .marked
                    }
                    None => continue,
                };
                if current != *marked {
                    continue;
                }
                pending.remove(story.id.as_str())?;
                stories.insert(story.id.as_str(), story.bytes.as_slice())?;
                written += 1;
            }
        }
        txn.commit()?;
        Ok(written)
    }

    /// The stored LSH index snapshot, if one was committed.
    pub fn lsh_snapshot(&self) -> Result<Option<IndexSnapshot>> {
        let txn = self.records.begin_read()?;
        let meta = txn.open_table(META)?;
        let Some(header) = meta.get(KEY_LSH_HEADER)? else {
            return Ok(None);
        };
        let header: LshHeader = serde_json::from_slice(header.value())
            .map_err(|e| self.bad(BadRecord(format!("LSH header: {e}"))))?;
        let docs = txn.open_table(LSH_DOCS)?;
        let mut documents = Vec::with_capacity(usize::try_from(docs.len()?).unwrap_or(0));
        for entry in docs.iter()? {
            let (key, value) = entry?;
            let doc = records::decode_lsh_doc(value.value())
                .ok_or_else(|| self.bad(BadRecord(format!("LSH document {}", key.value()))))?;
            documents.push(doc);
        }
        Ok(Some(IndexSnapshot {
            version: header.version,
            hashes: header.hashes,
            fingerprinter: header.fingerprinter,
            params: header.params,
            documents,
        }))
    }

    /// The stored story state, if one was saved: the one
    /// [`Store::save_story_state`] wrote last, else the one a batch carried
    /// (see [`Batch::story_state`]). A state file that is unusable (cut
    /// short, damaged: see [`STATE_FILE`]) is passed over for the batch's.
    pub fn story_state(&self) -> Result<Option<StoryState>> {
        if let Some(state) = state_file::read(&self.dir)? {
            return Ok(Some(state));
        }
        let txn = self.records.begin_read()?;
        let meta = txn.open_table(META)?;
        let Some(value) = meta.get(KEY_STORY_STATE)? else {
            return Ok(None);
        };
        let bytes = value.value();
        let (version, rest) = bytes
            .split_at_checked(4)
            .and_then(|(v, rest)| Some((records::decode_u32(v)?, rest)))
            .ok_or_else(|| self.bad(BadRecord("story state header".into())))?;
        Ok(Some(StoryState {
            version,
            bytes: rest.to_vec(),
        }))
    }

    /// Writes `batch` as one atomic step and gives its articles to the
    /// search index; returns its batch number.
    ///
    /// When this returns `Ok`, the batch is durable, and searchable in this
    /// process; other processes find it after the next index commit (see
    /// [`Store::flush_search`]). A process killed before that leaves all of
    /// the batch or none of it, and the next [`Store::open`] indexes what
    /// the index lacks. An `Err` from the search step (after the records
    /// committed) leaves the batch stored and the search index behind; the
    /// next batch or the next [`Store::open`] catches up.
    ///
    /// Errors: [`Error::DuplicateArticle`] when an id is already stored or
    /// twice in the batch, and [`Error::UnknownArticle`] when a
    /// reassignment names an article that is not stored; then nothing is
    /// written.
    pub fn commit_batch(&self, batch: Batch) -> Result<u64> {
        let (Some(writer), Some(indexer), Records::Write(db)) =
            (&self.writer, &self.indexer, &self.records)
        else {
            return Err(Error::ReadOnly);
        };
        let _serial = writer
            .lock()
            .map_err(|_| Error::Poisoned(self.dir.clone()))?;
        let txn = db.begin_write()?;
        let seq = self.write_records(&txn, &batch)?;
        txn.commit()?;
        if batch.story_state.is_some() {
            // The batch's state is the newer: the saved one goes (should
            // that fail, `story_state` gives the older saved one, which its
            // writer can bring up to date from the batches).
            let _serial = self.saving_state.lock();
            let _ = state_file::remove(&self.dir);
        }
        // The records are the truth from here on; the index can only lag.
        // The indexing thread analyzes the texts while the caller goes on,
        // and commits now and then (see `SEARCH_COMMIT_INTERVAL`).
        let docs = batch
            .articles
            .iter()
            .map(|a| {
                self.search
                    .document(&a.id, seq, a.title.as_deref(), &a.display_text)
            })
            .collect();
        indexer.add(seq, docs)?;
        Ok(seq)
    }

    /// Replaces the stored story state alone, apart from any batch, in
    /// its own file ([`STATE_FILE`]: written to a temporary name, synced,
    /// renamed), so that the tens of megabytes a clusterer state takes
    /// never hold up a batch: this takes none of the locks
    /// [`Store::commit_batch`] takes, and may run on another thread while
    /// batches commit. Saves are serialized among themselves. Durable when
    /// it returns; a process killed before leaves the previous state whole.
    pub fn save_story_state(&self, state: &StoryState) -> Result<()> {
        if self.writer.is_none() {
            return Err(Error::ReadOnly);
        }
        let _serial = self
            .saving_state
            .lock()
            .map_err(|_| Error::Poisoned(self.dir.clone()))?;
        state_file::write(&self.dir, state)
    }

    /// Commits the search index now, so that every committed batch is
    /// searchable, here and in other processes. The store does it by itself
    /// in [`Store::commit_batch`] when the last search commit is
    /// [`SEARCH_COMMIT_INTERVAL`] old, before a search in this process,
    /// and when it is dropped; call this to bound the wait of a reader in
    /// another process, or to measure the whole cost of indexing. Does
    /// nothing on a read-only store.
    pub fn flush_search(&self) -> Result<()> {
        match &self.indexer {
            Some(indexer) => indexer.flush(),
            None => Ok(()),
        }
    }

    /// Asks the indexing thread to commit the search index now, and
    /// returns without waiting: a caller about to do other long work (a
    /// bulk loader building its story documents) lets the commit run
    /// meanwhile instead of after it. [`Store::flush_search`] waits for
    /// it. Does nothing on a read-only store; errors when the indexing
    /// thread has failed.
    pub fn start_search_commit(&self) -> Result<()> {
        match &self.indexer {
            Some(indexer) => indexer.commit_soon(),
            None => Ok(()),
        }
    }

    /// Gives the record file's free pages back to the file system (redb
    /// copies on write, so a long ingest leaves free space behind). Takes
    /// time in proportion to the store, and seldom gives much back (see
    /// the crate docs). Returns whether anything was reclaimed. Errors with
    /// [`Error::ReadOnly`] on a read-only store.
    pub fn compact(&mut self) -> Result<bool> {
        match &mut self.records {
            Records::Write(db) => Ok(db.compact()?),
            Records::Read(_) => Err(Error::ReadOnly),
        }
    }

    /// Articles matching `query`, best first, at most `limit`. The query is
    /// analyzed like the texts (see [`analyzer`]); words must all match
    /// (in the title or the text); `"…"` makes a phrase, `-word` excludes.
    /// A query that does not parse is searched for what parses of it.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>> {
        if limit == 0 || query.trim().is_empty() {
            return Ok(Vec::new());
        }
        self.commit_pending_search()?;
        let fields = self.search.fields;
        let searcher = self.search.reader.searcher();
        let (parsed, _errors) = self.search.parser.parse_query_lenient(query);
        let top = searcher.search(&parsed, &TopDocs::with_limit(limit).order_by_score())?;
        if top.is_empty() {
            return Ok(Vec::new());
        }
        let mut snippets = SnippetGenerator::create(&searcher, &*parsed, fields.body)?;
        snippets.set_max_num_chars(SNIPPET_CHARS);
        // The records commit before the index, so this snapshot holds every
        // article the searcher can see.
        let txn = self.records.begin_read()?;
        let articles = txn.open_table(ARTICLES)?;
        let texts = txn.open_table(TEXTS)?;
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: tantivy::TantivyDocument = searcher.doc(address)?;
            let Some(id) = doc.get_first(fields.id).and_then(|v| v.as_str()) else {
                continue;
            };
            let Some(record) = articles.get(id)? else {
                continue;
            };
            let record = records::decode_article(id, record.value()).map_err(|e| self.bad(e))?;
            let snippet_html = match texts.get(record.text_key)? {
                Some(value) => {
                    let display = records::decode_display(value.value())
                        .ok_or_else(|| self.bad(BadRecord(format!("texts of {id:?}"))))?;
                    snippet(&snippets, &display)
                }
                None => String::new(),
            };
            hits.push(Hit {
                id: id.to_owned(),
                story_id: record.story_id,
                title: record.title,
                score,
                snippet_html,
            });
        }
        Ok(hits)
    }

    /// Commits the search index before a search when it lacks a batch
    /// [`Store::commit_batch`] returned (the search waits for the indexing
    /// thread, never for a batch being written).
    fn commit_pending_search(&self) -> Result<()> {
        match &self.indexer {
            Some(indexer) if indexer.behind() => indexer.flush(),
            _ => Ok(()),
        }
    }

    /// The records of `batch` in `txn`; returns the batch number.
    fn write_records(&self, txn: &WriteTransaction, batch: &Batch) -> Result<u64> {
        let mut meta = txn.open_table(META)?;
        let seq = match meta.get(KEY_BATCH)? {
            Some(v) => records::decode_u64(v.value())
                .ok_or_else(|| self.bad(BadRecord("batch number".into())))?,
            None => 0,
        } + 1;
        let mut articles = txn.open_table(ARTICLES)?;
        let mut texts = txn.open_table(TEXTS)?;
        let mut exact = txn.open_table(EXACT)?;
        let mut seen = HashSet::with_capacity(batch.articles.len());
        for (index, article) in batch.articles.iter().enumerate() {
            if !seen.insert(article.id.as_str()) || articles.get(article.id.as_str())?.is_some() {
                return Err(Error::DuplicateArticle(article.id.clone()));
            }
            let text_key = records::text_key(seq, index).ok_or_else(|| {
                self.bad(BadRecord(format!(
                    "batch {seq}, article {index}: past the store's limit of 2^32 batches \
                     of 2^32 articles"
                )))
            })?;
            let record = ArticleRecord {
                source: article.source.clone(),
                url: article.url.clone(),
                title: article.title.clone(),
                published: article.published,
                lang: article.lang.clone(),
                exact_key: article.exact_key,
                story_id: article.story_id.clone(),
                batch: seq,
                text_key,
            };
            articles.insert(article.id.as_str(), serde_json::to_vec(&record)?.as_slice())?;
            let encoded = records::encode_texts(&article.raw_text, &article.display_text);
            texts.insert(text_key, encoded.as_slice())?;
            if let Some(key) = article.exact_key
                && exact.get(key)?.is_none()
            {
                exact.insert(key, article.id.as_str())?;
            }
        }
        for (id, story_id) in &batch.reassigned {
            let bytes = match articles.get(id.as_str())? {
                Some(v) => v.value().to_vec(),
                None => return Err(Error::UnknownArticle(id.clone())),
            };
            let mut record = records::decode_article(id, &bytes).map_err(|e| self.bad(e))?;
            record.story_id.clone_from(story_id);
            articles.insert(id.as_str(), serde_json::to_vec(&record)?.as_slice())?;
        }
        let mut stories = txn.open_table(STORIES)?;
        for id in &batch.removed_stories {
            stories.remove(id.as_str())?;
        }
        for story in &batch.stories {
            stories.insert(story.id.as_str(), serde_json::to_vec(story)?.as_slice())?;
        }
        if !batch.pending.is_empty() {
            let mut pending = txn.open_table(PENDING)?;
            for story in &batch.pending {
                let record = PendingStory {
                    marked: seq,
                    ..story.clone()
                };
                pending.insert(story.id.as_str(), serde_json::to_vec(&record)?.as_slice())?;
            }
        }
        if let Some(snapshot) = &batch.lsh {
            write_lsh(txn, &mut meta, snapshot, batch.lsh_first)?;
        }
        if let Some(state) = &batch.story_state {
            write_story_state(&mut meta, state)?;
        }
        let ids: Vec<&str> = batch.articles.iter().map(|a| a.id.as_str()).collect();
        txn.open_table(BATCHES)?
            .insert(seq, serde_json::to_vec(&ids)?.as_slice())?;
        meta.insert(KEY_BATCH, seq.to_le_bytes().as_slice())?;
        Ok(seq)
    }

    /// Brings the search index (`index`, committed up to batch `indexed`)
    /// level with the records: drops documents of batches the records
    /// lack, indexes batches it lacks. Returns the last batch it holds.
    fn reconcile(&self, index: &mut IndexWriter, indexed: u64) -> Result<u64> {
        let last = self.last_batch()?;
        if indexed > last {
            self.search.delete_after(index, last)?;
            self.search.commit(index, last)?;
        }
        if indexed < last {
            self.catch_up(index, indexed, last)?;
        }
        Ok(last)
    }

    /// Indexes the batches after `indexed` up to `last` from the records,
    /// and commits.
    fn catch_up(&self, index: &mut IndexWriter, indexed: u64, last: u64) -> Result<()> {
        let txn = self.records.begin_read()?;
        let batches = txn.open_table(BATCHES)?;
        let articles = txn.open_table(ARTICLES)?;
        let texts = txn.open_table(TEXTS)?;
        // Documents of a batch are all or nothing per commit, but delete
        // first anyway so a document is never indexed twice.
        self.search.delete_after(index, indexed)?;
        for seq in indexed + 1..=last {
            let ids = records::batch_ids(&batches, seq)
                .map_err(|e| self.bad(e))?
                .unwrap_or_default();
            for id in ids {
                let Some(record) = articles.get(id.as_str())? else {
                    return Err(self.bad(BadRecord(format!("article {id:?} of batch {seq}"))));
                };
                let record =
                    records::decode_article(&id, record.value()).map_err(|e| self.bad(e))?;
                let Some(text) = texts.get(record.text_key)? else {
                    return Err(self.bad(BadRecord(format!("texts of {id:?} of batch {seq}"))));
                };
                let display = records::decode_display(text.value())
                    .ok_or_else(|| self.bad(BadRecord(format!("texts of {id:?}"))))?;
                let doc = self
                    .search
                    .document(&id, seq, record.title.as_deref(), &display);
                index.add_document(doc)?;
            }
        }
        self.search.commit(index, last)?;
        Ok(())
    }

    fn meta_u64(&self, txn: &ReadTransaction, key: &str) -> Result<u64> {
        let meta = txn.open_table(META)?;
        match meta.get(key)? {
            Some(v) => records::decode_u64(v.value())
                .ok_or_else(|| self.bad(BadRecord(format!("meta {key:?}")))),
            None => Ok(0),
        }
    }

    fn bad(&self, e: BadRecord) -> Error {
        Error::Corrupted {
            dir: self.dir.clone(),
            reason: format!("record does not decode: {}", e.0),
        }
    }
}

/// The snippet of `display` for the query `snippets` was made for: the best
/// passage with matches in `<b>` among the first [`SNIPPET_SCAN_CHARS`]
/// chars, or the text's start (escaped) without any.
fn snippet(snippets: &SnippetGenerator, display: &str) -> String {
    let scanned = display
        .char_indices()
        .nth(SNIPPET_SCAN_CHARS)
        .map_or(display, |(end, _)| &display[..end]);
    let snippet = snippets.snippet(scanned);
    if !snippet.highlighted().is_empty() {
        return snippet.to_html();
    }
    let start: String = display.chars().take(SNIPPET_CHARS).collect();
    html_escape(start.trim())
}

fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}

/// Writes the story state record: its version, then its bytes.
fn write_story_state(meta: &mut redb::Table<&str, &[u8]>, state: &StoryState) -> Result<()> {
    let mut bytes = Vec::with_capacity(4 + state.bytes.len());
    bytes.extend_from_slice(&state.version.to_le_bytes());
    bytes.extend_from_slice(&state.bytes);
    meta.insert(KEY_STORY_STATE, bytes.as_slice())?;
    Ok(())
}

/// Writes the LSH snapshot: its header in `meta`, its documents appended to
/// `lsh_docs` (or all rewritten when they do not extend the stored ones).
/// With `first` > 0, `snapshot` holds only the documents from number
/// `first` on, which must continue the stored ones.
fn write_lsh(
    txn: &WriteTransaction,
    meta: &mut redb::Table<&str, &[u8]>,
    snapshot: &IndexSnapshot,
    first: u64,
) -> Result<()> {
    let header = LshHeader {
        version: snapshot.version,
        hashes: snapshot.hashes,
        fingerprinter: snapshot.fingerprinter,
        params: snapshot.params,
    };
    let header_bytes = serde_json::to_vec(&header)?;
    let same_header = meta
        .get(KEY_LSH_HEADER)?
        .is_some_and(|v| v.value() == header_bytes.as_slice());
    let mut docs = txn.open_table(LSH_DOCS)?;
    let stored = docs.len()?;
    if first > 0 {
        if !same_header || stored != first {
            return Err(Error::LshGap { stored, first });
        }
        for (doc, key) in snapshot.documents.iter().zip(first..) {
            docs.insert(key, records::encode_lsh_doc(doc).as_slice())?;
        }
        return Ok(());
    }
    let extends = same_header
        && usize::try_from(stored).is_ok_and(|n| n <= snapshot.documents.len())
        && match stored.checked_sub(1) {
            None => true,
            Some(last) => {
                let expected = usize::try_from(last)
                    .ok()
                    .and_then(|i| snapshot.documents.get(i));
                let found = docs
                    .get(last)?
                    .and_then(|v| records::decode_lsh_doc(v.value()));
                matches!((expected, found), (Some(e), Some(f)) if *e == f)
            }
        };
    let from = if extends {
        stored
    } else {
        docs.retain(|_, _| false)?;
        0
    };
    let start = usize::try_from(from).unwrap_or(usize::MAX);
    for (i, doc) in snapshot.documents.iter().enumerate().skip(start) {
        let doc: &SnapshotDocument = doc;
        docs.insert(i as u64, records::encode_lsh_doc(doc).as_slice())?;
    }
    meta.insert(KEY_LSH_HEADER, header_bytes.as_slice())?;
    Ok(())
}

/// Opens the record file, or creates it when it is missing or empty and
/// there is no search index yet (a creation cut short); maps redb's errors
/// to ours.
fn open_records(dir: &Path, path: &Path, has_search: bool) -> Result<Database> {
    let len = match std::fs::metadata(path) {
        Ok(m) => Some(m.len()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(source) => return Err(format::io(path, source)),
    };
    let create = matches!(len, None | Some(0));
    if create && has_search {
        return Err(Error::Corrupted {
            dir: dir.to_owned(),
            reason: format!("{RECORDS_FILE} is missing or empty but the search index is not"),
        });
    }
    // redb checks some invariants of its file with debug assertions; a
    // damaged file must be an error, never a panic.
    let opened = std::panic::catch_unwind(|| {
        let mut builder = redb::Builder::new();
        builder
            .set_concurrency_mode(ConcurrencyMode::SingleWriter)
            .set_cache_size(RECORDS_CACHE_BYTES);
        if create {
            builder.create(path)
        } else {
            builder.open(path)
        }
    });
    match opened {
        Ok(Ok(db)) => Ok(db),
        Ok(Err(e)) => Err(records_open_error(dir, e)),
        Err(_) => Err(Error::Corrupted {
            dir: dir.to_owned(),
            reason: format!("{RECORDS_FILE} cannot be read"),
        }),
    }
}

fn records_open_error(dir: &Path, e: redb::DatabaseError) -> Error {
    match e {
        redb::DatabaseError::DatabaseAlreadyOpen | redb::DatabaseError::LockProtocolMismatch => {
            Error::Locked {
                dir: dir.to_owned(),
            }
        }
        redb::DatabaseError::Storage(redb::StorageError::Io(source)) => {
            if source.kind() == std::io::ErrorKind::NotFound {
                Error::Corrupted {
                    dir: dir.to_owned(),
                    reason: format!("{RECORDS_FILE} is missing"),
                }
            } else {
                Error::Corrupted {
                    dir: dir.to_owned(),
                    reason: format!("{RECORDS_FILE}: {source}"),
                }
            }
        }
        other => Error::Corrupted {
            dir: dir.to_owned(),
            reason: format!("{RECORDS_FILE}: {other}"),
        },
    }
}

/// Checks the record file's format version, writing it (and creating the
/// tables) in a record file that has no tables yet — unless a search index
/// exists, which only a store with committed records has.
fn init_or_check_records(dir: &Path, db: &Database, has_search: bool) -> Result<()> {
    let txn = db.begin_read()?;
    let has_tables = txn.list_tables()?.next().is_some();
    if has_tables {
        return check_records_version(dir, &txn);
    }
    if has_search {
        return Err(Error::Corrupted {
            dir: dir.to_owned(),
            reason: format!("{RECORDS_FILE} holds no tables but the search index exists"),
        });
    }
    drop(txn);
    let txn = db.begin_write()?;
    {
        let mut meta = txn.open_table(META)?;
        meta.insert(KEY_FORMAT, FORMAT_VERSION.to_le_bytes().as_slice())?;
        txn.open_table(ARTICLES)?;
        txn.open_table(TEXTS)?;
        txn.open_table(EXACT)?;
        txn.open_table(BATCHES)?;
        txn.open_table(STORIES)?;
        txn.open_table(PENDING)?;
        txn.open_table(LSH_DOCS)?;
    }
    txn.commit()?;
    Ok(())
}

fn check_records_version(dir: &Path, txn: &ReadTransaction) -> Result<()> {
    let corrupted = |reason: String| Error::Corrupted {
        dir: dir.to_owned(),
        reason,
    };
    let meta = txn
        .open_table(META)
        .map_err(|e| corrupted(format!("{RECORDS_FILE} has no meta table: {e}")))?;
    let version = meta
        .get(KEY_FORMAT)?
        .and_then(|v| records::decode_u32(v.value()))
        .ok_or_else(|| corrupted(format!("{RECORDS_FILE} has no format version")))?;
    format::check_version(dir, version)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str, story: &str, text: &str) -> NewArticle {
        NewArticle {
            id: id.into(),
            source: Some(id.split('-').next().unwrap_or(id).into()),
            title: Some("اتصال هاتفي بين الرئيسين".into()),
            published: DateTime::parse_from_rfc3339("2015-03-01T09:30:00+03:00").ok(),
            raw_text: format!("<p>{text}</p>"),
            display_text: text.into(),
            story_id: story.into(),
            ..NewArticle::default()
        }
    }

    /// A document type of the caller's, with a nested part and a score.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct Document {
        headline: String,
        summary: Vec<String>,
        reuse: Vec<(String, f64)>,
    }

    /// The part of a story's view a caller reads back.
    #[derive(Deserialize)]
    struct Headline {
        headline: String,
    }

    #[test]
    fn encoded_stories_read_back_as_stored_stories() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store::open(tmp.path()).unwrap();
        let texts = [
            "بحث الرئيس السوري في اتصال هاتفي مع نظيره الروسي الأوضاع في المنطقة.",
            "أجرى الرئيسان السوري والروسي اتصالا هاتفيا بحثا فيه آخر التطورات.",
            "The two presidents discussed the situation in the region by phone.",
        ];
        let articles = vec![
            article("sana-1", "s1", texts[0]),
            article("hayat-2", "s1", texts[1]),
            article("reuters-3", "s2", texts[2]),
        ];
        let pending = |id: &str, members: &[&str]| PendingStory {
            id: id.into(),
            articles: members.iter().map(|m| m.to_string()).collect(),
            marked: 0,
            extra: serde_json::Value::Null,
        };
        let seq = store
            .commit_batch(Batch {
                articles: articles.clone(),
                pending: vec![
                    pending("s1", &["sana-1", "hayat-2"]),
                    pending("s2", &["reuters-3"]),
                ],
                ..Batch::default()
            })
            .unwrap();

        // One reading serves the members of both stories.
        let view = store.view().unwrap();
        let members = view
            .articles_without_raw(&["hayat-2".into(), "nope".into(), "sana-1".into()])
            .unwrap();
        let ids: Vec<&str> = members.iter().map(|a| a.article.id.as_str()).collect();
        assert_eq!(ids, ["hayat-2", "sana-1"]);
        assert_eq!(members[1].article.display_text, texts[0]);
        assert_eq!(members[1].article.raw_text, "");
        assert_eq!(view.story::<serde_json::Value>("s1").unwrap(), None);
        drop(view);

        let document = Document {
            headline: "اتصال هاتفي بين الرئيسين".into(),
            summary: vec![texts[0].into(), texts[1].into()],
            reuse: vec![("sana-1".into(), 0.1 + 0.2)],
        };
        let first = articles[0].published;
        let s1 = EncodedStory::new(StoredStory {
            id: "s1".into(),
            articles: vec!["sana-1".into(), "hayat-2".into()],
            first_published: first,
            last_published: first,
            view: &document,
        })
        .unwrap();
        let s2 = EncodedStory::new(StoredStory {
            id: "s2".into(),
            articles: vec!["reuters-3".into()],
            first_published: None,
            last_published: None,
            view: &document,
        })
        .unwrap();
        // A reading made before the documents commit goes on seeing s1 as
        // pending, with no record: a reader never finds it in neither.
        let before = store.view().unwrap();
        // A document built from an older pending record is dropped.
        assert_eq!(
            store
                .commit_stories(vec![(s1, seq), (s2, seq - 1)])
                .unwrap(),
            1
        );
        let stored = store.story::<serde_json::Value>("s1").unwrap().unwrap();
        assert_eq!(
            stored,
            StoredStory {
                id: "s1".into(),
                articles: vec!["sana-1".into(), "hayat-2".into()],
                first_published: first,
                last_published: first,
                view: serde_json::to_value(&document).unwrap(),
            }
        );
        let back = store.story::<Document>("s1").unwrap().unwrap();
        assert_eq!(back.view, document);
        assert_eq!(store.pending_story("s1").unwrap(), None);
        assert!(store.story::<IgnoredAny>("s2").unwrap().is_none());
        assert!(store.pending_story("s2").unwrap().is_some());
        assert!(before.pending_story("s1").unwrap().is_some());
        assert_eq!(
            before.story::<IgnoredAny>("s1").unwrap().map(|s| s.id),
            None
        );
        let pending_ids = |view: &RecordsView| -> Vec<String> {
            view.pending_stories()
                .unwrap()
                .into_iter()
                .map(|p| p.id)
                .collect()
        };
        assert_eq!(pending_ids(&before), ["s1", "s2"]);
        assert_eq!(pending_ids(&store.view().unwrap()), ["s2"]);
        drop(before);

        // A caller can read only the part it needs.
        let view = store.view().unwrap();
        assert_eq!(view.story("s1").unwrap(), Some(stored));
        let part = view.story::<Headline>("s1").unwrap().unwrap();
        assert_eq!(part.articles, ["sana-1", "hayat-2"]);
        assert_eq!(part.view.headline, document.headline);
        assert!(view.story::<Headline>("s2").unwrap().is_none());
    }
}
