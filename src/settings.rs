//! The person's display settings, kept on the device: 大字模式, and light, dark or the system's
//! scheme. Applied to the page as `data-text-size` and `data-theme` on `<html>`; the CSS tokens
//! do the rest.

use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum TextSize {
    #[default]
    Normal,
    /// 大字模式: every text and control about a fifth larger.
    Large,
}

#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    /// 跟随系统
    #[default]
    System,
    /// 浅色
    Light,
    /// 深色
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    pub fn label(self) -> String {
        match self {
            Theme::System => tr!("跟随系统"),
            Theme::Light => tr!("浅色"),
            Theme::Dark => tr!("深色"),
        }
    }
}

#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Display {
    #[serde(default)]
    pub text_size: TextSize,
    #[serde(default)]
    pub theme: Theme,
}

impl Display {
    /// The `<html>` attributes: (`data-text-size`, `data-theme`); None removes one.
    pub fn attributes(self) -> (Option<&'static str>, Option<&'static str>) {
        (
            (self.text_size == TextSize::Large).then_some("large"),
            match self.theme {
                Theme::System => None,
                Theme::Light => Some("light"),
                Theme::Dark => Some("dark"),
            },
        )
    }

    pub fn toggled_text_size(self) -> Display {
        Display {
            text_size: match self.text_size {
                TextSize::Normal => TextSize::Large,
                TextSize::Large => TextSize::Normal,
            },
            ..self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_become_attributes_and_survive_storage() {
        assert_eq!(Display::default().attributes(), (None, None));
        let large_dark = Display {
            text_size: TextSize::Large,
            theme: Theme::Dark,
        };
        assert_eq!(large_dark.attributes(), (Some("large"), Some("dark")));
        assert_eq!(large_dark.toggled_text_size().text_size, TextSize::Normal);
        let stored = serde_json::to_string(&large_dark).unwrap();
        assert_eq!(stored, r#"{"text_size":"large","theme":"dark"}"#);
        assert_eq!(
            serde_json::from_str::<Display>(&stored).unwrap(),
            large_dark
        );
        // An older or partial value falls back to the defaults.
        assert_eq!(
            serde_json::from_str::<Display>("{}").unwrap(),
            Display::default()
        );
    }
}
