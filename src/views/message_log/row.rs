//! One row of the message log's window: time to the millisecond,
//! direction, topic, QoS, retained flag, the payload on one line (the
//! whole of it, JSON indented, when expanded) and Copy.

use crate::reactive::handler;
use leptos::prelude::*;

use super::LogWindow;
use crate::model::{Direction, LogEntry};
use crate::state::AppState;
use crate::web::clock::clock_time;

/// The row at `place` of the window. Slots are by position, not by message:
/// under a stream every refresh shows new messages, and an element per
/// message would be built and torn down hundreds of times a second
/// (measured: WebAssembly memory then grew by about 2 MB a minute at 1,000
/// msg/s). A slot stays and shows whichever entry is now at its place.
#[component]
pub(super) fn LogSlot(place: usize, window: LogWindow) -> impl IntoView {
    let state = expect_context::<AppState>();
    let LogWindow { matching, first, shown, expanded } = window;
    let entry = crate::reactive::memo(move || shown.with(|shown| shown.get(place).cloned()));
    let field =
        move |read: fn(&LogEntry) -> String| move || entry.with(|entry| entry.as_ref().map(read).unwrap_or_default());
    let incoming =
        move || entry.with(|entry| entry.as_ref().is_none_or(|entry| entry.direction == Direction::Incoming));
    let retained = move || entry.with(|entry| entry.as_ref().is_some_and(|entry| entry.retain));
    let sequence = move || entry.with(|entry| entry.as_ref().map(|entry| entry.sequence));
    let is_expanded = move || sequence().is_some() && expanded.get() == sequence();
    let toggle = move |_| expanded.set(if is_expanded() { None } else { sequence() });
    let copied = RwSignal::new(None::<u64>);
    let copy = move |_| {
        let Some((text, topic, at)) = entry.with_untracked(|entry| {
            entry.as_ref().map(|entry| (entry.payload_text(), entry.topic.clone(), entry.sequence))
        }) else {
            return;
        };
        leptos::task::spawn_local(async move {
            match crate::web::copy_text(&text).await {
                Ok(()) => copied.set(Some(at)),
                Err(error) => state.notice.set(Some(format!("The payload of {topic} could not be copied: {error}"))),
            }
        });
    };
    let position = move || entry.with(Option::is_some).then(|| (first.get() + place + 1).to_string());
    view! {
        <li class="message" class:expanded=is_expanded hidden=move || entry.with(Option::is_none)
            aria-posinset=position aria-setsize=move || matching.with(Vec::len).to_string()
            data-topic=field(|entry| entry.topic.clone())
            data-direction=move || if incoming() { "in" } else { "out" }
            data-retained=move || retained().to_string() data-qos=field(|entry| entry.qos.to_string())>
            <div class="message-head">
                <span class="topic">{field(|entry| entry.topic.clone())}</span>
                <span class="message-actions">
                    <button type="button" class="secondary" aria-expanded=move || is_expanded().to_string() on:click=handler(toggle)>
                        {move || if is_expanded() { "Collapse" } else { "Expand" }}
                    </button>
                    <button type="button" class="secondary" on:click=handler(copy)>
                        {move || if copied.get().is_some() && copied.get() == sequence() { "Copied" } else { "Copy" }}
                    </button>
                </span>
            </div>
            <div class="message-line">
                <span class="direction" title=move || if incoming() { "received" } else { "sent" }>{move || if incoming() { "↓" } else { "↑" }}</span>
                <time class="message-time">{field(|entry| clock_time(entry.at_ms))}</time>
                <span class="badge">"QoS " {field(|entry| entry.qos.to_string())}</span>
                <span class="badge retained" hidden=move || !retained()>"retained"</span>
            </div>
            <pre class="payload" class:expanded=is_expanded>
                {move || entry.with(|entry| entry.as_ref().map(|entry| if is_expanded() { entry.payload_pretty() } else { entry.payload_text() }))}
            </pre>
        </li>
    }
}
