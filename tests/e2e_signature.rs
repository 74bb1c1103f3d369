//! End-to-end: 我的签名 drawn with WebDriver pointer actions on the pad, saved, shown, and used
//! as the seal on 签章确认.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::Duration;

use fantoccini::actions::{InputSource, MOUSE_BUTTON_LEFT, MouseActions, PointerAction};
use serde_json::json;
use support::flows::{logged_in, registered_person};
use support::{Device, Harness};

async fn start() -> Harness {
    Harness::start_with_state(
        Device::phone(),
        |_| {},
        |state| state.sms_policy.resend_interval = 1,
    )
    .await
}

/// Draws strokes on the pad; each stroke is a list of points relative to the canvas.
async fn draw(h: &Harness, strokes: &[Vec<(f64, f64)>]) {
    let rect = h
        .eval("const r = document.querySelector('.pad-canvas').getBoundingClientRect(); return [r.left, r.top];")
        .await;
    let (left, top) = (rect[0].as_f64().unwrap(), rect[1].as_f64().unwrap());
    let mut mouse = MouseActions::new("pen".into());
    for stroke in strokes {
        let (x, y) = stroke[0];
        mouse = mouse
            .then(PointerAction::MoveTo {
                duration: None,
                x: left + x,
                y: top + y,
            })
            .then(PointerAction::Down {
                button: MOUSE_BUTTON_LEFT,
            });
        for &(x, y) in &stroke[1..] {
            mouse = mouse.then(PointerAction::MoveTo {
                duration: Some(Duration::from_millis(24)),
                x: left + x,
                y: top + y,
            });
        }
        mouse = mouse.then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    }
    h.client
        .perform_actions(mouse)
        .await
        .expect("the pointer draws");
}

/// A name-like scribble: loops and a long underline.
fn scribble() -> Vec<Vec<(f64, f64)>> {
    let wave: Vec<(f64, f64)> = (0..40)
        .map(|i| {
            let t = f64::from(i) / 39.0;
            (30.0 + 260.0 * t, 120.0 + 40.0 * (t * 12.0).sin())
        })
        .collect();
    let loop_: Vec<(f64, f64)> = (0..30)
        .map(|i| {
            let a = f64::from(i) / 29.0 * std::f64::consts::TAU;
            (120.0 + 45.0 * a.cos(), 110.0 + 55.0 * a.sin())
        })
        .collect();
    let line: Vec<(f64, f64)> = (0..20)
        .map(|i| (40.0 + 13.0 * f64::from(i), 210.0))
        .collect();
    vec![wave, loop_, line]
}

/// How many pixels of the pad carry ink, as the screen shows it: the canvas is drawn in a
/// worker (OffscreenCanvas), so the page cannot read it back; a screenshot of it can.
async fn inked_pixels(h: &Harness) -> u64 {
    let png = h
        .find_css(".pad-canvas")
        .await
        .screenshot()
        .await
        .expect("a screenshot of the pad");
    let image = image::load_from_memory(&png).unwrap().to_luma8();
    // The ink is near-black; the pad's faint hint text is mid-grey and stays out.
    image.pixels().filter(|pixel| pixel.0[0] < 60).count() as u64
}

/// Waits until the pad shows ink (the worker draws a frame or two after the page asks).
async fn until_inked(h: &Harness) -> u64 {
    for _ in 0..50 {
        let inked = inked_pixels(h).await;
        if inked > 0 {
            return inked;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the pad shows no ink");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn draw_undo_save_and_see_it_as_the_seal() {
    let h = start().await;
    h.open("/orgs").await;
    registered_person(&h).await;
    logged_in(&h).await;

    h.open("/signature").await;
    h.find_text("暂无签名").await;
    h.screenshot("my-signature-empty").await;
    h.click_button("录入签名").await;
    h.wait_for_path("/signature-pad").await;
    h.find_text("签名区").await;

    // Too small is refused.
    draw(&h, &[vec![(50.0, 50.0), (58.0, 52.0), (66.0, 50.0)]]).await;
    h.find_css(".pad-confirm").await.click().await.unwrap();
    h.find_text("签名太小，请书写清楚完整的姓名").await;
    h.click_button("重写").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(inked_pixels(&h).await, 0);

    draw(&h, &scribble()).await;
    assert_eq!(
        h.eval("try { document.querySelector('.pad-canvas').getContext('2d'); return 'here'; } catch (e) { return 'worker'; }").await,
        "worker",
        "Chromium draws the pad in the worker: the page cannot take the canvas's context back"
    );
    let all = until_inked(&h).await;
    assert!(all > 300, "{all} pixels inked");
    h.screenshot("signature-pad").await;
    // A reload (WeChat reloads pages it put in the background) keeps what was drawn.
    h.reload().await;
    h.find_text("请在框内书写签名").await;
    assert!(
        !h.has_text("签名区").await,
        "the placeholder stays away: strokes are there"
    );
    // Redrawn as one path where the live drawing filled piece by piece, so anti-aliased edges
    // differ by a few pixels; a lost stroke would take hundreds.
    let redrawn = until_inked(&h).await;
    assert!(
        redrawn.abs_diff(all) * 20 < all,
        "the same signature, redrawn: {redrawn} of {all} pixels"
    );
    // 撤销 takes the last stroke (the underline) away, and only it.
    h.click_button("撤销").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let fewer = inked_pixels(&h).await;
    assert!(fewer < all && fewer > all / 3, "{fewer} of {all}");
    draw(&h, &[scribble()[2].clone()]).await;

    h.find_css(".pad-confirm").await.click().await.unwrap();
    h.wait_for_path("/signature").await;
    h.find_text("签名已保存").await;
    h.wait_until(
        "the saved signature shows",
        "const img = document.querySelector('.signature-image'); return img && img.complete && img.naturalWidth > 200",
    )
    .await;
    h.screenshot("my-signature").await;
    assert_eq!(
        h.eval("return sessionStorage.getItem('cloudsign.signature.draft')")
            .await,
        serde_json::Value::Null,
        "the draft goes once saved"
    );
    // In dark mode the ink stays dark on a paper-coloured card: readable, and as on documents.
    h.eval(
        "localStorage.setItem('cloudsign.display', JSON.stringify({text_size: 'large', theme: 'dark'}))",
    )
    .await;
    h.reload().await;
    h.wait_until(
        "the saved signature shows",
        "const img = document.querySelector('.signature-image'); return img && img.complete",
    )
    .await;
    assert_eq!(
        h.eval("return [document.documentElement.dataset.theme, document.documentElement.dataset.textSize]").await,
        json!(["dark", "large"])
    );
    assert_eq!(
        h.eval(
            "return getComputedStyle(document.querySelector('.signature-card')).backgroundColor"
        )
        .await,
        json!("rgb(232, 230, 225)")
    );
    assert_eq!(
        h.eval("return getComputedStyle(document.body).backgroundColor")
            .await,
        json!("rgb(15, 17, 21)"),
        "the page itself is dark"
    );
    h.screenshot("my-signature-dark-large").await;
    h.eval("localStorage.removeItem('cloudsign.display')").await;
    let saved = h
        .eval("return document.querySelector('.signature-image').naturalHeight")
        .await;
    assert!(saved.as_u64().unwrap() > 100, "trimmed at 2×: {saved}");

    // The seal of a personal signing is now the handwritten signature.
    let (_, qr_text) = h.seal_session(&["投标函.pdf"], "personal").await;
    let token = qr_text.rsplit('/').next().unwrap().to_owned();
    h.open(&format!("/s/{token}")).await;
    h.find_text("投标函.pdf").await;
    h.wait_until(
        "the seal is the signature",
        "const img = document.querySelector('.seal-image'); return img && img.complete && img.naturalWidth > 200",
    )
    .await;
    h.screenshot("sign-confirm-with-signature").await;
    h.close().await;
}
