//! The words of a display text as the story engine reads them:
//! [`khabar_text::tokenize`] tokens, with what features and entities need on
//! top — a byte range, a hash key, the content stem's key, and whether a
//! capital letter or a break (punctuation, a line end) comes with the word.
//!
//! Cutting, folding, stemming, stop words and sentences are khabar-text's;
//! this module only adapts them and keeps their cost flat:
//!
//! - words and stems are compared as 64-bit keys ([`key`]), never as owned
//!   strings;
//! - the stem of a token is computed once per distinct token per thread and
//!   cached ([`stem_key`]), so Snowball runs on the vocabulary, not on the
//!   text.
//!
//! Does not: detect language (Arabic letters are stemmed as Arabic, Latin as
//! English), repair glued words, or remove boilerplate.

use std::cell::RefCell;
use std::ops::Range;

use khabar_text::{Lang, TokenKind, is_stop_word, stem, tokenize};
use rustc_hash::FxHashMap;

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

/// One word of a display text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Word {
    /// The match form of the word (folded, lower case).
    pub text: String,
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
}

/// One-letter Arabic proclitics: and, so, with, like, for.
pub(crate) const PROCLITICS: [char; 5] = ['و', 'ف', 'ب', 'ك', 'ل'];

/// Distinct tokens cached per thread before the cache is emptied (bounds
/// its memory on any stream).
const STEM_CACHE_MAX: usize = 1 << 20;

/// Slots of the small direct-mapped cache in front of the stem map: the
/// frequent tokens of a language fit it, and it fits a core's cache where
/// the map of the whole vocabulary does not.
const HOT_SLOTS: usize = 1 << 14;

/// Token key -> stem key, per thread: a small direct-mapped cache of
/// recent tokens in front of a map of all tokens seen.
#[derive(Default)]
struct StemCache {
    /// (token key, stem key); empty until first filled.
    hot: Vec<(u64, Option<u64>)>,
    /// Which `hot` slots hold an entry.
    filled: Vec<bool>,
    all: FxHashMap<u64, Option<u64>>,
}

impl StemCache {
    fn slot(token_key: u64) -> usize {
        // FNV keys are well mixed in their high bits.
        (token_key >> 50) as usize & (HOT_SLOTS - 1)
    }

    fn get(&mut self, token_key: u64) -> Option<Option<u64>> {
        let slot = Self::slot(token_key);
        if self.filled.get(slot) == Some(&true)
            && let Some(&(k, stem)) = self.hot.get(slot)
            && k == token_key
        {
            return Some(stem);
        }
        let stem = *self.all.get(&token_key)?;
        self.put_hot(token_key, stem);
        Some(stem)
    }

    fn put_hot(&mut self, token_key: u64, stem: Option<u64>) {
        if self.hot.is_empty() {
            self.hot = vec![(0, None); HOT_SLOTS];
            self.filled = vec![false; HOT_SLOTS];
        }
        let slot = Self::slot(token_key);
        if let (Some(h), Some(f)) = (self.hot.get_mut(slot), self.filled.get_mut(slot)) {
            *h = (token_key, stem);
            *f = true;
        }
    }

    fn insert(&mut self, token_key: u64, stem: Option<u64>) {
        if self.all.len() >= STEM_CACHE_MAX {
            self.all.clear();
        }
        self.all.insert(token_key, stem);
        self.put_hot(token_key, stem);
    }
}

thread_local! {
    static STEMS: RefCell<StemCache> = RefCell::new(StemCache::default());
}

/// The key of the content stem of a match-form token of `kind` whose
/// [`key`] is `token_key`, or None for stop words, numbers and stems shorter
/// than two letters (three in Latin).
pub(crate) fn stem_key(text: &str, token_key: u64, kind: TokenKind) -> Option<u64> {
    let lang = match kind {
        TokenKind::Number => return None,
        TokenKind::Arabic => Lang::Arabic,
        TokenKind::Latin => Lang::English,
    };
    STEMS.with(|cache| {
        if let Some(k) = cache.borrow_mut().get(token_key) {
            return k;
        }
        let k = if is_stop_word(text) {
            None
        } else {
            let s = stem(text, lang);
            let min = if lang == Lang::English { 3 } else { 2 };
            (s.chars().count() >= min).then(|| key(&s))
        };
        cache.borrow_mut().insert(token_key, k);
        k
    })
}

/// Display bytes read per word wanted: a generous bound (Arabic news words
/// average about 11 bytes with their space), so that a huge text is not
/// tokenized past the words that will be used.
const BYTES_PER_WORD: usize = 24;

/// The words of `display`, in order, at most `max` of them.
pub(crate) fn words(display: &str, max: usize) -> Vec<Word> {
    let budget = max.saturating_mul(BYTES_PER_WORD);
    let read = if display.len() > budget {
        // Cut at white space so that no word is cut in two.
        let mut cut = budget;
        while !display.is_char_boundary(cut) {
            cut -= 1;
        }
        let head = display.get(..cut).unwrap_or_default();
        head.rfind(char::is_whitespace).map_or(head, |w| &head[..w])
    } else {
        display
    };
    let tokens = tokenize(read);
    let mut out = Vec::with_capacity(tokens.len().min(max));
    // Walks the display text once: char offset -> byte offset, and whether
    // anything but white space lies between two tokens.
    let mut chars = display.char_indices().enumerate().peekable();
    let mut broke = true;
    for t in tokens.into_iter().take(max) {
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
        let k = key(&t.text);
        out.push(Word {
            stem: stem_key(&t.text, k, t.kind),
            key: k,
            bare: t
                .text
                .strip_prefix(PROCLITICS)
                .filter(|rest| !rest.is_empty())
                .map_or(k, key),
            number: t.kind == TokenKind::Number,
            text: t.text,
            start,
            end,
            capitalized,
            after_break: broke,
        });
        broke = false;
    }
    out
}

/// The sentences of `display` as byte ranges (khabar-text gives char
/// ranges).
pub(crate) fn sentences(display: &str) -> Vec<Range<usize>> {
    let ranges = khabar_text::sentences(display);
    let mut out = Vec::with_capacity(ranges.len());
    let mut chars = display.char_indices().enumerate().peekable();
    let mut byte_at = |target: usize| -> usize {
        while let Some(&(ci, (bi, _))) = chars.peek() {
            if ci >= target {
                return bi;
            }
            chars.next();
        }
        display.len()
    };
    for r in ranges {
        let start = byte_at(r.start);
        let end = byte_at(r.end);
        if start < end {
            out.push(start..end);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn streaming_keys_equal_whole_keys() {
        assert_eq!(key_of(&["ال", "رياض"]), key("الرياض"));
        assert_ne!(key("الرياض"), key("الرياض "));
    }

    #[test]
    fn sentences_are_byte_ranges() {
        let text = "ارتفع المؤشر 3.5 في المئة. وقال المحلل: نعم؟";
        let s: Vec<&str> = sentences(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(s, ["ارتفع المؤشر 3.5 في المئة.", "وقال المحلل: نعم؟"]);
    }
}
