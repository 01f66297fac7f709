//! The record database (redb): tables, their encodings, and the reads and
//! writes of one batch.
//!
//! | table | key | value |
//! | --- | --- | --- |
//! | `meta` | name | format version, last batch number, LSH header, story state |
//! | `articles` | article id | [`ArticleRecord`] as JSON (metadata, story id, batch, text key) |
//! | `texts` | text key ([`text_key`]: batch, then place in it) | raw and display text ([`encode_texts`]) |
//! | `exact` | exact-text key | id of the first article with that key |
//! | `batches` | batch number | JSON array of the batch's article ids |
//! | `stories` | story id | [`StoredStory`] as JSON (the last document built) |
//! | `pending` | story id | [`crate::PendingStory`] as JSON: a story whose members changed since its document was built |
//! | `lsh_docs` | insertion index | one LSH snapshot document ([`encode_lsh_doc`]) |
//!
//! Does not: decide anything about articles or stories; it only keeps what
//! the caller gives, in one write transaction per batch.

use chrono::{DateTime, FixedOffset};
use khabar_dedup::{Fingerprint, Fingerprinter, HASHES, LshParams, Signature, SnapshotDocument};
use redb::{ReadableTable, TableDefinition};
use serde::{Deserialize, Serialize};

use crate::{PendingStory, StoredStory};

pub(crate) const META: TableDefinition<&str, &[u8]> = TableDefinition::new("meta");
pub(crate) const ARTICLES: TableDefinition<&str, &[u8]> = TableDefinition::new("articles");
pub(crate) const TEXTS: TableDefinition<u64, &[u8]> = TableDefinition::new("texts");
pub(crate) const EXACT: TableDefinition<u64, &str> = TableDefinition::new("exact");
pub(crate) const BATCHES: TableDefinition<u64, &[u8]> = TableDefinition::new("batches");
pub(crate) const STORIES: TableDefinition<&str, &[u8]> = TableDefinition::new("stories");
pub(crate) const PENDING: TableDefinition<&str, &[u8]> = TableDefinition::new("pending");
pub(crate) const LSH_DOCS: TableDefinition<u64, &[u8]> = TableDefinition::new("lsh_docs");

/// `meta` keys.
pub(crate) const KEY_FORMAT: &str = "format_version";
pub(crate) const KEY_BATCH: &str = "batch";
pub(crate) const KEY_LSH_HEADER: &str = "lsh_header";
pub(crate) const KEY_STORY_STATE: &str = "story_state";

/// An article's metadata as stored (its texts live in `texts`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct ArticleRecord {
    pub source: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    pub published: Option<DateTime<FixedOffset>>,
    pub lang: Option<String>,
    pub exact_key: Option<u64>,
    pub story_id: String,
    pub batch: u64,
    /// The key of the article's texts in `texts` ([`text_key`]).
    pub text_key: u64,
}

/// The `texts` key of the article at place `index` of batch `seq`: the
/// batch number in the high 32 bits, the place in the low 32, so a batch
/// appends its texts after every earlier batch's. Keyed by article id
/// (random within an outlet), each batch rewrote a page of the table for
/// nearly every article it added, and left half-empty pages behind: on
/// 31k SaudiNewsNet articles, 37 of the table's 99 MB were unused space.
/// `None` past 2^32 batches or articles in a batch.
pub(crate) fn text_key(seq: u64, index: usize) -> Option<u64> {
    let seq = u32::try_from(seq).ok()?;
    let index = u32::try_from(index).ok()?;
    Some(u64::from(seq) << 32 | u64::from(index))
}

/// Everything of an [`khabar_dedup::IndexSnapshot`] but its documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct LshHeader {
    pub version: u32,
    pub hashes: usize,
    pub fingerprinter: Fingerprinter,
    pub params: LshParams,
}

/// A little-endian u64 from a `meta` value; `None` when it is not 8 bytes.
pub(crate) fn decode_u64(bytes: &[u8]) -> Option<u64> {
    Some(u64::from_le_bytes(bytes.try_into().ok()?))
}

/// A little-endian u32 from a `meta` value; `None` when it is not 4 bytes.
pub(crate) fn decode_u32(bytes: &[u8]) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.try_into().ok()?))
}

/// Tag of a `texts` value: an LZ4 block (size prepended) of the raw
/// text's length as a u64, the raw text, and the display text. One block
/// for both texts, so a display text that repeats the raw one costs little.
const LZ4_TEXTS: u8 = 1;

/// LZ4 cannot expand more than this; a larger declared size is damage.
const MAX_LZ4_RATIO: usize = 256;

/// `raw` and `display` as one `texts` value (see [`LZ4_TEXTS`]).
pub(crate) fn encode_texts(raw: &str, display: &str) -> Vec<u8> {
    let mut body = Vec::with_capacity(8 + raw.len() + display.len());
    body.extend_from_slice(&(raw.len() as u64).to_le_bytes());
    body.extend_from_slice(raw.as_bytes());
    body.extend_from_slice(display.as_bytes());
    let mut out = vec![LZ4_TEXTS];
    out.extend_from_slice(&lz4_flex::compress_prepend_size(&body));
    out
}

/// The raw and display texts of a `texts` value; `None` when it does not
/// decode.
pub(crate) fn decode_texts(bytes: &[u8]) -> Option<(String, String)> {
    let body = decode_body(bytes)?;
    let (len, rest) = body.split_at_checked(8)?;
    let len = usize::try_from(decode_u64(len)?).ok()?;
    let (raw, display) = rest.split_at_checked(len)?;
    Some((utf8(raw)?.to_owned(), utf8(display)?.to_owned()))
}

/// The display text alone from a `texts` value.
pub(crate) fn decode_display(bytes: &[u8]) -> Option<String> {
    let body = decode_body(bytes)?;
    let len = usize::try_from(decode_u64(body.get(..8)?)?).ok()?;
    let display = body.get(len.checked_add(8)?..)?;
    Some(utf8(display)?.to_owned())
}

/// `bytes` as text when they are UTF-8, checked with SIMD (std's check
/// was a twentieth of a story document's build on Arabic texts).
fn utf8(bytes: &[u8]) -> Option<&str> {
    simdutf8::basic::from_utf8(bytes).ok()
}

fn decode_body(bytes: &[u8]) -> Option<Vec<u8>> {
    let (&tag, block) = bytes.split_first()?;
    if tag != LZ4_TEXTS {
        return None;
    }
    let (size, compressed) = lz4_flex::block::uncompressed_size(block).ok()?;
    if size > compressed.len().saturating_mul(MAX_LZ4_RATIO) + 64 {
        return None;
    }
    lz4_flex::decompress_size_prepended(block).ok()
}

const HAS_EXACT: u8 = 1;
const HAS_SIGNATURE: u8 = 2;

/// One LSH snapshot document, compactly: id length (u32), id, flags, then
/// the exact key (u64) and the signature ([`HASHES`] u32) when present.
pub(crate) fn encode_lsh_doc(doc: &SnapshotDocument) -> Vec<u8> {
    let id = doc.id.as_bytes();
    let mut out = Vec::with_capacity(4 + id.len() + 1 + 8 + 4 * HASHES);
    out.extend_from_slice(&(id.len() as u32).to_le_bytes());
    out.extend_from_slice(id);
    let fp = &doc.fingerprint;
    let flags = if fp.exact.is_some() { HAS_EXACT } else { 0 }
        | if fp.signature.is_some() {
            HAS_SIGNATURE
        } else {
            0
        };
    out.push(flags);
    if let Some(exact) = fp.exact {
        out.extend_from_slice(&exact.to_le_bytes());
    }
    if let Some(signature) = &fp.signature {
        for value in signature.as_slice() {
            out.extend_from_slice(&value.to_le_bytes());
        }
    }
    out
}

/// The document of an [`encode_lsh_doc`] value; `None` when it does not
/// decode.
pub(crate) fn decode_lsh_doc(bytes: &[u8]) -> Option<SnapshotDocument> {
    let (len, rest) = bytes.split_at_checked(4)?;
    let len = usize::try_from(decode_u32(len)?).ok()?;
    let (id, rest) = rest.split_at_checked(len)?;
    let id = std::str::from_utf8(id).ok()?.to_owned();
    let (&flags, mut rest) = rest.split_first()?;
    let exact = if flags & HAS_EXACT != 0 {
        let (key, tail) = rest.split_at_checked(8)?;
        rest = tail;
        Some(decode_u64(key)?)
    } else {
        None
    };
    let signature = if flags & HAS_SIGNATURE != 0 {
        if rest.len() != 4 * HASHES {
            return None;
        }
        let mut values = [0u32; HASHES];
        for (value, chunk) in values.iter_mut().zip(rest.chunks_exact(4)) {
            *value = decode_u32(chunk)?;
        }
        Some(Signature(values))
    } else {
        if !rest.is_empty() {
            return None;
        }
        None
    };
    Some(SnapshotDocument {
        id,
        fingerprint: Fingerprint { exact, signature },
    })
}

/// The article ids of batch `seq`, from a `batches` table.
pub(crate) fn batch_ids<T: ReadableTable<u64, &'static [u8]>>(
    table: &T,
    seq: u64,
) -> Result<Option<Vec<String>>, BadRecord> {
    match table.get(seq).map_err(|e| BadRecord(e.to_string()))? {
        Some(value) => serde_json::from_slice(value.value())
            .map(Some)
            .map_err(|e| BadRecord(format!("batch {seq}: {e}"))),
        None => Ok(None),
    }
}

/// A stored record that does not decode (or cannot be read), with what and
/// why.
#[derive(Debug)]
pub(crate) struct BadRecord(pub String);

/// A story record from its JSON, its view read as `V` (see
/// [`Store::story`](crate::Store::story)).
pub(crate) fn decode_story<V: serde::de::DeserializeOwned>(
    id: &str,
    bytes: &[u8],
) -> Result<StoredStory<V>, BadRecord> {
    serde_json::from_slice(bytes).map_err(|e| BadRecord(format!("story {id:?}: {e}")))
}

/// An article record from its JSON.
pub(crate) fn decode_pending(id: &str, bytes: &[u8]) -> Result<PendingStory, BadRecord> {
    serde_json::from_slice(bytes).map_err(|e| BadRecord(format!("pending story {id:?}: {e}")))
}

pub(crate) fn decode_article(id: &str, bytes: &[u8]) -> Result<ArticleRecord, BadRecord> {
    serde_json::from_slice(bytes).map_err(|e| BadRecord(format!("article {id:?}: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn lsh_doc_round_trips() {
        let fingerprinter = Fingerprinter::default();
        let text = "أعلن البنك المركزي رفع سعر الفائدة بمقدار خمسين نقطة أساس لكبح التضخم.";
        for fingerprint in [
            fingerprinter.fingerprint(text),
            fingerprinter.fingerprint("قصير"),
            fingerprinter.fingerprint("!!!"),
        ] {
            let doc = SnapshotDocument {
                id: "sana-1".into(),
                fingerprint,
            };
            assert_eq!(decode_lsh_doc(&encode_lsh_doc(&doc)), Some(doc));
        }
    }

    #[test]
    fn text_keys_append_batch_after_batch() {
        // A batch's texts sort after every earlier batch's (so they are
        // appended to the table), in the batch's order.
        let keys: Vec<u64> = [(1, 0), (1, 1), (1, 999), (2, 0), (2, 5), (40, 0)]
            .into_iter()
            .map(|(seq, index)| text_key(seq, index).unwrap())
            .collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "{keys:?}");
        assert_eq!(text_key(u64::from(u32::MAX) + 1, 0), None);
        assert_eq!(text_key(3, usize::MAX), None);
    }

    #[test]
    fn texts_that_are_not_utf8_do_not_decode() {
        let raw = "قال المتحدث باسم الوزارة";
        // A display text cut inside a two-byte Arabic letter.
        let display = &"أعلنت الوزارة".as_bytes()[..5];
        let mut body = (raw.len() as u64).to_le_bytes().to_vec();
        body.extend_from_slice(raw.as_bytes());
        body.extend_from_slice(display);
        let mut bytes = vec![LZ4_TEXTS];
        bytes.extend_from_slice(&lz4_flex::compress_prepend_size(&body));
        // The framing is right (so the UTF-8 check is what refuses it).
        assert_eq!(
            decode_body(&bytes).map(|b| b.len()),
            Some(8 + raw.len() + display.len())
        );
        assert_eq!(decode_display(&bytes), None);
        assert_eq!(decode_texts(&bytes), None);
        // The same with the text whole decodes.
        let whole = encode_texts(raw, "أعلنت الوزارة");
        assert_eq!(decode_display(&whole).as_deref(), Some("أعلنت الوزارة"));
    }

    proptest! {
        #[test]
        fn text_keys_are_distinct(a in (0u64..1 << 32, 0usize..1 << 32), b in (0u64..1 << 32, 0usize..1 << 32)) {
            prop_assert_eq!(text_key(a.0, a.1) == text_key(b.0, b.1), a == b);
        }

        #[test]
        fn texts_round_trip(raw in "\\PC{0,40}", display in "\\PC{0,40}") {
            let bytes = encode_texts(&raw, &display);
            prop_assert_eq!(decode_texts(&bytes), Some((raw.clone(), display.clone())));
            prop_assert_eq!(decode_display(&bytes), Some(display.clone()));
        }

        #[test]
        fn garbage_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
            let _ = decode_texts(&bytes);
            let _ = decode_display(&bytes);
            let _ = decode_lsh_doc(&bytes);
        }
    }
}
