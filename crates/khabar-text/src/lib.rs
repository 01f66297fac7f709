//! Arabic-first text processing for khabar: the match form, scripts and
//! languages, tokens with offsets, sentences, light stemming, stop words and
//! glued-word repair. Pure functions, no I/O.
//!
//! # Brief overview
//!
//! - [`normalize`]: the match form ([`match_form`], [`fold`]) — the text
//!   khabar compares, with a map back to the display text.
//! - [`script`]: the script of a letter or a text ([`dominant_script`],
//!   [`script_share`]), e.g. to spot an English caption in an Arabic article.
//! - [`lang`]: [`Lang`] and [`detect_language`] (whatlang, with an Arabic
//!   short cut).
//! - [`token`]: [`tokenize`] gives [`Token`]s: Arabic words, Latin words and
//!   numbers in match form, with char offsets into the display text.
//! - [`sentence`]: [`sentences`] gives sentence char ranges, aware of
//!   numbers, abbreviations (د. Dr. U.S.) and quotations;
//!   [`sentence_bytes`] the same as byte ranges, found as they are taken.
//! - [`stem`](mod@stem): [`stem()`](stem::stem) — Snowball Arabic and English stemming of
//!   match-form tokens, with fixes so Arabic variants meet.
//! - [`stopwords`]: [`is_stop_word`] over our Arabic and English lists.
//! - [`glued`]: [`repair_glued`] puts back spaces a scraper lost between
//!   Arabic words, using a [`Lexicon`] of word counts.
//!
//! Invariant: every offset this crate returns is a char (Unicode scalar)
//! offset into the display text it was given.
//!
//! # Example
//!
//! ```
//! use khabar_text::{Lang, Lexicon, fold, is_stop_word, repair_glued, sentences, stem, tokenize};
//!
//! let display = "أكّد د. أحمد أنّ الأممالمتحدة ستدعم المستشفيات. وأضاف: «الوضع مستقر».";
//!
//! // Lost spaces come back in the display text.
//! let (display, repairs) = repair_glued(display, &Lexicon::builtin());
//! assert_eq!(repairs[0].parts, ["الأمم", "المتحدة"]);
//!
//! // Two sentences: "د." is an abbreviation, not an end.
//! let s = sentences(&display);
//! assert_eq!(s.len(), 2);
//! let first: String = display.chars().take(s[0].end).collect();
//! assert_eq!(first, "أكّد د. أحمد أنّ الأمم المتحدة ستدعم المستشفيات.");
//!
//! // Tokens are in match form, with offsets into the display text.
//! let tokens = tokenize(&display);
//! assert_eq!(tokens[0].text, "اكد");
//! assert_eq!(tokens[0].range(), 0..4);
//! let content: Vec<String> = tokens
//!     .iter()
//!     .filter(|t| !is_stop_word(&t.text))
//!     .map(|t| stem(&t.text, Lang::Arabic))
//!     .collect();
//! // المستشفيات meets المستشفى once both are stemmed.
//! assert!(content.contains(&stem(&fold("المستشفى"), Lang::Arabic)));
//! ```
//!
//! Does not: read files, remove boilerplate, or know about articles.
#![deny(missing_docs)]

pub mod calendar;
pub mod glued;
pub mod lang;
pub mod normalize;
pub mod script;
pub mod sentence;
pub mod stem;
pub mod stopwords;
pub mod token;

pub use glued::{GluedRepair, Lexicon, repair_glued};
pub use lang::{Lang, detect_language};
pub use normalize::{MatchForm, fold, fold_char, fold_each, match_form};
pub use script::{Script, dominant_script, script_of, script_share};
pub use sentence::{SentenceBytes, sentence_bytes, sentences};
pub use stem::stem;
pub use stopwords::is_stop_word;
pub use token::{CharCursor, Token, TokenKind, TokenSpan, char_range, for_each_token, tokenize};
