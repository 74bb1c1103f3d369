//! The app in English, screen by screen: chosen under 设置 → 语言, or by the browser's own
//! language. On every screen, in the text, the accessible names, placeholders and the title,
//! no Chinese remains but the person's own data and the organizations' names.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::Duration;

use serde_json::Value;
use support::flows::{PASSWORD, PHONE, at_payment, logged_in, order_via_api, registered_person};
use support::{Device, Harness};

/// The person's own data (what they typed, the documents their desktop sends and the sealing
/// client's registered name): Chinese by right.
const PERSON: [&str; 6] = [
    "惠州市某建设工程有限公司",
    "张三",
    "张*",
    "招标文件.pdf",
    "投标函.pdf",
    "信鉴易印（沙箱）",
];

/// Each language's own name, shown in that language so that its reader finds it.
const LANGUAGE_NAMES: [&str; 1] = ["简体中文"];

/// The organizations' names and places, as the server lists them.
async fn organization_names(h: &Harness) -> Vec<String> {
    let orgs = h.get_json("/api/orgs").await;
    let mut names: Vec<String> = orgs["orgs"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|org| [org["name"].as_str(), org["region"].as_str()])
        .flatten()
        .map(str::to_owned)
        .collect();
    names.extend(PERSON.map(str::to_owned));
    names.extend(LANGUAGE_NAMES.map(str::to_owned));
    // Longest first, so that a name is removed before a shorter one inside it.
    names.sort_by_key(|name| std::cmp::Reverse(name.chars().count()));
    names
}

/// The Chinese left on the screen once `allowed` is taken out: each run of Han characters with
/// a little of its context.
async fn chinese_on_screen(h: &Harness, allowed: &[String]) -> Vec<String> {
    let script = format!(
        r#"
        let texts = [document.body.innerText, document.title];
        for (const el of document.querySelectorAll('*')) {{
            for (const name of ['aria-label', 'placeholder', 'alt', 'title']) {{
                const value = el.getAttribute(name);
                if (value) texts.push(value);
            }}
        }}
        let text = texts.join('\n');
        for (const name of {allowed}) text = text.split(name).join('');
        return [...text.matchAll(/.{{0,12}}[\u4e00-\u9fff]+.{{0,12}}/g)].map(m => m[0]);
        "#,
        allowed = serde_json::to_string(allowed).unwrap()
    );
    h.eval(&script)
        .await
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}

struct Walk<'a> {
    h: &'a Harness,
    allowed: Vec<String>,
    found: Vec<String>,
}

impl Walk<'_> {
    /// Checks the screen as it is now, and keeps a screenshot to be looked at.
    async fn check(&mut self, name: &str) {
        for chinese in chinese_on_screen(self.h, &self.allowed).await {
            self.found.push(format!("{name}: {chinese:?}"));
        }
        self.h.screenshot(&format!("en-{name}")).await;
    }

    async fn visit(&mut self, path: &str) {
        self.h.open(path).await;
        self.h.screen_ready().await;
        let name = path.trim_start_matches('/').replace('/', "-");
        self.check(if name.is_empty() { "start" } else { &name })
            .await;
    }
}

fn assert_clean(found: Vec<String>) {
    assert!(
        found.is_empty(),
        "Chinese on English screens:\n{}",
        found.join("\n")
    );
}

async fn in_english(h: &Harness) {
    h.open("/orgs").await;
    h.eval("localStorage.setItem('cloudsign.language', '\"english\"')")
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_registration_in_english() {
    let h = support::flows::start(Device::phone(), 600).await;
    in_english(&h).await;
    let mut walk = Walk {
        h: &h,
        allowed: organization_names(&h).await,
        found: Vec::new(),
    };
    walk.visit("/orgs").await;
    assert_eq!(h.eval("return document.documentElement.lang").await, "en");
    // Registered up to 支付 through the API, the organization chosen as 选择机构 would.
    let id = at_payment(&h).await;
    walk.visit("/login").await;
    // The server's answer for a number with no account yet, in English.
    h.type_into("phone", PHONE).await;
    h.click_button("Next").await;
    h.find_text_containing("is not registered for CloudSign with")
        .await;
    walk.check("login-unregistered").await;
    walk.visit("/register").await;
    // Rules' messages on the form.
    h.type_into("name", "Zhang").await;
    h.type_into("phone", "1380013").await;
    h.find_text("Enter your name in Chinese, exactly as on your ID card")
        .await;
    walk.check("register-errors").await;
    walk.visit("/confirm").await;
    walk.visit("/real-name").await;
    order_via_api(&h, &id).await;
    walk.visit("/pay").await;
    h.find_text("Certificate fee order").await;
    walk.visit("/pay-result").await;
    walk.visit("/continue").await;
    walk.visit("/settings").await;
    walk.visit("/no-such-page").await;
    let found = walk.found;
    h.close().await;
    assert_clean(found);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_signed_in_screen_in_english() {
    let h = support::flows::start(Device::phone(), 600).await;
    in_english(&h).await;
    registered_person(&h).await;
    logged_in(&h).await;
    let mut walk = Walk {
        h: &h,
        allowed: organization_names(&h).await,
        found: Vec::new(),
    };
    for path in [
        "/home",
        "/mine",
        "/certificate",
        "/units",
        "/records",
        "/signature",
        "/signature-pad",
        "/change-password",
        "/reset-password",
        "/scan",
        "/settings",
    ] {
        walk.visit(path).await;
    }
    // A wrong password's answer from the server, in English.
    h.open("/change-password").await;
    h.type_into("old_password", "Wrong2026x").await;
    h.type_into("password", "Qianshu2027").await;
    h.type_into("confirm", "Qianshu2027").await;
    h.click_button("OK").await;
    h.find_text_containing("Wrong signing password;").await;
    walk.check("change-password-wrong").await;

    // Orders, one order, and the invoice issued from it.
    walk.visit("/orders").await;
    h.click_text("Personal mobile certificate").await;
    h.find_text("Personal certificate order").await;
    walk.check("order").await;
    h.click_button("Issue e-invoice").await;
    h.find_text("Invoice details").await;
    walk.check("invoice-form").await;
    h.type_into("title", "惠州市某建设工程有限公司").await;
    h.type_into("tax_number", "91110000802100433B").await;
    h.type_into("email", "bid@example.com").await;
    h.click_button("OK").await;
    h.find_text("E-invoice issued").await;
    walk.check("invoice").await;

    // Signing: the page a scanned code opens.
    let (_, qr_text) = h
        .seal_session(&["招标文件.pdf", "投标函.pdf"], "personal")
        .await;
    h.open(&format!("/s/{}", qr_text.rsplit('/').next().unwrap()))
        .await;
    h.find_text("Confirm signing").await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    walk.check("sign").await;
    h.click_button("Sign").await;
    h.find_text("Enter your signing password").await;
    h.type_into("signing_password", "qianshu2026").await;
    h.click_button("Sign now").await;
    h.find_text_containing("Wrong signing password;").await;
    walk.check("sign-wrong-password").await;
    h.type_into("signing_password", PASSWORD).await;
    h.click_button("Sign now").await;
    h.find_text("Signed").await;
    walk.check("signed").await;
    let found = walk.found;
    h.close().await;
    assert_clean(found);
}

/// With no choice made, the browser's language decides; a choice (on the login page, or under
/// 设置) wins over it and is kept; 跟随系统 hands the decision back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_browsers_language_decides_until_the_person_chooses() {
    let h = Harness::start_with_language(Device::phone(), "en-US").await;
    h.open("/orgs").await;
    h.find_text("Choose trading center").await;
    let choice: Value = h
        .eval("return localStorage.getItem('cloudsign.language')")
        .await;
    assert_eq!(choice, Value::Null, "nothing chosen yet");

    // The login page offers the other language by its own name.
    at_payment(&h).await;
    h.open("/login").await;
    h.click_text("简体中文").await;
    h.wait_until(
        "the page has reloaded in Chinese",
        "return document.documentElement.lang === 'zh-CN' && document.body.innerText.includes('手机号')",
    )
    .await;
    h.find_text("English").await;
    h.screenshot("login-language-toggle").await;
    let choice: Value = h
        .eval("return localStorage.getItem('cloudsign.language')")
        .await;
    assert_eq!(choice, "\"chinese\"", "kept on the device");
    h.open("/settings").await;
    h.find_text_containing("· Language").await;
    // 跟随系统 of 语言 (外观 has one too).
    h.eval("document.querySelector('[aria-labelledby=language-title] [role=radio]').click()")
        .await;
    h.wait_until(
        "the page has reloaded in the browser's language",
        "return document.documentElement.lang === 'en'",
    )
    .await;
    h.find_text("Language").await;
    h.close().await;
}

async fn in_large_text(h: &Harness) {
    h.eval("localStorage.setItem('cloudsign.display', '{\"text_size\":\"large\",\"theme\":\"light\"}')")
        .await;
}

/// English words are longer than the Chinese they translate: on the smallest phone in large
/// text no screen may need sideways scrolling.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn english_registration_in_large_text_fits_the_smallest_phone() {
    let h = support::flows::start(Device::SmallPhone, 600).await;
    in_english(&h).await;
    in_large_text(&h).await;
    let id = at_payment(&h).await;
    order_via_api(&h, &id).await;
    let overflowing = h
        .wider_than_the_screen(
            &[
                "/orgs",
                "/login",
                "/register",
                "/confirm",
                "/real-name",
                "/pay",
                "/continue",
                "/settings",
            ],
            "en-small-large",
        )
        .await;
    h.close().await;
    assert!(
        overflowing.is_empty(),
        "wider than the screen: {overflowing:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn english_signed_in_screens_in_large_text_fit_the_smallest_phone() {
    let h = support::flows::start(Device::SmallPhone, 600).await;
    in_english(&h).await;
    in_large_text(&h).await;
    registered_person(&h).await;
    logged_in(&h).await;
    let overflowing = h
        .wider_than_the_screen(
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
            ],
            "en-small-large",
        )
        .await;
    h.close().await;
    assert!(
        overflowing.is_empty(),
        "wider than the screen: {overflowing:?}"
    );
}
