//! The quick exit and printing the plan: plain HTML, woken by a few lines
//! of inline script rather than the WebAssembly.

use leptos::prelude::*;

/// Where "Exit this page" goes: a neutral, busy site that gives nothing away.
pub const EXIT_URL: &str = "https://www.bbc.co.uk/weather";

/// The script behind both: it runs inline on every page, so neither needs
/// the WebAssembly, and pages without islands load none.
pub const SCRIPT: &str = include_str!("quick.js");

/// "Exit this page": leaves at once for a neutral site. Without JavaScript
/// it is an ordinary link. With it ([`SCRIPT`]), this page's place in the
/// history is first given to a neutral page of ours, so Back shows that
/// page and not the carer's name or answers; pressing Shift three times
/// does the same.
#[component]
pub fn ExitThisPage() -> impl IntoView {
    view! {
        <div class="exit-this-page">
            <a href=EXIT_URL class="button button--warning exit-this-page__button" rel="nofollow noreferrer"
                data-exit=crate::paths::LEFT>
                <span class="visually-hidden">"Emergency: "</span>
                "Exit this page"
            </a>
            <span class="exit-this-page__hint">"or press Shift 3 times"</span>
        </div>
    }
}

/// "Print or save as PDF": opens the browser's print dialogue ([`SCRIPT`]).
/// Without JavaScript it stays hidden: the browser's own Print works the
/// same (print stylesheet), and a button that does nothing would mislead.
#[component]
pub fn PrintButton() -> impl IntoView {
    view! {
        <button type="button" class="button button--secondary" data-print hidden>"Print or save as PDF"</button>
    }
}
