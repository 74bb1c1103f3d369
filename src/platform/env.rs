//! Where the app runs: phone browser, WeChat, a WeChat mini-program web-view, or a desktop.
//! Payment, scanning and the install hint differ between them (product.md's matrix).

/// The environments of the product's matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Host {
    /// A phone's browser, or the app installed to the home screen.
    MobileBrowser,
    /// WeChat's in-app browser (user agent has `MicroMessenger`).
    WeChat,
    /// A `web-view` inside a WeChat mini-program.
    MiniProgram,
    /// A desktop or laptop browser.
    Desktop,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Os {
    Ios,
    Android,
    HarmonyOs,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Environment {
    pub host: Host,
    pub os: Os,
}

impl Environment {
    /// Classifies a browser from what it reports about itself.
    /// `wxjs_environment` is `window.__wxjs_environment` (`"miniprogram"` in a mini-program);
    /// `max_touch_points` tells an iPad, which reports a Mac user agent, from a Mac.
    pub fn detect(
        user_agent: &str,
        wxjs_environment: Option<&str>,
        max_touch_points: u32,
    ) -> Environment {
        let ua = user_agent.to_ascii_lowercase();
        let ipad_as_mac = ua.contains("macintosh") && max_touch_points > 1;
        let os =
            if ua.contains("iphone") || ua.contains("ipad") || ua.contains("ipod") || ipad_as_mac {
                Os::Ios
            } else if ua.contains("harmonyos") || ua.contains("openharmony") {
                Os::HarmonyOs
            } else if ua.contains("android") {
                Os::Android
            } else {
                Os::Other
            };
        let host = if wxjs_environment == Some("miniprogram") || ua.contains("miniprogram") {
            Host::MiniProgram
        } else if ua.contains("micromessenger")
            && !ua.contains("windowswechat")
            && !ua.contains("macwechat")
        {
            Host::WeChat
        } else if os != Os::Other || ua.contains("mobile") {
            Host::MobileBrowser
        } else {
            Host::Desktop
        };
        Environment { host, os }
    }

    pub fn is_desktop(self) -> bool {
        self.host == Host::Desktop
    }

    pub fn is_wechat(self) -> bool {
        matches!(self.host, Host::WeChat | Host::MiniProgram)
    }
}

/// The environment of this page.
pub fn current() -> Environment {
    let Some(window) = web_sys::window() else {
        return Environment {
            host: Host::Desktop,
            os: Os::Other,
        };
    };
    let navigator = window.navigator();
    let user_agent = navigator.user_agent().unwrap_or_default();
    let wxjs = js_sys::Reflect::get(&window, &"__wxjs_environment".into())
        .ok()
        .and_then(|v| v.as_string());
    let touch_points = u32::try_from(navigator.max_touch_points()).unwrap_or(0);
    Environment::detect(&user_agent, wxjs.as_deref(), touch_points)
}

#[cfg(test)]
mod tests {
    use super::*;

    const IPHONE_SAFARI: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
    const ANDROID_CHROME: &str = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36";
    const HUAWEI_HARMONY: &str = "Mozilla/5.0 (Phone; OpenHarmony 4.1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.0.0 Safari/537.36 ArkWeb/4.1.6.1 Mobile HuaweiBrowser/5.0.4.300";
    const WECHAT_ANDROID: &str = "Mozilla/5.0 (Linux; Android 13; V2238A Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MMWEBID/2247 MicroMessenger/8.0.47.2560(0x28002F30) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64";
    const WECHAT_IOS: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.44(0x18002c2d) NetType/WIFI Language/zh_CN";
    const MINI_PROGRAM_ANDROID: &str = "Mozilla/5.0 (Linux; Android 12; M2012K11AC Build/SKQ1.211006.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/111.0.5563.116 Mobile Safari/537.36 XWEB/5235 MMWEBSDK/20230805 MMWEBID/6172 MicroMessenger/8.0.42.2460(0x28002A3C) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64 miniProgram/wx1234567890abcdef";
    const WINDOWS_CHROME: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
    const WINDOWS_WECHAT: &str = "Mozilla/5.0 (Windows NT 10.0; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/81.0.4044.138 Safari/537.36 NetType/WIFI MicroMessenger/7.0.20.1781(0x6700143B) WindowsWechat(0x63090a13) XWEB/9129 Flue";
    const MAC_SAFARI: &str = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15";

    fn host(ua: &str) -> Host {
        Environment::detect(ua, None, 0).host
    }

    #[test]
    fn phones_are_mobile_browsers() {
        assert_eq!(
            Environment::detect(IPHONE_SAFARI, None, 5),
            Environment {
                host: Host::MobileBrowser,
                os: Os::Ios
            }
        );
        assert_eq!(
            Environment::detect(ANDROID_CHROME, None, 5),
            Environment {
                host: Host::MobileBrowser,
                os: Os::Android
            }
        );
        assert_eq!(
            Environment::detect(HUAWEI_HARMONY, None, 5),
            Environment {
                host: Host::MobileBrowser,
                os: Os::HarmonyOs
            }
        );
    }

    #[test]
    fn wechat_and_its_mini_programs_are_told_apart() {
        assert_eq!(host(WECHAT_ANDROID), Host::WeChat);
        assert_eq!(
            Environment::detect(WECHAT_IOS, None, 5),
            Environment {
                host: Host::WeChat,
                os: Os::Ios
            }
        );
        assert_eq!(host(MINI_PROGRAM_ANDROID), Host::MiniProgram);
        // iOS mini-programs do not always say so in the user agent; the JS bridge does.
        assert_eq!(
            Environment::detect(WECHAT_IOS, Some("miniprogram"), 5).host,
            Host::MiniProgram
        );
    }

    #[test]
    fn desktops_including_desktop_wechat_are_desktops() {
        assert_eq!(host(WINDOWS_CHROME), Host::Desktop);
        assert_eq!(host(MAC_SAFARI), Host::Desktop);
        assert_eq!(host(WINDOWS_WECHAT), Host::Desktop);
        assert!(Environment::detect(WINDOWS_CHROME, None, 0).is_desktop());
    }

    #[test]
    fn an_ipad_that_claims_to_be_a_mac_is_a_phone_class_device() {
        assert_eq!(
            Environment::detect(MAC_SAFARI, None, 5),
            Environment {
                host: Host::MobileBrowser,
                os: Os::Ios
            }
        );
    }
}
