//! Form fields in the UK public-service pattern: label, hint, the message
//! beside the field, and an error summary that links to each field.

use crate::domain::plan::Answer;
use crate::error::FieldErrors;
use leptos::prelude::*;

/// "There is a problem", with a link to each field that needs attention.
/// Rendered only when there are errors.
#[component]
pub fn ErrorSummary(
    /// The form's errors, one link for each.
    errors: FieldErrors,
) -> impl IntoView {
    (!errors.is_empty()).then(|| {
        view! {
            <div class="error-summary" id="server-error-summary" role="alert" tabindex="-1">
                <h2 class="error-summary__title">"There is a problem"</h2>
                <ul class="error-summary__list">
                    {errors
                        .0
                        .into_iter()
                        .map(|e| view! { <li><a href=format!("#{}", e.field)>{e.message}</a></li> })
                        .collect_view()}
                </ul>
            </div>
        }
    })
}

/// The message slot beside a field. Always present (hidden when empty) so the
/// browser-side check can fill it in without a round trip.
#[component]
pub fn FieldMessage(
    /// The field's `name`; the message's id is `{name}-error`.
    name: &'static str,
    /// The message to show, if the field needs attention.
    message: Option<String>,
) -> impl IntoView {
    let hidden = message.is_none();
    view! {
        <p class="error-message" id=format!("{name}-error") hidden=hidden>
            <span class="visually-hidden">"Error: "</span>
            {message}
        </p>
    }
}

/// What every question needs from the form's errors: its own message,
/// whether it is invalid, and the ids that describe it (hint, message).
struct Question {
    message: Option<String>,
    invalid: bool,
    described_by: String,
}

impl Question {
    fn new(name: &str, has_hint: bool, errors: &FieldErrors) -> Question {
        let message = errors.get(name).map(str::to_owned);
        let described_by = if has_hint { format!("{name}-hint {name}-error") } else { format!("{name}-error") };
        Question { invalid: message.is_some(), message, described_by }
    }
}

/// A labelled text input that keeps what was typed and shows its message.
#[component]
pub fn TextField(
    /// The field's `name` and `id`.
    name: &'static str,
    /// The question or label.
    label: &'static str,
    /// Optional help shown under the label.
    #[prop(optional, into)]
    hint: Option<String>,
    /// `text`, `email`, `password`…
    #[prop(default = "text")]
    kind: &'static str,
    /// The browser's autofill hint.
    #[prop(default = "off")]
    autocomplete: &'static str,
    /// What was typed before (never a password).
    #[prop(optional)]
    value: String,
    /// All the form's errors; this field shows its own.
    #[prop(optional)]
    errors: FieldErrors,
) -> impl IntoView {
    let Question { message, invalid, described_by: described } = Question::new(name, hint.is_some(), &errors);
    let hint_id = format!("{name}-hint");
    view! {
        <div class="form-group" class:form-group--error=invalid id=format!("{name}-group")>
            <label class="label" for=name>{label}</label>
            {hint.map(|h| view! { <div class="hint" id=hint_id.clone()>{h}</div> })}
            <FieldMessage name=name message=message />
            <input
                class="input"
                class:input--error=invalid
                id=name
                name=name
                type=kind
                autocomplete=autocomplete
                spellcheck="false"
                value=value
                aria-describedby=described
                aria-invalid=if invalid { "true" } else { "false" }
            />
        </div>
    }
}

/// A single checkbox with its label and optional hint.
#[component]
pub fn CheckboxField(
    /// The field's `name` and `id`.
    name: &'static str,
    /// What ticking it means.
    label: &'static str,
    /// Optional help under the label.
    #[prop(optional)]
    hint: Option<&'static str>,
    /// Ticked before.
    #[prop(optional)]
    checked: bool,
) -> impl IntoView {
    let hint_id = format!("{name}-hint");
    view! {
        <div class="form-group">
            <div class="checkbox">
                <input
                    class="checkbox__input"
                    id=name
                    name=name
                    type="checkbox"
                    checked=checked
                    aria-describedby=hint.map(|_| hint_id.clone())
                />
                <label class="label checkbox__label" for=name>{label}</label>
                {hint.map(|h| view! { <div class="hint checkbox__hint" id=hint_id.clone()>{h}</div> })}
            </div>
        </div>
    }
}

/// A labelled text area for answers in the carer's own words. Keeps what
/// was typed, shows its message, and never limits typing (the check does).
#[component]
pub fn TextArea(
    /// The field's `name` and `id`.
    name: &'static str,
    /// The question.
    label: String,
    /// Optional help under the label.
    #[prop(optional)]
    hint: Option<String>,
    /// What is saved or was typed.
    #[prop(optional)]
    value: String,
    /// All the form's errors; this field shows its own.
    #[prop(optional)]
    errors: FieldErrors,
    /// Visible lines.
    #[prop(default = 5)]
    rows: u32,
) -> impl IntoView {
    let Question { message, invalid, described_by: described } = Question::new(name, hint.is_some(), &errors);
    view! {
        <div class="form-group" class:form-group--error=invalid id=format!("{name}-group")>
            <label class="label" for=name>{label}</label>
            {hint.map(|h| view! { <div class="hint" id=format!("{name}-hint")>{h}</div> })}
            <FieldMessage name=name message=message />
            <textarea class="textarea" class:input--error=invalid id=name name=name rows=rows
                aria-describedby=described aria-invalid=if invalid { "true" } else { "false" }>
                {value}
            </textarea>
        </div>
    }
}

/// One choice in a set of radios.
#[derive(Debug, Clone)]
pub struct Choice {
    /// The stored value.
    pub value: &'static str,
    /// What the person reads.
    pub label: String,
    /// Optional help under the label.
    pub hint: Option<String>,
}

impl Choice {
    /// A choice without a hint.
    pub fn new(value: &'static str, label: impl Into<String>) -> Choice {
        Choice { value, label: label.into(), hint: None }
    }

    /// Every answer of a fixed set, with the set's own labels.
    pub fn all<A: Answer>() -> Vec<Choice> {
        A::ALL.iter().map(|a| Choice::new(a.as_str(), a.label())).collect()
    }

    /// A choice with a hint.
    pub fn with_hint(value: &'static str, label: impl Into<String>, hint: impl Into<String>) -> Choice {
        Choice { value, label: label.into(), hint: Some(hint.into()) }
    }
}

/// Radios in a fieldset with a legend: the public-service pattern for one
/// answer from a short list (never a slider).
#[component]
pub fn Radios(
    /// The field's `name`; the first radio's `id`.
    name: &'static str,
    /// The question.
    legend: String,
    /// Optional help under the question.
    #[prop(optional)]
    hint: Option<String>,
    /// The choices, in order.
    choices: Vec<Choice>,
    /// The chosen value, if any.
    #[prop(optional)]
    chosen: String,
    /// All the form's errors; this field shows its own.
    #[prop(optional)]
    errors: FieldErrors,
    /// Show the choices side by side (for yes/no).
    #[prop(optional)]
    inline: bool,
) -> impl IntoView {
    let Question { message, invalid, described_by: described } = Question::new(name, hint.is_some(), &errors);
    view! {
        <div class="form-group" class:form-group--error=invalid id=format!("{name}-group")>
            <fieldset class="fieldset" aria-describedby=described>
                <legend class="label fieldset__legend">{legend}</legend>
                {hint.map(|h| view! { <div class="hint" id=format!("{name}-hint")>{h}</div> })}
                <FieldMessage name=name message=message />
                <div class="radios" class:radios--inline=inline>
                    {choices
                        .into_iter()
                        .enumerate()
                        .map(|(i, c)| {
                            let id = if i == 0 { name.to_owned() } else { format!("{name}-{}", c.value) };
                            let hint_id = format!("{id}-item-hint");
                            let checked = chosen == c.value;
                            view! {
                                <div class="radio">
                                    <input class="radio__input" id=id.clone() name=name type="radio" value=c.value
                                        checked=checked aria-describedby=c.hint.as_ref().map(|_| hint_id.clone()) />
                                    <label class="label radio__label" for=id>{c.label}</label>
                                    {c.hint.map(|h| view! { <div class="hint radio__hint" id=hint_id>{h}</div> })}
                                </div>
                            }
                        })
                        .collect_view()}
                </div>
            </fieldset>
        </div>
    }
}

/// Checkboxes for choosing sections: `offered` (id, title), ticked where `chosen`.
#[component]
pub fn SectionChoice(
    /// The sections that may be chosen, as (id, title), in the plan's order.
    offered: Vec<(String, String)>,
    /// The ids of the sections ticked.
    chosen: Vec<String>,
    /// All the form's errors; the choice shows the one for `sections`.
    errors: FieldErrors,
    /// The question, as the fieldset's legend.
    legend: String,
    /// Help shown under the question.
    hint: String,
) -> impl IntoView {
    let message = errors.get("sections").map(str::to_owned);
    let invalid = message.is_some();
    let described = if invalid { "sections-hint sections-error" } else { "sections-hint" };
    view! {
        <div class="form-group" class:form-group--error=invalid id="sections-group">
            <fieldset class="fieldset" aria-describedby=described>
                <legend class="label fieldset__legend">{legend}</legend>
                <div class="hint" id="sections-hint">{hint}</div>
                <FieldMessage name="sections" message=message />
                <div class="checkboxes">
                    {offered
                        .into_iter()
                        .enumerate()
                        .map(|(i, (id, title))| {
                            // The first box carries the field's id, so the error summary's link lands on it.
                            let input_id = if i == 0 { "sections".to_owned() } else { format!("sections-{id}") };
                            let checked = chosen.contains(&id);
                            view! {
                                <div class="checkbox">
                                    <input class="checkbox__input" id=input_id.clone() name="sections" type="checkbox"
                                        value=id checked=checked />
                                    <label class="label checkbox__label" for=input_id>{title}</label>
                                </div>
                            }
                        })
                        .collect_view()}
                </div>
            </fieldset>
        </div>
    }
}
