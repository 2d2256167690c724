//! CarerSpace: unpaid carers record their own Adult Carer Support Plan,
//! decide who sees it, and hand it to a carer support worker when ready.
//!
//! This crate is the product. It is compiled twice: into the server
//! (feature `ssr`) and to WebAssembly for the browser's islands (feature
//! `hydrate`).
#![recursion_limit = "512"]

pub mod api;
pub mod assets;
pub mod components;
pub mod domain;
pub mod error;
pub mod framework;
pub mod pages;
pub mod paths;
#[cfg(feature = "ssr")]
pub mod ports;
pub mod routes;
#[cfg(feature = "ssr")]
pub mod services;
pub mod views;

use leptos::prelude::*;
use leptos_meta::{MetaTags, provide_meta_context};
use leptos_router::components::Router;

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
pub fn shell(_options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(state) = use_context::<services::AppState>() {
        // Pages never reach into the services: the frame's idle warning
        // reads the limit from this plain value.
        provide_context(components::idle::IdleLimit(state.settings.idle_timeout_secs));
    }
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        let nonce = leptos::nonce::use_nonce();
        let policy = content_security_policy(nonce.as_ref().map(|n| n.as_inner().as_ref()));
        if let Ok(value) = http::HeaderValue::from_str(&policy) {
            res.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
    // Outside islands nothing needs the markers hydration uses; pages with
    // islands load the WebAssembly themselves (`components::wake`).
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    let stylesheet = use_context::<std::sync::Arc<assets::Assets>>().map(|a| a.css.clone());
    let nonce = leptos::nonce::use_nonce();
    view! {
        <!DOCTYPE html>
        <html lang="en-GB">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="theme-color" content="#0b0c0c" />
                <link rel="stylesheet" href=stylesheet.unwrap_or_else(|| "/pkg/carerspace.css".to_owned()) />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <MetaTags />
            </head>
            <body>
                <App />
                <script nonce=nonce>{components::quick::SCRIPT}</script>
            </body>
        </html>
    }
}

/// The app: the router over the route table in [`routes`], whose
/// addresses are in [`paths`].
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Router>
            <routes::AppRoutes />
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
