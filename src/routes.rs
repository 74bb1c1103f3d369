//! Every page of the app and its path. No other file spells a path.

/// The pages that exist. A later screen is added here first, then to the router.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// `/`: sends the person on to the login page, or to 选择机构 when none is chosen yet.
    Start,
    /// 选择机构
    SelectOrg,
    /// 登录
    Login,
    /// 注册: the registration form.
    Register,
    /// 确认信息: name and ID number.
    ConfirmIdentity,
    /// 实名认证: ID card photos and the liveness check.
    RealName,
    /// 支付: the order, its countdown, 「取消」 and 「支付」.
    Pay,
    /// Where WeChat Pay returns: asks the server, then 支付成功.
    PayResult,
    /// 设置签署密码
    SetPassword,
    /// 首页
    Home,
    /// 扫一扫: the camera reads the sealing client's QR code.
    Scan,
    /// 签章确认: `/s/<token>`, the link a signing QR code carries.
    Sign,
    /// 签署记录
    Records,
    /// 我的签名
    MySignature,
    /// The full-screen handwriting pad.
    SignaturePad,
    /// 我的
    Mine,
    /// 我的证书
    Certificate,
    /// 修改签署密码
    ChangePassword,
    /// 我的订单
    Orders,
    /// 个人证书订单信息: `/orders/<order_no>`.
    OrderDetail,
    /// 开票 / 查看发票: `/invoice/<order_no>`.
    Invoice,
    /// 切换单位
    Units,
    /// 重置签署密码
    ResetPassword,
    /// `/resume/<token>`: a registration brought from another browser (WeChat Pay's return,
    /// the desktop's 「在手机上继续」).
    Resume,
    /// 继续办理: a registration in progress, found by phone number and SMS code.
    ContinueRegistration,
    /// 设置: 大字模式 and 外观.
    Settings,
}

impl Page {
    pub const ALL: [Page; 26] = [
        Page::Start,
        Page::SelectOrg,
        Page::Login,
        Page::Register,
        Page::ConfirmIdentity,
        Page::RealName,
        Page::Pay,
        Page::PayResult,
        Page::SetPassword,
        Page::Home,
        Page::Scan,
        Page::Sign,
        Page::Records,
        Page::MySignature,
        Page::SignaturePad,
        Page::Mine,
        Page::Certificate,
        Page::ChangePassword,
        Page::Orders,
        Page::OrderDetail,
        Page::Invoice,
        Page::Units,
        Page::ResetPassword,
        Page::Resume,
        Page::ContinueRegistration,
        Page::Settings,
    ];

    /// The path segment the router matches (`""` for the start page).
    pub const fn segment(self) -> &'static str {
        match self {
            Page::Start => "",
            Page::SelectOrg => "orgs",
            Page::Login => "login",
            Page::Register => "register",
            Page::ConfirmIdentity => "confirm",
            Page::RealName => "real-name",
            Page::Pay => "pay",
            Page::PayResult => "pay-result",
            Page::SetPassword => "set-password",
            Page::Home => "home",
            Page::Scan => "scan",
            // The signing link's own prefix (`SIGN_LINK_PREFIX`), which the router matches.
            Page::Sign => "s",
            Page::Records => "records",
            Page::MySignature => "signature",
            Page::SignaturePad => "signature-pad",
            Page::Mine => "mine",
            Page::Certificate => "certificate",
            Page::ChangePassword => "change-password",
            Page::Orders => "orders",
            Page::OrderDetail => "order",
            Page::Invoice => "invoice",
            Page::Units => "units",
            Page::ResetPassword => "reset-password",
            Page::Resume => "resume",
            Page::ContinueRegistration => "continue",
            Page::Settings => "settings",
        }
    }

    /// The absolute path to navigate to.
    pub fn path(self) -> String {
        format!("/{}", self.segment())
    }

    /// A page about one order (`OrderDetail`, `Invoice`).
    pub fn for_order(self, order_no: &str) -> String {
        format!("{}/{order_no}", self.path())
    }

    /// A resume link's path.
    pub fn resume_link(token: &str) -> String {
        format!("{}/{token}", Page::Resume.path())
    }

    /// 签章确认 for a signing token: what the sealing client's QR code links to.
    pub fn sign_link(token: &str) -> String {
        cloudsign_contract::signing::sign_link_path(token)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_absolute_and_distinct() {
        let paths: Vec<String> = Page::ALL.iter().map(|page| page.path()).collect();
        assert_eq!(
            paths,
            [
                "/",
                "/orgs",
                "/login",
                "/register",
                "/confirm",
                "/real-name",
                "/pay",
                "/pay-result",
                "/set-password",
                "/home",
                "/scan",
                "/s",
                "/records",
                "/signature",
                "/signature-pad",
                "/mine",
                "/certificate",
                "/change-password",
                "/orders",
                "/order",
                "/invoice",
                "/units",
                "/reset-password",
                "/resume",
                "/continue",
                "/settings"
            ]
        );
        assert_eq!(
            format!("{}/", Page::Sign.path()),
            cloudsign_contract::signing::SIGN_LINK_PREFIX
        );
        let mut unique = paths.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), paths.len());
    }
}
