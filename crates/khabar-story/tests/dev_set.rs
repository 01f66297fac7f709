//! Clusters the labelled arabic-stories dev set and checks the scores stay
//! above a floor a little below the measured ones (pair F1 0.876, BCubed F1
//! 0.935 on the raw texts). Labels are read here only, to score. Skipped with a message when
//! the shared data is absent.

use std::collections::HashMap;

use khabar_story::{Clusterer, Config, StoryInput, cluster, publication_order};

mod common;

struct Scores {
    pair_p: f64,
    pair_r: f64,
    bcubed_p: f64,
    bcubed_r: f64,
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    }
}

/// Pairwise and BCubed precision and recall of `pred` against `gold` (both
/// map an article to its group), as in score.py.
fn score(gold: &[usize], pred: &[usize]) -> Scores {
    let mut joint: HashMap<(usize, usize), usize> = HashMap::new();
    let mut gs: HashMap<usize, usize> = HashMap::new();
    let mut ps: HashMap<usize, usize> = HashMap::new();
    for (&g, &p) in gold.iter().zip(pred) {
        *joint.entry((g, p)).or_default() += 1;
        *gs.entry(g).or_default() += 1;
        *ps.entry(p).or_default() += 1;
    }
    let pairs = |sizes: &mut dyn Iterator<Item = &usize>| {
        sizes
            .map(|&n| (n * n.saturating_sub(1) / 2) as f64)
            .sum::<f64>()
    };
    let (tp, gp, pp) = (
        pairs(&mut joint.values()),
        pairs(&mut gs.values()),
        pairs(&mut ps.values()),
    );
    let n = gold.len() as f64;
    let (mut bp, mut br) = (0.0, 0.0);
    for (&g, &p) in gold.iter().zip(pred) {
        let j = joint[&(g, p)] as f64;
        bp += j / ps[&p] as f64;
        br += j / gs[&g] as f64;
    }
    Scores {
        pair_p: if pp > 0.0 { tp / pp } else { 1.0 },
        pair_r: if gp > 0.0 { tp / gp } else { 1.0 },
        bcubed_p: bp / n,
        bcubed_r: br / n,
    }
}

#[test]
fn scorer_matches_hand_counts() {
    // gold {a,b,c} {d}; pred {a,b} {c,d}
    let s = score(&[0, 0, 0, 1], &[0, 0, 1, 1]);
    assert!((s.pair_p - 0.5).abs() < 1e-9 && (s.pair_r - 1.0 / 3.0).abs() < 1e-9);
    assert!((s.bcubed_p - 0.75).abs() < 1e-9);
    assert!((s.bcubed_r - (2.0 / 3.0 * 2.0 + 1.0 / 3.0 + 1.0) / 4.0).abs() < 1e-9);
}

#[test]
fn dev_set_scores_stay_above_floor() {
    let Some(dev) = common::dev_set() else {
        return;
    };
    assert_eq!(dev.len(), 251);
    let articles: Vec<StoryInput> = dev.iter().map(common::DevArticle::input).collect();
    let result = cluster(&articles);
    let pred = labels_of(
        result.stories.iter().map(|s| s.indices.iter().copied()),
        dev.len(),
    );
    let sc = score(&gold_labels(dev.iter()), &pred);
    let (pair, bcubed) = (f1(sc.pair_p, sc.pair_r), f1(sc.bcubed_p, sc.bcubed_r));
    eprintln!(
        "dev: pair P {:.3} R {:.3} F1 {pair:.3}; BCubed P {:.3} R {:.3} F1 {bcubed:.3}",
        sc.pair_p, sc.pair_r, sc.bcubed_p, sc.bcubed_r
    );
    // Floors a little under the scores of the tuned defaults (0.953 and
    // 0.926 on these raw texts), so that a change that loses quality fails.
    assert!(bcubed >= 0.94, "BCubed F1 {bcubed:.3} fell below 0.94");
    assert!(pair >= 0.90, "pair F1 {pair:.3} fell below 0.90");
}

/// The story of each of `n` articles, as the index of its group among
/// `groups` (each a list of article indices); every article must be in one.
fn labels_of<G: IntoIterator<Item = usize>>(
    groups: impl IntoIterator<Item = G>,
    n: usize,
) -> Vec<usize> {
    let mut pred = vec![usize::MAX; n];
    for (k, group) in groups.into_iter().enumerate() {
        for i in group {
            if let Some(p) = pred.get_mut(i) {
                *p = k;
            }
        }
    }
    assert!(
        pred.iter().all(|&p| p != usize::MAX),
        "every article is in a story"
    );
    pred
}

/// The labelled story of each article, as a number per distinct label.
fn gold_labels<'a>(dev: impl Iterator<Item = &'a common::DevArticle>) -> Vec<usize> {
    let mut labels: HashMap<&str, usize> = HashMap::new();
    dev.map(|a| {
        let n = labels.len();
        *labels.entry(a.story.as_str()).or_insert(n)
    })
    .collect()
}

/// Online, in publication order, the scores stay above a floor, and an
/// article that reads as an essay (a long text naming no day near its
/// start: a column, an analysis) joins a story more weakly than a report:
/// with the essay factor at 1 (no difference), more pairs of articles from
/// different labelled stories share a story.
#[test]
fn online_scores_stay_above_floor_and_essays_join_more_weakly() {
    let Some(dev) = common::dev_set() else {
        return;
    };
    let articles: Vec<StoryInput> = dev.iter().map(common::DevArticle::input).collect();
    let order = publication_order(&articles);
    let ordered: Vec<StoryInput> = order.iter().map(|&i| articles[i]).collect();
    let gold = gold_labels(order.iter().filter_map(|&i| dev.get(i)));
    let online = |config: Config| {
        let mut clusterer = Clusterer::new(config);
        clusterer.add_all(&ordered);
        let groups = clusterer.groups();
        let pred = labels_of(
            groups.iter().map(|g| g.iter().map(|&i| i as usize)),
            ordered.len(),
        );
        score(&gold, &pred)
    };
    let weaker = online(Config::default());
    let (pair, bcubed) = (
        f1(weaker.pair_p, weaker.pair_r),
        f1(weaker.bcubed_p, weaker.bcubed_r),
    );
    eprintln!("dev online: pair F1 {pair:.3}; BCubed F1 {bcubed:.3}");
    // Floors a little under the scores of the tuned defaults on these raw
    // texts (pair 0.937, BCubed 0.957).
    assert!(
        bcubed >= 0.945,
        "online BCubed F1 {bcubed:.3} fell below 0.945"
    );
    assert!(pair >= 0.92, "online pair F1 {pair:.3} fell below 0.92");
    let alike = online(Config {
        essay_factor: 1.0,
        ..Config::default()
    })
    .pair_p;
    let weaker = weaker.pair_p;
    eprintln!("online pair precision: essays weaker {weaker:.3}, alike {alike:.3}");
    assert!(
        weaker > alike,
        "pair precision with essays joining weaker {weaker:.3}, alike {alike:.3}"
    );
}
