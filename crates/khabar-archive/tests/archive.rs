//! The archive on real articles: the bundled sample (examples/articles) and,
//! when `../shared` is beside the repository, the labelled Arabic dev set.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use khabar_archive::{Archive, Status, StoryDocument, Tally};
use khabar_ingest::{Article, ReadOptions};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(input: &Path) -> Vec<Article> {
    let inputs = [input.to_string_lossy().into_owned()];
    khabar_ingest::read_inputs(&inputs, &ReadOptions::default())
        .filter_map(Result::ok)
        .collect()
}

/// The articles in the order one batch would add them (publication order),
/// so that any split into consecutive batches comes in the same order.
fn in_publication_order(articles: Vec<Article>) -> Vec<Article> {
    let inputs: Vec<khabar_story::StoryInput> = articles
        .iter()
        .map(|a| khabar_story::StoryInput {
            id: &a.id,
            title: a.title.as_deref(),
            text: &a.text,
            source: a.source.as_deref(),
            published: a.published,
        })
        .collect();
    let order = khabar_story::publication_order(&inputs);
    let mut slots: Vec<Option<Article>> = articles.into_iter().map(Some).collect();
    order.iter().filter_map(|&i| slots[i].take()).collect()
}

/// Story id -> its whole document (members, view, duplicates, reuse), as
/// the archive holds it.
fn stories(archive: &Archive) -> BTreeMap<String, StoryDocument> {
    archive
        .stories(None)
        .unwrap()
        .into_iter()
        .map(|d| (d.story.id.clone(), d))
        .collect()
}

/// Ingests `articles` in batches of `size`, closing and reopening the
/// archive between batches (as separate `khabar ingest` runs would).
fn ingest_in_batches(
    dir: &Path,
    articles: &[Article],
    size: usize,
) -> BTreeMap<String, StoryDocument> {
    for chunk in articles.chunks(size) {
        let archive = Archive::open(dir).unwrap();
        let report = archive.ingest(chunk.to_vec()).unwrap();
        assert_eq!(report.outcomes.len(), chunk.len());
    }
    stories(&Archive::open_read_only(dir).unwrap())
}

#[test]
fn sample_in_batches_equals_one_batch() {
    let articles = in_publication_order(read(&repo().join("examples/articles")));
    assert!(articles.len() >= 20, "the sample has 20 articles");
    let one = tempfile::tempdir().unwrap();
    let whole = ingest_in_batches(one.path(), &articles, articles.len());
    assert!(
        whole
            .values()
            .any(|doc| doc.story.articles.len() >= 3 && !doc.reuse.is_empty()),
        "the Putin–Obama call is reported by several outlets: {whole:?}"
    );
    for size in [1, 3, 7] {
        let many = tempfile::tempdir().unwrap();
        assert_eq!(
            ingest_in_batches(many.path(), &articles, size),
            whole,
            "batches of {size}"
        );
    }
}

#[test]
fn dev_set_in_batches_equals_one_batch() {
    let dev = repo().join("../shared/data/arabic-stories/dev.jsonl");
    if !dev.exists() {
        eprintln!("skipped: {} not found", dev.display());
        return;
    }
    let articles = in_publication_order(read(&dev));
    assert!(articles.len() > 200);
    let one = tempfile::tempdir().unwrap();
    let whole = ingest_in_batches(one.path(), &articles, articles.len());
    let many = tempfile::tempdir().unwrap();
    let batched = ingest_in_batches(many.path(), &articles, 60);
    assert_eq!(batched, whole);
    let multi = whole
        .values()
        .filter(|d| d.story.articles.len() > 1)
        .count();
    assert!(
        multi > 30,
        "the dev set has many multi-article stories: {multi}"
    );
}

fn article(id: &str, source: &str, text: &str) -> Article {
    Article {
        id: id.into(),
        source: Some(source.into()),
        title: Some("زلزال بقوة 5.4 درجات يضرب جنوب إيران".into()),
        published: chrono::DateTime::parse_from_rfc3339("2015-06-11T10:00:00+03:00").ok(),
        text: text.into(),
        ..Article::default()
    }
}

const QUAKE: &str = "ضرب زلزال بقوة 5.4 درجات على مقياس ريختر محافظة بوشهر جنوب إيران صباح اليوم، \
    وقالت هيئة المسح الجيولوجي إن مركزه كان على عمق عشرة كيلومترات، ولم ترد أنباء عن أضرار \
    في المحطة النووية القريبة من المدينة.";

#[test]
fn reingest_is_a_no_op_and_reprints_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let archive = Archive::open(dir.path()).unwrap();
    let first = archive
        .ingest(vec![article("irna-1", "إرنا", QUAKE)])
        .unwrap();
    assert_eq!(first.tally().added, 1);
    let Status::Added { story, .. } = &first.outcomes[0].status else {
        panic!("added: {:?}", first.outcomes[0]);
    };

    let again = archive
        .ingest(vec![
            // The same id again.
            article("irna-1", "إرنا", QUAKE),
            // The same outlet, the same text under a new id, spelled with
            // other hamzas and an extra space.
            article(
                "irna-1b",
                "إرنا",
                &QUAKE.replace("إيران", "ايران").replace("، ", " ،  "),
            ),
            // Another outlet reprinting the wire.
            article("reuters-1", "رويترز", QUAKE),
            // Nothing left once the boilerplate goes.
            article("empty-1", "رويترز", "تعليقات ()"),
        ])
        .unwrap();
    assert_eq!(
        again.tally(),
        Tally {
            added: 1,
            new_stories: 0,
            unchanged: 2,
            rejected: 1
        }
    );
    let status: Vec<&Status> = again.outcomes.iter().map(|o| &o.status).collect();
    assert_repeats_of_irna_1(&status, story);
    match status[2] {
        Status::Added {
            story: s,
            duplicates,
            new_story,
        } => {
            assert_eq!(s, story, "the reprint joins the story");
            assert!(!new_story);
            assert_eq!(duplicates, &["irna-1".to_string()]);
        }
        other => panic!("reprint: {other:?}"),
    }
    assert!(matches!(status[3], Status::Rejected { .. }));
    assert_eq!(archive.store().article_count().unwrap(), 2);

    let doc = archive.story(story).unwrap().unwrap();
    assert_eq!(doc.story.articles, ["irna-1", "reuters-1"]);
    assert_eq!(doc.duplicates, [["irna-1", "reuters-1"]]);
    assert_eq!(doc.story.view.sources.len(), 2);
}

#[test]
fn readers_see_whole_batches_while_the_writer_is_open() {
    let dir = tempfile::tempdir().unwrap();
    let writer = Archive::open(dir.path()).unwrap();
    writer
        .ingest(vec![article("irna-1", "إرنا", QUAKE)])
        .unwrap();
    let reader = Archive::open_read_only(dir.path()).unwrap();
    assert_eq!(reader.stories(None).unwrap().len(), 1);
    assert!(reader.ingest(vec![article("x", "y", QUAKE)]).is_err());
    assert!(reader.article("irna-1").unwrap().is_some());
    // A second writer is refused, not silently shared.
    assert!(Archive::open(dir.path()).is_err());
}

#[test]
fn reuse_passages_read_back_with_their_text_at_their_offsets() {
    let dir = tempfile::tempdir().unwrap();
    let archive = Archive::open(dir.path()).unwrap();
    archive
        .ingest(read(&repo().join("examples/articles")))
        .unwrap();
    let mut passages = 0;
    for doc in archive.stories(None).unwrap() {
        for pair in &doc.reuse {
            let a = archive
                .article(&pair.a)
                .unwrap()
                .unwrap()
                .article
                .display_text;
            for p in &pair.passages {
                let expected: String = a
                    .chars()
                    .skip(p.a_start)
                    .take(p.a_end - p.a_start)
                    .collect();
                assert!(!p.text.is_empty());
                assert_eq!(p.text, expected, "{} {}..{}", pair.a, p.a_start, p.a_end);
                passages += 1;
            }
        }
    }
    assert!(
        passages >= 3,
        "the sample reuses wire text: {passages} passages"
    );
}

fn copy_dir(from: &Path, to: &Path) {
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

/// The batch number the saved story state reflects (its first 8 bytes); 0
/// when none was saved.
fn saved_state_batch(archive: &Archive) -> u64 {
    archive.store().story_state().unwrap().map_or(0, |state| {
        u64::from_le_bytes(state.bytes[..8].try_into().unwrap())
    })
}

/// Ingests `articles` in batches of `size` into `writer` and into
/// `resumed` (an archive opened on a copy of the writer's directory, at
/// `copy`): each batch has the same outcomes in both, and both end with the
/// same stories. Then closes `resumed`: closing saves the state of its last
/// batch, so the next open has nothing to replay.
fn go_on_alike_then_close(
    writer: &Archive,
    resumed: Archive,
    copy: &Path,
    articles: &[Article],
    size: usize,
) {
    for chunk in articles.chunks(size) {
        let a = writer.ingest(chunk.to_vec()).unwrap();
        let b = resumed.ingest(chunk.to_vec()).unwrap();
        assert_eq!(a.outcomes, b.outcomes);
    }
    assert_eq!(stories(&resumed), stories(writer));
    drop(resumed);
    let reopened = Archive::open_read_only(copy).unwrap();
    assert_eq!(
        saved_state_batch(&reopened),
        reopened.store().last_batch().unwrap()
    );
}

#[test]
fn a_copy_taken_while_the_writer_runs_replays_to_the_same_stories() {
    let articles = in_publication_order(read(&repo().join("examples/articles")));
    let (early, late) = articles.split_at(articles.len() / 2);
    let dir = tempfile::tempdir().unwrap();
    let writer = Archive::open(dir.path()).unwrap();
    for chunk in early.chunks(3) {
        writer.ingest(chunk.to_vec()).unwrap();
    }
    // The state is saved now and then, not with every batch: the copy
    // (as a kill would leave the directory) has batches after it.
    writer.store().flush_search().unwrap();
    let copy = tempfile::tempdir().unwrap();
    copy_dir(dir.path(), copy.path());
    let resumed = Archive::open(copy.path()).unwrap();
    assert!(saved_state_batch(&resumed) < resumed.store().last_batch().unwrap());
    assert_eq!(stories(&resumed), stories(&writer));

    // Both go on alike: the replayed state is the state the batches left.
    go_on_alike_then_close(&writer, resumed, copy.path(), late, 3);
}

/// With a save due after every batch, each runs on the archive's saving
/// thread while the writer goes on; a copy of the directory (as a kill
/// would leave it) opens from the last save that landed, replays the
/// batches after it, and goes on as the writer does.
#[test]
fn a_state_saved_in_the_background_is_what_the_next_open_starts_from() {
    let articles = in_publication_order(read(&repo().join("examples/articles")));
    let (early, late) = articles.split_at(articles.len() / 2);
    let (next, rest) = late.split_at(3);
    let dir = tempfile::tempdir().unwrap();
    let writer = Archive::open(dir.path()).unwrap();
    writer.save_state_every(1, Duration::ZERO);
    for chunk in early.chunks(2) {
        writer.ingest(chunk.to_vec()).unwrap();
    }
    writer.wait_for_state_save().unwrap();
    let saved = saved_state_batch(&writer);
    assert!(saved > 0, "a state was saved while the writer ran");
    assert!(saved <= writer.store().last_batch().unwrap());

    // A batch after the last save (saves off): the copy has it to replay.
    writer.save_state_every(usize::MAX, Duration::MAX);
    writer.ingest(next.to_vec()).unwrap();
    writer.store().flush_search().unwrap();
    let copy = tempfile::tempdir().unwrap();
    copy_dir(dir.path(), copy.path());
    let resumed = Archive::open(copy.path()).unwrap();
    assert_eq!(saved_state_batch(&resumed), saved);
    assert!(saved < resumed.store().last_batch().unwrap());
    assert_eq!(stories(&resumed), stories(&writer));

    // Both go on alike, saving in the background again (closing waits for
    // a save under way).
    writer.save_state_every(1, Duration::ZERO);
    resumed.save_state_every(1, Duration::ZERO);
    go_on_alike_then_close(&writer, resumed, copy.path(), rest, 2);
}

/// The saved state is an optimization: a state file damaged on disk (one
/// byte flipped) is passed over, and opening replays every batch to the
/// same stories.
#[test]
fn a_damaged_state_file_replays_to_the_same_stories() {
    let articles = in_publication_order(read(&repo().join("examples/articles")));
    let dir = tempfile::tempdir().unwrap();
    let writer = Archive::open(dir.path()).unwrap();
    for chunk in articles.chunks(4) {
        writer.ingest(chunk.to_vec()).unwrap();
    }
    let before = stories(&writer);
    let last = writer.store().last_batch().unwrap();
    // Closing saves the state to its file.
    drop(writer);
    let path = dir.path().join(khabar_store::STATE_FILE);
    let mut bytes = std::fs::read(&path).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    std::fs::write(&path, bytes).unwrap();

    let reopened = Archive::open(dir.path()).unwrap();
    assert_eq!(
        saved_state_batch(&reopened),
        0,
        "the damaged file is passed over"
    );
    assert_eq!(reopened.store().last_batch().unwrap(), last);
    assert_eq!(stories(&reopened), before);
    // Closing saves a good state again.
    drop(reopened);
    let again = Archive::open_read_only(dir.path()).unwrap();
    assert_eq!(saved_state_batch(&again), last);
    assert_eq!(stories(&again), before);
}

#[test]
fn a_batch_prepared_before_the_previous_one_is_ingested_sees_it() {
    let dir = tempfile::tempdir().unwrap();
    let archive = Archive::open(dir.path()).unwrap();
    let first = archive.prepare(vec![article("irna-1", "إرنا", QUAKE)]);
    // Prepared (cleaned and fingerprinted) while the first batch waits.
    let second = archive.prepare(vec![
        article("irna-1", "إرنا", QUAKE),
        article("irna-1b", "إرنا", &QUAKE.replace("إيران", "ايران")),
        article("reuters-1", "رويترز", QUAKE),
    ]);
    assert_eq!(second.len(), 3);
    let one = archive.ingest_prepared(first).unwrap();
    let Status::Added { story, .. } = &one.outcomes[0].status else {
        panic!("added: {:?}", one.outcomes[0]);
    };
    let two = archive.ingest_prepared(second).unwrap();
    let status: Vec<&Status> = two.outcomes.iter().map(|o| &o.status).collect();
    // Re-ingest checks run when the batch is ingested, not prepared.
    assert_repeats_of_irna_1(&status, story);
    assert!(
        matches!(status[2], Status::Added { story: s, duplicates, .. }
            if s == story && duplicates == &["irna-1".to_string()])
    );
    assert_eq!(archive.store().article_count().unwrap(), 2);
}

/// The first two outcomes of a re-ingest of `irna-1`: the same id again
/// (already stored), then its text from the same outlet under another id
/// (same text); both in `story`.
fn assert_repeats_of_irna_1(status: &[&Status], story: &str) {
    assert_eq!(
        status.first().copied(),
        Some(&Status::AlreadyStored {
            story: story.to_string()
        })
    );
    assert_eq!(
        status.get(1).copied(),
        Some(&Status::SameText {
            of: "irna-1".into(),
            story: story.to_string()
        })
    );
}

/// A server's mode: ingests build no document, a reader builds the pending
/// ones for itself (stories with a stored document that grew, whose
/// stored reuse pairs stand, among them), a copy taken before any refresh
/// (as a kill would leave the directory) reads the same, and refreshing
/// stores exactly what the reads showed.
#[test]
fn deferred_documents_read_the_same_before_and_after_they_are_built() {
    let articles = in_publication_order(read(&repo().join("examples/articles")));
    let whole = tempfile::tempdir().unwrap();
    let expected = ingest_in_batches(whole.path(), &articles, articles.len());

    let dir = tempfile::tempdir().unwrap();
    let writer = Archive::open(dir.path()).unwrap();
    let (built, deferred) = articles.split_at(articles.len() / 2);
    for chunk in built.chunks(2) {
        writer.ingest(chunk.to_vec()).unwrap();
    }
    writer.refresh().unwrap();
    let stored_pairs = writer.stories(None).unwrap();
    writer.defer_documents(true);
    for chunk in deferred.chunks(2) {
        writer.ingest(chunk.to_vec()).unwrap();
    }
    // Some story with reuse pairs stored grew while deferred.
    assert!(
        stored_pairs.iter().any(|d| {
            !d.reuse.is_empty() && writer.store().pending_story(&d.story.id).unwrap().is_some()
        }),
        "no pending story has stored pairs"
    );
    let pending = writer.store().pending_count().unwrap();
    assert!(pending > 0, "nothing was built while deferred");
    assert_eq!(stories(&writer), expected);
    // Read-only readers build pending stories too, one at a time as well.
    let reader = Archive::open_read_only(dir.path()).unwrap();
    assert_eq!(stories(&reader), expected);
    for (id, doc) in &expected {
        assert_eq!(reader.story(id).unwrap().as_ref(), Some(doc), "{id}");
    }

    writer.store().flush_search().unwrap();
    let copy = tempfile::tempdir().unwrap();
    copy_dir(dir.path(), copy.path());
    let resumed = Archive::open(copy.path()).unwrap();
    assert_eq!(resumed.store().pending_count().unwrap(), pending);
    assert_eq!(stories(&resumed), expected);

    assert_eq!(writer.refresh().unwrap() as u64, pending);
    assert_eq!(writer.store().pending_count().unwrap(), 0);
    assert_eq!(stories(&writer), expected);
    drop(resumed);
    // Closing builds what was pending.
    let reopened = Archive::open_read_only(copy.path()).unwrap();
    assert_eq!(reopened.store().pending_count().unwrap(), 0);
    assert_eq!(stories(&reopened), expected);
}

/// Short notices (too few content words to join any story, so each starts
/// its own), no two alike: `n` of them, one story each.
fn notices(n: usize) -> Vec<Article> {
    let places = [
        "الرياض",
        "جدة",
        "الدمام",
        "مكة",
        "المدينة",
        "تبوك",
        "أبها",
        "حائل",
        "جازان",
        "نجران",
        "الطائف",
        "بريدة",
        "الخبر",
        "ينبع",
        "عرعر",
        "سكاكا",
        "الباحة",
        "القطيف",
        "الجبيل",
        "القصيم",
    ];
    let matters = [
        "أمطار",
        "غبار",
        "رياح",
        "حريق",
        "ازدحام",
        "صيانة",
        "انقطاع",
        "افتتاح",
        "معرض",
        "مزاد",
        "ندوة",
        "سباق",
        "حملة",
        "مهرجان",
        "تحويلة",
        "إغلاق",
        "تطعيم",
        "قافلة",
        "مسابقة",
        "دورة",
    ];
    (0..n)
        .map(|i| {
            let place = places[i % places.len()];
            let matter = matters[(i / places.len()) % matters.len()];
            let day = 1 + i % 28;
            Article {
                id: format!("notice-{i}"),
                source: Some("spa".into()),
                published: chrono::DateTime::parse_from_rfc3339(&format!(
                    "2015-07-{day:02}T10:00:00+03:00"
                ))
                .ok(),
                text: format!("{matter} في {place} يوم {i}"),
                ..Article::default()
            }
        })
        .collect()
}

#[test]
fn refreshing_many_stories_stores_what_reads_built() {
    let dir = tempfile::tempdir().unwrap();
    let mut archive = Archive::open(dir.path()).unwrap();
    archive.defer_documents(true);
    // Several commits' worth of stories (a refresh commits a few hundred
    // at a time, the next built while one commits).
    let report = archive.ingest(notices(700)).unwrap();
    assert_eq!(report.tally().added, 700, "{:?}", report.outcomes.first());
    let pending = archive.store().pending_count().unwrap();
    assert!(pending > 600, "{pending} stories pending");
    // Built on read while pending…
    let built = stories(&archive);
    assert_eq!(built.len() as u64, pending);
    // …then stored.
    archive.defer_documents(false);
    assert_eq!(archive.refresh().unwrap() as u64, pending);
    assert_eq!(archive.store().pending_count().unwrap(), 0);
    assert_eq!(stories(&archive), built);
    assert!(archive.compact().is_ok());
    drop(archive);
    assert_eq!(
        stories(&Archive::open_read_only(dir.path()).unwrap()),
        built
    );
}
