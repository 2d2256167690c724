//! Check and sign: the carer reads what their worker wrote beside their own
//! answers, then signs (the plan becomes Agreed) or sends a comment back;
//! and any plan they signed, read beside the plan now.

use crate::api::agreement::{agreed_plan, comment_on_plan, my_agreement, sign_plan};
use crate::api::plan::my_plan;
use crate::components::params::param;
use crate::components::{Comments, ErrorSummary, Layout, PrintButton, SharedSections, TextArea, WorkersPart};
use crate::domain::agreement::{Stage, fingerprint};
use crate::domain::plan::{ImpactLevel, Plan, RecordKey};
use crate::domain::sharing::Section;
use crate::error::AppError;
use crate::framework::Framework;
use crate::pages::{on_post, page, submission};
use crate::paths;
use crate::views::agreement::{AgreedView, CarerAgreement};
use crate::views::plan::PlanPage;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the carer posted from the check-and-sign page.
#[derive(Debug, Clone)]
enum Posted {
    Sign { version: i64, fingerprint: String },
    Comment { version: i64, comment: String },
}

/// What became of it.
#[derive(Debug, Clone, Serialize, Deserialize)]
enum Done {
    /// Signed: the review date, readable.
    Signed(String),
    /// The comment went to the worker.
    Commented,
}

fn posted() -> Option<Posted> {
    submission().map(|s| {
        let version = s.get("version").trim().parse().unwrap_or(-1);
        if s.get("intent") == "comment" {
            Posted::Comment { version, comment: s.get("comment") }
        } else {
            Posted::Sign { version, fingerprint: s.get("fingerprint") }
        }
    })
}

/// Each area the worker rated: its title, the carer's rating, the worker's.
fn ratings(plan: &Plan, framework: &Framework) -> Vec<(String, Option<ImpactLevel>, ImpactLevel, String)> {
    framework
        .areas
        .iter()
        .filter_map(|area| {
            let worker = plan.record(&RecordKey::WorkerArea(area.id.clone()))?;
            let theirs = ImpactLevel::parse(worker.get("rating"))?;
            Some((area.title.clone(), plan.rating(&area.id), theirs, worker.get("notes").to_owned()))
        })
        .collect()
}

/// The ratings side by side, with any difference said in words.
#[component]
fn RatingsBeside(plan: Plan, framework: crate::framework::Shared) -> impl IntoView {
    let rows = ratings(&plan, &framework);
    if rows.is_empty() {
        return view! { <p class="body">"Your worker has not rated any part of your plan."</p> }.into_any();
    }
    view! {
        <dl class="summary-list">
            {rows.into_iter().map(|(title, yours, theirs, notes)| {
                let yours_label = yours.map_or("You did not rate this", ImpactLevel::label);
                let differs = yours != Some(theirs);
                view! {
                    <div class="summary-list__row">
                        <dt class="summary-list__key">{title}</dt>
                        <dd class="summary-list__value summary-list__value--text">
                            {format!("Your rating: {yours_label}")}<br />
                            {format!("Your worker's rating: {}", theirs.label())}<br />
                            {if differs {
                                view! { <strong class="tag">"Different from yours"</strong> }.into_any()
                            } else {
                                view! { <span>"The same as yours"</span> }.into_any()
                            }}
                            {(!notes.trim().is_empty()).then(|| view! { <br /><span>{format!("Your worker's notes: {notes}")}</span> })}
                        </dd>
                    </div>
                }
            }).collect_view()}
        </dl>
    }
    .into_any()
}

/// Where the plan stands when there is nothing to sign.
fn nothing_to_sign(agreement: &CarerAgreement) -> String {
    match (agreement.state.stage, &agreement.worker) {
        (_, None) => "Your plan is not with a worker at the moment, so there is nothing to sign.".to_owned(),
        (None | Some(Stage::Drafting), Some(worker)) => {
            format!("{worker} has not sent your plan to you yet. When they do, your home page will say so.")
        }
        (Some(Stage::Commented), Some(worker)) => {
            format!("You sent a comment. {worker} will answer it and send your plan back to you.")
        }
        (Some(Stage::Agreed), _) => {
            format!("Your plan is agreed. It will be reviewed by {}.", agreement.state.review_on.clone().unwrap_or_default())
        }
        (Some(Stage::Sent), Some(_)) => String::new(),
    }
}

/// `/plan/agree`: check the plan your worker sent, then sign it or comment.
#[component]
pub fn CheckAndSignPage() -> impl IntoView {
    let outcome = on_post(posted(), |p| async move {
        match p {
            Posted::Sign { version, fingerprint } => sign_plan(version, fingerprint).await.map(Done::Signed),
            Posted::Comment { version, comment } => comment_on_plan(version, comment).await.map(|()| Done::Commented),
        }
    });
    let typed = submission().map(|s| s.get("comment")).unwrap_or_default();
    page(
        move || async move { Ok::<_, AppError>((my_plan().await?, my_agreement().await?, outcome.await)) },
        move |(page, agreement, outcome): (PlanPage, CarerAgreement, _)| {
            let PlanPage { user, plan, framework } = page;
            match outcome {
                Some(Ok(Done::Signed(review))) => {
                    return view! {
                        <Layout title="Your plan is agreed".into() user=Some(user) light=true>
                            <div class="panel">
                                <h1 class="heading-l">"Your plan is agreed"</h1>
                                <p class="body">{format!("It will be reviewed by {review}")}</p>
                            </div>
                            <h2 class="heading-m">"What happens next"</h2>
                            <p class="body">"Your worker will do what you agreed together. A copy of the plan as you signed it is kept, and you can read it at any time."</p>
                            <p class="body">"If your circumstances change before the review, tell us and your plan will be looked at again sooner."</p>
                            <p class="body"><a href=paths::SUMMARY>"Read your plan"</a></p>
                            <p class="body"><a href=paths::HOME>"Back to your home page"</a></p>
                        </Layout>
                    }
                    .into_any();
                }
                Some(Ok(Done::Commented)) => {
                    return view! {
                        <Layout title="Your comment has been sent".into() user=Some(user) light=true>
                            <div class="panel">
                                <h1 class="heading-l">"Your comment has been sent"</h1>
                            </div>
                            <h2 class="heading-m">"What happens next"</h2>
                            <p class="body">"Your worker will read your comment, answer it and send your plan back to you to check. Your home page will say when."</p>
                            <p class="body"><a href=paths::HOME>"Back to your home page"</a></p>
                        </Layout>
                    }
                    .into_any();
                }
                _ => {}
            }
            let field = match &outcome {
                Some(Err(AppError::Validation(_))) => "comment",
                _ => "sign",
            };
            let errors = crate::pages::problems(&outcome, field);
            let waiting = agreement.state.stage == Some(Stage::Sent) && agreement.worker.is_some();
            if !waiting {
                return view! {
                    <Layout title="Check and sign your plan".into() user=Some(user)>
                        <a href=paths::HOME class="back-link">"Back to your home page"</a>
                        <ErrorSummary errors=errors />
                        <h1 class="heading-l" id="sign" tabindex="-1">"Check and sign your plan"</h1>
                        <p class="body">{nothing_to_sign(&agreement)}</p>
                        <Comments comments=agreement.state.comments.clone() />
                        <p class="body"><a href=paths::SUMMARY>"Read your plan"</a></p>
                    </Layout>
                }
                .into_any();
            }
            let worker = agreement.worker.clone().unwrap_or_default();
            let typed = typed.clone();
            let version = agreement.state.version.to_string();
            let seen = fingerprint(&plan, agreement.state.review_day);
            let review = agreement.state.review_on.clone().unwrap_or_default();
            view! {
                <Layout title="Check and sign your plan".into() user=Some(user)>
                    <a href=paths::HOME class="back-link">"Back to your home page"</a>
                    <ErrorSummary errors=errors.clone() />
                    <h1 class="heading-l">"Check and sign your plan"</h1>
                    <p class="body-l">{format!("{worker} has sent your plan for you to check. Read what they wrote beside your own answers.")}</p>
                    <p class="body">{format!("If you sign it, your plan will be reviewed by {review}, or sooner if your circumstances change.")}</p>

                    <h2 class="heading-m">"How caring affects you: your rating and your worker's"</h2>
                    <RatingsBeside plan=plan.clone() framework=framework.clone() />
                    <WorkersPart plan=plan.clone() />
                    <Comments comments=agreement.state.comments.clone() />
                    <p class="body"><a href=paths::SUMMARY>"Read your whole plan"</a></p>

                    <h2 class="heading-m">"Sign your plan"</h2>
                    <p class="body">"By signing, you agree this is your support plan. You can still change your own answers afterwards, and ask for a review at any time."</p>
                    <form method="post" action=paths::AGREE novalidate>
                        <input type="hidden" name="intent" value="sign" />
                        <input type="hidden" name="version" value=version.clone() />
                        <input type="hidden" name="fingerprint" value=seen />
                        <button type="submit" class="button" id="sign">"Sign and agree this plan"</button>
                    </form>

                    <h2 class="heading-m">"Or send a comment to your worker"</h2>
                    <form method="post" action=paths::AGREE novalidate>
                        <input type="hidden" name="intent" value="comment" />
                        <input type="hidden" name="version" value=version />
                        <TextArea name="comment" label="What would you like to change or ask?".to_owned()
                            hint=format!("{worker} will read it, answer, and send the plan back to you.")
                            value=typed.clone() errors=errors rows=5 />
                        <button type="submit" class="button button--secondary" id="send-comment">"Send comment"</button>
                    </form>
                </Layout>
            }
            .into_any()
        },
    )
}

/// `/plan/agreed/:id`: a plan as the carer signed it, beside the plan now.
#[component]
pub fn AgreedPlanPage() -> impl IntoView {
    let id = param("id");
    page(
        move || {
            let id = uuid::Uuid::parse_str(&id).ok();
            async move {
                let id = id.ok_or(AppError::NotFound)?;
                Ok::<_, AppError>((my_plan().await?.user, agreed_plan(id).await?))
            }
        },
        |(user, agreed): (_, AgreedView)| {
            let AgreedView { listing, plan, changes, framework } = agreed;
            let title = format!("Your plan as agreed on {}", listing.agreed_on);
            let sections = Section::all(&framework);
            view! {
                <Layout title=title.clone() user=Some(user)>
                    <a href=paths::SUMMARY class="back-link no-print">"Back to your plan"</a>
                    <h1 class="heading-l">{title}</h1>
                    <p class="body">{format!("Agreed with {}. Review by {}.", listing.worker, listing.review_on)}</p>
                    <p class="body no-print"><PrintButton /></p>
                    <h2 class="heading-m" id="changes">"What has changed since"</h2>
                    {if changes.is_empty() {
                        view! { <p class="body">"Nothing has changed since you agreed this plan."</p> }.into_any()
                    } else {
                        view! {
                            <p class="body">{format!("{} answers are different now.", changes.len())}</p>
                            <dl class="summary-list">
                                {changes.into_iter().map(|c| view! {
                                    <div class="summary-list__row">
                                        <dt class="summary-list__key">{format!("{}: {}", c.part, c.answer)}</dt>
                                        <dd class="summary-list__value summary-list__value--text">
                                            <strong class="tag">"Changed"</strong><br />
                                            {format!("When agreed: {}", if c.then.is_empty() { "nothing".to_owned() } else { c.then })}<br />
                                            {format!("Now: {}", if c.now.is_empty() { "nothing".to_owned() } else { c.now })}
                                        </dd>
                                    </div>
                                }).collect_view()}
                            </dl>
                        }.into_any()
                    }}
                    <h2 class="heading-m">"The plan as you agreed it"</h2>
                    <p class="body">"Your own answers, with your worker's rating and notes beside each part of your life you talked about; then the support plan and the actions you agreed."</p>
                    <SharedSections plan=plan.clone() framework=framework sections=sections level=3 yours=true />
                    <WorkersPart plan=plan />
                </Layout>
            }
        },
    )
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use crate::domain::plan::sample_record;
    use crate::pages::plan::summary::Summary;
    use crate::pages::samples::{html, plan_page};
    use crate::paths::tests::{local_links, resolves, route_table};
    use crate::views::agreement::AgreedListing;

    #[test]
    fn a_difference_between_the_two_ratings_is_said_in_words() {
        let mut page = plan_page();
        let (differs, same) = (page.framework.areas[1].id.clone(), page.framework.areas[2].id.clone());
        page.plan.records.push(sample_record(RecordKey::WorkerArea(differs), &[("rating", "critical"), ("notes", "Nights: curlew")]));
        page.plan.records.push(sample_record(RecordKey::WorkerArea(same), &[("rating", "moderate")]));
        let (plan, framework) = (page.plan.clone(), page.framework.clone());
        let shown = html(move || view! { <RatingsBeside plan=plan framework=framework /> }.into_any());
        assert_eq!(shown.matches("Different from yours").count(), 1, "{shown}");
        assert_eq!(shown.matches("The same as yours").count(), 1, "{shown}");
        for words in ["Your rating: Moderate impact", "Your worker's rating: Critical impact", "Nights: curlew"] {
            assert!(shown.contains(words), "{words} missing from {shown}");
        }
    }

    #[test]
    fn the_plan_as_agreed_shows_both_ratings_the_notes_the_support_plan_and_the_actions() {
        let mut page = plan_page();
        let rated = page.framework.areas[1].clone();
        page.plan
            .records
            .push(sample_record(RecordKey::WorkerArea(rated.id.clone()), &[("rating", "critical"), ("notes", "Nights: curlew")]));
        page.plan.records.push(sample_record(RecordKey::WorkerPlan, &[("support_level", "priority"), ("needs", "A regular break")]));
        page.plan.records.push(sample_record(
            RecordKey::WorkerAction(uuid::Uuid::new_v4()),
            &[("text", "Find a sitter: plover"), ("who", "carers-centre")],
        ));
        let (plan, framework) = (page.plan.clone(), page.framework.clone());
        let agreed = html(move || {
            let sections = Section::all(&framework);
            view! {
                <SharedSections plan=plan.clone() framework=framework sections=sections level=3 yours=true />
                <WorkersPart plan=plan />
            }
            .into_any()
        });
        let agreed = agreed.replace("&#x27;", "'");
        for words in [
            "Impact of caring (your own rating)",
            "Moderate impact",
            "Your worker's rating",
            "Critical impact (you rated it moderate impact)",
            "Your worker's notes",
            "Nights: curlew",
            "A regular break",
            "Find a sitter: plover",
            "Sleep",
            "Ask",
            "2 January 2027",
        ] {
            assert!(agreed.contains(words), "{words} missing from the plan as agreed: {agreed}");
        }
        assert_eq!(agreed.matches("Your worker's rating").count(), 1, "only the area the worker rated: {agreed}");
        assert!(!agreed.contains("the carer") && !agreed.contains("they or people"), "the carer reads their own plan: {agreed}");

        // Staff reading the same sections read the carer's words only, as before.
        let page = plan_page();
        let mut plan = page.plan.clone();
        plan.records.push(sample_record(RecordKey::WorkerArea(rated.id.clone()), &[("rating", "critical")]));
        let framework = page.framework.clone();
        let staff = html(move || {
            let sections = Section::all(&framework);
            view! { <SharedSections plan=plan framework=framework sections=sections /> }.into_any()
        });
        assert!(!staff.contains("Your worker") && staff.contains("the carer's own rating"), "{staff}");
    }

    #[tokio::test]
    async fn the_summary_links_every_plan_the_carer_signed_to_a_page_that_exists() {
        let table = route_table();
        let id = uuid::Uuid::new_v4();
        let agreed = vec![AgreedListing {
            id,
            agreed_on: "Tuesday 24 November 2026".into(),
            review_on: "Wednesday 24 November 2027".into(),
            worker: "Wendy".into(),
        }];
        let shown = html(move || view! { <Summary page=plan_page() agreed=agreed /> }.into_any());
        assert!(shown.contains(&paths::agreed(id)) && shown.contains("Agreed on Tuesday 24 November 2026 with Wendy"), "{shown}");
        for link in local_links(&shown) {
            assert!(resolves(&table, &link), "the summary links to {link}, which has no route");
        }
        assert!(resolves(&table, paths::AGREE) && resolves(&table, &paths::send_plan(id)), "the agreement pages have routes");
    }
}
