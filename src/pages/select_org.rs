use cloudsign_contract::Org;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;
use leptos_use_signal_debounce_throttle::signal_debounced;

use crate::api::PublicApi;
use crate::components::icons::{CheckIcon, ChevronIcon, SearchIcon};
use crate::components::{Button, InstallHint, NavBar};
use crate::routes::Page;
use crate::state::OrgChoice;

/// 选择机构: search the trading centres and pick one; the choice is remembered.
#[component]
pub fn SelectOrg() -> impl IntoView {
    let api = expect_context::<PublicApi>();
    let choice = expect_context::<OrgChoice>();
    let navigate = use_navigate();

    let query = RwSignal::new(String::new());
    // One request per pause in typing, not per keystroke.
    let settled_query = signal_debounced(query, 250.0);
    let orgs = LocalResource::new(move || {
        let query: String = settled_query.get();
        async move { api.search_orgs(query.trim()).await }
    });
    let current_id = move || choice.get().map(|org| org.id);
    let pick = move |org: Org| {
        choice.choose(org);
        navigate(
            &Page::Login.path(),
            NavigateOptions {
                replace: true,
                ..Default::default()
            },
        );
    };

    view! {
        <NavBar title=tr!("选择机构") back=choice.get_untracked().map(|_| Page::Login) />
        <div class="page select-org">
            <p class="page-lead">{tr!("请选择您办理业务的交易中心")}</p>
            <label class="search-box">
                <SearchIcon />
                <input
                    type="search"
                    class="search-input"
                    placeholder=tr!("搜索机构名称或地区，如：惠州")
                    enterkeyhint="search"
                    aria-label=tr!("搜索机构")
                    prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev))
                />
            </label>
            {move || match orgs.get() {
                None => view! { <OrgListSkeleton /> }.into_any(),
                Some(Err(err)) => view! {
                    <div class="empty-state">
                        <p class="empty-title">{tr!("机构列表加载失败")}</p>
                        <p class="empty-text">{err.message()}</p>
                        <Button label=tr!("重试") secondary=true on_click=Callback::new(move |_| orgs.refetch()) />
                    </div>
                }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! {
                    <div class="empty-state">
                        <p class="empty-title">{tr!("没有找到相关机构")}</p>
                        <p class="empty-text">{tr!("请换个关键词，例如城市名。")}</p>
                    </div>
                }.into_any(),
                Some(Ok(list)) => {
                    let pick = pick.clone();
                    view! {
                        <ul class="org-list" aria-label=tr!("机构列表")>
                            {list.into_iter().map(|org| {
                                let pick = pick.clone();
                                let is_current = current_id() == Some(org.id.clone());
                                let (name, region) = (org.name.clone(), org.region.clone());
                                view! {
                                    <li>
                                        <button class="org-item" class:is-current=is_current type="button" on:click=move |_| pick(org.clone())>
                                            <span class="org-text">
                                                <span class="org-name">{name}</span>
                                                <span class="org-region">{region}</span>
                                            </span>
                                            {if is_current { view! { <CheckIcon /> }.into_any() } else { view! { <ChevronIcon /> }.into_any() }}
                                        </button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
            <InstallHint />
        </div>
    }
}

#[component]
fn OrgListSkeleton() -> impl IntoView {
    view! {
        <ul class="org-list is-loading" aria-label=tr!("正在加载机构列表") aria-busy="true">
            {(0..4).map(|_| view! { <li class="org-skeleton"></li> }).collect_view()}
        </ul>
    }
}
