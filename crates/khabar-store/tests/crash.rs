//! Crash safety with a real process: a child writer is killed (SIGKILL) at
//! random points, many times, and after each kill the store must open with
//! every batch the child reported done, whole, and no part of any other.
//!
//! The child is this test binary itself, run with `--ignored --exact
//! crash_child_writer` and `KHABAR_CRASH_DIR` set: `crash_child_writer`
//! commits batches until it is killed and prints `done <batch>` after each
//! commit returns.

mod common;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::bulk_article;
use khabar_dedup::{Fingerprinter, LshIndex, LshParams};
use khabar_store::{Batch, Store, StoredStory, StoryState};

const DIR_VAR: &str = "KHABAR_CRASH_DIR";
const KILLS: usize = 20;
const BATCH_SIZE: usize = 60;
/// Batches a child writes at most (it is normally killed long before).
const MAX_CHILD_BATCHES: u64 = 400;

/// The batch the child writes as number `seq`: its articles, a story record
/// naming them, the LSH snapshot over every article so far, and a story
/// state naming the batch. The parent checks all of it.
fn batch(seq: u64, lsh: &mut LshIndex) -> Batch {
    let fingerprinter = Fingerprinter::default();
    let articles: Vec<_> = (0..BATCH_SIZE).map(|i| bulk_article(seq, i)).collect();
    for a in &articles {
        lsh.insert(a.id.clone(), &fingerprinter.fingerprint(&a.display_text));
    }
    Batch {
        stories: vec![StoredStory {
            id: format!("story-{seq}"),
            articles: articles.iter().map(|a| a.id.clone()).collect(),
            first_published: None,
            last_published: None,
            view: serde_json::json!({"headline": format!("الدفعة {seq}")}),
        }],
        articles,
        lsh: Some(lsh.snapshot()),
        story_state: Some(StoryState {
            version: 1,
            bytes: seq.to_le_bytes().to_vec(),
        }),
        ..Batch::default()
    }
}

#[test]
#[ignore = "helper: the writer process of crash_safety_under_sigkill"]
fn crash_child_writer() {
    let Some(dir) = std::env::var_os(DIR_VAR) else {
        panic!("run by crash_safety_under_sigkill with {DIR_VAR} set");
    };
    let store = Store::open(Path::new(&dir)).unwrap();
    let mut lsh = match store.lsh_snapshot().unwrap() {
        Some(snapshot) => LshIndex::from_snapshot(snapshot).unwrap(),
        None => LshIndex::new(LshParams::default(), Fingerprinter::default()),
    };
    let first = store.last_batch().unwrap() + 1;
    let mut out = std::io::stdout().lock();
    writeln!(out, "ready {first}").unwrap();
    out.flush().unwrap();
    for seq in first..first + MAX_CHILD_BATCHES {
        assert_eq!(store.commit_batch(batch(seq, &mut lsh)).unwrap(), seq);
        writeln!(out, "done {seq}").unwrap();
        out.flush().unwrap();
    }
}

/// A small xorshift generator: kill times vary run to run but need no
/// dependency.
struct Jitter(u64);

impl Jitter {
    fn next(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % bound
    }
}

#[test]
fn crash_safety_under_sigkill() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let exe = std::env::current_exe().unwrap();
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(1)
        | 1;
    let mut jitter = Jitter(seed);
    let mut reported: BTreeSet<u64> = BTreeSet::new();
    let mut killed_mid_batch = 0;
    let mut total_live_reads = 0;
    let mut prev_last = 0;
    // At least KILLS kills; more (up to 4x) when a loaded machine let the
    // children report fewer than KILLS / 2 batches, so the test checks the
    // same amount of work whatever the load.
    let mut kill = 0;
    while kill < KILLS || (reported.len() < KILLS / 2 && kill < 4 * KILLS) {
        kill += 1;
        let mut child = Command::new(&exe)
            .args(["--ignored", "--exact", "crash_child_writer", "--nocapture"])
            .env(DIR_VAR, &dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        let lines = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        // Wait until the child has opened the store, then let it write for
        // a random while (0 to 1.2 s: during or between commits).
        // (The test harness prints its own text too, even on these lines.)
        loop {
            let line = rx.recv_timeout(Duration::from_secs(120)).unwrap();
            if line.contains("ready ") {
                break;
            }
        }
        // Every fourth kill comes at once, inside the first commit.
        let delay = Duration::from_millis(if kill % 4 == 0 {
            jitter.next(40)
        } else {
            jitter.next(1200)
        });
        let start = Instant::now();
        // Meanwhile another process (this one) reads the store read-only:
        // every batch it sees is whole.
        let mut live_reads = 0;
        while start.elapsed() < delay {
            if let Ok(reader) = Store::open_read_only(&dir) {
                let last = reader.last_batch().unwrap();
                if last > 0 {
                    let ids = reader.batch_articles(last).unwrap().unwrap();
                    assert_eq!(ids.len(), BATCH_SIZE);
                    for id in &ids {
                        assert!(reader.article(id).unwrap().is_some(), "{id}");
                    }
                    // (A later read may see later batches, never part of one.)
                    let count = reader.article_count().unwrap();
                    assert!(count >= last * BATCH_SIZE as u64, "{count}");
                    assert_eq!(count % BATCH_SIZE as u64, 0, "half a batch visible");
                }
                live_reads += 1;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        total_live_reads += live_reads;
        child.kill().unwrap();
        child.wait().unwrap();
        lines.join().unwrap();
        let before = reported.len();
        let got: Vec<String> = rx.try_iter().collect();
        for line in &got {
            if let Some((_, seq)) = line.split_once("done ") {
                let digits: String = seq.chars().take_while(char::is_ascii_digit).collect();
                reported.insert(digits.parse().unwrap());
            }
        }

        let store = Store::open(&dir).unwrap();
        let last = store.last_batch().unwrap();
        // Every reported batch is there, and every batch seen after an
        // earlier kill; at most one more (committed, not yet reported when
        // the kill came).
        assert!(last >= prev_last, "kill {kill}: lost batches after {last}");
        let max_reported = reported.last().copied().unwrap_or(0).max(prev_last);
        assert!(
            last >= max_reported,
            "kill {kill}: last {last} < {max_reported}"
        );
        assert!(
            last <= max_reported + 1,
            "kill {kill}: last {last}, reported {max_reported}: {got:?}"
        );
        if reported.len() == before {
            killed_mid_batch += 1;
        }
        check_store(&store, last);
        prev_last = last;
    }
    assert!(
        reported.len() >= KILLS / 2,
        "children reported only {reported:?}"
    );
    // Kills that landed before a batch was reported done (while the child
    // was committing) must have happened too, or the test tests nothing.
    assert!(killed_mid_batch > 0);
    assert!(
        total_live_reads > 0,
        "the store never opened read-only beside its writer"
    );
    eprintln!(
        "{kill} kills, {} batches ({} articles) reported and checked, {} kills before a report, \
         {total_live_reads} read-only opens beside the writer",
        reported.len(),
        reported.len() * BATCH_SIZE,
        killed_mid_batch
    );
}

/// Batches `1..=last` are whole in records and search, nothing else is
/// there, and the story state, story records and LSH snapshot belong to
/// batch `last`.
fn check_store(store: &Store, last: u64) {
    for seq in 1..=last {
        let ids = store.batch_articles(seq).unwrap().unwrap();
        let expected: Vec<String> = (0..BATCH_SIZE).map(|i| format!("b{seq}-{i}")).collect();
        assert_eq!(ids, expected, "batch {seq}");
        for (i, id) in ids.iter().enumerate() {
            let article = store.article(id).unwrap().unwrap();
            let written = bulk_article(seq, i);
            assert_eq!(article.article.display_text, written.display_text, "{id}");
            assert_eq!(article.article.title, written.title, "{id}");
            assert_eq!(article.batch, seq);
        }
        let story = store
            .story::<serde_json::Value>(&format!("story-{seq}"))
            .unwrap()
            .unwrap();
        assert_eq!(story.articles, expected);
        let hits = store.search(&format!("kb{seq}"), 10 * BATCH_SIZE).unwrap();
        assert_eq!(hits.len(), BATCH_SIZE, "search for batch {seq}");
    }
    assert_eq!(store.batch_articles(last + 1).unwrap(), None);
    assert!(!store.contains_id(&format!("b{}-0", last + 1)).unwrap());
    assert!(
        store
            .story::<serde_json::Value>(&format!("story-{}", last + 1))
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .search(&format!("kb{}", last + 1), 10)
            .unwrap()
            .is_empty()
    );
    let total = last * BATCH_SIZE as u64;
    assert_eq!(store.article_count().unwrap(), total);
    match store.story_state().unwrap() {
        Some(state) => assert_eq!(state.bytes, last.to_le_bytes()),
        None => assert_eq!(last, 0),
    }
    let lsh = store.lsh_snapshot().unwrap();
    assert_eq!(lsh.map_or(0, |s| s.documents.len() as u64), total);
}
