//! Button: publishes a fixed payload on press (QoS and retain from the
//! widget), after asking when `confirm` is set, and says what happened.

use leptos::prelude::*;

use super::{send_command, Binding, Command};
use crate::model::Widget;

/// The button widget.
#[component]
pub fn Button(widget: Widget, binding: Binding) -> impl IntoView {
    let result = RwSignal::new(None::<String>);
    let payload = widget.payload.clone().unwrap_or_default();
    let label = widget.title.clone().unwrap_or_else(|| format!("Send {payload:?}"));
    let title = widget.display_title();
    let press = move |_| {
        let command = Command { payload: payload.clone(), question: format!("Press “{title}”?"), action: "Send" };
        let sent = payload.clone();
        send_command(&binding, &widget, command, move |outcome| {
            result.set(Some(match outcome {
                Ok(()) => format!("sent {sent:?}"),
                Err(error) => format!("not sent: {error}"),
            }))
        });
    };
    view! {
        <button type="button" class="primary widget-button" disabled=move || !binding.connected.get() on:click=press>{label}</button>
        <p class="widget-note" role="status">{move || result.get()}</p>
    }
}
