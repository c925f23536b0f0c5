//! The connection chips in the header: each connection's name and a dot for
//! its state, always visible (in kiosk mode too). Tapping a chip opens its
//! details: the state in words, the reason for a failure, the countdown to
//! the next attempt, the publishes waiting, Connect or Retry now, and a
//! link to the Connections screen. Disconnecting, which a stray tap should
//! never do, lives there behind a confirmation.

use crate::reactive::handler;
use std::time::Duration;

use leptos::prelude::*;

use crate::client::Connections;
use crate::state::{AppState, ConnectionView, LinkState};
use crate::web::clock::now_ms;

/// Every connection's status chip.
#[component]
pub fn ConnectionBar() -> impl IntoView {
    let state = expect_context::<AppState>();
    // A clock for the reconnect countdown.
    let clock = RwSignal::new(now_ms());
    if let Ok(ticker) = set_interval_with_handle(move || clock.set(now_ms()), Duration::from_millis(500)) {
        on_cleanup(move || ticker.clear());
    }
    // One chip's details open at a time.
    let open = RwSignal::new(None::<String>);
    view! {
        <div class="connections" role="group" aria-label="Connection status">
            // Rebuilt only when a connection is added or removed: a plain list,
            // not a keyed one (each keyed list costs the bundle about 5 KB).
            {move || state.connections.get().into_iter().map(|view| view! { <ConnectionChip view clock open /> }).collect_view()}
        </div>
    }
}

#[component]
fn ConnectionChip(view: ConnectionView, clock: RwSignal<f64>, open: RwSignal<Option<String>>) -> impl IntoView {
    let connections = expect_context::<Connections>();
    let id = StoredValue::new(view.profile.with_untracked(|profile| profile.id.clone()));
    let name = move || view.profile.with(|profile| profile.name.clone());
    let link_state = move || view.status.with(|status| status.state);
    let label = move || {
        let status = view.status.get();
        match (status.state, status.retry_at_ms) {
            (LinkState::Reconnecting, Some(at)) => {
                let seconds = ((at - clock.get()) / 1000.0).ceil().max(0.0) as u64;
                format!("reconnecting in {seconds} s")
            }
            (state, _) => state.as_str().to_owned(),
        }
    };
    let detail = move || view.status.with(|status| status.detail.clone());
    let queued = move || view.status.with(|status| status.queued.len());
    let expanded = move || open.with(|open| open.as_deref() == Some(id.get_value().as_str()));
    let toggle = move |_| open.update(|open| *open = if expanded() { None } else { Some(id.get_value()) });
    // Only what cannot hurt: connect when down, retry now when waiting.
    let action = move || match link_state() {
        LinkState::Connected | LinkState::Connecting => None,
        LinkState::Reconnecting => Some("Retry now"),
        LinkState::Disconnected | LinkState::Failed => Some("Connect"),
    };
    let details_id = format!("connection-details-{}", id.get_value());
    view! {
        <div class="connection" data-connection-id=id.get_value() data-connection-state=move || link_state().as_str()>
            <button type="button" class="chip" aria-expanded=move || expanded().to_string() aria-controls=details_id.clone()
                aria-label=move || format!("{}: {}", name(), label()) on:click=handler(toggle)>
                <span class="dot" aria-hidden="true"></span>
                <span class="connection-name">{name}</span>
                {move || (queued() > 0).then(|| view! {
                    <span class="queued" data-queued=queued>{move || format!("{} waiting", queued())}</span>
                })}
            </button>
            <div class="chip-details" id=details_id hidden=move || !expanded()>
                <p><strong>{name}</strong>" "<span class="connection-state" role="status" aria-live="polite">{label}</span></p>
                <p class="connection-detail">{detail}</p>
                <div class="actions">
                    {move || action().map(|text| view! {
                        <button type="button" class="primary" on:click=handler(move |_| {
                            connections.reconnect(&id.get_value());
                            open.set(None);
                        })>{text}</button>
                    })}
                    <a class="button-like" href="#/connections" on:click=handler(move |_| open.set(None))>"Manage connections"</a>
                </div>
            </div>
        </div>
    }
}
