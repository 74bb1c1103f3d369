//! The app's language. zh-CN is the default and the source text: every `tr!("…")` key is the
//! Chinese text as the guide words it, and `locales/en.json` gives its English. The language is
//! chosen once per page load (the person's choice under 设置, else the browser's languages), so
//! that a text never changes under the reader; changing it reloads the page, which keeps
//! everything typed (see `platform::storage`). Its texts are downloaded before the first render
//! (`load_language`): a Chinese reader never downloads them.

use serde::{Deserialize, Serialize};

use cloudsign_contract::i18n::{CONTRACT_TEXTS, DownloadedTexts, Translations};
pub use cloudsign_contract::i18n::{Locale, locale, set_locale};

/// The app's texts as this page load downloaded them (`locales/<tag>.json`).
pub static APP_TEXTS: DownloadedTexts = DownloadedTexts::new();

/// What a page in a language other than Chinese downloads: the app's texts and the contract's,
/// merged into one file by `scripts/locales.sh`.
#[derive(Deserialize, Debug, Default)]
pub struct LanguageTexts {
    pub app: Translations,
    pub contract: Translations,
}

/// The text keyed by the Chinese `key` in this page's language (the key itself in Chinese, or
/// when no translation exists). Out of line: `tr!` calls it from ~400 places.
#[inline(never)]
pub fn text(key: &'static str) -> String {
    APP_TEXTS.translate(key, &[])
}

/// A name the server gave (a product), in this page's language when the app knows it: the
/// chosen organization is kept on the device with its product's name as it was when chosen, in
/// whatever language that was.
pub fn known_name(name: &str) -> String {
    APP_TEXTS.translated(name).unwrap_or(name).to_owned()
}

/// Before the first render: decides this page load's language and, when it is not Chinese,
/// downloads its texts. Without them (offline on a first visit) the page is in Chinese.
pub async fn load_language() {
    let mut locale = crate::platform::language::saved_locale();
    if locale != Locale::ZhCn {
        match crate::api::translations(locale).await {
            Ok(texts) => {
                APP_TEXTS.install(texts.app);
                CONTRACT_TEXTS.install(texts.contract);
            }
            Err(_) => locale = Locale::ZhCn,
        }
    }
    crate::platform::language::apply(locale);
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

    /// The app's English texts, as a page in English downloads them.
    fn english() -> Translations {
        serde_json::from_str(include_str!("../locales/en.json")).unwrap()
    }

    // Reads the sources, so natively only (the wasm tests have no file system).
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn every_text_has_english_with_the_same_placeholders() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let english = english();
        let problems = cloudsign_contract::i18n::translation_problems(&dir, |_, key| {
            english.get(key).cloned()
        });
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        assert!(
            cloudsign_contract::i18n::keys_in_sources(&dir).len() > 300,
            "every screen's texts are found"
        );
    }

    #[test]
    fn texts_are_keyed_by_their_chinese_and_filled_by_name() {
        assert_eq!(crate::tr!("登录"), "登录");
        assert_eq!(
            crate::tr!("已切换到%{unit}", unit = "惠州市建设有限公司"),
            "已切换到惠州市建设有限公司"
        );
        let english = english();
        assert_eq!(english["登录"], "Log in");
        assert_eq!(
            cloudsign_contract::i18n::fill_placeholders(
                &english["已切换到%{unit}"],
                &[("unit", "惠州市建设有限公司".to_owned())]
            ),
            "Switched to 惠州市建设有限公司"
        );
        // A hint here, a rule's message in the contract: each crate keeps its own English.
        assert_eq!(english["请输入单位名称"], "As registered");
    }
}
