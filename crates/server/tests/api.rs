//! The backend through its router, with `oneshot`, on a temporary database.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use cloudsign_contract::auth::LookupResponse;
use cloudsign_contract::rules::Phone;
use cloudsign_contract::{ErrorCode, Money, OrgList};
use cloudsign_server::store::NewUser;
use cloudsign_server::{AppState, Config};
use common::{TestServer, error};
use http_body_util::BodyExt;
use serde_json::json;
use tempfile::TempDir;
use tower::ServiceExt;

#[tokio::test]
async fn health_answers() {
    let server = TestServer::start().await;
    let (status, body) = server.get_json("/api/health").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "ok");
}

#[tokio::test]
async fn the_org_list_includes_huizhou_with_the_default_fee() {
    let server = TestServer::start().await;
    let (status, body) = server.get_json("/api/orgs").await;
    assert_eq!(status, StatusCode::OK);
    let list: OrgList = serde_json::from_value(body).unwrap();
    assert!(
        list.orgs.len() >= 5,
        "seeded organizations: {}",
        list.orgs.len()
    );
    let huizhou = list
        .orgs
        .iter()
        .find(|org| org.name == "惠州市公共资源交易中心")
        .expect("惠州 is served");
    assert_eq!(huizhou.id, "huizhou");
    assert_eq!(huizhou.product.name, "个人移动证书");
    assert_eq!(huizhou.product.fee, Money::from_yuan(130));
    assert_eq!(huizhou.product.period_years, 1);
    assert_eq!(
        list.orgs[0].id, "huizhou",
        "the guide's organization comes first"
    );
}

#[tokio::test]
async fn search_narrows_the_list_by_name_or_region() {
    let server = TestServer::start().await;
    let (_, body) = server.get_json("/api/orgs?q=%E6%83%A0%E5%B7%9E").await; // 惠州
    let list: OrgList = serde_json::from_value(body).unwrap();
    let names: Vec<&str> = list.orgs.iter().map(|org| org.name.as_str()).collect();
    assert!(names.contains(&"惠州市公共资源交易中心"), "{names:?}");
    assert!(
        names.contains(&"博罗县公共资源交易中心"),
        "region matches too: {names:?}"
    );
    assert!(!names.iter().any(|name| name.contains("广州")), "{names:?}");

    let (_, body) = server.get_json("/api/orgs?q=%E6%B7%B1%E5%9C%B3").await; // 深圳
    assert_eq!(body["orgs"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn like_wildcards_in_a_search_match_only_themselves() {
    let server = TestServer::start().await;
    for wildcard in ["%25", "_"] {
        let (status, body) = server.get_json(&format!("/api/orgs?q={wildcard}")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["orgs"].as_array().unwrap().len(), 0, "q={wildcard}");
    }
}

#[tokio::test]
async fn the_default_fee_is_configurable() {
    let server = TestServer::with_config(|config| config.cert_fee_fen = 1).await;
    let (_, body) = server.get_json("/api/orgs?q=%E6%83%A0%E5%B7%9E").await;
    assert_eq!(body["orgs"][0]["product"]["fee"], 1);
}

#[tokio::test]
async fn unknown_api_paths_are_json_errors_not_the_spa() {
    let server = TestServer::start().await;
    let (status, body) = server.get_json("/api/no-such-thing").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(error(body).code, ErrorCode::NotFound);
    let (status, body) = server.get_json("/api/sms/send").await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(error(body).message, "请求方式不正确");
}

#[tokio::test]
async fn lookup_checks_the_phone_on_the_server_too() {
    let server = TestServer::start().await;
    let (status, body) = server
        .post_json(
            "/api/auth/lookup",
            json!({"org_id": "huizhou", "phone": "12345"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let body = error(body);
    assert_eq!(body.code, ErrorCode::BadRequest);
    assert_eq!(body.message, "请输入11位手机号");
}

#[tokio::test]
async fn lookup_of_an_unknown_org_or_number_says_so() {
    let server = TestServer::start().await;
    let (status, body) = server
        .post_json(
            "/api/auth/lookup",
            json!({"org_id": "atlantis", "phone": "13800138000"}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(error(body).code, ErrorCode::NotFound);

    let (status, body) = server
        .post_json(
            "/api/auth/lookup",
            json!({"org_id": "huizhou", "phone": "13800138000"}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let body = error(body);
    assert_eq!(body.code, ErrorCode::NotRegistered);
    assert_eq!(
        body.message,
        "该手机号尚未在惠州市公共资源交易中心注册云签署"
    );
}

#[tokio::test]
async fn lookup_of_a_registered_number_shows_only_the_masked_name() {
    let server = TestServer::start().await;
    let phone = Phone::parse("13800138000").unwrap();
    server
        .state
        .store
        .create_user(NewUser {
            org_id: "huizhou",
            phone: &phone,
            name: "张小三",
            unit_name: "惠州市某建设有限公司",
            created_at: 0,
        })
        .await
        .unwrap();
    let (status, body) = server
        .post_json(
            "/api/auth/lookup",
            json!({"org_id": "huizhou", "phone": "138 0013 8000"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let person: LookupResponse = serde_json::from_value(body).unwrap();
    assert_eq!(person.masked_name, "张*三");
    assert_eq!(person.unit_name, "惠州市某建设有限公司");

    // The same number at another organization is another account.
    let (status, _) = server
        .post_json(
            "/api/auth/lookup",
            json!({"org_id": "shenzhen", "phone": "13800138000"}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn client_routes_get_index_html_that_is_never_cached() {
    let server = TestServer::start().await;
    for path in ["/", "/login", "/orgs"] {
        let (status, headers, body) = server.get(path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(headers[header::CACHE_CONTROL], "no-cache", "{path}");
        assert!(
            String::from_utf8(body)
                .unwrap()
                .contains("<title>云签署</title>"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn hashed_assets_are_cached_for_a_year_and_missing_files_are_404() {
    let server = TestServer::start().await;
    let (status, headers, _) = server.get("/cloudsign-app-0123456789abcdef_bg.wasm").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );

    let (status, headers, _) = server.get("/cloudsign-app-fedcba9876543210_bg.wasm").await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "an old build's asset is not index.html"
    );
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
}

#[tokio::test]
async fn the_database_persists_in_the_data_directory() {
    let dirs = TempDir::new().unwrap();
    let config = Config::with_dirs(dirs.path().join("nested/data"), dirs.path().join("dist"));
    let state = AppState::open(config.clone()).await.unwrap();
    let phone = Phone::parse("13800138000").unwrap();
    state
        .store
        .create_user(NewUser {
            org_id: "huizhou",
            phone: &phone,
            name: "李四",
            unit_name: "某公司",
            created_at: 1,
        })
        .await
        .unwrap();
    state.store.close().await;
    assert!(dirs.path().join("nested/data/cloudsign.db").exists());

    let reopened = AppState::open(config).await.unwrap();
    assert!(
        reopened
            .store
            .find_user("huizhou", &phone)
            .await
            .unwrap()
            .is_some()
    );
}

#[tokio::test]
async fn precompressed_copies_are_served_to_browsers_that_take_them() {
    let server = TestServer::start().await;
    let dist = &server.state.config.dist;
    std::fs::write(dist.join("main-0123456789abcdef.css"), "body{}").unwrap();
    std::fs::write(dist.join("main-0123456789abcdef.css.br"), b"brotli bytes").unwrap();
    let request = Request::get("/main-0123456789abcdef.css")
        .header(header::ACCEPT_ENCODING, "br, gzip")
        .body(Body::empty())
        .unwrap();
    let response = server.router().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "br");
    assert_eq!(response.headers()[header::VARY], "accept-encoding");
    let body = response.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(&body[..], b"brotli bytes");
}

#[tokio::test]
async fn malformed_requests_get_the_api_error_shape_too() {
    let server = TestServer::start().await;
    let (status, body) = server
        .post_json("/api/auth/lookup", json!({"phone": "13800138000"}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error(body).message, "请求内容格式不正确");
    let (status, body) = server.get_json("/api/sms/cooldown").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error(body).message, "请求参数不正确");
}

/// No text the API takes holds U+0000 (PostgreSQL's TEXT cannot): in a body, a query or a path
/// it is refused before it reaches a handler, on either database.
#[tokio::test]
async fn a_nul_character_anywhere_is_a_bad_request() {
    let server = TestServer::start().await;
    let (status, body) = server
        .post_json(
            "/api/auth/lookup",
            json!({"org_id": "huizhou", "phone": "1380013\u{0}8000"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (status, body) = server
        .post_json(
            "/api/auth/lookup",
            json!({"org_id": "hui\u{0}zhou", "phone": "13800138000"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(error(body).message, "请求内容格式不正确");
    let (status, body) = server.get_json("/api/orgs?q=%E6%83%A0%00").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(error(body).message, "请求参数不正确");
    let (status, body) = server.get_json("/api/registrations/ab%00cd").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(error(body).message, "请求参数不正确");
    // The same requests without the NUL are answered as usual.
    let (status, _) = server.get_json("/api/orgs?q=%E6%83%A0").await;
    assert_eq!(status, StatusCode::OK);
}
