use leptos::prelude::*;

use super::icons::OfflineIcon;
use crate::platform::connectivity::Connectivity;

/// A band under the status bar while the server cannot be reached. The page under it stays
/// usable for what needs no network (reading, typing: nothing typed is lost).
#[component]
pub fn OfflineNotice() -> impl IntoView {
    let connectivity = expect_context::<Connectivity>();
    view! {
        <Show when=move || connectivity.offline()>
            <div class="offline-notice" role="status">
                <OfflineIcon />
                <span>{tr!("离线：网络连接不可用，恢复后将自动重连")}</span>
            </div>
        </Show>
    }
}
