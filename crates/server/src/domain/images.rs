//! What the server accepts as a photo: a real JPEG or PNG, within size and pixel limits.
//! The bytes are checked, never the name or the declared content type.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    Jpeg,
    Png,
}

impl ImageFormat {
    pub const fn extension(self) -> &'static str {
        match self {
            ImageFormat::Jpeg => "jpg",
            ImageFormat::Png => "png",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageInfo {
    pub format: ImageFormat,
    pub width: u32,
    pub height: u32,
}

#[derive(Debug, Clone, Copy)]
pub struct ImageLimits {
    pub max_bytes: usize,
    pub min_side: u32,
    pub max_side: u32,
}

/// ID card photos: the app sends at most 1600 px and about 500 KB; some room is left for
/// browsers that cannot compress.
pub const ID_PHOTO: ImageLimits = ImageLimits {
    max_bytes: 5 * 1024 * 1024,
    min_side: 300,
    max_side: 4096,
};
/// One frame of the liveness check.
pub const LIVENESS_FRAME: ImageLimits = ImageLimits {
    max_bytes: 300 * 1024,
    min_side: 120,
    max_side: 1280,
};

pub fn check_image(bytes: &[u8], limits: ImageLimits) -> Result<ImageInfo, String> {
    if bytes.is_empty() {
        return Err(tr!("图片为空，请重新拍摄或选择"));
    }
    if bytes.len() > limits.max_bytes {
        return Err(tr!("图片太大，请重新拍摄或选择"));
    }
    let format = if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        ImageFormat::Jpeg
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        ImageFormat::Png
    } else {
        return Err(tr!("只支持 JPG 或 PNG 格式的图片"));
    };
    let size = imagesize::blob_size(bytes).map_err(|_| tr!("图片已损坏，请重新拍摄或选择"))?;
    let (width, height) = (size.width as u32, size.height as u32);
    if width.min(height) < limits.min_side {
        return Err(tr!("图片太小，请拍摄清晰的照片"));
    }
    if width.max(height) > limits.max_side {
        return Err(tr!("图片尺寸过大，请重新拍摄或选择"));
    }
    Ok(ImageInfo {
        format,
        width,
        height,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A PNG header of the given size: enough for the checks, which read no pixels.
    pub fn png_header(width: u32, height: u32) -> Vec<u8> {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend_from_slice(&width.to_be_bytes());
        png.extend_from_slice(&height.to_be_bytes());
        png.extend_from_slice(&[8, 2, 0, 0, 0, 0, 0, 0, 0]);
        png
    }

    #[test]
    fn real_images_within_limits_pass() {
        let info = check_image(&png_header(1600, 1000), ID_PHOTO).unwrap();
        assert_eq!(
            info,
            ImageInfo {
                format: ImageFormat::Png,
                width: 1600,
                height: 1000
            }
        );
    }

    #[test]
    fn everything_else_is_refused_with_a_reason() {
        assert_eq!(
            check_image(b"", ID_PHOTO),
            Err("图片为空，请重新拍摄或选择".to_owned())
        );
        assert_eq!(
            check_image(b"GIF89a......", ID_PHOTO),
            Err("只支持 JPG 或 PNG 格式的图片".to_owned())
        );
        assert_eq!(
            check_image(b"<html>not an image</html>", ID_PHOTO),
            Err("只支持 JPG 或 PNG 格式的图片".to_owned())
        );
        assert_eq!(
            check_image(&png_header(200, 120), ID_PHOTO),
            Err("图片太小，请拍摄清晰的照片".to_owned())
        );
        assert_eq!(
            check_image(&png_header(8000, 6000), ID_PHOTO),
            Err("图片尺寸过大，请重新拍摄或选择".to_owned())
        );
        assert_eq!(
            check_image(&[0xFF, 0xD8, 0xFF, 0xE0], ID_PHOTO),
            Err("图片已损坏，请重新拍摄或选择".to_owned())
        );
        let mut huge = png_header(1000, 1000);
        huge.resize(6 * 1024 * 1024, 0);
        assert_eq!(
            check_image(&huge, ID_PHOTO),
            Err("图片太大，请重新拍摄或选择".to_owned())
        );
    }
}
