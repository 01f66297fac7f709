//! The checks every article passes on its way out, whatever its format:
//! lossy UTF-8, NUL bytes, size, and empty text.

use std::borrow::Cow;

use crate::{Article, ErrorKind, ReadOptions, RecordError};

/// An article as a format reader built it, with the problems that did not
/// stop it (invalid UTF-8, a bad date, a truncated page).
#[derive(Debug)]
pub(crate) struct Draft {
    pub(crate) article: Article,
    pub(crate) warnings: Vec<ErrorKind>,
}

impl Draft {
    pub(crate) fn new(article: Article) -> Self {
        Self {
            article,
            warnings: Vec::new(),
        }
    }
}

/// Decodes bytes as UTF-8, replacing invalid sequences with U+FFFD; the
/// second value is the offset of the first invalid byte, if any.
pub(crate) fn decode_lossy(bytes: &[u8]) -> (Cow<'_, str>, Option<usize>) {
    // The vector check answers for valid text (nearly all); the standard
    // one finds where invalid text goes wrong.
    if let Ok(s) = simdutf8::basic::from_utf8(bytes) {
        return (Cow::Borrowed(s), None);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (Cow::Borrowed(s), None),
        Err(e) => (String::from_utf8_lossy(bytes), Some(e.valid_up_to())),
    }
}

/// Turns a draft into what the reader yields: its warnings as errors, then
/// the article; or one error when the text is too large or empty.
///
/// NUL bytes are removed from the text and title (and reported).
pub(crate) fn settle(draft: Draft, opts: &ReadOptions) -> Vec<Result<Article, RecordError>> {
    let Draft {
        mut article,
        mut warnings,
    } = draft;
    let input = article.origin.input.clone();
    let record = article.origin.record;
    let error = |kind| RecordError::record(input.clone(), record, kind);

    let nul = article.text.bytes().filter(|&b| b == 0).count();
    if nul > 0 {
        article.text.retain(|c| c != '\0');
        warnings.push(ErrorKind::NulBytes { count: nul });
    }
    if let Some(title) = article.title.as_mut() {
        title.retain(|c| c != '\0');
    }
    let size = article.text.len() as u64;
    if size > opts.max_article_bytes {
        return vec![Err(error(ErrorKind::TooLarge {
            size,
            limit: opts.max_article_bytes,
        }))];
    }
    if !article.text.chars().any(char::is_alphanumeric) {
        return vec![Err(error(ErrorKind::EmptyText))];
    }
    let mut out: Vec<_> = warnings.into_iter().map(|k| Err(error(k))).collect();
    out.push(Ok(article));
    out
}

/// `Some(trimmed)` for a string with something in it.
pub(crate) fn non_empty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Origin;

    fn draft(text: &str) -> Draft {
        Draft::new(Article {
            id: "a".into(),
            source: None,
            url: None,
            title: Some("عنوان\0".into()),
            published: None,
            lang: None,
            text: text.into(),
            origin: Origin {
                input: "in.txt".into(),
                record: 1,
            },
        })
    }

    #[test]
    fn nul_bytes_are_removed_and_reported() {
        let out = settle(draft("\0\0قال الوزير\0"), &ReadOptions::default());
        assert_eq!(out.len(), 2);
        assert!(matches!(
            out[0].as_ref().map_err(|e| &e.kind),
            Err(ErrorKind::NulBytes { count: 3 })
        ));
        let article = out[1].as_ref().ok();
        assert_eq!(article.map(|a| a.text.as_str()), Some("قال الوزير"));
        assert_eq!(article.and_then(|a| a.title.as_deref()), Some("عنوان"));
    }

    #[test]
    fn text_without_letters_is_empty() {
        for text in ["", " \n\t ", "،.؟!«»،.؟!«»", "\0\0"] {
            let out = settle(draft(text), &ReadOptions::default());
            assert!(
                matches!(out.last(), Some(Err(e)) if matches!(e.kind, ErrorKind::EmptyText)),
                "{text:?}: {out:?}"
            );
        }
    }

    #[test]
    fn text_over_the_limit_is_refused() {
        let opts = ReadOptions {
            max_article_bytes: 10,
            ..ReadOptions::default()
        };
        let out = settle(draft("قال المتحدث"), &opts);
        assert!(
            matches!(&out[..], [Err(e)] if matches!(e.kind, ErrorKind::TooLarge { size: 21, limit: 10 }))
        );
    }

    #[test]
    fn lossy_decoding_reports_the_first_bad_byte() {
        let (text, bad) = decode_lossy(b"ok \xff rest");
        assert_eq!(text, "ok \u{FFFD} rest");
        assert_eq!(bad, Some(3));
        assert_eq!(decode_lossy("سوريا".as_bytes()).1, None);
    }
}
