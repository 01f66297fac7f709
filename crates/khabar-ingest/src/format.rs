//! Which reader an input needs, decided from its name alone.

use std::path::Path;

/// The layout of an input, from its extension (after an optional `.gz`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// `.txt`: one article, first line maybe the title.
    Text,
    /// `.jsonl`, `.ndjson`: one JSON article per line.
    JsonLines,
    /// `.json`: an array of articles, or one article.
    Json,
    /// `.html`, `.htm`: one web page.
    Html,
    /// `.xml`, `.rss`, `.atom`: a feed, one article per item.
    Feed,
}

/// A format and whether the bytes are gzip-compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Layout {
    pub(crate) format: Format,
    pub(crate) gzip: bool,
}

/// The layout named by `name`'s extension (case-insensitive), or `None`
/// for an extension khabar does not read. `-` is JSONL on stdin.
pub(crate) fn layout_of(name: &str) -> Option<Layout> {
    if name == "-" {
        return Some(Layout {
            format: Format::JsonLines,
            gzip: false,
        });
    }
    let file = file_name(name).to_lowercase();
    let (rest, gzip) = match file.strip_suffix(".gz") {
        Some(rest) => (rest, true),
        None => (file.as_str(), false),
    };
    let ext = rest.rsplit_once('.').map(|(_, ext)| ext)?;
    let format = match ext {
        "txt" => Format::Text,
        "jsonl" | "ndjson" => Format::JsonLines,
        "json" => Format::Json,
        "html" | "htm" => Format::Html,
        "xml" | "rss" | "atom" => Format::Feed,
        _ => return None,
    };
    Some(Layout { format, gzip })
}

/// The file name without its directories, and without `.gz` and the format
/// extension: `news/2024-06-01.jsonl.gz` -> `2024-06-01`. Stdin is `stdin`.
pub(crate) fn stem_of(name: &str) -> String {
    if name == "-" {
        return "stdin".to_string();
    }
    let file = file_name(name);
    let lower = file.to_lowercase();
    let without_gz = if lower.ends_with(".gz") {
        file.get(..file.len() - 3).unwrap_or(file)
    } else {
        file
    };
    match without_gz.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem.to_string(),
        _ => without_gz.to_string(),
    }
}

fn file_name(name: &str) -> &str {
    Path::new(name)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_pick_formats() {
        let cases = [
            ("a.txt", Format::Text, false),
            ("dir/A.TXT.GZ", Format::Text, true),
            ("x.jsonl", Format::JsonLines, false),
            ("x.ndjson.gz", Format::JsonLines, true),
            ("x.json", Format::Json, false),
            ("page.htm", Format::Html, false),
            ("page.html.gz", Format::Html, true),
            ("feed.rss", Format::Feed, false),
            ("feed.atom", Format::Feed, false),
            ("feed.xml.gz", Format::Feed, true),
            ("-", Format::JsonLines, false),
        ];
        for (name, format, gzip) in cases {
            assert_eq!(layout_of(name), Some(Layout { format, gzip }), "{name}");
        }
        for name in ["README.md", "image.png", "noext", "x.gz", ".hidden"] {
            assert_eq!(layout_of(name), None, "{name}");
        }
    }

    #[test]
    fn stems_drop_directories_and_extensions() {
        assert_eq!(stem_of("news/2024-06-01.jsonl.gz"), "2024-06-01");
        assert_eq!(stem_of("الجزيرة.txt"), "الجزيرة");
        assert_eq!(stem_of("a.b.html"), "a.b");
        assert_eq!(stem_of("-"), "stdin");
    }
}
