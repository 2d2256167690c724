//! Checks an account form in the browser before it is sent, with the very
//! same rules the server applies, so mistakes show at once and nothing is
//! posted that the server would refuse. Without JavaScript the form simply
//! posts and the server answers with the same messages.

// `#[island(lazy)]` generates a public struct for its props and a public
// loader function, neither of which can carry a doc comment, and it drops
// lint attributes put on the island; so the lint is expected here.
#![expect(missing_docs, reason = "the island macro's props struct and loader function cannot be documented")]

use crate::domain::account::AccountForm;
use crate::error::FieldError;
use leptos::prelude::*;

/// Wraps a server-rendered form; on submit, checks it and, if anything is
/// wrong, stops the post, fills in each field's message and shows the summary.
#[island(lazy)]
pub fn FormCheck(
    /// Which account form this is, so the right rules are checked.
    form: AccountForm,
    /// The server-rendered form.
    children: Children,
) -> impl IntoView {
    let problems = RwSignal::new(Vec::<FieldError>::new());
    // Tests (and people) can tell when the check is live in the browser.
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            let found = browser::check(&ev, form);
            if !found.is_empty() {
                ev.prevent_default();
            }
            problems.set(found);
            if !problems.get_untracked().is_empty() {
                browser::focus_summary();
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (&ev, form);
    };
    view! {
        <div on:submit=on_submit data-form-check=move || if live.get() { "live" } else { "server" }>
            <Show when=move || !problems.get().is_empty()>
                <div class="error-summary" id="client-error-summary" role="alert" tabindex="-1">
                    <h2 class="error-summary__title">"There is a problem"</h2>
                    <ul class="error-summary__list">
                        <For each=move || problems.get() key=|e| e.field.clone() let:e>
                            <li><a href=format!("#{}", e.field)>{e.message}</a></li>
                        </For>
                    </ul>
                </div>
            </Show>
            {children()}
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::super::dom;
    use crate::domain::account::AccountForm;
    use crate::error::FieldError;
    use wasm_bindgen::JsCast;

    /// Reads the form, checks it, and updates each field's message in place.
    pub fn check(ev: &leptos::ev::SubmitEvent, form: AccountForm) -> Vec<FieldError> {
        let Some(element) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok()) else {
            return Vec::new();
        };
        let Ok(data) = web_sys::FormData::new_with_form(&element) else { return Vec::new() };
        let get = |name: &str| data.get(name).as_string().unwrap_or_default();
        let problems = form.problems(&get);
        dom::show_field_messages(form.fields().iter().copied(), &problems);
        problems.0
    }

    /// Moves focus to the summary once it has been drawn.
    pub fn focus_summary() {
        dom::focus_later("client-error-summary");
    }
}
