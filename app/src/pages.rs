//! The pages. Each is a server component rendered whole before it is sent
//! (`SsrMode::Async`), so every page and form works without JavaScript.
//!
//! A form posts back to its own page. The server hands the posted fields to
//! the page as a [`FormSubmission`]; the page calls its server function and
//! either moves on (redirect) or shows the form again with what was typed
//! and a message beside each field.

pub mod accounts;
pub mod home;
pub mod plan;
pub mod staff;

use crate::error::{AppError, FieldErrors};
use leptos::prelude::*;
use serde::{Serialize, de::DeserializeOwned};

/// The fields of a form posted to the page being rendered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormSubmission(pub Vec<(String, String)>);

impl FormSubmission {
    /// The value of a field, or "" when it was not sent. When a name is
    /// sent twice (a hidden "no" before a tickbox), the last one counts.
    pub fn get(&self, name: &str) -> String {
        self.0.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default()
    }

    /// The answers posted for a plan record: the version the page showed
    /// (`__version`) and every field not starting with `__`.
    pub fn plan_answers(&self) -> (i64, std::collections::BTreeMap<String, String>) {
        let version = self.get("__version").trim().parse().unwrap_or(0);
        // One pass; a later value for a name replaces an earlier one.
        let fields = self.0.iter().filter(|(k, _)| !k.starts_with("__")).cloned().collect();
        (version, fields)
    }
}

/// The posted form, when this render answers a POST.
pub fn submission() -> Option<FormSubmission> {
    use_context::<FormSubmission>()
}

/// Reads a form of type `F` from this render's POST, if there was one.
pub fn posted_form<F: crate::domain::account::FromFields>() -> Option<F> {
    submission().map(|s| F::from_fields(&|name| s.get(name)))
}

/// Runs `act` with the posted form, once, before the page is rendered.
/// Resolves to `None` on an ordinary visit.
pub fn on_post<F, T, Fut>(
    form: Option<F>,
    act: impl Fn(F) -> Fut + Send + Sync + 'static,
) -> Resource<Option<Result<T, AppError>>>
where
    F: Clone + Send + Sync + 'static,
    T: Serialize + DeserializeOwned + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
{
    Resource::new_blocking(
        || (),
        move |_| {
            let pending = form.clone().map(&act);
            async move {
                match pending {
                    Some(fut) => Some(fut.await),
                    None => None,
                }
            }
        },
    )
}

/// The messages to show for a failed post: field errors as they are; any
/// other refusal (too many attempts, a fault) against `field`.
pub fn messages_for(outcome: &Option<Result<impl Sized, AppError>>, field: &str) -> FieldErrors {
    match outcome {
        Some(Err(AppError::Validation(errors))) => errors.clone(),
        Some(Err(other)) => {
            let mut errors = FieldErrors::default();
            errors.push(field, other.to_string());
            errors
        }
        _ => FieldErrors::default(),
    }
}

/// Sets this page's HTTP status (server only; nothing in the browser).
pub fn set_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(res), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(code),
    ) {
        res.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}
