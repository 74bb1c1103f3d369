//! Decodes every PNG/JPEG in a folder with exactly the app's pipeline and prints one JSON line
//! per image, then a summary line:
//!
//!     cargo run --release -p cloudsign-scan --example qr_bench -- DIR
//!
//! `{"file", "text", "micros", "tier"}` per image (`text` null when nothing was found; `micros`
//! is the decode alone, not the file read). When DIR has `qr_corpus.py`'s `manifest.json`, the
//! summary also counts right, wrong and missed payloads and false positives on negatives, per
//! variant.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use cloudsign_scan::Scanner;
use serde_json::{Value, json};

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[rank]
}

fn main() {
    let dir =
        PathBuf::from(std::env::args().nth(1).expect(
            "usage: qr_bench DIR (PNG/JPEG frames, optionally qr_corpus.py's manifest.json)",
        ));
    let expected: BTreeMap<String, (String, Option<String>)> =
        std::fs::read_to_string(dir.join("manifest.json"))
            .ok()
            .and_then(|text| serde_json::from_str::<Value>(&text).ok())
            .and_then(|manifest| manifest["images"].as_array().cloned())
            .unwrap_or_default()
            .into_iter()
            .filter_map(|image| {
                Some((
                    image["file"].as_str()?.to_owned(),
                    (
                        image["variant"].as_str().unwrap_or("").to_owned(),
                        image["expected"].as_str().map(str::to_owned),
                    ),
                ))
            })
            .collect();

    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("DIR can be read")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            matches!(
                path.extension()
                    .and_then(|e| e.to_str())
                    .map(str::to_ascii_lowercase)
                    .as_deref(),
                Some("png" | "jpg" | "jpeg")
            )
        })
        .collect();
    files.sort();

    let mut scanner = Scanner::new();
    let mut times_640 = Vec::new();
    let mut times_all = Vec::new();
    let (
        mut found,
        mut right,
        mut wrong,
        mut missed,
        mut false_positive,
        mut positives,
        mut negatives,
    ) = (0, 0, 0, 0, 0, 0, 0);
    let mut per_variant: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    let mut per_tier: BTreeMap<&str, u32> = BTreeMap::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let image = image::open(path).expect("an image").to_luma8();
        let (width, height) = image.dimensions();
        let luma = image.into_raw();
        let started = Instant::now();
        let decoded = scanner.decode_luma(&luma, width, height);
        let micros = started.elapsed().as_secs_f64() * 1e6;
        times_all.push(micros);
        if (width, height) == (640, 480) {
            times_640.push(micros);
        }
        let text = decoded.as_ref().map(|d| d.text.clone());
        if let Some(decoded) = &decoded {
            found += 1;
            *per_tier.entry(decoded.tier.name()).or_default() += 1;
        }
        if let Some((variant, want)) = expected.get(&name) {
            let entry = per_variant.entry(variant.clone()).or_default();
            match (want, &text) {
                (Some(want), Some(got)) if want == got => {
                    right += 1;
                    entry.0 += 1;
                }
                (Some(_), Some(_)) => wrong += 1,
                (Some(_), None) => missed += 1,
                (None, Some(_)) => false_positive += 1,
                (None, None) => entry.0 += 1,
            }
            entry.1 += 1;
            if want.is_some() {
                positives += 1;
            } else {
                negatives += 1;
            }
        }
        println!(
            "{}",
            json!({"file": name, "text": text, "micros": micros.round() as u64,
                   "tier": decoded.map(|d| d.tier.name())})
        );
    }
    times_640.sort_by(f64::total_cmp);
    times_all.sort_by(f64::total_cmp);
    let ms = |v: f64| (v / 10.0).round() / 100.0;
    let mut summary = json!({
        "summary": true,
        "images": files.len(),
        "decoded": found,
        "median_ms_640x480": ms(percentile(&times_640, 0.5)),
        "p90_ms_640x480": ms(percentile(&times_640, 0.9)),
        "median_ms_all": ms(percentile(&times_all, 0.5)),
        "tiers": per_tier,
    });
    if !expected.is_empty() {
        summary["positives"] = json!(positives);
        summary["right"] = json!(right);
        summary["success_pct"] =
            json!((right as f64 * 1000.0 / positives.max(1) as f64).round() / 10.0);
        summary["wrong"] = json!(wrong);
        summary["missed"] = json!(missed);
        summary["negatives"] = json!(negatives);
        summary["false_positives"] = json!(false_positive);
        summary["per_variant"] = per_variant
            .into_iter()
            .map(|(variant, (ok, total))| (variant, json!(format!("{ok}/{total}"))))
            .collect::<serde_json::Map<_, _>>()
            .into();
    }
    println!("{summary}");
}
