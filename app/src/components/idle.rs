//! The idle warning (WCAG 2.2.1 "Timing adjustable"; SPEC: session
//! time-outs warn first and let the carer extend).
//!
//! A session unused for the server's idle limit ends. Without JavaScript
//! the page says how long that is. With it, two minutes before the limit a
//! dialog says so and offers "Stay signed in", which asks the server who is
//! signed in (any signed-in call renews the session). Every autosave renews
//! it too, and tells this island so. What was typed stays on the page (and
//! in the browser's draft, unless this is a shared computer) either way.

// `#[island(lazy)]` generates a public struct for its props and a public
// loader function, neither of which can carry a doc comment, and it drops
// lint attributes put on the island; so the lint is expected here.
#![expect(missing_docs, reason = "the island macro's props struct and loader function cannot be documented")]

use crate::domain::account::IDLE_TIMEOUT_SECS;
use leptos::prelude::*;

/// The deployment's idle limit, in seconds, as pages read it: whoever
/// renders pages provides it from its settings (`crate::shell` does);
/// a page drawn without one (alone, in a test) has the default limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdleLimit(pub i64);

impl Default for IdleLimit {
    fn default() -> Self {
        IdleLimit(IDLE_TIMEOUT_SECS)
    }
}

impl IdleLimit {
    /// The limit for the page being drawn.
    pub fn current() -> IdleLimit {
        use_context::<IdleLimit>().unwrap_or_default()
    }
}

/// The window event the autosave raises after the server answered a save
/// as the signed-in carer: the session was just renewed.
pub const SESSION_USED: &str = "carerspace:session-used";

/// How long before the limit the warning comes.
pub const WARN_BEFORE_SECS: i64 = 120;

/// When to warn and when the session ends, in seconds from the last use,
/// for an idle limit of `idle_secs`. A limit shorter than the warning
/// warns at once.
pub fn timings(idle_secs: i64) -> (i64, i64) {
    let end = idle_secs.max(1);
    ((end - WARN_BEFORE_SECS).max(0), end)
}

/// Whole minutes, as a carer reads them ("1 minute", "30 minutes").
pub fn minutes_in_words(secs: i64) -> String {
    let minutes = (secs + 59) / 60;
    if minutes == 1 { "1 minute".to_owned() } else { format!("{minutes} minutes") }
}

/// The session note and, with JavaScript on a page with islands (`live`),
/// the warning. For signed-in pages.
#[component]
pub fn IdleWarning(
    /// Whether the page wakes islands, and so the warning too.
    live: bool,
    /// Whether the page has "Exit this page" (a carer's): the warning,
    /// which makes the rest of the page impossible to press while it is
    /// open, then has its own.
    exit: bool,
) -> impl IntoView {
    // Only the server renders this component (islands mode); the browser
    // gets the limit through the island's props.
    let IdleLimit(idle_secs) = IdleLimit::current();
    view! {
        <p class="body session-note">
            "For your safety, you are signed out after " {minutes_in_words(idle_secs)}
            " without using CarerSpace. Answers you have saved are kept."
        </p>
        {live.then(|| view! { <IdleWatch idle_secs=idle_secs exit=exit /> })}
    }
}

/// Where the warning has got to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Quiet,
    Warning,
    Ended,
}

/// The browser side of [`IdleWarning`]: timers and the dialog.
#[island(lazy)]
pub fn IdleWatch(
    /// The server's idle limit, in seconds.
    idle_secs: i64,
    /// Whether the dialog offers "Exit this page" (see [`IdleWarning`]).
    exit: bool,
) -> impl IntoView {
    let phase = RwSignal::new(Phase::Quiet);
    let problem = RwSignal::new(false);
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    // Set once the timers run, so the page (and a test) can tell the
    // lazily loaded warning is watching.
    let watching = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    let watch = browser::Watch::new(idle_secs, phase, problem, dialog);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        watch.start();
        watching.set(true);
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = idle_secs;

    let stay = move || {
        #[cfg(feature = "hydrate")]
        watch.stay();
    };
    let on_cancel = move |ev: leptos::ev::Event| {
        // Escape: the same as "Stay signed in" while warning; once signed
        // out, it simply closes.
        ev.prevent_default();
        if phase.get_untracked() == Phase::Warning {
            stay();
        } else {
            #[cfg(feature = "hydrate")]
            watch.close();
        }
    };
    let close = move |_| {
        #[cfg(feature = "hydrate")]
        watch.close();
    };
    let limit = minutes_in_words(idle_secs);
    let ended = move || phase.get() == Phase::Ended;
    // One dialog whose words change, its parts hidden rather than swapped
    // (smaller to download than a component per phase).
    view! {
        <dialog class="idle-dialog" node_ref=dialog aria-labelledby="idle-title" aria-describedby="idle-text"
            data-idle=move || if watching.get() { "watching" } else { "asleep" } on:cancel=on_cancel>
            {exit.then(|| view! { <super::ExitThisPage /> })}
            <h2 class="heading-m" id="idle-title">
                {move || if ended() { "You have been signed out" } else { "You will be signed out soon" }}
            </h2>
            <p class="body" id="idle-text">
                {move || if ended() {
                    format!("You were signed out because CarerSpace was not used for {limit}. What you typed on this page is still here: sign in again to save it.")
                } else {
                    "For your safety, you will be signed out in 2 minutes because CarerSpace has not been used for a while. What you have typed is kept.".to_owned()
                }}
            </p>
            <p class="error-message" role="alert" hidden=move || !problem.get()>
                "CarerSpace could not be reached. Check your connection and try again."
            </p>
            <div class="button-group" hidden=ended>
                <button type="button" class="button" autofocus on:click=move |_| stay()>"Stay signed in"</button>
            </div>
            <div class="button-group idle-dialog__ended" hidden=move || !ended()>
                <a class="button" href="/sign-in" target="_blank" rel="noopener">"Sign in again (opens a new tab)"</a>
                <button type="button" class="button button--secondary" on:click=close>"Close"</button>
            </div>
        </dialog>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::{Phase, SESSION_USED, timings};
    use crate::api::accounts::whoami;
    use leptos::prelude::*;
    use std::time::Duration;
    use wasm_bindgen::JsCast;

    /// The two timers and the dialog they open.
    #[derive(Clone, Copy)]
    pub struct Watch {
        idle_secs: i64,
        phase: RwSignal<Phase>,
        problem: RwSignal<bool>,
        dialog: NodeRef<leptos::html::Dialog>,
        timers: StoredValue<Vec<TimeoutHandle>>,
    }

    impl Watch {
        pub fn new(idle_secs: i64, phase: RwSignal<Phase>, problem: RwSignal<bool>, dialog: NodeRef<leptos::html::Dialog>) -> Watch {
            Watch { idle_secs, phase, problem, dialog, timers: StoredValue::new(Vec::new()) }
        }

        /// The page was just served, so the session was just used.
        pub fn start(self) {
            let used = window_event_listener_untyped(SESSION_USED, move |_| {
                if self.phase.get_untracked() != Phase::Ended {
                    self.renewed();
                }
            });
            on_cleanup(move || used.remove());
            self.restart();
        }

        fn restart(self) {
            for handle in self.timers.try_update_value(std::mem::take).unwrap_or_default() {
                handle.clear();
            }
            let (warn, end) = timings(self.idle_secs);
            let secs = |s: i64| Duration::from_secs(s.max(0) as u64);
            let handles = [
                set_timeout_with_handle(move || self.show(Phase::Warning), secs(warn)),
                set_timeout_with_handle(move || self.show(Phase::Ended), secs(end)),
            ];
            self.timers.set_value(handles.into_iter().filter_map(Result::ok).collect());
        }

        fn show(self, phase: Phase) {
            self.phase.set(phase);
            self.problem.set(false);
            if let Some(d) = self.dialog.get_untracked()
                && !d.open()
            {
                // Modal: focus moves into it and the page behind is inert.
                let _ = d.show_modal();
            }
            if phase == Phase::Ended {
                // The words and buttons change once drawn: put focus on the
                // first of the new buttons, as opening the dialog would.
                let dialog = self.dialog;
                request_animation_frame(move || {
                    let first = dialog.get_untracked().and_then(|d| d.query_selector(".idle-dialog__ended .button").ok().flatten());
                    if let Some(el) = first.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                        let _ = el.focus();
                    }
                });
            }
        }

        fn renewed(self) {
            self.phase.set(Phase::Quiet);
            self.problem.set(false);
            self.close();
            self.restart();
        }

        /// Closes the dialog; focus goes back where it was.
        pub fn close(self) {
            if let Some(d) = self.dialog.get_untracked() {
                d.close();
            }
        }

        /// "Stay signed in": any signed-in call renews the session.
        pub fn stay(self) {
            leptos::task::spawn_local(async move {
                match whoami().await {
                    Ok(Some(_)) => self.renewed(),
                    Ok(None) => self.show(Phase::Ended),
                    Err(_) => self.problem.set(true),
                }
            });
        }
    }
}
