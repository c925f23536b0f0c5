//! The publish panel's offline queue, shown: every message from the page
//! that waits for its connection, with its topic, QoS and payload, each
//! with a Cancel button that takes it out before it can be sent. Controls
//! never queue (see `widgets::command`); only this panel does, visibly.

use crate::reactive::handler;
use leptos::prelude::*;

use crate::client::Connections;
use crate::model::counted;
use crate::state::{AppState, QueuedMessage};

/// The waiting messages of every connection; nothing when none waits.
#[component]
pub fn PublishQueue() -> impl IntoView {
    let state = expect_context::<AppState>();
    let connections = expect_context::<Connections>();
    let waiting = move || {
        state.connections.with(|views| {
            views
                .iter()
                .flat_map(|view| {
                    let (id, name) = view.profile.with(|profile| (profile.id.clone(), profile.name.clone()));
                    let queued = view.status.with(|status| status.queued.clone());
                    queued.into_iter().map(move |message| (id.clone(), name.clone(), message))
                })
                .collect::<Vec<_>>()
        })
    };
    let row = move |(connection, name, message): (String, String, QueuedMessage)| {
        let QueuedMessage { id, topic, qos, preview } = message;
        let cancel_label = format!("Cancel the message to {topic}");
        view! {
            <li class="queued-message" data-queued-id=id>
                <span class="queued-topic">{topic}</span>
                <span class="queued-meta">{format!("QoS {qos} · {name}")}</span>
                <code class="queued-payload">{preview}</code>
                <button type="button" aria-label=cancel_label
                    on:click=handler(move |_| { connections.cancel_queued(&connection, id); })>"Cancel"</button>
            </li>
        }
    };
    let has_waiting = crate::reactive::memo(move || !waiting().is_empty());
    view! {
        {move || has_waiting.get().then(|| view! {
            <section class="publish-queue" aria-labelledby="publish-queue-title">
                <h3 id="publish-queue-title">{move || {
                    let count = waiting().len();
                    format!("{} for the connection", counted(count, "message waits", "messages wait"))
                }}</h3>
                <p class="hint">"They go out in this order when the connection is back, unless cancelled."</p>
                <ul>{move || waiting().into_iter().map(row).collect_view()}</ul>
            </section>
        })}
    }
}
