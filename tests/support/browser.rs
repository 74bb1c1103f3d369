//! Chromium through ChromeDriver: started per harness, killed with its whole process group.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use serde_json::json;

use super::{DESKTOP_USER_AGENT, Device, Harness, PHONE_USER_AGENT, free_port};

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
            launch_browser(&self.device, self.dirs.path(), Some(video), self.language).await;
        self.chromedriver = chromedriver;
        self.client = client;
    }
}

pub(super) async fn launch_browser(
    device: &Device,
    scratch: &Path,
    camera_video: Option<&Path>,
    language: &str,
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
        format!("--lang={language}"),
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
    // `--lang` alone does not reach `navigator.languages` in headless Chromium; the
    // accept-languages preference does (the app's language follows it).
    let mut chrome_options = json!({
        "binary": chromium_bin,
        "prefs": { "intl.accept_languages": language },
    });
    match device {
        Device::Phone { user_agent } => {
            // Headless windows are at least 500 px wide: emulate the phone's viewport instead.
            chrome_options["mobileEmulation"] = json!({
                "deviceMetrics": { "width": 390, "height": 844, "pixelRatio": 1, "touch": true, "mobile": true },
                "userAgent": user_agent,
            });
        }
        Device::SmallPhone => {
            chrome_options["mobileEmulation"] = json!({
                "deviceMetrics": { "width": 320, "height": 568, "pixelRatio": 1, "touch": true, "mobile": true },
                "userAgent": PHONE_USER_AGENT,
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
