//! The web UI: server-rendered pages over the archive.
//!
//! `/` lists the stories (filters, pages, a small chart of each story's
//! articles over time); `/stories/{id}` shows one (summary, entities,
//! sources, timeline, members, reuse pairs); `/articles/{id}` one article;
//! `/reuse?a=&b=` two articles side by side with their shared passages
//! highlighted in both; `/search?q=` ranked articles with snippets. Every
//! piece of text is escaped; each story and article block takes the
//! direction of its own script.
//!
//! Does not: write anything (the UI is read-only) or load anything from
//! elsewhere.

use std::collections::HashMap;
use std::fmt::Write;

use axum::Router;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use chrono::{DateTime, FixedOffset};
use khabar_archive::{Archive, StoryDocument};
use khabar_dedup::Passage;
use khabar_store::StoredArticle;

use crate::AppState;
use crate::api::{self, AlignQuery, SearchQuery, StoryFilter};
use crate::error::ApiError;
use crate::html::{Dir, esc, highlight, page, respond, span, timeline, url_part, when};

/// Member times read for a story's chart in the list, at most.
const LIST_CHART_MEMBERS: usize = 120;
/// Stories per page of the list.
const LIST_PAGE: usize = 30;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(story_list))
        .route("/stories/{id}", get(story_page))
        .route("/articles/{id}", get(article_page))
        .route("/reuse", get(reuse_page))
        .route("/search", get(search_page))
}

/// An error as a page, with the same status the API would give.
fn error_page(err: ApiError) -> Response {
    let dir = Dir::EN;
    let body = format!(
        "<div class=\"card\"><h1>{}</h1><p>{}</p><p><a href=\"/\">All stories</a></p></div>",
        err.status.as_u16(),
        esc(&err.message)
    );
    respond(err.status, page("Error", dir, &body))
}

/// The page for a path with no page.
pub fn not_found_page(message: &str) -> Response {
    error_page(ApiError::not_found(message))
}

/// Renders on the blocking pool; an error becomes an error page.
async fn render(
    state: &AppState,
    what: &'static str,
    f: impl FnOnce(&Archive) -> Result<String, ApiError> + Send + 'static,
) -> Response {
    match api::read(state, what, f).await {
        Ok(html) => respond(StatusCode::OK, html),
        Err(err) => error_page(err),
    }
}

fn article_of(archive: &Archive, id: &str) -> Result<Option<StoredArticle>, ApiError> {
    archive
        .article(id)
        .map_err(api::store_error("reading an article"))
}

/// Publication times of up to `cap` members of `doc`, spread over it.
fn member_times(
    archive: &Archive,
    doc: &StoryDocument,
    cap: usize,
) -> Result<Vec<DateTime<FixedOffset>>, ApiError> {
    let ids = &doc.story.articles;
    let step = ids.len().div_ceil(cap.max(1)).max(1);
    let mut times = Vec::new();
    for id in ids.iter().step_by(step) {
        if let Some(a) = article_of(archive, id)?
            && let Some(t) = a.article.published
        {
            times.push(t);
        }
    }
    Ok(times)
}

fn sources_line(doc: &StoryDocument, max: usize) -> String {
    let sources = &doc.story.view.sources;
    let mut parts: Vec<String> = sources
        .iter()
        .take(max)
        .map(|s| format!("{} ({})", esc(&s.name), s.count))
        .collect();
    if sources.len() > max {
        parts.push(format!("+{}", sources.len() - max));
    }
    parts.join(" · ")
}

async fn story_list(
    State(state): State<AppState>,
    filter: Result<Query<StoryFilter>, QueryRejection>,
) -> Response {
    let filter = match api::query(filter) {
        Ok(f) => f,
        Err(e) => return error_page(e),
    };
    render(&state, "listing stories", move |archive| {
        let mut filter = filter;
        filter.limit = Some(filter.limit.unwrap_or(LIST_PAGE).min(api::MAX_PAGE));
        let (total, stories) = api::filter_stories(archive, &filter)?;
        let headlines: String = stories
            .iter()
            .map(|s| s.story.view.headline.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let dir = Dir::of(&headlines);
        let mut b = String::new();
        let _ = write!(
            b,
            "<h1>{}</h1><p class=\"meta\" id=\"count\">{total} {}</p>",
            dir.say("Stories", "القصص"),
            dir.say("stories, latest first", "قصة، الأحدث أولاً")
        );
        let v = |o: &Option<String>| esc(o.as_deref().unwrap_or(""));
        let _ = write!(
            b,
            "<form class=\"filters card\" method=\"get\" action=\"/\">\
             <input name=\"q\" value=\"{}\" placeholder=\"{}\" aria-label=\"query\">\
             <label>{} <input type=\"date\" name=\"since\" value=\"{}\"></label>\
             <label>{} <input type=\"date\" name=\"until\" value=\"{}\"></label>\
             <label>{} <input type=\"number\" min=\"1\" name=\"min_articles\" value=\"{}\" style=\"width:5rem\"></label>\
             <button>{}</button></form>",
            v(&filter.q),
            dir.say("words in its articles", "كلمات في مقالاتها"),
            dir.say("from", "من"),
            v(&filter.since),
            dir.say("to", "إلى"),
            v(&filter.until),
            dir.say("at least", "على الأقل"),
            filter.min_articles.unwrap_or(1),
            dir.say("Filter", "تصفية"),
        );
        if stories.is_empty() {
            let _ = write!(
                b,
                "<p class=\"empty\">{}</p>",
                dir.say("No story matches.", "لا قصة تطابق.")
            );
        }
        b.push_str("<ol class=\"stories\">");
        for doc in &stories {
            let view = &doc.story.view;
            let sdir = Dir::of(&view.headline);
            let times = member_times(archive, doc, LIST_CHART_MEMBERS)?;
            let _ = write!(
                b,
                "<li class=\"card story-row\" {attrs} data-story=\"{id}\"><div>\
                 <h3><a href=\"/stories/{uid}\">{headline}</a></h3>\
                 <div class=\"meta\">{sources}</div><div class=\"meta\">{span}</div></div>\
                 <div><div class=\"size\">{n} {articles}</div>{chart}</div></li>",
                attrs = sdir.attrs(),
                id = esc(&doc.story.id),
                uid = url_part(&doc.story.id),
                headline = esc(&view.headline),
                sources = sources_line(doc, 4),
                span = span(view.first_published, view.last_published, sdir),
                n = doc.story.articles.len(),
                articles = sdir.say("articles", "مقالات"),
                chart = timeline(&times, 24, 140, 28, false),
            );
        }
        b.push_str("</ol>");
        // Pages.
        let limit = filter.limit.unwrap_or(LIST_PAGE).max(1);
        let offset = filter.offset.unwrap_or(0);
        let link = |off: usize| {
            let mut q = format!("/?offset={off}&limit={limit}");
            for (k, val) in [
                ("q", &filter.q),
                ("since", &filter.since),
                ("until", &filter.until),
            ] {
                if let Some(val) = val {
                    let _ = write!(q, "&{k}={}", url_part(val));
                }
            }
            if let Some(m) = filter.min_articles {
                let _ = write!(q, "&min_articles={m}");
            }
            esc(&q)
        };
        b.push_str("<nav class=\"pager\">");
        if offset > 0 {
            let _ = write!(
                b,
                "<a href=\"{}\">{}</a>",
                link(offset.saturating_sub(limit)),
                dir.say("← newer", "→ الأحدث")
            );
        }
        if offset + limit < total {
            let _ = write!(
                b,
                "<a href=\"{}\">{}</a>",
                link(offset + limit),
                dir.say("older →", "الأقدم ←")
            );
        }
        b.push_str("</nav>");
        Ok(page(dir.say("Stories", "القصص"), dir, &b))
    })
    .await
}

async fn story_page(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> Response {
    let id = match api::path(id) {
        Ok(id) => id,
        Err(e) => return error_page(e),
    };
    render(&state, "reading a story", move |archive| {
        let doc = archive
            .story(&id)
            .map_err(api::store_error("reading a story"))?
            .ok_or_else(|| ApiError::not_found(format!("no story {id:?}")))?;
        let view = &doc.story.view;
        let text_sample = format!("{} {}", view.headline, view.summary.join(" "));
        let dir = Dir::of(&text_sample);
        let mut members: Vec<StoredArticle> = Vec::with_capacity(doc.story.articles.len());
        for a in &doc.story.articles {
            if let Some(stored) = article_of(archive, a)? {
                members.push(stored);
            }
        }
        let times: Vec<DateTime<FixedOffset>> =
            members.iter().filter_map(|m| m.article.published).collect();
        let mut b = String::new();
        let _ = write!(
            b,
            "<article data-story=\"{}\"><h1>{}</h1><p class=\"meta\">{} {} · {} · {}</p>",
            esc(&doc.story.id),
            esc(&view.headline),
            doc.story.articles.len(),
            dir.say("articles", "مقالات"),
            sources_line(&doc, 6),
            span(view.first_published, view.last_published, dir),
        );
        if !times.is_empty() {
            let _ = write!(
                b,
                "<h2>{}</h2><div class=\"card\">{}</div>",
                dir.say("Timeline", "التسلسل الزمني"),
                timeline(&times, 48, 640, 110, true)
            );
        }
        if !view.summary.is_empty() {
            let _ = write!(
                b,
                "<h2>{}</h2><ul class=\"card\">",
                dir.say("Summary", "الملخص")
            );
            for sentence in &view.summary {
                let _ = write!(b, "<li dir=\"auto\">{}</li>", esc(sentence));
            }
            b.push_str("</ul>");
        }
        if !view.entities.is_empty() {
            let _ = write!(
                b,
                "<h2>{}</h2><p class=\"chips card\">",
                dir.say("Names", "الأسماء")
            );
            for e in &view.entities {
                let kind = e.kind.as_str();
                let _ = write!(
                    b,
                    "<span class=\"{k}\" title=\"{k}\">{} · {}</span> ",
                    esc(&e.name),
                    e.count,
                    k = esc(kind)
                );
            }
            b.push_str("</p>");
        }
        if !view.sources.is_empty() {
            let max = view.sources.iter().map(|s| s.count).max().unwrap_or(1).max(1);
            let _ = write!(
                b,
                "<h2>{}</h2><table class=\"card\">",
                dir.say("Sources", "المصادر")
            );
            for s in &view.sources {
                let _ = write!(
                    b,
                    "<tr><td>{}</td><td>{}</td><td style=\"width:50%\"><span class=\"bar\" style=\"width:{}%\"></span></td></tr>",
                    esc(&s.name),
                    s.count,
                    s.count * 100 / max
                );
            }
            b.push_str("</table>");
        }
        // Members, with their near-duplicate group.
        let mut group_of: HashMap<&str, usize> = HashMap::new();
        for (g, group) in doc.duplicates.iter().enumerate() {
            for id in group {
                group_of.insert(id.as_str(), g + 1);
            }
        }
        let _ = write!(
            b,
            "<h2>{}</h2><table class=\"card members\"><tr><th>id</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
            dir.say("Articles", "المقالات"),
            dir.say("source", "المصدر"),
            dir.say("published", "النشر"),
            dir.say("title", "العنوان"),
            dir.say("copies", "نسخ"),
        );
        for m in &members {
            let a = &m.article;
            let copies = group_of
                .get(a.id.as_str())
                .map(|g| format!("<span class=\"badge\" title=\"near-duplicate group\">≈{g}</span>"))
                .unwrap_or_default();
            let title = a.title.as_deref().unwrap_or("");
            let _ = write!(
                b,
                "<tr><td dir=\"ltr\"><a href=\"/articles/{}\">{}</a></td><td>{}</td><td dir=\"ltr\">{}</td><td {}>{}</td><td>{}</td></tr>",
                url_part(&a.id),
                esc(&a.id),
                esc(a.source.as_deref().unwrap_or("")),
                a.published.map(when).unwrap_or_default(),
                Dir::of(title).attrs(),
                esc(title),
                copies
            );
        }
        b.push_str("</table>");
        if !doc.reuse.is_empty() {
            let chars: HashMap<&str, usize> = members
                .iter()
                .map(|m| (m.article.id.as_str(), m.article.display_text.chars().count()))
                .collect();
            let _ = write!(
                b,
                "<h2>{}</h2><table class=\"card reuse\"><tr><th>{}</th><th>{}</th><th>{}</th><th></th></tr>",
                dir.say("Reused passages", "النصوص المشتركة"),
                dir.say("articles", "المقالتان"),
                dir.say("passages", "مقاطع"),
                dir.say("likely origin", "المصدر المرجح"),
            );
            for pair in &doc.reuse {
                let shared: usize = pair.passages.iter().map(|p| p.a_end.saturating_sub(p.a_start)).sum();
                let share = chars
                    .get(pair.a.as_str())
                    .filter(|&&n| n > 0)
                    .map(|&n| format!(" ({}%)", (shared * 100 / n).min(100)))
                    .unwrap_or_default();
                let _ = write!(
                    b,
                    "<tr><td dir=\"ltr\">{a} ↔ {bb}</td><td>{n}{share}</td><td dir=\"ltr\">{o}</td>\
                     <td><a class=\"reuse-link\" href=\"/reuse?a={ua}&amp;b={ub}\">{view}</a></td></tr>",
                    a = esc(&pair.a),
                    bb = esc(&pair.b),
                    n = pair.passages.len(),
                    o = esc(pair.origin.as_deref().unwrap_or("")),
                    ua = url_part(&pair.a),
                    ub = url_part(&pair.b),
                    view = dir.say("side by side", "جنبًا إلى جنب"),
                );
            }
            b.push_str("</table>");
        }
        b.push_str("</article>");
        Ok(page(&view.headline, dir, &b))
    })
    .await
}

/// The pairs of `doc` that involve `id`: (the other article, passages).
fn pairs_with<'a>(doc: &'a StoryDocument, id: &str) -> Vec<(&'a str, usize)> {
    doc.reuse
        .iter()
        .filter_map(|p| {
            if p.a == id {
                Some((p.b.as_str(), p.passages.len()))
            } else if p.b == id {
                Some((p.a.as_str(), p.passages.len()))
            } else {
                None
            }
        })
        .collect()
}

/// A link to `url` when it is http(s); its text otherwise.
fn outside_link(url: &str) -> String {
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        format!(
            "<a href=\"{u}\" rel=\"noopener noreferrer nofollow\" dir=\"ltr\">{u}</a>",
            u = esc(url)
        )
    } else {
        format!("<span dir=\"ltr\">{}</span>", esc(url))
    }
}

async fn article_page(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> Response {
    let id = match api::path(id) {
        Ok(id) => id,
        Err(e) => return error_page(e),
    };
    render(&state, "reading an article", move |archive| {
        let stored = article_of(archive, &id)?
            .ok_or_else(|| ApiError::not_found(format!("no article {id:?}")))?;
        let a = &stored.article;
        let title = a.title.clone().unwrap_or_else(|| a.id.clone());
        let dir = Dir::of(&format!("{title} {}", a.display_text.chars().take(400).collect::<String>()));
        let story = archive
            .story(&a.story_id)
            .map_err(api::store_error("reading a story"))?;
        let mut b = String::new();
        let _ = write!(
            b,
            "<article class=\"card\" data-article=\"{}\"><h1>{}</h1><p class=\"meta\">{} · {} · <span dir=\"ltr\">{}</span></p>",
            esc(&a.id),
            esc(&title),
            esc(a.source.as_deref().unwrap_or("")),
            a.published.map(when).unwrap_or_else(|| dir.say("undated", "دون تاريخ").into()),
            esc(&a.id),
        );
        if let Some(url) = &a.url {
            let _ = write!(b, "<p class=\"meta\">{}</p>", outside_link(url));
        }
        if let Some(doc) = &story {
            let _ = write!(
                b,
                "<p>{}: <a href=\"/stories/{}\" {}>{}</a> ({} {})</p>",
                dir.say("Story", "القصة"),
                url_part(&doc.story.id),
                Dir::of(&doc.story.view.headline).attrs(),
                esc(&doc.story.view.headline),
                doc.story.articles.len(),
                dir.say("articles", "مقالات"),
            );
        }
        let _ = write!(b, "<div class=\"text\">{}</div></article>", esc(&a.display_text));
        if let Some(doc) = &story {
            let pairs = pairs_with(doc, &a.id);
            if !pairs.is_empty() {
                let _ = write!(
                    b,
                    "<h2>{}</h2><ul class=\"card\">",
                    dir.say("Shares passages with", "يشترك في نصوص مع")
                );
                for (other, n) in pairs {
                    let _ = write!(
                        b,
                        "<li><a href=\"/reuse?a={}&amp;b={}\" dir=\"ltr\">{}</a> · {n} {}</li>",
                        url_part(&a.id),
                        url_part(other),
                        esc(other),
                        dir.say("passages", "مقاطع"),
                    );
                }
                b.push_str("</ul>");
            }
        }
        Ok(page(&title, dir, &b))
    })
    .await
}

/// The passages of `a` and `b`: the story's own reuse pair when there is
/// one (so the page agrees with the story), an alignment otherwise.
fn passages_of(
    archive: &Archive,
    a: &StoredArticle,
    b: &StoredArticle,
) -> Result<(Vec<Passage>, Option<String>), ApiError> {
    if a.article.story_id == b.article.story_id
        && let Some(doc) = archive
            .story(&a.article.story_id)
            .map_err(api::store_error("reading a story"))?
    {
        for pair in doc.reuse {
            if pair.a == a.article.id && pair.b == b.article.id {
                return Ok((pair.passages, pair.origin));
            }
            if pair.a == b.article.id && pair.b == a.article.id {
                let swapped = pair
                    .passages
                    .into_iter()
                    .map(|p| Passage {
                        a_start: p.b_start,
                        a_end: p.b_end,
                        b_start: p.a_start,
                        b_end: p.a_end,
                        text: String::new(),
                        score: p.score,
                    })
                    .collect();
                return Ok((swapped, pair.origin));
            }
        }
    }
    let aligned = api::align_stored(archive, &a.article.id, &b.article.id)?;
    Ok((aligned.passages, aligned.origin))
}

fn reuse_side(
    b: &mut String,
    stored: &StoredArticle,
    marks: &[(usize, usize, usize)],
    origin: bool,
    dir: Dir,
) {
    let a = &stored.article;
    let title = a.title.clone().unwrap_or_else(|| a.id.clone());
    let sdir = Dir::of(&a.display_text.chars().take(400).collect::<String>());
    let badge = if origin {
        format!(
            " <span class=\"badge\">{}</span>",
            dir.say("likely origin", "المصدر المرجح")
        )
    } else {
        String::new()
    };
    let _ = write!(
        b,
        "<section class=\"side\" {attrs} data-article=\"{id}\"><h2><a href=\"/articles/{uid}\">{t}</a>{badge}</h2>\
         <p class=\"meta\">{src} · {when} · <span dir=\"ltr\">{id}</span></p><div class=\"text\">{text}</div></section>",
        attrs = sdir.attrs(),
        id = esc(&a.id),
        uid = url_part(&a.id),
        t = esc(&title),
        src = esc(a.source.as_deref().unwrap_or("")),
        when = a.published.map(when).unwrap_or_default(),
        text = highlight(&a.display_text, marks),
    );
}

async fn reuse_page(
    State(state): State<AppState>,
    q: Result<Query<AlignQuery>, QueryRejection>,
) -> Response {
    let ids = api::query(q).and_then(api::align_ids);
    let (a, b) = match ids {
        Ok(ids) => ids,
        Err(e) => return error_page(e),
    };
    render(&state, "aligning", move |archive| {
        let missing = |id: &str| ApiError::not_found(format!("no article {id:?}"));
        let sa = article_of(archive, &a)?.ok_or_else(|| missing(&a))?;
        let sb = article_of(archive, &b)?.ok_or_else(|| missing(&b))?;
        let (passages, origin) = passages_of(archive, &sa, &sb)?;
        let dir = Dir::of(
            &sa.article
                .display_text
                .chars()
                .take(400)
                .collect::<String>(),
        );
        let marks_a: Vec<(usize, usize, usize)> = passages
            .iter()
            .enumerate()
            .map(|(n, p)| (p.a_start, p.a_end, n))
            .collect();
        let marks_b: Vec<(usize, usize, usize)> = passages
            .iter()
            .enumerate()
            .map(|(n, p)| (p.b_start, p.b_end, n))
            .collect();
        let shared_a: usize = passages
            .iter()
            .map(|p| p.a_end.saturating_sub(p.a_start))
            .sum();
        let shared_b: usize = passages
            .iter()
            .map(|p| p.b_end.saturating_sub(p.b_start))
            .sum();
        let pct = |shared: usize, text: &str| {
            let n = text.chars().count().max(1);
            (shared * 100 / n).min(100)
        };
        let mut h = String::new();
        let _ = write!(
            h,
            "<h1>{}</h1><p class=\"meta\" id=\"reuse-summary\" data-passages=\"{n}\">{n} {} · \
             <span dir=\"ltr\">{}: {}% · {}: {}%</span>{}</p><div class=\"pair\">",
            dir.say("Shared passages", "النصوص المشتركة"),
            dir.say(
                "passages; click one to find it in the other text",
                "مقاطع؛ انقر مقطعًا لتجده في النص الآخر"
            ),
            esc(&sa.article.id),
            pct(shared_a, &sa.article.display_text),
            esc(&sb.article.id),
            pct(shared_b, &sb.article.display_text),
            if passages.is_empty() {
                dir.say(" · nothing shared", " · لا نص مشتركًا")
            } else {
                ""
            },
            n = passages.len(),
        );
        reuse_side(
            &mut h,
            &sa,
            &marks_a,
            origin.as_deref() == Some(sa.article.id.as_str()),
            dir,
        );
        reuse_side(
            &mut h,
            &sb,
            &marks_b,
            origin.as_deref() == Some(sb.article.id.as_str()),
            dir,
        );
        h.push_str("</div>");
        let title = format!("{} ↔ {}", sa.article.id, sb.article.id);
        Ok(page(&title, dir, &h))
    })
    .await
}

async fn search_page(
    State(state): State<AppState>,
    q: Result<Query<SearchQuery>, QueryRejection>,
) -> Response {
    let q = match api::query(q) {
        Ok(q) => q,
        Err(e) => return error_page(e),
    };
    let text = q.q.unwrap_or_default();
    let limit = q.limit.unwrap_or(30).clamp(1, api::MAX_HITS);
    render(&state, "searching", move |archive| {
        let dir = if text.trim().is_empty() { Dir::AR } else { Dir::of(&text) };
        let mut b = String::new();
        let _ = write!(
            b,
            "<h1>{}</h1><form class=\"filters card\" action=\"/search\" method=\"get\">\
             <input name=\"q\" value=\"{}\" size=\"40\" autofocus aria-label=\"query\"> <button>{}</button>\
             <span class=\"meta\">{}</span></form>",
            dir.say("Search", "بحث"),
            esc(&text),
            dir.say("Search", "بحث"),
            dir.say(
                "all words must match; \"…\" for a phrase, -word to exclude; Arabic spelling variants match",
                "يجب أن تطابق كل الكلمات؛ \"…\" لعبارة، و-كلمة للاستبعاد؛ تتطابق صيغ الإملاء العربية"
            ),
        );
        if !text.trim().is_empty() {
            let hits = archive.search(&text, limit).map_err(api::store_error("searching"))?;
            let _ = write!(
                b,
                "<p class=\"meta\" id=\"count\">{} {}</p>",
                hits.len(),
                dir.say("articles", "مقالات")
            );
            b.push_str("<ol class=\"stories\">");
            for hit in &hits {
                let title = hit.title.clone().unwrap_or_else(|| hit.id.clone());
                // The store escaped the snippet and put the matches in <b>.
                let _ = write!(
                    b,
                    "<li class=\"card hit\" {}><h3><a href=\"/articles/{}\">{}</a></h3>\
                     <p class=\"snippet\">{}</p><p class=\"meta\"><span dir=\"ltr\">{}</span> · \
                     <a href=\"/stories/{}\">{} {}</a> · <span dir=\"ltr\">{:.2}</span></p></li>",
                    Dir::of(&format!("{title} {}", hit.snippet_html)).attrs(),
                    url_part(&hit.id),
                    esc(&title),
                    hit.snippet_html,
                    esc(&hit.id),
                    url_part(&hit.story_id),
                    dir.say("story", "القصة"),
                    esc(&hit.story_id),
                    hit.score,
                );
            }
            b.push_str("</ol>");
            if hits.is_empty() {
                let _ = write!(b, "<p class=\"empty\">{}</p>", dir.say("Nothing found.", "لا نتائج."));
            }
        }
        Ok(page(dir.say("Search", "بحث"), dir, &b))
    })
    .await
}
