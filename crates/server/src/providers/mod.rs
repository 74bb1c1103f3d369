//! The outside parties, as traits. Each has a sandbox implementation in `crate::sandbox`;
//! a real provider is a second implementation of the same trait.

pub mod files;
pub mod official_account;

use async_trait::async_trait;
use cloudsign_contract::rules::Phone;
use cloudsign_contract::sms::SmsPurpose;

/// Delivers a text message.
#[async_trait]
pub trait SmsProvider: Send + Sync {
    async fn send(
        &self,
        phone: &Phone,
        purpose: SmsPurpose,
        code: &str,
        text: &str,
    ) -> anyhow::Result<()>;
}

/// What the server uses when no SMS provider is configured (sandbox off, no real one set up):
/// every send fails, loudly in the log.
pub struct NoSmsProvider;

#[async_trait]
impl SmsProvider for NoSmsProvider {
    async fn send(&self, _: &Phone, _: SmsPurpose, _: &str, _: &str) -> anyhow::Result<()> {
        anyhow::bail!("no SMS provider is configured: start with --sandbox or configure one")
    }
}

/// What a real-name service with face comparison (公安 photo comparison through 腾讯云慧眼,
/// 阿里云实人认证 and the like) is asked: whether the name and the ID number belong together,
/// and whether the live face is that person's.
pub struct IdentityToCheck<'a> {
    pub name: &'a str,
    pub id_number: &'a str,
    /// The ID card's portrait side, when one was photographed (registration). A password reset
    /// has none: the service compares the face with the authority's photo of the person.
    pub portrait_photo: Option<&'a [u8]>,
    /// The best frame of the liveness check, which passed before this is asked.
    pub live_face: &'a [u8],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentityVerdict {
    /// The name and number belong together and the face is that person's.
    Match,
    /// The name and the number do not belong together (实名信息不一致).
    IdentityMismatch,
    /// The name and number belong together, but the live face is someone else's.
    FaceMismatch,
}

impl IdentityVerdict {
    pub fn as_str(self) -> &'static str {
        match self {
            IdentityVerdict::Match => "match",
            IdentityVerdict::IdentityMismatch => "identity_mismatch",
            IdentityVerdict::FaceMismatch => "face_mismatch",
        }
    }
}

/// Checks a name, ID number and live face against the authority, in one call.
#[async_trait]
pub trait RealNameProvider: Send + Sync {
    async fn verify(&self, identity: IdentityToCheck<'_>) -> anyhow::Result<IdentityVerdict>;
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LivenessVerdict {
    Alive,
    /// Failed, with what to tell the person.
    Failed(String),
}

/// Judges whether frames show a live person performing the prompts.
#[async_trait]
pub trait LivenessProvider: Send + Sync {
    async fn judge(
        &self,
        frames: &[(cloudsign_contract::real_name::LivenessPrompt, Vec<Vec<u8>>)],
    ) -> anyhow::Result<LivenessVerdict>;
}

/// Without the sandbox and without a configured service, verification fails loudly.
pub struct NoRealNameProvider;

#[async_trait]
impl RealNameProvider for NoRealNameProvider {
    async fn verify(&self, _: IdentityToCheck<'_>) -> anyhow::Result<IdentityVerdict> {
        anyhow::bail!("no real-name provider is configured: start with --sandbox or configure one")
    }
}

#[async_trait]
impl LivenessProvider for NoRealNameProvider {
    async fn judge(
        &self,
        _: &[(cloudsign_contract::real_name::LivenessPrompt, Vec<Vec<u8>>)],
    ) -> anyhow::Result<LivenessVerdict> {
        anyhow::bail!("no liveness provider is configured: start with --sandbox or configure one")
    }
}

/// The official account's side of WeChat's JS-SDK: its app id, where the SDK is loaded from,
/// and the jsapi_ticket (which WeChat gives for an access token, valid about two hours).
#[async_trait]
pub trait WeChatJsApi: Send + Sync {
    fn app_id(&self) -> &str;
    /// The script the app loads for `wx`.
    fn sdk_url(&self) -> &str;
    /// A fresh jsapi_ticket and how many seconds it lasts.
    async fn fetch_jsapi_ticket(&self) -> anyhow::Result<(String, i64)>;
}

/// Without an official account configured the JS-SDK is not offered; the app then uses its
/// own scanner.
pub struct NoWeChatJsApi;

#[async_trait]
impl WeChatJsApi for NoWeChatJsApi {
    fn app_id(&self) -> &str {
        ""
    }
    fn sdk_url(&self) -> &str {
        ""
    }
    async fn fetch_jsapi_ticket(&self) -> anyhow::Result<(String, i64)> {
        anyhow::bail!("no WeChat official account is configured")
    }
}

/// An order as a payment provider is asked to collect it.
pub struct PrepayRequest<'a> {
    pub order_no: &'a str,
    pub amount_fen: i64,
    pub description: &'a str,
    pub expires_at: i64,
    pub channel: cloudsign_contract::payment::PayChannel,
    pub redirect_url: Option<&'a str>,
}

/// A payment the provider reports as done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaidTransaction {
    pub order_no: String,
    pub transaction_id: String,
    pub amount_fen: i64,
}

/// What closing an order at the payment provider found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CloseOutcome {
    /// Closed (or never prepaid): nobody can pay it any more.
    Closed,
    /// The provider had already taken the payment (WeChat's ORDERPAID).
    AlreadyPaid(PaidTransaction),
}

/// A notification's signature headers (`Wechatpay-Timestamp`, `-Nonce`, `-Signature`).
pub struct SignedMessage<'a> {
    pub timestamp: &'a str,
    pub nonce: &'a str,
    pub signature: &'a str,
    pub body: &'a str,
}

/// WeChat Pay: prepay per channel, query, close, and the verification of its notifications.
#[async_trait]
pub trait PaymentProvider: Send + Sync {
    async fn prepay(
        &self,
        request: PrepayRequest<'_>,
    ) -> anyhow::Result<cloudsign_contract::payment::PaymentStart>;
    /// The order's payment if the provider has one (for when no notification came).
    async fn query(&self, order_no: &str) -> anyhow::Result<Option<PaidTransaction>>;
    /// Closes the order at the provider before it is closed here: a payment the provider
    /// already took wins (WeChat answers ORDERPAID), and then the order is paid.
    async fn close(&self, order_no: &str) -> anyhow::Result<CloseOutcome>;
    /// The paid transaction a notification reports, or None when its signature is wrong.
    fn verify_notification(&self, message: SignedMessage<'_>) -> Option<PaidTransaction>;
}

pub struct NoPaymentProvider;

#[async_trait]
impl PaymentProvider for NoPaymentProvider {
    async fn prepay(
        &self,
        _: PrepayRequest<'_>,
    ) -> anyhow::Result<cloudsign_contract::payment::PaymentStart> {
        anyhow::bail!("no payment provider is configured: start with --sandbox or configure one")
    }
    async fn query(&self, _: &str) -> anyhow::Result<Option<PaidTransaction>> {
        Ok(None)
    }
    async fn close(&self, _: &str) -> anyhow::Result<CloseOutcome> {
        Ok(CloseOutcome::Closed)
    }
    fn verify_notification(&self, _: SignedMessage<'_>) -> Option<PaidTransaction> {
        None
    }
}

/// What a certificate is issued for: the person, their unit and the public key they hold.
pub struct CertificateRequest<'a> {
    pub name: &'a str,
    pub unit_name: &'a str,
    /// SubjectPublicKeyInfo, DER.
    pub public_key_der: &'a [u8],
    pub now: i64,
    /// When the certificate ends; one year from `now` when None (a renewal extends the old one).
    pub not_after: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct IssuedCertificate {
    /// Upper-case hex.
    pub serial: String,
    pub der: Vec<u8>,
    /// The issuer's common name, as 我的证书 shows it.
    pub issuer: String,
    pub not_before: i64,
    pub not_after: i64,
}

/// The CA that issues the persons' signing certificates.
#[async_trait]
pub trait CertificateAuthority: Send + Sync {
    async fn issue(&self, request: CertificateRequest<'_>) -> anyhow::Result<IssuedCertificate>;

    /// The issuing CA's certificates (DER), issuer first, up to the root: what a sealing
    /// client embeds beside the signer's certificate and what validators trust.
    fn chain(&self) -> Vec<Vec<u8>>;
}

pub struct NoCertificateAuthority;

#[async_trait]
impl CertificateAuthority for NoCertificateAuthority {
    fn chain(&self) -> Vec<Vec<u8>> {
        Vec::new()
    }

    async fn issue(&self, _: CertificateRequest<'_>) -> anyhow::Result<IssuedCertificate> {
        anyhow::bail!("no CA is configured: start with --sandbox or configure one")
    }
}

/// An invoice to issue for a paid order.
pub struct InvoiceRequest<'a> {
    pub order_no: &'a str,
    pub title: &'a str,
    pub tax_number: &'a str,
    pub item: &'a str,
    pub amount_fen: i64,
    pub issued_at: i64,
}

pub struct IssuedInvoice {
    pub invoice_no: String,
    pub pdf: Vec<u8>,
}

/// The e-invoice platform: issues the invoice and its PDF.
#[async_trait]
pub trait InvoiceProvider: Send + Sync {
    async fn issue(&self, request: InvoiceRequest<'_>) -> anyhow::Result<IssuedInvoice>;
}

/// Sends mail (the e-invoice to the address given).
#[async_trait]
pub trait Mailer: Send + Sync {
    async fn send(
        &self,
        to: &str,
        subject: &str,
        body: &str,
        attachment: Option<(&str, &[u8])>,
    ) -> anyhow::Result<()>;
}

pub struct NoInvoiceProvider;

#[async_trait]
impl InvoiceProvider for NoInvoiceProvider {
    async fn issue(&self, _: InvoiceRequest<'_>) -> anyhow::Result<IssuedInvoice> {
        anyhow::bail!("no e-invoice provider is configured: start with --sandbox or configure one")
    }
}

#[async_trait]
impl Mailer for NoInvoiceProvider {
    async fn send(
        &self,
        _: &str,
        _: &str,
        _: &str,
        _: Option<(&str, &[u8])>,
    ) -> anyhow::Result<()> {
        anyhow::bail!("no mailer is configured: start with --sandbox or configure one")
    }
}
