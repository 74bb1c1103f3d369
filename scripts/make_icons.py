#!/usr/bin/env python3
"""Draws the app icons in public/icons (committed; rerun after a design change).

    pip install pillow && apt-get install fonts-noto-cjk
    python3 scripts/make_icons.py
"""
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

OUT = Path(__file__).resolve().parent.parent / "public" / "icons"
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
TOP, BOTTOM = (46, 120, 240), (24, 78, 196)  # the theme blue, lighter at the top


def gradient(size):
    img = Image.new("RGB", (size, size))
    draw = ImageDraw.Draw(img)
    for y in range(size):
        t = y / (size - 1)
        draw.line([(0, y), (size, y)], fill=tuple(round(a + (b - a) * t) for a, b in zip(TOP, BOTTOM)))
    return img


def glyph(img, scale):
    """A seal: a white rounded frame with 签 inside, `scale` of the icon wide."""
    size = img.size[0]
    draw = ImageDraw.Draw(img)
    box = size * scale
    x0 = (size - box) / 2
    width = max(2, round(box * 0.07))
    draw.rounded_rectangle([x0, x0, x0 + box, x0 + box], radius=box * 0.18, outline="white", width=width)
    font = ImageFont.truetype(FONT, round(box * 0.66))
    draw.text((size / 2, size / 2 + box * 0.02), "签", font=font, fill="white", anchor="mm")
    return img


def rounded(img, radius_ratio=0.22):
    size = img.size[0]
    mask = Image.new("L", img.size, 0)
    ImageDraw.Draw(mask).rounded_rectangle([0, 0, size - 1, size - 1], radius=size * radius_ratio, fill=255)
    out = Image.new("RGBA", img.size, (0, 0, 0, 0))
    out.paste(img, (0, 0), mask)
    return out


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        rounded(glyph(gradient(size), 0.62)).save(OUT / f"icon-{size}.png", optimize=True)
    # Maskable: full-bleed background, the glyph inside the 80 % safe circle.
    glyph(gradient(512), 0.5).save(OUT / "icon-maskable-512.png", optimize=True)
    # iOS rounds the corners itself and shows transparency as black: a square, opaque icon.
    glyph(gradient(180), 0.62).save(OUT / "apple-touch-icon.png", optimize=True)


if __name__ == "__main__":
    main()
