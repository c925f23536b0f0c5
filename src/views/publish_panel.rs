//! The publish panel: topic (checked as you type), payload, QoS and retain,
//! sent on the chosen connection.

use leptos::prelude::*;
use mqtt::topic::validate_topic_name;
use mqtt::QoS;

use crate::client::{self, PublishRequest};
use crate::state::AppState;

/// A form that publishes one message.
#[component]
pub fn PublishPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let topic = RwSignal::new(String::new());
    let payload = RwSignal::new(String::new());
    let qos = RwSignal::new(0u8);
    let retain = RwSignal::new(false);
    let chosen_connection = RwSignal::new(String::new());
    let result = RwSignal::new(None::<Result<String, String>>);

    let topic_error = move || {
        let topic = topic.get();
        (!topic.is_empty()).then(|| validate_topic_name(&topic).err().map(|error| error.to_string())).flatten()
    };
    let connection_id = move || {
        let chosen = chosen_connection.get();
        if chosen.is_empty() {
            state.connections.with(|views| views.first().map(|view| view.profile.with(|profile| profile.id.clone())))
        } else {
            Some(chosen)
        }
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(connection) = connection_id() else {
            result.set(Some(Err("there is no connection to publish on".into())));
            return;
        };
        let topic_text = topic.get_untracked();
        if let Err(error) = validate_topic_name(&topic_text) {
            result.set(Some(Err(format!("topic: {error}"))));
            return;
        }
        let request = PublishRequest {
            topic: topic_text.clone(),
            payload: payload.get_untracked().into_bytes(),
            qos: QoS::from_number(qos.get_untracked()).unwrap_or_default(),
            retain: retain.get_untracked(),
        };
        result.set(Some(client::publish(&connection, request).map(|()| format!("published to {topic_text}"))));
    };

    view! {
        <section class="panel publish" aria-labelledby="publish-title">
            <h2 id="publish-title">"Publish"</h2>
            <form on:submit=submit>
                <Show when=move || state.connections.with(|views| views.len() > 1)>
                    <label>
                        "Connection"
                        <select on:change=move |event| chosen_connection.set(event_target_value(&event))>
                            <For each=move || state.connections.get() key=|view| view.profile.with_untracked(|profile| profile.id.clone()) let:view>
                                <option value=view.profile.with_untracked(|profile| profile.id.clone())>
                                    {move || view.profile.with(|profile| profile.name.clone())}
                                </option>
                            </For>
                        </select>
                    </label>
                </Show>
                <label>
                    "Topic"
                    <input type="text" name="topic" required autocomplete="off" spellcheck="false" placeholder="home/lamp/set"
                        bind:value=topic aria-invalid=move || topic_error().is_some().to_string() />
                </label>
                {move || topic_error().map(|error| view! { <p class="field-error" role="alert">{error}</p> })}
                <label>
                    "Payload"
                    <textarea name="payload" rows="3" spellcheck="false" bind:value=payload></textarea>
                </label>
                <div class="row">
                    <label>
                        "QoS"
                        <select name="qos" on:change=move |event| qos.set(event_target_value(&event).parse().unwrap_or(0))>
                            <option value="0">"0 · at most once"</option>
                            <option value="1">"1 · at least once"</option>
                            <option value="2">"2 · exactly once"</option>
                        </select>
                    </label>
                    <label class="checkbox">
                        <input type="checkbox" name="retain" bind:checked=retain />
                        "Retain"
                    </label>
                </div>
                <button type="submit" class="primary" aria-label="Publish message">"Publish"</button>
                {move || result.get().map(|outcome| match outcome {
                    Ok(text) => view! { <p class="result ok" role="status">{text}</p> }.into_any(),
                    Err(text) => view! { <p class="result error" role="alert">{text}</p> }.into_any(),
                })}
            </form>
        </section>
    }
}
