//! `/manager/figures`: anonymous figures by month, as a chart and as the
//! table behind it, with a CSV download. Counts of 1 to 4 are shown as
//! "fewer than 5" and left out of the chart, so no carer can be picked out.

use crate::api::accounts::whoami;
use crate::api::figures::monthly_figures;
use crate::components::Layout;
use crate::components::StaffNav;
use crate::domain::account::Role;
use crate::domain::figures::{Count, MonthFigures, month_label};
use crate::error::AppError;
use crate::pages::page;
use crate::paths;
use crate::views::accounts::UserView;
use leptos::prelude::*;

/// Plans handed off and agreed each month, as bars (SVG: the page's
/// security policy allows no inline styles); the table below holds the
/// same numbers for anyone who cannot see the chart. A hidden count
/// ("fewer than 5") draws no bar and says so.
#[component]
fn FiguresChart(rows: Vec<MonthFigures>) -> impl IntoView {
    let most = rows.iter().flat_map(|r| [r.handed_off.chart_value(), r.agreed.chart_value()]).flatten().max().unwrap_or(0).max(1);
    let (label_w, bar_w, row_h) = (110.0_f64, 150.0_f64, 30.0_f64);
    let height = row_h * rows.len() as f64 + 8.0;
    let width = move |count: Count| count.chart_value().map_or(0.0, |n| bar_w * f64::from(n) / f64::from(most));
    let words = |count: Count| match count {
        Count::FewerThanFive => "<5".to_owned(),
        other => other.label(),
    };
    let summary = rows
        .iter()
        .map(|r| format!("{}: handed off {}, agreed {}", month_label(&r.month), r.handed_off.label(), r.agreed.label()))
        .collect::<Vec<_>>()
        .join("; ");
    view! {
        <figure class="chart">
            <svg class="chart__svg" viewBox=format!("0 0 {} {height}", label_w + bar_w + 40.0) role="img"
                aria-labelledby="figures-chart-title" aria-describedby="figures-chart-desc" width="100%">
                <title id="figures-chart-title">"Plans handed off and agreed each month"</title>
                <desc id="figures-chart-desc">{summary}</desc>
                {rows.into_iter().enumerate().map(|(i, r)| {
                    let y = i as f64 * row_h;
                    view! {
                        <text x=(label_w - 6.0).to_string() y=(y + 18.0).to_string() text-anchor="end" class="chart__label">{month_label(&r.month)}</text>
                        <rect x=label_w.to_string() y=(y + 4.0).to_string() width=width(r.handed_off).to_string() height="10" class="chart__bar" />
                        <text x=(label_w + width(r.handed_off) + 4.0).to_string() y=(y + 13.0).to_string() class="chart__note">{words(r.handed_off)}</text>
                        <rect x=label_w.to_string() y=(y + 16.0).to_string() width=width(r.agreed).to_string() height="10" class="chart__bar chart__bar--substantial" />
                        <text x=(label_w + width(r.agreed) + 4.0).to_string() y=(y + 25.0).to_string() class="chart__note">{words(r.agreed)}</text>
                    }
                }).collect_view()}
            </svg>
            <figcaption class="body">"Top bar of each month: plans handed off. Lower bar: plans agreed. \u{201c}<5\u{201d}: fewer than 5, not drawn. Every figure is in the table below."</figcaption>
        </figure>
    }
}

/// `/manager/figures`.
#[component]
pub fn FiguresPage() -> impl IntoView {
    page(
        || async { Ok::<_, AppError>((whoami().await?.ok_or(AppError::Unauthorized)?, monthly_figures().await?)) },
        |(me, rows): (UserView, Vec<MonthFigures>)| {
            view! {
                <Layout title="Figures".into() user=Some(me) light=true>
                    <StaffNav role=Role::Manager />
                    <h1 class="heading-l">"Figures"</h1>
                    <p class="body">"The last twelve months, with no names. A count of 1 to 4 is shown as \u{201c}fewer than 5\u{201d} so that no carer can be picked out, and a median needs at least five plans."</p>
                    <p class="body"><a href=paths::FIGURES_CSV download="carerspace-figures.csv">"Download these figures as a CSV file"</a></p>
                    <FiguresChart rows=rows.clone() />
                    <div class="table-scroll" tabindex="0" role="region" aria-labelledby="figures-table-caption">
                        <table class="table">
                            <caption class="table__caption" id="figures-table-caption">"Figures by month, oldest first"</caption>
                            <thead><tr>
                                <th scope="col">"Month"</th>
                                <th scope="col">"Plans started"</th>
                                <th scope="col">"Handed off"</th>
                                <th scope="col">"Picked up"</th>
                                <th scope="col">"Agreed"</th>
                                <th scope="col">"Terminal-illness clocks met"</th>
                                <th scope="col">"Terminal-illness clocks missed"</th>
                                <th scope="col">"Median working days from hand-off to agreed"</th>
                            </tr></thead>
                            <tbody>
                                {rows.into_iter().map(|r| view! {
                                    <tr>
                                        <th scope="row">{month_label(&r.month)}</th>
                                        <td>{r.started.label()}</td>
                                        <td>{r.handed_off.label()}</td>
                                        <td>{r.picked_up.label()}</td>
                                        <td>{r.agreed.label()}</td>
                                        <td>{r.clocks_met.label()}</td>
                                        <td>{r.clocks_missed.label()}</td>
                                        <td>{r.median_working_days_to_agreed.map_or_else(|| "not enough plans".to_owned(), |m| m.label())}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                </Layout>
            }
        },
    )
}
