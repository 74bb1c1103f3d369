//! What a visible seal looks like: the person's handwritten signature (我的签名) for a personal
//! seal, and for a unit seal a round red seal with the unit's name along the rim and a star
//! in the middle, as Chinese electronic seals look. Text uses the standard CJK font
//! STSong-Light (Adobe-GB1), which PDF readers supply, so nothing is embedded.

use std::f32::consts::PI;
use std::fmt::Write as _;
use std::io::Write as _;

use lopdf::{Dictionary, Object, Stream, dictionary};

use crate::pdf::Appearance;

/// The seal's red.
const RED: &str = "0.84 0.09 0.09";

/// Where on which page: `PAGE,X,Y,W,H` in points from the page's lower left.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement {
    pub page: u32,
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
}

impl std::str::FromStr for Placement {
    type Err = String;

    fn from_str(text: &str) -> Result<Placement, String> {
        let parts: Vec<&str> = text.split(',').map(str::trim).collect();
        let [page, x, y, width, height] = parts[..] else {
            return Err("PAGE,X,Y,W,H: five numbers, e.g. 1,380,80,160,160".into());
        };
        let number = |v: &str| v.parse::<f32>().map_err(|_| format!("not a number: {v}"));
        let placement = Placement {
            page: page
                .parse()
                .map_err(|_| format!("not a page number: {page}"))?,
            x: number(x)?,
            y: number(y)?,
            width: number(width)?,
            height: number(height)?,
        };
        if placement.page == 0 || placement.width <= 0.0 || placement.height <= 0.0 {
            return Err("the page counts from 1; the width and height are positive".into());
        }
        Ok(placement)
    }
}

impl Placement {
    fn appearance(&self, content: String, images: Vec<Image>, resources: Dictionary) -> Appearance {
        Appearance {
            page: self.page,
            rect: [self.x, self.y, self.x + self.width, self.y + self.height],
            content: content.into_bytes(),
            images: images
                .into_iter()
                .map(|image| (image.name, image.color, image.alpha))
                .collect(),
            resources,
        }
    }
}

struct Image {
    name: String,
    color: Stream,
    alpha: Option<Stream>,
}

fn deflate(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(data).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}

fn image_stream(width: u32, height: u32, color_space: &str, samples: &[u8]) -> Stream {
    Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image",
            "Width" => i64::from(width), "Height" => i64::from(height),
            "ColorSpace" => color_space, "BitsPerComponent" => 8,
            "Filter" => "FlateDecode",
        },
        deflate(samples),
    )
}

/// A PNG as an RGB image with its alpha as a soft mask.
fn png_image(png: &[u8]) -> anyhow::Result<(Image, u32, u32)> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info()?;
    let mut pixels = vec![0; reader.output_buffer_size().unwrap_or(0)];
    let frame = reader.next_frame(&mut pixels)?;
    let (width, height) = (frame.width, frame.height);
    let pixels = &pixels[..frame.buffer_size()];
    let (mut rgb, mut alpha) = (Vec::new(), Vec::new());
    let channels = frame.color_type.samples();
    for pixel in pixels.chunks_exact(channels) {
        let (color, a) = match frame.color_type {
            png::ColorType::Rgba => ([pixel[0], pixel[1], pixel[2]], pixel[3]),
            png::ColorType::Rgb => ([pixel[0], pixel[1], pixel[2]], 255),
            png::ColorType::GrayscaleAlpha => ([pixel[0]; 3], pixel[1]),
            _ => ([pixel[0]; 3], 255),
        };
        rgb.extend_from_slice(&color);
        alpha.push(a);
    }
    Ok((
        Image {
            name: "Im1".into(),
            color: image_stream(width, height, "DeviceRGB", &rgb),
            alpha: Some(image_stream(width, height, "DeviceGray", &alpha)),
        },
        width,
        height,
    ))
}

/// The personal seal: the handwritten signature, fitted into the box without distortion.
pub fn handwritten(placement: &Placement, png: &[u8]) -> anyhow::Result<Appearance> {
    let (image, width, height) = png_image(png)?;
    let scale = (placement.width / width as f32).min(placement.height / height as f32);
    let (w, h) = (width as f32 * scale, height as f32 * scale);
    let (dx, dy) = ((placement.width - w) / 2.0, (placement.height - h) / 2.0);
    let content = format!("q {w:.2} 0 0 {h:.2} {dx:.2} {dy:.2} cm /Im1 Do Q");
    Ok(placement.appearance(content, vec![image], Dictionary::new()))
}

/// The standard Chinese font, not embedded (Adobe-GB1, as readers supply it).
fn cjk_font() -> Dictionary {
    dictionary! {
        "Font" => dictionary! {
            "F1" => dictionary! {
                "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "STSong-Light",
                "Encoding" => "UniGB-UCS2-H",
                "DescendantFonts" => vec![Object::Dictionary(dictionary! {
                    "Type" => "Font", "Subtype" => "CIDFontType0", "BaseFont" => "STSong-Light",
                    "CIDSystemInfo" => dictionary! {
                        "Registry" => Object::string_literal("Adobe"),
                        "Ordering" => Object::string_literal("GB1"),
                        "Supplement" => 4,
                    },
                    "FontDescriptor" => dictionary! {
                        "Type" => "FontDescriptor", "FontName" => "STSong-Light", "Flags" => 6,
                        "FontBBox" => vec![(-25).into(), (-254).into(), 1000.into(), 880.into()],
                        "ItalicAngle" => 0, "Ascent" => 880, "Descent" => -120,
                        "CapHeight" => 880, "StemV" => 93,
                    },
                    "DW" => 1000,
                })],
            },
        },
    }
}

/// A character as UCS-2 hex for the font's encoding (characters beyond it become 〇).
fn ucs2(character: char) -> String {
    let code = u16::try_from(u32::from(character)).unwrap_or(0x3007);
    format!("<{code:04X}>")
}

/// A circle of radius `r` around (cx, cy), as four Bézier curves.
fn circle(out: &mut String, cx: f32, cy: f32, r: f32) {
    let k = 0.552_284_8 * r;
    let _ = write!(
        out,
        "{:.2} {cy:.2} m {:.2} {:.2} {:.2} {:.2} {cx:.2} {:.2} c \
         {:.2} {:.2} {:.2} {:.2} {:.2} {cy:.2} c \
         {:.2} {:.2} {:.2} {:.2} {cx:.2} {:.2} c \
         {:.2} {:.2} {:.2} {:.2} {:.2} {cy:.2} c ",
        cx + r,
        cx + r,
        cy + k,
        cx + k,
        cy + r,
        cy + r,
        cx - k,
        cy + r,
        cx - r,
        cy + k,
        cx - r,
        cx - r,
        cy - k,
        cx - k,
        cy - r,
        cy - r,
        cx + k,
        cy - r,
        cx + r,
        cy - k,
        cx + r,
    );
}

/// The unit seal: a red ring, the unit's name along its upper rim, a star in the middle.
pub fn unit_seal(placement: &Placement, unit_name: &str) -> Appearance {
    let side = placement.width.min(placement.height);
    let (cx, cy) = (placement.width / 2.0, placement.height / 2.0);
    let line = side * 0.035;
    let r = side / 2.0 - line;
    let mut content = format!("q {RED} RG {RED} rg {line:.2} w ");
    circle(&mut content, cx, cy, r);
    content.push_str("S ");
    // A five-pointed star, its top point up.
    let (outer, inner) = (r * 0.3, r * 0.3 * 0.382);
    for i in 0..10 {
        let radius = if i % 2 == 0 { outer } else { inner };
        let angle = PI / 2.0 + i as f32 * PI / 5.0;
        let (x, y) = (cx + radius * angle.cos(), cy + radius * angle.sin());
        let _ = write!(content, "{x:.2} {y:.2} {} ", if i == 0 { "m" } else { "l" });
    }
    content.push_str("h f ");
    // The name along the upper rim, from lower left over the top to lower right, each
    // character upright to the rim.
    let characters: Vec<char> = unit_name.chars().filter(|c| !c.is_whitespace()).collect();
    let count = characters.len().max(1) as f32;
    // At most 240° of rim, with a little air between characters.
    let rim = 240f32.to_radians() * r * 0.7;
    let size = (r * 0.3).min(rim / count * 0.85);
    let baseline = r - line * 1.5 - size * 0.9;
    let span = (240.0f32).min(count * 360.0 * size / (2.0 * PI * baseline) * 1.1);
    content.push_str("BT ");
    let _ = write!(content, "/F1 {size:.2} Tf ");
    for (i, character) in characters.iter().enumerate() {
        let step = if count > 1.0 {
            span / (count - 1.0)
        } else {
            0.0
        };
        let degrees = 90.0 + span / 2.0 - i as f32 * step;
        let theta = degrees.to_radians();
        let rotation = theta - PI / 2.0;
        let (cos, sin) = (rotation.cos(), rotation.sin());
        // The glyph's box is centred on the rim point.
        let x = cx + baseline * theta.cos() - size / 2.0 * cos;
        let y = cy + baseline * theta.sin() - size / 2.0 * sin;
        let _ = write!(
            content,
            "{cos:.4} {sin:.4} {:.4} {cos:.4} {x:.2} {y:.2} Tm {} Tj ",
            -sin,
            ucs2(*character)
        );
    }
    content.push_str("ET Q");
    placement.appearance(content, Vec::new(), cjk_font())
}

/// A personal seal without a handwritten signature: the name in a red frame.
pub fn name_stamp(placement: &Placement, name: &str) -> Appearance {
    let (w, h) = (placement.width, placement.height);
    let count = name.chars().count().max(1) as f32;
    let size = (h * 0.5).min(w * 0.8 / count);
    let x = (w - size * count) / 2.0;
    let y = (h - size * 0.8) / 2.0;
    let text: String = name.chars().map(ucs2).collect();
    let content = format!(
        "q {RED} RG {RED} rg {:.2} w 1 1 {:.2} {:.2} re S BT /F1 {size:.2} Tf {x:.2} {y:.2} Td {text} Tj ET Q",
        (h * 0.03).max(1.0),
        w - 2.0,
        h - 2.0
    );
    placement.appearance(content, Vec::new(), cjk_font())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placements_are_five_numbers_on_a_page_from_one() {
        let placement: Placement = "1, 380, 80, 160, 120".parse().unwrap();
        assert_eq!(placement.page, 1);
        assert_eq!(placement.height, 120.0);
        assert!("0,1,1,1,1".parse::<Placement>().is_err());
        assert!("1,2,3".parse::<Placement>().is_err());
        assert!("1,2,3,-4,5".parse::<Placement>().is_err());
    }

    #[test]
    fn the_unit_seal_writes_each_character_of_the_name_in_red() {
        let placement: Placement = "1,0,0,160,160".parse().unwrap();
        let seal = unit_seal(&placement, "惠州市某建设工程有限公司");
        let content = String::from_utf8(seal.content).unwrap();
        assert_eq!(content.matches(" Tj ").count(), 12);
        assert!(content.contains("<60E0>"), "惠 as UCS-2");
        assert!(content.starts_with(&format!("q {RED} RG")));
        assert_eq!(seal.rect, [0.0, 0.0, 160.0, 160.0]);
    }
}
