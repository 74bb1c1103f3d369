use leptos::prelude::*;

use crate::components::NavBar;
use crate::i18n::LanguageChoice;
use crate::platform::{appearance, language};
use crate::routes::Page;
use crate::settings::{Display, TextSize, Theme};

/// 设置: 大字模式, 外观 (跟随系统 / 浅色 / 深色) and 语言, kept on this device.
#[component]
pub fn Settings() -> impl IntoView {
    let display = RwSignal::new(appearance::saved());
    let change = move |next: Display| {
        appearance::save(next);
        display.set(next);
    };
    let language = language::saved_choice();
    view! {
        <NavBar title=tr!("设置") back=Some(Page::Mine) />
        <div class="page settings">
            <section class="card menu" aria-label=tr!("显示")>
                <TextSizeSwitch display=display on_change=Callback::new(change) />
            </section>
            <section class="card form-card" aria-labelledby="theme-title">
                <h2 class="section-title" id="theme-title">{tr!("外观")}</h2>
                <div class="choice-group" role="radiogroup" aria-labelledby="theme-title">
                    {Theme::ALL.map(|theme| view! {
                        <button
                            type="button"
                            class="choice"
                            role="radio"
                            aria-checked=move || (display.get().theme == theme).to_string()
                            on:click=move |_| change(Display { theme, ..display.get_untracked() })
                        >
                            {theme.label()}
                        </button>
                    })}
                </div>
                <p class="notice-hint">{tr!("深色外观下，手写签名仍以深色笔迹显示在浅色纸面上，与签署到文件中的样子一致。")}</p>
            </section>
            <section class="card form-card" aria-labelledby="language-title">
                <h2 class="section-title" id="language-title">{tr!("语言")}{(crate::i18n::locale() == crate::i18n::Locale::ZhCn).then_some(" · Language")}</h2>
                <div class="choice-group" role="radiogroup" aria-labelledby="language-title">
                    {LanguageChoice::ALL.map(|choice| view! {
                        <button
                            type="button"
                            class="choice"
                            role="radio"
                            aria-checked=(language == choice).to_string()
                            lang=match choice {
                                LanguageChoice::Chinese => Some("zh-CN"),
                                LanguageChoice::English => Some("en"),
                                LanguageChoice::System => None,
                            }
                            on:click=move |_| if choice != language { language::choose(choice) }
                        >
                            {choice.label()}
                        </button>
                    })}
                </div>
            </section>
        </div>
    }
}

/// On the login page, before any account: the other language by its own name, so that a person
/// whose phone speaks Chinese but who reads English finds it (and back).
#[component]
pub fn LanguageToggle() -> impl IntoView {
    let (other, tag) = match crate::i18n::locale() {
        crate::i18n::Locale::ZhCn => (LanguageChoice::English, "en"),
        crate::i18n::Locale::En => (LanguageChoice::Chinese, "zh-CN"),
    };
    view! {
        <button type="button" class="switch-row language-toggle" lang=tag on:click=move |_| language::choose(other)>
            {other.label()}
        </button>
    }
}

/// 大字模式 as a switch (also on the login page).
#[component]
pub fn TextSizeSwitch(display: RwSignal<Display>, on_change: Callback<Display>) -> impl IntoView {
    let on = move || display.get().text_size == TextSize::Large;
    view! {
        <button
            type="button"
            class="menu-item switch-row"
            role="switch"
            aria-checked=move || on().to_string()
            on:click=move |_| on_change.run(display.get_untracked().toggled_text_size())
        >
            <span>{tr!("大字模式")}</span>
            <span class="switch" class:is-on=on aria-hidden="true"><span class="switch-knob"></span></span>
        </button>
    }
}
