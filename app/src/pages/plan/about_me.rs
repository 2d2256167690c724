//! About me and my caring role, and each person cared for.

use super::{Questions, Sheet, add_button, record_page};
use crate::components::params::uuid_param;
use crate::components::{Choice, Radios, TextArea, TextField};
use crate::domain::plan::{PersonId, PlanRecord, RecordKey, YesNo, YesNoNotSure};
use crate::paths::{self, Repeated};
use leptos::prelude::*;

/// `/plan/about-me`: the carer's caring role and the people they care for.
#[component]
pub fn AboutMePage() -> impl IntoView {
    record_page(Some(RecordKey::AboutMe), |_, _| Some(()), |sheet, _| about_me(sheet))
}

/// The questions of "About me and my caring role".
pub(crate) fn about_me(sheet: &Sheet) -> Questions {
    let people: Vec<(PersonId, PlanRecord)> = sheet.page.plan.people().into_iter().map(|(id, p)| (id, p.clone())).collect();
    let body = view! {
        <span class="caption">"About you"</span>
        <h1 class="heading-l">"About me and my caring role"</h1>
        <h2 class="heading-m">"The people you care for"</h2>
        {if people.is_empty() {
            view! { <p class="body">"You have not added anyone yet."</p> }.into_any()
        } else {
            view! { <PeopleList people=people /> }.into_any()
        }}
        {add_button(Repeated::Person, "Add a person you care for")}
        <TextArea name="able_willing" label="How do you feel about going on caring?".to_owned()
            hint="For example, how much you are able to do, and how much you want to do.".to_owned()
            value=sheet.value("able_willing") errors=sheet.errors() />
        {sheet.finished()}
    }
    .into_any();
    Questions { title: "About me and my caring role".to_owned(), body }
}

#[component]
fn PeopleList(people: Vec<(PersonId, PlanRecord)>) -> impl IntoView {
    view! {
        <dl class="summary-list">
            {people
                .into_iter()
                .map(|(id, p)| {
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
                                <a href=paths::person(id)>"Change"<span class="visually-hidden">{format!(" {name}")}</span></a>
                                " "
                                <a href=paths::remove(Repeated::Person, id.0)>"Remove"<span class="visually-hidden">{format!(" {name}")}</span></a>
                            </dd>
                        </div>
                    }
                })
                .collect_view()}
        </dl>
    }
}

/// `/plan/person/:id`: one person cared for.
#[component]
pub fn PersonPage() -> impl IntoView {
    record_page(uuid_param("id").map(RecordKey::Person), |_, _| Some(()), |sheet, _| person(sheet))
}

/// The questions about one person cared for.
pub(crate) fn person(sheet: &Sheet) -> Questions {
    let (live_together, terminal) = (Choice::all::<YesNo>(), Choice::all::<YesNoNotSure>());
    let body = view! {
        <span class="caption">"About you"</span>
        <h1 class="heading-l">"A person you care for"</h1>
        <TextField name="name" label="Their first name or a nickname" autocomplete="off"
            value=sheet.value("name") errors=sheet.errors() />
        <TextField name="relationship" label="How are you related?"
            hint="For example, my mum, my son, a friend." value=sheet.value("relationship") errors=sheet.errors() />
        <TextArea name="condition" label="Their condition, in your own words".to_owned()
            value=sheet.value("condition") errors=sheet.errors() rows=3 />
        <Radios name="live_together" legend="Do you live with them?".to_owned() inline=true
            choices=live_together chosen=sheet.value("live_together") errors=sheet.errors() />
        <TextField name="hours" label="About how many hours a week do you spend caring for them?"
            hint="A whole number. A week has 168 hours." value=sheet.value("hours") errors=sheet.errors() />
        <Radios name="terminal" legend="Are they terminally ill?".to_owned()
            hint="This means their doctors expect that they may die within six months. We ask so that we can help you sooner.".to_owned()
            choices=terminal chosen=sheet.value("terminal") errors=sheet.errors() />
    }
    .into_any();
    Questions { title: "A person you care for".to_owned(), body }
}
