//! No check-then-act: every rule that counts or moves state holds with requests at once.

#[allow(unused_imports)]
use super::*;

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
    // The fifth check's own answer is the lock; the others were refused while the last try
    // was checked (busy, ask again) or after it locked.
    assert!(count(&answers, StatusCode::LOCKED) >= 1, "{answers:?}");
    assert_eq!(
        count(&answers, StatusCode::LOCKED) + count(&answers, StatusCode::SERVICE_UNAVAILABLE),
        26,
        "{answers:?}"
    );
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

/// Found by scripts/bench-load: eight logins with the right password at once were told
/// 「账户已锁定」, because the tries they held counted as a lock. Now they are asked to retry
/// (busy), and nothing is locked.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn right_passwords_at_once_are_never_told_locked() {
    let server = TestServer::start().await;
    enrolled(&server).await;
    let logins = (0..12)
        .map(|_| json_request("POST", "/api/auth/login", &login_body(PASSWORD), None))
        .collect();
    let answers = server.parallel(logins).await;
    assert_eq!(count(&answers, StatusCode::LOCKED), 0, "{answers:?}");
    assert_eq!(
        count(&answers, StatusCode::OK) + count(&answers, StatusCode::SERVICE_UNAVAILABLE),
        12,
        "{answers:?}"
    );
    assert!(count(&answers, StatusCode::OK) >= 5, "{answers:?}");
    // Nothing counted against the person: a wrong password now has four tries left.
    let (status, body) = server
        .post_json("/api/auth/login", login_body("Wrong0000x"))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(tries_left(&[(status, body)]), [4]);
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

/// The last try holds the door only while it is checked: if its check never ends (the instance
/// died), the door opens again after the hold, and nobody was locked for thirty minutes.
#[tokio::test]
async fn a_last_try_whose_check_never_ended_does_not_lock_anyone_out() {
    let server = TestServer::start().await;
    enrolled(&server).await;
    let phone = cloudsign_contract::rules::Phone::parse(PHONE).unwrap();
    let user = server
        .state
        .store
        .find_user("huizhou", &phone)
        .await
        .unwrap()
        .unwrap();
    // Five tries reserved by checks that never report back.
    let now = server.state.clock.now();
    for _ in 0..5 {
        let attempt = server
            .state
            .store
            .reserve_password_attempt(user.id, now, 5, 10)
            .await
            .unwrap();
        assert!(matches!(
            attempt,
            cloudsign_server::store::PasswordAttempt::Reserved { .. }
        ));
    }
    let (status, body) = server
        .post_json("/api/auth/login", login_body(PASSWORD))
        .await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    server.clock.advance(11);
    let (status, body) = server
        .post_json("/api/auth/login", login_body(PASSWORD))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

/// The resend rule holds in the database itself, not only behind the rate limiter: twenty codes
/// recorded at once for one phone (as twenty instances might) are one.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn codes_recorded_at_once_for_one_phone_are_one() {
    use cloudsign_contract::rules::Phone;
    use cloudsign_contract::sms::SmsPurpose;
    use cloudsign_server::domain::sms::SmsPolicy;
    let server = TestServer::start().await;
    server.open_connections(20).await;
    let recorded = common::at_once(20, |n| {
        let store = server.state.store.clone();
        async move {
            store
                .insert_sms_code_if_allowed(
                    &Phone::parse(PHONE).unwrap(),
                    SmsPurpose::Register,
                    &format!("hash{n}"),
                    common::START,
                    common::START + 300,
                    &SmsPolicy::default(),
                )
                .await
                .unwrap()
        }
    })
    .await;
    assert_eq!(recorded.into_iter().filter(|&was| was).count(), 1);
}
