//! Entry points for `benches/signature_pad.rs`, exported to JavaScript (trunk puts them on
//! `window.wasmBindings`). Not used by the app itself. An export is always in the main module,
//! so each is a thin async wrapper whose body is in the pad's chunk (`chunks::Chunk::Signature`):
//! the drawing code they reach stays out of the first screen (12 KB brotli).

use wasm_bindgen::prelude::*;

use crate::chunks::{ChunkUnavailable, settle};

use crate::platform::signature_canvas::{draw, fit_to_box};
use crate::signature::{Point, Settings, Signature, StrokeBuilder};

/// A recorded point as the fixture has it: x, y, time (ms), pressure.
type RawPoint = (f64, f64, f64, Option<f64>);

fn strokes_from_json(json: &str) -> Vec<Vec<Point>> {
    let strokes: Vec<Vec<RawPoint>> = serde_json::from_str(json).unwrap_or_default();
    strokes
        .into_iter()
        .map(|stroke| {
            stroke
                .into_iter()
                .map(|(x, y, time, pressure)| Point {
                    x,
                    y,
                    time,
                    pressure,
                })
                .collect()
        })
        .collect()
}

/// The points a pad would keep of raw pointer input (throttle and minimum distance), as JSON in
/// the same shape: what both pipelines of the benchmark then draw.
#[wasm_bindgen]
pub async fn bench_kept_points(raw_json: String) -> Result<String, JsError> {
    settle(kept_points(raw_json)).await.map_err(unavailable)
}

/// Draws the kept points on `canvas` `repeats` times through the app's pipeline (curves, widths,
/// outlines, one `Path2D` fill per curve), clearing in between; the milliseconds of each run.
#[wasm_bindgen]
pub async fn bench_replay_signature(
    canvas: web_sys::HtmlCanvasElement,
    kept_json: String,
    repeats: u32,
) -> Result<Vec<f64>, JsError> {
    settle(replay_signature(canvas, kept_json, repeats))
        .await
        .map_err(unavailable)
}

fn unavailable(_: ChunkUnavailable) -> JsError {
    JsError::new("the pad's chunk could not be loaded")
}

#[cfg_attr(feature = "split", wasm_split_helpers::wasm_split(signature, fallible))]
fn kept_points(raw_json: String) -> Result<String, ChunkUnavailable> {
    let raw_json = raw_json.as_str();
    let kept: Vec<Vec<RawPoint>> = strokes_from_json(raw_json)
        .into_iter()
        .map(|points| {
            let mut builder = StrokeBuilder::new(Settings::default());
            for point in points {
                builder.add(point);
            }
            builder
                .finish()
                .points
                .into_iter()
                .map(|p| (p.x, p.y, p.time, p.pressure))
                .collect()
        })
        .collect();
    Ok(serde_json::to_string(&kept).unwrap_or_default())
}

#[cfg_attr(feature = "split", wasm_split_helpers::wasm_split(signature, fallible))]
fn replay_signature(
    canvas: web_sys::HtmlCanvasElement,
    kept_json: String,
    repeats: u32,
) -> Result<Vec<f64>, ChunkUnavailable> {
    let kept_json = kept_json.as_str();
    let signature = Signature {
        strokes: strokes_from_json(kept_json)
            .into_iter()
            .map(|points| crate::signature::Stroke { points })
            .collect(),
    };
    let settings = Settings::default();
    let performance = web_sys::window().and_then(|w| w.performance());
    let now = || performance.as_ref().map_or(0.0, |p| p.now());
    Ok((0..repeats)
        .map(|_| {
            fit_to_box(&canvas);
            let started = now();
            draw(&canvas, &signature.shapes(settings), settings);
            // Reading a pixel makes the browser finish drawing before the clock stops.
            read_one_pixel(&canvas);
            now() - started
        })
        .collect())
}

fn read_one_pixel(canvas: &web_sys::HtmlCanvasElement) {
    use wasm_bindgen::JsCast;
    if let Some(context) = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
    {
        let _ = context.get_image_data(0.0, 0.0, 1.0, 1.0);
    }
}
