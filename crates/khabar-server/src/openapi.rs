//! The OpenAPI document of the JSON API, served at `/v1/openapi.json`
//! (generated from the handlers by utoipa; no viewer, nothing from a CDN).

use axum::Json;
use utoipa::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};

use crate::api;
use crate::error::ErrorBody;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "khabar",
        description = "News stories from many outlets, Arabic first: articles in, stories, \
                       near-duplicates and reused passages out. Offsets are character \
                       (Unicode scalar) offsets into each article's display text."
    ),
    paths(
        api::health,
        api::post_articles,
        api::list_stories,
        api::get_story,
        api::get_article,
        api::search,
        api::align
    ),
    components(schemas(
        ErrorBody,
        api::Health,
        api::StoriesPage,
        api::ArticleBody,
        api::SearchBody,
        api::AlignBody,
        api::IngestBody
    )),
    modifiers(&BearerToken)
)]
struct ApiDoc;

/// Declares the bearer token that writes need.
struct BearerToken;

impl utoipa::Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The document as a value.
pub fn openapi() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// `GET /v1/openapi.json`.
pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(openapi())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_lists_every_route() {
        let doc = serde_json::to_value(openapi()).expect("serializes");
        let paths = doc["paths"].as_object().expect("paths");
        for p in [
            "/health",
            "/v1/articles",
            "/v1/articles/{id}",
            "/v1/stories",
            "/v1/stories/{id}",
            "/v1/search",
            "/v1/align",
        ] {
            assert!(paths.contains_key(p), "{p} missing from {:?}", paths.keys());
        }
        assert!(doc["paths"]["/v1/articles"]["post"].is_object());
        assert_eq!(
            doc["components"]["securitySchemes"]["bearer"]["scheme"],
            "bearer"
        );
    }
}
