//! The sandbox sealing client (信鉴易印's 「扫码印章」): choose documents, show the QR code the
//! app scans, then each document's signature with the signer's certificate, verified here.
//!
//! `POST /sandbox/seal-client/sessions` `{documents: [{name, sha256}], seal}` is the machine
//! interface (tests use it); `/sandbox/seal-client` is the page a person uses.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use cloudsign_contract::signing::{DocumentDigest, SealKind};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use x509_cert::Certificate;
use x509_cert::der::{Decode, Encode};

use crate::AppState;
use crate::domain::signing::digest_bytes;
use crate::domain::signing_key::verify;
use crate::error::AppError;
use crate::extract::Json as JsonBody;
use crate::sandbox::escape_html;
use crate::services::signing::open_session;

const CLIENT_NAME: &str = "信鉴易印（沙箱）";
const SAMPLE_DOCUMENTS: [&str; 3] = ["招标文件.pdf", "投标函.pdf", "报价一览表.xlsx"];

fn sample_digest(name: &str) -> String {
    hex::encode(Sha256::digest(
        format!("云签署沙箱样例文档：{name}").as_bytes(),
    ))
}

#[derive(Deserialize)]
pub struct NewSession {
    documents: Vec<DocumentDigest>,
    seal: SealKind,
}

#[derive(Serialize)]
pub struct OpenedSession {
    session_id: String,
    qr_text: String,
    expires_at: i64,
}

/// The app's link for a token, on the origin the request came to.
pub(crate) fn qr_text(headers: &HeaderMap, token: &str) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let scheme = headers
        .get("x-forwarded-proto")
        .and_then(|h| h.to_str().ok())
        .unwrap_or("http");
    format!(
        "{scheme}://{host}{}",
        cloudsign_contract::signing::sign_link_path(token)
    )
}

pub async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    JsonBody(body): JsonBody<NewSession>,
) -> Result<Json<OpenedSession>, AppError> {
    let opened = open_session(&state, CLIENT_NAME, &body.documents, body.seal).await?;
    Ok(Json(OpenedSession {
        qr_text: qr_text(&headers, &opened.token),
        session_id: opened.session_id,
        expires_at: opened.expires_at,
    }))
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
pub async fn start(State(state): State<AppState>, body: String) -> Result<Redirect, AppError> {
    let mut documents = Vec::new();
    let mut seal = SealKind::Personal;
    for (key, value) in form_urlencoded::parse(body.as_bytes()) {
        match key.as_ref() {
            "doc" if SAMPLE_DOCUMENTS.contains(&value.as_ref()) => documents.push(DocumentDigest {
                sha256: sample_digest(&value),
                name: value.into_owned(),
            }),
            "seal" => seal = SealKind::parse(&value).unwrap_or(SealKind::Personal),
            _ => {}
        }
    }
    if documents.is_empty() {
        return Err(AppError::BadRequest("请至少选择一个文件".into()));
    }
    let opened = open_session(&state, CLIENT_NAME, &documents, seal).await?;
    Ok(Redirect::to(&format!(
        "/sandbox/seal-client/sessions/{}",
        opened.session_id
    )))
}

/// Where a session stands, with each signature checked against the signer's certificate.
async fn report(
    state: &AppState,
    session_id: &str,
) -> Result<(crate::store::SigningSessionRow, Value), AppError> {
    let session = state
        .store
        .signing_session(session_id)
        .await?
        .ok_or_else(|| AppError::NotFound("签署会话不存在".into()))?;
    let certificate = match &session.certificate_serial {
        Some(serial) => state.store.certificate_by_serial(serial).await?,
        None => None,
    };
    let parsed = certificate
        .as_ref()
        .and_then(|c| Certificate::from_der(&c.cert_der).ok());
    // The public key comes out of the certificate itself, not from the server's own records.
    let public_key = parsed
        .as_ref()
        .and_then(|c| c.tbs_certificate.subject_public_key_info.to_der().ok());
    let documents: Vec<Value> = state
        .store
        .signing_documents(session_id)
        .await?
        .into_iter()
        .map(|row| {
            let verified = match (&row.signature, &public_key, digest_bytes(&row.sha256)) {
                (Some(signature), Some(key), Some(digest)) => verify(key, &digest, signature),
                _ => false,
            };
            json!({"name": row.name, "sha256": row.sha256,
                   "signature": row.signature.as_ref().map(|s| STANDARD.encode(s)), "verified": verified})
        })
        .collect();
    let now = state.clock.now();
    let status = match session.status.as_str() {
        "waiting" | "scanned" if now >= session.expires_at => "expired".to_owned(),
        other => other.to_owned(),
    };
    let certificate = parsed.map(|c| {
        json!({"subject": c.tbs_certificate.subject.to_string(), "issuer": c.tbs_certificate.issuer.to_string(),
               "serial": certificate.as_ref().map(|c| c.serial.clone())})
    });
    Ok((
        session,
        json!({"status": status, "documents": documents, "certificate": certificate}),
    ))
}

pub async fn status(
    State(state): State<AppState>,
    Path(session_id): Path<String>,
) -> Result<Json<Value>, AppError> {
    Ok(Json(report(&state, &session_id).await?.1))
}

pub async fn show(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(session_id): Path<String>,
) -> Result<Html<String>, AppError> {
    let (session, report) = report(&state, &session_id).await?;
    let body = match report["status"].as_str().unwrap_or_default() {
        "waiting" | "scanned" => {
            let text = qr_text(&headers, &session.token);
            let svg = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M)
                .map(|code| code.render::<qrcode::render::svg::Color<'_>>().min_dimensions(240, 240).build())
                .unwrap_or_default();
            let waiting = if session.status == "scanned" {
                "已扫码，请在手机上确认签署"
            } else {
                "请使用云签署 APP 扫一扫"
            };
            format!(
                r#"<h1>扫码印章</h1><div class="card" style="text-align:center"><div class="qr" data-qr-text="{}">{svg}</div><p class="status">{waiting}</p><p class="muted">二维码5分钟内有效</p>
<form method="post" action="/sandbox/seal-client/sessions/{session_id}/cancel"><button class="secondary" type="submit">取消</button></form></div>"#,
                escape_html(&text)
            )
        }
        "signed" => {
            let certificate = &report["certificate"];
            let rows: String = report["documents"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|d| {
                    let mark = if d["verified"] == true {
                        r#"<span class="ok">✓ 验签通过</span>"#
                    } else {
                        r#"<span class="bad">✗ 验签失败</span>"#
                    };
                    format!(
                        r#"<div class="card"><p>{} {mark}</p><p class="muted">SHA-256 <code>{}</code></p><p class="muted">签名值 <code>{}</code></p></div>"#,
                        escape_html(d["name"].as_str().unwrap_or_default()),
                        d["sha256"].as_str().unwrap_or_default(),
                        d["signature"].as_str().unwrap_or_default()
                    )
                })
                .collect();
            format!(
                r#"<h1 class="ok">签章完成</h1><div class="card"><p>签署人证书</p><p class="muted">主题 {}<br>颁发者 {}<br>序列号 {}</p></div>{rows}<p><a href="/sandbox/seal-client">再次扫码印章</a></p>"#,
                escape_html(certificate["subject"].as_str().unwrap_or_default()),
                escape_html(certificate["issuer"].as_str().unwrap_or_default()),
                certificate["serial"].as_str().unwrap_or_default()
            )
        }
        "expired" => r#"<h1 class="bad">二维码已过期</h1><p><a href="/sandbox/seal-client">重新扫码印章</a></p>"#.to_owned(),
        _ => r#"<h1>已取消</h1><p><a href="/sandbox/seal-client">重新扫码印章</a></p>"#.to_owned(),
    };
    let live = matches!(report["status"].as_str(), Some("waiting" | "scanned"));
    Ok(page("扫码印章", &body, live))
}

pub async fn cancel(
    State(state): State<AppState>,
    Path(session_id): Path<String>,
) -> Result<Response, AppError> {
    state.store.cancel_signing(&session_id).await?;
    Ok((
        StatusCode::SEE_OTHER,
        [(
            header::LOCATION,
            format!("/sandbox/seal-client/sessions/{session_id}"),
        )],
    )
        .into_response())
}
