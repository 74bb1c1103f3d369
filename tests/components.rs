//! Components mounted in a real browser (headless Chromium, through wasm-bindgen-test).
//! Run by `cargo test --target wasm32-unknown-unknown --test components`.

#![cfg(target_arch = "wasm32")]

use cloudsign_app::components::{Button, OfflineNotice, QrCode, TextField};
use cloudsign_app::platform::connectivity::Connectivity;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh element to mount into, so tests do not see each other's DOM.
fn container() -> HtmlElement {
    let document = document();
    let element: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&element).unwrap();
    element
}

fn find(root: &HtmlElement, selector: &str) -> Option<Element> {
    root.query_selector(selector).unwrap()
}

/// Lets Leptos run the effects that a change scheduled.
async fn settle() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_button_calls_back_when_pressed_and_not_while_loading() {
    let root = container();
    let presses = RwSignal::new(0);
    let loading = RwSignal::new(false);
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! { <Button label="确定" loading=loading on_click=Callback::new(move |_| presses.update(|n| *n += 1)) /> }
    });
    let button: HtmlElement = find(&root, "button").unwrap().unchecked_into();
    assert_eq!(button.text_content().unwrap(), "确定");

    button.click();
    assert_eq!(presses.get_untracked(), 1);

    loading.set(true);
    settle().await;
    assert!(
        button.has_attribute("disabled"),
        "disabled while its request runs"
    );
    assert!(find(&root, ".spinner").is_some(), "with a spinner");
    button.click();
    assert_eq!(
        presses.get_untracked(),
        1,
        "a disabled button does not call back"
    );

    loading.set(false);
    settle().await;
    assert!(find(&root, ".spinner").is_none());
    button.click();
    assert_eq!(presses.get_untracked(), 2);
}

#[wasm_bindgen_test]
async fn a_text_field_is_two_way_and_shows_its_error() {
    let root = container();
    let value = RwSignal::new(String::from("138"));
    let error = RwSignal::new(None::<String>);
    let blurred = RwSignal::new(false);
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <TextField
                label="手机号"
                placeholder="请输入手机号"
                value=value
                error=error
                on_blur=Callback::new(move |_| blurred.set(true))
                input_mode="numeric"
                name="phone"
            />
        }
    });
    settle().await;
    let input: HtmlInputElement = find(&root, "input").unwrap().unchecked_into();
    assert_eq!(input.value(), "138");
    assert_eq!(input.get_attribute("inputmode").as_deref(), Some("numeric"));
    assert_eq!(input.placeholder(), "请输入手机号");
    let label = find(&root, "label").unwrap();
    assert_eq!(
        label.get_attribute("for"),
        Some(input.id()),
        "the label names its input"
    );

    input.set_value("13800138000");
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    assert_eq!(value.get_untracked(), "13800138000");

    input
        .dispatch_event(&web_sys::Event::new("blur").unwrap())
        .unwrap();
    assert!(blurred.get_untracked());

    error.set(Some("手机号格式不正确".into()));
    settle().await;
    assert_eq!(
        find(&root, ".field-error").unwrap().text_content().unwrap(),
        "手机号格式不正确"
    );
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(find(&root, ".field.has-error").is_some());
}

#[wasm_bindgen_test]
async fn the_offline_notice_follows_the_servers_reachability() {
    let root = container();
    let connectivity = Connectivity::new();
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_context(connectivity);
        view! { <OfflineNotice /> }
    });
    assert!(find(&root, ".offline-notice").is_none());

    connectivity.report_server(false);
    settle().await;
    let notice = find(&root, ".offline-notice").expect("the notice shows");
    assert!(notice.text_content().unwrap().contains("离线"));

    connectivity.report_server(true);
    settle().await;
    assert!(find(&root, ".offline-notice").is_none());
}

#[wasm_bindgen_test]
fn a_qr_code_is_drawn_as_svg() {
    let root = container();
    let _mounted = leptos::mount::mount_to(
        root.clone(),
        || view! { <QrCode text="https://example.cn/login" label="二维码" /> },
    );
    let svg = find(&root, ".qr-code svg").expect("an svg");
    assert!(svg.query_selector_all("path, rect").unwrap().length() > 0);
    assert_eq!(
        find(&root, ".qr-code")
            .unwrap()
            .get_attribute("aria-label")
            .as_deref(),
        Some("二维码")
    );
}

mod register_form {
    use super::*;
    use cloudsign_app::api::PublicApi;
    use cloudsign_app::components::Toasts;
    use cloudsign_app::pages::Register;
    use cloudsign_app::state::OrgChoice;
    use cloudsign_contract::{CertProduct, Money, Org};
    use leptos_router::components::Router;

    fn type_into(root: &HtmlElement, name: &str, text: &str) {
        let input: HtmlInputElement = find(root, &format!("[name={name}]"))
            .unwrap()
            .unchecked_into();
        input.set_value(text);
        input
            .dispatch_event(&web_sys::Event::new("input").unwrap())
            .unwrap();
        input
            .dispatch_event(&web_sys::Event::new("blur").unwrap())
            .unwrap();
    }

    fn submit_disabled(root: &HtmlElement) -> bool {
        find(root, "button[type=submit]")
            .unwrap()
            .has_attribute("disabled")
    }

    #[wasm_bindgen_test]
    async fn the_register_form_enables_confirm_only_when_every_rule_holds() {
        let storage = window().local_storage().unwrap().unwrap();
        storage.clear().unwrap();
        let org = Org {
            id: "huizhou".into(),
            name: "惠州市公共资源交易中心".into(),
            region: "广东省惠州市".into(),
            product: CertProduct {
                name: "个人移动证书".into(),
                fee: Money::from_yuan(130),
                period_years: 1,
            },
        };
        storage
            .set_item("cloudsign.org", &serde_json::to_string(&org).unwrap())
            .unwrap();
        // A role chosen before a reload is restored (there is no server here to list roles).
        storage
            .set_item("cloudsign.register.role", "\"bidder\"")
            .unwrap();

        let root = container();
        let _mounted = leptos::mount::mount_to(root.clone(), || {
            provide_context(Connectivity::new());
            provide_context(PublicApi::default());
            provide_context(Toasts::new());
            provide_context(OrgChoice::restore());
            view! { <Router><Register /></Router> }
        });
        settle().await;
        assert!(submit_disabled(&root), "an empty form cannot be sent");
        let code_button = find(&root, ".code-button").unwrap();
        assert!(
            code_button.has_attribute("disabled"),
            "no code without a phone number"
        );
        assert!(root.text_content().unwrap().contains("¥130.00/1年"));

        type_into(&root, "unit_name", "惠州市某建设工程有限公司");
        type_into(&root, "name", "Zhang");
        type_into(&root, "phone", "13800138000");
        type_into(&root, "sms_code", "123456");
        settle().await;
        assert!(
            root.text_content()
                .unwrap()
                .contains("请输入与身份证一致的中文姓名")
        );
        assert!(submit_disabled(&root));

        type_into(&root, "name", "张三");
        let agreement: HtmlElement = find(&root, "input[name=agreed]").unwrap().unchecked_into();
        agreement.click();
        settle().await;
        assert!(
            !root
                .text_content()
                .unwrap()
                .contains("请输入与身份证一致的中文姓名")
        );
        assert!(root.text_content().unwrap().contains("尊敬的张三"));
        assert!(
            !submit_disabled(&root),
            "确定 is enabled once every rule holds"
        );

        agreement.click();
        settle().await;
        assert!(
            submit_disabled(&root),
            "and disabled again without the agreement"
        );
        storage.clear().unwrap();
    }
}

/// The recorded signature fixture, drawn through the app's pipeline onto a real canvas: the ink
/// lands inside the bounds the geometry computed, reaching close to each edge.
#[wasm_bindgen_test]
fn a_recorded_signature_draws_inside_its_computed_bounds() {
    use cloudsign_app::platform::signature_canvas::draw;
    use cloudsign_app::signature::{Point, Settings, Signature, StrokeBuilder};

    let fixture: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/signature.json")).unwrap();
    let settings = Settings::default();
    let mut signature = Signature::default();
    for stroke in fixture["strokes"].as_array().unwrap() {
        let mut builder = StrokeBuilder::new(settings);
        for p in stroke.as_array().unwrap() {
            builder.add(Point {
                x: p[0].as_f64().unwrap(),
                y: p[1].as_f64().unwrap(),
                time: p[2].as_f64().unwrap(),
                pressure: p[3].as_f64(),
            });
        }
        signature.strokes.push(builder.finish());
    }
    let bounds = signature.bounds(settings).unwrap();

    let canvas: web_sys::HtmlCanvasElement = document()
        .create_element("canvas")
        .unwrap()
        .unchecked_into();
    canvas.set_width(500);
    canvas.set_height(320);
    draw(&canvas, &signature.shapes(settings), settings);
    let context: web_sys::CanvasRenderingContext2d =
        canvas.get_context("2d").unwrap().unwrap().unchecked_into();
    let pixels = context
        .get_image_data(0.0, 0.0, 500.0, 320.0)
        .unwrap()
        .data();
    let (mut left, mut top, mut right, mut bottom) = (500, 320, 0, 0);
    let mut inked = 0;
    for y in 0..320usize {
        for x in 0..500usize {
            if pixels[(y * 500 + x) * 4 + 3] > 0 {
                inked += 1;
                (left, top, right, bottom) = (left.min(x), top.min(y), right.max(x), bottom.max(y));
            }
        }
    }
    assert!(inked > 2_000, "{inked} pixels inked");
    // Inside the computed bounds (one pixel of antialiasing allowed) …
    assert!(
        left as f64 >= bounds.left.floor() - 1.0,
        "{left} vs {bounds:?}"
    );
    assert!(
        top as f64 >= bounds.top.floor() - 1.0,
        "{top} vs {bounds:?}"
    );
    assert!(
        right as f64 <= bounds.right.ceil() + 1.0,
        "{right} vs {bounds:?}"
    );
    assert!(
        bottom as f64 <= bounds.bottom.ceil() + 1.0,
        "{bottom} vs {bounds:?}"
    );
    // … and filling them: the bounds are tight.
    assert!(left as f64 <= bounds.left + 3.0 && right as f64 >= bounds.right - 3.0);
    assert!(top as f64 <= bounds.top + 3.0 && bottom as f64 >= bounds.bottom - 3.0);
}

mod camera {
    use cloudsign_app::platform::camera::{Facing, use_camera};
    use leptos::html::Video;

    use super::*;

    /// `getUserMedia` answers after `delay_ms` with a canvas's stream, kept in `window.__streams`
    /// so that the test can see whether its tracks were stopped.
    fn slow_camera(delay_ms: u32) {
        js_sys::eval(&format!(
            r#"window.__streams = [];
               navigator.mediaDevices.getUserMedia = () => new Promise(resolve => setTimeout(() => {{
                   const canvas = document.createElement('canvas');
                   canvas.width = 64; canvas.height = 48;
                   canvas.getContext('2d').fillRect(0, 0, 10, 10);
                   const stream = canvas.captureStream(5);
                   window.__streams.push(stream);
                   resolve(stream);
               }}, {delay_ms}));"#
        ))
        .unwrap();
    }

    fn track_states() -> String {
        js_sys::eval(
            "window.__streams.map(s => s.getTracks().map(t => t.readyState).join(',')).join(';')",
        )
        .unwrap()
        .as_string()
        .unwrap()
    }

    async fn wait_ms(ms: i32) {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            window()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    }

    /// A page that opens the rear camera as soon as its video exists.
    fn camera_page() -> impl IntoView {
        let video = NodeRef::<Video>::new();
        let camera = use_camera(video);
        Effect::new(move || {
            if video.get().is_some() {
                let camera = camera.clone();
                leptos::task::spawn_local(async move {
                    let _ = camera.open(Facing::Environment).await;
                });
            }
        });
        view! { <video node_ref=video></video> }
    }

    /// Leaves the page as the router does: the page's owner is cleaned up.
    fn leave(page: Owner, mounted: impl Sized) {
        drop(mounted);
        page.cleanup();
    }

    #[wasm_bindgen_test]
    async fn the_camera_stops_with_the_page_even_when_it_answers_after_the_page_was_left() {
        slow_camera(300);
        let page = Owner::new();
        let mounted = page.with(|| leptos::mount::mount_to(container(), camera_page));
        settle().await;
        // Left while the permission prompt (here: the delay) is still open.
        leave(page, mounted);
        wait_ms(600).await;
        assert_eq!(
            track_states(),
            "ended",
            "the late stream is stopped on arrival"
        );
    }

    #[wasm_bindgen_test]
    async fn the_camera_stays_on_with_its_page_and_goes_off_when_it_is_left() {
        slow_camera(10);
        let root = container();
        let page = Owner::new();
        let mounted = page.with(|| leptos::mount::mount_to(root.clone(), camera_page));
        wait_ms(200).await;
        assert_eq!(track_states(), "live");
        let video: web_sys::HtmlVideoElement = find(&root, "video").unwrap().unchecked_into();
        assert!(
            video.src_object().is_some(),
            "the stream shows in the video"
        );
        leave(page, mounted);
        assert_eq!(track_states(), "ended");
    }
}

mod modal_focus {
    use cloudsign_app::components::PasswordSheet;
    use web_sys::{KeyboardEvent, KeyboardEventInit};

    use super::*;

    fn active() -> Option<Element> {
        document().active_element()
    }

    fn press(target: &Element, key: &str, shift: bool) {
        let init = KeyboardEventInit::new();
        init.set_key(key);
        init.set_shift_key(shift);
        init.set_bubbles(true);
        init.set_cancelable(true);
        let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
        target.dispatch_event(&event).unwrap();
    }

    #[wasm_bindgen_test]
    async fn the_password_sheet_takes_focus_keeps_it_and_gives_it_back() {
        let root = container();
        let opener: HtmlElement = document()
            .create_element("button")
            .unwrap()
            .unchecked_into();
        opener.set_text_content(Some("确定"));
        root.append_child(&opener).unwrap();
        opener.focus().unwrap();

        let closed = RwSignal::new(0);
        let page = Owner::new();
        let sheet_root = container();
        let mounted = page.with(|| {
            leptos::mount::mount_to(sheet_root.clone(), move || {
                view! {
                    <PasswordSheet title="请输入签署密码" confirm_label="确认"
                        pending=Signal::derive(|| false) error=Signal::derive(|| None::<String>)
                        on_submit=Callback::new(|_: String| {})
                        on_close=Callback::new(move |_| closed.update(|n| *n += 1)) />
                }
            })
        });
        settle().await;
        let input = find(&sheet_root, "input[name=signing_password]").unwrap();
        assert_eq!(
            active(),
            Some(input.clone()),
            "focus goes into the sheet, on the field"
        );

        // Tab from the last control comes round to the first; Shift+Tab the other way.
        let close = find(&sheet_root, ".sheet-close").unwrap();
        let last = find(&sheet_root, ".sheet-link").unwrap();
        last.unchecked_ref::<HtmlElement>().focus().unwrap();
        press(&last, "Tab", false);
        assert_eq!(active(), Some(close.clone()));
        press(&close, "Tab", true);
        assert_eq!(active(), Some(last));

        press(&input, "Escape", false);
        assert_eq!(closed.get_untracked(), 1, "Escape closes");

        drop(mounted);
        page.cleanup();
        assert_eq!(
            active(),
            Some(opener.unchecked_into::<Element>()),
            "focus returns to the opener"
        );
    }
}
