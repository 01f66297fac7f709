//! The words of a display text as the story engine reads them:
//! [`khabar_text::for_each_token`] tokens, with what features and entities
//! need on top — a byte range of the display text, a hash key, the content
//! stem's key, and whether a capital letter or a break (punctuation, a
//! line end) comes with the word.
//!
//! Cutting, folding, stemming and stop words are khabar-text's;
//! this module only adapts them and keeps their cost flat:
//!
//! - words and stems are compared as 64-bit keys ([`key`]), never as owned
//!   strings;
//! - the stem of a token, its form without a proclitic and the entity
//!   finder's hints are computed once per distinct token per thread and
//!   cached ([`lexeme`]), so Snowball and the gazetteer run on the
//!   vocabulary, not on the text.
//!
//! Does not: detect language (Arabic letters are stemmed as Arabic, Latin as
//! English), repair glued words, or remove boilerplate.

use std::cell::RefCell;
use std::ops::ControlFlow;

use khabar_text::{Lang, TokenKind, for_each_token, is_stop_word, stem};
use rustc_hash::FxHashMap;

use crate::entities::Hints;

/// A streaming FNV-1a hash of match-form text: writing `"ال"` then
/// `"رياض"` gives the same key as writing `"الرياض"`, so keys of variants
/// (a proclitic cut, words joined) are computed without building strings.
#[derive(Debug, Clone, Copy)]
pub(crate) struct KeyHasher(u64);

impl KeyHasher {
    pub(crate) fn new() -> Self {
        KeyHasher(0xcbf2_9ce4_8422_2325)
    }

    pub(crate) fn write(&mut self, s: &str) {
        for b in s.bytes() {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    pub(crate) fn finish(self) -> u64 {
        self.0
    }
}

/// The key of a match-form string.
pub(crate) fn key(s: &str) -> u64 {
    let mut h = KeyHasher::new();
    h.write(s);
    h.finish()
}

/// The key of the concatenation of `parts`.
pub(crate) fn key_of(parts: &[&str]) -> u64 {
    let mut h = KeyHasher::new();
    for p in parts {
        h.write(p);
    }
    h.finish()
}

/// The match form of a word: kept inline (no allocation) up to 24 bytes,
/// which nearly every word fits (12 Arabic letters).
pub(crate) type WordText = compact_str::CompactString;

/// One word of a display text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Word {
    /// The match form of the word (folded, lower case).
    pub text: WordText,
    /// [`key`] of `text`.
    pub key: u64,
    /// [`key`] of `text` without a one-letter proclitic (و ف ب ك ل), or
    /// `key` when there is none.
    pub bare: u64,
    /// Key of the content stem; None for stop words, numbers and words too
    /// short to say anything.
    pub stem: Option<u64>,
    /// Byte range of the word in the display text.
    pub start: usize,
    /// End of the byte range of the word in the display text.
    pub end: usize,
    /// True when the display word starts with an upper-case letter.
    pub capitalized: bool,
    /// True when something other than white space (punctuation, a line
    /// break) separates this word from the previous one, or it is the first.
    pub after_break: bool,
    /// True when the word is a number.
    pub number: bool,
    /// What the entity finder needs to know of the word.
    pub hints: Hints,
}

/// One-letter Arabic proclitics: and, so, with, like, for.
pub(crate) const PROCLITICS: [char; 5] = ['و', 'ف', 'ب', 'ك', 'ل'];

/// What is known of a distinct token whatever text it is in: its content
/// stem, its form without a proclitic, and what the entity finder needs to
/// know of it. Computed once per distinct token per thread ([`lexeme`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Lexeme {
    /// See [`Word::stem`].
    pub stem: Option<u64>,
    /// See [`Word::bare`].
    pub bare: u64,
    /// See [`Word::hints`].
    pub hints: Hints,
}

impl Lexeme {
    /// Reads a match-form token of `kind` whose [`key`] is `token_key`.
    fn read(text: &str, token_key: u64, kind: TokenKind) -> Lexeme {
        let bare = text
            .strip_prefix(PROCLITICS)
            .filter(|rest| !rest.is_empty())
            .map_or(token_key, key);
        Lexeme {
            stem: content_stem(text, kind),
            bare,
            hints: Hints::of(text, token_key, bare),
        }
    }
}

/// Distinct tokens cached per thread before the cache is emptied (bounds
/// its memory on any stream).
const LEXICON_MAX: usize = 1 << 20;

/// Slots of the small direct-mapped cache in front of the lexicon: the
/// frequent tokens of a language fit it, and it fits a core's cache where
/// the map of the whole vocabulary does not.
const HOT_SLOTS: usize = 1 << 14;

/// Token key -> lexeme, per thread: a small direct-mapped cache of recent
/// tokens in front of a map of all tokens seen.
#[derive(Default)]
struct Lexicon {
    /// (token key, lexeme) by slot; empty until first filled.
    hot: Vec<Option<(u64, Lexeme)>>,
    all: FxHashMap<u64, Lexeme>,
}

impl Lexicon {
    fn slot(token_key: u64) -> usize {
        // FNV keys are well mixed in their high bits.
        (token_key >> 50) as usize & (HOT_SLOTS - 1)
    }

    fn get(&mut self, token_key: u64) -> Option<Lexeme> {
        if let Some(Some((k, lexeme))) = self.hot.get(Self::slot(token_key))
            && *k == token_key
        {
            return Some(*lexeme);
        }
        let lexeme = *self.all.get(&token_key)?;
        self.put_hot(token_key, lexeme);
        Some(lexeme)
    }

    fn put_hot(&mut self, token_key: u64, lexeme: Lexeme) {
        if self.hot.is_empty() {
            self.hot = vec![None; HOT_SLOTS];
        }
        if let Some(h) = self.hot.get_mut(Self::slot(token_key)) {
            *h = Some((token_key, lexeme));
        }
    }

    fn insert(&mut self, token_key: u64, lexeme: Lexeme) {
        if self.all.len() >= LEXICON_MAX {
            self.all.clear();
        }
        self.all.insert(token_key, lexeme);
        self.put_hot(token_key, lexeme);
    }
}

thread_local! {
    static LEXICON: RefCell<Lexicon> = RefCell::new(Lexicon::default());
}

/// Fills in the [`Lexeme`] of each of `words` (whose token kinds are
/// `kinds`), from the thread's cache when it was read before. Looking a
/// text's words up in one tight loop lets the processor wait for many cache
/// misses at once.
fn fill_lexemes(words: &mut [Word], kinds: &[TokenKind]) {
    LEXICON.with(|cache| {
        let mut cache = cache.borrow_mut();
        for (w, &kind) in words.iter_mut().zip(kinds) {
            let lexeme = cache.get(w.key).unwrap_or_else(|| {
                let l = Lexeme::read(&w.text, w.key, kind);
                cache.insert(w.key, l);
                l
            });
            w.stem = lexeme.stem;
            w.bare = lexeme.bare;
            w.hints = lexeme.hints;
        }
    })
}

/// The key of the content stem of a match-form token of `kind`, or None
/// for stop words, numbers and stems shorter than two letters (three in
/// Latin).
fn content_stem(text: &str, kind: TokenKind) -> Option<u64> {
    let lang = match kind {
        TokenKind::Number => return None,
        TokenKind::Arabic => Lang::Arabic,
        TokenKind::Latin => Lang::English,
    };
    if is_stop_word(text) {
        return None;
    }
    let s = stem(text, lang);
    let min = if lang == Lang::English { 3 } else { 2 };
    (s.chars().count() >= min).then(|| key(&s))
}

/// Display bytes read per word wanted: a generous bound (Arabic news words
/// average about 11 bytes with their space), so that a huge text is not
/// tokenized past the words that will be used.
const BYTES_PER_WORD: usize = 24;

/// The words of `display`, in order, at most `max` of them.
pub(crate) fn words(display: &str, max: usize) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut kinds: Vec<TokenKind> = Vec::new();
    if max == 0 {
        return out;
    }
    // Only the display text between two tokens is looked at again: whether
    // anything but white space lies there.
    let mut prev_end: Option<usize> = None;
    for_each_token(read_part(display, max), |t| {
        let gap = prev_end.and_then(|p| display.get(p..t.bytes.start));
        let capitalized = display
            .get(t.bytes.start..)
            .and_then(|s| s.chars().next())
            .is_some_and(char::is_uppercase);
        let key = key(t.text);
        out.push(Word {
            text: WordText::from(t.text),
            key,
            // The lexeme's fields are filled in below, all at once.
            bare: key,
            stem: None,
            hints: Hints::default(),
            number: t.kind == TokenKind::Number,
            start: t.bytes.start,
            end: t.bytes.end,
            capitalized,
            // The first word comes after a break.
            after_break: gap.is_none_or(|g| g.chars().any(is_break)),
        });
        kinds.push(t.kind);
        prev_end = Some(t.bytes.end);
        if out.len() < max {
            ControlFlow::Continue(())
        } else {
            ControlFlow::Break(())
        }
    });
    fill_lexemes(&mut out, &kinds);
    out
}

/// True when `c`, between two words, breaks them apart: anything but
/// white space, and a line end.
fn is_break(c: char) -> bool {
    !c.is_whitespace() || c == '\n'
}

/// The head of `display` that [`words`] tokenizes for `max` words: all of
/// it unless it is longer than [`BYTES_PER_WORD`] bytes a word, else cut at
/// white space so that no word is cut in two.
fn read_part(display: &str, max: usize) -> &str {
    let budget = max.saturating_mul(BYTES_PER_WORD);
    if display.len() <= budget {
        return display;
    }
    let mut cut = budget;
    while !display.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = display.get(..cut).unwrap_or_default();
    head.rfind(char::is_whitespace).map_or(head, |w| &head[..w])
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What [`words`] reads from the display text around each token: its
    /// match form, whether it is a number, its byte range, and whether it is
    /// capitalized and comes after a break (the stems and hints follow from
    /// the match form, see [`Lexeme::read`]).
    type Layout = (String, bool, usize, usize, bool, bool);

    /// [`Layout`] of [`words`].
    fn layout(words: Vec<Word>) -> Vec<Layout> {
        words
            .into_iter()
            .map(|w| {
                (
                    w.text.into_string(),
                    w.number,
                    w.start,
                    w.end,
                    w.capitalized,
                    w.after_break,
                )
            })
            .collect()
    }

    /// [`Layout`] as [`words`] found it before tokens carried byte ranges:
    /// char-range tokens, and a walk over the whole display text to turn
    /// them into byte ranges and see breaks and capitals.
    fn layout_by_chars(display: &str, max: usize) -> Vec<Layout> {
        let mut tokens = khabar_text::tokenize(read_part(display, max));
        tokens.truncate(max);
        let mut out = Vec::with_capacity(tokens.len());
        let mut chars = display.char_indices().enumerate().peekable();
        let mut broke = true;
        for t in tokens {
            let mut start = display.len();
            let mut end = display.len();
            let mut capitalized = false;
            while let Some(&(ci, (bi, c))) = chars.peek() {
                if ci >= t.end {
                    end = bi;
                    break;
                }
                if ci < t.start {
                    if !c.is_whitespace() || c == '\n' {
                        broke = true;
                    }
                } else if ci == t.start {
                    start = bi;
                    capitalized = c.is_uppercase();
                }
                chars.next();
            }
            let number = t.kind == TokenKind::Number;
            out.push((t.text, number, start, end, capitalized, broke));
            broke = false;
        }
        out
    }

    proptest! {
        #[test]
        fn words_are_those_of_the_char_walk(
            s in "[\\p{Arabic}a-zA-Z0-9٠-٩ \n,.'«»:\u{064B}-\u{0652}\u{200c}ـ-]{0,80}|\\PC{0,60}|[ﻻ﷽ Ab\u{0301}\n.]{0,20}",
            max in prop_oneof![Just(usize::MAX), 0usize..12],
        ) {
            prop_assert_eq!(layout(words(&s, max)), layout_by_chars(&s, max));
        }
    }

    #[test]
    fn words_of_news_text_are_those_of_the_char_walk() {
        for text in [
            "أعلنت سوريّة، في 2015م: Barack Obama",
            "\nوقال وزير الخارجية عادل الجبير في الرياض إن المملكة ستواصل دعم اليمن.\nThe U.S. envoy met Dr. Smith",
            "ﻻ بد من ﷽ عام٢٠١٥م الرئيـــس شَدَّدَ\u{200c}على «الحل»",
        ] {
            for max in [usize::MAX, 3, 1] {
                assert_eq!(
                    layout(words(text, max)),
                    layout_by_chars(text, max),
                    "{text} {max}"
                );
            }
        }
    }

    #[test]
    fn words_carry_byte_ranges_breaks_and_capitals() {
        let text = "أعلنت سوريّة، في 2015م: Barack Obama";
        let w = words(text, usize::MAX);
        let texts: Vec<&str> = w.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(
            texts,
            ["اعلنت", "سوريه", "في", "2015", "م", "barack", "obama"]
        );
        assert_eq!(&text[w[1].start..w[1].end], "سوريّة");
        assert!(w[2].after_break, "a comma breaks");
        assert!(!w[1].after_break && w[0].after_break);
        assert!(w[3].number && w[5].capitalized && !w[4].capitalized);
        assert_eq!(w[2].stem, None, "a stop word has no stem");
        assert_eq!(w[3].stem, None, "a number has no stem");
    }

    #[test]
    fn inflected_forms_share_a_stem_key() {
        let w = words("المستشفيات والمستشفى مستشفى", usize::MAX);
        assert!(w[0].stem.is_some());
        assert!(w.iter().all(|x| x.stem == w[0].stem), "{w:?}");
    }

    #[test]
    fn cached_lexemes_equal_fresh_ones() {
        let text = "وقال وزير الخارجية عادل الجبير في الرياض إن المملكة ستواصل دعم اليمن";
        // This thread's lexicon is warm; a new thread's is empty.
        let warm = {
            words("الجبير يصل الرياض ووزير الخارجية", usize::MAX);
            words(text, usize::MAX)
        };
        let fresh = std::thread::spawn(move || words(text, usize::MAX)).join();
        assert_eq!(fresh.ok(), Some(warm));
    }

    #[test]
    fn streaming_keys_equal_whole_keys() {
        assert_eq!(key_of(&["ال", "رياض"]), key("الرياض"));
        assert_ne!(key("الرياض"), key("الرياض "));
    }
}
