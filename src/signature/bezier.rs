use super::point::Point;

/// One cubic Bézier piece of a stroke, with the pen's width at its two ends.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bezier {
    pub start: (f64, f64),
    pub control1: (f64, f64),
    pub control2: (f64, f64),
    pub end: (f64, f64),
    pub start_width: f64,
    pub end_width: f64,
}

/// The control points either side of `s2` that make a smooth curve through s1, s2, s3
/// (signature_pad's `calculateControlPoints`).
fn control_points(s1: &Point, s2: &Point, s3: &Point) -> ((f64, f64), (f64, f64)) {
    let (dx1, dy1) = (s1.x - s2.x, s1.y - s2.y);
    let (dx2, dy2) = (s2.x - s3.x, s2.y - s3.y);
    let m1 = ((s1.x + s2.x) / 2.0, (s1.y + s2.y) / 2.0);
    let m2 = ((s2.x + s3.x) / 2.0, (s2.y + s3.y) / 2.0);
    let l1 = dx1.hypot(dy1);
    let l2 = dx2.hypot(dy2);
    let (dxm, dym) = (m1.0 - m2.0, m1.1 - m2.1);
    let k = if l1 + l2 == 0.0 { 0.0 } else { l2 / (l1 + l2) };
    let cm = (m2.0 + dxm * k, m2.1 + dym * k);
    let (tx, ty) = (s2.x - cm.0, s2.y - cm.1);
    ((m1.0 + tx, m1.1 + ty), (m2.0 + tx, m2.1 + ty))
}

impl Bezier {
    /// The piece from `points[1]` to `points[2]`, shaped by its neighbours.
    pub fn from_points(points: &[Point; 4], start_width: f64, end_width: f64) -> Bezier {
        let (_, control1) = control_points(&points[0], &points[1], &points[2]);
        let (control2, _) = control_points(&points[1], &points[2], &points[3]);
        Bezier {
            start: (points[1].x, points[1].y),
            control1,
            control2,
            end: (points[2].x, points[2].y),
            start_width,
            end_width,
        }
    }

    pub fn point_at(&self, t: f64) -> (f64, f64) {
        let u = 1.0 - t;
        let (a, b, c, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
        (
            a * self.start.0 + b * self.control1.0 + c * self.control2.0 + d * self.end.0,
            a * self.start.1 + b * self.control1.1 + c * self.control2.1 + d * self.end.1,
        )
    }

    /// Length, approximated over ten chords as signature_pad does.
    pub fn length(&self) -> f64 {
        let steps = 10;
        let mut length = 0.0;
        let mut previous = self.start;
        for i in 1..=steps {
            let point = self.point_at(f64::from(i) / f64::from(steps));
            length += (point.0 - previous.0).hypot(point.1 - previous.1);
            previous = point;
        }
        length
    }

    /// The pen's width at `t`: from start to end along t³, as signature_pad draws it.
    pub fn width_at(&self, t: f64, max_width: f64) -> f64 {
        (self.start_width + t * t * t * (self.end_width - self.start_width)).min(max_width)
    }

    /// Points along the curve with the width there, as many as signature_pad stamps dots
    /// (two per pixel of length), and at least two.
    pub fn samples(&self, max_width: f64) -> Vec<(f64, f64, f64)> {
        let steps = ((self.length().floor() as usize) * 2).max(2);
        (0..=steps)
            .map(|i| {
                let t = i as f64 / steps as f64;
                let (x, y) = self.point_at(t);
                (x, y, self.width_at(t, max_width))
            })
            .collect()
    }
}
