//! Referral to social work: the allocated worker chooses the sections to
//! refer (only those the carer shares with social work, unless a legal
//! reason is written out), then prints the package or downloads it as a
//! JSON file; managers list the referrals made under a legal reason.

use crate::api::accounts::whoami;
use crate::api::referral::{legal_referrals, open_referral_package, refer};
use crate::components::StaffNav;
use crate::components::params::uuid_param;
use crate::components::{ErrorSummary, Layout, PrintButton, SectionChoice, SharedSections, TextArea};
use crate::domain::account::Role;
use crate::domain::referral::LEGAL_REASON_MIN;
use crate::domain::sharing::Section;
use crate::error::AppError;
use crate::pages::{on_post, page, problems, submission};
use crate::paths;
use crate::views::accounts::UserView;
use crate::views::referral::{LegalReferralRow, ReferralPackage};
use crate::views::worker::SharedPlanView;
use leptos::prelude::*;
use leptos_router::components::Redirect;

/// What the worker posted: the sections and, if they chose it, a legal reason.
fn posted() -> Option<(Vec<String>, Option<String>)> {
    submission().map(|s| {
        let legal = (s.get("basis") == "legal").then(|| s.get("legal_reason"));
        (s.all("sections"), legal)
    })
}

/// `/worker/refer/:carer`: refer sections of the plan to social work.
#[component]
pub fn ReferPage() -> impl IntoView {
    let carer = uuid_param("carer");
    let typed = posted();
    let outcome =
        on_post(typed.clone(), move |(sections, legal)| async move { refer(carer.ok_or(AppError::NotFound)?, sections, legal).await });
    page(
        move || async move {
            let outcome = outcome.await;
            let (me, plan) = super::plan::opened(carer, None).await?;
            Ok::<_, AppError>((me, plan, outcome))
        },
        move |(me, plan, outcome): (UserView, SharedPlanView, _)| {
            if let Some(Ok(id)) = outcome {
                return view! { <Redirect path=paths::referral(id) /> }.into_any();
            }
            let errors = problems(&outcome, "sections");
            let (chosen, reason) = typed.clone().unwrap_or_default();
            let legal = reason.is_some();
            let carer = plan.carer_id;
            let name = plan.carer_name.clone();
            let offered: Vec<(String, String)> = plan.sections.iter().map(|(id, title, _)| (id.clone(), title.clone())).collect();
            let agreed: Vec<String> = plan
                .social_work
                .clone()
                .unwrap_or_default()
                .iter()
                .filter_map(|id| Section::parse(id, &plan.framework).map(|s| s.title(&plan.framework)))
                .collect();
            let role = me.role;
            view! {
                <Layout title=format!("Refer {name} to social work") user=Some(me)>
                    <StaffNav role=role />
                    <a href=paths::shared_plan(carer) class="back-link">{format!("Back to {name}'s plan")}</a>
                    <ErrorSummary errors=errors.clone() />
                    <span class="caption">{format!("{name}'s plan")}</span>
                    <h1 class="heading-l">"Refer to social work"</h1>
                    {if agreed.is_empty() {
                        view! {
                            <div class="inset">
                                <p class="body">{format!("{name} has not agreed to share their plan with social work, so nothing can be sent on their consent.")}</p>
                                <p class="body">"Ask them: they can do it on their Sharing page, and choose which parts."</p>
                            </div>
                        }.into_any()
                    } else {
                        view! { <p class="body">{format!("{name} agrees that you may send these parts to social work: {}.", agreed.join(", "))}</p> }.into_any()
                    }}
                    <form method="post" action=paths::refer(carer) novalidate>
                        <SectionChoice offered=offered chosen=chosen errors=errors.clone()
                            legend="Which parts of the plan do you want to refer?".into()
                            hint="Only parts the carer agreed to share with social work can be sent, unless there is a legal reason.".into() />
                        <details class="details" open=legal>
                            <summary class="details__summary">"There is a legal reason to refer without consent"</summary>
                            <div class="details__text">
                                <p class="body">"Only when the carer or the person they care for is at risk of serious harm. The carer will see that you did this and your reason, on their Sharing page, and managers will see it too."</p>
                                <div class="checkbox">
                                    <input class="checkbox__input" id="basis" name="basis" type="checkbox" value="legal" checked=legal />
                                    <label class="label checkbox__label" for="basis">"I am referring without consent because of a risk of serious harm"</label>
                                </div>
                                <TextArea name="legal_reason" label="What is the risk, and why can it not wait for the carer's consent?".to_owned()
                                    hint=format!("At least {LEGAL_REASON_MIN} characters.")
                                    value=reason.clone().unwrap_or_default() errors=errors rows=6 />
                            </div>
                        </details>
                        <button type="submit" class="button">"Make the referral"</button>
                    </form>
                </Layout>
            }
            .into_any()
        },
    )
}

/// `/worker/referral/:id`: the package, exactly the sections referred, to print or download.
#[component]
pub fn ReferralPackagePage() -> impl IntoView {
    let id = uuid_param("id");
    page(
        move || async move {
            let package = open_referral_package(id.ok_or(AppError::NotFound)?).await?;
            let me = whoami().await?.ok_or(AppError::Unauthorized)?;
            Ok::<_, AppError>((me, package))
        },
        |(me, package): (UserView, ReferralPackage)| {
            let role = me.role;
            let sections: Vec<Section> = package.section_ids.iter().filter_map(|id| Section::parse(id, &package.framework)).collect();
            let referral = package.referral.clone();
            let title = format!("Referral to social work: {}", package.carer_name);
            view! {
                <Layout title=title.clone() user=Some(me)>
                    <div class="no-print"><StaffNav role=role /></div>
                    <a href=paths::shared_plan(package.carer_id) class="back-link no-print">{format!("Back to {}'s plan", package.carer_name)}</a>
                    <h1 class="heading-l">{title}</h1>
                    <dl class="summary-list">
                        <div class="summary-list__row">
                            <dt class="summary-list__key">"Referred"</dt>
                            <dd class="summary-list__value">{format!("{} by {}", referral.referred_at, referral.by)}</dd>
                        </div>
                        <div class="summary-list__row">
                            <dt class="summary-list__key">"On what basis"</dt>
                            <dd class="summary-list__value summary-list__value--text">{match &referral.legal_reason {
                                Some(reason) => format!("Without the carer's consent, for a legal reason: {reason}"),
                                None => "The carer's consent to share these parts with social work".to_owned(),
                            }}</dd>
                        </div>
                        <div class="summary-list__row">
                            <dt class="summary-list__key">"Parts referred"</dt>
                            <dd class="summary-list__value">{referral.sections.join(", ")}</dd>
                        </div>
                    </dl>
                    <div class="button-group no-print">
                        <PrintButton />
                        <a href=paths::referral_json(referral.id) download="referral.json">"Download as a JSON file"</a>
                    </div>
                    <SharedSections plan=package.plan framework=package.framework sections=sections />
                </Layout>
            }
        },
    )
}

/// `/manager/referrals`: every referral made under a legal reason, with its justification.
#[component]
pub fn LegalReferralsPage() -> impl IntoView {
    page(
        || async { Ok::<_, AppError>((whoami().await?.ok_or(AppError::Unauthorized)?, legal_referrals().await?)) },
        |(me, rows): (UserView, Vec<LegalReferralRow>)| {
            view! {
                <Layout title="Referrals made for a legal reason".into() user=Some(me) light=true>
                    <StaffNav role=Role::Manager />
                    <h1 class="heading-l">"Referrals made for a legal reason"</h1>
                    <p class="body">"Each was made without the carer's consent because a worker believed the carer or the person they care for was at risk of serious harm. The carer can see each one, with its reason."</p>
                    {if rows.is_empty() {
                        view! { <p class="body">"None."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="list">
                                {rows.into_iter().map(|row| view! {
                                    <li class="referral">
                                        <h2 class="heading-s">{format!("{} – {}, by {}", row.carer_name, row.referral.referred_at, row.referral.by)}</h2>
                                        <p class="body">{format!("Parts sent: {}.", row.referral.sections.join(", "))}</p>
                                        <p class="body">{format!("Reason: {}", row.referral.legal_reason.clone().unwrap_or_default())}</p>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </Layout>
            }
        },
    )
}
