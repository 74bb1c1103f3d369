//! What a saved handwritten signature must be: a real PNG of sensible size with an alpha
//! channel (the seal is laid over documents), and an SVG made of paths only.

pub const MAX_PNG_BYTES: usize = 1024 * 1024;
pub const MAX_SVG_BYTES: usize = 512 * 1024;

/// The PNG's size, or why it is refused.
pub fn check_png(bytes: &[u8]) -> Result<(u32, u32), &'static str> {
    if bytes.len() > MAX_PNG_BYTES {
        return Err("签名图片太大");
    }
    if !bytes.starts_with(b"\x89PNG\r\n\x1a\n") || bytes.len() < 33 || &bytes[12..16] != b"IHDR" {
        return Err("签名图片格式不正确");
    }
    let width = u32::from_be_bytes([bytes[16], bytes[17], bytes[18], bytes[19]]);
    let height = u32::from_be_bytes([bytes[20], bytes[21], bytes[22], bytes[23]]);
    // Colour types 4 (grey + alpha) and 6 (RGBA): the background must be able to be transparent.
    if !matches!(bytes[25], 4 | 6) {
        return Err("签名图片须为透明背景");
    }
    if !(40..=4000).contains(&width) || !(20..=2000).contains(&height) {
        return Err("签名太小或太大，请重新书写");
    }
    Ok((width, height))
}

/// Only `<svg>` and `<path>` elements, no scripts, links or event handlers.
pub fn check_svg(svg: &str) -> Result<(), &'static str> {
    if svg.len() > MAX_SVG_BYTES || !svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\"") {
        return Err("签名矢量图格式不正确");
    }
    let lower = svg.to_ascii_lowercase();
    let elements_ok = lower.split('<').skip(1).all(|tag| {
        ["svg ", "path ", "/svg>", "/path>"]
            .iter()
            .any(|ok| tag.starts_with(ok))
    });
    if !elements_ok || lower.contains("script") || lower.contains("href") || lower.contains(" on") {
        return Err("签名矢量图格式不正确");
    }
    Ok(())
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

    #[test]
    fn svgs_are_paths_and_nothing_else() {
        assert!(check_svg(r##"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><path fill="#111" d="M0 0L1 1Z"/></svg>"##).is_ok());
        assert!(
            check_svg(r#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#)
                .is_err()
        );
        assert!(
            check_svg(r#"<svg xmlns="http://www.w3.org/2000/svg"><path onload="x" d=""/></svg>"#)
                .is_err()
        );
        assert!(
            check_svg(r#"<svg xmlns="http://www.w3.org/2000/svg"><image href="http://x"/></svg>"#)
                .is_err()
        );
        assert!(check_svg("<html>").is_err());
    }
}
