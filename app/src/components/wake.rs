//! Loading the WebAssembly, only on pages with islands.
//!
//! Most pages (signing in, the home pages, the summary) have nothing the
//! WebAssembly adds, and a carer on a phone with a weak signal should not
//! wait for it there. A page that has islands says so to [`super::Layout`],
//! which renders [`Wake`]; every other page sends no script but the small
//! inline one for "Exit this page" and printing.

use leptos::prelude::*;

/// The glue that starts the WebAssembly and wakes each island.
const SCRIPT: &str = include_str!("wake.js");

/// The links and script that load the WebAssembly and wake the page's
/// islands. Rendered at the top of the page's body: the browser's preload
/// scanner finds it there as early as in the head.
#[component]
pub fn Wake() -> impl IntoView {
    // Only the server renders this; it has the names of the build's files.
    let assets = use_context::<std::sync::Arc<crate::assets::Assets>>();
    let nonce = leptos::nonce::use_nonce();
    assets.map(|assets| {
        let start = format!("{SCRIPT}({:?}, {:?});", assets.js, assets.wasm);
        view! {
            <link rel="modulepreload" href=assets.js.clone() crossorigin="" />
            <link rel="preload" href=assets.wasm.clone() r#as="fetch" r#type="application/wasm" crossorigin="" />
            <script type="module" nonce=nonce>{start}</script>
        }
    })
}
