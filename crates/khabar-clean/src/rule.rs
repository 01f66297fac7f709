//! The names of the cleaning rules and the record of one removal.

use serde::Serialize;

/// A cleaning rule: why a line (or the tail of the last line) left the
/// display text. [`Rule::name`] is the stable kebab-case name used by
/// `--explain` and in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Rule {
    /// The headline repeated as the first body line, with menu text before it.
    TitleRepeat,
    /// A comment form: "اترك تعليقاً", "Your email address will not be published".
    CommentForm,
    /// Share, follow, print buttons or a run of section-menu words.
    ShareMenu,
    /// A "اقرأ أيضاً" / "Read more" heading and the short title lines after it.
    ReadMore,
    /// A copyright line: "©", "جميع الحقوق محفوظة", "All rights reserved".
    Copyright,
    /// A newsletter or subscription prompt.
    Newsletter,
    /// A writer's contact line: an e-mail address alone, or an SMS-contact block.
    Contact,
    /// "Advertisement" / "إعلان" alone on a line.
    Advertisement,
    /// A line with no letters that is only a number, bullet or punctuation.
    LoneNumber,
    /// A news-agency wire marker: "// انتهى //", "// يتبع //", "19:53 ت م".
    WireMarker,
    /// A Latin-script photo caption inside an Arabic article.
    ForeignCaption,
    /// A photo caption or photo credit with a caption cue ("Photo:", "REUTERS/").
    PhotoCredit,
    /// An opening byline naming the outlet: "عين اليوم – الرياض". Kept as the credit.
    Byline,
    /// A related-articles list at the end of the last line ("مقالات أخرى للكاتب...").
    RelatedTail,
    /// A closing source line: "المصدر: وكالات", "(واس)", "Source: Reuters". Kept as the credit.
    SourceLine,
    /// A closing outlet signature: "- أ ف ب", "* خدمة «نيويورك تايمز»". Kept as the credit.
    Signature,
}

impl Rule {
    /// Every rule, in the order they are tried.
    pub const ALL: &'static [Rule] = &[
        Rule::TitleRepeat,
        Rule::CommentForm,
        Rule::ShareMenu,
        Rule::ReadMore,
        Rule::Copyright,
        Rule::Newsletter,
        Rule::Contact,
        Rule::Advertisement,
        Rule::LoneNumber,
        Rule::WireMarker,
        Rule::ForeignCaption,
        Rule::PhotoCredit,
        Rule::Byline,
        Rule::RelatedTail,
        Rule::SourceLine,
        Rule::Signature,
    ];

    /// The stable kebab-case name of the rule.
    pub fn name(&self) -> &'static str {
        match self {
            Rule::TitleRepeat => "title-repeat",
            Rule::CommentForm => "comment-form",
            Rule::ShareMenu => "share-menu",
            Rule::ReadMore => "read-more",
            Rule::Copyright => "copyright",
            Rule::Newsletter => "newsletter",
            Rule::Contact => "contact",
            Rule::Advertisement => "advertisement",
            Rule::LoneNumber => "lone-number",
            Rule::WireMarker => "wire-marker",
            Rule::ForeignCaption => "foreign-caption",
            Rule::PhotoCredit => "photo-credit",
            Rule::Byline => "byline",
            Rule::RelatedTail => "related-tail",
            Rule::SourceLine => "source-line",
            Rule::Signature => "signature",
        }
    }

    /// One sentence on what the rule removes, for `--explain`.
    pub fn describe(&self) -> &'static str {
        match self {
            Rule::TitleRepeat => {
                "the first body line repeats the headline (often after menu words)"
            }
            Rule::CommentForm => {
                "a comment form line (leave a comment, email will not be published)"
            }
            Rule::ShareMenu => "share/follow/print buttons or a run of section-menu words",
            Rule::ReadMore => {
                "a read-more or related-articles heading and its short list of titles"
            }
            Rule::Copyright => "a short copyright or all-rights-reserved line",
            Rule::Newsletter => "a newsletter or subscription prompt",
            Rule::Contact => "a writer's e-mail address alone on a line, or an SMS-contact block",
            Rule::Advertisement => "an advertisement marker alone on a line",
            Rule::LoneNumber => "a short line with no letters: a number, bullet or punctuation",
            Rule::WireMarker => {
                "a news-agency wire marker: end or continued mark, closing time stamp"
            }
            Rule::ForeignCaption => {
                "a Latin-script photo caption with an agency or photo cue in an Arabic article"
            }
            Rule::PhotoCredit => {
                "a photo caption or credit with an explicit cue (Photo:, REUTERS/, AFP Photo, ©)"
            }
            Rule::Byline => "an opening byline naming the outlet (kept as the credit)",
            Rule::RelatedTail => "a related-articles list glued to the end of the last line",
            Rule::SourceLine => "a closing source line (kept as the credit)",
            Rule::Signature => "a closing outlet or agency signature (kept as the credit)",
        }
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// One piece of the raw text that is not in the display text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Removal {
    /// 1-based line number in the raw text.
    pub line: usize,
    /// The removed text: the whole line trimmed, or (for a credit cut from
    /// the end of the last line) the tail of that line. Always a substring
    /// of raw line `line`.
    pub text: String,
    /// The rule that removed it.
    pub rule: Rule,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_kebab_case_and_match_serde() {
        let mut seen = std::collections::HashSet::new();
        for rule in Rule::ALL {
            let name = rule.name();
            assert!(seen.insert(name), "duplicate name {name}");
            assert!(
                name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{name}"
            );
            assert!(!rule.describe().is_empty());
            let json = serde_json::to_string(rule).unwrap_or_default();
            assert_eq!(json, format!("\"{name}\""));
        }
    }
}
