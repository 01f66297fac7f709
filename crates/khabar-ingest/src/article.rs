//! The [`Article`] as it comes out of an input, before any cleaning.

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

/// Where a record came from: the input (a path, or `-` for stdin) and the
/// record's 1-based number inside it (line for JSONL, element for a JSON
/// array, item for a feed; always 1 for a one-article file).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Origin {
    /// The input as the user named it, or the file found under a directory.
    pub input: String,
    /// 1-based record number inside the input.
    pub record: u64,
}

/// One news article as read from its input. `text` is the body as the input
/// gave it (HTML already reduced to text); cleaning happens later, in
/// `khabar-clean`, and never changes this struct.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Article {
    /// The article's id: the record's `id`, a `.txt` file's stem, a feed
    /// item's guid or link, or `<file stem>:<record>` when none is given.
    pub id: String,
    /// The outlet (`source` field, feed title, or site name of a page).
    pub source: Option<String>,
    /// The article's address, when known.
    pub url: Option<String>,
    /// The headline, when known.
    pub title: Option<String>,
    /// Publication time, when known. Dates without a time are taken as
    /// midnight UTC.
    pub published: Option<DateTime<FixedOffset>>,
    /// Language tag given by the input (`lang`), if any; detection happens later.
    pub lang: Option<String>,
    /// The body text, as read (UTF-8; invalid bytes replaced by U+FFFD).
    pub text: String,
    /// Where the record came from.
    pub origin: Origin,
}
