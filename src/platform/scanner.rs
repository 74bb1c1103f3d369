//! 扫一扫: the rear camera in a `<video>`, frames handed to the QR decoder's Web Worker (never
//! decoded on the UI thread), a photo from the album, and the torch where the camera has one.
//! Everything stops when the page that asked is left.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Array, Object, Reflect};
use leptos::html::Video;
use leptos::prelude::*;
use leptos_use_interval_fn::use_interval_fn;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    CanvasRenderingContext2d, HtmlCanvasElement, MediaStreamTrack, MessageEvent, Worker,
};

use super::camera::{Facing, use_camera};

/// trunk's loader for the worker binary (index.html: `data-bin="scan_worker"`).
const WORKER_URL: &str = "/scan_worker_loader.js";
/// Frames are sent at most this often, and only when the worker is free.
const FRAME_INTERVAL_MS: u64 = 80;
/// Frames are scaled to this width: what the decoders were measured on (640×480).
const FRAME_WIDTH: u32 = 640;
/// A picked photo is read at up to this width.
const PHOTO_WIDTH: u32 = 1280;

/// What the scanner page shows and can do.
#[derive(Clone, Copy)]
pub struct QrScanner {
    /// The text of the first code read (camera or photo).
    pub found: RwSignal<Option<String>>,
    /// Why the camera cannot be used, for the person.
    pub camera_error: RwSignal<Option<String>>,
    /// The camera shows a picture and the decoder is loaded.
    pub scanning: Signal<bool>,
    /// A picked photo held no readable code.
    pub photo_unreadable: RwSignal<bool>,
    pub torch_available: RwSignal<bool>,
    pub torch_on: RwSignal<bool>,
    track: StoredValue<Option<MediaStreamTrack>, LocalStorage>,
    worker: StoredValue<Option<Worker>, LocalStorage>,
    canvas: StoredValue<Option<HtmlCanvasElement>, LocalStorage>,
    photo_pending: StoredValue<bool>,
}

fn new_canvas() -> Option<HtmlCanvasElement> {
    web_sys::window()?
        .document()?
        .create_element("canvas")
        .ok()
        .map(JsCast::unchecked_into)
}

/// Draws `source` (a video or an image bitmap) at most `max_width` wide and sends its pixels to
/// the worker, transferring the buffer rather than copying it.
fn send_frame(
    worker: &Worker,
    canvas: &HtmlCanvasElement,
    draw: impl FnOnce(&CanvasRenderingContext2d, f64, f64) -> Result<(), JsValue>,
    (width, height): (u32, u32),
    max_width: u32,
) -> Option<()> {
    if width == 0 || height == 0 {
        return None;
    }
    let scaled_width = width.min(max_width);
    let scaled_height =
        (f64::from(height) * f64::from(scaled_width) / f64::from(width)).round() as u32;
    canvas.set_width(scaled_width);
    canvas.set_height(scaled_height);
    let options = Object::new();
    let _ = Reflect::set(&options, &"willReadFrequently".into(), &true.into());
    let context: CanvasRenderingContext2d = canvas
        .get_context_with_context_options("2d", &options)
        .ok()??
        .unchecked_into();
    draw(&context, f64::from(scaled_width), f64::from(scaled_height)).ok()?;
    let image = context
        .get_image_data(0.0, 0.0, f64::from(scaled_width), f64::from(scaled_height))
        .ok()?;
    // The pixels as the JS array itself: web_sys's `data()` would copy them into wasm first.
    let pixels = Reflect::get(&image, &"data".into()).ok()?;
    let buffer = Reflect::get(&pixels, &"buffer".into()).ok()?;
    let message = Object::new();
    let _ = Reflect::set(&message, &"width".into(), &scaled_width.into());
    let _ = Reflect::set(&message, &"height".into(), &scaled_height.into());
    let _ = Reflect::set(&message, &"pixels".into(), &pixels);
    worker
        .post_message_with_transfer(&message, &Array::of1(&buffer))
        .ok()
}

/// A JS event handler owned by Rust.
type EventCallback = Closure<dyn FnMut(web_sys::Event)>;

/// Starts the camera into `video` and the decoder worker; both stop with the calling page.
pub fn use_qr_scanner(video: NodeRef<Video>) -> QrScanner {
    let worker_ready = RwSignal::new(false);
    let camera = use_camera(video);
    let camera_live = camera.live;
    let scanner = QrScanner {
        found: RwSignal::new(None),
        scanning: Signal::derive(move || worker_ready.get() && camera_live.get()),
        camera_error: RwSignal::new(None),
        photo_unreadable: RwSignal::new(false),
        torch_available: RwSignal::new(false),
        torch_on: RwSignal::new(false),
        track: StoredValue::new_local(None),
        worker: StoredValue::new_local(None),
        canvas: StoredValue::new_local(new_canvas()),
        photo_pending: StoredValue::new(false),
    };
    let busy = Rc::new(Cell::new(true));
    // The worker's callbacks live as long as the page: dropped (not leaked) when it goes.
    let callbacks: Rc<RefCell<Vec<EventCallback>>> = Rc::default();

    match Worker::new(WORKER_URL) {
        Ok(worker) => {
            let busy_after_answer = busy.clone();
            let on_message =
                Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
                    let Ok(event) = event.dyn_into::<MessageEvent>() else {
                        return;
                    };
                    let data = event.data();
                    if Reflect::get(&data, &"ready".into()).is_ok_and(|v| v.is_truthy()) {
                        worker_ready.try_set(true);
                        busy_after_answer.set(false);
                        return;
                    }
                    let text = Reflect::get(&data, &"text".into())
                        .ok()
                        .and_then(|t| t.as_string());
                    let from_photo = scanner.photo_pending.try_get_value().unwrap_or(false);
                    scanner.photo_pending.try_set_value(false);
                    match text {
                        Some(text) => {
                            scanner.found.try_set(Some(text));
                        }
                        None if from_photo => {
                            scanner.photo_unreadable.try_set(true);
                        }
                        None => {}
                    }
                    busy_after_answer.set(false);
                });
            worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            callbacks.borrow_mut().push(on_message);
            // A decoder that fails on a frame must not stop the scanning: the next frame goes.
            let busy_after_error = busy.clone();
            let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
                busy_after_error.set(false);
            });
            worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
            callbacks.borrow_mut().push(on_error);
            scanner.worker.set_value(Some(worker));
        }
        Err(_) => scanner
            .camera_error
            .set(Some(tr!("扫码组件加载失败，请刷新后重试"))),
    }
    let callbacks = send_wrapper::SendWrapper::new(callbacks);
    on_cleanup(move || {
        if let Some(Some(worker)) = scanner.worker.try_get_value() {
            worker.terminate();
            worker.set_onmessage(None);
            worker.set_onerror(None);
        }
        callbacks.borrow_mut().clear();
    });

    // The camera, once the video element exists.
    Effect::new(move || {
        if video.get().is_none() {
            return;
        }
        let camera = camera.clone();
        leptos::task::spawn_local(async move {
            match camera.open(Facing::Environment).await {
                Ok(_) => {
                    let track = camera.track();
                    scanner
                        .torch_available
                        .try_set(track.as_ref().is_some_and(has_torch));
                    scanner.track.try_set_value(track);
                }
                Err(message) => {
                    scanner.camera_error.try_set(Some(message));
                }
            }
        });
    });

    // The frame pump: one frame at a time, while nothing has been found.
    let _ = use_interval_fn(
        move || {
            if busy.get()
                || !scanner.scanning.get_untracked()
                || scanner.found.with_untracked(Option::is_some)
            {
                return;
            }
            let (Some(element), Some(Some(worker)), Some(Some(canvas))) = (
                video.get_untracked(),
                scanner.worker.try_get_value(),
                scanner.canvas.try_get_value(),
            ) else {
                return;
            };
            let size = (element.video_width(), element.video_height());
            let sent = send_frame(
                &worker,
                &canvas,
                |context, w, h| {
                    context
                        .draw_image_with_html_video_element_and_dw_and_dh(&element, 0.0, 0.0, w, h)
                },
                size,
                FRAME_WIDTH,
            );
            busy.set(sent.is_some());
        },
        FRAME_INTERVAL_MS,
    );
    scanner
}

fn has_torch(track: &MediaStreamTrack) -> bool {
    let Ok(get) = Reflect::get(track, &"getCapabilities".into()) else {
        return false;
    };
    let Ok(get) = get.dyn_into::<js_sys::Function>() else {
        return false;
    };
    get.call0(track)
        .ok()
        .and_then(|caps| Reflect::get(&caps, &"torch".into()).ok())
        .is_some_and(|torch| torch.is_truthy())
}

impl QrScanner {
    /// Turns the torch on or off (where `torch_available`).
    pub fn toggle_torch(self) {
        let Some(Some(track)) = self.track.try_get_value() else {
            return;
        };
        let on = !self.torch_on.get_untracked();
        let setting = Object::new();
        let _ = Reflect::set(&setting, &"torch".into(), &on.into());
        let constraints = Object::new();
        let _ = Reflect::set(&constraints, &"advanced".into(), &Array::of1(&setting));
        let promise = Reflect::get(&track, &"applyConstraints".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
            .and_then(|apply| apply.call1(&track, &constraints).ok())
            .and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
        let Some(promise) = promise else { return };
        let torch_on = self.torch_on;
        leptos::task::spawn_local(async move {
            if JsFuture::from(promise).await.is_ok() {
                torch_on.try_set(on);
            }
        });
    }

    /// 相册: reads a picked photo with the same decoder.
    pub fn decode_photo(self, file: web_sys::File) {
        self.photo_unreadable.set(false);
        leptos::task::spawn_local(async move {
            let Some(window) = web_sys::window() else {
                return;
            };
            let Ok(promise) = window.create_image_bitmap_with_blob(&file) else {
                self.photo_unreadable.try_set(true);
                return;
            };
            let Ok(bitmap) = JsFuture::from(promise).await else {
                self.photo_unreadable.try_set(true);
                return;
            };
            let bitmap: web_sys::ImageBitmap = bitmap.unchecked_into();
            let (Some(Some(worker)), Some(Some(canvas))) =
                (self.worker.try_get_value(), self.canvas.try_get_value())
            else {
                return;
            };
            self.photo_pending.set_value(true);
            let sent = send_frame(
                &worker,
                &canvas,
                |context, w, h| {
                    context.draw_image_with_image_bitmap_and_dw_and_dh(&bitmap, 0.0, 0.0, w, h)
                },
                (bitmap.width(), bitmap.height()),
                PHOTO_WIDTH,
            );
            if sent.is_none() {
                self.photo_pending.set_value(false);
                self.photo_unreadable.try_set(true);
            }
        });
    }
}
