//! The one error type that crosses the wire between server and browser.
//!
//! Rules (after crates.io's `util/errors.rs`): a variant says what the person
//! can do about it, never why the server failed. Internal detail is logged on
//! the server where it happens and the browser only ever sees `Internal`.

use leptos::server_fn::ServerFnError;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// One message shown beside one field, and linked from the error summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The form field's `name` (and, by convention, its `id`).
    pub field: String,
    /// Plain-English message for the person.
    pub message: String,
}

/// Field errors in the order the fields appear on the page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    /// Adds a message for `field`.
    pub fn push(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError { field: field.to_owned(), message: message.into() });
    }

    /// True when no field has a message.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The first message for `field`, if any.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.iter().find(|e| e.field == field).map(|e| e.message.as_str())
    }

    /// `Ok(value)` when there are no messages, otherwise a validation error.
    pub fn into_result<T>(self, value: impl FnOnce() -> T) -> Result<T, AppError> {
        if self.is_empty() { Ok(value()) } else { Err(AppError::Validation(self)) }
    }
}

/// Everything that can go wrong, as the person asking needs to know it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// Not signed in, or the session has ended.
    #[error("You need to sign in to see this page.")]
    Unauthorized,
    /// Signed in, but this is not theirs to see or do.
    #[error("You do not have permission to see this page.")]
    Forbidden,
    /// Nothing here, or nothing they may know exists.
    #[error("Page not found.")]
    NotFound,
    /// What was entered needs correcting; nothing has been saved.
    #[error("There is a problem with what you entered.")]
    Validation(FieldErrors),
    /// Someone else changed this first; the message says what to do.
    #[error("{0}")]
    Conflict(String),
    /// The carer has withdrawn their consent: staff see this and nothing of the plan.
    #[error("The carer has withdrawn consent. You can no longer see any part of their plan.")]
    ConsentWithdrawn,
    /// A worker's plan was moved to someone else (or back to the queue) by
    /// a manager. Said only to a worker who held it; never who has it now.
    #[error("This plan is no longer allocated to you: a manager has moved it. You can no longer see or change it.")]
    PlanMoved,
    /// The carer asked for their plan to be deleted: staff see this and nothing of the plan.
    #[error("The carer has asked for their plan to be deleted. You can no longer see any part of it.")]
    PlanDeleted,
    /// The session was ended because its account was closed (deactivated,
    /// or erased at the carer's request). Told to a page still open there,
    /// so it stops saving and takes what it showed off the screen.
    #[error("This account has been closed. Nothing more can be seen or saved with it.")]
    AccountClosed,
    /// Too many attempts (to sign in, register or use a set-password link).
    #[error("Too many attempts. Try again in {minutes} minutes.")]
    TooManyAttempts {
        /// Whole minutes until another attempt is allowed.
        minutes: u32,
    },
    /// A limit that keeps the service fair to everyone was reached (new
    /// accounts from one place, changes to what is shared in a day). The
    /// message says which, and when it can be done again; nothing already
    /// stored was touched.
    #[error("{0}")]
    Limit(String),
    /// Too many passwords are being checked at once; nothing was done.
    #[error("CarerSpace is very busy just now. Wait a minute, then try again.")]
    Busy,
    /// The request itself could not be read (malformed body, missing argument).
    #[error("The request could not be understood.")]
    BadRequest,
    /// The browser could not reach the server.
    #[error("CarerSpace could not be reached. Check your connection and try again.")]
    Unreachable,
    /// Something failed on our side; details are only in the server log.
    #[error("Sorry, there is a problem with the service. Try again later.")]
    Internal,
}

impl AppError {
    /// The HTTP status this error is answered with.
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::Unauthorized => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Validation(_) => 422,
            AppError::Conflict(_) => 409,
            AppError::ConsentWithdrawn | AppError::PlanMoved | AppError::PlanDeleted => 403,
            AppError::AccountClosed => 401,
            AppError::TooManyAttempts { .. } | AppError::Limit(_) => 429,
            AppError::Busy => 503,
            AppError::BadRequest => 400,
            AppError::Unreachable => 503,
            AppError::Internal => 500,
        }
    }

    /// A validation error with a single message.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        let mut errors = FieldErrors::default();
        errors.push(field, message);
        AppError::Validation(errors)
    }

    /// The field errors, when this is a validation error.
    pub fn field_errors(&self) -> Option<&FieldErrors> {
        match self {
            AppError::Validation(errors) => Some(errors),
            _ => None,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::Deserialization(_)
            | ServerFnErrorErr::UnsupportedRequestMethod(_) => AppError::BadRequest,
            ServerFnErrorErr::Request(_) => AppError::Unreachable,
            _ => AppError::Internal,
        }
    }
}

impl From<ServerFnError> for AppError {
    fn from(_: ServerFnError) -> Self {
        AppError::Internal
    }
}
