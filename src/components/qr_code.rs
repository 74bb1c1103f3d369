use leptos::prelude::*;
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode as Matrix};

/// `text` as an SVG QR code (error correction M, with the quiet zone), or None when it is too
/// long for a QR code.
pub fn qr_svg(text: &str) -> Option<String> {
    let code = Matrix::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    let svg = code
        .render::<svg::Color<'_>>()
        .min_dimensions(200, 200)
        .dark_color(svg::Color("#111827"))
        .light_color(svg::Color("#ffffff"))
        .quiet_zone(true)
        .build();
    // The XML prolog means nothing inside HTML.
    Some(
        svg.split_once("?>")
            .map_or(svg.clone(), |(_, rest)| rest.trim_start().to_owned()),
    )
}

/// A QR code of `text`, drawn as SVG so it stays sharp at any size.
#[component]
pub fn QrCode(#[prop(into)] text: String, #[prop(into)] label: String) -> impl IntoView {
    let svg = qr_svg(&text).unwrap_or_default();
    view! { <div class="qr-code" role="img" aria-label=label inner_html=svg></div> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_an_svg_without_the_xml_prolog() {
        let svg = qr_svg("http://127.0.0.1:8080/login").unwrap();
        assert!(svg.starts_with("<svg"), "{}", &svg[..40]);
        assert!(svg.contains("#111827"));
    }

    #[test]
    fn refuses_what_no_qr_code_can_hold() {
        assert!(qr_svg(&"x".repeat(5000)).is_none());
    }
}
