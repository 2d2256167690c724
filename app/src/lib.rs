//! CarerSpace: unpaid carers record their own Adult Carer Support Plan,
//! decide who sees it, and hand it to a carer support worker when ready.
//!
//! This crate is the product. It is compiled twice: into the server
//! (feature `ssr`) and to WebAssembly for the browser's islands (feature
//! `hydrate`).
#![recursion_limit = "512"]

pub mod api;
pub mod components;
pub mod domain;
pub mod error;
pub mod framework;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ports;
#[cfg(feature = "ssr")]
pub mod services;

use leptos::prelude::*;
use leptos_meta::{MetaTags, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};
use pages::accounts::{RegisterPage, SetPasswordPage, SignInPage, SignOutPage, SignedOutPage};
use pages::home::HomePage;
use pages::plan::{
    AboutMePage, ActionPage, AreaPage, BreaksPage, CircumstancesChangedPage, EmergencyPage, NewRecordPage, OutcomePage,
    OutcomesPage, PersonPage, RemovePage, ReviewPage, SummaryPage,
};
use pages::staff::{ManagerPage, NotFoundPage, WorkerHomePage};

/// The Content-Security-Policy for a page, allowing only our own scripts,
/// the WebAssembly they load, and inline scripts carrying this response's nonce.
pub fn content_security_policy(nonce: Option<&str>) -> String {
    let script = match nonce {
        Some(n) => format!("script-src 'self' 'wasm-unsafe-eval' 'nonce-{n}'"),
        None => "script-src 'self' 'wasm-unsafe-eval'".to_owned(),
    };
    format!(
        "default-src 'self'; {script}; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// The HTML document around the app.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        let nonce = leptos::nonce::use_nonce();
        let policy = content_security_policy(nonce.as_ref().map(|n| n.as_inner().as_ref()));
        if let Ok(value) = http::HeaderValue::from_str(&policy) {
            res.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
    view! {
        <!DOCTYPE html>
        <html lang="en-GB">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="theme-color" content="#0b0c0c" />
                <link rel="stylesheet" href="/pkg/carerspace.css" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <HydrationScripts options islands=true />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The routes. Every one renders whole on the server before it is sent.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Router>
            <Routes fallback=NotFoundPage>
                <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                <Route path=path!("/register") view=RegisterPage ssr=SsrMode::Async />
                <Route path=path!("/sign-in") view=SignInPage ssr=SsrMode::Async />
                <Route path=path!("/sign-out") view=SignOutPage ssr=SsrMode::Async />
                <Route path=path!("/signed-out") view=SignedOutPage ssr=SsrMode::Async />
                <Route path=path!("/set-password") view=SetPasswordPage ssr=SsrMode::Async />
                <Route path=path!("/worker") view=WorkerHomePage ssr=SsrMode::Async />
                <Route path=path!("/manager") view=ManagerPage ssr=SsrMode::Async />
                <Route path=path!("/plan/about-me") view=AboutMePage ssr=SsrMode::Async />
                <Route path=path!("/plan/:kind/new") view=NewRecordPage ssr=SsrMode::Async />
                <Route path=path!("/plan/person/:id") view=PersonPage ssr=SsrMode::Async />
                <Route path=path!("/plan/area/:id") view=AreaPage ssr=SsrMode::Async />
                <Route path=path!("/plan/outcomes") view=OutcomesPage ssr=SsrMode::Async />
                <Route path=path!("/plan/outcome/:id") view=OutcomePage ssr=SsrMode::Async />
                <Route path=path!("/plan/action/:id") view=ActionPage ssr=SsrMode::Async />
                <Route path=path!("/plan/emergency") view=EmergencyPage ssr=SsrMode::Async />
                <Route path=path!("/plan/breaks") view=BreaksPage ssr=SsrMode::Async />
                <Route path=path!("/plan/review") view=ReviewPage ssr=SsrMode::Async />
                <Route path=path!("/plan/changed") view=CircumstancesChangedPage ssr=SsrMode::Async />
                <Route path=path!("/plan/remove/:kind/:id") view=RemovePage ssr=SsrMode::Async />
                <Route path=path!("/plan/summary") view=SummaryPage ssr=SsrMode::Async />
            </Routes>
        </Router>
    }
}

/// Wakes the islands in the browser.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
