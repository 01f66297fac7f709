//! [`ForeignCaption`]: an English agency caption inside an Arabic article.

use super::{Context, LineRule};
use crate::Rule;
use khabar_text::script::{Script, is_alphanumeric, script_share};

use crate::line::{Line, latin_letters};

/// Removes a Latin-script photo caption or credit inside an Arabic article.
///
/// Matches when the article's letters are mostly Arabic, the line has at
/// most 60 words, at least 70% of its letters (and at least 3) are Latin,
/// and it carries a caption cue: `©`, the word `AP` in capitals, or one of
/// the words (any case) reuters, afp, epa, getty, xinhua, anadolu, photo,
/// photos, photograph, file, credit, courtesy. A Latin line without a cue
/// (a film title, a book reference, an address) stays.
///
/// Prefilter: every cue is `©` or a word of ASCII letters
/// (`eq_ignore_ascii_case` against an ASCII cue only accepts a word of the
/// same ASCII letters), so a line with neither an ASCII letter
/// ([`Line::ascii_letter`]) nor `©` has no cue; it is dismissed before its
/// letters, or the article's, are counted.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ForeignCaption;

const CUES: &[&str] = &[
    "reuters",
    "afp",
    "epa",
    "getty",
    "xinhua",
    "anadolu",
    "photo",
    "photos",
    "photograph",
    "file",
    "credit",
    "courtesy",
];

fn has_cue(text: &str) -> bool {
    text.contains('©')
        || text
            .split(|c: char| !is_alphanumeric(c))
            .any(|w| w == "AP" || CUES.iter().any(|cue| w.eq_ignore_ascii_case(cue)))
}

impl LineRule for ForeignCaption {
    fn rule(&self) -> Rule {
        Rule::ForeignCaption
    }

    fn matches(&self, line: &Line<'_>, ctx: &Context<'_>) -> bool {
        (line.ascii_letter || line.text.contains('©'))
            && line.words <= 60
            && ctx.script.get() == Some(Script::Arabic)
            && latin_letters(line.text) >= 3
            && script_share(line.text, Script::Latin) >= 0.7
            && has_cue(line.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::removes;

    #[test]
    fn removes_agency_captions_in_arabic_articles() {
        let ctx = Context::arabic();
        for line in [
            "A Syrian man walks past a damaged building in Aleppo, Syria, July 20, 2015. REUTERS/Abdalrhman Ismail",
            "(AFP Photo/File)",
            "Yemeni fighters loyal to President Hadi in Aden on July 19, 2015. (AP Photo/Wael Qubady)",
            "Houthi supporters rally in Sanaa © Getty Images",
        ] {
            assert!(
                removes(&ForeignCaption, line, &ctx),
                "should remove {line:?}"
            );
        }
    }

    #[test]
    fn keeps_latin_lines_without_cue_and_english_articles() {
        let ctx = Context::arabic();
        for line in [
            "2. The Godfather | Francis Ford Coppola (1971)",
            "Robert Douglas - Fairhurst، The Story Of Alice, Harvill Secker، 2015.",
            "وقالت وكالة رويترز إن الاشتباكات استمرت حتى الفجر (AFP).",
        ] {
            assert!(
                !removes(&ForeignCaption, line, &ctx),
                "should keep {line:?}"
            );
        }
        let caption =
            "A Syrian man walks past a damaged building in Aleppo. REUTERS/Abdalrhman Ismail";
        assert!(!removes(&ForeignCaption, caption, &Context::latin()));
    }
}
