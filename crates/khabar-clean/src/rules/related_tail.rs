//! [`RelatedTail`]: a related-articles list at the end of the last line.

use super::{Closing, Credit, CreditRule, Cut};
use crate::Rule;
use crate::line::{Line, ends_sentence};

/// Cuts a "more by this writer" list from the end of the last kept line
/// (tried only on the closing lines; it names no source, so it gives no
/// credit).
///
/// Matches the last kept line when it contains the heading مقالات أخرى للكاتب
/// as the scraped page writes it, glued to the first title after it
/// ("مقالات أخرى للكاتبحربنا ضد داعشعيد بروح الانتصار"; not followed by a
/// space or by ة, as in "للكاتبة") or alone at the end of the line, and
/// - the heading starts the line, or follows the end of a sentence and a
///   space ("... في الأيام المقبلة. مقالات أخرى للكاتب...");
/// - the piece from the heading to the end of the line has at most
///   [`MAX_WORDS`] words.
///
/// The piece is cut; when the heading starts the line, the whole line goes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RelatedTail;

const HEADING: &str = "مقالات أخرى للكاتب";

/// The most words of the cut piece (a list of a dozen titles).
const MAX_WORDS: usize = 80;

impl CreditRule for RelatedTail {
    fn rule(&self) -> Rule {
        Rule::RelatedTail
    }

    fn credit(&self, line: &Line<'_>, at: &Closing<'_, '_>) -> Option<Credit> {
        if !at.last {
            return None;
        }
        let start = line.text.find(HEADING)?;
        let head = line.text.get(..start)?;
        if !(head.is_empty() || (head.ends_with(char::is_whitespace) && ends_sentence(head))) {
            return None;
        }
        let tail = line.text.get(start..)?;
        let glued = match tail.get(HEADING.len()..)?.chars().next() {
            None => true,
            Some(c) => !c.is_whitespace() && c != 'ة',
        };
        if !glued {
            return None;
        }
        if tail.split_whitespace().count() > MAX_WORDS {
            return None;
        }
        let cut = if head.trim().is_empty() {
            Cut::Whole
        } else {
            Cut::From(start)
        };
        Some(Credit { cut, credit: None })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(text: &str, last: bool) -> Option<Cut> {
        let at = Closing {
            last,
            ..Closing::default()
        };
        Line::new(7, text)
            .and_then(|l| RelatedTail.credit(&l, &at))
            .map(|c| c.cut)
    }

    #[test]
    fn cuts_the_list_from_the_last_line() {
        let text = "وهذا ما ننتظره من الجهات المعنية في الأيام المقبلة. مقالات أخرى للكاتبأزمة المياه في الصيفالطرق بين المدن..!!";
        let at = text.find("مقالات").unwrap_or_default();
        assert_eq!(cut(text, true), Some(Cut::From(at)));
        assert_eq!(
            cut("مقالات أخرى للكاتبأزمة المياه في الصيفالطرق بين المدن", true),
            Some(Cut::Whole)
        );
        assert_eq!(cut("مقالات أخرى للكاتب", true), Some(Cut::Whole));
    }

    #[test]
    fn leaves_other_lines() {
        // Not the last kept line.
        assert_eq!(cut("مقالات أخرى للكاتبأزمة المياه في الصيف", false), None);
        // Inside a sentence, or followed by a word: not the page's heading.
        assert_eq!(cut("وقرأت عدة مقالات أخرى للكاتبة نفسها.", true), None);
        assert_eq!(cut("وقرأت مقالات أخرى للكاتبأزمة المياه", true), None);
        assert_eq!(
            cut("وانتهى الحوار. مقالات أخرى للكاتبة نفسها تنشر غدا.", true),
            None
        );
        assert_eq!(
            cut("مقالات أخرى للكاتب الراحل تنشر قريبا في كتاب.", true),
            None
        );
        assert_eq!(cut("وقال إن المقالات الأخرى للكاتب لم تنشر بعد.", true), None);
        // Too long to be a list of titles.
        let long = format!("مقالات أخرى للكاتبكلمة {}", "كلمة ".repeat(90));
        assert_eq!(cut(&long, true), None);
    }
}
