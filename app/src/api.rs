//! Server functions: one file per capability, each a thin shell —
//! who is asking → service → error mapped for the browser.

pub mod accounts;
pub mod agreement;
pub mod deletion;
pub mod figures;
pub mod plan;
pub mod referral;
pub mod sharing;
pub mod worker;

#[cfg(feature = "ssr")]
pub mod context;
