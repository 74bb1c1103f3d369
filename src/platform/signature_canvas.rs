//! The handwriting pad's canvas: sharp on high-DPI screens; curves are filled as one `Path2D`
//! (a new curve while writing, the whole signature on a redraw: two JS calls, where
//! signature_pad makes one per stamped dot), and a trimmed PNG with a transparent background.

use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, Path2d};

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
