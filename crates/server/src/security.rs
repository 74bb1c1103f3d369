//! Response headers that limit what a page can do if something slips through: the app's
//! Content-Security-Policy (exactly what the SPA needs), `nosniff`, a referrer policy and a
//! permissions policy (the camera for this origin only), and the endpoint where browsers report
//! what the policy blocked.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use sha2::{Digest, Sha256};

use crate::AppState;

/// Where browsers send CSP violation reports.
pub const REPORT_PATH: &str = "/api/csp-report";
/// Reports kept for the sandbox's `GET /sandbox/csp-reports` (the oldest are dropped).
const KEPT_REPORTS: usize = 200;

/// The policy of the SPA's pages and scripts. `'wasm-unsafe-eval'` lets the app (and the
/// scanner's worker) compile WebAssembly and nothing else; trunk's inline bootstrap script is
/// allowed by its hash only; the WeChat JS-SDK is the one outside script (mini-program web-view).
pub fn app_policy(inline_script_hashes: &[String]) -> String {
    let hashes: String = inline_script_hashes
        .iter()
        .map(|hash| format!(" 'sha256-{hash}'"))
        .collect();
    format!(
        "default-src 'self'; \
         script-src 'self' 'wasm-unsafe-eval'{hashes} https://res.wx.qq.com; \
         worker-src 'self'; \
         style-src 'self' 'unsafe-inline'; \
         img-src 'self' data: blob:; \
         media-src 'self' blob:; \
         connect-src 'self'; \
         font-src 'self'; \
         manifest-src 'self'; \
         object-src 'none'; \
         base-uri 'none'; \
         form-action 'self'; \
         frame-ancestors 'self'; \
         report-uri {REPORT_PATH}"
    )
}

/// JSON answers are never rendered: they may do nothing at all.
const API_POLICY: &str = "default-src 'none'; frame-ancestors 'none'";
/// The sandbox's pages: inline styles, QR codes as data: images, forms to themselves.
const SANDBOX_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; \
     form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// `strict-origin-when-cross-origin` and not `no-referrer`: WeChat Pay's H5 cashier checks that
/// the Referer's origin is the merchant's registered domain.
const REFERRER_POLICY: &str = "strict-origin-when-cross-origin";
const PERMISSIONS_POLICY: &str =
    "camera=(self), microphone=(), geolocation=(), payment=(), usb=(), display-capture=()";

/// Adds the headers every answer carries, and the policy of the API and the sandbox (the SPA
/// sets its own, which depends on the build).
pub async fn headers(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static(REFERRER_POLICY),
    );
    headers.insert(
        "permissions-policy",
        HeaderValue::from_static(PERMISSIONS_POLICY),
    );
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        let policy = if path.starts_with("/sandbox/") {
            SANDBOX_POLICY
        } else {
            API_POLICY
        };
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(policy),
        );
    }
    response
}

/// The SHA-256 (base64) of every inline `<script>` of an HTML page.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(tag_end) = after.find('>') else {
            break;
        };
        let tag = &after[..tag_end];
        let body_and_more = &after[tag_end + 1..];
        let Some(close) = body_and_more.find("</script>") else {
            break;
        };
        if !tag.contains(" src=") {
            let digest = Sha256::digest(&body_and_more.as_bytes()[..close]);
            hashes.push(base64::engine::general_purpose::STANDARD.encode(digest));
        }
        rest = &body_and_more[close..];
    }
    hashes
}

/// The app's policy for the build in `dist`, read again only when index.html changes.
pub fn policy_for_build(dist: &Path) -> String {
    static CACHE: Mutex<Option<(PathBuf, Option<SystemTime>, String)>> = Mutex::new(None);
    let index = dist.join("index.html");
    let modified = std::fs::metadata(&index).and_then(|m| m.modified()).ok();
    let mut cache = CACHE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((path, when, policy)) = cache.as_ref()
        && path == &index
        && *when == modified
    {
        return policy.clone();
    }
    let html = std::fs::read_to_string(&index).unwrap_or_default();
    let policy = app_policy(&inline_script_hashes(&html));
    *cache = Some((index, modified, policy.clone()));
    policy
}

/// `POST /api/csp-report`: a browser's report of what the policy blocked. Logged, and kept
/// (the latest few) for the sandbox to show.
#[utoipa::path(
    post,
    path = "/api/csp-report",
    tag = "operations",
    summary = "A browser's Content-Security-Policy violation report",
    request_body(content = String, content_type = "application/csp-report"),
    responses((status = 204, description = "Kept"), crate::openapi::Failures)
)]
pub async fn report(State(state): State<AppState>, body: String) -> StatusCode {
    let report: String = body.chars().take(2000).collect();
    tracing::warn!(%report, "Content-Security-Policy violation reported");
    let mut kept = state
        .csp_reports
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if kept.len() >= KEPT_REPORTS {
        kept.remove(0);
    }
    kept.push(report);
    StatusCode::NO_CONTENT
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_hashed_and_external_ones_are_not() {
        let html = r#"<head><script type="module">import init from '/app.js';init();</script>
            <script src="/x.js"></script><script>b()</script></head>"#;
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 2);
        let expected = base64::engine::general_purpose::STANDARD
            .encode(Sha256::digest(b"import init from '/app.js';init();"));
        assert_eq!(hashes[0], expected);
        let policy = app_policy(&hashes);
        assert!(policy.contains(&format!("'sha256-{expected}'")));
        assert!(policy.contains("'wasm-unsafe-eval'"));
        assert!(!policy.contains("'unsafe-eval'"));
        assert!(!policy.contains("script-src 'self' 'unsafe-inline'"));
    }
}
