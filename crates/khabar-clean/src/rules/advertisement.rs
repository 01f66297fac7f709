//! [`Advertisement`]: an ad marker alone on a line.

use std::sync::LazyLock;

use super::{Context, LineRule};
use crate::Rule;
use crate::line::{Line, Phrases, line_is};

/// Removes an advertisement marker.
///
/// Matches a line whose [key](crate::line::key) is exactly one of إعلان,
/// إعلانات, مساحة إعلانية, محتوى مدعوم, Advertisement, Advertisements, Ad,
/// Sponsored, Sponsored content, Advertisement - Scroll to continue,
/// Scroll to continue with content.
///
/// Prefilter: a line whose opening word opens none of the phrases is not
/// folded ([`Phrases::may_open`](crate::line::Phrases::may_open) states why
/// that never skips a match).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Advertisement;

static EXACT: LazyLock<Phrases> = LazyLock::new(|| {
    Phrases::new(&[
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
    use crate::line::key_is;
    use crate::rules::assert_prefilter;

    #[test]
    fn prefilter_never_skips_a_marker() {
        assert_prefilter(&EXACT, |l| EXACT.may_open(l), |l| key_is(l.key(), &EXACT));
    }
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
