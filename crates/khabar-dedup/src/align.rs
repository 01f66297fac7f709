//! Passage alignment: the stretches of text two articles share.
//!
//! Both texts are split into words and numbers of the match form by
//! `khabar_text::tokenize` (diacritics and tatweel never split a word;
//! Arabic and Latin script only). Every run of
//! [`AlignParams::seed_words`] consecutive words is a *seed*, hashed with
//! xxh3. Seeds of `a` that occur in `b` are chained in reading order into
//! passages: the next seed extends a passage when it lies at most
//! [`AlignParams::max_gap`] words past the passage's last seed in both texts
//! and the two skips differ by at most `max_gap` words, which tolerates a
//! spelling variant the match form does not fold (الأميركي / الأمريكي), a
//! changed word, glued words, or a dropped short clause. Passages shorter
//! than [`AlignParams::min_words`] words on either side are dropped, and of
//! two passages that overlap on one side the one with more matched words
//! is kept.
//!
//! Offsets are char (Unicode scalar) offsets into each *display* text; a
//! passage starts at the first char of its first word and ends after the
//! last char (with its trailing diacritics) of its last word.
//!
//! Defaults ([`AlignParams::default`]): 4-word seeds, gaps up to 6 words,
//! passages of at least 12 words: on real articles (SaudiNewsNet) shorter
//! shared runs are mostly officials' titles ("ولي العهد نائب رئيس مجلس
//! الوزراء وزير الداخلية") and set phrases, not reuse. Only the first
//! [`AlignParams::max_words`] words of each text are aligned, which bounds
//! time and memory on a 100 MB text.
//!
//! Does not: decide which article copied which (see [`crate::find_reuse`]).

use rustc_hash::FxHashMap;
use std::ops::{ControlFlow, Range};

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

use khabar_text::for_each_token;

/// A passage two texts share.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Passage {
    /// Char offset of the passage's start in the display text of `a`.
    pub a_start: usize,
    /// Char offset just past its end in `a`.
    pub a_end: usize,
    /// Char offset of its start in the display text of `b`.
    pub b_start: usize,
    /// Char offset just past its end in `b`.
    pub b_end: usize,
    /// The passage as `a` shows it (`a[a_start..a_end]` in chars).
    pub text: String,
    /// Words covered by matching seeds over the passage's length in words
    /// (the longer side): 1.0 for a verbatim copy.
    pub score: f64,
}

/// Alignment settings; see the module doc for the defaults' reasons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlignParams {
    /// Words per seed.
    pub seed_words: usize,
    /// Largest skip, in words, between two chained seeds (beyond the seed
    /// length) and largest difference between the skips in `a` and `b`.
    pub max_gap: usize,
    /// Shortest passage kept, in words, on both sides.
    pub min_words: usize,
    /// Seeds occurring more often than this within one text (repeated
    /// phrases) are not used.
    pub max_repeats: usize,
    /// Only this many leading words of each text are aligned.
    pub max_words: usize,
}

impl Default for AlignParams {
    fn default() -> Self {
        AlignParams {
            seed_words: 4,
            max_gap: 6,
            min_words: 12,
            max_repeats: 8,
            max_words: 200_000,
        }
    }
}

/// Seed hash -> the word positions where it starts in one text, in
/// increasing order (looked up for every seed of the other text: a fast
/// hash, not SipHash). The positions of all seeds share one list, so
/// building it allocates twice, not once per seed.
#[derive(Debug, Clone, Default)]
pub(crate) struct SeedPositions {
    /// Seed -> where its positions start in `positions`, and how many.
    at: FxHashMap<u64, (u32, u32)>,
    positions: Vec<u32>,
}

impl SeedPositions {
    /// The positions of the seeds of one text (`seeds[j]` starts at word
    /// `j`) for which `keep` is true.
    pub(crate) fn of(seeds: &[u64], keep: impl Fn(u64) -> bool) -> Self {
        let mut at: FxHashMap<u64, (u32, u32)> = FxHashMap::default();
        at.reserve(seeds.len());
        for &s in seeds.iter().filter(|&&s| keep(s)) {
            at.entry(s).or_default().1 += 1;
        }
        let mut next = 0u32;
        for (start, count) in at.values_mut() {
            *start = next;
            next += std::mem::take(count);
        }
        let mut positions = vec![0u32; next as usize];
        for (j, s) in seeds.iter().enumerate() {
            if let Some((start, count)) = at.get_mut(s) {
                if let Some(slot) = positions.get_mut((*start + *count) as usize) {
                    *slot = j as u32;
                }
                *count += 1;
            }
        }
        SeedPositions { at, positions }
    }

    /// The positions where `seed` starts, none when it is not in the text.
    pub(crate) fn get(&self, seed: &u64) -> Option<&[u32]> {
        let &(start, count) = self.at.get(seed)?;
        self.positions
            .get(start as usize..start as usize + count as usize)
    }

    /// True when `seed` is in the text.
    pub(crate) fn contains_key(&self, seed: &u64) -> bool {
        self.at.contains_key(seed)
    }
}

/// The words of one text: match-form hashes and display char spans (and
/// the same spans in bytes, so a passage's text is sliced, not counted out
/// char by char from the text's start).
#[derive(Debug, Clone, Default)]
pub(crate) struct Words {
    pub(crate) hashes: Vec<u64>,
    pub(crate) spans: Vec<Range<u32>>,
    pub(crate) bytes: Vec<Range<u32>>,
}

impl Words {
    fn len(&self) -> usize {
        self.hashes.len()
    }

    /// The seed hash starting at every word position that has a full seed.
    pub(crate) fn seeds(&self, n: usize) -> Vec<u64> {
        let n = n.max(1);
        // The words' hashes, little-endian, back to back: on the stack for
        // seeds of up to `STACK_SEED_WORDS` words (the default is 4).
        let mut stack = [0u8; STACK_SEED_WORDS * 8];
        let mut heap = Vec::new();
        let bytes: &mut [u8] = match stack.get_mut(..n * 8) {
            Some(bytes) => bytes,
            None => {
                heap.resize(n * 8, 0);
                &mut heap
            }
        };
        self.hashes
            .windows(n)
            .map(|w| {
                for (slot, h) in bytes.chunks_exact_mut(8).zip(w) {
                    slot.copy_from_slice(&h.to_le_bytes());
                }
                xxh3_64(bytes)
            })
            .collect()
    }
}

/// Longest seed, in words, whose bytes [`Words::seeds`] hashes from the
/// stack.
const STACK_SEED_WORDS: usize = 8;

/// The words and numbers of `display` (`khabar_text::tokenize`), at most
/// `max_words` of them: only a prefix of `MAX_CHARS_PER_WORD * max_words`
/// chars is tokenized, which bounds the work on a huge text.
pub(crate) fn words(display: &str, max_words: usize) -> Words {
    let max_chars = max_words.saturating_mul(MAX_CHARS_PER_WORD);
    // A text of at most `max_chars` bytes has at most that many chars.
    let prefix = if display.len() > max_chars {
        match display.char_indices().nth(max_chars) {
            Some((byte, _)) => display.get(..byte).unwrap_or(display),
            None => display,
        }
    } else {
        display
    };
    // About one word per 6 bytes of Arabic news text.
    let guess = (prefix.len() / 6).min(max_words);
    let mut out = Words {
        hashes: Vec::with_capacity(guess),
        spans: Vec::with_capacity(guess),
        bytes: Vec::with_capacity(guess),
    };
    for_each_token(prefix, |t| {
        if out.hashes.len() >= max_words {
            return ControlFlow::Break(());
        }
        out.hashes.push(xxh3_64(t.text.as_bytes()));
        out.spans.push(t.chars.start as u32..t.chars.end as u32);
        out.bytes.push(t.bytes.start as u32..t.bytes.end as u32);
        ControlFlow::Continue(())
    });
    out
}

/// Generous chars per word (with its spaces and punctuation) for the
/// tokenized prefix of [`words`].
const MAX_CHARS_PER_WORD: usize = 32;

/// A passage in word positions, before it is mapped to chars.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct WordPassage {
    pub(crate) a: Range<usize>,
    pub(crate) b: Range<usize>,
    last: (usize, usize),
    covered_to: usize,
    pub(crate) matched: usize,
}

impl WordPassage {
    fn new(i: usize, j: usize, n: usize) -> Self {
        WordPassage {
            a: i..i + n,
            b: j..j + n,
            last: (i, j),
            covered_to: i + n,
            matched: n,
        }
    }

    /// Adds the seed at (`i`, `j`) if it continues this passage.
    fn extend(&mut self, i: usize, j: usize, n: usize, gap: usize) -> bool {
        let (li, lj) = self.last;
        if i < li || j < lj || (i == li && j == lj) {
            return false;
        }
        let (di, dj) = (i - li, j - lj);
        if di.min(dj) > n + gap || di.abs_diff(dj) > gap {
            return false;
        }
        self.matched += (i + n).saturating_sub(i.max(self.covered_to));
        self.covered_to = self.covered_to.max(i + n);
        self.a.end = self.a.end.max(i + n);
        self.b.end = self.b.end.max(j + n);
        self.last = (i, j);
        true
    }

    fn words(&self) -> usize {
        self.a.len().max(self.b.len())
    }
}

/// The passages `a` and `b` share, in word positions, ordered by `a`.
pub(crate) fn align_words(a: &Words, b: &Words, p: &AlignParams) -> Vec<WordPassage> {
    let n = p.seed_words.max(1);
    if a.len() < n || b.len() < n {
        return Vec::new();
    }
    let in_b = SeedPositions::of(&b.seeds(n), |_| true);
    align_seeds(a, &a.seeds(n), b, &in_b, p)
}

/// Chains the seeds of `a` found in `in_b` (seed -> positions in `b`),
/// widens the chains over matching words at both ends, keeps the best.
pub(crate) fn align_seeds(
    a: &Words,
    a_seeds: &[u64],
    b: &Words,
    in_b: &SeedPositions,
    p: &AlignParams,
) -> Vec<WordPassage> {
    let n = p.seed_words.max(1);
    let mut open: Vec<WordPassage> = Vec::new();
    let mut done: Vec<WordPassage> = Vec::new();
    for (i, s) in a_seeds.iter().enumerate() {
        let Some(js) = in_b.get(s) else { continue };
        if js.len() > p.max_repeats {
            continue;
        }
        // Passages that can no longer be extended are closed: a seed extends
        // one by at most `n + gap` words on the shorter side plus `gap` more.
        // Both lists keep their order (ties in `keep_best` go by it).
        done.extend(open.extract_if(.., |w| i > w.last.0 + n + 2 * p.max_gap));
        for &j in js {
            let j = j as usize;
            let extended = open.iter_mut().rev().any(|w| w.extend(i, j, n, p.max_gap));
            if !extended {
                open.push(WordPassage::new(i, j, n));
            }
        }
    }
    done.extend(open);
    for w in &mut done {
        widen(w, &a.hashes, &b.hashes);
    }
    keep_best(done, p.min_words)
}

/// Extends a passage backwards and forwards over equal words, stepping over
/// one differing word when the word after it (or before it) is equal again:
/// a seed cannot cover the words next to a variant near the passage's ends.
fn widen(w: &mut WordPassage, a: &[u64], b: &[u64]) {
    let same = |i: usize, j: usize| matches!((a.get(i), b.get(j)), (Some(x), Some(y)) if x == y);
    loop {
        let (s, t) = (w.a.start, w.b.start);
        let step = if s >= 1 && t >= 1 && same(s - 1, t - 1) {
            1
        } else if s >= 2 && t >= 2 && same(s - 2, t - 2) {
            2
        } else {
            break;
        };
        w.a.start -= step;
        w.b.start -= step;
        w.matched += 1;
    }
    loop {
        let (e, f) = (w.a.end, w.b.end);
        let step = if same(e, f) {
            1
        } else if same(e + 1, f + 1) {
            2
        } else {
            break;
        };
        w.a.end += step;
        w.b.end += step;
        w.matched += 1;
    }
}

/// Drops short passages and, of passages overlapping on either side, keeps
/// the one with more matched words. Returns them ordered by `a`.
fn keep_best(mut passages: Vec<WordPassage>, min_words: usize) -> Vec<WordPassage> {
    passages.retain(|w| w.a.len() >= min_words && w.b.len() >= min_words);
    passages.sort_by(|x, y| y.matched.cmp(&x.matched).then(x.a.start.cmp(&y.a.start)));
    let mut kept: Vec<WordPassage> = Vec::new();
    for w in passages {
        let clash = kept
            .iter()
            .any(|k| overlaps(&k.a, &w.a) || overlaps(&k.b, &w.b));
        if !clash {
            kept.push(w);
        }
    }
    kept.sort_by_key(|w| (w.a.start, w.b.start));
    kept
}

fn overlaps(x: &Range<usize>, y: &Range<usize>) -> bool {
    x.start < y.end && y.start < x.end
}

/// Maps a word passage to display char offsets and text.
pub(crate) fn to_passage(
    w: &WordPassage,
    a_words: &Words,
    b_words: &Words,
    a_display: &str,
) -> Option<Passage> {
    let a_start = a_words.spans.get(w.a.start)?.start as usize;
    let a_end = a_words.spans.get(w.a.end.checked_sub(1)?)?.end as usize;
    let b_start = b_words.spans.get(w.b.start)?.start as usize;
    let b_end = b_words.spans.get(w.b.end.checked_sub(1)?)?.end as usize;
    // The display text's chars `a_start..a_end` (none when reversed).
    let from = a_words.bytes.get(w.a.start)?.start as usize;
    let to = a_words.bytes.get(w.a.end.checked_sub(1)?)?.end as usize;
    let text = a_display.get(from..to).unwrap_or("").to_owned();
    Some(Passage {
        a_start,
        a_end,
        b_start,
        b_end,
        text,
        score: w.matched as f64 / w.words().max(1) as f64,
    })
}

/// The passages the display texts `a` and `b` share, ordered by their
/// position in `a`, with the default [`AlignParams`].
///
/// ```
/// let a = "قال المتحدث باسم الرئاسة إن الرئيس سيستقبل نظيره القادم من الأردن لبحث العلاقات الثنائية. وفي شأن آخر ارتفعت الأسعار.";
/// let b = "وفي الرياض، أكد المتحدث بإسم الرئاسة أن الرئيس سيستقبل نظيره القادم من الاردن لبحث العلاقات الثنائيّة يوم الأحد.";
/// let p = khabar_dedup::align(a, b);
/// assert_eq!(p.len(), 1);
/// assert_eq!(p[0].text, "المتحدث باسم الرئاسة إن الرئيس سيستقبل نظيره القادم من الأردن لبحث العلاقات الثنائية");
/// ```
pub fn align(a: &str, b: &str) -> Vec<Passage> {
    align_with(a, b, &AlignParams::default())
}

/// [`align`] with explicit parameters.
pub fn align_with(a: &str, b: &str, params: &AlignParams) -> Vec<Passage> {
    let (wa, wb) = (words(a, params.max_words), words(b, params.max_words));
    align_words(&wa, &wb, params)
        .iter()
        .filter_map(|w| to_passage(w, &wa, &wb, a))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str, r: Range<usize>) -> String {
        s.chars().skip(r.start).take(r.len()).collect()
    }

    #[test]
    fn words_split_on_space_and_punctuation_and_keep_diacritics_inside() {
        let s = "قالَ: «الأمم المتحدة»، اليوم";
        let w = words(s, usize::MAX);
        let spans: Vec<String> = w
            .spans
            .iter()
            .map(|r| chars(s, r.start as usize..r.end as usize))
            .collect();
        assert_eq!(spans, ["قالَ", "الأمم", "المتحدة", "اليوم"]);
        let bytes: Vec<&str> = w
            .bytes
            .iter()
            .map(|r| &s[r.start as usize..r.end as usize])
            .collect();
        assert_eq!(bytes, spans);
        assert_eq!(w.hashes[0], words("قال", 9).hashes[0]);
        assert_eq!(words(s, 2).hashes.len(), 2);
    }

    /// Writes `passage` into two different articles, with spelling variants
    /// in the copy, and checks the exact offsets of what is found.
    #[test]
    fn finds_an_inserted_passage_with_variants_at_its_exact_offsets() {
        let wire = "أكد وزير الخارجية الأميركي أن الولايات المتحدة ستواصل دعم جهود \
            الأمم المتحدة لإيجاد حل سياسي للأزمة في سورية، مشدّداً على ضرورة وقف إطلاق النار";
        let copy = "اكد وزير الخارجية الأمريكي أن الولايات المتحدة ستواصل دعم جهود \
            الامم المتحدة لإيجاد حل سياسي للأزمة في سوريا، مشددا على ضرورة وقف اطلاق النار";
        let a = format!(
            "الرياض - واس: شهدت العاصمة اليوم اجتماعات مكثفة. {wire}. وفي شأن منفصل افتتح معرض الكتاب."
        );
        let b = format!("نيويورك (رويترز) - {copy}، بحسب بيان رسمي صدر مساء الأحد.");
        let p = align(&a, &b);
        assert_eq!(p.len(), 1, "{p:?}");
        let a_start = a.find(wire).map(|byte| a[..byte].chars().count());
        let b_start = b.find(copy).map(|byte| b[..byte].chars().count());
        assert_eq!(Some(p[0].a_start), a_start);
        assert_eq!(p[0].a_end, p[0].a_start + wire.chars().count());
        assert_eq!(Some(p[0].b_start), b_start);
        assert_eq!(p[0].b_end, p[0].b_start + copy.chars().count());
        assert_eq!(p[0].text, wire);
        assert!(p[0].score > 0.7 && p[0].score < 1.0, "{}", p[0].score);
    }

    #[test]
    fn tolerates_a_dropped_clause_and_a_changed_word() {
        let a = "قال رئيس الوزراء في مؤتمر صحفي عقده مساء أمس في مقر الحكومة إن الحكومة ماضية \
            في تنفيذ خطة الإصلاح الإداري رغم الانتقادات الواسعة من المعارضة";
        let b = "قال رئيس الوزراء في مؤتمر صحفي إن الحكومة مستمرة في تنفيذ خطة الإصلاح الإداري \
            رغم الانتقادات الواسعة من المعارضة";
        let p = align(a, b);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].a_start, 0);
        assert_eq!(p[0].a_end, a.chars().count());
        assert_eq!((p[0].b_start, p[0].b_end), (0, b.chars().count()));
    }

    #[test]
    fn unrelated_articles_and_short_phrases_share_no_passage() {
        let a = "وقال في تصريح لوكالة الأنباء إن الأسعار ارتفعت بنسبة كبيرة خلال الشهر الماضي";
        let b = "وقال في تصريح لوكالة الأنباء إن فريقه سيلعب المباراة المقبلة بتشكيلة مختلفة";
        assert_eq!(align(a, b), Vec::new());
        assert_eq!(align("", ""), Vec::new());
        assert_eq!(align("نعم", "نعم"), Vec::new());
        assert_eq!(align("...", "؟؟؟"), Vec::new());
    }

    #[test]
    fn only_the_first_max_words_of_a_huge_text_are_aligned() {
        let s =
            "أعلنت وزارة الصحة عن حملة وطنية للتطعيم تستهدف أكثر من مئة ألف طفل في المناطق الريفية";
        let filler = "وفي شأن آخر ارتفعت أسعار الذهب في الأسواق المحلية اليوم. ".repeat(10_000);
        let params = AlignParams {
            max_words: 2_000,
            ..AlignParams::default()
        };
        let early = format!("{s}. {filler}");
        assert_eq!(align_with(&early, s, &params).len(), 1);
        let late = format!("{filler}{s}.");
        assert_eq!(align_with(&late, s, &params), Vec::new());
        assert_eq!(align(&late, s).len(), 1);
    }

    #[test]
    fn english_text_aligns_too() {
        let a = "The central bank raised its main interest rate by half a point on Tuesday to curb inflation, officials said.";
        let b = "Officials said the Central Bank raised its main interest-rate by half a point on Tuesday to curb inflation.";
        let p = align(a, b);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].text.starts_with("The central bank raised"));
        assert!(p[0].text.ends_with("curb inflation"));
    }

    /// [`words`] as it was first written: `tokenize`, then char offsets
    /// turned into bytes.
    fn words_reference(display: &str, max_words: usize) -> Words {
        let prefix = match display
            .char_indices()
            .nth(max_words.saturating_mul(MAX_CHARS_PER_WORD))
        {
            Some((byte, _)) => display.get(..byte).unwrap_or(display),
            None => display,
        };
        let mut out = Words::default();
        let byte = |c: usize| {
            prefix
                .char_indices()
                .nth(c)
                .map_or(prefix.len(), |(b, _)| b)
        };
        for t in khabar_text::tokenize(prefix).into_iter().take(max_words) {
            out.hashes.push(xxh3_64(t.text.as_bytes()));
            out.spans.push(t.start as u32..t.end as u32);
            out.bytes.push(byte(t.start) as u32..byte(t.end) as u32);
        }
        out
    }

    proptest::proptest! {
        /// Each kept seed's positions are where it starts, in increasing
        /// order, as a map of one list per seed gives them.
        #[test]
        fn seed_positions_are_each_seeds_starts(
            seeds in proptest::collection::vec(0u64..12, 0..60),
            dropped in 0u64..12,
        ) {
            let mut naive: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
            for (j, &s) in seeds.iter().enumerate().filter(|(_, s)| **s != dropped) {
                naive.entry(s).or_default().push(j as u32);
            }
            let flat = SeedPositions::of(&seeds, |s| s != dropped);
            for s in 0..12 {
                proptest::prop_assert_eq!(flat.get(&s), naive.get(&s).map(Vec::as_slice));
                proptest::prop_assert_eq!(flat.contains_key(&s), naive.contains_key(&s));
            }
        }

        /// The same words as the reference, also when the prefix or the
        /// word cap cuts the text.
        #[test]
        fn words_are_the_reference_words(
            text in "[ا-ي\u{064B}-\u{0652}\u{0640}a-zA-Z0-9٠-٩é€ﻻ﷽ .,«»،-]{0,120}",
            max_words in 0usize..8,
        ) {
            for cap in [max_words, usize::MAX] {
                let (new, old) = (words(&text, cap), words_reference(&text, cap));
                proptest::prop_assert_eq!((&new.hashes, &new.spans, &new.bytes), (&old.hashes, &old.spans, &old.bytes));
            }
        }

        /// Each word's byte span is its char span, whatever the letters
        /// (Arabic with diacritics and tatweel, Latin, digits, symbols).
        #[test]
        fn byte_spans_are_the_char_spans(text in "[ا-ي\u{064B}-\u{0652}\u{0640}a-zA-Z0-9é€ .,«»،-]{0,80}") {
            let w = words(&text, usize::MAX);
            proptest::prop_assert_eq!(w.spans.len(), w.bytes.len());
            for (c, b) in w.spans.iter().zip(&w.bytes) {
                proptest::prop_assert_eq!(
                    text.get(b.start as usize..b.end as usize),
                    Some(khabar_text::char_range(&text, c.start as usize, c.end as usize))
                );
            }
        }
    }

    #[test]
    fn a_repeated_passage_pairs_once_per_side() {
        let s =
            "أعلنت وزارة الصحة عن حملة وطنية للتطعيم تستهدف أكثر من مئة ألف طفل في المناطق الريفية";
        let a = format!("{s}. {s}.");
        let p = align(&a, s);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!((p[0].b_start, p[0].b_end), (0, s.chars().count()));
    }
}
