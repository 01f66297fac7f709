//! Opening, writing, reading, re-ingest detection, search and concurrency.

mod common;

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::DateTime;
use common::{NEWS, bulk_article, news_articles};
use khabar_dedup::{Fingerprinter, LshIndex, LshParams};
use khabar_store::{
    Batch, Error, FORMAT_VERSION, MARKER_FILE, NewArticle, RECORDS_FILE, SEARCH_DIR, STATE_FILE,
    Store, StoredStory, StoryState,
};

fn news_batch() -> Batch {
    Batch {
        articles: news_articles(),
        ..Batch::default()
    }
}

fn hit_ids(store: &Store, query: &str) -> BTreeSet<String> {
    store
        .search(query, 50)
        .unwrap()
        .into_iter()
        .map(|h| h.id)
        .collect()
}

#[test]
fn creates_in_missing_or_empty_dir_and_reopens() {
    let tmp = tempfile::tempdir().unwrap();
    for dir in [tmp.path().join("new/nested"), tmp.path().join("empty")] {
        std::fs::create_dir_all(tmp.path().join("empty")).unwrap();
        {
            let store = Store::open(&dir).unwrap();
            assert_eq!(store.last_batch().unwrap(), 0);
            assert_eq!(store.commit_batch(news_batch()).unwrap(), 1);
        }
        for name in [MARKER_FILE, RECORDS_FILE, SEARCH_DIR] {
            assert!(dir.join(name).exists(), "{name}");
        }
        let marker: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.join(MARKER_FILE)).unwrap()).unwrap();
        assert_eq!(marker["format"], "khabar-store");
        assert_eq!(marker["version"], FORMAT_VERSION);
        let store = Store::open(&dir).unwrap();
        assert_eq!(store.last_batch().unwrap(), 1);
        assert_eq!(store.article_count().unwrap(), NEWS.len() as u64);
        assert_eq!(
            hit_ids(&store, "الهلال"),
            BTreeSet::from(["riyadh-4".into()])
        );
    }
}

#[test]
fn refuses_a_foreign_dir_and_leaves_it_alone() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("notes.txt"), "قائمة المشتريات").unwrap();
    std::fs::create_dir(tmp.path().join("photos")).unwrap();
    let err = Store::open(tmp.path()).unwrap_err();
    assert!(matches!(err, Error::Foreign { .. }), "{err}");
    assert!(err.to_string().contains("notes.txt"), "{err}");
    let mut left: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["notes.txt", "photos"]);

    // A marker of another format is foreign too.
    let other = tempfile::tempdir().unwrap();
    std::fs::write(
        other.path().join(MARKER_FILE),
        r#"{"format": "something-else", "version": 1}"#,
    )
    .unwrap();
    assert!(matches!(
        Store::open(other.path()),
        Err(Error::Foreign { .. })
    ));
    // Read-only never creates.
    let empty = tempfile::tempdir().unwrap();
    assert!(Store::open_read_only(empty.path()).is_err());
    assert_eq!(std::fs::read_dir(empty.path()).unwrap().count(), 0);
}

#[test]
fn refuses_a_corrupted_record_file() {
    let tmp = tempfile::tempdir().unwrap();
    {
        let store = Store::open(tmp.path()).unwrap();
        store.commit_batch(news_batch()).unwrap();
    }
    let path = tmp.path().join(RECORDS_FILE);
    let size = std::fs::metadata(&path).unwrap().len() as usize;
    // Garbage over the whole file, then over the header only.
    let garbage: Vec<u8> = (0..size).map(|i| (i * 7919 % 251) as u8).collect();
    std::fs::write(&path, &garbage).unwrap();
    let err = Store::open(tmp.path()).unwrap_err();
    assert!(matches!(err, Error::Corrupted { .. }), "{err}");
    assert!(matches!(
        Store::open_read_only(tmp.path()),
        Err(Error::Corrupted { .. })
    ));
    // The garbage is still there: nothing was re-initialized.
    assert_eq!(std::fs::read(&path).unwrap(), garbage);

    std::fs::write(&path, b"").unwrap();
    assert!(matches!(
        Store::open(tmp.path()),
        Err(Error::Corrupted { .. })
    ));
}

#[test]
fn refuses_a_missing_record_file() {
    let tmp = tempfile::tempdir().unwrap();
    drop(Store::open(tmp.path()).unwrap());
    std::fs::remove_file(tmp.path().join(RECORDS_FILE)).unwrap();
    let err = Store::open(tmp.path()).unwrap_err();
    assert!(matches!(err, Error::Corrupted { .. }), "{err}");
    assert!(!tmp.path().join(RECORDS_FILE).exists());
}

#[test]
fn refuses_a_newer_version() {
    let tmp = tempfile::tempdir().unwrap();
    drop(Store::open(tmp.path()).unwrap());
    let newer = FORMAT_VERSION + 1;
    std::fs::write(
        tmp.path().join(MARKER_FILE),
        format!(r#"{{"format": "khabar-store", "version": {newer}}}"#),
    )
    .unwrap();
    match Store::open(tmp.path()) {
        Err(Error::NewerVersion {
            found, supported, ..
        }) => {
            assert_eq!((found, supported), (newer, FORMAT_VERSION))
        }
        other => panic!("expected NewerVersion, got {other:?}"),
    }
}

#[test]
fn refuses_an_older_version_and_says_to_ingest_again() {
    let tmp = tempfile::tempdir().unwrap();
    drop(Store::open(tmp.path()).unwrap());
    let older = FORMAT_VERSION - 1;
    std::fs::write(
        tmp.path().join(MARKER_FILE),
        format!(r#"{{"format": "khabar-store", "version": {older}}}"#),
    )
    .unwrap();
    match Store::open(tmp.path()) {
        Err(err @ Error::Corrupted { .. }) => {
            let message = err.to_string();
            assert!(message.contains("older"), "{message}");
            assert!(message.contains("ingest the articles again"), "{message}");
        }
        other => panic!("expected Corrupted, got {other:?}"),
    }
}

#[test]
fn a_second_writer_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let _first = Store::open(tmp.path()).unwrap();
    let err = Store::open(tmp.path()).unwrap_err();
    assert!(matches!(err, Error::Locked { .. }), "{err}");
}

#[test]
fn commits_and_reads_back_everything() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let articles = news_articles();
    let fingerprinter = Fingerprinter::default();
    let mut lsh = LshIndex::new(LshParams::default(), fingerprinter);
    for a in &articles {
        lsh.insert(a.id.clone(), &fingerprinter.fingerprint(&a.display_text));
    }
    let story = StoredStory {
        id: "s-sana-1".into(),
        articles: vec!["sana-1".into(), "hayat-2".into()],
        first_published: articles[0].published,
        last_published: articles[1].published,
        view: serde_json::json!({"headline": "اتصال هاتفي بين الرئيسين", "sources": ["sana", "hayat"]}),
    };
    let state = StoryState {
        version: 3,
        bytes: "حالة التجميع".as_bytes().to_vec(),
    };
    store
        .commit_batch(Batch {
            articles: articles.clone(),
            stories: vec![story.clone()],
            lsh: Some(lsh.snapshot()),
            story_state: Some(state.clone()),
            ..Batch::default()
        })
        .unwrap();
    drop(store);

    let store = Store::open(tmp.path()).unwrap();
    for a in &articles {
        let stored = store.article(&a.id).unwrap().unwrap();
        // Every field comes back as it was added.
        assert_eq!(&stored.article, a);
        assert_ne!(stored.article.raw_text, stored.article.display_text);
        assert_eq!(stored.batch, 1);
    }
    assert_eq!(store.article("nope").unwrap(), None);
    assert_eq!(store.story("s-sana-1").unwrap(), Some(story.clone()));
    let members: Vec<String> = store
        .articles_of_story("s-sana-1")
        .unwrap()
        .into_iter()
        .map(|a| a.article.id)
        .collect();
    assert_eq!(members, ["sana-1", "hayat-2"]);
    assert_eq!(store.story_state().unwrap(), Some(state));
    let snapshot = store.lsh_snapshot().unwrap().unwrap();
    assert_eq!(snapshot, lsh.snapshot());
    assert!(LshIndex::from_snapshot(snapshot).is_ok());
    assert_eq!(
        store.batch_articles(1).unwrap().unwrap(),
        articles.iter().map(|a| a.id.clone()).collect::<Vec<_>>()
    );
    assert_eq!(store.batch_articles(2).unwrap(), None);
}

#[test]
fn later_batches_merge_stories_and_extend_the_lsh_snapshot() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let fingerprinter = Fingerprinter::default();
    let mut lsh = LshIndex::new(LshParams::default(), fingerprinter);
    let articles = news_articles();
    let (first, second) = articles.split_at(3);
    let story = |id: &str, members: &[&str], day: u32| StoredStory {
        id: id.into(),
        articles: members.iter().map(|m| (*m).to_owned()).collect(),
        first_published: None,
        last_published: DateTime::parse_from_rfc3339(&format!("2015-07-{day:02}T10:00:00Z")).ok(),
        view: serde_json::json!({"headline": id}),
    };
    for a in first {
        lsh.insert(a.id.clone(), &fingerprinter.fingerprint(&a.display_text));
    }
    store
        .commit_batch(Batch {
            articles: first.to_vec(),
            stories: vec![
                story("s-sana-1", &["sana-1"], 21),
                story("s-hayat-2", &["hayat-2"], 22),
                story("s-aawsat-3", &["aawsat-3"], 23),
            ],
            lsh: Some(lsh.snapshot()),
            ..Batch::default()
        })
        .unwrap();
    for a in second {
        lsh.insert(a.id.clone(), &fingerprinter.fingerprint(&a.display_text));
    }
    // hayat-2 joins sana-1's story; its own story goes away.
    store
        .commit_batch(Batch {
            articles: second.to_vec(),
            reassigned: vec![("hayat-2".into(), "s-sana-1".into())],
            stories: vec![story("s-sana-1", &["sana-1", "hayat-2"], 25)],
            removed_stories: vec!["s-hayat-2".into()],
            lsh: Some(lsh.snapshot()),
            ..Batch::default()
        })
        .unwrap();
    assert_eq!(store.lsh_snapshot().unwrap(), Some(lsh.snapshot()));
    assert_eq!(
        store.article("hayat-2").unwrap().unwrap().article.story_id,
        "s-sana-1"
    );
    assert_eq!(store.story::<serde_json::Value>("s-hayat-2").unwrap(), None);
    let ids = |v: Vec<StoredStory>| v.into_iter().map(|s| s.id).collect::<Vec<_>>();
    assert_eq!(
        ids(store.stories(None).unwrap()),
        ["s-sana-1", "s-aawsat-3"]
    );
    let since = DateTime::parse_from_rfc3339("2015-07-24T00:00:00Z").ok();
    assert_eq!(ids(store.stories(since).unwrap()), ["s-sana-1"]);
    let hit = store.search("الحل السياسي", 5).unwrap();
    let hayat = hit.iter().find(|h| h.id == "hayat-2").unwrap();
    assert_eq!(hayat.story_id, "s-sana-1");

    // A snapshot that does not extend the stored one replaces it.
    let mut fresh = LshIndex::new(LshParams::default(), fingerprinter);
    fresh.insert(
        "okaz-5",
        &fingerprinter.fingerprint(&second[1].display_text),
    );
    store
        .commit_batch(Batch {
            lsh: Some(fresh.snapshot()),
            ..Batch::default()
        })
        .unwrap();
    assert_eq!(store.lsh_snapshot().unwrap(), Some(fresh.snapshot()));
}

#[test]
fn articles_without_raw_are_the_articles_but_their_raw_texts() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let articles = news_articles();
    store.commit_batch(news_batch()).unwrap();
    let mut ids: Vec<String> = articles.iter().rev().map(|a| a.id.clone()).collect();
    ids.insert(1, "okaz-99".into());
    let whole = store.articles(&ids).unwrap();
    let light = store.articles_without_raw(&ids).unwrap();
    assert_eq!(light.len(), articles.len());
    for (w, l) in whole.iter().zip(&light) {
        assert!(!w.article.raw_text.is_empty());
        assert!(l.article.raw_text.is_empty());
        let mut w = w.clone();
        w.article.raw_text.clear();
        assert_eq!(&w, l);
    }
}

#[test]
fn a_records_view_answers_as_the_store_did_when_it_was_made() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let articles = news_articles();
    store.commit_batch(news_batch()).unwrap();
    let view = store.view().unwrap();
    for a in &articles {
        assert!(view.contains_id(&a.id).unwrap());
        let key = a.exact_key.unwrap();
        assert_eq!(
            view.find_exact(key).unwrap(),
            store.find_exact(key).unwrap()
        );
        let seen = view.article(&a.id).unwrap().unwrap();
        assert_eq!(Some(&seen), store.article(&a.id).unwrap().as_ref());
        assert_eq!(seen.article.display_text, a.display_text);
    }
    assert!(!view.contains_id("okaz-99").unwrap());
    assert_eq!(view.find_exact(common::xxh("نص لم يخزن")).unwrap(), None);
    assert_eq!(view.article("okaz-99").unwrap(), None);

    // A batch committed after the view was made is not in it; a new view
    // sees it.
    let mut fresh = bulk_article(9, 0);
    fresh.id = "okaz-99".into();
    let key = fresh.exact_key.unwrap();
    store
        .commit_batch(Batch {
            articles: vec![fresh.clone()],
            ..Batch::default()
        })
        .unwrap();
    assert!(store.contains_id("okaz-99").unwrap());
    assert!(!view.contains_id("okaz-99").unwrap());
    drop(view);
    let later = store.view().unwrap();
    assert!(later.contains_id("okaz-99").unwrap());
    assert_eq!(later.find_exact(key).unwrap(), Some("okaz-99".to_string()));
}

#[test]
fn reingest_is_detected_and_a_duplicate_batch_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let articles = news_articles();
    store.commit_batch(news_batch()).unwrap();
    for a in &articles {
        assert!(store.contains_id(&a.id).unwrap());
        let key = a.exact_key.unwrap();
        assert_eq!(store.find_exact(key).unwrap(), Some(a.id.clone()));
    }
    assert!(!store.contains_id("okaz-99").unwrap());
    assert_eq!(store.find_exact(common::xxh("نص لم يخزن")).unwrap(), None);

    // A batch with one new and one stored article is refused whole.
    let mut fresh = bulk_article(9, 0);
    fresh.id = "okaz-99".into();
    let err = store
        .commit_batch(Batch {
            articles: vec![fresh.clone(), articles[2].clone()],
            story_state: Some(StoryState {
                version: 1,
                bytes: vec![1],
            }),
            ..Batch::default()
        })
        .unwrap_err();
    assert!(
        matches!(&err, Error::DuplicateArticle(id) if id == "aawsat-3"),
        "{err}"
    );
    // Twice in one batch, too.
    let err = store
        .commit_batch(Batch {
            articles: vec![fresh.clone(), fresh.clone()],
            ..Batch::default()
        })
        .unwrap_err();
    assert!(
        matches!(&err, Error::DuplicateArticle(id) if id == "okaz-99"),
        "{err}"
    );
    let err = store
        .commit_batch(Batch {
            reassigned: vec![("ghost".into(), "s1".into())],
            ..Batch::default()
        })
        .unwrap_err();
    assert!(
        matches!(&err, Error::UnknownArticle(id) if id == "ghost"),
        "{err}"
    );
    assert!(!store.contains_id("okaz-99").unwrap());
    assert_eq!(store.last_batch().unwrap(), 1);
    assert_eq!(store.story_state().unwrap(), None);
    assert!(hit_ids(&store, "kb9").is_empty());
    // The store still takes a good batch.
    store
        .commit_batch(Batch {
            articles: vec![fresh],
            ..Batch::default()
        })
        .unwrap();
    assert_eq!(store.last_batch().unwrap(), 2);
    assert_eq!(hit_ids(&store, "kb9"), BTreeSet::from(["okaz-99".into()]));
}

#[test]
fn search_finds_spelling_variants() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    store.commit_batch(news_batch()).unwrap();
    // sana-1 writes سورية, hayat-2 سوريا, aawsat-3 السُّورِيَّة (with
    // diacritics and ال); reuters-6 has "Syria's" (another word).
    let syria: BTreeSet<String> = ["sana-1", "hayat-2", "aawsat-3"]
        .into_iter()
        .map(String::from)
        .collect();
    for query in [
        "سوريا",
        "سورية",
        "سوريه",
        "السورية",
        "سُورِيَا",
        "سوريّة",
        "السوريه",
    ] {
        assert_eq!(hit_ids(&store, query), syria, "{query}");
    }
    // With and without ال, with diacritics, alef variants.
    assert_eq!(hit_ids(&store, "الدوري"), hit_ids(&store, "دوري"));
    assert_eq!(hit_ids(&store, "دوري"), BTreeSet::from(["riyadh-4".into()]));
    assert_eq!(
        hit_ids(&store, "اسعار النفط"),
        hit_ids(&store, "أسْعار النّفط")
    );
    assert_eq!(
        hit_ids(&store, "أسعار النفط"),
        BTreeSet::from(["okaz-5".into()])
    );
    // English, stemmed.
    assert_eq!(
        hit_ids(&store, "oil price"),
        BTreeSet::from(["reuters-6".into()])
    );
    // All words must match; a phrase must be a phrase.
    assert_eq!(
        hit_ids(&store, "روسيا اللاجئين"),
        BTreeSet::from(["hayat-2".into()])
    );
    assert!(hit_ids(&store, "\"النفط الهلال\"").is_empty());
    assert_eq!(
        hit_ids(&store, "\"خفض الإنتاج\""),
        BTreeSet::from(["okaz-5".into()])
    );
    // Nothing for words no article has; no panic on odd queries.
    assert!(hit_ids(&store, "البطريق").is_empty());
    for odd in ["", "   ", "\"", "(((", "title:", "في", "AND OR", "-", "*"] {
        let _ = store.search(odd, 10).unwrap();
    }
}

#[test]
fn hits_carry_story_title_and_highlighted_snippet() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    store.commit_batch(news_batch()).unwrap();
    let hits = store.search("سوريا", 10).unwrap();
    let sana = hits.iter().find(|h| h.id == "sana-1").unwrap();
    assert_eq!(sana.story_id, "s-sana-1");
    assert_eq!(sana.title.as_deref(), Some("اتصال هاتفي بين الرئيسين"));
    assert!(
        sana.snippet_html.contains("<b>سورية</b>"),
        "{}",
        sana.snippet_html
    );
    let aawsat = hits.iter().find(|h| h.id == "aawsat-3").unwrap();
    assert!(
        aawsat.snippet_html.contains("<b>السُّورِيَّة</b>"),
        "{}",
        aawsat.snippet_html
    );
    assert!(hits.windows(2).all(|w| w[0].score >= w[1].score));

    // A title-only match shows the start of the text, escaped.
    let hits = store.search("لاجئون", 10).unwrap();
    assert_eq!(hits.len(), 2, "{hits:?}"); // title of aawsat-3, اللاجئين of hayat-2
    assert_eq!(hits[0].id, "aawsat-3", "a title match ranks first");
    assert_eq!(store.search("سوريا", 1).unwrap().len(), 1);
    assert!(store.search("سوريا", 0).unwrap().is_empty());
}

#[test]
fn search_index_catches_up_with_the_records_both_ways() {
    let tmp = tempfile::tempdir().unwrap();
    let main = tmp.path().join("main");
    let after_one = tmp.path().join("after-one");
    {
        let store = Store::open(&main).unwrap();
        store
            .commit_batch(Batch {
                articles: (0..5).map(|i| bulk_article(1, i)).collect(),
                ..Batch::default()
            })
            .unwrap();
    }
    copy_dir(&main, &after_one);
    {
        let store = Store::open(&main).unwrap();
        store
            .commit_batch(Batch {
                articles: (0..4).map(|i| bulk_article(2, i)).collect(),
                ..Batch::default()
            })
            .unwrap();
    }
    // Records at batch 2, index at batch 1: batch 2 is indexed on open.
    let behind = tmp.path().join("index-behind");
    copy_dir(&main, &behind);
    std::fs::remove_dir_all(behind.join(SEARCH_DIR)).unwrap();
    copy_dir(&after_one.join(SEARCH_DIR), &behind.join(SEARCH_DIR));
    // Records at batch 1, index at batch 2: batch 2 is dropped on open.
    let ahead = tmp.path().join("index-ahead");
    copy_dir(&after_one, &ahead);
    std::fs::remove_dir_all(ahead.join(SEARCH_DIR)).unwrap();
    copy_dir(&main.join(SEARCH_DIR), &ahead.join(SEARCH_DIR));
    // No index at all: rebuilt from the records.
    let missing = tmp.path().join("index-missing");
    copy_dir(&main, &missing);
    std::fs::remove_dir_all(missing.join(SEARCH_DIR)).unwrap();

    let count = |dir: &std::path::Path, q: &str| hit_ids(&Store::open(dir).unwrap(), q).len();
    assert_eq!(count(&behind, "kb2"), 4);
    assert_eq!(count(&behind, "kb1"), 5);
    assert_eq!(count(&ahead, "kb2"), 0);
    assert_eq!(count(&ahead, "kb1"), 5);
    assert_eq!(count(&missing, "kb2"), 4);
    // And a store whose index was behind goes on with batch 3.
    let store = Store::open(&ahead).unwrap();
    assert_eq!(
        store
            .commit_batch(Batch {
                articles: (0..3).map(|i| bulk_article(2, i)).collect(),
                ..Batch::default()
            })
            .unwrap(),
        2
    );
    assert_eq!(hit_ids(&store, "kb2").len(), 3);
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn read_only_store_reads_and_refuses_writes() {
    let tmp = tempfile::tempdir().unwrap();
    {
        let store = Store::open(tmp.path()).unwrap();
        store.commit_batch(news_batch()).unwrap();
    }
    let reader = Store::open_read_only(tmp.path()).unwrap();
    assert!(reader.contains_id("sana-1").unwrap());
    assert_eq!(hit_ids(&reader, "النفط"), BTreeSet::from(["okaz-5".into()]));
    assert!(matches!(
        reader.commit_batch(news_batch()),
        Err(Error::ReadOnly)
    ));
}

#[test]
fn readers_see_whole_batches_while_a_writer_commits() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(tmp.path()).unwrap());
    let done = Arc::new(AtomicBool::new(false));
    const BATCHES: u64 = 12;
    const SIZE: usize = 40;
    let readers: Vec<_> = (0..3)
        .map(|_| {
            let store = Arc::clone(&store);
            let done = Arc::clone(&done);
            std::thread::spawn(move || {
                let mut checks = 0u64;
                while !done.load(Ordering::Acquire) {
                    // Records: a committed batch is always whole.
                    let last = store.last_batch().unwrap();
                    for seq in 1..=last {
                        let ids = store.batch_articles(seq).unwrap().unwrap();
                        assert_eq!(ids.len(), SIZE);
                        assert!(store.contains_id(&ids[SIZE - 1]).unwrap());
                    }
                    assert!(store.article_count().unwrap() >= last * SIZE as u64);
                    // Search: a visible batch is whole, hits are stored.
                    let seq = last.max(1);
                    let hits = store.search(&format!("kb{seq}"), 100).unwrap();
                    assert!(hits.is_empty() || hits.len() == SIZE, "{}", hits.len());
                    for hit in &hits {
                        assert_eq!(hit.story_id, format!("story-{seq}"));
                    }
                    checks += 1;
                }
                checks
            })
        })
        .collect();
    for seq in 1..=BATCHES {
        let n = store
            .commit_batch(Batch {
                articles: (0..SIZE).map(|i| bulk_article(seq, i)).collect(),
                ..Batch::default()
            })
            .unwrap();
        assert_eq!(n, seq);
    }
    done.store(true, Ordering::Release);
    for reader in readers {
        assert!(reader.join().unwrap() > 0);
    }
    assert_eq!(store.article_count().unwrap(), BATCHES * SIZE as u64);
    assert_eq!(hit_ids(&store, &format!("kb{BATCHES}")).len(), SIZE);
}

#[test]
fn read_only_store_follows_a_live_writer() {
    let tmp = tempfile::tempdir().unwrap();
    let writer = Store::open(tmp.path()).unwrap();
    writer.commit_batch(news_batch()).unwrap();
    let reader = Store::open_read_only(tmp.path()).unwrap();
    assert!(reader.contains_id("okaz-5").unwrap());
    writer
        .commit_batch(Batch {
            articles: (0..3).map(|i| bulk_article(2, i)).collect(),
            ..Batch::default()
        })
        .unwrap();
    assert_eq!(reader.last_batch().unwrap(), 2);
    assert!(reader.contains_id("b2-2").unwrap());
}

#[test]
fn other_processes_see_batches_once_the_search_index_is_flushed_or_closed() {
    let tmp = tempfile::tempdir().unwrap();
    let writer = Store::open(tmp.path()).unwrap();
    for seq in 1..=3 {
        writer
            .commit_batch(Batch {
                articles: (0..4).map(|i| bulk_article(seq, i)).collect(),
                ..Batch::default()
            })
            .unwrap();
    }
    writer.flush_search().unwrap();
    // A store opened afterwards (as another process would) finds them all.
    let reader = Store::open_read_only(tmp.path()).unwrap();
    for seq in 1..=3 {
        assert_eq!(
            hit_ids(&reader, &format!("kb{seq}")).len(),
            4,
            "batch {seq}"
        );
    }
    drop(reader);
    writer
        .commit_batch(Batch {
            articles: (0..2).map(|i| bulk_article(4, i)).collect(),
            ..Batch::default()
        })
        .unwrap();
    drop(writer);
    let reader = Store::open_read_only(tmp.path()).unwrap();
    assert_eq!(hit_ids(&reader, "kb4").len(), 2);
}

#[test]
fn a_writer_sends_only_its_new_lsh_documents() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let fingerprinter = Fingerprinter::default();
    let mut lsh = LshIndex::new(LshParams::default(), fingerprinter);
    let articles = news_articles();
    let (first, second) = articles.split_at(3);
    for a in first {
        lsh.insert(a.id.clone(), &fingerprinter.fingerprint(&a.display_text));
    }
    store
        .commit_batch(Batch {
            articles: first.to_vec(),
            lsh: Some(lsh.snapshot()),
            ..Batch::default()
        })
        .unwrap();
    for a in second {
        lsh.insert(a.id.clone(), &fingerprinter.fingerprint(&a.display_text));
    }
    let mut new = lsh.snapshot();
    new.documents.drain(..first.len());
    // A gap (or an overlap) is refused whole.
    for wrong in [first.len() as u64 - 1, first.len() as u64 + 1] {
        let err = store
            .commit_batch(Batch {
                articles: second.to_vec(),
                lsh: Some(new.clone()),
                lsh_first: wrong,
                ..Batch::default()
            })
            .unwrap_err();
        assert!(matches!(err, Error::LshGap { stored: 3, first } if first == wrong));
    }
    assert_eq!(store.article_count().unwrap(), first.len() as u64);
    store
        .commit_batch(Batch {
            articles: second.to_vec(),
            lsh: Some(new),
            lsh_first: first.len() as u64,
            ..Batch::default()
        })
        .unwrap();
    assert_eq!(store.lsh_snapshot().unwrap(), Some(lsh.snapshot()));
}

/// A state saved alone goes to its own file and is the one read back; a
/// batch that carries a state replaces it; a damaged file is passed over
/// for the batch's state.
#[test]
fn the_story_state_read_back_is_the_last_one_stored() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let state = |text: &str| StoryState {
        version: 2,
        bytes: text.as_bytes().to_vec(),
    };
    let mut batch = news_batch();
    batch.story_state = Some(state("بعد الدفعة الأولى"));
    store.commit_batch(batch).unwrap();
    store
        .save_story_state(&state("بعد الدفعة الأولى، محفوظة وحدها"))
        .unwrap();
    assert!(tmp.path().join(STATE_FILE).exists());
    assert_eq!(
        store.story_state().unwrap(),
        Some(state("بعد الدفعة الأولى، محفوظة وحدها"))
    );

    // Damaged on disk: the batch's state stands.
    let path = tmp.path().join(STATE_FILE);
    let mut bytes = std::fs::read(&path).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0x01;
    std::fs::write(&path, bytes).unwrap();
    assert_eq!(
        store.story_state().unwrap(),
        Some(state("بعد الدفعة الأولى"))
    );

    store.save_story_state(&state("محفوظة من جديد")).unwrap();
    assert_eq!(store.story_state().unwrap(), Some(state("محفوظة من جديد")));
    let mut batch = Batch {
        articles: vec![NewArticle {
            id: "wam-9".into(),
            display_text: "The central bank raised its main rate.".into(),
            story_id: "s9".into(),
            ..NewArticle::default()
        }],
        ..Batch::default()
    };
    batch.story_state = Some(state("بعد الدفعة الثانية"));
    store.commit_batch(batch).unwrap();
    assert!(!tmp.path().join(STATE_FILE).exists());
    assert_eq!(
        store.story_state().unwrap(),
        Some(state("بعد الدفعة الثانية"))
    );
}

#[test]
fn the_story_state_is_saved_alone_without_a_batch() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    store.commit_batch(news_batch()).unwrap();
    let state = StoryState {
        version: 2,
        bytes: "حالة التجميع بعد الدفعة الأولى".as_bytes().to_vec(),
    };
    store.save_story_state(&state).unwrap();
    assert_eq!(store.last_batch().unwrap(), 1);
    drop(store);
    let store = Store::open_read_only(tmp.path()).unwrap();
    assert_eq!(store.story_state().unwrap(), Some(state.clone()));
    assert!(matches!(
        store.save_story_state(&state),
        Err(Error::ReadOnly)
    ));
}
