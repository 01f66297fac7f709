//! Story clustering and the story view on small news texts written for these
//! tests.

use khabar_story::{Clusterer, Clustering, Config, EntityKind, StoryInput, cluster, describe};
use proptest::prelude::*;

mod common;
use common::at;

const ANBAR_1: &str = "أعلنت القوات العراقية، اليوم الأحد، أنها دخلت جامعة الأنبار في مدينة الرمادي واشتبكت مع مسلحي تنظيم داعش داخل الحرم الجامعي. وقال ضابط في جهاز مكافحة الإرهاب إن القوات تتقدم ببطء بسبب العبوات الناسفة.";
const ANBAR_2: &str = "قالت وزارة الدفاع العراقية إن قوات جهاز مكافحة الإرهاب حررت جامعة الأنبار في الرمادي بالكامل من سيطرة داعش بعد معارك استمرت يومين. وأضافت أن المسلحين فروا من مباني الجامعة.";
const ANBAR_3: &str = "طردت القوات العراقية مسلحي تنظيم الدولة الإسلامية من جامعة الأنبار غرب الرمادي، بحسب بيان لوزارة الدفاع، بعد اشتباكات عنيفة داخل الحرم الجامعي.";
const DIYALA: &str = "قتل ثلاثة عشر جنديا عراقيا في هجوم بسيارة مفخخة نفذه تنظيم داعش على نقطة تفتيش في محافظة ديالى شرق بغداد، وقالت الشرطة إن الهجوم وقع فجر الاثنين قرب بعقوبة.";

/// The article ids of each story, stories in the order given.
fn story_members(result: &Clustering) -> Vec<Vec<&str>> {
    result
        .stories
        .iter()
        .map(|s| s.articles.iter().map(String::as_str).collect())
        .collect()
}

#[test]
fn reports_of_one_event_join_and_another_attack_splits() {
    let articles = [
        StoryInput::new("a1", ANBAR_1)
            .with_title("القوات العراقية تشتبك مع داعش في جامعة الأنبار")
            .with_source("alyaum")
            .with_published(at("2015-07-26T16:52:00+03:00")),
        StoryInput::new("a2", ANBAR_2)
            .with_title("تحرير جامعة الأنبار من سيطرة داعش")
            .with_source("aawsat")
            .with_published(at("2015-07-27T17:14:00+03:00")),
        StoryInput::new("a3", ANBAR_3)
            .with_title("طرد داعش من جامعة الأنبار")
            .with_source("alriyadh")
            .with_published(at("2015-07-27T17:51:00+03:00")),
        StoryInput::new("d1", DIYALA)
            .with_title("مقتل 13 جنديا عراقيا بتفجير في ديالى")
            .with_source("okaz")
            .with_published(at("2015-07-27T18:00:00+03:00")),
    ];
    let result = cluster(&articles);
    let groups = story_members(&result);
    assert_eq!(groups, [vec!["a1", "a2", "a3"], vec!["d1"]]);
    let anbar = &result.stories[0];
    assert_eq!(anbar.view.sources.len(), 3);
    assert_eq!(
        anbar.view.first_published,
        Some(at("2015-07-26T16:52:00+03:00"))
    );
    assert_eq!(
        anbar.view.last_published,
        Some(at("2015-07-27T17:51:00+03:00"))
    );
    // داعش and تنظيم الدولة الإسلامية are one entity, named by all three.
    let isis = anbar.view.entities.iter().find(|e| e.name == "داعش");
    assert_eq!(
        isis.map(|e| (e.kind, e.count)),
        Some((EntityKind::Organization, 3))
    );
}

#[test]
fn same_countries_different_calls_split() {
    let call_1 = "تلقى خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز اتصالا هاتفيا من الرئيس الأمريكي باراك أوباما، بحثا فيه الاتفاق النووي مع إيران والأوضاع في اليمن.";
    let call_2 = "أجرى الرئيس الأمريكي باراك أوباما اتصالا بالملك سلمان تناول الاتفاق النووي الإيراني والوضع في اليمن، وفق ما أعلن البيت الأبيض.";
    let aid = "وصلت إلى ميناء عدن سفينة سعودية محملة بثلاثة آلاف طن من المساعدات الغذائية والطبية المقدمة من مركز الملك سلمان للإغاثة لسكان اليمن.";
    let articles = [
        StoryInput::new("c1", call_1).with_title("الملك سلمان يتلقى اتصالا من أوباما"),
        StoryInput::new("c2", call_2).with_title("أوباما يتصل بالملك سلمان"),
        StoryInput::new("s1", aid).with_title("سفينة مساعدات سعودية تصل عدن"),
    ];
    let result = cluster(&articles);
    assert_eq!(result.stories.len(), 2, "{:?}", result.stories);
    assert_eq!(result.stories[0].articles, ["c1", "c2"]);
}

#[test]
fn repeated_ids_are_skipped_and_reported() {
    let articles = [
        StoryInput::new("x", ANBAR_1),
        StoryInput::new("y", DIYALA),
        StoryInput::new("x", ANBAR_2),
    ];
    let result = cluster(&articles);
    assert_eq!(result.skipped.len(), 1);
    assert_eq!(result.skipped[0].index, 2);
    assert!(
        result.skipped[0].error.contains("\"x\""),
        "{}",
        result.skipped[0].error
    );
    let members: usize = result.stories.iter().map(|s| s.articles.len()).sum();
    assert_eq!(members, 2);

    let mut c = Clusterer::new(Config::default());
    let first = c.add(&articles[0]).map(|a| a.story);
    let repeat = c.add(&articles[2]).map_err(|e| e.story);
    assert_eq!(repeat.err(), first.ok());
    assert_eq!(c.len(), 1);
}

#[test]
fn odd_articles_never_crash() {
    let long = "كلمة ".repeat(50_000);
    let articles = [
        StoryInput::new("empty", ""),
        StoryInput::new("space", "   \n\t "),
        StoryInput::new("short", "عاجل"),
        StoryInput::new("digits", "2015 943 ٢٠١٥"),
        StoryInput::new(
            "en",
            "The Security Council met in New York on Monday to discuss Yemen.",
        )
        .with_title("Security Council meets on Yemen"),
        StoryInput::new(
            "en2",
            "Members of the UN Security Council discussed the war in Yemen on Monday in New York.",
        ),
        StoryInput::new("long", &long),
        StoryInput::new("marks", "«»،؛؟ ـــ ً ٌ ٍ"),
    ];
    let result = cluster(&articles);
    let members: usize = result.stories.iter().map(|s| s.articles.len()).sum();
    assert_eq!(members, articles.len());
    for s in &result.stories {
        assert!(s.view.summary.len() <= 5);
        assert!(s.view.first_published.is_none());
    }
    // The two English reports of one meeting join.
    assert!(
        result.stories.iter().any(|s| s.articles == ["en", "en2"]),
        "{:?}",
        result.stories
    );
}

#[test]
fn headline_is_the_most_central_title() {
    let members = [
        StoryInput::new(
            "1",
            "ضبطت وزارة التجارة 943 ثلاجة مخالفة للمواصفات السعودية في 344 متجرا.",
        )
        .with_title("ضبط 943 ثلاجة مخالفة للمواصفات"),
        StoryInput::new(
            "2",
            "أعلنت وزارة التجارة ضبط 943 ثلاجة مخالفة للمواصفات في 344 محلا.",
        )
        .with_title("التجارة تضبط 943 ثلاجة مخالفة للمواصفات"),
        StoryInput::new(
            "3",
            "ضبطت فرق الرقابة 943 ثلاجة لا تطابق مواصفات كفاءة الطاقة.",
        )
        .with_title("حملة رقابية"),
    ];
    let refs: Vec<&StoryInput> = members.iter().collect();
    let view = describe(&refs);
    // Either fridge title, never the vague one that shares no words.
    assert!(view.headline.contains("943 ثلاجة"), "{}", view.headline);
}

#[test]
fn without_titles_the_headline_is_a_central_sentence() {
    let members = [
        StoryInput::new(
            "1",
            "أعلنت اللجنة العامة للانتخابات البلدية اكتمال الاستعدادات للمرحلة الأولى. وتبدأ المرحلة في أغسطس.",
        ),
        StoryInput::new(
            "2",
            "قال رئيس اللجنة إن الطقس حار. وأعلنت اللجنة العامة للانتخابات البلدية اكتمال الاستعدادات لانطلاق المرحلة الأولى.",
        ),
    ];
    let refs: Vec<&StoryInput> = members.iter().collect();
    let view = describe(&refs);
    assert!(
        view.headline.contains("اكتمال الاستعدادات"),
        "{}",
        view.headline
    );
}

#[test]
fn summary_prefers_what_several_sources_say_without_repeating() {
    let shared = "وضبطت الفرق الرقابية التابعة لوزارة التجارة 943 ثلاجة مخالفة للمواصفات في 344 متجرا بمختلف مناطق المملكة";
    let t1 = format!(
        "{shared}. وقال مسؤول إن الحملة مستمرة حتى نهاية العام في كل المدن. ويحب الكاتب القهوة العربية في الصباح الباكر كل يوم."
    );
    let t2 = format!(
        "{shared}. وقال مسؤول إن الحملة مستمرة حتى نهاية العام في جميع المدن. وزار الوفد متحفا للفنون الحديثة في المساء."
    );
    let t3 = format!(
        "{shared} وفق بيان الوزارة. وأكد مسؤول أن الحملة مستمرة حتى نهاية العام في كل المدن."
    );
    let members = [
        StoryInput::new("1", &t1)
            .with_source("okaz")
            .with_title("ضبط 943 ثلاجة"),
        StoryInput::new("2", &t2)
            .with_source("sabq")
            .with_title("ضبط 943 ثلاجة مخالفة"),
        StoryInput::new("3", &t3)
            .with_source("alyaum")
            .with_title("التجارة تضبط ثلاجات"),
    ];
    let refs: Vec<&StoryInput> = members.iter().collect();
    let view = describe(&refs);
    assert!((2..=5).contains(&view.summary.len()), "{:?}", view.summary);
    assert!(
        view.summary.iter().any(|s| s.contains("943 ثلاجة")),
        "{:?}",
        view.summary
    );
    assert!(
        view.summary.iter().any(|s| s.contains("الحملة مستمرة")),
        "{:?}",
        view.summary
    );
    // Said by one source only: not in the summary.
    assert!(
        !view
            .summary
            .iter()
            .any(|s| s.contains("القهوة") || s.contains("متحفا")),
        "{:?}",
        view.summary
    );
    // The shared sentence appears once, not once per source.
    assert_eq!(view.summary.iter().filter(|s| s.contains("943")).count(), 1);
    assert_eq!(view.sources.len(), 3);
}

/// A daily market report in one outlet's template, with the day's figures.
fn market_report(day: u32, points: u32, billions: u32, index: u32) -> String {
    format!(
        "أغلق مؤشر سوق الأسهم السعودية الرئيسي جلسة اليوم منخفضا {points} نقطة ليقفل عند مستوى {index} نقطة، بتداولات بلغت قيمتها {billions} مليارات ريال. وشهدت الجلسة رقم {day} من الشهر تراجع أسهم قطاع البتروكيماويات والمصارف، فيما ارتفعت أسهم قطاع التجزئة."
    )
}

#[test]
fn daily_reports_do_not_chain_into_one_story() {
    let texts: Vec<String> = (0..8)
        .map(|d| market_report(20 + d, 40 + 7 * d, 5 + d % 3, 9100 - 37 * d))
        .collect();
    let ids: Vec<String> = (0..8).map(|d| format!("m{d}")).collect();
    let articles: Vec<StoryInput> = (0..8)
        .map(|d| {
            StoryInput::new(&ids[d], &texts[d])
                .with_title("مؤشر سوق الأسهم السعودية يتراجع")
                .with_source("alyaum")
                .with_published(at(&format!("2015-07-{:02}T16:00:00+03:00", 20 + d)))
        })
        .collect();
    let result = cluster(&articles);
    assert!(result.stories.len() >= 2, "{:?}", result.stories);
    for s in &result.stories {
        let (Some(first), Some(last)) = (s.view.first_published, s.view.last_published) else {
            continue;
        };
        let days = (last - first).num_hours() as f32 / 24.0;
        assert!(days <= 4.0, "a story spans {days} days: {:?}", s.articles);
    }
}

#[test]
fn near_empty_items_do_not_join_on_their_title() {
    let articles = [
        StoryInput::new("k1", "").with_title("كاريكاتير"),
        StoryInput::new("k2", " ").with_title("كاريكاتير"),
        StoryInput::new("k3", "").with_title("كاريكاتير"),
    ];
    let result = cluster(&articles);
    assert_eq!(result.stories.len(), 3, "{:?}", result.stories);
    // With the guard off, the same titles join: the guard is what keeps
    // them apart.
    let mut c = Clusterer::new(Config {
        min_content_words: 0,
        ..Config::default()
    });
    for a in &articles {
        let _ = c.add(a);
    }
    assert!(c.story_count() < 3, "{} stories", c.story_count());
}

#[test]
fn a_follow_up_joins_the_member_it_resembles() {
    // A story of two reports; the follow-up repeats the second one's
    // figures and wording more than the story's average.
    let first = "أعلنت وزارة التجارة والصناعة أنها بدأت حملة تفتيش على متاجر الأجهزة الكهربائية في الرياض للتحقق من مطابقة الثلاجات لمواصفات كفاءة الطاقة.";
    let second = "ضبطت وزارة التجارة والصناعة 943 ثلاجة مخالفة للمواصفات السعودية في 344 متجرا خلال حملة التفتيش، وأحالت المخالفين إلى لجان العقوبات.";
    let follow = "أحالت التجارة أصحاب 344 متجرا ضبطت فيها 943 ثلاجة مخالفة إلى لجان العقوبات، بحسب بيان الوزارة.";
    let other = "افتتح أمير منطقة الرياض مهرجان الصيف في حديقة الملك عبدالله بحضور آلاف الزوار، وتضمن الحفل عروضا شعبية ومسرحيات للأطفال.";
    let articles = [
        StoryInput::new("t1", first)
            .with_title("التجارة تبدأ حملة على متاجر الأجهزة")
            .with_published(at("2015-07-26T10:00:00+03:00")),
        StoryInput::new("t2", second)
            .with_title("ضبط 943 ثلاجة مخالفة للمواصفات")
            .with_published(at("2015-07-26T18:00:00+03:00")),
        StoryInput::new("o1", other)
            .with_title("أمير الرياض يفتتح مهرجان الصيف")
            .with_published(at("2015-07-26T19:00:00+03:00")),
        StoryInput::new("t3", follow)
            .with_title("إحالة 344 متجرا إلى لجان العقوبات")
            .with_published(at("2015-07-27T09:00:00+03:00")),
    ];
    let result = cluster(&articles);
    let with_t3 = result
        .stories
        .iter()
        .find(|s| s.articles.iter().any(|a| a == "t3"));
    assert!(
        with_t3.is_some_and(|s| s.articles.iter().any(|a| a == "t2")),
        "{:?}",
        result.stories
    );
    assert!(!with_t3.is_some_and(|s| s.articles.iter().any(|a| a == "o1")));
}

proptest! {
    #[test]
    fn any_text_clusters_without_panic(texts in proptest::collection::vec("\\PC{0,80}", 1..6), titles in proptest::collection::vec(proptest::option::of("\\PC{0,20}"), 6)) {
        let ids: Vec<String> = (0..texts.len()).map(|i| format!("{}", i % 3)).collect();
        let articles: Vec<StoryInput> = texts
            .iter()
            .zip(&ids)
            .zip(&titles)
            .map(|((t, id), title)| StoryInput { id, title: title.as_deref(), text: t, source: None, published: None })
            .collect();
        let result = cluster(&articles);
        let members: usize = result.stories.iter().map(|s| s.articles.len()).sum();
        prop_assert_eq!(members + result.skipped.len(), articles.len());
    }
}

const FRIDGES_1: &str = "ضبطت الفرق الرقابية التابعة لوزارة التجارة والصناعة 943 ثلاجة مخالفة للمواصفات القياسية السعودية في 344 متجرا بمناطق المملكة، وأحالت المخالفين إلى الجهات المختصة لتطبيق العقوبات بحقهم.";
const FRIDGES_2: &str = "أعلنت وزارة التجارة والصناعة ضبط وحجز 943 ثلاجة غير مطابقة للمواصفات السعودية لكفاءة الطاقة خلال جولات تفتيشية على المتاجر، وقالت إن العقوبات تصل إلى غرامة مالية وإغلاق المحل.";
const FRIDGES_DEADLINE: &str = "أكدت الهيئة السعودية للمواصفات أن برنامج استبدال بطاقات كفاءة الطاقة القديمة للثلاجات والمجمدات مستمر إلى نهاية الشهر، وبعدها تبدأ الفرق الرقابية التابعة لوزارة التجارة والصناعة جولات تفتيشية على المتاجر لضبط الثلاجات المخالفة للمواصفات.";

#[test]
fn a_number_in_the_title_tells_two_events_of_one_topic_apart() {
    // A deadline announced, then a seizure reported by two papers: one
    // ministry, one product, two events. The seizure's titles give 943;
    // the deadline story never mentions it.
    let articles = [
        StoryInput::new("deadline", FRIDGES_DEADLINE)
            .with_title("استبدال بطاقات كفاءة الطاقة للثلاجات حتى نهاية الشهر")
            .with_published(at("2015-07-26T16:45:00+03:00")),
        StoryInput::new("seized1", FRIDGES_1)
            .with_title("التجارة تضبط 943 ثلاجة مخالفة للمواصفات")
            .with_published(at("2015-07-26T16:46:00+03:00")),
        StoryInput::new("seized2", FRIDGES_2)
            .with_title("ضبط وحجز 943 ثلاجة مخالفة للمواصفات السعودية")
            .with_published(at("2015-07-26T17:13:00+03:00")),
    ];
    let groups = |config: Config| -> Vec<Vec<String>> {
        let mut c = Clusterer::new(config);
        let mut groups: Vec<Vec<String>> = Vec::new();
        for a in &articles {
            let story = c.add(a).map(|x| x.story.0 as usize).unwrap_or(usize::MAX);
            if groups.len() <= story {
                groups.resize(story + 1, Vec::new());
            }
            if let Some(g) = groups.get_mut(story) {
                g.push(a.id.to_string());
            }
        }
        groups
    };
    assert_eq!(
        groups(Config::default()),
        [vec!["deadline"], vec!["seized1", "seized2"]]
    );
    // Without the title's number, the topic would carry the seizure into
    // the deadline's story.
    let blind = Config {
        title_number_factor: 1.0,
        ..Config::default()
    };
    assert_eq!(groups(blind), [vec!["deadline", "seized1", "seized2"]]);
}

const TABUK_1: &str = "باشرت اللجنة الوزارية التي وجه بتشكيلها وزير التعليم عزام الدخيل التحقيق في ملف قبول ابنة المعلمة رحمة الحويطي التي توفيت في حرم جامعة تبوك متأثرة بعدم قبول ابنتها المتفوقة في كلية الطب.";
const TABUK_2: &str = "بدأت لجنة وزارية شكلها وزير التعليم عزام الدخيل التحقيق في ملابسات إدخال رغبات طالبة جامعة تبوك التي لم تقبل في كلية الطب، بعد وفاة والدتها المعلمة رحمة الحويطي في مبنى الجامعة.";
const TABUK_COLUMN: &str = "اكتظت مواقع التواصل الاجتماعي بتغريدات عن ملف قبول طالبة جامعة تبوك التي توفيت والدتها المعلمة رحمة الحويطي لعدم قبول ابنتها في كلية الطب، وتدخل وزير التعليم عزام الدخيل بتشكيل لجنة وزارية للتحقيق. والإنصاف أن نسأل لماذا لا تراجع الجامعات رغبات طلابها قبل أن تقع الكارثة.";

#[test]
fn an_opinion_column_on_an_event_is_its_own_story() {
    let articles = [
        StoryInput::new("r1", TABUK_1)
            .with_title("لجنة وزارية تحقق في ملف طالبة تبوك")
            .with_published(at("2015-07-26T16:46:00+03:00")),
        StoryInput::new("r2", TABUK_2)
            .with_title("لجنة وزارية لكشف ملابسات رغبات طالبة جامعة تبوك")
            .with_published(at("2015-07-26T17:22:00+03:00")),
        StoryInput::new("column", TABUK_COLUMN)
            .with_title("الإنصاف")
            .with_published(at("2015-07-27T18:49:00+03:00")),
    ];
    let result = cluster(&articles);
    let groups = story_members(&result);
    assert_eq!(groups, [vec!["r1", "r2"], vec!["column"]]);
    // The same text under a news title joins.
    let mut reported = articles;
    reported[2] = reported[2].with_title("مغردون يطالبون بمراجعة رغبات طالبة جامعة تبوك");
    assert_eq!(cluster(&reported).stories.len(), 1);
}

/// The stories of `articles` added one by one to a clusterer with
/// `config`, as lists of ids in order of creation.
fn stories_with(config: Config, articles: &[StoryInput]) -> Vec<Vec<String>> {
    stories_of(Clusterer::new(config), articles)
}

/// The stories of `articles` added one by one to `c`.
fn stories_of(mut c: Clusterer, articles: &[StoryInput]) -> Vec<Vec<String>> {
    let mut groups: Vec<Vec<String>> = Vec::new();
    for a in articles {
        let story = c.add(a).map(|x| x.story.0 as usize).unwrap_or(usize::MAX);
        if groups.len() <= story {
            groups.resize(story + 1, Vec::new());
        }
        if let Some(g) = groups.get_mut(story) {
            g.push(a.id.to_string());
        }
    }
    groups
}

/// [`stories_with`] with the IDF first warmed with all of `articles` (as
/// batch mode does): in a stream of a few articles, the IDF of each step
/// is too immature to show how a story grows.
fn warmed_stories_with(config: Config, articles: &[StoryInput]) -> Vec<Vec<String>> {
    let mut c = Clusterer::new(config);
    for a in articles {
        c.observe(a);
    }
    stories_of(c, articles)
}

const AUDIENCE_US_1: &str = "استقبل خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز في قصر السلام بجدة مساء اليوم وزير الدفاع الأمريكي آشتون كارتر والوفد المرافق له، وجرى خلال الاستقبال استعراض العلاقات الثنائية بين البلدين ومجالات التعاون العسكري، إضافة إلى بحث مستجدات الأوضاع في المنطقة.";
const AUDIENCE_US_2: &str = "بحث خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز مع وزير الدفاع الأمريكي آشتون كارتر في جدة مجالات التعاون العسكري بين المملكة والولايات المتحدة ومستجدات الأوضاع في المنطقة، وذلك خلال استقباله كارتر والوفد المرافق له في قصر السلام.";
const AUDIENCE_EGYPT: &str = "استقبل خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز في قصر السلام بجدة مساء اليوم وزير الخارجية المصري سامح شكري، وجرى خلال الاستقبال استعراض العلاقات الأخوية بين البلدين الشقيقين ومجالات التعاون، إضافة إلى بحث مستجدات الأوضاع في المنطقة.";

#[test]
fn two_audiences_of_one_king_with_other_visitors_split() {
    // The same king, palace and wording, a day apart: the visitor's
    // country in the title is what tells the occasions apart. The
    // second report of the first audience joins it.
    let articles = [
        StoryInput::new("us1", AUDIENCE_US_1)
            .with_title("خادم الحرمين يستقبل وزير الدفاع الأمريكي")
            .with_published(at("2015-07-22T17:31:00+03:00")),
        StoryInput::new("us2", AUDIENCE_US_2)
            .with_title("خادم الحرمين يبحث مع وزير الدفاع الأمريكي التعاون العسكري")
            .with_published(at("2015-07-23T17:26:00+03:00")),
        StoryInput::new("egypt", AUDIENCE_EGYPT)
            .with_title("خادم الحرمين يستقبل وزير الخارجية المصري")
            .with_published(at("2015-07-23T19:23:00+03:00")),
    ];
    assert_eq!(
        stories_with(Config::default(), &articles),
        [vec!["us1", "us2"], vec!["egypt"]]
    );
    let blind = Config {
        title_place_factor: 1.0,
        ..Config::default()
    };
    assert_eq!(
        stories_with(blind, &articles),
        [vec!["us1", "us2", "egypt"]]
    );
}

const FLIGHT_1A: &str = "هبطت في مطار عدن الدولي اليوم أول طائرة إغاثة سعودية محملة بالمواد الغذائية والطبية، مقدمة من مركز الملك سلمان للإغاثة والأعمال الإنسانية، وذلك بعد إعادة تشغيل المطار إثر تحرير المدينة.";
const FLIGHT_1B: &str = "وصلت إلى مطار عدن الدولي أول طائرة سعودية تحمل مساعدات إغاثية من مركز الملك سلمان للإغاثة والأعمال الإنسانية، تضم مواد غذائية وطبية للشعب اليمني في عدن.";
const FLIGHT_2A: &str = "وصلت إلى مطار عدن صباح اليوم طائرة الشحن العسكرية السعودية الثانية وعلى متنها عشرة أطنان من الأرز والطحين والتمور، تنفيذا لأمر ولي ولي العهد وزير الدفاع بتأمين طائرات شحن لنقل المساعدات، وتسلمتها السلطة المحلية في المحافظة.";
const FLIGHT_2B: &str = "هبطت طائرة الشحن العسكرية السعودية الثانية في مطار عدن محملة بعشرة أطنان من الأرز والطحين والتمور، بأمر من ولي ولي العهد وزير الدفاع، وكان في استقبالها محافظ عدن وعدد من المسؤولين.";

#[test]
fn successive_relief_flights_are_successive_stories() {
    // One operation, one place, the same wording: the ordinal of the
    // title counts the occasions (the first flight, the second).
    let articles = [
        StoryInput::new("first1", FLIGHT_1A)
            .with_title("أول طائرة إغاثية سعودية تهبط في مطار عدن")
            .with_published(at("2015-07-23T17:27:00+03:00")),
        StoryInput::new("first2", FLIGHT_1B)
            .with_title("وصول أول طائرة إغاثة سعودية إلى مطار عدن")
            .with_published(at("2015-07-23T19:25:00+03:00")),
        StoryInput::new("second1", FLIGHT_2A)
            .with_title("وصول الطائرة الإغاثية السعودية الثانية إلى مطار عدن")
            .with_published(at("2015-07-24T06:32:00+03:00")),
        StoryInput::new("second2", FLIGHT_2B)
            .with_title("ثاني طائرة إغاثة سعودية تحط في مطار عدن")
            .with_published(at("2015-07-24T07:34:00+03:00")),
    ];
    assert_eq!(
        stories_with(Config::default(), &articles),
        [vec!["first1", "first2"], vec!["second1", "second2"]]
    );
    let blind = Config {
        title_ordinal_factor: 1.0,
        ..Config::default()
    };
    assert_eq!(stories_with(blind, &articles).len(), 1);
}

#[test]
fn a_commentary_that_asks_is_its_own_story() {
    let articles = [
        StoryInput::new("r1", TABUK_1)
            .with_title("لجنة وزارية تحقق في ملف طالبة تبوك")
            .with_published(at("2015-07-26T16:46:00+03:00")),
        StoryInput::new("r2", TABUK_2)
            .with_title("لجنة وزارية لكشف ملابسات رغبات طالبة جامعة تبوك")
            .with_published(at("2015-07-26T17:22:00+03:00")),
        StoryInput::new("column", TABUK_COLUMN)
            .with_title("ومن يحاسب الجامعات على أخطائها؟")
            .with_published(at("2015-07-27T18:49:00+03:00")),
    ];
    assert_eq!(
        stories_with(Config::default(), &articles),
        [vec!["r1", "r2"], vec!["column"]]
    );
    // The title's question is what keeps it apart: without the column
    // rule it joins.
    let blind = Config {
        column_factor: 1.0,
        ..Config::default()
    };
    assert_eq!(stories_with(blind, &articles).len(), 1);
}

const EMIR_RECEIVES_1: &str = "استقبل أمير منطقة عسير الأمير فيصل بن خالد بن عبدالعزيز في مكتبه بالإمارة في أبها اليوم وكيل إمارة منطقة الرياض، ونقل إليه تحيات أمير منطقة الرياض، وجرى خلال اللقاء بحث أوجه التعاون بين الإمارتين في الشؤون الإدارية.";
const EMIR_RECEIVES_2: &str = "التقى أمير منطقة عسير الأمير فيصل بن خالد بن عبدالعزيز في أبها وكيل إمارة منطقة الرياض الذي نقل إليه تحيات أمير منطقة الرياض، وبحثا التعاون بين الإمارتين في الشؤون الإدارية وتبادل الخبرات.";
const EMIR_RECEIVES_3: &str = "بحث أمير منطقة عسير الأمير فيصل بن خالد بن عبدالعزيز مع وكيل إمارة منطقة الرياض خلال استقباله في أبها التعاون بين الإمارتين في الشؤون الإدارية، ونقل الوكيل تحيات أمير منطقة الرياض.";
const EMIR_RECEIVES_SECURITY: &str = "استقبل أمير منطقة عسير الأمير فيصل بن خالد بن عبدالعزيز في مكتبه بالإمارة في أبها اليوم مساعد مدير الأمن العام، وجرى خلال اللقاء بحث الاستعدادات الأمنية في المنطقة ورفع جاهزية قوات الطوارئ الخاصة وحماية المساجد والمنشآت.";
const EMIR_VISITS_WOUNDED: &str = "زار أمير منطقة عسير الأمير فيصل بن خالد بن عبدالعزيز مساء اليوم المصابين من منسوبي قوات الطوارئ الخاصة في مستشفى عسير المركزي، بعد التفجير الانتحاري الذي استهدف مسجد قوات الطوارئ الخاصة، يرافقه مساعد مدير الأمن العام، واطلع على الاستعدادات الأمنية في المنطقة ورفع جاهزية قوات الطوارئ الخاصة وحماية المساجد والمنشآت.";

#[test]
fn a_story_is_its_first_reports_not_where_it_drifted() {
    // A reception, then the emir's next meeting on security, then his
    // visit to the wounded of a bombing. Each is close to the one before;
    // the visit has little of the reception the story began with.
    let articles = [
        StoryInput::new("r1", EMIR_RECEIVES_1)
            .with_title("أمير عسير يستقبل وكيل إمارة منطقة الرياض")
            .with_published(at("2015-08-06T01:07:00+03:00")),
        StoryInput::new("r2", EMIR_RECEIVES_2)
            .with_title("أمير عسير يلتقي وكيل إمارة منطقة الرياض")
            .with_published(at("2015-08-06T01:15:00+03:00")),
        StoryInput::new("r3", EMIR_RECEIVES_3)
            .with_title("أمير عسير يبحث مع وكيل إمارة الرياض التعاون الإداري")
            .with_published(at("2015-08-06T02:10:00+03:00")),
        StoryInput::new("security", EMIR_RECEIVES_SECURITY)
            .with_title("أمير عسير يستقبل مساعد مدير الأمن العام")
            .with_published(at("2015-08-06T08:19:00+03:00")),
        StoryInput::new("wounded", EMIR_VISITS_WOUNDED)
            .with_title("أمير عسير يزور مصابي تفجير مسجد قوات الطوارئ")
            .with_published(at("2015-08-06T19:10:00+03:00")),
    ];
    let stories = warmed_stories_with(Config::default(), &articles);
    assert!(
        !stories
            .iter()
            .any(|s| s.contains(&"r1".to_string()) && s.contains(&"wounded".to_string())),
        "{stories:?}"
    );
    let blind = Config {
        core_threshold: 0.0,
        ..Config::default()
    };
    let stories = warmed_stories_with(blind, &articles);
    assert!(
        stories
            .iter()
            .any(|s| s.contains(&"r1".to_string()) && s.contains(&"wounded".to_string())),
        "{stories:?}"
    );
}

#[test]
fn online_members_are_weighed_with_the_idf_of_the_stream_not_of_its_start() {
    // The first article of a stream is weighted with the IDF of one
    // document (every word weighs the same). Once the stream has grown,
    // its story must be compared as if it had been weighted with the IDF
    // of the whole stream: the follow-up gets the similarity it gets in
    // batch mode, where the IDF is warmed with all the articles first.
    let markets: Vec<String> = (1..=5)
        .map(|d| market_report(d, 40 + d * 7, 5 + d, 8200 + d * 31))
        .collect();
    let mut articles = vec![
        StoryInput::new("x", ANBAR_1)
            .with_title("القوات العراقية تشتبك مع داعش في جامعة الأنبار")
            .with_published(at("2015-07-26T16:52:00+03:00")),
        StoryInput::new("f1", FRIDGES_1)
            .with_title("ضبط 943 ثلاجة مخالفة")
            .with_published(at("2015-07-26T17:00:00+03:00")),
        StoryInput::new("f2", FRIDGES_DEADLINE)
            .with_title("بطاقات كفاءة الطاقة للثلاجات")
            .with_published(at("2015-07-26T17:10:00+03:00")),
        StoryInput::new("d", DIYALA)
            .with_title("مقتل 13 جنديا عراقيا بتفجير في ديالى")
            .with_published(at("2015-07-26T17:20:00+03:00")),
    ];
    for (i, m) in markets.iter().enumerate() {
        let id = ["m1", "m2", "m3", "m4", "m5"]
            .get(i)
            .copied()
            .unwrap_or("m");
        articles.push(
            StoryInput::new(id, m)
                .with_title("الأسهم السعودية تغلق على ارتفاع")
                .with_published(at("2015-07-26T18:00:00+03:00")),
        );
    }
    articles.push(
        StoryInput::new("y", ANBAR_3)
            .with_title("طرد داعش من جامعة الأنبار")
            .with_published(at("2015-07-27T17:51:00+03:00")),
    );

    let mut online = Clusterer::default();
    let online_y = online.add_all(&articles).pop();
    let mut batch = Clusterer::default();
    for a in &articles {
        batch.observe(a);
    }
    let batch_y = batch.add_all(&articles).pop();
    let (Some(Ok(online_y)), Some(Ok(batch_y))) = (online_y, batch_y) else {
        panic!("the follow-up was not added");
    };
    // The follow-up joins the first article's story, which had no other
    // member (so its centroid is the first article's in both modes).
    assert_eq!(online.groups().first(), Some(&vec![0, 9]));
    assert_eq!(batch.groups().first(), Some(&vec![0, 9]));
    assert!(
        (online_y.similarity - batch_y.similarity).abs() < 1e-4,
        "online {} batch {}",
        online_y.similarity,
        batch_y.similarity
    );
}

const FLOOD_AR_1: &str = "لقي 14 شخصا حتفهم وأصيب 63 آخرون في فيضانات اجتاحت ولاية ريزه شمال شرقي تركيا، اليوم الاثنين، بحسب ما أعلنت إدارة الكوارث والطوارئ التركية. وقالت الإدارة إن فرق الهلال الأحمر أجلت 820 شخصا من القرى المنكوبة، فيما لا يزال ستة أشخاص في عداد المفقودين.";
const FLOOD_AR_2: &str = "ارتفعت حصيلة الفيضانات في شمال شرق تركيا إلى 14 قتيلا و63 جريحا، وأعلنت السلطات في أنقرة أن 820 شخصا أجلوا من منازلهم بعد أن جرفت السيول الطرق والجسور. وأرسل الهلال الأحمر التركي خياما ومساعدات غذائية إلى المتضررين.";
const FLOOD_EN: &str = "Floods in Turkey's northeastern Rize province killed 14 people and injured 63 on Monday, the country's disaster agency said. Red Crescent teams evacuated 820 people from villages cut off by the water, and officials in Ankara said six people were still missing after torrents swept away roads and bridges.";
const TRADE_EN: &str = "Turkey and Iran signed a trade agreement in Ankara on Monday that aims to raise commerce between the two neighbours to 30 billion dollars a year by 2020. The Turkish economy minister said 17 memorandums covering energy, customs and banking were also signed during the visit.";

#[test]
fn a_report_in_another_language_joins_on_names_and_numbers() {
    let day = |h: u32| at(&format!("2015-07-27T{h:02}:00:00+03:00"));
    let articles = [
        StoryInput::new("ar1", FLOOD_AR_1)
            .with_title("مقتل 14 شخصا في فيضانات شمال شرقي تركيا")
            .with_source("alyaum")
            .with_published(day(10)),
        StoryInput::new("ar2", FLOOD_AR_2)
            .with_title("ارتفاع حصيلة فيضانات تركيا إلى 14 قتيلا")
            .with_source("aawsat")
            .with_published(day(12)),
        StoryInput::new("en1", FLOOD_EN)
            .with_title("Floods kill 14 in northeastern Turkey")
            .with_source("Gulf Dispatch")
            .with_published(day(13)),
        // The same country and day, another event: names alone are the
        // topic, not the event.
        StoryInput::new("en2", TRADE_EN)
            .with_title("Turkey and Iran sign trade deal")
            .with_source("Gulf Dispatch")
            .with_published(day(14)),
    ];
    let result = cluster(&articles);
    let groups = story_members(&result);
    assert_eq!(groups, [vec!["ar1", "ar2", "en1"], vec!["en2"]]);
    // The story view counts the English outlet among the sources.
    assert_eq!(result.stories[0].view.sources.len(), 3);
}
