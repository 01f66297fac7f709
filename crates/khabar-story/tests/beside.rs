//! [`cluster_beside`]: the work run beside clustering gets the stories
//! closed while articles are still being added, each exactly as the result
//! lists it, and clustering gives what [`cluster_with`] gives. Checked on
//! the real texts of the arabic-stories dev set when the shared data is
//! present, and on news texts written here.

use khabar_story::{Config, StoryInput, cluster, cluster_beside, cluster_with};

mod common;
use common::at;

/// Every story `closed` hands out while adding, in order.
fn closed_while_adding(articles: &[StoryInput], config: Config) -> (Vec<Vec<usize>>, bool) {
    let (result, closed) = cluster_beside(articles, config.clone(), |closed| {
        let mut all = Vec::new();
        while let Some(story) = closed.next() {
            all.push(story);
        }
        all
    });
    let same = result == cluster_with(articles, config);
    for story in &closed {
        assert!(
            result.stories.iter().any(|s| &s.indices == story),
            "closed story {story:?} is not a story of the result"
        );
    }
    (closed, same)
}

#[test]
fn stories_closed_while_adding_are_final_on_the_dev_set() {
    let Some(dev) = common::dev_set() else {
        return;
    };
    let articles: Vec<StoryInput> = dev.iter().map(common::DevArticle::input).collect();
    // Stories close after 40 quiet articles, so many close before the end.
    let config = Config {
        close_after_articles: 40,
        ..Config::default()
    };
    let (closed, same) = closed_while_adding(&articles, config);
    assert!(same, "clustering beside other work changed the stories");
    assert!(closed.len() >= 10, "only {} stories closed", closed.len());
    let mut seen: Vec<usize> = closed.iter().flatten().copied().collect();
    let n = seen.len();
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(seen.len(), n, "an article in two closed stories");
}

#[test]
fn nothing_closes_in_a_short_batch_and_the_value_comes_back() {
    let articles = [
        StoryInput::new(
            "a1",
            "ضبطت وزارة التجارة 943 ثلاجة مخالفة للمواصفات السعودية في 344 متجرا بمدينة الرياض.",
        )
        .with_title("التجارة تضبط 943 ثلاجة مخالفة")
        .with_published(at("2015-07-26T10:00:00+03:00")),
        StoryInput::new(
            "a2",
            "أعلنت وزارة التجارة ضبط 943 ثلاجة مخالفة للمواصفات في 344 متجرا بالرياض وجدة.",
        )
        .with_title("ضبط 943 ثلاجة مخالفة للمواصفات")
        .with_published(at("2015-07-26T12:00:00+03:00")),
        StoryInput::new(
            "b1",
            "تعادل نادي الشباب مع إكسيلسور الهولندي في مباراة ودية ضمن معسكره في هولندا.",
        )
        .with_title("الشباب يتعادل مع إكسيلسور")
        .with_published(at("2015-08-20T21:00:00+03:00")),
    ];
    let (closed, same) = closed_while_adding(&articles, Config::default());
    assert!(same);
    // Stories are checked for closing every 64 articles: none in three.
    assert!(closed.is_empty());
    let (result, value) = cluster_beside(&articles, Config::default(), |_| "beside");
    assert_eq!(value, "beside");
    assert_eq!(result, cluster(&articles));
    assert_eq!(result.stories[0].articles, ["a1", "a2"]);
}
