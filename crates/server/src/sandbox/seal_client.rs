//! The sandbox sealing client (信鉴易印's 「扫码印章」): choose documents, show the QR code the
//! app scans, then each document's signature with the signer's certificate, verified here.
//!
//! It is an ordinary client of the sealing-client API: registered like any other
//! (`sc_sandbox`), it opens, reads and cancels sessions through the same services as
//! `/api/seal/…`, with CMS signed attributes for its sample documents. Only the HMAC over
//! HTTP is skipped, as it runs inside the server.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use cloudsign_contract::seal_api::{NewSealSession, SealDocument, SealStatus, SealedDocument};
use cloudsign_contract::signing::SealKind;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use x509_cert::Certificate;
use x509_cert::der::{Decode, Encode};

use crate::AppState;
use crate::domain::signed_attributes;
use crate::domain::signing::digest_bytes;
use crate::domain::signing_key::verify;
use crate::error::AppError;
use crate::extract::Query;
use crate::routes::seal::qr_text;
use crate::sandbox::escape_html;
use crate::services::seal_clients::SANDBOX_CLIENT_ID;
use crate::services::seal_sessions;
use crate::store::SealClientRow;

const SAMPLE_DOCUMENTS: [&str; 3] = ["招标文件.pdf", "投标函.pdf", "报价一览表.xlsx"];

fn sample_digest(name: &str) -> String {
    hex::encode(Sha256::digest(
        format!("云签署沙箱样例文档：{name}").as_bytes(),
    ))
}

fn page(title: &str, body: &str, refresh: bool) -> Html<String> {
    let refresh = if refresh {
        r#"<meta http-equiv="refresh" content="2">"#
    } else {
        ""
    };
    Html(format!(
        r#"<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">{refresh}<meta name="viewport" content="width=device-width,initial-scale=1"><title>{title}</title>
<style>body{{margin:0;font:15px/1.6 -apple-system,"PingFang SC","Noto Sans CJK SC",sans-serif;background:#f3f5f9;color:#1a1f2b}}
main{{max-width:720px;margin:0 auto;padding:24px}}h1{{font-size:20px}}.card{{background:#fff;border-radius:10px;padding:16px 20px;margin:12px 0;box-shadow:0 1px 3px rgba(0,0,0,.08)}}
.qr{{width:240px;margin:8px auto}}.muted{{color:#667;font-size:13px}}.ok{{color:#1a7f37;font-weight:600}}.bad{{color:#c62828;font-weight:600}}
code{{word-break:break-all;font-size:12px}}button{{font:inherit;padding:10px 18px;border-radius:6px;border:0;background:#1f5fd6;color:#fff}}.secondary{{background:#e8ecf4;color:#1a1f2b}}</style></head>
<body><main><p class="muted">信鉴易印 · 沙箱印章客户端</p>{body}</main></body></html>"#
    ))
}

/// Choose documents and the seal, then 「扫码印章」.
pub async fn home() -> Html<String> {
    let documents: String = SAMPLE_DOCUMENTS
        .iter()
        .map(|name| {
            format!(
                r#"<label><input type="checkbox" name="doc" value="{name}" checked> {name} <span class="muted">SHA-256 {}…</span></label><br>"#,
                &sample_digest(name)[..16]
            )
        })
        .collect();
    page(
        "扫码印章",
        &format!(
            r#"<h1>扫码印章</h1><form method="post" action="/sandbox/seal-client/start"><div class="card"><p>待签文件</p>{documents}</div>
<div class="card"><p>印章</p><label><input type="radio" name="seal" value="personal" checked> 个人签名</label>
<label><input type="radio" name="seal" value="unit"> 单位印章</label></div><button type="submit">扫码印章</button></form>"#
        ),
        false,
    )
}

/// The page's form: the chosen sample documents and seal.
pub async fn start(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: String,
) -> Result<Redirect, AppError> {
    let mut documents = Vec::new();
    let mut seal = SealKind::Personal;
    let now = state.clock.now();
    for (key, value) in form_urlencoded::parse(body.as_bytes()) {
        match key.as_ref() {
            "doc" if SAMPLE_DOCUMENTS.contains(&value.as_ref()) => {
                let sha256 = sample_digest(&value);
                let digest = digest_bytes(&sha256).expect("a SHA-256");
                documents.push(SealDocument {
                    signed_attributes: STANDARD.encode(signed_attributes::build(&digest, now)),
                    sha256,
                    name: value.into_owned(),
                })
            }
            "seal" => seal = SealKind::parse(&value).unwrap_or(SealKind::Personal),
            _ => {}
        }
    }
    if documents.is_empty() {
        return Err(AppError::BadRequest("请至少选择一个文件".into()));
    }
    let client = sandbox_client(&state).await?;
    let opened = seal_sessions::open(
        &state,
        &client,
        &NewSealSession {
            documents,
            seal,
            prepare_after_scan: false,
        },
    )
    .await?;
    let qr_text = qr_text(&state, &headers, &opened.token);
    let query: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("qr", &qr_text)
        .finish();
    Ok(Redirect::to(&format!(
        "/sandbox/seal-client/sessions/{}?{query}",
        opened.session_id
    )))
}

async fn sandbox_client(state: &AppState) -> Result<SealClientRow, AppError> {
    Ok(state
        .store
        .seal_client(SANDBOX_CLIENT_ID)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the sandbox sealing client is registered at start"))?)
}

/// Whether `signature` is the certificate's key's over the signed attributes: the public key
/// comes out of the certificate itself, not from the server's own records.
fn verified(certificate: &str, document: &SealedDocument) -> bool {
    let (Ok(certificate), Ok(attributes), Ok(signature)) = (
        Certificate::from_der(&STANDARD.decode(certificate).unwrap_or_default()),
        STANDARD.decode(&document.signed_attributes),
        STANDARD.decode(&document.signature),
    ) else {
        return false;
    };
    certificate
        .tbs_certificate
        .subject_public_key_info
        .to_der()
        .is_ok_and(|key| verify(&key, &attributes, &signature))
}

#[derive(Deserialize)]
pub struct Shown {
    /// The QR code's text, as the API gave it when the session was opened (a client keeps it;
    /// this page keeps it in its own address).
    #[serde(default)]
    qr: String,
}

pub async fn show(
    State(state): State<AppState>,
    Path(session_id): Path<String>,
    Query(shown): Query<Shown>,
) -> Result<Html<String>, AppError> {
    let client = sandbox_client(&state).await?;
    let session = seal_sessions::read(&state, &client, &session_id, 0, None).await?;
    let body = match (&session.status, &session.result, &session.signer) {
        (SealStatus::Waiting | SealStatus::Scanned, _, _) => {
            let svg = qrcode::QrCode::with_error_correction_level(shown.qr.as_bytes(), qrcode::EcLevel::M)
                .map(|code| code.render::<qrcode::render::svg::Color<'_>>().min_dimensions(240, 240).build())
                .unwrap_or_default();
            let waiting = if session.status == SealStatus::Scanned {
                "已扫码，请在手机上确认签署"
            } else {
                "请使用云签署 APP 扫一扫"
            };
            format!(
                r#"<h1>扫码印章</h1><div class="card" style="text-align:center"><div class="qr" data-qr-text="{}">{svg}</div><p class="status">{waiting}</p><p class="muted">二维码5分钟内有效</p>
<form method="post" action="/sandbox/seal-client/sessions/{session_id}/cancel"><button class="secondary" type="submit">取消</button></form></div>"#,
                escape_html(&shown.qr)
            )
        }
        (SealStatus::Signed, Some(result), Some(signer)) => {
            let certificate = STANDARD
                .decode(&signer.certificate)
                .ok()
                .and_then(|der| Certificate::from_der(&der).ok());
            let rows: String = result
                .documents
                .iter()
                .map(|d| {
                    let mark = if verified(&signer.certificate, d) {
                        r#"<span class="ok">✓ 验签通过</span>"#
                    } else {
                        r#"<span class="bad">✗ 验签失败</span>"#
                    };
                    format!(
                        r#"<div class="card"><p>{} {mark}</p><p class="muted">SHA-256 <code>{}</code></p><p class="muted">签名值 <code>{}</code></p></div>"#,
                        escape_html(&d.name),
                        d.sha256,
                        d.signature
                    )
                })
                .collect();
            let (subject, issuer, serial) = certificate
                .map(|c| {
                    (
                        c.tbs_certificate.subject.to_string(),
                        c.tbs_certificate.issuer.to_string(),
                        hex::encode_upper(c.tbs_certificate.serial_number.as_bytes()),
                    )
                })
                .unwrap_or_default();
            format!(
                r#"<h1 class="ok">签章完成</h1><div class="card"><p>签署人证书</p><p class="muted">主题 {}<br>颁发者 {}<br>序列号 {serial}</p></div>{rows}<p><a href="/sandbox/seal-client">再次扫码印章</a></p>"#,
                escape_html(&subject),
                escape_html(&issuer),
            )
        }
        (SealStatus::Expired, _, _) => r#"<h1 class="bad">二维码已过期</h1><p><a href="/sandbox/seal-client">重新扫码印章</a></p>"#.to_owned(),
        _ => r#"<h1>已取消</h1><p><a href="/sandbox/seal-client">重新扫码印章</a></p>"#.to_owned(),
    };
    let live = !session.status.is_final();
    Ok(page("扫码印章", &body, live))
}

pub async fn cancel(
    State(state): State<AppState>,
    Path(session_id): Path<String>,
) -> Result<Response, AppError> {
    let client = sandbox_client(&state).await?;
    seal_sessions::cancel(&state, &client, &session_id).await?;
    Ok((
        StatusCode::SEE_OTHER,
        [(
            header::LOCATION,
            format!("/sandbox/seal-client/sessions/{session_id}"),
        )],
    )
        .into_response())
}
