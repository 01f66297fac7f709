//! The language of a text: Arabic and English by name, any other by code.
//!
//! [`detect_language`] answers Arabic at once when most letters are Arabic
//! script and almost none is a Persian or Urdu letter (پ چ ژ گ ک ی ے ...);
//! otherwise it asks [`whatlang`] and keeps the answer only when whatlang
//! calls it reliable. Short texts (fewer than [`MIN_LETTERS`] letters) get
//! `None`.
//!
//! Does not: detect several languages in one text (use
//! [`crate::script::script_share`] on parts), or know dialects.
//!
//! ```
//! use khabar_text::lang::{Lang, detect_language};
//!
//! assert_eq!(detect_language("أعلنت وزارة الصحة تسجيل إصابات جديدة"), Some(Lang::Arabic));
//! assert_eq!(Lang::Arabic.code(), "ar");
//! assert_eq!(Lang::from_code("fra").map(|l| l.code()), Some("fr"));
//! assert_eq!(detect_language("نعم"), None);
//! ```

use std::fmt;

/// A language, with its ISO 639-1 code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Arabic (`ar`).
    Arabic,
    /// English (`en`).
    English,
    /// Any other language, by its ISO 639-1 code (or ISO 639-3 when it has
    /// no 639-1 code).
    Other(&'static str),
}

impl Lang {
    /// The ISO 639-1 code: `"ar"`, `"en"`, or the other language's code.
    pub fn code(&self) -> &'static str {
        match self {
            Lang::Arabic => "ar",
            Lang::English => "en",
            Lang::Other(code) => code,
        }
    }

    /// The language with ISO 639-1 or 639-3 code `code` (any case), among
    /// the languages whatlang knows.
    pub fn from_code(code: &str) -> Option<Lang> {
        let code = code.trim().to_ascii_lowercase();
        CODES
            .iter()
            .find(|(lang, iso1)| *iso1 == code || lang.code() == code)
            .map(|&(lang, _)| from_whatlang(lang))
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Fewer letters than this and [`detect_language`] says nothing.
pub const MIN_LETTERS: usize = 12;

/// whatlang's languages with their ISO 639-1 codes.
const CODES: &[(whatlang::Lang, &str)] = {
    use whatlang::Lang as W;
    &[
        (W::Afr, "af"),
        (W::Aka, "ak"),
        (W::Amh, "am"),
        (W::Ara, "ar"),
        (W::Aze, "az"),
        (W::Bel, "be"),
        (W::Ben, "bn"),
        (W::Bul, "bg"),
        (W::Cat, "ca"),
        (W::Ces, "cs"),
        (W::Cmn, "zh"),
        (W::Cym, "cy"),
        (W::Dan, "da"),
        (W::Deu, "de"),
        (W::Ell, "el"),
        (W::Eng, "en"),
        (W::Epo, "eo"),
        (W::Est, "et"),
        (W::Fin, "fi"),
        (W::Fra, "fr"),
        (W::Guj, "gu"),
        (W::Heb, "he"),
        (W::Hin, "hi"),
        (W::Hrv, "hr"),
        (W::Hun, "hu"),
        (W::Hye, "hy"),
        (W::Ind, "id"),
        (W::Ita, "it"),
        (W::Jav, "jv"),
        (W::Jpn, "ja"),
        (W::Kan, "kn"),
        (W::Kat, "ka"),
        (W::Khm, "km"),
        (W::Kor, "ko"),
        (W::Lat, "la"),
        (W::Lav, "lv"),
        (W::Lit, "lt"),
        (W::Mal, "ml"),
        (W::Mar, "mr"),
        (W::Mkd, "mk"),
        (W::Mya, "my"),
        (W::Nep, "ne"),
        (W::Nld, "nl"),
        (W::Nob, "nb"),
        (W::Ori, "or"),
        (W::Pan, "pa"),
        (W::Pes, "fa"),
        (W::Pol, "pl"),
        (W::Por, "pt"),
        (W::Ron, "ro"),
        (W::Rus, "ru"),
        (W::Sin, "si"),
        (W::Slk, "sk"),
        (W::Slv, "sl"),
        (W::Sna, "sn"),
        (W::Spa, "es"),
        (W::Srp, "sr"),
        (W::Swe, "sv"),
        (W::Tam, "ta"),
        (W::Tel, "te"),
        (W::Tgl, "tl"),
        (W::Tha, "th"),
        (W::Tuk, "tk"),
        (W::Tur, "tr"),
        (W::Ukr, "uk"),
        (W::Urd, "ur"),
        (W::Uzb, "uz"),
        (W::Vie, "vi"),
        (W::Yid, "yi"),
        (W::Zul, "zu"),
    ]
};

fn from_whatlang(lang: whatlang::Lang) -> Lang {
    match lang {
        whatlang::Lang::Ara => Lang::Arabic,
        whatlang::Lang::Eng => Lang::English,
        other => Lang::Other(
            CODES
                .iter()
                .find(|(l, _)| *l == other)
                .map_or(other.code(), |&(_, iso1)| iso1),
        ),
    }
}

/// Letters used by Persian, Urdu and other languages written in Arabic
/// script, but not by Arabic.
fn is_non_arabic_arabic_script_letter(c: char) -> bool {
    matches!(
        c,
        'پ' | 'چ'
            | 'ژ'
            | 'گ'
            | 'ک'
            | 'ی'
            | 'ے'
            | 'ۀ'
            | 'ٹ'
            | 'ڈ'
            | 'ڑ'
            | 'ں'
            | 'ھ'
            | 'ۓ'
            | 'ې'
            | 'ۇ'
    )
}

/// The language of `text`, or `None` when the text is too short or the
/// guess is not reliable.
pub fn detect_language(text: &str) -> Option<Lang> {
    let mut letters = 0usize;
    let mut arabic = 0usize;
    let mut non_arabic_marks = 0usize;
    for c in text.chars() {
        match crate::script::script_of(c) {
            Some(crate::script::Script::Arabic) => {
                letters += 1;
                arabic += 1;
                non_arabic_marks += usize::from(is_non_arabic_arabic_script_letter(c));
            }
            Some(_) => letters += 1,
            None => {}
        }
    }
    if letters < MIN_LETTERS {
        return None;
    }
    // Fewer than 1 in 50 Arabic-script letters from Persian or Urdu.
    if arabic * 2 > letters && non_arabic_marks * 50 < arabic {
        return Some(Lang::Arabic);
    }
    let info = whatlang::detect(text)?;
    info.is_reliable().then(|| from_whatlang(info.lang()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_news_is_arabic_even_with_an_english_name() {
        let text = "قال وزير الخارجية الأمريكي جون كيري (John Kerry) إن المحادثات مع إيران دخلت مرحلة حاسمة";
        assert_eq!(detect_language(text), Some(Lang::Arabic));
    }

    #[test]
    fn english_caption_is_english() {
        let text = "Saudi King Salman receives the visiting US Secretary of State at his palace in Riyadh on Wednesday.";
        assert_eq!(detect_language(text), Some(Lang::English));
    }

    #[test]
    fn persian_is_not_taken_for_arabic() {
        let text =
            "وزیر امور خارجه ایران گفت که مذاکرات با گروه پنج به علاوه یک در وین ادامه خواهد یافت";
        assert_eq!(detect_language(text), Some(Lang::Other("fa")));
    }

    #[test]
    fn french_gets_its_639_1_code() {
        let text = "Le ministre des Affaires étrangères a annoncé mercredi que les négociations reprendront la semaine prochaine.";
        let lang = detect_language(text);
        assert_eq!(lang, Some(Lang::Other("fr")));
        assert_eq!(lang.map(|l| l.to_string()), Some("fr".to_string()));
    }

    #[test]
    fn short_or_letterless_text_is_unknown() {
        assert_eq!(detect_language(""), None);
        assert_eq!(detect_language("OK"), None);
        assert_eq!(detect_language("2015/07/21 12:30 - 1,000"), None);
        assert_eq!(detect_language("السلام"), None);
    }

    #[test]
    fn codes_round_trip() {
        for (w, iso1) in CODES {
            assert_eq!(Lang::from_code(iso1).map(|l| l.code()), Some(*iso1));
            assert_eq!(Lang::from_code(w.code()).map(|l| l.code()), Some(*iso1));
        }
        assert_eq!(Lang::from_code("AR"), Some(Lang::Arabic));
        assert_eq!(Lang::from_code("eng"), Some(Lang::English));
        assert_eq!(Lang::from_code("xx"), None);
    }
}
