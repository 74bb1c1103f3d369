use cloudsign_contract::ErrorCode;
use cloudsign_contract::account::{InvoiceView, IssueInvoice, PaidOrder};
use cloudsign_contract::rules::{Email, TaxNumber, invoice_title_error};
use leptos::prelude::*;

use super::order_detail::{order_no_param, use_order};
use crate::api::SessionApi;
use crate::components::{Button, LoadFailed, Loading, NavBar, TextField, Toasts};
use crate::format::china_datetime;
use crate::platform::image::bytes_url;
use crate::platform::storage::{session_remove, use_session_text};

const TITLE_KEY: &str = "cloudsign.invoice.title";
const TAX_NUMBER_KEY: &str = "cloudsign.invoice.tax_number";
const EMAIL_KEY: &str = "cloudsign.invoice.email";
use crate::routes::Page;
use crate::state::visible_error;

/// 开票 (or, once issued, the invoice with its PDF).
#[component]
pub fn Invoice() -> impl IntoView {
    let api = expect_context::<SessionApi>();
    let order_no = order_no_param();
    let order = use_order(api.clone(), order_no.clone());
    let issued = RwSignal::new(None);
    let invoice_api = api.clone();
    let invoice_no = order_no.clone();
    let existing = LocalResource::new(move || {
        let (api, order_no) = (invoice_api.clone(), invoice_no.clone());
        async move { api.invoice(&order_no).await }
    });
    let retry = Callback::new(move |_| {
        order.refetch();
        existing.refetch();
    });
    let title_text = move || {
        if issued.with(Option::is_some) || matches!(existing.get(), Some(Ok(_))) {
            tr!("查看发票")
        } else {
            tr!("开票")
        }
    };
    view! {
        <NavBar title=Signal::derive(move || title_text().to_owned()) back=Some(Page::Orders) />
        <div class="page invoice">
            {move || {
                let current = issued.get().or_else(|| existing.get().and_then(Result::ok));
                if let Some(invoice) = current {
                    return view! { <InvoiceShown invoice=invoice api=api.clone() /> }.into_any();
                }
                match (existing.get(), order.get()) {
                    (None, _) | (_, None) => view! { <Loading /> }.into_any(),
                    // No invoice yet is `not_found`: the form. Anything else could not load.
                    (Some(Err(err)), _) if err.code() != Some(ErrorCode::NotFound) => view! {
                        <LoadFailed message=err.message() on_retry=retry />
                    }.into_any(),
                    (_, Some(Err(err))) => view! { <LoadFailed message=err.message() on_retry=retry /> }.into_any(),
                    (_, Some(Ok(order))) => view! {
                        <InvoiceForm order=order api=api.clone() issued=issued />
                    }.into_any(),
                }
            }}
        </div>
    }
    .into_any()
}

#[component]
fn InvoiceForm(
    order: PaidOrder,
    api: SessionApi,
    issued: RwSignal<Option<InvoiceView>>,
) -> impl IntoView {
    let toasts = expect_context::<Toasts>();
    // Kept for a reload while being typed; gone once the invoice is issued.
    let title = use_session_text(TITLE_KEY);
    let tax_number = use_session_text(TAX_NUMBER_KEY);
    let email = use_session_text(EMAIL_KEY);
    let touched = [
        RwSignal::new(false),
        RwSignal::new(false),
        RwSignal::new(false),
    ];
    let title_error = Signal::derive(move || {
        let check = title.with(|t| invoice_title_error(t).map_or(Ok(()), Err));
        visible_error(check, touched[0].get(), false)
    });
    let tax_error = Signal::derive(move || {
        let complete = tax_number.with(|t| t.trim().len() >= 18);
        visible_error(
            tax_number.with(|t| TaxNumber::parse(t).map(drop)),
            touched[1].get(),
            complete,
        )
        .map(|err| err.message().to_owned())
    });
    let email_error = Signal::derive(move || {
        visible_error(
            email.with(|e| Email::parse(e).map(drop)),
            touched[2].get(),
            false,
        )
        .map(|err| err.message().to_owned())
    });
    let valid = Signal::derive(move || {
        title.with(|t| invoice_title_error(t).is_none())
            && tax_number.with(|t| TaxNumber::parse(t).is_ok())
            && email.with(|e| Email::parse(e).is_ok())
    });
    let order_no = order.order_no.clone();
    let submit = Action::new_local(move |_: &()| {
        let (api, order_no) = (api.clone(), order_no.clone());
        let request = IssueInvoice {
            title: title.get_untracked(),
            tax_number: tax_number.get_untracked(),
            email: email.get_untracked(),
        };
        async move { api.issue_invoice(&order_no, &request).await }
    });
    Effect::new(move || match submit.value().get() {
        Some(Ok(invoice)) => {
            toasts.show(tr!("电子发票已开具"));
            for key in [TITLE_KEY, TAX_NUMBER_KEY, EMAIL_KEY] {
                session_remove(key);
            }
            issued.set(Some(invoice));
        }
        Some(Err(err)) => toasts.show(err.message()),
        None => {}
    });
    view! {
        <form class="invoice-form" novalidate=true on:submit=move |ev| {
            ev.prevent_default();
            for t in touched {
                t.set(true);
            }
            if valid.get_untracked() {
                submit.dispatch(());
            }
        }>
            <section class="card form-card" aria-label=tr!("发票信息")>
                <h2 class="section-title">{tr!("发票信息")}</h2>
                <TextField label=tr!("发票抬头*") placeholder=tr!("请输入发票抬头") value=title error=title_error
                    on_blur=Callback::new(move |_| touched[0].set(true)) autocomplete="organization" name="title" />
                <TextField label=tr!("企业税号*") placeholder=tr!("请输入纳税人识别号") value=tax_number error=tax_error
                    on_blur=Callback::new(move |_| touched[1].set(true)) max_length=20 name="tax_number" />
                <TextField label=tr!("邮箱地址*") placeholder=tr!("请输入发票接收邮箱") value=email error=email_error
                    on_blur=Callback::new(move |_| touched[2].set(true)) input_type="email" input_mode="email"
                    autocomplete="email" name="email" />
            </section>
            <section class="card form-card" aria-label=tr!("订单信息")>
                <h2 class="section-title">{tr!("订单信息")}</h2>
                <dl class="info-list">
                    <div><dt>{tr!("订单号")}</dt><dd class="order-no">{order.order_no.clone()}</dd></div>
                    <div><dt>{tr!("证书")}</dt><dd>{order.product_name.clone()}</dd></div>
                    <div><dt>{tr!("开票金额")}</dt><dd class="amount">{order.amount.to_string()}</dd></div>
                    <div><dt>{tr!("手机号")}</dt><dd>{order.phone.clone()}</dd></div>
                </dl>
            </section>
            <Button label=tr!("确定") submit=true loading=submit.pending() />
        </form>
    }
}

#[component]
fn InvoiceShown(invoice: InvoiceView, api: SessionApi) -> impl IntoView {
    let toasts = expect_context::<Toasts>();
    let order_no = invoice.order_no.clone();
    let pdf = Action::new_local(move |_: &()| {
        let (api, order_no) = (api.clone(), order_no.clone());
        async move {
            match api.invoice_pdf(&order_no).await {
                Ok(bytes) => bytes_url(&bytes, "application/pdf"),
                Err(err) => {
                    toasts.show(err.message());
                    None
                }
            }
        }
    });
    let file_name = tr!("电子发票-%{number}.pdf", number = invoice.invoice_no);
    view! {
        <section class="card form-card invoice-card" aria-label=tr!("电子发票")>
            <div class="notice notice-info" role="status">
                <p class="notice-title">{tr!("电子发票已开具")}</p>
                <p>{tr!("已发送至 %{email}", email = invoice.email)}</p>
            </div>
            <dl class="info-list">
                <div><dt>{tr!("发票号码")}</dt><dd class="order-no">{invoice.invoice_no.clone()}</dd></div>
                <div><dt>{tr!("发票抬头")}</dt><dd>{invoice.title.clone()}</dd></div>
                <div><dt>{tr!("企业税号")}</dt><dd>{invoice.tax_number.clone()}</dd></div>
                <div><dt>{tr!("项目")}</dt><dd>{invoice.product_name.clone()}</dd></div>
                <div><dt>{tr!("开票金额")}</dt><dd class="amount">{invoice.amount.to_string()}</dd></div>
                <div><dt>{tr!("开票时间")}</dt><dd>{china_datetime(invoice.issued_at)}</dd></div>
                <div><dt>{tr!("订单号")}</dt><dd class="order-no">{invoice.order_no.clone()}</dd></div>
            </dl>
            {move || match pdf.value().get().flatten() {
                Some(url) => view! {
                    <a class="btn btn-primary" href=url download=file_name.clone() target="_blank" rel="external">{tr!("打开发票PDF")}</a>
                }.into_any(),
                None => view! {
                    <Button label=tr!("下载发票PDF") loading=pdf.pending() on_click=Callback::new(move |_| { pdf.dispatch(()); }) />
                }.into_any(),
            }}
        </section>
    }
}
