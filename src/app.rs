use std::time::Duration;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{ParamSegment, StaticSegment};
use leptos_use_interval_fn::use_interval_fn;

use crate::api::PublicApi;
use crate::components::{DesktopHandoffWhenDesktop, LazyScreen, OfflineNotice, ToastHost, Toasts};
use crate::pages::{Login, NotFound, SelectOrg, Start};
use crate::platform::connectivity::use_connectivity;
use crate::platform::pwa;
use crate::routes::Page;
use crate::session::RequireSession;
use crate::state::{CurrentSession, OrgChoice};

/// While offline, how often to ask whether the server is back.
const RECONNECT_EVERY: Duration = Duration::from_secs(5);

/// The later screens' code is fetched this long after the start, so that on a slow link it
/// does not compete with the first screen's own data, and then at the browser's first quiet
/// moment (at most `PREFETCH_WITHIN_MS` later).
const PREFETCH_AFTER_MS: i32 = 2000;
const PREFETCH_WITHIN_MS: u32 = 3000;

/// A screen from its chunk (`crate::chunks`).
fn later(page: Page) -> impl Fn() -> AnyView + Clone + Send + 'static {
    move || view! { <LazyScreen page /> }.into_any()
}

/// A screen from its chunk, for a person logged in (`RequireSession`).
fn with_login(page: Page) -> impl Fn() -> AnyView + Clone + Send + 'static {
    move || view! { <RequireSession><LazyScreen page /></RequireSession> }.into_any()
}

/// The whole app: context for every page, the router, and what floats above the pages.
#[component]
pub fn App() -> impl IntoView {
    let connectivity = use_connectivity();
    let api = PublicApi::new(connectivity);
    provide_context(connectivity);
    provide_context(api);
    provide_context(OrgChoice::restore());
    provide_context(CurrentSession::restore());
    provide_context(Toasts::new());

    crate::platform::appearance::apply(crate::platform::appearance::saved());
    pwa::register_service_worker();
    crate::wechat::offer_share_card();
    // Learn at once whether the server answers (a cached shell may have started us offline),
    // and keep asking while it does not.
    let ping = Action::new_local(move |_: &()| async move { api.health().await });
    ping.dispatch(());
    let _ = use_interval_fn(
        move || {
            if connectivity.offline() && !ping.pending().get_untracked() {
                ping.dispatch(());
            }
        },
        RECONNECT_EVERY.as_millis() as u64,
    );

    // The later screens' code, while the person reads this one (crate::chunks).
    leptos::task::spawn_local(async {
        crate::platform::time::sleep(PREFETCH_AFTER_MS).await;
        crate::platform::time::until_idle(PREFETCH_WITHIN_MS).await;
        crate::chunks::prefetch_all().await;
    });

    view! {
        <Router>
            <div class="app-frame">
                <div class="app">
                    <OfflineNotice />
                    <main class="screen">
                        <Routes fallback=NotFound>
                            <Route path=StaticSegment(Page::Start.segment()) view=Start />
                            <Route path=StaticSegment(Page::SelectOrg.segment()) view=SelectOrg />
                            <Route path=StaticSegment(Page::Login.segment()) view=Login />
                            <Route path=StaticSegment(Page::Register.segment()) view=later(Page::Register) />
                            <Route path=StaticSegment(Page::ConfirmIdentity.segment()) view=later(Page::ConfirmIdentity) />
                            <Route path=StaticSegment(Page::RealName.segment()) view=later(Page::RealName) />
                            <Route path=StaticSegment(Page::Pay.segment()) view=later(Page::Pay) />
                            <Route path=StaticSegment(Page::PayResult.segment()) view=later(Page::PayResult) />
                            <Route path=StaticSegment(Page::SetPassword.segment()) view=later(Page::SetPassword) />
                            <Route path=StaticSegment(Page::Home.segment()) view=with_login(Page::Home) />
                            <Route path=StaticSegment(Page::Scan.segment()) view=with_login(Page::Scan) />
                            <Route path=(StaticSegment(Page::Sign.segment()), ParamSegment("token")) view=with_login(Page::Sign) />
                            <Route path=StaticSegment(Page::Records.segment()) view=with_login(Page::Records) />
                            <Route path=StaticSegment(Page::MySignature.segment()) view=with_login(Page::MySignature) />
                            <Route path=StaticSegment(Page::SignaturePad.segment()) view=with_login(Page::SignaturePad) />
                            <Route path=StaticSegment(Page::Mine.segment()) view=with_login(Page::Mine) />
                            <Route path=StaticSegment(Page::Certificate.segment()) view=with_login(Page::Certificate) />
                            <Route path=StaticSegment(Page::ChangePassword.segment()) view=with_login(Page::ChangePassword) />
                            <Route path=StaticSegment(Page::Orders.segment()) view=with_login(Page::Orders) />
                            <Route path=StaticSegment(Page::Units.segment()) view=with_login(Page::Units) />
                            <Route path=StaticSegment(Page::ResetPassword.segment()) view=later(Page::ResetPassword) />
                            <Route path=(StaticSegment(Page::OrderDetail.segment()), ParamSegment("order_no")) view=with_login(Page::OrderDetail) />
                            <Route path=(StaticSegment(Page::Invoice.segment()), ParamSegment("order_no")) view=with_login(Page::Invoice) />
                            <Route path=(StaticSegment(Page::Resume.segment()), ParamSegment("token")) view=later(Page::Resume) />
                            <Route path=StaticSegment(Page::ContinueRegistration.segment()) view=later(Page::ContinueRegistration) />
                            <Route path=StaticSegment(Page::Settings.segment()) view=later(Page::Settings) />
                        </Routes>
                    </main>
                    <ToastHost />
                </div>
                <DesktopHandoffWhenDesktop />
            </div>
        </Router>
    }
}
