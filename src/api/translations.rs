use cloudsign_contract::i18n::Locale;
use gloo_net::http::Request;

use super::ApiError;
use crate::i18n::LanguageTexts;

/// The texts of `locale` (not Chinese, the source): the app's and the contract's
/// `locales/<tag>.json`, put in one file by the build (`scripts/locales.sh`). A static file, so
/// the service worker has it offline.
pub async fn translations(locale: Locale) -> Result<LanguageTexts, ApiError> {
    let response = Request::get(&format!("/locales/{}.json", locale.code()))
        .send()
        .await
        .map_err(|_| ApiError::Offline)?;
    if !response.ok() {
        return Err(ApiError::Unexpected {
            status: response.status(),
        });
    }
    response.json().await.map_err(|_| ApiError::Unexpected {
        status: response.status(),
    })
}
