//! The manager's staff accounts, and "Page not found".

use super::{messages_for, on_post, page, posted_form, set_status};
use crate::api::accounts::{create_staff, list_staff, whoami};
use crate::components::fields::FieldMessage;
use crate::components::{ErrorSummary, FormCheck, Layout, NotFoundContent, TextField};
use crate::domain::account::{AccountForm, NewStaffForm, Role};
use crate::error::{AppError, FieldErrors};
use crate::paths;
use crate::views::accounts::StaffInvitation;
use crate::views::accounts::StaffMember;
use leptos::prelude::*;

/// `/manager`: staff accounts, and a form to add one.
#[component]
pub fn ManagerPage() -> impl IntoView {
    let form = posted_form::<NewStaffForm>();
    let typed = form.clone().unwrap_or_default();
    let outcome = on_post(form, create_staff);
    page(
        move || async move {
            let me = whoami().await?;
            let outcome = outcome.await;
            // Listed after any new account is made, so it is in the list.
            let staff = list_staff().await?;
            Ok::<_, AppError>((me, outcome, staff))
        },
        move |(me, outcome, staff)| {
            let my_id = me.as_ref().map(|m| m.id).unwrap_or_default();
            let created = match &outcome {
                Some(Ok(invitation)) => Some(invitation.clone()),
                _ => None,
            };
            let errors = messages_for(&outcome, "name");
            let typed = if created.is_some() { NewStaffForm::default() } else { typed.clone() };
            view! {
                <Layout title="Staff accounts".into() user=me>
                    <crate::components::StaffNav role=Role::Manager />
                    {created.map(|c| view! { <Created invitation=c /> })}
                    <FormCheck form=AccountForm::NewStaff>
                        <ErrorSummary errors=errors.clone() />
                        <h1 class="heading-l">"Staff accounts"</h1>
                        <StaffTable staff=staff me=my_id />
                        <h2 class="heading-m">"Add a staff account"</h2>
                        <form method="post" action=paths::MANAGER novalidate>
                            <TextField name="name" label="Full name" autocomplete="off"
                                value=typed.name errors=errors.clone() />
                            <TextField name="email" label="Work email address" kind="email"
                                autocomplete="off" value=typed.email errors=errors.clone() />
                            <RoleChoice chosen=typed.role errors=errors />
                            <button type="submit" class="button">"Create account"</button>
                        </form>
                        <p class="body"><a href=paths::WORKER>"Go to plans waiting for a worker"</a></p>
                    </FormCheck>
                </Layout>
            }
        },
    )
}

#[component]
fn Created(invitation: StaffInvitation) -> impl IntoView {
    view! {
        <div class="notification notification--success" role="region" aria-labelledby="created-title">
            <h2 class="notification__title" id="created-title">"Account created"</h2>
            <p class="body">
                {format!("Give {} this link to set their password. It works once, for 7 days:", invitation.user.name)}
            </p>
            <p class="body"><code class="one-time-link">{invitation.link}</code></p>
        </div>
    }
}

#[component]
fn StaffTable(staff: Vec<StaffMember>, me: uuid::Uuid) -> impl IntoView {
    view! {
        <table class="table">
            <caption class="visually-hidden">"Staff accounts"</caption>
            <thead>
                <tr>
                    <th scope="col">"Name"</th><th scope="col">"Email"</th><th scope="col">"Role"</th>
                    <th scope="col">"Status"</th><th scope="col"><span class="visually-hidden">"Action"</span></th>
                </tr>
            </thead>
            <tbody>
                {staff
                    .into_iter()
                    .map(|m| {
                        let u = m.user;
                        let link = paths::deactivate(u.id);
                        let name = u.name.clone();
                        let can_deactivate = m.active && u.id != me;
                        view! {
                            <tr>
                                <td>{u.name}</td>
                                <td>{u.email}</td>
                                <td>{if u.role == Role::Manager { "Manager" } else { "Worker" }}</td>
                                <td>{if m.active { "Active" } else { "Deactivated" }}</td>
                                <td>{can_deactivate.then(|| view! {
                                    <a href=link>"Deactivate"<span class="visually-hidden">{format!(" {name}")}</span></a>
                                })}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn RoleChoice(chosen: String, errors: FieldErrors) -> impl IntoView {
    let message = errors.get("role").map(str::to_owned);
    let invalid = message.is_some();
    view! {
        <div class="form-group" class:form-group--error=invalid id="role-group">
            <fieldset class="fieldset" aria-describedby="role-error">
                <legend class="label">"Role"</legend>
                <FieldMessage name="role" message=message />
                <div class="radios">
                    <div class="radio">
                        <input class="radio__input" id="role" name="role" type="radio" value="worker"
                            checked=chosen == "worker" />
                        <label class="label radio__label" for="role">"Carer support worker"</label>
                    </div>
                    <div class="radio">
                        <input class="radio__input" id="role-manager" name="role" type="radio" value="manager"
                            checked=chosen == "manager" />
                        <label class="label radio__label" for="role-manager">"Manager"</label>
                    </div>
                </div>
            </fieldset>
        </div>
    }
}

/// Any address that is not a page. The header still shows who is signed in.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    page(whoami, |user| {
        set_status(404);
        view! { <NotFoundContent user=user /> }
    })
}
