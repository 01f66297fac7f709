//! The banded LSH index: near-duplicate candidates, verified, grouped.
//!
//! [`LshIndex::insert`] adds one document at a time: its exact key is looked
//! up first (an exact duplicate joins its first copy and is not banded, since
//! its signature is the same), then each of the `bands` slices of `rows`
//! signature values is hashed (xxh3) into a bucket. Every earlier document
//! met in one of the buckets is a candidate; a candidate whose signature
//! agrees with the new one on at least `threshold` of the positions (the
//! MinHash Jaccard estimate) is joined to it with union-find. Groups are the
//! union-find sets, so near-duplicate chains (a ~ b ~ c) form one group.
//!
//! Buckets are chains through a flat `next` array (one `u32` per document
//! and band), so memory is about `bands * 12` bytes per document for the
//! bucket heads plus `bands * 4` for the chains, beside the 512-byte
//! signature.
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
pub const SNAPSHOT_VERSION: u32 = 1;

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
    slot_doc: Vec<u32>,
    first_exact: PrehashedMap<u32>,
    /// Per band: bucket key -> most recent slot in it.
    heads: Vec<PrehashedMap<u32>>,
    /// `next[slot * bands + band]`: the previous slot in that bucket.
    next: Vec<u32>,
    /// Per slot: the slot being inserted when it was last met (dedups
    /// candidates across bands).
    seen: Vec<u32>,
    parent: Vec<u32>,
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
            slot_doc: Vec::new(),
            first_exact: PrehashedMap::default(),
            heads: (0..params.bands).map(|_| PrehashedMap::default()).collect(),
            next: Vec::new(),
            seen: Vec::new(),
            parent: Vec::new(),
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

    /// Adds one document and joins it to its verified near duplicates.
    /// Returns its document number (insertion order, from 0). Ids need not
    /// be unique: each insert is a new document.
    pub fn insert(&mut self, id: impl Into<String>, fingerprint: &Fingerprint) -> usize {
        let doc = self.ids.len() as u32;
        self.ids.push(id.into());
        self.parent.push(doc);
        self.doc_slot.push(NONE);
        self.exact.push(fingerprint.exact);
        if let Some(key) = fingerprint.exact {
            if let Some(&first) = self.first_exact.get(&key) {
                self.union(doc, first);
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
        self.parent.reserve(n);
        self.doc_slot.reserve(n);
        self.exact.reserve(n);
        self.signatures.reserve(n);
        self.slot_doc.reserve(n);
        self.seen.reserve(n);
        self.next.reserve(n.saturating_mul(self.params.bands));
        for h in &mut self.heads {
            h.reserve(n);
        }
    }

    fn insert_signature(&mut self, doc: u32, signature: &Signature) {
        let slot = self.signatures.len() as u32;
        let bands = self.params.bands;
        let threshold = self.params.threshold;
        self.band_keys(signature);
        let min_equal = min_equal(threshold);
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
                match self.seen.get_mut(c) {
                    Some(s) if *s != slot => *s = slot,
                    _ => continue,
                }
                let Some(&other) = self.slot_doc.get(c) else {
                    continue;
                };
                if self.find(other) == self.find(doc) {
                    continue;
                }
                self.verified += 1;
                let close = self
                    .signatures
                    .get(c)
                    .is_some_and(|s| s.agrees_at_least(signature, min_equal));
                if close {
                    self.union(doc, other);
                }
            }
        }
        self.signatures.push(signature.clone());
        self.slot_doc.push(doc);
        self.seen.push(slot);
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

    fn find(&mut self, mut x: u32) -> u32 {
        loop {
            let p = self.parent.get(x as usize).copied().unwrap_or(x);
            if p == x {
                return x;
            }
            let gp = self.parent.get(p as usize).copied().unwrap_or(p);
            if let Some(slot) = self.parent.get_mut(x as usize) {
                *slot = gp;
            }
            x = gp;
        }
    }

    /// Joins two documents; the earlier root stays the root.
    fn union(&mut self, a: u32, b: u32) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (root, child) = (ra.min(rb), ra.max(rb));
            if let Some(p) = self.parent.get_mut(child as usize) {
                *p = root;
            }
        }
    }

    /// True when documents `a` and `b` are in one group.
    pub fn same_group(&mut self, a: usize, b: usize) -> bool {
        a < self.len() && b < self.len() && self.find(a as u32) == self.find(b as u32)
    }

    /// The groups of two or more documents, as document numbers in insertion
    /// order; groups are ordered by their first document.
    pub fn groups(&mut self) -> Vec<Vec<usize>> {
        let n = self.len() as u32;
        let mut by_root: PrehashedMap<Vec<usize>> = PrehashedMap::default();
        let mut roots = Vec::new();
        for doc in 0..n {
            let root = self.find(doc);
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
    pub fn group_ids(&mut self) -> Vec<Vec<String>> {
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
    fn verified_candidates_group_and_chain() {
        let mut index = LshIndex::new(LshParams::default(), Fingerprinter::default());
        let base = sig(|i| i as u32 * 7);
        // 90% agreement with base, then 90% with that: a chain.
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
