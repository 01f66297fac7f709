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
//! The analysis of the chunks between white space is remembered (a bounded
//! memo: a fixed table of recently used chunks, and the terms of the words
//! seen): on news text most chunks recur, so most are looked up, not
//! normalized, split and stemmed again. Indexing shares one memo across
//! threads (tantivy starts a new indexing thread at every commit); queries,
//! and a text analyzed while another thread holds that memo, use their
//! thread's own.
//! The result is the same as analyzing the whole text at once (tested).
//!
//! Does not: split stacked clitics (وبسوريا), unify أمريكا/أميركا, or stem languages other than Arabic and
//! English.

use khabar_text::{Lang, TokenKind, for_each_token, is_stop_word, stem};
use std::ops::ControlFlow;
use std::sync::{Arc, Mutex};

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

/// The khabar analyzer as a tantivy [`Tokenizer`]. It keeps the buffers of
/// its last token stream, so analyzing a text allocates nothing once they
/// are large enough (tantivy keeps one analyzer per field while indexing).
///
/// An indexing analyzer and its clones share one memo of analyzed chunks:
/// tantivy clones the registered analyzer for each indexing thread, and
/// ends that thread at each commit, so a memo of the thread's own would
/// start empty again and again.
#[derive(Debug, Default)]
pub struct KhabarAnalyzer {
    mode: Mode,
    buffers: Buffers,
    /// The memo of indexing, shared by clones; `None` for queries (they
    /// use their thread's memo).
    shared: Option<Arc<Mutex<Memo>>>,
}

impl KhabarAnalyzer {
    /// An analyzer for indexing or for queries.
    pub fn new(mode: Mode) -> Self {
        KhabarAnalyzer {
            mode,
            buffers: Buffers::default(),
            shared: (mode == Mode::Index).then(Default::default),
        }
    }

    /// Indexing or querying.
    pub fn mode(&self) -> Mode {
        self.mode
    }
}

impl Clone for KhabarAnalyzer {
    /// The same mode and memo, with empty buffers.
    fn clone(&self) -> Self {
        KhabarAnalyzer {
            mode: self.mode,
            buffers: Buffers::default(),
            shared: self.shared.clone(),
        }
    }
}

/// The terms of one text, with byte offsets and positions. The term texts
/// live in one buffer; the current token's text is copied into a reused
/// [`Token`].
#[derive(Debug, Default)]
struct Buffers {
    /// Every term's text, one after the other.
    texts: String,
    /// Per term: its end in `texts`, byte offsets into the text, position.
    terms: Vec<Term>,
    token: Token,
}

/// The terms of one text, in the buffers of the [`KhabarAnalyzer`] that
/// made it.
#[derive(Debug)]
pub struct KhabarTokenStream<'a> {
    buffers: &'a mut Buffers,
    next: usize,
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
    type TokenStream<'a> = KhabarTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> KhabarTokenStream<'a> {
        let buffers = &mut self.buffers;
        buffers.texts.clear();
        buffers.terms.clear();
        buffers.token.reset();
        let shared = self.shared.as_deref();
        analyze_into(
            text,
            self.mode,
            shared,
            |term, offset_from, offset_to, position| {
                buffers.texts.push_str(term);
                buffers.terms.push(Term {
                    text_end: buffers.texts.len(),
                    offset_from,
                    offset_to,
                    position,
                });
            },
        );
        KhabarTokenStream { buffers, next: 0 }
    }
}

impl TokenStream for KhabarTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let Buffers {
            texts,
            terms,
            token,
        } = &mut *self.buffers;
        let Some(term) = terms.get(self.next) else {
            return false;
        };
        let text_start = match self.next.checked_sub(1) {
            Some(previous) => terms.get(previous).map_or(0, |t| t.text_end),
            None => 0,
        };
        self.next += 1;
        token.text.clear();
        token
            .text
            .push_str(texts.get(text_start..term.text_end).unwrap_or(""));
        token.offset_from = term.offset_from;
        token.offset_to = term.offset_to;
        token.position = term.position;
        token.position_length = 1;
        true
    }

    fn token(&self) -> &Token {
        &self.buffers.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.buffers.token
    }
}

/// The terms of `text`: stemmed, stop words dropped, with byte offsets into
/// `text` and positions counted over all words (stop words included).
pub fn analyze(text: &str, mode: Mode) -> Vec<Token> {
    let mut out = Vec::new();
    analyze_into(
        text,
        mode,
        None,
        |term, offset_from, offset_to, position| {
            out.push(Token {
                offset_from,
                offset_to,
                position,
                text: term.to_owned(),
                position_length: 1,
            });
        },
    );
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
/// `shared` is the indexing analyzer's memo, used when no other thread
/// holds it; otherwise the thread's own memo is.
fn analyze_into(
    text: &str,
    mode: Mode,
    shared: Option<&Mutex<Memo>>,
    mut emit: impl FnMut(&str, usize, usize, usize),
) {
    let mut analyze = |memo: &mut Memo| memo.analyze(text, mode, &mut emit);
    // Another thread analyzing with the shared memo (a clone's thread)
    // is not waited for: this one uses its own memo.
    if let Some(Ok(mut memo)) = shared.map(Mutex::try_lock) {
        return analyze(&mut memo);
    }
    MEMO.with(|memo| analyze(&mut memo.borrow_mut()));
}

/// Chunks looked up together: their memo slots are read first, all at once
/// (the reads do not wait for each other), so the look-ups that follow
/// find them in the CPU cache. The memo is too large for the cache, and
/// the indexer's own tables evict it, so a look-up on its own mostly waits
/// for memory.
const GROUP: usize = 32;

/// The chunks of `text` between ASCII white space, with their byte starts.
/// (Split on bytes: an ASCII byte is never part of a longer UTF-8 char, so
/// every chunk is a `str` slice.)
fn chunks(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut start = 0;
    text.as_bytes()
        .split(|b| b.is_ascii_whitespace())
        .filter_map(move |chunk| {
            let from = start;
            start += chunk.len() + 1;
            let chunk = text.get(from..from + chunk.len())?;
            (!chunk.is_empty()).then_some((from, chunk))
        })
}

/// Longest chunk the memo remembers, in bytes (15 Arabic letters); the
/// key is kept in the memo's slot itself, so a look-up touches one place.
const KEY_BYTES: usize = 31;

/// A chunk of at most [`KEY_BYTES`] bytes, as a memo key: its bytes, then
/// zeros, then its length in the last byte, as four words (compared and
/// hashed word by word). All zeros: an empty slot (chunks are never empty).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct ChunkKey([u64; 4]);

impl ChunkKey {
    fn new(chunk: &str) -> Option<Self> {
        if chunk.len() > KEY_BYTES {
            return None;
        }
        let mut bytes = [0; KEY_BYTES + 1];
        bytes
            .get_mut(..chunk.len())?
            .copy_from_slice(chunk.as_bytes());
        *bytes.last_mut()? = u8::try_from(chunk.len()).ok()?;
        let mut words = [0; 4];
        for (word, eight) in words.iter_mut().zip(bytes.chunks_exact(8)) {
            *word = u64::from_le_bytes(eight.try_into().ok()?);
        }
        Some(ChunkKey(words))
    }

    /// The memo set this key belongs in, below `1 << bits`.
    fn set(&self, bits: u32) -> usize {
        let mut hasher = rustc_hash::FxHasher::default();
        for word in self.0 {
            std::hash::Hasher::write_u64(&mut hasher, word);
        }
        // The top bits of a multiplicative mix are the well-mixed ones.
        let mixed = std::hash::Hasher::finish(&hasher).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (mixed >> (u64::BITS - bits)) as usize
    }
}

/// The words of a chunk; most chunks are one word, kept in place.
#[derive(Debug, Default)]
enum Pieces {
    #[default]
    None,
    One(Piece),
    Many(Box<[Piece]>),
}

impl From<Vec<Piece>> for Pieces {
    fn from(pieces: Vec<Piece>) -> Self {
        match <[Piece; 1]>::try_from(pieces) {
            Ok([piece]) => Pieces::One(piece),
            Err(pieces) if pieces.is_empty() => Pieces::None,
            Err(pieces) => Pieces::Many(pieces.into_boxed_slice()),
        }
    }
}

impl Pieces {
    fn as_slice(&self) -> &[Piece] {
        match self {
            Pieces::None => &[],
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

/// One remembered chunk (64 bytes: one cache line).
#[derive(Debug, Default)]
#[repr(align(64))]
struct Slot {
    key: ChunkKey,
    pieces: Pieces,
}

/// Sets of the chunk memo, as powers of two: it starts with 2^9 sets of
/// [`WAYS`] slots of 64 bytes (128 KB; a thread that only parses queries
/// stays small) and doubles, keeping what it holds, each time it has learned
/// half as many chunks as it has slots, up to 2^16 sets (16 MB). The 31k
/// SaudiNewsNet articles have 520k distinct chunks (5.9% of their 8.8M),
/// and their 16k most frequent make 77% of the text: the full memo misses
/// 7.7% of the chunks (2 ways of 2^16 sets: 12.1%; 4 ways of 2^15: 10.5%;
/// 2 ways of 2^17: 8.9%), and each miss costs a tokenization (about 4,000
/// instructions), a hit about 100.
const MIN_SET_BITS: u32 = 9;
/// See [`MIN_SET_BITS`].
const MAX_SET_BITS: u32 = 16;

/// Slots per set, most recently used first: a new chunk goes in the first,
/// pushing the others down (the last goes); a chunk found further down
/// moves to the first.
const WAYS: usize = 4;

/// Bytes of term text the memo keeps before it starts over.
const MEMO_TERM_BYTES: usize = 16 * 1024 * 1024;

/// Distinct words the memo keeps before it starts over.
const MEMO_WORDS: usize = 1 << 20;

/// The analyses of the chunks seen on one thread, in a fixed table of
/// sets of slots (a chunk is looked up in one place; a new chunk replaces
/// the least recently used of its set), and the terms of every word seen
/// (a word is stemmed once, however many chunks hold it), until
/// [`MEMO_WORDS`] words or [`MEMO_TERM_BYTES`] of terms, when it starts
/// over. The memory stays bounded and frequent chunks stay known.
#[derive(Default)]
struct Memo {
    /// `WAYS` slots per set; empty until the first chunk.
    slots: Vec<Slot>,
    /// There are `1 << set_bits` sets.
    set_bits: u32,
    /// Chunks learned since the table last grew.
    learned: usize,
    /// Match-form word to its term and bare term.
    words: rustc_hash::FxHashMap<Box<str>, (Span, Span)>,
    /// The texts of the terms, one after the other.
    terms: String,
}

impl Memo {
    /// Gives each term of `text` to `emit` (see [`analyze_into`]).
    fn analyze(
        &mut self,
        text: &str,
        mode: Mode,
        emit: &mut impl FnMut(&str, usize, usize, usize),
    ) {
        let mut position = 0;
        let mut group: Vec<(usize, &str, Option<ChunkKey>)> = Vec::with_capacity(GROUP);
        let mut chunks = chunks(text).peekable();
        while chunks.peek().is_some() {
            group.clear();
            group.extend(
                chunks
                    .by_ref()
                    .take(GROUP)
                    .map(|(start, chunk)| (start, chunk, ChunkKey::new(chunk))),
            );
            self.touch(group.iter().filter_map(|&(_, _, key)| key));
            self.learn_missing(&group);
            for &(chunk_start, chunk, key) in &group {
                let long: Pieces;
                let (pieces, terms) = match key {
                    Some(key) => self.pieces(key, chunk),
                    // Too long to remember (rare): analyzed each time.
                    None => {
                        long = self.analyze_chunk(chunk);
                        (long.as_slice(), self.terms.as_str())
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
        }
    }

    /// The words of `chunk` (whose key is `key`), analyzed now when the
    /// memo does not hold it, and the term texts.
    fn pieces(&mut self, key: ChunkKey, chunk: &str) -> (&[Piece], &str) {
        if self.slots.is_empty() {
            self.resize(MIN_SET_BITS);
        }
        let first = match self.way_of(key) {
            Some(way) => {
                let first = key.set(self.set_bits) * WAYS;
                if let Some(set) = self.slots.get_mut(first..=first + way) {
                    set.rotate_right(1);
                }
                first
            }
            None => {
                if self.full() {
                    self.start_over();
                }
                let pieces = self.analyze_chunk(chunk);
                self.learn(key, pieces)
            }
        };
        let pieces = self
            .slots
            .get(first)
            .map_or(&[][..], |slot| slot.pieces.as_slice());
        (pieces, self.terms.as_str())
    }

    /// Where `key` is in its set, if the memo holds it.
    fn way_of(&self, key: ChunkKey) -> Option<usize> {
        let first = key.set(self.set_bits) * WAYS;
        self.slots
            .get(first..first + WAYS)?
            .iter()
            .position(|slot| slot.key == key)
    }

    /// Whether the memo must start over before it learns more.
    fn full(&self) -> bool {
        self.terms.len() >= MEMO_TERM_BYTES || self.words.len() >= MEMO_WORDS
    }

    /// Puts a chunk the memo lacks first in its set (growing the table
    /// when due); returns the index of its slot.
    fn learn(&mut self, key: ChunkKey, pieces: Pieces) -> usize {
        self.learned += 1;
        if self.learned > self.slots.len() / 2 && self.set_bits < MAX_SET_BITS {
            self.grow();
        }
        let first = key.set(self.set_bits) * WAYS;
        if let Some(set) = self.slots.get_mut(first..first + WAYS) {
            set.rotate_right(1);
            if let Some(slot) = set.first_mut() {
                *slot = Slot { key, pieces };
            }
        }
        first
    }

    /// Learns the chunks of `group` the memo lacks, when there are several,
    /// with one tokenization of them all (joined by spaces, which join
    /// nothing): a tokenization costs far more to set up than per char,
    /// and chunks are short. Chunks it cannot learn so are left to
    /// [`Memo::pieces`].
    fn learn_missing(&mut self, group: &[(usize, &str, Option<ChunkKey>)]) {
        if self.slots.is_empty() {
            self.resize(MIN_SET_BITS);
        }
        let mut missing: Vec<(ChunkKey, &str)> = Vec::new();
        for &(_, chunk, key) in group {
            if let Some(key) = key
                && self.way_of(key).is_none()
                && !missing.iter().any(|&(k, _)| k == key)
            {
                missing.push((key, chunk));
            }
        }
        if missing.len() < 2 {
            return;
        }
        if self.full() {
            self.start_over();
        }
        let mut joined = String::with_capacity(missing.iter().map(|(_, c)| c.len() + 1).sum());
        let mut bounds = Vec::with_capacity(missing.len());
        for (_, chunk) in &missing {
            let start = joined.len();
            joined.push_str(chunk);
            bounds.push(start..joined.len());
            joined.push(' ');
        }
        let mut learned: Vec<(ChunkKey, Vec<Piece>)> =
            missing.iter().map(|&(key, _)| (key, Vec::new())).collect();
        // The chunk the last word was in; words come in order.
        let mut at = 0;
        let mut whole = true;
        for_each_token(&joined, |word| {
            while bounds.get(at).is_some_and(|b| word.bytes.start >= b.end) {
                at += 1;
            }
            // A word across the space would be a tokenizer change: then
            // every chunk is analyzed alone.
            let piece = bounds
                .get(at)
                .filter(|b| word.bytes.start >= b.start && word.bytes.end <= b.end)
                .and_then(|b| {
                    let (from, to) = (word.bytes.start - b.start, word.bytes.end - b.start);
                    self.piece(word.text, word.kind, from, to)
                });
            match (piece, learned.get_mut(at)) {
                (Some(piece), Some((_, pieces))) => {
                    pieces.push(piece);
                    ControlFlow::Continue(())
                }
                _ => {
                    whole = false;
                    ControlFlow::Break(())
                }
            }
        });
        if !whole {
            return;
        }
        for (key, pieces) in learned {
            self.learn(key, Pieces::from(pieces));
        }
    }

    /// Reads the first slot of each key's set, then the text of the first
    /// term of each key found there, so that they are in the CPU cache when
    /// [`Memo::pieces`] and the caller look (the reads of the keys overlap;
    /// their result is only kept from being optimized away).
    fn touch(&self, keys: impl Iterator<Item = ChunkKey> + Clone) {
        if self.slots.is_empty() {
            return;
        }
        let first_slot = |key: ChunkKey| self.slots.get(key.set(self.set_bits) * WAYS);
        let mut seen = 0u64;
        for key in keys.clone() {
            seen ^= first_slot(key).map_or(0, |slot| slot.key.0[0]);
        }
        let terms = self.terms.as_bytes();
        for key in keys {
            let term = first_slot(key)
                .filter(|slot| slot.key == key)
                .and_then(|slot| slot.pieces.as_slice().first())
                .and_then(|piece| terms.get(piece.term.start as usize));
            seen ^= u64::from(term.copied().unwrap_or(0));
        }
        std::hint::black_box(seen);
    }

    /// Makes the table `1 << set_bits` sets, empty.
    fn resize(&mut self, set_bits: u32) {
        self.slots.clear();
        self.slots.resize_with(WAYS << set_bits, Slot::default);
        self.set_bits = set_bits;
        self.learned = 0;
    }

    /// Doubles the table, keeping the chunks it holds: the two slots of a
    /// set go to the two sets their keys' next bit picks, in their order
    /// (so a new set never gets more than [`WAYS`]).
    fn grow(&mut self) {
        let old = std::mem::take(&mut self.slots);
        self.resize(self.set_bits + 1);
        for slot in old {
            if slot.key == ChunkKey::default() {
                continue;
            }
            let first = slot.key.set(self.set_bits) * WAYS;
            let free = self
                .slots
                .get_mut(first..first + WAYS)
                .and_then(|set| set.iter_mut().find(|s| s.key == ChunkKey::default()));
            if let Some(free) = free {
                *free = slot;
            }
        }
    }

    /// Forgets every chunk and word (their spans point into `terms`).
    fn start_over(&mut self) {
        self.slots
            .iter_mut()
            .for_each(|slot| *slot = Slot::default());
        self.words.clear();
        self.terms.clear();
    }

    /// The words of `chunk` with their terms, which are appended to
    /// `self.terms` when new.
    fn analyze_chunk(&mut self, chunk: &str) -> Pieces {
        let mut pieces = Vec::new();
        for_each_token(chunk, |word| {
            let (from, to) = (word.bytes.start, word.bytes.end);
            if let Some(piece) = self.piece(word.text, word.kind, from, to) {
                pieces.push(piece);
            }
            ControlFlow::Continue(())
        });
        Pieces::from(pieces)
    }

    /// The piece of a word at bytes `from..to` of its chunk; `None` past
    /// 4 GB (a chunk is a slice of one text, far below that).
    fn piece(&mut self, word: &str, kind: TokenKind, from: usize, to: usize) -> Option<Piece> {
        let (term, bare) = self.word_spans(word, kind);
        let (Ok(from), Ok(to)) = (u32::try_from(from), u32::try_from(to)) else {
            return None;
        };
        Some(Piece {
            from,
            to,
            term,
            bare,
        })
    }

    /// The term and bare term of a match-form word: remembered, or worked
    /// out now and remembered.
    fn word_spans(&mut self, word: &str, kind: TokenKind) -> (Span, Span) {
        if let Some(&spans) = self.words.get(word) {
            return spans;
        }
        let spans = self.new_word_spans(word, kind).unwrap_or_default();
        self.words.insert(word.into(), spans);
        spans
    }

    /// What [`terms_of`] gives, as spans of new terms; the bare term of an
    /// Arabic word is the term of the word without its clitic, taken from
    /// the words seen when that word is one of them (one stemming less:
    /// `وقال` after `قال`).
    fn new_word_spans(&mut self, word: &str, kind: TokenKind) -> Option<(Span, Span)> {
        if kind != TokenKind::Arabic {
            let (term, _) = terms_of(word, kind)?;
            return Some((self.push_term(&term), Span::default()));
        }
        if is_stop_word(word) {
            return None;
        }
        let term = stem(&fold_final_ya_alef(word), Lang::Arabic);
        if term.is_empty() {
            return None;
        }
        let term_span = self.push_term(&term);
        let Some(rest) = without_clitic(word) else {
            return Some((term_span, Span::default()));
        };
        // The rest is no stop word (`without_clitic` saw to it), so a
        // remembered one has its term, or an empty span if it stems to
        // nothing.
        let bare = match self.words.get(rest) {
            Some(&(known, _)) if known.of(&self.terms) == Some(term.as_str()) => Span::default(),
            Some(&(known, _)) => known,
            None => {
                let bare = stem(&fold_final_ya_alef(rest), Lang::Arabic);
                if bare.is_empty() || bare == term {
                    Span::default()
                } else {
                    self.push_term(&bare)
                }
            }
        };
        Some((term_span, bare))
    }

    fn push_term(&mut self, term: &str) -> Span {
        let start = self.terms.len();
        self.terms.push_str(term);
        match (u32::try_from(start), u32::try_from(self.terms.len())) {
            (Ok(start), Ok(end)) => Span { start, end },
            // Never reached: the memo starts over long before 4 GB.
            _ => Span::default(),
        }
    }
}

/// The terms of one match-form word: `None` for a stop word (or a word
/// that stems to nothing), else its term and, for an Arabic word with a
/// clitic, its term without the clitic when that differs.
type Terms = Option<(String, Option<String>)>;

impl std::fmt::Debug for Memo {
    /// The memo's tables are megabytes: not printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Memo { .. }")
    }
}

thread_local! {
    /// The memo of queries, and of texts analyzed while another thread has
    /// the indexing analyzer's shared memo.
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
        let mut out = Vec::new();
        let mut position = 0;
        for_each_token(text, |word| {
            let (from, to) = (word.bytes.start, word.bytes.end);
            if let Some((term, bare)) = terms_of(word.text, word.kind) {
                out.push((term, from, to, position));
                if let (Mode::Index, Some(bare)) = (mode, bare) {
                    out.push((bare, from, to, position));
                }
            }
            position += 1;
            ControlFlow::Continue(())
        });
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

    #[test]
    fn a_reused_analyzer_streams_each_text_alone() {
        let mut analyzer = KhabarAnalyzer::new(Mode::Index);
        let texts = [
            "أكّد وزير الخارجية أن المحادثات مع سوريا مستمرة",
            "وللسورية",
            "",
            "The Minister's talks in Riyadh",
        ];
        for text in texts {
            let mut stream = analyzer.token_stream(text);
            let mut streamed = Vec::new();
            while stream.advance() {
                let t = stream.token();
                streamed.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
            }
            assert_eq!(streamed, analyze_whole(text, Mode::Index), "{text}");
        }
    }

    #[test]
    fn a_clitic_word_after_its_bare_word_is_analyzed_alike() {
        // The bare words come first, so the clitic words take their bare
        // terms from the words already seen; then the other way round.
        // ليبيا/وليبية: the ya-alef fold on the bare word; لبنان/ولبنان
        // and الوزير/والوزير: plain; فالسوريه: a bare word that starts
        // with ال.
        let bare_first = "قال الرئيس إن ليبيا ولبنان وسوريا والسوريه \
                          قال لبنان ليبية سوريا السوريه فالسوريه وقال ولبنان وليبية لسوريا";
        let clitic_first = "وتونس لتونس فالجزائر بالجزائر ثم تونس والجزائر الجزائر";
        for text in [bare_first, clitic_first] {
            for mode in [Mode::Index, Mode::Query] {
                assert_eq!(tuples(analyze(text, mode)), analyze_whole(text, mode));
            }
        }
        // And a fresh memo: chunks already remembered above would not take
        // the words' path again.
        let mut memo = Memo::default();
        let mut terms = Vec::new();
        memo.analyze(bare_first, Mode::Index, &mut |term, from, to, position| {
            terms.push((term.to_owned(), from, to, position));
        });
        assert_eq!(terms, analyze_whole(bare_first, Mode::Index));
    }

    #[test]
    fn chunks_learned_together_are_analyzed_as_alone() {
        // A fresh memo learns each group of chunks with one tokenization;
        // chunks that start with a mark, hold an isolated-form harakah
        // (ﹰ is a space and a fathatan in NFKC), numbers with separators,
        // ligatures and hyphens must come out as when tokenized alone.
        let text = "\u{064E}قال ﹰ الوزيرُ 1,000 ٣٫٥ ﻻ بُدّ al-Assad's «السورية» \
                    وزيرﹰالخارجية f-16 ،لبنان، (2015) ﷽ — talks. Ministers";
        for mode in [Mode::Index, Mode::Query] {
            let mut memo = Memo::default();
            // Twice: learned together, then remembered.
            for _ in 0..2 {
                let mut terms = Vec::new();
                memo.analyze(text, mode, &mut |term, from, to, position| {
                    terms.push((term.to_owned(), from, to, position));
                });
                assert_eq!(terms, analyze_whole(text, mode));
            }
        }
    }

    #[test]
    fn memo_growth_and_eviction_keep_the_analysis() {
        // More distinct chunks than the first tables hold, so the memo
        // grows and evicts; then the first ones again, some evicted.
        let words = ["وزير", "السوريه", "وللسورية", "talks", "الرياض،", "«نعم»"];
        let chunk = |n: usize| format!("{}{}", words[n % words.len()], n / words.len());
        let all: Vec<String> = (0..20_000).map(chunk).collect();
        for part in all.chunks(500).chain(all.chunks(700)) {
            let text = part.join(" ");
            for mode in [Mode::Index, Mode::Query] {
                assert_eq!(tuples(analyze(&text, mode)), analyze_whole(&text, mode));
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
