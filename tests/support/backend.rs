//! The test's own requests to the backend: the API and the sandboxes' outboxes.

use std::time::{Duration, Instant};

use serde_json::Value;

use super::{Harness, WAIT};

impl Harness {
    /// GET a backend path from the test itself (the sandbox endpoints, for example).
    pub async fn get_json(&self, path: &str) -> Value {
        use http_body_util::{BodyExt, Empty};
        use hyper_util::client::legacy::Client as HttpClient;
        use hyper_util::rt::TokioExecutor;
        let client =
            HttpClient::builder(TokioExecutor::new()).build_http::<Empty<hyper::body::Bytes>>();
        let response = client
            .get(self.url(path).parse().unwrap())
            .await
            .expect("the backend answers");
        let body = response.into_body().collect().await.unwrap().to_bytes();
        serde_json::from_slice(&body).expect("a JSON answer")
    }

    /// Sends a request from the test itself; answers (status, body as JSON or a JSON string).
    pub async fn send(
        &self,
        method: &str,
        path: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> (u16, Value) {
        use http_body_util::{BodyExt, Full};
        use hyper_util::client::legacy::Client as HttpClient;
        use hyper_util::rt::TokioExecutor;
        let client =
            HttpClient::builder(TokioExecutor::new()).build_http::<Full<hyper::body::Bytes>>();
        let request = hyper::Request::builder()
            .method(method)
            .uri(self.url(path))
            .header("content-type", content_type)
            .body(Full::new(hyper::body::Bytes::from(body)))
            .unwrap();
        let response = client.request(request).await.expect("the backend answers");
        let status = response.status().as_u16();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        let value = serde_json::from_slice(&body)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&body).into_owned()));
        (status, value)
    }

    /// A JSON request with a session's bearer token; the answer must be a success.
    pub async fn send_json_authorized(
        &self,
        method: &str,
        path: &str,
        token: &str,
        body: Value,
    ) -> Value {
        use http_body_util::{BodyExt, Full};
        use hyper_util::client::legacy::Client as HttpClient;
        use hyper_util::rt::TokioExecutor;
        let client =
            HttpClient::builder(TokioExecutor::new()).build_http::<Full<hyper::body::Bytes>>();
        let request = hyper::Request::builder()
            .method(method)
            .uri(self.url(path))
            .header("authorization", format!("Bearer {token}"))
            .header("content-type", "application/json")
            .body(Full::new(hyper::body::Bytes::from(body.to_string())))
            .unwrap();
        let response = client.request(request).await.expect("the backend answers");
        let status = response.status().as_u16();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        let answer = serde_json::from_slice(&body).unwrap_or(Value::Null);
        assert!(
            (200..300).contains(&status),
            "{method} {path}: {status} {answer}"
        );
        answer
    }

    /// A request with a session's bearer token and no body.
    pub async fn send_authorized(&self, method: &str, path: &str, token: &str) -> (u16, Value) {
        use http_body_util::{BodyExt, Empty};
        use hyper_util::client::legacy::Client as HttpClient;
        use hyper_util::rt::TokioExecutor;
        let client =
            HttpClient::builder(TokioExecutor::new()).build_http::<Empty<hyper::body::Bytes>>();
        let request = hyper::Request::builder()
            .method(method)
            .uri(self.url(path))
            .header("authorization", format!("Bearer {token}"))
            .body(Empty::new())
            .unwrap();
        let response = client.request(request).await.expect("the backend answers");
        let status = response.status().as_u16();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
    }

    pub async fn send_json(&self, method: &str, path: &str, body: Value) -> Value {
        let (status, answer) = self
            .send(
                method,
                path,
                "application/json",
                body.to_string().into_bytes(),
            )
            .await;
        assert!(
            (200..300).contains(&status),
            "{method} {path}: {status} {answer}"
        );
        answer
    }

    /// The person at the desktop chooses sample `documents` and the `seal` on the sandbox
    /// sealing client's page (which opens the session through the sealing-client API):
    /// (that page's path, the QR code's text).
    pub async fn seal_session(&self, documents: &[&str], seal: &str) -> (String, String) {
        use hyper_util::client::legacy::Client as HttpClient;
        use hyper_util::rt::TokioExecutor;
        let mut form = form_urlencoded::Serializer::new(String::new());
        for document in documents {
            form.append_pair("doc", document);
        }
        let form = form.append_pair("seal", seal).finish();
        let client = HttpClient::builder(TokioExecutor::new())
            .build_http::<http_body_util::Full<hyper::body::Bytes>>();
        let request = hyper::Request::post(self.url("/sandbox/seal-client/start"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(http_body_util::Full::new(hyper::body::Bytes::from(form)))
            .unwrap();
        let response = client.request(request).await.expect("the backend answers");
        assert_eq!(response.status().as_u16(), 303, "the session opens");
        let page = response.headers()["location"].to_str().unwrap().to_owned();
        let query = page
            .split_once('?')
            .map(|(_, query)| query)
            .unwrap_or_default();
        let qr_text = form_urlencoded::parse(query.as_bytes())
            .find(|(key, _)| key == "qr")
            .map(|(_, value)| value.into_owned())
            .expect("the page carries its QR text");
        (page, qr_text)
    }

    /// The newest code the SMS sandbox holds for `phone` and `purpose`, waiting for it to arrive
    /// (the page may show its countdown a moment before the outbox is read).
    pub async fn sms_code(&self, phone: &str, purpose: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let outbox = self.get_json(&format!("/sandbox/sms?phone={phone}")).await;
            if let Some(code) = outbox
                .as_array()
                .and_then(|messages| messages.iter().find(|m| m["purpose"] == purpose))
                .and_then(|m| m["code"].as_str())
            {
                return code.to_owned();
            }
            assert!(
                Instant::now() < deadline,
                "no {purpose} code for {phone}: {outbox}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}
