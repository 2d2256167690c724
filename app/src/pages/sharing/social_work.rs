//! Sharing with social work: the carer chooses the parts of their plan
//! their worker may send to social work in a referral, reads exactly what
//! social work will do with them, and can withdraw that consent in one step
//! (which withdraws every referral sent with it).

use crate::api::referral::share_with_social_work;
use crate::api::sharing::{sharing, withdraw};
use crate::components::{ErrorSummary, Layout, SectionChoice};
use crate::domain::sharing::Recipient;
use crate::error::AppError;
use crate::pages::{on_post, page, problems, submission};
use crate::paths;
use crate::views::sharing::SharingView;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the carer posted.
#[derive(Debug, Clone)]
enum Posted {
    Give(Vec<String>),
    Withdraw(uuid::Uuid, i64),
}

/// What became of it.
#[derive(Debug, Clone, Serialize, Deserialize)]
enum Done {
    Given,
    Withdrawn,
}

fn posted() -> Option<Posted> {
    submission().map(|s| {
        if s.get("intent") == "withdraw" {
            Posted::Withdraw(
                uuid::Uuid::parse_str(s.get("share_id").trim()).unwrap_or_default(),
                s.get("sequence").trim().parse().unwrap_or(-1),
            )
        } else {
            Posted::Give(s.all("sections"))
        }
    })
}

/// `/sharing/social-work`: give, or withdraw, consent to share with social work.
#[component]
pub fn SocialWorkPage() -> impl IntoView {
    let posted = posted();
    let chosen_now = match &posted {
        Some(Posted::Give(sections)) => Some(sections.clone()),
        _ => None,
    };
    let outcome = on_post(posted, |p| async move {
        match p {
            Posted::Give(sections) => share_with_social_work(sections).await.map(|()| Done::Given),
            Posted::Withdraw(share, sequence) => withdraw(share, sequence).await.map(|()| Done::Withdrawn),
        }
    });
    page(
        move || async move { Ok::<_, AppError>((sharing(None, None).await?, outcome.await)) },
        move |(view, outcome): (SharingView, _)| {
            let done = match &outcome {
                Some(Ok(Done::Given)) => Some((
                    "You now share your plan with social work",
                    "Your worker can now refer you to social work with the parts you chose. Every referral will show on your Sharing page.",
                )),
                Some(Ok(Done::Withdrawn)) => Some((
                    "You have withdrawn your consent to share with social work",
                    "Nothing more can be sent to social work, and no referral sent with this consent can be opened any more.",
                )),
                _ => None,
            };
            if let Some((title, body)) = done {
                return view! {
                    <Layout title=title.to_owned() user=Some(view.user)>
                        <div class="panel">
                            <h1 class="heading-l">{title}</h1>
                        </div>
                        <p class="body">{body}</p>
                        <p class="body"><a href=paths::SHARING>"Go to your Sharing page"</a></p>
                    </Layout>
                }
                .into_any();
            }
            let errors = problems(&outcome, "sections");
            let recipient = Recipient::SocialWork;
            if let Some(share) = view.social_work().cloned() {
                return view! {
                    <Layout title="Sharing with social work".into() user=Some(view.user)>
                        <a href=paths::SHARING class="back-link">"Back"</a>
                        <ErrorSummary errors=errors />
                        <h1 class="heading-l" id="sections" tabindex="-1">"Sharing with social work"</h1>
                        <p class="body">{format!("Since {}, your worker may send these parts of your plan to social work: {}.", share.given_at, share.sections.join(", "))}</p>
                        <p class="body">{recipient.purpose()}</p>
                        <h2 class="heading-m">"Withdraw your consent"</h2>
                        <p class="body">"If you withdraw, nothing more can be sent to social work, and no referral already sent with this consent can be opened by anyone."</p>
                        <form method="post" action=paths::SHARING_SOCIAL_WORK novalidate>
                            <input type="hidden" name="intent" value="withdraw" />
                            <input type="hidden" name="share_id" value=share.share_id.to_string() />
                            <input type="hidden" name="sequence" value=share.sequence.to_string() />
                            <button type="submit" class="button button--warning">"Withdraw consent to share with social work"</button>
                        </form>
                    </Layout>
                }
                .into_any();
            }
            let chosen = chosen_now.clone().unwrap_or_default();
            view! {
                <Layout title="Share your plan with social work".into() user=Some(view.user)>
                    <a href=paths::SHARING class="back-link">"Back"</a>
                    <ErrorSummary errors=errors.clone() />
                    <h1 class="heading-l">"Share your plan with social work"</h1>
                    <p class="body">"Your worker may think you need support from the council. To ask social work for it, they send a referral with parts of your plan. They can only do that with your agreement."</p>
                    <p class="body">{recipient.purpose()}</p>
                    <div class="inset">
                        "When you agree, you agree to these words: "
                        {crate::domain::sharing::consent_wording_before_choosing(recipient)}
                    </div>
                    <form method="post" action=paths::SHARING_SOCIAL_WORK novalidate>
                        <input type="hidden" name="intent" value="give" />
                        <SectionChoice offered=view.shareable.clone() chosen=chosen errors=errors
                            legend="Which parts may your worker send to social work?".into() hint="Select all that apply.".into() />
                        <button type="submit" class="button">"Agree and share with social work"</button>
                    </form>
                </Layout>
            }
            .into_any()
        },
    )
}
