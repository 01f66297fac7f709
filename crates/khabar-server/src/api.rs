//! The JSON API under `/v1`, and `/health`.
//!
//! Every handler reads the archive on tokio's blocking pool and answers a
//! bad request with a 4xx and `{"error": "..."}`. Writes go to the writer
//! thread (see `writer`).

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{DateTime, FixedOffset};
use khabar_archive::{Archive, Outcome, StoryDocument, Tally};
use khabar_dedup::Passage;
use khabar_ingest::{Article, ErrorReport, ReadOptions};
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::error::{ApiError, ErrorBody};

/// Stories per page when the request does not say.
pub const DEFAULT_PAGE: usize = 50;
/// Stories per page, at most.
pub const MAX_PAGE: usize = 500;
/// Search hits, at most.
pub const MAX_HITS: usize = 200;
/// Hits read to find the stories a query matches.
const STORY_QUERY_HITS: usize = 2_000;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/health", get(health))
        .route("/v1/articles", post(post_articles))
        .route("/v1/articles/{id}", get(get_article))
        .route("/v1/stories", get(list_stories))
        .route("/v1/stories/{id}", get(get_story))
        .route("/v1/search", get(search))
        .route("/v1/align", get(align))
        .route("/v1/openapi.json", get(crate::openapi::document))
}

/// Runs `f` on the archive on the blocking pool; a store error is a 500.
pub async fn read<T: Send + 'static>(
    state: &AppState,
    what: &'static str,
    f: impl FnOnce(&Archive) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let archive = std::sync::Arc::clone(&state.archive);
    tokio::task::spawn_blocking(move || f(&archive))
        .await
        .map_err(|e| ApiError::internal(what, e))?
}

/// A store error met while answering `what`.
pub fn store_error(what: &'static str) -> impl Fn(khabar_archive::Error) -> ApiError {
    move |e| ApiError::internal(what, e)
}

/// A path segment that does not decode is a 400.
pub fn path(p: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    p.map(|Path(id)| id)
        .map_err(|e| ApiError::bad_request(e.body_text()))
}

/// A query string that does not parse is a 400 naming the field.
pub fn query<T>(q: Result<Query<T>, QueryRejection>) -> Result<T, ApiError> {
    q.map(|Query(t)| t)
        .map_err(|e| ApiError::bad_request(e.body_text()))
}

/// `GET /health`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Health {
    /// `ok`.
    pub status: &'static str,
    /// Articles stored.
    pub articles: u64,
    /// The last committed batch (0 before the first).
    pub batch: u64,
}

/// The server is up and its store answers.
#[utoipa::path(get, path = "/health", responses((status = 200, body = Health)))]
pub async fn health(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    read(&state, "health", |archive| {
        let store = archive.store();
        let articles = store
            .article_count()
            .map_err(|e| ApiError::internal("health", e))?;
        let batch = store
            .last_batch()
            .map_err(|e| ApiError::internal("health", e))?;
        Ok(Json(Health {
            status: "ok",
            articles,
            batch,
        }))
    })
    .await
}

/// Filters and page of `GET /v1/stories` (and of the story list page).
#[derive(Debug, Default, Clone, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StoryFilter {
    /// Only stories with an article published at or after this time
    /// (`2015-07-21` or RFC 3339).
    pub since: Option<String>,
    /// Only stories with an article published at or before this time
    /// (`2015-07-21` means its end, or RFC 3339); undated stories are left
    /// out.
    pub until: Option<String>,
    /// Only stories with an article that matches this search query.
    pub q: Option<String>,
    /// Only stories with at least this many articles.
    pub min_articles: Option<usize>,
    /// Stories to skip (default 0).
    pub offset: Option<usize>,
    /// Stories to return (default 50, at most 500).
    pub limit: Option<usize>,
}

/// A page of stories.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct StoriesPage {
    /// Stories that pass the filters, in all pages.
    pub total: usize,
    /// Stories skipped.
    pub offset: usize,
    /// Page size.
    pub limit: usize,
    /// The stories document of DESIGN.md, latest first: `id`, `headline`,
    /// `articles`, `sources`, `first_published`, `last_published`,
    /// `summary`, `entities`, `duplicates`, `reuse`.
    #[schema(value_type = Vec<Object>)]
    pub stories: Vec<StoryDocument>,
}

/// A date (`2015-07-21`) or an RFC 3339 time; a date is its start, or its
/// end with `end_of_day`.
pub fn parse_time(
    field: &str,
    s: &str,
    end_of_day: bool,
) -> Result<DateTime<FixedOffset>, ApiError> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t);
    }
    let (h, m, sec) = if end_of_day { (23, 59, 59) } else { (0, 0, 0) };
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(h, m, sec))
        .map(|t| t.and_utc().fixed_offset())
        .ok_or_else(|| {
            ApiError::bad_request(format!(
                "{field}: {s:?} is not a date (2015-07-21) or an RFC 3339 time"
            ))
        })
}

/// The stories that pass `filter`, and how many pass in all.
pub fn filter_stories(
    archive: &Archive,
    filter: &StoryFilter,
) -> Result<(usize, Vec<StoryDocument>), ApiError> {
    let since = filter
        .since
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .map(|s| parse_time("since", s, false))
        .transpose()?;
    let until = filter
        .until
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .map(|s| parse_time("until", s, true))
        .transpose()?;
    let limit = filter.limit.unwrap_or(DEFAULT_PAGE).min(MAX_PAGE);
    let offset = filter.offset.unwrap_or(0);
    let matching: Option<HashSet<String>> = match filter.q.as_deref().map(str::trim) {
        Some(q) if !q.is_empty() => Some(
            archive
                .search(q, STORY_QUERY_HITS)
                .map_err(store_error("searching"))?
                .into_iter()
                .map(|h| h.story_id)
                .collect(),
        ),
        _ => None,
    };
    let min = filter.min_articles.unwrap_or(1);
    let stories: Vec<StoryDocument> = archive
        .stories(since)
        .map_err(store_error("listing stories"))?
        .into_iter()
        .filter(|s| s.story.articles.len() >= min)
        .filter(|s| match until {
            Some(t) => s.story.view.first_published.is_some_and(|f| f <= t),
            None => true,
        })
        .filter(|s| matching.as_ref().is_none_or(|m| m.contains(&s.story.id)))
        .collect();
    let total = stories.len();
    let page = stories.into_iter().skip(offset).take(limit).collect();
    Ok((total, page))
}

/// The stories, latest first, filtered and paged.
#[utoipa::path(get, path = "/v1/stories", params(StoryFilter),
    responses((status = 200, body = StoriesPage), (status = 400, body = ErrorBody)))]
pub async fn list_stories(
    State(state): State<AppState>,
    filter: Result<Query<StoryFilter>, QueryRejection>,
) -> Result<Json<StoriesPage>, ApiError> {
    let filter = query(filter)?;
    read(&state, "listing stories", move |archive| {
        let (total, stories) = filter_stories(archive, &filter)?;
        Ok(Json(StoriesPage {
            total,
            offset: filter.offset.unwrap_or(0),
            limit: filter.limit.unwrap_or(DEFAULT_PAGE).min(MAX_PAGE),
            stories,
        }))
    })
    .await
}

/// One story: headline, summary, entities, sources, time span, articles,
/// near-duplicates and reused passages (character offsets into each
/// article's display text).
#[utoipa::path(get, path = "/v1/stories/{id}", params(("id" = String, Path, description = "story id, `s1`, `s2`, …")),
    responses((status = 200, body = Object), (status = 404, body = ErrorBody)))]
pub async fn get_story(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let id = path(id)?;
    if let Some(json) = state.stories.get(&id) {
        return Ok(json_bytes(json));
    }
    let cache = Arc::clone(&state.stories);
    read(&state, "reading a story", move |archive| {
        // Taken before the read: a commit in between only makes a miss.
        let generation = cache.generation.load(Ordering::SeqCst);
        let doc = archive
            .story(&id)
            .map_err(store_error("reading a story"))?
            .ok_or_else(|| ApiError::not_found(format!("no story {id:?}")))?;
        let json = Bytes::from(
            serde_json::to_vec(&doc).map_err(|e| ApiError::internal("reading a story", e))?,
        );
        cache.put(id, generation, json.clone());
        Ok(json_bytes(json))
    })
    .await
}

fn json_bytes(json: Bytes) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            header::HeaderValue::from_static("application/json"),
        )],
        json,
    )
        .into_response()
}

/// Story documents as JSON, kept until the next commit: a story page read
/// a thousand times a second is serialized once per batch.
#[derive(Default)]
pub struct StoryCache {
    /// Goes up after every commit (the writer bumps it).
    pub generation: Arc<AtomicU64>,
    entries: Mutex<HashMap<String, (u64, Bytes)>>,
}

/// Stories cached at most; past it the cache starts over.
const STORY_CACHE: usize = 4096;

impl StoryCache {
    fn get(&self, id: &str) -> Option<Bytes> {
        let now = self.generation.load(Ordering::SeqCst);
        let entries = self.entries.lock().ok()?;
        entries
            .get(id)
            .filter(|(g, _)| *g == now)
            .map(|(_, json)| json.clone())
    }

    fn put(&self, id: String, generation: u64, json: Bytes) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= STORY_CACHE {
                let now = self.generation.load(Ordering::SeqCst);
                entries.retain(|_, (g, _)| *g == now);
                if entries.len() >= STORY_CACHE {
                    entries.clear();
                }
            }
            entries.insert(id, (generation, json));
        }
    }
}

/// A stored article.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ArticleBody {
    /// Its id.
    pub id: String,
    /// The story it belongs to.
    pub story: String,
    /// The outlet.
    pub source: Option<String>,
    /// Its address.
    pub url: Option<String>,
    /// Its headline.
    pub title: Option<String>,
    /// Publication time (RFC 3339).
    #[schema(value_type = Option<String>)]
    pub published: Option<DateTime<FixedOffset>>,
    /// Language tag as given.
    pub lang: Option<String>,
    /// The batch that stored it.
    pub batch: u64,
    /// The display text (what offsets point into).
    pub text: String,
}

impl ArticleBody {
    pub fn from_stored(stored: khabar_store::StoredArticle) -> ArticleBody {
        let a = stored.article;
        ArticleBody {
            id: a.id,
            story: a.story_id,
            source: a.source,
            url: a.url,
            title: a.title,
            published: a.published,
            lang: a.lang,
            batch: stored.batch,
            text: a.display_text,
        }
    }
}

/// One article, with its story and display text.
#[utoipa::path(get, path = "/v1/articles/{id}", params(("id" = String, Path, description = "article id")),
    responses((status = 200, body = ArticleBody), (status = 404, body = ErrorBody)))]
pub async fn get_article(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<ArticleBody>, ApiError> {
    let id = path(id)?;
    read(&state, "reading an article", move |archive| {
        archive
            .article(&id)
            .map_err(store_error("reading an article"))?
            .map(|a| Json(ArticleBody::from_stored(a)))
            .ok_or_else(|| ApiError::not_found(format!("no article {id:?}")))
    })
    .await
}

/// `GET /v1/search` parameters.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// Words to look for (all must match); `"..."` for a phrase, `-word`
    /// to exclude. Arabic spelling variants match.
    pub q: Option<String>,
    /// Hits to return (default 20, at most 200).
    pub limit: Option<usize>,
}

/// Search results.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SearchBody {
    /// The query as searched.
    pub query: String,
    /// Articles, best first: `id`, `story_id`, `title`, `score`,
    /// `snippet_html` (escaped, matches in `<b>`).
    #[schema(value_type = Vec<Object>)]
    pub hits: Vec<khabar_store::Hit>,
}

/// The articles that best match a query, with highlighted snippets.
#[utoipa::path(get, path = "/v1/search", params(SearchQuery),
    responses((status = 200, body = SearchBody), (status = 400, body = ErrorBody)))]
pub async fn search(
    State(state): State<AppState>,
    q: Result<Query<SearchQuery>, QueryRejection>,
) -> Result<Json<SearchBody>, ApiError> {
    let q = query(q)?;
    let text = q.q.unwrap_or_default();
    if text.trim().is_empty() {
        return Err(ApiError::bad_request("q: give words to search for"));
    }
    let limit = q.limit.unwrap_or(20).clamp(1, MAX_HITS);
    read(&state, "searching", move |archive| {
        let hits = archive
            .search(&text, limit)
            .map_err(store_error("searching"))?;
        Ok(Json(SearchBody { query: text, hits }))
    })
    .await
}

/// `GET /v1/align` parameters.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AlignQuery {
    /// The first article's id.
    pub a: Option<String>,
    /// The second article's id.
    pub b: Option<String>,
}

/// The passages two stored articles share.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AlignBody {
    /// The first article.
    pub a: String,
    /// The second article.
    pub b: String,
    /// The one published earlier, when both times are known and differ.
    pub origin: Option<String>,
    /// Shared passages: `a_start`, `a_end`, `b_start`, `b_end` (character
    /// offsets into each display text), `text`, `score`.
    #[schema(value_type = Vec<Object>)]
    pub passages: Vec<Passage>,
}

/// Aligns two stored articles; a missing one is a 404.
pub fn align_stored(archive: &Archive, a: &str, b: &str) -> Result<AlignBody, ApiError> {
    let get = |id: &str| -> Result<khabar_store::StoredArticle, ApiError> {
        archive
            .article(id)
            .map_err(store_error("reading an article"))?
            .ok_or_else(|| ApiError::not_found(format!("no article {id:?}")))
    };
    let (sa, sb) = (get(a)?, get(b)?);
    let passages = khabar_dedup::align(&sa.article.display_text, &sb.article.display_text);
    let origin = match (sa.article.published, sb.article.published) {
        (Some(x), Some(y)) if x < y => Some(sa.article.id.clone()),
        (Some(x), Some(y)) if y < x => Some(sb.article.id.clone()),
        _ => None,
    };
    Ok(AlignBody {
        a: sa.article.id,
        b: sb.article.id,
        origin,
        passages,
    })
}

/// The two ids of an align request, or a 400.
pub fn align_ids(q: AlignQuery) -> Result<(String, String), ApiError> {
    match (q.a, q.b) {
        (Some(a), Some(b)) if !a.is_empty() && !b.is_empty() => Ok((a, b)),
        _ => Err(ApiError::bad_request("give two article ids: ?a=ID&b=ID")),
    }
}

/// The passages two stored articles share.
#[utoipa::path(get, path = "/v1/align", params(AlignQuery),
    responses((status = 200, body = AlignBody), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn align(
    State(state): State<AppState>,
    q: Result<Query<AlignQuery>, QueryRejection>,
) -> Result<Json<AlignBody>, ApiError> {
    let (a, b) = align_ids(query(q)?)?;
    read(&state, "aligning", move |archive| {
        Ok(Json(align_stored(archive, &a, &b)?))
    })
    .await
}

/// The answer to `POST /v1/articles`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct IngestBody {
    /// The batch the articles went in, when any was stored.
    pub batch: Option<u64>,
    /// How many were stored.
    pub added: usize,
    /// How many were already stored (same id, or the same text from the
    /// same outlet).
    pub unchanged: usize,
    /// How many were refused by the pipeline.
    pub rejected: usize,
    /// One entry per article read, in request order: `id`, `status`
    /// (`added` with `story`, `new_story`, `duplicates`; `already_stored`
    /// with `story`; `same_text` with `of`, `story`; `rejected` with
    /// `error`).
    #[schema(value_type = Vec<Object>)]
    pub articles: Vec<Outcome>,
    /// Records that could not be read: `input`, `record` (1-based), `error`.
    #[schema(value_type = Vec<Object>)]
    pub errors: Vec<ErrorReport>,
}

/// How a request body holds its articles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyFormat {
    /// One JSON object, or a JSON array of them.
    Json,
    /// One JSON object per line.
    Jsonl,
}

/// The format a `Content-Type` announces; `None` for anything else
/// (a browser form cannot send these, so a page elsewhere cannot post).
pub fn body_format(headers: &HeaderMap) -> Option<BodyFormat> {
    let ct = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    let mime = ct.split(';').next()?.trim().to_ascii_lowercase();
    match mime.as_str() {
        "application/json" => Some(BodyFormat::Json),
        "application/x-ndjson"
        | "application/jsonl"
        | "application/x-jsonlines"
        | "application/jsonlines" => Some(BodyFormat::Jsonl),
        _ => None,
    }
}

/// Reads the articles of a request body, with the same per-record errors
/// as `khabar ingest`. A JSON body that holds several objects one after
/// another is read as JSONL. An article without an id gets `h` and a hash
/// of its text, so posting it again is a no-op.
pub fn read_body(
    bytes: &[u8],
    format: BodyFormat,
    opts: &ReadOptions,
) -> (Vec<Article>, Vec<ErrorReport>) {
    let jsonl = match format {
        BodyFormat::Jsonl => true,
        BodyFormat::Json => {
            let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
            first == Some(&b'{') && several_values(bytes)
        }
    };
    let (name, stem) = if jsonl {
        ("request.jsonl", "request")
    } else {
        ("request.json", "request")
    };
    let mut articles = Vec::new();
    let mut errors = Vec::new();
    for item in khabar_ingest::read_bytes(name, bytes, opts) {
        match item {
            Ok(mut article) => {
                if article.id == format!("{stem}:{}", article.origin.record) {
                    article.id = format!(
                        "h{:016x}",
                        xxhash_rust::xxh3::xxh3_64(article.text.as_bytes())
                    );
                }
                articles.push(article);
            }
            Err(e) => errors.push(e.to_report()),
        }
    }
    (articles, errors)
}

/// Whether `bytes` hold more than one JSON value one after another.
fn several_values(bytes: &[u8]) -> bool {
    let mut values =
        serde_json::Deserializer::from_slice(bytes).into_iter::<serde::de::IgnoredAny>();
    matches!((values.next(), values.next()), (Some(_), Some(_)))
}

/// Whether the request carries the write token (always, when none is set).
fn authorized(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(token) = &state.token else {
        return Ok(());
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    match given {
        Some(g) if same_secret(g.as_bytes(), token.as_bytes()) => Ok(()),
        Some(_) => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "wrong bearer token",
        )),
        None => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "writes need `Authorization: Bearer TOKEN`",
        )),
    }
}

/// Compares two secrets in time that depends only on their lengths.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Adds articles: one JSON object, a JSON array, or JSONL
/// (`Content-Type: application/x-ndjson`). Each article joins its story at
/// once. Answers each article's outcome, and each unreadable record.
#[utoipa::path(post, path = "/v1/articles",
    request_body(content = Object, description = "an article (`text` required; `id`, `title`, `url`, `source`, `published`, `lang`), an array of them, or JSONL", content_type = "application/json"),
    security(("bearer" = [])),
    responses((status = 200, body = IngestBody), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody)))]
pub async fn post_articles(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    authorized(&state, &headers)?;
    let format = body_format(&headers).ok_or_else(|| {
        ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send Content-Type: application/json (an article or an array) or \
             application/x-ndjson (one article per line)",
        )
    })?;
    // Over the body limit is a 413; the rejection says so.
    let bytes = body.map_err(|e| ApiError::new(e.status(), e.body_text()))?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::bad_request("empty body: send articles as JSON"));
    }
    let opts = ReadOptions {
        max_article_bytes: state.max_article_bytes,
        ..ReadOptions::default()
    };
    let (articles, errors) = read_body(&bytes, format, &opts);
    if articles.is_empty() {
        let first = errors
            .first()
            .map(|e| e.error.clone())
            .unwrap_or_else(|| "no article".into());
        let body = serde_json::json!({
            "error": format!("no article could be read: {first}"),
            "errors": errors,
        });
        return Ok((StatusCode::BAD_REQUEST, Json(body)).into_response());
    }
    let written = state
        .writer
        .ingest(articles)
        .await
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e))?;
    let tally = Tally::of(&written.outcomes);
    let body = IngestBody {
        batch: written.batch,
        added: tally.added,
        unchanged: tally.unchanged,
        rejected: tally.rejected,
        articles: written.outcomes,
        errors,
    };
    Ok(Json(body).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json_headers(ct: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::CONTENT_TYPE, ct.parse().expect("valid header"));
        h
    }

    #[test]
    fn content_type_picks_the_format_and_refuses_forms() {
        assert_eq!(
            body_format(&json_headers("application/json; charset=utf-8")),
            Some(BodyFormat::Json)
        );
        assert_eq!(
            body_format(&json_headers("application/x-ndjson")),
            Some(BodyFormat::Jsonl)
        );
        assert_eq!(
            body_format(&json_headers("application/x-www-form-urlencoded")),
            None
        );
        assert_eq!(body_format(&json_headers("text/plain")), None);
        assert_eq!(body_format(&HeaderMap::new()), None);
    }

    #[test]
    fn json_body_with_several_objects_is_read_as_lines() {
        let body = concat!(
            r#"{"id": "x1", "source": "سانا", "text": "قال وزير الخارجية إن المحادثات ستستأنف في جنيف."}"#,
            "\n",
            r#"{"text": "The talks will resume in Geneva next week, the minister said."}"#,
            "\n{broken\n"
        );
        let (articles, errors) =
            read_body(body.as_bytes(), BodyFormat::Json, &ReadOptions::default());
        let ids: Vec<&str> = articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids.len(), 2);
        assert_eq!(ids[0], "x1");
        // No id: a hash of the text, the same every time.
        assert!(ids[1].starts_with('h') && ids[1].len() == 17, "{ids:?}");
        let (again, _) = read_body(body.as_bytes(), BodyFormat::Json, &ReadOptions::default());
        assert_eq!(again[1].id, ids[1]);
        assert_eq!(errors.len(), 1);
        assert_eq!(
            (errors[0].input.as_str(), errors[0].record),
            ("request.jsonl", Some(3))
        );
    }

    #[test]
    fn json_array_and_single_object_are_read_as_json() {
        let one = r#"{"id": "a", "text": "ضرب زلزال بقوة خمس درجات محافظة بوشهر."}"#;
        let (articles, errors) =
            read_body(one.as_bytes(), BodyFormat::Json, &ReadOptions::default());
        assert_eq!((articles.len(), errors.len()), (1, 0));
        let array = r#"[{"id": "a", "text": "ضرب زلزال محافظة بوشهر."}, {"id": "b"}]"#;
        let (articles, errors) =
            read_body(array.as_bytes(), BodyFormat::Json, &ReadOptions::default());
        assert_eq!(articles.len(), 1);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].input, "request.json");
        assert!(errors[0].error.contains("no text"), "{:?}", errors[0]);
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret(b"s3cret-token", b"s3cret-token"));
        assert!(!same_secret(b"s3cret-token", b"s3cret-tokeN"));
        assert!(!same_secret(b"s3cret", b"s3cret-token"));
    }

    #[test]
    fn times_parse_as_dates_or_rfc3339() {
        let start = parse_time("since", "2015-07-21", false).expect("a date");
        let end = parse_time("until", "2015-07-21", true).expect("a date");
        assert_eq!(start.to_rfc3339(), "2015-07-21T00:00:00+00:00");
        assert_eq!(end.to_rfc3339(), "2015-07-21T23:59:59+00:00");
        assert!(parse_time("since", "2015-07-21T10:00:00+03:00", false).is_ok());
        let err = parse_time("since", "yesterday", false).expect_err("not a date");
        assert_eq!(err.status, StatusCode::BAD_REQUEST);
        assert!(err.message.starts_with("since:"));
    }
}
