//! Arabic and English stop words: words too common to say what a text is
//! about.
//!
//! Both lists are our own, sorted, and written in match form (alef folded,
//! ى → ي, ة → ه), so a [`Token::text`](crate::token::Token::text) can be
//! looked up as it is. The Arabic list includes the commonest clitic forms
//! (وفي، والتي، وقال) and reporting verbs (قال، أكد، أضاف), which every news
//! article has.
//!
//! Does not: stem or fold its input; pass match-form words.
//!
//! ```
//! use khabar_text::{fold, stopwords::is_stop_word};
//!
//! assert!(is_stop_word(&fold("إلى")));
//! assert!(is_stop_word("the"));
//! assert!(!is_stop_word(&fold("الحكومة")));
//! ```

use std::sync::OnceLock;

use rustc_hash::FxHashSet;

/// Arabic stop words in match form, sorted.
pub const ARABIC: &[&str] = &[
    "اذ",
    "اذا",
    "ازاء",
    "اشار",
    "اضاف",
    "اقل",
    "اكثر",
    "اكد",
    "الا",
    "الان",
    "التي",
    "الذي",
    "الذين",
    "اللاتي",
    "اللتين",
    "اللذين",
    "اللواتي",
    "الي",
    "اليه",
    "اليها",
    "اليهم",
    "ام",
    "اما",
    "امام",
    "ان",
    "انا",
    "انت",
    "انتم",
    "انتن",
    "انه",
    "انها",
    "او",
    "اوضح",
    "اولءك",
    "اي",
    "اياه",
    "ايضا",
    "اين",
    "ايه",
    "بان",
    "بانه",
    "بانها",
    "بسبب",
    "بشكل",
    "بعد",
    "بعض",
    "بل",
    "بما",
    "به",
    "بها",
    "بهم",
    "بين",
    "بينما",
    "تحت",
    "تكون",
    "تلك",
    "تم",
    "ثم",
    "جدا",
    "جري",
    "حتي",
    "حوالي",
    "حول",
    "حيث",
    "خلال",
    "خلف",
    "دون",
    "ذات",
    "ذلك",
    "رغم",
    "سواء",
    "سوي",
    "ضمن",
    "عبر",
    "عدد",
    "عده",
    "علي",
    "عليه",
    "عليها",
    "عليهم",
    "عما",
    "عن",
    "عند",
    "عندما",
    "عنه",
    "عنها",
    "عنهم",
    "غير",
    "فان",
    "فقد",
    "فقط",
    "فوق",
    "في",
    "فيما",
    "فيه",
    "فيها",
    "فيهم",
    "قال",
    "قالت",
    "قبل",
    "قد",
    "كان",
    "كانت",
    "كانوا",
    "كذلك",
    "كل",
    "كم",
    "كما",
    "كيف",
    "لا",
    "لان",
    "لدي",
    "لقد",
    "لكن",
    "لكنه",
    "لكنها",
    "لم",
    "لما",
    "لماذا",
    "لن",
    "لنا",
    "له",
    "لها",
    "لهم",
    "لو",
    "لولا",
    "ليس",
    "ليست",
    "ما",
    "ماذا",
    "متي",
    "مثل",
    "مثلا",
    "مع",
    "معه",
    "معها",
    "معهم",
    "مما",
    "ممن",
    "من",
    "منذ",
    "منه",
    "منها",
    "منهم",
    "نحن",
    "نحو",
    "نفس",
    "هءلاء",
    "هذا",
    "هذه",
    "هل",
    "هم",
    "هما",
    "هن",
    "هنا",
    "هناك",
    "هو",
    "هي",
    "واشار",
    "واضاف",
    "واكد",
    "والتي",
    "والذي",
    "والذين",
    "والي",
    "وان",
    "وانه",
    "وانها",
    "وبعد",
    "وبين",
    "وحيث",
    "وذلك",
    "وعلي",
    "وعن",
    "وفق",
    "وفقا",
    "وفي",
    "وقال",
    "وقبل",
    "وقد",
    "وكان",
    "وكانت",
    "وكذلك",
    "وكما",
    "ولا",
    "ولم",
    "ولن",
    "وما",
    "ومع",
    "ومن",
    "وهذا",
    "وهذه",
    "وهو",
    "وهي",
    "يا",
    "يتم",
    "يقول",
    "يكون",
];

/// English stop words (lower case), sorted.
pub const ENGLISH: &[&str] = &[
    "a",
    "about",
    "above",
    "according",
    "across",
    "after",
    "again",
    "against",
    "all",
    "also",
    "although",
    "am",
    "amid",
    "among",
    "an",
    "and",
    "another",
    "any",
    "are",
    "around",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "however",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "me",
    "more",
    "most",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "per",
    "said",
    "same",
    "says",
    "she",
    "should",
    "since",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "though",
    "through",
    "to",
    "told",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "very",
    "via",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
];

/// Both lists in one hash set: a look-up hashes the word once instead of
/// comparing it with a dozen list entries (the stemmer, the glued-word
/// repair and the entity finder ask about most words they see).
fn stop_words() -> &'static FxHashSet<&'static str> {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| ARABIC.iter().chain(ENGLISH).copied().collect())
}

/// Whether `word_match_form` is an Arabic or English stop word.
pub fn is_stop_word(word_match_form: &str) -> bool {
    stop_words().contains(word_match_form)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::fold;
    use crate::token::tokenize;

    proptest::proptest! {
        #[test]
        fn the_set_answers_as_the_lists(
            listed in proptest::sample::select([ARABIC, ENGLISH].concat()),
            other in "[\\p{Arabic}a-z]{0,8}",
        ) {
            let in_lists = |w: &str| ARABIC.binary_search(&w).is_ok() || ENGLISH.binary_search(&w).is_ok();
            proptest::prop_assert!(is_stop_word(listed));
            proptest::prop_assert_eq!(is_stop_word(&other), in_lists(&other));
            let longer = format!("{listed}x");
            proptest::prop_assert_eq!(is_stop_word(&longer), in_lists(&longer));
        }
    }

    #[test]
    fn lists_are_sorted_match_forms() {
        for list in [ARABIC, ENGLISH] {
            assert!(
                list.windows(2).all(|w| w[0] < w[1]),
                "not sorted or has duplicates"
            );
            for w in list {
                assert_eq!(fold(w), *w, "{w} is not in match form");
                assert!(!w.is_empty() && !w.contains(' '));
            }
        }
        assert!(ARABIC.len() >= 150 && ENGLISH.len() >= 140);
    }

    /// The match forms of the tokens of `text` that are not stop words.
    fn content_words(text: &str) -> Vec<String> {
        tokenize(text)
            .into_iter()
            .filter(|t| !is_stop_word(&t.text))
            .map(|t| t.text)
            .collect()
    }

    #[test]
    fn function_words_of_an_arabic_sentence_are_stop_words() {
        let text = "وقال الوزير إنّ المفاوضات التي جرت في الرياض مع الجانب الأمريكي كانت إيجابية، وأضاف أنها ستستمر.";
        assert_eq!(
            content_words(text),
            [
                "الوزير",
                "المفاوضات",
                "جرت",
                "الرياض",
                "الجانب",
                "الامريكي",
                "ايجابيه",
                "ستستمر"
            ]
        );
    }

    #[test]
    fn function_words_of_an_english_sentence_are_stop_words() {
        let text = "The minister said that the talks in Riyadh were positive and would continue.";
        assert_eq!(
            content_words(text),
            ["minister", "talks", "riyadh", "positive", "continue"]
        );
    }
}
