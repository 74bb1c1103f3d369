//! The camera: `use_camera` owns a stream from the request to its stop, shows it in a `<video>`,
//! and stops it when the page that asked goes away — also when the camera answers after that
//! (the permission prompt can take seconds), so that its light never stays on.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::html::Video;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    HtmlCanvasElement, HtmlVideoElement, MediaStream, MediaStreamConstraints, MediaStreamTrack,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Facing {
    /// 前置摄像头, for the liveness check.
    User,
    /// 后置摄像头, for documents and QR codes.
    Environment,
}

/// Why the camera could not be used, in words for the person.
pub fn camera_error_message(name: &str) -> String {
    match name {
        "NotAllowedError" | "SecurityError" => {
            tr!("无法使用摄像头：请在浏览器设置中允许访问摄像头后重试")
        }
        "NotFoundError" | "OverconstrainedError" => tr!("没有找到可用的摄像头"),
        "NotReadableError" => tr!("摄像头被其他应用占用，请关闭后重试"),
        _ => tr!("无法打开摄像头，请稍后重试"),
    }
}

/// Opens the camera facing `facing`.
pub async fn open_camera(facing: Facing) -> Result<MediaStream, String> {
    let devices = web_sys::window()
        .and_then(|window| window.navigator().media_devices().ok())
        .ok_or_else(|| tr!("当前浏览器不支持摄像头，请换用系统浏览器或微信打开"))?;
    let video = js_sys::Object::new();
    let facing_mode = match facing {
        Facing::User => "user",
        Facing::Environment => "environment",
    };
    let _ = js_sys::Reflect::set(&video, &"facingMode".into(), &facing_mode.into());
    let _ = js_sys::Reflect::set(&video, &"width".into(), &640.into());
    let constraints = MediaStreamConstraints::new();
    constraints.set_video(&video);
    constraints.set_audio(&false.into());
    let promise = devices
        .get_user_media_with_constraints(&constraints)
        .map_err(|_| camera_error_message(""))?;
    match JsFuture::from(promise).await {
        Ok(stream) => Ok(stream.unchecked_into()),
        Err(err) => {
            let name = js_sys::Reflect::get(&err, &"name".into())
                .ok()
                .and_then(|n| n.as_string())
                .unwrap_or_default();
            Err(camera_error_message(&name))
        }
    }
}

/// Stops every track, which turns the camera (and its light) off.
pub fn stop_camera(stream: &MediaStream) {
    for track in stream.get_tracks().iter() {
        if let Ok(track) = track.dyn_into::<MediaStreamTrack>() {
            track.stop();
        }
    }
}

/// A page's camera (see the module's note). Cheap to clone into closures.
#[derive(Clone)]
pub struct Camera {
    /// Showing in the video now.
    pub live: RwSignal<bool>,
    /// Why the last request failed, in words for the person.
    pub error: RwSignal<Option<String>>,
    video: NodeRef<Video>,
    owned: Rc<Owned>,
}

/// What outlives the page's reactive state: the stream, and whether the page is gone.
#[derive(Default)]
struct Owned {
    stream: RefCell<Option<MediaStream>>,
    /// Counts requests and stops: an answer to an older request is stopped on arrival.
    generation: Cell<u32>,
    page_left: Cell<bool>,
}

/// The camera for `video`, stopped when the calling component is cleaned up.
pub fn use_camera(video: NodeRef<Video>) -> Camera {
    let camera = Camera {
        live: RwSignal::new(false),
        error: RwSignal::new(None),
        video,
        owned: Rc::default(),
    };
    let owned = send_wrapper::SendWrapper::new(camera.owned.clone());
    on_cleanup(move || {
        owned.page_left.set(true);
        owned.generation.set(owned.generation.get() + 1);
        if let Some(stream) = owned.stream.borrow_mut().take() {
            stop_camera(&stream);
        }
    });
    camera
}

impl Camera {
    /// Opens the camera facing `facing` into the video; the stream once it shows. A stream
    /// that arrives after the page was left, or after `stop`, is stopped at once.
    pub async fn open(&self, facing: Facing) -> Result<MediaStream, String> {
        self.stop();
        let request = self.owned.generation.get();
        let opened = open_camera(facing).await;
        if self.owned.page_left.get() || self.owned.generation.get() != request {
            if let Ok(stream) = &opened {
                stop_camera(stream);
            }
            return Err(tr!("摄像头已关闭"));
        }
        match opened {
            Ok(stream) => {
                if let Some(video) = self.video.get_untracked() {
                    attach(&video, &stream);
                }
                // `Clone::clone`, not `stream.clone()`: MediaStream's own clone() is the JS method
                // that makes a second stream with copies of the tracks, and stopping those would
                // leave the camera on.
                *self.owned.stream.borrow_mut() = Some(Clone::clone(&stream));
                self.error.set(None);
                self.live.set(true);
                Ok(stream)
            }
            Err(message) => {
                self.error.set(Some(message.clone()));
                Err(message)
            }
        }
    }

    /// Stops the camera (and any request still waiting for it) and empties the video.
    pub fn stop(&self) {
        self.owned.generation.set(self.owned.generation.get() + 1);
        if let Some(stream) = self.owned.stream.borrow_mut().take() {
            stop_camera(&stream);
        }
        if let Some(video) = self.video.try_get_untracked().flatten() {
            detach(&video);
        }
        self.live.try_set(false);
    }

    /// The video track, while the camera is live (for the torch).
    pub fn track(&self) -> Option<MediaStreamTrack> {
        self.owned
            .stream
            .borrow()
            .as_ref()?
            .get_video_tracks()
            .get(0)
            .dyn_into::<MediaStreamTrack>()
            .ok()
    }
}

/// Shows `stream` in `video`.
pub fn attach(video: &HtmlVideoElement, stream: &MediaStream) {
    video.set_src_object(Some(stream));
    video.set_muted(true);
    let _ = video.play();
}

/// Empties `video`, which would otherwise show the stopped stream's last (black) frame.
pub fn detach(video: &HtmlVideoElement) {
    video.set_src_object(None);
}

/// One full-size frame of `video` as a JPEG blob (a photo taken in the page).
pub async fn capture_blob(video: &HtmlVideoElement) -> Option<web_sys::Blob> {
    let canvas = draw_frame(video, video.video_width())?;
    crate::platform::image::canvas_to_jpeg(&canvas, 0.92)
        .await
        .ok()
}

/// One frame of `video` as a base64 JPEG (without the data-URL prefix), `width` pixels wide.
pub fn capture_jpeg_base64(video: &HtmlVideoElement, width: u32) -> Option<String> {
    let canvas = draw_frame(video, width)?;
    let url = canvas
        .to_data_url_with_type_and_encoder_options("image/jpeg", &0.72.into())
        .ok()?;
    url.split_once(',').map(|(_, data)| data.to_owned())
}

/// The video's current frame on a canvas `width` pixels wide (its aspect ratio kept).
fn draw_frame(video: &HtmlVideoElement, width: u32) -> Option<HtmlCanvasElement> {
    let (video_width, video_height) = (video.video_width(), video.video_height());
    if video_width == 0 || video_height == 0 || width == 0 {
        return None;
    }
    let height =
        (f64::from(width) * f64::from(video_height) / f64::from(video_width)).round() as u32;
    let canvas: HtmlCanvasElement = web_sys::window()?
        .document()?
        .create_element("canvas")
        .ok()?
        .unchecked_into();
    canvas.set_width(width);
    canvas.set_height(height);
    let context: web_sys::CanvasRenderingContext2d =
        canvas.get_context("2d").ok()??.unchecked_into();
    context
        .draw_image_with_html_video_element_and_dw_and_dh(
            video,
            0.0,
            0.0,
            f64::from(width),
            f64::from(height),
        )
        .ok()?;
    Some(canvas)
}
