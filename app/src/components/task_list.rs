//! The task list: every section of the plan with its status, and how many
//! are done.

use crate::domain::plan::{Plan, RecordKey, TaskStatus};
use crate::paths;
use leptos::prelude::*;

/// One line of the task list.
struct Task {
    group: &'static str,
    title: String,
    href: String,
    status: TaskStatus,
}

/// The task list the carer's home page starts with.
#[component]
pub fn TaskList(
    /// The carer's plan, for each section's status.
    plan: Plan,
    /// The framework the plan follows, for its wellbeing areas.
    framework: crate::framework::Shared,
    /// False once the carer has asked for their plan to be deleted: it is
    /// not offered for sharing any more.
    may_share: bool,
) -> impl IntoView {
    let later = "What you want to happen";
    let task = |group, title: &str, href: String, status| Task { group, title: title.to_owned(), href, status };
    let mut tasks = vec![task("About you", "About me and my caring role", paths::ABOUT_ME.into(), plan.about_me_status())];
    for area in &framework.areas {
        tasks.push(task("How caring affects you", &area.title, paths::area(&area.id), plan.area_status(&area.id)));
    }
    tasks.push(task(later, "Outcomes and actions", paths::OUTCOMES.into(), plan.outcomes_status()));
    tasks.push(task(later, "Emergency and future planning", paths::EMERGENCY.into(), plan.section_status(&RecordKey::Emergency)));
    tasks.push(task(later, "Breaks from caring", paths::BREAKS.into(), plan.section_status(&RecordKey::Breaks)));
    tasks.push(task(later, "Review", paths::REVIEW.into(), plan.section_status(&RecordKey::Review)));
    let done = tasks.iter().filter(|t| t.status.is_done()).count();
    let total = tasks.len();
    let groups = ["About you", "How caring affects you", later];
    view! {
        <h2 class="heading-m">"Your support plan"</h2>
        <p class="body" id="progress">{format!("You have done {done} of {total} sections.")}</p>
        {groups
            .into_iter()
            .map(|group| {
                let items = tasks
                    .iter()
                    .filter(|t| t.group == group)
                    .map(|t| {
                        let tag = match t.status {
                            TaskStatus::Completed => "tag tag--done",
                            TaskStatus::InProgress => "tag tag--progress",
                            TaskStatus::Skipped => "tag tag--skipped",
                            TaskStatus::NotStarted => "tag",
                        };
                        let status_id = format!("status-{}", t.href.replace('/', "-"));
                        view! {
                            <li class="task-list__item">
                                <a class="task-list__link" href=t.href.clone() aria-describedby=status_id.clone()>{t.title.clone()}</a>
                                <strong class=tag id=status_id>{t.status.label()}</strong>
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <h3 class="heading-s">{group}</h3>
                    <ul class="task-list">{items}</ul>
                }
            })
            .collect_view()}
        <h3 class="heading-s">"Check your plan"</h3>
        <ul class="task-list">
            <li class="task-list__item">
                <a class="task-list__link" href=paths::SUMMARY>"Check your answers and see your wellbeing chart"</a>
            </li>
            <li class="task-list__item">
                <a class="task-list__link" href=paths::CHANGED>"My circumstances have changed"</a>
            </li>
        </ul>
        <h3 class="heading-s">"Talk to someone"</h3>
        <ul class="task-list">
            {may_share.then(|| view! {
                <li class="task-list__item">
                    <a class="task-list__link" href=paths::READY_SECTIONS>"I'm ready to talk to someone"</a>
                </li>
            })}
            <li class="task-list__item">
                <a class="task-list__link" href=paths::SHARING>"Sharing and who has seen your plan"</a>
            </li>
        </ul>
    }
}
