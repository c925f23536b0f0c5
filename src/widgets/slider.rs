//! Slider: publishes a number from `min`…`max`. While dragging it publishes
//! at most once per `throttle_ms` (250 ms: four a second), and the final
//! value on release, so a motor is never flooded. With a state topic it
//! stays disabled until the real state arrives, so it never publishes a
//! default the device did not have. With a `response_topic` (MQTT 5.0)
//! the card shows the correlated response to each value; a failure puts
//! the device's value back.

use crate::reactive::handler;
use leptos::prelude::*;

use super::command::{response_note, send_command, Command, Outcome};
use super::{formatted, Binding};
use crate::model::dashboard::DEFAULT_SLIDER_THROTTLE_MS;
use crate::model::value::{format_number, Reading};
use crate::model::Widget;
use crate::web::clock::now_ms;

/// The slider widget.
#[component]
pub fn Slider(widget: Widget, binding: Binding) -> impl IntoView {
    let (min, max) = widget.range();
    let step = widget.step.unwrap_or(1.0);
    let throttle_ms = f64::from(widget.throttle_ms.unwrap_or(DEFAULT_SLIDER_THROTTLE_MS));
    let waits_for_state = widget.topic.is_some();
    // The value under the user's thumb, from the first move until the state catches up.
    let local = RwSignal::new(None::<f64>);
    let last_sent = StoredValue::new((f64::NEG_INFINITY, None::<f64>));
    let note = RwSignal::new(None::<String>);
    // A state message after release shows the device's value again.
    crate::reactive::effect(move || {
        binding.sample.track();
        if last_sent.with_value(|(at, _)| now_ms() - at > throttle_ms) {
            local.set(None);
        }
    });
    let value = move || local.get().or_else(|| binding.number());
    let disabled = move || !binding.connected.get() || (waits_for_state && value().is_none());
    let widget_for_send = widget.clone();
    let asks_first = widget.confirm;
    let send = move |value: f64| {
        let payload = format_number(value, widget_for_send.decimals);
        let question = format!(
            "Set {} to {}?",
            widget_for_send.display_title(),
            formatted(&widget_for_send, Some(&Reading::Number(value)))
        );
        // Counted as sent while the question is open, so a drag asks once.
        last_sent.set_value((now_ms(), Some(value)));
        send_command(&binding, &widget_for_send, Command { payload, question, action: "Set" }, move |outcome| {
            match outcome {
                Outcome::Sent { .. } => note.set(None),
                Outcome::Answered(response) => {
                    // A failure shows the device's value again.
                    if response.failed && last_sent.with_value(|(_, sent)| *sent == Some(value)) {
                        local.set(None);
                    }
                    note.set(Some(response_note(&response)));
                }
                Outcome::NotSent(error) => note.set(Some(format!("not sent: {error}"))),
            }
        });
    };
    let on_input = {
        let send = send.clone();
        move |event: leptos::ev::Event| {
            let Some(value) = model::number::parse_number(&event_target_value(&event)) else { return };
            local.set(Some(value));
            // A slider that asks first asks once, at the release.
            if !asks_first && last_sent.with_value(|(at, _)| now_ms() - at >= throttle_ms) {
                send(value);
            }
        }
    };
    let on_change = move |event: leptos::ev::Event| {
        let Some(value) = model::number::parse_number(&event_target_value(&event)) else { return };
        local.set(Some(value));
        if last_sent.with_value(|(_, sent)| *sent != Some(value)) {
            send(value);
        }
    };
    let label = widget.display_title();
    let shown = move || match value() {
        Some(value) => formatted(&widget, Some(&Reading::Number(value))),
        None => "waiting for the device's state…".to_owned(),
    };
    view! {
        <div class="slider">
            <output class="slider-value">{shown}</output>
            <input type="range" aria-label=label min=min max=max step=step
                prop:value=move || value().unwrap_or(min).to_string() prop:disabled=disabled
                on:input=handler(on_input) on:change=handler(on_change) />
            <p class="widget-note" role="status">{move || note.get()}</p>
        </div>
    }
}
