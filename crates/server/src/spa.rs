//! Serves trunk's `dist/`: hashed assets cached for a year, the entry points never cached, and
//! client routes (`/login`, `/orgs` …) answered with index.html so a reload works anywhere.
//! The build leaves `.br` and `.gz` copies beside each file, served to browsers that take them.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::ServeDir;

use crate::AppState;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";
const SHORT: &str = "public, max-age=3600";

pub async fn serve(State(state): State<AppState>, request: Request) -> Response {
    let path = request.uri().path().to_owned();
    let dist = &state.config.dist;
    let files = ServeDir::new(dist).precompressed_br().precompressed_gzip();
    let response = match files.oneshot(request).await {
        Ok(response) => response.map(Body::new),
        Err(never) => match never {},
    };
    let mut response = if response.status() == StatusCode::NOT_FOUND && is_client_route(&path) {
        index_html(dist).await
    } else {
        response
    };
    let policy = if response.status().is_success() {
        cache_policy(&path)
    } else {
        "no-store"
    };
    let content_policy = crate::security::policy_for_build(dist);
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    // On every file, not only the pages: a worker runs under its own script's policy.
    if let Ok(value) = HeaderValue::from_str(&content_policy) {
        headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    // One URL answers with brotli, gzip or plain bytes: caches must keep them apart.
    if !headers.contains_key(header::VARY) {
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}

async fn index_html(dist: &std::path::Path) -> Response {
    match tokio::fs::read_to_string(dist.join("index.html")).await {
        Ok(html) => Html(html).into_response(),
        Err(err) => {
            tracing::error!(dist = %dist.display(), error = %err, "index.html missing: build the SPA first");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Html("<meta charset=utf-8><p>云签署前端尚未构建。</p>"),
            )
                .into_response()
        }
    }
}

/// A path whose last segment has no dot is a route of the SPA, not a file.
fn is_client_route(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or("");
    !last.contains('.') && !path.starts_with("/api/") && !path.starts_with("/sandbox/")
}

fn cache_policy(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or("");
    if name.is_empty()
        || is_client_route(path)
        || name.ends_with(".html")
        || name == "sw.js"
        || name.ends_with(".webmanifest")
    {
        REVALIDATE
    } else if is_hashed(name) {
        IMMUTABLE
    } else if name.ends_with(".js") || name.ends_with(".wasm") || name.ends_with(".json") {
        // Code without a hash in its name (the scanner's worker), and the translations the code
        // names by key (`/locales/en.json`): a new build must show at once.
        REVALIDATE
    } else {
        SHORT
    }
}

/// trunk names what it builds `stem-<hash>.ext` or `stem-<hash>_bg.wasm`, the hash being a
/// 64-bit value in lower-case hex (leading zeros dropped).
fn is_hashed(name: &str) -> bool {
    let Some((_, after_dash)) = name.rsplit_once('-') else {
        return false;
    };
    let hash: &str = after_dash.split(['.', '_']).next().unwrap_or("");
    (8..=16).contains(&hash.len())
        && hash
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_assets_are_immutable_and_entry_points_revalidate() {
        assert_eq!(
            cache_policy("/cloudsign-app-6d0f9b1a2c3e4f50_bg.wasm"),
            IMMUTABLE
        );
        assert_eq!(
            cache_policy("/cloudsign-app-6d0f9b1a2c3e4f50.js"),
            IMMUTABLE
        );
        assert_eq!(cache_policy("/main-a1b2c3d4e5f6a7b8.css"), IMMUTABLE);
        assert_eq!(cache_policy("/"), REVALIDATE);
        assert_eq!(cache_policy("/index.html"), REVALIDATE);
        assert_eq!(cache_policy("/sw.js"), REVALIDATE);
        assert_eq!(cache_policy("/manifest.webmanifest"), REVALIDATE);
        assert_eq!(cache_policy("/login"), REVALIDATE);
        assert_eq!(cache_policy("/locales/en.json"), REVALIDATE);
        assert_eq!(cache_policy("/icons/icon-192.png"), SHORT);
        assert_eq!(cache_policy("/terms-of-service.html"), REVALIDATE);
    }

    #[test]
    fn only_extensionless_paths_are_client_routes() {
        assert!(is_client_route("/"));
        assert!(is_client_route("/login"));
        assert!(is_client_route("/orders/42"));
        assert!(!is_client_route("/missing-0123456789abcdef.wasm"));
        assert!(!is_client_route("/api/nothing"));
        assert!(!is_client_route("/sandbox/sms"));
    }
}
