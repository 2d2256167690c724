//! The worker sends a carer's plan to them to check and sign: with the
//! review date (a year by default, sooner if they choose) and, after the
//! carer commented, the worker's answer.

use crate::api::agreement::send_to_carer;
use crate::components::StaffNav;
use crate::components::params::uuid_param;
use crate::components::{Comments, ErrorSummary, Layout, TextArea, TextField};
use crate::domain::agreement::Stage;
use crate::domain::calendar::Day;
use crate::error::AppError;
use crate::pages::{on_post, page, problems, submission};
use crate::paths;
use leptos::prelude::*;

/// What the worker posted: the version they saw, the review date, their answer.
fn posted() -> Option<(i64, String, String)> {
    submission().map(|s| (s.get("version").trim().parse().unwrap_or(-1), s.get("review_on"), s.get("answer")))
}

/// `/worker/send/:carer`: send the plan to the carer to check and sign.
#[component]
pub fn SendToCarerPage() -> impl IntoView {
    let carer = uuid_param("carer");
    let typed = posted();
    let outcome = on_post(typed.clone(), move |(version, review_on, answer)| async move {
        send_to_carer(carer.ok_or(AppError::NotFound)?, version, review_on, answer).await
    });
    page(
        move || async move {
            let outcome = outcome.await;
            let (me, plan) = super::plan::opened(carer, None).await?;
            Ok::<_, AppError>((me, plan, outcome))
        },
        move |(me, plan, outcome)| {
            let role = me.role;
            let carer = plan.carer_id;
            let name = plan.carer_name.clone();
            if let Some(Ok(())) = outcome {
                return view! {
                    <Layout title=format!("{name}'s plan has been sent to them") user=Some(me) light=true>
                        <StaffNav role=role />
                        <div class="panel">
                            <h1 class="heading-l">{format!("{name}'s plan has been sent to them")}</h1>
                        </div>
                        <h2 class="heading-m">"What happens next"</h2>
                        <p class="body">{format!("{name} will see on their home page that the plan is ready to check. They can sign it or send you a comment. Your caseload shows where it stands.")}</p>
                        <p class="body"><a href=paths::shared_plan(carer)>{format!("Back to {name}'s plan")}</a></p>
                    </Layout>
                }
                .into_any();
            }
            let errors = problems(&outcome, "send");
            let agreement = plan.agreement.clone();
            let (review_typed, answer_typed) = typed.clone().map(|(_, r, a)| (r, a)).unwrap_or_default();
            // What the worker typed, else the date last proposed (what the carer was told), else the default.
            let review_value = if review_typed.is_empty() { agreement.review_on_offered.clone() } else { review_typed };
            if agreement.stage == Some(Stage::Sent) {
                return view! {
                    <Layout title=format!("Send {name}'s plan to them") user=Some(me)>
                        <StaffNav role=role />
                        <a href=paths::shared_plan(carer) class="back-link">{format!("Back to {name}'s plan")}</a>
                        <ErrorSummary errors=errors />
                        <h1 class="heading-l" id="send" tabindex="-1">{format!("Send {name}'s plan to them")}</h1>
                        <p class="body">{format!("The plan is already with {name} to check and sign.")}</p>
                        <Comments comments=agreement.comments />
                    </Layout>
                }
                .into_any();
            }
            let commented = agreement.stage == Some(Stage::Commented);
            let latest = Day::parse(&agreement.latest_review_on).map(Day::readable).unwrap_or_default();
            // The form starts from the date the carer was told, when it can: say so.
            let proposed = agreement.review_day.filter(|day| commented && day.iso() == agreement.review_on_offered);
            let review_hint = match proposed {
                Some(day) => {
                    format!("You proposed {}, and {name} was told that date. Keep it, or choose another up to {latest}.", day.readable())
                }
                None => format!("A year from today, on a working day ({latest}), unless you choose a sooner date."),
            };
            view! {
                <Layout title=format!("Send {name}'s plan to them") user=Some(me)>
                    <StaffNav role=role />
                    <a href=paths::shared_plan(carer) class="back-link">{format!("Back to {name}'s plan")}</a>
                    <ErrorSummary errors=errors.clone() />
                    <span class="caption">{format!("{name}'s plan")}</span>
                    <h1 class="heading-l" id="send" tabindex="-1">"Send the plan to check and sign"</h1>
                    <p class="body">{format!("{name} will read your ratings beside theirs, your notes, the support plan and the actions you agreed. They can sign it, or send you a comment.")}</p>
                    <Comments comments=agreement.comments.clone() />
                    <form method="post" action=paths::send_plan(carer) novalidate>
                        <input type="hidden" name="version" value=agreement.version.to_string() />
                        {commented.then(|| view! {
                            <TextArea name="answer" label=format!("Your answer to {name}'s comment")
                                value=answer_typed.clone() errors=errors.clone() rows=5 />
                        })}
                        <TextField name="review_on" label="When should the plan be reviewed?" kind="date"
                            hint=review_hint value=review_value errors=errors.clone() />
                        <button type="submit" class="button">{format!("Send to {name}")}</button>
                    </form>
                </Layout>
            }
            .into_any()
        },
    )
}
