//! Curves as SVG path data: the outline of the variable-width stroke as one closed path, which
//! the canvas renderer fills in one call (`Path2D`) and the SVG writer puts in a file.

use super::bezier::Bezier;
use super::stroke::{Bounds, Settings, Shape, Signature};

/// Sample spacing along a curve's outline, in pixels: the pieces between kept points are short
/// and gently bent, so a few chords each follow them closely.
const OUTLINE_STEP: f64 = 3.0;

/// Appends `value` rounded to a tenth, without the formatting machinery (this runs for every
/// vertex of every curve while the person writes).
fn push_number(path: &mut String, value: f64) {
    let tenths = (value * 10.0).round() as i64;
    if tenths < 0 {
        path.push('-');
    }
    let (whole, tenth) = (tenths.unsigned_abs() / 10, tenths.unsigned_abs() % 10);
    let mut digits = [0u8; 20];
    let mut n = whole;
    let mut len = 0;
    loop {
        digits[len] = b'0' + (n % 10) as u8;
        len += 1;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &digit in digits[..len].iter().rev() {
        path.push(digit as char);
    }
    if tenth != 0 {
        path.push('.');
        path.push((b'0' + tenth as u8) as char);
    }
}

fn push_point(path: &mut String, command: char, x: f64, y: f64) {
    path.push(command);
    push_number(path, x);
    path.push(' ');
    push_number(path, y);
}

fn circle(path: &mut String, x: f64, y: f64, r: f64) {
    push_point(path, 'M', x - r, y);
    for sweep in [2.0 * r, -2.0 * r] {
        path.push('a');
        push_number(path, r);
        path.push(' ');
        push_number(path, r);
        path.push_str(" 0 1 0 ");
        push_number(path, sweep);
        path.push_str(" 0");
    }
    path.push('Z');
}

/// One curve as a closed outline (both sides, offset by the width along the normal) with
/// round ends, in the coordinates given, shifted by (`dx`, `dy`).
pub fn curve_path(curve: &Bezier, max_width: f64, dx: f64, dy: f64) -> String {
    let mut path = String::new();
    push_curve(&mut path, curve, max_width, (dx, dy), true);
    path
}

/// Appends a curve's outline; `start_cap` adds the round start, which a curve continuing the
/// previous one does not need (that one's end cap is the same circle).
fn push_curve(
    path: &mut String,
    curve: &Bezier,
    max_width: f64,
    (dx, dy): (f64, f64),
    start_cap: bool,
) {
    let steps = ((curve.length() / OUTLINE_STEP).ceil() as usize).clamp(2, 64);
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
    path.reserve(samples.len() * 24 + 96);
    for (i, &(x, y)) in left.iter().chain(right.iter().rev()).enumerate() {
        push_point(path, if i == 0 { 'M' } else { 'L' }, x, y);
    }
    path.push('Z');
    if start_cap {
        let (sx, sy, sw) = samples[0];
        circle(path, sx, sy, sw);
    }
    let (ex, ey, ew) = samples[samples.len() - 1];
    circle(path, ex, ey, ew);
}

/// The path data of many shapes as one path (a whole signature filled in one call).
pub fn shapes_path(shapes: &[Shape], settings: Settings, dx: f64, dy: f64) -> String {
    let mut path = String::new();
    let mut previous_end = None;
    for shape in shapes {
        match shape {
            Shape::Curve(curve) => {
                let continues = previous_end == Some(curve.start);
                push_curve(&mut path, curve, settings.max_width, (dx, dy), !continues);
                previous_end = Some(curve.end);
            }
            Shape::Dot { x, y, radius } => {
                circle(&mut path, x + dx, y + dy, *radius);
                previous_end = None;
            }
        }
    }
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
    let data = shapes_path(&signature.shapes(settings), settings, dx, dy);
    Some(format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.2} {height:.2}"><path fill="{color}" d="{data}"/></svg>"#
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_to_a_tenth() {
        let mut path = String::new();
        for value in [0.0, 12.34, -3.05, 100.0, -0.04, 7.96] {
            push_number(&mut path, value);
            path.push(',');
        }
        assert_eq!(path, "0,12.3,-3.1,100,0,8,");
    }
}
