//! The language texts are given in, shared by the app and the server so that a rule's message
//! (`rules`) reads in the language of whoever asked. zh-CN is the source: every `tr!("…")` key
//! is the Chinese text, and `locales/en.json` beside each crate gives its English.
//!
//! Where the language and its texts come from differs: the app decides once per page load
//! (`set_locale`) and downloads the texts (`DownloadedTexts`);
//! the server answers each request in that request's language, so it installs a
//! `locale_source` that reads the request's (see the server's `i18n` module).

use std::collections::HashMap;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU8, Ordering};

/// A language texts are translated into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Locale {
    #[default]
    ZhCn,
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::ZhCn, Locale::En];

    /// The BCP 47 tag: the translation files' locale names, `<html lang>`, `Accept-Language`,
    /// `Content-Language`.
    pub fn code(self) -> &'static str {
        match self {
            Locale::ZhCn => "zh-CN",
            Locale::En => "en",
        }
    }

    /// The first of the preferred language tags (most preferred first, as
    /// `navigator.languages` lists them) that is translated; Chinese when none is.
    pub fn negotiate<S: AsRef<str>>(preferred: &[S]) -> Locale {
        preferred
            .iter()
            .find_map(|tag| {
                let primary = tag.as_ref().trim().split(['-', '_']).next()?;
                if primary.eq_ignore_ascii_case("zh") {
                    Some(Locale::ZhCn)
                } else if primary.eq_ignore_ascii_case("en") {
                    Some(Locale::En)
                } else {
                    None
                }
            })
            .unwrap_or_default()
    }

    /// An `Accept-Language` header's choice: its tags by their `q` weights, highest first
    /// (ties keep their order), then as `negotiate`. `*` and unknown tags are skipped.
    pub fn from_accept_language(header: &str) -> Locale {
        let mut weighted: Vec<(u16, &str)> = header
            .split(',')
            .filter_map(|item| {
                let mut parts = item.split(';');
                let tag = parts.next()?.trim();
                let q = parts
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
                (!tag.is_empty() && q > 0.0).then_some(((q * 1000.0) as u16, tag))
            })
            .collect();
        weighted.sort_by_key(|(weight, _)| std::cmp::Reverse(*weight));
        let tags: Vec<&str> = weighted.into_iter().map(|(_, tag)| tag).collect();
        Locale::negotiate(&tags)
    }
}

static CURRENT: AtomicU8 = AtomicU8::new(0);
static SOURCE: OnceLock<fn() -> Locale> = OnceLock::new();

/// The language to give texts in now.
pub fn locale() -> Locale {
    if let Some(source) = SOURCE.get() {
        return source();
    }
    match CURRENT.load(Ordering::Relaxed) {
        1 => Locale::En,
        _ => Locale::ZhCn,
    }
}

/// One language for the whole process: the app's page load.
pub fn set_locale(locale: Locale) {
    let index = match locale {
        Locale::ZhCn => 0,
        Locale::En => 1,
    };
    CURRENT.store(index, Ordering::Relaxed);
}

/// A language per piece of work: the server's per-request language. Set once, at start.
pub fn set_locale_source(source: fn() -> Locale) {
    let _ = SOURCE.set(source);
}

/// Texts of one language keyed by their Chinese text, as `locales/<tag>.json` holds them.
pub type Translations = HashMap<String, String>;

/// One crate's texts in this page load's language, downloaded by the app before its first
/// render (the language is chosen once per load). Each crate has its own: the same Chinese may
/// read differently in English as a field's hint and as a rule's message.
pub struct DownloadedTexts(OnceLock<Translations>);

impl DownloadedTexts {
    pub const fn new() -> Self {
        DownloadedTexts(OnceLock::new())
    }

    /// Set once; a second call changes nothing.
    pub fn install(&self, translations: Translations) {
        let _ = self.0.set(translations);
    }

    /// `key`'s text in the current language; `None` in Chinese (the key is the text) or when
    /// it has none.
    pub fn translated(&'static self, key: &str) -> Option<&'static str> {
        match locale() {
            Locale::ZhCn => None,
            _ => self.0.get()?.get(key).map(String::as_str),
        }
    }

    /// `key` in the current language with its `%{name}` placeholders filled: the key itself
    /// in Chinese, or when it has no translation.
    pub fn translate(&'static self, key: &str, args: &[(&str, String)]) -> String {
        fill_placeholders(self.translated(key).unwrap_or(key), args)
    }
}

impl Default for DownloadedTexts {
    fn default() -> Self {
        Self::new()
    }
}

/// The contract's texts (the rules' messages, shared labels) as the app downloaded them.
pub static CONTRACT_TEXTS: DownloadedTexts = DownloadedTexts::new();

/// `text` with each `%{name}` replaced by its value; a placeholder without one stays.
pub fn fill_placeholders(text: &str, args: &[(&str, String)]) -> String {
    if args.is_empty() || !text.contains("%{") {
        return text.to_owned();
    }
    let mut filled = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("%{") {
        filled.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            filled.push_str(&rest[start..]);
            return filled;
        };
        match args.iter().find(|(name, _)| *name == &after[..end]) {
            Some((_, value)) => filled.push_str(value),
            None => filled.push_str(&rest[start..start + 3 + end]),
        }
        rest = &after[end + 1..];
    }
    filled.push_str(rest);
    filled
}

/// For each crate's test that every text has a translation: the `tr!("…")` keys of the Rust
/// files under `dir` (comments skipped), with the file each was first seen in.
#[cfg(not(target_arch = "wasm32"))]
pub fn keys_in_sources(dir: &std::path::Path) -> Vec<(String, std::path::PathBuf)> {
    let mut keys: Vec<(String, std::path::PathBuf)> = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for path in entries.flatten().map(|e| e.path()) {
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            if path.extension().is_none_or(|ext| ext != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            // Without comment lines, as one text: rustfmt may break a call after `tr!(`.
            let code: String = text
                .lines()
                .filter(|line| !line.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            let mut rest = code.as_str();
            while let Some(at) = rest.find("tr!(") {
                let preceded_by_ident = rest[..at]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '"');
                let after = rest[at + 4..].trim_start();
                rest = after;
                let Some(literal) = after.strip_prefix('"') else {
                    continue;
                };
                let Some(end) = literal.find('"') else { break };
                let key = &literal[..end];
                if !preceded_by_ident && !keys.iter().any(|(k, _)| k == key) {
                    keys.push((key.to_owned(), path.clone()));
                }
                rest = &literal[end + 1..];
            }
        }
    }
    keys
}

/// The `%{name}` placeholders of a text, in order.
pub fn placeholders(text: &str) -> Vec<&str> {
    text.split("%{")
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(name, _)| name))
        .collect()
}

/// What is wrong with the translations of the keys in `dir`: a key with no text in a
/// language, or a text whose placeholders differ from its key's.
#[cfg(not(target_arch = "wasm32"))]
pub fn translation_problems(
    dir: &std::path::Path,
    translate: impl Fn(&str, &str) -> Option<String>,
) -> Vec<String> {
    let mut problems = Vec::new();
    for (key, file) in keys_in_sources(dir) {
        for locale in Locale::ALL.into_iter().filter(|l| *l != Locale::ZhCn) {
            match translate(locale.code(), &key) {
                None => problems.push(format!(
                    "{}: no {} text for {key:?}",
                    file.display(),
                    locale.code()
                )),
                Some(text) => {
                    let (mut want, mut have) = (placeholders(&key), placeholders(&text));
                    want.sort_unstable();
                    have.sort_unstable();
                    if want != have {
                        problems.push(format!(
                            "{}: {key:?} has {want:?}, its {} text {have:?}",
                            file.display(),
                            locale.code()
                        ));
                    }
                }
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_translated_language_wins_and_chinese_is_the_default() {
        assert_eq!(Locale::negotiate(&["en-US", "zh-CN"]), Locale::En);
        assert_eq!(Locale::negotiate(&["zh-TW", "en"]), Locale::ZhCn);
        assert_eq!(Locale::negotiate(&["fr-FR", "EN_gb"]), Locale::En);
        assert_eq!(Locale::negotiate(&["fr-FR", "de"]), Locale::ZhCn);
        assert_eq!(Locale::negotiate::<&str>(&[]), Locale::ZhCn);
    }

    #[test]
    fn accept_language_is_read_by_weight() {
        assert_eq!(Locale::from_accept_language("en"), Locale::En);
        assert_eq!(
            Locale::from_accept_language("zh-CN,zh;q=0.9,en;q=0.8"),
            Locale::ZhCn
        );
        assert_eq!(
            Locale::from_accept_language("zh;q=0.5, en-GB;q=0.9"),
            Locale::En
        );
        assert_eq!(Locale::from_accept_language("fr, en;q=0.1"), Locale::En);
        assert_eq!(Locale::from_accept_language("en;q=0, zh"), Locale::ZhCn);
        assert_eq!(Locale::from_accept_language("*"), Locale::ZhCn);
        assert_eq!(Locale::from_accept_language(""), Locale::ZhCn);
        assert_eq!(Locale::from_accept_language("en;q=abc"), Locale::ZhCn);
    }

    #[test]
    fn every_text_has_english_with_the_same_placeholders() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let problems = translation_problems(&dir, |locale, key| {
            crate::_rust_i18n_try_translate(locale, key).map(|t| t.into_owned())
        });
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        assert!(
            keys_in_sources(&dir).len() > 50,
            "the rules' messages are found"
        );
    }

    #[test]
    fn placeholders_are_filled_by_name_and_others_kept() {
        let args = [("amount", "¥128".to_owned()), ("years", "1".to_owned())];
        assert_eq!(fill_placeholders("%{amount}/%{years}年", &args), "¥128/1年");
        assert_eq!(
            fill_placeholders("%{years} yr, %{amount}", &args),
            "1 yr, ¥128"
        );
        assert_eq!(fill_placeholders("%{other} %{years}", &args), "%{other} 1");
        assert_eq!(
            fill_placeholders("unclosed %{years", &args),
            "unclosed %{years"
        );
        assert_eq!(fill_placeholders("无占位", &args), "无占位");
    }

    #[test]
    fn texts_are_keyed_by_their_chinese() {
        assert_eq!(crate::tr!("请输入手机号"), "请输入手机号");
        assert_eq!(
            rust_i18n::t!("请输入手机号", locale = Locale::En.code()),
            "Enter your mobile number"
        );
    }
}
