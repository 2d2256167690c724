//! The manager's pages: every allocation, giving a plan to a worker, and
//! deactivating a staff account.

use super::Urgency;
use crate::api::accounts::{list_staff, whoami};
use crate::api::worker::{allocations, deactivate_staff, plan_row, reallocate};
use crate::components::StaffNav;
use crate::components::params::uuid_param;
use crate::components::{ErrorSummary, Layout};
use crate::domain::account::Role;
use crate::error::AppError;
use crate::pages::{messages_for, on_post, page, submission};
use crate::paths;
use leptos::prelude::*;
use leptos_router::components::Redirect;

/// `/manager/allocations`: every plan that is with a worker — names, dates
/// and clocks, never the plan's content.
#[component]
pub fn AllocationsPage() -> impl IntoView {
    page(
        || async { Ok::<_, AppError>((whoami().await?.ok_or(AppError::Unauthorized)?, allocations().await?)) },
        |(me, rows)| {
            view! {
                <Layout title="Allocations".into() user=Some(me) light=true>
                    <StaffNav role=Role::Manager />
                    <h1 class="heading-l">"Allocations"</h1>
                    {if rows.is_empty() {
                        view! { <div class="inset">"No plans are with a worker."</div> }.into_any()
                    } else {
                        view! {
                            <table class="table">
                                <caption class="visually-hidden">"Plans with a worker"</caption>
                                <thead><tr>
                                    <th scope="col">"Carer"</th><th scope="col">"Worker"</th><th scope="col">"Since"</th>
                                    <th scope="col">"Urgency"</th><th scope="col"><span class="visually-hidden">"Action"</span></th>
                                </tr></thead>
                                <tbody>
                                    {rows.into_iter().map(|row| {
                                        let link = paths::reallocate(row.carer_id);
                                        let name = row.carer_name.clone();
                                        view! {
                                            <tr>
                                                <th scope="row">{row.carer_name.clone()}</th>
                                                <td>{row.worker.clone().unwrap_or_default()}</td>
                                                <td>{row.allocated.clone().unwrap_or_default()}</td>
                                                <td><Urgency row=row /></td>
                                                <td><a href=link>"Reallocate"<span class="visually-hidden">{format!(" the plan of {name}")}</span></a></td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any()
                    }}
                </Layout>
            }
        },
    )
}

/// `/manager/reallocate/:carer`: give a waiting or allocated plan to a worker.
#[component]
pub fn ReallocatePage() -> impl IntoView {
    let carer = uuid_param("carer");
    let posted = submission().map(|s| s.get("worker"));
    let outcome = on_post(posted, move |worker| async move { reallocate(carer.ok_or(AppError::NotFound)?, worker).await });
    page(
        move || async move {
            let carer = carer.ok_or(AppError::NotFound)?;
            let me = whoami().await?.ok_or(AppError::Unauthorized)?;
            let staff = list_staff().await?;
            let row = plan_row(carer).await?;
            Ok::<_, AppError>((me, staff, row, outcome.await))
        },
        |(me, staff, row, outcome)| {
            if let Some(Ok(())) = outcome {
                return view! { <Redirect path=paths::ALLOCATIONS /> }.into_any();
            }
            let errors = messages_for(&outcome, "worker");
            let workers: Vec<(String, String)> = staff
                .into_iter()
                .filter(|m| m.active && m.user.role == Role::Worker)
                .map(|m| (m.user.id.to_string(), m.user.name))
                .collect();
            let action = paths::reallocate(row.carer_id);
            view! {
                <Layout title="Allocate a plan".into() user=Some(me)>
                    <StaffNav role=Role::Manager />
                    <ErrorSummary errors=errors.clone() />
                    <h1 class="heading-l">{format!("Allocate {}'s plan", row.carer_name)}</h1>
                    <p class="body">{match &row.worker {
                        Some(worker) => format!("It is with {worker} now. The carer will see who their worker is."),
                        None => "It is waiting for a worker. The carer will see who their worker is.".to_owned(),
                    }}</p>
                    <form method="post" action=action novalidate>
                        <WorkerChoice workers=workers errors=errors />
                        <button type="submit" class="button">"Allocate"</button>
                    </form>
                </Layout>
            }
            .into_any()
        },
    )
}

/// Radios for the active workers (values are account ids, not known at compile time).
#[component]
fn WorkerChoice(workers: Vec<(String, String)>, errors: crate::error::FieldErrors) -> impl IntoView {
    let message = errors.get("worker").map(str::to_owned);
    let invalid = message.is_some();
    view! {
        <div class="form-group" class:form-group--error=invalid id="worker-group">
            <fieldset class="fieldset" aria-describedby=if invalid { "worker-error" } else { "" }>
                <legend class="label fieldset__legend">"Which worker?"</legend>
                <crate::components::fields::FieldMessage name="worker" message=message />
                <div class="radios">
                    {workers.into_iter().enumerate().map(|(i, (id, name))| {
                        let input_id = if i == 0 { "worker".to_owned() } else { format!("worker-{id}") };
                        view! {
                            <div class="radio">
                                <input class="radio__input" id=input_id.clone() name="worker" type="radio" value=id />
                                <label class="label radio__label" for=input_id>{name}</label>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        </div>
    }
}

/// `/manager/deactivate/:user`: one confirmation, then the account cannot
/// sign in, its sessions end and its plans go back to the queue.
#[component]
pub fn DeactivatePage() -> impl IntoView {
    let user = uuid_param("user");
    let outcome = on_post(submission(), move |_| async move { deactivate_staff(user.ok_or(AppError::NotFound)?).await });
    page(
        move || async move {
            let user = user.ok_or(AppError::NotFound)?;
            let me = whoami().await?.ok_or(AppError::Unauthorized)?;
            let member = list_staff().await?.into_iter().find(|m| m.user.id == user).ok_or(AppError::NotFound)?;
            Ok::<_, AppError>((me, member, outcome.await))
        },
        |(me, member, outcome)| {
            let done = matches!(outcome, Some(Ok(())));
            let errors = messages_for(&outcome, "deactivate");
            let action = paths::deactivate(member.user.id);
            view! {
                <Layout title="Deactivate a staff account".into() user=Some(me)>
                    <StaffNav role=Role::Manager />
                    <ErrorSummary errors=errors />
                    {if done || !member.active {
                        view! {
                            <div class="panel">
                                <h1 class="heading-l">{format!("{} is deactivated", member.user.name)}</h1>
                                <p class="body">"They cannot sign in. Their plans are back in the queue, marked for reallocation."</p>
                            </div>
                            <p class="body"><a href=paths::WORKER>"Go to plans waiting for a worker"</a></p>
                        }.into_any()
                    } else {
                        view! {
                            <h1 class="heading-l">{format!("Deactivate {}?", member.user.name)}</h1>
                            <p class="body">"They will be signed out everywhere at once and cannot sign in again. Plans they have picked up go back to the queue, marked for reallocation."</p>
                            <form method="post" action=action>
                                <button type="submit" class="button button--warning" id="deactivate">"Deactivate account"</button>
                            </form>
                            <p class="body"><a href=paths::MANAGER>"Cancel"</a></p>
                        }.into_any()
                    }}
                </Layout>
            }
            .into_any()
        },
    )
}
