use leptos::html::Canvas;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;
use leptos_use_event_listener::use_event_listener;
use leptos_use_window::use_window;
use web_sys::PointerEvent;

use crate::api::SessionApi;
use crate::components::Toasts;
use crate::platform::signature_canvas::{INK, PadCanvas, trimmed_png_base64};
use crate::platform::storage::{session_load, session_remove, session_save};
use crate::routes::Page;
use crate::signature::{Point, Settings, Shape, Signature, StrokeBuilder, signature_svg};

/// Margin around the ink in the saved images, CSS pixels; and the PNG's scale (sharp on
/// high-DPI screens and documents).
const SAVE_MARGIN: f64 = 8.0;
const SAVE_SCALE: f64 = 2.0;

/// The full-screen handwriting pad: pointer events for finger, mouse and pen; 撤销, 重写, and
/// 「√」 at the bottom right to save. Everything drawn is kept as points, so a resize or a turn
/// of the phone redraws it whole.
/// The strokes drawn so far, for a reload (points only: a few KB).
const DRAFT_KEY: &str = "cloudsign.signature.draft";

#[component]
pub fn SignaturePad() -> impl IntoView {
    let api = expect_context::<SessionApi>();
    let toasts = expect_context::<Toasts>();
    let navigate = use_navigate();
    let settings = Settings::default();
    let canvas = NodeRef::<Canvas>::new();
    // What was drawn survives a reload (the phone turned, the page reloaded by WeChat) until it
    // is saved or discarded.
    let drafted = session_load::<Signature>(DRAFT_KEY).unwrap_or_default();
    let strokes = RwSignal::new(drafted.strokes.len());
    let signature = StoredValue::new(drafted);
    let keep_draft = move || signature.with_value(|s| session_save(DRAFT_KEY, s));
    let current = StoredValue::new_local(None::<(i32, StrokeBuilder)>);
    let portrait = RwSignal::new(false);
    // The canvas, once mounted: drawn in a worker where the browser allows it.
    let pad = StoredValue::new_local(None::<PadCanvas>);

    let refit = move || {
        pad.with_value(|pad| {
            if let Some(pad) = pad {
                signature.with_value(|s| pad.refit(s, settings));
                let element = pad.element();
                portrait.set(element.client_height() > element.client_width());
            }
        });
    };
    Effect::new(move || {
        if let Some(element) = canvas.get() {
            if pad.with_value(Option::is_none) {
                pad.set_value(Some(PadCanvas::attach(element)));
            }
            refit();
        }
    });
    let _ = use_event_listener(use_window(), leptos::ev::resize, move |_| refit());

    let point_of = move |event: &PointerEvent| {
        let element = canvas.get_untracked()?;
        let rect = element.get_bounding_client_rect();
        Some(Point {
            x: f64::from(event.client_x()) - rect.left(),
            y: f64::from(event.client_y()) - rect.top(),
            time: event.time_stamp(),
            pressure: (event.pointer_type() == "pen").then(|| f64::from(event.pressure())),
        })
    };
    let on_down = move |event: PointerEvent| {
        if !event.is_primary() {
            return;
        }
        event.prevent_default();
        if let Some(element) = canvas.get_untracked() {
            let _ = element.set_pointer_capture(event.pointer_id());
        }
        let Some(point) = point_of(&event) else {
            return;
        };
        let mut builder = StrokeBuilder::new(settings);
        builder.add(point);
        current.set_value(Some((event.pointer_id(), builder)));
    };
    let on_move = move |event: PointerEvent| {
        let Some(point) = point_of(&event) else {
            return;
        };
        let curve = current.try_update_value(|stroke| match stroke {
            Some((id, builder)) if *id == event.pointer_id() => builder.add(point),
            _ => None,
        });
        if let Some(Some(curve)) = curve {
            pad.with_value(|pad| {
                if let Some(pad) = pad {
                    pad.draw(&[Shape::Curve(curve)], settings);
                }
            });
        }
    };
    let on_up = move |event: PointerEvent| {
        let finished = current.try_update_value(|stroke| match stroke.take() {
            Some((id, builder)) if id == event.pointer_id() => Some(builder.finish()),
            other => {
                *stroke = other;
                None
            }
        });
        let Some(Some(stroke)) = finished else { return };
        if stroke.points.len() == 1 {
            pad.with_value(|pad| {
                if let Some(pad) = pad {
                    pad.draw(&stroke.shapes(settings), settings);
                }
            });
        }
        signature.update_value(|s| s.strokes.push(stroke));
        strokes.update(|n| *n += 1);
        keep_draft();
    };
    let undo = move |_| {
        signature.update_value(Signature::undo);
        strokes.update(|n| *n = n.saturating_sub(1));
        keep_draft();
        refit();
    };
    let clear = move |_| {
        signature.set_value(Signature::default());
        strokes.set(0);
        session_remove(DRAFT_KEY);
        refit();
    };
    let save = Action::new_local(move |_: &()| {
        let api = api.clone();
        let navigate = navigate.clone();
        let drawn = signature.get_value();
        async move {
            if let Some(message) = drawn.refusal(settings) {
                toasts.show(message);
                return;
            }
            let (Some(png), Some(svg)) = (
                trimmed_png_base64(&drawn, settings, SAVE_MARGIN, SAVE_SCALE),
                signature_svg(&drawn, settings, SAVE_MARGIN, INK),
            ) else {
                toasts.show(tr!("签名导出失败，请重试"));
                return;
            };
            match api.save_signature(png, svg).await {
                Ok(_) => {
                    session_remove(DRAFT_KEY);
                    toasts.show(tr!("签名已保存"));
                    navigate(
                        &Page::MySignature.path(),
                        NavigateOptions {
                            replace: true,
                            ..Default::default()
                        },
                    );
                }
                Err(err) => toasts.show(err.message()),
            }
        }
    });
    let back = use_navigate();

    view! {
        <div class="pad">
            <header class="pad-bar">
                <button type="button" class="pad-button" on:click=move |_| {
                    session_remove(DRAFT_KEY);
                    back(&Page::MySignature.path(), Default::default());
                }>{tr!("取消")}</button>
                <p class="pad-title">{tr!("请在框内书写签名")}</p>
                <span class="pad-spacer"></span>
            </header>
            <div class="pad-area">
                <canvas
                    node_ref=canvas
                    class="pad-canvas"
                    aria-label=tr!("签名书写区")
                    on:pointerdown=on_down
                    on:pointermove=on_move
                    on:pointerup=on_up
                    on:pointercancel=on_up
                ></canvas>
                <Show when=move || strokes.get() == 0>
                    <p class="pad-placeholder" aria-hidden="true">{tr!("签名区")}</p>
                </Show>
                <Show when=move || portrait.get()>
                    <p class="pad-hint">{tr!("横屏书写效果更佳")}</p>
                </Show>
            </div>
            <footer class="pad-bar pad-actions">
                <button type="button" class="pad-button" disabled=move || strokes.get() == 0 on:click=undo>{tr!("撤销")}</button>
                <button type="button" class="pad-button" disabled=move || strokes.get() == 0 on:click=clear>{tr!("重写")}</button>
                <button type="button" class="pad-confirm" aria-label=tr!("保存签名") disabled=move || save.pending().get()
                    on:click=move |_| { save.dispatch(()); }>"√"</button>
            </footer>
        </div>
    }
    .into_any()
}
