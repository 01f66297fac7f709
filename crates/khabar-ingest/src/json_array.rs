//! A `.json` file: an array of articles, read element by element, or a
//! single article object.
//!
//! A small scanner finds where each top-level element starts and ends
//! (tracking strings and brackets), so only one element is held at a time
//! and the elements before a break in the file still come out.

use std::collections::VecDeque;
use std::io::{self, BufRead};

use crate::jsonl::read_failure;
use crate::record::read_record;
use crate::{Article, ErrorKind, Origin, ReadOptions, RecordError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Nothing read yet.
    Start,
    /// Inside the array, before the first element or after a comma.
    BeforeElement,
    /// Inside the array, after an element.
    AfterElement,
    /// The document is an object: one record, to be read next.
    Single,
    /// After the array or the single object: only white space may follow.
    Trailing,
    /// Nothing more to yield.
    Done,
}

/// An iterator over the articles (and errors) of one `.json` input.
pub(crate) struct JsonArray<R> {
    reader: R,
    input: String,
    stem: String,
    opts: ReadOptions,
    gzip: bool,
    state: State,
    record: u64,
    buf: Vec<u8>,
    pending: VecDeque<Result<Article, RecordError>>,
}

/// How an element scan ended.
enum Element {
    /// The element's bytes are in the buffer.
    Complete,
    /// The element was larger than the limit; its size.
    TooLarge(u64),
    /// The input ended inside the element.
    Truncated,
}

impl<R: BufRead> JsonArray<R> {
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
            state: State::Start,
            record: 0,
            buf: Vec::new(),
            pending: VecDeque::new(),
        }
    }

    fn fail(&mut self, record: Option<u64>, kind: ErrorKind) {
        let error = RecordError {
            input: self.input.clone(),
            record,
            kind,
        };
        self.pending.push_back(Err(error));
        self.state = State::Done;
    }

    /// Moves the scanner one step, queueing what it yields.
    fn advance(&mut self) -> io::Result<()> {
        let next = skip_white_space(&mut self.reader)?;
        match (self.state, next) {
            (State::Start, None) => self.fail(None, json_error("the file is empty")),
            (State::Start, Some(b'[')) => {
                self.reader.consume(1);
                self.state = State::BeforeElement;
            }
            (State::Start, Some(b'{')) => self.state = State::Single,
            (State::Start, Some(_)) => {
                self.fail(None, json_error("expected an array `[` or an object `{`"))
            }
            (State::BeforeElement, Some(b']')) if self.record == 0 => {
                self.reader.consume(1);
                self.state = State::Trailing;
            }
            (State::BeforeElement | State::Single, Some(_)) => {
                self.record += 1;
                self.read_element()?;
                self.state = match self.state {
                    State::Single => State::Trailing,
                    State::BeforeElement => State::AfterElement,
                    other => other,
                };
            }
            (State::AfterElement, Some(b',')) => {
                self.reader.consume(1);
                self.state = State::BeforeElement;
            }
            (State::AfterElement, Some(b']')) => {
                self.reader.consume(1);
                self.state = State::Trailing;
            }
            (State::AfterElement, Some(c)) => {
                let message = format!("expected `,` or `]` after element, found {:?}", c as char);
                self.fail(Some(self.record + 1), json_error(&message));
            }
            (State::BeforeElement | State::AfterElement | State::Single, None) => {
                self.fail(
                    Some(self.record + 1),
                    json_error("the file ends inside the array"),
                );
            }
            (State::Trailing, None) | (State::Done, _) => self.state = State::Done,
            (State::Trailing, Some(_)) => {
                self.fail(None, json_error("trailing characters after the JSON value"));
            }
        }
        Ok(())
    }

    fn read_element(&mut self) -> io::Result<()> {
        let limit = self.opts.record_limit();
        match scan_element(&mut self.reader, &mut self.buf, limit)? {
            Element::Complete => {
                let origin = Origin {
                    input: self.input.clone(),
                    record: self.record,
                };
                let out = read_record(&self.buf, origin, &self.stem, &self.opts);
                self.pending.extend(out);
            }
            Element::TooLarge(size) => {
                let error = RecordError::record(
                    self.input.clone(),
                    self.record,
                    ErrorKind::TooLarge { size, limit },
                );
                self.pending.push_back(Err(error));
            }
            Element::Truncated => {
                self.fail(
                    Some(self.record),
                    json_error("the file ends inside this element"),
                );
            }
        }
        Ok(())
    }
}

impl<R: BufRead> Iterator for JsonArray<R> {
    type Item = Result<Article, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.pending.pop_front() {
                return Some(item);
            }
            if self.state == State::Done {
                return None;
            }
            if let Err(e) = self.advance() {
                let record = Some(self.record.max(1));
                self.fail(record, read_failure(e, self.gzip));
            }
        }
    }
}

fn json_error(message: &str) -> ErrorKind {
    ErrorKind::Json(message.to_string())
}

/// Skips JSON white space; returns the next byte without consuming it.
fn skip_white_space<R: BufRead>(reader: &mut R) -> io::Result<Option<u8>> {
    loop {
        let available = match reader.fill_buf() {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(None);
        }
        match available.iter().position(|b| !b.is_ascii_whitespace()) {
            Some(n) => {
                let byte = available.get(n).copied();
                reader.consume(n);
                return Ok(byte);
            }
            None => {
                let n = available.len();
                reader.consume(n);
            }
        }
    }
}

/// Reads one JSON value starting at the reader's position into `buf`.
/// An object or array ends at its matching bracket; a scalar at the next
/// `,`, `]` or white space outside a string (left unconsumed).
fn scan_element<R: BufRead>(reader: &mut R, buf: &mut Vec<u8>, limit: u64) -> io::Result<Element> {
    buf.clear();
    let mut size: u64 = 0;
    let mut depth: u64 = 0;
    let mut in_string = false;
    let mut escaped = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(if depth == 0 && !in_string && size > 0 {
                finish(size, limit)
            } else {
                Element::Truncated
            });
        }
        let mut end = None;
        for (i, &b) in available.iter().enumerate() {
            if in_string {
                match (escaped, b) {
                    (true, _) => escaped = false,
                    (false, b'\\') => escaped = true,
                    (false, b'"') => in_string = false,
                    _ => {}
                }
                if !in_string && depth == 0 {
                    end = Some(i + 1);
                    break;
                }
                continue;
            }
            match b {
                b'"' => in_string = true,
                b'{' | b'[' => depth += 1,
                b'}' | b']' if depth > 0 => {
                    depth -= 1;
                    if depth == 0 {
                        end = Some(i + 1);
                        break;
                    }
                }
                b',' | b']' | b'}' if depth == 0 => {
                    end = Some(i);
                    break;
                }
                c if depth == 0 && c.is_ascii_whitespace() => {
                    end = Some(i);
                    break;
                }
                _ => {}
            }
        }
        let take = end.unwrap_or(available.len());
        size += take as u64;
        if size <= limit {
            buf.extend_from_slice(available.get(..take).unwrap_or_default());
        } else {
            buf.clear();
        }
        reader.consume(take);
        if end.is_some() {
            return Ok(finish(size, limit));
        }
    }
}

fn finish(size: u64, limit: u64) -> Element {
    if size > limit {
        Element::TooLarge(size)
    } else {
        Element::Complete
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str, capacity: usize) -> Vec<Result<String, (Option<u64>, String)>> {
        let reader = io::BufReader::with_capacity(capacity, json.as_bytes());
        let opts = ReadOptions {
            max_article_bytes: 200,
            ..ReadOptions::default()
        };
        JsonArray::new(reader, "a.json".into(), "a".into(), opts, false)
            .map(|r| r.map(|a| a.id).map_err(|e| (e.record, e.kind.to_string())))
            .collect()
    }

    #[test]
    fn array_elements_in_order() {
        let json = r#" [ {"id": "a", "text": "قال الوزير [في بيان] \"رسمي\" {}"},
            {"id": 2, "text": "The minister said."} ] "#;
        for capacity in [1, 4, 4096] {
            assert_eq!(
                read(json, capacity),
                vec![Ok("a".to_string()), Ok("2".to_string())]
            );
        }
    }

    #[test]
    fn single_object_is_one_record() {
        assert_eq!(
            read(r#"{"text": "The minister said."}"#, 8),
            vec![Ok("a:1".to_string())]
        );
    }

    #[test]
    fn a_break_keeps_what_came_before() {
        let out = read(r#"[{"id": "a", "text": "x"}, {"id": "#, 5);
        assert_eq!(out.first(), Some(&Ok("a".to_string())));
        assert!(matches!(out.get(1), Some(Err((Some(2), m))) if m.contains("ends inside")));
        assert_eq!(out.len(), 2);
    }

    #[test]
    fn bad_elements_do_not_stop_the_array() {
        let out = read(
            r#"[{"id": "a", "text": "x"}, 7, {"id": "b"}, {"id": "c", "text": "y"}]"#,
            16,
        );
        assert_eq!(out.len(), 4, "{out:?}");
        assert!(matches!(&out[1], Err((Some(2), m)) if m.contains("a number")));
        assert!(matches!(&out[2], Err((Some(3), m)) if m.contains("no text")));
        assert_eq!(out[3], Ok("c".to_string()));
    }

    #[test]
    fn oversized_element_is_skipped() {
        let big = "ب".repeat(300);
        let json = format!(r#"[{{"id": "big", "text": "{big}"}}, {{"id": "ok", "text": "x"}}]"#);
        let out = read(&json, 64);
        assert!(matches!(&out[0], Err((Some(1), m)) if m.contains("too large")));
        assert_eq!(out.get(1), Some(&Ok("ok".to_string())));
    }

    #[test]
    fn documents_that_are_not_arrays_or_objects() {
        for json in ["", "   ", "\"text\"", "nonsense"] {
            let out = read(json, 8);
            assert!(matches!(&out[..], [Err((None, _))]), "{json:?}: {out:?}");
        }
        let out = read(r#"[{"text": "x"}] trailing"#, 8);
        assert!(matches!(&out[..], [Ok(_), Err((None, m))] if m.contains("trailing")));
        assert!(read("[]", 8).is_empty());
    }
}
