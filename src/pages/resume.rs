//! Coming back in another browser: `/resume/<token>` (WeChat Pay's return, the desktop's
//! 「在手机上继续」) and 继续办理 by phone number and SMS code. Both land the registration on
//! this device as if it had started here, and go on to the page it has reached.

use cloudsign_contract::registration::{
    ContinueRegistration as ContinueRequest, ResumeTarget, Resumed,
};
use cloudsign_contract::rules::{Phone, SmsCode};
use cloudsign_contract::sms::SmsPurpose;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::{A, Redirect};
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::api::PublicApi;
use crate::components::{Button, CodeButton, NavBar, TextField};
use crate::pages::start::resume_page;
use crate::routes::Page;
use crate::sms::use_code_sender;
use crate::state::{OrgChoice, RegistrationToken, phone_typed_in_full, visible_error};

/// Where a resumed registration goes.
pub fn landing_page(resumed: &Resumed) -> Page {
    match resumed.target {
        ResumeTarget::PayResult => Page::PayResult,
        ResumeTarget::Step => resume_page(resumed.registration.step),
    }
}

/// Keeps the registration and its organization on this device and goes on, replacing the
/// link in the history (a reload lands on the page, not on the used link).
fn land(resumed: Resumed, navigate: impl Fn(&str, NavigateOptions)) {
    let page = landing_page(&resumed);
    expect_context::<OrgChoice>().choose(resumed.org);
    RegistrationToken::save(&resumed.registration.id);
    navigate(
        &page.path(),
        NavigateOptions {
            replace: true,
            ..Default::default()
        },
    );
}

/// `/resume/<token>`
#[component]
pub fn Resume() -> impl IntoView {
    let token = use_params_map().with_untracked(|params| params.get("token").unwrap_or_default());
    let api = expect_context::<PublicApi>();
    let navigate = use_navigate();
    // Opening the link uses it up: once, in an action, never from a render.
    let open = Action::new_local(move |_: &()| {
        let (token, navigate) = (token.clone(), navigate.clone());
        async move {
            let resumed = api.resume(&token).await?;
            land(resumed, navigate);
            Ok::<_, crate::api::ApiError>(())
        }
    });
    open.dispatch(());
    view! {
        <NavBar title=tr!("继续办理") back=None />
        <div class="page resume">
            {move || match open.value().get() {
                None => view! {
                    <div class="card form-card is-loading" aria-busy="true">
                        <p class="empty-text">{tr!("正在恢复办理进度…")}</p>
                    </div>
                }.into_any(),
                Some(Ok(())) => view! { <p class="empty-text" role="status">{tr!("正在跳转…")}</p> }.into_any(),
                Some(Err(err)) => view! {
                    <div class="empty-state" role="alert">
                        <p class="empty-title">{tr!("无法继续办理")}</p>
                        <p class="empty-text">{err.message()}</p>
                        <A href=Page::ContinueRegistration.path() attr:class="btn btn-primary">{tr!("用手机号继续办理")}</A>
                    </div>
                }.into_any(),
            }}
        </div>
    }
}

/// 继续办理: the phone number and a `register` SMS code find the registration in progress.
#[component]
pub fn ContinueRegistration() -> impl IntoView {
    let Some(org) = expect_context::<OrgChoice>().get_untracked() else {
        return view! { <Redirect path=Page::SelectOrg.path() /> }.into_any();
    };
    let api = expect_context::<PublicApi>();
    let navigate = use_navigate();
    let phone = RwSignal::new(String::new());
    let sms_code = RwSignal::new(String::new());
    let touched = RwSignal::new(false);
    let phone_error = Signal::derive(move || {
        phone.with(|v| {
            visible_error(
                Phone::parse(v).map(drop),
                touched.get(),
                phone_typed_in_full(v),
            )
            .map(|err| err.message().to_owned())
        })
    });
    let valid = Memo::new(move |_| {
        phone.with(|v| Phone::parse(v).is_ok()) && sms_code.with(|v| SmsCode::parse(v).is_ok())
    });
    let org_id = org.id.clone();
    let submit = Action::new_local(move |_: &()| {
        let request = ContinueRequest {
            org_id: org_id.clone(),
            phone: phone.get_untracked(),
            sms_code: sms_code.get_untracked(),
        };
        let navigate = navigate.clone();
        async move {
            let resumed = api.continue_registration(&request).await?;
            land(resumed, navigate);
            Ok::<_, crate::api::ApiError>(())
        }
    });
    let failure = move || submit.value().get().and_then(Result::err);

    view! {
        <NavBar title=tr!("继续办理") back=Some(Page::Register) />
        <div class="page continue-registration">
            <form
                class="card form-card"
                novalidate=true
                on:submit=move |ev| {
                    ev.prevent_default();
                    touched.set(true);
                    if valid.get_untracked() {
                        submit.dispatch(());
                    }
                }
            >
                <p class="form-intro">{tr!("在%{org}已开始注册？输入注册时的手机号和验证码，从上次的步骤继续办理。", org = org.name)}</p>
                <TextField label=tr!("手机号") placeholder=tr!("请输入手机号") value=phone error=phone_error
                    on_blur=Callback::new(move |_| touched.set(true)) input_type="tel" input_mode="numeric"
                    autocomplete="tel-national" max_length=13 name="phone" />
                <div class="code-row">
                    <TextField label=tr!("验证码") placeholder=tr!("请输入验证码") value=sms_code
                        input_mode="numeric" autocomplete="one-time-code" max_length=6 name="sms_code" />
                    <CodeButton sender=use_code_sender(phone.into(), SmsPurpose::Register) />
                </div>
                {move || failure().map(|err| view! {
                    <div class="notice notice-warn" role="alert"><p>{err.message()}</p></div>
                })}
                <Button label=tr!("继续办理") submit=true loading=submit.pending() disabled=Signal::derive(move || !valid.get()) />
            </form>
        </div>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use cloudsign_contract::Money;
    use cloudsign_contract::orgs::{CertProduct, Org};
    use cloudsign_contract::registration::{RegistrationState, RegistrationStep};

    use super::*;

    fn resumed(step: RegistrationStep, target: ResumeTarget) -> Resumed {
        Resumed {
            registration: RegistrationState {
                id: "r1".into(),
                step,
                org_id: "huizhou".into(),
                role: "bidder".into(),
                unit_name: "惠州市某公司".into(),
                name: "张三".into(),
                phone: "13800138000".into(),
                id_number_masked: None,
            },
            org: Org {
                id: "huizhou".into(),
                name: "惠州市公共资源交易中心".into(),
                region: "广东省惠州市".into(),
                product: CertProduct {
                    name: "个人移动证书".into(),
                    fee: Money { fen: 13_000 },
                    period_years: 1,
                },
            },
            target,
        }
    }

    #[test]
    fn the_return_from_wechat_pay_asks_the_result_and_a_hand_off_goes_to_the_step() {
        assert_eq!(
            landing_page(&resumed(
                RegistrationStep::Password,
                ResumeTarget::PayResult
            )),
            Page::PayResult
        );
        assert_eq!(
            landing_page(&resumed(RegistrationStep::RealName, ResumeTarget::Step)),
            Page::RealName
        );
        assert_eq!(
            landing_page(&resumed(RegistrationStep::Password, ResumeTarget::Step)),
            Page::SetPassword
        );
    }
}
