//! 我的: the certificate, the signing password, paid orders and e-invoices.

use serde::{Deserialize, Serialize};

use crate::Money;

/// 我的证书
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CertificateView {
    pub holder: String,
    pub unit_name: String,
    pub serial: String,
    pub issuer: String,
    pub algorithm: String,
    pub not_before: i64,
    pub not_after: i64,
    /// `valid` or `revoked`
    pub status: String,
    pub days_left: i64,
    /// Within 90 days of expiry.
    pub renewal_due: bool,
}

/// `PUT /api/me/password`: 修改签署密码.
#[derive(Serialize, Deserialize, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangePassword {
    pub old_password: String,
    pub new_password: String,
    pub confirm: String,
}

impl std::fmt::Debug for ChangePassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ChangePassword(***)")
    }
}

/// One paid order (我的订单 and 个人证书订单信息).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaidOrder {
    pub order_no: String,
    pub product_name: String,
    pub amount: Money,
    pub period_years: u32,
    pub created_at: i64,
    pub paid_at: i64,
    /// 发票: 已开 when true.
    pub invoiced: bool,
    /// 手机号 of the account, for the 开票 order block.
    pub phone: String,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaidOrders {
    pub orders: Vec<PaidOrder>,
}

/// `POST /api/me/orders/{order_no}/invoice`: 开票.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IssueInvoice {
    /// 发票抬头
    pub title: String,
    /// 企业税号 (纳税人识别号)
    pub tax_number: String,
    /// 邮箱地址
    pub email: String,
}

/// An issued e-invoice.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvoiceView {
    pub invoice_no: String,
    pub order_no: String,
    pub title: String,
    pub tax_number: String,
    pub email: String,
    pub amount: Money,
    pub product_name: String,
    pub issued_at: i64,
}

/// One of the units (单位) a person signs for.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Unit {
    pub id: i64,
    pub name: String,
    pub role: String,
    /// 投标人 …
    pub role_name: String,
    pub current: bool,
}

/// `GET /api/me/units`: 切换单位.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitList {
    pub units: Vec<Unit>,
}

/// `POST /api/me/units`: 添加单位.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AddUnit {
    pub name: String,
    pub role: String,
}

/// `POST /api/password-reset`: 重置签署密码's first step, the SMS code (purpose `reset`).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StartPasswordReset {
    pub org_id: String,
    pub phone: String,
    pub sms_code: String,
}

/// The reset under way and the liveness prompts to perform.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordResetStarted {
    pub reset_id: String,
    pub challenge: crate::real_name::LivenessChallenge,
}

/// `POST /api/me/certificate/renewal`: the 续期 order, paid like the registration's (the app
/// pays it through the registration it belongs to).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RenewalOrder {
    pub registration_id: String,
    pub order: crate::orders::OrderView,
}
