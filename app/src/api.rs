//! Server functions: one file per capability, each a thin shell —
//! who is asking → service → error mapped for the browser.

pub mod accounts;
pub mod plan;

#[cfg(feature = "ssr")]
pub mod context;
