//! The screens after the first arrive as wasm chunks of their own.
//!
//! The first screen (the shell, 选择机构, 登录) is the main module; every other screen is in one
//! of four chunks, each a step of the person's way through the app. With the `split` feature
//! (trunk's build) each chunk's `render` is a wasm-split point: scripts/split-wasm.sh cuts the
//! code only it reaches into its own file, which `load` fetches and links. Without the feature
//! (tests, `cargo check`) `load` is immediate and `render` a plain call. `extras` holds the
//! smaller split points: parts of the shell and of the first screen that can come later.

use std::cell::Cell;

use leptos::prelude::*;

use crate::pages::{
    Certificate, ChangePassword, ConfirmIdentity, ContinueRegistration, Home, Invoice, Mine,
    MySignature, NotFound, OrderDetail, Orders, Pay, PayResult, RealName, Records, Register,
    ResetPassword, Resume, Scan, SetPassword, Settings, Sign, SignaturePad, Units,
};
use crate::routes::Page;

/// A part of the app that is downloaded when first needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chunk {
    /// 注册 through 设置签署密码, and the links that resume it.
    Registration,
    /// 首页, 扫一扫, 签章确认, 签署记录.
    Signing,
    /// 我的签名 and the handwriting pad.
    Signature,
    /// 我的 and what it leads to, 重置签署密码, 设置.
    Account,
}

/// A chunk could not be fetched or started: offline, a flaky network, or a newer build
/// replaced this one on the server meanwhile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChunkUnavailable;

#[cfg(feature = "split")]
impl From<wasm_split_helpers::SplitLoaderError> for ChunkUnavailable {
    fn from(_: wasm_split_helpers::SplitLoaderError) -> Self {
        ChunkUnavailable
    }
}

thread_local! {
    /// The chunks linked so far, as bits of `Chunk::bit`.
    static LOADED: Cell<u8> = const { Cell::new(0) };
}

impl Chunk {
    /// In the order the idle prefetch fetches them: the likeliest next step first.
    pub const ALL: [Chunk; 4] = [
        Chunk::Registration,
        Chunk::Signing,
        Chunk::Account,
        Chunk::Signature,
    ];

    /// The chunk a page's code is in; `None` for the first screen's pages.
    pub const fn of(page: Page) -> Option<Chunk> {
        match page {
            Page::Start | Page::SelectOrg | Page::Login => None,
            Page::Register
            | Page::ConfirmIdentity
            | Page::RealName
            | Page::Pay
            | Page::PayResult
            | Page::SetPassword
            | Page::Resume
            | Page::ContinueRegistration => Some(Chunk::Registration),
            Page::Home | Page::Scan | Page::Sign | Page::Records => Some(Chunk::Signing),
            Page::MySignature | Page::SignaturePad => Some(Chunk::Signature),
            Page::Mine
            | Page::Certificate
            | Page::ChangePassword
            | Page::Orders
            | Page::OrderDetail
            | Page::Invoice
            | Page::Units
            | Page::ResetPassword
            | Page::Settings => Some(Chunk::Account),
        }
    }

    const fn bit(self) -> u8 {
        1 << self as u8
    }

    /// Whether `render` can run now.
    pub fn is_loaded(self) -> bool {
        !cfg!(feature = "split") || LOADED.with(|loaded| loaded.get() & self.bit() != 0)
    }

    /// Fetches and links the chunk; at once when it already is. A failure is not remembered:
    /// calling again tries again.
    pub async fn load(self) -> Result<(), ChunkUnavailable> {
        match self {
            Chunk::Registration => registration::preload().await?,
            Chunk::Signing => signing::preload().await?,
            Chunk::Signature => signature::preload().await?,
            Chunk::Account => account::preload().await?,
        }
        LOADED.with(|loaded| loaded.set(loaded.get() | self.bit()));
        Ok(())
    }

    /// The page's view, from the chunk's code. Call it once `load` has succeeded.
    pub fn render(self, page: Page) -> AnyView {
        let rendered = match self {
            Chunk::Registration => ready(registration::render(page)),
            Chunk::Signing => ready(signing::render(page)),
            Chunk::Signature => ready(signature::render(page)),
            Chunk::Account => ready(account::render(page)),
        };
        match rendered {
            Some(Ok(view)) => view,
            // A page routed to the wrong chunk, or `render` before `load`: a bug, shown as such.
            Some(Err(ChunkUnavailable)) | None => view! { <NotFound /> }.into_any(),
        }
    }
}

/// Fetches the chunks one after the other while the person reads the first screen, so that the
/// next step does not wait. A chunk that fails is left for its screen to retry.
pub async fn prefetch_all() {
    // 登录's 签署密码 sheet first: the first screen's own next step.
    let _ = extras::load_password_sheet().await;
    for chunk in Chunk::ALL {
        let _ = chunk.load().await;
    }
}

/// A split point's wrapper is async: it awaits the chunk's load, which after `load` is ready at
/// the first poll. Polling once keeps the render synchronous, under the caller's reactive owner.
/// Only after the `preload` of this same split point: each keeps its own loader, and another
/// one's would answer a poll later.
#[cfg(feature = "split")]
pub(crate) fn ready<T>(call: impl Future<Output = T>) -> Option<T> {
    use std::task::{Context, Poll, Waker};
    let mut context = Context::from_waker(Waker::noop());
    match std::pin::pin!(call).poll(&mut context) {
        Poll::Ready(value) => Some(value),
        Poll::Pending => None,
    }
}

#[cfg(not(feature = "split"))]
pub(crate) fn ready<T>(value: T) -> Option<T> {
    Some(value)
}

/// A split point's result, loading its chunk first where needed: for callers that can wait
/// and need no reactive owner.
#[cfg(feature = "split")]
pub(crate) async fn settle<T>(call: impl Future<Output = T>) -> T {
    call.await
}

#[cfg(not(feature = "split"))]
pub(crate) async fn settle<T>(value: T) -> T {
    value
}

/// Parts of the shell and of the first screen's pages that only some people see, or not at
/// once, each in a chunk of its own so that the first screen does not carry them: `preload_*`,
/// then the split point through `ready`.
pub mod extras {
    use super::*;
    use crate::api::PublicApi;

    /// 在手机上继续, on a desktop (`components::DesktopHandoffWhenDesktop`).
    #[cfg_attr(
        feature = "split",
        wasm_split_helpers::wasm_split(desktop, fallible, preload(preload_desktop))
    )]
    pub fn desktop_handoff() -> Result<AnyView, ChunkUnavailable> {
        Ok(view! { <crate::components::DesktopHandoff /> }.into_any())
    }

    /// WeChat's share card, with the JS-SDK it needs (`wechat::offer_share_card`).
    #[cfg_attr(
        feature = "split",
        wasm_split_helpers::wasm_split(wechat, fallible, preload(preload_wechat))
    )]
    pub fn share_card(api: PublicApi) -> Result<(), ChunkUnavailable> {
        crate::wechat::share_card_after_the_sdk(api);
        Ok(())
    }

    thread_local! {
        /// Whether `password_sheet` can run now.
        static PASSWORD_SHEET_LOADED: Cell<bool> = const { Cell::new(!cfg!(feature = "split")) };
    }

    /// 登录's 签署密码 sheet (`pages::login`), shown once the person is confirmed. 签章确认
    /// draws the same sheet from the signing chunk.
    #[cfg_attr(
        feature = "split",
        wasm_split_helpers::wasm_split(password_sheet, fallible, preload(preload_password_sheet))
    )]
    pub fn password_sheet(
        pending: Signal<bool>,
        error: Signal<Option<String>>,
        on_submit: Callback<String>,
        on_close: Callback<()>,
    ) -> Result<AnyView, ChunkUnavailable> {
        Ok(view! {
            <crate::components::PasswordSheet
                title=tr!("请输入签署密码")
                confirm_label=tr!("确认")
                pending error on_submit on_close
            />
        }
        .into_any())
    }

    /// Fetches and links `password_sheet`'s chunk; at once when it already is.
    pub async fn load_password_sheet() -> Result<(), ChunkUnavailable> {
        preload_password_sheet().await?;
        PASSWORD_SHEET_LOADED.with(|loaded| loaded.set(true));
        Ok(())
    }

    /// Whether `password_sheet` can be drawn at once (`load_password_sheet` has succeeded).
    pub fn password_sheet_loaded() -> bool {
        PASSWORD_SHEET_LOADED.with(Cell::get)
    }

    /// `/` with a registration in progress on this device: where it continues (`pages::Start`).
    #[cfg_attr(
        feature = "split",
        wasm_split_helpers::wasm_split(
            saved_registration,
            fallible,
            preload(preload_saved_registration)
        )
    )]
    pub fn saved_registration(token: String, fallback: Page) -> Result<AnyView, ChunkUnavailable> {
        Ok(view! { <crate::pages::SavedRegistration token fallback /> }.into_any())
    }

    #[cfg(not(feature = "split"))]
    pub async fn preload_desktop() -> Result<(), ChunkUnavailable> {
        Ok(())
    }

    #[cfg(not(feature = "split"))]
    pub async fn preload_wechat() -> Result<(), ChunkUnavailable> {
        Ok(())
    }

    #[cfg(not(feature = "split"))]
    pub async fn preload_saved_registration() -> Result<(), ChunkUnavailable> {
        Ok(())
    }

    #[cfg(not(feature = "split"))]
    pub async fn preload_password_sheet() -> Result<(), ChunkUnavailable> {
        Ok(())
    }
}

/// One chunk: its split point `render`, which draws any of its pages, and `preload`.
macro_rules! chunk {
    ($name:ident { $($page:ident => $component:ident),+ $(,)? }) => {
        mod $name {
            use super::*;

            #[cfg_attr(
                feature = "split",
                wasm_split_helpers::wasm_split($name, fallible, preload(preload))
            )]
            pub fn render(page: Page) -> Result<AnyView, ChunkUnavailable> {
                Ok(match page {
                    $(Page::$page => view! { <$component /> }.into_any(),)+
                    _ => view! { <NotFound /> }.into_any(),
                })
            }

            #[cfg(not(feature = "split"))]
            pub async fn preload() -> Result<(), ChunkUnavailable> {
                Ok(())
            }
        }
    };
}

chunk!(registration {
    Register => Register,
    ConfirmIdentity => ConfirmIdentity,
    RealName => RealName,
    Pay => Pay,
    PayResult => PayResult,
    SetPassword => SetPassword,
    Resume => Resume,
    ContinueRegistration => ContinueRegistration,
});

chunk!(signing {
    Home => Home,
    Scan => Scan,
    Sign => Sign,
    Records => Records,
});

chunk!(signature {
    MySignature => MySignature,
    SignaturePad => SignaturePad,
});

chunk!(account {
    Mine => Mine,
    Certificate => Certificate,
    ChangePassword => ChangePassword,
    Orders => Orders,
    OrderDetail => OrderDetail,
    Invoice => Invoice,
    Units => Units,
    ResetPassword => ResetPassword,
    Settings => Settings,
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_first_screen_is_in_the_main_module() {
        let first: Vec<Page> = Page::ALL
            .into_iter()
            .filter(|page| Chunk::of(*page).is_none())
            .collect();
        assert_eq!(first, [Page::Start, Page::SelectOrg, Page::Login]);
    }

    #[test]
    fn every_chunk_holds_a_page_and_is_prefetched() {
        for page in Page::ALL {
            if let Some(chunk) = Chunk::of(page) {
                assert!(Chunk::ALL.contains(&chunk), "{chunk:?} is never prefetched");
            }
        }
        for chunk in Chunk::ALL {
            assert!(
                Page::ALL.iter().any(|page| Chunk::of(*page) == Some(chunk)),
                "{chunk:?} is empty"
            );
        }
    }
}
