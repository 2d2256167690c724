//! One page per wellbeing area of the framework.

use super::{Questions, Sheet, record_page};
use crate::components::params::param;
use crate::components::{Choice, Radios, TextArea};
use crate::domain::plan::{Answer, ImpactLevel, RecordKey, YesNo};
use crate::framework::Area;
use leptos::prelude::*;

/// `/plan/area/:id`: one wellbeing area.
#[component]
pub fn AreaPage() -> impl IntoView {
    let id = param("id");
    record_page(Some(RecordKey::Area(id.clone())), move |page, _| page.framework.area(&id).cloned(), area)
}

/// The questions about one wellbeing area.
pub(crate) fn area(sheet: &Sheet, area: &Area) -> Questions {
    let skipped = sheet.answer::<YesNo>("skip") == Some(YesNo::Yes);
    let workers = crate::components::shared_plan::workers_view_of_area(&sheet.page.plan, &area.id);
    let choices =
        ImpactLevel::ALL.iter().map(|level| Choice::with_hint(level.as_str(), level.label(), area.descriptor(*level))).collect::<Vec<_>>();
    let body = view! {
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
                <input type="hidden" name="skip" value=YesNo::No.as_str() />
                <input class="checkbox__input" id="skip" name="skip" type="checkbox" value=YesNo::Yes.as_str() checked=skipped
                    aria-describedby="skip-hint" />
                <label class="label checkbox__label" for="skip">"I'd rather not talk about this"</label>
                <div class="hint checkbox__hint" id="skip-hint">
                    "This part will be marked as skipped and kept out of anything you share."
                </div>
            </div>
        </div>
        <TextArea name="now" label="What is happening now?".to_owned()
            hint="In your own words. Write as much or as little as you like.".to_owned()
            value=sheet.value("now") errors=sheet.errors() />
        <TextArea name="matters" label="What matters to you?".to_owned()
            value=sheet.value("matters") errors=sheet.errors() />
        <Radios name="rating" legend="How much does caring affect this part of your life?".to_owned()
            hint="Choose the one closest to how things are for you.".to_owned()
            choices=choices chosen=sheet.value("rating") errors=sheet.errors() />
        <TextArea name="can_do" label="What can you, or the people around you, do?".to_owned()
            hint="For example, family who help, things that already work.".to_owned()
            value=sheet.value("can_do") errors=sheet.errors() />
        <TextArea name="would_help" label="What would help?".to_owned()
            value=sheet.value("would_help") errors=sheet.errors() />
        {workers.map(|view| view! {
            <h2 class="heading-m">"What your carer support worker wrote"</h2>
            <dl class="summary-list">{view}</dl>
        })}
        {sheet.finished()}
    }
    .into_any();
    Questions { title: area.title.clone(), body }
}
