//! One raw line and the facts the rules ask about it.
//!
//! Rules compare lines through [`key`]: the match form (so أ/ا, ة/ه,
//! tanween and case do not matter) with white space collapsed and the
//! punctuation, bullets and brackets at both ends removed.

use std::cell::OnceCell;

use khabar_text::fold;
use khabar_text::script::{Script, is_alphanumeric, script_of, script_share};

/// One non-blank line of the raw text.
#[derive(Debug, Clone)]
pub(crate) struct Line<'a> {
    /// 1-based line number in the raw text.
    pub number: usize,
    /// The line with white space and invisible chars trimmed at both ends.
    pub text: &'a str,
    /// [`key`] of `text`, computed on first use: most lines are sentences
    /// that no rule needs to fold.
    key: OnceCell<String>,
    /// Number of white-space separated words in `text`.
    pub words: usize,
}

impl<'a> Line<'a> {
    /// A line of the raw text; `None` when it is blank.
    pub fn new(number: usize, raw: &'a str) -> Option<Line<'a>> {
        let text = trim(raw);
        if text.is_empty() {
            return None;
        }
        Some(Line {
            number,
            text,
            key: OnceCell::new(),
            words: text.split_whitespace().count(),
        })
    }
}

impl Line<'_> {
    /// [`key`] of the line's text.
    pub fn key(&self) -> &str {
        self.key.get_or_init(|| key(self.text))
    }
}

/// True for white space and for the invisible format chars scraped text
/// carries at line ends (zero-width space, bidi controls, BOM).
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// Trims [`is_space`] chars (and a trailing `\r`) at both ends.
pub(crate) fn trim(s: &str) -> &str {
    s.trim_matches(is_space)
}

/// The comparison key of a line: its match form, white space collapsed to
/// single spaces, and every char that is not a letter or digit removed at
/// both ends.
pub(crate) fn key(s: &str) -> String {
    let folded = fold(s);
    let mut out = String::with_capacity(folded.len());
    for word in folded.split(is_space).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    let trimmed = out.trim_matches(|c: char| !is_alphanumeric(c));
    if trimmed.len() == out.len() {
        out
    } else {
        trimmed.to_string()
    }
}

/// [`key`] with every char that is not a letter or digit removed, so that
/// `أ.ف.ب`, `أ ف ب` and `(ا ف ب)` compare equal.
pub(crate) fn compact(s: &str) -> String {
    fold(s).chars().filter(|&c| is_alphanumeric(c)).collect()
}

/// The chars that end a sentence (or a quoted or bracketed one) when they
/// are the last char of a line: `. ! ? ؟ … : ; ؛` and the closing quotes and
/// brackets `» " ” ’ ' ) ] }`.
pub(crate) fn ends_sentence(s: &str) -> bool {
    matches!(
        trim(s).chars().next_back(),
        Some(
            '.' | '!'
                | '?'
                | '؟'
                | '…'
                | ':'
                | ';'
                | '؛'
                | '»'
                | '"'
                | '”'
                | '’'
                | '\''
                | ')'
                | ']'
                | '}'
        )
    )
}

/// The script at least 60% of `text`'s letters are written in, if any.
pub(crate) fn mostly(text: &str) -> Option<Script> {
    [Script::Arabic, Script::Latin]
        .into_iter()
        .find(|&s| script_share(text, s) >= 0.6)
}

/// True when `c` is an Arabic-script letter (a line starting with one may
/// continue the sentence of the line before it).
pub(crate) fn is_arabic_start(c: char) -> bool {
    script_of(c) == Some(Script::Arabic)
}

/// The number of Latin letters in `text`.
pub(crate) fn latin_letters(text: &str) -> usize {
    text.chars()
        .filter(|&c| script_of(c) == Some(Script::Latin))
        .count()
}

/// True when `text` contains the ASCII `needle`, ignoring ASCII case: a
/// cheap test that lets a rule skip folding lines that cannot match.
pub(crate) fn contains_ascii_ci(text: &str, needle: &str) -> bool {
    let n = needle.len();
    n == 0
        || text
            .as_bytes()
            .windows(n)
            .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// True when `key` is one of `phrases` (already keys).
pub(crate) fn key_is(key: &str, phrases: &[String]) -> bool {
    phrases.iter().any(|p| p == key)
}

/// True when `line`'s key is one of `phrases` (already keys). A line with
/// more words than the longest phrase (give or take punctuation standing
/// alone) is not folded at all.
pub(crate) fn line_is(line: &Line<'_>, phrases: &[String]) -> bool {
    let longest = phrases
        .iter()
        .map(|p| p.split(' ').count())
        .max()
        .unwrap_or(0);
    line.words <= longest + 2 && key_is(line.key(), phrases)
}

/// True when `key` starts with one of `phrases` at a word boundary.
pub(crate) fn key_starts_with(key: &str, phrases: &[String]) -> bool {
    phrases.iter().any(|p| {
        key.strip_prefix(p.as_str())
            .is_some_and(|rest| rest.is_empty() || !rest.starts_with(is_alphanumeric))
    })
}

/// The keys of a list of phrases, for a `LazyLock`.
pub(crate) fn keys(phrases: &[&str]) -> Vec<String> {
    phrases.iter().map(|p| key(p)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_folds_and_strips_ends() {
        assert_eq!(key("  اقرأ أيضاً: "), "اقرا ايضا");
        assert_eq!(key("...المزيد"), "المزيد");
        assert_eq!(key("Read   More »"), "read more");
        assert_eq!(key("(واس)"), "واس");
    }

    #[test]
    fn compact_ignores_dots_and_spaces() {
        assert_eq!(compact("أ.ف.ب"), compact("- أ ف ب"));
        assert_ne!(compact("أ ف ب"), compact("واس"));
    }

    #[test]
    fn sentence_ends() {
        assert!(ends_sentence("وقال الوزير إن الاتفاق نهائي."));
        assert!(ends_sentence("هل انتهت الحرب؟"));
        assert!(ends_sentence("وقال «ما زلنا أعداء»"));
        assert!(!ends_sentence("وأعلنت روسيا أن الإصلاحات المزمع"));
    }

    #[test]
    fn scripts() {
        assert_eq!(
            mostly("قال رئيس الوزراء البريطاني ديفيد كاميرون (AFP)"),
            Some(Script::Arabic)
        );
        assert_eq!(
            mostly("A Syrian man walks past a damaged building"),
            Some(Script::Latin)
        );
        assert_eq!(mostly("123 ..."), None);
        assert_eq!(latin_letters("صورة AFP"), 3);
    }

    #[test]
    fn blank_lines_are_none() {
        assert!(Line::new(1, " \u{200B} \t").is_none());
        let l = Line::new(3, "\u{202B}تمثيل \u{202C}").map(|l| (l.text, l.words));
        assert_eq!(l, Some(("تمثيل", 1)));
    }
}
