//! [`PhotoCredit`]: photo captions and credits with an explicit cue.

use super::{Context, LineRule};
use crate::Rule;
use crate::line::Line;
use std::borrow::Cow;

/// Removes a photo caption or photo credit, in any script.
///
/// Matches a line of at most 40 words that contains one of `REUTERS/`,
/// `AFP/`, `EPA/`, `AFP Photo`, `AP Photo`, `Getty Images`, `Photo:`,
/// `Photograph:`, `Photo by`, `Photo credit`, `File photo`, `(File)`
/// (the photo words in any case), or that ends (before closing brackets and
/// dots) with `/Reuters`, `/AFP`, `/AP`, `/EPA`, `/Getty`; or a line of 13
/// to 40 words with `©` (shorter © lines are [`Copyright`](super::Copyright)'s);
/// or a line of at most 12 words that contains تصوير:, (تصوير, صورة أرشيفية,
/// (أرشيفية), الصورة:, صورة:.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PhotoCredit;

/// Cues matched as they are written (agency names in capitals).
const EXACT_CUES: &[&str] = &["REUTERS/", "AFP/", "EPA/"];
/// Cues matched in any case.
const CUES: &[&str] = &[
    "afp photo",
    "ap photo",
    "getty images",
    "photo:",
    "photograph:",
    "photo by",
    "photo credit",
    "file photo",
    "(file)",
];
/// Line endings, matched in any case.
const TAILS: &[&str] = &["/reuters", "/afp", "/ap", "/epa", "/getty"];
/// Arabic cues, for lines of at most 12 words.
const ARABIC_CUES: &[&str] = &[
    "تصوير:",
    "(تصوير",
    "صورة أرشيفية",
    "(أرشيفية)",
    "الصورة:",
    "صورة:",
];

impl LineRule for PhotoCredit {
    fn rule(&self) -> Rule {
        Rule::PhotoCredit
    }

    fn matches(&self, line: &Line<'_>, _: &Context<'_>) -> bool {
        if line.words > 40 {
            return false;
        }
        let text = line.text;
        // Lower-casing is for Latin captions; Arabic has no case, and most
        // lines are Arabic sentences that need no copy.
        let has_case = text.chars().any(|c| {
            if c.is_ascii() {
                c.is_ascii_uppercase()
            } else {
                !('\u{0600}'..='\u{06FF}').contains(&c) && c.is_uppercase()
            }
        });
        let lower: Cow<'_, str> = if has_case {
            Cow::Owned(text.to_lowercase())
        } else {
            Cow::Borrowed(text)
        };
        let tail = lower.trim_end_matches([')', ']', '.', ' ']);
        EXACT_CUES.iter().any(|c| text.contains(c))
            || CUES.iter().any(|c| lower.contains(c))
            || TAILS.iter().any(|t| tail.ends_with(t))
            || (line.words > 12 && text.contains('©'))
            || (line.words <= 12
                && ARABIC_CUES
                    .iter()
                    .any(|c| text.replace(" :", ":").contains(c)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::removes;

    #[test]
    fn removes_captions_and_credits() {
        let ctx = Context::latin();
        for line in [
            "Pilgrims circle the Kaaba in Mecca on Friday. Photo: Saudi Press Agency",
            "© Photo: Fayez Nureldine/AFP",
            "Smoke rises over Aden after an air strike. REUTERS/Stringer",
            "Photograph: Mohammed Huwais/AFP/Getty Images",
            "Fighters in Taiz on Monday (AP Photo/Abdulnasser Alseddik)",
            "Crowds gather outside the stadium in Riyadh ahead of the final on Friday night © Saudi Press Agency",
            "تصوير: محمد الأحمد",
            "(صورة أرشيفية)",
        ] {
            assert!(removes(&PhotoCredit, line, &ctx), "should remove {line:?}");
        }
    }

    #[test]
    fn keeps_news_sentences() {
        let ctx = Context::latin();
        for line in [
            "A Reuters/Ipsos poll found that 40 percent of voters backed the deal.",
            "The agency told Reuters that talks would resume on Tuesday.",
            "وشهدت مسابقة التصوير الفوتوغرافي مشاركة أكثر من مائتي مصور من مختلف مناطق المملكة.",
        ] {
            assert!(!removes(&PhotoCredit, line, &ctx), "should keep {line:?}");
        }
    }
}
