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
}

impl Page {
    pub const ALL: [Page; 10] = [
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
        }
    }

    /// The absolute path to navigate to.
    pub fn path(self) -> String {
        format!("/{}", self.segment())
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
                "/home"
            ]
        );
        let mut unique = paths.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), paths.len());
    }
}
