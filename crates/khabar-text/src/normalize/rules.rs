//! One unit struct per normalization rule. Each rule's doc lists exactly the
//! chars its `map` touches.

/// What a rule does with one char.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mapped {
    /// Leave the char as it is.
    Keep,
    /// Remove the char.
    Drop,
    /// Replace the char.
    To(char),
}

/// A rule that maps one char at a time, without context.
pub trait CharRule: Sync {
    /// What this rule does with `c`.
    fn map(&self, c: char) -> Mapped;
}

/// The match-form rules, in the order they run (after per-char NFKC and
/// lower case).
pub const RULES: &[&dyn CharRule] = &[&Invisible, &Diacritics, &Letters, &Digits, &Punctuation];

/// Drops zero-width and bidi control chars and the soft hyphen:
/// U+00AD, U+200B–200F, U+202A–202E, U+2060–2064, U+2066–2069, U+FEFF.
#[derive(Debug, Clone, Copy)]
pub struct Invisible;

impl CharRule for Invisible {
    fn map(&self, c: char) -> Mapped {
        match c {
            '\u{00AD}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}' => Mapped::Drop,
            _ => Mapped::Keep,
        }
    }
}

/// Drops Arabic diacritics and Quranic marks (U+0610–061A, U+064B–065F,
/// U+0670, U+06D6–06ED) and tatweel (U+0640).
#[derive(Debug, Clone, Copy)]
pub struct Diacritics;

impl CharRule for Diacritics {
    fn map(&self, c: char) -> Mapped {
        match c {
            '\u{0610}'..='\u{061A}'
            | '\u{064B}'..='\u{065F}'
            | '\u{0670}'
            | '\u{06D6}'..='\u{06ED}'
            | '\u{0640}' => Mapped::Drop,
            _ => Mapped::Keep,
        }
    }
}

/// Folds Arabic letter variants: أ إ آ ٱ → ا; ى ی → ي; ة → ه; ک → ك; ؤ ئ → ء.
#[derive(Debug, Clone, Copy)]
pub struct Letters;

impl CharRule for Letters {
    fn map(&self, c: char) -> Mapped {
        match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => Mapped::To('ا'),
            'ى' | 'ی' => Mapped::To('ي'),
            'ة' => Mapped::To('ه'),
            'ک' => Mapped::To('ك'),
            'ؤ' | 'ئ' => Mapped::To('ء'),
            _ => Mapped::Keep,
        }
    }
}

/// Folds Arabic-Indic digits ٠–٩ (U+0660–0669) and Persian digits ۰–۹
/// (U+06F0–06F9) to ASCII 0–9.
#[derive(Debug, Clone, Copy)]
pub struct Digits;

impl CharRule for Digits {
    fn map(&self, c: char) -> Mapped {
        match c {
            '\u{0660}'..='\u{0669}' => ascii_digit(c as u32 - 0x0660),
            '\u{06F0}'..='\u{06F9}' => ascii_digit(c as u32 - 0x06F0),
            _ => Mapped::Keep,
        }
    }
}

fn ascii_digit(d: u32) -> Mapped {
    char::from_digit(d, 10).map_or(Mapped::Keep, Mapped::To)
}

/// Unifies punctuation variants: « » “ ” „ ‟ ″ → `"`; ‘ ’ ‚ ‛ ‹ › ` ´ → `'`;
/// ‐ ‑ ‒ – — ― − → `-`; ، ٬ → `,`; ٫ → `.`; ؛ → `;`; ؟ → `?`; ٪ → `%`.
#[derive(Debug, Clone, Copy)]
pub struct Punctuation;

impl CharRule for Punctuation {
    fn map(&self, c: char) -> Mapped {
        match c {
            '«' | '»' | '“' | '”' | '„' | '‟' | '″' => Mapped::To('"'),
            '‘' | '’' | '‚' | '‛' | '‹' | '›' | '`' | '´' => Mapped::To('\''),
            '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' => Mapped::To('-'),
            '،' | '٬' => Mapped::To(','),
            '٫' => Mapped::To('.'),
            '؛' => Mapped::To(';'),
            '؟' => Mapped::To('?'),
            '٪' => Mapped::To('%'),
            _ => Mapped::Keep,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(rule: &dyn CharRule, s: &str) -> String {
        s.chars()
            .filter_map(|c| match rule.map(c) {
                Mapped::Keep => Some(c),
                Mapped::Drop => None,
                Mapped::To(d) => Some(d),
            })
            .collect()
    }

    #[test]
    fn diacritics_and_tatweel_go() {
        assert_eq!(run(&Diacritics, "شَدَّدَ الرَّئِيسُ عــلى"), "شدد الرئيس على");
    }

    #[test]
    fn letters_fold() {
        assert_eq!(
            run(&Letters, "أحمد إلى آخر ٱلله مستشفى مدينة مسؤول هيئة"),
            "احمد الي اخر الله مستشفي مدينه مسءول هيءه"
        );
    }

    #[test]
    fn digits_fold() {
        assert_eq!(run(&Digits, "٢٠١٥ ۲۰۱۵"), "2015 2015");
    }

    #[test]
    fn invisible_chars_go() {
        assert_eq!(run(&Invisible, "م\u{200c}ن\u{feff}"), "من");
    }
}
