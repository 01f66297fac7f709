//! The cleaning rules, one small unit per file, and the three ordered lists
//! that make the pipeline ([`LINE_RULES`], [`OPENING_RULES`] and
//! [`CREDIT_RULES`]).
//!
//! A [`LineRule`] looks at one whole non-blank line (trimmed) and says
//! whether it is boilerplate; the first rule of [`LINE_RULES`] that matches
//! names the removal. After the line rules ran, an [`OpeningRule`] looks only
//! at the first kept line and turns an outlet byline into the credit, and a
//! [`CreditRule`] looks only at the last lines of the article and turns a
//! closing source line or outlet signature into the credit (or cuts a
//! related-articles tail).
//!
//! Every rule is conservative: it matches whole short lines (each rule's doc
//! gives its word limit), never a phrase inside a long sentence.

mod advertisement;
mod byline;
mod comment_form;
mod contact;
mod copyright;
mod foreign_caption;
mod lone_number;
mod newsletter;
mod outlets;
mod photo_credit;
mod read_more;
mod related_tail;
mod share_menu;
mod signature;
mod source_line;
mod title_repeat;
mod wire_marker;

pub(crate) use advertisement::Advertisement;
pub(crate) use byline::Byline;
pub(crate) use comment_form::{CommentForm, MAX_FORM, is_form_field};
pub(crate) use contact::Contact;
pub(crate) use copyright::Copyright;
pub(crate) use foreign_caption::ForeignCaption;
pub(crate) use lone_number::LoneNumber;
pub(crate) use newsletter::Newsletter;
pub(crate) use photo_credit::PhotoCredit;
pub(crate) use read_more::{MAX_LIST, ReadMore, is_list_item};
pub(crate) use related_tail::RelatedTail;
pub(crate) use share_menu::{ShareMenu, menu_phrase_at};
pub(crate) use signature::Signature;
pub(crate) use source_line::SourceLine;
pub(crate) use title_repeat::TitleRepeat;
pub(crate) use wire_marker::WireMarker;

use crate::Rule;
use khabar_text::script::Script;

use std::cell::OnceCell;

use crate::line::{Line, key, mostly};

/// What a line rule may know about the article around a line.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Context<'a> {
    /// The [`key`](crate::line::key) of the headline, when there is one.
    pub title: Option<&'a str>,
    /// The script of at least 60% of the raw text's letters, if any.
    pub script: ArticleScript<'a>,
    /// True for the first non-blank line of an article that has more than
    /// one non-blank line.
    pub first: bool,
    /// True for a line that starts in the second half of the article's text
    /// (counted in chars of the non-blank lines), where a writer's contact
    /// lines are.
    pub tail: bool,
}

impl Context<'_> {
    /// A context for tests: Arabic article, no title, not the first line.
    #[cfg(test)]
    pub(crate) fn arabic() -> Context<'static> {
        Context {
            title: None,
            script: ArticleScript::Known(Some(Script::Arabic)),
            first: false,
            tail: false,
        }
    }

    /// A context for tests: English article, no title, not the first line.
    #[cfg(test)]
    pub(crate) fn latin() -> Context<'static> {
        Context {
            title: None,
            script: ArticleScript::Known(Some(Script::Latin)),
            first: false,
            tail: false,
        }
    }
}

/// The script of at least 60% of an article's letters ([`mostly`]), counted
/// on first use: only a line that may be a foreign caption asks for it, and
/// most articles have none.
#[derive(Debug, Clone, Copy)]
pub(crate) enum ArticleScript<'a> {
    /// A fixed script, for tests.
    #[cfg(test)]
    Known(Option<Script>),
    /// `mostly(raw)`, kept in `cell` once counted.
    Of {
        /// The article's raw text.
        raw: &'a str,
        /// The count, once made.
        cell: &'a OnceCell<Option<Script>>,
    },
}

impl ArticleScript<'_> {
    /// The script, counted now if it was not yet.
    pub fn get(&self) -> Option<Script> {
        match *self {
            #[cfg(test)]
            ArticleScript::Known(s) => s,
            ArticleScript::Of { raw, cell } => *cell.get_or_init(|| mostly(raw)),
        }
    }
}

/// A rule that removes whole boilerplate lines.
pub(crate) trait LineRule: Sync {
    /// The rule reported for a removal.
    fn rule(&self) -> Rule;
    /// True when `line` is this kind of boilerplate.
    fn matches(&self, line: &Line<'_>, ctx: &Context<'_>) -> bool;
    /// True when the lines after a match may be a list that goes with it
    /// (see [`is_list_item`]).
    fn opens_list(&self) -> bool {
        false
    }
    /// True when a match in the second half of the article opens a comment
    /// form: the lines after it that pass [`is_form_field`] go with it.
    fn opens_form(&self) -> bool {
        false
    }
    /// True when `line`, right after a match of this rule (or after a line
    /// that continued it), is part of the same block; at most [`MAX_BLOCK`]
    /// lines follow one match.
    fn continues(&self, _line: &Line<'_>) -> bool {
        false
    }
}

/// The most lines that [`LineRule::continues`] adds to one match.
pub(crate) const MAX_BLOCK: usize = 5;

/// A rule that finds the credit in the first kept line of an article.
pub(crate) trait OpeningRule: Sync {
    /// The rule reported for a removal.
    fn rule(&self) -> Rule;
    /// The credit in `line`, the first kept line of an article that has
    /// more kept lines; the whole line leaves the text.
    fn credit(&self, line: &Line<'_>) -> Option<String>;
}

/// How much of a closing line a credit rule takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cut {
    /// The whole line.
    Whole,
    /// The tail of the line from this byte offset of `Line::text` on.
    From(usize),
}

/// A credit found at the end of an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Credit {
    /// What leaves the text.
    pub cut: Cut,
    /// The credit as it is shown: the outlet or source, without labels,
    /// bullets or brackets. `None` for closing boilerplate that names no
    /// source (a related-articles tail).
    pub credit: Option<String>,
}

/// Where a closing line stands in the article.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Closing<'l, 'a> {
    /// True for the last kept line of the article.
    pub last: bool,
    /// The kept line before it, if any.
    pub before: Option<&'l Line<'a>>,
    /// The other kept lines, whose joined keys a rule may ask for.
    pub body: Option<&'l Body<'l, 'a>>,
}

impl Closing<'_, '_> {
    /// [`Body::key`] of the other kept lines ("" when there are none).
    pub fn body_key(&self) -> &str {
        self.body.map_or("", Body::key)
    }
}

/// The kept lines of an article other than the closing one, and their
/// [`body_key`], folded only if a rule asks (most articles never need it).
#[derive(Debug)]
pub(crate) struct Body<'l, 'a> {
    lines: Vec<&'l Line<'a>>,
    key: std::cell::OnceCell<String>,
}

impl<'l, 'a> Body<'l, 'a> {
    /// The body made of `lines`.
    pub fn new(lines: Vec<&'l Line<'a>>) -> Self {
        Body {
            lines,
            key: std::cell::OnceCell::new(),
        }
    }

    /// The [keys](crate::line::key) of the lines joined by spaces, without
    /// the dateline at the head of the first one ([`body_key`]).
    pub fn key(&self) -> &str {
        self.key.get_or_init(|| body_key(&self.lines))
    }
}

/// The most words before the `:` that ends an opening dateline
/// ("موسكو - «المدار»: ...").
const DATELINE_WORDS: usize = 6;

/// The keys of `lines` joined by spaces, with an opening dateline (up to a
/// `:` among the first [`DATELINE_WORDS`] words of the first line) left out:
/// an outlet names itself there, so its signature may still be "absent"
/// from the body.
pub(crate) fn body_key(lines: &[&Line<'_>]) -> String {
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        let mut text = line.text;
        if i == 0
            && let Some((head, rest)) = text.split_once(':')
            && head.split_whitespace().count() <= DATELINE_WORDS
        {
            text = rest;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&key(text));
    }
    out
}

/// A rule that finds the credit in one of the closing lines of an article.
pub(crate) trait CreditRule: Sync {
    /// The rule reported for a removal.
    fn rule(&self) -> Rule;
    /// The credit in `line`, a closing line of the article standing `at`.
    fn credit(&self, line: &Line<'_>, at: &Closing<'_, '_>) -> Option<Credit>;
}

/// The line rules, in the order they are tried. The first match wins.
pub(crate) const LINE_RULES: &[&dyn LineRule] = &[
    &TitleRepeat,
    &CommentForm,
    &ShareMenu,
    &ReadMore,
    &Copyright,
    &Newsletter,
    &Contact,
    &Advertisement,
    &LoneNumber,
    &WireMarker,
    &ForeignCaption,
    &PhotoCredit,
];

/// The opening rules, tried on the first kept line.
pub(crate) const OPENING_RULES: &[&dyn OpeningRule] = &[&Byline];

/// The credit rules, tried on the closing lines from the last one up.
pub(crate) const CREDIT_RULES: &[&dyn CreditRule] = &[&RelatedTail, &SourceLine, &Signature];

/// Test helper: real lines to check a prefilter on: every line of the
/// repository's example articles (read at test time), and each phrase of
/// `phrases` written the ways boilerplate lines are (alone, after a bullet,
/// before a colon and a headline, in a `|` menu, in capitals).
#[cfg(test)]
pub(crate) fn sample_lines(phrases: &[String]) -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/articles");
    let mut lines: Vec<String> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .flat_map(|t| t.lines().map(str::to_string).collect::<Vec<_>>())
        .collect();
    assert!(lines.len() > 100, "example articles not found in {dir:?}");
    for p in phrases {
        lines.extend([
            p.clone(),
            p.to_uppercase(),
            format!("- {p}:"),
            format!("• {p} | طباعة | فيسبوك"),
            format!("«{p}»"),
            format!("{p}: الرئيس هادي يعين نايف البكري محافظاً لعدن"),
            format!("{p} الرئيس هادي يعين نايف البكري محافظاً لعدن"),
        ]);
    }
    lines
}

/// Test helper: asserts that a prefilter never dismisses a line the check
/// behind it would match, on [`sample_lines`], and that the check matches
/// some of them (so the test can fail).
#[cfg(test)]
pub(crate) fn assert_prefilter(
    phrases: &[String],
    prefilter: impl Fn(&Line<'_>) -> bool,
    check: impl Fn(&Line<'_>) -> bool,
) {
    let mut matched = 0;
    for text in sample_lines(phrases) {
        let Some(line) = Line::new(2, &text) else {
            continue;
        };
        if check(&line) {
            matched += 1;
            assert!(prefilter(&line), "the prefilter skips {text:?}");
        }
    }
    assert!(matched > 0, "no sample line matches the check");
}

/// Test helper: does `rule` remove `text` as a non-first line in `ctx`?
#[cfg(test)]
pub(crate) fn removes(rule: &dyn LineRule, text: &str, ctx: &Context<'_>) -> bool {
    Line::new(2, text).is_some_and(|l| rule.matches(&l, ctx))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_in_one_list() {
        let mut listed: Vec<Rule> = LINE_RULES.iter().map(|r| r.rule()).collect();
        listed.extend(OPENING_RULES.iter().map(|r| r.rule()));
        listed.extend(CREDIT_RULES.iter().map(|r| r.rule()));
        assert_eq!(
            listed,
            Rule::ALL,
            "a rule is missing from LINE_RULES/OPENING_RULES/CREDIT_RULES or out of order"
        );
    }
}
