//! End-to-end: coming back in a browser that shares nothing with the one that started. WeChat
//! Pay's 「返回商户」 opened elsewhere (the iOS home-screen app returns into Safari), and the
//! desktop's 「在手机上继续」 QR code read by a phone.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::flows::{PASSWORD, at_payment, order_via_api, start};
use support::{Device, Harness};

/// The path and query of an absolute URL of the app.
fn path_of(h: &Harness, url: &str) -> String {
    url.strip_prefix(&h.base_url)
        .unwrap_or_else(|| panic!("{url} is not on {}", h.base_url))
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_return_from_wechat_pay_in_another_browser_goes_on_to_the_password_and_home() {
    let h = start(Device::phone(), 600).await;
    let id = at_payment(&h).await;
    order_via_api(&h, &id).await;
    h.open("/pay").await;
    h.find_text("个人移动证书").await;
    h.click_button("支付").await;
    h.wait_until(
        "the cashier opens",
        "return location.pathname.startsWith('/sandbox/wxpay/cashier/')",
    )
    .await;
    h.click_text("确认支付").await;
    h.find_text("支付成功").await;
    let back = h
        .eval("return document.querySelector('a.btn').href")
        .await
        .as_str()
        .unwrap()
        .to_owned();
    assert!(back.starts_with(&h.url("/resume/")), "{back}");

    // WeChat opens the way back in a browser without the app's storage.
    let other = h.other_browser(Device::phone()).await;
    other.open(&path_of(&h, &back)).await;
    other.wait_for_path("/pay-result").await;
    other.find_text("支付成功").await;
    other.screenshot("resume-pay-success").await;
    assert_eq!(
        other
            .eval("return JSON.parse(localStorage.getItem('cloudsign.registration'))")
            .await,
        serde_json::json!(id)
    );
    // The link carries no login and no password: only the registration.
    let stored = other
        .eval("return JSON.stringify(Object.entries(localStorage))")
        .await;
    assert!(
        !stored.as_str().unwrap().contains("cloudsign.session"),
        "{stored}"
    );
    other.click_button("设置签署密码").await;
    other.wait_for_path("/set-password").await;
    other.type_into("password", PASSWORD).await;
    other.type_into("confirm", PASSWORD).await;
    other.submit_form().await;
    other.wait_for_path("/home").await;
    other.find_text("张* · 138****8000").await;

    // Used once; opened again it says so and offers the phone number instead.
    other.open(&path_of(&h, &back)).await;
    other
        .find_text("该链接已使用过，请用手机号和验证码继续办理")
        .await;
    other.find_text("用手机号继续办理").await;
    other.screenshot("resume-used").await;
    other.close().await;
    h.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_desktop_hand_off_brings_the_same_registration_to_the_phone() {
    let h = start(Device::Desktop, 600).await;
    let id = at_payment(&h).await;
    h.open("/confirm").await;
    h.find_text("实名认证已通过").await;
    h.find_text("在手机上继续").await;
    h.screenshot("desktop-handoff-confirm").await;
    let codes = h.visible_qr_codes().await;
    let link = codes
        .iter()
        .find(|text| text.starts_with(&h.url("/resume/")))
        .unwrap_or_else(|| panic!("no resume link among {codes:?}"))
        .clone();

    let phone = h.other_browser(Device::phone()).await;
    phone.open(&path_of(&h, &link)).await;
    phone.wait_for_path("/confirm").await;
    phone.find_text("实名认证已通过").await;
    assert_eq!(
        phone
            .eval("return JSON.parse(localStorage.getItem('cloudsign.registration'))")
            .await,
        serde_json::json!(id)
    );
    phone.screenshot("resume-on-phone").await;

    // A link that is not (or no longer) good: 继续办理 by phone number and code instead.
    phone.open("/resume/no-such-link").await;
    phone
        .find_text("链接无效，请用手机号和验证码继续办理")
        .await;
    phone.click_text("用手机号继续办理").await;
    phone.wait_for_path("/continue").await;
    phone.type_into("phone", support::flows::PHONE).await;
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    phone.click_text("获取验证码").await;
    phone.find_text("验证码已发送").await;
    let code = phone.sms_code(support::flows::PHONE, "register").await;
    phone.type_into("sms_code", &code).await;
    phone.screenshot("continue-by-phone").await;
    phone.submit_form().await;
    phone.wait_for_path("/confirm").await;
    phone.find_text("实名认证已通过").await;
    phone.close().await;
    h.close().await;
}
