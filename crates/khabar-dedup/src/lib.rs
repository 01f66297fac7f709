//! Exact and near-duplicate detection and alignment of reused passages.
//!
//! # Brief overview
//!
//! - [`Fingerprinter`] turns a text into a [`Fingerprint`]: an exact key
//!   (xxh3 of the match form without white space) and a MinHash
//!   [`Signature`] over character shingles of the match form without white
//!   space and punctuation. [`Fingerprinter::fingerprint_all`] runs over the
//!   rayon pool; [`Fingerprinter::fingerprint_pieces`] takes a text as the
//!   pieces it is made of (the lines cleaning keeps) without joining them.
//! - [`LshIndex`] takes fingerprints one at a time ([`LshIndex::insert`]) or
//!   in bulk, verifies LSH candidates by their Jaccard estimate against
//!   [`LshParams::threshold`], and groups each document with the closest
//!   verified group *representative* (the group's first text), so a group
//!   is a set of copies of one text ([`LshIndex::group_ids`]). [`LshIndex::snapshot`] is its versioned,
//!   serializable form.
//! - [`dedup`] is both steps for a batch of `(id, text)`.
//! - [`align`] gives the [`Passage`]s two texts share, with char offsets into
//!   both display texts; [`find_reuse`] finds every reusing pair in a set of
//!   articles through an inverted index of seeds.
//!
//! ```
//! use khabar_dedup::{LshParams, dedup};
//!
//! let docs = [
//!     ("1", "أعلن البنك المركزي رفع سعر الفائدة بمقدار ٥٠ نقطة أساس لكبح معدلات التضخم المرتفعة."),
//!     ("2", "اعلن البنك المركزى رفع سعر الفائدة بمقدار 50 نقطة أساس لكبح معدلاتالتضخم المرتفعة"),
//!     ("3", "فاز فريق الأهلي على ضيفه الزمالك بنتيجة هدفين مقابل هدف في الدوري المحلي."),
//! ];
//! let groups = dedup(&docs, LshParams::default());
//! assert_eq!(groups, vec![vec!["1".to_string(), "2".to_string()]]);
//! ```
//!
//! # Parameters, measured
//!
//! Shingle size k = [`SHINGLE_CHARS`] (9) and the one-permutation scheme:
//! see the [`Fingerprinter`] module's tables. Banding, with k = 9 and
//! threshold 0.65, on 20k `make_corpus.py` documents (seed 13), one core:
//!
//! | bands x rows | P(candidate) at J = 0.65 / 0.3 | index seconds | F1 |
//! | --- | --- | ---: | ---: |
//! | 32 x 4 | 0.998 / 0.23 | 0.79 | 0.9980 |
//! | 25 x 5 | 0.954 / 0.06 | 0.22 | 0.9980 |
//! | **21 x 6** | 0.81 / 0.015 | 0.12 | 0.9977-0.9980 |
//! | 16 x 8 | 0.49 / 0.001 | 0.06 | 0.9924 |
//!
//! 21 x 6 (126 of the 128 values) keeps F1 and is 6x cheaper than 32 x 4:
//! a copy that misses the representative's buckets is often found through
//! another member's. Threshold 0.65 ([`LshParams::default`]). (Measured
//! with union-find groups; with representatives, 21 x 6 at 0.65 scores the
//! same pairwise F1 on the same corpora: 0.9984 on 20k seed 13, 0.9993 on
//! 20k seed 21, identical to union-find, while on SaudiNewsNet the chained
//! template groups of 25 and 30 split, see [`LshIndex`].)
//! On those corpora datasketch and rensa score F1 0.58-0.67 (no Arabic
//! folding, white space kept).
//!
//! # Bad input
//!
//! - Empty, white-space-only or punctuation-only texts, and stubs under
//!   [`MIN_ARTICLE_CHARS`] (50) letters and digits (bylines, photo links):
//!   no exact key, no signature; they never group, not even with an
//!   identical text.
//! - Huge texts (100 MB): fingerprinting is linear and streams the text
//!   once; alignment looks at the first [`AlignParams::max_words`] words.
//! - Non-Arabic text: folded (lower case, NFKC) and handled alike.
//!
//! Does not: read files, clean text, cluster stories.
#![deny(missing_docs)]

mod align;
mod fingerprint;
mod lsh;
mod reuse;
mod shingle;

pub use align::{AlignParams, Passage, align, align_with};
pub use fingerprint::{
    Fingerprint, Fingerprinter, HASHES, MAX_SHINGLE_CHARS, MIN_ARTICLE_CHARS, SHINGLE_CHARS,
    Scheme, Signature,
};
pub use lsh::{IndexSnapshot, LshIndex, LshParams, SNAPSHOT_VERSION, SnapshotDocument};
pub use reuse::{
    ReuseDoc, ReusePair, ReuseParams, find_reuse, find_reuse_update, find_reuse_update_with,
    find_reuse_with,
};

/// Errors of this crate.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// LSH banding that does not fit the signature: zero bands or rows, or
    /// `bands * rows` above [`HASHES`].
    #[error("LSH banding {bands} x {rows} does not fit a signature of {HASHES} values")]
    Banding {
        /// Requested bands.
        bands: usize,
        /// Requested rows per band.
        rows: usize,
    },
    /// A Jaccard threshold outside `0..=1` (or NaN).
    #[error("Jaccard threshold {0} is not within 0..=1")]
    Threshold(f64),
    /// A snapshot written by another format version.
    #[error("index snapshot has version {found}, this build reads version {expected}")]
    SnapshotVersion {
        /// Version in the snapshot.
        found: u32,
        /// Version this build writes and reads.
        expected: u32,
    },
    /// A snapshot whose signatures have another length.
    #[error("index snapshot has {found}-value signatures, this build uses {expected}")]
    SignatureLength {
        /// Length in the snapshot.
        found: usize,
        /// [`HASHES`].
        expected: usize,
    },
}

/// Result with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// Near-duplicate groups of `(id, text)` documents: fingerprints in parallel,
/// then one [`LshIndex`] in input order. Returns the groups of two or more,
/// ids in input order, groups ordered by their first member.
pub fn dedup<I: AsRef<str> + Sync, T: AsRef<str> + Sync>(
    docs: &[(I, T)],
    params: LshParams,
) -> Vec<Vec<String>> {
    let fingerprinter = Fingerprinter::default();
    let fingerprints: Vec<Fingerprint> = {
        use rayon::prelude::*;
        docs.par_iter()
            .map(|(_, text)| fingerprinter.fingerprint(text.as_ref()))
            .collect()
    };
    let mut index = LshIndex::new(params, fingerprinter);
    index.insert_all(docs.iter().map(|(id, _)| id.as_ref()), &fingerprints);
    index.group_ids()
}
