//! The worker's own part of a carer's plan: their view of a shared area
//! (their rating beside the carer's, their notes) and their part of the
//! support plan with the suggested level of support. Each is a record of
//! the carer's plan with its own version; the autosave saves it as it is
//! typed and "Save" sends it without JavaScript. The carer reads all of it.

use crate::api::accounts::whoami;
use crate::api::worker::{remove_worker_record, save_worker_section, shared_plan};
use crate::components::StaffNav;
use crate::components::params::{param, uuid_param};
use crate::components::{Autosave, Choice, ErrorSummary, Layout, Radios, TextArea, TextField};
use crate::domain::conversation::SupportLevel;
use crate::domain::plan::{ImpactLevel, RecordKey, Responsible, SaveOutcome, YesNo, YesNoNotSure};
use crate::domain::sharing::SUPPORT_PLAN;
use crate::error::{AppError, FieldErrors};
use crate::pages::{messages_for, on_post, page, submission};
use crate::paths;
use crate::views::accounts::UserView;
use crate::views::worker::SharedPlanView;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use std::collections::BTreeMap;

/// The button that removes an agreed action instead of saving it.
const REMOVE: &str = "__remove";

/// A worker's form once loaded: who, the plan, and what a post did.
pub(super) struct Loaded {
    pub me: UserView,
    pub plan: SharedPlanView,
    pub outcome: Option<Result<SaveOutcome, AppError>>,
    pub typed: Option<BTreeMap<String, String>>,
}

/// Loads a worker's form page for record `key` of the carer in the address,
/// opening the plan as `section` (logged), and saving a posted form first.
pub(super) fn part_page(
    section: String,
    key: RecordKey,
    draw: impl Fn(Loaded, &RecordKey) -> AnyView + Send + Sync + 'static,
) -> impl IntoView {
    let carer = uuid_param("carer");
    let submitted = submission().map(|s| (s.plan_answers(), s.get(REMOVE) == "yes"));
    let posted = submitted.as_ref().map(|(answers, _)| answers.clone());
    let save_key = key.to_string();
    let outcome = on_post(submitted, move |((version, fields), remove)| {
        let key = save_key.clone();
        async move {
            let carer = carer.ok_or(AppError::NotFound)?;
            if !remove {
                return save_worker_section(carer, key, version, fields).await;
            }
            match remove_worker_record(carer, key, version).await? {
                true => Ok(SaveOutcome::Saved { version: 0 }),
                false => Err(AppError::Conflict(
                    "This action was changed somewhere else after you opened it. Check it, then try again.".to_owned(),
                )),
            }
        }
    });
    page(
        move || {
            let (section, posted) = (section.clone(), posted.clone());
            async move {
                let carer = carer.ok_or(AppError::NotFound)?;
                let outcome = outcome.await;
                let plan = shared_plan(carer, Some(section)).await?;
                let me = whoami().await?.ok_or(AppError::Unauthorized)?;
                Ok::<_, AppError>(Loaded { me, plan, outcome, typed: posted.map(|(_, fields)| fields) })
            }
        },
        move |loaded| draw(loaded, &key),
    )
}

/// The form around a worker's questions: saved, it goes back to the plan's
/// overview; otherwise it shows what was typed, the messages and a conflict.
pub(super) fn part_form(loaded: Loaded, key: &RecordKey, title: String, questions: impl FnOnce(&Values) -> AnyView) -> AnyView {
    let Loaded { me, plan, outcome, typed } = loaded;
    let carer = plan.carer_id;
    if let Some(Ok(SaveOutcome::Saved { .. })) = outcome {
        return view! { <Redirect path=paths::shared_plan(carer) /> }.into_any();
    }
    let (version, values, conflict) = crate::components::record_form::shown(plan.plan.record(key), typed, &outcome);
    let errors = match (&outcome, key) {
        (Some(Err(AppError::Conflict(message))), _) => {
            let mut e = FieldErrors::default();
            e.push("text", message.clone());
            e
        }
        (_, RecordKey::WorkerAction(_)) => messages_for(&outcome, "text"),
        _ => messages_for(&outcome, "notes"),
    };
    let here = match key {
        RecordKey::WorkerPlan => paths::support_plan(carer),
        RecordKey::WorkerAction(id) => paths::worker_action(carer, *id),
        RecordKey::WorkerArea(id) => paths::shared_section(carer, &format!("area-{id}")),
        _ => return view! { <Redirect path=paths::shared_plan(carer) /> }.into_any(),
    };
    let removable = matches!(key, RecordKey::WorkerAction(_)) && version > 0;
    let values = Values { values, errors: errors.clone() };
    let body = questions(&values);
    let role = me.role;
    let keep_drafts = !me.shared_device;
    let user_id = me.id.to_string();
    let record_key = key.to_string();
    view! {
        <Layout title=format!("{} – {}", plan.carer_name, title) user=Some(me)>
            <StaffNav role=role />
            <a href=paths::shared_plan(carer) class="back-link">{format!("Back to {}'s plan", plan.carer_name)}</a>
            <ErrorSummary errors=errors />
            {conflict.then(|| view! {
                <div class="notification notification--warning" role="alert">
                    <h2 class="notification__title">"This was changed somewhere else"</h2>
                    <p class="body">"It was saved on another device or in another tab after you opened this page. What you typed is below and has not been saved yet. Check it, then select Save."</p>
                </div>
            })}
            <Autosave record_key=record_key user_id=user_id version=version keep_drafts=keep_drafts carer_id=carer.to_string()>
                <form method="post" action=here novalidate>
                    <input type="hidden" name="__version" value=version.to_string() />
                    {body}
                    <div class="button-group">
                        <button type="submit" class="button">"Save"</button>
                        {removable.then(|| view! {
                            <button type="submit" name=REMOVE value="yes" class="button button--warning">"Remove this action"</button>
                        })}
                    </div>
                </form>
            </Autosave>
        </Layout>
    }
    .into_any()
}

/// What a worker's form shows in each field, and the messages.
pub(super) struct Values {
    values: BTreeMap<String, String>,
    errors: FieldErrors,
}

impl Values {
    /// What to show in the field called `name`.
    pub fn value(&self, name: &str) -> String {
        self.values.get(name).cloned().unwrap_or_default()
    }

    /// Every message.
    pub fn errors(&self) -> FieldErrors {
        self.errors.clone()
    }
}

/// The worker's view of one area: their rating (beside the carer's, shown
/// above the form) and their notes.
pub(super) fn area_questions(plan: &SharedPlanView, area_id: &str, values: &Values) -> AnyView {
    let Some(area) = plan.framework.area(area_id).cloned() else { return ().into_any() };
    let carers = plan.plan.rating(area_id);
    let choices: Vec<Choice> = ImpactLevel::ALL
        .iter()
        .map(|level| {
            let theirs = if carers == Some(*level) { " (the carer's own rating)" } else { "" };
            Choice::with_hint(level.as_str(), format!("{}{theirs}", level.label()), area.descriptor(*level))
        })
        .collect();
    view! {
        <h2 class="heading-m">"Your view"</h2>
        <p class="body">"The carer can read everything you write here."</p>
        <Radios name="rating" legend="Your rating of the impact of caring".to_owned()
            hint=carers.map_or_else(|| "The carer has not rated this area.".to_owned(), |l| format!("The carer rated this: {}.", l.label()))
            choices=choices chosen=values.value("rating") errors=values.errors() />
        <TextArea name="notes" label="Your notes of the conversation".to_owned()
            value=values.value("notes") errors=values.errors() rows=6 />
    }
    .into_any()
}

/// `/worker/support/:carer`: the worker's part of the support plan.
#[component]
pub fn SupportPlanPage() -> impl IntoView {
    part_page(SUPPORT_PLAN.to_owned(), RecordKey::WorkerPlan, |loaded, key| {
        let support = loaded.plan.support.clone();
        let name = loaded.plan.carer_name.clone();
        part_form(loaded, key, "Support plan".to_owned(), move |values| {
            let levels: Vec<Choice> = SupportLevel::ALL
                .iter()
                .map(|l| {
                    let label = if *l == support.level { format!("{} (suggested)", l.label()) } else { l.label().to_owned() };
                    Choice::new(l.as_str(), label)
                })
                .collect();
            let yes_no = Choice::all::<YesNo>();
            let breaks = Choice::all::<YesNoNotSure>();
            view! {
                <span class="caption">{format!("{name}'s plan")}</span>
                <h1 class="heading-l">"Support plan"</h1>
                <p class="body">"Your part of the Adult Carer Support Plan. The carer can read everything you write here."</p>
                <Radios name="has_needs" legend="Does the carer have needs for support?".to_owned() inline=true
                    choices=yes_no chosen=values.value("has_needs") errors=values.errors() />
                <TextArea name="needs" label="The carer's needs for support".to_owned()
                    value=values.value("needs") errors=values.errors() rows=4 />
                <TextArea name="outcomes" label="Outcomes agreed with the carer".to_owned()
                    hint="What the carer wants to keep, change or improve, as you agreed them together. Their own outcomes stay in their plan beside these.".to_owned()
                    value=values.value("outcomes") errors=values.errors() rows=3 />
                <TextArea name="local_support" label="Support available locally".to_owned()
                    value=values.value("local_support") errors=values.errors() rows=3 />
                <TextArea name="other_council" label="Support where the carer lives, if that is another council area (optional)".to_owned()
                    value=values.value("other_council") errors=values.errors() rows=2 />
                <TextArea name="eligible_support" label="Support to be provided for eligible needs".to_owned()
                    value=values.value("eligible_support") errors=values.errors() rows=3 />
                <TextArea name="other_support" label="Support for needs that are not eligible".to_owned()
                    value=values.value("other_support") errors=values.errors() rows=3 />
                <Radios name="break" legend="Should support take the form of a break from caring?".to_owned() inline=true
                    choices=breaks chosen=values.value("break") errors=values.errors() />
                <TextArea name="break_detail" label="What kind of break (optional)".to_owned()
                    value=values.value("break_detail") errors=values.errors() rows=2 />
                <Radios name="support_level" legend="Level of support".to_owned()
                    hint=format!("Suggested: {}. Why: {}.", support.level.label(), support.reason)
                    choices=levels chosen=values.value("support_level") errors=values.errors() />
                <TextArea name="level_reason" label="If you chose a different level, why?".to_owned()
                    value=values.value("level_reason") errors=values.errors() rows=3 />
            }
            .into_any()
        })
    })
}

/// `/worker/action/:carer/:action`: an action agreed with the carer (what,
/// who, by when); `new` starts one with a fresh id.
#[component]
pub fn WorkerActionPage() -> impl IntoView {
    let carer = uuid_param("carer");
    let action = param("action");
    if action == "new" {
        let target = carer.map_or_else(|| paths::WORKER.to_owned(), |c| paths::worker_action(c, uuid::Uuid::new_v4()));
        return view! { <Redirect path=target /> }.into_any();
    }
    let Ok(id) = uuid::Uuid::parse_str(&action) else {
        return page(|| async { Err::<(), _>(AppError::NotFound) }, |()| ()).into_any();
    };
    part_page(SUPPORT_PLAN.to_owned(), RecordKey::WorkerAction(id), |loaded, key| {
        let name = loaded.plan.carer_name.clone();
        part_form(loaded, key, "Agreed action".to_owned(), move |values| {
            let who = Choice::all::<Responsible>();
            view! {
                <span class="caption">{format!("{name}'s plan")}</span>
                <h1 class="heading-l">"Agreed action"</h1>
                <p class="body">"An action you and the carer agreed. The carer can read it in their plan."</p>
                <TextArea name="text" label="What will be done?".to_owned()
                    value=values.value("text") errors=values.errors() rows=3 />
                <Radios name="who" legend="Who will do it?".to_owned()
                    choices=who chosen=values.value("who") errors=values.errors() />
                <TextField name="target" label="By when (optional)" kind="date"
                    hint="For example, 2027-03-31." value=values.value("target") errors=values.errors() />
            }
            .into_any()
        })
    })
    .into_any()
}
