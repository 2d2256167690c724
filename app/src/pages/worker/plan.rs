//! The shared part of a carer's plan, for the worker who picked it up:
//! contact details and the list of sections, one section, or all to print.
//! Every opening is logged for the carer to see.

use crate::api::accounts::whoami;
use crate::api::worker::shared_plan;
use crate::components::StaffNav;
use crate::components::params::param;
use crate::components::{Layout, PrintButton, SharedSections};
use crate::domain::plan::RecordKey;
use crate::domain::sharing::Section;
use crate::error::AppError;
use crate::pages::page;
use crate::paths;
use crate::views::worker::SharedPlanView;
use leptos::prelude::*;

/// What loading a page of a shared plan gives: who is looking, and what they may see.
type Opened = std::pin::Pin<Box<dyn Future<Output = Result<(crate::views::accounts::UserView, SharedPlanView), AppError>> + Send>>;

/// Loads the plan for a page of it: who is looking, and what they may see.
fn load(section: Option<String>) -> impl Fn() -> Opened + Send + Sync + 'static {
    let carer = param("carer");
    move || Box::pin(opened(uuid::Uuid::parse_str(&carer).ok(), section.clone()))
}

/// Who is looking and what of a carer's plan they opened (logged): one
/// section, all of them, or with `None` the overview (contact details and
/// the list of sections) that the pages acting on the whole plan use.
pub(super) async fn opened(
    carer: Option<uuid::Uuid>,
    section: Option<String>,
) -> Result<(crate::views::accounts::UserView, SharedPlanView), AppError> {
    let plan = shared_plan(carer.ok_or(AppError::NotFound)?, section).await?;
    let me = whoami().await?.ok_or(AppError::Unauthorized)?;
    Ok((me, plan))
}

/// `/worker/plan/:carer`: how to get in touch, what is safe, the clocks, and the sections shared.
#[component]
pub fn SharedPlanPage() -> impl IntoView {
    page(load(None), |(me, plan)| {
        let role = me.role;
        let contact = plan.contact.clone();
        let carer = plan.carer_id;
        let support = plan.support.clone();
        let agreement = plan.agreement.clone();
        let referrals = plan.referrals.clone();
        let stage = agreement_words(&agreement);
        let actions: Vec<(uuid::Uuid, String, String)> = plan
            .plan
            .worker_actions()
            .into_iter()
            .map(|(id, a)| (id, a.get("text").to_owned(), crate::components::shared_plan::agreed_action_detail(a)))
            .collect();
        view! {
            <Layout title=format!("{}'s plan", plan.carer_name) user=Some(me)>
                <StaffNav role=role />
                <span class="caption">"Shared with you by the carer"</span>
                <h1 class="heading-l">{format!("{}'s plan", plan.carer_name)}</h1>
                {plan.terminal.then(|| view! { <p class="body"><strong class="tag tag--red">"Cares for someone terminally ill"</strong></p> })}
                {plan.clocks.into_iter().map(|(what, status, overdue)| view! {
                    <p class="body" class:overdue=overdue>{format!("{what}: {status}")}</p>
                }).collect_view()}
                <h2 class="heading-m">"How to get in touch"</h2>
                <dl class="summary-list">
                    {(!contact.phone.is_empty()).then(|| view! {
                        <div class="summary-list__row">
                            <dt class="summary-list__key">"Phone"</dt>
                            <dd class="summary-list__value">{contact.phone.clone()}<br />
                                <strong>{if contact.safe_to_leave_message { "It is safe to leave a message" } else { "Do not leave a message" }}</strong>
                            </dd>
                        </div>
                    })}
                    {(!contact.email.is_empty()).then(|| view! {
                        <div class="summary-list__row">
                            <dt class="summary-list__key">"Email"</dt>
                            <dd class="summary-list__value">{contact.email.clone()}<br />
                                <strong>{if contact.safe_to_write { "It is safe to email" } else { "Do not email" }}</strong>
                            </dd>
                        </div>
                    })}
                    {(!contact.good_times.is_empty()).then(|| view! {
                        <div class="summary-list__row">
                            <dt class="summary-list__key">"Good times"</dt>
                            <dd class="summary-list__value">{contact.good_times.clone()}</dd>
                        </div>
                    })}
                </dl>
                <h2 class="heading-m">"What the carer shares with you"</h2>
                <ul class="list">
                    {plan.sections.into_iter().map(|(id, title, skipped)| view! {
                        <li>
                            <a href=paths::shared_section(carer, &id)>{title}</a>
                            {skipped.then_some(" (the carer has since chosen not to talk about this)")}
                        </li>
                    }).collect_view()}
                </ul>
                <p class="body"><a href=paths::shared_section(carer, crate::domain::sharing::ALL_SECTIONS)>"Read or print everything shared"</a></p>
                <h2 class="heading-m">"Your part of the plan"</h2>
                <p class="body">"Open a wellbeing area above to add your own rating beside the carer's, and your notes of the conversation."</p>
                <p class="body">{format!("Suggested level of support: {}. Why: {}.", support.level.label(), support.reason)}</p>
                <p class="body"><a href=paths::support_plan(carer)>"Write the support plan"</a></p>
                <h3 class="heading-s">"Agreed actions"</h3>
                {if actions.is_empty() {
                    view! { <p class="body">"None yet."</p> }.into_any()
                } else {
                    view! {
                        <ul class="list">
                            {actions.into_iter().map(|(id, text, detail)| view! {
                                <li><a href=paths::worker_action(carer, id)>{text}</a>{format!(" – {detail}")}</li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                <p class="body"><a href=paths::new_worker_action(carer)>"Add an agreed action"</a></p>
                <h2 class="heading-m" id="referral">"Referral to social work"</h2>
                {if referrals.is_empty() {
                    view! { <p class="body">"Not referred."</p> }.into_any()
                } else {
                    view! {
                        <ul class="list">
                            {referrals.into_iter().map(|r| {
                                let label = format!("Referred on {}: {}", r.referred_at, r.sections.join(", "));
                                match r.withdrawn_at {
                                    Some(at) => view! { <li>{format!("{label}. The carer withdrew their consent on {at}: it cannot be opened.")}</li> }.into_any(),
                                    None => view! { <li><a href=paths::referral(r.id)>{label}</a></li> }.into_any(),
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                <p class="body"><a href=paths::refer(carer)>"Refer to social work"</a></p>
                <h2 class="heading-m" id="agreement">"Agreeing the plan"</h2>
                <p class="body"><strong>{stage}</strong></p>
                {agreement.review_due.clone().map(|due| view! { <p class="body"><strong class="tag">"Review due"</strong>{format!(" {due}")}</p> })}
                <crate::components::Comments comments=agreement.comments.clone() />
                {(agreement.stage != Some(crate::domain::agreement::Stage::Sent)).then(|| view! {
                    <p class="body"><a href=paths::send_plan(carer)>"Send the plan to the carer to check and sign"</a></p>
                })}
            </Layout>
        }
    })
}

/// Where agreeing the plan stands, as its worker reads it.
fn agreement_words(agreement: &crate::views::agreement::AgreementState) -> String {
    use crate::domain::agreement::Stage;
    let review = agreement.review_on.clone().unwrap_or_default();
    match agreement.stage {
        None | Some(Stage::Drafting) => "Not yet sent to the carer.".to_owned(),
        Some(Stage::Sent) => format!("With the carer to check and sign (review date proposed: {review})."),
        Some(Stage::Commented) => "The carer sent a comment. Answer it, then send the plan again.".to_owned(),
        Some(Stage::Agreed) => format!("Agreed. Review by {review}. Send it again after a review."),
    }
}

/// `/worker/plan/:carer/:section`: one shared section (a wellbeing area
/// with the worker's own view beside it), or `all` of them to print.
#[component]
pub fn SharedSectionPage() -> impl IntoView {
    let section = param("section");
    if section == crate::domain::sharing::SUPPORT_PLAN {
        // The support plan has a page of its own.
        return page(|| async { Err::<(), _>(AppError::NotFound) }, |()| ()).into_any();
    }
    match section.strip_prefix("area-").map(str::to_owned) {
        Some(id) => area_page(section, id).into_any(),
        None => read_only(section).into_any(),
    }
}

fn area_page(section: String, id: String) -> impl IntoView {
    super::part::part_page(section, RecordKey::WorkerArea(id.clone()), move |loaded, key| {
        let plan = loaded.plan.clone();
        let title = plan.section.as_ref().map(|(_, t)| t.clone()).unwrap_or_default();
        let sections: Vec<Section> = Section::parse(&format!("area-{id}"), &plan.framework).into_iter().collect();
        let id = id.clone();
        super::part::part_form(loaded, key, title.clone(), move |values| {
            view! {
                <span class="caption">{format!("{}'s plan, shared with you", plan.carer_name)}</span>
                <h1 class="heading-l">{title}</h1>
                <h2 class="heading-m">"What the carer wrote"</h2>
                <SharedSections plan=plan.plan.clone() framework=plan.framework.clone() sections=sections level=3 />
                {super::part::area_questions(&plan, &id, values)}
            }
            .into_any()
        })
    })
}

fn read_only(section: String) -> impl IntoView {
    page(load(Some(section)), |(me, plan)| {
        let role = me.role;
        let carer = plan.carer_id;
        let (title, sections) = match &plan.section {
            Some((id, title)) => (title.clone(), Section::parse(id, &plan.framework).into_iter().collect::<Vec<_>>()),
            None => (
                "Everything shared".to_owned(),
                plan.sections.iter().filter_map(|(id, _, _)| Section::parse(id, &plan.framework)).collect(),
            ),
        };
        let all = plan.section.is_none();
        view! {
            <Layout title=format!("{} – {}", plan.carer_name, title) user=Some(me)>
                <div class="no-print"><StaffNav role=role /></div>
                <a href=paths::shared_plan(carer) class="back-link no-print">{format!("Back to {}'s plan", plan.carer_name)}</a>
                <span class="caption">{format!("{}'s plan, shared with you", plan.carer_name)}</span>
                <h1 class="heading-l">{title}</h1>
                {all.then(|| view! { <p class="body no-print"><PrintButton /></p> })}
                <SharedSections plan=plan.plan framework=plan.framework sections=sections />
            </Layout>
        }
    })
}
