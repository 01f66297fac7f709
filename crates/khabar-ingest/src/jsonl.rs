//! JSON Lines: one article per line, read as a stream.
//!
//! Memory stays bounded: a line longer than the record limit is skipped
//! through without being kept (one [`ErrorKind::TooLarge`] for it), so at
//! most the limit plus one read buffer is held at any time.

use std::collections::VecDeque;
use std::io::{self, BufRead};

use crate::record::read_record;
use crate::{Article, ErrorKind, Origin, ReadOptions, RecordError};

/// An iterator over the articles (and errors) of one JSONL stream.
pub(crate) struct JsonLines<R> {
    reader: R,
    input: String,
    stem: String,
    opts: ReadOptions,
    gzip: bool,
    line: u64,
    buf: Vec<u8>,
    pending: VecDeque<Result<Article, RecordError>>,
    done: bool,
}

impl<R: BufRead> JsonLines<R> {
    pub(crate) fn new(
        reader: R,
        input: String,
        stem: String,
        opts: ReadOptions,
        gzip: bool,
    ) -> Self {
        Self {
            reader,
            input,
            stem,
            opts,
            gzip,
            line: 0,
            buf: Vec::new(),
            pending: VecDeque::new(),
            done: false,
        }
    }

    /// Reads the next line and queues what it yields; false at the end.
    fn advance(&mut self) -> bool {
        let limit = self.opts.record_limit();
        match read_line_bounded(&mut self.reader, &mut self.buf, limit) {
            Ok(Line::End) => false,
            Ok(Line::TooLong(size)) => {
                self.line += 1;
                let error = RecordError::record(
                    self.input.clone(),
                    self.line,
                    ErrorKind::TooLarge { size, limit },
                );
                self.pending.push_back(Err(error));
                true
            }
            Ok(Line::Complete) => {
                self.line += 1;
                if self.buf.iter().all(u8::is_ascii_whitespace) {
                    return true;
                }
                let origin = Origin {
                    input: self.input.clone(),
                    record: self.line,
                };
                self.pending
                    .extend(read_record(&self.buf, origin, &self.stem, &self.opts));
                true
            }
            Err(e) => {
                // The record being read is lost; earlier ones are already out.
                let error = RecordError::record(
                    self.input.clone(),
                    self.line + 1,
                    read_failure(e, self.gzip),
                );
                self.pending.push_back(Err(error));
                false
            }
        }
    }
}

impl<R: BufRead> Iterator for JsonLines<R> {
    type Item = Result<Article, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.pending.pop_front() {
                return Some(item);
            }
            if self.done {
                return None;
            }
            if !self.advance() {
                self.done = true;
            }
        }
    }
}

/// How a bounded line read ended.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Line {
    /// A line (without its `\n` or `\r\n`) is in the buffer.
    Complete,
    /// The line was longer than the limit: its size, in bytes; the buffer
    /// is empty and the line has been consumed.
    TooLong(u64),
    /// No more input.
    End,
}

/// Reads one line into `buf` (cleared first), keeping at most `limit`
/// bytes; longer lines are consumed and measured, not kept.
pub(crate) fn read_line_bounded<R: BufRead>(
    reader: &mut R,
    buf: &mut Vec<u8>,
    limit: u64,
) -> io::Result<Line> {
    buf.clear();
    let mut size: u64 = 0;
    let mut seen_any = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(match (seen_any, size > limit) {
                (false, _) => Line::End,
                (true, true) => Line::TooLong(size),
                (true, false) => Line::Complete,
            });
        }
        seen_any = true;
        let newline = memchr::memchr(b'\n', available);
        let take = newline.unwrap_or(available.len());
        size += take as u64;
        if size <= limit {
            buf.extend_from_slice(available.get(..take).unwrap_or_default());
        } else {
            buf.clear();
        }
        let consumed = newline.map_or(take, |n| n + 1);
        reader.consume(consumed);
        if newline.is_some() {
            if size > limit {
                return Ok(Line::TooLong(size));
            }
            if buf.last() == Some(&b'\r') {
                buf.pop();
            }
            return Ok(Line::Complete);
        }
    }
}

/// The error kind for a failed read: decompression errors of a gzip input
/// are [`ErrorKind::Gzip`], anything else [`ErrorKind::Io`].
pub(crate) fn read_failure(e: io::Error, gzip: bool) -> ErrorKind {
    let decoding = matches!(
        e.kind(),
        io::ErrorKind::InvalidInput | io::ErrorKind::InvalidData | io::ErrorKind::UnexpectedEof
    );
    if gzip && decoding {
        ErrorKind::Gzip(e.to_string())
    } else {
        ErrorKind::Io(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(data: &[u8], limit: u64, capacity: usize) -> Vec<Result<String, u64>> {
        let mut reader = io::BufReader::with_capacity(capacity, data);
        let mut buf = Vec::new();
        let mut out = Vec::new();
        loop {
            match read_line_bounded(&mut reader, &mut buf, limit) {
                Ok(Line::Complete) => out.push(Ok(String::from_utf8_lossy(&buf).into_owned())),
                Ok(Line::TooLong(n)) => out.push(Err(n)),
                Ok(Line::End) | Err(_) => return out,
            }
        }
    }

    #[test]
    fn lines_split_across_buffers() {
        let data = "سطر أول\r\nsecond line\n\nlast".as_bytes();
        for capacity in [1, 3, 7, 1024] {
            assert_eq!(
                lines(data, 100, capacity),
                vec![
                    Ok("سطر أول".to_string()),
                    Ok("second line".to_string()),
                    Ok(String::new()),
                    Ok("last".to_string())
                ],
                "capacity {capacity}"
            );
        }
    }

    #[test]
    fn long_lines_are_measured_not_kept() {
        let data = b"short\n0123456789abc\nok\n0123456789abcdef";
        for capacity in [2, 5, 64] {
            assert_eq!(
                lines(data, 10, capacity),
                vec![
                    Ok("short".to_string()),
                    Err(13),
                    Ok("ok".to_string()),
                    Err(16)
                ],
                "capacity {capacity}"
            );
        }
    }
}
