//! End-to-end: the reference sealing client seals real PDFs with a signature made on the phone.
//! The operator registers the client (`cloudsign-server seal-client add`), `cloudsign-seal sign`
//! shows its link, the person opens it in the app and signs with the signing password, and the
//! sealed files pass poppler's pdfsig, pyHanko and qpdf, trusting the CA the server publishes.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use cloudsign_seal::samples::{
    classic_pdf, count_pixels, is_dark, is_red, nss_trusting, object_stream_pdf, pdfsig, pyhanko,
    qpdf_check, render_page, run, signature_png,
};
use serde_json::json;
use support::flows::{PASSWORD, PHONE, logged_in, registered_person};
use support::{Device, Harness};

/// Where the visible seals go (page, x, y, width, height in points).
const UNIT_SEAL_AT: &str = "1,380,60,160,160";
const SIGNATURE_AT: &str = "1,60,60,200,80";

/// The rectangle a `--visible` placement covers, as the signer reads it.
fn rect_of(placement: &str) -> [f32; 4] {
    let at: cloudsign_seal::appearance::Placement = placement.parse().unwrap();
    [at.x, at.y, at.x + at.width, at.y + at.height]
}

/// The workspace's binaries, built now if they are not (or are stale). Built as
/// `cargo test --workspace` builds them (tests and their dev-dependencies' features included),
/// so that after it this is a no-op rather than a second build with other features.
fn binaries() -> (PathBuf, PathBuf) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "--quiet", "--workspace", "--bins", "--tests"])
        .status()
        .expect("cargo runs");
    assert!(status.success(), "the binaries build");
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    let debug = target.join("debug");
    (debug.join("cloudsign-server"), debug.join("cloudsign-seal"))
}

/// `cloudsign-server seal-client add`, as the operator runs it: (client id, secret).
fn register_client(server_binary: &Path, h: &Harness) -> (String, String) {
    let output = Command::new(server_binary)
        .args(["seal-client", "--data"])
        .arg(h.data_dir())
        .args(["add", "--name", "信鉴易印"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let printed = String::from_utf8(output.stdout).unwrap();
    let value = |key: &str| {
        printed
            .lines()
            .find_map(|line| line.strip_prefix(&format!("{key}=")))
            .unwrap_or_else(|| panic!("{key} in {printed}"))
            .to_owned()
    };
    (value("client_id"), value("client_secret"))
}

/// A person logged in on the phone and a sealing client registered by the operator:
/// (the harness, the client's id and secret, the cloudsign-seal binary).
async fn logged_in_with_a_client() -> (Harness, (String, String), PathBuf) {
    let (server_binary, seal_binary) = binaries();
    let h = Harness::start_with_state(
        Device::phone(),
        |_| {},
        |state| state.sms_policy.resend_interval = 1,
    )
    .await;
    h.open("/orgs").await;
    registered_person(&h).await;
    logged_in(&h).await;
    let client = register_client(&server_binary, &h);
    (h, client, seal_binary)
}

/// A running `cloudsign-seal sign`, its output read line by line.
struct Sealing {
    child: Child,
    lines: mpsc::Receiver<String>,
    printed: Vec<String>,
}

impl Sealing {
    fn start(
        binary: &Path,
        h: &Harness,
        client: &(String, String),
        seal: &str,
        files: &[PathBuf],
    ) -> Sealing {
        Sealing::start_with(binary, h, client, seal, None, files)
    }

    /// With `--visible` when a placement is given.
    fn start_with(
        binary: &Path,
        h: &Harness,
        client: &(String, String),
        seal: &str,
        visible: Option<&str>,
        files: &[PathBuf],
    ) -> Sealing {
        let mut command = Command::new(binary);
        command.arg("sign").args(["--seal", seal]);
        if let Some(placement) = visible {
            command.args(["--visible", placement]);
        }
        let mut child = command
            .args(files)
            .env("CLOUDSIGN_SERVER", &h.base_url)
            .env("CLOUDSIGN_CLIENT_ID", &client.0)
            .env("CLOUDSIGN_CLIENT_SECRET", &client.1)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (send, lines) = mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = send.send(line);
            }
        });
        Sealing {
            child,
            lines,
            printed: Vec::new(),
        }
    }

    /// The first line printed that starts with `prefix` (waiting for it), without the prefix.
    fn line(&mut self, prefix: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(line) = self.printed.iter().find(|l| l.starts_with(prefix)) {
                return line[prefix.len()..].to_owned();
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => self.printed.push(line),
                Err(_) => panic!("no line {prefix:?} in {:#?}", self.printed),
            }
        }
    }

    /// Waits for it to end: (exit code, everything it printed to stdout and stderr).
    fn finish(mut self) -> (i32, String) {
        let deadline = Instant::now() + Duration::from_secs(60);
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(
                Instant::now() < deadline,
                "cloudsign-seal still runs: {:#?}",
                self.printed
            );
            std::thread::sleep(Duration::from_millis(100));
        };
        self.printed.extend(self.lines.try_iter());
        let mut stderr = String::new();
        std::io::Read::read_to_string(&mut self.child.stderr.take().unwrap(), &mut stderr).unwrap();
        (
            status.code().unwrap_or(-1),
            format!("{}\n{stderr}", self.printed.join("\n")),
        )
    }
}

/// The person opens the link in the app and signs; a wrong password first when asked.
async fn sign_on_the_phone(h: &Harness, link: &str, documents: &[&str], wrong_first: bool) {
    let path = link
        .strip_prefix(&h.base_url)
        .expect("a link to this server");
    h.open(path).await;
    h.find_text("签章确认").await;
    h.find_text("信鉴易印").await;
    for document in documents {
        h.find_text(document).await;
    }
    h.click_button("签署").await;
    if wrong_first {
        h.type_into("signing_password", "Wrong2026x").await;
        h.click_button("确认签署").await;
        h.find_text("签署密码错误，还可尝试4次").await;
    }
    h.type_into("signing_password", PASSWORD).await;
    h.click_button("确认签署").await;
    h.find_text("签署成功").await;
}

fn check_with_every_validator(dir: &Path, ca_pem: &Path, file: &Path, signatures: usize) {
    let (ok, report) = pdfsig(file, dir);
    assert!(ok, "pdfsig: {report}");
    assert_eq!(
        report.matches("Signature is Valid.").count(),
        signatures,
        "{report}"
    );
    let (ok, report) = pyhanko(file, ca_pem);
    assert!(ok, "pyHanko: {report}");
    assert_eq!(
        report.matches("INTACT:TRUSTED").count(),
        signatures,
        "{report}"
    );
    let (ok, report) = qpdf_check(file);
    assert!(ok, "qpdf: {report}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pdfs_sealed_from_the_desktop_with_a_signature_made_on_the_phone() {
    let (h, client, seal_binary) = logged_in_with_a_client().await;

    let dir = h.scratch().join("pdfs");
    std::fs::create_dir_all(&dir).unwrap();
    let (tender, prices) = (dir.join("投标函.pdf"), dir.join("报价一览表.pdf"));
    std::fs::write(&tender, classic_pdf(3)).unwrap();
    std::fs::write(&prices, object_stream_pdf(2)).unwrap();

    // 批量签署: two files, one QR code, one password entry (after a wrong one, which the
    // desktop is told about).
    let mut sealing = Sealing::start(
        &seal_binary,
        &h,
        &client,
        "personal",
        &[tender.clone(), prices.clone()],
    );
    let link = sealing.line("link: ");
    sign_on_the_phone(&h, &link, &["投标函.pdf", "报价一览表.pdf"], true).await;
    h.screenshot("seal-pdf-signed").await;
    assert_eq!(sealing.line("手机上："), "签署密码错误，还可尝试4次");
    let (code, printed) = sealing.finish();
    assert_eq!(code, 0, "{printed}");
    let (tender_signed, prices_signed) = (
        dir.join("投标函.signed.pdf"),
        dir.join("报价一览表.signed.pdf"),
    );
    assert!(
        printed.contains(&format!("signed: {}", tender_signed.display())),
        "{printed}"
    );

    // A second seal on a PDF that already carries one, visible this time: the unit's round red
    // seal, drawn once the desktop knows who signs. Both signatures stay valid.
    let mut sealing = Sealing::start_with(
        &seal_binary,
        &h,
        &client,
        "unit",
        Some(UNIT_SEAL_AT),
        std::slice::from_ref(&tender_signed),
    );
    let link = sealing.line("link: ");
    sign_on_the_phone(&h, &link, &["投标函.signed.pdf"], false).await;
    let (code, printed) = sealing.finish();
    assert_eq!(code, 0, "{printed}");
    let twice = dir.join("投标函.signed.signed.pdf");

    // A visible personal seal: the person's 我的签名, saved in the app.
    let session = h
        .send_json(
            "POST",
            "/api/auth/login",
            json!({"org_id": "huizhou", "phone": PHONE, "password": PASSWORD}),
        )
        .await;
    let token = session["token"].as_str().unwrap();
    let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="600" height="240" viewBox="0 0 600 240"><path fill="#111" d="M0 0L10 10Z"/></svg>"##;
    h.send_json_authorized(
        "PUT",
        "/api/me/signature",
        token,
        json!({"png": STANDARD.encode(signature_png(600, 240)), "svg": svg}),
    )
    .await;
    let original_prices = dir.join("报价单.pdf");
    std::fs::write(&original_prices, object_stream_pdf(1)).unwrap();
    let mut sealing = Sealing::start_with(
        &seal_binary,
        &h,
        &client,
        "personal",
        Some(SIGNATURE_AT),
        std::slice::from_ref(&original_prices),
    );
    let link = sealing.line("link: ");
    sign_on_the_phone(&h, &link, &["报价单.pdf"], false).await;
    let (code, printed) = sealing.finish();
    assert_eq!(code, 0, "{printed}");
    let handwritten = dir.join("报价单.signed.pdf");

    // Trusting only the CA the server publishes.
    let ca_pem = dir.join("ca.pem");
    let (status, pem) = h
        .send("GET", "/api/seal/ca.pem", "text/plain", Vec::new())
        .await;
    assert_eq!(status, 200);
    std::fs::write(&ca_pem, pem.as_str().unwrap()).unwrap();
    nss_trusting(&dir, &ca_pem);
    check_with_every_validator(&dir, &ca_pem, &prices_signed, 1);
    check_with_every_validator(&dir, &ca_pem, &twice, 2);
    check_with_every_validator(&dir, &ca_pem, &handwritten, 1);

    // What a reader shows: the red seal and the handwriting where they were placed.
    let unit_page = render_page(&twice, 1);
    assert!(count_pixels(&unit_page, rect_of(UNIT_SEAL_AT), is_red) > 300);
    let signature_page = render_page(&handwritten, 1);
    assert!(count_pixels(&signature_page, rect_of(SIGNATURE_AT), is_dark) > 100);
    for (name, file) in [
        ("seal-pdf-unit", &twice),
        ("seal-pdf-handwritten", &handwritten),
    ] {
        let out = support::screenshot_dir().join(name);
        let (ok, report) = run(
            "pdftoppm",
            &[
                "-f",
                "1",
                "-l",
                "1",
                "-r",
                "60",
                "-png",
                "-singlefile",
                file.to_str().unwrap(),
                out.to_str().unwrap(),
            ],
        );
        assert!(ok, "{report}");
    }
    let verified = Command::new(&seal_binary)
        .args(["verify", "--server", &h.base_url])
        .arg(&twice)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&verified.stdout);
    assert!(verified.status.success(), "{report}");
    assert_eq!(report.matches(": valid, trusted,").count(), 2, "{report}");
    assert!(report.contains("CN=张三"), "{report}");

    // One byte flipped inside the signed range: every validator says it is broken.
    let mut flipped = std::fs::read(&prices_signed).unwrap();
    flipped[20] ^= 0x01;
    let flipped_file = dir.join("flipped.pdf");
    std::fs::write(&flipped_file, flipped).unwrap();
    let (ok, report) = pdfsig(&flipped_file, &dir);
    assert!(
        !ok && report.contains("Signature Validation:"),
        "pdfsig: {report}"
    );
    let (ok, report) = pyhanko(&flipped_file, &ca_pem);
    assert!(!ok && report.contains("INVALID"), "pyHanko: {report}");
    let verified = Command::new(&seal_binary)
        .args(["verify", "--trust"])
        .arg(&ca_pem)
        .arg(&flipped_file)
        .output()
        .unwrap();
    assert_eq!(verified.status.code(), Some(7), "{verified:?}");
    h.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_signer_says_clearly_when_it_cannot_seal() {
    let (server_binary, seal_binary) = binaries();
    let h = Harness::start_with(Device::phone(), |config| config.signing_ttl_secs = 4).await;
    let client = register_client(&server_binary, &h);
    let dir = h.scratch().join("pdfs");
    std::fs::create_dir_all(&dir).unwrap();
    let document = dir.join("招标文件.pdf");
    std::fs::write(&document, classic_pdf(1)).unwrap();

    // Nobody scans: the code expires.
    let sealing = Sealing::start(
        &seal_binary,
        &h,
        &client,
        "personal",
        std::slice::from_ref(&document),
    );
    let (code, printed) = sealing.finish();
    assert_eq!(code, 5, "{printed}");
    assert!(printed.contains("二维码已过期"), "{printed}");

    // Cancelled at the desktop (Ctrl-C while it waits): the session is cancelled first.
    let mut sealing = Sealing::start(
        &seal_binary,
        &h,
        &client,
        "personal",
        std::slice::from_ref(&document),
    );
    let session_id = sealing.line("session: ");
    let interrupted = Command::new("kill")
        .args(["-INT", &sealing.child.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    let (code, printed) = sealing.finish();
    assert_eq!(code, 6, "{printed}");
    assert!(printed.contains("已取消"), "{printed}");
    let (base, id, secret) = (h.base_url.clone(), client.0.clone(), client.1.clone());
    let session = tokio::task::spawn_blocking(move || {
        cloudsign_seal::client::Client::new(&base, &id, &secret)
            .unwrap()
            .read(&session_id, 0, None)
            .unwrap()
    })
    .await
    .unwrap();
    assert_eq!(
        session.status,
        cloudsign_contract::seal_api::SealStatus::Cancelled
    );

    // A revoked client is refused.
    let revoked = Command::new(&server_binary)
        .args(["seal-client", "--data"])
        .arg(h.data_dir())
        .args(["revoke", &client.0])
        .output()
        .unwrap();
    assert!(revoked.status.success(), "{revoked:?}");
    let (code, printed) = Sealing::start(
        &seal_binary,
        &h,
        &client,
        "personal",
        std::slice::from_ref(&document),
    )
    .finish();
    assert_eq!(code, 4, "{printed}");
    assert!(printed.contains("revoked"), "{printed}");

    // A damaged PDF is refused before anything is sent.
    let damaged = dir.join("damaged.pdf");
    std::fs::write(&damaged, &classic_pdf(1)[..300]).unwrap();
    let (code, printed) =
        Sealing::start(&seal_binary, &h, &client, "personal", &[damaged]).finish();
    assert_eq!(code, 2, "{printed}");
    assert!(printed.contains("damaged"), "{printed}");

    // No server there.
    let mut offline = Command::new(&seal_binary);
    offline
        .args([
            "sign",
            "--server",
            "http://127.0.0.1:9",
            "--client-id",
            "x",
            "--client-secret",
            "y",
        ])
        .arg(&document);
    let output = offline.output().unwrap();
    assert_eq!(output.status.code(), Some(3), "{output:?}");
    h.close().await;
}

/// A visible seal's documents come a moment after the scan: until then the phone says the
/// desktop is preparing them and offers nothing to sign, then 「签署」 appears by itself.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_phone_waits_while_the_desktop_prepares_a_visible_seal() {
    use cloudsign_contract::seal_api::{NewSealSession, PreparedDocuments, SealDocument};
    use cloudsign_contract::signing::SealKind;
    use cloudsign_seal::attributes;
    use cloudsign_seal::client::Client;

    let (h, (client_id, secret), _) = logged_in_with_a_client().await;
    let base = h.base_url.clone();
    let client = move || Client::new(&base, &client_id, &secret).unwrap();
    let api = client.clone();
    let opened = tokio::task::spawn_blocking(move || {
        api().open(&NewSealSession {
            documents: vec![SealDocument {
                name: "投标函.pdf".into(),
                sha256: String::new(),
                signed_attributes: String::new(),
            }],
            seal: SealKind::Unit,
            prepare_after_scan: true,
        })
    })
    .await
    .unwrap()
    .unwrap();

    h.open(opened.qr_text.strip_prefix(&h.base_url).unwrap())
        .await;
    h.find_text("签章确认").await;
    h.find_text_containing("电脑端正在准备文件").await;
    h.find_text("正在准备…").await;
    assert_eq!(
        h.eval("return [...document.querySelectorAll('button')].filter(b => b.textContent.trim() === '签署').length").await,
        0,
        "nothing to sign yet"
    );
    h.screenshot("sign-preparing").await;
    // The same moment in dark mode with large text, then back as it was.
    h.eval("localStorage.setItem('cloudsign.display', JSON.stringify({text_size: 'large', theme: 'dark'}))")
        .await;
    h.reload().await;
    h.find_text_containing("电脑端正在准备文件").await;
    h.screenshot("sign-preparing-dark-large").await;
    h.eval("localStorage.removeItem('cloudsign.display')").await;
    h.reload().await;
    h.find_text_containing("电脑端正在准备文件").await;

    let digest = [9u8; 32];
    let (api, session_id) = (client.clone(), opened.session_id.clone());
    tokio::task::spawn_blocking(move || {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        api().provide_documents(
            &session_id,
            &PreparedDocuments {
                documents: vec![SealDocument {
                    name: "投标函.pdf".into(),
                    sha256: hex::encode(digest),
                    signed_attributes: STANDARD.encode(attributes::build(&digest, now)),
                }],
            },
        )
    })
    .await
    .unwrap()
    .unwrap();
    h.find_text_containing(&format!("SHA-256 {}", &hex::encode(digest)[..16]))
        .await;
    h.click_button("签署").await;
    h.type_into("signing_password", PASSWORD).await;
    h.click_button("确认签署").await;
    h.find_text("签署成功").await;
    h.close().await;
}
