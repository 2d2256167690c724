//! Settings from the environment, with defaults that make a fresh clone
//! serve on SQLite with no set-up.

use app::services::Settings;
use app::services::network::TrustedProxies;
use leptos::config::LeptosOptions;
use std::net::SocketAddr;

/// The default database: a file under `data/`, created on first start.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/carerspace.db?mode=rwc";

/// Everything the server reads at start-up.
#[derive(Debug, Clone)]
pub struct Config {
    /// `DATABASE_URL`: `sqlite:…` or `postgres:…`.
    pub database_url: String,
    /// `DATABASE_MAX_CONNECTIONS`: how many connections this server may
    /// hold to PostgreSQL (default 10). Several servers on one database
    /// together need no more than its `max_connections`.
    pub database_max_connections: Option<u32>,
    /// Where the site's files are and where to listen (`LEPTOS_*`).
    pub leptos: LeptosOptions,
    /// Settings the use cases need.
    pub settings: Settings,
    /// `CARERSPACE_FRAMEWORK`: `scotland` (default), `england`, or a path to a `.json` framework file.
    pub framework: String,
    /// `CARERSPACE_HOLIDAYS`: a public holidays file of the deployment's own
    /// (the format of `app/src/framework/holidays-scotland.json`); Scotland's ship.
    pub holidays: Option<String>,
    /// `CARERSPACE_SMTP_URL`: where to send email, e.g.
    /// `smtps://user:password@mail.example.org` or `smtp://127.0.0.1:2525`
    /// (no TLS: a relay on the same machine only). Off when unset.
    pub smtp_url: Option<String>,
    /// `CARERSPACE_MAIL_FROM`: the sender of those emails.
    pub mail_from: String,
}

/// The sender when `CARERSPACE_MAIL_FROM` is unset.
pub const DEFAULT_MAIL_FROM: &str = "CarerSpace <no-reply@carerspace.invalid>";

fn var(key: &str) -> Option<String> {
    std::env::var(key).ok().filter(|v| !v.trim().is_empty())
}

impl Config {
    /// Reads the environment.
    pub fn from_env() -> Result<Config, String> {
        let addr: SocketAddr = var("LEPTOS_SITE_ADDR")
            .unwrap_or_else(|| "127.0.0.1:3000".to_owned())
            .parse()
            .map_err(|_| "LEPTOS_SITE_ADDR must be an address like 127.0.0.1:3000".to_owned())?;
        let public_url = var("CARERSPACE_PUBLIC_URL").unwrap_or_else(|| format!("http://{addr}"));
        let secure_cookies = match var("CARERSPACE_SECURE_COOKIES") {
            Some(v) => v == "true" || v == "1",
            None => public_url.starts_with("https://"),
        };
        let idle_minutes: i64 = match var("CARERSPACE_IDLE_MINUTES") {
            Some(v) => v.parse().map_err(|_| "CARERSPACE_IDLE_MINUTES must be a whole number".to_owned())?,
            None => 30,
        };
        let session_hours: i64 = match var("CARERSPACE_SESSION_HOURS") {
            Some(v) => v.parse().map_err(|_| "CARERSPACE_SESSION_HOURS must be a whole number".to_owned())?,
            None => 12,
        };
        let database_max_connections = max_connections(var("DATABASE_MAX_CONNECTIONS").as_deref())?;
        let registrations_per_hour = registrations_per_hour(var("CARERSPACE_REGISTRATIONS_PER_HOUR").as_deref())?;
        let trusted_proxies = TrustedProxies::parse(&var("CARERSPACE_TRUSTED_PROXIES").unwrap_or_default())
            .map_err(|e| format!("CARERSPACE_TRUSTED_PROXIES: {e}"))?;
        if idle_minutes < 3 || session_hours < 1 {
            return Err("CARERSPACE_IDLE_MINUTES must be 3 or more and CARERSPACE_SESSION_HOURS 1 or more".to_owned());
        }
        let settings = Settings {
            secure_cookies,
            idle_timeout_secs: idle_minutes * 60,
            session_lifetime_secs: session_hours * 60 * 60,
            trusted_proxies,
            public_url,
            registrations_per_hour,
            ..Settings::default()
        };
        Ok(Config {
            database_url: var("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned()),
            database_max_connections,
            leptos: leptos_options(addr),
            settings,
            framework: var("CARERSPACE_FRAMEWORK").unwrap_or_else(|| "scotland".to_owned()),
            holidays: var("CARERSPACE_HOLIDAYS"),
            smtp_url: var("CARERSPACE_SMTP_URL"),
            mail_from: var("CARERSPACE_MAIL_FROM").unwrap_or_else(|| DEFAULT_MAIL_FROM.to_owned()),
        })
    }

    /// A configuration for tests: the given database, any free port.
    pub fn for_tests(database_url: &str) -> Config {
        Config {
            database_url: database_url.to_owned(),
            database_max_connections: None,
            leptos: leptos_options(([127, 0, 0, 1], 0).into()),
            settings: Settings::default(),
            framework: "scotland".to_owned(),
            holidays: None,
            smtp_url: None,
            mail_from: DEFAULT_MAIL_FROM.to_owned(),
        }
    }
}

/// `DATABASE_MAX_CONNECTIONS`, if set: a whole number from 1 to 1000.
fn max_connections(value: Option<&str>) -> Result<Option<u32>, String> {
    value
        .map(|v| {
            v.trim()
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=1_000).contains(n))
                .ok_or_else(|| "DATABASE_MAX_CONNECTIONS must be a whole number from 1 to 1000".to_owned())
        })
        .transpose()
}

/// `CARERSPACE_REGISTRATIONS_PER_HOUR`: new accounts allowed from one
/// client address in an hour (default 20), a whole number from 1 to 100,000.
fn registrations_per_hour(value: Option<&str>) -> Result<u32, String> {
    match value {
        None => Ok(Settings::default().registrations_per_hour),
        Some(v) => v
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=100_000).contains(n))
            .ok_or_else(|| "CARERSPACE_REGISTRATIONS_PER_HOUR must be a whole number from 1 to 100000".to_owned()),
    }
}

fn leptos_options(addr: SocketAddr) -> LeptosOptions {
    let output_name = var("LEPTOS_OUTPUT_NAME")
        .or_else(|| option_env!("LEPTOS_OUTPUT_NAME").map(str::to_owned))
        .unwrap_or_else(|| "carerspace".to_owned());
    LeptosOptions::builder()
        .output_name(output_name)
        .site_root(var("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".to_owned()))
        .site_pkg_dir(var("LEPTOS_SITE_PKG_DIR").unwrap_or_else(|| "pkg".to_owned()))
        .site_addr(addr)
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_connection_limit_is_a_whole_number_from_one_to_a_thousand() {
        assert_eq!(max_connections(None), Ok(None));
        assert_eq!(max_connections(Some("24")), Ok(Some(24)));
        for wrong in ["0", "1001", "-3", "ten", "2.5"] {
            assert!(max_connections(Some(wrong)).is_err(), "{wrong} is refused");
        }
    }

    #[test]
    fn new_accounts_an_hour_default_to_twenty_and_must_be_a_whole_number() {
        assert_eq!(registrations_per_hour(None), Ok(20));
        assert_eq!(registrations_per_hour(Some(" 60 ")), Ok(60));
        for wrong in ["0", "100001", "-1", "many", "1.5"] {
            assert!(registrations_per_hour(Some(wrong)).is_err(), "{wrong} is refused");
        }
    }
}
