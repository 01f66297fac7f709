//! Properties over generated inputs: no panic on any bytes, records survive
//! the JSON forms and gzip unchanged, a cut array never invents records.

use std::io::Write;

use flate2::Compression;
use flate2::write::GzEncoder;
use khabar_ingest::{Article, ReadOptions, read_bytes};
use proptest::prelude::*;

const NAMES: &[&str] = &[
    "x.txt",
    "x.jsonl",
    "x.json",
    "x.html",
    "x.rss",
    "x.atom",
    "x.xml",
    "x.jsonl.gz",
    "x.txt.gz",
];

fn articles(name: &str, bytes: &[u8]) -> Vec<Article> {
    read_bytes(name, bytes, &ReadOptions::default())
        .into_iter()
        .filter_map(Result::ok)
        .collect()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

/// Records with a unique id and a text holding at least one letter.
fn records() -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::vec("[\\PC\n\"\\\\]{0,40}", 0..8).prop_map(|texts| {
        texts
            .into_iter()
            .enumerate()
            .map(|(n, text)| (format!("r{n}"), format!("خبر {text}")))
            .collect()
    })
}

fn json_objects(records: &[(String, String)]) -> Vec<String> {
    records
        .iter()
        .map(|(id, text)| serde_json::json!({"id": id, "text": text}).to_string())
        .collect()
}

fn id_and_text(articles: &[Article]) -> Vec<(String, String)> {
    articles
        .iter()
        .map(|a| (a.id.clone(), a.text.clone()))
        .collect()
}

proptest! {
    #[test]
    fn any_bytes_never_panic_and_every_item_names_its_input(
        bytes in prop::collection::vec(any::<u8>(), 0..600),
        which in 0..NAMES.len(),
    ) {
        let name = NAMES[which];
        for item in read_bytes(name, &bytes, &ReadOptions::default()) {
            match item {
                Ok(a) => prop_assert_eq!(a.origin.input, name),
                Err(e) => prop_assert_eq!(e.input, name),
            }
        }
    }

    #[test]
    fn markup_like_bytes_never_panic(
        parts in prop::collection::vec(
            prop::sample::select(vec!["<div>", "</div>", "<p>", "<!--", "-->", "<script>", "</script>",
                "<", ">", "/>", "&amp;", "<![CDATA[", "]]>", "<item>", "</item>", "نص ", "text "]),
            0..200),
        which in 0..NAMES.len(),
    ) {
        let doc = parts.concat();
        let _ = read_bytes(NAMES[which], doc.as_bytes(), &ReadOptions::default());
    }

    #[test]
    fn jsonl_and_json_array_give_the_same_records(records in records()) {
        let objects = json_objects(&records);
        let jsonl = objects.join("\n");
        let array = format!("[{}]", objects.join(",\n"));
        prop_assert_eq!(id_and_text(&articles("a.jsonl", jsonl.as_bytes())), records.clone());
        prop_assert_eq!(id_and_text(&articles("a.json", array.as_bytes())), records);
    }

    #[test]
    fn gzip_changes_nothing(records in records()) {
        let jsonl = json_objects(&records).join("\n");
        let records_of = |articles: Vec<Article>| -> Vec<(String, String, u64)> {
            articles.into_iter().map(|a| (a.id, a.text, a.origin.record)).collect()
        };
        prop_assert_eq!(
            records_of(articles("a.jsonl.gz", &gzip(jsonl.as_bytes()))),
            records_of(articles("a.jsonl", jsonl.as_bytes()))
        );
    }

    #[test]
    fn a_cut_array_yields_a_prefix_of_its_records(records in records(), cut in 0.0..1.0f64) {
        let array = format!("[{}]", json_objects(&records).join(","));
        let at = (array.len() as f64 * cut) as usize;
        let bytes = array.as_bytes().get(..at).unwrap_or_default();
        let got = id_and_text(&articles("a.json", bytes));
        prop_assert!(got.len() <= records.len());
        prop_assert_eq!(&got[..], &records[..got.len()]);
    }
}
