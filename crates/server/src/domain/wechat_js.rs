//! WeChat's JS-SDK configuration, as WeChat documents it: a SHA-1 over the jsapi_ticket, a
//! nonce, a timestamp and the page's URL without its fragment, the fields in ASCII order as
//! `key=value` pairs joined by `&` (no URL escaping). Only pages on the official account's
//! JS-safe domains get one.

use sha1::{Digest, Sha1};

/// The page's URL as WeChat signs it: everything before `#`.
pub fn signed_url(url: &str) -> &str {
    url.split('#').next().unwrap_or(url)
}

/// The signature `wx.config` is given.
pub fn signature(ticket: &str, nonce: &str, timestamp: i64, url: &str) -> String {
    let text = format!(
        "jsapi_ticket={ticket}&noncestr={nonce}&timestamp={timestamp}&url={}",
        signed_url(url)
    );
    hex::encode(Sha1::digest(text.as_bytes()))
}

/// `scheme://host[:port]` of an http(s) URL, lower-cased; None for anything else.
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next()?;
    if authority.is_empty() || authority.contains('@') {
        return None;
    }
    Some(format!("{scheme}://{}", authority.to_ascii_lowercase()))
}

/// Whether `origin` may be configured: one of the JS-safe domains' origins; with none set, in
/// the sandbox only, this machine (loopback).
pub fn origin_allowed(origin: &str, allowed: &[String], sandbox: bool) -> bool {
    if allowed.is_empty() {
        return sandbox
            && ["http://127.0.0.1:", "http://localhost:", "http://[::1]:"]
                .iter()
                .any(|loopback| origin.starts_with(loopback));
    }
    allowed
        .iter()
        .any(|allowed| allowed.trim_end_matches('/').eq_ignore_ascii_case(origin))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_matches_wechats_published_example() {
        // From WeChat's JS-SDK documentation, 附录1 JS-SDK使用权限签名算法.
        let ticket = "sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg";
        assert_eq!(
            signature(
                ticket,
                "Wm3WZYTPz0wzccnW",
                1414587457,
                "http://mp.weixin.qq.com?params=value"
            ),
            "0f9de62fce790f9a083d5c99e95740ceb90c27ed"
        );
        assert_eq!(
            signature(
                ticket,
                "Wm3WZYTPz0wzccnW",
                1414587457,
                "http://mp.weixin.qq.com?params=value#top"
            ),
            "0f9de62fce790f9a083d5c99e95740ceb90c27ed",
            "the fragment is not signed"
        );
    }

    #[test]
    fn only_the_js_safe_domains_get_a_configuration() {
        assert_eq!(
            origin_of("https://QS.example.cn/scan?a=1#x").as_deref(),
            Some("https://qs.example.cn")
        );
        assert_eq!(origin_of("javascript:alert(1)"), None);
        assert_eq!(origin_of("https://user@evil.example/"), None);
        let allowed = vec!["https://qs.example.cn".to_owned()];
        assert!(origin_allowed("https://qs.example.cn", &allowed, false));
        assert!(!origin_allowed("https://evil.example", &allowed, true));
        assert!(
            origin_allowed("http://127.0.0.1:8080", &[], true),
            "the sandbox on this machine"
        );
        assert!(
            !origin_allowed("http://127.0.0.1:8080", &[], false),
            "nothing configured"
        );
        assert!(!origin_allowed("https://evil.example", &[], true));
    }
}
