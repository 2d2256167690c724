//! The storage and whole-server tests, every one on SQLite and PostgreSQL.
//!
//! One test program rather than one per file: each program links the whole
//! server, which took over two gigabytes of disk and a link of its own per
//! file. Run one part with a filter, e.g. `cargo test -p server --test all
//! deletion::`.

// The helpers, like the tests, stop at the first thing that is not as it should be.
#![expect(clippy::expect_used, clippy::unwrap_used, reason = "a test stops at the first thing that is not as it should be")]

#[macro_use]
mod support;

mod agreement;
mod agreement_store;
mod carried;
mod data;
mod deletion;
mod figures;
mod hardening;
mod http;
mod plan;
mod referral;
mod settings;
mod sharing;
mod sharing_store;
mod store;
