//! Counters the service keeps about its own work, shared by every request.

use std::sync::atomic::{AtomicU64, Ordering};

/// What the service has done since it started.
#[derive(Debug, Default)]
pub struct Metrics {
    session_lookups: AtomicU64,
}

impl Metrics {
    /// A session looked up in the store (once per request that presents a
    /// session cookie, however many server functions its page runs).
    pub(crate) fn looked_up_session(&self) {
        self.session_lookups.fetch_add(1, Ordering::Relaxed);
    }

    /// Sessions looked up in the store since the service started.
    pub fn session_lookups(&self) -> u64 {
        self.session_lookups.load(Ordering::Relaxed)
    }
}
