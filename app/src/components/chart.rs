//! The wellbeing chart: the carer's own ratings as bars, with the same
//! figures in a table.

use crate::domain::plan::{ImpactLevel, Plan, RecordKey, YesNo};
use leptos::prelude::*;

/// The carer's own ratings as a bar chart (SVG) with the same figures in a
/// table, so no one depends on seeing the picture.
#[component]
pub fn WellbeingChart(
    /// The carer's plan, with their ratings.
    plan: Plan,
    /// The framework whose wellbeing areas are charted, in its order.
    framework: crate::framework::Shared,
) -> impl IntoView {
    let rows: Vec<(String, Option<ImpactLevel>, bool)> = framework
        .areas
        .iter()
        .map(|a| {
            let skipped = plan.record(&RecordKey::Area(a.id.clone())).and_then(|r| r.answer::<YesNo>("skip")) == Some(YesNo::Yes);
            (a.title.clone(), plan.rating(&a.id), skipped)
        })
        .collect();
    let (label_w, bar_w, row_h) = (150.0_f64, 180.0_f64, 34.0_f64);
    let height = row_h * rows.len() as f64 + 24.0;
    let summary = rows
        .iter()
        .map(|(title, level, skipped)| match (level, skipped) {
            (_, true) => format!("{title}: skipped"),
            (Some(l), _) => format!("{title}: {}", l.label().to_lowercase()),
            (None, _) => format!("{title}: not rated"),
        })
        .collect::<Vec<_>>()
        .join("; ");
    let table_rows = rows.clone();
    view! {
        <figure class="chart">
            <svg class="chart__svg" viewBox=format!("0 0 {} {height}", label_w + bar_w + 10.0) role="img"
                aria-labelledby="chart-title" aria-describedby="chart-desc" width="100%">
                <title id="chart-title">"How much caring affects each part of your life"</title>
                <desc id="chart-desc">{summary}</desc>
                {ImpactLevel::ALL.iter().map(|l| {
                    let x = label_w + bar_w * (l.index() as f64 + 1.0) / 5.0;
                    view! { <line x1=x.to_string() x2=x.to_string() y1="0" y2=(height - 20.0).to_string() class="chart__grid" /> }
                }).collect_view()}
                {rows.into_iter().enumerate().map(|(i, (title, level, skipped))| {
                    let y = i as f64 * row_h;
                    let width = level.map_or(0.0, |l| bar_w * (l.index() as f64 + 1.0) / 5.0);
                    let class = format!("chart__bar chart__bar--{}", level.map_or("none", |l| l.as_str()));
                    let note = if skipped { "skipped" } else if level.is_none() { "not rated" } else { "" };
                    view! {
                        <text x=(label_w - 6.0).to_string() y=(y + 21.0).to_string() text-anchor="end" class="chart__label">{title}</text>
                        <rect x=label_w.to_string() y=(y + 6.0).to_string() width=width.to_string() height=(row_h - 12.0).to_string() class=class />
                        <text x=(label_w + 6.0).to_string() y=(y + 21.0).to_string() class="chart__note">{note}</text>
                    }
                }).collect_view()}
                {ImpactLevel::ALL.iter().map(|l| {
                    let x = label_w + bar_w * (l.index() as f64 + 0.5) / 5.0;
                    let short = match l { ImpactLevel::None => "None", ImpactLevel::Low => "Low", ImpactLevel::Moderate => "Mod.", ImpactLevel::Substantial => "Subst.", ImpactLevel::Critical => "Crit." };
                    view! { <text x=x.to_string() y=(height - 6.0).to_string() text-anchor="middle" class="chart__axis">{short}</text> }
                }).collect_view()}
            </svg>
            <figcaption class="visually-hidden">"The same ratings are in the table below."</figcaption>
        </figure>
        <table class="table">
            <caption class="table__caption">"Your own rating of the impact of caring"</caption>
            <thead><tr><th scope="col">"Part of your life"</th><th scope="col">"Impact of caring"</th></tr></thead>
            <tbody>
                {table_rows.into_iter().map(|(title, level, skipped)| {
                    let text = match (level, skipped) {
                        (_, true) => "Skipped".to_owned(),
                        (Some(l), _) => l.label().to_owned(),
                        (None, _) => "Not rated yet".to_owned(),
                    };
                    view! { <tr><th scope="row">{title}</th><td>{text}</td></tr> }
                }).collect_view()}
            </tbody>
        </table>
    }
}
