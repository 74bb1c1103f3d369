#!/usr/bin/env python3
"""Photos of a monitor showing a QR code, as a phone sees the desktop sealing client's code.

Extends ../shared/bench/qr_corpus.py (its payloads, poses, backgrounds and blur) with what a
screen adds: the pixel grid that the camera resamples into moire, glare from a window or lamp,
banding from the backlight's PWM against the rolling shutter, JPEG compression, low light with
its noise, and motion blur; "mixed" frames combine several at milder strengths, as real photos
do. Same manifest.json as qr_corpus.py, so qr_bench reads it. Every image is derived from
--seed and its index; tune on one seed and report on another (held out).

    python3 benches/scan/screen_corpus.py --out target/screen-corpus --seed 3001
"""
import argparse
import io
import json
import math
import os
import sys

import numpy as np
from PIL import Image

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "bench"))
import qr_corpus as q  # noqa: E402

VARIANTS = [
    ("moire", 40),
    ("glare", 30),
    ("banding", 30),
    ("jpeg", 30),
    ("low_light", 30),
    ("motion", 30),
    ("mixed", 60),
    ("negative", 30),
]
W, H = 640, 480


def render_screen(matrix, Hm, dark, light, margin, pixels_per_module, grid_gap, grid_depth, ss=3):
    """The code on a lit screen: every module is pixels_per_module screen pixels, each pixel lit
    except a dark gap around it (the grid between pixels), sampled at ss x ss per camera pixel."""
    n = matrix.shape[0]
    m = margin / n
    corners = np.array([[-0.5 - m, -0.5 - m, 1], [0.5 + m, -0.5 - m, 1],
                        [0.5 + m, 0.5 + m, 1], [-0.5 - m, 0.5 + m, 1]]).T
    pc = Hm @ corners
    pc = pc[:2] / pc[2]
    x0 = int(max(0, math.floor(pc[0].min()) - 2)); x1 = int(min(W, math.ceil(pc[0].max()) + 2))
    y0 = int(max(0, math.floor(pc[1].min()) - 2)); y1 = int(min(H, math.ceil(pc[1].max()) + 2))
    Hinv = np.linalg.inv(Hm)
    sub = (np.arange(ss) + 0.5) / ss
    ys = (np.arange(y0, y1)[:, None] + sub[None, :]).reshape(-1)
    xs = (np.arange(x0, x1)[:, None] + sub[None, :]).reshape(-1)
    X, Y = np.meshgrid(xs, ys)
    P = np.stack([X.ravel(), Y.ravel(), np.ones(X.size)])
    Qp = Hinv @ P
    u = Qp[0] / Qp[2]; v = Qp[1] / Qp[2]
    on_screen = (np.abs(u) <= 0.5 + m) & (np.abs(v) <= 0.5 + m)
    mi = np.floor((u + 0.5) * n).astype(np.int64)
    mj = np.floor((v + 0.5) * n).astype(np.int64)
    incode = (mi >= 0) & (mi < n) & (mj >= 0) & (mj < n)
    isdark = np.zeros(u.shape, dtype=bool)
    isdark[incode] = matrix[mj[incode], mi[incode]]
    val = np.where(isdark, dark, light).astype(np.float32)
    # The pixel grid, in screen-pixel units.
    sx = (u + 0.5) * n * pixels_per_module
    sy = (v + 0.5) * n * pixels_per_module
    fx = sx - np.floor(sx); fy = sy - np.floor(sy)
    gap = (fx < grid_gap) | (fy < grid_gap)
    val = np.where(gap, val * (1 - grid_depth), val)
    cover = on_screen.astype(np.float32)
    shp = (y1 - y0, ss, x1 - x0, ss)
    val = (val * cover).reshape(len(ys), len(xs)).reshape(shp).mean(axis=(1, 3))
    cov = cover.reshape(len(ys), len(xs)).reshape(shp).mean(axis=(1, 3))
    return (x0, y0, x1, y1), val, cov


def motion_blur(img, length, angle):
    """A straight streak of `length` pixels at `angle`: the phone moved while exposing."""
    out = np.zeros_like(img)
    steps = max(2, int(round(length)))
    for k in range(steps):
        t = k / (steps - 1) - 0.5
        dx = int(round(t * length * math.cos(angle))); dy = int(round(t * length * math.sin(angle)))
        out += np.roll(np.roll(img, dy, axis=0), dx, axis=1)
    return out / steps


def jpeg(img, quality):
    buf = io.BytesIO()
    Image.fromarray(np.clip(np.rint(img), 0, 255).astype(np.uint8), mode="L").save(buf, "JPEG", quality=int(quality))
    return np.asarray(Image.open(io.BytesIO(buf.getvalue())), dtype=np.float32)


def screen_photo(rng, variant):
    version = int(rng.integers(3, 11))
    ec = "M" if rng.random() < 0.5 else "Q"
    payload = q.make_payload(rng, version, ec)
    mat = q.qr_matrix(payload, version, ec)
    n = mat.shape[0]
    meta = {"version": version, "ec": ec}
    effects = {variant} if variant != "mixed" else set(
        rng.choice(["moire", "glare", "banding", "jpeg", "low_light", "motion"], size=int(rng.integers(2, 4)), replace=False))
    mild = variant == "mixed"
    meta["effects"] = sorted(effects)

    size = rng.uniform(0.4, 0.75) * H
    rx = math.radians(rng.uniform(-12, 12)); ry = math.radians(rng.uniform(-12, 12))
    rz = math.radians(rng.uniform(-8, 8))
    # A lit screen: black is never black (backlight, ambient light), white is bright.
    dark, light = rng.uniform(25, 70), rng.uniform(190, 245)
    # The sealing client's code is drawn 3-8 screen pixels a module; the grid is always there,
    # strongest when the phone is close and sharp.
    ppm = rng.uniform(3, 8)
    grid_gap, grid_depth = rng.uniform(0.08, 0.2), rng.uniform(0.15, 0.35)
    if "moire" in effects:
        grid_gap = rng.uniform(0.2, 0.35) * (0.8 if mild else 1)
        grid_depth = rng.uniform(0.4, 0.7) * (0.8 if mild else 1)
        # A screen pixel lands near the camera's own pixel pitch: the worst aliasing.
        size = rng.uniform(0.5, 0.95) * n * ppm / rng.uniform(1.0, 2.2)
        size = float(np.clip(size, 0.3 * H, 0.9 * H))
        meta["screen_px_per_camera_px"] = round(n * ppm / size, 2)
    cx = W / 2 + rng.uniform(-0.1, 0.1) * W; cy = H / 2 + rng.uniform(-0.1, 0.1) * H
    Hm = q.pose_homography(W, H, (cx, cy), size, rx, ry, rz)
    meta["module_px"] = round(size / n, 2)
    bg = q.background(rng, W, H) * rng.uniform(0.3, 0.7)  # a dim room behind the monitor
    box, val, cov = render_screen(mat, Hm, dark, light, rng.uniform(2, 10), ppm, grid_gap, grid_depth)
    img = q.compose(bg, box, val, cov)
    img = q.gauss_blur(img, rng.uniform(0.5, 0.9))  # optics, focus a little off a screen

    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    if "glare" in effects:
        # A window's reflection: a bright patch over part of the code, and veiling glare that
        # lifts the blacks everywhere.
        gx = cx + rng.uniform(-0.35, 0.35) * size; gy = cy + rng.uniform(-0.35, 0.35) * size
        rad_x = rng.uniform(0.12, 0.35) * size; rad_y = rad_x * rng.uniform(0.4, 1.2)
        blob = np.exp(-(((xx - gx) ** 2) / (2 * rad_x ** 2) + ((yy - gy) ** 2) / (2 * rad_y ** 2)))
        strength = rng.uniform(80, 170) * (0.7 if mild else 1)
        img = img + strength * blob + rng.uniform(15, 50)
        meta["glare"] = round(strength, 1)
    if "banding" in effects:
        amp = rng.uniform(0.15, 0.35) * (0.7 if mild else 1)
        period = rng.uniform(18, 90)
        phase = rng.uniform(0, 2 * math.pi)
        img = img * (1 - amp * 0.5 * (1 + np.sin(2 * math.pi * yy / period + phase)))
        meta["banding"] = {"amplitude": round(amp, 2), "period_px": round(period, 1)}
    if "motion" in effects:
        length = rng.uniform(3, 9) * (0.7 if mild else 1)
        img = motion_blur(img, length, rng.uniform(0, math.pi))
        meta["motion_px"] = round(length, 1)
    noise = 2.0
    if "low_light" in effects:
        gain = rng.uniform(0.22, 0.45) * (1.3 if mild else 1)
        img = img * gain
        noise = rng.uniform(5, 10) * (0.7 if mild else 1)
        meta["low_light_gain"] = round(gain, 2)
    img = img + rng.normal(0, noise, img.shape)
    img = np.clip(img, 0, 255)
    if "jpeg" in effects:
        quality = rng.uniform(12, 35) * (1.5 if mild else 1)
        img = jpeg(img, quality)
        meta["jpeg_quality"] = int(quality)
    else:
        img = jpeg(img, rng.uniform(70, 92))  # phones keep photos as JPEG anyway
    return np.clip(np.rint(img), 0, 255).astype(np.uint8), payload, meta


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join("target", "screen-corpus"))
    ap.add_argument("--seed", type=int, default=3001)
    ap.add_argument("--scale", type=float, default=1.0)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    manifest = {"seed": a.seed, "generator": "screen_corpus.py", "images": []}
    idx = 0
    for variant, count in VARIANTS:
        for _ in range(max(1, int(round(count * a.scale)))):
            rng = np.random.default_rng([a.seed, idx])
            if variant == "negative":
                img, meta = q.negative(rng, W, H)
                payload = None
            else:
                img, payload, meta = screen_photo(rng, variant)
            name = f"{idx:04d}_{variant}.png"
            Image.fromarray(img, mode="L").save(os.path.join(a.out, name), compress_level=6)
            manifest["images"].append({"file": name, "variant": variant, "width": W, "height": H,
                                       "expected": payload, **meta})
            idx += 1
    with open(os.path.join(a.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    print(f"wrote {idx} images + manifest.json to {a.out}")


if __name__ == "__main__":
    main()
