//! Per-record errors. A bad record is a value, never a reason to stop.

use serde::Serialize;

/// What went wrong with one input or one record in it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The file could not be opened or read (missing, permission, dangling link, I/O).
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    /// The bytes were not valid UTF-8; the article is still produced, decoded lossily.
    #[error("invalid UTF-8 at byte {offset}; decoded with replacement characters")]
    InvalidUtf8 {
        /// Byte offset of the first invalid sequence.
        offset: usize,
    },
    /// A `.gz` input that is not gzip or ends early.
    #[error("bad gzip data: {0}")]
    Gzip(String),
    /// A JSON line, array or element that does not parse.
    #[error("malformed JSON: {0}")]
    Json(String),
    /// A JSON record without `text`, `body` or `content` as a string.
    #[error("no text: a record needs a string field `text` (or `body`, `content`)")]
    MissingText,
    /// Text that is empty, only white space, or without a single letter or
    /// digit (after extraction, for pages).
    #[error("empty text: no letter or digit")]
    EmptyText,
    /// NUL bytes found in the text; they were removed and the article is
    /// still produced.
    #[error("{count} NUL bytes removed")]
    NulBytes {
        /// How many NUL bytes were removed.
        count: usize,
    },
    /// A date field that is none of the accepted forms; the article is still
    /// produced, without a publication time.
    #[error(
        "unrecognised date {value:?}; expected RFC 3339, RFC 2822, YYYY-MM-DD hh:mm:ss or YYYY-MM-DD"
    )]
    BadDate {
        /// The value as given.
        value: String,
    },
    /// A page that stops before `</body>` or `</html>` although it opened
    /// them, so probably cut short in transfer; the text found is still
    /// produced.
    #[error("page ends before </body> or </html>: probably truncated")]
    TruncatedPage,
    /// An HTML page from which no main text could be extracted.
    #[error("no main text found in the page")]
    NoMainText,
    /// A feed (RSS, Atom) that does not parse.
    #[error("feed does not parse: {0}")]
    Feed(String),
    /// An article or a record larger than the configured limit.
    #[error("too large: {size} bytes (limit {limit} bytes)")]
    TooLarge {
        /// Size seen, in bytes (at least this many).
        size: u64,
        /// The limit in force.
        limit: u64,
    },
    /// A file whose extension khabar does not read.
    #[error(
        "unknown input type (expected .txt, .jsonl, .ndjson, .json, .html, .htm, .xml, .rss, .atom, optionally .gz)"
    )]
    UnknownExtension,
    /// A page nested too deeply to parse safely.
    #[error("HTML nested deeper than {limit} elements")]
    TooDeep {
        /// The nesting limit in force.
        limit: usize,
    },
}

/// One error, naming the input and (when there is one) the record.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.describe())]
pub struct RecordError {
    /// The input, as in [`crate::Origin::input`].
    pub input: String,
    /// 1-based record number, or `None` when the whole input failed.
    pub record: Option<u64>,
    /// What went wrong.
    #[source]
    pub kind: ErrorKind,
}

impl RecordError {
    /// An error about a whole input.
    pub fn input(input: impl Into<String>, kind: ErrorKind) -> Self {
        Self {
            input: input.into(),
            record: None,
            kind,
        }
    }

    /// An error about one record of an input.
    pub fn record(input: impl Into<String>, record: u64, kind: ErrorKind) -> Self {
        Self {
            input: input.into(),
            record: Some(record),
            kind,
        }
    }

    fn describe(&self) -> String {
        match self.record {
            Some(r) => format!("{}: record {}: {}", self.input, r, self.kind),
            None => format!("{}: {}", self.input, self.kind),
        }
    }

    /// The JSON shape of DESIGN.md: `{"input", "record", "error"}`.
    pub fn to_report(&self) -> ErrorReport {
        ErrorReport {
            input: self.input.clone(),
            record: self.record,
            error: self.kind.to_string(),
        }
    }
}

/// The serialized form of a [`RecordError`], as it appears under `errors`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorReport {
    /// The input.
    pub input: String,
    /// The record, when the error is about one record.
    pub record: Option<u64>,
    /// The message.
    pub error: String,
}
