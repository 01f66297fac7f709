//! The JSON API and the pages, against a real server listening on loopback
//! over the sample articles.

mod common;

use std::collections::HashSet;
use std::net::SocketAddr;

use common::{chars, enc, get, post_json, request, start};
use serde_json::Value;

fn ids(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// A story with reuse, and its first pair.
fn reused_pair(addr: SocketAddr) -> (String, String, String) {
    let all = get(addr, "/v1/stories?limit=500").json();
    for s in all["stories"].as_array().expect("stories") {
        if let Some(pair) = s["reuse"].as_array().and_then(|r| r.first()) {
            return (
                s["id"].as_str().expect("id").to_string(),
                pair["a"].as_str().expect("a").to_string(),
                pair["b"].as_str().expect("b").to_string(),
            );
        }
    }
    panic!("the sample articles hold reused passages");
}

#[test]
fn health_and_paged_story_list() {
    let server = start(|_| {});
    let health = get(server.addr, "/health");
    assert_eq!(health.status, 200);
    let h = health.json();
    assert_eq!(h["status"], "ok");
    assert_eq!(h["articles"], 20);

    let all = get(server.addr, "/v1/stories?limit=500").json();
    let total = all["total"].as_u64().expect("total") as usize;
    let stories = all["stories"].as_array().expect("stories");
    assert_eq!(stories.len(), total);
    let members: usize = stories.iter().map(|s| ids(&s["articles"]).len()).sum();
    assert_eq!(members, 20, "every article is in exactly one story");

    // A page is the matching slice of the whole list.
    let page = get(server.addr, "/v1/stories?offset=2&limit=3").json();
    assert_eq!(page["total"].as_u64(), Some(total as u64));
    let page_ids: Vec<&Value> = page["stories"]
        .as_array()
        .expect("page")
        .iter()
        .map(|s| &s["id"])
        .collect();
    let slice: Vec<&Value> = stories.iter().skip(2).take(3).map(|s| &s["id"]).collect();
    assert_eq!(page_ids, slice);

    // Time filters: every story left has an article in the window.
    let since = get(server.addr, "/v1/stories?since=2015-07-01&limit=500").json();
    for s in since["stories"].as_array().expect("stories") {
        let last = s["last_published"].as_str().expect("dated");
        assert!(last >= "2015-07-01", "{last}");
    }
    let until = get(server.addr, "/v1/stories?until=2015-06-30&limit=500").json();
    for s in until["stories"].as_array().expect("stories") {
        let first = s["first_published"].as_str().expect("dated");
        assert!(first <= "2015-06-30T23:59:59", "{first}");
    }
    let since_n = since["total"].as_u64().expect("n");
    let until_n = until["total"].as_u64().expect("n");
    assert!(since_n > 0 && until_n > 0 && since_n + until_n <= total as u64);

    // A query keeps the stories of the articles it finds.
    let q = enc("زلزال");
    let hits = get(server.addr, &format!("/v1/search?q={q}")).json();
    let hit_stories: HashSet<String> = hits["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .filter_map(|h| h["story_id"].as_str().map(str::to_string))
        .collect();
    assert!(!hit_stories.is_empty());
    let by_query = get(server.addr, &format!("/v1/stories?q={q}&limit=500")).json();
    let found: HashSet<String> = by_query["stories"]
        .as_array()
        .expect("stories")
        .iter()
        .filter_map(|s| s["id"].as_str().map(str::to_string))
        .collect();
    assert_eq!(found, hit_stories);
}

#[test]
fn story_passages_point_into_the_articles_display_texts() {
    let server = start(|_| {});
    let (story, a, b) = reused_pair(server.addr);
    let doc = get(server.addr, &format!("/v1/stories/{story}")).json();
    assert!(!doc["headline"].as_str().unwrap_or("").is_empty());
    assert!(!doc["summary"].as_array().expect("summary").is_empty());
    let pair = &doc["reuse"][0];
    let ta = get(server.addr, &format!("/v1/articles/{a}")).json();
    let tb = get(server.addr, &format!("/v1/articles/{b}")).json();
    assert_eq!(ta["story"].as_str(), Some(story.as_str()));
    let (ta, tb) = (
        ta["text"].as_str().expect("text"),
        tb["text"].as_str().expect("text"),
    );
    for p in pair["passages"].as_array().expect("passages") {
        let at = |k: &str| p[k].as_u64().expect("offset") as usize;
        let in_a = chars(ta, at("a_start"), at("a_end"));
        let in_b = chars(tb, at("b_start"), at("b_end"));
        assert_eq!(in_a, p["text"].as_str().expect("text"));
        // The two sides are the same passage, give or take small edits.
        let wa: HashSet<&str> = in_a.split_whitespace().collect();
        let wb: HashSet<&str> = in_b.split_whitespace().collect();
        let common = wa.intersection(&wb).count();
        assert!(common * 2 > wa.len(), "{in_a:?} vs {in_b:?}");
    }

    let aligned = get(server.addr, &format!("/v1/align?a={a}&b={b}"));
    assert_eq!(aligned.status, 200);
    let aligned = aligned.json();
    let passages = aligned["passages"].as_array().expect("passages");
    assert!(!passages.is_empty());
    for p in passages {
        let a_end = p["a_end"].as_u64().expect("a_end") as usize;
        assert!(a_end <= ta.chars().count());
        let start = p["a_start"].as_u64().expect("a_start") as usize;
        assert_eq!(chars(ta, start, a_end), p["text"].as_str().expect("text"));
    }
}

#[test]
fn posted_articles_join_their_stories_at_once() {
    let server = start(|_| {});
    let original = get(server.addr, "/v1/articles/a04").json();
    let story = original["story"].as_str().expect("story").to_string();
    // Read (and so cache) the story before the write.
    let before = get(server.addr, &format!("/v1/stories/{story}")).json();
    assert!(!ids(&before["articles"]).contains(&"wire-copy-1".to_string()));
    let copy = serde_json::json!({
        "id": "wire-copy-1",
        "source": "وكالة الخليج",
        "published": "2015-06-11T15:00:00Z",
        "title": original["title"],
        "text": original["text"],
    });
    let fresh = serde_json::json!({
        "id": "fresh-1",
        "source": "المرصد",
        "published": "2015-09-20T10:00:00Z",
        "title": "افتتاح معرض الكتاب في عمّان بمشاركة ثلاثمئة دار نشر",
        "text": "افتتح وزير الثقافة الأردني صباح اليوم الأحد الدورة الجديدة من معرض عمّان الدولي للكتاب، \
                 بمشاركة ثلاثمئة دار نشر من عشرين دولة عربية وأجنبية. وقال مدير المعرض إن البرنامج الثقافي \
                 يضم ندوات وأمسيات شعرية وتوقيع كتب على مدى عشرة أيام.",
    });
    let body = format!("{copy}\n{fresh}\n{{\"id\": \"broken\", \"text\": \n");
    let answer = request(
        server.addr,
        "POST",
        "/v1/articles",
        &[("Content-Type", "application/x-ndjson")],
        body.as_bytes(),
    );
    assert_eq!(answer.status, 200, "{}", answer.body);
    let v = answer.json();
    assert_eq!(v["added"], 2);
    let out = v["articles"].as_array().expect("articles");
    assert_eq!(out[0]["id"], "wire-copy-1");
    assert_eq!(out[0]["status"], "added");
    assert_eq!(out[0]["story"].as_str(), Some(story.as_str()));
    assert!(ids(&out[0]["duplicates"]).contains(&"a04".to_string()));
    assert_eq!(out[1]["id"], "fresh-1");
    assert_eq!(out[1]["new_story"], true);
    let errors = v["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0]["record"], 3);
    assert_eq!(errors[0]["input"], "request.jsonl");

    // Readable at once: the story lists it, search finds it.
    let doc = get(server.addr, &format!("/v1/stories/{story}")).json();
    assert!(ids(&doc["articles"]).contains(&"wire-copy-1".to_string()));
    let new_story = out[1]["story"].as_str().expect("story");
    let found = get(server.addr, &format!("/v1/search?q={}", enc("معرض الكتاب"))).json();
    assert!(
        found["hits"]
            .as_array()
            .expect("hits")
            .iter()
            .any(|h| h["id"] == "fresh-1" && h["story_id"] == new_story)
    );

    // Posting it again is a no-op, per article.
    let again = post_json(server.addr, "/v1/articles", &format!("[{copy}, {fresh}]")).json();
    assert_eq!(again["added"], 0);
    assert_eq!(again["unchanged"], 2);
    assert_eq!(again["articles"][1]["status"], "already_stored");
    assert!(again["batch"].is_null());
}

#[test]
fn concurrent_posts_are_answered_each_with_its_own_outcomes() {
    let server = start(|_| {});
    let addr = server.addr;
    let places = [
        "حلب",
        "حمص",
        "درعا",
        "إدلب",
        "دير الزور",
        "اللاذقية",
        "طرطوس",
        "الرقة",
    ];
    let writers: Vec<_> = (0..8)
        .map(|w| {
            let place = places[w];
            std::thread::spawn(move || {
                let mut seen = Vec::new();
                for i in 0..4 {
                    let id = format!("load-{w}-{i}");
                    let text = format!(
                        "أعلنت مديرية الصحة في {place} صباح اليوم عن افتتاح مركز طبي جديد رقم {i} \
                         يخدم أكثر من {n} ألف نسمة، وقال مدير الصحة إن المركز مجهز بالكامل.",
                        n = 10 + w * 4 + i
                    );
                    let body =
                        serde_json::json!({"id": id, "source": format!("مصدر {w}"), "text": text});
                    let a = post_json(addr, "/v1/articles", &body.to_string());
                    assert_eq!(a.status, 200, "{}", a.body);
                    let v = a.json();
                    assert_eq!(v["articles"].as_array().map(Vec::len), Some(1));
                    assert_eq!(v["articles"][0]["id"].as_str(), Some(id.as_str()));
                    seen.push(
                        v["articles"][0]["status"]
                            .as_str()
                            .unwrap_or("")
                            .to_string(),
                    );
                }
                seen
            })
        })
        .collect();
    // Pages and reads keep answering while writes go on.
    for _ in 0..20 {
        assert_eq!(get(addr, "/v1/stories/s1").status, 200);
        assert_eq!(get(addr, "/").status, 200);
    }
    for w in writers {
        let seen = w.join().expect("writer thread");
        assert!(seen.iter().all(|s| s == "added"), "{seen:?}");
    }
    assert_eq!(get(addr, "/health").json()["articles"], 20 + 32);
}

#[test]
fn bad_requests_get_json_4xx() {
    let server = start(|c| c.max_body_bytes = 64 * 1024);
    let addr = server.addr;
    let check = |a: common::Answer, status: u16, needle: &str| {
        assert_eq!(a.status, status, "{}", a.body);
        let err = a.json()["error"].as_str().unwrap_or("").to_string();
        assert!(err.contains(needle), "{err:?} lacks {needle:?}");
    };
    check(get(addr, "/v1/stories/s999"), 404, "s999");
    check(get(addr, "/v1/articles/nope"), 404, "nope");
    check(get(addr, "/v1/stories/%FF"), 400, "UTF-8");
    check(get(addr, "/v1/stories?since=yesterday"), 400, "since");
    check(get(addr, "/v1/stories?limit=many"), 400, "limit");
    check(get(addr, "/v1/search?q=%20"), 400, "q");
    check(get(addr, "/v1/align?a=a01"), 400, "two article ids");
    check(get(addr, "/v1/align?a=a01&b=zz"), 404, "zz");
    check(get(addr, "/v1/nothing-here"), 404, "no route");
    check(
        request(addr, "DELETE", "/v1/stories", &[], b""),
        405,
        "method",
    );
    let form = request(
        addr,
        "POST",
        "/v1/articles",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        b"text=hello",
    );
    check(form, 415, "Content-Type");
    check(post_json(addr, "/v1/articles", "  "), 400, "empty body");
    check(
        post_json(addr, "/v1/articles", "{\"text\": "),
        400,
        "malformed JSON",
    );
    check(
        post_json(addr, "/v1/articles", "{\"id\": \"x\"}"),
        400,
        "no text",
    );
    let big = format!(
        "{{\"id\": \"big\", \"text\": \"{}\"}}",
        "خبر عاجل ".repeat(20_000)
    );
    let too_big = post_json(addr, "/v1/articles", &big);
    assert_eq!(too_big.status, 413, "{}", too_big.body);
    assert!(too_big.json()["error"].is_string());
    // Nothing of it was stored.
    assert_eq!(get(addr, "/health").json()["articles"], 20);
}

#[test]
fn writes_need_the_token_when_one_is_set() {
    let server = start(|c| c.token = Some("s3cret-tok".into()));
    let addr = server.addr;
    let body =
        r#"{"id": "t1", "text": "قال المتحدث باسم الحكومة إن الاجتماع سيعقد الأسبوع المقبل."}"#;
    let none = post_json(addr, "/v1/articles", body);
    assert_eq!(none.status, 401);
    assert_eq!(none.header("www-authenticate"), Some("Bearer"));
    assert!(none.json()["error"].is_string());
    let wrong = request(
        addr,
        "POST",
        "/v1/articles",
        &[
            ("Content-Type", "application/json"),
            ("Authorization", "Bearer s3cret-tol"),
        ],
        body.as_bytes(),
    );
    assert_eq!(wrong.status, 401);
    let right = request(
        addr,
        "POST",
        "/v1/articles",
        &[
            ("Content-Type", "application/json"),
            ("Authorization", "Bearer s3cret-tok"),
        ],
        body.as_bytes(),
    );
    assert_eq!(right.status, 200, "{}", right.body);
    assert_eq!(right.json()["added"], 1);
    // Reads need no token.
    assert_eq!(get(addr, "/v1/articles/t1").status, 200);
}

#[test]
fn refuses_a_public_address_without_a_token() {
    let mut config = khabar_server::Config::new("0.0.0.0:0".parse().expect("address"));
    let err = config.check().expect_err("no token");
    assert!(err.to_string().contains("without a write token"), "{err}");
    config.token = Some("  ".into());
    assert!(config.check().is_err(), "an empty token protects nothing");
    config.token = Some("a-long-random-token".into());
    assert!(config.check().is_ok());
    assert!(
        khabar_server::Config::new("[::1]:0".parse().expect("address"))
            .check()
            .is_ok()
    );
}

#[test]
fn openapi_document_is_served() {
    let server = start(|_| {});
    let doc = get(server.addr, "/v1/openapi.json");
    assert_eq!(doc.status, 200);
    let doc = doc.json();
    assert!(doc["openapi"].as_str().unwrap_or("").starts_with("3."));
    assert!(doc["paths"]["/v1/stories/{id}"]["get"].is_object());
}

#[test]
fn pages_escape_text_and_follow_its_direction() {
    let server = start(|_| {});
    let addr = server.addr;
    let list = get(addr, "/");
    assert_eq!(list.status, 200);
    assert!(
        list.header("content-type")
            .unwrap_or("")
            .starts_with("text/html")
    );
    assert!(
        list.header("content-security-policy")
            .unwrap_or("")
            .contains("default-src 'none'")
    );
    assert!(list.body.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(list.body.contains("<svg class=\"chart\""));
    let all = get(addr, "/v1/stories?limit=500").json();
    for s in all["stories"].as_array().expect("stories").iter().take(30) {
        let id = s["id"].as_str().expect("id");
        assert!(
            list.body.contains(&format!("href=\"/stories/{id}\"")),
            "{id}"
        );
    }
    // The English story reads left to right, inside and out.
    let english = all["stories"]
        .as_array()
        .expect("stories")
        .iter()
        .find(|s| s["headline"].as_str().unwrap_or("").starts_with("OPEC"))
        .expect("an English story");
    let page = get(
        addr,
        &format!("/stories/{}", english["id"].as_str().expect("id")),
    );
    assert!(page.body.contains("<html lang=\"en\" dir=\"ltr\">"));

    // Hostile text comes out as text.
    let hostile = r#"{"id": "x<1>", "title": "<script>alert('x')</script> تقرير", "source": "<b>src</b>",
        "text": "قال مصدر مطلع إن <img src=x onerror=alert(1)> الاجتماع تأجل إلى الأسبوع المقبل بسبب الخلافات."}"#;
    assert_eq!(post_json(addr, "/v1/articles", hostile).status, 200);
    let page = get(addr, "/articles/x%3C1%3E");
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(!page.body.contains("<script>alert"));
    assert!(!page.body.contains("<img src=x"));
    assert!(
        page.body
            .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
    );
    assert!(page.body.contains("&lt;b&gt;src&lt;/b&gt;"));

    // Missing things are pages too.
    let missing = get(addr, "/stories/s404");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("s404"));
    assert_eq!(get(addr, "/nowhere").status, 404);
}

#[test]
fn reuse_page_marks_the_same_passages_in_both_texts() {
    let server = start(|_| {});
    let (story, a, b) = reused_pair(server.addr);
    let story_page = get(server.addr, &format!("/stories/{story}"));
    assert!(
        story_page
            .body
            .contains(&format!("href=\"/reuse?a={a}&amp;b={b}\""))
    );
    let doc = get(server.addr, &format!("/v1/stories/{story}")).json();
    let passages = doc["reuse"][0]["passages"]
        .as_array()
        .expect("passages")
        .clone();
    let page = get(server.addr, &format!("/reuse?a={a}&b={b}"));
    assert_eq!(page.status, 200);
    let tb = get(server.addr, &format!("/v1/articles/{b}")).json();
    let tb = tb["text"].as_str().expect("text");
    for (n, p) in passages.iter().enumerate() {
        let marks = page.body.matches(&format!("<mark data-p=\"{n}\"")).count();
        assert_eq!(marks, 2, "passage {n} is marked once on each side");
        let at = |k: &str| p[k].as_u64().expect("offset") as usize;
        let in_b = chars(tb, at("b_start"), at("b_end"));
        let escaped = in_b
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
            .replace('\'', "&#39;");
        assert!(page.body.contains(&format!(">{escaped}</mark>")));
    }
}
