//! [`Advertisement`]: an ad marker alone on a line.

use std::sync::LazyLock;

use super::{Context, LineRule};
use crate::Rule;
use crate::line::{Line, keys, line_is};

/// Removes an advertisement marker.
///
/// Matches a line whose [key](crate::line::key) is exactly one of إعلان,
/// إعلانات, مساحة إعلانية, محتوى مدعوم, Advertisement, Advertisements, Ad,
/// Sponsored, Sponsored content, Advertisement - Scroll to continue,
/// Scroll to continue with content.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Advertisement;

static EXACT: LazyLock<Vec<String>> = LazyLock::new(|| {
    keys(&[
        "إعلان",
        "إعلانات",
        "مساحة إعلانية",
        "محتوى مدعوم",
        "Advertisement",
        "Advertisements",
        "Ad",
        "Sponsored",
        "Sponsored content",
        "Advertisement - Scroll to continue",
        "Scroll to continue with content",
    ])
});

impl LineRule for Advertisement {
    fn rule(&self) -> Rule {
        Rule::Advertisement
    }

    fn matches(&self, line: &Line<'_>, _: &Context<'_>) -> bool {
        line_is(line, &EXACT)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::removes;

    #[test]
    fn removes_markers() {
        let ctx = Context::arabic();
        for line in [
            "إعلان",
            "- إعلان -",
            "Advertisement",
            "ADVERTISEMENT",
            "Sponsored content",
        ] {
            assert!(
                removes(&Advertisement, line, &ctx),
                "should remove {line:?}"
            );
        }
    }

    #[test]
    fn keeps_sentences() {
        let ctx = Context::arabic();
        for line in [
            "* تزامن مع ذكرى إعلان «الخلافة»",
            "إعلان نتائج القبول في الجامعات السعودية الأسبوع المقبل.",
            "The advertisement was pulled after complaints from viewers.",
        ] {
            assert!(!removes(&Advertisement, line, &ctx), "should keep {line:?}");
        }
    }
}
