//! The message log view: the newest messages in and out, payloads always as
//! text (never markup), with topic, QoS and retained flag.

use leptos::prelude::*;

use crate::model::{Direction, LogEntry};
use crate::state::AppState;

/// How many log entries the page shows.
const SHOWN: usize = 100;

/// The log of messages.
#[component]
pub fn MessageLogView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let entries = move || state.log.with(|log| log.newest(SHOWN).cloned().collect::<Vec<LogEntry>>());
    let received = move || state.log.with(|log| log.received_total);
    view! {
        <section class="panel log" aria-labelledby="log-title">
            <h2 id="log-title">"Messages " <span class="count" data-received-count=received>{received}</span></h2>
            <Show when=move || state.log.with(|log| log.is_empty())>
                <p class="empty">"No messages yet. Publish to a subscribed topic and it shows up here."</p>
            </Show>
            <ol class="messages">
                <For each=entries key=|entry| entry.sequence let:entry>
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
