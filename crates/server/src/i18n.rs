//! Each answer in the language its request asked for (`Accept-Language`; zh-CN unless English
//! is preferred). Messages are written as `tr!("中文…")` wherever they are made, deep in the
//! services, so the request's language travels with the request's task instead of through
//! every signature; the contract's rule messages read it too (`set_locale_source`).

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::http::header::{ACCEPT_LANGUAGE, CONTENT_LANGUAGE, VARY};
use axum::middleware::Next;
use axum::response::Response;
use cloudsign_contract::i18n::Locale;

tokio::task_local! {
    static REQUEST_LOCALE: Locale;
}

/// The language of the request being handled; Chinese outside of one (background work).
pub fn current() -> Locale {
    REQUEST_LOCALE
        .try_with(|locale| *locale)
        .unwrap_or_default()
}

/// Makes texts follow `current` in this crate and in the contract's rules. Idempotent.
pub fn install() {
    cloudsign_contract::i18n::set_locale_source(current);
}

/// Middleware: handles the request in its language and says so in the answer.
pub async fn request_locale(request: Request, next: Next) -> Response {
    let locale = request
        .headers()
        .get(ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok())
        .map(Locale::from_accept_language)
        .unwrap_or_default();
    let mut response = REQUEST_LOCALE.scope(locale, next.run(request)).await;
    let headers = response.headers_mut();
    headers.append(VARY, HeaderValue::from_static("accept-language"));
    headers.insert(CONTENT_LANGUAGE, HeaderValue::from_static(locale.code()));
    response
}

/// A stored text that is configuration (a product's name), in the request's language when it
/// has a translation, as it is otherwise.
pub fn stored_text(text: &str) -> String {
    crate::_rust_i18n_try_translate(current().code(), text)
        .map(|t| t.into_owned())
        .unwrap_or_else(|| text.to_owned())
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_message_has_english_with_the_same_placeholders() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let problems = cloudsign_contract::i18n::translation_problems(&dir, |locale, key| {
            crate::_rust_i18n_try_translate(locale, key).map(|t| t.into_owned())
        });
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        assert!(cloudsign_contract::i18n::keys_in_sources(&dir).len() > 60);
        // Configured names are looked up at run time, so they are not in the sources' keys.
        for name in [
            crate::domain::orgs::PRODUCT_NAME,
            crate::services::renewal::RENEWAL_PRODUCT,
            "投标人",
            "招标人",
            "招标代理机构",
            "供应商",
            "评标专家",
        ] {
            assert!(
                crate::_rust_i18n_try_translate("en", name).is_some(),
                "{name}"
            );
        }
    }
}
