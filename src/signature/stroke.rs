use super::bezier::Bezier;
use super::point::Point;

/// signature_pad's options, with its defaults.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    pub min_width: f64,
    pub max_width: f64,
    /// A point closer than this many ms to the last one is skipped.
    pub throttle_ms: f64,
    /// A point closer than this many pixels to the last one is skipped.
    pub min_distance: f64,
    pub velocity_filter_weight: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            min_width: 0.5,
            max_width: 2.5,
            throttle_ms: 16.0,
            min_distance: 5.0,
            velocity_filter_weight: 0.7,
        }
    }
}

impl Settings {
    fn dot_width(&self) -> f64 {
        (self.min_width + self.max_width) / 2.0
    }
}

/// Turns one stroke's points into curves as they arrive, one curve per new point once three
/// are known (signature_pad's `_addPoint` and `_calculateCurveWidths`).
pub struct StrokeBuilder {
    settings: Settings,
    window: Vec<Point>,
    accepted: Vec<Point>,
    last_velocity: f64,
    last_width: f64,
}

impl StrokeBuilder {
    pub fn new(settings: Settings) -> StrokeBuilder {
        StrokeBuilder {
            settings,
            window: Vec::with_capacity(4),
            accepted: Vec::new(),
            last_velocity: 0.0,
            last_width: settings.dot_width(),
        }
    }

    /// Takes a point of the pen; answers the curve it completes, if any. Points too soon or
    /// too close after the last one are dropped, as signature_pad's throttle and minDistance do.
    pub fn add(&mut self, point: Point) -> Option<Bezier> {
        if let Some(last) = self.accepted.last()
            && (point.time - last.time < self.settings.throttle_ms
                || point.distance_to(last) <= self.settings.min_distance)
        {
            return None;
        }
        self.push_accepted(point)
    }

    /// The curve step for a point already accepted.
    fn push_accepted(&mut self, point: Point) -> Option<Bezier> {
        self.accepted.push(point);
        self.window.push(point);
        if self.window.len() < 3 {
            return None;
        }
        if self.window.len() == 3 {
            self.window.insert(0, self.window[0]);
        }
        let (start_width, end_width) = self.widths(self.window[1], self.window[2]);
        let points = [
            self.window[0],
            self.window[1],
            self.window[2],
            self.window[3],
        ];
        self.window.remove(0);
        Some(Bezier::from_points(&points, start_width, end_width))
    }

    fn widths(&mut self, start: Point, end: Point) -> (f64, f64) {
        let s = &self.settings;
        let velocity = s.velocity_filter_weight * end.velocity_from(&start)
            + (1.0 - s.velocity_filter_weight) * self.last_velocity;
        let mut width = (s.max_width / (velocity + 1.0)).max(s.min_width);
        // A pen's pressure scales the width around its middle (0.5 leaves it as it is).
        if let Some(pressure) = end.pressure.filter(|p| *p > 0.0) {
            width = (width * (0.4 + 1.2 * pressure.min(1.0))).clamp(s.min_width, s.max_width);
        }
        let widths = (self.last_width, width);
        self.last_velocity = velocity;
        self.last_width = width;
        widths
    }

    /// The points kept (what a redraw replays).
    pub fn finish(self) -> Stroke {
        Stroke {
            points: self.accepted,
        }
    }
}

/// A finished stroke: the points that were kept.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Stroke {
    pub points: Vec<Point>,
}

/// What a stroke is drawn as.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Shape {
    Curve(Bezier),
    /// A tap: one point.
    Dot {
        x: f64,
        y: f64,
        radius: f64,
    },
}

impl Stroke {
    /// Replays the stroke through a fresh builder: the same curves as when it was drawn.
    pub fn shapes(&self, settings: Settings) -> Vec<Shape> {
        if self.points.len() == 1 {
            let p = self.points[0];
            return vec![Shape::Dot {
                x: p.x,
                y: p.y,
                radius: settings.dot_width(),
            }];
        }
        // The points were accepted once: replaying them keeps them all.
        let mut builder = StrokeBuilder::new(settings);
        self.points
            .iter()
            .filter_map(|point| builder.push_accepted(*point))
            .map(Shape::Curve)
            .collect()
    }
}

/// The drawn area: what a saved signature is trimmed to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
}

impl Bounds {
    pub fn width(&self) -> f64 {
        self.right - self.left
    }

    pub fn height(&self) -> f64 {
        self.bottom - self.top
    }

    fn include(bounds: Option<Bounds>, x: f64, y: f64, radius: f64) -> Bounds {
        let added = Bounds {
            left: x - radius,
            top: y - radius,
            right: x + radius,
            bottom: y + radius,
        };
        match bounds {
            None => added,
            Some(b) => Bounds {
                left: b.left.min(added.left),
                top: b.top.min(added.top),
                right: b.right.max(added.right),
                bottom: b.bottom.max(added.bottom),
            },
        }
    }
}

/// Every stroke of a signature, in drawing order.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct Signature {
    pub strokes: Vec<Stroke>,
}

impl Signature {
    pub fn is_empty(&self) -> bool {
        self.strokes.is_empty()
    }

    /// 撤销: the last stroke goes.
    pub fn undo(&mut self) {
        self.strokes.pop();
    }

    pub fn shapes(&self, settings: Settings) -> Vec<Shape> {
        self.strokes
            .iter()
            .flat_map(|stroke| stroke.shapes(settings))
            .collect()
    }

    /// The area the ink covers, or None when nothing is drawn.
    pub fn bounds(&self, settings: Settings) -> Option<Bounds> {
        let mut bounds = None;
        for shape in self.shapes(settings) {
            match shape {
                Shape::Dot { x, y, radius } => bounds = Some(Bounds::include(bounds, x, y, radius)),
                Shape::Curve(curve) => {
                    for (x, y, width) in curve.samples(settings.max_width) {
                        bounds = Some(Bounds::include(bounds, x, y, width));
                    }
                }
            }
        }
        bounds
    }

    /// Why this signature is not good enough to save, if it is not.
    pub fn refusal(&self, settings: Settings) -> Option<String> {
        let Some(bounds) = self.bounds(settings) else {
            return Some(tr!("请先书写签名"));
        };
        let points: usize = self.strokes.iter().map(|s| s.points.len()).sum();
        if bounds.width() < 40.0 || bounds.height() < 20.0 || points < 6 {
            return Some(tr!("签名太小，请书写清楚完整的姓名"));
        }
        None
    }
}
