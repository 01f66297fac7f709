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
//! Each thread remembers the analysis of the chunks between white space it
//! has seen (a bounded memo, in two generations): on news text most chunks
//! recur, so most are looked up, not normalized, split and stemmed again.
//! The result is the same as analyzing the whole text at once (tested).
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

/// The terms of one text, with byte offsets and positions. The term texts
/// live in one buffer; the current token's text is copied into a reused
/// [`Token`], so a text costs a few allocations, not one per word.
#[derive(Debug)]
pub struct KhabarTokenStream {
    /// Every term's text, one after the other.
    texts: String,
    /// Per term: its end in `texts`, byte offsets into the text, position.
    terms: Vec<Term>,
    next: usize,
    token: Token,
}

/// One term of a [`KhabarTokenStream`].
#[derive(Debug, Clone, Copy)]
struct Term {
    text_end: usize,
    offset_from: usize,
    offset_to: usize,
    position: usize,
}

impl Tokenizer for KhabarAnalyzer {
    type TokenStream<'a> = KhabarTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> KhabarTokenStream {
        KhabarTokenStream::new(text, self.mode)
    }
}

impl KhabarTokenStream {
    fn new(text: &str, mode: Mode) -> Self {
        let mut stream = KhabarTokenStream {
            texts: String::with_capacity(text.len()),
            terms: Vec::new(),
            next: 0,
            token: Token::default(),
        };
        analyze_into(text, mode, |term, offset_from, offset_to, position| {
            stream.texts.push_str(term);
            stream.terms.push(Term {
                text_end: stream.texts.len(),
                offset_from,
                offset_to,
                position,
            });
        });
        stream
    }
}

impl TokenStream for KhabarTokenStream {
    fn advance(&mut self) -> bool {
        let Some(term) = self.terms.get(self.next) else {
            return false;
        };
        let text_start = match self.next.checked_sub(1) {
            Some(previous) => self.terms.get(previous).map_or(0, |t| t.text_end),
            None => 0,
        };
        self.next += 1;
        self.token.text.clear();
        self.token
            .text
            .push_str(self.texts.get(text_start..term.text_end).unwrap_or(""));
        self.token.offset_from = term.offset_from;
        self.token.offset_to = term.offset_to;
        self.token.position = term.position;
        self.token.position_length = 1;
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// The terms of `text`: stemmed, stop words dropped, with byte offsets into
/// `text` and positions counted over all words (stop words included).
pub fn analyze(text: &str, mode: Mode) -> Vec<Token> {
    let mut out = Vec::new();
    analyze_into(text, mode, |term, offset_from, offset_to, position| {
        out.push(Token {
            offset_from,
            offset_to,
            position,
            text: term.to_owned(),
            position_length: 1,
        });
    });
    out
}

/// Gives each term of `text` to `emit` with its byte offsets and position,
/// in order (see [`analyze`]).
///
/// Words never span ASCII white space (it is its own match form, and joins
/// nothing), so the text is analyzed chunk by chunk between white space,
/// and the analysis of each chunk is remembered: news text repeats its
/// chunks (words with their punctuation) so much that most are looked up,
/// not normalized, split and stemmed again.
fn analyze_into(text: &str, mode: Mode, mut emit: impl FnMut(&str, usize, usize, usize)) {
    MEMO.with(|memo| {
        let mut memo = memo.borrow_mut();
        let mut position = 0;
        for (chunk_start, chunk) in chunks(text) {
            let long: Pieces;
            let (pieces, terms) = match ChunkKey::new(chunk) {
                Some(key) => {
                    if memo.recent.get(&key).is_none() && memo.older.get(&key).is_none() {
                        memo.learn(key, chunk);
                    }
                    match memo.recent.get(&key).or_else(|| memo.older.get(&key)) {
                        Some(found) => found,
                        None => continue,
                    }
                }
                // Too long to remember (rare): analyzed each time.
                None => {
                    long = memo.recent.analyze_chunk(chunk);
                    (long.as_slice(), memo.recent.terms.as_str())
                }
            };
            for piece in pieces {
                let from = chunk_start + piece.from as usize;
                let to = chunk_start + piece.to as usize;
                if let Some(term) = piece.term.of(terms) {
                    emit(term, from, to, position);
                    if let (Mode::Index, Some(bare)) = (mode, piece.bare.of(terms)) {
                        emit(bare, from, to, position);
                    }
                }
                position += 1;
            }
        }
    });
}

/// The chunks of `text` between ASCII white space, with their byte starts.
fn chunks(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(|c: char| c.is_ascii_whitespace())
        .filter(|chunk| !chunk.is_empty())
        .map(move |chunk| (chunk.as_ptr() as usize - text.as_ptr() as usize, chunk))
}

/// Longest chunk the memo remembers, in bytes (15 Arabic letters); the
/// key is kept in the memo's table itself, so a look-up touches one place.
const KEY_BYTES: usize = 31;

/// A chunk of at most [`KEY_BYTES`] bytes, as a memo key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct ChunkKey {
    len: u8,
    bytes: [u8; KEY_BYTES],
}

impl ChunkKey {
    fn new(chunk: &str) -> Option<Self> {
        let len = u8::try_from(chunk.len()).ok()?;
        let mut bytes = [0; KEY_BYTES];
        bytes
            .get_mut(..chunk.len())?
            .copy_from_slice(chunk.as_bytes());
        Some(ChunkKey { len, bytes })
    }
}

/// The words of a chunk; most chunks are one word, kept in place.
#[derive(Debug)]
enum Pieces {
    One(Piece),
    Many(Box<[Piece]>),
}

impl Pieces {
    fn as_slice(&self) -> &[Piece] {
        match self {
            Pieces::One(piece) => std::slice::from_ref(piece),
            Pieces::Many(pieces) => pieces,
        }
    }
}

/// One word of a chunk: its byte range in the chunk and its terms (empty
/// spans for a stop word).
#[derive(Debug, Clone, Copy)]
struct Piece {
    from: u32,
    to: u32,
    term: Span,
    bare: Span,
}

/// A term's place in [`Memo::terms`]; empty for none.
#[derive(Debug, Clone, Copy, Default)]
struct Span {
    start: u32,
    end: u32,
}

impl Span {
    fn of(self, terms: &str) -> Option<&str> {
        let range = self.start as usize..self.end as usize;
        (!range.is_empty()).then(|| terms.get(range)).flatten()
    }
}

/// The analyses of the chunks seen on one thread, in two generations:
/// when the recent one is full it becomes the older one (and the older one
/// is dropped), so the memory stays bounded and frequent chunks stay known.
#[derive(Default)]
struct Memo {
    recent: Generation,
    older: Generation,
}

/// Chunk analyses, the terms of their words (a word is stemmed once per
/// generation, however many chunks hold it), and the texts of the terms.
#[derive(Default)]
struct Generation {
    chunks: rustc_hash::FxHashMap<ChunkKey, Pieces>,
    /// Match-form word to its term and bare term.
    words: rustc_hash::FxHashMap<Box<str>, (Span, Span)>,
    /// The texts of the terms, one after the other.
    terms: String,
}

impl Memo {
    /// Analyzes `chunk` into the recent generation, making it the older
    /// one first when it is full.
    fn learn(&mut self, key: ChunkKey, chunk: &str) {
        if self.recent.chunks.len() >= MEMO_CHUNKS || self.recent.terms.len() >= MEMO_TERM_BYTES {
            self.older = std::mem::take(&mut self.recent);
        }
        let pieces = self.recent.analyze_chunk(chunk);
        self.recent.chunks.insert(key, pieces);
    }
}

impl Generation {
    /// The words of `chunk` and the term texts, when it is known.
    fn get(&self, key: &ChunkKey) -> Option<(&[Piece], &str)> {
        Some((self.chunks.get(key)?.as_slice(), self.terms.as_str()))
    }

    /// The words of `chunk` with their terms, which are appended to
    /// `self.terms`.
    fn analyze_chunk(&mut self, chunk: &str) -> Pieces {
        let words = tokenize(chunk);
        let mut bytes = ByteOffsets::new(chunk);
        let mut pieces = Vec::with_capacity(words.len());
        for word in words {
            let (from, to) = (bytes.at(word.start), bytes.at(word.end));
            let (term, bare) = match self.words.get(word.text.as_str()) {
                Some(&spans) => spans,
                None => {
                    let spans = match terms_of(&word.text, word.kind) {
                        Some((term, bare)) => {
                            let term = self.push_term(&term);
                            let bare = bare.map_or(Span::default(), |bare| self.push_term(&bare));
                            (term, bare)
                        }
                        None => (Span::default(), Span::default()),
                    };
                    self.words.insert(word.text.into_boxed_str(), spans);
                    spans
                }
            };
            // A chunk is a slice of one text, far below 4 GB.
            let (Ok(from), Ok(to)) = (u32::try_from(from), u32::try_from(to)) else {
                continue;
            };
            pieces.push(Piece {
                from,
                to,
                term,
                bare,
            });
        }
        match <[Piece; 1]>::try_from(pieces) {
            Ok([piece]) => Pieces::One(piece),
            Err(pieces) => Pieces::Many(pieces.into_boxed_slice()),
        }
    }

    fn push_term(&mut self, term: &str) -> Span {
        let start = self.terms.len();
        self.terms.push_str(term);
        match (u32::try_from(start), u32::try_from(self.terms.len())) {
            (Ok(start), Ok(end)) => Span { start, end },
            // Never reached: the memo is cleared long before 4 GB.
            _ => Span::default(),
        }
    }
}

/// The terms of one match-form word: `None` for a stop word (or a word
/// that stems to nothing), else its term and, for an Arabic word with a
/// clitic, its term without the clitic when that differs.
type Terms = Option<(String, Option<String>)>;

/// Chunks of one memo generation (about 120 bytes each with their terms;
/// the 31k SaudiNewsNet articles have 516k distinct chunks, and their 20k
/// most frequent make 79% of the text).
const MEMO_CHUNKS: usize = 150_000;

/// Bytes of term text of one memo generation.
const MEMO_TERM_BYTES: usize = 16 * 1024 * 1024;

thread_local! {
    static MEMO: std::cell::RefCell<Memo> = std::cell::RefCell::new(Memo::default());
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

    /// [`analyze`] without the chunk memo: the whole text tokenized at
    /// once.
    fn analyze_whole(text: &str, mode: Mode) -> Vec<(String, usize, usize, usize)> {
        let mut bytes = ByteOffsets::new(text);
        let mut out = Vec::new();
        for (position, word) in tokenize(text).into_iter().enumerate() {
            let (from, to) = (bytes.at(word.start), bytes.at(word.end));
            if let Some((term, bare)) = terms_of(&word.text, word.kind) {
                out.push((term, from, to, position));
                if let (Mode::Index, Some(bare)) = (mode, bare) {
                    out.push((bare, from, to, position));
                }
            }
        }
        out
    }

    fn tuples(tokens: Vec<Token>) -> Vec<(String, usize, usize, usize)> {
        tokens
            .into_iter()
            .map(|t| (t.text, t.offset_from, t.offset_to, t.position))
            .collect()
    }

    #[test]
    fn chunked_analysis_equals_whole_text_analysis_on_news() {
        let text = "أكّد وزيرُ الخارجيّة، اليوم الأربعاء، أنّ المحادثات مع سوريا\tمستمرة.\n\n\
                    ﻻ بُدّ من الحل. The Minister's talks (2,500 people, 3.5%) — وللسورية «نعم»";
        for mode in [Mode::Index, Mode::Query] {
            // Twice: the second time from the memo.
            for _ in 0..2 {
                assert_eq!(tuples(analyze(text, mode)), analyze_whole(text, mode));
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn chunked_analysis_equals_whole_text_analysis(
            text in "([\\p{Arabic}\u{064B}-\u{0652}a-zA-Z0-9ﻻ«»،.,'\\-]{0,8}[ \n\t]{0,2}){0,8}|\\PC{0,60}"
        ) {
            for mode in [Mode::Index, Mode::Query] {
                proptest::prop_assert_eq!(tuples(analyze(&text, mode)), analyze_whole(&text, mode));
            }
        }

        #[test]
        fn offsets_are_char_boundaries(text in "\\PC{0,60}") {
            for t in analyze(&text, Mode::Index) {
                proptest::prop_assert!(t.offset_from < t.offset_to);
                proptest::prop_assert!(text.get(t.offset_from..t.offset_to).is_some());
            }
        }
    }
}
