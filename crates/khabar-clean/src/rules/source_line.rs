//! [`SourceLine`]: a closing "المصدر: ..." line or agency tag.

use std::sync::LazyLock;

use khabar_text::fold;

use super::outlets::is_outlet_list;
use super::{Closing, Credit, CreditRule, Cut};
use crate::Rule;
use crate::line::{Line, key};

/// Takes a closing source line as the credit (tried only on the closing
/// lines of an article).
///
/// Matches, in this order:
/// 1. a line of at most 12 words that starts (after bullets) with المصدر,
///    المصادر, مصدر الخبر, Source, Sources, followed by `:` or a dash and a
///    non-empty name: "المصدر : الأناضول + وكالات" → credit "الأناضول + وكالات";
/// 2. a line of at most 6 words that starts with نقلا عن (any tanween
///    spelling) followed by a name: "نقلا عن الجزيرة" → "الجزيرة";
/// 3. a whole line that is a known outlet list in brackets: "(واس)" → "واس";
/// 4. the tail of the line from "رابط الخبر بصحيفة" on, when that tail has at
///    most 30 words: "... رابط الخبر بصحيفة الوئام: <headline>" → "الوئام";
/// 5. the tail of the line that is a known outlet list in brackets, at the
///    very end after some text: "... في وقت لاحق. (واس)" → "واس".
#[derive(Debug, Clone, Copy)]
pub(crate) struct SourceLine;

static LABELS: LazyLock<Vec<String>> = LazyLock::new(|| {
    ["المصدر", "المصادر", "مصدر الخبر", "Source", "Sources"]
        .iter()
        .map(|l| key(l))
        .collect()
});

const LINK: &str = "رابط الخبر بصحيفة";

/// "نقلا عن" in match form.
static QUOTED_FROM: LazyLock<String> = LazyLock::new(|| key("نقلاً عن"));

/// Case 2: "نقلا عن الجزيرة" → "الجزيرة".
fn quoted_from(line: &Line<'_>) -> Option<String> {
    if line.words > 6 || !line.key().starts_with(&format!("{} ", *QUOTED_FROM)) {
        return None;
    }
    let name = line
        .text
        .split_whitespace()
        .skip(2)
        .collect::<Vec<_>>()
        .join(" ");
    let name = name.trim_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '-' | '.'));
    (!name.is_empty()).then(|| name.to_string())
}

/// Case 1: "المصدر: X" → X.
fn labelled(line: &Line<'_>) -> Option<String> {
    if line.words > 12 {
        return None;
    }
    let text = line.text.trim_start_matches(|c: char| {
        matches!(c, '-' | '*' | '•' | '–' | '—') || c.is_whitespace()
    });
    // The label is matched on the folded form; find how many chars of `text`
    // it spans by folding prefixes word by word.
    let words: Vec<&str> = text.split_whitespace().collect();
    for label in LABELS.iter() {
        let n = label.split(' ').count();
        let Some(head) = words.get(..n) else { continue };
        let last = head.last().copied().unwrap_or_default();
        // The separator may be glued to the label ("المصدر:") or stand apart.
        let bare_last = last.trim_end_matches([':', '-', '–', 'ـ']);
        let mut label_words: Vec<&str> = head.to_vec();
        if let Some(l) = label_words.last_mut() {
            *l = bare_last;
        }
        if fold(&label_words.join(" ")).to_lowercase() != *label {
            continue;
        }
        let glued_sep = last.len() > bare_last.len();
        let rest = words.get(n..).unwrap_or_default().join(" ");
        let rest = if glued_sep {
            rest.as_str()
        } else {
            match rest.strip_prefix([':', '-', '–', 'ـ']) {
                Some(r) => r,
                None => continue,
            }
        };
        let name = rest.trim_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '-' | '.'));
        if !name.is_empty() {
            return Some(name.to_string());
        }
    }
    None
}

/// The byte offset of a final bracketed outlet list, and the list.
fn bracketed_tail(text: &str) -> Option<(usize, String)> {
    let body = text.trim_end_matches(['.', ' ']);
    let inner_end = body.strip_suffix(')').or_else(|| body.strip_suffix(']'))?;
    let open = inner_end.rfind(['(', '['])?;
    let inner = inner_end.get(open + 1..)?;
    is_outlet_list(inner).then(|| (open, inner.trim().to_string()))
}

/// Case 3: "... رابط الخبر بصحيفة الوئام: headline".
fn link_tail(text: &str) -> Option<(usize, String)> {
    let at = text.find(LINK)?;
    let tail = text.get(at..)?;
    if tail.split_whitespace().count() > 30 {
        return None;
    }
    let after = tail.get(LINK.len()..)?;
    let name = after.split(':').next().unwrap_or_default().trim();
    (!name.is_empty()).then(|| (at, name.to_string()))
}

impl CreditRule for SourceLine {
    fn rule(&self) -> Rule {
        Rule::SourceLine
    }

    fn credit(&self, line: &Line<'_>, _: &Closing<'_, '_>) -> Option<Credit> {
        if let Some(credit) = labelled(line).or_else(|| quoted_from(line)) {
            return Some(Credit {
                cut: Cut::Whole,
                credit: Some(credit),
            });
        }
        let tail = link_tail(line.text).or_else(|| bracketed_tail(line.text))?;
        let (at, credit) = tail;
        let cut = if line
            .text
            .get(..at)
            .is_some_and(|head| head.trim().is_empty())
        {
            Cut::Whole
        } else {
            Cut::From(at)
        };
        Some(Credit {
            cut,
            credit: Some(credit),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credit(text: &str) -> Option<(Cut, String)> {
        Line::new(9, text)
            .and_then(|l| SourceLine.credit(&l, &Closing::default()))
            .and_then(|c| c.credit.map(|credit| (c.cut, credit)))
    }

    #[test]
    fn takes_labelled_source_lines() {
        assert_eq!(
            credit("المصدر : الأناضول + وكالات"),
            Some((Cut::Whole, "الأناضول + وكالات".into()))
        );
        assert_eq!(credit("المصدر: وكالات"), Some((Cut::Whole, "وكالات".into())));
        assert_eq!(
            credit("المصدر - صحيفة الحياة"),
            Some((Cut::Whole, "صحيفة الحياة".into()))
        );
        assert_eq!(
            credit("Source: Reuters"),
            Some((Cut::Whole, "Reuters".into()))
        );
        assert_eq!(credit("(واس)"), Some((Cut::Whole, "واس".into())));
        assert_eq!(
            credit("نقلا عن الجزيرة"),
            Some((Cut::Whole, "الجزيرة".into()))
        );
        assert_eq!(
            credit("نقلاً عن مجلة فوربس الأمريكية."),
            Some((Cut::Whole, "مجلة فوربس الأمريكية".into()))
        );
    }

    #[test]
    fn cuts_tails() {
        let text = "وأكد أن التحقيقات ما زالت جارية. (واس)";
        let at = text.find('(').unwrap_or_default();
        assert_eq!(credit(text), Some((Cut::From(at), "واس".into())));
        let text = "وجرى خلال اللقاء بحث عدد من المسائل. رابط الخبر بصحيفة الوئام: الأمير يلتقي رئيس الشيشان";
        let at = text.find("رابط").unwrap_or_default();
        assert_eq!(credit(text), Some((Cut::From(at), "الوئام".into())));
    }

    #[test]
    fn leaves_sentences_about_sources() {
        assert_eq!(credit("وقال المصدر إن الهجوم وقع فجر اليوم."), None);
        assert_eq!(credit("المصدر الرئيسي للدخل هو النفط، بحسب التقرير."), None);
        assert_eq!(
            credit("نقلا عن مصادر في الوزارة أن الاجتماع سيعقد غدا في الرياض."),
            None
        );
        assert_eq!(credit("نقلا عن"), None);
        assert_eq!(
            credit("وقالت الوزارة إن عدد الإصابات ارتفع إلى 20 (حتى مساء أمس)."),
            None
        );
        assert_eq!(
            credit("Sources said the talks would resume on Tuesday."),
            None
        );
    }
}
