//! Reading news articles from files, directories and stdin.
//!
//! `khabar-ingest` turns bytes into [`Article`]s: id, source, url, title,
//! publication time, language tag and body text, each with the [`Origin`]
//! (input and record number) it came from. It does not clean, normalize or
//! deduplicate text: that is `khabar-clean` and later stages.
//!
//! # Brief overview
//!
//! * [`read_inputs`] reads paths as the user gave them — files, directories
//!   (recursively, sorted by name, hidden entries skipped) or `-` for JSONL
//!   on stdin — and returns a [`Reader`], a streaming iterator: files are
//!   opened one at a time, and JSONL / JSON arrays are read record by
//!   record, so a 1 GB file is never held in memory.
//! * [`read_bytes`] reads one in-memory input (for tests and the server).
//! * [`ReadOptions`] sets the size and nesting limits.
//!
//! # Formats
//!
//! The extension picks the format (case-insensitive; any of them may end
//! in `.gz`):
//!
//! | extension | records | notes |
//! | --- | --- | --- |
//! | `.txt` | one | id = file stem; a short first line followed by text is the title |
//! | `.jsonl`, `.ndjson` | one per line | blank lines skipped; record = line number |
//! | `.json` | one per array element | a single object is also accepted |
//! | `.html`, `.htm` | one | main text by readability (`dom_smoothie`); metadata from `og:`/`article:` meta tags, JSON-LD, `<time>`, `<title>`, canonical link |
//! | `.xml`, `.rss`, `.atom` | one per item | RSS and Atom via `feed-rs`; item HTML reduced to text |
//!
//! JSON records accept these fields (first non-empty wins): text
//! (`text` \| `body` \| `content`, required), `id` (string or number),
//! title (`title` \| `headline`), url (`url` \| `link`), source (`source` \|
//! `outlet`), published (`published` \| `date` \| `pubDate` \|
//! `date_published` \| `date_extracted`: RFC 3339, RFC 2822,
//! `YYYY-MM-DD hh:mm:ss` or `YYYY-MM-DD`, taken as UTC without a zone) and
//! lang (`lang` \| `language`). A record without an id gets
//! `<file stem>:<record>`.
//!
//! HTML becomes plain text with a blank line between blocks (`<p>`,
//! `<h1>`..`<h6>`, `<div>`, ...) and a line break at `<br>`, `<li>`, `<tr>`.
//!
//! # Error model
//!
//! A bad record is a value, never a reason to stop: the iterator yields
//! `Err(`[`RecordError`]`)` for it, naming the input and (when there is
//! one) the record, and goes on with the next record and the next input.
//! Nothing is dropped silently: a file with an unknown extension inside a
//! directory is an [`ErrorKind::UnknownExtension`], a dangling link an
//! [`ErrorKind::Io`] naming its path.
//!
//! Some problems do not lose the article. Invalid UTF-8 is decoded with
//! U+FFFD, NUL bytes are removed, an unrecognised date is left out, a page
//! cut short keeps the text found: each yields its error *and then* the
//! article ([`ErrorKind::InvalidUtf8`], [`ErrorKind::NulBytes`],
//! [`ErrorKind::BadDate`], [`ErrorKind::TruncatedPage`]).
//!
//! Text without a single letter or digit is [`ErrorKind::EmptyText`].
//! Hostile inputs are refused cheaply: files over the size limit are
//! refused from their metadata without being read; JSON lines and elements
//! over the limit are skipped through without being held; HTML nested
//! deeper than [`ReadOptions::max_html_depth`] is refused by a pre-scan
//! before any parser sees it; feeds declaring DTD entities ("billion
//! laughs") are refused before parsing.
//!
//! # Example
//!
//! ```
//! use khabar_ingest::{ErrorKind, ReadOptions, read_bytes};
//!
//! let jsonl = r#"{"id": "sana-1", "title": "محادثات جنيف", "source": "وكالة الأنباء", "date": "2024-06-01", "text": "قال المتحدث باسم وزارة الخارجية إن المحادثات ستستأنف الأسبوع المقبل في جنيف."}
//! {"id": "broken", "text": "#;
//!
//! let out = read_bytes("wire.jsonl", jsonl.as_bytes(), &ReadOptions::default());
//! assert_eq!(out.len(), 2);
//!
//! let article = out[0].as_ref().expect("the first line is an article");
//! assert_eq!(article.id, "sana-1");
//! assert_eq!(article.title.as_deref(), Some("محادثات جنيف"));
//! assert_eq!(article.published.map(|t| t.to_rfc3339()).as_deref(), Some("2024-06-01T00:00:00+00:00"));
//! assert!(article.text.starts_with("قال المتحدث"));
//!
//! // The broken second line is a value, not a panic and not a stop.
//! let error = out[1].as_ref().expect_err("the second line is malformed");
//! assert_eq!((error.input.as_str(), error.record), ("wire.jsonl", Some(2)));
//! assert!(matches!(error.kind, ErrorKind::Json(_)));
//! ```
#![deny(missing_docs)]

mod article;
mod date;
mod error;
mod feed;
mod format;
mod html;
mod input;
mod json_array;
mod jsonl;
mod record;
mod settle;
mod text_file;

pub use article::{Article, Origin};
pub use error::{ErrorKind, ErrorReport, RecordError};
pub use input::Reader;

/// Limits that keep hostile inputs cheap.
///
/// `max_article_bytes` bounds the text of one article. Raw inputs get
/// room for their overhead, derived from it: a JSON record (line or array
/// element) may be up to twice the limit (escapes such as `\u0627`), an
/// HTML page four times (markup), a feed document sixteen times (many
/// items).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadOptions {
    /// The largest article text accepted, in bytes (default 4 MiB).
    pub max_article_bytes: u64,
    /// The deepest element nesting accepted in HTML (default 512).
    pub max_html_depth: usize,
}

impl Default for ReadOptions {
    fn default() -> Self {
        Self {
            max_article_bytes: 4 * 1024 * 1024,
            max_html_depth: 512,
        }
    }
}

impl ReadOptions {
    /// The largest raw JSON record (line or element), in bytes.
    pub(crate) fn record_limit(&self) -> u64 {
        self.max_article_bytes.saturating_mul(2)
    }

    /// The largest HTML page, in bytes.
    pub(crate) fn page_limit(&self) -> u64 {
        self.max_article_bytes.saturating_mul(4)
    }

    /// The largest feed document, in bytes.
    pub(crate) fn feed_limit(&self) -> u64 {
        self.max_article_bytes.saturating_mul(16)
    }
}

/// Reads every input — a file, a directory (recursively, in sorted order,
/// hidden entries skipped) or `-` for JSONL on stdin — and yields articles
/// and errors in input order, streaming. The iterator never stops early:
/// errors are items.
pub fn read_inputs(inputs: &[String], opts: &ReadOptions) -> Reader {
    Reader::new(inputs, opts)
}

/// Reads one in-memory input named `name`; the extension of `name` picks
/// the format (`-` is JSONL). Errors name `name` as their input.
pub fn read_bytes(
    name: &str,
    bytes: &[u8],
    opts: &ReadOptions,
) -> Vec<Result<Article, RecordError>> {
    input::read_named_bytes(name, bytes, opts)
}
