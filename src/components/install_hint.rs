use leptos::prelude::*;

use crate::platform::env::{self, Environment, Host, Os};
use crate::platform::pwa::{use_install_prompt, use_standalone};
use crate::platform::storage;

const DISMISSED_KEY: &str = "cloudsign.install-hint.dismissed";

/// Which 添加到桌面 hint suits this browser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InstallHintKind {
    /// The browser offers its own install dialog: one button opens it.
    Prompt,
    /// iOS has no dialog: Share → 添加到主屏幕, told in words.
    IosShareSteps,
    /// WeChat's browser cannot install anything: open the page in the phone's browser.
    OpenInBrowser,
}

pub fn choose_install_hint(
    environment: Environment,
    standalone: bool,
    prompt_available: bool,
    dismissed: bool,
) -> Option<InstallHintKind> {
    if standalone || dismissed {
        return None;
    }
    match environment.host {
        // A mini-program is itself the installed app.
        Host::MiniProgram => None,
        Host::WeChat => Some(InstallHintKind::OpenInBrowser),
        _ if prompt_available => Some(InstallHintKind::Prompt),
        Host::MobileBrowser if environment.os == Os::Ios => Some(InstallHintKind::IosShareSteps),
        _ => None,
    }
}

/// The 添加到桌面 hint, dismissable for good.
#[component]
pub fn InstallHint() -> impl IntoView {
    let environment = env::current();
    let standalone = use_standalone();
    let prompt = use_install_prompt();
    let dismissed = RwSignal::new(storage::load::<bool>(DISMISSED_KEY).unwrap_or(false));
    let hint = Memo::new(move |_| {
        choose_install_hint(
            environment,
            standalone.get(),
            prompt.available(),
            dismissed.get(),
        )
    });
    let dismiss = move |_| {
        storage::save(DISMISSED_KEY, &true);
        dismissed.set(true);
    };

    move || {
        hint.get().map(|kind| {
            let body = match kind {
                InstallHintKind::Prompt => view! {
                    <p>{tr!("把云签署添加到桌面，下次一点即开。")}</p>
                    <button class="btn btn-small" type="button" on:click=move |_| prompt.prompt()>{tr!("添加到桌面")}</button>
                }
                .into_any(),
                InstallHintKind::IosShareSteps => view! {
                    <p>{tr!("添加到桌面：点击浏览器底部的「分享」按钮，再选择「添加到主屏幕」。")}</p>
                }
                .into_any(),
                InstallHintKind::OpenInBrowser => view! {
                    <p>{tr!("微信内无法添加到桌面：点击右上角「···」，选择「在浏览器打开」后再添加。")}</p>
                }
                .into_any(),
            };
            view! {
                <aside class="install-hint" aria-label=tr!("添加到桌面")>
                    <div class="install-hint-body">{body}</div>
                    <button class="install-hint-close" type="button" aria-label=tr!("不再提示") on:click=dismiss>"×"</button>
                </aside>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(host: Host, os: Os) -> Environment {
        Environment { host, os }
    }

    #[test]
    fn each_environment_gets_the_hint_it_can_follow() {
        let iphone = env(Host::MobileBrowser, Os::Ios);
        let android = env(Host::MobileBrowser, Os::Android);
        assert_eq!(
            choose_install_hint(iphone, false, false, false),
            Some(InstallHintKind::IosShareSteps)
        );
        assert_eq!(
            choose_install_hint(android, false, true, false),
            Some(InstallHintKind::Prompt)
        );
        assert_eq!(choose_install_hint(android, false, false, false), None);
        assert_eq!(
            choose_install_hint(env(Host::WeChat, Os::Android), false, false, false),
            Some(InstallHintKind::OpenInBrowser)
        );
        assert_eq!(
            choose_install_hint(env(Host::MiniProgram, Os::Ios), false, false, false),
            None
        );
        assert_eq!(
            choose_install_hint(env(Host::Desktop, Os::Other), false, true, false),
            Some(InstallHintKind::Prompt)
        );
    }

    #[test]
    fn no_hint_once_installed_or_dismissed() {
        let iphone = env(Host::MobileBrowser, Os::Ios);
        assert_eq!(choose_install_hint(iphone, true, false, false), None);
        assert_eq!(choose_install_hint(iphone, false, false, true), None);
    }
}
