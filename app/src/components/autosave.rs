//! Saves a plan page's answers as they are typed, and never loses them.
//!
//! The page is an ordinary server-rendered form that posts with "Save and
//! continue" (that is all there is without JavaScript). This island wraps
//! it: each change is checked with the same rules the server uses, kept in
//! the browser (gloo-storage, unless this is a shared computer) until the
//! server has it, and sent shortly after typing stops or when the field is
//! left. Offline, it waits and sends when the connection returns; after a
//! reload it sends what had not arrived. A save from an out-of-date version
//! is refused by the server, and the carer chooses what to keep.

pub mod machine;

use leptos::prelude::*;

/// What the status line says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveState {
    /// Nothing typed yet on this visit.
    Ready,
    /// A save is on its way.
    Saving,
    /// Everything typed has reached the server.
    Saved,
    /// The server cannot be reached; waiting to retry.
    Offline,
    /// Changed elsewhere since this page was opened.
    Conflict,
    /// Something typed does not pass the checks.
    Invalid,
    /// The session has ended.
    SignedOut,
    /// The server refused for another reason; retrying.
    Failed,
}

/// Wraps a plan form; see the module documentation.
#[island]
pub fn Autosave(
    /// The record this form edits, e.g. `area:health`.
    record_key: String,
    /// Whose answers (drafts are kept per person).
    user_id: String,
    /// The version the page was rendered from.
    version: i64,
    /// False on a shared computer: nothing is kept in the browser.
    keep_drafts: bool,
    /// The server-rendered form.
    children: Children,
) -> impl IntoView {
    let state = RwSignal::new(SaveState::Ready);
    let live = RwSignal::new(false);
    let root = NodeRef::<leptos::html::Div>::new();
    #[cfg(feature = "hydrate")]
    let ctx = browser::Ctx::new(record_key, user_id, version, keep_drafts, state, root);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        live.set(true);
        ctx.start();
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (record_key, user_id, version, root);

    let on_edit = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        ctx.edited(&ev, false);
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        ctx.submitting(&ev);
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let on_leave = move |ev: leptos::ev::FocusEvent| {
        #[cfg(feature = "hydrate")]
        ctx.left(&ev);
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let keep = move |_| {
        #[cfg(feature = "hydrate")]
        ctx.keep_mine();
    };
    let discard = move |_| {
        #[cfg(feature = "hydrate")]
        ctx.take_theirs();
    };
    let message = move || match state.get() {
        SaveState::Ready if keep_drafts => "Your answers save as you type.",
        SaveState::Ready => "Your answers save as you type. This is a shared computer: nothing is kept on it.",
        SaveState::Saving => "Saving…",
        SaveState::Saved => "Saved",
        SaveState::Offline if keep_drafts => "Offline – kept on this device. It will be saved when you are back online.",
        SaveState::Offline => "Offline – not saved yet. Keep this page open: it will be saved when you are back online.",
        SaveState::Conflict => "These answers were changed somewhere else (another device or tab) since you opened this page. Nothing you typed here has been lost.",
        SaveState::Invalid => "Not saved – check the answers marked above.",
        SaveState::SignedOut if keep_drafts => "You have been signed out. What you typed is kept on this device: sign in again to save it.",
        SaveState::SignedOut => "You have been signed out. Copy anything you need, then sign in again.",
        SaveState::Failed => "Not saved yet – trying again.",
    };
    view! {
        <div node_ref=root on:input=on_edit on:change=on_edit on:focusout=on_leave on:submit=on_submit
            data-autosave=move || if live.get() { "live" } else { "server" }>
            {children()}
            <Show when=move || live.get()>
                <div class="autosave" class:autosave--warning=move || !matches!(state.get(), SaveState::Ready | SaveState::Saving | SaveState::Saved)>
                    <p class="autosave__status" role="status" aria-live="polite">{message}</p>
                    <Show when=move || state.get() == SaveState::Conflict>
                        <div class="button-group">
                            <button type="button" class="button" on:click=keep>"Keep what I typed here"</button>
                            <button type="button" class="button button--secondary" on:click=discard>"Show the saved answers instead"</button>
                        </div>
                    </Show>
                </div>
            </Show>
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::SaveState;
    use crate::api::plan::save_answers;
    use crate::components::dom;
    use crate::domain::plan::{self, RecordKey, SaveOutcome};
    use crate::error::AppError;
    use gloo_storage::{LocalStorage, Storage};
    use leptos::prelude::*;
    use serde::{Deserialize, Serialize};
    use std::collections::BTreeMap;
    use std::time::Duration;
    use wasm_bindgen::JsCast;

    /// Typing stops for this long before a save is sent.
    const DEBOUNCE: Duration = Duration::from_millis(700);
    /// How often to retry while offline.
    const RETRY: Duration = Duration::from_secs(4);

    /// What is kept in the browser until the server has it.
    #[derive(Debug, Clone, Default, Serialize, Deserialize)]
    struct Draft {
        base_version: i64,
        fields: BTreeMap<String, String>,
    }

    /// The island's state; every part is a cheap copyable handle.
    #[derive(Clone, Copy)]
    pub struct Ctx {
        key: StoredValue<String>,
        storage_key: StoredValue<String>,
        keep_drafts: bool,
        version: StoredValue<i64>,
        conflict_version: StoredValue<Option<i64>>,
        pending: StoredValue<BTreeMap<String, String>>,
        /// What the server holds, as far as this page knows.
        known: StoredValue<BTreeMap<String, String>>,
        in_flight: StoredValue<bool>,
        /// The form was sent while a save was on its way: send it again,
        /// with the new version, once that save is back.
        resubmit: StoredValue<bool>,
        again: StoredValue<bool>,
        typing: StoredValue<u64>,
        state: RwSignal<SaveState>,
        root: NodeRef<leptos::html::Div>,
    }

    impl Ctx {
        pub fn new(
            key: String,
            user_id: String,
            version: i64,
            keep_drafts: bool,
            state: RwSignal<SaveState>,
            root: NodeRef<leptos::html::Div>,
        ) -> Ctx {
            Ctx {
                storage_key: StoredValue::new(format!("carerspace:draft:{user_id}:{key}")),
                key: StoredValue::new(key),
                keep_drafts,
                version: StoredValue::new(version),
                conflict_version: StoredValue::new(None),
                pending: StoredValue::new(BTreeMap::new()),
                known: StoredValue::new(BTreeMap::new()),
                in_flight: StoredValue::new(false),
                resubmit: StoredValue::new(false),
                again: StoredValue::new(false),
                typing: StoredValue::new(0),
                state,
                root,
            }
        }

        fn record_key(&self) -> Option<RecordKey> {
            RecordKey::parse(&self.key.get_value())
        }

        /// On hydration: send whatever an earlier visit typed but the
        /// server never received, and retry whenever the browser comes online.
        pub fn start(self) {
            let this = self;
            let handle = window_event_listener(leptos::ev::online, move |_| this.flush());
            std::mem::forget(handle);
            self.known.set_value(self.all_values());
            if !self.keep_drafts {
                return;
            }
            let Ok(draft) = LocalStorage::get::<Draft>(self.storage_key.get_value()) else { return };
            let mut restored = BTreeMap::new();
            for (name, value) in draft.fields {
                if self.field_value(&name).as_deref() != Some(value.as_str()) {
                    self.set_field_value(&name, &value);
                    restored.insert(name, value);
                }
            }
            if restored.is_empty() {
                LocalStorage::delete(self.storage_key.get_value());
                return;
            }
            // Typed against an older version: save against that version, so a
            // change made elsewhere since is shown, not overwritten.
            self.version.set_value(draft.base_version);
            self.pending.set_value(restored);
            self.persist();
            self.flush();
        }

        /// A field changed: remember it now, send it when typing pauses.
        pub fn edited(self, ev: &leptos::ev::Event, at_once: bool) {
            let Some((name, value)) = ev.target().and_then(|t| read_control(&t)) else { return };
            if name.starts_with("__") {
                return;
            }
            // A `change` on leaving a field repeats what `input` already
            // sent; only a real difference from the server is a change.
            let unchanged = self.known.with_value(|k| k.get(&name) == Some(&value));
            let was_pending = self.pending.with_value(|p| p.contains_key(&name));
            if unchanged && !was_pending {
                return;
            }
            self.pending.update_value(|p| {
                if unchanged {
                    p.remove(&name);
                } else {
                    p.insert(name, value);
                }
            });
            self.persist();
            if at_once {
                self.flush();
            } else {
                let ticket = self.typing.get_value() + 1;
                self.typing.set_value(ticket);
                set_timeout(
                    move || {
                        if self.typing.get_value() == ticket {
                            self.flush();
                        }
                    },
                    DEBOUNCE,
                );
            }
        }

        /// "Save and continue": the form carries every answer, so nothing
        /// needs autosaving; if a save is on its way, wait for its new
        /// version, then send the form.
        pub fn submitting(self, ev: &leptos::ev::SubmitEvent) {
            self.typing.set_value(self.typing.get_value() + 1);
            self.pending.set_value(BTreeMap::new());
            if self.in_flight.get_value() {
                ev.prevent_default();
                self.resubmit.set_value(true);
            }
        }

        /// Leaving a field sends at once.
        pub fn left(self, _ev: &leptos::ev::FocusEvent) {
            if !self.pending.with_value(BTreeMap::is_empty) {
                self.flush();
            }
        }

        /// "Keep what I typed here": save over the newer version, knowingly.
        pub fn keep_mine(self) {
            if let Some(current) = self.conflict_version.get_value() {
                self.version.set_value(current);
                self.conflict_version.set_value(None);
                self.flush();
            }
        }

        /// "Show the saved answers instead": drop what was typed here.
        pub fn take_theirs(self) {
            self.pending.set_value(BTreeMap::new());
            LocalStorage::delete(self.storage_key.get_value());
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        }

        fn persist(self) {
            if !self.keep_drafts {
                return;
            }
            let fields = self.pending.get_value();
            if fields.is_empty() {
                LocalStorage::delete(self.storage_key.get_value());
            } else {
                let draft = Draft { base_version: self.version.get_value(), fields };
                let _ = LocalStorage::set(self.storage_key.get_value(), draft);
            }
        }

        fn flush(self) {
            if self.conflict_version.get_value().is_some() {
                return;
            }
            if self.in_flight.get_value() {
                self.again.set_value(true);
                return;
            }
            let batch = self.pending.get_value();
            if batch.is_empty() {
                return;
            }
            let Some(key) = self.record_key() else { return };
            let problems = plan::check_changes(&key, &batch);
            dom::show_field_messages(batch.keys().map(String::as_str), &problems);
            if !problems.is_empty() {
                self.state.set(SaveState::Invalid);
                return;
            }
            self.in_flight.set_value(true);
            self.state.set(SaveState::Saving);
            let base = self.version.get_value();
            leptos::task::spawn_local(async move {
                let result = save_answers(self.key.get_value(), base, batch.clone()).await;
                self.in_flight.set_value(false);
                self.settle(result, &batch);
                if self.again.get_value() {
                    self.again.set_value(false);
                    self.flush();
                }
            });
        }

        fn settle(self, result: Result<SaveOutcome, AppError>, batch: &BTreeMap<String, String>) {
            // The form waits only for a save that succeeds; otherwise the
            // status says why, and the carer decides.
            let resubmit = self.resubmit.get_value();
            self.resubmit.set_value(false);
            match result {
                Ok(SaveOutcome::Saved { version }) => {
                    self.version.set_value(version);
                    self.set_field_value("__version", &version.to_string());
                    self.known.update_value(|k| k.extend(batch.clone()));
                    if resubmit {
                        self.send_form();
                        return;
                    }
                    self.pending.update_value(|p| p.retain(|k, v| batch.get(k) != Some(v)));
                    self.persist();
                    if self.pending.with_value(BTreeMap::is_empty) {
                        self.state.set(SaveState::Saved);
                    } else {
                        self.flush();
                    }
                }
                Ok(SaveOutcome::Conflict { version, .. }) => {
                    self.conflict_version.set_value(Some(version));
                    self.state.set(SaveState::Conflict);
                }
                Err(AppError::Validation(problems)) => {
                    dom::show_field_messages(batch.keys().map(String::as_str), &problems);
                    self.state.set(SaveState::Invalid);
                }
                Err(AppError::Unauthorized) => self.state.set(SaveState::SignedOut),
                Err(AppError::Unreachable) => {
                    self.state.set(SaveState::Offline);
                    set_timeout(move || self.flush(), RETRY);
                }
                Err(_) => {
                    self.state.set(SaveState::Failed);
                    set_timeout(move || self.flush(), RETRY * 2);
                }
            }
        }

        /// Sends the page's form as "Save and continue" would.
        fn send_form(self) {
            let form = self
                .root
                .get_untracked()
                .and_then(|root| root.query_selector("form").ok().flatten())
                .and_then(|f| f.dyn_into::<web_sys::HtmlFormElement>().ok());
            if let Some(form) = form {
                let _ = form.submit();
            }
        }

        /// Every answer on the page now.
        fn all_values(self) -> BTreeMap<String, String> {
            let Some(root) = self.root.get_untracked() else { return BTreeMap::new() };
            let Ok(list) = root.query_selector_all("[name]") else { return BTreeMap::new() };
            (0..list.length())
                .filter_map(|i| list.item(i))
                .filter_map(|node| read_control(node.unchecked_ref()))
                .filter(|(name, _)| !name.starts_with("__"))
                .collect()
        }

        fn controls(self, name: &str) -> Vec<web_sys::Element> {
            let Some(root) = self.root.get_untracked() else { return Vec::new() };
            let Ok(list) = root.query_selector_all(&format!("[name=\"{name}\"]")) else { return Vec::new() };
            (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<web_sys::Element>().ok()).collect()
        }

        fn field_value(self, name: &str) -> Option<String> {
            self.controls(name).iter().find_map(|el| read_control(el.unchecked_ref()).map(|(_, v)| v))
        }

        fn set_field_value(self, name: &str, value: &str) {
            for el in self.controls(name) {
                if let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>() {
                    if input.type_() == "radio" || input.type_() == "checkbox" {
                        input.set_checked(input.value() == value);
                    } else {
                        input.set_value(value);
                    }
                } else if let Some(area) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
                    area.set_value(value);
                }
            }
        }
    }

    /// The name and current value of a form control; a radio only counts
    /// when it is the one chosen.
    fn read_control(target: &web_sys::EventTarget) -> Option<(String, String)> {
        if let Some(input) = target.dyn_ref::<web_sys::HtmlInputElement>() {
            let name = input.name();
            if name.is_empty() || input.type_() == "password" {
                return None;
            }
            return match input.type_().as_str() {
                "radio" => input.checked().then(|| (name, input.value())),
                // An unticked box is an answer too ("no"), unlike a radio not chosen.
                "checkbox" => Some((name, if input.checked() { input.value() } else { "no".to_owned() })),
                _ => Some((name, input.value())),
            };
        }
        if let Some(area) = target.dyn_ref::<web_sys::HtmlTextAreaElement>() {
            let name = area.name();
            return (!name.is_empty()).then(|| (name, area.value()));
        }
        None
    }
}
