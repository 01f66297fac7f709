//! The banded LSH index: near-duplicate candidates, verified, grouped.
//!
//! [`LshIndex::insert`] adds one document at a time: its exact key is looked
//! up first (an exact duplicate joins its first copy's group and is not
//! banded, since its signature is the same), then each of the `bands` slices
//! of `rows` signature values is hashed (xxh3) into a bucket. Every earlier
//! document met in one of the buckets is a candidate.
//!
//! # Groups: stars around a representative, not union-find
//!
//! Each group has a *representative*: its first document. A candidate is
//! not verified against itself but against its group's representative; the
//! new document joins the group whose representative agrees with it on the
//! most signature positions, if that estimate is at least `threshold`, and
//! otherwise starts a group of its own. Groups never merge. So every member
//! is a near duplicate of one text, the representative, and a group stays a
//! set of copies of that text.
//!
//! Union-find (the rule before) joined every verified pair, so chains
//! a ~ b ~ c formed one group even when a and c share nothing: on the 31k
//! SaudiNewsNet articles it made a group of 30 out of Saudi relief planes
//! no. 4, 5 and 6 landing in Aden (one press-release template, numbers
//! changed) and one of 25 out of royal congratulation cables to 7 countries,
//! with 497 pairs inside the two sharing no passage at all. With
//! representatives the planes split into the three events (13, 6, 11). The
//! cables split into 5 groups; three still mix countries, because a cable to
//! Bolivia and one to Côte d'Ivoire are one template with the name changed
//! four times and have a *direct* exact 9-shingle Jaccard of 0.63-0.74
//! (true copies of one cable: 0.87-0.98): no shingle-set rule at
//! threshold 0.65 separates them.
//!
//! Members are verified against the representative only, so the members of
//! a group are within Jaccard distance `2 * (1 - threshold)` of each other
//! (the Jaccard distance is a metric). The members of a group serve as LSH
//! probes for it: a copy that shares no bucket with the representative but
//! shares one with a member is still verified against the representative.
//! Ties go to the earlier representative. The result depends on insertion
//! order (insert the earliest article first), and the same order gives the
//! same groups whether documents come one at a time or in bulk.
//!
//! Buckets are chains through a flat `next` array (one `u32` per document
//! and band), so memory is about `bands * 12` bytes per document for the
//! bucket heads plus `bands * 4` for the chains, beside the 512-byte
//! signature and its 64-byte nibbles.
//!
//! Verifying is where the time goes on a large corpus: on 100k
//! `make_corpus.py` documents about 21 groups per insert share a bucket
//! with the new document (shared sentence templates), nearly all far below
//! the threshold. Each slot keeps, beside its signature, the low four bits
//! of every value (64 bytes, one cache line): values that agree agree
//! there too, so fewer agreeing nibbles than the threshold needs rules a
//! candidate out exactly, without reading its 512-byte signature. Each
//! slot also keeps its representative's slot, so a chain is walked without
//! going through the documents.
//!
//! # Parameters: measured
//!
//! See the crate documentation for the F1 / speed table that chose the
//! default `bands` x `rows` and `threshold` ([`LshParams::default`]).
//!
//! # Persistence
//!
//! [`LshIndex::snapshot`] gives an [`IndexSnapshot`] (serde) holding the
//! parameters, the fingerprinter, a `version` and each document's id and
//! fingerprints; [`LshIndex::from_snapshot`] checks the version and the
//! signature format and rebuilds buckets and groups by re-inserting.
//!
//! Does not: compute fingerprints (see [`crate::Fingerprinter`]) or align
//! passages.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64_with_seed;

use crate::fingerprint::{Fingerprint, Fingerprinter, HASHES, Signature};
use crate::{Error, Result};

/// Version of the [`IndexSnapshot`] format; bump on any change to the
/// snapshot fields or to how fingerprints are computed.
pub const SNAPSHOT_VERSION: u32 = 2;

const NONE: u32 = u32::MAX;

/// LSH banding and the verification threshold.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LshParams {
    bands: usize,
    rows: usize,
    threshold: f64,
}

impl Default for LshParams {
    /// 21 bands of 6 rows, threshold 0.65 (measured; see the crate docs).
    fn default() -> Self {
        LshParams {
            bands: 21,
            rows: 6,
            threshold: 0.65,
        }
    }
}

impl LshParams {
    /// Banding of `bands` x `rows` signature values (their product at most
    /// [`HASHES`], both at least 1) and a Jaccard `threshold` in `0..=1`.
    pub fn new(bands: usize, rows: usize, threshold: f64) -> Result<Self> {
        if bands == 0 || rows == 0 || bands.saturating_mul(rows) > HASHES {
            return Err(Error::Banding { bands, rows });
        }
        if !(0.0..=1.0).contains(&threshold) {
            return Err(Error::Threshold(threshold));
        }
        Ok(LshParams {
            bands,
            rows,
            threshold,
        })
    }

    /// The default banding with another threshold.
    pub fn with_threshold(threshold: f64) -> Result<Self> {
        let d = LshParams::default();
        LshParams::new(d.bands, d.rows, threshold)
    }

    /// Number of bands.
    pub fn bands(&self) -> usize {
        self.bands
    }

    /// Signature values per band.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Minimum Jaccard estimate for two documents to be near duplicates.
    pub fn threshold(&self) -> f64 {
        self.threshold
    }

    /// Probability that two documents of Jaccard `s` share at least one
    /// bucket: `1 - (1 - s^rows)^bands`.
    pub fn candidate_probability(&self, s: f64) -> f64 {
        1.0 - (1.0 - s.powi(self.rows as i32)).powi(self.bands as i32)
    }
}

/// The number of equal signature positions a Jaccard estimate of at least
/// `threshold` needs.
fn min_equal(threshold: f64) -> usize {
    (threshold * HASHES as f64 - 1e-9).ceil().max(0.0) as usize
}

/// A hasher for keys that are already xxh3 hashes: passes them through.
#[derive(Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type PrehashedMap<V> = HashMap<u64, V, BuildHasherDefault<Prehashed>>;

/// The low four bits of each of a signature's [`HASHES`] values, sixteen to
/// a word: one cache line that bounds the agreement of two signatures from
/// above (equal values have equal low bits).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(align(64))]
struct Nibbles([u64; HASHES / 16]);

impl Nibbles {
    fn of(signature: &Signature) -> Nibbles {
        let mut words = [0u64; HASHES / 16];
        for (word, values) in words.iter_mut().zip(signature.0.chunks_exact(16)) {
            *word = values
                .iter()
                .enumerate()
                .fold(0, |w, (j, &v)| w | (u64::from(v) & 0xF) << (4 * j));
        }
        Nibbles(words)
    }

    /// The number of positions whose nibbles agree: at least the number of
    /// positions whose values agree.
    fn agreeing(&self, other: &Nibbles) -> usize {
        const LOW: u64 = 0x1111_1111_1111_1111;
        let differ: u32 = self
            .0
            .iter()
            .zip(&other.0)
            .map(|(a, b)| {
                let z = a ^ b;
                ((z | z >> 1 | z >> 2 | z >> 3) & LOW).count_ones()
            })
            .sum();
        HASHES - differ as usize
    }
}

/// An incremental near-duplicate index; see the module doc.
#[derive(Debug, Clone)]
pub struct LshIndex {
    params: LshParams,
    fingerprinter: Fingerprinter,
    ids: Vec<String>,
    exact: Vec<Option<u64>>,
    /// For each document, its slot in `signatures`, or `NONE`.
    doc_slot: Vec<u32>,
    signatures: Vec<Signature>,
    /// Per slot: the low four bits of each signature value ([`Nibbles`]),
    /// which rule most candidates out from one cache line.
    nibbles: Vec<Nibbles>,
    slot_doc: Vec<u32>,
    /// Per slot: the slot of its document's representative.
    slot_rep: Vec<u32>,
    first_exact: PrehashedMap<u32>,
    /// Per band: bucket key -> most recent slot in it.
    heads: Vec<PrehashedMap<u32>>,
    /// `next[slot * bands + band]`: the previous slot in that bucket.
    next: Vec<u32>,
    /// Per document: the representative (first member) of its group;
    /// itself for a document that starts a group.
    rep: Vec<u32>,
    /// Per slot: the slot being inserted when it was last verified as a
    /// representative (each group is verified once per insert).
    rep_seen: Vec<u32>,
    /// Scratch: the band keys of the signature being inserted.
    keys: Vec<u64>,
    /// Candidates whose estimate was computed so far.
    verified: u64,
}

/// The serializable form of an [`LshIndex`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexSnapshot {
    /// Format version; must equal [`SNAPSHOT_VERSION`] on load.
    pub version: u32,
    /// Signature length the fingerprints were made with.
    pub hashes: usize,
    /// How the fingerprints were made.
    pub fingerprinter: Fingerprinter,
    /// Banding and threshold.
    pub params: LshParams,
    /// The documents in insertion order.
    pub documents: Vec<SnapshotDocument>,
}

/// One document of an [`IndexSnapshot`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SnapshotDocument {
    /// The caller's id.
    pub id: String,
    /// The fingerprints (an exact duplicate's signature is omitted: its first
    /// copy carries it).
    pub fingerprint: Fingerprint,
}

impl LshIndex {
    /// An empty index for fingerprints made by `fingerprinter`.
    pub fn new(params: LshParams, fingerprinter: Fingerprinter) -> Self {
        LshIndex {
            params,
            fingerprinter,
            ids: Vec::new(),
            exact: Vec::new(),
            doc_slot: Vec::new(),
            signatures: Vec::new(),
            nibbles: Vec::new(),
            slot_doc: Vec::new(),
            slot_rep: Vec::new(),
            first_exact: PrehashedMap::default(),
            heads: (0..params.bands).map(|_| PrehashedMap::default()).collect(),
            next: Vec::new(),
            rep: Vec::new(),
            rep_seen: Vec::new(),
            keys: Vec::with_capacity(params.bands),
            verified: 0,
        }
    }

    /// The parameters.
    pub fn params(&self) -> LshParams {
        self.params
    }

    /// The fingerprinter this index expects fingerprints from.
    pub fn fingerprinter(&self) -> Fingerprinter {
        self.fingerprinter
    }

    /// Number of documents inserted.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// True when no document was inserted.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// How many candidate pairs had their Jaccard estimate computed (a cost
    /// measure for choosing bands and rows).
    pub fn candidates_verified(&self) -> u64 {
        self.verified
    }

    /// The id of document number `doc` (insertion order).
    pub fn id(&self, doc: usize) -> Option<&str> {
        self.ids.get(doc).map(String::as_str)
    }

    /// Adds one document and puts it in the group of the closest verified
    /// representative, or in a new group (see the module doc).
    /// Returns its document number (insertion order, from 0). Ids need not
    /// be unique: each insert is a new document.
    pub fn insert(&mut self, id: impl Into<String>, fingerprint: &Fingerprint) -> usize {
        let doc = self.ids.len() as u32;
        self.ids.push(id.into());
        self.rep.push(doc);
        self.doc_slot.push(NONE);
        self.exact.push(fingerprint.exact);
        if let Some(key) = fingerprint.exact {
            if let Some(&first) = self.first_exact.get(&key) {
                let rep = self.rep_of(first);
                if let Some(r) = self.rep.get_mut(doc as usize) {
                    *r = rep;
                }
                return doc as usize;
            }
            self.first_exact.insert(key, doc);
        }
        if let Some(signature) = &fingerprint.signature {
            self.insert_signature(doc, signature);
        }
        doc as usize
    }

    /// Adds many documents in order (ids and fingerprints pair up; extra
    /// items of the longer one are ignored).
    pub fn insert_all<I, S>(&mut self, ids: I, fingerprints: &[Fingerprint])
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.reserve(fingerprints.len());
        for (id, fp) in ids.into_iter().zip(fingerprints) {
            self.insert(id, fp);
        }
    }

    fn reserve(&mut self, n: usize) {
        self.ids.reserve(n);
        self.rep.reserve(n);
        self.rep_seen.reserve(n);
        self.doc_slot.reserve(n);
        self.exact.reserve(n);
        self.signatures.reserve(n);
        self.nibbles.reserve(n);
        self.slot_doc.reserve(n);
        self.slot_rep.reserve(n);
        self.next.reserve(n.saturating_mul(self.params.bands));
        for h in &mut self.heads {
            h.reserve(n);
        }
    }

    fn insert_signature(&mut self, doc: u32, signature: &Signature) {
        let slot = self.signatures.len() as u32;
        let bands = self.params.bands;
        self.band_keys(signature);
        let min_equal = min_equal(self.params.threshold);
        let nibbles = Nibbles::of(signature);
        // The representative closest to `signature`: (equal positions, rep
        // document, rep slot).
        let mut best: Option<(usize, u32, u32)> = None;
        for band in 0..bands {
            let key = self.keys.get(band).copied().unwrap_or_default();
            // One probe per band: this slot becomes the bucket's head and its
            // chain continues with the previous head.
            let previous = self
                .heads
                .get_mut(band)
                .and_then(|h| h.insert(key, slot))
                .unwrap_or(NONE);
            self.next.push(previous);
            let mut cand = previous;
            while cand != NONE {
                let c = cand as usize;
                cand = self.next.get(c * bands + band).copied().unwrap_or(NONE);
                // Each group is verified once, against its representative.
                let Some(&rep_slot) = self.slot_rep.get(c) else {
                    continue;
                };
                match self.rep_seen.get_mut(rep_slot as usize) {
                    Some(s) if *s != slot => *s = slot,
                    _ => continue,
                }
                self.verified += 1;
                // Values that agree agree on their low bits: too few
                // agreeing nibbles means too few agreeing values.
                let r = rep_slot as usize;
                if self
                    .nibbles
                    .get(r)
                    .is_some_and(|n| n.agreeing(&nibbles) < min_equal)
                {
                    continue;
                }
                let equal = self
                    .signatures
                    .get(r)
                    .and_then(|s| s.equal_if_at_least(signature, min_equal));
                if let (Some(equal), Some(&rep)) = (equal, self.slot_doc.get(r)) {
                    let better = best.is_none_or(|(e, d, _)| equal > e || (equal == e && rep < d));
                    if better {
                        best = Some((equal, rep, rep_slot));
                    }
                }
            }
        }
        let rep_slot = match best {
            Some((_, rep, rep_slot)) => {
                if let Some(r) = self.rep.get_mut(doc as usize) {
                    *r = rep;
                }
                rep_slot
            }
            None => slot,
        };
        self.signatures.push(signature.clone());
        self.nibbles.push(nibbles);
        self.slot_doc.push(doc);
        self.slot_rep.push(rep_slot);
        self.rep_seen.push(NONE);
        if let Some(s) = self.doc_slot.get_mut(doc as usize) {
            *s = slot;
        }
    }

    /// Fills `self.keys` with the bucket key of each band of `signature`.
    fn band_keys(&mut self, signature: &Signature) {
        let rows = self.params.rows;
        self.keys.clear();
        let mut bytes = [0u8; 4 * HASHES];
        for (band, values) in signature
            .0
            .chunks_exact(rows)
            .take(self.params.bands)
            .enumerate()
        {
            for (dst, v) in bytes.chunks_exact_mut(4).zip(values) {
                dst.copy_from_slice(&v.to_le_bytes());
            }
            let used = bytes.get(..4 * rows).unwrap_or(&[]);
            self.keys.push(xxh3_64_with_seed(used, band as u64));
        }
    }

    /// The representative (first member) of `doc`'s group.
    fn rep_of(&self, doc: u32) -> u32 {
        self.rep.get(doc as usize).copied().unwrap_or(doc)
    }

    /// True when documents `a` and `b` are in one group.
    pub fn same_group(&self, a: usize, b: usize) -> bool {
        a < self.len() && b < self.len() && self.rep_of(a as u32) == self.rep_of(b as u32)
    }

    /// The groups of two or more documents, as document numbers in insertion
    /// order; groups are ordered by their first document.
    pub fn groups(&self) -> Vec<Vec<usize>> {
        let n = self.len() as u32;
        let mut by_root: PrehashedMap<Vec<usize>> = PrehashedMap::default();
        let mut roots = Vec::new();
        for doc in 0..n {
            let root = self.rep_of(doc);
            let members = by_root.entry(u64::from(root)).or_default();
            if members.is_empty() {
                roots.push(root);
            }
            members.push(doc as usize);
        }
        roots
            .into_iter()
            .filter_map(|r| by_root.remove(&u64::from(r)))
            .filter(|g| g.len() > 1)
            .collect()
    }

    /// [`LshIndex::groups`] with the documents' ids.
    pub fn group_ids(&self) -> Vec<Vec<String>> {
        let groups = self.groups();
        groups
            .into_iter()
            .map(|g| {
                g.into_iter()
                    .filter_map(|d| self.ids.get(d).cloned())
                    .collect()
            })
            .collect()
    }

    /// The serializable form of this index.
    pub fn snapshot(&self) -> IndexSnapshot {
        let documents = self
            .ids
            .iter()
            .enumerate()
            .map(|(doc, id)| SnapshotDocument {
                id: id.clone(),
                fingerprint: Fingerprint {
                    exact: self.exact.get(doc).copied().flatten(),
                    signature: self
                        .doc_slot
                        .get(doc)
                        .and_then(|&s| self.signatures.get(s as usize))
                        .cloned(),
                },
            })
            .collect();
        IndexSnapshot {
            version: SNAPSHOT_VERSION,
            hashes: HASHES,
            fingerprinter: self.fingerprinter,
            params: self.params,
            documents,
        }
    }

    /// Rebuilds an index from its snapshot. Fails on another version or
    /// signature length, or on invalid parameters.
    pub fn from_snapshot(snapshot: IndexSnapshot) -> Result<Self> {
        if snapshot.version != SNAPSHOT_VERSION {
            return Err(Error::SnapshotVersion {
                found: snapshot.version,
                expected: SNAPSHOT_VERSION,
            });
        }
        if snapshot.hashes != HASHES {
            return Err(Error::SignatureLength {
                found: snapshot.hashes,
                expected: HASHES,
            });
        }
        let p = snapshot.params;
        let params = LshParams::new(p.bands, p.rows, p.threshold)?;
        let mut index = LshIndex::new(params, snapshot.fingerprinter);
        index.reserve(snapshot.documents.len());
        for d in snapshot.documents {
            index.insert(d.id, &d.fingerprint);
        }
        Ok(index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The nibble bound is never below the true agreement: it is the
        /// agreement when values that differ differ in their low four bits,
        /// and counts every position when they differ only above them.
        #[test]
        fn nibbles_bound_the_agreement(
            a in prop::collection::vec(0u32..64, HASHES),
            flips in prop::collection::vec(any::<bool>(), HASHES),
            high in any::<bool>(),
        ) {
            let b: Vec<u32> = a
                .iter()
                .zip(&flips)
                .map(|(&v, &f)| if !f { v } else if high { v ^ 0x100 } else { v ^ 0x3 })
                .collect();
            let (a, b) = (
                Signature(a.try_into().unwrap_or([0; HASHES])),
                Signature(b.try_into().unwrap_or([0; HASHES])),
            );
            let equal = a.0.iter().zip(&b.0).filter(|(x, y)| x == y).count();
            let bound = Nibbles::of(&a).agreeing(&Nibbles::of(&b));
            prop_assert!(bound >= equal);
            if !high {
                prop_assert_eq!(bound, equal);
            } else {
                prop_assert_eq!(bound, HASHES);
            }
        }
    }

    fn sig(f: impl Fn(usize) -> u32) -> Signature {
        Signature(std::array::from_fn(f))
    }

    fn fp(exact: u64, s: Option<Signature>) -> Fingerprint {
        Fingerprint {
            exact: Some(exact),
            signature: s,
        }
    }

    #[test]
    fn params_are_checked() {
        assert!(LshParams::new(0, 4, 0.7).is_err());
        assert!(LshParams::new(33, 4, 0.7).is_err());
        assert!(LshParams::new(22, 6, 0.7).is_err());
        assert!(LshParams::new(32, 4, 1.5).is_err());
        assert!(LshParams::new(32, 4, f64::NAN).is_err());
        assert!(LshParams::new(16, 8, 0.8).is_ok());
    }

    #[test]
    fn copies_of_a_copy_join_the_first_text_group() {
        let mut index = LshIndex::new(LshParams::default(), Fingerprinter::default());
        let base = sig(|i| i as u32 * 7);
        // 90% agreement with base, then 90% with that (80% with base).
        let near = sig(|i| {
            if i % 10 == 0 {
                1_000_000 + i as u32
            } else {
                i as u32 * 7
            }
        });
        let nearer = sig(|i| {
            if i % 10 == 5 {
                2_000_000 + i as u32
            } else {
                near.0[i]
            }
        });
        let far = sig(|i| 5_000_000 + i as u32);
        index.insert("a", &fp(1, Some(base)));
        index.insert("x", &fp(2, Some(far)));
        index.insert("b", &fp(3, Some(near)));
        index.insert("c", &fp(4, Some(nearer)));
        assert_eq!(index.group_ids(), vec![vec!["a", "b", "c"]]);
    }

    /// a ~ b and b ~ c but not a ~ c: c does not chain into a's group.
    #[test]
    fn near_duplicate_chains_do_not_join() {
        let mut index = LshIndex::new(LshParams::default(), Fingerprinter::default());
        let a = sig(|i| i as u32);
        // b: a with the first 40 values changed (88 of 128 agree, 0.69).
        let b = sig(|i| if i < 40 { 10_000 + i as u32 } else { i as u32 });
        // c: b with the last 40 changed (0.69 with b, 48 of 128 with a).
        let c = sig(|i| if i >= 88 { 20_000 + i as u32 } else { b.0[i] });
        // d: a copy of c, inserted after it, joins c.
        let d = sig(|i| if i == 0 { 30_000 } else { c.0[i] });
        assert!(a.jaccard(&b) >= 0.65 && b.jaccard(&c) >= 0.65 && a.jaccard(&c) < 0.65);
        index.insert("a", &fp(1, Some(a)));
        index.insert("b", &fp(2, Some(b)));
        index.insert("c", &fp(3, Some(c)));
        index.insert("d", &fp(4, Some(d)));
        assert_eq!(index.group_ids(), vec![vec!["a", "b"], vec!["c", "d"]]);
        assert!(!index.same_group(1, 2));
    }

    /// A document verified against two groups joins the one whose
    /// representative is closer, not the first one met.
    #[test]
    fn a_document_joins_the_closest_representative() {
        let mut index = LshIndex::new(LshParams::default(), Fingerprinter::default());
        // r1 and r2 agree on 60 of 128 positions: two groups.
        let r1 = sig(|i| if i < 104 { i as u32 } else { 1_000 + i as u32 });
        let r2 = sig(|i| if i < 44 { 2_000 + i as u32 } else { i as u32 });
        // d agrees with r1 on 84 positions (0.66), with r2 on 104 (0.81).
        let d = sig(|i| if i < 20 { 2_000 + i as u32 } else { i as u32 });
        index.insert("r1", &fp(1, Some(r1)));
        index.insert("r2", &fp(2, Some(r2)));
        assert!(index.groups().is_empty());
        index.insert("d", &fp(3, Some(d)));
        assert_eq!(index.groups(), vec![vec![1, 2]]);
    }

    #[test]
    fn low_estimates_are_rejected_even_when_a_band_matches() {
        let mut index = LshIndex::new(LshParams::default(), Fingerprinter::default());
        // Same first band, all else different: a candidate, but J = 4/128.
        let a = sig(|i| i as u32);
        let b = sig(|i| if i < 4 { i as u32 } else { 9_000 + i as u32 });
        index.insert("a", &fp(1, Some(a)));
        index.insert("b", &fp(2, Some(b)));
        assert!(index.groups().is_empty());
    }

    #[test]
    fn exact_keys_group_without_signatures_and_missing_keys_never_group() {
        let mut index = LshIndex::new(LshParams::default(), Fingerprinter::default());
        let none = Fingerprint {
            exact: None,
            signature: None,
        };
        index.insert("e1", &none);
        index.insert("s1", &fp(42, None));
        index.insert("e2", &none);
        index.insert("s2", &fp(42, None));
        index.insert("s3", &fp(43, None));
        assert_eq!(index.group_ids(), vec![vec!["s1", "s2"]]);
    }

    #[test]
    fn snapshot_round_trips_through_json_and_checks_version() {
        let mut index = LshIndex::new(LshParams::default(), Fingerprinter::default());
        index.insert("a", &fp(1, Some(sig(|i| i as u32))));
        index.insert("b", &fp(1, Some(sig(|i| i as u32))));
        index.insert("c", &fp(2, Some(sig(|i| 3 + i as u32))));
        let json = serde_json::to_string(&index.snapshot()).unwrap_or_default();
        let snap: IndexSnapshot = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
        let mut back = LshIndex::from_snapshot(snap.clone()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back.group_ids(), index.group_ids());
        back.insert("d", &fp(3, Some(sig(|i| 3 + i as u32))));
        assert_eq!(back.group_ids(), vec![vec!["a", "b"], vec!["c", "d"]]);

        let old = IndexSnapshot {
            version: 0,
            ..snap.clone()
        };
        assert!(matches!(
            LshIndex::from_snapshot(old),
            Err(Error::SnapshotVersion { found: 0, .. })
        ));
        let short = json.replacen("[0,1,2,", "[", 1);
        assert!(serde_json::from_str::<IndexSnapshot>(&short).is_err());
    }
}
