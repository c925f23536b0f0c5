//! Button: publishes a fixed payload on press (QoS and retain from the
//! widget), after asking when `confirm` is set, and says what happened.
//! With a `response_topic` (MQTT 5.0) it shows pending until the
//! correlated response arrives, then the response's text, or says that
//! none came within `confirm_timeout_s`.

use crate::reactive::handler;
use leptos::prelude::*;

use super::command::{response_note, send_command, Awaited, Command, Outcome};
use super::Binding;
use crate::model::dashboard::DEFAULT_CONFIRM_TIMEOUT_S;
use crate::model::Widget;

/// The button widget.
#[component]
pub fn Button(widget: Widget, binding: Binding) -> impl IntoView {
    let awaited = Awaited::<()>::default();
    let payload = widget.payload.clone().unwrap_or_default();
    let label = widget.title.clone().unwrap_or_else(|| format!("Send {payload:?}"));
    let title = widget.display_title();
    let timeout_s = widget.confirm_timeout_s.unwrap_or(DEFAULT_CONFIRM_TIMEOUT_S);
    let press = move |_| {
        let command = Command { payload: payload.clone(), question: format!("Press “{title}”?"), action: "Send" };
        let sent = payload.clone();
        send_command(&binding, &widget, command, move |outcome| match outcome {
            Outcome::Sent { awaits_response: true } => {
                awaited.start((), timeout_s, "response");
                awaited.note.set(Some(format!("sent {sent:?}; waiting for the response…")));
            }
            Outcome::Sent { awaits_response: false } => awaited.note.set(Some(format!("sent {sent:?}"))),
            Outcome::Answered(response) if awaited.is_waiting() => awaited.settle(Some(response_note(&response))),
            Outcome::Answered(_) => {}
            Outcome::NotSent(error) => awaited.note.set(Some(format!("not sent: {error}"))),
        });
    };
    view! {
        <button type="button" class="primary widget-button" disabled=move || !binding.connected.get()
            data-pending=move || awaited.target.with(Option::is_some).to_string() on:click=handler(press)>{label}</button>
        <p class="widget-note" role="status">{move || awaited.note.get()}</p>
    }
}
