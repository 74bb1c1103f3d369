//! Schemathesis (from PyPI; `scripts/bootstrap` installs it) against the running server, from the
//! server's own published document: generated, boundary and fuzzed requests to every operation,
//! with the session of an enrolled person, and no answer may be a 5xx or break the document
//! (status, content type and body schema). A fixed seed keeps the run the same run each time.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::*;

fn schemathesis() -> PathBuf {
    let tools = std::env::var("CLOUDSIGN_TOOLS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(std::env::var("HOME").unwrap()).join(".cache/cloudsign/tools")
        });
    let st = tools.join("schemathesis/bin/st");
    assert!(
        st.exists(),
        "schemathesis is not installed at {}: run scripts/bootstrap",
        st.display()
    );
    st
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schemathesis_finds_no_server_error_and_no_answer_outside_the_document() {
    let st = schemathesis();
    let server = TestServer::start().await;
    let token = enrolled(&server).await;
    // Real identifiers for the operations on one thing, so that they are tested past "not
    // found": another person's registration, a sealing client's session with its signing
    // token, a password reset and the paid order of the enrolled person.
    let other_phone = "13900139000";
    let code = register_code(&server, other_phone).await;
    let (_, registration) = server
        .post_json(
            "/api/registrations",
            serde_json::json!({"org_id": "huizhou", "role": "bidder", "unit_name": "惠州市某建设工程有限公司",
                               "name": "李四", "phone": other_phone, "sms_code": code, "agreed": true}),
        )
        .await;
    let registration_id = registration["id"].as_str().unwrap().to_owned();
    let (seal_session_id, signing_token) = seal_session(&server, "personal").await;
    let (reset_id, _) = reset_started(&server).await;
    let (_, orders) = server
        .authorized("GET", "/api/me/orders", &token, None)
        .await;
    let order_no = orders["orders"][0]["order_no"].as_str().unwrap().to_owned();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(cloudsign_server::serve(
        listener,
        server.state.clone(),
        async move {
            let _ = stopped.await;
        },
    ));

    let report = tempfile::TempDir::new().unwrap();
    let config = report.path().join("schemathesis.toml");
    let operations = [
        (
            r"^/api/registrations/\\{id\\}",
            "path.id",
            registration_id.as_str(),
        ),
        (
            r"^/api/seal/sessions/\\{id\\}",
            "path.id",
            seal_session_id.as_str(),
        ),
        (
            r"^/api/password-reset/\\{id\\}",
            "path.id",
            reset_id.as_str(),
        ),
        (
            r"^/api/signing/\\{token\\}",
            "path.token",
            signing_token.as_str(),
        ),
        (
            r"^/api/me/orders/\\{order_no\\}",
            "path.order_no",
            order_no.as_str(),
        ),
    ];
    let config_text: String = operations
        .iter()
        .map(|(path, parameter, value)| {
            format!("[[operations]]\ninclude-path-regex = \"{path}\"\nparameters = {{ \"{parameter}\" = \"{value}\" }}\n\n")
        })
        .collect();
    std::fs::write(&config, config_text).unwrap();
    let args = vec![
        "--config-file".to_owned(),
        config.display().to_string(),
        "run".to_owned(),
        format!("{origin}/api/openapi.json"),
        "--url".into(),
        origin.clone(),
        "--checks".into(),
        "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance".into(),
        "--max-examples".into(),
        "30".into(),
        "--seed".into(),
        "20261130".into(),
        "--header".into(),
        format!("Authorization: Bearer {token}"),
        // Browsers send CSP reports as application/csp-report, which it cannot generate.
        "--exclude-path".into(),
        "/api/csp-report".into(),
        // 退出登录 would end the session the other operations are tested with (its own tests
        // are in me.rs and the trust suite).
        "--exclude-path".into(),
        "/api/session".into(),
        "--report-dir".into(),
        report.path().display().to_string(),
        "--no-color".into(),
    ];
    // In the report's directory: schemathesis keeps a cache of earlier crashes beside it, and a
    // run must neither replay another run's nor leave one in the tree.
    let workdir = report.path().to_path_buf();
    let output = tokio::task::spawn_blocking(move || {
        Command::new(st).args(&args).current_dir(workdir).output()
    })
    .await
    .unwrap()
    .expect("schemathesis runs");
    let _ = stop.send(());
    let _ = serving.await;

    let stdout = String::from_utf8_lossy(&output.stdout);
    let summary = stdout
        .rsplit_once("SUMMARY")
        .map_or(stdout.as_ref(), |(_, summary)| summary);
    println!("{stdout}");
    assert!(
        output.status.success(),
        "schemathesis found problems (exit {:?}):\n{stdout}\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
    // Every operation but the two excluded above was selected, and each one was tested.
    let count = |label: &str| -> usize {
        let after = summary.split(label).nth(1).unwrap_or_default().trim_start();
        after
            .split(|c: char| !c.is_ascii_digit())
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    let total: usize = summary
        .split("Selected:")
        .nth(1)
        .and_then(|rest| rest.split('/').nth(1))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(total > 45, "{summary}");
    assert_eq!(count("Selected:"), total - 2, "{summary}");
    assert_eq!(count("Tested:"), count("Selected:"), "{summary}");
}
