//! The smallest app of the kind: 选择机构 fetching a list, and 登录 with one input. What any
//! Leptos first screen downloads before its own pages (scripts/size-report --floor).
use leptos::prelude::*;
use leptos_router::StaticSegment;
use leptos_router::components::{Route, Router, Routes};

#[derive(serde::Deserialize, Clone, Debug)]
struct Org {
    id: String,
    name: String,
}

#[component]
fn Orgs() -> impl IntoView {
    let orgs = LocalResource::new(|| async {
        let r = gloo_net::http::Request::get("/api/orgs")
            .send()
            .await
            .ok()?;
        r.json::<Vec<Org>>().await.ok()
    });
    let query = RwSignal::new(String::new());
    view! {
        <h1>"选择机构"</h1>
        <input type="search" bind:value=query />
        <ul>{move || orgs.get().flatten().unwrap_or_default().into_iter().filter(|o| o.name.contains(&query.get())).map(|o| view! { <li><a href=format!("/login?org={}", o.id)>{o.name}</a></li> }).collect_view()}</ul>
    }
}

#[component]
fn Login() -> impl IntoView {
    let phone = RwSignal::new(String::new());
    view! { <h1>"登录"</h1><input bind:value=phone /><button on:click=move |_| leptos::logging::log!("{}", phone.get())>"登录"</button> }
}

fn main() {
    leptos::mount::mount_to_body(|| {
        view! {
            <Router><Routes fallback=|| "not found">
                <Route path=StaticSegment("orgs") view=Orgs />
                <Route path=StaticSegment("login") view=Login />
            </Routes></Router>
        }
    });
}
