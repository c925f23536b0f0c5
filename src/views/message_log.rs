//! The message log view: the newest messages in and out, payloads always as
//! text (never markup), with topic, QoS and retained flag. Under load the
//! rows are rebuilt at most [`ROWS_PER_SECOND`] times a second (nobody reads
//! faster), while the message count follows every animation frame.

use std::cell::Cell;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use leptos::prelude::*;

use crate::model::{Direction, LogEntry};
use crate::state::AppState;

/// How many log entries the page shows.
const SHOWN: usize = 100;
/// How often the rows may be rebuilt.
const ROWS_PER_SECOND: f64 = 4.0;

/// The log of messages.
#[component]
pub fn MessageLogView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let entries = RwSignal::new(Vec::<LogEntry>::new());
    let refresh = move || entries.set(state.log.with_untracked(|log| log.newest(SHOWN).cloned().collect()));
    let last_refresh_ms = Rc::new(Cell::new(f64::NEG_INFINITY));
    let refresh_scheduled = Rc::new(Cell::new(false));
    Effect::new(move |_| {
        state.log.track();
        let now = crate::client::now_ms();
        let wait = last_refresh_ms.get() + 1000.0 / ROWS_PER_SECOND - now;
        if wait <= 0.0 {
            last_refresh_ms.set(now);
            refresh();
        } else if !refresh_scheduled.replace(true) {
            let last_refresh_ms = last_refresh_ms.clone();
            let refresh_scheduled = refresh_scheduled.clone();
            // Runs once; if the view is gone by then, setting its signal does nothing.
            Timeout::new(wait.ceil() as u32, move || {
                refresh_scheduled.set(false);
                last_refresh_ms.set(crate::client::now_ms());
                refresh();
            })
            .forget();
        }
    });
    let received = move || state.log.with(|log| log.received_total);
    view! {
        <section class="panel log" aria-labelledby="log-title">
            <h2 id="log-title">"Messages " <span class="count" data-received-count=received>{received}</span></h2>
            <Show when=move || state.log.with(|log| log.is_empty())>
                <p class="empty">"No messages yet. Publish to a subscribed topic and it shows up here."</p>
            </Show>
            <ol class="messages">
                <For each=move || entries.get() key=|entry| entry.sequence let:entry>
                    <LogRow entry />
                </For>
            </ol>
        </section>
    }
}

#[component]
fn LogRow(entry: LogEntry) -> impl IntoView {
    let direction = match entry.direction {
        Direction::Incoming => "in",
        Direction::Outgoing => "out",
    };
    let payload = entry.payload_text();
    view! {
        <li class="message" data-topic=entry.topic.clone() data-direction=direction data-retained=entry.retain.to_string() data-qos=entry.qos>
            <div class="message-head">
                <span class="direction" title=if direction == "in" { "received" } else { "sent" }>{if direction == "in" { "↓" } else { "↑" }}</span>
                <span class="topic">{entry.topic.clone()}</span>
                <span class="badge">"QoS " {entry.qos}</span>
                {entry.retain.then(|| view! { <span class="badge retained">"retained"</span> })}
            </div>
            <pre class="payload">{payload}</pre>
        </li>
    }
}
