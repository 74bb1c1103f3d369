//! The handwriting pad's geometry, without the browser: points in, smooth variable-width curves
//! out, drawn by a renderer of the caller's choice (`canvas` draws them in the page, `svg`
//! writes them). The smoothing follows signature_pad (szimek/signature_pad) with its defaults, so
//! a signature looks the same; pressure from a pen joins the velocity in the width.

mod bezier;
mod point;
mod stroke;
mod svg;

pub use bezier::Bezier;
pub use point::Point;
pub use stroke::{Bounds, Settings, Shape, Signature, Stroke, StrokeBuilder};
pub use svg::{curve_path, shape_path, shapes_path, signature_svg};

/// The recorded fixture (`tests/fixtures/signature.json`) as strokes of points.
#[cfg(test)]
pub(crate) fn fixture_points() -> Vec<Vec<Point>> {
    let fixture: serde_json::Value =
        serde_json::from_str(include_str!("../../tests/fixtures/signature.json")).unwrap();
    fixture["strokes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|stroke| {
            stroke
                .as_array()
                .unwrap()
                .iter()
                .map(|p| Point {
                    x: p[0].as_f64().unwrap(),
                    y: p[1].as_f64().unwrap(),
                    time: p[2].as_f64().unwrap(),
                    pressure: p[3].as_f64(),
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draw(strokes: &[Vec<Point>]) -> (Signature, usize) {
        let mut signature = Signature::default();
        let mut curves = 0;
        for points in strokes {
            let mut builder = StrokeBuilder::new(Settings::default());
            curves += points.iter().filter_map(|p| builder.add(*p)).count();
            signature.strokes.push(builder.finish());
        }
        (signature, curves)
    }

    #[test]
    fn points_too_soon_or_too_close_are_dropped() {
        let mut builder = StrokeBuilder::new(Settings::default());
        builder.add(Point::new(0.0, 0.0, 0.0));
        builder.add(Point::new(20.0, 0.0, 8.0)); // 8 ms later: throttled
        builder.add(Point::new(3.0, 0.0, 40.0)); // 3 px away: too close
        builder.add(Point::new(20.0, 0.0, 40.0));
        assert_eq!(builder.finish().points.len(), 2);
    }

    #[test]
    fn each_point_after_the_second_makes_one_curve() {
        let mut builder = StrokeBuilder::new(Settings::default());
        let curves: Vec<Bezier> = (0..10)
            .filter_map(|i| builder.add(Point::new(f64::from(i) * 10.0, 0.0, f64::from(i) * 20.0)))
            .collect();
        assert_eq!(curves.len(), 8);
        // Replaying the kept points gives the very same curves (what a redraw relies on).
        let replayed: Vec<Shape> = builder.finish().shapes(Settings::default());
        assert_eq!(
            replayed,
            curves.into_iter().map(Shape::Curve).collect::<Vec<_>>()
        );
    }

    #[test]
    fn slow_strokes_are_wide_and_fast_ones_thin() {
        let width_at_speed = |px_per_ms: f64| {
            let mut builder = StrokeBuilder::new(Settings::default());
            (0..30)
                .filter_map(|i| {
                    let t = f64::from(i) * 20.0;
                    builder.add(Point::new(t * px_per_ms, 0.0, t))
                })
                .last()
                .unwrap()
                .end_width
        };
        let (slow, fast) = (width_at_speed(0.3), width_at_speed(4.0));
        // max / (v + 1) once the filter settles: 2.5 / 1.3 and 2.5 / 5.
        assert!((slow - 2.5 / 1.3).abs() < 0.01, "{slow}");
        assert!((fast - 0.5).abs() < 0.01, "{fast}");
        assert!(width_at_speed(100.0) >= 0.5, "never thinner than minWidth");
    }

    #[test]
    fn a_pen_pressing_harder_draws_wider() {
        let width = |pressure: f64| {
            let mut builder = StrokeBuilder::new(Settings::default());
            (0..20)
                .filter_map(|i| {
                    let t = f64::from(i) * 20.0;
                    builder.add(Point {
                        pressure: Some(pressure),
                        ..Point::new(t * 0.5, 0.0, t)
                    })
                })
                .last()
                .unwrap()
                .end_width
        };
        assert!(width(0.9) > width(0.5) && width(0.5) > width(0.2));
        assert!(width(1.0) <= 2.5 && width(0.01) >= 0.5);
    }

    #[test]
    fn the_fixture_gives_its_curves_and_trims_to_its_ink() {
        let strokes = fixture_points();
        assert_eq!(strokes.iter().map(Vec::len).sum::<usize>(), 1945);
        let (signature, curves) = draw(&strokes);
        let kept: usize = signature.strokes.iter().map(|s| s.points.len()).sum();
        assert_eq!(curves, kept - 2 * signature.strokes.len());
        // 120 Hz input against a 16 ms throttle and a 5 px minimum: about one point in four stays.
        assert!((300..1000).contains(&kept), "{kept} points kept");
        let bounds = signature.bounds(Settings::default()).unwrap();
        // The fixture's ink spans x 40..~440 and y ~60..~265 (its generator's frame), plus widths.
        assert!(bounds.left > 35.0 && bounds.left < 60.0, "{bounds:?}");
        assert!(bounds.top > 50.0 && bounds.top < 90.0, "{bounds:?}");
        assert!(bounds.right > 400.0 && bounds.right < 450.0, "{bounds:?}");
        assert!(bounds.bottom > 240.0 && bounds.bottom < 280.0, "{bounds:?}");
        assert_eq!(signature.refusal(Settings::default()), None);
    }

    #[test]
    fn empty_and_tiny_signatures_are_refused() {
        let settings = Settings::default();
        assert_eq!(
            Signature::default().refusal(settings),
            Some("请先书写签名".to_owned())
        );
        let (tiny, _) = draw(&[vec![
            Point::new(0.0, 0.0, 0.0),
            Point::new(6.0, 2.0, 20.0),
            Point::new(12.0, 0.0, 40.0),
        ]]);
        assert_eq!(
            tiny.refusal(settings),
            Some("签名太小，请书写清楚完整的姓名".to_owned())
        );
        let (mut undone, _) = draw(&fixture_points());
        for _ in 0..14 {
            undone.undo();
        }
        assert!(undone.is_empty());
    }

    #[test]
    fn the_svg_is_trimmed_transparent_and_one_path() {
        let (signature, _) = draw(&fixture_points());
        let settings = Settings::default();
        let bounds = signature.bounds(settings).unwrap();
        let svg = signature_svg(&signature, settings, 4.0, "#111").unwrap();
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert_eq!(svg.matches("<path").count(), 1);
        assert!(svg.contains(&format!("width=\"{:.0}\"", bounds.width() + 8.0)));
        assert!(
            !svg.contains("fill=\"#fff") && !svg.contains("<rect"),
            "no background"
        );
        assert!(signature_svg(&Signature::default(), settings, 4.0, "#111").is_none());
    }
}
