//! Small helpers for islands that touch the server-rendered page (browser only).

use crate::error::FieldErrors;
use wasm_bindgen::JsCast;

/// The page's document.
pub fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Shows (or clears) each field's message in the slot rendered beside it,
/// marks the field invalid or valid, and removes a stale server summary.
pub fn show_field_messages<'a>(fields: impl IntoIterator<Item = &'a str>, problems: &FieldErrors) {
    let Some(doc) = document() else { return };
    if let Some(old) = doc.get_element_by_id("server-error-summary") {
        old.remove();
    }
    for field in fields {
        let message = problems.get(field);
        if let Some(slot) = doc.get_element_by_id(&format!("{field}-error")) {
            match message {
                Some(m) => {
                    slot.set_inner_html(&format!("<span class=\"visually-hidden\">Error: </span>{}", escape(m)));
                    let _ = slot.remove_attribute("hidden");
                }
                None => {
                    let _ = slot.set_attribute("hidden", "");
                }
            }
        }
        if let Some(group) = doc.get_element_by_id(&format!("{field}-group")) {
            let _ = group.class_list().toggle_with_force("form-group--error", message.is_some());
        }
        if let Some(input) = doc.get_element_by_id(field) {
            let _ = input.set_attribute("aria-invalid", if message.is_some() { "true" } else { "false" });
        }
    }
}

/// Moves focus to an element once it has been drawn.
pub fn focus_later(id: &'static str) {
    leptos::prelude::request_animation_frame(move || {
        if let Some(el) = document().and_then(|d| d.get_element_by_id(id)).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = el.focus();
        }
    });
}

/// Shows each field's message beside it, as the autosave checks answers.
/// Unlike [`show_field_messages`], nothing above the field the carer is in
/// moves: the error summary stays until the form is sent again, and the
/// slot of a message that no longer applies keeps its space (blank) until
/// then, so the page does not jump under their finger.
pub fn show_messages_in_place<'a>(fields: impl IntoIterator<Item = &'a str>, problems: &FieldErrors) {
    let Some(doc) = document() else { return };
    for field in fields {
        let message = problems.get(field);
        let slot = doc.get_element_by_id(&format!("{field}-error"));
        let group = doc.get_element_by_id(&format!("{field}-group"));
        match (message, slot) {
            (Some(m), Some(slot)) => {
                slot.set_inner_html(&format!("<span class=\"visually-hidden\">Error: </span>{}", escape(m)));
                let _ = slot.remove_attribute("hidden");
                let _ = slot.remove_attribute("data-fixed");
                if let Some(el) = slot.dyn_ref::<web_sys::HtmlElement>() {
                    let _ = el.style().remove_property("min-height");
                }
            }
            (None, Some(slot)) if !slot.has_attribute("hidden") => {
                // Blank, but as tall as the message was.
                // (Through the style object: the page's CSP refuses style attributes.)
                let height = slot.get_bounding_client_rect().height();
                if let Some(el) = slot.dyn_ref::<web_sys::HtmlElement>() {
                    let _ = el.style().set_property("min-height", &format!("{height}px"));
                }
                let _ = slot.set_attribute("data-fixed", "");
                slot.set_inner_html("");
            }
            _ => {}
        }
        if let Some(group) = group {
            let list = group.class_list();
            if message.is_some() {
                let _ = list.remove_1("form-group--fixed");
                let _ = list.add_1("form-group--error");
            } else if list.contains("form-group--error") {
                let _ = list.remove_1("form-group--error");
                let _ = list.add_1("form-group--fixed");
            }
        }
        if let Some(input) = doc.get_element_by_id(field) {
            let _ = input.set_attribute("aria-invalid", if message.is_some() { "true" } else { "false" });
        }
    }
}
