//! Every decision the autosave makes, as a plain state machine.
//!
//! The island feeds it [`Event`]s (typing, a timer, the server's answer, a
//! button) and performs the [`Effect`]s it returns (send this batch, keep
//! this draft, start this timer, show this status…). Nothing here touches
//! the browser, so `cargo test` covers every transition, and the browser
//! glue in `autosave.rs` stays too thin to hide a decision.
//!
//! What the machine remembers beside its [`State`]:
//! - `known`: what the page believes the server holds, field by field;
//! - `pending`: what was typed and has not been confirmed yet (kept as a
//!   draft in the browser until it has);
//! - `base`: for each pending field, the value it was typed over. Each save
//!   carries it, so the server can tell this device's own earlier save (or
//!   an unchanged field) from a change made somewhere else, and only the
//!   latter is a conflict.

use crate::domain::plan::{RecordKey, SaveOutcome, check_changes};
use crate::error::{AppError, FieldErrors};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::time::Duration;

/// Answers by field name.
pub type Fields = BTreeMap<String, String>;

/// Typing stops for this long before a save is sent.
pub const DEBOUNCE: Duration = Duration::from_millis(700);
/// How soon to try again while the server cannot be reached.
pub const RETRY_OFFLINE: Duration = Duration::from_secs(4);
/// How soon to try again after the server failed on its side.
pub const RETRY_FAILED: Duration = Duration::from_secs(8);

/// What is kept in the browser until the server has it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// The version the answers were typed against.
    pub base_version: i64,
    /// The answers not yet confirmed by the server.
    pub fields: Fields,
    /// For each answer, the value it was typed over. (Drafts kept before
    /// this was recorded have none; the page's own values stand in.)
    #[serde(default)]
    pub base: Fields,
}

/// The timers the machine asks for; starting one again restarts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timer {
    /// Typing has paused.
    Debounce,
    /// Time to try a failed save again.
    Retry,
}

/// A refusal that trying again will not change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// This account may not change these answers.
    Forbidden,
    /// The record is gone (removed on another device, say).
    NotFound,
    /// The server could not read the request.
    BadRequest,
    /// The carer withdrew consent (a worker's form).
    Withdrawn,
    /// A manager moved the plan away from this worker.
    Moved,
    /// The carer asked for their plan to be deleted (a worker's form).
    Deleted,
    /// This account was closed while the page was open.
    Closed,
    /// A worker's form whose plan is no longer open to them at all.
    Gone,
}

impl Refusal {
    /// The refusal an error is, on a form editing `key`: `None` when
    /// trying again may help. The refusals that end someone's access to a
    /// plan that is not theirs (and a closed account) also take the plan
    /// off the screen: see [`Refusal::clears`].
    pub fn of(error: &AppError, key: &RecordKey) -> Option<Refusal> {
        let workers = key.is_workers();
        Some(match error {
            AppError::ConsentWithdrawn => Refusal::Withdrawn,
            AppError::PlanMoved => Refusal::Moved,
            AppError::PlanDeleted => Refusal::Deleted,
            AppError::AccountClosed => Refusal::Closed,
            AppError::Forbidden | AppError::NotFound if workers => Refusal::Gone,
            AppError::Forbidden => Refusal::Forbidden,
            AppError::NotFound => Refusal::NotFound,
            AppError::BadRequest => Refusal::BadRequest,
            _ => return None,
        })
    }

    /// True when what the page shows must go: a worker no longer allowed
    /// to see the carer's words, or an account that is closed. A carer's
    /// own words refused for other reasons stay for them to copy.
    pub fn clears(self) -> bool {
        matches!(self, Refusal::Withdrawn | Refusal::Moved | Refusal::Deleted | Refusal::Closed | Refusal::Gone)
    }
}

/// What to do once the save on its way has been confirmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Then {
    /// Nothing more.
    Nothing,
    /// Send the page's form ("Save and continue").
    SubmitForm,
    /// Sign out.
    SignOut,
}

/// Where the status is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// Beside this field (the one being saved or refused).
    Field(String),
    /// Beside the "Save and continue" button.
    Button,
    /// At the top of the form, where a carer who pressed "Sign out" in the
    /// header will see it.
    Top,
}

/// The autosave's state. Data that belongs to one state lives in its
/// variant, so, for example, a save cannot be on its way during a conflict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    /// The page is server-rendered; the script has not woken yet.
    Asleep,
    /// Awake, and nothing typed on this visit.
    Ready,
    /// Something typed; waiting for typing to pause.
    Typing,
    /// A save is on its way.
    Saving {
        /// What it carries.
        batch: Fields,
        /// More was asked to be sent meanwhile: send it once this is back.
        again: bool,
        /// What to do once everything is confirmed.
        then: Then,
    },
    /// Everything typed has reached the server.
    Saved,
    /// The server cannot be reached; a retry is due.
    Offline,
    /// The server failed on its side; a retry is due.
    Failed,
    /// Something typed does not pass the checks; fixing it sends it.
    Invalid {
        /// The fields marked with a message.
        marked: Vec<String>,
    },
    /// The session has ended; what was typed is kept.
    SignedOut,
    /// The server refused for good; what was typed is kept, nothing is retried.
    Refused(Refusal),
    /// Changed elsewhere since this page was opened; the carer chooses.
    Conflict {
        /// The version now stored.
        version: i64,
        /// What is stored now for the fields in question.
        theirs: Fields,
    },
    /// "Show the saved answers instead" was chosen: asking before throwing
    /// away what was typed.
    ConfirmDiscard {
        /// The version now stored.
        version: i64,
        /// What is stored now for the fields in question.
        theirs: Fields,
    },
    /// "Sign out" was pressed while answers could not be sent: asking
    /// whether to stay. `behind` is where the autosave goes back to.
    SignOutHeld {
        /// The state to return to on "Stay signed in".
        behind: Box<State>,
    },
    /// The page is going away (form sent, signing out, reloading).
    Leaving,
}

/// What the status line says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Before anything is typed.
    Ready,
    /// A save is on its way.
    Saving,
    /// Everything typed has reached the server.
    Saved,
    /// Offline; waiting.
    Offline,
    /// Failed on the server's side; trying again.
    Failed,
    /// Check the answers marked.
    Invalid,
    /// Signed out.
    SignedOut,
    /// Refused for good.
    Refused(Refusal),
    /// Changed elsewhere.
    Conflict,
    /// Asking before throwing away what was typed.
    ConfirmDiscard,
    /// Asking before signing out with answers unsent.
    SignOutHeld,
    /// The page is going away.
    Leaving,
}

impl Status {
    /// What the carer reads (and a screen reader announces, politely).
    /// `keep_drafts` is false on a shared computer, where nothing is kept
    /// in the browser, so the words must not promise that it is.
    pub fn message(self, keep_drafts: bool) -> &'static str {
        match self {
            Status::Ready if keep_drafts => "Your answers save as you type.",
            Status::Ready => "Your answers save as you type. This is a shared computer: nothing is kept on it.",
            Status::Saving => "Saving…",
            Status::Saved => "Saved",
            Status::Offline if keep_drafts => "Offline – kept on this device. It will be saved when you are back online.",
            Status::Offline => "Offline – not saved yet. Keep this page open: it will be saved when you are back online.",
            Status::Failed => "Not saved yet – trying again.",
            Status::Invalid => "Not saved – check the answer marked.",
            Status::SignedOut if keep_drafts => {
                "You have been signed out. What you typed is kept on this device: sign in again to save it."
            }
            Status::SignedOut => "You have been signed out. Copy anything you need, then sign in again.",
            Status::Refused(Refusal::Forbidden) => {
                "Not saved – your account cannot change these answers. What you typed is still on this page: copy anything you want to keep, then go back to your plan."
            }
            Status::Refused(Refusal::NotFound) => {
                "Not saved – this part of your plan is no longer there (it may have been removed on another device). What you typed is still on this page: copy anything you want to keep, then go back to your plan."
            }
            Status::Refused(Refusal::BadRequest) => {
                "Not saved – this page could not be saved. What you typed is still on this page: copy anything you want to keep, then reload the page and try again."
            }
            Status::Refused(Refusal::Withdrawn) => {
                "The carer has withdrawn consent. You can no longer see any part of their plan. What you typed was not saved, and the plan has been taken off this page."
            }
            Status::Refused(Refusal::Moved) => {
                "This plan is no longer allocated to you: a manager has moved it. What you typed was not saved, and the plan has been taken off this page."
            }
            Status::Refused(Refusal::Deleted) => {
                "The carer has asked for their plan to be deleted. What you typed was not saved, and the plan has been taken off this page."
            }
            Status::Refused(Refusal::Closed) => {
                "This account has been closed. Nothing more can be saved with it, and what was on this page has been taken off it."
            }
            Status::Refused(Refusal::Gone) => "Not saved – this plan is no longer open to you, so it has been taken off this page.",
            Status::Conflict => {
                "These answers were changed somewhere else (another device or tab) since you opened this page. Nothing you typed here has been lost."
            }
            Status::ConfirmDiscard => "Show the saved answers instead? What you typed here will be removed from this page.",
            Status::SignOutHeld if keep_drafts => {
                "Your latest answers have not been saved yet. If you sign out now, they will be removed from this device."
            }
            Status::SignOutHeld => "Your latest answers have not been saved yet. If you sign out now, they will be lost.",
            Status::Leaving => "Saved",
        }
    }

    /// True when the carer needs to look: anything but the ordinary
    /// "saves as you type", "Saving…" and "Saved".
    pub fn is_warning(self) -> bool {
        !matches!(self, Status::Ready | Status::Saving | Status::Saved | Status::Leaving)
    }
}

/// Something that happened, told to the machine by the browser glue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// The script has woken. `rendered` is what the server put in the page
    /// (the fields' default values), `current` what the fields hold now
    /// (typed before the script arrived, perhaps), `draft` what an earlier
    /// visit kept in the browser.
    Woke {
        /// The server-rendered values.
        rendered: Fields,
        /// The values in the fields now.
        current: Fields,
        /// The draft kept in the browser, if any.
        draft: Option<Draft>,
    },
    /// A field changed.
    Edited {
        /// Its name.
        name: String,
        /// Its value now.
        value: String,
    },
    /// Focus left a field.
    Left,
    /// A timer ran out.
    TimerFired(Timer),
    /// The browser says it is online again.
    Online,
    /// The server answered the save on its way.
    Returned(Result<SaveOutcome, AppError>),
    /// "Save and continue" was pressed; `all` is every answer in the form.
    SubmitPressed {
        /// Every answer in the form.
        all: Fields,
    },
    /// "Sign out" was pressed.
    SignOutPressed,
    /// "Keep what I typed here".
    KeepMine,
    /// "Show the saved answers instead" (asks first).
    ShowSaved,
    /// "Yes, show the saved answers".
    ConfirmShowSaved,
    /// "No, keep what I typed".
    CancelShowSaved,
    /// "Stay signed in".
    StaySignedIn,
    /// "Sign out anyway".
    SignOutAnyway,
}

/// Something for the browser glue to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Send these changes. `version` is the version they were typed
    /// against; `base` the value each was typed over.
    Save {
        /// The version the page knows.
        version: i64,
        /// The answers to save.
        changes: Fields,
        /// The value each answer was typed over.
        base: Fields,
    },
    /// Keep this draft in the browser (replacing any other for the page).
    KeepDraft(Draft),
    /// Nothing is left to keep in the browser.
    ForgetDraft,
    /// Start (or restart) a timer.
    StartTimer(Timer, Duration),
    /// Stop a timer.
    CancelTimer(Timer),
    /// Show this status.
    Show(Status),
    /// Move the status here.
    Place(Place),
    /// Move focus to the status (it asks the carer something).
    FocusStatus,
    /// Show each named field's message from `problems`, or none.
    FieldMessages {
        /// The fields checked.
        fields: Vec<String>,
        /// Their messages.
        problems: FieldErrors,
    },
    /// Put these values back into the fields (a draft restored).
    SetFields(Fields),
    /// Show what the other device saved.
    ShowTheirs(Fields),
    /// The form must name this version when it is sent.
    SetVersion(i64),
    /// The server answered as the signed-in carer: their session is renewed.
    SessionUsed,
    /// Send the page's form.
    SubmitForm,
    /// Sign out.
    SignOut,
    /// Load the page again from the server.
    Reload,
    /// Take the form, and everything it shows, off the page for good.
    ClearPage,
}

/// The autosave of one form; see the module documentation.
#[derive(Debug, Clone)]
pub struct Machine {
    key: RecordKey,
    keep_drafts: bool,
    version: i64,
    known: Fields,
    pending: Fields,
    base: Fields,
    saved_once: bool,
    state: State,
}

impl Machine {
    /// A machine for the form editing `key`, rendered from `version`.
    /// `keep_drafts` is false on a shared computer.
    pub fn new(key: RecordKey, version: i64, keep_drafts: bool) -> Machine {
        Machine {
            key,
            keep_drafts,
            version,
            known: Fields::new(),
            pending: Fields::new(),
            base: Fields::new(),
            saved_once: false,
            state: State::Asleep,
        }
    }

    /// The state now.
    pub fn state(&self) -> &State {
        &self.state
    }

    /// The version the next save names.
    pub fn version(&self) -> i64 {
        self.version
    }

    /// What was typed and not yet confirmed.
    pub fn pending(&self) -> &Fields {
        &self.pending
    }

    /// What the status line says now.
    pub fn status(&self) -> Status {
        status_of(&self.state, self.saved_once)
    }

    /// Handles one event; returns what to do, in order.
    pub fn on(&mut self, event: Event) -> Vec<Effect> {
        let before = self.status();
        let mut fx = Vec::new();
        match event {
            Event::Woke { rendered, current, draft } => self.woke(rendered, current, draft, &mut fx),
            Event::Edited { name, value } => self.edited(name, value, &mut fx),
            Event::Left | Event::TimerFired(Timer::Debounce) => self.flush(Then::Nothing, &mut fx),
            Event::Online | Event::TimerFired(Timer::Retry) => {
                if matches!(self.state, State::Offline | State::Failed) {
                    self.flush(Then::Nothing, &mut fx);
                }
            }
            Event::Returned(result) => self.returned(result, &mut fx),
            Event::SubmitPressed { all } => self.submit(all, &mut fx),
            Event::SignOutPressed => self.sign_out(&mut fx),
            Event::KeepMine => {
                if let State::Conflict { version, theirs } = &self.state {
                    // Save over the newer version knowingly: what is stored
                    // now is what these answers replace.
                    self.version = *version;
                    for (name, value) in theirs {
                        if self.pending.contains_key(name) {
                            self.base.insert(name.clone(), value.clone());
                        }
                    }
                    self.state = State::Typing;
                    self.flush(Then::Nothing, &mut fx);
                }
            }
            Event::ShowSaved => {
                if let State::Conflict { version, theirs } = &self.state {
                    self.state = State::ConfirmDiscard { version: *version, theirs: theirs.clone() };
                    fx.push(Effect::FocusStatus);
                }
            }
            Event::CancelShowSaved => {
                if let State::ConfirmDiscard { version, theirs } = &self.state {
                    self.state = State::Conflict { version: *version, theirs: theirs.clone() };
                    fx.push(Effect::FocusStatus);
                }
            }
            Event::ConfirmShowSaved => {
                if matches!(self.state, State::ConfirmDiscard { .. }) {
                    self.pending.clear();
                    self.base.clear();
                    self.state = State::Leaving;
                    fx.extend([Effect::CancelTimer(Timer::Debounce), Effect::ForgetDraft, Effect::Reload]);
                }
            }
            Event::StaySignedIn => {
                if let State::SignOutHeld { behind } = &self.state {
                    self.state = (**behind).clone();
                    // Staying is a good moment to try again.
                    if matches!(self.state, State::Offline | State::Failed | State::SignedOut | State::Typing) {
                        self.flush(Then::Nothing, &mut fx);
                    }
                }
            }
            Event::SignOutAnyway => {
                if matches!(self.state, State::SignOutHeld { .. }) {
                    self.state = State::Leaving;
                    fx.extend([Effect::CancelTimer(Timer::Debounce), Effect::CancelTimer(Timer::Retry), Effect::SignOut]);
                }
            }
        }
        let after = self.status();
        if after != before {
            fx.push(Effect::Show(after));
        }
        fx
    }

    fn idle_state(&self) -> State {
        if self.pending.is_empty() { if self.saved_once { State::Saved } else { State::Ready } } else { State::Typing }
    }

    fn keep_or_forget(&self, fx: &mut Vec<Effect>) {
        if !self.keep_drafts {
            return;
        }
        if self.pending.is_empty() {
            fx.push(Effect::ForgetDraft);
        } else {
            fx.push(Effect::KeepDraft(Draft { base_version: self.version, fields: self.pending.clone(), base: self.base.clone() }));
        }
    }

    /// Records `value` for `name` as typed (or, when it is what the server
    /// holds, as not typed after all).
    fn note(&mut self, name: String, value: String, typed_over: Option<String>) {
        let stored = self.known.get(&name).cloned().unwrap_or_default();
        if stored == value && typed_over.is_none() {
            self.pending.remove(&name);
            self.base.remove(&name);
            return;
        }
        let over = typed_over.unwrap_or(stored);
        self.base.entry(name.clone()).or_insert(over);
        self.pending.insert(name, value);
    }

    fn woke(&mut self, rendered: Fields, current: Fields, draft: Option<Draft>, fx: &mut Vec<Effect>) {
        if self.state != State::Asleep {
            return;
        }
        self.known = without_hidden(rendered);
        // Anything in a field that differs from what the server rendered
        // was typed before the script arrived: it counts as typed.
        for (name, value) in without_hidden(current.clone()) {
            self.note(name, value, None);
        }
        let mut restored = Fields::new();
        if let Some(draft) = draft.filter(|_| self.keep_drafts) {
            let mut from_draft = false;
            for (name, value) in draft.fields {
                if name.starts_with("__") {
                    continue;
                }
                let typed_over = draft.base.get(&name).cloned();
                if current.get(&name) != Some(&value) {
                    restored.insert(name.clone(), value.clone());
                }
                if self.known.get(&name) != Some(&value) {
                    // Typed over what the draft says was stored then, so a
                    // change made elsewhere since is shown, not overwritten.
                    self.base.remove(&name);
                    self.note(name, value, typed_over);
                    from_draft = true;
                }
            }
            if from_draft {
                self.version = self.version.min(draft.base_version);
            }
        }
        self.state = State::Ready;
        if !restored.is_empty() {
            fx.push(Effect::SetFields(restored));
        }
        if self.pending.is_empty() {
            if self.keep_drafts {
                fx.push(Effect::ForgetDraft);
            }
        } else {
            self.keep_or_forget(fx);
            if let Some(first) = self.pending.keys().next() {
                fx.push(Effect::Place(Place::Field(first.clone())));
            }
            self.flush(Then::Nothing, fx);
        }
    }

    fn edited(&mut self, name: String, value: String, fx: &mut Vec<Effect>) {
        if name.starts_with("__") || matches!(self.state, State::Asleep | State::Leaving) {
            return;
        }
        if let State::Refused(refusal) = self.state
            && refusal.clears()
        {
            return;
        }
        let was = self.pending.get(&name).cloned();
        self.note(name.clone(), value, None);
        if self.pending.get(&name) == was.as_ref() {
            return;
        }
        self.keep_or_forget(fx);
        fx.push(Effect::Place(Place::Field(name)));
        fx.push(Effect::StartTimer(Timer::Debounce, DEBOUNCE));
        if matches!(self.state, State::Ready | State::Saved) {
            self.state = State::Typing;
        }
    }

    /// Sends what is waiting, if the state allows.
    fn flush(&mut self, then: Then, fx: &mut Vec<Effect>) {
        match &mut self.state {
            State::Saving { again, then: later, .. } => {
                *again = true;
                if then != Then::Nothing {
                    *later = then;
                }
                return;
            }
            State::Asleep
            | State::Leaving
            | State::Refused(_)
            | State::Conflict { .. }
            | State::ConfirmDiscard { .. }
            | State::SignOutHeld { .. } => return,
            State::Ready | State::Typing | State::Saved | State::Offline | State::Failed | State::Invalid { .. } | State::SignedOut => {}
        }
        if self.pending.is_empty() {
            if let State::Invalid { marked } = &self.state {
                // Typed back to what is stored: nothing is wrong any more.
                fx.push(Effect::FieldMessages { fields: marked.clone(), problems: FieldErrors::default() });
            }
            self.state = self.idle_state();
            match then {
                Then::Nothing => {}
                Then::SubmitForm => self.leave(Effect::SubmitForm, fx),
                Then::SignOut => self.leave(Effect::SignOut, fx),
            }
            return;
        }
        let problems = check_changes(&self.key, &self.pending);
        fx.push(Effect::FieldMessages { fields: self.pending.keys().cloned().collect(), problems: problems.clone() });
        if !problems.is_empty() {
            self.state = State::Invalid { marked: problems.0.iter().map(|p| p.field.clone()).collect() };
            if let Some(first) = problems.0.first() {
                fx.push(Effect::Place(Place::Field(first.field.clone())));
            }
            return;
        }
        let batch = self.pending.clone();
        self.send(batch, then, fx);
    }

    fn send(&mut self, batch: Fields, then: Then, fx: &mut Vec<Effect>) {
        let base = batch
            .keys()
            .map(|name| {
                let over = self.base.get(name).or_else(|| self.known.get(name)).cloned().unwrap_or_default();
                (name.clone(), over)
            })
            .collect();
        fx.push(Effect::CancelTimer(Timer::Retry));
        fx.push(Effect::Save { version: self.version, changes: batch.clone(), base });
        self.state = State::Saving { batch, again: false, then };
    }

    fn leave(&mut self, effect: Effect, fx: &mut Vec<Effect>) {
        self.state = State::Leaving;
        fx.push(Effect::CancelTimer(Timer::Debounce));
        fx.push(Effect::CancelTimer(Timer::Retry));
        fx.push(effect);
    }

    /// After a refusal, sign-out waits for the carer's choice.
    fn hold_sign_out(&mut self, then: Then, fx: &mut Vec<Effect>) {
        if then == Then::SignOut {
            let behind = std::mem::replace(&mut self.state, State::Leaving);
            self.state = State::SignOutHeld { behind: Box::new(behind) };
            fx.push(Effect::Place(Place::Top));
            fx.push(Effect::FocusStatus);
        } else if then == Then::SubmitForm {
            fx.push(Effect::Place(Place::Button));
        }
    }

    fn returned(&mut self, result: Result<SaveOutcome, AppError>, fx: &mut Vec<Effect>) {
        if !matches!(self.state, State::Saving { .. }) {
            // Not waiting for an answer (the page is leaving, say): ignore it.
            return;
        }
        let State::Saving { batch, again, then } = std::mem::replace(&mut self.state, State::Leaving) else {
            return;
        };
        if let Err(error) = &result
            && let Some(refusal) = Refusal::of(error, &self.key)
        {
            self.refused(refusal, then, fx);
            return;
        }
        match result {
            Ok(SaveOutcome::Saved { version }) => {
                self.version = version;
                self.saved_once = true;
                fx.push(Effect::SetVersion(version));
                fx.push(Effect::SessionUsed);
                for (name, value) in &batch {
                    self.known.insert(name.clone(), value.clone());
                    if self.pending.get(name) == Some(value) {
                        self.pending.remove(name);
                        self.base.remove(name);
                    } else if self.pending.contains_key(name) {
                        // Typed on while this was on its way: it now stands on this.
                        self.base.insert(name.clone(), value.clone());
                    }
                }
                self.keep_or_forget(fx);
                self.state = self.idle_state();
                match then {
                    Then::SubmitForm => {
                        // The form carries every answer; the version it
                        // names is now current.
                        self.leave(Effect::SubmitForm, fx);
                    }
                    Then::SignOut if self.pending.is_empty() => self.leave(Effect::SignOut, fx),
                    Then::SignOut => self.flush(Then::SignOut, fx),
                    Then::Nothing if again && !self.pending.is_empty() => self.flush(Then::Nothing, fx),
                    Then::Nothing => {}
                }
            }
            Ok(SaveOutcome::Conflict { version, theirs }) => {
                fx.push(Effect::SessionUsed);
                if let Some(first) = theirs.keys().next().or_else(|| batch.keys().next()) {
                    fx.push(Effect::Place(Place::Field(first.clone())));
                }
                fx.push(Effect::ShowTheirs(theirs.clone()));
                self.state = State::Conflict { version, theirs };
                self.hold_sign_out(then, fx);
            }
            Err(AppError::Validation(problems)) => {
                fx.push(Effect::SessionUsed);
                fx.push(Effect::FieldMessages { fields: batch.keys().cloned().collect(), problems: problems.clone() });
                self.state = State::Invalid { marked: problems.0.iter().map(|p| p.field.clone()).collect() };
                if then == Then::SubmitForm {
                    // The server shows the same messages on the form's own
                    // page, with what was typed: let the form go.
                    self.leave(Effect::SubmitForm, fx);
                    return;
                }
                if let Some(first) = problems.0.first() {
                    fx.push(Effect::Place(Place::Field(first.field.clone())));
                }
                self.hold_sign_out(then, fx);
            }
            Err(AppError::Unauthorized) => {
                self.state = State::SignedOut;
                if then == Then::SubmitForm {
                    // "Save and continue" after the session ended: the form
                    // goes as it would without JavaScript, and the server
                    // answers with the sign-in page, which carries it and
                    // saves it once the carer has signed in again.
                    self.leave(Effect::SubmitForm, fx);
                    return;
                }
                self.hold_sign_out(then, fx);
            }
            Err(AppError::Unreachable) => {
                self.state = State::Offline;
                fx.push(Effect::StartTimer(Timer::Retry, RETRY_OFFLINE));
                self.hold_sign_out(then, fx);
            }
            Err(_) => {
                self.state = State::Failed;
                fx.push(Effect::StartTimer(Timer::Retry, RETRY_FAILED));
                self.hold_sign_out(then, fx);
            }
        }
    }

    /// A refusal that trying again will not change: nothing is retried.
    fn refused(&mut self, refusal: Refusal, then: Then, fx: &mut Vec<Effect>) {
        self.state = State::Refused(refusal);
        fx.push(Effect::CancelTimer(Timer::Debounce));
        fx.push(Effect::CancelTimer(Timer::Retry));
        if !refusal.clears() {
            self.hold_sign_out(then, fx);
            return;
        }
        // Nothing here may stay: not on the screen, not in the browser.
        // Signing out needs no choice any more.
        self.pending.clear();
        self.base.clear();
        fx.extend([Effect::ForgetDraft, Effect::Place(Place::Top), Effect::ClearPage, Effect::FocusStatus]);
        if then == Then::SignOut {
            self.leave(Effect::SignOut, fx);
            // The carer's words are gone; what is left to say is why.
            self.state = State::Refused(refusal);
        }
    }

    fn submit(&mut self, all: Fields, fx: &mut Vec<Effect>) {
        match &self.state {
            State::Leaving => return,
            State::Asleep | State::Conflict { .. } | State::ConfirmDiscard { .. } => {
                // Just as without JavaScript: the server checks the version
                // and, if it changed, shows the warning with what was typed.
                self.leave(Effect::SubmitForm, fx);
                return;
            }
            State::Refused(_) | State::SignOutHeld { .. } => {
                // Sending would only be refused again: keep the carer's
                // text where it is and say why, beside the button.
                fx.push(Effect::Place(Place::Button));
                fx.push(Effect::FocusStatus);
                return;
            }
            _ => {}
        }
        for (name, value) in without_hidden(all.clone()) {
            self.note(name, value, None);
        }
        self.keep_or_forget(fx);
        fx.push(Effect::CancelTimer(Timer::Debounce));
        if let State::Saving { then, again, .. } = &mut self.state {
            // The save on its way brings back the current version, and the
            // form carries everything typed since: send it then.
            *then = Then::SubmitForm;
            *again = true;
            return;
        }
        // Send the whole form through the autosave first, even if nothing
        // changed: its answer names the current version, so the form is
        // not refused because a save from before a reload landed late.
        let whole = without_hidden(all);
        if !check_changes(&self.key, &whole).is_empty() {
            // The server shows the messages with what was typed.
            self.leave(Effect::SubmitForm, fx);
            return;
        }
        self.send(whole, Then::SubmitForm, fx);
    }

    fn sign_out(&mut self, fx: &mut Vec<Effect>) {
        if let State::Saving { then, .. } = &mut self.state {
            // Once the save on its way is confirmed (see `returned`).
            *then = Then::SignOut;
            return;
        }
        match self.state {
            State::Leaving | State::SignOutHeld { .. } => {}
            State::Asleep => self.leave(Effect::SignOut, fx),
            _ if self.pending.is_empty() => self.leave(Effect::SignOut, fx),
            State::Refused(_) | State::Conflict { .. } | State::ConfirmDiscard { .. } => self.hold_sign_out(Then::SignOut, fx),
            _ => {
                self.flush(Then::SignOut, fx);
                if !matches!(self.state, State::Saving { .. } | State::Leaving) {
                    self.hold_sign_out(Then::SignOut, fx);
                }
            }
        }
    }
}

fn status_of(state: &State, saved_once: bool) -> Status {
    match state {
        State::Asleep | State::Ready => Status::Ready,
        State::Typing if saved_once => Status::Saved,
        State::Typing => Status::Ready,
        State::Saving { .. } => Status::Saving,
        State::Saved => Status::Saved,
        State::Offline => Status::Offline,
        State::Failed => Status::Failed,
        State::Invalid { .. } => Status::Invalid,
        State::SignedOut => Status::SignedOut,
        State::Refused(r) => Status::Refused(*r),
        State::Conflict { .. } => Status::Conflict,
        State::ConfirmDiscard { .. } => Status::ConfirmDiscard,
        State::SignOutHeld { .. } => Status::SignOutHeld,
        State::Leaving => Status::Leaving,
    }
}

/// Form fields the page uses itself (`__version`) are not answers.
fn without_hidden(fields: Fields) -> Fields {
    fields.into_iter().filter(|(name, _)| !name.starts_with("__")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> Fields {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    fn area() -> RecordKey {
        RecordKey::Area("health".to_owned())
    }

    /// A machine woken on a page the server rendered with `rendered`.
    fn awake(rendered: &[(&str, &str)]) -> Machine {
        let mut m = Machine::new(area(), 3, true);
        let r = fields(rendered);
        let fx = m.on(Event::Woke { rendered: r.clone(), current: r, draft: None });
        assert_eq!(fx, vec![Effect::ForgetDraft]);
        assert_eq!(m.state(), &State::Ready);
        m
    }

    fn edit(m: &mut Machine, name: &str, value: &str) -> Vec<Effect> {
        m.on(Event::Edited { name: name.to_owned(), value: value.to_owned() })
    }

    fn saves(fx: &[Effect]) -> Vec<(i64, Fields, Fields)> {
        fx.iter()
            .filter_map(|e| match e {
                Effect::Save { version, changes, base } => Some((*version, changes.clone(), base.clone())),
                _ => None,
            })
            .collect()
    }

    fn saved(version: i64) -> Event {
        Event::Returned(Ok(SaveOutcome::Saved { version }))
    }

    /// Types into "now" and lets the pause pass: one save on its way.
    fn typed_and_sending(m: &mut Machine, value: &str) {
        edit(m, "now", value);
        let fx = m.on(Event::TimerFired(Timer::Debounce));
        assert_eq!(saves(&fx).len(), 1, "{fx:?}");
    }

    #[test]
    fn typing_is_kept_as_a_draft_and_waits_for_a_pause() {
        let mut m = awake(&[("now", ""), ("matters", "")]);
        let fx = edit(&mut m, "now", "Tired");
        assert_eq!(
            fx,
            vec![
                Effect::KeepDraft(Draft { base_version: 3, fields: fields(&[("now", "Tired")]), base: fields(&[("now", "")]) }),
                Effect::Place(Place::Field("now".into())),
                Effect::StartTimer(Timer::Debounce, DEBOUNCE),
            ]
        );
        assert_eq!(m.state(), &State::Typing);
        assert_eq!(m.status(), Status::Ready, "nothing is claimed saved before it is");
    }

    #[test]
    fn a_pause_in_typing_sends_the_changes_with_what_they_were_typed_over() {
        let mut m = awake(&[("now", "Old words"), ("matters", "")]);
        edit(&mut m, "now", "New words");
        let fx = m.on(Event::TimerFired(Timer::Debounce));
        assert_eq!(saves(&fx), vec![(3, fields(&[("now", "New words")]), fields(&[("now", "Old words")]))]);
        assert!(fx.contains(&Effect::Show(Status::Saving)));
        assert!(matches!(m.state(), State::Saving { again: false, then: Then::Nothing, .. }));
    }

    #[test]
    fn leaving_a_field_sends_at_once_and_leaving_with_nothing_typed_sends_nothing() {
        let mut m = awake(&[("now", "")]);
        assert!(saves(&m.on(Event::Left)).is_empty());
        edit(&mut m, "now", "Hello");
        assert_eq!(saves(&m.on(Event::Left)).len(), 1);
    }

    #[test]
    fn typing_back_to_what_is_stored_is_not_a_change() {
        let mut m = awake(&[("now", "Same")]);
        edit(&mut m, "now", "Samey");
        let fx = edit(&mut m, "now", "Same");
        assert!(fx.contains(&Effect::ForgetDraft));
        assert!(m.pending().is_empty());
        assert!(saves(&m.on(Event::TimerFired(Timer::Debounce))).is_empty());
        assert_eq!(m.state(), &State::Ready);
    }

    #[test]
    fn a_confirmed_save_forgets_the_draft_and_says_saved() {
        let mut m = awake(&[("now", "")]);
        typed_and_sending(&mut m, "Tired");
        let fx = m.on(saved(4));
        assert!(fx.contains(&Effect::SetVersion(4)));
        assert!(fx.contains(&Effect::ForgetDraft));
        assert!(fx.contains(&Effect::Show(Status::Saved)));
        assert_eq!(m.state(), &State::Saved);
        assert_eq!(m.version(), 4);
    }

    #[test]
    fn typing_on_while_a_save_is_on_its_way_is_sent_after_it_standing_on_it() {
        let mut m = awake(&[("now", "")]);
        typed_and_sending(&mut m, "Tired");
        edit(&mut m, "now", "Tired out");
        // The pause passes while the first save is still out: wait for it.
        assert!(saves(&m.on(Event::TimerFired(Timer::Debounce))).is_empty());
        let fx = m.on(saved(4));
        assert_eq!(saves(&fx), vec![(4, fields(&[("now", "Tired out")]), fields(&[("now", "Tired")]))]);
        assert!(
            fx.contains(&Effect::KeepDraft(Draft {
                base_version: 4,
                fields: fields(&[("now", "Tired out")]),
                base: fields(&[("now", "Tired")]),
            })),
            "the newer words stay in the browser until they arrive: {fx:?}"
        );
        m.on(saved(5));
        assert_eq!(m.state(), &State::Saved);
    }

    #[test]
    fn typing_on_while_saving_waits_for_its_own_pause_if_the_pause_has_not_come() {
        let mut m = awake(&[("now", "")]);
        typed_and_sending(&mut m, "Tired");
        edit(&mut m, "now", "Tired out");
        let fx = m.on(saved(4));
        assert!(saves(&fx).is_empty());
        assert_eq!(m.state(), &State::Typing);
        assert_eq!(saves(&m.on(Event::TimerFired(Timer::Debounce))).len(), 1);
    }

    #[test]
    fn offline_keeps_the_draft_retries_and_sends_when_back_online() {
        let mut m = awake(&[("now", "")]);
        typed_and_sending(&mut m, "On the bus");
        let fx = m.on(Event::Returned(Err(AppError::Unreachable)));
        assert!(fx.contains(&Effect::StartTimer(Timer::Retry, RETRY_OFFLINE)));
        assert!(fx.contains(&Effect::Show(Status::Offline)));
        assert!(!fx.contains(&Effect::ForgetDraft));
        assert_eq!(m.state(), &State::Offline);
        // The retry fails too, then the browser comes online.
        assert_eq!(saves(&m.on(Event::TimerFired(Timer::Retry))).len(), 1);
        m.on(Event::Returned(Err(AppError::Unreachable)));
        let fx = m.on(Event::Online);
        assert_eq!(saves(&fx), vec![(3, fields(&[("now", "On the bus")]), fields(&[("now", "")]))]);
        m.on(saved(4));
        assert_eq!(m.status(), Status::Saved);
        assert_eq!(Status::Offline.message(true), "Offline – kept on this device. It will be saved when you are back online.");
        assert!(!Status::Offline.message(false).contains("kept on this device"), "a shared computer keeps nothing");
    }

    #[test]
    fn being_online_or_a_retry_timer_does_nothing_when_nothing_failed() {
        let mut m = awake(&[("now", "")]);
        edit(&mut m, "now", "x");
        assert!(m.on(Event::Online).is_empty());
        assert!(m.on(Event::TimerFired(Timer::Retry)).is_empty());
    }

    #[test]
    fn a_server_fault_is_retried_later() {
        let mut m = awake(&[("now", "")]);
        typed_and_sending(&mut m, "Hello");
        let fx = m.on(Event::Returned(Err(AppError::Internal)));
        assert!(fx.contains(&Effect::StartTimer(Timer::Retry, RETRY_FAILED)));
        assert_eq!(m.status(), Status::Failed);
        assert_eq!(saves(&m.on(Event::TimerFired(Timer::Retry))).len(), 1);
    }

    #[test]
    fn signed_out_keeps_the_draft_and_tries_again_when_the_carer_types_on() {
        let mut m = awake(&[("now", "")]);
        typed_and_sending(&mut m, "Hello");
        let fx = m.on(Event::Returned(Err(AppError::Unauthorized)));
        assert!(!fx.iter().any(|e| matches!(e, Effect::ForgetDraft | Effect::StartTimer(Timer::Retry, _))));
        assert_eq!(m.status(), Status::SignedOut);
        assert!(m.on(Event::Online).is_empty(), "no retrying on a timer while signed out");
        // Signed in again in another tab, then typing on here sends.
        edit(&mut m, "now", "Hello again");
        assert_eq!(saves(&m.on(Event::Left)).len(), 1);
    }

    #[test]
    fn save_and_continue_after_the_session_ended_sends_the_form_to_be_carried_through_signing_in() {
        let mut m = awake(&[("now", "")]);
        edit(&mut m, "now", "Typed before the time-out");
        let fx = m.on(Event::SubmitPressed { all: fields(&[("now", "Typed before the time-out")]) });
        assert_eq!(saves(&fx).len(), 1, "the autosave goes first: {fx:?}");
        let fx = m.on(Event::Returned(Err(AppError::Unauthorized)));
        assert!(fx.contains(&Effect::SubmitForm), "{fx:?}");
        assert!(!fx.contains(&Effect::ForgetDraft), "the draft stays until a save is confirmed: {fx:?}");
    }

    #[test]
    fn permanent_refusals_stop_retrying_and_keep_the_text() {
        for (error, refusal) in [
            (AppError::Forbidden, Refusal::Forbidden),
            (AppError::NotFound, Refusal::NotFound),
            (AppError::BadRequest, Refusal::BadRequest),
        ] {
            let mut m = awake(&[("now", "")]);
            typed_and_sending(&mut m, "My words");
            let fx = m.on(Event::Returned(Err(error)));
            assert!(fx.contains(&Effect::CancelTimer(Timer::Retry)), "{fx:?}");
            assert!(!fx.iter().any(|e| matches!(e, Effect::StartTimer(..) | Effect::ForgetDraft | Effect::Reload)));
            assert_eq!(m.status(), Status::Refused(refusal));
            assert_eq!(m.pending(), &fields(&[("now", "My words")]));
            // Nothing brings a retry: not time, not the network, not typing.
            assert!(saves(&m.on(Event::TimerFired(Timer::Retry))).is_empty());
            assert!(saves(&m.on(Event::Online)).is_empty());
            edit(&mut m, "now", "More words");
            assert!(saves(&m.on(Event::TimerFired(Timer::Debounce))).is_empty());
            // "Save and continue" is not sent either; the reason is shown by the button.
            let fx = m.on(Event::SubmitPressed { all: fields(&[("now", "More words")]) });
            assert!(fx.contains(&Effect::Place(Place::Button)) && !fx.contains(&Effect::SubmitForm), "{fx:?}");
            let message = m.status().message(true);
            assert!(message.starts_with("Not saved") && message.contains("still on this page"), "{message}");
        }
    }

    /// A worker's notes form, woken, with notes typed and on their way.
    fn workers_form_sending() -> Machine {
        let mut m = Machine::new(RecordKey::WorkerArea("health".to_owned()), 3, true);
        let rendered = fields(&[("notes", ""), ("rating", "")]);
        m.on(Event::Woke { rendered: rendered.clone(), current: rendered, draft: None });
        m.on(Event::Edited { name: "notes".into(), value: "Spoke about sleep".into() });
        assert_eq!(saves(&m.on(Event::TimerFired(Timer::Debounce))).len(), 1);
        m
    }

    #[test]
    fn a_worker_who_may_no_longer_see_the_plan_is_told_why_at_once_and_the_plan_leaves_the_page() {
        for (error, refusal, words) in [
            (AppError::ConsentWithdrawn, Refusal::Withdrawn, "The carer has withdrawn consent"),
            (AppError::PlanDeleted, Refusal::Deleted, "asked for their plan to be deleted"),
            (AppError::PlanMoved, Refusal::Moved, "a manager has moved it"),
            (AppError::AccountClosed, Refusal::Closed, "This account has been closed"),
            (AppError::Forbidden, Refusal::Gone, "no longer open to you"),
            (AppError::NotFound, Refusal::Gone, "no longer open to you"),
        ] {
            let mut m = workers_form_sending();
            let fx = m.on(Event::Returned(Err(error.clone())));
            assert_eq!(m.status(), Status::Refused(refusal), "{error:?}");
            assert!(m.status().message(true).contains(words), "{error:?}: {}", m.status().message(true));
            // Off the screen and out of the browser, at once, and said
            // where the worker is looking.
            for effect in [Effect::ForgetDraft, Effect::ClearPage, Effect::Place(Place::Top), Effect::FocusStatus] {
                assert!(fx.contains(&effect), "{error:?}: {effect:?} in {fx:?}");
            }
            assert!(!fx.iter().any(|e| matches!(e, Effect::StartTimer(..) | Effect::KeepDraft(_))), "{error:?}: {fx:?}");
            assert!(m.pending().is_empty());
            // Never tried again: not by time, the network, or typing.
            assert!(m.on(Event::TimerFired(Timer::Retry)).is_empty(), "{error:?}");
            assert!(m.on(Event::Online).is_empty(), "{error:?}");
            assert!(edit(&mut m, "notes", "More").is_empty(), "{error:?}: nothing typed is kept");
            assert!(saves(&m.on(Event::TimerFired(Timer::Debounce))).is_empty());
            // Signing out needs no choice: nothing is left to lose.
            assert!(m.on(Event::SignOutPressed).contains(&Effect::SignOut), "{error:?}");
        }
    }

    #[test]
    fn a_refusal_while_signing_out_lets_the_worker_go() {
        let mut m = workers_form_sending();
        m.on(Event::SignOutPressed);
        let fx = m.on(Event::Returned(Err(AppError::ConsentWithdrawn)));
        assert!(fx.contains(&Effect::ClearPage) && fx.contains(&Effect::SignOut), "{fx:?}");
    }

    #[test]
    fn a_carer_whose_account_closed_loses_the_page_too_but_keeps_their_words_otherwise() {
        let mut m = awake(&[("now", "")]);
        typed_and_sending(&mut m, "My words");
        assert!(m.on(Event::Returned(Err(AppError::AccountClosed))).contains(&Effect::ClearPage));
        let mut m = awake(&[("now", "")]);
        typed_and_sending(&mut m, "My words");
        assert!(!m.on(Event::Returned(Err(AppError::Forbidden))).contains(&Effect::ClearPage));
    }

    #[test]
    fn a_bad_answer_is_marked_not_sent_and_sent_once_fixed() {
        let mut m = awake(&[("now", ""), ("rating", "")]);
        edit(&mut m, "rating", "dreadful");
        let fx = m.on(Event::TimerFired(Timer::Debounce));
        assert!(saves(&fx).is_empty());
        assert!(fx.iter().any(|e| matches!(e, Effect::FieldMessages { problems, .. } if problems.get("rating").is_some())));
        assert!(fx.contains(&Effect::Place(Place::Field("rating".into()))));
        assert_eq!(m.status(), Status::Invalid);
        // Still marked while typing; fixed at the pause, then sent.
        edit(&mut m, "rating", "low");
        assert_eq!(m.status(), Status::Invalid);
        let fx = m.on(Event::TimerFired(Timer::Debounce));
        assert!(
            fx.iter().any(
                |e| matches!(e, Effect::FieldMessages { fields, problems } if problems.is_empty() && fields == &["rating".to_owned()])
            )
        );
        assert_eq!(saves(&fx).len(), 1);
    }

    #[test]
    fn the_server_refusing_a_value_marks_the_field() {
        let mut m = awake(&[("now", "")]);
        typed_and_sending(&mut m, "x");
        let mut problems = FieldErrors::default();
        problems.push("now", "Something is wrong");
        let fx = m.on(Event::Returned(Err(AppError::Validation(problems.clone()))));
        assert!(fx.contains(&Effect::FieldMessages { fields: vec!["now".into()], problems }));
        assert_eq!(m.state(), &State::Invalid { marked: vec!["now".into()] });
    }

    fn in_conflict() -> Machine {
        let mut m = awake(&[("now", "Mine before")]);
        typed_and_sending(&mut m, "Mine now");
        let fx = m.on(Event::Returned(Ok(SaveOutcome::Conflict { version: 7, theirs: fields(&[("now", "Theirs")]) })));
        assert!(fx.contains(&Effect::ShowTheirs(fields(&[("now", "Theirs")]))));
        assert!(fx.contains(&Effect::Place(Place::Field("now".into()))));
        assert!(fx.contains(&Effect::Show(Status::Conflict)));
        m
    }

    #[test]
    fn a_conflict_stops_sending_until_the_carer_chooses() {
        let mut m = in_conflict();
        edit(&mut m, "now", "Mine, edited");
        assert!(saves(&m.on(Event::TimerFired(Timer::Debounce))).is_empty());
        assert!(saves(&m.on(Event::Online)).is_empty());
        assert_eq!(m.status(), Status::Conflict);
    }

    #[test]
    fn keeping_mine_saves_over_what_the_other_device_saved() {
        let mut m = in_conflict();
        let fx = m.on(Event::KeepMine);
        assert_eq!(saves(&fx), vec![(7, fields(&[("now", "Mine now")]), fields(&[("now", "Theirs")]))]);
        m.on(saved(8));
        assert_eq!(m.state(), &State::Saved);
    }

    #[test]
    fn showing_the_saved_answers_asks_first_and_can_be_taken_back() {
        let mut m = in_conflict();
        let fx = m.on(Event::ShowSaved);
        assert!(!fx.contains(&Effect::Reload) && !fx.contains(&Effect::ForgetDraft), "nothing is thrown away yet");
        assert!(fx.contains(&Effect::FocusStatus));
        assert_eq!(m.status(), Status::ConfirmDiscard);
        m.on(Event::CancelShowSaved);
        assert_eq!(m.status(), Status::Conflict);
        assert_eq!(m.pending(), &fields(&[("now", "Mine now")]));

        m.on(Event::ShowSaved);
        let fx = m.on(Event::ConfirmShowSaved);
        assert!(fx.contains(&Effect::ForgetDraft) && fx.contains(&Effect::Reload), "{fx:?}");
        assert_eq!(m.state(), &State::Leaving);
    }

    #[test]
    fn save_and_continue_sends_the_whole_form_first_then_the_form() {
        let mut m = awake(&[("now", "Stored"), ("done", "")]);
        let all = fields(&[("__version", "3"), ("now", "Stored"), ("done", "yes")]);
        let fx = m.on(Event::SubmitPressed { all });
        assert!(!fx.contains(&Effect::SubmitForm));
        // Every answer, even unchanged ones, so the answer names the
        // current version; each with what the page believes is stored.
        assert_eq!(saves(&fx), vec![(3, fields(&[("done", "yes"), ("now", "Stored")]), fields(&[("done", ""), ("now", "Stored")]))]);
        let fx = m.on(saved(9));
        assert_eq!(fx.iter().filter(|e| **e == Effect::SubmitForm).count(), 1);
        assert!(fx.iter().position(|e| *e == Effect::SetVersion(9)) < fx.iter().position(|e| *e == Effect::SubmitForm));
        assert_eq!(m.state(), &State::Leaving);
        assert!(m.on(Event::SubmitPressed { all: Fields::new() }).is_empty(), "a second press does nothing");
    }

    #[test]
    fn save_and_continue_while_a_save_is_on_its_way_waits_for_it() {
        let mut m = awake(&[("now", ""), ("done", "")]);
        typed_and_sending(&mut m, "Tired");
        let fx = m.on(Event::SubmitPressed { all: fields(&[("now", "Tired"), ("done", "yes")]) });
        assert!(saves(&fx).is_empty() && !fx.contains(&Effect::SubmitForm));
        let fx = m.on(saved(4));
        assert!(fx.contains(&Effect::SetVersion(4)) && fx.contains(&Effect::SubmitForm), "{fx:?}");
    }

    #[test]
    fn save_and_continue_with_a_mistake_lets_the_server_show_it() {
        let person = || {
            let mut m = Machine::new(RecordKey::Person(uuid::Uuid::nil()), 1, true);
            m.on(Event::Woke { rendered: fields(&[("hours", "")]), current: fields(&[("hours", "")]), draft: None });
            m
        };
        let fx = person().on(Event::SubmitPressed { all: fields(&[("hours", "lots")]) });
        assert!(fx.contains(&Effect::SubmitForm) && saves(&fx).is_empty(), "{fx:?}");
        // And when the server refuses the whole-form save, the form goes too.
        let mut m = person();
        let fx = m.on(Event::SubmitPressed { all: fields(&[("hours", "")]) });
        assert_eq!(saves(&fx).len(), 1);
        let mut problems = FieldErrors::default();
        problems.push("hours", "Enter a number");
        assert!(m.on(Event::Returned(Err(AppError::Validation(problems)))).contains(&Effect::SubmitForm));
    }

    #[test]
    fn save_and_continue_offline_stays_and_says_so_by_the_button() {
        let mut m = awake(&[("now", "")]);
        m.on(Event::SubmitPressed { all: fields(&[("now", "Typed")]) });
        let fx = m.on(Event::Returned(Err(AppError::Unreachable)));
        assert!(!fx.contains(&Effect::SubmitForm));
        assert!(fx.contains(&Effect::Place(Place::Button)));
        assert_eq!(m.status(), Status::Offline);
        assert_eq!(m.pending(), &fields(&[("now", "Typed")]));
    }

    #[test]
    fn save_and_continue_during_a_conflict_lets_the_server_warn_as_without_javascript() {
        let mut m = in_conflict();
        assert!(m.on(Event::SubmitPressed { all: fields(&[("now", "Mine now")]) }).contains(&Effect::SubmitForm));
    }

    #[test]
    fn a_draft_left_by_a_reload_is_put_back_and_sent_against_what_it_was_typed_over() {
        // The page was reloaded while "Tired" was on its way; the server
        // had not stored it when it rendered the page again (version 3).
        let mut m = Machine::new(area(), 3, true);
        let rendered = fields(&[("now", ""), ("matters", "")]);
        let draft = Draft { base_version: 2, fields: fields(&[("now", "Tired")]), base: fields(&[("now", "")]) };
        let fx = m.on(Event::Woke { rendered: rendered.clone(), current: rendered, draft: Some(draft) });
        assert!(fx.contains(&Effect::SetFields(fields(&[("now", "Tired")]))));
        assert_eq!(saves(&fx), vec![(2, fields(&[("now", "Tired")]), fields(&[("now", "")]))]);
        assert!(fx.contains(&Effect::Show(Status::Saving)));
    }

    #[test]
    fn a_draft_the_server_already_has_is_forgotten() {
        let mut m = Machine::new(area(), 4, true);
        let rendered = fields(&[("now", "Tired")]);
        let draft = Draft { base_version: 3, fields: fields(&[("now", "Tired")]), base: fields(&[("now", "")]) };
        let fx = m.on(Event::Woke { rendered: rendered.clone(), current: rendered, draft: Some(draft) });
        assert_eq!(fx, vec![Effect::ForgetDraft]);
        assert_eq!(m.status(), Status::Ready);
    }

    #[test]
    fn a_draft_typed_over_what_another_device_since_changed_keeps_its_own_base() {
        let mut m = Machine::new(area(), 5, true);
        let rendered = fields(&[("now", "From the other device")]);
        let draft = Draft { base_version: 3, fields: fields(&[("now", "Mine")]), base: fields(&[("now", "")]) };
        let fx = m.on(Event::Woke { rendered: rendered.clone(), current: rendered, draft: Some(draft) });
        // The base is what was stored when it was typed, so the server
        // sees the other device's change and answers with a conflict.
        assert_eq!(saves(&fx), vec![(3, fields(&[("now", "Mine")]), fields(&[("now", "")]))]);
    }

    #[test]
    fn a_shared_computer_neither_reads_nor_keeps_drafts() {
        let mut m = Machine::new(area(), 3, false);
        let rendered = fields(&[("now", "")]);
        let draft = Draft { base_version: 3, fields: fields(&[("now", "Old")]), base: Fields::new() };
        assert!(m.on(Event::Woke { rendered: rendered.clone(), current: rendered, draft: Some(draft) }).is_empty());
        let fx = edit(&mut m, "now", "Typed");
        assert!(!fx.iter().any(|e| matches!(e, Effect::KeepDraft(_) | Effect::ForgetDraft)));
    }

    #[test]
    fn typing_before_the_script_woke_counts_as_typed_and_is_sent() {
        let mut m = Machine::new(area(), 3, true);
        let fx = m.on(Event::Woke {
            rendered: fields(&[("now", ""), ("rating", ""), ("skip", "no")]),
            current: fields(&[("now", "Typed early"), ("rating", "low"), ("skip", "no")]),
            draft: None,
        });
        assert_eq!(saves(&fx), vec![(3, fields(&[("now", "Typed early"), ("rating", "low")]), fields(&[("now", ""), ("rating", "")]))]);
        assert!(fx.iter().any(|e| matches!(e, Effect::KeepDraft(_))));
        assert!(!fx.iter().any(|e| matches!(e, Effect::SetFields(_))), "the fields already hold it");
        assert_eq!(m.status(), Status::Saving, "not 'saves as you type' until it has");
    }

    #[test]
    fn nothing_is_done_before_the_script_wakes() {
        let mut m = Machine::new(area(), 3, true);
        assert!(edit(&mut m, "now", "x").is_empty());
        assert!(m.on(Event::Left).is_empty());
    }

    #[test]
    fn the_hidden_version_field_is_never_an_answer() {
        let mut m = awake(&[("now", "")]);
        assert!(edit(&mut m, "__version", "99").is_empty());
        m.on(Event::SubmitPressed { all: fields(&[("__version", "3"), ("now", "")]) });
        assert!(matches!(m.state(), State::Saving { batch, .. } if !batch.contains_key("__version")));
    }

    #[test]
    fn signing_out_with_nothing_unsent_signs_out_at_once() {
        let mut m = awake(&[("now", "")]);
        assert!(m.on(Event::SignOutPressed).contains(&Effect::SignOut));
        let mut m = awake(&[("now", "")]);
        typed_and_sending(&mut m, "x");
        m.on(saved(4));
        assert!(m.on(Event::SignOutPressed).contains(&Effect::SignOut));
    }

    #[test]
    fn signing_out_sends_what_is_waiting_first() {
        let mut m = awake(&[("now", "")]);
        edit(&mut m, "now", "Last words");
        let fx = m.on(Event::SignOutPressed);
        assert_eq!(saves(&fx).len(), 1);
        assert!(!fx.contains(&Effect::SignOut));
        assert!(m.on(saved(4)).contains(&Effect::SignOut));
    }

    #[test]
    fn signing_out_while_a_save_is_on_its_way_waits_for_it() {
        let mut m = awake(&[("now", "")]);
        typed_and_sending(&mut m, "Last words");
        assert!(m.on(Event::SignOutPressed).is_empty());
        assert!(m.on(saved(4)).contains(&Effect::SignOut));
    }

    #[test]
    fn signing_out_when_the_answer_cannot_be_sent_asks_whether_to_stay() {
        let mut m = awake(&[("now", "")]);
        edit(&mut m, "now", "Last words");
        m.on(Event::SignOutPressed);
        let fx = m.on(Event::Returned(Err(AppError::Unreachable)));
        assert!(!fx.contains(&Effect::SignOut));
        assert!(fx.contains(&Effect::Place(Place::Top)) && fx.contains(&Effect::FocusStatus));
        assert_eq!(m.status(), Status::SignOutHeld);
        // Staying tries again; signing out anyway is the carer's choice.
        let fx = m.on(Event::StaySignedIn);
        assert_eq!(saves(&fx).len(), 1);
        m.on(Event::Returned(Err(AppError::Unreachable)));
        assert_eq!(m.status(), Status::Offline);
        m.on(Event::SignOutPressed);
        m.on(Event::Returned(Err(AppError::Unreachable)));
        assert_eq!(m.status(), Status::SignOutHeld);
        assert!(m.on(Event::SignOutAnyway).contains(&Effect::SignOut));
    }

    #[test]
    fn signing_out_during_a_conflict_or_refusal_asks_first() {
        let mut m = in_conflict();
        let fx = m.on(Event::SignOutPressed);
        assert!(!fx.contains(&Effect::SignOut) && fx.contains(&Effect::Show(Status::SignOutHeld)));
        m.on(Event::StaySignedIn);
        assert_eq!(m.status(), Status::Conflict, "back to the choice it was waiting for");
    }

    #[test]
    fn an_answer_arriving_after_the_page_began_to_leave_is_ignored() {
        let mut m = in_conflict();
        m.on(Event::ShowSaved);
        m.on(Event::ConfirmShowSaved);
        assert!(m.on(saved(10)).is_empty());
    }

    #[test]
    fn every_status_has_words_and_the_quiet_ones_are_not_warnings() {
        let all = [
            Status::Ready,
            Status::Saving,
            Status::Saved,
            Status::Offline,
            Status::Failed,
            Status::Invalid,
            Status::SignedOut,
            Status::Refused(Refusal::Forbidden),
            Status::Refused(Refusal::NotFound),
            Status::Refused(Refusal::BadRequest),
            Status::Refused(Refusal::Withdrawn),
            Status::Refused(Refusal::Moved),
            Status::Refused(Refusal::Deleted),
            Status::Refused(Refusal::Closed),
            Status::Refused(Refusal::Gone),
            Status::Conflict,
            Status::ConfirmDiscard,
            Status::SignOutHeld,
        ];
        for s in all {
            assert!(!s.message(true).is_empty() && !s.message(false).is_empty());
        }
        assert!(!Status::Saved.is_warning() && Status::Offline.is_warning() && Status::Conflict.is_warning());
    }
}
