//! [`Signature`]: a closing outlet or agency signature.

use std::sync::LazyLock;

use khabar_text::fold;
use khabar_text::script::Script;

use super::outlets::{is_outlet, is_outlet_list};
use super::{Closing, Credit, CreditRule, Cut};
use crate::Rule;
use crate::line::{Line, ends_sentence, key_starts_with, keys, mostly};
use crate::rejoin::is_connector;

/// Takes a closing signature line as the credit (only ever tried on the
/// closing lines, never on the first line: a leading "الرياض - واس" is a
/// dateline and stays).
///
/// After leading `- – — ـ * •` and spaces are stripped, the line (at most 8
/// words) is either
/// - an outlet list ("وكالات", "- أ ف ب", "AFP/Reuters"), or
/// - parts split by `- – — ـ` whose last part is a known outlet and whose
///   other parts have at most 3 words each ("الرياض - واس", "الرياضي ـ وكالات"), or
/// - a syndication note that starts with خدمة, بالاتفاق مع, بالتعاون مع,
///   خاص بـ, خاص لـ, Special to, By arrangement with, Distributed by and
///   names the outlet in quotes or brackets (« { " “): "* خدمة «نيويورك تايمز»", or
/// - a bare outlet name (see [`is_bare_name`]): "بوابة الرافدين", "Gulf Dispatch".
///
/// The credit is the stripped line.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Signature;

static SYNDICATION: LazyLock<Vec<String>> = LazyLock::new(|| {
    keys(&[
        "خدمة",
        "بالاتفاق مع",
        "بالتعاون مع",
        "خاص بـ",
        "خاص ب",
        "خاص لـ",
        "خاص ل",
        "Special to",
        "By arrangement with",
        "Distributed by",
    ])
});

const DASHES: [char; 4] = ['-', '–', '—', 'ـ'];

/// The most words of a bare outlet name.
const BARE_WORDS: usize = 4;

/// The fewest chars of a name word that counts when it occurs in the body.
const MENTION_CHARS: usize = 3;

/// The fewest words of the paragraph a bare outlet name must follow.
const PARAGRAPH_WORDS: usize = 8;

/// Words with the article ال that are not in an outlet's name.
const NOT_NAMES: &[&str] = &["الله", "اللهم", "الخبر", "المصدر", "النهاية"];

/// True when `name`, the stripped last line of the article, is a bare
/// outlet name that no list knows ("بوابة الرافدين", "المدار"): the name of
/// an unknown outlet and the last words of an article look alike, so the
/// line must look like a signature in every way:
/// - it is the last kept line and stands apart: a blank or removed line
///   separates it from the line before, which is a finished paragraph (at
///   least 8 words, ending with sentence-final punctuation);
/// - 1 to 4 words of letters only (quotes « » " allowed around it, a full
///   stop after it): no bullet ("* استشاري طب الأطفال" is an author's note),
///   no digits, no other punctuation;
/// - Arabic: a word with the article ال ("المدار", "صدى الخليج"), no word
///   starting with و (a conjunction: "والله الموفق"), no preposition or
///   other connector ("من الرياض"), and not الله, اللهم, الخبر, المصدر, النهاية;
/// - Latin: every word capitalised ("Gulf Dispatch");
/// - no word of 3 chars or more of it (other than "the", "and" ...) occurs in the rest of the article
///   (outside an opening dateline, where "موسكو - «المدار»:" names the
///   outlet): a short last line that repeats the article's words is a
///   photo caption ("العيادة المتنقلة"), not a signature.
///
/// A columnist's name signed under the last paragraph ("صالح الزهراني")
/// has the same shape and is taken too: it is a signature as well.
fn is_bare_name(line: &Line<'_>, at: &Closing<'_, '_>) -> bool {
    let Some(before) = at.before else {
        return false;
    };
    let apart = before.number + 1 < line.number;
    if !at.last
        || !apart
        || !ends_sentence(before.text)
        || before.words < PARAGRAPH_WORDS
        || line.words > BARE_WORDS
    {
        return false;
    }
    let name = line
        .text
        .trim_end_matches('.')
        .trim_matches(['«', '»', '"', '“', '”']);
    if name.is_empty() || !name.chars().all(|c| c.is_alphabetic() || c == ' ') {
        return false;
    }
    let words: Vec<String> = name
        .split_whitespace()
        .map(|w| fold(w).into_owned())
        .collect();
    // A caption under the last photo names what the article is about
    // ("العيادة المتنقلة", "الجبال"); a signature does not occur in it.
    if words.iter().any(|w| {
        w.chars().count() >= MENTION_CHARS
            && !is_connector(w)
            && at.body_key().contains(&w.to_lowercase())
    }) {
        return false;
    }
    match mostly(name) {
        Some(Script::Arabic) => {
            words.iter().any(|w| w.starts_with("ال"))
                && !words.iter().any(|w| {
                    w.starts_with('و') || is_connector(w) || NOT_NAMES.contains(&w.as_str())
                })
        }
        Some(Script::Latin) => name
            .split_whitespace()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase)),
        _ => false,
    }
}

/// True for "<place or byline> - <outlet>".
fn is_dated_outlet(s: &str) -> bool {
    let parts: Vec<&str> = s
        .split(DASHES)
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    match parts.split_last() {
        Some((last, rest)) => {
            !rest.is_empty()
                && is_outlet(last)
                && rest.iter().all(|p| p.split_whitespace().count() <= 3)
        }
        None => false,
    }
}

impl CreditRule for Signature {
    fn rule(&self) -> Rule {
        Rule::Signature
    }

    fn credit(&self, line: &Line<'_>, at: &Closing<'_, '_>) -> Option<Credit> {
        if line.words > 8 {
            return None;
        }
        let stripped = line
            .text
            .trim_start_matches(|c: char| {
                DASHES.contains(&c) || matches!(c, '*' | '•') || c.is_whitespace()
            })
            .trim_end_matches(['.', ' ']);
        let quoted = stripped.contains(['«', '{', '"', '“']);
        let matched = is_outlet_list(stripped)
            || is_dated_outlet(stripped)
            || (quoted && key_starts_with(line.key(), &SYNDICATION))
            || is_bare_name(line, at);
        matched.then(|| Credit {
            cut: Cut::Whole,
            credit: Some(stripped.to_string()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Body;

    fn credit(text: &str) -> Option<String> {
        Line::new(9, text)
            .and_then(|l| Signature.credit(&l, &Closing::default()))
            .and_then(|c| c.credit)
    }

    #[test]
    fn takes_signatures() {
        assert_eq!(credit("- أ ف ب").as_deref(), Some("أ ف ب"));
        assert_eq!(credit("وكالات").as_deref(), Some("وكالات"));
        assert_eq!(credit("سبق").as_deref(), Some("سبق"));
        assert_eq!(credit("الرياض - واس").as_deref(), Some("الرياض - واس"));
        assert_eq!(
            credit("الرياضي ـ وكالات").as_deref(),
            Some("الرياضي ـ وكالات")
        );
        assert_eq!(
            credit("* خدمة «نيويورك تايمز»").as_deref(),
            Some("خدمة «نيويورك تايمز»")
        );
        assert_eq!(
            credit("ـ خاص بـ«الشرق الأوسط»").as_deref(),
            Some("خاص بـ«الشرق الأوسط»")
        );
        assert_eq!(
            credit("* بالاتفاق مع «بلومبيرغ»").as_deref(),
            Some("بالاتفاق مع «بلومبيرغ»")
        );
    }

    #[test]
    fn leaves_closing_sentences() {
        assert_eq!(credit("وأكد أن الحادث قيد التحقيق."), None);
        assert_eq!(credit("إلى اللقاء.."), None);
        assert_eq!(credit("* استشاري طب الأطفال"), None);
        assert_eq!(
            credit("وقالت وكالة الأنباء السعودية (واس) إن الملك استقبل الوفد."),
            None
        );
        assert_eq!(credit("خدمة العملاء متاحة على مدار الساعة"), None);
        // A bare name needs the closing context.
        assert_eq!(credit("بوابة الرافدين"), None);
    }

    /// The credit of the last of `lines` (1-based numbers, "" = blank),
    /// with the line before it as `before`.
    fn closing(lines: &[&str]) -> Option<String> {
        let numbered: Vec<Line<'_>> = lines
            .iter()
            .enumerate()
            .filter_map(|(i, l)| Line::new(i + 1, l))
            .collect();
        let (last, rest) = numbered.split_last()?;
        let body = Body::new(rest.iter().collect());
        let at = Closing {
            last: true,
            before: rest.last(),
            body: Some(&body),
        };
        Signature.credit(last, &at).and_then(|c| c.credit)
    }

    #[test]
    fn takes_a_bare_outlet_name_after_the_last_paragraph() {
        let para = "وأكد المتحدث باسم الوزارة أن فرق الإنقاذ ما زالت تبحث عن المفقودين تحت الأنقاض.";
        assert_eq!(
            closing(&[para, "", "بوابة الرافدين"]).as_deref(),
            Some("بوابة الرافدين")
        );
        assert_eq!(
            closing(&[para, "", "«المدار»"]).as_deref(),
            Some("«المدار»")
        );
        assert_eq!(
            closing(&[para, "", "", "المدار."]).as_deref(),
            Some("المدار")
        );
        let en = "The ministry said rescue teams were still searching for the missing.";
        assert_eq!(
            closing(&[en, "", "Gulf Dispatch"]).as_deref(),
            Some("Gulf Dispatch")
        );
    }

    #[test]
    fn leaves_a_closing_photo_caption() {
        let para = "وقدمت العيادة المتنقلة خدماتها لأكثر من ألفي مراجع في القرى الجبلية خلال أسبوع.";
        assert_eq!(closing(&[para, "", "العيادة المتنقلة"]), None);
        // The outlet named in the opening dateline still signs.
        let dated = "الرياض - «المدار»: وقدمت العيادة المتنقلة خدماتها لأكثر من ألفي مراجع.";
        assert_eq!(closing(&[dated, "", "المدار"]).as_deref(), Some("المدار"));
    }

    #[test]
    fn leaves_last_words_that_are_not_a_name() {
        let para = "وأكد المتحدث باسم الوزارة أن فرق الإنقاذ ما زالت تبحث عن المفقودين تحت الأنقاض.";
        for last in [
            "والله الموفق",
            "رحمه الله",
            "حسبنا الله ونعم الوكيل",
            "من الرياض",
            "تعديل 12 الساعة",
            "انتهى",
            "أطلقوا سراح المعتقلين!",
            "السلام عليكم ورحمة الله وبركاته",
            "* استشاري طب الأطفال",
        ] {
            assert_eq!(closing(&[para, "", last]), None, "{last}");
        }
        // Not apart from the paragraph, or after an unfinished one.
        assert_eq!(closing(&[para, "بوابة الرافدين"]), None);
        assert_eq!(
            closing(&[
                "وأكد المتحدث باسم الوزارة أن فرق الإنقاذ ما زالت تبحث",
                "",
                "بوابة الرافدين"
            ]),
            None
        );
        assert_eq!(closing(&["قصيدة قصيرة.", "", "بوابة الرافدين"]), None);
        let en = "The ministry said rescue teams were still searching for the missing.";
        assert_eq!(closing(&[en, "", "Thanks for reading"]), None);
    }
}
