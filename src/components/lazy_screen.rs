use leptos::prelude::*;

use super::{LoadFailed, Loading, NavBar};
use crate::chunks::{Chunk, ChunkUnavailable};
use crate::pages::NotFound;
use crate::platform::connectivity::Connectivity;
use crate::platform::navigation;
use crate::routes::Page;

/// Where the code of a chunk a view draws from stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChunkState {
    Loading,
    Ready,
    Failed,
}

/// The state of the chunk a view draws from, and how to try again: `Ready` at once when
/// `loaded_now`, else `load` starts at once. A failed load is not remembered (`crate::chunks`),
/// so trying again fetches afresh.
pub fn use_chunk_state<L, F>(loaded_now: bool, load: L) -> (ReadSignal<ChunkState>, Callback<()>)
where
    L: Fn() -> F + Copy + Send + Sync + 'static,
    F: Future<Output = Result<(), ChunkUnavailable>> + 'static,
{
    let state = RwSignal::new(if loaded_now {
        ChunkState::Ready
    } else {
        ChunkState::Loading
    });
    let retry = Callback::new(move |()| {
        state.set(ChunkState::Loading);
        leptos::task::spawn_local(async move {
            let outcome = match load().await {
                Ok(()) => ChunkState::Ready,
                Err(_) => ChunkState::Failed,
            };
            // The person may have left the view meanwhile.
            let _ = state.try_set(outcome);
        });
    });
    if !loaded_now {
        retry.run(());
    }
    (state.read_only(), retry)
}

/// Why a chunk did not load, in the person's words.
pub fn chunk_failure_message(connectivity: Connectivity) -> String {
    if connectivity.offline() {
        tr!("网络连接不可用，请检查网络后重试")
    } else {
        tr!("页面加载失败，请重试")
    }
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
    let (state, retry) = use_chunk_state(chunk.is_loaded(), move || chunk.load());
    (move || match state.get() {
        ChunkState::Loading => view! { <div class="page"><Loading /></div> }.into_any(),
        ChunkState::Ready => chunk.render(page),
        ChunkState::Failed => {
            let message = chunk_failure_message(connectivity);
            // Online, the code may be gone because a newer build replaced this one on the
            // server meanwhile: loading the page again brings the new build. What was typed is
            // kept on the device, so nothing is lost by it.
            let online = !connectivity.offline();
            view! {
                <NavBar title=tr!("云签署") back=Some(Page::Start) />
                <div class="page">
                    <LoadFailed message on_retry=retry>
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
