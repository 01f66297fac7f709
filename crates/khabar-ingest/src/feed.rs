//! RSS and Atom feeds (`feed-rs`): one article per item.
//!
//! id = the item's guid / id, else its link, else `<stem>:<item>`; title,
//! link, published (else updated), lang; source = the feed's title; text =
//! the content body, else the summary / description, reduced from HTML to
//! plain text (no main-text extraction: a feed body is already the article).
//!
//! A document that declares entities (`<!ENTITY` in a DTD) is refused
//! before parsing: entity expansion ("billion laughs") is a classic attack
//! and news feeds have no use for it.

use feed_rs::model::{Entry, Feed, Text};

use crate::date::from_utc;
use crate::html::{fragment_text, shape_of};
use crate::settle::{Draft, decode_lossy, non_empty, settle};
use crate::{Article, ErrorKind, Origin, ReadOptions, RecordError};

/// Reads every item of one feed document.
pub(crate) fn read_feed(
    bytes: &[u8],
    input: &str,
    stem: &str,
    opts: &ReadOptions,
) -> Vec<Result<Article, RecordError>> {
    let mut out = Vec::new();
    let (xml, bad_byte) = decode_lossy(bytes);
    if let Some(offset) = bad_byte {
        out.push(Err(RecordError::input(
            input,
            ErrorKind::InvalidUtf8 { offset },
        )));
    }
    if declares_entities(&xml) {
        let message = "the document declares DTD entities (<!ENTITY); refused".to_string();
        out.push(Err(RecordError::input(input, ErrorKind::Feed(message))));
        return out;
    }
    // feed-rs invents ids (hashes, UUIDs) for items without one; an empty
    // id lets us fall back to the link, then to `<stem>:<item>`.
    let parser = feed_rs::parser::Builder::new()
        .id_generator(|_, _, _| String::new())
        .build();
    let feed = match parser.parse(xml.as_bytes()) {
        Ok(feed) => feed,
        Err(e) => {
            out.push(Err(RecordError::input(
                input,
                ErrorKind::Feed(e.to_string()),
            )));
            return out;
        }
    };
    if feed.entries.is_empty() {
        let message = "the feed has no items".to_string();
        out.push(Err(RecordError::input(input, ErrorKind::Feed(message))));
    }
    for (n, entry) in feed.entries.iter().enumerate() {
        let origin = Origin {
            input: input.to_string(),
            record: n as u64 + 1,
        };
        out.extend(read_item(&feed, entry, origin, stem, opts));
    }
    out
}

fn read_item(
    feed: &Feed,
    entry: &Entry,
    origin: Origin,
    stem: &str,
    opts: &ReadOptions,
) -> Vec<Result<Article, RecordError>> {
    let link = entry.links.first().and_then(|l| non_empty(&l.href));
    let id = non_empty(&entry.id)
        .or_else(|| link.clone())
        .unwrap_or_else(|| format!("{stem}:{}", origin.record));
    let body = entry
        .content
        .as_ref()
        .and_then(|c| c.body.as_deref().and_then(non_empty).map(|b| (b, true)))
        .or_else(|| entry.summary.as_ref().and_then(summary_body));
    let text = match body {
        Some((body, true)) => {
            if shape_of(&body, opts.max_html_depth).depth > opts.max_html_depth {
                let kind = ErrorKind::TooDeep {
                    limit: opts.max_html_depth,
                };
                return vec![Err(RecordError::record(origin.input, origin.record, kind))];
            }
            fragment_text(&body)
        }
        Some((body, false)) => body,
        None => String::new(),
    };
    let article = Article {
        id,
        source: feed.title.as_ref().and_then(|t| non_empty(&t.content)),
        url: link,
        title: entry.title.as_ref().and_then(|t| non_empty(&t.content)),
        published: entry.published.or(entry.updated).map(from_utc),
        lang: entry
            .language
            .as_deref()
            .or(feed.language.as_deref())
            .and_then(non_empty),
        text,
        origin,
    };
    settle(Draft::new(article), opts)
}

/// A summary's text and whether it is HTML (anything but `text/plain`).
fn summary_body(summary: &Text) -> Option<(String, bool)> {
    let html = summary.content_type.to_string() != "text/plain";
    non_empty(&summary.content).map(|body| (body, html))
}

/// Whether an XML document declares entities in a DTD.
fn declares_entities(xml: &str) -> bool {
    xml.as_bytes()
        .windows(8)
        .any(|w| w.eq_ignore_ascii_case(b"<!ENTITY"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_declarations_are_found() {
        assert!(declares_entities(
            r#"<?xml version="1.0"?><!DOCTYPE r [<!entity a "b">]><rss/>"#
        ));
        assert!(!declares_entities(
            r#"<rss version="2.0"><channel><title>&amp;</title></channel></rss>"#
        ));
    }
}
