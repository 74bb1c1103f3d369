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

/// Runs `count` futures made by `task`, each on its own task, released together by a barrier
/// (on the multi-thread runtime they really run in parallel); answers their results in order.
pub async fn at_once<T, Work>(count: usize, task: impl Fn(usize) -> Work) -> Vec<T>
where
    Work: std::future::Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    let start = Arc::new(tokio::sync::Barrier::new(count));
    let tasks: Vec<_> = (0..count)
        .map(|n| {
            let (start, work) = (start.clone(), task(n));
            tokio::spawn(async move {
                start.wait().await;
                work.await
            })
        })
        .collect();
    let mut results = Vec::with_capacity(count);
    for task in tasks {
        results.push(task.await.unwrap());
    }
    results
}

impl TestServer {
    /// Opens `count` of the database pool's connections, so that requests sent at once then run
    /// at once rather than one after another while their connections open.
    pub async fn open_connections(&self, count: usize) {
        let held = at_once(count, |_| {
            let store = self.state.store.clone();
            async move {
                store
                    .hold_connection(std::time::Duration::from_millis(50))
                    .await
            }
        })
        .await;
        for result in held {
            result.unwrap();
        }
    }

    /// Sends every request at the same moment from its own task (the test must run on the
    /// multi-thread runtime so that they really run in parallel); answers in the same order.
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
