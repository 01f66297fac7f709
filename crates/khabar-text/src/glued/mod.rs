//! Glued-word repair: put back the spaces a scraper lost between Arabic
//! words (روسياوالولاياتالمتحدة → روسيا والولايات المتحدة).
//!
//! # The rule
//!
//! [`repair_glued`] looks at each Arabic token of the display text (its
//! match form, [`crate::token`]) and splits it when all of these hold:
//!
//! 1. It has at least [`MIN_GLUED_LETTERS`] and at most
//!    [`MAX_GLUED_LETTERS`] letters.
//! 2. It is not a real word ([`Lexicon::is_real_word`]): not known (count
//!    at least [`KNOWN_MIN`]), its Snowball stem is not the stem of a known
//!    word, and stripping the common clitics and affixes ([`PREFIXES`],
//!    [`SUFFIXES`]; ت or nothing back to ه, or ي added, after a suffix) does
//!    not leave a known word. A glued form seen [`KNOWN_MIN`] times in the
//!    corpus counts as a word: precision comes first.
//! 3. It splits into two or three parts, each a known word of at least
//!    four letters with count at least [`MIN_PART_COUNT`]. A part other
//!    than the first may be the clitic و plus such a word (موسكووواشنطن →
//!    موسكو + وواشنطن). No part, nor its word after و, may be a stop word
//!    (انها، اليه look like suffixes of one word: يستحضرانها), and a part
//!    with ال (or وال بال فال كال لل) needs three letters after it
//!    (الان|تشاء، بالم|عاصي are one word each). Only the first part may be short: one of
//!    [`GLUE_FIRST_WORDS`] (كمارفعت → كما رفعت) with count at least
//!    [`MIN_SHORT_PART_COUNT`]. No part may start with ى or ة, which only
//!    end words (المرضىقام is المرضى + قام, not المرض + ىقام).
//!
//! Measured by hand on 2,000 SaudiNewsNet articles, short parts and three
//! parts made most wrong splits (سي|تعاون، ال|لا|شعبية، كاس|تي|لان), hence
//! the four-letter floor.
//!
//! Among the splits that qualify, the best is the one a unigram language
//! model finds likeliest: the highest product of the parts' relative
//! frequencies `count(part) / total`, where a و+word part takes the count of
//! its word. Each extra part costs a factor `count / total`, far below one,
//! so two parts win over three unless the three are much more frequent.
//!
//! Splits are found on the match form and applied to the display text: a
//! space goes before the display char of each part's first letter, so the
//! original chars, diacritics included, stay as they were. Removing the
//! inserted spaces gives back the input exactly.
//!
//! # The lexicon
//!
//! [`Lexicon::builtin`] is a list of about 1,100 common Arabic news words
//! we wrote ourselves (`words_ar.txt`, in match form), each counted
//! [`BUILTIN_COUNT`] times, plus the Arabic stop words counted
//! [`BUILTIN_STOP_COUNT`] times. [`Lexicon::add_text`] adds the counts of
//! the corpus being processed; for frequent words they soon dominate.
//!
//! Does not: split tokens that are not Arabic, split into more than three
//! parts, or join words wrongly split by a space.
//!
//! ```
//! use khabar_text::glued::{Lexicon, repair_glued};
//!
//! let lexicon = Lexicon::builtin();
//! let (text, repairs) = repair_glued("بحث الجانبان الوضع في الأممالمتحدة أمس", &lexicon);
//! assert_eq!(text, "بحث الجانبان الوضع في الأمم المتحدة أمس");
//! assert_eq!(repairs[0].parts, ["الأمم", "المتحدة"]);
//! assert_eq!(repairs[0].start, 22);
//! ```

use std::collections::{HashMap, HashSet};

use crate::lang::Lang;
use crate::normalize::match_form;
use crate::stem::stem;
use crate::stopwords;
use crate::token::{TokenKind, tokenize};

/// Fewer letters than this and a token is never split.
pub const MIN_GLUED_LETTERS: usize = 7;
/// More letters than this and a token is never split (it is not two or
/// three glued words).
pub const MAX_GLUED_LETTERS: usize = 40;
/// A word seen at least this many times is known, and never split.
pub const KNOWN_MIN: u32 = 2;
/// The least count of a part of four letters or more.
pub const MIN_PART_COUNT: u32 = 3;
/// The least count of a short first part ([`GLUE_FIRST_WORDS`]).
pub const MIN_SHORT_PART_COUNT: u32 = 50;
/// The least frequency of a part, in occurrences per million counted
/// words, unless both its ends are sure word ends (rule 4 of the module
/// docs). With [`MIN_PART_COUNT`] this is the part's count floor:
/// whichever is higher.
pub const MIN_PART_PER_MILLION: f64 = 17.0;
/// The count of each word of the builtin list.
pub const BUILTIN_COUNT: u32 = 10;
/// The count of each Arabic stop word in the builtin lexicon.
pub const BUILTIN_STOP_COUNT: u32 = 100;

/// Clitic prefixes stripped when checking whether a token is a real word
/// (match form).
pub const PREFIXES: &[&str] = &[
    "و", "ف", "ب", "ل", "ك", "ال", "وال", "بال", "لل", "فال", "كال", "وبال", "ولل", "وب", "ول",
    "فب", "فل", "ي", "ت", "ن", "س", "سي", "ست", "سن", "وي", "وت", "وسي", "وست", "لي", "لت", "في",
    "فت",
];
/// Suffixes stripped when checking whether a token is a real word (match
/// form): pronouns, plural and dual endings, and the two together.
pub const SUFFIXES: &[&str] = &[
    "ه",
    "ها",
    "هم",
    "هما",
    "هن",
    "كم",
    "كما",
    "نا",
    "ني",
    "ك",
    "ات",
    "ون",
    "ين",
    "ان",
    "وا",
    "يه",
    "ته",
    "تها",
    "تهم",
    "تنا",
    "اته",
    "اتها",
    "اتهم",
    "اتنا",
    "انه",
    "انها",
    "انهم",
    "ونه",
    "ونها",
    "ونهم",
    "ينه",
    "ينها",
    "وه",
    "وها",
    "وهم",
    "تين",
    "تان",
    "يا",
    "ي",
    "انهما",
    "ناه",
    "ناها",
    "ناهم",
    "تموه",
    "تموها",
    "يته",
    "يتها",
    "يتهم",
    "يتهما",
    "يتنا",
];

/// The short words (two or three letters, match form) that may be the
/// first part of a split: function words that scrapers glue to the next
/// word (فيالرياض، كمارفعت). Sorted.
pub const GLUE_FIRST_WORDS: &[&str] = &[
    "او", "بعد", "بين", "ثم", "حتي", "عن", "علي", "في", "قبل", "قد", "كل", "كما", "مع", "من",
];

const WORDS_AR: &str = include_str!("words_ar.txt");

/// Word counts (match form) that decide what is a word.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    words: HashMap<String, u32>,
    stems: HashMap<String, u32>,
    total: u64,
}

impl Lexicon {
    /// The shipped lexicon: our list of common Arabic news words and the
    /// Arabic stop words.
    pub fn builtin() -> Self {
        let mut lexicon = Lexicon::default();
        for word in WORDS_AR.lines().map(str::trim).filter(|w| !w.is_empty()) {
            lexicon.add_word(word, BUILTIN_COUNT);
        }
        for word in stopwords::ARABIC {
            lexicon.add_word(word, BUILTIN_STOP_COUNT);
        }
        lexicon
    }

    /// Counts every Arabic token of `display_text` once.
    pub fn add_text(&mut self, display_text: &str) {
        for token in tokenize(display_text) {
            if token.kind == TokenKind::Arabic {
                self.add_word(&token.text, 1);
            }
        }
    }

    /// Adds `n` to the count of one match-form word.
    pub fn add_word(&mut self, word_match_form: &str, n: u32) {
        if word_match_form.is_empty() || n == 0 {
            return;
        }
        let count = self.words.entry(word_match_form.to_owned()).or_default();
        *count = count.saturating_add(n);
        let stem = stem(word_match_form, Lang::Arabic);
        let count = self.stems.entry(stem).or_default();
        *count = count.saturating_add(n);
        self.total = self.total.saturating_add(u64::from(n));
    }

    /// The count of one match-form word (0 when unknown).
    pub fn count(&self, word_match_form: &str) -> u32 {
        self.words.get(word_match_form).copied().unwrap_or(0)
    }

    /// The number of distinct words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether the lexicon has no words.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    fn is_known(&self, word: &str) -> bool {
        self.count(word) >= KNOWN_MIN
    }

    /// Whether [`repair_glued`] takes `word_match_form` for one real word
    /// (rule 2 of the module docs), and so never splits it.
    pub fn is_real_word(&self, word_match_form: &str) -> bool {
        let word = word_match_form;
        if self.is_known(word) {
            return true;
        }
        let stem = stem(word, Lang::Arabic);
        if stem.chars().count() >= 3 && self.stems.get(&stem).copied().unwrap_or(0) >= KNOWN_MIN {
            return true;
        }
        for prefix in std::iter::once("").chain(PREFIXES.iter().copied()) {
            let Some(rest) = word.strip_prefix(prefix) else {
                continue;
            };
            for suffix in std::iter::once("").chain(SUFFIXES.iter().copied()) {
                let Some(core) = rest.strip_suffix(suffix) else {
                    continue;
                };
                if core.chars().count() < 3 || (prefix.is_empty() && suffix.is_empty()) {
                    continue;
                }
                if self.is_known(core) {
                    return true;
                }
                if !suffix.is_empty() && self.core_variant_is_known(core) {
                    return true;
                }
            }
        }
        false
    }

    /// Whether `core` (a word with a suffix taken off) is a known word once
    /// its ة is restored (حكومت → حكومه, حكوم + ات → حكومه) or its ي
    /// (مستشف + ات → مستشفي).
    fn core_variant_is_known(&self, core: &str) -> bool {
        let restored = match core.strip_suffix('ت') {
            Some(base) => format!("{base}ه"),
            None => format!("{core}ه"),
        };
        self.is_known(&restored) || self.is_known(&format!("{core}ي"))
    }

    /// The least count of a part whose plain floor is `base`: `base`, or
    /// [`MIN_PART_PER_MILLION`] of the counted words when that is higher.
    /// A part whose ends are all sure word ends keeps `base` (rule 4).
    fn part_floor(&self, base: u32, sure: bool) -> f64 {
        let scaled = self.total as f64 * MIN_PART_PER_MILLION / 1e6;
        if sure {
            f64::from(base)
        } else {
            scaled.max(f64::from(base))
        }
    }

    /// The log count of a part of a split, when it may be one (rules 3
    /// and 4). `sure` tells whether each cut next to the part is a sure
    /// word end.
    fn part_weight(&self, part: &str, first: bool, sure: bool) -> Option<f64> {
        if first && GLUE_FIRST_WORDS.binary_search(&part).is_ok() {
            let count = self.count(part);
            if f64::from(count) >= self.part_floor(MIN_SHORT_PART_COUNT, sure) {
                return Some(f64::from(count).ln());
            }
        }
        let direct = self.long_part_count(part, sure);
        let clitic = part
            .strip_prefix('و')
            .filter(|rest| !first && !stopwords::is_stop_word(rest))
            .and_then(|rest| self.long_part_count(rest, sure));
        direct.max(clitic).map(|c| f64::from(c).ln())
    }

    /// The count of `part` when it may be a part: four letters or more,
    /// at least three after a leading ال (or وال بال فال كال لل), not a
    /// stop word, and count at least its floor ([`Lexicon::part_floor`]).
    fn long_part_count(&self, part: &str, sure: bool) -> Option<u32> {
        let count = self.count(part);
        let core = ["وال", "بال", "فال", "كال", "لل", "ال"]
            .iter()
            .find_map(|a| part.strip_prefix(a))
            .unwrap_or(part);
        let ok = part.chars().count() >= 4
            && core.chars().count() >= 3
            && !stopwords::is_stop_word(part)
            && f64::from(count) >= self.part_floor(MIN_PART_COUNT, sure);
        ok.then_some(count)
    }

    /// The best split of `word` (char offsets where parts 2 and 3 start),
    /// or `None` when it should not be split. A part may start only at a
    /// char offset `k` where `cut(k)` is not `None`.
    fn best_split(&self, word: &str, cut: impl Fn(usize) -> Option<Cut>) -> Option<Vec<usize>> {
        let bounds: Vec<usize> = word
            .char_indices()
            .map(|(b, _)| b)
            .chain(std::iter::once(word.len()))
            .collect();
        let n = bounds.len() - 1;
        if !(MIN_GLUED_LETTERS..=MAX_GLUED_LETTERS).contains(&n) || self.is_real_word(word) {
            return None;
        }
        let part = |a: usize, b: usize| word.get(bounds[a]..bounds[b]).unwrap_or_default();
        let cuts: Vec<Option<Cut>> = (0..=n).map(&cut).collect();
        let sure = |k: usize| k == 0 || k == n || cuts.get(k) == Some(&Some(Cut::Sure));
        let may_start = |k: usize| cuts.get(k).is_some_and(Option::is_some);
        let log_total = (self.total.max(1) as f64).ln();
        let mut best: Option<(f64, Vec<usize>)> = None;
        let mut consider = |score: f64, cuts: Vec<usize>| {
            if best.as_ref().is_none_or(|(s, _)| score > *s) {
                best = Some((score, cuts));
            }
        };
        for i in (2..=n.saturating_sub(2)).filter(|&i| may_start(i)) {
            let Some(w1) = self.part_weight(part(0, i), true, sure(i)) else {
                continue;
            };
            if let Some(w2) = self.part_weight(part(i, n), false, sure(i)) {
                consider(w1 + w2 - 2.0 * log_total, vec![i]);
            }
            for j in (i + 2..=n.saturating_sub(2)).filter(|&j| may_start(j)) {
                let Some(w2) = self.part_weight(part(i, j), false, sure(i) && sure(j)) else {
                    continue;
                };
                if let Some(w3) = self.part_weight(part(j, n), false, sure(j)) {
                    consider(w1 + w2 + w3 - 3.0 * log_total, vec![i, j]);
                }
            }
        }
        best.map(|(_, cuts)| cuts)
    }
}

/// What the display text says about a place where a part could start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cut {
    /// Nothing: the letters could as well be inside one word.
    Plain,
    /// The letter before is ة or ى, which only end words.
    Sure,
}

/// One token [`repair_glued`] split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GluedRepair {
    /// The token as it was, in display chars.
    pub original: String,
    /// The parts it was split into, in display chars; their concatenation
    /// is `original`.
    pub parts: Vec<String>,
    /// Char offset of the token in the input text (not the repaired one).
    pub start: usize,
}

/// Inserts spaces between glued Arabic words of `display`, and lists what it
/// split. Returns the text unchanged, and no repairs, when nothing is glued.
pub fn repair_glued(display: &str, lexicon: &Lexicon) -> (String, Vec<GluedRepair>) {
    let mut spaces_before: HashSet<usize> = HashSet::new();
    let mut repairs = Vec::new();
    let display_chars: Vec<char> = display.chars().collect();
    for token in tokenize(display) {
        if token.kind != TokenKind::Arabic {
            continue;
        }
        let Some(token_chars) = display_chars.get(token.start..token.end) else {
            continue;
        };
        let original: String = token_chars.iter().collect();
        // The token's text is the fold of its display chars, so this map
        // lines up with the token's match chars.
        let local = match_form(&original);
        let display_of = |k: usize| local.to_display.get(k).map(|&d| d as usize);
        let cut = |k: usize| {
            let d = display_of(k)?;
            let starts_a_letter = d > 0 && k.checked_sub(1).and_then(display_of) != Some(d);
            if !starts_a_letter || matches!(token_chars.get(d), Some('ى' | 'ة')) {
                return None;
            }
            // The letter before, not a diacritic on it.
            let before = k
                .checked_sub(1)
                .and_then(display_of)
                .and_then(|b| token_chars.get(b));
            Some(if matches!(before, Some('ى' | 'ة')) {
                Cut::Sure
            } else {
                Cut::Plain
            })
        };
        let Some(cuts) = lexicon.best_split(&token.text, cut) else {
            continue;
        };
        let points: Vec<usize> = cuts.iter().filter_map(|&c| display_of(c)).collect();
        if points.len() != cuts.len() {
            continue;
        }
        let mut parts = Vec::with_capacity(points.len() + 1);
        let mut from = 0;
        for &p in points.iter().chain(std::iter::once(&token_chars.len())) {
            parts.push(
                token_chars
                    .get(from..p)
                    .unwrap_or_default()
                    .iter()
                    .collect(),
            );
            from = p;
        }
        spaces_before.extend(points.iter().map(|p| token.start + p));
        repairs.push(GluedRepair {
            original,
            parts,
            start: token.start,
        });
    }
    if repairs.is_empty() {
        return (display.to_owned(), repairs);
    }
    let mut out = String::with_capacity(display.len() + 2 * spaces_before.len());
    for (i, c) in display_chars.iter().enumerate() {
        if spaces_before.contains(&i) {
            out.push(' ');
        }
        out.push(*c);
    }
    (out, repairs)
}

#[cfg(test)]
mod tests;
