//! Curves as SVG path data: the outline of the variable-width stroke as one closed path, which
//! the canvas renderer fills in one call (`Path2D`) and the SVG writer puts in a file.

use std::fmt::Write;

use super::bezier::Bezier;
use super::stroke::{Bounds, Settings, Shape, Signature};

/// Sample spacing along a curve's outline, in pixels.
const OUTLINE_STEP: f64 = 1.5;

fn circle(path: &mut String, x: f64, y: f64, r: f64) {
    let _ = write!(
        path,
        "M{:.2} {:.2}a{r:.2} {r:.2} 0 1 0 {:.2} 0a{r:.2} {r:.2} 0 1 0 {:.2} 0Z",
        x - r,
        y,
        2.0 * r,
        -2.0 * r
    );
}

/// One curve as a closed outline (both sides, offset by the width along the normal) with
/// round ends, in the coordinates given, shifted by (`dx`, `dy`).
pub fn curve_path(curve: &Bezier, max_width: f64, dx: f64, dy: f64) -> String {
    let steps = ((curve.length() / OUTLINE_STEP).ceil() as usize).clamp(2, 256);
    let samples: Vec<(f64, f64, f64)> = (0..=steps)
        .map(|i| {
            let t = i as f64 / steps as f64;
            let (x, y) = curve.point_at(t);
            (x + dx, y + dy, curve.width_at(t, max_width))
        })
        .collect();
    let mut left = Vec::with_capacity(samples.len());
    let mut right = Vec::with_capacity(samples.len());
    for (i, &(x, y, w)) in samples.iter().enumerate() {
        let (ax, ay, _) = samples[i.saturating_sub(1)];
        let (bx, by, _) = samples[(i + 1).min(samples.len() - 1)];
        let (tx, ty) = (bx - ax, by - ay);
        let length = tx.hypot(ty);
        let (nx, ny) = if length > 0.0 {
            (-ty / length, tx / length)
        } else {
            (0.0, 0.0)
        };
        left.push((x + nx * w, y + ny * w));
        right.push((x - nx * w, y - ny * w));
    }
    let mut path = String::with_capacity(samples.len() * 28 + 96);
    for (i, (x, y)) in left.iter().chain(right.iter().rev()).enumerate() {
        let _ = write!(path, "{}{x:.2} {y:.2}", if i == 0 { 'M' } else { 'L' });
    }
    path.push('Z');
    let (sx, sy, sw) = samples[0];
    let (ex, ey, ew) = samples[samples.len() - 1];
    circle(&mut path, sx, sy, sw);
    circle(&mut path, ex, ey, ew);
    path
}

/// The path data of a shape, shifted by (`dx`, `dy`).
pub fn shape_path(shape: &Shape, settings: Settings, dx: f64, dy: f64) -> String {
    match shape {
        Shape::Curve(curve) => curve_path(curve, settings.max_width, dx, dy),
        Shape::Dot { x, y, radius } => {
            let mut path = String::new();
            circle(&mut path, x + dx, y + dy, *radius);
            path
        }
    }
}

/// The signature as an SVG document trimmed to its ink (plus `margin`), transparent, in `color`.
pub fn signature_svg(
    signature: &Signature,
    settings: Settings,
    margin: f64,
    color: &str,
) -> Option<String> {
    let bounds: Bounds = signature.bounds(settings)?;
    let (dx, dy) = (margin - bounds.left, margin - bounds.top);
    let (width, height) = (
        bounds.width() + 2.0 * margin,
        bounds.height() + 2.0 * margin,
    );
    let mut data = String::new();
    for shape in signature.shapes(settings) {
        data.push_str(&shape_path(&shape, settings, dx, dy));
    }
    Some(format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.2} {height:.2}"><path fill="{color}" d="{data}"/></svg>"#
    ))
}
