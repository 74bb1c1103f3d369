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
        .wechat_ticket("wx0000000000sandbox", now)
        .await
        .unwrap()
        .unwrap();
    server.clock.advance(7200 - 301);
    js_config(&server, PAGE).await;
    let now = cloudsign_server::clock::Clock::now(server.state.clock.as_ref());
    let still = server
        .state
        .store
        .wechat_ticket("wx0000000000sandbox", now)
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
        .wechat_ticket("wx0000000000sandbox", now)
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
