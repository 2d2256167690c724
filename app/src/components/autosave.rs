//! Saves a plan page's answers as they are typed, and never loses them.
//!
//! The page is an ordinary server-rendered form that posts with "Save and
//! continue" (that is all there is without JavaScript). This island wraps
//! it: each change is checked with the same rules the server uses, kept in
//! the browser (gloo-storage, unless this is a shared computer) until the
//! server has it, and sent shortly after typing stops or when the field is
//! left. Every decision is made by the state machine in [`machine`]; this
//! file only turns browser events into its events and carries out its
//! effects.

// `#[island]` generates a public struct for its props that cannot carry a
// doc comment, and it drops lint attributes put on the island; so the lint
// is expected here.
#![expect(missing_docs, reason = "the island macro's props struct cannot be documented")]

// The machine has no island in it, so it is held to the rule.
#[warn(missing_docs)]
pub mod machine;

use leptos::prelude::*;
use machine::Status;

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
    /// Whose plan, when a worker writes their own part of a carer's plan
    /// (saved through the worker's server function); none for the carer.
    #[prop(optional)]
    carer_id: Option<String>,
    /// The server-rendered form.
    children: Children,
) -> impl IntoView {
    let ui = Ui {
        live: RwSignal::new(false),
        shown: RwSignal::new(Status::Ready),
        busy: RwSignal::new(false),
        theirs: RwSignal::new(Vec::new()),
        root: NodeRef::new(),
        status_box: NodeRef::new(),
        pressed: StoredValue::new(None),
    };
    #[cfg(feature = "hydrate")]
    let glue = browser::Glue::new(&record_key, &user_id, version, keep_drafts, carer_id.as_deref(), ui);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| glue.wake());
    #[cfg(not(feature = "hydrate"))]
    let _ = (&record_key, &user_id, version, &carer_id);

    let send = move |event: machine::Event| {
        #[cfg(feature = "hydrate")]
        glue.dispatch(event);
        #[cfg(not(feature = "hydrate"))]
        let _ = event;
    };
    let on_edit = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        if let Some(event) = browser::edited(&ev) {
            send(event);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let on_leave = move |_: leptos::ev::FocusEvent| send(machine::Event::Left);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        // The island sends the form itself once the autosave has the
        // current version (see the machine); without JavaScript none of
        // this runs and the form simply posts.
        ev.prevent_default();
        #[cfg(feature = "hydrate")]
        {
            ui.remember_pressed(&ev);
            send(machine::Event::SubmitPressed { all: ui.all_values() });
        }
    };
    let shown = ui.shown;
    let message = move || shown.get().message(keep_drafts);
    let choosing = move || matches!(shown.get(), Status::Conflict | Status::ConfirmDiscard);
    view! {
        <div node_ref=ui.root on:input=on_edit on:change=on_edit on:focusout=on_leave on:submit=on_submit
            data-autosave=move || if ui.live.get() { "live" } else { "server" }>
            {children()}
            // One status for the whole form, moved beside the field being
            // saved (on a phone the end of the form is far away). It is
            // never removed from the page, only moved, so its live region
            // announces changes of wording, and nothing else.
            <div class="autosave" node_ref=ui.status_box tabindex="-1" hidden=move || !ui.live.get()
                class:autosave--warning=move || shown.get().is_warning() class:autosave--busy=move || ui.busy.get()>
                <p class="autosave__status" role="status" aria-live="polite">{message}</p>
                // Drawn over the status while a save is on its way, so the
                // box never changes height under a finger about to tap, and
                // not announced: only a change of meaning is.
                <p class="autosave__busy" aria-hidden="true" hidden=move || !ui.busy.get()>"Saving…"</p>
                // The choices are always in the page and only hidden, which
                // keeps the island (and so every carer's download) smaller.
                <div class="autosave__theirs" hidden=move || !choosing()>
                    <p class="autosave__theirs-title">"Saved on the other device or tab:"</p>
                    <dl class="autosave__theirs-list">
                        {move || ui.theirs.get().into_iter().map(|(question, answer)| view! {
                            <dt>{question}</dt>
                            <dd>{answer}</dd>
                        }).collect_view()}
                    </dl>
                </div>
                <div class="button-group" hidden=move || shown.get() != Status::Conflict>
                    <button type="button" class="button" on:click=move |_| send(machine::Event::KeepMine)>
                        "Keep what I typed here"
                    </button>
                    <button type="button" class="button button--secondary" on:click=move |_| send(machine::Event::ShowSaved)>
                        "Show the saved answers instead"
                    </button>
                </div>
                <div class="button-group" hidden=move || shown.get() != Status::ConfirmDiscard>
                    <button type="button" class="button button--warning" on:click=move |_| send(machine::Event::ConfirmShowSaved)>
                        "Yes, show the saved answers"
                    </button>
                    <button type="button" class="button button--secondary" on:click=move |_| send(machine::Event::CancelShowSaved)>
                        "No, keep what I typed"
                    </button>
                </div>
                <div class="button-group" hidden=move || shown.get() != Status::SignOutHeld>
                    <button type="button" class="button" on:click=move |_| send(machine::Event::StaySignedIn)>
                        "Stay signed in"
                    </button>
                    <button type="button" class="button button--warning" on:click=move |_| send(machine::Event::SignOutAnyway)>
                        "Sign out anyway"
                    </button>
                </div>
            </div>
        </div>
    }
}

/// The island's view state: what the machine last asked to show.
#[derive(Clone, Copy)]
struct Ui {
    live: RwSignal<bool>,
    shown: RwSignal<Status>,
    busy: RwSignal<bool>,
    /// What the other device saved, as (question, answer) in words.
    theirs: RwSignal<Vec<(String, String)>>,
    root: NodeRef<leptos::html::Div>,
    status_box: NodeRef<leptos::html::Div>,
    /// The name and value of the button that sent the form ("Add a person"
    /// posts `__then=person`), so the island sends the same form the
    /// button would have.
    #[cfg_attr(not(feature = "hydrate"), expect(dead_code, reason = "only the browser glue sends forms"))]
    pressed: StoredValue<Option<(String, String)>>,
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::Ui;
    use super::machine::{Draft, Effect, Event, Fields, Machine, Place, Status, Timer};
    use crate::api::plan::save_answers;
    use crate::api::worker::save_worker_answers;
    use crate::components::dom;
    use crate::components::idle::SESSION_USED;
    use crate::domain::plan::RecordKey;
    use gloo_storage::{LocalStorage, Storage};
    use leptos::prelude::*;
    use wasm_bindgen::JsCast;

    /// The machine, the page it drives, and the timers it asked for.
    #[derive(Clone, Copy)]
    pub struct Glue {
        machine: StoredValue<Option<Machine>>,
        key: StoredValue<String>,
        carer: StoredValue<Option<uuid::Uuid>>,
        storage_key: StoredValue<String>,
        /// Every draft of this person (of this carer's plan, for a worker)
        /// begins with this.
        drafts_prefix: StoredValue<String>,
        debounce: StoredValue<Option<TimeoutHandle>>,
        retry: StoredValue<Option<TimeoutHandle>>,
        ui: Ui,
    }

    impl Glue {
        pub fn new(key: &str, user_id: &str, version: i64, keep_drafts: bool, carer: Option<&str>, ui: Ui) -> Glue {
            let carer = carer.and_then(|c| uuid::Uuid::parse_str(c).ok());
            // A worker's drafts are kept per carer: the same record key names
            // a different record in each carer's plan.
            let owner = carer.map_or_else(|| user_id.to_owned(), |c| format!("{user_id}:{c}"));
            Glue {
                machine: StoredValue::new(RecordKey::parse(key).map(|k| Machine::new(k, version, keep_drafts))),
                key: StoredValue::new(key.to_owned()),
                carer: StoredValue::new(carer),
                storage_key: StoredValue::new(format!("carerspace:draft:{owner}:{key}")),
                drafts_prefix: StoredValue::new(format!("carerspace:draft:{owner}:")),
                debounce: StoredValue::new(None),
                retry: StoredValue::new(None),
                ui,
            }
        }

        /// The script has arrived: tell the machine what the server
        /// rendered, what the fields hold now and what an earlier visit kept.
        pub fn wake(self) {
            let online = window_event_listener(leptos::ev::online, move |_| self.dispatch(Event::Online));
            let sign_out = window_event_listener(leptos::ev::submit, move |ev| {
                let form = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok());
                if form.is_some_and(|f| f.action().ends_with("/sign-out")) {
                    ev.prevent_default();
                    self.dispatch(Event::SignOutPressed);
                }
            });
            on_cleanup(move || {
                online.remove();
                sign_out.remove();
            });
            let draft = LocalStorage::get::<Draft>(self.storage_key.get_value()).ok();
            let rendered = self.ui.values(true);
            let current = self.ui.values(false);
            self.ui.live.set(true);
            self.dispatch(Event::Woke { rendered, current, draft });
        }

        /// Hands one event to the machine and carries out what it says.
        pub fn dispatch(self, event: Event) {
            let submitting = matches!(event, Event::SubmitPressed { .. });
            let effects = self.machine.try_update_value(|m| m.as_mut().map(|m| m.on(event))).flatten();
            // A page whose key could not be read has no machine: its form
            // must still go, as it would without JavaScript.
            let effects = effects.unwrap_or_else(|| if submitting { vec![Effect::SubmitForm] } else { Vec::new() });
            for effect in effects {
                self.perform(effect);
            }
        }

        fn perform(self, effect: Effect) {
            match effect {
                Effect::Save { version, changes, base } => {
                    let (key, carer) = (self.key.get_value(), self.carer.get_value());
                    leptos::task::spawn_local(async move {
                        let result = match carer {
                            Some(carer) => save_worker_answers(carer, key, version, changes, Some(base)).await,
                            None => save_answers(key, version, changes, Some(base)).await,
                        };
                        self.dispatch(Event::Returned(result));
                    });
                }
                Effect::KeepDraft(draft) => {
                    let _ = LocalStorage::set(self.storage_key.get_value(), draft);
                }
                Effect::ForgetDraft => LocalStorage::delete(self.storage_key.get_value()),
                Effect::StartTimer(timer, after) => {
                    self.cancel(timer);
                    let handle = set_timeout_with_handle(move || self.dispatch(Event::TimerFired(timer)), after).ok();
                    self.slot(timer).set_value(handle);
                }
                Effect::CancelTimer(timer) => self.cancel(timer),
                Effect::Show(Status::Leaving) => {}
                Effect::Show(Status::Saving) => self.ui.busy.set(true),
                Effect::Show(status) => {
                    self.ui.busy.set(false);
                    self.ui.shown.set(status);
                }
                Effect::Place(place) => self.ui.place(&place),
                Effect::FocusStatus => {
                    let status_box = self.ui.status_box;
                    request_animation_frame(move || {
                        if let Some(el) = status_box.get_untracked() {
                            let _ = el.focus();
                        }
                    });
                }
                Effect::FieldMessages { fields, problems } => {
                    dom::show_messages_in_place(fields.iter().map(String::as_str), &problems);
                }
                Effect::SetFields(fields) => {
                    for (name, value) in fields {
                        self.ui.set_value(&name, &value);
                    }
                }
                Effect::ShowTheirs(fields) => {
                    let words = fields.iter().map(|(name, value)| self.ui.in_words(name, value)).collect();
                    self.ui.theirs.set(words);
                }
                Effect::SetVersion(version) => self.ui.set_value("__version", &version.to_string()),
                Effect::SessionUsed => {
                    if let (Some(w), Ok(ev)) = (web_sys::window(), web_sys::Event::new(SESSION_USED)) {
                        let _ = w.dispatch_event(&ev);
                    }
                }
                Effect::SubmitForm => {
                    if let Some(form) = self.ui.form() {
                        self.ui.carry_pressed(&form);
                        let _ = form.submit();
                    }
                }
                Effect::SignOut => {
                    let form = dom::document()
                        .and_then(|d| d.query_selector("form[action=\"/sign-out\"]").ok().flatten())
                        .and_then(|f| f.dyn_into::<web_sys::HtmlFormElement>().ok());
                    if let Some(form) = form {
                        let _ = form.submit();
                    }
                }
                Effect::ClearPage => {
                    self.ui.theirs.set(Vec::new());
                    if let Some(form) = self.ui.form() {
                        form.remove();
                    }
                    self.forget_every_draft();
                }
                Effect::Reload => {
                    if let Some(w) = web_sys::window() {
                        let _ = w.location().reload();
                    }
                }
            }
        }

        /// Removes every draft kept for this plan on this device, not only
        /// this page's: none of it may stay once access has ended.
        fn forget_every_draft(self) {
            let storage = LocalStorage::raw();
            let prefix = self.drafts_prefix.get_value();
            let keys: Vec<String> = (0..storage.length().unwrap_or(0))
                .filter_map(|i| storage.key(i).ok().flatten())
                .filter(|key| key.starts_with(&prefix))
                .collect();
            for key in keys {
                let _ = storage.remove_item(&key);
            }
        }

        fn slot(self, timer: Timer) -> StoredValue<Option<TimeoutHandle>> {
            match timer {
                Timer::Debounce => self.debounce,
                Timer::Retry => self.retry,
            }
        }

        fn cancel(self, timer: Timer) {
            if let Some(handle) = self.slot(timer).try_update_value(Option::take).flatten() {
                handle.clear();
            }
        }
    }

    /// The machine's event for an `input` or `change` on a form control.
    pub fn edited(ev: &leptos::ev::Event) -> Option<Event> {
        let (name, value) = read_control(&ev.target()?, false)?;
        Some(Event::Edited { name, value })
    }

    impl Ui {
        fn form(self) -> Option<web_sys::HtmlFormElement> {
            self.root.get_untracked()?.query_selector("form").ok()??.dyn_into().ok()
        }

        /// Notes which named button sent the form, if any.
        pub fn remember_pressed(self, ev: &leptos::ev::SubmitEvent) {
            let pressed = ev
                .submitter()
                .and_then(|b| b.dyn_into::<web_sys::HtmlButtonElement>().ok())
                .map(|b| (b.name(), b.value()))
                .filter(|(name, _)| !name.is_empty());
            self.pressed.set_value(pressed);
        }

        /// `form.submit()` sends no button: add the pressed one's name and
        /// value as a hidden field (once), as the button itself would.
        fn carry_pressed(self, form: &web_sys::HtmlFormElement) {
            if let Ok(Some(old)) = form.query_selector("input[data-pressed]") {
                old.remove();
            }
            let Some((name, value)) = self.pressed.get_value() else { return };
            let Some(input) = dom::document().and_then(|d| d.create_element("input").ok()) else { return };
            let _ = input.set_attribute("type", "hidden");
            let _ = input.set_attribute("name", &name);
            let _ = input.set_attribute("value", &value);
            let _ = input.set_attribute("data-pressed", "");
            let _ = form.append_child(&input);
        }

        fn controls(self, selector: &str) -> Vec<web_sys::Element> {
            let Some(root) = self.root.get_untracked() else { return Vec::new() };
            let Ok(list) = root.query_selector_all(selector) else { return Vec::new() };
            (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<web_sys::Element>().ok()).collect()
        }

        /// Every answer in the form: as the server rendered it
        /// (`rendered`), or as it is now.
        pub fn values(self, rendered: bool) -> Fields {
            self.controls("[name]").iter().filter_map(|el| read_control(el.unchecked_ref(), rendered)).collect()
        }

        /// Every answer in the form now.
        pub fn all_values(self) -> Fields {
            self.values(false)
        }

        fn set_value(self, name: &str, value: &str) {
            for el in self.controls(&format!("[name=\"{name}\"]")) {
                if let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>() {
                    match input.type_().as_str() {
                        "radio" | "checkbox" => input.set_checked(input.value() == value),
                        _ => input.set_value(value),
                    }
                } else if let Some(area) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
                    area.set_value(value);
                }
            }
        }

        /// A stored answer as the carer would read it: the question, and
        /// the answer (a choice by its label).
        fn in_words(self, name: &str, value: &str) -> (String, String) {
            let text = |el: Option<web_sys::Element>| el.and_then(|e| e.text_content()).map(|t| t.trim().to_owned());
            let first = self.controls(&format!("[name=\"{name}\"]:not([type=hidden])")).into_iter().next();
            let question = first
                .as_ref()
                .and_then(|el| el.closest("fieldset").ok().flatten())
                .and_then(|set| text(set.query_selector("legend").ok().flatten()))
                .or_else(|| {
                    let id = first.as_ref().map(|el| el.id()).unwrap_or_default();
                    text(self.controls(&format!("label[for=\"{id}\"]")).into_iter().next())
                })
                .unwrap_or_else(|| name.to_owned());
            let kind = first.as_ref().and_then(|el| el.get_attribute("type")).unwrap_or_default();
            let answer = match kind.as_str() {
                "checkbox" if value == "yes" => "Ticked".to_owned(),
                "checkbox" => "Not ticked".to_owned(),
                "radio" => self
                    .controls(&format!("[name=\"{name}\"][value=\"{value}\"]"))
                    .into_iter()
                    .next()
                    .and_then(|choice| text(self.controls(&format!("label[for=\"{}\"]", choice.id())).into_iter().next()))
                    .unwrap_or_else(|| "Not answered".to_owned()),
                _ if value.trim().is_empty() => "Nothing written".to_owned(),
                _ => value.to_owned(),
            };
            (question, answer)
        }

        /// Moves the status beside `place`, keeping the field the carer is
        /// in where it was on the screen (moving the status out from above
        /// it would otherwise pull it up under their finger).
        fn place(self, place: &Place) {
            let (Some(status), Some(form)) = (self.status_box.get_untracked(), self.form()) else { return };
            let status: &web_sys::Element = status.unchecked_ref();
            let anchor = dom::document()
                .and_then(|d| d.active_element())
                .filter(|el| form.contains(Some(el.as_ref())))
                .unwrap_or_else(|| form.clone().unchecked_into());
            let before = anchor.get_bounding_client_rect().top();
            match place {
                Place::Field(name) => {
                    let group = self
                        .controls(&format!("[name=\"{name}\"]:not([type=hidden])"))
                        .into_iter()
                        .next()
                        .and_then(|el| el.closest(".form-group").ok().flatten());
                    let Some(group) = group else { return };
                    if group.next_element_sibling().as_ref() == Some(status) {
                        return;
                    }
                    let _ = group.after_with_node_1(status);
                }
                Place::Button => {
                    if let Ok(Some(button)) = form.query_selector("button[type=submit]") {
                        let _ = button.before_with_node_1(status);
                    }
                }
                Place::Top => {
                    let _ = form.before_with_node_1(status);
                }
            }
            let moved = anchor.get_bounding_client_rect().top() - before;
            if moved.abs() > 0.5
                && let Some(w) = web_sys::window()
            {
                w.scroll_by_with_x_and_y(0.0, moved);
            }
        }
    }

    /// The name and value of a form control, now or as the server rendered
    /// it (`rendered`: its default). A radio counts only when chosen; an
    /// unticked box is an answer too ("no"). Passwords are never read.
    fn read_control(target: &web_sys::EventTarget, rendered: bool) -> Option<(String, String)> {
        if let Some(input) = target.dyn_ref::<web_sys::HtmlInputElement>() {
            let name = input.name();
            if name.is_empty() || input.type_() == "password" {
                return None;
            }
            let checked = if rendered { input.default_checked() } else { input.checked() };
            return match input.type_().as_str() {
                "radio" => checked.then(|| (name, input.value())),
                "checkbox" => Some((name, if checked { input.value() } else { "no".to_owned() })),
                _ => Some((name, if rendered { input.default_value() } else { input.value() })),
            };
        }
        if let Some(area) = target.dyn_ref::<web_sys::HtmlTextAreaElement>() {
            let name = area.name();
            let value = if rendered { area.default_value().unwrap_or_default() } else { area.value() };
            return (!name.is_empty()).then_some((name, value));
        }
        None
    }
}
