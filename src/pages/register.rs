use cloudsign_contract::ErrorCode;
use cloudsign_contract::registration::{
    CreateRegistration, RegistrationStep, ValidRegistrationForm,
};
use cloudsign_contract::rules::{Phone, RealName, SmsCode, UnitName};
use cloudsign_contract::sms::SmsPurpose;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_navigate;

use crate::api::PublicApi;
use crate::components::{Button, CodeButton, NavBar, Stepper, TextField, Toasts};
use crate::pages::start::resume_page;
use crate::platform::storage::{self, use_stored_text};
use crate::routes::Page;
use crate::sms::use_code_sender;
use crate::state::{
    LOGIN_PHONE_KEY, OrgChoice, RegistrationToken, phone_typed_in_full, visible_error,
};

/// A field's message, shown once the person has left it (see `visible_error`).
fn field_error<E: Copy + 'static>(
    check: impl Fn() -> Result<(), E> + Send + Sync + 'static,
    touched: RwSignal<bool>,
    complete: impl Fn() -> bool + Send + Sync + 'static,
    message: fn(E) -> String,
) -> Signal<Option<String>> {
    Signal::derive(move || visible_error(check(), touched.get(), complete()).map(message))
}

/// 注册: role, unit, name, phone and SMS code, the fee, and the agreement.
#[component]
pub fn Register() -> impl IntoView {
    let Some(org) = expect_context::<OrgChoice>().get_untracked() else {
        return view! { <Redirect path=Page::SelectOrg.path() /> }.into_any();
    };
    let api = expect_context::<PublicApi>();
    let navigate = use_navigate();

    // What was typed survives a reload; the code does not.
    let role = use_stored_text("cloudsign.register.role");
    let unit_name = use_stored_text("cloudsign.register.unit");
    let name = use_stored_text("cloudsign.register.name");
    let phone = use_stored_text("cloudsign.register.phone");
    let sms_code = RwSignal::new(String::new());
    let agreed = RwSignal::new(storage::load::<bool>("cloudsign.register.agreed").unwrap_or(false));

    let touched = [(); 4].map(|_| RwSignal::new(false));
    let unit_error = field_error(
        move || unit_name.with(|v| UnitName::parse(v).map(drop)),
        touched[0],
        || false,
        |e| e.message(),
    );
    let name_error = field_error(
        move || name.with(|v| RealName::parse(v).map(drop)),
        touched[1],
        || false,
        |e| e.message(),
    );
    let phone_error = field_error(
        move || phone.with(|v| Phone::parse(v).map(drop)),
        touched[2],
        move || phone.with(|v| phone_typed_in_full(v)),
        |e| e.message(),
    );
    let code_error = field_error(
        move || sms_code.with(|v| SmsCode::parse(v).map(drop)),
        touched[3],
        move || sms_code.with(|v| v.len() >= 6),
        |e| e.message(),
    );

    let org_id = org.id.clone();
    let form = Memo::new(move |_| CreateRegistration {
        org_id: org_id.clone(),
        role: role.get(),
        unit_name: unit_name.get(),
        name: name.get(),
        phone: phone.get(),
        sms_code: sms_code.get(),
        agreed: agreed.get(),
    });
    let form_valid =
        Memo::new(move |_| form.with(|form| ValidRegistrationForm::check(form).is_ok()));

    let roles = LocalResource::new(move || async move { api.roles().await });
    let toasts = expect_context::<Toasts>();
    let submit = Action::new_local(move |form: &CreateRegistration| {
        let form = form.clone();
        let navigate = navigate.clone();
        async move {
            let state = api.create_registration(&form).await?;
            RegistrationToken::save(&state.id);
            // A registration that had passed 实名认证 (paid or not) continues where it stands.
            if state.step != RegistrationStep::Identity {
                toasts.show(tr!("已为您继续办理进行中的注册"));
            }
            navigate(&resume_page(state.step).path(), Default::default());
            Ok::<_, crate::api::ApiError>(())
        }
    });
    let failure = move || submit.value().get().and_then(Result::err);

    let greeting = move || {
        RealName::parse(&name.get())
            .map(|n| n.as_str().to_owned())
            .unwrap_or_else(|_| tr!("用户").to_owned())
    };
    let price = org.product.price_label();
    let fee = org.product.fee.to_string();
    let product_name = crate::i18n::known_name(&org.product.name);

    view! {
        <NavBar title=tr!("注册") back=Some(Page::Login) />
        <div class="page register">
            <Stepper current=0 />
            <form
                class="card form-card"
                novalidate=true
                on:submit=move |ev| {
                    ev.prevent_default();
                    touched.iter().for_each(|t| t.set(true));
                    if form_valid.get_untracked() {
                        submit.dispatch(form.get_untracked());
                    }
                }
            >
                <div class="field">
                    <label class="field-label" for="field-role">{tr!("用户角色")}</label>
                    <select
                        id="field-role"
                        name="role"
                        class="field-input field-select"
                        prop:value=move || role.get()
                        on:change=move |ev| role.set(event_target_value(&ev))
                    >
                        <option value="" disabled=true selected=move || role.with(String::is_empty)>{tr!("请选择用户角色")}</option>
                        {move || {
                            roles.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|r| {
                                let selected = role.with_untracked(|current| *current == r.code);
                                view! { <option value=r.code.clone() selected=selected>{r.name}</option> }
                            }).collect_view()
                        }}
                    </select>
                    <p class="field-error"></p>
                </div>
                <TextField label=tr!("单位名称") placeholder=tr!("请输入单位名称") value=unit_name error=unit_error
                    on_blur=Callback::new(move |_| touched[0].set(true)) autocomplete="organization" name="unit_name" />
                <TextField label=tr!("姓名") placeholder=tr!("请输入姓名") value=name error=name_error
                    on_blur=Callback::new(move |_| touched[1].set(true)) autocomplete="name" name="name" />
                <p class="field-hint">{tr!("须为身份证上的真实姓名，否则实名校验会提示实名信息不一致。")}</p>
                <TextField label=tr!("手机号") placeholder=tr!("请输入手机号") value=phone error=phone_error
                    on_blur=Callback::new(move |_| touched[2].set(true)) input_type="tel" input_mode="numeric"
                    autocomplete="tel-national" max_length=13 name="phone" />
                <div class="code-row">
                    <TextField label=tr!("验证码") placeholder=tr!("请输入验证码") value=sms_code error=code_error
                        on_blur=Callback::new(move |_| touched[3].set(true)) input_mode="numeric"
                        autocomplete="one-time-code" max_length=6 name="sms_code" />
                    <CodeButton sender=use_code_sender(phone.into(), SmsPurpose::Register) />
                </div>

                <section class="fee-card" aria-label=tr!("证书费用")>
                    <h2 class="fee-title">{tr!("证书费用")}</h2>
                    <p class="fee-line"><span>{product_name}</span><strong class="fee-price">{price}</strong></p>
                    <p class="fee-notice">
                        {move || tr!("尊敬的%{name}，您注册云签署使用电子签名服务将收取数字证书费用，证书费用为%{fee}/一年。", name = greeting(), fee = fee)}
                    </p>
                </section>

                <label class="agreement">
                    <input
                        type="checkbox"
                        name="agreed"
                        prop:checked=move || agreed.get()
                        on:change=move |ev| {
                            let checked = event_target_checked(&ev);
                            storage::save("cloudsign.register.agreed", &checked);
                            agreed.set(checked);
                        }
                    />
                    <span>
                        {tr!("我已阅读并同意")}
                        <a href="/legal/service-agreement.html" class="link-inline" rel="external">{tr!("《服务协议》")}</a>
                        <a href="/legal/privacy-policy.html" class="link-inline" rel="external">{tr!("《隐私政策》")}</a>
                    </span>
                </label>

                {move || failure().map(|err| {
                    let already = err.code() == Some(ErrorCode::AlreadyRegistered);
                    view! {
                        <div class="notice notice-warn" role="alert">
                            <p>{err.message()}</p>
                            {already.then(|| {
                                let navigate = use_navigate();
                                view! {
                                    <button class="link link-strong" type="button" on:click=move |_| {
                                        storage::save(LOGIN_PHONE_KEY, &phone.get_untracked());
                                        navigate(&Page::Login.path(), Default::default());
                                    }>{tr!("去登录")}</button>
                                }
                            })}
                        </div>
                    }
                })}
                <Button label=tr!("确定") submit=true loading=submit.pending() disabled=Signal::derive(move || !form_valid.get()) />
                <p class="form-footer">
                    {tr!("已开始办理？")}
                    <leptos_router::components::A href=Page::ContinueRegistration.path() attr:class="link">{tr!("用手机号继续办理")}</leptos_router::components::A>
                </p>
            </form>
        </div>
    }
    .into_any()
}
