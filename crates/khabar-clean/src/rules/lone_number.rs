//! [`LoneNumber`]: a short line without letters.

use super::{Context, LineRule};
use crate::Rule;
use crate::line::Line;

/// Removes a line of at most 12 chars that contains no letter and at most
/// 3 digits: a lone list or page number ("1", "٣", "(2)"), a bullet ("•",
/// "-", "*") or a punctuation run ("…", "***", "--"). Longer numbers stay:
/// in real articles a line of digits alone is often data (a list of
/// applicant numbers, a year, a phone number), not debris.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LoneNumber;

impl LineRule for LoneNumber {
    fn rule(&self) -> Rule {
        Rule::LoneNumber
    }

    fn matches(&self, line: &Line<'_>, _: &Context<'_>) -> bool {
        // 12 chars take at most 48 bytes: a longer line is not counted.
        line.text.len() <= 4 * 12
            && line.text.chars().count() <= 12
            && !line.text.chars().any(char::is_alphabetic)
            && line.text.chars().filter(|c| c.is_numeric()).count() <= 3
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::removes;

    #[test]
    fn removes_letterless_short_lines() {
        let ctx = Context::arabic();
        for line in ["1", "٣", "•", "-", "*", "…", "***", "12 .", "(2)", "١٢٣"] {
            assert!(removes(&LoneNumber, line, &ctx), "should remove {line:?}");
        }
    }

    #[test]
    fn keeps_lines_with_words_or_long_figures() {
        let ctx = Context::arabic();
        for line in [
            "1. تطبيق «فيسبوك»",
            "وارتفع المؤشر 12 نقطة.",
            "1.0840 1.0850 1.0862 1.0871 1.0890",
            "3601100204",
            "2015",
            "920020405",
            "لا",
        ] {
            assert!(!removes(&LoneNumber, line, &ctx), "should keep {line:?}");
        }
    }
}
