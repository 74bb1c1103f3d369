//! End-to-end: log in with the signing password, scan the sandbox sealing client's QR code with
//! the (fake) camera, sign, and see the signatures on the sealing client's page.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::path::PathBuf;

use serde_json::json;
use support::flows::{PASSWORD, PHONE, registered_person};
use support::{Device, Harness, WECHAT_USER_AGENT};

async fn start(signing_ttl: i64) -> Harness {
    Harness::start_with_state(
        Device::phone(),
        |config| config.signing_ttl_secs = signing_ttl,
        |state| state.sms_policy.resend_interval = 1,
    )
    .await
}

/// How the code on the filmed screen looks.
#[derive(Clone, Copy, PartialEq)]
enum Screen {
    Clean,
    /// Six data modules show the wrong colour (a smudge, a dead pixel, glare), so the decoder
    /// must correct errors: the path (rxing's Reed–Solomon decoder) that a toolchain fault
    /// once trapped in the release worker (src/allocator.rs).
    Smudged,
}

/// A 640×480 Y4M video whose frames show `text` as a QR code on a grey desk: what Chromium's
/// fake camera will film.
fn qr_video(h: &Harness, name: &str, text: &str, screen: Screen) -> PathBuf {
    let code = qrcode::QrCode::new(text.as_bytes()).unwrap();
    let modules = code.width();
    let mut colors = code.to_colors();
    if screen == Screen::Smudged {
        // The three bottom rows right of column 9 hold only data: no finder, timing or
        // alignment pattern reaches them (the nearest alignment pattern stops 4 modules short).
        assert!(
            modules >= 29,
            "a code too small to smudge safely: {modules} modules"
        );
        let n = modules;
        for (row, column) in [
            (n - 1, n - 1),
            (n - 1, n - 6),
            (n - 2, n - 3),
            (n - 3, n - 10),
            (n - 1, n - 14),
            (n - 2, n - 20),
        ] {
            let module = &mut colors[row * n + column];
            *module = if *module == qrcode::Color::Dark {
                qrcode::Color::Light
            } else {
                qrcode::Color::Dark
            };
        }
    }
    let (width, height, scale) = (640usize, 480usize, 5usize);
    let mut luma = vec![120u8; width * height];
    let size = (modules + 8) * scale;
    let (x0, y0) = ((width - size) / 2, (height - size) / 2);
    for y in 0..size {
        for x in 0..size {
            let (mx, my) = ((x / scale) as isize - 4, (y / scale) as isize - 4);
            let dark = mx >= 0
                && my >= 0
                && (mx as usize) < modules
                && (my as usize) < modules
                && colors[my as usize * modules + mx as usize] == qrcode::Color::Dark;
            luma[(y0 + y) * width + x0 + x] = if dark { 25 } else { 235 };
        }
    }
    let mut video = format!("YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n").into_bytes();
    for _ in 0..10 {
        video.extend_from_slice(b"FRAME\n");
        video.extend_from_slice(&luma);
        video.extend(std::iter::repeat_n(128u8, width * height / 2));
    }
    let path = h.scratch().join(format!("{name}.y4m"));
    std::fs::write(&path, video).unwrap();
    path
}

async fn log_in(h: &Harness) {
    h.open("/login").await;
    h.type_into("phone", PHONE).await;
    h.click_button("下一步").await;
    h.find_text("张* · 惠州市某建设工程有限公司").await;
    h.screenshot("login-confirm-person").await;
    h.click_button("确定").await;
    h.find_text("字母区分大小写").await;
    // A wrong password first: the tries left are shown.
    h.type_into("signing_password", "qianshu2026").await;
    h.click_button("确认").await;
    h.find_text("签署密码错误，还可尝试4次").await;
    h.screenshot("login-password-wrong").await;
    h.type_into("signing_password", PASSWORD).await;
    h.click_button("确认").await;
    h.wait_for_path("/home").await;
}

/// Two documents at the sandbox sealing client: (its page, the QR code's text).
async fn seal_session(h: &Harness) -> (String, String) {
    h.seal_session(&["招标文件.pdf", "投标函.pdf"], "personal")
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn log_in_scan_the_sealing_clients_code_with_the_camera_and_sign() {
    let mut h = start(300).await;
    h.open("/orgs").await;
    registered_person(&h).await;
    log_in(&h).await;
    h.find_text("惠州市某建设工程有限公司").await;
    h.screenshot("home-logged-in").await;

    let (seal_client_page, qr_text) = seal_session(&h).await;
    assert!(qr_text.starts_with(&h.url("/s/")), "{qr_text}");
    let video = qr_video(&h, "seal-code", &qr_text, Screen::Smudged);
    h.use_camera_video(&video).await;

    // 扫一扫 at the top right of 首页: the real camera path (getUserMedia → canvas → worker).
    h.open("/home").await;
    h.find_css("a.nav-icon-labelled")
        .await
        .click()
        .await
        .unwrap();
    h.wait_for_path("/scan").await;
    h.wait_until(
        "the code is read and 签章确认 opens",
        "return location.pathname.startsWith('/s/')",
    )
    .await;
    h.find_text("签章确认").await;
    h.find_text("信鉴易印（沙箱）").await;
    h.find_text("招标文件.pdf").await;
    h.find_text("投标函.pdf").await;
    h.find_text("个人签名").await;
    h.screenshot("sign-confirm").await;

    h.click_button("签署").await;
    h.type_into("signing_password", PASSWORD).await;
    h.screenshot("sign-password").await;
    h.click_button("确认签署").await;
    h.find_text("签署成功").await;
    h.screenshot("sign-done").await;

    // The sealing client shows each signature, verified against the signer's certificate.
    h.open(&seal_client_page).await;
    h.find_text("签章完成").await;
    assert_eq!(
        h.eval("return document.body.textContent.split('验签通过').length - 1")
            .await,
        2
    );
    h.screenshot("seal-client-signed").await;

    // 签署记录, newest first.
    h.open("/records").await;
    h.find_text("招标文件.pdf、投标函.pdf").await;
    h.screenshot("records").await;

    // The same code again: already used.
    h.open(&format!("/s/{}", qr_text.rsplit('/').next().unwrap()))
        .await;
    h.find_text("该二维码已使用，请在电脑端重新扫码印章").await;
    h.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_foreign_code_is_named_and_an_expired_one_refused() {
    let mut h = start(3).await;
    h.open("/orgs").await;
    registered_person(&h).await;
    let video = qr_video(
        &h,
        "foreign",
        "WIFI:S:office;T:WPA;P:secret;;",
        Screen::Clean,
    );
    h.use_camera_video(&video).await;
    // Logged in (the session survives the browser restart, as on a phone).
    log_in(&h).await;
    h.open("/scan").await;
    h.find_text("不是云签署的签署二维码").await;
    h.screenshot("scan-foreign").await;

    // A signing link opened after its five minutes (three seconds here).
    let (_, qr_text) = seal_session(&h).await;
    tokio::time::sleep(std::time::Duration::from_secs(4)).await;
    h.open(&format!("/s/{}", qr_text.rsplit('/').next().unwrap()))
        .await;
    h.find_text("二维码已过期，请在电脑端重新扫码印章").await;
    h.screenshot("sign-expired").await;
    h.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inside_wechat_its_own_scanner_reads_the_code_and_a_shared_link_is_a_card() {
    let h = Harness::start_with_state(
        Device::Phone {
            user_agent: WECHAT_USER_AGENT,
        },
        |_| {},
        |state| state.sms_policy.resend_interval = 1,
    )
    .await;
    h.open("/orgs").await;
    registered_person(&h).await;
    support::flows::logged_in(&h).await;
    let (_, qr_text) = seal_session(&h).await;
    let token = qr_text.rsplit("/s/").next().unwrap().to_owned();

    // 扫一扫 opens WeChat's scanner (the sandbox's wx, configured with the server's signature),
    // which reads the desktop's code: straight to 签章确认, no camera in the page.
    h.open("/home").await;
    h.click_text("扫码签署").await;
    h.wait_for_path(&format!("/s/{token}")).await;
    h.find_text("招标文件.pdf").await;
    assert_eq!(
        h.count_css("video").await,
        0,
        "the page's camera was not needed"
    );
    h.screenshot("wechat-scan-to-sign").await;

    // The share card, set once the JS-SDK was configured.
    h.wait_until(
        "the share card is set",
        "return window.__wxShare && window.__wxShare.title === '云签署'",
    )
    .await;
    assert_eq!(
        h.eval("return window.__wxShare.imgUrl").await,
        json!(h.url("/icons/icon-192.png"))
    );
    h.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inside_wechat_without_the_js_sdk_the_page_scans_with_its_own_camera() {
    // This page's origin is not among the official account's JS-safe domains: no configuration.
    let h = Harness::start_with_state(
        Device::Phone {
            user_agent: WECHAT_USER_AGENT,
        },
        |config| config.wechat_js_origins = vec!["https://qs.example.cn".into()],
        |state| state.sms_policy.resend_interval = 1,
    )
    .await;
    h.open("/orgs").await;
    registered_person(&h).await;
    support::flows::logged_in(&h).await;
    h.open("/scan").await;
    h.wait_until(
        "the page's scanner runs instead",
        "return document.querySelectorAll('video.scan-video').length === 1",
    )
    .await;
    h.find_text("将电脑端信鉴易印「扫码印章」的二维码放入框内，即可自动扫描")
        .await;
    assert!(
        !h.has_text("微信组件配置失败").await,
        "no error in the person's face"
    );
    h.close().await;
}
