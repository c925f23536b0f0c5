//! The message log view: the newest messages in and out, payloads always as
//! text (never markup), with the time to the millisecond, direction, topic,
//! QoS and retained flag; each payload can be expanded (JSON indented) and
//! copied; a filter by connection, topic pattern and text; pause and
//! resume; clear; and export as JSON Lines of every message held that
//! matches the filter, not only the rows on show. Under load the rows are rebuilt at most
//! [`ROWS_PER_SECOND`] times a second (nobody reads faster), while the
//! message count follows every animation frame.

use leptos::prelude::*;

use crate::model::log::to_json_line;
use crate::model::{Direction, LogEntry, LogFilter};
use crate::state::AppState;
use crate::web::clock::clock_time;

/// How many log entries the page shows.
const SHOWN: usize = 100;
/// How often the rows may be rebuilt.
const ROWS_PER_SECOND: f64 = 4.0;

/// The log of messages.
#[component]
pub fn MessageLogView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let entries = RwSignal::new(Vec::<LogEntry>::new());
    // The rows are rebuilt only when their number changes (see `LogSlot`).
    let row_count = crate::reactive::memo(move || entries.with(Vec::len));
    // The message whose payload is expanded, by its sequence number (rows move).
    let expanded = RwSignal::new(None::<u64>);
    let log_empty = crate::reactive::memo(move || state.log.with(|log| log.is_empty()));
    let connection = RwSignal::new(String::new());
    let pattern = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let filter = crate::reactive::memo(move || {
        let connection = Some(connection.get()).filter(|id| !id.is_empty());
        LogFilter::new(connection, &pattern.get(), &text.get())
    });
    // While paused the rows stand still; the count says how many arrived since.
    let paused_at = RwSignal::new(None::<u64>);
    let refresh = move || {
        let Ok(filter) = filter.get_untracked() else { return };
        entries.set(state.log.with_untracked(|log| log.newest_matching(&filter, SHOWN).cloned().collect()));
    };
    let refresh_throttled = super::throttle::throttled(ROWS_PER_SECOND, refresh);
    crate::reactive::effect(move || {
        state.log.track();
        filter.track();
        if paused_at.get().is_some() {
            return;
        }
        refresh_throttled();
    });
    let toggle_pause = move |_| {
        let total = state.log.with_untracked(|log| log.received_total + log.sent_total);
        paused_at.update(|paused| *paused = if paused.is_some() { None } else { Some(total) });
    };
    let since_pause =
        move || paused_at.get().map(|at| state.log.with(|log| log.received_total + log.sent_total).saturating_sub(at));
    let clear = move |_| {
        state.log.update(|log| log.clear());
        entries.set(Vec::new());
    };
    // Every message held that matches the filter, not only the rows on show.
    let export = move |_| {
        let Ok(filter) = filter.get_untracked() else {
            return state.notice.set(Some("The filter pattern is not valid; fix it to export.".into()));
        };
        let origin = crate::web::clock::wall_origin_ms();
        let lines: String = state.log.with_untracked(|log| {
            let held: Vec<&LogEntry> = log.newest_matching(&filter, usize::MAX).collect();
            // Oldest first, as a log file reads.
            held.into_iter().rev().map(|entry| to_json_line(entry, origin) + "\n").collect()
        });
        if let Err(error) = crate::web::download("mqtt-deck-messages.jsonl", &lines) {
            state.notice.set(Some(format!("The export failed: {error}")));
        }
    };
    let connections = move || state.connection_choices();
    let received = move || state.log.with(|log| log.received_total);
    view! {
        <section class="panel log" aria-labelledby="log-title">
            <h2 id="log-title">"Messages " <span class="count" data-received-count=received>{received}</span></h2>
            <div class="log-controls">
                <label>"Messages from"
                    <select on:change=move |event| connection.set(event_target_value(&event)) prop:value=move || connection.get()>
                        <option value="">"All connections"</option>
                        {move || connections().into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                    </select>
                </label>
                <label>"Filter pattern" <input type="text" bind:value=pattern placeholder="home/# (+ and # allowed)" spellcheck="false" autocomplete="off" /></label>
                <label>"Search" <input type="search" bind:value=text placeholder="text in topic or payload" spellcheck="false" /></label>
                <div class="log-actions">
                    <button type="button" aria-pressed=move || paused_at.get().is_some().to_string() on:click=toggle_pause>
                        {move || if paused_at.get().is_some() { "Resume" } else { "Pause" }}
                    </button>
                    <button type="button" on:click=clear>"Clear"</button>
                    <button type="button" on:click=export>"Export JSON Lines"</button>
                </div>
            </div>
            {move || filter.get().err().map(|problem| view! { <p class="field-error" role="alert">{problem.to_string()}</p> })}
            {move || since_pause().map(|count| view! { <p class="hint" role="status">{format!("Paused: {count} new messages since.")}</p> })}
            {move || log_empty.get().then(|| view! {
                <p class="empty">"No messages yet. Publish to a subscribed topic and it shows up here."</p>
            })}
            <ol class="messages">
                {move || (0..row_count.get()).map(|position| view! { <LogSlot position entries expanded /> }).collect_view()}
            </ol>
        </section>
    }
}

/// The row at `position` of the rows on show. Rows are by position, not
/// by message: under a stream every refresh shows new messages, and a row
/// per message would be built and torn down hundreds of times a second
/// (measured: WebAssembly memory then grew by about 2 MB a minute at 1,000
/// msg/s). A row stays and shows whichever entry is now at its place.
#[component]
fn LogSlot(position: usize, entries: RwSignal<Vec<LogEntry>>, expanded: RwSignal<Option<u64>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let entry = crate::reactive::memo(move || entries.with(|entries| entries.get(position).cloned()));
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
    view! {
        <li class="message" data-topic=field(|entry| entry.topic.clone())
            data-direction=move || if incoming() { "in" } else { "out" }
            data-retained=move || retained().to_string() data-qos=field(|entry| entry.qos.to_string())>
            <div class="message-head">
                <span class="direction" title=move || if incoming() { "received" } else { "sent" }>{move || if incoming() { "↓" } else { "↑" }}</span>
                <time class="message-time">{field(|entry| clock_time(entry.at_ms))}</time>
                <span class="topic">{field(|entry| entry.topic.clone())}</span>
                <span class="badge">"QoS " {field(|entry| entry.qos.to_string())}</span>
                <span class="badge retained" hidden=move || !retained()>"retained"</span>
                <span class="message-actions">
                    <button type="button" class="secondary" aria-expanded=move || is_expanded().to_string() on:click=toggle>
                        {move || if is_expanded() { "Collapse" } else { "Expand" }}
                    </button>
                    <button type="button" class="secondary" on:click=copy>
                        {move || if copied.get().is_some() && copied.get() == sequence() { "Copied" } else { "Copy" }}
                    </button>
                </span>
            </div>
            <pre class="payload" class:expanded=is_expanded>
                {move || entry.with(|entry| entry.as_ref().map(|entry| if is_expanded() { entry.payload_pretty() } else { entry.payload_text() }))}
            </pre>
        </li>
    }
}
