//! What a saved handwritten signature must be: a real PNG of sensible size with an alpha
//! channel (the seal is laid over documents), and an SVG made of paths only (parsed, and
//! written again from an allow-list).

pub const MAX_PNG_BYTES: usize = 1024 * 1024;
pub const MAX_SVG_BYTES: usize = 512 * 1024;

/// The PNG's size, or why it is refused.
pub fn check_png(bytes: &[u8]) -> Result<(u32, u32), String> {
    if bytes.len() > MAX_PNG_BYTES {
        return Err(tr!("签名图片太大"));
    }
    if !bytes.starts_with(b"\x89PNG\r\n\x1a\n") || bytes.len() < 33 || &bytes[12..16] != b"IHDR" {
        return Err(tr!("签名图片格式不正确"));
    }
    let width = u32::from_be_bytes([bytes[16], bytes[17], bytes[18], bytes[19]]);
    let height = u32::from_be_bytes([bytes[20], bytes[21], bytes[22], bytes[23]]);
    // Colour types 4 (grey + alpha) and 6 (RGBA): the background must be able to be transparent.
    if !matches!(bytes[25], 4 | 6) {
        return Err(tr!("签名图片须为透明背景"));
    }
    if !(40..=4000).contains(&width) || !(20..=2000).contains(&height) {
        return Err(tr!("签名太小或太大，请重新书写"));
    }
    Ok((width, height))
}

const SVG_NS: &str = "http://www.w3.org/2000/svg";

/// The signature's SVG, parsed and written again with only what a drawn signature needs: the
/// root `<svg>` (width, height, viewBox) and its `<path>` children (d, fill, fill-rule), each
/// value checked. Everything else (scripts, links, event handlers, styles, foreign elements)
/// is dropped. Refused when it does not parse, is not SVG, or has no path left.
pub fn sanitize_svg(svg: &str) -> Result<String, String> {
    let refused = || tr!("签名矢量图格式不正确");
    if svg.len() > MAX_SVG_BYTES {
        return Err(refused());
    }
    // roxmltree refuses DTDs by default: no entity expansion ("billion laughs").
    let document = roxmltree::Document::parse(svg).map_err(|_| refused())?;
    let root = document.root_element();
    if root.tag_name().name() != "svg" || root.tag_name().namespace() != Some(SVG_NS) {
        return Err(refused());
    }
    let mut out = format!(r#"<svg xmlns="{SVG_NS}""#);
    for name in ["width", "height"] {
        if let Some(value) = root.attribute(name).filter(|v| is_number(v)) {
            out.push_str(&format!(r#" {name}="{value}""#));
        }
    }
    if let Some(view_box) = root.attribute("viewBox").filter(|v| {
        let parts: Vec<&str> = v.split([' ', ',']).filter(|p| !p.is_empty()).collect();
        parts.len() == 4 && parts.iter().all(|p| is_number(p))
    }) {
        out.push_str(&format!(r#" viewBox="{view_box}""#));
    }
    out.push('>');
    let mut paths = 0;
    for path in root
        .children()
        .filter(|node| node.is_element() && node.tag_name().name() == "path")
        .filter(|node| node.tag_name().namespace() == Some(SVG_NS))
    {
        let Some(data) = path.attribute("d").filter(|d| is_path_data(d)) else {
            continue;
        };
        out.push_str("<path");
        if let Some(fill) = path.attribute("fill").filter(|f| is_colour(f)) {
            out.push_str(&format!(r#" fill="{fill}""#));
        }
        if let Some(rule) = path
            .attribute("fill-rule")
            .filter(|rule| matches!(*rule, "nonzero" | "evenodd"))
        {
            out.push_str(&format!(r#" fill-rule="{rule}""#));
        }
        out.push_str(&format!(r#" d="{data}"/>"#));
        paths += 1;
    }
    out.push_str("</svg>");
    if paths == 0 {
        return Err(refused());
    }
    Ok(out)
}

fn is_number(value: &str) -> bool {
    !value.is_empty() && value.len() <= 16 && value.parse::<f64>().is_ok_and(f64::is_finite)
}

fn is_path_data(data: &str) -> bool {
    !data.is_empty()
        && data
            .bytes()
            .all(|b| b.is_ascii_digit() || b" .,-+eEMmLlHhVvCcSsQqTtAaZz\n\t".contains(&b))
}

/// `#rgb` / `#rrggbb` or a plain colour keyword; never `url(…)` or anything with punctuation.
fn is_colour(value: &str) -> bool {
    match value.strip_prefix('#') {
        Some(hex) => matches!(hex.len(), 3 | 6) && hex.bytes().all(|b| b.is_ascii_hexdigit()),
        None => {
            !value.is_empty() && value.len() <= 20 && value.bytes().all(|b| b.is_ascii_alphabetic())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32, color_type: u8) -> Vec<u8> {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend_from_slice(&width.to_be_bytes());
        png.extend_from_slice(&height.to_be_bytes());
        png.extend_from_slice(&[8, color_type, 0, 0, 0, 0, 0, 0, 0]);
        png
    }

    #[test]
    fn only_transparent_pngs_of_a_sensible_size() {
        assert_eq!(check_png(&png(600, 240, 6)), Ok((600, 240)));
        assert!(check_png(&png(600, 240, 2)).is_err(), "no alpha");
        assert!(check_png(&png(10, 10, 6)).is_err(), "too small");
        assert!(check_png(b"GIF89a....").is_err());
    }

    const GOOD: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" viewBox="0 0 10.00 10.00"><path fill="#111" d="M0 0L1 1Z"/></svg>"##;

    #[test]
    fn a_drawn_signature_is_kept_as_it_is() {
        assert_eq!(sanitize_svg(GOOD).unwrap(), GOOD);
    }

    #[test]
    fn only_allow_listed_elements_and_attributes_are_kept() {
        // An event handler on a new line (a text check looking for " on" misses it).
        let sneaky = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"\nonload=\"alert(1)\"><path fill=\"#111\"\nonclick=\"x()\" d=\"M0 0L1 1Z\"/><script>alert(2)</script><image href=\"http://x\"/><foreignObject><div/></foreignObject></svg>";
        let kept = sanitize_svg(sneaky).unwrap();
        assert_eq!(
            kept,
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><path fill="#111" d="M0 0L1 1Z"/></svg>"##
        );
        let styled = r#"<svg xmlns="http://www.w3.org/2000/svg"><path fill="url(http://x/#a)" style="x" d="M0 0"/></svg>"#;
        assert_eq!(
            sanitize_svg(styled).unwrap(),
            r#"<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0"/></svg>"#
        );
    }

    #[test]
    fn what_is_not_an_svg_signature_is_refused() {
        assert!(sanitize_svg("<html>").is_err(), "not XML");
        assert!(
            sanitize_svg("<svg><path d=\"M0 0\"/></svg>").is_err(),
            "no SVG namespace"
        );
        assert!(
            sanitize_svg(
                r#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#
            )
            .is_err(),
            "nothing drawn"
        );
        let entities = r#"<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0"/></svg>"#;
        assert!(sanitize_svg(entities).is_err(), "DTDs are refused");
        let bad_path = r#"<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0 url(x)"/></svg>"#;
        assert!(sanitize_svg(bad_path).is_err());
    }
}
