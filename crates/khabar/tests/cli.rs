//! End-to-end tests of the `khabar` binary on the bundled sample and on the
//! shared hostile inputs: what a user types, what a user sees.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn khabar() -> Command {
    Command::new(env!("CARGO_BIN_EXE_khabar"))
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn sample() -> PathBuf {
    repo_root().join("examples/articles")
}

fn run_json(cmd: &mut Command) -> (Output, Value) {
    let out = cmd.output().expect("khabar runs");
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    (out, json)
}

fn article<'a>(doc: &'a Value, id: &str) -> &'a Value {
    doc["articles"]
        .as_array()
        .and_then(|a| a.iter().find(|x| x["id"] == id))
        .unwrap_or_else(|| panic!("article {id} in output"))
}

#[test]
fn clean_json_reads_every_sample_article_with_its_display_text() {
    let (out, doc) = run_json(khabar().arg("clean").arg("--json").arg(sample()));
    assert!(out.status.success());
    assert_eq!(doc["errors"].as_array().map(Vec::len), Some(0), "{doc}");
    let ids: Vec<&str> = doc["articles"]
        .as_array()
        .expect("articles")
        .iter()
        .filter_map(|a| a["id"].as_str())
        .collect();
    assert_eq!(ids.len(), 20, "{ids:?}");

    // Menu text glued before the repeated headline, and a lone "1", are gone.
    let a01 = article(&doc, "a01");
    let text = a01["text"].as_str().expect("text");
    assert!(!text.contains("الرئيسية |"), "{text}");
    assert!(!text.lines().any(|l| l.trim() == "1"));
    let rules: Vec<&str> = a01["removed"]
        .as_array()
        .expect("removed")
        .iter()
        .filter_map(|r| r["rule"].as_str())
        .collect();
    assert!(
        rules.contains(&"title-repeat") && rules.contains(&"foreign-caption"),
        "{rules:?}"
    );

    // The closing source line becomes the credit.
    let a15 = article(&doc, "a15");
    assert_eq!(a15["credit"], "الأناضول + وكالات");
    assert!(!a15["text"].as_str().expect("text").contains("المصدر"));

    // A glued word is split in the display text.
    let a03 = article(&doc, "a03")["text"].as_str().expect("text");
    assert!(a03.contains("روسيا والولايات المتحدة"), "{a03}");

    // Metadata from the HTML page and the feed.
    let a12 = article(&doc, "a12");
    assert_eq!(a12["source"], "الأفق");
    assert!(
        a12["published"]
            .as_str()
            .is_some_and(|p| p.starts_with("2015-06-24"))
    );
    assert_eq!(article(&doc, "a16")["lang"], "en");
    assert_eq!(article(&doc, "a04")["lang"], "ar");
}

#[test]
fn clean_human_output_shows_titles_and_explains_removals() {
    let out = khabar()
        .args(["clean", "--explain"])
        .arg(sample().join("a04.txt"))
        .output()
        .expect("khabar runs");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("a04") && text.contains("زلزال"), "{text}");
    assert!(text.contains("[read-more] اقرأ أيضاً"), "{text}");
}

#[test]
fn jsonl_on_stdin_is_read() {
    let mut child = khabar()
        .args(["clean", "--json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("khabar runs");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        writeln!(
            stdin,
            r#"{{"id": "w1", "text": "قال المتحدث باسم وزارة الخارجية إن المحادثات ستستأنف الأسبوع المقبل في جنيف."}}"#
        )
        .expect("write");
    }
    let out = child.wait_with_output().expect("khabar exits");
    assert!(out.status.success());
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(doc["articles"][0]["id"], "w1");
}

#[test]
fn nothing_readable_is_exit_code_1_and_usage_error_is_2() {
    let out = khabar()
        .args(["clean", "/nonexistent/khabar-input.jsonl"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/khabar-input.jsonl"));

    let out = khabar().args(["clean"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let out = khabar()
        .args(["clean", "--no-such-flag", "x"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn help_explains_every_input_format() {
    let out = khabar().args(["clean", "--help"]).output().expect("runs");
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for format in [
        ".txt",
        ".jsonl",
        ".json",
        ".html",
        ".xml",
        ".gz",
        "--explain",
        "--json",
    ] {
        assert!(help.contains(format), "--help mentions {format}");
    }
}

/// The shared hostile inputs: every good article comes out, every broken
/// file is named in `errors`, and nothing crashes.
#[test]
fn hostile_inputs_keep_every_good_article_and_name_every_broken_one() {
    let script = repo_root().join("../shared/badinput/make_bad_inputs.py");
    if !script.exists() {
        eprintln!("skipped: {} not found", script.display());
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let made = Command::new("python3")
        .arg(&script)
        .arg(dir.path())
        .args(["--big-mb", "8"])
        .status();
    match made {
        Ok(s) if s.success() => {}
        other => {
            eprintln!(
                "skipped: could not run python3 {}: {other:?}",
                script.display()
            );
            return;
        }
    }
    let (out, doc) = run_json(khabar().args(["clean", "--json"]).arg(dir.path()));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let good = std::fs::read_to_string(dir.path().join("GOOD_IDS.txt")).expect("GOOD_IDS.txt");
    for id in good.lines().filter(|l| !l.is_empty()) {
        article(&doc, id);
    }
    let errors = doc["errors"].as_array().expect("errors");
    let named = |file: &str| {
        errors
            .iter()
            .any(|e| e["input"].as_str().is_some_and(|i| i.ends_with(file)))
    };
    for entry in std::fs::read_dir(dir.path()).expect("read dir") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if name.starts_with("good") || name == "GOOD_IDS.txt" {
            assert!(!named(&name), "{name} is good but was reported");
        } else {
            assert!(
                named(&name),
                "{name} is broken but not reported: {errors:?}"
            );
        }
    }
    // Every error is also on stderr, one line each, naming its input.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.lines().filter(|l| l.starts_with("khabar: ")).count() >= errors.len());
}

#[test]
fn dedup_finds_the_reprint_and_nothing_else_in_the_sample() {
    let (out, doc) = run_json(khabar().args(["dedup", "--json"]).arg(sample()));
    assert!(out.status.success());
    // a14 reprints a13 with small edits; the wire rewrites a01/a02/a12/a13
    // share passages but are not the same text.
    assert_eq!(doc["groups"], serde_json::json!([["a13", "a14"]]), "{doc}");
    assert_eq!(doc["errors"], serde_json::json!([]));
}

#[test]
fn align_shows_wire_text_reused_with_other_spellings_at_its_offsets() {
    let (out, doc) = run_json(
        khabar()
            .args(["align", "--json"])
            .arg(sample().join("a01.txt"))
            .arg(sample().join("a02.txt")),
    );
    assert!(out.status.success());
    let passages = doc["passages"].as_array().expect("passages");
    assert!(!passages.is_empty(), "{doc}");
    // The offsets point into each article's display text, as `clean` prints it.
    let (_, cleaned) = run_json(
        khabar()
            .args(["clean", "--json"])
            .arg(sample().join("a01.txt"))
            .arg(sample().join("a02.txt")),
    );
    let text_of = |i: usize| {
        cleaned["articles"][i]["text"]
            .as_str()
            .expect("text")
            .to_string()
    };
    let (a, b) = (text_of(0), text_of(1));
    let slice = |t: &str, s: &Value, e: &Value| -> String {
        let (s, e) = (
            s.as_u64().expect("start") as usize,
            e.as_u64().expect("end") as usize,
        );
        t.chars().skip(s).take(e - s).collect()
    };
    let p = &passages[0];
    let in_a = slice(&a, &p["a_start"], &p["a_end"]);
    let in_b = slice(&b, &p["b_start"], &p["b_end"]);
    assert_eq!(in_a, p["text"].as_str().expect("text"));
    // The same wire sentence, spelled سورية in a01 and سوريا in a02.
    assert!(in_a.contains("الوضع في سورية"), "{in_a}");
    assert!(in_b.contains("الوضع في سوريا"), "{in_b}");
}

#[test]
fn align_by_id_names_the_earlier_article_as_origin() {
    let (out, doc) = run_json(
        khabar()
            .args(["align", "a14", "a13", "--json", "--in"])
            .arg(sample()),
    );
    assert!(out.status.success());
    assert_eq!(doc["origin"], "a13");

    let out = khabar()
        .args(["align", "a13", "nope", "--in"])
        .arg(sample())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope"));
}

fn story_of<'a>(doc: &'a Value, id: &str) -> &'a Value {
    doc["stories"]
        .as_array()
        .and_then(|s| {
            s.iter().find(|s| {
                s["articles"]
                    .as_array()
                    .is_some_and(|a| a.iter().any(|x| x == id))
            })
        })
        .unwrap_or_else(|| panic!("a story holds {id}"))
}

#[test]
fn run_groups_the_sample_into_stories_with_reuse_and_duplicates() {
    let html = tempfile::NamedTempFile::new().expect("temp file");
    let (out, doc) = run_json(
        khabar()
            .args(["run", "--json", "--html"])
            .arg(html.path())
            .arg(sample()),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(doc["errors"], serde_json::json!([]));

    // Every article is in exactly one story.
    let mut seen: Vec<String> = doc["stories"]
        .as_array()
        .expect("stories")
        .iter()
        .flat_map(|s| s["articles"].as_array().cloned().unwrap_or_default())
        .filter_map(|a| a.as_str().map(str::to_string))
        .collect();
    seen.sort();
    let before = seen.len();
    seen.dedup();
    assert_eq!((before, seen.len()), (20, 20));

    // The wire rewrites of the June call and the reprint are one story,
    // with the reprint as near-duplicates and the reuse between outlets.
    let june = story_of(&doc, "a13");
    for id in ["a01", "a02", "a12", "a14"] {
        assert_eq!(
            story_of(&doc, id)["id"],
            june["id"],
            "{id} joins the June call"
        );
    }
    assert_eq!(june["duplicates"], serde_json::json!([["a13", "a14"]]));
    let reuse = june["reuse"].as_array().expect("reuse");
    assert!(
        reuse.iter().any(|p| p["a"] == "a01" && p["b"] == "a02"),
        "{reuse:?}"
    );
    assert!(
        june["headline"]
            .as_str()
            .is_some_and(|h| h.contains("بوتين"))
    );
    assert!(
        june["summary"]
            .as_array()
            .is_some_and(|s| (2..=5).contains(&s.len()))
    );
    assert!(
        june["entities"]
            .as_array()
            .is_some_and(|e| e.iter().any(|e| e["kind"] == "person"))
    );

    // The same presidents' call three months later, and a call with another
    // president in the same week, are other stories.
    assert_ne!(story_of(&doc, "a18")["id"], june["id"]);
    assert_ne!(story_of(&doc, "a11")["id"], june["id"]);
    // A follow-up with a higher toll joins its attack; the Eid holiday
    // decision is not the Eid mortar attack.
    assert_eq!(story_of(&doc, "a06")["id"], story_of(&doc, "a05")["id"]);
    assert_ne!(story_of(&doc, "a09")["id"], story_of(&doc, "a07")["id"]);

    let page = std::fs::read_to_string(html.path()).expect("report written");
    assert!(page.starts_with("<!doctype html>") && page.contains("dir=\"rtl\""));
    assert!(
        page.contains("<mark>") && !page.contains("http"),
        "self-contained, with passages"
    );
}

#[test]
fn run_reports_a_repeated_id_and_keeps_the_first() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = "قال المتحدث باسم وزارة الخارجية إن المحادثات ستستأنف الأسبوع المقبل في جنيف بمشاركة وفود من عدة دول.";
    let line = |id: &str| format!("{{\"id\": \"{id}\", \"text\": \"{text}\"}}\n");
    std::fs::write(
        dir.path().join("a.jsonl"),
        line("x") + &line("x") + &line("y"),
    )
    .expect("write");
    let (out, doc) = run_json(khabar().args(["run", "--json"]).arg(dir.path()));
    assert!(out.status.success());
    let errors = doc["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["record"], 2);
    assert!(
        errors[0]["error"]
            .as_str()
            .is_some_and(|e| e.contains("repeated id"))
    );
}
