//! The Sharing page and what it leads to: change what is shared, withdraw
//! consent, and a printable receipt for each consent record.

use crate::api::sharing::{change_sections, consent_receipt, sharing, withdraw};
use crate::components::params::param;
use crate::components::plan_status::plan_state_text;
use crate::components::{ErrorSummary, Layout, PrintButton, SectionChoice};
use crate::domain::sharing::Older;
use crate::error::AppError;
use crate::pages::{on_post, page, problems, submission};
use crate::paths;
use crate::views::sharing::{ShareView, SharingView};
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

/// The share and its sequence named by a posted form.
fn posted_share() -> Option<(uuid::Uuid, i64, Vec<String>)> {
    submission().map(|s| {
        (
            uuid::Uuid::parse_str(s.get("share_id").trim()).unwrap_or_default(),
            s.get("sequence").trim().parse().unwrap_or(-1),
            s.all("sections"),
        )
    })
}

/// The Sharing page's address showing the consent records older than
/// `history` and the looks older than `seen` (the newest of each when
/// none), landing on the part called `at`.
fn sharing_at(history: Option<&str>, seen: Option<&str>, at: &str) -> String {
    let query: Vec<String> =
        [("history", history), ("seen", seen)].into_iter().filter_map(|(name, place)| place.map(|p| format!("{name}={p}"))).collect();
    if query.is_empty() { format!("{}#{at}", paths::SHARING) } else { format!("{}?{}#{at}", paths::SHARING, query.join("&")) }
}

/// Links to the older page of one list and back to its newest, keeping
/// the other list where it is.
#[component]
fn HistoryLinks(
    /// The link to older entries, if there are any.
    older: Option<String>,
    /// The link back to the newest entries, when this is not the newest page.
    newest: Option<String>,
    /// What the list holds, for the links' words ("changes", "entries").
    what: &'static str,
) -> impl IntoView {
    (older.is_some() || newest.is_some()).then(|| {
        view! {
            <p class="body">
                {older.map(|href| view! { <a href=href class="history-link">{format!("Older {what}")}</a> " " })}
                {newest.map(|href| view! { <a href=href class="history-link">{format!("Newest {what}")}</a> })}
            </p>
        }
    })
}

/// `/sharing`: where the plan stands, every share, the consent records and
/// who has seen the plan, newest first, a page of each at a time. Older
/// pages are ordinary links (`?history=`, `?seen=`), so they work without
/// JavaScript.
#[component]
pub fn SharingPage() -> impl IntoView {
    // Only a place that reads as one is asked for, and written back into links.
    let place = |name: &str| use_query_map().with_untracked(|q| q.get(name)).as_deref().and_then(Older::parse).map(|p| p.to_string());
    let (history_before, seen_before) = (place("history"), place("seen"));
    let asked = (history_before.clone(), seen_before.clone());
    page(
        move || sharing(asked.0.clone(), asked.1.clone()),
        move |view| {
            let (history_now, seen_now) = (history_before.as_deref(), seen_before.as_deref());
            let at_older_history = history_now.is_some();
            let older_history = view.older_history.as_deref().map(|p| sharing_at(Some(p), seen_now, "consent-history"));
            let newest_history = history_now.map(|_| sharing_at(None, seen_now, "consent-history"));
            let older_seen = view.older_seen.as_deref().map(|p| sharing_at(history_now, Some(p), "seen"));
            let newest_seen = seen_now.map(|_| sharing_at(history_now, None, "seen"));
            let history = view.history.clone();
            let current = view.current().cloned();
            let state = plan_state_text(&view.state);
            let deletion = view.deletion.clone();
            // Once the carer asked for deletion, nothing new is shared.
            let may_share = deletion.is_none();
            let can_start = current.is_none() && may_share;
            let shares = view.shares.clone();
            let seen = view.seen.clone();
            let social_work = view.social_work().cloned();
            let referrals = view.referrals.clone();
            view! {
            <Layout title="Sharing your plan".into() user=Some(view.user)>
                <a href=paths::HOME class="back-link">"Back to your plan"</a>
                <h1 class="heading-l">"Sharing your plan"</h1>
                <p class="body-l" id="plan-state">{state}</p>
                {deletion.filter(|request| !request.erasing).map(|request| view! {
                    <h2 class="heading-m" id="deletion">"Your request to delete your plan"</h2>
                    <crate::components::RequestStatus request=request />
                })}
                {match current {
                    Some(share) => view! {
                        <h2 class="heading-m">"What you share now"</h2>
                        <dl class="summary-list">
                            <div class="summary-list__row">
                                <dt class="summary-list__key">"Shared with"</dt>
                                <dd class="summary-list__value">{share.recipient.clone()}</dd>
                            </div>
                            <div class="summary-list__row">
                                <dt class="summary-list__key">"Parts of your plan"</dt>
                                <dd class="summary-list__value">{share.sections.join(", ")}</dd>
                            </div>
                            <div class="summary-list__row">
                                <dt class="summary-list__key">"Since"</dt>
                                <dd class="summary-list__value">{share.given_at.clone()}</dd>
                            </div>
                        </dl>
                        <div class="button-group">
                            <a href=paths::SHARING_CHANGE class="button button--secondary" role="button" draggable="false">"Change what is shared"</a>
                            <a href=paths::SHARING_WITHDRAW class="button button--warning" role="button" draggable="false">"Withdraw consent"</a>
                        </div>
                    }.into_any(),
                    // Where the plan stands, said above, already tells the carer nobody else can see it.
                    None => view! {
                        {can_start.then(|| view! {
                            <p class="body"><a href=paths::READY_SECTIONS class="button" role="button" draggable="false">"I'm ready to talk to someone"</a></p>
                        })}
                    }.into_any(),
                }}
                <h2 class="heading-m" id="social-work">"Social work"</h2>
                {match social_work {
                    Some(share) => view! {
                        <p class="body">{format!("Your worker may send these parts to social work in a referral: {}.", share.sections.join(", "))}</p>
                        <p class="body"><a href=paths::SHARING_SOCIAL_WORK>"Withdraw consent to share with social work"</a></p>
                    }.into_any(),
                    None => view! {
                        <p class="body">"You do not share your plan with social work."</p>
                        {may_share.then(|| view! {
                            <p class="body"><a href=paths::SHARING_SOCIAL_WORK>"Share your plan with social work"</a></p>
                        })}
                    }.into_any(),
                }}
                <h2 class="heading-m" id="referrals">"Referrals to social work"</h2>
                {if referrals.is_empty() {
                    view! { <p class="body">"Nobody has referred you to social work."</p> }.into_any()
                } else {
                    view! {
                        <ul class="list">
                            {referrals.into_iter().map(|r| view! {
                                <li class="referral">
                                    <p class="body"><strong>{format!("{}, by {}", r.referred_at, r.by)}</strong></p>
                                    <p class="body">{format!("Parts sent: {}.", r.sections.join(", "))}</p>
                                    {match &r.legal_reason {
                                        Some(reason) => view! {
                                            <p class="body"><strong class="tag tag--red">"Made without your consent"</strong>
                                                " because your worker believed you or the person you care for were at risk of serious harm. Their reason: "</p>
                                            <p class="body">{reason.clone()}</p>
                                        }.into_any(),
                                        None => view! { <p class="body">"Made with your consent."</p> }.into_any(),
                                    }}
                                    {r.withdrawn_at.clone().map(|at| view! {
                                        <p class="body">{format!("Withdrawn on {at}: nobody can open it any more.")}</p>
                                    })}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                <h2 class="heading-m" id="seen">"Who has seen your plan"</h2>
                {if seen.is_empty() && newest_seen.is_none() {
                    view! { <p class="body">"Nobody but you has opened your plan."</p> }.into_any()
                } else {
                    view! {
                        <table class="table">
                            <caption class="visually-hidden">"Everyone who opened your plan, newest first"</caption>
                            <thead><tr>
                                <th scope="col">"Who"</th><th scope="col">"What they opened"</th><th scope="col">"When"</th>
                            </tr></thead>
                            <tbody>
                                {seen.into_iter().map(|s| view! {
                                    <tr>
                                        <td>{s.who}<br /><span class="hint">{s.role}</span></td>
                                        <td>{s.what}</td>
                                        <td>{s.when}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }}
                <HistoryLinks older=older_seen newest=newest_seen what="entries" />
                <h2 class="heading-m" id="shares">"Everyone you have shared your plan with"</h2>
                {if shares.is_empty() {
                    view! { <p class="body">"You have not shared your plan."</p> }.into_any()
                } else {
                    shares.into_iter().map(|share| view! { <ShareSummary share=share /> }).collect_view().into_any()
                }}
                <h2 class="heading-m" id="consent-history">"Every time you gave, changed or withdrew consent"</h2>
                {if history.is_empty() {
                    let none = if at_older_history { "There are no older changes." } else { "You have not shared your plan." };
                    view! { <p class="body">{none}</p> }.into_any()
                } else {
                    view! {
                        <p class="body">"Newest first."</p>
                        <ul class="list">
                            {history.into_iter().map(|r| {
                                let link = paths::receipt(r.id);
                                let label = format!("{} on {}", r.change, r.at);
                                view! {
                                    <li>
                                        {format!("{label} ({}): {}. ", r.recipient, r.sections.join(", "))}
                                        <a href=link>"Receipt"<span class="visually-hidden">{format!(" for {label}")}</span></a>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                <HistoryLinks older=older_history newest=newest_history what="changes" />
            </Layout>
        }
        .into_any()
        },
    )
}

/// One share: who it is with, since when, and whether it still stands.
#[component]
fn ShareSummary(share: ShareView) -> impl IntoView {
    let status = match &share.withdrawn_at {
        Some(at) => format!("Withdrawn on {at}"),
        None => "Current".to_owned(),
    };
    view! {
        <div class="share">
            <h3 class="heading-s">{format!("{} – given on {}", share.recipient, share.given_at)}</h3>
            <p class="body">{status}</p>
            <p class="body">{format!("Purpose: {}", share.purpose)}</p>
        </div>
    }
}

/// `/sharing/change`: change which sections the current share covers.
#[component]
pub fn ChangeSharingPage() -> impl IntoView {
    let posted = posted_share();
    let chosen_now = posted.clone().map(|(_, _, sections)| sections);
    let outcome = on_post(posted, |(share, sequence, sections)| change_sections(share, sequence, sections));
    page(
        move || async move { Ok::<_, AppError>((sharing(None, None).await?, outcome.await)) },
        move |(view, outcome): (SharingView, _)| {
            if let Some(Ok(())) = outcome {
                return view! { <Redirect path=paths::SHARING /> }.into_any();
            }
            let Some(share) = view.current().cloned() else {
                return view! { <Redirect path=paths::SHARING /> }.into_any();
            };
            let errors = problems(&outcome, "sections");
            let chosen = chosen_now.clone().unwrap_or_else(|| share.section_ids.clone());
            view! {
                <Layout title="Change what is shared".into() user=Some(view.user)>
                    <a href=paths::SHARING class="back-link">"Back"</a>
                    <ErrorSummary errors=errors.clone() />
                    <h1 class="heading-l">"Change what is shared"</h1>
                    <p class="body">"The worker will see only the parts you tick, from the moment you save. Each change is recorded on your Sharing page."</p>
                    <form method="post" action=paths::SHARING_CHANGE novalidate>
                        <input type="hidden" name="share_id" value=share.share_id.to_string() />
                        <input type="hidden" name="sequence" value=share.sequence.to_string() />
                        <SectionChoice offered=view.shareable.clone() chosen=chosen errors=errors
                            legend="Which parts can a worker see?".into() hint="Select all that apply.".into() />
                        <button type="submit" class="button">"Save changes"</button>
                    </form>
                </Layout>
            }
            .into_any()
        },
    )
}

/// `/sharing/withdraw`: one confirmation, then no member of staff can open any part of the plan.
#[component]
pub fn WithdrawPage() -> impl IntoView {
    let posted = posted_share();
    let outcome = on_post(posted, |(share, sequence, _)| withdraw(share, sequence));
    page(
        move || async move { Ok::<_, AppError>((sharing(None, None).await?, outcome.await)) },
        move |(view, outcome): (SharingView, _)| {
            if let Some(Ok(())) = outcome {
                return view! {
                    <Layout title="You have withdrawn your consent".into() user=Some(view.user) light=true>
                        <div class="panel">
                            <h1 class="heading-l">"You have withdrawn your consent"</h1>
                            <p class="body">"Nobody at the carers' centre can open your plan any more."</p>
                        </div>
                        <p class="body">"Your plan is still here for you. You can share it again whenever you are ready."</p>
                        <p class="body"><a href=paths::SHARING>"Go to your Sharing page"</a></p>
                    </Layout>
                }
                .into_any();
            }
            let errors = problems(&outcome, "withdraw");
            let Some(share) = view.current().cloned() else {
                return view! {
                    <Layout title="Nothing to withdraw".into() user=Some(view.user) light=true>
                        <ErrorSummary errors=errors />
                        <h1 class="heading-l" id="withdraw" tabindex="-1">"Nothing to withdraw"</h1>
                        <p class="body">"Your plan is not shared with anyone."</p>
                        <p class="body"><a href=paths::SHARING>"Go to your Sharing page"</a></p>
                    </Layout>
                }
                .into_any();
            };
            view! {
                <Layout title="Are you sure you want to withdraw your consent?".into() user=Some(view.user)>
                    <a href=paths::SHARING class="back-link">"Back"</a>
                    <ErrorSummary errors=errors />
                    <h1 class="heading-l">"Are you sure you want to withdraw your consent?"</h1>
                    <p class="body">{format!("You share: {}.", share.sections.join(", "))}</p>
                    <p class="body">"If you withdraw, nobody at the carers' centre can open any part of your plan, from now on. Your plan stays here for you, and you can share it again later."</p>
                    <form method="post" action=paths::SHARING_WITHDRAW novalidate>
                        <input type="hidden" name="share_id" value=share.share_id.to_string() />
                        <input type="hidden" name="sequence" value=share.sequence.to_string() />
                        <button type="submit" class="button button--warning" id="withdraw">"Withdraw consent"</button>
                    </form>
                    <p class="body"><a href=paths::SHARING>"Keep sharing"</a></p>
                </Layout>
            }
            .into_any()
        },
    )
}

/// `/sharing/receipt/:id`: one consent record, to print or keep.
#[component]
pub fn ReceiptPage() -> impl IntoView {
    let id = param("id");
    page(
        move || {
            let id = uuid::Uuid::parse_str(&id).ok();
            async move { consent_receipt(id.ok_or(AppError::NotFound)?).await }
        },
        |(user, receipt)| {
            view! {
                <Layout title="Consent receipt".into() user=Some(user) light=true>
                    <a href=paths::SHARING class="back-link no-print">"Back to your Sharing page"</a>
                    <h1 class="heading-l">"Consent receipt"</h1>
                    <dl class="summary-list">
                        <div class="summary-list__row"><dt class="summary-list__key">"What happened"</dt><dd class="summary-list__value">{receipt.change}</dd></div>
                        <div class="summary-list__row"><dt class="summary-list__key">"When"</dt><dd class="summary-list__value">{receipt.at}</dd></div>
                        <div class="summary-list__row"><dt class="summary-list__key">"Shared with"</dt><dd class="summary-list__value">{receipt.recipient}</dd></div>
                        <div class="summary-list__row"><dt class="summary-list__key">"Parts of the plan"</dt><dd class="summary-list__value">{receipt.sections.join(", ")}</dd></div>
                        <div class="summary-list__row"><dt class="summary-list__key">"Purpose"</dt><dd class="summary-list__value">{receipt.purpose}</dd></div>
                        <div class="summary-list__row"><dt class="summary-list__key">"The words you agreed to"</dt><dd class="summary-list__value summary-list__value--text">{receipt.wording}</dd></div>
                        <div class="summary-list__row"><dt class="summary-list__key">"Receipt number"</dt><dd class="summary-list__value">{receipt.id.to_string()}</dd></div>
                    </dl>
                    <p class="body no-print"><PrintButton /></p>
                </Layout>
            }
        },
    )
}
