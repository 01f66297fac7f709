//! Text reuse in a set of articles: which pairs share passages, and which
//! article of a pair is the likely origin.
//!
//! [`find_reuse`] never compares all pairs. Each article's seeds (runs of
//! [`AlignParams::seed_words`] match-form words, as in [`crate::align`]) go
//! into one inverted index (a sorted list of `(seed, article)`). A seed found
//! in more than [`ReuseParams::max_seed_docs`] (16) articles *published
//! within one [`ReuseParams::seed_window_seconds`] (24 h)* is boilerplate or
//! a stock phrase (a title such as "خادم الحرمين الشريفين الملك سلمان بن عبد
//! العزيز", in 20 of 1,000 SaudiNewsNet articles of one day) and is skipped,
//! both for finding candidates and as a seed when aligning them. A seed in
//! more than 16 articles overall but at most 16 within any window pairs only
//! articles published within the window of each other, so the work per seed
//! stays bounded by `16 x` its articles as the corpus grows. Articles without
//! a time count in every window; with no times at all the cap is the plain
//! count (the rule before). Two articles become a candidate pair when they
//! share at least [`ReuseParams::min_shared_seeds`] seeds; only candidates
//! are aligned, in parallel.
//!
//! A passage shorter than [`ReuseParams::formula_words`] (16 words) is kept
//! only when one of its shared seeds is found in at most
//! [`ReuseParams::formula_max_docs`] (4) articles: a 12-15-word run whose
//! every seed is in many articles is an official's name and title or a
//! statement template, not reuse.
//!
//! # Measured (31,030 SaudiNewsNet articles, 18 days, 2 shared cores)
//!
//! | rule | pairs | day-run pairs missed (of 27,135) | of which > 50 % of an article | peak RSS |
//! | --- | ---: | ---: | ---: | ---: |
//! | cap 16 over the whole input (before) | 56,852 | 6,570 | 163 | 680 MB |
//! | cap 16 within 12 h | 66,328 | 2,809 | 31 | 722 MB |
//! | **cap 16 within 24 h** | 65,743 | 3,785 | 11 | 720 MB |
//! | cap 16 within 72 h | 64,281 | 5,537 | 91 | 711 MB |
//! | **24 h + formula filter (4 articles)** (default) | 58,008 | 5,590 | 20 | 690 MB |
//!
//! Wall time, one back-to-back run of both builds: 14.3 s before, 13.0 s
//! with the defaults (the formula filter makes fewer passages).
//! "Day-run pairs" are the pairs of 18 runs over one day file each. The
//! formula filter at 4 articles drops 7,735 pairs (short-only pairs 11,041
//! to 3,386); 18 of 20 sampled dropped pairs were titles and formulas
//! ("المشرف العام على مركز الملك سلمان للإغاثة والأعمال الإنسانية الدكتور
//! عبدالله الربيعة"), 2 were short real lines (an oil-price sentence, a
//! training note). At 2 articles it drops 9,126, at 8 only 5,367. Not
//! caught: long templates (an execution statement of 50+ words shared with
//! another execution statement): every seed of theirs is as frequent as a
//! wire item's. On 1,000 articles of one day the window changes nothing
//! (337 pairs) and the formula filter drops 5 (332); 0.45 s wall, as before.
//!
//! The origin of a pair is the article published earlier, when both times
//! are known and differ; otherwise `None`.
//!
//! Does not: read articles, or decide that two articles report one story.

use std::collections::HashMap;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::align::{
    AlignParams, Passage, SeedPositions, WordPassage, Words, align_seeds, to_passage, words,
};

/// One article for [`find_reuse`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReuseDoc<'a> {
    /// The caller's id.
    pub id: &'a str,
    /// The display text.
    pub text: &'a str,
    /// Publication time in Unix seconds, if known (any unit works for the
    /// origin; the seed window of [`ReuseParams`] is in seconds).
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
    /// A seed found in more articles than this *within any
    /// `seed_window_seconds`* (articles without a time count in every
    /// window) is boilerplate or a stock phrase and is not indexed.
    pub max_seed_docs: usize,
    /// The window of [`ReuseParams::max_seed_docs`], in the unit of
    /// [`ReuseDoc::published`] (seconds). A seed in more than
    /// `max_seed_docs` articles overall but not within one window pairs
    /// only articles published within the window of each other.
    pub seed_window_seconds: i64,
    /// Passages shorter than this many words (on the longer side) must
    /// contain a rare seed to be kept (see `formula_max_docs`).
    pub formula_words: usize,
    /// A seed found in at most this many articles is rare; a short passage
    /// with none is a stock formula (a title, a statement template) and is
    /// dropped. 0 drops every passage under `formula_words`.
    pub formula_max_docs: usize,
    /// Shared seeds needed before a pair is aligned.
    pub min_shared_seeds: usize,
}

impl Default for ReuseParams {
    /// 16 articles per seed within 24 h at most, 2 shared seeds (a short
    /// passage with one variant in its middle has only two), passages under
    /// 16 words need a seed in at most 4 articles. Measured on the first 1,000
    /// SaudiNewsNet articles of 2015-07-21: at most 32 articles per seed and
    /// 8-word passages gave 632 pairs, 241 of them sharing only an official's
    /// title; 16 and 12-word passages give 338 pairs, 35 of them with only
    /// passages under 16 words (about a third of those still titles).
    fn default() -> Self {
        ReuseParams {
            align: AlignParams::default(),
            max_seed_docs: 16,
            seed_window_seconds: 86_400,
            formula_words: 16,
            formula_max_docs: 4,
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
    find_reuse_known(docs, None, params)
}

/// [`find_reuse`] of `docs` when the pairs among some of them are known
/// already: `known` is what [`find_reuse`] gave for the documents of `docs`
/// that `is_new` marks `false` (the "old" ones), alone; the result is what
/// [`find_reuse`] gives for all of `docs` (proptest-checked), with the
/// known pairs' passages copied as given.
///
/// Only the pairs that can have changed are aligned: pairs with a new
/// document, and pairs of old documents that share a seed found in a new
/// document (adding documents changes a seed's count, which decides
/// whether it is too common to use, and whether a short passage is a
/// stock formula). A known pair whose documents now come in the other
/// order is aligned again too. Every document is still read into words
/// and seeds: that is what finds the candidates.
///
/// A story that grows article by article is the use: each new member
/// costs its own pairs, not all of the story's again.
pub fn find_reuse_update(
    docs: &[ReuseDoc<'_>],
    is_new: &[bool],
    known: &[ReusePair],
) -> Vec<ReusePair> {
    find_reuse_update_with(docs, is_new, known, &ReuseParams::default())
}

/// [`find_reuse_update`] with explicit parameters (those `known` was found
/// with).
pub fn find_reuse_update_with(
    docs: &[ReuseDoc<'_>],
    is_new: &[bool],
    known: &[ReusePair],
    params: &ReuseParams,
) -> Vec<ReusePair> {
    find_reuse_known(docs, Some((is_new, known)), params)
}

/// [`find_reuse_with`], reusing `known` pairs of old documents (see
/// [`find_reuse_update`]) when given.
fn find_reuse_known(
    docs: &[ReuseDoc<'_>],
    known: Option<(&[bool], &[ReusePair])>,
    params: &ReuseParams,
) -> Vec<ReusePair> {
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

    let published: Vec<Option<i64>> = docs.iter().map(|d| d.published).collect();
    let Seeds {
        pairs: candidates,
        common,
        shared,
    } = candidate_pairs(&prepared, &published, params);

    // With known pairs: the candidates whose result may have changed are
    // aligned, the others copied (or, when not known, have none).
    let (candidates, mut pairs) = match known {
        None => (candidates, Vec::new()),
        Some((is_new, known)) => split_known(docs, &prepared, &candidates, is_new, known),
    };

    let align_pair = |x: usize, y: usize, in_b: &SeedPositions| {
        let (da, db) = (docs.get(x)?, docs.get(y)?);
        let ((wa, sa), (wb, _)) = (prepared.get(x)?, prepared.get(y)?);
        let passages: Vec<Passage> = align_seeds(wa, sa, wb, in_b, &p)
            .iter()
            .filter(|w| !is_formula(w, sa, in_b, &shared, n, params))
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
    };
    // Pairs by their second article, whose seed positions are then built
    // once for all its pairs (it is the second of many in a big story).
    let mut by_second: Vec<(usize, usize)> = candidates.iter().map(|&(x, y)| (y, x)).collect();
    by_second.sort_unstable();
    let runs: Vec<&[(usize, usize)]> = by_second.chunk_by(|a, b| a.0 == b.0).collect();
    let aligned: Vec<ReusePair> = runs
        .par_iter()
        .flat_map_iter(|run| {
            let y = run.first().map_or(0, |r| r.0);
            let in_b = prepared
                .get(y)
                .map_or_else(SeedPositions::default, |(_, sb)| {
                    SeedPositions::of(sb, |s| common.binary_search(&s).is_err())
                });
            run.iter()
                .filter_map(|&(y, x)| align_pair(x, y, &in_b))
                .collect::<Vec<_>>()
        })
        .collect();
    pairs.extend(aligned);
    pairs.sort_by(|x, y| (&x.a, &x.b).cmp(&(&y.a, &y.b)));
    pairs
}

/// Splits `candidates` into those to align and the known pairs that stand
/// as they were: a candidate of two old documents that share no seed
/// found in a new document, in the known orientation, is unchanged (every
/// seed it is aligned on has the counts it had); copied when known, and
/// without passages when not.
fn split_known(
    docs: &[ReuseDoc<'_>],
    prepared: &[(Words, Vec<u64>)],
    candidates: &[(usize, usize)],
    is_new: &[bool],
    known: &[ReusePair],
) -> (Vec<(usize, usize)>, Vec<ReusePair>) {
    let new = |i: usize| is_new.get(i).copied().unwrap_or(true);
    let mut new_seeds: Vec<u64> = prepared
        .iter()
        .enumerate()
        .filter(|&(i, _)| new(i))
        .flat_map(|(_, (_, seeds))| seeds.iter().copied())
        .collect();
    new_seeds.sort_unstable();
    new_seeds.dedup();
    // Each old document's seeds that a new document has too, sorted.
    let touched: Vec<Vec<u64>> = prepared
        .iter()
        .enumerate()
        .map(|(i, (_, seeds))| {
            if new(i) {
                return Vec::new();
            }
            let mut t: Vec<u64> = seeds
                .iter()
                .copied()
                .filter(|s| new_seeds.binary_search(s).is_ok())
                .collect();
            t.sort_unstable();
            t.dedup();
            t
        })
        .collect();
    let by_ids: HashMap<(&str, &str), &ReusePair> = known
        .iter()
        .map(|pair| ((pair.a.as_str(), pair.b.as_str()), pair))
        .collect();
    let mut align = Vec::new();
    let mut kept = Vec::new();
    for &(x, y) in candidates {
        let (Some(dx), Some(dy)) = (docs.get(x), docs.get(y)) else {
            continue;
        };
        let unchanged = !new(x)
            && !new(y)
            && !shares_any(
                touched.get(x).map_or(&[][..], Vec::as_slice),
                touched.get(y).map_or(&[][..], Vec::as_slice),
            )
            && !by_ids.contains_key(&(dy.id, dx.id));
        if !unchanged {
            align.push((x, y));
        } else if let Some(pair) = by_ids.get(&(dx.id, dy.id)) {
            kept.push((*pair).clone());
        }
    }
    (align, kept)
}

/// True when two sorted lists have an element in common.
fn shares_any(a: &[u64], b: &[u64]) -> bool {
    let (mut i, mut j) = (0, 0);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

/// True when a passage shorter than [`ReuseParams::formula_words`] has no
/// seed shared with `b` that is found in at most
/// [`ReuseParams::formula_max_docs`] articles: a stock formula.
fn is_formula(
    w: &WordPassage,
    a_seeds: &[u64],
    in_b: &SeedPositions,
    shared: &[(u64, u32)],
    n: usize,
    params: &ReuseParams,
) -> bool {
    if w.a.len().max(w.b.len()) >= params.formula_words {
        return false;
    }
    let last = w.a.end.saturating_sub(n);
    let rare = a_seeds
        .get(w.a.start..=last.max(w.a.start))
        .unwrap_or(&[])
        .iter()
        .filter(|s| in_b.contains_key(s))
        .any(|s| {
            shared.binary_search_by_key(s, |e| e.0).is_ok_and(|k| {
                shared
                    .get(k)
                    .is_some_and(|e| e.1 as usize <= params.formula_max_docs)
            })
        });
    !rare
}

/// Lists shorter than this are sorted on the calling thread.
const PARALLEL_SORT_MIN: usize = 1 << 16;

/// Sorts `keys` (plain values: equal ones are indistinguishable, so the
/// order is the same either way): across threads when there are many, on
/// this one when few. A story's keys are few, and stories are built in
/// parallel already; rayon's sort of a few thousand keys cost more than
/// std's.
fn sort_keys<T: Ord + Send>(keys: &mut [T]) {
    if keys.len() >= PARALLEL_SORT_MIN {
        keys.par_sort_unstable();
    } else {
        keys.sort_unstable();
    }
}

/// [`sort_keys`] for keys that come as sorted runs (each article's seeds):
/// the stable sort finds the runs and merges them, where the unstable one
/// sorts from scratch. Equal keys are indistinguishable, so the order is
/// the same either way.
fn sort_runs<T: Ord + Send>(keys: &mut [T]) {
    if keys.len() >= PARALLEL_SORT_MIN {
        keys.par_sort();
    } else {
        keys.sort();
    }
}

/// What the inverted index of seeds gives [`find_reuse_with`].
struct Seeds {
    /// Candidate pairs `(x, y)`, `x < y`, sorted.
    pairs: Vec<(usize, usize)>,
    /// Seeds too common to index, sorted.
    common: Vec<u64>,
    /// Every seed in two or more articles with their number, sorted.
    shared: Vec<(u64, u32)>,
}

/// Pairs `(x, y)`, `x < y`, sharing at least `min_shared_seeds` indexed
/// seeds, the seeds too common to index, and the number of articles of
/// every seed in two or more.
fn candidate_pairs(
    prepared: &[(Words, Vec<u64>)],
    published: &[Option<i64>],
    params: &ReuseParams,
) -> Seeds {
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
    sort_runs(&mut postings);

    let mut pair_keys: Vec<u64> = Vec::new();
    let mut common: Vec<u64> = Vec::new();
    let mut timed: Vec<(i64, u32)> = Vec::new();
    let mut untimed: Vec<u32> = Vec::new();
    let mut shared: Vec<(u64, u32)> = Vec::new();
    let key = |x: u32, y: u32| (u64::from(x.min(y)) << 32) | u64::from(x.max(y));
    for run in postings.chunk_by(|x, y| x.0 == y.0) {
        if run.len() < 2 {
            continue;
        }
        shared.extend(run.first().map(|r| (r.0, run.len() as u32)));
        if run.len() <= params.max_seed_docs {
            for (k, &(_, x)) in run.iter().enumerate() {
                for &(_, y) in run.iter().skip(k + 1) {
                    pair_keys.push(key(x, y));
                }
            }
            continue;
        }
        // More articles than the cap: count them within the time window.
        timed.clear();
        untimed.clear();
        for &(_, doc) in run {
            match published.get(doc as usize).copied().flatten() {
                Some(t) => timed.push((t, doc)),
                None => untimed.push(doc),
            }
        }
        timed.sort_unstable();
        let window = params.seed_window_seconds.max(0);
        let within = |i: usize| {
            let start = timed.get(i).map_or(0, |t| t.0);
            timed
                .iter()
                .skip(i + 1)
                .take_while(|t| t.0.saturating_sub(start) <= window)
                .count()
        };
        let densest = (0..timed.len()).map(|i| 1 + within(i)).max().unwrap_or(0);
        if densest + untimed.len() > params.max_seed_docs {
            common.extend(run.first().map(|r| r.0));
            continue;
        }
        for (i, &(start, x)) in timed.iter().enumerate() {
            for &(_, y) in timed
                .iter()
                .skip(i + 1)
                .take_while(|t| t.0.saturating_sub(start) <= window)
            {
                pair_keys.push(key(x, y));
            }
        }
        for (k, &x) in untimed.iter().enumerate() {
            for &(_, y) in run {
                if y != x && !untimed.get(..k).is_some_and(|done| done.contains(&y)) {
                    pair_keys.push(key(x, y));
                }
            }
        }
    }
    sort_keys(&mut pair_keys);
    let pairs = pair_keys
        .chunk_by(|x, y| x == y)
        .filter(|run| run.len() >= params.min_shared_seeds.max(1))
        .filter_map(|run| run.first())
        .map(|&key| ((key >> 32) as usize, (key & 0xFFFF_FFFF) as usize))
        .collect();
    Seeds {
        pairs,
        common,
        shared,
    }
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

    fn docs_with<'a>(texts: &'a [String], times: &[Option<i64>]) -> Vec<ReuseDoc<'a>> {
        texts
            .iter()
            .zip(times)
            .map(|(t, &published)| ReuseDoc {
                id: t.split(' ').next().unwrap_or(""),
                text: t,
                published,
            })
            .collect()
    }

    const BODIES: [&str; 6] = [
        "ارتفع سعر صرف الدولار أمام العملة المحلية في تعاملات الصباح",
        "توقعت الأرصاد الجوية أمطارا غزيرة على الساحل الغربي غدا",
        "افتتح المحافظ مشروعا لتحلية مياه البحر في المدينة الصناعية",
        "تأهل المنتخب إلى الدور نصف النهائي بعد فوز صعب على ضيفه",
        "أعلنت الجامعة بدء التسجيل للفصل الدراسي الأول عبر موقعها",
        "وقعت الشركة عقدا لإنشاء محطة كهرباء جديدة شمال البلاد",
    ];

    /// A wire item reprinted by three outlets on day 0 and three on day
    /// 30: six articles, but never more than three within a day.
    #[test]
    fn the_seed_cap_counts_articles_within_the_time_window() {
        let texts: Vec<String> = BODIES.iter().map(|b| format!("{b}. {WIRE}")).collect();
        let day = 86_400;
        let times = [0, 3_600, 7_200, 30 * day, 30 * day + 60, 30 * day + 120].map(Some);
        let params = ReuseParams {
            max_seed_docs: 4,
            ..ReuseParams::default()
        };
        let pairs = find_reuse_with(&docs_with(&texts, &times), &params);
        // Pairs by input position: (0, 1), (0, 2), (1, 2), (3, 4), (3, 5), (4, 5).
        let position = |id: &str| BODIES.iter().position(|b| b.starts_with(id));
        let mut found: Vec<_> = pairs
            .iter()
            .map(|p| (position(&p.a), position(&p.b)))
            .map(|(x, y)| (x.min(y), x.max(y)))
            .collect();
        found.sort();
        let expected =
            [(0, 1), (0, 2), (1, 2), (3, 4), (3, 5), (4, 5)].map(|(x, y)| (Some(x), Some(y)));
        assert_eq!(found, expected);
        // Without times all six count at once: the seeds are too common.
        let untimed = find_reuse_with(&docs_with(&texts, &[None; 6]), &params);
        assert_eq!(untimed, Vec::new());
        // Within one day, six articles are over the cap too.
        let same_day = [0, 60, 120, 180, 240, 300].map(Some);
        assert_eq!(
            find_reuse_with(&docs_with(&texts, &same_day), &params),
            Vec::new()
        );
    }

    /// A 13-word official's title in many articles is a stock formula; the
    /// same words in two articles only are kept.
    #[test]
    fn short_passages_need_a_rare_seed() {
        // 13 words; 15 with the "وقال ... إن" around it in every article.
        let title =
            "رئيس قسم الأرصاد ومدير مركز أبحاث التغير المناخي بجامعة الملك عبدالعزيز منصور الحربي";
        let texts: Vec<String> = BODIES
            .iter()
            .map(|b| format!("{b}. وقال {title} إن"))
            .collect();
        let times = [Some(0); 6];
        let pairs = find_reuse_with(&docs_with(&texts, &times), &ReuseParams::default());
        assert_eq!(pairs, Vec::new());
        let two = find_reuse_with(
            &docs_with(&texts[..2], &times[..2]),
            &ReuseParams::default(),
        );
        assert_eq!(two.len(), 1, "{two:?}");
        assert!(two[0].passages[0].text.contains("عبدالعزيز منصور الحربي"));
        let no_filter = ReuseParams {
            formula_words: 0,
            ..ReuseParams::default()
        };
        assert_eq!(
            find_reuse_with(&docs_with(&texts, &times), &no_filter).len(),
            15
        );
    }

    /// Sentences of news copy; documents are made of a few of them, so
    /// that many share passages, some in many documents at once.
    const SENTENCES: [&str; 8] = [
        "أعلنت وزارة الصحة إطلاق حملة وطنية للتطعيم تستهدف أكثر من ثلاثمئة ألف طفل في المناطق الريفية خلال الأسابيع الأربعة المقبلة",
        "وقال المتحدث باسم الوزارة إن الفرق الطبية جاهزة للانتشار في جميع المحافظات بالتعاون مع منظمة الصحة العالمية واليونيسف",
        "ارتفع سعر صرف الدولار أمام العملة المحلية في تعاملات الصباح وسط توقعات بمزيد من الصعود خلال الأسبوع الجاري",
        "افتتح أمير المنطقة مشروعا لتحلية مياه البحر في المدينة الصناعية بطاقة إنتاجية تبلغ مئة ألف متر مكعب يوميا",
        "تأهل المنتخب الوطني إلى الدور نصف النهائي من البطولة بعد فوز صعب على ضيفه بهدفين مقابل هدف",
        "رئيس قسم الأرصاد ومدير مركز أبحاث التغير المناخي بجامعة الملك عبدالعزيز منصور الحربي",
        "The central bank raised its main interest rate by half a percentage point on Tuesday citing persistent inflation",
        "وأكد البيان أن العمل سيستمر حتى اكتمال المشروع في موعده المحدد دون أي تأخير يذكر",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        /// Known pairs of the old documents plus the new ones give what
        /// the whole set gives, whatever the seed cap makes common.
        #[test]
        fn an_update_equals_finding_reuse_over_all(
            picks in proptest::collection::vec(
                (proptest::collection::vec(0usize..8, 1..5), proptest::option::of(0i64..4), proptest::bool::ANY),
                2..12,
            ),
            cap in 2usize..6,
        ) {
            let texts: Vec<String> = picks
                .iter()
                .enumerate()
                .map(|(i, (s, _, _))| {
                    let body: Vec<&str> = s.iter().filter_map(|&k| SENTENCES.get(k).copied()).collect();
                    format!("خبر {i}. {}.", body.join(". "))
                })
                .collect();
            let ids: Vec<String> = (0..texts.len()).map(|i| format!("d{i}")).collect();
            let docs: Vec<ReuseDoc<'_>> = texts
                .iter()
                .zip(&ids)
                .zip(&picks)
                .map(|((t, id), (_, day, _))| ReuseDoc {
                    id,
                    text: t,
                    published: day.map(|d| d * 86_400),
                })
                .collect();
            let is_new: Vec<bool> = picks.iter().map(|p| p.2).collect();
            let params = ReuseParams {
                max_seed_docs: cap,
                formula_max_docs: 2,
                ..ReuseParams::default()
            };
            let old: Vec<ReuseDoc<'_>> = docs
                .iter()
                .zip(&is_new)
                .filter(|(_, new)| !**new)
                .map(|(d, _)| *d)
                .collect();
            let known = find_reuse_with(&old, &params);
            let all = find_reuse_with(&docs, &params);
            proptest::prop_assert_eq!(
                find_reuse_update_with(&docs, &is_new, &known, &params),
                all
            );
        }
    }
}
