//! Words and numbers of a display text, in match form, with offsets back
//! into the display text.
//!
//! Tokens are cut from the [match form](crate::match_form) of the display text, so diacritics,
//! tatweel and zero-width chars inside a word never split it, and the
//! token's `text` is already folded (أ → ا, ة → ه, ٢٠١٥ → 2015, ...).
//!
//! What makes a token (all decided on the match form):
//!
//! - [`TokenKind::Arabic`]: a run of Arabic-script letters.
//! - [`TokenKind::Latin`]: a run of Latin letters and ASCII digits with at
//!   least one letter (`g20`, `21st`), with combining accents, and with `-`
//!   or `'` inside when a letter comes before and a letter or digit after
//!   (`al-assad`, `don't`, `f-16`).
//! - [`TokenKind::Number`]: a run of digits, with `.` between two digits
//!   (`3.5`, `٣٫٥` → `3.5`) and `,` before a group of exactly three digits
//!   (`1,000` → `1000`, `١٬٠٠٠` → `1000`). The thousands separators are the
//!   only chars left out of a token's `text`.
//!
//! A token never starts or ends inside the expansion of one display char
//! (`﷽` expands to four words under NFKC): such tokens are dropped, so a
//! token's display span is always whole display chars.
//!
//! [`for_each_token`] is the tokenizer: it hands each token over with its
//! char and byte ranges in the display text and its text borrowed
//! ([`TokenSpan`]), for callers that hash, count or slice. [`tokenize`]
//! collects them with char ranges ([`Token`]).
//!
//! Does not: stem, drop stop words, or tokenize scripts other than Arabic
//! and Latin (their letters are skipped like punctuation).
//!
//! ```
//! use khabar_text::token::{TokenKind, tokenize};
//!
//! let t = tokenize("قالَ الرئيـس: «٢٠١٥»");
//! assert_eq!(t[0].text, "قال");
//! assert_eq!((t[0].start, t[0].end), (0, 4)); // the fatha stays with its word
//! assert_eq!(t[1].text, "الرءيس"); // tatweel gone, ئ folded to ء
//! assert_eq!(t[2].kind, TokenKind::Number);
//! assert_eq!(t[2].text, "2015");
//! ```

use std::ops::{ControlFlow, Range};

use crate::normalize::{CharRule, Diacritics, Mapped};
use crate::script::{Script, script_of};

/// One word or number of a display text.
///
/// Invariant: `start..end` is a char (Unicode scalar) range of the display
/// text given to [`tokenize`], never empty, never beyond its end, and
/// `text` is [`fold`](crate::fold) of exactly those display chars (minus
/// thousands separators in numbers).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Token {
    /// The match form of the token.
    pub text: String,
    /// Char offset of the first display char of the token.
    pub start: usize,
    /// Char offset one past the last display char of the token (trailing
    /// diacritics included).
    pub end: usize,
    /// What kind of token this is.
    pub kind: TokenKind,
}

impl Token {
    /// The token's char range in the display text.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

/// The kind of a [`Token`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Arabic-script letters.
    Arabic,
    /// Latin letters (digits allowed when there is a letter).
    Latin,
    /// Digits, with decimal points and thousands separators.
    Number,
}

fn is_arabic(c: char) -> bool {
    script_of(c) == Some(Script::Arabic)
}

fn is_latin(c: char) -> bool {
    script_of(c) == Some(Script::Latin)
}

fn is_latin_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}')
}

/// The tokens of `display`, in order ([`for_each_token`], collected).
pub fn tokenize(display: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    for_each_token(display, |t| {
        tokens.push(Token {
            text: t.text.to_owned(),
            start: t.chars.start,
            end: t.chars.end,
            kind: t.kind,
        });
        ControlFlow::Continue(())
    });
    tokens
}

/// A token of [`for_each_token`]: its match form borrowed, with both its
/// char and its byte range in the display text.
///
/// Invariant: `chars` and `bytes` are the same non-empty run of whole
/// display chars, and `text` is the `text` [`tokenize`] gives that token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenSpan<'t> {
    /// The match form of the token (valid for the call only).
    pub text: &'t str,
    /// Char range of the token in the display text, as [`Token`] has it.
    pub chars: Range<usize>,
    /// Byte range of the token in the display text (trailing diacritics
    /// included).
    pub bytes: Range<usize>,
    /// What kind of token this is.
    pub kind: TokenKind,
}

/// Calls `each` with the tokens of `display`, in order, until it breaks:
/// the tokens of [`tokenize`] with their byte ranges too, without a
/// `String` per token (the text is a slice of the match form). For callers
/// that hash or count tokens and slice the display text.
///
/// ```
/// use std::ops::ControlFlow;
/// use khabar_text::token::for_each_token;
///
/// let display = "قالَ الرئيـس: «٢٠١٥»";
/// let mut seen = Vec::new();
/// for_each_token(display, |t| {
///     seen.push((t.text.to_owned(), t.chars.clone(), &display[t.bytes.clone()]));
///     if seen.len() == 2 { ControlFlow::Break(()) } else { ControlFlow::Continue(()) }
/// });
/// assert_eq!(seen[0], ("قال".to_owned(), 0..4, "قالَ"));
/// assert_eq!(seen[1], ("الرءيس".to_owned(), 5..12, "الرئيـس"));
/// assert_eq!(seen.len(), 2);
/// ```
pub fn for_each_token(display: &str, mut each: impl FnMut(TokenSpan<'_>) -> ControlFlow<()>) {
    let form = SourcedForm::of(display);
    let mut number = String::new();
    runs(&form.text, |slice, range, kind| {
        let Some((bytes, marks)) = display_bytes(display, &form.sources, range.clone(), kind)
        else {
            return ControlFlow::Continue(());
        };
        let char_at = |k: usize| form.sources.get(k).map_or(0, |s| s.1);
        // The last display char, then its trailing marks.
        let chars = char_at(range.start)..char_at(range.end.saturating_sub(1)) + 1 + marks;
        let text = if kind == TokenKind::Number && slice.contains(',') {
            number.clear();
            number.extend(slice.chars().filter(|&c| c != ','));
            number.as_str()
        } else {
            slice
        };
        each(TokenSpan {
            text,
            chars,
            bytes,
            kind,
        })
    });
}

/// A match form with, for each of its chars, the byte and the char offset
/// in the display text of the display char it came from.
struct SourcedForm {
    text: String,
    /// Per match char: (byte, char) offset of its display char; one list,
    /// so building it costs one push per char.
    sources: Vec<(usize, usize)>,
}

impl SourcedForm {
    fn of(display: &str) -> Self {
        // A display char folds to one match char but for ligatures and
        // dropped marks: the display's bytes bound its chars, so the lists
        // never grow for news text.
        let mut form = SourcedForm {
            text: String::with_capacity(display.len()),
            sources: Vec::with_capacity(display.len()),
        };
        crate::normalize::fold_each_at(display, |byte, char, m| {
            form.text.push(m);
            form.sources.push((byte, char));
        });
        form
    }
}

/// Calls `each` with every word or number run of the match form `text`,
/// in order: its slice of `text`, its match char range and its kind, until
/// `each` breaks. The rules of the module docs; whole display chars are the
/// caller's check.
fn runs(text: &str, mut each: impl FnMut(&str, Range<usize>, TokenKind) -> ControlFlow<()>) {
    // The match form is walked by char (`i`, what the offset maps are
    // indexed by) and byte (`byte`): a token's text is one slice of it.
    let mut i = 0;
    let mut byte = 0;
    while let Some(c) = text.get(byte..).and_then(|rest| rest.chars().next()) {
        let rest = text.get(byte..).unwrap_or_default();
        let (chars, bytes, kind) = if is_arabic(c) {
            let (chars, bytes) = arabic_run(rest);
            (chars, bytes, TokenKind::Arabic)
        } else if is_latin(c) || c.is_ascii_digit() {
            latin_or_number_run(rest)
        } else {
            i += 1;
            byte += c.len_utf8();
            continue;
        };
        if each(rest.get(..bytes).unwrap_or_default(), i..i + chars, kind).is_break() {
            return;
        }
        i += chars.max(1);
        byte += bytes.max(c.len_utf8());
    }
}

/// The chars and bytes of the run of Arabic letters that starts `text`.
fn arabic_run(text: &str) -> (usize, usize) {
    let (mut chars, mut bytes) = (0, 0);
    for c in text.chars().take_while(|&c| is_arabic(c)) {
        chars += 1;
        bytes += c.len_utf8();
    }
    (chars, bytes)
}

/// The chars and bytes of the Latin word or number that starts `text`, and
/// its kind.
fn latin_or_number_run(text: &str) -> (usize, usize, TokenKind) {
    let (mut chars, mut bytes) = (0, 0);
    let mut has_letter = false;
    let mut prev: Option<char> = None;
    let mut rest = text.chars();
    while let Some(c) = rest.clone().next() {
        if is_latin(c) || c.is_ascii_digit() {
            has_letter |= is_latin(c);
        } else if !(is_latin_mark(c) && prev.is_some_and(|p| is_latin(p) || is_latin_mark(p))) {
            let mut after = rest.clone();
            after.next();
            let (Some(p), Some(next)) = (prev, after.clone().next()) else {
                break;
            };
            let joins = match c {
                '-' | '\'' => {
                    (is_latin(p) || is_latin_mark(p)) && (is_latin(next) || next.is_ascii_digit())
                }
                '.' => p.is_ascii_digit() && next.is_ascii_digit(),
                ',' => {
                    p.is_ascii_digit()
                        && (0..3).all(|_| after.next().is_some_and(|d| d.is_ascii_digit()))
                        && !after.next().is_some_and(|d| d.is_ascii_digit())
                }
                _ => false,
            };
            if !joins {
                break;
            }
        }
        rest.next();
        prev = Some(c);
        chars += 1;
        bytes += c.len_utf8();
    }
    let kind = if has_letter {
        TokenKind::Latin
    } else {
        TokenKind::Number
    };
    (chars, bytes, kind)
}

/// The display byte range of the token at match chars `range` (`sources`
/// as [`SourcedForm`] has them), and how many of its last display chars
/// are the marks trailing its last letter: none when the token does not
/// cover whole display chars (it may not share a display char with the
/// match chars around it).
fn display_bytes(
    display: &str,
    sources: &[(usize, usize)],
    range: Range<usize>,
    kind: TokenKind,
) -> Option<(Range<usize>, usize)> {
    let byte_of = |k: usize| sources.get(k).map(|&(byte, _)| byte);
    let first = byte_of(range.start)?;
    let last = byte_of(range.end.checked_sub(1)?)?;
    let starts_clean = range.start == 0 || byte_of(range.start - 1) != Some(first);
    let ends_clean = byte_of(range.end) != Some(last);
    if !starts_clean || !ends_clean {
        return None;
    }
    let after = display.get(last..)?;
    let mut end = last + after.chars().next()?.len_utf8();
    let mut marks = 0;
    if kind == TokenKind::Arabic {
        for d in display.get(end..)?.chars() {
            if Diacritics.map(d) != Mapped::Drop {
                break;
            }
            end += d.len_utf8();
            marks += 1;
        }
    }
    Some((first..end, marks))
}

/// The chars `start..end` of `text`, by char (Unicode scalar) offsets as
/// tokens and passages give them; clamped to the text, empty when
/// `end <= start`. Never panics. (Many ranges of one text: [`CharCursor`].)
///
/// ```
/// assert_eq!(khabar_text::token::char_range("قال الوزير", 4, 10), "الوزير");
/// assert_eq!(khabar_text::token::char_range("abc", 2, 1), "");
/// assert_eq!(khabar_text::token::char_range("abc", 1, 9), "bc");
/// ```
pub fn char_range(text: &str, start: usize, end: usize) -> &str {
    CharCursor::new(text).range(start, end)
}

/// Slices one text by char offsets again and again: [`char_range`] for
/// many ranges of one text (the passages of a reuse pair), walking it
/// forward from the last range's start or end, whichever is nearer before
/// the new start. Ranges in order of their starts, not overlapping, cost
/// one walk of the text in all; a range that starts before the last one
/// walks again from the start of the text, so any order gives the slices
/// [`char_range`] gives.
///
/// ```
/// use khabar_text::token::CharCursor;
///
/// let mut text = CharCursor::new("قال الوزير إن الحل سياسي");
/// assert_eq!(text.range(4, 10), "الوزير");
/// assert_eq!(text.range(14, 18), "الحل");
/// assert_eq!(text.range(0, 3), "قال");
/// assert_eq!(text.range(19, 99), "سياسي");
/// ```
#[derive(Debug, Clone)]
pub struct CharCursor<'t> {
    text: &'t str,
    /// The last range's start and end, each as a char offset and the byte
    /// offset of that char (the text's length for a char past its end).
    /// `start.0 <= end.0`.
    start: (usize, usize),
    end: (usize, usize),
}

impl<'t> CharCursor<'t> {
    /// A cursor at the start of `text`.
    pub fn new(text: &'t str) -> Self {
        CharCursor {
            text,
            start: (0, 0),
            end: (0, 0),
        }
    }

    /// The chars `start..end` of the text, as [`char_range`] gives them.
    pub fn range(&mut self, start: usize, end: usize) -> &'t str {
        let from_anchor = if start >= self.end.0 {
            self.end
        } else if start >= self.start.0 {
            self.start
        } else {
            (0, 0)
        };
        let from = self.byte_after(from_anchor, start);
        let to = if end <= start {
            from
        } else {
            self.byte_after((start, from), end)
        };
        self.start = (start, from);
        self.end = (start.max(end), to);
        self.text.get(from..to).unwrap_or("")
    }

    /// The byte offset of char `char`, walking from `anchor` (a char
    /// offset at or before it, and its byte offset); the text's length
    /// when the text has fewer chars.
    fn byte_after(&self, anchor: (usize, usize), char: usize) -> usize {
        let (at, byte) = anchor;
        self.text
            .get(byte..)
            .and_then(|rest| rest.char_indices().nth(char - at))
            .map_or(self.text.len(), |(b, _)| byte + b)
    }
}

/// Asserts that `tok` has match form `text` and display range `range`.
#[cfg(test)]
#[track_caller]
pub(crate) fn assert_tok(tok: &Token, text: &str, range: Range<usize>) {
    assert_eq!(
        (tok.text.as_str(), tok.start..tok.end),
        (text, range),
        "token {tok:?}"
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::{fold, match_form};
    use proptest::prelude::*;

    fn slice(s: &str, r: Range<usize>) -> String {
        s.chars().skip(r.start).take(r.len()).collect()
    }

    #[test]
    fn arabic_news_sentence() {
        let s = "أكّد وزيرُ الخارجيّة، اليوم الأربعاء، أنّ المحادثات مستمرة.";
        let t = tokenize(s);
        let texts: Vec<&str> = t.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "اكد",
                "وزير",
                "الخارجيه",
                "اليوم",
                "الاربعاء",
                "ان",
                "المحادثات",
                "مستمره"
            ]
        );
        assert_tok(&t[0], "اكد", 0..4);
        assert_tok(&t[1], "وزير", 5..10);
        assert_eq!(slice(s, t[2].range()), "الخارجيّة");
        assert!(t.iter().all(|t| t.kind == TokenKind::Arabic));
    }

    #[test]
    fn diacritics_and_tatweel_do_not_split_a_word() {
        let s = "الرئيـــس شَدَّدَ";
        let t = tokenize(s);
        assert_eq!(t.len(), 2);
        assert_tok(&t[0], "الرءيس", 0..9);
        assert_tok(&t[1], "شدد", 10..17);
    }

    #[test]
    fn numbers_in_both_digit_sets() {
        let s = "ارتفع بنسبة ٣٫٥٪ إلى ١٬٠٠٠ برميل عام ٢٠١٥، و3.5 و1,000,000 و5,6";
        let t = tokenize(s);
        let nums: Vec<&str> = t
            .iter()
            .filter(|t| t.kind == TokenKind::Number)
            .map(|t| t.text.as_str())
            .collect();
        assert_eq!(nums, ["3.5", "1000", "2015", "3.5", "1000000", "5", "6"]);
        let n = t.iter().find(|t| t.text == "1000").map(|t| t.range());
        assert_eq!(n.map(|r| slice(s, r)), Some("١٬٠٠٠".to_string()));
    }

    #[test]
    fn english_words_with_apostrophes_and_hyphens() {
        let s = "Syria's al-Assad met U.S. envoys; F-16 jets, G20 and COVID-19.";
        let t = tokenize(s);
        let texts: Vec<&str> = t.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "syria's", "al-assad", "met", "u", "s", "envoys", "f-16", "jets", "g20", "and",
                "covid-19"
            ]
        );
        assert_tok(&t[1], "al-assad", 8..16);
        assert_eq!(t[6].kind, TokenKind::Latin);
    }

    #[test]
    fn digits_glued_to_arabic_letters_are_two_tokens() {
        let t = tokenize("عام 2015م");
        assert_eq!(t.len(), 3);
        assert_tok(&t[1], "2015", 4..8);
        assert_eq!(t[1].kind, TokenKind::Number);
        assert_tok(&t[2], "م", 8..9);
    }

    #[test]
    fn presentation_forms_map_to_whole_display_chars() {
        // "ﻻ" is one display char and two match chars.
        let t = tokenize("ﻻ بد");
        assert_tok(&t[0], "لا", 0..1);
        // A ligature that expands to several words is dropped, not cut.
        assert!(tokenize("﷽").is_empty());
    }

    // The char-indexed token rules the tokenizer had before it walked the
    // match form by byte.
    fn run_end(chars: &[char], start: usize, keep: fn(char) -> bool) -> usize {
        let mut j = start;
        while chars.get(j).is_some_and(|&c| keep(c)) {
            j += 1;
        }
        j
    }

    /// End of a Latin word or number starting at `start`, and its kind.
    fn latin_or_number_end(chars: &[char], start: usize) -> (usize, TokenKind) {
        let at = |k: usize| chars.get(k).copied();
        let mut j = start;
        let mut has_letter = false;
        while let Some(c) = at(j) {
            let prev = if j > start { at(j - 1) } else { None };
            if is_latin(c) || c.is_ascii_digit() {
                has_letter |= is_latin(c);
                j += 1;
                continue;
            }
            if is_latin_mark(c) && prev.is_some_and(|p| is_latin(p) || is_latin_mark(p)) {
                j += 1;
                continue;
            }
            let (Some(p), Some(next)) = (prev, at(j + 1)) else {
                break;
            };
            let joins = match c {
                '-' | '\'' => {
                    (is_latin(p) || is_latin_mark(p)) && (is_latin(next) || next.is_ascii_digit())
                }
                '.' => p.is_ascii_digit() && next.is_ascii_digit(),
                ',' => {
                    p.is_ascii_digit()
                        && (1..=3).all(|k| at(j + k).is_some_and(|d| d.is_ascii_digit()))
                        && !at(j + 4).is_some_and(|d| d.is_ascii_digit())
                }
                _ => false,
            };
            if !joins {
                break;
            }
            j += 1;
        }
        let kind = if has_letter {
            TokenKind::Latin
        } else {
            TokenKind::Number
        };
        (j, kind)
    }

    /// The tokenizer as it was before it sliced the match form: every
    /// display and match char collected first, each token's text collected
    /// char by char. `tokenize` must give the same tokens.
    fn tokenize_by_chars(display: &str) -> Vec<Token> {
        let form = match_form(display);
        let chars: Vec<char> = form.text.chars().collect();
        let display_chars: Vec<char> = display.chars().collect();
        let mut tokens = Vec::new();
        let mut i = 0;
        while let Some(&c) = chars.get(i) {
            let (end, kind) = if is_arabic(c) {
                (run_end(&chars, i, is_arabic), TokenKind::Arabic)
            } else if is_latin(c) || c.is_ascii_digit() {
                latin_or_number_end(&chars, i)
            } else {
                i += 1;
                continue;
            };
            let first = form.to_display[i] as usize;
            let last = form.to_display[end - 1] as usize;
            let starts_clean = i == 0 || form.to_display[i - 1] != first as u32;
            let ends_clean = form.to_display.get(end) != Some(&(last as u32));
            if starts_clean && ends_clean {
                let mut stop = last + 1;
                if kind == TokenKind::Arabic {
                    while display_chars
                        .get(stop)
                        .is_some_and(|&d| Diacritics.map(d) == Mapped::Drop)
                    {
                        stop += 1;
                    }
                }
                let text: String = match kind {
                    TokenKind::Number => chars[i..end].iter().filter(|&&c| c != ',').collect(),
                    _ => chars[i..end].iter().collect(),
                };
                tokens.push(Token {
                    text,
                    start: first,
                    end: stop,
                    kind,
                });
            }
            i = end.max(i + 1);
        }
        tokens
    }

    /// The char-by-char tokenizer's tokens of `display` with both their
    /// char and their byte ranges: what [`for_each_token`] must give.
    fn spans_by_chars(display: &str) -> Vec<(String, Range<usize>, Range<usize>, TokenKind)> {
        let byte = |c: usize| {
            display
                .char_indices()
                .nth(c)
                .map_or(display.len(), |(b, _)| b)
        };
        tokenize_by_chars(display)
            .into_iter()
            .map(|t| (t.text, t.start..t.end, byte(t.start)..byte(t.end), t.kind))
            .collect()
    }

    /// What [`for_each_token`] gives for `display`, up to `stop` tokens
    /// (all for 0).
    fn spans(display: &str, stop: usize) -> Vec<(String, Range<usize>, Range<usize>, TokenKind)> {
        let mut out = Vec::new();
        for_each_token(display, |t| {
            out.push((t.text.to_owned(), t.chars, t.bytes, t.kind));
            if out.len() == stop {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        });
        out
    }

    #[test]
    fn byte_ranges_on_news_text() {
        for s in [
            "أكّد وزيرُ الخارجيّة، اليوم الأربعاء، أنّ المحادثات مستمرة.",
            "ارتفع بنسبة ٣٫٥٪ إلى ١٬٠٠٠ برميل عام ٢٠١٥، و3.5 و1,000,000 و5,6",
            "Syria's al-Assad met U.S. envoys; F-16 jets, G20 and COVID-19.",
            "ﻻ بد من ﷽ عام2015م الرئيـــس شَدَّدَ\u{200c}على",
        ] {
            let t = spans(s, 0);
            assert_eq!(t, spans_by_chars(s), "{s}");
            assert!(t.iter().all(|t| s.get(t.2.clone()).is_some()));
        }
        let s = "قالَ: «١٬٠٠٠»";
        let t = spans(s, 0);
        assert_eq!(&s[t[0].2.clone()], "قالَ", "the fatha stays");
        assert_eq!((t[1].0.as_str(), &s[t[1].2.clone()]), ("1000", "١٬٠٠٠"));
    }

    #[test]
    fn same_tokens_as_the_char_by_char_tokenizer_on_news_text() {
        for s in [
            "أكّد وزيرُ الخارجيّة، اليوم الأربعاء، أنّ المحادثات مستمرة.",
            "ارتفع بنسبة ٣٫٥٪ إلى ١٬٠٠٠ برميل عام ٢٠١٥، و3.5 و1,000,000 و5,6",
            "Syria's al-Assad met U.S. envoys; F-16 jets, G20 and COVID-19.",
            "ﻻ بد من ﷽ عام2015م الرئيـــس شَدَّدَ\u{200c}على",
        ] {
            assert_eq!(tokenize(s), tokenize_by_chars(s), "{s}");
        }
    }

    proptest! {
        #[test]
        fn char_cursors_and_char_range_slice_by_chars(
            text in "\\PC{0,40}",
            ranges in proptest::collection::vec((0usize..50, 0usize..50), 0..8),
        ) {
            // The chars of the range, collected one by one.
            let by_chars = |start: usize, end: usize| -> String {
                text.chars().skip(start).take(end.saturating_sub(start)).collect()
            };
            let mut cursor = CharCursor::new(&text);
            for (start, end) in ranges {
                prop_assert_eq!(cursor.range(start, end), by_chars(start, end));
                prop_assert_eq!(char_range(&text, start, end), by_chars(start, end));
            }
        }
    }

    proptest! {
        #[test]
        fn tokens_are_folded_display_slices(s in "[\\p{Arabic}a-zA-Z0-9٠-٩ ,.'«»\u{064B}-\u{0652}ـ-]{0,40}|\\PC{0,40}") {
            let n = s.chars().count();
            let tokens = tokenize(&s);
            let mut prev_end = 0;
            for t in &tokens {
                prop_assert!(t.start < t.end && t.end <= n, "{:?}", t);
                prop_assert!(t.start >= prev_end);
                prev_end = t.end;
                let folded = fold(&slice(&s, t.range())).into_owned();
                let expected: String = match t.kind {
                    TokenKind::Number => folded.chars().filter(|&c| c != ',').collect(),
                    _ => folded,
                };
                prop_assert_eq!(&t.text, &expected);
            }
        }

        #[test]
        fn same_tokens_as_the_char_by_char_tokenizer(s in "[\\p{Arabic}a-zA-Z0-9٠-٩ ,.'«»\u{064B}-\u{0652}\u{200c}ـ-]{0,40}|\\PC{0,40}") {
            prop_assert_eq!(tokenize(&s), tokenize_by_chars(&s));
        }

        /// The borrowed tokens are the char-by-char tokenizer's, with the
        /// byte ranges of their char ranges, and stop where `each` breaks.
        #[test]
        fn token_spans_are_the_tokens_with_both_ranges(
            s in "[\\p{Arabic}a-zA-Z0-9٠-٩ ,.'«»\u{064B}-\u{0652}\u{200c}ـ-]{0,60}|\\PC{0,60}|[ﬁﬂﻻ﷽ﷺ ab\u{0301}]{0,20}|[ﬁﻻ﷽aA1٢3,.'\\-\u{0301}\u{064B}ـبة]{0,30}",
            stop in 0usize..12,
        ) {
            let expected: Vec<_> = spans_by_chars(&s)
                .into_iter()
                .take(if stop == 0 { usize::MAX } else { stop })
                .collect();
            prop_assert_eq!(spans(&s, stop), expected);
        }
    }
}
