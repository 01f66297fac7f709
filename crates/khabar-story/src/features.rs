//! What the story engine reads of one article, once: the sparse features the
//! clusterer compares (content-word stems, title stems, entities, numbers)
//! and what the story view needs again (lead sentences with their stems,
//! entity mentions).
//!
//! Every feature is a 64-bit key of a match-form string (see
//! [`crate::tokens`]); no feature is an owned string.
//!
//! Does not: weight features (the clusterer applies IDF) or compare articles.

use std::ops::Range;

use khabar_text::script::{Script, dominant_script};
use rustc_hash::{FxHashMap, FxHashSet};

use crate::entities::{EntityKind, Mention, Name, mentions, title_names};
use crate::tokens::{Word, key, words};

/// Only the first this many words of a text are read: the lead of a news
/// article carries its event, and a huge article must not cost more than a
/// long one.
pub(crate) const MAX_WORDS: usize = 1500;

/// Title words count this many times in the content-word vector: the title
/// names the event.
const TITLE_REPEAT: f32 = 2.0;

/// Sentences kept from the start of each article for the story view.
pub(crate) const LEAD_SENTENCES: usize = 6;
/// A lead sentence has this many words (white-space separated).
pub(crate) const SENTENCE_WORDS: std::ops::RangeInclusive<usize> = 6..=70;

/// How words weigh by position: a news article puts its event first; later
/// paragraphs of a round-up drift to other matters.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Lead {
    /// The first this many words of the text count in full.
    pub words: usize,
    /// Weight of a word after the lead.
    pub body_weight: f32,
}

impl Default for Lead {
    fn default() -> Self {
        Lead {
            words: usize::MAX,
            body_weight: 1.0,
        }
    }
}

/// A sentence of an article's lead, for the story view.
#[derive(Debug, Clone, Default)]
pub(crate) struct LeadSentence {
    /// Byte range in the article's text.
    pub range: Range<usize>,
    /// Its content stems (set).
    pub stems: Vec<u64>,
}

/// What the story view reads again of an article.
#[derive(Debug, Default, Clone)]
pub(crate) struct Reading {
    /// Title stems (set, in title order).
    pub title: Vec<u64>,
    /// The first [`LEAD_SENTENCES`] sentences of usual length.
    pub leads: Vec<LeadSentence>,
    /// Entity mentions.
    pub mentions: Vec<Mention>,
}

/// What is read of one article.
#[derive(Debug, Default, Clone)]
pub(crate) struct ArticleFeatures {
    /// Content-word stem -> weight (title words included, boosted).
    pub words: Vec<(u64, f32)>,
    /// Entity -> (number of mentions, kind).
    pub entities: Vec<(u64, f32, EntityKind)>,
    /// Numbers of two digits or more mentioned (set).
    pub numbers: Vec<u64>,
    /// The numbers of the title that identify an event, with the values
    /// that agree with them (see [`NUMBER_TOLERANCE`]), as a set.
    pub title_numbers: Vec<u64>,
    /// The ordinals of the title that count instances of a series (the
    /// third relief flight, the second round), as a bit set: bit `n` for
    /// the `n`th (see [`title_ordinals`]).
    pub title_ordinals: u16,
    /// Entity keys of the gazetteer places the title names (a set).
    pub title_places: Vec<u64>,

    /// Content words read (title and text), a measure of substance.
    pub content_words: usize,
    /// Words of the title (all words, stop words included), if it has one.
    pub title_words: Option<usize>,
    /// The title asks or exclaims (؟ ? !): a column's or a commentary's
    /// (ما بعد الاتفاق النووي الإيراني؟!، تصرفات خارجة!). A news title
    /// states who did what.
    pub title_rhetorical: bool,
    /// The text reads as an essay, a column's or an analysis's: long and
    /// naming no day in its head (see [`ESSAY_WORDS`]).
    pub essay: bool,
    /// The script of most letters of the text read (the title's when the
    /// text has none; Arabic when neither has any). Two articles in
    /// different scripts share no word or title stem, whatever they
    /// report: the clusterer compares them on entities and numbers.
    pub script: Script,
    /// Title stems, lead sentences and mentions.
    pub reading: Reading,
}

fn push_numbers<'a>(ws: impl IntoIterator<Item = &'a Word>, numbers: &mut Vec<u64>) {
    for w in ws.into_iter() {
        let n = w.text.trim_start_matches('0');
        if n.len() >= 2 {
            let k = key(n);
            if !numbers.contains(&k) {
                numbers.push(k);
            }
        }
    }
}

/// Weight of a mention of a gazetteer place or organization (a country, a
/// capital, an international body, an armed group) against 1 for a
/// person or a name found by a cue or in quotation marks. The gazetteer's
/// places and bodies say what a story is about (Iraq, Daesh); people and
/// specific names (جامعة الأنبار، مونتاري) say which event it is. Tuned on
/// the dev set: 0.6–0.8 score alike; 1.0 lets two battles of one war join.
const GAZETTEER_WEIGHT: f32 = 0.7;

/// The weight of one mention in the article's entity vector.
fn mention_weight(m: &Mention) -> f32 {
    match (&m.name, m.kind) {
        (Name::Known(_), EntityKind::Place | EntityKind::Organization) => GAZETTEER_WEIGHT,
        _ => 1.0,
    }
}

/// Units of time: a number before one is a duration or an age (قبل وفاتها
/// بـ 12 يومًا، بعد 45 سنة), not a figure that identifies an event.
const TIME_UNITS: &[&str] = &[
    "يوم",
    "يوما",
    "أيام",
    "ساعة",
    "ساعات",
    "أسبوع",
    "أسابيع",
    "شهر",
    "أشهر",
    "شهور",
    "سنة",
    "سنوات",
    "عام",
    "عاما",
    "أعوام",
    "دقيقة",
    "دقائق",
];

/// Words that report a count going up or down: a title such as ارتفاع
/// حصيلة قتلى البراميل المتفجرة في حلب إلى 23 updates the figure of an event
/// already reported (18 dead), so its number does not tell another event
/// apart. Folded match forms; the English ones lower case.
const UPDATE_CUES: &[&str] = &[
    "ارتفاع",
    "ارتفع",
    "ارتفعت",
    "ترتفع",
    "يرتفع",
    "تراجع",
    "انخفاض",
    "rises",
    "climbs",
    "rose",
    "climbed",
];

/// Ordinal words, first to tenth, masculine and feminine, with and
/// without the article. A title's ordinal counts instances of a series
/// (وصول الطائرة الإغاثية الثالثة، ثاني طائرة): two titles with different
/// ordinals report different occasions of one operation. Left out:
/// رابعة (also a square in Cairo) and ثان (too short to be sure of).
const ORDINALS: &[&[&str]] = &[
    &["أول", "الأول", "الأولى", "أولى"],
    &["ثاني", "الثاني", "الثانية", "ثانية"],
    &["ثالث", "الثالث", "الثالثة", "ثالثة"],
    &["رابع", "الرابع", "الرابعة"],
    &["خامس", "الخامس", "الخامسة", "خامسة"],
    &["سادس", "السادس", "السادسة", "سادسة"],
    &["سابع", "السابع", "السابعة", "سابعة"],
    &["ثامن", "الثامن", "الثامنة", "ثامنة"],
    &["تاسع", "التاسع", "التاسعة", "تاسعة"],
    &["عاشر", "العاشر", "العاشرة", "عاشرة"],
];

/// An ordinal after one of these words is part of a date or a name, not
/// the count of an occasion: the first half, the second quarter, the
/// months تشرين الثاني and ربيع الأول, King Abdullah II; nor after "time"
/// (يفتتح قناة السويس للمرة الثانية tells the canal's history).
const NOT_INSTANCE_BEFORE: &[&str] = &[
    "النصف",
    "نصف",
    "الربع",
    "ربع",
    "الشهر",
    "العام",
    "الأسبوع",
    "اليوم",
    "القرن",
    "الفصل",
    "تشرين",
    "كانون",
    "ربيع",
    "جمادى",
    "الله",
    "عبدالله",
    "مرة",
    "المرة",
    "للمرة",
];

/// An ordinal before one of these words is not the count of an occasion:
/// لأول مرة (for the first time), أول أمس (the day before yesterday).
const NOT_INSTANCE_AFTER: &[&str] = &["مرة", "أمس"];

/// Words at the head of a text where a date is its dateline (a city, a
/// Hijri and a Gregorian date, the agency). A number before a month name
/// ([`khabar_text::calendar::MONTH_NAMES`]) is the day of a date, and after
/// one its year.
///
/// A dateline says when a report was filed, not what happened. An
/// agency's (بريدة 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس) would
/// otherwise make every two of its reports of a day share four numbers,
/// which count as evidence of one incident (see
/// [`Config::entity_gate`](crate::Config::entity_gate)); on SaudiNewsNet
/// that chained unrelated agency reports of a day into one story. A date
/// later in the text (الأحد 28 رمضان) may be the event's and is kept.
const DATELINE_WORDS: usize = 12;

/// Words that tie a report to its day: yesterday, today, tomorrow, this
/// evening, the English weekdays; with the Arabic ones
/// ([`khabar_text::calendar::WEEKDAY_NAMES`]) they make the day set, folded
/// to match forms when it is built (a proclitic is allowed, see
/// [`in_set`]). A news report says when its event happened, in its first
/// lines (أعلنت الوزارة أمس، وافق مجلس الأمن اليوم الاثنين); a column or an
/// analysis of the same matter argues without a day (بعد إعلان الاتفاق
/// النووي عمّت العالم موجة من التساؤلات).
const DAY_WORDS: &[&str] = &[
    "أمس",
    "اليوم",
    "غدا",
    "الليلة",
    "مساء",
    "صباح",
    "ظهر",
    "yesterday",
    "today",
    "tonight",
    "tomorrow",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// A text of at least this many words, none of whose first
/// [`DAY_ANCHOR_WORDS`] names a day or a month, reads as an essay (a
/// column, an analysis), not a report of an occasion. On SaudiNewsNet the
/// reports that name no day in their lead are mostly short (a brief, a
/// release); 300 words is about a newspaper column's length.
const ESSAY_WORDS: usize = 300;

/// Words at the head of a text where a report names its day (the
/// dateline and the first sentence or two).
const DAY_ANCHOR_WORDS: usize = 60;

/// Marks of an era after a year (1436 هـ، 2015 م).
const ERAS: &[&str] = &["هـ", "ه", "م", "للهجرة", "للميلاد", "ميلادي", "هجري"];

/// The title word lists of this module as folded keys, built once.
struct TitleWords {
    units: FxHashSet<u64>,
    /// Month names ([`khabar_text::calendar::MONTH_NAMES`]).
    months: FxHashSet<u64>,
    /// Era marks after a year (see [`ERAS`]).
    eras: FxHashSet<u64>,
    updates: FxHashSet<u64>,
    /// Words that name a day (see [`DAY_WORDS`]).
    days: FxHashSet<u64>,
    /// Ordinal word -> its number.
    ordinals: FxHashMap<u64, u16>,
    /// Words after which an ordinal is not an instance.
    ordinal_before: FxHashSet<u64>,
    /// Words before which an ordinal is not an instance.
    ordinal_after: FxHashSet<u64>,
}

impl TitleWords {
    fn get() -> &'static TitleWords {
        static WORDS: std::sync::OnceLock<TitleWords> = std::sync::OnceLock::new();
        WORDS.get_or_init(|| {
            let set = |l: &[&str]| l.iter().map(|u| key(&khabar_text::fold(u))).collect();
            let mut ordinals = FxHashMap::default();
            for (n, forms) in (1u16..).zip(ORDINALS) {
                for f in *forms {
                    ordinals.insert(key(&khabar_text::fold(f)), n);
                }
            }
            TitleWords {
                units: set(TIME_UNITS),
                months: set(khabar_text::calendar::MONTH_NAMES),
                eras: set(ERAS),
                updates: set(UPDATE_CUES),
                days: set(&[DAY_WORDS, khabar_text::calendar::WEEKDAY_NAMES].concat()),
                ordinals,
                ordinal_before: set(NOT_INSTANCE_BEFORE),
                ordinal_after: set(NOT_INSTANCE_AFTER),
            }
        })
    }
}

/// The numbers of a text's words `ws` but those of its dateline (a date
/// in its first [`DATELINE_WORDS`] words, see [`in_date`]).
fn figures(ws: &[Word]) -> impl Iterator<Item = &Word> {
    ws.iter()
        .enumerate()
        .filter(|&(i, w)| w.number && !(i < DATELINE_WORDS && in_date(ws, i)))
        .map(|(_, w)| w)
}

/// True when word `i` of `ws` (a number) is the day or the year of a date.
fn in_date(ws: &[Word], i: usize) -> bool {
    let lists = TitleWords::get();
    let before = i.checked_sub(1).and_then(|j| ws.get(j));
    let after = ws.get(i + 1);
    let year = ws.get(i).is_some_and(|w| w.text.chars().count() == 4);
    after.is_some_and(|a| in_set(&lists.months, a))
        || before.is_some_and(|b| in_set(&lists.months, b))
        || (year && after.is_some_and(|a| in_set(&lists.eras, a)))
}

/// True when a text of words `ws` reads as an essay: long, and naming no
/// day and no month in its head (see [`ESSAY_WORDS`]).
fn reads_as_essay(ws: &[Word]) -> bool {
    let lists = TitleWords::get();
    ws.len() >= ESSAY_WORDS
        && !ws
            .iter()
            .take(DAY_ANCHOR_WORDS)
            .any(|w| in_set(&lists.days, w) || in_set(&lists.months, w))
}

/// True when `w`, or its form without a proclitic, is in `set`.
fn in_set(set: &FxHashSet<u64>, w: &Word) -> bool {
    set.contains(&w.key) || set.contains(&w.bare)
}

/// The numbers of a title that identify an event: those of
/// [`push_numbers`] that are not a duration or an age, in a title that
/// does not update a count (see [`UPDATE_CUES`]).
fn push_title_numbers(ws: &[Word], numbers: &mut Vec<u64>) {
    let lists = TitleWords::get();
    if ws.iter().any(|w| in_set(&lists.updates, w)) {
        return;
    }
    let kept: Vec<&Word> = ws
        .iter()
        .enumerate()
        .filter(|&(i, w)| w.number && !ws.get(i + 1).is_some_and(|next| in_set(&lists.units, next)))
        .map(|(_, w)| w)
        .collect();
    push_numbers(kept.iter().copied(), numbers);
    // Values that agree with a figure below a thousand.
    for w in kept {
        if let Ok(n) = w.text.trim_start_matches('0').parse::<u64>()
            && (10..NEAR_BELOW).contains(&n)
        {
            let spread = (n as f64 * NUMBER_TOLERANCE) as u64;
            for m in n.saturating_sub(spread).max(10)..=n + spread {
                let k = key(&m.to_string());
                if !numbers.contains(&k) {
                    numbers.push(k);
                }
            }
        }
    }
}

/// The ordinals of a title that count occasions (see [`ORDINALS`]), as a
/// bit set. An ordinal with the article follows a noun with it (الطائرة
/// الثالثة، للمرة الثانية), not a name (عبدالله الثاني).
pub(crate) fn title_ordinals(ws: &[Word]) -> u16 {
    let lists = TitleWords::get();
    let definite = |w: &Word| w.text.starts_with("ال") || w.text.starts_with("لل");
    // A noun with the article behind a one-letter proclitic (بالمرحلة).
    let noun = |w: &Word| {
        definite(w) || (w.bare != w.key && w.text.get(2..).is_some_and(|t| t.starts_with("ال")))
    };
    let mut set = 0u16;
    for (i, w) in ws.iter().enumerate() {
        let Some(&n) = lists.ordinals.get(&w.key) else {
            continue;
        };
        let before = i.checked_sub(1).and_then(|j| ws.get(j));
        let after = ws.get(i + 1);
        if before.is_some_and(|b| in_set(&lists.ordinal_before, b))
            || after.is_some_and(|a| in_set(&lists.ordinal_after, a))
        {
            continue;
        }
        if definite(w) && !before.is_some_and(noun) {
            continue;
        }
        set |= 1 << n;
    }
    set
}

/// Reports of one event give its figures a little differently: a count is
/// rounded or updated (353 and 354 thousand, 29 and 30 dead). A title's
/// figure below [`NEAR_BELOW`] agrees with a value within this share of it;
/// larger ones (13970، 354863) must be equal. 0.12 let 33 air strikes agree
/// with an Anbar battle story's 30 on the dev set; 0.05 changes nothing
/// there and rejoins a death-toll update on another day of SaudiNewsNet.
const NUMBER_TOLERANCE: f64 = 0.05;

/// See [`NUMBER_TOLERANCE`].
const NEAR_BELOW: u64 = 1000;

/// Articles read in parallel at a time by [`read_in_order`]: bounds the
/// memory of raw features alive at once (two chunks).
const READ_CHUNK: usize = 1024;

/// Reads the features of each item's article, `article` giving its title
/// and text, and hands them to `consume` in the order of `items`. Reading
/// is pure and the costly part, so it is done in parallel in chunks, the
/// next chunk read while `consume` takes the current one.
pub(crate) fn read_in_order<'a, T: Sync>(
    items: &'a [T],
    lead: Lead,
    article: impl Fn(&'a T) -> (Option<&'a str>, &'a str) + Sync,
    mut consume: impl FnMut(&'a T, ArticleFeatures) + Send,
) {
    use rayon::prelude::*;

    let read = |chunk: &'a [T]| -> Vec<ArticleFeatures> {
        chunk
            .par_iter()
            .map(|item| {
                let (title, text) = article(item);
                extract(title, text, lead)
            })
            .collect()
    };
    let mut chunks = items.chunks(READ_CHUNK);
    let mut current = chunks.next().map(|c| (c, read(c)));
    while let Some((chunk, features)) = current.take() {
        let upcoming = chunks.next();
        let ((), next) = rayon::join(
            || {
                for (item, f) in chunk.iter().zip(features) {
                    consume(item, f);
                }
            },
            || upcoming.map(|c| (c, read(c))),
        );
        current = next;
    }
}

/// The distinct content stems of a short text (a title, a sentence).
pub(crate) fn stem_set(text: &str) -> Vec<u64> {
    let mut out: Vec<u64> = words(text, MAX_WORDS)
        .iter()
        .filter_map(|w| w.stem)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The lead sentences of `text` and their stems, given its words: the
/// first [`LEAD_SENTENCES`] sentences of usual length. Sentences are split
/// as they are taken, so the rest of a long text is not split.
fn lead_sentences(text: &str, ws: &[Word]) -> Vec<LeadSentence> {
    let mut out = Vec::new();
    let mut w = 0;
    for range in khabar_text::sentence_bytes(text) {
        if out.len() >= LEAD_SENTENCES {
            break;
        }
        let Some(s) = text.get(range.clone()) else {
            continue;
        };
        if !SENTENCE_WORDS.contains(&s.split_whitespace().count()) {
            continue;
        }
        while ws.get(w).is_some_and(|x| x.start < range.start) {
            w += 1;
        }
        let mut stems: Vec<u64> = ws
            .get(w..)
            .unwrap_or_default()
            .iter()
            .take_while(|x| x.end <= range.end)
            .filter_map(|x| x.stem)
            .collect();
        stems.sort_unstable();
        stems.dedup();
        out.push(LeadSentence { range, stems });
    }
    out
}

/// Reads an article from its title and display text.
pub(crate) fn extract(title: Option<&str>, text: &str, lead: Lead) -> ArticleFeatures {
    let mut f = ArticleFeatures::default();
    let mut bag: FxHashMap<u64, f32> = FxHashMap::default();
    let mut title_words = Vec::new();
    if let Some(title) = title {
        let tw = words(title, MAX_WORDS);
        f.title_words = Some(tw.len());
        f.title_rhetorical = title.contains(['؟', '?', '!']);
        for s in tw.iter().filter_map(|w| w.stem) {
            f.content_words += 1;
            *bag.entry(s).or_default() += TITLE_REPEAT;
            if !f.reading.title.contains(&s) {
                f.reading.title.push(s);
            }
        }
        push_numbers(tw.iter().filter(|w| w.number), &mut f.numbers);
        push_title_numbers(&tw, &mut f.title_numbers);
        f.title_ordinals = title_ordinals(&tw);
        let in_title = mentions(title, &tw);
        for m in &in_title {
            if m.kind == EntityKind::Place
                && matches!(m.name, Name::Known(_))
                && !f.title_places.contains(&m.key)
            {
                f.title_places.push(m.key);
            }
        }
        f.reading.mentions.extend(in_title.into_iter().map(|mut m| {
            if let Name::Text(r) = m.name {
                m.name = Name::Title(r);
            }
            m
        }));
        title_words = tw;
    }
    let tw = words(text, MAX_WORDS);
    for (i, w) in tw.iter().enumerate() {
        if let Some(s) = w.stem {
            f.content_words += 1;
            let weight = if i < lead.words {
                1.0
            } else {
                lead.body_weight
            };
            *bag.entry(s).or_default() += weight;
        }
    }
    push_numbers(figures(&tw), &mut f.numbers);
    f.essay = reads_as_essay(&tw);
    let text_mentions = mentions(text, &tw);
    let named = title_names(&title_words, &tw, &text_mentions);
    f.reading.mentions.extend(named.into_iter().map(|mut m| {
        if let Name::Text(r) = m.name {
            m.name = Name::Title(r);
        }
        m
    }));
    f.reading.mentions.extend(text_mentions);
    f.reading.leads = lead_sentences(text, &tw);
    // Only the part read: a huge text costs no more than a long one.
    let read = text.get(..tw.last().map_or(0, |w| w.end)).unwrap_or(text);
    f.script = dominant_script(read)
        .or_else(|| title.and_then(dominant_script))
        .unwrap_or_default();
    f.words = bag.into_iter().collect();
    f.words.sort_unstable_by_key(|&(k, _)| k);
    let mut entities: FxHashMap<u64, (f32, EntityKind)> = FxHashMap::default();
    for m in &f.reading.mentions {
        let w = mention_weight(m);
        entities.entry(m.key).or_insert((0.0, m.kind)).0 += w;
        // A family name also counts alone (see entities::name_parts).
        for &k in &m.parts {
            entities.entry(k).or_insert((0.0, m.kind)).0 += 1.0;
        }
    }
    f.entities = entities
        .into_iter()
        .map(|(k, (c, kind))| (k, c, kind))
        .collect();
    f.entities.sort_unstable_by_key(|e| e.0);
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Lines of news text with what makes sentence ends hard: a year at a
    /// line's end before a calendar mark, abbreviations, quotations, a
    /// lower-case word after a terminator, numbers with a decimal point.
    const LINES: &[&str] = &[
        "أعلنت وزارة الصحة تسجيل 12 إصابة جديدة بفيروس كورونا في الرياض وجدة خلال الساعات الماضية.",
        "وقال د. أحمد إن النمو بلغ ٣.٥٪ هذا العام. وأضاف: «الوضع مستقر. والحمد لله» ثم غادر!",
        "بريدة 25 شوال 1436 هـ الموافق 10 أغسطس 2015",
        "م. واس يواصل مهرجان تمور بريدة فعالياته ببيع 300 طن من التمور يوميا",
        "\"Stop!\" he said. The U.S. envoy met Dr. Smith on Jan. 5 in Riyadh?",
        "",
        "  «اقتباس طويل لم يغلق على هذا السطر. وفيه جملتان",
        "هل انتهت الأزمة؟ لا أحد يعرف… ربما.",
    ];

    /// The byte ranges of the first [`LEAD_SENTENCES`] sentences of usual
    /// length of `text`, from khabar-text's char ranges over the whole text.
    fn first_usual_sentences(text: &str) -> Vec<Range<usize>> {
        let byte_of = |c: usize| text.char_indices().nth(c).map_or(text.len(), |(b, _)| b);
        khabar_text::sentences(text)
            .into_iter()
            .map(|r| byte_of(r.start)..byte_of(r.end))
            .filter(|r| SENTENCE_WORDS.contains(&text[r.clone()].split_whitespace().count()))
            .take(LEAD_SENTENCES)
            .collect()
    }

    proptest! {
        #[test]
        fn lead_sentences_are_the_first_of_usual_length_with_their_stems(
            picks in proptest::collection::vec(0..LINES.len(), 1..40),
            glue in prop_oneof![Just("\n"), Just(" "), Just("\n\n")],
        ) {
            let text = picks.iter().map(|&i| LINES[i]).collect::<Vec<_>>().join(glue);
            let ws = words(&text, MAX_WORDS);
            let leads = lead_sentences(&text, &ws);
            // Each lead carries the stems of the words inside it, once each.
            for lead in &leads {
                let mut inside: Vec<u64> = ws
                    .iter()
                    .filter(|w| w.start >= lead.range.start && w.end <= lead.range.end)
                    .filter_map(|w| w.stem)
                    .collect();
                inside.sort_unstable();
                inside.dedup();
                prop_assert_eq!(&lead.stems, &inside);
            }
            let got: Vec<Range<usize>> = leads.into_iter().map(|l| l.range).collect();
            prop_assert_eq!(got, first_usual_sentences(&text));
        }
    }

    #[test]
    fn lead_sentences_of_a_long_article_come_from_its_head() {
        let para = LINES[0..2].join(" ");
        let text = vec![para.as_str(); 40].join("\n\n");
        let ws = words(&text, MAX_WORDS);
        let leads = lead_sentences(&text, &ws);
        assert_eq!(leads.len(), LEAD_SENTENCES);
        let ranges: Vec<Range<usize>> = leads.iter().map(|l| l.range.clone()).collect();
        assert_eq!(ranges, first_usual_sentences(&text));
        assert!(leads.iter().all(|l| l.range.end <= 3 * para.len()));
        assert!(leads.iter().all(|l| !l.stems.is_empty()));
    }

    /// A long text of `opening` then `paragraph` repeated.
    fn long_text(opening: &str, paragraph: &str) -> String {
        let mut text = opening.to_string();
        while text.split_whitespace().count() < ESSAY_WORDS + 20 {
            text.push(' ');
            text.push_str(paragraph);
        }
        text
    }

    #[test]
    fn a_long_text_that_names_no_day_reads_as_an_essay() {
        const BODY: &str = "ويرى المراقبون أن رفع العقوبات سيعيد النفط الإيراني إلى الأسواق ويزيد الضغط على الأسعار، وأن دول الخليج مطالبة بقراءة جوانبه السلبية قبل الإيجابية، فالتجربة علمتنا أن طهران لا تفي بوعودها.";
        let read =
            |text: &str| extract(Some("الاتفاق النووي والواقع الجديد"), text, Lead::default());
        let column = long_text(
            "بعد إعلان الاتفاق النووي بين الغرب وإيران عمت العالم موجة من التساؤلات.",
            BODY,
        );
        assert!(read(&column).essay);
        // A report says when: a weekday, yesterday, a date.
        for opening in [
            "وافق مجلس الأمن الدولي اليوم الاثنين على الاتفاق النووي مع إيران.",
            "صادق مجلس الأمن الدولي أمس على الاتفاق النووي مع إيران.",
            "نيويورك 5 شوال 1436 هـ الموافق 21 يوليو 2015 م واس صادق مجلس الأمن على الاتفاق النووي.",
        ] {
            assert!(!read(&long_text(opening, BODY)).essay, "{opening}");
        }
        // A brief that names no day is short, not an essay.
        assert!(
            !read(&format!(
                "بعد إعلان الاتفاق النووي عمت العالم موجة من التساؤلات. {BODY}"
            ))
            .essay
        );
    }

    #[test]
    fn title_numbers_are_figures_not_durations() {
        let f = extract(
            Some("ابنة المعلمة: طالبنا بلجنة قبل وفاتها بـ 12 يومًا"),
            "وقالت الابنة إن الأسرة طالبت الوزير بتشكيل لجنة",
            Lead::default(),
        );
        assert!(f.title_numbers.is_empty());
        assert_eq!(f.numbers, [key("12")], "still a number of the article");
        let f = extract(
            Some("ضبط 943 ثلاجة مخالفة في 344 متجرا"),
            "ضبطت الفرق الرقابية الثلاجات المخالفة",
            Lead::default(),
        );
        // Each with the values within 5% of it (344 ± 17, 943 ± 47).
        for n in ["943", "896", "990", "344", "327", "361"] {
            assert!(f.title_numbers.contains(&key(n)), "{n}");
        }
        for n in ["895", "991", "326", "362"] {
            assert!(!f.title_numbers.contains(&key(n)), "{n}");
        }
        let f = extract(
            Some("الجوازات تصحح أوضاع 354863 يمنيا"),
            "وقالت المديرية العامة للجوازات إنها صححت الأوضاع",
            Lead::default(),
        );
        assert_eq!(f.title_numbers, [key("354863")], "large figures are exact");
    }

    #[test]
    fn an_updated_toll_in_a_title_does_not_tell_another_event_apart() {
        for title in [
            "ارتفاع حصيلة قتلى البراميل المتفجرة على سوق الشعار في حلب إلى 23",
            "Aleppo market death toll rises to 23",
        ] {
            let f = extract(Some(title), "ارتفعت حصيلة الضحايا", Lead::default());
            assert!(f.title_numbers.is_empty(), "{title}");
            assert!(
                f.numbers.contains(&key("23")),
                "still a number of the article"
            );
        }
        let f = extract(
            Some("مقتل 18 مدنياً ببراميل متفجرة على سوق في حلب"),
            "قتل 18 مدنيا",
            Lead::default(),
        );
        assert!(f.title_numbers.contains(&key("18")));
    }

    #[test]
    fn title_ordinals_count_occasions_not_dates_or_names() {
        let ordinals = |title: &str| title_ordinals(&words(title, MAX_WORDS));
        assert_eq!(
            ordinals("وصول الطائرة الإغاثية السعودية الثانية إلى مطار عدن"),
            1 << 2
        );
        assert_eq!(ordinals("ثاني طائرة إغاثة سعودية تحط في مطار عدن"), 1 << 2);
        assert_eq!(ordinals("وصول أول طائرة إغاثة سعودية إلى مطار عدن"), 1 << 1);
        assert_eq!(ordinals("انطلاق الجولة الثالثة والرابعة من الدوري"), 1 << 3);
        for title in [
            "سابك تربح 10 مليارات في النصف الأول",
            "ولي ولي العهد يلتقي الملك عبدالله الثاني",
            "الملك عبد الله الثاني يستقبل وزير الخارجية",
            "السعودية تشارك لأول مرة في البطولة",
            "يخت المحروسة يفتتح قناة السويس للمرة الثانية",
            "الانتخابات في 15 ربيع الأول",
        ] {
            assert_eq!(ordinals(title), 0, "{title}");
        }
    }

    #[test]
    fn a_dateline_gives_no_numbers_a_later_date_does() {
        let f = extract(
            Some("مهرجان تمور بريدة يواصل فعالياته"),
            "بريدة 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس يواصل مهرجان تمور بريدة فعالياته ببيع 300 طن من التمور يوميا، وتختتم فعالياته في 28 أغسطس.",
            Lead::default(),
        );
        for n in ["25", "1436", "10", "2015"] {
            assert!(!f.numbers.contains(&key(n)), "{n}");
        }
        for n in ["300", "28"] {
            assert!(f.numbers.contains(&key(n)), "{n}");
        }
    }
}
