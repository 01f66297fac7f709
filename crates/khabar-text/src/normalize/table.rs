//! A lookup table of the match form of every Basic Multilingual Plane char.
//!
//! The match form maps each display char on its own (NFKC of the char
//! alone, lower case, then the [`super::RULES`]), so the match form of a
//! text is the concatenation of the match forms of its chars. This table
//! computes that per-char result once per process (64 Ki entries, about
//! 1 MB, built in a few milliseconds on first use), which makes folding a
//! text a table walk instead of an NFKC call per char. Chars outside the
//! BMP and the few whose match form is longer than [`MAX_INLINE`] chars
//! (ligatures such as U+FDFA) are computed each time.
//!
//! Does not: define any rule of its own.

use std::sync::OnceLock;

/// Longest per-char match form kept in the table.
const MAX_INLINE: usize = 3;

/// Marks an entry that is computed each time.
const UNCACHED: u8 = u8::MAX;

/// The cached match form of one char.
#[derive(Clone, Copy)]
struct Entry {
    len: u8,
    chars: [char; MAX_INLINE],
}

/// The table: written once, then only read. A `OnceLock` keeps it out of
/// every caller's state while costing nothing after the first call.
static TABLE: OnceLock<Box<[Entry]>> = OnceLock::new();

fn table() -> &'static [Entry] {
    TABLE.get_or_init(|| {
        (0u32..0x1_0000)
            .map(|cp| {
                let mut entry = Entry {
                    len: 0,
                    chars: ['\0'; MAX_INLINE],
                };
                if let Some(c) = char::from_u32(cp) {
                    let mut n = 0usize;
                    super::fold_char_uncached(c, |f| {
                        if let Some(slot) = entry.chars.get_mut(n) {
                            *slot = f;
                        }
                        n += 1;
                    });
                    entry.len = if n > MAX_INLINE { UNCACHED } else { n as u8 };
                }
                entry
            })
            .collect()
    })
}

/// Calls `emit` with each char of the match form of `c`, through the table.
#[inline]
pub(super) fn fold_char(c: char, emit: impl FnMut(char)) {
    fold_char_in(table(), c, emit);
}

/// Calls `emit` with each char of the match form of every char of `text`,
/// looking the table up once.
#[inline]
pub(super) fn fold_each(text: &str, mut emit: impl FnMut(char)) {
    let table = table();
    for c in text.chars() {
        if c.is_ascii() {
            emit(c.to_ascii_lowercase());
        } else {
            fold_char_in(table, c, &mut emit);
        }
    }
}

/// [`fold_each`] with the byte and the char offset of each match char's
/// source char.
#[inline]
pub(super) fn fold_each_at(text: &str, mut emit: impl FnMut(usize, usize, char)) {
    let table = table();
    for (n, (b, c)) in text.char_indices().enumerate() {
        if c.is_ascii() {
            emit(b, n, c.to_ascii_lowercase());
        } else {
            fold_char_in(table, c, |m| emit(b, n, m));
        }
    }
}

#[inline]
fn fold_char_in(table: &[Entry], c: char, mut emit: impl FnMut(char)) {
    match table.get(c as usize) {
        // One match char is the common case: no loop for it.
        Some(&Entry {
            len: 1,
            chars: [f, ..],
        }) => emit(f),
        Some(entry) if entry.len != UNCACHED => {
            for &f in entry.chars.iter().take(usize::from(entry.len)) {
                emit(f);
            }
        }
        _ => super::fold_char_uncached(c, emit),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn by_table(s: &str) -> String {
        let mut out = String::new();
        s.chars().for_each(|c| fold_char(c, |f| out.push(f)));
        out
    }

    fn uncached(s: &str) -> String {
        let mut out = String::new();
        s.chars()
            .for_each(|c| super::super::fold_char_uncached(c, |f| out.push(f)));
        out
    }

    #[test]
    fn agrees_with_the_rules_on_news_text() {
        for s in [
            "شدّد الرئيسُ الأميركيّ على «ضرورة» وقف إطلاق النار في سورية، يوم ٢١ حزيران.",
            "ﷺ ﻻ ﷲ ＡＢＣ “quoted” — ½ ǅ 𝐀",
        ] {
            assert_eq!(by_table(s), uncached(s));
        }
    }

    proptest! {
        #[test]
        fn agrees_with_the_rules_on_any_text(s in "\\PC{0,60}") {
            prop_assert_eq!(by_table(&s), uncached(&s));
        }
    }
}
