use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::api::SessionApi;
use crate::components::{Button, LoadFailed, Loading, NavBar, Toasts};
use crate::format::china_datetime;
use crate::routes::Page;
use crate::state::RegistrationToken;

/// 我的证书: holder, serial, issuer, algorithm, validity, status, days left.
#[component]
pub fn Certificate() -> impl IntoView {
    let api = expect_context::<SessionApi>();
    let load_api = api.clone();
    let certificate = LocalResource::new(move || {
        let api = load_api.clone();
        async move { api.certificate().await }
    });
    let toasts = expect_context::<Toasts>();
    let navigate = use_navigate();
    // 续期 is paid like the registration's order: through the registration it belongs to.
    let renew = Action::new_local(move |_: &()| {
        let api = api.clone();
        async move { api.renew_certificate().await }
    });
    Effect::new(move || match renew.value().get() {
        Some(Ok(renewal)) => {
            RegistrationToken::save(&renewal.registration_id);
            navigate(&Page::Pay.path(), Default::default());
        }
        Some(Err(err)) => toasts.show(err.message()),
        None => {}
    });
    view! {
        <NavBar title=tr!("我的证书") back=Some(Page::Mine) />
        <div class="page certificate">
            {move || match certificate.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(err)) => view! {
                    <LoadFailed message=err.message() on_retry=Callback::new(move |_| certificate.refetch()) />
                }.into_any(),
                Some(Ok(c)) => view! {
                    <section class="card form-card" aria-label=tr!("证书信息")>
                        <h2 class="form-title">{tr!("个人移动证书")}</h2>
                        <dl class="info-list">
                            <div><dt>{tr!("持有人")}</dt><dd>{format!("{} · {}", c.holder, c.unit_name)}</dd></div>
                            <div><dt>{tr!("序列号")}</dt><dd class="order-no">{c.serial.clone()}</dd></div>
                            <div><dt>{tr!("颁发者")}</dt><dd>{c.issuer.clone()}</dd></div>
                            <div><dt>{tr!("算法")}</dt><dd>{c.algorithm.clone()}</dd></div>
                            <div><dt>{tr!("生效时间")}</dt><dd>{china_datetime(c.not_before)}</dd></div>
                            <div><dt>{tr!("到期时间")}</dt><dd>{china_datetime(c.not_after)}</dd></div>
                            <div><dt>{tr!("状态")}</dt><dd>{if c.status == "valid" { tr!("有效") } else { tr!("已过期") }}</dd></div>
                            <div><dt>{tr!("剩余天数")}</dt><dd>{tr!("%{days}天", days = c.days_left)}</dd></div>
                        </dl>
                        {c.renewal_due.then(|| view! {
                            <div class="notice notice-warn" role="status">
                                <p class="notice-title">{tr!("证书即将到期")}</p>
                                <p>{tr!("证书将于%{days}天后到期，到期后无法签署，请及时续期。", days = c.days_left)}</p>
                            </div>
                            <Button label=tr!("续期") loading=renew.pending() on_click=Callback::new(move |_| { renew.dispatch(()); }) />
                        })}
                    </section>
                }.into_any(),
            }}
        </div>
    }
    .into_any()
}
