//! A topic's history, newest first, and the sparkline of its numbers
//! read through the picked field.

use leptos::prelude::*;

use crate::model::payload_view::sparkline;
use crate::model::topic_tree::HistoryEntry;
use crate::model::value::format_number;
use crate::model::JsonPath;
use crate::web::clock::clock_time;

/// The numbers in a topic's history (through the picked field) as a line.
#[component]
pub(super) fn Sparkline(history: Vec<HistoryEntry>, picked: RwSignal<Option<JsonPath>>) -> impl IntoView {
    const WIDTH: f64 = 240.0;
    const HEIGHT: f64 = 48.0;
    move || {
        let path = picked.get();
        let payloads = history.iter().map(|entry| &entry.preview[..]);
        sparkline(payloads, path.as_ref(), WIDTH, HEIGHT).map(|line| {
            let caption = format!(
                "{} values, from {} to {}, last {}",
                line.count,
                format_number(line.low, None),
                format_number(line.high, None),
                format_number(line.last, None)
            );
            view! {
                <figure class="sparkline">
                    <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") width=WIDTH height=HEIGHT role="img" aria-label=caption.clone()>
                        <polyline points=line.points fill="none" stroke="currentColor" stroke-width="1.5" />
                    </svg>
                    <figcaption class="hint">{caption}</figcaption>
                </figure>
            }
        })
    }
}

/// The topic's history, newest first.
#[component]
pub(super) fn History(history: Vec<HistoryEntry>) -> impl IntoView {
    (!history.is_empty()).then(|| {
        view! {
            <h4>"History (newest first)"</h4>
            <ol class="history">
                {history.into_iter().map(|entry| view! {
                    <li>
                        <time>{clock_time(entry.at_ms)}</time>
                        <span class="badge">"QoS " {entry.qos.as_u8()}</span>
                        {entry.retain.then(|| view! { <span class="badge retained">"retained"</span> })}
                        <span class="history-payload">{entry.text()}</span>
                    </li>
                }).collect_view()}
            </ol>
        }
    })
}
