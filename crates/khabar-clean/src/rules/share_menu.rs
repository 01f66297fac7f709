//! [`ShareMenu`]: share, follow and print buttons, and section menus.

use std::sync::LazyLock;

use super::{Context, LineRule};
use crate::Rule;
use crate::line::{Line, Phrases, key, line_starts_with};
use khabar_text::script::is_alphanumeric;

/// Removes share/follow/print button text and runs of section-menu words.
///
/// After every char that is not a letter or digit (`|`, `»`, `/`, `-`, ...)
/// becomes a space, the line
/// (at most 15 words) must be made entirely of these phrases:
///
/// - share words: شارك, شارك الخبر, شارك المقال, مشاركة, تغريد, غرد, تويتر,
///   فيسبوك, فيس بوك, واتساب, واتس اب, تيليجرام, تلغرام, لينكد إن, طباعة,
///   اطبع, أرسل لصديق, أرسل إلى صديق, إرسال, البريد الإلكتروني, بريد إلكتروني,
///   إيميل, حفظ, نسخ الرابط, Share, Share this, Tweet, Print, Email, E-mail,
///   Facebook, Twitter, WhatsApp, LinkedIn, Pinterest, Reddit, Telegram,
///   Send to a friend, Copy link, Save, إنستغرام, انستقرام, يوتيوب, Instagram,
///   YouTube, and a photo slider's Next, Previous;
/// - section words: الرئيسية, محليات, محلية, رياضة, اقتصاد, سياسة, دوليات,
///   عربي ودولي, عربية ودولية, ثقافة, فنون, منوعات, تقارير, مقالات, كتاب,
///   الرأي, آراء, أخبار, صحة, تقنية, حوادث, فيديو, صور, مجتمع, Home, News,
///   Sports, Business, Opinion, World, Politics, Culture, Video, Tech,
///   Health, Lifestyle;
/// - follow items: a follow phrase (تابعنا على, تابعونا على, تابعنا عبر,
///   Follow us on, Follow us, Like us on) followed by a share word that
///   names a network ("تابعنا على تويتر"), counted as a share word;
///
/// and contain a share word or at least two section words. So a menu line
/// of such items separated by `|`, `-`, `•` or `/` goes
/// ("شارك | طباعة | تابعنا على تويتر"). Also removes a line of at most 10
/// words that starts with a follow phrase.
///
/// Prefilter: a menu line's first word (of its key, punctuation made
/// spaces) is the first word of a share, section or follow phrase, since
/// the items are read from the start and the first must be one of them
/// ([`FIRST_WORDS`]). A line whose first word is not one is never split
/// into words.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ShareMenu;

static SHARE: LazyLock<Vec<Vec<String>>> = LazyLock::new(|| {
    phrases(&[
        "شارك",
        "شارك الخبر",
        "شارك المقال",
        "مشاركة",
        "تغريد",
        "غرد",
        "تويتر",
        "فيسبوك",
        "فيس بوك",
        "واتساب",
        "واتس اب",
        "تيليجرام",
        "تلغرام",
        "لينكد إن",
        "طباعة",
        "اطبع",
        "أرسل لصديق",
        "أرسل إلى صديق",
        "إرسال",
        "البريد الإلكتروني",
        "بريد إلكتروني",
        "إيميل",
        "حفظ",
        "نسخ الرابط",
        "share",
        "share this",
        "tweet",
        "print",
        "email",
        "e mail",
        "facebook",
        "twitter",
        "whatsapp",
        "linkedin",
        "pinterest",
        "reddit",
        "telegram",
        "send to a friend",
        "copy link",
        "save",
        "إنستغرام",
        "انستقرام",
        "يوتيوب",
        "instagram",
        "youtube",
        "next",
        "previous",
    ])
});

static SECTIONS: LazyLock<Vec<Vec<String>>> = LazyLock::new(|| {
    phrases(&[
        "الرئيسية",
        "محليات",
        "محلية",
        "رياضة",
        "اقتصاد",
        "سياسة",
        "دوليات",
        "عربي ودولي",
        "عربية ودولية",
        "ثقافة",
        "فنون",
        "منوعات",
        "تقارير",
        "مقالات",
        "كتاب",
        "الرأي",
        "آراء",
        "أخبار",
        "صحة",
        "تقنية",
        "حوادث",
        "فيديو",
        "صور",
        "مجتمع",
        "home",
        "news",
        "sports",
        "business",
        "opinion",
        "world",
        "politics",
        "culture",
        "video",
        "tech",
        "health",
        "lifestyle",
    ])
});

const FOLLOW_PHRASES: &[&str] = &[
    "تابعنا على",
    "تابعونا على",
    "تابعنا عبر",
    "Follow us on",
    "Follow us",
    "Like us on",
];

static FOLLOW: LazyLock<Phrases> = LazyLock::new(|| Phrases::new(FOLLOW_PHRASES));

/// [`FOLLOW_PHRASES`] as word lists, for a follow item inside a menu line.
static FOLLOW_ITEMS: LazyLock<Vec<Vec<String>>> = LazyLock::new(|| phrases(FOLLOW_PHRASES));

/// The first words of [`SHARE`], [`SECTIONS`] and [`FOLLOW_ITEMS`], sorted:
/// the first word of every menu line is one of them.
static FIRST_WORDS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut first: Vec<String> = [&*SHARE, &*SECTIONS, &*FOLLOW_ITEMS]
        .into_iter()
        .flatten()
        .filter_map(|p| p.first().cloned())
        .collect();
    first.sort_unstable();
    first.dedup();
    first
});

/// True when `line` may be a menu line: its [opening word](Line::opening),
/// the first word of its key with punctuation made spaces, is in
/// [`FIRST_WORDS`].
fn may_open_menu(line: &Line<'_>) -> bool {
    FIRST_WORDS
        .binary_search_by(|w| w.as_str().cmp(line.opening()))
        .is_ok()
}

fn phrases(list: &[&str]) -> Vec<Vec<String>> {
    list.iter()
        .map(|p| key(p).split(' ').map(str::to_string).collect())
        .collect()
}

/// The longest share or section phrase at the start of `words` (words of
/// a [key](crate::line::key) with the punctuation made spaces), in words;
/// 0 when there is none. For telling menu words glued to a headline.
pub(crate) fn menu_phrase_at(words: &[&str]) -> usize {
    longest_at(words, &SHARE).max(longest_at(words, &SECTIONS))
}

/// The longest phrase of `list` at the start of `words`, in words.
fn longest_at(words: &[&str], list: &[Vec<String>]) -> usize {
    list.iter()
        .filter(|p| p.len() <= words.len() && p.iter().zip(words).all(|(a, b)| a == b))
        .map(Vec::len)
        .max()
        .unwrap_or(0)
}

impl LineRule for ShareMenu {
    fn rule(&self) -> Rule {
        Rule::ShareMenu
    }

    fn matches(&self, line: &Line<'_>, _: &Context<'_>) -> bool {
        if line.words <= 10 && line_starts_with(line, &FOLLOW) {
            return true;
        }
        line.words <= 15 && may_open_menu(line) && is_menu(line)
    }
}

/// True when `line` is made of share, section and follow items only, with
/// a share item or two section items (the rule without its prefilter).
fn is_menu(line: &Line<'_>) -> bool {
    let spaced: String = line
        .key()
        .chars()
        .map(|c| if is_alphanumeric(c) { c } else { ' ' })
        .collect();
    let words: Vec<&str> = spaced.split_whitespace().collect();
    let (mut share, mut sections, mut i) = (0, 0, 0);
    while let Some(rest) = words.get(i..).filter(|r| !r.is_empty()) {
        // "تابعنا على تويتر" as one item of the menu: the follow phrase
        // must name a network.
        let f = longest_at(rest, &FOLLOW_ITEMS);
        let s = match rest.get(f..) {
            Some(after) if f > 0 => match longest_at(after, &SHARE) {
                0 => return false,
                n => f + n,
            },
            _ => longest_at(rest, &SHARE),
        };
        let m = longest_at(rest, &SECTIONS);
        if s == 0 && m == 0 {
            return false;
        }
        if s >= m {
            share += 1;
            i += s;
        } else {
            sections += 1;
            i += m;
        }
    }
    share > 0 || sections >= 2
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::line::key_starts_with;
    use crate::rules::assert_prefilter;

    #[test]
    fn prefilters_never_skip_a_menu() {
        let items: Vec<String> = [&*SHARE, &*SECTIONS, &*FOLLOW_ITEMS]
            .into_iter()
            .flatten()
            .map(|p| p.join(" "))
            .collect();
        assert_prefilter(&items, may_open_menu, is_menu);
        assert_prefilter(
            &FOLLOW,
            |l| FOLLOW.may_open(l),
            |l| key_starts_with(l.key(), &FOLLOW),
        );
    }
    use crate::rules::removes;

    #[test]
    fn removes_buttons_and_menus() {
        let ctx = Context::arabic();
        for line in [
            "شارك",
            "شارك | تغريد | طباعة | أرسل لصديق",
            "فيسبوك تويتر واتساب",
            "تابعنا على تويتر",
            "تابعونا على فيسبوك وتويتر",
            "الرئيسية | محليات | رياضة | اقتصاد",
            "الرئيسية » أخبار » عربي ودولي",
            "Share Tweet Print Email",
            "Follow us on Twitter",
            "Home | News | World",
            "مشاركة • طباعة • تابعونا على فيسبوك",
            "أرسل لصديق / طباعة / تابعنا على إنستغرام",
            "Share - Print - Follow us on Twitter",
            "Next Previous",
        ] {
            assert!(removes(&ShareMenu, line, &ctx), "should remove {line:?}");
        }
    }

    #[test]
    fn keeps_sentences_and_lone_headings() {
        let ctx = Context::arabic();
        for line in [
            "شارك أكثر من ألف متسابق في سباق الهجن الذي أقيم أمس في الطائف.",
            "وقد شارك ٣ فرق إسعافية بالحادث إلى جانب فرقة الاستجابة المتقدمة.",
            "رياضة",
            "* مشاركة الملفات بشكل آمن",
            "Share prices fell sharply in Riyadh on Monday.",
            "Follow the money, the investigators said, and you will find the network.",
            "شارك | تابعنا على الموقع الرسمي للوزارة",
            "طباعة | تابعونا على مدار الساعة",
            "Next Previous سامي العتيبي – عين اليوم",
            "Next week the ministry will publish the full results.",
        ] {
            assert!(!removes(&ShareMenu, line, &ctx), "should keep {line:?}");
        }
    }
}
