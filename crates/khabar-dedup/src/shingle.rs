//! The walk over a text's match form that fingerprinting needs, made cheap.
//!
//! Fingerprints ([`crate::Fingerprinter`]) need, for every char of a text's
//! match form (`khabar_text::fold_char`): is it white space (skipped), a
//! letter or digit (part of the exact key and of the shingles), or anything
//! else (part of the exact key only)? [`FoldTable`] answers that, with the
//! char's 16-bit shingle code and its UTF-8 bytes, in one lookup per Basic
//! Multilingual Plane char, computed once per process from `fold_char` and
//! `is_alphanumeric` themselves. A char the table cannot describe (outside
//! the BMP, or folding to several chars or to one beyond the BMP) goes
//! through `fold_char` as before.
//!
//! [`Window9`] is the shingle window for the default size k = 9: the last
//! nine codes in two registers, and the xxh3 of their 18 little-endian bytes
//! computed from those registers, bit for bit the value
//! `xxh3_64(&bytes)` gives (tested against it), without writing the bytes.
//!
//! Does not: define the match form or the shingles; both stay as the
//! [`crate::Fingerprinter`] module doc states.

use std::sync::OnceLock;

use khabar_text::fold_char;
use khabar_text::script::is_alphanumeric;
use xxhash_rust::xxh3::xxh3_64;

/// What the match form of one char is, for fingerprinting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Folded {
    /// Nothing (a diacritic, tatweel, an invisible char) or white space:
    /// neither key nor shingle sees it.
    Skip,
    /// One letter or digit: its 16-bit code and UTF-8 bytes.
    Alnum(u16, Utf8),
    /// One char that is neither (punctuation, a symbol): UTF-8 bytes.
    Other(Utf8),
    /// Anything else: ask `fold_char`.
    Slow,
}

/// The UTF-8 bytes of one BMP char (one to three), padded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Utf8 {
    bytes: [u8; 3],
    len: u8,
}

impl Utf8 {
    fn of(c: char) -> Utf8 {
        let mut bytes = [0u8; 4];
        let len = c.encode_utf8(&mut bytes).len();
        Utf8 {
            bytes: [bytes[0], bytes[1], bytes[2]],
            len: len.min(3) as u8,
        }
    }

    /// Appends the bytes to `out`: all three, then cut back to `len` (a
    /// fixed-size copy is a plain store; a variable one calls `memcpy`).
    #[inline]
    pub fn push_to(self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.bytes);
        out.truncate(out.len() - (3 - usize::from(self.len.min(3))));
    }
}

/// One packed table entry: bits 0-15 the code, 16-23 the kind, 24-31 the
/// UTF-8 length, 32-55 the UTF-8 bytes.
type Entry = u64;

const SKIP: u64 = 0;
const ALNUM: u64 = 1;
const OTHER: u64 = 2;
const SLOW: u64 = 3;

/// The [`Folded`] of every BMP char (512 KB, built on first use).
pub(crate) struct FoldTable {
    entries: Box<[Entry]>,
}

static TABLE: OnceLock<FoldTable> = OnceLock::new();

impl FoldTable {
    /// The process-wide table.
    pub fn get() -> &'static FoldTable {
        TABLE.get_or_init(FoldTable::build)
    }

    fn build() -> FoldTable {
        let entries = (0u32..0x1_0000)
            .map(|cp| char::from_u32(cp).map_or(SLOW << 16, entry_of))
            .collect();
        FoldTable { entries }
    }

    /// What `c` folds to.
    #[inline]
    pub fn folded(&self, c: char) -> Folded {
        let Some(&e) = self.entries.get(c as usize) else {
            return Folded::Slow;
        };
        let utf8 = || Utf8 {
            bytes: [(e >> 32) as u8, (e >> 40) as u8, (e >> 48) as u8],
            len: (e >> 24) as u8,
        };
        match (e >> 16) & 0xFF {
            SKIP => Folded::Skip,
            ALNUM => Folded::Alnum(e as u16, utf8()),
            OTHER => Folded::Other(utf8()),
            _ => Folded::Slow,
        }
    }
}

/// The entry of one BMP char, from `fold_char` itself.
fn entry_of(c: char) -> Entry {
    let mut out = [None; 2];
    let mut n = 0usize;
    fold_char(c, |f| {
        if let Some(slot) = out.get_mut(n) {
            *slot = Some(f);
        }
        n += 1;
    });
    match (n, out[0]) {
        (0, _) => SKIP << 16,
        (1, Some(f)) if f.is_whitespace() => SKIP << 16,
        (1, Some(f)) if u32::from(f) < 0x1_0000 => {
            let utf8 = Utf8::of(f);
            let kind = if is_alphanumeric(f) { ALNUM } else { OTHER };
            u64::from(u32::from(f) as u16)
                | kind << 16
                | u64::from(utf8.len) << 24
                | u64::from(utf8.bytes[0]) << 32
                | u64::from(utf8.bytes[1]) << 40
                | u64::from(utf8.bytes[2]) << 48
        }
        _ => SLOW << 16,
    }
}

/// A window of shingle codes: takes one code at a time and gives the hash
/// of the last `k` once there are `k`.
pub(crate) trait ShingleWindow {
    /// Appends one code; the shingle hash once the window is full.
    fn push(&mut self, code: u16) -> Option<u64>;
}

/// The shingle size [`Window9`] is made for.
pub(crate) const K9: usize = 9;

/// The last nine codes: `recent` holds codes 1..=8 of the window (code 1 in
/// the low 16 bits), `oldest` code 0.
#[derive(Debug, Default)]
pub(crate) struct Window9 {
    recent: u128,
    oldest: u64,
    filled: usize,
}

const PRIME64_1: u64 = 0x9E37_79B1_85EB_CA87;

/// The first 32 bytes of xxh3's default secret, as the four u64 words its
/// 17-32 byte path reads.
const SECRET: [u64; 4] = [
    u64::from_le_bytes([0xb8, 0xfe, 0x6c, 0x39, 0x23, 0xa4, 0x4b, 0xbe]),
    u64::from_le_bytes([0x7c, 0x01, 0x81, 0x2c, 0xf7, 0x21, 0xad, 0x1c]),
    u64::from_le_bytes([0xde, 0xd4, 0x6d, 0xe9, 0x83, 0x90, 0x97, 0xdb]),
    u64::from_le_bytes([0x72, 0x40, 0xa4, 0xa4, 0xb7, 0xb3, 0x67, 0x1f]),
];

#[inline]
fn mix16(lo: u64, hi: u64, s_lo: u64, s_hi: u64) -> u64 {
    let product = u128::from(lo ^ s_lo) * u128::from(hi ^ s_hi);
    (product as u64) ^ ((product >> 64) as u64)
}

/// xxh3-64 (seed 0) of 18 bytes given as the four little-endian u64 words
/// at byte offsets 0, 8, 2 and 10: the 17-32 byte path of xxh3.
#[inline]
fn xxh3_18(w0: u64, w8: u64, w2: u64, w10: u64) -> u64 {
    let mut acc = 18u64.wrapping_mul(PRIME64_1);
    acc = acc.wrapping_add(mix16(w0, w8, SECRET[0], SECRET[1]));
    acc = acc.wrapping_add(mix16(w2, w10, SECRET[2], SECRET[3]));
    acc ^= acc >> 37;
    acc = acc.wrapping_mul(0x1656_6791_9E37_79F9);
    acc ^ (acc >> 32)
}

impl ShingleWindow for Window9 {
    #[inline]
    fn push(&mut self, code: u16) -> Option<u64> {
        self.oldest = (self.recent as u64) & 0xFFFF;
        self.recent = (self.recent >> 16) | (u128::from(code) << 112);
        if self.filled < K9 {
            self.filled += 1;
            if self.filled < K9 {
                return None;
            }
        }
        // Bytes 2..10 and 10..18 are codes 1-4 and 5-8; bytes 0..8 are
        // codes 0-3 and 8..16 codes 4-7.
        let w2 = self.recent as u64;
        let w10 = (self.recent >> 64) as u64;
        let w0 = (w2 << 16) | self.oldest;
        let w8 = (self.recent >> 48) as u64;
        Some(xxh3_18(w0, w8, w2, w10))
    }
}

/// The window for any k: the last `k` codes as little-endian bytes, kept
/// contiguous without moving anything: the code of char `n` is written at
/// slot `n % k` and again at slot `n % k + k`, so after it the last `k`
/// codes are the `k` slots from `(n + 1) % k`.
pub(crate) struct WindowK {
    bytes: [u8; 4 * crate::MAX_SHINGLE_CHARS],
    k: usize,
    /// `n % k` for the next char `n`.
    slot: usize,
    /// Chars pushed so far, up to `k`.
    filled: usize,
}

impl WindowK {
    /// An empty window of `k` codes (`k` within `1..=MAX_SHINGLE_CHARS`).
    pub fn new(k: usize) -> WindowK {
        WindowK {
            bytes: [0; 4 * crate::MAX_SHINGLE_CHARS],
            k: k.clamp(1, crate::MAX_SHINGLE_CHARS),
            slot: 0,
            filled: 0,
        }
    }
}

impl ShingleWindow for WindowK {
    #[inline]
    fn push(&mut self, code: u16) -> Option<u64> {
        let k = self.k;
        let le = code.to_le_bytes();
        for at in [2 * self.slot, 2 * (self.slot + k)] {
            if let Some(dst) = self.bytes.get_mut(at..at + 2) {
                dst.copy_from_slice(&le);
            }
        }
        self.slot += 1;
        if self.slot == k {
            self.slot = 0;
        }
        if self.filled < k {
            self.filled += 1;
            if self.filled < k {
                return None;
            }
        }
        let start = 2 * self.slot;
        self.bytes.get(start..start + 2 * k).map(xxh3_64)
    }
}

/// A char as 16 bits: exact for the Basic Multilingual Plane (all Arabic
/// and Latin letters), folded by xor for the rare letters beyond it.
#[inline]
pub(crate) fn char_code(c: char) -> u16 {
    let cp = u32::from(c);
    (cp ^ (cp >> 16)) as u16
}

/// Walks the match form of `pieces` (read as one text; white space between
/// them changes nothing): appends its chars other than white space to
/// `exact` as UTF-8, and calls `emit` with the hash `window` gives for every
/// window of consecutive letters and digits (white space and punctuation
/// skipped). Returns the number of letters and digits.
#[inline]
pub(crate) fn walk<'a, W: ShingleWindow>(
    pieces: impl IntoIterator<Item = &'a str>,
    exact: &mut Vec<u8>,
    mut window: W,
    mut emit: impl FnMut(u64),
) -> usize {
    let table = FoldTable::get();
    let mut letters = 0usize;
    for piece in pieces {
        for c in piece.chars() {
            match table.folded(c) {
                Folded::Alnum(code, utf8) => {
                    utf8.push_to(exact);
                    letters += 1;
                    if let Some(h) = window.push(code) {
                        emit(h);
                    }
                }
                Folded::Other(utf8) => utf8.push_to(exact),
                Folded::Skip => {}
                Folded::Slow => fold_char(c, |f| {
                    if is_alphanumeric(f) {
                        let mut buf = [0u8; 4];
                        exact.extend_from_slice(f.encode_utf8(&mut buf).as_bytes());
                        letters += 1;
                        if let Some(h) = window.push(char_code(f)) {
                            emit(h);
                        }
                    } else if !f.is_whitespace() {
                        let mut buf = [0u8; 4];
                        exact.extend_from_slice(f.encode_utf8(&mut buf).as_bytes());
                    }
                }),
            }
        }
    }
    letters
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The walk's outputs the slow way: `fold_char` on every char.
    fn by_fold_char(text: &str, k: usize) -> (Vec<u8>, Vec<u64>, usize) {
        let mut exact = String::new();
        let mut codes: Vec<u8> = Vec::new();
        for c in text.chars() {
            fold_char(c, |f| {
                if is_alphanumeric(f) {
                    codes.extend_from_slice(&char_code(f).to_le_bytes());
                }
                if !f.is_whitespace() {
                    exact.push(f);
                }
            });
        }
        let letters = codes.len() / 2;
        let hashes = codes
            .chunks_exact(2)
            .collect::<Vec<_>>()
            .windows(k)
            .map(|w| xxh3_64(&w.concat()))
            .collect();
        (exact.into_bytes(), hashes, letters)
    }

    fn by_walk(pieces: &[&str], k: usize) -> (Vec<u8>, Vec<u64>, usize) {
        let (mut exact, mut hashes) = (Vec::new(), Vec::new());
        let letters = if k == K9 {
            walk(
                pieces.iter().copied(),
                &mut exact,
                Window9::default(),
                |h| hashes.push(h),
            )
        } else {
            walk(pieces.iter().copied(), &mut exact, WindowK::new(k), |h| {
                hashes.push(h)
            })
        };
        (exact, hashes, letters)
    }

    #[test]
    fn xxh3_18_is_xxh3() {
        let bytes: Vec<u8> = "أعلن وزير".bytes().chain(0u8..).take(18).collect();
        let word = |at: usize| {
            let mut w = [0u8; 8];
            w.copy_from_slice(&bytes[at..at + 8]);
            u64::from_le_bytes(w)
        };
        assert_eq!(
            xxh3_18(word(0), word(8), word(2), word(10)),
            xxh3_64(&bytes)
        );
    }

    #[test]
    fn news_sentence_walks_as_fold_char_does() {
        let text = "شدّد الرئيسُ الأميركيّ على «ضرورة» وقف إطلاق النار في سورية، \
            يوم ٢١ حزيران (يونيو) — ﻻ ﷲ ＡＢＣ 𝐀𝐁𝐂 said the U.N. envoy.";
        for k in [1, 5, K9, 16] {
            assert_eq!(by_walk(&[text], k), by_fold_char(text, k), "k = {k}");
        }
    }

    proptest! {
        #[test]
        fn walk_is_fold_char_on_any_text(text in "\\PC{0,80}", k in 1usize..=16) {
            prop_assert_eq!(by_walk(&[&text], k), by_fold_char(&text, k));
        }

        #[test]
        fn walk_is_fold_char_on_arabic_text(
            text in "[ابتثجحخدذرسشصطعفقكلمنهويأإآةىؤئ ،.0-9٠-٩a-zA-Z«»\u{064B}-\u{0652}\u{0640}\u{200C}]{0,120}",
        ) {
            prop_assert_eq!(by_walk(&[&text], K9), by_fold_char(&text, K9));
        }

        /// Pieces walk as their concatenation with white space between.
        #[test]
        fn pieces_walk_as_one_text(pieces in prop::collection::vec("[ابتثجحخ 0-9a-z،]{0,30}", 0..6)) {
            let refs: Vec<&str> = pieces.iter().map(String::as_str).collect();
            prop_assert_eq!(by_walk(&refs, K9), by_fold_char(&pieces.join("\n"), K9));
        }
    }
}
