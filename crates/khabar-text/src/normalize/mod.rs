//! The match form: the text khabar compares, never the text it shows.
//!
//! [`match_form`] maps display text to its match form one display char at a
//! time and keeps, for every match-form char, the char offset of the display
//! char it came from, so a span found in the match form maps back to the
//! display text ([`MatchForm::display_range`]). [`fold`] gives the same string
//! without the map.
//!
//! The rules, in order (the pipeline is the [`RULES`] list):
//!
//! 1. NFKC of each char alone (presentation forms: `ﻻ` → `لا`, `ﷲ` → `الله`,
//!    full-width Latin → ASCII, no-break space → space) and lower case.
//! 2. [`Invisible`]: zero-width and bidi control chars and the soft hyphen are dropped.
//! 3. [`Diacritics`]: Arabic marks U+0610–061A, U+064B–065F, U+0670, U+06D6–06ED
//!    and tatweel U+0640 are dropped.
//! 4. [`Letters`]: أ إ آ ٱ → ا; ى ی → ي; ة → ه; ک → ك; ؤ ئ → ء.
//!    ؤ and ئ are the hamza on a seat, and outlets choose the seat differently
//!    (مسؤول / مسئول, شؤون / شئون): folding both to the bare ء makes those
//!    spellings one word. The cost is that a few distinct words meet, which a
//!    matcher over whole texts does not notice.
//! 5. [`Digits`]: Arabic-Indic ٠–٩ and Persian ۰–۹ → 0–9.
//! 6. [`Punctuation`]: quotes « » “ ” „ ‟ ″ → `"`; ‘ ’ ‚ ‛ ‹ › ` ´ → `'`;
//!    dashes ‐ ‑ ‒ – — ― − → `-`; ، ٬ → `,`; ٫ → `.`; ؛ → `;`; ؟ → `?`; ٪ → `%`.
//!
//! Does not: change the display text, remove punctuation or white space
//! (shingling does that), stem, or split words.
//!
//! ```
//! use khabar_text::normalize::{fold, match_form};
//!
//! assert_eq!(fold("سوريّة الأميركيّة"), "سوريه الاميركيه");
//! assert_eq!(fold("«مسؤول» — ٢٠١٥"), "\"مسءول\" - 2015");
//!
//! let m = match_form("قالَ: «نعم»");
//! assert_eq!(m.text, "قال: \"نعم\"");
//! // "نعم" is match chars 6..9 and display chars 7..10 (the fatha is gone).
//! assert_eq!(m.display_range(6..9), 7..10);
//! ```

mod rules;
mod table;

use std::borrow::Cow;
use std::ops::Range;

pub use rules::{CharRule, Diacritics, Digits, Invisible, Letters, Mapped, Punctuation, RULES};
use unicode_normalization::UnicodeNormalization;

/// A match form with its map back to the display text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MatchForm {
    /// The normalized text.
    pub text: String,
    /// For each char of `text`, the char offset in the display text of the
    /// char it came from. Non-decreasing; its length is `text.chars().count()`.
    pub to_display: Vec<u32>,
    /// The number of chars in the display text.
    pub display_len: u32,
}

impl MatchForm {
    /// Maps a char range of the match form to the char range of the display
    /// text it came from. The result always lies inside the display text.
    pub fn display_range(&self, match_range: Range<usize>) -> Range<usize> {
        let n = self.to_display.len();
        let start = match_range.start.min(n);
        let end = match_range.end.min(n).max(start);
        let d_start = match self.to_display.get(start) {
            Some(&d) => d as usize,
            None => self.display_len as usize,
        };
        let d_end = if end == start {
            d_start
        } else {
            // The last match char's display char, plus one.
            self.to_display[end - 1] as usize + 1
        };
        d_start..d_end.max(d_start)
    }
}

/// Calls `emit` with each char of the match form of one display char (none
/// for a dropped char, several for a ligature). The match form of a text is
/// the concatenation of these, which is what lets stages that walk a text
/// char by char (shingling, word splitting) fold as they go.
#[inline]
pub fn fold_char(c: char, mut emit: impl FnMut(char)) {
    if c.is_ascii() {
        emit(c.to_ascii_lowercase());
    } else {
        table::fold_char(c, emit);
    }
}

/// [`fold_char`] on every char of `text`, in order: the match form of
/// `text` one char at a time, without building it.
#[inline]
pub fn fold_each(text: &str, emit: impl FnMut(char)) {
    table::fold_each(text, emit);
}

/// [`fold_each`] with the byte and the char offset in `text` of the char
/// each match char came from.
#[inline]
pub(crate) fn fold_each_at(text: &str, emit: impl FnMut(usize, usize, char)) {
    table::fold_each_at(text, emit);
}

/// [`fold_char`] computed from the rules, without the table.
fn fold_char_uncached(c: char, mut emit: impl FnMut(char)) {
    if c.is_ascii() {
        emit(c.to_ascii_lowercase());
        return;
    }
    for k in std::iter::once(c).nfkc() {
        for l in k.to_lowercase() {
            apply_rules(l, &mut emit);
        }
    }
}

fn apply_rules(c: char, emit: &mut impl FnMut(char)) {
    let mut c = c;
    for rule in RULES {
        match rule.map(c) {
            Mapped::Keep => {}
            Mapped::Drop => return,
            Mapped::To(d) => c = d,
        }
    }
    emit(c);
}

/// True when `c` is left unchanged by every rule: the fast path of [`fold`].
fn is_stable(c: char) -> bool {
    (c.is_ascii() && !c.is_ascii_uppercase())
        || (matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}')
            && !matches!(c, 'أ' | 'إ' | 'آ' | 'ى' | 'ة' | 'ؤ' | 'ئ'))
}

/// The match form of `text`, without the offset map. Returns the input
/// borrowed when no char changes.
pub fn fold(text: &str) -> Cow<'_, str> {
    if text.chars().all(|c| is_stable(c) || c == ' ') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    fold_each(text, |m| out.push(m));
    Cow::Owned(out)
}

/// The match form of `display`, with a map from each match char back to the
/// display char it came from.
pub fn match_form(display: &str) -> MatchForm {
    let mut text = String::with_capacity(display.len());
    let mut to_display = Vec::with_capacity(display.len());
    let mut n = 0u32;
    for c in display.chars() {
        fold_char(c, |m| {
            text.push(m);
            to_display.push(n);
        });
        n += 1;
    }
    MatchForm {
        text,
        to_display,
        display_len: n,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn spelling_variants_from_real_wire_copies_meet() {
        for (a, b) in [
            ("شدّد", "شدد"),
            ("أيضاً", "أيضا"),
            ("مسؤول", "مسئول"),
            ("إلى", "الى"),
            ("الأممُ المتحدةُ", "الامم المتحده"),
        ] {
            assert_eq!(fold(a), fold(b), "{a} vs {b}");
        }
    }

    #[test]
    fn presentation_forms_and_digits_fold() {
        assert_eq!(fold("ﻻ"), "لا");
        assert_eq!(fold("٢٠١٥ و۱۹"), "2015 و19");
        assert_eq!(fold("ＡＢＣ"), "abc");
        assert_eq!(fold("a\u{200f}b\u{00ad}c"), "abc");
    }

    #[test]
    fn punctuation_variants_fold() {
        assert_eq!(
            fold("«نعم» “yes” ‘no’ – — ، ؛ ؟ ٪"),
            "\"نعم\" \"yes\" 'no' - - , ; ? %"
        );
    }

    #[test]
    fn unchanged_text_is_borrowed() {
        assert!(matches!(fold("قال الوزير"), Cow::Borrowed(_)));
        assert!(matches!(fold("the minister said"), Cow::Borrowed(_)));
        assert!(matches!(fold("قالَ"), Cow::Owned(_)));
    }

    #[test]
    fn map_points_back_into_display_text() {
        let display = "ﻻ بُدّ";
        let m = match_form(display);
        assert_eq!(m.text, "لا بد");
        assert_eq!(m.to_display, vec![0, 0, 1, 2, 4]);
        assert_eq!(m.display_range(3..5), 2..5);
    }

    proptest! {
        #[test]
        fn fold_each_is_fold_char_on_each_char(s in "\\PC{0,40}|[\\p{Arabic} a-zA-Z0-9«»،.]{0,40}") {
            let (mut each, mut by_char) = (String::new(), String::new());
            fold_each(&s, |f| each.push(f));
            s.chars().for_each(|c| fold_char(c, |f| by_char.push(f)));
            prop_assert_eq!(each, by_char);
        }

        #[test]
        fn fold_is_idempotent(s in "\\PC{0,40}") {
            let once = fold(&s).into_owned();
            prop_assert_eq!(fold(&once).into_owned(), once);
        }

        #[test]
        fn match_form_agrees_with_fold_and_maps_inside(s in "[\\p{Arabic} a-zA-Z0-9«»،.]{0,40}|\\PC{0,40}") {
            let m = match_form(&s);
            prop_assert_eq!(&m.text, &fold(&s).into_owned());
            prop_assert_eq!(m.to_display.len(), m.text.chars().count());
            let n = s.chars().count();
            prop_assert!(m.to_display.windows(2).all(|w| w[0] <= w[1]));
            prop_assert!(m.to_display.iter().all(|&d| (d as usize) < n));
            for i in 0..=m.to_display.len() {
                let r = m.display_range(i..m.to_display.len());
                prop_assert!(r.start <= r.end && r.end <= n);
            }
        }
    }
}
