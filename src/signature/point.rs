//! A sampled pen position: the input of the smoothing.

/// Where the pen was, when (ms), and how hard it pressed (pens only; None for touch and mouse).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Point {
    pub x: f64,
    pub y: f64,
    pub time: f64,
    pub pressure: Option<f64>,
}

impl Point {
    pub fn new(x: f64, y: f64, time: f64) -> Point {
        Point {
            x,
            y,
            time,
            pressure: None,
        }
    }

    pub(super) fn distance_to(&self, other: &Point) -> f64 {
        (self.x - other.x).hypot(self.y - other.y)
    }

    /// Pixels per millisecond since `start`.
    pub(super) fn velocity_from(&self, start: &Point) -> f64 {
        if self.time != start.time {
            self.distance_to(start) / (self.time - start.time)
        } else {
            0.0
        }
    }
}
