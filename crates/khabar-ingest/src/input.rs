//! Inputs: files, directories, stdin and in-memory bytes, each routed to
//! its format reader.

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::Path;

use flate2::read::MultiGzDecoder;
use walkdir::WalkDir;

use crate::feed::read_feed;
use crate::format::{Format, Layout, layout_of, stem_of};
use crate::html::read_page;
use crate::json_array::JsonArray;
use crate::jsonl::{JsonLines, read_failure};
use crate::text_file::read_text;
use crate::{Article, ErrorKind, ReadOptions, RecordError};

type Records<'a> = Box<dyn Iterator<Item = Result<Article, RecordError>> + Send + 'a>;

/// The articles and errors of a list of inputs, in input order; see
/// [`crate::read_inputs`]. Files are opened one at a time, when reached.
pub struct Reader {
    records: Records<'static>,
}

impl std::fmt::Debug for Reader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reader").finish_non_exhaustive()
    }
}

impl Iterator for Reader {
    type Item = Result<Article, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.records.next()
    }
}

impl Reader {
    pub(crate) fn new(inputs: &[String], opts: &ReadOptions) -> Self {
        let opts = *opts;
        let inputs = inputs.to_vec();
        let records = inputs
            .into_iter()
            .flat_map(move |input| open_input(input, opts));
        Self {
            records: Box::new(records),
        }
    }
}

/// One input as the user named it: `-`, a directory, or a file.
fn open_input(input: String, opts: ReadOptions) -> Records<'static> {
    if input == "-" {
        let stdin = BufReader::new(io::stdin());
        let stem = stem_of(&input);
        return Box::new(JsonLines::new(stdin, input, stem, opts, false));
    }
    match std::fs::metadata(&input) {
        Ok(meta) if meta.is_dir() => walk_directory(input, opts),
        Ok(meta) => open_file(input, Some(meta.len()), opts),
        Err(e) => failed(input, ErrorKind::Io(e)),
    }
}

/// Every file under `dir`, recursively, sorted by name, hidden files and
/// directories skipped. Symbolic links are followed (loops are reported).
fn walk_directory(dir: String, opts: ReadOptions) -> Records<'static> {
    let entries = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    Box::new(entries.flat_map(move |entry| match entry {
        Ok(entry) if entry.file_type().is_dir() => empty(),
        Ok(entry) => {
            let size = entry.metadata().ok().map(|m| m.len());
            open_file(entry.path().display().to_string(), size, opts)
        }
        Err(e) => {
            let path = e
                .path()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            let message = e.to_string();
            let error = e
                .into_io_error()
                .unwrap_or_else(|| io::Error::other(message));
            failed(path, ErrorKind::Io(error))
        }
    }))
}

/// One file; `size` from its metadata lets one-article formats refuse a
/// file over the limit without reading it.
fn open_file(path: String, size: Option<u64>, opts: ReadOptions) -> Records<'static> {
    let Some(layout) = layout_of(&path) else {
        return failed(path, ErrorKind::UnknownExtension);
    };
    if !layout.gzip
        && let Some(refused) = refuse_by_size(&path, layout.format, size, &opts)
    {
        return Box::new(std::iter::once(Err(refused)));
    }
    match File::open(Path::new(&path)) {
        Ok(file) => records(file, path, layout, opts),
        Err(e) => failed(path, ErrorKind::Io(e)),
    }
}

/// The articles of `bytes`, named `name`; see [`crate::read_bytes`].
pub(crate) fn read_named_bytes(
    name: &str,
    bytes: &[u8],
    opts: &ReadOptions,
) -> Vec<Result<Article, RecordError>> {
    let Some(layout) = layout_of(name) else {
        return vec![Err(RecordError::input(name, ErrorKind::UnknownExtension))];
    };
    if !layout.gzip
        && let Some(refused) = refuse_by_size(name, layout.format, Some(bytes.len() as u64), opts)
    {
        return vec![Err(refused)];
    }
    records(bytes, name.to_string(), layout, *opts).collect()
}

/// A [`ErrorKind::TooLarge`] when a whole-document input is known to be
/// over its limit before reading it.
fn refuse_by_size(
    name: &str,
    format: Format,
    size: Option<u64>,
    opts: &ReadOptions,
) -> Option<RecordError> {
    let limit = document_limit(format, opts)?;
    let size = size.filter(|&s| s > limit)?;
    let kind = ErrorKind::TooLarge { size, limit };
    Some(RecordError {
        input: name.to_string(),
        record: one_article(format).then_some(1),
        kind,
    })
}

/// The size limit of a whole-document format, `None` for streamed ones.
fn document_limit(format: Format, opts: &ReadOptions) -> Option<u64> {
    match format {
        Format::Text => Some(opts.max_article_bytes),
        Format::Html => Some(opts.page_limit()),
        Format::Feed => Some(opts.feed_limit()),
        Format::JsonLines | Format::Json => None,
    }
}

fn one_article(format: Format) -> bool {
    matches!(format, Format::Text | Format::Html)
}

/// Routes a byte stream to its format reader.
fn records<'a, R: Read + Send + 'a>(
    reader: R,
    name: String,
    layout: Layout,
    opts: ReadOptions,
) -> Records<'a> {
    let stem = stem_of(&name);
    let reader: Box<dyn Read + Send + 'a> = if layout.gzip {
        Box::new(MultiGzDecoder::new(BufReader::new(reader)))
    } else {
        Box::new(reader)
    };
    let reader = BufReader::new(reader);
    match layout.format {
        Format::JsonLines => Box::new(JsonLines::new(reader, name, stem, opts, layout.gzip)),
        Format::Json => Box::new(JsonArray::new(reader, name, stem, opts, layout.gzip)),
        Format::Text | Format::Html | Format::Feed => {
            Box::new(read_document(reader, &name, &stem, layout, &opts).into_iter())
        }
    }
}

/// Reads a whole-document input (up to its limit) and hands it to its
/// reader.
fn read_document<R: Read>(
    reader: R,
    name: &str,
    stem: &str,
    layout: Layout,
    opts: &ReadOptions,
) -> Vec<Result<Article, RecordError>> {
    let limit = document_limit(layout.format, opts).unwrap_or(opts.max_article_bytes);
    let mut bytes = Vec::new();
    if let Err(e) = reader.take(limit.saturating_add(1)).read_to_end(&mut bytes) {
        return vec![Err(RecordError::input(name, read_failure(e, layout.gzip)))];
    }
    if bytes.len() as u64 > limit {
        let size = bytes.len() as u64;
        if let Some(refused) = refuse_by_size(name, layout.format, Some(size), opts) {
            return vec![Err(refused)];
        }
    }
    match layout.format {
        Format::Text => read_text(&bytes, name, stem, opts),
        Format::Html => read_page(&bytes, name, stem, opts),
        Format::Feed => read_feed(&bytes, name, stem, opts),
        Format::JsonLines | Format::Json => Vec::new(),
    }
}

fn failed(input: String, kind: ErrorKind) -> Records<'static> {
    Box::new(std::iter::once(Err(RecordError::input(input, kind))))
}

fn empty() -> Records<'static> {
    Box::new(std::iter::empty())
}
