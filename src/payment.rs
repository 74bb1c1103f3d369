//! How the app pays, decided without a browser: the channel for where it runs, the URLs it
//! hands to WeChat, and how patiently the result page asks the server.

use cloudsign_contract::payment::{JsapiParams, PayChannel};

use crate::platform::env::Host;

/// The mini-program page that pays for the web-view (see docs/miniprogram/README.md).
pub const MINI_PROGRAM_PAY_PAGE: &str = "/pages/pay/pay";

/// How 「支付」 reaches WeChat Pay from here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PayRoute {
    /// Leave for WeChat's H5 cashier; it comes back to the result page.
    H5Redirect,
    /// `WeixinJSBridge.invoke('getBrandWCPayRequest', …)` in WeChat's browser.
    JsBridge,
    /// Hand over to the mini-program's payment page.
    MiniProgram,
    /// Show a QR code to pay from a phone, and poll.
    NativeQr,
}

impl PayRoute {
    pub fn for_host(host: Host) -> PayRoute {
        match host {
            Host::MobileBrowser => PayRoute::H5Redirect,
            Host::WeChat => PayRoute::JsBridge,
            Host::MiniProgram => PayRoute::MiniProgram,
            Host::Desktop => PayRoute::NativeQr,
        }
    }

    /// The channel the server prepays for.
    pub fn channel(self) -> PayChannel {
        match self {
            PayRoute::H5Redirect => PayChannel::H5,
            // The mini-program pays with the same JSAPI parameters (`wx.requestPayment`).
            PayRoute::JsBridge | PayRoute::MiniProgram => PayChannel::Jsapi,
            PayRoute::NativeQr => PayChannel::Native,
        }
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters, as `encodeURIComponent`
/// does for what matters here.
pub fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// WeChat's `h5_url` with the merchant's `redirect_url` appended, URL-encoded.
pub fn h5_pay_url(h5_url: &str, redirect_url: &str) -> String {
    let separator = if h5_url.contains('?') { '&' } else { '?' };
    format!(
        "{h5_url}{separator}redirect_url={}",
        encode_component(redirect_url)
    )
}

/// The mini-program page's URL with everything `wx.requestPayment` needs and where to return.
pub fn mini_program_pay_url(order_no: &str, params: &JsapiParams, return_url: &str) -> String {
    let query = [
        ("orderNo", order_no),
        ("timeStamp", &params.time_stamp),
        ("nonceStr", &params.nonce_str),
        ("package", &params.package),
        ("signType", &params.sign_type),
        ("paySign", &params.pay_sign),
        ("returnUrl", return_url),
    ]
    .iter()
    .map(|(key, value)| format!("{key}={}", encode_component(value)))
    .collect::<Vec<_>>()
    .join("&");
    format!("{MINI_PROGRAM_PAY_PAGE}?{query}")
}

/// How long the result page waits before asking again, after `attempt` answers of "unpaid":
/// quickly at first (the notification is usually a second behind), then less often.
pub fn recheck_delay_ms(attempt: u32) -> u32 {
    const STEPS: [u32; 6] = [1_000, 1_500, 2_000, 3_000, 5_000, 8_000];
    STEPS[(attempt as usize).min(STEPS.len() - 1)]
}

/// After this many unpaid answers the page offers 「已完成支付」/「重新支付」 instead of a spinner.
pub const CHECKS_BEFORE_ASKING: u32 = 3;

/// A countdown to the order's expiry measured by the server's clock: the seconds it said were
/// left, counted from the moment the answer arrived (the phone's clock may be wrong).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PayDeadline {
    ends_at_ms: f64,
}

impl PayDeadline {
    pub fn new(received_at_ms: f64, seconds_left: i64) -> PayDeadline {
        PayDeadline {
            ends_at_ms: received_at_ms + seconds_left.max(0) as f64 * 1000.0,
        }
    }

    pub fn seconds_left(self, now_ms: f64) -> i64 {
        ((self.ends_at_ms - now_ms) / 1000.0).ceil().max(0.0) as i64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_environment_pays_its_own_way() {
        assert_eq!(
            PayRoute::for_host(Host::MobileBrowser).channel(),
            PayChannel::H5
        );
        assert_eq!(PayRoute::for_host(Host::WeChat), PayRoute::JsBridge);
        assert_eq!(
            PayRoute::for_host(Host::MiniProgram).channel(),
            PayChannel::Jsapi
        );
        assert_eq!(
            PayRoute::for_host(Host::Desktop).channel(),
            PayChannel::Native
        );
    }

    #[test]
    fn the_redirect_url_is_encoded_into_the_h5_url() {
        assert_eq!(
            h5_pay_url(
                "/sandbox/wxpay/cashier/wx1",
                "https://qs.example/pay-result?a=1&b=2"
            ),
            "/sandbox/wxpay/cashier/wx1?redirect_url=https%3A%2F%2Fqs.example%2Fpay-result%3Fa%3D1%26b%3D2"
        );
        assert_eq!(
            h5_pay_url(
                "https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=wx2",
                "/r"
            ),
            "https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=wx2&redirect_url=%2Fr"
        );
        assert_eq!(
            encode_component("云签署 ~"),
            "%E4%BA%91%E7%AD%BE%E7%BD%B2%20~"
        );
    }

    #[test]
    fn the_mini_program_gets_every_payment_parameter() {
        let params = JsapiParams {
            app_id: "wx0".into(),
            time_stamp: "1800000000".into(),
            nonce_str: "n1".into(),
            package: "prepay_id=wx9".into(),
            sign_type: "HMAC-SHA256".into(),
            pay_sign: "ABC+/=".into(),
        };
        assert_eq!(
            mini_program_pay_url("wechat1", &params, "https://qs.example/pay-result"),
            "/pages/pay/pay?orderNo=wechat1&timeStamp=1800000000&nonceStr=n1&package=prepay_id%3Dwx9\
             &signType=HMAC-SHA256&paySign=ABC%2B%2F%3D&returnUrl=https%3A%2F%2Fqs.example%2Fpay-result"
        );
    }

    #[test]
    fn rechecks_slow_down_and_level_off() {
        let delays: Vec<u32> = (0..8).map(recheck_delay_ms).collect();
        assert!(delays.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(delays[0], 1_000);
        assert_eq!(delays[7], 8_000);
    }

    #[test]
    fn the_deadline_counts_from_the_answer_not_the_phone_clock() {
        let deadline = PayDeadline::new(5_000.0, 600);
        assert_eq!(deadline.seconds_left(5_000.0), 600);
        assert_eq!(deadline.seconds_left(5_400.0), 600);
        assert_eq!(deadline.seconds_left(6_000.0), 599);
        assert_eq!(deadline.seconds_left(605_000.0), 0);
        assert_eq!(deadline.seconds_left(999_000.0), 0);
        assert_eq!(PayDeadline::new(0.0, -3).seconds_left(0.0), 0);
    }
}
