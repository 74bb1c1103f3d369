use cloudsign_contract::ErrorBody;
use cloudsign_contract::real_name::{
    IdCardSide, LivenessChallenge, LivenessSubmission, PhotoReceipt,
};
use cloudsign_contract::registration::RegistrationState;
use leptos::prelude::Callable;
use leptos::prelude::Callback;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, ProgressEvent, XmlHttpRequest};

use super::{ApiError, PublicApi};

impl PublicApi {
    /// Uploads one side of the ID card; `on_progress` hears the fraction sent (0.0 to 1.0).
    /// XMLHttpRequest, because fetch cannot report upload progress.
    pub async fn upload_id_photo(
        &self,
        registration_id: &str,
        side: IdCardSide,
        photo: &Blob,
        on_progress: Callback<f64>,
    ) -> Result<PhotoReceipt, ApiError> {
        let url = format!(
            "/api/registrations/{registration_id}/id-card/{}",
            side.as_str()
        );
        let xhr = XmlHttpRequest::new().map_err(|_| ApiError::Unexpected { status: 0 })?;
        xhr.open_with_async("PUT", &url, true)
            .map_err(|_| ApiError::Unexpected { status: 0 })?;
        let _ = xhr.set_request_header("Content-Type", "image/jpeg");
        let _ = xhr.set_request_header("Accept-Language", crate::i18n::locale().code());
        let progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |event: ProgressEvent| {
            if event.length_computable() && event.total() > 0.0 {
                on_progress.run(event.loaded() / event.total());
            }
        });
        if let Ok(upload) = xhr.upload() {
            upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
        }
        let done = js_sys::Promise::new(&mut |resolve, _| {
            xhr.set_onloadend(Some(&resolve));
        });
        xhr.send_with_opt_blob(Some(photo))
            .map_err(|_| ApiError::Offline)?;
        let _ = JsFuture::from(done).await;
        drop(progress);

        let status = xhr.status().unwrap_or(0);
        self.report(status != 0);
        let text = xhr.response_text().ok().flatten().unwrap_or_default();
        match status {
            0 => Err(ApiError::Offline),
            200..=299 => serde_json::from_str(&text).map_err(|_| ApiError::Unexpected { status }),
            _ => Err(serde_json::from_str::<ErrorBody>(&text)
                .map(ApiError::from_body)
                .unwrap_or(ApiError::Unexpected { status })),
        }
    }

    /// The prompts of a new liveness check.
    pub async fn liveness_challenge(
        &self,
        registration_id: &str,
    ) -> Result<LivenessChallenge, ApiError> {
        self.post(
            &format!("/registrations/{registration_id}/liveness/challenge"),
            &serde_json::json!({}),
        )
        .await
    }

    /// The captured frames; the answer is the registration, moved on when it passed.
    pub async fn submit_liveness(
        &self,
        registration_id: &str,
        submission: &LivenessSubmission,
    ) -> Result<RegistrationState, ApiError> {
        self.post(
            &format!("/registrations/{registration_id}/liveness"),
            submission,
        )
        .await
    }
}
