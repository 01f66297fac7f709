//! Sentence boundaries of a display text.
//!
//! [`sentence_bytes`] yields the sentences from the start as byte ranges,
//! going only as far into the text as the caller takes; [`sentences`] is all
//! of them as char ranges. Both split at `.` `!` `?` `؟` `؛` `…` (and runs
//! of them, `?!`, `...`) and at every line end, and give ranges trimmed of
//! white space. Every char that is not white space lies in exactly one range.
//!
//! A terminator does NOT end a sentence:
//!
//! - between two digits (`3.5`, `٣.٥`; `٫` is never a terminator), or when a
//!   Latin letter or digit follows it at once (`example.com`, `U.S`);
//! - after an abbreviation: a single letter (`J.`, Arabic `د.` doctor, `م.`
//!   engineer, `أ.` professor; but `م` or `هـ` after a number is a calendar
//!   mark and does end one), dotted single letters (`U.S.`, `e.g.`, `i.e.`,
//!   `ص.ب.`; not `a.m.`/`p.m.`, which often end a sentence), or a title or
//!   short form from [`ABBREVIATIONS`] (`Mr.`, `Dr.`, `Gen.`, `Jan.`, ...);
//! - when the next word starts with a lower-case letter (`"Stop!" he said`);
//! - inside a quotation («…», “…”, "…" closed on the same line within
//!   [`MAX_QUOTE_CHARS`] chars), unless it is the quotation's last
//!   sentence: then the closing quote stays in the sentence and the usual
//!   rules decide.
//!
//! Does not: detect sentences without punctuation or line ends, or treat
//! `;` `:` as ends.
//!
//! ```
//! use khabar_text::sentence::sentences;
//!
//! let text = "قال د. أحمد إن النمو بلغ ٣.٥٪. وأضاف: «الوضع مستقر.» ثم غادر.";
//! let s: Vec<String> = sentences(text)
//!     .into_iter()
//!     .map(|r| text.chars().skip(r.start).take(r.len()).collect())
//!     .collect();
//! assert_eq!(s, ["قال د. أحمد إن النمو بلغ ٣.٥٪.", "وأضاف: «الوضع مستقر.»", "ثم غادر."]);
//! ```

use std::ops::Range;

use crate::normalize::fold;
use crate::script::script_of;

/// The longest quotation, in chars, inside which terminators are ignored.
/// Longer spans between quote marks are more likely a stray mark.
pub const MAX_QUOTE_CHARS: usize = 300;

/// Short forms (match form, without the final dot) that never end a
/// sentence. Sorted.
pub const ABBREVIATIONS: &[&str] = &[
    "adm", "apr", "assn", "aug", "capt", "cmdr", "col", "dec", "dept", "dr", "feb", "fig", "gen",
    "gov", "hon", "jan", "jr", "jul", "jun", "lt", "maj", "messrs", "mr", "mrs", "ms", "mt", "no",
    "nov", "oct", "pres", "prof", "rep", "rev", "sen", "sep", "sept", "sgt", "sr", "st", "vol",
    "vs",
];

fn is_line_end(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '؟' | '؛' | '…' | '‼' | '⁇' | '⁈' | '⁉')
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '»' | '”' | '’' | '›' | ')' | ']' | '}')
}

fn is_opener(c: char) -> bool {
    matches!(c, '"' | '\'' | '«' | '“' | '‘' | '‹' | '(' | '[' | '{')
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}')
}

/// The sentences of `display`, as char ranges trimmed of white space.
///
/// All of [`sentence_bytes`], with its byte ranges turned into char ranges.
pub fn sentences(display: &str) -> Vec<Range<usize>> {
    let mut chars_before = 0;
    let mut byte = 0;
    sentence_bytes(display)
        .map(|r| {
            let gap = display.get(byte..r.start).unwrap_or_default();
            chars_before += gap.chars().count();
            let start = chars_before;
            chars_before += display.get(r.clone()).unwrap_or_default().chars().count();
            byte = r.end;
            start..chars_before
        })
        .collect()
}

/// The sentences of `display` from its start, as byte ranges trimmed of
/// white space: the same sentences as [`sentences`], found as they are
/// taken, so a caller that wants the first few reads only as far as they
/// reach (plus what decides their last end: the next word, a quotation's
/// close at most [`MAX_QUOTE_CHARS`] chars on).
///
/// ```
/// use khabar_text::sentence::sentence_bytes;
///
/// let text = "قال د. أحمد إن النمو بلغ ٣.٥٪. وأضاف: «الوضع مستقر.» ثم غادر.";
/// let first = sentence_bytes(text).next().and_then(|r| text.get(r));
/// assert_eq!(first, Some("قال د. أحمد إن النمو بلغ ٣.٥٪."));
/// ```
pub fn sentence_bytes(display: &str) -> SentenceBytes<'_> {
    SentenceBytes {
        text: display,
        pos: 0,
        start: 0,
        quotes: Quotations::default(),
        done: false,
    }
}

/// The iterator of [`sentence_bytes`].
#[derive(Debug, Clone)]
pub struct SentenceBytes<'a> {
    text: &'a str,
    /// Byte where the scan goes on.
    pos: usize,
    /// Byte where the sentence being read starts (before trimming).
    start: usize,
    quotes: Quotations,
    done: bool,
}

impl Iterator for SentenceBytes<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let text = self.text;
        while !self.done {
            let found = text
                .get(self.pos..)
                .unwrap_or_default()
                .char_indices()
                .find(|&(_, c)| is_line_end(c) || is_terminator(c));
            let Some((offset, c)) = found else {
                self.done = true;
                return trimmed(text, self.start..text.len());
            };
            let at = self.pos + offset;
            if is_line_end(c) {
                let sentence = self.start..at;
                self.pos = at + c.len_utf8();
                self.start = self.pos;
                if let Some(r) = trimmed(text, sentence) {
                    return Some(r);
                }
                continue;
            }
            let after = end_of_run(text, at);
            let inside_quote = self
                .quotes
                .close_around(text, at)
                .is_some_and(|close| after <= close);
            self.pos = after;
            if !inside_quote && ends_sentence(text, at, after) {
                let sentence = self.start..after;
                self.start = after;
                if let Some(r) = trimmed(text, sentence) {
                    return Some(r);
                }
            }
        }
        None
    }
}

/// The byte after the run of terminators at `at` and the closers after it.
fn end_of_run(text: &str, at: usize) -> usize {
    let rest = text.get(at..).unwrap_or_default();
    let terminators: usize = rest
        .chars()
        .take_while(|&c| is_terminator(c))
        .map(char::len_utf8)
        .sum();
    let closers: usize = rest
        .get(terminators..)
        .unwrap_or_default()
        .chars()
        .take_while(|&c| is_closer(c))
        .map(char::len_utf8)
        .sum();
    at + terminators + closers
}

/// `text[range]` trimmed of white space, as a byte range; None when
/// nothing is left.
fn trimmed(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    let s = text.get(range.clone())?;
    let t = s.trim();
    let start = range.start + (s.len() - s.trim_start().len());
    (!t.is_empty()).then(|| start..start + t.len())
}

/// The quotations of a text, found from its start as far as asked:
/// an opening mark (« “ ") and its closing mark on the same line within
/// [`MAX_QUOTE_CHARS`] chars; the search goes on after the close, or
/// after the opening mark when it has none.
#[derive(Debug, Clone, Default)]
struct Quotations {
    /// Byte where the search goes on.
    next: usize,
    /// (opening, closing) byte of the last quotation found.
    last: Option<(usize, usize)>,
}

impl Quotations {
    /// The byte of the closing mark of the quotation `at` lies inside, if
    /// any. `at` never decreases from one call to the next.
    fn close_around(&mut self, text: &str, at: usize) -> Option<usize> {
        let bytes = text.as_bytes();
        while self.next < at {
            // Every opening mark starts with one of these bytes, and none
            // of them is inside a UTF-8 sequence.
            let Some(found) = bytes
                .get(self.next..at)
                .and_then(|b| memchr::memchr3(b'"', 0xC2, 0xE2, b))
            else {
                self.next = at;
                break;
            };
            let open = self.next + found;
            let Some(c) = text.get(open..).and_then(|r| r.chars().next()) else {
                break;
            };
            let after = open + c.len_utf8();
            let closer = match c {
                '«' => '»',
                '“' => '”',
                '"' => '"',
                _ => {
                    self.next = after;
                    continue;
                }
            };
            let close = text
                .get(after..)
                .unwrap_or_default()
                .char_indices()
                .take(MAX_QUOTE_CHARS)
                .take_while(|&(_, d)| !is_line_end(d))
                .find(|&(_, d)| d == closer)
                .map(|(k, _)| after + k);
            match close {
                Some(k) => {
                    self.last = Some((open, k));
                    self.next = k + closer.len_utf8();
                }
                None => self.next = after,
            }
        }
        self.last
            .filter(|&(open, close)| open < at && at < close)
            .map(|(_, close)| close)
    }
}

/// Whether the terminator run at byte `at`, with closers up to byte
/// `after`, ends a sentence.
fn ends_sentence(text: &str, at: usize, after: usize) -> bool {
    let head = text.get(..at).unwrap_or_default();
    let rest = text.get(at..).unwrap_or_default();
    let prev = head.chars().next_back();
    let mut from_at = rest.chars();
    let this = from_at.next();
    let next = from_at.next();
    if this == Some('.') && next != Some('.') {
        if let Some(n) = next
            && (n.is_ascii_alphanumeric() || (is_digit(n) && prev.is_some_and(is_digit)))
        {
            return false;
        }
        if is_abbreviation(head) {
            return false;
        }
    }
    let next_word = text
        .get(after..)
        .unwrap_or_default()
        .chars()
        .find(|&c| !c.is_whitespace() || is_line_end(c));
    !next_word.is_some_and(|n| n.is_lowercase())
}

/// Whether the word at the end of `head` (the text before a dot) is an
/// abbreviation.
fn is_abbreviation(head: &str) -> bool {
    let start = head
        .char_indices()
        .rev()
        .take_while(|&(_, c)| !c.is_whitespace() && !is_opener(c) && !is_closer(c))
        .last()
        .map_or(head.len(), |(k, _)| k);
    let before = head.get(..start).unwrap_or_default();
    is_abbreviation_word(head.get(start..).unwrap_or_default(), || {
        ends_with_number(before)
    })
}

/// Whether `word`, the word just before a dot, is an abbreviation: single
/// letters (`J.`, `د.`, `U.S`, but not `a.m`), or a listed abbreviation.
/// A single `م` or `هـ` is a calendar mark instead when `after_number` says
/// a number comes before it ("٢٠١٥ م.", "١٤٣٦ هـ.").
fn is_abbreviation_word(word: &str, after_number: impl FnOnce() -> bool) -> bool {
    let word = fold(word);
    let pieces: Vec<&str> = word.split('.').collect();
    let all_single_letters = pieces
        .iter()
        .all(|p| p.chars().count() == 1 && p.chars().all(|c| script_of(c).is_some()));
    if pieces.len() > 1 {
        return all_single_letters && word != "a.m" && word != "p.m";
    }
    if all_single_letters {
        return !(matches!(&*word, "م" | "ه") && after_number());
    }
    ABBREVIATIONS.binary_search(&&*word).is_ok()
}

/// Whether the last char of `text` that is not white space is a digit.
fn ends_with_number(text: &str) -> bool {
    text.chars()
        .rev()
        .find(|c| !c.is_whitespace())
        .is_some_and(is_digit)
}

/// The splitter [`sentences`] had before [`sentence_bytes`]: per-char
/// vectors and a quotation table over the whole text. Kept as the oracle
/// the lazy one is tested against: its scanning, quotations and trimming
/// are its own; what a word before a dot is ([`is_abbreviation_word`]) is
/// shared, as it did not change.
#[cfg(test)]
mod eager {
    use super::*;

    /// The sentences of `display`, as char ranges trimmed of white space.
    pub(super) fn sentences(display: &str) -> Vec<Range<usize>> {
        let chars: Vec<char> = display.chars().collect();
        let quote_close = quotations(&chars);
        let mut out = Vec::new();
        let mut start = 0;
        let mut i = 0;
        while let Some(&c) = chars.get(i) {
            if is_line_end(c) {
                push_trimmed(&chars, start..i, &mut out);
                start = i + 1;
                i += 1;
                continue;
            }
            if !is_terminator(c) {
                i += 1;
                continue;
            }
            let mut j = i;
            while chars.get(j).is_some_and(|&t| is_terminator(t)) {
                j += 1;
            }
            while chars.get(j).is_some_and(|&t| is_closer(t)) {
                j += 1;
            }
            let inside_quote = quote_close
                .get(i)
                .copied()
                .flatten()
                .is_some_and(|close| j <= close);
            if !inside_quote && ends_sentence(&chars, i, j) {
                push_trimmed(&chars, start..j, &mut out);
                start = j;
            }
            i = j;
        }
        push_trimmed(&chars, start..chars.len(), &mut out);
        out
    }

    fn push_trimmed(chars: &[char], range: Range<usize>, out: &mut Vec<Range<usize>>) {
        let mut s = range.start;
        let mut e = range.end.min(chars.len());
        while s < e && chars.get(s).is_some_and(|c| c.is_whitespace()) {
            s += 1;
        }
        while e > s && chars.get(e - 1).is_some_and(|c| c.is_whitespace()) {
            e -= 1;
        }
        if s < e {
            out.push(s..e);
        }
    }

    /// For each char inside a quotation, the index of the quotation's closing
    /// mark.
    fn quotations(chars: &[char]) -> Vec<Option<usize>> {
        let mut close_of = vec![None; chars.len()];
        let mut i = 0;
        while let Some(&c) = chars.get(i) {
            let closer = match c {
                '«' => '»',
                '“' => '”',
                '"' => '"',
                _ => {
                    i += 1;
                    continue;
                }
            };
            let close = chars
                .iter()
                .enumerate()
                .skip(i + 1)
                .take(MAX_QUOTE_CHARS)
                .take_while(|(_, d)| !is_line_end(**d))
                .find(|(_, d)| **d == closer)
                .map(|(k, _)| k);
            match close {
                Some(k) => {
                    for slot in close_of.iter_mut().take(k).skip(i + 1) {
                        *slot = Some(k);
                    }
                    i = k + 1;
                }
                None => i += 1,
            }
        }
        close_of
    }

    /// Whether the terminator run `chars[at..]`, with closers up to `after`,
    /// ends a sentence.
    fn ends_sentence(chars: &[char], at: usize, after: usize) -> bool {
        let prev = at.checked_sub(1).and_then(|k| chars.get(k)).copied();
        let next = chars.get(at + 1).copied();
        if chars.get(at) == Some(&'.') && next != Some('.') {
            if let Some(n) = next
                && (n.is_ascii_alphanumeric() || (is_digit(n) && prev.is_some_and(is_digit)))
            {
                return false;
            }
            if is_abbreviation(chars, at) {
                return false;
            }
        }
        let next_word = chars
            .iter()
            .skip(after)
            .find(|c| !c.is_whitespace() || is_line_end(**c))
            .copied();
        !next_word.is_some_and(|n| n.is_lowercase())
    }

    /// Whether the word just before the dot at `dot` is an abbreviation.
    fn is_abbreviation(chars: &[char], dot: usize) -> bool {
        let mut s = dot;
        while s > 0
            && chars
                .get(s - 1)
                .is_some_and(|&c| !c.is_whitespace() && !is_opener(c) && !is_closer(c))
        {
            s -= 1;
        }
        let word: String = chars.get(s..dot).unwrap_or_default().iter().collect();
        is_abbreviation_word(&word, || previous_word_is_number(chars, s))
    }

    fn previous_word_is_number(chars: &[char], word_start: usize) -> bool {
        chars
            .get(..word_start)
            .unwrap_or_default()
            .iter()
            .rev()
            .find(|c| !c.is_whitespace())
            .is_some_and(|&c| is_digit(c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn texts(text: &str) -> Vec<String> {
        sentences(text)
            .into_iter()
            .map(|r| text.chars().skip(r.start).take(r.len()).collect())
            .collect()
    }

    #[test]
    fn abbreviations_are_sorted() {
        assert!(ABBREVIATIONS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn arabic_news_paragraph() {
        let text = "أعلنت وزارة الصحة السعودية، اليوم الأربعاء، تسجيل ١٢ إصابة جديدة بفيروس كورونا. \
                    وقال المتحدث الرسمي إن الحالات مستقرة؛ وأضاف أن الوزارة تتابع الوضع. هل انتهت الأزمة؟ لا أحد يعرف!";
        assert_eq!(
            texts(text),
            [
                "أعلنت وزارة الصحة السعودية، اليوم الأربعاء، تسجيل ١٢ إصابة جديدة بفيروس كورونا.",
                "وقال المتحدث الرسمي إن الحالات مستقرة؛",
                "وأضاف أن الوزارة تتابع الوضع.",
                "هل انتهت الأزمة؟",
                "لا أحد يعرف!",
            ]
        );
    }

    #[test]
    fn arabic_abbreviations_and_numbers_do_not_split() {
        let text = "افتتح م. خالد والأستاذ أ. سامي المعرض بحضور د. محمد العلي، ص.ب. ١٢٣٤ الرياض. بلغ النمو ٣.٥ في المئة و٢.٧ العام الماضي.";
        assert_eq!(
            texts(text),
            [
                "افتتح م. خالد والأستاذ أ. سامي المعرض بحضور د. محمد العلي، ص.ب. ١٢٣٤ الرياض.",
                "بلغ النمو ٣.٥ في المئة و٢.٧ العام الماضي.",
            ]
        );
    }

    #[test]
    fn calendar_marks_after_a_date_end_a_sentence() {
        let text = "وقع الحادث في عام ١٤٣٦ هـ. ثم بدأ التحقيق في ٢٠١٥ م. وانتهى لاحقا.";
        assert_eq!(
            texts(text),
            [
                "وقع الحادث في عام ١٤٣٦ هـ.",
                "ثم بدأ التحقيق في ٢٠١٥ م.",
                "وانتهى لاحقا."
            ]
        );
    }

    #[test]
    fn english_news_paragraph() {
        let text = "Mr. Kerry met Dr. Zarif in Vienna at 10 a.m. on Tuesday. The U.S. Secretary of State said \
                    growth was 3.5 percent, e.g. in exports. \"We are close!\" he said. Will they agree? Nobody knows...";
        assert_eq!(
            texts(text),
            [
                "Mr. Kerry met Dr. Zarif in Vienna at 10 a.m. on Tuesday.",
                "The U.S. Secretary of State said growth was 3.5 percent, e.g. in exports.",
                "\"We are close!\" he said.",
                "Will they agree?",
                "Nobody knows...",
            ]
        );
    }

    #[test]
    fn quotes_keep_their_sentences_together() {
        let text = "وقال الوزير: «لن نتراجع. سنواصل العمل حتى النهاية» مشيرا إلى الاتفاق. \
                    وأضاف: «الوضع مستقر.» وغادر القاعة.";
        assert_eq!(
            texts(text),
            [
                "وقال الوزير: «لن نتراجع. سنواصل العمل حتى النهاية» مشيرا إلى الاتفاق.",
                "وأضاف: «الوضع مستقر.»",
                "وغادر القاعة.",
            ]
        );
    }

    #[test]
    fn line_ends_always_end_a_sentence() {
        let text = "الرياض - واس\nأكد المسؤول أن\n\nالمشروع اكتمل\r\nSource: Reuters";
        assert_eq!(
            texts(text),
            [
                "الرياض - واس",
                "أكد المسؤول أن",
                "المشروع اكتمل",
                "Source: Reuters"
            ]
        );
    }

    #[test]
    fn urls_and_glued_full_stops() {
        assert_eq!(
            texts("Visit www.spa.gov.sa for details. انتهى الاجتماع.وبدأ المؤتمر"),
            [
                "Visit www.spa.gov.sa for details.",
                "انتهى الاجتماع.",
                "وبدأ المؤتمر"
            ]
        );
    }

    #[test]
    fn empty_and_blank_text_has_no_sentences() {
        assert!(sentences("").is_empty());
        assert!(sentences("  \n\n \t").is_empty());
    }

    /// Text made of what decides sentence ends: terminators, quotation
    /// marks, closers, digits, abbreviations, calendar marks, line ends.
    fn tricky_text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("قال د. أحمد".to_string()),
            Just("في ٢٠١٥ م. ".to_string()),
            Just("١٤٣٦ هـ.".to_string()),
            Just("U.S. ".to_string()),
            Just("Mr. Kerry".to_string()),
            Just("3.5".to_string()),
            Just("«لن نتراجع. سنواصل»".to_string()),
            Just("“quoted. text”".to_string()),
            Just("www.spa.gov.sa".to_string()),
            Just(" he said".to_string()),
            "[\\p{Arabic}a-zA-Z0-9٠-٩ .!?؟؛…«»“”\"'()\n\r\u{85}\u{2028}\u{a0}]{1,12}",
        ];
        proptest::collection::vec(piece, 0..40).prop_map(|p| p.concat())
    }

    #[test]
    fn lazy_sentences_are_the_eager_ones_on_news_text() {
        let text = "قال د. أحمد إن النمو بلغ ٣.٥٪. وأضاف: «الوضع مستقر. والحمد لله» ثم غادر!\n\
                    \"Stop!\" he said. The U.S. envoy met Dr. Smith on Jan. 5 in Riyadh?\n\
                    بريدة 25 شوال 1436 هـ. الموافق 10 أغسطس 2015 م. هل انتهت الأزمة؟ لا أحد يعرف… ربما.";
        let eager = eager::sentences(text);
        assert_eq!(eager.len(), 9, "{:?}", texts(text));
        assert_eq!(sentences(text), eager);
        let first: Vec<&str> = sentence_bytes(text)
            .take(2)
            .filter_map(|r| text.get(r))
            .collect();
        assert_eq!(
            first,
            [
                "قال د. أحمد إن النمو بلغ ٣.٥٪.",
                "وأضاف: «الوضع مستقر. والحمد لله» ثم غادر!"
            ]
        );
    }

    proptest! {
        #[test]
        fn sentences_cover_every_non_space_char_once(s in "[\\p{Arabic}a-zA-Z0-9 .!?؟؛…«»\"\n]{0,60}|\\PC{0,60}") {
            let chars: Vec<char> = s.chars().collect();
            let ranges = sentences(&s);
            let mut covered = vec![false; chars.len()];
            let mut prev_end = 0;
            for r in &ranges {
                prop_assert!(r.start < r.end && r.end <= chars.len());
                prop_assert!(r.start >= prev_end);
                prev_end = r.end;
                prop_assert!(!chars[r.start].is_whitespace() && !chars[r.end - 1].is_whitespace());
                for slot in &mut covered[r.clone()] {
                    *slot = true;
                }
            }
            for (c, cov) in chars.iter().zip(&covered) {
                prop_assert!(*cov || c.is_whitespace(), "{:?} not covered", c);
            }
        }

        #[test]
        fn lazy_sentences_equal_the_eager_ones(s in tricky_text()) {
            prop_assert_eq!(sentences(&s), eager::sentences(&s));
        }

        #[test]
        fn the_first_lazy_sentences_are_the_first_eager_ones(s in tricky_text(), n in 0usize..8) {
            let eager = eager::sentences(&s);
            let lazy: Vec<Range<usize>> = sentence_bytes(&s).take(n).collect();
            prop_assert_eq!(lazy.len(), n.min(eager.len()));
            for (b, c) in lazy.iter().zip(&eager) {
                let by_bytes = s.get(b.clone());
                let by_chars: String = s.chars().skip(c.start).take(c.len()).collect();
                prop_assert_eq!(by_bytes, Some(by_chars.as_str()));
            }
        }

        #[test]
        fn lazy_sentences_equal_the_eager_ones_on_any_text(s in "\\PC{0,80}") {
            prop_assert_eq!(sentences(&s), eager::sentences(&s));
        }
    }
}
