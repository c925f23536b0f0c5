//! The message log view: the newest messages in and out, payloads always as
//! text (never markup), with the time to the millisecond, direction, topic,
//! QoS and retained flag; each payload can be expanded (JSON indented) and
//! copied; a filter by connection, topic pattern and text; pause and
//! resume; clear; and export as JSON Lines of every message held that
//! matches the filter, not only the rows on show.
//!
//! The list is virtualised: it scrolls through every message held (up to
//! [`crate::state::LOG_CAPACITY`]) while only the rows in view, and a few
//! beyond, exist as elements. Under load the list is refreshed at most
//! [`ROWS_PER_SECOND`] times a second (nobody reads faster), while the
//! message count follows every animation frame. Scrolled down, the rows
//! being read stay put as new messages arrive above them.

mod row;

use crate::reactive::handler;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::model::list_window::RowGeometry;
use crate::model::log::to_json_line;
use crate::model::{LogEntry, LogFilter};
use crate::state::AppState;

/// How often the rows may be rebuilt.
const ROWS_PER_SECOND: f64 = 4.0;
/// The rows' geometry; `.message` and `.message.expanded` in the style
/// sheet have these heights (a pitch less the gap between rows).
const ROWS: RowGeometry = RowGeometry { pitch_px: 108.0, expanded_extra_px: 320.0, overscan: 4 };
/// Row elements: enough for the tallest viewport the style sheet allows
/// (48rem) and the overscan on both sides.
const SLOTS: usize = 24;
/// The viewport's height until it is first measured.
const FIRST_VIEWPORT_PX: f64 = 768.0;

/// What the rows read: how many messages match, the index of the first
/// row on show and those rows' entries (copied out of the log, only these),
/// and the expanded one.
#[derive(Clone, Copy)]
struct LogWindow {
    matching: RwSignal<Vec<u64>>,
    first: Memo<usize>,
    shown: RwSignal<Vec<LogEntry>>,
    expanded: RwSignal<Option<u64>>,
}

/// The log of messages.
#[component]
pub fn MessageLogView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let matching = RwSignal::new(Vec::<u64>::new());
    // The message whose payload is expanded, by its sequence number (rows move).
    let expanded = RwSignal::new(None::<u64>);
    let scroll_top = RwSignal::new(0.0_f64);
    let viewport_px = RwSignal::new(FIRST_VIEWPORT_PX);
    let expanded_index = move || {
        let sequence = expanded.get()?;
        // Newest first: the sequence numbers fall.
        matching.with(|matching| matching.binary_search_by(|probe| sequence.cmp(probe)).ok())
    };
    let visible = move || ROWS.visible(matching.with(Vec::len), scroll_top.get(), viewport_px.get(), expanded_index());
    let (first, end) = (crate::reactive::memo(move || visible().0), crate::reactive::memo(move || visible().1));
    // One signal the rows read, set once per change of the list or the
    // scroll: rows that each combined the list and the window positions
    // were seen to miss the last change now and then.
    let shown = RwSignal::new(Vec::<LogEntry>::new());
    crate::reactive::effect(move || {
        let (first, end) = (first.get(), end.get());
        let entries = matching.with(|matching| {
            let sequences = matching.get(first..end).unwrap_or_default();
            state.log.with_untracked(|log| {
                sequences.iter().filter_map(|sequence| log.by_sequence(*sequence).cloned()).collect()
            })
        });
        shown.set(entries);
    });
    let window = LogWindow { matching, first, shown, expanded };
    let on_scroll = move |event: leptos::ev::Event| {
        if let Some(element) = event.target().and_then(|target| target.dyn_into::<web_sys::Element>().ok()) {
            viewport_px.set(f64::from(element.client_height()));
            scroll_top.set(f64::from(element.scroll_top()));
        }
    };
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
        let next = state.log.with_untracked(|log| log.matching_sequences(&filter));
        // Scrolled down, the rows being read keep their place: the scroll
        // moves down by the rows that arrived above them.
        let newest_before = matching.with_untracked(|matching| matching.first().copied());
        let arrived = newest_before.map_or(0, |newest| next.partition_point(|sequence| *sequence > newest));
        matching.set(next);
        if arrived > 0 && scroll_top.get_untracked() > 0.0 {
            let viewport = web_sys::window()
                .and_then(|window| window.document())
                .and_then(|document| document.query_selector(".messages-viewport").ok().flatten());
            if let Some(element) = viewport {
                element.set_scroll_top((scroll_top.get_untracked() + arrived as f64 * ROWS.pitch_px) as i32);
            }
        }
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
        matching.set(Vec::new());
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
                    <select on:change=handler(move |event| connection.set(event_target_value(&event))) prop:value=move || connection.get()>
                        <option value="">"All connections"</option>
                        {move || connections().into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                    </select>
                </label>
                <label>"Filter pattern" <input type="text" bind:value=pattern placeholder="home/# (+ and # allowed)" spellcheck="false" autocomplete="off" /></label>
                <label>"Search" <input type="search" bind:value=text placeholder="text in topic or payload" spellcheck="false" /></label>
                <div class="log-actions">
                    <button type="button" aria-pressed=move || paused_at.get().is_some().to_string() on:click=handler(toggle_pause)>
                        {move || if paused_at.get().is_some() { "Resume" } else { "Pause" }}
                    </button>
                    <button type="button" on:click=handler(clear)>"Clear"</button>
                    <button type="button" on:click=handler(export)>"Export JSON Lines"</button>
                </div>
            </div>
            {move || filter.get().err().map(|problem| view! { <p class="field-error" role="alert">{problem.to_string()}</p> })}
            {move || since_pause().map(|count| view! { <p class="hint" role="status">{format!("Paused: {count} new messages since.")}</p> })}
            {move || log_empty.get().then(|| view! {
                <p class="empty">"No messages yet. Publish to a subscribed topic and it shows up here."</p>
            })}
            <div class="messages-viewport" on:scroll=handler(on_scroll) hidden=move || matching.with(Vec::is_empty)>
                <div class="messages-space" style=move || format!("height: {}px", ROWS.height_of(matching.with(Vec::len), expanded_index()))>
                    <ol class="messages" aria-label="Messages, newest first"
                        style=move || format!("transform: translateY({}px)", ROWS.top_of(first.get(), expanded_index()))>
                        {(0..SLOTS).map(|place| view! { <row::LogSlot place window /> }).collect_view()}
                    </ol>
                </div>
            </div>
        </section>
    }
}
