//! A `.txt` file: one article, id = the file stem.
//!
//! The first line is taken as the title when it looks like one: at most
//! [`MAX_TITLE_CHARS`] characters, not ending like a sentence or a lead-in
//! (`.`, `:`, `…`), and followed by body text. Otherwise the whole file is
//! the text. A byte-order mark is dropped.

use crate::settle::{Draft, decode_lossy, settle};
use crate::{Article, ErrorKind, Origin, ReadOptions, RecordError};

/// The longest first line still taken as a title, in characters.
pub(crate) const MAX_TITLE_CHARS: usize = 200;

/// Reads the bytes of one `.txt` article.
pub(crate) fn read_text(
    bytes: &[u8],
    input: &str,
    stem: &str,
    opts: &ReadOptions,
) -> Vec<Result<Article, RecordError>> {
    let (text, bad_byte) = decode_lossy(bytes);
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
    let (title, body) = split_title(text);
    let mut draft = Draft::new(Article {
        id: stem.to_string(),
        source: None,
        url: None,
        title: title.map(str::to_string),
        published: None,
        lang: None,
        text: body.trim().to_string(),
        origin: Origin {
            input: input.to_string(),
            record: 1,
        },
    });
    if let Some(offset) = bad_byte {
        draft.warnings.push(ErrorKind::InvalidUtf8 { offset });
    }
    settle(draft, opts)
}

/// Splits off the first line when it is a title (see the module doc).
fn split_title(text: &str) -> (Option<&str>, &str) {
    let text = text.trim_start();
    let Some((first, rest)) = text.split_once('\n') else {
        return (None, text);
    };
    let title = first.trim();
    let is_title = title.chars().count() <= MAX_TITLE_CHARS
        && title.chars().any(char::is_alphanumeric)
        && !title.ends_with(['.', ':', '…'])
        && rest.chars().any(char::is_alphanumeric);
    if is_title {
        (Some(title), rest)
    } else {
        (None, text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_first_line_is_the_title() {
        let text = "بوتين وبايدن يبحثان الأزمة هاتفياً\n\nبحث الرئيسان في اتصال هاتفي الأوضاع.\nوقال الكرملين إن المكالمة استمرت ساعة.";
        let (title, body) = split_title(text);
        assert_eq!(title, Some("بوتين وبايدن يبحثان الأزمة هاتفياً"));
        assert!(body.trim().starts_with("بحث الرئيسان"));
    }

    #[test]
    fn sentences_and_lone_lines_are_not_titles() {
        for text in [
            "The minister said talks would resume.\nDelegations from five countries attend.",
            "وقال المتحدث:\nإن المحادثات ستستأنف الأسبوع المقبل",
            "Talks resume in Geneva",
            "Talks resume in Geneva\n\n  \n",
        ] {
            assert_eq!(split_title(text).0, None, "{text:?}");
        }
        let long = format!("{}\nbody", "كلمة ".repeat(60));
        assert_eq!(split_title(&long).0, None);
    }

    #[test]
    fn reads_an_article_with_stem_id() {
        let bytes = "\u{FEFF}Talks to resume in Geneva\nThe foreign ministry said talks would resume next week.\n".as_bytes();
        let out = read_text(bytes, "news/geneva.txt", "geneva", &ReadOptions::default());
        let a = match &out[..] {
            [Ok(a)] => a,
            other => panic!("expected one article, got {other:?}"),
        };
        assert_eq!(a.id, "geneva");
        assert_eq!(a.title.as_deref(), Some("Talks to resume in Geneva"));
        assert_eq!(
            a.text,
            "The foreign ministry said talks would resume next week."
        );
        assert_eq!(a.origin.input, "news/geneva.txt");
    }
}
