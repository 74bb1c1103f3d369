//! The QR pipeline as the app runs it: the release build's Web Worker (WASM) in headless
//! Chromium, fed the corpus's 640×480 frames one at a time. Prints one JSON summary line with
//! the median and p90 decode time per frame (measured inside the worker, around the decode
//! only) and the success rate against `manifest.json`.
//!
//!     python3 ../shared/bench/qr_corpus.py --out target/qr-corpus
//!     scripts/bootstrap && (source scripts/env.sh && build_spa)
//!     cargo bench --bench scan_wasm -- target/qr-corpus

#[path = "../tests/support/mod.rs"]
mod support;

use std::collections::BTreeMap;
use std::path::PathBuf;

use base64::Engine;
use serde_json::{Value, json};
use support::{Device, Harness};

const SETUP: &str = r#"
window.scanWorker = new Worker('/scan_worker_loader.js');
window.scanReady = new Promise(resolve => {
  window.scanWorker.onmessage = event => { if (event.data.ready) resolve(); };
});
window.decodeLuma = (base64, width, height) => new Promise(resolve => {
  const luma = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < luma.length; i++) {
    rgba[4 * i] = rgba[4 * i + 1] = rgba[4 * i + 2] = luma[i];
    rgba[4 * i + 3] = 255;
  }
  window.scanWorker.onmessage = event => resolve(event.data);
  window.scanWorker.postMessage({ width, height, pixels: rgba }, [rgba.buffer]);
});
"#;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted
        .get(((sorted.len().saturating_sub(1)) as f64 * p).round() as usize)
        .copied()
        .unwrap_or(0.0)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let dir = PathBuf::from(
        std::env::args()
            .skip(1)
            .find(|arg| !arg.starts_with("--"))
            .unwrap_or_else(|| "target/qr-corpus".into()),
    );
    let manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("manifest.json"))
            .expect("a qr_corpus.py folder with manifest.json"),
    )
    .unwrap();
    let expected: BTreeMap<String, Option<String>> = manifest["images"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|image| image["width"] == 640 && image["height"] == 480)
        .map(|image| {
            (
                image["file"].as_str().unwrap().to_owned(),
                image["expected"].as_str().map(str::to_owned),
            )
        })
        .collect();

    let h = Harness::start(Device::Desktop).await;
    h.open("/orgs").await;
    h.eval(SETUP).await;
    h.client
        .execute_async("window.scanReady.then(arguments[0])", vec![])
        .await
        .expect("the worker loads");

    let mut times = Vec::new();
    let (mut right, mut wrong, mut positives, mut false_positives) = (0, 0, 0, 0);
    for (file, want) in &expected {
        let image = image::open(dir.join(file)).unwrap().to_luma8();
        let encoded = base64::engine::general_purpose::STANDARD.encode(image.as_raw());
        let answer = h
            .client
            .execute_async(
                "window.decodeLuma(arguments[0], 640, 480).then(arguments[arguments.length - 1])",
                vec![json!(encoded)],
            )
            .await
            .expect("the worker answers");
        times.push(answer["ms"].as_f64().unwrap_or(0.0));
        let got = answer["text"].as_str();
        match (want, got) {
            (Some(want), Some(got)) if want == got => right += 1,
            (Some(_), Some(_)) => wrong += 1,
            (None, Some(_)) => false_positives += 1,
            _ => {}
        }
        positives += usize::from(want.is_some());
    }
    h.close().await;
    times.sort_by(f64::total_cmp);
    let round = |v: f64| (v * 100.0).round() / 100.0;
    println!(
        "{}",
        json!({
            "bench": "scan_wasm",
            "frames_640x480": times.len(),
            "median_ms": round(percentile(&times, 0.5)),
            "p90_ms": round(percentile(&times, 0.9)),
            "positives": positives,
            "right": right,
            "success_pct": round(right as f64 * 100.0 / positives.max(1) as f64),
            "wrong": wrong,
            "false_positives": false_positives,
        })
    );
}
