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
///
/// Prefilters: every Latin cue and tail has an ASCII letter, and a line
/// can only show one, once lower-cased, if it has an ASCII letter or one of
/// [`TO_ASCII`] (the only chars whose lower case has an ASCII letter); so
/// a line with neither is not searched for them (nor lower-cased). Every Arabic cue contains تصوير,
/// صورة or أرشيفية, which closing up " :" cannot create; so a line with
/// none of the three is not copied.
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

/// The chars outside ASCII whose lower case has an ASCII letter, in order:
/// İ (`i` and a combining dot) and K KELVIN SIGN (`k`).
const TO_ASCII: [char; 2] = ['\u{0130}', '\u{212A}'];

/// True when `text` has an upper-case letter outside the Arabic block
/// U+0600-06FF (which has no case). Walks the bytes: a UTF-8 continuation
/// byte, or a lead byte D8-DB (which starts a char of U+0600-06FF), is
/// skipped; only the chars of other scripts are decoded.
fn has_case(text: &str) -> bool {
    text.bytes().enumerate().any(|(i, b)| match b {
        0..=0x7F => b.is_ascii_uppercase(),
        0x80..=0xBF | 0xD8..=0xDB => false,
        _ => text
            .get(i..)
            .and_then(|rest| rest.chars().next())
            .is_some_and(char::is_uppercase),
    })
}

/// The Latin cues and tails of [`PhotoCredit`].
fn has_latin_cue(text: &str) -> bool {
    // Lower-casing is for Latin captions; Arabic has no case, and most
    // lines are Arabic sentences that need no copy.
    let lower: Cow<'_, str> = if has_case(text) {
        Cow::Owned(text.to_lowercase())
    } else {
        Cow::Borrowed(text)
    };
    let tail = lower.trim_end_matches([')', ']', '.', ' ']);
    EXACT_CUES.iter().any(|c| text.contains(c))
        || CUES.iter().any(|c| lower.contains(c))
        || TAILS.iter().any(|t| tail.ends_with(t))
}

impl LineRule for PhotoCredit {
    fn rule(&self) -> Rule {
        Rule::PhotoCredit
    }

    fn matches(&self, line: &Line<'_>, _: &Context<'_>) -> bool {
        if line.words > 40 {
            return false;
        }
        let text = line.text;
        // See the prefilters in the rule's doc.
        // One char at a time: a single-char pattern is a byte search.
        let latin = line.ascii_letter || TO_ASCII.iter().any(|&c| text.contains(c));
        (latin && has_latin_cue(text))
            || (line.words > 12 && text.contains('©'))
            || (line.words <= 12
                && ["تصوير", "صورة", "أرشيفية"]
                    .iter()
                    .any(|w| text.contains(w))
                && ARABIC_CUES
                    .iter()
                    .any(|c| text.replace(" :", ":").contains(c)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_to_ascii_chars_lower_case_to_ascii_letters() {
        let to_ascii: Vec<char> = ('\u{80}'..=char::MAX)
            .filter(|c| c.to_lowercase().any(|l| l.is_ascii_alphabetic()))
            .collect();
        assert_eq!(to_ascii, TO_ASCII);
    }

    #[test]
    fn latin_prefilter_never_skips_a_caption() {
        let cues: Vec<String> = EXACT_CUES
            .iter()
            .chain(CUES)
            .map(|c| format!("Smoke rises over the city {c} Ahmed"))
            .chain(
                TAILS
                    .iter()
                    .map(|t| format!("Smoke rises over the city{t}")),
            )
            .collect();
        crate::rules::assert_prefilter(
            &cues,
            |l| l.ascii_letter || l.text.contains(TO_ASCII),
            |l| has_latin_cue(l.text),
        );
    }
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
