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
//!    at least [`KNOWN_MIN`]); its Snowball stem, or the stem of what is
//!    left after one clitic و ف ب ل ك, is not the stem of a known word
//!    (وانتماءه stems to وانتماء, but انتماءه meets الانتماء); and
//!    stripping the common clitics and affixes ([`PREFIXES`], [`SUFFIXES`];
//!    ت or nothing back to ه, or ي added, after a suffix) does not leave a
//!    known word, alone or with ال in front. The suffixes include ية plus a
//!    pronoun (نجوميتهم is نجوم + يتهم, not نجوم + يتهم "accuses"). A glued
//!    form seen [`KNOWN_MIN`] times in the corpus counts as a word,
//!    unless every part of its split is [`OWN_COUNT_RATIO`] times as
//!    frequent: one scraper loses the same space in several articles
//!    (الأممالمتحدة twice in a day's feed, الأمم and المتحدة hundreds of
//!    times). Only *other* words are evidence of a real form: the word's
//!    own occurrences are left out of its stem's count, and a variant that
//!    spells the word itself again is skipped.
//!    A split never cuts a compound written as one word: after
//!    [`COMPOUND_FIRST`] (عبدالمجيد، أبوظبي) or before [`COMPOUND_LAST`]
//!    (أربعمائة).
//! 3. It splits into two or three parts, each a known word of at least
//!    four letters. A part may be the clitic و plus such a word
//!    (موسكووواشنطن → موسكو + وواشنطن, وأمراللواء → وأمر + اللواء). No
//!    part, nor its word after و, may be a stop word (انها، اليه look like
//!    suffixes of one word: يستحضرانها), and a part with ال (or وال بال فال
//!    كال لل) needs three letters after it (الان|تشاء، بالم|عاصي are one
//!    word each). Only the first part may be short: one of
//!    [`GLUE_FIRST_WORDS`] (كمارفعت → كما رفعت). No part may start with ى
//!    or ة, which only end words (المرضىقام is المرضى + قام, not المرض +
//!    ىقام).
//! 4. Each part is frequent as a token of its own: its count is at least
//!    [`MIN_PART_PER_MILLION`] per million counted words, and at least
//!    [`MIN_PART_COUNT`] ([`MIN_SHORT_PART_COUNT`] for a short first part).
//!    The first floor is waived for a part whose cuts are all *marked*: the
//!    letter before the cut is ة or ى (they only end words), or the part
//!    starts like a word, with ال or a hamza alef أ إ آ (الليبيةجددت,
//!    للكاتبالأمير, زايدأصدر). Counts are of whole tokens, never of
//!    substrings. Below about 180,000 counted words (the builtin lexicon
//!    alone, a few articles) the scaled floor is under [`MIN_PART_COUNT`]
//!    and only that one applies.
//!
//! # Why these rules (measured)
//!
//! Measured by hand on the first 2,000 SaudiNewsNet articles of 2015-07-21
//! (815,000 counted words): with a fixed floor of three for every part the
//! splitter made 62 splits, 11 of them wrong (82% right): transliterated
//! compounds (يوروستار، سكوتلاند، غراندستاند، يونغستون، الغاردينيا،
//! الميلودراما) and rare inflected words (وأحببناه، نجوميتهم، القرضابية،
//! وورشفانة، أوزارها). Their parts were counted 3 to 14 times, except يورو
//! (225) and نجوم (55); the rare part of a right split plain-cut was
//! counted 15 or more, except للكاتب (13), a site's byline. The scaled
//! floor of rule 4 (17 per million: 14 there) removes all eleven. A
//! unigram score (the product of the parts' frequencies against one
//! unknown-word probability) does not separate them: يورو × ستار scores
//! above many right splits (للكاتب × عيدكم), so the floor is on the rarest
//! part. The marked cuts give back right splits with a rare part without
//! bringing a wrong one back: a loanword is spelt with plain alef, not ة ى
//! or أ inside, and ال inside a word seldom starts a known word after a
//! known four-letter one. Result on that sample: 42 splits, all right.
//! With recurring glued forms split when their parts dominate and
//! compounds kept whole, the same sample gives 54 splits, all right on a
//! hand check (the recurring ones added: أوالأوروبية، وتظهرالصور،
//! وأكبرالشركات، الجمهوروالاستمتاع، الكبيرمؤشر، أوبخاري).
//! On the next day (2015-07-22, held out): 48 splits, one wrong
//! (الفرنسيسكان, Franciscans, split into الفرنسي + سكان, both frequent);
//! the old rule made 66 there, with at least six wrong.
//!
//! Short parts and three parts made most wrong splits of earlier versions
//! (سي|تعاون، ال|لا|شعبية، كاس|تي|لان), hence the four-letter floor.
//!
//! Among the splits that qualify, the best is the one a unigram language
//! model finds likeliest: the highest product of the parts' relative
//! frequencies `count(part) / total`, where a و+word part takes the count of
//! its word if higher. Each extra part costs a factor `count / total`, far
//! below one, so two parts win over three unless the three are much more
//! frequent.
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
//! the corpus being processed ([`Lexicon::add_texts`]: a whole corpus, on
//! every core); for frequent words they soon dominate.
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

use std::collections::HashSet;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use rustc_hash::FxHashMap;

use crate::lang::Lang;
use crate::normalize::{fold, match_form};
use crate::script::{Script, script_of};
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

/// First parts that make one word with what follows: names written joined
/// (عبدالمجيد، وعبدالله، أبوظبي), in match form. A split after one of
/// them, with or without a clitic و ب ل ف, is never made.
pub const COMPOUND_FIRST: &[&str] = &["ابو", "بو", "عبد"];

/// Last parts that make one word with what comes before: hundreds written
/// joined (أربعمائة، ثلاثمئة), in match form.
pub const COMPOUND_LAST: &[&str] = &["ماءه", "مءه"];

/// Whether a split of a word whose first part is `first` and last part is
/// `last` would cut a compound written as one word.
fn cuts_a_compound(first: &str, last: &str) -> bool {
    let first = ["و", "ب", "ل", "ف"]
        .iter()
        .find_map(|c| first.strip_prefix(c))
        .filter(|f| COMPOUND_FIRST.contains(f))
        .unwrap_or(first);
    COMPOUND_FIRST.contains(&first) || COMPOUND_LAST.contains(&last)
}

/// How much more frequent than a recurring glued form each of its parts
/// must be for the form to be split anyway (see [`KNOWN_MIN`]).
pub const OWN_COUNT_RATIO: f64 = 5.0;
/// The least count of a part of four letters or more.
pub const MIN_PART_COUNT: u32 = 3;
/// The least count of a short first part ([`GLUE_FIRST_WORDS`]).
pub const MIN_SHORT_PART_COUNT: u32 = 50;
/// The least frequency of a part, in occurrences per million counted
/// words, unless the cuts next to it are marked word boundaries (rule 4 of
/// the module docs). With [`MIN_PART_COUNT`] this is the part's count floor:
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
    /// Each word's count, its index in `stems`, and whether it could split
    /// at all (valid once `split_flags` is set).
    words: FxHashMap<String, (u32, usize, SplitFlag)>,
    /// Stem counts, by index; `stem_index` finds a stem's index.
    stems: Vec<u32>,
    stem_index: FxHashMap<String, usize>,
    total: u64,
    /// Set once every word's [`SplitFlag`] is worked out
    /// ([`Lexicon::may_split`]): on first use after the last change (at the
    /// end of [`Lexicon::add_texts`]).
    split_flags: OnceLock<()>,
}

/// Whether a known word could split at all, letting a part start anywhere
/// ([`Lexicon::may_split`]). Kept beside the word's count so that asking
/// costs the one look-up of the word; set for all words at once, through a
/// shared reference, by [`Lexicon::set_split_flags`].
#[derive(Debug, Default)]
struct SplitFlag(AtomicBool);

impl SplitFlag {
    fn get(&self) -> bool {
        // `Lexicon::split_flags` orders the stores before any load.
        self.0.load(Ordering::Relaxed)
    }

    fn set(&self, splits: bool) {
        self.0.store(splits, Ordering::Relaxed);
    }
}

impl Clone for SplitFlag {
    fn clone(&self) -> Self {
        SplitFlag(AtomicBool::new(self.get()))
    }
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

    /// Counts every Arabic word of `display_text` once (the match forms of
    /// its Arabic tokens, found without building the tokens).
    pub fn add_text(&mut self, display_text: &str) {
        for word in arabic_words(&fold(display_text)) {
            self.add_word(word, 1);
        }
    }

    /// Counts every Arabic word of each display text, as [`Lexicon::add_text`]
    /// on each in turn would, but on every core: the texts are counted in
    /// parallel, and each distinct new word is stemmed once, in parallel.
    /// What [`repair_glued`] asks of every known word is then worked out,
    /// in parallel too.
    pub fn add_texts<T: AsRef<str> + Sync>(&mut self, display_texts: &[T]) {
        use rayon::prelude::*;
        // A few large pieces per thread: each piece's map is merged once.
        let pieces = 4 * rayon::current_num_threads().max(1);
        let piece_len = display_texts.len().div_ceil(pieces).max(1);
        let counts = display_texts
            .par_chunks(piece_len)
            .map(|texts| {
                let mut counts = FxHashMap::default();
                for text in texts {
                    count_words(&mut counts, text.as_ref());
                }
                counts
            })
            .reduce(FxHashMap::default, merge_counts);
        // The order words are added in changes only how stems are
        // numbered, never a count.
        let counts: Vec<(String, u32)> = counts.into_iter().collect();
        let stems: Vec<Option<String>> = counts
            .par_iter()
            .map(|(word, _)| (!self.words.contains_key(word)).then(|| stem(word, Lang::Arabic)))
            .collect();
        for ((word, n), stem) in counts.into_iter().zip(stems) {
            self.add_stemmed(word, n, stem);
        }
        // Texts counted in bulk are about to be repaired, on every core: a
        // first use inside that parallel work would work the set out on
        // one core while the others wait for it.
        self.set_split_flags();
    }

    /// Adds `n` to the count of one match-form word.
    pub fn add_word(&mut self, word_match_form: &str, n: u32) {
        if word_match_form.is_empty() || n == 0 {
            return;
        }
        let stem = (!self.words.contains_key(word_match_form))
            .then(|| stem(word_match_form, Lang::Arabic));
        self.add_stemmed(word_match_form.to_owned(), n, stem);
    }

    /// Adds `n` to the count of `word`, whose stem is `stem` when `word` is
    /// not in the lexicon yet (`None` when it is).
    fn add_stemmed(&mut self, word: String, n: u32, stem: Option<String>) {
        if word.is_empty() || n == 0 {
            return;
        }
        self.split_flags = OnceLock::new();
        let stem_at = match (self.words.get_mut(&word), stem) {
            (Some((count, stem_at, _)), _) => {
                *count = count.saturating_add(n);
                *stem_at
            }
            (None, stem) => {
                // Only `add_word` and `add_texts` call this, with a stem
                // for every new word; stemming here keeps it right anyway.
                let stem = stem.unwrap_or_else(|| crate::stem::stem(&word, Lang::Arabic));
                let next = self.stems.len();
                let stem_at = *self.stem_index.entry(stem).or_insert(next);
                if stem_at == next {
                    self.stems.push(0);
                }
                self.words.insert(word, (n, stem_at, SplitFlag::default()));
                stem_at
            }
        };
        if let Some(count) = self.stems.get_mut(stem_at) {
            *count = count.saturating_add(n);
        }
        self.total = self.total.saturating_add(u64::from(n));
    }

    /// Whether `word` (match form) could split at all, letting a part start
    /// anywhere: a cheap superset of the words [`repair_glued`] splits. For
    /// known words the answer comes from a set computed once per lexicon.
    fn may_split(&self, word: &str) -> bool {
        // Checked before any look-up: most words are too short or too long
        // to split ([`Lexicon::best_split`] splits none of them).
        if !(MIN_GLUED_LETTERS..=MAX_GLUED_LETTERS).contains(&word.chars().count()) {
            return false;
        }
        match self.words.get(word) {
            None => self.splits(word),
            Some((_, _, flag)) => {
                self.set_split_flags();
                flag.get()
            }
        }
    }

    /// Whether `word` splits when a part may start anywhere.
    fn splits(&self, word: &str) -> bool {
        self.best_split(word, |_| Some(Cut::Marked)).is_some()
    }

    /// Works out whether each known word could split at all, on every core,
    /// on first use after the last change.
    fn set_split_flags(&self) {
        self.split_flags.get_or_init(|| {
            use rayon::prelude::*;
            let words: Vec<(&String, &SplitFlag)> =
                self.words.iter().map(|(w, (_, _, f))| (w, f)).collect();
            words
                .into_par_iter()
                .for_each(|(w, flag)| flag.set(self.splits(w)));
        });
    }

    /// The count of one match-form word (0 when unknown).
    pub fn count(&self, word_match_form: &str) -> u32 {
        self.words
            .get(word_match_form)
            .map_or(0, |&(count, _, _)| count)
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
        self.is_known(word_match_form) || self.has_real_form(word_match_form)
    }

    /// Whether `word` is a known word's inflection or clitic form, counting
    /// only other words: the word's own occurrences are left out, so that
    /// a glued form the corpus holds twice (one scraper, two articles) is
    /// not its own evidence.
    fn has_real_form(&self, word: &str) -> bool {
        let own = self.count(word);
        if self.stem_count(word).saturating_sub(own) >= KNOWN_MIN {
            return true;
        }
        // The stemmer keeps a conjunction or preposition on a word without
        // ال (وانتماءه stems to وانتماء); try the word without it.
        let clitic_stem_known = ["و", "ف", "ب", "ل", "ك"]
            .iter()
            .filter_map(|c| word.strip_prefix(c))
            .any(|rest| self.stem_is_known(rest));
        if clitic_stem_known {
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
                // Only other words are evidence: a variant that spells the
                // word itself again (ال + core, core + ه) is skipped.
                let other = |w: &str| w != word && self.is_known(w);
                if self.is_known(core) || (!core.starts_with("ال") && other(&format!("ال{core}")))
                {
                    return true;
                }
                if !suffix.is_empty() && self.core_variants(core).iter().any(|v| other(v)) {
                    return true;
                }
            }
        }
        false
    }

    /// Whether `word` has a Snowball stem of three letters or more that
    /// known words have.
    fn stem_is_known(&self, word: &str) -> bool {
        self.stem_count(word) >= KNOWN_MIN
    }

    /// How many counted words share `word`'s Snowball stem (0 for stems
    /// under three letters).
    fn stem_count(&self, word: &str) -> u32 {
        let stem = stem(word, Lang::Arabic);
        if stem.chars().count() < 3 {
            return 0;
        }
        self.stem_index
            .get(&stem)
            .and_then(|&i| self.stems.get(i))
            .copied()
            .unwrap_or(0)
    }

    /// The spellings `core` (a word with a suffix taken off) may have as a
    /// word of its own: its ة restored (حكومت → حكومه, حكوم + ات → حكومه)
    /// or its ي (مستشف + ات → مستشفي).
    fn core_variants(&self, core: &str) -> [String; 2] {
        let restored = match core.strip_suffix('ت') {
            Some(base) => format!("{base}ه"),
            None => format!("{core}ه"),
        };
        [restored, format!("{core}ي")]
    }

    /// The least count of a part whose plain floor is `base`: `base`, or
    /// [`MIN_PART_PER_MILLION`] of the counted words when that is higher.
    /// A part whose cuts are all marked ([`Cut::Marked`]) keeps `base`
    /// (rule 4).
    fn part_floor(&self, base: u32, marked: bool) -> f64 {
        let scaled = self.total as f64 * MIN_PART_PER_MILLION / 1e6;
        if marked {
            f64::from(base)
        } else {
            scaled.max(f64::from(base))
        }
    }

    /// The log count of a part of a split, when it may be one (rules 3
    /// and 4). `marked` tells whether each cut next to the part is
    /// [`Cut::Marked`].
    fn part_weight(&self, part: &str, first: bool, marked: bool) -> Option<f64> {
        if first && GLUE_FIRST_WORDS.binary_search(&part).is_ok() {
            let count = self.count(part);
            if f64::from(count) >= self.part_floor(MIN_SHORT_PART_COUNT, marked) {
                return Some(f64::from(count).ln());
            }
        }
        let direct = self.long_part_count(part, marked);
        let clitic = part
            .strip_prefix('و')
            .filter(|rest| !stopwords::is_stop_word(rest))
            .and_then(|rest| self.long_part_count(rest, marked));
        direct.max(clitic).map(|c| f64::from(c).ln())
    }

    /// The count of `part` when it may be a part: four letters or more,
    /// at least three after a leading ال (or وال بال فال كال لل), not a
    /// stop word, and count at least its floor ([`Lexicon::part_floor`]).
    fn long_part_count(&self, part: &str, marked: bool) -> Option<u32> {
        let count = self.count(part);
        let core = ["وال", "بال", "فال", "كال", "لل", "ال"]
            .iter()
            .find_map(|a| part.strip_prefix(a))
            .unwrap_or(part);
        let ok = part.chars().count() >= 4
            && core.chars().count() >= 3
            && !stopwords::is_stop_word(part)
            && f64::from(count) >= self.part_floor(MIN_PART_COUNT, marked);
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
        if !(MIN_GLUED_LETTERS..=MAX_GLUED_LETTERS).contains(&n) {
            return None;
        }
        // A token the corpus holds [`KNOWN_MIN`] times or more is a word,
        // unless each part of its split is [`OWN_COUNT_RATIO`] times as
        // frequent: the same glued form recurs when one scraper lost the
        // same space in several articles.
        let own = f64::from(self.count(word));
        let least_part = if own >= f64::from(KNOWN_MIN) {
            (own * OWN_COUNT_RATIO).ln()
        } else {
            f64::MIN
        };
        let part = |a: usize, b: usize| word.get(bounds[a]..bounds[b]).unwrap_or_default();
        let cuts: Vec<Option<Cut>> = (0..=n).map(&cut).collect();
        let marked = |k: usize| k == 0 || k == n || cuts.get(k) == Some(&Some(Cut::Marked));
        let may_start = |k: usize| cuts.get(k).is_some_and(Option::is_some);
        let log_total = (self.total.max(1) as f64).ln();
        let mut best: Option<(f64, Vec<usize>)> = None;
        let mut consider = |score: f64, cuts: Vec<usize>| {
            if best.as_ref().is_none_or(|(s, _)| score > *s) {
                best = Some((score, cuts));
            }
        };
        for i in (2..=n.saturating_sub(2)).filter(|&i| may_start(i)) {
            if cuts_a_compound(part(0, i), part(i, n)) {
                continue;
            }
            let Some(w1) = self
                .part_weight(part(0, i), true, marked(i))
                .filter(|&w| w >= least_part)
            else {
                continue;
            };
            if let Some(w2) = self
                .part_weight(part(i, n), false, marked(i))
                .filter(|&w| w >= least_part)
            {
                consider(w1 + w2 - 2.0 * log_total, vec![i]);
            }
            for j in (i + 2..=n.saturating_sub(2)).filter(|&j| may_start(j)) {
                let Some(w2) = self
                    .part_weight(part(i, j), false, marked(i) && marked(j))
                    .filter(|&w| w >= least_part)
                else {
                    continue;
                };
                if cuts_a_compound(part(i, j), part(j, n)) {
                    continue;
                }
                if let Some(w3) = self
                    .part_weight(part(j, n), false, marked(j))
                    .filter(|&w| w >= least_part)
                {
                    consider(w1 + w2 + w3 - 3.0 * log_total, vec![i, j]);
                }
            }
        }
        // Whether the word is a real form needs the stemmer: asked last,
        // only of the few words that split at all.
        best.filter(|_| !self.has_real_form(word))
            .map(|(_, cuts)| cuts)
    }
}

/// What the display text says about a place where a part could start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cut {
    /// Nothing: the letters could as well be inside one word.
    Plain,
    /// The letter before is ة or ى, which only end words, or the part
    /// starts like a word: ال, or a hamza alef (أ إ آ).
    Marked,
}

/// The Arabic words of a match-form text: its runs of Arabic letters, the
/// same runs [`tokenize`] makes Arabic tokens of.
fn arabic_words(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| script_of(c) != Some(Script::Arabic))
        .filter(|w| !w.is_empty())
}

/// Adds one to `counts` for each Arabic word of `display_text` (match form).
fn count_words(counts: &mut FxHashMap<String, u32>, display_text: &str) {
    for word in arabic_words(&fold(display_text)) {
        match counts.get_mut(word) {
            Some(count) => *count = count.saturating_add(1),
            None => {
                counts.insert(word.to_owned(), 1);
            }
        }
    }
}

/// The sum of two word counts: the smaller map is added into the larger.
fn merge_counts(a: FxHashMap<String, u32>, b: FxHashMap<String, u32>) -> FxHashMap<String, u32> {
    let (mut into, from) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    for (word, n) in from {
        let count = into.entry(word).or_insert(0);
        *count = count.saturating_add(n);
    }
    into
}

/// One token [`repair_glued`] split.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
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
    // Nearly every text has nothing glued: find that out on the match form
    // alone, letting a part start anywhere (a superset of what the display
    // text allows), before any per-token work.
    let any_candidate = arabic_words(&fold(display)).any(|word| lexicon.may_split(word));
    if !any_candidate {
        return (display.to_string(), Vec::new());
    }
    let mut spaces_before: HashSet<usize> = HashSet::new();
    let mut repairs = Vec::new();
    let display_chars: Vec<char> = display.chars().collect();
    for token in tokenize(display) {
        // Most tokens are too short to be two words: skip them before any
        // allocation.
        if token.kind != TokenKind::Arabic || token.text.chars().count() < MIN_GLUED_LETTERS {
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
            let starts_word = matches!(token_chars.get(d), Some('أ' | 'إ' | 'آ'))
                || (token_chars.get(d) == Some(&'ا') && token_chars.get(d + 1) == Some(&'ل'));
            Some(if matches!(before, Some('ى' | 'ة')) || starts_word {
                Cut::Marked
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
