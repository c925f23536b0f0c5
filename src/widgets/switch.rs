//! Switch: on/off with a state topic and a command topic, confirmed by
//! the device like every [`Confirmed`] control.

use crate::reactive::handler;
use leptos::prelude::*;

use super::command::Command;
use super::confirmed::Confirmed;
use super::Binding;
use crate::model::value::Reading;
use crate::model::Widget;

/// The switch widget.
#[component]
pub fn Switch(widget: Widget, binding: Binding) -> impl IntoView {
    let on_payload = widget.on_payload().to_owned();
    let off_payload = widget.off_payload().to_owned();
    let reported = Memo::new({
        let (on_payload, off_payload) = (on_payload.clone(), off_payload.clone());
        move |_| {
            binding.reading.with(|reading| {
                let text = reading.as_ref().map(Reading::display_text)?;
                let state = if text == on_payload { "on" } else { (text == off_payload).then_some("off")? };
                Some(state.to_owned())
            })
        }
    });
    let control = Confirmed::new(binding, &widget, reported, str::to_owned);
    let (shown, pending) = (control.shown, control.pending);
    let is_on = move || shown.with(|shown| shown.as_deref() == Some("on"));
    let label = widget.display_title();
    let title = label.clone();
    let press = {
        let control = control.clone();
        move |_| {
            let target = !is_on();
            let payload = if target { &on_payload } else { &off_payload };
            let verb = if target { "Turn on" } else { "Turn off" };
            let command = Command { payload: payload.clone(), question: format!("{verb} {title}?"), action: verb };
            control.send(if target { "on" } else { "off" }.to_owned(), command);
        }
    };
    let state_text = move || match pending.get() {
        Some(target) => format!("turning {target}…"),
        None => shown.get().unwrap_or_else(|| "unknown".to_owned()),
    };
    view! {
        <button type="button" class="switch" role="switch" aria-label=label
            aria-checked=move || is_on().to_string()
            data-pending=control.pending_text()
            data-state=move || shown.get().unwrap_or_else(|| "unknown".to_owned())
            disabled=move || !binding.connected.get() on:click=handler(press)>
            <span class="switch-track" aria-hidden="true"><span class="switch-thumb"></span></span>
            <span class="switch-text">{state_text}</span>
        </button>
        {control.note_view()}
    }
}
