//! [`Copyright`]: "©" and all-rights-reserved lines.

use std::sync::LazyLock;

use super::{Context, LineRule, PhotoCredit};
use crate::Rule;
use crate::line::{Line, key_starts_with, keys};

/// Removes a short copyright line.
///
/// Matches a line of at most 12 words that contains `©` or `(c) ` or whose
/// [key](crate::line::key) starts with "copyright"; or a line of at most 25
/// words whose key contains one of جميع الحقوق محفوظة, كل الحقوق محفوظة,
/// حقوق النشر محفوظة, حقوق الطبع محفوظة, الحقوق محفوظة, All rights reserved.
/// A longer line with a © mark, or a © line with a photo cue
/// ("© Photo: AFP"), is a photo caption or credit, left to
/// [`PhotoCredit`](super::PhotoCredit).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Copyright;

static RIGHTS: LazyLock<Vec<String>> = LazyLock::new(|| {
    keys(&[
        "جميع الحقوق محفوظة",
        "كل الحقوق محفوظة",
        "حقوق النشر محفوظة",
        "حقوق الطبع محفوظة",
        "الحقوق محفوظة",
        "All rights reserved",
    ])
});

static START: LazyLock<Vec<String>> = LazyLock::new(|| keys(&["copyright"]));

impl LineRule for Copyright {
    fn rule(&self) -> Rule {
        Rule::Copyright
    }

    fn matches(&self, line: &Line<'_>, ctx: &Context<'_>) -> bool {
        // Every phrase of RIGHTS names حقوق or rights: lines that do not
        // are not folded.
        let rights = line.words <= 25
            && (line.text.contains("حقوق") || line.contains_ascii_ci("rights"))
            && RIGHTS.iter().any(|r| line.key().contains(r.as_str()));
        let mark = line.words <= 12
            && (line.text.contains('©')
                || line.contains_ascii_ci("(c) ")
                || (line.contains_ascii_ci("copyright") && key_starts_with(line.key(), &START)))
            && !PhotoCredit.matches(line, ctx);
        rights || mark
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::removes;

    #[test]
    fn removes_copyright_lines() {
        let ctx = Context::arabic();
        for line in [
            "جميع الحقوق محفوظة © صحيفة سبق الإلكترونية 2015",
            "© 2015 جميع الحقوق محفوظة لصحيفة الاقتصادية",
            "كل الحقوق محفوظة لمؤسسة اليمامة الصحفية",
            "© 2015 Reuters. All rights reserved.",
            "Copyright 2015 The Associated Press.",
        ] {
            assert!(removes(&Copyright, line, &ctx), "should remove {line:?}");
        }
    }

    #[test]
    fn keeps_sentences_about_rights() {
        let ctx = Context::arabic();
        for line in [
            "حيث لا فرق بين الرجل والمرأة في حقوق ولا واجبات.",
            "وقالت الشركة إن حقوق النشر الخاصة بالمسلسل انتقلت إلى قناة أخرى بعد خلاف طويل حول العقد.",
            "The court ruled that the copyright claim filed by the publisher in 2013 had expired before the case was heard.",
            // A photo credit, not a copyright notice.
            "© Photo: Fayez Nureldine/AFP",
        ] {
            assert!(!removes(&Copyright, line, &ctx), "should keep {line:?}");
        }
    }
}
