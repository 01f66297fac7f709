//! [`ReadMore`]: "اقرأ أيضاً" / "Read more" headings and their title lists.

use std::sync::LazyLock;

use super::{Context, LineRule};
use crate::Rule;
use crate::line::{Line, Phrases, line_is};

/// Removes a read-more or related-articles heading; the engine then removes
/// the list lines right after it that pass [`is_list_item`].
///
/// Matches a line whose [key](crate::line::key) is exactly one of
/// اقرأ أيضاً, إقرأ أيضا, اقرأ المزيد, المزيد, شاهد أيضاً, مواضيع ذات صلة,
/// موضوعات ذات صلة, أخبار ذات صلة, مقالات ذات صلة, قد يهمك أيضاً,
/// قد يعجبك أيضاً, Read more, Read also, Related, Related articles,
/// Related stories, Related news, Related content, See also, More on this,
/// You may also like (so "...المزيد" and "اقرأ أيضاً:" match); or a line of at
/// most 20 words that starts with one of اقرأ أيضاً, إقرأ أيضا, Read more,
/// Read also, Related, See also followed by a colon ("اقرأ أيضاً: عنوان").
///
/// Prefilter: a line whose opening word opens none of the phrases is not
/// folded ([`Phrases::may_open`](crate::line::Phrases::may_open) states why
/// that never skips a match).
#[derive(Debug, Clone, Copy)]
pub(crate) struct ReadMore;

static HEADINGS: LazyLock<Phrases> = LazyLock::new(|| {
    Phrases::new(&[
        "اقرأ أيضاً",
        "إقرأ أيضا",
        "اقرأ المزيد",
        "المزيد",
        "شاهد أيضاً",
        "مواضيع ذات صلة",
        "موضوعات ذات صلة",
        "أخبار ذات صلة",
        "مقالات ذات صلة",
        "قد يهمك أيضاً",
        "قد يعجبك أيضاً",
        "Read more",
        "Read also",
        "Related",
        "Related articles",
        "Related stories",
        "Related news",
        "Related content",
        "See also",
        "More on this",
        "You may also like",
    ])
});

static INLINE: LazyLock<Phrases> = LazyLock::new(|| {
    Phrases::new(&[
        "اقرأ أيضاً",
        "إقرأ أيضا",
        "Read more",
        "Read also",
        "Related",
        "See also",
    ])
});

/// The most list lines removed after one heading.
pub(crate) const MAX_LIST: usize = 12;

/// True for a line that can be an item of a read-more list: at most 14
/// words and 120 chars, and not ending with `.`, `!`, `:`, `;`, `؛` or `…`
/// (a finished sentence or a new heading). A title may end with `?`/`؟`.
pub(crate) fn is_list_item(line: &Line<'_>) -> bool {
    line.words <= 14
        && line.text.chars().count() <= 120
        && !matches!(
            line.text.chars().next_back(),
            Some('.' | '!' | ':' | ';' | '؛' | '…')
        )
}

impl LineRule for ReadMore {
    fn rule(&self) -> Rule {
        Rule::ReadMore
    }

    fn matches(&self, line: &Line<'_>, _: &Context<'_>) -> bool {
        if line_is(line, &HEADINGS) {
            return true;
        }
        line.words <= 20
            && INLINE.may_open(line)
            && INLINE.iter().any(|p| {
                line.key()
                    .strip_prefix(p.as_str())
                    .is_some_and(|rest| rest.trim_start().starts_with(':'))
            })
    }

    fn opens_list(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::line::key_is;
    use crate::rules::{assert_prefilter, removes};

    #[test]
    fn prefilters_never_skip_a_heading() {
        assert_prefilter(
            &HEADINGS,
            |l| HEADINGS.may_open(l),
            |l| key_is(l.key(), &HEADINGS),
        );
        let inline = |l: &Line<'_>| {
            INLINE.iter().any(|p| {
                l.key()
                    .strip_prefix(p.as_str())
                    .is_some_and(|rest| rest.trim_start().starts_with(':'))
            })
        };
        assert_prefilter(&INLINE, |l| INLINE.may_open(l), inline);
    }

    #[test]
    fn removes_headings() {
        let ctx = Context::arabic();
        for line in [
            "اقرأ أيضاً:",
            "اقرأ أيضا",
            "...المزيد",
            "مواضيع ذات صلة",
            "اقرأ أيضاً: الحوثيون يقصفون الأحياء السكنية في تعز",
            "Read more",
            "Related articles",
            "Read more: Saudi Arabia raises fuel prices",
        ] {
            assert!(removes(&ReadMore, line, &ctx), "should remove {line:?}");
        }
    }

    #[test]
    fn keeps_sentences() {
        let ctx = Context::arabic();
        for line in [
            "للمزيد من المعلومات: www.stanfords.co.uk",
            "وطالب المزيد من الدول بالانضمام إلى التحالف الدولي ضد داعش.",
            "اقرأ أيضا ما كتبه الزميل في عدد الأمس عن أزمة المياه في جدة.",
            "Related talks between the two ministries ended without agreement.",
        ] {
            assert!(!removes(&ReadMore, line, &ctx), "should keep {line:?}");
        }
    }

    #[test]
    fn list_items_are_short_unfinished_lines() {
        let item = |s| Line::new(1, s).is_some_and(|l| is_list_item(&l));
        assert!(item("مذبحة حوثية في عدن.. والمقاومة تزحف نحو القصر"));
        assert!(item("هل تنجح خطة كاميرون لمواجهة التطرف؟"));
        assert!(!item("ورسم كاميرون الإطار العام لاستراتيجية مكافحة التطرف."));
        assert!(!item("المقادير:"));
    }
}
