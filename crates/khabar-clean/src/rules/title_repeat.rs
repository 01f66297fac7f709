//! [`TitleRepeat`]: the headline repeated as the first body line.

use super::{Context, LineRule};
use crate::Rule;
use crate::line::Line;

/// Removes the first non-blank line of an article (one that has more lines)
/// when it repeats the headline.
///
/// With both compared by [key](crate::line::key), and a headline of at least
/// 3 words: the line equals the headline, or contains it with at most 12
/// words before it (menu or breadcrumb words glued to the headline) and at
/// most 4 words after it (a date, an outlet name), and does not end with
/// `.` (a lead sentence that quotes the headline stays).
#[derive(Debug, Clone, Copy)]
pub(crate) struct TitleRepeat;

impl LineRule for TitleRepeat {
    fn rule(&self) -> Rule {
        Rule::TitleRepeat
    }

    fn matches(&self, line: &Line<'_>, ctx: &Context<'_>) -> bool {
        let Some(title) = ctx.title.filter(|t| ctx.first && t.split(' ').count() >= 3) else {
            return false;
        };
        if line.key == title {
            return true;
        }
        if line.text.ends_with('.') {
            return false;
        }
        let Some(at) = line.key.find(title) else {
            return false;
        };
        let before = line
            .key
            .get(..at)
            .unwrap_or_default()
            .split_whitespace()
            .count();
        let after = line
            .key
            .get(at + title.len()..)
            .unwrap_or_default()
            .split_whitespace()
            .count();
        before <= 12 && after <= 4
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::line::key;
    use khabar_text::script::Script;

    fn removes_first(line: &str, title: &str) -> bool {
        let title = key(title);
        let ctx = Context {
            title: Some(&title),
            script: Some(Script::Arabic),
            first: true,
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
            script: Some(Script::Arabic),
            first: false,
        };
        assert!(Line::new(5, TITLE).is_some_and(|l| !TitleRepeat.matches(&l, &ctx)));
        // Two-word headlines are too short to tell.
        assert!(!removes_first("إنقاذ أسطوري", "إنقاذ أسطوري"));
    }
}
