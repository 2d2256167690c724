//! The use cases. Every decision about who may do what is made here, on the
//! server, whatever the page or server function in front of it.

pub mod access;
pub mod accounts;
pub mod agreement;
pub mod data;
pub mod deletion;
pub mod figures;
pub mod metrics;
pub mod network;
pub mod notify;
pub mod plan;
pub mod referral;
pub mod sharing;
pub mod worker;

use crate::error::AppError;
use crate::ports::{Clock, Store, StoreError};
use std::sync::Arc;

/// Settings the use cases need.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The site is served over HTTPS: cookies are `Secure` and
    /// `__Host-`-prefixed, and browsers are told to use HTTPS only (HSTS).
    pub secure_cookies: bool,
    /// A session unused for this long ends.
    pub idle_timeout_secs: i64,
    /// A session this old ends, however busy it is.
    pub session_lifetime_secs: i64,
    /// Reverse proxies whose forwarded client address is believed.
    pub trusted_proxies: network::TrustedProxies,
    /// How long a set-password link works.
    pub invitation_ttl_secs: i64,
    /// The address people reach the portal at, for links we hand out.
    pub public_url: String,
    /// New accounts allowed from one client address in an hour: more than
    /// a carers' drop-in session makes, far fewer than a script.
    pub registrations_per_hour: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            secure_cookies: false,
            idle_timeout_secs: crate::domain::account::IDLE_TIMEOUT_SECS,
            session_lifetime_secs: 12 * 60 * 60,
            trusted_proxies: network::TrustedProxies::default(),
            invitation_ttl_secs: 7 * 24 * 60 * 60,
            public_url: "http://127.0.0.1:3000".to_owned(),
            registrations_per_hour: 20,
        }
    }
}

/// Everything a use case needs, shared by every request.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub store: Arc<dyn Store>,
    /// The time.
    pub clock: Arc<dyn Clock>,
    /// Settings from the environment.
    pub settings: Settings,
    /// The wellbeing framework this deployment uses.
    pub framework: Arc<crate::framework::Framework>,
    /// Public holidays, for working days and the statutory clocks.
    pub holidays: Arc<crate::domain::calendar::Holidays>,
    /// Email, when the deployment configured SMTP; off by default.
    pub mailer: Option<Arc<dyn crate::ports::Mailer>>,
    /// What the service has done since it started.
    pub metrics: Arc<metrics::Metrics>,
}

impl AppState {
    /// Today, as the centre and the carer count days: the UK date (British
    /// Summer Time included) now. Every "today" a person reads or acts on
    /// comes from here, never from the UTC date.
    pub fn today(&self) -> crate::domain::calendar::Day {
        crate::domain::calendar::uk_day(self.clock.now())
    }
}

/// Logs a storage failure in full on the server and hides it from the browser.
pub(crate) fn internal(context: &'static str) -> impl FnOnce(StoreError) -> AppError {
    move |error| {
        tracing::error!(error = %error, context, "storage failure");
        AppError::Internal
    }
}
