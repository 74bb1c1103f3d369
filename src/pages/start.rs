use cloudsign_contract::registration::RegistrationStep;
use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::api::PublicApi;
use crate::routes::Page;
use crate::state::{CurrentSession, OrgChoice, RegistrationToken};

/// Where a registration in progress continues.
pub fn resume_page(step: RegistrationStep) -> Page {
    match step {
        RegistrationStep::Identity => Page::ConfirmIdentity,
        RegistrationStep::RealName => Page::RealName,
        // 确认信息 takes the code that creates the order, or offers the open one.
        RegistrationStep::Payment => Page::ConfirmIdentity,
        RegistrationStep::Password => Page::SetPassword,
        RegistrationStep::Done => Page::Login,
    }
}

/// `/`: a registration in progress resumes where it stands; otherwise on to the login page of
/// the chosen organization, or to 选择机构 first.
#[component]
pub fn Start() -> impl IntoView {
    if expect_context::<CurrentSession>().get_untracked().is_some() {
        return view! { <Redirect path=Page::Home.path() /> }.into_any();
    }
    let chosen = expect_context::<OrgChoice>().get_untracked().is_some();
    let fallback = if chosen { Page::Login } else { Page::SelectOrg };
    let Some(token) = RegistrationToken::load().filter(|_| chosen) else {
        return view! { <Redirect path=fallback.path() /> }.into_any();
    };
    // Asking the server where it stands is the registration's code, in a chunk of its own: a
    // first screen without a registration in progress does not carry it. Without the chunk
    // (offline) the server could not be asked either: on to the login page, token kept.
    let chunk = LocalResource::new(crate::chunks::extras::preload_saved_registration);
    (move || {
        chunk.get().map(|loaded| {
            loaded
                .ok()
                .and_then(|()| {
                    crate::chunks::ready(crate::chunks::extras::saved_registration(
                        token.clone(),
                        fallback,
                    ))
                })
                .and_then(Result::ok)
                .unwrap_or_else(|| view! { <Redirect path=fallback.path() /> }.into_any())
        })
    })
    .into_any()
}

/// Asks the server where the registration `token` stands and goes there, or to `fallback` when
/// it is done or unknown. Reached only through `chunks::extras::saved_registration`.
#[component]
pub fn SavedRegistration(token: String, fallback: Page) -> impl IntoView {
    let api = expect_context::<PublicApi>();
    let registration = LocalResource::new(move || {
        let token = token.clone();
        async move { api.registration(&token).await }
    });
    move || {
        registration.get().map(|result| {
            let page = match result {
                Ok(state) if state.step != RegistrationStep::Done => resume_page(state.step),
                Ok(_) => {
                    RegistrationToken::forget();
                    fallback
                }
                Err(err) => {
                    if err.code().is_some() {
                        // The server does not know it (any more): start over when asked to.
                        RegistrationToken::forget();
                    }
                    fallback
                }
            };
            view! { <Redirect path=page.path() /> }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_registration_resumes_at_its_step() {
        assert_eq!(
            resume_page(RegistrationStep::Identity),
            Page::ConfirmIdentity
        );
        assert_eq!(resume_page(RegistrationStep::RealName), Page::RealName);
        assert_eq!(
            resume_page(RegistrationStep::Payment),
            Page::ConfirmIdentity
        );
        assert_eq!(resume_page(RegistrationStep::Password), Page::SetPassword);
        assert_eq!(resume_page(RegistrationStep::Done), Page::Login);
    }
}
