//! The queue of plans waiting for a worker, and the worker's caseload.

use super::Urgency;
use crate::api::accounts::whoami;
use crate::api::worker::{caseload, pick_up, worker_queue};
use crate::components::StaffNav;
use crate::components::{ErrorSummary, Layout};
use crate::domain::account::Role;
use crate::error::{AppError, FieldErrors};
use crate::pages::{on_post, page, submission};
use crate::paths;
use crate::views::worker::{CaseRow, QueueRow};
use leptos::prelude::*;
use leptos_router::components::Redirect;

/// `/worker`: plans waiting for a worker, most urgent first. A worker picks
/// one up; a manager allocates it.
#[component]
pub fn QueuePage() -> impl IntoView {
    let posted = submission().map(|s| s.get("carer_id"));
    let outcome = on_post(posted, |carer| async move {
        let carer = uuid::Uuid::parse_str(carer.trim()).map_err(|_| AppError::BadRequest)?;
        pick_up(carer).await.map(|()| carer)
    });
    page(
        move || async move { Ok::<_, AppError>((worker_queue().await?, outcome.await)) },
        |(queue, outcome)| {
            if let Some(Ok(carer)) = outcome {
                return view! { <Redirect path=paths::shared_plan(carer) /> }.into_any();
            }
            let mut errors = FieldErrors::default();
            if let Some(Err(error)) = &outcome {
                errors.push("queue", error.to_string());
            }
            let role = queue.me.role;
            let total = queue.total;
            let shown = queue.rows.len() as u64;
            view! {
                <Layout title="Plans waiting for a worker".into() user=Some(queue.me.clone()) light=true>
                    <StaffNav role=role />
                    <ErrorSummary errors=errors />
                    {queue.holidays_missing.map(|m| view! {
                        <div class="notification notification--warning" role="alert"><p class="body">{m}</p></div>
                    })}
                    <h1 class="heading-l" id="queue">"Plans waiting for a worker"</h1>
                    <p class="body">"Carers of someone terminally ill come first, with their legal time limits, the most overdue at the top; then the highest impact a carer gave; then the longest waiting."</p>
                    {if queue.rows.is_empty() {
                        view! { <div class="inset">"No plans are waiting for a worker."</div> }.into_any()
                    } else {
                        view! {
                            <p class="body">{waiting_line(shown, total)}</p>
                            <QueueTable rows=queue.rows role=role />
                        }.into_any()
                    }}
                </Layout>
            }
            .into_any()
        },
    )
}

/// How many plans the page shows of how many wait.
fn waiting_line(shown: u64, total: u64) -> String {
    let counted = crate::domain::sharing::QUEUE_COUNTED_UP_TO;
    match total {
        1 => "1 plan waiting.".to_owned(),
        _ if total > counted => format!("The {shown} most urgent of more than {} plans waiting.", grouped(counted)),
        _ if shown < total => format!("The {shown} most urgent of {} plans waiting.", grouped(total)),
        _ => format!("{} plans waiting.", grouped(total)),
    }
}

/// A number as people write it: 1,000.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[component]
fn QueueTable(rows: Vec<QueueRow>, role: Role) -> impl IntoView {
    view! {
        <table class="table table--queue">
            <caption class="visually-hidden">"Plans waiting for a worker, most urgent first"</caption>
            <thead><tr>
                <th scope="col">"Carer"</th><th scope="col">"Handed over"</th><th scope="col">"Parts shared"</th>
                <th scope="col">"Urgency"</th><th scope="col"><span class="visually-hidden">"Action"</span></th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|row| {
                    let name = row.carer_name.clone();
                    let carer = row.carer_id;
                    view! {
                        <tr>
                            <th scope="row">{row.carer_name.clone()}</th>
                            <td>{row.handed_off.clone()}</td>
                            <td>{row.sections.join(", ")}</td>
                            <td><Urgency row=row /></td>
                            <td>
                                {if role == Role::Worker {
                                    view! {
                                        <form method="post" action=paths::WORKER>
                                            <input type="hidden" name="carer_id" value=carer.to_string() />
                                            <button type="submit" class="button button--small">
                                                "Pick up"<span class="visually-hidden">{format!(" the plan of {name}")}</span>
                                            </button>
                                        </form>
                                    }.into_any()
                                } else {
                                    view! {
                                        <a href=paths::reallocate(carer)>"Allocate"<span class="visually-hidden">{format!(" the plan of {name}")}</span></a>
                                    }.into_any()
                                }}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// `/worker/caseload`: the plans a worker has picked up, and a line for each
/// whose carer withdrew consent.
#[component]
pub fn CaseloadPage() -> impl IntoView {
    page(
        || async { Ok::<_, AppError>((whoami().await?.ok_or(AppError::Unauthorized)?, caseload().await?)) },
        |(me, rows)| {
            let due: Vec<QueueRow> = rows
                .iter()
                .filter_map(|row| match row {
                    CaseRow::Open(row) if row.review_due.is_some() => Some(row.clone()),
                    _ => None,
                })
                .collect();
            view! {
            <Layout title="My caseload".into() user=Some(me) light=true>
                <StaffNav role=Role::Worker />
                <h1 class="heading-l">"My caseload"</h1>
                <h2 class="heading-m" id="reviews-due">"Reviews due"</h2>
                {if due.is_empty() {
                    view! { <p class="body">"No plan is due for review."</p> }.into_any()
                } else {
                    view! {
                        <ul class="list">
                            {due.into_iter().map(|row| view! {
                                <li>
                                    <a href=paths::shared_plan(row.carer_id)>{row.carer_name.clone()}</a>
                                    {format!(" – {}", row.review_due.clone().unwrap_or_default())}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                <h2 class="heading-m">"All your plans"</h2>
                {if rows.is_empty() {
                    view! { <div class="inset">"You have not picked up any plans yet."</div> }.into_any()
                } else {
                    view! {
                        <ul class="list caseload">
                            {rows.into_iter().map(|row| match row {
                                CaseRow::Open(row) => {
                                    let link = paths::shared_plan(row.carer_id);
                                    let since = row.allocated.clone().unwrap_or_default();
                                    view! {
                                        <li>
                                            <a href=link>{row.carer_name.clone()}</a>
                                            {format!(" – yours since {since}. Shared: {}. ", row.sections.join(", "))}
                                            {row.agreement.clone().map(|a| view! { <strong>{a}</strong><br /> })}
                                            <Urgency row=row />
                                        </li>
                                    }.into_any()
                                }
                                CaseRow::Withdrawn { on, .. } => view! {
                                    <li>{format!("Consent withdrawn on {on}")}</li>
                                }.into_any(),
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </Layout>
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_queue_says_how_many_wait_and_stops_counting_at_a_thousand() {
        assert_eq!(waiting_line(1, 1), "1 plan waiting.");
        assert_eq!(waiting_line(7, 7), "7 plans waiting.");
        assert_eq!(waiting_line(100, 1_000), "The 100 most urgent of 1,000 plans waiting.");
        assert_eq!(waiting_line(100, 1_001), "The 100 most urgent of more than 1,000 plans waiting.");
        assert_eq!((grouped(999), grouped(1_000), grouped(1_234_567)), ("999".into(), "1,000".into(), "1,234,567".into()));
    }
}
