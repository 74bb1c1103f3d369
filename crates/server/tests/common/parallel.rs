//! Requests that really run at once, and who sends them.

#![allow(dead_code)]

use super::*;

/// A JSON request, optionally from a client address (as the server sees a socket's peer).
pub fn json_request(
    method: &str,
    uri: &str,
    body: &Value,
    from: Option<std::net::SocketAddr>,
) -> Request<Body> {
    let mut request = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    if let Some(address) = from {
        request
            .extensions_mut()
            .insert(axum::extract::ConnectInfo(address));
    }
    request
}

/// A client address for the rate limits.
pub fn client(last_octet: u8) -> Option<std::net::SocketAddr> {
    Some(std::net::SocketAddr::from((
        [203, 0, 113, last_octet],
        40_000,
    )))
}

impl TestServer {
    /// Sends every request at the same moment from its own task (the test must run on the
    /// multi-thread runtime so that they really run in parallel); answers in the same order.
    /// Opens `count` of the database pool's connections, so that requests sent at once then run
    /// at once rather than one after another while their connections open.
    pub async fn open_connections(&self, count: usize) {
        let start = Arc::new(tokio::sync::Barrier::new(count));
        let pings: Vec<_> = (0..count)
            .map(|_| {
                let (store, start) = (self.state.store.clone(), start.clone());
                tokio::spawn(async move {
                    start.wait().await;
                    store
                        .hold_connection(std::time::Duration::from_millis(50))
                        .await
                })
            })
            .collect();
        for ping in pings {
            ping.await.unwrap().unwrap();
        }
    }

    pub async fn parallel(&self, requests: Vec<Request<Body>>) -> Vec<(StatusCode, Value)> {
        let start = Arc::new(tokio::sync::Barrier::new(requests.len()));
        let tasks: Vec<_> = requests
            .into_iter()
            .map(|request| {
                let (router, start) = (self.router(), start.clone());
                tokio::spawn(async move {
                    start.wait().await;
                    let response = router.oneshot(request).await.unwrap();
                    let status = response.status();
                    let bytes = response.into_body().collect().await.unwrap().to_bytes();
                    (
                        status,
                        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
                    )
                })
            })
            .collect();
        let mut answers = Vec::with_capacity(tasks.len());
        for task in tasks {
            answers.push(task.await.unwrap());
        }
        answers
    }
}

/// How many answers have this status.
pub fn count(answers: &[(StatusCode, Value)], status: StatusCode) -> usize {
    answers.iter().filter(|(s, _)| *s == status).count()
}
