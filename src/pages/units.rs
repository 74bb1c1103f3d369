use cloudsign_contract::account::{AddUnit, UnitList};
use cloudsign_contract::rules::UnitName;
use leptos::prelude::*;

use crate::api::{ApiError, PublicApi, SessionApi};
use crate::components::icons::CheckIcon;
use crate::components::{Button, Loading, NavBar, TextField, Toasts};
use crate::platform::storage::use_session_text;
use crate::routes::Page;
use crate::state::visible_error;

/// 切换单位: the person's units with the current one marked; tapping another makes it current
/// (shown on 首页 and used when signing); 添加单位 with its name and role.
#[component]
pub fn Units() -> impl IntoView {
    let public = expect_context::<PublicApi>();
    let api = expect_context::<SessionApi>();
    let toasts = expect_context::<Toasts>();
    // The latest list: loaded, or as an add or a switch answered.
    let list = RwSignal::new(None::<Result<UnitList, ApiError>>);
    let load_api = api.clone();
    leptos::task::spawn_local(async move {
        list.try_set(Some(load_api.units().await));
    });
    let switch_api = api.clone();
    let switch = Action::new_local(move |unit_id: &i64| {
        let (api, unit_id) = (switch_api.clone(), *unit_id);
        async move { api.switch_unit(unit_id).await }
    });
    Effect::new(move || match switch.value().get() {
        Some(Ok(units)) => {
            if let Some(current) = units.units.iter().find(|u| u.current) {
                toasts.show(tr!("已切换到%{unit}", unit = current.name));
            }
            list.set(Some(Ok(units)));
        }
        Some(Err(err)) => toasts.show(err.message()),
        None => {}
    });

    let roles = LocalResource::new(move || async move { public.roles().await });
    // 添加单位's fields survive a reload until the unit is added.
    let name = use_session_text("cloudsign.units.name");
    let role = use_session_text("cloudsign.units.role");
    let touched = RwSignal::new(false);
    let name_error = Signal::derive(move || {
        visible_error(
            name.with(|n| UnitName::parse(n).map(drop)),
            touched.get(),
            false,
        )
        .map(|err| err.message().to_owned())
    });
    let add = Action::new_local(move |_: &()| {
        let api = api.clone();
        let request = AddUnit {
            name: name.get_untracked(),
            role: role.get_untracked(),
        };
        async move { api.add_unit(&request).await }
    });
    Effect::new(move || match add.value().get() {
        Some(Ok(units)) => {
            toasts.show(tr!("单位已添加"));
            name.set(String::new());
            touched.set(false);
            list.set(Some(Ok(units)));
        }
        Some(Err(err)) => toasts.show(err.message()),
        None => {}
    });
    let can_add = Signal::derive(move || {
        name.with(|n| UnitName::parse(n).is_ok()) && role.with(|r| !r.is_empty())
    });

    view! {
        <NavBar title=tr!("切换单位") back=Some(Page::Mine) />
        <div class="page units">
            {move || match list.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(err)) => view! { <div class="notice notice-warn" role="alert"><p>{err.message()}</p></div> }.into_any(),
                Some(Ok(units)) => view! {
                    <ul class="card menu unit-list" aria-label=tr!("我的单位")>
                        {units.units.into_iter().map(|unit| {
                            let id = unit.id;
                            view! {
                                <li>
                                    <button type="button" class="menu-item unit-item" aria-current=unit.current.then_some("true")
                                        disabled=move || switch.pending().get()
                                        on:click=move |_| if !unit.current { switch.dispatch(id); }>
                                        <span class="unit-text">
                                            <span>{unit.name}</span>
                                            <span class="record-seal">{unit.role_name}</span>
                                        </span>
                                        {unit.current.then(|| view! { <span class="unit-current"><CheckIcon />{tr!("当前")}</span> })}
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
            <form class="card form-card" novalidate=true on:submit=move |ev| {
                ev.prevent_default();
                touched.set(true);
                if can_add.get_untracked() {
                    add.dispatch(());
                }
            }>
                <h2 class="section-title">{tr!("添加单位")}</h2>
                <TextField label=tr!("单位名称") placeholder=tr!("请输入单位名称") value=name error=name_error
                    on_blur=Callback::new(move |_| touched.set(true)) autocomplete="organization" name="unit_name" />
                <div class="field">
                    <label class="field-label" for="field-unit-role">{tr!("用户角色")}</label>
                    <select id="field-unit-role" name="unit_role" class="field-input field-select"
                        on:change=move |ev| role.set(event_target_value(&ev))>
                        <option value="" selected=true disabled=true>{tr!("请选择用户角色")}</option>
                        {move || roles.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|r| view! {
                            <option value=r.code.clone()>{r.name}</option>
                        }).collect_view()}
                    </select>
                </div>
                <Button label=tr!("添加") submit=true secondary=true loading=add.pending() disabled=Signal::derive(move || !can_add.get()) />
            </form>
        </div>
    }
    .into_any()
}
