//! The shared hostile-input set (`/work/shared/badinput/make_bad_inputs.py`),
//! generated at test time: every good article comes out, every broken file
//! is reported by name, nothing panics or hangs.

use std::collections::HashSet;
use std::path::Path;
use std::process::Command;

use khabar_ingest::{ErrorKind, ReadOptions, read_inputs};

const SCRIPT: &str = "/work/shared/badinput/make_bad_inputs.py";

#[test]
fn bad_input_set_keeps_good_articles_and_names_every_broken_file() {
    if !Path::new(SCRIPT).exists() {
        eprintln!("skipped: {SCRIPT} not found");
        return;
    }
    let Ok(dir) = tempfile::tempdir() else {
        panic!("cannot create a temp dir");
    };
    let out = dir.path().join("bad");
    let status = Command::new("python3")
        .arg(SCRIPT)
        .arg(&out)
        .args(["--big-mb", "8"])
        .status();
    match status {
        Ok(s) if s.success() => {}
        Ok(s) => panic!("{SCRIPT} failed: {s}"),
        Err(e) => {
            eprintln!("skipped: cannot run python3: {e}");
            return;
        }
    }

    let inputs = [out.display().to_string()];
    let mut articles = Vec::new();
    let mut errors = Vec::new();
    for item in read_inputs(&inputs, &ReadOptions::default()) {
        match item {
            Ok(a) => articles.push(a),
            Err(e) => errors.push(e),
        }
    }

    let good_ids = std::fs::read_to_string(out.join("GOOD_IDS.txt")).unwrap_or_default();
    let ids: HashSet<&str> = articles.iter().map(|a| a.id.as_str()).collect();
    let mut good_count = 0;
    for id in good_ids.lines().filter(|l| !l.trim().is_empty()) {
        good_count += 1;
        assert!(
            ids.contains(id),
            "good article {id} missing; errors: {errors:#?}"
        );
    }
    assert!(good_count > 0, "GOOD_IDS.txt lists no ids");

    let Ok(entries) = std::fs::read_dir(&out) else {
        panic!("cannot list {}", out.display());
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name != "GOOD_IDS.txt")
        .collect();
    names.sort();
    let named = |name: &str| {
        let path = out.join(name).display().to_string();
        errors.iter().filter(move |e| e.input == path)
    };
    for name in &names {
        let count = named(name).count();
        if name.starts_with("good") {
            assert_eq!(count, 0, "{name} is good but has errors");
        } else {
            assert!(count > 0, "no error names {name}");
        }
    }

    let kind_of = |name: &str| named(name).map(|e| &e.kind).collect::<Vec<_>>();
    assert!(matches!(
        kind_of("nested.html")[..],
        [ErrorKind::TooDeep { .. }]
    ));
    assert!(matches!(
        kind_of("feed-billion-laughs.xml")[..],
        [ErrorKind::Feed(_)]
    ));
    assert!(matches!(
        kind_of("big.txt")[..],
        [ErrorKind::TooLarge { .. }]
    ));
    assert!(matches!(
        kind_of("not-gzip.jsonl.gz")[..],
        [ErrorKind::Gzip(_)]
    ));
    assert!(matches!(
        kind_of("dangling-link.txt")[..],
        [ErrorKind::Io(_)]
    ));
    assert!(matches!(
        kind_of("unknown.xyz")[..],
        [ErrorKind::UnknownExtension]
    ));
    assert_eq!(named("mixed.jsonl").count(), 5, "one error per broken line");
    assert!(
        ids.contains("invalid-utf8") && ids.contains("nul-bytes"),
        "lossy records still give their article"
    );
}
