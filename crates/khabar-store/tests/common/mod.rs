//! Articles for the tests, written for them: short news items in Arabic and
//! English, with the spelling variants real outlets use.

#![allow(dead_code)] // Each test file uses a different part of this module.

use khabar_store::NewArticle;

/// `(id, title, text)` of hand-written news items.
pub const NEWS: &[(&str, &str, &str)] = &[
    (
        "sana-1",
        "اتصال هاتفي بين الرئيسين",
        "بحث الرئيس السوري في اتصال هاتفي مع نظيره الروسي الأوضاع في سورية، وأكّد الجانبان \
         أهمية الحل السياسي للأزمة. وأضاف البيان أن الاتصال تناول التعاون الاقتصادي.",
    ),
    (
        "hayat-2",
        "موسكو ودمشق تبحثان الحل السياسي",
        "قالت مصادر دبلوماسية إن روسيا وسوريا اتفقتا على مواصلة التنسيق بشأن المفاوضات، \
         وإن وزير الخارجية سيزور موسكو الأسبوع المقبل لبحث ملف اللاجئين.",
    ),
    (
        "aawsat-3",
        "لاجئون سوريون في الأردن",
        "تستضيف المملكة الأردنية أكثر من ستمئة ألف لاجئ مسجل، وتقول المفوضية إن الدعم الدولي \
         لا يغطي سوى ثلث الاحتياجات في المخيمات القريبة من الحدود السُّورِيَّة.",
    ),
    (
        "riyadh-4",
        "الهلال يفوز على النصر",
        "فاز فريق الهلال على ضيفه النصر بهدفين مقابل هدف في الجولة الخامسة من الدوري السعودي \
         للمحترفين، وسجل المهاجم هدف الفوز في الدقيقة الأخيرة.",
    ),
    (
        "okaz-5",
        "ارتفاع أسعار النفط",
        "ارتفعت أسعار النفط في تعاملات الثلاثاء بعد أن أعلنت منظمة أوبك خفض الإنتاج، \
         وقال محللون إن الطلب من الصين ما زال ضعيفا.",
    ),
    (
        "reuters-6",
        "Oil prices climb after OPEC cut",
        "Oil prices rose on Tuesday after OPEC announced production cuts, while analysts said \
         demand from China remained weak and Syria's exports stayed negligible.",
    ),
    (
        "madina-7",
        "مشروع تعليمي جديد في جدة",
        "دشنت إدارة التعليم في جدة مشروعا لتطوير المدارس الحكومية يشمل تدريب المعلمين \
         وتحديث المختبرات، ويستفيد منه نحو عشرين ألف طالب وطالبة.",
    ),
];

/// The hand-written items as [`NewArticle`]s of story `s-<id>`, with a
/// display text that differs from the raw one by a trailing source line.
pub fn news_articles() -> Vec<NewArticle> {
    NEWS.iter()
        .enumerate()
        .map(|(i, (id, title, text))| NewArticle {
            id: (*id).into(),
            source: id.split('-').next().map(str::to_owned),
            url: Some(format!("https://news.example/{id}")),
            title: Some((*title).into()),
            published: chrono::DateTime::parse_from_rfc3339(&format!(
                "2015-07-{:02}T08:00:00+03:00",
                21 + i
            ))
            .ok(),
            lang: Some(
                if id.starts_with("reuters") {
                    "en"
                } else {
                    "ar"
                }
                .into(),
            ),
            raw_text: format!("{text}\nالمصدر: وكالات"),
            display_text: (*text).into(),
            exact_key: Some(xxh(text)),
            story_id: format!("s-{id}"),
        })
        .collect()
}

/// A stand-in exact-text key (the tests do not need the real one).
pub fn xxh(text: &str) -> u64 {
    text.bytes().fold(0xcbf29ce484222325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100000001b3)
    })
}

const SENTENCES: &[&str] = &[
    "أكد وزير الخارجية أن المحادثات ستستأنف في جنيف الأسبوع المقبل.",
    "وأعلنت وزارة الصحة افتتاح مستشفى جديد في المنطقة الشرقية.",
    "وارتفع مؤشر السوق المالية بنسبة واحد في المئة في ختام التداولات.",
    "وقالت الأمم المتحدة إن المساعدات وصلت إلى المدن المحاصرة في سوريا.",
    "ويتوقع خبراء الأرصاد هطول أمطار رعدية على المرتفعات الجنوبية.",
];

/// A deterministic article for the bulk tests: its text names its batch and
/// number (as Latin tokens `kb<batch>` and `kn<batch>x<i>`) so searches can
/// find each batch, and it varies its sentences by `i`.
pub fn bulk_article(batch: u64, i: usize) -> NewArticle {
    let id = format!("b{batch}-{i}");
    let a = SENTENCES[i % SENTENCES.len()];
    let b = SENTENCES[(i / SENTENCES.len() + 1) % SENTENCES.len()];
    let text = format!("{a} {b} kb{batch} kn{batch}x{i}");
    NewArticle {
        id: id.clone(),
        title: Some(format!("خبر رقم {i} من الدفعة {batch}")),
        raw_text: text.clone(),
        display_text: text.clone(),
        exact_key: Some(xxh(&text)),
        story_id: format!("story-{batch}"),
        ..NewArticle::default()
    }
}
