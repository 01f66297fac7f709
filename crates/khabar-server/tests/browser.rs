//! The web UI in a real browser: starts the server on the sample articles
//! and runs `tests/browser/ui.mjs` (playwright-core driving Debian's
//! chromium), which opens the story list, a story and a reuse view and
//! checks the highlighted passages.
//!
//! Needs `node`, chromium (`/usr/bin/chromium`, or `KHABAR_CHROMIUM`) and
//! `npm ci` run in `tests/browser`. Without them the test says so and
//! passes, unless `KHABAR_BROWSER_TEST=required`, when it fails.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn script_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

/// What is missing to run the browser test, if anything.
fn missing() -> Option<String> {
    let chromium = std::env::var("KHABAR_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).exists() {
        return Some(format!("no chromium at {chromium}"));
    }
    let node = Command::new("node")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    if !node.is_ok_and(|s| s.success()) {
        return Some("no `node` on PATH".into());
    }
    let module = script_dir().join("node_modules/playwright-core/package.json");
    if !module.exists() {
        return Some(format!(
            "playwright-core is not installed (run `npm ci` in {})",
            script_dir().display()
        ));
    }
    None
}

#[test]
fn story_list_story_and_reuse_view_in_chromium() {
    if let Some(why) = missing() {
        if std::env::var("KHABAR_BROWSER_TEST").as_deref() == Ok("required") {
            panic!("browser test required, but {why}");
        }
        eprintln!("skipping the browser test: {why} (set KHABAR_BROWSER_TEST=required to fail)");
        return;
    }
    let server = common::start(|_| {});
    let mut child = Command::new("node")
        .arg("ui.mjs")
        .arg(format!("http://{}", server.addr))
        .current_dir(script_dir())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node starts");
    // A hung browser must not hang the test suite.
    let deadline = Instant::now() + Duration::from_secs(240);
    let status = loop {
        match child.try_wait().expect("child status") {
            Some(status) => break Some(status),
            None if Instant::now() > deadline => {
                let _ = child.kill();
                break None;
            }
            None => std::thread::sleep(Duration::from_millis(100)),
        }
    };
    let output = child.wait_with_output().expect("child output");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}");
    eprintln!("{stderr}");
    let status = status.expect("the browser test finishes within 240 s");
    assert!(
        status.success(),
        "browser checks failed:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains("browser test passed"));
    assert!(stdout.contains("is marked on both sides"));
}
