//! The login as the pages see it: the guard of the pages that need one, and 退出登录.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::Redirect;
use leptos_router::hooks::{use_location, use_navigate};

use crate::api::{PublicApi, SessionApi};
use crate::components::Toasts;
use crate::platform::storage;
use crate::routes::Page;
use crate::state::{AFTER_LOGIN_KEY, CurrentSession};

/// Wraps the pages that need a login. With a session it provides the page's `SessionApi`;
/// without one it remembers where the person was and goes to 登录, which comes back here
/// (a signing link opened while logged out, or a session the server ended). Any call that
/// finds the session gone (401) ends it here, once, for every page.
#[component]
pub fn RequireSession(children: ChildrenFn) -> impl IntoView {
    let session = expect_context::<CurrentSession>();
    let public = expect_context::<PublicApi>();
    let toasts = expect_context::<Toasts>();
    let location = use_location();
    move || match session.get() {
        Some(current) => {
            let on_expired = Callback::new(move |_| {
                if session.get_untracked().is_some() {
                    toasts.show(tr!("登录已失效，请重新登录"));
                    session.expire();
                }
            });
            provide_context(public.session_client(&current, on_expired));
            children().into_any()
        }
        None => {
            if !session.left_on_purpose() {
                let (path, search) = (
                    location.pathname.get_untracked(),
                    location.search.get_untracked(),
                );
                let here = if search.is_empty() {
                    path
                } else {
                    format!("{path}?{search}")
                };
                storage::save(AFTER_LOGIN_KEY, &here);
            }
            view! { <Redirect path=Page::Login.path() /> }.into_any()
        }
    }
}

/// 退出登录: the server ends the session (whatever it answers, this device forgets it) and the
/// person lands on 登录.
pub fn use_log_out() -> Action<(), ()> {
    let api = expect_context::<SessionApi>();
    let session = expect_context::<CurrentSession>();
    let navigate = use_navigate();
    Action::new_local(move |_: &()| {
        let (api, navigate) = (api.clone(), navigate.clone());
        async move {
            let _ = api.log_out().await;
            session.sign_out();
            navigate(
                &Page::Login.path(),
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    })
}

/// The person logged in, as the server says (which also notices a session it ended), or as
/// the session remembered while the server answers (or while offline).
pub fn use_person() -> Signal<Option<cloudsign_contract::auth::Me>> {
    let api = expect_context::<SessionApi>();
    let cached = expect_context::<CurrentSession>()
        .get_untracked()
        .map(|session| session.me);
    let me = LocalResource::new(move || {
        let api = api.clone();
        async move { api.me().await }
    });
    Signal::derive(move || me.get().and_then(Result::ok).or_else(|| cached.clone()))
}
