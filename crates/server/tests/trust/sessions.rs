//! Sessions end when the password changes (the others) or is reset (all).

#[allow(unused_imports)]
use super::*;

#[tokio::test]
async fn changing_the_password_ends_the_other_sessions_and_a_reset_ends_all() {
    let server = TestServer::start().await;
    let first = enrolled(&server).await;
    let (_, login) = server
        .post_json("/api/auth/login", login_body(PASSWORD))
        .await;
    let second = login["token"].as_str().unwrap().to_owned();
    let (_, login) = server
        .post_json("/api/auth/login", login_body(PASSWORD))
        .await;
    let third = login["token"].as_str().unwrap().to_owned();

    let (status, _) = server
        .authorized(
            "PUT",
            "/api/me/password",
            &second,
            Some(json!({"old_password": PASSWORD, "new_password": "Changed2026", "confirm": "Changed2026"})),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    for (token, alive) in [(&first, false), (&second, true), (&third, false)] {
        let (status, _) = server.authorized("GET", "/api/me", token, None).await;
        assert_eq!(status == StatusCode::OK, alive, "{token}");
    }

    // 重置签署密码 (the face checked) ends every session, the one it opens aside.
    let session = reset_with_face(&server, "Reset2026ok").await;
    let (status, _) = server.authorized("GET", "/api/me", &second, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let fresh = session["token"].as_str().unwrap();
    let (status, _) = server.authorized("GET", "/api/me", fresh, None).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = server
        .authorized("DELETE", "/api/session", fresh, None)
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = server.authorized("GET", "/api/me", fresh, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}
