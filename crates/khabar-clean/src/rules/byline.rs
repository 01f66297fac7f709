//! [`Byline`]: an opening line that names the outlet and a place or writer.

use std::sync::LazyLock;

use super::OpeningRule;
use crate::Rule;
use crate::line::{Line, compact};

/// Takes the first kept line of an article as the credit when it is the
/// outlet's own byline: "عين اليوم – الرياض", "حامد القرشي – عين اليوم",
/// "سلوى المدني ـ عين اليوم", "الرياضي ـ جدة".
///
/// After a leading "Next Previous" (a photo slider's buttons glued to the
/// line) is set aside, the line (at most 8 words) is 2 or 3 parts split by
/// `-`, `–`, `—` (or `ـ` standing alone between spaces), each of 1 to 3
/// words of letters only (dots allowed, as in "د."), and at least one part
/// is an outlet's own desk name: عين اليوم, متابعات, الرياضي, الرياضية; or,
/// after "Next Previous" (the page's byline slot), any such parts:
/// "Next Previous سامي العتيبي – جدة". The credit is the line without
/// "Next Previous".
///
/// An agency dateline ("الرياض - واس") names a wire, not the outlet, and
/// stays; so does a dateline followed by text on the same line
/// ("موسكو - «المدار»: في اتصال ..."), which is too long and has punctuation.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Byline;

/// The names outlets sign their own bylines with, compared by [`compact`].
/// متابعات ("follow-ups") is the desk credit for compiled stories.
static DESKS: LazyLock<Vec<String>> = LazyLock::new(|| {
    ["عين اليوم", "متابعات", "الرياضي", "الرياضية"]
        .iter()
        .map(|d| compact(d))
        .collect()
});

const SLIDER: &str = "Next Previous";

/// The most words of a byline.
const MAX_WORDS: usize = 8;

/// The most words of one part of a byline (a name, a city, a desk).
const PART_WORDS: usize = 3;

/// The parts of `s` split by dashes; a tatweel counts as a dash only when it
/// stands alone between spaces.
fn parts(s: &str) -> Vec<String> {
    let spaced: Vec<&str> = s
        .split_whitespace()
        .map(|w| if w.chars().all(|c| c == 'ـ') { "-" } else { w })
        .collect();
    spaced
        .join(" ")
        .split(['-', '–', '—'])
        .map(|p| p.trim().to_string())
        .collect()
}

impl OpeningRule for Byline {
    fn rule(&self) -> Rule {
        Rule::Byline
    }

    fn credit(&self, line: &Line<'_>) -> Option<String> {
        let (slider, text) = match line.text.strip_prefix(SLIDER) {
            Some(rest) => (true, rest.trim()),
            None => (false, line.text),
        };
        if text.split_whitespace().count() > MAX_WORDS {
            return None;
        }
        let parts = parts(text);
        if !(2..=3).contains(&parts.len()) {
            return None;
        }
        let well_formed = parts.iter().all(|p| {
            (1..=PART_WORDS).contains(&p.split_whitespace().count())
                && p.chars()
                    .all(|c| c.is_alphabetic() || c.is_whitespace() || c == '.')
        });
        let names_desk = parts.iter().any(|p| DESKS.contains(&compact(p)));
        (well_formed && (names_desk || slider)).then(|| text.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credit(text: &str) -> Option<String> {
        Line::new(1, text).and_then(|l| Byline.credit(&l))
    }

    #[test]
    fn takes_outlet_bylines() {
        for line in [
            "عين اليوم – الرياض",
            "عين اليوم – المدينة المنورة",
            "سامي العتيبي – عين اليوم",
            "سامي العتيبي – هند الزهراني – عين اليوم",
            "منى الشهري ـ عين اليوم",
            "خالد المطيري – متابعات",
            "الرياضي ـ جدة",
            "دبي- الرياضية",
        ] {
            assert_eq!(credit(line).as_deref(), Some(line), "{line:?}");
        }
        assert_eq!(
            credit("Next Previous سامي العتيبي – عين اليوم").as_deref(),
            Some("سامي العتيبي – عين اليوم")
        );
        assert_eq!(
            credit("Next Previous سامي العتيبي – جدة").as_deref(),
            Some("سامي العتيبي – جدة")
        );
    }

    #[test]
    fn keeps_datelines_and_headings() {
        for line in [
            "الرياض - واس",
            "الرياض 26 شوال 1436 هـ الموافق 11 أغسطس 2015 م واس",
            "موسكو - «المدار»: في اتصال هاتفي مساء اليوم",
            "عين اليوم – الرياض: أعلنت وزارة الصحة تسجيل إصابتين جديدتين",
            "سامي العتيبي – جدة",
            "الهلال – النصر",
            "عين اليوم",
            "يـا شاكي الهم زيـح الهم مـن راسـك",
            "عين اليوم – الرياض – 2015",
            "متابعات – أخبار الاقتصاد والأسواق المحلية – عين اليوم",
            "Next Previous",
            "Next Previous أعلنت وزارة الصحة – اليوم الأحد – تسجيل إصابتين جديدتين",
        ] {
            assert_eq!(credit(line), None, "{line:?}");
        }
    }
}
