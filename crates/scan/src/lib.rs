//! 云签署's QR decoding pipeline: one camera frame in, the code's text out.
//!
//! The decoders run as a cascade chosen by measurement on `qr_corpus.py`'s frames (see the
//! README's scanner section and `examples/qr_bench.rs`). Most frames are read by the first stage;
//! the later ones only run for frames the earlier could not read:
//!
//! 1. rxing on the frame at half size: 124 of 295 codes, in about half the time of a full-size
//!    read (the median 640×480 frame: 1.2–1.3 ms natively instead of 2.1);
//! 2. rxing (hybrid binariser) at full size: 68 more;
//! 3. quircs: 45 more (rotations, perspective);
//! 4. quircs, then rxing, on the inverted frame: light-on-dark codes (20);
//! 5. local contrast (difference from a 33×33 mean, ×4): faint codes on bright cards (15);
//! 6. unsharp masks, 3×3 at 1.5×, then 5×5, 7×7, 11×11 and 17×17 at 4×: blurred frames (15);
//! 7. smoothing (a monitor's pixel grid); rxing with TRY_HARDER (2); quircs at half size; the
//!    middle of the frame at twice the size, for codes far away;
//! 8. for a photo from the album only (wider than a camera frame): the other eight overlapping
//!    quarters at twice the size, for a small code anywhere in it (3 of the held-out seed's 25
//!    small codes in 720p photos).
//!
//! Counts are for seed 1001 of the corpus, which the stages were tuned on; the README gives the
//! other seeds' figures, among them one generated after the cascade was final.
//!
//! Stages that added nothing measurable (a global contrast stretch, a 3×3 smoothing) were
//! dropped. A decoder's answer is only accepted after its Reed–Solomon check and as UTF-8: no
//! wrong payload and no false positive on the corpus.
//!
//! Pure Rust without browser APIs: the app's Web Worker and the native benchmark run exactly
//! this code.

pub mod allocator;

use rxing::common::HybridBinarizer;
use rxing::qrcode::QRCodeReader;
use rxing::{BinaryBitmap, DecodeHints, Luma8LuminanceSource, Reader};

/// The width the app scales camera frames to (`platform::scanner`); wider frames are photos.
pub const CAMERA_FRAME_WIDTH: u32 = 640;

/// The unsharp masks tried one after the other: (3×3 mean passes, gain). 1 pass is 3×3; 2, 5×5;
/// 3, 7×7; 5, 11×11; 8, 17×17.
const UNSHARP_MASKS: [(usize, f32); 5] = [(1, 1.5), (2, 4.0), (3, 4.0), (5, 4.0), (8, 4.0)];

/// Which stage of the cascade read the code (the benchmark reports it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tier {
    /// rxing on the frame at half size: most codes fill enough of the frame to be read from a
    /// quarter of its pixels, in half the time.
    HalfSize,
    Rxing,
    Quirc,
    QuircInverted,
    /// rxing on the inverted frame, for the light-on-dark codes quircs cannot place.
    RxingInverted,
    TryHarder,
    Downscaled,
    Upscaled,
    Sharpened,
    LocalContrast,
    /// Blurred first: a monitor's pixel grid, which the camera turns into moire, smoothed away.
    Smoothed,
    /// A photo from the album: each of nine overlapping quarters at twice the size.
    Tiled,
}

impl Tier {
    pub const fn name(self) -> &'static str {
        match self {
            Tier::HalfSize => "half-size",
            Tier::Rxing => "rxing",
            Tier::Quirc => "quirc",
            Tier::QuircInverted => "quirc-inverted",
            Tier::RxingInverted => "rxing-inverted",
            Tier::TryHarder => "try-harder",
            Tier::Downscaled => "downscaled",
            Tier::Upscaled => "upscaled",
            Tier::Sharpened => "sharpened",
            Tier::LocalContrast => "local-contrast",
            Tier::Smoothed => "smoothed",
            Tier::Tiled => "tiled",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub tier: Tier,
}

/// ITU-R BT.601 luma from RGBA (what a canvas's `getImageData` gives), in integer arithmetic.
pub fn rgba_to_luma(rgba: &[u8], luma: &mut Vec<u8>) {
    luma.clear();
    luma.extend(rgba.chunks_exact(4).map(|px| {
        let (r, g, b) = (u32::from(px[0]), u32::from(px[1]), u32::from(px[2]));
        ((r * 77 + g * 150 + b * 29 + 128) >> 8) as u8
    }));
}

/// Decodes frames; keeps its buffers between frames so that scanning does not allocate anew
/// for every one.
pub struct Scanner {
    quirc: quircs::Quirc,
    luma: Vec<u8>,
    hints: DecodeHints,
    try_harder: DecodeHints,
}

impl Default for Scanner {
    fn default() -> Self {
        Scanner::new()
    }
}

impl Scanner {
    pub fn new() -> Scanner {
        Scanner {
            quirc: quircs::Quirc::default(),
            luma: Vec::new(),
            hints: DecodeHints::default(),
            // Slow; a late stage for the few frames it alone reads.
            try_harder: DecodeHints {
                TryHarder: Some(true),
                ..DecodeHints::default()
            },
        }
    }

    /// An RGBA frame (4 bytes a pixel, row by row).
    pub fn decode_rgba(&mut self, rgba: &[u8], width: u32, height: u32) -> Option<Decoded> {
        if rgba.len() != width as usize * height as usize * 4 {
            return None;
        }
        let mut luma = std::mem::take(&mut self.luma);
        rgba_to_luma(rgba, &mut luma);
        let decoded = self.decode_luma(&luma, width, height);
        self.luma = luma;
        decoded
    }

    /// A greyscale frame (1 byte a pixel).
    pub fn decode_luma(&mut self, luma: &[u8], width: u32, height: u32) -> Option<Decoded> {
        if luma.len() != width as usize * height as usize || width == 0 || height == 0 {
            return None;
        }
        let (w, h) = (width, height);
        let stage = |text: Option<String>, tier: Tier| text.map(|text| Decoded { text, tier });
        let (half, hw, hh) = downscale(luma, w, h);
        stage(self.rxing(&half, hw, hh), Tier::HalfSize)
            .or_else(|| stage(self.rxing(luma, w, h), Tier::Rxing))
            .or_else(|| stage(self.quirc(luma, w, h), Tier::Quirc))
            .or_else(|| {
                let inverted: Vec<u8> = luma.iter().map(|v| 255 - v).collect();
                stage(self.quirc(&inverted, w, h), Tier::QuircInverted)
                    .or_else(|| stage(self.rxing(&inverted, w, h), Tier::RxingInverted))
            })
            .or_else(|| {
                let local = local_contrast(luma, w, h, 16, 4.0);
                stage(self.either(&local, w, h), Tier::LocalContrast)
            })
            .or_else(|| {
                // Blur, from light to heavy: a 3×3 mask at 1.5×, then ever wider ones at 4×.
                UNSHARP_MASKS.iter().find_map(|&(passes, gain)| {
                    let sharp = unsharp(luma, w, h, passes, gain);
                    stage(self.either(&sharp, w, h), Tier::Sharpened)
                })
            })
            .or_else(|| {
                let smooth = wide_mean(luma, w, h, 2);
                stage(self.either(&smooth, w, h), Tier::Smoothed)
            })
            .or_else(|| stage(rxing_decode(luma, w, h, &self.try_harder), Tier::TryHarder))
            .or_else(|| stage(self.quirc(&half, hw, hh), Tier::Downscaled))
            .or_else(|| {
                let (double, dw, dh) = upscale_quarter(luma, w, h, (w / 4, h / 4));
                stage(self.either(&double, dw, dh), Tier::Upscaled)
            })
            .or_else(|| {
                // Only for photos: the camera's frames are this wide at most and come 30 times
                // a second, while a photo is read once and may hold a small code anywhere.
                if w <= CAMERA_FRAME_WIDTH {
                    return None;
                }
                let corners = [0, 1, 2].map(|i| (i * w / 4, i * h / 4));
                corners
                    .iter()
                    .flat_map(|&(x0, _)| corners.iter().map(move |&(_, y0)| (x0, y0)))
                    .filter(|&corner| corner != (w / 4, h / 4))
                    .find_map(|corner| {
                        let (double, dw, dh) = upscale_quarter(luma, w, h, corner);
                        self.either(&double, dw, dh)
                    })
                    .map(|text| Decoded {
                        text,
                        tier: Tier::Tiled,
                    })
            })
    }

    /// rxing, else quircs, on a prepared frame.
    fn either(&mut self, luma: &[u8], width: u32, height: u32) -> Option<String> {
        self.rxing(luma, width, height)
            .or_else(|| self.quirc(luma, width, height))
    }

    fn rxing(&self, luma: &[u8], width: u32, height: u32) -> Option<String> {
        rxing_decode(luma, width, height, &self.hints)
    }

    fn quirc(&mut self, luma: &[u8], width: u32, height: u32) -> Option<String> {
        let codes = self.quirc.identify(width as usize, height as usize, luma);
        codes
            .flatten()
            .filter_map(|code| code.decode().ok())
            .filter_map(|data| String::from_utf8(data.payload).ok())
            .find(|text| !text.is_empty())
    }
}

fn rxing_decode(luma: &[u8], width: u32, height: u32, hints: &DecodeHints) -> Option<String> {
    let source = Luma8LuminanceSource::new(luma.to_vec(), width, height);
    let mut bitmap = BinaryBitmap::new(HybridBinarizer::new(source));
    let result = QRCodeReader.decode_with_hints(&mut bitmap, hints).ok()?;
    let text = result.getText();
    (!text.is_empty()).then(|| text.to_owned())
}

/// Each pixel's difference from the mean of the (2r+1)² box around it, amplified `gain` times
/// around mid-grey: faint codes on a bright card stand out, whatever the light elsewhere.
fn local_contrast(luma: &[u8], width: u32, height: u32, radius: usize, gain: f32) -> Vec<u8> {
    let (w, h) = (width as usize, height as usize);
    // Integral image, one extra row and column of zeros.
    let mut integral = vec![0u32; (w + 1) * (h + 1)];
    for y in 0..h {
        let mut row = 0u32;
        for x in 0..w {
            row += u32::from(luma[y * w + x]);
            integral[(y + 1) * (w + 1) + x + 1] = integral[y * (w + 1) + x + 1] + row;
        }
    }
    let mut out = Vec::with_capacity(w * h);
    for y in 0..h {
        let (y0, y1) = (y.saturating_sub(radius), (y + radius + 1).min(h));
        for x in 0..w {
            let (x0, x1) = (x.saturating_sub(radius), (x + radius + 1).min(w));
            let sum = integral[y1 * (w + 1) + x1] + integral[y0 * (w + 1) + x0]
                - integral[y0 * (w + 1) + x1]
                - integral[y1 * (w + 1) + x0];
            let mean = sum as f32 / ((x1 - x0) * (y1 - y0)) as f32;
            let v = 128.0 + gain * (f32::from(luma[y * w + x]) - mean);
            out.push(v.clamp(0.0, 255.0) as u8);
        }
    }
    out
}

/// 3×3 mean, edges kept as they are.
fn box_blur(luma: &[u8], width: u32, height: u32) -> Vec<u8> {
    let (w, h) = (width as usize, height as usize);
    let mut out = luma.to_vec();
    for y in 1..h.saturating_sub(1) {
        for x in 1..w.saturating_sub(1) {
            let mut sum = 0u32;
            for dy in 0..3 {
                let row = (y + dy - 1) * w;
                sum += u32::from(luma[row + x - 1])
                    + u32::from(luma[row + x])
                    + u32::from(luma[row + x + 1]);
            }
            out[y * w + x] = ((sum + 4) / 9) as u8;
        }
    }
    out
}

/// `passes` 3×3 means one over the other: a (2n+1)×(2n+1) mean, nearly Gaussian from 3 on.
fn wide_mean(luma: &[u8], width: u32, height: u32, passes: usize) -> Vec<u8> {
    let mut blurred = box_blur(luma, width, height);
    for _ in 1..passes {
        blurred = box_blur(&blurred, width, height);
    }
    blurred
}

/// Unsharp mask: the frame plus `gain` times its difference from `wide_mean(passes)`.
fn unsharp(luma: &[u8], width: u32, height: u32, passes: usize, gain: f32) -> Vec<u8> {
    let blurred = wide_mean(luma, width, height, passes);
    luma.iter()
        .zip(&blurred)
        .map(|(&v, &b)| {
            (f32::from(v) + gain * (f32::from(v) - f32::from(b))).clamp(0.0, 255.0) as u8
        })
        .collect()
}

/// Half size, 2×2 averaged.
fn downscale(luma: &[u8], width: u32, height: u32) -> (Vec<u8>, u32, u32) {
    let (w, h) = (width as usize / 2, height as usize / 2);
    let src_w = width as usize;
    let mut out = Vec::with_capacity(w * h);
    for y in 0..h {
        for x in 0..w {
            let i = 2 * y * src_w + 2 * x;
            let sum = u32::from(luma[i])
                + u32::from(luma[i + 1])
                + u32::from(luma[i + src_w])
                + u32::from(luma[i + src_w + 1]);
            out.push(((sum + 2) / 4) as u8);
        }
    }
    (out, w as u32, h as u32)
}

/// A quarter of the frame (half its width and height, from `corner`) at twice the size
/// (bilinear): a code far from the camera, or small in a photo.
fn upscale_quarter(
    luma: &[u8],
    width: u32,
    height: u32,
    (x0, y0): (u32, u32),
) -> (Vec<u8>, u32, u32) {
    let (src_w, src_h) = (width as usize, height as usize);
    let (x0, y0) = (x0 as usize, y0 as usize);
    let (w, h) = (src_w, src_h);
    let mut out = Vec::with_capacity(w * h);
    for y in 0..h {
        let fy = y0 as f32 + y as f32 / 2.0;
        let (iy, ty) = (fy as usize, fy.fract());
        let iy1 = (iy + 1).min(src_h - 1);
        for x in 0..w {
            let fx = x0 as f32 + x as f32 / 2.0;
            let (ix, tx) = (fx as usize, fx.fract());
            let ix1 = (ix + 1).min(src_w - 1);
            let p = |xx: usize, yy: usize| f32::from(luma[yy * src_w + xx]);
            let top = p(ix, iy) * (1.0 - tx) + p(ix1, iy) * tx;
            let bottom = p(ix, iy1) * (1.0 - tx) + p(ix1, iy1) * tx;
            out.push((top * (1.0 - ty) + bottom * ty).round() as u8);
        }
    }
    (out, w as u32, h as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A QR code drawn into a grey frame, `scale` pixels a module, optionally light-on-dark.
    fn frame(text: &str, scale: usize, inverted: bool) -> (Vec<u8>, u32, u32) {
        let modules = qrcode::QrCode::new(text.as_bytes()).unwrap().width();
        let size = (modules + 8) * scale;
        let centre = ((640 - size) / 2, (480 - size) / 2);
        frame_at(text, scale as f32, (640, 480), centre, inverted)
    }

    /// As `frame`, `scale` (possibly fractional) pixels a module, at `(x0, y0)` of a frame
    /// `width`×`height`.
    fn frame_at(
        text: &str,
        scale: f32,
        (width, height): (usize, usize),
        (x0, y0): (usize, usize),
        inverted: bool,
    ) -> (Vec<u8>, u32, u32) {
        let code = qrcode::QrCode::new(text.as_bytes()).unwrap();
        let modules = code.width();
        let colors = code.to_colors();
        let background = 200u8;
        let mut luma = vec![background; width * height];
        let size = ((modules + 8) as f32 * scale).ceil() as usize;
        let dark_at = |fx: f32, fy: f32| {
            let (mx, my) = ((fx / scale) as isize - 4, (fy / scale) as isize - 4);
            let dark = mx >= 0
                && my >= 0
                && (mx as usize) < modules
                && (my as usize) < modules
                && colors[my as usize * modules + mx as usize] == qrcode::Color::Dark;
            dark != inverted
        };
        // Each pixel the mean of 4×4 samples, as a lens would average a module's edge.
        for y in 0..size {
            for x in 0..size {
                let mut sum = 0u32;
                for sy in 0..4 {
                    for sx in 0..4 {
                        let (fx, fy) = (
                            x as f32 + (sx as f32 + 0.5) / 4.0,
                            y as f32 + (sy as f32 + 0.5) / 4.0,
                        );
                        sum += if dark_at(fx, fy) { 20 } else { 240 };
                    }
                }
                luma[(y0 + y) * width + x0 + x] = (sum / 16) as u8;
            }
        }
        (luma, width as u32, height as u32)
    }

    #[test]
    fn reads_a_plain_code_at_half_size_first() {
        let (luma, w, h) = frame("https://qs.example/s/AbC123", 5, false);
        let decoded = Scanner::new().decode_luma(&luma, w, h).unwrap();
        assert_eq!(decoded.text, "https://qs.example/s/AbC123");
        assert_eq!(decoded.tier, Tier::HalfSize);
    }

    #[test]
    fn reads_a_code_too_fine_for_half_size_at_full_size() {
        let (luma, w, h) = frame("https://qs.example/s/AbC123", 2, false);
        let decoded = Scanner::new().decode_luma(&luma, w, h).unwrap();
        assert_eq!(decoded.text, "https://qs.example/s/AbC123");
        assert_eq!(decoded.tier, Tier::Rxing);
    }

    #[test]
    fn reads_a_small_code_off_centre_in_a_photo_through_its_quarter() {
        // 1.6 px a module: finer than the full-size stages read, far from the middle.
        let text = "https://qs.example/s/AbC123";
        let (luma, w, h) = frame_at(text, 1.6, (1280, 720), (120, 90), false);
        let decoded = Scanner::new().decode_luma(&luma, w, h).unwrap();
        assert_eq!(decoded.text, text);
        assert_eq!(decoded.tier, Tier::Tiled);
    }

    #[test]
    fn reads_a_light_on_dark_code_through_the_inverted_pass() {
        let (luma, w, h) = frame("inverted", 5, true);
        let decoded = Scanner::new().decode_luma(&luma, w, h).unwrap();
        assert_eq!(decoded.text, "inverted");
    }

    #[test]
    fn an_empty_or_mis_sized_frame_reads_nothing() {
        let mut scanner = Scanner::new();
        assert_eq!(scanner.decode_luma(&vec![128; 640 * 480], 640, 480), None);
        assert_eq!(scanner.decode_luma(&[0; 10], 640, 480), None);
        assert_eq!(scanner.decode_rgba(&[0; 10], 640, 480), None);
    }

    #[test]
    fn rgba_frames_are_read_through_their_luma() {
        let (luma, w, h) = frame("rgba", 5, false);
        let rgba: Vec<u8> = luma.iter().flat_map(|&v| [v, v, v, 255]).collect();
        let mut back = Vec::new();
        rgba_to_luma(&rgba, &mut back);
        assert_eq!(back, luma);
        assert_eq!(
            Scanner::new().decode_rgba(&rgba, w, h).unwrap().text,
            "rgba"
        );
    }
}
