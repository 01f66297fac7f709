//! The per-article reading of the story view: describing a story from kept
//! readings ([`describe_readings`]) gives exactly [`describe`], whether the
//! readings come from [`read_article`] or from [`Clusterer::add_all_read`]
//! (under any lead settings). Checked on news texts written here and, when
//! the shared data is present, on the real texts of the arabic-stories dev
//! set.

use khabar_story::{
    ArticleReading, Clusterer, Config, StoryInput, cluster, describe, describe_readings,
    publication_order, read_article,
};

mod common;
use common::at;

fn written() -> Vec<StoryInput<'static>> {
    vec![
        StoryInput::new(
            "a1",
            "أعلنت القوات العراقية، اليوم الأحد، أنها دخلت جامعة الأنبار في مدينة الرمادي واشتبكت مع مسلحي تنظيم داعش داخل الحرم الجامعي. وقال ضابط في جهاز مكافحة الإرهاب إن القوات تتقدم ببطء بسبب العبوات الناسفة.",
        )
        .with_title("القوات العراقية تشتبك مع داعش في جامعة الأنبار")
        .with_source("alyaum")
        .with_published(at("2015-07-26T16:52:00+03:00")),
        StoryInput::new(
            "a2",
            "قالت وزارة الدفاع العراقية إن قوات جهاز مكافحة الإرهاب حررت جامعة الأنبار في الرمادي بالكامل من سيطرة داعش بعد معارك استمرت يومين. وأضافت أن المسلحين فروا من مباني الجامعة.",
        )
        .with_title("تحرير جامعة الأنبار من سيطرة داعش")
        .with_source("aawsat")
        .with_published(at("2015-07-27T17:14:00+03:00")),
        StoryInput::new(
            "e1",
            "Saudi Aramco said on Monday it signed a $2 billion contract with Halliburton to drill 40 new wells in the Eastern Province. The company said drilling starts in October.",
        )
        .with_title("Aramco signs drilling contract with Halliburton")
        .with_source("arabnews")
        .with_published(at("2015-07-27T09:00:00+03:00")),
        // No title: the headline comes from a sentence.
        StoryInput::new(
            "a3",
            "طردت القوات العراقية مسلحي تنظيم الدولة الإسلامية من جامعة الأنبار غرب الرمادي، بحسب بيان لوزارة الدفاع، بعد اشتباكات عنيفة داخل الحرم الجامعي.",
        )
        .with_source("alriyadh")
        .with_published(at("2015-07-27T17:51:00+03:00")),
    ]
}

/// Checks, for every story `cluster` finds in `articles`, that its view is
/// `describe` of its members and `describe_readings` of their readings made
/// by `read_article` and by `add_all_read` under `config`; returns the
/// number of multi-article stories checked.
fn check_views(articles: &[StoryInput], config: Config) -> usize {
    let order = publication_order(articles);
    let ordered: Vec<StoryInput> = order.iter().map(|&i| articles[i]).collect();
    let mut clusterer = Clusterer::new(config.clone());
    let added = clusterer.add_all_read(&ordered);
    // add_all_read gives add_all's results.
    let mut plain = Clusterer::new(config);
    let results: Vec<_> = added.iter().map(|(r, _)| r.clone()).collect();
    assert_eq!(results, plain.add_all(&ordered));
    // Position in `articles` -> reading from the clusterer.
    let mut from_clusterer: Vec<Option<&ArticleReading>> = vec![None; articles.len()];
    for (&i, (_, reading)) in order.iter().zip(&added) {
        from_clusterer[i] = Some(reading);
    }
    let mut multi = 0;
    for story in cluster(articles).stories {
        let members: Vec<&StoryInput> = story.indices.iter().map(|&i| &articles[i]).collect();
        let own: Vec<ArticleReading> = members.iter().map(|a| read_article(a)).collect();
        let own_refs: Vec<&ArticleReading> = own.iter().collect();
        let kept: Vec<&ArticleReading> = story
            .indices
            .iter()
            .filter_map(|&i| from_clusterer[i])
            .collect();
        assert_eq!(kept.len(), members.len());
        let view = describe(&members);
        assert_eq!(story.view, view, "story {}", story.id);
        assert_eq!(describe_readings(&members, &own_refs), view);
        assert_eq!(describe_readings(&members, &kept), view);
        if members.len() > 1 {
            multi += 1;
        }
    }
    multi
}

#[test]
fn kept_readings_describe_written_stories_exactly() {
    let articles = written();
    assert!(check_views(&articles, Config::default()) >= 1);
    // The reading does not depend on how words are weighed by position.
    let config = Config {
        lead_words: 5,
        body_weight: 0.9,
        ..Config::default()
    };
    check_views(&articles, config);
}

#[test]
fn readings_can_be_kept_and_shared_across_threads() {
    fn shareable<T: Clone + Send + Sync + std::fmt::Debug + 'static>(_: &T) {}
    let articles = written();
    let reading = read_article(&articles[0]);
    shareable(&reading);
    let view = std::thread::scope(|s| {
        s.spawn(|| describe_readings(&[&articles[0]], &[&reading]))
            .join()
            .ok()
    });
    assert_eq!(view, Some(describe(&[&articles[0]])));
}

#[test]
fn readings_of_other_articles_give_another_view() {
    let articles = written();
    let members = [&articles[0], &articles[1]];
    let swapped = [read_article(&articles[2]), read_article(&articles[3])];
    let refs: Vec<&ArticleReading> = swapped.iter().collect();
    assert_ne!(describe_readings(&members, &refs), describe(&members));
}

#[test]
fn kept_readings_describe_dev_set_stories_exactly() {
    let Some(dev) = common::dev_set() else {
        return;
    };
    let articles: Vec<StoryInput> = dev.iter().map(common::DevArticle::input).collect();
    assert!(check_views(&articles, Config::default()) >= 20);
}
