//! The handwriting pipeline against signature_pad (npm, the library whose smoothing it follows):
//! the recorded ~2,000-point signature (`tests/fixtures/signature.json`), filtered as a pad keeps
//! points, drawn by each onto a canvas in headless Chromium, 100 times each. Prints one JSON line
//! with the median and p90 ms of each and their ratio, and saves the two renderings side by side
//! as `target/screenshots/signature-bench.png`.
//!
//!     scripts/bootstrap && (source scripts/env.sh && build_spa)
//!     cargo bench --bench signature_pad

#[path = "../tests/support/mod.rs"]
mod support;

use serde_json::{Value, json};
use support::{Device, Harness};

const RUNS: u32 = 100;

const SETUP: &str = r#"
const make = (id, left) => {
  const c = document.createElement('canvas');
  c.id = id;
  c.style.cssText = `position:fixed;top:20px;left:${left}px;width:500px;height:320px;background:#fff;z-index:1000;border:1px solid #ccc`;
  document.body.appendChild(c);
  c.width = 500; c.height = 320;
  return c;
};
make('ours', 20); make('theirs', 540);
"#;

const THEIRS: &str = r#"
const kept = JSON.parse(arguments[0]);
const canvas = document.getElementById('theirs');
const options = { minWidth: 0.5, maxWidth: 2.5, throttle: 16, minDistance: 5, velocityFilterWeight: 0.7, penColor: '#111827' };
const pad = new SignaturePad(canvas, options);
const groups = kept.map(stroke => ({
  points: stroke.map(([x, y, time, pressure]) => ({ x, y, time, pressure: pressure ?? 0.5 })),
  penColor: '#111827', dotSize: 0, minWidth: 0.5, maxWidth: 2.5, velocityFilterWeight: 0.7,
  compositeOperation: 'source-over',
}));
const times = [];
for (let i = 0; i < arguments[1]; i++) {
  pad.clear();
  const started = performance.now();
  pad.fromData(groups, { clear: false });
  canvas.getContext('2d').getImageData(0, 0, 1, 1);
  times.push(performance.now() - started);
}
return times;
"#;

fn stats(times: &Value) -> (f64, f64) {
    let mut times: Vec<f64> = times
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_f64)
        .collect();
    times.sort_by(f64::total_cmp);
    let at = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize];
    (at(0.5), at(0.9))
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let raw: Value =
        serde_json::from_str(include_str!("../tests/fixtures/signature.json")).unwrap();
    let raw_points: usize = raw["strokes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_array().unwrap().len())
        .sum();
    let library = std::path::Path::new(&std::env::var("HOME").unwrap())
        .join(".cache/cloudsign/tools/node_modules/signature_pad/dist/signature_pad.umd.min.js");
    let library = std::fs::read_to_string(&library)
        .unwrap_or_else(|_| panic!("{} is missing: run scripts/bootstrap", library.display()));

    let h = Harness::start(Device::Desktop).await;
    h.open("/orgs").await;
    h.wait_until(
        "the app's wasm is loaded",
        "return !!(window.wasmBindings && window.wasmBindings.bench_kept_points)",
    )
    .await;
    h.eval(&format!("{library}\n;window.SignaturePad = SignaturePad;"))
        .await;
    h.eval(SETUP).await;
    let kept = h
        .client
        .execute(
            // The exports are async (their code is in the pad's chunk): WebDriver awaits the promise.
            "return window.wasmBindings.bench_kept_points(arguments[0])",
            vec![json!(raw["strokes"].to_string())],
        )
        .await
        .unwrap();
    let kept_points: usize = serde_json::from_str::<Value>(kept.as_str().unwrap())
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_array().unwrap().len())
        .sum();
    let ours = h
        .client
        .execute(
            "return window.wasmBindings.bench_replay_signature(document.getElementById('ours'), arguments[0], arguments[1]).then((runs) => Array.from(runs))",
            vec![kept.clone(), json!(RUNS)],
        )
        .await
        .unwrap();
    let theirs = h
        .client
        .execute(THEIRS, vec![kept, json!(RUNS)])
        .await
        .unwrap();
    h.screenshot("signature-bench").await;
    h.close().await;

    let ((ours_median, ours_p90), (theirs_median, theirs_p90)) = (stats(&ours), stats(&theirs));
    let round = |v: f64| (v * 1000.0).round() / 1000.0;
    println!(
        "{}",
        json!({
            "bench": "signature_pad",
            "points_raw": raw_points,
            "points_kept": kept_points,
            "runs": RUNS,
            "app_median_ms": round(ours_median),
            "app_p90_ms": round(ours_p90),
            "signature_pad_median_ms": round(theirs_median),
            "signature_pad_p90_ms": round(theirs_p90),
            "app_time_over_signature_pad": round(ours_median / theirs_median),
            "screenshot": "target/screenshots/signature-bench.png (left: app, right: signature_pad)",
        })
    );
}
