use cloudsign_contract::ErrorBody;
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::ApiError;
use crate::platform::connectivity::Connectivity;

/// Every path of the API starts here; the backend serves the app and the API from one origin.
const API_BASE: &str = "/api";

/// The calls anyone may make. Cheap to copy into closures.
#[derive(Clone, Copy, Default)]
pub struct PublicApi {
    connectivity: Option<Connectivity>,
}

impl PublicApi {
    /// A client that tells `connectivity` whether the server answered.
    pub fn new(connectivity: Connectivity) -> PublicApi {
        PublicApi {
            connectivity: Some(connectivity),
        }
    }

    pub(super) async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, &str)],
    ) -> Result<T, ApiError> {
        let request = builder(path).query(query.iter().copied());
        self.send(request.build()).await
    }

    pub(super) async fn post<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, ApiError> {
        self.send_json(gloo_net::http::Method::POST, path, body)
            .await
    }

    pub(super) async fn put<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, ApiError> {
        self.send_json(gloo_net::http::Method::PUT, path, body)
            .await
    }

    async fn send_json<B: Serialize, T: DeserializeOwned>(
        &self,
        method: gloo_net::http::Method,
        path: &str,
        body: &B,
    ) -> Result<T, ApiError> {
        self.send(builder(path).method(method).json(body)).await
    }

    /// A call on behalf of the person logged in: the session's bearer token goes with it.
    pub(super) async fn authorized<B: Serialize, T: DeserializeOwned>(
        &self,
        method: gloo_net::http::Method,
        path: &str,
        bearer: &Bearer,
        body: Option<&B>,
    ) -> Result<T, ApiError> {
        let request = builder(path)
            .method(method)
            .header("Authorization", &bearer.header());
        let request = match body {
            Some(body) => request.json(body),
            None => request.build(),
        };
        bearer.check(self.send(request).await)
    }

    /// As `authorized`, for calls that answer with no body (204).
    pub(super) async fn authorized_empty<B: Serialize>(
        &self,
        method: gloo_net::http::Method,
        path: &str,
        bearer: &Bearer,
        body: Option<&B>,
    ) -> Result<(), ApiError> {
        let request = builder(path)
            .method(method)
            .header("Authorization", &bearer.header());
        let request = match body {
            Some(body) => request.json(body),
            None => request.build(),
        };
        bearer.check(self.send_no_content(request).await)
    }

    /// As `authorized`, for a file (the invoice PDF): its bytes.
    pub(super) async fn authorized_bytes(
        &self,
        path: &str,
        bearer: &Bearer,
    ) -> Result<Vec<u8>, ApiError> {
        let request = builder(path)
            .header("Authorization", &bearer.header())
            .build()
            .map_err(|_| ApiError::Unexpected { status: 0 })?;
        let response = request.send().await;
        self.report(response.is_ok());
        let response = response.map_err(|_| ApiError::Offline)?;
        if response.ok() {
            return response.binary().await.map_err(|_| ApiError::Unexpected {
                status: response.status(),
            });
        }
        bearer.check(read::<Vec<u8>>(response).await)
    }

    /// A POST whose success has no body (204).
    pub(super) async fn post_no_content<B: Serialize>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<(), ApiError> {
        let request = builder(path)
            .method(gloo_net::http::Method::POST)
            .json(body);
        self.send_no_content(request).await
    }

    async fn send_no_content(
        &self,
        request: Result<Request, gloo_net::Error>,
    ) -> Result<(), ApiError> {
        let request = request.map_err(|_| ApiError::Unexpected { status: 0 })?;
        let response = request.send().await;
        self.report(response.is_ok());
        let response = response.map_err(|_| ApiError::Offline)?;
        if response.ok() {
            return Ok(());
        }
        read::<()>(response).await
    }

    /// Tells the connectivity whether the server answered at all.
    pub(super) fn report(&self, answered: bool) {
        if let Some(connectivity) = self.connectivity {
            connectivity.report_server(answered);
        }
    }

    async fn send<T: DeserializeOwned>(
        &self,
        request: Result<Request, gloo_net::Error>,
    ) -> Result<T, ApiError> {
        let request = request.map_err(|_| ApiError::Unexpected { status: 0 })?;
        let response = request.send().await;
        self.report(response.is_ok());
        read(response.map_err(|_| ApiError::Offline)?).await
    }
}

/// A session's bearer token, and who to tell when the server no longer knows it (401): the
/// one place that signs the person out.
#[derive(Clone)]
pub(super) struct Bearer {
    pub(super) token: String,
    pub(super) on_expired: leptos::prelude::Callback<()>,
}

impl Bearer {
    fn header(&self) -> String {
        format!("Bearer {}", self.token)
    }

    fn check<T>(&self, result: Result<T, ApiError>) -> Result<T, ApiError> {
        if let Err(err) = &result
            && err.code() == Some(cloudsign_contract::ErrorCode::Unauthorized)
        {
            leptos::prelude::Callable::run(&self.on_expired, ());
        }
        result
    }
}

fn url(path: &str) -> String {
    format!("{API_BASE}{path}")
}

/// Every request says the page's language, so that the server's messages match the screen.
fn builder(path: &str) -> RequestBuilder {
    RequestBuilder::new(&url(path)).header("Accept-Language", crate::i18n::locale().code())
}

async fn read<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let status = response.status();
    if response.ok() {
        return response
            .json::<T>()
            .await
            .map_err(|_| ApiError::Unexpected { status });
    }
    match response.json::<ErrorBody>().await {
        Ok(body) => Err(ApiError::from_body(body)),
        Err(_) => Err(ApiError::Unexpected { status }),
    }
}
