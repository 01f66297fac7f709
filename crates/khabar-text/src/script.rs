//! Which writing system a letter, or a text, is written in.
//!
//! Only letters count: digits, punctuation, white space, Arabic diacritics
//! and tatweel have no script here. Cleaning uses [`script_share`] to spot an
//! English photo caption inside an Arabic article.
//!
//! Does not: tell languages apart (Arabic and Persian share a script; see
//! [`crate::lang`]).
//!
//! ```
//! use khabar_text::script::{Script, dominant_script, script_share};
//!
//! assert_eq!(dominant_script("قال الرئيس (AFP) إن الاتفاق نهائي"), Some(Script::Arabic));
//! assert!(script_share("Photo: Reuters", Script::Latin) > 0.99);
//! ```

use crate::normalize::{CharRule, Diacritics, Mapped};

/// A writing system, as far as khabar needs to tell them apart. The
/// default is Arabic: khabar is Arabic first.
#[derive(
    Debug, Default, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Script {
    /// Arabic script (Arabic, Persian, Urdu letters and presentation forms).
    #[default]
    Arabic,
    /// Latin script, with its accented letters.
    Latin,
    /// Any other script's letters (Cyrillic, Hebrew, CJK, ...).
    Other,
}

/// The script of `c` when `c` is a letter; `None` for anything else
/// (digits, punctuation, white space, marks, tatweel).
///
/// Inlined where it is called (tokenizers call it on every char): ASCII and
/// the Arabic block are answered on the spot, other chars by a call.
#[inline]
pub fn script_of(c: char) -> Option<Script> {
    if c.is_ascii() {
        return c.is_ascii_alphabetic().then_some(Script::Latin);
    }
    // The Arabic block, without the Unicode table look-up: its letters,
    // and nothing for its digits, punctuation, marks and tatweel.
    if matches!(c, '\u{0600}'..='\u{06FF}') {
        return is_arabic_block_letter(c).then_some(Script::Arabic);
    }
    script_of_other(c)
}

/// [`script_of`] for a char that is neither ASCII nor in the Arabic block.
#[inline(never)]
fn script_of_other(c: char) -> Option<Script> {
    if !c.is_alphabetic() || Diacritics.map(c) == Mapped::Drop || is_combining_mark(c) {
        return None;
    }
    if is_arabic_block(c) {
        Some(Script::Arabic)
    } else if is_latin_block(c) {
        Some(Script::Latin)
    } else {
        Some(Script::Other)
    }
}

/// Whether `c` is a letter or digit of any script (`char::is_alphanumeric`),
/// answered without a Unicode table look-up for ASCII and the Arabic letters.
#[inline]
pub fn is_alphanumeric(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}')
        || (!c.is_ascii() && c.is_alphanumeric())
}

/// Whether `c` is a letter of the Arabic block U+0600–06FF (the ranges of
/// [`ARABIC_BLOCK_RANGES`]), by one bitmap look-up.
#[inline]
fn is_arabic_block_letter(c: char) -> bool {
    let k = (c as u32).wrapping_sub(0x0600) as usize;
    ARABIC_BLOCK_LETTERS
        .get(k / 64)
        .is_some_and(|bits| (bits >> (k % 64)) & 1 == 1)
}

/// The letter ranges of the Arabic block, inclusive: the letters, not the
/// digits, signs, marks or tatweel.
const ARABIC_BLOCK_RANGES: [(u32, u32); 8] = [
    (0x0620, 0x063F),
    (0x0641, 0x064A),
    (0x066E, 0x066F),
    (0x0671, 0x06D3),
    (0x06D5, 0x06D5),
    (0x06EE, 0x06EF),
    (0x06FA, 0x06FC),
    (0x06FF, 0x06FF),
];

/// Bit `c - U+0600` is set when `c` is a letter of the Arabic block: one
/// look-up instead of eight range tests, on every char of every text.
const ARABIC_BLOCK_LETTERS: [u64; 4] = {
    let mut bits = [0u64; 4];
    let mut r = 0;
    while r < ARABIC_BLOCK_RANGES.len() {
        let (lo, hi) = ARABIC_BLOCK_RANGES[r];
        let mut c = lo;
        while c <= hi {
            let k = (c - 0x0600) as usize;
            bits[k / 64] |= 1 << (k % 64);
            c += 1;
        }
        r += 1;
    }
    bits
};

/// Combining marks that `char::is_alphabetic` counts as letters
/// (U+0300–036F, U+1AB0–1AFF, U+1DC0–1DFF, U+20D0–20FF, U+FE20–FE2F).
fn is_combining_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

fn is_arabic_block(c: char) -> bool {
    matches!(c,
        '\u{0600}'..='\u{06FF}'
        | '\u{0750}'..='\u{077F}'
        | '\u{0870}'..='\u{08FF}'
        | '\u{FB50}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFF}')
}

fn is_latin_block(c: char) -> bool {
    matches!(c,
        '\u{00C0}'..='\u{024F}'
        | '\u{1E00}'..='\u{1EFF}'
        | '\u{2C60}'..='\u{2C7F}'
        | '\u{A720}'..='\u{A7FF}'
        | '\u{AB30}'..='\u{AB6F}'
        | '\u{FB00}'..='\u{FB06}'
        | '\u{FF21}'..='\u{FF3A}'
        | '\u{FF41}'..='\u{FF5A}')
}

/// Letter counts of `text` per script: (Arabic, Latin, Other).
fn letter_counts(text: &str) -> [usize; 3] {
    let mut counts = [0usize; 3];
    for s in text.chars().filter_map(script_of) {
        counts[s as usize] += 1;
    }
    counts
}

/// The script with the most letters in `text`; `None` when `text` has no
/// letters. Ties go to Arabic, then Latin.
pub fn dominant_script(text: &str) -> Option<Script> {
    let [ar, la, ot] = letter_counts(text);
    if ar + la + ot == 0 {
        None
    } else if ar >= la && ar >= ot {
        Some(Script::Arabic)
    } else if la >= ot {
        Some(Script::Latin)
    } else {
        Some(Script::Other)
    }
}

/// The share (0.0–1.0) of `text`'s letters written in `script`; 0.0 when
/// `text` has no letters.
pub fn script_share(text: &str, script: Script) -> f32 {
    let counts = letter_counts(text);
    let total: usize = counts.iter().sum();
    if total == 0 {
        return 0.0;
    }
    counts[script as usize] as f32 / total as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_arabic_block_bitmap_has_the_letter_ranges() {
        for cp in 0x0580u32..0x0780 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let listed = matches!(c,
                '\u{0620}'..='\u{063F}'
                | '\u{0641}'..='\u{064A}'
                | '\u{066E}'..='\u{066F}'
                | '\u{0671}'..='\u{06D3}'
                | '\u{06D5}'
                | '\u{06EE}'..='\u{06EF}'
                | '\u{06FA}'..='\u{06FC}'
                | '\u{06FF}');
            assert_eq!(is_arabic_block_letter(c), listed, "U+{cp:04X}");
        }
        assert!(is_arabic_block_letter('ب') && !is_arabic_block_letter('٣'));
        assert_eq!(script_of('ـ'), None, "tatweel is no letter");
    }

    #[test]
    fn arabic_block_fast_path_agrees_with_the_unicode_tables() {
        for c in ('\u{0600}'..='\u{06FF}').filter(|c| !c.is_ascii()) {
            let by_tables =
                (c.is_alphabetic() && Diacritics.map(c) != Mapped::Drop && !is_combining_mark(c))
                    .then_some(Script::Arabic);
            assert_eq!(script_of(c), by_tables, "U+{:04X}", c as u32);
        }
    }
    use proptest::prelude::*;

    #[test]
    fn letters_get_their_script() {
        for c in ['ق', 'أ', 'ة', 'ى', 'پ', 'ﻻ'] {
            assert_eq!(script_of(c), Some(Script::Arabic), "{c}");
        }
        for c in ['a', 'Z', 'é', 'ß', 'Ł'] {
            assert_eq!(script_of(c), Some(Script::Latin), "{c}");
        }
        for c in ['ж', 'ש', '中'] {
            assert_eq!(script_of(c), Some(Script::Other), "{c}");
        }
    }

    #[test]
    fn non_letters_have_no_script() {
        for c in [
            '\u{064E}', '\u{0651}', 'ـ', '٣', '3', '،', '؟', ' ', '\u{0301}', '«',
        ] {
            assert_eq!(script_of(c), None, "{c:?}");
        }
    }

    #[test]
    fn english_caption_inside_arabic_article_is_spotted() {
        let body = "وأكد الوزير أن المحادثات ستستمر خلال الأسبوع المقبل في العاصمة.";
        let caption = "Saudi King Salman meets US President in Riyadh (AFP Photo)";
        assert_eq!(dominant_script(body), Some(Script::Arabic));
        assert_eq!(dominant_script(caption), Some(Script::Latin));
        assert!(script_share(caption, Script::Arabic) < 0.01);
        let mixed = format!("{body} {caption}");
        let ar = script_share(&mixed, Script::Arabic);
        let la = script_share(&mixed, Script::Latin);
        assert!(ar > 0.4 && la > 0.4, "{ar} {la}");
        assert!((ar + la - 1.0).abs() < 1e-5);
    }

    #[test]
    fn diacritics_do_not_change_the_count() {
        assert_eq!(
            script_share("شَدَّدَ الرئيسُ on", Script::Arabic),
            script_share("شدد الرئيس on", Script::Arabic)
        );
        assert_eq!(dominant_script("2015 - ١٤٣٦ «»"), None);
        assert_eq!(script_share("", Script::Latin), 0.0);
    }

    proptest! {
        #[test]
        fn shares_sum_to_one_or_zero(s in "\\PC{0,40}") {
            let sum: f32 = [Script::Arabic, Script::Latin, Script::Other]
                .iter()
                .map(|&sc| script_share(&s, sc))
                .sum();
            prop_assert!(sum.abs() < 1e-4 || (sum - 1.0).abs() < 1e-4);
            prop_assert_eq!(dominant_script(&s).is_some(), sum > 0.5);
        }
    }
}
