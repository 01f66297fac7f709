//! Whole articles through the cleaner: exact before/after, and properties.

use khabar_clean::{Rule, clean_corpus, kept_lines, strip_boilerplate};
use proptest::prelude::*;

const AR_TITLE: &str = "الرئيس هادي يعين نايف البكري محافظاً لعدن";

const AR_RAW: &str = "الرئيسية | أخبار | عربي ودولي الرئيس هادي يعين نايف البكري محافظاً لعدن
عدن - واس
أصدر الرئيس عبدربه منصور هادي، اليوم (الاثنين)، قراراً جمهورياً بتعيين نايف البكري محافظاً لعدن، وذلك بعد
الانتصارات التي حققتها قوات المقاومة الشعبية في طرد المتمردين الحوثيين من المدينة.

Yemeni fighters loyal to President Hadi in Aden on July 19, 2015. (AP Photo/Wael Qubady)

وشارك في الاجتماع الذي عقد في مقر المحافظة ممثلون عن المقاومة الشعبية والسلطة المحلية، وقال المصدر إن 3 مطارات ستفتح قريباً.
•
شارك | تغريد | طباعة | أرسل لصديق

اقرأ أيضاً:
الحوثيون يقصفون الأحياء السكنية في تعز
وزير الخارجية اليمني يبدأ جولة أوروبية

جميع الحقوق محفوظة © 2015
المصدر : الأناضول + وكالات";

const AR_TEXT: &str = "عدن - واس
أصدر الرئيس عبدربه منصور هادي، اليوم (الاثنين)، قراراً جمهورياً بتعيين نايف البكري محافظاً لعدن، وذلك بعد الانتصارات التي حققتها قوات المقاومة الشعبية في طرد المتمردين الحوثيين من المدينة.

وشارك في الاجتماع الذي عقد في مقر المحافظة ممثلون عن المقاومة الشعبية والسلطة المحلية، وقال المصدر إن 3 مطارات ستفتح قريباً.";

#[test]
fn arabic_article_before_after() {
    let c = strip_boilerplate(AR_RAW, Some(AR_TITLE));
    assert_eq!(c.text, AR_TEXT);
    assert_eq!(c.credit.as_deref(), Some("الأناضول + وكالات"));
    let got: Vec<(usize, Rule)> = c.removed.iter().map(|r| (r.line, r.rule)).collect();
    assert_eq!(
        got,
        [
            (1, Rule::TitleRepeat),
            (6, Rule::ForeignCaption),
            (9, Rule::LoneNumber),
            (10, Rule::ShareMenu),
            (12, Rule::ReadMore),
            (13, Rule::ReadMore),
            (14, Rule::ReadMore),
            (16, Rule::Copyright),
            (17, Rule::SourceLine),
        ]
    );
    assert!(c.repairs.is_empty());
}

const EN_RAW: &str = "Share
Tweet
Email

RIYADH — Saudi Arabia said on Monday it had arrested 431 people suspected of
belonging to an Islamic State cell that planned attacks on mosques and security
forces in the kingdom.

Advertisement

The interior ministry said the cell was run from abroad.

Saudi security forces stand guard outside a mosque in Riyadh. Photo: Fayez Nureldine/AFP/Getty Images

Related articles
Saudi Arabia executes drug smuggler
Kuwait mosque bombing suspects named

Sign up for our newsletter
Leave a comment
Your email address will not be published. Required fields are marked *
© 2015 Reuters. All rights reserved.
- Reuters";

const EN_TEXT: &str = "RIYADH — Saudi Arabia said on Monday it had arrested 431 people suspected of belonging to an Islamic State cell that planned attacks on mosques and security forces in the kingdom.

The interior ministry said the cell was run from abroad.";

#[test]
fn english_article_before_after() {
    let c = strip_boilerplate(
        EN_RAW,
        Some("Saudi Arabia arrests 431 suspected Islamic State members"),
    );
    assert_eq!(c.text, EN_TEXT);
    assert_eq!(c.credit.as_deref(), Some("Reuters"));
    let rules: Vec<Rule> = c.removed.iter().map(|r| r.rule).collect();
    assert_eq!(
        rules,
        [
            Rule::ShareMenu,
            Rule::ShareMenu,
            Rule::ShareMenu,
            Rule::Advertisement,
            Rule::PhotoCredit,
            Rule::ReadMore,
            Rule::ReadMore,
            Rule::ReadMore,
            Rule::Newsletter,
            Rule::CommentForm,
            Rule::CommentForm,
            Rule::Copyright,
            Rule::Signature,
        ]
    );
}

#[test]
fn a_leading_dateline_stays_and_a_lone_dateline_is_not_credit() {
    let c = strip_boilerplate(
        "الرياض - واس\nاستقبل أمير منطقة الرياض المهنئين بعيد الفطر المبارك.",
        None,
    );
    assert!(c.text.starts_with("الرياض - واس\n"));
    assert_eq!(c.credit, None);
    let only = strip_boilerplate("وكالات", None);
    assert_eq!(only.text, "وكالات");
    assert_eq!(only.credit, None);
}

#[test]
fn agency_wire_marks_go_and_its_dateline_stays() {
    let raw = "جدة 26 شوال 1436 هـ الموافق 11 أغسطس 2015 م واس
افتتح أمير منطقة مكة المكرمة اليوم مشروع توسعة الكورنيش الشمالي بتكلفة 300 مليون ريال.
وأوضح أمين المحافظة أن المشروع يضم ممرات للمشاة ومواقف لأكثر من ألفي سيارة.
// يتبع //
وأضاف أن المرحلة الثانية تبدأ مطلع العام المقبل.
// انتهى //
19:53 ت م
";
    let c = strip_boilerplate(raw, Some("أمير مكة يفتتح توسعة الكورنيش الشمالي"));
    assert_eq!(
        c.text,
        "جدة 26 شوال 1436 هـ الموافق 11 أغسطس 2015 م واس
افتتح أمير منطقة مكة المكرمة اليوم مشروع توسعة الكورنيش الشمالي بتكلفة 300 مليون ريال.
وأوضح أمين المحافظة أن المشروع يضم ممرات للمشاة ومواقف لأكثر من ألفي سيارة.

وأضاف أن المرحلة الثانية تبدأ مطلع العام المقبل."
    );
    let got: Vec<(usize, Rule)> = c.removed.iter().map(|r| (r.line, r.rule)).collect();
    assert_eq!(
        got,
        [
            (4, Rule::WireMarker),
            (6, Rule::WireMarker),
            (7, Rule::WireMarker)
        ]
    );
    assert_eq!(c.credit, None);
}

#[test]
fn an_opening_byline_is_credit_and_a_dateline_with_text_stays() {
    let raw = "سامي العتيبي – عين اليوم
أطلقت أمانة جدة حملة لإزالة اللوحات الإعلانية المخالفة في شوارع المدينة الرئيسية.
وقال المتحدث باسم الأمانة إن الحملة تستمر أسبوعين.";
    let c = strip_boilerplate(raw, None);
    assert!(c.text.starts_with("أطلقت أمانة جدة"));
    assert_eq!(c.credit.as_deref(), Some("سامي العتيبي – عين اليوم"));
    assert_eq!(
        c.removed.first().map(|r| (r.line, r.rule)),
        Some((1, Rule::Byline))
    );
    // With a closing source line too: both credits, in line order.
    let both = strip_boilerplate(&format!("{raw}\nالمصدر: وكالات"), None);
    assert_eq!(
        both.credit.as_deref(),
        Some("سامي العتيبي – عين اليوم; وكالات")
    );
    // A dateline with the lead on the same line stays; so does a byline
    // that is the whole article.
    let dated = "جدة – عين اليوم: أطلقت أمانة جدة حملة لإزالة اللوحات المخالفة.\nوقال المتحدث إن الحملة تستمر أسبوعين.";
    let c = strip_boilerplate(dated, None);
    assert!(c.text.starts_with("جدة – عين اليوم: أطلقت"));
    assert_eq!(c.credit, None);
    let only = strip_boilerplate("عين اليوم – الرياض", None);
    assert_eq!(only.text, "عين اليوم – الرياض");
}

#[test]
fn a_columnists_contact_block_and_related_list_go() {
    let raw = "في كل صيف تتكرر أزمة المياه في الأحياء الجنوبية، ويتكرر معها الوعد بحلول جذرية لا تأتي.
والحل ليس في الصهاريج بل في شبكة تصل إلى كل بيت، وهذا ما ننتظره من الجهات المعنية. مقالات أخرى للكاتبالطرق بين المدن..!!حين يغيب التخطيط

s.alharbi@example.com
للتواصل مع الكاتب ارسل رسالة SMS
تبدأ بالرمز (77) ثم مسافة ثم نص الرسالة إلى
88591 - Stc
635031 - Mobily
737221 - Zain";
    let c = clean_corpus(&[(raw, None)]).pop().unwrap_or_default();
    assert_eq!(
        c.text,
        "في كل صيف تتكرر أزمة المياه في الأحياء الجنوبية، ويتكرر معها الوعد بحلول جذرية لا تأتي.
والحل ليس في الصهاريج بل في شبكة تصل إلى كل بيت، وهذا ما ننتظره من الجهات المعنية."
    );
    let got: Vec<(usize, Rule)> = c.removed.iter().map(|r| (r.line, r.rule)).collect();
    assert_eq!(
        got,
        [
            (2, Rule::RelatedTail),
            (4, Rule::Contact),
            (5, Rule::Contact),
            (6, Rule::Contact),
            (7, Rule::Contact),
            (8, Rule::Contact),
            (9, Rule::Contact),
        ]
    );
    assert_eq!(
        c.removed.first().map(|r| r.text.as_str()),
        Some("مقالات أخرى للكاتبالطرق بين المدن..!!حين يغيب التخطيط")
    );
    assert_eq!(c.credit, None);
}

#[test]
fn long_sentences_with_trigger_words_stay() {
    let raw = "شارك أكثر من ألف متسابق في سباق الهجن الذي أقيم أمس في الطائف.\n\nالمصدر الرئيسي للدخل هو النفط بحسب تقرير وزارة الاقتصاد الصادر أمس.\n\n3";
    let c = strip_boilerplate(raw, None);
    assert_eq!(
        c.text,
        "شارك أكثر من ألف متسابق في سباق الهجن الذي أقيم أمس في الطائف.\n\nالمصدر الرئيسي للدخل هو النفط بحسب تقرير وزارة الاقتصاد الصادر أمس."
    );
    assert_eq!(c.removed.len(), 1);
    assert_eq!(c.removed[0].rule, Rule::LoneNumber);
}

#[test]
fn corpus_cleaning_repairs_glued_words_with_the_batch_lexicon() {
    let a = "وأكد وزير الخارجية أن المملكة تدعم الحكومة الشرعية في اليمن.\n\nشارك | تغريد";
    let b = "وقال وزيرالخارجية إن المملكة تدعم الحكومة الشرعية في اليمن.";
    let out = clean_corpus(&[(a, None), (b, None)]);
    assert_eq!(out.len(), 2);
    assert_eq!(out[0].removed.len(), 1);
    assert!(out[1].text.contains("وزير الخارجية"), "{}", out[1].text);
    assert!(out[1].repairs.iter().any(|r| r.original == "وزيرالخارجية"));
}

/// Paragraphs separated by blank lines, two of them wrapped by the scraper
/// mid-sentence; a share menu with a follow item; a comment form with its
/// field labels; a bare outlet name at the end.
const BLANK_RAW: &str = "شارك | تغريد | تابعونا على فيسبوك

جدة - أعلنت هيئة الطيران المدني، اليوم الأحد، تشغيل صالة جديدة في مطار الملك عبدالعزيز الدولي
بطاقة استيعابية تصل إلى خمسة ملايين مسافر سنوياً، في إطار خطة تطوير مطارات المملكة.

وقال مدير المطار إن الصالة ستخصص للرحلات الداخلية في المرحلة الأولى، على أن تنتقل إليها
رحلات شركات الطيران الخليجية مطلع العام المقبل بعد اكتمال أعمال التجهيز والاختبارات.

وأوضح أن الهيئة تعاقدت مع شركة محلية لتشغيل الصالة مدة خمس سنوات قابلة للتجديد.

نبض الحجاز

اترك رداً
لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *
التعليق
الاسم *
البريد الإلكتروني *
الموقع
إرسال التعليق";

#[test]
fn blank_line_article_with_share_menu_form_and_bare_signature() {
    let c = strip_boilerplate(BLANK_RAW, Some("تشغيل صالة جديدة في مطار جدة"));
    assert_eq!(
        c.text,
        "جدة - أعلنت هيئة الطيران المدني، اليوم الأحد، تشغيل صالة جديدة في مطار الملك عبدالعزيز الدولي بطاقة استيعابية تصل إلى خمسة ملايين مسافر سنوياً، في إطار خطة تطوير مطارات المملكة.\n\n\
         وقال مدير المطار إن الصالة ستخصص للرحلات الداخلية في المرحلة الأولى، على أن تنتقل إليها رحلات شركات الطيران الخليجية مطلع العام المقبل بعد اكتمال أعمال التجهيز والاختبارات.\n\n\
         وأوضح أن الهيئة تعاقدت مع شركة محلية لتشغيل الصالة مدة خمس سنوات قابلة للتجديد."
    );
    assert_eq!(c.credit.as_deref(), Some("نبض الحجاز"));
    let got: Vec<(usize, Rule)> = c.removed.iter().map(|r| (r.line, r.rule)).collect();
    assert_eq!(
        got,
        [
            (1, Rule::ShareMenu),
            (11, Rule::Signature),
            (13, Rule::CommentForm),
            (14, Rule::CommentForm),
            (15, Rule::CommentForm),
            (16, Rule::CommentForm),
            (17, Rule::CommentForm),
            (18, Rule::CommentForm),
            (19, Rule::CommentForm),
        ]
    );
}

#[test]
fn english_comment_form_fields_go_with_the_form() {
    let raw = "The ministry of health said on Sunday it had recorded two new cases of MERS in Riyadh, bringing this year's total to 41.

Officials said both patients were in stable condition and that their contacts were being monitored.

The Peninsula Observer

Leave a Reply
Your email address will not be published. Required fields are marked *
Comment
Name *
Email *
Website
Post Comment";
    let c = strip_boilerplate(raw, None);
    assert_eq!(
        c.text,
        "The ministry of health said on Sunday it had recorded two new cases of MERS in Riyadh, bringing this year's total to 41.\n\nOfficials said both patients were in stable condition and that their contacts were being monitored."
    );
    assert_eq!(c.credit.as_deref(), Some("The Peninsula Observer"));
    let form = c
        .removed
        .iter()
        .filter(|r| r.rule == Rule::CommentForm)
        .count();
    assert_eq!(form, 7);
}

#[test]
fn form_labels_and_short_closing_lines_stay_in_the_body() {
    // "الموقع" and "الاسم *" without a comment form before them, a closing
    // prayer, and single-newline paragraphs with no full stop: all stay.
    let raw = "وزار الأمير موقع المشروع يرافقه عدد من المسؤولين في الإمارة
الموقع
يقع المشروع على مساحة مليوني متر مربع شمال المدينة، ويضم ثلاثة آلاف وحدة سكنية.
الاسم *

وختم الخطيب بالدعاء للمسلمين في كل مكان بأن يعم الأمن والسلام بلادهم.

والله الموفق";
    let c = strip_boilerplate(raw, None);
    assert!(c.removed.is_empty(), "{:?}", c.removed);
    assert_eq!(c.credit, None);
    assert!(c.text.contains("الإمارة\nالموقع\nيقع"), "{}", c.text);
    assert!(c.text.ends_with("والله الموفق"));
}

/// Realistic lines: news sentences and boilerplate, all different.
const POOL: &[&str] = &[
    "عين اليوم – الرياض",
    "// انتهى //",
    "19:53 ت م",
    "s.alharbi@example.com",
    "للتواصل مع الكاتب ارسل رسالة SMS",
    "88591 - Stc",
    "وتنتهي المهلة نهاية الشهر الجاري. مقالات أخرى للكاتبأزمة المياهطرق المدن",
    "نقلا عن الجزيرة",
    "أعلنت وزارة الصحة تسجيل ثلاث إصابات جديدة بفيروس كورونا في الرياض.",
    "وقال المتحدث باسم الوزارة إن الحالات مستقرة وتخضع للمتابعة",
    "اقرأ أيضاً:",
    "الحوثيون يقصفون الأحياء السكنية في تعز",
    "شارك | تغريد | طباعة",
    "جميع الحقوق محفوظة © 2015",
    "المصدر: وكالات",
    "•",
    "Advertisement",
    "A Syrian man walks past a damaged building in Aleppo. REUTERS/Abdalrhman Ismail",
    "The talks resumed in Vienna on Monday and officials said",
    "that the deal would be signed within days.",
    "",
    "   ",
    "- أ ف ب",
    "الرياض - واس",
    "اترك تعليقاً",
    "وكانت فتاتان قد تعرضتا لتحرش جماعي في أحد متنزهات جدة، بحسب",
    "مقطع فيديو انتشر على مواقع التواصل الاجتماعي.",
    "(واس)",
    "3",
    "رابط الخبر بصحيفة الوئام: مصرع شاب غرقا بشرم ينبع",
];

fn without_white_space(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn article() -> impl Strategy<Value = String> {
    prop::sample::subsequence((0..POOL.len()).collect::<Vec<_>>(), 0..POOL.len())
        .prop_shuffle()
        .prop_map(|idx| {
            idx.iter()
                .filter_map(|&i| POOL.get(i).copied())
                .collect::<Vec<_>>()
                .join("\n")
        })
}

proptest! {
    #[test]
    fn never_panics_on_any_text(raw in any::<String>(), title in proptest::option::of(any::<String>())) {
        let c = strip_boilerplate(&raw, title.as_deref());
        prop_assert_eq!(c.text.trim(), c.text.as_str());
        prop_assert!(!c.text.contains("\n\n\n"));
    }

    /// The kept lines are the display text once white space is left out.
    #[test]
    fn kept_lines_are_the_display_text_without_white_space(
        raw in article(),
        title in proptest::option::of(prop::sample::select(vec!["مصرع شاب غرقا بشرم ينبع", "عين اليوم"])),
    ) {
        let text = strip_boilerplate(&raw, title).text;
        let kept = kept_lines(&raw, title);
        prop_assert_eq!(without_white_space(&kept.concat()), without_white_space(&text));
        prop_assert!(kept.iter().all(|l| !l.trim().is_empty() && raw.contains(l)));
    }

    #[test]
    fn kept_lines_on_any_text(raw in any::<String>(), title in proptest::option::of(any::<String>())) {
        let text = strip_boilerplate(&raw, title.as_deref()).text;
        let kept = kept_lines(&raw, title.as_deref());
        prop_assert_eq!(without_white_space(&kept.concat()), without_white_space(&text));
    }

    #[test]
    fn removals_come_from_the_input_and_leave_the_text(raw in article()) {
        let c = strip_boilerplate(&raw, Some("مصرع شاب غرقا بشرم ينبع"));
        let lines: Vec<&str> = raw.split('\n').collect();
        for r in &c.removed {
            let line = lines.get(r.line - 1).copied().unwrap_or_default();
            prop_assert!(line.contains(r.text.as_str()), "{:?} is not in line {}", r.text, r.line);
            // Every pool line is unique, so a removed line (of more than a
            // bullet or digit) cannot show up in the text again.
            if r.text.chars().count() > 3 {
                prop_assert!(!c.text.contains(r.text.as_str()), "{:?} still in text", r.text);
            }
        }
        // Nothing but removals and blank lines is lost: every kept line's
        // words are in the text.
        let removed: Vec<usize> = c.removed.iter().map(|r| r.line).collect();
        for (i, line) in lines.iter().enumerate() {
            if !removed.contains(&(i + 1)) {
                for w in line.split_whitespace() {
                    prop_assert!(c.text.contains(w), "lost {:?}", w);
                }
            }
        }
    }
}
