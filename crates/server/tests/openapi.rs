//! The published contract: `GET /api/openapi.json` is OpenAPI 3.1, every route the router
//! serves under /api is in it (read from the routers' own registrations), and what it says
//! about an operation holds when the operation is called.

mod common;

use std::collections::BTreeSet;

use axum::http::StatusCode;
use common::*;
use serde_json::Value;

/// The (method, path) of every `.route(…)` in the server's routers, read from their sources:
/// what the router serves, independent of the annotations the document is made from.
fn served_routes() -> BTreeSet<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/routes");
    let mut served = BTreeSet::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let code: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for call in code.split(".route(").skip(1) {
            let Some(rest) = call.trim_start().strip_prefix('"') else {
                continue;
            };
            let (path, rest) = rest.split_once('"').unwrap();
            // The method routers up to the route's closing parenthesis (`get(a).post(b)`).
            let mut depth = 1;
            let end = rest
                .char_indices()
                .find(|&(_, c)| {
                    depth += match c {
                        '(' => 1,
                        ')' => -1,
                        _ => 0,
                    };
                    depth == 0
                })
                .map(|(i, _)| i)
                .unwrap();
            for method in ["get", "post", "put", "delete", "patch"] {
                let handler = &rest[..end];
                let called = handler
                    .trim_start_matches([',', ' '])
                    .starts_with(&format!("{method}("))
                    || handler.contains(&format!(".{method}("));
                if called {
                    served.insert((method.to_owned(), format!("/api{path}")));
                }
            }
        }
    }
    served
}

fn documented(document: &Value) -> BTreeSet<(String, String)> {
    let mut found = BTreeSet::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            found.insert((method.clone(), path.clone()));
        }
    }
    found
}

#[tokio::test]
async fn the_document_is_openapi_3_1_and_names_every_route_served() {
    let server = TestServer::start().await;
    let (status, document) = server.get_json("/api/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    assert!(document["openapi"].as_str().unwrap().starts_with("3.1"));
    assert!(
        document["info"]["title"]
            .as_str()
            .unwrap()
            .contains("CloudSign")
    );

    let served = served_routes();
    assert!(served.len() > 45, "the routers are read: {served:?}");
    let documented = documented(&document);
    let missing: Vec<_> = served.difference(&documented).collect();
    assert!(
        missing.is_empty(),
        "served but not in the document: {missing:?}"
    );
    let extra: Vec<_> = documented.difference(&served).collect();
    assert!(
        extra.is_empty(),
        "in the document but not served: {extra:?}"
    );

    // Every reference resolves, and every operation says what its failures look like.
    let text = document.to_string();
    for reference in text.split("\"$ref\":\"").skip(1) {
        let name = reference.split('"').next().unwrap();
        let name = name.strip_prefix("#/components/schemas/").unwrap();
        assert!(
            document["components"]["schemas"].get(name).is_some(),
            "{name} is referenced but not defined"
        );
    }
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let responses = operation["responses"].as_object().unwrap();
            assert!(!responses.is_empty(), "{method} {path}");
            if path != "/api/openapi.json" && path != "/api/ready" && path != "/api/health" {
                assert!(
                    responses.contains_key("4XX"),
                    "{method} {path} has no failures"
                );
            }
        }
    }
    // The error body names its codes, as the contract's enum spells them.
    let codes = &document["components"]["schemas"]["ErrorCode"]["enum"];
    assert!(
        codes
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "wrong_password")
    );
}

#[tokio::test]
async fn the_sealing_clients_and_the_persons_operations_say_how_they_are_authorized() {
    let server = TestServer::start().await;
    let (_, document) = server.get_json("/api/openapi.json").await;
    let schemes = &document["components"]["securitySchemes"];
    assert_eq!(schemes["bearer"]["scheme"], "bearer");
    assert_eq!(schemes["sealing_client"]["in"], "header");
    assert_eq!(
        document["paths"]["/api/me"]["get"]["security"][0]["bearer"],
        serde_json::json!([])
    );
    assert_eq!(
        document["paths"]["/api/seal/sessions"]["post"]["security"][0]["sealing_client"],
        serde_json::json!([])
    );
    // And it holds: without the token, the person's route answers the documented failure.
    let (status, body) = server.get_json("/api/me").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        error(body).code,
        cloudsign_contract::ErrorCode::Unauthorized
    );
}

/// Found by schemathesis: a path number out of range was axum's plain-text 400, outside the
/// document. Every refusal is the documented `{code, message}`.
#[tokio::test]
async fn a_path_parameter_that_does_not_parse_is_a_documented_refusal() {
    let server = TestServer::start().await;
    let token = enrolled(&server).await;
    let (status, body) = server
        .authorized(
            "PUT",
            "/api/me/units/9223372036854775808/current",
            &token,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // A plain-text body would not parse as the error body.
    let body = error(body);
    assert_eq!(body.code, cloudsign_contract::ErrorCode::BadRequest);
}
