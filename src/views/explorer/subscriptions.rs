//! The connection's own subscriptions: add (filters checked as typed, a
//! warning for `#` and `$SYS/#`) and remove.

use crate::reactive::handler;
use leptos::prelude::*;
use mqtt::topic::validate_topic_filter;

use crate::client::Connections;
use crate::model::{Qos, SubscriptionSpec};
use crate::state::AppState;

/// The connection's own subscriptions: add (with a warning for `#`), remove.
#[component]
pub(super) fn Subscriptions(connection: RwSignal<String>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let connections = expect_context::<Connections>();
    let filter = RwSignal::new(String::new());
    let qos = RwSignal::new(Qos::AtMostOnce);
    let filters = move || {
        state
            .connection(&connection.get())
            .map(|view| view.profile.with(|profile| profile.subscriptions.clone()))
            .unwrap_or_default()
    };
    let problem = move || {
        let text = filter.get();
        (!text.is_empty()).then(|| validate_topic_filter(&text).err().map(|error| error.to_string())).flatten()
    };
    let heavy = move || {
        let text = filter.get();
        (text == "#" || text == "$SYS/#" || text.starts_with("+/#")).then_some(
            "A filter this wide receives every message the broker routes; on a busy broker that can be thousands a second. \
             The explorer keeps up (it batches per frame and keeps at most 50,000 topics), but the network and battery pay for it.",
        )
    };
    let change_profile = move |change: &dyn Fn(&mut Vec<SubscriptionSpec>)| {
        if let Some(view) = state.connection(&connection.get_untracked()) {
            view.profile.update(|profile| change(&mut profile.subscriptions));
            state.settings_changed();
        }
    };
    let subscribe = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let text = filter.get_untracked().trim().to_owned();
        if text.is_empty() || validate_topic_filter(&text).is_err() {
            return;
        }
        let spec = SubscriptionSpec { filter: text.clone(), qos: qos.get_untracked() };
        change_profile(&|subscriptions| {
            subscriptions.retain(|existing| existing.filter != spec.filter);
            subscriptions.push(spec.clone());
        });
        let _ = connections.add_subscription(&connection.get_untracked(), spec);
        filter.set(String::new());
    };
    view! {
        <details class="subscriptions">
            <summary>{move || format!("Subscriptions ({})", filters().len())}</summary>
            <ul class="subscription-list">
                {move || filters().into_iter().map(|spec| {
                    let removed = spec.filter.clone();
                    view! {
                        <li data-filter=spec.filter.clone()>
                            <code>{spec.filter.clone()}</code> <span class="badge">"QoS " {spec.qos.as_u8()}</span>
                            <button type="button" aria-label=format!("Unsubscribe {}", spec.filter) on:click=handler(move |_| {
                                change_profile(&|subscriptions| subscriptions.retain(|existing| existing.filter != removed));
                                let _ = connections.remove_subscription(&connection.get_untracked(), &removed);
                            })>"Unsubscribe"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <form class="subscribe-form" on:submit=handler(subscribe)>
                <label>"Subscribe to filter"
                    <input type="text" bind:value=filter placeholder="home/# or $SYS/#" spellcheck="false" autocomplete="off"
                        aria-invalid=move || problem().is_some().to_string() />
                </label>
                <label>"Subscription QoS"
                    <select on:change=handler(move |event| { if let Some(level) = Qos::parse_level(&event_target_value(&event)) { qos.set(level) } }) prop:value=move || qos.get().to_string()>
                        <option value="0">"0"</option><option value="1">"1"</option><option value="2">"2"</option>
                    </select>
                </label>
                <button type="submit" disabled=move || filter.get().trim().is_empty() || problem().is_some()>"Subscribe"</button>
            </form>
            {move || problem().map(|problem| view! { <p class="field-error" role="alert">{problem}</p> })}
            {move || heavy().map(|note| view! { <p class="hint warn">{note}</p> })}
        </details>
    }
}
