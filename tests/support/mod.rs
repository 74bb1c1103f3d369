//! The end-to-end harness: the real backend in-process on a free port with a temporary data
//! directory, serving the release build of the SPA, and headless Chromium driven through
//! ChromeDriver. Later issues' tests reuse it: start, open a page, find by text, read the
//! sandbox, take a screenshot.

#![allow(dead_code)] // each test file uses its own part of the harness

pub mod flows;

use std::net::TcpListener as StdListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use cloudsign_server::{AppState, Config};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use tempfile::TempDir;
use tokio::sync::{Mutex, MutexGuard, oneshot};
use tokio::task::JoinHandle;

/// One browser at a time: two cores do not run two Chromiums and a build well.
static ONE_BROWSER_AT_A_TIME: Mutex<()> = Mutex::const_new(());

const WAIT: Duration = Duration::from_secs(15);

/// An Android phone's Chrome, at the size the product is designed for.
pub const PHONE_USER_AGENT: &str = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36";
pub const DESKTOP_USER_AGENT: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";

#[derive(Debug, Clone)]
pub enum Device {
    /// 390×844 CSS pixels with a phone's user agent.
    Phone { user_agent: &'static str },
    /// A 1280×800 desktop window.
    Desktop,
}

impl Device {
    pub fn phone() -> Device {
        Device::Phone {
            user_agent: PHONE_USER_AGENT,
        }
    }
}

pub struct Harness {
    pub base_url: String,
    pub client: Client,
    server: Option<(oneshot::Sender<()>, JoinHandle<std::io::Result<()>>)>,
    chromedriver: Child,
    device: Device,
    dirs: TempDir,
    /// None for a second browser of the same test (`other_browser`), which runs under the
    /// first one's turn.
    _one_browser: Option<MutexGuard<'static, ()>>,
}

/// The SPA's release build, which `scripts/test` makes before running the tests.
pub fn dist_dir() -> PathBuf {
    let dist = std::env::var_os("CLOUDSIGN_E2E_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("dist"));
    assert!(
        dist.join("index.html").exists(),
        "no SPA build at {}: run scripts/test, or `trunk build --release --offline` first",
        dist.display()
    );
    dist
}

/// Where screenshots go: `target/screenshots/`.
pub fn screenshot_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .join("screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn free_port() -> u16 {
    StdListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Harness {
    pub async fn start(device: Device) -> Harness {
        Harness::start_with(device, |_| {}).await
    }

    /// Starts the backend (with its sandboxes) and a browser; `adjust` changes the server's config.
    pub async fn start_with(device: Device, adjust: impl FnOnce(&mut Config)) -> Harness {
        Harness::start_with_state(device, adjust, |_| {}).await
    }

    /// As `start_with`; `adjust_state` also changes the opened state (e.g. the SMS policy).
    pub async fn start_with_state(
        device: Device,
        adjust: impl FnOnce(&mut Config),
        adjust_state: impl FnOnce(&mut AppState),
    ) -> Harness {
        let one_browser = ONE_BROWSER_AT_A_TIME.lock().await;
        let dirs = TempDir::new().unwrap();

        let mut config = Config::with_dirs(dirs.path().join("data"), dist_dir());
        config.sandbox = true;
        adjust(&mut config);
        let mut state = AppState::open(config).await.expect("the backend starts");
        adjust_state(&mut state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let (stop, stopped) = oneshot::channel::<()>();
        let server = tokio::spawn(cloudsign_server::serve(listener, state, async move {
            let _ = stopped.await;
        }));

        let (chromedriver, client) = launch_browser(&device, dirs.path(), None).await;
        Harness {
            base_url,
            client,
            server: Some((stop, server)),
            chromedriver,
            device,
            dirs,
            _one_browser: Some(one_browser),
        }
    }

    /// Another browser on the same backend that shares nothing with this one (its own profile,
    /// storage and cookies): Safari after the iOS home-screen app, or the phone beside the
    /// desktop. Closing it leaves the backend running.
    pub async fn other_browser(&self, device: Device) -> Harness {
        let dirs = TempDir::new().unwrap();
        let (chromedriver, client) = launch_browser(&device, dirs.path(), None).await;
        Harness {
            base_url: self.base_url.clone(),
            client,
            server: None,
            chromedriver,
            device,
            dirs,
            _one_browser: None,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }

    pub async fn open(&self, path: &str) {
        self.client
            .goto(&self.url(path))
            .await
            .expect("the page opens");
    }

    pub async fn reload(&self) {
        self.client.refresh().await.expect("the page reloads");
    }

    pub async fn path(&self) -> String {
        self.client.current_url().await.unwrap().path().to_owned()
    }

    /// Waits until the page's path is `path`.
    pub async fn wait_for_path(&self, path: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            let current = self.path().await;
            if current == path {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "expected to reach {path}, still at {current}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The element whose own text is `text`, or else contains it, waiting for it to appear.
    pub async fn find_text(&self, text: &str) -> Element {
        let literal = xpath_literal(text);
        let exact = format!("//*[text()[normalize-space(.)={literal}]]");
        let partial = format!("//*[text()[contains(., {literal})]]");
        let deadline = Instant::now() + WAIT;
        loop {
            for xpath in [&exact, &partial] {
                if let Ok(element) = self.client.find(Locator::XPath(xpath)).await {
                    return element;
                }
            }
            if Instant::now() > deadline {
                let body = self.body_text().await;
                panic!("no element with the text {text:?}; the page says:\n{body}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Whether `text` is on the page now (no waiting).
    pub async fn has_text(&self, text: &str) -> bool {
        self.body_text().await.contains(text)
    }

    /// Waits until `text` is no longer on the page.
    pub async fn wait_for_text_gone(&self, text: &str) {
        let deadline = Instant::now() + WAIT;
        while self.has_text(text).await {
            assert!(Instant::now() < deadline, "{text:?} is still on the page");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn click_text(&self, text: &str) {
        self.find_text(text)
            .await
            .click()
            .await
            .expect("the element can be clicked");
    }

    /// Replaces what the field `[name=…]` holds with `text`, typed.
    pub async fn type_into(&self, name: &str, text: &str) {
        let input = self.find_css(&format!("[name={name}]")).await;
        input.clear().await.unwrap();
        input.send_keys(text).await.unwrap();
    }

    /// Clicks the enabled button (or link styled as one) that says `label`, when the same
    /// words also stand in a title or the stepper.
    pub async fn click_button(&self, label: &str) {
        let literal = xpath_literal(label);
        let xpath = format!(
            "//*[(self::button and not(@disabled)) or (self::a and contains(@class, 'btn'))][normalize-space(.)={literal}]"
        );
        let button = self
            .client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::XPath(&xpath))
            .await
            .unwrap_or_else(|err| panic!("no button {label:?} ({err})"));
        // Into the middle of the screen, clear of bars fixed to the top or bottom.
        let element = serde_json::to_value(&button).unwrap();
        self.client
            .execute(
                "arguments[0].scrollIntoView({block: 'center'})",
                vec![element.clone()],
            )
            .await
            .unwrap();
        // Not while it moves (a sheet sliding up): wait until it stands still.
        let mut last = Value::Null;
        let deadline = Instant::now() + WAIT;
        loop {
            let rect = self
                .client
                .execute(
                    "const r = arguments[0].getBoundingClientRect(); return [r.x, r.y, r.width, r.height];",
                    vec![element.clone()],
                )
                .await
                .unwrap();
            if rect == last || Instant::now() > deadline {
                break;
            }
            last = rect;
            tokio::time::sleep(Duration::from_millis(80)).await;
        }
        button.click().await.expect("the button can be clicked");
    }

    pub async fn find_css(&self, selector: &str) -> Element {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(selector))
            .await
            .unwrap_or_else(|err| panic!("no element matches {selector} ({err})"))
    }

    pub async fn count_css(&self, selector: &str) -> usize {
        self.client
            .find_all(Locator::Css(selector))
            .await
            .unwrap()
            .len()
    }

    /// What the page shows, as the person reads it.
    pub async fn body_text(&self) -> String {
        match self
            .client
            .execute(
                "return document.body ? document.body.innerText : ''",
                vec![],
            )
            .await
        {
            Ok(Value::String(text)) => text,
            _ => String::new(),
        }
    }

    /// Runs `script` (a function body that returns a value) in the page.
    pub async fn eval(&self, script: &str) -> Value {
        self.client
            .execute(script, vec![])
            .await
            .expect("the script runs")
    }

    /// Waits until `script` returns true.
    pub async fn wait_until(&self, what: &str, script: &str) {
        let deadline = Instant::now() + WAIT;
        while self.eval(script).await != Value::Bool(true) {
            assert!(Instant::now() < deadline, "timed out waiting until {what}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Saves a PNG of the viewport as `target/screenshots/<name>.png`.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.client.screenshot().await.expect("a screenshot");
        let path = screenshot_dir().join(format!("{name}.png"));
        std::fs::write(&path, png).unwrap();
        path
    }

    /// The texts of the QR codes visible in the viewport, read off a screenshot.
    pub async fn visible_qr_codes(&self) -> Vec<String> {
        let png = self.client.screenshot().await.expect("a screenshot");
        let luma = image::load_from_memory(&png).expect("a PNG").to_luma8();
        let mut prepared = rqrr::PreparedImage::prepare(luma);
        prepared
            .detect_grids()
            .into_iter()
            .filter_map(|grid| grid.decode().ok().map(|(_, text)| text))
            .collect()
    }

    /// A scratch directory that lives as long as the harness (for files to upload).
    pub fn scratch(&self) -> &Path {
        self.dirs.path()
    }

    /// GET a backend path from the test itself (the sandbox endpoints, for example).
    pub async fn get_json(&self, path: &str) -> Value {
        use http_body_util::{BodyExt, Empty};
        use hyper_util::client::legacy::Client as HttpClient;
        use hyper_util::rt::TokioExecutor;
        let client =
            HttpClient::builder(TokioExecutor::new()).build_http::<Empty<hyper::body::Bytes>>();
        let response = client
            .get(self.url(path).parse().unwrap())
            .await
            .expect("the backend answers");
        let body = response.into_body().collect().await.unwrap().to_bytes();
        serde_json::from_slice(&body).expect("a JSON answer")
    }

    /// Sends a request from the test itself; answers (status, body as JSON or a JSON string).
    pub async fn send(
        &self,
        method: &str,
        path: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> (u16, Value) {
        use http_body_util::{BodyExt, Full};
        use hyper_util::client::legacy::Client as HttpClient;
        use hyper_util::rt::TokioExecutor;
        let client =
            HttpClient::builder(TokioExecutor::new()).build_http::<Full<hyper::body::Bytes>>();
        let request = hyper::Request::builder()
            .method(method)
            .uri(self.url(path))
            .header("content-type", content_type)
            .body(Full::new(hyper::body::Bytes::from(body)))
            .unwrap();
        let response = client.request(request).await.expect("the backend answers");
        let status = response.status().as_u16();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        let value = serde_json::from_slice(&body)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&body).into_owned()));
        (status, value)
    }

    /// A request with a session's bearer token and no body.
    pub async fn send_authorized(&self, method: &str, path: &str, token: &str) -> (u16, Value) {
        use http_body_util::{BodyExt, Empty};
        use hyper_util::client::legacy::Client as HttpClient;
        use hyper_util::rt::TokioExecutor;
        let client =
            HttpClient::builder(TokioExecutor::new()).build_http::<Empty<hyper::body::Bytes>>();
        let request = hyper::Request::builder()
            .method(method)
            .uri(self.url(path))
            .header("authorization", format!("Bearer {token}"))
            .body(Empty::new())
            .unwrap();
        let response = client.request(request).await.expect("the backend answers");
        let status = response.status().as_u16();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
    }

    pub async fn send_json(&self, method: &str, path: &str, body: Value) -> Value {
        let (status, answer) = self
            .send(
                method,
                path,
                "application/json",
                body.to_string().into_bytes(),
            )
            .await;
        assert!(
            (200..300).contains(&status),
            "{method} {path}: {status} {answer}"
        );
        answer
    }

    /// The newest code the SMS sandbox holds for `phone` and `purpose`, waiting for it to arrive
    /// (the page may show its countdown a moment before the outbox is read).
    pub async fn sms_code(&self, phone: &str, purpose: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let outbox = self.get_json(&format!("/sandbox/sms?phone={phone}")).await;
            if let Some(code) = outbox
                .as_array()
                .and_then(|messages| messages.iter().find(|m| m["purpose"] == purpose))
                .and_then(|m| m["code"].as_str())
            {
                return code.to_owned();
            }
            assert!(
                Instant::now() < deadline,
                "no {purpose} code for {phone}: {outbox}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Stops the backend as a deployment would go down; the browser stays.
    pub async fn stop_server(&mut self) {
        if let Some((stop, task)) = self.server.take() {
            let _ = stop.send(());
            match tokio::time::timeout(Duration::from_secs(10), task).await {
                Ok(result) => result.unwrap().unwrap(),
                Err(_) => panic!("the backend did not stop within 10 s"),
            }
        }
    }

    /// Ends the browser session, then checks that nothing the pages did broke the server's
    /// Content-Security-Policy (the browser reports each violation to the backend). Dropping the
    /// harness also kills the browser, even when a test panics; closing first lets ChromeDriver
    /// tidy up.
    pub async fn close(mut self) {
        let violations = if self.server.is_some() {
            // Reports are posted by the browser a moment after the violation.
            tokio::time::sleep(Duration::from_millis(300)).await;
            Some(self.get_json("/sandbox/csp-reports").await)
        } else {
            None
        };
        let _ = self.client.clone().close().await;
        self.stop_server().await;
        if let Some(violations) = violations {
            assert_eq!(
                violations,
                serde_json::json!([]),
                "the pages broke the Content-Security-Policy"
            );
        }
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        kill_browser(&mut self.chromedriver);
    }
}

/// ChromeDriver and every Chromium process it started share one process group.
fn kill_browser(chromedriver: &mut Child) {
    let _ = Command::new("kill")
        .args(["-s", "KILL", "--", &format!("-{}", chromedriver.id())])
        .status();
    let _ = chromedriver.kill();
    let _ = chromedriver.wait();
}

impl Harness {
    /// Starts the browser again with its camera showing `video` (a .y4m file) instead of the
    /// moving test pattern. The profile, and so what the app keeps in storage, stays.
    pub async fn use_camera_video(&mut self, video: &Path) {
        let _ = self.client.clone().close().await;
        kill_browser(&mut self.chromedriver);
        let (chromedriver, client) =
            launch_browser(&self.device, self.dirs.path(), Some(video)).await;
        self.chromedriver = chromedriver;
        self.client = client;
    }
}

async fn launch_browser(
    device: &Device,
    scratch: &Path,
    camera_video: Option<&Path>,
) -> (Child, Client) {
    use std::os::unix::process::CommandExt;

    let chromedriver_bin = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
    let chromium_bin = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let port = free_port();
    let log = std::fs::File::create(scratch.join("chromedriver.log")).unwrap();
    let chromedriver = Command::new(&chromedriver_bin)
        .arg(format!("--port={port}"))
        .stdout(Stdio::from(log.try_clone().unwrap()))
        .stderr(Stdio::from(log))
        .process_group(0)
        .spawn()
        .unwrap_or_else(|err| {
            panic!("cannot start {chromedriver_bin} ({err}): run scripts/bootstrap")
        });

    let mut args = vec![
        "--headless=new".to_owned(),
        "--no-sandbox".into(), // Chromium refuses to run as root otherwise
        "--disable-gpu".into(),
        "--disable-dev-shm-usage".into(),
        "--disable-quic".into(),
        "--no-first-run".into(),
        // Without these Chromium keeps calling hosts this machine cannot reach.
        "--disable-background-networking".into(),
        "--disable-component-update".into(),
        "--disable-sync".into(),
        "--lang=zh-CN".into(),
        // A camera that is always there and allowed: Chromium's moving test pattern.
        "--use-fake-ui-for-media-stream".into(),
        "--use-fake-device-for-media-stream".into(),
        format!(
            "--user-data-dir={}",
            scratch.join("chromium-profile").display()
        ),
    ];
    if let Some(video) = camera_video {
        args.push(format!(
            "--use-file-for-fake-video-capture={}",
            video.display()
        ));
    }
    let mut chrome_options = json!({ "binary": chromium_bin });
    match device {
        Device::Phone { user_agent } => {
            // Headless windows are at least 500 px wide: emulate the phone's viewport instead.
            chrome_options["mobileEmulation"] = json!({
                "deviceMetrics": { "width": 390, "height": 844, "pixelRatio": 1, "touch": true, "mobile": true },
                "userAgent": user_agent,
            });
        }
        Device::Desktop => {
            args.push("--window-size=1280,800".into());
            args.push(format!("--user-agent={DESKTOP_USER_AGENT}"));
        }
    }
    chrome_options["args"] = json!(args);
    let mut capabilities = serde_json::Map::new();
    capabilities.insert("browserName".into(), json!("chrome"));
    capabilities.insert("goog:chromeOptions".into(), chrome_options);

    let deadline = Instant::now() + Duration::from_secs(20);
    let url = format!("http://127.0.0.1:{port}");
    loop {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(capabilities.clone())
            .connect(&url)
            .await
        {
            Ok(client) => return (chromedriver, client),
            // ChromeDriver needs a moment before it listens.
            Err(_) if Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(err) => {
                let log =
                    std::fs::read_to_string(scratch.join("chromedriver.log")).unwrap_or_default();
                panic!("no browser session ({err}); chromedriver said:\n{log}");
            }
        }
    }
}

/// `text` as an XPath string literal, whatever quotes it holds.
fn xpath_literal(text: &str) -> String {
    if !text.contains('\'') {
        format!("'{text}'")
    } else if !text.contains('"') {
        format!("\"{text}\"")
    } else {
        let parts: Vec<String> = text.split('\'').map(|part| format!("'{part}'")).collect();
        format!("concat({})", parts.join(", \"'\", "))
    }
}
