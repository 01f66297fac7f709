//! One test (or a few) per input format, on Arabic and English news text.

use std::io::Write;
use std::path::Path;

use flate2::Compression;
use flate2::write::GzEncoder;
use khabar_ingest::{Article, ErrorKind, ReadOptions, RecordError, read_bytes, read_inputs};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

fn split(out: Vec<Result<Article, RecordError>>) -> (Vec<Article>, Vec<RecordError>) {
    let mut articles = Vec::new();
    let mut errors = Vec::new();
    for item in out {
        match item {
            Ok(a) => articles.push(a),
            Err(e) => errors.push(e),
        }
    }
    (articles, errors)
}

fn read(name: &str, bytes: &[u8]) -> (Vec<Article>, Vec<RecordError>) {
    split(read_bytes(name, bytes, &ReadOptions::default()))
}

/// A fixture file's bytes. A fixture that cannot be read fails the test
/// here, naming the file, rather than later as an empty input.
fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(FIXTURES).join(name);
    match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) => panic!("fixture {} cannot be read: {e}", path.display()),
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    let written = encoder.write_all(bytes);
    assert!(written.is_ok());
    encoder.finish().unwrap_or_default()
}

fn rfc3339(a: &Article) -> Option<String> {
    a.published.map(|t| t.to_rfc3339())
}

const TXT: &str = "اتصال هاتفي بين بوتين وبايدن\n\nبحث الرئيس الروسي ونظيره الأمريكي في اتصال هاتفي الأوضاع في أوكرانيا.\nوقال الكرملين إن المكالمة استمرت ساعة.\n";

#[test]
fn txt_is_one_article_with_title() {
    let (articles, errors) = read("news/call.txt", TXT.as_bytes());
    assert!(errors.is_empty(), "{errors:?}");
    let [a] = &articles[..] else {
        panic!("one article expected: {articles:?}")
    };
    assert_eq!(a.id, "call");
    assert_eq!(a.title.as_deref(), Some("اتصال هاتفي بين بوتين وبايدن"));
    assert_eq!(
        a.text,
        "بحث الرئيس الروسي ونظيره الأمريكي في اتصال هاتفي الأوضاع في أوكرانيا.\nوقال الكرملين إن المكالمة استمرت ساعة."
    );
    assert_eq!(
        (a.origin.input.as_str(), a.origin.record),
        ("news/call.txt", 1)
    );
}

#[test]
fn jsonl_reads_every_line_and_numbers_records_by_line() {
    let jsonl = concat!(
        r#"{"id": "ar-1", "title": "محادثات جنيف", "source": "وكالة الأنباء", "url": "https://wakala.example/1", "published": "2024-06-01T09:30:00+03:00", "lang": "ar", "text": "قال المتحدث باسم وزارة الخارجية إن المحادثات ستستأنف الأسبوع المقبل في جنيف."}"#,
        "\n\n",
        r#"{"title": "Talks in Geneva", "text": "The foreign ministry said talks would resume next week in Geneva."}"#,
        "\r\n",
    );
    for name in ["wire.jsonl", "wire.ndjson"] {
        let (articles, errors) = read(name, jsonl.as_bytes());
        assert!(errors.is_empty(), "{errors:?}");
        let ids: Vec<_> = articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["ar-1", "wire:3"]);
        let records: Vec<_> = articles.iter().map(|a| a.origin.record).collect();
        assert_eq!(records, [1, 3]);
        let a = &articles[0];
        assert_eq!(a.source.as_deref(), Some("وكالة الأنباء"));
        assert_eq!(a.url.as_deref(), Some("https://wakala.example/1"));
        assert_eq!(a.lang.as_deref(), Some("ar"));
        assert_eq!(rfc3339(a).as_deref(), Some("2024-06-01T09:30:00+03:00"));
    }
}

#[test]
fn jsonl_invalid_utf8_gives_an_error_and_the_article() {
    let mut line = br#"{"id": "u", "text": "Talks resume "#.to_vec();
    line.extend_from_slice(b"\xff\xfe");
    line.extend_from_slice("في جنيف\"}\n".as_bytes());
    let (articles, errors) = read("bad.jsonl", &line);
    assert!(
        matches!(&errors[..], [e] if e.record == Some(1) && matches!(e.kind, ErrorKind::InvalidUtf8 { offset: 34 }))
    );
    assert_eq!(
        articles.first().map(|a| a.text.as_str()),
        Some("Talks resume \u{FFFD}\u{FFFD}في جنيف")
    );
}

#[test]
fn json_array_and_single_object() {
    let array = r#"[
        {"id": 1, "headline": "ارتفاع أسعار النفط", "body": "ارتفعت أسعار النفط في التعاملات الآسيوية.", "date": "2024-06-04 12:00:00"},
        {"id": 2, "content": "Oil prices rose in Asian trading.", "link": "https://x.example/2", "outlet": "Wire"}
    ]"#;
    let (articles, errors) = read("oil.json", array.as_bytes());
    assert!(errors.is_empty(), "{errors:?}");
    let ids: Vec<_> = articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["1", "2"]);
    assert_eq!(articles[0].title.as_deref(), Some("ارتفاع أسعار النفط"));
    assert_eq!(
        rfc3339(&articles[0]).as_deref(),
        Some("2024-06-04T12:00:00+00:00")
    );
    assert_eq!(articles[1].source.as_deref(), Some("Wire"));

    let (articles, errors) = read("one.json", br#"{"text": "Oil prices rose."}"#);
    assert!(errors.is_empty());
    assert_eq!(articles.first().map(|a| a.id.as_str()), Some("one:1"));
}

#[test]
fn json_array_broken_midway_keeps_earlier_elements() {
    let (articles, errors) = read(
        "broken.json",
        r#"[{"id": "a", "text": "قال الوزير"}, {"id": "b", "text": "The minister said"}, {"id": "#
            .as_bytes(),
    );
    let ids: Vec<_> = articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["a", "b"]);
    assert!(
        matches!(&errors[..], [e] if e.record == Some(3) && matches!(e.kind, ErrorKind::Json(_)))
    );
}

#[test]
fn html_page_main_text_and_metadata() {
    let (articles, errors) = read("pages/call.html", &fixture("page-ar.html"));
    assert!(errors.is_empty(), "{errors:?}");
    let [a] = &articles[..] else {
        panic!("one article expected: {articles:?}")
    };
    assert_eq!(a.id, "call");
    assert_eq!(
        a.title.as_deref(),
        Some("بوتين وبايدن يبحثان الأزمة في اتصال هاتفي")
    );
    assert_eq!(a.source.as_deref(), Some("صحيفة المساء"));
    assert_eq!(
        a.url.as_deref(),
        Some("https://almasaa.example/news/call-putin-biden")
    );
    assert_eq!(rfc3339(a).as_deref(), Some("2024-06-01T09:30:00+03:00"));
    assert_eq!(a.lang.as_deref(), Some("ar"));
    let paragraphs: Vec<&str> = a.text.split("\n\n").collect();
    assert!(paragraphs.len() >= 4, "{:?}", a.text);
    assert!(
        paragraphs
            .iter()
            .any(|p| p.starts_with("بحث الرئيس الروسي"))
    );
    assert!(
        a.text.contains("في جنيف.\nوأضاف أن الرئيسين"),
        "<br> is a line break"
    );
    for boilerplate in ["الرئيسية", "الأكثر قراءة", "جميع الحقوق محفوظة"]
    {
        assert!(
            !a.text.contains(boilerplate),
            "{boilerplate} in {:?}",
            a.text
        );
    }
}

#[test]
fn html_metadata_fallbacks_json_ld_and_time() {
    let body = "<p>The foreign ministry said talks would resume next week in Geneva with several delegations from the region and beyond, officials said on Tuesday.</p>\
        <p>Diplomats expect the first round to last three days, and a second round could follow before the end of the month.</p>";
    let json_ld = format!(
        r#"<html><head><title>Talks | Wire</title><script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Talks to resume in Geneva", "datePublished": "2024-06-04T10:00:00Z"}}</script></head><body><article>{body}</article></body></html>"#
    );
    let (articles, _) = read("ld.html", json_ld.as_bytes());
    let a = articles.first();
    assert_eq!(
        a.and_then(|a| a.title.as_deref()),
        Some("Talks to resume in Geneva")
    );
    assert_eq!(
        a.and_then(rfc3339).as_deref(),
        Some("2024-06-04T10:00:00+00:00")
    );

    let time = format!(
        r#"<html><head><title>Talks to resume</title></head><body><article><time datetime="2024-06-03">3 June</time>{body}</article></body></html>"#
    );
    let (articles, _) = read("time.htm", time.as_bytes());
    let a = articles.first();
    assert_eq!(a.and_then(|a| a.title.as_deref()), Some("Talks to resume"));
    assert_eq!(
        a.and_then(rfc3339).as_deref(),
        Some("2024-06-03T00:00:00+00:00")
    );
}

#[test]
fn html_without_main_text_or_too_deep() {
    let (articles, errors) = read(
        "menu.html",
        b"<html><head><title>t</title></head><body><nav>menu</nav></body></html>",
    );
    assert!(articles.is_empty());
    assert!(matches!(&errors[..], [e] if matches!(e.kind, ErrorKind::NoMainText)));

    let deep = format!("{}نص{}", "<div>".repeat(600), "</div>".repeat(600));
    let (articles, errors) = read("deep.html", deep.as_bytes());
    assert!(articles.is_empty());
    assert!(matches!(&errors[..], [e] if matches!(e.kind, ErrorKind::TooDeep { limit: 512 })));
}

#[test]
fn rss_items_with_id_fallbacks() {
    let (articles, errors) = read("feeds/wakala.rss", &fixture("feed-ar.rss"));
    assert!(errors.is_empty(), "{errors:?}");
    let ids: Vec<_> = articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "wakala-1001",
            "https://wakala.example/news/1002",
            "wakala:3"
        ]
    );
    let a = &articles[0];
    assert_eq!(
        a.title.as_deref(),
        Some("استئناف المحادثات في جنيف الأسبوع المقبل")
    );
    assert_eq!(a.url.as_deref(), Some("https://wakala.example/news/1001"));
    assert_eq!(a.source.as_deref(), Some("وكالة الأنباء العربية"));
    assert_eq!(a.lang.as_deref(), Some("ar"));
    assert_eq!(rfc3339(a).as_deref(), Some("2024-06-04T07:15:00+00:00"));
    assert_eq!(
        a.text,
        "قال المتحدث باسم وزارة الخارجية إن المحادثات ستستأنف الأسبوع المقبل في جنيف.\n\nوأضاف أن وفوداً من عدة دول ستشارك فيها."
    );
    assert_eq!(
        articles[1].text,
        "ارتفعت أسعار النفط في التعاملات الآسيوية صباح اليوم & تراجع الدولار."
    );
    let origins: Vec<_> = articles.iter().map(|a| a.origin.record).collect();
    assert_eq!(origins, [1, 2, 3]);
}

#[test]
fn atom_entries_content_summary_and_dates() {
    let (articles, errors) = read("wire.atom", &fixture("feed-en.atom"));
    assert!(errors.is_empty(), "{errors:?}");
    let [talks, markets] = &articles[..] else {
        panic!("two entries expected: {articles:?}")
    };
    assert_eq!(talks.id, "tag:wire.example,2024:talks");
    assert_eq!(talks.source.as_deref(), Some("Geneva Wire"));
    assert_eq!(
        talks.url.as_deref(),
        Some("https://wire.example/2024/06/talks")
    );
    assert_eq!(
        rfc3339(talks).as_deref(),
        Some("2024-06-05T07:45:00+00:00"),
        "updated when not published"
    );
    assert_eq!(
        talks.text,
        "The foreign ministry said talks would resume next week in Geneva.\n\nSeveral delegations are expected."
    );
    assert_eq!(
        rfc3339(markets).as_deref(),
        Some("2024-06-04T15:00:00+00:00"),
        "published wins"
    );
    assert_eq!(
        markets.text, "Stocks were steady < 1% on the day.",
        "text/plain is not parsed as HTML"
    );
}

#[test]
fn feeds_that_do_not_parse_or_declare_entities() {
    for (name, xml) in [
        ("cut.rss", "<rss><channel><item><title>t</title><description>".as_bytes()),
        ("lol.xml", br#"<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><rss version="2.0"><channel><item><description>&b;</description></item></channel></rss>"#),
        ("empty.atom", b""),
    ] {
        let (articles, errors) = read(name, xml);
        assert!(articles.is_empty(), "{name}");
        assert!(
            matches!(&errors[..], [e] if e.input == name && e.record.is_none() && matches!(e.kind, ErrorKind::Feed(_))),
            "{name}: {errors:?}"
        );
    }
}

#[test]
fn gzip_of_each_format() {
    let cases: [(&str, Vec<u8>, usize); 4] = [
        ("call.txt.gz", TXT.as_bytes().to_vec(), 1),
        (
            "w.jsonl.gz",
            b"{\"text\": \"a\"}\n{\"text\": \"b\"}\n".to_vec(),
            2,
        ),
        ("page.html.gz", fixture("page-ar.html"), 1),
        ("feed.rss.gz", fixture("feed-ar.rss"), 3),
    ];
    for (name, plain, count) in cases {
        let (articles, errors) = read(name, &gzip(&plain));
        assert!(errors.is_empty(), "{name}: {errors:?}");
        assert_eq!(articles.len(), count, "{name}");
    }
}

#[test]
fn truncated_gzip_keeps_the_records_before_the_cut() {
    let plain: String = (1..=200)
        .map(|n| {
            format!("{{\"id\": \"n{n}\", \"text\": \"الخبر رقم {n} عن المحادثات في جنيف\"}}\n")
        })
        .collect();
    let full = gzip(plain.as_bytes());
    let cut = &full[..full.len() * 2 / 3];
    let (articles, errors) = read("cut.jsonl.gz", cut);
    assert!(
        !articles.is_empty() && articles.len() < 200,
        "{}",
        articles.len()
    );
    for (n, a) in articles.iter().enumerate() {
        assert_eq!(a.id, format!("n{}", n + 1));
    }
    assert!(matches!(&errors[..], [e] if matches!(e.kind, ErrorKind::Gzip(_))));

    let (articles, errors) = read("fake.txt.gz", b"this is not gzip");
    assert!(articles.is_empty());
    assert!(matches!(&errors[..], [e] if matches!(e.kind, ErrorKind::Gzip(_))));
}

#[test]
fn too_large_is_refused() {
    let opts = ReadOptions {
        max_article_bytes: 64,
        ..ReadOptions::default()
    };
    let long = "قال المتحدث باسم الخارجية إن المحادثات ستستأنف الأسبوع المقبل.";
    let (articles, errors) = split(read_bytes("long.txt", long.as_bytes(), &opts));
    assert!(articles.is_empty());
    assert!(matches!(&errors[..], [e] if matches!(e.kind, ErrorKind::TooLarge { limit: 64, .. })));

    let jsonl = format!("{{\"text\": \"{long}\"}}\n{{\"text\": \"short\"}}\n");
    let (articles, errors) = split(read_bytes("x.jsonl", jsonl.as_bytes(), &opts));
    assert_eq!(articles.len(), 1);
    assert!(
        matches!(&errors[..], [e] if e.record == Some(1) && matches!(e.kind, ErrorKind::TooLarge { .. }))
    );
}

#[test]
fn unknown_extension_is_an_error() {
    let (articles, errors) = read("notes.md", b"# notes");
    assert!(articles.is_empty());
    assert!(matches!(&errors[..], [e] if matches!(e.kind, ErrorKind::UnknownExtension)));
}

#[test]
fn directories_are_walked_sorted_skipping_hidden() {
    let dir = tempfile::tempdir();
    let Ok(dir) = dir else { panic!("no temp dir") };
    let root = dir.path();
    let write = |path: &str, bytes: &[u8]| {
        let path = root.join(path);
        if let Some(parent) = path.parent() {
            assert!(std::fs::create_dir_all(parent).is_ok());
        }
        assert!(std::fs::write(path, bytes).is_ok());
    };
    write("b/2.txt", "عنوان\nنص الخبر الثاني".as_bytes());
    write("a.txt", b"Headline\nFirst story text.");
    write(
        "b/1.jsonl",
        b"{\"id\": \"j1\", \"text\": \"one\"}\n{\"id\": \"j2\", \"text\": \"two\"}\n",
    );
    write("c/feed.rss.gz", &gzip(&fixture("feed-ar.rss")));
    write(".hidden.txt", b"secret text");
    write(".git/x.txt", b"object text");
    write("README.md", b"# about");

    let inputs = [root.display().to_string()];
    let (articles, errors) = split(read_inputs(&inputs, &ReadOptions::default()).collect());
    let ids: Vec<_> = articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "a",
            "j1",
            "j2",
            "2",
            "wakala-1001",
            "https://wakala.example/news/1002",
            "feed:3"
        ]
    );
    assert!(
        matches!(&errors[..], [e] if e.input.ends_with("README.md") && matches!(e.kind, ErrorKind::UnknownExtension)),
        "{errors:?}"
    );
    let b_input = root.join("b").join("1.jsonl").display().to_string();
    assert_eq!(articles[1].origin.input, b_input);
}

#[test]
fn missing_input_is_an_io_error_and_the_rest_goes_on() {
    let missing = format!("{FIXTURES}/does-not-exist.jsonl");
    let atom = format!("{FIXTURES}/feed-en.atom");
    let (articles, errors) =
        split(read_inputs(&[missing.clone(), atom], &ReadOptions::default()).collect());
    assert_eq!(articles.len(), 2);
    assert!(matches!(&errors[..], [e] if e.input == missing && matches!(e.kind, ErrorKind::Io(_))));
}

#[test]
fn reader_can_move_to_another_thread() {
    fn assert_send<T: Send>(_: &T) {}
    let reader = read_inputs(
        &[format!("{FIXTURES}/feed-en.atom")],
        &ReadOptions::default(),
    );
    assert_send(&reader);
    let handle = std::thread::spawn(move || reader.filter(Result::is_ok).count());
    assert_eq!(handle.join().ok(), Some(2));
}
