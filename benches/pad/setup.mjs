// --setup for ../shared/bench/signature's bench.mjs: brings the app to its full-screen
// handwriting pad with a person logged in. The person is registered once per run of bench.mjs
// through the reference backend's API and sandboxes (SMS outbox, WeChat Pay cashier), as the
// end-to-end tests' flows do; each replay then only hands the fresh browser context the session.
//
//   node bench.mjs anchor null app=http://127.0.0.1:8080/ --setup /path/to/benches/pad/setup.mjs
//
// A target labelled `main-thread` gets the same app with OffscreenCanvas hidden, so that the pad
// takes the path of browsers without it (drawing on the page), side by side with the worker's.
const PASSWORD = 'Qianshu2026';
let enrolled = null;

async function call(base, method, path, body, type = 'application/json') {
  const response = await fetch(base + path, {
    method,
    headers: { 'content-type': type },
    body: body === undefined ? undefined : type === 'application/json' ? JSON.stringify(body) : body,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  try { return JSON.parse(text); } catch { return text; }
}

// A PNG header of the given size: the server reads sizes from headers, as in the tests.
function pngHeader(width, height) {
  const png = Buffer.alloc(33);
  Buffer.from('\x89PNG\r\n\x1a\n\0\0\0\rIHDR', 'latin1').copy(png);
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  Buffer.from([8, 2, 0, 0, 0, 0, 0, 0, 0]).copy(png, 24);
  return png;
}

async function smsCode(base, phone, purpose) {
  await call(base, 'POST', '/api/sms/send', { phone, purpose });
  const outbox = await call(base, 'GET', `/sandbox/sms?phone=${phone}`);
  return outbox.find((message) => message.purpose === purpose).code;
}

async function enrol(base) {
  const phone = '139' + String(Math.floor(Math.random() * 1e8)).padStart(8, '0');
  const registration = await call(base, 'POST', '/api/registrations', {
    org_id: 'huizhou', role: 'bidder', unit_name: '惠州市某建设工程有限公司', name: '张三',
    phone, sms_code: await smsCode(base, phone, 'register'), agreed: true,
  });
  const id = registration.id;
  await call(base, 'PUT', `/api/registrations/${id}/identity`, { id_number: '11010519491231002X' });
  for (const side of ['portrait', 'emblem']) {
    await call(base, 'PUT', `/api/registrations/${id}/id-card/${side}`, pngHeader(1600, 1000), 'image/png');
  }
  const challenge = await call(base, 'POST', `/api/registrations/${id}/liveness/challenge`, {});
  const frames = challenge.prompts.map((prompt) => ({
    prompt,
    images: [0, 1, 2, 3].map((i) => pngHeader(320 + i, 240).toString('base64')),
  }));
  await call(base, 'POST', `/api/registrations/${id}/liveness`, { challenge_id: challenge.challenge_id, frames });
  // The sandbox sends one SMS a minute to a phone, as real providers do.
  process.stderr.write('setup: waiting a minute for the second SMS code\n');
  await new Promise((resolve) => setTimeout(resolve, 61_000));
  await call(base, 'POST', `/api/registrations/${id}/order`, { sms_code: await smsCode(base, phone, 'confirm') });
  const pay = await call(base, 'POST', `/api/registrations/${id}/order/pay`, { channel: 'h5', redirect_url: null });
  const prepay = pay.h5_url.split('/').pop();
  await call(base, 'POST', `/sandbox/wxpay/cashier/${prepay}/pay`, '', 'application/x-www-form-urlencoded');
  for (let i = 0; i < 50; i++) {
    if ((await call(base, 'GET', `/api/registrations/${id}`)).step === 'password') break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return call(base, 'PUT', `/api/registrations/${id}/password`, { password: PASSWORD, confirm: PASSWORD });
}

export default async function setup({ page, context, url, target }) {
  if (target !== 'app' && target !== 'main-thread') return;
  const base = new URL(url).origin;
  if (target === 'main-thread') {
    await context.addInitScript(() => { delete globalThis.OffscreenCanvas; });
  }
  enrolled ??= await enrol(base);
  await page.evaluate((session) => {
    localStorage.setItem('cloudsign.session', JSON.stringify(session));
    sessionStorage.removeItem('cloudsign.signature.draft');
  }, enrolled);
  await page.goto(base + '/signature-pad');
  await page.locator('canvas.pad-canvas').waitFor();
}
