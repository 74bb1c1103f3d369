//! Focus for modal layers (the 签署密码 sheet, confirm dialogs, the camera overlay): focus goes
//! in when one opens, Tab and Shift+Tab stay inside, Escape closes it, and focus goes back to
//! what had it (the button that opened it) when it closes.

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent};

const FOCUSABLE: &str = "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), \
     select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";

fn focusables(container: &Element) -> Vec<HtmlElement> {
    let Ok(list) = container.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|node| node.dyn_into::<HtmlElement>().ok())
        .collect()
}

fn active_element() -> Option<HtmlElement> {
    web_sys::window()?
        .document()?
        .active_element()?
        .dyn_into::<HtmlElement>()
        .ok()
}

/// Call in the modal's component with its outermost element; put the returned handler on the
/// modal as `on:keydown`.
pub fn use_modal_focus(
    container: impl Fn() -> Option<Element> + Clone + Send + Sync + 'static,
    on_escape: Callback<()>,
) -> impl Fn(KeyboardEvent) + Clone + 'static {
    let opener = SendWrapper::new(active_element());
    let find = container.clone();
    Effect::new(move || {
        let Some(element) = find() else { return };
        let inside = active_element().is_some_and(|active| element.contains(Some(&active)));
        if !inside && let Some(first) = focusables(&element).into_iter().next() {
            let _ = first.focus();
        }
    });
    on_cleanup(move || {
        if let Some(opener) = &*opener
            && opener.is_connected()
        {
            let _ = opener.focus();
        }
    });
    move |event: KeyboardEvent| match event.key().as_str() {
        "Escape" => {
            event.prevent_default();
            on_escape.run(());
        }
        "Tab" => {
            let Some(element) = container() else { return };
            let items = focusables(&element);
            let (Some(first), Some(last)) = (items.first(), items.last()) else {
                return;
            };
            let active = active_element();
            let at_edge = if event.shift_key() {
                active.as_ref() == Some(first)
            } else {
                active.as_ref() == Some(last)
            };
            if at_edge {
                event.prevent_default();
                let _ = if event.shift_key() {
                    last.focus()
                } else {
                    first.focus()
                };
            }
        }
        _ => {}
    }
}
