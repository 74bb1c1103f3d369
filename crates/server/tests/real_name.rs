//! 实名认证 through the API: the photos' checks, the liveness challenge, the sandbox's verdicts.

mod common;

use axum::http::StatusCode;
use cloudsign_contract::ErrorCode;
use common::{TestServer, at_real_name, challenge, error, frames, png, registered, upload_both};
use serde_json::json;

#[tokio::test]
async fn photos_come_after_the_id_number_and_must_be_real_images() {
    let server = TestServer::start().await;
    let id = registered(&server, "张三").await;
    let (status, body) = server
        .put_bytes(
            &format!("/api/registrations/{id}/id-card/portrait"),
            "image/png",
            png(1600, 1000),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(error(body).message, "请先确认姓名与身份证号");

    let id = at_real_name(&server, "张三").await;
    let url = format!("/api/registrations/{id}/id-card/portrait");
    let (status, body) = server
        .put_bytes(&url, "image/jpeg", b"<html>not a photo</html>".to_vec())
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error(body).message, "只支持 JPG 或 PNG 格式的图片");
    let (status, body) = server.put_bytes(&url, "image/png", png(160, 100)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error(body).message, "图片太小，请拍摄清晰的照片");
    let (status, _) = server
        .put_bytes(
            &format!("/api/registrations/{id}/id-card/back"),
            "image/png",
            png(1600, 1000),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Both sides are needed before the liveness check.
    server.put_bytes(&url, "image/png", png(1600, 1000)).await;
    let (status, body) = server
        .post_json(
            &format!("/api/registrations/{id}/liveness/challenge"),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(error(body).message, "请先上传身份证国徽面");
    assert!(
        server
            .state
            .config
            .data_dir
            .join("uploads")
            .join(&id)
            .join("portrait.png")
            .exists()
    );
}

#[tokio::test]
async fn a_live_person_with_a_matching_identity_goes_on_to_payment() {
    let server = TestServer::start().await;
    let id = at_real_name(&server, "张三").await;
    upload_both(&server, &id).await;
    let challenge = challenge(&server, &id).await;
    assert!((2..=3).contains(&challenge.prompts.len()));

    let (status, state) = server
        .post_json(
            &format!("/api/registrations/{id}/liveness"),
            frames(&challenge, true),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{state}");
    assert_eq!(state["step"], "payment");
}

#[tokio::test]
async fn a_still_picture_fails_the_liveness_check_and_a_retry_needs_new_prompts() {
    let server = TestServer::start().await;
    let id = at_real_name(&server, "张三").await;
    upload_both(&server, &id).await;
    let first = challenge(&server, &id).await;
    let url = format!("/api/registrations/{id}/liveness");

    let (status, body) = server.post_json(&url, frames(&first, false)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = error(body);
    assert_eq!(body.code, ErrorCode::LivenessFailed);
    assert!(body.message.starts_with("未检测到"), "{}", body.message);

    let (status, body) = server.post_json(&url, frames(&first, true)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error(body).message, "活体检测已失效，请重新开始");

    let second = challenge(&server, &id).await;
    assert_eq!(
        server.post_json(&url, frames(&second, true)).await.0,
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_sandbox_reports_a_name_that_does_not_match() {
    let server = TestServer::start().await;
    let id = at_real_name(&server, "李不一致").await;
    upload_both(&server, &id).await;
    let challenge = challenge(&server, &id).await;
    let (status, body) = server
        .post_json(
            &format!("/api/registrations/{id}/liveness"),
            frames(&challenge, true),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = error(body);
    assert_eq!(body.code, ErrorCode::RealNameMismatch);
    assert!(body.message.starts_with("实名信息不一致"));
}

#[tokio::test]
async fn a_challenge_expires_and_must_be_answered_in_order() {
    let server = TestServer::start().await;
    let id = at_real_name(&server, "张三").await;
    upload_both(&server, &id).await;
    let url = format!("/api/registrations/{id}/liveness");

    let mut shuffled = challenge(&server, &id).await;
    shuffled.prompts.reverse();
    let (status, body) = server.post_json(&url, frames(&shuffled, true)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error(body).message, "请按提示的顺序完成动作");

    let late = challenge(&server, &id).await;
    server.clock.advance(5 * 60 + 1);
    let (status, body) = server.post_json(&url, frames(&late, true)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error(body).message, "活体检测已失效，请重新开始");
}

/// Several instances without a shared directory keep the ID card photos in the database;
/// they go once the verdict is stored, as from the directory.
#[tokio::test]
async fn with_files_in_the_database_the_photos_are_there_until_the_verdict() {
    let server = TestServer::with_config(|config| config.files = "database".into()).await;
    let id = at_real_name(&server, "张三").await;
    upload_both(&server, &id).await;
    let key = format!("{id}/portrait.png");
    assert_eq!(
        server.state.store.file(&key).await.unwrap(),
        Some(png(1600, 1000))
    );
    assert!(!server.state.config.data_dir.join("uploads").exists());

    let challenge = challenge(&server, &id).await;
    let (status, state) = server
        .post_json(
            &format!("/api/registrations/{id}/liveness"),
            frames(&challenge, true),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{state}");
    assert_eq!(state["step"], "payment");
    assert_eq!(server.state.store.file(&key).await.unwrap(), None);
    assert_eq!(
        server
            .state
            .store
            .file(&format!("{id}/emblem.png"))
            .await
            .unwrap(),
        None
    );
}
