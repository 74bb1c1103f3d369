use leptos::prelude::*;

use super::{LoadFailed, Loading, NavBar};
use crate::chunks::Chunk;
use crate::pages::NotFound;
use crate::platform::connectivity::Connectivity;
use crate::platform::navigation;
use crate::routes::Page;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ChunkState {
    Loading,
    Ready,
    Failed,
}

/// A screen whose code arrives in a chunk (`crate::chunks`): 正在加载 while it does, the
/// screen once it is there, and 加载失败 with 「重试」 when the network fails it. Nothing is
/// lost meanwhile: the page's state lives in the session and the drafts, not in the chunk.
#[component]
pub fn LazyScreen(page: Page) -> impl IntoView {
    let Some(chunk) = Chunk::of(page) else {
        return view! { <NotFound /> }.into_any();
    };
    let connectivity = expect_context::<Connectivity>();
    let state = RwSignal::new(if chunk.is_loaded() {
        ChunkState::Ready
    } else {
        ChunkState::Loading
    });
    let load = move || {
        state.set(ChunkState::Loading);
        leptos::task::spawn_local(async move {
            let outcome = match chunk.load().await {
                Ok(()) => ChunkState::Ready,
                Err(_) => ChunkState::Failed,
            };
            // The person may have left the screen meanwhile.
            let _ = state.try_set(outcome);
        });
    };
    if state.get_untracked() == ChunkState::Loading {
        load();
    }
    (move || match state.get() {
        ChunkState::Loading => view! { <div class="page"><Loading /></div> }.into_any(),
        ChunkState::Ready => chunk.render(page),
        ChunkState::Failed => {
            let message = if connectivity.offline() {
                tr!("网络连接不可用，请检查网络后重试")
            } else {
                tr!("页面加载失败，请重试")
            };
            // Online, the code may be gone because a newer build replaced this one on the
            // server meanwhile: loading the page again brings the new build. What was typed is
            // kept on the device, so nothing is lost by it.
            let online = !connectivity.offline();
            view! {
                <NavBar title=tr!("云签署") back=Some(Page::Start) />
                <div class="page">
                    <LoadFailed message on_retry=Callback::new(move |()| load())>
                        {online.then(|| view! {
                            <button type="button" class="link" on:click=|_| navigation::reload()>
                                {tr!("刷新页面")}
                            </button>
                        })}
                    </LoadFailed>
                </div>
            }
            .into_any()
        }
    })
    .into_any()
}
