//! End-to-end: the order, WeChat Pay in each environment, the result page, 设置签署密码.
//! The registration is brought to the payment step through the API (the registration tests
//! drive those screens); from there the browser does everything.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use serde_json::json;
use support::flows::{PASSWORD, PHONE, at_payment, order_via_api, pay_at_sandbox, start};
use support::{Device, WECHAT_USER_AGENT};
const MINI_PROGRAM_UA: &str = "Mozilla/5.0 (Linux; Android 12; M2012K11AC Build/SKQ1.211006.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/111.0.5563.116 Mobile Safari/537.36 XWEB/5235 MMWEBSDK/20230805 MMWEBID/6172 MicroMessenger/8.0.42.2460(0x28002A3C) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64 miniProgram/wx1234567890abcdef";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn h5_pay_through_the_cashier_back_to_the_merchant_then_the_password_and_home() {
    let h = start(Device::phone(), 600).await;
    at_payment(&h).await;

    // Opening the app resumes at 确认信息, which now takes the code for the order.
    h.open("/").await;
    h.wait_for_path("/confirm").await;
    h.find_text("实名认证已通过").await;
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    h.click_text("获取验证码").await;
    h.find_text("验证码已发送").await;
    let code = h.sms_code(PHONE, "confirm").await;
    h.type_into("sms_code", &code).await;
    h.screenshot("confirm-order").await;
    h.submit_form().await;

    // 支付: the order, the countdown by the server's clock.
    h.wait_for_path("/pay").await;
    h.find_text("个人移动证书").await;
    h.find_text("¥130.00").await;
    let order_no = h
        .eval("return document.querySelector('.order-no').textContent")
        .await;
    assert!(
        order_no.as_str().unwrap().starts_with("wechat"),
        "{order_no}"
    );
    h.wait_until(
        "the countdown runs from about ten minutes",
        "return /^(10:00|09:[0-9]{2})$/.test(document.querySelector('.countdown-value').textContent)",
    )
    .await;
    h.screenshot("pay").await;
    // A reload loses nothing: the same order, still counting.
    h.reload().await;
    h.find_text("个人移动证书").await;
    assert_eq!(
        h.eval("return document.querySelector('.order-no').textContent")
            .await,
        order_no
    );
    // 「取消」 asks first; 「再想想」 keeps the order.
    h.click_button("取消").await;
    h.find_text("确定取消订单吗？").await;
    h.screenshot("pay-cancel-dialog").await;
    h.click_button("再想想").await;
    h.wait_for_text_gone("确定取消订单吗？").await;

    // 「支付」 in a phone browser: WeChat's H5 cashier with the way back URL-encoded on it.
    h.click_button("支付").await;
    h.wait_until(
        "the cashier opens",
        "return location.pathname.startsWith('/sandbox/wxpay/cashier/')",
    )
    .await;
    let redirect = h
        .eval("return new URLSearchParams(location.search).get('redirect_url')")
        .await;
    // A resume link: the way back works even in a browser that shares nothing with this one.
    assert!(
        redirect.as_str().unwrap().starts_with(&h.url("/resume/")),
        "{redirect}"
    );
    h.find_text("¥130.00").await;
    h.screenshot("wxpay-cashier").await;
    h.reload().await;
    h.click_text("确认支付").await;
    h.find_text("支付成功").await;
    h.click_text("返回商户").await;

    // The result page asks the server, which has the signed notification by now (or asks).
    h.wait_for_path("/pay-result").await;
    h.find_text("支付成功").await;
    h.find_text("¥130.00").await;
    h.screenshot("pay-success").await;
    h.reload().await;
    h.find_text("支付成功").await;
    h.click_button("设置签署密码").await;

    // 设置签署密码: the rule as the person types, both fields checked.
    h.wait_for_path("/set-password").await;
    h.type_into("password", "qianshu").await;
    assert_eq!(
        h.eval("return [...document.querySelectorAll('.rule-list li.met')].map(li => li.textContent.replace(/[✓·（）已未满足]/g, '').trim())")
            .await,
        json!(["含小写字母"])
    );
    h.screenshot("set-password-rule").await;
    h.type_into("password", PASSWORD).await;
    h.type_into("confirm", "Qianshu2027").await;
    h.find_text("两次输入的密码不一致").await;
    h.screenshot("set-password-mismatch").await;
    // A reload in the middle keeps nothing of the password (it is never stored) but the step.
    h.reload().await;
    h.find_text("设置签署密码").await;
    assert_eq!(
        h.eval("return document.querySelector('[name=password]').value")
            .await,
        ""
    );
    h.type_into("password", PASSWORD).await;
    h.type_into("confirm", PASSWORD).await;
    h.submit_form().await;

    // Registered, logged in, on 首页; the password is nowhere in the browser's storage.
    h.wait_for_path("/home").await;
    h.find_text("惠州市某建设工程有限公司").await;
    h.find_text("张* · 138****8000").await;
    h.screenshot("home").await;
    let stored = h
        .eval("return JSON.stringify(Object.entries(localStorage)) + JSON.stringify(Object.entries(sessionStorage))")
        .await;
    assert!(!stored.as_str().unwrap().contains(PASSWORD), "{stored}");
    h.reload().await;
    h.find_text("惠州市某建设工程有限公司").await;
    h.open("/").await;
    h.wait_for_path("/home").await;
    h.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wechat_pays_through_the_js_bridge_and_the_server_decides() {
    let h = start(
        Device::Phone {
            user_agent: WECHAT_USER_AGENT,
        },
        600,
    )
    .await;
    let id = at_payment(&h).await;
    order_via_api(&h, &id).await;
    h.open("/pay").await;
    h.find_text("个人移动证书").await;
    // WeChat's bridge, standing in: it records the call, pays at the sandbox as WeChat would,
    // then answers ok.
    h.eval(
        "window.WeixinJSBridge = { invoke(name, params, callback) {
            window.bridgeCall = { name, params };
            const prepay = params.package.replace('prepay_id=', '');
            fetch('/sandbox/wxpay/cashier/' + prepay + '/pay', { method: 'POST' })
                .then(() => callback({ err_msg: 'get_brand_wcpay_request:ok' }));
        } };",
    )
    .await;
    h.click_button("支付").await;
    h.wait_for_path("/pay-result").await;
    h.find_text("支付成功").await;
    let call = h.eval("return window.bridgeCall").await;
    assert_eq!(call["name"], "getBrandWCPayRequest");
    assert!(
        call["params"]["package"]
            .as_str()
            .unwrap()
            .starts_with("prepay_id=wx")
    );
    for key in ["appId", "timeStamp", "nonceStr", "signType", "paySign"] {
        assert!(
            call["params"][key].as_str().is_some_and(|v| !v.is_empty()),
            "{key}: {call}"
        );
    }
    h.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bridge_ok_without_a_payment_is_not_believed() {
    let h = start(
        Device::Phone {
            user_agent: WECHAT_USER_AGENT,
        },
        600,
    )
    .await;
    let id = at_payment(&h).await;
    order_via_api(&h, &id).await;
    h.open("/pay").await;
    h.find_text("个人移动证书").await;
    h.eval(
        "window.WeixinJSBridge = { invoke(name, params, callback) {
            callback({ err_msg: 'get_brand_wcpay_request:ok' });
        } };",
    )
    .await;
    h.click_button("支付").await;
    h.wait_for_path("/pay-result").await;
    h.find_text_containing("正在确认支付结果").await;
    // After a few unpaid answers the page asks the person, as WeChat advises.
    h.find_text("请确认微信支付是否已完成").await;
    h.find_text("重新支付").await;
    h.screenshot("pay-result-unconfirmed").await;
    assert!(!h.has_text("支付成功").await);
    h.click_button("重新支付").await;
    h.wait_for_path("/pay").await;
    h.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mini_program_hands_over_to_its_pay_page_and_comes_back_to_the_result() {
    let h = start(
        Device::Phone {
            user_agent: MINI_PROGRAM_UA,
        },
        600,
    )
    .await;
    let id = at_payment(&h).await;
    let order_no = order_via_api(&h, &id).await;
    h.open("/pay").await;
    h.find_text("个人移动证书").await;
    h.eval(
        "window.wx = { miniProgram: { navigateTo(options) {
            window.navigatedTo = options.url;
            options.success && options.success();
        } } };",
    )
    .await;
    h.click_button("支付").await;
    h.wait_for_path("/pay-result").await;
    let url = h.eval("return window.navigatedTo").await;
    let url = url.as_str().unwrap();
    let (path, query) = url.split_once('?').unwrap();
    assert_eq!(path, "/pages/pay/pay");
    let params: std::collections::HashMap<String, String> = query
        .split('&')
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap();
            let decoded = h_decode(value);
            (key.to_owned(), decoded)
        })
        .collect();
    assert_eq!(params["orderNo"], order_no);
    assert_eq!(params["returnUrl"], h.url("/pay-result"));
    assert_eq!(params["signType"], "HMAC-SHA256");
    assert!(params["package"].starts_with("prepay_id=wx"));
    assert!(!params["paySign"].is_empty() && !params["nonceStr"].is_empty());
    assert!(params["timeStamp"].parse::<i64>().is_ok());

    // The mini-program page pays; the result page, polling, sees it.
    h.find_text_containing("正在确认支付结果").await;
    pay_at_sandbox(&h, params["package"].trim_start_matches("prepay_id=")).await;
    h.find_text("支付成功").await;
    h.close().await;
}

/// decodeURIComponent, for the test's own reading of a URL.
fn h_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&text[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_desktop_shows_a_qr_code_of_code_url_and_notices_the_payment() {
    let h = start(Device::Desktop, 600).await;
    let id = at_payment(&h).await;
    order_via_api(&h, &id).await;
    h.open("/pay").await;
    h.find_text("个人移动证书").await;
    h.click_button("支付").await;
    h.find_text_containing("请使用微信扫一扫完成支付").await;
    h.screenshot("pay-desktop-native").await;
    let codes = h.visible_qr_codes().await;
    let code_url = codes
        .iter()
        .find(|text| text.starts_with("/sandbox/wxpay/cashier/wx"))
        .unwrap_or_else(|| panic!("no code_url among {codes:?}"))
        .clone();
    // Paid from a phone: the page notices by asking the server.
    pay_at_sandbox(&h, code_url.rsplit('/').next().unwrap()).await;
    h.wait_for_path("/pay-result").await;
    h.find_text("支付成功").await;
    h.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_order_left_alone_closes_at_expiry() {
    let h = start(Device::phone(), 4).await;
    let id = at_payment(&h).await;
    order_via_api(&h, &id).await;
    h.open("/pay").await;
    h.find_text("个人移动证书").await;
    h.find_text("订单已关闭").await;
    h.find_text("重新下单").await;
    h.screenshot("pay-expired").await;
    // The server closed it by itself: paying it is refused.
    let (status, answer) = h
        .send(
            "POST",
            &format!("/api/registrations/{id}/order/pay"),
            "application/json",
            json!({"channel": "h5", "redirect_url": null})
                .to_string()
                .into_bytes(),
        )
        .await;
    assert_eq!(status, 409, "{answer}");

    h.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_asks_then_closes_the_order() {
    let h = start(Device::phone(), 600).await;
    let id = at_payment(&h).await;
    order_via_api(&h, &id).await;
    h.open("/pay").await;
    h.find_text("个人移动证书").await;
    h.click_button("取消").await;
    h.click_button("取消订单").await;
    h.find_text("订单已取消").await;
    h.find_text("订单已关闭").await;
    let order = h.get_json(&format!("/api/registrations/{id}/order")).await;
    assert_eq!(order["status"], "closed");
    h.click_button("重新下单").await;
    h.wait_for_path("/confirm").await;
    h.find_text("实名认证已通过").await;
    h.close().await;
}
