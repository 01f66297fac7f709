//! Arabic-first text processing for khabar: the match form, tokens with
//! offsets, sentences, light stemming, stop words, language and glued-word
//! repair.
//!
//! Invariant: every offset this crate returns is a char (Unicode scalar)
//! offset into the display text it was given.
//!
//! Does not: read files, remove boilerplate, or know about articles.
#![deny(missing_docs)]

pub mod normalize;

pub use normalize::{MatchForm, fold, match_form};
