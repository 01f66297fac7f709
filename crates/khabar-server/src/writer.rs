//! The writer: one thread that owns every ingest, with group commit.
//!
//! Requests queue on a channel. The thread takes the first waiting request,
//! then every other request already waiting (up to a batch size), ingests
//! them as one batch, and answers each request with its own slice of the
//! outcomes. Under load, a commit costs the same for one request or fifty,
//! so latency stays near one commit instead of growing with the queue.
//!
//! Story documents are not built in the commit: the archive is put in
//! deferred mode ([`Archive::defer_documents`]) and a second thread, the
//! refresher, builds the documents of the stories the last commits touched
//! ([`Archive::refresh`]) after the commits of each [`REFRESH_EVERY`],
//! while the writer goes on with the next requests. A story read before its document is built is built
//! for that read (see [`Archive::story`]), so answers do not change.
//!
//! A request's latency is its batch's commit (redb, synced: an answered
//! article survives a kill or a power cut) and what waits ahead of it.
//! So nothing else runs in the commit, and the work after it steps aside:
//! the clusterer state is saved every 30 s from a copy, on a thread of its
//! own, to a file of its own (see [`Archive`]; saving it inside a commit
//! held that commit 170 ms, and the requests behind it), and the refresher,
//! the search indexer and the state saver run at a lower priority
//! ([`khabar_store::lower_thread_priority`]): on two cores, at 200
//! articles/s, they otherwise took the core a request needed.
//!
//! Does not: parse requests or decide who may write (that is `api`).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use khabar_archive::{Archive, Outcome};
use khabar_ingest::Article;
use tokio::sync::{mpsc, oneshot};

/// Requests waiting for the writer, at most.
const QUEUE: usize = 1024;

/// The refresher builds story documents at most this often. Each refresh
/// stores its documents in synced store commits, which a batch waits
/// behind: after every one-article batch, that was a second sync per
/// request. Until built, a story's document is built by the read that
/// asks for it, so answers do not change.
const REFRESH_EVERY: std::time::Duration = std::time::Duration::from_millis(200);

/// What a request gets back: its outcomes and the batch they went in.
#[derive(Debug)]
pub struct Written {
    pub batch: Option<u64>,
    pub outcomes: Vec<Outcome>,
}

struct Job {
    articles: Vec<Article>,
    reply: oneshot::Sender<Result<Written, String>>,
}

/// Sends work to the writer thread; cheap to clone.
#[derive(Clone)]
pub struct WriterHandle {
    jobs: mpsc::Sender<Job>,
}

impl WriterHandle {
    /// Ingests `articles` in the next batch and waits for their outcomes.
    /// `Err` carries the reason the batch failed (nothing of it stored).
    pub async fn ingest(&self, articles: Vec<Article>) -> Result<Written, String> {
        let (reply, answer) = oneshot::channel();
        self.jobs
            .send(Job { articles, reply })
            .await
            .map_err(|_| "the writer has stopped".to_string())?;
        answer
            .await
            .map_err(|_| "the writer stopped before answering".to_string())?
    }
}

/// Starts the writer thread and the refresher; both end when every handle
/// is dropped.
/// `generation` goes up after every commit, before any request hears of
/// it (readers cache on it).
pub fn start(
    archive: Arc<Archive>,
    max_batch: usize,
    generation: Arc<AtomicU64>,
) -> crate::Result<WriterHandle> {
    let (jobs, queue) = mpsc::channel(QUEUE);
    archive.defer_documents(true);
    // One signal waiting at most: a refresh builds every pending story.
    let (touched, signals) = std::sync::mpsc::sync_channel::<()>(1);
    let refreshed = Arc::clone(&archive);
    std::thread::Builder::new()
        .name("khabar-refresher".into())
        .spawn(move || refresh_loop(&refreshed, &signals))
        .map_err(crate::Error::Writer)?;
    std::thread::Builder::new()
        .name("khabar-writer".into())
        .spawn(move || write_loop(&archive, queue, max_batch.max(1), &generation, &touched))
        .map_err(crate::Error::Writer)?;
    Ok(WriterHandle { jobs })
}

/// Builds the pending story documents after a signal, at most once per
/// [`REFRESH_EVERY`], until the writer ends (pending ones left then are
/// built when the archive is dropped, or read).
fn refresh_loop(archive: &Archive, signals: &std::sync::mpsc::Receiver<()>) {
    // Documents can wait; a request cannot (reads of a pending story
    // build it themselves).
    khabar_store::lower_thread_priority();
    while signals.recv().is_ok() {
        // The commits of the pause come together: one refresh, and one
        // synced store commit per few dozen stories, for all of them.
        std::thread::sleep(REFRESH_EVERY);
        let _ = signals.try_recv();
        if let Err(err) = archive.refresh() {
            eprintln!("khabar serve: building story documents: {err}");
        }
    }
}

fn write_loop(
    archive: &Archive,
    mut queue: mpsc::Receiver<Job>,
    max_batch: usize,
    generation: &AtomicU64,
    touched: &std::sync::mpsc::SyncSender<()>,
) {
    while let Some(first) = queue.blocking_recv() {
        let mut size = first.articles.len();
        let mut group = vec![first];
        while size < max_batch {
            match queue.try_recv() {
                Ok(job) => {
                    size += job.articles.len();
                    group.push(job);
                }
                Err(_) => break,
            }
        }
        commit_group(archive, group, size, generation);
        // Full means a refresh is due already.
        let _ = touched.try_send(());
    }
}

/// Ingests the articles of `group` as one batch and answers each job.
fn commit_group(archive: &Archive, group: Vec<Job>, size: usize, generation: &AtomicU64) {
    let mut articles = Vec::with_capacity(size);
    let mut replies = Vec::with_capacity(group.len());
    for job in group {
        replies.push((job.reply, job.articles.len()));
        articles.extend(job.articles);
    }
    // A panic in the pipeline must not take the writer down with it.
    let result =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| archive.ingest(articles)))
            .unwrap_or_else(|_| {
                Err(khabar_archive::Error::Damaged {
                    dir: archive.store().dir().into(),
                    what: "the ingest".into(),
                    reason: "it panicked".into(),
                })
            });
    match result {
        Ok(report) => {
            generation.fetch_add(1, Ordering::SeqCst);
            let mut outcomes = report.outcomes.into_iter();
            for (reply, n) in replies {
                let mine: Vec<Outcome> = outcomes.by_ref().take(n).collect();
                let batch = mine
                    .iter()
                    .any(|o| matches!(o.status, khabar_archive::Status::Added { .. }))
                    .then_some(report.batch)
                    .flatten();
                // A client that went away does not stop the others.
                let _ = reply.send(Ok(Written {
                    batch,
                    outcomes: mine,
                }));
            }
        }
        Err(err) => {
            // The archive reloads its state; cached reads start over too.
            generation.fetch_add(1, Ordering::SeqCst);
            eprintln!("khabar serve: internal error: ingesting a batch of {size} articles: {err}");
            for (reply, _) in replies {
                let _ = reply.send(Err(err.to_string()));
            }
        }
    }
}
