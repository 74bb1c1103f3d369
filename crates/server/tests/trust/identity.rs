//! 实名认证 bound to the face, and the reset that compares the face before revoking.

#[allow(unused_imports)]
use super::*;

#[tokio::test]
async fn the_face_must_be_the_persons_and_the_photos_go_once_the_verdict_is_kept() {
    let server = TestServer::start().await;
    let id = at_real_name(&server, "张三").await;
    upload_both(&server, &id).await;
    let uploads = server.state.config.data_dir.join("uploads").join(&id);
    assert!(uploads.exists());

    let liveness = format!("/api/registrations/{id}/liveness");
    let first = challenge(&server, &id).await;
    let (status, body) = server
        .post_json(&liveness, marked_frames(&first, FACE_MISMATCH_MARK))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        error(body).code,
        cloudsign_contract::ErrorCode::FaceMismatch
    );
    let (_, state) = server.get_json(&format!("/api/registrations/{id}")).await;
    assert_eq!(
        state["step"], "real_name",
        "no payment for someone else's face"
    );
    assert!(uploads.exists(), "the photos stay for the retry");

    let second = challenge(&server, &id).await;
    let (status, body) = server
        .post_json(&liveness, marked_frames(&second, b"the person"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["step"], "payment");
    assert!(
        !uploads.exists(),
        "ID card photos are deleted once the verdict is stored"
    );
    let verdicts = server
        .state
        .store
        .identity_verdicts("registration", &id)
        .await
        .unwrap();
    let kept: Vec<&str> = verdicts.iter().map(|(v, _, _)| v.as_str()).collect();
    assert_eq!(kept, ["face_mismatch", "match"]);
    let (_, face_hash, portrait_hash) = &verdicts[1];
    assert_eq!(face_hash.len(), 64, "the face is kept as a hash only");
    assert_eq!(portrait_hash.as_deref().map(str::len), Some(64));
}

#[tokio::test]
async fn a_name_that_does_not_belong_to_the_number_is_refused() {
    let server = TestServer::start().await;
    let id = at_real_name(&server, "李不一致").await;
    upload_both(&server, &id).await;
    let challenge = challenge(&server, &id).await;
    let (status, body) = server
        .post_json(
            &format!("/api/registrations/{id}/liveness"),
            marked_frames(&challenge, b""),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        error(body).code,
        cloudsign_contract::ErrorCode::RealNameMismatch
    );
}

#[tokio::test]
async fn a_reset_compares_the_face_with_the_registered_person_before_revoking_anything() {
    let server = TestServer::start().await;
    let token = enrolled(&server).await;
    let (_, before) = server
        .authorized("GET", "/api/me/certificate", &token, None)
        .await;
    let (reset_id, prompts) = reset_started(&server).await;

    // A live face, but not the registered person's: nothing is revoked, no password can be set.
    let (status, body) = server
        .post_json(
            &format!("/api/password-reset/{reset_id}/liveness"),
            marked_frames(&prompts, FACE_MISMATCH_MARK),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        error(body).code,
        cloudsign_contract::ErrorCode::FaceMismatch
    );
    let (status, _) = server
        .put_json(
            &format!("/api/password-reset/{reset_id}/password"),
            json!({"password": "Reset2026ok", "confirm": "Reset2026ok"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let serial = before["serial"].as_str().unwrap();
    assert_eq!(
        server
            .state
            .store
            .certificate_status(serial)
            .await
            .unwrap()
            .as_deref(),
        Some("valid")
    );
    let verdicts = server
        .state
        .store
        .identity_verdicts("password_reset", &reset_id)
        .await
        .unwrap();
    assert_eq!(verdicts.len(), 1);
    assert_eq!(verdicts[0].0, "face_mismatch");
}
