//! What the widget form offers as the user types: the topics seen on the
//! widget's connection (each with its last value), and the fields of the
//! last payload on the chosen topic as JSON paths. Both are `<datalist>`s,
//! so the browser filters and the user may still type anything.

use leptos::prelude::*;

use crate::client::Connections;
use crate::model::payload_view::{json_document, json_fields};

/// Topics offered at once; the browser narrows them further as the user types.
const TOPICS_OFFERED: usize = 200;
/// JSON fields offered.
const FIELDS_OFFERED: usize = 100;

/// The id of the topic list, for `list=` on every topic field of the form.
pub(super) const TOPIC_LIST_ID: &str = "widget-form-topics";
/// The id of the JSON path list.
pub(super) const PATH_LIST_ID: &str = "widget-form-paths";

/// Topics seen on `connection` that match `typed`, with their last payload.
#[component]
pub(super) fn TopicSuggestions(connection: Signal<String>, typed: Signal<String>) -> impl IntoView {
    let connections = expect_context::<Connections>();
    let topics = crate::reactive::memo(move || {
        let typed = typed.get();
        connections.with_tree(&connection.get(), |tree| tree.suggest_topics(&typed, TOPICS_OFFERED))
    });
    view! {
        <datalist id=TOPIC_LIST_ID>
            {move || topics.get().into_iter().map(|(topic, last)| view! { <option value=topic label=last></option> }).collect_view()}
        </datalist>
    }
}

/// The fields of the last payload on `topic`, as JSON paths with their values.
#[component]
pub(super) fn PathSuggestions(connection: Signal<String>, topic: Signal<String>) -> impl IntoView {
    let connections = expect_context::<Connections>();
    let fields = crate::reactive::memo(move || {
        let topic = topic.get();
        connections.with_tree(&connection.get(), |tree| {
            tree.detail(topic.trim(), 0)
                .and_then(|detail| detail.last)
                .and_then(|last| json_document(&last.payload))
                .map(|document| json_fields(&document, FIELDS_OFFERED))
                .unwrap_or_default()
        })
    });
    view! {
        <datalist id=PATH_LIST_ID>
            {move || fields.get().into_iter().map(|(path, value)| view! { <option value=path label=value></option> }).collect_view()}
        </datalist>
    }
}
