//! The persistent clusterer: adding a stream batch by batch, with the state
//! saved and loaded between batches, gives exactly what adding it at once
//! gives; damaged states are errors. Runs on news texts written for these
//! tests and, when the shared data is present, on the arabic-stories dev set.

use chrono::{DateTime, FixedOffset};
use khabar_story::{
    Assignment, Clusterer, Config, RepeatedId, STATE_VERSION, StateError, StoryInput,
    publication_order,
};
use proptest::prelude::*;

mod common;

fn at(s: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(s).ok()
}

/// (id, title, text, published): three events over four days, a repeated
/// id, an article without a date and one in English.
const FIXTURE: [(&str, &str, &str, &str); 11] = [
    (
        "anbar-1",
        "القوات العراقية تشتبك مع داعش في جامعة الأنبار",
        "أعلنت القوات العراقية، اليوم الأحد، أنها دخلت جامعة الأنبار في مدينة الرمادي واشتبكت مع مسلحي تنظيم داعش داخل الحرم الجامعي. وقال ضابط في جهاز مكافحة الإرهاب إن القوات تتقدم ببطء بسبب العبوات الناسفة.",
        "2015-07-26T16:52:00+03:00",
    ),
    (
        "fridges-1",
        "التجارة تضبط 943 ثلاجة مخالفة",
        "ضبطت وزارة التجارة والصناعة 943 ثلاجة مخالفة للمواصفات القياسية السعودية في 344 متجرا بمدينة الرياض، وأحالت المخالفين إلى لجان النظر في المخالفات.",
        "2015-07-26T18:10:00+03:00",
    ),
    (
        "anbar-2",
        "تحرير جامعة الأنبار من سيطرة داعش",
        "قالت وزارة الدفاع العراقية إن قوات جهاز مكافحة الإرهاب حررت جامعة الأنبار في الرمادي بالكامل من سيطرة داعش بعد معارك استمرت يومين. وأضافت أن المسلحين فروا من مباني الجامعة.",
        "2015-07-27T17:14:00+03:00",
    ),
    (
        "fridges-2",
        "ضبط 943 ثلاجة مخالفة للمواصفات",
        "أعلنت وزارة التجارة ضبط 943 ثلاجة مخالفة للمواصفات في 344 متجرا بالرياض وجدة، مؤكدة أن جولات المراقبة على محلات الأجهزة الكهربائية مستمرة طوال الصيف.",
        "2015-07-27T09:30:00+03:00",
    ),
    (
        "match-1",
        "الشباب يتعادل مع إكسيلسور",
        "تعادل نادي الشباب مع فريق إكسيلسور الهولندي بهدف لمثله في مباراة ودية أقيمت ضمن معسكره الإعدادي في هولندا استعدادا للموسم الجديد من دوري عبد اللطيف جميل.",
        "2015-07-27T21:00:00+03:00",
    ),
    (
        "anbar-3",
        "طرد داعش من جامعة الأنبار",
        "طردت القوات العراقية مسلحي تنظيم الدولة الإسلامية من جامعة الأنبار غرب الرمادي، بحسب بيان لوزارة الدفاع، بعد اشتباكات عنيفة داخل الحرم الجامعي.",
        "2015-07-27T17:51:00+03:00",
    ),
    (
        "anbar-2",
        "تحرير جامعة الأنبار من سيطرة داعش",
        "نص مكرر بالمعرف نفسه يجب أن يتخطاه المجمع ويبلغ عنه.",
        "2015-07-27T17:20:00+03:00",
    ),
    (
        "match-2",
        "الشباب يواصل معسكره في هولندا",
        "واصل فريق الشباب تدريباته في معسكره الإعدادي في هولندا بعد تعادله الودي مع إكسيلسور الهولندي، ويلعب مباراته الودية المقبلة يوم الخميس أمام فريق ألماني.",
        "",
    ),
    (
        "quake-en",
        "Strong earthquake shakes northern Chile",
        "A magnitude 6.9 earthquake struck off the coast of northern Chile on Monday, the US Geological Survey said, shaking buildings in Antofagasta and Iquique. No damage or injuries were reported.",
        "2015-07-28T04:15:00+03:00",
    ),
    (
        "quake-en-2",
        "Chile earthquake: no tsunami threat",
        "Chilean authorities said the magnitude 6.9 earthquake near Antofagasta posed no tsunami threat, after the US Geological Survey placed its center at sea west of the city. Schools in Iquique reopened.",
        "2015-07-28T07:40:00+03:00",
    ),
    (
        "fridges-3",
        "التجارة: لا تهاون مع مخالفي مواصفات الثلاجات",
        "قال متحدث باسم وزارة التجارة إن الوزارة لن تتهاون مع المتاجر التي تبيع ثلاجات مخالفة، بعد ضبط 943 ثلاجة في 344 متجرا بالرياض الأسبوع الجاري.",
        "2015-07-30T10:00:00+03:00",
    ),
];

fn fixture() -> Vec<StoryInput<'static>> {
    let articles: Vec<StoryInput> = FIXTURE
        .iter()
        .map(|&(id, title, text, published)| StoryInput {
            id,
            title: Some(title),
            text,
            source: None,
            published: at(published),
        })
        .collect();
    let order = publication_order(&articles);
    order.into_iter().map(|i| articles[i]).collect()
}

type Results = Vec<Result<Assignment, RepeatedId>>;

/// Adds `articles` in batches cut at `cuts`, saving and loading the state
/// between batches.
fn add_in_batches(articles: &[StoryInput], cuts: &[usize]) -> (Results, Clusterer) {
    let mut clusterer = Clusterer::new(Config::default());
    let mut results = Vec::new();
    let mut start = 0;
    for &end in cuts.iter().chain([&articles.len()]) {
        results.extend(clusterer.add_all(&articles[start..end]));
        let bytes = clusterer.to_bytes();
        clusterer = match Clusterer::from_bytes(&bytes) {
            Ok(c) => c,
            Err(e) => panic!("a state just saved must load: {e}"),
        };
        start = end;
    }
    (results, clusterer)
}

/// Batches with a round trip, one `add_all`, and `add` one by one all agree
/// exactly, on assignments (similarities included) and on groups. (`add_all`
/// adds on a thread of rayon's pool, where each article's candidate stories
/// are scored in parallel; `add` from the test's thread scores them one
/// after the other.)
fn check_batches_match(articles: &[StoryInput]) {
    let n = articles.len();
    let (batched, reloaded) = add_in_batches(articles, &[n / 3, 2 * n / 3]);

    let mut whole = Clusterer::new(Config::default());
    let at_once = whole.add_all(articles);

    let mut single = Clusterer::new(Config::default());
    let one_by_one: Results = articles.iter().map(|a| single.add(a)).collect();

    assert_eq!(at_once, one_by_one, "add_all is add on each in turn");
    assert_eq!(batched, at_once, "saved and loaded between batches");
    assert_eq!(reloaded.groups(), whole.groups());
    assert_eq!(reloaded.len(), whole.len());
    assert_eq!(reloaded.live_count(), whole.live_count());
}

#[test]
fn fixture_in_batches_with_saved_state_matches_one_pass() {
    let articles = fixture();
    check_batches_match(&articles);

    let mut c = Clusterer::new(Config::default());
    let results = c.add_all(&articles);
    // The repeat is reported and skipped; the rest form the three events
    // (and the English quake reports), whatever the batch boundaries.
    let repeats: Vec<&RepeatedId> = results.iter().filter_map(|r| r.as_ref().err()).collect();
    assert_eq!(repeats.len(), 1);
    assert_eq!(repeats[0].id, "anbar-2");
    assert_eq!(c.len(), FIXTURE.len() - 1);
    let story_of = |id: &str| {
        articles
            .iter()
            .zip(&results)
            .find(|(a, r)| a.id == id && r.is_ok())
            .and_then(|(_, r)| r.as_ref().ok())
            .map(|a| a.story)
    };
    assert_eq!(story_of("anbar-1"), story_of("anbar-3"));
    assert_eq!(story_of("fridges-1"), story_of("fridges-2"));
    assert_eq!(story_of("quake-en"), story_of("quake-en-2"));
    assert_ne!(story_of("anbar-1"), story_of("fridges-1"));
    assert_ne!(story_of("match-1"), story_of("fridges-1"));
}

#[test]
fn a_loaded_state_still_reports_repeats() {
    let articles = fixture();
    let mut c = Clusterer::new(Config::default());
    let first = c.add_all(&articles[..4]);
    let Ok(mut loaded) = Clusterer::from_bytes(&c.to_bytes()) else {
        panic!("a state just saved must load");
    };
    let again = loaded.add(&articles[0]);
    let story = first[0].as_ref().ok().map(|a| a.story);
    assert_eq!(again.map_err(|e| Some(e.story)), Err(story));
}

#[test]
fn dev_set_in_batches_with_saved_state_matches_one_pass() {
    let Some(dev) = common::dev_set() else {
        return;
    };
    let articles: Vec<StoryInput> = dev.iter().map(common::DevArticle::input).collect();
    let ordered: Vec<StoryInput> = publication_order(&articles)
        .into_iter()
        .map(|i| articles[i])
        .collect();
    check_batches_match(&ordered);
}

fn saved_state() -> Vec<u8> {
    let mut c = Clusterer::new(Config::default());
    c.add_all(&fixture());
    c.to_bytes()
}

#[test]
fn cut_garbage_and_newer_states_are_errors() {
    let bytes = saved_state();
    assert!(Clusterer::from_bytes(&bytes).is_ok());
    assert_eq!(Clusterer::from_bytes(&[]).err(), Some(StateError::NotState));
    assert_eq!(
        Clusterer::from_bytes(b"{\"stories\": []}").err(),
        Some(StateError::NotState)
    );
    for cut in [9, 12, 13, 20, bytes.len() / 2, bytes.len() - 1] {
        assert!(
            Clusterer::from_bytes(&bytes[..cut]).is_err(),
            "cut at {cut} of {}",
            bytes.len()
        );
    }
    let mut newer = bytes.clone();
    newer[8..12].copy_from_slice(&(STATE_VERSION + 1).to_le_bytes());
    assert_eq!(
        Clusterer::from_bytes(&newer).err(),
        Some(StateError::Version {
            found: STATE_VERSION + 1
        })
    );
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(matches!(
        Clusterer::from_bytes(&longer),
        Err(StateError::Damaged(_))
    ));
    let mut garbage = bytes[..12].to_vec();
    garbage.extend((0..4000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    assert!(Clusterer::from_bytes(&garbage).is_err());
}

proptest! {
    #[test]
    fn any_bytes_load_without_panic(tail in proptest::collection::vec(any::<u8>(), 0..512)) {
        let mut bytes = saved_state()[..12].to_vec();
        bytes.extend(tail);
        let _ = Clusterer::from_bytes(&bytes);
    }

    #[test]
    fn a_damaged_state_is_an_error_or_still_clusters(at in any::<prop::sample::Index>(), flip in 1u8..) {
        let mut bytes = saved_state();
        let i = at.index(bytes.len());
        bytes[i] ^= flip;
        if let Ok(mut c) = Clusterer::from_bytes(&bytes) {
            // A damage the checks cannot see must not make adding panic.
            let results = c.add_all(&fixture());
            prop_assert_eq!(results.len(), FIXTURE.len());
        }
    }
}
