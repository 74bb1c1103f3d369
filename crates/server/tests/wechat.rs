//! WeChat's JS-SDK: the server signs `wx.config` for the JS-safe domains only, with a cached
//! jsapi_ticket; the sandbox's `wx` checks the signature as WeChat's client does.

mod common;

use axum::http::StatusCode;
use common::{TestServer, seal_session};
use serde_json::json;

const PAGE: &str = "http://127.0.0.1:8080/scan?from=menu#top";

async fn js_config(server: &TestServer, url: &str) -> (StatusCode, serde_json::Value) {
    server
        .get_json(&format!(
            "/api/wechat/js-config?url={}",
            form_urlencoded::byte_serialize(url.as_bytes()).collect::<String>()
        ))
        .await
}

#[tokio::test]
async fn a_page_on_a_js_safe_domain_gets_a_configuration_that_wechat_accepts() {
    let server = TestServer::start().await;
    let (status, config) = js_config(&server, PAGE).await;
    assert_eq!(status, StatusCode::OK, "{config}");
    assert_eq!(config["appId"], "wx0000000000sandbox");
    assert_eq!(config["sdkUrl"], "/sandbox/wechat/jweixin.js");
    let check = |url: &str| {
        json!({"appId": config["appId"], "timestamp": config["timestamp"], "nonceStr": config["nonceStr"],
               "signature": config["signature"], "url": url})
    };
    // Signed for the page without its fragment, as WeChat's client checks it.
    let (_, verdict) = server
        .post_json(
            "/sandbox/wechat/verify",
            check("http://127.0.0.1:8080/scan?from=menu"),
        )
        .await;
    assert_eq!(verdict["ok"], true);
    let (_, verdict) = server
        .post_json(
            "/sandbox/wechat/verify",
            check("http://127.0.0.1:8080/home"),
        )
        .await;
    assert_eq!(verdict["ok"], false, "another page");
}

#[tokio::test]
async fn the_ticket_is_cached_until_five_minutes_before_it_expires() {
    let server = TestServer::start().await;
    js_config(&server, PAGE).await;
    let now = cloudsign_server::clock::Clock::now(server.state.clock.as_ref());
    let first = server
        .state
        .store
        .wechat_credential("wx0000000000sandbox", "jsapi_ticket", now)
        .await
        .unwrap()
        .unwrap();
    server.clock.advance(7200 - 301);
    js_config(&server, PAGE).await;
    let now = cloudsign_server::clock::Clock::now(server.state.clock.as_ref());
    let still = server
        .state
        .store
        .wechat_credential("wx0000000000sandbox", "jsapi_ticket", now)
        .await
        .unwrap();
    assert_eq!(
        still.as_deref(),
        Some(first.as_str()),
        "reused while it lasts"
    );
    server.clock.advance(2);
    js_config(&server, PAGE).await;
    let now = cloudsign_server::clock::Clock::now(server.state.clock.as_ref());
    let renewed = server
        .state
        .store
        .wechat_credential("wx0000000000sandbox", "jsapi_ticket", now)
        .await
        .unwrap();
    assert_ne!(
        renewed.as_deref(),
        Some(first.as_str()),
        "fetched anew near its end"
    );
}

#[tokio::test]
async fn another_origin_is_refused() {
    let server = TestServer::start().await;
    let (status, body) = js_config(&server, "https://evil.example/scan").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["message"], "该页面地址不在公众号的JS接口安全域名内");
    let (status, _) = js_config(&server, "javascript:alert(1)").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // Configured domains replace the sandbox's loopback allowance.
    let server = TestServer::with_config(|config| {
        config.wechat_js_origins = vec!["https://qs.example.cn".into()];
    })
    .await;
    let (status, _) = js_config(&server, "https://qs.example.cn/scan").await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = js_config(&server, PAGE).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_sandbox_scanner_reads_the_newest_waiting_sealing_code() {
    let server = TestServer::start().await;
    let (_, nothing) = server.get_json("/sandbox/wechat/scan").await;
    assert!(nothing["resultStr"].is_null());
    let (_, token) = seal_session(&server, "personal").await;
    let (_, scanned) = server.get_json("/sandbox/wechat/scan").await;
    assert!(
        scanned["resultStr"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/s/{token}")),
        "{scanned}"
    );
}

// ---- the official account over WeChat's HTTPS API (a stand-in on this machine) ----

mod official_account {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use axum::Json;
    use axum::extract::{Query, State};
    use axum::routing::get;
    use cloudsign_server::providers::official_account::OfficialAccount;
    use serde_json::{Value, json};

    use super::*;

    #[derive(Default)]
    struct WeChat {
        tokens: AtomicUsize,
        tickets: AtomicUsize,
        /// Answer 40001 (invalid token) to this many ticket requests first.
        reject_tokens: AtomicUsize,
    }

    async fn token(
        State(wechat): State<Arc<WeChat>>,
        Query(query): Query<std::collections::HashMap<String, String>>,
    ) -> Json<Value> {
        if query.get("secret").map(String::as_str) != Some("s3cret") {
            return Json(json!({"errcode": 40125, "errmsg": "invalid appsecret"}));
        }
        let n = wechat.tokens.fetch_add(1, Ordering::SeqCst) + 1;
        Json(json!({"access_token": format!("token-{n}"), "expires_in": 7200}))
    }

    async fn ticket(
        State(wechat): State<Arc<WeChat>>,
        Query(query): Query<std::collections::HashMap<String, String>>,
    ) -> Json<Value> {
        assert_eq!(query["type"], "jsapi");
        if wechat
            .reject_tokens
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok()
        {
            return Json(json!({"errcode": 40001, "errmsg": "invalid credential"}));
        }
        let n = wechat.tickets.fetch_add(1, Ordering::SeqCst) + 1;
        Json(
            json!({"errcode": 0, "errmsg": "ok", "ticket": format!("ticket-{n}-{}", query["access_token"]), "expires_in": 7200}),
        )
    }

    /// WeChat's API on a free loopback port; its address and its counters.
    async fn wechat(reject_tokens: usize) -> (String, Arc<WeChat>) {
        let wechat = Arc::new(WeChat::default());
        wechat.reject_tokens.store(reject_tokens, Ordering::SeqCst);
        let router = axum::Router::new()
            .route("/cgi-bin/token", get(token))
            .route("/cgi-bin/ticket/getticket", get(ticket))
            .with_state(wechat.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        (format!("http://{address}"), wechat)
    }

    async fn server_with(api_base: String, secret: &str) -> TestServer {
        let mut server = TestServer::with_config(|config| {
            config.wechat_js_origins = vec!["https://qs.example.cn".into()];
        })
        .await;
        server.state.wechat = Arc::new(OfficialAccount {
            app_id: "wx1234567890abcdef".into(),
            app_secret: secret.into(),
            api_base,
            store: server.state.store.clone(),
            clock: server.state.clock.clone(),
            http: reqwest::Client::new(),
        });
        server
    }

    #[tokio::test]
    async fn the_token_and_ticket_are_fetched_once_and_signed_with() {
        let (api, wechat) = wechat(0).await;
        let server = server_with(api, "s3cret").await;
        let (status, config) = js_config(&server, "https://qs.example.cn/scan").await;
        assert_eq!(status, StatusCode::OK, "{config}");
        assert_eq!(config["appId"], "wx1234567890abcdef");
        assert_eq!(
            config["sdkUrl"],
            "https://res.wx.qq.com/open/js/jweixin-1.6.0.js"
        );
        let expected = cloudsign_server::domain::wechat_js::signature(
            "ticket-1-token-1",
            config["nonceStr"].as_str().unwrap(),
            config["timestamp"].as_i64().unwrap(),
            "https://qs.example.cn/scan",
        );
        assert_eq!(config["signature"], expected.as_str());
        js_config(&server, "https://qs.example.cn/home").await;
        assert_eq!(
            wechat.tokens.load(Ordering::SeqCst),
            1,
            "the token is cached"
        );
        assert_eq!(
            wechat.tickets.load(Ordering::SeqCst),
            1,
            "the ticket is cached"
        );
    }

    #[tokio::test]
    async fn a_token_wechat_no_longer_accepts_is_fetched_again() {
        let (api, wechat) = wechat(1).await;
        let server = server_with(api, "s3cret").await;
        let (status, config) = js_config(&server, "https://qs.example.cn/scan").await;
        assert_eq!(status, StatusCode::OK, "{config}");
        assert_eq!(wechat.tokens.load(Ordering::SeqCst), 2);
        assert_eq!(wechat.tickets.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_wrong_secret_is_said_plainly_and_nothing_is_cached() {
        let (api, wechat) = wechat(0).await;
        let server = server_with(api, "wrong").await;
        let (status, body) = js_config(&server, "https://qs.example.cn/scan").await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
        assert_eq!(body["message"], "微信接口暂不可用");
        assert_eq!(wechat.tickets.load(Ordering::SeqCst), 0);
    }
}
