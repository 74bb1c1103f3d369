use cloudsign_contract::account::{
    AddUnit, CertificateView, ChangePassword, InvoiceView, IssueInvoice, PaidOrder, PaidOrders,
    RenewalOrder, UnitList,
};
use cloudsign_contract::auth::{Me, Session};
use cloudsign_contract::handwriting::{SaveSignature, SavedSignature};
use cloudsign_contract::registration::SetSigningPassword;
use cloudsign_contract::signing::{SignRequest, SigningRecords, SigningRequest, SigningResult};
use gloo_net::http::Method;

use leptos::prelude::Callback;

use super::client::Bearer;
use super::{ApiError, PublicApi};

impl PublicApi {
    /// 设置签署密码: completes the registration and opens a session.
    pub async fn set_signing_password(
        &self,
        registration: &str,
        password: &str,
        confirm: &str,
    ) -> Result<Session, ApiError> {
        let body = SetSigningPassword {
            password: password.to_owned(),
            confirm: confirm.to_owned(),
        };
        self.put(&format!("/registrations/{registration}/password"), &body)
            .await
    }
}

/// The calls made on behalf of the person logged in. Only a session makes one
/// (`PublicApi::session_client`); the pages that need it get it from `RequireSession`.
#[derive(Clone)]
pub struct SessionApi {
    public: PublicApi,
    bearer: Bearer,
}

impl PublicApi {
    /// The client of a session; `on_expired` runs whenever the server answers that the session
    /// is gone (401), whichever call found it.
    pub fn session_client(&self, session: &Session, on_expired: Callback<()>) -> SessionApi {
        SessionApi {
            public: *self,
            bearer: Bearer {
                token: session.token.clone(),
                on_expired,
            },
        }
    }
}

impl SessionApi {
    pub async fn me(&self) -> Result<Me, ApiError> {
        self.public
            .authorized::<(), Me>(Method::GET, "/me", &self.bearer, None)
            .await
    }

    /// 退出登录
    pub async fn log_out(&self) -> Result<(), ApiError> {
        self.public
            .authorized_empty::<()>(Method::DELETE, "/session", &self.bearer, None)
            .await
    }

    /// 签章确认: what a scanned code asks to sign (scanning claims it for this person).
    pub async fn signing_request(&self, token: &str) -> Result<SigningRequest, ApiError> {
        self.public
            .authorized::<(), _>(
                Method::GET,
                &format!("/signing/{token}"),
                &self.bearer,
                None,
            )
            .await
    }

    /// 「签署」 with the signing password.
    pub async fn sign(&self, token: &str, password: &str) -> Result<SigningResult, ApiError> {
        let body = SignRequest {
            password: password.to_owned(),
        };
        self.public
            .authorized(
                Method::POST,
                &format!("/signing/{token}/sign"),
                &self.bearer,
                Some(&body),
            )
            .await
    }

    /// 签署记录, newest first.
    pub async fn signing_records(&self) -> Result<SigningRecords, ApiError> {
        self.public
            .authorized::<(), _>(Method::GET, "/signing/records", &self.bearer, None)
            .await
    }

    /// 我的签名: the saved signature, `not_found` when there is none yet.
    pub async fn signature(&self) -> Result<SavedSignature, ApiError> {
        self.public
            .authorized::<(), _>(Method::GET, "/me/signature", &self.bearer, None)
            .await
    }

    /// The pad's 「√」.
    pub async fn save_signature(
        &self,
        png: String,
        svg: String,
    ) -> Result<SavedSignature, ApiError> {
        self.public
            .authorized(
                Method::PUT,
                "/me/signature",
                &self.bearer,
                Some(&SaveSignature { png, svg }),
            )
            .await
    }

    /// 我的证书
    pub async fn certificate(&self) -> Result<CertificateView, ApiError> {
        self.public
            .authorized::<(), _>(Method::GET, "/me/certificate", &self.bearer, None)
            .await
    }

    /// 修改签署密码
    pub async fn change_password(&self, request: &ChangePassword) -> Result<(), ApiError> {
        self.public
            .authorized_empty(Method::PUT, "/me/password", &self.bearer, Some(request))
            .await
    }

    /// 个人证书订单信息: one paid order.
    pub async fn order(&self, order_no: &str) -> Result<PaidOrder, ApiError> {
        self.public
            .authorized::<(), _>(
                Method::GET,
                &format!("/me/orders/{order_no}"),
                &self.bearer,
                None,
            )
            .await
    }

    /// 我的订单: paid orders, newest first.
    pub async fn orders(&self) -> Result<PaidOrders, ApiError> {
        self.public
            .authorized::<(), _>(Method::GET, "/me/orders", &self.bearer, None)
            .await
    }

    /// The order's e-invoice; `not_found` while none is issued.
    pub async fn invoice(&self, order_no: &str) -> Result<InvoiceView, ApiError> {
        self.public
            .authorized::<(), _>(
                Method::GET,
                &format!("/me/orders/{order_no}/invoice"),
                &self.bearer,
                None,
            )
            .await
    }

    /// 开票's 「确定」.
    pub async fn issue_invoice(
        &self,
        order_no: &str,
        request: &IssueInvoice,
    ) -> Result<InvoiceView, ApiError> {
        self.public
            .authorized(
                Method::POST,
                &format!("/me/orders/{order_no}/invoice"),
                &self.bearer,
                Some(request),
            )
            .await
    }

    /// The invoice as a PDF file.
    pub async fn invoice_pdf(&self, order_no: &str) -> Result<Vec<u8>, ApiError> {
        self.public
            .authorized_bytes(&format!("/me/orders/{order_no}/invoice.pdf"), &self.bearer)
            .await
    }

    /// 切换单位: the units, the current one marked.
    pub async fn units(&self) -> Result<UnitList, ApiError> {
        self.public
            .authorized::<(), _>(Method::GET, "/me/units", &self.bearer, None)
            .await
    }

    /// 添加单位
    pub async fn add_unit(&self, request: &AddUnit) -> Result<UnitList, ApiError> {
        self.public
            .authorized(Method::POST, "/me/units", &self.bearer, Some(request))
            .await
    }

    pub async fn switch_unit(&self, unit_id: i64) -> Result<UnitList, ApiError> {
        self.public
            .authorized::<(), _>(
                Method::PUT,
                &format!("/me/units/{unit_id}/current"),
                &self.bearer,
                None,
            )
            .await
    }

    /// 续期: the renewal order.
    pub async fn renew_certificate(&self) -> Result<RenewalOrder, ApiError> {
        self.public
            .authorized::<(), _>(Method::POST, "/me/certificate/renewal", &self.bearer, None)
            .await
    }
}
