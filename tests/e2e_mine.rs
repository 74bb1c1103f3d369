//! End-to-end: 我的 → 我的订单 → 个人证书订单信息 → 开票 (a wrong tax number, then a right one)
//! → 已开 → 查看发票, with the mail in the sandbox outbox; 我的证书; 切换单位; 修改签署密码.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use serde_json::json;
use support::flows::{PASSWORD, PHONE, logged_in, registered_person};
use support::{Device, Harness};

async fn certificate_serial(h: &Harness, token: &str) -> String {
    let (_, body) = h.send_authorized("GET", "/api/me/certificate", token).await;
    body["serial"].as_str().unwrap_or_default().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn orders_invoice_certificate_and_password() {
    let h = Harness::start_with_state(
        Device::phone(),
        |_| {},
        |state| state.sms_policy.resend_interval = 1,
    )
    .await;
    h.open("/orgs").await;
    registered_person(&h).await;
    logged_in(&h).await;

    h.open("/home").await;
    h.click_text("我的").await;
    h.wait_for_path("/mine").await;
    for item in [
        "我的证书",
        "我的签名",
        "修改签署密码",
        "我的订单",
        "签署记录",
        "退出登录",
    ] {
        h.find_text(item).await;
    }
    h.screenshot("mine").await;

    h.click_text("我的订单").await;
    h.wait_for_path("/orders").await;
    h.find_text("发票未开").await;
    h.screenshot("orders").await;
    h.click_text("个人移动证书").await;
    h.find_text("个人证书订单信息").await;
    h.find_text("¥130.00/1年").await;
    h.find_text("未开").await;
    h.screenshot("order-detail").await;
    h.click_button("开具电子发票").await;

    h.find_text("发票信息").await;
    h.type_into("title", "惠州市某建设工程有限公司").await;
    h.type_into("tax_number", "91110000802100433C").await;
    h.type_into("email", "bid@example.com").await;
    h.find_text("统一社会信用代码校验位不正确，请核对").await;
    h.find_text(PHONE).await;
    h.screenshot("invoice-form-error").await;
    h.type_into("tax_number", "91110000802100433B").await;
    h.wait_for_text_gone("校验位不正确").await;
    h.click_button("确定").await;
    h.find_text("电子发票已开具").await;
    h.find_text("已发送至 bid@example.com").await;
    h.screenshot("invoice").await;
    let mail = h.get_json("/sandbox/mail?to=bid@example.com").await;
    assert_eq!(mail[0]["subject"], "云签署电子发票");
    assert!(mail[0]["attachment_bytes"].as_u64().unwrap() > 1000);
    // The PDF, fetched with the session.
    h.click_button("下载发票PDF").await;
    h.wait_until(
        "the PDF is ready to open",
        "const a = [...document.querySelectorAll('a')].find(a => a.textContent === '打开发票PDF'); return !!a && a.href.startsWith('blob:')",
    )
    .await;

    // Back on the order: 已开, and 查看发票 shows the same invoice.
    h.open("/orders").await;
    h.find_text("发票已开").await;
    h.click_text("个人移动证书").await;
    h.find_text("已开").await;
    h.click_button("查看发票").await;
    h.find_text("电子发票已开具").await;

    // 我的证书
    h.open("/certificate").await;
    h.find_text("CloudSign Sandbox CA").await;
    h.find_text("365天").await;
    h.screenshot("certificate").await;

    // 切换单位: add one, make it current, and 首页 shows it.
    h.open("/mine").await;
    h.click_text("切换单位").await;
    h.wait_for_path("/units").await;
    h.find_text("当前").await;
    h.type_into("unit_name", "惠州市某招标代理有限公司").await;
    h.find_css("select[name=unit_role]")
        .await
        .select_by_value("agency")
        .await
        .unwrap();
    h.click_button("添加").await;
    h.find_text("单位已添加").await;
    h.click_text("惠州市某招标代理有限公司").await;
    h.find_text("已切换到惠州市某招标代理有限公司").await;
    h.screenshot("units").await;
    h.open("/home").await;
    h.find_text("惠州市某招标代理有限公司").await;

    // 修改签署密码: then the old password no longer logs in.
    h.open("/change-password").await;
    h.type_into("old_password", PASSWORD).await;
    h.type_into("password", "Newpass2026").await;
    h.type_into("confirm", "Newpass2026").await;
    h.click_button("确定").await;
    h.find_text("签署密码已修改").await;
    let (status, _) = h
        .send(
            "POST",
            "/api/auth/login",
            "application/json",
            json!({"org_id": "huizhou", "phone": PHONE, "password": PASSWORD})
                .to_string()
                .into_bytes(),
        )
        .await;
    assert_eq!(status, 403);
    h.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forgotten_password_is_reset_with_the_code_and_the_face() {
    let h = Harness::start_with_state(
        Device::phone(),
        |_| {},
        |state| state.sms_policy.resend_interval = 1,
    )
    .await;
    h.open("/orgs").await;
    registered_person(&h).await;
    logged_in(&h).await;
    let token = h
        .eval("return JSON.parse(localStorage.getItem('cloudsign.session')).token")
        .await;
    let before = certificate_serial(&h, token.as_str().unwrap()).await;

    h.open("/reset-password").await;
    h.find_text(
        "原签署密码无法找回。重置后将为您签发新证书，原证书将被注销，已完成的签署不受影响。",
    )
    .await;
    h.type_into("phone", PHONE).await;
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    h.click_text("获取验证码").await;
    h.find_text("验证码已发送").await;
    let code = h.sms_code(PHONE, "reset").await;
    h.type_into("sms_code", &code).await;
    h.screenshot("reset-password").await;
    h.click_button("下一步").await;
    h.click_button("开始刷脸认证").await;
    h.find_text("设置新的签署密码").await;
    // A reload here keeps the step (the server still holds the verified reset).
    h.reload().await;
    h.find_text("设置新的签署密码").await;
    h.type_into("password", "Reset2026ok").await;
    h.type_into("confirm", "Reset2026ok").await;
    h.click_button("确定重置").await;
    h.wait_for_path("/home").await;
    h.find_text("签署密码已重置，新证书已签发").await;

    let login = |password: &str| {
        json!({"org_id": "huizhou", "phone": PHONE, "password": password})
            .to_string()
            .into_bytes()
    };
    assert_eq!(
        h.send(
            "POST",
            "/api/auth/login",
            "application/json",
            login(PASSWORD)
        )
        .await
        .0,
        403
    );
    let (status, session) = h
        .send(
            "POST",
            "/api/auth/login",
            "application/json",
            login("Reset2026ok"),
        )
        .await;
    assert_eq!(status, 200);
    let after = certificate_serial(&h, session["token"].as_str().unwrap()).await;
    assert!(
        !after.is_empty() && after != before,
        "a new certificate: {before} → {after}"
    );
    h.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_certificate_near_its_end_is_renewed_through_wechat_pay() {
    // Every certificate is "near its end" with a 400-day window.
    let h = Harness::start_with_state(
        Device::phone(),
        |config| config.renewal_window_days = 400,
        |state| state.sms_policy.resend_interval = 1,
    )
    .await;
    h.open("/orgs").await;
    registered_person(&h).await;
    logged_in(&h).await;
    h.open("/certificate").await;
    h.find_text("证书即将到期").await;
    let before = h
        .eval("return [...document.querySelectorAll('.info-list dd')][5].textContent")
        .await;
    h.screenshot("certificate-renewal").await;
    h.click_button("续期").await;

    h.wait_for_path("/pay").await;
    h.find_text("个人移动证书（续期）").await;
    assert!(
        !h.has_text("实名认证").await,
        "no registration stepper on a renewal"
    );
    h.click_button("支付").await;
    h.wait_until(
        "the cashier opens",
        "return location.pathname.startsWith('/sandbox/wxpay/cashier/')",
    )
    .await;
    h.click_text("确认支付").await;
    h.find_text("支付成功").await;
    h.click_text("返回商户").await;
    h.wait_for_path("/pay-result").await;
    h.find_text("续期成功").await;
    h.screenshot("renewal-done").await;
    h.click_button("查看证书").await;
    h.wait_for_path("/certificate").await;
    h.find_text("个人移动证书").await;
    let after = h
        .eval("return [...document.querySelectorAll('.info-list dd')][5].textContent")
        .await;
    assert_ne!(before, after, "the end moved a year on");
    h.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_ended_elsewhere_leads_to_login_and_back_to_the_page() {
    let h = Harness::start_with_state(
        Device::phone(),
        |_| {},
        |state| state.sms_policy.resend_interval = 1,
    )
    .await;
    h.open("/orgs").await;
    registered_person(&h).await;
    logged_in(&h).await;
    h.open("/orders").await;
    h.find_text("个人移动证书").await;

    // The session ends on the server (the password was changed on another phone, say): the
    // next call of any page finds out, and the person logs in and comes back to that page.
    let token = h
        .eval("return JSON.parse(localStorage.getItem('cloudsign.session')).token")
        .await;
    let (status, _) = h
        .send_authorized("DELETE", "/api/session", token.as_str().unwrap())
        .await;
    assert_eq!(status, 204);
    h.click_text("个人移动证书").await;
    h.wait_for_path("/login").await;
    h.find_text("登录已失效，请重新登录").await;
    h.screenshot("session-expired-login").await;
    h.type_into("phone", PHONE).await;
    h.click_button("下一步").await;
    h.click_button("确定").await;
    h.type_into("signing_password", PASSWORD).await;
    h.click_button("确认").await;
    h.wait_until(
        "back on the order",
        "return location.pathname.startsWith('/order/')",
    )
    .await;
    h.find_text("个人证书订单信息").await;
    h.close().await;
}
