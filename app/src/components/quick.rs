//! Small islands: the quick exit, and printing the plan.

use leptos::prelude::*;

/// Where "Exit this page" goes: a neutral, busy site that gives nothing away.
pub const EXIT_URL: &str = "https://www.bbc.co.uk/weather";

/// "Exit this page": leaves at once for a neutral site. Without JavaScript
/// it is an ordinary link. With it, this page's place in the history is
/// first given to a neutral page of ours, so Back shows that page and not
/// the carer's name or answers; pressing Shift three times does the same.
#[island]
pub fn ExitThisPage() -> impl IntoView {
    let leave = || {
        #[cfg(feature = "hydrate")]
        if let Some(w) = web_sys::window() {
            if let Some(doc) = w.document().and_then(|d| d.body()) {
                // Hide the page first: the next site may take a moment to load.
                doc.set_inner_html("");
            }
            if let Ok(history) = w.history() {
                let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(crate::routes::LEFT));
            }
            // A new entry (not a replacement): Back then lands on the
            // neutral page, not on whatever came before this one.
            let _ = w.location().assign(EXIT_URL);
        }
    };
    #[cfg(feature = "hydrate")]
    {
        let presses = StoredValue::new(Vec::<f64>::new());
        let handle = window_event_listener(leptos::ev::keydown, move |ev| {
            // Only Shift pressed three times on its own counts: a capital
            // letter or Shift+Tab in between starts the count again.
            if ev.key() != "Shift" {
                presses.set_value(Vec::new());
                return;
            }
            if ev.repeat() {
                return;
            }
            let now = js_sys_now();
            presses.update_value(|p| {
                p.retain(|t| now - t < 2_000.0);
                p.push(now);
            });
            if presses.with_value(Vec::len) >= 3 {
                leave();
            }
        });
        on_cleanup(move || handle.remove());
    }
    let on_click = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        leave();
    };
    view! {
        <div class="exit-this-page">
            <a href=EXIT_URL class="button button--warning exit-this-page__button" rel="nofollow noreferrer"
                on:click=on_click>
                <span class="visually-hidden">"Emergency: "</span>
                "Exit this page"
            </a>
            <span class="exit-this-page__hint">"or press Shift 3 times"</span>
        </div>
    }
}

#[cfg(feature = "hydrate")]
fn js_sys_now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or_default()
}

/// "Print or save as PDF": opens the browser's print dialogue. Without
/// JavaScript the browser's own Print works the same (print stylesheet).
#[island]
pub fn PrintButton() -> impl IntoView {
    let print = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! {
        <button type="button" class="button button--secondary" on:click=print>"Print or save as PDF"</button>
    }
}
