//! From an article's scraped body text to its **display text**.
//!
//! [`strip_boilerplate`] (pass 1) removes boilerplate lines, each removal
//! kept with the [`Rule`] that made it ([`Removal`]); takes an opening outlet
//! byline, a closing source line or an outlet signature out of the text and
//! keeps it as the article's `credit`; rejoins lines broken in the middle of a sentence; keeps
//! paragraphs (separated by a blank line) and collapses runs of spaces.
//! [`clean_corpus`] runs pass 1 on a batch of articles, then repairs glued
//! words (lost spaces) with a [`Lexicon`] of the built-in words plus every
//! pass-1 text of the batch ([`khabar_text::repair_glued`]).
//! [`kept_lines`] gives only the lines pass 1 keeps, as slices of the raw
//! text, for a consumer that ignores white space (near-duplicate
//! fingerprints): the same rules, without building the display text.
//!
//! The rules, in the order they are tried (each is one small unit in
//! `src/rules/`, its doc lists exactly what it matches):
//! [`Rule::TitleRepeat`], [`Rule::CommentForm`], [`Rule::ShareMenu`],
//! [`Rule::ReadMore`], [`Rule::Copyright`], [`Rule::Newsletter`],
//! [`Rule::Contact`], [`Rule::Advertisement`], [`Rule::LoneNumber`],
//! [`Rule::WireMarker`], [`Rule::ForeignCaption`], [`Rule::PhotoCredit`];
//! then on the first kept line [`Rule::Byline`]; then on the closing lines
//! [`Rule::RelatedTail`], [`Rule::SourceLine`] and [`Rule::Signature`].
//! Every rule matches whole short lines only (the closing rules may also cut
//! a related-articles list, a bracketed agency tag or a "رابط الخبر" link
//! from the end of the last line); a long sentence that merely contains
//! "شارك" or "المصدر" stays.
//!
//! ```
//! use khabar_clean::{Rule, strip_boilerplate};
//!
//! let raw = "الرياض - واس\nأعلنت وزارة الصحة تسجيل ثلاث إصابات جديدة بفيروس كورونا في\nالرياض وجدة.\n\nشارك | تغريد | طباعة\n\nالمصدر: وكالات";
//! let cleaned = strip_boilerplate(raw, None);
//! assert_eq!(
//!     cleaned.text,
//!     "الرياض - واس\nأعلنت وزارة الصحة تسجيل ثلاث إصابات جديدة بفيروس كورونا في الرياض وجدة."
//! );
//! assert_eq!(cleaned.credit.as_deref(), Some("وكالات"));
//! let rules: Vec<Rule> = cleaned.removed.iter().map(|r| r.rule).collect();
//! assert_eq!(rules, [Rule::ShareMenu, Rule::SourceLine]);
//! assert_eq!(cleaned.removed[0].line, 5);
//! ```
//!
//! Does not: parse HTML, detect the language, normalize letters (the
//! display text keeps the outlet's spelling), or read files.
#![deny(missing_docs)]

mod line;
mod rejoin;
mod rule;
mod rules;

pub use rule::{Removal, Rule};

pub use khabar_text::{GluedRepair, Lexicon};
use line::{Line, key};
use rejoin::{Piece, display_text};
use rules::{
    ArticleScript, Body, CREDIT_RULES, Closing, Context, Cut, LINE_RULES, LineRule, MAX_BLOCK,
    MAX_FORM, MAX_LIST, OPENING_RULES, is_form_field, is_list_item,
};
use serde::Serialize;

/// An article's display text and what cleaning took out of it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Cleaned {
    /// The display text: paragraphs separated by `"\n\n"`, no leading or
    /// trailing white space, single spaces.
    pub text: String,
    /// The opening outlet byline and the closing source line or outlet
    /// signature, without labels ("عين اليوم – الرياض", "وكالات",
    /// "الرياض - واس"); several are joined with `"; "`, in line order.
    pub credit: Option<String>,
    /// What was removed, in line order.
    pub removed: Vec<Removal>,
    /// The glued words split by [`clean_corpus`] (empty after
    /// [`strip_boilerplate`] alone). Their `start` is a char offset into the
    /// pass-1 text, before the spaces were inserted.
    pub repairs: Vec<GluedRepair>,
}

/// Cleans a batch of articles, each given as `(raw text, title)`: pass 1
/// ([`strip_boilerplate`]) on every article, then one [`Lexicon`] made of the
/// built-in words and all pass-1 texts, then glued-word repair of each text
/// with it. The batch teaches the lexicon the names and terms of the day, so
/// a larger batch repairs better. Results are in input order.
pub fn clean_corpus(items: &[(&str, Option<&str>)]) -> Vec<Cleaned> {
    use rayon::prelude::*;

    // Passes 1 and 3 are per article and run on every core; the lexicon
    // between them is one sum over the corpus.
    let mut cleaned: Vec<Cleaned> = items
        .par_iter()
        .map(|(raw, title)| strip_boilerplate(raw, *title))
        .collect();
    let mut lexicon = Lexicon::builtin();
    let texts: Vec<&str> = cleaned.iter().map(|c| c.text.as_str()).collect();
    lexicon.add_texts(&texts);
    cleaned.par_iter_mut().for_each(|c| {
        let (text, repairs) = khabar_text::repair_glued(&c.text, &lexicon);
        c.text = text;
        c.repairs = repairs;
    });
    cleaned
}

/// How many closing lines the credit rules look at, from the last one up.
const CREDIT_LINES: usize = 3;

/// Pass 1: removes boilerplate, takes the credits, rejoins broken lines.
/// `title` is the article's headline, used to drop a repeated headline at
/// the start of the body. Never panics; an empty input gives an empty text.
pub fn strip_boilerplate(raw: &str, title: Option<&str>) -> Cleaned {
    let Verdicts {
        lines,
        verdicts,
        credits,
        tail_cut,
    } = judge(raw, title);
    let mut removed = Vec::new();
    let mut pieces = Vec::with_capacity(2 * lines.len());
    let mut next_line = 1;
    for (i, line) in lines.iter().enumerate() {
        // Blank raw lines before this one.
        if line.number > next_line {
            pieces.push(Piece::Blank);
        }
        next_line = line.number + 1;
        match (verdicts[i], tail_cut) {
            (Some(rule), _) => {
                removed.push(Removal {
                    line: line.number,
                    text: line.text.to_string(),
                    rule,
                });
                pieces.push(Piece::Break);
            }
            (None, Some((j, at, rule))) if j == i => {
                let head = line.text.get(..at).unwrap_or(line.text);
                let tail = line.text.get(at..).unwrap_or_default();
                removed.push(Removal {
                    line: line.number,
                    text: tail.to_string(),
                    rule,
                });
                pieces.push(Piece::Line(head.trim_end()));
            }
            (None, _) => pieces.push(Piece::Line(line.text)),
        }
    }

    Cleaned {
        text: display_text(&pieces),
        credit: (!credits.is_empty()).then(|| credits.join("; ")),
        removed,
        repairs: Vec::new(),
    }
}

/// The lines of `raw` that [`strip_boilerplate`] keeps, in order, as
/// slices of `raw` (trimmed; the last one without a tail a closing rule
/// cut). The display text is these lines rejoined with white space
/// collapsed, so the two have the same chars once white space is left out:
/// for a consumer that skips white space (near-duplicate fingerprints) this
/// is the display text without building it.
pub fn kept_lines<'a>(raw: &'a str, title: Option<&str>) -> Vec<&'a str> {
    let Verdicts {
        lines,
        verdicts,
        tail_cut,
        ..
    } = judge(raw, title);
    lines
        .iter()
        .enumerate()
        .filter(|&(i, _)| verdicts[i].is_none())
        .map(|(i, line)| match tail_cut {
            Some((j, at, _)) if j == i => line.text.get(..at).unwrap_or(line.text).trim_end(),
            _ => line.text,
        })
        .collect()
}

/// What the rules decided about the lines of one article.
struct Verdicts<'a> {
    /// The non-blank lines.
    lines: Vec<Line<'a>>,
    /// The rule that removed each line, if any.
    verdicts: Vec<Option<Rule>>,
    /// The credits, in line order.
    credits: Vec<String>,
    /// A closing line whose tail a credit rule cuts: (line, byte offset,
    /// rule).
    tail_cut: Option<(usize, usize, Rule)>,
}

/// Runs every rule over the lines of `raw` (see [`strip_boilerplate`]).
fn judge<'a>(raw: &'a str, title: Option<&str>) -> Verdicts<'a> {
    let lines: Vec<Line<'_>> = raw
        .split('\n')
        .enumerate()
        .filter_map(|(i, l)| Line::new(i + 1, l))
        .collect();
    let title_key = title.map(key).filter(|t| !t.is_empty());
    let script = std::cell::OnceCell::new();

    // Where each line starts, in chars of the non-blank lines before it.
    let chars: Vec<usize> = lines.iter().map(|l| l.text.chars().count()).collect();
    let total: usize = chars.iter().sum();
    let mut before_chars = 0usize;
    // The rule that removed each non-blank line, if any.
    let mut verdicts: Vec<Option<Rule>> = vec![None; lines.len()];
    // Lines that may still follow a read-more heading / a comment form.
    let (mut list_left, mut form_left) = (0usize, 0usize);
    // The rule whose block the next lines may continue, and how many may.
    let mut block: Option<(&dyn LineRule, usize)> = None;
    for (i, line) in lines.iter().enumerate() {
        let starts_at = before_chars;
        before_chars += chars.get(i).copied().unwrap_or_default();
        if form_left > 0 && is_form_field(line) {
            verdicts[i] = Some(Rule::CommentForm);
            form_left -= 1;
            list_left = 0;
            block = None;
            continue;
        }
        match block.take() {
            Some((rule, left)) if left > 0 && rule.continues(line) => {
                verdicts[i] = Some(rule.rule());
                block = Some((rule, left - 1));
                list_left = 0;
                continue;
            }
            _ => {}
        }
        let ctx = Context {
            title: title_key.as_deref(),
            script: ArticleScript::Of { raw, cell: &script },
            first: i == 0 && lines.len() > 1,
            tail: 2 * starts_at >= total,
        };
        let hit = LINE_RULES.iter().find(|r| r.matches(line, &ctx));
        if let Some(rule) = hit {
            verdicts[i] = Some(rule.rule());
            block = Some((*rule, MAX_BLOCK));
            list_left = if rule.opens_list() { MAX_LIST } else { 0 };
            // A form opens only in the second half of the article, where
            // the comment box is; other boilerplate leaves it open.
            if rule.opens_form() && 2 * i >= lines.len() {
                form_left = MAX_FORM;
            }
        } else if list_left > 0 && is_list_item(line) {
            verdicts[i] = Some(Rule::ReadMore);
            list_left -= 1;
        } else {
            list_left = 0;
            form_left = 0;
        }
    }

    // The opening byline, if the first kept line is one (and not the only).
    let mut credits: Vec<String> = Vec::new();
    let mut first_kept = (0..lines.len()).filter(|&i| verdicts[i].is_none());
    if let (Some(i), Some(_)) = (first_kept.next(), first_kept.next())
        && let Some(line) = lines.get(i)
        && let Some((rule, credit)) = OPENING_RULES
            .iter()
            .find_map(|r| r.credit(line).map(|c| (r.rule(), c)))
    {
        verdicts[i] = Some(rule);
        credits.push(credit);
    }
    let opening = credits.len();

    // Credits, from the last kept line up.
    let kept: Vec<usize> = (0..lines.len())
        .filter(|&i| verdicts[i].is_none())
        .collect();
    // What the article says, for telling a signature from a caption.
    let body = Body::new(match kept.split_last() {
        Some((_, rest)) => rest.iter().filter_map(|&i| lines.get(i)).collect(),
        None => Vec::new(),
    });
    let mut tail_cut: Option<(usize, usize, Rule)> = None;
    for (n, &i) in kept.iter().rev().take(CREDIT_LINES).enumerate() {
        let is_only = n + 1 == kept.len();
        let Some(line) = lines.get(i) else { break };
        let at = Closing {
            last: n == 0,
            before: kept
                .len()
                .checked_sub(n + 2)
                .and_then(|b| kept.get(b))
                .and_then(|&b| lines.get(b)),
            body: Some(&body),
        };
        let found = CREDIT_RULES
            .iter()
            .find_map(|r| r.credit(line, &at).map(|c| (r.rule(), c)));
        match found {
            Some((rule, c)) if c.cut == Cut::Whole && !is_only => {
                verdicts[i] = Some(rule);
                credits.extend(c.credit);
            }
            Some((rule, c)) => {
                if let Cut::From(at) = c.cut {
                    tail_cut = Some((i, at, rule));
                    credits.extend(c.credit);
                }
                break;
            }
            None => break,
        }
    }
    // The closing credits were found from the last line up.
    if let Some(closing) = credits.get_mut(opening..) {
        closing.reverse();
    }

    Verdicts {
        lines,
        verdicts,
        credits,
        tail_cut,
    }
}
