//! A payload shown as text, JSON (each scalar a button that picks its
//! path), hex or base64, at most [`VIEW_BYTES`] of it.

use crate::reactive::handler;
use leptos::prelude::*;
use serde_json::Value;

use super::PayloadView;
use crate::model::payload_view::{hex_dump, json_document, VIEW_BYTES};
use crate::model::share::base64_encode;
use crate::model::value::PathStep;
use crate::model::JsonPath;

/// JSON values the field picker renders before it stops.
const JSON_NODES_SHOWN: usize = 2000;

/// The payload in the chosen view, at most [`VIEW_BYTES`] of it.
pub(super) fn payload_body(payload: &[u8], view: PayloadView, picked: RwSignal<Option<JsonPath>>) -> AnyView {
    let shown = &payload[..payload.len().min(VIEW_BYTES)];
    let cut_note = (payload.len() > VIEW_BYTES)
        .then(|| view! { <p class="hint">{format!("Showing the first {VIEW_BYTES} of {} bytes.", payload.len())}</p> });
    let body = match view {
        PayloadView::Json => match json_document(payload) {
            Some(value) => {
                let mut budget = JSON_NODES_SHOWN;
                view! { <div class="json-view">{json_view(&value, JsonPath::default(), None, &mut budget, picked)}</div> }.into_any()
            }
            None => view! { <p class="field-error">"This payload is not JSON."</p> }.into_any(),
        },
        PayloadView::Text => {
            view! { <pre class="payload">{String::from_utf8_lossy(shown).into_owned()}</pre> }.into_any()
        }
        PayloadView::Hex => view! { <pre class="payload">{hex_dump(shown)}</pre> }.into_any(),
        PayloadView::Base64 => view! { <pre class="payload">{base64_encode(shown)}</pre> }.into_any(),
    };
    view! { {cut_note} {body} }.into_any()
}

/// A JSON value with each scalar a button that picks its path.
pub(super) fn json_view(
    value: &Value,
    path: JsonPath,
    key: Option<String>,
    budget: &mut usize,
    picked: RwSignal<Option<JsonPath>>,
) -> AnyView {
    if *budget == 0 {
        return view! { <div class="json-more">"… (more not shown)"</div> }.into_any();
    }
    *budget -= 1;
    let label = key.map(|key| view! { <span class="json-key">{key}": "</span> });
    match value {
        Value::Object(members) => {
            let children: Vec<AnyView> = members
                .iter()
                .map(|(name, child)| {
                    json_view(child, path.child(PathStep::Key(name.clone())), Some(format!("{name:?}")), budget, picked)
                })
                .collect();
            view! { <div class="json-node">{label}"{"<div class="json-children">{children}</div>"}"</div> }.into_any()
        }
        Value::Array(items) => {
            let children: Vec<AnyView> = items
                .iter()
                .enumerate()
                .map(|(index, child)| {
                    json_view(child, path.child(PathStep::Index(index)), Some(index.to_string()), budget, picked)
                })
                .collect();
            view! { <div class="json-node">{label}"["<div class="json-children">{children}</div>"]"</div> }.into_any()
        }
        scalar => {
            let text = scalar.to_string();
            match path.to_text() {
                Some(path_text) => {
                    let is_picked = {
                        let path = path.clone();
                        move || picked.with(|picked| picked.as_ref() == Some(&path))
                    };
                    view! {
                        <div class="json-node">{label}
                            <button type="button" class="json-value" aria-pressed=move || is_picked().to_string() data-path=path_text.clone()
                                title=format!("Pick {path_text}")
                                on:pointerdown=handler({
                                    // At once: the stream may replace this element before the click completes.
                                    let path = path.clone();
                                    move |_| picked.set(Some(path.clone()))
                                })
                                on:click=handler(move |_| picked.set(Some(path.clone())))>{text}</button>
                        </div>
                    }
                    .into_any()
                }
                None => view! { <div class="json-node">{label}<span class="json-value">{text}</span></div> }.into_any(),
            }
        }
    }
}
