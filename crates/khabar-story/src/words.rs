//! Words of a display text as the story engine compares them: tokens in
//! match form, light stems, stop words and sentences.
//!
//! This is a private stand-in for `khabar_text::{tokenize, stem,
//! is_stop_word}` and sentence splitting, which are being written in
//! khabar-text; when they land this module shrinks to calls into them. It is
//! the only place in the crate that knows how words are cut.
//!
//! Does not: detect language, repair glued words, or remove boilerplate.

use khabar_text::fold;

/// One word of a display text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Word {
    /// The match form of the word (folded, lower case).
    pub text: String,
    /// Byte range of the word in the display text.
    pub start: usize,
    /// End of the byte range of the word in the display text.
    pub end: usize,
    /// True when the display word starts with an upper-case Latin letter.
    pub capitalized: bool,
    /// True when something other than white space (punctuation, a line
    /// break) separates this word from the previous one, or it is the first.
    pub after_break: bool,
    /// True when the word is all ASCII digits.
    pub number: bool,
}

/// True for chars that belong inside a word: letters, digits and the Arabic
/// marks and tatweel that [`fold`] drops.
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    // The Arabic block first: the common case, and the general Unicode
    // lookup is slow.
    match c {
        '\u{0621}'..='\u{065F}' | '\u{0660}'..='\u{0669}' | '\u{066E}'..='\u{06D3}' => true,
        '\u{06F0}'..='\u{06F9}' => true,
        '\u{0600}'..='\u{06FF}' => false,
        _ => c.is_alphanumeric(),
    }
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}')
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}')
}

/// The words of `display`, in order. Letters and digits glued together
/// (`2015م`) are cut apart.
pub(crate) fn words(display: &str) -> Vec<Word> {
    let mut out = Vec::new();
    // (start byte, digit run?) of the word being read.
    let mut open: Option<(usize, bool)> = None;
    let mut broke = true;
    let push = |start: usize, end: usize, broke: bool, out: &mut Vec<Word>| {
        let raw = &display[start..end];
        let text = fold(raw).into_owned();
        if text.is_empty() {
            return;
        }
        out.push(Word {
            capitalized: raw.chars().next().is_some_and(|c| c.is_ascii_uppercase()),
            number: text.bytes().all(|b| b.is_ascii_digit()),
            text,
            start,
            end,
            after_break: broke,
        });
    };
    for (i, c) in display.char_indices() {
        if is_word_char(c) {
            let digit = is_digit(c);
            match open {
                Some((start, was_digit)) if digit != was_digit && !is_mark(c) => {
                    push(start, i, broke, &mut out);
                    broke = false;
                    open = Some((i, digit));
                }
                Some(_) => {}
                None => open = Some((i, digit)),
            }
        } else {
            if let Some((start, _)) = open.take() {
                push(start, i, broke, &mut out);
                broke = false;
            }
            if !c.is_whitespace() || c == '\n' {
                broke = true;
            }
        }
    }
    if let Some((start, _)) = open {
        push(start, display.len(), broke, &mut out);
    }
    out
}

/// Proclitics stripped by [`stem`], longest first.
const PREFIXES: [&str; 9] = ["وبال", "وال", "بال", "كال", "فال", "لل", "ال", "و", "ف"];
/// Suffixes stripped by [`stem`], longest first.
const SUFFIXES: [&str; 14] = [
    "يين", "تين", "ها", "ان", "ات", "ون", "ين", "يه", "هم", "هن", "نا", "تم", "ه", "ي",
];

/// A light stem of a match-form word: Arabic proclitics (و، ف، ب+ال، ك+ال،
/// لل، ال) and common suffixes are cut while at least three letters remain;
/// Latin words lose a plural `s`. Digits are kept as they are.
pub(crate) fn stem(word: &str) -> String {
    if word.is_ascii() {
        if word.len() > 4 && word.ends_with('s') && !word.ends_with("ss") {
            return word[..word.len() - 1].to_string();
        }
        return word.to_string();
    }
    let mut w = word;
    for p in PREFIXES {
        if let Some(rest) = w.strip_prefix(p)
            && rest.chars().count() >= 3
        {
            w = rest;
            break;
        }
    }
    for s in SUFFIXES {
        if let Some(rest) = w.strip_suffix(s)
            && rest.chars().count() >= 3
        {
            w = rest;
            break;
        }
    }
    w.to_string()
}

/// Common Arabic and English function words, in match form.
const STOP_WORDS: &[&str] = &[
    // Arabic
    "في",
    "من",
    "الي",
    "علي",
    "عن",
    "مع",
    "ان",
    "او",
    "ام",
    "ثم",
    "لم",
    "لن",
    "لا",
    "ما",
    "ماذا",
    "هذا",
    "هذه",
    "ذلك",
    "تلك",
    "هذان",
    "هؤلاء",
    "أولئك",
    "التي",
    "الذي",
    "الذين",
    "اللذين",
    "اللتين",
    "اللواتي",
    "هو",
    "هي",
    "هم",
    "هن",
    "انا",
    "نحن",
    "انت",
    "انتم",
    "كان",
    "كانت",
    "كانوا",
    "يكون",
    "تكون",
    "قد",
    "لقد",
    "كل",
    "بعض",
    "غير",
    "بين",
    "حتي",
    "اذا",
    "اذ",
    "لو",
    "لكن",
    "بل",
    "كما",
    "ايضا",
    "حيث",
    "عند",
    "عندما",
    "منذ",
    "خلال",
    "بعد",
    "قبل",
    "امام",
    "وراء",
    "فوق",
    "تحت",
    "حول",
    "ضد",
    "دون",
    "لدي",
    "الا",
    "اي",
    "اية",
    "ايه",
    "له",
    "لها",
    "لهم",
    "به",
    "بها",
    "بهم",
    "فيه",
    "فيها",
    "فيهم",
    "منه",
    "منها",
    "منهم",
    "عليه",
    "عليها",
    "عليهم",
    "اليه",
    "اليها",
    "وقد",
    "وفي",
    "ومن",
    "والي",
    "وعلي",
    "وان",
    "وهو",
    "وهي",
    "وكان",
    "وكانت",
    "ولا",
    "وما",
    "ولم",
    "ثمة",
    "هناك",
    "هنا",
    "كيف",
    "متي",
    "اين",
    "لماذا",
    "هل",
    "وهذا",
    "وهذه",
    "بان",
    "لان",
    "فان",
    "كذلك",
    "وكذلك",
    "جدا",
    "فقط",
    "مثل",
    "وفق",
    "وفقا",
    "عبر",
    "الان",
    "اليوم",
    "امس",
    "غدا",
    "يوم",
    "قال",
    "وقال",
    "قالت",
    "وقالت",
    "اكد",
    "واكد",
    "اضاف",
    "واضاف",
    "اشار",
    "واشار",
    "اوضح",
    "واوضح",
    "مشيرا",
    "مضيفا",
    "مؤكدا",
    "يذكر",
    "الذي",
    "الذى",
    "التى",
    "الى",
    "على",
    "حتى",
    "لدى",
    "متى",
    "سوف",
    "ليس",
    "ليست",
    "لكل",
    "وذلك",
    "بين",
    "بينما",
    "اما",
    "اما",
    "وهم",
    "انه",
    "انها",
    "انهم",
    "بانه",
    "بانها",
    "الي",
    "عام",
    "العام",
    "يتم",
    "تم",
    "وتم",
    "كما",
    "وكما",
    "عدد",
    "نحو",
    "اكثر",
    "اقل",
    "احد",
    "احدي",
    "جميع",
    "ضمن",
    "لدي",
    "وقت",
    "حين",
    "حيث",
    "وحيث",
    "ذات",
    "نفس",
    "عدة",
    "حسب",
    "بشان",
    "صحيفه",
    "المصدر",
    // English
    "the",
    "a",
    "an",
    "and",
    "or",
    "of",
    "to",
    "in",
    "on",
    "at",
    "for",
    "with",
    "by",
    "from",
    "as",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "has",
    "have",
    "had",
    "it",
    "its",
    "this",
    "that",
    "these",
    "those",
    "he",
    "she",
    "they",
    "we",
    "you",
    "i",
    "his",
    "her",
    "their",
    "our",
    "not",
    "no",
    "but",
    "if",
    "than",
    "then",
    "so",
    "said",
    "says",
    "will",
    "would",
    "can",
    "could",
    "after",
    "before",
    "into",
    "over",
    "about",
    "also",
    "which",
    "who",
    "what",
    "when",
    "where",
    "there",
    "more",
    "most",
    "up",
    "out",
];

/// True when `word` (match form) is a function word that says nothing about
/// the event.
pub(crate) fn is_stop_word(word: &str) -> bool {
    static SET: std::sync::OnceLock<rustc_hash::FxHashSet<String>> = std::sync::OnceLock::new();
    SET.get_or_init(|| STOP_WORDS.iter().map(|w| fold(w).into_owned()).collect())
        .contains(word)
}

/// A sentence of a display text, as a byte range into it.
pub(crate) fn sentences(display: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let push = |start: usize, end: usize, out: &mut Vec<std::ops::Range<usize>>| {
        let s = &display[start..end];
        let lead = s.len() - s.trim_start().len();
        let trail = s.len() - s.trim_end().len();
        if start + lead < end - trail {
            out.push(start + lead..end - trail);
        }
    };
    let mut iter = display.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let end_here = match c {
            '\n' | '؟' | '?' | '!' => true,
            // A full stop ends a sentence unless it sits between digits (3.5).
            '.' => {
                let next_digit = iter.peek().is_some_and(|&(_, n)| n.is_ascii_digit());
                let prev_digit = display[..i]
                    .chars()
                    .next_back()
                    .is_some_and(|p| p.is_ascii_digit());
                !(next_digit && prev_digit)
            }
            _ => false,
        };
        if end_here {
            let end = i + c.len_utf8();
            push(start, end, &mut out);
            start = end;
        }
    }
    push(start, display.len(), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_folded_and_cut_at_digits() {
        let w = words("أعلنت سوريّة، في 2015م: Barack Obama");
        let texts: Vec<&str> = w.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(
            texts,
            ["اعلنت", "سوريه", "في", "2015", "م", "barack", "obama"]
        );
        assert!(w[2].after_break, "a comma breaks");
        assert!(!w[1].after_break);
        assert!(w[3].number && w[5].capitalized && !w[4].capitalized);
    }

    #[test]
    fn light_stems_meet_across_inflection() {
        assert_eq!(stem("المقاومه"), stem("مقاومه"));
        assert_eq!(stem("والمتحرشين"), stem("المتحرشين"));
        assert_eq!(stem("ثلاجات"), "ثلاج");
        assert_eq!(stem("fridges"), "fridge");
        assert_eq!(stem("943"), "943");
    }

    #[test]
    fn sentences_end_at_stops_but_not_decimals() {
        let text = "ارتفع المؤشر 3.5 في المئة. وقال المحلل: نعم؟ ثم\nسطر";
        let s: Vec<&str> = sentences(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            s,
            [
                "ارتفع المؤشر 3.5 في المئة.",
                "وقال المحلل: نعم؟",
                "ثم",
                "سطر"
            ]
        );
    }
}
