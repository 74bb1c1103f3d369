//! The app's language. zh-CN is the default and the source text: every `tr!("…")` key is the
//! Chinese text as the guide words it, and `locales/en.yml` gives its English. The language is
//! chosen once per page load (the person's choice under 设置, else the browser's languages), so
//! that a text never changes under the reader; changing it reloads the page, which keeps
//! everything typed (see `platform::storage`).

use serde::{Deserialize, Serialize};

pub use cloudsign_contract::i18n::{Locale, locale, set_locale};

/// The text keyed by the Chinese `key` in this page's language (the key itself in Chinese, or
/// when no translation exists).
#[inline(never)]
pub fn text(key: &'static str) -> String {
    if locale() == Locale::ZhCn {
        return key.to_owned();
    }
    known_name(key)
}

/// A name the server gave (a product), in this page's language when the app knows it: the
/// chosen organization is kept on the device with its product's name as it was when chosen, in
/// whatever language that was.
pub fn known_name(name: &str) -> String {
    crate::_rust_i18n_try_translate(locale().code(), name)
        .map(|text| text.into_owned())
        .unwrap_or_else(|| name.to_owned())
}

/// What the person chose under 设置 → 语言.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum LanguageChoice {
    /// 跟随系统: the browser's languages decide.
    #[default]
    System,
    Chinese,
    English,
}

impl LanguageChoice {
    pub const ALL: [LanguageChoice; 3] = [
        LanguageChoice::System,
        LanguageChoice::Chinese,
        LanguageChoice::English,
    ];

    pub fn resolve<S: AsRef<str>>(self, browser_languages: &[S]) -> Locale {
        match self {
            LanguageChoice::System => Locale::negotiate(browser_languages),
            LanguageChoice::Chinese => Locale::ZhCn,
            LanguageChoice::English => Locale::En,
        }
    }

    /// A language's own name is the same in every language, so that a person who cannot read
    /// the current one still finds theirs.
    pub fn label(self) -> String {
        match self {
            LanguageChoice::System => crate::tr!("跟随系统"),
            LanguageChoice::Chinese => "简体中文".to_owned(),
            LanguageChoice::English => "English".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_choice_overrides_the_browser() {
        assert_eq!(LanguageChoice::English.resolve(&["zh-CN"]), Locale::En);
        assert_eq!(LanguageChoice::Chinese.resolve(&["en"]), Locale::ZhCn);
        assert_eq!(LanguageChoice::System.resolve(&["en"]), Locale::En);
        assert_eq!(
            serde_json::from_str::<LanguageChoice>(r#""english""#).unwrap(),
            LanguageChoice::English
        );
    }

    // Reads the sources, so natively only (the wasm tests have no file system).
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn every_text_has_english_with_the_same_placeholders() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let problems = cloudsign_contract::i18n::translation_problems(&dir, |locale, key| {
            crate::_rust_i18n_try_translate(locale, key).map(|t| t.into_owned())
        });
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        assert!(
            cloudsign_contract::i18n::keys_in_sources(&dir).len() > 300,
            "every screen's texts are found"
        );
    }

    #[test]
    fn texts_follow_the_locale_and_chinese_is_the_key() {
        assert_eq!(crate::tr!("登录"), "登录");
        assert_eq!(rust_i18n::t!("登录", locale = Locale::En.code()), "Log in");
        assert_eq!(
            rust_i18n::t!(
                "已切换到%{unit}",
                locale = Locale::En.code(),
                unit = "惠州市建设有限公司"
            ),
            "Switched to 惠州市建设有限公司"
        );
    }
}
