//! End-to-end: the release build of the app, the real backend, headless Chromium.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::flows::{PASSWORD, PHONE, registered_person};
use support::{Device, Harness, WECHAT_USER_AGENT};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn choose_the_organization_reach_login_and_keep_the_choice() {
    let h = Harness::start(Device::phone()).await;

    // A first visit has no organization yet: the app asks for one.
    h.open("/").await;
    h.wait_for_path("/orgs").await;
    h.find_text("选择机构").await;
    h.find_text("广州公共资源交易中心").await;
    h.assert_styled().await;
    h.screenshot("select-org").await;

    // Searching narrows the list.
    let search = h.find_css("input[type=search]").await;
    search.send_keys("惠州").await.unwrap();
    h.wait_for_text_gone("广州公共资源交易中心").await;
    h.find_text("惠州市公共资源交易中心").await;
    h.screenshot("select-org-search").await;

    // Picking one leads to its login page.
    h.click_text("惠州市公共资源交易中心").await;
    h.wait_for_path("/login").await;
    h.find_text("切换机构").await;
    h.find_text("惠州市公共资源交易中心").await;
    let phone = h.find_css("input[name=phone]").await;
    assert_eq!(
        phone.attr("inputmode").await.unwrap().as_deref(),
        Some("numeric")
    );
    assert_eq!(
        phone.attr("placeholder").await.unwrap().as_deref(),
        Some("请输入手机号")
    );
    h.find_text("注册").await;
    h.screenshot("login").await;

    // While the person reads, the later screens' code arrives (the idle prefetch), and the
    // desktop's hand-off, which a phone does not show, is not fetched by the page.
    h.wait_until(
        "the four screens' chunks are prefetched",
        "return ['registration', 'signing', 'signature', 'account'].every(name => \
           performance.getEntriesByType('resource').some(e => e.name.includes('/split_' + name + '-')))",
    )
    .await;
    assert_eq!(
        h.eval("return performance.getEntriesByType('resource').filter(e => e.name.includes('/split_desktop-')).length")
            .await,
        serde_json::json!(0)
    );

    // 大字模式 where older bidders start: a switch on the login page, kept on the device.
    h.find_css("button[role=switch]")
        .await
        .click()
        .await
        .unwrap();
    h.wait_until(
        "large text is on",
        "return document.documentElement.dataset.textSize === 'large'",
    )
    .await;
    assert_eq!(
        h.eval("return document.querySelector('button[role=switch]').getAttribute('aria-checked')")
            .await,
        serde_json::json!("true")
    );
    assert_eq!(
        h.eval("return getComputedStyle(document.body).fontSize")
            .await,
        serde_json::json!("19.2px"),
        "16 px × 1.2"
    );
    h.screenshot("login-large").await;
    h.reload().await;
    h.wait_until(
        "still large after a reload",
        "return document.documentElement.dataset.textSize === 'large'",
    )
    .await;
    h.find_css("button[role=switch]")
        .await
        .click()
        .await
        .unwrap();
    h.wait_until(
        "large text is off",
        "return document.documentElement.dataset.textSize === undefined",
    )
    .await;

    // 设置: 外观 浅色 / 深色 / 跟随系统, kept on the device.
    h.open("/settings").await;
    h.find_text("外观").await;
    h.click_text("深色").await;
    h.wait_until(
        "the dark scheme is on",
        "return document.documentElement.dataset.theme === 'dark'",
    )
    .await;
    assert_eq!(
        h.eval("return document.querySelector('[role=radio][aria-checked=true]').textContent")
            .await,
        serde_json::json!("深色")
    );
    h.screenshot("settings-dark").await;
    h.click_text("跟随系统").await;
    h.wait_until(
        "the system's scheme again",
        "return document.documentElement.dataset.theme === undefined",
    )
    .await;
    h.open("/login").await;

    // The choice survives a reload, and so does a reload of the start page.
    h.reload().await;
    h.wait_for_path("/login").await;
    h.find_text("惠州市公共资源交易中心").await;
    h.open("/").await;
    h.wait_for_path("/login").await;

    // 切换机构 goes back to the list, with the current one marked.
    h.click_text("切换机构").await;
    h.wait_for_path("/orgs").await;
    h.find_css(".org-item.is-current").await;
    h.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_phone_number_is_checked_before_and_by_the_server() {
    let h = Harness::start(Device::phone()).await;
    h.open("/orgs").await;
    h.click_text("惠州市公共资源交易中心").await;
    h.wait_for_path("/login").await;

    let phone = h.find_css("input[name=phone]").await;
    let next = h.find_css("button[type=submit]").await;
    assert!(
        next.attr("disabled").await.unwrap().is_some(),
        "下一步 waits for a valid number"
    );

    phone.send_keys("12800138000").await.unwrap();
    h.find_text("手机号格式不正确").await;
    assert!(next.attr("disabled").await.unwrap().is_some());

    phone.clear().await.unwrap();
    phone.send_keys("13800138000").await.unwrap();
    h.wait_for_text_gone("手机号格式不正确").await;
    h.wait_until(
        "下一步 is enabled",
        "return !document.querySelector('button[type=submit]').disabled",
    )
    .await;

    // The typed number survives a reload.
    h.reload().await;
    let phone = h.find_css("input[name=phone]").await;
    assert_eq!(
        phone.prop("value").await.unwrap().as_deref(),
        Some("13800138000")
    );

    // No one has registered this number: the server says so and the page points to 注册.
    h.find_css("button[type=submit]")
        .await
        .click()
        .await
        .unwrap();
    h.find_text("该手机号尚未在惠州市公共资源交易中心注册云签署")
        .await;
    h.find_text_containing("首次使用请点击右下角「注册」").await;
    h.screenshot("login-not-registered").await;
    h.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_lookups_meets_the_limit_and_the_page_says_how_long_to_wait() {
    let h = Harness::start_with_state(
        Device::phone(),
        |_| {},
        |state| {
            state.rate_limits.lookup.per_address = 2;
            // Windows start on the clock's boundaries: a minute's could turn over between the
            // script's requests and the page's (it did, once in CI). A day's does not, but at
            // midnight UTC.
            state.rate_limits.window_secs = 86_400;
        },
    )
    .await;
    // A script on the same address (this test runs on 127.0.0.1 too) uses up the window.
    for _ in 0..2 {
        let (status, _) = h
            .send(
                "POST",
                "/api/auth/lookup",
                "application/json",
                br#"{"org_id":"huizhou","phone":"13900139000"}"#.to_vec(),
            )
            .await;
        assert_eq!(status, 404);
    }
    h.open("/orgs").await;
    h.click_text("惠州市公共资源交易中心").await;
    h.wait_for_path("/login").await;
    h.find_css("input[name=phone]")
        .await
        .send_keys("13800138000")
        .await
        .unwrap();
    h.wait_until(
        "下一步 is enabled",
        "return !document.querySelector('button[type=submit]').disabled",
    )
    .await;
    h.find_css("button[type=submit]")
        .await
        .click()
        .await
        .unwrap();
    h.wait_until(
        "the server's wait is shown",
        "return /^操作过于频繁，请\\d+秒后再试$/.test(document.querySelector('.login [role=alert] p')?.textContent ?? '')",
    )
    .await;
    h.screenshot("login-rate-limited").await;
    h.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_starts_offline_from_its_cache_and_says_so() {
    let mut h = Harness::start(Device::phone()).await;
    h.open("/orgs").await;
    h.click_text("惠州市公共资源交易中心").await;
    h.wait_for_path("/login").await;
    assert!(!h.has_text("离线").await, "online, no 离线 notice");
    h.wait_until(
        "the service worker controls the page",
        "return !!(navigator.serviceWorker && navigator.serviceWorker.controller)",
    )
    .await;

    h.stop_server().await;
    h.reload().await;
    h.find_text_containing("离线").await;
    h.find_text("惠州市公共资源交易中心").await;
    h.find_css("input[name=phone]").await;
    h.screenshot("login-offline").await;

    // The later screens' chunks are in the cache too: the installed app navigates offline.
    h.open("/settings").await;
    h.find_text("外观").await;
    h.find_text_containing("离线").await;
    h.close().await;
}

/// Moves a build's files whose names start with `prefix` (with their .br and .gz copies) from
/// `from` to `to`.
fn move_files(from: &std::path::Path, to: &std::path::Path, prefix: &str) -> usize {
    let mut moved = 0;
    for entry in std::fs::read_dir(from).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.starts_with(prefix) {
            std::fs::rename(from.join(&name), to.join(&name)).unwrap();
            moved += 1;
        }
    }
    moved
}

/// A copy of the build without the files whose names start with `prefix`, and where they were
/// put aside: as when the network drops them, or a newer build replaced this one on the server.
fn dist_without(prefix: &str) -> (tempfile::TempDir, tempfile::TempDir) {
    fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                std::fs::create_dir(&target).unwrap();
                copy_tree(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), target).unwrap();
            }
        }
    }
    let dist = tempfile::tempdir().unwrap();
    let aside = tempfile::tempdir().unwrap();
    copy_tree(&support::dist_dir(), dist.path());
    assert!(
        move_files(dist.path(), aside.path(), prefix) >= 1,
        "the build has no {prefix}* file"
    );
    (dist, aside)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_screen_whose_code_cannot_be_fetched_says_so_and_retries() {
    // Without 我的's chunk.
    let (dist, aside) = dist_without("split_account-");
    let dist_path = dist.path().to_path_buf();
    let h = Harness::start_with(Device::phone(), move |config| config.dist = dist_path).await;
    h.open("/settings").await;
    h.find_text("加载失败").await;
    h.find_text("页面加载失败，请重试").await;
    // Online, a newer build may have replaced this one: the page can be loaded again.
    h.find_text("刷新页面").await;
    h.screenshot("chunk-failed").await;

    // The chunk is back: 「重试」 loads it in place, without a reload.
    move_files(aside.path(), dist.path(), "split_account-");
    h.eval("window.__same_page = true").await;
    h.click_text("重试").await;
    h.find_text("外观").await;
    assert!(!h.has_text("加载失败").await);
    assert_eq!(
        h.eval("return window.__same_page === true").await,
        serde_json::json!(true),
        "no reload"
    );

    // The rest of the app went on working meanwhile.
    h.open("/orgs").await;
    h.find_text("惠州市公共资源交易中心").await;
    h.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_password_sheet_whose_code_cannot_be_fetched_says_so_and_retries() {
    // Without the 签署密码 sheet's chunk, which 登录 fetches apart from the first screen.
    let (dist, aside) = dist_without("split_password_sheet-");
    let dist_path = dist.path().to_path_buf();
    let h = Harness::start_with_state(
        Device::phone(),
        move |config| config.dist = dist_path,
        // registered_person asks for two SMS codes in a row.
        |state| state.sms_policy.resend_interval = 1,
    )
    .await;
    h.open("/orgs").await;
    registered_person(&h).await;
    h.open("/login").await;
    h.type_into("phone", PHONE).await;
    h.click_button("下一步").await;
    h.find_text("张* · 惠州市某建设工程有限公司").await;
    h.click_button("确定").await;
    h.find_text("页面加载失败，请重试").await;
    h.wait_until(
        "the sheet has slid in",
        "return document.getAnimations().every(a => a.playState === 'finished')",
    )
    .await;
    h.screenshot("password-sheet-failed").await;

    // The idle prefetch tries the sheet's chunk too, first: let it finish before the chunk is
    // back, or 「重试」 could join its failing attempt.
    h.wait_until(
        "the idle prefetch has fetched the last chunk",
        "return performance.getEntriesByType('resource').some(e => e.name.includes('/split_signature-'))",
    )
    .await;
    // The chunk is back: 「重试」 brings the sheet, and the login goes on.
    move_files(aside.path(), dist.path(), "split_password_sheet-");
    h.click_text("重试").await;
    h.type_into("signing_password", PASSWORD).await;
    h.click_button("确认").await;
    h.wait_for_path("/home").await;
    h.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inside_wechat_the_install_hint_says_how_and_goes_away_for_good() {
    let h = Harness::start(Device::Phone {
        user_agent: WECHAT_USER_AGENT,
    })
    .await;
    // WeChat cannot install a web app: the hint says where to go instead.
    h.open("/orgs").await;
    h.find_text("微信内无法添加到桌面：点击右上角「···」，选择「在浏览器打开」后再添加。")
        .await;
    h.screenshot("install-hint-wechat").await;

    h.find_css(".install-hint-close")
        .await
        .click()
        .await
        .unwrap();
    h.wait_for_text_gone("微信内无法添加到桌面").await;

    // Dismissed for good: after a reload the page is drawn whole (the list is there), and the
    // hint, drawn with it, is not.
    h.reload().await;
    h.find_text("惠州市公共资源交易中心").await;
    assert!(!h.has_text("微信内无法添加到桌面").await);
    h.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_desktop_browser_offers_to_continue_on_the_phone() {
    let h = Harness::start(Device::Desktop).await;
    h.open("/orgs").await;
    h.find_text("在手机上继续").await;
    h.find_css(".handoff .qr-code svg").await;
    assert_eq!(
        h.visible_qr_codes().await,
        [h.url("/orgs")],
        "the QR code is this page's address"
    );
    h.screenshot("desktop-select-org").await;

    // It follows the page.
    h.click_text("惠州市公共资源交易中心").await;
    h.wait_for_path("/login").await;
    h.find_text("切换机构").await;
    assert_eq!(h.visible_qr_codes().await, [h.url("/login")]);
    h.close().await;

    let phone = Harness::start(Device::phone()).await;
    phone.open("/orgs").await;
    phone.find_text("选择机构").await;
    assert_eq!(
        phone.count_css(".handoff").await,
        0,
        "no hand-off on a phone"
    );
    phone.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_address_shows_a_way_back() {
    let h = Harness::start(Device::phone()).await;
    h.open("/no/such/page").await;
    h.find_text("页面不存在").await;
    h.click_text("返回首页").await;
    h.wait_for_path("/orgs").await;
    h.close().await;
}
