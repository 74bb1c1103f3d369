fn main() {
    console_error_panic_hook::set_once();
    // The language first: every text of the first render is in it.
    wasm_bindgen_futures::spawn_local(async {
        cloudsign_app::i18n::load_language().await;
        leptos::mount::mount_to_body(cloudsign_app::App);
    });
}
