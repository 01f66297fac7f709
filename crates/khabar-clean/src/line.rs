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
    /// [`opening_word`] of `text`, computed on first use.
    opening: OnceCell<String>,
    /// Number of white-space separated words in `text`.
    pub words: usize,
    /// True when `text` has an ASCII letter: a line without one cannot
    /// hold a Latin cue ([`Line::contains_ascii_ci`]).
    pub ascii_letter: bool,
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
            opening: OnceCell::new(),
            words: count_words(text),
            ascii_letter: has_ascii_letter(text),
        })
    }
}

/// Bytes looked at together by the scans below: fixed-size blocks that
/// the compiler turns into vector instructions.
const BLOCK: usize = 32;

/// True when `text` has an ASCII letter.
fn has_ascii_letter(text: &str) -> bool {
    let is_letter = |b: u8| (b | 0x20).wrapping_sub(b'a') < 26;
    let mut blocks = text.as_bytes().chunks_exact(BLOCK);
    let any = blocks
        .by_ref()
        .any(|block| block.iter().fold(false, |any, &b| any | is_letter(b)));
    any || blocks.remainder().iter().any(|&b| is_letter(b))
}

/// True when `b` is one of the ASCII white space bytes
/// (`char::is_whitespace`: space and `\t` to `\r`).
#[inline]
fn is_ascii_space(b: u8) -> bool {
    (b == b' ') | (b.wrapping_sub(b'\t') < 5)
}

/// True when the three bytes `a b c` start a white space char beyond
/// ASCII: U+0085 and U+00A0 (C2 85, C2 A0), U+1680 (E1 9A 80), U+2000-200A,
/// U+2028, U+2029, U+202F (E2 80 80-8A, A8, A9, AF), U+205F (E2 81 9F),
/// U+3000 (E3 80 80). `c` is ignored after C2.
#[inline]
fn starts_wide_space(a: u8, b: u8, c: u8) -> bool {
    let e2_80 = (a == 0xE2)
        & (b == 0x80)
        & ((c.wrapping_sub(0x80) <= 0x0A) | (c == 0xA8) | (c == 0xA9) | (c == 0xAF));
    ((a == 0xC2) & ((b == 0x85) | (b == 0xA0)))
        | e2_80
        | ((a == 0xE1) & (b == 0x9A) & (c == 0x80))
        | ((a == 0xE2) & (b == 0x81) & (c == 0x9F))
        | ((a == 0xE3) & (b == 0x80) & (c == 0x80))
}

/// True when `text` holds a white space char beyond ASCII
/// ([`starts_wide_space`]). A block of bytes is first asked, without
/// branching, whether it has a byte that may lead one (C2, E1-E3); only
/// then are its positions compared (quotes and dashes share those leads).
fn has_wide_space(text: &str) -> bool {
    let bytes = text.as_bytes();
    let may_lead = |b: u8| u8::from((b == 0xC2) | (b.wrapping_sub(0xE1) < 3));
    let at = |i: usize| {
        let byte = |j: usize| bytes.get(j).copied().unwrap_or(0);
        starts_wide_space(byte(i), byte(i + 1), byte(i + 2))
    };
    let mut blocks = bytes.chunks_exact(BLOCK);
    let mut start = 0;
    for block in blocks.by_ref() {
        if block.iter().fold(0u8, |any, &b| any | may_lead(b)) != 0
            && (start..start + BLOCK).any(at)
        {
            return true;
        }
        start += BLOCK;
    }
    (start..bytes.len()).any(at)
}

/// [`count_words`] for a text whose only white space is ASCII: a word
/// starts at each byte that is not white space and follows white space or
/// the start (in UTF-8 a byte after an ASCII byte is never a continuation
/// byte, and a continuation byte never follows white space), so the count
/// is one comparison per pair of bytes, with no state carried along.
fn count_ascii_spaced_words(text: &str) -> usize {
    let bytes = text.as_bytes();
    let first = bytes.first().is_some_and(|&b| !is_ascii_space(b));
    let starts = |pairs: &[u8]| {
        pairs.windows(2).fold(0usize, |n, w| {
            n + usize::from(is_ascii_space(w[0]) & !is_ascii_space(w[1]))
        })
    };
    let mut count = usize::from(first);
    let mut at = 0;
    while let Some(Ok(window)) = bytes
        .get(at..at + BLOCK + 1)
        .map(<&[u8; BLOCK + 1]>::try_from)
    {
        let n = (0..BLOCK).fold(0u8, |n, i| {
            n + u8::from(is_ascii_space(window[i]) & !is_ascii_space(window[i + 1]))
        });
        count += usize::from(n);
        at += BLOCK;
    }
    count + starts(bytes.get(at..).unwrap_or_default())
}

/// `text.split_whitespace().count()`. Most lines have only ASCII white
/// space ([`count_ascii_spaced_words`]); the others are walked in one pass
/// over the bytes that counts the starts of words (a char that is not white
/// space, after white space or at the start). A UTF-8 continuation byte
/// belongs to the char before it; only a char whose lead byte may start a
/// non-ASCII white space (U+0085, U+00A0, U+1680, U+2000-205F, U+3000: lead
/// bytes C2, E1, E2, E3) is decoded.
pub(crate) fn count_words(text: &str) -> usize {
    if !has_wide_space(text) {
        return count_ascii_spaced_words(text);
    }
    let mut words = 0;
    let mut in_word = false;
    // Without branches but the rare one that decodes a char.
    for (i, &b) in text.as_bytes().iter().enumerate() {
        let wide_space = matches!(b, 0xC2 | 0xE1..=0xE3)
            && text
                .get(i..)
                .and_then(|rest| rest.chars().next())
                .is_some_and(char::is_whitespace);
        let space = is_ascii_space(b) | wide_space;
        let continuation = b & 0xC0 == 0x80;
        words += usize::from(!continuation & !space & !in_word);
        in_word = (continuation & in_word) | (!continuation & !space);
    }
    words
}

impl Line<'_> {
    /// [`key`] of the line's text.
    pub fn key(&self) -> &str {
        self.key.get_or_init(|| key(self.text))
    }

    /// [`contains_ascii_ci`] on the line's text; a needle with an ASCII
    /// letter is not looked for in a line without one.
    pub fn contains_ascii_ci(&self, needle: &str) -> bool {
        (self.ascii_letter || !needle.bytes().any(|b| b.is_ascii_alphabetic()))
            && contains_ascii_ci(self.text, needle)
    }

    /// [`opening_word`] of the line's text: the first word of its
    /// [`key`](Line::key), without folding the rest of the line.
    pub fn opening(&self) -> &str {
        self.opening.get_or_init(|| opening_word(self.text))
    }
}

/// The first run of letters and digits of `s`'s match form: the same as
/// the first non-empty piece of [`key`]`(s)` split at every char that is not
/// a letter or digit, but it folds only the chars up to the end of that run.
///
/// (The match form folds char by char, so its first run is made of the
/// folds of the first chars of `s`; white space and the punctuation `key`
/// trims are not letters or digits, so they end the run in both.)
pub(crate) fn opening_word(s: &str) -> String {
    let mut word = String::new();
    let mut ended = false;
    for c in s.chars() {
        khabar_text::fold_char(c, |f| {
            if ended {
            } else if is_alphanumeric(f) {
                word.push(f);
            } else if !word.is_empty() {
                ended = true;
            }
        });
        if ended {
            break;
        }
    }
    word
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
    // One pass over the match form: runs of white space become one space
    // between words (none at the start or the end).
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    khabar_text::fold_each(s, |f| {
        if is_space(f) {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(f);
        }
    });
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
    let (hay, needle) = (text.as_bytes(), needle.as_bytes());
    let Some(&first) = needle.first() else {
        return true;
    };
    // Only where the first byte matches (most lines have none) is the
    // whole needle compared.
    let (lower, upper) = (first.to_ascii_lowercase(), first.to_ascii_uppercase());
    hay.iter()
        .enumerate()
        .filter(|&(_, &b)| b == lower || b == upper)
        .any(|(i, _)| {
            hay.get(i..i + needle.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(needle))
        })
}

/// True when `key` is one of `phrases` (already keys).
pub(crate) fn key_is(key: &str, phrases: &[String]) -> bool {
    phrases.iter().any(|p| p == key)
}

/// A list of phrases as [keys](key), with the word count of the longest one
/// (for [`line_is`]) and the first word of each (for [`Phrases::may_open`]);
/// derefs to the keys.
#[derive(Debug, Clone)]
pub(crate) struct Phrases {
    keys: Vec<String>,
    longest: usize,
    /// The [`opening_word`] of every phrase, sorted.
    openers: Vec<String>,
}

impl Phrases {
    /// The keys of `phrases`, for a `LazyLock`.
    pub fn new(phrases: &[&str]) -> Phrases {
        let keys = keys(phrases);
        let longest = keys.iter().map(|p| p.split(' ').count()).max().unwrap_or(0);
        let mut openers: Vec<String> = keys.iter().map(|k| opening_word(k)).collect();
        openers.sort_unstable();
        openers.dedup();
        Phrases {
            keys,
            longest,
            openers,
        }
    }

    /// The prefilter of [`line_is`] and [`line_starts_with`]: false when
    /// `line` cannot be or start with one of the phrases, because its
    /// [opening word](Line::opening) is not the opening word of any.
    ///
    /// Invariant: if `line.key()` equals a phrase `p`, or starts with `p`
    /// followed by the end or by a char that is not a letter or digit
    /// (`key_starts_with`, and `ReadMore`'s "phrase then `:`"), then the
    /// key's first run of letters and digits is `p`'s, so this is true.
    pub fn may_open(&self, line: &Line<'_>) -> bool {
        self.openers
            .binary_search_by(|o| o.as_str().cmp(line.opening()))
            .is_ok()
    }
}

impl std::ops::Deref for Phrases {
    type Target = [String];

    fn deref(&self) -> &[String] {
        &self.keys
    }
}

/// True when `line`'s key is one of `phrases`. A line with more words than
/// the longest phrase (give or take punctuation standing alone) is not
/// folded at all.
pub(crate) fn line_is(line: &Line<'_>, phrases: &Phrases) -> bool {
    line.words <= phrases.longest + 2 && phrases.may_open(line) && key_is(line.key(), phrases)
}

/// True when `line`'s key starts with one of `phrases` at a word boundary
/// ([`key_starts_with`]); a line whose opening word opens none of them is
/// not folded ([`Phrases::may_open`]).
pub(crate) fn line_starts_with(line: &Line<'_>, phrases: &Phrases) -> bool {
    phrases.may_open(line) && key_starts_with(line.key(), phrases)
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
    use proptest::prelude::*;

    /// The first word of `key(s)` split at every char that is not a letter
    /// or digit.
    fn first_word_of_key(s: &str) -> String {
        key(s)
            .split(|c: char| !is_alphanumeric(c))
            .find(|w| !w.is_empty())
            .unwrap_or_default()
            .to_string()
    }

    /// Letters, marks, tatweel, digits, punctuation, and every kind of white
    /// space and invisible char that scraped lines carry.
    const MIXED: &str = "[ \t\n\u{0B}\u{0C}\r\u{85}\u{A0}\u{1680}\u{2000}-\u{200F}\u{2028}\u{2029}\u{202F}\u{205F}\u{3000}\u{FEFF}ابتشكلمنأإآىةؤئـًٌَُِّْ٣0-9aZKİ«»()|:.،؛–—“”…\\-]{0,40}";

    /// [`key`] as first written: fold, split at white space, join, trim.
    fn key_by_split(s: &str) -> String {
        let folded = fold(s);
        let joined = folded
            .split(is_space)
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        joined
            .trim_matches(|c: char| !is_alphanumeric(c))
            .to_string()
    }

    proptest! {
        #[test]
        fn key_is_fold_split_join_trim(s in MIXED) {
            prop_assert_eq!(key(&s), key_by_split(&s));
        }

        #[test]
        fn key_on_any_text(s in any::<String>()) {
            prop_assert_eq!(key(&s), key_by_split(&s));
        }

        #[test]
        fn count_words_is_split_whitespace(s in MIXED) {
            prop_assert_eq!(count_words(&s), s.split_whitespace().count());
        }

        #[test]
        fn every_wide_space_is_seen(s in any::<String>(), wide in "[\u{85}\u{A0}\u{1680}\u{2000}-\u{200A}\u{2028}\u{2029}\u{202F}\u{205F}\u{3000}]") {
            prop_assert_eq!(has_wide_space(&s), s.chars().any(|c| !c.is_ascii() && c.is_whitespace()));
            prop_assert!(!has_wide_space("قال الوزير «نعم» — “2015”"));
            let with = format!("{s}{wide}{s}");
            prop_assert!(has_wide_space(&with));
            prop_assert_eq!(count_words(&with), with.split_whitespace().count());
        }

        #[test]
        fn count_words_on_any_text(s in any::<String>()) {
            prop_assert_eq!(count_words(&s), s.split_whitespace().count());
        }

        #[test]
        fn opening_word_is_the_first_word_of_the_key(s in MIXED) {
            prop_assert_eq!(opening_word(&s), first_word_of_key(&s));
        }

        #[test]
        fn opening_word_on_any_text(s in any::<String>()) {
            prop_assert_eq!(opening_word(&s), first_word_of_key(&s));
        }

        #[test]
        fn contains_ascii_ci_is_the_window_search(s in MIXED, needle in "[a-zA-Z() ]{1,4}") {
            let windows = s
                .as_bytes()
                .windows(needle.len())
                .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()));
            prop_assert_eq!(contains_ascii_ci(&s, &needle), windows);
            let line = Line::new(1, &s);
            prop_assert!(line.is_none_or(|l| l.contains_ascii_ci(&needle) == contains_ascii_ci(l.text, &needle)));
        }
    }

    #[test]
    fn opening_word_of_real_lines() {
        assert_eq!(opening_word("  - اقرأ أيضاً: عنوان"), "اقرا");
        assert_eq!(opening_word("«الرئيسية» | أخبار"), "الرءيسيه");
        assert_eq!(opening_word("Read More »"), "read");
        assert_eq!(opening_word("... ٣ تعليقات"), "3");
        assert_eq!(opening_word("*** —"), "");
    }

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
