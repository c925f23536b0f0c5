//! The selected topic's pane: its last message in the chosen view, the
//! message's flags and MQTT 5.0 properties, its history, pin as widget and
//! deletion of retained messages.

use crate::reactive::handler;
use leptos::prelude::*;

use super::history::{History, Sparkline};
use super::payload::payload_body;
use super::sys_panel::definitions;
use super::{PayloadView, Snapshot};
use crate::client::Connections;
use crate::dialog::{Choice, Dialogs};
use crate::model::dashboard_edit::unique_name;
use crate::model::payload_view::{json_document, readable_bytes};
use crate::model::pin::{pinned_widget, suggest_widget_kind, PinSource};
use crate::model::topic_tree::{history_csv, history_json_lines, TopicMessage};
use crate::model::{JsonPath, WidgetKind};
use crate::state::AppState;
use crate::web::clock::clock_time;

/// The selected topic: last message, properties, history, actions.
#[component]
pub(super) fn DetailPane(snapshot: RwSignal<Snapshot>, connection: RwSignal<String>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let connections = expect_context::<Connections>();
    let dialogs = expect_context::<Dialogs>();
    let payload_view = RwSignal::new(PayloadView::Text);
    let picked = RwSignal::new(None::<JsonPath>);
    let detail = crate::reactive::memo(move || snapshot.with(|snapshot| snapshot.detail.clone()));
    // A new topic starts with the whole payload and the JSON view when it is JSON.
    Effect::new(move |previous: Option<Option<String>>| {
        let topic = detail.with(|detail| detail.as_ref().map(|detail| detail.topic.clone()));
        if previous.as_ref() != Some(&topic) {
            picked.set(None);
            let is_json = detail.with_untracked(|detail| {
                detail
                    .as_ref()
                    .and_then(|detail| detail.last.as_ref())
                    .is_some_and(|last| json_document(&last.payload).is_some())
            });
            payload_view.set(if is_json { PayloadView::Json } else { PayloadView::Text });
        }
        topic
    });

    let pin_kind = RwSignal::new(WidgetKind::Gauge);
    // Suggested when the topic or the picked field changes, not on every
    // message: a kind the user chose stays while the topic streams.
    Effect::new(move |previous: Option<(Option<String>, bool, Option<JsonPath>)>| {
        let (topic, has_message) = detail.with(|detail| {
            (
                detail.as_ref().map(|detail| detail.topic.clone()),
                detail.as_ref().is_some_and(|detail| detail.last.is_some()),
            )
        });
        let key = (topic, has_message, picked.get());
        if previous.as_ref() != Some(&key) {
            let suggestion = detail.with_untracked(|detail| {
                detail
                    .as_ref()
                    .and_then(|detail| detail.last.as_ref())
                    .map(|last| suggest_widget_kind(&last.payload, key.2.as_ref()))
            });
            pin_kind.set(suggestion.unwrap_or(WidgetKind::Text));
        }
        key
    });
    let pin = move |_| {
        let Some(detail) = detail.get_untracked() else { return };
        let payload = detail.last.as_ref().map(|last| last.payload.clone()).unwrap_or_default();
        let path_text = picked.get_untracked().and_then(|path| path.to_text()).filter(|text| text != "$");
        let kind = pin_kind.get_untracked();
        let taken: Vec<String> = state.dashboards.with_untracked(|all| {
            all.iter().flat_map(|dashboard| dashboard.widgets.iter().map(|widget| widget.id.clone())).collect()
        });
        let id = unique_name("pinned", &taken);
        let earlier: Vec<&[u8]> = detail.history.iter().map(|entry| &entry.preview[..]).collect();
        let connection = connection.get_untracked();
        let source = PinSource {
            connection: &connection,
            topic: &detail.topic,
            value_path: path_text.as_deref(),
            payload: &payload,
            earlier: &earlier,
        };
        let widget = pinned_widget(id.clone(), kind, source);
        let title = state.place_widget(widget);
        state.highlight.set(Some(id));
        let field = path_text.map(|path| format!(" ({path})")).unwrap_or_default();
        state.info.set(Some(format!(
            "Pinned a {} for {}{field} to the dashboard \"{title}\".",
            kind.as_str(),
            detail.topic
        )));
    };

    let delete_retained = move |topics: Vec<String>| {
        let connection = connection.get_untracked();
        let mut failures = Vec::new();
        for topic in &topics {
            let publish = mqtt::Publish {
                retain: true,
                qos: mqtt::QoS::AtLeastOnce,
                ..mqtt::Publish::new(topic.clone(), Vec::new())
            };
            if let Err(error) = connections.publish(&connection, publish) {
                failures.push(format!("{topic}: {error}"));
            }
        }
        if failures.is_empty() {
            state.info.set(Some(match topics.as_slice() {
                [one] => format!("Deleted the retained message of {one}."),
                many => format!("Deleted the retained messages of {} topics.", many.len()),
            }));
        } else {
            state.notice.set(Some(format!("Could not delete every retained message: {}", failures.join("; "))));
        }
    };
    // Offered for any selected topic: the broker may hold a retained
    // message the page never saw (it subscribed after, or the message came
    // before a clean session); deleting an absent one is harmless.
    let delete_one = move |_| {
        let Some(topic) = detail.with_untracked(|detail| detail.as_ref().map(|detail| detail.topic.clone())) else {
            return;
        };
        let question = format!("Delete the retained message of {topic}?");
        let detail = "This publishes an empty retained message to it, and the broker then forgets what it held.";
        dialogs.confirm(
            question,
            Some(detail.to_owned()),
            Choice::new("Delete", move || delete_retained(vec![topic.clone()])).danger(),
        );
    };
    let delete_subtree = move |_| {
        let Some(topic) = detail.with_untracked(|detail| detail.as_ref().map(|detail| detail.topic.clone())) else {
            return;
        };
        let topics = connections.with_tree(&connection.get_untracked(), |tree| tree.retained_under(&topic));
        let listed: Vec<&str> = topics.iter().take(10).map(String::as_str).collect();
        let more = topics.len().saturating_sub(listed.len());
        let question = match topics.len() {
            1 => format!("Delete 1 retained message at or under {topic}?"),
            count => format!("Delete {count} retained messages at or under {topic}?"),
        };
        let detail =
            format!("{}{}", listed.join(", "), if more > 0 { format!(" and {more} more") } else { String::new() });
        dialogs.confirm(
            question,
            Some(detail),
            Choice::new("Delete", move || delete_retained(topics.clone())).danger(),
        );
    };
    let retained_here = move || {
        detail.with(|detail| {
            detail
                .as_ref()
                .and_then(|detail| detail.last.as_ref())
                .is_some_and(|last| last.retain && !last.payload.is_empty())
        })
    };
    let retained_below = move || snapshot.with(|snapshot| snapshot.retained_under_selection);

    // The parts that change with the stream are rebuilt on their own; the
    // tabs and actions stay, so a tap between two refreshes is never lost.
    let topic = crate::reactive::memo(move || {
        detail.with(|detail| detail.as_ref().map(|detail| detail.topic.clone()).unwrap_or_default())
    });
    let counts = move || {
        detail.with(|detail| {
            detail.as_ref().map(|detail| {
                format!(
                    "{} on this topic, {} at or under it",
                    crate::model::counted(detail.own_count, "message", "messages"),
                    detail.subtree_count
                )
            })
        })
    };
    let last =
        crate::reactive::memo(move || detail.with(|detail| detail.as_ref().and_then(|detail| detail.last.clone())));
    let history = crate::reactive::memo(move || {
        detail.with(|detail| detail.as_ref().map(|detail| detail.history.clone()).unwrap_or_default())
    });
    let is_json = crate::reactive::memo(move || {
        last.with(|last| last.as_ref().is_some_and(|last| json_document(&last.payload).is_some()))
    });
    let tab = move |view: PayloadView, label: &'static str| {
        view! {
            <button type="button" aria-pressed=move || (payload_view.get() == view).to_string()
                disabled=move || view == PayloadView::Json && !is_json.get() on:click=handler(move |_| payload_view.set(view))>{label}</button>
        }
    };
    let has_message = crate::reactive::memo(move || last.with(Option::is_some));
    // The history message whose changes are shown (None: the newest).
    let compared = RwSignal::new(None::<u64>);
    // Everything the page holds on the topic, not only the rows on show.
    let export = Callback::new(move |json_lines: bool| {
        let topic = topic.get_untracked();
        let held = connections.with_tree(&connection.get_untracked(), |tree| tree.detail(&topic, usize::MAX));
        let history = held.map(|detail| detail.history).unwrap_or_default();
        let origin = crate::web::clock::wall_origin_ms();
        let name = topic.replace(['/', '+', '#'], "_");
        let written = if json_lines {
            crate::web::download(&format!("{name}.jsonl"), &history_json_lines(&topic, &history, origin))
        } else {
            crate::web::download(&format!("{name}.csv"), &history_csv(&history, origin))
        };
        if let Err(error) = written {
            state.notice.set(Some(format!("The export of {topic} failed: {error}")));
        }
    });
    let retained_under = crate::reactive::memo(move || retained_below() > usize::from(retained_here()));
    let picked_text = move || picked.get().and_then(|path| path.to_text()).filter(|text| text != "$");

    view! {
        <div class="topic-detail" aria-live="off">
            <h3 class="detail-topic" data-selected-topic=move || topic.get()>{move || topic.get()}</h3>
            <p class="hint">{counts}</p>
            {move || if !has_message.get() {
                view! { <p class="empty">"No message on this very topic; select one below it."</p> }.into_any()
            } else { view! {
                {move || last.get().map(|last| view! { <MessageMeta last /> })}
                <div class="segmented" role="group" aria-label="Payload view">
                    {tab(PayloadView::Text, "Text")}
                    {tab(PayloadView::Json, "JSON")}
                    {tab(PayloadView::Hex, "Hex")}
                    {tab(PayloadView::Base64, "Base64")}
                </div>
                {move || picked_text().map(|path| view! {
                    <p class="picked">"Field " <code data-picked-path=path.clone()>{path.clone()}</code>
                        <button type="button" on:click=handler(move |_| picked.set(None))>"Use the whole payload"</button></p>
                })}
                <div class="detail-actions pin-actions">
                    <label>"Widget kind"
                        <select on:change=handler(move |event| if let Some(kind) = WidgetKind::from_name(&event_target_value(&event)) { pin_kind.set(kind) })
                            prop:value=move || pin_kind.get().as_str()>
                            // Every kind a topic can feed (a button publishes only).
                            {WidgetKind::ALL.into_iter().filter(|kind| *kind != WidgetKind::Button)
                                .map(|kind| view! { <option value=kind.as_str()>{kind.as_str()}</option> }).collect_view()}
                        </select>
                    </label>
                    <button type="button" class="primary" on:click=handler(pin)>
                        {move || match picked.get().and_then(|path| path.to_text()).filter(|text| text != "$") {
                            Some(path) => format!("Pin {path} as widget"),
                            None => "Pin as widget".to_owned(),
                        }}
                    </button>
                </div>
                {move || last.get().map(|last| payload_body(&last.payload, payload_view.get(), picked))}
                {move || last.get().map(|last| view! { <Properties properties=last.properties.map(|properties| *properties).unwrap_or_default() /> })}
            }.into_any() }}
            {move || view! { <Sparkline history=history.get() picked /> }}
            <History history compared export />
            <div class="detail-actions">
                <button type="button" class="danger" on:click=handler(delete_one)>"Delete retained message"</button>
                {move || retained_under.get().then(|| view! {
                    <button type="button" class="danger" on:click=handler(delete_subtree)>
                        {move || match retained_below() {
                            1 => "Delete 1 retained message under this topic".to_owned(),
                            count => format!("Delete {count} retained messages under this topic"),
                        }}
                    </button>
                })}
            </div>
        </div>
    }
}

/// QoS, retain, arrival and size of the last message.
#[component]
pub(super) fn MessageMeta(last: TopicMessage) -> impl IntoView {
    let retained = match (last.retain, last.payload.is_empty()) {
        (true, true) => "deleted (empty retained message)",
        (true, false) => "yes",
        (false, _) => "no",
    };
    definitions(
        "message-meta",
        vec![
            ("QoS", "qos", last.qos.to_string()),
            ("Retained", "retained", retained.to_owned()),
            ("Arrived", "arrived", clock_time(last.at_ms)),
            ("Size", "size", format!("{} bytes", last.payload.len())),
        ],
    )
}

/// The MQTT 5.0 properties of a message, those present.
#[component]
pub(super) fn Properties(properties: mqtt::Properties) -> impl IntoView {
    let mut rows: Vec<(&'static str, &'static str, String)> = Vec::new();
    if let Some(content_type) = &properties.content_type {
        rows.push(("Content type", "content-type", content_type.clone()));
    }
    if let Some(utf8) = properties.payload_format_indicator {
        rows.push((
            "Payload format",
            "payload-format",
            if utf8 { "UTF-8 text".into() } else { "unspecified bytes".into() },
        ));
    }
    if let Some(topic) = &properties.response_topic {
        rows.push(("Response topic", "response-topic", topic.clone()));
    }
    if let Some(data) = &properties.correlation_data {
        rows.push(("Correlation data", "correlation-data", readable_bytes(data)));
    }
    if let Some(expiry) = properties.message_expiry_interval {
        rows.push(("Message expiry", "message-expiry", format!("{expiry} s")));
    }
    if !properties.subscription_identifiers.is_empty() {
        let ids: Vec<String> = properties.subscription_identifiers.iter().map(u32::to_string).collect();
        rows.push(("Subscription identifiers", "subscription-identifiers", ids.join(", ")));
    }
    let user_properties = properties.user_properties;
    view! {
        <h4>"MQTT 5.0 properties"</h4>
        {(rows.is_empty() && user_properties.is_empty()).then(|| view! { <p class="hint">"None (or an MQTT 3.1.1 connection)."</p> })}
        {definitions("message-properties", rows)}
        {(!user_properties.is_empty()).then(|| view! {
            <table class="user-properties">
                <caption>"User properties"</caption>
                <thead><tr><th scope="col">"Name"</th><th scope="col">"Value"</th></tr></thead>
                <tbody>
                    {user_properties.into_iter().map(|(name, value)| view! { <tr><td>{name}</td><td>{value}</td></tr> }).collect_view()}
                </tbody>
            </table>
        })}
    }
}
