//! The parts of a page's address the route table names (`:carer`, `:id`),
//! read the same way by every page.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// A route parameter, read once ("" when the route has none by that name).
pub fn param(name: &'static str) -> String {
    use_params_map().with_untracked(|p| p.get(name).unwrap_or_default())
}

/// A route parameter that must be an id.
pub fn uuid_param(name: &'static str) -> Option<uuid::Uuid> {
    uuid::Uuid::parse_str(&param(name)).ok()
}
