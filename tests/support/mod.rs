//! The end-to-end harness: the real backend in-process on a free port with a temporary data
//! directory, serving the release build of the SPA, and headless Chromium driven through
//! ChromeDriver. Later issues' tests reuse it: start, open a page, find by text, read the
//! sandbox, take a screenshot.

#![allow(dead_code)] // each test file uses its own part of the harness

mod backend;
mod browser;
pub mod flows;
mod page;

use browser::launch_browser;

use std::net::TcpListener as StdListener;
use std::path::{Path, PathBuf};
use std::process::Child;
use std::time::Duration;

use cloudsign_server::{AppState, Config};
use fantoccini::Client;
use tempfile::TempDir;
use tokio::sync::{Mutex, MutexGuard, oneshot};
use tokio::task::JoinHandle;

/// One browser at a time: two cores do not run two Chromiums and a build well.
static ONE_BROWSER_AT_A_TIME: Mutex<()> = Mutex::const_new(());

const WAIT: Duration = Duration::from_secs(15);

/// An Android phone's Chrome, at the size the product is designed for.
pub const PHONE_USER_AGENT: &str = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36";
/// WeChat's in-app browser on Android (X5/XWEB), as it names itself.
pub const WECHAT_USER_AGENT: &str = "Mozilla/5.0 (Linux; Android 13; V2238A Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MMWEBID/2247 MicroMessenger/8.0.47.2560(0x28002F30) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64";
pub const DESKTOP_USER_AGENT: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";

#[derive(Debug, Clone)]
pub enum Device {
    /// 390×844 CSS pixels with a phone's user agent.
    Phone { user_agent: &'static str },
    /// A 1280×800 desktop window.
    Desktop,
    /// 320×568 CSS pixels (iPhone SE's first size): the smallest screen the layout must fit.
    SmallPhone,
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
    /// The browser's own language (`--lang`).
    language: &'static str,
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
        Harness::launch(device, adjust, adjust_state, "zh-CN").await
    }

    /// A browser whose own language (`navigator.languages`) is `language` instead of zh-CN.
    pub async fn start_with_language(device: Device, language: &'static str) -> Harness {
        Harness::launch(device, |_| {}, |_| {}, language).await
    }

    async fn launch(
        device: Device,
        adjust: impl FnOnce(&mut Config),
        adjust_state: impl FnOnce(&mut AppState),
        language: &'static str,
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

        let (chromedriver, client) = launch_browser(&device, dirs.path(), None, language).await;
        Harness {
            base_url,
            client,
            server: Some((stop, server)),
            chromedriver,
            device,
            language,
            dirs,
            _one_browser: Some(one_browser),
        }
    }

    /// Another browser on the same backend that shares nothing with this one (its own profile,
    /// storage and cookies): Safari after the iOS home-screen app, or the phone beside the
    /// desktop. Closing it leaves the backend running.
    pub async fn other_browser(&self, device: Device) -> Harness {
        let dirs = TempDir::new().unwrap();
        let (chromedriver, client) = launch_browser(&device, dirs.path(), None, "zh-CN").await;
        Harness {
            base_url: self.base_url.clone(),
            client,
            server: None,
            chromedriver,
            device,
            language: "zh-CN",
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

    /// A scratch directory that lives as long as the harness (for files to upload).
    pub fn scratch(&self) -> &Path {
        self.dirs.path()
    }

    /// The backend's data directory (its database), for the operator's commands.
    pub fn data_dir(&self) -> PathBuf {
        self.dirs.path().join("data")
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
