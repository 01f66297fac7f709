//! The search indexer: one thread that owns the tantivy writer, takes each
//! committed batch's documents and commits the index now and then, so that
//! a batch's commit never waits for indexing.
//!
//! [`Indexer::add`] hands a batch's documents over and returns at once.
//! The thread commits the index when its last commit is
//! [`SEARCH_COMMIT_INTERVAL`](crate::SEARCH_COMMIT_INTERVAL) old and
//! documents are waiting, on [`Indexer::flush`], and when the indexer is
//! dropped. Every commit carries the last batch number it holds (see
//! [`SearchIndex::commit`]), so a process killed with documents still in
//! the queue loses nothing: the next [`Store::open`](crate::Store::open)
//! indexes again the batches the index lacks.
//!
//! A failure in the thread (a tantivy error) is kept: every later
//! [`Indexer::add`] and [`Indexer::flush`] reports it, and the index stays
//! as of its last commit until the store is opened again.
//!
//! Does not: read the records or decide what is indexed.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use tantivy::{IndexWriter, TantivyDocument};

use crate::search::SearchIndex;
use crate::{Error, Result};

/// Documents waiting in the queue past which [`Indexer::add`] waits for the
/// thread to catch up (bounds the memory a fast writer can pile up). The
/// wait commits nothing: a commit writes a segment (merged again later) and
/// restarts tantivy's indexing thread, so a writer faster than the indexer
/// would otherwise pay for a commit every few thousand documents.
const MAX_QUEUED_DOCS: usize = 8_192;

enum Job {
    /// The documents of batch `seq`.
    Add {
        seq: u64,
        docs: Vec<TantivyDocument>,
    },
    /// Commit what was added, then answer.
    Flush(mpsc::Sender<()>),
    /// Commit what was added (nobody waits).
    Commit,
    /// Answer (every earlier job is done: its documents are with the
    /// tantivy writer).
    Reached(mpsc::Sender<()>),
}

/// What the thread and its handle share.
struct Shared {
    /// The last batch of the last commit (searchable).
    committed: AtomicU64,
    /// The last batch whose documents were sent.
    sent: AtomicU64,
    /// Documents sent and not yet given to the tantivy writer.
    queued: AtomicUsize,
    /// The thread's first error, once it has one.
    failed: Mutex<Option<String>>,
}

/// The handle to the indexing thread; see the module doc.
pub(crate) struct Indexer {
    /// [`MAX_QUEUED_DOCS`], but in tests.
    max_queued: usize,
    jobs: Option<mpsc::Sender<Job>>,
    thread: Option<JoinHandle<()>>,
    shared: Arc<Shared>,
}

impl Indexer {
    /// Starts the thread with `writer`, whose index holds every batch up to
    /// `committed`, committed.
    pub fn start(
        search: Arc<SearchIndex>,
        writer: IndexWriter,
        committed: u64,
        interval: Duration,
    ) -> Result<Indexer> {
        let shared = Arc::new(Shared {
            committed: AtomicU64::new(committed),
            sent: AtomicU64::new(committed),
            queued: AtomicUsize::new(0),
            failed: Mutex::new(None),
        });
        let (jobs, queue) = mpsc::channel();
        let state = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("khabar-indexer".into())
            .spawn(move || {
                // Indexing can wait; a request cannot. The index writer's
                // workers, restarted by each commit from here, inherit it.
                crate::lower_thread_priority();
                let run = Run {
                    search,
                    writer,
                    shared: state,
                    added: committed,
                    last_commit: Instant::now(),
                    interval,
                };
                run.serve(&queue);
            })
            .map_err(|e| Error::SearchStopped(format!("cannot start the indexing thread: {e}")))?;
        Ok(Indexer {
            max_queued: MAX_QUEUED_DOCS,
            jobs: Some(jobs),
            thread: Some(thread),
            shared,
        })
    }

    /// Queues the documents of batch `seq` (after every earlier one; the
    /// caller serializes batches).
    pub fn add(&self, seq: u64, docs: Vec<TantivyDocument>) -> Result<()> {
        self.check()?;
        let n = docs.len();
        self.shared.queued.fetch_add(n, Ordering::SeqCst);
        self.send(Job::Add { seq, docs })?;
        self.shared.sent.store(seq, Ordering::SeqCst);
        if self.shared.queued.load(Ordering::SeqCst) > self.max_queued {
            self.catch_up()?;
        }
        Ok(())
    }

    /// Waits until the thread has given every document sent so far to the
    /// tantivy writer (without committing).
    fn catch_up(&self) -> Result<()> {
        let (reply, done) = mpsc::channel();
        self.send(Job::Reached(reply))?;
        // The thread answers when it reaches the job, or drops the sender
        // on a failure.
        let _ = done.recv();
        self.check()
    }

    /// True when a batch was sent that the last commit does not hold.
    pub fn behind(&self) -> bool {
        self.shared.committed.load(Ordering::SeqCst) < self.shared.sent.load(Ordering::SeqCst)
    }

    /// Commits every batch sent so far and waits for it.
    pub fn flush(&self) -> Result<()> {
        let (reply, done) = mpsc::channel();
        self.send(Job::Flush(reply))?;
        // The thread answers after its commit, or drops the sender on a
        // failure.
        let _ = done.recv();
        self.check()
    }

    /// Asks the thread to commit every batch sent so far, without waiting
    /// for it.
    pub fn commit_soon(&self) -> Result<()> {
        self.check()?;
        self.send(Job::Commit)
    }

    fn send(&self, job: Job) -> Result<()> {
        let jobs = self.jobs.as_ref().ok_or_else(stopped)?;
        jobs.send(job)
            .map_err(|_| self.failure().unwrap_or_else(stopped))
    }

    fn check(&self) -> Result<()> {
        self.failure().map_or(Ok(()), Err)
    }

    fn failure(&self) -> Option<Error> {
        let failed = self.shared.failed.lock().ok()?;
        failed.as_ref().map(|e| Error::SearchStopped(e.clone()))
    }
}

fn stopped() -> Error {
    Error::SearchStopped("the indexing thread has stopped".into())
}

impl Drop for Indexer {
    /// Commits what is queued (closing the queue ends the thread) and waits
    /// for the thread.
    fn drop(&mut self) {
        drop(self.jobs.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The thread's side.
struct Run {
    search: Arc<SearchIndex>,
    writer: IndexWriter,
    shared: Arc<Shared>,
    /// The last batch given to the tantivy writer.
    added: u64,
    last_commit: Instant,
    interval: Duration,
}

impl Run {
    /// Serves jobs until the queue closes, then commits and lets the
    /// index's last merges finish (fewer, larger segments on disk).
    fn serve(mut self, queue: &mpsc::Receiver<Job>) {
        loop {
            let pending = self.added > self.shared.committed.load(Ordering::SeqCst);
            let job = if pending {
                let wait = self.interval.saturating_sub(self.last_commit.elapsed());
                match queue.recv_timeout(wait) {
                    Ok(job) => Some(job),
                    Err(mpsc::RecvTimeoutError::Timeout) => None,
                    Err(mpsc::RecvTimeoutError::Disconnected) => break,
                }
            } else {
                match queue.recv() {
                    Ok(job) => Some(job),
                    Err(_) => break,
                }
            };
            let result = match job {
                Some(Job::Add { seq, docs }) => self.add(seq, docs),
                Some(Job::Flush(reply)) => {
                    let result = self.commit();
                    if result.is_ok() {
                        let _ = reply.send(());
                    }
                    result
                }
                Some(Job::Commit) => self.commit(),
                Some(Job::Reached(reply)) => {
                    let _ = reply.send(());
                    Ok(())
                }
                None => Ok(()),
            };
            let result = result.and_then(|()| {
                if self.last_commit.elapsed() >= self.interval {
                    self.commit()
                } else {
                    Ok(())
                }
            });
            if let Err(e) = result {
                self.fail(&e);
                return;
            }
        }
        if let Err(e) = self.commit() {
            self.fail(&e);
            return;
        }
        let Run { writer, shared, .. } = self;
        if let Err(e) = writer.wait_merging_threads()
            && let Ok(mut failed) = shared.failed.lock()
        {
            failed.get_or_insert_with(|| e.to_string());
        }
    }

    fn add(&mut self, seq: u64, docs: Vec<TantivyDocument>) -> Result<()> {
        let n = docs.len();
        for doc in docs {
            self.writer.add_document(doc)?;
        }
        self.shared.queued.fetch_sub(n, Ordering::SeqCst);
        self.added = seq;
        Ok(())
    }

    /// Commits when anything was added since the last commit.
    fn commit(&mut self) -> Result<()> {
        if self.added > self.shared.committed.load(Ordering::SeqCst) {
            self.search.commit(&mut self.writer, self.added)?;
            self.shared.committed.store(self.added, Ordering::SeqCst);
        }
        self.last_commit = Instant::now();
        Ok(())
    }

    fn fail(&self, e: &Error) {
        if let Ok(mut failed) = self.shared.failed.lock() {
            failed.get_or_insert_with(|| e.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_queue_waits_for_the_thread_without_committing() {
        let dir = tempfile::tempdir().unwrap();
        let search = Arc::new(
            SearchIndex::open(&dir.path().join("search"), dir.path(), true, false).unwrap(),
        );
        let writer = search.writer().unwrap();
        let mut indexer =
            Indexer::start(Arc::clone(&search), writer, 0, Duration::from_secs(3600)).unwrap();
        indexer.max_queued = 2;
        let texts = [
            "أعلنت وزارة الخارجية السورية اليوم عن جولة محادثات جديدة",
            "The foreign ministry announced a new round of talks today",
            "قال وزير الخارجية إن المحادثات مع روسيا ستستمر في الرياض",
        ];
        let batch = |seq: u64| -> Vec<TantivyDocument> {
            texts
                .iter()
                .enumerate()
                .map(|(i, text)| search.document(&format!("a{seq}-{i}"), seq, None, text))
                .collect()
        };
        // Three documents: past the limit, so `add` waits for the thread.
        indexer.add(1, batch(1)).unwrap();
        assert_eq!(indexer.shared.queued.load(Ordering::SeqCst), 0);
        // It waited for the documents to reach the writer, not for a commit.
        assert_eq!(search.indexed_batch().unwrap(), 0);
        assert!(indexer.behind());
        // A commit asked for without waiting has landed once the thread
        // reaches the next job (jobs are served in order).
        indexer.commit_soon().unwrap();
        indexer.catch_up().unwrap();
        assert_eq!(search.indexed_batch().unwrap(), 1);
        assert!(!indexer.behind());
        indexer.add(2, batch(2)).unwrap();
        assert!(indexer.behind());
        indexer.flush().unwrap();
        assert_eq!(search.indexed_batch().unwrap(), 2);
        assert!(!indexer.behind());
        assert_eq!(search.reader.searcher().num_docs(), 6);
    }
}
