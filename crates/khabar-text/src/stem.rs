//! Light stemming of match-form words, so that variants of a word meet.
//!
//! [`stem`] runs the Snowball Arabic or English stemmer (`rust-stemmers`).
//! Before the Arabic stemmer, three steps make match-form variants meet
//! (measured on word groups like حكومة/الحكومة/حكومات/والحكومة):
//!
//! 1. A final ه goes back to ة. The match form folds ة to ه, and Snowball
//!    strips ة as a noun ending but treats ه as a pronoun it often keeps
//!    (الحكومه → حكومه while الحكومات → حكوم). A pronoun ه (كتابه) then
//!    goes too, which matching wants anyway.
//! 2. A leading و before ال is dropped when at least [`MIN_AFTER_WAW_AL`]
//!    letters follow the ال: Snowball strips only one prefix, so it leaves
//!    والمستشفيات half done.
//! 3. A word without ال (or بال كال فال لل) gets ال in front. That sends it
//!    down Snowball's noun path, which the ال form takes anyway: without it
//!    مستشفيات → مستشفيا and وزير → زير (the و taken for "and"), while
//!    المستشفيات → مستشف and الوزير → وزير. The cost: a verb with the
//!    conjunction و keeps it (وقال stays وقال, not قال).
//!
//! Input is one token's match form ([`crate::token::Token::text`]):
//! diacritics already gone, alef folded, ة → ه. Other languages are returned
//! unchanged.
//!
//! Does not: lemmatize, find roots (كتب for مكتبة), or fold spellings (that
//! is the match form's job).
//!
//! ```
//! use khabar_text::lang::Lang;
//! use khabar_text::stem::stem;
//!
//! assert_eq!(stem("والمستشفيات", Lang::Arabic), stem("المستشفي", Lang::Arabic));
//! assert_eq!(stem("ministers", Lang::English), "minist");
//! ```

use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

use crate::lang::Lang;

/// Letters that must follow وال for the و to be taken as a clitic.
pub const MIN_AFTER_WAW_AL: usize = 3;

fn arabic() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::Arabic))
}

fn english() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::English))
}

/// The stem of one match-form word in `lang`.
pub fn stem(word_match_form: &str, lang: Lang) -> String {
    match lang {
        Lang::Arabic => arabic()
            .stem(&noun_path_input(word_match_form))
            .into_owned(),
        Lang::English => english().stem(word_match_form).into_owned(),
        Lang::Other(_) => word_match_form.to_owned(),
    }
}

/// The Arabic stemmer's input for `word`: steps 1–3 of the module docs.
fn noun_path_input(word: &str) -> String {
    let word = strip_waw_before_al(word);
    let mut input = String::with_capacity(word.len() + 6);
    let has_article = ["ال", "بال", "كال", "فال", "لل"]
        .iter()
        .any(|p| word.starts_with(p));
    if !has_article {
        input.push_str("ال");
    }
    match word.strip_suffix('ه') {
        Some(rest) => {
            input.push_str(rest);
            input.push('ة');
        }
        None => input.push_str(word),
    }
    input
}

/// `word` without a leading و when it is و + ال + at least
/// [`MIN_AFTER_WAW_AL`] letters.
fn strip_waw_before_al(word: &str) -> &str {
    match word.strip_prefix('و') {
        Some(rest) if rest.starts_with("ال") && rest.chars().count() >= 2 + MIN_AFTER_WAW_AL => {
            rest
        }
        _ => word,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::fold;

    fn ar(word: &str) -> String {
        stem(&fold(word), Lang::Arabic)
    }

    #[test]
    fn hospital_variants_meet() {
        let base = ar("المستشفى");
        for w in [
            "مستشفى",
            "المستشفيات",
            "والمستشفيات",
            "مستشفيات",
            "بالمستشفى",
            "للمستشفيات",
        ] {
            assert_eq!(ar(w), base, "{w}");
        }
    }

    #[test]
    fn waw_al_is_stripped_like_al() {
        for (a, b) in [
            ("والانتخابات", "الانتخابات"),
            ("والحكومة", "الحكومة"),
            ("والاستثمارات", "الاستثمارات"),
            ("والمفاوضات", "المفاوضات"),
        ] {
            assert_eq!(ar(a), ar(b), "{a} vs {b}");
        }
    }

    #[test]
    fn words_that_only_look_like_waw_al_keep_their_waw() {
        // وال + fewer than three letters: too short to be و + ال + word.
        assert_eq!(strip_waw_before_al("والي"), "والي");
        assert_eq!(strip_waw_before_al("والده"), "والده");
        assert_eq!(strip_waw_before_al("والمدن"), "المدن");
    }

    #[test]
    fn government_and_city_variants_meet() {
        for group in [
            &[
                "حكومة",
                "الحكومة",
                "حكومات",
                "الحكومات",
                "والحكومة",
                "للحكومة",
                "بالحكومة",
            ][..],
            &["مدينة", "المدينة", "والمدينة"],
            &["وزير", "الوزير", "والوزير"],
            &["الانتخابات", "انتخابات", "والانتخابات"],
            &["السعودية", "سعودي", "السعوديين"],
        ] {
            let stems: Vec<String> = group.iter().map(|w| ar(w)).collect();
            assert!(
                stems.iter().all(|s| s == &stems[0]),
                "{group:?} -> {stems:?}"
            );
        }
    }

    #[test]
    fn different_words_stay_apart() {
        assert_ne!(ar("الحكومة"), ar("المستشفى"));
        assert_ne!(ar("وزير"), ar("سفير"));
    }

    #[test]
    fn english_variants_meet() {
        let en = |w: &str| stem(w, Lang::English);
        assert_eq!(en("ministers"), en("minister"));
        assert_eq!(en("negotiations"), en("negotiation"));
        assert_eq!(en("elections"), en("election"));
        assert_ne!(en("hospital"), en("minister"));
    }

    #[test]
    fn other_languages_are_unchanged() {
        assert_eq!(stem("ministres", Lang::Other("fr")), "ministres");
    }
}
