//! HTML: a whole page (main text by `dom_smoothie`, a readability port)
//! and fragments (feed item bodies), both reduced to plain text with
//! paragraph breaks.
//!
//! Before any parsing, a linear pre-scan measures the nesting depth of the
//! markup, so that a page of 100 000 nested `<div>`s is refused
//! ([`ErrorKind::TooDeep`]) before the parser or the extractor could
//! recurse into it.
//!
//! Plain text: a blank line after block elements (`<p>`, `<h1>`..`<h6>`,
//! `<div>`, `<blockquote>`, ...), a line break at `<br>`, `<li>`, `<tr>`;
//! runs of white space inside a paragraph become one space. `<script>`,
//! `<style>`, `<noscript>` and `<template>` contribute nothing; in a whole
//! page `<nav>`, `<aside>` and `<footer>` do not either.

use dom_query::Document;
use dom_smoothie::{Config, Readability, TextMode};

use crate::date::parse_date;
use crate::settle::{Draft, decode_lossy, non_empty, settle};
use crate::{Article, ErrorKind, Origin, ReadOptions, RecordError};

/// What the pre-scan learned about a document's markup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Shape {
    /// The deepest nesting of elements seen (stops counting past the limit).
    pub(crate) depth: usize,
    /// An `<html>` or `<body>` start tag was seen...
    pub(crate) opens_root: bool,
    /// ...and a matching `</html>` or `</body>` end tag.
    pub(crate) closes_root: bool,
}

/// Elements that never have content.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "command",
];

/// Elements whose end tag may be left out (the parser closes them), so
/// sloppy pages with many unclosed `<p>` do not count as deep.
const OPTIONAL_END: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot",
    "colgroup", "caption", "rb", "rt", "rtc", "rp",
];

/// Elements whose content is raw text, skipped to their end tag.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
];

/// Elements removed before main-text extraction: navigation, asides and
/// page footers. (Scripts stay: JSON-LD metadata lives in one, and the
/// extractor drops them from the text itself.)
const NOT_MAIN_TEXT: &str = "nav, aside, footer";

/// Measures the element nesting of `html` in one pass, without building
/// a tree. Stops early once `limit` is passed. Comments, doctypes and the
/// content of raw-text elements (`<script>`, `<style>`, ...) are skipped.
pub(crate) fn shape_of(html: &str, limit: usize) -> Shape {
    let bytes = html.as_bytes();
    let mut shape = Shape {
        depth: 0,
        opens_root: false,
        closes_root: false,
    };
    let mut depth: usize = 0;
    let mut at = 0;
    while let Some(offset) = bytes.get(at..).and_then(|rest| find_byte(rest, b'<')) {
        let start = at + offset;
        let rest = bytes.get(start..).unwrap_or_default();
        if rest.starts_with(b"<!--") {
            at = find(rest, b"-->").map_or(bytes.len(), |n| start + n + 3);
            continue;
        }
        let closing = rest.get(1) == Some(&b'/');
        let name_start = start + if closing { 2 } else { 1 };
        let name = tag_name(bytes.get(name_start..).unwrap_or_default());
        // A tag runs to the first `>` (a `<` inside it is part of the tag),
        // so each byte is scanned once.
        let tag_end = || find_byte(rest, b'>').map_or(bytes.len(), |n| start + n + 1);
        if name.is_empty() {
            // `<!doctype>`, `<?xml?>`, `</>` or a lone `<` in text.
            at = if matches!(rest.get(1), Some(b'!' | b'?')) {
                tag_end()
            } else {
                start + 1
            };
            continue;
        }
        let tag_end = tag_end();
        let name = name.to_ascii_lowercase();
        at = tag_end;
        if closing {
            if name == "html" || name == "body" {
                shape.closes_root = true;
            }
            if counts(&name) {
                depth = depth.saturating_sub(1);
            }
            continue;
        }
        if name == "html" || name == "body" {
            shape.opens_root = true;
        }
        let self_closing = bytes.get(tag_end.saturating_sub(2)) == Some(&b'/');
        if RAW_TEXT.contains(&name.as_str()) {
            at = find_end_tag(bytes, at, &name);
        } else if counts(&name) && !self_closing {
            depth += 1;
            shape.depth = shape.depth.max(depth);
            if depth > limit {
                return shape;
            }
        }
    }
    shape
}

fn counts(name: &str) -> bool {
    !VOID.contains(&name) && !OPTIONAL_END.contains(&name)
}

fn tag_name(bytes: &[u8]) -> String {
    let first_is_letter = bytes.first().is_some_and(u8::is_ascii_alphabetic);
    if !first_is_letter {
        return String::new();
    }
    bytes
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-' || **b == b':')
        .map(|&b| b as char)
        .collect()
}

fn find_byte(haystack: &[u8], needle: u8) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The position just past `</name ...>` at or after `from`, or the end.
fn find_end_tag(bytes: &[u8], from: usize, name: &str) -> usize {
    let mut at = from;
    while let Some(offset) = bytes.get(at..).and_then(|rest| find(rest, b"</")) {
        let start = at + offset;
        let candidate = bytes.get(start + 2..start + 2 + name.len());
        if candidate.is_some_and(|c| c.eq_ignore_ascii_case(name.as_bytes())) {
            let rest = bytes.get(start..).unwrap_or_default();
            return find_byte(rest, b'>').map_or(bytes.len(), |n| start + n + 1);
        }
        at = start + 2;
    }
    bytes.len()
}

/// Plain text of an HTML fragment (a feed item's body). The caller checks
/// the depth first with [`shape_of`].
pub(crate) fn fragment_text(html: &str) -> String {
    let doc = Document::fragment(html);
    doc.select("script, style, noscript, template").remove();
    doc.formatted_text().to_string()
}

/// Reads one HTML page: main text, title, date, site name, address.
pub(crate) fn read_page(
    bytes: &[u8],
    input: &str,
    stem: &str,
    opts: &ReadOptions,
) -> Vec<Result<Article, RecordError>> {
    let error = |kind| vec![Err(RecordError::record(input, 1, kind))];
    let (html, bad_byte) = decode_lossy(bytes);
    let html = html.replace('\0', "");
    let shape = shape_of(&html, opts.max_html_depth);
    if shape.depth > opts.max_html_depth {
        return error(ErrorKind::TooDeep {
            limit: opts.max_html_depth,
        });
    }
    let doc = Document::from(html);
    let canonical = attr(&doc, r#"link[rel="canonical"]"#, "href")
        .or_else(|| attr(&doc, r#"meta[property="og:url"]"#, "content"));
    let time = attr(&doc, "time[datetime]", "datetime");
    // Never the article, yet readability falls back to them when a page has
    // nothing else: without this a menu-only page would yield "menu".
    doc.select(NOT_MAIN_TEXT).remove();
    let config = Config {
        text_mode: TextMode::Formatted,
        ..Config::default()
    };
    let page = Readability::with_document(doc, None, Some(config)).and_then(|mut r| r.parse());
    let Ok(page) = page else {
        return error(ErrorKind::NoMainText);
    };
    let text = page.text_content.to_string();
    if !text.chars().any(char::is_alphanumeric) {
        return error(ErrorKind::NoMainText);
    }
    let mut warnings = Vec::new();
    if let Some(offset) = bad_byte {
        warnings.push(ErrorKind::InvalidUtf8 { offset });
    }
    if shape.opens_root && !shape.closes_root {
        warnings.push(ErrorKind::TruncatedPage);
    }
    let date = page.published_time.as_deref().and_then(non_empty).or(time);
    let published = date.and_then(|value| {
        let parsed = parse_date(&value);
        if parsed.is_none() {
            warnings.push(ErrorKind::BadDate { value });
        }
        parsed
    });
    let article = Article {
        id: stem.to_string(),
        source: page.site_name.as_deref().and_then(non_empty),
        url: canonical.or_else(|| page.url.as_deref().and_then(non_empty)),
        title: non_empty(&page.title),
        published,
        lang: page.lang.as_deref().and_then(non_empty),
        text,
        origin: Origin {
            input: input.to_string(),
            record: 1,
        },
    };
    settle(Draft { article, warnings }, opts)
}

fn attr(doc: &Document, selector: &str, name: &str) -> Option<String> {
    doc.select_single(selector)
        .attr(name)
        .and_then(|value| non_empty(&value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_counts_nesting_not_length() {
        let deep = format!("{}x{}", "<div>".repeat(1000), "</div>".repeat(1000));
        assert_eq!(shape_of(&deep, 100).depth, 101, "stops just past the limit");
        let long = "<div><p>سطر</p></div>".repeat(10_000);
        assert_eq!(shape_of(&long, 100).depth, 1);
    }

    #[test]
    fn depth_skips_comments_scripts_and_optional_ends() {
        let html = "<!doctype html><html><body><!-- <div><div><div> -->\
            <script>if (a <b) { document.write('<div><div>') }</script>\
            <ul><li>one<li>two</ul><p>a<p>b<p>c<br><img src=x><div/></body></html>";
        let shape = shape_of(html, 100);
        assert_eq!(shape.depth, 3, "html > body > ul");
        assert!(shape.opens_root && shape.closes_root);
    }

    #[test]
    fn cut_pages_are_seen() {
        let shape = shape_of("<html><body><div><p>نص<div><table><tr><td>", 100);
        assert!(shape.opens_root && !shape.closes_root);
        assert!(!shape_of("<p>just a fragment</p>", 100).opens_root);
    }

    #[test]
    fn fragment_text_keeps_paragraphs() {
        let html = "<p>قال المتحدث باسم الخارجية   إن المحادثات <b>ستستأنف</b>.</p>\
            <script>var x = 1;</script><h2>Geneva</h2><div>Line one<br>line two</div>";
        assert_eq!(
            fragment_text(html),
            "قال المتحدث باسم الخارجية إن المحادثات ستستأنف.\n\nGeneva\n\nLine one\nline two"
        );
    }
}
