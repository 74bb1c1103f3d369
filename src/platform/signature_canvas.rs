//! The handwriting pad's canvas: sharp on high-DPI screens; curves are filled as one `Path2D`
//! (a new curve while writing, the whole signature on a redraw: two JS calls, where
//! signature_pad makes one per stamped dot), and a trimmed PNG with a transparent background.
//!
//! Where the browser has OffscreenCanvas, the pad's canvas is handed to a worker
//! (`public/pad-worker.js`) that does the filling, so rasterising and committing the
//! DPR-sized canvas every frame leaves the main thread free; elsewhere (older WeChat X5,
//! iOS before 16.4) it is drawn here, the same way.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, Path2d, Worker};

use crate::signature::{Settings, Shape, Signature, shapes_path};

pub const INK: &str = "#111827";

fn context(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok()??.dyn_into().ok()
}

fn device_pixel_ratio() -> f64 {
    web_sys::window()
        .map_or(1.0, |w| w.device_pixel_ratio())
        .max(1.0)
}

/// Sizes the canvas's pixels to its CSS box times the device pixel ratio and draws in CSS
/// pixels; clears it. Call on mount and after every resize or rotation, then redraw.
pub fn fit_to_box(canvas: &HtmlCanvasElement) {
    let ratio = device_pixel_ratio();
    let (width, height) = (canvas.client_width().max(1), canvas.client_height().max(1));
    canvas.set_width((f64::from(width) * ratio).round() as u32);
    canvas.set_height((f64::from(height) * ratio).round() as u32);
    if let Some(context) = context(canvas) {
        let _ = context.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0);
        context.set_fill_style_str(INK);
    }
}

/// Draws shapes on top of what is there: all of them as one path, filled in one call.
pub fn draw(canvas: &HtmlCanvasElement, shapes: &[Shape], settings: Settings) {
    if let Some(context) = context(canvas) {
        fill(&context, &shapes_path(shapes, settings, 0.0, 0.0));
    }
}

fn fill(context: &CanvasRenderingContext2d, path_data: &str) {
    context.set_fill_style_str(INK);
    if let Ok(path) = Path2d::new_with_path_string(path_data) {
        context.fill_with_path_2d(&path);
    }
}

/// Clears the canvas and draws the whole signature again (after undo, resize, rotation).
pub fn redraw(canvas: &HtmlCanvasElement, signature: &Signature, settings: Settings) {
    if let Some(context) = context(canvas) {
        context.save();
        let _ = context.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
        context.clear_rect(
            0.0,
            0.0,
            f64::from(canvas.width()),
            f64::from(canvas.height()),
        );
        context.restore();
    }
    draw(canvas, &signature.shapes(settings), settings);
}

/// The pad's canvas, drawn in a worker where the browser allows it, else here.
pub enum PadCanvas {
    Here(HtmlCanvasElement),
    InWorker {
        canvas: HtmlCanvasElement,
        worker: Worker,
    },
}

/// The pad's rasterising worker (copied to the site's root by trunk).
const PAD_WORKER_URL: &str = "/pad-worker.js";

fn message(entries: &[(&str, JsValue)]) -> Object {
    let message = Object::new();
    for (key, value) in entries {
        let _ = Reflect::set(&message, &JsValue::from_str(key), value);
    }
    message
}

impl PadCanvas {
    /// Takes over the canvas: hands it to the worker when OffscreenCanvas exists (it can be
    /// drawn only there from then on), else keeps it here. Call once per canvas element.
    pub fn attach(canvas: HtmlCanvasElement) -> PadCanvas {
        let offscreen_exists = Reflect::has(&js_sys::global(), &"OffscreenCanvas".into())
            .unwrap_or(false)
            && Reflect::has(&canvas, &"transferControlToOffscreen".into()).unwrap_or(false);
        if !offscreen_exists {
            return PadCanvas::Here(canvas);
        }
        let Ok(worker) = Worker::new(PAD_WORKER_URL) else {
            return PadCanvas::Here(canvas);
        };
        let Ok(offscreen) = canvas.transfer_control_to_offscreen() else {
            worker.terminate();
            return PadCanvas::Here(canvas);
        };
        let init = message(&[("canvas", offscreen.clone().into()), ("ink", INK.into())]);
        if worker
            .post_message_with_transfer(&init, &Array::of1(&offscreen))
            .is_err()
        {
            // The canvas is transferred: it can only be drawn in a worker now. A worker that
            // refused it is unusable; this one is still the best there is.
            worker.terminate();
        }
        PadCanvas::InWorker { canvas, worker }
    }

    pub fn element(&self) -> &HtmlCanvasElement {
        match self {
            PadCanvas::Here(canvas) | PadCanvas::InWorker { canvas, .. } => canvas,
        }
    }

    /// Sizes the canvas to its CSS box times the device pixel ratio and draws the whole
    /// signature again (on mount, after a resize or a turn, after undo).
    pub fn refit(&self, signature: &Signature, settings: Settings) {
        match self {
            PadCanvas::Here(canvas) => {
                fit_to_box(canvas);
                redraw(canvas, signature, settings);
            }
            PadCanvas::InWorker { canvas, worker } => {
                let size = Array::of3(
                    &canvas.client_width().max(1).into(),
                    &canvas.client_height().max(1).into(),
                    &device_pixel_ratio().into(),
                );
                let path = shapes_path(&signature.shapes(settings), settings, 0.0, 0.0);
                let _ = worker.post_message(&message(&[
                    ("size", size.into()),
                    ("clear", true.into()),
                    ("path", path.into()),
                ]));
            }
        }
    }

    /// Draws shapes on top of what is there.
    pub fn draw(&self, shapes: &[Shape], settings: Settings) {
        match self {
            PadCanvas::Here(canvas) => draw(canvas, shapes, settings),
            PadCanvas::InWorker { worker, .. } => {
                let path = shapes_path(shapes, settings, 0.0, 0.0);
                let _ = worker.post_message(&message(&[("path", path.into())]));
            }
        }
    }
}

impl Drop for PadCanvas {
    fn drop(&mut self) {
        if let PadCanvas::InWorker { worker, .. } = self {
            worker.terminate();
        }
    }
}

/// The signature trimmed to its ink plus `margin`, drawn at `scale`× on a transparent
/// background, as PNG bytes (base64, without the data-URL prefix).
pub fn trimmed_png_base64(
    signature: &Signature,
    settings: Settings,
    margin: f64,
    scale: f64,
) -> Option<String> {
    let bounds = signature.bounds(settings)?;
    let canvas: HtmlCanvasElement = web_sys::window()?
        .document()?
        .create_element("canvas")
        .ok()?
        .dyn_into()
        .ok()?;
    canvas.set_width(((bounds.width() + 2.0 * margin) * scale).ceil() as u32);
    canvas.set_height(((bounds.height() + 2.0 * margin) * scale).ceil() as u32);
    let context = context(&canvas)?;
    let _ = context.set_transform(scale, 0.0, 0.0, scale, 0.0, 0.0);
    let (dx, dy) = (margin - bounds.left, margin - bounds.top);
    fill(
        &context,
        &shapes_path(&signature.shapes(settings), settings, dx, dy),
    );
    let url = canvas.to_data_url_with_type("image/png").ok()?;
    url.split_once(',').map(|(_, data)| data.to_owned())
}
