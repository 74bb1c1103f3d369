//! Accessibility, checked by a machine: axe-core (WCAG 2.1 A/AA and best practices) on the
//! screens, in light and dark, at normal and large text. No serious or critical finding.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use serde_json::Value;
use support::flows::{logged_in, registered_person};
use support::{Device, Harness};

const VARIANTS: [&str; 4] = [
    r#"{"text_size":"normal","theme":"light"}"#,
    r#"{"text_size":"large","theme":"light"}"#,
    r#"{"text_size":"normal","theme":"dark"}"#,
    r#"{"text_size":"large","theme":"dark"}"#,
];

async fn check(h: &Harness, paths: &[&str], found: &mut Vec<(String, String, Value)>) {
    for variant in VARIANTS {
        h.eval(&format!(
            "localStorage.setItem('cloudsign.display', '{variant}')"
        ))
        .await;
        for path in paths {
            h.open(path).await;
            h.screen_ready().await;
            for violation in h.accessibility_violations().await {
                found.push((variant.to_owned(), (*path).to_owned(), violation));
            }
        }
    }
}

fn assert_clean(found: &[(String, String, Value)]) {
    assert!(
        found.is_empty(),
        "axe found {} serious or critical problems:\n{}",
        found.len(),
        found
            .iter()
            .map(|(variant, path, v)| format!("{path} {variant}: {v}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_screen_passes_axe_in_light_dark_and_large_text() {
    let h = support::flows::start(Device::phone(), 600).await;
    let mut found = Vec::new();
    h.open("/orgs").await;
    check(&h, &["/orgs"], &mut found).await;
    registered_person(&h).await;
    check(
        &h,
        &["/login", "/register", "/continue", "/settings"],
        &mut found,
    )
    .await;
    logged_in(&h).await;
    check(
        &h,
        &[
            "/home",
            "/mine",
            "/certificate",
            "/orders",
            "/units",
            "/records",
            "/signature",
            "/change-password",
            "/reset-password",
            "/scan",
        ],
        &mut found,
    )
    .await;
    h.eval("localStorage.removeItem('cloudsign.display')").await;
    h.close().await;
    assert_clean(&found);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_registration_screens_pass_axe_too() {
    let h = support::flows::start(Device::phone(), 600).await;
    let id = support::flows::at_payment(&h).await;
    support::flows::order_via_api(&h, &id).await;
    let mut found = Vec::new();
    check(
        &h,
        &["/confirm", "/real-name", "/pay", "/pay-result", "/continue"],
        &mut found,
    )
    .await;
    h.eval("localStorage.removeItem('cloudsign.display')").await;
    h.close().await;
    assert_clean(&found);
}

/// The screens among `paths` that are wider than the phone in large text.
async fn wider_than_the_screen(h: &Harness, paths: &[&str]) -> Vec<String> {
    h.eval(&format!(
        "localStorage.setItem('cloudsign.display', '{}')",
        VARIANTS[1]
    ))
    .await;
    let overflowing = h.wider_than_the_screen(paths, "small-large").await;
    h.eval("localStorage.removeItem('cloudsign.display')").await;
    overflowing
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn large_text_fits_the_smallest_phone_without_sideways_scrolling() {
    let h = support::flows::start(Device::SmallPhone, 600).await;
    h.open("/orgs").await;
    registered_person(&h).await;
    logged_in(&h).await;
    let overflowing = wider_than_the_screen(
        &h,
        &[
            "/orgs",
            "/login",
            "/register",
            "/settings",
            "/home",
            "/mine",
            "/certificate",
            "/orders",
            "/units",
            "/records",
            "/signature",
            "/change-password",
            "/reset-password",
        ],
    )
    .await;
    h.close().await;
    assert!(
        overflowing.is_empty(),
        "wider than the screen: {overflowing:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_registration_screens_fit_the_smallest_phone_in_large_text() {
    let h = support::flows::start(Device::SmallPhone, 600).await;
    let id = support::flows::at_payment(&h).await;
    support::flows::order_via_api(&h, &id).await;
    let overflowing = wider_than_the_screen(
        &h,
        &["/confirm", "/real-name", "/pay", "/pay-result", "/continue"],
    )
    .await;
    h.close().await;
    assert!(
        overflowing.is_empty(),
        "wider than the screen: {overflowing:?}"
    );
}
