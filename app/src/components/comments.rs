//! The comments a carer and their worker exchanged about a plan sent to
//! be signed, as both of them read them.

use crate::views::agreement::CommentView;
use leptos::prelude::*;

/// The comments so far, oldest first.
#[component]
pub fn Comments(
    /// The comments, oldest first; nothing is shown when there are none.
    comments: Vec<CommentView>,
) -> impl IntoView {
    (!comments.is_empty()).then(|| {
        view! {
            <h2 class="heading-m">"Comments"</h2>
            <dl class="summary-list">
                {comments.into_iter().map(|c| view! {
                    <div class="summary-list__row">
                        <dt class="summary-list__key">{format!("{}, {}", c.who, c.when)}</dt>
                        <dd class="summary-list__value summary-list__value--text">{c.body}</dd>
                    </div>
                }).collect_view()}
            </dl>
        }
    })
}
