//! Sentence boundaries of a display text.
//!
//! [`sentences`] splits at `.` `!` `?` `؟` `؛` `…` (and runs of them, `?!`,
//! `...`) and at every line end, and returns char ranges trimmed of white
//! space. Every char that is not white space lies in exactly one range.
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
pub fn sentences(display: &str) -> Vec<Range<usize>> {
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
    let word = fold(&word).into_owned();
    let pieces: Vec<&str> = word.split('.').collect();
    let all_single_letters = pieces
        .iter()
        .all(|p| p.chars().count() == 1 && p.chars().all(|c| script_of(c).is_some()));
    if pieces.len() > 1 {
        return all_single_letters && word != "a.m" && word != "p.m";
    }
    if all_single_letters {
        // "٢٠١٥ م." and "١٤٣٦ هـ." are calendar marks at the end of a date.
        let calendar = matches!(word.as_str(), "م" | "ه") && previous_word_is_number(chars, s);
        return !calendar;
    }
    ABBREVIATIONS.binary_search(&word.as_str()).is_ok()
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
    }
}
