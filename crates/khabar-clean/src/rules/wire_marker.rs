//! [`WireMarker`]: the end, continued and time marks of a news-agency wire.

use super::{Context, LineRule};
use crate::Rule;
use crate::line::{Line, compact, key};

/// Removes the marks a news-agency wire (the Saudi Press Agency's) puts
/// around a story. Matches
/// - a line that contains `//` and whose [key](crate::line::key) is only
///   انتهى or يتبع (any spelling the match form folds together: إنتهى,
///   انتهـــى): "// انتهى //", "//انتهى//", "// يتبع //";
/// - a time stamp in Mecca time: `H:MM` or `HH:MM` (ASCII or Arabic-Indic
///   digits), then ت م (with or without a dot or a space), then optionally
///   the wire end code NNNN: "19:53 ت م", "11:53 ت.م NNNN".
///
/// The opening dateline ("الرياض 26 شوال 1436 هـ الموافق 11 أغسطس 2015 م واس")
/// is not a marker: it says where and when, and stays.
#[derive(Debug, Clone, Copy)]
pub(crate) struct WireMarker;

/// True for `H:MM` / `HH:MM`.
fn is_clock(word: &str) -> bool {
    let Some((h, m)) = word.split_once(':') else {
        return false;
    };
    let digits = |s: &str, lo: usize, hi: usize| {
        (lo..=hi).contains(&s.chars().count()) && s.chars().all(|c| c.is_numeric())
    };
    digits(h, 1, 2) && digits(m, 2, 2)
}

/// True for "19:53 ت م" with an optional "NNNN" after it.
fn is_time_stamp(text: &str) -> bool {
    let text = text.strip_suffix("NNNN").unwrap_or(text).trim_end();
    let mut words = text.split_whitespace();
    let Some(clock) = words.next() else {
        return false;
    };
    let zone: String = words.collect();
    is_clock(clock) && compact(&zone) == "تم"
}

impl LineRule for WireMarker {
    fn rule(&self) -> Rule {
        Rule::WireMarker
    }

    fn matches(&self, line: &Line<'_>, _: &Context<'_>) -> bool {
        let mark =
            line.text.contains("//") && (line.key() == key("انتهى") || line.key() == key("يتبع"));
        mark || (line.words <= 4 && is_time_stamp(line.text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::removes;

    #[test]
    fn removes_wire_marks() {
        let ctx = Context::arabic();
        for line in [
            "// انتهى //",
            "//انتهى//",
            "// انتهى//",
            "// إنتهى //",
            "// انتهـــى //",
            "// يتبع //",
            "19:53 ت م",
            "9:05 ت م",
            "11:53 ت م NNNN",
            "06:13 ت.م",
            "١٩:٥٣ ت م",
        ] {
            assert!(removes(&WireMarker, line, &ctx), "should remove {line:?}");
        }
    }

    #[test]
    fn keeps_datelines_and_sentences() {
        let ctx = Context::arabic();
        for line in [
            "الرياض 26 شوال 1436 هـ الموافق 11 أغسطس 2015 م واس",
            "انتهى",
            "وقال إن الاجتماع انتهى // دون اتفاق",
            "http://example.com/news/1",
            "19:53",
            "19:53 مساء",
            "تبدأ المباراة 19:53 ت م",
            "وانتهى الاجتماع في الساعة 19:53 ت م.",
        ] {
            assert!(!removes(&WireMarker, line, &ctx), "should keep {line:?}");
        }
    }
}
