//! `server` — serves the portal; `server create-manager` makes the first
//! manager account and prints its one-time set-password link.

use server::config::Config;
use std::process::ExitCode;
use tracing_subscriber::EnvFilter;

const USAGE: &str = "usage:\n  server                                     serve the portal\n  server create-manager --name NAME --email EMAIL   create a manager and print their set-password link";

fn init_logging() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    if std::env::var("LOG_FORMAT").as_deref() == Ok("json") {
        builder.json().init();
    } else {
        builder.init();
    }
}

fn flag(args: &[String], name: &str) -> Option<String> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned()
}

/// Argon2id takes 19 MiB per password hash. After the first such block is
/// freed, glibc raises its mmap threshold and keeps every later one in its
/// heaps: a hundred sign-ins or registrations left the server holding about
/// 390 MB for good. A fixed threshold hands blocks that big straight back to
/// the system. It sits at 8 MiB, not lower: brotli's working buffers for
/// each compressed response are a few MiB, and mapping and unmapping them
/// for every page (as a 128 KiB threshold did) cost more than the rendering
/// (measured by `make bench`: compressed plan pages 668 a second at 128 KiB).
fn give_big_allocations_back() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes the allocator's tuning; any thread may call it.
    #[expect(unsafe_code, reason = "glibc's tuning has no safe interface")]
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 8 * 1024 * 1024);
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    give_big_allocations_back();
    init_logging();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::FAILURE;
        }
    };
    let state = match server::state(&config).await {
        Ok(state) => state,
        Err(error) => {
            tracing::error!(%error, "could not start: the framework or the database could not be loaded");
            return ExitCode::FAILURE;
        }
    };
    match args.first().map(String::as_str) {
        None | Some("serve") => {
            let addr = config.leptos.site_addr;
            let listener = match tokio::net::TcpListener::bind(addr).await {
                Ok(listener) => listener,
                Err(error) => {
                    tracing::error!(%error, %addr, "could not listen");
                    return ExitCode::FAILURE;
                }
            };
            tracing::info!("CarerSpace is ready at http://{addr}");
            match server::serve(listener, config, state).await {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    tracing::error!(%error, "server stopped");
                    ExitCode::FAILURE
                }
            }
        }
        Some("create-manager") => {
            let (Some(name), Some(email)) = (flag(&args, "--name"), flag(&args, "--email")) else {
                eprintln!("{USAGE}");
                return ExitCode::FAILURE;
            };
            match app::services::accounts::create_first_manager(&state, &name, &email).await {
                Ok(invitation) => {
                    println!("Manager account created for {}.", invitation.user.name);
                    println!("Open this link once, within 7 days, to set the password:");
                    println!("{}", invitation.link);
                    ExitCode::SUCCESS
                }
                Err(error) => {
                    eprintln!("Could not create the manager: {error}");
                    if let Some(fields) = error.field_errors() {
                        for e in &fields.0 {
                            eprintln!("  {}: {}", e.field, e.message);
                        }
                    }
                    ExitCode::FAILURE
                }
            }
        }
        Some(_) => {
            eprintln!("{USAGE}");
            ExitCode::FAILURE
        }
    }
}
