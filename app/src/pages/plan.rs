//! The carer's plan, a page at a time: about me and the people I care for,
//! one page per wellbeing area, outcomes and actions, emergency and future
//! planning, breaks, review, and the summary with the wellbeing chart.

use super::{messages_for, on_post, submission};
use crate::api::plan::{PlanPage, my_plan, remove_record, review_now, save_section};
use crate::components::{Autosave, Choice, ErrorSummary, Layout, Radios, Refused, TextArea, TextField};
use crate::domain::plan::{
    ImpactLevel, Plan, PlanRecord, RecordKey, SaveOutcome, TaskStatus, readable_date,
};
use crate::error::FieldErrors;
use crate::framework::Framework;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_params_map;
use std::collections::BTreeMap;

/// A record's answers as the page shows them.
type Values = BTreeMap<String, String>;

fn value(values: &Values, name: &str) -> String {
    values.get(name).cloned().unwrap_or_default()
}

/// Where "Save and continue" goes after each section.
fn next_after(framework: &Framework, key: &RecordKey) -> String {
    let areas: Vec<&str> = framework.areas.iter().map(|a| a.id.as_str()).collect();
    match key {
        RecordKey::AboutMe => areas.first().map_or("/plan/outcomes".to_owned(), |a| format!("/plan/area/{a}")),
        RecordKey::Person(_) => "/plan/about-me".to_owned(),
        RecordKey::Area(id) => match areas.iter().position(|a| a == id).and_then(|i| areas.get(i + 1)) {
            Some(next) => format!("/plan/area/{next}"),
            None => "/plan/outcomes".to_owned(),
        },
        RecordKey::Outcome(_) | RecordKey::Action(_) => "/plan/outcomes".to_owned(),
        RecordKey::Outcomes => "/plan/emergency".to_owned(),
        RecordKey::Emergency => "/plan/breaks".to_owned(),
        RecordKey::Breaks => "/plan/review".to_owned(),
        RecordKey::Review => "/plan/summary".to_owned(),
    }
}

fn done_choice(values: &Values, errors: &FieldErrors) -> impl IntoView {
    view! {
        <Radios name="done" legend="Have you finished this section?".to_owned()
            hint="You can change your answers at any time.".to_owned()
            choices=vec![
                Choice::new("yes", "Yes, I have finished this section"),
                Choice::new("no", "No, I will come back to it later"),
            ]
            chosen=value(values, "done") errors=errors.clone() />
    }
}

/// A plan page: loads the plan, saves a POSTed form (no JavaScript needed),
/// and renders the form inside the autosave island. `render` draws the
/// questions from the answers to show and the messages to show beside them.
fn record_page<R>(key: impl Fn() -> Option<RecordKey> + Send + Sync + Clone + 'static, render: R) -> impl IntoView
where
    R: Fn(&PlanPage, &RecordKey, &Values, &FieldErrors) -> (String, AnyView) + Clone + Send + Sync + 'static,
{
    let posted = submission().map(|s| s.plan_answers());
    let page = Resource::new_blocking(|| (), |_| my_plan());
    let key_for_post = key.clone();
    let outcome = on_post(posted.clone(), move |(version, fields)| {
        let key = key_for_post().map(|k| k.to_string()).unwrap_or_default();
        save_section(key, version, fields)
    });
    view! {
        <Suspense>
            {move || {
                let (key, render, posted) = (key.clone(), render.clone(), posted.clone());
                Suspend::new(async move {
                    let page = match page.await {
                        Ok(page) => page,
                        Err(error) => return view! { <Refused error=error user=None /> }.into_any(),
                    };
                    let Some(key) = key().filter(|k| match k {
                        RecordKey::Area(id) => page.framework.area(id).is_some(),
                        _ => true,
                    }) else {
                        super::set_status(404);
                        return view! { <crate::components::NotFoundContent user=Some(page.user.clone()) /> }.into_any();
                    };
                    let outcome = outcome.await;
                    if let Some(Ok(SaveOutcome::Saved { .. })) = &outcome {
                        return view! { <Redirect path=next_after(&page.framework, &key) /> }.into_any();
                    }
                    let record = page.plan.record(&key);
                    let mut version = record.map_or(0, |r| r.version);
                    let mut values = record.map(|r| r.fields.clone()).unwrap_or_default();
                    if let Some((_, typed)) = posted {
                        values.extend(typed);
                    }
                    let conflict = match &outcome {
                        Some(Ok(SaveOutcome::Conflict { version: current, .. })) => {
                            version = *current;
                            true
                        }
                        _ => false,
                    };
                    let errors = messages_for(&outcome, "done");
                    let (title, questions) = render(&page, &key, &values, &errors);
                    let action = page_path(&key);
                    view! {
                        <Layout title=title user=Some(page.user.clone())>
                            <a href="/" class="back-link">"Back to your plan"</a>
                            <ErrorSummary errors=errors.clone() />
                            {conflict.then(|| view! {
                                <div class="notification notification--warning" role="alert">
                                    <h2 class="notification__title">"These answers were changed somewhere else"</h2>
                                    <p class="body">
                                        "Your plan was changed on another device or in another tab after you opened this page. "
                                        "What you typed is below and has not been saved yet. Check it, then select Save and continue to keep it."
                                    </p>
                                </div>
                            })}
                            <Autosave record_key=key.to_string() user_id=page.user.id.to_string() version=version
                                keep_drafts=!page.user.shared_device>
                                <form method="post" action=action novalidate>
                                    <input type="hidden" name="__version" value=version.to_string() />
                                    {questions}
                                    <button type="submit" class="button">"Save and continue"</button>
                                </form>
                            </Autosave>
                        </Layout>
                    }
                    .into_any()
                })
            }}
        </Suspense>
    }
}

/// The address of the page that edits `key`.
pub fn page_path(key: &RecordKey) -> String {
    match key {
        RecordKey::AboutMe => "/plan/about-me".to_owned(),
        RecordKey::Person(id) => format!("/plan/person/{id}"),
        RecordKey::Area(id) => format!("/plan/area/{id}"),
        RecordKey::Outcomes => "/plan/outcomes".to_owned(),
        RecordKey::Outcome(id) => format!("/plan/outcome/{id}"),
        RecordKey::Action(id) => format!("/plan/action/{id}"),
        RecordKey::Emergency => "/plan/emergency".to_owned(),
        RecordKey::Breaks => "/plan/breaks".to_owned(),
        RecordKey::Review => "/plan/review".to_owned(),
    }
}

fn param(name: &'static str) -> impl Fn() -> String + Clone + Send + Sync + 'static {
    let params = use_params_map();
    move || params.with_untracked(|p| p.get(name).unwrap_or_default())
}

fn uuid_param(name: &'static str) -> impl Fn() -> Option<uuid::Uuid> + Clone + Send + Sync + 'static {
    let p = param(name);
    move || uuid::Uuid::parse_str(&p()).ok()
}

/// `/plan/area/:id`: one wellbeing area.
#[component]
pub fn AreaPage() -> impl IntoView {
    let id = param("id");
    record_page(move || Some(RecordKey::Area(id())), |page, key, values, errors| {
        let RecordKey::Area(id) = key else { unreachable!("area pages edit areas") };
        let Some(area) = page.framework.area(id).cloned() else { unreachable!("checked before rendering") };
        let skipped = value(values, "skip") == "yes";
        let choices = ImpactLevel::ALL
            .iter()
            .map(|level| Choice::with_hint(level.as_str(), level.label(), area.descriptor(*level)))
            .collect::<Vec<_>>();
        let questions = view! {
            <span class="caption">"How caring affects you"</span>
            <h1 class="heading-l">{area.title.clone()}</h1>
            <p class="body">{area.summary.clone()}</p>
            <div class="inset">
                <p class="body">"Things you might think about:"</p>
                <ul class="list list--bullet">
                    {area.prompts.iter().map(|p| view! { <li>{p.clone()}</li> }).collect_view()}
                </ul>
            </div>
            <div class="form-group">
                <div class="checkbox">
                    <input type="hidden" name="skip" value="no" />
                    <input class="checkbox__input" id="skip" name="skip" type="checkbox" value="yes" checked=skipped
                        aria-describedby="skip-hint" />
                    <label class="label checkbox__label" for="skip">"I'd rather not talk about this"</label>
                    <div class="hint checkbox__hint" id="skip-hint">
                        "This part will be marked as skipped and kept out of anything you share."
                    </div>
                </div>
            </div>
            <TextArea name="now" label="What is happening now?".to_owned()
                hint="In your own words. Write as much or as little as you like.".to_owned()
                value=value(values, "now") errors=errors.clone() />
            <TextArea name="matters" label="What matters to you?".to_owned()
                value=value(values, "matters") errors=errors.clone() />
            <Radios name="rating" legend="How much does caring affect this part of your life?".to_owned()
                hint="Choose the one closest to how things are for you.".to_owned()
                choices=choices chosen=value(values, "rating") errors=errors.clone() />
            <TextArea name="can_do" label="What can you, or the people around you, do?".to_owned()
                hint="For example, family who help, things that already work.".to_owned()
                value=value(values, "can_do") errors=errors.clone() />
            <TextArea name="would_help" label="What would help?".to_owned()
                value=value(values, "would_help") errors=errors.clone() />
            {done_choice(values, errors)}
        }
        .into_any();
        (area.title.clone(), questions)
    })
}

/// `/plan/about-me`: the carer's caring role and the people they care for.
#[component]
pub fn AboutMePage() -> impl IntoView {
    record_page(|| Some(RecordKey::AboutMe), |page, _key, values, errors| {
        let people = page.plan.people().into_iter().cloned().collect::<Vec<_>>();
        let questions = view! {
            <span class="caption">"About you"</span>
            <h1 class="heading-l">"About me and my caring role"</h1>
            <h2 class="heading-m">"The people you care for"</h2>
            {if people.is_empty() {
                view! { <p class="body">"You have not added anyone yet."</p> }.into_any()
            } else {
                view! { <PeopleList people=people /> }.into_any()
            }}
            <p class="body"><a href="/plan/person/new" class="button button--secondary">"Add a person you care for"</a></p>
            <TextArea name="able_willing" label="How do you feel about going on caring?".to_owned()
                hint="For example, how much you are able to do, and how much you want to do.".to_owned()
                value=value(values, "able_willing") errors=errors.clone() />
            {done_choice(values, errors)}
        }
        .into_any();
        ("About me and my caring role".to_owned(), questions)
    })
}

#[component]
fn PeopleList(people: Vec<PlanRecord>) -> impl IntoView {
    view! {
        <dl class="summary-list">
            {people
                .into_iter()
                .map(|p| {
                    let RecordKey::Person(id) = p.key else { unreachable!("people are people") };
                    let name = p.get("name").to_owned();
                    let detail = [p.get("relationship"), p.get("condition")]
                        .into_iter()
                        .filter(|s| !s.is_empty())
                        .collect::<Vec<_>>()
                        .join(" – ");
                    view! {
                        <div class="summary-list__row">
                            <dt class="summary-list__key">{name.clone()}</dt>
                            <dd class="summary-list__value">{detail}</dd>
                            <dd class="summary-list__actions">
                                <a href=format!("/plan/person/{id}")>"Change"<span class="visually-hidden">{format!(" {name}")}</span></a>
                                " "
                                <a href=format!("/plan/remove/person/{id}")>"Remove"<span class="visually-hidden">{format!(" {name}")}</span></a>
                            </dd>
                        </div>
                    }
                })
                .collect_view()}
        </dl>
    }
}

/// `/plan/person/new`: starts a new person with a fresh id.
#[component]
pub fn NewRecordPage() -> impl IntoView {
    let kind = param("kind");
    let kind = kind();
    let target = match kind.as_str() {
        "person" | "outcome" | "action" => format!("/plan/{kind}/{}", uuid::Uuid::new_v4()),
        _ => "/".to_owned(),
    };
    view! { <Redirect path=target /> }
}

/// `/plan/person/:id`: one person cared for.
#[component]
pub fn PersonPage() -> impl IntoView {
    let id = uuid_param("id");
    record_page(move || id().map(RecordKey::Person), |_page, _key, values, errors| {
        let questions = view! {
            <span class="caption">"About you"</span>
            <h1 class="heading-l">"A person you care for"</h1>
            <TextField name="name" label="Their first name or a nickname" autocomplete="off"
                value=value(values, "name") errors=errors.clone() />
            <TextField name="relationship" label="How are you related?"
                hint="For example, my mum, my son, a friend." value=value(values, "relationship") errors=errors.clone() />
            <TextArea name="condition" label="Their condition, in your own words".to_owned()
                value=value(values, "condition") errors=errors.clone() rows=3 />
            <Radios name="live_together" legend="Do you live with them?".to_owned() inline=true
                choices=vec![Choice::new("yes", "Yes"), Choice::new("no", "No")]
                chosen=value(values, "live_together") errors=errors.clone() />
            <TextField name="hours" label="About how many hours a week do you spend caring for them?"
                hint="A whole number. A week has 168 hours." value=value(values, "hours") errors=errors.clone() />
            <Radios name="terminal" legend="Are they terminally ill?".to_owned()
                hint="This means their doctors expect that they may die within six months. We ask so that we can help you sooner.".to_owned()
                choices=vec![Choice::new("yes", "Yes"), Choice::new("no", "No"), Choice::new("not-sure", "I'm not sure")]
                chosen=value(values, "terminal") errors=errors.clone() />
        }
        .into_any();
        ("A person you care for".to_owned(), questions)
    })
}

/// `/plan/outcomes`: outcomes and actions.
#[component]
pub fn OutcomesPage() -> impl IntoView {
    record_page(|| Some(RecordKey::Outcomes), |page, _key, values, errors| {
        let outcomes = page.plan.outcomes().into_iter().cloned().collect::<Vec<_>>();
        let actions = page.plan.actions().into_iter().cloned().collect::<Vec<_>>();
        let questions = view! {
            <span class="caption">"What you want to happen"</span>
            <h1 class="heading-l">"Outcomes and actions"</h1>
            <p class="body">"Outcomes are what you want to keep, change or improve in your life. Actions are the steps that will get you there, and who will take them."</p>
            <h2 class="heading-m">"Your outcomes"</h2>
            <RecordList records=outcomes kind="outcome" empty="You have not added any outcomes yet." />
            <p class="body"><a href="/plan/outcome/new" class="button button--secondary">"Add an outcome"</a></p>
            <h2 class="heading-m">"Actions"</h2>
            <RecordList records=actions kind="action" empty="You have not added any actions yet." />
            <p class="body"><a href="/plan/action/new" class="button button--secondary">"Add an action"</a></p>
            {done_choice(values, errors)}
        }
        .into_any();
        ("Outcomes and actions".to_owned(), questions)
    })
}

fn outcome_kind(kind: &str) -> &'static str {
    match kind {
        "maintain" => "Keep",
        "change" => "Change",
        "improve" => "Improve",
        _ => "",
    }
}

fn responsible(who: &str) -> &'static str {
    match who {
        "me" => "Me",
        "family-or-friends" => "Family or friends",
        "carers-centre" => "The carers' centre",
        "social-work" => "Social work",
        "community-service" => "A community service",
        "other" => "Someone else",
        _ => "",
    }
}

fn action_status(status: &str) -> &'static str {
    match status {
        "in-progress" => "In progress",
        "done" => "Done",
        _ => "Not started",
    }
}

fn describe(record: &PlanRecord) -> (String, String) {
    match record.key {
        RecordKey::Outcome(_) => (record.get("text").to_owned(), outcome_kind(record.get("kind")).to_owned()),
        _ => {
            let mut detail = vec![responsible(record.get("who")).to_owned()];
            if !record.get("target").is_empty() {
                detail.push(format!("by {}", readable_date(record.get("target"))));
            }
            detail.push(action_status(record.get("status")).to_owned());
            (record.get("text").to_owned(), detail.into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" · "))
        }
    }
}

#[component]
fn RecordList(records: Vec<PlanRecord>, kind: &'static str, empty: &'static str) -> impl IntoView {
    if records.is_empty() {
        return view! { <p class="body">{empty}</p> }.into_any();
    }
    view! {
        <dl class="summary-list">
            {records
                .into_iter()
                .map(|r| {
                    let id = match r.key {
                        RecordKey::Outcome(id) | RecordKey::Action(id) => id,
                        _ => uuid::Uuid::nil(),
                    };
                    let (text, detail) = describe(&r);
                    view! {
                        <div class="summary-list__row">
                            <dt class="summary-list__key">{detail}</dt>
                            <dd class="summary-list__value">{text}</dd>
                            <dd class="summary-list__actions">
                                <a href=format!("/plan/{kind}/{id}")>"Change"<span class="visually-hidden">{format!(" this {kind}")}</span></a>
                                " "
                                <a href=format!("/plan/remove/{kind}/{id}")>"Remove"<span class="visually-hidden">{format!(" this {kind}")}</span></a>
                            </dd>
                        </div>
                    }
                })
                .collect_view()}
        </dl>
    }
    .into_any()
}

/// `/plan/outcome/:id`: one personal outcome.
#[component]
pub fn OutcomePage() -> impl IntoView {
    let id = uuid_param("id");
    record_page(move || id().map(RecordKey::Outcome), |_page, _key, values, errors| {
        let questions = view! {
            <span class="caption">"Outcomes and actions"</span>
            <h1 class="heading-l">"An outcome you want"</h1>
            <Radios name="kind" legend="Is this something you want to keep, change or improve?".to_owned()
                choices=vec![
                    Choice::new("maintain", "Keep it as it is"),
                    Choice::new("change", "Change it"),
                    Choice::new("improve", "Improve it"),
                ]
                chosen=value(values, "kind") errors=errors.clone() />
            <TextArea name="text" label="What do you want, in your own words?".to_owned()
                hint="For example, to keep seeing my friends on Fridays.".to_owned()
                value=value(values, "text") errors=errors.clone() rows=3 />
        }
        .into_any();
        ("An outcome you want".to_owned(), questions)
    })
}

/// `/plan/action/:id`: one action.
#[component]
pub fn ActionPage() -> impl IntoView {
    let id = uuid_param("id");
    record_page(move || id().map(RecordKey::Action), |_page, _key, values, errors| {
        let questions = view! {
            <span class="caption">"Outcomes and actions"</span>
            <h1 class="heading-l">"An action"</h1>
            <TextArea name="text" label="What will be done?".to_owned()
                value=value(values, "text") errors=errors.clone() rows=3 />
            <Radios name="who" legend="Who will do it?".to_owned()
                choices=vec![
                    Choice::new("me", "Me"),
                    Choice::new("family-or-friends", "Family or friends"),
                    Choice::new("carers-centre", "The carers' centre"),
                    Choice::new("social-work", "Social work"),
                    Choice::new("community-service", "A community service"),
                    Choice::new("other", "Someone else"),
                ]
                chosen=value(values, "who") errors=errors.clone() />
            <TextField name="target" label="Target date (optional)" kind="date"
                hint="For example, 2027-03-31." value=value(values, "target") errors=errors.clone() />
            <Radios name="status" legend="Where has it got to?".to_owned()
                choices=vec![
                    Choice::new("not-started", "Not started"),
                    Choice::new("in-progress", "In progress"),
                    Choice::new("done", "Done"),
                ]
                chosen=value(values, "status") errors=errors.clone() />
        }
        .into_any();
        ("An action".to_owned(), questions)
    })
}

/// `/plan/emergency`.
#[component]
pub fn EmergencyPage() -> impl IntoView {
    record_page(|| Some(RecordKey::Emergency), |_page, _key, values, errors| {
        let questions = view! {
            <span class="caption">"What you want to happen"</span>
            <h1 class="heading-l">"Emergency and future planning"</h1>
            <TextArea name="who_steps_in" label="If you suddenly could not care, who would step in?".to_owned()
                hint="For example, a family member, a neighbour, or nobody yet.".to_owned()
                value=value(values, "who_steps_in") errors=errors.clone() />
            <TextArea name="contacts" label="Key contacts".to_owned()
                hint="People or services to call, and how to reach them.".to_owned()
                value=value(values, "contacts") errors=errors.clone() rows=4 />
            <TextArea name="future" label="What would you like to happen in the future?".to_owned()
                hint="For example, plans for care if things change.".to_owned()
                value=value(values, "future") errors=errors.clone() />
            {done_choice(values, errors)}
        }
        .into_any();
        ("Emergency and future planning".to_owned(), questions)
    })
}

/// `/plan/breaks`.
#[component]
pub fn BreaksPage() -> impl IntoView {
    record_page(|| Some(RecordKey::Breaks), |_page, _key, values, errors| {
        let questions = view! {
            <span class="caption">"What you want to happen"</span>
            <h1 class="heading-l">"Breaks from caring"</h1>
            <Radios name="would_help" legend="Would a short break from caring help you?".to_owned() inline=true
                choices=vec![Choice::new("yes", "Yes"), Choice::new("no", "No"), Choice::new("not-sure", "I'm not sure")]
                chosen=value(values, "would_help") errors=errors.clone() />
            <TextArea name="kind" label="What kind of break would help?".to_owned()
                hint="For example, a few hours a week, a day out, or a week away.".to_owned()
                value=value(values, "kind") errors=errors.clone() rows=3 />
            {done_choice(values, errors)}
        }
        .into_any();
        ("Breaks from caring".to_owned(), questions)
    })
}

/// `/plan/review`.
#[component]
pub fn ReviewPage() -> impl IntoView {
    record_page(|| Some(RecordKey::Review), |page, _key, values, errors| {
        let months = page.framework.review_months;
        let changed = value(values, "changed_on");
        let questions = view! {
            <span class="caption">"What you want to happen"</span>
            <h1 class="heading-l">"Review"</h1>
            <p class="body">{format!("Your plan will be looked at again {months} months after it is agreed with a worker, or sooner if things change.")}</p>
            <TextArea name="triggers" label="What should make us look at your plan again sooner?".to_owned()
                hint="For example, if the person you care for goes into hospital.".to_owned()
                value=value(values, "triggers") errors=errors.clone() rows=3 />
            {(!changed.is_empty()).then(|| view! {
                <div class="inset">{format!("You told us your circumstances changed on {}. A worker will look at your plan again.", readable_date(&changed))}</div>
            })}
            <input type="hidden" name="changed_on" value=changed />
            {done_choice(values, errors)}
        }
        .into_any();
        ("Review".to_owned(), questions)
    })
}

/// `/plan/changed`: "My circumstances have changed".
#[component]
pub fn CircumstancesChangedPage() -> impl IntoView {
    let page = Resource::new_blocking(|| (), |_| my_plan());
    let outcome = on_post(submission(), |_| review_now());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let page = match page.await {
                    Ok(page) => page,
                    Err(error) => return view! { <Refused error=error user=None /> }.into_any(),
                };
                match outcome.await {
                    Some(Ok(day)) => view! {
                        <Layout title="We have asked for a review".into() user=Some(page.user)>
                            <div class="panel">
                                <h1 class="heading-l">"We have asked for a review"</h1>
                                <p class="body">{format!("Recorded on {}", readable_date(&day))}</p>
                            </div>
                            <h2 class="heading-m">"What happens next"</h2>
                            <p class="body">"When your plan is with a carer support worker, they will see that your circumstances have changed and look at your plan again with you."</p>
                            <p class="body">"You can update any part of your plan now."</p>
                            <p class="body"><a href="/">"Back to your plan"</a></p>
                        </Layout>
                    }
                    .into_any(),
                    other => {
                        let errors = messages_for(&other, "changed");
                        view! {
                            <Layout title="My circumstances have changed".into() user=Some(page.user)>
                                <a href="/" class="back-link">"Back to your plan"</a>
                                <ErrorSummary errors=errors />
                                <h1 class="heading-l">"My circumstances have changed"</h1>
                                <p class="body">"If something important has changed, like your health, your work, or the needs of the person you care for, you can ask for your plan to be looked at again now."</p>
                                <form method="post" action="/plan/changed">
                                    <button type="submit" class="button" id="changed">"Ask for a review now"</button>
                                </form>
                            </Layout>
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// `/plan/remove/:kind/:id`: confirm removing a person, outcome or action.
#[component]
pub fn RemovePage() -> impl IntoView {
    let (kind, id) = (param("kind"), param("id"));
    // Only people, outcomes and actions can be removed; the key's own
    // parser checks the id.
    let key = move || match kind().as_str() {
        kind @ ("person" | "outcome" | "action") => RecordKey::parse(&format!("{kind}:{}", id())),
        _ => None,
    };
    let page = Resource::new_blocking(|| (), |_| my_plan());
    let posted = submission().map(|s| s.plan_answers().0);
    let key_for_post = key.clone();
    let outcome = on_post(posted, move |version| {
        remove_record(key_for_post().map(|k| k.to_string()).unwrap_or_default(), version)
    });
    view! {
        <Suspense>
            {move || {
                let key = key.clone();
                Suspend::new(async move {
                    let page = match page.await {
                        Ok(page) => page,
                        Err(error) => return view! { <Refused error=error user=None /> }.into_any(),
                    };
                    let back = match key() {
                        Some(RecordKey::Person(_)) => "/plan/about-me",
                        _ => "/plan/outcomes",
                    };
                    let outcome = outcome.await;
                    if let Some(Ok(true)) = outcome {
                        return view! { <Redirect path=back /> }.into_any();
                    }
                    let Some(record) = key().and_then(|k| page.plan.record(&k).cloned()) else {
                        return view! { <Redirect path=back /> }.into_any();
                    };
                    let changed = matches!(outcome, Some(Ok(false)));
                    let what = match record.key {
                        RecordKey::Person(_) => record.get("name").to_owned(),
                        _ => describe(&record).0,
                    };
                    view! {
                        <Layout title="Are you sure you want to remove this?".into() user=Some(page.user)>
                            <a href=back class="back-link">"Back"</a>
                            {changed.then(|| view! {
                                <div class="notification notification--warning" role="alert">
                                    <p class="body">"This was changed somewhere else after you opened this page. Check it is still the one you want to remove."</p>
                                </div>
                            })}
                            <h1 class="heading-l">"Are you sure you want to remove this?"</h1>
                            <div class="inset">{what}</div>
                            <form method="post" action=format!("/plan/remove/{}", record.key.to_string().replacen(':', "/", 1))>
                                <input type="hidden" name="__version" value=record.version.to_string() />
                                <div class="button-group">
                                    <button type="submit" class="button button--warning">"Yes, remove it"</button>
                                    <a href=back class="link">"No, keep it"</a>
                                </div>
                            </form>
                        </Layout>
                    }
                    .into_any()
                })
            }}
        </Suspense>
    }
}

/// The task list: every section with its status, and how many are done.
#[component]
pub fn TaskList(plan: Plan, framework: Framework) -> impl IntoView {
    let mut rows: Vec<(&'static str, String, String, TaskStatus)> = Vec::new();
    rows.push(("About you", "About me and my caring role".into(), "/plan/about-me".into(), plan.about_me_status()));
    for area in &framework.areas {
        rows.push(("How caring affects you", area.title.clone(), format!("/plan/area/{}", area.id), plan.area_status(&area.id)));
    }
    let later = "What you want to happen";
    rows.push((later, "Outcomes and actions".into(), "/plan/outcomes".into(), plan.outcomes_status()));
    rows.push((later, "Emergency and future planning".into(), "/plan/emergency".into(), plan.section_status(&RecordKey::Emergency)));
    rows.push((later, "Breaks from caring".into(), "/plan/breaks".into(), plan.section_status(&RecordKey::Breaks)));
    rows.push((later, "Review".into(), "/plan/review".into(), plan.section_status(&RecordKey::Review)));
    let done = rows.iter().filter(|r| r.3.is_done()).count();
    let total = rows.len();
    let groups = ["About you", "How caring affects you", later];
    view! {
        <h2 class="heading-m">"Your support plan"</h2>
        <p class="body" id="progress">{format!("You have done {done} of {total} sections.")}</p>
        {groups
            .into_iter()
            .map(|group| {
                let items = rows.iter().filter(|r| r.0 == group).cloned().collect::<Vec<_>>();
                view! {
                    <h3 class="heading-s">{group}</h3>
                    <ul class="task-list">
                        {items
                            .into_iter()
                            .map(|(_, title, href, status)| {
                                let tag = match status {
                                    TaskStatus::Completed => "tag tag--done",
                                    TaskStatus::InProgress => "tag tag--progress",
                                    TaskStatus::Skipped => "tag tag--skipped",
                                    TaskStatus::NotStarted => "tag",
                                };
                                let status_id = format!("status-{}", href.replace('/', "-"));
                                view! {
                                    <li class="task-list__item">
                                        <a class="task-list__link" href=href aria-describedby=status_id.clone()>{title}</a>
                                        <strong class=tag id=status_id>{status.label()}</strong>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
            })
            .collect_view()}
        <h3 class="heading-s">"Check your plan"</h3>
        <ul class="task-list">
            <li class="task-list__item">
                <a class="task-list__link" href="/plan/summary">"Check your answers and see your wellbeing chart"</a>
            </li>
            <li class="task-list__item">
                <a class="task-list__link" href="/plan/changed">"My circumstances have changed"</a>
            </li>
        </ul>
    }
}

/// `/plan/summary`: check your answers, with the wellbeing chart.
#[component]
pub fn SummaryPage() -> impl IntoView {
    let page = Resource::new_blocking(|| (), |_| my_plan());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <Summary page=page /> }.into_any(),
                    Err(error) => view! { <Refused error=error user=None /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// One answer in the summary, with its Change link.
fn row(key: &str, answer: String, change: String, what: &str) -> impl IntoView + use<> {
    let answer = if answer.trim().is_empty() { "Not answered".to_owned() } else { answer };
    let what = format!(" {}", what.to_lowercase());
    view! {
        <div class="summary-list__row">
            <dt class="summary-list__key">{key.to_owned()}</dt>
            <dd class="summary-list__value summary-list__value--text">{answer}</dd>
            <dd class="summary-list__actions">
                <a href=change>"Change"<span class="visually-hidden">{what}</span></a>
            </dd>
        </div>
    }
}

#[component]
fn Summary(page: PlanPage) -> impl IntoView {
    let PlanPage { user, plan, framework } = page;
    let stored = plan.clone();
    let get = move |key: &RecordKey, field: &str| stored.record(key).map(|r| r.get(field).to_owned()).unwrap_or_default();
    let people = plan.people().into_iter().cloned().collect::<Vec<_>>();
    let outcomes = plan.outcomes().into_iter().cloned().collect::<Vec<_>>();
    let actions = plan.actions().into_iter().cloned().collect::<Vec<_>>();
    let yes_no = |v: String| match v.as_str() {
        "yes" => "Yes".to_owned(),
        "no" => "No".to_owned(),
        "not-sure" => "Not sure".to_owned(),
        _ => String::new(),
    };
    let areas = framework.areas.clone();
    view! {
        <Layout title="Your support plan".into() user=Some(user)>
            <a href="/" class="back-link">"Back to your plan"</a>
            <h1 class="heading-l">"Your support plan"</h1>
            <p class="body">"Check your answers. You can change any of them."</p>
            <p class="body no-print"><crate::components::PrintButton /></p>

            <h2 class="heading-m">"Your wellbeing chart"</h2>
            <WellbeingChart plan=plan.clone() framework=framework.clone() />

            <h2 class="heading-m">"About me and my caring role"</h2>
            <dl class="summary-list">
                {people.into_iter().map(|p| {
                    let RecordKey::Person(id) = p.key else { unreachable!("people are people") };
                    let mut detail = vec![p.get("relationship").to_owned(), p.get("condition").to_owned()];
                    if !p.get("hours").is_empty() { detail.push(format!("{} hours of care a week", p.get("hours"))); }
                    match p.get("live_together") { "yes" => detail.push("Lives with me".into()), "no" => detail.push("Does not live with me".into()), _ => {} }
                    if p.get("terminal") == "yes" { detail.push("Terminally ill".into()); }
                    let detail = detail.into_iter().filter(|d| !d.is_empty()).collect::<Vec<_>>().join(". ");
                    row(p.get("name"), detail, format!("/plan/person/{id}"), p.get("name"))
                }).collect_view()}
                {row("How I feel about going on caring", get(&RecordKey::AboutMe, "able_willing"), "/plan/about-me".into(), "how you feel about going on caring")}
            </dl>

            <h2 class="heading-m">"How caring affects me"</h2>
            {areas.into_iter().map(|area| {
                let key = RecordKey::Area(area.id.clone());
                let change = format!("/plan/area/{}", area.id);
                let skipped = get(&key, "skip") == "yes";
                let rating = plan.rating(&area.id).map(|l| format!("{} – {}", l.label(), area.descriptor(l))).unwrap_or_default();
                view! {
                    <h3 class="heading-s">{area.title.clone()}</h3>
                    <dl class="summary-list">
                        {if skipped {
                            row("", "You chose not to talk about this".into(), change, &area.title).into_any()
                        } else {
                            view! {
                                {row("What is happening now", get(&key, "now"), change.clone(), "what is happening now")}
                                {row("What matters to me", get(&key, "matters"), change.clone(), "what matters to you")}
                                {row("Impact of caring", rating, change.clone(), "the impact of caring")}
                                {row("What I or people around me can do", get(&key, "can_do"), change.clone(), "what you or people around you can do")}
                                {row("What would help", get(&key, "would_help"), change, "what would help")}
                            }.into_any()
                        }}
                    </dl>
                }
            }).collect_view()}

            <h2 class="heading-m">"Outcomes and actions"</h2>
            <dl class="summary-list">
                {outcomes.into_iter().map(|o| {
                    let RecordKey::Outcome(id) = o.key else { unreachable!("outcomes are outcomes") };
                    row(outcome_kind(o.get("kind")), o.get("text").to_owned(), format!("/plan/outcome/{id}"), "this outcome")
                }).collect_view()}
                {actions.into_iter().map(|a| {
                    let RecordKey::Action(id) = a.key else { unreachable!("actions are actions") };
                    let (text, detail) = describe(&a);
                    row("Action", format!("{text} ({detail})"), format!("/plan/action/{id}"), "this action")
                }).collect_view()}
            </dl>

            <h2 class="heading-m">"Emergency and future planning"</h2>
            <dl class="summary-list">
                {row("Who would step in", get(&RecordKey::Emergency, "who_steps_in"), "/plan/emergency".into(), "who would step in")}
                {row("Key contacts", get(&RecordKey::Emergency, "contacts"), "/plan/emergency".into(), "key contacts")}
                {row("The future", get(&RecordKey::Emergency, "future"), "/plan/emergency".into(), "plans for the future")}
            </dl>

            <h2 class="heading-m">"Breaks from caring"</h2>
            <dl class="summary-list">
                {row("Would a break help", yes_no(get(&RecordKey::Breaks, "would_help")), "/plan/breaks".into(), "whether a break would help")}
                {row("What kind of break", get(&RecordKey::Breaks, "kind"), "/plan/breaks".into(), "what kind of break")}
            </dl>

            <h2 class="heading-m">"Review"</h2>
            <dl class="summary-list">
                {row("What should prompt an earlier review", get(&RecordKey::Review, "triggers"), "/plan/review".into(), "what should prompt a review")}
            </dl>
        </Layout>
    }
}

/// The carer's own ratings as a bar chart (SVG) with the same figures in a
/// table, so no one depends on seeing the picture.
#[component]
pub fn WellbeingChart(plan: Plan, framework: Framework) -> impl IntoView {
    let rows: Vec<(String, Option<ImpactLevel>, bool)> = framework
        .areas
        .iter()
        .map(|a| {
            let skipped = plan.record(&RecordKey::Area(a.id.clone())).is_some_and(|r| r.get("skip") == "yes");
            (a.title.clone(), plan.rating(&a.id), skipped)
        })
        .collect();
    let (label_w, bar_w, row_h) = (150.0_f64, 180.0_f64, 34.0_f64);
    let height = row_h * rows.len() as f64 + 24.0;
    let summary = rows
        .iter()
        .map(|(title, level, skipped)| match (level, skipped) {
            (_, true) => format!("{title}: skipped"),
            (Some(l), _) => format!("{title}: {}", l.label().to_lowercase()),
            (None, _) => format!("{title}: not rated"),
        })
        .collect::<Vec<_>>()
        .join("; ");
    let table_rows = rows.clone();
    view! {
        <figure class="chart">
            <svg class="chart__svg" viewBox=format!("0 0 {} {height}", label_w + bar_w + 10.0) role="img"
                aria-labelledby="chart-title" aria-describedby="chart-desc" width="100%">
                <title id="chart-title">"How much caring affects each part of your life"</title>
                <desc id="chart-desc">{summary}</desc>
                {ImpactLevel::ALL.iter().map(|l| {
                    let x = label_w + bar_w * (l.index() as f64 + 1.0) / 5.0;
                    view! { <line x1=x.to_string() x2=x.to_string() y1="0" y2=(height - 20.0).to_string() class="chart__grid" /> }
                }).collect_view()}
                {rows.into_iter().enumerate().map(|(i, (title, level, skipped))| {
                    let y = i as f64 * row_h;
                    let width = level.map_or(0.0, |l| bar_w * (l.index() as f64 + 1.0) / 5.0);
                    let class = format!("chart__bar chart__bar--{}", level.map_or("none", |l| l.as_str()));
                    let note = if skipped { "skipped" } else if level.is_none() { "not rated" } else { "" };
                    view! {
                        <text x=(label_w - 6.0).to_string() y=(y + 21.0).to_string() text-anchor="end" class="chart__label">{title}</text>
                        <rect x=label_w.to_string() y=(y + 6.0).to_string() width=width.to_string() height=(row_h - 12.0).to_string() class=class />
                        <text x=(label_w + 6.0).to_string() y=(y + 21.0).to_string() class="chart__note">{note}</text>
                    }
                }).collect_view()}
                {ImpactLevel::ALL.iter().map(|l| {
                    let x = label_w + bar_w * (l.index() as f64 + 0.5) / 5.0;
                    let short = match l { ImpactLevel::None => "None", ImpactLevel::Low => "Low", ImpactLevel::Moderate => "Mod.", ImpactLevel::Substantial => "Subst.", ImpactLevel::Critical => "Crit." };
                    view! { <text x=x.to_string() y=(height - 6.0).to_string() text-anchor="middle" class="chart__axis">{short}</text> }
                }).collect_view()}
            </svg>
            <figcaption class="visually-hidden">"The same ratings are in the table below."</figcaption>
        </figure>
        <table class="table">
            <caption class="table__caption">"Your own rating of the impact of caring"</caption>
            <thead><tr><th scope="col">"Part of your life"</th><th scope="col">"Impact of caring"</th></tr></thead>
            <tbody>
                {table_rows.into_iter().map(|(title, level, skipped)| {
                    let text = match (level, skipped) {
                        (_, true) => "Skipped".to_owned(),
                        (Some(l), _) => l.label().to_owned(),
                        (None, _) => "Not rated yet".to_owned(),
                    };
                    view! { <tr><th scope="row">{title}</th><td>{text}</td></tr> }
                }).collect_view()}
            </tbody>
        </table>
    }
}
