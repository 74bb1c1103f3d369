//! Entry points for `benches/signature_pad.rs`, exported to JavaScript (trunk puts them on
//! `window.wasmBindings`). Not used by the app itself; they cost a few hundred bytes.

use wasm_bindgen::prelude::*;

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
pub fn bench_kept_points(raw_json: &str) -> String {
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
    serde_json::to_string(&kept).unwrap_or_default()
}

/// Draws the kept points on `canvas` `repeats` times through the app's pipeline (curves, widths,
/// outlines, one `Path2D` fill per curve), clearing in between; the milliseconds of each run.
#[wasm_bindgen]
pub fn bench_replay_signature(
    canvas: web_sys::HtmlCanvasElement,
    kept_json: &str,
    repeats: u32,
) -> Vec<f64> {
    let signature = Signature {
        strokes: strokes_from_json(kept_json)
            .into_iter()
            .map(|points| crate::signature::Stroke { points })
            .collect(),
    };
    let settings = Settings::default();
    let performance = web_sys::window().and_then(|w| w.performance());
    let now = || performance.as_ref().map_or(0.0, |p| p.now());
    (0..repeats)
        .map(|_| {
            fit_to_box(&canvas);
            let started = now();
            draw(&canvas, &signature.shapes(settings), settings);
            // Reading a pixel makes the browser finish drawing before the clock stops.
            read_one_pixel(&canvas);
            now() - started
        })
        .collect()
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
