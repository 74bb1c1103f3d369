use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::routes::Page;
use crate::state::OrgChoice;

/// `/`: on to the login page of the chosen organization, or to 选择机构 first.
#[component]
pub fn Start() -> impl IntoView {
    let chosen = expect_context::<OrgChoice>().get_untracked().is_some();
    let next = if chosen { Page::Login } else { Page::SelectOrg };
    view! { <Redirect path=next.path() /> }
}
