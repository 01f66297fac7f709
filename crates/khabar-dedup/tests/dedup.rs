//! End-to-end near-duplicate detection: a fixture with a known answer, LSH
//! recall on generated pairs, and bad input.

use khabar_dedup::{Fingerprinter, LshIndex, LshParams, dedup};

const CALL: &str = "أجرى خادم الحرمين الشريفين اتصالاً هاتفياً بالرئيس الأميركي، \
    بحث خلاله العلاقات الثنائية وتطورات الأوضاع في سورية واليمن، وأكد الجانبان \
    «أهمية التنسيق المشترك» لمواجهة الإرهاب. وأوضح بيان رسمي أن الاتصال تناول \
    أيضاً الاتفاق النووي مع إيران وسبل تعزيز الأمن والاستقرار في المنطقة.";

/// The same wire as another outlet prints it: no diacritics, other quotes
/// and alef spellings, a lost space, a site footer.
const CALL_COPY: &str = "اجرى خادم الحرمين الشريفين اتصالا هاتفيا بالرئيس الأميركى، \
    بحث خلاله العلاقات الثنائية وتطورات الاوضاع في سورية واليمن، واكد الجانبان \
    \"اهمية التنسيق المشترك\" لمواجهة الارهاب. واوضح بيان رسمي ان الاتصال تناول \
    ايضا الاتفاق النووي معإيران وسبل تعزيز الامن والاستقرار في المنطقة. أضف تعليقك";

/// A different call, months apart: same countries, different content.
const OTHER_CALL: &str = "تلقى ولي العهد اتصالاً هاتفياً من وزير الخارجية الأميركي \
    تناول آخر المستجدات في اليمن ونتائج مؤتمر المانحين، وأكد الوزير دعم بلاده \
    للحل السياسي. وفي سياق منفصل استقبل ولي العهد في مكتبه سفير إيطاليا.";

const RATE: &str = "أعلن البنك المركزي رفع سعر الفائدة بمقدار ٥٠ نقطة أساس لكبح \
    معدلات التضخم المرتفعة، وقال المحافظ إن القرار جاء بعد مراجعة دقيقة للمؤشرات.";

const RATE_COPY: &str = "أعلن البنك المركزي رفع سعر الفائدة بمقدار 50 نقطة أساس لكبح \
    معدلات التضخم المرتفعة، وقال المحافظ إن القرار جاء بعد مراجعة دقيقة للمؤشرات. \
    المصدر: وكالات";

const MATCH: &str = "Manchester United beat Chelsea two goals to one on Saturday \
    in a tense Premier League match watched by seventy thousand fans.";

#[test]
fn small_fixture_groups_as_known() {
    let docs = [
        ("call", CALL),
        ("rate", RATE),
        ("other-call", OTHER_CALL),
        ("empty-1", ""),
        ("call-copy", CALL_COPY),
        ("empty-2", "   "),
        ("match", MATCH),
        ("byline-1", "سعد العصيمي"),
        ("rate-copy", RATE_COPY),
        ("byline-2", "سعد العصيمي"),
        ("match-copy", &MATCH.to_uppercase()),
        ("empty-3", "\n"),
        ("short-3", "خبر"),
        ("name-1", "بلاتر"),
        ("name-2", "  بلاتر"),
    ];
    let groups = dedup(&docs, LshParams::default());
    let expected: Vec<Vec<String>> = [
        vec!["call", "call-copy"],
        vec!["rate", "rate-copy"],
        vec!["match", "match-copy"],
    ]
    .iter()
    .map(|g| g.iter().map(|s| s.to_string()).collect())
    .collect();
    assert_eq!(groups, expected);
}

#[test]
fn incremental_inserts_agree_with_bulk() {
    let texts = [CALL, RATE, OTHER_CALL, CALL_COPY, RATE_COPY, MATCH];
    let f = Fingerprinter::default();
    let fps = f.fingerprint_all(&texts);
    let mut bulk = LshIndex::new(LshParams::default(), f);
    bulk.insert_all((0..texts.len()).map(|i| i.to_string()), &fps);
    let mut one = LshIndex::new(LshParams::default(), f);
    for (i, fp) in fps.iter().enumerate() {
        one.insert(i.to_string(), fp);
    }
    assert_eq!(bulk.groups(), vec![vec![0, 3], vec![1, 4]]);
    assert_eq!(one.groups(), bulk.groups());
}

/// A tiny deterministic generator (no external randomness in tests).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn word(&mut self) -> String {
        const LETTERS: &[char] = &[
            'ا', 'ب', 'ت', 'ث', 'ج', 'ح', 'خ', 'د', 'ر', 'س', 'ش', 'ص', 'ع', 'ف', 'ق', 'ك', 'ل',
            'م', 'ن', 'ه', 'و', 'ي',
        ];
        let len = 3 + self.next() as usize % 5;
        (0..len)
            .map(|_| LETTERS[self.next() as usize % LETTERS.len()])
            .collect()
    }
}

fn exact_jaccard(f: &Fingerprinter, a: &str, b: &str) -> f64 {
    let (x, y) = (f.shingle_set(a), f.shingle_set(b));
    let inter = x.iter().filter(|h| y.binary_search(h).is_ok()).count();
    inter as f64 / (x.len() + y.len() - inter).max(1) as f64
}

/// Pairs well above the threshold are found; pairs well below it are not,
/// and unrelated documents never group.
#[test]
fn lsh_recall_and_precision_on_generated_pairs() {
    let f = Fingerprinter::default();
    let params = LshParams::default();
    let mut rng = Lcg(7);
    let mut index = LshIndex::new(params, f);
    let mut pairs = Vec::new();
    for p in 0..600 {
        let words: Vec<String> = (0..120).map(|_| rng.word()).collect();
        // Replace 0..29% of the words, spread over the text.
        let changed = (p % 30) as u64;
        let copy: Vec<String> = words
            .iter()
            .map(|w| {
                if rng.next() % 100 < changed {
                    rng.word()
                } else {
                    w.clone()
                }
            })
            .collect();
        let (a, b) = (words.join(" "), copy.join(" "));
        let j = exact_jaccard(&f, &a, &b);
        let ia = index.insert(format!("{p}a"), &f.fingerprint(&a));
        let ib = index.insert(format!("{p}b"), &f.fingerprint(&b));
        pairs.push((j, ia, ib));
    }
    let (mut high, mut high_found, mut low, mut low_found) = (0, 0, 0, 0);
    for &(j, a, b) in &pairs {
        let found = index.same_group(a, b);
        if j >= params.threshold() + 0.12 {
            high += 1;
            high_found += usize::from(found);
        }
        if j <= params.threshold() - 0.2 {
            low += 1;
            low_found += usize::from(found);
        }
    }
    assert!(high >= 60, "too few high pairs: {high}");
    assert!(
        high_found as f64 >= 0.97 * high as f64,
        "recall {high_found}/{high}"
    );
    assert!(low >= 100, "too few low pairs: {low}");
    assert_eq!(low_found, 0);
    // Every group is one generated pair: nothing unrelated joined.
    assert!(
        index
            .groups()
            .iter()
            .all(|g| g.len() == 2 && g[0] + 1 == g[1])
    );
}

#[test]
fn empty_short_and_punctuation_texts_never_group() {
    let docs: Vec<(String, &str)> = ["", " ", "\n\t", "...", "«»", "؟", "", "   "]
        .iter()
        .enumerate()
        .map(|(i, t)| (i.to_string(), *t))
        .collect();
    assert!(dedup(&docs, LshParams::default()).is_empty());
}

#[test]
fn a_huge_text_is_fingerprinted_and_matches_only_its_copy() {
    let huge = CALL.repeat(60_000); // about 26 MB
    let docs = [
        ("huge", huge.as_str()),
        ("call", CALL),
        ("huge-copy", huge.as_str()),
        ("rate", RATE),
    ];
    let groups = dedup(&docs, LshParams::default());
    assert_eq!(groups.len(), 1);
    assert!(groups[0].contains(&"huge".to_string()));
    assert!(groups[0].contains(&"huge-copy".to_string()));
    assert!(!groups[0].contains(&"rate".to_string()));
}
