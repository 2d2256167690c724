//! The route table: which page answers each address of [`crate::paths`].
//!
//! Only this table imports pages; pages import their links from
//! [`crate::paths`], never from here, so the two never point at each other.

use crate::pages::accounts::{RegisterPage, SetPasswordPage, SignInPage, SignOutPage, SignedOutPage};
use crate::pages::deletion::DeletePage;
use crate::pages::home::{HomePage, LeftPage};
use crate::pages::plan::{
    AboutMePage, ActionPage, AgreedPlanPage, AreaPage, BreaksPage, CheckAndSignPage, CircumstancesChangedPage, EmergencyPage,
    NewRecordPage, OutcomePage, OutcomesPage, PersonPage, RemovePage, ReviewPage, SummaryPage,
};
use crate::pages::sharing::{
    ChangeSharingPage, ReadyCheckPage, ReadyContactPage, ReadyPersonPage, ReadySectionsPage, ReadySentPage, ReceiptPage, SharingPage,
    SocialWorkPage, WithdrawPage,
};
use crate::pages::staff::{ManagerPage, NotFoundPage};
use crate::pages::worker::{
    AllocationsPage, CaseloadPage, DeactivatePage, DeletionRequestPage, DeletionRequestsPage, FiguresPage, LegalReferralsPage, QueuePage,
    ReallocatePage, ReferPage, ReferralPackagePage, SendToCarerPage, SharedPlanPage, SharedSectionPage, SupportPlanPage, WorkerActionPage,
};
use leptos::prelude::*;
use leptos_router::components::{Route, Routes};
use leptos_router::{SsrMode, path};

/// The route table. Every one renders whole on the server before it is
/// sent (`SsrMode::Async`), so every page works without JavaScript.
#[component]
pub fn AppRoutes() -> impl IntoView {
    view! {
        <Routes fallback=NotFoundPage>
            <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
            <Route path=path!("/register") view=RegisterPage ssr=SsrMode::Async />
            <Route path=path!("/sign-in") view=SignInPage ssr=SsrMode::Async />
            <Route path=path!("/sign-out") view=SignOutPage ssr=SsrMode::Async />
            <Route path=path!("/signed-out") view=SignedOutPage ssr=SsrMode::Async />
            <Route path=path!("/set-password") view=SetPasswordPage ssr=SsrMode::Async />
            <Route path=path!("/left") view=LeftPage ssr=SsrMode::Async />
            <Route path=path!("/worker") view=QueuePage ssr=SsrMode::Async />
            <Route path=path!("/worker/caseload") view=CaseloadPage ssr=SsrMode::Async />
            <Route path=path!("/worker/plan/:carer") view=SharedPlanPage ssr=SsrMode::Async />
            <Route path=path!("/worker/plan/:carer/:section") view=SharedSectionPage ssr=SsrMode::Async />
            <Route path=path!("/worker/support/:carer") view=SupportPlanPage ssr=SsrMode::Async />
            <Route path=path!("/worker/action/:carer/:action") view=WorkerActionPage ssr=SsrMode::Async />
            <Route path=path!("/worker/send/:carer") view=SendToCarerPage ssr=SsrMode::Async />
            <Route path=path!("/worker/refer/:carer") view=ReferPage ssr=SsrMode::Async />
            <Route path=path!("/worker/referral/:id") view=ReferralPackagePage ssr=SsrMode::Async />
            <Route path=path!("/manager/referrals") view=LegalReferralsPage ssr=SsrMode::Async />
            <Route path=path!("/manager/figures") view=FiguresPage ssr=SsrMode::Async />
            <Route path=path!("/manager/deletions") view=DeletionRequestsPage ssr=SsrMode::Async />
            <Route path=path!("/manager/deletions/:carer") view=DeletionRequestPage ssr=SsrMode::Async />
            <Route path=path!("/delete") view=DeletePage ssr=SsrMode::Async />
            <Route path=path!("/manager/allocations") view=AllocationsPage ssr=SsrMode::Async />
            <Route path=path!("/manager/reallocate/:carer") view=ReallocatePage ssr=SsrMode::Async />
            <Route path=path!("/manager/deactivate/:user") view=DeactivatePage ssr=SsrMode::Async />
            <Route path=path!("/ready/sections") view=ReadySectionsPage ssr=SsrMode::Async />
            <Route path=path!("/ready/contact") view=ReadyContactPage ssr=SsrMode::Async />
            <Route path=path!("/ready/person") view=ReadyPersonPage ssr=SsrMode::Async />
            <Route path=path!("/ready/check") view=ReadyCheckPage ssr=SsrMode::Async />
            <Route path=path!("/ready/sent") view=ReadySentPage ssr=SsrMode::Async />
            <Route path=path!("/sharing") view=SharingPage ssr=SsrMode::Async />
            <Route path=path!("/sharing/change") view=ChangeSharingPage ssr=SsrMode::Async />
            <Route path=path!("/sharing/withdraw") view=WithdrawPage ssr=SsrMode::Async />
            <Route path=path!("/sharing/social-work") view=SocialWorkPage ssr=SsrMode::Async />
            <Route path=path!("/sharing/receipt/:id") view=ReceiptPage ssr=SsrMode::Async />
            <Route path=path!("/manager") view=ManagerPage ssr=SsrMode::Async />
            <Route path=path!("/plan/about-me") view=AboutMePage ssr=SsrMode::Async />
            <Route path=path!("/plan/:kind/new") view=NewRecordPage ssr=SsrMode::Async />
            <Route path=path!("/plan/person/:id") view=PersonPage ssr=SsrMode::Async />
            <Route path=path!("/plan/area/:id") view=AreaPage ssr=SsrMode::Async />
            <Route path=path!("/plan/outcomes") view=OutcomesPage ssr=SsrMode::Async />
            <Route path=path!("/plan/outcome/:id") view=OutcomePage ssr=SsrMode::Async />
            <Route path=path!("/plan/action/:id") view=ActionPage ssr=SsrMode::Async />
            <Route path=path!("/plan/emergency") view=EmergencyPage ssr=SsrMode::Async />
            <Route path=path!("/plan/breaks") view=BreaksPage ssr=SsrMode::Async />
            <Route path=path!("/plan/review") view=ReviewPage ssr=SsrMode::Async />
            <Route path=path!("/plan/changed") view=CircumstancesChangedPage ssr=SsrMode::Async />
            <Route path=path!("/plan/remove/:kind/:id") view=RemovePage ssr=SsrMode::Async />
            <Route path=path!("/plan/summary") view=SummaryPage ssr=SsrMode::Async />
            <Route path=path!("/plan/agree") view=CheckAndSignPage ssr=SsrMode::Async />
            <Route path=path!("/plan/agreed/:id") view=AgreedPlanPage ssr=SsrMode::Async />
        </Routes>
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use crate::paths::tests::{resolves, route_table};

    #[tokio::test]
    async fn the_route_table_is_what_the_server_registers() {
        let table = route_table();
        assert!(table.len() >= 22, "{table:?}");
        assert!(resolves(&table, "/plan/area/health"));
        assert!(!resolves(&table, "/plan/area"), "a missing id is not a route");
        assert!(!resolves(&table, "/plan/nowhere"), "an unknown page is not a route");
        assert!(!resolves(&table, "/plan/remove/person"), "the table is matched segment by segment");
    }
}
