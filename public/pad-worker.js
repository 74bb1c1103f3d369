// The handwriting pad's rasteriser. The page keeps the pointer events and the stroke geometry
// (Rust, src/signature/) and sends each new piece as SVG path data; this worker fills it on the
// pad's OffscreenCanvas, so that rasterising and committing a DPR-sized canvas each frame happens
// off the main thread. It is plain JavaScript on purpose: all it does is `fill(new Path2D(d))`,
// which needs no wasm module to download and start before the first stroke.
//
// Messages (any combination, applied in this order):
//   {canvas, ink}             the transferred OffscreenCanvas and the ink colour
//   {size: [w, h, ratio]}     size the backing store to the CSS box × ratio (clears it)
//   {clear: true}             clear it
//   {path: "M…Z"}             fill the path data in the ink colour
let canvas = null;
let context = null;
let ink = '#111827';

onmessage = ({ data }) => {
  if (data.canvas) {
    canvas = data.canvas;
    context = canvas.getContext('2d');
    ink = data.ink || ink;
  }
  if (!context) return;
  if (data.size) {
    const [width, height, ratio] = data.size;
    canvas.width = Math.max(1, Math.round(width * ratio));
    canvas.height = Math.max(1, Math.round(height * ratio));
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
  }
  if (data.clear) {
    context.save();
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.clearRect(0, 0, canvas.width, canvas.height);
    context.restore();
  }
  if (data.path) {
    context.fillStyle = ink;
    context.fill(new Path2D(data.path));
  }
};
