//! Photos made small in the browser before they are uploaded: at most `max_side` pixels on the
//! long side, JPEG, lowering the quality until the file fits `target_bytes`.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, CanvasRenderingContext2d, HtmlCanvasElement, ImageBitmap};

/// The scale that fits `width`×`height` into `max_side` (never enlarging).
pub fn fit_within(width: u32, height: u32, max_side: u32) -> (u32, u32) {
    let long = width.max(height);
    if long <= max_side || long == 0 {
        return (width, height);
    }
    let scale = f64::from(max_side) / f64::from(long);
    (
        ((f64::from(width) * scale).round() as u32).max(1),
        ((f64::from(height) * scale).round() as u32).max(1),
    )
}

/// JPEG qualities tried in turn until the photo is small enough.
pub const QUALITIES: [f64; 5] = [0.86, 0.78, 0.7, 0.6, 0.5];

pub async fn compress_photo(file: &Blob, max_side: u32, target_bytes: f64) -> Result<Blob, String> {
    let window = web_sys::window().ok_or("no window")?;
    let bitmap: ImageBitmap = JsFuture::from(
        window
            .create_image_bitmap_with_blob(file)
            .map_err(|_| tr!("无法读取这张图片"))?,
    )
    .await
    .map_err(|_| tr!("无法读取这张图片，请换一张"))?
    .unchecked_into();
    let (width, height) = fit_within(bitmap.width(), bitmap.height(), max_side);
    let canvas: HtmlCanvasElement = window
        .document()
        .ok_or("no document")?
        .create_element("canvas")
        .map_err(|_| "canvas")?
        .unchecked_into();
    canvas.set_width(width);
    canvas.set_height(height);
    let context: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .ok_or("canvas")?
        .unchecked_into();
    context
        .draw_image_with_image_bitmap_and_dw_and_dh(
            &bitmap,
            0.0,
            0.0,
            f64::from(width),
            f64::from(height),
        )
        .map_err(|_| tr!("无法处理这张图片"))?;
    bitmap.close();
    let mut smallest = None;
    for quality in QUALITIES {
        let blob = canvas_to_jpeg(&canvas, quality).await?;
        let fits = blob.size() <= target_bytes;
        smallest = Some(blob);
        if fits {
            break;
        }
    }
    smallest.ok_or_else(|| tr!("无法处理这张图片").to_owned())
}

/// The canvas as a JPEG blob at `quality` (0 to 1).
pub async fn canvas_to_jpeg(canvas: &HtmlCanvasElement, quality: f64) -> Result<Blob, String> {
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let callback = Closure::once_into_js(move |blob: JsValue| {
            let _ = resolve.call1(&JsValue::NULL, &blob);
        });
        if canvas
            .to_blob_with_type_and_encoder_options(
                callback.unchecked_ref(),
                "image/jpeg",
                &JsValue::from_f64(quality),
            )
            .is_err()
        {
            let _ = reject.call0(&JsValue::NULL);
        }
    });
    let blob = JsFuture::from(promise)
        .await
        .map_err(|_| tr!("无法处理这张图片"))?;
    blob.dyn_into::<Blob>()
        .map_err(|_| tr!("无法处理这张图片").to_owned())
}

/// A URL that shows `blob` in an `<img>` (revoke it when the image goes).
pub fn object_url(blob: &Blob) -> Option<String> {
    web_sys::Url::create_object_url_with_blob(blob).ok()
}

/// A URL for `bytes` of the given type (a downloaded PDF), to open or save.
pub fn bytes_url(bytes: &[u8], mime: &str) -> Option<String> {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()?;
    object_url(&blob)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn photos_shrink_to_fit_and_never_grow() {
        assert_eq!(fit_within(4032, 3024, 1600), (1600, 1200));
        assert_eq!(fit_within(3024, 4032, 1600), (1200, 1600));
        assert_eq!(fit_within(1280, 720, 1600), (1280, 720));
        assert_eq!(fit_within(1600, 10, 800), (800, 5));
    }
}
