//! [`Signature`]: a closing outlet or agency signature.

use std::sync::LazyLock;

use super::outlets::{is_outlet, is_outlet_list};
use super::{Credit, CreditRule, Cut};
use crate::Rule;
use crate::line::{Line, key_starts_with, keys};

/// Takes a closing signature line as the credit (only ever tried on the
/// closing lines, never on the first line: a leading "الرياض - واس" is a
/// dateline and stays).
///
/// After leading `- – — ـ * •` and spaces are stripped, the line (at most 8
/// words) is either
/// - an outlet list ("وكالات", "- أ ف ب", "AFP/Reuters"), or
/// - parts split by `- – — ـ` whose last part is a known outlet and whose
///   other parts have at most 3 words each ("الرياض - واس", "الرياضي ـ وكالات"), or
/// - a syndication note that starts with خدمة, بالاتفاق مع, بالتعاون مع,
///   خاص بـ, خاص لـ, Special to, By arrangement with, Distributed by and
///   names the outlet in quotes or brackets (« { " “): "* خدمة «نيويورك تايمز»".
///
/// The credit is the stripped line.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Signature;

static SYNDICATION: LazyLock<Vec<String>> = LazyLock::new(|| {
    keys(&[
        "خدمة",
        "بالاتفاق مع",
        "بالتعاون مع",
        "خاص بـ",
        "خاص ب",
        "خاص لـ",
        "خاص ل",
        "Special to",
        "By arrangement with",
        "Distributed by",
    ])
});

const DASHES: [char; 4] = ['-', '–', '—', 'ـ'];

/// True for "<place or byline> - <outlet>".
fn is_dated_outlet(s: &str) -> bool {
    let parts: Vec<&str> = s
        .split(DASHES)
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    match parts.split_last() {
        Some((last, rest)) => {
            !rest.is_empty()
                && is_outlet(last)
                && rest.iter().all(|p| p.split_whitespace().count() <= 3)
        }
        None => false,
    }
}

impl CreditRule for Signature {
    fn rule(&self) -> Rule {
        Rule::Signature
    }

    fn credit(&self, line: &Line<'_>) -> Option<Credit> {
        if line.words > 8 {
            return None;
        }
        let stripped = line
            .text
            .trim_start_matches(|c: char| {
                DASHES.contains(&c) || matches!(c, '*' | '•') || c.is_whitespace()
            })
            .trim_end_matches(['.', ' ']);
        let quoted = stripped.contains(['«', '{', '"', '“']);
        let matched = is_outlet_list(stripped)
            || is_dated_outlet(stripped)
            || (quoted && key_starts_with(&line.key, &SYNDICATION));
        matched.then(|| Credit {
            cut: Cut::Whole,
            credit: stripped.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credit(text: &str) -> Option<String> {
        Line::new(9, text)
            .and_then(|l| Signature.credit(&l))
            .map(|c| c.credit)
    }

    #[test]
    fn takes_signatures() {
        assert_eq!(credit("- أ ف ب").as_deref(), Some("أ ف ب"));
        assert_eq!(credit("وكالات").as_deref(), Some("وكالات"));
        assert_eq!(credit("سبق").as_deref(), Some("سبق"));
        assert_eq!(credit("الرياض - واس").as_deref(), Some("الرياض - واس"));
        assert_eq!(
            credit("الرياضي ـ وكالات").as_deref(),
            Some("الرياضي ـ وكالات")
        );
        assert_eq!(
            credit("* خدمة «نيويورك تايمز»").as_deref(),
            Some("خدمة «نيويورك تايمز»")
        );
        assert_eq!(
            credit("ـ خاص بـ«الشرق الأوسط»").as_deref(),
            Some("خاص بـ«الشرق الأوسط»")
        );
        assert_eq!(
            credit("* بالاتفاق مع «بلومبيرغ»").as_deref(),
            Some("بالاتفاق مع «بلومبيرغ»")
        );
    }

    #[test]
    fn leaves_closing_sentences() {
        assert_eq!(credit("وأكد أن الحادث قيد التحقيق."), None);
        assert_eq!(credit("إلى اللقاء.."), None);
        assert_eq!(credit("* استشاري طب الأطفال"), None);
        assert_eq!(
            credit("وقالت وكالة الأنباء السعودية (واس) إن الملك استقبل الوفد."),
            None
        );
        assert_eq!(credit("خدمة العملاء متاحة على مدار الساعة"), None);
    }
}
