//! The news agencies and outlets a credit may name.

use std::collections::HashSet;
use std::sync::LazyLock;

use crate::line::compact;

/// Agencies and outlets, as written; compared with [`compact`], so
/// `أ.ف.ب`, `أ ف ب` and `ا ف ب` are one entry. Names that are also common
/// words or places (اليوم, الرياض, المدينة, الجزيرة) are left out on purpose.
const OUTLETS: &[&str] = &[
    "واس",
    "وكالات",
    "الوكالات",
    "أ ف ب",
    "رويترز",
    "د ب أ",
    "يو بي آي",
    "أ ش أ",
    "قنا",
    "وام",
    "بنا",
    "كونا",
    "سبأ",
    "الأناضول",
    "وكالة الأناضول",
    "وكالة الأنباء السعودية",
    "سبق",
    "الوئام",
    "عكاظ",
    "الشرق الأوسط",
    "الاقتصادية",
    "الحياة",
    "العربية نت",
    "سكاي نيوز عربية",
    "بي بي سي",
    "AFP",
    "Reuters",
    "AP",
    "Associated Press",
    "Bloomberg",
    "DPA",
    "UPI",
    "SPA",
    "Agencies",
    "Anadolu",
    "Anadolu Agency",
    "CNN",
    "BBC",
];

static SET: LazyLock<HashSet<String>> =
    LazyLock::new(|| OUTLETS.iter().map(|o| compact(o)).collect());

/// True when `s` names a known agency or outlet.
pub(crate) fn is_outlet(s: &str) -> bool {
    let c = compact(s);
    !c.is_empty() && SET.contains(&c)
}

/// True when every part of `s` separated by `+ / , ، & -` is a known outlet
/// ("الأناضول + وكالات", "AFP/Reuters").
pub(crate) fn is_outlet_list(s: &str) -> bool {
    let mut parts = s
        .split(['+', '/', ',', '،', '&', '-', '–', '—', 'ـ'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .peekable();
    parts.peek().is_some() && parts.all(is_outlet)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_compare_equal() {
        assert!(is_outlet("أ.ف.ب"));
        assert!(is_outlet("ا ف ب"));
        assert!(is_outlet("reuters"));
        assert!(!is_outlet("الرياض"));
        assert!(is_outlet_list("الأناضول + وكالات"));
        assert!(!is_outlet_list("الأناضول + وزارة الداخلية"));
    }
}
