//! The search analyzer: khabar-text's tokens, stop words and stems as a
//! tantivy tokenizer, used both to index and to parse queries.
//!
//! One analyzer serves Arabic and English text, choosing per token by its
//! script, so a mixed article (an English caption in an Arabic page, an
//! Arabic name in an English wire) is analyzed right word by word:
//!
//! 1. [`khabar_text::tokenize`]: words and numbers in match form (diacritics
//!    and tatweel gone, أ إ آ → ا, ى → ي, ة → ه, digits → ASCII, lower case).
//! 2. Stop words ([`khabar_text::is_stop_word`]) are dropped; the positions
//!    of the other tokens keep their gaps, so phrase queries stay exact.
//! 3. Arabic words: a final يا becomes يه ([`fold_final_ya_alef`]), then the
//!    Snowball Arabic stemmer ([`khabar_text::stem()`]), which strips ال and
//!    the ة/ه ending. So سوريا, سورية, السورية and سوريّة all index as one
//!    term. Latin words: the Snowball English stemmer. Numbers: as they are.
//! 4. When indexing ([`Mode::Index`]), an Arabic word that starts with a
//!    one-letter clitic (و ف ب ل ك) and has at least [`MIN_CLITIC_REST`]
//!    letters after it is indexed twice at the same position: as written,
//!    and without the clitic. So وسوريا and لسوريا are found by سوريا,
//!    which the stemmer alone does not do (it strips a clitic only before
//!    ال). Queries ([`Mode::Query`]) keep the word as written, so وزير
//!    still finds الوزير.
//!
//! Token offsets are byte offsets into the text given (tantivy's contract),
//! so snippets highlight the display text as written.
//!
//! Does not: split stacked clitics (وبسوريا), unify أمريكا/أميركا, or stem languages other than Arabic and
//! English.

use khabar_text::{Lang, TokenKind, is_stop_word, stem, tokenize};
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// The name the analyzer is registered under in the index.
pub const ANALYZER_NAME: &str = "khabar";

/// Arabic words shorter than this (in chars) keep a final يا.
pub const MIN_YA_ALEF_CHARS: usize = 4;

/// Letters a clitic-prefixed word must keep after its clitic to be indexed
/// without it too.
pub const MIN_CLITIC_REST: usize = 4;

/// One-letter Arabic clitics: و ف (and), ب (with, in), ل (for), ك (like).
const CLITICS: [char; 5] = ['و', 'ف', 'ب', 'ل', 'ك'];

/// Whether the analyzer indexes a text or parses a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Indexing: clitic-prefixed words give a second term without the
    /// clitic.
    #[default]
    Index,
    /// Queries: one term per word.
    Query,
}

/// The khabar analyzer as a tantivy [`Tokenizer`].
#[derive(Debug, Clone, Default)]
pub struct KhabarAnalyzer {
    /// Indexing or querying.
    pub mode: Mode,
}

/// The terms of one text, with byte offsets and positions.
#[derive(Debug)]
pub struct KhabarTokenStream {
    tokens: Vec<Token>,
    next: usize,
}

impl Tokenizer for KhabarAnalyzer {
    type TokenStream<'a> = KhabarTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> KhabarTokenStream {
        KhabarTokenStream {
            tokens: analyze(text, self.mode),
            next: 0,
        }
    }
}

impl TokenStream for KhabarTokenStream {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        // `advance` returned true before any call, so `next >= 1`; an
        // empty stream is only read by a caller that broke that contract.
        self.tokens
            .get(self.next.saturating_sub(1))
            .unwrap_or(&EMPTY_TOKEN)
    }

    fn token_mut(&mut self) -> &mut Token {
        let i = self.next.saturating_sub(1);
        if self.tokens.is_empty() {
            self.tokens.push(Token::default());
        }
        let last = self.tokens.len() - 1;
        &mut self.tokens[i.min(last)]
    }
}

static EMPTY_TOKEN: Token = Token {
    offset_from: 0,
    offset_to: 0,
    position: 0,
    text: String::new(),
    position_length: 1,
};

/// The terms of `text`: stemmed, stop words dropped, with byte offsets into
/// `text` and positions counted over all words (stop words included).
pub fn analyze(text: &str, mode: Mode) -> Vec<Token> {
    let words = tokenize(text);
    let mut bytes = ByteOffsets::new(text);
    let mut out = Vec::with_capacity(words.len());
    MEMO.with(|memo| {
        let mut memo = memo.borrow_mut();
        if memo.len() >= MEMO_WORDS {
            memo.clear();
        }
        for (position, word) in words.iter().enumerate() {
            let terms = match memo.get(word.text.as_str()) {
                Some(terms) => terms,
                None => memo
                    .entry(word.text.clone())
                    .or_insert_with(|| terms_of(&word.text, word.kind)),
            };
            let Some((term, bare)) = terms else {
                continue;
            };
            let (from, to) = (bytes.at(word.start), bytes.at(word.end));
            out.push(token(from, to, position, term.clone()));
            if let (Mode::Index, Some(bare)) = (mode, bare) {
                out.push(token(from, to, position, bare.clone()));
            }
        }
    });
    out
}

/// The terms of one match-form word: `None` for a stop word (or a word
/// that stems to nothing), else its term and, for an Arabic word with a
/// clitic, its term without the clitic when that differs.
type Terms = Option<(String, Option<String>)>;

/// Distinct words remembered per thread before the memo starts afresh.
const MEMO_WORDS: usize = 200_000;

thread_local! {
    /// Terms of the words seen on this thread: news vocabulary is Zipfian,
    /// so most words are looked up, not stemmed.
    static MEMO: std::cell::RefCell<std::collections::HashMap<String, Terms>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

fn terms_of(word: &str, kind: TokenKind) -> Terms {
    if is_stop_word(word) {
        return None;
    }
    let (term, bare) = match kind {
        TokenKind::Arabic => {
            let term = stem(&fold_final_ya_alef(word), Lang::Arabic);
            let bare = without_clitic(word)
                .map(|rest| stem(&fold_final_ya_alef(rest), Lang::Arabic))
                .filter(|bare| !bare.is_empty() && *bare != term);
            (term, bare)
        }
        TokenKind::Latin => (stem(word, Lang::English), None),
        TokenKind::Number => (word.to_owned(), None),
    };
    (!term.is_empty()).then_some((term, bare))
}

fn token(offset_from: usize, offset_to: usize, position: usize, text: String) -> Token {
    Token {
        offset_from,
        offset_to,
        position,
        text,
        position_length: 1,
    }
}

/// `word` (match form) without its one-letter clitic, when it has one and
/// at least [`MIN_CLITIC_REST`] letters follow that are not a stop word.
pub fn without_clitic(word: &str) -> Option<&str> {
    let first = word.chars().next()?;
    if !CLITICS.contains(&first) {
        return None;
    }
    let rest = &word[first.len_utf8()..];
    (rest.chars().count() >= MIN_CLITIC_REST && !is_stop_word(rest)).then_some(rest)
}

/// `word` (match form) with a final يا turned into يه, for words of at
/// least [`MIN_YA_ALEF_CHARS`] chars: the country spellings سوريا/سورية,
/// ليبيا/ليبية, روسيا/روسية meet once the stemmer strips the ending. Words
/// like ضحايا or حاليا get the same treatment at index and query time, so
/// they still match themselves.
pub fn fold_final_ya_alef(word: &str) -> std::borrow::Cow<'_, str> {
    match word.strip_suffix("يا") {
        Some(stem) if word.chars().count() >= MIN_YA_ALEF_CHARS => {
            std::borrow::Cow::Owned(format!("{stem}يه"))
        }
        _ => std::borrow::Cow::Borrowed(word),
    }
}

/// Char offsets to byte offsets, for increasing char offsets (one pass).
struct ByteOffsets<'a> {
    chars: std::str::CharIndices<'a>,
    len: usize,
    char_at: usize,
    byte_at: usize,
}

impl<'a> ByteOffsets<'a> {
    fn new(text: &'a str) -> Self {
        ByteOffsets {
            chars: text.char_indices(),
            len: text.len(),
            char_at: 0,
            byte_at: 0,
        }
    }

    /// The byte offset of char `target`; the text's length past its end.
    /// Targets must not decrease between calls; an earlier one gives the
    /// last offset reached.
    fn at(&mut self, target: usize) -> usize {
        while self.char_at < target {
            match self.chars.next() {
                Some(_) => {
                    self.char_at += 1;
                    self.byte_at = self.chars.offset();
                }
                None => return self.len,
            }
        }
        self.byte_at
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        analyze(text, Mode::Query)
            .into_iter()
            .map(|t| t.text)
            .collect()
    }

    fn index_terms(text: &str) -> Vec<String> {
        analyze(text, Mode::Index)
            .into_iter()
            .map(|t| t.text)
            .collect()
    }

    #[test]
    fn clitic_words_are_indexed_bare_too() {
        let syria = terms("سوريا");
        for word in ["وسوريا", "لسوريا", "بسورية", "فسوريا"] {
            let indexed = index_terms(word);
            assert!(indexed.contains(&syria[0]), "{word}: {indexed:?}");
            assert_eq!(terms(word).len(), 1, "{word}");
        }
        // Same position, same offsets.
        let tokens = analyze("روسيا وسوريا", Mode::Index);
        assert_eq!(tokens.len(), 3);
        assert_eq!(tokens[1].position, tokens[2].position);
        assert_eq!(tokens[1].offset_from, tokens[2].offset_from);
        // Short words and words without a clitic give one term.
        assert_eq!(index_terms("وزير").len(), 1);
        assert_eq!(index_terms("سوريا").len(), 1);
        // A query for a clitic-looking word still finds its ال form.
        assert_eq!(terms("الوزير"), terms("وزير"));
    }

    #[test]
    fn syria_spellings_meet() {
        let base = terms("سوريا");
        assert_eq!(base.len(), 1);
        for variant in ["سورية", "السورية", "سوريّة", "سُورِيَا", "سوريه"]
        {
            assert_eq!(terms(variant), base, "{variant}");
        }
    }

    #[test]
    fn offsets_point_at_the_display_words() {
        let text = "أعلنَ وزير الخارجية إنّ Russia's talks";
        for token in analyze(text, Mode::Index) {
            let word = &text[token.offset_from..token.offset_to];
            assert!(!word.trim().is_empty(), "{token:?}");
            assert!(!word.starts_with(' ') && !word.ends_with(' '), "{word:?}");
        }
        let spans: Vec<&str> = analyze(text, Mode::Query)
            .iter()
            .map(|t| &text[t.offset_from..t.offset_to])
            .collect();
        assert_eq!(spans, ["أعلنَ", "وزير", "الخارجية", "Russia's", "talks"]);
    }

    #[test]
    fn stop_words_leave_position_gaps() {
        let tokens = analyze("أعلنت الحكومة في الرياض", Mode::Query);
        let positions: Vec<usize> = tokens.iter().map(|t| t.position).collect();
        assert_eq!(positions, [0, 1, 3]);
    }

    #[test]
    fn english_is_stemmed() {
        assert_eq!(terms("Ministers"), terms("minister"));
    }

    proptest::proptest! {
        #[test]
        fn offsets_are_char_boundaries(text in "\\PC{0,60}") {
            for t in analyze(&text, Mode::Index) {
                proptest::prop_assert!(t.offset_from < t.offset_to);
                proptest::prop_assert!(text.get(t.offset_from..t.offset_to).is_some());
            }
        }
    }
}
