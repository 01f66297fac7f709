//! [`CommentForm`]: the comment box under an article.

use std::sync::LazyLock;

use super::{Context, LineRule};
use crate::Rule;
use crate::line::{Line, key_is, key_starts_with, keys};

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
/// You must be logged in to post a comment.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CommentForm;

static EXACT: LazyLock<Vec<String>> = LazyLock::new(|| {
    keys(&[
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

static PREFIX: LazyLock<Vec<String>> = LazyLock::new(|| {
    keys(&[
        "لن يتم نشر عنوان بريدك الإلكتروني",
        "لن يتم نشر بريدك الإلكتروني",
        "الحقول الإلزامية مشار إليها",
        "الحقول المطلوبة مشار إليها",
        "Your email address will not be published",
        "Required fields are marked",
        "You must be logged in to post a comment",
    ])
});

static COUNTED: LazyLock<Vec<String>> =
    LazyLock::new(|| keys(&["تعليق", "تعليقات", "تعليقاً", "comment", "comments"]));

impl LineRule for CommentForm {
    fn rule(&self) -> Rule {
        Rule::CommentForm
    }

    fn matches(&self, line: &Line<'_>, _: &Context<'_>) -> bool {
        if key_is(&line.key, &EXACT) {
            return true;
        }
        if line.words <= 25 && key_starts_with(&line.key, &PREFIX) {
            return true;
        }
        // "3 تعليقات", "12 Comments"
        match line.key.split_once(' ') {
            Some((n, word)) => n.chars().all(|c| c.is_ascii_digit()) && key_is(word, &COUNTED),
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
}
