//! Ways to bring a person to a step through the API, for tests about the steps after it.

use base64::Engine;
use serde_json::{Value, json};

use super::{Device, Harness};

pub const PHONE: &str = "13800138000";
pub const PASSWORD: &str = "Qianshu2026";

/// A backend whose SMS sandbox lets the same phone have a second code a second later (the
/// registration's code and the order's), and whose orders last `order_ttl` seconds.
pub async fn start(device: Device, order_ttl: i64) -> Harness {
    Harness::start_with_state(
        device,
        |config| config.order_ttl_secs = order_ttl,
        |state| state.sms_policy.resend_interval = 1,
    )
    .await
}

pub async fn sms_code(h: &Harness, purpose: &str) -> String {
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    h.send_json(
        "POST",
        "/api/sms/send",
        json!({"phone": PHONE, "purpose": purpose}),
    )
    .await;
    h.sms_code(PHONE, purpose).await
}

/// A PNG header of the given size: the server reads sizes from headers.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend_from_slice(&width.to_be_bytes());
    png.extend_from_slice(&height.to_be_bytes());
    png.extend_from_slice(&[8, 2, 0, 0, 0, 0, 0, 0, 0]);
    png
}

/// Registers 张三 through the API up to the payment step and hands the browser the
/// registration, as the earlier screens would have. Returns the registration id.
pub async fn at_payment(h: &Harness) -> String {
    let code = sms_code(h, "register").await;
    let registration = h
        .send_json(
            "POST",
            "/api/registrations",
            json!({"org_id": "huizhou", "role": "bidder", "unit_name": "惠州市某建设工程有限公司",
                   "name": "张三", "phone": PHONE, "sms_code": code, "agreed": true}),
        )
        .await;
    let id = registration["id"].as_str().unwrap().to_owned();
    h.send_json(
        "PUT",
        &format!("/api/registrations/{id}/identity"),
        json!({"id_number": "11010519491231002X"}),
    )
    .await;
    for side in ["portrait", "emblem"] {
        let (status, answer) = h
            .send(
                "PUT",
                &format!("/api/registrations/{id}/id-card/{side}"),
                "image/png",
                png(1600, 1000),
            )
            .await;
        assert_eq!(status, 200, "{answer}");
    }
    let challenge = h
        .send_json(
            "POST",
            &format!("/api/registrations/{id}/liveness/challenge"),
            json!({}),
        )
        .await;
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
    let frames: Vec<Value> = challenge["prompts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|prompt| json!({"prompt": prompt, "images": (0..4).map(|i| b64(&png(320 + i, 240))).collect::<Vec<_>>()}))
        .collect();
    h.send_json(
        "POST",
        &format!("/api/registrations/{id}/liveness"),
        json!({"challenge_id": challenge["challenge_id"], "frames": frames}),
    )
    .await;

    let orgs = h.get_json("/api/orgs").await;
    let huizhou = orgs["orgs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|org| org["id"] == "huizhou")
        .unwrap()
        .clone();
    h.open("/orgs").await;
    h.eval(&format!(
        "localStorage.setItem('cloudsign.org', {}); localStorage.setItem('cloudsign.registration', {});",
        serde_json::to_string(&huizhou.to_string()).unwrap(),
        serde_json::to_string(&json!(id).to_string()).unwrap(),
    ))
    .await;
    id
}

/// The order made through the API, as 确认信息's 「确定」 would; returns the order number.
pub async fn order_via_api(h: &Harness, id: &str) -> String {
    let code = sms_code(h, "confirm").await;
    let order = h
        .send_json(
            "POST",
            &format!("/api/registrations/{id}/order"),
            json!({"sms_code": code}),
        )
        .await;
    order["order_no"].as_str().unwrap().to_owned()
}

/// Pays a prepay at the sandbox as WeChat would after the person confirmed.
pub async fn pay_at_sandbox(h: &Harness, prepay_id: &str) {
    let (status, page) = h
        .send(
            "POST",
            &format!("/sandbox/wxpay/cashier/{prepay_id}/pay"),
            "application/x-www-form-urlencoded",
            Vec::new(),
        )
        .await;
    assert_eq!(status, 200);
    assert!(page.as_str().unwrap().contains("支付成功"), "{page}");
}

/// A person registered through the API (paid, password set), with the organization chosen in
/// the browser; nobody is logged in there yet.
pub async fn registered_person(h: &Harness) {
    let id = at_payment(h).await;
    order_via_api(h, &id).await;
    let start = h
        .send_json(
            "POST",
            &format!("/api/registrations/{id}/order/pay"),
            json!({"channel": "h5", "redirect_url": null}),
        )
        .await;
    let prepay = start["h5_url"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_owned();
    pay_at_sandbox(h, &prepay).await;
    // The notification is asynchronous: the step moves when it has arrived.
    for _ in 0..50 {
        let state = h.get_json(&format!("/api/registrations/{id}")).await;
        if state["step"] == "password" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    h.send_json(
        "PUT",
        &format!("/api/registrations/{id}/password"),
        json!({"password": PASSWORD, "confirm": PASSWORD}),
    )
    .await;
    h.eval("localStorage.removeItem('cloudsign.registration')")
        .await;
}

/// Logs the registered person in through the API and gives the browser the session, as the
/// login page would.
pub async fn logged_in(h: &Harness) {
    let session = h
        .send_json(
            "POST",
            "/api/auth/login",
            json!({"org_id": "huizhou", "phone": PHONE, "password": PASSWORD}),
        )
        .await;
    h.eval(&format!(
        "localStorage.setItem('cloudsign.session', {})",
        serde_json::to_string(&session.to_string()).unwrap()
    ))
    .await;
}
