//! [`CommentForm`]: the comment box under an article.

use std::sync::LazyLock;

use super::{Context, LineRule};
use crate::Rule;
use crate::line::{Line, Phrases, key_is, keys, line_is, line_starts_with};

/// Removes a comment-form line.
///
/// Matches a line whose [key](crate::line::key) is exactly one of
/// اترك تعليقاً, اترك تعليق, اترك رداً, أضف تعليقاً, أضف تعليق, أضف تعليقك,
/// اكتب تعليقك, التعليقات, تعليقات, تعليقات القراء, عدد التعليقات,
/// لا توجد تعليقات, Comments, Comment, Leave a comment, Leave a reply,
/// Post a comment, Add a comment, No comments, View comments, Show comments;
/// or a count of comments ("3 تعليقات", "12 Comments");
/// or a line of at most 25 words that starts with
/// لن يتم نشر عنوان بريدك الإلكتروني, لن يتم نشر بريدك الإلكتروني,
/// الحقول الإلزامية مشار إليها, الحقول المطلوبة مشار إليها,
/// Your email address will not be published, Required fields are marked,
/// You must be logged in to post a comment, احفظ اسمي، بريدي الإلكتروني،
/// Save my name, email, and website in this browser.
///
/// Prefilter: a line whose opening word opens none of the phrases is not
/// folded ([`Phrases::may_open`](crate::line::Phrases::may_open) states why
/// that never skips a match).
///
/// A match in the second half of the article opens the form: the engine
/// then removes, as part of it, up to [`MAX_FORM`] lines right after it that
/// pass [`is_form_field`] (checked before every other rule, so that
/// "البريد الإلكتروني *" is a form field and not a share button).
#[derive(Debug, Clone, Copy)]
pub(crate) struct CommentForm;

static EXACT: LazyLock<Phrases> = LazyLock::new(|| {
    Phrases::new(&[
        "اترك تعليقاً",
        "اترك تعليق",
        "اترك رداً",
        "أضف تعليقاً",
        "أضف تعليق",
        "أضف تعليقك",
        "اكتب تعليقك",
        "التعليقات",
        "تعليقات",
        "تعليقات القراء",
        "عدد التعليقات",
        "لا توجد تعليقات",
        "Comments",
        "Comment",
        "Leave a comment",
        "Leave a reply",
        "Post a comment",
        "Add a comment",
        "No comments",
        "View comments",
        "Show comments",
    ])
});

static PREFIX: LazyLock<Phrases> = LazyLock::new(|| {
    Phrases::new(&[
        "لن يتم نشر عنوان بريدك الإلكتروني",
        "لن يتم نشر بريدك الإلكتروني",
        "الحقول الإلزامية مشار إليها",
        "الحقول المطلوبة مشار إليها",
        "Your email address will not be published",
        "Required fields are marked",
        "You must be logged in to post a comment",
        "احفظ اسمي، بريدي الإلكتروني",
        "Save my name, email, and website in this browser",
    ])
});

/// The most field lines removed after one comment-form line.
pub(crate) const MAX_FORM: usize = 10;

/// The labels and buttons of a comment form, as keys.
static FIELDS: LazyLock<Phrases> = LazyLock::new(|| {
    Phrases::new(&[
        "التعليق",
        "تعليقك",
        "نص التعليق",
        "الاسم",
        "اسمك",
        "الاسم (مطلوب)",
        "البريد الإلكتروني",
        "بريدك الإلكتروني",
        "البريد الإلكتروني (مطلوب)",
        "الموقع",
        "الموقع الإلكتروني",
        "موقعك",
        "أرسل التعليق",
        "إرسال التعليق",
        "نشر التعليق",
        "أضف التعليق",
        "إرسال",
        "أرسل",
        "إلغاء الرد",
        "Name",
        "Name (required)",
        "Email",
        "E-mail",
        "Email (required)",
        "Mail (will not be published) (required)",
        "Website",
        "Comment",
        "Your comment",
        "Post Comment",
        "Submit Comment",
        "Submit",
        "Send",
        "Cancel reply",
    ])
});

/// The most words of a form label that ends with `*` ("الاسم *").
const STARRED_WORDS: usize = 4;

/// True for a line that can be a field of an open comment form: one of the
/// labels and buttons التعليق, تعليقك, نص التعليق, الاسم, اسمك,
/// الاسم (مطلوب), البريد الإلكتروني, بريدك الإلكتروني,
/// البريد الإلكتروني (مطلوب), الموقع, الموقع الإلكتروني, موقعك, أرسل التعليق,
/// إرسال التعليق, نشر التعليق, أضف التعليق, إرسال, أرسل, إلغاء الرد, Name,
/// Name (required), Email, E-mail, Email (required),
/// Mail (will not be published) (required), Website, Comment, Your comment,
/// Post Comment, Submit Comment, Submit, Send, Cancel reply; or a line of at
/// most 4 words that ends with `*` (a required field).
pub(crate) fn is_form_field(line: &Line<'_>) -> bool {
    line_is(line, &FIELDS) || (line.words <= STARRED_WORDS && line.text.ends_with('*'))
}

static COUNTED: LazyLock<Vec<String>> =
    LazyLock::new(|| keys(&["تعليق", "تعليقات", "تعليقاً", "comment", "comments"]));

impl LineRule for CommentForm {
    fn rule(&self) -> Rule {
        Rule::CommentForm
    }

    fn matches(&self, line: &Line<'_>, _: &Context<'_>) -> bool {
        if line_is(line, &EXACT) {
            return true;
        }
        if line.words <= 25 && line_starts_with(line, &PREFIX) {
            return true;
        }
        // "3 تعليقات", "12 Comments"
        if line.words > 3 {
            return false;
        }
        match line.key().split_once(' ') {
            Some((n, word)) => n.chars().all(|c| c.is_ascii_digit()) && key_is(word, &COUNTED),
            None => false,
        }
    }

    fn opens_form(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::line::key_starts_with;
    use crate::rules::assert_prefilter;

    #[test]
    fn prefilters_never_skip_a_form_line() {
        assert_prefilter(&EXACT, |l| EXACT.may_open(l), |l| key_is(l.key(), &EXACT));
        assert_prefilter(
            &PREFIX,
            |l| PREFIX.may_open(l),
            |l| key_starts_with(l.key(), &PREFIX),
        );
    }
    use crate::rules::removes;

    #[test]
    fn removes_comment_form_lines() {
        let ctx = Context::arabic();
        for line in [
            "اترك تعليقاً",
            "أضف تعليقا",
            "التعليقات",
            "لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *",
            "الحقول الإلزامية مشار إليها بـ *",
            "٣ تعليقات",
            "Leave a comment",
            "Your email address will not be published. Required fields are marked *",
            "Comments",
            "12 Comments",
        ] {
            assert!(removes(&CommentForm, line, &ctx), "should remove {line:?}");
        }
    }

    #[test]
    fn keeps_sentences_about_comments() {
        let ctx = Context::arabic();
        for line in [
            "ولم يصدر اي تعليق فوري من الجيش الاسرائيلي على تقرير المنظمة.",
            "من وقت لآخر، ينشر موقع «سعوديون في أميركا» تعليقات عن هذا الموضوع:",
            "التعليقات التي نشرها المغردون على تويتر تجاوزت عشرة آلاف تعليق خلال يوم واحد.",
            "Comments by the minister drew sharp criticism from the opposition.",
        ] {
            assert!(!removes(&CommentForm, line, &ctx), "should keep {line:?}");
        }
    }

    #[test]
    fn form_fields_are_labels_buttons_and_starred_lines() {
        let field = |s| Line::new(1, s).is_some_and(|l| is_form_field(&l));
        for line in [
            "التعليق",
            "الاسم *",
            "البريد الإلكتروني *",
            "الموقع",
            "أرسل التعليق",
            "Name *",
            "Website",
            "Post Comment",
            "رقم الجوال *",
        ] {
            assert!(field(line), "should be a field: {line:?}");
        }
        for line in [
            "الموقع الذي شهد الانفجار ما زال مغلقاً أمام الصحفيين.",
            "التعليق على الحكم متاح للمحامين فقط",
            "وأكد الوزير أن الحقول النفطية تعمل بطاقتها الكاملة *",
            "Name the day and we will be there.",
        ] {
            assert!(!field(line), "should not be a field: {line:?}");
        }
    }
}
