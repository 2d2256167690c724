//! Managers: carers' requests to delete their plans, soonest due first,
//! overdue ones marked; each opened on its own page to complete it (erase
//! everything), put a legal hold on it, or release the hold.

use crate::api::accounts::whoami;
use crate::api::deletion::{complete_deletion, deletion_requests, hold_deletion, release_hold};
use crate::components::StaffNav;
use crate::components::params::uuid_param;
use crate::components::{Choice, ErrorSummary, Layout, Radios, TextArea, TextField};
use crate::domain::account::Role;
use crate::domain::deletion::HoldGround;
use crate::error::AppError;
use crate::pages::{on_post, page, problems, submission};
use crate::paths;
use crate::views::accounts::UserView;
use crate::views::deletion::DeletionRow;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Where a request stands, in words (never colour alone).
fn status_words(row: &DeletionRow) -> String {
    match (&row.hold, row.erasing, row.overdue) {
        (_, true, _) => "Being deleted".to_owned(),
        (Some(hold), _, _) if hold.review_due => format!("On hold: review was due by {}", hold.review_on),
        (Some(hold), _, _) => format!("On hold until reviewed by {}", hold.review_on),
        (None, _, true) => format!("Overdue: due by {}", row.due_on),
        (None, _, false) => format!("Waiting: due by {}", row.due_on),
    }
}

/// `/manager/deletions`: every open request.
#[component]
pub fn DeletionRequestsPage() -> impl IntoView {
    page(
        || async { Ok::<_, AppError>((whoami().await?.ok_or(AppError::Unauthorized)?, deletion_requests().await?)) },
        |(me, rows): (UserView, Vec<DeletionRow>)| {
            view! {
                <Layout title="Requests to delete a plan".into() user=Some(me) light=true>
                    <StaffNav role=Role::Manager />
                    <h1 class="heading-l">"Requests to delete a plan"</h1>
                    <p class="body">"Carers who shared their plan ask here for it to be deleted. Delete it by the date shown (we promise two weeks; the law allows one month), unless the law says it must be kept for now: then put it on hold with the reason and a date to look at it again. The carer is told."</p>
                    {if rows.is_empty() {
                        view! { <p class="body">"Nobody is waiting for their plan to be deleted."</p> }.into_any()
                    } else {
                        view! {
                            <div class="table-scroll">
                            <table class="table">
                                <caption class="visually-hidden">"Requests to delete a plan, soonest due first"</caption>
                                <thead><tr>
                                    <th scope="col">"Carer"</th><th scope="col">"Asked"</th><th scope="col">"Status"</th>
                                    <th scope="col"><span class="visually-hidden">"Action"</span></th>
                                </tr></thead>
                                <tbody>
                                    {rows.into_iter().map(|row| {
                                        let urgent = row.overdue || row.hold.as_ref().is_some_and(|h| h.review_due);
                                        let words = status_words(&row);
                                        view! {
                                            <tr>
                                                <th scope="row">{row.carer_name.clone()}</th>
                                                <td>{row.requested_at.clone()}</td>
                                                <td>{if urgent {
                                                    view! { <strong class="tag tag--red">{words}</strong> }.into_any()
                                                } else {
                                                    view! { <span>{words}</span> }.into_any()
                                                }}</td>
                                                <td><a href=paths::deletion_request(row.carer_id)>"Open"<span class="visually-hidden">{format!(" the request of {}", row.carer_name)}</span></a></td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                            </div>
                        }.into_any()
                    }}
                </Layout>
            }
        },
    )
}

/// What the manager posted.
#[derive(Debug, Clone)]
enum Posted {
    Complete(i64),
    Hold { version: i64, ground: String, note: String, review_on: String },
    Release(i64),
}

/// What became of it.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
enum Done {
    Completed,
    Held,
    Released,
}

fn posted() -> Option<Posted> {
    submission().map(|s| {
        let version = s.get("version").trim().parse().unwrap_or(-1);
        match s.get("intent").as_str() {
            "complete" => Posted::Complete(version),
            "release" => Posted::Release(version),
            _ => Posted::Hold { version, ground: s.get("ground"), note: s.get("note"), review_on: s.get("review_on") },
        }
    })
}

/// `/manager/deletions/:carer`: one request, and what can be done with it.
#[component]
pub fn DeletionRequestPage() -> impl IntoView {
    let carer = uuid_param("carer");
    let typed = posted();
    let outcome = on_post(typed.clone(), move |p| async move {
        let carer = carer.ok_or(AppError::NotFound)?;
        match p {
            Posted::Complete(version) => complete_deletion(carer, version).await.map(|()| Done::Completed),
            Posted::Hold { version, ground, note, review_on } => {
                hold_deletion(carer, version, ground, note, review_on).await.map(|()| Done::Held)
            }
            Posted::Release(version) => release_hold(carer, version).await.map(|()| Done::Released),
        }
    });
    page(
        move || async move {
            let outcome = outcome.await;
            let me = whoami().await?.ok_or(AppError::Unauthorized)?;
            let rows = deletion_requests().await?;
            let row = rows.into_iter().find(|r| Some(r.carer_id) == carer);
            // Once erased there is nothing left to show but that it is done.
            if row.is_none() && !matches!(outcome, Some(Ok(Done::Completed))) {
                return Err(AppError::NotFound);
            }
            Ok((me, row, outcome))
        },
        move |(me, row, outcome): (UserView, Option<DeletionRow>, Option<Result<Done, AppError>>)| {
            let done = match (&outcome, &row) {
                (Some(Ok(Done::Completed)), _) => Some(("The plan has been deleted".to_owned(), "Everything about this carer has been erased: their account, plan, what workers wrote, shares, who saw it and referrals. They have been signed out everywhere. Only an anonymous count stays, for the figures.".to_owned())),
                (Some(Ok(Done::Held)), Some(row)) => Some((format!("{}'s plan is on hold", row.carer_name), format!("{} is told that their plan is being kept for now, why in general terms, and when the hold will be looked at again.", row.carer_name))),
                (Some(Ok(Done::Released)), Some(row)) => Some((format!("The hold on {}'s plan has been released", row.carer_name), format!("Delete it now, or by {} at the latest.", row.due_on))),
                _ => None,
            };
            if let Some((title, body)) = done {
                let next =
                    row.as_ref().filter(|_| matches!(outcome, Some(Ok(Done::Released)))).map(|r| paths::deletion_request(r.carer_id));
                return view! {
                    <Layout title=title.clone() user=Some(me)>
                        <StaffNav role=Role::Manager />
                        <div class="panel"><h1 class="heading-l">{title}</h1></div>
                        <p class="body">{body}</p>
                        {next.map(|href| view! { <p class="body"><a href=href>"Go back to the request"</a></p> })}
                        <p class="body"><a href=paths::DELETIONS>"Back to requests to delete a plan"</a></p>
                    </Layout>
                }
                .into_any();
            }
            let Some(row) = row else { return view! { <p class="body">"Not found."</p> }.into_any() };
            let errors = problems(&outcome, "request");
            let (ground, note, review_on) = match &typed {
                Some(Posted::Hold { ground, note, review_on, .. }) => (ground.clone(), note.clone(), review_on.clone()),
                _ => row.hold.as_ref().map_or_else(Default::default, |h| (h.ground.as_str().to_owned(), h.note.clone(), String::new())),
            };
            let version = row.version.to_string();
            let name = row.carer_name.clone();
            let grounds = HoldGround::ALL.into_iter().map(|g| Choice::new(g.as_str(), g.label())).collect::<Vec<_>>();
            view! {
                <Layout title=format!("{name}'s request to delete their plan") user=Some(me)>
                    <StaffNav role=Role::Manager />
                    <a href=paths::DELETIONS class="back-link">"Back"</a>
                    <ErrorSummary errors=errors.clone() />
                    <h1 class="heading-l" id="request" tabindex="-1">{format!("{name}'s request to delete their plan")}</h1>
                    <dl class="summary-list">
                        <div class="summary-list__row"><dt class="summary-list__key">"Asked"</dt><dd class="summary-list__value">{row.requested_at.clone()}</dd></div>
                        <div class="summary-list__row"><dt class="summary-list__key">"Status"</dt><dd class="summary-list__value">{status_words(&row)}</dd></div>
                        {row.hold.clone().map(|h| view! {
                            <div class="summary-list__row"><dt class="summary-list__key">"Why it is held"</dt><dd class="summary-list__value">{h.ground.label()}</dd></div>
                            <div class="summary-list__row"><dt class="summary-list__key">"Reason recorded"</dt><dd class="summary-list__value">{format!("{} ({}, {})", h.note, h.held_by, h.held_at)}</dd></div>
                        })}
                    </dl>
                    {if row.hold.is_some() {
                        view! {
                            <h2 class="heading-m">"Release the hold"</h2>
                            <p class="body">"When the reason to keep the plan has gone, release the hold. Then delete it."</p>
                            <form method="post" action=paths::deletion_request(row.carer_id) novalidate>
                                <input type="hidden" name="intent" value="release" />
                                <input type="hidden" name="version" value=version.clone() />
                                <button type="submit" class="button button--secondary">"Release the hold"</button>
                            </form>
                        }.into_any()
                    } else if !row.erasing {
                        view! {
                            <h2 class="heading-m">"Delete everything"</h2>
                            <p class="body">{format!("This erases {name}'s account, plan, what workers wrote, what they shared, who saw it and every referral. They are signed out everywhere. It cannot be undone.")}</p>
                            <form method="post" action=paths::deletion_request(row.carer_id) novalidate>
                                <input type="hidden" name="intent" value="complete" />
                                <input type="hidden" name="version" value=version.clone() />
                                <button type="submit" class="button button--warning">{format!("Delete everything about {name}")}</button>
                            </form>
                        }.into_any()
                    } else {
                        view! { <p class="body">"This plan is being deleted now."</p> }.into_any()
                    }}
                    {(!row.erasing).then(|| view! {
                        <h2 class="heading-m">{if row.hold.is_some() { "Change the hold" } else { "Put the plan on hold" }}</h2>
                        <p class="body">"Only when the law says it must be kept for now, for example while an adult protection concern is open. The carer is told the general reason and the review date, never your note."</p>
                        <form method="post" action=paths::deletion_request(row.carer_id) novalidate>
                            <input type="hidden" name="intent" value="hold" />
                            <input type="hidden" name="version" value=version.clone() />
                            <Radios name="ground" legend="Why must it be kept?".into() choices=grounds chosen=ground errors=errors.clone() />
                            <TextArea name="note" label="The reason, for the record".into()
                                hint="At least 20 characters. Staff only: the carer is not shown this.".to_owned() value=note errors=errors.clone() rows=4 />
                            <TextField name="review_on" label="Date to look at the hold again" hint="Within six months, for example 2027-03-31."
                                value=review_on errors=errors.clone() />
                            <button type="submit" class="button">"Put on hold"</button>
                        </form>
                    })}
                </Layout>
            }
            .into_any()
        },
    )
}
