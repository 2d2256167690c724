//! Outcomes and actions: the list of both, one outcome, one action.

use super::{Questions, Sheet, add_button, record_page};
use crate::components::params::uuid_param;
use crate::components::shared_plan::{action_detail, outcome_heading};
use crate::components::{Choice, Radios, TextArea, TextField};
use crate::domain::plan::{ActionStatus, OutcomeKind, PlanRecord, RecordKey, Responsible};
use crate::paths::{self, Repeated};
use leptos::prelude::*;

/// `/plan/outcomes`: outcomes and actions.
#[component]
pub fn OutcomesPage() -> impl IntoView {
    record_page(Some(RecordKey::Outcomes), |_, _| Some(()), |sheet, _| outcomes(sheet))
}

/// The lists of outcomes and actions, and whether the section is finished.
pub(crate) fn outcomes(sheet: &Sheet) -> Questions {
    let plan = &sheet.page.plan;
    let outcomes: Vec<Listed> = plan.outcomes().into_iter().map(|(id, r)| Listed::outcome(id.0, r)).collect();
    let actions: Vec<Listed> = plan.actions().into_iter().map(|(id, r)| Listed::action(id.0, r)).collect();
    let body = view! {
        <span class="caption">"What you want to happen"</span>
        <h1 class="heading-l">"Outcomes and actions"</h1>
        <p class="body">"Outcomes are what you want to keep, change or improve in your life. Actions are the steps that will get you there, and who will take them."</p>
        <h2 class="heading-m">"Your outcomes"</h2>
        <RecordList records=outcomes empty="You have not added any outcomes yet." />
        {add_button(Repeated::Outcome, "Add an outcome")}
        <h2 class="heading-m">"Actions"</h2>
        <RecordList records=actions empty="You have not added any actions yet." />
        {add_button(Repeated::Action, "Add an action")}
        {sheet.finished()}
    }
    .into_any();
    Questions { title: "Outcomes and actions".to_owned(), body }
}

/// One outcome or action in a list, with where to change or remove it.
#[derive(Debug, Clone)]
struct Listed {
    kind: Repeated,
    text: String,
    detail: String,
    change: String,
    remove: String,
}

impl Listed {
    fn outcome(id: uuid::Uuid, record: &PlanRecord) -> Listed {
        Listed {
            kind: Repeated::Outcome,
            text: record.get("text").to_owned(),
            detail: outcome_heading(record).to_owned(),
            change: paths::record(&Repeated::Outcome.key(id)),
            remove: paths::remove(Repeated::Outcome, id),
        }
    }

    fn action(id: uuid::Uuid, record: &PlanRecord) -> Listed {
        Listed {
            kind: Repeated::Action,
            text: record.get("text").to_owned(),
            detail: action_detail(record),
            change: paths::record(&Repeated::Action.key(id)),
            remove: paths::remove(Repeated::Action, id),
        }
    }
}

#[component]
fn RecordList(records: Vec<Listed>, empty: &'static str) -> impl IntoView {
    if records.is_empty() {
        return view! { <p class="body">{empty}</p> }.into_any();
    }
    view! {
        <dl class="summary-list">
            {records
                .into_iter()
                .map(|r| {
                    let what = format!(" this {}", r.kind.as_str());
                    view! {
                        <div class="summary-list__row">
                            <dt class="summary-list__key">{r.detail}</dt>
                            <dd class="summary-list__value">{r.text}</dd>
                            <dd class="summary-list__actions">
                                <a href=r.change>"Change"<span class="visually-hidden">{what.clone()}</span></a>
                                " "
                                <a href=r.remove>"Remove"<span class="visually-hidden">{what}</span></a>
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
    record_page(uuid_param("id").map(RecordKey::Outcome), |_, _| Some(()), |sheet, _| outcome(sheet))
}

/// The questions about one outcome.
pub(crate) fn outcome(sheet: &Sheet) -> Questions {
    let kinds = Choice::all::<OutcomeKind>();
    let body = view! {
        <span class="caption">"Outcomes and actions"</span>
        <h1 class="heading-l">"An outcome you want"</h1>
        <Radios name="kind" legend="Is this something you want to keep, change or improve?".to_owned()
            choices=kinds chosen=sheet.value("kind") errors=sheet.errors() />
        <TextArea name="text" label="What do you want, in your own words?".to_owned()
            hint="For example, to keep seeing my friends on Fridays.".to_owned()
            value=sheet.value("text") errors=sheet.errors() rows=3 />
    }
    .into_any();
    Questions { title: "An outcome you want".to_owned(), body }
}

/// `/plan/action/:id`: one action.
#[component]
pub fn ActionPage() -> impl IntoView {
    record_page(uuid_param("id").map(RecordKey::Action), |_, _| Some(()), |sheet, _| action(sheet))
}

/// The questions about one action.
pub(crate) fn action(sheet: &Sheet) -> Questions {
    let (who, status) = (Choice::all::<Responsible>(), Choice::all::<ActionStatus>());
    let body = view! {
        <span class="caption">"Outcomes and actions"</span>
        <h1 class="heading-l">"An action"</h1>
        <TextArea name="text" label="What will be done?".to_owned()
            value=sheet.value("text") errors=sheet.errors() rows=3 />
        <Radios name="who" legend="Who will do it?".to_owned()
            choices=who chosen=sheet.value("who") errors=sheet.errors() />
        <TextField name="target" label="Target date (optional)" kind="date"
            hint="For example, 2027-03-31." value=sheet.value("target") errors=sheet.errors() />
        <Radios name="status" legend="Where has it got to?".to_owned()
            choices=status chosen=sheet.value("status") errors=sheet.errors() />
    }
    .into_any();
    Questions { title: "An action".to_owned(), body }
}
