//! [`TitleRepeat`]: the headline repeated as the first body line.

use std::sync::LazyLock;

use super::outlets::is_outlet;
use super::{Context, LineRule, menu_phrase_at};
use crate::Rule;
use khabar_text::fold;
use khabar_text::script::is_alphanumeric;

use crate::line::{Line, keys};

/// Removes the first non-blank line of an article (one that has more lines)
/// when it repeats the headline.
///
/// With both compared by [key](crate::line::key), and a headline of at least
/// 3 words: the line equals the headline; or it contains the headline with
/// at most 12 words before it and at most 4 words after it (words with a
/// letter or digit: a `|` is not one), does not end
/// with `.` (a lead sentence that quotes the headline stays), and the words
/// around the headline are page material, not text:
/// - the headline has at least [`COVER_TITLE`] words and is at least 3/4
///   of the line's words (a short poem title inside its first verse is
///   not enough), or
/// - every word before and after it is menu, outlet or date material
///   ([`is_page_material`]), or
/// - the words before it are a breadcrumb (they end with `|`, `»`, `›` or
///   `>`) and the words after it are page material.
///
/// So "الرئيسية | أخبار | <headline> - 20 يوليو 2015" goes, and the first
/// verse of a poem whose title is its first words ("<title> زيح الهم من
/// راسك") stays.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TitleRepeat;

/// Date and desk words that may stand around a repeated headline: the
/// month and weekday names, and the words of dates and desks around them.
static DATE_WORDS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut words = keys(khabar_text::calendar::MONTH_NAMES);
    words.extend(keys(khabar_text::calendar::WEEKDAY_NAMES));
    words.extend(keys(&[
        "ذو",
        "الأول",
        "الآخر",
        "الثاني",
        "هـ",
        "م",
        "الموافق",
        "منذ",
        "ساعة",
        "ساعات",
        "دقيقة",
        "دقائق",
        "يوم",
        "أيام",
        "متابعات",
        "خاص",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "am",
        "pm",
    ]));
    words
});

/// The fewest words of a headline that may cover a line by itself.
const COVER_TITLE: usize = 6;

/// The ratio of headline words to line words (as `num / den`) above which
/// the words around the headline do not matter.
const COVER: (usize, usize) = (3, 4);

/// True when every word of `part` (a piece of a line's key) is menu, outlet
/// or date material: a share or section phrase ([`menu_phrase_at`]), a
/// known outlet (up to 3 words), a word with a digit, or a date or desk
/// word (month and day names, هـ, الموافق, متابعات, ...). Punctuation is
/// ignored; an empty part is material.
pub(crate) fn is_page_material(part: &str) -> bool {
    let spaced: String = part
        .chars()
        .map(|c| if is_alphanumeric(c) { c } else { ' ' })
        .collect();
    let words: Vec<&str> = spaced.split_whitespace().collect();
    let mut i = 0;
    while let Some(rest) = words.get(i..).filter(|r| !r.is_empty()) {
        let first = rest.first().copied().unwrap_or_default();
        let outlet = (1..=3.min(rest.len()))
            .rev()
            .find(|&n| rest.get(..n).is_some_and(|w| is_outlet(&w.join(" "))))
            .unwrap_or(0);
        let step = if first.chars().any(|c| c.is_numeric()) || DATE_WORDS.iter().any(|d| d == first)
        {
            1
        } else {
            menu_phrase_at(rest).max(outlet)
        };
        if step == 0 {
            return false;
        }
        i += step;
    }
    true
}

/// The breadcrumb separators, in match form (which turns `»` into a plain
/// quote).
static SEPARATORS: LazyLock<String> = LazyLock::new(|| fold("|»›>").into_owned());

/// The number of words of `part` that have a letter or digit (a `|` between
/// menu items is not a word).
fn words(part: &str) -> usize {
    part.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// True when `part` (a piece of a key) ends with a breadcrumb separator.
fn is_breadcrumb(part: &str) -> bool {
    part.trim_end()
        .chars()
        .next_back()
        .is_some_and(|c| SEPARATORS.contains(c))
}

/// The number of chars of `text` that are ASCII letters or digits or the
/// Arabic letters U+0621-063A, U+0641-064A: each folds to exactly one letter
/// or digit of the match form, which [`key`](crate::line::key) neither
/// collapses nor trims, so this is at most the number of chars of the key.
fn plain_alphanumerics(text: &str) -> usize {
    text.chars()
        .filter(|&c| {
            c.is_ascii_alphanumeric()
                || matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}')
        })
        .count()
}

impl LineRule for TitleRepeat {
    fn rule(&self) -> Rule {
        Rule::TitleRepeat
    }

    fn matches(&self, line: &Line<'_>, ctx: &Context<'_>) -> bool {
        let Some(title) = ctx.title.filter(|t| ctx.first && t.split(' ').count() >= 3) else {
            return false;
        };
        // A line with more plain letters and digits than the title has
        // chars cannot have the title as its key; most first lines are
        // longer sentences, and need no key when they also end with a full
        // stop.
        if plain_alphanumerics(line.text) <= title.chars().count() && line.key() == title {
            return true;
        }
        if line.text.ends_with('.') {
            return false;
        }
        let Some(at) = line.key().find(title) else {
            return false;
        };
        let before = line.key().get(..at).unwrap_or_default();
        let after = line.key().get(at + title.len()..).unwrap_or_default();
        let (n_before, n_after) = (words(before), words(after));
        if n_before > 12 || n_after > 4 {
            return false;
        }
        let n_title = title.split(' ').count();
        let covers =
            n_title >= COVER_TITLE && n_title * COVER.1 >= (n_title + n_before + n_after) * COVER.0;
        covers || (is_page_material(after) && (is_page_material(before) || is_breadcrumb(before)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::line::key;
    use proptest::prelude::*;

    proptest! {
        /// The bound the prefilter relies on.
        #[test]
        fn plain_alphanumerics_never_exceed_the_key(
            s in "[ \t\u{A0}\u{200B}ابتشكلمنأإآىةؤئـًٌَُِّْ٣0-9aZKİﻻ«»()|:.،؛–—“”…\\-]{0,60}|\\PC{0,60}",
        ) {
            prop_assert!(plain_alphanumerics(&s) <= key(&s).chars().count());
        }
    }
    use crate::rules::ArticleScript;
    use khabar_text::script::Script;

    fn removes_first(line: &str, title: &str) -> bool {
        let title = key(title);
        let ctx = Context {
            title: Some(&title),
            script: ArticleScript::Known(Some(Script::Arabic)),
            first: true,
            tail: false,
        };
        Line::new(1, line).is_some_and(|l| TitleRepeat.matches(&l, &ctx))
    }

    const TITLE: &str = "الرئيس هادي يعين نايف البكري محافظاً لعدن";

    #[test]
    fn removes_repeated_headline() {
        assert!(removes_first(
            "الرئيس هادي يعين نايف البكري محافظا لعدن",
            TITLE
        ));
        assert!(removes_first(
            "الرئيسية محليات عربي ودولي الرئيس هادي يعين نايف البكري محافظاً لعدن",
            TITLE
        ));
        assert!(removes_first(
            "أخبار | الرئيس هادي يعين نايف البكري محافظاً لعدن - 20 يوليو 2015",
            TITLE
        ));
    }

    #[test]
    fn removes_headline_with_page_material_around_it() {
        // Unknown section names in a breadcrumb.
        assert!(removes_first(
            "الرئيسية » أخبار المنطقة الشرقية » الرئيس هادي يعين نايف البكري محافظاً لعدن",
            TITLE
        ));
        // An outlet and a Hijri date after it.
        assert!(removes_first(
            "الرئيس هادي يعين نايف البكري محافظاً لعدن | عكاظ 5 شوال 1436",
            TITLE
        ));
        // Most of the line is the headline.
        assert!(removes_first(
            "الرئيس هادي يعين نايف البكري محافظاً لعدن اليوم",
            TITLE
        ));
    }

    #[test]
    fn keeps_a_verse_that_starts_with_a_short_title() {
        let title = "يا ساكن القلب";
        assert!(!removes_first("يا ساكن القلب ما غبت عن بالي", title));
        assert!(!removes_first(
            "يـا ساكن القلـب ما غبـت عن بالـي",
            "يـا ساكن القلّب"
        ));
        assert!(!removes_first("قصيدة: يا ساكن القلب لا تبعد", title));
        // Four words of title and one of verse: still a verse.
        assert!(!removes_first(
            "يا ساكن القلب الحزين متى",
            "يا ساكن القلب الحزين"
        ));
        // The title alone, or with a date, still goes.
        assert!(removes_first("يا ساكن القلب", title));
        assert!(removes_first("يا ساكن القلب - 12 أغسطس 2015", title));
    }

    #[test]
    fn page_material() {
        for part in [
            "",
            "الرئيسية | محليات |",
            "- 20 يوليو 2015",
            "عربي ودولي",
            "| الشرق الأوسط",
            "الأحد 26 شوال 1436 هـ",
        ] {
            assert!(is_page_material(&key(part)), "{part:?}");
        }
        for part in ["ما غبت عن بالي", "قال الوزير", "محليات الطقس"]
        {
            assert!(!is_page_material(&key(part)), "{part:?}");
        }
    }

    #[test]
    fn keeps_lead_sentences_and_later_lines() {
        assert!(!removes_first(
            "أصدر الرئيس عبدربه منصور هادي اليوم قرارا جمهوريا بتعيين نايف البكري محافظا لعدن.",
            TITLE
        ));
        assert!(!removes_first(
            "قالت مصادر إن الرئيس هادي يعين نايف البكري محافظاً لعدن خلفا للمحافظ السابق بعد تحرير المدينة",
            TITLE
        ));
        // Not the first line.
        let title = key(TITLE);
        let ctx = Context {
            title: Some(&title),
            script: ArticleScript::Known(Some(Script::Arabic)),
            first: false,
            tail: false,
        };
        assert!(Line::new(5, TITLE).is_some_and(|l| !TitleRepeat.matches(&l, &ctx)));
        // Two-word headlines are too short to tell.
        assert!(!removes_first("إنقاذ أسطوري", "إنقاذ أسطوري"));
    }
}
