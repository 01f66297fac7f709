//! Text reuse in a set of articles: which pairs share passages, and which
//! article of a pair is the likely origin.
//!
//! [`find_reuse`] never compares all pairs. Each article's seeds (runs of
//! [`AlignParams::seed_words`] match-form words, as in [`crate::align`]) go
//! into one inverted index (a sorted list of `(seed, article)`); a seed found
//! in more than [`ReuseParams::max_seed_docs`] articles is boilerplate or a
//! stock phrase (a title such as "خادم الحرمين الشريفين الملك سلمان بن عبد
//! العزيز", in 20 of 1,000 SaudiNewsNet articles of one day) and is skipped,
//! both for finding candidates and as a seed when aligning them. Two articles become a candidate pair when
//! they share at least [`ReuseParams::min_shared_seeds`] seeds; only
//! candidates are aligned, in parallel.
//!
//! The origin of a pair is the article published earlier, when both times
//! are known and differ; otherwise `None`.
//!
//! Does not: read articles, or decide that two articles report one story.

use std::collections::HashMap;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::align::{AlignParams, Passage, Words, align_seeds, to_passage, words};

/// One article for [`find_reuse`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReuseDoc<'a> {
    /// The caller's id.
    pub id: &'a str,
    /// The display text.
    pub text: &'a str,
    /// Publication time in any monotonic unit (e.g. Unix seconds), if known.
    pub published: Option<i64>,
}

/// Two articles that share passages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReusePair {
    /// Id of the article that comes first in the input.
    pub a: String,
    /// Id of the other article.
    pub b: String,
    /// Id of the article published earlier, when both times are known and
    /// differ.
    pub origin: Option<String>,
    /// The shared passages, ordered by their position in `a`; offsets are
    /// into `a`'s and `b`'s display texts.
    pub passages: Vec<Passage>,
}

/// Settings of [`find_reuse`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReuseParams {
    /// How passages are found in one pair.
    pub align: AlignParams,
    /// Seeds in more articles than this are not indexed.
    pub max_seed_docs: usize,
    /// Shared seeds needed before a pair is aligned.
    pub min_shared_seeds: usize,
}

impl Default for ReuseParams {
    /// 16 articles per seed at most, 2 shared seeds (a short passage with
    /// one variant in its middle has only two). Measured on the first 1,000
    /// SaudiNewsNet articles of 2015-07-21: at most 32 articles per seed and
    /// 8-word passages gave 632 pairs, 241 of them sharing only an official's
    /// title; 16 and 12-word passages give 338 pairs, 35 of them with only
    /// passages under 16 words (about a third of those still titles).
    fn default() -> Self {
        ReuseParams {
            align: AlignParams::default(),
            max_seed_docs: 16,
            min_shared_seeds: 2,
        }
    }
}

/// All pairs of `docs` that share at least one passage, ordered by `a` then
/// `b` (input order), with the default [`ReuseParams`].
pub fn find_reuse(docs: &[ReuseDoc<'_>]) -> Vec<ReusePair> {
    find_reuse_with(docs, &ReuseParams::default())
}

/// [`find_reuse`] with explicit parameters.
pub fn find_reuse_with(docs: &[ReuseDoc<'_>], params: &ReuseParams) -> Vec<ReusePair> {
    let p = params.align;
    let n = p.seed_words.max(1);
    let prepared: Vec<(Words, Vec<u64>)> = docs
        .par_iter()
        .map(|d| {
            let w = words(d.text, p.max_words);
            let seeds = w.seeds(n);
            (w, seeds)
        })
        .collect();

    let (candidates, common) = candidate_pairs(&prepared, params);
    let mut pairs: Vec<ReusePair> = candidates
        .par_iter()
        .filter_map(|&(x, y)| {
            let (da, db) = (docs.get(x)?, docs.get(y)?);
            let ((wa, sa), (wb, sb)) = (prepared.get(x)?, prepared.get(y)?);
            let mut in_b: HashMap<u64, Vec<u32>> = HashMap::with_capacity(sb.len());
            for (j, &s) in sb.iter().enumerate() {
                if common.binary_search(&s).is_err() {
                    in_b.entry(s).or_default().push(j as u32);
                }
            }
            let passages: Vec<Passage> = align_seeds(wa, sa, wb, &in_b, &p)
                .iter()
                .filter_map(|w| to_passage(w, wa, wb, da.text))
                .collect();
            if passages.is_empty() {
                return None;
            }
            let origin = match (da.published, db.published) {
                (Some(ta), Some(tb)) if ta < tb => Some(da.id.to_owned()),
                (Some(ta), Some(tb)) if tb < ta => Some(db.id.to_owned()),
                _ => None,
            };
            Some(ReusePair {
                a: da.id.to_owned(),
                b: db.id.to_owned(),
                origin,
                passages,
            })
        })
        .collect();
    pairs.sort_by(|x, y| (&x.a, &x.b).cmp(&(&y.a, &y.b)));
    pairs
}

/// Pairs `(x, y)`, `x < y`, sharing at least `min_shared_seeds` indexed
/// seeds, sorted; and the sorted seeds too common to index.
fn candidate_pairs(
    prepared: &[(Words, Vec<u64>)],
    params: &ReuseParams,
) -> (Vec<(usize, usize)>, Vec<u64>) {
    let mut postings: Vec<(u64, u32)> = prepared
        .par_iter()
        .enumerate()
        .flat_map_iter(|(doc, (_, seeds))| {
            let mut unique = seeds.clone();
            unique.sort_unstable();
            unique.dedup();
            unique.into_iter().map(move |s| (s, doc as u32))
        })
        .collect();
    postings.par_sort_unstable();

    let mut pair_keys: Vec<u64> = Vec::new();
    let mut common: Vec<u64> = Vec::new();
    for run in postings.chunk_by(|x, y| x.0 == y.0) {
        if run.len() > params.max_seed_docs {
            common.extend(run.first().map(|r| r.0));
            continue;
        }
        if run.len() < 2 {
            continue;
        }
        for (k, &(_, x)) in run.iter().enumerate() {
            for &(_, y) in run.iter().skip(k + 1) {
                pair_keys.push((u64::from(x) << 32) | u64::from(y));
            }
        }
    }
    pair_keys.par_sort_unstable();
    let pairs = pair_keys
        .chunk_by(|x, y| x == y)
        .filter(|run| run.len() >= params.min_shared_seeds.max(1))
        .filter_map(|run| run.first())
        .map(|&key| ((key >> 32) as usize, (key & 0xFFFF_FFFF) as usize))
        .collect();
    (pairs, common)
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIRE: &str = "أعلنت وزارة الصحة إطلاق حملة وطنية للتطعيم تستهدف أكثر من ثلاثمئة ألف \
        طفل في المناطق الريفية خلال الأسابيع الأربعة المقبلة بالتعاون مع منظمة الصحة العالمية";
    const WIRE_VARIANT: &str = "اعلنت وزارة الصحة اطلاق حملة وطنيّة للتطعيم تستهدف اكثر من ٣٠٠ ألف \
        طفل في المناطق الريفيه خلال الاسابيع الاربعة المقبلة بالتعاون مع منظمة الصحة العالمية";

    #[test]
    fn finds_the_reusing_pairs_and_the_origin() {
        let a = format!("الرياض - واس: {WIRE}. وأضاف البيان أن الفرق جاهزة.");
        let b = format!("نشرت الصحيفة تقريرا عن الأسعار. {WIRE_VARIANT}، بحسب الوزارة.");
        let c = "فاز فريق الهلال على ضيفه النصر بنتيجة هدفين مقابل هدف في الدوري المحلي \
            وسط حضور جماهيري كبير في ملعب الرياض الدولي";
        let docs = [
            ReuseDoc {
                id: "b",
                text: &b,
                published: Some(200),
            },
            ReuseDoc {
                id: "c",
                text: c,
                published: Some(50),
            },
            ReuseDoc {
                id: "a",
                text: &a,
                published: Some(100),
            },
            ReuseDoc {
                id: "empty",
                text: "",
                published: None,
            },
        ];
        let pairs = find_reuse(&docs);
        assert_eq!(pairs.len(), 1, "{pairs:?}");
        let pair = &pairs[0];
        assert_eq!((pair.a.as_str(), pair.b.as_str()), ("b", "a"));
        assert_eq!(pair.origin.as_deref(), Some("a"));
        assert_eq!(pair.passages.len(), 1);
        let passage = &pair.passages[0];
        assert_eq!(passage.text, WIRE_VARIANT);
        let a_at = a.find(WIRE).map(|i| a[..i].chars().count());
        assert_eq!(Some(passage.b_start), a_at);
        assert_eq!(passage.b_end - passage.b_start, WIRE.chars().count());
    }

    #[test]
    fn boilerplate_seeds_in_too_many_documents_make_no_pairs() {
        let footer = "اترك تعليقا لن يتم نشر عنوان بريدك الإلكتروني الحقول الإلزامية مشار إليها";
        let bodies = [
            "ارتفع سعر صرف الدولار أمام العملة المحلية",
            "توقعت الأرصاد الجوية أمطارا غزيرة على الساحل",
            "افتتح المحافظ مشروعا لتحلية مياه البحر",
            "تأهل المنتخب إلى الدور نصف النهائي",
        ];
        let texts: Vec<String> = bodies.iter().map(|b| format!("{b}. {footer}")).collect();
        let docs: Vec<ReuseDoc<'_>> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| ReuseDoc {
                id: bodies[i],
                text: t,
                published: None,
            })
            .collect();
        let strict = ReuseParams {
            max_seed_docs: 3,
            ..ReuseParams::default()
        };
        assert_eq!(find_reuse_with(&docs, &strict), Vec::new());
        // With the boilerplate allowed, every pair shares the footer.
        let loose = ReuseParams {
            max_seed_docs: 4,
            ..ReuseParams::default()
        };
        let pairs = find_reuse_with(&docs, &loose);
        assert_eq!(pairs.len(), 6);
        assert!(pairs.iter().all(|p| p.origin.is_none()));
    }
}
