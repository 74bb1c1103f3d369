//! Request limits per client address and for everybody.

#[allow(unused_imports)]
use super::*;

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
