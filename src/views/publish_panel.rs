//! The publish panel: topic (checked as you type: no wildcards), payload as
//! text, JSON (checked) or hex, QoS and retain, the MQTT 5.0 properties, and
//! the broker's answer to each publish (PUBACK or PUBCOMP reason code, or an
//! error). A publish can be saved under a name as a one-tap button; saved
//! messages are stored with the dashboards and exported with them.

use crate::reactive::handler;
use leptos::prelude::*;
use mqtt::topic::validate_topic_name;

use crate::client::Connections;
use crate::model::publish::{parse_user_properties, PayloadFormat, SavedMessage};
use crate::model::Qos;
use crate::state::{AppState, PublishOutcome};

/// The form's fields, as typed.
#[derive(Clone, Copy)]
struct Draft {
    connection: RwSignal<String>,
    topic: RwSignal<String>,
    payload: RwSignal<String>,
    format: RwSignal<PayloadFormat>,
    qos: RwSignal<Qos>,
    retain: RwSignal<bool>,
    content_type: RwSignal<String>,
    utf8_payload: RwSignal<bool>,
    response_topic: RwSignal<String>,
    correlation_data: RwSignal<String>,
    user_properties: RwSignal<String>,
    message_expiry: RwSignal<String>,
}

impl Draft {
    fn new() -> Self {
        Draft {
            connection: RwSignal::new(String::new()),
            topic: RwSignal::new(String::new()),
            payload: RwSignal::new(String::new()),
            format: RwSignal::new(PayloadFormat::Text),
            qos: RwSignal::new(Qos::AtMostOnce),
            retain: RwSignal::new(false),
            content_type: RwSignal::new(String::new()),
            utf8_payload: RwSignal::new(false),
            response_topic: RwSignal::new(String::new()),
            correlation_data: RwSignal::new(String::new()),
            user_properties: RwSignal::new(String::new()),
            message_expiry: RwSignal::new(String::new()),
        }
    }

    /// The message the form describes, named `name`, or what is wrong.
    fn to_saved(self, name: String) -> Result<SavedMessage, String> {
        let optional = |text: String| Some(text.trim().to_owned()).filter(|text| !text.is_empty());
        let message_expiry = match optional(self.message_expiry.get()) {
            Some(text) => {
                Some(text.parse::<u32>().map_err(|_| format!("message expiry: {text:?} is not whole seconds"))?)
            }
            None => None,
        };
        let saved = SavedMessage {
            name,
            connection: self.connection.get(),
            topic: self.topic.get(),
            payload: self.payload.get(),
            format: self.format.get(),
            qos: self.qos.get(),
            retain: self.retain.get(),
            content_type: optional(self.content_type.get()),
            utf8_payload: self.utf8_payload.get(),
            response_topic: optional(self.response_topic.get()),
            correlation_data: optional(self.correlation_data.get()),
            user_properties: parse_user_properties(&self.user_properties.get())?,
            message_expiry,
        };
        saved.to_publish().map_err(|error| error.to_string())?;
        Ok(saved)
    }
}

/// The connection a message goes to: its own, or the first one.
fn connection_for(state: AppState, message: &SavedMessage) -> Option<String> {
    Some(message.connection.clone()).filter(|id| !id.is_empty()).or_else(|| {
        state
            .connections
            .with_untracked(|views| views.first().map(|view| view.profile.with_untracked(|profile| profile.id.clone())))
    })
}

/// What the panel shows about a publish: sent, then the broker's answer.
#[derive(Clone)]
struct Sent {
    connection: String,
    id: u64,
    qos: Qos,
    topic: String,
}

/// Publishes `message` and returns what to follow, or why it was not sent.
fn send(state: AppState, connections: Connections, message: &SavedMessage) -> Result<Sent, String> {
    let connection = connection_for(state, message).ok_or("there is no connection to publish on")?;
    let publish = message.to_publish().map_err(|error| error.to_string())?;
    let id = connections.publish(&connection, publish).map_err(|error| error.to_string())?;
    Ok(Sent { connection, id, qos: message.qos, topic: message.topic.clone() })
}

/// A form that publishes one message, and the saved messages.
#[component]
pub fn PublishPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let connections = expect_context::<Connections>();
    let draft = Draft::new();
    let save_name = RwSignal::new(String::new());
    let last = RwSignal::new(None::<Result<Sent, String>>);

    let topic_error = move || {
        let topic = draft.topic.get();
        (!topic.is_empty()).then(|| validate_topic_name(&topic).err().map(|error| error.to_string())).flatten()
    };
    let problem = move || {
        if draft.topic.get().is_empty() {
            return None;
        }
        draft.to_saved(String::new()).err()
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        last.set(Some(draft.to_saved(String::new()).and_then(|message| send(state, connections, &message))));
    };
    let save = move |_| {
        let name = save_name.get_untracked().trim().to_owned();
        if name.is_empty() {
            last.set(Some(Err("give the message a name to save it".into())));
            return;
        }
        match draft.to_saved(name) {
            Ok(message) => {
                state.saved_messages.update(|saved| {
                    saved.retain(|other| other.name != message.name);
                    saved.push(message);
                });
                state.settings_changed();
                save_name.set(String::new());
            }
            Err(error) => last.set(Some(Err(error))),
        }
    };
    let outcome = move || {
        last.get().map(|result| match result {
            Err(error) => (false, format!("not sent: {error}")),
            Ok(sent) => {
                let answer = state.connection(&sent.connection).map(|view| view.acks).and_then(|acks| {
                    acks.with(|acks| {
                        acks.iter().rev().find(|(id, _)| *id == sent.id).map(|(_, outcome)| outcome.clone())
                    })
                });
                let packet = if sent.qos == Qos::ExactlyOnce { "PUBCOMP" } else { "PUBACK" };
                match answer {
                    None if sent.qos == Qos::AtMostOnce => (true, format!("queued for {} (QoS 0)", sent.topic)),
                    None => (true, format!("sent to {}; waiting for {packet}…", sent.topic)),
                    Some(PublishOutcome::Sent) => (true, format!("sent to {} (QoS 0: no acknowledgement)", sent.topic)),
                    Some(PublishOutcome::Acknowledged(text)) => (true, format!("{packet} for {}: {text}", sent.topic)),
                    Some(PublishOutcome::Cancelled) => (true, format!("cancelled: nothing was sent to {}", sent.topic)),
                    Some(PublishOutcome::Refused(text)) => {
                        (false, format!("the broker refused the publish to {}: {text}", sent.topic))
                    }
                }
            }
        })
    };
    let connections = move || state.connection_choices();
    let payload_error = move || {
        let payload = draft.payload.get();
        crate::model::publish::encode_payload(draft.format.get(), &payload).err().filter(|_| !payload.is_empty())
    };

    view! {
        <section class="panel publish" aria-labelledby="publish-title">
            <h2 id="publish-title">"Publish"</h2>
            <SavedMessages last />
            <super::publish_queue::PublishQueue />
            <form on:submit=handler(submit)>
                {move || state.connections.with(|views| views.len() > 1).then(|| view! {
                    <label>
                        "Connection"
                        <select on:change=handler(move |event| draft.connection.set(event_target_value(&event))) prop:value=move || draft.connection.get()>
                            {move || connections().into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                        </select>
                    </label>
                })}
                <label>
                    "Topic"
                    <input type="text" name="topic" required autocomplete="off" spellcheck="false" placeholder="home/lamp/set"
                        bind:value=draft.topic aria-invalid=move || topic_error().is_some().to_string() />
                </label>
                {move || topic_error().map(|error| view! { <p class="field-error" role="alert">{error}</p> })}
                <label>
                    "Payload"
                    <textarea name="payload" rows="3" spellcheck="false" bind:value=draft.payload
                        aria-invalid=move || payload_error().is_some().to_string()></textarea>
                </label>
                {move || payload_error().map(|error| view! { <p class="field-error" role="alert">{error}</p> })}
                <div class="row">
                    <label>
                        "Format"
                        <select name="format" on:change=handler(move |event| {
                            if let Some(format) = PayloadFormat::from_name(&event_target_value(&event)) { draft.format.set(format) }
                        })>
                            <option value="text">"Text"</option>
                            <option value="json">"JSON"</option>
                            <option value="hex">"Hex"</option>
                        </select>
                    </label>
                    <label>
                        "QoS"
                        <select name="qos" on:change=handler(move |event| { if let Some(level) = Qos::parse_level(&event_target_value(&event)) { draft.qos.set(level) } })>
                            <option value="0">"0 · at most once"</option>
                            <option value="1">"1 · at least once"</option>
                            <option value="2">"2 · exactly once"</option>
                        </select>
                    </label>
                    <label class="checkbox">
                        <input type="checkbox" name="retain" bind:checked=draft.retain />
                        "Retain"
                    </label>
                </div>
                <details class="properties">
                    <summary>"MQTT 5.0 properties"</summary>
                    <label>"Content type" <input type="text" bind:value=draft.content_type placeholder="application/json" autocomplete="off" /></label>
                    <label class="checkbox"><input type="checkbox" bind:checked=draft.utf8_payload />"Marked as UTF-8 text"</label>
                    <label>"Response topic" <input type="text" bind:value=draft.response_topic placeholder="lab/replies" autocomplete="off" spellcheck="false" /></label>
                    <label>"Correlation data" <input type="text" bind:value=draft.correlation_data autocomplete="off" spellcheck="false" /></label>
                    <label>"User properties (one name=value per line)"
                        <textarea rows="2" bind:value=draft.user_properties spellcheck="false" placeholder="site=lab"></textarea>
                    </label>
                    <label>"Message expiry (s)" <input type="text" inputmode="numeric" bind:value=draft.message_expiry autocomplete="off" /></label>
                </details>
                {move || problem().filter(|_| topic_error().is_none() && payload_error().is_none())
                    .map(|error| view! { <p class="field-error" role="alert">{error}</p> })}
                <button type="submit" class="primary" aria-label="Publish message">"Publish"</button>
                <div class="save-row">
                    <label>"Save as" <input type="text" bind:value=save_name placeholder="Ring the bell" autocomplete="off" /></label>
                    <button type="button" on:click=handler(save)>"Save message"</button>
                </div>
                {move || outcome().map(|(ok, text)| if ok {
                    view! { <p class="result ok" role="status">{text}</p> }.into_any()
                } else {
                    view! { <p class="result error" role="alert">{text}</p> }.into_any()
                })}
            </form>
        </section>
    }
}

/// The saved messages as one-tap buttons, each with a way to forget it.
#[component]
fn SavedMessages(last: RwSignal<Option<Result<Sent, String>>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let connections = expect_context::<Connections>();
    let any_saved = crate::reactive::memo(move || state.saved_messages.with(|saved| !saved.is_empty()));
    view! {
        {move || any_saved.get().then(|| view! {
            <ul class="saved-messages" aria-label="Saved messages">
                {move || state.saved_messages.get().into_iter().map(|message|
                    {
                        let name = message.name.clone();
                        let send_message = message.clone();
                        view! {
                            <li>
                                <button type="button" class="secondary" title=message.topic.clone()
                                    on:click=handler(move |_| last.set(Some(send(state, connections, &send_message))))>{message.name.clone()}</button>
                                <button type="button" class="icon" aria-label=format!("Forget {name}") on:click=handler(move |_| {
                                    state.saved_messages.update(|saved| saved.retain(|other| other.name != name));
                                    state.settings_changed();
                                })>"×"</button>
                            </li>
                        }
                    }).collect_view()}
            </ul>
        })}
    }
}
