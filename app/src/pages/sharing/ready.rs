//! "I'm ready to talk to someone": which sections a worker may see, how
//! to get in touch, the person cared for, check your answers, sent.
//!
//! The answers are one record of the plan (`hand-off`), saved as the carer
//! goes like every other answer; nothing is shared until they press Send.

use crate::api::sharing::{choose_sections, hand_off, sharing};
use crate::components::{Choice, ErrorSummary, Layout, Radios, SectionChoice, SharedSections, TextField};
use crate::domain::calendar::written_date;
use crate::domain::plan::{Answer, RecordKey, SaveOutcome, YesNo, YesNoNotSure};
use crate::domain::sharing::{Recipient, Section, consent_wording};
use crate::error::{AppError, FieldErrors};
use crate::pages::plan::{Questions, record_page_at};
use crate::pages::{messages_for, on_post, page, submission};
use crate::paths;
use crate::views::sharing::{PlanState, SharingView};
use leptos::prelude::*;
use leptos_router::components::Redirect;

/// The hand-off answers saved so far.
fn answer(view: &SharingView, name: &str) -> String {
    view.plan.record(&RecordKey::HandOff).map(|r| r.get(name).to_owned()).unwrap_or_default()
}

fn version(view: &SharingView) -> i64 {
    view.plan.record(&RecordKey::HandOff).map_or(0, |r| r.version)
}

/// Shown instead of the questions when the plan is already with the centre.
fn already_shared(view: SharingView) -> AnyView {
    view! {
        <Layout title="Your plan is already shared".into() user=Some(view.user) light=true>
            <h1 class="heading-l">"Your plan is already shared"</h1>
            <p class="body">{crate::components::plan_status::plan_state_text(&view.state)}</p>
            <p class="body"><a href=paths::SHARING>"See and change what you share"</a></p>
        </Layout>
    }
    .into_any()
}

fn is_shared(view: &SharingView) -> bool {
    matches!(view.state, PlanState::Waiting { .. } | PlanState::WithWorker { .. })
}

/// `/ready/sections`: question 1, which sections a worker may see.
#[component]
pub fn ReadySectionsPage() -> impl IntoView {
    let posted = submission().map(|s| (s.get("__version").trim().parse::<i64>().unwrap_or(-1), s.all("sections")));
    let chosen_now = posted.clone().map(|(_, sections)| sections);
    let outcome = on_post(posted, |(version, sections)| choose_sections(version, sections));
    page(
        move || async move { Ok::<_, AppError>((sharing(None, None).await?, outcome.await)) },
        move |(view, outcome)| {
            if is_shared(&view) {
                return already_shared(view);
            }
            if let Some(Ok(SaveOutcome::Saved { .. })) = outcome {
                return view! { <Redirect path=paths::READY_CONTACT /> }.into_any();
            }
            let conflict = matches!(outcome, Some(Ok(SaveOutcome::Conflict { .. })));
            let errors = messages_for(&outcome, "sections");
            let chosen = chosen_now
                .clone()
                .unwrap_or_else(|| answer(&view, "sections").split(',').filter(|s| !s.is_empty()).map(str::to_owned).collect());
            let skipped: Vec<String> =
                Section::all(&view.framework).into_iter().filter(|s| s.is_skipped(&view.plan)).map(|s| s.title(&view.framework)).collect();
            let offered = view.shareable.clone();
            let version = version(&view);
            view! {
                <Layout title="Which parts of your plan can a worker see?".into() user=Some(view.user)>
                    <a href=paths::HOME class="back-link">"Back to your plan"</a>
                    <ErrorSummary errors=errors.clone() />
                    {conflict.then(|| view! {
                        <div class="notification notification--warning" role="alert">
                            <h2 class="notification__title">"Your answers were changed somewhere else"</h2>
                            <p class="body">"Check your choice below, then select Continue again."</p>
                        </div>
                    })}
                    <span class="caption">"I'm ready to talk to someone"</span>
                    {if offered.is_empty() {
                        view! {
                            <h1 class="heading-l">"There is nothing to share yet"</h1>
                            <p class="body">"Write something in at least one part of your plan first. Then a carer support worker can read it before you talk."</p>
                            <p class="body"><a href=paths::HOME>"Back to your plan"</a></p>
                        }.into_any()
                    } else {
                        view! {
                            <h1 class="heading-l">"Which parts of your plan can a worker see?"</h1>
                            <p class="body">"Only the carer support worker who picks up your plan will see the parts you choose. You can change this or take it back at any time."</p>
                            {(!skipped.is_empty()).then(|| view! {
                                <div class="inset">
                                    {format!("You chose not to talk about: {}. These are never shared, so they are not listed.", skipped.join(", "))}
                                </div>
                            })}
                            <p class="body">"Parts you have not written anything in yet are not listed."</p>
                            <form method="post" action=paths::READY_SECTIONS novalidate>
                                <input type="hidden" name="__version" value=version.to_string() />
                                <SectionChoice offered=offered chosen=chosen errors=errors
                                    legend="Choose the parts to share".into() hint="Select all that apply.".into() />
                                <button type="submit" class="button">"Continue"</button>
                            </form>
                        }.into_any()
                    }}
                </Layout>
            }
            .into_any()
        },
    )
}

/// `/ready/contact`: question 2, how to get in touch and what is safe.
#[component]
pub fn ReadyContactPage() -> impl IntoView {
    record_page_at(
        Some(RecordKey::HandOff),
        Some((paths::READY_CONTACT, paths::READY_PERSON)),
        |_, _| Some(()),
        |sheet, _| {
            let yes_no = || Choice::all::<YesNo>();
            let body = view! {
                <span class="caption">"I'm ready to talk to someone"</span>
                <h1 class="heading-l">"How can a worker get in touch?"</h1>
                <p class="body">"Give a phone number, an email address, or both."</p>
                <TextField name="phone" label="Phone number" kind="tel" autocomplete="tel"
                    value=sheet.value("phone") errors=sheet.errors() />
                <Radios name="safe_message" legend="Is it safe to leave a message on this phone?".to_owned() inline=true
                    hint="The person you care for might hear it.".to_owned()
                    choices=yes_no() chosen=sheet.value("safe_message") errors=sheet.errors() />
                <TextField name="email" label="Email address" kind="email" autocomplete="email"
                    value=sheet.value("email") errors=sheet.errors() />
                <Radios name="safe_write" legend="Is it safe to email you?".to_owned() inline=true
                    hint="The person you care for might read it.".to_owned()
                    choices=yes_no() chosen=sheet.value("safe_write") errors=sheet.errors() />
                <TextField name="good_times" label="Good times to get in touch (optional)"
                    hint="For example, weekday mornings, or after 7pm."
                    value=sheet.value("good_times") errors=sheet.errors() />
            }
            .into_any();
            Questions { title: "How can a worker get in touch?".to_owned(), body }
        },
    )
}

/// `/ready/person`: question 3, terminal illness and when the centre first knew.
#[component]
pub fn ReadyPersonPage() -> impl IntoView {
    record_page_at(
        Some(RecordKey::HandOff),
        Some((paths::READY_PERSON, paths::READY_CHECK)),
        |_, _| Some(()),
        |sheet, _| {
            let terminal = Choice::all::<YesNoNotSure>();
            let body = view! {
            <span class="caption">"I'm ready to talk to someone"</span>
            <h1 class="heading-l">"The person you care for"</h1>
            <Radios name="terminal" legend="Is the person you care for terminally ill?".to_owned()
                hint="This means their death can reasonably be expected within six months. If so, a worker will contact you sooner.".to_owned()
                choices=terminal chosen=sheet.value("terminal") errors=sheet.errors() />
            <TextField name="identified_on" label="When did the carers' centre first know you were a carer? (optional)" kind="date"
                hint="Only if it was before today, for example 2026-11-02. Leave it empty if this is the first time."
                value=sheet.value("identified_on") errors=sheet.errors() />
        }
        .into_any();
            Questions { title: "The person you care for".to_owned(), body }
        },
    )
}

fn check_row(id: Option<&'static str>, key: &str, value: String, change: &'static str, what: &str) -> impl IntoView + use<> {
    let value = if value.trim().is_empty() { "Not answered".to_owned() } else { value };
    let what = format!(" {what}");
    view! {
        <div class="summary-list__row" id=id tabindex=id.map(|_| "-1")>
            <dt class="summary-list__key">{key.to_owned()}</dt>
            <dd class="summary-list__value summary-list__value--text">{value}</dd>
            <dd class="summary-list__actions"><a href=change>"Change"<span class="visually-hidden">{what}</span></a></dd>
        </div>
    }
}

/// `/ready/check`: check your answers, then send.
#[component]
pub fn ReadyCheckPage() -> impl IntoView {
    let posted = submission().map(|s| s.get("__version").trim().parse::<i64>().unwrap_or(-1));
    let outcome = on_post(posted, hand_off);
    page(
        move || async move { Ok::<_, AppError>((sharing(None, None).await?, outcome.await)) },
        move |(view, outcome)| {
            if let Some(Ok(())) = outcome {
                return view! { <Redirect path=paths::READY_SENT /> }.into_any();
            }
            if is_shared(&view) {
                return already_shared(view);
            }
            let errors = match &outcome {
                Some(Err(AppError::Conflict(message))) => {
                    let mut e = FieldErrors::default();
                    e.push("send", message.clone());
                    e
                }
                // Each answer is on a page of its own: the summary links to
                // its row here, whose Change link opens that page.
                _ => {
                    let mut e = FieldErrors::default();
                    for error in messages_for(&outcome, "send").0 {
                        let row = match error.field.as_str() {
                            "sections" => "sections",
                            "terminal" | "identified_on" => "person",
                            "phone" | "email" | "safe_message" | "safe_write" | "good_times" => "contact",
                            _ => "send",
                        };
                        e.push(row, error.message);
                    }
                    e
                }
            };
            let sections = Section::parse_list(&answer(&view, "sections"), &view.framework);
            let titles = sections.iter().map(|s| s.title(&view.framework)).collect::<Vec<_>>().join(", ");
            let phone = answer(&view, "phone");
            let email = answer(&view, "email");
            let yes_no = |name: &str| YesNo::parse(&answer(&view, name)).map_or("", YesNo::label).to_owned();
            let contact = [
                (!phone.is_empty()).then(|| format!("Phone: {phone}. Safe to leave a message: {}", yes_no("safe_message"))),
                (!email.is_empty()).then(|| format!("Email: {email}. Safe to email: {}", yes_no("safe_write"))),
                Some(answer(&view, "good_times")).filter(|t| !t.is_empty()).map(|t| format!("Good times: {t}")),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(". ");
            let terminal = YesNoNotSure::parse(&answer(&view, "terminal")).map_or("", YesNoNotSure::label).to_owned();
            let identified = answer(&view, "identified_on");
            let identified = if identified.is_empty() { "Today".to_owned() } else { written_date(&identified) };
            let wording = consent_wording(Recipient::Centre, &sections, &view.framework);
            let version = version(&view);
            view! {
                <Layout title="Check your answers before sending".into() user=Some(view.user)>
                    <a href=paths::READY_PERSON class="back-link">"Back"</a>
                    <ErrorSummary errors=errors.clone() />
                    <span class="caption">"I'm ready to talk to someone"</span>
                    <h1 class="heading-l">"Check your answers before sending"</h1>
                    <dl class="summary-list">
                        {check_row(Some("sections"), "Parts a worker can see", titles, paths::READY_SECTIONS, "the parts a worker can see")}
                        {check_row(Some("contact"), "How to get in touch", contact, paths::READY_CONTACT, "how to get in touch")}
                        {check_row(Some("person"), "Is the person you care for terminally ill", terminal, paths::READY_PERSON, "whether the person you care for is terminally ill")}
                        {check_row(None, "When the carers' centre first knew you were a carer", identified, paths::READY_PERSON, "when the centre first knew you were a carer")}
                    </dl>
                    <h2 class="heading-m">"What the worker will read"</h2>
                    <p class="body">"This is exactly what will be shared, as it is now. If you change these parts later, the worker will see the changes."</p>
                    <SharedSections plan=view.plan.clone() framework=view.framework.clone() sections=sections level=3 />
                    <h2 class="heading-m">"Now send your plan"</h2>
                    <div class="inset" id="consent-wording">{wording}</div>
                    <form method="post" action=paths::READY_CHECK novalidate>
                        <input type="hidden" name="__version" value=version.to_string() />
                        <button type="submit" class="button" id="send">"Agree and send"</button>
                    </form>
                </Layout>
            }
            .into_any()
        },
    )
}

/// `/ready/sent`: what happens next, and by when.
#[component]
pub fn ReadySentPage() -> impl IntoView {
    page(
        || sharing(None, None),
        |view| {
            let PlanState::Waiting { due_by, .. } = view.state.clone() else {
                return view! { <Redirect path=paths::SHARING /> }.into_any();
            };
            let sections = view.current().map(|s| s.sections.join(", ")).unwrap_or_default();
            view! {
            <Layout title="Your plan has been sent".into() user=Some(view.user) light=true>
                <div class="panel">
                    <h1 class="heading-l">"Your plan has been sent"</h1>
                    <p class="body">"It is waiting for a carer support worker at the carers' centre."</p>
                </div>
                <h2 class="heading-m">"What happens next"</h2>
                <p class="body">{format!("A carer support worker will pick up your plan and get in touch by {due_by}.")}</p>
                <p class="body">{format!("They can see: {sections}. Nothing else.")}</p>
                <p class="body">"You can keep adding to your plan. You can change what you share, or take it back, at any time. You will see every time someone opens it."</p>
                <p class="body"><a href=paths::SHARING>"See what you share and who has seen your plan"</a></p>
                <p class="body"><a href=paths::HOME>"Back to your plan"</a></p>
            </Layout>
        }
        .into_any()
        },
    )
}
