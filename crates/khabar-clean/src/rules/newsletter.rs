//! [`Newsletter`]: newsletter and subscription prompts.

use std::sync::LazyLock;

use super::{Context, LineRule};
use crate::Rule;
use crate::line::{Line, Phrases, line_is, line_starts_with};

/// Removes a newsletter or subscription prompt.
///
/// Matches a line whose [key](crate::line::key) is exactly اشترك, اشترك الآن,
/// النشرة البريدية, Subscribe, Subscribe now, Newsletter; or a line of at
/// most 20 words that starts with اشترك في النشرة, اشترك في نشرتنا,
/// اشترك في القائمة البريدية, اشترك مجاناً, سجل في النشرة البريدية,
/// للاشتراك في النشرة, للاشتراك في خدمة, Sign up for our newsletter,
/// Sign up for the, Subscribe to our, Subscribe to the, Get our newsletter.
///
/// Prefilter: a line whose opening word opens none of the phrases is not
/// folded ([`Phrases::may_open`](crate::line::Phrases::may_open) states why
/// that never skips a match).
/// (A columnist's SMS-contact prompt is [`Contact`](super::Contact).)
#[derive(Debug, Clone, Copy)]
pub(crate) struct Newsletter;

static EXACT: LazyLock<Phrases> = LazyLock::new(|| {
    Phrases::new(&[
        "اشترك",
        "اشترك الآن",
        "النشرة البريدية",
        "Subscribe",
        "Subscribe now",
        "Newsletter",
    ])
});

static PREFIX: LazyLock<Phrases> = LazyLock::new(|| {
    Phrases::new(&[
        "اشترك في النشرة",
        "اشترك في نشرتنا",
        "اشترك في القائمة البريدية",
        "اشترك مجاناً",
        "سجل في النشرة البريدية",
        "للاشتراك في النشرة",
        "للاشتراك في خدمة",
        "Sign up for our newsletter",
        "Sign up for the",
        "Subscribe to our",
        "Subscribe to the",
        "Get our newsletter",
    ])
});

impl LineRule for Newsletter {
    fn rule(&self) -> Rule {
        Rule::Newsletter
    }

    fn matches(&self, line: &Line<'_>, _: &Context<'_>) -> bool {
        line_is(line, &EXACT) || (line.words <= 20 && line_starts_with(line, &PREFIX))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::line::{key_is, key_starts_with};
    use crate::rules::assert_prefilter;

    #[test]
    fn prefilters_never_skip_a_prompt() {
        assert_prefilter(&EXACT, |l| EXACT.may_open(l), |l| key_is(l.key(), &EXACT));
        assert_prefilter(
            &PREFIX,
            |l| PREFIX.may_open(l),
            |l| key_starts_with(l.key(), &PREFIX),
        );
    }
    use crate::rules::removes;

    #[test]
    fn removes_prompts() {
        let ctx = Context::arabic();
        for line in [
            "اشترك في النشرة البريدية",
            "اشترك في نشرتنا البريدية ليصلك جديد الأخبار",
            "Sign up for our newsletter",
            "Subscribe",
        ] {
            assert!(removes(&Newsletter, line, &ctx), "should remove {line:?}");
        }
    }

    #[test]
    fn keeps_sentences() {
        let ctx = Context::arabic();
        for line in [
            "اشترك في البطولة عشرون فريقا من مختلف مناطق المملكة.",
            "وقال إن عدد المشتركين في النشرة البريدية للوزارة تجاوز مليون مشترك.",
            "Subscribers to the service will pay 30 riyals a month from August.",
        ] {
            assert!(!removes(&Newsletter, line, &ctx), "should keep {line:?}");
        }
    }
}
