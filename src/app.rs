use std::time::Duration;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{ParamSegment, StaticSegment};
use leptos_use_interval_fn::use_interval_fn;

use crate::api::PublicApi;
use crate::components::{DesktopHandoff, OfflineNotice, ToastHost, Toasts};
use crate::pages::{
    Certificate, ChangePassword, ConfirmIdentity, ContinueRegistration, Home, Invoice, Login, Mine,
    MySignature, NotFound, OrderDetail, Orders, Pay, PayResult, RealName, Records, Register,
    ResetPassword, Resume, Scan, SelectOrg, SetPassword, Settings, Sign, SignaturePad, Start,
    Units,
};
use crate::platform::connectivity::use_connectivity;
use crate::platform::pwa;
use crate::routes::Page;
use crate::session::RequireSession;
use crate::state::{CurrentSession, OrgChoice};

/// While offline, how often to ask whether the server is back.
const RECONNECT_EVERY: Duration = Duration::from_secs(5);

/// The whole app: context for every page, the router, and what floats above the pages.
#[component]
pub fn App() -> impl IntoView {
    // Before anything renders a text.
    crate::platform::language::apply_saved();
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
                            <Route path=StaticSegment(Page::Register.segment()) view=Register />
                            <Route path=StaticSegment(Page::ConfirmIdentity.segment()) view=ConfirmIdentity />
                            <Route path=StaticSegment(Page::RealName.segment()) view=RealName />
                            <Route path=StaticSegment(Page::Pay.segment()) view=Pay />
                            <Route path=StaticSegment(Page::PayResult.segment()) view=PayResult />
                            <Route path=StaticSegment(Page::SetPassword.segment()) view=SetPassword />
                            <Route path=StaticSegment(Page::Home.segment()) view=|| view! { <RequireSession><Home /></RequireSession> } />
                            <Route path=StaticSegment(Page::Scan.segment()) view=|| view! { <RequireSession><Scan /></RequireSession> } />
                            <Route path=(StaticSegment(Page::Sign.segment()), ParamSegment("token")) view=|| view! { <RequireSession><Sign /></RequireSession> } />
                            <Route path=StaticSegment(Page::Records.segment()) view=|| view! { <RequireSession><Records /></RequireSession> } />
                            <Route path=StaticSegment(Page::MySignature.segment()) view=|| view! { <RequireSession><MySignature /></RequireSession> } />
                            <Route path=StaticSegment(Page::SignaturePad.segment()) view=|| view! { <RequireSession><SignaturePad /></RequireSession> } />
                            <Route path=StaticSegment(Page::Mine.segment()) view=|| view! { <RequireSession><Mine /></RequireSession> } />
                            <Route path=StaticSegment(Page::Certificate.segment()) view=|| view! { <RequireSession><Certificate /></RequireSession> } />
                            <Route path=StaticSegment(Page::ChangePassword.segment()) view=|| view! { <RequireSession><ChangePassword /></RequireSession> } />
                            <Route path=StaticSegment(Page::Orders.segment()) view=|| view! { <RequireSession><Orders /></RequireSession> } />
                            <Route path=StaticSegment(Page::Units.segment()) view=|| view! { <RequireSession><Units /></RequireSession> } />
                            <Route path=StaticSegment(Page::ResetPassword.segment()) view=ResetPassword />
                            <Route path=(StaticSegment(Page::OrderDetail.segment()), ParamSegment("order_no")) view=|| view! { <RequireSession><OrderDetail /></RequireSession> } />
                            <Route path=(StaticSegment(Page::Invoice.segment()), ParamSegment("order_no")) view=|| view! { <RequireSession><Invoice /></RequireSession> } />
                            <Route path=(StaticSegment(Page::Resume.segment()), ParamSegment("token")) view=Resume />
                            <Route path=StaticSegment(Page::ContinueRegistration.segment()) view=ContinueRegistration />
                            <Route path=StaticSegment(Page::Settings.segment()) view=Settings />
                        </Routes>
                    </main>
                    <ToastHost />
                </div>
                <DesktopHandoff />
            </div>
        </Router>
    }
}
