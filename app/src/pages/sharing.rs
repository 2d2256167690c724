//! The carer's sharing pages: "I'm ready to talk to someone" (question
//! pages, check your answers, sent) and the Sharing page (every share, its
//! receipts, who has seen the plan, change what is shared, withdraw).

mod manage;
mod ready;
mod social_work;

pub use manage::{ChangeSharingPage, ReceiptPage, SharingPage, WithdrawPage};
pub use ready::{ReadyCheckPage, ReadyContactPage, ReadyPersonPage, ReadySectionsPage, ReadySentPage};
pub use social_work::SocialWorkPage;

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use crate::components::SectionChoice;
    use crate::error::FieldErrors;
    use crate::pages::samples::html;
    use leptos::prelude::*;

    #[test]
    fn the_first_section_box_carries_the_fields_id_and_chosen_ones_are_ticked() {
        let mut errors = FieldErrors::default();
        errors.push("sections", "Select at least one part of your plan to share");
        let offered = vec![("about-me".to_owned(), "About me".to_owned()), ("area-health".to_owned(), "Health".to_owned())];
        let drawn = html(move || {
            view! { <SectionChoice offered=offered chosen=vec!["area-health".into()] errors=errors legend="Parts".into() hint="Any".into() /> }
                .into_any()
        });
        assert!(drawn.contains("id=\"sections\" name=\"sections\" type=\"checkbox\" value=\"about-me\""), "{drawn}");
        assert!(drawn.contains("value=\"area-health\" checked"), "{drawn}");
        assert!(drawn.contains("Select at least one part of your plan to share"));
    }
}
