//! Check your answers, with the wellbeing chart.

use crate::api::plan::my_plan;
use crate::components::shared_plan::{action_detail, outcome_heading};
use crate::components::{Layout, PrintButton, WellbeingChart, WorkersPart};
use crate::domain::plan::{Answer, RecordKey, YesNo, YesNoNotSure};
use crate::pages::page;
use crate::paths;
use crate::views::plan::PlanPage;
use leptos::prelude::*;

/// `/plan/summary`: check your answers, with the wellbeing chart.
#[component]
pub fn SummaryPage() -> impl IntoView {
    page(
        || async { Ok::<_, crate::error::AppError>((my_plan().await?, crate::api::agreement::my_agreement().await?.agreed)) },
        |(page, agreed)| view! { <Summary page=page agreed=agreed /> },
    )
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

/// Everything the carer has written, section by section.
#[component]
pub(crate) fn Summary(
    page: PlanPage,
    /// Every plan the carer signed, newest first.
    #[prop(optional)]
    agreed: Vec<crate::views::agreement::AgreedListing>,
) -> impl IntoView {
    let PlanPage { user, plan, framework } = page;
    let stored = plan.clone();
    let get = move |key: &RecordKey, field: &str| stored.record(key).map(|r| r.get(field).to_owned()).unwrap_or_default();
    let people = plan
        .people()
        .into_iter()
        .map(|(id, p)| row(p.get("name"), crate::components::shared_plan::person_detail(p, "me"), paths::person(id), p.get("name")))
        .collect_view();
    let outcomes = plan
        .outcomes()
        .into_iter()
        .map(|(id, o)| row(outcome_heading(o), o.get("text").to_owned(), paths::outcome(id), "this outcome"))
        .collect_view();
    let actions = plan
        .actions()
        .into_iter()
        .map(|(id, a)| row("Action", format!("{} ({})", a.get("text"), action_detail(a)), paths::action(id), "this action"))
        .collect_view();
    let would_break_help =
        plan.record(&RecordKey::Breaks).and_then(|r| r.answer::<YesNoNotSure>("would_help")).map_or("", YesNoNotSure::label).to_owned();
    let areas = framework.areas.clone();
    view! {
        <Layout title="Your support plan".into() user=Some(user) light=true>
            <a href=paths::HOME class="back-link">"Back to your plan"</a>
            <h1 class="heading-l">"Your support plan"</h1>
            <p class="body">"Check your answers. You can change any of them."</p>
            <p class="body no-print"><PrintButton /></p>
            {(!agreed.is_empty()).then(|| view! {
                <h2 class="heading-m" id="agreed">"Plans you agreed"</h2>
                <p class="body">"Each is kept exactly as you signed it. Open one to see it beside your plan now, with what has changed."</p>
                <ul class="list">
                    {agreed.into_iter().map(|a| view! {
                        <li>
                            <a href=paths::agreed(a.id)>{format!("Agreed on {} with {}", a.agreed_on, a.worker)}</a>
                            {format!(" – review by {}", a.review_on)}
                        </li>
                    }).collect_view()}
                </ul>
            })}

            <h2 class="heading-m">"Your wellbeing chart"</h2>
            <WellbeingChart plan=plan.clone() framework=framework.clone() />

            <h2 class="heading-m">"About me and my caring role"</h2>
            <dl class="summary-list">
                {people}
                {row("How I feel about going on caring", get(&RecordKey::AboutMe, "able_willing"), paths::ABOUT_ME.into(), "how you feel about going on caring")}
            </dl>

            <h2 class="heading-m">"How caring affects me"</h2>
            {areas.into_iter().map(|area| {
                let key = RecordKey::Area(area.id.clone());
                let change = paths::area(&area.id);
                let skipped = plan.record(&key).and_then(|r| r.answer::<YesNo>("skip")) == Some(YesNo::Yes);
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
                        {crate::components::shared_plan::workers_view_of_area(&plan, &area.id)}
                    </dl>
                }
            }).collect_view()}

            <h2 class="heading-m">"Outcomes and actions"</h2>
            <dl class="summary-list">
                {outcomes}
                {actions}
            </dl>

            <h2 class="heading-m">"Emergency and future planning"</h2>
            <dl class="summary-list">
                {row("Who would step in", get(&RecordKey::Emergency, "who_steps_in"), paths::EMERGENCY.into(), "who would step in")}
                {row("Key contacts", get(&RecordKey::Emergency, "contacts"), paths::EMERGENCY.into(), "key contacts")}
                {row("The future", get(&RecordKey::Emergency, "future"), paths::EMERGENCY.into(), "plans for the future")}
            </dl>

            <h2 class="heading-m">"Breaks from caring"</h2>
            <dl class="summary-list">
                {row("Would a break help", would_break_help, paths::BREAKS.into(), "whether a break would help")}
                {row("What kind of break", get(&RecordKey::Breaks, "kind"), paths::BREAKS.into(), "what kind of break")}
            </dl>

            <WorkersPart plan=plan.clone() />

            <h2 class="heading-m">"Review"</h2>
            <dl class="summary-list">
                {row("What should prompt an earlier review", get(&RecordKey::Review, "triggers"), paths::REVIEW.into(), "what should prompt a review")}
            </dl>
        </Layout>
    }
}
