//! A lookup table of the match form of every Basic Multilingual Plane char.
//!
//! `khabar_text::fold` maps each display char on its own (NFKC of the char
//! alone, then per-char rules), so the match form of a text is the
//! concatenation of the match forms of its chars. This table caches that
//! per-char result once per process (64 Ki entries, about 1 MB, built in a
//! few milliseconds on first use), which makes folding a text a table walk
//! instead of an NFKC call per char. Chars outside the BMP and the rare
//! chars whose fold is longer than [`MAX_INLINE`] chars fall back to
//! `fold` itself, so the result is always exactly `fold`'s.
//!
//! Does not: define any rule of its own.

use std::sync::OnceLock;

use khabar_text::fold;

/// Longest per-char fold kept in the table; longer ones (ligatures such as
/// U+FDFA, 18 chars) go through `fold` each time.
const MAX_INLINE: usize = 3;

/// What a folded char is to the word and shingle splitters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// Alphanumeric (`char::is_alphanumeric`): part of words and shingles.
    Letter,
    /// White space (`char::is_whitespace`).
    Space,
    /// Anything else: punctuation, symbols.
    Other,
}

impl Class {
    fn of(c: char) -> Class {
        if c.is_alphanumeric() {
            Class::Letter
        } else if c.is_whitespace() {
            Class::Space
        } else {
            Class::Other
        }
    }
}

/// The cached fold of one char: up to [`MAX_INLINE`] classified chars, or a
/// marker that says "ask `fold`".
#[derive(Clone, Copy)]
struct Entry {
    len: u8,
    chars: [(char, Class); MAX_INLINE],
}

const FALLBACK: u8 = u8::MAX;

static TABLE: OnceLock<Box<[Entry]>> = OnceLock::new();

fn table() -> &'static [Entry] {
    TABLE.get_or_init(|| {
        let mut entries = Vec::with_capacity(0x1_0000);
        let mut buf = [0u8; 4];
        for cp in 0u32..0x1_0000 {
            let mut entry = Entry {
                len: 0,
                chars: [('\0', Class::Other); MAX_INLINE],
            };
            if let Some(c) = char::from_u32(cp) {
                let folded = fold(c.encode_utf8(&mut buf));
                let mut n = 0usize;
                for f in folded.chars() {
                    if let Some(slot) = entry.chars.get_mut(n) {
                        *slot = (f, Class::of(f));
                    }
                    n += 1;
                }
                entry.len = if n > MAX_INLINE { FALLBACK } else { n as u8 };
            }
            entries.push(entry);
        }
        entries.into_boxed_slice()
    })
}

/// Calls `emit` with each char of the match form of `c`, exactly as
/// `khabar_text::fold` would produce them, and its [`Class`].
#[inline]
pub(crate) fn fold_char(c: char, mut emit: impl FnMut(char, Class)) {
    if c.is_ascii() {
        let class = if c.is_ascii_alphanumeric() {
            Class::Letter
        } else if c.is_whitespace() {
            Class::Space
        } else {
            Class::Other
        };
        emit(c.to_ascii_lowercase(), class);
        return;
    }
    match table().get(c as usize) {
        Some(entry) if entry.len != FALLBACK => {
            for &(f, class) in entry.chars.iter().take(entry.len as usize) {
                emit(f, class);
            }
        }
        _ => {
            let mut buf = [0u8; 4];
            for f in fold(c.encode_utf8(&mut buf)).chars() {
                emit(f, Class::of(f));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fold_by_table(s: &str) -> String {
        let mut out = String::new();
        for c in s.chars() {
            fold_char(c, |f, class| {
                assert_eq!(class, Class::of(f));
                out.push(f);
            });
        }
        out
    }

    #[test]
    fn agrees_with_fold_on_news_text() {
        for s in [
            "شدّد الرئيسُ الأميركيّ على «ضرورة» وقف إطلاق النار في سورية، يوم ٢١ حزيران.",
            "ﷺ ﻻ ﷲ ＡＢＣ “quoted” — ½ ǅ",
        ] {
            assert_eq!(fold_by_table(s), fold(s));
        }
    }

    proptest! {
        #[test]
        fn agrees_with_fold_on_any_text(s in "\\PC{0,60}") {
            prop_assert_eq!(fold_by_table(&s), fold(&s).into_owned());
        }
    }
}
