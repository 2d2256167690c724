//! The sections that are one page each: emergency and future planning,
//! breaks from caring, and review.

use super::{Questions, Sheet, record_page};
use crate::components::{Choice, Radios, TextArea};
use crate::domain::calendar::written_date;
use crate::domain::plan::{RecordKey, YesNoNotSure};
use leptos::prelude::*;

/// `/plan/emergency`.
#[component]
pub fn EmergencyPage() -> impl IntoView {
    record_page(Some(RecordKey::Emergency), |_, _| Some(()), |sheet, _| emergency(sheet))
}

/// The questions about emergencies and the future.
pub(crate) fn emergency(sheet: &Sheet) -> Questions {
    let body = view! {
        <span class="caption">"What you want to happen"</span>
        <h1 class="heading-l">"Emergency and future planning"</h1>
        <TextArea name="who_steps_in" label="If you suddenly could not care, who would step in?".to_owned()
            hint="For example, a family member, a neighbour, or nobody yet.".to_owned()
            value=sheet.value("who_steps_in") errors=sheet.errors() />
        <TextArea name="contacts" label="Key contacts".to_owned()
            hint="People or services to call, and how to reach them.".to_owned()
            value=sheet.value("contacts") errors=sheet.errors() rows=4 />
        <TextArea name="future" label="What would you like to happen in the future?".to_owned()
            hint="For example, plans for care if things change.".to_owned()
            value=sheet.value("future") errors=sheet.errors() />
        {sheet.finished()}
    }
    .into_any();
    Questions { title: "Emergency and future planning".to_owned(), body }
}

/// `/plan/breaks`.
#[component]
pub fn BreaksPage() -> impl IntoView {
    record_page(Some(RecordKey::Breaks), |_, _| Some(()), |sheet, _| breaks(sheet))
}

/// The questions about breaks from caring.
pub(crate) fn breaks(sheet: &Sheet) -> Questions {
    let would_help = Choice::all::<YesNoNotSure>();
    let body = view! {
        <span class="caption">"What you want to happen"</span>
        <h1 class="heading-l">"Breaks from caring"</h1>
        <Radios name="would_help" legend="Would a short break from caring help you?".to_owned() inline=true
            choices=would_help chosen=sheet.value("would_help") errors=sheet.errors() />
        <TextArea name="kind" label="What kind of break would help?".to_owned()
            hint="For example, a few hours a week, a day out, or a week away.".to_owned()
            value=sheet.value("kind") errors=sheet.errors() rows=3 />
        {sheet.finished()}
    }
    .into_any();
    Questions { title: "Breaks from caring".to_owned(), body }
}

/// `/plan/review`.
#[component]
pub fn ReviewPage() -> impl IntoView {
    record_page(Some(RecordKey::Review), |_, _| Some(()), |sheet, _| review(sheet))
}

/// When the plan will be looked at again, and what should bring that forward.
pub(crate) fn review(sheet: &Sheet) -> Questions {
    let months = sheet.page.framework.review_months;
    let changed = sheet.value("changed_on");
    let body = view! {
        <span class="caption">"What you want to happen"</span>
        <h1 class="heading-l">"Review"</h1>
        <p class="body">{format!("Your plan will be looked at again {months} months after it is agreed with a worker, or sooner if things change.")}</p>
        <TextArea name="triggers" label="What should make us look at your plan again sooner?".to_owned()
            hint="For example, if the person you care for goes into hospital.".to_owned()
            value=sheet.value("triggers") errors=sheet.errors() rows=3 />
        {(!changed.is_empty()).then(|| view! {
            <div class="inset">{format!("You told us your circumstances changed on {}. A worker will look at your plan again.", written_date(&changed))}</div>
        })}
        <input type="hidden" name="changed_on" value=changed.clone() />
        {sheet.finished()}
    }
    .into_any();
    Questions { title: "Review".to_owned(), body }
}
