//! The sealing client's API: who may call it, what it may ask to have signed, and what it
//! gets back.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use cloudsign_contract::ErrorCode;
use cloudsign_server::clock::Clock;
use common::{
    DIGEST, PASSWORD, SealClient, TestServer, attributes_for, enrolled, error, nonce, seal_session,
    sign_with,
};
use serde_json::{Value, json};

const PATH: &str = "/api/seal/sessions";

fn one_document(signed_attributes: String) -> Value {
    json!({"documents": [{"name": "a.pdf", "sha256": DIGEST, "signed_attributes": signed_attributes}],
           "seal": "personal"})
}

fn refused(status: StatusCode, body: Value, says: &str) {
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    let body = error(body);
    assert_eq!(body.code, ErrorCode::ClientUnauthorized);
    assert!(body.message.contains(says), "{}", body.message);
}

#[tokio::test]
async fn only_a_registered_client_with_a_fresh_signature_gets_in() {
    let server = TestServer::start().await;
    let client = SealClient::default(&server).await;
    let body = one_document(attributes_for(DIGEST, server.clock.now())).to_string();
    let now = server.clock.now();

    let (status, answer) =
        SealClient::send_raw(&server, "POST", PATH, body.clone().into(), None).await;
    refused(status, answer, "header missing");

    let stranger = SealClient {
        id: "sc_stranger".into(),
        secret: "guessed".into(),
    };
    let signed = stranger.authorization("POST", PATH, body.as_bytes(), now, &nonce());
    let (status, answer) =
        SealClient::send_raw(&server, "POST", PATH, body.clone().into(), Some(signed)).await;
    refused(status, answer, "unknown or revoked");

    let wrong_secret = SealClient {
        id: client.id.clone(),
        secret: "not-the-secret".into(),
    };
    let signed = wrong_secret.authorization("POST", PATH, body.as_bytes(), now, &nonce());
    let (status, answer) =
        SealClient::send_raw(&server, "POST", PATH, body.clone().into(), Some(signed)).await;
    refused(status, answer, "does not match");

    // Signed over another body (the documents changed on the way).
    let signed = client.authorization("POST", PATH, b"{}", now, &nonce());
    let (status, answer) =
        SealClient::send_raw(&server, "POST", PATH, body.clone().into(), Some(signed)).await;
    refused(status, answer, "does not match");

    let stale = client.authorization("POST", PATH, body.as_bytes(), now - 301, &nonce());
    let (status, answer) =
        SealClient::send_raw(&server, "POST", PATH, body.clone().into(), Some(stale)).await;
    refused(status, answer, "timestamp");

    let fresh = client.authorization("POST", PATH, body.as_bytes(), now, &nonce());
    let (status, answer) =
        SealClient::send_raw(&server, "POST", PATH, body.clone().into(), Some(fresh)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");

    // Revoked: refused from now on.
    assert!(
        server
            .state
            .store
            .revoke_seal_client(&client.id, now)
            .await
            .unwrap()
    );
    let (status, answer) = client
        .send(
            &server,
            "POST",
            PATH,
            Some(one_document(attributes_for(DIGEST, now))),
        )
        .await;
    refused(status, answer, "revoked");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_replayed_request_is_refused_even_when_the_copies_arrive_together() {
    let server = TestServer::start().await;
    let client = SealClient::default(&server).await;
    let body = one_document(attributes_for(DIGEST, server.clock.now())).to_string();
    let authorization =
        client.authorization("POST", PATH, body.as_bytes(), server.clock.now(), &nonce());
    let copies = (0..8)
        .map(|_| {
            Request::post(PATH)
                .header(header::CONTENT_TYPE, "application/json")
                .header(header::AUTHORIZATION, &authorization)
                .body(Body::from(body.clone()))
                .unwrap()
        })
        .collect();
    let answers = server.parallel(copies).await;
    let opened = answers
        .iter()
        .filter(|(status, _)| *status == StatusCode::OK)
        .count();
    assert_eq!(opened, 1, "{answers:?}");
    for (status, answer) in answers
        .into_iter()
        .filter(|(status, _)| *status != StatusCode::OK)
    {
        refused(status, answer, "nonce already used");
    }
}

#[tokio::test]
async fn signed_attributes_must_say_what_the_phone_shows() {
    let server = TestServer::start().await;
    let client = SealClient::default(&server).await;
    let now = server.clock.now();
    let other_digest = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";
    for (attributes, says) in [
        (attributes_for(other_digest, now), "messageDigest"),
        (attributes_for(DIGEST, now - 3600), "signingTime"),
        ("bm90IERFUg==".to_owned(), "not a DER"),
        ("%%%".to_owned(), "base64"),
    ] {
        let (status, body) = client
            .send(&server, "POST", PATH, Some(one_document(attributes)))
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert!(error(body).message.contains(says), "{says}");
    }
}

#[tokio::test]
async fn a_client_sees_and_cancels_only_its_own_sessions() {
    let server = TestServer::start().await;
    let (ours, theirs) = (
        SealClient::default(&server).await,
        SealClient::registered(&server, "sc_other").await,
    );
    let (session_id, _) = seal_session(&server, "unit").await;
    let path = format!("{PATH}/{session_id}");
    let (status, body) = theirs.send(&server, "GET", &path, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    let (status, _) = theirs
        .send(&server, "POST", &format!("{path}/cancel"), None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(ours.read(&server, &session_id).await["status"], "waiting");
}

#[tokio::test]
async fn an_expired_session_says_so_to_the_client_and_the_phone() {
    let server = TestServer::start().await;
    let token = enrolled(&server).await;
    let client = SealClient::default(&server).await;
    let (session_id, qr) = seal_session(&server, "personal").await;
    server.clock.advance(5 * 60);
    assert_eq!(client.read(&server, &session_id).await["status"], "expired");
    let (status, body) = sign_with(&server, &token, &qr, PASSWORD).await;
    assert_eq!(status, StatusCode::GONE, "{body}");
    let (status, body) = client
        .send(
            &server,
            "POST",
            &format!("{PATH}/{session_id}/cancel"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[tokio::test]
async fn a_signed_session_cannot_be_cancelled_and_keeps_its_signatures() {
    let server = TestServer::start().await;
    let token = enrolled(&server).await;
    let client = SealClient::default(&server).await;
    let (session_id, qr) = seal_session(&server, "personal").await;
    let (status, _) = sign_with(&server, &token, &qr, PASSWORD).await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = client
        .send(
            &server,
            "POST",
            &format!("{PATH}/{session_id}/cancel"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let session = client.read(&server, &session_id).await;
    assert_eq!(session["status"], "signed");
    assert!(common::first_document_verified(&server, &session_id).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_poll_answers_when_the_person_scans() {
    let server = TestServer::start().await;
    let token = enrolled(&server).await;
    let client = SealClient::default(&server).await;
    let (session_id, qr) = seal_session(&server, "personal").await;
    let path = format!("{PATH}/{session_id}?wait=30&seen=waiting");
    let waiting = {
        let (server_router, authorization) = (
            server.router(),
            client.authorization("GET", &path, b"", server.clock.now(), &nonce()),
        );
        let path = path.clone();
        tokio::spawn(async move {
            use http_body_util::BodyExt;
            use tower::ServiceExt;
            let response = server_router
                .oneshot(
                    Request::get(&path)
                        .header(header::AUTHORIZATION, authorization)
                        .body(Body::empty())
                        .unwrap(),
                )
                .await
                .unwrap();
            let bytes = response.into_body().collect().await.unwrap().to_bytes();
            serde_json::from_slice::<Value>(&bytes).unwrap()
        })
    };
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(!waiting.is_finished(), "held while nothing changed");
    let (status, _) = server
        .authorized("GET", &format!("/api/signing/{qr}"), &token, None)
        .await;
    assert_eq!(status, StatusCode::OK);
    let answered = waiting.await.unwrap();
    assert_eq!(answered["status"], "scanned");
}

#[tokio::test]
async fn the_ca_certificate_is_published() {
    let server = TestServer::start().await;
    let (status, headers, body) = server.get("/api/seal/ca.pem").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "application/x-pem-file");
    let pem = String::from_utf8(body).unwrap();
    assert!(pem.starts_with("-----BEGIN CERTIFICATE-----\n"), "{pem}");
    use x509_cert::der::DecodePem;
    let root = x509_cert::Certificate::from_pem(pem.as_bytes()).unwrap();
    assert!(
        root.tbs_certificate
            .subject
            .to_string()
            .contains("CloudSign Sandbox CA")
    );
}

#[tokio::test]
async fn a_wrong_password_on_the_phone_is_told_to_the_waiting_client() {
    let server = TestServer::start().await;
    let token = enrolled(&server).await;
    let client = SealClient::default(&server).await;
    let (session_id, qr) = seal_session(&server, "personal").await;
    assert_eq!(
        client.read(&server, &session_id).await["phone_notice"],
        Value::Null
    );
    let (status, _) = sign_with(&server, &token, &qr, "Wrong12345").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let session = client.read(&server, &session_id).await;
    assert_eq!(session["status"], "scanned");
    assert_eq!(session["phone_notice"], "签署密码错误，还可尝试4次");
}

/// A session whose documents come after the scan (a visible seal draws the signer in).
#[tokio::test]
async fn documents_prepared_after_the_scan_are_given_once_and_only_then_signed() {
    let server = TestServer::start().await;
    let token = enrolled(&server).await;
    let client = SealClient::default(&server).await;
    let names = json!({"documents": [{"name": "a.pdf"}, {"name": "b.pdf"}], "seal": "unit",
                       "prepare_after_scan": true});
    let (status, opened) = client.send(&server, "POST", PATH, Some(names)).await;
    assert_eq!(status, StatusCode::OK, "{opened}");
    let session_id = opened["session_id"].as_str().unwrap();
    let qr = opened["qr_text"]
        .as_str()
        .unwrap()
        .rsplit("/s/")
        .next()
        .unwrap();
    let documents_path = format!("{PATH}/{session_id}/documents");
    let now = server.clock.now();
    let other = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";
    let prepared = |first: &str| {
        json!({"documents": [
            {"name": "a.pdf", "sha256": first, "signed_attributes": attributes_for(first, now)},
            {"name": "b.pdf", "sha256": other, "signed_attributes": attributes_for(other, now)}]})
    };

    // Not before the scan: who signs is not known yet.
    assert_eq!(
        client.read(&server, session_id).await["signer"],
        Value::Null
    );
    let (status, _) = client
        .send(&server, "PUT", &documents_path, Some(prepared(DIGEST)))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);

    // Scanned: the client learns the signer; the phone sees names only and cannot sign yet.
    let (status, request) = server
        .authorized("GET", &format!("/api/signing/{qr}"), &token, None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(request["documents_ready"], false);
    assert_eq!(request["documents"][0]["sha256"], "");
    let (status, body) = server
        .authorized(
            "POST",
            &format!("/api/signing/{qr}/sign"),
            &token,
            Some(json!({"password": PASSWORD})),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(error(body).message, "电脑端正在准备文件，请稍候再签署");
    let session = client.read(&server, session_id).await;
    assert_eq!(session["signer"]["name"], "张三");
    assert_eq!(session["signer"]["unit_name"], "惠州市某公司");
    assert!(session["signer"]["certificate"].as_str().unwrap().len() > 100);

    // Other names, or attributes over another digest, are refused.
    let mut renamed = prepared(DIGEST);
    renamed["documents"][1]["name"] = json!("c.pdf");
    let (status, _) = client
        .send(&server, "PUT", &documents_path, Some(renamed))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let mut mismatched = prepared(DIGEST);
    mismatched["documents"][0]["signed_attributes"] = json!(attributes_for(other, now));
    let (status, _) = client
        .send(&server, "PUT", &documents_path, Some(mismatched))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // Given once; a second time (another digest) is refused, and the first stands.
    let (status, body) = client
        .send(&server, "PUT", &documents_path, Some(prepared(DIGEST)))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _) = client
        .send(&server, "PUT", &documents_path, Some(prepared(other)))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (_, request) = server
        .authorized("GET", &format!("/api/signing/{qr}"), &token, None)
        .await;
    assert_eq!(request["documents_ready"], true);
    assert_eq!(request["documents"][0]["sha256"], DIGEST);
    let (status, _) = sign_with(&server, &token, qr, PASSWORD).await;
    assert_eq!(status, StatusCode::OK);
    assert!(common::first_document_verified(&server, session_id).await);
}

#[tokio::test]
async fn names_only_without_prepare_after_scan_or_digests_with_it_are_refused() {
    let server = TestServer::start().await;
    let client = SealClient::default(&server).await;
    let (status, _) = client
        .send(
            &server,
            "POST",
            PATH,
            Some(json!({"documents": [{"name": "a.pdf"}], "seal": "unit"})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let mut early = one_document(attributes_for(DIGEST, server.clock.now()));
    early["prepare_after_scan"] = json!(true);
    let (status, _) = client.send(&server, "POST", PATH, Some(early)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

/// Twenty different sets of documents for one session, sent at once: one is taken, the others
/// are refused, and the phone signs the one taken.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn documents_given_at_once_are_taken_once() {
    use axum::body::Body;
    use axum::http::{Request, header};
    let server = TestServer::start().await;
    let token = enrolled(&server).await;
    let client = SealClient::default(&server).await;
    let names =
        json!({"documents": [{"name": "a.pdf"}], "seal": "unit", "prepare_after_scan": true});
    let (_, opened) = client.send(&server, "POST", PATH, Some(names)).await;
    let session_id = opened["session_id"].as_str().unwrap();
    let qr = opened["qr_text"]
        .as_str()
        .unwrap()
        .rsplit("/s/")
        .next()
        .unwrap();
    server
        .authorized("GET", &format!("/api/signing/{qr}"), &token, None)
        .await;
    let path = format!("{PATH}/{session_id}/documents");
    let now = server.clock.now();
    let digests: Vec<String> = (0..20u8).map(|i| hex::encode([i; 32])).collect();
    let requests = digests
        .iter()
        .map(|digest| {
            let body = json!({"documents": [{"name": "a.pdf", "sha256": digest,
                                             "signed_attributes": attributes_for(digest, now)}]})
            .to_string();
            Request::put(&path)
                .header(header::CONTENT_TYPE, "application/json")
                .header(
                    header::AUTHORIZATION,
                    client.authorization("PUT", &path, body.as_bytes(), now, &nonce()),
                )
                .body(Body::from(body))
                .unwrap()
        })
        .collect();
    let answers = server.parallel(requests).await;
    let taken: Vec<usize> = answers
        .iter()
        .enumerate()
        .filter(|(_, (status, _))| *status == StatusCode::OK)
        .map(|(i, _)| i)
        .collect();
    assert_eq!(taken.len(), 1, "{answers:?}");
    assert!(
        answers
            .iter()
            .all(|(status, _)| [StatusCode::OK, StatusCode::CONFLICT].contains(status)),
        "{answers:?}"
    );
    let (_, request) = server
        .authorized("GET", &format!("/api/signing/{qr}"), &token, None)
        .await;
    assert_eq!(request["documents"][0]["sha256"], digests[taken[0]]);
}
