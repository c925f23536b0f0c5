//! The connection bar: each connection's name and state, always visible,
//! with the reason for a failure, the countdown to the next attempt, the
//! number of publishes waiting, and a connect or disconnect button.

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
    view! {
        <div class="connections">
            <For each=move || state.connections.get() key=|view| view.profile.with_untracked(|profile| profile.id.clone()) let:view>
                <ConnectionChip view clock />
            </For>
        </div>
    }
}

#[component]
fn ConnectionChip(view: ConnectionView, clock: RwSignal<f64>) -> impl IntoView {
    let connections = expect_context::<Connections>();
    let id = view.profile.with_untracked(|profile| profile.id.clone());
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
    let queued = move || view.status.with(|status| status.queued);
    let button_id = id.clone();
    let toggle = move |_| match link_state() {
        LinkState::Connected | LinkState::Connecting => connections.disconnect(&button_id),
        _ => connections.reconnect(&button_id),
    };
    let button_label = move || match link_state() {
        LinkState::Connected | LinkState::Connecting => "Disconnect",
        LinkState::Reconnecting => "Retry now",
        _ => "Connect",
    };
    view! {
        <div class="connection" data-connection-id=id.clone() data-connection-state=move || link_state().as_str()>
            <span class="dot" aria-hidden="true"></span>
            <span class="connection-name">{name}</span>
            <span class="connection-state" role="status" aria-live="polite">{label}</span>
            <Show when=move || { queued() > 0 }>
                <span class="queued" data-queued=queued>{move || format!("{} waiting", queued())}</span>
            </Show>
            <span class="connection-detail">{detail}</span>
            <button type="button" class="secondary" on:click=toggle aria-label=move || format!("{} {}", button_label(), name())>
                {button_label}
            </button>
        </div>
    }
}
