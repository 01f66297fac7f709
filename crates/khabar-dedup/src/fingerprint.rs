//! Fingerprints of one text: an exact-duplicate key and a MinHash signature.
//!
//! Both are taken over the match form (`khabar_text::fold`), so diacritics,
//! tatweel, alef/yeh/teh-marbuta variants, digit and quote styles never
//! change them:
//!
//! - the **exact key** is the xxh3 of the match form with white space
//!   removed (a lost or doubled space is still an exact duplicate);
//! - the **signature** is a MinHash over character shingles of the match
//!   form with white space *and* punctuation removed (only alphanumeric
//!   chars are kept), each shingle hashed with xxh3.
//!
//! # Short and empty texts
//!
//! A text with fewer than [`MIN_ARTICLE_CHARS`] (50) alphanumeric chars of
//! the match form gets neither key nor signature: it never groups, not even
//! with an identical text. Such a text is not an article but a stub, and two
//! equal stubs are not the same article. On SaudiNewsNet (31k articles) the
//! texts under 50 letters and digits are bylines (`سعد العصيمي`, 8-13
//! letters), a bare name or title (`بلاتر`, `وزير الشؤون الاجتماعية`),
//! caption lists and photo links (`رابط الخبر بصحيفة الوئام: بالصور ..
//! رمضان في ليبيا`, 40 letters); 17 of the 18 stub groups the old rule (exact
//! key from 1 letter, signature from 20) made were under 50 letters. The
//! shortest real news item seen in a group has 78 letters (a one-sentence
//! oil-price brief, reprinted), and one-sentence briefs start at about 80,
//! so 50 keeps every real group. Not caught: a 77-letter address footer
//! (`ص.ب 354 الرمز البريدي ...`) printed under two articles.
//!
//! # Which MinHash: measured
//!
//! Two schemes are implemented ([`Scheme`]); [`Scheme::OnePermutation`] is
//! the default. Measured with `examples/dedup_jsonl.rs` on a 20k-document
//! `make_corpus.py` corpus (seed 13), one core, default shingles and LSH,
//! end to end (reading and parsing the JSONL included), two runs each on a
//! shared 2-core machine:
//!
//! | scheme | docs/s | precision | recall | F1 |
//! | --- | ---: | ---: | ---: | ---: |
//! | classic: 128 multiply-shift hashes of each shingle hash | 6,400-9,400 | 0.9989 | 0.9964 | 0.9977 |
//! | one permutation + optimal densification | 33,600-37,200 | 0.9998 | 0.9962 | 0.9980 |
//!
//! Equal F1, OPH 4-5x faster end to end (one bin update per shingle instead
//! of 128 hashes), so OPH is kept; classic stays for comparison and tests.
//!
//! # Shingle size: measured
//!
//! Pairwise F1 (`score_pairs.py`) by shingle size k and threshold, 21 x 6
//! bands, 20k documents seed 13:
//!
//! | k | t = 0.6 | t = 0.65 | t = 0.7 | t = 0.75 |
//! | --- | ---: | ---: | ---: | ---: |
//! | 3 | 0.0005 | - | 0.036 | 0.886 |
//! | 5 | 0.127 | 0.979 | 0.993 | 0.991 |
//! | 7 | 0.992 | 0.996 | 0.995 | 0.990 |
//! | 9 | 0.995 | **0.998** | 0.996 | 0.988 |
//! | 10 | 0.997 | 0.997 | 0.994 | 0.987 |
//!
//! The corpus's distinct originals are built from shared sentence templates
//! with different names and numbers, so short shingles make them look alike
//! (k = 5: 123k false pairs at t = 0.6), while its near duplicates differ by
//! whole sentences and by variants the match form folds, which long
//! shingles do not mind. k = 9 at t = 0.65 scored 0.9977, 0.9979 and 0.9982
//! on three corpora (20k seed 13, 5k seed 7, 20k seed 21). The cost of a
//! long shingle is on real copies with unfolded variants (الأميركي /
//! الأمريكي): each such word removes up to k + its length shingles.
//!
//! Shingles are windows of k 16-bit char codes (exact for the Basic
//! Multilingual Plane, folded by xor beyond it), hashed with xxh3. The walk
//! that makes them (`shingle.rs`) reads the match form through a per-char
//! table and, for k = 9, hashes each window from two registers; both give
//! bit for bit what `fold_char` and `xxh3_64` give (tested), so signatures
//! and snapshots are unchanged. 128
//! hashes give a standard error of sqrt(J(1-J)/128) ~ 0.04 at J = 0.65.

use std::cell::RefCell;

use rayon::prelude::*;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};

use crate::shingle::{K9, Window9, WindowK, walk};

/// Number of hash values in a [`Signature`].
pub const HASHES: usize = 128;

/// Default shingle size in chars of the shingle text (see the module doc).
pub const SHINGLE_CHARS: usize = 9;

/// Texts with fewer alphanumeric match-form chars (letters and digits) are
/// stubs, not articles: they get no fingerprint and never group (see the
/// module doc).
pub const MIN_ARTICLE_CHARS: usize = 50;

/// A MinHash signature: [`HASHES`] minimum hash values.
#[derive(Clone, PartialEq, Eq)]
pub struct Signature(pub [u32; HASHES]);

impl std::fmt::Debug for Signature {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Signature({:08x?}..)", self.0.get(..4).unwrap_or(&[]))
    }
}

impl Signature {
    /// The MinHash estimate of the Jaccard similarity of the two shingle
    /// sets: the fraction of positions where the signatures agree.
    pub fn jaccard(&self, other: &Signature) -> f64 {
        let equal = self
            .0
            .iter()
            .zip(other.0.iter())
            .filter(|(a, b)| a == b)
            .count();
        equal as f64 / HASHES as f64
    }

    /// True when at least `min_equal` positions agree, i.e. the estimate is
    /// at least `min_equal / HASHES`. Stops as soon as the answer is known.
    pub fn agrees_at_least(&self, other: &Signature, min_equal: usize) -> bool {
        let max_differ = HASHES.saturating_sub(min_equal);
        let mut differ = 0;
        for (a, b) in self.0.chunks_exact(16).zip(other.0.chunks_exact(16)) {
            differ += a.iter().zip(b).filter(|(x, y)| x != y).count();
            if differ > max_differ {
                return false;
            }
        }
        min_equal <= HASHES
    }

    /// The number of agreeing positions when it is at least `min_equal`,
    /// else `None` (stops early like [`Signature::agrees_at_least`]).
    pub(crate) fn equal_if_at_least(&self, other: &Signature, min_equal: usize) -> Option<usize> {
        let max_differ = HASHES.saturating_sub(min_equal);
        let mut differ = 0;
        for (a, b) in self.0.chunks_exact(16).zip(other.0.chunks_exact(16)) {
            differ += a.iter().zip(b).filter(|(x, y)| x != y).count();
            if differ > max_differ {
                return None;
            }
        }
        (min_equal <= HASHES).then_some(HASHES - differ)
    }

    /// The values as a slice.
    pub fn as_slice(&self) -> &[u32] {
        &self.0
    }
}

impl Serialize for Signature {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.as_slice().serialize(s)
    }
}

impl<'de> Deserialize<'de> for Signature {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let values = Vec::<u32>::deserialize(d)?;
        let n = values.len();
        let array: [u32; HASHES] = values.try_into().map_err(|_| {
            serde::de::Error::invalid_length(n, &"a signature of exactly HASHES values")
        })?;
        Ok(Signature(array))
    }
}

/// The MinHash scheme (see the module doc for the measurement).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scheme {
    /// One hash per shingle; its high bits pick one of [`HASHES`] bins and
    /// its low bits compete for that bin's minimum. Empty bins borrow from
    /// another bin chosen by a fixed probe sequence (Shrivastava's optimal
    /// densification, ICML 2017), so similar texts borrow alike.
    #[default]
    OnePermutation,
    /// [`HASHES`] independent multiply-shift hashes of each shingle hash,
    /// one minimum per hash function (what datasketch and rensa do).
    Classic,
}

/// The fingerprints of one text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fingerprint {
    /// xxh3 of the match form without white space; `None` for a text with
    /// fewer than [`MIN_ARTICLE_CHARS`] alphanumeric chars.
    pub exact: Option<u64>,
    /// MinHash signature; `None` when `exact` is.
    pub signature: Option<Signature>,
}

/// Computes [`Fingerprint`]s; holds the shingle size and the scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fingerprinter {
    /// Shingle size in chars.
    pub shingle_chars: usize,
    /// MinHash scheme.
    pub scheme: Scheme,
}

impl Default for Fingerprinter {
    fn default() -> Self {
        Fingerprinter {
            shingle_chars: SHINGLE_CHARS,
            scheme: Scheme::OnePermutation,
        }
    }
}

/// Reused per-thread buffers: the exact form as UTF-8.
#[derive(Default)]
struct Buffers {
    exact: Vec<u8>,
}

thread_local! {
    static BUFFERS: RefCell<Buffers> = RefCell::new(Buffers::default());
}

/// Largest shingle size in chars.
pub const MAX_SHINGLE_CHARS: usize = 16;

impl Fingerprinter {
    /// The fingerprints of one display (or raw) text.
    pub fn fingerprint(&self, text: &str) -> Fingerprint {
        self.fingerprint_pieces([text])
    }

    /// The fingerprints of the text made of `pieces` joined by white space
    /// (the lines an article keeps, say), without joining them: equal to
    /// `fingerprint(&pieces.join("\n"))`, since fingerprints skip white
    /// space.
    pub fn fingerprint_pieces<'a>(&self, pieces: impl IntoIterator<Item = &'a str>) -> Fingerprint {
        BUFFERS.with(|b| match b.try_borrow_mut() {
            Ok(mut b) => self.fingerprint_with(pieces, &mut b),
            Err(_) => self.fingerprint_with(pieces, &mut Buffers::default()),
        })
    }

    /// The fingerprints of many texts, in parallel over the rayon pool, in
    /// input order.
    pub fn fingerprint_all<S: AsRef<str> + Sync>(&self, texts: &[S]) -> Vec<Fingerprint> {
        texts
            .par_iter()
            .map(|t| self.fingerprint(t.as_ref()))
            .collect()
    }

    /// Shingle size actually used: `shingle_chars` within
    /// `1..=MAX_SHINGLE_CHARS`.
    fn k(&self) -> usize {
        self.shingle_chars.clamp(1, MAX_SHINGLE_CHARS)
    }

    fn fingerprint_with<'a>(
        &self,
        pieces: impl IntoIterator<Item = &'a str>,
        b: &mut Buffers,
    ) -> Fingerprint {
        match self.scheme {
            Scheme::OnePermutation => self.sketch(pieces, b, OnePermutation::new()),
            Scheme::Classic => self.sketch(pieces, b, Classic::new()),
        }
    }

    fn sketch<'a, S: Sketch>(
        &self,
        pieces: impl IntoIterator<Item = &'a str>,
        b: &mut Buffers,
        mut sketch: S,
    ) -> Fingerprint {
        let k = self.k();
        let letters = shingles(pieces, k, b, |h| sketch.add(h));
        if letters < MIN_ARTICLE_CHARS.max(k) {
            return Fingerprint {
                exact: None,
                signature: None,
            };
        }
        Fingerprint {
            exact: Some(xxh3_64(&b.exact)),
            signature: sketch.finish(),
        }
    }

    /// The exact shingle set of `text` as hashes (sorted, deduplicated): for
    /// tests and measurements of the true Jaccard, not for bulk work.
    pub fn shingle_set(&self, text: &str) -> Vec<u64> {
        let mut set = Vec::new();
        shingles([text], self.k(), &mut Buffers::default(), |h| set.push(h));
        set.sort_unstable();
        set.dedup();
        set
    }
}

/// Walks the match form of `pieces` (one text, white space between them)
/// once: pushes its chars other than white space into `b.exact`, and calls
/// `emit` with the xxh3 of every window of `k` consecutive alphanumeric chars
/// (white space and punctuation skipped). Returns the number of
/// alphanumeric chars.
fn shingles<'a>(
    pieces: impl IntoIterator<Item = &'a str>,
    k: usize,
    b: &mut Buffers,
    emit: impl FnMut(u64),
) -> usize {
    b.exact.clear();
    if k == K9 {
        walk(pieces, &mut b.exact, Window9::default(), emit)
    } else {
        walk(pieces, &mut b.exact, WindowK::new(k), emit)
    }
}

/// A MinHash being built, one shingle hash at a time.
trait Sketch {
    fn add(&mut self, h: u64);
    fn finish(self) -> Option<Signature>;
}

/// Marks an empty bin; real values are clamped below it.
const EMPTY: u32 = u32::MAX;

/// One-permutation MinHash with optimal densification.
struct OnePermutation {
    bins: [u32; HASHES],
    any: bool,
}

impl OnePermutation {
    fn new() -> Self {
        OnePermutation {
            bins: [EMPTY; HASHES],
            any: false,
        }
    }
}

impl Sketch for OnePermutation {
    #[inline]
    fn add(&mut self, h: u64) {
        let bin = (((h >> 32) * HASHES as u64) >> 32) as usize;
        let value = (h as u32).min(EMPTY - 1);
        if let Some(slot) = self.bins.get_mut(bin) {
            *slot = (*slot).min(value);
        }
        self.any = true;
    }

    fn finish(self) -> Option<Signature> {
        if !self.any {
            return None;
        }
        let mut bins = self.bins;
        for (i, slot) in bins.iter_mut().enumerate() {
            if *slot == EMPTY {
                *slot = borrow_for(i, &self.bins);
            }
        }
        Some(Signature(bins))
    }
}

/// The value an empty bin `i` borrows: the first non-empty bin of a probe
/// sequence that depends only on `i` (so two texts with the same filled
/// bins fill the empty ones alike). Falls back to a linear scan after
/// `8 * HASHES` probes; `filled` has at least one non-empty bin.
fn borrow_for(i: usize, filled: &[u32; HASHES]) -> u32 {
    for attempt in 0..(8 * HASHES as u64) {
        let probe = xxh3_64_with_seed(&attempt.to_le_bytes(), i as u64);
        let j = (((probe >> 32) * HASHES as u64) >> 32) as usize;
        if let Some(&v) = filled.get(j)
            && v != EMPTY
        {
            return v;
        }
    }
    filled
        .iter()
        .cycle()
        .skip(i)
        .take(HASHES)
        .copied()
        .find(|&v| v != EMPTY)
        .unwrap_or(EMPTY)
}

/// The multipliers and offsets of the classic scheme's hash functions,
/// fixed so signatures are stable across runs and machines.
const fn classic_params() -> ([u64; HASHES], [u64; HASHES]) {
    let mut a = [0u64; HASHES];
    let mut b = [0u64; HASHES];
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut i = 0;
    while i < HASHES {
        state = splitmix64(state);
        a[i] = state | 1;
        state = splitmix64(state);
        b[i] = state;
        i += 1;
    }
    (a, b)
}

const fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

const CLASSIC: ([u64; HASHES], [u64; HASHES]) = classic_params();

/// Classic MinHash: one multiply-add-shift hash function per position.
struct Classic {
    mins: [u32; HASHES],
    any: bool,
}

impl Classic {
    fn new() -> Self {
        Classic {
            mins: [EMPTY; HASHES],
            any: false,
        }
    }
}

impl Sketch for Classic {
    #[inline]
    fn add(&mut self, h: u64) {
        let (a, b) = &CLASSIC;
        for ((m, &ai), &bi) in self.mins.iter_mut().zip(a.iter()).zip(b.iter()) {
            let v = (ai.wrapping_mul(h).wrapping_add(bi) >> 32) as u32;
            *m = (*m).min(v);
        }
        self.any = true;
    }

    fn finish(self) -> Option<Signature> {
        self.any.then_some(Signature(self.mins))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shingle::char_code;
    use khabar_text::fold_char;
    use khabar_text::script::is_alphanumeric;
    use proptest::prelude::*;

    const WIRE: &str = "أعلن وزير الخارجية أن جولة جديدة من المحادثات ستعقد في الرياض \
        يوم الأحد المقبل بمشاركة وفود من خمس دول، وقال إن «الأجواء إيجابية».";

    fn exact_jaccard(f: &Fingerprinter, a: &str, b: &str) -> f64 {
        let (x, y) = (f.shingle_set(a), f.shingle_set(b));
        let inter = x.iter().filter(|h| y.binary_search(h).is_ok()).count();
        let union = x.len() + y.len() - inter;
        if union == 0 {
            0.0
        } else {
            inter as f64 / union as f64
        }
    }

    #[test]
    fn spelling_space_and_punctuation_variants_keep_the_signature() {
        let variant = "اعلن وزير الخارجيه ان جولة جديدة من المحادثات ستعقد فيالرياض \
            يوم الأحد المقبل بمشاركة وفود من خمس دول وقال ان \"الأجواءُ إيجابيّة\"";
        for scheme in [Scheme::OnePermutation, Scheme::Classic] {
            let f = Fingerprinter {
                scheme,
                ..Fingerprinter::default()
            };
            let (a, b) = (f.fingerprint(WIRE), f.fingerprint(variant));
            assert!(a.signature.is_some());
            assert_eq!(a.signature, b.signature, "{scheme:?}");
        }
    }

    #[test]
    fn exact_key_ignores_white_space_but_not_punctuation() {
        let f = Fingerprinter::default();
        let a = f.fingerprint("قال وزير الخارجية: نعم، سنحضر الاجتماع المقبل في الرياض يوم الأحد");
        assert!(a.exact.is_some());
        assert_eq!(
            a.exact,
            f.fingerprint("قالَ وزير  الخارجية:\nنعم، سنحضر الاجتماع المقبل فيالرياض يوم الأحد")
                .exact
        );
        assert_ne!(
            a.exact,
            f.fingerprint("قال وزير الخارجية نعم سنحضر الاجتماع المقبل في الرياض يوم الأحد")
                .exact
        );
    }

    #[test]
    fn empty_and_stub_texts_get_no_fingerprint() {
        let f = Fingerprinter::default();
        let none = Fingerprint {
            exact: None,
            signature: None,
        };
        // Bylines, a bare name, a photo link: stubs under 50 letters.
        let photo_link = "رابط الخبر بصحيفة الوئام: بالصور .. رمضان في ليبيا";
        for stub in ["بلاتر", "سعد العصيمي", "عاجل: الرياض", photo_link] {
            assert_eq!(f.fingerprint(stub), none, "{stub}");
        }
        // 49 letters and digits: still a stub; 50: an article.
        let letters = |n: usize| "ب".repeat(n - 4) + " 2015";
        assert_eq!(f.fingerprint(&letters(49)), none);
        let fifty = f.fingerprint(&letters(50));
        assert!(fifty.exact.is_some() && fifty.signature.is_some());
        let brief = "ارتفع سعر خام برنت دولارين في العقود الآجلة إلى 61.40 دولار للبرميل";
        assert!(f.fingerprint(brief).signature.is_some());
        for empty in ["", "   \n\t", "«» ، . — ؟"] {
            assert_eq!(
                f.fingerprint(empty),
                Fingerprint {
                    exact: None,
                    signature: None
                }
            );
        }
    }

    #[test]
    fn different_articles_have_low_estimates() {
        let f = Fingerprinter::default();
        let other = "توقعت الأرصاد الجوية أن تصل درجات الحرارة في جدة إلى ٤٥ درجة مئوية \
            يوم الخميس مع رياح نشطة محملة بالغبار.";
        let (a, b) = (f.fingerprint(WIRE), f.fingerprint(other));
        let (Some(a), Some(b)) = (a.signature, b.signature) else {
            panic!("both texts are long enough for a signature");
        };
        assert!(a.jaccard(&b) < 0.2, "{}", a.jaccard(&b));
    }

    #[test]
    fn huge_text_fingerprints_without_panic() {
        let huge = WIRE.repeat(100_000 / WIRE.len() * 100); // ~10 MB in tests
        let f = Fingerprinter::default();
        let fp = f.fingerprint(&huge);
        assert!(fp.signature.is_some());
        // Repetition adds no new shingles except across the joins.
        let one = f.fingerprint(WIRE).signature;
        let est = fp.signature.zip(one).map(|(a, b)| a.jaccard(&b));
        assert!(est.is_some_and(|j| j > 0.8), "{est:?}");
    }

    /// The shingle hashes as the module doc defines them, the slow way:
    /// every window of k codes of the alphanumeric match-form chars.
    fn reference_shingles(text: &str, k: usize) -> Vec<u64> {
        let mut codes: Vec<u8> = Vec::new();
        for c in text.chars() {
            fold_char(c, |f| {
                if is_alphanumeric(f) {
                    codes.extend_from_slice(&char_code(f).to_le_bytes());
                }
            });
        }
        codes
            .chunks_exact(2)
            .collect::<Vec<_>>()
            .windows(k)
            .map(|w| xxh3_64(&w.concat()))
            .collect()
    }

    proptest! {
        /// The ring-buffer window gives the same shingles, in order, as
        /// the plain definition, for every k.
        #[test]
        fn shingles_match_the_definition(
            text in "[ابتثجحخدذرسشصطعفقكلمنهويأإآةى ،.0-9a-zA-Z«»\u{064B}-\u{0652}]{0,200}",
            k in 1usize..=MAX_SHINGLE_CHARS,
        ) {
            let mut got = Vec::new();
            shingles([text.as_str()], k, &mut Buffers::default(), |h| got.push(h));
            prop_assert_eq!(got, reference_shingles(&text, k));
        }

        #[test]
        fn agrees_at_least_matches_the_count(
            a in prop::collection::vec(0u32..4, HASHES),
            b in prop::collection::vec(0u32..4, HASHES),
            m in 0usize..=HASHES,
        ) {
            let (a, b) = (
                Signature(a.try_into().unwrap_or([0; HASHES])),
                Signature(b.try_into().unwrap_or([0; HASHES])),
            );
            let equal = a.0.iter().zip(&b.0).filter(|(x, y)| x == y).count();
            prop_assert_eq!(a.agrees_at_least(&b, m), equal >= m);
        }
    }

    fn sentence() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop::sample::select(vec![
                "الوزير",
                "قال",
                "الحكومة",
                "سوريا",
                "الرياض",
                "اجتماع",
                "المحادثات",
                "أمس",
                "العاصمة",
                "الأمن",
                "وفد",
                "مجلس",
                "الشعب",
                "القرار",
                "بيان",
                "رسمي",
            ]),
            4..12,
        )
        .prop_map(|w| w.join(" "))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// The estimate is within 4.5 standard errors of the exact Jaccard
        /// (failure probability per case ~1e-5).
        #[test]
        fn estimate_tracks_exact_jaccard(
            common in prop::collection::vec(sentence(), 1..20),
            only_a in prop::collection::vec(sentence(), 0..10),
            only_b in prop::collection::vec(sentence(), 0..10),
            classic in any::<bool>(),
        ) {
            let a = [common.clone(), only_a].concat().join(". ");
            let b = [only_b, common].concat().join(". ");
            let f = Fingerprinter {
                scheme: if classic { Scheme::Classic } else { Scheme::OnePermutation },
                ..Fingerprinter::default()
            };
            let j = exact_jaccard(&f, &a, &b);
            let (sa, sb) = (f.fingerprint(&a).signature, f.fingerprint(&b).signature);
            if let (Some(sa), Some(sb)) = (sa, sb) {
                let est = sa.jaccard(&sb);
                let se = (j * (1.0 - j) / HASHES as f64).sqrt().max(0.01);
                prop_assert!((est - j).abs() <= 4.5 * se + 0.02, "est {est} exact {j}");
            }
        }
    }
}
