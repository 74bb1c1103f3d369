//! `cloudsign-seal`: seals PDFs with a signature made on the phone, and verifies them.
//!
//! `cloudsign-seal sign a.pdf b.pdf` prepares each file, opens one session for all of them,
//! shows its QR code, waits for the person to sign on the phone, and writes `a.signed.pdf`
//! and `b.signed.pdf`. `cloudsign-seal verify a.signed.pdf` checks every signature in a file.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use clap::{Parser, Subcommand};
use cloudsign_contract::seal_api::{
    MAX_WAIT_SECS, NewSealSession, PreparedDocuments, SealDocument, SealSession, SealStatus,
};
use cloudsign_contract::signing::SealKind;
use cloudsign_seal::appearance::{self, Placement};
use cloudsign_seal::client::{self, Client, ClientError};
use cloudsign_seal::pdf::{self, Appearance, Prepared, SignatureField};
use cloudsign_seal::{attributes, cms};
use x509_cert::Certificate;

/// How each failure ends the process, so that scripts can tell them apart.
#[derive(Debug, Clone, Copy)]
enum Exit {
    Usage = 2,
    Unreachable = 3,
    Refused = 4,
    Expired = 5,
    Cancelled = 6,
    Invalid = 7,
    Failed = 1,
}

struct Failure {
    exit: Exit,
    message: String,
}

impl Failure {
    fn new(exit: Exit, message: impl std::fmt::Display) -> Failure {
        Failure {
            exit,
            message: message.to_string(),
        }
    }
}

impl From<ClientError> for Failure {
    fn from(error: ClientError) -> Failure {
        let exit = match error {
            ClientError::Unreachable(_) => Exit::Unreachable,
            ClientError::Refused(_) => Exit::Refused,
            ClientError::Failed(_) => Exit::Failed,
        };
        Failure::new(exit, error)
    }
}

#[derive(Parser)]
#[command(
    name = "cloudsign-seal",
    version,
    about = "云签署's sealing client: seal PDFs from the phone"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args)]
struct Server {
    /// The 云签署 server, e.g. https://sign.example.com
    #[arg(long = "server", env = "CLOUDSIGN_SERVER")]
    url: Option<String>,
    /// This client's id, from `cloudsign-server seal-client add`.
    #[arg(long, env = "CLOUDSIGN_CLIENT_ID")]
    client_id: Option<String>,
    /// This client's secret.
    #[arg(long, env = "CLOUDSIGN_CLIENT_SECRET", hide_env_values = true)]
    client_secret: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Seal PDFs: one QR code, one signing on the phone for all of them.
    Sign {
        /// The seal: the person's signature or the unit's seal.
        #[arg(long, default_value = "personal", value_parser = ["personal", "unit"])]
        seal: String,
        /// Draw the seal on a page: PAGE,X,Y,W,H in points from the page's lower left (the
        /// person's signature, or the unit's round red seal). Invisible by default.
        #[arg(long, value_name = "PAGE,X,Y,W,H")]
        visible: Option<Placement>,
        #[command(flatten)]
        server: Server,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Check every signature in PDFs: integrity, signer, chain and (with --trust or --server)
    /// trust.
    Verify {
        /// CA certificates (PEM) to trust.
        #[arg(long)]
        trust: Option<PathBuf>,
        /// Trust the CA the server publishes instead.
        #[arg(long = "server", env = "CLOUDSIGN_SERVER")]
        server: Option<String>,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

fn main() -> ExitCode {
    let outcome = match Cli::parse().command {
        Command::Sign {
            seal,
            visible,
            server,
            files,
        } => sign(&seal, visible, &server, &files),
        Command::Verify {
            trust,
            server,
            files,
        } => verify(trust.as_deref(), server.as_deref(), &files),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("cloudsign-seal: {}", failure.message);
            ExitCode::from(failure.exit as u8)
        }
    }
}

/// `a.pdf` → `a.signed.pdf`, beside it.
fn signed_path(file: &Path) -> PathBuf {
    let stem = file.file_stem().unwrap_or_default().to_string_lossy();
    file.with_file_name(format!("{stem}.signed.pdf"))
}

fn client_of(server: &Server) -> Result<Client, Failure> {
    let missing = |what: &str, variable: &str| {
        Failure::new(
            Exit::Usage,
            format!("{what} is needed: --{what} or {variable}"),
        )
    };
    let url = server
        .url
        .as_deref()
        .ok_or_else(|| missing("server", "CLOUDSIGN_SERVER"))?;
    let id = server
        .client_id
        .as_deref()
        .ok_or_else(|| missing("client-id", "CLOUDSIGN_CLIENT_ID"))?;
    let secret = server
        .client_secret
        .as_deref()
        .ok_or_else(|| missing("client-secret", "CLOUDSIGN_CLIENT_SECRET"))?;
    Ok(Client::new(url, id, secret)?)
}

/// A failure about one file, naming it.
fn failed(file: &Path, exit: Exit, error: impl std::fmt::Display) -> Failure {
    Failure::new(exit, format!("{}: {error}", file.display()))
}

/// Each file read and prepared for a signature (with the seal drawn in, when visible), and
/// the document the server is told about.
fn prepare_all(
    files: &[PathBuf],
    now: i64,
    appearance: impl Fn() -> Result<Option<Appearance>, Failure>,
) -> Result<Vec<(PathBuf, Prepared, SealDocument)>, Failure> {
    let mut prepared = Vec::new();
    for file in files {
        let original = std::fs::read(file).map_err(|e| failed(file, Exit::Usage, e))?;
        let ready = pdf::prepare(
            &original,
            SignatureField {
                signing_time: now,
                appearance: appearance()?,
            },
        )
        .map_err(|e| failed(file, Exit::Usage, e))?;
        let digest = ready.digest();
        let document = SealDocument {
            name: document_name(file),
            sha256: hex::encode(digest),
            signed_attributes: STANDARD.encode(attributes::build(&digest, now)),
        };
        prepared.push((file.clone(), ready, document));
    }
    Ok(prepared)
}

fn document_name(file: &Path) -> String {
    file.file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned()
}

/// Waits (long-polling) until the session is no longer `seen`, printing what the phone says.
fn wait_beyond(
    client: &Client,
    session_id: &str,
    mut seen: SealStatus,
    notice: &mut Option<String>,
) -> Result<SealSession, Failure> {
    loop {
        let session = client.read(session_id, MAX_WAIT_SECS, Some(seen))?;
        if session.status == SealStatus::Scanned && seen != SealStatus::Scanned {
            println!("已扫码，请在手机上确认签署");
        }
        if session.phone_notice.is_some() && session.phone_notice != *notice {
            println!(
                "手机上：{}",
                session.phone_notice.as_deref().unwrap_or_default()
            );
            notice.clone_from(&session.phone_notice);
        }
        match session.status {
            SealStatus::Cancelled => {
                return Err(Failure::new(
                    Exit::Cancelled,
                    "the session was cancelled (已取消)",
                ));
            }
            SealStatus::Expired => {
                return Err(Failure::new(
                    Exit::Expired,
                    "the QR code expired before it was signed on the phone (二维码已过期，请重新签章)",
                ));
            }
            status if status != seen => return Ok(session),
            _ => seen = session.status,
        }
    }
}

fn decode(what: &str, value: &str) -> Result<Vec<u8>, Failure> {
    STANDARD.decode(value).map_err(|_| {
        Failure::new(
            Exit::Failed,
            format!("the server sent a {what} that is not base64"),
        )
    })
}

fn sign(
    seal: &str,
    visible: Option<Placement>,
    server: &Server,
    files: &[PathBuf],
) -> Result<(), Failure> {
    let seal = SealKind::parse(seal).expect("clap checked it");
    let client = client_of(server)?;
    let now = client::now();
    // Invisible: every document is prepared now. Visible: the seal shows who signs, which is
    // known once the code is scanned; the documents are named now and prepared then.
    let mut prepared = match visible {
        None => prepare_all(files, now, || Ok(None))?,
        Some(_) => {
            for file in files {
                pdf::load(&std::fs::read(file).map_err(|e| failed(file, Exit::Usage, e))?)
                    .map_err(|e| failed(file, Exit::Usage, e))?;
            }
            Vec::new()
        }
    };
    let documents = match visible {
        None => prepared
            .iter()
            .map(|(_, _, document)| document.clone())
            .collect(),
        Some(_) => files
            .iter()
            .map(|file| SealDocument {
                name: document_name(file),
                sha256: String::new(),
                signed_attributes: String::new(),
            })
            .collect(),
    };
    let opened = client.open(&NewSealSession {
        documents,
        seal,
        prepare_after_scan: visible.is_some(),
    })?;
    println!("{}", terminal_qr(&opened.qr_text));
    println!("请使用云签署 APP 扫一扫，或在手机上打开链接（5分钟内有效）");
    println!("link: {}", opened.qr_text);
    println!("session: {}", opened.session_id);
    cancel_on_interrupt(server, &opened.session_id);

    let mut notice = None;
    let mut session = wait_beyond(
        &client,
        &opened.session_id,
        SealStatus::Waiting,
        &mut notice,
    )?;
    if let Some(placement) = visible {
        let signer = session
            .signer
            .clone()
            .ok_or_else(|| Failure::new(Exit::Failed, "the server did not say who signs"))?;
        let image = signer
            .seal_image_png
            .as_deref()
            .map(|png| decode("seal image", png))
            .transpose()?;
        prepared = prepare_all(files, client::now(), || {
            let drawn = match (seal, &image) {
                (SealKind::Unit, _) => appearance::unit_seal(&placement, &signer.unit_name),
                (SealKind::Personal, Some(png)) => appearance::handwritten(&placement, png)
                    .map_err(|e| Failure::new(Exit::Failed, format!("the seal image: {e}")))?,
                (SealKind::Personal, None) => appearance::name_stamp(&placement, &signer.name),
            };
            Ok(Some(drawn))
        })?;
        let documents = prepared
            .iter()
            .map(|(_, _, document)| document.clone())
            .collect();
        session = client.provide_documents(&opened.session_id, &PreparedDocuments { documents })?;
    }
    if session.status != SealStatus::Signed {
        session = wait_beyond(&client, &opened.session_id, session.status, &mut notice)?;
    }
    let (Some(result), Some(signer)) = (session.result, session.signer) else {
        return Err(Failure::new(
            Exit::Failed,
            format!("unexpected status {:?}", session.status),
        ));
    };
    let certificate = decode("certificate", &signer.certificate)?;
    let chain = signer
        .chain
        .iter()
        .map(|der| decode("CA certificate", der))
        .collect::<Result<Vec<_>, _>>()?;
    for ((file, ready, _), sealed) in prepared.into_iter().zip(&result.documents) {
        let digest = ready.digest();
        if sealed.sha256 != hex::encode(digest) {
            return Err(failed(
                &file,
                Exit::Invalid,
                "the server signed another digest",
            ));
        }
        let cms_der = cms::assemble(
            &decode("signed_attributes", &sealed.signed_attributes)?,
            &decode("signature", &sealed.signature)?,
            &certificate,
            &chain,
        )
        .map_err(|e| failed(&file, Exit::Invalid, e))?;
        // Checked before it is written: what leaves this tool verifies.
        cms::verify(&cms_der, &digest, &[]).map_err(|e| failed(&file, Exit::Invalid, e))?;
        let signed = ready
            .embed(&cms_der)
            .map_err(|e| failed(&file, Exit::Failed, e))?;
        let out = signed_path(&file);
        std::fs::write(&out, signed).map_err(|e| failed(&out, Exit::Failed, e))?;
        println!("signed: {}", out.display());
    }
    println!("签章完成：{}（{}）", signer.name, signer.unit_name);
    Ok(())
}

/// Ctrl-C (or SIGTERM) while waiting cancels the session first, so that the phone says
/// 「签署已在电脑端取消」 instead of offering to sign something nobody will collect.
fn cancel_on_interrupt(server: &Server, session_id: &str) {
    let (Some(url), Some(id), Some(secret)) = (
        server.url.clone(),
        server.client_id.clone(),
        server.client_secret.clone(),
    ) else {
        return;
    };
    let session_id = session_id.to_owned();
    let _ = ctrlc::set_handler(move || {
        let cancelled = Client::new(&url, &id, &secret)
            .and_then(|client| client.cancel(&session_id))
            .is_ok();
        eprintln!(
            "cloudsign-seal: {}",
            if cancelled {
                "cancelled (已取消)"
            } else {
                "interrupted; the session could not be cancelled and will expire"
            }
        );
        std::process::exit(Exit::Cancelled as i32);
    });
}

/// The QR code in the terminal, two modules a character.
fn terminal_qr(text: &str) -> String {
    use qrcode::render::unicode::Dense1x2;
    qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M)
        .map(|code| {
            code.render::<Dense1x2>()
                .dark_color(Dense1x2::Light)
                .light_color(Dense1x2::Dark)
                .quiet_zone(true)
                .build()
        })
        .unwrap_or_default()
}

fn trust_anchors(trust: Option<&Path>, server: Option<&str>) -> Result<Vec<Certificate>, Failure> {
    let pem = match (trust, server) {
        (Some(path), _) => std::fs::read_to_string(path)
            .map_err(|e| Failure::new(Exit::Usage, format!("{}: {e}", path.display())))?,
        (None, Some(server)) => Client::new(server, "", "")?.ca_pem()?,
        (None, None) => return Ok(Vec::new()),
    };
    let certificates = Certificate::load_pem_chain(pem.as_bytes())
        .map_err(|e| Failure::new(Exit::Usage, format!("the trusted certificates: {e}")))?;
    Ok(certificates)
}

fn verify(trust: Option<&Path>, server: Option<&str>, files: &[PathBuf]) -> Result<(), Failure> {
    let anchors = trust_anchors(trust, server)?;
    let mut all_valid = true;
    for file in files {
        let bytes = std::fs::read(file)
            .map_err(|e| Failure::new(Exit::Usage, format!("{}: {e}", file.display())))?;
        let found = pdf::signatures(&bytes)
            .map_err(|e| Failure::new(Exit::Usage, format!("{}: {e}", file.display())))?;
        if found.is_empty() {
            println!("{}: no signatures", file.display());
            all_valid = false;
        }
        for signature in found {
            let checked = signature
                .digest(&bytes)
                .ok_or_else(|| "its byte range lies outside the file".to_owned())
                .and_then(|digest| cms::verify(&signature.cms, &digest, &anchors));
            let coverage = if signature.covers_whole_file(&bytes) {
                "covers the whole file"
            } else {
                "covers an earlier revision (the file was extended after it)"
            };
            match checked {
                Ok(verified) => {
                    let trust = match verified.trusted {
                        Some(true) => "trusted",
                        Some(false) => "NOT TRUSTED",
                        None => "trust not checked",
                    };
                    if verified.trusted == Some(false) {
                        all_valid = false;
                    }
                    let at = verified.signing_time.map(pdf::pdf_date).unwrap_or_default();
                    println!(
                        "{}: {}: valid, {trust}, {coverage}; signed by {} at {at}",
                        file.display(),
                        signature.field_name,
                        verified.signer
                    );
                }
                Err(why) => {
                    all_valid = false;
                    println!(
                        "{}: {}: INVALID: {why}",
                        file.display(),
                        signature.field_name
                    );
                }
            }
        }
    }
    if all_valid {
        Ok(())
    } else {
        Err(Failure::new(
            Exit::Invalid,
            "not every signature is valid and trusted",
        ))
    }
}
